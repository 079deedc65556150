/* Tests of src/util/date.c: fixed-width digits, strict parsing of dates, times and moments,
 * formatting round trips over the whole supported range (1900-2999), ISO weekdays of known
 * dates, and the school year boundaries (1 August - 31 July). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/date.h"

/* The day number of s, failing the test when s does not parse. */
static int32_t day_of(const char *s)
{
    int32_t day = 0;
    if (date_parse(s, &day))
        fail_msg("date_parse refused '%s'", s);
    return day;
}

static void assert_formats_as(int32_t day, const char *expected)
{
    char out[11];
    date_format(day, out);
    assert_string_equal(out, expected);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* ---- date_digits --------------------------------------------------------------------------- */

/* Exactly n digits give their value; what follows them is not looked at. */
static void digits_give_their_value(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int n, value;
    } good[] = {
        {"2025", 4, 2025}, {"0042", 4, 42}, {"07", 2, 7},  {"00", 2, 0},
        {"59x", 2, 59},    {"123", 2, 12},  {"999", 3, 999}, {"2025-09-01", 4, 2025},
        {"123456789", 9, 123456789},        {"", 0, 0},    {"x", 0, 0},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int value = -1;
        if (date_digits(good[i].s, good[i].n, &value) != 0)
            fail_msg("date_digits refused %d digits of '%s'", good[i].n, good[i].s);
        assert_int_equal(value, good[i].value);
    }
}

/* A non-digit among the first n characters is refused, and *out is left alone. */
static void digits_refuse_non_digits(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int n;
    } bad[] = {
        {"a1", 2}, {"1a", 2}, {"-1", 2}, {"+1", 2}, {" 1", 2}, {"1 ", 2}, {"1.5", 3},
        {"12:3", 4}, {"0x1", 3}, {"\xd9\xa1", 1}, {"/", 1}, {":", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int value = 4242;
        if (date_digits(bad[i].s, bad[i].n, &value) != -1)
            fail_msg("date_digits accepted %d digits of '%s'", bad[i].n, bad[i].s);
        assert_int_equal(value, 4242);
    }
}

/* A string shorter than n fails at its end without reading past it; n beyond 9 is refused. */
static void digits_refuse_short_input(void **state)
{
    (void)state;
    /* The digits sit at the very end of a buffer of their own size plus the NUL. */
    static const char one[2] = "7", three[4] = "202";
    int value = 4242;
    assert_int_equal(date_digits(one, 2, &value), -1);
    assert_int_equal(date_digits(three, 4, &value), -1);
    assert_int_equal(date_digits("", 1, &value), -1);
    assert_int_equal(date_digits("1234567890", 10, &value), -1);
    assert_int_equal(date_digits("1", -1, &value), -1);
    assert_int_equal(value, 4242);
}

/* ---- date_parse / date_format ------------------------------------------------------------- */

static void known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(day_of("1970-01-01"), 0);
    assert_int_equal(day_of("1969-12-31"), -1);
    assert_int_equal(day_of("2000-01-01"), 10957);
    assert_int_equal(day_of("1900-01-01"), -25567);
    assert_int_equal(day_of("2025-09-02"), 20333);
    assert_int_equal(day_of("2999-12-31"), 376199);
}

/* Every first, fifteenth and last day of each month from 1900 to 2999 formats back to itself
   (and date_from_ymd and date_ymd agree with the text), and consecutive calendar days have
   consecutive day numbers. */
static void round_trip_sampled_1900_2999(void **state)
{
    (void)state;
    int32_t previous_last = day_of("1900-01-01") - 1;
    for (int y = 1900; y <= 2999; y++) {
        for (int m = 1; m <= 12; m++) {
            int last = month_days(y, m);
            const int days[] = {1, 15, last};
            int32_t first_day = 0;
            for (size_t i = 0; i < 3; i++) {
                char text[48], back[11];
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, days[i]);
                int32_t day = day_of(text);
                date_format(day, back);
                if (strcmp(text, back))
                    fail_msg("%s became %d became %s", text, day, back);
                int yy, mm, dd;
                date_ymd(day, &yy, &mm, &dd);
                if (date_from_ymd(y, m, days[i]) != day || yy != y || mm != m || dd != days[i])
                    fail_msg("%s: date_from_ymd %d, date_ymd %d-%d-%d", text,
                             date_from_ymd(y, m, days[i]), yy, mm, dd);
                if (i == 0)
                    first_day = day;
                else
                    assert_int_equal(day - first_day, days[i] - 1);
                if (i == 2) {
                    assert_int_equal(first_day, previous_last + 1);
                    previous_last = day;
                }
            }
        }
    }
    assert_int_equal(previous_last, day_of("2999-12-31"));
}

