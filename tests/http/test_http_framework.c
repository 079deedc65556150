/* HTTP tests of the framework itself, against the real daemon with the fixture: health, 404 and
 * 405, body limits, hostile form bodies (NUL bytes, bad UTF-8, duplicate names), the security
 * headers on every kind of response, the login redirect, static files, and garbage requests
 * that must not bring the server down. */
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

/* A new anonymous client that has fetched the login form (so it holds the CSRF cookie and
   token). */
static struct client *anonymous(void)
{
    struct client *c = at_login_form();
    assert_true(strlen(client_csrf(c)) > 0);
    return c;
}

/* The server still answers GET /healthz with 200. */
static void assert_alive(void)
{
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/healthz", false, &res), 0);
    assert_int_equal(res.status, 200);
    response_free(&res);
    client_free(c);
}

/* Every response carries these. */
static void assert_security_headers(const struct response *res)
{
    if (!strcasestr(res->headers, "X-Content-Type-Options: nosniff"))
        fail_msg("no nosniff header in:\n%s", res->headers);
    const char *csp = strcasestr(res->headers, "Content-Security-Policy:");
    if (!csp)
        fail_msg("no Content-Security-Policy in:\n%s", res->headers);
    const char *eol = strchr(csp, '\n');
    char line[1024];
    snprintf(line, sizeof line, "%.*s", eol ? (int)(eol - csp) : (int)strlen(csp), csp);
    assert_contains(line, "frame-ancestors 'none'");
    const char *script = strstr(line, "script-src");
    if (script) { /* no inline script */
        const char *semi = strchr(script, ';');
        char directive[256];
        snprintf(directive, sizeof directive, "%.*s",
                 semi ? (int)(semi - script) : (int)strlen(script), script);
        assert_null(strstr(directive, "unsafe-inline"));
    }
    if (!strcasestr(res->headers, "Referrer-Policy:"))
        fail_msg("no Referrer-Policy in:\n%s", res->headers);
    if (!strcasestr(res->content_type, "charset=utf-8"))
        fail_msg("no charset in Content-Type '%s'", res->content_type);
}

