/* Tests of the activity list's when rule (domain/offer/activities_read.h): ongoing from the
 * first to the last day (both included), coming before, ended after; and that read_activities'
 * SQL form selects exactly what activity_when_at says, for each choice, and by school year. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "db/db.h"
#include "domain/offer/activities_read.h"
#include "testdb.h"

/* Activities 1 … 5 of school 1 around the day 2026-12-06. */
static const char *const spans[][2] = {
    {"2026-09-01", "2026-12-05"}, /* ended yesterday */
    {"2026-09-01", "2026-12-06"}, /* ends today: ongoing */
    {"2026-12-06", "2027-03-01"}, /* starts today: ongoing */
    {"2026-12-07", "2027-03-01"}, /* starts tomorrow: coming */
    {"2025-09-01", "2026-07-31"}, /* last school year */
};
enum { N_SPANS = sizeof spans / sizeof spans[0] };
static const char today[] = "2026-12-06";

static const char seed[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po');"
    "INSERT INTO activities (id, key, school_id, title, goal, location, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until, open_to) VALUES"
    " (1, 'a1', 1, 'A1', '', '', 1, 8, 10, 1, '15:00', '16:00', '2026-09-01', '2026-12-05',"
    "  'school'),"
    " (2, 'a2', 1, 'A2', '', '', 1, 8, 10, 1, '15:00', '16:00', '2026-09-01', '2026-12-06',"
    "  'school'),"
    " (3, 'a3', 1, 'A3', '', '', 1, 8, 10, 1, '15:00', '16:00', '2026-12-06', '2027-03-01',"
    "  'school'),"
    " (4, 'a4', 1, 'A4', '', '', 1, 8, 10, 1, '15:00', '16:00', '2026-12-07', '2027-03-01',"
    "  'school'),"
    " (5, 'a5', 1, 'A5', '', '', 1, 8, 10, 1, '15:00', '16:00', '2025-09-01', '2026-07-31',"
    "  'school')";

static void the_rule_in_c(void **state)
{
    (void)state;
    static const enum activity_when expect[N_SPANS] = {WHEN_ENDED, WHEN_ONGOING, WHEN_ONGOING,
                                                       WHEN_COMING, WHEN_ENDED};
    for (size_t i = 0; i < N_SPANS; i++)
        assert_int_equal(activity_when_at(spans[i][0], spans[i][1], today), expect[i]);
}

/* The ids read_activities lists for when (and the school year from .. until, or NULL) as a
   bit set (bit id). */
static unsigned listed(struct db *db, enum activity_when when, const char *from,
                       const char *until)
{
    struct activity_filter f = {.when = when, .today = today, .year_from = from,
                                .year_until = until};
    json_t *rows = read_activities(db, &f, 100, 0), *row;
    assert_non_null(rows);
    unsigned set = 0;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        set |= 1u << json_integer_value(json_object_get(row, "id"));
    }
    int64_t count;
    assert_int_equal(read_activities_count(db, &f, &count), 1);
    assert_int_equal(count, (int64_t)json_array_size(rows));
    json_decref(rows);
    return set;
}

static void the_sql_agrees_with_the_c(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    static const enum activity_when choices[] = {WHEN_ONGOING, WHEN_COMING, WHEN_ENDED};
    unsigned current = 0, all = 0;
    for (size_t c = 0; c < sizeof choices / sizeof choices[0]; c++) {
        unsigned expect = 0;
        for (size_t i = 0; i < N_SPANS; i++)
            if (activity_when_at(spans[i][0], spans[i][1], today) == choices[c])
                expect |= 1u << (i + 1);
        assert_int_equal(listed(db, choices[c], NULL, NULL), expect);
        if (choices[c] != WHEN_ENDED)
            current |= expect;
        all |= expect;
    }
    assert_int_equal(listed(db, WHEN_CURRENT, NULL, NULL), current);
    assert_int_equal(listed(db, WHEN_ALL, NULL, NULL), all);
    assert_int_equal(all, 0x3Eu); /* 1 … 5 */
    /* By school year: 2026-2027 holds 1 … 4, 2025-2026 only 5, with the when choice on top. */
    assert_int_equal(listed(db, WHEN_ALL, "2026-08-01", "2027-07-31"), 0x1Eu);
    assert_int_equal(listed(db, WHEN_ALL, "2025-08-01", "2026-07-31"), 0x20u);
    assert_int_equal(listed(db, WHEN_CURRENT, "2025-08-01", "2026-07-31"), 0u);
    assert_int_equal(listed(db, WHEN_ENDED, "2026-08-01", "2027-07-31"), 0x02u);
    /* The years that have activities, newest first. */
    struct activity_filter f = {0};
    json_t *years = read_activity_years(db, &f);
    assert_non_null(years);
    assert_int_equal(json_array_size(years), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(years, 0), "year")), 2026);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(years, 1), "year")), 2025);
    json_decref(years);
}

static int setup(void **state) { return testdb_setup(state, "test_activity_when", seed); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_rule_in_c),
        cmocka_unit_test_setup_teardown(the_sql_agrees_with_the_c, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
