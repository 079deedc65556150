/* Reads of the providers and their staff; see providers_read.h. */
#include "domain/offer/providers_read.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/offer/vog.h"

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

/* ---- providers ------------------------------------------------------------------------------ */

int read_provider(struct db *db, int64_t provider_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, key AS key, name AS name,"
                                   " external AS external FROM providers WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, provider_id);
    return db_row(st, "issb", out);
}

/* The filter of the provider list and its count: ?1 is the search text (name or key), with
   LIKE's wildcards and the escape character taken literally. */
#define PROVIDER_FILTER                                                                        \
    " WHERE (?1 = '' OR p.name LIKE '%' || replace(replace(replace(?1, '\\', '\\\\'), '%',    \
    '\\%'), '_', '\\_') || '%' ESCAPE '\\' OR p.key LIKE '%' || replace(replace(replace(?1,    \
    '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\')"

int read_providers_count(struct db *db, const char *q, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) AS n FROM providers p" PROVIDER_FILTER);
    if (st)
        db_bind_text(st, 1, q);
    return count_row(st, out);
}

json_t *read_providers_page(struct db *db, const struct provider_list_query *lq)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id AS id, p.key AS key, p.name AS name, p.external AS external,"
            " (SELECT count(*) FROM staff s WHERE s.provider_id = p.id) AS staff_count,"
            " (SELECT count(*) FROM activities a WHERE a.provider_id = p.id"
            "  AND a.date_from <= ?3 AND a.date_until >= ?2) AS activity_count,"
            " (SELECT count(*) FROM staff s WHERE s.provider_id = p.id AND"
            "  " VOG_PROBLEM_SQL("s.vog_date", "p.external", "?5", "?4") ") AS warnings"
            " FROM providers p" PROVIDER_FILTER
            " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?6 OFFSET ?7");
    if (!st)
        return NULL;
    char modifier[VOG_MODIFIER_SIZE];
    vog_modifier(lq->vog_valid_years, modifier);
    db_bind_text(st, 1, lq->q);
    db_bind_text(st, 2, lq->year_from);
    db_bind_text(st, 3, lq->year_until);
    db_bind_text(st, 4, modifier);
    db_bind_text(st, 5, lq->today);
    sqlite3_bind_int(st, 6, lq->limit);
    sqlite3_bind_int64(st, 7, lq->offset);
    return db_rows(st, "issbiii");
}

json_t *read_provider_staff(struct db *db, int64_t provider_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, key AS key, name AS name, level AS level,"
                                   " vog_date AS vog_date FROM staff WHERE provider_id = ?1"
                                   " ORDER BY name COLLATE NOCASE, id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, provider_id);
    return db_rows(st, "isssS");
}

json_t *read_provider_activities(struct db *db, int64_t provider_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS id, a.title AS title, a.school_id AS school_id, sc.name AS school,"
            " a.date_from AS \"from\", a.date_until AS until,"
            " (SELECT group_concat(s.name, ', ') FROM activity_staff x"
            "  JOIN staff s ON s.id = x.staff_id"
            "  WHERE x.activity_id = a.id AND s.provider_id = ?1) AS staff"
            " FROM activities a JOIN schools sc ON sc.id = a.school_id"
            " WHERE a.provider_id = ?1 OR EXISTS (SELECT 1 FROM activity_staff x"
            "  JOIN staff s ON s.id = x.staff_id"
            "  WHERE x.activity_id = a.id AND s.provider_id = ?1)"
            " ORDER BY a.date_until DESC, sc.name COLLATE NOCASE, a.title COLLATE NOCASE, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, provider_id);
    return db_rows(st, "isissss");
}

/* ---- who uses them -------------------------------------------------------------------------- */

json_t *read_provider_schools(struct db *db, int64_t provider_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT sc.id AS id, sc.name AS name FROM schools sc"
            " WHERE EXISTS (SELECT 1 FROM activities a WHERE a.school_id = sc.id"
            "  AND (a.provider_id = ?1 OR EXISTS (SELECT 1 FROM activity_staff x"
            "   JOIN staff s ON s.id = x.staff_id"
            "   WHERE x.activity_id = a.id AND s.provider_id = ?1)))"
            " ORDER BY sc.name COLLATE NOCASE, sc.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, provider_id);
    return db_rows(st, "is");
}

