/* Tests of src/domain/reports.c and reports_compute.c: each figure of PRODUCT.md section 5
 * computed on a small hand-made coalition — an activity with exactly min_sessions held
 * sessions and one with one fewer, a holiday inside the period, cancelled sessions and
 * sessions after today (with marks that must not count), a period that cuts an activity in
 * two, waiting-list and cancelled enrolments, a cancellation after the first session (still a
 * participant), a promotion from the waiting list on a session's day, a sign-up after the last
 * held session, pupils who left before and during the period, a participant who never came
 * (0 hours), a school without activities, an activity with two domains, an activity open to
 * the coalition (its participants count for their own school, once per domain for the
 * coalition), one school's report and some activities' figures equal to the whole one's —
 * and the rounding to one decimal, the period's checks and the CSV decimal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports.h"
#include "util/csv.h"
#include "testdb.h"

#define TODAY "2026-10-31"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Domains sport (1), cultuur (2), cognitief (3). Schools noord (1), zuid (2), leeg (3: pupils,
   no activities). Holiday (herfstvakantie) 2026-10-17 – 2026-10-25.
   Activities and their sessions (period 2026-09-01 – 2026-12-31, today 2026-10-31):
   1 Judo (noord, sport, 60 min): 6 held (09-01 … 10-06 weekly), 10-13 cancelled, 11-03 after
     today (both with a mark that must not count) → exactly min_sessions: qualifying.
   2 Koor (noord, cultuur, 45 min): 09-22, 09-29, 10-06, 10-13, 10-27 (no session in the
     holiday) → 5 held: incidental.
   3 Schaak (noord, sport + cognitief, 60 min): 08-25 (before the period, with a mark), then
     09-02 … 10-07 weekly → 6 held in the period.
   4 Tekenen (zuid, cultuur, open to the coalition, 60 min): 09-03 … 10-08 weekly → 6 held.
   Pupils of noord: 1 Sara (6, priority), 2 Daan (5), 3 Noor (5), 4 Mila (6), 5 Lars (3),
   6 Evi (6, left 08-31: before the period), 7 Bram (4, left 09-20), 8 Kees (7), 9 Fenna (4,
   priority); zuid: 10 Zoe (2); leeg: 11, 12 (1 and 2).
   Enrolments: Sara in judo, koor and tekenen; Daan in judo, and waiting for koor until he
   moves up on 10-27 at 10:00 (the day of a session); Noor waiting for judo; Mila enrolled in
   judo on 08-20, cancelled 08-25; Lars in judo (never came: absent every time); Evi in judo;
   Bram in schaak; Kees signed up for judo on 10-20 (no held session after that); Fenna in
   schaak on 08-20, cancelled 09-05 (after the session of 09-02, no marks); Zoe in tekenen. */
