/* HTTP tests of a form post refused for a stale CSRF token or an ended login (issue 10, point
 * 3): the HTML answer keeps its status (403, or 401 without a login) and gives back what was
 * typed in a form to the same URL (long texts in a textarea, escaped; never the token or a
 * password), with a fresh token when the user is still logged in, so that submitting that
 * page's form saves the text; without a login it links to the login and saves nothing;
 * JSON posts keep their plain 403/401; the re-submit still goes through the scope checks
 * (another school's session stays 404). Fixture generated around today, as the evaluation
 * needs a session that took place. */
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

enum { DAY_HELD = -7 };

#define LONG_TEXT                                                                                  \
    "Iedereen deed mee, ook <b>Daan</b> & Sara.\r\n"                                               \
    "Volgende keer meer water klaarzetten en eerder beginnen met de warming-up."
#define STALE "0123456789abcdef0123456789abcdef"
#define MESSAGE "Uw sessie was verlopen of het formulier was te oud."

/* ---- the fixture ----------------------------------------------------------------------------- */

static json_t *activity_json(const char *key, const char *school, const char *title)
{
    const struct pf_activity a = {key, school, title, "sportpartner", "anna", DAY_HELD, 14, 10};
    return pf_activity_json(&a);
}

/* The whole load document: two schools, Judo at Noord and Koor at Zuid, Anna runs both. New
   reference. */