json_t *read_staff_schools(struct db *db, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT sc.id AS id, sc.name AS name FROM schools sc"
            " WHERE EXISTS (SELECT 1 FROM activity_staff x"
            "  JOIN activities a ON a.id = x.activity_id"
            "  WHERE x.staff_id = ?1 AND a.school_id = sc.id)"
            " ORDER BY sc.name COLLATE NOCASE, sc.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, staff_id);
    return db_rows(st, "is");
}

/* ---- staff ---------------------------------------------------------------------------------- */

int read_staff_member(struct db *db, int64_t staff_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id AS id, s.key AS key, s.name AS name,"
                                   " s.level AS level, s.vog_date AS vog_date,"
                                   " s.provider_id AS provider_id, p.external AS external"
                                   " FROM staff s JOIN providers p ON p.id = s.provider_id"
                                   " WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, staff_id);
    return db_row(st, "isssSib", out);
}

json_t *read_staff_by_provider(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id AS provider_id, p.name AS provider,"
                                   " p.external AS external, st.id AS id, st.key AS key,"
                                   " st.name AS name, st.level AS level, st.vog_date AS vog_date"
                                   " FROM staff st JOIN providers p ON p.id = st.provider_id"
                                   " ORDER BY p.name COLLATE NOCASE, p.id,"
                                   " st.name COLLATE NOCASE, st.id");
    return st ? db_rows(st, "isbisssS") : NULL;
}

json_t *read_staff_choices(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id AS id, s.name AS name, p.name AS provider"
                                   " FROM staff s JOIN providers p ON p.id = s.provider_id"
                                   " ORDER BY s.name COLLATE NOCASE, p.name COLLATE NOCASE,"
                                   " s.id");
    return st ? db_rows(st, "iss") : NULL;
}

/* ---- VOG warnings --------------------------------------------------------------------------- */

/* A session s (not cancelled) run by staff st of an external provider p without a VOG valid
   on s.date; M is the parameter of the VOG modifier. */
#define WITHOUT_VALID_VOG(M)                                                                   \
    " p.external = 1 AND s.cancelled = 0 AND NOT " VOG_VALID_ON_SQL("st.vog_date", "s.date", M)

int read_vog_upcoming_warnings(struct db *db, const char *today, int64_t school_id,
                               int vog_valid_years, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT count(DISTINCT s.id) AS n FROM staff st"
            " JOIN providers p ON p.id = st.provider_id"
            " JOIN activity_staff x ON x.staff_id = st.id"
            " JOIN activities a ON a.id = x.activity_id"
            " JOIN sessions s ON s.activity_id = a.id"
            " WHERE s.date >= ?1 AND (?2 = 0 OR a.school_id = ?2) AND" WITHOUT_VALID_VOG("?3"));
    if (st) {
        char modifier[VOG_MODIFIER_SIZE];
        vog_modifier(vog_valid_years, modifier);
        db_bind_text(st, 1, today);
        sqlite3_bind_int64(st, 2, school_id);
        db_bind_text(st, 3, modifier);
    }
    return count_row(st, out);
}

json_t *read_vog_warnings(struct db *db, const char *from, const char *today,
                          int64_t school_id, int vog_valid_years)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT st.id AS staff_id, st.name AS staff, p.id AS provider_id, p.name AS provider,"
            " a.id AS activity_id, a.title AS activity, a.school_id AS school_id,"
            " sc.name AS school, sum(s.date <= ?2) AS held, sum(s.date > ?2) AS coming,"
            " min(s.date) AS first_date, min(CASE WHEN s.date > ?2 THEN s.date END) AS next_date"
            " FROM staff st"
            " JOIN providers p ON p.id = st.provider_id"
            " JOIN activity_staff x ON x.staff_id = st.id"
            " JOIN activities a ON a.id = x.activity_id"
            " JOIN schools sc ON sc.id = a.school_id"
            " JOIN sessions s ON s.activity_id = a.id"
            " WHERE s.date >= ?1 AND (?3 = 0 OR a.school_id = ?3) AND" WITHOUT_VALID_VOG("?4")
            " GROUP BY st.id, a.id"
            " ORDER BY min(CASE WHEN s.date > ?2 THEN s.date END) IS NULL,"
            " min(CASE WHEN s.date > ?2 THEN s.date END), p.name COLLATE NOCASE,"
            " st.name COLLATE NOCASE, a.title COLLATE NOCASE, a.id");
    if (!st)
        return NULL;
    char modifier[VOG_MODIFIER_SIZE];
    vog_modifier(vog_valid_years, modifier);
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, today);
    sqlite3_bind_int64(st, 3, school_id);
    db_bind_text(st, 4, modifier);
    return db_rows(st, "isisisisiisS");
}
