/* The clash rule (PRODUCT.md 2): an activity clashes with one the pupil is enrolled in or
   waiting for when a session of each, from today on and not cancelled, fall on the same day
   and overlap in time. enrol_clash checks one activity at a sign-up, inside the write
   transaction; enrol_clashes lists them all for the parent's page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/enrol.h"
#include "util/array.h"
#include "util/date.h"
#include "util/utf8.h"

/* A session's day and times ("YYYY-MM-DD", "HH:MM": what every writer of sessions checks,
   util/date.h). */
struct session_time {
    char date[11], start[6], end[6];
};

/* The activity's sessions from today on, not cancelled, by date, into *out (caller frees).
   0 or -1. */
static int own_sessions(struct db *db, int64_t activity_id, const char *today,
                        struct session_time **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT date, start_time, end_time FROM sessions"
                                   " WHERE activity_id = ?1 AND date >= ?2 AND cancelled = 0"
                                   " ORDER BY date");
    *out = NULL;
    *n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, today);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(*out, cap, *n))
            break;
        struct session_time *t = &(*out)[(*n)++];
        utf8_copy(t->date, sizeof t->date, db_col_text(st, 0));
        utf8_copy(t->start, sizeof t->start, db_col_text(st, 1));
        utf8_copy(t->end, sizeof t->end, db_col_text(st, 2));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether a session on date from start to end overlaps one of own (n, by date). */
static bool overlaps(const struct session_time *own, size_t n, const char *date, const char *start,
                     const char *end)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first of own on date or after */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(own[mid].date, date) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && !strcmp(own[i].date, date); i++)
        if (strcmp(own[i].start, end) < 0 && strcmp(start, own[i].end) < 0)
            return true;
    return false;
}

/* The weekdays of own's dates as bits, as activities.session_days holds them (strftime '%w':
   bit 0 Sunday … bit 6 Saturday); every bit for a date that cannot be read. */
static int64_t weekday_bits(const struct session_time *own, size_t n)
{
    int64_t bits = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t day;
        bits |= date_parse(own[i].date, &day) ? 127 : INT64_C(1) << (date_weekday(day) % 7);
    }
    return bits;
}

/* The earliest clash of own (n sessions, by date) with the sessions of the pupil's other
   active enrolments in the days and the hours own spans: the other activity's id into *other
   (0 for none; the lowest id when several clash on that day). One pass over those sessions, read in
   ranges of an index, with no search per session of the activity (README "What a sign-up costs").
   An other activity whose sessions all fall on other weekdays, or all end before own's
   earliest start or start after own's latest end, cannot clash: its row says so
   (migrations/0029_session_envelope.sql) and its sessions are not read.
   An active status is "not 'cancelled'" (the status's CHECK allows three), which unlike IN
   ('enrolled', 'waitlisted') needs no temporary table per run. 0 or -1. */
static int earliest_clash(struct db *db, int64_t pupil_id, int64_t activity_id,
                          const struct session_time *own, size_t n, int64_t *other)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT o.date, o.start_time, o.end_time, o.activity_id"
                                   " FROM enrolments e CROSS JOIN activities a"
                                   " CROSS JOIN sessions o"
                                   " WHERE e.pupil_id = ?1 AND e.activity_id <> ?2"
                                   "  AND e.status <> 'cancelled'"
                                   "  AND a.id = e.activity_id AND a.session_days & ?7 <> 0"
                                   "  AND a.session_start < ?5 AND ?6 < a.session_end"
                                   "  AND o.activity_id = e.activity_id"
                                   "  AND o.date BETWEEN ?3 AND ?4 AND o.cancelled = 0"
                                   "  AND o.start_time < ?5 AND ?6 < o.end_time");
    *other = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    db_bind_text(st, 3, own[0].date);
    db_bind_text(st, 4, own[n - 1].date);
    const char *latest_end = own[0].end, *earliest_start = own[0].start;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(own[i].end, latest_end) > 0)
            latest_end = own[i].end;
        if (strcmp(own[i].start, earliest_start) < 0)
            earliest_start = own[i].start;
    }
    db_bind_text(st, 5, latest_end); /* no overlap outside the hours own spans */
    db_bind_text(st, 6, earliest_start);
    sqlite3_bind_int64(st, 7, weekday_bits(own, n));
    char first[11] = "";
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *date = db_col_text(st, 0);
        int64_t id = sqlite3_column_int64(st, 3);
        int later = *other ? strcmp(date, first) : -1;
        if (later > 0 || (later == 0 && id >= *other))
            continue;
        if (overlaps(own, n, date, db_col_text(st, 1), db_col_text(st, 2))) {
            utf8_copy(first, sizeof first, date);
            *other = id;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int enrol_clash(struct db *db, int64_t pupil_id, int64_t activity_id, const char *today,
                char title[ENROL_TITLE_MAX + 1])
{
    struct session_time *own;
    size_t n;
    int64_t other = 0;
    int rc = own_sessions(db, activity_id, today, &own, &n);
    if (rc == 0 && n)
        rc = earliest_clash(db, pupil_id, activity_id, own, n, &other);
    free(own);
    if (rc || !other)
        return rc ? -1 : 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT title FROM activities WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, other);
    rc = sqlite3_step(st);
    utf8_copy(title, ENROL_TITLE_MAX + 1, rc == SQLITE_ROW ? db_col_text(st, 0) : "");
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 1 : -1;
}

