/* Tests of src/domain/enrol.c and notify.c: a sign-up is enrolled while seats are free and
 * waits in order when full; each rule refuses with its own result and writes nothing (other
 * school, grade, window not open or closed, activity over, already enrolled or waiting,
 * overlapping sessions, the per-child maximum, a pending round, a pupil who left); the school
 * may sign up outside the window and during a round; cancelling frees the seat for the first
 * who waits at once; a cancelled sign-up taken up again queues at the end; every change is kept
 * in the history and told to the parents (notifications and the outbox, in their language). */
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
#include "domain/offer/activities.h"
#include "domain/enrolment/enrol.h"
#include "util/date.h"
#include "view/i18n.h"
#include "testdb.h"
#include "util/utf8.h"

#define NOW "2026-09-01T12:00"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Schools 1 noord and 2 zuid. Activities (all from 2026-09-01 to 2027-06-30 unless said):
   1 Judo, noord, groep 5–8, 2 seats, sign-up 2026-08-20 19:00 – 2026-09-30 23:59, a session on
     Tuesday 2026-09-08 15:15–16:15;
   2 Dans, noord, 5–8, 10 seats, a session on 2026-09-08 15:45–16:45 (overlaps Judo);
   3 Schaak, zuid, only for zuid; 4 Koor, zuid, open to the coalition, 1–8;
   5 Toneel, noord, groep 1–4; 6 Later, noord, sign-up from 2026-10-01;
   7 Afgelopen, noord, ended 2026-06-30; 8, 9 Tekenen and Koken, noord, other days;
   10 Ronde, noord, in a round that is not yet closed.
   Pupils at noord: 1 Sara (6, parent user 20 who reads English), 2 Daan (5), 3 Noor (7),
   4 Mila (8), 5 Lars (3), 6 Evi (6, left the school in 2026-07). User 7 is the coordinator. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until, signup_from, signup_until, open_to) VALUES"
    " (1, 'judo', 1, 'Judo', 5, 8, 2, 2, '15:15', '16:15', '2026-09-01', '2027-06-30',"
    "  '2026-08-20T19:00', '2026-09-30T23:59', 'school'),"
    " (2, 'dans', 1, 'Dans', 5, 8, 10, 2, '15:45', '16:45', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school'),"
    " (3, 'schaak', 2, 'Schaak', 1, 8, 10, 3, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school'),"
    " (4, 'koor', 2, 'Koor', 1, 8, 5, 3, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'coalition'),"
    " (5, 'toneel', 1, 'Toneel', 1, 4, 10, 4, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school'),"
    " (6, 'later', 1, 'Later', 1, 8, 10, 4, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  '2026-10-01T00:00', NULL, 'school'),"
    " (7, 'afgelopen', 1, 'Afgelopen', 1, 8, 10, 4, '15:00', '16:00', '2026-01-01',"
    "  '2026-06-30', NULL, NULL, 'school'),"
    " (8, 'tekenen', 1, 'Tekenen', 1, 8, 10, 5, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school'),"
    " (9, 'koken', 1, 'Koken', 1, 8, 10, 1, '15:00', '16:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school'),"
    " (10, 'ronde', 1, 'Ronde', 1, 8, 10, 1, '17:00', '18:00', '2026-09-01', '2027-06-30',"
    "  NULL, NULL, 'school');"
    "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time) VALUES"
    " (1, '2026-09-08', '2026-09-08', '15:15', '16:15'),"
    " (2, '2026-09-08', '2026-09-08', '15:45', '16:45'),"
    " (4, '2026-09-09', '2026-09-09', '15:00', '16:00'),"
    " (8, '2026-09-11', '2026-09-11', '15:00', '16:00'),"
    " (9, '2026-09-07', '2026-09-07', '15:00', '16:00');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, left_on)"
    " VALUES (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6, NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'de Jong', 5, NULL), (3, 'n-3', 1, '3', 'Noor', 'Visser', 7, NULL),"
    " (4, 'n-4', 1, '4', 'Mila', 'Smit', 8, NULL), (5, 'n-5', 1, '5', 'Lars', 'Bos', 3, NULL),"
    " (6, 'n-6', 1, '6', 'Evi', 'Mulder', 6, '2026-07-15');"
    "INSERT INTO users (id, email, role, password_hash, school_id) VALUES"
    " (7, 'noord@test.nl', 'coordinator', '-', 1);"
    "INSERT INTO users (id, email, role, password_hash, lang) VALUES"
    " (20, 'ouder@test.nl', 'parent', '-', 'en');"
    "INSERT INTO parent_children (user_id, pupil_id) VALUES (20, 1);"
    "INSERT INTO rounds (id, key, school_id, opens, closes) VALUES"
    " (1, 'najaar', 1, '2026-08-20T19:00', '2026-09-10T23:59');"
    "INSERT INTO round_activities (round_id, activity_id) VALUES (1, 10);";

