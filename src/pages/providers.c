/* /providers: the providers (aanbieders) of the coalition with their staff (uitvoerders) and
   activities. Shared by the coalition: the lead and every coordinator may see and add them;
   a coordinator may change only those no other school uses (pages/scope.h
   scope_provider_editable), the page says so for the others and their POST is refused with
   403. Each change is audited by the domain functions. The staff forms are staff.c. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/offer/providers.h"
#include "domain/offer/providers_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/providers_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

enum { PAGE_SIZE = 50 };

static const char *const external_choices[] = {"1", "0", NULL};

static const struct field provider_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = PROVIDER_NAME_MAX},
    {.name = "external", .label = "Soort aanbieder", .type = FIELD_CHOICE, .required = true,
     .choices = external_choices},
};

/* ---- small helpers ---------------------------------------------------------------------------- */

/* "YYYY-MM-DD" as "DD-MM-YYYY" (arena-owned); "" stays "". */
static const char *date_nl(struct req *r, const char *iso)
{
    if (strlen(iso) != 10)
        return "";
    return arena_printf(&r->arena, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}

/* The label of a provider's kind. Static. */
static const char *external_label(bool external)
{
    return external ? "Externe aanbieder" : "De school zelf";
}

/* ---- read models ------------------------------------------------------------------------------ */

int providers_find(struct req *r, int64_t id, json_t **out)
{
    int found = read_provider(r->db, id, out);
    if (found == 1)
        json_object_set_new(*out, "external_label",
                            json_string(external_label(json_is_true(
                                json_object_get(*out, "external")))));
    return found;
}

json_t *providers_load(struct req *r, int64_t id)
{
    json_t *provider = NULL;
    providers_find(r, id, &provider);
    return provider;
}

json_t *providers_staff_json(struct req *r, const json_t *row, bool external)
{
    char until[11];
    const char *vog_date = json_string_value(json_object_get(row, "vog_date"));
    vog_date = vog_date ? vog_date : "";
    const char *level = json_string_value(json_object_get(row, "level"));
    enum vog_status status = vog_check(vog_date, date_today(), r->app->cfg.vog_valid_years, until);
    const char *label = status == VOG_VALID     ? arena_printf(&r->arena, "geldig tot %s",
                                                               date_nl(r, until))
                        : status == VOG_EXPIRED ? "verlopen"
                                                : "ontbreekt";
    return json_pack("{s:O, s:O, s:O, s:s, s:s, s:o, s:s, s:b, s:o, s:s, s:s, s:s, s:b}", "id",
                     json_object_get(row, "id"), "key", json_object_get(row, "key"), "name",
                     json_object_get(row, "name"), "level", level, "level_label",
                     staff_level_label(level), "vog_date",
                     *vog_date ? json_string(vog_date) : json_null(), "vog_date_nl",
                     date_nl(r, vog_date), "vog_valid", status == VOG_VALID, "vog_valid_until",
                     *until ? json_string(until) : json_null(), "vog_until_nl",
                     date_nl(r, until), "vog_status",
                     status == VOG_VALID ? "geldig" : status == VOG_EXPIRED ? "verlopen"
                                                                            : "ontbreekt",
                     "vog_label", label, "vog_problem", vog_problem(status, external));
}

/* The staff of a provider, by name, as providers_staff_json, with "editable" (may the user
   change them) and, when not, "locked" (the sentence saying why). New reference; NULL on a
   database error. */
static json_t *provider_staff(struct req *r, int64_t provider_id, bool external)
{
    json_t *rows = read_provider_staff(r->db, provider_id);
    if (!rows)
        return NULL;
    json_t *list = json_array();
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        const char *locked = NULL;
        int can = scope_staff_editable(r, json_integer_value(json_object_get(row, "id")), &locked);
        if (can == SCOPE_ERROR) {
            json_decref(list);
            list = NULL;
            break;
        }
        json_t *staff = providers_staff_json(r, row, external);
        json_object_set_new(staff, "editable", json_boolean(can));
        json_object_set_new(staff, "locked", locked ? json_string(locked) : json_null());
        json_array_append_new(list, staff);
    }
    json_decref(rows);
    return list;
}

/* When the user may not change provider id: the 403 answer with the sentence saying why, as
   its status; 0 when they may; 500 when the read failed. */
