/* The evaluation after a session (nabespreking): /sessions/{id}/evaluation shows the user's own
   evaluation as a form (and, for the coordinator and the lead, every evaluation of the
   session); its POST saves it. /activities/{id}/evaluations lists the evaluations of an
   activity per session for the coordinator and the lead. Staff see only their own. The rules
   are domain/evaluations.c. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/activities.h"
#include "domain/quality/evaluations.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/evaluations_internal.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

static const char *const NOT_FOUND = "Deze bijeenkomst bestaat niet.";

/* ---- the session a page is about (shared with incidents.c) ---------------------------------- */

json_t *session_context(struct req *r, int64_t session_id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT s.activity_id, s.date, s.start_time, s.end_time, s.cancelled, s.reason,"
               " a.title, a.school_id, sc.name FROM sessions s"
               " JOIN activities a ON a.id = s.activity_id JOIN schools sc ON sc.id = a.school_id"
               " WHERE s.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, session_id);
    json_t *m = NULL;
    int64_t activity_id = 0, school_id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        char date_label[32];
        date_label_nl(db_col_text(st, 1), true, date_label);
        activity_id = sqlite3_column_int64(st, 0);
        school_id = sqlite3_column_int64(st, 7);
        m = json_pack("{s:{s:I, s:s, s:s, s:s, s:s, s:b, s:s}, s:{s:I, s:s, s:I, s:s}}",
                      "session", "id", (json_int_t)session_id, "date", db_col_text(st, 1),
                      "date_label", date_label, "start", db_col_text(st, 2), "end",
                      db_col_text(st, 3), "cancelled", sqlite3_column_int(st, 4), "reason",
                      db_col_text(st, 5), "activity", "id", (json_int_t)activity_id, "title",
                      db_col_text(st, 6), "school_id", (json_int_t)school_id, "school",
                      db_col_text(st, 8));
    }
    sqlite3_reset(st);
    bool allowed = r->user.role == ROLE_STAFF ? scope_staff_runs(r, activity_id) == 1
                                               : scope_school(r, school_id);
    if (m && !allowed) {
        json_decref(m);
        return NULL;
    }
    return m;
}

/* ---- evaluations as rows -------------------------------------------------------------------- */

static const char *role_label(const char *role)
{
    if (!strcmp(role, "lead"))
        return "coalitieleiding";
    if (!strcmp(role, "coordinator"))
        return "coördinator";
    if (!strcmp(role, "staff"))
        return "uitvoerder";
    return "";
}

/* The columns of one evaluation in the queries below, from column `at` on (eleven columns). */
#define EVALUATION_COLUMNS                                                                      \
    "e.id, e.user_id, coalesce(nullif(u.name, ''), u.email, 'verwijderd account'),"             \
    " coalesce(u.role, ''), e.went_well, e.to_change, e.as_planned, e.note, e.created_at,"      \
    " e.updated_at, e.session_id"

/* The evaluation in the columns of st from at on. New reference. */
static json_t *evaluation_row(struct req *r, sqlite3_stmt *st, int at)
{
    const char *plan = db_col_text(st, at + 6);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
                     (json_int_t)sqlite3_column_int64(st, at), "author",
                     db_col_text(st, at + 2), "role", db_col_text(st, at + 3), "role_label",
                     role_label(db_col_text(st, at + 3)), "went_well", db_col_text(st, at + 4),
                     "to_change", db_col_text(st, at + 5), "as_planned", plan,
                     "as_planned_label", evaluation_plan_label(plan), "note",
                     db_col_text(st, at + 7), "created_at", db_col_text(st, at + 8),
                     "updated_at", db_col_text(st, at + 9), "own",
                     sqlite3_column_int64(st, at + 1) == r->user.id);
}

/* Every evaluation of session_id, oldest first. New reference. */
static json_t *session_evaluations(struct req *r, int64_t session_id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT " EVALUATION_COLUMNS " FROM evaluations e"
                                      " LEFT JOIN users u ON u.id = e.user_id"
                                      " WHERE e.session_id = ?1 ORDER BY e.created_at, e.id");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, session_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, evaluation_row(r, st, 0));
    sqlite3_reset(st);
    return list;
}

/* The user's own evaluation of session_id, or JSON null. New reference. */
static json_t *own_evaluation(struct req *r, int64_t session_id)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT " EVALUATION_COLUMNS " FROM evaluations e"
                                      " LEFT JOIN users u ON u.id = e.user_id"
                                      " WHERE e.session_id = ?1 AND e.user_id = ?2");
    if (!st)
        return json_null();
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, r->user.id);
    json_t *own = sqlite3_step(st) == SQLITE_ROW ? evaluation_row(r, st, 0) : json_null();
    sqlite3_reset(st);
    return own;
}

/* ---- the form ------------------------------------------------------------------------------- */