/* POST a body to /login as an anonymous client, with its valid CSRF token appended. */
static long post_login_body(const char *body, size_t len)
{
    struct client *c = anonymous();
    struct response res;
    post_raw_form(c, "/login", body, len, &res);
    long status = res.status;
    if (status != 400)
        fprintf(stderr, "body %.*s answered %ld:\n%.500s\n", (int)len, body, status, res.body);
    response_free(&res);
    client_free(c);
    return status;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void healthz_answers_ok(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/healthz", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_true(res.len >= 2);
    assert_memory_equal(res.body, "ok", 2);
    assert_security_headers(&res);
    response_free(&res);
    client_free(c);
}

static void unknown_path_is_404_html(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/no/such/page", false, &res), 0);
    assert_int_equal(res.status, 404);
    assert_non_null(strstr(res.content_type, "text/html"));
    assert_contains(res.body, "<h1>");
    assert_contains(res.body, "bestaat niet");
    assert_security_headers(&res);
    response_free(&res);

    /* An unknown static file is a 404 as well, not an empty 200. */
    assert_int_equal(client_get(c, "/static/no-such-file.css", false, &res), 0);
    assert_int_equal(res.status, 404);
    response_free(&res);
    client_free(c);
}

static void unknown_path_is_404_json(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/no/such/page", true, &res), 0);
    assert_int_equal(res.status, 404);
    assert_non_null(strstr(res.content_type, "application/json"));
    json_t *doc = response_json(&res);
    assert_non_null(doc);
    assert_true(json_is_string(json_object_get(doc, "error")));
    json_decref(doc);
    assert_security_headers(&res);
    response_free(&res);
    client_free(c);
}

static void wrong_method_is_405(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/logout", false, &res), 0);
    assert_int_equal(res.status, 405);
    assert_security_headers(&res);
    assert_non_null(strcasestr(res.headers, "Allow:"));
    response_free(&res);

    assert_int_equal(client_post_raw(c, "/healthz", "a=1", 3, "application/x-www-form-urlencoded",
                                     &res),
                     0);
    assert_int_equal(res.status, 405);
    response_free(&res);
    client_free(c);
}

static void body_over_the_limit_is_413(void **state)
{
    (void)state;
    size_t size = 2 * 1024 * 1024;
    char *data = malloc(size);
    assert_non_null(data);
    memcpy(data, "email=", 6);
    memset(data + 6, 'a', size - 6);
    struct client *c = anonymous();
    struct response res;
    assert_int_equal(
        client_post_raw(c, "/login", data, size, "application/x-www-form-urlencoded", &res), 0);
    assert_int_equal(res.status, 413);
    assert_security_headers(&res);
    response_free(&res);
    free(data);
    client_free(c);
    assert_alive();
}

static void nul_byte_in_a_value_is_400(void **state)
{
    (void)state;
    static const char escaped[] = "email=a%00b%40test.nl&password=wachtwoord-123";
    assert_int_equal(post_login_body(escaped, strlen(escaped)), 400);
    static const char raw[] = "email=a\0b%40test.nl&password=wachtwoord-123";
    assert_int_equal(post_login_body(raw, sizeof raw - 1), 400);
    static const char in_name[] = "em%00ail=a%40test.nl&password=wachtwoord-123";
    assert_int_equal(post_login_body(in_name, strlen(in_name)), 400);
}

static void invalid_utf8_is_400(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "email=%FF%40test.nl&password=wachtwoord-123",
        "email=a%40test.nl&password=%C0%AFwachtwoord", /* overlong '/' */
        "email=a%40test.nl&password=%ED%A0%80xx",      /* a surrogate */
        "email=a%40test.nl&password=%E2%82",           /* truncated sequence */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        assert_int_equal(post_login_body(bodies[i], strlen(bodies[i])), 400);
}

static void duplicate_field_names_are_400(void **state)
{
    (void)state;
    static const char body[] = "email=a%40test.nl&email=lead%40test.nl&password=wachtwoord-123";
    assert_int_equal(post_login_body(body, strlen(body)), 400);
}

static void bad_bytes_in_a_query_are_400(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    static const char *const bad[] = {"/pupils?q=%ff%fe", "/pupils?q=%00abc",
                                      "/pupils?q=%C0%AF", "/pupils?%ff=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(client_get(c, bad[i], false, &res), 0);
        if (res.status != 400)
            fail_msg("%s answered %ld", bad[i], res.status);
        assert_contains(res.body, "Het adres van deze pagina bevat ongeldige tekens.");
        response_free(&res);
        assert_int_equal(client_get(c, bad[i], true, &res), 0);
        assert_int_equal(res.status, 400);
        response_free(&res);
    }
    /* Well-formed UTF-8 is searched as before. */
    assert_int_equal(client_get(c, "/pupils?q=caf%C3%A9", false, &res), 0);
    assert_int_equal(res.status, 200);
    response_free(&res);
    client_free(c);
}

static void bad_form_while_logged_in_is_400(void **state)
{
    (void)state;
    struct client *c = logged_in("lead@test.nl");
    struct response res;
    /* A bad body must not log out: 400, and the login still works afterwards. */
    assert_int_equal(client_post(c, "/logout", "x=%FF", false, true, &res), 0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    assert_int_equal(client_get(c, "/", true, &res), 0);
    assert_int_equal(res.status, 200);
    response_free(&res);
    client_free(c);
}

static void every_response_has_security_headers(void **state)
{
    (void)state;
    struct client *anon = client_new(&server);
    struct client *lead = logged_in("lead@test.nl");
    static const struct {
        bool login, json;
        const char *path;
    } gets[] = {
        {false, false, "/login"},     {false, true, "/login"},    {false, false, "/"},
        {false, true, "/"},           {true, false, "/"},          {true, true, "/"},
        {true, false, "/activities"}, {true, true, "/activities"}, {false, false, "/nope"},
        {true, true, "/nope"},        {false, false, "/static/style.css"},
    };
    for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
        struct response res;
        assert_int_equal(client_get(gets[i].login ? lead : anon, gets[i].path, gets[i].json, &res),
                         0);
        assert_true(res.status > 0);
        assert_security_headers(&res);
        response_free(&res);
    }
    /* A refused POST (no CSRF token) and a form shown again with errors. */
    struct response res;
    assert_int_equal(client_post(anon, "/login", "email=x", false, false, &res), 0);
    assert_int_equal(res.status, 403);
    assert_security_headers(&res);
    response_free(&res);
    struct client *c = anonymous();
    assert_int_equal(client_post(c, "/login", "email=x&password=y", false, true, &res), 0);
    assert_int_equal(res.status, 422);
    assert_security_headers(&res);
    response_free(&res);
    client_free(c);
    client_free(anon);
    client_free(lead);
}

static void login_needed_redirects_or_401(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/activities", false, &res), 0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/login?next=/activities");
    assert_security_headers(&res);
    response_free(&res);

    assert_int_equal(client_get(c, "/", false, &res), 0);
    assert_int_equal(res.status, 303);
    assert_true(!strncmp(res.location, "/login?next=", 12));
    response_free(&res);

    assert_int_equal(client_get(c, "/activities", true, &res), 0);
    assert_int_equal(res.status, 401);
    json_t *doc = response_json(&res);
    assert_non_null(doc);
    assert_true(json_is_string(json_object_get(doc, "error")));
    json_decref(doc);
    response_free(&res);
    client_free(c);
}

