/* HTTP tests of GET /reports/coverage against the real daemon with tests/http/fixture.json,
 * over the school year 2025-2026 (its sessions are all in the past): the JSON document of
 * PRODUCT.md section 6 (every key, numbers not strings, one decimal: "33.3" as text), the lead
 * sees both schools and the coalition, a coordinator only the own school, staff and parents
 * 403; the HTML page (an accessible table with caption and scoped headers, Dutch decimal
 * commas, the domain names covered); the CSV for Excel (BOM, semicolons, decimal comma,
 * attachment); and the period refused (a date that is no date, an end before the start, a
 * period over three years: 422 with the message at the field; an unknown format 400). The
 * tests only read, so one daemon serves them all.
 *
 * The fixture over the period: noord has Judo (sport, Tuesdays 2025-09-02 – 2026-01-27, no
 * sessions in the Christmas holiday: 20 held) with Sara enrolled (present once, 1 hour,
 * involvement 4) and 3 pupils; zuid has Tekenen (cultuur, 20 held) and 1 pupil, nobody
 * enrolled. The quality cycle and the money are testkit.h's fixture_with_cycle on noord: over
 * the school year Judo's plan is complete, Judo was visited, Sara gave three feedbacks (1, 3
 * and 2; once "again") and her interests; Judo costs 20 × 85 + 120,50 = 1.820,50 against
 * noord's budget of 10.000. Every role that can reach the report (the lead, a coordinator)
 * sees the money: there is no role for which the page leaves it out. */
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

#define PERIOD "/reports/coverage?from=2025-08-01&to=2026-07-31"

static json_t *fixture(const char *hash)
{
    (void)hash; /* FIXTURE's accounts carry their hashes */
    return fixture_with_cycle();
}

static int setup(void **state)
{
    return start_generated(state, fixture);
}

static json_t *school_of(json_t *doc, const char *key)
{
    json_t *s = item_with(json_object_get(doc, "schools"), "key", key);
    if (!s)
        fail_msg("no school %s in the report", key);
    return s;
}

/* The real member key of obj; fails when it is missing or not a real number. */
static double real_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_real(v))
        fail_msg("%s is not a number with decimals", key);
    return json_real_value(v);
}

static void assert_near(double value, double expected)
{
    if (fabs(value - expected) > 1e-9)
        fail_msg("%g, expected %g", value, expected);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void json_for_the_lead(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, PERIOD, 200);
    assert_string_equal(str_of(doc, "from"), "2025-08-01");
    assert_string_equal(str_of(doc, "to"), "2026-07-31");
    assert_int_equal(int_of(doc, "min_sessions"), 6);
    json_t *domains = json_object_get(doc, "domains");
    assert_int_equal(json_array_size(domains), 6);
    assert_string_equal(str_of(json_array_get(domains, 0), "code"), "sport");
    assert_string_equal(str_of(json_array_get(domains, 0), "name"), "Sport");
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 2);

    json_t *noord = school_of(doc, "noord");
    assert_string_equal(str_of(noord, "name"), "Basisschool Noord");
    json_t *covered = json_object_get(noord, "covered");
    assert_int_equal(json_array_size(covered), 1);
    assert_string_equal(json_string_value(json_array_get(covered, 0)), "sport");
    assert_near(real_of(noord, "coverage_pct"), 16.7);
    assert_int_equal(int_of(noord, "pupils"), 3);
    assert_int_equal(int_of(noord, "participants"), 1);
    assert_near(real_of(noord, "reach_pct"), 33.3);
    assert_near(real_of(noord, "attendance_pct"), 100.0);
    assert_near(real_of(noord, "mean_hours"), 1.0);
    assert_near(real_of(noord, "involvement"), 4.0);
    json_t *sport = json_object_get(json_object_get(noord, "domains"), "sport");
    assert_int_equal(int_of(sport, "activities"), 1);
    assert_int_equal(int_of(sport, "qualifying"), 1);
    assert_int_equal(int_of(sport, "sessions"), 20);
    assert_int_equal(int_of(sport, "participants"), 1);
    assert_near(real_of(sport, "hours"), 1.0);
    json_t *wereld = json_object_get(json_object_get(noord, "domains"), "wereld");
    assert_int_equal(int_of(wereld, "activities"), 0);
    assert_near(real_of(wereld, "hours"), 0.0);

    /* Zuid: an activity without participants; nothing measured is null, not 0. */
    json_t *zuid = school_of(doc, "zuid");
    assert_int_equal(int_of(zuid, "participants"), 0);
    assert_near(real_of(zuid, "reach_pct"), 0.0);
    assert_true(json_is_null(json_object_get(zuid, "attendance_pct")));
    assert_true(json_is_null(json_object_get(zuid, "mean_hours")));
    assert_true(json_is_null(json_object_get(zuid, "involvement")));
    assert_int_equal(int_of(json_object_get(json_object_get(zuid, "domains"), "cultuur"),
                            "qualifying"), 1);
    assert_non_null(json_object_get(doc, "coalition"));
    json_decref(doc);

    /* As text: one decimal, not the binary neighbour of 33.3. */
    struct response res;
    assert_int_equal(client_get(lead, PERIOD, true, &res), 0);
    assert_contains(res.body, "\"reach_pct\":33.3,");
    assert_contains(res.body, "\"coverage_pct\":16.7,");
    assert_lacks(res.body, "33.29999");
    response_free(&res);
    client_free(lead);
}