static const struct field evaluation_fields[] = {
    {.name = "went_well", .label = "Wat ging goed", .type = FIELD_TEXTAREA, .required = true,
     .max_len = EVALUATION_TEXT_MAX},
    {.name = "to_change", .label = "Wat kan anders", .type = FIELD_TEXTAREA, .required = true,
     .max_len = EVALUATION_TEXT_MAX},
    {.name = "as_planned", .label = "Volgens plan", .type = FIELD_CHOICE, .required = true,
     .choices = evaluation_plan_values},
    {.name = "note", .label = "Opmerking", .type = FIELD_TEXTAREA,
     .max_len = EVALUATION_NOTE_MAX},
};

/* The error summary's order: the session's own problem first. */
static const struct field summary_fields[] = {
    {.name = "form", .label = "Bijeenkomst"},
    {.name = "went_well", .label = "Wat ging goed"},
    {.name = "to_change", .label = "Wat kan anders"},
    {.name = "as_planned", .label = "Volgens plan"},
    {.name = "note", .label = "Opmerking"},
};

static json_t *plan_options(const char *checked)
{
    json_t *list = json_array();
    for (size_t i = 0; evaluation_plan_values[i]; i++) {
        const char *v = evaluation_plan_values[i];
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b}", "value", v, "label",
                                              evaluation_plan_label(v), "checked",
                                              !strcmp(v, checked), "first", i == 0));
    }
    return list;
}

/* The page's model: ctx (stolen) with the form's values and errors (both stolen; errors may be
   NULL), the user's own evaluation, whether the session can get one, and for the coordinator
   and the lead every evaluation of the session. */
static json_t *form_model(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    int64_t session_id = json_integer_value(json_object_get(json_object_get(ctx, "session"),
                                                            "id"));
    char now[17];
    datetime_now(now);
    enum evaluation_session state = evaluation_session_state(r->db, session_id, now);
    const char *refusal = evaluation_session_refusal(state);
    json_object_set_new(ctx, "title", json_string("Nabespreking"));
    json_object_set_new(ctx, "can_write", json_boolean(state == EVALUATION_SESSION_OPEN));
    json_object_set_new(ctx, "refusal", refusal ? json_string(refusal) : json_null());
    json_object_set_new(ctx, "own", own_evaluation(r, session_id));
    json_object_set_new(ctx, "plan_options", plan_options(form_str(values, "as_planned")));
    json_object_set_new(ctx, "values", values);
    json_object_set_new(ctx, "errors", errors ? errors : json_object());
    bool show_all = r->user.role != ROLE_STAFF;
    json_object_set_new(ctx, "show_all", json_boolean(show_all));
    if (show_all)
        json_object_set_new(ctx, "evaluations", session_evaluations(r, session_id));
    return ctx;
}

/* The form's values from the user's saved evaluation, or empty ones. New reference. */
static json_t *stored_values(struct req *r, int64_t session_id)
{
    json_t *own = own_evaluation(r, session_id);
    json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "went_well", "", "to_change", "",
                          "as_planned", "", "note", "");
    if (json_is_object(own)) {
        const char *keys[] = {"went_well", "to_change", "as_planned", "note"};
        for (size_t i = 0; i < FIELDS_N(keys); i++)
            json_object_set(v, keys[i], json_object_get(own, keys[i]));
    }
    json_decref(own);
    return v;
}

int page_evaluation_form(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *ctx = session_context(r, id);
    if (!ctx)
        return render_error(r, 404, NOT_FOUND);
    return render(r, 200, "evaluations/form", form_model(r, ctx, stored_values(r, id), NULL));
}

/* Add the domain's problems (up to n of list) to errors, for fields without a message. */
static void add_problems(json_t *errors, struct evaluation_problem *problems, size_t max,
                         size_t n)
{
    struct problems list = PROBLEMS(struct evaluation_problem, problems, max);
    form_add_problems(errors, &list, n);
}

static int show_errors(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    return form_show_errors(r, "evaluations/form", form_model(r, ctx, values, errors),
                            summary_fields, FIELDS_N(summary_fields));
}

/* The saved evaluation as the JSON answer of a POST. New reference. */
static json_t *saved_answer(struct req *r, int64_t session_id, bool created)
{
    json_t *own = own_evaluation(r, session_id);
    if (json_is_object(own)) {
        json_object_set_new(own, "session_id", json_integer(session_id));
        json_object_set_new(own, "created", json_boolean(created));
    }
    return own;
}

