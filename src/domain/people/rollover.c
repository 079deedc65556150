/* The year turns over: the rules are in rollover.h. */
#include "domain/people/rollover.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "util/date.h"

/* ---- the year ------------------------------------------------------------------------------ */

int school_year_parse(const char *text, int *first_year)
{
    int first, second;
    if (!text || strlen(text) != 9 || text[4] != '-' || date_digits(text, 4, &first) ||
        date_digits(text + 5, 4, &second))
        return -1;
    if (first < 1900 || first > 2998 || second != first + 1)
        return -1;
    *first_year = first;
    return 0;
}

/* "Y-(Y+1)" into out (10 bytes). */
static void year_text(int first_year, char out[10])
{
    snprintf(out, 10, "%04u-%04u", (unsigned)first_year % 10000u,
             (unsigned)(first_year + 1) % 10000u);
}

/* The first year of the school year (1 August – 31 July) that today ("YYYY-MM-DD") is in; -1
   when today is not a date. */
static int today_first_year(const char *today)
{
    int32_t day, from, until;
    if (date_parse(today, &day))
        return -1;
    date_school_year(day, &from, &until);
    char text[11];
    date_format(from, text);
    int year;
    return date_digits(text, 4, &year) ? -1 : year;
}

/* The first year of the latest rollover into *first_year (0 when none ran). 0 or -1. */
static int latest_rollover(struct db *db, int *first_year)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT max(school_year) FROM rollovers");
    if (!st)
        return -1;
    int rc = sqlite3_step(st), year = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        school_year_parse(db_col_text(st, 0), &year))
        year = 0;
    sqlite3_reset(st);
    *first_year = year;
    return rc == SQLITE_ROW ? 0 : -1;
}

enum rollover_outcome rollover_plan(struct db *db, const char *to, const char *today,
                                    struct rollover_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    int now = today_first_year(today), latest;
    if (now < 0 || latest_rollover(db, &latest))
        return ROLLOVER_FAILED;
    /* After a rollover the next one; before any, today's year (late) or the next (early). */
    int expected = latest ? latest + 1 : now + 1;
    year_text(expected, plan->expected);
    snprintf(plan->opens_on, sizeof plan->opens_on, "%04u-08-01",
             (unsigned)(expected - 1) % 10000u);
    if (!latest)
        year_text(now, plan->also);
    int first;
    if (school_year_parse(to, &first))
        return ROLLOVER_MALFORMED;
    year_text(first, plan->year);
    snprintf(plan->starts_on, sizeof plan->starts_on, "%04u-08-01", (unsigned)first % 10000u);
    snprintf(plan->left_on, sizeof plan->left_on, "%04u-07-31", (unsigned)first % 10000u);
    int64_t ran = db_int_text(db, "SELECT 1 FROM rollovers WHERE school_year = ?1", plan->year,
                              0, 0, 0);
    if (ran < 0)
        return ROLLOVER_FAILED;
    if (ran)
        return ROLLOVER_ALREADY;
    if (first != expected && (latest || first != now))
        return ROLLOVER_WRONG_YEAR;
    /* Never further ahead than the year after today's. */
    return first <= now + 1 ? ROLLOVER_OK : ROLLOVER_TOO_EARLY;
}

const char *rollover_message(enum rollover_outcome outcome)
{
    switch (outcome) {
    case ROLLOVER_MALFORMED:
        return "problem.rollover_malformed";
    case ROLLOVER_ALREADY:
        return "problem.rollover_already";
    case ROLLOVER_WRONG_YEAR:
        return "problem.rollover_wrong_year";
    case ROLLOVER_TOO_EARLY:
        return "problem.rollover_too_early";
    case ROLLOVER_FAILED:
        return "problem.rollover_failed";
    case ROLLOVER_OK:
        break;
    }
    return "problem.rollover_ok";
}

/* ---- doing it ------------------------------------------------------------------------------ */

/* Pupils who have not left on the new year's first day (?1), nor were deleted. */
#define STAYING_SQL                                                                                \
    " p.anonymised = 0 AND (p.left_on IS NULL OR p.left_on >= ?1)"
