/* /sessions/{id}/edit and POST /sessions/{id}: cancel, restore or move one session of an
   activity, with a reason. The rules are in domain/activities.c. */
#include <stdio.h>
#include <string.h>

#include "domain/offer/activities.h"
#include "domain/offer/activities_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "view/render.h"

static const struct field session_fields[] = {
    {.name = "cancelled", .label = "Vervalt", .type = FIELD_BOOL},
    {.name = "date", .label = "Datum", .type = FIELD_DATE, .required = true},
    {.name = "start", .label = "Begintijd", .type = FIELD_TIME, .required = true},
    {.name = "end", .label = "Eindtijd", .type = FIELD_TIME, .required = true},
    {.name = "reason", .label = "Reden", .type = FIELD_TEXT, .max_len = SESSION_REASON_MAX},
};

/* The session and its activity as a model ({"session": …, "activity": …}) into *out: 1, 0
   when there is no such session or it belongs to a school outside the user's scope, -1 when
   the database failed. */
static int session_model(struct req *r, int64_t id, json_t **out)
{
    json_t *row;
    int found = read_session(r->db, id, &row);
    *out = NULL;
    if (found <= 0)
        return found;
    if (!scope_school(r, json_integer_value(json_object_get(row, "school_id")))) {
        json_decref(row);
        return 0;
    }
    const char *slot = json_string_value(json_object_get(row, "slot_date"));
    const char *date = json_string_value(json_object_get(row, "date"));
    const char *start = json_string_value(json_object_get(row, "start"));
    const char *end = json_string_value(json_object_get(row, "end"));
    const char *usual_start = json_string_value(json_object_get(row, "activity_start"));
    const char *usual_end = json_string_value(json_object_get(row, "activity_end"));
    char slot_label[32], date_label[32];
    date_label_nl(slot, true, slot_label);
    date_label_nl(date, true, date_label);
    json_t *activity_id = json_object_get(row, "activity_id");
    *out = json_pack("{s:{s:I, s:O, s:s, s:s, s:s, s:s, s:O, s:O, s:s, s:s, s:b, s:O},"
                     " s:{s:O, s:O, s:s, s:s}}",
                     "session", "id", (json_int_t)id, "activity_id", activity_id, "slot_date",
                     slot, "date", date, "start", start, "end", end, "cancelled",
                     json_object_get(row, "cancelled"), "reason", json_object_get(row, "reason"),
                     "slot_label", slot_label, "date_label", date_label, "moved",
                     strcmp(slot, date) || strcmp(start, usual_start) || strcmp(end, usual_end),
                     "has_attendance", json_object_get(row, "has_attendance"), "activity", "id",
                     activity_id, "title", json_object_get(row, "title"), "start", usual_start,
                     "end", usual_end);
    json_decref(row);
    return 1;
}

/* The page model: the session (stolen in m), the form's values and errors (stolen). */
static json_t *edit_model(json_t *m, json_t *values, json_t *errors)
{
    json_t *session = json_object_get(m, "session");
    json_object_set_new(m, "title",
                        json_sprintf("Bijeenkomst van %s wijzigen",
                                     json_string_value(json_object_get(session, "slot_label"))));
    json_object_set_new(m, "values", values);
    json_object_set_new(m, "errors", errors ? errors : json_object());
    return m;
}

int page_session_edit(struct req *r)
{
    json_t *m;
    int found = session_model(r, r->path_ids[0], &m);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
    json_t *s = json_object_get(m, "session");
    json_t *values = json_pack("{s:O, s:O, s:O, s:O, s:O}", "cancelled",
                               json_object_get(s, "cancelled"), "date",
                               json_object_get(s, "date"), "start", json_object_get(s, "start"),
                               "end", json_object_get(s, "end"), "reason",
                               json_object_get(s, "reason"));
    return render(r, 200, "sessions/edit", edit_model(m, values, NULL));
}

int page_session_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *m;
    int found = session_model(r, id, &m);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, session_fields, FIELDS_N(session_fields), values, errors);
    struct session_input in = {
        .cancelled = form_bool(values, "cancelled"),
        .date = form_str(values, "date"),
        .start = form_str(values, "start"),
        .end = form_str(values, "end"),
        .reason = form_str(values, "reason"),
    };
    struct problems problems = {0};
    enum outcome rc = OUTCOME_INVALID;
    if (json_object_size(errors))
        session_check(r->db, id, &in, &problems);
    else
        rc = session_save(r->db, r->user.id, id, &in, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        json_object_set_new(m, "error_list",
                            form_error_list(session_fields, FIELDS_N(session_fields), errors));
        return render_form_errors(r, "sessions/edit", edit_model(m, values, errors));
    }
    json_decref(values);
    json_decref(errors);
    int64_t activity_id = json_integer_value(
        json_object_get(json_object_get(m, "session"), "activity_id"));
    json_decref(m);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
    if (rc != OUTCOME_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *saved;
        found = session_model(r, id, &saved);
        if (found < 0)
            return page_failed(r);
        if (!found)
            return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
        json_t *session = json_incref(json_object_get(saved, "session"));
        json_decref(saved);
        return respond_json(r, 200, session);
    }
    session_flash(r, in.cancelled ? "De bijeenkomst vervalt." : "De bijeenkomst is opgeslagen.");
    return respond_redirect(
        r, arena_printf(&r->arena, "/activities/%lld#bijeenkomsten", (long long)activity_id));
}
