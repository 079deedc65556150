/* The evaluation after a session (nabespreking): /sessions/{id}/evaluation shows the user's own
   evaluation as a form (and, for the coordinator and the lead, every evaluation of the
   session); its POST saves it. /activities/{id}/evaluations lists the evaluations of an
   activity per session for the coordinator and the lead. Staff see only their own. The rules
   are domain/evaluations.c. */
#include <stdio.h>
#include <string.h>

#include "domain/offer/activities.h" /* date_label_nl */
#include "domain/quality/evaluations.h"
#include "domain/quality/evaluations_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/evaluations_internal.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static const char *const NOT_FOUND = "Deze bijeenkomst bestaat niet.";

/* ---- the session a page is about (shared with incidents.c) ---------------------------------- */

/* Whether this user may work on the session of row (read_session_heading): 1, 0, or
   SCOPE_ERROR. */
static int session_allowed(struct req *r, json_t *row)
{
    if (r->user.role == ROLE_STAFF)
        return scope_staff_runs(r, json_integer_value(json_object_get(row, "activity_id")));
    return scope_school(r, json_integer_value(json_object_get(row, "school_id")));
}

/* The page's {"session", "activity"} from a row of read_session_heading (stolen). */
static json_t *session_model(json_t *row)
{
    char date_label[32];
    date_label_nl(json_string_value(json_object_get(row, "date")), true, date_label);
    json_t *m = json_pack("{s:{s:O, s:O, s:s, s:O, s:O, s:O, s:O}, s:{s:O, s:O, s:O, s:O}}",
                          "session", "id", json_object_get(row, "id"), "date",
                          json_object_get(row, "date"), "date_label", date_label, "start",
                          json_object_get(row, "start"), "end", json_object_get(row, "end"),
                          "cancelled", json_object_get(row, "cancelled"), "reason",
                          json_object_get(row, "reason"), "activity", "id",
                          json_object_get(row, "activity_id"), "title",
                          json_object_get(row, "title"), "school_id",
                          json_object_get(row, "school_id"), "school",
                          json_object_get(row, "school"));
    json_decref(row);
    return m;
}

/* The session as session_or_answer's model into *out: 1; 0 (*out NULL) when there is none or
   it is outside the user's scope; -1 when a read or the scope lookup failed. */
static int session_context(struct req *r, int64_t session_id, json_t **out)
{
    json_t *row;
    *out = NULL;
    int found = read_session_heading(r->db, session_id, &row);
    if (found <= 0)
        return found;
    int allowed = session_allowed(r, row);
    if (allowed != 1) {
        json_decref(row);
        return allowed == SCOPE_ERROR ? -1 : 0;
    }
    *out = session_model(row);
    return 1;
}

int session_or_answer(struct req *r, int64_t session_id, json_t **ctx)
{
    int found = session_context(r, session_id, ctx);
    if (found < 0)
        return page_failed(r);
    return found ? 0 : render_error(r, 404, NOT_FOUND);
}

/* ---- evaluations as rows -------------------------------------------------------------------- */

/* Give an evaluation of evaluations_read.h what the page shows: "role_label",
   "as_planned_label" and "own" (the user's own) instead of "user_id". Returns e. */
static json_t *evaluation_row(struct req *r, json_t *e)
{
    json_int_t author = json_integer_value(json_object_get(e, "user_id"));
    json_object_del(e, "user_id");
    const char *role = json_string_value(json_object_get(e, "role"));
    json_object_set_new(e, "role_label", json_string(req_role_label(r, role, ROLE_LABEL_PLAIN)));
    json_object_set_new(e, "as_planned_label",
                        json_string(evaluation_plan_label(
                            json_string_value(json_object_get(e, "as_planned")))));
    json_object_set_new(e, "own", json_boolean(author == r->user.id));
    return e;
}

/* evaluation_row for each evaluation of list. Returns list (NULL passes through). */
static json_t *evaluation_rows(struct req *r, json_t *list)
{
    size_t i;
    json_t *e;
    json_array_foreach (list, i, e)
        evaluation_row(r, e);
    return list;
}

