/* Tests of src/domain/evaluations.c and src/domain/incidents.c: the evaluation after a session
 * (only for a session that took place: not cancelled and started, to the minute; one per
 * session and author, changed by saving again; each save audited) and incidents (the pupils
 * that may be named, the date not ahead, the severities, text without a BSN, each one audited,
 * never deleted, kept when its session leaves the schedule). Every refusal writes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/quality/evaluations.h"
#include "domain/quality/incidents.h"
#include "util/date.h"
#include "testdb.h"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Judo at school noord with three sessions: 2 Sep (held), 9 Sep (cancelled), 16 Sep 15:00.
   Sara is enrolled, Daan cancelled but was marked present on 2 Sep, Noor is on the waiting
   list, Mila is not in the activity; Zeno's session 4 is of another school's activity. */
static const char SEED[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord'), (2, 'zuid', 'Zuid');"
    "INSERT INTO providers (id, key, name) VALUES (1, 'sport', 'Sport');"
    "INSERT INTO staff (id, key, provider_id, name) VALUES (1, 'anna', 1, 'Anna');"
    "INSERT INTO activities (id, key, school_id, provider_id, title, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2025-09-02', '2026-01-27'),"
    " (2, 'koor', 2, NULL, 'Koor', 1, 8, 10, 2, '15:00', '16:00', '2025-09-02', '2026-01-27');"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2025-09-02', '2025-09-02', '15:00', '16:00', 0),"
    " (2, 1, '2025-09-09', '2025-09-09', '15:00', '16:00', 1),"
    " (3, 1, '2025-09-16', '2025-09-16', '15:00', '16:00', 0),"
    " (4, 2, '2025-09-02', '2025-09-02', '15:00', '16:00', 0);"
    "INSERT INTO users (id, email, name, role, password_hash, school_id, staff_id) VALUES"
    " (1, 'lead@x.nl', 'Lea', 'lead', 'x', NULL, NULL),"
    " (2, 'noord@x.nl', 'Nina', 'coordinator', 'x', 1, NULL),"
    " (3, 'anna@x.nl', 'Anna', 'staff', 'x', NULL, 1);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade) VALUES"
    " (1, 'sara', 1, '1', 'Sara', 'B', 5), (2, 'daan', 1, '2', 'Daan', 'J', 5),"
    " (3, 'noor', 1, '3', 'Noor', 'V', 5), (4, 'mila', 1, '4', 'Mila', 'S', 5),"
    " (5, 'zeno', 2, '5', 'Zeno', 'Z', 5);"
    "INSERT INTO enrolments (pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 'enrolled', 't', 't'), (2, 1, 'cancelled', 't', 't'),"
    " (3, 1, 'waitlisted', 't', 't'), (5, 2, 'enrolled', 't', 't');"
    "INSERT INTO attendance (session_id, pupil_id, status) VALUES (1, 2, 'present');";

#define NOW "2025-09-16T14:00" /* session 1 held, session 3 an hour ahead */

static int db_setup(void **state) { return testdb_setup(state, "test_evaluations", SEED); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

static int64_t count(struct db *db, const char *sql) { return db_scalar_int(db, sql, -1); }

static int32_t day_of(const char *s)
{
    int32_t day;
    if (date_parse(s, &day))
        fail_msg("bad test date %s", s);
    return day;
}

/* Everything the write functions may touch, to prove that nothing changed. */
struct snapshot {
    int64_t evaluations, incidents, incident_pupils, audit, changes;
};

static struct snapshot snap(struct db *db)
{
    return (struct snapshot){count(db, "SELECT count(*) FROM evaluations"),
                             count(db, "SELECT count(*) FROM incidents"),
                             count(db, "SELECT count(*) FROM incident_pupils"),
                             count(db, "SELECT count(*) FROM audit_log"),
                             sqlite3_total_changes(db_handle(db))};
}

static void assert_unchanged(struct db *db, struct snapshot before)
{
    struct snapshot after = snap(db);
    assert_int_equal(after.evaluations, before.evaluations);
    assert_int_equal(after.incidents, before.incidents);
    assert_int_equal(after.incident_pupils, before.incident_pupils);
    assert_int_equal(after.audit, before.audit);
    assert_int_equal(after.changes, before.changes);
}

/* A text of n copies of c (caller frees). */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* ---- evaluations ---------------------------------------------------------------------------- */

static const struct evaluation_input GOOD_EVALUATION = {
    .went_well = "Iedereen deed mee.",
    .to_change = "Eerder beginnen met de warming-up.",
    .as_planned = "partly",
    .note = "",
};

static void session_state_to_the_minute(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(evaluation_session_state(db, 1, NOW), EVALUATION_SESSION_OPEN);
    assert_int_equal(evaluation_session_state(db, 2, NOW), EVALUATION_SESSION_CANCELLED);
    assert_int_equal(evaluation_session_state(db, 3, NOW), EVALUATION_SESSION_FUTURE);
    assert_int_equal(evaluation_session_state(db, 3, "2025-09-16T14:59"),
                     EVALUATION_SESSION_FUTURE);
    assert_int_equal(evaluation_session_state(db, 3, "2025-09-16T15:00"),
                     EVALUATION_SESSION_OPEN);
    assert_int_equal(evaluation_session_state(db, 99, NOW), EVALUATION_SESSION_MISSING);
    assert_null(evaluation_session_refusal(EVALUATION_SESSION_OPEN));
    assert_non_null(strstr(
        testdb_text(evaluation_session_refusal(EVALUATION_SESSION_CANCELLED), NULL), "vervallen"));
    assert_non_null(strstr(testdb_text(evaluation_session_refusal(EVALUATION_SESSION_FUTURE), NULL),
                           "nog niet"));
    assert_string_equal(evaluation_plan_label("yes"), "ja");
    assert_string_equal(evaluation_plan_label("partly"), "gedeeltelijk");
    assert_string_equal(evaluation_plan_label("no"), "nee");
    assert_string_equal(evaluation_plan_label("maybe"), "");
}

static enum outcome save_eval(struct db *db, int64_t user, int64_t session,
                              const struct evaluation_input *in, struct problems *problems,
                              int64_t *id, int *created)
{
    return evaluation_save(db, user, session, in, NOW, problems, id, created);
}

static void one_evaluation_per_session_and_author(void **state)
{
    struct db *db = db_of(state);
    struct problems problems = {.n = 99};
    int64_t id = 0, again = 0;
    int created = 0;
    assert_int_equal(save_eval(db, 3, 1, &GOOD_EVALUATION, &problems, &id, &created),
                     OUTCOME_OK);
    assert_int_equal(problems.n, 0);
    assert_true(id > 0);
    assert_true(created);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'evaluations'"
                               " AND action = 'create' AND user_id = 3"),
                     1);

    struct evaluation_input changed = GOOD_EVALUATION;
    changed.as_planned = "yes";
    changed.note = "Zaal was koud.";
    assert_int_equal(save_eval(db, 3, 1, &changed, &problems, &again, &created),
                     OUTCOME_OK);
    assert_int_equal(again, id);
    assert_false(created);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluations"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluations WHERE as_planned = 'yes'"
                               " AND note = 'Zaal was koud.' AND user_id = 3 AND session_id = 1"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'evaluations'"
                               " AND action = 'update'"),
                     1);

    /* The coordinator writes her own beside it. */
    assert_int_equal(save_eval(db, 2, 1, &GOOD_EVALUATION, &problems, &again, &created),
                     OUTCOME_OK);
    assert_true(again != id);
    assert_true(created);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluations WHERE session_id = 1"), 2);

    /* A session of today becomes open at its start. */
    assert_int_equal(evaluation_save(db, 3, 3, &GOOD_EVALUATION, "2025-09-16T15:00", &problems,
                                     NULL, NULL),
                     OUTCOME_OK);
}