/* The default period is the current school year; today's sessions and earlier only. */
static void the_default_period(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/reports/coverage", 200);
    const char *from = str_of(doc, "from"), *to = str_of(doc, "to");
    assert_int_equal(strlen(from), 10);
    assert_string_equal(from + 4, "-08-01");
    assert_string_equal(to + 4, "-07-31");
    assert_int_equal(atoi(to), atoi(from) + 1);
    json_decref(doc);
    client_free(lead);
}

static void who_sees_what(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    json_t *doc = get_json(noord, PERIOD, 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 1);
    assert_string_equal(str_of(json_array_get(json_object_get(doc, "schools"), 0), "key"),
                        "noord");
    assert_null(json_object_get(doc, "coalition"));
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(noord, PERIOD "&format=csv", false, &res), 0);
    assert_lacks(res.body, "Basisschool Zuid");
    response_free(&res);
    assert_int_equal(client_get(noord, PERIOD, false, &res), 0);
    assert_lacks(res.body, "Basisschool Zuid");
    response_free(&res);
    client_free(noord);

    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(get_status(anna, PERIOD, true), 403);
    assert_int_equal(get_status(anna, PERIOD "&format=csv", false), 403);
    client_free(anna);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, PERIOD, false), 403);
    client_free(parent);
    struct client *anonymous = at_login_form();
    long status = get_status(anonymous, PERIOD, false);
    assert_true(status == 303 || status == 401 || status == 403);
    client_free(anonymous);
}

/* ---- HTML and CSV ---------------------------------------------------------------------------- */

