/* /providers/{id}/staff/new, /staff/{id}/edit and their POSTs: the form to add or change a
   staff member (uitvoerder) of a provider, with the level and the date of the VOG (a
   certificate of conduct). The provider pages, which list the staff, are providers.c. A
   coordinator may add staff to any provider but change only staff no other school uses
   (pages/scope.h scope_staff_editable); for the others the form is refused with 403 and the
   sentence saying why. The edit page also shows the staff member's competence (issue 15,
   part 6: domain/offer/competence.h): the assessed levels with their dates and the trainings,
   with a small form for each (POST /staff/{id}/levels and /staff/{id}/trainings, under the
   same scope check as the edit form). */
#include <string.h>

#include "domain/offer/competence.h"
#include "domain/offer/competence_read.h"
#include "domain/offer/providers.h"
#include "domain/offer/providers_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/providers_internal.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/render.h"

static const struct field staff_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = STAFF_NAME_MAX},
    {.name = "level", .label = "Niveau", .type = FIELD_CHOICE, .required = true,
     .choices = staff_levels},
    {.name = "vog_date", .label = "Datum VOG", .type = FIELD_DATE},
};

/* The staff member staff_id as providers_staff_json plus "provider_id" into *out (new
   reference): 1, 0 when there is none (*out NULL), -1 on a database error. */
static int staff_find(struct req *r, int64_t staff_id, json_t **out)
{
    json_t *row = NULL;
    int found = read_staff_member(r->db, staff_id, &row);
    *out = NULL;
    if (found == 1) {
        *out = providers_staff_json(r, row, json_is_true(json_object_get(row, "external")));
        json_object_set(*out, "provider_id", json_object_get(row, "provider_id"));
    }
    json_decref(row);
    return found;
}

/* The same for page_saved: the staff member, or NULL when there is none or the read failed.
   New reference. */
static json_t *staff_load(struct req *r, int64_t staff_id)
{
    json_t *staff = NULL;
    staff_find(r, staff_id, &staff);
    return staff;
}

/* The model of the staff form (values, errors and provider stolen; staff stolen or NULL for a
   new one), with the level radios and their hints. */
static json_t *staff_form_model(json_t *provider, json_t *staff, json_t *values, json_t *errors)
{
    const char *level = form_str(values, "level");
    json_t *levels = json_array();
    for (size_t i = 0; staff_levels[i]; i++)
        json_array_append_new(
            levels, json_pack("{s:s, s:o, s:s, s:s, s:b}", "value", staff_levels[i], "id",
                              i ? json_sprintf("f-level-%s", staff_levels[i])
                                : json_string("f-level"),
                              "label", staff_level_label(staff_levels[i]), "hint",
                              staff_level_hint(staff_levels[i]), "checked",
                              !strcmp(level, staff_levels[i])));
    long long provider_id = json_integer_value(json_object_get(provider, "id"));
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o}", "title",
                              staff ? "Uitvoerder wijzigen" : "Uitvoerder toevoegen", "provider",
                              provider, "levels", levels, "values", values, "errors", errors);
    json_object_set_new(model, "error_list",
                        form_error_list(staff_fields, FIELDS_N(staff_fields), errors));
    if (staff) {
        json_object_set_new(model, "action",
                            json_sprintf("/staff/%lld", (long long)json_integer_value(
                                                            json_object_get(staff, "id"))));
        json_object_set_new(model, "staff", staff);
    } else {
        json_object_set_new(model, "action", json_sprintf("/providers/%lld/staff", provider_id));
    }
    return model;
}

/* Validate the staff form into in (strings owned by values), with the rule that a VOG cannot
   be dated in the future. Returns the number of bad fields. */
static int staff_form_read(struct req *r, json_t *values, json_t *errors, struct staff_input *in)
{
    int bad = form_validate(r, staff_fields, FIELDS_N(staff_fields), values, errors);
    if (json_object_get(errors, "level"))
        json_object_set_new(errors, "level",
                            json_string("Kies startbekwaam, basisbekwaam of vakbekwaam."));
    in->name = form_str(values, "name");
    in->level = form_str(values, "level");
    in->vog_date = form_str(values, "vog_date");
    if (!json_object_get(errors, "vog_date")) {
        const char *message = staff_vog_error(in->vog_date, date_today());
        if (message) {
            json_object_set_new(errors, "vog_date", json_string(form_check_text(r, message, 0)));
            bad++;
        }
    }
    return bad;
}

