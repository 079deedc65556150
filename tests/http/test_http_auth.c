/* HTTP tests of logging in and out against the real daemon with the fixture: CSRF on the login
 * and logout forms, wrong passwords, the session cookie's flags, session rotation, login
 * throttling, `next` never leading to another site, role checks, and the JSON login.
 *
 * The daemon runs with trusted_proxies = 127.0.0.1, so a client stands for another address by
 * sending X-Forwarded-For (as the TLS proxy in front would); a client connecting from
 * 127.0.0.2 is not a trusted proxy and its X-Forwarded-For is not believed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

enum { MAX_FAILURES = 5, WINDOW_SECONDS = 15 * 60 }; /* the defaults of [security] */

/* ---- helpers ------------------------------------------------------------------------------ */

/* POST /login with email and password (escaped here) and extra (already escaped, may be ""). */
static void post_login(struct client *c, const char *email, const char *password,
                       const char *extra, bool json, struct response *res)
{
    char *e = client_escape(email), *p = client_escape(password);
    char body[1024];
    snprintf(body, sizeof body, "email=%s&password=%s%s", e, p, extra);
    free(e);
    free(p);
    assert_int_equal(client_post(c, "/login", body, json, true, res), 0);
}

/* The value of the vsid cookie set in res ("" when none) into out. */
static void session_cookie(const struct response *res, char *out, size_t size)
{
    out[0] = '\0';
    const char *at = strcasestr(res->headers, "Set-Cookie: vsid=");
    if (!at)
        return;
    at += strlen("Set-Cookie: vsid=");
    size_t n = strcspn(at, ";\r\n");
    snprintf(out, size, "%.*s", (int)n, at);
}

/* GET path as JSON with exactly the cookie header given (outside any client's jar). */
static long status_with_cookie(const char *path, const char *cookie)
{
    struct response res;
    get_plain(path, "application/json", NULL, cookie, &res);
    long status = res.status;
    response_free(&res);
    return status;
}

/* The value of cookie name set in res ("" when none) into out. */
static void set_cookie_value(const struct response *res, const char *name, char *out,
                             size_t size)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "Set-Cookie: %s=", name);
    out[0] = '\0';
    const char *at = strcasestr(res->headers, prefix);
    if (!at)
        return;
    at += strlen(prefix);
    snprintf(out, size, "%.*s", (int)strcspn(at, ";\r\n"), at);
}

/* The Retry-After of res in seconds; fails the test when there is none. */
static long retry_after(const struct response *res)
{
    const char *at = strcasestr(res->headers, "\nRetry-After:");
    if (!at)
        fail_msg("no Retry-After in:\n%s", res->headers);
    return strtol(at + strlen("\nRetry-After:"), NULL, 10);
}

/* An anonymous client at the login form that stands for address (X-Forwarded-For). */
static struct client *at_login_form_from(const char *address)
{
    struct client *c = client_new(&server);
    char header[128];
    snprintf(header, sizeof header, "X-Forwarded-For: %s", address);
    client_set_header(c, header);
    assert_int_equal(get_status(c, "/login", false), 200);
    return c;
}

/* POST /login as c and return the status (the response is freed). */
static long login_status(struct client *c, const char *email, const char *password)
{
    struct response res;
    post_login(c, email, password, "", false, &res);
    long status = res.status;
    response_free(&res);
    return status;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void login_form_has_csrf_field(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/login", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<form method=\"post\" action=\"/login\"");
    assert_contains(res.body, "name=\"csrf\" value=\"");
    assert_contains(res.body, "name=\"email\"");
    assert_contains(res.body, "name=\"password\"");
    assert_int_equal(strlen(client_csrf(c)), 64);
    assert_contains(res.body, client_csrf(c));
    response_free(&res);
    client_free(c);
}

static void login_without_csrf_is_403(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    assert_int_equal(
        client_post(c, "/login", "email=lead%40test.nl&password=" PASSWORD, false, false, &res),
        0);
    assert_int_equal(res.status, 403);
    assert_null(strcasestr(res.headers, "Set-Cookie: vsid="));
    response_free(&res);
    client_free(c);
}