static int setup(void **state)
{
    return testdb_setup(state, "test_enrol", seed_sql);
}

/* ---- helpers -------------------------------------------------------------------------------- */

static int64_t count(struct db *db, const char *sql)
{
    return db_scalar_int(db, sql, -1);
}

/* A parent's sign-up at NOW with the default maximum of 3. */
static enum enrol_result sign_up(struct db *db, int64_t pupil, int64_t activity,
                                 struct enrol_outcome *out)
{
    struct enrol_request req = {.pupil_id = pupil, .activity_id = activity, .user_id = 20,
                                .max_per_child = 3, .now = NOW};
    return enrol_pupil(db, &req, out);
}

/* Changes whenever an enrolment is added or changes status. */
#define ENROLMENT_DIGEST                                                                           \
    "SELECT count(*) * 100000 + coalesce(sum(id * length(status)), 0) FROM enrolments"

/* The refusal comes back and nothing at all was written. */
static void refused(struct db *db, const struct enrol_request *req, enum enrol_result expected)
{
    int64_t enrolments = count(db, ENROLMENT_DIGEST);
    int64_t history = count(db, "SELECT count(*) FROM enrolment_history");
    int64_t notices = count(db, "SELECT count(*) FROM notifications");
    struct enrol_outcome out;
    assert_int_equal(enrol_pupil(db, req, &out), expected);
    assert_int_equal(count(db, ENROLMENT_DIGEST),
                     enrolments);
    assert_int_equal(count(db, "SELECT count(*) FROM enrolment_history"), history);
    assert_int_equal(count(db, "SELECT count(*) FROM notifications"), notices);
}

static void refused_for_parent(struct db *db, int64_t pupil, int64_t activity,
                               enum enrol_result expected)
{
    struct enrol_request req = {.pupil_id = pupil, .activity_id = activity, .user_id = 20,
                                .max_per_child = 3, .now = NOW};
    refused(db, &req, expected);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void enrolled_while_seats_are_free_then_waiting_in_order(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK);
    assert_false(out.waitlisted);
    assert_int_equal(out.position, 0);
    assert_int_equal(sign_up(f->db, 2, 1, &out), ENROL_OK);
    assert_false(out.waitlisted);
    assert_int_equal(sign_up(f->db, 3, 1, &out), ENROL_OK);
    assert_true(out.waitlisted);
    assert_int_equal(out.position, 1);
    assert_int_equal(sign_up(f->db, 4, 1, &out), ENROL_OK);
    assert_true(out.waitlisted);
    assert_int_equal(out.position, 2);
    assert_int_equal(enrol_position(f->db, out.enrolment_id), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolments WHERE activity_id = 1"
                                  " AND status = 'enrolled'"),
                     2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolment_history"
                                  " WHERE from_status IS NULL"),
                     4);
}

static void each_rule_refuses_and_writes_nothing(void **state)
{
    struct testdb *f = *state;
    refused_for_parent(f->db, 1, 3, ENROL_WRONG_SCHOOL);
    refused_for_parent(f->db, 1, 5, ENROL_WRONG_GRADE);
    refused_for_parent(f->db, 5, 1, ENROL_WRONG_GRADE);
    refused_for_parent(f->db, 1, 6, ENROL_NOT_OPEN_YET);
    refused_for_parent(f->db, 1, 7, ENROL_CLOSED);
    refused_for_parent(f->db, 1, 10, ENROL_IN_ROUND);
    refused_for_parent(f->db, 6, 2, ENROL_NOT_FOUND);
    refused_for_parent(f->db, 1, 999, ENROL_NOT_FOUND);
    refused_for_parent(f->db, 999, 1, ENROL_NOT_FOUND);
    struct enrol_request late = {.pupil_id = 1, .activity_id = 1, .user_id = 20,
                                 .max_per_child = 3, .now = "2026-10-01T00:00"};
    refused(f->db, &late, ENROL_CLOSED);
}

