/* A pupil's summary rows (domain/tally.h): from the pupil's enrolments, their history and the
   pupil's marks, the days the pupil took part in each activity and the minutes present, per
   school year. The register's rule (domain/attendance/attendance_rule.h, its SQL form) decides
   on which days an enrolment counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/attendance/attendance_rule.h"
#include "domain/reports/reports_internal.h"
#include "domain/reports/tally.h"
#include "domain/reports/tally_internal.h"
#include "util/array.h"

/* One day the pupil took part in an activity. */
struct event {
    int year; /* the school year of day */
    int64_t activity_id;
    int32_t day;
    int minutes; /* present */
};

struct pupil_work {
    struct db *db;
    struct event *events;
    size_t n, cap;
};

static int add_event(struct pupil_work *w, int64_t activity_id, int32_t day, int minutes)
{
    if (ARRAY_RESERVE(w->events, w->cap, w->n))
        return -1;
    w->events[w->n++] = (struct event){tally_year_of(day), activity_id, day, minutes};
    return 0;
}

/* ---- the days enrolled ----------------------------------------------------------------------- */

/* Each session that is not cancelled, of an activity the pupil was enrolled in on the
   session's date by the register's rule (domain/attendance/attendance_rule.h), is a day taken
   part. */
static int read_enrolled(struct pupil_work *w, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        w->db, "SELECT s.activity_id, s.date FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
               " JOIN sessions s ON s.activity_id = e.activity_id AND s.cancelled = 0"
               " WHERE e.pupil_id = ?1 AND" ATTENDANCE_ENROLLED_ON("e", "p", "s.date"));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW)
        failed = add_event(w, sqlite3_column_int64(st, 0), reports_day_of(db_col_text(st, 1), 0),
                           0);
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* ---- the marks ------------------------------------------------------------------------------- */

/* Each mark at a session that is not cancelled is a day taken part (whether or not the pupil
   was enrolled or had left), with the session's minutes when present. */
static int read_marks(struct pupil_work *w, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        w->db, "SELECT s.activity_id, s.date, s.start_time, s.end_time, t.status"
               " FROM attendance t JOIN sessions s ON s.id = t.session_id"
               " WHERE t.pupil_id = ?1 AND s.cancelled = 0");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
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

/* ---- the rows -------------------------------------------------------------------------------- */

static int compare_events(const void *x, const void *y)
{
    const struct event *a = x, *b = y;
    if (a->year != b->year)
        return (a->year > b->year) - (a->year < b->year);
    if (a->activity_id != b->activity_id)
        return (a->activity_id > b->activity_id) - (a->activity_id < b->activity_id);
    return (a->day > b->day) - (a->day < b->day);
}

/* Sort by year, activity and day, and make one event of the ones on the same day (a day
   enrolled and its mark; two sessions of one activity on one day), their minutes added. */
static void merge_events(struct pupil_work *w)
{
    if (w->n > 1)
        qsort(w->events, w->n, sizeof *w->events, compare_events);
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (n && !compare_events(&w->events[n - 1], &w->events[i]))
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

/* The rows of one school year: events[0..n) all of that year. */
static int write_year(struct db *db, int64_t pupil_id, const struct event *e, size_t n)
{
    int32_t start = tally_year_start(e[0].year);
    unsigned char *events = malloc(n * TALLY_EVENT_SIZE), *acts = malloc(n * TALLY_ACT_SIZE);
    int rc = -1;
    if (events && acts) {
        pack_events(e, n, start, events);
        size_t n_acts = pack_acts(e, n, start, acts);
        rc = insert_blob(db, "INSERT INTO tally_pupil_year (year, pupil_id, acts)"
                             " VALUES (?1, ?2, ?3)",
                         e[0].year, pupil_id, acts, n_acts * TALLY_ACT_SIZE);
        if (rc == 0)
            rc = insert_blob(db, "INSERT INTO tally_pupil_events (year, pupil_id, events)"
                                 " VALUES (?1, ?2, ?3)",
                             e[0].year, pupil_id, events, n * TALLY_EVENT_SIZE);
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

int tally_refresh_pupil(struct db *db, int64_t pupil_id)
{
    if (tally_exec_id(db, "DELETE FROM tally_pupil_year WHERE pupil_id = ?1", pupil_id) ||
        tally_exec_id(db, "DELETE FROM tally_pupil_events WHERE pupil_id = ?1", pupil_id))
        return -1;
    int64_t exists = db_int(db, "SELECT 1 FROM pupils WHERE id = ?1", pupil_id, 0, 0);
    if (exists <= 0)
        return (int)exists; /* 0: the pupil is gone */
    struct pupil_work w = {.db = db};
    int rc = read_enrolled(&w, pupil_id) || read_marks(&w, pupil_id) || write_rows(db, pupil_id, &w)
             ? -1
             : 0;
    free(w.events);
    return rc;
}
