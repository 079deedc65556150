/* HTTP tests of the lead's report pages in pages (pages/school_window.h) against the real
 * daemon: the coverage report (GET /reports/coverage) shows 50 schools a page and the
 * progress report (GET /reports/progress) the coalition and 25 schools a page, both with a
 * search by part of a school's name (letters without case) and links to the pages before and
 * after that keep the period or the quarter and the search; the coalition's totals are on
 * every page; a page past the last shows the last; a bad page or search comes back on the
 * form with its Dutch message and the input kept (422); their JSON and CSV keep every school;
 * a coordinator's page (one school) has no search and no pages. The tests only read, so one
 * daemon serves them all.
 *
 * The fixture is testkit.h's fixture_with_cycle with 58 schools more, "Testschool 01" to
 * "Testschool 58": 60 schools, by name Basisschool Noord, Basisschool Zuid, then the
 * Testschools in order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

#define COVERAGE "/reports/coverage?from=2025-08-01&to=2026-07-31"
#define PROGRESS "/reports/progress?quarter=2025-Q4"

enum { EXTRA_SCHOOLS = 58 };

static json_t *fixture(const char *hash)
{
    (void)hash; /* FIXTURE's accounts carry their hashes */
    json_t *doc = fixture_with_cycle();
    json_t *schools = json_object_get(doc, "schools");
    for (int i = 1; i <= EXTRA_SCHOOLS; i++) {
        char key[16], name[32];
        snprintf(key, sizeof key, "test-%02d", i);
        snprintf(name, sizeof name, "Testschool %02d", i);
        json_array_append_new(schools,
                              json_pack("{s:s, s:s, s:s}", "key", key, "name", name, "kind", "po"));
    }
    return doc;
}

static int setup(void **state)
{
    return start_generated(state, fixture);
}

/* The HTML of path as c; fails unless the status is status. Free with response_free. */
static void page(struct client *c, const char *path, long status, struct response *res)
{
    assert_int_equal(client_get(c, path, false, res), 0);
    if (res->status != status)
        fail_msg("%s: %ld, expected %ld", path, res->status, status);
}

/* ---- the coverage report --------------------------------------------------------------------- */

static void coverage_in_pages(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    page(lead, COVERAGE, 200, &res);
    assert_contains(res.body, "60 scholen</strong> · pagina 1 van 2");
    assert_contains(res.body, "<th scope=\"row\">Basisschool Noord</th>");
    assert_contains(res.body, "<th scope=\"row\">Testschool 48</th>");
    assert_lacks(res.body, "Testschool 49");
    assert_contains(res.body, "<tfoot>\n    <tr>\n      <th scope=\"row\">Coalitie</th>");
    assert_contains(res.body, "<a href=\"/reports/coverage?from=2025-08-01&amp;to=2026-07-31"
                              "&amp;page=2\" rel=\"next\">");
    assert_lacks(res.body, "rel=\"prev\"");
    assert_contains(res.body, "name=\"q\" type=\"search\" value=\"\"");
    response_free(&res);

    page(lead, COVERAGE "&page=2", 200, &res);
    assert_contains(res.body, "60 scholen</strong> · pagina 2 van 2");
    assert_contains(res.body, "<th scope=\"row\">Testschool 49</th>");
    assert_contains(res.body, "<th scope=\"row\">Testschool 58</th>");
    assert_lacks(res.body, "Basisschool Noord");
    assert_lacks(res.body, "Testschool 48");
    assert_contains(res.body, "<th scope=\"row\">Coalitie</th>"); /* on every page */
    assert_contains(res.body, "<a href=\"/reports/coverage?from=2025-08-01&amp;to=2026-07-31"
                              "&amp;page=1\" rel=\"prev\">");
    assert_lacks(res.body, "rel=\"next\"");
    response_free(&res);

    page(lead, COVERAGE "&page=99", 200, &res); /* past the last: the last */
    assert_contains(res.body, "pagina 2 van 2");
    response_free(&res);
    client_free(lead);
}

