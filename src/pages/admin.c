/* /admin, /domains and /holidays: what the coalition lead manages besides schools and
   accounts. Domains can be added, renamed and reordered but not deleted (reports and load
   files refer to their codes). Adding or deleting a holiday regenerates every activity's
   sessions in the same transaction (domain/settings.c). */
#include <stdio.h>
#include <string.h>

#include "domain/offer/domains_holidays.h"
#include "domain/offer/domains_read.h"
#include "domain/offer/schools_read.h"
#include "domain/people/users_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "app.h"
#include "domain/people/privacy.h"
#include "domain/quality/plans_read.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static const struct field domain_add_fields[] = {
    {.name = "code", .label = "Code", .type = FIELD_KEY, .required = true,
     .max_len = DOMAIN_CODE_MAX},
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = DOMAIN_NAME_MAX},
};

static const struct field domain_edit_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = DOMAIN_NAME_MAX},
    {.name = "position", .label = "Plaats in de volgorde", .type = FIELD_INT, .required = true,
     .min = 1, .max = DOMAIN_POSITION_MAX},
};

static const struct field holiday_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = HOLIDAY_NAME_MAX},
    {.name = "from", .label = "Eerste dag", .type = FIELD_DATE, .required = true},
    {.name = "to", .label = "Laatste dag", .type = FIELD_DATE, .required = true},
};

/* ---- /admin --------------------------------------------------------------------------------- */

static json_t *admin_link(const char *href, const char *label, const char *description,
                          json_int_t count, const char *unit)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:s}", "href", href, "label", label, "description",
                     description, "count", count, "unit", unit);
}

/* What the index counts: schools, domains, holidays and active accounts. */
struct admin_counts {
    int64_t schools, domains, holidays, accounts;
};

/* The counts into *c: 0, or -1 when a read failed. */
static int admin_counts_read(struct req *r, struct admin_counts *c)
{
    return read_schools_count(r->db, &c->schools) < 0 ||
                   read_domains_count(r->db, &c->domains) < 0 ||
                   read_holidays_count(r->db, &c->holidays) < 0 ||
                   read_active_accounts_count(r->db, &c->accounts) < 0
               ? -1
               : 0;
}

int page_admin(struct req *r)
{
    struct admin_counts c;
    json_t *coalition = NULL;
    int found = read_coalition(r->db, &coalition);
    if (found < 0 || admin_counts_read(r, &c)) {
        json_decref(coalition);
        return page_failed(r);
    }
    if (!found) /* nothing loaded yet */
        coalition = json_pack("{s:s, s:s}", "name", "", "city", "");
    json_t *links = json_pack(
        "[o, o, o, o]",
        admin_link("/schools", "Scholen", "Locaties toevoegen en wijzigen, met hun kerncijfers.",
                   c.schools, "scholen"),
        admin_link("/domains", "Domeinen",
                   "De ontwikkelgebieden waarin activiteiten vallen: namen en volgorde.",
                   c.domains, "domeinen"),
        admin_link("/holidays", "Vakanties",
                   "Vakanties waarin geen bijeenkomsten zijn; het rooster volgt vanzelf.",
                   c.holidays, "vakanties"),
        admin_link("/accounts", "Accounts",
                   "Wie mag inloggen: coalitieleiding, coördinatoren, uitvoerders en ouders.",
                   c.accounts, "actieve accounts"));
    /* issue 15: the activity plan's questions (pages/plans.c) */
    json_t *questions = read_plan_questions(r->db);
    if (!questions) {
        json_decref(links);
        json_decref(coalition);
        return page_failed(r);
    }
    json_array_append_new(
        links, admin_link("/plan-questions", "Activiteitenplan",
                          "De kwaliteitsvragen die coördinatoren per activiteit beantwoorden.",
                          (json_int_t)json_array_size(questions), "vragen"));
    json_decref(questions);
    json_t *model = json_pack("{s:s, s:o, s:o, s:i}", "title", "Beheer", "coalition", coalition,
                              "links", links, "purge_days", r->app->cfg.purge_after_days);
    json_t *purge = NULL;
    if (read_last_purge(r->db, &purge) < 0) {
        json_decref(model);
        return page_failed(r);
    }
    if (purge)
        json_object_set_new(purge, "at_label",
                            json_string(when_moment(r, json_string_value(
                                                           json_object_get(purge, "at")))));
    json_object_set_new(model, "purge", purge ? purge : json_null());
    return render(r, 200, "admin/index", model);
}

