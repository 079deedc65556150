/* Reads for the parent's pages; see parent_read.h. */
#include "domain/enrolment/parent_read.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/enrolment/eligibility.h"
#include "domain/enrolment/waitlist.h"
#include "domain/offer/schedule.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/utf8.h"

#define CHILD_COLUMNS                                                                          \
    "p.id AS id, p.first_name AS first_name, p.last_name AS last_name, p.grade AS grade,"      \
    " s.name AS school, s.kind AS school_kind, p.school_id AS school_id"                       \
    " FROM parent_children pc JOIN pupils p ON p.id = pc.pupil_id"                             \
    " JOIN schools s ON s.id = p.school_id"
#define CHILD_TYPES "ississi"

int read_parent_child(struct db *db, int64_t user_id, int64_t pupil_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT " CHILD_COLUMNS " WHERE pc.user_id = ?1 AND p.id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    return db_row(st, CHILD_TYPES, out);
}

json_t *read_parent_children(struct db *db, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " CHILD_COLUMNS " WHERE pc.user_id = ?1"
                                   " ORDER BY p.first_name, p.id LIMIT 20");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, user_id);
    return db_rows(st, CHILD_TYPES);
}

json_t *read_child_enrolments(struct db *db, int64_t pupil_id, const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT e.id AS id, e.activity_id AS activity_id, a.title AS title,"
            " e.status AS status, a.weekday AS weekday, a.start_time AS start,"
            " a.end_time AS \"end\", a.location AS location,"
            " " WAITLIST_POSITION("e") " AS position,"
            " a.grade_min AS grade_min, a.grade_max AS grade_max, a.date_from AS date_from,"
            " a.date_until AS date_until, sc.kind AS school_kind,"
            " " SCHEDULE_SLOTS_SQL("a") " AS slots"
            " FROM enrolments e JOIN activities a ON a.id = e.activity_id"
            " JOIN schools sc ON sc.id = a.school_id"
            " WHERE e.pupil_id = ?1 AND a.date_until >= ?2"
            " ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2"
            " END, a.weekday, a.start_time, a.title");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    return db_rows(st, "iississsiiissss");
}

/* The coalition's domains in their order (position, then id), each with the object an
   activity's "domains" lists: {"code", "name"}. The objects are held (one reference each) and
   shared by every row that lists the domain. */
struct domain_table {
    int64_t *ids;
    json_t **objects;
    unsigned *marks; /* per domain: the last row (counted from 1) that lists it */
    size_t n, cap_ids, cap_objects;
};

static void domain_table_free(struct domain_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        json_decref(t->objects[i]);
    free(t->ids);
    free(t->objects);
    free(t->marks);
}

/* Read the table: one query of a few rows per request, instead of a JSON text per activity.
   0, or -1 on a database error (logged) or out of memory. */
static int domain_table_read(struct db *db, struct domain_table *t)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name FROM domains ORDER BY position, id");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(t->ids, t->cap_ids, t->n) ||
            ARRAY_RESERVE(t->objects, t->cap_objects, t->n))
            break;
        json_t *d = json_pack("{s:s, s:s}", "code", (const char *)sqlite3_column_text(st, 1),
                              "name", (const char *)sqlite3_column_text(st, 2));
        if (!d)
            break;
        t->ids[t->n] = sqlite3_column_int64(st, 0);
        t->objects[t->n++] = d;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        if (rc != SQLITE_ROW)
            fprintf(stderr, "domains: %s\n", sqlite3_errstr(rc));
        return -1;
    }
    t->marks = calloc(t->n ? t->n : 1, sizeof *t->marks);
    return t->marks ? 0 : -1;
}

/* The domains of the ids in list ("3,5", in any order) in the table's order, as an array of
   the table's objects. Each row gets its own number row (from 1). New reference, NULL when an
   id is not a domain's. */