static void static_css_is_served(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/static/style.css", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_true(!strncmp(res.content_type, "text/css", 8));
    assert_true(res.len > 100);
    assert_security_headers(&res);
    response_free(&res);
    /* No way out of the static folder. */
    assert_int_equal(client_get(c, "/static/../Makefile", false, &res), 0);
    assert_int_not_equal(res.status, 200);
    response_free(&res);
    assert_int_equal(client_get(c, "/static/%2e%2e/Makefile", false, &res), 0);
    assert_int_not_equal(res.status, 200);
    response_free(&res);
    client_free(c);
}

static void huge_garbage_path_does_not_crash(void **state)
{
    (void)state;
    size_t n = 200 * 1024;
    char *path = malloc(n + 1);
    assert_non_null(path);
    path[0] = '/';
    static const char junk[] = "aZ9%41~-._%2F%FF%00x/..//";
    for (size_t i = 1; i < n; i++)
        path[i] = junk[(i * 7) % (sizeof junk - 1)];
    path[n] = '\0';
    struct client *c = client_new(&server);
    struct response res;
    client_get(c, path, false, &res); /* any answer (414, 404) or a closed connection */
    if (res.status)
        assert_true(res.status >= 400 && res.status < 500);
    response_free(&res);
    client_get(c, path, true, &res);
    response_free(&res);
    client_free(c);
    free(path);
    assert_alive();
}

static void many_query_params_do_not_crash(void **state)
{
    (void)state;
    char path[4096] = "/login?";
    size_t len = strlen(path);
    for (int i = 0; i < 100; i++)
        len += (size_t)snprintf(path + len, sizeof path - len, "%sp%d=%d", i ? "&" : "", i, i);
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_true(res.status == 200 || (res.status >= 400 && res.status < 500));
    response_free(&res);
    /* The same name a hundred times, and hostile values. */
    len = strlen("/login?");
    path[len] = '\0';
    for (int i = 0; i < 100; i++)
        len += (size_t)snprintf(path + len, sizeof path - len, "%snext=%%00%%FF%d", i ? "&" : "",
                                i);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_true(res.status == 200 || (res.status >= 400 && res.status < 500));
    response_free(&res);
    client_free(c);
    struct client *lead = logged_in("lead@test.nl");
    len = strlen("/activities?");
    memcpy(path, "/activities?", len + 1);
    for (int i = 0; i < 100; i++)
        len += (size_t)snprintf(path + len, sizeof path - len, "%sq%d=%%E2%%82", i ? "&" : "", i);
    assert_int_equal(client_get(lead, path, true, &res), 0);
    assert_true(res.status > 0);
    response_free(&res);
    client_free(lead);
    assert_alive();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(healthz_answers_ok),
        cmocka_unit_test(unknown_path_is_404_html),
        cmocka_unit_test(unknown_path_is_404_json),
        cmocka_unit_test(wrong_method_is_405),
        cmocka_unit_test(body_over_the_limit_is_413),
        cmocka_unit_test(nul_byte_in_a_value_is_400),
        cmocka_unit_test(invalid_utf8_is_400),
        cmocka_unit_test(duplicate_field_names_are_400),
        cmocka_unit_test(bad_form_while_logged_in_is_400),
        cmocka_unit_test(bad_bytes_in_a_query_are_400),
        cmocka_unit_test(every_response_has_security_headers),
        cmocka_unit_test(login_needed_redirects_or_401),
        cmocka_unit_test(static_css_is_served),
        cmocka_unit_test(huge_garbage_path_does_not_crash),
        cmocka_unit_test(many_query_params_do_not_crash),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