/* Their highest grade: pupil_grade_max's SQL form (po 8, vo 6). */
#define GRADE_MAX_SQL "(CASE s.kind WHEN 'vo' THEN 6 ELSE 8 END)"

/* Inside the transaction: the rollover's writes, the counts into *done. 0 or -1. */
static int rollover_write(struct db *db, const struct rollover_plan *plan,
                          struct rollover_done *done)
{
    static const char *const steps[] = {
        /* the grade the movers had, kept for the reports of past periods */
        "INSERT INTO pupil_grades (pupil_id, until, grade) SELECT p.id, ?2, p.grade"
        " FROM pupils p JOIN schools s ON s.id = p.school_id WHERE" STAYING_SQL
        " AND p.grade < " GRADE_MAX_SQL,
        /* the highest grade leaves on 31 July */
        "UPDATE pupils AS p SET left_on = ?2 FROM schools s WHERE s.id = p.school_id AND"
        STAYING_SQL " AND p.grade >= " GRADE_MAX_SQL,
        /* everyone else moves up (those just marked leave are no longer staying) */
        "UPDATE pupils AS p SET grade = p.grade + 1 FROM schools s WHERE s.id = p.school_id"
        " AND" STAYING_SQL " AND p.grade < " GRADE_MAX_SQL,
    };
    int counts[3];
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        sqlite3_stmt *st = db_stmt(db, steps[i]);
        if (!st)
            return -1;
        db_bind_text(st, 1, plan->starts_on);
        db_bind_text(st, 2, plan->left_on);
        if (db_step_done(st))
            return -1;
        counts[i] = sqlite3_changes(db_handle(db));
    }
    done->left = counts[1];
    done->moved = counts[2];
    return 0;
}

/* Record the run in rollovers and the audit log. 0 or -1. */
static int rollover_record(struct db *db, int64_t user_id, const struct rollover_plan *plan,
                           const struct rollover_done *done)
{
    char stamp[24];
    timestamp_now(stamp);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO rollovers (school_year, starts_on, ran_at,"
                                   " by_user, moved, leavers) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st)
        return -1;
    db_bind_text(st, 1, plan->year);
    db_bind_text(st, 2, plan->starts_on);
    db_bind_text(st, 3, stamp);
    sqlite3_bind_int64(st, 4, user_id);
    sqlite3_bind_int(st, 5, done->moved);
    sqlite3_bind_int(st, 6, done->left);
    if (db_step_done(st))
        return -1;
    char detail[96];
    snprintf(detail, sizeof detail, "to=%s moved=%d left=%d", plan->year, done->moved,
             done->left);
    return audit(db, user_id, "rollover", "pupils", 0, detail);
}

/* The counts of the run into year that is on record. 0 or -1. */
static int recorded_counts(struct db *db, const char *year, struct rollover_done *done)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT moved, leavers FROM rollovers WHERE school_year = ?1");
    if (!st)
        return -1;
    db_bind_text(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        done->moved = sqlite3_column_int(st, 0);
        done->left = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

enum rollover_outcome rollover_run(struct db *db, int64_t user_id, const char *to,
                                   const char *today, struct rollover_done *done)
{
    *done = (struct rollover_done){0, 0};
    if (db_begin(db))
        return ROLLOVER_FAILED;
    struct rollover_plan plan;
    enum rollover_outcome rc = rollover_plan(db, to, today, &plan);
    if (rc == ROLLOVER_ALREADY && recorded_counts(db, plan.year, done))
        rc = ROLLOVER_FAILED;
    if (rc == ROLLOVER_OK &&
        (rollover_write(db, &plan, done) || rollover_record(db, user_id, &plan, done)))
        rc = ROLLOVER_FAILED;
    if (rc != ROLLOVER_OK || db_commit(db)) {
        db_rollback(db);
        if (rc == ROLLOVER_OK) {
            *done = (struct rollover_done){0, 0};
            rc = ROLLOVER_FAILED;
        }
    }
    return rc;
}
