/* HTTP tests of the parent side (issue 3) against the real daemon, each test with a fresh one
 * loaded from a fixture generated at start with dates relative to today (the sign-up rules
 * depend on the date): signing up with a link code (every bad input, hostile input, a code works
 * once, the throttle per account and per address), linking more children, the parent's home and
 * a child's page (only the activities open to the child; another parent's child is 404), every
 * refusal of POST /enrolments with its reason, the maximum per child, a coordinator signing up
 * the own school's pupils, cancelling with the waiting list moving up (the promoted parent's
 * notice, the outbox row, the history rows), the role checks and every POST without its CSRF
 * token (403). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "htmlform.h"
#include "testkit.h"
#include "parent_fixture.h"

#define WRONG_CODE "WWWW-WWWW" /* well-formed, held by no pupil */
#define NO_SUCH_ID "999999"

/* The link codes of the fixture's pupils. */
#define CODE_SARA "S4R4-2222" /* linked to ouder1 by the load, the code itself unused */
#define CODE_REG1 "R2D2-3C4D"
#define CODE_REG2 "K9M4-P7Q2"
#define CODE_REG3 "H8J6-T5W3"
#define CODE_REG4 "X3Y4-Z5A6"
#define CODE_REG5 "B7C8-D9E2"


/* ---- the fixture ----------------------------------------------------------------------------- */

/* An activity of the fixture; day offsets are relative to today. */
struct act {
    const char *key, *school, *title;
    int grade_min, grade_max, capacity, weekday;
    const char *start, *end;
    int from, until, signup_from, signup_until;
    const char *open_to;
};

/* Open now: sessions from a week ago for four months, sign-up since yesterday for two months. */
#define NOW_OPEN -7, 120, -1, 60

static const struct act ACTIVITIES[] = {
    {"judo", "noord", "Judo", 5, 8, 1, 1, "15:00", "16:00", NOW_OPEN, "school"},
    {"zuid-only", "zuid", "Zuidkoor", 1, 8, 10, 2, "15:00", "16:00", NOW_OPEN, "school"},
    {"coalitie", "zuid", "Schaken voor iedereen", 1, 8, 10, 3, "15:00", "16:00", NOW_OPEN,
     "coalition"},
    {"kleuters", "noord", "Kleuterdans", 1, 2, 10, 4, "15:00", "16:00", NOW_OPEN, "school"},
    {"later", "noord", "Toneel", 5, 8, 10, 4, "13:00", "14:00", -7, 120, 10, 60, "school"},
    {"gesloten", "noord", "Koken", 5, 8, 10, 5, "13:00", "14:00", -7, 120, -20, -1, "school"},
    /* Ended ten days ago, while its sign-up window is still open. */
    {"voorbij", "noord", "Zomerkamp", 5, 8, 10, 5, "10:00", "11:00", -100, -10, -120, 60,
     "school"},
    {"overlap-a", "noord", "Voetbal", 5, 8, 10, 5, "15:00", "16:00", NOW_OPEN, "school"},
    {"overlap-b", "noord", "Hockey", 5, 8, 10, 5, "15:30", "16:30", NOW_OPEN, "school"},
    {"ronde", "noord", "Circus", 5, 8, 10, 2, "13:00", "14:00", NOW_OPEN, "school"},
    {"max-1", "noord", "Tekenen", 5, 8, 10, 1, "17:00", "18:00", NOW_OPEN, "school"},
    {"max-2", "noord", "Muziek", 5, 8, 10, 2, "17:00", "18:00", NOW_OPEN, "school"},
    {"max-3", "noord", "Programmeren", 5, 8, 1, 3, "17:00", "18:00", NOW_OPEN, "school"},
    {"max-4", "noord", "Techniek", 5, 8, 10, 4, "17:00", "18:00", NOW_OPEN, "school"},
};

static json_t *activity_json(const struct act *a)
{
    char from[11], until[11], signup_from[17], signup_until[17];
    return json_pack("{s:s, s:s, s:s, s:[s], s:s, s:s, s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s,"
                     " s:s, s:s, s:s, s:[s]}",
                     "key", a->key, "school", a->school, "title", a->title, "domains", "sport",
                     "goal", "Samen bewegen", "provider", "sportpartner", "grades", a->grade_min,
                     a->grade_max, "capacity", a->capacity, "weekday", a->weekday, "start",
                     a->start, "end", a->end, "from", pf_day(a->from, from), "until",
                     pf_day(a->until, until), "signup_from",
                     pf_moment(a->signup_from, "00:00", signup_from), "signup_until",
                     pf_moment(a->signup_until, "23:59", signup_until), "open_to", a->open_to,
                     "staff", "anna");
}

static json_t *pupil_json(const char *key, const char *school, const char *number,
                          const char *first_name, int grade, const char *code)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "key", key, "school", school,
                     "number", number, "first_name", first_name, "last_name", "Test", "grade",
                     grade, "link_code", code);
}