static const char seed_sql[] =
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2), (3, 'cognitief', 'Cognitieve ontwikkeling', 3);"
    "INSERT INTO holidays (name, date_from, date_to) VALUES"
    " ('Herfstvakantie', '2026-10-17', '2026-10-25');"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po'), (3, 'leeg', 'Leeg', 'po');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until, open_to) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:15', '16:15', '2026-09-01', '2026-12-31', 'school'),"
    " (2, 'koor', 1, 'Koor', 1, 8, 10, 2, '14:00', '14:45', '2026-09-22', '2026-12-31', 'school'),"
    " (3, 'schaak', 1, 'Schaak', 1, 8, 10, 3, '15:00', '16:00', '2026-08-25', '2026-10-07',"
    "  'school'),"
    " (4, 'tekenen', 2, 'Tekenen', 1, 8, 10, 4, '15:00', '16:00', '2026-09-03', '2026-10-08',"
    "  'coalition');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 2), (3, 1), (3, 3),"
    " (4, 2);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:15', '16:15', 0),"
    " (2, 1, '2026-09-08', '2026-09-08', '15:15', '16:15', 0),"
    " (3, 1, '2026-09-15', '2026-09-15', '15:15', '16:15', 0),"
    " (4, 1, '2026-09-22', '2026-09-22', '15:15', '16:15', 0),"
    " (5, 1, '2026-09-29', '2026-09-29', '15:15', '16:15', 0),"
    " (6, 1, '2026-10-06', '2026-10-06', '15:15', '16:15', 0),"
    " (7, 1, '2026-10-13', '2026-10-13', '15:15', '16:15', 1),"
    " (8, 1, '2026-11-03', '2026-11-03', '15:15', '16:15', 0),"
    " (11, 2, '2026-09-22', '2026-09-22', '14:00', '14:45', 0),"
    " (12, 2, '2026-09-29', '2026-09-29', '14:00', '14:45', 0),"
    " (13, 2, '2026-10-06', '2026-10-06', '14:00', '14:45', 0),"
    " (14, 2, '2026-10-13', '2026-10-13', '14:00', '14:45', 0),"
    " (15, 2, '2026-10-27', '2026-10-27', '14:00', '14:45', 0),"
    " (21, 3, '2026-08-25', '2026-08-25', '15:00', '16:00', 0),"
    " (22, 3, '2026-09-02', '2026-09-02', '15:00', '16:00', 0),"
    " (23, 3, '2026-09-09', '2026-09-09', '15:00', '16:00', 0),"
    " (24, 3, '2026-09-16', '2026-09-16', '15:00', '16:00', 0),"
    " (25, 3, '2026-09-23', '2026-09-23', '15:00', '16:00', 0),"
    " (26, 3, '2026-09-30', '2026-09-30', '15:00', '16:00', 0),"
    " (27, 3, '2026-10-07', '2026-10-07', '15:00', '16:00', 0),"
    " (31, 4, '2026-09-03', '2026-09-03', '15:00', '16:00', 0),"
    " (32, 4, '2026-09-10', '2026-09-10', '15:00', '16:00', 0),"
    " (33, 4, '2026-09-17', '2026-09-17', '15:00', '16:00', 0),"
    " (34, 4, '2026-09-24', '2026-09-24', '15:00', '16:00', 0),"
    " (35, 4, '2026-10-01', '2026-10-01', '15:00', '16:00', 0),"
    " (36, 4, '2026-10-08', '2026-10-08', '15:00', '16:00', 0);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, priority,"
    " left_on) VALUES"
    " (1, 'n-1', 1, '1', 'Sara', 'B', 6, 1, NULL), (2, 'n-2', 1, '2', 'Daan', 'J', 5, 0, NULL),"
    " (3, 'n-3', 1, '3', 'Noor', 'V', 5, 0, NULL), (4, 'n-4', 1, '4', 'Mila', 'S', 6, 0, NULL),"
    " (5, 'n-5', 1, '5', 'Lars', 'B', 3, 0, NULL),"
    " (6, 'n-6', 1, '6', 'Evi', 'M', 6, 0, '2026-08-31'),"
    " (7, 'n-7', 1, '7', 'Bram', 'P', 4, 0, '2026-09-20'),"
    " (8, 'n-8', 1, '8', 'Kees', 'K', 7, 0, NULL), (9, 'n-9', 1, '9', 'Fenna', 'D', 4, 1, NULL),"
    " (10, 'z-1', 2, '10', 'Zoe', 'K', 2, 0, NULL),"
    " (11, 'l-1', 3, '11', 'Ali', 'A', 1, 0, NULL), (12, 'l-2', 3, '12', 'Bo', 'B', 2, 0, NULL);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (2, 1, 2, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (3, 1, 4, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (4, 2, 1, 'enrolled', '2026-08-20T19:01:00.000', '2026-08-20T19:01:00.000'),"
    " (5, 3, 1, 'waitlisted', '2026-08-20T19:02:00.000', '2026-08-20T19:02:00.000'),"
    " (6, 4, 1, 'cancelled', '2026-08-20T19:03:00.000', '2026-08-25T10:00:00.000'),"
    " (7, 5, 1, 'enrolled', '2026-08-20T19:04:00.000', '2026-08-20T19:04:00.000'),"
    " (8, 6, 1, 'enrolled', '2026-08-20T19:05:00.000', '2026-08-20T19:05:00.000'),"
    " (9, 7, 3, 'enrolled', '2026-08-20T19:06:00.000', '2026-08-20T19:06:00.000'),"
    " (10, 8, 1, 'enrolled', '2026-10-20T08:00:00.000', '2026-10-20T08:00:00.000'),"
    " (11, 9, 3, 'cancelled', '2026-08-20T19:07:00.000', '2026-09-05T09:00:00.000'),"
    " (12, 10, 4, 'enrolled', '2026-08-20T19:08:00.000', '2026-08-20T19:08:00.000'),"
    " (13, 2, 2, 'enrolled', '2026-08-20T19:09:00.000', '2026-10-27T10:00:00.000');"
    "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at) VALUES"
    " (1, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (2, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (3, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (4, NULL, 'enrolled', '2026-08-20T19:01:00.000'),"
    " (5, NULL, 'waitlisted', '2026-08-20T19:02:00.000'),"
    " (6, NULL, 'enrolled', '2026-08-20T19:03:00.000'),"
    " (6, 'enrolled', 'cancelled', '2026-08-25T10:00:00.000'),"
    " (7, NULL, 'enrolled', '2026-08-20T19:04:00.000'),"
    " (8, NULL, 'enrolled', '2026-08-20T19:05:00.000'),"
    " (9, NULL, 'enrolled', '2026-08-20T19:06:00.000'),"
    " (10, NULL, 'enrolled', '2026-10-20T08:00:00.000'),"
    " (11, NULL, 'enrolled', '2026-08-20T19:07:00.000'),"
    " (11, 'enrolled', 'cancelled', '2026-09-05T09:00:00.000'),"
    " (12, NULL, 'enrolled', '2026-08-20T19:08:00.000'),"
    " (13, NULL, 'waitlisted', '2026-08-20T19:09:00.000'),"
    " (13, 'waitlisted', 'enrolled', '2026-10-27T10:00:00.000');"
    /* Sara: judo present 6× (involvement 4 and 4) plus marks at the cancelled session and the
       one after today; koor present 5×; tekenen present once. Daan: judo P P P A A E
       (involvement 3), koor present on 10-27. Lars: absent 6×. Bram: schaak present on
       08-25 (before the period) and 09-02, 09-09, 09-16. Zoe: tekenen present 6×
       (involvement 2 once). */
    "INSERT INTO attendance (session_id, pupil_id, status, involvement) VALUES"
    " (1, 1, 'present', 4), (2, 1, 'present', 4), (3, 1, 'present', NULL),"
    " (4, 1, 'present', NULL), (5, 1, 'present', NULL), (6, 1, 'present', NULL),"
    " (7, 1, 'present', 5), (8, 1, 'present', 5),"
    " (11, 1, 'present', NULL), (12, 1, 'present', NULL), (13, 1, 'present', NULL),"
    " (14, 1, 'present', NULL), (15, 1, 'present', NULL), (31, 1, 'present', NULL),"
    " (1, 2, 'present', 3), (2, 2, 'present', NULL), (3, 2, 'present', NULL),"
    " (4, 2, 'absent', NULL), (5, 2, 'absent', NULL), (6, 2, 'excused', NULL),"
    " (15, 2, 'present', NULL),"
    " (1, 5, 'absent', NULL), (2, 5, 'absent', NULL), (3, 5, 'absent', NULL),"
    " (4, 5, 'absent', NULL), (5, 5, 'absent', NULL), (6, 5, 'absent', NULL),"
    " (21, 7, 'present', 1), (22, 7, 'present', NULL), (23, 7, 'present', NULL),"
    " (24, 7, 'present', NULL),"
    " (31, 10, 'present', 2), (32, 10, 'present', NULL), (33, 10, 'present', NULL),"
    " (34, 10, 'present', NULL), (35, 10, 'present', NULL), (36, 10, 'present', NULL);";

