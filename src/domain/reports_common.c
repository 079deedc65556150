/* What the report's readers share (domain/reports_internal.h): the report itself
   (reports_read.c), the staff and waiting figures, and the trends per month. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports_internal.h"
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

void reports_upto(const struct report_query *q, char upto[11])
{
    snprintf(upto, 11, "%s", strcmp(q->to, q->today) < 0 ? q->to : q->today);
}

int reports_in_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx)
{
    bool own = sqlite3_get_autocommit(db_handle(db)) != 0;
    int rc = own ? db_exec(db, "BEGIN") : 0;
    if (rc == 0) {
        rc = read(db, ctx);
        if (own)
            db_exec(db, "COMMIT");
    }
    return rc;
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

int reports_read_enrolled(struct db *db, reports_span_fn *span, void *ctx)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT e.id, e.pupil_id, e.activity_id, e.status, e.created_at, h.to_status, h.at"
            " FROM enrolments e LEFT JOIN enrolment_history h ON h.enrolment_id = e.id"
            " ORDER BY e.id, h.at, h.id");
    if (!st)
        return -1;
    int rc, failed = 0;
    int64_t enrolment = 0, pupil_id = 0, activity_id = 0;
    int32_t open_since = -1; /* the day the current 'enrolled' stretch began, -1: none */
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id != enrolment) {
            if (open_since >= 0)
                failed = span(ctx, pupil_id, activity_id, open_since, INT32_MAX);
            enrolment = id;
            pupil_id = sqlite3_column_int64(st, 1);
            activity_id = sqlite3_column_int64(st, 2);
            open_since = -1;
            if (sqlite3_column_type(st, 6) == SQLITE_NULL) { /* no history */
                if (!strcmp(db_col_text(st, 3), "enrolled"))
                    open_since = reports_day_of(db_col_text(st, 4), -1);
                continue;
            }
        }
        int32_t day = reports_day_of(db_col_text(st, 6), -1);
        if (open_since >= 0 && !failed)
            failed = span(ctx, pupil_id, activity_id, open_since, day);
        open_since = !strcmp(db_col_text(st, 5), "enrolled") ? day : -1;
    }
    if (!failed && open_since >= 0)
        failed = span(ctx, pupil_id, activity_id, open_since, INT32_MAX);
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}
