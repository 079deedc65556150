/* Trends per month (domain/trends.h): three set-based queries — the schools, the pupils and
   the activities in scope — and the pupils' days taken part from the summary tables
   (domain/tally.h), with a bit per month for each pupil. A participant of a month took part
   in an activity on a day of it, as in the report (reports_read.c). For the whole coalition
   the days come from the months summary (120 bytes a pupil and year instead of 8 a day taken
   part); a month the period cuts is answered from it while no minutes lie outside the cut,
   else the events answer for everyone. tests/unit/test_tally.c checks the two ways agree. */
#include "domain/reports/trends.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"
#include "domain/reports/tally.h"
#include "util/array.h"
#include "util/date.h"

struct t_pupil {
    int64_t id;
    int school;       /* index into t->school_ids */
    int32_t left_day; /* the day the pupil left, INT32_MAX while at school */
    uint64_t months;  /* bit m: a participant in month m */
};

struct t_work {
    struct trends *t;
    const struct report_query *q;
    char upto[11]; /* the last day that counts (reports_upto) */
    int base; /* year * 12 + month - 1 of the first month */
    int32_t from, until;    /* the first and the last day that count */
    unsigned char *month_of_day; /* the month of each day from through until */
    struct t_pupil *pupils; /* by school; by id when pupil_at is NULL */
    size_t n_pupils;
    int *pupil_at;          /* id → position in pupils (-1: none), ids 0 … max_pupil_id */
    int64_t max_pupil_id;
    int64_t *activity_ids;  /* with one school: the activities in scope, ascending */
    size_t n_activities;
    bool every_activity;    /* without: all of them are */
};

