/* A pupil's summary rows (domain/tally.h): from the pupil's enrolments, their history and the
   pupil's marks, the days the pupil took part in each activity and the minutes present, per
   school year. The register's rule (domain/attendance/attendance_rule.h) decides on which days
   an enrolment counts: on a day D the enrolment was 'enrolled' when the last change before D
   left it enrolled, or it became enrolled on D. Here it is applied by stretches (one query per
   stretch of 'enrolled'), not per session with the rule's SQL form as the register does: per
   session the cost grew with every activity the pupil had (measured with
   tests/bench/signup.sh, part B: +40-60 % server CPU per sign-up).
   Two ways in: tally_refresh_pupil recomputes all of a pupil's rows (a mark, a pupil who
   leaves, an activity's sessions changed); tally_refresh_enrolment, for a change of one
   enrolment (a sign-up, a cancel, a promotion), recomputes that activity's days only and
   keeps the other activities' days as the rows hold them, rewriting only the school years
   that activity has or had days in (a sign-up's flush: 510 k instructions before, 165 k
   after, tests/bench/signup_instructions.sh). tests/unit/test_tally.c checks both against a
   rebuild; tests/unit/test_attendance_read.c checks that the days counted here are the days
   the rule counts, on the rule's own hand-made histories, by both ways. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"
#include "domain/reports/tally.h"
#include "domain/reports/tally_internal.h"
#include "util/array.h"
#include "util/date.h"

/* One day the pupil took part in an activity. */
struct event {
    int year; /* the school year of day */
    int64_t activity_id;
    int32_t day;
    int minutes; /* present */
};

struct pupil_work {
    struct db *db;
    int32_t left_day; /* INT32_MAX while at school */
    struct event *events;
    size_t n, cap;
    int32_t year_from, year_until; /* the school year of the last event added (from > until: */
    int year;                      /* none yet), so that most days need no date arithmetic */
};

static int add_event(struct pupil_work *w, int64_t activity_id, int32_t day, int minutes)
{
    if (ARRAY_RESERVE(w->events, w->cap, w->n))
        return -1;
    if (day < w->year_from || day > w->year_until) {
        w->year = tally_year_of(day);
        w->year_from = date_school_year_start(w->year);
        w->year_until = date_school_year_start(w->year + 1) - 1;
    }
    w->events[w->n++] = (struct event){w->year, activity_id, day, minutes};
    return 0;
}

/* ---- the days enrolled ----------------------------------------------------------------------- */

/* The enrolment was 'enrolled' from day first through day last (INT32_MAX: still): each
   session of the activity that is not cancelled on one of those days, before the pupil left,
   is a day taken part. */
static int enrolled_span(struct pupil_work *w, int64_t activity_id, int32_t first, int32_t last)
{
    if (w->left_day != INT32_MAX && w->left_day - 1 < last)
        last = w->left_day - 1;
    if (last < first)
        return 0;
    char from[11], until[11];
    date_format(first, from);
    if (last == INT32_MAX)
        snprintf(until, sizeof until, "9999-12-31");
    else
        date_format(last, until);
    sqlite3_stmt *st = db_stmt(w->db, "SELECT date FROM sessions WHERE activity_id = ?1"
                                      " AND date BETWEEN ?2 AND ?3 AND cancelled = 0");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, until);
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW)
        failed = add_event(w, activity_id, reports_day_of(db_col_text(st, 0), 0), 0);
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* The stretches of 'enrolled' of the enrolments that st reads, each to enrolled_span. st's rows:
   enrolment id, activity id, status, created_at, the history's to_status and at (NULL: no
   history), ordered by enrolment and time. A change to 'enrolled' at moment t covers the days
   from t's day through the day of the next change (made during that day), or on and on when
   there is none. An enrolment without history counts from its created_at while its status is
   'enrolled'. Resets st. */
static int read_stretches(struct pupil_work *w, sqlite3_stmt *st)
{
    int rc, failed = 0;
    int64_t enrolment = 0, activity_id = 0;
    int32_t open_since = -1; /* the day the current 'enrolled' stretch began, -1: none */
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id != enrolment) {
            if (open_since >= 0)
                failed = enrolled_span(w, activity_id, open_since, INT32_MAX);
            enrolment = id;
            activity_id = sqlite3_column_int64(st, 1);
            open_since = -1;
            if (sqlite3_column_type(st, 5) == SQLITE_NULL) { /* no history */
                if (!strcmp(db_col_text(st, 2), "enrolled"))
                    open_since = reports_day_of(db_col_text(st, 3), -1);
                continue;
            }
        }
        int32_t day = reports_day_of(db_col_text(st, 5), -1);
        if (open_since >= 0 && !failed)
            failed = enrolled_span(w, activity_id, open_since, day);
        open_since = !strcmp(db_col_text(st, 4), "enrolled") ? day : -1;
    }
    if (!failed && open_since >= 0)
        failed = enrolled_span(w, activity_id, open_since, INT32_MAX);
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* All the pupil's enrolments (read_stretches). */
static int read_enrolled(struct pupil_work *w, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        w->db, "SELECT e.id, e.activity_id, e.status, e.created_at, h.to_status, h.at"
               " FROM enrolments e LEFT JOIN enrolment_history h ON h.enrolment_id = e.id"
               " WHERE e.pupil_id = ?1 ORDER BY e.id, h.at, h.id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    return read_stretches(w, st);
}