/* The whole load document. New reference. */
static json_t *fixture(const char *hash)
{
    json_t *activities = json_array();
    for (size_t i = 0; i < sizeof ACTIVITIES / sizeof ACTIVITIES[0]; i++)
        json_array_append_new(activities, activity_json(&ACTIVITIES[i]));

    json_t *pupils = json_array();
    json_array_append_new(pupils, pupil_json("sara", "noord", "1001", "Sara", 6, CODE_SARA));
    json_array_append_new(pupils, pupil_json("daan", "noord", "1002", "Daan", 6, "D4A4-N333"));
    json_array_append_new(pupils, pupil_json("max", "noord", "1003", "Max", 6, "M4X4-4444"));
    json_array_append_new(pupils, pupil_json("mila", "zuid", "2001", "Mila", 4, "Z7M8-9ABC"));
    const char *codes[] = {CODE_REG1, CODE_REG2, CODE_REG3, CODE_REG4, CODE_REG5};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char key[16], number[16], name[16];
        snprintf(key, sizeof key, "reg%zu", i + 1);
        snprintf(number, sizeof number, "30%02zu", i + 1);
        snprintf(name, sizeof name, "Kind%zu", i + 1);
        json_array_append_new(pupils, pupil_json(key, "noord", number, name, 5, codes[i]));
    }

    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("ouder1@test.nl", "parent", hash, "children",
                                              json_pack("[s, s]", "sara", "max")));
    json_array_append_new(users, fixture_user("ouder2@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "daan")));
    for (int i = 3; i <= 5; i++) {
        char email[32];
        snprintf(email, sizeof email, "ouder%d@test.nl", i);
        json_array_append_new(users, fixture_user(email, "parent", hash, NULL, NULL));
    }

    char opens[17], closes[17];
    return json_pack(
        "{s:{s:s, s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}],"
        " s:[{s:s, s:s, s:b}], s:[{s:s, s:s, s:s, s:s, s:s}], s:o, s:o, s:o,"
        " s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}],"
        " s:[{s:s, s:s, s:[s], s:s, s:s, s:i, s:i}]}",
        "coalition", "name", "Coalitie Testdorp", "city", "Testdorp",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po",
        "key", "zuid", "name", "Basisschool Zuid", "kind", "po",
        "providers", "key", "sportpartner", "name", "Sportpartner", "external", 1,
        "staff", "key", "anna", "provider", "sportpartner", "name", "Anna de Vries", "level",
        "vak", "vog_date", pf_day(-100, (char[11]){0}),
        "activities", activities, "pupils", pupils, "users", users,
        /* Max is enrolled in an activity that ended (it does not count for the maximum);
           Daan holds the one seat of max-3 (Max's sign-up there goes on the waiting list). */
        "enrolments", "pupil", "max", "activity", "voorbij", "status", "enrolled",
        "pupil", "daan", "activity", "max-3", "status", "enrolled",
        "rounds", "key", "ronde-noord", "school", "noord", "activities", "ronde", "opens",
        pf_moment(-1, "00:00", opens), "closes", pf_moment(5, "23:59", closes), "choices", 3,
        "max_per_child", 1);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* ---- registering and linking ----------------------------------------------------------------- */

/* GET /register (for the form's CSRF token), then POST it as JSON; asserts the status and
   returns the answer (caller decrefs). */
static json_t *register_expect(struct client *c, const char *email, const char *password,
                               const char *code, long status)
{
    struct response res;
    assert_int_equal(client_get(c, "/register", false, &res), 0);
    assert_int_equal(res.status, 200);
    response_free(&res);
    char *body = form_body("email", email, "password", password, "code", code, "name", "Nieuwe Ouder",
                      NULL);
    json_t *doc = post_expect(c, "/register", body, status);
    free(body);
    return doc;
}

static void register_refused(const char *email, const char *password, const char *code,
                             long status, const char *field)
{
    struct client *c = client_new(&server);
    json_t *doc = register_expect(c, email, password, code, status);
    assert_refused_field(doc, field);
    json_decref(doc);
    client_free(c);
}

static json_t *link_expect(struct client *c, const char *code, long status)
{
    char *body = form_body("code", code, NULL);
    json_t *doc = post_expect(c, "/parent/children", body, status);
    free(body);
    return doc;
}

static void link_refused(struct client *c, const char *code, long status, const char *field)
{
    json_t *doc = link_expect(c, code, status);
    assert_refused_field(doc, field);
    json_decref(doc);
}

static bool code_used(const char *pupil_key)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT link_code_used_at IS NOT NULL FROM pupils WHERE key = '%s'", pupil_key);
    return count_of(sql) == 1;
}

static void register_form_and_success(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/register", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "name=\"email\"");
    assert_contains(res.body, "name=\"password\"");
    assert_contains(res.body, "name=\"code\"");
    assert_contains(res.body, "name=\"csrf\"");
    response_free(&res);
    assert_true(strlen(client_csrf(c)) > 0);

    /* JSON: lower case, a space for the dash. */
    char *body = form_body("email", "nieuw@test.nl", "password", "lang-genoeg-1", "code", "r2d2 3c4d",
                      "name", "Nieuwe Ouder", NULL);
    assert_int_equal(client_post(c, "/register", body, true, true, &res), 0);
    free(body);
    if (res.status != 201)
        fail_msg("POST /register: expected 201, got %ld:\n%.2000s", res.status, res.body);
    assert_non_null(strcasestr(res.headers, "Set-Cookie:"));
    json_t *doc = response_json(&res);
    response_free(&res);
    assert_int_equal(int_of(doc, "pupil_id"), id_of("pupils", "reg1"));
    assert_int_equal(int_of(doc, "id"), id_of("users", "nieuw@test.nl"));
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM users WHERE email = 'nieuw@test.nl'"
                              " AND role = 'parent'"),
                     1);
    assert_true(code_used("reg1"));

    /* Logged in: the parent's home shows the child. */
    json_t *home = get_json(c, "/parent", 200);
    json_t *children = json_object_get(home, "children");
    assert_int_equal(json_array_size(children), 1);
    assert_int_equal(int_of(json_array_get(children, 0), "id"), id_of("pupils", "reg1"));
    assert_string_equal(str_of(json_array_get(children, 0), "first_name"), "Kind1");
    json_decref(home);
    client_free(c);

    /* HTML: no dash, lower case, spaces around; 303 to /parent with a session cookie. */
    c = client_new(&server);
    assert_int_equal(client_get(c, "/register", false, &res), 0);
    response_free(&res);
    body = form_body("email", "html@test.nl", "password", "lang-genoeg-2", "code", "  k9m4p7q2 ", NULL);
    assert_int_equal(client_post(c, "/register", body, false, true, &res), 0);
    free(body);
    if (res.status != 303)
        fail_msg("POST /register (HTML): expected 303, got %ld:\n%.2000s", res.status, res.body);
    assert_string_equal(res.location, "/parent");
    assert_non_null(strcasestr(res.headers, "Set-Cookie:"));
    response_free(&res);
    assert_int_equal(client_get(c, "/parent", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Kind2");
    response_free(&res);
    assert_true(code_used("reg2"));
    client_free(c);
}

static void register_bad_input_is_422(void **state)
{
    (void)state;
    long long users = count_of("SELECT count(*) FROM users");
    register_refused("a@test.nl", "lang-genoeg-1", WRONG_CODE, 422, "code");
    register_refused("a@test.nl", "lang-genoeg-1", "ABC", 422, "code");
    register_refused("a@test.nl", "lang-genoeg-1", "R2D2-3C4D-22", 422, "code");
    register_refused("a@test.nl", "lang-genoeg-1", "R0D1-3C4D", 422, "code"); /* 0, 1: not used */
    register_refused("a@test.nl", "lang-genoeg-1", "", 422, "code");
    register_refused("a@test.nl", "kort-1234", CODE_REG1, 422, "password"); /* 9 characters */
    register_refused("a@test.nl", "", CODE_REG1, 422, "password");
    register_refused("geen-adres", "lang-genoeg-1", CODE_REG1, 422, "email");
    register_refused("", "lang-genoeg-1", CODE_REG1, 422, "email");
    /* Taken (in another case): refused, and the code stays unused. */
    register_refused("OUDER1@test.nl", "lang-genoeg-1", CODE_REG1, 422, "email");
    assert_false(code_used("reg1"));

    /* Hostile: very long fields. */
    char *long_text = malloc(5001);
    assert_non_null(long_text);
    memset(long_text, 'a', 5000);
    long_text[5000] = '\0';
    char long_email[400];
    snprintf(long_email, sizeof long_email, "%.300s@test.nl", long_text);
    register_refused(long_email, "lang-genoeg-1", CODE_REG1, 422, "email");
    register_refused("a@test.nl", long_text, CODE_REG1, 422, "password");
    register_refused("a@test.nl", "lang-genoeg-1", long_text, 422, "code");
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/register", false, &res), 0);
    response_free(&res);
    char *body = form_body("email", "a@test.nl", "password", "lang-genoeg-1", "code", CODE_REG1,
                      "name", long_text, NULL);
    json_t *doc = post_expect(c, "/register", body, 422);
    assert_refused_field(doc, NULL);
    json_decref(doc);
    free(body);
    free(long_text);

    /* Markup is data, not HTML. */
    body = form_body("email", "<script>@test.nl", "password", "lang-genoeg-1", "code", CODE_REG1,
                NULL);
    assert_int_equal(client_post(c, "/register", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 422);
    assert_null(strstr(res.body, "<script>@"));
    response_free(&res);

    /* NUL bytes, bad UTF-8 and repeated fields are 400. */
    const char *bodies[] = {
        "email=a%00b@test.nl&password=lang-genoeg-1&code=R2D2-3C4D",
        "email=a@test.nl&password=lang-genoeg-1&code=R2D2-3C4D&name=Jan%00",
        "email=a@test.nl&password=lang-%FFgenoeg&code=R2D2-3C4D",
        "email=a@test.nl&password=lang-genoeg-1&code=R2D2-3C4D&name=%C0%AF",
        "email=a@test.nl&email=b@test.nl&password=lang-genoeg-1&code=R2D2-3C4D",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        long status = post_status(c, "/register", bodies[i], true, true);
        if (status != 400)
            fail_msg("POST /register [%s]: expected 400, got %ld", bodies[i], status);
    }
    char raw[256];
    int n = snprintf(raw, sizeof raw, "email=a@test.nl&password=lang-");
    raw[n++] = '\0';
    n += snprintf(raw + n, sizeof raw - (size_t)n, "genoeg&code=R2D2-3C4D&csrf=%s",
                  client_csrf(c));
    assert_int_equal(client_post_raw(c, "/register", raw, (size_t)n,
                                     "application/x-www-form-urlencoded", &res),
                     0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    client_free(c);

    /* Nothing was written, and the code still works once. */
    assert_int_equal(count_of("SELECT count(*) FROM users"), users);
    assert_false(code_used("reg1"));
    c = client_new(&server);
    doc = register_expect(c, "eerste@test.nl", "lang-genoeg-1", CODE_REG1, 201);
    json_decref(doc);
    client_free(c);
    register_refused("tweede@test.nl", "lang-genoeg-1", CODE_REG1, 422, "code"); /* used */
    assert_int_equal(count_of("SELECT count(*) FROM users"), users + 1);
}

static void link_more_children(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    json_t *doc = link_expect(c, "h8j6t5w3", 201);
    assert_int_equal(int_of(doc, "pupil_id"), id_of("pupils", "reg3"));
    json_decref(doc);
    json_t *home = get_json(c, "/parent", 200);
    assert_int_equal(json_array_size(json_object_get(home, "children")), 3);
    json_decref(home);

    link_refused(c, CODE_REG3, 422, "code");  /* used (by this parent) */
    link_refused(c, CODE_SARA, 422, NULL);    /* already linked */
    link_refused(c, WRONG_CODE, 422, "code");
    link_refused(c, "12", 422, "code");
    link_refused(c, "", 422, "code");
    char long_code[600];
    memset(long_code, 'A', sizeof long_code - 1);
    long_code[sizeof long_code - 1] = '\0';
    link_refused(c, long_code, 422, "code");
    assert_int_equal(post_status(c, "/parent/children", "code=H8J6%00T5W3", true, true), 400);
    assert_int_equal(post_status(c, "/parent/children", "code=H8J6%FFT5W3", true, true), 400);
    assert_int_equal(post_status(c, "/parent/children", "code=" CODE_REG4, true, false), 403);
    assert_false(code_used("reg4"));

    /* A code used by another parent. */
    struct client *other = logged_in("ouder2@test.nl");
    link_refused(other, CODE_REG3, 422, "code");
    home = get_json(other, "/parent", 200);
    assert_int_equal(json_array_size(json_object_get(home, "children")), 1);
    json_decref(home);
    client_free(other);

    /* Only parents link children. */
    const char *others[] = {"anna@test.nl", "noord@test.nl", "lead@test.nl"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        struct client *o = logged_in(others[i]);
        assert_int_equal(post_status(o, "/parent/children", "code=" CODE_REG4, true, true), 403);
        client_free(o);
    }
    assert_false(code_used("reg4"));
    client_free(c);
}

/* 10 wrong codes of one account: the 11th try is refused even with a right code; another
   account at the same address goes on. */
static void link_throttled_per_account(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder3@test.nl");
    for (int i = 0; i < 10; i++)
        link_refused(c, WRONG_CODE, 422, "code");
    link_refused(c, CODE_REG4, 429, "code");
    assert_false(code_used("reg4"));
    client_free(c);

    c = logged_in("ouder2@test.nl");
    json_t *doc = link_expect(c, CODE_REG4, 201);
    assert_int_equal(int_of(doc, "pupil_id"), id_of("pupils", "reg4"));
    json_decref(doc);
    client_free(c);
}

/* 40 wrong codes from one address (three accounts 10 each, then 10 sign-ups): every further
   try from there is refused, with a right code too, for sign-ups and for links. */
static void throttled_per_address(void **state)
{
    (void)state;
    const char *accounts[] = {"ouder3@test.nl", "ouder4@test.nl", "ouder5@test.nl"};
    for (size_t a = 0; a < 3; a++) {
        struct client *c = logged_in(accounts[a]);
        for (int i = 0; i < 10; i++)
            link_refused(c, WRONG_CODE, 422, "code");
        client_free(c);
    }
    for (int i = 0; i < 10; i++)
        register_refused("a@test.nl", "lang-genoeg-1", WRONG_CODE, 422, "code");
    register_refused("a@test.nl", "lang-genoeg-1", CODE_REG5, 429, "code");
    /* The HTML form says when to come back: the throttle's window (60 minutes). */
    struct client *browser = client_new(&server);
    struct response res;
    assert_int_equal(client_get(browser, "/register", false, &res), 0);
    response_free(&res);
    char *body = form_body("email", "a@test.nl", "password", "lang-genoeg-1", "code", CODE_REG5,
                           NULL);
    assert_int_equal(client_post(browser, "/register", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 429);
    assert_contains(res.headers, "Retry-After: 3600");
    response_free(&res);
    client_free(browser);
    struct client *c = logged_in("ouder2@test.nl"); /* no wrong code of its own */
    link_refused(c, CODE_REG5, 429, "code");
    client_free(c);
    assert_false(code_used("reg5"));
    assert_int_equal(count_of("SELECT count(*) FROM users WHERE email = 'a@test.nl'"), 0);
}

/* ---- the parent's pages ---------------------------------------------------------------------- */

/* The child with this id in GET /parent's children (borrowed from home), or fail. */
static json_t *child_in(json_t *home, long long pupil_id)
{
    size_t i;
    json_t *child;
    json_array_foreach (json_object_get(home, "children"), i, child)
        if (int_of(child, "id") == pupil_id)
            return child;
    fail_msg("child %lld not on the parent's home", pupil_id);
    return NULL;
}

/* The enrolment with this id in an "enrolments" array (borrowed), or NULL. */
static json_t *enrolment_in(json_t *enrolments, long long id)
{
    size_t i;
    json_t *e;
    json_array_foreach (enrolments, i, e)
        if (int_of(e, "id") == id)
            return e;
    return NULL;
}

static void parent_home_and_roles(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    json_t *home = get_json(c, "/parent", 200);
    json_t *children = json_object_get(home, "children");
    assert_int_equal(json_array_size(children), 2);
    json_t *sara = child_in(home, id_of("pupils", "sara"));
    assert_string_equal(str_of(sara, "first_name"), "Sara");
    assert_int_equal(int_of(sara, "grade"), 6);
    json_t *school = json_object_get(sara, "school");
    assert_true(json_is_string(school) || json_is_object(school));
    assert_true(json_is_array(json_object_get(sara, "enrolments")));
    assert_true(json_is_array(json_object_get(home, "notices")));
    /* Nothing of other children. */
    char *text = json_dumps(home, 0);
    assert_null(strstr(text, "Daan"));
    assert_null(strstr(text, "Mila"));
    free(text);
    json_decref(home);
    /* HTML too. */
    struct response res;
    assert_int_equal(client_get(c, "/parent", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Sara");
    response_free(&res);
    client_free(c);

    const char *others[] = {"anna@test.nl", "noord@test.nl", "lead@test.nl"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        struct client *o = logged_in(others[i]);
        long status = get_status(o, "/parent", true);
        if (status != 403)
            fail_msg("GET /parent as %s: expected 403, got %ld", others[i], status);
        char path[64];
        snprintf(path, sizeof path, "/parent/children/%lld", id_of("pupils", "sara"));
        assert_int_equal(get_status(o, path, true), 403);
        client_free(o);
    }
    struct client *anonymous = client_new(&server);
    assert_int_not_equal(get_status(anonymous, "/parent", true), 200);
    client_free(anonymous);
}

/* The titles of a child page's activities, as one string "|A|B|…|". Caller frees. */
static char *activity_titles(json_t *page)
{
    size_t i, size = 2;
    json_t *a;
    json_t *activities = json_object_get(page, "activities");
    assert_true(json_is_array(activities));
    json_array_foreach (activities, i, a)
        size += strlen(str_of(a, "title")) + 1;
    char *titles = malloc(size);
    assert_non_null(titles);
    strcpy(titles, "|");
    json_array_foreach (activities, i, a) {
        strcat(titles, str_of(a, "title"));
        strcat(titles, "|");
    }
    return titles;
}

/* The activity with this title on a child page (borrowed), or fail. */
static json_t *activity_titled(json_t *page, const char *title)
{
    size_t i;
    json_t *a;
    json_array_foreach (json_object_get(page, "activities"), i, a)
        if (!strcmp(str_of(a, "title"), title))
            return a;
    fail_msg("no activity '%s' on the child's page", title);
    return NULL;
}

static json_t *child_page(struct client *c, const char *pupil_key)
{
    char path[64];
    snprintf(path, sizeof path, "/parent/children/%lld", id_of("pupils", pupil_key));
    return get_json(c, path, 200);
}

/* POST /enrolments as JSON with the given status; the answer (caller decrefs). */
static json_t *enrol_expect(struct client *c, const char *pupil_key, const char *activity_key,
                            long status)
{
    char body[128];
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld", id_of("pupils", pupil_key),
             id_of("activities", activity_key));
    json_t *doc = post_expect(c, "/enrolments", body, status);
    if (!doc)
        fail_msg("POST /enrolments [%s]: the answer is not JSON", body);
    return doc;
}

/* Sign up; asserts 201 with the status and position; the enrolment id. */
static long long enrol_ok(struct client *c, const char *pupil_key, const char *activity_key,
                          const char *status, int position)
{
    json_t *doc = enrol_expect(c, pupil_key, activity_key, 201);
    long long id = int_of(doc, "id");
    assert_true(id > 0);
    if (strcmp(str_of(doc, "status"), status) || int_of(doc, "position") != position)
        fail_msg("POST /enrolments %s in %s: expected %s at %d, got %s at %lld", pupil_key,
                 activity_key, status, position, str_of(doc, "status"),
                 (long long)int_of(doc, "position"));
    json_decref(doc);
    return id;
}

static void enrol_refused(struct client *c, const char *pupil_key, const char *activity_key,
                          const char *reason)
{
    json_t *doc = enrol_expect(c, pupil_key, activity_key, 422);
    assert_true(strlen(str_of(doc, "error")) > 0);
    if (strcmp(str_of(doc, "reason"), reason))
        fail_msg("POST /enrolments %s in %s: expected reason %s, got %s", pupil_key, activity_key,
                 reason, str_of(doc, "reason"));
    json_decref(doc);
}

/* The English parent pages (issue 10, point 5): "group 6", not "grade 6", and the domains by
   their code's English name; in Dutch the coalition's own name of the domain. */
static void english_parent_pages_say_group_and_translate_domains(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    char path[64];
    snprintf(path, sizeof path, "/domains/%lld",
             count_of("SELECT id FROM domains WHERE code = 'sport'"));
    assert_int_equal(post_status(lead, path, "name=Sport+en+spel&position=1", false, true), 303);
    client_free(lead);
    snprintf(path, sizeof path, "/parent/children/%lld", id_of("pupils", "sara"));
    struct client *c = logged_in("ouder1@test.nl");
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "groep 6");
    assert_contains(res.body, "<dd>Sport en spel</dd>"); /* Dutch: the coalition's name */
    response_free(&res);
    post(c, "/lang", "lang=en", false, &res);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "group 6");
    assert_lacks(res.body, "grade 6");
    assert_contains(res.body, "<dd>Sport</dd>");
    assert_lacks(res.body, "Sport en spel");
    response_free(&res);
    assert_int_equal(client_get(c, "/parent", false, &res), 0);
    assert_contains(res.body, "group 6");
    response_free(&res);
    client_free(c);
}

static void child_page_lists_open_activities(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    json_t *page = child_page(c, "sara");
    json_t *child = json_object_get(page, "child");
    assert_int_equal(int_of(child, "id"), id_of("pupils", "sara"));
    assert_string_equal(str_of(child, "first_name"), "Sara");
    char *titles = activity_titles(page);
    const char *open[] = {"Judo", "Schaken voor iedereen", "Voetbal", "Hockey",
                          "Tekenen", "Muziek", "Programmeren", "Techniek"};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "|%s|", open[i]);
        if (!strstr(titles, needle))
            fail_msg("'%s' should be open to Sara; the page lists %s", open[i], titles);
    }
    /* Other school, grade, window not open yet, window closed, ended. */
    const char *closed[] = {"Zuidkoor", "Kleuterdans", "Toneel", "Koken", "Zomerkamp"};
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "|%s|", closed[i]);
        if (strstr(titles, needle))
            fail_msg("'%s' is not open to Sara; the page lists %s", closed[i], titles);
    }
    free(titles);
    json_t *judo = activity_titled(page, "Judo");
    assert_int_equal(int_of(judo, "id"), id_of("activities", "judo"));
    /* Like GET /activities: an array of the domains (codes, or objects with a code). */
    json_t *domains = json_object_get(judo, "domains");
    if (!json_is_array(domains) || json_array_size(domains) != 1) {
        char *text = json_dumps(judo, JSON_COMPACT);
        fail_msg("domains of Judo should be an array [sport]: %.1500s", text ? text : "?");
    }
    json_t *domain = json_array_get(domains, 0);
    assert_string_equal(json_is_string(domain) ? json_string_value(domain)
                                               : str_of(domain, "code"),
                        "sport");
    assert_int_equal(int_of(judo, "seats_left"), 1);
    assert_int_equal(int_of(judo, "waitlist_length"), 0);
    assert_int_equal(int_of(activity_titled(page, "Programmeren"), "seats_left"), 0);
    assert_int_equal(json_array_size(json_object_get(page, "enrolments")), 0);
    json_decref(page);

    /* After a sign-up and one on the waiting list the numbers move. */
    long long sara_judo = enrol_ok(c, "sara", "judo", "enrolled", 0);
    struct client *other = logged_in("ouder2@test.nl");
    enrol_ok(other, "daan", "judo", "waitlisted", 1);
    page = child_page(c, "sara");
    judo = activity_titled(page, "Judo");
    assert_int_equal(int_of(judo, "seats_left"), 0);
    assert_int_equal(int_of(judo, "waitlist_length"), 1);
    json_t *e = enrolment_in(json_object_get(page, "enrolments"), sara_judo);
    assert_non_null(e);
    assert_string_equal(str_of(e, "status"), "enrolled");
    json_decref(page);

    /* HTML. */
    char path[64];
    snprintf(path, sizeof path, "/parent/children/%lld", id_of("pupils", "sara"));
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Judo");
    response_free(&res);

    /* Another parent's child, and no child at all. */
    assert_int_equal(get_status(other, path, true), 404);
    assert_int_equal(get_status(c, "/parent/children/" NO_SUCH_ID, true), 404);
    client_free(other);
    client_free(c);
}

