/* Tests of the dashboard's figures beside the coverage report, on a small hand-made coalition:
 * staff (domain/reports_staff.c) — held sessions run by basis- or vakbekwaam staff (cancelled
 * sessions and an activity without staff; the level valid on the session's date: assessed
 * after the session, never assessed, two assessments, a step down, two qualified staff on one
 * session), external staff with a valid VOG (missing, expired,
 * dated after the period, valid through exactly the last day, internal staff not counted,
 * staff of an activity without held sessions not counted, one staff member at two schools
 * counted once for the coalition, vog_valid_years; from a report already computed, one
 * school's equal to the whole one's) — and who is still waiting (domain/reports_waiting.c):
 * pupils on a waiting list now (once however many lists, not for an activity that ended, not
 * after leaving; one school's from its own pupils) and children unplaced after a round closed
 * in the period (still without a seat in the round's activities; a later seat, a pupil who
 * left, a round outside the period and an unallocated round do not count). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_staff.h"
#include "domain/reports/reports_waiting.h"
#include "testdb.h"

/* Schools noord (1), zuid (2), leeg (3). Providers sportpartner (external) and the school
   (internal). Staff: 1 anna (external, vak, VOG 2024-05-01: valid through 2027-04-30),
   2 bob (external, start, VOG 2023-11-01: valid through 2026-10-31 exactly), 3 cas (external,
   basis, no VOG), 4 dirk (internal, start, no VOG), 5 eva (external, basis, VOG 2026-11-15).
   Activities: 1 judo (noord; anna): 3 held, 1 cancelled; 2 koor (noord; bob, dirk): 2 held;
   3 dans (noord; no staff, ended 10-01): 1 held; 4 tekenen (zuid; cas, anna): 2 held;
   5 toneel (zuid; eva): only a session after today.
   Pupils: 1 Sara, 2 Daan, 3 Lars (left 10-01) of noord; 4 Zoe of zuid. Waiting: Sara for judo
   and koor, Daan for dans (ended), Lars for judo (left), Zoe for tekenen. Daan has a seat in
   koor. Rounds: 1 of noord closed 2026-09-01 left n-1, n-2, n-3 and an unknown key unplaced;
   2 of zuid closed 2025-09-01 left z-1 unplaced; 3 of zuid not allocated. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po'), (3, 'leeg', 'Leeg', 'po');"
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sportpartner', 'Sport', 1),"
    " (2, 'school', 'De school', 0);"
    "INSERT INTO staff (id, key, provider_id, name, level, vog_date) VALUES"
    " (1, 'anna', 1, 'Anna', 'vak', '2024-05-01'), (2, 'bob', 1, 'Bob', 'start', '2023-11-01'),"
    " (3, 'cas', 1, 'Cas', 'basis', NULL), (4, 'dirk', 2, 'Dirk', 'start', NULL),"
    " (5, 'eva', 1, 'Eva', 'basis', '2026-11-15');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2026-09-01', '2026-12-31'),"
    " (2, 'koor', 1, 'Koor', 1, 8, 10, 3, '15:00', '16:00', '2026-09-02', '2026-12-31'),"
    " (3, 'dans', 1, 'Dans', 1, 8, 10, 4, '15:00', '16:00', '2026-09-03', '2026-10-01'),"
    " (4, 'tekenen', 2, 'Tekenen', 1, 8, 10, 5, '15:00', '16:00', '2026-09-04', '2026-12-31'),"
    " (5, 'toneel', 2, 'Toneel', 1, 8, 10, 5, '15:00', '16:00', '2026-11-20', '2026-12-31');"
    "INSERT INTO activity_staff (activity_id, staff_id) VALUES (1, 1), (2, 2), (2, 4), (4, 3),"
    " (4, 1), (5, 5);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:00', '16:00', 0),"
    " (2, 1, '2026-09-08', '2026-09-08', '15:00', '16:00', 0),"
    " (3, 1, '2026-09-15', '2026-09-15', '15:00', '16:00', 0),"
    " (4, 1, '2026-09-22', '2026-09-22', '15:00', '16:00', 1),"
    " (5, 2, '2026-09-02', '2026-09-02', '15:00', '16:00', 0),"
    " (6, 2, '2026-09-09', '2026-09-09', '15:00', '16:00', 0),"
    " (7, 3, '2026-09-03', '2026-09-03', '15:00', '16:00', 0),"
    " (8, 4, '2026-09-04', '2026-09-04', '15:00', '16:00', 0),"
    " (9, 4, '2026-09-11', '2026-09-11', '15:00', '16:00', 0),"
    " (10, 5, '2026-11-20', '2026-11-20', '15:00', '16:00', 0);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, priority,"
    " left_on) VALUES (1, 'n-1', 1, '1', 'Sara', 'B', 6, 0, NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'J', 5, 0, NULL),"
    " (3, 'n-3', 1, '3', 'Lars', 'V', 5, 0, '2026-10-01'),"
    " (4, 'z-1', 2, '4', 'Zoe', 'K', 2, 0, NULL);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'waitlisted', '2026-09-01T19:00', '2026-09-01T19:00'),"
    " (2, 1, 2, 'waitlisted', '2026-09-01T19:00', '2026-09-01T19:00'),"
    " (3, 2, 3, 'waitlisted', '2026-09-01T19:00', '2026-09-01T19:00'),"
    " (4, 3, 1, 'waitlisted', '2026-09-01T19:00', '2026-09-01T19:00'),"
    " (5, 4, 4, 'waitlisted', '2026-09-01T19:00', '2026-09-01T19:00'),"
    " (6, 2, 2, 'enrolled', '2026-09-01T19:00', '2026-09-20T19:00');"
    "INSERT INTO rounds (id, key, school_id, opens, closes, closed_at, result) VALUES"
    " (1, 'r-noord', 1, '2026-08-20T19:00', '2026-08-31T23:59', '2026-09-01T12:00',"
    "  '{\"unplaced\": [\"n-1\", \"n-2\", \"n-3\", \"onbekend\"]}'),"
    " (2, 'r-zuid-oud', 2, '2025-08-20T19:00', '2025-08-31T23:59', '2025-09-01T12:00',"
    "  '{\"unplaced\": [\"z-1\"]}'),"
    " (3, 'r-zuid', 2, '2026-12-01T19:00', '2026-12-10T23:59', NULL, NULL);"
    "INSERT INTO round_activities (round_id, activity_id) VALUES (1, 1), (1, 2), (2, 4), (3, 4);"
    /* each staff member's level as one assessment "since always", as migration 0026 did */
    "INSERT INTO staff_levels (staff_id, level, assessed_on)"
    " SELECT id, level, '2000-01-01' FROM staff;";