/* ---- small helpers --------------------------------------------------------------------------- */

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
    w->month_of_day = malloc((size_t)(last - first + 1));
    if (!t->months || !w->month_of_day)
        return -1;
    w->from = first;
    w->until = last;
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
        int32_t month_first, month_last;
        if (date_parse(tm->first, &month_first) || date_parse(tm->last, &month_last))
            return -1;
        memset(w->month_of_day + (month_first - first), m, (size_t)(month_last - month_first + 1));
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
        if (ARRAY_RESERVE(t->school_ids, cap, t->n_schools))
            break;
        t->school_ids[t->n_schools++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* A direct index from pupil id to position when the ids are dense enough (row ids: normally
   1 up to about the number of pupils); else the pupils are sorted by id for find_pupil's
   bsearch. 0, or -1 when memory ran out. */
static int index_pupils(struct t_work *w)
{
    int64_t max = 0;
    bool negative = false;
    for (size_t i = 0; i < w->n_pupils; i++) {
        negative |= w->pupils[i].id < 0;
        if (w->pupils[i].id > max)
            max = w->pupils[i].id;
    }
    if (negative || (uint64_t)max > 4 * (uint64_t)w->n_pupils + 4096) {
        if (w->n_pupils > 1)
            qsort(w->pupils, w->n_pupils, sizeof *w->pupils, reports_compare_ids);
        return 0;
    }
    w->max_pupil_id = max;
    w->pupil_at = malloc(((size_t)max + 1) * sizeof *w->pupil_at);
    if (!w->pupil_at)
        return -1;
    for (int64_t id = 0; id <= max; id++)
        w->pupil_at[id] = -1;
    for (size_t i = 0; i < w->n_pupils; i++)
        w->pupil_at[w->pupils[i].id] = (int)i;
    return 0;
}

/* The pupil with this id, or NULL. */
static struct t_pupil *find_pupil(const struct t_work *w, int64_t id)
{
    if (!w->pupil_at)
        return reports_find(w->pupils, w->n_pupils, sizeof *w->pupils, id);
    int i = id >= 0 && id <= w->max_pupil_id ? w->pupil_at[id] : -1;
    return i >= 0 ? &w->pupils[i] : NULL;
}

/* The pupils of the schools who had not left before the period's first day, from the covering
   index pupils_report (by school), with their index by id. */
static int read_pupils(struct db *db, struct t_work *w, const struct report_query *q)
{
    sqlite3_stmt *st = db_stmt(db, q->school_id ? "SELECT id, school_id, left_on FROM pupils"
                                                  " WHERE school_id = ?2"
                                                  " AND (left_on IS NULL OR left_on > ?1)"
                                                : "SELECT id, school_id, left_on FROM pupils"
                                                  " INDEXED BY pupils_report"
                                                  " WHERE left_on IS NULL OR left_on > ?1"
                                                  " ORDER BY school_id");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    if (q->school_id)
        sqlite3_bind_int64(st, 2, q->school_id);
    size_t cap = 0;
    int rc;
    const int64_t *school = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t school_id = sqlite3_column_int64(st, 1);
        if (!school || *school != school_id) /* the rows come by school */
            school = reports_find(w->t->school_ids, w->t->n_schools, sizeof *school, school_id);
        if (!school)
            continue;
        if (ARRAY_RESERVE(w->pupils, cap, w->n_pupils))
            break;
        w->pupils[w->n_pupils++] = (struct t_pupil){
            sqlite3_column_int64(st, 0), (int)(school - w->t->school_ids),
            sqlite3_column_type(st, 2) == SQLITE_NULL
                ? INT32_MAX
                : reports_day_of(db_col_text(st, 2), INT32_MAX),
            0};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    return index_pupils(w);
}

/* The activities in scope, as the report's: every one, or with one school its own and those
   open to the coalition (then listed). */
static int read_activities(struct db *db, struct t_work *w, int64_t only)
{
    w->every_activity = only == 0;
    if (w->every_activity)
        return 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM activities WHERE school_id = ?1"
                                   " OR open_to = 'coalition' ORDER BY id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, only);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(w->activity_ids, cap, w->n_activities))
            break;
        w->activity_ids[w->n_activities++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* A pupil's days taken part in one school year (a packed events array, domain/tally.h): each
   day of the period in an activity in scope sets the month's bit, and its minutes present go
   to the pupil's school in that month. */
static void add_events(struct t_work *w, struct t_pupil *p, const unsigned char *events,
                       size_t n, int32_t year_start)
{
    struct trends *t = w->t;
    /* kept in locals through the loop (20 million events at national scale) */
    struct trend_point *row = &t->points[(size_t)p->school * t->n_months];
    const unsigned char *month_of_day = w->month_of_day;
    const int32_t from = w->from, until = w->until;
    uint64_t months = p->months;
    for (size_t i = 0; i < n; i++) {
        struct tally_event e;
        tally_event_at(events, i, year_start, &e);
        if (e.day < from || e.day > until ||
            (!w->every_activity && !reports_find(w->activity_ids, w->n_activities,
                                                 sizeof *w->activity_ids, e.activity_id)))
            continue;
        size_t m = month_of_day[e.day - from];
        months |= UINT64_C(1) << m;
        row[m].minutes += e.minutes;
    }
    p->months = months;
}

/* The pupils' days of every school year the period touches; with one school (only), of its
   pupils only, by their ids. */
static int read_events(struct db *db, struct t_work *w, int64_t only)
{
    sqlite3_stmt *st = db_stmt(db, only ? "SELECT pupil_id, events FROM tally_pupil_events"
                                          " WHERE year = ?1 AND pupil_id IN"
                                          " (SELECT value FROM json_each(?2))"
                                        : "SELECT pupil_id, events FROM tally_pupil_events"
                                          " WHERE year = ?1");
    if (!st)
        return -1;
    char *ids = only ? reports_ids_json(w->pupils, w->n_pupils, sizeof *w->pupils) : NULL;
    if (ids)
        db_bind_text(st, 2, ids);
    int rc = SQLITE_DONE;
    for (int year = tally_year_of(w->from); rc == SQLITE_DONE && year <= tally_year_of(w->until);
         year++) {
        int32_t start = date_school_year_start(year);
        sqlite3_bind_int(st, 1, year);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct t_pupil *p = find_pupil(w, sqlite3_column_int64(st, 0));
            if (p)
                add_events(w, p, sqlite3_column_blob(st, 1),
                           (size_t)sqlite3_column_bytes(st, 1) / TALLY_EVENT_SIZE, start);
        }
        sqlite3_reset(st);
    }
    free(ids);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the months summary: every pupil's months instead of every event ----------------------- */

/* What a trend month asks of the months summary: its days (a … b of the calendar month) and
   whether that is the whole month. */
struct month_ask {
    uint32_t days; /* bits a - 1 … b - 1 */
    int a, b;
    bool whole;
};

static int month_asks(const struct trends *t, struct month_ask *asks)
{
    for (size_t m = 0; m < t->n_months; m++) {
        const struct trend_month *tm = &t->months[m];
        int32_t last;
        char next[11];
        if (date_parse(tm->last, &last))
            return -1;
        date_format(last + 1, next);
        asks[m].a = atoi(tm->first + 8);
        asks[m].b = atoi(tm->last + 8);
        asks[m].whole = asks[m].a == 1 && strcmp(next + 8, "01") == 0;
        asks[m].days = (uint32_t)(((UINT64_C(1) << asks[m].b) - 1) &
                                  ~((UINT64_C(1) << (asks[m].a - 1)) - 1));
    }
    return 0;
}

/* A pupil's months of one school year into p's bits and the school's minutes. False when a
   month the period cuts has minutes present on a day outside the cut: only the events can
   tell those apart. */
static bool add_months(struct t_work *w, struct t_pupil *p, const unsigned char *months,
                       int year, const struct month_ask *asks)
{
    struct trends *t = w->t;
    struct trend_point *row = &t->points[(size_t)p->school * t->n_months];
    for (int k = 0; k < TALLY_MONTHS; k++) {
        int m = year * 12 + 7 + k - w->base; /* the school year's month k is August + k */
        if (m < 0 || (size_t)m >= t->n_months)
            continue;
        struct tally_month mo;
        tally_month_at(months, (size_t)k, &mo);
        if (mo.days & asks[m].days)
            p->months |= UINT64_C(1) << m;
        if (!mo.minutes)
            continue;
        if (!asks[m].whole && (mo.first_present < asks[m].a || mo.last_present > asks[m].b))
            return false;
        row[m].minutes += mo.minutes;
    }
    return true;
}

/* Every pupil's months of every school year the period touches (the whole coalition, every
   activity). 0, 1 when the events must answer instead (add_months), or -1. */
static int read_months(struct db *db, struct t_work *w)
{
    struct month_ask *asks = calloc(w->t->n_months, sizeof *asks);
    sqlite3_stmt *st = asks ? db_stmt(db, "SELECT pupil_id, months FROM tally_pupil_months"
                                          " WHERE year = ?1")
                            : NULL;
    if (!st || month_asks(w->t, asks)) {
        free(asks);
        return -1;
    }
    int rc = SQLITE_DONE;
    bool answered = true;
    for (int year = tally_year_of(w->from);
         answered && rc == SQLITE_DONE && year <= tally_year_of(w->until); year++) {
        sqlite3_bind_int(st, 1, year);
        while (answered && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct t_pupil *p = find_pupil(w, sqlite3_column_int64(st, 0));
            if (p && sqlite3_column_bytes(st, 1) == TALLY_MONTHS * TALLY_MONTH_SIZE)
                answered = add_months(w, p, sqlite3_column_blob(st, 1), year, asks);
        }
        sqlite3_reset(st);
    }
    free(asks);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    return answered ? 0 : 1;
}

/* Forget what read_months added, for the events to start over. */
static void forget_months(struct t_work *w)
{
    memset(w->t->points, 0, w->t->n_schools * w->t->n_months * sizeof *w->t->points);
    for (size_t i = 0; i < w->n_pupils; i++)
        w->pupils[i].months = 0;
}

/* The pupils' days taken part: from the months summary when it can tell (the whole coalition,
   every activity), else from the events. */
static int read_days(struct db *db, struct t_work *w, int64_t only)
{
    if (!only && w->every_activity) {
        int rc = read_months(db, w);
        if (rc <= 0)
            return rc;
        forget_months(w);
    }
    return read_events(db, w, only);
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
    if (read_pupils(db, w, q) || read_activities(db, w, q->school_id) ||
        read_days(db, w, q->school_id))
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
    free(w.month_of_day);
    free(w.pupils);
    free(w.pupil_at);
    free(w.activity_ids);
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
