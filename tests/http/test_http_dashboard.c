/* HTTP tests of GET /dashboard against the real daemon with tests/http/fixture.json, over the
 * school year 2025-2026 (wholly in the past): the figures agree with /reports/coverage (the
 * same rounding), the staff figures, the monthly trend adds up to the report's hours, each
 * figure's badge follows the norms the lead sets (the word as well as the class), sorting by
 * any column with plain links (rows without a value last, unknown columns by name), a school's
 * trend with ?school=KEY, who sees what (the lead all, a coordinator the own school only,
 * staff and parents 403), the HTML (heat map words, charts with title and desc, aria-sort, the
 * nav item), a bad period refused with 422, and the rows in pages of 50 with a search by name
 * (the coalition's totals on top; a bad page or search refused with 422).
 *
 * The fixture over the period: noord has Judo (sport, 20 held, staff anna: vakbekwaam,
 * external, VOG 2025-05-01) with Sara enrolled (present once on 2025-09-09, 1 hour) and 3
 * pupils; zuid has Tekenen (cultuur) and 1 pupil, nobody enrolled. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

#define PERIOD "from=2025-08-01&to=2026-07-31"

static json_t *school_of(json_t *doc, const char *key)
{
    json_t *s = item_with(json_object_get(doc, "schools"), "key", key);
    if (!s)
        fail_msg("no school %s", key);
    return s;
}

/* The figure code of a dashboard row (borrowed). */
static json_t *figure_of(json_t *row, const char *code)
{
    json_t *f = item_with(json_object_get(row, "figures"), "code", code);
    if (!f)
        fail_msg("no figure %s", code);
    return f;
}

static void assert_same_number(json_t *a, json_t *b, const char *what)
{
    if (json_is_null(a) && json_is_null(b))
        return;
    if (!json_is_number(a) || !json_is_number(b) ||
        fabs(json_number_value(a) - json_number_value(b)) > 1e-9)
        fail_msg("%s differs from the coverage report", what);
}

static void figures_agree_with_the_report(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *dash = get_json(lead, "/dashboard?" PERIOD, 200);
    json_t *report = get_json(lead, "/reports/coverage?" PERIOD, 200);
    static const char *const shared[] = {"coverage_pct",  "reach_pct",      "reach_priority_pct",
                                         "mean_hours",    "intensity_pct",  "attendance_pct",
                                         "involvement"};
    assert_int_equal(json_array_size(json_object_get(dash, "schools")), 2);
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "zuid" : "noord";
        json_t *row = school_of(dash, key), *rs = school_of(report, key);
        for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
            assert_same_number(json_object_get(figure_of(row, shared[i]), "value"),
                               json_object_get(rs, shared[i]), shared[i]);
    }
    json_t *noord = school_of(dash, "noord");
    assert_string_equal(str_of(figure_of(noord, "reach_pct"), "text"), "33,3%");
    assert_true(json_number_value(json_object_get(figure_of(noord, "staff_qualified_pct"),
                                                  "value")) == 100.0);
    assert_true(json_number_value(json_object_get(figure_of(noord, "vog_valid_pct"), "value")) ==
                100.0);
    assert_true(json_number_value(json_object_get(figure_of(noord, "waiting"), "value")) == 0);
    /* zuid: no participants, so no mean hours; its staff ran nothing with a VOG to check */
    json_t *zuid = school_of(dash, "zuid");
    assert_true(json_is_null(json_object_get(figure_of(zuid, "mean_hours"), "value")));
    assert_string_equal(str_of(figure_of(zuid, "mean_hours"), "text"), "–");
    assert_non_null(json_object_get(dash, "coalition"));
    json_decref(report);
    json_decref(dash);
    client_free(lead);
}

/* Twelve months; noord's hours add up to the report's; Sara is a participant in September. */
static void the_monthly_trend(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *dash = get_json(lead, "/dashboard?" PERIOD, 200);
    json_t *report = get_json(lead, "/reports/coverage?" PERIOD, 200);
    json_t *trends = json_object_get(dash, "trends");
    assert_int_equal(json_array_size(json_object_get(trends, "months")), 12);
    json_t *noord = json_object_get(json_object_get(trends, "schools"), "noord");
    assert_int_equal(json_array_size(noord), 12);
    json_t *september = json_array_get(noord, 1);
    assert_string_equal(str_of(september, "month"), "2025-09");
    assert_int_equal(int_of(september, "participants"), 1);
    assert_true(json_number_value(json_object_get(september, "hours")) == 1.0);
    double hours = 0;
    size_t i;
    json_t *m;
    json_array_foreach(noord, i, m) hours += json_number_value(json_object_get(m, "hours"));
    assert_true(fabs(hours - json_number_value(json_object_get(school_of(report, "noord"),
                                                               "hours"))) < 1e-9);
    json_t *trend = json_object_get(dash, "trend"); /* shown: the coalition's */
    assert_string_equal(str_of(trend, "subject"), "Coalitie");
    assert_int_equal(json_array_size(json_object_get(trend, "months")), 12);
    json_decref(dash);

    dash = get_json(lead, "/dashboard?" PERIOD "&school=zuid", 200);
    assert_string_equal(str_of(json_object_get(dash, "trend"), "subject"), "Basisschool Zuid");
    json_decref(dash);
    assert_int_equal(get_status(lead, "/dashboard?" PERIOD "&school=nergens", false), 404);
    json_decref(report);
    client_free(lead);
}