int page_staff_new(struct req *r)
{
    json_t *provider = NULL;
    int found = providers_find(r, r->path_ids[0], &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    json_t *values = json_pack("{s:s, s:s, s:s}", "name", "", "level", "", "vog_date", "");
    return render(r, 200, "staff/form", staff_form_model(provider, NULL, values, json_object()));
}

int page_staff_create(struct req *r)
{
    int64_t provider_id = r->path_ids[0];
    json_t *provider = NULL;
    int found = providers_find(r, provider_id, &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    struct staff_input in;
    if (staff_form_read(r, values, errors, &in))
        return render_form_errors(r, "staff/form",
                                  staff_form_model(provider, NULL, values, errors));
    json_decref(provider);
    int64_t id = staff_create(r->db, r->user.id, provider_id, &in, date_today());
    json_decref(values);
    json_decref(errors);
    if (id == 0)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    if (id < 0)
        return render_error(r, 500,
                            "De uitvoerder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 201, staff_load, id, "Uitvoerder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", (long long)provider_id));
}

/* The staff member of the path and their provider (both new references): 0, or the status of
   the answer given when either is missing (404) or a read failed (500). */
static int staff_and_provider(struct req *r, json_t **staff, json_t **provider)
{
    *provider = NULL;
    int found = staff_find(r, r->path_ids[0], staff);
    if (found == 1)
        found = providers_find(r, json_integer_value(json_object_get(*staff, "provider_id")),
                               provider);
    if (found == 1)
        return 0;
    json_decref(*staff);
    *staff = NULL;
    return found < 0 ? page_failed(r) : render_error(r, 404, "Deze uitvoerder bestaat niet.");
}

/* staff_and_provider, and then whether the user may change the staff member: 0, or the status
   of the answer given (404, 500, or 403 with the sentence saying why). */
static int editable_staff_and_provider(struct req *r, json_t **staff, json_t **provider)
{
    int status = staff_and_provider(r, staff, provider);
    if (status)
        return status;
    const char *locked = NULL;
    int can = scope_staff_editable(r, r->path_ids[0], &locked);
    if (can == 1)
        return 0;
    json_decref(*staff);
    json_decref(*provider);
    *staff = *provider = NULL;
    return can == SCOPE_ERROR ? page_failed(r) : render_error(r, 403, locked);
}

/* ---- the competence history on the edit page: assessments and trainings ---------------- */

static const struct field assess_fields[] = {
    {.name = "level", .label = "Niveau", .type = FIELD_CHOICE, .required = true,
     .choices = staff_levels},
    {.name = "date", .label = "Datum beoordeling", .type = FIELD_DATE, .required = true},
};

static const struct field training_fields[] = {
    {.name = "name", .label = "Scholing", .type = FIELD_TEXT, .required = true,
     .max_len = TRAINING_NAME_MAX},
    {.name = "date", .label = "Datum scholing", .type = FIELD_DATE, .required = true},
};

/* A date of the history in words; the date of a level known from before the history says so. */
static const char *competence_date_label(struct req *r, const char *date)
{
    if (!strcmp(date, STAFF_LEVEL_SINCE_ALWAYS))
        return "al bekend vóór de registratie";
    return when_day(r, date);
}

/* The radios of the assessment form, the one of checked ticked. New reference. */
static json_t *assess_level_radios(const char *checked)
{
    json_t *levels = json_array();
    for (size_t i = 0; staff_levels[i]; i++)
        json_array_append_new(
            levels, json_pack("{s:s, s:o, s:s, s:b}", "value", staff_levels[i], "id",
                              i ? json_sprintf("f-assess-level-%s", staff_levels[i])
                                : json_string("f-assess-level"),
                              "label", staff_level_label(staff_levels[i]), "checked",
                              !strcmp(checked, staff_levels[i])));
    return levels;
}

/* One of the two small forms: {"action", "values", "errors"} (values and errors stolen; NULL:
   empty). New reference. */
static json_t *competence_form(struct req *r, int64_t staff_id, const char *what, json_t *values,
                               json_t *errors)
{
    return json_pack("{s:s, s:o, s:o}", "action",
                     arena_printf(&r->arena, "/staff/%lld/%s", (long long)staff_id, what),
                     "values", values ? values : json_object(), "errors",
                     errors ? errors : json_object());
}

/* The error summary of a small form: its errors, each linked to "f-<prefix>-<field>". */
static json_t *competence_error_list(const struct field *fields, size_t n, const char *prefix,
                                     json_t *errors)
{
    json_t *list = form_error_list(fields, n, errors), *item;
    size_t i;
    json_array_foreach(list, i, item)
    {
        json_object_set_new(item, "field",
                            json_sprintf("%s-%s", prefix,
                                         json_string_value(json_object_get(item, "field"))));
    }
    return list;
}

/* Add "competence" to the edit page's model: the history of levels and the trainings, with
   the two small forms; assess or training (stolen, NULL: empty) is the form shown again with
   its messages ({"values", "errors"}). 0, or -1 when a read failed (the model is freed). */
static int competence_add(struct req *r, json_t *model, int64_t staff_id, json_t *assess,
                          json_t *training)
{
    json_t *history = read_staff_levels(r->db, staff_id);
    json_t *trainings = read_staff_trainings(r->db, staff_id);
    if (!history || !trainings) {
        json_decref(history);
        json_decref(trainings);
        json_decref(assess);
        json_decref(training);
        json_decref(model);
        return -1;
    }
    size_t i;
    json_t *row;
    json_array_foreach(history, i, row)
    {
        const char *level = json_string_value(json_object_get(row, "level"));
        json_object_set_new(row, "level_label", json_string(staff_level_label(level)));
        json_object_set_new(row, "date_label",
                            json_string(competence_date_label(
                                r, json_string_value(json_object_get(row, "assessed_on")))));
    }
    json_array_foreach(trainings, i, row)
    {
        json_object_set_new(row, "date_label",
                            json_string(when_day(
                                r, json_string_value(json_object_get(row, "followed_on")))));
    }
    json_t *assess_form = competence_form(r, staff_id, "levels",
                                          json_incref(json_object_get(assess, "values")),
                                          json_incref(json_object_get(assess, "errors")));
    json_object_set_new(assess_form, "levels",
                        assess_level_radios(form_str(json_object_get(assess, "values"), "level")));
    json_t *training_form = competence_form(r, staff_id, "trainings",
                                            json_incref(json_object_get(training, "values")),
                                            json_incref(json_object_get(training, "errors")));
    json_decref(assess);
    json_decref(training);
    json_object_set_new(model, "competence",
                        json_pack("{s:b, s:o, s:b, s:o, s:o, s:o}", "has_history",
                                  json_array_size(history) > 0, "history", history,
                                  "has_trainings", json_array_size(trainings) > 0, "trainings",
                                  trainings, "assess", assess_form, "training", training_form));
    return 0;
}

/* The edit page again with the small form form_key ("assess", "training") and its messages:
   422 (values and errors stolen). */
static int competence_show_errors(struct req *r, json_t *staff, json_t *provider,
                                  const char *form_key, json_t *values, json_t *errors)
{
    bool assess = !strcmp(form_key, "assess");
    json_t *error_list =
        assess ? competence_error_list(assess_fields, FIELDS_N(assess_fields), "assess", errors)
               : competence_error_list(training_fields, FIELDS_N(training_fields), "training",
                                       errors);
    json_t *form = json_pack("{s:o, s:o}", "values", values, "errors", errors);
    json_t *main_values = json_pack(
        "{s:O, s:O, s:s}", "name", json_object_get(staff, "name"), "level",
        json_object_get(staff, "level"), "vog_date",
        json_string_value(json_object_get(staff, "vog_date"))
            ? json_string_value(json_object_get(staff, "vog_date"))
            : "");
    json_t *model = staff_form_model(provider, staff, main_values, json_object());
    if (competence_add(r, model, r->path_ids[0], assess ? form : NULL, assess ? NULL : form)) {
        json_decref(error_list);
        return page_failed(r);
    }
    json_object_set_new(model, "error_list", error_list);
    return render_form_errors(r, "staff/form", model);
}

/* After a write of the small forms: the outcome as an answer (303 back to the edit page with
   the flash, 404, 500). */
static int competence_saved(struct req *r, enum outcome rc, const char *flash)
{
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze uitvoerder bestaat niet.");
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 201, json_pack("{s:I}", "staff_id", (json_int_t)r->path_ids[0]));
    session_flash(r, flash);
    return respond_redirect(r,
                            arena_printf(&r->arena, "/staff/%lld/edit", (long long)r->path_ids[0]));
}

int page_staff_assess(struct req *r)
{
    json_t *staff, *provider;
    int status = editable_staff_and_provider(r, &staff, &provider);
    if (status)
        return status;
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, assess_fields, FIELDS_N(assess_fields), values, errors);
    struct problems problems = {0};
    enum outcome rc = staff_assess(r->db, r->user.id, r->path_ids[0],
                                   form_good_str(values, errors, "level"),
                                   form_good_str(values, errors, "date"), date_today(), &problems);
    if (rc == OUTCOME_INVALID || json_object_size(errors)) {
        form_add_problems(r, errors, &problems);
        return competence_show_errors(r, staff, provider, "assess", values, errors);
    }
    json_decref(staff);
    json_decref(provider);
    json_decref(values);
    json_decref(errors);
    return competence_saved(r, rc, "Beoordeling opgeslagen.");
}

int page_staff_add_training(struct req *r)
{
    json_t *staff, *provider;
    int status = editable_staff_and_provider(r, &staff, &provider);
    if (status)
        return status;
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, training_fields, FIELDS_N(training_fields), values, errors);
    struct problems problems = {0};
    enum outcome rc = staff_add_training(r->db, r->user.id, r->path_ids[0],
                                         form_good_str(values, errors, "name"),
                                         form_good_str(values, errors, "date"), date_today(),
                                         &problems);
    if (rc == OUTCOME_INVALID || json_object_size(errors)) {
        form_add_problems(r, errors, &problems);
        return competence_show_errors(r, staff, provider, "training", values, errors);
    }
    json_decref(staff);
    json_decref(provider);
    json_decref(values);
    json_decref(errors);
    return competence_saved(r, rc, "Scholing opgeslagen.");
}

