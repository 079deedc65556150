/* HTTP tests of logging in and out against the real daemon with the fixture: CSRF on the login
 * and logout forms, wrong passwords, the session cookie's flags, session rotation, login
 * throttling, `next` never leading to another site, role checks, and the JSON login. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

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
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Te veel mislukte pogingen");
    assert_null(strcasestr(res.headers, "Set-Cookie: vsid="));
    response_free(&res);
    /* Also for the same address in other capitals. */
    post_login(c, "ZUID@test.nl", PASSWORD, "", false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Te veel mislukte pogingen");
    response_free(&res);
    assert_int_equal(get_status(c, "/", true), 401);
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
        cmocka_unit_test(logout_needs_csrf_and_ends_the_session),
        cmocka_unit_test(next_never_leads_to_another_site),
        cmocka_unit_test(roles_are_checked),
        cmocka_unit_test(json_login_answers_json),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