static void coalition_activities_are_open_to_other_schools(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 4, &out), ENROL_OK);
    assert_false(out.waitlisted);
}

static void the_school_may_sign_up_outside_the_window_and_during_a_round(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    struct enrol_request req = {.pupil_id = 1, .activity_id = 6, .user_id = 7, .by_school = true,
                                .max_per_child = 3, .now = NOW};
    assert_int_equal(enrol_pupil(f->db, &req, &out), ENROL_OK);
    req.activity_id = 10;
    assert_int_equal(enrol_pupil(f->db, &req, &out), ENROL_OK);
    /* but not in an activity that is over, nor outside the grades */
    req.activity_id = 7;
    refused(f->db, &req, ENROL_CLOSED);
    req.activity_id = 5;
    refused(f->db, &req, ENROL_WRONG_GRADE);
}

static void twice_is_refused(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK);
    refused_for_parent(f->db, 1, 1, ENROL_ALREADY_ENROLLED);
    assert_int_equal(sign_up(f->db, 2, 1, &out), ENROL_OK);
    assert_int_equal(sign_up(f->db, 3, 1, &out), ENROL_OK);
    assert_true(out.waitlisted);
    refused_for_parent(f->db, 3, 1, ENROL_ALREADY_WAITING);
}

static void overlapping_sessions_are_refused_with_the_other_title(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK);
    refused_for_parent(f->db, 1, 2, ENROL_OVERLAP);
    assert_int_equal(sign_up(f->db, 1, 2, &out), ENROL_OVERLAP);
    assert_string_equal(out.other_title, "Judo");
    /* the page's one-query list agrees: Dans (2) clashes with Judo, nothing else does */
    int64_t listed[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    json_t *clashes = enrol_clashes(f->db, 1, "2026-09-01", listed, 10);
    assert_non_null(clashes);
    assert_int_equal(json_object_size(clashes), 1);
    assert_string_equal(json_string_value(json_object_get(clashes, "2")), "Judo");
    json_decref(clashes);
    /* a cancelled session does not count */
    assert_int_equal(db_exec(f->db, "UPDATE sessions SET cancelled = 1 WHERE activity_id = 2"), 0);
    assert_int_equal(sign_up(f->db, 1, 2, &out), ENROL_OK);
}

/* Sara (1) signed up for Judo (1, 09-08 15:15) and Tekenen (8), with sessions of Dans (2) and
   Tekenen that touch on 09-04 and overlap on 09-06. */
static void sara_in_judo_and_tekenen(struct db *db)
{
    struct enrol_outcome out;
    assert_int_equal(sign_up(db, 1, 1, &out), ENROL_OK);
    assert_int_equal(sign_up(db, 1, 8, &out), ENROL_OK);
    assert_int_equal(
        db_exec(db, "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time)"
                    " VALUES (2, '2026-09-04', '2026-09-04', '16:15', '17:00'),"
                    " (8, '2026-09-04', '2026-09-04', '15:00', '16:15'),"
                    " (2, '2026-09-06', '2026-09-06', '15:00', '15:45'),"
                    " (8, '2026-09-06', '2026-09-06', '15:30', '16:00')"),
        0);
}

/* enrol_clash over several days: the earliest clash names the other activity; sessions that
   only touch (one ends when the other starts), cancelled ones, those before today, and a
   cancelled enrolment do not clash. */
