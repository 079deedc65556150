/* HTTP tests of the evaluation after a session (nabespreking) and of incidents against the real
 * daemon, with a fixture generated at start whose sessions lie around today (an evaluation
 * is only for a session that took place): writing and changing one's own evaluation, who sees
 * which evaluations (staff only their own), the per-activity table, cancelled and future
 * sessions refused, each bad field answered 422 with its Dutch message, the input kept and
 * nothing written; reporting an incident with pupils of the activity, the list (newest first,
 * per school, the lead's filters) and one incident; the access matrix (staff: own activities;
 * coordinator: own school; lead: all; outside the scope 404; parents 403), every POST without
 * its CSRF token 403, and the JSON shapes. */
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

#define NO_SUCH_ID "999999"

/* ---- the fixture ----------------------------------------------------------------------------- */

/* Every activity meets weekly on the weekday of a week ago, from two weeks ago until two weeks
   ahead: sessions at -14 (judo's is cancelled), -7, 0, +7 and +14 days. Today's session is
   never used, as whether it has started depends on the hour the test runs. */
enum { DAY_CANCELLED = -14, DAY_HELD = -7, DAY_AHEAD = 7 };

static json_t *activity_json(const char *key, const char *school, const char *title,
                             const char *provider, const char *staff)
{
    const struct pf_activity a = {key, school, title, provider, staff, DAY_HELD, 14, 10};
    return pf_activity_json(&a);
}

static json_t *pupil_json(const char *key, const char *school, const char *number,
                          const char *first_name)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "key", key, "school", school, "number",
                     number, "first_name", first_name, "last_name", "Test", "grade", 5);
}

/* user with its name set to name (the pages show who wrote an evaluation). */
static json_t *named(json_t *user, const char *name)
{
    json_object_set_new(user, "name", json_string(name));
    return user;
}

static json_t *enrolment_json(const char *pupil, const char *activity)
{
    return json_pack("{s:s, s:s, s:s}", "pupil", pupil, "activity", activity, "status",
                     "enrolled");
}

