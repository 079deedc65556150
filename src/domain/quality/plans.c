/* The activity plan's questions and answers (domain/quality/plans.h). */
#include "domain/quality/plans.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/quality/incidents.h" /* free_text_error, free_text_check */
#include "domain/text_rules.h"
#include "util/date.h"

/* ---- the rule ------------------------------------------------------------------------------- */

int plan_required_count(struct db *db)
{
    return (int)db_scalar_int(db, "SELECT count(*) FROM plan_questions WHERE required = 1", -1);
}

size_t plan_open_required(const json_t *plan)
{
    size_t open = 0, i;
    json_t *row;
    json_array_foreach (plan, i, row) {
        const char *answer = json_string_value(json_object_get(row, "answer"));
        if (json_is_true(json_object_get(row, "required")) && (!answer || !*answer))
            open++;
    }
    return open;
}

/* ---- the questions -------------------------------------------------------------------------- */

int plan_question_check(const struct plan_question_input *in, struct problems *p)
{
    problems_clear(p);
    if (in->question) {
        const char *key = one_line_error(in->question, PLAN_QUESTION_MAX);
        if (key && !strcmp(key, "problem.required"))
            problems_add(p, "question", "problem.plan_question_missing");
        else if (key)
            problems_add_int(p, "question", key, "max", PLAN_QUESTION_MAX);
    }
    free_text_check(p, "help", in->help, PLAN_HELP_MAX, NULL);
    return (int)p->n;
}

/* Begin a write that checks in first: OUTCOME_OK with the transaction open, or the outcome to
   return (nothing open). */
static enum outcome begin_checked(struct db *db, const struct plan_question_input *in,
                                  struct problems *out)
{
    if (!in->question || !in->help || plan_question_check(in, out))
        return OUTCOME_INVALID;
    return db_begin(db) ? OUTCOME_FAILED : OUTCOME_OK;
}

static enum outcome finish(struct db *db, int failed)
{
    if (failed) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}

enum outcome plan_question_create(struct db *db, int64_t user_id,
                                  const struct plan_question_input *in, struct problems *out,
                                  int64_t *id)
{
    enum outcome rc = begin_checked(db, in, out);
    if (rc != OUTCOME_OK)
        return rc;
    int64_t count = db_scalar_int(db, "SELECT count(*) FROM plan_questions", -1);
    if (count < 0)
        return finish(db, 1);
    if (count >= PLAN_QUESTIONS_MAX) {
        db_rollback(db);
        problems_add_int(out, "form", "problem.plan_questions_too_many", "max",
                         PLAN_QUESTIONS_MAX);
        return OUTCOME_INVALID;
    }
    /* The key is "vraag-ID"; one a load file took already gets the position too. */
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO plan_questions (key, position, question, help, required)"
            " VALUES ('-new-', (SELECT coalesce(max(position), 0) + 1 FROM plan_questions),"
            " ?1, ?2, ?3)");
    if (!st)
        return finish(db, 1);
    db_bind_text(st, 1, in->question);
    db_bind_text(st, 2, in->help);
    sqlite3_bind_int(st, 3, in->required);
    if (db_step_done(st))
        return finish(db, 1);
    int64_t new_id = sqlite3_last_insert_rowid(db_handle(db));
    st = db_stmt(db, "UPDATE plan_questions SET key = CASE WHEN EXISTS (SELECT 1 FROM"
                     " plan_questions WHERE key = 'vraag-' || ?1) THEN 'vraag-' || ?1 || '-'"
                     " || position ELSE 'vraag-' || ?1 END WHERE id = ?1");
    if (!st)
        return finish(db, 1);
    sqlite3_bind_int64(st, 1, new_id);
    if (db_step_done(st) || audit(db, user_id, "create", "plan_questions", new_id, NULL))
        return finish(db, 1);
    if (id)
        *id = new_id;
    return finish(db, 0);
}

/* 1 when question id exists, 0 when not, -1 on an error. */
static int question_exists(struct db *db, int64_t id)
{
    return (int)db_int(db, "SELECT count(*) FROM plan_questions WHERE id = ?1", id, 0, -1);
}

enum outcome plan_question_update(struct db *db, int64_t user_id, int64_t id,
                                  const struct plan_question_input *in, struct problems *out)
{
    enum outcome rc = begin_checked(db, in, out);
    if (rc != OUTCOME_OK)
        return rc;
    int exists = question_exists(db, id);
    if (exists <= 0) {
        db_rollback(db);
        return exists ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    sqlite3_stmt *st = db_stmt(db, "UPDATE plan_questions SET question = ?2, help = ?3,"
                                   " required = ?4 WHERE id = ?1");
    if (!st)
        return finish(db, 1);
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->question);
    db_bind_text(st, 3, in->help);
    sqlite3_bind_int(st, 4, in->required);
    return finish(db, db_step_done(st) || audit(db, user_id, "update", "plan_questions", id,
                                                in->required ? "required" : "optional"));
}