static void coverage_search(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    page(lead, COVERAGE "&q=ZUID", 200, &res);
    assert_contains(res.body, "1 van de 60 scholen</strong>");
    assert_contains(res.body, "<th scope=\"row\">Basisschool Zuid</th>");
    assert_lacks(res.body, "Basisschool Noord");
    assert_lacks(res.body, "Testschool");
    assert_contains(res.body, "<th scope=\"row\">Coalitie</th>"); /* the totals of all */
    assert_contains(res.body, "name=\"q\" type=\"search\" value=\"ZUID\"");
    assert_lacks(res.body, "class=\"pagination\"");
    response_free(&res);

    page(lead, COVERAGE "&q=testschool+5&page=1", 200, &res);
    assert_contains(res.body, "9 van de 60 scholen</strong>"); /* 50 to 58 */
    assert_contains(res.body, "<th scope=\"row\">Testschool 50</th>");
    assert_contains(res.body, "<th scope=\"row\">Testschool 58</th>");
    assert_lacks(res.body, "Testschool 05");
    response_free(&res);

    page(lead, COVERAGE "&q=%3Cb%3Energens", 200, &res);
    assert_contains(res.body, "0 van de 60 scholen</strong>");
    assert_contains(res.body, "Geen school gevonden waarvan de naam „&lt;b&gt;nergens” bevat.");
    assert_contains(res.body, "value=\"&lt;b&gt;nergens\"");
    response_free(&res);

    /* the links keep the search */
    page(lead, COVERAGE "&q=testschool", 200, &res);
    assert_contains(res.body, "58 van de 60 scholen</strong> · pagina 1 van 2");
    assert_contains(res.body, "<a href=\"/reports/coverage?from=2025-08-01&amp;to=2026-07-31"
                              "&amp;q=testschool&amp;page=2\" rel=\"next\">");
    response_free(&res);
    client_free(lead);
}

/* ---- bad input ------------------------------------------------------------------------------- */

/* Every bad page and search on path: 422 with the message at its field and the form again. */
static void refuse_bad_windows(struct client *lead, const char *path, const char *kept)
{
    static const char *const bad[][2] = {
        {"&page=0", "page"},  {"&page=abc", "page"},  {"&page=10001", "page"},
        {"&page=-1", "page"}, {"&page=%2B1", "page"}, {"&page=1.5", "page"},
        {"&q=a%01b", "q"},    {"&q=a%7Fb", "q"},      {"&q=", "q"}, /* 101 characters */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char url[300], long_search[102] = "";
        if (!strcmp(bad[i][0], "&q=")) {
            memset(long_search, 'a', 101);
            long_search[101] = '\0';
        }
        snprintf(url, sizeof url, "%s%s%s", path, bad[i][0], long_search);
        struct response res;
        page(lead, url, 422, &res);
        char error_id[16];
        snprintf(error_id, sizeof error_id, "id=\"e-%s\"", bad[i][1]);
        assert_contains(res.body, error_id);
        assert_contains(res.body, kept);
        assert_lacks(res.body, "<section class=\"progress__subject\"");
        assert_lacks(res.body, "<caption>");
        response_free(&res);
    }
    char url[300];
    snprintf(url, sizeof url, "%s&q=%%FF", path); /* no UTF-8: the query's reader refuses */
    assert_int_equal(get_status(lead, url, false), 400);
}

static void bad_pages_and_searches(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    refuse_bad_windows(lead, COVERAGE, "value=\"2025-08-01\"");
    refuse_bad_windows(lead, PROGRESS, "value=\"2025-Q4\"");
    struct response res;
    page(lead, COVERAGE "&page=0&q=%3Cb%3E", 422, &res);
    assert_contains(res.body, "value=\"&lt;b&gt;\""); /* the search typed, kept */
    assert_contains(res.body, "Kies een pagina van 1 tot en met 10000.");
    assert_contains(res.body, "Kies een geldige pagina en zoekterm om de rapportage te zien.");
    assert_lacks(res.body, "Kies een geldige periode");
    assert_contains(res.body, "href=\"#f-page\"");
    assert_contains(res.body, "id=\"f-page\" tabindex=\"-1\""); /* the link's target */
    response_free(&res);
    page(lead, COVERAGE "&q=a%01b", 422, &res);
    assert_contains(res.body, "Gebruik alleen gewone tekst.");
    assert_contains(res.body, "value=\"a\001b\""); /* kept as typed */
    response_free(&res);
    client_free(lead);
}

