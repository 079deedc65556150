/* Reads of pupils; see pupils_read.h. */
#include "domain/people/pupils_read.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/names.h"
#include "domain/enrolment/waitlist.h"

int read_pupil_school(struct db *db, int64_t pupil_id, int64_t *school_id)
{
    int64_t id = db_int(db, "SELECT school_id FROM pupils WHERE id = ?1 AND anonymised = 0",
                        pupil_id, 0, 0);
    *school_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}

int read_pupil(struct db *db, int64_t pupil_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id AS id, p.key AS key, p.number AS number, p.first_name AS first_name,"
            " p.last_name AS last_name, p.grade AS grade, p.class AS class,"
            " p.priority AS priority, p.link_code AS link_code, p.safety_notes AS safety_notes,"
            " p.left_on AS left_on, s.id AS school_id, s.key AS school_key, s.name AS school,"
            " s.kind AS school_kind FROM pupils p JOIN schools s ON s.id = p.school_id"
            " WHERE p.id = ?1 AND p.anonymised = 0");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    return db_row(st, "issssisbSsSisss", out);
}

int read_pupil_by_key(struct db *db, const char *key, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, first_name AS first_name,"
                                   " last_name AS last_name, grade AS grade, priority AS priority"
                                   " FROM pupils WHERE key = ?1 AND anonymised = 0");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    return db_row(st, "issib", out);
}

json_t *read_pupil_enrolments(struct db *db, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT e.id AS id, a.id AS activity_id, a.title AS title, e.status AS status,"
            " nullif(" WAITLIST_POSITION("e") ", 0) AS position,"
            " a.date_from AS \"from\", a.date_until AS \"until\""
            " FROM enrolments e JOIN activities a ON a.id = e.activity_id"
            " WHERE e.pupil_id = ?1 ORDER BY a.date_from DESC, a.title");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    return db_rows(st, "iissIss");
}

json_t *read_pupil_parents(struct db *db, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.id AS id, u.email AS email, u.name AS name"
                                   " FROM parent_children c JOIN users u ON u.id = c.user_id"
                                   " WHERE c.pupil_id = ?1 ORDER BY u.email");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    return db_rows(st, "iss");
}

json_t *read_pupil_letters(struct db *db, const struct pupil_letter_filter *f)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT id AS id, first_name AS first_name, last_name AS last_name, grade AS grade,"
            " class AS class, link_code AS link_code FROM pupils"
            " WHERE school_id = ?1 AND left_on IS NULL AND link_code IS NOT NULL"
            " AND (?2 = 0 OR grade = ?2) AND (?3 = '' OR class = ?3)"
            " AND (?4 = 0 OR id BETWEEN ?4 AND ?5)"
            " ORDER BY class COLLATE NOCASE, last_name COLLATE NOCASE,"
            " first_name COLLATE NOCASE, id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, f->school);
    sqlite3_bind_int(st, 2, f->grade);
    db_bind_text(st, 3, f->class_name ? f->class_name : "");
    sqlite3_bind_int64(st, 4, f->first_id);
    sqlite3_bind_int64(st, 5, f->last_id);
    return db_rows(st, "ississ");
}

/* ---- attendance history -------------------------------------------------------------------- */

json_t *read_pupil_attendance(struct db *db, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS activity_id, a.title AS title, a.date_from AS \"from\","
            " a.date_until AS until, count(*) AS sessions,"
            " sum(t.status = 'present') AS present, sum(t.status = 'absent') AS absent,"
            " sum(t.status = 'excused') AS excused, max(s.date) AS last_date"
            " FROM attendance t JOIN sessions s ON s.id = t.session_id AND s.cancelled = 0"
            " JOIN activities a ON a.id = s.activity_id WHERE t.pupil_id = ?1"
            " GROUP BY a.id ORDER BY a.date_from DESC, a.title, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    return db_rows(st, "isssiiiis");
}

