/* Tests of the register's rule (src/domain/attendance/attendance_rule.h): its SQL form and its C
 * form agree, day by day, on hand-made enrolment histories (enrolled then cancelled, waitlisted
 * then promoted, cancelled on the day of a session, enrolled again, left the school, no
 * history), and both give the answers the rule states; the reports' tallies, which apply the
 * rule by stretches of days (domain/reports/tally_pupils.c), count the same days; and of the reads of the register and
 * the attendance list (src/domain/attendance/register_read.c): their keys, their rows, and 0 for
 * a session that does not exist. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/attendance/attendance_rule.h"
#include "domain/attendance/register_read.h"
#include "domain/reports/tally.h"
#include "testdb.h"
#include "util/date.h"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Judo (activity 1) with sessions 1 on 2026-09-08, 2 on 2026-09-15 (moved from the 14th), 3 on
   2026-09-22 and 4 on 2026-09-01 (cancelled). Pupils 1–3 are enrolled (1, 2) or cancelled (3);
   marks: pupil 1 present at session 1, pupil 3 absent at session 1, pupil 1 excused at the
   cancelled session 4 (not held: not on the list). */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po');"
    "INSERT INTO activities (id, key, school_id, title, location, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo', 'Gymzaal', 1, 8, 10, 2, '15:15', '16:15', '2026-09-01',"
    " '2027-06-30');"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled,"
    " reason) VALUES (1, 1, '2026-09-08', '2026-09-08', '15:15', '16:15', 0, ''),"
    " (2, 1, '2026-09-14', '2026-09-15', '15:30', '16:30', 0, 'gymzaal bezet'),"
    " (3, 1, '2026-09-22', '2026-09-22', '15:15', '16:15', 0, ''),"
    " (4, 1, '2026-09-01', '2026-09-01', '15:15', '16:15', 1, 'studiedag');"
    /* Daily (activity 2): a session on every day of September, for the tallies' days. */
    "INSERT INTO activities (id, key, school_id, title, location, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (2, 'daily', 1, 'Daily', 'Aula', 1, 8, 10, 1, '15:00', '16:00', '2026-09-01',"
    " '2026-09-30');"
    "WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < 30)"
    " INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled,"
    " reason) SELECT 100 + n, 2, printf('2026-09-%02d', n), printf('2026-09-%02d', n), '15:00',"
    " '16:00', 0, '' FROM d;"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, class)"
    " VALUES (1, 'n-1', 1, '1', 'Sara', 'bakker', 6, '6A'),"
    " (2, 'n-2', 1, '2', 'Daan', 'Aalders', 5, ''),"
    " (3, 'n-3', 1, '3', 'Noor', 'Visser', 7, '7B');"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-21T19:05', '2026-08-21T19:05'),"
    " (2, 2, 1, 'enrolled', '2026-08-21T19:06', '2026-08-21T19:06'),"
    " (3, 3, 1, 'cancelled', '2026-08-21T19:07', '2026-09-10T08:00');"
    "INSERT INTO attendance (session_id, pupil_id, status) VALUES (1, 1, 'present'),"
    " (1, 3, 'absent'), (4, 1, 'excused');";

static int setup(void **state)
{
    return testdb_setup(state, "test_attendance_read", seed_sql);
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
    char keys[400];
    assert_string_equal(keys_of(obj, keys, sizeof keys), expected);
}

/* ---- the rule: SQL and C agree -------------------------------------------------------------- */

/* One hand-made case: an enrolment (its status and created_at), its history, the pupil's
   leaving day, and the days of September 2026 on which the rule says it counts. */
struct rule_case {
    const char *name;
    const char *status, *created_at, *left_on;
    struct enrolment_change history[4];
    size_t n_history;
    const char *counts_on; /* the days of September (two digits each, space-separated) */
};

