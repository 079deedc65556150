/* HTTP tests of a parent filling in the contacts and consents of their own child
 * (/parent/children/{id}/contacts, pages/parent/parent_contacts.c) against the real daemon
 * with the fixture: the own child through the page's own form (saved, audited as the parent),
 * another child 404, other roles 403, no CSRF 403, bad input back with its messages and the
 * input kept, and the page and its messages in English. */
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

/* The page of the pupil with key (the parent's own child is n-1). Static. */
static const char *page_of(const char *key)
{
    static char path[80];
    snprintf(path, sizeof path, "/parent/children/%lld/contacts", id_of("pupils", key));
    return path;
}

static long long contacts_of(const char *key)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pupil_contacts WHERE pupil_id = %lld", id_of("pupils", key));
    return count_of(sql);
}

static void the_own_child_through_the_form(void **state)
{
    (void)state;
    struct client *parent = logged_in("ouder@test.nl");
    char page[80], child[80];
    snprintf(page, sizeof page, "%s", page_of("n-1"));
    snprintf(child, sizeof child, "/parent/children/%lld", id_of("pupils", "n-1"));
    /* The child's page links to it. */
    struct response res;
    assert_int_equal(client_get(parent, child, false, &res), 0);
    assert_contains(res.body, page);
    response_free(&res);
    submit_form(parent, page, page, &res, "name_1", "Olga Ouder", "relation_1", "moeder",
                "phone_1", "06 1234 5678", "emergency_1", "1", "email_2", "opa@example.nl",
                "name_2", "Opa Bakker", "photos", "1", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, child);
    response_free(&res);
    assert_int_equal(contacts_of("n-1"), 2);
    assert_int_equal(count_of("SELECT count(*) FROM pupil_consents WHERE kind = 'photos'"
                              " AND given = 1"),
                     1);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'pupil_contacts'"
                              " AND user_id = (SELECT id FROM users WHERE email = 'ouder@test.nl')"),
                     1);
    /* The page shows what is stored; the flash on the child's page. */
    assert_int_equal(client_get(parent, page, false, &res), 0);
    assert_contains(res.body, "value=\"Olga Ouder\"");
    assert_contains(res.body, "value=\"opa@example.nl\"");
    response_free(&res);
    client_free(parent);
}

static void another_child_or_role_is_refused(void **state)
{
    (void)state;
    long long before = contacts_of("n-2");
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, page_of("n-2"), false), 404);
    assert_int_equal(get_status(parent, page_of("z-1"), true), 404);
    assert_int_equal(get_status(parent, "/parent/children/999999/contacts", false), 404);
    assert_int_equal(post_status(parent, page_of("n-2"), "name_1=X&phone_1=0612345678", false,
                                 true),
                     404);
    /* The own child without the CSRF token: 403, nothing written. */
    long long own = contacts_of("n-1");
    assert_int_equal(post_status(parent, page_of("n-1"), "name_1=X&phone_1=0612345678", false,
                                 false),
                     403);
    assert_int_equal(contacts_of("n-1"), own);
    client_free(parent);
    static const char *const others[] = {"noord@test.nl", "lead@test.nl", "anna@test.nl"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        struct client *c = logged_in(others[i]);
        assert_int_equal(get_status(c, page_of("n-1"), false), 403);
        client_free(c);
    }
    assert_int_equal(contacts_of("n-2"), before);
}

static void bad_input_is_kept_with_its_messages(void **state)
{
    (void)state;
    long long before = contacts_of("n-1");
    struct client *parent = logged_in("ouder@test.nl");
    const char *page = page_of("n-1");
    struct response res;
    submit_form(parent, page, page, &res, "name_1", "Olga <b>", "phone_1", "bel me",
                "name_2", "", "email_2", "geen-adres", "emergency_3", "1", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vul een telefoonnummer in van 6 tot 20 tekens");
    assert_contains(res.body, "Vul een geldig e-mailadres in");
    assert_contains(res.body, "value=\"Olga &lt;b&gt;\"");
    assert_contains(res.body, "value=\"bel me\"");
    assert_contains(res.body, "Telefoon (contactpersoon 1)"); /* the error summary */
    response_free(&res);
    /* Too long for the form itself. */
    char long_name[160];
    memset(long_name, 'a', 150);
    long_name[150] = '\0';
    submit_form(parent, page, page, &res, "name_1", long_name, "phone_1", "0612345678", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "hoogstens 100");
    response_free(&res);
    client_free(parent);
    assert_int_equal(contacts_of("n-1"), before);
}

static void in_english(void **state)
{
    (void)state;
    struct client *parent = logged_in("ouder@test.nl");
    client_set_header(parent, "Accept-Language: en");
    const char *page = page_of("n-1");
    struct response res;
    assert_int_equal(client_get(parent, page, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Contacts and consent");
    assert_contains(res.body, "May go home alone after the activity");
    response_free(&res);
    submit_form(parent, page, page, &res, "name_1", "Olga", "phone_1", "call me", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Fill in a phone number of 6 to 20 characters");
    assert_contains(res.body, "Phone (contact 1)");
    assert_lacks(res.body, "Vul een");
    response_free(&res);
    submit_form(parent, page, page, &res, "name_1", "Olga", "phone_1", "0612345678",
                "home_alone", "1", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupil_consents WHERE kind = 'home_alone'"
                              " AND given = 1"),
                     1);
    client_free(parent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_own_child_through_the_form),
        cmocka_unit_test(another_child_or_role_is_refused),
        cmocka_unit_test(bad_input_is_kept_with_its_messages),
        cmocka_unit_test(in_english),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