/* ---- the page's list ------------------------------------------------------------------------ */

/* One of the pupil's active enrolments: its activity and that activity's title. */
struct enrolled {
    int64_t activity_id;
    char *title; /* malloc'd, whole */
};

static void enrolled_free(struct enrolled *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].title);
    free(e);
}

/* A session of one of them from today on (enrolled: its index). */
struct held {
    struct session_time t;
    size_t enrolled;
};

/* The pupil's active enrolments with their titles, into *out (caller frees). 0 or -1. */
static int pupil_enrolled(struct db *db, int64_t pupil_id, struct enrolled **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT e.activity_id, a.title FROM enrolments e"
                                   " JOIN activities a ON a.id = e.activity_id"
                                   " WHERE e.pupil_id = ?1 AND e.status <> 'cancelled'");
    *out = NULL;
    *n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *title = strdup(db_col_text(st, 1));
        if (!title || ARRAY_RESERVE(*out, cap, *n)) {
            free(title);
            break;
        }
        (*out)[(*n)++] = (struct enrolled){sqlite3_column_int64(st, 0), title};
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int compare_held(const void *x, const void *y)
{
    const struct held *a = x, *b = y;
    return strcmp(a->t.date, b->t.date);
}

/* The sessions from today on of the n enrolments, by date, into *out (caller frees). 0 or -1. */
static int held_sessions(struct db *db, const struct enrolled *enrolled, size_t n,
                         const char *today, struct held **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        struct session_time *own;
        size_t n_own;
        if (own_sessions(db, enrolled[i].activity_id, today, &own, &n_own))
            return -1;
        for (size_t k = 0; k < n_own; k++) {
            if (ARRAY_RESERVE(*out, cap, *n_out)) {
                free(own);
                return -1;
            }
            (*out)[(*n_out)++] = (struct held){own[k], i};
        }
        free(own);
    }
    if (*n_out > 1)
        qsort(*out, *n_out, sizeof **out, compare_held);
    return 0;
}

/* The enrolment that session s of activity_id clashes with, the lowest activity id when
   several do (as enrol_clash); NULL for none. held: n, by date. */
static const struct enrolled *clash_of(const struct session_time *s, int64_t activity_id,
                                       const struct held *held, size_t n,
                                       const struct enrolled *enrolled)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first held on s's date or after */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(held[mid].t.date, s->date) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct enrolled *found = NULL;
    for (size_t i = lo; i < n && !strcmp(held[i].t.date, s->date); i++) {
        const struct enrolled *e = &enrolled[held[i].enrolled];
        if (e->activity_id != activity_id && strcmp(held[i].t.start, s->end) < 0 &&
            strcmp(s->start, held[i].t.end) < 0 && (!found || e->activity_id < found->activity_id))
            found = e;
    }
    return found;
}

/* Whether activity_id clashes with one of the held sessions: into clashes under its id, with
   the title of the enrolment of the earliest clash. 0 or -1. */
static int add_clash(struct db *db, int64_t activity_id, const char *today, const struct held *held,
                     size_t n_held, const struct enrolled *enrolled, json_t *clashes)
{
    struct session_time *own;
    size_t n;
    if (own_sessions(db, activity_id, today, &own, &n))
        return -1;
    const struct enrolled *found = NULL;
    for (size_t i = 0; i < n && !found; i++) /* by date: the first found is the earliest */
        found = clash_of(&own[i], activity_id, held, n_held, enrolled);
    free(own);
    if (!found)
        return 0;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)activity_id);
    return json_object_set_new(clashes, id, json_string(found->title));
}

json_t *enrol_clashes(struct db *db, int64_t pupil_id, const char *today, const int64_t *activities,
                      size_t n)
{
    json_t *clashes = json_object();
    struct enrolled *enrolled = NULL;
    struct held *held = NULL;
    size_t n_enrolled = 0, n_held = 0;
    int rc = clashes ? 0 : -1;
    if (rc == 0 && n)
        rc = pupil_enrolled(db, pupil_id, &enrolled, &n_enrolled);
    if (rc == 0 && n_enrolled)
        rc = held_sessions(db, enrolled, n_enrolled, today, &held, &n_held);
    for (size_t i = 0; rc == 0 && n_held && i < n; i++)
        rc = add_clash(db, activities[i], today, held, n_held, enrolled, clashes);
    enrolled_free(enrolled, n_enrolled);
    free(held);
    if (rc) {
        json_decref(clashes);
        return NULL;
    }
    return clashes;
}