static const char *first_key(json_t *doc)
{
    return str_of(json_array_get(json_object_get(doc, "schools"), 0), "key");
}

static void sorting_with_plain_links(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/dashboard?" PERIOD, 200);
    assert_string_equal(first_key(doc), "noord"); /* by name */
    assert_string_equal(str_of(doc, "sort"), "name");
    json_decref(doc);
    doc = get_json(lead, "/dashboard?" PERIOD "&sort=reach_pct&dir=asc", 200);
    assert_string_equal(first_key(doc), "zuid"); /* 0% before 33.3% */
    json_decref(doc);
    doc = get_json(lead, "/dashboard?" PERIOD "&sort=reach_pct", 200); /* a figure: desc */
    assert_string_equal(first_key(doc), "noord");
    assert_string_equal(str_of(doc, "dir"), "desc");
    json_decref(doc);
    /* zuid has no mean hours: last, in either direction */
    doc = get_json(lead, "/dashboard?" PERIOD "&sort=mean_hours&dir=asc", 200);
    assert_string_equal(first_key(doc), "noord");
    json_decref(doc);
    doc = get_json(lead, "/dashboard?" PERIOD "&sort=name&dir=desc", 200);
    assert_string_equal(first_key(doc), "zuid");
    json_decref(doc);
    doc = get_json(lead, "/dashboard?" PERIOD "&sort=%3Cscript%3E&dir=sideways", 200);
    assert_string_equal(first_key(doc), "noord");
    assert_string_equal(str_of(doc, "sort"), "name");
    json_decref(doc);

    /* the links: the sorted column turns round, the others start at their default */
    struct response res;
    assert_int_equal(client_get(lead, "/dashboard?" PERIOD "&sort=reach_pct&dir=desc", false,
                                &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "aria-sort=\"descending\"><a href=\"/dashboard?from=2025-08-01&amp;"
                              "to=2026-07-31&amp;sort=reach_pct&amp;dir=asc\">Bereik</a>");
    assert_contains(res.body, "href=\"/dashboard?from=2025-08-01&amp;to=2026-07-31&amp;"
                              "sort=attendance_pct&amp;dir=desc\"");
    assert_contains(res.body, "href=\"/dashboard?from=2025-08-01&amp;to=2026-07-31&amp;"
                              "sort=name&amp;dir=asc\"");
    response_free(&res);
    client_free(lead);
}

static void badges_follow_the_norms(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/dashboard?" PERIOD, 200);
    json_t *badge = figure_of(school_of(doc, "noord"), "reach_pct");
    assert_string_equal(str_of(badge, "signal"), "none");
    assert_false(json_is_true(json_object_get(badge, "shown")));
    json_decref(doc);

    /* reach: norm 33.3 (met exactly by the shown 33,3%), ambition 50; VOG: norm 100 */
    json_t *answer = post_json(lead, "/norms",
                               "norm_reach_pct=33%2C3&ambition_reach_pct=50"
                               "&norm_vog_valid_pct=100&norm_attendance_pct=99",
                               200);
    json_decref(answer);
    doc = get_json(lead, "/dashboard?" PERIOD, 200);
    json_t *noord = school_of(doc, "noord"), *zuid = school_of(doc, "zuid");
    badge = figure_of(noord, "reach_pct");
    assert_string_equal(str_of(badge, "signal"), "orange");
    assert_string_equal(str_of(badge, "label"), "tussen norm en ambitie");
    assert_string_equal(str_of(figure_of(zuid, "reach_pct"), "signal"), "red");
    assert_string_equal(str_of(figure_of(noord, "vog_valid_pct"), "label"), "norm gehaald");
    /* a figure without a value gets no signal; a count without a norm neither */
    assert_string_equal(str_of(figure_of(zuid, "attendance_pct"), "signal"), "none");
    assert_string_equal(str_of(figure_of(noord, "waiting"), "signal"), "none");
    json_decref(doc);

    struct response res;
    assert_int_equal(client_get(lead, "/dashboard?" PERIOD, false, &res), 0);
    assert_contains(res.body, "<span class=\"signal signal--orange\">tussen norm en ambitie</span>");
    assert_contains(res.body, "<span class=\"signal signal--red\">onder de norm</span>");
    response_free(&res);
    answer = post_json(lead, "/norms", "norm_reach_pct=&ambition_reach_pct="
                                       "&norm_vog_valid_pct=&norm_attendance_pct=", 200);
    json_decref(answer);
    client_free(lead);
}

static void who_sees_what(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    json_t *doc = get_json(noord, "/dashboard?" PERIOD, 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 1);
    assert_string_equal(first_key(doc), "noord");
    assert_null(json_object_get(doc, "coalition"));
    assert_string_equal(str_of(json_object_get(doc, "trend"), "subject"), "Basisschool Noord");
    assert_null(json_object_get(json_object_get(json_object_get(doc, "trends"), "schools"),
                                "zuid"));
    json_decref(doc);
    assert_int_equal(get_status(noord, "/dashboard?" PERIOD "&school=zuid", true), 404);
    assert_int_equal(get_status(noord, "/dashboard?" PERIOD "&school=noord", false), 200);
    client_free(noord);

    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(get_status(anna, "/dashboard", false), 403);
    assert_int_equal(get_status(anna, "/dashboard", true), 403);
    client_free(anna);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, "/dashboard", false), 403);
    client_free(parent);
}

