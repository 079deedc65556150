/* HTTP tests of GET /reports/progress?quarter=YYYY-Qn (issue 15, part 5) against the real
 * daemon: the JSON is the coverage report's document of the quarter's dates with "quarter",
 * "previous" (the quarter before), "signals" and "conclusions", and its schools and coalition
 * are exactly those of GET /reports/coverage over the same dates (compared as JSON text), for
 * the quarter and for the previous one; the lead sees both schools and the coalition, a
 * coordinator only the own school (HTML, JSON and CSV), staff and parents 403; a quarter that
 * is not YYYY-Qn (n 1–4, years 2000–2100) comes back on the form with its Dutch message and
 * the input kept (422); the CSV (BOM, semicolons, decimal commas, both quarters); the HTML
 * (the signal in words, the A4 print rule, the conclusions, the links to the quarters before
 * and after). The tests only read, so one daemon serves them all.
 *
 * The fixture is tests/http/fixture.json with norms and review conclusions added. Over
 * 2025-Q4 (October–December 2025) noord's Judo (Tuesdays) holds 11 sessions and qualifies;
 * Sara is enrolled but has no mark, so she takes part with 0 hours. Over 2025-Q3 Judo holds
 * 5 sessions (from 2 September), too few to qualify, and Sara was present once (1 hour,
 * involvement 4). Zuid's Tekenen (Thursdays) holds 12 sessions in Q4 and 4 in Q3; zuid's one
 * pupil is enrolled nowhere. The quality cycle and the money are testkit.h's fixture_with_cycle
 * on noord: Judo's plan complete, a visit and two feedbacks (3 again, 2 not) in Q4, one
 * feedback (1, not again) in Q3, Sara's interests in Q4; Judo costs 11 × 85 + 120,50 =
 * 1.055,50 in Q4 and 5 × 85 + 120,50 = 545,50 in Q3, 4 × 85 + 120,50 = 460,50 in 2026-Q1;
 * noord's budget of 2025–2026 (10.000) counts in Q4 and 2026-Q1, not in Q3 (July–September
 * lies in two school years). Every role that can reach the report (the lead, a coordinator)
 * sees the money: there is no role for which the page leaves it out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testkit.h"

#define Q4 "/reports/progress?quarter=2025-Q4"

/* ---- the fixture ----------------------------------------------------------------------------- */

/* fixture_with_cycle with norms (reach: norm 30, ambition 50; coverage: 10 and 15; mean hours for a
   year: 8 and 20) and conclusions: noord's for 2025–2026, zuid's for 2024–2025. */
static json_t *fixture(const char *hash)
{
    (void)hash; /* FIXTURE's accounts carry their hashes */
    json_t *doc = fixture_with_cycle();
    if (!doc)
        return NULL;
    json_object_set_new(doc, "norms",
                        json_pack("[{s:s, s:i, s:i}, {s:s, s:i, s:i}, {s:s, s:i, s:i}]", "figure",
                                  "reach_pct", "norm", 30, "ambition", 50, "figure",
                                  "coverage_pct", "norm", 10, "ambition", 15, "figure",
                                  "mean_hours", "norm", 8, "ambition", 20));
    json_object_set_new(doc, "reviews",
                        json_pack("[{s:s, s:i, s:s, s:s}, {s:s, s:i, s:s, s:s}]", "school",
                                  "noord", "year", 2025, "theme", "personeel", "text",
                                  "Stabiel team; Anna blijft.", "school", "zuid", "year", 2024,
                                  "theme", "doelgerichtheid", "text", "Doelen opgeschreven."));
    return doc;
}

static int setup(void **state)
{
    return start_generated(state, fixture);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* member of doc as compact JSON text with sorted keys ("null" when absent). Caller frees. */
static char *member_text(json_t *doc, const char *member)
{
    json_t *value = json_object_get(doc, member);
    return value ? json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY)
                 : strdup("null");
}

/* The coverage report of part's from..to as c sees it; its schools and coalition must be
   part's, as text. */
