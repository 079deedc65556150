/* Tests of domain/enrolment/eligibility.h, the one home of "who may sign up for an activity":
 * on a grid of cases (own school, another school's, another school's open to the coalition;
 * grade below, at either end of, inside and above the range; no sign-up window, before, at
 * the opening, inside, at the close and after it; ended yesterday, ending today, running;
 * the pupil not left, left before, on or after today) the SQL fragments that queries use
 * answer what the C checks of enrol.c answer, for a parent and for the school. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/eligibility.h"
#include "testdb.h"

#define NOW "2026-09-01T12:00"
#define TODAY "2026-09-01"

/* Activity 1 and pupil 1 are rewritten for each case; schools 1 and 2. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord'), (2, 'zuid', 'Zuid');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'a1', 1, 'Een', 4, 6, 5, 1, '15:00', '16:00', '2026-01-01', '2027-06-30');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade)"
    " VALUES (1, 'p1', 1, '1', 'Sara', 'Bakker', 5);";

struct place {
    int64_t school;
    const char *open_to;
};
static const struct place places[] = {{1, "school"}, {2, "school"}, {2, "coalition"}};
static const int grades[] = {3, 4, 5, 6, 7}; /* the range is 4–6 */
static const char *const windows[][2] = {
    {NULL, NULL},
    {"2026-08-20T19:00", "2026-09-30T23:59"}, /* inside */
    {"2026-09-01T12:01", NULL},               /* not open yet */
    {"2026-09-01T12:00", NULL},               /* opens now */
    {NULL, "2026-09-01T11:59"},               /* closed */
    {NULL, "2026-09-01T12:00"},               /* closes now */
    {"2026-08-01T00:00", "2026-08-31T23:59"}, /* over */
};
static const char *const untils[] = {"2026-08-31", "2026-09-01", "2027-06-30"};
static const char *const left_ons[] = {NULL, "2026-08-01", "2026-09-01", "2026-09-02"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int setup(void **state)
{
    return testdb_setup(state, "eligibility", seed_sql);
}

/* The SQL fragments' answers for activity 1 and pupil 1. */
struct sql_answers {
    int school, grade, place, running, window, present, signup;
};

static void set_case(struct db *db, const struct place *p, int grade, const char *const *window,
                     const char *until, const char *left_on)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE activities SET school_id = ?1, open_to = ?2,"
                                   " signup_from = ?3, signup_until = ?4, date_until = ?5"
                                   " WHERE id = 1");
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, p->school);
    db_bind_text(st, 2, p->open_to);
    db_bind_text(st, 3, window[0]);
    db_bind_text(st, 4, window[1]);
    db_bind_text(st, 5, until);
    assert_int_equal(db_step_done(st), 0);
    st = db_stmt(db, "UPDATE pupils SET grade = ?1, left_on = ?2 WHERE id = 1");
    assert_non_null(st);
    sqlite3_bind_int(st, 1, grade);
    db_bind_text(st, 2, left_on);
    assert_int_equal(db_step_done(st), 0);
}

static struct sql_answers ask_sql(struct db *db)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT " ELIGIBLE_SCHOOL_SQL ", " ELIGIBLE_GRADE_SQL ", " ELIGIBLE_PLACE_SQL ", "
            ELIGIBLE_RUNNING_SQL("?2") ", " ELIGIBLE_WINDOW_SQL("?1") ", "
            ELIGIBLE_PRESENT_SQL("?2") ", " ELIGIBLE_SIGNUP_SQL("?1", "?2")
            " FROM activities a, pupils p WHERE a.id = 1 AND p.id = 1");
    assert_non_null(st);
    db_bind_text(st, 1, NOW);
    db_bind_text(st, 2, TODAY);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    struct sql_answers a = {
        sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
        sqlite3_column_int(st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
        sqlite3_column_int(st, 6),
    };
    sqlite3_reset(st);
    return a;
}