static int setup(void **state) { return testdb_setup(state, "test_reports", seed_sql); }

/* ---- helpers -------------------------------------------------------------------------------- */

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

static struct report_query query(const char *from, const char *to)
{
    struct report_query q = {.school_id = 0, .min_sessions = 6, .intensity_hours = 3};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", TODAY);
    return q;
}

static void compute(void **state, const struct report_query *q, struct report *rep)
{
    assert_int_equal(report_compute(db_of(state), q, rep), 0);
}

static const struct report_school *school(const struct report *rep, int64_t id)
{
    const struct report_school *s = report_school(rep, id);
    assert_non_null(s);
    return s;
}

/* The value of a rounded figure; fails when it has none. */
static double value_of(bool has, double value)
{
    assert_true(has);
    return value;
}

#define assert_figure(call, expected)                                                            \
    do {                                                                                         \
        double v_ = -1;                                                                          \
        bool has_ = call;                                                                        \
        assert_true(fabs(value_of(has_, v_) - (expected)) < 1e-9);                               \
    } while (0)
/* The figure helpers write through their last argument: call them with &v_. */

enum { SPORT = 0, CULTUUR = 1, COGNITIEF = 2 };

/* ---- the figures ----------------------------------------------------------------------------- */

/* Judo has exactly min_sessions held sessions (the cancelled one and the one after today do
   not count) and qualifies; Koor has one fewer (a holiday week in between) and does not;
   Schaak counts in both its domains. */