/* The pupil's enrolment of one activity (read_stretches): the history in the order of its
   index enrolment_history_time (enrolment_id, at, then id), so without sorting. */
static int read_enrolled_one(struct pupil_work *w, int64_t pupil_id, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(
        w->db, "SELECT e.id, e.activity_id, e.status, e.created_at, h.to_status, h.at"
               " FROM enrolments e LEFT JOIN enrolment_history h ON h.enrolment_id = e.id"
               " WHERE e.pupil_id = ?1 AND e.activity_id = ?2 ORDER BY h.at, h.id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    return read_stretches(w, st);
}

/* ---- the marks ------------------------------------------------------------------------------- */

/* Each mark st reads is a day taken part (whether or not the pupil was enrolled or had left),
   with the session's minutes when present. st's rows: the session's activity, date, start and
   end, the mark's status. Resets st. */
static int read_mark_rows(struct pupil_work *w, sqlite3_stmt *st)
{
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int minutes = strcmp(db_col_text(st, 4), "present")
                          ? 0
                          : reports_duration(db_col_text(st, 2), db_col_text(st, 3));
        failed = add_event(w, sqlite3_column_int64(st, 0), reports_day_of(db_col_text(st, 1), 0),
                           minutes);
    }
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* The pupil's marks at sessions that are not cancelled. */
static int read_marks(struct pupil_work *w, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        w->db, "SELECT s.activity_id, s.date, s.start_time, s.end_time, t.status"
               " FROM attendance t JOIN sessions s ON s.id = t.session_id"
               " WHERE t.pupil_id = ?1 AND s.cancelled = 0");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    return read_mark_rows(w, st);
}

/* The pupil's marks at one activity's sessions that are not cancelled: the activity's sessions
   (sessions_activity_date), each looked up in attendance's key. */
static int read_marks_one(struct pupil_work *w, int64_t pupil_id, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(
        w->db, "SELECT s.activity_id, s.date, s.start_time, s.end_time, t.status"
               " FROM sessions s CROSS JOIN attendance t"
               " WHERE s.activity_id = ?2 AND s.cancelled = 0"
               " AND t.session_id = s.id AND t.pupil_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    return read_mark_rows(w, st);
}

/* ---- the rows -------------------------------------------------------------------------------- */

static int event_order(const struct event *a, const struct event *b)
{
    if (a->year != b->year)
        return (a->year > b->year) - (a->year < b->year);
    if (a->activity_id != b->activity_id)
        return (a->activity_id > b->activity_id) - (a->activity_id < b->activity_id);
    return (a->day > b->day) - (a->day < b->day);
}

static int compare_events(const void *x, const void *y)
{
    return event_order(x, y);
}

/* The end of the run of events in order that starts at from (to: the end of all). */
static size_t run_end(const struct event *e, size_t from, size_t to)
{
    size_t i = from + 1;
    while (i < to && event_order(&e[i - 1], &e[i]) <= 0)
        i++;
    return i;
}

/* The runs src[from..mid) and src[mid..to), each in order, into dst[from..to) in order. */
static void merge_runs(const struct event *src, size_t from, size_t mid, size_t to,
                       struct event *dst)
{
    size_t a = from, b = mid, out = from;
    while (a < mid && b < to)
        dst[out++] = event_order(&src[b], &src[a]) < 0 ? src[b++] : src[a++];
    while (a < mid)
        dst[out++] = src[a++];
    while (b < to)
        dst[out++] = src[b++];
}

/* Sort the events by year, activity and day. They come as a few runs already in order (an
   activity's days, each stored year's days), so neighbouring runs are merged until one is
   left: a sign-up's refresh sorted with qsort for 5 % of its instructions. qsort when there
   is no memory for the merge. */
static void sort_events(struct pupil_work *w)
{
    size_t n = w->n;
    struct event *spare = n > 1 ? malloc(n * sizeof *spare) : NULL;
    if (!spare) {
        if (n > 1)
            qsort(w->events, n, sizeof *w->events, compare_events);
        return;
    }
    struct event *src = w->events, *dst = spare;
    for (size_t runs = 0; runs != 1;) {
        runs = 0;
        for (size_t i = 0; i < n; runs++) {
            size_t mid = run_end(src, i, n), end = mid < n ? run_end(src, mid, n) : n;
            merge_runs(src, i, mid, end, dst);
            i = end;
        }
        struct event *merged = dst;
        dst = src;
        src = merged;
    }
    if (src != w->events)
        memcpy(w->events, src, n * sizeof *src);
    free(spare);
}

/* Sort by year, activity and day, and make one event of the ones on the same day (a day
   enrolled and its mark; two sessions of one activity on one day), their minutes added. */
static void merge_events(struct pupil_work *w)
{
    sort_events(w);
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (n && !event_order(&w->events[n - 1], &w->events[i]))
            w->events[n - 1].minutes += w->events[i].minutes;
        else
            w->events[n++] = w->events[i];
    }
    w->n = n;
}