static void login_with_wrong_csrf_is_403(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    char body[512];
    char wrong[65];
    snprintf(wrong, sizeof wrong, "%s", client_csrf(c));
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    snprintf(body, sizeof body, "email=lead%%40test.nl&password=%s&csrf=%s", PASSWORD, wrong);
    assert_int_equal(client_post(c, "/login", body, false, false, &res), 0);
    assert_int_equal(res.status, 403);
    assert_null(strcasestr(res.headers, "Set-Cookie: vsid="));
    response_free(&res);
    /* Nor an empty or overlong token. */
    snprintf(body, sizeof body, "email=lead%%40test.nl&password=%s&csrf=", PASSWORD);
    assert_int_equal(client_post(c, "/login", body, false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    snprintf(body, sizeof body, "email=lead%%40test.nl&password=%s&csrf=%sff", PASSWORD,
             client_csrf(c));
    assert_int_equal(client_post(c, "/login", body, false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    /* A token from another browser does not fit this one's cookie. */
    struct client *other = at_login_form();
    snprintf(body, sizeof body, "email=lead%%40test.nl&password=%s&csrf=%s", PASSWORD,
             client_csrf(other));
    assert_int_equal(client_post(c, "/login", body, false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    client_free(other);
    client_free(c);
}

static void wrong_password_shows_the_form_again(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    post_login(c, "lead@test.nl", "niet-het-wachtwoord", "", false, &res);
    assert_int_equal(res.status, 422);
    assert_non_null(strstr(res.content_type, "text/html"));
    assert_contains(res.body, "Het e-mailadres of het wachtwoord klopt niet.");
    assert_contains(res.body, "value=\"lead@test.nl\"");
    assert_null(strstr(res.body, "niet-het-wachtwoord")); /* the password is not echoed */
    assert_contains(res.body, "aria-invalid=\"true\"");
    assert_null(strcasestr(res.headers, "Set-Cookie: vsid="));
    response_free(&res);
    /* An unknown address gets the same message. */
    post_login(c, "niemand@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Het e-mailadres of het wachtwoord klopt niet.");
    response_free(&res);
    /* And an empty form says which fields are required. */
    assert_int_equal(client_post(c, "/login", "email=&password=", false, true, &res), 0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Dit veld is verplicht.");
    assert_contains(res.body, "href=\"#f-email\"");
    response_free(&res);
    assert_int_equal(get_status(c, "/", true), 401);
    client_free(c);
}

static void right_password_sets_a_safe_cookie(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    post_login(c, "lead@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/");
    const char *cookie = strcasestr(res.headers, "Set-Cookie: vsid=");
    assert_non_null(cookie);
    char line[512];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(cookie, "\r\n"), cookie);
    assert_contains(line, "HttpOnly");
    assert_contains(line, "SameSite=Lax");
    assert_contains(line, "Path=/");
    char token[128];
    session_cookie(&res, token, sizeof token);
    assert_true(strlen(token) >= 32);
    response_free(&res);
    assert_int_equal(get_status(c, "/", true), 200);
    client_free(c);
}

static void session_id_rotates_on_login(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    char first[128], second[128], cookie[160];
    post_login(c, "lead@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 303);
    session_cookie(&res, first, sizeof first);
    response_free(&res);
    assert_true(*first);
    snprintf(cookie, sizeof cookie, "vsid=%s", first);
    assert_int_equal(status_with_cookie("/", cookie), 200);

    /* Log in again in the same browser: a new id, and the old one is dead. */
    assert_int_equal(get_status(c, "/login", false), 200);
    post_login(c, "lead@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 303);
    session_cookie(&res, second, sizeof second);
    response_free(&res);
    assert_true(*second);
    assert_string_not_equal(first, second);
    assert_int_equal(status_with_cookie("/", cookie), 401);
    assert_int_equal(get_status(c, "/", true), 200);
    client_free(c);
}

static void throttled_after_five_failures(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    for (int i = 0; i < 5; i++) {
        post_login(c, "zuid@test.nl", "fout-wachtwoord", "", false, &res);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, "klopt niet");
        response_free(&res);
    }
    post_login(c, "zuid@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 429);
    assert_contains(res.body, "Te veel mislukte pogingen");
    assert_contains(res.body, "value=\"zuid@test.nl\""); /* the form, with the input kept */
    assert_contains(res.body, "aria-invalid=\"true\"");
    long wait = retry_after(&res);
    assert_true(wait > 0 && wait <= WINDOW_SECONDS + 1);
    assert_null(strcasestr(res.headers, "Set-Cookie: vsid="));
    response_free(&res);
    /* Also for the same address in other capitals. */
    post_login(c, "ZUID@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 429);
    assert_contains(res.body, "Te veel mislukte pogingen");
    response_free(&res);
    /* And as JSON. */
    post_login(c, "zuid@test.nl", PASSWORD, "", true, &res);
    assert_int_equal(res.status, 429);
    wait = retry_after(&res);
    assert_true(wait > 0 && wait <= WINDOW_SECONDS + 1);
    json_t *doc = response_json(&res);
    assert_non_null(doc);
    assert_non_null(strstr(str_of(doc, "error"), "Te veel mislukte pogingen"));
    assert_true(json_is_string(json_object_get(json_object_get(doc, "fields"), "password")));
    json_decref(doc);
    response_free(&res);
    assert_int_equal(get_status(c, "/", true), 401);
    client_free(c);
}

/* Someone else's guesses from another address do not lock the owner out: the pair (account,
   address) is throttled, the account is not. */
static void owner_logs_in_from_another_address_after_guesses(void **state)
{
    (void)state;
    struct client *guesser = at_login_form_from("203.0.113.7");
    for (int i = 0; i < MAX_FAILURES; i++)
        assert_int_equal(login_status(guesser, "ouder@test.nl", "geraden-wachtwoord"), 422);
    /* The guesser is refused now, even with the right password. */
    assert_int_equal(login_status(guesser, "ouder@test.nl", PASSWORD), 429);
    client_free(guesser);

    struct client *owner = at_login_form_from("198.51.100.4");
    assert_int_equal(login_status(owner, "ouder@test.nl", PASSWORD), 303);
    assert_int_equal(get_status(owner, "/", true), 200);
    client_free(owner);
}

/* One address may fail LOGIN_ADDRESS_FACTOR (4) × 5 times over any accounts, then it waits. */
static void one_address_is_throttled_over_all_accounts(void **state)
{
    (void)state;
    struct client *c = at_login_form_from("192.0.2.50");
    for (int i = 0; i < 4 * MAX_FAILURES; i++) {
        char email[32];
        snprintf(email, sizeof email, "niemand%02d@test.nl", i);
        assert_int_equal(login_status(c, email, "geraden-wachtwoord"), 422);
    }
    struct response res;
    post_login(c, "anna@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 429);
    assert_true(retry_after(&res) > 0);
    response_free(&res);
    client_free(c);
    /* Another address is not. */
    struct client *other = at_login_form_from("192.0.2.51");
    assert_int_equal(login_status(other, "anna@test.nl", PASSWORD), 303);
    client_free(other);
}

/* X-Forwarded-For is believed only from a trusted proxy: from 127.0.0.2 the address stays
   127.0.0.2 whatever the header says, so changing the header does not escape the throttle. */
static void forwarded_address_only_from_trusted_proxy(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    client_set_source(c, "127.0.0.2");
    client_set_header(c, "X-Forwarded-For: 198.51.100.20");
    assert_int_equal(get_status(c, "/login", false), 200);
    for (int i = 0; i < MAX_FAILURES; i++)
        assert_int_equal(login_status(c, "noord@test.nl", "geraden-wachtwoord"), 422);
    assert_int_equal(login_status(c, "noord@test.nl", PASSWORD), 429);
    client_set_header(c, "X-Forwarded-For: 198.51.100.21");
    assert_int_equal(login_status(c, "noord@test.nl", PASSWORD), 429);
    client_free(c);
    /* The trusted proxy's client 198.51.100.20 is another address. */
    struct client *behind_proxy = at_login_form_from("198.51.100.20");
    assert_int_equal(login_status(behind_proxy, "noord@test.nl", PASSWORD), 303);
    /* Its changes carry that address in the audit log. */
    assert_int_equal(get_status(behind_proxy, "/pupils/new", false), 200); /* the new token */
    json_decref(post_json(behind_proxy, "/pupils",
                          "number=proxy-1&first_name=Ada&last_name=Proxy&grade=5", 201));
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'pupils'"
                              " AND address = '198.51.100.20'"),
                     1);
    client_free(behind_proxy);
    /* Addresses the client put before the proxy's are not believed: the right-most one that
       is not a trusted proxy counts (here 127.0.0.2, which is throttled for noord). */
    struct client *spoofer = at_login_form_from("198.51.100.99, 127.0.0.2");
    assert_int_equal(login_status(spoofer, "noord@test.nl", PASSWORD), 429);
    client_free(spoofer);
}

/* Parallel guesses: each try is counted before its password is checked, in one transaction,
   so 24 guesses at once check at most 5 passwords; the others are refused with 429. */
enum { PARALLEL_GUESSES = 24 };

struct guess {
    struct client *client;
    pthread_barrier_t *barrier;
    const char *body;
    long status;
};

/* One guess, after the barrier; no cmocka assertions in a thread. */
static void *guess_once(void *arg)
{
    struct guess *g = arg;
    struct response res;
    pthread_barrier_wait(g->barrier);
    g->status = client_post(g->client, "/login", g->body, false, true, &res) ? 0 : res.status;
    response_free(&res);
    return NULL;
}

static void parallel_guesses_check_at_most_the_limit(void **state)
{
    (void)state;
    struct guess guesses[PARALLEL_GUESSES];
    pthread_t threads[PARALLEL_GUESSES];
    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, PARALLEL_GUESSES), 0);
    char *body = form_body("email", "lead@test.nl", "password", "geraden-wachtwoord", NULL);
    for (int i = 0; i < PARALLEL_GUESSES; i++)
        guesses[i] = (struct guess){at_login_form_from("192.0.2.77"), &barrier, body, 0};
    for (int i = 0; i < PARALLEL_GUESSES; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, guess_once, &guesses[i]), 0);
    int checked = 0, throttled = 0;
    for (int i = 0; i < PARALLEL_GUESSES; i++) {
        pthread_join(threads[i], NULL);
        checked += guesses[i].status == 422;
        throttled += guesses[i].status == 429;
        client_free(guesses[i].client);
    }
    pthread_barrier_destroy(&barrier);
    free(body);
    assert_int_equal(checked, MAX_FAILURES);
    assert_int_equal(throttled, PARALLEL_GUESSES - MAX_FAILURES);
    assert_int_equal(count_of("SELECT count(*) FROM login_failures"
                              " WHERE email = 'lead@test.nl' AND address = '192.0.2.77'"),
                     MAX_FAILURES);
}

/* The anonymous CSRF cookie of before the login gets a new value at login, and its old value
   no longer passes once logged out again. */
static void csrf_cookie_changes_at_login(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/login", false, &res), 0);
    char before[128], after[128];
    set_cookie_value(&res, "vcsrf", before, sizeof before);
    response_free(&res);
    assert_int_equal(strlen(before), 64);
    assert_string_equal(before, client_csrf(c));

    post_login(c, "anna@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 303);
    set_cookie_value(&res, "vcsrf", after, sizeof after);
    response_free(&res);
    assert_int_equal(strlen(after), 64);
    assert_string_not_equal(before, after);

    assert_int_equal(get_status(c, "/", true), 200); /* takes the login's CSRF token */
    assert_int_equal(client_post(c, "/logout", "", false, true, &res), 0);
    assert_int_equal(res.status, 303);
    response_free(&res);
    char body[256];
    snprintf(body, sizeof body, "email=anna%%40test.nl&password=%s&csrf=%s", PASSWORD, before);
    assert_int_equal(client_post(c, "/login", body, false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    client_free(c);
}

static void logout_needs_csrf_and_ends_the_session(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    char token[128], cookie[160];
    post_login(c, "noord@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 303);
    session_cookie(&res, token, sizeof token);
    response_free(&res);
    snprintf(cookie, sizeof cookie, "vsid=%s", token);
    assert_int_equal(get_status(c, "/", true), 200);

    assert_int_equal(client_post(c, "/logout", "", false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    assert_int_equal(client_post(c, "/logout", "csrf=0123", false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    assert_int_equal(status_with_cookie("/", cookie), 200); /* still logged in */

    assert_int_equal(client_post(c, "/logout", "", false, true, &res), 0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/login");
    response_free(&res);
    assert_int_equal(status_with_cookie("/", cookie), 401);
    assert_int_equal(get_status(c, "/", true), 401);
    client_free(c);
}

static void next_never_leads_to_another_site(void **state)
{
    (void)state;
    static const char *const evil[] = {
        "//evil.example",       "https://evil.example",  "https://evil.example/",
        "/\\evil.example",      "\\\\evil.example",      "//evil.example/%2F..",
        "http:evil.example",    " //evil.example",       "/\t/evil.example",
        "javascript:alert(1)",
    };
    for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
        struct client *c = at_login_form();
        struct response res;
        char *next = client_escape(evil[i]);
        char extra[256];
        snprintf(extra, sizeof extra, "&next=%s", next);
        post_login(c, "anna@test.nl", PASSWORD, extra, false, &res);
        assert_int_equal(res.status, 303);
        if (res.location[0] != '/' || res.location[1] == '/' || res.location[1] == '\\' ||
            strstr(res.location, "evil"))
            fail_msg("next=%s led to Location: %s", evil[i], res.location);
        response_free(&res);

        /* The form does not carry it along either. */
        char path[300];
        snprintf(path, sizeof path, "/login?next=%s", next);
        assert_int_equal(client_get(c, path, false, &res), 0);
        assert_int_equal(res.status, 200);
        assert_null(strstr(res.body, "evil.example"));
        response_free(&res);
        free(next);
        client_free(c);
    }
    /* A local next is followed. */
    struct client *c = at_login_form();
    struct response res;
    post_login(c, "anna@test.nl", PASSWORD, "&next=%2Factivities", false, &res);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/activities");
    response_free(&res);
    client_free(c);
}

static void roles_are_checked(void **state)
{
    (void)state;
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, "/activities", false), 403);
    assert_int_equal(get_status(parent, "/activities", true), 403);
    assert_int_equal(get_status(parent, "/schools", false), 403);
    assert_int_equal(get_status(parent, "/pupils", true), 403);
    client_free(parent);

    struct client *coordinator = logged_in("noord@test.nl");
    assert_int_equal(get_status(coordinator, "/schools", false), 403);
    assert_int_equal(get_status(coordinator, "/admin", true), 403);
    assert_int_equal(get_status(coordinator, "/accounts", true), 403);
    client_free(coordinator);

    struct client *staff = logged_in("anna@test.nl");
    assert_int_equal(get_status(staff, "/pupils", true), 403);
    assert_int_equal(get_status(staff, "/schools", true), 403);
    client_free(staff);

    struct client *lead = logged_in("lead@test.nl");
    long status = get_status(lead, "/schools", false); /* 501 while the page is a stub */
    assert_true(status == 200 || status == 501);
    status = get_status(lead, "/schools", true);
    assert_true(status == 200 || status == 501);
    client_free(lead);
}

static void json_login_answers_json(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/login", true, &res), 0);
    assert_int_equal(res.status, 200);
    json_t *doc = response_json(&res);
    assert_non_null(doc);
    assert_true(json_is_string(json_object_get(doc, "csrf")));
    assert_string_equal(json_string_value(json_object_get(doc, "csrf")), client_csrf(c));
    json_decref(doc);
    response_free(&res);

    post_login(c, "anna@test.nl", "fout-wachtwoord", "", true, &res);
    assert_int_equal(res.status, 422);
    assert_non_null(strstr(res.content_type, "application/json"));
    doc = response_json(&res);
    assert_non_null(doc);
    assert_true(json_is_string(json_object_get(doc, "error")));
    assert_true(json_is_object(json_object_get(doc, "fields")));
    json_decref(doc);
    response_free(&res);

    post_login(c, "anna@test.nl", PASSWORD, "", true, &res);
    assert_true(res.status == 200 || res.status == 201);
    assert_non_null(strstr(res.content_type, "application/json"));
    doc = response_json(&res);
    assert_non_null(doc);
    json_decref(doc);
    assert_non_null(strcasestr(res.headers, "Set-Cookie: vsid="));
    response_free(&res);

    assert_int_equal(client_get(c, "/", true, &res), 0);
    assert_int_equal(res.status, 200);
    doc = response_json(&res);
    assert_non_null(doc);
    assert_true(json_is_string(json_object_get(doc, "csrf")));
    json_decref(doc);
    response_free(&res);
    client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_form_has_csrf_field),
        cmocka_unit_test(login_without_csrf_is_403),
        cmocka_unit_test(login_with_wrong_csrf_is_403),
        cmocka_unit_test(wrong_password_shows_the_form_again),
        cmocka_unit_test(right_password_sets_a_safe_cookie),
        cmocka_unit_test(session_id_rotates_on_login),
        cmocka_unit_test(throttled_after_five_failures),
        cmocka_unit_test(owner_logs_in_from_another_address_after_guesses),
        cmocka_unit_test(one_address_is_throttled_over_all_accounts),
        cmocka_unit_test(forwarded_address_only_from_trusted_proxy),
        cmocka_unit_test(parallel_guesses_check_at_most_the_limit),
        cmocka_unit_test(csrf_cookie_changes_at_login),
        cmocka_unit_test(logout_needs_csrf_and_ends_the_session),
        cmocka_unit_test(next_never_leads_to_another_site),
        cmocka_unit_test(roles_are_checked),
        cmocka_unit_test(json_login_answers_json),
    };
    harness_server_config = "trusted_proxies = 127.0.0.1";
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