static void qualifying_activities_and_coverage(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    compute(state, &q, &rep);
    assert_string_equal(rep.upto, TODAY);
    assert_int_equal(rep.n_domains, 3);
    const struct report_school *noord = school(&rep, 1);
    assert_int_equal(noord->cells[SPORT].activities, 2);
    assert_int_equal(noord->cells[SPORT].qualifying, 2);
    assert_int_equal(noord->cells[SPORT].sessions, 12);
    assert_int_equal(noord->cells[CULTUUR].activities, 1);
    assert_int_equal(noord->cells[CULTUUR].qualifying, 0);
    assert_int_equal(noord->cells[CULTUUR].sessions, 5);
    assert_int_equal(noord->cells[COGNITIEF].activities, 1);
    assert_int_equal(noord->cells[COGNITIEF].qualifying, 1);
    assert_int_equal(noord->cells[COGNITIEF].sessions, 6);
    assert_int_equal(noord->totals.activities, 3);
    assert_int_equal(noord->totals.qualifying, 2);
    assert_int_equal(noord->totals.sessions, 17);
    assert_int_equal(noord->totals.covered, 2);
    assert_figure(report_coverage_pct(&rep, &noord->totals, &v_), 66.7);
    const struct report_school *zuid = school(&rep, 2);
    assert_int_equal(zuid->totals.covered, 1);
    assert_figure(report_coverage_pct(&rep, &zuid->totals, &v_), 33.3);
    report_free(&rep);

    /* One session more needed: Judo and Schaak no longer qualify. */
    q.min_sessions = 7;
    compute(state, &q, &rep);
    assert_int_equal(school(&rep, 1)->totals.covered, 0);
    assert_int_equal(school(&rep, 1)->cells[SPORT].qualifying, 0);
    report_free(&rep);
}

/* Participants: enrolled on a held session's day (or marked there); waiting lists, a
   cancellation before the period, a sign-up after the last held session and a pupil who left
   before the period do not count; a cancellation after the first session does. */