static json_t *domains_listed(struct domain_table *t, const char *list, unsigned row)
{
    const char *p = list;
    while (*p) {
        char *end;
        long long id = strtoll(p, &end, 10);
        size_t k = 0;
        while (k < t->n && t->ids[k] != id)
            k++;
        if (end == p || k == t->n)
            return NULL;
        t->marks[k] = row;
        p = *end == ',' ? end + 1 : end;
    }
    json_t *domains = json_array();
    for (size_t k = 0; k < t->n; k++)
        if (t->marks[k] == row)
            json_array_append(domains, t->objects[k]);
    return domains;
}

/* Each row's "domains", read as the ids of its domains joined by commas (DOMAIN_IDS_SQL), as
   the array of those domains: [{"code", "name"}] in the coalition's order (domains.position).
   0, or -1 on a database error or an id that is not a domain's. */
static int domains_of_rows(struct db *db, json_t *rows)
{
    if (json_array_size(rows) == 0)
        return 0;
    struct domain_table table = {0};
    int rc = domain_table_read(db, &table);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (rc)
            break;
        const char *ids = json_string_value(json_object_get(row, "domains"));
        json_t *domains = ids ? domains_listed(&table, ids, (unsigned)i + 1) : NULL;
        if (!domains || json_object_set_new(row, "domains", domains))
            rc = -1;
    }
    domain_table_free(&table);
    return rc;
}

/* The ids of activity a's domains joined by commas (for domains_of_rows), kept on the
   activity's row by triggers on activity_domains (migrations/0028_listing_columns.sql). */
#define DOMAIN_IDS_SQL "a.domain_ids"

/* Whether an open round (rounds.closed_at NULL) covers activity a: one list for the whole
   query instead of a search per row (round_activities has no index on activity_id). */
#define IN_OPEN_ROUND_SQL                                                                      \
    "a.id IN (SELECT ra.activity_id FROM round_activities ra JOIN rounds r"                    \
    " ON r.id = ra.round_id WHERE r.closed_at IS NULL)"

/* The child's open activities are listed at most this many. */
enum { OPEN_LISTED_MAX = 200 };

/* The activities open to the child: ?1 the pupil, ?2 today, ?3 now (eligibility.h). */
#define OPEN_WHERE_SQL " WHERE " ELIGIBLE_SIGNUP_SQL("?3", "?2")

/* The columns of the list (parent_read.h), and "other_school" for its order (then removed). */
#define OPEN_COLUMNS_SQL                                                                           \
    "SELECT a.id AS id, a.title AS title, a.goal AS goal, a.location AS location,"                 \
    " a.weekday AS weekday, a.start_time AS start, a.end_time AS \"end\","                         \
    " a.date_from AS \"from\", a.date_until AS \"until\", s.name AS school,"                       \
    " max(a.capacity - (SELECT count(*) FROM enrolments x WHERE x.activity_id = a.id"              \
    "  AND x.status = 'enrolled'), 0) AS seats_left,"                                              \
    " (SELECT count(*) FROM enrolments x WHERE x.activity_id = a.id"                               \
    "  AND x.status = 'waitlisted') AS waitlist_length,"                                           \
    " " DOMAIN_IDS_SQL " AS domains, e.status AS status, coalesce(e.id, 0) AS enrolment_id,"       \
    " " IN_OPEN_ROUND_SQL " AS in_round, a.signup_until AS signup_until,"                          \
    " a.grade_min AS grade_min, a.grade_max AS grade_max, a.date_from AS date_from,"               \
    " a.date_until AS date_until, s.kind AS school_kind,"                                          \
    " " SCHEDULE_SLOTS_SQL("a") " AS slots, a.school_id <> p.school_id AS other_school"
#define OPEN_JOINS_SQL                                                                             \
    " JOIN schools s ON s.id = a.school_id JOIN pupils p ON p.id = ?1"                             \
    " LEFT JOIN enrolments e ON e.activity_id = a.id AND e.pupil_id = ?1"
#define OPEN_TYPES "isssisssssiissibsiissssb"

/* What the list is ordered by: the child's own school first, then weekday, start, title and
   id. */
struct open_order {
    bool other_school;
    int weekday;
    const char *start, *title;
    int64_t id;
};