static void the_earliest_clash_is_named(void **state)
{
    struct testdb *f = *state;
    sara_in_judo_and_tekenen(f->db);
    assert_int_equal(
        db_exec(f->db,
                "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time) VALUES"
                " (2, '2026-08-25', '2026-08-25', '15:00', '16:00'),"
                " (1, '2026-08-25', '2026-08-25', '15:00', '16:00')"),
        0);
    char title[ENROL_TITLE_MAX + 1];
    assert_int_equal(enrol_clash(f->db, 1, 2, "2026-09-01", title), 1);
    assert_string_equal(title, "Tekenen"); /* 09-06, before Judo's 09-08; 09-04 only touches */
    assert_int_equal(db_exec(f->db, "UPDATE sessions SET cancelled = 1"
                                    " WHERE activity_id = 8 AND date = '2026-09-06'"),
                     0);
    assert_int_equal(enrol_clash(f->db, 1, 2, "2026-09-01", title), 1);
    assert_string_equal(title, "Judo");
    assert_int_equal(enrol_clash(f->db, 1, 2, "2026-08-20", title), 1); /* 08-25: Judo too */
    assert_string_equal(title, "Judo");
    assert_int_equal(enrol_clash(f->db, 1, 2, "2026-09-09", title), 0); /* all before today */
    assert_int_equal(db_exec(f->db, "UPDATE enrolments SET status = 'cancelled'"
                                    " WHERE pupil_id = 1 AND activity_id = 1"),
                     0);
    assert_int_equal(enrol_clash(f->db, 1, 2, "2026-08-20", title), 0);
    assert_int_equal(enrol_clash(f->db, 2, 2, "2026-08-20", title), 0); /* Daan: none at all */
}

/* The sign-up's clash check passes over an enrolled activity whose sessions all fall on other
   weekdays or at other hours (migrations/0029_session_envelope.sql): a session of it moved onto
   the new activity's day and hour, one added there, and one moved away or removed again are
   each seen at once, and the page's list (which reads every listed activity's sessions) says
   the same. Sara is in Judo, on Mondays in October; Koor has its sessions on Tuesdays. */
static void a_moved_session_is_seen_by_the_clash_check(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK);
    assert_int_equal(
        db_exec(f->db,
                "DELETE FROM sessions WHERE activity_id = 1;" /* Judo only on Mondays */
                "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time) VALUES"
                " (1, '2026-10-05', '2026-10-05', '15:00', '16:00'),"
                " (1, '2026-10-12', '2026-10-12', '15:00', '16:00'),"
                " (4, '2026-10-06', '2026-10-06', '15:00', '16:00'),"
                " (4, '2026-10-13', '2026-10-13', '15:00', '16:00')"),
        0);
    static const struct {
        const char *change;
        int clash;
    } steps[] = {
        {NULL, 0}, /* Mondays against Tuesdays */
        {"UPDATE sessions SET date = '2026-10-13' WHERE activity_id = 1 AND date = '2026-10-12'",
         1},
        {"UPDATE sessions SET start_time = '16:00', end_time = '17:00'"
         " WHERE activity_id = 1 AND date = '2026-10-13'",
         0}, /* it only touches */
        {"INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time)"
         " VALUES (1, '2026-10-06', '2026-10-06', '14:30', '15:30')",
         1},
        {"DELETE FROM sessions WHERE activity_id = 1 AND date = '2026-10-06'", 0},
        {"UPDATE sessions SET activity_id = 1, slot_date = '2026-10-06x'"
         " WHERE activity_id = 4 AND date = '2026-10-06'",
         0}, /* Koor's own session moved to Judo: Koor keeps 10-13, Judo meets it only at 16:00 */
        {"UPDATE sessions SET start_time = '15:30' WHERE activity_id = 1 AND date = '2026-10-13'",
         1},
    };
    int64_t koor = 4;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (steps[i].change)
            assert_int_equal(db_exec(f->db, steps[i].change), 0);
        char title[ENROL_TITLE_MAX + 1];
        int clash = enrol_clash(f->db, 1, koor, "2026-10-01", title);
        if (clash != steps[i].clash)
            fail_msg("step %zu: clash %d, expected %d", i, clash, steps[i].clash);
        json_t *listed = enrol_clashes(f->db, 1, "2026-10-01", &koor, 1);
        assert_int_equal(json_object_size(listed), (size_t)steps[i].clash);
        if (clash)
            assert_string_equal(title, "Judo");
        json_decref(listed);
    }
}

/* The page's list (enrol_clashes) names what a sign-up would be refused with (enrol_clash), for
   every activity listed, on the days of the_earliest_clash_is_named; an activity not listed is
   not looked at, and a pupil without enrolments has no clashes. */
