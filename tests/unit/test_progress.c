/* Tests of src/domain/reports/progress.c, the rules of the quarterly progress report: reading
 * "YYYY-Qn" strictly (each bad input refused with the quarter untouched), the calendar
 * quarters' first and last days, the quarter of a day on both sides of every boundary, the
 * previous and next quarter across a year, the bounds of the years, the school year a quarter
 * belongs to, the part of the year a quarter has passed (for a norm pro rata), and the value
 * of each norm figure from a report's counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "domain/reports/progress.h"
#include "domain/reports/reports.h"
#include "domain/reports/reports_staff.h"

static void assert_quarter(const struct quarter *q, int year, int number, const char *name,
                           const char *from, const char *to)
{
    assert_int_equal(q->year, year);
    assert_int_equal(q->number, number);
    assert_string_equal(q->name, name);
    assert_string_equal(q->from, from);
    assert_string_equal(q->to, to);
}

static void assert_near(double value, double expected)
{
    if (fabs(value - expected) > 1e-12)
        fail_msg("%.15g, expected %.15g", value, expected);
}

/* ---- reading --------------------------------------------------------------------------------- */

static void each_quarter_has_its_calendar_months(void **state)
{
    (void)state;
    static const struct {
        const char *text, *from, *to;
        int year, number;
    } good[] = {
        {"2025-Q1", "2025-01-01", "2025-03-31", 2025, 1},
        {"2025-Q2", "2025-04-01", "2025-06-30", 2025, 2},
        {"2025-Q3", "2025-07-01", "2025-09-30", 2025, 3},
        {"2025-Q4", "2025-10-01", "2025-12-31", 2025, 4},
        {"2000-Q1", "2000-01-01", "2000-03-31", 2000, 1},
        {"2100-Q4", "2100-10-01", "2100-12-31", 2100, 4},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct quarter q;
        if (quarter_parse(good[i].text, &q))
            fail_msg("quarter_parse refused '%s'", good[i].text);
        assert_quarter(&q, good[i].year, good[i].number, good[i].text, good[i].from,
                       good[i].to);
        assert_true(quarter_in_range(&q));
    }
}

static void each_bad_quarter_is_refused_and_leaves_the_quarter(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "2025-Q5",     "2025-Q0",   "2025Q4",   "2025-q4",  "1999-Q4",
        "2101-Q1",    " 2025-Q4",    "2025-Q4 ",  "2025-Q44", "202-Q4",   "20250-Q4",
        "2025-Q",     "2025--Q4",    "2025/Q4",   "+025-Q4",  "-025-Q4",  "2025-K4",
        "2025\xe2\x80\x93Q4", /* an en dash */
        "2025-Q\xef\xbc\x94", /* a full-width 4 */
        "Q4-2025",    "2025-Q4\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct quarter q = {.year = 7, .number = 7, .name = "x"};
        if (quarter_parse(bad[i], &q) != -1)
            fail_msg("quarter_parse accepted '%s'", bad[i]);
        assert_int_equal(q.year, 7);
        assert_int_equal(q.number, 7);
        assert_string_equal(q.name, "x");
    }
    struct quarter q = {.year = 7};
    assert_int_equal(quarter_parse(NULL, &q), -1);
    assert_int_equal(q.year, 7);
}

/* ---- the quarter of a day -------------------------------------------------------------------- */

static void a_day_falls_in_its_quarter_on_both_sides_of_each_boundary(void **state)
{
    (void)state;
    static const struct {
        const char *day, *quarter;
    } days[] = {
        {"2025-01-01", "2025-Q1"}, {"2025-03-31", "2025-Q1"}, {"2025-04-01", "2025-Q2"},
        {"2025-06-30", "2025-Q2"}, {"2025-07-01", "2025-Q3"}, {"2025-09-30", "2025-Q3"},
        {"2025-10-01", "2025-Q4"}, {"2025-12-31", "2025-Q4"}, {"2024-02-29", "2024-Q1"},
        {"2000-01-01", "2000-Q1"}, {"2100-12-31", "2100-Q4"},
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        struct quarter q;
        if (quarter_of_day(days[i].day, &q))
            fail_msg("quarter_of_day refused %s", days[i].day);
        assert_string_equal(q.name, days[i].quarter);
    }
    static const char *const bad[] = {"2025-02-30", "2025-13-01", "1999-12-31", "2101-01-01",
                                      "2025-1-01",  "",           "2025-Q4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct quarter q = {.year = 7};
        if (quarter_of_day(bad[i], &q) != -1)
            fail_msg("quarter_of_day accepted '%s'", bad[i]);
        assert_int_equal(q.year, 7);
    }
    struct quarter q = {.year = 7};
    assert_int_equal(quarter_of_day(NULL, &q), -1);
    assert_int_equal(q.year, 7);
}

/* ---- neighbours, bounds, school year --------------------------------------------------------- */

