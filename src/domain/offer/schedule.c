#include "domain/offer/schedule.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/notify.h"
#include "util/array.h"
#include "util/date.h"

static bool in_holiday(int32_t day, const struct holiday_range *holidays, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (day >= holidays[i].from && day <= holidays[i].to)
            return true;
    return false;
}

size_t schedule_dates(int weekday, int32_t from, int32_t until,
                      const struct holiday_range *holidays, size_t n_holidays, int32_t *out,
                      size_t max)
{
    if (weekday < 1 || weekday > 7 || from > until)
        return 0;
    int32_t first = from + (weekday - date_weekday(from) + 7) % 7;
    size_t count = 0;
    for (int32_t day = first; day <= until; day += 7) {
        if (in_holiday(day, holidays, n_holidays))
            continue;
        if (count < max)
            out[count] = day;
        count++;
    }
    return count;
}

size_t schedule_slot_dates(const int *weekdays, size_t n, int32_t from, int32_t until,
                           const struct holiday_range *holidays, size_t n_holidays, int32_t *out,
                           size_t max)
{
    bool on[8] = {false};
    for (size_t i = 0; i < n; i++)
        if (weekdays[i] >= 1 && weekdays[i] <= 7)
            on[weekdays[i]] = true;
    size_t count = 0;
    for (int32_t day = from; day <= until; day++) {
        if (!on[date_weekday(day)] || in_holiday(day, holidays, n_holidays))
            continue;
        if (count < max)
            out[count] = day;
        count++;
    }
    return count;
}

/* Append the ranges of a query's rows (date_from, date_to) to *out. 0 or -1 (then *out is
   freed and NULL). */
static int load_ranges(sqlite3_stmt *st, struct holiday_range **out, size_t *n)
{
    if (!st) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    size_t cap = *n;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct holiday_range h;
        if (date_parse(db_col_text(st, 0), &h.from) || date_parse(db_col_text(st, 1), &h.to))
            continue; /* the schema keeps ISO dates; skip anything else rather than fail */
        if (ARRAY_RESERVE(*out, cap, *n))
            break; /* out of memory: rc is SQLITE_ROW, so -1 */
        (*out)[(*n)++] = h;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

int schedule_load_holidays(struct db *db, struct holiday_range **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    return load_ranges(db_stmt(db, "SELECT date_from, date_to FROM holidays ORDER BY date_from"),
                       out, n);
}

/* Append the study days of school_id to *out (as load_ranges). */
static int add_study_days(struct db *db, int64_t school_id, struct holiday_range **out,
                          size_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT date, date FROM study_days WHERE school_id = ?1"
                                   " ORDER BY date");
    if (st)
        sqlite3_bind_int64(st, 1, school_id);
    return load_ranges(st, out, n);
}

int schedule_load_closed_days(struct db *db, int64_t school_id, struct holiday_range **out,
                              size_t *n)
{
    if (schedule_load_holidays(db, out, n))
        return -1;
    return add_study_days(db, school_id, out, n);
}

void schedule_sort_slots(struct slot_times *slots, size_t n)
{
    for (size_t i = 1; i < n; i++) /* insertion sort: at most seven */
        for (size_t j = i; j > 0 && slots[j - 1].weekday > slots[j].weekday; j--) {
            struct slot_times t = slots[j];
            slots[j] = slots[j - 1];
            slots[j - 1] = t;
        }
}

