/* HTTP tests of the languages against the real daemon with the fixture: the browser's
 * Accept-Language choosing the login and error pages' language, the switch (POST /lang) with
 * its cookie, refusals (unknown language, no CSRF, `next` to another site), the language saved
 * on the account following it to a new browser, and JSON answers without the catalogue. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* GET path as HTML outside any client, with an Accept-Language header (NULL: none) and a
   cookie header (NULL: none). Only status and body are filled. */
static void get_in(const char *path, const char *accept_language, const char *cookie,
                   struct response *res)
{
    get_plain(path, "text/html", accept_language, cookie, res);
}

/* POST /lang with body (already escaped) and the client's CSRF token. */
static void post_lang(struct client *c, const char *body, bool json, struct response *res)
{
    post(c, "/lang", body, json, res);
}

/* The html element's opening tag of page (for lang and dir). */
static void assert_html_tag(const struct response *res, const char *lang, const char *dir)
{
    char expected[64];
    snprintf(expected, sizeof expected, "<html lang=\"%s\" dir=\"%s\">", lang, dir);
    assert_contains(res->body, expected);
}

/* ---- the browser's languages -------------------------------------------------------------- */

static void accept_language_chooses_the_login_page(void **state)
{
    (void)state;
    struct response res;
    get_in("/login", "en-GB,en;q=0.9,nl;q=0.8", NULL, &res);
    assert_int_equal(res.status, 200);
    assert_html_tag(&res, "en", "ltr");
    assert_contains(res.body, "<h1>Log in</h1>");
    assert_contains(res.body, "Email address");
    assert_contains(res.body, "Skip to content");
    assert_lacks(res.body, "Wachtwoord");
    /* the switch offers Dutch, in Dutch, and marks English as the current language */
    assert_contains(res.body, "action=\"/lang\"");
    assert_contains(res.body, "name=\"lang\" value=\"nl\" lang=\"nl\"");
    assert_contains(res.body, "aria-current=\"true\">English<");
    assert_contains(res.body, "name=\"next\" value=\"/login\"");
    response_free(&res);

    get_in("/login", NULL, NULL, &res);
    assert_html_tag(&res, "nl", "ltr");
    assert_contains(res.body, "<h1>Inloggen</h1>");
    response_free(&res);
    get_in("/login", "fr-FR, de;q=0.5", NULL, &res);
    assert_html_tag(&res, "nl", "ltr");
    response_free(&res);
    get_in("/login", "en;q=0, nl;q=0.1", NULL, &res);
    assert_html_tag(&res, "nl", "ltr");
    response_free(&res);
    /* a hostile header changes nothing */
    get_in("/login", ";;;q=2,\"<script>\",en;q=abc", NULL, &res);
    assert_int_equal(res.status, 200);
    assert_html_tag(&res, "nl", "ltr");
    response_free(&res);
}

static void error_pages_speak_the_language(void **state)
{
    (void)state;
    struct response res;
    get_in("/no-such-page", "en", NULL, &res);
    assert_int_equal(res.status, 404);
    assert_html_tag(&res, "en", "ltr");
    assert_contains(res.body, "This page does not exist.");
    assert_contains(res.body, "Something went wrong");
    response_free(&res);
    /* the cookie wins over the browser's languages */
    get_in("/no-such-page", "en", "lang=nl", &res);
    assert_contains(res.body, "Deze pagina bestaat niet.");
    response_free(&res);
    get_in("/no-such-page", "nl", "lang=en", &res);
    assert_contains(res.body, "This page does not exist.");
    response_free(&res);
    /* a cookie naming no language is ignored */
    get_in("/no-such-page", "en", "lang=../../etc/passwd", &res);
    assert_contains(res.body, "This page does not exist.");
    response_free(&res);
}

/* ---- the switch --------------------------------------------------------------------------- */

