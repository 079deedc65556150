/* The activity plan (issue 15, part 1). /plan-questions: the coalition's quality questions,
   which the lead keeps (list, add, change, move up or down, remove after a confirmation).
   /activities/{id}/plan: the answers of one activity, written by the lead or the coordinator
   of the activity's school (the scope of changing an activity); the staff who run the activity
   read them. The activity page shows whether the plan is complete (plans_on_activity). The
   rules are domain/quality/plans.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/quality/evaluations_read.h" /* read_activity_heading */
#include "domain/quality/plans.h"
#include "domain/quality/plans_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/activities_internal.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/plans_internal.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "view/render.h"

static const char *const QUESTION_GONE = "Deze vraag bestaat niet (meer).";
static const char *const SAVE_FAILED = "Opslaan lukt nu niet. Probeer het later opnieuw.";

static const struct field question_fields[] = {
    {.name = "question", .label = "Vraag", .type = FIELD_TEXT, .required = true,
     .max_len = PLAN_QUESTION_MAX},
    {.name = "help", .label = "Toelichting", .type = FIELD_TEXTAREA, .max_len = PLAN_HELP_MAX},
    {.name = "required", .label = "Verplicht", .type = FIELD_BOOL},
};

/* The error summary's order: the list's own problem first. */
static const struct field question_summary[] = {
    {.name = "form", .label = "Vragenlijst"},
    {.name = "question", .label = "Vraag"},
    {.name = "help", .label = "Toelichting"},
};

/* ---- /plan-questions ------------------------------------------------------------------------ */

/* The list page with the add form's values and errors (both stolen; NULL: empty). NULL when
   the read failed (all freed). */
static json_t *questions_model(struct req *r, json_t *values, json_t *errors)
{
    json_t *list = read_plan_questions(r->db);
    if (!list) {
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    size_t n = json_array_size(list), i;
    json_t *q;
    json_array_foreach (list, i, q) {
        json_object_set_new(q, "first", json_boolean(i == 0));
        json_object_set_new(q, "last", json_boolean(i + 1 == n));
    }
    if (!values)
        values = json_pack("{s:s, s:s, s:b}", "question", "", "help", "", "required", 1);
    return json_pack("{s:s, s:o, s:b, s:I, s:o, s:o, s:i}", "title", "Vragen van het activiteitenplan",
                     "questions", list, "has_questions", n > 0, "count", (json_int_t)n, "values",
                     values, "errors", errors ? errors : json_object(), "max",
                     PLAN_QUESTIONS_MAX);
}

int page_plan_questions(struct req *r)
{
    json_t *model = questions_model(r, NULL, NULL);
    return model ? render(r, 200, "plans/questions", model) : page_failed(r);
}

/* The form's input for the domain: NULL for a field that has a message already. */
static struct plan_question_input question_input(json_t *values, json_t *errors)
{
    return (struct plan_question_input){
        .question = form_good_str(values, errors, "question"),
        .help = form_good_str(values, errors, "help"),
        .required = form_bool(values, "required"),
    };
}

/* The question as the JSON answer of a save (page_saved), or NULL. */
static json_t *question_json(struct req *r, int64_t id)
{
    json_t *q = NULL;
    read_plan_question(r->db, id, &q);
    return q;
}

static int questions_refused(struct req *r, json_t *values, json_t *errors)
{
    json_t *model = questions_model(r, values, errors);
    if (!model)
        return page_failed(r);
    return form_show_errors(r, "plans/questions", model, question_summary,
                            FIELDS_N(question_summary));
}

int page_plan_question_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, question_fields, FIELDS_N(question_fields), values, errors);
    struct plan_question_input in = question_input(values, errors);
    struct problems problems = {0};
    int64_t id = 0;
    enum outcome rc = OUTCOME_INVALID;
    if (json_object_size(errors))
        plan_question_check(&in, &problems);
    else
        rc = plan_question_create(r->db, r->user.id, &in, &problems, &id);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return questions_refused(r, values, errors);
    }
    json_decref(values);
    json_decref(errors);
    if (rc != OUTCOME_OK)
        return render_error(r, 500, SAVE_FAILED);
    return page_saved(r, 201, question_json, id, "De vraag is toegevoegd.", "/plan-questions");
}

/* The edit page of question (stolen) with values and errors (stolen; NULL: the stored ones). */
static json_t *edit_model(json_t *question, json_t *values, json_t *errors)
{
    if (!values)
        values = json_pack("{s:O, s:O, s:O}", "question", json_object_get(question, "question"),
                           "help", json_object_get(question, "help"), "required",
                           json_object_get(question, "required"));
    return json_pack("{s:s, s:o, s:o, s:o}", "title", "Vraag wijzigen", "question", question,
                     "values", values, "errors", errors ? errors : json_object());
}

/* Question id into *q, or the answer already given (404 or 500) with *q NULL. */
static int question_or_answer(struct req *r, int64_t id, json_t **q)
{
    int found = read_plan_question(r->db, id, q);
    if (found < 0)
        return page_failed(r);
    return found ? 0 : render_error(r, 404, QUESTION_GONE);
}