/* ---- domains -------------------------------------------------------------------------------- */

/* Every domain in order with the number of activities in it (read_domains_in_use);
   `editing` marks edit_id. New reference; NULL on a database error. */
static json_t *domains_query(struct req *r, int64_t edit_id)
{
    json_t *list = read_domains_in_use(r->db);
    size_t i;
    json_t *d;
    json_array_foreach (list, i, d)
        json_object_set_new(d, "editing",
                            json_boolean(json_integer_value(json_object_get(d, "id")) == edit_id));
    return list;
}

/* The domain with this id from list (borrowed), or NULL. */
static json_t *domain_in(json_t *list, int64_t id)
{
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        if (json_integer_value(json_object_get(d, "id")) == id)
            return d;
    }
    return NULL;
}

/* The error summary of the edit form: fields renamed to the form's ids ("edit-name"). */
static json_t *edit_error_list(json_t *errors)
{
    json_t *list = form_error_list(domain_edit_fields, FIELDS_N(domain_edit_fields), errors);
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
        json_object_set_new(item, "field", json_sprintf("edit-%s", json_string_value(
                                                                   json_object_get(item, "field"))));
    return list;
}

/* The domains page. add_values/add_errors: the add form (stolen; NULL = empty). edit_id: the
   domain whose edit form is open (0: none), with edit_values/edit_errors (stolen; NULL = the
   stored values). Returns the model, or NULL on a database error (everything freed). */
static json_t *domains_model(struct req *r, json_t *add_values, json_t *add_errors,
                             int64_t edit_id, json_t *edit_values, json_t *edit_errors)
{
    json_t *list = domains_query(r, edit_id);
    if (!list) {
        json_decref(add_values);
        json_decref(add_errors);
        json_decref(edit_values);
        json_decref(edit_errors);
        return NULL;
    }
    if (!add_values)
        add_values = json_pack("{s:s, s:s}", "code", "", "name", "");
    if (!add_errors)
        add_errors = json_object();
    json_t *model = json_pack("{s:s, s:o, s:o, s:o}", "title", "Domeinen", "domains", list,
                              "add_values", add_values, "add_errors", add_errors);
    json_t *edited = domain_in(list, edit_id);
    if (edited) {
        if (!edit_values)
            edit_values = json_pack("{s:O, s:o}", "name", json_object_get(edited, "name"),
                                    "position",
                                    json_sprintf("%lld", (long long)json_integer_value(
                                                             json_object_get(edited, "position"))));
        if (!edit_errors)
            edit_errors = json_object();
        json_object_set_new(model, "edit",
                            json_pack("{s:O, s:O, s:O, s:o, s:o}", "id",
                                      json_object_get(edited, "id"), "code",
                                      json_object_get(edited, "code"), "name",
                                      json_object_get(edited, "name"), "values", edit_values,
                                      "errors", edit_errors));
        json_object_set_new(model, "error_list", edit_error_list(edit_errors));
        json_object_set(model, "errors", edit_errors);
    } else {
        json_decref(edit_values);
        json_decref(edit_errors);
        json_object_set_new(model, "error_list", form_error_list(domain_add_fields,
                                                                 FIELDS_N(domain_add_fields),
                                                                 add_errors));
        json_object_set(model, "errors", add_errors);
    }
    json_object_set_new(model, "count", json_integer((json_int_t)json_array_size(list)));
    return model;
}

/* The ?edit= domain id (0 when absent or not a number). */
static int64_t edit_param(struct req *r)
{
    const char *s = req_query(r, "edit");
    long long id = 0;
    if (!s || sscanf(s, "%lld", &id) != 1 || id < 1)
        return 0;
    return id;
}

int page_domains_list(struct req *r)
{
    json_t *model = domains_model(r, NULL, NULL, edit_param(r), NULL, NULL);
    if (!model)
        return page_failed(r);
    return render(r, 200, "admin/domains", model);
}

/* The domain id as the API answers it after a save into *out (new reference): 1, 0 when there
   is none (*out NULL), -1 on a database error. */
