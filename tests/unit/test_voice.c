/* Tests of issue 15, part 2: interest questionnaires and feedback (domain/quality/voice.c) and
 * their figures in the report (reports_voice.c) on hand-made cases: no answers, an answer
 * outside the period, two answers of one pupil (the latest in the period counts), a pupil who
 * left before the period, an activity without held sessions; codes, expiry and the throttle. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/quality/voice.h"
#include "domain/reports/reports.h"
#include "testdb.h"

#define TODAY "2026-10-31"
#define NOW 1793448000LL /* some moment; the questionnaires' expiry is relative to it */

/* Schools noord (1) and zuid (2); domains sport (1), cultuur (2).
   Pupils: noord 1 Anna Bakker (5A), 2 Anna de Vries (5A), 3 Bram (5A, left 2026-07-15, before
   the period), 4 Cas (6B); zuid 5 Dirk (5A).
   Activities: 1 judo (noord) held 09-01, 2 koor (noord) only 11-10 (no held session),
   3 tekenen (zuid) held 09-03. Anna Bakker and Anna de Vries are enrolled in judo. */
static const char seed_sql[] =
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2);"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, class, left_on)"
    " VALUES (1, 'p1', 1, '1', 'Anna', 'Bakker', 5, '5A', NULL),"
    " (2, 'p2', 1, '2', 'Anna', 'de Vries', 5, '5A', NULL),"
    " (3, 'p3', 1, '3', 'Bram', 'Jansen', 5, '5A', '2026-07-15'),"
    " (4, 'p4', 1, '4', 'Cas', 'Smit', 6, '6B', NULL),"
    " (5, 'p5', 2, '5', 'Dirk', 'Mulder', 5, '5A', NULL);"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2026-09-01', '2026-09-01'),"
    " (2, 'koor', 1, 'Koor', 1, 8, 10, 2, '15:00', '16:00', '2026-11-10', '2026-11-10'),"
    " (3, 'tekenen', 2, 'Tekenen', 1, 8, 10, 4, '15:00', '16:00', '2026-09-03', '2026-09-03');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 2), (3, 2);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:00', '16:00', 0),"
    " (2, 2, '2026-11-10', '2026-11-10', '15:00', '16:00', 0),"
    " (3, 3, '2026-09-03', '2026-09-03', '15:00', '16:00', 0);"
    "INSERT INTO enrolments (pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 'enrolled', '2026-08-01', '2026-08-01'), (2, 1, 'enrolled', '2026-08-01',"
    " '2026-08-01');"
    "INSERT INTO users (id, email, name, role, password_hash, school_id) VALUES"
    " (2, 'noord@x.nl', 'Nina', 'coordinator', 'x', 1);";

