/* Tests of src/domain/people/hash_slots.c, the cap on Argon2 hashes running at once: slots are
 * taken up to the limit and refused after the wait, a waiter gets a slot given back, the
 * process's password slots are one per core, hashing and checking answer PASSWORD_BUSY when no
 * slot comes free, and a registration that is refused (wrong, used or malformed code, the
 * throttle, a taken e-mail address) is refused without a hash, even while every slot is taken;
 * a login and a change of password are busy then too. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/enrolment/parents.h"
#include "domain/people/accounts.h"
#include "domain/people/hash_slots.h"
#include "domain/people/password_reset.h"
#include "domain/people/users.h"
#include "testdb.h"

static void slots_are_refused_beyond_the_limit(void **state)
{
    (void)state;
    struct slots s;
    assert_int_equal(slots_init(&s, 2), 0);
    assert_int_equal(slots_take(&s, 0), 0);
    assert_int_equal(slots_take(&s, 0), 0);
    assert_int_equal(slots_take(&s, 0), -1);
    assert_int_equal(slots_take(&s, 30), -1);
    slots_give(&s);
    assert_int_equal(slots_take(&s, 0), 0);
    slots_give(&s);
    slots_give(&s);
    slots_destroy(&s);
    assert_int_equal(slots_init(&s, 0), -1);
}

struct waiter {
    struct slots *slots;
    int rc;
};

static void *take_waiting(void *arg)
{
    struct waiter *w = arg;
    w->rc = slots_take(w->slots, 30 * 1000);
    return NULL;
}

static void a_waiter_gets_the_slot_given_back(void **state)
{
    (void)state;
    struct slots s;
    assert_int_equal(slots_init(&s, 1), 0);
    assert_int_equal(slots_take(&s, 0), 0);
    struct waiter w = {&s, -5};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, take_waiting, &w), 0);
    usleep(20 * 1000);
    slots_give(&s);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(w.rc, 0);
    assert_int_equal(slots_take(&s, 0), -1); /* the waiter holds it */
    slots_give(&s);
    slots_destroy(&s);
}

/* Take every password slot; the count taken. */
static int take_every_password_slot(void)
{
    int taken = 0;
    while (slots_take(password_slots(), 0) == 0)
        taken++;
    return taken;
}

static void give_password_slots(int n)
{
    for (int i = 0; i < n; i++)
        slots_give(password_slots());
}

static void one_password_slot_per_core(void **state)
{
    (void)state;
    int taken = take_every_password_slot();
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    assert_int_equal(taken, cores < 1 ? 1 : cores);
    give_password_slots(taken);
}

static void hashing_without_a_free_slot_is_busy(void **state)
{
    (void)state;
    char hash[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash("wachtwoord-123", hash, sizeof hash), 0);
    int taken = take_every_password_slot();
    char other[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash("wachtwoord-123", other, sizeof other), PASSWORD_BUSY);
    assert_int_equal(password_check(hash, "wachtwoord-123"), PASSWORD_BUSY);
    give_password_slots(taken);
    assert_int_equal(password_check(hash, "wachtwoord-123"), 1);
    assert_int_equal(password_check(hash, "wachtwoord-124"), 0);
}

/* ---- /register checks before it hashes --------------------------------------------------------- */

static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, link_code,"
    " link_code_used_at) VALUES (1, 'p-1', 1, '1', 'Sara', 'Bakker', 6, 'K7Q2-9XPA', NULL),"
    " (2, 'p-2', 1, '2', 'Daan', 'de Jong', 5, 'M3R4-TWXY', '2026-01-01T10:00:00');"
    "INSERT INTO users (id, email, name, role, password_hash) VALUES"
    " (20, 'bestaat@test.nl', 'Ouder', 'parent', '-');";

static int setup(void **state)
{
    return testdb_setup(state, "hash_slots", seed_sql);
}

static struct db *db_of(void **state)
{
    return ((struct testdb *)*state)->db;
}