static int provider_locked(struct req *r, int64_t id)
{
    const char *locked = NULL;
    int can = scope_provider_editable(r, id, &locked);
    if (can == SCOPE_ERROR)
        return page_failed(r);
    return can ? 0 : render_error(r, 403, locked);
}

/* Every activity the provider or its staff run (read_provider_activities) with its dates in
   words and whether the user may open it. New reference; NULL on a database error. */
static json_t *provider_activities(struct req *r, int64_t provider_id)
{
    json_t *list = read_provider_activities(r->db, provider_id);
    size_t i;
    json_t *a;
    json_array_foreach (list, i, a) {
        json_object_set_new(a, "from_nl",
                            json_string(date_nl(r, json_string_value(json_object_get(a, "from")))));
        json_object_set_new(a, "until_nl", json_string(date_nl(
                                               r, json_string_value(json_object_get(a, "until")))));
        json_object_set_new(a, "linkable",
                            json_boolean(scope_school(
                                r, json_integer_value(json_object_get(a, "school_id")))));
    }
    return list;
}

/* ---- list ------------------------------------------------------------------------------------- */

/* One page of providers with their counts and the labels of their kind. New reference; NULL
   on a database error. */
static json_t *providers_page(struct req *r, const char *q, long long offset,
                              const struct school_year *year)
{
    const struct provider_list_query lq = {.q = q,
                                           .year_from = year->from,
                                           .year_until = year->until,
                                           .today = year->today,
                                           .vog_valid_years = r->app->cfg.vog_valid_years,
                                           .limit = PAGE_SIZE,
                                           .offset = offset};
    json_t *list = read_providers_page(r->db, &lq);
    size_t i;
    json_t *p;
    json_array_foreach (list, i, p) {
        json_object_set_new(p, "external_label", json_string(external_label(
                                                     json_is_true(json_object_get(p, "external")))));
        json_object_set_new(p, "has_warnings",
                            json_boolean(json_integer_value(json_object_get(p, "warnings")) > 0));
    }
    return list;
}

/* The page number asked for (1 when absent or not a positive number). */
static long long page_number(const struct req *r)
{
    const char *s = req_query(r, "page");
    long long n = 0;
    if (!s || sscanf(s, "%lld", &n) != 1 || n < 1 || n > 1000000)
        return 1;
    return n;
}

int page_providers_list(struct req *r)
{
    const char *q = req_query(r, "q");
    q = q ? q : "";
    long long page = page_number(r);
    struct school_year year = school_year_now();
    int64_t total = 0;
    json_t *list = read_providers_count(r->db, q, &total) < 0
                       ? NULL
                       : providers_page(r, q, (page - 1) * PAGE_SIZE, &year);
    if (!list)
        return page_failed(r);
    long long pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    json_t *model = json_pack("{s:s, s:o, s:s, s:I, s:I, s:I, s:s, s:s}", "title", "Aanbieders",
                              "providers", list, "q", q, "total", (json_int_t)total, "page",
                              (json_int_t)page, "pages", (json_int_t)pages, "year_from",
                              year.from, "year_until", year.until);
    json_object_set_new(model, "one", json_boolean(total == 1));
    json_object_set_new(model, "paginated", json_boolean(pages > 1));
    const struct url_param keep[] = {{"q", q}};
    pagination_links(&r->arena, model, "/providers", keep, 1, page, pages);
    return render(r, 200, "providers/list", model);
}

/* ---- show ------------------------------------------------------------------------------------- */

int page_provider_show(struct req *r)
{
    json_t *provider = NULL;
    int found = providers_find(r, r->path_ids[0], &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    bool external = json_is_true(json_object_get(provider, "external"));
    const char *locked = NULL;
    int editable = scope_provider_editable(r, r->path_ids[0], &locked);
    json_t *staff = provider_staff(r, r->path_ids[0], external);
    json_t *activities = provider_activities(r, r->path_ids[0]);
    if (editable == SCOPE_ERROR || !staff || !activities) {
        json_decref(provider);
        json_decref(staff);
        json_decref(activities);
        return page_failed(r);
    }
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:i}", "title",
                              json_string_value(json_object_get(provider, "name")), "provider",
                              provider, "staff", staff, "activities", activities,
                              "vog_valid_years", r->app->cfg.vog_valid_years);
    json_object_set_new(model, "provider_editable", json_boolean(editable));
    json_object_set_new(model, "provider_locked", locked ? json_string(locked) : json_null());
    bool staff_locked = false;
    size_t i;
    json_t *member;
    json_array_foreach (staff, i, member)
        staff_locked |= !json_is_true(json_object_get(member, "editable"));
    json_object_set_new(model, "staff_locked", json_boolean(staff_locked));
    return render(r, 200, "providers/show", model);
}

