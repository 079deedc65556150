/* Reads of the schools and the coalition; see schools_read.h. */
#include "domain/offer/schools_read.h"

#include "db/db.h"
#include "db/rows.h"

#define SCHOOL_COLUMNS "id AS id, key AS key, name AS name, kind AS kind, contact AS contact"
#define SCHOOL_TYPES "issss"

json_t *read_schools(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " SCHOOL_COLUMNS " FROM schools"
                                   " ORDER BY name COLLATE NOCASE, id");
    return st ? db_rows(st, SCHOOL_TYPES) : NULL;
}

int read_school(struct db *db, int64_t school_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT " SCHOOL_COLUMNS " FROM schools WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    return db_row(st, SCHOOL_TYPES, out);
}

int read_school_id(struct db *db, const char *key, int64_t *school_id)
{
    int64_t id = db_int_text(db, "SELECT id FROM schools WHERE key = ?1", key, 0, 0, 0);
    *school_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}

int read_schools_count(struct db *db, int64_t *out)
{
    int64_t n = db_int(db, "SELECT count(*) FROM schools", 0, 0, -1);
    *out = n < 0 ? 0 : n;
    return n < 0 ? -1 : 1;
}

/* ---- overviews ------------------------------------------------------------------------------ */

/* Per school: pupils (still at school), priority pupils, activities running in the school
   year (?2 … ?3) and active coordinators. ?1 = one school, or 0 for all. */
#define SCHOOL_OVERVIEW_SQL                                                                     \
    "SELECT s.id AS id, s.key AS key, s.name AS name, s.kind AS kind, s.contact AS contact,"     \
    " (SELECT count(*) FROM pupils p WHERE p.school_id = s.id AND p.left_on IS NULL)"           \
    "  AS pupils,"                                                                              \
    " (SELECT count(*) FROM pupils p WHERE p.school_id = s.id AND p.left_on IS NULL"            \
    "  AND p.priority = 1) AS priority,"                                                        \
    " (SELECT count(*) FROM activities a WHERE a.school_id = s.id AND a.date_from <= ?3"        \
    "  AND a.date_until >= ?2) AS activities,"                                                  \
    " (SELECT count(*) FROM users u WHERE u.school_id = s.id AND u.role = 'coordinator'"        \
    "  AND u.active = 1) AS coordinators"                                                       \
    " FROM schools s WHERE ?1 IN (0, s.id) ORDER BY s.name COLLATE NOCASE, s.id"
#define SCHOOL_OVERVIEW_TYPES "issssiiii"

/* The overview statement bound for school_id (0: all), or NULL on a database error. */
static sqlite3_stmt *overview_stmt(struct db *db, int64_t school_id, const char *year_from,
                                   const char *year_until)
{
    sqlite3_stmt *st = db_stmt(db, SCHOOL_OVERVIEW_SQL);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, year_from);
    db_bind_text(st, 3, year_until);
    return st;
}

json_t *read_school_overviews(struct db *db, const char *year_from, const char *year_until)
{
    sqlite3_stmt *st = overview_stmt(db, 0, year_from, year_until);
    return st ? db_rows(st, SCHOOL_OVERVIEW_TYPES) : NULL;
}

int read_school_overview(struct db *db, int64_t school_id, const char *year_from,
                         const char *year_until, json_t **out)
{
    *out = NULL;
    if (school_id <= 0) /* 0 would select every school */
        return 0;
    sqlite3_stmt *st = overview_stmt(db, school_id, year_from, year_until);
    return st ? db_row(st, SCHOOL_OVERVIEW_TYPES, out) : -1;
}

json_t *read_school_activities(struct db *db, int64_t school_id, const char *year_from,
                               const char *year_until, const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS id, a.title AS title, a.date_from AS \"from\","
            " a.date_until AS until, a.capacity AS capacity,"
            " (SELECT group_concat(d.name, ', ') FROM activity_domains x"
            "  JOIN domains d ON d.id = x.domain_id WHERE x.activity_id = a.id) AS domains,"
            " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
            "  AND e.status = 'enrolled') AS enrolled,"
            " (SELECT count(*) FROM sessions s WHERE s.activity_id = a.id AND s.cancelled = 0"
            "  AND s.date BETWEEN ?2 AND min(?3, ?4)) AS sessions_held"
            " FROM activities a WHERE a.school_id = ?1 AND a.date_from <= ?3"
            " AND a.date_until >= ?2 ORDER BY a.title COLLATE NOCASE, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, year_from);
    db_bind_text(st, 3, year_until);
    db_bind_text(st, 4, today);
    return db_rows(st, "isssisii");
}

/* ---- the coalition -------------------------------------------------------------------------- */

int read_coalition(struct db *db, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT name AS name, city AS city FROM coalition"
                                   " WHERE id = 1");
    return st ? db_row(st, "ss", out) : -1;
}