static void switch_sets_a_cookie_and_goes_back(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    post_lang(c, "lang=en&next=%2Flogin%3Fnext%3D%252Fpupils", false, &res);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/login?next=%2Fpupils");
    assert_contains(res.headers, "Set-Cookie: lang=en; Path=/; Max-Age=31536000; SameSite=Lax;"
                                 " HttpOnly");
    response_free(&res);
    /* the next pages come in English, also where the browser asks for nothing */
    assert_int_equal(client_get(c, "/login?next=%2Fpupils", false, &res), 0);
    assert_html_tag(&res, "en", "ltr");
    assert_contains(res.body, "<h1>Log in</h1>");
    assert_contains(res.body, "name=\"next\" value=\"/login?next=%2Fpupils\"");
    response_free(&res);
    /* and back to Dutch */
    post_lang(c, "lang=nl&next=%2Flogin", false, &res);
    assert_int_equal(res.status, 303);
    assert_contains(res.headers, "Set-Cookie: lang=nl;");
    response_free(&res);
    assert_int_equal(client_get(c, "/login", false, &res), 0);
    assert_html_tag(&res, "nl", "ltr");
    response_free(&res);
    client_free(c);
}

static void unknown_language_is_400(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    const char *bodies[] = {"lang=xx&next=%2F", "lang=&next=%2F", "next=%2F",
                            "lang=en%3B%20Path%3D%2F", "lang=%3Cscript%3E"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct response res;
        post_lang(c, bodies[i], false, &res);
        if (res.status != 400)
            fail_msg("%s: status %ld", bodies[i], res.status);
        assert_contains(res.body, "Deze taal is niet beschikbaar.");
        assert_lacks(res.headers, "Set-Cookie: lang=");
        response_free(&res);
    }
    struct response res;
    post_lang(c, "lang=xx", true, &res);
    assert_int_equal(res.status, 400);
    json_t *body = response_json(&res);
    assert_non_null(body);
    assert_string_equal(json_string_value(json_object_get(body, "error")),
                        "Deze taal is niet beschikbaar.");
    json_decref(body);
    response_free(&res);
    client_free(c);
}

static void next_never_leaves_the_site(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    const char *nexts[] = {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "evil.example",
                           "%2F%5Cevil.example", "%2Fok%0D%0ASet-Cookie%3A%20x%3D1", ""};
    for (size_t i = 0; i < sizeof nexts / sizeof nexts[0]; i++) {
        char body[256];
        snprintf(body, sizeof body, "lang=en&next=%s", nexts[i]);
        struct response res;
        post_lang(c, body, false, &res);
        assert_int_equal(res.status, 303);
        if (strcmp(res.location, "/"))
            fail_msg("next=%s led to '%s'", nexts[i], res.location);
        response_free(&res);
    }
    client_free(c);
}

