/* Enrolments: the rules of PRODUCT.md 1–3 checked and the seat taken in one transaction. */
#include "domain/enrolment/enrol.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/eligibility.h"
#include "domain/enrolment/notify.h"
#include "domain/enrolment/waitlist.h"
#include "util/date.h"
#include "util/utf8.h"

/* What the checks need to know of the activity and the pupil. */
struct enrol_facts {
    struct eligibility rule; /* who may sign up: eligibility.h */
    int capacity;
    char title[ENROL_TITLE_MAX + 1];
};

/* ---- reading --------------------------------------------------------------------------------- */

/* 1 found, 0 not found (no such activity or pupil), -1 error. */
static int read_facts(struct db *db, const struct enrol_request *req, struct enrol_facts *f)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT school_id, open_to = 'coalition', grade_min, grade_max,"
                                   " capacity, coalesce(signup_from, ''),"
                                   " coalesce(signup_until, ''), date_until, title"
                                   " FROM activities WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, req->activity_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct eligibility *e = &f->rule;
        e->activity_school = sqlite3_column_int64(st, 0);
        e->open_to_coalition = sqlite3_column_int(st, 1);
        e->grade_min = sqlite3_column_int(st, 2);
        e->grade_max = sqlite3_column_int(st, 3);
        f->capacity = sqlite3_column_int(st, 4);
        snprintf(e->signup_from, sizeof e->signup_from, "%s", db_col_text(st, 5));
        snprintf(e->signup_until, sizeof e->signup_until, "%s", db_col_text(st, 6));
        snprintf(e->until, sizeof e->until, "%s", db_col_text(st, 7));
        utf8_copy(f->title, sizeof f->title, db_col_text(st, 8));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    st = db_stmt(db, "SELECT school_id, grade, coalesce(left_on, '') FROM pupils WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, req->pupil_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        f->rule.pupil_school = sqlite3_column_int64(st, 0);
        f->rule.grade = sqlite3_column_int(st, 1);
        snprintf(f->rule.left_on, sizeof f->rule.left_on, "%s", db_col_text(st, 2));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The pupil's current enrolment of the activity: its id and status ("" when none). */
static int find_enrolment(struct db *db, int64_t pupil_id, int64_t activity_id, int64_t *id,
                          char status[12])
{
    *id = 0;
    status[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT id, status FROM enrolments"
                                   " WHERE pupil_id = ?1 AND activity_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(status, 12, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int64_t enrol_active_count(struct db *db, int64_t pupil_id, int64_t except_activity,
                           const char *today)
{
    /* Active: not 'cancelled' (see enrol_clash). */
    return db_int_text(db, "SELECT count(*) FROM enrolments e"
                           " JOIN activities a ON a.id = e.activity_id"
                           " WHERE e.pupil_id = ?2 AND e.activity_id <> ?3"
                           "  AND e.status <> 'cancelled' AND a.date_until >= ?1",
                       today, pupil_id, except_activity, 0);
}

/* ---- the rules ------------------------------------------------------------------------------- */

/* Who may sign up for what (school, grade, window, not ended) is eligibility.c. */

/* The rules that depend on the pupil's other enrolments and on rounds. */
static enum enrol_result check_pupil(struct db *db, const struct enrol_request *req,
                                     const char *today, const char *status,
                                     struct enrol_outcome *out)
{
    if (!strcmp(status, "enrolled"))
        return ENROL_ALREADY_ENROLLED;
    if (!strcmp(status, "waitlisted"))
        return ENROL_ALREADY_WAITING;
    if (!req->by_school) {
        int64_t pending = db_int(db, "SELECT count(*) FROM round_activities ra"
                                     " JOIN rounds r ON r.id = ra.round_id"
                                     " WHERE ra.activity_id = ?1 AND r.closed_at IS NULL",
                                 req->activity_id, 0, 0);
        if (pending < 0)
            return ENROL_FAILED;
        if (pending > 0)
            return ENROL_IN_ROUND;
    }
    int64_t active = enrol_active_count(db, req->pupil_id, req->activity_id, today);
    if (active < 0)
        return ENROL_FAILED;
    out->max_per_child = req->max_per_child;
    if (req->max_per_child > 0 && active >= req->max_per_child)
        return ENROL_MAX_REACHED;
    int overlap = enrol_clash(db, req->pupil_id, req->activity_id, today, out->other_title);
    return overlap < 0 ? ENROL_FAILED : overlap ? ENROL_OVERLAP : ENROL_OK;
}

/* ---- writing --------------------------------------------------------------------------------- */

int enrol_record(struct db *db, int64_t enrolment_id, const char *from, const char *to,
                 int64_t user_id, const char *at, const char *note)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO enrolment_history (enrolment_id, from_status,"
                                   " to_status, user_id, at, note)"
                                   " VALUES (?1, nullif(?2, ''), ?3, nullif(?4, 0), ?5, ?6)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, enrolment_id);
    db_bind_text(st, 2, from ? from : "");
    db_bind_text(st, 3, to);
    sqlite3_bind_int64(st, 4, user_id);
    db_bind_text(st, 5, at);
    db_bind_text(st, 6, note ? note : "");
    return db_step_done(st);
}

/* The time that orders a new place in the activity's queue: now, but always later than every
   earlier sign-up of the activity (the clock has millisecond steps, and a taken-up cancelled
   enrolment keeps its old, lower id, so neither may decide a tie). Into stamp (24 bytes). */
static int queue_stamp(struct db *db, int64_t activity_id, char stamp[24])
{
    char now[24];
    timestamp_now(now);
    sqlite3_stmt *st = db_stmt(db, "SELECT max(?2, coalesce(strftime('%Y-%m-%dT%H:%M:%f',"
                                   " max(created_at), '+0.001 seconds'), ''))"
                                   " FROM enrolments WHERE activity_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(stamp, 24, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Write the row: a new enrolment, a cancelled one taken up again (a new place at the end of the
   queue), or a waiting one enrolled (it keeps its time). The id, or -1. */
static int64_t write_row(struct db *db, int64_t pupil_id, int64_t activity_id, int64_t existing,
                         const char *from, const char *to, int64_t round_id, const char *stamp)
{
    bool keeps_place = !strcmp(from, "waitlisted");
    sqlite3_stmt *st = db_stmt(
        db, existing && keeps_place
                ? "UPDATE enrolments SET status = ?2, updated_at = ?3,"
                  " round_id = coalesce(nullif(?4, 0), round_id) WHERE id = ?1"
            : existing ? "UPDATE enrolments SET status = ?2, created_at = ?3, updated_at = ?3,"
                         " round_id = nullif(?4, 0) WHERE id = ?1"
                       : "INSERT INTO enrolments (pupil_id, activity_id, status, created_at,"
                         " updated_at, round_id) VALUES (?5, ?6, ?2, ?3, ?3, nullif(?4, 0))");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, existing);
    db_bind_text(st, 2, to);
    db_bind_text(st, 3, stamp);
    sqlite3_bind_int64(st, 4, round_id);
    sqlite3_bind_int64(st, 5, pupil_id);
    sqlite3_bind_int64(st, 6, activity_id);
    if (db_step_done(st))
        return -1;
    return existing ? existing : sqlite3_last_insert_rowid(db_handle(db));
}

int64_t enrol_put(struct db *db, int64_t pupil_id, int64_t activity_id, const char *to,
                  int64_t round_id, int64_t user_id, const char *note, const char *notice)
{
    int64_t existing;
    char from[12];
    if (find_enrolment(db, pupil_id, activity_id, &existing, from))
        return -1;
    if (!strcmp(from, to))
        return existing;
    char stamp[24];
    if (queue_stamp(db, activity_id, stamp))
        return -1;
    int64_t id = write_row(db, pupil_id, activity_id, existing, from, to, round_id, stamp);
    if (id <= 0 || enrol_record(db, id, from, to, user_id, stamp, note) ||
        (notice && notify_parents(db, pupil_id, activity_id, notice, "")))
        return -1;
    return id;
}

/* Enrolled when a seat is free and nobody waits (a newcomer never passes the queue). */
static int seat_is_free(struct db *db, int64_t activity_id, int capacity)
{
    int64_t enrolled = db_int(db, "SELECT count(*) FROM enrolments WHERE activity_id = ?1"
                                  " AND status = 'enrolled'",
                              activity_id, 0, 0);
    int64_t waiting = db_int(db, "SELECT EXISTS (SELECT 1 FROM enrolments"
                                 " WHERE activity_id = ?1 AND status = 'waitlisted')",
                             activity_id, 0, 0);
    if (enrolled < 0 || waiting < 0)
        return -1;
    return enrolled < capacity && !waiting;
}

/* The checks and the writes, inside the transaction. */
static enum enrol_result enrol_in_transaction(struct db *db, const struct enrol_request *req,
                                              const char *now, struct enrol_outcome *out)
{
    char today[11];
    snprintf(today, sizeof today, "%.10s", now);
    struct enrol_facts f = {0};
    int found = read_facts(db, req, &f);
    if (found <= 0)
        return found < 0 ? ENROL_FAILED : ENROL_NOT_FOUND;
    if (!eligible_present(&f.rule, today)) /* a pupil who left is as one that does not exist */
        return ENROL_NOT_FOUND;
    snprintf(out->other_title, sizeof out->other_title, "%s", f.title);
    int64_t existing; /* the id is not needed here, only the status */
    char status[12];
    if (find_enrolment(db, req->pupil_id, req->activity_id, &existing, status))
        return ENROL_FAILED;
    enum enrol_result rc = eligible_signup(&f.rule, now, today, req->by_school);
    if (rc == ENROL_OK || !strcmp(status, "enrolled") || !strcmp(status, "waitlisted"))
        rc = check_pupil(db, req, today, status, out);
    if (rc != ENROL_OK)
        return rc;
    int free_seat = seat_is_free(db, req->activity_id, f.capacity);
    if (free_seat < 0)
        return ENROL_FAILED;
    const char *to = free_seat ? "enrolled" : "waitlisted";
    int64_t id = enrol_put(db, req->pupil_id, req->activity_id, to, 0, req->user_id, "", to);
    if (id <= 0)
        return ENROL_FAILED;
    out->enrolment_id = id;
    out->waitlisted = !free_seat;
    out->position = free_seat ? 0 : enrol_position(db, id);
    return out->position < 0 ? ENROL_FAILED : ENROL_OK;
}

enum enrol_result enrol_pupil(struct db *db, const struct enrol_request *req,
                              struct enrol_outcome *out)
{
    memset(out, 0, sizeof *out);
    char now[17];
    if (req->now)
        snprintf(now, sizeof now, "%s", req->now);
    else
        datetime_now(now);
    if (db_begin(db))
        return ENROL_FAILED;
    enum enrol_result rc = enrol_in_transaction(db, req, now, out);
    if (rc != ENROL_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? ENROL_FAILED : ENROL_OK;
}

/* ---- the waiting list ------------------------------------------------------------------------ */

int enrol_position(struct db *db, int64_t enrolment_id)
{
    int64_t n = db_int(db, "SELECT " WAITLIST_POSITION("e") " FROM enrolments e WHERE e.id = ?1",
                       enrolment_id, 0, -1);
    return (int)n;
}

/* Enrol the first on the waiting list: its enrolment id, 0 when nobody waits, -1 on error. */
static int64_t promote_first(struct db *db, int64_t activity_id, int64_t user_id,
                             const char *note)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, pupil_id FROM enrolments WHERE activity_id = ?1"
                                   " AND status = 'waitlisted' ORDER BY " WAITLIST_ORDER " LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    int64_t pupil_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    return enrol_put(db, pupil_id, activity_id, "enrolled", 0, user_id, note, "promoted") == id
               ? id
               : -1;
}

/* The free seats of an activity into *seats (capacity − enrolled; negative after a load that
   over-filled it). 0 or -1. */
static int free_seats(struct db *db, int64_t activity_id, int64_t *seats)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a.capacity - (SELECT count(*) FROM enrolments e"
                                   " WHERE e.activity_id = a.id AND e.status = 'enrolled')"
                                   " FROM activities a WHERE a.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = sqlite3_step(st);
    *seats = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int enrol_fill_free_seats(struct db *db, int64_t activity_id, int64_t user_id, const char *note)
{
    int64_t seats;
    if (free_seats(db, activity_id, &seats))
        return -1;
    int promoted = 0;
    for (; seats > 0; seats--) {
        int64_t id = promote_first(db, activity_id, user_id, note);
        if (id < 0)
            return -1;
        if (id == 0)
            break;
        promoted++;
    }
    return promoted;
}

/* ---- cancelling ------------------------------------------------------------------------------ */

static enum enrol_result cancel_in_transaction(struct db *db, int64_t enrolment_id,
                                               int64_t user_id, bool by_parent,
                                               int64_t *promoted)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT pupil_id, activity_id, status FROM enrolments"
                                   " WHERE id = ?1");
    if (!st)
        return ENROL_FAILED;
    sqlite3_bind_int64(st, 1, enrolment_id);
    int rc = sqlite3_step(st);
    int64_t pupil_id = 0, activity_id = 0;
    char status[12] = "";
    if (rc == SQLITE_ROW) {
        pupil_id = sqlite3_column_int64(st, 0);
        activity_id = sqlite3_column_int64(st, 1);
        snprintf(status, sizeof status, "%s", db_col_text(st, 2));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? ENROL_NOT_FOUND : ENROL_FAILED;
    if (!strcmp(status, "cancelled"))
        return ENROL_NOT_ACTIVE;
    char stamp[24];
    timestamp_now(stamp);
    st = db_stmt(db, "UPDATE enrolments SET status = 'cancelled', updated_at = ?2 WHERE id = ?1");
    if (!st)
        return ENROL_FAILED;
    sqlite3_bind_int64(st, 1, enrolment_id);
    db_bind_text(st, 2, stamp);
    const char *note = by_parent ? "Afgemeld door ouder" : "Afgemeld door de school";
    if (db_step_done(st) ||
        enrol_record(db, enrolment_id, status, "cancelled", user_id, stamp, note) ||
        notify_parents(db, pupil_id, activity_id, by_parent ? "cancelled" : "place_lost", ""))
        return ENROL_FAILED;
    if (strcmp(status, "enrolled"))
        return ENROL_OK;
    int64_t first = promote_first(db, activity_id, user_id, "Plaats vrijgekomen door afmelding");
    if (first < 0)
        return ENROL_FAILED;
    *promoted = first;
    return ENROL_OK;
}

enum enrol_result enrol_cancel(struct db *db, int64_t enrolment_id, int64_t user_id,
                               bool by_parent, int64_t *promoted)
{
    *promoted = 0;
    if (db_begin(db))
        return ENROL_FAILED;
    enum enrol_result rc = cancel_in_transaction(db, enrolment_id, user_id, by_parent, promoted);
    if (rc != ENROL_OK) {
        db_rollback(db);
        *promoted = 0;
        return rc;
    }
    return db_commit(db) ? ENROL_FAILED : ENROL_OK;
}

const char *enrol_result_key(enum enrol_result result)
{
    switch (result) {
    case ENROL_OK: return "refusal.none";
    case ENROL_FAILED: return "refusal.failed";
    case ENROL_NOT_FOUND: return "refusal.not_found";
    case ENROL_WRONG_SCHOOL: return "refusal.wrong_school";
    case ENROL_WRONG_GRADE: return "refusal.wrong_grade";
    case ENROL_NOT_OPEN_YET: return "refusal.not_open_yet";
    case ENROL_CLOSED: return "refusal.closed";
    case ENROL_ALREADY_ENROLLED: return "refusal.already_enrolled";
    case ENROL_ALREADY_WAITING: return "refusal.already_waiting";
    case ENROL_OVERLAP: return "refusal.overlap";
    case ENROL_MAX_REACHED: return "refusal.max_reached";
    case ENROL_IN_ROUND: return "refusal.in_round";
    case ENROL_NOT_ACTIVE: return "refusal.not_active";
    }
    return "refusal.failed";
}