/* save must refuse in with a problem on field (NULL: no problem expected, e.g. a NULL field)
   and result rc, writing nothing. */
static void assert_eval_refused(struct db *db, int64_t session, const struct evaluation_input *in,
                                enum outcome rc, const char *field)
{
    struct problems problems = {0};
    struct snapshot before = snap(db);
    assert_int_equal(save_eval(db, 3, session, in, &problems, NULL, NULL), rc);
    assert_unchanged(db, before);
    if (!field) {
        assert_int_equal(problems.n, 0);
        return;
    }
    assert_true(problems.n >= 1);
    const char *text = testdb_problem_for(&problems, field);
    problems_clear(&problems);
    if (!text)
        fail_msg("no problem for %s", field);
    assert_true(strlen(text) > 0);
}

static void evaluation_refusals_write_nothing(void **state)
{
    struct db *db = db_of(state);
    struct evaluation_input in = GOOD_EVALUATION;
    char *long_text = repeat('a', EVALUATION_TEXT_MAX + 1);
    char *long_note = repeat('b', EVALUATION_NOTE_MAX + 1);

    in.went_well = "";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "went_well");
    in = GOOD_EVALUATION;
    in.to_change = "";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "to_change");
    in = GOOD_EVALUATION;
    in.as_planned = "misschien";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "as_planned");
    in.as_planned = "";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "as_planned");
    in = GOOD_EVALUATION;
    in.went_well = long_text;
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "went_well");
    in = GOOD_EVALUATION;
    in.note = long_note;
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "note");
    in = GOOD_EVALUATION;
    in.to_change = "bel\x07";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "to_change");
    in = GOOD_EVALUATION;
    in.went_well = "ongeldig \xff";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "went_well");
    in = GOOD_EVALUATION;
    in.note = "BSN van Sara: 111222333";
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, "note");

    /* The session itself: cancelled, ahead, or not there. */
    assert_eval_refused(db, 2, &GOOD_EVALUATION, OUTCOME_INVALID, "form");
    assert_eval_refused(db, 3, &GOOD_EVALUATION, OUTCOME_INVALID, "form");
    assert_eval_refused(db, 99, &GOOD_EVALUATION, OUTCOME_NOT_FOUND, NULL);

    /* A field the page refused already (NULL) and a missing author. */
    in = GOOD_EVALUATION;
    in.went_well = NULL;
    assert_eval_refused(db, 1, &in, OUTCOME_INVALID, NULL);
    struct problems problems = {0};
    struct snapshot before = snap(db);
    assert_int_equal(evaluation_save(db, 0, 1, &GOOD_EVALUATION, NOW, &problems, NULL, NULL),
                     OUTCOME_INVALID);
    assert_unchanged(db, before);
    free(long_text);
    free(long_note);
}

