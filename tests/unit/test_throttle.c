/* Tests of the login throttle (domain/people/throttle.c, issue 12): the pair (account,
 * address) waits after max_failures tries, the address after four times as many over any
 * accounts, the account only after ten times as many and then with growing delays that other
 * addresses wait out too; a refused try writes nothing; Retry-After is the time until the
 * oldest counting failure leaves the window; a right password forgets the pair's failures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "db/db.h"
#include "domain/people/throttle.h"
#include "testdb.h"

enum { NOW = 1700000000, WINDOW = 15 * 60 };

static const struct login_limits limits = {.max_failures = 5, .window_minutes = 15};

static int db_setup(void **state) { return testdb_setup(state, "test_throttle", NULL); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

static int64_t rows(struct db *db) { return db_scalar_int(db, "SELECT count(*) FROM login_failures", -1); }

/* One try of email from address at now: 0 counted, 1 refused (wait into *wait), -1 error. */
static int try_at(struct db *db, const char *email, const char *address, long long now, int *wait)
{
    int64_t id;
    int ignored;
    return login_attempt_begin(db, email, address, &limits, now, &id, wait ? wait : &ignored);
}

static void account_delay_grows_and_is_capped(void **state)
{
    (void)state;
    assert_int_equal(login_account_delay(0, 5), 0);
    assert_int_equal(login_account_delay(49, 5), 0);
    assert_int_equal(login_account_delay(50, 5), 2);
    assert_int_equal(login_account_delay(51, 5), 4);
    assert_int_equal(login_account_delay(52, 5), 8);
    assert_int_equal(login_account_delay(57, 5), 256);
    assert_int_equal(login_account_delay(58, 5), LOGIN_ACCOUNT_DELAY_MAX);
    assert_int_equal(login_account_delay(1000000, 5), LOGIN_ACCOUNT_DELAY_MAX);
    assert_int_equal(login_account_delay(9, 1), 0);
    assert_int_equal(login_account_delay(10, 1), 2);
}

static void pair_waits_other_address_does_not(void **state)
{
    struct db *db = db_of(state);
    for (int i = 0; i < 5; i++)
        assert_int_equal(try_at(db, "ouder@test.nl", "203.0.113.7", NOW + i * 60, NULL), 0);
    int wait = 0;
    assert_int_equal(try_at(db, "ouder@test.nl", "203.0.113.7", NOW + 300, &wait), 1);
    /* The oldest of the five (at NOW) leaves the window after NOW + WINDOW. */
    assert_int_equal(wait, WINDOW - 300 + 1);
    assert_int_equal(rows(db), 5); /* the refused try wrote nothing */
    /* Other capitals are the same account. */
    assert_int_equal(try_at(db, "OUDER@test.nl", "203.0.113.7", NOW + 300, NULL), 1);
    /* The owner elsewhere is not throttled. */
    assert_int_equal(try_at(db, "ouder@test.nl", "198.51.100.4", NOW + 300, NULL), 0);
    /* Once the oldest has left the window, the pair may try again. */
    assert_int_equal(try_at(db, "ouder@test.nl", "203.0.113.7", NOW + WINDOW, NULL), 1);
    assert_int_equal(try_at(db, "ouder@test.nl", "203.0.113.7", NOW + WINDOW + 1, NULL), 0);
}

static void address_waits_over_all_accounts(void **state)
{
    struct db *db = db_of(state);
    for (int i = 0; i < LOGIN_ADDRESS_FACTOR * limits.max_failures; i++) {
        char email[32];
        snprintf(email, sizeof email, "niemand%02d@test.nl", i);
        assert_int_equal(try_at(db, email, "192.0.2.50", NOW, NULL), 0);
    }
    int wait = 0;
    assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.50", NOW + 10, &wait), 1);
    assert_int_equal(wait, WINDOW - 10 + 1);
    assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.51", NOW + 10, NULL), 0);
}

static void account_slows_down_but_is_never_locked(void **state)
{
    struct db *db = db_of(state);
    int free_tries = LOGIN_ACCOUNT_FACTOR * limits.max_failures;
    for (int i = 0; i < free_tries; i++) {
        char address[32];
        snprintf(address, sizeof address, "10.0.%d.%d", i / 200, i % 200 + 1);
        assert_int_equal(try_at(db, "lead@test.nl", address, NOW, NULL), 0);
    }
    /* From a new address: wait 2 s after the last failure, then 4 s after the next. */
    int wait = 0;
    assert_int_equal(try_at(db, "lead@test.nl", "198.51.100.4", NOW + 1, &wait), 1);
    assert_int_equal(wait, 1);
    assert_int_equal(try_at(db, "lead@test.nl", "198.51.100.4", NOW + 2, NULL), 0);
    assert_int_equal(try_at(db, "lead@test.nl", "198.51.100.4", NOW + 5, &wait), 1);
    assert_int_equal(wait, 1);
    assert_int_equal(try_at(db, "lead@test.nl", "198.51.100.4", NOW + 6, NULL), 0);
    /* Another account is not slowed down. */
    assert_int_equal(try_at(db, "anna@test.nl", "198.51.100.4", NOW + 6, NULL), 0);
}

static void success_forgets_the_pair(void **state)
{
    struct db *db = db_of(state);
    for (int i = 0; i < 4; i++)
        assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.9", NOW, NULL), 0);
    assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.10", NOW, NULL), 0);
    int64_t id;
    int wait;
    assert_int_equal(
        login_attempt_begin(db, "anna@test.nl", "192.0.2.9", &limits, NOW, &id, &wait), 0);
    assert_true(id > 0);
    assert_int_equal(login_attempt_succeeded(db, "anna@test.nl", "192.0.2.9", id), 0);
    /* The other address's failure stays. */
    assert_int_equal(rows(db), 1);
    assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.9", NOW, NULL), 0);
}

static void old_failures_are_pruned(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.9", NOW, NULL), 0);
    assert_int_equal(try_at(db, "anna@test.nl", "192.0.2.9", NOW + 24 * 3600 + 1, NULL), 0);
    assert_int_equal(rows(db), 1);
}

int main(void)
{
#define TEST(f) cmocka_unit_test_setup_teardown(f, db_setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(account_delay_grows_and_is_capped),
        TEST(pair_waits_other_address_does_not),
        TEST(address_waits_over_all_accounts),
        TEST(account_slows_down_but_is_never_locked),
        TEST(success_forgets_the_pair),
        TEST(old_failures_are_pruned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