static void the_page(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(lead, PERIOD, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<caption>Dekking, bereik en intensiteit per school</caption>");
    assert_contains(res.body, "<th scope=\"col\">School</th>");
    assert_contains(res.body, "<th scope=\"row\">Basisschool Noord</th>");
    assert_contains(res.body, "33,3%");
    assert_contains(res.body, "16,7%");
    assert_contains(res.body, "Sport <span class=\"muted\">(1 van 6)</span>");
    assert_contains(res.body, "href=\"/reports/coverage?from=2025-08-01&amp;to=2026-07-31"
                              "&amp;format=csv\"");
    assert_contains(res.body, "value=\"2025-08-01\"");
    assert_contains(res.body, "href=\"/reports/coverage\" aria-current"); /* the menu item */
    response_free(&res);
    client_free(lead);
}

static void the_csv(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(lead, PERIOD "&format=csv", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_string_equal(res.content_type, "text/csv; charset=utf-8");
    assert_contains(res.headers,
                    "Content-Disposition: attachment;"
                    " filename=\"dekking-2025-08-01-2026-07-31.csv\"");
    assert_int_equal(memcmp(res.body, "\xEF\xBB\xBF" "School;Sleutel;Gedekte domeinen;Dekking (%);",
                            strlen("\xEF\xBB\xBF" "School;Sleutel;Gedekte domeinen;Dekking (%);")),
                     0);
    assert_contains(res.body, ";Sport: activiteiten;Sport: structureel;Sport: bijeenkomsten;"
                              "Sport: deelnemers;Sport: uren;");
    /* name; key; covered; coverage; pupils; participants; reach; priority pupils and
       participants; their reach; attendance; hours; mean hours; intensity; involvement; then
       sport: 1 activity, 1 qualifying, 20 sessions, 1 participant, 1,0 hour. */
    assert_contains(res.body, "\r\nBasisschool Noord;noord;Sport;16,7;3;1;33,3;1;1;100,0;100,0;"
                              "1,0;1,0;0,0;4,0;1;1;20;1;1,0;0;0;0;0;0,0;");
    assert_contains(res.body, "\r\nBasisschool Zuid;zuid;Cultuur;16,7;1;0;0,0;0;0;;;0,0;;;;");
    assert_int_equal(strcmp(res.body + res.len - 2, "\r\n"), 0);
    response_free(&res);
    client_free(lead);
}

/* ---- the quality cycle and the money --------------------------------------------------------- */

/* The quality cycle and the money: a table each on the page, with "–" for a figure without a
   value, and columns after the domains' in the CSV, so that the earlier columns keep
   their places; the lead and noord's coordinator see the same of noord. */
static void the_quality_cycle_and_the_money(void **state)
{
    (void)state;
    static const char *const who[] = {"lead@test.nl", "noord@test.nl"};
    for (size_t w = 0; w < 2; w++) {
        struct client *c = logged_in(who[w]);
        struct response res;
        get_page(c, PERIOD, 200, &res);
        assert_contains(res.body, "<h2>Kwaliteitscyclus en geld</h2>");
        assert_contains(res.body, "<caption>Kwaliteitscyclus per school</caption>");
        assert_contains(res.body, "<th scope=\"col\" class=\"num\">Plan compleet</th>"
                                  "<th scope=\"col\" class=\"num\">Bezocht</th>"
                                  "<th scope=\"col\" class=\"num\">Interesses gegeven</th>"
                                  "<th scope=\"col\" class=\"num\">Waardering (1–3)</th>"
                                  "<th scope=\"col\" class=\"num\">Wil nog eens</th>\n");
        assert_contains(res.body, "<th scope=\"row\">Basisschool Noord</th>\n      "
                                  "<td class=\"num\">1</td><td class=\"num\">1</td>"
                                  "<td class=\"num\">33,3%</td><td class=\"num\">2,0</td>"
                                  "<td class=\"num\">33,3%</td>\n");
        assert_contains(res.body, "<caption>Geld per school</caption>");
        assert_contains(res.body, "<th scope=\"col\" class=\"num\">Kosten</th>"
                                  "<th scope=\"col\" class=\"num\">Per deelnemer</th>"
                                  "<th scope=\"col\" class=\"num\">Per deelnemersuur</th>"
                                  "<th scope=\"col\" class=\"num\">Budget</th>"
                                  "<th scope=\"col\" class=\"num\">Budget gebruikt</th>\n");
        assert_contains(res.body, "<th scope=\"row\">Basisschool Noord</th>\n      "
                                  "<td class=\"num\">€ 1.820,50</td>"
                                  "<td class=\"num\">€ 1.820,50</td>"
                                  "<td class=\"num\">€ 1.820,50</td>"
                                  "<td class=\"num\">€ 10.000,00</td>"
                                  "<td class=\"num\">18,2%</td>\n");
        response_free(&res);

        get_page(c, PERIOD "&format=csv", 200, &res);
        /* the columns before issue 15 in their places, the new ones after the domains' */
        const char *head =
            "\xEF\xBB\xBF"
            "School;Sleutel;Gedekte domeinen;Dekking (%);Leerlingen;Deelnemers;"
            "Bereik (%);Doelgroepleerlingen;Deelnemende doelgroepleerlingen;Bereik doelgroep (%);"
            "Aanwezigheid (%);Uren;Gemiddeld uren per deelnemer;"
            "Deelnemers met voldoende uren (%);Betrokkenheid (1-5);Sport: activiteiten;";
        assert_int_equal(memcmp(res.body, head, strlen(head)), 0);
        assert_contains(res.body, ";Oriëntatie op de wereld: uren;Activiteiten met compleet plan;"
                                  "Bezochte activiteiten;Leerlingen die hun interesses gaven (%);"
                                  "Waardering door leerlingen (1-3);Wil het nog eens doen (%);"
                                  "Kosten (euro);Kosten per deelnemer (euro);"
                                  "Kosten per deelnemersuur (euro);Budget (euro);"
                                  "Budget gebruikt (%)\r\n");
        assert_contains(res.body, "\r\nBasisschool Noord;noord;Sport;16,7;3;1;33,3;1;1;100,0;"
                                  "100,0;1,0;1,0;0,0;4,0;1;1;20;1;1,0;");
        assert_contains(res.body, ";0;0;0;0;0,0;1;1;33,3;2,0;33,3;1820,50;1820,50;1820,50;"
                                  "10000,00;18,2\r\n");
        response_free(&res);
        client_free(c);
    }

    /* Zuid: no plan, visit, voice or costs: counts 0, € 0,00, the rest without a value. */
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(lead, PERIOD, false, &res), 0);
    assert_contains(res.body, "<th scope=\"row\">Basisschool Zuid</th>\n      "
                              "<td class=\"num\">0</td><td class=\"num\">0</td>"
                              "<td class=\"num\">0,0%</td><td class=\"num\">–</td>"
                              "<td class=\"num\">–</td>\n");
    assert_contains(res.body, "<th scope=\"row\">Basisschool Zuid</th>\n      "
                              "<td class=\"num\">€ 0,00</td><td class=\"num\">–</td>"
                              "<td class=\"num\">–</td><td class=\"num\">–</td>"
                              "<td class=\"num\">–</td>\n");
    /* the coalition: noord's counts and money, interest over both schools' 4 pupils */
    assert_contains(res.body, "<th scope=\"row\">Coalitie</th>\n      "
                              "<td class=\"num\">1</td><td class=\"num\">1</td>"
                              "<td class=\"num\">25,0%</td><td class=\"num\">2,0</td>"
                              "<td class=\"num\">33,3%</td>\n");
    assert_contains(res.body, "<th scope=\"row\">Coalitie</th>\n      "
                              "<td class=\"num\">€ 1.820,50</td>");
    response_free(&res);
    assert_int_equal(client_get(lead, PERIOD "&format=csv", false, &res), 0);
    assert_contains(res.body, "\r\nBasisschool Zuid;zuid;");
    assert_contains(res.body, ";0;0;0,0;;;0,00;;;;\r\n");
    response_free(&res);

    /* A period over two school years has no budget: "–" and an empty field. Judo holds 16
       sessions in it (2 September – 16 December): 16 × 85 + 120,50. */
    const char *two_years = "/reports/coverage?from=2025-06-01&to=2025-12-31";
    assert_int_equal(client_get(lead, two_years, false, &res), 0);
    assert_contains(res.body, "<td class=\"num\">€ 1.480,50</td>"
                              "<td class=\"num\">€ 1.480,50</td>"
                              "<td class=\"num\">€ 1.480,50</td>"
                              "<td class=\"num\">–</td><td class=\"num\">–</td>\n");
    response_free(&res);
    char path[96];
    snprintf(path, sizeof path, "%s&format=csv", two_years);
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_contains(res.body, ";1480,50;1480,50;1480,50;;\r\n");
    response_free(&res);
    client_free(lead);
}

/* Each coordinator sees the money of the own school only: zuid's sees its € 0,00 and none of
   noord's amounts, on the page, in the CSV and in the JSON. */
static void a_coordinator_sees_the_own_money(void **state)
{
    (void)state;
    static const char *const page_has[] = {"<caption>Geld per school</caption>", ">€ 0,00</td>",
                                           NULL};
    static const char *const csv_has[] = {";Kosten (euro);", ";0,00;", NULL};
    static const char *const noord_money[] = {"1.820,50", "1820,50", "10.000,00", "10000,00", NULL};
    struct client *zuid = logged_in("zuid@test.nl");
    assert_own_money(zuid, PERIOD, page_has, csv_has, noord_money);
    json_t *doc = get_json(zuid, PERIOD, 200);
    json_t *school = school_of(doc, "zuid");
    assert_near(real_of(school, "cost_total"), 0.0);
    assert_true(json_is_null(json_object_get(school, "budget")));
    json_decref(doc);
    client_free(zuid);
}

/* ---- the period refused ---------------------------------------------------------------------- */

static void a_bad_period(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long status;
    json_t *doc = get_json_status(lead, "/reports/coverage?from=2025-02-30", &status);
    assert_int_equal(status, 422);
    assert_contains(str_of(json_object_get(doc, "fields"), "from"), "echte datum");
    json_decref(doc);
    doc = get_json_status(lead, "/reports/coverage?from=2026-08-01&to=2026-07-31", &status);
    assert_int_equal(status, 422);
    assert_contains(str_of(json_object_get(doc, "fields"), "to"), "voor de begindatum");
    json_decref(doc);
    doc = get_json_status(lead, "/reports/coverage?from=2020-08-01&to=2026-07-31", &status);
    assert_int_equal(status, 422);
    assert_contains(str_of(json_object_get(doc, "fields"), "to"), "drie jaar");
    json_decref(doc);

    /* The page shows the form again with the input and the message at the field. */
    struct response res;
    assert_int_equal(client_get(lead, "/reports/coverage?from=%3Cb%3E&to=2026-07-31", false, &res),
                     0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "value=\"&lt;b&gt;\"");
    assert_contains(res.body, "id=\"e-from\">Vul een echte datum in");
    assert_contains(res.body, "href=\"#f-from\"");
    assert_lacks(res.body, "<caption>");
    response_free(&res);
    assert_int_equal(get_status(lead, "/reports/coverage?from=2026-08-01&to=2026-07-31&format=csv",
                                false),
                     422);
    assert_int_equal(get_status(lead, PERIOD "&format=xlsx", false), 400);
    client_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_for_the_lead),
        cmocka_unit_test(the_default_period),
        cmocka_unit_test(who_sees_what),
        cmocka_unit_test(the_page),
        cmocka_unit_test(the_csv),
        cmocka_unit_test(a_bad_period),
        cmocka_unit_test(the_quality_cycle_and_the_money),
        cmocka_unit_test(a_coordinator_sees_the_own_money),
    };
    int failed = cmocka_run_group_tests(tests, setup, stop_generated);
    return exit_status(failed);
}