static void evaluation_check_reports_every_field(void **state)
{
    struct db *db = db_of(state);
    struct problems problems = {0};
    struct evaluation_input in = {.went_well = "", .to_change = "", .as_planned = "x",
                                  .note = "\x01"};
    int n = evaluation_check(db, 2, &in, NOW, &problems);
    assert_int_equal(n, 5);
    const char *fields[] = {"form", "went_well", "to_change", "as_planned", "note"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(problems.item[i].field, fields[i]);
    /* NULL fields are skipped: only the page's own message is shown for them. */
    struct evaluation_input skipped = {NULL, NULL, NULL, NULL};
    assert_int_equal(evaluation_check(db, 1, &skipped, NOW, &problems), 0);
    assert_int_equal(evaluation_check(db, 99, &GOOD_EVALUATION, NOW, &problems),
                     OUTCOME_NOT_FOUND);
    /* Multi-byte characters count as one: exactly the maximum of "é" is fine. */
    size_t max = EVALUATION_TEXT_MAX;
    char *accents = malloc(max * 2 + 1);
    assert_non_null(accents);
    for (size_t i = 0; i < max; i++)
        memcpy(accents + i * 2, "\xc3\xa9", 2);
    accents[max * 2] = '\0';
    in = GOOD_EVALUATION;
    in.went_well = accents;
    assert_int_equal(evaluation_check(db, 1, &in, NOW, &problems), 0);
    free(accents);
}

/* ---- incidents: free text ------------------------------------------------------------------- */

static void bsn_is_recognised(void **state)
{
    (void)state;
    /* 111222333 passes the eleven test: 9+8+7+12+10+8+9+6-3 = 66. */
    assert_true(text_has_bsn("111222333"));
    assert_true(text_has_bsn("BSN 111222333."));
    assert_true(text_has_bsn("1112.22.333"));
    assert_true(text_has_bsn("nummer 1112 22 333 genoemd"));
    assert_true(text_has_bsn("1112-22-333"));
    assert_true(text_has_bsn("regel een\n111222333"));
    assert_false(text_has_bsn("111222334"));   /* fails the eleven test */
    assert_false(text_has_bsn("1112223330"));  /* ten digits */
    assert_false(text_has_bsn("0111222333"));  /* ten digits */
    assert_false(text_has_bsn("1112.22-333")); /* mixed separators */
    assert_false(text_has_bsn("000000000"));
    assert_false(text_has_bsn("06-12345678"));
    assert_false(text_has_bsn("om 15:30 op 16-09-2025"));
    assert_false(text_has_bsn(""));
    assert_false(text_has_bsn(NULL));

    json_t *ten = json_pack("{si}", "max", 10);
    assert_null(free_text_error("", 10));
    assert_null(free_text_error("gewoon\ttekst\r\nmet regels", 100));
    assert_string_equal(testdb_text(free_text_error("12345678901", 10), ten),
                        "Gebruik hoogstens 10 tekens.");
    assert_string_equal(testdb_text(free_text_error("a\x1b", 10), ten),
                        "Gebruik geen besturingstekens.");
    assert_string_equal(testdb_text(free_text_error("a\x7f", 10), ten),
                        "Gebruik geen besturingstekens.");
    assert_string_equal(testdb_text(free_text_error("\xc3", 10), ten), "Gebruik geldige tekens.");
    assert_non_null(strstr(testdb_text(free_text_error("111222333", 100), ten), "BSN"));
    json_decref(ten);
    assert_string_equal(incident_severity_label("hoog"), "Hoog");
    assert_string_equal(incident_severity_label("extreem"), "");
}

/* ---- incidents: the rules and the writes ---------------------------------------------------- */

static const int64_t SARA_AND_DAAN[] = {1, 2};

static struct incident_input good_incident(void)
{
    return (struct incident_input){
        .what = "Sara viel van de mat.",
        .occurred_on = "2025-09-02",
        .involved = "Een ouder die hielp.",
        .measures = "Gekoeld, ouders gebeld.",
        .severity = "middel",
        .pupil_ids = SARA_AND_DAAN,
        .n_pupils = 2,
    };
}

static void pupils_that_may_be_named(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(incident_pupil_allowed(db, 1, 1), 1); /* enrolled */
    assert_int_equal(incident_pupil_allowed(db, 1, 2), 1); /* marked at this session */
    assert_int_equal(incident_pupil_allowed(db, 3, 2), 0); /* not marked at that one */
    assert_int_equal(incident_pupil_allowed(db, 1, 3), 0); /* waiting list */
    assert_int_equal(incident_pupil_allowed(db, 1, 4), 0); /* not in the activity */
    assert_int_equal(incident_pupil_allowed(db, 1, 5), 0); /* another school's activity */
    assert_int_equal(incident_pupil_allowed(db, 99, 1), 0);
}

static void incident_is_recorded_and_audited(void **state)
{
    struct db *db = db_of(state);
    struct problems problems = {.n = 99};
    struct incident_input in = good_incident();
    int64_t id = 0;
    assert_int_equal(incident_create(db, 3, 1, &in, day_of("2025-09-16"), &problems, &id),
                     OUTCOME_OK);
    assert_int_equal(problems.n, 0);
    assert_true(id > 0);
    assert_int_equal(count(db, "SELECT count(*) FROM incidents WHERE school_id = 1"
                               " AND activity_id = 1 AND session_id = 1 AND reported_by = 3"
                               " AND occurred_on = '2025-09-02' AND severity = 'middel'"
                               " AND involved = 'Een ouder die hielp.'"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM incident_pupils"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'incidents'"
                               " AND action = 'create' AND user_id = 3"),
                     1);

    /* Without pupils or anyone named, dated today, for a session still to come. */
    in.pupil_ids = NULL;
    in.n_pupils = 0;
    in.involved = "";
    in.occurred_on = "2025-09-16";
    in.severity = "hoog";
    assert_int_equal(incident_create(db, 2, 3, &in, day_of("2025-09-16"), &problems, &id),
                     OUTCOME_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM incidents"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM incident_pupils"), 2);
}

