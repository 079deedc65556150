/* /sessions/{id}/edit and POST /sessions/{id}: cancel, restore or move one session of an
   activity, with a reason. The rules are in domain/activities.c. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/activities.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
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

/* The session and its activity as a model ({"session": …, "activity": …}), or NULL when there
   is no such session or it belongs to a school outside the user's scope. */
static json_t *session_model(struct req *r, int64_t id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT s.id, s.activity_id, s.slot_date, s.date, s.start_time, s.end_time,"
               " s.cancelled, s.reason, a.title, a.school_id, a.start_time, a.end_time,"
               " EXISTS (SELECT 1 FROM attendance t WHERE t.session_id = s.id)"
               " FROM sessions s JOIN activities a ON a.id = s.activity_id WHERE s.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *m = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && scope_school(r, sqlite3_column_int64(st, 9))) {
        char slot_label[32], date_label[32];
        date_label_nl(db_col_text(st, 2), true, slot_label);
        date_label_nl(db_col_text(st, 3), true, date_label);
        m = json_pack("{s:{s:I, s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:b},"
                      " s:{s:I, s:s, s:s, s:s}}",
                      "session", "id", (json_int_t)id, "activity_id",
                      (json_int_t)sqlite3_column_int64(st, 1), "slot_date", db_col_text(st, 2),
                      "date", db_col_text(st, 3), "start", db_col_text(st, 4), "end",
                      db_col_text(st, 5), "cancelled", sqlite3_column_int(st, 6), "reason",
                      db_col_text(st, 7), "slot_label", slot_label, "date_label", date_label,
                      "moved",
                      strcmp(db_col_text(st, 2), db_col_text(st, 3)) ||
                          strcmp(db_col_text(st, 4), db_col_text(st, 10)) ||
                          strcmp(db_col_text(st, 5), db_col_text(st, 11)),
                      "has_attendance", sqlite3_column_int(st, 12),
                      "activity", "id", (json_int_t)sqlite3_column_int64(st, 1), "title",
                      db_col_text(st, 8), "start", db_col_text(st, 10), "end",
                      db_col_text(st, 11));
    }
    sqlite3_reset(st);
    return m;
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
    json_t *m = session_model(r, r->path_ids[0]);
    if (!m)
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
    json_t *m = session_model(r, id);
    if (!m)
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
    struct activity_problem problems[8];
    size_t n = 0;
    enum activity_result rc = ACTIVITY_INVALID;
    if (json_object_size(errors)) {
        int found = session_check(r->db, id, &in, problems, FIELDS_N(problems));
        n = found > 0 ? (size_t)found : 0;
    } else {
        rc = session_save(r->db, r->user.id, id, &in, problems, FIELDS_N(problems), &n);
    }
    if (rc == ACTIVITY_INVALID) {
        for (size_t i = 0; i < n && i < FIELDS_N(problems); i++)
            if (!json_object_get(errors, problems[i].field))
                json_object_set_new(errors, problems[i].field, json_string(problems[i].message));
        json_object_set_new(m, "error_list",
                            form_error_list(session_fields, FIELDS_N(session_fields), errors));
        return render_form_errors(r, "sessions/edit", edit_model(m, values, errors));
    }
    json_decref(values);
    json_decref(errors);
    int64_t activity_id = json_integer_value(
        json_object_get(json_object_get(m, "session"), "activity_id"));
    json_decref(m);
    if (rc == ACTIVITY_NOT_FOUND)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
    if (rc != ACTIVITY_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *saved = session_model(r, id);
        if (!saved)
            return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
        json_t *session = json_incref(json_object_get(saved, "session"));
        json_decref(saved);
        return respond_json(r, 200, session);
    }
    session_flash(r, in.cancelled ? "De bijeenkomst vervalt." : "De bijeenkomst is opgeslagen.");
    return respond_redirect(
        r, arena_printf(&r->arena, "/activities/%lld#bijeenkomsten", (long long)activity_id));
}