static int setup(void **state) { return testdb_setup(state, "test_voice", seed_sql); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

/* ---- helpers -------------------------------------------------------------------------------- */

static void answer(struct db *db, int64_t pupil_id, const char *date, const char *source,
                   const char *d1, const char *d2, int other)
{
    const char *codes[2];
    size_t n = 0;
    if (d1)
        codes[n++] = d1;
    if (d2)
        codes[n++] = d2;
    struct interest_input in = {pupil_id, date, codes, n, other, source};
    struct problems p = {0};
    assert_int_equal(interest_save(db, &in, &p), OUTCOME_OK);
}

/* The coverage JSON of the period (every school). Caller decrefs. */
static json_t *coverage(struct db *db, const char *from, const char *to)
{
    struct report_query q = {.min_sessions = 1, .intensity_hours = 3};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", TODAY);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    json_t *doc = report_json(&rep);
    report_free(&rep);
    return doc;
}

static json_t *school(json_t *doc, size_t index)
{
    return json_array_get(json_object_get(doc, "schools"), index);
}

static json_t *domain_figure(json_t *level, const char *code, const char *name)
{
    return json_object_get(json_object_get(json_object_get(level, "domains"), code), name);
}

static void assert_figure(json_t *value, double expected)
{
    assert_true(json_is_number(value));
    assert_true(json_number_value(value) > expected - 0.001 &&
                json_number_value(value) < expected + 0.001);
}

/* ---- interests ------------------------------------------------------------------------------ */

static void no_answers_give_null_figures(void **state)
{
    json_t *doc = coverage(db_of(state), "2026-08-01", "2027-07-31");
    json_t *noord = school(doc, 0);
    assert_figure(json_object_get(noord, "interest_answered_pct"), 0.0);
    assert_true(json_is_null(domain_figure(noord, "sport", "interest_pct")));
    assert_true(json_is_null(json_object_get(noord, "feedback_score")));
    assert_true(json_is_null(json_object_get(noord, "again_pct")));
    assert_true(json_is_null(domain_figure(json_object_get(doc, "coalition"), "sport",
                                           "interest_pct")));
    json_decref(doc);
}

static void the_latest_answer_in_the_period_counts(void **state)
{
    struct db *db = db_of(state);
    /* Anna Bakker: sport in September, cultuur from her parent in October; outside the period
       (next school year) sport again. Anna de Vries: "iets anders" only. Bram left before the
       period: his answer does not count. */
    answer(db, 1, "2026-09-10", "class", "sport", NULL, 0);
    answer(db, 1, "2026-10-01", "parent", "cultuur", NULL, 0);
    answer(db, 1, "2027-09-10", "class", "sport", NULL, 0);
    answer(db, 2, "2026-09-10", "class", NULL, NULL, 1);
    answer(db, 3, "2026-09-10", "class", "sport", NULL, 0);
    json_t *doc = coverage(db, "2026-08-01", "2027-07-31");
    json_t *noord = school(doc, 0);
    /* Pupils of noord in the period: Anna, Anna, Cas (Bram left before it): 2 of 3. */
    assert_figure(json_object_get(noord, "interest_answered_pct"), 66.7);
    assert_figure(domain_figure(noord, "cultuur", "interest_pct"), 50.0);
    assert_figure(domain_figure(noord, "sport", "interest_pct"), 0.0);
    json_decref(doc);
    /* A period ending before October: the September answer is the latest in it. */
    doc = coverage(db, "2026-08-01", "2026-09-30");
    noord = school(doc, 0);
    assert_figure(domain_figure(noord, "sport", "interest_pct"), 50.0);
    assert_figure(domain_figure(noord, "cultuur", "interest_pct"), 0.0);
    /* Zuid: nobody answered. The coalition: 2 of 4 pupils. */
    assert_true(json_is_null(domain_figure(school(doc, 1), "sport", "interest_pct")));
    assert_figure(json_object_get(json_object_get(doc, "coalition"), "interest_answered_pct"),
                  50.0);
    json_decref(doc);
    /* Only the answer outside the period: nobody answered in that one. */
    doc = coverage(db, "2027-08-01", "2027-08-31");
    assert_figure(json_object_get(school(doc, 0), "interest_answered_pct"), 0.0);
    json_decref(doc);
}

static void answering_again_the_same_day_replaces(void **state)
{
    struct db *db = db_of(state);
    answer(db, 4, "2026-09-10", "class", "sport", "cultuur", 0);
    answer(db, 4, "2026-09-10", "class", "cultuur", NULL, 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM interest_answers", -1), 1);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM interest_answer_domains", -1), 1);
}

