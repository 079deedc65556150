/* /schools/{id}/study-days: a school's study days (issue 14), for the lead and the school's
   coordinator (another school answers 404, as its overview does): the list with a form to add
   one, and deleting one after a confirmation page, as the holidays have (admin.c). Adding or
   deleting resyncs the school's sessions (domain/offer/study_days.h). */
#include <string.h>

#include "domain/offer/schools_read.h"
#include "domain/offer/study_days.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/render.h"

static const struct field study_day_fields[] = {
    {.name = "date", .label = "Datum", .type = FIELD_DATE, .required = true},
    {.name = "note", .label = "Omschrijving", .type = FIELD_TEXT, .max_len = STUDY_DAY_NOTE_MAX},
};

/* The school of the request's first id when this user may see it, into *school: 1; else 0
   with the answer (404 or 500) in *answer. */
static int visible_school(struct req *r, json_t **school, int *answer)
{
    int found = scope_school(r, r->path_ids[0]) ? read_school(r->db, r->path_ids[0], school) : 0;
    if (found > 0)
        return 1;
    *answer = found < 0 ? page_failed(r) : render_error(r, 404, "Deze school bestaat niet.");
    return 0;
}

/* The school's study days with their dates in words and whether they are over. New
   reference; NULL on a database error. */
static json_t *study_days_query(struct req *r, int64_t school_id)
{
    char today[11];
    date_format(date_today(), today);
    json_t *list = read_study_days(r->db, school_id);
    size_t i;
    json_t *d;
    json_array_foreach (list, i, d) {
        const char *date = json_string_value(json_object_get(d, "date"));
        json_object_set_new(d, "past", json_boolean(strcmp(date, today) < 0));
        json_object_set_new(d, "date_words", json_string(when_date(r, date)));
    }
    return list;
}

/* The page's model around school (stolen) with the add form's values and errors (stolen;
   NULL = empty), or NULL on a database error (everything freed). */
static json_t *study_days_model(struct req *r, json_t *school, json_t *values, json_t *errors)
{
    json_t *list = study_days_query(r, json_integer_value(json_object_get(school, "id")));
    if (!list) {
        json_decref(school);
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    if (!values)
        values = json_pack("{s:s, s:s}", "date", "", "note", "");
    if (!errors)
        errors = json_object();
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o}", "title",
                              arena_printf(&r->arena, "Studiedagen van %s",
                                           json_string_value(json_object_get(school, "name"))),
                              "school", school, "study_days", list, "values", values, "errors",
                              errors);
    json_object_set_new(model, "has_study_days", json_boolean(json_array_size(list) > 0));
    json_object_set_new(model, "error_list",
                        form_error_list(study_day_fields, FIELDS_N(study_day_fields), errors));
    return model;
}

int page_study_days_list(struct req *r)
{
    json_t *school;
    int answer;
    if (!visible_school(r, &school, &answer))
        return answer;
    json_t *model = study_days_model(r, school, NULL, NULL);
    return model ? render(r, 200, "study_days/list", model) : page_failed(r);
}

/* The flash after a change: what happened and how many sessions changed. */
static const char *study_day_flash(struct req *r, const char *done, long long changed)
{
    if (changed == 0)
        return arena_printf(&r->arena, "Studiedag %s; de bijeenkomsten zijn bijgewerkt"
                                       " (geen bijeenkomsten gewijzigd).", done);
    return arena_printf(&r->arena, "Studiedag %s; de bijeenkomsten zijn bijgewerkt"
                                   " (%lld %s gewijzigd).", done, changed,
                        changed == 1 ? "bijeenkomst" : "bijeenkomsten");
}

int page_study_day_create(struct req *r)
{
    json_t *school;
    int answer;
    if (!visible_school(r, &school, &answer))
        return answer;
    int64_t school_id = r->path_ids[0];
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, study_day_fields, FIELDS_N(study_day_fields), values, errors);
    struct study_day_input in = {.date = form_str(values, "date"),
                                 .note = form_str(values, "note")};
    struct problems problems = {0};
    int64_t id = 0;
    long long changed = 0;
    enum outcome rc = OUTCOME_INVALID;
    if (json_object_size(errors))
        study_day_check(&in, &problems);
    else
        rc = study_day_create(r->db, r->user.id, school_id, &in, &id, &changed, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        json_t *model = study_days_model(r, school, values, errors);
        return model ? render_form_errors(r, "study_days/list", model) : page_failed(r);
    }
    problems_clear(&problems);
    json_decref(school);
    json_decref(errors);
    if (rc != OUTCOME_OK) {
        json_decref(values);
        return render_error(r, rc == OUTCOME_NOT_FOUND ? 404 : 500,
                            rc == OUTCOME_NOT_FOUND ? "Deze school bestaat niet."
                                                    : "De studiedag kon niet worden opgeslagen."
                                                      " Probeer het opnieuw.");
    }
    if (r->wants_json)
        return respond_json(r, 201, json_pack("{s:I, s:O, s:O, s:I}", "id", (json_int_t)id,
                                              "date", json_object_get(values, "date"), "note",
                                              json_object_get(values, "note"), "sessions_changed",
                                              (json_int_t)changed));
    json_decref(values);
    session_flash(r, study_day_flash(r, "opgeslagen", changed));
    return respond_redirect(r, arena_printf(&r->arena, "/schools/%lld/study-days",
                                            (long long)school_id));
}

/* GET /schools/{id}/study-days/{id}/delete: the day and what deleting it changes, with the
   button. */
int page_study_day_delete_confirm(struct req *r)
{
    json_t *school, *day = NULL;
    int answer;
    if (!visible_school(r, &school, &answer))
        return answer;
    int found = read_study_day(r->db, r->path_ids[0], r->path_ids[1], &day);
    if (found <= 0) {
        json_decref(school);
        return found < 0 ? page_failed(r) : render_error(r, 404, "Deze studiedag bestaat niet.");
    }
    const char *date = json_string_value(json_object_get(day, "date"));
    json_object_set_new(day, "date_words", json_string(when_date(r, date)));
    json_t *model = json_pack("{s:s, s:o, s:o}", "title",
                              arena_printf(&r->arena, "Studiedag van %s verwijderen?",
                                           when_date(r, date)),
                              "school", school, "study_day", day);
    return render(r, 200, "study_days/delete", model);
}

int page_study_day_delete(struct req *r)
{
    if (!scope_school(r, r->path_ids[0]))
        return render_error(r, 404, "Deze school bestaat niet.");
    long long changed = 0;
    enum outcome rc =
        study_day_delete(r->db, r->user.id, r->path_ids[0], r->path_ids[1], &changed);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze studiedag bestaat niet.");
    if (rc != OUTCOME_OK)
        return render_error(r, 500, "De studiedag kon niet worden verwijderd. Probeer het opnieuw.");
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b, s:I}", "ok", 1, "sessions_changed",
                                              (json_int_t)changed));
    session_flash(r, study_day_flash(r, "verwijderd", changed));
    return respond_redirect(r, arena_printf(&r->arena, "/schools/%lld/study-days",
                                            (long long)r->path_ids[0]));
}