/* The whole load document. New reference. */
static json_t *fixture(const char *hash)
{
    json_t *users = json_array();
    json_array_append_new(users, named(fixture_user("lead@test.nl", "lead", hash, NULL, NULL),
                                       "Lea Leiding"));
    json_array_append_new(users, named(fixture_user("noord@test.nl", "coordinator", hash,
                                                    "school", json_string("noord")),
                                       "Nina Noord"));
    json_array_append_new(users, named(fixture_user("zuid@test.nl", "coordinator", hash,
                                                    "school", json_string("zuid")),
                                       "Zeno Zuid"));
    json_array_append_new(users, named(fixture_user("anna@test.nl", "staff", hash, "staff",
                                                    json_string("anna")),
                                       "Anna de Vries"));
    json_array_append_new(users, named(fixture_user("bert@test.nl", "staff", hash, "staff",
                                                    json_string("bert")),
                                       "Bert Kwast"));
    json_array_append_new(users, named(fixture_user("ouder@test.nl", "parent", hash, "children",
                                                    json_pack("[s]", "sara")),
                                       "Olga Ouder"));

    char vog[11], cancelled[11];
    return json_pack(
        "{s:{s:s, s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}],"
        " s:[{s:s, s:s, s:b}, {s:s, s:s, s:b}],"
        " s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s}],"
        " s:[o, o, o], s:[o, o, o, o], s:o, s:[o, o, o, o],"
        " s:[{s:s, s:s, s:b, s:s}]}",
        "coalition", "name", "Coalitie Testdorp", "city", "Testdorp",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po",
        "key", "zuid", "name", "Basisschool Zuid", "kind", "po",
        "providers", "key", "sportpartner", "name", "Sportpartner", "external", 1,
        "key", "atelier", "name", "Atelier", "external", 1,
        "staff", "key", "anna", "provider", "sportpartner", "name", "Anna de Vries", "level",
        "vak", "vog_date", pf_day(-100, vog), "key", "bert", "provider", "atelier", "name",
        "Bert Kwast", "level", "basis", "vog_date", vog,
        "activities", activity_json("judo", "noord", "Judo", "sportpartner", "anna"),
        activity_json("tekenen", "noord", "Tekenen", "atelier", "bert"),
        activity_json("koor", "zuid", "Koor", NULL, NULL),
        "pupils", pupil_json("sara", "noord", "1001", "Sara"),
        pupil_json("daan", "noord", "1002", "Daan"), pupil_json("noor", "noord", "1003", "Noor"),
        pupil_json("mila", "zuid", "2001", "Mila"),
        "users", users,
        "enrolments", enrolment_json("sara", "judo"), enrolment_json("daan", "judo"),
        enrolment_json("noor", "tekenen"), enrolment_json("mila", "koor"),
        "sessions", "activity", "judo", "slot", pf_day(DAY_CANCELLED, cancelled), "cancelled",
        1, "reason", "Zaal dicht");
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* buf (size bytes) filled from the literal format fmt with one id; evaluates to buf. */
#define path_of(buf, size, fmt, id) (snprintf(buf, size, fmt, (long long)(id)), (const char *)(buf))

static long long evaluations(void) { return count_of("SELECT count(*) FROM evaluations"); }
static long long incidents(void) { return count_of("SELECT count(*) FROM incidents"); }
static long long audits(void) { return count_of("SELECT count(*) FROM audit_log"); }

/* A text of n copies of c (caller frees). */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static char *good_evaluation(void)
{
    return form_body("went_well", "Iedereen deed mee.", "to_change", "Meer water klaarzetten.",
                "as_planned", "partly", "note", "", NULL);
}

/* The member key of obj as an array; fails when it is not one. */
static json_t *array_of(json_t *obj, const char *key)
{
    json_t *a = json_object_get(obj, key);
    if (!json_is_array(a))
        fail_msg("'%s' is not an array", key);
    return a;
}

/* ---- evaluations ----------------------------------------------------------------------------- */

static void evaluation_written_changed_and_seen(void **state)
{
    (void)state;
    char path[96];
    long long held = session_on("judo", DAY_HELD);
    path_of(path, sizeof path, "/sessions/%lld/evaluation", held);

    struct client *anna = logged_in("anna@test.nl");
    json_t *doc = get_json(anna, path, 200);
    assert_true(json_is_true(json_object_get(doc, "can_write")));
    assert_true(json_is_null(json_object_get(doc, "own")));
    assert_true(json_is_null(json_object_get(doc, "refusal")));
    assert_null(json_object_get(doc, "evaluations")); /* staff see only their own */
    assert_int_equal(int_of(json_object_get(doc, "session"), "id"), held);
    assert_string_equal(str_of(json_object_get(doc, "activity"), "title"), "Judo");
    assert_string_equal(str_of(json_object_get(doc, "values"), "went_well"), "");
    assert_int_equal(json_array_size(array_of(doc, "plan_options")), 3);
    json_decref(doc);

    long long audit_before = audits();
    char *body = good_evaluation();
    doc = post_json(anna, path, body, 201);
    free(body);
    assert_true(int_of(doc, "id") > 0);
    assert_int_equal(int_of(doc, "session_id"), held);
    assert_string_equal(str_of(doc, "as_planned"), "partly");
    assert_string_equal(str_of(doc, "as_planned_label"), "gedeeltelijk");
    assert_string_equal(str_of(doc, "author"), "Anna de Vries");
    assert_string_equal(str_of(doc, "role"), "staff");
    assert_true(json_is_true(json_object_get(doc, "created")));
    json_decref(doc);
    assert_int_equal(evaluations(), 1);
    assert_int_equal(audits(), audit_before + 1);

    /* Saving again changes the same evaluation (HTML: back to the page with a notice). */
    body = form_body("went_well", "Iedereen deed mee.", "to_change", "niets", "as_planned", "yes",
                "note", "Zaal was koud.", NULL);
    struct response res;
    post(anna, path, body, false, &res);
    free(body);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    assert_int_equal(evaluations(), 1);
    assert_int_equal(count_of("SELECT count(*) FROM evaluations WHERE as_planned = 'yes'"
                              " AND note = 'Zaal was koud.' AND to_change = 'niets'"),
                     1);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'evaluations'"
                              " AND action = 'update'"),
                     1);
    assert_int_equal(client_get(anna, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "De nabespreking is opgeslagen.");
    assert_contains(res.body, "Zaal was koud.");
    assert_contains(res.body, "Uw nabespreking wijzigen");
    response_free(&res);

    /* The coordinator writes her own and sees both; Anna still sees only hers. */
    struct client *noord = logged_in("noord@test.nl");
    body = good_evaluation();
    doc = post_json(noord, path, body, 201);
    free(body);
    assert_string_equal(str_of(doc, "role"), "coordinator");
    json_decref(doc);
    doc = get_json(noord, path, 200);
    json_t *list = array_of(doc, "evaluations");
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(str_of(json_array_get(list, 0), "author"), "Anna de Vries");
    assert_string_equal(str_of(json_array_get(list, 0), "went_well"), "Iedereen deed mee.");
    assert_false(json_is_true(json_object_get(json_array_get(list, 0), "own")));
    assert_true(json_is_true(json_object_get(json_array_get(list, 1), "own")));
    assert_string_equal(str_of(json_object_get(doc, "own"), "author"), "Nina Noord");
    json_decref(doc);
    doc = get_json(anna, path, 200);
    assert_null(json_object_get(doc, "evaluations"));
    assert_string_equal(str_of(json_object_get(doc, "own"), "note"), "Zaal was koud.");
    json_decref(doc);

    /* The lead sees both, on the session and in the activity's table. */
    struct client *lead = logged_in("lead@test.nl");
    doc = get_json(lead, path, 200);
    assert_int_equal(json_array_size(array_of(doc, "evaluations")), 2);
    json_decref(doc);
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Alle nabesprekingen van deze bijeenkomst");
    assert_contains(res.body, "Anna de Vries");
    assert_contains(res.body, "Nina Noord");
    response_free(&res);

    char activity_path[96];
    path_of(activity_path, sizeof activity_path, "/activities/%lld/evaluations",
            id_of("activities", "judo"));
    doc = get_json(lead, activity_path, 200);
    assert_string_equal(str_of(json_object_get(doc, "activity"), "title"), "Judo");
    assert_string_equal(str_of(json_object_get(doc, "activity"), "school"), "Basisschool Noord");
    json_t *sessions = array_of(doc, "sessions");
    /* Held: -7, and today's once it has started; not the cancelled one, not those ahead. */
    assert_true(json_array_size(sessions) >= 1 && json_array_size(sessions) <= 2);
    json_t *last = json_array_get(sessions, json_array_size(sessions) - 1);
    assert_int_equal(int_of(last, "id"), held);
    assert_true(strlen(str_of(last, "date")) == 10);
    assert_string_equal(str_of(last, "start"), "15:00");
    assert_string_equal(str_of(last, "end"), "16:00");
    json_t *rows = array_of(last, "evaluations");
    assert_int_equal(json_array_size(rows), 2);
    assert_string_equal(str_of(json_array_get(rows, 0), "as_planned"), "yes");
    assert_string_equal(str_of(json_array_get(rows, 1), "role_label"), "coördinator");
    assert_int_equal(int_of(doc, "evaluated"), 1);
    assert_int_equal(int_of(doc, "held"), (json_int_t)json_array_size(sessions));
    json_decref(doc);
    assert_int_equal(client_get(noord, activity_path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Nabesprekingen van Judo");
    assert_contains(res.body, "Meer water klaarzetten.");
    response_free(&res);
    client_free(lead);
    client_free(noord);
    client_free(anna);
}

static void evaluation_access_matrix(void **state)
{
    (void)state;
    char judo[96], tekenen[96], koor[96], none[96], judo_table[96], koor_table[96];
    path_of(judo, sizeof judo, "/sessions/%lld/evaluation", session_on("judo", DAY_HELD));
    path_of(tekenen, sizeof tekenen, "/sessions/%lld/evaluation",
            session_on("tekenen", DAY_HELD));
    path_of(koor, sizeof koor, "/sessions/%lld/evaluation", session_on("koor", DAY_HELD));
    snprintf(none, sizeof none, "/sessions/%s/evaluation", NO_SUCH_ID);
    path_of(judo_table, sizeof judo_table, "/activities/%lld/evaluations",
            id_of("activities", "judo"));
    path_of(koor_table, sizeof koor_table, "/activities/%lld/evaluations",
            id_of("activities", "koor"));

    const struct {
        const char *email;
        long judo, tekenen, koor, none, judo_table, koor_table;
    } matrix[] = {
        {"lead@test.nl", 200, 200, 200, 404, 200, 200},
        {"noord@test.nl", 200, 200, 404, 404, 200, 404},
        {"zuid@test.nl", 404, 404, 200, 404, 404, 200},
        {"anna@test.nl", 200, 404, 404, 404, 403, 403},
        {"bert@test.nl", 404, 200, 404, 404, 403, 403},
        {"ouder@test.nl", 403, 403, 403, 403, 403, 403},
    };
    char *body = good_evaluation();
    for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
        struct client *c = logged_in(matrix[i].email);
        const char *paths[] = {judo, tekenen, koor, none, judo_table, koor_table};
        long expected[] = {matrix[i].judo,  matrix[i].tekenen,    matrix[i].koor,
                           matrix[i].none,  matrix[i].judo_table, matrix[i].koor_table};
        for (size_t j = 0; j < 6; j++) {
            long got = get_status(c, paths[j], true);
            if (got != expected[j])
                fail_msg("%s GET %s: expected %ld, got %ld", matrix[i].email, paths[j],
                         expected[j], got);
            if (j == 3 || expected[j] == 200)
                continue;
            /* Whoever may not see the session may not write on it either. */
            if (j < 3) {
                long posted = post_status(c, paths[j], body, true, true);
                if (posted != expected[j])
                    fail_msg("%s POST %s: expected %ld, got %ld", matrix[i].email, paths[j],
                             expected[j], posted);
            }
        }
        assert_int_equal(post_status(c, none, body, true, true),
                         !strcmp(matrix[i].email, "ouder@test.nl") ? 403 : 404);
        client_free(c);
    }
    free(body);
    assert_int_equal(evaluations(), 0);
    /* Without a login: to the login page, or 401 for JSON and posts. */
    struct client *anonymous = at_login_form();
    assert_int_equal(get_status(anonymous, judo, false), 303);
    assert_int_equal(get_status(anonymous, judo, true), 401);
    client_free(anonymous);
}

static void evaluation_only_after_a_held_session(void **state)
{
    (void)state;
    char cancelled[96], ahead[96];
    path_of(cancelled, sizeof cancelled, "/sessions/%lld/evaluation",
            session_on("judo", DAY_CANCELLED));
    path_of(ahead, sizeof ahead, "/sessions/%lld/evaluation", session_on("judo", DAY_AHEAD));
    struct client *noord = logged_in("noord@test.nl");
    char *body = good_evaluation();
    const char *paths[] = {cancelled, ahead};
    const char *words[] = {"vervallen", "nog niet geweest"};
    for (size_t i = 0; i < 2; i++) {
        json_t *doc = get_json(noord, paths[i], 200);
        assert_false(json_is_true(json_object_get(doc, "can_write")));
        assert_contains(str_of(doc, "refusal"), words[i]);
        json_decref(doc);
        struct response res;
        assert_int_equal(client_get(noord, paths[i], false, &res), 0);
        assert_int_equal(res.status, 200);
        assert_contains(res.body, words[i]);
        assert_lacks(res.body, "Nabespreking opslaan");
        response_free(&res);
        doc = post_json(noord, paths[i], body, 422);
        assert_refused_field(doc, "form");
        assert_contains(json_string_value(json_object_get(json_object_get(doc, "fields"),
                                                          "form")),
                        words[i]);
        json_decref(doc);
        post(noord, paths[i], body, false, &res);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, words[i]);
        response_free(&res);
    }
    free(body);
    client_free(noord);
    assert_int_equal(evaluations(), 0);
}

