/* Reads of activities and their sessions; see activities_read.h. */
#include "domain/offer/activities_read.h"

#include <stdbool.h>
#include <string.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/enrolment/eligibility.h"
#include "domain/enrolment/waitlist.h"
#include "domain/offer/schedule.h"
#include "domain/offer/archive.h"

int read_activity_school(struct db *db, int64_t activity_id, int64_t *school_id)
{
    int64_t id = db_int(db, "SELECT school_id FROM activities WHERE id = ?1", activity_id, 0, 0);
    *school_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}

int read_staff_runs(struct db *db, int64_t activity_id, int64_t staff_id)
{
    return (int)db_int(db, "SELECT 1 FROM activity_staff WHERE activity_id = ?1 AND staff_id = ?2",
                       activity_id, staff_id, 0);
}

/* ---- the list of activities ------------------------------------------------------------------ */

#define LIST_WHERE                                                                                \
    " FROM activities a JOIN schools s ON s.id = a.school_id"                                    \
    " WHERE (?1 = 0 OR a.school_id = ?1)"                                                        \
    " AND (?2 = 0 OR EXISTS (SELECT 1 FROM activity_staff x WHERE x.activity_id = a.id"         \
    "      AND x.staff_id = ?2))"                                                                \
    " AND (?3 = '' OR instr(lower(a.title), lower(?3)) > 0)"                                     \
    " AND (?4 = 0 OR EXISTS (SELECT 1 FROM activity_domains y WHERE y.activity_id = a.id"       \
    "      AND y.domain_id = ?4))"                                                               \
    " AND CASE ?5 WHEN 1 THEN a.date_until >= ?6"                                               \
    "  WHEN 2 THEN a.date_from <= ?6 AND a.date_until >= ?6"                                    \
    "  WHEN 3 THEN a.date_from > ?6"                                                            \
    "  WHEN 4 THEN a.date_until < ?6 AND NOT " ACTIVITY_ARCHIVED_SQL("a", "?6")                  \
    "  WHEN 5 THEN " ACTIVITY_ARCHIVED_SQL("a", "?6") " ELSE 1 END"                              \
    " AND (?7 = '' OR (a.date_from <= ?8 AND a.date_until >= ?7))"

enum activity_when activity_when_at(const char *from, const char *until, const char *today)
{
    return strcmp(until, today) < 0 ? WHEN_ENDED : strcmp(from, today) > 0 ? WHEN_COMING
                                                                            : WHEN_ONGOING;
}

/* Bind f to ?1 … ?8 of LIST_WHERE. */
static void bind_filter(sqlite3_stmt *st, const struct activity_filter *f)
{
    sqlite3_bind_int64(st, 1, f->school_id);
    sqlite3_bind_int64(st, 2, f->staff_id);
    db_bind_text(st, 3, f->q ? f->q : "");
    sqlite3_bind_int64(st, 4, f->domain_id);
    sqlite3_bind_int(st, 5, (int)f->when);
    db_bind_text(st, 6, f->today ? f->today : "");
    bool year = f->year_from && *f->year_from && f->year_until && *f->year_until;
    db_bind_text(st, 7, year ? f->year_from : "");
    db_bind_text(st, 8, year ? f->year_until : "");
}