static void the_quarters_before_and_after_cross_the_year(void **state)
{
    (void)state;
    struct quarter q, other;
    quarter_parse("2026-Q1", &q);
    quarter_previous(&q, &other);
    assert_quarter(&other, 2025, 4, "2025-Q4", "2025-10-01", "2025-12-31");
    quarter_next(&other, &q);
    assert_quarter(&q, 2026, 1, "2026-Q1", "2026-01-01", "2026-03-31");
    quarter_parse("2025-Q3", &q);
    quarter_previous(&q, &other);
    assert_quarter(&other, 2025, 2, "2025-Q2", "2025-04-01", "2025-06-30");
    quarter_next(&q, &other);
    assert_quarter(&other, 2025, 4, "2025-Q4", "2025-10-01", "2025-12-31");
    /* Beyond the years a quarter can be asked for: still filled, but out of range. */
    quarter_parse("2000-Q1", &q);
    quarter_previous(&q, &other);
    assert_quarter(&other, 1999, 4, "1999-Q4", "1999-10-01", "1999-12-31");
    assert_false(quarter_in_range(&other));
    quarter_parse("2100-Q4", &q);
    quarter_next(&q, &other);
    assert_quarter(&other, 2101, 1, "2101-Q1", "2101-01-01", "2101-03-31");
    assert_false(quarter_in_range(&other));
}

/* Q3 and Q4 belong to the school year starting that year, Q1 and Q2 to the one before. */
static void a_quarter_belongs_to_the_school_year_of_its_last_day(void **state)
{
    (void)state;
    static const struct {
        const char *quarter;
        int year;
    } years[] = {{"2025-Q1", 2024}, {"2025-Q2", 2024}, {"2025-Q3", 2025}, {"2025-Q4", 2025},
                 {"2026-Q1", 2025}, {"2000-Q1", 1999}};
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        struct quarter q;
        quarter_parse(years[i].quarter, &q);
        assert_int_equal(quarter_school_year(&q), years[i].year);
    }
}

/* The quarter's days through upto of its calendar year's days. */
static void the_part_of_the_year_a_quarter_has_passed(void **state)
{
    (void)state;
    struct quarter q;
    quarter_parse("2025-Q4", &q);
    assert_near(quarter_year_share(&q, "2025-12-31"), 92.0 / 365.0);
    assert_near(quarter_year_share(&q, "2026-05-01"), 92.0 / 365.0); /* over */
    assert_near(quarter_year_share(&q, "2025-10-01"), 1.0 / 365.0);
    assert_near(quarter_year_share(&q, "2025-11-15"), 46.0 / 365.0);
    assert_near(quarter_year_share(&q, "2025-09-30"), 0.0); /* not begun */
    quarter_parse("2024-Q1", &q);                           /* a leap year */
    assert_near(quarter_year_share(&q, "2024-03-31"), 91.0 / 366.0);
    quarter_parse("2025-Q1", &q);
    assert_near(quarter_year_share(&q, "2025-03-31"), 90.0 / 365.0);
    /* The four quarters of a year make the whole year. */
    double whole = 0;
    for (int n = 1; n <= 4; n++) {
        char name[8] = "2026-Q0";
        name[6] = (char)('0' + n);
        quarter_parse(name, &q);
        whole += quarter_year_share(&q, "2027-01-01");
    }
    assert_near(whole, 1.0);
}

/* ---- the figures ----------------------------------------------------------------------------- */

static void each_norm_figure_has_its_value(void **state)
{
    (void)state;
    struct report rep = {.n_domains = 6};
    struct report_totals t = {
        .pupils = 3, .participants = 1, .priority_pupils = 2, .priority_participants = 1,
        .minutes = 90, .intensive = 0, .present = 3, .absent = 1,
        .involvement_sum = 7, .involvement_n = 2, .covered = 2,
    };
    struct report_staff staff = {.sessions = 4, .qualified_sessions = 3, .external_staff = 2,
                                 .vog_valid = 1};
    static const struct {
        const char *code;
        double value;
    } figures[] = {
        {"coverage_pct", 33.3},  {"reach_pct", 33.3},      {"reach_priority_pct", 50.0},
        {"mean_hours", 1.5},     {"intensity_pct", 0.0},   {"attendance_pct", 75.0},
        {"involvement", 3.5},    {"staff_qualified_pct", 75.0}, {"vog_valid_pct", 50.0},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        double value = -1;
        if (!report_norm_figure(&rep, &t, &staff, figures[i].code, &value))
            fail_msg("%s has no value", figures[i].code);
        assert_near(value, figures[i].value);
    }
    double value = -1;
    assert_false(report_norm_figure(&rep, &t, NULL, "staff_qualified_pct", &value));
    assert_false(report_norm_figure(&rep, &t, NULL, "vog_valid_pct", &value));
    assert_false(report_norm_figure(&rep, &t, &staff, "waiting", &value));
    assert_false(report_norm_figure(&rep, &t, &staff, NULL, &value));
    struct report_totals empty = {0};
    struct report_staff none = {0};
    assert_false(report_norm_figure(&rep, &empty, &none, "reach_pct", &value));
    assert_false(report_norm_figure(&rep, &empty, &none, "vog_valid_pct", &value));
    assert_near(value, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_quarter_has_its_calendar_months),
        cmocka_unit_test(each_bad_quarter_is_refused_and_leaves_the_quarter),
        cmocka_unit_test(a_day_falls_in_its_quarter_on_both_sides_of_each_boundary),
        cmocka_unit_test(the_quarters_before_and_after_cross_the_year),
        cmocka_unit_test(a_quarter_belongs_to_the_school_year_of_its_last_day),
        cmocka_unit_test(the_part_of_the_year_a_quarter_has_passed),
        cmocka_unit_test(each_norm_figure_has_its_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