static void participants_and_reach(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    compute(state, &q, &rep);
    const struct report_school *noord = school(&rep, 1);
    assert_int_equal(noord->totals.pupils, 8);       /* not Evi, who left before */
    assert_int_equal(noord->totals.participants, 5); /* Sara, Daan, Lars, Bram, Fenna */
    assert_figure(report_reach_pct(&noord->totals, &v_), 62.5);
    assert_int_equal(noord->totals.priority_pupils, 2);
    assert_int_equal(noord->totals.priority_participants, 2);
    assert_figure(report_priority_reach_pct(&noord->totals, &v_), 100.0);
    /* Per grade: 3 Lars 1/1, 4 Bram and Fenna 2/2, 5 Daan of Daan and Noor, 6 Sara of Sara and
       Mila, 7 Kees 0/1. */
    assert_int_equal(noord->n_grades, 5);
    const int grades[5][3] = {{3, 1, 1}, {4, 2, 2}, {5, 2, 1}, {6, 2, 1}, {7, 1, 0}};
    for (size_t g = 0; g < 5; g++) {
        assert_int_equal(noord->grades[g].grade, grades[g][0]);
        assert_int_equal(noord->grades[g].pupils, grades[g][1]);
        assert_int_equal(noord->grades[g].participants, grades[g][2]);
    }
    /* Per domain: sport = Judo {Sara, Daan, Lars} + Schaak {Bram, Fenna}; cultuur = Koor
       {Sara, Daan (moved up on a session's day)}; cognitief = Schaak. */
    assert_int_equal(noord->cells[SPORT].participants, 5);
    assert_int_equal(noord->cells[CULTUUR].participants, 2);
    assert_int_equal(noord->cells[COGNITIEF].participants, 2);
    /* Zuid: Zoe is its only pupil; Tekenen also had Sara of noord. */
    const struct report_school *zuid = school(&rep, 2);
    assert_int_equal(zuid->totals.pupils, 1);
    assert_int_equal(zuid->totals.participants, 1);
    assert_int_equal(zuid->cells[CULTUUR].participants, 2);
    /* The coalition counts Sara once in cultuur (Koor and Tekenen). */
    assert_int_equal(rep.coalition.pupils, 11);
    assert_int_equal(rep.coalition.participants, 6);
    assert_int_equal(rep.coalition_cells[CULTUUR].participants, 3);
    assert_int_equal(rep.coalition_cells[SPORT].participants, 5);
    report_free(&rep);
}

/* Hours: only held sessions attended count; one who never came counts 0 in the mean; the
   share with at least intensity_hours (3 here) includes exactly 3 hours. */
static void hours_and_intensity(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    compute(state, &q, &rep);
    const struct report_school *noord = school(&rep, 1);
    /* Sara 6×60 + 5×45 + 60 = 645, Daan 3×60 + 45 = 225, Bram 3×60 = 180, Lars 0, Fenna 0. */
    assert_int_equal(noord->totals.minutes, 1050);
    assert_figure(report_mean_hours(&noord->totals, &v_), 3.5);
    assert_int_equal(noord->totals.intensive, 3);
    assert_figure(report_intensity_pct(&noord->totals, &v_), 60.0);
    /* Per domain, summed over pupils: sport Judo 9×60 + Schaak 3×60, cultuur Koor 6×45. */
    assert_int_equal(noord->cells[SPORT].minutes, 720);
    assert_true(fabs(report_hours(noord->cells[CULTUUR].minutes) - 4.5) < 1e-9);
    assert_int_equal(noord->cells[COGNITIEF].minutes, 180);
    assert_int_equal(school(&rep, 2)->cells[CULTUUR].minutes, 420);
    report_free(&rep);

    q.intensity_hours = 4; /* now only Sara */
    compute(state, &q, &rep);
    assert_figure(report_intensity_pct(&school(&rep, 1)->totals, &v_), 20.0);
    report_free(&rep);
}

/* Attendance and involvement over the marks of held sessions only (not the cancelled one, not
   the one after today, not the one before the period). */
static void attendance_and_involvement(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    compute(state, &q, &rep);
    const struct report_totals *noord = &school(&rep, 1)->totals;
    assert_int_equal(noord->present, 18);
    assert_int_equal(noord->absent, 8);
    assert_int_equal(noord->excused, 1);
    assert_figure(report_attendance_pct(noord, &v_), 66.7);
    assert_int_equal(noord->involvement_n, 3); /* 4, 4 and 3 */
    assert_figure(report_involvement(noord, &v_), 3.7);
    assert_figure(report_attendance_pct(&school(&rep, 2)->totals, &v_), 100.0);
    assert_figure(report_involvement(&school(&rep, 2)->totals, &v_), 2.0);
    report_free(&rep);
}