static void the_page_s_clashes_agree_with_the_sign_up(void **state)
{
    struct testdb *f = *state;
    sara_in_judo_and_tekenen(f->db);
    assert_int_equal(
        db_exec(f->db,
                "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time) VALUES"
                " (1, '2026-09-06', '2026-09-06', '15:40', '16:00'),"
                " (3, '2026-09-11', '2026-09-11', '15:30', '16:30'),"
                " (9, '2026-09-11', '2026-09-11', '16:00', '17:00')"),
        0);
    int64_t listed[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const char *todays[] = {"2026-09-01", "2026-09-05", "2026-09-07", "2026-09-09", "2026-09-12"};
    for (size_t d = 0; d < sizeof todays / sizeof *todays; d++) {
        json_t *clashes = enrol_clashes(f->db, 1, todays[d], listed, 10);
        assert_non_null(clashes);
        for (int64_t a = 1; a <= 10; a++) {
            char title[ENROL_TITLE_MAX + 1], key[24];
            snprintf(key, sizeof key, "%lld", (long long)a);
            const char *listed_title = json_string_value(json_object_get(clashes, key));
            if (enrol_clash(f->db, 1, a, todays[d], title) == 1)
                assert_string_equal(listed_title, title);
            else
                assert_null(listed_title);
        }
        json_decref(clashes);
    }
    /* on 09-06 Dans meets both Judo (1) and Tekenen (8): the lowest id */
    json_t *clashes = enrol_clashes(f->db, 1, "2026-09-05", listed, 10);
    assert_string_equal(json_string_value(json_object_get(clashes, "2")), "Judo");
    assert_string_equal(json_string_value(json_object_get(clashes, "3")), "Tekenen");
    json_decref(clashes);
    clashes = enrol_clashes(f->db, 1, "2026-09-01", listed + 2, 2); /* Schaak and Koor only */
    assert_int_equal(json_object_size(clashes), 1);
    assert_non_null(json_object_get(clashes, "3"));
    json_decref(clashes);
    clashes = enrol_clashes(f->db, 2, "2026-09-01", listed, 10); /* Daan: no enrolments */
    assert_int_equal(json_object_size(clashes), 0);
    json_decref(clashes);
    clashes = enrol_clashes(f->db, 1, "2026-09-01", NULL, 0); /* nothing listed */
    assert_int_equal(json_object_size(clashes), 0);
    json_decref(clashes);
    clashes = enrol_clashes(f->db, 99, "2026-09-01", listed, 10); /* no such pupil */
    assert_int_equal(json_object_size(clashes), 0);
    json_decref(clashes);
}

/* A title of 300 characters of two bytes each (as the loader may give) is named whole on the
   page, and cut between characters for the refusal, which stays valid UTF-8. */
static void a_long_title_stays_whole_or_valid(void **state)
{
    struct testdb *f = *state;
    char title[601] = "";
    for (int i = 0; i < 300; i++)
        strcat(title, "é");
    sqlite3_stmt *st = db_stmt(f->db, "UPDATE activities SET title = ?1 WHERE id = 1");
    db_bind_text(st, 1, title);
    assert_int_equal(db_step_done(st), 0);
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK); /* Sara in the long one */
    int64_t listed[] = {2};
    json_t *clashes = enrol_clashes(f->db, 1, "2026-09-01", listed, 1);
    assert_string_equal(json_string_value(json_object_get(clashes, "2")), title);
    json_decref(clashes);
    assert_int_equal(sign_up(f->db, 1, 2, &out), ENROL_OVERLAP);
    size_t n = strlen(out.other_title);
    assert_true(n > 0 && n <= ENROL_TITLE_MAX);
    assert_true(utf8_valid(out.other_title, n));
    assert_memory_equal(out.other_title, title, n);
}

static void the_maximum_per_child_counts_enrolled_and_waiting(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK);
    assert_int_equal(sign_up(f->db, 1, 8, &out), ENROL_OK);
    assert_int_equal(db_exec(f->db, "UPDATE activities SET capacity = 1 WHERE id = 4;"
                                    "INSERT INTO enrolments (pupil_id, activity_id, status,"
                                    " created_at, updated_at) VALUES (2, 4, 'enrolled', 'x', 'x')"),
                     0);
    assert_int_equal(sign_up(f->db, 1, 4, &out), ENROL_OK);
    assert_true(out.waitlisted);
    refused_for_parent(f->db, 1, 9, ENROL_MAX_REACHED);
    assert_int_equal(sign_up(f->db, 1, 9, &out), ENROL_MAX_REACHED);
    assert_int_equal(out.max_per_child, 3);
}