static void the_page(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(lead, "/dashboard?" PERIOD, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.content_type, "text/html");
    assert_contains(res.body, "<a href=\"/dashboard\" aria-current=\"page\">Dashboard</a>");
    /* the heat map in words, not colour alone */
    assert_contains(res.body, "<caption>Dekking per school en domein</caption>");
    assert_contains(res.body, "<td class=\"heat heat--covered\"><span aria-hidden=\"true\">●</span>"
                              " gedekt</td>");
    assert_contains(res.body, "heat--none\"><span aria-hidden=\"true\">○</span> geen aanbod");
    /* the charts, with their text alternatives */
    assert_contains(res.body, "<title id=\"chart-reach-title\">Bereik per school</title>");
    assert_contains(res.body, "aria-labelledby=\"chart-coverage-title chart-coverage-desc\"");
    assert_contains(res.body, "<title id=\"chart-trend-participants-title\">");
    assert_contains(res.body, "<caption>Deelnemers en uren per maand: Coalitie</caption>");
    assert_contains(res.body, "<th scope=\"row\">sep 2025</th>");
    assert_contains(res.body, "33,3%");
    assert_lacks(res.body, "<script");
    response_free(&res);

    /* JSON has the figures but not the drawings */
    assert_int_equal(client_get(lead, "/dashboard?" PERIOD, true, &res), 0);
    assert_lacks(res.body, "<svg");
    assert_contains(res.body, "\"code\":\"reach_pct\"");
    response_free(&res);

    /* the coordinator's nav has no dashboard item (the lead's page), but the page works */
    struct client *noord = logged_in("noord@test.nl");
    assert_int_equal(client_get(noord, "/", false, &res), 0);
    assert_lacks(res.body, "href=\"/dashboard\"");
    response_free(&res);
    client_free(noord);
    client_free(lead);
}

static void a_bad_period(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long status = 0;
    json_t *doc = get_json_status(lead, "/dashboard?from=2026-02-30&to=2026-07-31", &status);
    assert_int_equal(status, 422);
    assert_refused_field(doc, "from");
    json_decref(doc);
    doc = get_json_status(lead, "/dashboard?from=2026-08-01&to=2026-07-31", &status);
    assert_int_equal(status, 422);
    assert_refused_field(doc, "to");
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(lead, "/dashboard?from=%3Cb%3E&to=", false, &res), 0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "value=\"&lt;b&gt;\"");
    response_free(&res);
    client_free(lead);
}

/* At national scale the rows come in pages of 50 with a search by name; the coalition's
   totals stay on top of every page; JSON keeps every school unless ?page= asks for one; a
   page or a search that is no page or plain text is refused (422). Runs last: it adds 50
   schools. */