int page_evaluation_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *ctx = session_context(r, id);
    if (!ctx)
        return render_error(r, 404, NOT_FOUND);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, evaluation_fields, FIELDS_N(evaluation_fields), values, errors);
    /* The domain words an empty field and an unknown answer better than the generic check. */
    for (size_t i = 0; i < FIELDS_N(evaluation_fields); i++) {
        const char *name = evaluation_fields[i].name;
        if (!*form_str(values, name) || evaluation_fields[i].type == FIELD_CHOICE)
            json_object_del(errors, name);
    }
    struct evaluation_input in = {
        .went_well = form_good_str(values, errors, "went_well"),
        .to_change = form_good_str(values, errors, "to_change"),
        .as_planned = form_good_str(values, errors, "as_planned"),
        .note = form_good_str(values, errors, "note"),
    };
    char now[17];
    datetime_now(now);
    struct evaluation_problem problems[8];
    size_t max = FIELDS_N(problems);
    if (json_object_size(errors)) {
        int n = evaluation_check(r->db, id, &in, now, problems, max);
        if (n > 0)
            add_problems(errors, problems, max, (size_t)n);
        return show_errors(r, ctx, values, errors);
    }
    size_t n_problems = 0;
    int created = 0;
    enum evaluation_result rc = evaluation_save(r->db, r->user.id, id, &in, now, problems, max,
                                                &n_problems, NULL, &created);
    if (rc == EVALUATION_INVALID) {
        add_problems(errors, problems, max, n_problems);
        return show_errors(r, ctx, values, errors);
    }
    json_decref(ctx);
    json_decref(values);
    json_decref(errors);
    if (rc == EVALUATION_NOT_FOUND)
        return render_error(r, 404, NOT_FOUND);
    if (rc != EVALUATION_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json)
        return respond_json(r, created ? 201 : 200, saved_answer(r, id, created));
    session_flash(r, "De nabespreking is opgeslagen.");
    return respond_redirect(r,
                            arena_printf(&r->arena, "/sessions/%lld/evaluation", (long long)id));
}

/* ---- GET /activities/{id}/evaluations ------------------------------------------------------- */

/* The activity as {"id", "title", "school_id", "school"} when the user's scope holds its
   school, else NULL. New reference. */
static json_t *activity_context(struct req *r, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT a.title, a.school_id, s.name FROM activities a"
                                      " JOIN schools s ON s.id = a.school_id WHERE a.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    json_t *m = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && scope_school(r, sqlite3_column_int64(st, 1)))
        m = json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)activity_id, "title",
                      db_col_text(st, 0), "school_id",
                      (json_int_t)sqlite3_column_int64(st, 1), "school", db_col_text(st, 2));
    sqlite3_reset(st);
    return m;
}

/* The activity's sessions that took place (not cancelled, started by now), newest first, each
   with its evaluations: [{"id", "date", "date_label", "start", "end", "evaluations": […]}].
   *evaluated gets how many have at least one. New reference. */
static json_t *held_sessions(struct req *r, int64_t activity_id, json_int_t *evaluated)
{
    json_t *list = json_array(), *current = NULL;
    *evaluated = 0;
    char now[17];
    datetime_now(now);
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT s.id, s.date, s.start_time, s.end_time, " EVALUATION_COLUMNS
               " FROM sessions s LEFT JOIN evaluations e ON e.session_id = s.id"
               " LEFT JOIN users u ON u.id = e.user_id"
               " WHERE s.activity_id = ?1 AND s.cancelled = 0"
               " AND s.date || 'T' || s.start_time <= ?2"
               " ORDER BY s.date DESC, s.start_time DESC, s.id DESC, e.created_at, e.id");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, now);
    int64_t session_id = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!current || sqlite3_column_int64(st, 0) != session_id) {
            char label[32];
            session_id = sqlite3_column_int64(st, 0);
            date_label_nl(db_col_text(st, 1), true, label);
            current = json_pack("{s:I, s:s, s:s, s:s, s:s, s:[]}", "id", (json_int_t)session_id,
                                "date", db_col_text(st, 1), "date_label", label, "start",
                                db_col_text(st, 2), "end", db_col_text(st, 3), "evaluations");
            json_array_append_new(list, current);
        }
        if (sqlite3_column_type(st, 4) == SQLITE_NULL)
            continue;
        json_t *rows = json_object_get(current, "evaluations");
        if (!json_array_size(rows))
            (*evaluated)++;
        json_array_append_new(rows, evaluation_row(r, st, 4));
    }
    sqlite3_reset(st);
    return list;
}

int page_activity_evaluations(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *activity = activity_context(r, id);
    if (!activity)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    json_int_t evaluated = 0;
    json_t *sessions = held_sessions(r, id, &evaluated);
    json_int_t held = (json_int_t)json_array_size(sessions);
    json_t *m = json_pack("{s:s, s:o, s:o, s:I, s:I}", "title",
                          arena_printf(&r->arena, "Nabesprekingen van %s",
                                       json_string_value(json_object_get(activity, "title"))),
                          "activity", activity, "sessions", sessions, "held", held, "evaluated",
                          evaluated);
    return render(r, 200, "evaluations/activity", m);
}