static void cancelling_moves_the_first_waiting_up_at_once(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome sara, daan, noor, mila;
    assert_int_equal(sign_up(f->db, 1, 1, &sara), ENROL_OK);
    assert_int_equal(sign_up(f->db, 2, 1, &daan), ENROL_OK);
    assert_int_equal(sign_up(f->db, 3, 1, &noor), ENROL_OK);
    assert_int_equal(sign_up(f->db, 4, 1, &mila), ENROL_OK);
    int64_t promoted;
    assert_int_equal(enrol_cancel(f->db, daan.enrolment_id, 7, false, &promoted), ENROL_OK);
    assert_int_equal(promoted, noor.enrolment_id);
    assert_int_equal(enrol_position(f->db, noor.enrolment_id), 0);
    assert_int_equal(enrol_position(f->db, mila.enrolment_id), 1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolments WHERE activity_id = 1"
                                  " AND status = 'enrolled'"),
                     2);
    /* the history keeps who, when, from → to */
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolment_history WHERE user_id = 7"
                                  " AND from_status = 'enrolled' AND to_status = 'cancelled'"),
                     1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolment_history WHERE user_id = 7"
                                  " AND from_status = 'waitlisted' AND to_status = 'enrolled'"),
                     1);
    /* leaving the waiting list frees no seat */
    assert_int_equal(enrol_cancel(f->db, mila.enrolment_id, 20, true, &promoted), ENROL_OK);
    assert_int_equal(promoted, 0);
    assert_int_equal(enrol_cancel(f->db, mila.enrolment_id, 20, true, &promoted),
                     ENROL_NOT_ACTIVE);
    assert_int_equal(enrol_cancel(f->db, 999, 20, true, &promoted), ENROL_NOT_FOUND);
}

static void a_cancelled_sign_up_taken_up_again_queues_at_the_end(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome a, b, c, d;
    assert_int_equal(sign_up(f->db, 1, 1, &a), ENROL_OK);
    assert_int_equal(sign_up(f->db, 2, 1, &b), ENROL_OK);
    assert_int_equal(sign_up(f->db, 3, 1, &c), ENROL_OK);
    int64_t promoted;
    assert_int_equal(enrol_cancel(f->db, a.enrolment_id, 20, true, &promoted), ENROL_OK);
    assert_int_equal(promoted, c.enrolment_id);
    assert_int_equal(sign_up(f->db, 4, 1, &d), ENROL_OK);
    assert_true(d.waitlisted);
    assert_int_equal(sign_up(f->db, 1, 1, &a), ENROL_OK);
    assert_true(a.waitlisted);
    assert_int_equal(a.position, 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolment_history WHERE enrolment_id = 1"),
                     3);
}

static void parents_are_told_in_their_language(void **state)
{
    struct testdb *f = *state;
    struct enrol_outcome out;
    assert_int_equal(sign_up(f->db, 2, 1, &out), ENROL_OK);
    assert_int_equal(sign_up(f->db, 3, 1, &out), ENROL_OK);
    assert_int_equal(sign_up(f->db, 1, 1, &out), ENROL_OK); /* Sara waits */
    assert_int_equal(count(f->db, "SELECT count(*) FROM notifications"), 1); /* only Sara has a parent */
    int64_t promoted;
    assert_int_equal(enrol_cancel(f->db, 1, 7, false, &promoted), ENROL_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE user_id = 20"
                                  " AND kind = 'promoted' AND pupil_id = 1 AND activity_id = 1"),
                     1);
    sqlite3_stmt *st = db_stmt(f->db, "SELECT to_email, subject, body FROM outbox"
                                      " ORDER BY id DESC LIMIT 1");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "ouder@test.nl");
    const char *body = db_col_text(st, 2);
    if (!strstr(body, "Sara") || !strstr(body, "Judo") || !strstr(body, "waiting list"))
        fail_msg("the mail is not in English about Sara and Judo:\n%s", body);
    if (!strstr(db_col_text(st, 1), "Sara") || !strstr(db_col_text(st, 1), "Judo") ||
        !strstr(body, "/parent") || !strstr(body, "Dear"))
        fail_msg("the mail's subject (%s) or its own parts are not filled in:\n%s",
                 db_col_text(st, 1), body);
    sqlite3_reset(st);
}