/* A school without activities: coverage 0, reach 0, and no value where nothing was measured. */
static void a_school_without_activities(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    compute(state, &q, &rep);
    const struct report_school *leeg = school(&rep, 3);
    double v;
    assert_int_equal(leeg->totals.pupils, 2);
    assert_int_equal(leeg->totals.participants, 0);
    assert_figure(report_coverage_pct(&rep, &leeg->totals, &v_), 0.0);
    assert_figure(report_reach_pct(&leeg->totals, &v_), 0.0);
    assert_false(report_mean_hours(&leeg->totals, &v));
    assert_false(report_intensity_pct(&leeg->totals, &v));
    assert_false(report_attendance_pct(&leeg->totals, &v));
    assert_false(report_involvement(&leeg->totals, &v));
    json_t *doc = report_school_json(&rep, leeg);
    assert_true(json_is_null(json_object_get(doc, "attendance_pct")));
    assert_true(json_is_null(json_object_get(doc, "mean_hours")));
    assert_true(json_is_null(json_object_get(doc, "involvement")));
    assert_true(json_is_real(json_object_get(doc, "reach_pct")));
    assert_int_equal(json_array_size(json_object_get(doc, "covered")), 0);
    json_decref(doc);
    report_free(&rep);
}

/* A period that cuts the activities in two: only their held sessions inside it count, so
   nothing qualifies in three weeks; Kees and a later sign-up play no part; after Bram left he
   is no pupil of a later period, and Fenna (cancelled on 09-05) is no participant of it. */
static void a_period_that_cuts_activities(void **state)
{
    struct report_query q = query("2026-09-01", "2026-09-20");
    struct report rep;
    compute(state, &q, &rep);
    const struct report_school *noord = school(&rep, 1);
    assert_int_equal(noord->cells[SPORT].sessions, 6); /* Judo 3, Schaak 3 */
    assert_int_equal(noord->cells[SPORT].qualifying, 0);
    assert_int_equal(noord->cells[CULTUUR].activities, 0); /* Koor starts on 09-22 */
    assert_int_equal(noord->totals.covered, 0);
    assert_int_equal(noord->totals.participants, 5); /* Sara, Daan, Lars, Bram, Fenna */
    report_free(&rep);

    q = query("2026-09-21", "2026-10-31");
    compute(state, &q, &rep);
    noord = school(&rep, 1);
    assert_int_equal(noord->totals.pupils, 7);       /* Bram left on 09-20 */
    assert_int_equal(noord->totals.participants, 3); /* Sara, Daan, Lars */
    assert_int_equal(noord->cells[COGNITIEF].participants, 0);
    assert_int_equal(noord->cells[COGNITIEF].sessions, 3);
    report_free(&rep);
}

/* One school only: the same figures as in the whole report, and no other school. */
static void one_school(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report all, one;
    compute(state, &q, &all);
    q.school_id = 2;
    compute(state, &q, &one);
    assert_int_equal(one.n_schools, 1);
    const struct report_school *a = school(&all, 2), *b = school(&one, 2);
    assert_memory_equal(&a->totals, &b->totals, sizeof a->totals);
    assert_memory_equal(a->cells, b->cells, all.n_domains * sizeof *a->cells);
    q.school_id = 1;
    report_free(&one);
    compute(state, &q, &one);
    assert_memory_equal(&school(&all, 1)->totals, &school(&one, 1)->totals,
                        sizeof a->totals);
    report_free(&one);
    report_free(&all);
}

/* The figures of some activities (report_query.activity_ids, as the activity book asks for
   one page) equal those of the whole computation: Tekenen with a pupil of another school,
   Schaak with a pupil who left during the period; an empty list gives none. */