/* The facts as enrol.c reads them: SQL NULL as "". */
static struct eligibility facts(const struct place *p, int grade, const char *const *window,
                                const char *until, const char *left_on)
{
    struct eligibility e = {.activity_school = p->school, .pupil_school = 1,
                            .open_to_coalition = !strcmp(p->open_to, "coalition"),
                            .grade_min = 4, .grade_max = 6, .grade = grade};
    snprintf(e.signup_from, sizeof e.signup_from, "%s", window[0] ? window[0] : "");
    snprintf(e.signup_until, sizeof e.signup_until, "%s", window[1] ? window[1] : "");
    snprintf(e.until, sizeof e.until, "%s", until);
    snprintf(e.left_on, sizeof e.left_on, "%s", left_on ? left_on : "");
    return e;
}

/* The SQL and C forms agree on one case, part by part and as a whole. */
static void check_case(const struct eligibility *e, const struct sql_answers *sql)
{
    enum enrol_result parent = eligible_signup(e, NOW, TODAY, false);
    enum enrol_result school = eligible_signup(e, NOW, TODAY, true);
    bool present = eligible_present(e, TODAY);
    assert_int_equal(sql->present, present);
    assert_int_equal(!sql->school, parent == ENROL_WRONG_SCHOOL);
    assert_int_equal(sql->school && !sql->grade, parent == ENROL_WRONG_GRADE);
    assert_int_equal(sql->place, parent != ENROL_WRONG_SCHOOL && parent != ENROL_WRONG_GRADE);
    /* the school is refused only by place and end: the window is the parent's */
    assert_int_equal(sql->place && sql->running, school == ENROL_OK);
    assert_int_equal(sql->place && sql->running && sql->window, parent == ENROL_OK);
    assert_int_equal(sql->signup, present && parent == ENROL_OK);
}

static void the_sql_fragments_and_the_c_checks_agree_on_every_case(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    int cases = 0, allowed = 0;
    for (size_t pl = 0; pl < N(places); pl++)
        for (size_t g = 0; g < N(grades); g++)
            for (size_t w = 0; w < N(windows); w++)
                for (size_t u = 0; u < N(untils); u++)
                    for (size_t l = 0; l < N(left_ons); l++) {
                        set_case(db, &places[pl], grades[g], windows[w], untils[u], left_ons[l]);
                        struct sql_answers sql = ask_sql(db);
                        struct eligibility e =
                            facts(&places[pl], grades[g], windows[w], untils[u], left_ons[l]);
                        check_case(&e, &sql);
                        cases++;
                        allowed += sql.signup;
                    }
    assert_int_equal(cases, 3 * 5 * 7 * 3 * 4);
    /* own school or coalition (2) × grade 4–6 (3) × open windows (4) × running (2) × present (2) */
    assert_int_equal(allowed, 2 * 3 * 4 * 2 * 2);
}

static void each_refusal_of_the_c_form_has_its_reason(void **state)
{
    (void)state;
    const char *const open[2] = {NULL, NULL};
    const char *const later[2] = {"2026-09-02T00:00", NULL};
    const char *const over[2] = {NULL, "2026-08-31T23:59"};
    struct eligibility e = facts(&places[1], 5, open, "2027-06-30", NULL);
    assert_int_equal(eligible_signup(&e, NOW, TODAY, true), ENROL_WRONG_SCHOOL);
    e = facts(&places[2], 7, open, "2027-06-30", NULL);
    assert_int_equal(eligible_signup(&e, NOW, TODAY, true), ENROL_WRONG_GRADE);
    e = facts(&places[0], 5, open, "2026-08-31", NULL);
    assert_int_equal(eligible_signup(&e, NOW, TODAY, true), ENROL_CLOSED);
    e = facts(&places[0], 5, later, "2027-06-30", NULL);
    assert_int_equal(eligible_signup(&e, NOW, TODAY, false), ENROL_NOT_OPEN_YET);
    assert_int_equal(eligible_signup(&e, NOW, TODAY, true), ENROL_OK);
    e = facts(&places[0], 5, over, "2027-06-30", "2026-09-01");
    assert_int_equal(eligible_signup(&e, NOW, TODAY, false), ENROL_CLOSED);
    assert_false(eligible_present(&e, TODAY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_sql_fragments_and_the_c_checks_agree_on_every_case),
        cmocka_unit_test(each_refusal_of_the_c_form_has_its_reason),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
