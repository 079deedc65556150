/* HTTP tests of one's own account (issue 10): GET /account for every role, the change of one's
 * own password (POST /account/password) with its refusals, and the rule that a new password
 * ends the account's other logins while the one that changed it stays — also when the lead
 * changes their own password on /accounts/{id}. The daemon is shared by the tests of this
 * program, so each test that changes a password does it on an account of its own, made by the
 * lead. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlform.h"
#include "testkit.h"

#define NEW_PASSWORD "een-nieuw-wachtwoord"

/* ---- helpers ------------------------------------------------------------------------------ */

/* The lead makes an account email with PASSWORD and role (a coordinator of noord, or a parent
   or another lead); fails the test otherwise. */
static void make_account(const char *email, const char *role)
{
    struct client *lead = logged_in("lead@test.nl");
    char school[32] = "";
    if (!strcmp(role, "coordinator"))
        snprintf(school, sizeof school, "%lld", id_of("schools", "noord"));
    char *body = form_body("email", email, "name", "Test Account", "role", role, "school",
                           school, "staff", "", "password", PASSWORD, NULL);
    json_decref(post_json(lead, "/accounts", body, 201));
    free(body);
    client_free(lead);
}

/* POST /account/password with current and new (escaped here); the answer into res. */
static void change_password(struct client *c, const char *current, const char *new_password,
                            bool json, struct response *res)
{
    char *body = form_body("current_password", current, "new_password", new_password, NULL);
    post(c, "/account/password", body, json, res);
    free(body);
}

/* Whether the client is still logged in: GET /account answers 200, not a way to the login. */
static bool still_logged_in(struct client *c)
{
    return get_status(c, "/account", true) == 200;
}

/* Run SQL on the daemon's database with the sqlite3 tool; fails the test when it fails. */
static void run_sql(const char *sql)
{
    char command[700];
    snprintf(command, sizeof command, "sqlite3 -batch -bail -cmd '.timeout 5000' '%s'",
             server.db_path);
    FILE *pipe = popen(command, "w");
    assert_non_null(pipe);
    fputs(sql, pipe);
    assert_int_equal(pclose(pipe), 0);
}

/* The reset link's token in the newest outbox message to email, into out (65 bytes); fails
   the test when there is none. */
static void mailed_token(const char *email, char out[65])
{
    char command[700];
    snprintf(command, sizeof command,
             "sqlite3 -readonly -batch -cmd '.timeout 5000' '%s' \"SELECT body FROM outbox"
             " WHERE to_email = '%s' ORDER BY id DESC LIMIT 1\"",
             server.db_path, email);
    FILE *pipe = popen(command, "r");
    assert_non_null(pipe);
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, pipe);
    text[n] = '\0';
    pclose(pipe);
    const char *at = strstr(text, "/password/reset/");
    assert_non_null(at);
    at += strlen("/password/reset/");
    assert_true(strspn(at, "0123456789abcdef") == 64);
    memcpy(out, at, 64);
    out[64] = '\0';
}

/* The number of outbox messages to email. */
static long long mails_to(const char *email)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE to_email = '%s'", email);
    return count_of(sql);
}

