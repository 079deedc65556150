/* Trends per month (domain/trends.h): four set-based queries — the pupils, the held sessions,
   the enrolments with their history, the marks — and the rest in memory, with a bit per month
   for each pupil. The register's rule is the one reports_read.c applies to the whole period;
   here each stretch of 'enrolled' sets the bits of the months in which its activity held a
   session. */
#include "domain/trends.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports_internal.h"
#include "util/date.h"

struct t_pupil {
    int64_t id;
    int school;       /* index into t->school_ids */
    int32_t left_day; /* the day the pupil left, INT32_MAX while at school */
    uint64_t months;  /* bit m: a participant in month m */
};

struct t_session {
    int64_t id;
    int64_t activity_id;
    int32_t day;
    int month; /* index into t->months */
    int minutes;
};

struct t_work {
    struct trends *t;
    const struct report_query *q;
    char upto[11]; /* the last day that counts (reports_upto) */
    int base; /* year * 12 + month - 1 of the first month */
    struct t_pupil *pupils; /* by id */
    size_t n_pupils;
    struct t_session *by_id, *by_activity; /* the held sessions, by id; by activity and day */
    size_t n_sessions;
};

/* ---- small helpers --------------------------------------------------------------------------- */

static int compare_activity_days(const void *x, const void *y)
{
    const struct t_session *a = x, *b = y;
    if (a->activity_id != b->activity_id)
        return (a->activity_id > b->activity_id) - (a->activity_id < b->activity_id);
    return (a->day > b->day) - (a->day < b->day);
}

/* year * 12 + month - 1 of "YYYY-MM…", or -1. */
static int month_number(const char *text)
{
    int year, month;
    if (!text || sscanf(text, "%4d-%2d", &year, &month) != 2 || month < 1 || month > 12)
        return -1;
    return year * 12 + month - 1;
}

/* ---- the months ------------------------------------------------------------------------------ */

/* "YYYY-MM" of a month number (year * 12 + month - 1). */
static void month_text(int number, char out[8])
{
    char text[32];
    snprintf(text, sizeof text, "%04d-%02d", number / 12, number % 12 + 1);
    memcpy(out, text, 7);
    out[7] = '\0';
}

/* The calendar months from q->from through upto, each with its days inside the period. */
static int make_months(struct t_work *w, const struct report_query *q, const char *upto)
{
    struct trends *t = w->t;
    int32_t first, last;
    if (date_parse(q->from, &first) || date_parse(upto, &last))
        return -1;
    w->base = month_number(q->from);
    if (last < first)
        return 0; /* the period lies after today: no month has held sessions */
    int n = month_number(upto) - w->base + 1;
    if (n < 1 || n > TRENDS_MAX_MONTHS)
        return -1;
    t->months = calloc((size_t)n, sizeof *t->months);
    if (!t->months)
        return -1;
    for (int m = 0; m < n; m++) {
        struct trend_month *tm = &t->months[m];
        int number = w->base + m;
        month_text(number, tm->month);
        snprintf(tm->first, sizeof tm->first, "%.7s-01", tm->month);
        if (m == 0)
            memcpy(tm->first, q->from, sizeof tm->first);
        if (m == n - 1) {
            memcpy(tm->last, upto, sizeof tm->last);
        } else { /* the day before the first of the next month */
            char next_first[11];
            int32_t day;
            month_text(number + 1, next_first);
            memcpy(next_first + 7, "-01", 4);
            if (date_parse(next_first, &day))
                return -1;
            date_format(day - 1, tm->last);
        }
    }
    t->n_months = (size_t)n;
    return 0;
}

/* ---- the queries ----------------------------------------------------------------------------- */