int page_plan_question_edit(struct req *r)
{
    json_t *q;
    int answered = question_or_answer(r, r->path_ids[0], &q);
    return answered ? answered : render(r, 200, "plans/question_edit", edit_model(q, NULL, NULL));
}

int page_plan_question_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *q;
    int answered = question_or_answer(r, id, &q);
    if (answered)
        return answered;
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, question_fields, FIELDS_N(question_fields), values, errors);
    struct plan_question_input in = question_input(values, errors);
    struct problems problems = {0};
    enum outcome rc = OUTCOME_INVALID;
    if (json_object_size(errors))
        plan_question_check(&in, &problems);
    else
        rc = plan_question_update(r->db, r->user.id, id, &in, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return form_show_errors(r, "plans/question_edit", edit_model(q, values, errors),
                                question_summary, FIELDS_N(question_summary));
    }
    json_decref(q);
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, QUESTION_GONE);
    if (rc != OUTCOME_OK)
        return render_error(r, 500, SAVE_FAILED);
    return page_saved(r, 200, question_json, id, "De vraag is opgeslagen.", "/plan-questions");
}

int page_plan_question_move(struct req *r)
{
    const char *direction = req_form(r, "direction");
    bool up = direction && !strcmp(direction, "up");
    if (!up && !(direction && !strcmp(direction, "down")))
        return render_error(r, 400, "Kies omhoog of omlaag.");
    enum outcome rc = plan_question_move(r->db, r->user.id, r->path_ids[0], up);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, QUESTION_GONE);
    if (rc != OUTCOME_OK)
        return render_error(r, 500, SAVE_FAILED);
    if (r->wants_json)
        return respond_json(r, 200, read_plan_questions(r->db));
    return respond_redirect(r, arena_printf(&r->arena, "/plan-questions#vraag-%lld",
                                            (long long)r->path_ids[0]));
}

int page_plan_question_delete_confirm(struct req *r)
{
    json_t *q;
    int answered = question_or_answer(r, r->path_ids[0], &q);
    if (answered)
        return answered;
    return render(r, 200, "plans/question_delete",
                  json_pack("{s:s, s:o}", "title", "Vraag verwijderen", "question", q));
}

int page_plan_question_delete(struct req *r)
{
    enum outcome rc = plan_question_delete(r->db, r->user.id, r->path_ids[0]);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, QUESTION_GONE);
    if (rc != OUTCOME_OK)
        return render_error(r, 500, SAVE_FAILED);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "deleted", 1));
    session_flash(r, "De vraag en de antwoorden erop zijn verwijderd.");
    return respond_redirect(r, "/plan-questions");
}

/* "1 verplichte vraag" or "N verplichte vragen". Arena-owned. */
static const char *open_label(struct req *r, size_t open)
{
    return open == 1 ? "1 verplichte vraag"
                     : arena_printf(&r->arena, "%zu verplichte vragen", open);
}

/* ---- the plan on the activity page ----------------------------------------------------------- */

/* The rows of plan (borrowed) that are required and unanswered, as [{"id", "question"}]. */
static json_t *open_questions(json_t *plan)
{
    json_t *open = json_array(), *row;
    size_t i;
    json_array_foreach (plan, i, row) {
        const char *answer = json_string_value(json_object_get(row, "answer"));
        if (json_is_true(json_object_get(row, "required")) && (!answer || !*answer))
            json_array_append_new(open, json_pack("{s:O, s:O}", "id", json_object_get(row, "id"),
                                                  "question", json_object_get(row, "question")));
    }
    return open;
}

int plans_on_activity(struct req *r, int64_t activity_id, json_t *model)
{
    json_t *plan = read_activity_plan(r->db, activity_id);
    if (!plan)
        return -1;
    size_t open = plan_open_required(plan);
    json_object_set_new(model, "plan",
                        json_pack("{s:b, s:I, s:s, s:o}", "complete", open == 0, "open_count",
                                  (json_int_t)open, "open_label", open_label(r, open), "open",
                                  open_questions(plan)));
    json_decref(plan);
    return 0;
}

/* ---- /activities/{id}/plan ------------------------------------------------------------------ */

/* The plan page of activity id: its heading, the questions with the answers (the posted ones
   in place of the stored ones when posted is true), errors (stolen; NULL: none) per question
   under "answer-ID". NULL when a read failed (errors freed). */