static int compare_order(const struct open_order *a, const struct open_order *b)
{
    if (a->other_school != b->other_school)
        return a->other_school ? 1 : -1;
    if (a->weekday != b->weekday)
        return a->weekday < b->weekday ? -1 : 1;
    int c = strcmp(a->start, b->start);
    if (!c)
        c = strcmp(a->title, b->title); /* SQLite's BINARY order of UTF-8 text */
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* ---- many open activities: the ones shown chosen from a light read --------------------------- */

/* An open activity as the light read gives it. */
struct listed {
    struct open_order order; /* start and title point into this item, set after the read */
    char start[6];
    char *title; /* malloc'd */
};

static int compare_listed(const void *x, const void *y)
{
    return compare_order(&((const struct listed *)x)->order, &((const struct listed *)y)->order);
}

/* Every open activity with what orders it, into *out (free each title, then *out). 0 or -1. */
static int read_listed(struct db *db, int64_t pupil_id, const char *today, const char *now,
                       struct listed **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.school_id <> p.school_id, a.weekday,"
                                   " a.start_time, a.title"
                                   " FROM activities a JOIN pupils p ON p.id = ?1" OPEN_WHERE_SQL);
    *out = NULL;
    *n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, now);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *title = strdup(db_col_text(st, 4));
        if (!title || ARRAY_RESERVE(*out, cap, *n)) {
            free(title);
            break;
        }
        struct listed *l = &(*out)[(*n)++];
        *l = (struct listed){.order = {.other_school = sqlite3_column_int(st, 1) != 0,
                                       .weekday = sqlite3_column_int(st, 2),
                                       .id = sqlite3_column_int64(st, 0)},
                             .title = title};
        utf8_copy(l->start, sizeof l->start, db_col_text(st, 3));
    }
    sqlite3_reset(st);
    for (size_t i = 0; i < *n; i++) { /* the array has its final place now */
        (*out)[i].order.start = (*out)[i].start;
        (*out)[i].order.title = (*out)[i].title;
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The ids of the first OPEN_LISTED_MAX open activities in the list's order, as a JSON array
   for json_each, into ids. 0 or -1. */
static int first_open_ids(struct db *db, int64_t pupil_id, const char *today, const char *now,
                          struct buf *ids)
{
    struct listed *all;
    size_t n;
    int rc = read_listed(db, pupil_id, today, now, &all, &n);
    if (rc == 0 && n > 1)
        qsort(all, n, sizeof *all, compare_listed);
    buf_putc(ids, '[');
    for (size_t i = 0; rc == 0 && i < n && i < OPEN_LISTED_MAX; i++) {
        char digits[24];
        size_t at = sizeof digits;
        uint64_t id = all[i].order.id > 0 ? (uint64_t)all[i].order.id : 0; /* ids are positive */
        do
            digits[--at] = (char)('0' + id % 10);
        while (id /= 10);
        if (i)
            digits[--at] = ',';
        buf_append(ids, digits + at, sizeof digits - at);
    }
    buf_putc(ids, ']');
    for (size_t i = 0; i < n; i++)
        free(all[i].title);
    free(all);
    return rc;
}

/* The rows of the first OPEN_LISTED_MAX open activities (not yet in order). New reference,
   NULL on error. */
static json_t *read_first_open(struct db *db, int64_t pupil_id, const char *today, const char *now)
{
    struct buf ids = BUF_INIT;
    json_t *rows = NULL;
    sqlite3_stmt *st =
        first_open_ids(db, pupil_id, today, now, &ids)
            ? NULL
            : db_stmt(db, OPEN_COLUMNS_SQL " FROM json_each(?4) j CROSS JOIN activities a"
                                           " ON a.id = j.value" OPEN_JOINS_SQL OPEN_WHERE_SQL);
    if (st) {
        sqlite3_bind_int64(st, 1, pupil_id);
        db_bind_text(st, 2, today);
        db_bind_text(st, 3, now);
        db_bind_text(st, 4, ids.data);
        rows = db_rows(st, OPEN_TYPES);
    }
    buf_free(&ids);
    return rows;
}

/* ---- the list ----------------------------------------------------------------------------------
 */

/* A row of the list and what orders it (borrowed from the row). */
struct shown {
    struct open_order order;
    json_t *row;
};

static int compare_shown(const void *x, const void *y)
{
    return compare_order(&((const struct shown *)x)->order, &((const struct shown *)y)->order);
}

/* Put rows in the list's order and remove their "other_school". Ordered here rather than by
   ORDER BY: SQLite's sorter copies every row whole, a third of the query at 30 activities.
   0, or -1 out of memory. */
static int open_rows_order(json_t *rows)
{
    size_t n = json_array_size(rows);
    struct shown *items = n ? malloc(n * sizeof *items) : NULL;
    if (n && !items)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_incref(json_array_get(rows, i));
        items[i] = (struct shown){
            .order = {.other_school = json_is_true(json_object_get(row, "other_school")),
                      .weekday = (int)json_integer_value(json_object_get(row, "weekday")),
                      .start = json_string_value(json_object_get(row, "start")),
                      .title = json_string_value(json_object_get(row, "title")),
                      .id = json_integer_value(json_object_get(row, "id"))},
            .row = row};
    }
    if (n > 1)
        qsort(items, n, sizeof *items, compare_shown);
    json_array_clear(rows);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        json_object_del(items[i].row, "other_school"); /* it served the order only */
        if (json_array_append_new(rows, items[i].row))
            rc = -1; /* jansson has released the row */
    }
    free(items);
    return rc;
}