static void equals_coverage(struct client *c, json_t *part)
{
    char path[96];
    snprintf(path, sizeof path, "/reports/coverage?from=%s&to=%s", str_of(part, "from"),
             str_of(part, "to"));
    json_t *coverage = get_json(c, path, 200);
    static const char *const members[] = {"schools", "coalition", "from", "to", "held_until"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        char *mine = member_text(part, members[i]), *theirs = member_text(coverage, members[i]);
        if (strcmp(mine, theirs))
            fail_msg("%s of %s differs from the coverage report:\n%.600s\n%.600s", members[i],
                     path, mine, theirs);
        free(mine);
        free(theirs);
    }
    json_decref(coverage);
}

static json_t *signal_of(json_t *doc, const char *school, const char *figure)
{
    json_t *signals = json_object_get(doc, "signals");
    json_t *subject = school ? json_object_get(json_object_get(signals, "schools"), school)
                             : json_object_get(signals, "coalition");
    json_t *signal = json_object_get(subject, figure);
    if (!signal)
        fail_msg("no signal of %s for %s", figure, school ? school : "the coalition");
    return signal;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void the_lead_gets_both_quarters(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, Q4, 200);
    assert_string_equal(str_of(doc, "quarter"), "2025-Q4");
    assert_string_equal(str_of(doc, "from"), "2025-10-01");
    assert_string_equal(str_of(doc, "to"), "2025-12-31");
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 2);
    assert_non_null(json_object_get(doc, "coalition"));
    json_t *previous = json_object_get(doc, "previous");
    assert_string_equal(str_of(previous, "quarter"), "2025-Q3");
    assert_string_equal(str_of(previous, "from"), "2025-07-01");
    assert_string_equal(str_of(previous, "to"), "2025-09-30");
    assert_non_null(json_object_get(previous, "coalition"));
    /* Judo qualifies in Q4 (11 sessions), not in Q3 (5); Sara came once, in September. */
    json_t *noord = item_with(json_object_get(doc, "schools"), "key", "noord");
    json_t *noord_before = item_with(json_object_get(previous, "schools"), "key", "noord");
    assert_true(json_real_value(json_object_get(noord, "coverage_pct")) == 16.7);
    assert_true(json_real_value(json_object_get(noord_before, "coverage_pct")) == 0.0);
    assert_true(json_real_value(json_object_get(noord, "mean_hours")) == 0.0);
    assert_true(json_real_value(json_object_get(noord_before, "mean_hours")) == 1.0);
    assert_true(json_is_null(json_object_get(noord, "attendance_pct")));
    json_decref(doc);

    /* The first quarter of a year follows the last of the year before. */
    doc = get_json(lead, "/reports/progress?quarter=2026-Q1", 200);
    assert_string_equal(str_of(json_object_get(doc, "previous"), "from"), "2025-10-01");
    assert_string_equal(str_of(json_object_get(doc, "previous"), "to"), "2025-12-31");
    json_decref(doc);
    client_free(lead);
}

/* The figures are the coverage report's of the same dates, for the quarter and the one
   before, for the lead (with the coalition) and a coordinator (own school, no coalition). */
static void the_figures_equal_the_coverage_report(void **state)
{
    (void)state;
    static const char *const who[] = {"lead@test.nl", "noord@test.nl"};
    static const char *const quarters[] = {Q4, "/reports/progress?quarter=2026-Q1",
                                           "/reports/progress?quarter=2025-Q3"};
    for (size_t w = 0; w < 2; w++) {
        struct client *c = logged_in(who[w]);
        for (size_t q = 0; q < 3; q++) {
            json_t *doc = get_json(c, quarters[q], 200);
            equals_coverage(c, doc);
            equals_coverage(c, json_object_get(doc, "previous"));
            json_decref(doc);
        }
        client_free(c);
    }
}

/* Each norm figure's signal this quarter; hours judged pro rata (a whole quarter of 2025:
   92 of 365 days, 25%). */
