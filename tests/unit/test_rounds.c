/* Tests of src/domain/rounds.c and rounds_allocate.c: the rules of a new or changed round (each
 * with its field and message, nothing written), the rules of a parent's ranking (open window,
 * the round's activities, school or coalition-wide, grade, duplicates, the number of choices,
 * already enrolled; replacing and withdrawing), how many children ranked what, the rounds open
 * to a child, and the allocation: seats and waiting lists written with round_id and history,
 * the seed and the result stored, capacity never exceeded, seats held before counting towards
 * the maximum, a second allocation refused, the same seed giving the same outcome on a copy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/enrolment/rounds.h"
#include "view/i18n.h"
#include "testdb.h"

#define NOW "2026-09-01T12:00"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Schools 1 noord, 2 zuid. Activities (2026-09-01 … 2027-06-30 unless said):
   1 Judo, noord, groep 5–8, 1 seat; 2 Dans, noord, 5–8, 2 seats; 3 Koor, zuid, open to the
   coalition, 1–8, 5 seats; 4 Schaak, zuid only; 5 Toneel, noord, groep 1–4;
   6 Hockey, noord, in round 3 (not allocated); 7 Tekenen, noord, ended 2026-06-30;
   8 Koken, noord, 1–8, in no round.
   Pupils at noord: 1 Sara (6, priority), 2 Daan (5), 3 Noor (7), 4 Mila (8), 5 Lars (3);
   6 Evi at zuid (6). Rounds: 1 najaar (noord: 1, 2; 3 choices, 1 seat per child),
   2 zuid (zuid: 3, 4), 3 hockey (noord: 6), all open 2026-08-20 19:00 – 2026-09-10 23:59.
   User 7 coordinator of noord, 20 a parent of Sara. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until, open_to) VALUES"
    " (1, 'judo', 1, 'Judo', 5, 8, 1, 1, '15:00', '16:00', '2026-09-01', '2027-06-30', 'school'),"
    " (2, 'dans', 1, 'Dans', 5, 8, 2, 2, '15:00', '16:00', '2026-09-01', '2027-06-30', 'school'),"
    " (3, 'koor', 2, 'Koor', 1, 8, 5, 3, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  'coalition'),"
    " (4, 'schaak', 2, 'Schaak', 1, 8, 5, 4, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  'school'),"
    " (5, 'toneel', 1, 'Toneel', 1, 4, 5, 4, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  'school'),"
    " (6, 'hockey', 1, 'Hockey', 1, 8, 5, 5, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  'school'),"
    " (7, 'tekenen', 1, 'Tekenen', 1, 8, 5, 5, '15:00', '16:00', '2026-01-01', '2026-06-30',"
    "  'school'),"
    " (8, 'koken', 1, 'Koken', 1, 8, 5, 1, '17:00', '18:00', '2026-09-01', '2027-06-30',"
    "  'school');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, priority)"
    " VALUES (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6, 1), (2, 'n-2', 1, '2', 'Daan', 'Jong', 5, 0),"
    " (3, 'n-3', 1, '3', 'Noor', 'Visser', 7, 0), (4, 'n-4', 1, '4', 'Mila', 'Smit', 8, 0),"
    " (5, 'n-5', 1, '5', 'Lars', 'Bos', 3, 0), (6, 'z-1', 2, '1', 'Evi', 'Mulder', 6, 0);"
    "INSERT INTO users (id, email, role, password_hash, school_id) VALUES"
    " (7, 'noord@test.nl', 'coordinator', '-', 1);"
    "INSERT INTO users (id, email, role, password_hash) VALUES"
    " (20, 'ouder@test.nl', 'parent', '-');"
    "INSERT INTO parent_children (user_id, pupil_id) VALUES (20, 1);"
    "INSERT INTO rounds (id, key, school_id, name, opens, closes, choices, max_per_child) VALUES"
    " (1, 'najaar', 1, 'Najaar', '2026-08-20T19:00', '2026-09-10T23:59', 3, 1),"
    " (2, 'zuid', 2, 'Zuid', '2026-08-20T19:00', '2026-09-10T23:59', 2, 1),"
    " (3, 'hockey', 1, 'Hockey', '2026-08-20T19:00', '2026-09-10T23:59', 1, 1);"
    "INSERT INTO round_activities (round_id, activity_id) VALUES (1, 1), (1, 2), (2, 3), (2, 4),"
    " (3, 6);";

static int setup(void **state)
{
    return testdb_setup(state, "test_rounds", seed_sql);
}


/* ---- helpers -------------------------------------------------------------------------------- */