static const struct rule_case cases[] = {
    {"enrolled then cancelled", "cancelled", "2026-09-03T10:00", NULL,
     {{"2026-09-03T10:00", "enrolled"}, {"2026-09-10T12:00", "cancelled"}}, 2,
     "03 04 05 06 07 08 09 10"},
    {"waitlisted then promoted", "enrolled", "2026-09-02T09:00", NULL,
     {{"2026-09-02T09:00", "waitlisted"}, {"2026-09-15T10:00", "enrolled"}}, 2,
     "15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30"},
    {"promoted and cancelled the same day", "cancelled", "2026-09-02T09:00", NULL,
     {{"2026-09-02T09:00", "waitlisted"}, {"2026-09-20T10:00", "enrolled"},
      {"2026-09-20T16:00", "cancelled"}}, 3,
     "20"},
    {"cancelled and enrolled again", "enrolled", "2026-09-01T08:00", NULL,
     {{"2026-09-01T08:00", "enrolled"}, {"2026-09-05T08:00", "cancelled"},
      {"2026-09-25T08:00", "enrolled"}}, 3,
     "01 02 03 04 05 25 26 27 28 29 30"},
    {"left the school", "enrolled", "2026-09-01T08:00", "2026-09-12",
     {{"2026-09-01T08:00", "enrolled"}}, 1,
     "01 02 03 04 05 06 07 08 09 10 11"},
    {"no history, enrolled", "enrolled", "2026-09-27T11:00", NULL, {{NULL, NULL}}, 0,
     "27 28 29 30"},
    {"no history, waiting", "waitlisted", "2026-09-01T11:00", NULL, {{NULL, NULL}}, 0, ""},
    {"waiting only", "waitlisted", "2026-09-01T11:00", NULL,
     {{"2026-09-01T11:00", "waitlisted"}}, 1, ""},
};

/* Replace the rule's tables' rows by case c as enrolment 100 of pupil 100 in activity_id. */
static void load_case_in(struct db *db, const struct rule_case *c, int activity_id)
{
    assert_int_equal(db_exec(db, "DELETE FROM enrolment_history WHERE enrolment_id = 100;"
                                 "DELETE FROM enrolments WHERE id = 100;"
                                 "DELETE FROM pupils WHERE id = 100;"),
                     0);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO pupils (id, key, school_id, number, first_name,"
                                   " last_name, grade, left_on) VALUES (100, 'case', 1, '100',"
                                   " 'Case', 'Test', 5, ?1)");
    db_bind_text(st, 1, c->left_on);
    assert_int_equal(db_step_done(st), 0);
    st = db_stmt(db, "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at,"
                     " updated_at) VALUES (100, 100, ?3, ?1, ?2, ?2)");
    db_bind_text(st, 1, c->status);
    db_bind_text(st, 2, c->created_at);
    sqlite3_bind_int(st, 3, activity_id);
    assert_int_equal(db_step_done(st), 0);
    for (size_t i = 0; i < c->n_history; i++) {
        st = db_stmt(db, "INSERT INTO enrolment_history (enrolment_id, to_status, at)"
                         " VALUES (100, ?1, ?2)");
        db_bind_text(st, 1, c->history[i].to_status);
        db_bind_text(st, 2, c->history[i].at);
        assert_int_equal(db_step_done(st), 0);
    }
}

static void load_case(struct db *db, const struct rule_case *c)
{
    load_case_in(db, c, 1);
}

static void remove_case(struct db *db)
{
    assert_int_equal(db_exec(db, "DELETE FROM enrolment_history WHERE enrolment_id = 100;"
                                 "DELETE FROM enrolments WHERE id = 100;"
                                 "DELETE FROM pupils WHERE id = 100;"),
                     0);
}

/* The SQL form's answer for enrolment 100 on day. */
static bool sql_enrolled_on(struct db *db, const char *day)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
                                   " WHERE e.id = 100 AND" ATTENDANCE_ENROLLED_ON("e", "p", "?1"));
    db_bind_text(st, 1, day);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
    return rc == SQLITE_ROW;
}

