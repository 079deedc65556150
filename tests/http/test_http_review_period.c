/* HTTP tests of the yearly review's comparison (issue 10, point 7), on a fixture whose dates are
 * relative to today: while the school year is under way, "this year so far" stands beside the
 * same stretch of last year (1 August to the same day last year) and the page says so; a
 * finished year stands beside the whole previous year. Sara was present on the same day last
 * year (inside the stretch) and today; Daan the day after that day last year (outside the
 * stretch, inside last school year), so last year's reach is 1 of 3 over the stretch and would
 * be 2 of 3 over the whole year. And the dashboard judges hours, which grow over the year,
 * against the norm pro rata while its period runs (Sara's hour today). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "parent_fixture.h"

/* Today one year back (29 February → 28 February) plus extra days, at noon. */
static struct tm last_year_day(int extra)
{
    struct tm tm = pf_tm(0);
    tm.tm_year -= 1;
    if (tm.tm_mon == 1 && tm.tm_mday == 29)
        tm.tm_mday = 28;
    tm.tm_mday += extra;
    tm.tm_isdst = -1;
    mktime(&tm);
    return tm;
}

static void iso(const struct tm *tm, char out[11])
{
    strftime(out, 11, "%Y-%m-%d", tm);
}

/* An activity of noord with one session, on day (weekday wday, 1 = Monday). */
static json_t *one_session(const char *key, const char *title, const char *day, int wday)
{
    return json_pack("{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s}",
                     "key", key, "school", "noord", "title", title, "domains", "sport",
                     "grades", 1, 8, "capacity", 10, "weekday", wday, "start", "15:00", "end",
                     "16:00", "from", day, "until", day, "open_to", "school");
}

static json_t *pupil(const char *key, const char *number, const char *first_name)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "key", key, "school", "noord", "number",
                     number, "first_name", first_name, "last_name", "Test", "grade", 5);
}

static json_t *present(const char *activity, const char *day, const char *who)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "activity", activity, "date", day, "pupil", who,
                     "status", "present");
}

static json_t *enrolled(const char *who, const char *activity)
{
    return json_pack("{s:s, s:s, s:s}", "pupil", who, "activity", activity, "status",
                     "enrolled");
}