static void the_signals(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, Q4, 200);
    json_t *reach = signal_of(doc, "noord", "reach_pct");
    assert_string_equal(str_of(reach, "signal"), "orange"); /* 33.3 between 30 and 50 */
    assert_string_equal(str_of(reach, "label"), "tussen norm en ambitie");
    assert_true(json_real_value(json_object_get(reach, "value")) == 33.3);
    assert_true(json_number_value(json_object_get(reach, "norm")) == 30.0);
    assert_true(json_number_value(json_object_get(reach, "ambition")) == 50.0);
    assert_string_equal(str_of(signal_of(doc, "zuid", "reach_pct"), "signal"), "red");
    assert_string_equal(str_of(signal_of(doc, NULL, "coverage_pct"), "signal"), "green");
    json_t *hours = signal_of(doc, "noord", "mean_hours");
    assert_true(json_is_true(json_object_get(hours, "pro_rata")));
    assert_string_equal(str_of(hours, "pro_rata_label"), "norm naar rato: 25% van het jaar");
    assert_string_equal(str_of(hours, "signal"), "red"); /* 0 hours against 8 × 92/365 */
    json_t *attendance = signal_of(doc, "noord", "attendance_pct");
    assert_string_equal(str_of(attendance, "signal"), "none"); /* no norm, no value */
    assert_true(json_is_null(json_object_get(attendance, "norm")));
    assert_non_null(signal_of(doc, "noord", "vog_valid_pct"));
    json_decref(doc);
    client_free(lead);
}

/* The conclusions of the school year the quarter belongs to: Q4 2025 → 2025–2026, Q2 2025 →
   2024–2025. */
static void the_conclusions(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, Q4, 200);
    json_t *conclusions = json_object_get(doc, "conclusions");
    assert_int_equal(int_of(conclusions, "year"), 2025);
    json_t *schools = json_object_get(conclusions, "schools");
    json_t *noord = json_object_get(schools, "noord");
    assert_int_equal(json_array_size(noord), 1);
    assert_string_equal(str_of(json_array_get(noord, 0), "code"), "personeel");
    assert_string_equal(str_of(json_array_get(noord, 0), "text"), "Stabiel team; Anna blijft.");
    assert_int_equal(json_array_size(json_object_get(schools, "zuid")), 0);
    json_decref(doc);
    doc = get_json(lead, "/reports/progress?quarter=2025-Q2", 200);
    conclusions = json_object_get(doc, "conclusions");
    assert_int_equal(int_of(conclusions, "year"), 2024);
    assert_int_equal(json_array_size(json_object_get(json_object_get(conclusions, "schools"),
                                                     "zuid")),
                     1);
    json_decref(doc);
    client_free(lead);
}

/* Without ?quarter= the quarter of today. */
static void the_default_is_this_quarter(void **state)
{
    (void)state;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char expected[32];
    snprintf(expected, sizeof expected, "%04d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/reports/progress", 200);
    assert_string_equal(str_of(doc, "quarter"), expected);
    json_decref(doc);
    client_free(lead);
}

/* ---- who ------------------------------------------------------------------------------------- */

static void who_sees_what(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    json_t *doc = get_json(noord, Q4, 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 1);
    assert_non_null(item_with(json_object_get(doc, "schools"), "key", "noord"));
    assert_null(json_object_get(doc, "coalition"));
    assert_null(json_object_get(json_object_get(doc, "previous"), "coalition"));
    json_t *signals = json_object_get(doc, "signals");
    assert_null(json_object_get(signals, "coalition"));
    assert_int_equal(json_object_size(json_object_get(signals, "schools")), 1);
    assert_int_equal(
        json_object_size(json_object_get(json_object_get(doc, "conclusions"), "schools")), 1);
    json_decref(doc);
    static const char *const forms[] = {Q4, Q4 "&format=csv"};
    for (size_t i = 0; i < 2; i++) {
        struct response res;
        get_page(noord, forms[i], 200, &res);
        assert_contains(res.body, "Basisschool Noord");
        assert_lacks(res.body, "Basisschool Zuid");
        assert_lacks(res.body, "Coalitie");
        response_free(&res);
    }
    client_free(noord);

    static const char *const others[] = {"anna@test.nl", "ouder@test.nl"};
    for (size_t i = 0; i < 2; i++) {
        struct client *c = logged_in(others[i]);
        assert_int_equal(get_status(c, Q4, true), 403);
        assert_int_equal(get_status(c, Q4, false), 403);
        assert_int_equal(get_status(c, Q4 "&format=csv", false), 403);
        client_free(c);
    }
    struct client *anonymous = at_login_form();
    long status = get_status(anonymous, Q4, false);
    assert_true(status == 303 || status == 401 || status == 403);
    client_free(anonymous);
}

