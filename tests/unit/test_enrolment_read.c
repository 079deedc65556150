/* Tests of the reads of the enrolment pages: domain/enrolment/parent_read.c, enrolments_read.c,
 * rounds_read.c, and the pupil reads of domain/people/pupils_read.c and the account's language
 * (accounts.c). Each read answers its documented keys with the right row, in its order; a
 * single-row read answers 0 (and no object) for a row that does not exist. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/enrolments_read.h"
#include "domain/enrolment/parent_read.h"
#include "domain/enrolment/rounds_read.h"
#include "domain/people/accounts.h"
#include "domain/people/pupils_read.h"
#include "testdb.h"

#define TODAY "2026-09-01"
#define NOW "2026-09-01T12:00"

/* Schools 1 Noord and 2 Zuid. Activities: 1 Judo (Noord, groep 5–8, 1 seat, Tuesday, sign-up
   2026-08-20 19:00 – 2026-09-30 23:59, domain Sport), 2 Koor (Zuid, open to the coalition,
   Wednesday, domains Cultuur and Sport), 3 Schaak (Zuid only), 4 Afgelopen (Noord, ended),
   5 Later (Noord, sign-up from October). Pupils at Noord: 1 Sara Bakker (groep 6, link code
   ABC), 2 Daan de Jong (5), 3 Evi Mulder (6, left). Parent 20 has Sara and Daan. Daan has the
   seat of Judo, Sara waits for it and is enrolled in Koor. Round 1 "Najaar" of Noord covers
   Judo, Koor and Schaak; Sara ranked Koor. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2);"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until, signup_from, signup_until, open_to) VALUES"
    " (1, 'judo', 1, 'Judo', 5, 8, 1, 2, '15:15', '16:15', '2026-09-01', '2027-06-30',"
    "  '2026-08-20T19:00', '2026-09-30T23:59', 'school'),"
    " (2, 'koor', 2, 'Koor', 1, 8, 5, 3, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'coalition'),"
    " (3, 'schaak', 2, 'Schaak', 1, 8, 10, 3, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school'),"
    " (4, 'afgelopen', 1, 'Afgelopen', 1, 8, 10, 4, '15:00', '16:00', '2026-01-01',"
    "  '2026-06-30', NULL, NULL, 'school'),"
    " (5, 'later', 1, 'Later', 1, 8, 10, 4, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  '2026-10-01T00:00', NULL, 'school');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 2), (2, 1);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, link_code,"
    " left_on) VALUES (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6, 'ABC', NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'de Jong', 5, NULL, NULL),"
    " (3, 'n-3', 1, '3', 'Evi', 'Mulder', 6, NULL, '2026-07-15');"
    "INSERT INTO users (id, email, name, role, password_hash, lang) VALUES"
    " (20, 'ouder@test.nl', 'Ouder', 'parent', '-', 'en');"
    "INSERT INTO parent_children (user_id, pupil_id) VALUES (20, 1), (20, 2);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 2, 1, 'enrolled', '2026-08-21T10:00:00.000', 'x'),"
    " (2, 1, 1, 'waitlisted', '2026-08-21T11:00:00.000', 'x'),"
    " (3, 1, 2, 'enrolled', '2026-08-21T12:00:00.000', 'x');"
    "INSERT INTO rounds (id, key, school_id, name, opens, closes, choices, max_per_child) VALUES"
    " (1, 'najaar', 1, 'Najaar', '2026-08-20T19:00', '2026-09-10T23:59', 3, 1);"
    "INSERT INTO round_activities (round_id, activity_id) VALUES (1, 1), (1, 2), (1, 3);"
    "INSERT INTO preferences (round_id, pupil_id, rank, activity_id) VALUES (1, 1, 1, 2);";

static int setup(void **state)
{
    return testdb_setup(state, "enrolment_read", seed_sql);
}

static struct db *db_of(void **state)
{
    return ((struct testdb *)*state)->db;
}

/* The object as compact JSON with its keys sorted, for one comparison of keys and values. */
static char *dump(const json_t *json)
{
    return json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS);
}

static void assert_json(const json_t *json, const char *expected)
{
    char *text = dump(json);
    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
}