static int setup(void **state) { return testdb_setup(state, "test_reports_staff", seed_sql); }

static struct report_query query(const char *from, const char *to, const char *today,
                                 int64_t school_id)
{
    struct report_query q = {.school_id = school_id, .min_sessions = 6, .intensity_hours = 20};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", today);
    return q;
}

static void qualified_sessions(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    struct report_staff_set set;
    assert_int_equal(report_staff_compute(t->db, &q, 3, &set), 0);
    const struct report_staff *noord = report_staff_school(&set, 1);
    /* judo 3 (vak), koor 2 (start and internal start), dans 1 (no staff) */
    assert_int_equal(noord->sessions, 6);
    assert_int_equal(noord->qualified_sessions, 3);
    double v = 0;
    assert_true(report_staff_qualified_pct(noord, &v));
    assert_true(v == 50.0);
    const struct report_staff *zuid = report_staff_school(&set, 2);
    assert_int_equal(zuid->sessions, 2); /* toneel's session is after today */
    assert_int_equal(zuid->qualified_sessions, 2);
    assert_int_equal(set.coalition.sessions, 8);
    assert_int_equal(set.coalition.qualified_sessions, 5);
    assert_true(report_staff_qualified_pct(&set.coalition, &v));
    assert_true(v == 62.5);
    const struct report_staff *leeg = report_staff_school(&set, 3);
    assert_int_equal(leeg->sessions, 0);
    assert_false(report_staff_qualified_pct(leeg, &v)); /* no held sessions: no value */
    report_staff_free(&set);
}

