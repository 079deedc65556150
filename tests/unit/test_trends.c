/* Tests of the monthly trends (domain/trends.c) on a small hand-made coalition: the months of
 * a period (partial first and last month, none after today), participants by the register's
 * rule per month (a cancellation after September's sessions, a pupil who left before the
 * activity's sessions, a sign-up on the day of a session, a waiting list that does not count,
 * a mark without an enrolment, an activity of another school open to the coalition), attended
 * minutes (cancelled sessions and sessions after today do not count), one school only, the
 * dashboard's figure set computed on two threads equal to its parts, and —
 * the consistency the dashboard relies on — each month equal to the coverage report over that
 * month, and the months' minutes adding up to the report's over the whole period. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/figures.h"
#include "domain/reports/reports.h"
#include "domain/reports/trends.h"
#include "testdb.h"

#define TODAY "2026-10-31"

/* Schools noord (1) and zuid (2); domain sport.
   1 judo (noord, 60 min): 09-01, 09-08, 10-06, 10-13 cancelled, 11-03 after today.
   2 koor (noord, 45 min): 10-07, 10-14.
   3 tekenen (zuid, open to the coalition, 30 min): 09-03, 10-01.
   Pupils of noord: 1 Sara, 2 Daan, 3 Lars, 4 Noor, 5 Bram (left 09-20); of zuid: 6 Zoe.
   Sara in judo (and in koor from 10-14 17:00, the day of its second session); Daan in judo
   until he cancelled on 09-20; Lars waiting for koor, but with a mark at 10-07 (as a file
   may load); Noor in tekenen of zuid; Bram in koor (he left before its sessions); Zoe in
   tekenen. Marks: Sara judo P P A, P at the cancelled and the future session, koor P on
   10-14; Zoe tekenen P P; Noor tekenen A P; Lars koor P on 10-07. */
static const char seed_sql[] =
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1);"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until, open_to) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2026-09-01', '2026-12-31', 'school'),"
    " (2, 'koor', 1, 'Koor', 1, 8, 10, 3, '14:00', '14:45', '2026-10-07', '2026-12-31', 'school'),"
    " (3, 'tekenen', 2, 'Tekenen', 1, 8, 10, 4, '15:00', '15:30', '2026-09-03', '2026-10-31',"
    "  'coalition');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 1), (3, 1);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:00', '16:00', 0),"
    " (2, 1, '2026-09-08', '2026-09-08', '15:00', '16:00', 0),"
    " (3, 1, '2026-10-06', '2026-10-06', '15:00', '16:00', 0),"
    " (4, 1, '2026-10-13', '2026-10-13', '15:00', '16:00', 1),"
    " (5, 1, '2026-11-03', '2026-11-03', '15:00', '16:00', 0),"
    " (11, 2, '2026-10-07', '2026-10-07', '14:00', '14:45', 0),"
    " (12, 2, '2026-10-14', '2026-10-14', '14:00', '14:45', 0),"
    " (21, 3, '2026-09-03', '2026-09-03', '15:00', '15:30', 0),"
    " (22, 3, '2026-10-01', '2026-10-01', '15:00', '15:30', 0);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, priority,"
    " left_on) VALUES (1, 'n-1', 1, '1', 'Sara', 'B', 6, 0, NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'J', 5, 0, NULL), (3, 'n-3', 1, '3', 'Lars', 'V', 5, 0, NULL),"
    " (4, 'n-4', 1, '4', 'Noor', 'S', 6, 0, NULL),"
    " (5, 'n-5', 1, '5', 'Bram', 'P', 4, 0, '2026-09-20'),"
    " (6, 'z-1', 2, '6', 'Zoe', 'K', 2, 0, NULL);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (2, 2, 1, 'cancelled', '2026-08-20T19:00:00.000', '2026-09-20T10:00:00.000'),"
    " (3, 3, 2, 'waitlisted', '2026-09-01T19:00:00.000', '2026-09-01T19:00:00.000'),"
    " (4, 4, 3, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (5, 5, 2, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (6, 6, 3, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (7, 1, 2, 'enrolled', '2026-10-14T17:00:00.000', '2026-10-14T17:00:00.000');"
    "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at) VALUES"
    " (1, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (2, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (2, 'enrolled', 'cancelled', '2026-09-20T10:00:00.000'),"
    " (3, NULL, 'waitlisted', '2026-09-01T19:00:00.000'),"
    " (4, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (5, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (6, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (7, NULL, 'enrolled', '2026-10-14T17:00:00.000');"
    "INSERT INTO attendance (session_id, pupil_id, status, involvement) VALUES"
    " (1, 1, 'present', NULL), (2, 1, 'present', NULL), (3, 1, 'absent', NULL),"
    " (4, 1, 'present', NULL), (5, 1, 'present', NULL), (12, 1, 'present', NULL),"
    " (21, 6, 'present', NULL), (22, 6, 'present', NULL),"
    " (21, 4, 'absent', NULL), (22, 4, 'present', NULL), (11, 3, 'present', NULL);";

