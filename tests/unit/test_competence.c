/* Tests of staff competence over time (domain/offer/competence.h): the rule's C form agrees
   with its SQL form (before any assessment none, an assessment after the date does not count,
   two assessments); an assessment and a training are refused with their message keys (unknown
   level, invalid date, a date in the future, a second assessment on one date, a missing name)
   and write nothing; an accepted assessment keeps staff.level the latest level. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "db/db.h"
#include "domain/offer/competence.h"
#include "testdb.h"
#include "util/date.h"

/* anna: start since always, vak from 2025-09-01; bob: never assessed. */
static const char seed_sql[] =
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sport', 'Sport', 1);"
    "INSERT INTO staff (id, key, provider_id, name, level) VALUES (1, 'anna', 1, 'Anna', 'vak'),"
    " (2, 'bob', 1, 'Bob', 'start');"
    "INSERT INTO staff_levels (staff_id, level, assessed_on) VALUES (1, 'start', '2000-01-01'),"
    " (1, 'vak', '2025-09-01');";

static int setup(void **state) { return testdb_setup(state, "test_competence", seed_sql); }

/* The SQL form's level of staff_id on date ("" for none). */
static void sql_level(struct db *db, int64_t staff_id, const char *date, char out[8])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(" STAFF_LEVEL_ON_SQL("?1", "?2") ", '')");
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, staff_id);
    db_bind_text(st, 2, date);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, 8, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
}

static void c_and_sql_forms_agree(void **state)
{
    struct testdb *t = *state;
    static const struct staff_assessment anna[] = {{"2025-09-01", "vak"},
                                                   {"2000-01-01", "start"}};
    static const struct {
        const char *date, *level;
    } cases[] = {{"1999-12-31", NULL}, {"2000-01-01", "start"}, {"2025-08-31", "start"},
                 {"2025-09-01", "vak"}, {"2026-01-01", "vak"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *c = staff_level_on(anna, 2, cases[i].date);
        char sql[8];
        sql_level(t->db, 1, cases[i].date, sql);
        if (cases[i].level) {
            assert_non_null(c);
            assert_string_equal(c, cases[i].level);
            assert_string_equal(sql, cases[i].level);
        } else {
            assert_null(c);
            assert_string_equal(sql, "");
        }
    }
    char sql[8];
    sql_level(t->db, 2, "2025-09-01", sql); /* bob: never assessed */
    assert_string_equal(sql, "");
    assert_null(staff_level_on(NULL, 0, "2025-09-01"));
}

static int32_t day(const char *date)
{
    int32_t d;
    assert_int_equal(date_parse(date, &d), 0);
    return d;
}

static void assessment_refusals_write_nothing(void **state)
{
    struct testdb *t = *state;
    static const struct {
        const char *level, *date, *field, *key;
    } cases[] = {
        {"meester", "2025-10-01", "level", "problem.level_unknown"},
        {NULL, "2025-10-01", "level", "problem.level_unknown"},
        {"basis", "2025-02-30", "date", "problem.date_invalid"},
        {"basis", "", "date", "problem.date_invalid"},
        {"basis", "2025-10-02", "date", "problem.date_future"},
        {"basis", "2025-09-01", "date", "problem.level_date_taken"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct problems p = {0};
        assert_int_equal(staff_assess(t->db, 0, 1, cases[i].level, cases[i].date,
                                      day("2025-10-01"), &p),
                         OUTCOME_INVALID);
        assert_int_equal(p.n, 1);
        assert_string_equal(p.item[0].field, cases[i].field);
        assert_string_equal(p.item[0].key, cases[i].key);
        problems_clear(&p);
    }
    assert_int_equal(db_scalar_int(t->db, "SELECT count(*) FROM staff_levels", -1), 2);
    struct problems p = {0};
    assert_int_equal(staff_assess(t->db, 0, 99, "vak", "2025-10-01", day("2025-10-01"), &p),
                     OUTCOME_NOT_FOUND);
}

static void an_assessment_keeps_the_current_level_the_latest(void **state)
{
    struct testdb *t = *state;
    struct problems p = {0};
    /* an earlier assessment does not change the current level */
    assert_int_equal(staff_assess(t->db, 0, 1, "basis", "2020-03-01", day("2025-10-01"), &p),
                     OUTCOME_OK);
    assert_int_equal(db_scalar_int(t->db, "SELECT level = 'vak' FROM staff WHERE id = 1", -1), 1);
    /* a later one (today counts) does */
    assert_int_equal(staff_assess(t->db, 0, 1, "basis", "2025-10-01", day("2025-10-01"), &p),
                     OUTCOME_OK);
    assert_int_equal(db_scalar_int(t->db, "SELECT level = 'basis' FROM staff WHERE id = 1", -1),
                     1);
    assert_int_equal(staff_assess(t->db, 0, 2, "vak", "2025-01-01", day("2025-10-01"), &p),
                     OUTCOME_OK);
    assert_int_equal(db_scalar_int(t->db, "SELECT level = 'vak' FROM staff WHERE id = 2", -1), 1);
    assert_int_equal(p.n, 0);
}

static void training_refusals_and_a_training(void **state)
{
    struct testdb *t = *state;
    char long_name[TRAINING_NAME_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    static const char *const keys[] = {"problem.name_missing", "problem.too_long",
                                       "problem.text_control", "problem.date_future"};
    const char *names[] = {"", long_name, "EH\nBO", "EHBO"};
    const char *dates[] = {"2025-09-01", "2025-09-01", "2025-09-01", "2025-10-02"};
    for (size_t i = 0; i < 4; i++) {
        struct problems p = {0};
        assert_int_equal(
            staff_add_training(t->db, 0, 1, names[i], dates[i], day("2025-10-01"), &p),
            OUTCOME_INVALID);
        assert_string_equal(p.item[0].key, keys[i]);
        problems_clear(&p);
    }
    assert_int_equal(db_scalar_int(t->db, "SELECT count(*) FROM staff_trainings", -1), 0);
    struct problems p = {0};
    assert_int_equal(staff_add_training(t->db, 0, 1, "EHBO", "2025-09-01", day("2025-10-01"), &p),
                     OUTCOME_OK);
    assert_int_equal(db_scalar_int(t->db, "SELECT count(*) FROM staff_trainings", -1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(c_and_sql_forms_agree, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(assessment_refusals_write_nothing, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(an_assessment_keeps_the_current_level_the_latest, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(training_refusals_and_a_training, setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