static int domain_find(struct req *r, int64_t id, json_t **out)
{
    json_t *list = read_domains_in_use(r->db);
    *out = json_incref(domain_in(list, id));
    json_decref(list);
    return !list ? -1 : *out != NULL;
}

/* The same for page_saved: the domain, or NULL when there is none or the read failed. New
   reference. */
static json_t *domain_json(struct req *r, int64_t id)
{
    json_t *d = NULL;
    domain_find(r, id, &d);
    return d;
}

/* The domains page again with status 422 (or JSON errors). */
static int domains_refused(struct req *r, json_t *add_values, json_t *add_errors,
                           int64_t edit_id, json_t *edit_values, json_t *edit_errors)
{
    json_t *model = domains_model(r, add_values, add_errors, edit_id, edit_values, edit_errors);
    if (!model)
        return page_failed(r);
    return render_form_errors(r, "admin/domains", model);
}

int page_domain_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    if (form_validate(r, domain_add_fields, FIELDS_N(domain_add_fields), values, errors))
        return domains_refused(r, values, errors, 0, NULL, NULL);
    int64_t id = 0;
    enum settings_result rc = domain_create(r->db, r->user.id, form_str(values, "code"),
                                            form_str(values, "name"), &id);
    if (rc == SETTINGS_DUPLICATE || rc == SETTINGS_INVALID) {
        json_object_set_new(errors, rc == SETTINGS_DUPLICATE ? "code" : "name",
                            json_string(rc == SETTINGS_DUPLICATE
                                            ? "Er is al een domein met deze code."
                                            : "Controleer de naam."));
        return domains_refused(r, values, errors, 0, NULL, NULL);
    }
    json_decref(values);
    json_decref(errors);
    if (rc != SETTINGS_OK)
        return render_error(r, 500, "Het domein kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 201, domain_json, id, "Domein opgeslagen.", "/domains");
}

int page_domain_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *existing = NULL;
    int found = domain_find(r, id, &existing);
    json_decref(existing);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Dit domein bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    if (form_validate(r, domain_edit_fields, FIELDS_N(domain_edit_fields), values, errors))
        return domains_refused(r, NULL, NULL, id, values, errors);
    enum settings_result rc = domain_update(r->db, r->user.id, id, form_str(values, "name"),
                                            (int)form_int(values, "position"));
    if (rc == SETTINGS_INVALID) {
        json_object_set_new(errors, "name", json_string("Controleer de naam."));
        return domains_refused(r, NULL, NULL, id, values, errors);
    }
    json_decref(values);
    json_decref(errors);
    if (rc == SETTINGS_NOT_FOUND)
        return render_error(r, 404, "Dit domein bestaat niet.");
    if (rc != SETTINGS_OK)
        return render_error(r, 500, "Het domein kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 200, domain_json, id, "Domein opgeslagen.", "/domains");
}

/* ---- holidays ------------------------------------------------------------------------------- */

/* Every holiday by first day (read_holidays), with whether it is over. New reference; NULL
   on a database error. */
static json_t *holidays_query(struct req *r)
{
    char today[11];
    date_format(date_today(), today);
    json_t *list = read_holidays(r->db);
    size_t i;
    json_t *h;
    json_array_foreach (list, i, h)
        json_object_set_new(h, "past",
                            json_boolean(strcmp(json_string_value(json_object_get(h, "to")),
                                                today) < 0));
    static const char *const day_keys[] = {"from", "to", NULL};
    return when_labels(list, day_keys);
}

/* The holidays page with the add form's values and errors (stolen; NULL = empty), or NULL on
   a database error (everything freed). */
static json_t *holidays_model(struct req *r, json_t *values, json_t *errors)
{
    json_t *list = holidays_query(r);
    if (!list) {
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    if (!values)
        values = json_pack("{s:s, s:s, s:s}", "name", "", "from", "", "to", "");
    if (!errors)
        errors = json_object();
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:i}", "title", "Vakanties", "holidays",
                              list, "values", values, "errors", errors, "max_days",
                              HOLIDAY_MAX_DAYS);
    json_object_set_new(model, "has_holidays", json_boolean(json_array_size(list) > 0));
    json_object_set_new(model, "error_list",
                        form_error_list(holiday_fields, FIELDS_N(holiday_fields), errors));
    return model;
}