int page_staff_edit(struct req *r)
{
    json_t *staff, *provider;
    int status = editable_staff_and_provider(r, &staff, &provider);
    if (status)
        return status;
    json_t *values = json_pack("{s:O, s:O, s:s}", "name", json_object_get(staff, "name"), "level",
                               json_object_get(staff, "level"), "vog_date",
                               json_string_value(json_object_get(staff, "vog_date"))
                                   ? json_string_value(json_object_get(staff, "vog_date"))
                                   : "");
    json_t *model = staff_form_model(provider, staff, values, json_object());
    if (competence_add(r, model, r->path_ids[0], NULL, NULL))
        return page_failed(r);
    return render(r, 200, "staff/form", model);
}

int page_staff_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *staff, *provider;
    int status = editable_staff_and_provider(r, &staff, &provider);
    if (status)
        return status;
    long long provider_id = json_integer_value(json_object_get(provider, "id"));
    json_t *values = json_object(), *errors = json_object();
    struct staff_input in;
    if (staff_form_read(r, values, errors, &in))
        return render_form_errors(r, "staff/form",
                                  staff_form_model(provider, staff, values, errors));
    json_decref(staff);
    json_decref(provider);
    int rc = staff_update(r->db, r->user.id, id, &in, date_today());
    json_decref(values);
    json_decref(errors);
    if (rc == 1)
        return render_error(r, 404, "Deze uitvoerder bestaat niet.");
    if (rc)
        return render_error(r, 500,
                            "De uitvoerder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 200, staff_load, id, "Uitvoerder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", provider_id));
}