static void sql_and_c_forms_agree_with_the_rule_on_each_day(void **state)
{
    struct db *db = db_of(state);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct rule_case *c = &cases[k];
        load_case(db, c);
        struct enrolment_facts facts = {c->history, c->n_history, c->status, c->created_at,
                                        c->left_on};
        for (int d = 1; d <= 30; d++) {
            char day[24], dd[16]; /* room for any int: -O1 cannot see d stays in 1..30 */
            snprintf(day, sizeof day, "2026-09-%02d", d);
            snprintf(dd, sizeof dd, "%02d", d);
            bool expected = strstr(c->counts_on, dd) != NULL;
            bool in_c = attendance_enrolled_on(&facts, day), in_sql = sql_enrolled_on(db, day);
            if (in_c != expected || in_sql != expected)
                fail_msg("%s on %s: the rule %d, C %d, SQL %d", c->name, day, expected, in_c,
                         in_sql);
        }
    }
    remove_case(db);
}

/* The days of September ("DD DD …") on which pupil 100 took part in activity 2 by the tallies'
   rows as they are. */
static void stored_days(struct db *db, char *out, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT events FROM tally_pupil_events"
                                   " WHERE pupil_id = 100 AND year = 2026");
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *events = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0) / TALLY_EVENT_SIZE, used = 0;
        for (size_t i = 0; i < n; i++) {
            struct tally_event e;
            tally_event_at(events, i, date_school_year_start(2026), &e);
            char date[11];
            date_format(e.day, date);
            if (e.activity_id == 2)
                used += (size_t)snprintf(out + used, size - used, "%s%s", used ? " " : "",
                                         date + 8);
        }
    }
    sqlite3_reset(st);
}

/* The same, the tallies rebuilt from the base tables first. */
static void tallied_days(struct db *db, char *out, size_t size)
{
    assert_int_equal(db_exec(db, "BEGIN IMMEDIATE"), 0);
    assert_int_equal(tally_rebuild(db), 0);
    assert_int_equal(db_exec(db, "COMMIT"), 0);
    stored_days(db, out, size);
}

static void the_tallies_count_the_days_the_rule_counts(void **state)
{
    struct db *db = db_of(state);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        load_case_in(db, &cases[k], 2);
        char days[200];
        tallied_days(db, days, sizeof days);
        if (strcmp(days, cases[k].counts_on))
            fail_msg("%s: the rule counts \"%s\", the tallies \"%s\"", cases[k].name,
                     cases[k].counts_on, days);
    }
    remove_case(db);
}

/* The same days when the enrolment is written in a transaction of its own, as a sign-up is:
   the flush then refreshes the one enrolment's activity (tally_refresh_enrolment), not the
   whole pupil. The pupil is written in a transaction before. */
static void one_enrolments_flush_counts_the_days_the_rule_counts(void **state)
{
    struct db *db = db_of(state);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct rule_case *c = &cases[k];
        assert_int_equal(db_begin(db), 0);
        remove_case(db);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO pupils (id, key, school_id, number,"
                                       " first_name, last_name, grade, left_on)"
                                       " VALUES (100, 'case', 1, '100', 'Case', 'Test', 5, ?1)");
        db_bind_text(st, 1, c->left_on);
        assert_int_equal(db_step_done(st), 0);
        assert_int_equal(db_commit(db), 0);
        assert_int_equal(db_begin(db), 0);
        st = db_stmt(db, "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at,"
                         " updated_at) VALUES (100, 100, 2, ?1, ?2, ?2)");
        db_bind_text(st, 1, c->status);
        db_bind_text(st, 2, c->created_at);
        assert_int_equal(db_step_done(st), 0);
        for (size_t i = 0; i < c->n_history; i++) {
            st = db_stmt(db, "INSERT INTO enrolment_history (enrolment_id, to_status, at)"
                             " VALUES (100, ?1, ?2)");
            db_bind_text(st, 1, c->history[i].to_status);
            db_bind_text(st, 2, c->history[i].at);
            assert_int_equal(db_step_done(st), 0);
        }
        assert_int_equal(db_commit(db), 0);
        char days[200];
        stored_days(db, days, sizeof days);
        if (strcmp(days, c->counts_on))
            fail_msg("%s: the rule counts \"%s\", one enrolment's flush \"%s\"", c->name,
                     c->counts_on, days);
    }
    assert_int_equal(db_begin(db), 0);
    remove_case(db);
    assert_int_equal(db_commit(db), 0);
}

