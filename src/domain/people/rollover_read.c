/* Reads of the rollover: its preview and the runs on record (rollover.h). */
#include "domain/people/rollover.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/offer/archive.h"

/* The pupils who have not left on ?1 by school and grade, with the school's highest grade. */
static json_t *read_groups(struct db *db, const struct rollover_plan *plan)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id AS school_id, s.name AS school, s.kind AS kind,"
            " (CASE s.kind WHEN 'vo' THEN 6 ELSE 8 END) AS grade_max, p.grade AS grade,"
            " count(*) AS pupils FROM pupils p JOIN schools s ON s.id = p.school_id"
            " WHERE p.anonymised = 0 AND (p.left_on IS NULL OR p.left_on >= ?1)"
            " GROUP BY s.id, p.grade ORDER BY s.name, s.id, p.grade");
    if (!st)
        return NULL;
    db_bind_text(st, 1, plan->starts_on);
    return db_rows(st, "issiii");
}

/* The group rows (by school, then grade) folded into one object per school: see
   read_rollover_preview. Adds the totals to *moved and *left. New reference. */
static json_t *schools_of(json_t *rows, json_int_t *moved, json_int_t *left)
{
    json_t *schools = json_array(), *school = NULL;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_int_t id = json_integer_value(json_object_get(row, "school_id"));
        if (!school || json_integer_value(json_object_get(school, "school_id")) != id) {
            school = json_pack("{s:I, s:O, s:O, s:O, s:[], s:i}", "school_id", id, "school",
                               json_object_get(row, "school"), "kind",
                               json_object_get(row, "kind"), "grade_max",
                               json_object_get(row, "grade_max"), "groups", "leaving", 0);
            json_array_append_new(schools, school);
        }
        json_int_t grade = json_integer_value(json_object_get(row, "grade"));
        json_int_t pupils = json_integer_value(json_object_get(row, "pupils"));
        if (grade >= json_integer_value(json_object_get(row, "grade_max"))) {
            json_int_t before = json_integer_value(json_object_get(school, "leaving"));
            json_object_set_new(school, "leaving", json_integer(before + pupils));
            *left += pupils;
        } else {
            json_array_append_new(json_object_get(school, "groups"),
                                  json_pack("{s:I, s:I, s:I}", "grade", grade, "to_grade",
                                            grade + 1, "pupils", pupils));
            *moved += pupils;
        }
    }
    return schools;
}

/* Activities that end before the new year and are not archived yet. */
static json_t *read_archiving_activities(struct db *db, const struct rollover_plan *plan,
                                         const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id AS id, a.title AS title, s.name AS school, a.date_until AS until,"
            " a.date_until >= ?2 AS running FROM activities a JOIN schools s ON s.id = a.school_id"
            " WHERE a.date_until < ?1 AND NOT " ACTIVITY_ARCHIVED_SQL("a", "?2")
            " ORDER BY s.name, a.date_until, a.title, a.id");
    if (!st)
        return NULL;
    db_bind_text(st, 1, plan->starts_on);
    db_bind_text(st, 2, today);
    return db_rows(st, "isssb");
}

/* Rounds that closed before the new year, whose activities all end before it, not archived. */
static json_t *read_archiving_rounds(struct db *db, const struct rollover_plan *plan,
                                     const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT r.id AS id, CASE WHEN coalesce(r.name, '') = '' THEN r.key ELSE r.name END"
            " AS name, s.name AS school, r.closes AS closes"
            " FROM rounds r JOIN schools s ON s.id = r.school_id"
            " WHERE r.closes < ?1 AND NOT " ROUND_ARCHIVED_SQL("r", "?2")
            " AND NOT EXISTS (SELECT 1 FROM round_activities x JOIN activities y"
            "  ON y.id = x.activity_id WHERE x.round_id = r.id AND y.date_until >= ?1)"
            " ORDER BY s.name, r.closes, r.id");
    if (!st)
        return NULL;
    db_bind_text(st, 1, plan->starts_on);
    db_bind_text(st, 2, today);
    return db_rows(st, "isss");
}

int read_rollover_preview(struct db *db, const struct rollover_plan *plan, const char *today,
                          json_t **out)
{
    *out = NULL;
    json_t *groups = read_groups(db, plan);
    json_t *activities = groups ? read_archiving_activities(db, plan, today) : NULL;
    json_t *rounds = activities ? read_archiving_rounds(db, plan, today) : NULL;
    if (!rounds) {
        json_decref(groups);
        json_decref(activities);
        return -1;
    }
    json_int_t moved = 0, left = 0;
    json_t *schools = schools_of(groups, &moved, &left);
    json_decref(groups);
    *out = json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o}", "year", plan->year, "starts_on",
                     plan->starts_on, "left_on", plan->left_on, "moved", moved, "left", left,
                     "schools", schools, "activities", activities, "rounds", rounds);
    return *out ? 0 : -1;
}

json_t *read_rollovers(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT school_year AS school_year, ran_at AS ran_at,"
                                   " by_user AS by_user, moved AS moved, leavers AS \"left\""
                                   " FROM rollovers ORDER BY school_year DESC");
    return st ? db_rows(st, "ssiii") : NULL;
}