static int setup(void **state) { return testdb_setup(state, "test_trends", seed_sql); }

static struct report_query query(const char *from, const char *to, int64_t school_id)
{
    struct report_query q = {.school_id = school_id, .min_sessions = 6, .intensity_hours = 20};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", TODAY);
    return q;
}

static void months_of_the_period(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-15", "2026-12-31", 0);
    struct trends tr;
    assert_int_equal(trends_compute(t->db, &q, &tr), 0);
    assert_int_equal(tr.n_months, 3); /* August through October: nothing is held after today */
    assert_string_equal(tr.months[0].month, "2026-08");
    assert_string_equal(tr.months[0].first, "2026-08-15");
    assert_string_equal(tr.months[0].last, "2026-08-31");
    assert_string_equal(tr.months[1].first, "2026-09-01");
    assert_string_equal(tr.months[1].last, "2026-09-30");
    assert_string_equal(tr.months[2].month, "2026-10");
    assert_string_equal(tr.months[2].last, TODAY);
    trends_free(&tr);

    q = query("2026-11-01", "2026-12-31", 0); /* wholly after today */
    assert_int_equal(trends_compute(t->db, &q, &tr), 0);
    assert_int_equal(tr.n_months, 0);
    assert_int_equal(tr.n_schools, 2);
    assert_non_null(trends_school(&tr, 1));
    trends_free(&tr);

    q = query("2025-12-10", "2026-01-20", 0); /* across a new year */
    assert_int_equal(trends_compute(t->db, &q, &tr), 0);
    assert_int_equal(tr.n_months, 2);
    assert_string_equal(tr.months[0].month, "2025-12");
    assert_string_equal(tr.months[0].last, "2025-12-31");
    assert_string_equal(tr.months[1].month, "2026-01");
    assert_string_equal(tr.months[1].first, "2026-01-01");
    assert_string_equal(tr.months[1].last, "2026-01-20");
    trends_free(&tr);
}

static void participants_and_minutes_per_month(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-15", "2026-12-31", 0);
    struct trends tr;
    assert_int_equal(trends_compute(t->db, &q, &tr), 0);
    const struct trend_point *noord = trends_school(&tr, 1), *zuid = trends_school(&tr, 2);
    assert_non_null(noord);
    assert_non_null(zuid);
    assert_null(trends_school(&tr, 3));
    /* August: nothing held */
    assert_int_equal(noord[0].participants, 0);
    assert_int_equal(noord[0].minutes, 0);
    /* September: Sara and Daan (judo, before his cancellation), Noor (tekenen of zuid, open to
       the coalition: she counts for noord); Sara 2 × 60 present, Noor absent */
    assert_int_equal(noord[1].participants, 3);
    assert_int_equal(noord[1].minutes, 120);
    /* October: Sara (judo 10-06, absent; koor on the day she signed up, present 45), Noor
       (present 30), Lars (only a mark, present 45); not Daan (cancelled), not Bram (left) */
    assert_int_equal(noord[2].participants, 3);
    assert_int_equal(noord[2].minutes, 120);
    assert_int_equal(zuid[1].participants, 1);
    assert_int_equal(zuid[1].minutes, 30);
    assert_int_equal(zuid[2].participants, 1);
    assert_int_equal(zuid[2].minutes, 30);
    assert_int_equal(tr.coalition[1].participants, 4);
    assert_int_equal(tr.coalition[1].minutes, 150);
    assert_int_equal(tr.coalition[2].participants, 4);
    assert_int_equal(tr.coalition[2].minutes, 150);
    trends_free(&tr);
}

static void one_school_only(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-15", "2026-12-31", 1);
    struct trends tr;
    assert_int_equal(trends_compute(t->db, &q, &tr), 0);
    assert_int_equal(tr.n_schools, 1);
    assert_null(trends_school(&tr, 2));
    const struct trend_point *noord = trends_school(&tr, 1);
    assert_non_null(noord);
    assert_int_equal(noord[1].participants, 3); /* Noor in zuid's open activity still counts */
    assert_int_equal(noord[2].participants, 3);
    assert_int_equal(tr.coalition[2].participants, 3);
    trends_free(&tr);
}

/* The dashboard's figure set (domain/reports/figures.h: the report and its staff figures on
   one thread, the trends and the waiting lists on another) equals its parts computed one
   after the other, for every school and for one; inside the caller's transaction, where no
   second thread may read, as well. */
