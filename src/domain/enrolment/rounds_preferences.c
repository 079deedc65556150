/* The rankings of an enrolment round: saving a pupil's ranking under the round's rules (open,
   in the round, a pupil who may take the activity and is not enrolled in it yet, no repeats,
   no more than the round's choices) and reading it back, how many children ranked what (the
   coordinator's demand view), and the open rounds a child may rank in (the parent's pages).
   The round itself is rounds.c, its allocation rounds_allocate.c. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/eligibility.h"
#include "domain/enrolment/rounds.h"
#include "domain/enrolment/rounds_internal.h"

/* ---- rankings -------------------------------------------------------------------------------- */

/* The facts preferences_save checks against. */
struct round_facts {
    char opens[20], closes[20];
    int choices;
    bool allocated;
};

static enum round_result read_round_facts(struct db *db, int64_t round_id, struct round_facts *f)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT opens, closes, choices, closed_at IS NOT NULL"
                                   " FROM rounds WHERE id = ?1");
    if (!st)
        return ROUND_FAILED;
    sqlite3_bind_int64(st, 1, round_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(f->opens, sizeof f->opens, "%s", db_col_text(st, 0));
        snprintf(f->closes, sizeof f->closes, "%s", db_col_text(st, 1));
        f->choices = sqlite3_column_int(st, 2);
        f->allocated = sqlite3_column_int(st, 3) != 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? ROUND_OK : rc == SQLITE_DONE ? ROUND_NOT_FOUND : ROUND_FAILED;
}

/* May the pupil rank this activity of the round? */
static enum round_result check_ranked(struct db *db, int64_t round_id, int64_t pupil_id,
                                      int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT " ELIGIBLE_PLACE_SQL ","
            " EXISTS (SELECT 1 FROM enrolments e WHERE e.pupil_id = p.id"
            "  AND e.activity_id = a.id AND e.status = 'enrolled')"
            " FROM round_activities ra JOIN activities a ON a.id = ra.activity_id"
            " JOIN pupils p ON p.id = ?3"
            " WHERE ra.round_id = ?1 AND ra.activity_id = ?2");
    if (!st)
        return ROUND_FAILED;
    sqlite3_bind_int64(st, 1, round_id);
    sqlite3_bind_int64(st, 2, activity_id);
    sqlite3_bind_int64(st, 3, pupil_id);
    int rc = sqlite3_step(st);
    enum round_result result = rc == SQLITE_DONE  ? ROUND_NOT_IN_ROUND
                               : rc != SQLITE_ROW ? ROUND_FAILED
                               : !sqlite3_column_int(st, 0) ? ROUND_NOT_ELIGIBLE
                               : sqlite3_column_int(st, 1)  ? ROUND_ALREADY_ENROLLED
                                                            : ROUND_OK;
    sqlite3_reset(st);
    return result;
}

static enum round_result preferences_check(struct db *db, int64_t round_id, int64_t pupil_id,
                                           const int64_t *ids, size_t n, const char *now,
                                           int64_t *bad)
{
    struct round_facts f;
    enum round_result rc = read_round_facts(db, round_id, &f);
    if (rc != ROUND_OK)
        return rc;
    if (f.allocated)
        return ROUND_ALLOCATED;
    if (strcmp(now, f.opens) < 0)
        return ROUND_NOT_OPEN;
    if (strcmp(now, f.closes) > 0)
        return ROUND_CLOSED;
    char today[11];
    snprintf(today, sizeof today, "%.10s", now);
    int64_t pupil = db_int_text(db, "SELECT count(*) FROM pupils p WHERE p.id = ?2"
                                    " AND " ELIGIBLE_PRESENT_SQL("?1"),
                                today, pupil_id, 0, 0);
    if (pupil <= 0)
        return pupil < 0 ? ROUND_FAILED : ROUND_NOT_FOUND;
    if (n > (size_t)f.choices)
        return ROUND_TOO_MANY;
    for (size_t i = 0; i < n; i++) {
        *bad = ids[i];
        for (size_t j = 0; j < i; j++)
            if (ids[j] == ids[i])
                return ROUND_DUPLICATE;
        rc = check_ranked(db, round_id, pupil_id, ids[i]);
        if (rc != ROUND_OK)
            return rc;
    }
    *bad = 0;
    return ROUND_OK;
}