/* The schools of the trends, by id. */
static int read_schools(struct db *db, struct t_work *w, int64_t only)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM schools WHERE ?1 = 0 OR id = ?1 ORDER BY id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, only);
    size_t cap = 0;
    int rc;
    struct trends *t = w->t;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (t->n_schools == cap) {
            size_t next = cap ? cap * 2 : 32;
            int64_t *grown = realloc(t->school_ids, next * sizeof *grown);
            if (!grown)
                break;
            t->school_ids = grown;
            cap = next;
        }
        t->school_ids[t->n_schools++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The pupils of the schools who had not left before the period's first day. */
static int read_pupils(struct db *db, struct t_work *w, const struct report_query *q)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, school_id, left_on FROM pupils"
                                   " WHERE (left_on IS NULL OR left_on > ?1)"
                                   " AND (?2 = 0 OR school_id = ?2) ORDER BY id");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    sqlite3_bind_int64(st, 2, q->school_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const int64_t *school = reports_find(w->t->school_ids, w->t->n_schools,
                                             sizeof *school, sqlite3_column_int64(st, 1));
        if (!school)
            continue;
        if (w->n_pupils == cap) {
            size_t next = cap ? cap * 2 : 256;
            struct t_pupil *grown = realloc(w->pupils, next * sizeof *grown);
            if (!grown)
                break;
            w->pupils = grown;
            cap = next;
        }
        w->pupils[w->n_pupils++] = (struct t_pupil){
            sqlite3_column_int64(st, 0), (int)(school - w->t->school_ids),
            sqlite3_column_type(st, 2) == SQLITE_NULL
                ? INT32_MAX
                : reports_day_of(db_col_text(st, 2), INT32_MAX),
            0};
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Held sessions of the period (through upto, not cancelled); with one school only those of
   its own activities and of activities open to the coalition (as the report's scope). */
static int read_sessions(struct db *db, struct t_work *w, const struct report_query *q,
                         const char *upto)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id, s.activity_id, s.date, s.start_time, s.end_time"
            " FROM sessions s JOIN activities a ON a.id = s.activity_id"
            " WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0"
            " AND (?3 = 0 OR a.school_id = ?3 OR a.open_to = 'coalition')");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, upto);
    sqlite3_bind_int64(st, 3, q->school_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int month = month_number(db_col_text(st, 2)) - w->base;
        if (month < 0 || (size_t)month >= w->t->n_months)
            continue;
        if (w->n_sessions == cap) {
            size_t next = cap ? cap * 2 : 256;
            struct t_session *grown = realloc(w->by_id, next * sizeof *grown);
            if (!grown)
                break;
            w->by_id = grown;
            cap = next;
        }
        w->by_id[w->n_sessions++] = (struct t_session){
            sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
            reports_day_of(db_col_text(st, 2), 0), month,
            reports_duration(db_col_text(st, 3), db_col_text(st, 4))};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    w->by_activity = malloc((w->n_sessions ? w->n_sessions : 1) * sizeof *w->by_activity);
    if (!w->by_activity)
        return -1;
    if (w->n_sessions) {
        memcpy(w->by_activity, w->by_id, w->n_sessions * sizeof *w->by_activity);
        qsort(w->by_id, w->n_sessions, sizeof *w->by_id, reports_compare_ids);
        qsort(w->by_activity, w->n_sessions, sizeof *w->by_activity, compare_activity_days);
    }
    return 0;
}

/* The pupil was 'enrolled' in the activity from day first through day last (INT32_MAX:
   still): set the months in which the activity held a session on one of those days while the
   pupil had not left the school. */
static void enrolled_span(struct t_work *w, int64_t pupil_id, int64_t activity_id, int32_t first,
                          int32_t last)
{
    struct t_pupil *p = reports_find(w->pupils, w->n_pupils, sizeof *w->pupils, pupil_id);
    if (!p)
        return;
    if (p->left_day != INT32_MAX && p->left_day - 1 < last)
        last = p->left_day - 1;
    /* the activity's first held day >= first */
    size_t lo = 0, hi = w->n_sessions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct t_session *s = &w->by_activity[mid];
        if (s->activity_id < activity_id || (s->activity_id == activity_id && s->day < first))
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < w->n_sessions; i++) {
        const struct t_session *s = &w->by_activity[i];
        if (s->activity_id != activity_id || s->day > last)
            break;
        p->months |= UINT64_C(1) << s->month;
    }
}