static int64_t count(struct db *db, const char *sql)
{
    return db_scalar_int(db, sql, -1);
}

/* Everything a refused save must leave as it was. */
#define STATE_DIGEST                                                                               \
    "SELECT (SELECT count(*) FROM rounds) * 1000000 + (SELECT count(*) FROM round_activities)"     \
    " * 10000 + (SELECT count(*) FROM preferences) * 100 + (SELECT count(*) FROM audit_log)"

static struct round_input good_round(const int64_t *ids, size_t n)
{
    return (struct round_input){.school_id = 1, .name = "Voorjaar", .opens = "2026-09-01T19:00",
                                .closes = "2026-09-14T23:59", .choices = 3, .max_per_child = 2,
                                .activity_ids = ids, .n_activities = n};
}

/* round_save refuses in with a problem on field (the first one for that field) and writes
   nothing. */
static void save_refused(struct db *db, int64_t id, const struct round_input *in,
                         const char *field)
{
    int64_t before = count(db, STATE_DIGEST);
    struct problems problems = {0};
    int64_t saved = id;
    assert_int_equal(round_save(db, 7, &saved, in, &problems), ROUND_INVALID);
    size_t i = 0, n = problems.n;
    while (i < n && i < PROBLEMS_MAX && strcmp(problems.item[i].field, field))
        i++;
    if (i == n || i == PROBLEMS_MAX)
        fail_msg("expected a problem on %s, got %zu (first: %s: %s)", field, n,
                 n ? problems.item[0].field : "-",
                 n ? testdb_problem_text(&problems.item[0]) : "-");
    assert_true(strlen(testdb_problem_text(&problems.item[i])) > 5);
    problems_clear(&problems);
    assert_int_equal(count(db, STATE_DIGEST), before);
}

static enum round_result rank(struct db *db, int64_t round, int64_t pupil, const int64_t *ids,
                              size_t n)
{
    return preferences_save(db, round, pupil, ids, n, NOW, NULL);
}

/* ---- round rules ---------------------------------------------------------------------------- */

static void a_round_is_saved_with_a_key_and_an_audit_record(void **state)
{
    struct testdb *f = *state;
    int64_t ids[] = {5}, id = 0;
    struct round_input in = good_round(ids, 1);
    struct problems problems = {0};
    assert_int_equal(round_save(f->db, 7, &id, &in, &problems), ROUND_OK);
    assert_true(id > 3);
    assert_int_equal(round_find(f->db, "voorjaar-noord"), id);
    assert_int_equal(count(f->db, "SELECT count(*) FROM round_activities WHERE round_id = 4"), 1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'rounds'"
                                  " AND action = 'create' AND user_id = 7"),
                     1);
    /* A second round with the same name gets another key. */
    int64_t other = 0;
    int64_t ids2[] = {8};
    in = good_round(ids2, 1);
    assert_int_equal(round_save(f->db, 7, &other, &in, &problems), ROUND_OK);
    assert_int_equal(round_find(f->db, "voorjaar-noord-2"), other);
    /* Changing it keeps the key (and the activities given: only the first of ids3). */
    in.name = "Voorjaar bis";
    int64_t ids3[] = {8, 7};
    in.activity_ids = ids3;
    in.n_activities = 1;
    assert_int_equal(round_save(f->db, 7, &other, &in, &problems), ROUND_OK);
    json_t *round = round_get(f->db, other, NOW);
    assert_non_null(round);
    assert_string_equal(json_string_value(json_object_get(round, "name")), "Voorjaar bis");
    assert_string_equal(json_string_value(json_object_get(round, "key")), "voorjaar-noord-2");
    assert_string_equal(json_string_value(json_object_get(round, "state")), "planned");
    json_decref(round);
    assert_int_equal(round_find(f->db, "no-such-round"), 0);
}