static const char *text_of(const json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

/* ---- parent_read ---------------------------------------------------------------------------- */

static void a_parent_reads_only_the_own_children_by_first_name(void **state)
{
    struct db *db = db_of(state);
    json_t *child = NULL;
    assert_int_equal(read_parent_child(db, 20, 1, &child), 1);
    assert_json(child, "{\"first_name\":\"Sara\",\"grade\":6,\"id\":1,\"last_name\":\"Bakker\","
                       "\"school\":\"Noord\",\"school_id\":1,\"school_kind\":\"po\"}");
    json_decref(child);
    assert_int_equal(read_parent_child(db, 20, 3, &child), 0); /* not this parent's */
    assert_null(child);
    json_t *children = read_parent_children(db, 20);
    assert_int_equal(json_array_size(children), 2);
    assert_string_equal(text_of(json_array_get(children, 0), "first_name"), "Daan");
    assert_string_equal(text_of(json_array_get(children, 1), "first_name"), "Sara");
    json_decref(children);
}

static void a_childs_enrolments_come_enrolled_first_with_the_waiting_position(void **state)
{
    json_t *list = read_child_enrolments(db_of(state), 1, TODAY);
    assert_int_equal(json_array_size(list), 2);
    assert_json(json_array_get(list, 0),
                "{\"activity_id\":2,\"date_from\":\"2026-09-01\",\"date_until\":\"2027-06-30\","
                "\"end\":\"16:00\",\"grade_max\":8,\"grade_min\":1,\"id\":3,\"location\":\"\","
                "\"position\":0,\"school_kind\":\"po\",\"slots\":\"3 15:00 16:00\",\"start\":\"15:00\",\"status\":\"enrolle"
                "d\",\"title\":\"Koor\",\"weekday\":3}");
    assert_json(json_array_get(list, 1),
                "{\"activity_id\":1,\"date_from\":\"2026-09-01\",\"date_until\":\"2027-06-30\","
                "\"end\":\"16:15\",\"grade_max\":8,\"grade_min\":5,\"id\":2,\"location\":\"\","
                "\"position\":1,\"school_kind\":\"po\",\"slots\":\"2 15:15 16:15\",\"start\":\"15:15\","
                "\"status\":\"waitlisted\",\"title\":\"Judo\",\"weekday\":2}");
    json_decref(list);
    list = read_child_enrolments(db_of(state), 1, "2027-07-01"); /* all ended */
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void open_activities_follow_the_rule_own_school_first(void **state)
{
    json_t *list = read_open_activities(db_of(state), 1, TODAY, NOW);
    assert_int_equal(json_array_size(list), 2); /* not Schaak, Afgelopen or Later */
    assert_json(json_array_get(list, 0),
                "{\"date_from\":\"2026-09-01\",\"date_until\":\"2027-06-30\",\"domains\":[{\"co"
                "de\":\"sport\",\"name\":\"Sport\"}],\"end\":\"16:15\",\"enrolment_id\":2,\"fro"
                "m\":\"2026-09-01\",\"goal\":\"\",\"grade_max\":8,\"grade_min\":5,\"id\":1,\"in"
                "_round\":true,\"location\":\"\",\"school\":\"Noord\",\"school_kind\":\"po\",\""
                "seats_left\":0,\"signup_until\":\"2026-09-30T23:59\",\"slots\":\"2 15:15 16:15\","
                "\"start\":\"15:15\",\"sta"
                "tus\":\"waitlisted\",\"title\":\"Judo\",\"until\":\"2027-06-30\",\"waitlist_le"
                "ngth\":1,\"weekday\":2}");
    json_t *koor = json_array_get(list, 1);
    assert_string_equal(text_of(koor, "title"), "Koor");
    assert_json(json_object_get(koor, "domains"), "[{\"code\":\"sport\",\"name\":\"Sport\"},"
                                                  "{\"code\":\"cultuur\",\"name\":\"Cultuur\"}]");
    assert_int_equal(json_integer_value(json_object_get(koor, "seats_left")), 4);
    assert_string_equal(text_of(koor, "signup_until"), "");
    json_decref(list);
    /* Daan (groep 5): Judo is his, and Koor has no enrolment of his */
    list = read_open_activities(db_of(state), 2, TODAY, NOW);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(text_of(json_array_get(list, 0), "status"), "enrolled");
    assert_string_equal(text_of(json_array_get(list, 1), "status"), "");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "enrolment_id")),
                     0);
    json_decref(list);
}

