/* HTTP tests of /reports/schools/{id}, the yearly review of a school, against the real daemon
 * with the fixture (judo at noord from 2025-09-02 to 2026-01-27, Sara present once): who may
 * read and save which school, the year in the URL, the JSON shape with last year's figures
 * beside this year's, the printable HTML, saving the conclusions (coordinator and lead, HTML
 * and JSON, only what was posted), bad input refused with 422 and Dutch messages at the field
 * with the input kept and nothing written, a theme changed by somebody else in between, hostile
 * bytes, and CSRF. The school years are given in the URL, so the figures do not depend on
 * today's date. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

/* "/reports/schools/ID" of the school with key, with suffix appended ("?year=2025"). */
static void review_path(char *out, size_t size, const char *key, const char *suffix)
{
    snprintf(out, size, "/reports/schools/%lld%s", id_of("schools", key), suffix);
}

static long long conclusion_rows(void)
{
    return count_of("SELECT count(*) FROM review_conclusions");
}

static long long review_audits(void)
{
    return count_of("SELECT count(*) FROM audit_log WHERE entity = 'review_conclusions'");
}

/* The figure with code in a JSON review (borrowed). */
static json_t *figure_in(json_t *doc, const char *code)
{
    json_t *f = item_with(json_object_get(doc, "figures"), "code", code);
    if (!f)
        fail_msg("figure %s missing", code);
    return f;
}

/* The value of one year ("this_year" or "last_year") of a figure: the number × 10 rounded, or
   -1 for null. */
static long value_of(json_t *figure, const char *year)
{
    json_t *v = json_object_get(json_object_get(figure, year), "value");
    if (json_is_null(v))
        return -1;
    assert_true(json_is_number(v));
    double x = json_number_value(v) * 10;
    return (long)(x + (x < 0 ? -0.5 : 0.5));
}

/* The conclusion entry of theme code (borrowed). */
static json_t *conclusion_in(json_t *list, const char *code)
{
    json_t *c = item_with(list, "code", code);
    if (!c)
        fail_msg("theme %s missing", code);
    return c;
}

/* ---- access --------------------------------------------------------------------------------- */

static void who_may_see_which_school(void **state)
{
    (void)state;
    char noord[64], zuid[64], missing[64] = "/reports/schools/999999";
    review_path(noord, sizeof noord, "noord", "");
    review_path(zuid, sizeof zuid, "zuid", "");
    struct client *lead = logged_in("lead@test.nl");
    struct client *coordinator = logged_in("noord@test.nl");
    struct client *staff = logged_in("anna@test.nl");
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(lead, noord, false), 200);
    assert_int_equal(get_status(lead, zuid, true), 200);
    assert_int_equal(get_status(lead, missing, false), 404);
    assert_int_equal(get_status(coordinator, noord, false), 200);
    assert_int_equal(get_status(coordinator, noord, true), 200);
    assert_int_equal(get_status(coordinator, zuid, false), 404); /* not even that it exists */
    assert_int_equal(get_status(coordinator, zuid, true), 404);
    assert_int_equal(get_status(staff, noord, false), 403);
    assert_int_equal(get_status(staff, noord, true), 403);
    assert_int_equal(get_status(parent, noord, false), 403);
    assert_int_equal(post_status(staff, noord, "year=2025&afspraken=x", false, true), 403);
    assert_int_equal(post_status(parent, noord, "year=2025&afspraken=x", true, true), 403);
    assert_int_equal(post_status(coordinator, zuid, "year=2025&afspraken=x", false, true), 404);
    assert_int_equal(conclusion_rows(), 0);

    struct client *anonymous = client_new(&server);
    assert_int_equal(get_status(anonymous, noord, true), 401);
    assert_int_equal(get_status(anonymous, noord, false), 303);
    client_free(anonymous);

    /* The school's page links to its review, for the lead and for its coordinator. */
    char school[64], link[96];
    snprintf(school, sizeof school, "/schools/%lld", id_of("schools", "noord"));
    snprintf(link, sizeof link, "href=\"%s\"", noord);
    struct response res;
    assert_int_equal(client_get(coordinator, school, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, link);
    assert_contains(res.body, ">Jaargesprek</a>");
    response_free(&res);
    client_free(lead);
    client_free(coordinator);
    client_free(staff);
    client_free(parent);
}