/* The load document. New reference. */
static json_t *fixture(const char *hash)
{
    struct tm same = last_year_day(0), after = last_year_day(1), now = pf_tm(0);
    char d_same[11], d_after[11], d_now[11];
    iso(&same, d_same);
    iso(&after, d_after);
    iso(&now, d_now);
    return json_pack(
        "{s:{s:s, s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[o, o, o], s:[o, o, o],"
        " s:o, s:[o, o, o], s:[o, o, o]}",
        "coalition", "name", "Coalitie Testdorp", "city", "Testdorp",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po",
        "key", "zuid", "name", "Basisschool Zuid", "kind", "po",
        "activities", one_session("oud", "Judo vorig jaar", d_same, (same.tm_wday + 6) % 7 + 1),
        one_session("later", "Dans vorig jaar", d_after, (after.tm_wday + 6) % 7 + 1),
        one_session("nu", "Judo dit jaar", d_now, (now.tm_wday + 6) % 7 + 1),
        "pupils", pupil("sara", "1001", "Sara"), pupil("daan", "1002", "Daan"),
        pupil("noor", "1003", "Noor"),
        "users", fixture_users(hash, false),
        "enrolments", enrolled("sara", "oud"), enrolled("daan", "later"),
        enrolled("sara", "nu"),
        "attendance", present("oud", d_same, "sara"), present("later", d_after, "daan"),
        present("nu", d_now, "sara"));
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* The reach figure's value of one year × 10, or -1 for null. */
static long reach_of(json_t *doc, const char *year)
{
    json_t *f = item_with(json_object_get(doc, "figures"), "code", "reach_pct");
    assert_non_null(f);
    json_t *v = json_object_get(json_object_get(f, year), "value");
    if (json_is_null(v))
        return -1;
    return (long)(json_number_value(v) * 10 + 0.5);
}

static const char *const months[12] = {"januari", "februari", "maart",     "april",
                                       "mei",     "juni",     "juli",      "augustus",
                                       "september", "oktober", "november", "december"};

static void this_year_so_far_beside_the_same_stretch(void **state)
{
    (void)state;
    struct tm now = pf_tm(0);
    int year = now.tm_mon >= 7 ? now.tm_year + 1900 : now.tm_year + 1899;
    bool last_day = now.tm_mon == 6 && now.tm_mday == 31;
    char path[96], expected[160], same[11], last_from[24];
    struct tm same_tm = last_year_day(0);
    iso(&same_tm, same);
    snprintf(last_from, sizeof last_from, "%04d-08-01", year - 1);
    snprintf(path, sizeof path, "/reports/schools/%lld", id_of("schools", "noord"));
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, path, 200);
    json_t *cmp = json_object_get(doc, "comparison");
    assert_non_null(cmp);
    assert_string_equal(str_of(cmp, "from"), last_from);
    if (!last_day) {
        assert_true(json_is_true(json_object_get(cmp, "stretch")));
        assert_string_equal(str_of(cmp, "to"), same);
        /* Sara today; last year Sara inside the stretch, Daan after it: 1 of 3 each. */
        assert_int_equal(reach_of(doc, "this_year"), 333);
        assert_int_equal(reach_of(doc, "last_year"), 333);
        assert_int_equal(int_of(json_object_get(doc, "last_year"), "participants"), 1);
    } else {
        assert_false(json_is_true(json_object_get(cmp, "stretch")));
    }
    json_decref(doc);

    /* The page says what is compared. */
    struct response res;
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    if (!last_day) {
        snprintf(expected, sizeof expected,
                 "t/m %d %s, vergeleken met dezelfde periode vorig jaar", now.tm_mday,
                 months[now.tm_mon]);
        assert_contains(res.body, expected);
        snprintf(expected, sizeof expected, "%d\u2013%d t/m %d %s</th>", year, year + 1,
                 now.tm_mday, months[now.tm_mon]);
        assert_contains(res.body, expected);
    }
    response_free(&res);

    /* Last year is over: beside the whole year before it, and the page says so. */
    snprintf(path, sizeof path, "/reports/schools/%lld?year=%d", id_of("schools", "noord"),
             year - 1);
    doc = get_json(lead, path, 200);
    cmp = json_object_get(doc, "comparison");
    assert_false(json_is_true(json_object_get(cmp, "stretch")));
    snprintf(last_from, sizeof last_from, "%04d-08-01", year - 2);
    assert_string_equal(str_of(cmp, "from"), last_from);
    snprintf(last_from, sizeof last_from, "%04d-07-31", year - 1);
    assert_string_equal(str_of(cmp, "to"), last_from);
    /* Its own whole year: Sara and Daan, 2 of 3. */
    assert_int_equal(reach_of(doc, "this_year"), last_day ? 333 : 667);
    json_decref(doc);
    assert_int_equal(client_get(lead, path, false, &res), 0);
    snprintf(expected, sizeof expected, "vergeleken met het hele schooljaar %d\u2013%d",
             year - 2, year - 1);
    assert_contains(res.body, expected);
    response_free(&res);
    client_free(lead);
}

static void dashboard_hours_against_the_norm_pro_rata(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *answer = post_json(lead, "/norms", "norm_mean_hours=1%2C5", 200);
    json_decref(answer);
    char today[11], tomorrow[11], path[96];
    pf_day(0, today);
    pf_day(1, tomorrow);
    /* Half the period passed: Sara's 1 hour meets the norm of 1,5 × 1/2. */
    snprintf(path, sizeof path, "/dashboard?from=%s&to=%s", today, tomorrow);
    json_t *doc = get_json(lead, path, 200);
    json_t *noord = item_with(json_object_get(doc, "schools"), "key", "noord");
    json_t *hours = item_with(json_object_get(noord, "figures"), "code", "mean_hours");
    assert_non_null(hours);
    assert_string_equal(str_of(hours, "signal"), "green");
    assert_true(json_is_true(json_object_get(hours, "pro_rata")));
    assert_string_equal(str_of(hours, "pro_rata_label"), "norm naar rato: 50% van de periode");
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_contains(res.body, "<span class=\"figure__note\">norm naar rato: 50% van de periode</span>");
    response_free(&res);
    /* The period is complete: the whole norm, not met. */
    snprintf(path, sizeof path, "/dashboard?from=%s&to=%s", today, today);
    doc = get_json(lead, path, 200);
    noord = item_with(json_object_get(doc, "schools"), "key", "noord");
    hours = item_with(json_object_get(noord, "figures"), "code", "mean_hours");
    assert_string_equal(str_of(hours, "signal"), "red");
    assert_false(json_is_true(json_object_get(hours, "pro_rata")));
    json_decref(doc);
    client_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(this_year_so_far_beside_the_same_stretch, start, stop),
        cmocka_unit_test_setup_teardown(dashboard_hours_against_the_norm_pro_rata, start, stop),
    };
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