/* The fixture's weekday of the activity titled title (0 when there is none). */
static int weekday_of(const char *title)
{
    for (size_t i = 0; i < sizeof ACTIVITIES / sizeof ACTIVITIES[0]; i++)
        if (!strcmp(ACTIVITIES[i].title, title))
            return ACTIVITIES[i].weekday;
    return 0;
}

/* "2026-09-07" → "7 ... 2026": the day of the month without a leading zero and the year, the
   parts of the date in words a test can check in any language. */
static void assert_day_in(const char *words, const char *iso)
{
    char day[3], year[5];
    snprintf(day, sizeof day, "%d", atoi(iso + 8));
    snprintf(year, sizeof year, "%.4s", iso);
    if (strncmp(words, day, strlen(day)) || !strstr(words, year))
        fail_msg("'%s' should say the day %s and the year %s of %s", words, day, year, iso);
}

/* The page puts each distinct date, period and span into words once per request (a memo):
   every row still says its own weekday, grades and period, also where rows share some of them
   (Judo and Schaken voor iedereen have the same dates but other grades and days). */
static void each_activity_says_its_own_day_span_and_period(void **state)
{
    (void)state;
    static const char *const weekdays[] = {"", "maandag", "dinsdag", "woensdag", "donderdag",
                                           "vrijdag", "zaterdag", "zondag"};
    struct client *c = logged_in("ouder1@test.nl");
    json_t *page = child_page(c, "sara");
    size_t i;
    json_t *a;
    json_array_foreach (json_object_get(page, "activities"), i, a) {
        int weekday = weekday_of(str_of(a, "title"));
        assert_true(weekday >= 1 && weekday <= 7);
        assert_string_equal(str_of(a, "day"), weekdays[weekday]);
        char grades[32];
        long long lo = int_of(a, "grade_min"), hi = int_of(a, "grade_max");
        if (lo == hi)
            snprintf(grades, sizeof grades, "groep %lld,", lo);
        else
            snprintf(grades, sizeof grades, "groep %lld\u2013%lld,", lo, hi);
        if (strncmp(str_of(a, "span"), grades, strlen(grades)))
            fail_msg("%s: span '%s' should start with '%s'", str_of(a, "title"),
                     str_of(a, "span"), grades);
        const char *period = str_of(a, "period");
        const char *dash = strstr(period, " \u2013 ");
        assert_non_null(dash);
        assert_day_in(period, str_of(a, "from"));
        assert_day_in(dash + strlen(" \u2013 "), str_of(a, "until"));
    }
    assert_true(i >= 2);
    assert_string_not_equal(str_of(activity_titled(page, "Judo"), "span"),
                            str_of(activity_titled(page, "Schaken voor iedereen"), "span"));
    json_decref(page);
    client_free(c);
}