static void the_year_in_the_url(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    char path[96];
    static const char *const bad[] = {"?year=abc", "?year=25", "?year=1999", "?year=2025x",
                                      "?year=%2B2025", "?year=20251"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        review_path(path, sizeof path, "noord", bad[i]);
        assert_int_equal(get_status(lead, path, false), 400);
    }
    review_path(path, sizeof path, "noord", "?year=2024");
    json_t *doc = get_json(lead, path, 200);
    assert_int_equal(int_of(doc, "year"), 2024);
    assert_string_equal(str_of(doc, "year_label"), "2024\u20132025");
    assert_string_equal(str_of(doc, "last_year_label"), "2023\u20132024");
    assert_string_equal(str_of(json_object_get(doc, "period"), "from"), "2024-08-01");
    assert_string_equal(str_of(json_object_get(doc, "period"), "to"), "2025-07-31");
    json_decref(doc);
    /* No year: the current school year. */
    review_path(path, sizeof path, "noord", "");
    doc = get_json(lead, path, 200);
    assert_true(int_of(doc, "year") >= 2025);
    json_decref(doc);
    client_free(lead);
}

/* ---- what the page shows -------------------------------------------------------------------- */

static void json_shape_with_last_year(void **state)
{
    (void)state;
    struct client *coordinator = logged_in("noord@test.nl");
    char path[96];
    review_path(path, sizeof path, "noord", "?year=2026");
    json_t *doc = get_json(coordinator, path, 200);
    assert_string_equal(str_of(json_object_get(doc, "school"), "key"), "noord");
    assert_string_equal(str_of(doc, "year_label"), "2026\u20132027");
    assert_string_equal(str_of(doc, "last_year_label"), "2025\u20132026");
    static const char *const codes[] = {"coverage_pct", "reach_pct", "reach_priority_pct",
                                        "mean_hours", "intensity_pct", "attendance_pct",
                                        "involvement"};
    assert_int_equal(json_array_size(json_object_get(doc, "figures")), 7);
    for (size_t i = 0; i < 7; i++) {
        json_t *f = figure_in(doc, codes[i]);
        str_of(f, "label");
        str_of(f, "change");
        for (int y = 0; y < 2; y++) {
            json_t *year = json_object_get(f, y ? "last_year" : "this_year");
            assert_non_null(year);
            assert_non_null(json_object_get(year, "value"));
            str_of(year, "text");
            assert_non_null(json_object_get(json_object_get(year, "badge"), "signal"));
        }
    }
    assert_string_equal(str_of(json_object_get(doc, "this_year"), "key"), "noord");
    assert_int_equal(json_array_size(json_object_get(doc, "conclusions")), 6);
    assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "incidents"), "rows")),
                     3);
    json_decref(doc);

    /* The values side by side for a finished year (a year under way stands beside the same
       stretch of last year, which depends on today: test_http_review_period.c). 2025–2026:
       judo ran with Sara present once; 2024–2025 nothing. */
    review_path(path, sizeof path, "noord", "?year=2025");
    doc = get_json(coordinator, path, 200);
    json_t *coverage = figure_in(doc, "coverage_pct"), *reach = figure_in(doc, "reach_pct");
    assert_int_equal(value_of(coverage, "this_year"), 167); /* sport of six domains */
    assert_int_equal(value_of(coverage, "last_year"), 0);
    assert_int_equal(value_of(reach, "this_year"), 333);   /* 1 of 3 pupils */
    assert_int_equal(value_of(reach, "last_year"), 0);
    assert_string_equal(str_of(json_object_get(reach, "this_year"), "text"), "33,3%");
    assert_int_equal(value_of(figure_in(doc, "attendance_pct"), "this_year"), 1000);
    assert_int_equal(value_of(figure_in(doc, "attendance_pct"), "last_year"), -1);
    /* The report's own documents of both years. */
    assert_int_equal(int_of(json_object_get(doc, "this_year"), "participants"), 1);
    assert_int_equal(int_of(json_object_get(doc, "last_year"), "participants"), 0);
    assert_false(json_is_true(json_object_get(json_object_get(doc, "comparison"), "stretch")));
    json_decref(doc);

    /* 2025–2026: judo under sport, structural, with its goal. */
    review_path(path, sizeof path, "noord", "?year=2025");
    doc = get_json(coordinator, path, 200);
    json_t *activities = json_object_get(doc, "activities");
    assert_int_equal(json_array_size(activities), 1);
    json_t *judo = json_array_get(activities, 0);
    assert_string_equal(str_of(judo, "title"), "Judo");
    assert_string_equal(str_of(judo, "goal"), "Samenwerken en zelfvertrouwen");
    assert_true(json_is_true(json_object_get(judo, "qualifying")));
    assert_true(int_of(judo, "sessions") >= 6);
    json_t *sport = NULL;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(doc, "domains"), i, d) {
        if (!strcmp(str_of(d, "code"), "sport"))
            sport = d;
        else
            assert_string_equal(str_of(d, "state"), "none");
    }
    assert_non_null(sport);
    assert_string_equal(str_of(sport, "state"), "covered");
    assert_int_equal(json_array_size(json_object_get(sport, "activities")), 1);
    json_decref(doc);
    client_free(coordinator);
}