static void each_round_rule_has_its_field(void **state)
{
    struct testdb *f = *state;
    int64_t ids[] = {5, 8}, none[] = {0};
    struct round_input in = good_round(ids, 2);
    in.name = "";
    save_refused(f->db, 0, &in, "name");
    in = good_round(ids, 2);
    in.closes = "2026-09-01T19:00";
    save_refused(f->db, 0, &in, "closes");
    in.closes = "2026-02-30T10:00";
    save_refused(f->db, 0, &in, "closes");
    in = good_round(ids, 2);
    in.opens = "gisteren";
    save_refused(f->db, 0, &in, "opens");
    in = good_round(ids, 2);
    in.choices = 11;
    in.max_per_child = 1;
    save_refused(f->db, 0, &in, "choices");
    in = good_round(ids, 2);
    in.choices = 2;
    in.max_per_child = 3;
    save_refused(f->db, 0, &in, "max_per_child");
    in = good_round(none, 0);
    save_refused(f->db, 0, &in, "activities");
    int64_t zuid[] = {5, 4};
    in = good_round(zuid, 2);
    save_refused(f->db, 0, &in, "activities");
    int64_t twice[] = {5, 5};
    in = good_round(twice, 2);
    save_refused(f->db, 0, &in, "activities");
    int64_t in_round[] = {6};
    in = good_round(in_round, 1);
    save_refused(f->db, 0, &in, "activities");
    int64_t ended[] = {7};
    in = good_round(ended, 1);
    save_refused(f->db, 0, &in, "activities");
    int64_t missing[] = {999};
    in = good_round(missing, 1);
    save_refused(f->db, 0, &in, "activities");
    in = good_round(ids, 2);
    in.school_id = 99;
    save_refused(f->db, 0, &in, "school");
    /* A round with rankings keeps its school. */
    int64_t judo[] = {1};
    assert_int_equal(rank(f->db, 1, 1, judo, 1), ROUND_OK);
    int64_t koor[] = {3};
    in = good_round(koor, 1);
    in.school_id = 2;
    save_refused(f->db, 1, &in, "school");
}

/* ---- rankings ------------------------------------------------------------------------------- */

