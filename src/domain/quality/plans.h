/* The activity plan (issue 15, part 1): the coalition's quality questions, which the lead
   keeps as a list (question, help text, required or not; in the order of position), and per
   activity the answers the coordinator writes before the start. No HTTP here; who may change
   what is the pages' concern (the lead the questions; the lead and the coordinator of the
   activity's school the answers).

   The rule, exactly: an activity's plan is complete when every required question has an
   answer (a stored answer is never empty: emptying one deletes it). Without required
   questions every plan is complete. Its C form is plan_open_required (over read_activity_plan's
   rows), its SQL form PLAN_COMPLETE_SQL (the reports'); tests/unit/test_plans.c holds them
   to each other. */
#ifndef VERRIJKT_DOMAIN_QUALITY_PLANS_H
#define VERRIJKT_DOMAIN_QUALITY_PLANS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    PLAN_QUESTION_MAX = 300, /* characters of a question */
    PLAN_HELP_MAX = 600,     /* of its help text */
    PLAN_ANSWER_MAX = 2000,  /* of an answer */
    PLAN_QUESTIONS_MAX = 40, /* questions in the list */
};

/* The activities whose plan is complete, each once, as "activity_id" rows in id order: those
   with as many answered required questions as there are required questions, of the activities
   `a` that meet the SQL condition which ("1" for all; "a.school_id = ?1" for one school, read
   through activities_school). One grouped pass over their answers (by the answers' key, in
   activity order: no sorting); an activity without any answer is complete only when no
   question is required (the caller checks plan_required_count for that case). */
#define PLAN_COMPLETE_SQL(which)                                                                 \
    "SELECT x.activity_id AS activity_id FROM activities a"                                     \
    " JOIN activity_plan_answers x ON x.activity_id = a.id"                                      \
    " JOIN plan_questions q ON q.id = x.question_id AND q.required = 1 WHERE " which             \
    " GROUP BY x.activity_id"                                                                    \
    " HAVING count(*) = (SELECT count(*) FROM plan_questions WHERE required = 1)"

/* The number of required questions, or -1 on a database error. */
int plan_required_count(struct db *db);

/* The C form of the rule: how many rows of read_activity_plan (borrowed) are required and
   have no answer (0: the plan is complete). */
size_t plan_open_required(const json_t *plan);

/* A question as the lead's form gives it. Strings are borrowed; NULL means the page refused
   the field already (its own message is shown), so the check is skipped. */
struct plan_question_input {
    const char *question;
    const char *help; /* "" when none */
    bool required;
};

/* Check in: question 1 … PLAN_QUESTION_MAX characters, help at most PLAN_HELP_MAX, text valid
   UTF-8 without control characters (line breaks allowed in help). Problems under "question"
   and "help", out emptied first; returns out->n. */
int plan_question_check(const struct plan_question_input *in, struct problems *out);

/* Add a question at the end of the list (its key "vraag-ID"), audited as user_id, in one
   transaction. OUTCOME_INVALID with problems (also "form": problem.plan_questions_too_many
   beyond PLAN_QUESTIONS_MAX); the new id into *id (may be NULL). */
enum outcome plan_question_create(struct db *db, int64_t user_id,
                                  const struct plan_question_input *in, struct problems *out,
                                  int64_t *id);
/* Change question id's texts and whether it is required. OUTCOME_NOT_FOUND without it. */
enum outcome plan_question_update(struct db *db, int64_t user_id, int64_t id,
                                  const struct plan_question_input *in, struct problems *out);
/* Remove question id and every answer to it. */
enum outcome plan_question_delete(struct db *db, int64_t user_id, int64_t id);
/* Swap question id with its neighbour: up (towards position 1) when up, else down. At the top
   (or bottom) nothing changes and OUTCOME_OK is returned. */
enum outcome plan_question_move(struct db *db, int64_t user_id, int64_t id, bool up);

/* One answer of a plan form. */
struct plan_answer_input {
    int64_t question_id;
    const char *answer; /* "" to clear; NULL: refused by the page already */
};

/* Save the answers of activity_id (n of them; questions not among them stay as they are) in
   one transaction, audited as user_id: an empty answer deletes a stored one, an unchanged one
   keeps its date. Each answer at most PLAN_ANSWER_MAX characters, text without control
   characters (line breaks allowed) and without a BSN; problems under "answer" with row =
   question id. A question that does not exist: problem "form" problem.plan_question_gone.
   OUTCOME_NOT_FOUND without the activity. Nothing is written unless OUTCOME_OK. */
enum outcome plan_answers_save(struct db *db, int64_t user_id, int64_t activity_id,
                               const struct plan_answer_input *answers, size_t n,
                               struct problems *out);

#endif