/* POST /password/forgot for email as an anonymous visitor; the status. */
static long ask_link(const char *email)
{
    struct client *c = at_login_form();
    char *body = form_body("email", email, NULL);
    long status = post_status(c, "/password/forgot", body, false, true);
    free(body);
    client_free(c);
    return status;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void every_role_sees_its_own_account(void **state)
{
    (void)state;
    static const char *const emails[] = {"lead@test.nl", "noord@test.nl", "anna@test.nl",
                                         "ouder@test.nl"};
    static const char *const roles[] = {"coalitieleiding", "coördinator", "uitvoerder", "ouder"};
    for (size_t i = 0; i < 4; i++) {
        struct client *c = logged_in(emails[i]);
        json_t *doc = get_json(c, "/account", 200);
        json_t *account = json_object_get(doc, "account");
        assert_string_equal(str_of(account, "email"), emails[i]);
        assert_string_equal(str_of(account, "role_label"), roles[i]);
        assert_non_null(json_object_get(account, "language"));
        assert_null(json_object_get(account, "password_hash"));
        json_decref(doc);
        struct response res;
        assert_int_equal(client_get(c, "/account", false, &res), 0);
        assert_int_equal(res.status, 200);
        assert_contains(res.body, "action=\"/account/password\"");
        assert_contains(res.body, "href=\"/account\""); /* the name in the header links here */
        assert_lacks(res.body, "$argon2");
        response_free(&res);
        client_free(c);
    }
}

static void account_needs_a_login(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    struct response res;
    assert_int_equal(client_get(c, "/account", false, &res), 0);
    assert_int_equal(res.status, 303);
    assert_contains(res.location, "/login");
    response_free(&res);
    char *body = form_body("current_password", PASSWORD, "new_password", NEW_PASSWORD, NULL);
    long status = post_status(c, "/account/password", body, false, true);
    assert_true(status == 303 || status == 401 || status == 403);
    free(body);
    client_free(c);
}

static void wrong_current_password_is_422_at_the_field(void **state)
{
    (void)state;
    make_account("wrong-current@test.nl", "parent");
    struct client *c = logged_in("wrong-current@test.nl");
    struct response res;
    change_password(c, "niet-het-wachtwoord", NEW_PASSWORD, false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "id=\"e-current_password\"");
    assert_contains(res.body, "Dit is niet uw huidige wachtwoord.");
    assert_contains(res.body, "href=\"#f-current_password\"");
    assert_lacks(res.body, "niet-het-wachtwoord"); /* a password is never sent back */
    assert_lacks(res.body, NEW_PASSWORD);
    response_free(&res);
    change_password(c, "niet-het-wachtwoord", NEW_PASSWORD, true, &res);
    assert_int_equal(res.status, 422);
    json_t *doc = response_json(&res);
    assert_refused_field(doc, "current_password");
    json_decref(doc);
    response_free(&res);
    client_free(c);
    /* The password did not change. */
    client_free(logged_in("wrong-current@test.nl"));
}

/* Every bad input: each refused with 422 at its field, and the password unchanged. */
static void bad_input_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    make_account("bad-input@test.nl", "parent");
    struct client *c = logged_in("bad-input@test.nl");
    char too_long[260];
    memset(too_long, 'x', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    static const struct {
        const char *current, *new_password, *field;
    } cases[] = {
        {"", NEW_PASSWORD, "current_password"},
        {PASSWORD, "", "new_password"},
        {PASSWORD, "kort", "new_password"},
        {PASSWORD, NULL, "new_password"}, /* NULL: too_long */
        {NULL, NEW_PASSWORD, "current_password"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct response res;
        change_password(c, cases[i].current ? cases[i].current : too_long,
                        cases[i].new_password ? cases[i].new_password : too_long, true, &res);
        assert_int_equal(res.status, 422);
        json_t *doc = response_json(&res);
        assert_refused_field(doc, cases[i].field);
        json_decref(doc);
        response_free(&res);
    }
    /* Fields missing altogether, and a body with a NUL byte. */
    struct response res;
    post(c, "/account/password", "", true, &res);
    assert_int_equal(res.status, 422);
    response_free(&res);
    static const char nul[] = "current_password=wachtwoord-123&new_password=a\0bcdefghijkl";
    assert_true(post_raw(c, "/account/password", nul, sizeof nul - 1) >= 400);
    client_free(c);
    client_free(logged_in("bad-input@test.nl"));
}

static void change_without_csrf_is_403(void **state)
{
    (void)state;
    make_account("no-csrf@test.nl", "parent");
    struct client *c = logged_in("no-csrf@test.nl");
    char *body = form_body("current_password", PASSWORD, "new_password", NEW_PASSWORD, NULL);
    assert_int_equal(post_status(c, "/account/password", body, false, false), 403);
    char with_bad[512];
    snprintf(with_bad, sizeof with_bad, "%s&csrf=%064d", body, 0);
    assert_int_equal(post_status(c, "/account/password", with_bad, false, false), 403);
    free(body);
    client_free(c);
    client_free(logged_in("no-csrf@test.nl"));
}

/* The form as the page has it; success is 303 to /account with a flash; the other login of
   the same account ends, this one stays; the new password works, the old one no longer. */
static void change_ends_the_other_logins_only(void **state)
{
    (void)state;
    make_account("changer@test.nl", "coordinator");
    struct client *phone = logged_in("changer@test.nl");
    struct client *desk = logged_in("changer@test.nl");
    struct client *someone = logged_in("noord@test.nl");
    struct response res;
    submit_form(desk, "/account", "/account/password", &res, "current_password", PASSWORD,
                "new_password", NEW_PASSWORD, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/account");
    response_free(&res);
    assert_int_equal(client_get(desk, "/account", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Uw wachtwoord is gewijzigd.");
    response_free(&res);
    assert_true(still_logged_in(desk));
    assert_false(still_logged_in(phone));
    assert_true(still_logged_in(someone));
    assert_int_equal(count_of("SELECT count(*) FROM logins l JOIN users u ON u.id = l.user_id"
                              " WHERE u.email = 'changer@test.nl'"),
                     1);
    struct client *again = client_new(&server);
    assert_int_not_equal(client_login(again, "changer@test.nl", PASSWORD), 0);
    assert_int_equal(client_login(again, "changer@test.nl", NEW_PASSWORD), 0);
    client_free(again);
    client_free(phone);
    client_free(desk);
    client_free(someone);
}

/* The lead sets their own password on /accounts/{id}: their other logins end, this one stays.
   Setting another account's password still ends all of that account's logins. */
static void lead_own_password_on_accounts_ends_other_logins(void **state)
{
    (void)state;
    make_account("lead2@test.nl", "lead");
    make_account("target@test.nl", "parent");
    struct client *here = logged_in("lead2@test.nl");
    struct client *elsewhere = logged_in("lead2@test.nl");
    struct client *target = logged_in("target@test.nl");
    char page[64], action[64];
    long long self = id_of("users", "lead2@test.nl");
    snprintf(page, sizeof page, "/accounts/%lld/edit", self);
    snprintf(action, sizeof action, "/accounts/%lld", self);
    struct response res;
    submit_form(here, page, action, &res, "password", NEW_PASSWORD, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_true(still_logged_in(here));
    assert_false(still_logged_in(elsewhere));
    long long other = id_of("users", "target@test.nl");
    snprintf(page, sizeof page, "/accounts/%lld/edit", other);
    snprintf(action, sizeof action, "/accounts/%lld", other);
    submit_form(here, page, action, &res, "password", NEW_PASSWORD, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_false(still_logged_in(target));
    assert_true(still_logged_in(here));
    client_free(here);
    client_free(elsewhere);
    client_free(target);
}

/* ---- the forgotten password ------------------------------------------------------------------- */

static void login_page_offers_forgot_and_register(void **state)
{
    (void)state;
    struct client *c = client_new(&server);
    struct response res;
    assert_int_equal(client_get(c, "/login", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "href=\"/password/forgot\"");
    assert_contains(res.body, "Wachtwoord vergeten?");
    assert_contains(res.body, "href=\"/register\"");
    assert_contains(res.body, "Account aanmaken met koppelcode");
    assert_contains(res.body, "verrijkt is de inschrijving");
    response_free(&res);
    assert_int_equal(client_get(c, "/password/forgot", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "action=\"/password/forgot\"");
    response_free(&res);
    client_free(c);
}

/* Known and unknown addresses get the same page; only the known one gets mail. */
static void forgot_answers_alike_and_mails_only_a_known_address(void **state)
{
    (void)state;
    make_account("forgot-known@test.nl", "parent");
    struct client *c = at_login_form();
    struct response known, unknown;
    char *body = form_body("email", "forgot-known@test.nl", NULL);
    post(c, "/password/forgot", body, false, &known);
    free(body);
    body = form_body("email", "nobody-here@test.nl", NULL);
    post(c, "/password/forgot", body, false, &unknown);
    free(body);
    assert_int_equal(known.status, 200);
    assert_int_equal(unknown.status, 200);
    assert_contains(known.body, "Als er een account is met het adres forgot-known@test.nl");
    assert_contains(unknown.body, "Als er een account is met het adres nobody-here@test.nl");
    assert_int_equal(known.len - strlen("forgot-known@test.nl"),
                     unknown.len - strlen("nobody-here@test.nl"));
    response_free(&known);
    response_free(&unknown);
    assert_int_equal(mails_to("forgot-known@test.nl"), 1);
    assert_int_equal(mails_to("nobody-here@test.nl"), 0);
    /* Only the token's hash is stored. */
    char token[65];
    mailed_token("forgot-known@test.nl", token);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM password_resets WHERE token_hash = '%s' OR"
             " hex(token_hash) = upper('%s')", token, token);
    assert_int_equal(count_of(sql), 0);
    assert_int_equal(count_of("SELECT count(*) FROM password_resets p JOIN users u ON"
                              " u.id = p.user_id WHERE u.email = 'forgot-known@test.nl'"),
                     1);
    client_free(c);
}

static void forgot_refuses_bad_input_and_no_csrf(void **state)
{
    (void)state;
    struct client *c = at_login_form();
    char too_long[300];
    memset(too_long, 'a', 280);
    strcpy(too_long + 280, "@test.nl");
    const char *const bad[] = {"", "geen-adres", "a@b", too_long};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *body = form_body("email", bad[i], NULL);
        json_t *doc = post_expect(c, "/password/forgot", body, 422);
        assert_refused_field(doc, "email");
        json_decref(doc);
        free(body);
    }
    char *body = form_body("email", "lead@test.nl", NULL);
    assert_int_equal(post_status(c, "/password/forgot", body, false, false), 403);
    free(body);
    client_free(c);
}

/* The mailed link: the form, a refused short password, then the new password: 303 to /login
   with the message, every login of the account ended, the old password gone, the link used. */
static void reset_link_sets_the_password_once(void **state)
{
    (void)state;
    make_account("resetter@test.nl", "coordinator");
    struct client *other_login = logged_in("resetter@test.nl");
    assert_int_equal(ask_link("resetter@test.nl"), 200);
    char token[65], page[128];
    mailed_token("resetter@test.nl", token);
    snprintf(page, sizeof page, "/password/reset/%s", token);
    struct client *c = at_login_form();
    struct response res;
    assert_int_equal(client_get(c, page, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "resetter@test.nl");
    response_free(&res);
    submit_form(c, page, page, &res, "new_password", "kort", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "id=\"e-new_password\"");
    assert_lacks(res.body, "value=\"kort\"");
    response_free(&res);
    char *body = form_body("new_password", NEW_PASSWORD, NULL);
    assert_int_equal(post_status(c, page, body, false, false), 403); /* without CSRF */
    free(body);
    submit_form(c, page, page, &res, "new_password", NEW_PASSWORD, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/login?reset=done");
    response_free(&res);
    assert_int_equal(client_get(c, "/login?reset=done", false, &res), 0);
    assert_contains(res.body, "Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord.");
    response_free(&res);
    assert_false(still_logged_in(other_login));
    struct client *again = client_new(&server);
    assert_int_not_equal(client_login(again, "resetter@test.nl", PASSWORD), 0);
    assert_int_equal(client_login(again, "resetter@test.nl", NEW_PASSWORD), 0);
    client_free(again);
    /* Used: a clear page that offers a new link, for the form and the post alike. */
    assert_int_equal(client_get(c, page, false, &res), 0);
    assert_int_equal(res.status, 410);
    assert_contains(res.body, "href=\"/password/forgot\"");
    response_free(&res);
    body = form_body("new_password", "nog-een-ander-wachtwoord", NULL);
    assert_int_equal(post_status(c, page, body, false, true), 410);
    free(body);
    client_free(c);
    client_free(other_login);
}

/* Issue 10 point 2: the lead invites a coordinator by e-mail, through the HTML form: an account
   without a password and a link valid for a week; the invited person chooses a password and
   logs in. Without an invitation a password is required; a wrong role, school or address is
   refused as before, and nothing is mailed then. */
static void lead_invites_by_email(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    char school[24];
    snprintf(school, sizeof school, "%lld", id_of("schools", "noord"));
    /* The form offers the invitation, ticked. */
    assert_int_equal(client_get(lead, "/accounts/new", false, &res), 0);
    assert_contains(res.body, "name=\"invite\" value=\"1\" aria-describedby=\"h-invite\" checked");
    response_free(&res);
    /* Neither an invitation nor a password: refused at the password, input kept. */
    submit_form(lead, "/accounts/new", "/accounts", &res, "email", "nieuw@test.nl", "name",
                "Nora Nieuw", "role", "coordinator", "school", school, "invite", "", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "kies voor een uitnodiging per e-mail");
    assert_contains(res.body, "value=\"nieuw@test.nl\"");
    response_free(&res);
    assert_int_equal(mails_to("nieuw@test.nl"), 0);
    /* Invited: 303 with a flash, one e-mail with a link, the account marked invited. */
    submit_form(lead, "/accounts/new", "/accounts", &res, "email", "nieuw@test.nl", "name",
                "Nora Nieuw", "role", "coordinator", "school", school, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(mails_to("nieuw@test.nl"), 1);
    assert_int_equal(count_of("SELECT count(*) FROM password_resets r JOIN users u"
                              " ON u.id = r.user_id WHERE u.email = 'nieuw@test.nl'"
                              " AND r.expires_at - r.created_at = 604800"),
                     1);
    assert_int_equal(client_get(lead, "/accounts", false, &res), 0);
    assert_contains(res.body, "uitgenodigd");
    response_free(&res);
    /* No password works before the link is used. */
    struct client *guess = client_new(&server);
    assert_int_not_equal(client_login(guess, "nieuw@test.nl", "!invited"), 0);
    client_free(guess);
    /* The link welcomes, sets the password once, and the login works. */
    char token[65], page[128];
    mailed_token("nieuw@test.nl", token);
    snprintf(page, sizeof page, "/password/reset/%s", token);
    struct client *c = at_login_form();
    assert_int_equal(client_get(c, page, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Welkom bij verrijkt");
    response_free(&res);
    submit_form(c, page, page, &res, "new_password", NEW_PASSWORD, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    client_free(c);
    struct client *nora = client_new(&server);
    assert_int_equal(client_login(nora, "nieuw@test.nl", NEW_PASSWORD), 0);
    client_free(nora);
    /* A taken address is refused with the invitation too, and nothing is mailed. */
    submit_form(lead, "/accounts/new", "/accounts", &res, "email", "nieuw@test.nl", "name",
                "Nog Een", "role", "coordinator", "school", school, NULL);
    assert_int_equal(res.status, 422);
    response_free(&res);
    assert_int_equal(mails_to("nieuw@test.nl"), 1);
    client_free(lead);
}

static void expired_unknown_and_malformed_links_do_not_work(void **state)
{
    (void)state;
    make_account("expired@test.nl", "parent");
    assert_int_equal(ask_link("expired@test.nl"), 200);
    char token[65], page[300];
    mailed_token("expired@test.nl", token);
    run_sql("UPDATE password_resets SET expires_at = strftime('%s', 'now') - 1 WHERE user_id ="
            " (SELECT id FROM users WHERE email = 'expired@test.nl');");
    struct client *c = at_login_form();
    snprintf(page, sizeof page, "/password/reset/%s", token);
    assert_int_equal(get_status(c, page, false), 410);
    char *body = form_body("new_password", NEW_PASSWORD, NULL);
    assert_int_equal(post_status(c, page, body, false, true), 410);
    assert_int_equal(get_status(c, "/password/reset/0123456789abcdef", false), 410);
    char long_token[200];
    memset(long_token, 'a', 150);
    long_token[150] = '\0';
    snprintf(page, sizeof page, "/password/reset/%s", long_token);
    assert_int_equal(get_status(c, page, false), 404);
    assert_int_equal(get_status(c, "/password/reset/a.b", false), 404);
    free(body);
    client_free(c);
    client_free(logged_in("expired@test.nl")); /* the password stayed */
}

/* Per e-mail: the fourth request within the hour is refused, for a known address and an unknown
   one alike, and sends nothing. Per network address: never more than the limit in an hour. */
static void forgot_is_throttled(void **state)
{
    (void)state;
    make_account("throttled@test.nl", "parent");
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ask_link("throttled@test.nl"), 200);
        assert_int_equal(ask_link("throttled-unknown@test.nl"), 200);
    }
    assert_int_equal(ask_link("throttled@test.nl"), 429);
    assert_int_equal(ask_link("throttled-unknown@test.nl"), 429);
    assert_int_equal(mails_to("throttled@test.nl"), 3);
    int refused = 0;
    for (int i = 0; i < 25; i++) {
        char email[64];
        snprintf(email, sizeof email, "many-%d@test.nl", i);
        refused += ask_link(email) == 429;
    }
    assert_true(refused > 0);
    assert_true(count_of("SELECT count(*) FROM password_reset_requests WHERE address ="
                         " '127.0.0.1' AND at >= strftime('%s', 'now') - 3600") <= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_role_sees_its_own_account),
        cmocka_unit_test(account_needs_a_login),
        cmocka_unit_test(wrong_current_password_is_422_at_the_field),
        cmocka_unit_test(bad_input_is_refused_and_changes_nothing),
        cmocka_unit_test(change_without_csrf_is_403),
        cmocka_unit_test(change_ends_the_other_logins_only),
        cmocka_unit_test(lead_own_password_on_accounts_ends_other_logins),
        cmocka_unit_test(login_page_offers_forgot_and_register),
        cmocka_unit_test(forgot_answers_alike_and_mails_only_a_known_address),
        cmocka_unit_test(forgot_refuses_bad_input_and_no_csrf),
        cmocka_unit_test(reset_link_sets_the_password_once),
        cmocka_unit_test(lead_invites_by_email),
        cmocka_unit_test(expired_unknown_and_malformed_links_do_not_work),
        cmocka_unit_test(forgot_is_throttled), /* last: it uses up this address's requests */
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