int schedule_read_slots(struct db *db, int64_t activity_id,
                        struct slot_times out[SCHEDULE_SLOTS_MAX])
{
    /* An activity written without slots (by SQL of its own: tests, old tools) has the one
       slot of its own columns. */
    sqlite3_stmt *st = db_stmt(db, "SELECT weekday, start_time, end_time FROM activity_slots"
                                   " WHERE activity_id = ?1"
                                   " UNION ALL SELECT weekday, start_time, end_time"
                                   " FROM activities a WHERE id = ?1 AND NOT EXISTS"
                                   " (SELECT 1 FROM activity_slots t WHERE t.activity_id = a.id)"
                                   " ORDER BY 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < SCHEDULE_SLOTS_MAX) {
        out[n].weekday = sqlite3_column_int(st, 0);
        snprintf(out[n].start, sizeof out[n].start, "%s", db_col_text(st, 1));
        snprintf(out[n].end, sizeof out[n].end, "%s", db_col_text(st, 2));
        n++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int schedule_write_slots(struct db *db, int64_t activity_id, const struct slot_times *slots,
                         size_t n)
{
    if (n < 1 || n > SCHEDULE_SLOTS_MAX)
        return -1;
    struct slot_times sorted[SCHEDULE_SLOTS_MAX];
    memcpy(sorted, slots, n * sizeof *slots);
    schedule_sort_slots(sorted, n);
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM activity_slots WHERE activity_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    if (db_step_done(st))
        return -1;
    for (size_t i = 0; i < n; i++) {
        st = db_stmt(db, "INSERT INTO activity_slots (activity_id, weekday, start_time, end_time)"
                         " VALUES (?1, ?2, ?3, ?4)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, activity_id);
        sqlite3_bind_int(st, 2, sorted[i].weekday);
        db_bind_text(st, 3, sorted[i].start);
        db_bind_text(st, 4, sorted[i].end);
        if (db_step_done(st))
            return -1;
    }
    st = db_stmt(db, "UPDATE activities SET weekday = ?2, start_time = ?3, end_time = ?4"
                     " WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int(st, 2, sorted[0].weekday);
    db_bind_text(st, 3, sorted[0].start);
    db_bind_text(st, 4, sorted[0].end);
    return db_step_done(st);
}

/* What the schedule needs of an activity. */
struct plan {
    int64_t school_id;
    int32_t from, until;
    struct slot_times slots[SCHEDULE_SLOTS_MAX];
    size_t n_slots;
};

/* The slot of plan p on day, or NULL. */
static const struct slot_times *slot_on(const struct plan *p, int32_t day)
{
    int weekday = date_weekday(day);
    for (size_t i = 0; i < p->n_slots; i++)
        if (p->slots[i].weekday == weekday)
            return &p->slots[i];
    return NULL;
}

/* An existing session, as far as syncing is concerned. */
struct existing {
    int64_t id;
    char slot[11];
    bool moved, cancelled, has_records; /* attendance, an evaluation or an incident */
    char start[8], end[8];
};

static int read_plan(struct db *db, int64_t activity_id, struct plan *p)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT school_id, date_from, date_until"
                                   " FROM activities WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        p->school_id = sqlite3_column_int64(st, 0);
        if (!date_parse(db_col_text(st, 1), &p->from) &&
            !date_parse(db_col_text(st, 2), &p->until))
            rc = 0;
    }
    sqlite3_reset(st);
    if (rc)
        return -1;
    int n = schedule_read_slots(db, activity_id, p->slots);
    if (n < 0)
        return -1;
    p->n_slots = (size_t)n;
    return 0;
}

/* The activity's sessions ordered by slot; *out is malloc'ed (caller frees). 0, or -1 (and
   *out NULL) when the query failed or memory ran out. */
static int read_existing(struct db *db, int64_t activity_id, struct existing **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    /* Moved: another date, or other times on the same day (a move always has a reason). */
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id, s.slot_date,"
                                   " s.date <> s.slot_date OR (s.cancelled = 0 AND s.reason <> ''),"
                                   " s.cancelled,"
                                   " EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)"
                                   "  OR EXISTS (SELECT 1 FROM evaluations v"
                                   "   WHERE v.session_id = s.id)"
                                   "  OR EXISTS (SELECT 1 FROM incidents i"
                                   "   WHERE i.session_id = s.id),"
                                   " s.start_time, s.end_time"
                                   " FROM sessions s WHERE s.activity_id = ?1 ORDER BY s.slot_date");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(*out, cap, *n))
            break; /* out of memory: rc is SQLITE_ROW, so -1 */
        struct existing *e = &(*out)[(*n)++];
        e->id = sqlite3_column_int64(st, 0);
        snprintf(e->slot, sizeof e->slot, "%s", db_col_text(st, 1));
        e->moved = sqlite3_column_int(st, 2) != 0;
        e->cancelled = sqlite3_column_int(st, 3) != 0;
        e->has_records = sqlite3_column_int(st, 4) != 0;
        snprintf(e->start, sizeof e->start, "%s", db_col_text(st, 5));
        snprintf(e->end, sizeof e->end, "%s", db_col_text(st, 6));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* The sessions a statement just changed (not counting what its triggers wrote), or -1 when
   it failed. */
static int changed_by(struct db *db, sqlite3_stmt *st)
{
    return db_step_done(st) ? -1 : sqlite3_changes(db_handle(db));
}

/* insert_session, keep_session, drop_session: the sessions changed (0 or 1), or -1. */
static int insert_session(struct db *db, int64_t activity_id, const char *day,
                          const struct slot_times *p)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO sessions (activity_id, slot_date, date, start_time,"
                                   " end_time) VALUES (?1, ?2, ?2, ?3, ?4)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, day);
    db_bind_text(st, 3, p->start);
    db_bind_text(st, 4, p->end);
    return changed_by(db, st);
}

/* A session whose slot is still scheduled: follow its slot's times unless it was moved. */
static int keep_session(struct db *db, const struct existing *e, const struct slot_times *p)
{
    if (e->moved || (!strcmp(e->start, p->start) && !strcmp(e->end, p->end)))
        return 0;
    sqlite3_stmt *st = db_stmt(db, "UPDATE sessions SET start_time = ?2, end_time = ?3"
                                   " WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, e->id);
    db_bind_text(st, 2, p->start);
    db_bind_text(st, 3, p->end);
    return changed_by(db, st);
}

/* A session whose slot left the schedule: delete it, or cancel it when something was recorded
   of it (attendance, an evaluation, an incident), so that the record keeps its session. */
static int drop_session(struct db *db, const struct existing *e)
{
    sqlite3_stmt *st;
    if (e->has_records) {
        if (e->cancelled)
            return 0;
        st = db_stmt(db, "UPDATE sessions SET cancelled = 1, reason = '" SCHEDULE_DROPPED_REASON
                         "' WHERE id = ?1");
    } else {
        st = db_stmt(db, "DELETE FROM sessions WHERE id = ?1");
    }
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, e->id);
    return changed_by(db, st);
}

/* With tell, the families of the enrolled pupils hear that a session ahead (from today) that
   was taking place will not (before it is dropped: a deleted session cannot be named after).
   0 or -1. */
static int tell_dropped(struct db *db, const struct existing *e, bool tell, const char *today)
{
    if (!tell || e->cancelled || strcmp(e->slot, today) < 0)
        return 0;
    return notify_session_change(db, e->id, "session_cancelled", e->slot);
}

/* Bring one activity's sessions in line with plan p against a given list of holidays; the
   sessions changed are added to *changed. With `dry` (a JSON array) nothing is written: the
   slots of the sessions with records that would be cancelled are appended to it instead.
   0 or -1. */
static int sync_plan(struct db *db, int64_t activity_id, const struct plan *p,
                     const struct holiday_range *holidays, size_t n_holidays, long long *changed,
                     json_t *dry, bool tell)
{
    char today[11];
    date_format(date_today(), today);
    int weekdays[SCHEDULE_SLOTS_MAX];
    for (size_t k = 0; k < p->n_slots; k++)
        weekdays[k] = p->slots[k].weekday;
    size_t n_dates = p->from > p->until ? 0 : schedule_slot_dates(weekdays, p->n_slots, p->from,
                                                                  p->until, holidays, n_holidays,
                                                                  NULL, 0);
    int32_t *dates = malloc((n_dates ? n_dates : 1) * sizeof *dates);
    if (!dates)
        abort();
    schedule_slot_dates(weekdays, p->n_slots, p->from, p->until, holidays, n_holidays, dates,
                        n_dates);
    struct existing *old = NULL;
    size_t n_old = 0;
    int rc = read_existing(db, activity_id, &old, &n_old);
    /* Merge the two ascending lists: dates of the schedule and slots of existing sessions. */
    size_t i = 0, j = 0;
    while (rc >= 0 && (i < n_dates || j < n_old)) {
        char day[11] = "";
        if (i < n_dates)
            date_format(dates[i], day);
        int cmp = i == n_dates ? 1 : j == n_old ? -1 : strcmp(day, old[j].slot);
        if (cmp < 0) {
            rc = dry ? 0 : insert_session(db, activity_id, day, slot_on(p, dates[i]));
            i++;
        } else if (cmp == 0) {
            rc = dry ? 0 : keep_session(db, &old[j], slot_on(p, dates[i]));
            i++;
            j++;
        } else {
            if (dry && old[j].has_records && !old[j].cancelled)
                json_array_append_new(dry, json_string(old[j].slot));
            rc = dry ? 0 : tell_dropped(db, &old[j], tell, today);
            if (rc >= 0 && !dry)
                rc = drop_session(db, &old[j]);
            j++;
        }
        if (rc > 0)
            *changed += rc;
    }
    free(old);
    free(dates);
    return rc < 0 ? -1 : 0;
}

/* sync_plan with the activity's stored plan; holidays are the coalition's, the study days
   of the activity's school are added here. */
static int sync_one(struct db *db, int64_t activity_id, const struct holiday_range *holidays,
                    size_t n_holidays, long long *changed, bool tell)
{
    struct plan p;
    if (read_plan(db, activity_id, &p))
        return -1;
    struct holiday_range *closed = NULL;
    size_t n_closed = 0;
    if (n_holidays) {
        closed = malloc(n_holidays * sizeof *closed);
        if (!closed)
            abort();
        memcpy(closed, holidays, n_holidays * sizeof *closed);
        n_closed = n_holidays;
    }
    if (add_study_days(db, p.school_id, &closed, &n_closed))
        return -1;
    int rc = sync_plan(db, activity_id, &p, closed, n_closed, changed, NULL, tell);
    free(closed);
    return rc;
}

json_t *schedule_records_dropped(struct db *db, int64_t activity_id, int64_t school_id,
                                 const struct slot_times *slots, size_t n, const char *from,
                                 const char *until)
{
    struct plan p = {.school_id = school_id, .n_slots = n < SCHEDULE_SLOTS_MAX ? n : SCHEDULE_SLOTS_MAX};
    memcpy(p.slots, slots, p.n_slots * sizeof *slots);
    if (date_parse(from, &p.from) || date_parse(until, &p.until))
        return json_array(); /* not a schedule: the checks refuse it, nothing is dropped */
    struct holiday_range *closed;
    size_t n_closed;
    if (schedule_load_closed_days(db, school_id, &closed, &n_closed))
        return NULL;
    json_t *dropped = json_array();
    long long unused = 0;
    if (sync_plan(db, activity_id, &p, closed, n_closed, &unused, dropped, false)) {
        json_decref(dropped);
        dropped = NULL;
    }
    free(closed);
    return dropped;
}

int schedule_sync(struct db *db, int64_t activity_id)
{
    struct holiday_range *holidays;
    size_t n_holidays;
    if (schedule_load_holidays(db, &holidays, &n_holidays))
        return -1;
    long long changed = 0;
    int rc = sync_one(db, activity_id, holidays, n_holidays, &changed, false);
    free(holidays);
    return rc;
}

/* Resync the activities whose ids the query st (bound already) gives. */
static int sync_selected(struct db *db, sqlite3_stmt *st, long long *changed, bool tell)
{
    long long count = 0;
    struct holiday_range *holidays;
    size_t n_holidays;
    if (schedule_load_holidays(db, &holidays, &n_holidays)) {
        if (st)
            sqlite3_reset(st);
        return -1;
    }
    /* Collect the ids first: syncing writes to tables the query would be reading. */
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc = st ? 0 : -1, step = SQLITE_DONE;
    while (st && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(ids, cap, n))
            break; /* out of memory: step is SQLITE_ROW, so -1 */
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    if (st) {
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            rc = -1;
    }
    for (size_t k = 0; !rc && k < n; k++)
        rc = sync_one(db, ids[k], holidays, n_holidays, &count, tell);
    free(ids);
    free(holidays);
    if (changed)
        *changed = count;
    return rc;
}

int schedule_sync_all(struct db *db, long long *changed)
{
    return sync_selected(db, db_stmt(db, "SELECT id FROM activities ORDER BY id"), changed,
                         false);
}

int schedule_sync_closed(struct db *db, int64_t school_id, long long *changed)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM activities WHERE ?1 = 0 OR school_id = ?1"
                                   " ORDER BY id");
    if (st)
        sqlite3_bind_int64(st, 1, school_id);
    return sync_selected(db, st, changed, true);
}