static void bad_interest_answers_refuse_and_write_nothing(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    const char *unknown[] = {"dans"};
    const char *twice[] = {"sport", "sport"};
    struct interest_input cases[] = {
        {1, "2026-09-10", NULL, 0, 0, "class"},       /* nothing named */
        {1, "2026-09-10", unknown, 1, 0, "class"},    /* unknown domain */
        {1, "2026-09-10", twice, 2, 0, "class"},      /* a domain twice */
        {1, "2026-13-10", twice, 1, 0, "class"},      /* not a date */
        {1, "2026-09-10", twice, 1, 0, "teacher"},    /* unknown source */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(interest_save(db, &cases[i], &p), OUTCOME_INVALID);
    struct interest_input nobody = {99, "2026-09-10", twice, 1, 0, "class"};
    assert_int_equal(interest_save(db, &nobody, &p), OUTCOME_NOT_FOUND);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM interest_answers", -1), 0);
}

/* ---- feedback ------------------------------------------------------------------------------- */

static void feedback_score_and_again_per_school(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    assert_int_equal(feedback_save(db, 1, 1, "2026-09-01", 3, 1, &p), OUTCOME_OK);
    assert_int_equal(feedback_save(db, 2, 1, "2026-09-01", 2, 0, &p), OUTCOME_OK);
    /* Pupil 1 changes her mind the same day: replaced, not added. */
    assert_int_equal(feedback_save(db, 1, 1, "2026-09-01", 2, 1, &p), OUTCOME_OK);
    /* Koor has no held session: its feedback of the period still counts (its own definition). */
    assert_int_equal(feedback_save(db, 4, 2, "2026-10-01", 1, 0, &p), OUTCOME_OK);
    /* Zuid's feedback lies outside the period asked below. */
    assert_int_equal(feedback_save(db, 5, 3, "2026-09-03", 3, 1, &p), OUTCOME_OK);
    json_t *doc = coverage(db, "2026-08-01", "2027-07-31");
    json_t *noord = school(doc, 0);
    assert_figure(json_object_get(noord, "feedback_score"), 1.7); /* (2 + 2 + 1) / 3 */
    assert_figure(json_object_get(noord, "again_pct"), 33.3);
    assert_figure(json_object_get(school(doc, 1), "feedback_score"), 3.0);
    assert_figure(json_object_get(json_object_get(doc, "coalition"), "feedback_score"), 2.0);
    json_decref(doc);
    doc = coverage(db, "2026-09-05", "2027-07-31");
    assert_true(json_is_null(json_object_get(school(doc, 1), "feedback_score")));
    assert_true(json_is_null(json_object_get(school(doc, 1), "again_pct")));
    assert_figure(json_object_get(school(doc, 0), "feedback_score"), 1.0);
    json_decref(doc);
}

static void bad_feedback_refuses(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    assert_int_equal(feedback_save(db, 1, 1, "2026-09-01", 0, 1, &p), OUTCOME_INVALID);
    assert_int_equal(feedback_save(db, 1, 1, "2026-09-01", 4, 1, &p), OUTCOME_INVALID);
    assert_int_equal(feedback_save(db, 1, 1, "2026-09-01", 2, 2, &p), OUTCOME_INVALID);
    assert_int_equal(feedback_save(db, 1, 1, "gisteren", 2, 1, &p), OUTCOME_INVALID);
    assert_int_equal(feedback_save(db, 1, 99, "2026-09-01", 2, 1, &p), OUTCOME_NOT_FOUND);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM feedback", -1), 0);
}

/* ---- questionnaires ------------------------------------------------------------------------- */

static void codes_normalize(void **state)
{
    (void)state;
    char code[QUESTIONNAIRE_CODE_SIZE];
    assert_int_equal(questionnaire_code_normalize("ab2-c3d", code), 0);
    assert_string_equal(code, "AB2C3D");
    assert_int_equal(questionnaire_code_normalize("AB2C3", code), -1);   /* too short */
    assert_int_equal(questionnaire_code_normalize("AB2C3DE", code), -1); /* too long */
    assert_int_equal(questionnaire_code_normalize("AB0C3D", code), -1);  /* 0: ambiguous */
    assert_int_equal(questionnaire_code_normalize("AB1C3D", code), -1);  /* 1 */
    assert_int_equal(questionnaire_code_normalize("", code), -1);
}

static void an_interest_questionnaire_opens_for_a_group_and_expires(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    char code[QUESTIONNAIRE_CODE_SIZE];
    assert_int_equal(questionnaire_open_interest(db, 2, 1, "7C", 120, TODAY, NOW, &p, code),
                     OUTCOME_INVALID);
    assert_int_equal(questionnaire_open_interest(db, 2, 1, "5A", 0, TODAY, NOW, &p, code),
                     OUTCOME_INVALID);
    assert_int_equal(questionnaire_open_interest(db, 2, 1, "5A", 120, TODAY, NOW, &p, code),
                     OUTCOME_OK);
    assert_int_equal(strlen(code), QUESTIONNAIRE_CODE_LEN);
    struct questionnaire_limits limits = {3, 15};
    struct questionnaire q;
    assert_int_equal(questionnaire_find(db, code, "10.0.0.1", &limits, NOW + 60, &q),
                     QUESTIONNAIRE_FOUND);
    assert_int_equal(q.kind, QUESTIONNAIRE_INTEREST);
    assert_string_equal(q.class_name, "5A");
    assert_string_equal(q.date, TODAY);
    /* Anna (5A) may answer; Cas (6B), Bram (left) and Dirk (zuid's 5A) may not. */
    assert_int_equal(questionnaire_pupil_allowed(db, &q, 1), 1);
    assert_int_equal(questionnaire_pupil_allowed(db, &q, 4), 0);
    assert_int_equal(questionnaire_pupil_allowed(db, &q, 3), 0);
    assert_int_equal(questionnaire_pupil_allowed(db, &q, 5), 0);
    /* After two hours the code opens nothing, and counts as a wrong one. */
    assert_int_equal(questionnaire_find(db, code, "10.0.0.1", &limits, NOW + 7201, &q),
                     QUESTIONNAIRE_WRONG);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM questionnaire_failures", -1), 1);
}

static void wrong_codes_are_throttled_per_address(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    char code[QUESTIONNAIRE_CODE_SIZE];
    assert_int_equal(questionnaire_open_interest(db, 2, 1, "5A", 120, TODAY, NOW, &p, code),
                     OUTCOME_OK);
    struct questionnaire_limits limits = {3, 15};
    struct questionnaire q;
    for (int i = 0; i < 3; i++)
        assert_int_equal(questionnaire_find(db, "ZZZZZZ", "10.0.0.9", &limits, NOW, &q),
                         QUESTIONNAIRE_WRONG);
    /* Now even the right code waits for that address; another address is not hindered. */
    assert_int_equal(questionnaire_find(db, code, "10.0.0.9", &limits, NOW, &q),
                     QUESTIONNAIRE_THROTTLED);
    assert_int_equal(questionnaire_find(db, code, "10.0.0.8", &limits, NOW, &q),
                     QUESTIONNAIRE_FOUND);
    /* After the window it opens again. */
    assert_int_equal(questionnaire_find(db, code, "10.0.0.9", &limits, NOW + 16 * 60, &q),
                     QUESTIONNAIRE_FOUND);
}

static void a_feedback_questionnaire_takes_the_enrolled_pupils(void **state)
{
    struct db *db = db_of(state);
    struct problems p = {0};
    char code[QUESTIONNAIRE_CODE_SIZE];
    /* The koor's session is after today: no feedback yet. */
    assert_int_equal(questionnaire_open_feedback(db, 2, 2, 60, TODAY, NOW, &p, code),
                     OUTCOME_INVALID);
    assert_int_equal(questionnaire_open_feedback(db, 2, 99, 60, TODAY, NOW, &p, code),
                     OUTCOME_NOT_FOUND);
    assert_int_equal(questionnaire_open_feedback(db, 2, 1, 60, TODAY, NOW, &p, code), OUTCOME_OK);
    struct questionnaire_limits limits = {3, 15};
    struct questionnaire q;
    assert_int_equal(questionnaire_find(db, code, "10.0.0.1", &limits, NOW, &q),
                     QUESTIONNAIRE_FOUND);
    assert_int_equal(q.kind, QUESTIONNAIRE_FEEDBACK);
    assert_int_equal(q.activity_id, 1);
    assert_string_equal(q.date, "2026-09-01");
    assert_int_equal(questionnaire_pupil_allowed(db, &q, 2), 1);
    assert_int_equal(questionnaire_pupil_allowed(db, &q, 4), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(no_answers_give_null_figures),
        T(the_latest_answer_in_the_period_counts),
        T(answering_again_the_same_day_replaces),
        T(bad_interest_answers_refuse_and_write_nothing),
        T(feedback_score_and_again_per_school),
        T(bad_feedback_refuses),
        T(codes_normalize),
        T(an_interest_questionnaire_opens_for_a_group_and_expires),
        T(wrong_codes_are_throttled_per_address),
        T(a_feedback_questionnaire_takes_the_enrolled_pupils),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
