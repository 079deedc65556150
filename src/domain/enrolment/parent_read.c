/* Reads for the parent's pages; see parent_read.h. */
#include "domain/enrolment/parent_read.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/enrolment/eligibility.h"
#include "domain/enrolment/waitlist.h"

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
            " a.date_until AS date_until, sc.kind AS school_kind"
            " FROM enrolments e JOIN activities a ON a.id = e.activity_id"
            " JOIN schools sc ON sc.id = a.school_id"
            " WHERE e.pupil_id = ?1 AND a.date_until >= ?2"
            " ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2"
            " END, a.weekday, a.start_time, a.title");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    return db_rows(st, "iississsiiisss");
}

/* Each row's "domains", read as JSON text, as the array it holds. 0, or -1 when one is not
   JSON (which json_group_array does not make). */
static int parse_domains(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *domains = json_loads(json_string_value(json_object_get(row, "domains")), 0, NULL);
        if (!domains || json_object_set_new(row, "domains", domains))
            return -1;
    }
    return 0;
}

json_t *read_open_activities(struct db *db, int64_t pupil_id, const char *today,
                             const char *now)
{
    sqlite3_stmt *st = db_stmt(
        db,
        "SELECT a.id AS id, a.title AS title, a.goal AS goal, a.location AS location,"
        " a.weekday AS weekday, a.start_time AS start, a.end_time AS \"end\","
        " a.date_from AS \"from\", a.date_until AS \"until\", s.name AS school,"
        " max(a.capacity - (SELECT count(*) FROM enrolments x WHERE x.activity_id = a.id"
        "  AND x.status = 'enrolled'), 0) AS seats_left,"
        " (SELECT count(*) FROM enrolments x WHERE x.activity_id = a.id"
        "  AND x.status = 'waitlisted') AS waitlist_length,"
        " (SELECT json_group_array(json_object('code', d.code, 'name', d.name))"
        "  FROM (SELECT d.code, d.name FROM activity_domains ad"
        "  JOIN domains d ON d.id = ad.domain_id WHERE ad.activity_id = a.id"
        "  ORDER BY d.position) d) AS domains,"
        " e.status AS status, coalesce(e.id, 0) AS enrolment_id,"
        " EXISTS (SELECT 1 FROM round_activities ra JOIN rounds r ON r.id = ra.round_id"
        "  WHERE ra.activity_id = a.id AND r.closed_at IS NULL) AS in_round,"
        " a.signup_until AS signup_until,"
        " a.grade_min AS grade_min, a.grade_max AS grade_max, a.date_from AS date_from,"
        " a.date_until AS date_until, s.kind AS school_kind"
        " FROM activities a JOIN schools s ON s.id = a.school_id JOIN pupils p ON p.id = ?1"
        " LEFT JOIN enrolments e ON e.activity_id = a.id AND e.pupil_id = ?1"
        " WHERE " ELIGIBLE_PLACE_SQL " AND " ELIGIBLE_RUNNING_SQL("?2")
        " AND " ELIGIBLE_WINDOW_SQL("?3")
        " ORDER BY a.school_id <> p.school_id, a.weekday, a.start_time, a.title LIMIT 200");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, now);
    json_t *rows = db_rows(st, "isssisssssiissibsiisss");
    if (rows && parse_domains(rows)) {
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
        " (SELECT json_group_array(json_object('code', d.code, 'name', d.name))"
        "  FROM (SELECT d.code, d.name FROM activity_domains ad"
        "  JOIN domains d ON d.id = ad.domain_id WHERE ad.activity_id = a.id"
        "  ORDER BY d.position) d) AS domains,"
        " max(a.capacity - (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
        "  AND e.status = 'enrolled'), 0) AS seats_left,"
        " EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = a.id AND e.pupil_id = ?2"
        "  AND e.status = 'enrolled') AS enrolled, a.goal AS goal,"
        " a.grade_min AS grade_min, a.grade_max AS grade_max, a.date_from AS date_from,"
        " a.date_until AS date_until, s.kind AS school_kind"
        " FROM round_activities ra JOIN activities a ON a.id = ra.activity_id"
        " JOIN schools s ON s.id = a.school_id JOIN pupils p ON p.id = ?2"
        " WHERE ra.round_id = ?1 AND " ELIGIBLE_PLACE_SQL
        " ORDER BY a.weekday, a.start_time, a.title, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, round_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    json_t *rows = db_rows(st, "isisssssibsiisss");
    if (rows && parse_domains(rows)) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}
