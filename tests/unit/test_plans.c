/* Tests of issue 15, parts 1 and 3: the activity plan's questions and answers
 * (domain/quality/plans.c), visits (visits.c), and their figures in the report
 * (reports_quality.c) on hand-made cases: no answers at all, a required answer missing, an
 * activity without a held session in the period, no required questions, a visit outside the
 * period, two visits of one activity; and that the rule's C form and SQL form agree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/quality/plans.h"
#include "domain/quality/plans_read.h"
#include "domain/quality/visits.h"
#include "domain/quality/visits_read.h"
#include "domain/reports/reports.h"
#include "testdb.h"

#define TODAY "2026-10-31"
#define NOW "2026-10-31T12:00"

/* Schools noord (1) and zuid (2); domain sport. Activities and sessions:
   1 judo (noord): 09-01 and 09-08 held.
   2 koor (noord): only 11-10 (after today): no held session in the period.
   3 dans (noord): 09-02 held, 09-09 cancelled.
   4 tekenen (zuid): 09-03 held.
   The migration's default questions: 6, of which 5 required (ids 1-5), 6 optional. */
static const char seed_sql[] =
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1);"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2026-09-01', '2026-09-08'),"
    " (2, 'koor', 1, 'Koor', 1, 8, 10, 2, '15:00', '16:00', '2026-11-10', '2026-11-10'),"
    " (3, 'dans', 1, 'Dans', 1, 8, 10, 3, '15:00', '16:00', '2026-09-02', '2026-09-09'),"
    " (4, 'tekenen', 2, 'Tekenen', 1, 8, 10, 4, '15:00', '16:00', '2026-09-03', '2026-09-03');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 1), (3, 1), (4, 1);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:00', '16:00', 0),"
    " (2, 1, '2026-09-08', '2026-09-08', '15:00', '16:00', 0),"
    " (3, 2, '2026-11-10', '2026-11-10', '15:00', '16:00', 0),"
    " (4, 3, '2026-09-02', '2026-09-02', '15:00', '16:00', 0),"
    " (5, 3, '2026-09-09', '2026-09-09', '15:00', '16:00', 1),"
    " (6, 4, '2026-09-03', '2026-09-03', '15:00', '16:00', 0);"
    "INSERT INTO users (id, email, name, role, password_hash, school_id) VALUES"
    " (1, 'lead@x.nl', 'Lea', 'lead', 'x', NULL), (2, 'noord@x.nl', 'Nina', 'coordinator', 'x', 1);";

static int setup(void **state) { return testdb_setup(state, "test_plans", seed_sql); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

/* ---- helpers -------------------------------------------------------------------------------- */

/* Answer the required questions 1-5 of activity_id, all but skip (0: none). */
static void answer_required(struct db *db, int64_t activity_id, int64_t skip)
{
    struct plan_answer_input in[5];
    size_t n = 0;
    for (int64_t q = 1; q <= 5; q++)
        if (q != skip)
            in[n++] = (struct plan_answer_input){q, "Een antwoord."};
    struct problems p = {0};
    assert_int_equal(plan_answers_save(db, 2, activity_id, in, n, &p), OUTCOME_OK);
}

static struct report_query query(const char *from, const char *to)
{
    struct report_query q = {.min_sessions = 6, .intensity_hours = 3};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", TODAY);
    return q;
}

/* The report's totals of school_id for the period (school_only: a report of that school). */
static struct report_totals totals(struct db *db, const char *from, const char *to,
                                   int64_t school_id, bool school_only)
{
    struct report_query q = query(from, to);
    q.school_id = school_only ? school_id : 0;
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    const struct report_school *s = report_school(&rep, school_id);
    assert_non_null(s);
    struct report_totals t = s->totals;
    report_free(&rep);
    return t;
}

/* The activities PLAN_COMPLETE_SQL names, as a bit set by id (1-4). */
static unsigned complete_by_sql(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, PLAN_COMPLETE_SQL("1"));
    assert_non_null(st);
    unsigned set = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        set |= 1u << sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return set;
}

/* The same by the C form, over read_activity_plan. */
static unsigned complete_by_c(struct db *db)
{
    unsigned set = 0;
    for (int64_t a = 1; a <= 4; a++) {
        json_t *plan = read_activity_plan(db, a);
        assert_non_null(plan);
        if (plan_open_required(plan) == 0)
            set |= 1u << a;
        json_decref(plan);
    }
    return set;
}

/* ---- plans_complete ------------------------------------------------------------------------- */

static void no_answers_no_complete_plan(void **state)
{
    struct db *db = db_of(state);
    json_t *plan = read_activity_plan(db, 1);
    assert_int_equal(json_array_size(plan), 6);
    assert_int_equal(plan_open_required(plan), 5);
    json_decref(plan);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 1, false).plans_complete, 0);
    assert_int_equal(complete_by_sql(db), 0);
}