static enum parent_result signup(struct db *db, const char *email, const char *code,
                                 const char *address)
{
    struct parent_signup in = {.email = email, .name = "Ouder", .password = "wachtwoord-123",
                               .code = code, .address = address, .lang = ""};
    struct link_limits limits = {3, 60};
    int64_t user_id = -1, pupil_id = -1;
    enum parent_result rc = parent_register(db, &in, &limits, &user_id, &pupil_id);
    if (rc != PARENT_OK) {
        assert_int_equal(user_id, 0);
        assert_int_equal(pupil_id, 0);
    }
    return rc;
}

static int64_t count(struct db *db, const char *sql)
{
    return db_int(db, sql, 0, 0, -1);
}

static void a_refused_registration_costs_no_hash(void **state)
{
    struct db *db = db_of(state);
    int taken = take_every_password_slot();
    /* Each refusal comes back at once, not as PASSWORD_BUSY after the wait: no hash asked. */
    assert_int_equal(signup(db, "a@test.nl", "XXXX", "10.0.0.1"), PARENT_CODE_MALFORMED);
    assert_int_equal(signup(db, "a@test.nl", "M3R4-TWXY", "10.0.0.1"), PARENT_CODE_USED);
    assert_int_equal(signup(db, "bestaat@test.nl", "K7Q2-9XPA", "10.0.0.1"),
                     PARENT_EMAIL_TAKEN);
    for (int i = 0; i < 12; i++)
        assert_int_equal(signup(db, "a@test.nl", "AAAA-AAAA", "10.0.0.2"), PARENT_CODE_WRONG);
    assert_int_equal(signup(db, "a@test.nl", "K7Q2-9XPA", "10.0.0.2"), PARENT_THROTTLED);
    /* A registration that would succeed needs the hash: busy, and nothing written. */
    assert_int_equal(signup(db, "a@test.nl", "K7Q2-9XPA", "10.0.0.1"), PARENT_BUSY);
    assert_int_equal(count(db, "SELECT count(*) FROM users"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM parent_children"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE link_code_used_at IS NULL"), 1);
    /* A login and a change of password wait for a slot too: busy, and no failure counted. */
    const struct login_try attempt = {"bestaat@test.nl", "wachtwoord-123", "10.0.0.3"};
    const struct login_limits limits = {5, 15};
    int64_t user_id;
    int retry_after;
    assert_int_equal(account_login(db, &attempt, &limits, &user_id, &retry_after), LOGIN_BUSY);
    assert_int_equal(count(db, "SELECT count(*) FROM login_failures"), 0);
    assert_int_equal(account_change_password(db, 20, "wachtwoord-123", "wachtwoord-456", NULL),
                     ACCOUNT_BUSY);
    /* A new account with a password and a reset link's new password: busy too, nothing
       written; an invited account needs no hash and is made. */
    struct user_input in = {.email = "nieuw@test.nl", .name = "Nieuw", .role = "lead",
                            .password = "wachtwoord-789"};
    int64_t new_id = 0;
    assert_int_equal(user_create(db, 0, &in, &new_id), USER_BUSY);
    assert_int_equal(password_reset_use(db, "onbekend", "wachtwoord-789", 0), RESET_BUSY);
    assert_int_equal(count(db, "SELECT count(*) FROM users WHERE email = 'nieuw@test.nl'"), 0);
    in.invite = true;
    in.password = "";
    assert_int_equal(user_create(db, 0, &in, &new_id), USER_OK);
    give_password_slots(taken);
    assert_int_equal(signup(db, "a@test.nl", "K7Q2-9XPA", "10.0.0.1"), PARENT_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM parent_children"), 1);
    char hash[crypto_pwhash_STRBYTES] = "";
    sqlite3_stmt *st = db_stmt(db, "SELECT password_hash FROM users WHERE email = 'a@test.nl'");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    assert_true(password_verify(hash, "wachtwoord-123"));
}

int main(void)
{
    password_set_wait_ms(50); /* the busy answers come after this wait: keep it short */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slots_are_refused_beyond_the_limit),
        cmocka_unit_test(a_waiter_gets_the_slot_given_back),
        cmocka_unit_test(one_password_slot_per_core),
        cmocka_unit_test(hashing_without_a_free_slot_is_busy),
        cmocka_unit_test_setup_teardown(a_refused_registration_costs_no_hash, setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