static void valid_vogs(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    struct report_staff_set set;
    assert_int_equal(report_staff_compute(t->db, &q, 3, &set), 0);
    double v = 0;
    /* noord: anna and bob (valid through today exactly); dirk is internal */
    const struct report_staff *noord = report_staff_school(&set, 1);
    assert_int_equal(noord->external_staff, 2);
    assert_int_equal(noord->vog_valid, 2);
    /* zuid: cas (no VOG) and anna; eva's activity held nothing yet */
    const struct report_staff *zuid = report_staff_school(&set, 2);
    assert_int_equal(zuid->external_staff, 2);
    assert_int_equal(zuid->vog_valid, 1);
    assert_true(report_vog_valid_pct(zuid, &v));
    assert_true(v == 50.0);
    /* the coalition: anna once */
    assert_int_equal(set.coalition.external_staff, 3);
    assert_int_equal(set.coalition.vog_valid, 2);
    assert_true(report_vog_valid_pct(&set.coalition, &v));
    assert_true(v == 66.7);
    assert_false(report_vog_valid_pct(report_staff_school(&set, 3), &v));
    report_staff_free(&set);

    /* a day later bob's VOG has run out */
    q = query("2026-08-01", "2027-07-31", "2026-11-01", 0);
    assert_int_equal(report_staff_compute(t->db, &q, 3, &set), 0);
    assert_int_equal(report_staff_school(&set, 1)->vog_valid, 1);
    report_staff_free(&set);

    /* valid for one year only: anna's VOG of 2024 ran out too */
    q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    assert_int_equal(report_staff_compute(t->db, &q, 1, &set), 0);
    assert_int_equal(report_staff_school(&set, 1)->vog_valid, 0);
    assert_int_equal(set.coalition.vog_valid, 0);
    report_staff_free(&set);

    /* one school: only its own staff */
    q = query("2026-08-01", "2027-07-31", "2026-10-31", 2);
    assert_int_equal(report_staff_compute(t->db, &q, 3, &set), 0);
    assert_int_equal(report_staff_school(&set, 1)->external_staff, 0);
    assert_int_equal(set.coalition.external_staff, 2);
    assert_int_equal(set.coalition.sessions, 2);
    report_staff_free(&set);
}

static void waiting_now(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    struct report_waiting_set set;
    assert_int_equal(report_waiting_compute(t->db, &q, &set), 0);
    assert_int_equal(report_waiting_school(&set, 1)->waiting, 1); /* Sara, on two lists */
    assert_int_equal(report_waiting_school(&set, 2)->waiting, 1); /* Zoe */
    assert_int_equal(report_waiting_school(&set, 3)->waiting, 0);
    assert_int_equal(set.coalition.waiting, 2);
    report_waiting_free(&set);

    /* one school, read from its own pupils: Sara once */
    q = query("2026-08-01", "2027-07-31", "2026-10-31", 1);
    assert_int_equal(report_waiting_compute(t->db, &q, &set), 0);
    assert_int_equal(set.n_schools, 1);
    assert_int_equal(report_waiting_school(&set, 1)->waiting, 1);
    report_waiting_free(&set);
}

/* The staff figures from a report already computed (the dashboard's way, report_staff_of):
   one school's report gives that school's row of the whole one. */
static void from_the_report(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    struct report_staff_set all, one;
    assert_int_equal(report_staff_compute(t->db, &q, 3, &all), 0);
    for (int64_t school = 1; school <= 3; school++) {
        q.school_id = school;
        struct report rep;
        assert_int_equal(report_compute(t->db, &q, &rep), 0);
        assert_int_equal(report_staff_of(t->db, &rep, 3, &one), 0);
        const struct report_staff *a = report_staff_school(&all, school);
        const struct report_staff *b = report_staff_school(&one, school);
        assert_int_equal(a->sessions, b->sessions);
        assert_int_equal(a->qualified_sessions, b->qualified_sessions);
        assert_int_equal(a->external_staff, b->external_staff);
        assert_int_equal(a->vog_valid, b->vog_valid);
        assert_int_equal(b->sessions, rep.n_schools ? rep.schools[0].totals.sessions : 0);
        report_staff_free(&one);
        report_free(&rep);
    }
    report_staff_free(&all);
}

static void unplaced_after_rounds(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    struct report_waiting_set set;
    assert_int_equal(report_waiting_compute(t->db, &q, &set), 0);
    /* Sara only: Daan has a seat in koor since, Lars left */
    assert_int_equal(report_waiting_school(&set, 1)->unplaced, 1);
    assert_int_equal(report_waiting_school(&set, 2)->unplaced, 0); /* its round is last year's */
    assert_int_equal(set.coalition.unplaced, 1);
    report_waiting_free(&set);

    q = query("2025-08-01", "2026-07-31", "2026-10-31", 0);
    assert_int_equal(report_waiting_compute(t->db, &q, &set), 0);
    assert_int_equal(report_waiting_school(&set, 2)->unplaced, 1);
    assert_int_equal(report_waiting_school(&set, 1)->unplaced, 0);
    report_waiting_free(&set);

    q = query("2026-08-01", "2027-07-31", "2026-10-31", 2); /* one school */
    assert_int_equal(report_waiting_compute(t->db, &q, &set), 0);
    assert_int_equal(set.coalition.unplaced, 0);
    assert_int_equal(set.coalition.waiting, 1);
    report_waiting_free(&set);
}

