/* Reads for the pages of enrolment rounds; see rounds_read.h. */
#include "domain/enrolment/rounds_read.h"

#include <stdbool.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/enrolment/rounds.h"
#include "domain/enrolment/rounds_internal.h"
#include "domain/offer/schedule.h"
#include "domain/offer/archive.h"

/* A round's name, or its key when it has none. */
#define ROUND_NAME_SQL "CASE WHEN coalesce(r.name, '') = '' THEN r.key ELSE r.name END"

json_t *read_rounds(struct db *db, int64_t school_id, const char *today, bool archived)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT r.id AS id, r.key AS key, " ROUND_NAME_SQL " AS name, s.name AS school,"
            " r.opens AS opens, r.closes AS closes, r.choices AS choices,"
            " r.max_per_child AS max_per_child, r.closed_at IS NOT NULL AS closed,"
            " (SELECT count(*) FROM round_activities ra WHERE ra.round_id = r.id) AS activities,"
            " (SELECT count(DISTINCT x.pupil_id) FROM preferences x WHERE x.round_id = r.id)"
            " AS children"
            " FROM rounds r JOIN schools s ON s.id = r.school_id"
            " WHERE (?1 = 0 OR r.school_id = ?1) AND " ROUND_ARCHIVED_SQL("r", "?2") " = ?3"
            " ORDER BY r.closes DESC, r.id DESC LIMIT 500");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, today);
    sqlite3_bind_int(st, 3, archived);
    return db_rows(st, "isssssiibii");
}

/* The ids of the round's activities by title, then id. New reference, NULL on error. */
static json_t *read_round_activity_ids(struct db *db, int64_t round_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT ra.activity_id AS id FROM round_activities ra"
                                   " JOIN activities a ON a.id = ra.activity_id"
                                   " WHERE ra.round_id = ?1 ORDER BY a.title, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, round_id);
    json_t *rows = db_rows(st, "i"), *ids = rows ? json_array() : NULL;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        json_array_append(ids, json_object_get(row, "id"));
    json_decref(rows);
    return ids;
}

int read_round(struct db *db, int64_t round_id, const char *now, json_t **out)
{
    *out = NULL;
    char clock[17];
    round_now_or_clock(now, clock);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT r.id AS id, r.key AS key, " ROUND_NAME_SQL " AS name,"
            " r.school_id AS school_id, s.key AS school_key, s.name AS school, r.opens AS opens,"
            " r.closes AS closes, r.choices AS choices, r.max_per_child AS max_per_child,"
            " r.seed AS seed, r.closed_at AS closed_at"
            " FROM rounds r JOIN schools s ON s.id = r.school_id WHERE r.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, round_id);
    json_t *round;
    int found = db_row(st, "ississssiiIS", &round);
    if (found <= 0)
        return found;
    bool allocated = !json_is_null(json_object_get(round, "closed_at"));
    const char *state = round_state(json_string_value(json_object_get(round, "opens")),
                                    json_string_value(json_object_get(round, "closes")),
                                    allocated, clock);
    json_t *ids = read_round_activity_ids(db, round_id);
    if (!ids) {
        json_decref(round);
        return -1;
    }
    json_object_set_new(round, "state", json_string(state));
    json_object_set_new(round, "activity_ids", ids);
    *out = round;
    return 1;
}

json_t *read_round_activity_choices(struct db *db, int64_t school_id, const char *today,
                                    int64_t round_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS id, a.title AS title, s.name AS school, s.key AS school_key,"
            " a.weekday AS weekday, a.start_time AS start, a.end_time AS \"end\","
            " a.capacity AS capacity, a.grade_min AS grade_min, a.grade_max AS grade_max,"
            " a.date_from AS date_from, a.date_until AS date_until, s.kind AS school_kind,"
            " " SCHEDULE_SLOTS_SQL("a") " AS slots"
            " FROM activities a JOIN schools s ON s.id = a.school_id"
            " WHERE (?1 = 0 OR a.school_id = ?1) AND (a.date_until >= ?2 OR a.id IN"
            " (SELECT activity_id FROM round_activities WHERE round_id = ?3))"
            " ORDER BY s.name, a.title, a.id LIMIT 1000");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, today);
    sqlite3_bind_int64(st, 3, round_id);
    return db_rows(st, "isssissiiissss");
}

int read_round_activity_title(struct db *db, const char *key, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT title AS title FROM activities WHERE key = ?1");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    return db_row(st, "s", out);
}