/* ---- signing up ------------------------------------------------------------------------------ */

static void every_refusal_has_its_reason(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    enrol_ok(c, "sara", "judo", "enrolled", 0);
    enrol_refused(c, "sara", "judo", "already_enrolled");
    enrol_ok(c, "sara", "overlap-a", "enrolled", 0);
    enrol_refused(c, "sara", "overlap-b", "overlap"); /* same weekday, 15:30 within 15:00–16:00 */
    /* The child's page says so before a click, and offers no button. */
    json_t *page = child_page(c, "sara");
    const char *clash = str_of(activity_titled(page, "Hockey"), "clash");
    if (!strstr(clash, "Voetbal"))
        fail_msg("the clash with Voetbal is not shown: '%s'", clash);
    json_decref(page);
    enrol_refused(c, "sara", "ronde", "in_round");
    enrol_refused(c, "sara", "zuid-only", "wrong_school");
    enrol_refused(c, "sara", "kleuters", "wrong_grade");
    enrol_refused(c, "sara", "later", "not_open_yet");
    enrol_refused(c, "sara", "gesloten", "closed");
    enrol_refused(c, "sara", "voorbij", "closed");
    /* Open to the whole coalition: another school's activity is fine. */
    enrol_ok(c, "sara", "coalitie", "enrolled", 0);
    char body[96];
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=" NO_SUCH_ID, id_of("pupils", "sara"));
    json_t *doc = post_expect(c, "/enrolments", body, 422);
    assert_non_null(doc);
    assert_string_equal(str_of(doc, "reason"), "not_found");
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments e JOIN pupils p ON p.id ="
                              " e.pupil_id WHERE p.key = 'sara'"),
                     3);

    struct client *other = logged_in("ouder2@test.nl");
    enrol_ok(other, "daan", "judo", "waitlisted", 1);
    enrol_refused(other, "daan", "judo", "already_waiting");
    client_free(other);
    client_free(c);
}

