/* Reads of the accounts; see users_read.h. */
#include "domain/people/users_read.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/password_reset.h" /* PASSWORD_INVITED */

/* The count "n" in the one row of st (bound by the caller; NULL: preparing it failed) into
   *out. 1, or -1 on a database error. */
static int count_row(sqlite3_stmt *st, int64_t *out)
{
    json_t *row = NULL;
    int found = st ? db_row(st, "i", &row) : -1;
    *out = found == 1 ? json_integer_value(json_object_get(row, "n")) : 0;
    json_decref(row);
    return found < 0 ? -1 : 1;
}

/* The columns of an account (read_account), never the password hash. */
#define ACCOUNT_COLUMNS                                                                         \
    "SELECT u.id AS id, u.email AS email, u.name AS name, u.role AS role,"                      \
    " nullif(u.school_id, 0) AS school_id, coalesce(sc.name, '') AS school,"                    \
    " nullif(u.staff_id, 0) AS staff_id, coalesce(st.name, '') AS staff,"                       \
    " coalesce(p.name, '') AS provider, u.active AS active, u.created_at AS created_at,"        \
    " u.password_hash = '" PASSWORD_INVITED "' AS invited"                                     \
    " FROM users u LEFT JOIN schools sc ON sc.id = u.school_id"                                 \
    " LEFT JOIN staff st ON st.id = u.staff_id LEFT JOIN providers p ON p.id = st.provider_id"
#define ACCOUNT_TYPES "isssIsIssbsb"

int read_account(struct db *db, int64_t user_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, ACCOUNT_COLUMNS " WHERE u.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return db_row(st, ACCOUNT_TYPES, out);
}

/* ?1 search text (email or name), ?2 role ("" = all), ?3 status ("" all, "1" active, "0"
   switched off). */
#define ACCOUNT_FILTER                                                                          \
    " WHERE (?2 = '' OR u.role = ?2) AND (?3 = '' OR u.active = CAST(?3 AS INTEGER))"         \
    " AND (?1 = '' OR u.email LIKE '%' || replace(replace(replace(?1, '\\', '\\\\'), '%',    \
    '\\%'), '_', '\\_') || '%' ESCAPE '\\' OR u.name LIKE '%' || replace(replace(replace(?1, \
    '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\')"

static void filter_bind(sqlite3_stmt *st, const struct account_query *q)
{
    db_bind_text(st, 1, q->q);
    db_bind_text(st, 2, q->role);
    db_bind_text(st, 3, q->active);
}

int read_accounts_count(struct db *db, const struct account_query *q, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) AS n FROM users u" ACCOUNT_FILTER);
    if (st)
        filter_bind(st, q);
    return count_row(st, out);
}

json_t *read_accounts_page(struct db *db, const struct account_query *q, int limit,
                           int64_t offset)
{
    sqlite3_stmt *st = db_stmt(db, ACCOUNT_COLUMNS ACCOUNT_FILTER
                               " ORDER BY u.name COLLATE NOCASE, u.email COLLATE NOCASE, u.id"
                               " LIMIT ?4 OFFSET ?5");
    if (!st)
        return NULL;
    filter_bind(st, q);
    sqlite3_bind_int(st, 4, limit);
    sqlite3_bind_int64(st, 5, offset);
    return db_rows(st, ACCOUNT_TYPES);
}

int read_active_accounts_count(struct db *db, int64_t *out)
{
    return count_row(db_stmt(db, "SELECT count(*) AS n FROM users WHERE active = 1"), out);
}

json_t *read_school_coordinators(struct db *db, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, name AS name, email AS email FROM users"
                                   " WHERE school_id = ?1 AND role = 'coordinator' AND active = 1"
                                   " ORDER BY name COLLATE NOCASE, id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    return db_rows(st, "iss");
}