static void assert_incident_refused(struct db *db, int64_t session, struct incident_input in,
                                    enum outcome rc, const char *field)
{
    struct problems problems = {0};
    int64_t id = 0;
    struct snapshot before = snap(db);
    assert_int_equal(incident_create(db, 3, session, &in, day_of("2025-09-16"), &problems, &id),
                     rc);
    assert_unchanged(db, before);
    if (!field) {
        assert_int_equal(problems.n, 0);
        return;
    }
    assert_int_equal(problems.n, 1);
    assert_string_equal(problems.item[0].field, field);
    assert_true(strlen(testdb_problem_text(&problems.item[0])) > 0);
    problems_clear(&problems);
}

static void incident_refusals_write_nothing(void **state)
{
    struct db *db = db_of(state);
    struct incident_input in;
    char *long_text = repeat('x', INCIDENT_TEXT_MAX + 1);
    char *long_involved = repeat('y', INCIDENT_INVOLVED_MAX + 1);

#define REFUSE(member, value, field)                                                             \
    do {                                                                                         \
        in = good_incident();                                                                    \
        in.member = value;                                                                       \
        assert_incident_refused(db, 1, in, OUTCOME_INVALID, field);                             \
    } while (0)
    REFUSE(what, "", "what");
    REFUSE(what, long_text, "what");
    REFUSE(what, "Wat \x01", "what");
    REFUSE(measures, "", "measures");
    REFUSE(measures, "BSN 1112.22.333 genoteerd", "measures");
    REFUSE(involved, long_involved, "involved");
    REFUSE(involved, "\xe2\x82", "involved");
    REFUSE(severity, "ernstig", "severity");
    REFUSE(severity, "", "severity");
    REFUSE(occurred_on, "", "occurred_on");
    REFUSE(occurred_on, "2025-02-30", "occurred_on");
    REFUSE(occurred_on, "16-09-2025", "occurred_on");
    REFUSE(occurred_on, "2025-09-17", "occurred_on"); /* tomorrow */
#undef REFUSE

    static const int64_t waitlisted[] = {1, 3}, outsider[] = {4}, other_school[] = {5},
                         twice[] = {1, 1}, unknown[] = {999};
    const struct {
        const int64_t *ids;
        size_t n;
    } bad_pupils[] = {{waitlisted, 2}, {outsider, 1}, {other_school, 1}, {twice, 2}, {unknown, 1}};
    for (size_t i = 0; i < sizeof bad_pupils / sizeof bad_pupils[0]; i++) {
        in = good_incident();
        in.pupil_ids = bad_pupils[i].ids;
        in.n_pupils = bad_pupils[i].n;
        assert_incident_refused(db, 1, in, OUTCOME_INVALID, "pupils");
    }
    int64_t many[INCIDENT_PUPILS_MAX + 1];
    for (size_t i = 0; i < INCIDENT_PUPILS_MAX + 1; i++)
        many[i] = 1;
    in = good_incident();
    in.pupil_ids = many;
    in.n_pupils = INCIDENT_PUPILS_MAX + 1;
    assert_incident_refused(db, 1, in, OUTCOME_INVALID, "pupils");

    /* Daan was marked at session 1 only. */
    in = good_incident();
    in.occurred_on = "2025-09-16";
    assert_incident_refused(db, 3, in, OUTCOME_INVALID, "pupils");

    assert_incident_refused(db, 99, good_incident(), OUTCOME_NOT_FOUND, NULL);
    in = good_incident();
    in.what = NULL; /* refused by the page already */
    assert_incident_refused(db, 1, in, OUTCOME_INVALID, NULL);
    free(long_text);
    free(long_involved);
}