/* At most 3 activities per child, counting the waiting list and not counting ended activities
   (Max is enrolled in one that ended) nor cancelled enrolments. */
static void max_per_child(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    enrol_ok(c, "max", "max-1", "enrolled", 0);
    long long second = enrol_ok(c, "max", "max-2", "enrolled", 0);
    enrol_ok(c, "max", "max-3", "waitlisted", 1); /* Daan holds its only seat */
    enrol_refused(c, "max", "max-4", "max_reached");
    json_t *page = child_page(c, "max"); /* the page says so before a click */
    assert_non_null(json_object_get(page, "max_reached"));
    json_decref(page);
    char path[64];
    snprintf(path, sizeof path, "/enrolments/%lld/cancel", second);
    json_t *doc = post_expect(c, path, "", 200);
    assert_string_equal(str_of(doc, "status"), "cancelled");
    json_decref(doc);
    enrol_ok(c, "max", "max-4", "enrolled", 0);
    enrol_refused(c, "max", "max-2", "max_reached"); /* taking it up again counts as well */
    client_free(c);
}

static void only_own_children(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    long long sara_judo = enrol_ok(c, "sara", "judo", "enrolled", 0);
    client_free(c);

    struct client *other = logged_in("ouder2@test.nl");
    char body[96];
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld", id_of("pupils", "sara"),
             id_of("activities", "coalitie"));
    json_t *doc = post_expect(other, "/enrolments", body, 404);
    json_decref(doc);
    snprintf(body, sizeof body, "pupil_id=" NO_SUCH_ID "&activity_id=%lld",
             id_of("activities", "coalitie"));
    doc = post_expect(other, "/enrolments", body, 404);
    json_decref(doc);
    char path[64];
    snprintf(path, sizeof path, "/enrolments/%lld/cancel", sara_judo);
    doc = post_expect(other, path, "", 404);
    json_decref(doc);
    doc = post_expect(other, "/enrolments/" NO_SUCH_ID "/cancel", "", 404);
    json_decref(doc);
    client_free(other);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments e JOIN pupils p ON p.id ="
                              " e.pupil_id WHERE p.key = 'sara' AND e.status = 'enrolled'"),
                     1);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments"), 3); /* 2 loaded + Sara's */
}