static void printable_html(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    char path[96];
    review_path(path, sizeof path, "noord", "?year=2025");
    struct response res;
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Jaargesprek Basisschool Noord");
    assert_contains(res.body, "<th scope=\"col\" class=\"num\">2025\u20132026</th>");
    assert_contains(res.body, "<th scope=\"col\" class=\"num\">2024\u20132025</th>");
    assert_contains(res.body, "Samenwerken en zelfvertrouwen");
    assert_contains(res.body, "structureel");
    assert_contains(res.body, "class=\"review__section review__section--break\"");
    assert_contains(res.body, "name=\"doelgerichtheid\"");
    assert_contains(res.body, "name=\"seen_afspraken\"");
    assert_contains(res.body, "name=\"year\" value=\"2025\"");
    assert_contains(res.body, "Verbinding thuis\u2013school");
    assert_contains(res.body, "<option value=\"2025\" selected>");
    response_free(&res);
    client_free(lead);
}

/* ---- saving --------------------------------------------------------------------------------- */

static void coordinator_and_lead_save(void **state)
{
    (void)state;
    struct client *coordinator = logged_in("noord@test.nl");
    struct client *lead = logged_in("lead@test.nl");
    char path[96];
    review_path(path, sizeof path, "noord", "");
    long long audits = review_audits();

    /* The coordinator saves two themes with the form (HTML): back to the conclusions. */
    char *body = form_body("year", "2025", "doelgerichtheid", "Doelen per activiteit helder.",
                           "thuis_school", "", "afspraken", "Twee keer per jaar\r\nbespreken.",
                           "seen_doelgerichtheid", "", NULL);
    struct response res;
    post(coordinator, path, body, false, &res);
    free(body);
    assert_int_equal(res.status, 303);
    char expected[128];
    snprintf(expected, sizeof expected, "%s?year=2025#conclusies", path);
    assert_string_equal(res.location, expected);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM review_conclusions WHERE year = 2025"), 2);
    assert_int_equal(review_audits(), audits + 2);
    assert_int_equal(count_of("SELECT count(*) FROM review_conclusions c JOIN users u ON"
                              " u.id = c.updated_by WHERE u.email = 'noord@test.nl'"),
                     2);

    /* The page shows them, with who saved them; another year is empty. */
    char page[128];
    review_path(page, sizeof page, "noord", "?year=2025");
    assert_int_equal(client_get(lead, page, false, &res), 0);
    assert_contains(res.body, "Doelen per activiteit helder.");
    assert_contains(res.body, "Laatst gewijzigd door Nina Noord");
    response_free(&res);
    review_path(page, sizeof page, "noord", "?year=2024");
    json_t *doc = get_json(lead, page, 200);
    assert_string_equal(
        str_of(conclusion_in(json_object_get(doc, "conclusions"), "doelgerichtheid"), "text"), "");
    json_decref(doc);

    /* The lead changes one theme as JSON; the themes not posted stay. */
    doc = post_json(lead, path, "year=2025&personeel=Vaste+vakkrachten", 200);
    assert_true(json_is_true(json_object_get(doc, "ok")));
    assert_int_equal(int_of(doc, "changed"), 1);
    json_t *list = json_object_get(doc, "conclusions");
    assert_string_equal(str_of(conclusion_in(list, "personeel"), "updated_by"), "Lea Leiding");
    assert_string_equal(str_of(conclusion_in(list, "doelgerichtheid"), "text"),
                        "Doelen per activiteit helder.");
    assert_string_equal(str_of(conclusion_in(list, "afspraken"), "text"),
                        "Twee keer per jaar\r\nbespreken.");
    json_decref(doc);
    assert_int_equal(review_audits(), audits + 3);

    /* The same again: nothing changes. */
    doc = post_json(lead, path, "year=2025&personeel=Vaste+vakkrachten", 200);
    assert_int_equal(int_of(doc, "changed"), 0);
    json_decref(doc);
    assert_int_equal(review_audits(), audits + 3);
    client_free(coordinator);
    client_free(lead);
}