/* The events of one year (sorted by activity and day) as a packed events array. */
static void pack_events(const struct event *e, size_t n, int32_t year_start,
                        unsigned char *events)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char *p = events + i * TALLY_EVENT_SIZE;
        tally_put32(p, (uint32_t)e[i].activity_id);
        tally_put16(p + 4, (unsigned)(e[i].day - year_start));
        tally_put16(p + 6, (unsigned)e[i].minutes);
    }
}

/* The acts of events (one year, sorted by activity and day) into acts; their number. */
static size_t pack_acts(const struct event *e, size_t n, int32_t year_start, unsigned char *acts)
{
    size_t n_acts = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int64_t minutes = 0;
        unsigned last = TALLY_NO_DAY;
        for (; j < n && e[j].activity_id == e[i].activity_id; j++) {
            minutes += e[j].minutes;
            if (e[j].minutes > 0)
                last = (unsigned)(e[j].day - year_start);
        }
        unsigned char *p = acts + n_acts++ * TALLY_ACT_SIZE;
        tally_put32(p, (uint32_t)e[i].activity_id);
        tally_put32(p + 4, (uint32_t)minutes);
        tally_put16(p + 8, (unsigned)(e[i].day - year_start));
        tally_put16(p + 10, last);
        i = j;
    }
    return n_acts;
}

/* The first day of each month of the school year starting on year_start, and the first day
   of the next school year (month_start[TALLY_MONTHS]). */
static void month_starts(int year, int32_t month_start[TALLY_MONTHS + 1])
{
    for (int m = 0; m <= TALLY_MONTHS; m++)
        month_start[m] = date_from_ymd(year + (7 + m) / 12, (7 + m) % 12 + 1, 1);
}

/* The months of events (one school year) as a packed months array (TALLY_MONTHS items). */
static void pack_months(const struct event *e, size_t n, int year, unsigned char *months)
{
    int32_t start[TALLY_MONTHS + 1];
    month_starts(year, start);
    uint32_t days[TALLY_MONTHS] = {0};
    int64_t minutes[TALLY_MONTHS] = {0};
    int first[TALLY_MONTHS] = {0}, last[TALLY_MONTHS] = {0};
    for (size_t i = 0; i < n; i++) {
        int m = 0;
        while (m < TALLY_MONTHS - 1 && e[i].day >= start[m + 1])
            m++;
        int d = (int)(e[i].day - start[m]) + 1; /* 1 … 31 */
        days[m] |= UINT32_C(1) << (d - 1);
        if (e[i].minutes <= 0)
            continue;
        minutes[m] += e[i].minutes;
        if (!first[m] || d < first[m])
            first[m] = d;
        if (d > last[m])
            last[m] = d;
    }
    for (int m = 0; m < TALLY_MONTHS; m++) {
        unsigned char *p = months + m * TALLY_MONTH_SIZE;
        tally_put32(p, days[m]);
        tally_put32(p + 4, (uint32_t)minutes[m]);
        p[8] = (unsigned char)first[m];
        p[9] = (unsigned char)last[m];
    }
}

static int insert_blob(struct db *db, const char *sql, int year, int64_t pupil_id,
                       const unsigned char *blob, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, pupil_id);
    sqlite3_bind_blob(st, 3, blob, (int)size, SQLITE_STATIC);
    return db_step_done(st);
}

/* The rows of one school year: events[0..n) all of that year. A row already there is
   updated in place: its keys stay, so the indexes on them are not written (a sign-up's
   refresh wrote three pages less than when it deleted and inserted). */