static void coordinator_signs_up_own_school(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    /* Outside the sign-up window is allowed for the school; the other rules hold. */
    long long id = enrol_ok(c, "daan", "later", "enrolled", 0);
    enrol_refused(c, "sara", "kleuters", "wrong_grade");
    enrol_refused(c, "daan", "later", "already_enrolled");
    char body[96];
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld", id_of("pupils", "mila"),
             id_of("activities", "zuid-only"));
    json_t *doc = post_expect(c, "/enrolments", body, 404); /* another school's pupil */
    json_decref(doc);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT user_id FROM enrolment_history WHERE enrolment_id = %lld",
             id);
    assert_int_equal(count_of(sql), id_of("users", "noord@test.nl"));
    client_free(c);

    c = logged_in("zuid@test.nl");
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld", id_of("pupils", "sara"),
             id_of("activities", "coalitie"));
    doc = post_expect(c, "/enrolments", body, 404);
    json_decref(doc);
    client_free(c);

    c = logged_in("anna@test.nl");
    assert_int_equal(post_status(c, "/enrolments", body, true, true), 403);
    client_free(c);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments"), 3); /* 2 loaded + Daan's */
}

/* The history rows of an enrolment, oldest first: [{from_status, to_status, user_id}]. */
static json_t *history_of(long long enrolment_id)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT from_status, to_status, user_id FROM enrolment_history"
             " WHERE enrolment_id = %lld ORDER BY id",
             enrolment_id);
    json_t *rows = pf_query(server.db_path, sql);
    assert_non_null(rows);
    return rows;
}

static void assert_history_row(json_t *rows, size_t i, const char *from, const char *to,
                               long long user_id)
{
    json_t *row = json_array_get(rows, i);
    if (!row)
        fail_msg("history row %zu missing", i);
    json_t *f = json_object_get(row, "from_status");
    if (from)
        assert_string_equal(json_string_value(f), from);
    else
        assert_true(json_is_null(f));
    assert_string_equal(str_of(row, "to_status"), to);
    if (user_id)
        assert_int_equal(int_of(row, "user_id"), user_id);
}

static void cancel_moves_the_waiting_list_up(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    struct client *other = logged_in("ouder2@test.nl");
    long long sara = enrol_ok(c, "sara", "judo", "enrolled", 0);
    long long daan = enrol_ok(other, "daan", "judo", "waitlisted", 1);
    long long max = enrol_ok(c, "max", "judo", "waitlisted", 2);

    char path[64];
    snprintf(path, sizeof path, "/enrolments/%lld/cancel", sara);
    json_t *doc = post_expect(c, path, "", 200);
    assert_int_equal(int_of(doc, "id"), sara);
    assert_string_equal(str_of(doc, "status"), "cancelled");
    assert_int_equal(int_of(doc, "promoted"), daan);
    json_decref(doc);
    doc = post_expect(c, path, "", 422);
    assert_string_equal(str_of(doc, "reason"), "not_active");
    json_decref(doc);

    /* Max moved up to the front of the waiting list. */
    json_t *home = get_json(c, "/parent", 200);
    json_t *e = enrolment_in(json_object_get(child_in(home, id_of("pupils", "max")), "enrolments"),
                             max);
    assert_non_null(e);
    assert_string_equal(str_of(e, "status"), "waitlisted");
    assert_int_equal(int_of(e, "position"), 1);
    assert_int_equal(int_of(e, "activity_id"), id_of("activities", "judo"));
    assert_string_equal(str_of(e, "title"), "Judo");
    e = enrolment_in(json_object_get(child_in(home, id_of("pupils", "sara")), "enrolments"), sara);
    if (e) /* a cancelled enrolment may be shown; then as cancelled */
        assert_string_equal(str_of(e, "status"), "cancelled");
    json_decref(home);

    /* Daan is enrolled, and his parent sees why. */
    home = get_json(other, "/parent", 200);
    e = enrolment_in(json_object_get(child_in(home, id_of("pupils", "daan")), "enrolments"),
                     daan);
    assert_non_null(e);
    assert_string_equal(str_of(e, "status"), "enrolled");
    assert_int_equal(int_of(e, "position"), 0);
    size_t i;
    json_t *notice;
    bool promoted = false;
    json_array_foreach (json_object_get(home, "notices"), i, notice) {
        if (strcmp(str_of(notice, "kind"), "promoted"))
            continue;
        promoted = true;
        assert_true(strlen(str_of(notice, "text")) > 0);
        assert_true(json_is_boolean(json_object_get(notice, "unseen")));
        assert_true(strlen(str_of(notice, "at")) > 0);
    }
    if (!promoted) {
        char *text = json_dumps(json_object_get(home, "notices"), 0);
        fail_msg("no notice of kind promoted for ouder2: %.2000s", text ? text : "?");
    }
    json_decref(home);

    /* The message waits in the outbox, to the parent, naming the child and the activity. */
    json_t *mails = pf_query(server.db_path, "SELECT to_email, subject, body FROM outbox"
                                             " WHERE to_email = 'ouder2@test.nl' ORDER BY id");
    assert_non_null(mails);
    json_t *mail;
    bool found = false;
    json_array_foreach (mails, i, mail)
        if (strstr(str_of(mail, "body"), "Daan") && strstr(str_of(mail, "body"), "Judo"))
            found = true;
    assert_true(found);
    assert_int_equal(count_of("SELECT count(*) FROM outbox o JOIN notifications n ON n.id ="
                              " o.notification_id WHERE n.kind = 'promoted' AND o.to_email ="
                              " 'ouder2@test.nl' AND o.body LIKE '%Daan%'"
                              " AND o.body LIKE '%Judo%'"),
                     1);
    json_decref(mails);

    /* The history is kept: who, from, to. */
    long long ouder1 = id_of("users", "ouder1@test.nl"), ouder2 = id_of("users", "ouder2@test.nl");
    json_t *rows = history_of(sara);
    assert_int_equal(json_array_size(rows), 2);
    assert_history_row(rows, 0, NULL, "enrolled", ouder1);
    assert_history_row(rows, 1, "enrolled", "cancelled", ouder1);
    json_decref(rows);
    rows = history_of(daan);
    assert_int_equal(json_array_size(rows), 2);
    assert_history_row(rows, 0, NULL, "waitlisted", ouder2);
    assert_history_row(rows, 1, "waitlisted", "enrolled", 0);
    json_decref(rows);

    /* Leaving the waiting list promotes nobody. */
    snprintf(path, sizeof path, "/enrolments/%lld/cancel", max);
    doc = post_expect(c, path, "", 200);
    assert_true(json_is_null(json_object_get(doc, "promoted")));
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments e JOIN activities a ON a.id ="
                              " e.activity_id WHERE a.key = 'judo' AND e.status = 'enrolled'"),
                     1);
    client_free(other);
    client_free(c);
}