/* ---- the register's reads ------------------------------------------------------------------- */

static void the_register_session_has_its_keys_and_a_missing_one_answers_0(void **state)
{
    json_t *row = NULL;
    assert_int_equal(read_register_session(db_of(state), 2, &row), 1);
    assert_keys(row, "start,end,reason,slot_date,title,location,school,activity_start,"
                     "activity_end");
    char *text = json_dumps(row, JSON_COMPACT);
    assert_string_equal(text, "{\"start\":\"15:30\",\"end\":\"16:30\",\"reason\":\"gymzaal bezet\","
                              "\"slot_date\":\"2026-09-14\",\"title\":\"Judo\",\"location\":"
                              "\"Gymzaal\",\"school\":\"Noord\",\"activity_start\":\"15:15\","
                              "\"activity_end\":\"16:15\"}");
    free(text);
    json_decref(row);
    assert_int_equal(read_register_session(db_of(state), 99, &row), 0);
    assert_null(row);
}

static void held_sessions_are_not_cancelled_and_not_after_today(void **state)
{
    json_t *rows = read_held_sessions(db_of(state), 1, "2026-09-15");
    assert_int_equal(json_array_size(rows), 2);
    assert_keys(json_array_get(rows, 0), "id,date,start,end");
    char *text = json_dumps(rows, JSON_COMPACT);
    assert_string_equal(text, "[{\"id\":1,\"date\":\"2026-09-08\",\"start\":\"15:15\","
                              "\"end\":\"16:15\"},{\"id\":2,\"date\":\"2026-09-15\","
                              "\"start\":\"15:30\",\"end\":\"16:30\"}]");
    free(text);
    json_decref(rows);
}

static void the_list_holds_the_enrolled_and_the_marked_by_last_name(void **state)
{
    json_t *rows = read_attendance_list_pupils(db_of(state), 1, "2026-09-15");
    assert_int_equal(json_array_size(rows), 3);
    assert_keys(json_array_get(rows, 0), "id,first_name,last_name,grade,class");
    /* Aalders, bakker (case ignored), Visser (cancelled, but marked at a held session) */
    int64_t order[] = {2, 1, 3};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, i), "id")),
                         order[i]);
    json_t *sara = json_array_get(rows, 1);
    assert_int_equal(json_integer_value(json_object_get(sara, "grade")), 6);
    assert_string_equal(json_string_value(json_object_get(sara, "class")), "6A");
    json_decref(rows);
    rows = read_attendance_list_pupils(db_of(state), 99, "2026-09-15");
    assert_non_null(rows);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
}

static void held_marks_leave_out_the_cancelled_session(void **state)
{
    json_t *rows = read_held_marks(db_of(state), 1, "2026-09-15");
    assert_int_equal(json_array_size(rows), 2);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        assert_keys(row, "session_id,pupil_id,status");
        assert_int_equal(json_integer_value(json_object_get(row, "session_id")), 1);
    }
    json_decref(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sql_and_c_forms_agree_with_the_rule_on_each_day),
        cmocka_unit_test(the_tallies_count_the_days_the_rule_counts),
        cmocka_unit_test(one_enrolments_flush_counts_the_days_the_rule_counts),
        cmocka_unit_test(the_register_session_has_its_keys_and_a_missing_one_answers_0),
        cmocka_unit_test(held_sessions_are_not_cancelled_and_not_after_today),
        cmocka_unit_test(the_list_holds_the_enrolled_and_the_marked_by_last_name),
        cmocka_unit_test(held_marks_leave_out_the_cancelled_session),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