static json_t *plan_model(struct req *r, int64_t id, bool posted, json_t *errors)
{
    json_t *activity = NULL, *plan = read_activity_plan(r->db, id);
    if (!plan || read_activity_heading(r->db, id, &activity) <= 0) {
        json_decref(plan);
        json_decref(errors);
        return NULL;
    }
    json_t *error_list = json_array(), *row;
    size_t i;
    json_array_foreach (plan, i, row) {
        long long qid = (long long)json_integer_value(json_object_get(row, "id"));
        const char *field = arena_printf(&r->arena, "answer-%lld", qid);
        const char *sent = posted ? req_form(r, arena_printf(&r->arena, "answer[%lld]", qid))
                                  : NULL;
        if (sent)
            json_object_set_new(row, "answer", json_string(sent));
        json_t *message = errors ? json_object_get(errors, field) : NULL;
        json_object_set(row, "error", message ? message : json_null());
        if (message)
            json_array_append_new(error_list,
                                  json_pack("{s:s, s:O, s:O}", "field", field, "label",
                                            json_object_get(row, "question"), "message", message));
        const char *at = json_string_value(json_object_get(row, "updated_at"));
        json_object_set_new(row, "updated_label", json_string(at ? when_moment(r, at) : ""));
    }
    size_t open = plan_open_required(plan);
    json_t *m = json_pack(
        "{s:s, s:{s:O, s:O, s:O}, s:o, s:b, s:b, s:I, s:o, s:b, s:o}", "title",
        "Activiteitenplan", "activity", "id", json_object_get(activity, "id"), "title",
        json_object_get(activity, "title"), "school", json_object_get(activity, "school"),
        "questions", plan, "can_write", r->user.role != ROLE_STAFF, "complete", open == 0,
        "open_count", (json_int_t)open, "error_list", error_list, "has_error_list",
        json_array_size(error_list) > 0, "errors", errors ? errors : json_object());
    json_object_set_new(m, "open_label", json_string(open_label(r, open)));
    json_decref(activity);
    return m;
}

/* The activity's school when the user may see it, else the answer already given (404 or 500)
   in *answered. */
static int64_t visible_or_answer(struct req *r, int64_t id, int *answered)
{
    int64_t school = activities_visible_school(r, id);
    *answered = school < 0 ? page_failed(r)
                : !school  ? render_error(r, 404, "Deze activiteit bestaat niet.")
                           : 0;
    return school;
}

int page_activity_plan(struct req *r)
{
    int answered;
    visible_or_answer(r, r->path_ids[0], &answered);
    if (answered)
        return answered;
    json_t *m = plan_model(r, r->path_ids[0], false, NULL);
    return m ? render(r, 200, "plans/activity", m) : page_failed(r);
}

/* The posted answers of the questions that exist now (a question added since the form was
   shown is left as it is), arena-owned, *n of them; NULL on a read error. */
static struct plan_answer_input *posted_answers(struct req *r, size_t *n)
{
    json_t *questions = read_plan_questions(r->db), *q;
    *n = 0;
    if (!questions)
        return NULL;
    struct plan_answer_input *out =
        arena_alloc(&r->arena, (json_array_size(questions) + 1) * sizeof *out);
    size_t i;
    json_array_foreach (questions, i, q) {
        int64_t qid = json_integer_value(json_object_get(q, "id"));
        const char *sent = req_form(r, arena_printf(&r->arena, "answer[%lld]", (long long)qid));
        if (sent)
            out[(*n)++] = (struct plan_answer_input){qid, sent};
    }
    json_decref(questions);
    return out;
}

/* The domain's problems as errors under "answer-ID" (and "form"). */
static json_t *answer_errors(struct req *r, struct problems *problems)
{
    json_t *errors = json_object();
    for (size_t i = 0; i < problems_stored(problems); i++) {
        const struct problem *p = &problems->item[i];
        const char *field = strcmp(p->field, "form")
                                ? arena_printf(&r->arena, "answer-%lld", (long long)p->row)
                                : "form";
        json_object_set_new(errors, field, json_string(form_problem_text(r, p)));
    }
    problems_clear(problems);
    return errors;
}

int page_activity_plan_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    int answered;
    visible_or_answer(r, id, &answered);
    if (answered)
        return answered;
    size_t n = 0;
    struct plan_answer_input *answers = posted_answers(r, &n);
    if (!answers)
        return page_failed(r);
    struct problems problems = {0};
    enum outcome rc = plan_answers_save(r->db, r->user.id, id, answers, n, &problems);
    if (rc == OUTCOME_INVALID) {
        json_t *m = plan_model(r, id, true, answer_errors(r, &problems));
        if (!m)
            return page_failed(r);
        json_t *form_error = json_object_get(json_object_get(m, "errors"), "form");
        if (form_error)
            json_object_set(m, "form_error", form_error);
        return render_form_errors(r, "plans/activity", m);
    }
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    if (rc != OUTCOME_OK)
        return render_error(r, 500, SAVE_FAILED);
    if (r->wants_json) {
        json_t *plan = read_activity_plan(r->db, id);
        if (!plan)
            return page_failed(r);
        size_t open = plan_open_required(plan);
        return respond_json(r, 200, json_pack("{s:I, s:b, s:I, s:o}", "activity_id",
                                              (json_int_t)id, "complete", open == 0,
                                              "open_count", (json_int_t)open, "questions", plan));
    }
    session_flash(r, "Het activiteitenplan is opgeslagen.");
    return respond_redirect(r, arena_printf(&r->arena, "/activities/%lld", (long long)id));
}
