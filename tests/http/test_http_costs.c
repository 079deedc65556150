/* HTTP tests of issue 15, part 4 (money), against the real daemon: an activity's costs
 * (/activities/{id}/costs, loaded from the fixture's "costs" and changed through the page's
 * own HTML form), a school's budget (/schools/{id}/budget, set by the lead through its form),
 * the money in the coverage JSON, on the activity page and in the CSV for the municipality
 * (/reports/costs.csv). Money is for the lead and the school's coordinator only: staff and
 * parents get 403 on every money page and see no amount on the activity page (HTML or JSON);
 * another school's coordinator gets 403; every POST without its CSRF token 403; bad input 422
 * with its Dutch message, the input kept and nothing written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlform.h"
#include "parent_fixture.h"
#include "testkit.h"

/* Every activity meets weekly on the weekday of a week ago, from two weeks ago until two weeks
   ahead: sessions at -14, -7, 0, +7 and +14 days. The reports here end yesterday, so two of
   them are held. */
enum { DAY_HELD = -7 };

static json_t *activity_json(const char *key, const char *school, const char *title,
                             const char *staff)
{
    const struct pf_activity a = {key, school, title, staff ? "sportpartner" : NULL, staff,
                                  DAY_HELD, 14, 10};
    return pf_activity_json(&a);
}

/* Judo at noord costs 85 per session and 120 fixed (from the load format); koor at zuid 10 per
   session. */
