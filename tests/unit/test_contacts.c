/* Tests of the families' contacts and consents (src/domain/people/contacts.h): each rule of a
 * contact and each bad input, the save replacing the contacts and keeping a consent's day
 * while it does not change, and the read. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "db/db.h"
#include "domain/people/contacts.h"
#include "testdb.h"

static const char seed_sql[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade) VALUES"
    " (1, 'p1', 1, '1', 'Sara', 'Bakker', 6),"
    " (2, 'anon-2', 1, 'anon-2', 'Verwijderde', 'leerling', 5);"
    "UPDATE pupils SET anonymised = 1 WHERE id = 2;";

static int setup(void **state) { return testdb_setup(state, "test_contacts", seed_sql); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

/* The key of the problem at field after checking one contact, or "" when none. */
static const char *check_one(struct contact_input c, const char *field)
{
    static char key[64];
    struct problems p = {0};
    contacts_check(&c, 1, &p);
    key[0] = '\0';
    for (size_t i = 0; i < problems_stored(&p); i++)
        if (!strcmp(p.item[i].field, field))
            snprintf(key, sizeof key, "%s", p.item[i].key);
    problems_clear(&p);
    return key;
}

static void each_rule_of_a_contact(void **state)
{
    (void)state;
    struct contact_input none = {"", "", "", "", false};
    struct problems p = {0};
    assert_int_equal(contacts_check(&none, 1, &p), 0); /* an empty row is no contact */
    assert_string_equal(check_one((struct contact_input){"", "moeder", "0612345678", "", 0},
                                  "name_1"),
                        "contacts.name_missing");
    assert_string_equal(check_one((struct contact_input){"Fatima", "", "", "", 0}, "phone_1"),
                        "contacts.reach_missing");
    assert_string_equal(check_one((struct contact_input){"Fatima", "", "bel me", "", 0},
                                  "phone_1"),
                        "contacts.phone_bad");
    assert_string_equal(check_one((struct contact_input){"Fatima", "", "12345", "", 0},
                                  "phone_1"),
                        "contacts.phone_bad");
    assert_string_equal(check_one((struct contact_input){"Fatima", "", "", "geen-adres", 0},
                                  "email_1"),
                        "contacts.email_bad");
    assert_string_equal(check_one((struct contact_input){"Fatima", "", "", "f@x.nl", true},
                                  "phone_1"),
                        "contacts.emergency_phone");
    assert_string_equal(check_one((struct contact_input){"Fa\ttima", "", "0612345678", "", 0},
                                  "name_1"),
                        "contacts.text_bad");
    assert_string_equal(check_one((struct contact_input){"Fatima", "moeder", "+31 (6) 1234-5678",
                                                         "f@x.nl", true},
                                  "phone_1"),
                        "");
}

static void saving_replaces_and_keeps_a_consents_day(void **state)
{
    struct db *db = db_of(state);
    struct contact_input in[2] = {{"Fatima", "moeder", "0612345678", "", true},
                                  {"Opa", "", "", "opa@x.nl", false}};
    struct consent_input consents = {.photos = false, .home_alone = true};
    struct problems p = {0};
    assert_int_equal(contacts_save(db, 0, 1, in, 2, &consents, "2026-09-01", &p), OUTCOME_OK);
    consents.photos = true; /* changes: today's day; home_alone stays from 1 September */
    assert_int_equal(contacts_save(db, 0, 1, in + 1, 1, &consents, "2026-10-01", &p), OUTCOME_OK);
    json_t *doc = NULL;
    assert_int_equal(read_pupil_contacts(db, 1, &doc), 0);
    json_t *contacts = json_object_get(doc, "contacts");
    assert_int_equal(json_array_size(contacts), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(contacts, 0), "name")),
                        "Opa");
    json_t *consent = json_object_get(doc, "consents");
    assert_string_equal(json_string_value(json_object_get(json_object_get(consent, "home_alone"),
                                                           "given_on")),
                        "2026-09-01");
    assert_string_equal(json_string_value(json_object_get(json_object_get(consent, "photos"),
                                                           "given_on")),
                        "2026-10-01");
    json_decref(doc);
    /* Refused input writes nothing; an anonymous pupil or none is not found. */
    struct contact_input bad = {"X", "", "nee", "", false};
    assert_int_equal(contacts_save(db, 0, 1, &bad, 1, &consents, "2026-10-02", &p),
                     OUTCOME_INVALID);
    problems_clear(&p);
    assert_int_equal(db_int(db, "SELECT count(*) FROM pupil_contacts", 0, 0, -1), 1);
    assert_int_equal(contacts_save(db, 0, 2, in, 1, &consents, "2026-10-02", &p),
                     OUTCOME_NOT_FOUND);
    assert_int_equal(contacts_save(db, 0, 99, in, 1, &consents, "2026-10-02", &p),
                     OUTCOME_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_rule_of_a_contact),
        cmocka_unit_test_setup_teardown(saving_replaces_and_keeps_a_consents_day, setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
