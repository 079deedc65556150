/* HTTP tests of issue 15, parts 1 and 3, against the real daemon: the lead's plan questions
 * (/plan-questions: list, add, change, move, remove after a confirmation), an activity's plan
 * (/activities/{id}/plan) filled in through the page's own HTML form, its state on the
 * activity page and plans_complete in the coverage JSON; a visit of a session
 * (/sessions/{id}/visit) saved and changed, listed on the activity page, visited_activities in
 * the coverage JSON. The access matrix (another school's coordinator 404, parents 403, staff
 * read the plan only), every POST without its CSRF token 403, and bad input answered 422 with
 * its Dutch message, the input kept and nothing written. */
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
   ahead: sessions at -14, -7, 0, +7 and +14 days (today's is never used: whether it has
   started depends on the hour). */
enum { DAY_HELD = -7, DAY_AHEAD = 7 };

static json_t *activity_json(const char *key, const char *school, const char *title,
                             const char *staff)
{
    const struct pf_activity a = {key, school, title, staff ? "sportpartner" : NULL, staff,
                                  DAY_HELD, 14, 10};
    return pf_activity_json(&a);
}

static json_t *fixture(const char *hash)
{
    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("ouder@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));
    char vog[11];
    return json_pack(
        "{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[{s:s, s:s, s:b}],"
        " s:[{s:s, s:s, s:s, s:s, s:s}], s:[o, o], s:[{s:s, s:s, s:s, s:s, s:s, s:i}], s:o}",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po", "key", "zuid",
        "name", "Basisschool Zuid", "kind", "po", "providers", "key", "sportpartner", "name",
        "Sportpartner", "external", 1, "staff", "key", "anna", "provider", "sportpartner", "name",
        "Anna de Vries", "level", "vak", "vog_date", pf_day(-100, vog), "activities",
        activity_json("judo", "noord", "Judo", "anna"), activity_json("koor", "zuid", "Koor", NULL),
        "pupils", "key", "sara", "school", "noord", "number", "1001", "first_name", "Sara",
        "last_name", "Test", "grade", 5, "users", users);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

#define path_of(buf, size, fmt, id) (snprintf(buf, size, fmt, (long long)(id)), (const char *)(buf))

static long long answers(void) { return count_of("SELECT count(*) FROM activity_plan_answers"); }
static long long visits(void) { return count_of("SELECT count(*) FROM visits"); }
static long long questions(void) { return count_of("SELECT count(*) FROM plan_questions"); }

/* The coverage JSON's figure of school noord around today. */
static json_int_t coverage_of(struct client *c, const char *figure)
{
    char from[11], to[11], path[96];
    snprintf(path, sizeof path, "/reports/coverage?from=%s&to=%s", pf_day(-30, from),
             pf_day(30, to));
    json_t *doc = get_json(c, path, 200);
    json_t *noord = item_with(json_object_get(doc, "schools"), "key", "noord");
    assert_non_null(noord);
    json_int_t v = int_of(noord, figure);
    json_decref(doc);
    return v;
}

/* ---- the questions -------------------------------------------------------------------------- */

static void the_lead_keeps_the_questions(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/plan-questions", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "questions")), 6);
    json_decref(doc);

    /* Added through the page's form; an empty question comes back with its message. */
    struct response res;
    submit_form(lead, "/plan-questions", "/plan-questions", &res, "question", "",
                "help", "Mijn toelichting", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vul de vraag in.");
    assert_contains(res.body, "Mijn toelichting");
    response_free(&res);
    assert_int_equal(questions(), 6);
    submit_form(lead, "/plan-questions", "/plan-questions", &res, "question",
                "Wie is het aanspreekpunt?", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(questions(), 7);
    long long id = count_of("SELECT id FROM plan_questions WHERE question ="
                            " 'Wie is het aanspreekpunt?' AND position = 7 AND required = 1");
    assert_true(id > 0);

    /* Moved up, changed on its own page, removed after the confirmation. */
    char move[96], page[96], action[96], remove[96];
    path_of(move, sizeof move, "/plan-questions/%lld/move", id);
    assert_int_equal(post_status(lead, move, "direction=up", false, true), 303);
    assert_int_equal(count_of("SELECT position FROM plan_questions WHERE key = 'evaluatie'"), 7);
    assert_int_equal(post_status(lead, move, "direction=sideways", false, true), 400);
    path_of(page, sizeof page, "/plan-questions/%lld/edit", id);
    path_of(action, sizeof action, "/plan-questions/%lld", id);
    submit_form(lead, page, action, &res, "question", "Wie is de contactpersoon?", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM plan_questions WHERE question ="
                              " 'Wie is de contactpersoon?' AND required = 1"),
                     1); /* the page's box was ticked, as stored */
    path_of(remove, sizeof remove, "/plan-questions/%lld/delete", id);
    submit_form(lead, remove, remove, &res, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(questions(), 6);

    /* Coordinators, staff and parents may not. */
    const char *others[] = {"noord@test.nl", "anna@test.nl", "ouder@test.nl"};
    for (size_t i = 0; i < 3; i++) {
        struct client *c = logged_in(others[i]);
        assert_int_equal(get_status(c, "/plan-questions", true), 403);
        assert_int_equal(post_status(c, "/plan-questions", "question=x", true, true), 403);
        client_free(c);
    }
    /* Without the CSRF token: 403, nothing written. */
    assert_int_equal(post_status(lead, "/plan-questions", "question=x", true, false), 403);
    assert_int_equal(questions(), 6);
    client_free(lead);
}

/* ---- an activity's plan --------------------------------------------------------------------- */

static void the_coordinator_fills_in_the_plan(void **state)
{
    (void)state;
    char page[96], show[96];
    long long judo = id_of("activities", "judo");
    path_of(page, sizeof page, "/activities/%lld/plan", judo);
    path_of(show, sizeof show, "/activities/%lld", judo);
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(client_get(noord, show, false, &res), 0);
    assert_contains(res.body, "Plan niet compleet");
    assert_contains(res.body, "5 verplichte vragen");
    response_free(&res);
    assert_int_equal(coverage_of(noord, "plans_complete"), 0);

    /* A BSN in an answer: 422, the Dutch message, every answer kept, nothing written. */
    submit_form(noord, page, page, &res, "answer[1]", "Samen bewegen.", "answer[2]",
                "BSN van Sara: 111222333", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Noem geen burgerservicenummer (BSN).");
    assert_contains(res.body, "Samen bewegen.");
    assert_contains(res.body, "href=\"#f-answer-2\"");
    response_free(&res);
    assert_int_equal(answers(), 0);

    submit_form(noord, page, page, &res, "answer[1]", "Samen bewegen.", "answer[2]",
                "Ouders kijken de laatste keer mee.", "answer[3]", "Wekelijks een uur.",
                "answer[4]", "Vakbekwaam.", "answer[5]", "Gekozen door de kinderen.", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, show);
    response_free(&res);
    assert_int_equal(answers(), 5);
    assert_int_equal(client_get(noord, show, false, &res), 0);
    assert_contains(res.body, "Plan compleet");
    response_free(&res);
    assert_int_equal(coverage_of(noord, "plans_complete"), 1);

    /* Emptying a required answer opens the plan again (JSON). */
    json_t *doc = post_json(noord, page, "answer%5B3%5D=", 200);
    assert_false(json_is_true(json_object_get(doc, "complete")));
    assert_int_equal(int_of(doc, "open_count"), 1);
    json_decref(doc);
    assert_int_equal(answers(), 4);

    /* Staff of the activity read it; the lead may write; another school's coordinator and
       parents not; no CSRF token, no save. */
    struct client *anna = logged_in("anna@test.nl");
    doc = get_json(anna, page, 200);
    assert_false(json_is_true(json_object_get(doc, "can_write")));
    json_decref(doc);
    assert_int_equal(post_status(anna, page, "answer%5B3%5D=x", true, true), 403);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, page, true), 404);
    assert_int_equal(post_status(zuid, page, "answer%5B3%5D=x", true, true), 404);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, page, true), 403);
    assert_int_equal(post_status(parent, page, "answer%5B3%5D=x", true, true), 403);
    assert_int_equal(post_status(noord, page, "answer%5B3%5D=x", true, false), 403);
    assert_int_equal(answers(), 4);
    struct client *lead = logged_in("lead@test.nl");
    doc = post_json(lead, page, "answer%5B3%5D=Een+uur+per+week.", 200);
    assert_true(json_is_true(json_object_get(doc, "complete")));
    json_decref(doc);
    client_free(lead);
    client_free(parent);
    client_free(zuid);
    client_free(anna);
    client_free(noord);
}

/* ---- visits --------------------------------------------------------------------------------- */

static void the_coordinator_visits_a_session(void **state)
{
    (void)state;
    char page[96], ahead[96], show[96];
    path_of(page, sizeof page, "/sessions/%lld/visit", session_on("judo", DAY_HELD));
    path_of(ahead, sizeof ahead, "/sessions/%lld/visit", session_on("judo", DAY_AHEAD));
    path_of(show, sizeof show, "/activities/%lld", id_of("activities", "judo"));
    struct client *noord = logged_in("noord@test.nl");
    struct response res;

    /* A bad rating and involvement: 422 with their Dutch messages, the note kept. */
    submit_form(noord, page, page, &res, "goal", "super", "involvement", "9", "note",
                "Rustige groep.", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies goed, voldoende, onvoldoende of n.v.t.");
    assert_contains(res.body, "Vul een getal van 1 tot en met 5 in.");
    assert_contains(res.body, "Rustige groep.");
    response_free(&res);
    assert_int_equal(visits(), 0);

    submit_form(noord, page, page, &res, "goal", "goed", "staff", "onvoldoende", "involvement",
                "4", "note", "Rustige groep.", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, page);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM visits WHERE goal = 'goed' AND"
                              " staff = 'onvoldoende' AND home_school = 'nvt' AND"
                              " involvement = 4 AND note = 'Rustige groep.'"),
                     1);
    /* Saved again: the same visit, changed. */
    json_t *doc = post_json(noord, page,
                            "goal=voldoende&home_school=goed&duration=goed&staff=goed"
                            "&interests=goed&involvement=&note=",
                            200);
    assert_false(json_is_true(json_object_get(doc, "created")));
    assert_true(json_is_null(json_object_get(doc, "involvement")));
    json_decref(doc);
    assert_int_equal(visits(), 1);
    assert_int_equal(client_get(noord, show, false, &res), 0);
    assert_contains(res.body, "Doel: voldoende");
    response_free(&res);
    assert_int_equal(coverage_of(noord, "visited_activities"), 1);

    /* A session ahead cannot be visited yet. */
    doc = post_expect(noord, ahead, "goal=goed&home_school=goed&duration=goed&staff=goed"
                                    "&interests=goed",
                      422);
    assert_refused_field(doc, "form");
    json_decref(doc);

    /* Another school's coordinator 404; staff and parents 403; no CSRF token 403. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, page, true), 404);
    assert_int_equal(post_status(zuid, page, "goal=goed", true, true), 404);
    const char *refused[] = {"anna@test.nl", "ouder@test.nl"};
    for (size_t i = 0; i < 2; i++) {
        struct client *c = logged_in(refused[i]);
        assert_int_equal(get_status(c, page, true), 403);
        assert_int_equal(post_status(c, page, "goal=goed", true, true), 403);
        client_free(c);
    }
    assert_int_equal(post_status(noord, page, "goal=goed", true, false), 403);
    assert_int_equal(visits(), 1);
    /* The lead's own visit of the same session is a second one. */
    struct client *lead = logged_in("lead@test.nl");
    submit_form(lead, page, page, &res, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(visits(), 2);
    assert_int_equal(coverage_of(lead, "visited_activities"), 1);
    client_free(lead);
    client_free(zuid);
    client_free(noord);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(the_lead_keeps_the_questions),
        T(the_coordinator_fills_in_the_plan),
        T(the_coordinator_visits_a_session),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