static void rankings_follow_the_rules(void **state)
{
    struct testdb *f = *state;
    struct db *db = f->db;
    int64_t good[] = {2, 1}, bad = 0;
    assert_int_equal(preferences_save(db, 1, 1, good, 2, "2026-08-20T18:59", &bad),
                     ROUND_NOT_OPEN);
    assert_int_equal(preferences_save(db, 1, 1, good, 2, "2026-09-11T00:00", &bad),
                     ROUND_CLOSED);
    assert_int_equal(preferences_save(db, 1, 1, good, 2, "2026-09-10T23:59", &bad), ROUND_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM preferences"), 2);
    int64_t other_round[] = {3};
    assert_int_equal(preferences_save(db, 1, 1, other_round, 1, NOW, &bad), ROUND_NOT_IN_ROUND);
    assert_int_equal(bad, 3);
    int64_t twice[] = {1, 1};
    assert_int_equal(preferences_save(db, 1, 1, twice, 2, NOW, &bad), ROUND_DUPLICATE);
    assert_int_equal(bad, 1);
    int64_t judo[] = {1};
    assert_int_equal(preferences_save(db, 1, 5, judo, 1, NOW, &bad), ROUND_NOT_ELIGIBLE);
    int64_t schaak[] = {4}, koor[] = {3};
    assert_int_equal(rank(db, 2, 1, schaak, 1), ROUND_NOT_ELIGIBLE);
    assert_int_equal(rank(db, 2, 1, koor, 1), ROUND_OK); /* open to the coalition */
    int64_t three[] = {3, 4, 3};
    assert_int_equal(rank(db, 2, 6, three, 3), ROUND_TOO_MANY);
    assert_int_equal(rank(db, 99, 1, judo, 1), ROUND_NOT_FOUND);
    assert_int_equal(rank(db, 1, 99, judo, 1), ROUND_NOT_FOUND);
    assert_int_equal(db_exec(db, "INSERT INTO enrolments (pupil_id, activity_id, status,"
                                 " created_at, updated_at) VALUES (2, 1, 'enrolled', 'x', 'x')"),
                     0);
    assert_int_equal(rank(db, 1, 2, judo, 1), ROUND_ALREADY_ENROLLED);
    /* The saved ranking was never touched by the refusals, then is replaced, then withdrawn. */
    int64_t got[ROUND_MAX_CHOICES];
    assert_int_equal(preferences_get(db, 1, 1, got, ROUND_MAX_CHOICES), 2);
    assert_int_equal(got[0], 2);
    assert_int_equal(got[1], 1);
    assert_int_equal(rank(db, 1, 1, judo, 1), ROUND_OK);
    assert_int_equal(preferences_get(db, 1, 1, got, ROUND_MAX_CHOICES), 1);
    assert_int_equal(got[0], 1);
    assert_int_equal(rank(db, 1, 1, NULL, 0), ROUND_OK);
    assert_int_equal(preferences_get(db, 1, 1, got, ROUND_MAX_CHOICES), 0);
}

static void demand_and_open_rounds(void **state)
{
    struct testdb *f = *state;
    int64_t a[] = {1, 2}, b[] = {2}, c[] = {2, 1};
    assert_int_equal(rank(f->db, 1, 1, a, 2), ROUND_OK);
    assert_int_equal(rank(f->db, 1, 2, b, 1), ROUND_OK);
    assert_int_equal(rank(f->db, 1, 3, c, 2), ROUND_OK);
    json_t *d = round_demand(f->db, 1);
    assert_non_null(d);
    assert_int_equal(json_integer_value(json_object_get(d, "children")), 3);
    json_t *acts = json_object_get(d, "activities");
    assert_int_equal(json_array_size(acts), 2);
    json_t *dans = json_array_get(acts, 0), *judo = json_array_get(acts, 1); /* by title */
    assert_string_equal(json_string_value(json_object_get(dans, "key")), "dans");
    assert_int_equal(json_integer_value(json_array_get(json_object_get(dans, "ranked"), 0)), 2);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(dans, "ranked"), 1)), 1);
    assert_int_equal(json_array_size(json_object_get(dans, "ranked")), 3);
    assert_int_equal(json_integer_value(json_object_get(dans, "total")), 3);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(judo, "ranked"), 0)), 1);
    assert_int_equal(json_integer_value(json_object_get(judo, "free")), 1);
    json_decref(d);

    json_t *open = rounds_open_for_child(f->db, 1, NOW); /* Sara: najaar, zuid (koor), hockey */
    assert_int_equal(json_array_size(open), 3);
    json_t *first = json_array_get(open, 0);
    assert_int_equal(json_integer_value(json_object_get(first, "ranked")), 2);
    assert_string_equal(json_string_value(json_object_get(first, "url")),
                        "/parent/children/1/rounds/1");
    json_decref(open);
    open = rounds_open_for_child(f->db, 5, NOW); /* Lars (groep 3): only koor and hockey */
    assert_int_equal(json_array_size(open), 2);
    json_decref(open);
    open = rounds_open_for_child(f->db, 1, "2026-09-11T00:00");
    assert_int_equal(json_array_size(open), 0);
    json_decref(open);
}

/* ---- allocation ----------------------------------------------------------------------------- */

/* Sara (priority) and Daan rank judo then dans, Noor only judo, Mila dans then judo. */
static void rank_four(struct db *db)
{
    int64_t jd[] = {1, 2}, j[] = {1}, dj[] = {2, 1};
    assert_int_equal(rank(db, 1, 1, jd, 2), ROUND_OK);
    assert_int_equal(rank(db, 1, 2, jd, 2), ROUND_OK);
    assert_int_equal(rank(db, 1, 3, j, 1), ROUND_OK);
    assert_int_equal(rank(db, 1, 4, dj, 2), ROUND_OK);
}