static void the_figure_set_equals_its_parts(void **state)
{
    struct testdb *t = *state;
    for (int inside = 0; inside < 2; inside++)
        for (int64_t school = 0; school <= 2; school++) {
            struct report_query q = query("2026-08-15", "2026-12-31", school);
            struct report rep;
            struct report_staff_set staff;
            struct report_waiting_set waiting;
            struct trends tr;
            assert_int_equal(report_compute(t->db, &q, &rep), 0);
            assert_int_equal(report_staff_of(t->db, &rep, 3, &staff), 0);
            assert_int_equal(report_waiting_compute(t->db, &q, &waiting), 0);
            assert_int_equal(trends_compute(t->db, &q, &tr), 0);
            if (inside)
                assert_int_equal(db_exec(t->db, "BEGIN"), 0);
            struct report_figures set;
            assert_int_equal(report_figures_compute(t->db, &q, 3, &set), 0);
            if (inside)
                assert_int_equal(db_exec(t->db, "COMMIT"), 0);
            assert_int_equal(set.rep.n_schools, rep.n_schools);
            assert_memory_equal(&set.rep.coalition, &rep.coalition, sizeof rep.coalition);
            for (size_t i = 0; i < rep.n_schools; i++)
                assert_memory_equal(&set.rep.schools[i].totals, &rep.schools[i].totals,
                                    sizeof rep.schools[i].totals);
            assert_memory_equal(&set.staff.coalition, &staff.coalition, sizeof staff.coalition);
            assert_memory_equal(&set.waiting.coalition, &waiting.coalition,
                                sizeof waiting.coalition);
            assert_int_equal(set.trends.n_months, tr.n_months);
            assert_int_equal(set.trends.n_schools, tr.n_schools);
            assert_memory_equal(set.trends.points, tr.points,
                                tr.n_schools * tr.n_months * sizeof *tr.points);
            assert_memory_equal(set.trends.coalition, tr.coalition,
                                tr.n_months * sizeof *tr.coalition);
            report_figures_free(&set);
            trends_free(&tr);
            report_waiting_free(&waiting);
            report_staff_free(&staff);
            report_free(&rep);
        }
}

/* Two periods side by side (report_pair_compute, the progress report's two quarters) give
   what each gives alone, for every school and for one. */
static void a_pair_of_periods_equals_each_alone(void **state)
{
    struct testdb *t = *state;
    for (int64_t school = 0; school <= 2; school++) {
        struct report_query q[2] = {query("2026-10-01", "2026-12-31", school),
                                    query("2026-07-01", "2026-09-30", school)};
        struct report_with_staff pair[2];
        assert_int_equal(report_pair_compute(t->db, &q[0], &q[1], 3, pair), 0);
        for (int k = 0; k < 2; k++) {
            struct report rep;
            struct report_staff_set staff;
            assert_int_equal(report_compute(t->db, &q[k], &rep), 0);
            assert_int_equal(report_staff_of(t->db, &rep, 3, &staff), 0);
            assert_string_equal(pair[k].rep.query.from, q[k].from);
            assert_int_equal(pair[k].rep.n_schools, rep.n_schools);
            assert_memory_equal(&pair[k].rep.coalition, &rep.coalition, sizeof rep.coalition);
            for (size_t i = 0; i < rep.n_schools; i++)
                assert_memory_equal(&pair[k].rep.schools[i].totals, &rep.schools[i].totals,
                                    sizeof rep.schools[i].totals);
            assert_memory_equal(&pair[k].staff.coalition, &staff.coalition,
                                sizeof staff.coalition);
            report_staff_free(&staff);
            report_free(&rep);
            report_with_staff_free(&pair[k]);
        }
    }
}

/* Each month as a period of its own gives the coverage report's participants and minutes,
   and the months' minutes add up to the report's over the whole period. */
static void months_agree_with_the_report(void **state)
{
    struct testdb *t = *state;
    struct report_query q = query("2026-08-15", "2026-12-31", 0);
    struct trends tr;
    assert_int_equal(trends_compute(t->db, &q, &tr), 0);
    struct report whole;
    assert_int_equal(report_compute(t->db, &q, &whole), 0);
    for (size_t i = 0; i < whole.n_schools; i++) {
        const struct report_school *s = &whole.schools[i];
        const struct trend_point *pts = trends_school(&tr, s->id);
        int64_t minutes = 0;
        for (size_t m = 0; m < tr.n_months; m++) {
            minutes += pts[m].minutes;
            struct report_query month = query(tr.months[m].first, tr.months[m].last, 0);
            struct report one;
            assert_int_equal(report_compute(t->db, &month, &one), 0);
            const struct report_school *os = report_school(&one, s->id);
            assert_non_null(os);
            assert_int_equal(pts[m].participants, os->totals.participants);
            assert_int_equal(pts[m].minutes, os->totals.minutes);
            report_free(&one);
        }
        assert_int_equal(minutes, s->totals.minutes);
    }
    assert_int_equal(whole.coalition.participants, 5); /* Sara, Daan, Noor, Lars, Zoe */
    report_free(&whole);
    trends_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(months_of_the_period, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(participants_and_minutes_per_month, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(one_school_only, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(the_figure_set_equals_its_parts, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(a_pair_of_periods_equals_each_alone, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(months_agree_with_the_report, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