json_t *read_activities(struct db *db, const struct activity_filter *f, int64_t limit,
                        int64_t offset)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS id, a.key AS key, a.title AS title, s.key AS school_key,"
            " s.name AS school, s.kind AS school_kind, a.weekday AS weekday,"
            " a.start_time AS start, a.end_time AS \"end\", a.grade_min AS grade_min,"
            " a.grade_max AS grade_max, a.capacity AS capacity,"
            " " SCHEDULE_SLOTS_SQL("a") " AS slots,"
            " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
            "  AND e.status = 'enrolled') AS enrolled,"
            " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
            "  AND e.status = 'waitlisted') AS waitlisted,"
            " a.date_from AS \"from\", a.date_until AS until, a.location AS location,"
            " (SELECT n.id FROM sessions n WHERE n.activity_id = a.id AND n.cancelled = 0"
            "  AND n.date >= ?6 ORDER BY n.date, n.start_time, n.id LIMIT 1) AS next_session_id,"
            " (SELECT n.date FROM sessions n WHERE n.activity_id = a.id AND n.cancelled = 0"
            "  AND n.date >= ?6 ORDER BY n.date, n.start_time, n.id LIMIT 1) AS next_session_date"
            LIST_WHERE " ORDER BY s.name, s.id, a.title, a.id LIMIT ?9 OFFSET ?10");
    if (!st)
        return NULL;
    bind_filter(st, f);
    sqlite3_bind_int64(st, 9, limit);
    sqlite3_bind_int64(st, 10, offset);
    return db_rows(st, "isssssissiiisiisssIS");
}

int read_activities_count(struct db *db, const struct activity_filter *f, int64_t *count)
{
    *count = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*)" LIST_WHERE);
    if (!st)
        return -1;
    bind_filter(st, f);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : -1;
}

json_t *read_activity_years(struct db *db, const struct activity_filter *f)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT DISTINCT CAST(substr(a.date_from, 1, 4) AS INTEGER)"
            " - (substr(a.date_from, 6, 2) < '08') AS year"
            " FROM activities a WHERE (?1 = 0 OR a.school_id = ?1)"
            " AND (?2 = 0 OR EXISTS (SELECT 1 FROM activity_staff x WHERE x.activity_id = a.id"
            "      AND x.staff_id = ?2)) ORDER BY year DESC");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, f->school_id);
    sqlite3_bind_int64(st, 2, f->staff_id);
    return db_rows(st, "i");
}

/* ---- one activity ---------------------------------------------------------------------------- */

int read_activity(struct db *db, int64_t id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS id, a.key AS key, a.title AS title, a.goal AS goal,"
            " a.location AS location, a.grade_min AS grade_min, a.grade_max AS grade_max,"
            " a.capacity AS capacity, a.weekday AS weekday, a.start_time AS start,"
            " a.end_time AS \"end\", a.date_from AS \"from\", a.date_until AS until,"
            " a.signup_from AS signup_from, a.signup_until AS signup_until,"
            " a.open_to AS open_to, s.id AS school_id, s.key AS school_key, s.name AS school,"
            " s.kind AS school_kind, p.id AS provider_id, p.name AS provider_name,"
            " coalesce(p.external, 0) AS provider_external, " SCHEDULE_SLOTS_SQL("a") " AS slots"
            " FROM activities a JOIN schools s ON s.id = a.school_id"
            " LEFT JOIN providers p ON p.id = a.provider_id WHERE a.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return db_row(st, "issssiiiissssSSsisssISbs", out);
}

json_t *read_activity_slots(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT weekday AS weekday, start_time AS start,"
                                   " end_time AS \"end\" FROM activity_slots"
                                   " WHERE activity_id = ?1"
                                   " UNION ALL SELECT weekday, start_time, end_time"
                                   " FROM activities a WHERE id = ?1 AND NOT EXISTS"
                                   " (SELECT 1 FROM activity_slots t WHERE t.activity_id = a.id)"
                                   " ORDER BY 1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "iss");
}

json_t *read_activity_domains(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT d.code AS code, d.name AS name FROM activity_domains x"
                                   " JOIN domains d ON d.id = x.domain_id"
                                   " WHERE x.activity_id = ?1 ORDER BY d.position, d.name");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "ss");
}

json_t *read_activity_staff(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT t.id AS id, t.name AS name, t.level AS level,"
                                   " p.name AS provider, t.vog_date AS vog_date,"
                                   " p.external AS external FROM activity_staff x"
                                   " JOIN staff t ON t.id = x.staff_id"
                                   " JOIN providers p ON p.id = t.provider_id"
                                   " WHERE x.activity_id = ?1 ORDER BY t.name, t.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "isssSb");
}