static json_t *fixture(const char *hash)
{
    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("ouder@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));
    json_t *judo = activity_json("judo", "noord", "Judo", "anna");
    json_object_set_new(judo, "costs", json_pack("{s:f, s:f}", "per_session", 85.0, "fixed", 120.0));
    json_t *koor = activity_json("koor", "zuid", "Koor", NULL);
    json_object_set_new(koor, "costs", json_pack("{s:i}", "per_session", 10));
    char vog[11];
    return json_pack(
        "{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[{s:s, s:s, s:b}],"
        " s:[{s:s, s:s, s:s, s:s, s:s}], s:[o, o], s:[{s:s, s:s, s:s, s:s, s:s, s:i}], s:o}",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po", "key", "zuid",
        "name", "Basisschool Zuid", "kind", "po", "providers", "key", "sportpartner", "name",
        "Sportpartner", "external", 1, "staff", "key", "anna", "provider", "sportpartner", "name",
        "Anna de Vries", "level", "vak", "vog_date", pf_day(-100, vog), "activities", judo, koor,
        "pupils", "key", "sara", "school", "noord", "number", "1001", "first_name", "Sara",
        "last_name", "Test", "grade", 5, "users", users);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

#define path_of(buf, size, fmt, id) (snprintf(buf, size, fmt, (long long)(id)), (const char *)(buf))

/* The period of the reports here: from 30 days ago (but not before the school year of
   yesterday began, so that the period lies in one school year) through yesterday. */
static void period(char from[11], char to[11])
{
    pf_day(-1, to);
    pf_day(-30, from);
    int year = atoi(to), month = atoi(to + 5);
    char start[11];
    snprintf(start, sizeof start, "%04u-08-01", (unsigned)(month >= 8 ? year : year - 1) % 10000u);
    if (strcmp(from, start) < 0)
        memcpy(from, start, 11);
}

/* "2025-2026": the school year of the period. */
static void period_year(char out[10])
{
    char to[11];
    pf_day(-1, to);
    int year = atoi(to), month = atoi(to + 5);
    int first = month >= 8 ? year : year - 1;
    snprintf(out, 10, "%04u-%04u", (unsigned)first % 10000u, (unsigned)(first + 1) % 10000u);
}

/* The coverage JSON of the period (the caller frees it), or NULL with *status set. */
static json_t *coverage(struct client *c, long *status)
{
    char from[11], to[11], path[96];
    period(from, to);
    snprintf(path, sizeof path, "/reports/coverage?from=%s&to=%s", from, to);
    return get_json_status(c, path, status);
}

static json_t *school_of(json_t *doc, const char *key)
{
    json_t *s = item_with(json_object_get(doc, "schools"), "key", key);
    assert_non_null(s);
    return s;
}

static double number_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/* ---- who sees money --------------------------------------------------------------------------- */

static void money_is_for_the_lead_and_the_coordinator_only(void **state)
{
    (void)state;
    char page[96], show[96];
    long long judo = id_of("activities", "judo");
    path_of(page, sizeof page, "/activities/%lld/costs", judo);
    path_of(show, sizeof show, "/activities/%lld", judo);
    struct client *lead = logged_in("lead@test.nl");
    struct client *noord = logged_in("noord@test.nl");
    json_t *doc = get_json(lead, page, 200);
    assert_true(number_of(doc, "per_session") == 85.0);
    assert_true(number_of(doc, "fixed") == 120.0);
    json_decref(doc);
    assert_int_equal(get_status(noord, page, true), 200);

    /* The activity page shows the costs to them, and to no one else. */
    struct response res;
    assert_int_equal(client_get(noord, show, false, &res), 0);
    assert_contains(res.body, "€ 85,00");
    assert_contains(res.body, "€ 120,00");
    response_free(&res);
    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(client_get(anna, show, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_lacks(res.body, "€");
    assert_lacks(res.body, "id=\"kosten\"");
    response_free(&res);
    doc = get_json(anna, show, 200);
    assert_null(json_object_get(doc, "costs"));
    json_decref(doc);

    /* Staff, parents and another school's coordinator: 403 on every money page. */
    struct client *zuid = logged_in("zuid@test.nl");
    struct client *ouder = logged_in("ouder@test.nl");
    long long noord_id = id_of("schools", "noord");
    char budget[96];
    path_of(budget, sizeof budget, "/schools/%lld/budget", noord_id);
    struct client *others[] = {anna, ouder, zuid};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(get_status(others[i], page, true), 403);
        assert_int_equal(post_status(others[i], page, "per_session=1", true, true), 403);
        assert_int_equal(get_status(others[i], budget, true), 403);
        assert_int_equal(post_status(others[i], budget, "year=2025-2026&amount=1", true, true),
                         403);
    }
    assert_int_equal(get_status(anna, "/reports/costs.csv", false), 403);
    assert_int_equal(get_status(ouder, "/reports/costs.csv", false), 403);
    assert_int_equal(count_of("SELECT count(*) FROM school_budgets"), 0);

    /* The coverage JSON: money for the lead and the coordinator (of the own school only);
       staff and parents cannot read the report at all, as before. */
    long status;
    doc = coverage(lead, &status);
    assert_int_equal(status, 200);
    json_t *s = school_of(doc, "noord");
    assert_true(number_of(s, "cost_total") == 290.0); /* 2 held × 85 + 120 */
    assert_true(json_is_null(json_object_get(s, "cost_per_participant"))); /* nobody came */
    assert_true(json_is_null(json_object_get(s, "cost_per_hour")));
    assert_true(json_is_null(json_object_get(s, "budget")));
    assert_true(number_of(school_of(doc, "zuid"), "cost_total") == 20.0);
    assert_true(number_of(json_object_get(doc, "coalition"), "cost_total") == 310.0);
    json_decref(doc);
    doc = coverage(noord, &status);
    assert_int_equal(status, 200);
    assert_int_equal(json_array_size(json_object_get(doc, "schools")), 1);
    assert_true(number_of(school_of(doc, "noord"), "cost_total") == 290.0);
    json_decref(doc);
    doc = coverage(anna, &status);
    assert_int_equal(status, 403);
    json_decref(doc);
    doc = coverage(ouder, &status);
    assert_int_equal(status, 403);
    json_decref(doc);
    client_free(ouder);
    client_free(zuid);
    client_free(anna);
    client_free(noord);
    client_free(lead);
}

/* ---- the costs form --------------------------------------------------------------------------- */

static void the_coordinator_changes_the_costs(void **state)
{
    (void)state;
    char page[96], show[96];
    long long judo = id_of("activities", "judo");
    path_of(page, sizeof page, "/activities/%lld/costs", judo);
    path_of(show, sizeof show, "/activities/%lld", judo);
    const char *stored = "SELECT per_session * 1000000 + fixed FROM activity_costs"
                         " WHERE activity_id = (SELECT id FROM activities WHERE key = 'judo')";
    assert_int_equal(count_of(stored), 8500LL * 1000000 + 12000);
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    /* The page's form shows the stored amounts with a decimal comma. */
    assert_int_equal(client_get(noord, page, false, &res), 0);
    assert_contains(res.body, "value=\"85,00\"");
    response_free(&res);
    /* Bad amounts: 422, the message, the input kept, nothing written. */
    static const char *const bad[] = {"abc", "-5", "85,555", "1e3", "1000000001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        submit_form(noord, page, page, &res, "per_session", bad[i], NULL);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, "Vul een bedrag in euro in, bijvoorbeeld 85 of 85,50.");
        assert_contains(res.body, "href=\"#f-per_session\"");
        response_free(&res);
        assert_int_equal(count_of(stored), 8500LL * 1000000 + 12000);
    }
    submit_form(noord, page, page, &res, "per_session", "<b>12</b>", "fixed", "7", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "&lt;b&gt;12&lt;/b&gt;");
    assert_contains(res.body, "value=\"7\"");
    response_free(&res);
    /* Saved through the page's own form. */
    submit_form(noord, page, page, &res, "per_session", "90,5", "fixed", "", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, show);
    response_free(&res);
    assert_int_equal(count_of(stored), 9050LL * 1000000);
    /* Without the CSRF token: 403, nothing written. */
    assert_int_equal(post_status(noord, page, "per_session=1", true, false), 403);
    assert_int_equal(count_of(stored), 9050LL * 1000000);
    /* Both empty: the activity costs nothing. */
    submit_form(noord, page, page, &res, "per_session", "", "fixed", "", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM activity_costs WHERE activity_id ="
                              " (SELECT id FROM activities WHERE key = 'judo')"),
                     0);
    /* An activity that does not exist. */
    assert_int_equal(get_status(noord, "/activities/9999/costs", true), 404);
    client_free(noord);
}

/* ---- the budget ------------------------------------------------------------------------------- */

static void the_lead_sets_the_budget(void **state)
{
    (void)state;
    char page[96], year[10];
    period_year(year);
    long long noord_id = id_of("schools", "noord");
    path_of(page, sizeof page, "/schools/%lld/budget", noord_id);
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    submit_form(lead, page, page, &res, "year", "2025-2027", "amount", "25000", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vul een schooljaar in, bijvoorbeeld 2025-2026.");
    assert_contains(res.body, "value=\"2025-2027\"");
    response_free(&res);
    submit_form(lead, page, page, &res, "year", year, "amount", "veel", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vul een bedrag in euro in");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM school_budgets"), 0);
    assert_int_equal(post_status(lead, page, "year=2025-2026&amount=5", true, false), 403);
    submit_form(lead, page, page, &res, "year", year, "amount", "25000", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT amount FROM school_budgets"), 2500000);

    /* The coordinator sees it, without a form, and may not change it. */
    struct client *noord = logged_in("noord@test.nl");
    assert_int_equal(client_get(noord, page, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "€ 25.000,00");
    assert_lacks(res.body, "Budget opslaan");
    response_free(&res);
    assert_int_equal(post_status(noord, page, "year=2025-2026&amount=1", true, true), 403);

    /* In the coverage JSON: the budget and the share used (290 of 25,000). */
    long status;
    json_t *doc = coverage(noord, &status);
    json_t *s = school_of(doc, "noord");
    assert_true(number_of(s, "budget") == 25000.0);
    assert_true(number_of(s, "budget_used_pct") == 1.2);
    json_decref(doc);
    client_free(noord);
    client_free(lead);
}

/* ---- the CSV ---------------------------------------------------------------------------------- */

static void the_csv_has_a_row_per_school_and_domain(void **state)
{
    (void)state;
    char from[11], to[11], path[120];
    period(from, to);
    snprintf(path, sizeof path, "/reports/costs.csv?from=%s&to=%s", from, to);
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.content_type, "text/csv");
    assert_contains(res.body, "School;Sleutel;Domein;Activiteiten;Bijeenkomsten;Deelnemers;Uren;"
                              "Kosten in euro (een activiteit met meer domeinen telt per domein"
                              " een gelijk deel)\r\n");
    assert_contains(res.body, "Basisschool Noord;noord;Sport;1;2;0;0,0;290,00\r\n");
    assert_contains(res.body, "Basisschool Zuid;zuid;Sport;1;2;0;0,0;20,00\r\n");
    response_free(&res);
    /* A coordinator gets the own school only. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(client_get(zuid, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Basisschool Zuid;zuid;Sport;1;2;0;0,0;20,00\r\n");
    assert_lacks(res.body, "Noord");
    response_free(&res);
    /* A bad period comes back with its message. */
    assert_int_equal(client_get(lead, "/reports/costs.csv?from=2025-02-30", false, &res), 0);
    assert_int_equal(res.status, 422);
    response_free(&res);
    client_free(zuid);
    client_free(lead);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(money_is_for_the_lead_and_the_coordinator_only),
        T(the_coordinator_changes_the_costs),
        T(the_lead_sets_the_budget),
        T(the_csv_has_a_row_per_school_and_domain),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