/* Judo complete; dans misses one required answer (the optional one does not matter); koor is
   complete but held no session in the period; tekenen is another school's. */
static void complete_plans_of_the_period_count(void **state)
{
    struct db *db = db_of(state);
    answer_required(db, 1, 0);
    answer_required(db, 3, 2);
    answer_required(db, 2, 0);
    struct plan_answer_input optional = {6, "Met de groepsleerkracht."};
    struct problems p = {0};
    assert_int_equal(plan_answers_save(db, 2, 3, &optional, 1, &p), OUTCOME_OK);
    struct report_totals noord = totals(db, "2026-08-01", "2027-07-31", 1, false);
    assert_int_equal(noord.activities, 2);
    assert_int_equal(noord.plans_complete, 1);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 1, true).plans_complete, 1);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 2, false).plans_complete, 0);
    /* A period before judo's sessions: nothing of the period. */
    assert_int_equal(totals(db, "2026-08-01", "2026-08-31", 1, false).plans_complete, 0);
    /* The C form and the SQL form agree: judo and koor. */
    assert_int_equal(complete_by_sql(db), (1u << 1) | (1u << 2));
    assert_int_equal(complete_by_c(db), complete_by_sql(db));
}

/* Without required questions every activity of the period has a complete plan. */
static void without_required_questions_every_plan_is_complete(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(db_exec(db, "UPDATE plan_questions SET required = 0"), 0);
    assert_int_equal(plan_required_count(db), 0);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 1, false).plans_complete, 2);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 2, false).plans_complete, 1);
    assert_int_equal(complete_by_c(db), 0x1e);
}

/* ---- answers -------------------------------------------------------------------------------- */

static void an_emptied_answer_is_deleted(void **state)
{
    struct db *db = db_of(state);
    answer_required(db, 1, 0);
    struct plan_answer_input clear = {3, ""};
    struct problems p = {0};
    assert_int_equal(plan_answers_save(db, 2, 1, &clear, 1, &p), OUTCOME_OK);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM activity_plan_answers", -1), 4);
    json_t *plan = read_activity_plan(db, 1);
    assert_int_equal(plan_open_required(plan), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(plan, 0), "by")), "Nina");
    json_decref(plan);
}