/* ---- JSON, CSV and a coordinator: every school, no pages ----------------------------------------
 */

static void json_and_csv_are_whole(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, COVERAGE "&page=2&q=zuid", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 60);
    json_decref(doc);
    doc = get_json(lead, PROGRESS "&page=3", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 60);
    assert_int_equal(json_object_size(json_object_get(json_object_get(doc, "signals"), "schools")),
                     60);
    json_decref(doc);
    struct response res;
    page(lead, COVERAGE "&format=csv&page=2", 200, &res);
    size_t lines = 0;
    for (const char *c = res.body; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 61); /* the heading and every school */
    response_free(&res);
    client_free(lead);
}

static void a_coordinator_has_no_pages(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    page(noord, COVERAGE "&page=2&q=zuid", 200, &res); /* no window to ask for */
    assert_contains(res.body, "<th scope=\"row\">Basisschool Noord</th>");
    assert_lacks(res.body, "name=\"q\"");
    assert_lacks(res.body, "scholen</strong>");
    assert_lacks(res.body, "class=\"pagination\"");
    response_free(&res);
    page(noord, PROGRESS "&page=0", 200, &res);
    assert_contains(res.body, "id=\"school-noord\"");
    assert_lacks(res.body, "name=\"q\"");
    response_free(&res);
    client_free(noord);
}

/* ---- the progress report --------------------------------------------------------------------- */

static void progress_in_pages(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    page(lead, PROGRESS, 200, &res);
    assert_contains(res.body, "60 scholen</strong> · pagina 1 van 3");
    assert_contains(res.body, "id=\"coalitie\"");
    assert_contains(res.body, "id=\"school-noord\"");
    assert_contains(res.body, "id=\"school-test-23\"");
    assert_lacks(res.body, "id=\"school-test-24\"");
    assert_contains(res.body, "<a href=\"/reports/progress?quarter=2025-Q4&amp;page=2\""
                              " rel=\"next\">Volgende pagina</a>");
    response_free(&res);

    page(lead, PROGRESS "&page=3", 200, &res);
    assert_contains(res.body, "pagina 3 van 3");
    assert_contains(res.body, "id=\"coalitie\""); /* on every page, first */
    assert_true(strstr(res.body, "id=\"coalitie\"") < strstr(res.body, "id=\"school-test-49\""));
    assert_contains(res.body, "id=\"school-test-58\"");
    assert_lacks(res.body, "id=\"school-test-48\"");
    assert_lacks(res.body, "id=\"school-noord\"");
    /* the quarter picker's links to the other quarters stay as they were */
    assert_contains(res.body, "href=\"/reports/progress?quarter=2025-Q3\" rel=\"prev\"");
    response_free(&res);

    page(lead, PROGRESS "&q=noord", 200, &res);
    assert_contains(res.body, "1 van de 60 scholen</strong>");
    assert_contains(res.body, "id=\"school-noord\"");
    assert_lacks(res.body, "id=\"school-zuid\"");
    assert_contains(res.body, "id=\"coalitie\"");
    assert_contains(res.body, "name=\"q\" type=\"search\" value=\"noord\"");
    response_free(&res);

    page(lead, PROGRESS "&q=testschool&page=2", 200, &res);
    assert_contains(res.body, "58 van de 60 scholen</strong> · pagina 2 van 3");
    assert_contains(res.body, "<a href=\"/reports/progress?quarter=2025-Q4&amp;q=testschool"
                              "&amp;page=1\" rel=\"prev\">");
    assert_contains(res.body, "id=\"school-test-26\""); /* 01–25 on the first page */
    assert_lacks(res.body, "id=\"school-test-25\"");
    response_free(&res);
    client_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(coverage_in_pages),          cmocka_unit_test(coverage_search),
        cmocka_unit_test(bad_pages_and_searches),     cmocka_unit_test(json_and_csv_are_whole),
        cmocka_unit_test(a_coordinator_has_no_pages), cmocka_unit_test(progress_in_pages),
    };
    int failed = cmocka_run_group_tests(tests, setup, stop_generated);
    return exit_status(failed);
}