/* A child who left the school has nothing open to sign up for from the day it left (PRODUCT
   rule 1, eligibility.h); the day before, the list is as usual. Rolled back afterwards. */
static void a_child_who_left_has_no_open_activities(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(db_exec(db, "BEGIN; UPDATE pupils SET left_on = '" TODAY "' WHERE id = 1;"),
                     0);
    json_t *gone = read_open_activities(db, 1, TODAY, NOW);
    assert_int_equal(db_exec(db, "UPDATE pupils SET left_on = date('" TODAY "', '+1 day')"
                                 " WHERE id = 1;"),
                     0);
    json_t *leaving = read_open_activities(db, 1, TODAY, NOW);
    assert_int_equal(db_exec(db, "ROLLBACK"), 0);
    assert_int_equal(json_array_size(gone), 0);
    assert_int_equal(json_array_size(leaving), 2);
    json_decref(gone);
    json_decref(leaving);
}

/* With extra more activities open to Sara (ids 101 …, both schools, mixed days and times,
   repeated titles) the list is ORDER BY's order of the same rows, at most 200: the rows read
   whole up to 200 open, chosen from a light read beyond. Rolled back afterwards. */
static void expect_order_with_extra(struct db *db, int extra)
{
    assert_int_equal(db_exec(db, "BEGIN"), 0);
    sqlite3_stmt *add =
        db_stmt(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)"
                    " INSERT INTO activities (id, key, school_id, title, grade_min, grade_max,"
                    " capacity, weekday, start_time, end_time, date_from, date_until, open_to)"
                    " SELECT 100 + i, 'x' || i, 1 + i % 2, 'Titel ' || (i % 7), 1, 8, 10,"
                    " 1 + i % 5, printf('%02d:%02d', 14 + i % 3, (i % 4) * 15), '18:00',"
                    " '2026-09-01', '2027-06-30', 'coalition' FROM n");
    sqlite3_bind_int(add, 1, extra);
    assert_int_equal(db_step_done(add), 0);
    json_t *list = read_open_activities(db, 1, TODAY, NOW);
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id FROM activities a"
                                   " WHERE a.id IN (1, 2) OR a.id > 100"
                                   " ORDER BY a.school_id <> 1, a.weekday, a.start_time,"
                                   " a.title, a.id LIMIT 200");
    assert_non_null(st);
    size_t i = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *row = json_array_get(list, i++);
        assert_non_null(row);
        assert_int_equal(json_integer_value(json_object_get(row, "id")),
                         sqlite3_column_int64(st, 0));
        assert_null(json_object_get(row, "other_school"));
    }
    sqlite3_reset(st);
    assert_int_equal(db_exec(db, "ROLLBACK"), 0);
    assert_int_equal(i, extra + 2 < 200 ? extra + 2 : 200);
    assert_int_equal(json_array_size(list), i);
    json_decref(list);
}

static void open_activities_are_ordered_and_at_most_200(void **state)
{
    expect_order_with_extra(db_of(state), 40);
    expect_order_with_extra(db_of(state), 198); /* 200 open: all read whole */
    expect_order_with_extra(db_of(state), 199); /* 201: the first 200 chosen */
    expect_order_with_extra(db_of(state), 405);
}

