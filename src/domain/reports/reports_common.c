/* What the report's readers share (domain/reports_internal.h): the report itself
   (reports_read.c), the staff and waiting figures, and the trends per month. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"
#include "domain/reports/tally.h"
#include "util/buf.h"
#include "util/date.h"

int reports_compare_ids(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y; /* id is each struct's first member */
    return (a > b) - (a < b);
}

void *reports_find(const void *items, size_t n, size_t size, int64_t id)
{
    return n ? bsearch(&id, items, n, size, reports_compare_ids) : NULL;
}

int32_t reports_day_of(const char *text, int32_t fallback)
{
    char date[11];
    int32_t day;
    if (!text || strlen(text) < 10)
        return fallback;
    memcpy(date, text, 10);
    date[10] = '\0';
    return date_parse(date, &day) ? fallback : day;
}

int reports_duration(const char *start, const char *end)
{
    int from, until;
    if (time_parse(start, &from) || time_parse(end, &until) || until < from)
        return 0;
    return until - from;
}

static int32_t first_of_month(int32_t day)
{
    char text[11];
    date_format(day, text);
    memcpy(text + 8, "01", 2);
    date_parse(text, &day);
    return day;
}

/* The whole calendar months inside the days from through upto (first and last "YYYY-MM",
   and their first and last day); with none, first after last and the days are the period. */
struct whole_months {
    char first[8], last[8];
    int32_t first_day, last_day;
};

static void whole_months(int32_t from, int32_t upto, struct whole_months *out)
{
    int32_t first = first_of_month(from) == from ? from : first_of_month(first_of_month(from) + 31);
    int32_t last = first_of_month(upto + 1) == upto + 1 ? upto : first_of_month(upto) - 1;
    if (last < first) {
        *out = (struct whole_months){"9999-12", "0000-01", INT32_MAX, INT32_MIN};
        return;
    }
    char text[11];
    date_format(first, text);
    snprintf(out->first, sizeof out->first, "%.7s", text);
    date_format(last, text);
    snprintf(out->last, sizeof out->last, "%.7s", text);
    out->first_day = first;
    out->last_day = last;
}

void reports_bind_sessions(sqlite3_stmt *st, const struct reports_session_params *at,
                           const char *from, const char *last)
{
    struct whole_months m;
    whole_months(reports_day_of(from, 0), reports_day_of(last, 0), &m);
    char before[11], after[11];
    if (m.first_day <= m.last_day) {
        date_format(m.first_day - 1, before);
        date_format(m.last_day + 1, after);
    } else { /* no whole month: the days are all the period */
        snprintf(before, sizeof before, "%s", last);
        snprintf(after, sizeof after, "9999-12-31");
    }
    sqlite3_bind_text(st, at->first, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, at->last, last, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, at->m1, m.first, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, at->m2, m.last, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, at->before, before, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, at->after, after, -1, SQLITE_TRANSIENT);
}

void reports_upto(const struct report_query *q, char upto[11])
{
    snprintf(upto, 11, "%s", strcmp(q->to, q->today) < 0 ? q->to : q->today);
}

sqlite3_stmt *reports_period_stmt(struct db *db, const char *sql, const struct report_query *q)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return NULL;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, q->to);
    if (sqlite3_bind_parameter_count(st) >= 3)
        sqlite3_bind_int64(st, 3, q->school_id);
    return st;
}

int reports_in_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx)
{
    if (tally_ensure_fresh(db))
        return -1;
    /* a report reads much of the file: on a mapped connection (db/db.h) */
    return db_in_read(db_for_scans(db), read, ctx);
}

/* What reports_beside runs on its second thread. */
struct beside_job {
    struct db *db;
    int (*run)(struct db *db, void *ctx);
    void *ctx;
    int rc;
};

static void *beside_thread(void *arg)
{
    struct beside_job *job = arg;
    job->rc = job->run(job->db, job->ctx);
    return NULL;
}

int reports_beside(struct db *db, int (*first)(struct db *db, void *ctx), void *first_ctx,
                   int (*beside)(struct db *db, void *ctx), void *beside_ctx)
{
    if (tally_ensure_fresh(db))
        return -1;
    bool free_to_split = !db_in_write(db) && sqlite3_get_autocommit(db_handle(db));
    struct beside_job job = {free_to_split ? db_for_scans_beside(db) : NULL, beside, beside_ctx, 0};
    pthread_t thread;
    bool split = job.db && pthread_create(&thread, NULL, beside_thread, &job) == 0;
    int rc = first(db, first_ctx);
    if (split)
        pthread_join(thread, NULL);
    else
        job.rc = beside(db, beside_ctx);
    return rc || job.rc ? -1 : 0;
}

void *reports_school_row(void **rows, size_t *n, size_t size, int64_t school_id)
{
    size_t lo = 0, hi = *n;
    char *at = *rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (*(const int64_t *)(at + mid * size) < school_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < *n && *(const int64_t *)(at + lo * size) == school_id)
        return at + lo * size;
    char *grown = realloc(*rows, (*n + 1) * size);
    if (!grown)
        return NULL;
    *rows = grown;
    memmove(grown + (lo + 1) * size, grown + lo * size, (*n - lo) * size);
    (*n)++;
    memset(grown + lo * size, 0, size);
    memcpy(grown + lo * size, &school_id, sizeof school_id);
    return grown + lo * size;
}

/* The ids of n items of size bytes (their first member, an int64_t) as a JSON array text for
   json_each. Caller frees. */
char *reports_ids_json(const void *items, size_t n, size_t size)
{
    struct buf b = BUF_INIT;
    buf_putc(&b, '[');
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%lld", i ? "," : "",
                   (long long)*(const int64_t *)((const char *)items + i * size));
    buf_putc(&b, ']');
    return buf_steal(&b);
}