static void incident_check_reports_every_field(void **state)
{
    struct db *db = db_of(state);
    struct problems problems = {0};
    static const int64_t outsider[] = {4};
    struct incident_input in = {.what = "", .occurred_on = "morgen", .involved = "\x02",
                                .measures = "", .severity = "x", .pupil_ids = outsider,
                                .n_pupils = 1};
    assert_int_equal(incident_check(db, 1, &in, day_of("2025-09-16"), &problems), 6);
    const char *fields[] = {"what", "occurred_on", "involved", "measures", "severity", "pupils"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(problems.item[i].field, fields[i]);
    struct incident_input skipped = {0};
    assert_int_equal(incident_check(db, 1, &skipped, day_of("2025-09-16"), &problems), 0);
}

static void incidents_are_never_deleted(void **state)
{
    struct db *db = db_of(state);
    struct problems problems = {0};
    struct incident_input in = good_incident();
    int64_t id = 0;
    assert_int_equal(incident_create(db, 3, 1, &in, day_of("2025-09-16"), &problems, &id),
                     OUTCOME_OK);
    assert_int_equal(evaluation_save(db, 3, 1, &GOOD_EVALUATION, NOW, &problems, NULL, NULL),
                     OUTCOME_OK);

    fprintf(stderr, "(an 'incidents are never deleted' message from the database is expected)\n");
    assert_int_not_equal(db_exec(db, "DELETE FROM incidents"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM incidents"), 1);

    /* A session leaving the schedule takes its evaluations along; the incident stays, with
       its school and activity, and without the session. */
    assert_int_equal(db_exec(db, "DELETE FROM sessions WHERE id = 1"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluations"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM incidents WHERE session_id IS NULL"
                               " AND school_id = 1 AND activity_id = 1"),
                     1);
    /* A pupil who is deleted drops out of the incident's list. */
    assert_int_equal(db_exec(db, "DELETE FROM attendance WHERE pupil_id = 2;"
                                 " DELETE FROM enrolments WHERE pupil_id = 2;"
                                 " DELETE FROM pupils WHERE id = 2"),
                     0);
    assert_int_equal(count(db, "SELECT count(*) FROM incident_pupils"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM incidents"), 1);
}

int main(void)
{
#define DB_TEST(name) cmocka_unit_test_setup_teardown(name, db_setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        DB_TEST(session_state_to_the_minute),
        DB_TEST(one_evaluation_per_session_and_author),
        DB_TEST(evaluation_refusals_write_nothing),
        DB_TEST(evaluation_check_reports_every_field),
        cmocka_unit_test(bsn_is_recognised),
        DB_TEST(pupils_that_may_be_named),
        DB_TEST(incident_is_recorded_and_audited),
        DB_TEST(incident_refusals_write_nothing),
        DB_TEST(incident_check_reports_every_field),
        DB_TEST(incidents_are_never_deleted),
    };
#undef DB_TEST
    return cmocka_run_group_tests(tests, NULL, NULL);
}