/* Any day number of the range formats to a date that parses back to it. */
static void day_numbers_round_trip(void **state)
{
    (void)state;
    int32_t from = day_of("1900-01-01"), until = day_of("2999-12-31");
    for (int32_t day = from; day <= until; day += 13) {
        char text[11];
        date_format(day, text);
        assert_int_equal(day_of(text), day);
    }
    assert_formats_as(until, "2999-12-31");
    assert_formats_as(from, "1900-01-01");
}

static void leap_years(void **state)
{
    (void)state;
    int32_t day;
    assert_int_equal(date_parse("2024-02-29", &day), 0);
    assert_int_equal(day, day_of("2024-02-28") + 1);
    assert_int_equal(day_of("2024-03-01"), day + 1);
    assert_int_equal(date_parse("2000-02-29", &day), 0);
    assert_int_equal(date_parse("2025-02-29", &day), -1);
    assert_int_equal(date_parse("1900-02-29", &day), -1);
    assert_int_equal(date_parse("2100-02-29", &day), -1);
    assert_int_equal(date_parse("2024-02-30", &day), -1);
}

static void malformed_dates_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "2025",        "2025-01",     "20250101",    "2025-1-01",
        "2025-01-1",  "2025/01/01",  "2025-01-01 ", " 2025-01-01", "2025-01-01x",
        "2025-00-10", "2025-13-01",  "2025-01-00",  "2025-01-32",  "2025-04-31",
        "1899-12-31", "3000-01-01",  "0000-01-01",  "+025-01-01",  "2025-0a-01",
        "2025-01-0a", "2025--1-01",  "99999-01-01", "2025-01-01T10:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t day = 12345;
        if (date_parse(bad[i], &day) != -1)
            fail_msg("date_parse accepted '%s'", bad[i]);
        assert_int_equal(day, 12345); /* untouched */
    }
    int32_t day;
    assert_int_equal(date_parse(NULL, &day), -1);
}

/* ---- weekdays ----------------------------------------------------------------------------- */