/* ---- the quarter refused --------------------------------------------------------------------- */

static void a_bad_quarter(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2025-Q5", "2025-Q0", "2025Q4",   "",         "1999-Q4", "2101-Q1", "2025-q4",
        "25-Q4",   "2025-4",  "2025-Q4x", "%202025-Q4", "2025-K4", "2025-Q%EF%BC%94",
    };
    struct client *lead = logged_in("lead@test.nl");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[96];
        snprintf(path, sizeof path, "/reports/progress?quarter=%s", bad[i]);
        long status;
        json_t *doc = get_json_status(lead, path, &status);
        if (status != 422)
            fail_msg("%s: %ld, expected 422", path, status);
        assert_refused_field(doc, "quarter");
        assert_contains(str_of(json_object_get(doc, "fields"), "quarter"), "bijvoorbeeld 2025-Q4");
        json_decref(doc);
        strcat(path, "&format=csv");
        assert_int_equal(get_status(lead, path, false), 422);
    }
    /* The form again, with the input kept (escaped) and the message at the field. */
    struct response res;
    get_page(lead, "/reports/progress?quarter=%3Cb%3EQ4", 422, &res);
    assert_contains(res.body, "value=\"&lt;b&gt;Q4\"");
    assert_contains(res.body, "id=\"e-quarter\">Schrijf het kwartaal als");
    assert_contains(res.body, "href=\"#f-quarter\"");
    assert_lacks(res.body, "<table");
    response_free(&res);
    /* The first and last years are fine; there are no links beyond them. */
    get_page(lead, "/reports/progress?quarter=2000-Q1", 200, &res);
    assert_lacks(res.body, "rel=\"prev\"");
    assert_contains(res.body, "href=\"/reports/progress?quarter=2000-Q2\" rel=\"next\"");
    response_free(&res);
    get_page(lead, "/reports/progress?quarter=2100-Q4", 200, &res);
    assert_lacks(res.body, "rel=\"next\"");
    response_free(&res);
    assert_int_equal(get_status(lead, Q4 "&format=xlsx", false), 400);
    client_free(lead);
}

/* ---- HTML and CSV ---------------------------------------------------------------------------- */

