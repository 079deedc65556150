/* Staff competence over time (domain/offer/competence.h): the rule's C form, the checks and
   the two writes (an assessment, a training). */
#include "domain/offer/competence.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/providers.h"
#include "domain/people/audit.h"
#include "domain/text_rules.h"
#include "util/date.h"

/* ---- the rule ------------------------------------------------------------------------------- */

const char *staff_level_on(const struct staff_assessment *items, size_t n, const char *date)
{
    const struct staff_assessment *latest = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].date, date) <= 0 && (!latest || strcmp(items[i].date, latest->date) > 0))
            latest = &items[i];
    return latest ? latest->level : NULL;
}

/* ---- checks --------------------------------------------------------------------------------- */

/* A date that is a real day, not after today, into problems under "date". */
static void check_date(const char *date, int32_t today, struct problems *problems)
{
    int32_t day;
    if (!date || !*date || date_parse(date, &day))
        problems_add(problems, "date", "problem.date_invalid");
    else if (day > today)
        problems_add(problems, "date", "problem.date_future");
}

/* ---- writes --------------------------------------------------------------------------------- */

int staff_level_sync(struct db *db, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "UPDATE staff SET level = coalesce((SELECT l.level FROM staff_levels l"
            " WHERE l.staff_id = ?1 ORDER BY l.assessed_on DESC LIMIT 1), 'start') WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, staff_id);
    return db_step_done(st);
}

int staff_level_put(struct db *db, int64_t staff_id, const char *level, const char *date)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO staff_levels (staff_id, level, assessed_on)"
                                   " VALUES (?1, ?2, ?3) ON CONFLICT (staff_id, assessed_on)"
                                   " DO UPDATE SET level = excluded.level");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, staff_id);
    db_bind_text(st, 2, level);
    db_bind_text(st, 3, date);
    if (db_step_done(st))
        return -1;
    return staff_level_sync(db, staff_id);
}

/* Inside the transaction: whether staff_id exists (1, 0) or -1. */
static int staff_exists(struct db *db, int64_t staff_id)
{
    return (int)db_int(db, "SELECT 1 FROM staff WHERE id = ?1", staff_id, 0, 0);
}

enum outcome staff_assess(struct db *db, int64_t user_id, int64_t staff_id, const char *level,
                          const char *date, int32_t today, struct problems *problems)
{
    if (!level || staff_level_error(level))
        problems_add(problems, "level", "problem.level_unknown");
    check_date(date, today, problems);
    if (problems->n)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int exists = staff_exists(db, staff_id);
    if (exists <= 0) {
        db_rollback(db);
        return exists ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    int64_t taken = db_int_text(db, "SELECT 1 FROM staff_levels WHERE assessed_on = ?1"
                                    " AND staff_id = ?2", date, staff_id, 0, 0);
    if (taken) {
        db_rollback(db);
        if (taken < 0)
            return OUTCOME_FAILED;
        problems_add(problems, "date", "problem.level_date_taken");
        return OUTCOME_INVALID;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "level=%s on=%s", level, date);
    if (staff_level_put(db, staff_id, level, date) ||
        audit(db, user_id, "assess", "staff", staff_id, detail) || db_commit(db)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    return OUTCOME_OK;
}

enum outcome staff_add_training(struct db *db, int64_t user_id, int64_t staff_id,
                                const char *name, const char *date, int32_t today,
                                struct problems *problems)
{
    const char *name_problem = one_line_error(name ? name : "", TRAINING_NAME_MAX);
    if (name_problem && !strcmp(name_problem, "problem.too_long"))
        problems_add_int(problems, "name", name_problem, "max", TRAINING_NAME_MAX);
    else if (name_problem)
        problems_add(problems, "name",
                     strcmp(name_problem, "problem.required") ? name_problem
                                                              : "problem.name_missing");
    check_date(date, today, problems);
    if (problems->n)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int exists = staff_exists(db, staff_id);
    if (exists <= 0) {
        db_rollback(db);
        return exists ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO staff_trainings (staff_id, name, followed_on)"
                                   " VALUES (?1, ?2, ?3)");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, staff_id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, date);
    if (db_step_done(st))
        goto fail;
    char detail[32];
    snprintf(detail, sizeof detail, "training on=%s", date);
    if (audit(db, user_id, "train", "staff", staff_id, detail) || db_commit(db))
        goto fail;
    return OUTCOME_OK;
fail:
    db_rollback(db);
    return OUTCOME_FAILED;
}