static void allocation_writes_seats_waiting_lists_and_the_result(void **state)
{
    struct testdb *f = *state;
    struct db *db = f->db;
    rank_four(db);
    uint64_t seed = 12345;
    json_t *result = NULL;
    assert_int_equal(round_allocate(db, 1, true, &seed, 7, &result), ROUND_OK);
    assert_non_null(result);
    /* Three seats for four children: never over capacity, all with the round's id. */
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE status = 'enrolled'"
                               " AND round_id = 1"),
                     3);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE activity_id = 1"
                               " AND status = 'enrolled'"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE activity_id = 2"
                               " AND status = 'enrolled'"),
                     2);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE pupil_id = 1"
                               " AND status = 'enrolled'"),
                     1); /* the priority pupil is placed */
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE status = 'waitlisted'"
                               " AND round_id <> 1"),
                     0);
    assert_true(count(db, "SELECT count(*) FROM enrolments WHERE status = 'waitlisted'") >= 1);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolment_history"
                               " WHERE note LIKE 'Inschrijfronde Najaar: _e keuze' AND user_id = 7"),
                     3);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolment_history h JOIN enrolments e"
                               " ON e.id = h.enrolment_id WHERE e.status = 'waitlisted'"
                               " AND h.note LIKE 'Inschrijfronde Najaar: geen plaats%'"),
                     count(db, "SELECT count(*) FROM enrolments WHERE status = 'waitlisted'"));
    assert_int_equal(count(db, "SELECT count(*) FROM notifications WHERE kind = 'enrolled'"), 1);
    assert_int_equal(count(db, "SELECT seed FROM rounds WHERE id = 1"), 12345);
    assert_int_equal(count(db, "SELECT count(*) FROM rounds WHERE id = 1 AND closed_at IS NOT NULL"
                               " AND json_extract(result, '$.seed') = 12345"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'allocate'"), 1);
    /* The result: counts per rank over three choices, one child without a seat. */
    assert_int_equal(json_integer_value(json_object_get(result, "seed")), 12345);
    json_t *by_rank = json_object_get(result, "by_rank");
    assert_int_equal(json_array_size(by_rank), 3);
    json_int_t placed = 0;
    for (size_t i = 0; i < 3; i++)
        placed += json_integer_value(json_array_get(by_rank, i));
    assert_int_equal(placed, 3);
    assert_int_equal(json_object_size(json_object_get(result, "placed")), 3);
    assert_int_equal(json_array_size(json_object_get(result, "unplaced")), 1);
    assert_int_equal(json_array_size(json_object_get(result, "lottery")), 4);
    json_t *stored = round_result(db, 1);
    assert_true(json_equal(stored, result));
    json_decref(stored);
    json_decref(result);

    /* Closed: no second allocation, no ranking, no change. */
    int64_t before = count(db, "SELECT count(*) FROM enrolment_history");
    assert_int_equal(round_allocate(db, 1, true, &seed, 7, NULL), ROUND_ALLOCATED);
    int64_t judo[] = {1};
    assert_int_equal(rank(db, 1, 5, judo, 1), ROUND_ALLOCATED);
    struct round_input in = good_round(judo, 1);
    struct problems problems = {0};
    int64_t id = 1;
    assert_int_equal(round_save(db, 7, &id, &in, &problems), ROUND_ALLOCATED);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolment_history"), before);
    json_t *round = round_get(db, 1, NOW);
    assert_string_equal(json_string_value(json_object_get(round, "state")), "allocated");
    json_decref(round);
}

static void seats_held_before_count_and_no_capacity_is_exceeded(void **state)
{
    struct testdb *f = *state;
    struct db *db = f->db;
    rank_four(db);
    /* Mila already holds a seat in dans: the maximum of 1 is reached, she is not placed again,
       not waiting and not "without a seat"; dans has one seat left. */
    assert_int_equal(db_exec(db, "INSERT INTO enrolments (pupil_id, activity_id, status,"
                                 " created_at, updated_at) VALUES (4, 2, 'enrolled', 'x', 'x')"),
                     0);
    uint64_t seed = 1;
    json_t *result = NULL;
    assert_int_equal(round_allocate(db, 1, true, &seed, 7, &result), ROUND_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE activity_id = 2"
                               " AND status = 'enrolled'"),
                     2);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE activity_id = 1"
                               " AND status = 'enrolled'"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolments WHERE pupil_id = 4"), 1);
    json_t *unplaced = json_object_get(result, "unplaced");
    assert_int_equal(json_array_size(unplaced), 1);
    assert_string_not_equal(json_string_value(json_array_get(unplaced, 0)), "n-4");
    json_decref(result);
}