static void the_page(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    get_page(lead, Q4, 200, &res);
    assert_contains(res.body, "<h1>Voortgangsrapportage 4e kwartaal 2025</h1>");
    assert_contains(res.body, "<div class=\"progress\">");
    assert_contains(res.body, "<th scope=\"col\" class=\"num\">4e kwartaal 2025</th>");
    assert_contains(res.body, "<th scope=\"col\" class=\"num\">3e kwartaal 2025</th>");
    assert_contains(res.body, "<h2 id=\"h-coalitie\">Coalitie</h2>");
    assert_contains(res.body, "<h2 id=\"h-school-noord\">Basisschool Noord</h2>");
    /* reach: this quarter, the previous one, the change, the signal in colour and word */
    assert_contains(res.body, "<th scope=\"row\">Bereik</th>\n"
                              "        <td class=\"num progress__value\" data-label=\"4e kwartaal"
                              " 2025\">33,3%</td>");
    assert_contains(res.body, "<span class=\"signal signal--orange\">tussen norm en ambitie</span>");
    assert_contains(res.body, "<span class=\"signal signal--red\">onder de norm</span>");
    assert_contains(res.body, "<span class=\"signal signal--green\">ambitie gehaald</span>");
    assert_contains(res.body, "norm naar rato: 25% van het jaar");
    assert_contains(res.body, "1,0 uur"); /* Sara's hour in Q3 */
    assert_contains(res.body, "\u2212" "1,0"); /* and the change to 0 in Q4 */
    assert_contains(res.body, "Conclusies jaargesprek 2025\u20132026");
    assert_contains(res.body, "Stabiel team; Anna blijft.");
    assert_contains(res.body, "href=\"/reports/progress?quarter=2025-Q3\" rel=\"prev\"");
    assert_contains(res.body, "href=\"/reports/progress?quarter=2026-Q1\" rel=\"next\"");
    assert_contains(res.body, "href=\"/reports/progress?quarter=2025-Q4&amp;format=csv\"");
    assert_contains(res.body, "href=\"/reports/coverage?from=2025-10-01&amp;to=2025-12-31\"");
    assert_contains(res.body, "value=\"2025-Q4\"");
    assert_contains(res.body, "href=\"/reports/coverage\" aria-current"); /* the menu item */
    assert_no_iso_date_in_text(res.body);
    response_free(&res);

    /* Printed on A4: the page's own @page rule. */
    get_page(lead, "/static/style.css", 200, &res);
    assert_contains(res.body, "@page progress { size: A4 portrait;");
    assert_contains(res.body, ".progress { page: progress;");
    response_free(&res);

    /* The coverage report and the dashboard link to it. */
    static const char *const linking[] = {"/reports/coverage", "/dashboard"};
    for (size_t i = 0; i < 2; i++) {
        get_page(lead, linking[i], 200, &res);
        assert_contains(res.body, "href=\"/reports/progress\"");
        response_free(&res);
    }
    client_free(lead);
}

static void the_csv(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    get_page(lead, Q4 "&format=csv", 200, &res);
    assert_string_equal(res.content_type, "text/csv; charset=utf-8");
    assert_contains(res.headers,
                    "Content-Disposition: attachment; filename=\"voortgang-2025-Q4.csv\"");
    const char *head = "\xEF\xBB\xBF" "School;Sleutel;Leerlingen 2025-Q4;Deelnemers 2025-Q4;"
                       "Leerlingen 2025-Q3;Deelnemers 2025-Q3;Dekking van de domeinen (%) 2025-Q4;"
                       "Dekking van de domeinen (%) 2025-Q3;Bereik (%) 2025-Q4;Bereik (%) 2025-Q3;";
    assert_int_equal(memcmp(res.body, head, strlen(head)), 0);
    assert_contains(res.body, ";Gemiddeld aantal uren (uur) 2025-Q4;");
    assert_contains(res.body, ";Betrokkenheid (1-5) 2025-Q3;");
    assert_contains(res.body, ";Geldige VOG (%) 2025-Q3;");
    /* pupils and participants of both quarters; then each figure now and before: coverage,
       reach, priority reach, mean hours, intensity, attendance, involvement, … */
    assert_contains(res.body, "\r\nCoalitie;;4;1;4;1;33,3;0,0;25,0;25,0;");
    assert_contains(res.body, "\r\nBasisschool Noord;noord;3;1;3;1;16,7;0,0;33,3;33,3;100,0;"
                              "100,0;0,0;1,0;0,0;0,0;;100,0;;4,0;");
    assert_contains(res.body, "\r\nBasisschool Zuid;zuid;1;0;1;0;16,7;0,0;0,0;0,0;;;;;;;;;;;");
    assert_int_equal(strcmp(res.body + res.len - 2, "\r\n"), 0);
    response_free(&res);
    client_free(lead);
}

/* ---- the quality cycle and the money --------------------------------------------------------- */

/* Fail unless section (a page of 2025-Q4 from a subject's section on) has the row of figure
   label with this quarter's value now, the previous one's was and the change, as the
   template writes them. */