static int write_year(struct db *db, int64_t pupil_id, const struct event *e, size_t n)
{
    int32_t start = date_school_year_start(e[0].year);
    unsigned char *events = malloc(n * TALLY_EVENT_SIZE), *acts = malloc(n * TALLY_ACT_SIZE);
    int rc = -1;
    if (events && acts) {
        pack_events(e, n, start, events);
        size_t n_acts = pack_acts(e, n, start, acts);
        rc = insert_blob(db,
                         "INSERT INTO tally_pupil_year (year, pupil_id, acts)"
                         " VALUES (?1, ?2, ?3) ON CONFLICT (year, pupil_id)"
                         " DO UPDATE SET acts = excluded.acts",
                         e[0].year, pupil_id, acts, n_acts * TALLY_ACT_SIZE);
        if (rc == 0)
            rc = insert_blob(db,
                             "INSERT INTO tally_pupil_events (year, pupil_id, events)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT (year, pupil_id)"
                             " DO UPDATE SET events = excluded.events",
                             e[0].year, pupil_id, events, n * TALLY_EVENT_SIZE);
        unsigned char months[TALLY_MONTHS * TALLY_MONTH_SIZE];
        pack_months(e, n, e[0].year, months);
        if (rc == 0)
            rc = insert_blob(db,
                             "INSERT INTO tally_pupil_months (year, pupil_id, months)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT (year, pupil_id)"
                             " DO UPDATE SET months = excluded.months",
                             e[0].year, pupil_id, months, sizeof months);
    }
    free(events);
    free(acts);
    return rc;
}

/* Whether the packed arrays can hold every event (ids in 4 bytes, minutes of a day in 2). */
static int packable(const struct pupil_work *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->events[i].activity_id < 0 || w->events[i].activity_id > (int64_t)UINT32_MAX ||
            w->events[i].minutes < 0 || w->events[i].minutes >= TALLY_NO_DAY)
            return 0;
    return 1;
}

static int write_rows(struct db *db, int64_t pupil_id, struct pupil_work *w)
{
    merge_events(w);
    if (!packable(w)) {
        fprintf(stderr, "tally: pupil %lld: an id or a day's minutes too large\n",
                (long long)pupil_id);
        return -1;
    }
    for (size_t i = 0; i < w->n;) {
        size_t j = i;
        while (j < w->n && w->events[j].year == w->events[i].year)
            j++;
        if (write_year(db, pupil_id, w->events + i, j - i))
            return -1;
        i = j;
    }
    return 0;
}