static void pages_and_search(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/dashboard?" PERIOD "&q=ZUID", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 1);
    assert_string_equal(first_key(doc), "zuid");
    assert_int_equal(int_of(doc, "total"), 1);
    assert_string_equal(str_of(doc, "count_label"), "1 van de 2 scholen");
    assert_int_equal(int_of(json_object_get(doc, "coalition"), "pupils"), 4); /* all schools */
    json_decref(doc);
    doc = get_json(lead, "/dashboard?" PERIOD "&q=nergens", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 0);
    assert_false(json_is_true(json_object_get(doc, "has_rows")));
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(lead, "/dashboard?" PERIOD "&q=%3Cb%3Energens", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "name=\"q\" type=\"search\" value=\"&lt;b&gt;nergens\"");
    assert_contains(res.body, "Geen school gevonden waarvan de naam „&lt;b&gt;nergens” bevat.");
    response_free(&res);

    static const char *const bad[][2] = {
        {"&page=0", "page"},   {"&page=abc", "page"}, {"&page=10001", "page"},
        {"&page=-1", "page"},  {"&page=%2B1", "page"}, {"&q=a%01b", "q"},
        {"&q=", "q"}, /* with 101 characters after it, below */
    };
    /* bytes that are no UTF-8 the query's reader refuses first */
    assert_int_equal(get_status(lead, "/dashboard?" PERIOD "&q=%FF", false), 400);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[200], long_search[102] = "";
        if (!strcmp(bad[i][0], "&q=")) {
            memset(long_search, 'a', 101);
            long_search[101] = '\0';
        }
        snprintf(path, sizeof path, "/dashboard?" PERIOD "%s%s", bad[i][0], long_search);
        long status = 0;
        doc = get_json_status(lead, path, &status);
        if (status != 422)
            fail_msg("%s: %ld", bad[i][0], status);
        assert_refused_field(doc, bad[i][1]);
        json_decref(doc);
        assert_int_equal(get_status(lead, path, false), 422);
    }

    for (int i = 1; i <= 50; i++) {
        char body[64];
        snprintf(body, sizeof body, "name=Testschool+%02d&kind=po", i);
        json_decref(post_json(lead, "/schools", body, 201));
    }
    doc = get_json(lead, "/dashboard?" PERIOD, 200); /* JSON: every school */
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 52);
    assert_int_equal(json_object_size(json_object_get(json_object_get(doc, "trends"), "schools")),
                     52);
    json_decref(doc);
    json_t *every = get_json(lead, "/dashboard?" PERIOD, 200);
    doc = get_json(lead, "/dashboard?" PERIOD "&page=2", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 2);
    assert_int_equal(int_of(doc, "page"), 2);
    assert_int_equal(int_of(doc, "pages"), 2);
    assert_int_equal(int_of(doc, "total"), 52);
    assert_string_equal(first_key(doc),
                        str_of(json_array_get(json_object_get(every, "schools"), 50), "key"));
    assert_int_equal(int_of(json_object_get(doc, "coalition"), "school_count"), 52);
    json_decref(doc);
    json_decref(every);
    doc = get_json(lead, "/dashboard?" PERIOD "&page=99", 200); /* past the last: the last */
    assert_int_equal(int_of(doc, "page"), 2);
    json_decref(doc);

    assert_int_equal(client_get(lead, "/dashboard?" PERIOD "&sort=reach_pct", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "52 scholen</strong> · pagina 1 van 2");
    assert_contains(res.body, "<a href=\"/dashboard?from=2025-08-01&amp;to=2026-07-31&amp;"
                              "sort=reach_pct&amp;dir=desc&amp;page=2\" rel=\"next\">");
    const char *totals = strstr(res.body, "<tbody class=\"coalition-totals\">");
    assert_non_null(totals);
    assert_true(totals < strstr(res.body, "trend<span class=\"visually-hidden\">"));
    assert_lacks(res.body, "rel=\"prev\"");
    assert_lacks(res.body, "Testschool 50"); /* by reach, then name: 01 … 48 on page 1 */
    response_free(&res);
    assert_int_equal(
        client_get(lead, "/dashboard?" PERIOD "&sort=reach_pct&page=2&q=school", false, &res),
        0);
    assert_contains(res.body, "Testschool 50");
    assert_contains(res.body, "rel=\"prev\"");
    /* a new sort starts at the first page, and keeps the search */
    assert_contains(res.body, "href=\"/dashboard?from=2025-08-01&amp;to=2026-07-31&amp;"
                              "sort=name&amp;dir=asc&amp;q=school\"");
    response_free(&res);
    client_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(figures_agree_with_the_report),
        cmocka_unit_test(the_monthly_trend),
        cmocka_unit_test(sorting_with_plain_links),
        cmocka_unit_test(badges_follow_the_norms),
        cmocka_unit_test(who_sees_what),
        cmocka_unit_test(the_page),
        cmocka_unit_test(a_bad_period),
        cmocka_unit_test(pages_and_search),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