static void figures_of_some_activities(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report_activity *all, *some;
    size_t n_all, n_some;
    assert_int_equal(report_activities(db_of(state), &q, &all, &n_all), 0);
    assert_int_equal(n_all, 4);
    q.activity_ids = "[4, 3]";
    assert_int_equal(report_activities(db_of(state), &q, &some, &n_some), 0);
    assert_int_equal(n_some, 2);
    assert_memory_equal(&some[0], &all[2], sizeof *some); /* by id: 3, then 4 */
    assert_memory_equal(&some[1], &all[3], sizeof *some);
    assert_int_equal(some[1].participants, 2); /* Sara of noord and Zoe of zuid */
    free(some);
    q.activity_ids = "[]";
    assert_int_equal(report_activities(db_of(state), &q, &some, &n_some), 0);
    assert_int_equal(n_some, 0);
    free(some);
    /* with one school (the book's school filter) as well: its own activity, the same */
    struct report_activity *school;
    size_t n_school;
    q.activity_ids = NULL;
    q.school_id = 1;
    assert_int_equal(report_activities(db_of(state), &q, &school, &n_school), 0);
    q.activity_ids = "[1]";
    assert_int_equal(report_activities(db_of(state), &q, &some, &n_some), 0);
    assert_int_equal(n_some, 1);
    assert_memory_equal(&some[0], &school[0], sizeof *some);
    assert_memory_equal(&some[0], &all[0], sizeof *some);
    free(some);
    free(school);
    free(all);
}

/* An empty database: no schools, no failure. */
static void nothing_at_all(void **state)
{
    char dir[64];
    struct db *db = testdb_open(dir, "test_reports_empty", NULL);
    assert_non_null(db);
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    assert_int_equal(rep.n_schools, 0);
    json_t *doc = report_json(&rep);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 0);
    json_decref(doc);
    report_free(&rep);
    testdb_remove(db, dir);
    (void)state;
}

/* ---- rounding, the period, JSON and CSV ------------------------------------------------------ */

static void rounding_to_one_decimal(void **state)
{
    (void)state;
    assert_figure(report_pct(1, 3, &v_), 33.3);
    assert_figure(report_pct(2, 3, &v_), 66.7);
    assert_figure(report_pct(1, 8, &v_), 12.5);
    assert_figure(report_pct(1, 16, &v_), 6.3); /* 6.25: half away from zero */
    assert_figure(report_pct(49, 400, &v_), 12.3); /* 12.25, which is 12.2499… in binary */
    assert_figure(report_pct(0, 7, &v_), 0.0);
    assert_figure(report_pct(7, 7, &v_), 100.0);
    double v;
    assert_false(report_pct(1, 0, &v));
    assert_true(fabs(report_hours(45) - 0.8) < 1e-9);
    assert_true(fabs(report_hours(3) - 0.1) < 1e-9);
    assert_true(fabs(report_hours(2) - 0.0) < 1e-9);
    struct report_totals t = {.participants = 3, .minutes = 100};
    assert_figure(report_mean_hours(&t, &v_), 0.6); /* 0.5555… */
}

static void the_period(void **state)
{
    (void)state;
    struct report_period p;
    assert_int_equal(report_period_read(NULL, NULL, "2026-12-01", &p), 0);
    assert_string_equal(p.from, "2026-08-01");
    assert_string_equal(p.to, "2027-07-31");
    assert_int_equal(report_period_read("", "", "2026-07-31", &p), 0);
    assert_string_equal(p.from, "2025-08-01");
    assert_int_equal(report_period_read("2026-09-01", "2026-09-01", "2026-12-01", &p), 0);
    assert_int_equal(report_period_read("2026-13-01", NULL, "2026-12-01", &p), -1);
    assert_string_equal(p.field, "from");
    assert_int_equal(report_period_read("2026-02-30", NULL, "2026-12-01", &p), -1);
    assert_int_equal(report_period_read(NULL, "31-07-2027", "2026-12-01", &p), -1);
    assert_string_equal(p.field, "to");
    assert_int_equal(report_period_read("2026-09-02", "2026-09-01", "2026-12-01", &p), -1);
    assert_string_equal(p.field, "to");
    assert_non_null(strstr(testdb_text(p.key, NULL), "voor de begindatum"));
    assert_int_equal(report_period_read("2020-01-01", "2026-01-01", "2026-12-01", &p), -1);
    assert_non_null(strstr(testdb_text(p.key, NULL), "drie jaar"));
}