static void evaluation_bad_input_is_422(void **state)
{
    (void)state;
    char path[96];
    path_of(path, sizeof path, "/sessions/%lld/evaluation", session_on("judo", DAY_HELD));
    char *long_text = repeat('a', 2001), *long_note = repeat('n', 1001);
    const struct {
        const char *field, *value, *message;
    } cases[] = {
        {"went_well", "", "Vul in wat goed ging."},
        {"went_well", "   ", "Vul in wat goed ging."},
        {"to_change", "", "Vul in wat er anders kan"},
        {"as_planned", "", "Kies of de activiteit volgens plan verliep."},
        {"as_planned", "misschien", "Kies of de activiteit volgens plan verliep."},
        {"went_well", long_text, "Gebruik hoogstens 2000 tekens."},
        {"note", long_note, "Gebruik hoogstens 1000 tekens."},
        {"went_well", "Bel\x01", "Gebruik geen besturingstekens."},
        {"note", "BSN 111222333", "burgerservicenummer"},
    };
    struct client *anna = logged_in("anna@test.nl");
    long long audit_before = audits();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *well = "Fijn <b>samen</b> & blij", *change = "Korter", *plan = "no",
                   *note = "Opmerking 'x'";
        const char *name = cases[i].field;
        if (!strcmp(name, "went_well"))
            well = cases[i].value;
        else if (!strcmp(name, "to_change"))
            change = cases[i].value;
        else if (!strcmp(name, "as_planned"))
            plan = cases[i].value;
        else
            note = cases[i].value;
        char *body = form_body("went_well", well, "to_change", change, "as_planned", plan, "note",
                          note, NULL);
        json_t *doc = post_json(anna, path, body, 422);
        assert_refused_field(doc, name);
        assert_contains(json_string_value(json_object_get(json_object_get(doc, "fields"), name)),
                        cases[i].message);
        json_decref(doc);
        /* HTML: the form again with the message, the summary and the input (escaped). */
        struct response res;
        post(anna, path, body, false, &res);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, "error-summary");
        assert_contains(res.body, "id=\"e-");
        if (strcmp(name, "went_well"))
            assert_contains(res.body, "Fijn &lt;b&gt;samen&lt;/b&gt; &amp; blij");
        if (strcmp(name, "note"))
            assert_contains(res.body, "Opmerking &#39;x&#39;");
        assert_lacks(res.body, "<b>samen</b>");
        response_free(&res);
        free(body);
    }
    client_free(anna);
    free(long_text);
    free(long_note);
    assert_int_equal(evaluations(), 0);
    assert_int_equal(audits(), audit_before);
}