/* Every open activity's row, or NULL on error. At most OPEN_LISTED_MAX + 1: one more than
   that says that the list is longer. New reference. */
static json_t *read_all_open(struct db *db, int64_t pupil_id, const char *today, const char *now)
{
    sqlite3_stmt *st = db_stmt(db, OPEN_COLUMNS_SQL
                               " FROM activities a" OPEN_JOINS_SQL OPEN_WHERE_SQL " LIMIT ?4");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, now);
    sqlite3_bind_int(st, 4, OPEN_LISTED_MAX + 1);
    return db_rows(st, OPEN_TYPES);
}

json_t *read_open_activities(struct db *db, int64_t pupil_id, const char *today, const char *now)
{
    /* A child has a few dozen open activities: all are read at once. When there are more
       than the list shows (at national scale thousands are open to the coalition), the
       first are chosen from a light read of every one, and only those are read whole. */
    json_t *rows = read_all_open(db, pupil_id, today, now);
    if (json_array_size(rows) > OPEN_LISTED_MAX) {
        json_decref(rows);
        rows = read_first_open(db, pupil_id, today, now);
    }
    if (rows && (open_rows_order(rows) || domains_of_rows(db, rows))) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

json_t *read_rankable_activities(struct db *db, int64_t round_id, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        db,
        "SELECT a.id AS id, a.title AS title, a.weekday AS weekday, a.start_time AS start,"
        " a.end_time AS \"end\", a.location AS location, s.name AS school,"
        " " DOMAIN_IDS_SQL " AS domains,"
        " max(a.capacity - (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
        "  AND e.status = 'enrolled'), 0) AS seats_left,"
        " EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = a.id AND e.pupil_id = ?2"
        "  AND e.status = 'enrolled') AS enrolled, a.goal AS goal,"
        " a.grade_min AS grade_min, a.grade_max AS grade_max, a.date_from AS date_from,"
        " a.date_until AS date_until, s.kind AS school_kind, " SCHEDULE_SLOTS_SQL("a") " AS slots"
        " FROM round_activities ra JOIN activities a ON a.id = ra.activity_id"
        " JOIN schools s ON s.id = a.school_id JOIN pupils p ON p.id = ?2"
        " WHERE ra.round_id = ?1 AND " ELIGIBLE_PLACE_SQL
        " ORDER BY a.weekday, a.start_time, a.title, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, round_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    json_t *rows = db_rows(st, "isisssssibsiissss");
    if (rows && domains_of_rows(db, rows)) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}