/* The qualified sessions of noord (judo by anna; koor by bob and dirk, start) and zuid
   (tekenen by cas and anna) for the school year up to 2026-10-31, after running sql. */
static void qualified_after(struct testdb *t, const char *sql, int noord, int zuid)
{
    assert_int_equal(db_exec(t->db, sql), 0);
    struct report_query q = query("2026-08-01", "2027-07-31", "2026-10-31", 0);
    struct report_staff_set set;
    assert_int_equal(report_staff_compute(t->db, &q, 3, &set), 0);
    assert_int_equal(report_staff_school(&set, 1)->sessions, 6);
    assert_int_equal(report_staff_school(&set, 1)->qualified_sessions, noord);
    assert_int_equal(report_staff_school(&set, 2)->qualified_sessions, zuid);
    assert_int_equal(set.coalition.qualified_sessions, noord + zuid);
    report_staff_free(&set);
}

static void level_assessed_after_a_session_does_not_count_for_it(void **state)
{
    /* anna is vak only from 2026-09-10: judo's 09-01 and 09-08 are not run by qualified staff,
       09-15 is; tekenen keeps cas (basis since always) */
    qualified_after(*state,
                    "DELETE FROM staff_levels WHERE staff_id = 1;"
                    "INSERT INTO staff_levels VALUES (1, 'vak', '2026-09-10');",
                    1, 2);
}

static void before_any_assessment_no_level(void **state)
{
    /* anna and cas never assessed: judo and tekenen have no qualified sessions, although
       staff.level still says vak and basis */
    qualified_after(*state, "DELETE FROM staff_levels WHERE staff_id IN (1, 3);", 0, 0);
}

static void two_assessments_the_latest_on_or_before_counts(void **state)
{
    /* anna start since always, vak on 2026-09-08 (a session that day counts); cas basis since
       always, start from 2026-09-05 (a step down): tekenen's 09-04 by cas, 09-11 by anna */
    qualified_after(*state,
                    "UPDATE staff_levels SET level = 'start' WHERE staff_id = 1;"
                    "INSERT INTO staff_levels VALUES (1, 'vak', '2026-09-08');"
                    "INSERT INTO staff_levels VALUES (3, 'start', '2026-09-05');",
                    2, 2);
    /* without anna's vak, tekenen's 09-11 has only cas, start by then */
    qualified_after(*state, "DELETE FROM staff_levels WHERE staff_id = 1 AND level = 'vak';", 0,
                    1);
}

static void a_session_of_two_qualified_staff_counts_once(void **state)
{
    /* tekenen: cas basis and anna vak on both sessions; an assessment inside the period
       splits anna's span without doubling a session */
    qualified_after(*state, "INSERT INTO staff_levels VALUES (1, 'basis', '2026-09-05');", 3, 2);
}

static void spans_of_two_staff_together_cover_the_period(void **state)
{
    /* anna vak until 2026-09-08, start from then (judo keeps only its 09-01); cas start until
       2026-09-08, basis from then: tekenen's two sessions are each run by one of them, the two
       spans meet without a gap (the day a span ends is the day the next one starts) */
    qualified_after(*state,
                    "INSERT INTO staff_levels VALUES (1, 'start', '2026-09-08');"
                    "UPDATE staff_levels SET level = 'start' WHERE staff_id = 3;"
                    "INSERT INTO staff_levels VALUES (3, 'basis', '2026-09-08');",
                    1, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(qualified_sessions, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(valid_vogs, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(waiting_now, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(from_the_report, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(unplaced_after_rounds, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(level_assessed_after_a_session_does_not_count_for_it,
                                        setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(before_any_assessment_no_level, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(two_assessments_the_latest_on_or_before_counts, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(spans_of_two_staff_together_cover_the_period, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(a_session_of_two_qualified_staff_counts_once, setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