/* ---- provider form ---------------------------------------------------------------------------- */

/* The model of the provider form: values as typed, errors (both stolen), and the radio
   choices with the checked one marked. provider is the one edited (stolen) or NULL. */
static json_t *provider_form_model(json_t *provider, json_t *values, json_t *errors)
{
    const char *external = form_str(values, "external");
    json_t *kinds = json_pack("[{s:s, s:s, s:s, s:b}, {s:s, s:s, s:s, s:b}]", "value", "1",
                              "id", "f-external", "label", "Externe aanbieder", "checked",
                              !strcmp(external, "1"), "value", "0", "id", "f-external-0",
                              "label", "De school zelf", "checked", !strcmp(external, "0"));
    json_t *model = json_pack("{s:s, s:s, s:o, s:o, s:o}", "title",
                              provider ? "Aanbieder wijzigen" : "Aanbieder toevoegen", "action",
                              "/providers", "kinds", kinds, "values", values, "errors", errors);
    json_object_set_new(model, "error_list",
                        form_error_list(provider_fields, FIELDS_N(provider_fields), errors));
    if (provider) {
        json_object_set_new(model, "action",
                            json_sprintf("/providers/%lld",
                                         (long long)json_integer_value(
                                             json_object_get(provider, "id"))));
        json_object_set_new(model, "provider", provider);
    }
    return model;
}

int page_provider_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:s}", "name", "", "external", "1");
    return render(r, 200, "providers/form", provider_form_model(NULL, values, json_object()));
}

int page_provider_edit(struct req *r)
{
    json_t *provider = NULL;
    int found = providers_find(r, r->path_ids[0], &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    int status = provider_locked(r, r->path_ids[0]);
    if (status) {
        json_decref(provider);
        return status;
    }
    json_t *values = json_pack("{s:O, s:s}", "name", json_object_get(provider, "name"),
                               "external",
                               json_is_true(json_object_get(provider, "external")) ? "1" : "0");
    return render(r, 200, "providers/form", provider_form_model(provider, values, json_object()));
}

/* Validate the provider form into in (strings owned by values). Returns the number of bad
   fields; their messages are in errors. */
static int provider_form_read(struct req *r, json_t *values, json_t *errors,
                              struct provider_input *in)
{
    int bad = form_validate(r, provider_fields, FIELDS_N(provider_fields), values, errors);
    if (json_object_get(errors, "external"))
        json_object_set_new(errors, "external",
                            json_string("Kies of het een externe aanbieder is of de school zelf."));
    in->name = form_str(values, "name");
    in->external = !strcmp(form_str(values, "external"), "1");
    return bad;
}

int page_provider_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    struct provider_input in;
    if (provider_form_read(r, values, errors, &in))
        return render_form_errors(r, "providers/form", provider_form_model(NULL, values, errors));
    int64_t id = provider_create(r->db, r->user.id, &in, NULL, 0);
    json_decref(values);
    json_decref(errors);
    if (id < 0)
        return render_error(r, 500, "De aanbieder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 201, providers_load, id, "Aanbieder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", (long long)id));
}

int page_provider_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *provider = NULL;
    int found = providers_find(r, id, &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    int status = provider_locked(r, id);
    if (status) {
        json_decref(provider);
        return status;
    }
    json_t *values = json_object(), *errors = json_object();
    struct provider_input in;
    if (provider_form_read(r, values, errors, &in))
        return render_form_errors(r, "providers/form",
                                  provider_form_model(provider, values, errors));
    json_decref(provider);
    int rc = provider_update(r->db, r->user.id, id, &in);
    json_decref(values);
    json_decref(errors);
    if (rc == 1)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    if (rc)
        return render_error(r, 500, "De aanbieder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 200, providers_load, id, "Aanbieder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", (long long)id));
}