static void bad_answers_refuse_and_write_nothing(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    struct plan_answer_input bsn[] = {{1, "Goed doel."}, {2, "BSN van Sara: 111222333"}};
    assert_int_equal(plan_answers_save(db, 2, 1, bsn, 2, &p), OUTCOME_INVALID);
    assert_int_equal(p.item[0].row, 2);
    assert_string_equal(p.item[0].key, "problem.text_bsn");
    problems_clear(&p);
    struct plan_answer_input gone[] = {{1, "Goed doel."}, {99, "x"}};
    assert_int_equal(plan_answers_save(db, 2, 1, gone, 2, &p), OUTCOME_INVALID);
    assert_non_null(testdb_problem_for(&p, "form"));
    problems_clear(&p);
    char long_text[PLAN_ANSWER_MAX + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    struct plan_answer_input too_long = {1, long_text};
    assert_int_equal(plan_answers_save(db, 2, 1, &too_long, 1, &p), OUTCOME_INVALID);
    problems_clear(&p);
    struct plan_answer_input fine = {1, "x"};
    assert_int_equal(plan_answers_save(db, 2, 77, &fine, 1, &p), OUTCOME_NOT_FOUND);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM activity_plan_answers", -1), 0);
}

/* ---- questions ------------------------------------------------------------------------------ */

static void questions_are_added_moved_and_removed(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    struct plan_question_input empty = {"", "", true};
    assert_int_equal(plan_question_create(db, 1, &empty, &p, NULL), OUTCOME_INVALID);
    assert_string_equal(p.item[0].key, "problem.plan_question_missing");
    problems_clear(&p);
    struct plan_question_input in = {"Wie is het aanspreekpunt?", "", true};
    int64_t id = 0;
    assert_int_equal(plan_question_create(db, 1, &in, &p, &id), OUTCOME_OK);
    json_t *q = NULL;
    assert_int_equal(read_plan_question(db, id, &q), 1);
    assert_int_equal(json_integer_value(json_object_get(q, "position")), 7);
    assert_string_equal(json_string_value(json_object_get(q, "key")), "vraag-7");
    json_decref(q);
    assert_int_equal(plan_question_move(db, 1, id, true), OUTCOME_OK);
    assert_int_equal(db_int(db, "SELECT position FROM plan_questions WHERE id = ?1", id, 0, -1),
                     6);
    assert_int_equal(db_int(db, "SELECT position FROM plan_questions WHERE id = ?1", 6, 0, -1),
                     7);
    assert_int_equal(plan_question_move(db, 1, 1, true), OUTCOME_OK); /* at the top already */
    answer_required(db, 1, 0);
    assert_int_equal(plan_question_delete(db, 1, 1), OUTCOME_OK);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM activity_plan_answers", -1), 4);
    assert_int_equal(plan_question_delete(db, 1, 1), OUTCOME_NOT_FOUND);
    struct plan_question_input changed = {"Nieuw", "Hulp", false};
    assert_int_equal(plan_question_update(db, 1, 2, &changed, &p), OUTCOME_OK);
    assert_int_equal(plan_required_count(db), 4); /* 5 required less the removed and changed */
}

/* ---- visits --------------------------------------------------------------------------------- */

static struct visit_input visit(const char *goal, int involvement)
{
    return (struct visit_input){
        .ratings = {goal, "voldoende", "nvt", "goed", "onvoldoende"},
        .involvement = involvement,
        .note = "",
    };
}

static void visits_refuse_what_the_form_refuses(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    struct visit_input in = visit("goed", 4);
    assert_int_equal(visit_save(db, 2, 3, &in, NOW, &p, NULL), OUTCOME_INVALID); /* future */
    assert_string_equal(testdb_problem_for(&p, "form"),
                        testdb_text("problem.visit_future", NULL));
    assert_int_equal(visit_save(db, 2, 5, &in, NOW, &p, NULL), OUTCOME_INVALID); /* cancelled */
    assert_non_null(testdb_problem_for(&p, "form"));
    struct visit_input bad = visit("slecht", 6);
    assert_int_equal(visit_save(db, 2, 1, &bad, NOW, &p, NULL), OUTCOME_INVALID);
    assert_non_null(testdb_problem_for(&p, "goal"));
    assert_non_null(testdb_problem_for(&p, "involvement"));
    assert_int_equal(visit_save(db, 2, 99, &in, NOW, &p, NULL), OUTCOME_NOT_FOUND);
    problems_clear(&p);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM visits", -1), 0);
}

static void one_visit_per_session_and_visitor(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    struct visit_input in = visit("goed", 0);
    int created = 0;
    assert_int_equal(visit_save(db, 2, 1, &in, NOW, &p, &created), OUTCOME_OK);
    assert_true(created);
    in = visit("onvoldoende", 2);
    assert_int_equal(visit_save(db, 2, 1, &in, NOW, &p, &created), OUTCOME_OK);
    assert_false(created);
    json_t *v = NULL;
    assert_int_equal(read_own_visit(db, 1, 2, &v), 1);
    assert_string_equal(json_string_value(json_object_get(v, "goal")), "onvoldoende");
    assert_int_equal(json_integer_value(json_object_get(v, "involvement")), 2);
    json_decref(v);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM visits", -1), 1);
}

/* Judo visited twice (two sessions, two visitors): once. Dans visited on 09-02 and tekenen on
   09-03: outside a period from 09-05. */
static void visited_activities_count_each_activity_once(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    struct visit_input in = visit("goed", 4);
    assert_int_equal(visit_save(db, 2, 1, &in, NOW, &p, NULL), OUTCOME_OK);
    assert_int_equal(visit_save(db, 1, 2, &in, NOW, &p, NULL), OUTCOME_OK);
    assert_int_equal(visit_save(db, 2, 4, &in, NOW, &p, NULL), OUTCOME_OK);
    assert_int_equal(visit_save(db, 1, 6, &in, NOW, &p, NULL), OUTCOME_OK);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 1, false).visited_activities, 2);
    assert_int_equal(totals(db, "2026-09-05", "2027-07-31", 1, false).visited_activities, 1);
    assert_int_equal(totals(db, "2026-09-05", "2027-07-31", 1, true).visited_activities, 1);
    assert_int_equal(totals(db, "2026-09-05", "2027-07-31", 2, false).visited_activities, 0);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 2, false).visited_activities, 1);
    json_t *visits = read_activity_visits(db, 1);
    assert_int_equal(json_array_size(visits), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(visits, 0), "date")),
                        "2026-09-08");
    json_decref(visits);
    /* The coalition sums the schools. */
    struct report_query q = query("2026-08-01", "2027-07-31");
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    assert_int_equal(rep.coalition.visited_activities, 3);
    json_t *doc = report_json(&rep);
    json_t *noord = json_array_get(json_object_get(doc, "schools"), 0);
    assert_int_equal(json_integer_value(json_object_get(noord, "visited_activities")), 2);
    assert_non_null(json_object_get(noord, "plans_complete"));
    json_decref(doc);
    report_free(&rep);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(no_answers_no_complete_plan),
        T(complete_plans_of_the_period_count),
        T(without_required_questions_every_plan_is_complete),
        T(an_emptied_answer_is_deleted),
        T(bad_answers_refuse_and_write_nothing),
        T(questions_are_added_moved_and_removed),
        T(visits_refuse_what_the_form_refuses),
        T(one_visit_per_session_and_visitor),
        T(visited_activities_count_each_activity_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