static json_t *fixture(const char *hash)
{
    char vog[11];
    return json_pack("{s:{s:s, s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}],"
                     " s:[{s:s, s:s, s:b}], s:[{s:s, s:s, s:s, s:s, s:s}], s:[o, o], s:o}",
                     "coalition", "name", "Coalitie Testdorp", "city", "Testdorp", "schools",
                     "key", "noord", "name", "Basisschool Noord", "kind", "po", "key", "zuid",
                     "name", "Basisschool Zuid", "kind", "po", "providers", "key",
                     "sportpartner", "name", "Sportpartner", "external", 1, "staff", "key",
                     "anna", "provider", "sportpartner", "name", "Anna de Vries", "level",
                     "vak", "vog_date", pf_day(-100, vog), "activities",
                     activity_json("judo", "noord", "Judo"),
                     activity_json("koor", "zuid", "Koor"), "users",
                     fixture_users(hash, true));
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* The evaluation form's path of activity_key's held session, into buf. */
static const char *evaluation_path(char *buf, size_t size, const char *activity_key)
{
    snprintf(buf, size, "/sessions/%lld/evaluation", session_on(activity_key, DAY_HELD));
    return buf;
}

/* An evaluation as a form body with csrf (NULL: none). Caller frees. */
static char *evaluation_body(const char *csrf)
{
    return form_body("went_well", LONG_TEXT, "to_change", "niets", "as_planned", "partly",
                     "note", "", csrf ? "csrf" : NULL, csrf, NULL);
}

static long long saved_with_text(void)
{
    return count_of("SELECT count(*) FROM evaluations WHERE went_well = 'Iedereen deed mee, ook"
                    " <b>Daan</b> & Sara.' || char(13, 10) || 'Volgende keer meer water"
                    " klaarzetten en eerder beginnen met de warming-up.' AND to_change = 'niets'"
                    " AND as_planned = 'partly'");
}

/* ---- tests ----------------------------------------------------------------------------------- */

static void stale_token_keeps_the_text_and_resubmits(void **state)
{
    (void)state;
    char path[96];
    evaluation_path(path, sizeof path, "judo");
    struct client *anna = logged_in("anna@test.nl");
    struct response res;
    char *body = evaluation_body(STALE);
    assert_int_equal(client_post(anna, path, body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 403);
    assert_contains(res.content_type, "text/html");
    assert_contains(res.body, MESSAGE);
    /* The long text in a textarea, escaped; the short values hidden; no stale token. */
    assert_contains(res.body, "<textarea id=\"r-went_well\" name=\"went_well\"");
    assert_contains(res.body, "&lt;b&gt;Daan&lt;/b&gt; &amp; Sara.");
    assert_lacks(res.body, "<b>Daan</b>");
    assert_contains(res.body, "<input type=\"hidden\" name=\"as_planned\" value=\"partly\">");
    assert_contains(res.body, "<input type=\"hidden\" name=\"note\" value=\"\">");
    assert_lacks(res.body, STALE);
    assert_lacks(res.body, "Opnieuw inloggen"); /* still logged in */
    assert_int_equal(count_of("SELECT count(*) FROM evaluations"), 0);

    /* That page's own form, as a browser sends it, saves the text. */
    char *again = html_form_body(res.body, path, NULL);
    char *token = html_form_value(res.body, path, "csrf");
    assert_string_equal(token, client_csrf(anna));
    free(token);
    response_free(&res);
    assert_int_equal(client_post(anna, path, again, false, false, &res), 0);
    free(again);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    assert_int_equal(saved_with_text(), 1);
    client_free(anna);
}

static void ended_login_keeps_the_text_and_saves_nothing(void **state)
{
    (void)state;
    char path[96];
    evaluation_path(path, sizeof path, "judo");
    struct client *anna = logged_in("anna@test.nl");
    char *old_token = strdup(client_csrf(anna));
    struct response res;
    assert_int_equal(client_post(anna, "/logout", "", false, true, &res), 0);
    response_free(&res);

    char *body = evaluation_body(old_token);
    assert_int_equal(client_post(anna, path, body, false, false, &res), 0);
    free(body);
    free(old_token);
    assert_int_equal(res.status, 401);
    assert_contains(res.body, MESSAGE);
    assert_contains(res.body, "&lt;b&gt;Daan&lt;/b&gt; &amp; Sara.");
    assert_contains(res.body, "Opnieuw inloggen");
    assert_contains(res.body, "href=\"/login?next=%2Fsessions%2F");
    assert_contains(res.body, "u kunt hem ook kopi");
    /* Submitting it again without logging in keeps it again and writes nothing. */
    char *again = html_form_body(res.body, path, NULL);
    response_free(&res);
    assert_int_equal(client_post(anna, path, again, false, false, &res), 0);
    free(again);
    assert_int_equal(res.status, 401);
    assert_contains(res.body, "&lt;b&gt;Daan&lt;/b&gt; &amp; Sara.");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM evaluations"), 0);
    client_free(anna);
}

static void no_password_and_no_token_is_echoed(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    char *body = form_body("current_password", "OudGeheim-123", "new_password", "NieuwGeheim-456",
                           "csrf", STALE, NULL);
    assert_int_equal(client_post(lead, "/account/password", body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 403);
    assert_contains(res.body, MESSAGE);
    assert_lacks(res.body, "OudGeheim");
    assert_lacks(res.body, "NieuwGeheim");
    assert_lacks(res.body, "name=\"current_password\"");
    assert_lacks(res.body, "name=\"new_password\"");
    assert_lacks(res.body, STALE);
    response_free(&res);
    client_free(lead);
}

static void json_posts_keep_their_refusal(void **state)
{
    (void)state;
    char path[96];
    evaluation_path(path, sizeof path, "judo");
    struct client *anna = logged_in("anna@test.nl");
    struct response res;
    char *body = evaluation_body(STALE);
    assert_int_equal(client_post(anna, path, body, true, false, &res), 0);
    assert_int_equal(res.status, 403);
    json_t *doc = response_json(&res);
    assert_non_null(doc);
    assert_string_equal(str_of(doc, "error"), "Het formulier is verlopen of ongeldig. Laad de"
                                              " pagina opnieuw.");
    assert_null(json_object_get(doc, "texts"));
    json_decref(doc);
    response_free(&res);
    /* Without any token: the same. */
    char *bare = evaluation_body(NULL);
    assert_int_equal(post_status(anna, path, bare, true, false), 403);
    free(bare);
    client_free(anna);

    struct client *anonymous = at_login_form();
    assert_int_equal(client_post(anonymous, path, body, true, false, &res), 0);
    assert_int_equal(res.status, 401);
    doc = response_json(&res);
    assert_non_null(doc);
    assert_string_equal(str_of(doc, "error"), "U moet eerst inloggen.");
    json_decref(doc);
    response_free(&res);
    free(body);
    client_free(anonymous);
    assert_int_equal(count_of("SELECT count(*) FROM evaluations"), 0);
}

static void bad_input_is_given_back_as_it_came(void **state)
{
    (void)state;
    char path[96], other[96];
    evaluation_path(path, sizeof path, "judo");
    evaluation_path(other, sizeof other, "koor");
    struct client *noord = logged_in("noord@test.nl");
    struct response res;

    /* Empty fields come back empty; a very long text whole (the handler then judges it). */
    char *huge = malloc(6001);
    assert_non_null(huge);
    memset(huge, 'x', 6000);
    huge[6000] = '\0';
    char *body = form_body("went_well", huge, "to_change", "", "csrf", STALE, NULL);
    assert_int_equal(client_post(noord, path, body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 403);
    assert_contains(res.body, huge);
    assert_contains(res.body, "<input type=\"hidden\" name=\"to_change\" value=\"\">");
    char *again = html_form_body(res.body, path, NULL);
    response_free(&res);
    free(huge);
    assert_int_equal(client_post(noord, path, again, false, false, &res), 0);
    free(again);
    assert_int_equal(res.status, 422); /* the form's own errors, not a lost text */
    response_free(&res);

    /* A field name with markup is escaped. */
    body = form_body("went_well\"><script>", "x", "csrf", STALE, NULL);
    assert_int_equal(client_post(noord, path, body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 403);
    assert_lacks(res.body, "<script>");
    response_free(&res);

    /* Another school's session: the page is given back, its re-submit stays out of scope. */
    body = evaluation_body(STALE);
    assert_int_equal(client_post(noord, other, body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 403);
    again = html_form_body(res.body, other, NULL);
    response_free(&res);
    assert_int_equal(client_post(noord, other, again, false, false, &res), 0);
    free(again);
    assert_int_equal(res.status, 404);
    response_free(&res);

    /* Duplicate names stay a plain 400; a logout without a login stays a plain 401. */
    assert_int_equal(post_status(noord, path, "note=a&note=b&csrf=" STALE, false, false), 400);
    client_free(noord);
    struct client *anonymous = at_login_form();
    assert_int_equal(client_post(anonymous, "/logout", "", false, true, &res), 0);
    assert_int_equal(res.status, 401);
    assert_lacks(res.body, MESSAGE);
    response_free(&res);
    client_free(anonymous);
    assert_int_equal(count_of("SELECT count(*) FROM evaluations"), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(stale_token_keeps_the_text_and_resubmits),
        T(ended_login_keeps_the_text_and_saves_nothing),
        T(no_password_and_no_token_is_echoed),
        T(json_posts_keep_their_refusal),
        T(bad_input_is_given_back_as_it_came),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