static void switch_without_csrf_is_403(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    assert_int_equal(client_post(c, "/lang", "lang=en&next=%2F", false, false, &res), 0);
    assert_int_equal(res.status, 403);
    assert_lacks(res.headers, "Set-Cookie: lang=");
    response_free(&res);
    assert_int_equal(client_post(c, "/lang", "lang=en&csrf=00", false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    client_free(c);
}

/* ---- the account's language --------------------------------------------------------------- */

static void saved_language_follows_the_account(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    assert_int_equal(client_login(c, "ouder@test.nl", PASSWORD), 0);
    struct response res;
    post_lang(c, "lang=en&next=%2F", false, &res);
    assert_int_equal(res.status, 303);
    response_free(&res);
    client_free(c);

    /* A new browser that asks for Dutch: after logging in, the account's English. */
    c = client_new(&server);
    assert_int_equal(client_get(c, "/login", false, &res), 0);
    assert_html_tag(&res, "nl", "ltr");
    response_free(&res);
    assert_int_equal(client_login(c, "ouder@test.nl", PASSWORD), 0);
    assert_int_equal(client_get(c, "/pupils", false, &res), 0); /* a page with the header */
    assert_int_equal(res.status, 403);
    assert_html_tag(&res, "en", "ltr");
    assert_contains(res.body, "You do not have access to this page.");
    assert_contains(res.body, ">Log out</button>");
    assert_contains(res.body, "(parent)");
    response_free(&res);
    /* switching back is saved too */
    post_lang(c, "lang=nl&next=%2F", false, &res);
    response_free(&res);
    client_free(c);
    c = client_new(&server);
    assert_int_equal(client_login(c, "ouder@test.nl", PASSWORD), 0);
    assert_int_equal(client_get(c, "/pupils", false, &res), 0);
    assert_html_tag(&res, "nl", "ltr");
    assert_contains(res.body, ">Uitloggen</button>");
    response_free(&res);
    client_free(c);
}

/* A choice made on the login page before logging in is kept by an account without one. */
static void choice_before_login_is_saved(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    post_lang(c, "lang=en&next=%2Flogin", false, &res);
    response_free(&res);
    assert_int_equal(client_login(c, "ouder@test.nl", PASSWORD), 0);
    client_free(c);
    c = client_new(&server);
    assert_int_equal(client_login(c, "ouder@test.nl", PASSWORD), 0);
    assert_int_equal(client_get(c, "/pupils", false, &res), 0);
    assert_html_tag(&res, "en", "ltr");
    response_free(&res);
    client_free(c);
}

/* ---- JSON --------------------------------------------------------------------------------- */

static void json_answers_carry_no_catalogue(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    post_lang(c, "lang=en&next=%2F", true, &res);
    assert_int_equal(res.status, 200);
    json_t *body = response_json(&res);
    assert_non_null(body);
    assert_string_equal(json_string_value(json_object_get(body, "lang")), "en");
    json_decref(body);
    response_free(&res);

    assert_int_equal(client_get(c, "/login", true, &res), 0);
    body = response_json(&res);
    assert_non_null(body);
    assert_null(json_object_get(body, "t"));
    assert_null(json_object_get(body, "languages"));
    assert_null(json_object_get(body, "dir"));
    assert_string_equal(json_string_value(json_object_get(body, "title")), "Log in");
    json_decref(body);
    response_free(&res);
    client_free(c);

    c = client_new(&server);
    assert_int_equal(client_login(c, "noord@test.nl", PASSWORD), 0);
    assert_int_equal(client_get(c, "/", true, &res), 0);
    assert_int_equal(res.status, 200);
    assert_lacks(res.body, "\"t\":");
    assert_lacks(res.body, "Uitloggen");
    response_free(&res);
    client_free(c);
}

/* One language per screen: the staff pages are Dutch, so a coordinator or staff member whose
   browser asks for English (or who chose English before logging in) gets Dutch around the
   Dutch content, and no language switch; a parent keeps the choice. */
static void staff_pages_are_dutch_whatever_the_browser_asks(void **state)
{
    (void)state;
    const char *staff[] = {"noord@test.nl", "anna@test.nl", "lead@test.nl"};
    for (size_t i = 0; i < sizeof staff / sizeof *staff; i++) {
        struct client *c = at_login_form();
        struct response res;
        post_lang(c, "lang=en&next=%2Flogin", false, &res);
        response_free(&res);
        assert_int_equal(client_login(c, staff[i], PASSWORD), 0);
        assert_int_equal(client_get(c, "/", false, &res), 0);
        assert_html_tag(&res, "nl", "ltr");
        assert_contains(res.body, "Uitloggen");
        assert_lacks(res.body, "action=\"/lang\"");
        response_free(&res);
        assert_int_equal(client_get(c, "/bestaat-niet", false, &res), 0);
        assert_int_equal(res.status, 404);
        assert_html_tag(&res, "nl", "ltr");
        response_free(&res);
        client_free(c);
    }
    struct response res;
    get_plain("/login", "text/html", "en", NULL, &res);
    assert_contains(res.body, "action=\"/lang\""); /* visitors keep the switch */
    response_free(&res);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_language_chooses_the_login_page),
        cmocka_unit_test(error_pages_speak_the_language),
        cmocka_unit_test(switch_sets_a_cookie_and_goes_back),
        cmocka_unit_test(unknown_language_is_400),
        cmocka_unit_test(next_never_leaves_the_site),
        cmocka_unit_test(switch_without_csrf_is_403),
        cmocka_unit_test(choice_before_login_is_saved), /* before ouder@ has a saved choice */
        cmocka_unit_test(saved_language_follows_the_account),
        cmocka_unit_test(json_answers_carry_no_catalogue),
        cmocka_unit_test(staff_pages_are_dutch_whatever_the_browser_asks),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    curl_global_cleanup();
    return exit_status(failed);
}