static void rankable_activities_are_the_rounds_for_the_childs_school_and_grade(void **state)
{
    json_t *list = read_rankable_activities(db_of(state), 1, 1);
    assert_int_equal(json_array_size(list), 2); /* not Schaak: Zuid only */
    assert_json(json_array_get(list, 0),
                "{\"date_from\":\"2026-09-01\",\"date_until\":\"2027-06-30\",\"domains\":[{\"co"
                "de\":\"sport\",\"name\":\"Sport\"}],\"end\":\"16:15\",\"enrolled\":false,\"goa"
                "l\":\"\",\"grade_max\":8,\"grade_min\":5,\"id\":1,\"location\":\"\",\"school\""
                ":\"Noord\",\"school_kind\":\"po\",\"seats_left\":0,\"slots\":\"2 15:15 16:15\","
                "\"start\":\"15:15\",\"title"
                "\":\"Judo\",\"weekday\":2}");
    assert_true(json_is_true(json_object_get(json_array_get(list, 1), "enrolled")));
    json_decref(list);
    list = read_rankable_activities(db_of(state), 1, 2); /* Daan has Judo's seat */
    assert_true(json_is_true(json_object_get(json_array_get(list, 0), "enrolled")));
    json_decref(list);
    list = read_rankable_activities(db_of(state), 9, 1);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

/* The domains come from one table read per request (not a JSON text per row): by position,
   equal positions by id, an activity without domains has an empty list, rows that list the
   same domain list equal objects; in_round follows whether the round is still open. The
   changes are rolled back, so the other tests see the seed. */
static void open_activities_list_domains_in_order_and_rounds_while_open(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(db_exec(db, "BEGIN;"
                                 "INSERT INTO domains (id, code, name, position)"
                                 " VALUES (3, 'natuur', 'Natuur', 1);"
                                 "INSERT INTO activity_domains (activity_id, domain_id)"
                                 " VALUES (2, 3);"
                                 "DELETE FROM activity_domains WHERE activity_id = 1;"
                                 "UPDATE rounds SET closed_at = '2026-09-01T10:00' WHERE id = 1;"),
                     0);
    json_t *list = read_open_activities(db, 1, TODAY, NOW);
    assert_int_equal(db_exec(db, "ROLLBACK"), 0);
    assert_int_equal(json_array_size(list), 2);
    json_t *judo = json_array_get(list, 0), *koor = json_array_get(list, 1);
    assert_string_equal(text_of(judo, "title"), "Judo");
    assert_json(json_object_get(judo, "domains"), "[]");
    assert_json(json_object_get(koor, "domains"), "[{\"code\":\"sport\",\"name\":\"Sport\"},"
                                                  "{\"code\":\"natuur\",\"name\":\"Natuur\"},"
                                                  "{\"code\":\"cultuur\",\"name\":\"Cultuur\"}]");
    assert_true(json_is_false(json_object_get(judo, "in_round")));
    assert_true(json_is_false(json_object_get(koor, "in_round")));
    json_decref(list);
    /* rolled back: Judo has its domain again, and the round is open */
    list = read_open_activities(db, 1, TODAY, NOW);
    judo = json_array_get(list, 0);
    assert_json(json_object_get(judo, "domains"), "[{\"code\":\"sport\",\"name\":\"Sport\"}]");
    assert_true(json_is_true(json_object_get(judo, "in_round")));
    assert_true(json_equal(json_array_get(json_object_get(judo, "domains"), 0),
                           json_array_get(json_object_get(json_array_get(list, 1), "domains"), 0)));
    json_decref(list);
}

/* ---- enrolments_read ------------------------------------------------------------------------ */

static void an_enrolment_gives_its_pupil_and_names(void **state)
{
    struct db *db = db_of(state);
    int64_t pupil = -5;
    assert_int_equal(read_enrolment_pupil(db, 2, &pupil), 1);
    assert_int_equal(pupil, 1);
    assert_int_equal(read_enrolment_pupil(db, 99, &pupil), 0);
    assert_int_equal(pupil, 0);
    json_t *names = NULL;
    assert_int_equal(read_enrolment_names(db, 2, &names), 1);
    assert_json(names, "{\"first_name\":\"Sara\",\"title\":\"Judo\"}");
    json_decref(names);
    assert_int_equal(read_enrolment_names(db, 99, &names), 0);
    assert_null(names);
}

/* ---- rounds_read ---------------------------------------------------------------------------- */

static void rounds_list_with_their_counts(void **state)
{
    json_t *list = read_rounds(db_of(state), 0, TODAY, false);
    assert_int_equal(json_array_size(list), 1);
    assert_json(json_array_get(list, 0),
                "{\"activities\":3,\"children\":1,\"choices\":3,\"closed\":false,"
                "\"closes\":\"2026-09-10T23:59\",\"id\":1,\"key\":\"najaar\","
                "\"max_per_child\":1,\"name\":\"Najaar\",\"opens\":\"2026-08-20T19:00\","
                "\"school\":\"Noord\"}");
    json_decref(list);
    list = read_rounds(db_of(state), 2, TODAY, false);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void a_round_reads_with_its_state_and_activities(void **state)
{
    json_t *round = NULL;
    assert_int_equal(read_round(db_of(state), 1, NOW, &round), 1);
    assert_json(round, "{\"activity_ids\":[1,2,3],\"choices\":3,\"closed_at\":null,"
                       "\"closes\":\"2026-09-10T23:59\",\"id\":1,\"key\":\"najaar\","
                       "\"max_per_child\":1,\"name\":\"Najaar\",\"opens\":\"2026-08-20T19:00\","
                       "\"school\":\"Noord\",\"school_id\":1,\"school_key\":\"noord\","
                       "\"seed\":null,\"state\":\"open\"}");
    json_decref(round);
    assert_int_equal(read_round(db_of(state), 1, "2026-08-01T00:00", &round), 1);
    assert_string_equal(text_of(round, "state"), "planned");
    json_decref(round);
    assert_int_equal(read_round(db_of(state), 9, NOW, &round), 0);
    assert_null(round);
}

static void a_rounds_form_offers_running_activities_and_titles_by_key(void **state)
{
    json_t *list = read_round_activity_choices(db_of(state), 0, TODAY, 0);
    assert_int_equal(json_array_size(list), 4); /* not Afgelopen */
    assert_json(json_array_get(list, 0),
                "{\"capacity\":1,\"date_from\":\"2026-09-01\",\"date_until\":\"2027-06-30\",\"e"
                "nd\":\"16:15\",\"grade_max\":8,\"grade_min\":5,\"id\":1,\"school\":\"Noord\","
                "\"school_key\":\"noord\",\"school_kind\":\"po\",\"slots\":\"2 15:15 16:15\","
                "\"start\":\"15:15\",\"title\":"
                "\"Judo\",\"weekday\":2}");
    assert_string_equal(text_of(json_array_get(list, 1), "title"), "Later");
    assert_string_equal(text_of(json_array_get(list, 2), "title"), "Koor");
    json_decref(list);
    list = read_round_activity_choices(db_of(state), 2, TODAY, 0);
    assert_int_equal(json_array_size(list), 2);
    json_decref(list);
    json_t *title = NULL;
    assert_int_equal(read_round_activity_title(db_of(state), "judo", &title), 1);
    assert_json(title, "{\"title\":\"Judo\"}");
    json_decref(title);
    assert_int_equal(read_round_activity_title(db_of(state), "nope", &title), 0);
    assert_null(title);
}

/* ---- pupils_read ---------------------------------------------------------------------------- */

static void a_pupil_reads_with_its_school(void **state)
{
    json_t *pupil = NULL;
    assert_int_equal(read_pupil(db_of(state), 1, &pupil), 1);
    assert_json(pupil, "{\"class\":\"\",\"first_name\":\"Sara\",\"grade\":6,\"id\":1,"
                       "\"key\":\"n-1\",\"last_name\":\"Bakker\",\"left_on\":null,"
                       "\"link_code\":\"ABC\",\"number\":\"1\",\"priority\":false,"
                       "\"safety_notes\":\"\",\"school\":\"Noord\",\"school_id\":1,"
                       "\"school_key\":\"noord\",\"school_kind\":\"po\"}");
    json_decref(pupil);
    assert_int_equal(read_pupil(db_of(state), 99, &pupil), 0);
    assert_null(pupil);
    assert_int_equal(read_pupil_by_key(db_of(state), "n-2", &pupil), 1);
    assert_json(pupil, "{\"first_name\":\"Daan\",\"grade\":5,\"id\":2,\"last_name\":\"de Jong\","
                       "\"priority\":false}");
    json_decref(pupil);
    assert_int_equal(read_pupil_by_key(db_of(state), "gone", &pupil), 0);
    assert_null(pupil);
}

static void a_pupils_enrolments_and_parents(void **state)
{
    json_t *list = read_pupil_enrolments(db_of(state), 1);
    assert_int_equal(json_array_size(list), 2); /* same first day: by title */
    assert_json(json_array_get(list, 0),
                "{\"activity_id\":1,\"from\":\"2026-09-01\",\"id\":2,\"position\":1,"
                "\"status\":\"waitlisted\",\"title\":\"Judo\",\"until\":\"2027-06-30\"}");
    assert_true(json_is_null(json_object_get(json_array_get(list, 1), "position")));
    json_decref(list);
    list = read_pupil_parents(db_of(state), 1);
    assert_int_equal(json_array_size(list), 1);
    assert_json(json_array_get(list, 0), "{\"email\":\"ouder@test.nl\",\"id\":20,"
                                         "\"name\":\"Ouder\"}");
    json_decref(list);
}

static void the_pupil_list_filters_counts_and_pages(void **state)
{
    struct db *db = db_of(state);
    struct pupil_filter all = {.q = "", .priority = -1, .school = 1};
    int64_t n = -1;
    assert_int_equal(read_pupils_count(db, &all, &n), 1);
    assert_int_equal(n, 3);
    json_t *page = read_pupils_page(db, &all, 2, 1); /* Bakker, [de Jong, Mulder] */
    assert_int_equal(json_array_size(page), 2);
    assert_json(json_array_get(page, 0),
                "{\"class\":\"\",\"first_name\":\"Daan\",\"grade\":5,\"id\":2,"
                "\"last_name\":\"de Jong\",\"left_on\":null,\"number\":\"2\","
                "\"priority\":false,\"school\":\"Noord\",\"school_id\":1,"
                "\"school_key\":\"noord\"}");
    assert_string_equal(text_of(json_array_get(page, 1), "left_on"), "2026-07-15");
    json_decref(page);
    struct pupil_filter search = {.q = "ara bak", .priority = -1}; /* full name */
    assert_int_equal(read_pupils_count(db, &search, &n), 1);
    assert_int_equal(n, 1);
    struct pupil_filter wildcard = {.q = "%", .priority = -1}; /* a literal % */
    assert_int_equal(read_pupils_count(db, &wildcard, &n), 1);
    assert_int_equal(n, 0);
    struct pupil_filter grade = {.q = "", .grade = 6, .priority = 0};
    page = read_pupils_page(db, &grade, 50, 0);
    assert_int_equal(json_array_size(page), 2);
    json_decref(page);
}

/* ---- the account's language ----------------------------------------------------------------- */

static void the_account_language_reads_and_saves(void **state)
{
    struct db *db = db_of(state);
    json_t *row = NULL;
    assert_int_equal(read_account_lang(db, 20, &row), 1);
    assert_json(row, "{\"lang\":\"en\"}");
    json_decref(row);
    assert_int_equal(account_set_lang(db, 20, "nl"), 0);
    assert_int_equal(read_account_lang(db, 20, &row), 1);
    assert_string_equal(text_of(row, "lang"), "nl");
    json_decref(row);
    assert_int_equal(read_account_lang(db, 99, &row), 0);
    assert_null(row);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_parent_reads_only_the_own_children_by_first_name),
        cmocka_unit_test(a_childs_enrolments_come_enrolled_first_with_the_waiting_position),
        cmocka_unit_test(open_activities_follow_the_rule_own_school_first),
        cmocka_unit_test(a_child_who_left_has_no_open_activities),
        cmocka_unit_test(open_activities_are_ordered_and_at_most_200),
        cmocka_unit_test(rankable_activities_are_the_rounds_for_the_childs_school_and_grade),
        cmocka_unit_test(open_activities_list_domains_in_order_and_rounds_while_open),
        cmocka_unit_test(an_enrolment_gives_its_pupil_and_names),
        cmocka_unit_test(rounds_list_with_their_counts),
        cmocka_unit_test(a_round_reads_with_its_state_and_activities),
        cmocka_unit_test(a_rounds_form_offers_running_activities_and_titles_by_key),
        cmocka_unit_test(a_pupil_reads_with_its_school),
        cmocka_unit_test(a_pupils_enrolments_and_parents),
        cmocka_unit_test(the_pupil_list_filters_counts_and_pages),
        cmocka_unit_test(the_account_language_reads_and_saves),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
