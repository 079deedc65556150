/* Keeping the reports' summary tables up to date (domain/tally.h): what the triggers noted is
   brought up to date here, the activities' rows in SQL from their sessions and marks, the
   pupils' rows in tally_pupils.c. */
#include "domain/reports/tally.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"
#include "domain/reports/tally_internal.h"
#include "util/array.h"
#include "util/date.h"

/* ---- school years and the packed arrays ------------------------------------------------------ */

int tally_year_of(int32_t day)
{
    int32_t from, until;
    date_school_year(day, &from, &until);
    int y, m, d;
    date_ymd(from, &y, &m, &d);
    return y;
}

uint32_t tally_get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

unsigned tally_get16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

void tally_put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void tally_put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

void tally_act_at(const unsigned char *acts, size_t i, int32_t year_start, struct tally_act *out)
{
    const unsigned char *p = acts + i * TALLY_ACT_SIZE;
    unsigned last = tally_get16(p + 10);
    out->activity_id = tally_get32(p);
    out->minutes = tally_get32(p + 4);
    out->first_day = year_start + (int32_t)tally_get16(p + 8);
    out->last_present = last == TALLY_NO_DAY ? INT32_MIN : year_start + (int32_t)last;
}

void tally_event_at(const unsigned char *events, size_t i, int32_t year_start,
                    struct tally_event *out)
{
    const unsigned char *p = events + i * TALLY_EVENT_SIZE;
    out->activity_id = tally_get32(p);
    out->day = year_start + (int32_t)tally_get16(p + 4);
    out->minutes = (int)tally_get16(p + 6);
}

void tally_month_at(const unsigned char *months, size_t m, struct tally_month *out)
{
    const unsigned char *p = months + m * TALLY_MONTH_SIZE;
    out->days = tally_get32(p);
    out->minutes = tally_get32(p + 4);
    out->first_present = p[8];
    out->last_present = p[9];
}

/* Run sql, which changes rows, with ?1 = id. 0 or -1. */
int tally_exec_id(struct db *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return db_step_done(st);
}

/* ---- an activity's rows ---------------------------------------------------------------------- */

/* The activity's sessions that are not cancelled, each with its marks counted, into
   tally_session; then their sums per month into tally_activity_month. */
static int refresh_activity(struct db *db, int64_t activity_id)
{
    if (tally_exec_id(db, "DELETE FROM tally_session WHERE activity_id = ?1", activity_id) ||
        tally_exec_id(db, "DELETE FROM tally_activity_month WHERE activity_id = ?1", activity_id))
        return -1;
    sqlite3_stmt *read = db_stmt(
        db, "SELECT s.id, s.date, s.start_time, s.end_time, sum(t.status = 'present'),"
            " sum(t.status = 'absent'), sum(t.status = 'excused'), sum(t.involvement),"
            " count(t.involvement)"
            " FROM sessions s LEFT JOIN attendance t ON t.session_id = s.id"
            " WHERE s.activity_id = ?1 AND s.cancelled = 0 GROUP BY s.id");
    sqlite3_stmt *write = db_stmt(
        db, "INSERT INTO tally_session (session_id, activity_id, date, minutes, present, absent,"
            " excused, involvement_sum, involvement_n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!read || !write)
        return -1;
    sqlite3_bind_int64(read, 1, activity_id);
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(read)) == SQLITE_ROW) {
        sqlite3_bind_int64(write, 1, sqlite3_column_int64(read, 0));
        sqlite3_bind_int64(write, 2, activity_id);
        db_bind_text(write, 3, db_col_text(read, 1));
        sqlite3_bind_int(write, 4, reports_duration(db_col_text(read, 2), db_col_text(read, 3)));
        for (int col = 4; col <= 8; col++)
            sqlite3_bind_int64(write, col + 1, sqlite3_column_int64(read, col));
        failed = db_step_done(write);
    }
    sqlite3_reset(read);
    if (failed || rc != SQLITE_DONE)
        return -1;
    sqlite3_stmt *months = db_stmt(
        db, "INSERT INTO tally_activity_month (month, activity_id, sessions, minutes, present,"
            " absent, excused, involvement_sum, involvement_n, present_minutes)"
            " SELECT substr(date, 1, 7), activity_id, count(*), sum(minutes), sum(present),"
            " sum(absent),"
            " sum(excused), sum(involvement_sum), sum(involvement_n), sum(present * minutes)"
            " FROM tally_session WHERE activity_id = ?1 GROUP BY substr(date, 1, 7)");
    if (!months)
        return -1;
    sqlite3_bind_int64(months, 1, activity_id);
    return db_step_done(months);
}

/* ---- what the triggers noted ----------------------------------------------------------------- */

/* The ids of one kind in tally_dirty, into a new array (*ids, *n; free it). 0 or -1. */
static int dirty_ids(struct db *db, const char *kind, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM tally_dirty WHERE kind = ?1 ORDER BY id");
    if (!st)
        return -1;
    db_bind_text(st, 1, kind);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(*ids, cap, *n))
            break;
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* 'A' and 's' become what they stand for: the activities ('a') and, for 'A', their pupils
   ('p'). Most transactions (a sign-up, a cancel) note neither: then nothing runs but one
   look-up in tally_dirty's key. */
