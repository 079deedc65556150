/* Tests of the reads of activities and sessions (src/domain/offer/activities_read.c): each
 * returns the keys it documents with the right row, lists keep their order and filters, the
 * waiting list's positions are those of domain/enrolment/waitlist.h, and a single-row read
 * answers 0 for a row that does not exist. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities_read.h"
#include "testdb.h"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Noord (po) with Judo (1: provider Sportbedrijf, domain sport, staff Piet, sessions 1 and 2)
   and Koor (3, no provider); Zuid (vo) with Dans (2). Enrolments in Judo: Sara enrolled, Daan
   and Mila waiting (Daan first), Noor cancelled. Pupils of Noord in grades 5–8 not yet in Judo:
   Evi (priority) and Lars; Bram left the school. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'vo');"
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sport', 'Sportbedrijf', 1),"
    " (2, 'eigen', 'Eigen school', 0);"
    "INSERT INTO staff (id, key, provider_id, name, level, vog_date) VALUES"
    " (1, 'piet', 1, 'Piet', 'vak', '2025-01-10'), (2, 'anna', 2, 'Anna', 'start', NULL);"
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport en bewegen', 1),"
    " (2, 'kunst', 'Kunst', 2);"
    "INSERT INTO activities (id, key, school_id, provider_id, title, goal, location, grade_min,"
    " grade_max, capacity, weekday, start_time, end_time, date_from, date_until, signup_from,"
    " open_to) VALUES"
    " (1, 'judo', 1, 1, 'Judo', 'Vallen', 'Gymzaal', 5, 8, 1, 2, '15:15', '16:15',"
    " '2026-09-01', '2027-06-30', '2026-08-20T09:00', 'coalition'),"
    " (2, 'dans', 2, NULL, 'Dans', '', '', 1, 3, 10, 3, '14:00', '15:00', '2026-09-01',"
    " '2027-06-30', NULL, 'school'),"
    " (3, 'koor', 1, NULL, 'Koor', '', '', 1, 8, 10, 4, '14:00', '15:00', '2026-09-01',"
    " '2027-06-30', NULL, 'school');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 2);"
    "INSERT INTO activity_staff (activity_id, staff_id) VALUES (1, 1);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled,"
    " reason) VALUES (1, 1, '2026-09-08', '2026-09-08', '15:15', '16:15', 0, ''),"
    " (2, 1, '2026-09-01', '2026-09-01', '15:15', '16:15', 1, 'studiedag');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, class,"
    " priority, safety_notes, left_on) VALUES"
    " (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6, '6A', 0, 'noten', NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'Zwart', 5, '', 0, '', NULL),"
    " (3, 'n-3', 1, '3', 'Mila', 'Aalders', 7, '', 0, '', NULL),"
    " (4, 'n-4', 1, '4', 'Noor', 'Visser', 7, '', 0, '', NULL),"
    " (5, 'n-5', 1, '5', 'Evi', 'Mulder', 8, '8B', 1, '', NULL),"
    " (6, 'n-6', 1, '6', 'Lars', 'Bos', 5, '', 0, '', NULL),"
    " (7, 'n-7', 1, '7', 'Bram', 'Peters', 6, '', 0, '', '2026-09-01'),"
    " (8, 'n-8', 1, '8', 'Tim', 'Kok', 2, '', 0, '', NULL);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-21T10:00', '2026-08-21T10:00'),"
    " (2, 3, 1, 'waitlisted', '2026-08-21T12:00', '2026-08-21T12:00'),"
    " (3, 2, 1, 'waitlisted', '2026-08-21T11:00', '2026-08-21T11:00'),"
    " (4, 4, 1, 'cancelled', '2026-08-21T09:00', '2026-08-22T09:00');"
    "INSERT INTO attendance (session_id, pupil_id, status) VALUES (1, 1, 'present');";

static int setup(void **state)
{
    return testdb_setup(state, "test_offer_read", seed_sql);
}

static struct db *db_of(void **state)
{
    return ((struct testdb *)*state)->db;
}

/* The object's members, in order, as "key,key,…" into out. */
static const char *keys_of(json_t *obj, char *out, size_t size)
{
    const char *key;
    json_t *value;
    size_t used = 0;
    out[0] = '\0';
    json_object_foreach(obj, key, value)
    {
        used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "," : "", key);
        if (used >= size)
            break;
    }
    return out;
}

static void assert_keys(json_t *obj, const char *expected)
{
    char keys[600];
    assert_string_equal(keys_of(obj, keys, sizeof keys), expected);
}

static void assert_json(json_t *value, const char *expected)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
    assert_string_equal(text, expected);
    free(text);
}

/* ---- the list ------------------------------------------------------------------------------- */