static void hostile_enrolment_input(void **state)
{
    (void)state;
    struct client *c = logged_in("ouder1@test.nl");
    long long sara = id_of("pupils", "sara"), judo = id_of("activities", "judo");
    char bodies[6][128];
    snprintf(bodies[0], sizeof bodies[0], "pupil_id=abc&activity_id=%lld", judo);
    snprintf(bodies[1], sizeof bodies[1], "pupil_id=%lld&activity_id=-1", sara);
    snprintf(bodies[2], sizeof bodies[2], "pupil_id=%lld&activity_id=99999999999999999999999",
             sara);
    snprintf(bodies[3], sizeof bodies[3], "pupil_id=%lld", sara);
    snprintf(bodies[4], sizeof bodies[4], "pupil_id=%lld&activity_id=%lld%%20or%%201", sara,
             judo);
    snprintf(bodies[5], sizeof bodies[5], "activity_id=%lld", judo);
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        long status = post_status(c, "/enrolments", bodies[i], true, true);
        if (status < 400 || status >= 500)
            fail_msg("POST /enrolments [%s]: expected a 4xx refusal, got %ld", bodies[i], status);
    }
    char body[128];
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld%%00", sara, judo);
    assert_int_equal(post_status(c, "/enrolments", body, true, true), 400);
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld%%FF", sara, judo);
    assert_int_equal(post_status(c, "/enrolments", body, true, true), 400);
    char raw[128];
    int n = snprintf(raw, sizeof raw, "pupil_id=%lld&activity_id=", sara);
    raw[n++] = '\0';
    n += snprintf(raw + n, sizeof raw - (size_t)n, "%lld&csrf=%s", judo, client_csrf(c));
    struct response res;
    assert_int_equal(client_post_raw(c, "/enrolments", raw, (size_t)n,
                                     "application/x-www-form-urlencoded", &res),
                     0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    assert_int_equal(post_status(c, "/enrolments/abc/cancel", "", true, true), 404);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments"), 2); /* the loaded ones */
    client_free(c);
}

/* Every POST of this area without its CSRF token (or with a wrong one) is 403, and nothing is
   written. */
static void posts_without_csrf_are_403(void **state)
{
    (void)state;
    struct client *anonymous = client_new(&server);
    struct response res;
    assert_int_equal(client_get(anonymous, "/register", false, &res), 0);
    response_free(&res);
    char *body = form_body("email", "nieuw@test.nl", "password", "lang-genoeg-1", "code", CODE_REG1,
                      NULL);
    assert_int_equal(post_status(anonymous, "/register", body, true, false), 403);
    char wrong[512];
    snprintf(wrong, sizeof wrong, "%s&csrf=%064d", body, 0);
    assert_int_equal(post_status(anonymous, "/register", wrong, true, false), 403);
    free(body);
    client_free(anonymous);

    struct client *c = logged_in("ouder1@test.nl");
    long long id = enrol_ok(c, "sara", "judo", "enrolled", 0);
    char enrol_body[96], path[64];
    snprintf(enrol_body, sizeof enrol_body, "pupil_id=%lld&activity_id=%lld",
             id_of("pupils", "sara"), id_of("activities", "overlap-a"));
    snprintf(path, sizeof path, "/enrolments/%lld/cancel", id);
    assert_int_equal(post_status(c, "/enrolments", enrol_body, true, false), 403);
    assert_int_equal(post_status(c, path, "", true, false), 403);
    assert_int_equal(post_status(c, "/parent/children", "code=" CODE_REG2, true, false), 403);
    snprintf(wrong, sizeof wrong, "%s&csrf=%064d", enrol_body, 0);
    assert_int_equal(post_status(c, "/enrolments", wrong, true, false), 403);
    client_free(c);

    assert_int_equal(count_of("SELECT count(*) FROM users WHERE email = 'nieuw@test.nl'"), 0);
    assert_false(code_used("reg1"));
    assert_false(code_used("reg2"));
    assert_int_equal(count_of("SELECT count(*) FROM enrolments WHERE status = 'enrolled'"), 3);
}

/* The "Leerling direct inschrijven" form of an activity page, submitted as the browser sends
   it (its hidden activity_id included), enrols the chosen pupil in that activity: the ids of
   pupils and activities overlap (Daan's id is also an activity's), so a form that posted a
   pupil's id as the activity would land the child elsewhere. */