/* ---- incidents ------------------------------------------------------------------------------- */

static char *incident_body(const char *field, const char *value, const char *pupil_field)
{
    const char *what = "Sara viel van de mat.", *occurred_on = NULL, *involved = "Hulpouder",
               *measures = "Gekoeld en ouders gebeld.", *severity = "middel";
    char held[11];
    occurred_on = pf_day(DAY_HELD, held);
    if (field && !strcmp(field, "what"))
        what = value;
    else if (field && !strcmp(field, "occurred_on"))
        occurred_on = value;
    else if (field && !strcmp(field, "involved"))
        involved = value;
    else if (field && !strcmp(field, "measures"))
        measures = value;
    else if (field && !strcmp(field, "severity"))
        severity = value;
    if (pupil_field)
        return form_body("what", what, "occurred_on", occurred_on, "involved", involved, "measures",
                    measures, "severity", severity, pupil_field, "1", NULL);
    return form_body("what", what, "occurred_on", occurred_on, "involved", involved, "measures",
                measures, "severity", severity, NULL);
}

static void incident_reported_listed_and_shown(void **state)
{
    (void)state;
    long long held = session_on("judo", DAY_HELD), ahead = session_on("judo", DAY_AHEAD);
    char new_path[96], post_path[96], pupil_field[32], held_day[11], today[11];
    path_of(new_path, sizeof new_path, "/sessions/%lld/incidents/new", held);
    path_of(post_path, sizeof post_path, "/sessions/%lld/incidents", held);
    snprintf(pupil_field, sizeof pupil_field, "pupil_%lld", id_of("pupils", "sara"));

    struct client *anna = logged_in("anna@test.nl");
    json_t *doc = get_json(anna, new_path, 200);
    assert_string_equal(str_of(json_object_get(doc, "values"), "occurred_on"),
                        pf_day(DAY_HELD, held_day));
    json_t *choices = array_of(doc, "pupil_choices");
    assert_int_equal(json_array_size(choices), 2); /* Daan and Sara, not Noor */
    assert_string_equal(str_of(json_array_get(choices, 0), "name"), "Daan Test");
    assert_string_equal(str_of(json_array_get(choices, 1), "name"), "Sara Test");
    assert_int_equal(json_array_size(array_of(doc, "severity_options")), 3);
    json_decref(doc);
    /* A session ahead: the date offered is today, never a day to come. */
    char ahead_path[96];
    doc = get_json(anna, path_of(ahead_path, sizeof ahead_path, "/sessions/%lld/incidents/new",
                                 ahead),
                   200);
    assert_string_equal(str_of(json_object_get(doc, "values"), "occurred_on"), pf_day(0, today));
    json_decref(doc);

    long long audit_before = audits();
    char *body = incident_body(NULL, NULL, pupil_field);
    doc = post_json(anna, post_path, body, 201);
    free(body);
    long long first = int_of(doc, "id");
    assert_string_equal(str_of(doc, "what"), "Sara viel van de mat.");
    assert_string_equal(str_of(doc, "occurred_on"), held_day);
    assert_string_equal(str_of(doc, "severity"), "middel");
    assert_string_equal(str_of(doc, "severity_label"), "Middel");
    assert_string_equal(str_of(doc, "involved"), "Hulpouder");
    assert_string_equal(str_of(doc, "measures"), "Gekoeld en ouders gebeld.");
    assert_string_equal(str_of(doc, "reported_by"), "Anna de Vries");
    assert_string_equal(str_of(doc, "school"), "Basisschool Noord");
    assert_string_equal(str_of(json_object_get(doc, "activity"), "title"), "Judo");
    assert_int_equal(int_of(json_object_get(doc, "session"), "id"), held);
    json_t *pupils = array_of(doc, "pupils");
    assert_int_equal(json_array_size(pupils), 1);
    assert_string_equal(str_of(json_array_get(pupils, 0), "first_name"), "Sara");
    json_decref(doc);
    assert_int_equal(incidents(), 1);
    assert_int_equal(audits(), audit_before + 1);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'incidents'"
                              " AND action = 'create'"),
                     1);

    /* The coordinator reports one in HTML, dated earlier and serious: 303 to its page. */
    struct client *noord = logged_in("noord@test.nl");
    char earlier[11];
    body = form_body("what", "Ruzie in de kleedkamer.", "occurred_on", pf_day(-8, earlier),
                "involved", "", "measures", "Gesprek met beiden.", "severity", "hoog", NULL);
    struct response res;
    post(noord, post_path, body, false, &res);
    free(body);
    assert_int_equal(res.status, 303);
    char shown[96];
    path_of(shown, sizeof shown, "/incidents/%lld", first + 1);
    assert_string_equal(res.location, shown);
    response_free(&res);
    assert_int_equal(client_get(noord, shown, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Het incident is vastgelegd.");
    assert_contains(res.body, "Ruzie in de kleedkamer.");
    assert_contains(res.body, "Nina Noord");
    response_free(&res);

    /* The list: newest first by date; the coordinator's own school only. */
    doc = get_json(noord, "/incidents", 200);
    json_t *list = array_of(doc, "incidents");
    assert_int_equal(int_of(doc, "total"), 2);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(int_of(json_array_get(list, 0), "id"), first);
    assert_int_equal(int_of(json_array_get(list, 1), "id"), first + 1);
    assert_string_equal(str_of(json_array_get(list, 0), "activity"), "Judo");
    assert_string_equal(str_of(json_array_get(list, 0), "school"), "Basisschool Noord");
    assert_string_equal(str_of(json_array_get(list, 0), "reported_by"), "Anna de Vries");
    assert_string_equal(str_of(json_array_get(list, 1), "severity"), "hoog");
    assert_int_equal(int_of(json_array_get(list, 0), "pupils"), 1);
    json_decref(doc);
    doc = get_json(noord, "/incidents?severity=hoog&school=zuid", 200); /* school: lead only */
    assert_int_equal(int_of(doc, "total"), 1);
    json_decref(doc);
    assert_int_equal(client_get(noord, "/incidents", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Sara viel van de mat.");
    assert_contains(res.body, "href=\"/incidents\""); /* the menu item */
    response_free(&res);

    struct client *zuid = logged_in("zuid@test.nl");
    doc = get_json(zuid, "/incidents", 200);
    assert_int_equal(int_of(doc, "total"), 0);
    json_decref(doc);
    assert_int_equal(get_status(zuid, shown, true), 404);
    client_free(zuid);

    struct client *lead = logged_in("lead@test.nl");
    const struct {
        const char *query;
        long long total;
    } filters[] = {{"/incidents", 2},
                   {"/incidents?school=noord", 2},
                   {"/incidents?school=zuid", 0},
                   {"/incidents?school=nergens", 0},
                   {"/incidents?severity=hoog", 1},
                   {"/incidents?severity=onbekend", 2},
                   {"/incidents?page=abc", 2}};
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        doc = get_json(lead, filters[i].query, 200);
        if (int_of(doc, "total") != filters[i].total)
            fail_msg("%s: total %lld", filters[i].query, (long long)int_of(doc, "total"));
        json_decref(doc);
    }
    doc = get_json(lead, "/incidents?school=noord", 200);
    assert_string_equal(str_of(json_object_get(doc, "filters"), "school"), "noord");
    assert_true(json_array_size(array_of(doc, "schools")) == 2);
    json_decref(doc);
    assert_int_equal(get_status(lead, shown, true), 200);
    client_free(lead);

    /* Anna sees the incidents of her activity, not the list; Bert and the parent nothing. */
    char first_path[96];
    path_of(first_path, sizeof first_path, "/incidents/%lld", first);
    doc = get_json(anna, first_path, 200);
    assert_string_equal(str_of(json_object_get(doc, "incident"), "what"),
                        "Sara viel van de mat.");
    assert_false(json_is_true(json_object_get(doc, "can_open_pupils")));
    json_decref(doc);
    assert_int_equal(get_status(anna, "/incidents", true), 403);
    assert_int_equal(client_get(anna, "/", false, &res), 0);
    assert_lacks(res.body, "href=\"/incidents\"");
    response_free(&res);
    struct client *bert = logged_in("bert@test.nl");
    assert_int_equal(get_status(bert, first_path, true), 404);
    client_free(bert);
    struct client *ouder = logged_in("ouder@test.nl");
    assert_int_equal(get_status(ouder, first_path, true), 403);
    assert_int_equal(get_status(ouder, "/incidents", true), 403);
    client_free(ouder);
    assert_int_equal(get_status(noord, "/incidents/" NO_SUCH_ID, true), 404);
    client_free(noord);
    client_free(anna);
}

static void incident_access_matrix(void **state)
{
    (void)state;
    char judo[96], tekenen[96], koor[96], none[96];
    path_of(judo, sizeof judo, "/sessions/%lld/incidents", session_on("judo", DAY_HELD));
    path_of(tekenen, sizeof tekenen, "/sessions/%lld/incidents", session_on("tekenen", DAY_HELD));
    path_of(koor, sizeof koor, "/sessions/%lld/incidents", session_on("koor", DAY_HELD));
    snprintf(none, sizeof none, "/sessions/%s/incidents", NO_SUCH_ID);
    const struct {
        const char *email;
        long judo, tekenen, koor;
    } matrix[] = {
        {"lead@test.nl", 200, 200, 200},  {"noord@test.nl", 200, 200, 404},
        {"zuid@test.nl", 404, 404, 200},  {"anna@test.nl", 200, 404, 404},
        {"bert@test.nl", 404, 200, 404},  {"ouder@test.nl", 403, 403, 403},
    };
    char *body = incident_body(NULL, NULL, NULL);
    for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
        struct client *c = logged_in(matrix[i].email);
        const char *paths[] = {judo, tekenen, koor};
        long expected[] = {matrix[i].judo, matrix[i].tekenen, matrix[i].koor};
        for (size_t j = 0; j < 3; j++) {
            char new_path[112];
            snprintf(new_path, sizeof new_path, "%s/new", paths[j]);
            long got = get_status(c, new_path, true);
            if (got != expected[j])
                fail_msg("%s GET %s: expected %ld, got %ld", matrix[i].email, new_path,
                         expected[j], got);
            if (expected[j] != 200) {
                long posted = post_status(c, paths[j], body, true, true);
                if (posted != expected[j])
                    fail_msg("%s POST %s: expected %ld, got %ld", matrix[i].email, paths[j],
                             expected[j], posted);
            }
        }
        long missing = !strcmp(matrix[i].email, "ouder@test.nl") ? 403 : 404;
        assert_int_equal(post_status(c, none, body, true, true), missing);
        client_free(c);
    }
    free(body);
    assert_int_equal(incidents(), 0);
}

static void incident_bad_input_is_422(void **state)
{
    (void)state;
    char path[96], tomorrow[11], pupil_noor[32], pupil_mila[32];
    path_of(path, sizeof path, "/sessions/%lld/incidents", session_on("judo", DAY_HELD));
    snprintf(pupil_noor, sizeof pupil_noor, "pupil_%lld", id_of("pupils", "noor"));
    snprintf(pupil_mila, sizeof pupil_mila, "pupil_%lld", id_of("pupils", "mila"));
    char *long_text = repeat('w', 2001), *long_involved = repeat('i', 501);
    const struct {
        const char *field, *value, *pupil_field, *error_field, *message;
    } cases[] = {
        {"what", "", NULL, "what", "Beschrijf wat er gebeurde."},
        {"what", long_text, NULL, "what", "Gebruik hoogstens 2000 tekens."},
        {"what", "Val\x1b", NULL, "what", "Gebruik geen besturingstekens."},
        {"measures", "", NULL, "measures", "Beschrijf welke maatregelen zijn genomen."},
        {"measures", "BSN 1112.22.333", NULL, "measures", "burgerservicenummer"},
        {"involved", long_involved, NULL, "involved", "Gebruik hoogstens 500 tekens."},
        {"involved", "Mila, BSN 111222333", NULL, "involved", "burgerservicenummer"},
        {"severity", "", NULL, "severity", "Kies hoe ernstig"},
        {"severity", "extreem", NULL, "severity", "Kies hoe ernstig"},
        {"occurred_on", "", NULL, "occurred_on", "Vul de datum in"},
        {"occurred_on", "gisteren", NULL, "occurred_on", "Vul een geldige datum in"},
        {"occurred_on", "2025-02-30", NULL, "occurred_on", "Vul een geldige datum in"},
        {"occurred_on", pf_day(1, tomorrow), NULL, "occurred_on", "toekomst"},
        {NULL, NULL, pupil_noor, "pupils", "Kies leerlingen uit de lijst"},
        {NULL, NULL, pupil_mila, "pupils", "Kies leerlingen uit de lijst"},
        {NULL, NULL, "pupil_abc", "pupils", "Kies leerlingen uit de lijst"},
        {NULL, NULL, "pupil_0", "pupils", "Kies leerlingen uit de lijst"},
        {NULL, NULL, "pupil_" NO_SUCH_ID, "pupils", "Kies leerlingen uit de lijst"},
    };
    struct client *noord = logged_in("noord@test.nl");
    long long audit_before = audits();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *body = incident_body(cases[i].field, cases[i].value, cases[i].pupil_field);
        json_t *doc = post_json(noord, path, body, 422);
        assert_refused_field(doc, cases[i].error_field);
        assert_contains(json_string_value(json_object_get(json_object_get(doc, "fields"),
                                                          cases[i].error_field)),
                        cases[i].message);
        json_decref(doc);
        struct response res;
        post(noord, path, body, false, &res);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, "error-summary");
        assert_contains(res.body, cases[i].message);
        if (!cases[i].field || strcmp(cases[i].field, "measures"))
            assert_contains(res.body, "Gekoeld en ouders gebeld."); /* input kept */
        response_free(&res);
        free(body);
    }
    /* Sara's box stays ticked when another field is wrong. */
    char sara[32];
    snprintf(sara, sizeof sara, "pupil_%lld", id_of("pupils", "sara"));
    char *body = incident_body("what", "", sara), ticked[64];
    struct response res;
    post(noord, path, body, false, &res);
    free(body);
    assert_int_equal(res.status, 422);
    snprintf(ticked, sizeof ticked, "name=\"%s\" value=\"1\" checked", sara);
    assert_contains(res.body, ticked);
    snprintf(ticked, sizeof ticked, "name=\"pupil_%lld\" value=\"1\">",
             id_of("pupils", "daan"));
    assert_contains(res.body, ticked);
    response_free(&res);
    client_free(noord);
    free(long_text);
    free(long_involved);
    assert_int_equal(incidents(), 0);
    assert_int_equal(count_of("SELECT count(*) FROM incident_pupils"), 0);
    assert_int_equal(audits(), audit_before);
}