static void assert_row(const char *section, const char *label, const char *now, const char *was,
                       const char *change)
{
    char row[512];
    snprintf(row, sizeof row,
             "<th scope=\"row\">%s</th>\n"
             "        <td class=\"num progress__value\" data-label=\"4e kwartaal 2025\">%s</td>\n"
             "        <td class=\"num\" data-label=\"3e kwartaal 2025\">%s</td>\n"
             "        <td class=\"num\" data-label=\"Verschil\">%s</td>",
             label, now, was, change);
    assert_contains(section, row);
}

/* The part "Kwaliteitscyclus" and, for whoever may see money, "Geld": each figure this quarter,
   the previous one and the change, "–" without a value; the lead's and noord's coordinator's
   view of noord are the same. */
static void the_quality_cycle_and_the_money(void **state)
{
    (void)state;
    static const char *const who[] = {"lead@test.nl", "noord@test.nl"};
    for (size_t w = 0; w < 2; w++) {
        struct client *c = logged_in(who[w]);
        struct response res;
        get_page(c, Q4, 200, &res);
        const char *noord = strstr(res.body, "id=\"school-noord\"");
        assert_non_null(noord);
        assert_contains(noord, "<th scope=\"rowgroup\" colspan=\"5\">Kwaliteitscyclus</th>");
        assert_contains(noord, "<th scope=\"rowgroup\" colspan=\"5\">Geld</th>");
        assert_row(noord, "Activiteiten met een compleet plan", "1", "1", "0");
        assert_row(noord, "Bezochte activiteiten", "1", "0", "+1");
        assert_row(noord, "Leerlingen die hun interesses gaven", "33,3%", "0,0%", "+33,3");
        assert_row(noord, "Waardering door leerlingen (1–3)", "2,5", "1,0", "+1,5");
        assert_row(noord, "Wil het nog eens doen", "50,0%", "0,0%", "+50,0");
        assert_row(noord, "Kosten", "€ 1.055,50", "€ 545,50", "+€ 510,00");
        assert_row(noord, "Kosten per deelnemer", "€ 1.055,50", "€ 545,50", "+€ 510,00");
        assert_row(noord, "Kosten per deelnemersuur", "–", "€ 545,50", "–"); /* no hour in Q4 */
        assert_row(noord, "Budget", "€ 10.000,00", "–", "–");
        assert_row(noord, "Budget gebruikt", "10,6%", "–", "–");
        response_free(&res);

        /* The CSV: both quarters of each figure after the norm figures, money with two
           decimals, an empty field without a value. */
        get_page(c, Q4 "&format=csv", 200, &res);
        assert_contains(res.body,
                        ";Geldige VOG (%) 2025-Q3;Activiteiten met compleet plan 2025-Q4;"
                        "Activiteiten met compleet plan 2025-Q3;Bezochte activiteiten 2025-Q4;"
                        "Bezochte activiteiten 2025-Q3;"
                        "Leerlingen die hun interesses gaven (%) 2025-Q4;"
                        "Leerlingen die hun interesses gaven (%) 2025-Q3;"
                        "Waardering door leerlingen (1-3) 2025-Q4;"
                        "Waardering door leerlingen (1-3) 2025-Q3;"
                        "Wil het nog eens doen (%) 2025-Q4;Wil het nog eens doen (%) 2025-Q3;"
                        "Kosten (euro) 2025-Q4;Kosten (euro) 2025-Q3;"
                        "Kosten per deelnemer (euro) 2025-Q4;Kosten per deelnemer (euro) 2025-Q3;"
                        "Kosten per deelnemersuur (euro) 2025-Q4;"
                        "Kosten per deelnemersuur (euro) 2025-Q3;"
                        "Budget (euro) 2025-Q4;Budget (euro) 2025-Q3;"
                        "Budget gebruikt (%) 2025-Q4;Budget gebruikt (%) 2025-Q3\r\n");
        assert_contains(res.body, "\r\nBasisschool Noord;noord;");
        assert_contains(res.body, ";1;1;1;0;33,3;0,0;2,5;1,0;50,0;0,0;1055,50;545,50;1055,50;"
                                  "545,50;;545,50;10000,00;;10,6;\r\n");
        response_free(&res);
        client_free(c);
    }

    /* A school without any of it: counts 0, no costs (€ 0,00), the rest without a value. */
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    get_page(lead, Q4, 200, &res);
    const char *zuid = strstr(res.body, "id=\"school-zuid\"");
    assert_non_null(zuid);
    assert_row(zuid, "Bezochte activiteiten", "0", "0", "0");
    assert_row(zuid, "Waardering door leerlingen (1–3)", "–", "–", "–");
    assert_row(zuid, "Kosten", "€ 0,00", "€ 0,00", "€ 0,00");
    assert_row(zuid, "Kosten per deelnemer", "–", "–", "–");
    response_free(&res);
    get_page(lead, Q4 "&format=csv", 200, &res);
    assert_contains(res.body, "\r\nBasisschool Zuid;zuid;1;0;1;0;16,7;0,0;0,0;0,0;;;;;;;;;;;"
                              "0,0;0,0;;;0;0;0;0;0,0;0,0;;;;;0,00;0,00;;;;;;;;\r\n");
    response_free(&res);

    /* Going down: 2026-Q1 against Q4, with a minus sign (not a hyphen). */
    get_page(lead, "/reports/progress?quarter=2026-Q1", 200, &res);
    const char *noord = strstr(res.body, "id=\"school-noord\"");
    assert_non_null(noord);
    assert_contains(noord, "<td class=\"num\" data-label=\"Verschil\">\u2212"
                           "1</td>");
    assert_contains(noord, ">€ 460,50</td>");
    assert_contains(noord, "<td class=\"num\" data-label=\"Verschil\">\u2212"
                           "€ 595,00</td>");
    response_free(&res);
    client_free(lead);
}