int page_holidays_list(struct req *r)
{
    json_t *model = holidays_model(r, NULL, NULL);
    if (!model)
        return page_failed(r);
    return render(r, 200, "admin/holidays", model);
}

static int holidays_refused(struct req *r, json_t *values, json_t *errors)
{
    json_t *model = holidays_model(r, values, errors);
    if (!model)
        return page_failed(r);
    return render_form_errors(r, "admin/holidays", model);
}

/* The flash after a holiday change: what happened and how many sessions changed. */
static const char *holiday_flash(struct req *r, const char *done, long long changed)
{
    if (changed == 0)
        return arena_printf(&r->arena, "Vakantie %s; de bijeenkomsten zijn bijgewerkt"
                                       " (geen bijeenkomsten gewijzigd).", done);
    return arena_printf(&r->arena, "Vakantie %s; de bijeenkomsten zijn bijgewerkt"
                                   " (%lld %s gewijzigd).", done, changed,
                        changed == 1 ? "bijeenkomst" : "bijeenkomsten");
}

int page_holiday_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    int bad = form_validate(r, holiday_fields, FIELDS_N(holiday_fields), values, errors);
    struct holiday_input in = {.name = form_str(values, "name"),
                               .from = form_str(values, "from"),
                               .to = form_str(values, "to")};
    enum holiday_problem problem = holiday_check(&in);
    if (!bad && problem != HOLIDAY_FINE) {
        json_object_set_new(errors, holiday_problem_field(problem),
                            json_string(req_text(r, holiday_problem_key(problem))));
        bad++;
    }
    if (bad)
        return holidays_refused(r, values, errors);
    int64_t id = 0;
    long long changed = 0;
    enum settings_result rc = holiday_create(r->db, r->user.id, &in, &id, &changed);
    if (rc == SETTINGS_DUPLICATE) {
        json_object_set_new(errors, "name",
                            json_string("Er is al een vakantie met deze naam en deze eerste dag."));
        return holidays_refused(r, values, errors);
    }
    json_t *saved = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)id, "name", in.name,
                              "from", in.from, "to", in.to, "sessions_changed",
                              (json_int_t)changed);
    json_decref(values);
    json_decref(errors);
    if (rc != SETTINGS_OK) {
        json_decref(saved);
        return render_error(r, 500, "De vakantie kon niet worden opgeslagen. Probeer het opnieuw.");
    }
    if (r->wants_json)
        return respond_json(r, 201, saved);
    json_decref(saved);
    session_flash(r, holiday_flash(r, "opgeslagen", changed));
    return respond_redirect(r, "/holidays");
}

/* GET /holidays/{id}/delete: the holiday and what deleting it changes, with the button (issue
   10 point 3). The holiday comes from the list read, so a missing one is 404 as on the POST. */
int page_holiday_delete_confirm(struct req *r)
{
    json_t *list = holidays_query(r);
    if (!list)
        return page_failed(r);
    json_t *holiday = NULL, *h;
    size_t i;
    json_array_foreach (list, i, h)
        if (json_integer_value(json_object_get(h, "id")) == r->path_ids[0])
            holiday = h;
    if (!holiday) {
        json_decref(list);
        return render_error(r, 404, "Deze vakantie bestaat niet.");
    }
    json_t *model = json_pack("{s:s, s:O}", "title",
                              arena_printf(&r->arena, "%s verwijderen?",
                                           json_string_value(json_object_get(holiday, "name"))),
                              "holiday", holiday);
    json_decref(list);
    return render(r, 200, "admin/holiday_delete", model);
}

int page_holiday_delete(struct req *r)
{
    long long changed = 0;
    enum settings_result rc = holiday_delete(r->db, r->user.id, r->path_ids[0], &changed);
    if (rc == SETTINGS_NOT_FOUND)
        return render_error(r, 404, "Deze vakantie bestaat niet.");
    if (rc != SETTINGS_OK)
        return render_error(r, 500, "De vakantie kon niet worden verwijderd. Probeer het opnieuw.");
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b, s:I}", "ok", 1, "sessions_changed",
                                              (json_int_t)changed));
    session_flash(r, holiday_flash(r, "verwijderd", changed));
    return respond_redirect(r, "/holidays");
}