json_t *read_pupil_recent_marks(struct db *db, int64_t pupil_id, int per_activity)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT activity_id, session_id, date, start, status FROM ("
            " SELECT s.activity_id AS activity_id, s.id AS session_id, s.date AS date,"
            "  s.start_time AS start, t.status AS status, row_number() OVER ("
            "  PARTITION BY s.activity_id ORDER BY s.date DESC, s.start_time DESC, s.id DESC)"
            "  AS n FROM attendance t JOIN sessions s ON s.id = t.session_id"
            "  AND s.cancelled = 0 WHERE t.pupil_id = ?1)"
            " WHERE n <= ?2 ORDER BY activity_id, date DESC, start DESC, session_id DESC");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int(st, 2, per_activity);
    return db_rows(st, "iisss");
}

/* ---- the list -------------------------------------------------------------------------------- */

#define LIST_WHERE                                                                             \
    " WHERE p.anonymised = 0 AND (?1 = 0 OR p.school_id = ?1) AND (?2 = 0 OR p.grade = ?2)"     \
    " AND (?3 < 0 OR p.priority = ?3) AND (?4 IS NULL OR p.number LIKE ?4 ESCAPE '\\'"         \
    " OR fold(p.first_name) LIKE ?4 ESCAPE '\\' OR fold(p.last_name) LIKE ?4 ESCAPE '\\'"      \
    " OR fold(p.first_name || ' ' || p.last_name) LIKE ?4 ESCAPE '\\')"

/* q folded (names.h: case and accents ignored) as a LIKE pattern matching anywhere ('%', '_'
   and '\' escaped), or NULL for no search. Caller frees. */
static char *like_pattern(const char *query)
{
    if (!*query)
        return NULL;
    size_t len = strlen(query);
    char *folded = malloc(len + 1), *out = malloc(len * 2 + 3), *dst = out;
    if (!out || !folded) {
        free(folded);
        free(out);
        return NULL;
    }
    name_fold(query, folded, len + 1);
    *dst++ = '%';
    for (const char *q = folded; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            *dst++ = '\\';
        *dst++ = *q;
    }
    *dst++ = '%';
    *dst = '\0';
    free(folded);
    return out;
}

/* Bind the filter as ?1 … ?4 of a LIST_WHERE statement. 0, or -1 out of memory. */
static int bind_filter(sqlite3_stmt *st, const struct pupil_filter *f)
{
    sqlite3_bind_int64(st, 1, f->school);
    sqlite3_bind_int(st, 2, f->grade);
    sqlite3_bind_int(st, 3, f->priority);
    char *pattern = like_pattern(f->q);
    if (*f->q && !pattern)
        return -1;
    int rc = pattern ? sqlite3_bind_text(st, 4, pattern, -1, SQLITE_TRANSIENT)
                     : sqlite3_bind_null(st, 4);
    free(pattern);
    return rc == SQLITE_OK ? 0 : -1;
}

int read_pupils_count(struct db *db, const struct pupil_filter *filter, int64_t *count)
{
    *count = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) AS n FROM pupils p" LIST_WHERE);
    if (!st || bind_filter(st, filter))
        return -1;
    json_t *row;
    int found = db_row(st, "i", &row);
    if (found > 0)
        *count = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return found < 0 ? -1 : 1;
}

json_t *read_pupils_page(struct db *db, const struct pupil_filter *filter, int limit,
                         int64_t offset)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id AS id, p.number AS number, p.first_name AS first_name,"
            " p.last_name AS last_name, p.grade AS grade, p.class AS class,"
            " p.priority AS priority, p.left_on AS left_on, s.id AS school_id,"
            " s.key AS school_key, s.name AS school"
            " FROM pupils p JOIN schools s ON s.id = p.school_id" LIST_WHERE
            " ORDER BY surname_key(p.last_name), fold(p.first_name), p.id"
            " LIMIT ?5 OFFSET ?6");
    if (!st || bind_filter(st, filter))
        return NULL;
    sqlite3_bind_int(st, 5, limit);
    sqlite3_bind_int64(st, 6, offset);
    return db_rows(st, "isssisbSiss");
}