/* Each coordinator sees the money of the own school only: zuid's sees its € 0,00 and none of
   noord's amounts, on the page, in the CSV and in the JSON. */
static void a_coordinator_sees_the_own_money(void **state)
{
    (void)state;
    static const char *const page_has[] = {">Geld</th>", ">€ 0,00</td>", NULL};
    static const char *const csv_has[] = {";Kosten (euro) 2025-Q4;", ";0,00;0,00;", NULL};
    static const char *const noord_money[] = {"1.055,50", "1055,50", "10.000,00", "10000,00", NULL};
    struct client *zuid = logged_in("zuid@test.nl");
    assert_own_money(zuid, Q4, page_has, csv_has, noord_money);
    json_t *doc = get_json(zuid, Q4, 200);
    json_t *school = json_array_get(json_object_get(doc, "schools"), 0);
    assert_string_equal(str_of(school, "key"), "zuid");
    assert_true(json_number_value(json_object_get(school, "cost_total")) == 0.0);
    assert_true(json_is_null(json_object_get(school, "budget")));
    json_decref(doc);
    client_free(zuid);

    struct client *noord = logged_in("noord@test.nl");
    doc = get_json(noord, Q4, 200);
    school = json_array_get(json_object_get(doc, "schools"), 0);
    assert_true(json_number_value(json_object_get(school, "cost_total")) == 1055.5);
    assert_true(json_number_value(json_object_get(school, "budget")) == 10000.0);
    json_decref(doc);
    client_free(noord);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_lead_gets_both_quarters),
        cmocka_unit_test(the_figures_equal_the_coverage_report),
        cmocka_unit_test(the_signals),
        cmocka_unit_test(the_conclusions),
        cmocka_unit_test(the_default_is_this_quarter),
        cmocka_unit_test(who_sees_what),
        cmocka_unit_test(a_bad_quarter),
        cmocka_unit_test(the_page),
        cmocka_unit_test(the_csv),
        cmocka_unit_test(the_quality_cycle_and_the_money),
        cmocka_unit_test(a_coordinator_sees_the_own_money),
    };
    int failed = cmocka_run_group_tests(tests, setup, stop_generated);
    return exit_status(failed);
}