static void the_list_has_its_keys_counts_and_order(void **state)
{
    struct activity_filter all = {0};
    json_t *rows = read_activities(db_of(state), &all, 50, 0);
    assert_int_equal(json_array_size(rows), 3);
    json_t *judo = json_array_get(rows, 0);
    assert_keys(judo, "id,key,title,school_key,school,school_kind,weekday,start,end,grade_min,"
                      "grade_max,capacity,slots,enrolled,waitlisted,from,until,location,next_session_id,"
                      "next_session_date");
    assert_json(judo, "{\"id\":1,\"key\":\"judo\",\"title\":\"Judo\",\"school_key\":\"noord\","
                      "\"school\":\"Noord\",\"school_kind\":\"po\",\"weekday\":2,"
                      "\"start\":\"15:15\",\"end\":\"16:15\",\"grade_min\":5,\"grade_max\":8,"
                      "\"capacity\":1,\"slots\":\"2 15:15 16:15\",\"enrolled\":1,"
                      "\"waitlisted\":2,\"from\":\"2026-09-01\","
                      "\"until\":\"2027-06-30\",\"location\":\"Gymzaal\",\"next_session_id\":1,"
                      "\"next_session_date\":\"2026-09-08\"}"); /* no today: the first session */
    /* by school name, then title: Noord's Judo and Koor, then Zuid's Dans */
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "key")),
                        "koor");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "key")),
                        "dans");
    json_decref(rows);
    rows = read_activities(db_of(state), &all, 1, 1);
    assert_int_equal(json_array_size(rows), 1);
    json_decref(rows);
}