/* The JSON of PRODUCT.md section 6: numbers (not strings) for figures and hours. */
static void the_json(void **state)
{
    struct report_query q = query("2026-09-01", "2026-12-31");
    struct report rep;
    compute(state, &q, &rep);
    json_t *doc = report_json(&rep);
    assert_string_equal(json_string_value(json_object_get(doc, "from")), "2026-09-01");
    assert_string_equal(json_string_value(json_object_get(doc, "to")), "2026-12-31");
    assert_int_equal(json_integer_value(json_object_get(doc, "min_sessions")), 6);
    json_t *domains = json_object_get(doc, "domains");
    assert_int_equal(json_array_size(domains), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(domains, 0), "code")),
                        "sport");
    json_t *schools = json_object_get(doc, "schools");
    assert_int_equal(json_array_size(schools), 3); /* by name: Leeg, Noord, Zuid */
    json_t *noord = json_array_get(schools, 1);
    assert_string_equal(json_string_value(json_object_get(noord, "key")), "noord");
    json_t *covered = json_object_get(noord, "covered");
    assert_int_equal(json_array_size(covered), 2);
    assert_string_equal(json_string_value(json_array_get(covered, 0)), "sport");
    assert_string_equal(json_string_value(json_array_get(covered, 1)), "cognitief");
    assert_true(fabs(json_real_value(json_object_get(noord, "coverage_pct")) - 66.7) < 1e-9);
    assert_int_equal(json_integer_value(json_object_get(noord, "pupils")), 8);
    assert_int_equal(json_integer_value(json_object_get(noord, "participants")), 5);
    assert_true(fabs(json_real_value(json_object_get(noord, "reach_pct")) - 62.5) < 1e-9);
    assert_true(fabs(json_real_value(json_object_get(noord, "attendance_pct")) - 66.7) < 1e-9);
    assert_true(fabs(json_real_value(json_object_get(noord, "mean_hours")) - 3.5) < 1e-9);
    assert_true(fabs(json_real_value(json_object_get(noord, "involvement")) - 3.7) < 1e-9);
    json_t *cultuur = json_object_get(json_object_get(noord, "domains"), "cultuur");
    assert_int_equal(json_integer_value(json_object_get(cultuur, "activities")), 1);
    assert_int_equal(json_integer_value(json_object_get(cultuur, "qualifying")), 0);
    assert_int_equal(json_integer_value(json_object_get(cultuur, "sessions")), 5);
    assert_int_equal(json_integer_value(json_object_get(cultuur, "participants")), 2);
    assert_true(json_is_real(json_object_get(cultuur, "hours")));
    assert_true(fabs(json_real_value(json_object_get(cultuur, "hours")) - 4.5) < 1e-9);
    json_t *coalition = json_object_get(doc, "coalition");
    assert_non_null(coalition);
    assert_int_equal(json_integer_value(json_object_get(coalition, "participants")), 6);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
    assert_non_null(strstr(text, "\"coverage_pct\":66.7,"));
    free(text);
    json_decref(doc);
    report_free(&rep);
}

static void csv_decimal_comma(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    csv_decimal(&b, 0, 33.3);
    csv_decimal(&b, 1, 100.0);
    csv_decimal(&b, 2, 0.0);
    csv_decimal(&b, 3, -0.04);
    csv_end_row(&b);
    assert_string_equal(b.data, "33,3;100,0;0,0;0,0\r\n");
    buf_free(&b);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(qualifying_activities_and_coverage),
        T(participants_and_reach),
        T(hours_and_intensity),
        T(attendance_and_involvement),
        T(a_school_without_activities),
        T(a_period_that_cuts_activities),
        T(one_school),
        T(figures_of_some_activities),
        T(the_json),
        cmocka_unit_test(nothing_at_all),
        cmocka_unit_test(rounding_to_one_decimal),
        cmocka_unit_test(the_period),
        cmocka_unit_test(csv_decimal_comma),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