/* The user's own evaluation of session_id into *own (a page row, or JSON null). 0 or -1. */
static int own_evaluation(struct req *r, int64_t session_id, json_t **own)
{
    json_t *row;
    int found = read_own_evaluation(r->db, session_id, r->user.id, &row);
    *own = found > 0 ? evaluation_row(r, row) : json_null();
    return found < 0 ? -1 : 0;
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
   and the lead every evaluation of the session. NULL when a read failed (all freed). */
static json_t *form_model(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    int64_t session_id = json_integer_value(json_object_get(json_object_get(ctx, "session"),
                                                            "id"));
    char now[17];
    datetime_now(now);
    enum evaluation_session state = evaluation_session_state(r->db, session_id, now);
    const char *refusal = evaluation_session_refusal(state);
    bool show_all = r->user.role != ROLE_STAFF;
    json_t *own = NULL, *all = NULL;
    if (state == EVALUATION_SESSION_ERROR || own_evaluation(r, session_id, &own) ||
        (show_all && !(all = evaluation_rows(r, read_session_evaluations(r->db, session_id))))) {
        json_decref(own);
        json_decref(ctx);
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    json_object_set_new(ctx, "title", json_string("Nabespreking"));
    json_object_set_new(ctx, "can_write", json_boolean(state == EVALUATION_SESSION_OPEN));
    json_object_set_new(ctx, "refusal",
                        refusal ? json_string(req_text(r, refusal)) : json_null());
    json_object_set_new(ctx, "own", own);
    json_object_set_new(ctx, "plan_options", plan_options(form_str(values, "as_planned")));
    json_object_set_new(ctx, "values", values);
    json_object_set_new(ctx, "errors", errors ? errors : json_object());
    json_object_set_new(ctx, "show_all", json_boolean(show_all));
    if (show_all)
        json_object_set_new(ctx, "evaluations", all);
    return ctx;
}

/* The form's values from the user's saved evaluation, or empty ones, into *values (new
   reference). 0 or -1. */
static int stored_values(struct req *r, int64_t session_id, json_t **values)
{
    json_t *own;
    *values = NULL;
    if (own_evaluation(r, session_id, &own))
        return -1;
    json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "went_well", "", "to_change", "",
                          "as_planned", "", "note", "");
    if (json_is_object(own)) {
        const char *keys[] = {"went_well", "to_change", "as_planned", "note"};
        for (size_t i = 0; i < FIELDS_N(keys); i++)
            json_object_set(v, keys[i], json_object_get(own, keys[i]));
    }
    json_decref(own);
    *values = v;
    return 0;
}

int page_evaluation_form(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *ctx, *values;
    int answered = session_or_answer(r, id, &ctx);
    if (answered)
        return answered;
    if (stored_values(r, id, &values)) {
        json_decref(ctx);
        return page_failed(r);
    }
    json_t *model = form_model(r, ctx, values, NULL);
    return model ? render(r, 200, "evaluations/form", model) : page_failed(r);
}

static int show_errors(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    json_t *model = form_model(r, ctx, values, errors);
    if (!model)
        return page_failed(r);
    return form_show_errors(r, "evaluations/form", model, summary_fields,
                            FIELDS_N(summary_fields));
}

/* The saved evaluation as the JSON answer of a POST. */
static int saved_answer(struct req *r, int64_t session_id, bool created)
{
    json_t *own;
    if (own_evaluation(r, session_id, &own))
        return page_failed(r);
    if (json_is_object(own)) {
        json_object_set_new(own, "session_id", json_integer(session_id));
        json_object_set_new(own, "created", json_boolean(created));
    }
    return respond_json(r, created ? 201 : 200, own);
}

int page_evaluation_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *ctx;
    int answered = session_or_answer(r, id, &ctx);
    if (answered)
        return answered;
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, evaluation_fields, FIELDS_N(evaluation_fields), values, errors);
    struct evaluation_input in = {
        .went_well = form_good_str(values, errors, "went_well"),
        .to_change = form_good_str(values, errors, "to_change"),
        .as_planned = form_good_str(values, errors, "as_planned"),
        .note = form_good_str(values, errors, "note"),
    };
    char now[17];
    datetime_now(now);
    struct problems problems = {0};
    if (json_object_size(errors)) {
        if (evaluation_check(r->db, id, &in, now, &problems) > 0)
            form_add_problems(r, errors, &problems);
        problems_clear(&problems);
        return show_errors(r, ctx, values, errors);
    }
    int created = 0;
    enum outcome rc = evaluation_save(r->db, r->user.id, id, &in, now, &problems, NULL, &created);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return show_errors(r, ctx, values, errors);
    }
    json_decref(ctx);
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, NOT_FOUND);
    if (rc != OUTCOME_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json)
        return saved_answer(r, id, created);
    session_flash(r, "De nabespreking is opgeslagen.");
    return respond_redirect(r,
                            arena_printf(&r->arena, "/sessions/%lld/evaluation", (long long)id));
}

/* ---- GET /activities/{id}/evaluations ------------------------------------------------------- */

/* The activity as {"id", "title", "school_id", "school"} into *activity when the user's scope
   holds its school: 1; 0 when there is no such activity or it is outside the scope; -1 on a
   database error. */
static int activity_context(struct req *r, int64_t activity_id, json_t **activity)
{
    int found = read_activity_heading(r->db, activity_id, activity);
    if (found > 0 &&
        !scope_school(r, json_integer_value(json_object_get(*activity, "school_id")))) {
        json_decref(*activity);
        *activity = NULL;
        return 0;
    }
    return found;
}

/* The held sessions of read_sessions_with_evaluations (NULL passes through) with their dates in words and
   their evaluations as page rows; *evaluated gets how many have at least one. Returns
   sessions. */
static json_t *held_sessions(struct req *r, json_t *sessions, json_int_t *evaluated)
{
    *evaluated = 0;
    size_t i;
    json_t *s;
    json_array_foreach (sessions, i, s) {
        char label[32];
        date_label_nl(json_string_value(json_object_get(s, "date")), true, label);
        json_object_set_new(s, "date_label", json_string(label));
        json_t *evaluations = evaluation_rows(r, json_object_get(s, "evaluations"));
        if (json_array_size(evaluations))
            (*evaluated)++;
    }
    return sessions;
}

int page_activity_evaluations(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *activity;
    int found = activity_context(r, id, &activity);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    char now[17];
    datetime_now(now);
    json_int_t evaluated = 0;
    json_t *sessions = held_sessions(r, read_sessions_with_evaluations(r->db, id, now), &evaluated);
    if (!sessions) {
        json_decref(activity);
        return page_failed(r);
    }
    json_int_t held = (json_int_t)json_array_size(sessions);
    json_t *m = json_pack("{s:s, s:o, s:o, s:I, s:I}", "title",
                          arena_printf(&r->arena, "Nabesprekingen van %s",
                                       json_string_value(json_object_get(activity, "title"))),
                          "activity", activity, "sessions", sessions, "held", held, "evaluated",
                          evaluated);
    return render(r, 200, "evaluations/activity", m);
}