enum outcome plan_question_delete(struct db *db, int64_t user_id, int64_t id)
{
    if (db_begin(db))
        return OUTCOME_FAILED;
    int exists = question_exists(db, id);
    if (exists <= 0) {
        db_rollback(db);
        return exists ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM plan_questions WHERE id = ?1");
    if (!st)
        return finish(db, 1);
    sqlite3_bind_int64(st, 1, id);
    return finish(db, db_step_done(st) || audit(db, user_id, "delete", "plan_questions", id, NULL));
}

/* Set question id's position (0 or -1). */
static int set_position(struct db *db, int64_t id, int64_t position)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE plan_questions SET position = ?2 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, position);
    return db_step_done(st);
}

enum outcome plan_question_move(struct db *db, int64_t user_id, int64_t id, bool up)
{
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t position = db_int(db, "SELECT position FROM plan_questions WHERE id = ?1", id, 0, -1);
    if (position <= 0) {
        db_rollback(db);
        return position ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    sqlite3_stmt *st = db_stmt(
        db, up ? "SELECT id, position FROM plan_questions WHERE position < ?1"
                 " ORDER BY position DESC LIMIT 1"
               : "SELECT id, position FROM plan_questions WHERE position > ?1"
                 " ORDER BY position LIMIT 1");
    if (!st)
        return finish(db, 1);
    sqlite3_bind_int64(st, 1, position);
    int step = sqlite3_step(st);
    int64_t other = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    int64_t other_position = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW) {
        db_rollback(db);
        return step == SQLITE_DONE ? OUTCOME_OK : OUTCOME_FAILED;
    }
    /* position is unique: park one question at 0 while the other takes its place. */
    int failed = set_position(db, id, 0) || set_position(db, other, position) ||
                 set_position(db, id, other_position) ||
                 audit(db, user_id, "update", "plan_questions", id, up ? "move up" : "move down");
    return finish(db, failed);
}

/* ---- the answers ---------------------------------------------------------------------------- */

/* Check the answers' texts and that their questions exist. -1 on a database error, else the
   number of problems. */
static int check_answers(struct db *db, const struct plan_answer_input *answers, size_t n,
                         struct problems *p)
{
    for (size_t i = 0; i < n; i++) {
        int exists = question_exists(db, answers[i].question_id);
        if (exists < 0)
            return -1;
        if (!exists)
            problems_add(p, "form", "problem.plan_question_gone");
        const char *key = answers[i].answer ? free_text_error(answers[i].answer, PLAN_ANSWER_MAX)
                                            : NULL;
        if (key)
            problems_add_row(p, "answer", answers[i].question_id, key,
                             json_pack("{s:i}", "max", PLAN_ANSWER_MAX));
    }
    return (int)p->n;
}

/* Write one answer: delete it when empty, else insert or change it (an unchanged text keeps
   its date). 0 or -1. */
static int write_answer(struct db *db, int64_t user_id, int64_t activity_id,
                        const struct plan_answer_input *a, const char *stamp)
{
    sqlite3_stmt *st =
        *a->answer
            ? db_stmt(db, "INSERT INTO activity_plan_answers (activity_id, question_id, answer,"
                          " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)"
                          " ON CONFLICT (activity_id, question_id) DO UPDATE SET"
                          " answer = excluded.answer, updated_at = excluded.updated_at,"
                          " updated_by = excluded.updated_by WHERE answer <> excluded.answer")
            : db_stmt(db, "DELETE FROM activity_plan_answers WHERE activity_id = ?1"
                          " AND question_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, a->question_id);
    if (*a->answer) {
        db_bind_text(st, 3, a->answer);
        db_bind_text(st, 4, stamp);
        if (user_id > 0)
            sqlite3_bind_int64(st, 5, user_id);
        else
            sqlite3_bind_null(st, 5);
    }
    return db_step_done(st);
}

enum outcome plan_answers_save(struct db *db, int64_t user_id, int64_t activity_id,
                               const struct plan_answer_input *answers, size_t n,
                               struct problems *out)
{
    problems_clear(out);
    for (size_t i = 0; i < n; i++)
        if (!answers[i].answer)
            return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t found = db_int(db, "SELECT count(*) FROM activities WHERE id = ?1", activity_id, 0, -1);
    if (found <= 0) {
        db_rollback(db);
        return found ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    int problems = check_answers(db, answers, n, out);
    if (problems != 0) {
        db_rollback(db);
        return problems > 0 ? OUTCOME_INVALID : OUTCOME_FAILED;
    }
    char stamp[24];
    timestamp_now(stamp);
    for (size_t i = 0; i < n; i++)
        if (write_answer(db, user_id, activity_id, &answers[i], stamp))
            return finish(db, 1);
    return finish(db, audit(db, user_id, "update", "activity_plan_answers", activity_id, NULL));
}