json_t *read_activity_sessions(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id AS id, s.date AS date, s.slot_date AS slot_date,"
                                   " s.start_time AS start, s.end_time AS \"end\","
                                   " s.cancelled AS cancelled, s.reason AS reason,"
                                   " coalesce(t.start_time, a.start_time) AS slot_start,"
                                   " coalesce(t.end_time, a.end_time) AS slot_end"
                                   " FROM sessions s JOIN activities a ON a.id = s.activity_id"
                                   " LEFT JOIN activity_slots t ON t.activity_id = a.id"
                                   "  AND t.weekday = " SCHEDULE_WEEKDAY_SQL("s.slot_date")
                                   " WHERE s.activity_id = ?1"
                                   " ORDER BY s.date, s.start_time, s.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "issssbsss");
}

json_t *read_activity_enrolments(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT e.id AS id, p.id AS pupil_id, p.first_name AS first_name,"
            " p.last_name AS last_name, p.grade AS grade, p.class AS class, e.status AS status,"
            " nullif(" WAITLIST_POSITION("e") ", 0) AS position,"
            " p.safety_notes AS safety_notes, p.priority AS priority"
            " FROM enrolments e JOIN pupils p ON p.id = e.pupil_id WHERE e.activity_id = ?1"
            " ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1"
            " ELSE 2 END, CASE e.status WHEN 'waitlisted' THEN e.created_at END,"
            " CASE e.status WHEN 'waitlisted' THEN e.id END, surname_key(p.last_name),"
            " fold(p.first_name),"
            " e.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "iississIsb");
}

json_t *read_activity_candidates(struct db *db, int64_t activity_id, int64_t school_id,
                                 const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id AS id, p.last_name AS last_name, p.first_name AS first_name,"
            " p.grade AS grade, p.class AS class, p.priority AS priority"
            " FROM activities a JOIN pupils p ON p.school_id = coalesce(nullif(?2, 0),"
            "  a.school_id) AND " ELIGIBLE_SCHOOL_SQL " AND " ELIGIBLE_GRADE_SQL
            "  AND " ELIGIBLE_PRESENT_SQL("?3")
            " WHERE a.id = ?1 AND " ELIGIBLE_RUNNING_SQL("?3") " AND NOT EXISTS (SELECT 1 FROM enrolments e"
            "  WHERE e.activity_id = a.id AND e.pupil_id = p.id"
            "  AND e.status IN ('enrolled', 'waitlisted'))"
            " ORDER BY p.priority DESC, surname_key(p.last_name), fold(p.first_name), p.id"
            " LIMIT 1000");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, school_id);
    db_bind_text(st, 3, today);
    return db_rows(st, "issisb");
}

/* ---- the choices of the activity form -------------------------------------------------------- */

json_t *read_provider_choices(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS value, name AS name,"
                                   " CASE WHEN external THEN 'extern' ELSE 'school' END AS kind"
                                   " FROM providers ORDER BY name");
    return st ? db_rows(st, "sss") : NULL;
}


/* ---- one session ----------------------------------------------------------------------------- */

int read_session(struct db *db, int64_t id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id AS id, s.activity_id AS activity_id, s.slot_date AS slot_date,"
            " s.date AS date, s.start_time AS start, s.end_time AS \"end\","
            " s.cancelled AS cancelled, s.reason AS reason, a.title AS title,"
            " a.school_id AS school_id, coalesce(t.start_time, a.start_time) AS activity_start,"
            " coalesce(t.end_time, a.end_time) AS activity_end,"
            " EXISTS (SELECT 1 FROM attendance x WHERE x.session_id = s.id) AS has_attendance"
            " FROM sessions s JOIN activities a ON a.id = s.activity_id"
            " LEFT JOIN activity_slots t ON t.activity_id = a.id"
            "  AND t.weekday = " SCHEDULE_WEEKDAY_SQL("s.slot_date")
            " WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return db_row(st, "iissssbssissb", out);
}