/* Every POST of this area without its CSRF token (or with a wrong one) is 403, and nothing is
   written; a body with the same field twice is 400. */
static void posts_without_csrf_are_403(void **state)
{
    (void)state;
    char evaluation[96], incident[96];
    long long held = session_on("judo", DAY_HELD);
    path_of(evaluation, sizeof evaluation, "/sessions/%lld/evaluation", held);
    path_of(incident, sizeof incident, "/sessions/%lld/incidents", held);
    struct client *anna = logged_in("anna@test.nl");
    char *eval_body = good_evaluation(), *incident_form = incident_body(NULL, NULL, NULL);
    const char *paths[] = {evaluation, incident};
    const char *bodies[] = {eval_body, incident_form};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(post_status(anna, paths[i], bodies[i], true, false), 403);
        assert_int_equal(post_status(anna, paths[i], bodies[i], false, false), 403);
        char wrong[1024];
        snprintf(wrong, sizeof wrong, "%s&csrf=%064d", bodies[i], 0);
        assert_int_equal(post_status(anna, paths[i], wrong, true, false), 403);
        char twice[1024];
        snprintf(twice, sizeof twice, "%s&severity=laag&as_planned=no", bodies[i]);
        assert_int_equal(post_status(anna, paths[i], twice, true, true), 400);
    }
    free(eval_body);
    free(incident_form);
    client_free(anna);
    assert_int_equal(evaluations(), 0);
    assert_int_equal(incidents(), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(evaluation_written_changed_and_seen),
        T(evaluation_access_matrix),
        T(evaluation_only_after_a_held_session),
        T(evaluation_bad_input_is_422),
        T(incident_reported_listed_and_shown),
        T(incident_access_matrix),
        T(incident_bad_input_is_422),
        T(posts_without_csrf_are_403),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