static void direct_signup_form_enrols_in_this_activity(void **state)
{
    (void)state;
    long long techniek = id_of("activities", "max-4");
    long long pupil = id_of("pupils", "daan");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM activities WHERE id = %lld", pupil);
    assert_true(pupil != techniek);
    assert_int_equal(count_of(sql), 1); /* the overlap this test is about */
    char page[64], value[32];
    snprintf(page, sizeof page, "/activities/%lld", techniek);
    snprintf(value, sizeof value, "%lld", pupil);

    snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolments WHERE pupil_id = %lld", pupil);
    long long before = count_of(sql);

    struct client *c = logged_in("noord@test.nl");
    struct response res;
    submit_form(c, page, "/enrolments", &res, "pupil_id", value, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM enrolments WHERE pupil_id = %lld AND activity_id = %lld"
             " AND status = 'enrolled'", pupil, techniek);
    assert_int_equal(count_of(sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolments WHERE pupil_id = %lld", pupil);
    assert_int_equal(count_of(sql), before + 1);
    /* Back on the page the pupil is listed, and no longer offered. */
    assert_int_equal(client_get(c, page, false, &res), 0);
    char *offered = html_form_value(res.body, "/enrolments", "pupil_id");
    assert_true(!offered || strcmp(offered, value));
    free(offered);
    response_free(&res);
    client_free(c);
}

/* A refused sign-up from a staff form comes back as a warning, never in the success style; a
   sign-up that went through does come back in the success style. */
static void refused_signup_flash_is_a_warning(void **state)
{
    (void)state;
    long long activity = id_of("activities", "max-4"), pupil = id_of("pupils", "sara");
    char page[64], body[96];
    snprintf(page, sizeof page, "/activities/%lld", activity);
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld", pupil, activity);
    struct client *c = logged_in("noord@test.nl");
    const char *expect[] = {"notice--ok", "notice--warn"}; /* signed up; then already in */
    for (int i = 0; i < 2; i++) {
        struct response res;
        post(c, "/enrolments", body, false, &res);
        assert_int_equal(res.status, 303);
        char next[512];
        snprintf(next, sizeof next, "%s", res.location);
        response_free(&res);
        assert_int_equal(client_get(c, next, false, &res), 0);
        assert_contains(res.body, expect[i]);
        assert_lacks(res.body, expect[1 - i]);
        response_free(&res);
    }
    client_free(c);
}

/* ---- issue 10 point 3: cancelling goes through a page that says what is given up ---------- */

/* GET path as HTML into res (response_free), expecting status. */
static void get_html(struct client *c, const char *path, long status, struct response *res)
{
    assert_int_equal(client_get(c, path, false, res), 0);
    assert_int_equal(res->status, status);
}

static void cancel_goes_through_its_confirmation_page(void **state)
{
    (void)state;
    struct client *ouder1 = logged_in("ouder1@test.nl"), *ouder2 = logged_in("ouder2@test.nl");
    long long sara = enrol_ok(ouder1, "sara", "judo", "enrolled", 0);
    long long daan = enrol_ok(ouder2, "daan", "judo", "waitlisted", 1);
    char confirm[64], link[96], child[64];
    snprintf(confirm, sizeof confirm, "/enrolments/%lld/cancel", sara);
    snprintf(child, sizeof child, "/parent/children/%lld", id_of("pupils", "sara"));
    struct response res;

    /* The child's page and the home page link to it and hold no cancel form. */
    get_html(ouder1, child, 200, &res);
    snprintf(link, sizeof link, "href=\"%s\"", confirm);
    assert_contains(res.body, link);
    assert_lacks(res.body, "action=\"/enrolments/");
    assert_contains(res.body, "action=\"/enrolments\""); /* the sign-up forms stay */
    response_free(&res);
    get_html(ouder1, "/parent", 200, &res);
    snprintf(link, sizeof link, "href=\"%s?next=/parent\"", confirm);
    assert_contains(res.body, link);
    assert_lacks(res.body, "/cancel\" ");
    response_free(&res);

    /* The page says what is given up, and changes nothing. */
    get_html(ouder1, confirm, 200, &res);
    assert_contains(res.body, "Sara afmelden voor Judo?");
    assert_contains(res.body, "Er staat 1 kind op de wachtlijst");
    assert_contains(res.body, "niet ongedaan");
    char action[80];
    snprintf(action, sizeof action, "action=\"%s\"", confirm);
    assert_contains(res.body, action);
    response_free(&res);
    json_t *doc = get_json(ouder1, confirm, 200);
    assert_string_equal(str_of(json_object_get(doc, "enrolment"), "status"), "enrolled");
    assert_int_equal(int_of(json_object_get(doc, "enrolment"), "waiting"), 1);
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments WHERE status = 'cancelled'"), 0);

    /* Access as on the POST: another parent's enrolment, an unknown id, a word, another
       school's coordinator: 404. */
    assert_int_equal(get_status(ouder2, confirm, false), 404);
    assert_int_equal(get_status(ouder2, "/enrolments/" NO_SUCH_ID "/cancel", false), 404);
    assert_int_equal(get_status(ouder2, "/enrolments/abc/cancel", false), 404);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, confirm, false), 404);
    client_free(zuid);

    /* The waiting list: the place in the queue is what is given up. */
    char daan_confirm[64];
    snprintf(daan_confirm, sizeof daan_confirm, "/enrolments/%lld/cancel", daan);
    get_html(ouder2, daan_confirm, 200, &res);
    assert_contains(res.body, "Daan van de wachtlijst voor Judo halen?");
    assert_contains(res.body, "plaats 1 van de wachtlijst");
    assert_contains(res.body, "Ja, van de wachtlijst af");
    response_free(&res);

    /* The button of the page cancels and returns to the child's page; Daan moves up. */
    submit_form(ouder1, confirm, confirm, &res, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, child);
    response_free(&res);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolments WHERE id = %lld AND status ="
                              " 'enrolled'", daan);
    assert_int_equal(count_of(sql), 1);
    /* Once cancelled, the page says so and has no button. */
    get_html(ouder1, confirm, 200, &res);
    assert_contains(res.body, "al afgemeld");
    assert_lacks(res.body, action);
    response_free(&res);
    /* From the home page, the button returns there. */
    long long max = enrol_ok(ouder1, "max", "max-1", "enrolled", 0);
    char from_home[96];
    snprintf(confirm, sizeof confirm, "/enrolments/%lld/cancel", max);
    snprintf(from_home, sizeof from_home, "%s?next=/parent", confirm);
    submit_form(ouder1, from_home, confirm, &res, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/parent");
    response_free(&res);
    /* A next to another site is not followed. */
    get_html(ouder1, "/enrolments/1/cancel?next=//evil.example", 200, &res);
    assert_lacks(res.body, "evil.example");
    response_free(&res);
    client_free(ouder1);
    client_free(ouder2);
}

/* The coordinator's cancel on the activity page: a link to the confirmation page, whose button
   returns to the activity. */
static void coordinator_cancel_confirms_and_returns(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    long long id = enrol_ok(noord, "daan", "later", "enrolled", 0);
    long long activity = id_of("activities", "later");
    char page[64], confirm[64], link[128], back[80];
    snprintf(page, sizeof page, "/activities/%lld", activity);
    snprintf(confirm, sizeof confirm, "/enrolments/%lld/cancel", id);
    snprintf(link, sizeof link, "href=\"%s?next=/activities/%lld%%23inschrijvingen\"", confirm,
             activity);
    struct response res;
    get_html(noord, page, 200, &res);
    assert_contains(res.body, link);
    assert_lacks(res.body, "/cancel\" class");
    response_free(&res);
    snprintf(link, sizeof link, "%s?next=/activities/%lld%%23inschrijvingen", confirm, activity);
    snprintf(back, sizeof back, "/activities/%lld#inschrijvingen", activity);
    get_html(noord, link, 200, &res);
    assert_contains(res.body, "Daan afmelden voor Toneel?");
    assert_contains(res.body, "De plaats komt vrij");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments WHERE status = 'cancelled'"), 0);
    submit_form(noord, link, confirm, &res, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, back);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments WHERE status = 'cancelled'"), 1);
    /* Without its CSRF token the page's button does nothing. */
    long long again = enrol_ok(noord, "daan", "later", "enrolled", 0);
    snprintf(confirm, sizeof confirm, "/enrolments/%lld/cancel", again);
    assert_int_equal(post_status(noord, confirm, "", false, false), 403);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolments WHERE id = %lld AND status ="
                              " 'enrolled'", again);
    assert_int_equal(count_of(sql), 1);
    client_free(noord);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(register_form_and_success),
        T(register_bad_input_is_422),
        T(link_more_children),
        T(link_throttled_per_account),
        T(throttled_per_address),
        T(parent_home_and_roles),
        T(child_page_lists_open_activities),
        T(each_activity_says_its_own_day_span_and_period),
        T(english_parent_pages_say_group_and_translate_domains),
        T(every_refusal_has_its_reason),
        T(max_per_child),
        T(only_own_children),
        T(coordinator_signs_up_own_school),
        T(cancel_moves_the_waiting_list_up),
        T(hostile_enrolment_input),
        T(posts_without_csrf_are_403),
        T(direct_signup_form_enrols_in_this_activity),
        T(refused_signup_flash_is_a_warning),
        T(cancel_goes_through_its_confirmation_page),
        T(coordinator_cancel_confirms_and_returns),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