static void bad_input_is_refused(void **state)
{
    (void)state;
    struct client *coordinator = logged_in("noord@test.nl");
    char path[96];
    review_path(path, sizeof path, "noord", "");
    long long rows = conclusion_rows(), audits = review_audits();

    /* A control character in one theme: 422, the message at the field, both inputs kept. */
    char *body = form_body("year", "2026", "coordinatie", "Bel\001 de coordinator",
                           "afspraken", "Blijft staan", NULL);
    struct response res;
    post(coordinator, path, body, false, &res);
    free(body);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Gebruik geen besturingstekens.");
    assert_contains(res.body, "href=\"#f-coordinatie\"");
    assert_contains(res.body, "aria-invalid=\"true\"");
    assert_contains(res.body, ">Blijft staan</textarea>");
    response_free(&res);

    /* Too long, as HTML and as JSON. */
    char *long_text = malloc(4002);
    memset(long_text, 'x', 4001);
    long_text[4001] = '\0';
    body = form_body("year", "2026", "personeel", long_text, NULL);
    post(coordinator, path, body, false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Gebruik hoogstens 4000 tekens.");
    response_free(&res);
    json_t *doc = post_expect(coordinator, path, body, 422);
    assert_refused_field(doc, "personeel");
    json_decref(doc);
    free(body);
    free(long_text);

    /* A BSN (eleven test) in free text. */
    doc = post_expect(coordinator, path, "year=2026&doelgerichtheid=BSN+111222333", 422);
    assert_refused_field(doc, "doelgerichtheid");
    json_decref(doc);

    /* No year, or a bad one: 400. */
    assert_int_equal(post_status(coordinator, path, "afspraken=x", false, true), 400);
    assert_int_equal(post_status(coordinator, path, "year=1999&afspraken=x", true, true), 400);
    assert_int_equal(post_status(coordinator, path, "year=twee&afspraken=x", false, true), 400);

    /* Hostile bytes in the body: NUL, invalid UTF-8, a field twice. */
    static const char nul[] = "year=2026&afspraken=a\0b";
    assert_int_equal(post_raw(coordinator, path, nul, sizeof nul - 1), 400);
    static const char bad_utf8[] = "year=2026&afspraken=%C3%28";
    assert_int_equal(post_raw(coordinator, path, bad_utf8, sizeof bad_utf8 - 1), 400);
    static const char twice[] = "year=2026&afspraken=a&afspraken=b";
    assert_int_equal(post_raw(coordinator, path, twice, sizeof twice - 1), 400);

    assert_int_equal(conclusion_rows(), rows);
    assert_int_equal(review_audits(), audits);
    client_free(coordinator);
}

static void changed_by_somebody_else(void **state)
{
    (void)state;
    struct client *coordinator = logged_in("noord@test.nl");
    struct client *lead = logged_in("lead@test.nl");
    char path[96];
    review_path(path, sizeof path, "noord", "");
    /* Both had the empty form for 2027 (seen ""); the lead saves first. */
    json_t *doc = post_json(lead, path, "year=2027&seen_coordinatie=&coordinatie=Versie+Lea", 200);
    json_decref(doc);
    struct response res;
    post(coordinator, path, "year=2027&seen_coordinatie=&coordinatie=Versie+Nina", false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "intussen gewijzigd door Lea Leiding");
    assert_contains(res.body, ">Versie Nina</textarea>"); /* the input kept */
    assert_contains(res.body, "Opgeslagen tekst");         /* and what is stored now */
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM review_conclusions WHERE year = 2027 AND"
                              " text = 'Versie Lea'"),
                     1);
    client_free(coordinator);
    client_free(lead);
}

static void saving_needs_the_csrf_token(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    char path[96];
    review_path(path, sizeof path, "noord", "");
    long long rows = conclusion_rows(), audits = review_audits();
    assert_int_equal(post_status(lead, path, "year=2028&afspraken=x", false, false), 403);
    assert_int_equal(post_status(lead, path, "year=2028&afspraken=x&csrf=0000", true, false),
                     403);
    assert_int_equal(conclusion_rows(), rows);
    assert_int_equal(review_audits(), audits);
    client_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(who_may_see_which_school),
        cmocka_unit_test(the_year_in_the_url),
        cmocka_unit_test(json_shape_with_last_year),
        cmocka_unit_test(printable_html),
        cmocka_unit_test(coordinator_and_lead_save),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(changed_by_somebody_else),
        cmocka_unit_test(saving_needs_the_csrf_token),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