static int expand_dirty(struct db *db)
{
    static const char *const steps[] = {
        "INSERT OR IGNORE INTO tally_dirty SELECT 'p', pupil_id FROM enrolments"
        " WHERE activity_id IN (SELECT id FROM tally_dirty WHERE kind = 'A')",
        "INSERT OR IGNORE INTO tally_dirty SELECT 'p', t.pupil_id"
        " FROM sessions s JOIN attendance t ON t.session_id = s.id"
        " WHERE s.activity_id IN (SELECT id FROM tally_dirty WHERE kind = 'A')",
        "INSERT OR IGNORE INTO tally_dirty SELECT 'a', id FROM tally_dirty WHERE kind = 'A'",
        "INSERT OR IGNORE INTO tally_dirty SELECT 'a', activity_id FROM sessions"
        " WHERE id IN (SELECT id FROM tally_dirty WHERE kind = 's')",
    };
    int64_t any = db_int(db, "SELECT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'A')"
                             " OR EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 's')",
                         0, 0, -1);
    if (any <= 0)
        return any < 0 ? -1 : 0;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (tally_exec_id(db, steps[i], 0))
            return -1;
    return 0;
}

/* Refresh each id of one kind with refresh. 0 or -1. */
static int refresh_each(struct db *db, const char *kind,
                        int (*refresh)(struct db *db, int64_t id))
{
    int64_t *ids;
    size_t n;
    int rc = dirty_ids(db, kind, &ids, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = refresh(db, ids[i]);
    free(ids);
    return rc;
}

/* Whether this database has the tallies yet (a migration before 0008 commits without them):
   the schema version, from the database header, rather than a search of sqlite_schema (which
   cost more than the rest of a sign-up's flush). db_migrate sets the version inside each
   migration's transaction, so the commit of 0008 itself sees 8. */
static int has_tallies(struct db *db)
{
    int64_t version = db_scalar_int(db, "PRAGMA user_version", -1);
    return version < 0 ? -1 : version >= TALLY_SINCE_MIGRATION;
}

/* An enrolment noted as 'e': its pupil and activity. */
struct dirty_enrolment {
    int64_t pupil_id, activity_id;
};

static int compare_dirty_enrolments(const void *x, const void *y)
{
    const struct dirty_enrolment *a = x, *b = y;
    return (a->pupil_id > b->pupil_id) - (a->pupil_id < b->pupil_id);
}

/* The pupils of the enrolments noted as 'e' whose pupil is not noted as a whole ('p', done
   already), with the enrolment's activity, ordered by pupil: a pupil with one such enrolment
   has that activity's rows refreshed (tally_refresh_enrolment), one with more is recomputed
   whole. An enrolment that is gone is skipped (its deletion noted the pupil). Sorted here
   rather than by ORDER BY, which would cost a sorter per commit. 0 or -1. */
static int refresh_enrolments(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT e.pupil_id, e.activity_id FROM tally_dirty d"
                                   " JOIN enrolments e ON e.id = d.id"
                                   " WHERE d.kind = 'e' AND NOT EXISTS (SELECT 1 FROM tally_dirty p"
                                   "  WHERE p.kind = 'p' AND p.id = e.pupil_id)");
    if (!st)
        return -1;
    struct dirty_enrolment *pairs = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(pairs, cap, n))
            break;
        pairs[n++] = (struct dirty_enrolment){sqlite3_column_int64(st, 0),
                                              sqlite3_column_int64(st, 1)};
    }
    sqlite3_reset(st);
    int failed = rc != SQLITE_DONE;
    if (n > 1)
        qsort(pairs, n, sizeof *pairs, compare_dirty_enrolments);
    for (size_t i = 0; !failed && i < n;) {
        size_t j = i + 1;
        while (j < n && pairs[j].pupil_id == pairs[i].pupil_id)
            j++;
        failed = j - i == 1
                     ? tally_refresh_enrolment(db, pairs[i].pupil_id, pairs[i].activity_id)
                     : tally_refresh_pupil(db, pairs[i].pupil_id);
        i = j;
    }
    free(pairs);
    return failed ? -1 : 0;
}

int tally_flush(struct db *db)
{
    int has = has_tallies(db);
    if (has <= 0)
        return has;
    int64_t dirty = db_int(db, "SELECT EXISTS (SELECT 1 FROM tally_dirty)", 0, 0, -1);
    if (dirty <= 0)
        return (int)dirty;
    if (expand_dirty(db) || refresh_each(db, "a", refresh_activity) ||
        refresh_each(db, "p", tally_refresh_pupil) || refresh_enrolments(db))
        return -1;
    return tally_exec_id(db, "DELETE FROM tally_dirty", 0);
}

int tally_rebuild(struct db *db)
{
    static const char *const steps[] = {
        "DELETE FROM tally_session",
        "DELETE FROM tally_activity_month",
        "DELETE FROM tally_pupil_year",
        "DELETE FROM tally_pupil_events",
        "DELETE FROM tally_pupil_months",
        "INSERT OR IGNORE INTO tally_dirty SELECT 'a', id FROM activities",
        "INSERT OR IGNORE INTO tally_dirty SELECT 'p', id FROM pupils",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (tally_exec_id(db, steps[i], 0))
            return -1;
    return tally_flush(db);
}

int tally_ensure_fresh(struct db *db)
{
    if (db_in_write(db))
        return tally_flush(db);
    if (!sqlite3_get_autocommit(db_handle(db)) || has_tallies(db) <= 0)
        return 0; /* inside a read transaction: what it sees stays as it is */
    if (db_int(db, "SELECT EXISTS (SELECT 1 FROM tally_dirty)", 0, 0, 0) != 1)
        return 0;
    if (db_begin(db))
        return -1;
    if (tally_flush(db)) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}