static void weekdays_of_known_dates(void **state)
{
    (void)state;
    static const struct {
        const char *date;
        int weekday;
    } known[] = {
        {"1970-01-01", 4}, {"1969-12-31", 3}, {"1900-01-01", 1}, {"2000-01-01", 6},
        {"2024-02-29", 4}, {"2025-09-02", 2}, {"2025-09-09", 2}, {"2025-12-20", 6},
        {"2026-01-04", 7}, {"2999-12-31", 2},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (date_weekday(day_of(known[i].date)) != known[i].weekday)
            fail_msg("%s: weekday %d, expected %d", known[i].date,
                     date_weekday(day_of(known[i].date)), known[i].weekday);
    /* Seven consecutive days give each weekday once, in order. */
    int32_t monday = day_of("2025-09-01");
    for (int i = 0; i < 7; i++)
        assert_int_equal(date_weekday(monday + i), i + 1);
    for (int32_t day = day_of("1900-01-01"); day < day_of("2999-12-31"); day += 101)
        assert_int_equal(date_weekday(day + 7), date_weekday(day));
}

/* ---- school years ------------------------------------------------------------------------- */

static void assert_school_year(const char *date, const char *from, const char *until)
{
    int32_t f, u;
    date_school_year(day_of(date), &f, &u);
    assert_formats_as(f, from);
    assert_formats_as(u, until);
}

static void school_year_boundaries(void **state)
{
    (void)state;
    assert_school_year("2025-07-31", "2024-08-01", "2025-07-31");
    assert_school_year("2025-08-01", "2025-08-01", "2026-07-31");
    assert_school_year("2025-09-02", "2025-08-01", "2026-07-31");
    assert_school_year("2025-12-31", "2025-08-01", "2026-07-31");
    assert_school_year("2026-01-01", "2025-08-01", "2026-07-31");
    assert_school_year("2026-07-31", "2025-08-01", "2026-07-31");
    assert_school_year("2024-02-29", "2023-08-01", "2024-07-31");
    assert_school_year("2000-08-01", "2000-08-01", "2001-07-31");
    assert_formats_as(date_school_year_start(2025), "2025-08-01");
    assert_formats_as(date_school_year_start(1900), "1900-08-01");
    assert_formats_as(date_school_year_start(2999), "2999-08-01");
}

/* ---- times and moments -------------------------------------------------------------------- */

static void times(void **state)
{
    (void)state;
    int minutes = -1;
    assert_int_equal(time_parse("00:00", &minutes), 0);
    assert_int_equal(minutes, 0);
    assert_int_equal(time_parse("15:15", &minutes), 0);
    assert_int_equal(minutes, 915);
    assert_int_equal(time_parse("23:59", &minutes), 0);
    assert_int_equal(minutes, 1439);
    static const char *const bad[] = {
        "24:00", "23:60", "99:99", "7:15",  "07:5",  "0715",  "07:15:00", "07-15",
        "",      " 7:15", "07:15 ", "ab:cd", "-1:00", "+1:00", "07:1a",    "07.15",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        minutes = 4242;
        if (time_parse(bad[i], &minutes) != -1)
            fail_msg("time_parse accepted '%s'", bad[i]);
        assert_int_equal(minutes, 4242);
    }
    assert_int_equal(time_parse(NULL, &minutes), -1);
}

static void moments(void **state)
{
    (void)state;
    int32_t day = 0;
    int minutes = 0;
    assert_int_equal(datetime_parse("2025-09-01T23:59", &day, &minutes), 0);
    assert_int_equal(day, day_of("2025-09-01"));
    assert_int_equal(minutes, 1439);
    assert_int_equal(datetime_parse("2025-08-20 19:00", &day, &minutes), 0);
    assert_int_equal(day, day_of("2025-08-20"));
    assert_int_equal(minutes, 19 * 60);
    assert_int_equal(datetime_parse("2024-02-29T00:00", &day, &minutes), 0);
    static const char *const bad[] = {
        "2025-09-01T24:00", "2025-09-01T10:60", "2025-02-29T10:00", "2025-09-01",
        "2025-09-01T",      "2025-09-0110:00",  "2025-09-01X10:00", "2025-09-01T10:00Z",
        "2025-09-01T10:00:00", "2025-09-01t10:00", "2025-9-01T10:00", "T10:00",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (datetime_parse(bad[i], &day, &minutes) != -1)
            fail_msg("datetime_parse accepted '%s'", bad[i]);
    assert_int_equal(datetime_parse(NULL, &day, &minutes), -1);
}

/* The clock-based helpers give well-formed text. */
static void now_is_well_formed(void **state)
{
    (void)state;
    char now[17];
    datetime_now(now);
    int32_t day;
    int minutes;
    assert_int_equal(datetime_parse(now, &day, &minutes), 0);
    assert_true(day == date_today() || day == date_today() - 1);
    char stamp[24];
    timestamp_now(stamp);
    assert_int_equal(strlen(stamp), 23);
    assert_int_equal(stamp[19], '.');
    char head[17];
    snprintf(head, sizeof head, "%.16s", stamp);
    assert_int_equal(datetime_parse(head, &day, &minutes), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digits_give_their_value),
        cmocka_unit_test(digits_refuse_non_digits),
        cmocka_unit_test(digits_refuse_short_input),
        cmocka_unit_test(known_day_numbers),
        cmocka_unit_test(round_trip_sampled_1900_2999),
        cmocka_unit_test(day_numbers_round_trip),
        cmocka_unit_test(leap_years),
        cmocka_unit_test(malformed_dates_refused),
        cmocka_unit_test(weekdays_of_known_dates),
        cmocka_unit_test(school_year_boundaries),
        cmocka_unit_test(times),
        cmocka_unit_test(moments),
        cmocka_unit_test(now_is_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
