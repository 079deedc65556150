/* Reads of the start page; see today_read.h. */
#include "domain/attendance/today_read.h"

#include "db/db.h"
#include "db/rows.h"

json_t *read_sessions_between(struct db *db, const char *from, const char *until,
                              int64_t school_id, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id AS id, s.date AS date, s.start_time AS start, s.end_time AS end,"
            " a.id AS activity_id, a.title AS title, sc.name AS school,"
            " s.cancelled AS cancelled,"
            " EXISTS (SELECT 1 FROM attendance t WHERE t.session_id = s.id) AS attendance_taken,"
            " a.location AS location, a.grade_min AS grade_min, a.grade_max AS grade_max,"
            " a.date_from AS date_from, a.date_until AS date_until, sc.kind AS school_kind"
            " FROM sessions s JOIN activities a ON a.id = s.activity_id"
            " JOIN schools sc ON sc.id = a.school_id"
            " WHERE s.date BETWEEN ?3 AND ?4"
            " AND (?1 = 0 OR a.school_id = ?1)"
            " AND (?2 = 0 OR EXISTS (SELECT 1 FROM activity_staff x"
            "      WHERE x.activity_id = a.id AND x.staff_id = ?2))"
            " ORDER BY s.date, s.start_time, a.title COLLATE NOCASE, s.id LIMIT 50");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int64(st, 2, staff_id);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, until);
    return db_rows(st, "isssissbbsiisss");
}

int read_day_registered(struct db *db, const char *day, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT count(*) AS sessions, sum(EXISTS (SELECT 1 FROM attendance t"
            " WHERE t.session_id = s.id)) AS registered"
            " FROM sessions s WHERE s.date = ?1 AND s.cancelled = 0");
    if (!st)
        return -1;
    db_bind_text(st, 1, day);
    return db_row(st, "ii", out);
}