static void the_list_filters_and_counts_the_same(void **state)
{
    const struct {
        struct activity_filter f;
        int64_t count;
    } cases[] = {
        {{.school_id = 1}, 2},   {{.school_id = -1}, 0}, {{.staff_id = 1}, 1},
        {{.q = "UDO"}, 1},       {{.domain_id = 2}, 1},  {{.domain_id = -1}, 0},
        {{.school_id = 2, .domain_id = 1}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t count = -1;
        assert_int_equal(read_activities_count(db_of(state), &cases[i].f, &count), 1);
        assert_int_equal(count, cases[i].count);
        json_t *rows = read_activities(db_of(state), &cases[i].f, 50, 0);
        assert_int_equal(json_array_size(rows), (size_t)cases[i].count);
        json_decref(rows);
    }
}

/* ---- one activity --------------------------------------------------------------------------- */

static void one_activity_has_its_keys_and_a_missing_one_answers_0(void **state)
{
    json_t *row = NULL;
    assert_int_equal(read_activity(db_of(state), 1, &row), 1);
    assert_json(row, "{\"id\":1,\"key\":\"judo\",\"title\":\"Judo\",\"goal\":\"Vallen\","
                     "\"location\":\"Gymzaal\",\"grade_min\":5,\"grade_max\":8,\"capacity\":1,"
                     "\"weekday\":2,\"start\":\"15:15\",\"end\":\"16:15\","
                     "\"from\":\"2026-09-01\",\"until\":\"2027-06-30\","
                     "\"signup_from\":\"2026-08-20T09:00\",\"signup_until\":null,"
                     "\"open_to\":\"coalition\",\"school_id\":1,\"school_key\":\"noord\","
                     "\"school\":\"Noord\",\"school_kind\":\"po\",\"provider_id\":1,"
                     "\"provider_name\":\"Sportbedrijf\",\"provider_external\":true,"
                     "\"slots\":\"2 15:15 16:15\"}");
    json_decref(row);
    assert_int_equal(read_activity(db_of(state), 2, &row), 1);
    assert_true(json_is_null(json_object_get(row, "provider_id")));
    assert_true(json_is_null(json_object_get(row, "provider_name")));
    assert_true(json_is_false(json_object_get(row, "provider_external")));
    json_decref(row);
    assert_int_equal(read_activity(db_of(state), 99, &row), 0);
    assert_null(row);
}

static void domains_staff_and_sessions_of_an_activity(void **state)
{
    json_t *rows = read_activity_domains(db_of(state), 1);
    assert_json(rows, "[{\"code\":\"sport\",\"name\":\"Sport en bewegen\"}]");
    json_decref(rows);
    rows = read_activity_staff(db_of(state), 1);
    assert_json(rows, "[{\"id\":1,\"name\":\"Piet\",\"level\":\"vak\",\"provider\":"
                      "\"Sportbedrijf\",\"vog_date\":\"2025-01-10\",\"external\":true}]");
    json_decref(rows);
    rows = read_activity_sessions(db_of(state), 1);
    assert_json(rows, "[{\"id\":2,\"date\":\"2026-09-01\",\"slot_date\":\"2026-09-01\","
                      "\"start\":\"15:15\",\"end\":\"16:15\",\"cancelled\":true,"
                      "\"reason\":\"studiedag\",\"slot_start\":\"15:15\",\"slot_end\":\"16:15\"},"
                      "{\"id\":1,\"date\":\"2026-09-08\","
                      "\"slot_date\":\"2026-09-08\",\"start\":\"15:15\",\"end\":\"16:15\","
                      "\"cancelled\":false,\"reason\":\"\",\"slot_start\":\"15:15\","
                      "\"slot_end\":\"16:15\"}]");
    json_decref(rows);
    rows = read_activity_staff(db_of(state), 3);
    assert_non_null(rows);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
}

static void enrolments_list_the_waiting_in_order_with_their_positions(void **state)
{
    json_t *rows = read_activity_enrolments(db_of(state), 1);
    assert_int_equal(json_array_size(rows), 4);
    assert_keys(json_array_get(rows, 0), "id,pupil_id,first_name,last_name,grade,class,status,"
                                         "position,safety_notes,priority");
    assert_json(json_array_get(rows, 0),
                "{\"id\":1,\"pupil_id\":1,\"first_name\":\"Sara\",\"last_name\":\"Bakker\","
                "\"grade\":6,\"class\":\"6A\",\"status\":\"enrolled\",\"position\":null,"
                "\"safety_notes\":\"noten\",\"priority\":false}");
    /* the waiting list by the moment of sign-up: Daan (11:00) before Mila (12:00) */
    const char *names[] = {"Sara", "Daan", "Mila", "Noor"};
    json_int_t positions[] = {0, 1, 2, 0};
    for (size_t i = 0; i < 4; i++) {
        json_t *row = json_array_get(rows, i);
        assert_string_equal(json_string_value(json_object_get(row, "first_name")), names[i]);
        if (positions[i])
            assert_int_equal(json_integer_value(json_object_get(row, "position")), positions[i]);
        else
            assert_true(json_is_null(json_object_get(row, "position")));
    }
    json_decref(rows);
}

static void candidates_are_of_the_school_in_range_not_left_nor_enrolled(void **state)
{
    json_t *rows = read_activity_candidates(db_of(state), 1, 0, "2026-12-06");
    /* Evi (priority) first, then Lars; Noor cancelled, so she may be signed up again */
    assert_json(rows, "[{\"id\":5,\"last_name\":\"Mulder\",\"first_name\":\"Evi\",\"grade\":8,"
                      "\"class\":\"8B\",\"priority\":true},"
                      "{\"id\":6,\"last_name\":\"Bos\",\"first_name\":\"Lars\",\"grade\":5,"
                      "\"class\":\"\",\"priority\":false},"
                      "{\"id\":4,\"last_name\":\"Visser\",\"first_name\":\"Noor\",\"grade\":7,"
                      "\"class\":\"\",\"priority\":false}]");
    json_decref(rows);
    rows = read_activity_candidates(db_of(state), 1, 2, "2026-12-06"); /* Zuid has no pupils */
    assert_non_null(rows);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
    /* Once the activity has ended, the rule accepts nobody, so nobody is offered. */
    rows = read_activity_candidates(db_of(state), 1, 0, "2027-07-01");
    assert_non_null(rows);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
}

/* ---- the form's choices --------------------------------------------------------------------- */

static void providers_and_staff_as_choices(void **state)
{
    json_t *rows = read_provider_choices(db_of(state));
    assert_json(rows, "[{\"value\":\"2\",\"name\":\"Eigen school\",\"kind\":\"school\"},"
                      "{\"value\":\"1\",\"name\":\"Sportbedrijf\",\"kind\":\"extern\"}]");
    json_decref(rows);
    /* The staff checkboxes come from read_staff_by_provider (tests/unit/test_admin_read.c). */
}

/* ---- one session ---------------------------------------------------------------------------- */

static void one_session_has_its_keys_and_a_missing_one_answers_0(void **state)
{
    json_t *row = NULL;
    assert_int_equal(read_session(db_of(state), 1, &row), 1);
    assert_json(row, "{\"id\":1,\"activity_id\":1,\"slot_date\":\"2026-09-08\","
                     "\"date\":\"2026-09-08\",\"start\":\"15:15\",\"end\":\"16:15\","
                     "\"cancelled\":false,\"reason\":\"\",\"title\":\"Judo\",\"school_id\":1,"
                     "\"activity_start\":\"15:15\",\"activity_end\":\"16:15\","
                     "\"has_attendance\":true}");
    json_decref(row);
    assert_int_equal(read_session(db_of(state), 2, &row), 1);
    assert_true(json_is_false(json_object_get(row, "has_attendance")));
    json_decref(row);
    assert_int_equal(read_session(db_of(state), 99, &row), 0);
    assert_null(row);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_list_has_its_keys_counts_and_order),
        cmocka_unit_test(the_list_filters_and_counts_the_same),
        cmocka_unit_test(one_activity_has_its_keys_and_a_missing_one_answers_0),
        cmocka_unit_test(domains_staff_and_sessions_of_an_activity),
        cmocka_unit_test(enrolments_list_the_waiting_in_order_with_their_positions),
        cmocka_unit_test(candidates_are_of_the_school_in_range_not_left_nor_enrolled),
        cmocka_unit_test(providers_and_staff_as_choices),
        cmocka_unit_test(one_session_has_its_keys_and_a_missing_one_answers_0),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