static int span_months(void *ctx, int64_t pupil_id, int64_t activity_id, int32_t first,
                       int32_t last)
{
    enrolled_span(ctx, pupil_id, activity_id, first, last);
    return 0;
}

/* The enrolments' stretches of 'enrolled', as reports_read.c reads them
   (reports_read_enrolled). */
static int read_enrolments(struct db *db, struct t_work *w)
{
    return reports_read_enrolled(db, span_months, w);
}

/* Every mark at a held session: the pupil is a participant of that month (the mark was taken
   from the register); a 'present' adds the session's minutes to the pupil's school. */
static int read_marks(struct db *db, struct t_work *w, const struct report_query *q,
                      const char *upto)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT t.session_id, t.pupil_id, t.status"
                                   " FROM sessions s JOIN attendance t ON t.session_id = s.id"
                                   " WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, upto);
    struct trends *t = w->t;
    const struct t_session *s = NULL;
    struct t_pupil *p = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t session_id = sqlite3_column_int64(st, 0), pupil_id = sqlite3_column_int64(st, 1);
        if (!s || s->id != session_id)
            s = reports_find(w->by_id, w->n_sessions, sizeof *w->by_id, session_id);
        if (!p || p->id != pupil_id)
            p = reports_find(w->pupils, w->n_pupils, sizeof *w->pupils, pupil_id);
        if (!s || !p)
            continue;
        p->months |= UINT64_C(1) << s->month;
        if (!strcmp(db_col_text(st, 2), "present"))
            t->points[(size_t)p->school * t->n_months + (size_t)s->month].minutes += s->minutes;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The pupils' months into their schools' participants, and the coalition's sums. */
static void add_up(struct t_work *w)
{
    struct trends *t = w->t;
    for (size_t i = 0; i < w->n_pupils; i++) {
        const struct t_pupil *p = &w->pupils[i];
        for (size_t m = 0; m < t->n_months; m++)
            if (p->months & (UINT64_C(1) << m))
                t->points[(size_t)p->school * t->n_months + m].participants++;
    }
    for (size_t i = 0; i < t->n_schools; i++)
        for (size_t m = 0; m < t->n_months; m++) {
            const struct trend_point *pt = &t->points[i * t->n_months + m];
            t->coalition[m].participants += pt->participants;
            t->coalition[m].minutes += pt->minutes;
        }
}

/* ---- all of it ------------------------------------------------------------------------------- */

static int compute(struct db *db, void *ctx)
{
    struct t_work *w = ctx;
    struct trends *t = w->t;
    const struct report_query *q = w->q;
    const char *upto = w->upto;
    if (make_months(w, q, upto) || read_schools(db, w, q->school_id))
        return -1;
    t->points = calloc(t->n_schools * t->n_months + 1, sizeof *t->points);
    t->coalition = calloc(t->n_months + 1, sizeof *t->coalition);
    if (!t->points || !t->coalition)
        return -1;
    if (!t->n_months)
        return 0;
    if (read_pupils(db, w, q) || read_sessions(db, w, q, upto) || read_enrolments(db, w) ||
        read_marks(db, w, q, upto))
        return -1;
    add_up(w);
    return 0;
}

int trends_compute(struct db *db, const struct report_query *q, struct trends *out)
{
    memset(out, 0, sizeof *out);
    struct t_work w = {.t = out, .q = q};
    reports_upto(q, w.upto);
    int rc = reports_in_read(db, compute, &w);
    free(w.pupils);
    free(w.by_id);
    free(w.by_activity);
    if (rc) {
        trends_free(out);
        return -1;
    }
    return 0;
}

void trends_free(struct trends *t)
{
    free(t->months);
    free(t->school_ids);
    free(t->points);
    free(t->coalition);
    memset(t, 0, sizeof *t);
}

const struct trend_point *trends_school(const struct trends *t, int64_t school_id)
{
    const int64_t *id = reports_find(t->school_ids, t->n_schools, sizeof *id, school_id);
    return id ? &t->points[(size_t)(id - t->school_ids) * t->n_months] : NULL;
}