/* A session ahead that is cancelled or moved is news for the parents of the enrolled pupils;
   a correction of one in the past is not. */
static void parents_hear_of_cancelled_and_moved_sessions(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct enrol_outcome out;
    assert_int_equal(sign_up(db, 1, 1, &out), ENROL_OK); /* Sara, whose parent reads English */
    char ahead[11], later[11];
    date_format(date_today() + 14, ahead);
    date_format(date_today() + 15, later);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO sessions (activity_id, slot_date, date, start_time,"
                                   " end_time) VALUES (1, ?1, ?1, '15:15', '16:15')");
    assert_non_null(st);
    db_bind_text(st, 1, ahead);
    assert_int_equal(db_step_done(st), 0);
    int64_t session = sqlite3_last_insert_rowid(db_handle(db));
    int64_t before = count(db, "SELECT count(*) FROM notifications");
    struct problems problems = {0};
    struct session_input moved = {false, later, "15:15", "16:15", "Gymzaal bezet"};
    assert_int_equal(session_save(db, 7, session, &moved, &problems), OUTCOME_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM notifications WHERE user_id = 20"
                               " AND kind = 'session_moved'"),
                     1);
    struct session_input cancelled = {true, later, "15:15", "16:15", "Studiedag"};
    assert_int_equal(session_save(db, 7, session, &cancelled, &problems), OUTCOME_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM notifications WHERE user_id = 20"
                               " AND kind = 'session_cancelled'"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM notifications"), before + 2);
    st = db_stmt(db, "SELECT body FROM outbox ORDER BY id DESC LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    if (!strstr(db_col_text(st, 0), "is cancelled"))
        fail_msg("the mail does not say the session is cancelled:\n%s", db_col_text(st, 0));
    /* It names the child and tells the date in words, not as 2026-09-22. */
    char *words = i18n_day("en", "date.date", date_today() + 15, NULL);
    if (!strstr(db_col_text(st, 0), "Sara has no") || !strstr(db_col_text(st, 0), words) ||
        strstr(db_col_text(st, 0), later))
        fail_msg("the mail does not name Sara and the date (%s) in words:\n%s", words,
                 db_col_text(st, 0));
    free(words);
    sqlite3_reset(st);
    /* the past session of the fixture: a correction, no news */
    int64_t past = count(db, "SELECT id FROM sessions WHERE activity_id = 1"
                             " AND date = '2026-09-08'");
    struct session_input fixed = {true, "2026-09-08", "15:15", "16:15", "Vergeten af te melden"};
    assert_int_equal(session_save(db, 7, past, &fixed, &problems), OUTCOME_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM notifications"), before + 2);
}

static void results_have_message_keys(void **state)
{
    (void)state;
    for (int r = ENROL_NOT_ACTIVE; r <= ENROL_OK; r++) {
        const char *key = enrol_result_key((enum enrol_result)r);
        assert_non_null(strstr(key, "refusal."));
        assert_string_not_equal(i18n_text("nl", key), key);
        assert_string_not_equal(i18n_text("en", key), key);
    }
}

int main(void)
{
    char err[256];
    if (i18n_load("templates/messages", err, sizeof err)) {
        fprintf(stderr, "messages: %s\n", err);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(enrolled_while_seats_are_free_then_waiting_in_order, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(each_rule_refuses_and_writes_nothing, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(coalition_activities_are_open_to_other_schools, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(
            the_school_may_sign_up_outside_the_window_and_during_a_round, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(twice_is_refused, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(the_earliest_clash_is_named, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(a_moved_session_is_seen_by_the_clash_check, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(the_page_s_clashes_agree_with_the_sign_up, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(a_long_title_stays_whole_or_valid, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(overlapping_sessions_are_refused_with_the_other_title,
                                        setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(the_maximum_per_child_counts_enrolled_and_waiting, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(cancelling_moves_the_first_waiting_up_at_once, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(a_cancelled_sign_up_taken_up_again_queues_at_the_end, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(parents_are_told_in_their_language, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(parents_hear_of_cancelled_and_moved_sessions, setup,
                                        testdb_teardown),
        cmocka_unit_test(results_have_message_keys),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    i18n_free();
    return failed;
}