/* The pupil's left_on into w->left_day. 1, 0 when the pupil is gone, -1 on error. */
static int read_pupil(struct pupil_work *w, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(w->db, "SELECT left_on FROM pupils WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    int rc = sqlite3_step(st);
    w->left_day = INT32_MAX;
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        w->left_day = reports_day_of(db_col_text(st, 0), INT32_MAX);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int tally_refresh_pupil(struct db *db, int64_t pupil_id)
{
    if (tally_exec_id(db, "DELETE FROM tally_pupil_year WHERE pupil_id = ?1", pupil_id) ||
        tally_exec_id(db, "DELETE FROM tally_pupil_events WHERE pupil_id = ?1", pupil_id) ||
        tally_exec_id(db, "DELETE FROM tally_pupil_months WHERE pupil_id = ?1", pupil_id))
        return -1;
    struct pupil_work w = {.db = db, .year_from = 1, .year_until = 0};
    int found = read_pupil(&w, pupil_id);
    if (found <= 0)
        return found; /* 0: the pupil is gone */
    int rc = read_enrolled(&w, pupil_id) || read_marks(&w, pupil_id) ||
                     write_rows(db, pupil_id, &w)
                 ? -1
                 : 0;
    free(w.events);
    return rc;
}

/* ---- one activity of a pupil ----------------------------------------------------------------- */

/* The school years a refresh of one activity rewrites: those of its new days and those whose
   stored days include it. */
struct years {
    int *list;
    size_t n, cap;
};

static int years_add(struct years *y, int year)
{
    for (size_t i = 0; i < y->n; i++)
        if (y->list[i] == year)
            return 0;
    if (ARRAY_RESERVE(y->list, y->cap, y->n))
        return -1;
    y->list[y->n++] = year;
    return 0;
}

static bool years_has(const struct years *y, int year)
{
    for (size_t i = 0; i < y->n; i++)
        if (y->list[i] == year)
            return true;
    return false;
}

/* One stored year of the pupil's events (a packed events array), kept while deciding. */
struct stored_year {
    int year;
    unsigned char *events;
    size_t n;
    bool has_activity;
};

/* The pupil's stored event rows, copied out (*rows, *n; free each events and the array).
   0 or -1. */
static int read_stored(struct db *db, int64_t pupil_id, int64_t activity_id,
                       struct stored_year **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT year, events FROM tally_pupil_events"
                                   " WHERE pupil_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    size_t cap = 0;
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t size = (size_t)sqlite3_column_bytes(st, 1);
        const unsigned char *blob = sqlite3_column_blob(st, 1);
        struct stored_year row = {.year = sqlite3_column_int(st, 0),
                                  .n = size / TALLY_EVENT_SIZE};
        row.events = malloc(size ? size : 1);
        failed = !row.events || ARRAY_RESERVE(*rows, cap, *n);
        if (failed) {
            free(row.events);
            break;
        }
        if (size)
            memcpy(row.events, blob, size);
        for (size_t i = 0; i < row.n && !row.has_activity; i++)
            row.has_activity = tally_get32(row.events + i * TALLY_EVENT_SIZE) ==
                               (uint32_t)activity_id;
        (*rows)[(*n)++] = row;
    }
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* The other activities' stored events of the years to rewrite, into w. 0 or -1. */
static int keep_others(struct pupil_work *w, const struct stored_year *rows, size_t n,
                       const struct years *rewrite, int64_t activity_id)
{
    for (size_t r = 0; r < n; r++) {
        if (!years_has(rewrite, rows[r].year))
            continue;
        int32_t start = date_school_year_start(rows[r].year);
        for (size_t i = 0; i < rows[r].n; i++) {
            struct tally_event e;
            tally_event_at(rows[r].events, i, start, &e);
            if (e.activity_id == activity_id)
                continue;
            if (ARRAY_RESERVE(w->events, w->cap, w->n))
                return -1;
            w->events[w->n++] = (struct event){rows[r].year, e.activity_id, e.day, e.minutes};
        }
    }
    return 0;
}

static int delete_year(struct db *db, int64_t pupil_id, int year)
{
    static const char *const sql[] = {
        "DELETE FROM tally_pupil_year WHERE year = ?1 AND pupil_id = ?2",
        "DELETE FROM tally_pupil_events WHERE year = ?1 AND pupil_id = ?2",
        "DELETE FROM tally_pupil_months WHERE year = ?1 AND pupil_id = ?2",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        sqlite3_stmt *st = db_stmt(db, sql[i]);
        if (!st)
            return -1;
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_int64(st, 2, pupil_id);
        if (db_step_done(st))
            return -1;
    }
    return 0;
}

/* Whether w holds an event of year. */
static bool has_year(const struct pupil_work *w, int year)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->events[i].year == year)
            return true;
    return false;
}

/* With the activity's new days in w: add the other activities' days of every year that
   changes, and write those years' rows again (delete those left without a day). */
static int rewrite_years(struct pupil_work *w, int64_t pupil_id, int64_t activity_id)
{
    struct stored_year *rows;
    size_t n_rows;
    struct years rewrite = {0};
    int rc = read_stored(w->db, pupil_id, activity_id, &rows, &n_rows);
    for (size_t i = 0; rc == 0 && i < w->n; i++)
        rc = years_add(&rewrite, w->events[i].year);
    for (size_t r = 0; rc == 0 && r < n_rows; r++)
        if (rows[r].has_activity)
            rc = years_add(&rewrite, rows[r].year);
    if (rc == 0 && rewrite.n)
        rc = keep_others(w, rows, n_rows, &rewrite, activity_id);
    for (size_t i = 0; rc == 0 && i < rewrite.n; i++)
        if (!has_year(w, rewrite.list[i]))
            rc = delete_year(w->db, pupil_id, rewrite.list[i]); /* nothing left that year */
    if (rc == 0 && rewrite.n)
        rc = write_rows(w->db, pupil_id, w); /* the others: updated in place */
    for (size_t r = 0; r < n_rows; r++)
        free(rows[r].events);
    free(rows);
    free(rewrite.list);
    return rc;
}

int tally_refresh_enrolment(struct db *db, int64_t pupil_id, int64_t activity_id)
{
    struct pupil_work w = {.db = db, .year_from = 1, .year_until = 0};
    int found = read_pupil(&w, pupil_id);
    if (found <= 0)
        return found; /* 0: the pupil is gone, and with it the rows */
    int rc = read_enrolled_one(&w, pupil_id, activity_id) ||
                     read_marks_one(&w, pupil_id, activity_id) ||
                     rewrite_years(&w, pupil_id, activity_id)
                 ? -1
                 : 0;
    free(w.events);
    return rc;
}
