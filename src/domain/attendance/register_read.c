/* Reads of the register and the attendance list; see register_read.h. */
#include "domain/attendance/register_read.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/offer/schedule.h"

int read_register_session(struct db *db, int64_t session_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.start_time AS start, s.end_time AS \"end\", s.reason AS reason,"
            " s.slot_date AS slot_date, a.title AS title, a.location AS location,"
            " c.name AS school, coalesce(t.start_time, a.start_time) AS activity_start,"
            " coalesce(t.end_time, a.end_time) AS activity_end"
            " FROM sessions s JOIN activities a ON a.id = s.activity_id"
            " JOIN schools c ON c.id = a.school_id"
            " LEFT JOIN activity_slots t ON t.activity_id = a.id"
            "  AND t.weekday = " SCHEDULE_WEEKDAY_SQL("s.slot_date")
            " WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    return db_row(st, "sssssssss", out);
}

/* st with the activity ?1 and today ?2 bound, stepped to its rows of types. */
static json_t *rows_for(sqlite3_stmt *st, int64_t activity_id, const char *today,
                        const char *types)
{
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, today);
    return db_rows(st, types);
}

json_t *read_held_sessions(struct db *db, int64_t activity_id, const char *today)
{
    return rows_for(db_stmt(db, "SELECT id AS id, date AS date, start_time AS start,"
                                " end_time AS \"end\" FROM sessions"
                                " WHERE activity_id = ?1 AND cancelled = 0 AND date <= ?2"
                                " ORDER BY date, start_time, id"),
                    activity_id, today, "isss");
}

json_t *read_attendance_list_pupils(struct db *db, int64_t activity_id, const char *today)
{
    return rows_for(
        db_stmt(db, "SELECT p.id AS id, p.first_name AS first_name, p.last_name AS last_name,"
                    " p.grade AS grade, p.class AS class FROM pupils p"
                    " WHERE p.id IN (SELECT pupil_id FROM enrolments"
                    "  WHERE activity_id = ?1 AND status = 'enrolled'"
                    "  UNION SELECT t.pupil_id FROM attendance t"
                    "  JOIN sessions s ON s.id = t.session_id"
                    "  WHERE s.activity_id = ?1 AND s.cancelled = 0 AND s.date <= ?2)"
                    " ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id"),
        activity_id, today, "issis");
}

json_t *read_held_marks(struct db *db, int64_t activity_id, const char *today)
{
    return rows_for(db_stmt(db, "SELECT t.session_id AS session_id, t.pupil_id AS pupil_id,"
                                " t.status AS status"
                                " FROM attendance t JOIN sessions s ON s.id = t.session_id"
                                " WHERE s.activity_id = ?1 AND s.cancelled = 0"
                                " AND s.date <= ?2"),
                    activity_id, today, "iis");
}