static int write_preferences(struct db *db, int64_t round_id, int64_t pupil_id,
                             const int64_t *ids, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM preferences WHERE round_id = ?1"
                                   " AND pupil_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, round_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    if (db_step_done(st))
        return -1;
    for (size_t i = 0; i < n; i++) {
        st = db_stmt(db, "INSERT INTO preferences (round_id, pupil_id, rank, activity_id)"
                         " VALUES (?1, ?2, ?3, ?4)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, round_id);
        sqlite3_bind_int64(st, 2, pupil_id);
        sqlite3_bind_int64(st, 3, (int64_t)i + 1);
        sqlite3_bind_int64(st, 4, ids[i]);
        if (db_step_done(st))
            return -1;
    }
    return 0;
}

enum round_result preferences_save(struct db *db, int64_t round_id, int64_t pupil_id,
                                   const int64_t *activity_ids, size_t n, const char *now,
                                   int64_t *bad_activity)
{
    int64_t bad = 0;
    char clock[17];
    round_now_or_clock(now, clock);
    if (db_begin(db))
        return ROUND_FAILED;
    enum round_result rc =
        preferences_check(db, round_id, pupil_id, activity_ids, n, clock, &bad);
    if (rc == ROUND_OK && write_preferences(db, round_id, pupil_id, activity_ids, n))
        rc = ROUND_FAILED;
    if (bad_activity)
        *bad_activity = rc == ROUND_OK ? 0 : bad;
    if (rc != ROUND_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? ROUND_FAILED : ROUND_OK;
}

int preferences_get(struct db *db, int64_t round_id, int64_t pupil_id, int64_t *out, size_t max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT activity_id FROM preferences WHERE round_id = ?1"
                                   " AND pupil_id = ?2 ORDER BY rank");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, round_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (n < max)
            out[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? (int)n : -1;
}

/* ---- demand ---------------------------------------------------------------------------------- */

static json_t *demand_activities(struct db *db, int64_t round_id, int choices)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id, a.key, a.title, a.capacity,"
            " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
            "  AND e.status = 'enrolled'),"
            " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
            "  AND e.status = 'waitlisted'),"
            " a.grade_min, a.grade_max, a.date_from, a.date_until, s.kind"
            " FROM round_activities ra JOIN activities a ON a.id = ra.activity_id"
            " JOIN schools s ON s.id = a.school_id"
            " WHERE ra.round_id = ?1 ORDER BY a.title, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, round_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int capacity = sqlite3_column_int(st, 3), enrolled = sqlite3_column_int(st, 4);
        json_t *ranked = json_array();
        for (int i = 0; i < choices; i++)
            json_array_append_new(ranked, json_integer(0));
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:i, s:o, s:i, s:i, s:i, s:s, s:s,"
                            " s:s}",
                            "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "key", db_col_text(st, 1),
                            "title", db_col_text(st, 2), "capacity", capacity, "enrolled",
                            enrolled, "free", capacity > enrolled ? capacity - enrolled : 0,
                            "waitlisted", sqlite3_column_int(st, 5), "ranked", ranked, "total",
                            0, "grade_min", sqlite3_column_int(st, 6), "grade_max",
                            sqlite3_column_int(st, 7), "date_from", db_col_text(st, 8),
                            "date_until", db_col_text(st, 9), "school_kind",
                            db_col_text(st, 10)));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* Count each ranking position (1st, 2nd, …; gaps closed) into the activities' rows. */
static int count_ranks(struct db *db, int64_t round_id, json_t *activities)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT activity_id, pos, count(*) FROM (SELECT activity_id,"
                                   " row_number() OVER (PARTITION BY pupil_id ORDER BY rank) AS pos"
                                   " FROM preferences WHERE round_id = ?1)"
                                   " GROUP BY activity_id, pos");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, round_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        int pos = sqlite3_column_int(st, 1), n = sqlite3_column_int(st, 2);
        size_t i;
        json_t *a;
        json_array_foreach(activities, i, a)
        {
            if (json_integer_value(json_object_get(a, "id")) != id)
                continue;
            json_t *ranked = json_object_get(a, "ranked");
            if (pos >= 1 && (size_t)pos <= json_array_size(ranked))
                json_array_set_new(ranked, (size_t)pos - 1,
                                   json_integer(json_integer_value(
                                                    json_array_get(ranked, (size_t)pos - 1)) +
                                                n));
            json_object_set_new(a, "total",
                                json_integer(json_integer_value(json_object_get(a, "total")) + n));
            break;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

json_t *round_demand(struct db *db, int64_t round_id)
{
    int64_t choices = db_int(db, "SELECT choices FROM rounds WHERE id = ?1", round_id, 0, 0);
    int64_t children = db_int(db, "SELECT count(DISTINCT pupil_id) FROM preferences"
                                  " WHERE round_id = ?1",
                              round_id, 0, 0);
    if (choices < 0 || children < 0)
        return NULL;
    json_t *activities = demand_activities(db, round_id, (int)choices);
    if (!activities || count_ranks(db, round_id, activities)) {
        json_decref(activities);
        return NULL;
    }
    return json_pack("{s:I, s:o}", "children", (json_int_t)children, "activities", activities);
}

/* ---- for the parent's pages ------------------------------------------------------------------ */

json_t *rounds_open_for_child(struct db *db, int64_t pupil_id, const char *now)
{
    char clock[17];
    round_now_or_clock(now, clock);
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        db, "SELECT r.id, r.key, CASE r.name WHEN '' THEN r.key ELSE r.name END, r.closes,"
            " r.choices, (SELECT count(*) FROM preferences x WHERE x.round_id = r.id"
            "  AND x.pupil_id = ?1)"
            " FROM rounds r WHERE r.closed_at IS NULL AND r.opens <= ?2 AND r.closes >= ?2"
            " AND EXISTS (SELECT 1 FROM round_activities ra"
            "  JOIN activities a ON a.id = ra.activity_id JOIN pupils p ON p.id = ?1"
            "  WHERE ra.round_id = r.id AND " ELIGIBLE_PLACE_SQL
            "  AND " ELIGIBLE_PRESENT_SQL("substr(?2, 1, 10)") ")"
            " ORDER BY r.closes, r.id");
    if (!st || !list) {
        json_decref(list);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, clock);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        char url[80];
        snprintf(url, sizeof url, "/parent/children/%lld/rounds/%lld", (long long)pupil_id,
                 (long long)id);
        json_array_append_new(list,
                              json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:s}", "id",
                                        (json_int_t)id, "key", db_col_text(st, 1), "name",
                                        db_col_text(st, 2), "closes", db_col_text(st, 3),
                                        "choices", sqlite3_column_int(st, 4), "ranked",
                                        sqlite3_column_int(st, 5), "url", url));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}