static void a_random_seed_is_drawn_and_kept(void **state)
{
    struct testdb *f = *state;
    rank_four(f->db);
    uint64_t seed = 0, too_big = ROUND_SEED_MAX + 1;
    assert_int_equal(round_allocate(f->db, 1, true, &too_big, 7, NULL), ROUND_BAD_SEED);
    assert_int_equal(count(f->db, "SELECT count(*) FROM rounds WHERE closed_at IS NOT NULL"), 0);
    assert_int_equal(round_allocate(f->db, 1, false, &seed, 7, NULL), ROUND_OK);
    assert_true(seed <= ROUND_SEED_MAX);
    assert_int_equal(count(f->db, "SELECT seed FROM rounds WHERE id = 1"), (int64_t)seed);
    assert_int_equal(round_allocate(f->db, 99, true, &seed, 7, NULL), ROUND_NOT_FOUND);
}

/* The outcome without the moment it was made. New reference. */
static json_t *outcome(json_t *result)
{
    json_t *copy = json_deep_copy(result);
    json_object_del(copy, "allocated_at");
    return copy;
}

static void the_same_seed_gives_the_same_outcome_on_a_copy(void **state)
{
    struct testdb *f = *state;
    rank_four(f->db);
    char copy_path[96];
    snprintf(copy_path, sizeof copy_path, "%s/copy.db", f->dir);
    unlink(copy_path);
    sqlite3_stmt *st = db_stmt(f->db, "VACUUM INTO ?1");
    assert_non_null(st);
    db_bind_text(st, 1, copy_path);
    assert_int_equal(db_step_done(st), 0);
    char err[256];
    struct db *copy = db_open(copy_path, err, sizeof err);
    assert_non_null(copy);

    uint64_t seed = 987654321;
    json_t *a = NULL, *b = NULL;
    assert_int_equal(round_allocate(f->db, 1, true, &seed, 7, &a), ROUND_OK);
    assert_int_equal(round_allocate(copy, 1, true, &seed, 7, &b), ROUND_OK);
    json_t *oa = outcome(a), *ob = outcome(b);
    assert_true(json_equal(oa, ob));
    assert_int_equal(count(copy, "SELECT count(*) FROM enrolments WHERE status = 'enrolled'"), 3);
    json_decref(oa);
    json_decref(ob);
    json_decref(a);
    json_decref(b);
    db_close(copy); /* testdb_teardown removes the file */
}

int main(void)
{
    char err[256];
    if (i18n_load("templates/messages", err, sizeof err)) {
        fprintf(stderr, "messages: %s\n", err);
        return 1;
    }
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(a_round_is_saved_with_a_key_and_an_audit_record),
        T(each_round_rule_has_its_field),
        T(rankings_follow_the_rules),
        T(demand_and_open_rounds),
        T(allocation_writes_seats_waiting_lists_and_the_result),
        T(seats_held_before_count_and_no_capacity_is_exceeded),
        T(a_random_seed_is_drawn_and_kept),
        T(the_same_seed_gives_the_same_outcome_on_a_copy),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    i18n_free();
    return failed;
}
