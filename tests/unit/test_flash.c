/* Tests of src/http/flash.c, the in-memory one-time messages of a login: a message is taken
 * once, by its own login only, with its warning mark; it expires; the store keeps at most
 * FLASH_MAX messages (the expired go first, then the oldest); a long message is cut at a
 * character. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/flash.h"

/* A key that differs per n, in its first bytes (the slot) and its last. */
static void key_of(unsigned n, unsigned char key[32])
{
    memset(key, 0, 32);
    memcpy(key, &n, sizeof n);
    key[31] = (unsigned char)(n * 7 + 1);
}

static void drain(void)
{
    char text[8];
    bool warning;
    for (unsigned n = 0; n < FLASH_MAX * 3; n++) {
        unsigned char key[32];
        key_of(n, key);
        flash_take(key, text, sizeof text, &warning, 0);
    }
    assert_int_equal(flash_count(), 0);
}

static void a_message_is_taken_once_by_its_own_login(void **state)
{
    (void)state;
    unsigned char mine[32], other[32];
    key_of(1, mine);
    key_of(2, other);
    char text[FLASH_TEXT_MAX + 1];
    bool warning = true;
    assert_false(flash_take(mine, text, sizeof text, &warning, 100));
    assert_string_equal(text, "");
    flash_put(mine, "Sara is ingeschreven voor Judo.", false, 100);
    assert_false(flash_take(other, text, sizeof text, &warning, 101));
    assert_true(flash_take(mine, text, sizeof text, &warning, 101));
    assert_string_equal(text, "Sara is ingeschreven voor Judo.");
    assert_false(warning);
    assert_false(flash_take(mine, text, sizeof text, &warning, 102));
    assert_int_equal(flash_count(), 0);
}

static void a_warning_keeps_its_mark_and_a_later_message_replaces(void **state)
{
    (void)state;
    unsigned char key[32];
    key_of(3, key);
    char text[64];
    bool warning = false;
    flash_put(key, "eerst", false, 10);
    flash_put(key, "Vol: de wachtlijst", true, 11);
    assert_int_equal(flash_count(), 1);
    assert_true(flash_take(key, text, sizeof text, &warning, 12));
    assert_string_equal(text, "Vol: de wachtlijst");
    assert_true(warning);
}

static void an_old_message_expires_and_a_dropped_one_is_gone(void **state)
{
    (void)state;
    unsigned char key[32];
    key_of(4, key);
    char text[64];
    bool warning;
    flash_put(key, "te laat", false, 1000);
    assert_false(flash_take(key, text, sizeof text, &warning, 1000 + FLASH_SECONDS));
    assert_int_equal(flash_count(), 0);
    flash_put(key, "uitgelogd", false, 1000);
    flash_drop(key);
    assert_false(flash_take(key, text, sizeof text, &warning, 1001));
    assert_int_equal(flash_count(), 0);
}

static void the_store_is_bounded_and_drops_the_expired_then_the_oldest(void **state)
{
    (void)state;
    unsigned char key[32];
    char text[64];
    bool warning;
    /* Full of old messages: the next one drops every expired one. */
    for (unsigned n = 0; n < FLASH_MAX; n++) {
        key_of(n, key);
        flash_put(key, "oud", false, 0);
    }
    assert_int_equal(flash_count(), FLASH_MAX);
    key_of(FLASH_MAX, key);
    flash_put(key, "nieuw", false, FLASH_SECONDS);
    assert_int_equal(flash_count(), 1);
    drain();
    /* Full of fresh messages: the next one drops the oldest only (key 0, a second older). */
    for (unsigned n = 0; n < FLASH_MAX; n++) {
        key_of(n, key);
        flash_put(key, "vers", false, n ? 1001 : 1000);
    }
    key_of(FLASH_MAX, key);
    flash_put(key, "nog een", false, 1001);
    assert_int_equal(flash_count(), FLASH_MAX);
    key_of(0, key);
    assert_false(flash_take(key, text, sizeof text, &warning, 1001));
    key_of(1, key);
    assert_true(flash_take(key, text, sizeof text, &warning, 1001));
    key_of(FLASH_MAX, key);
    assert_true(flash_take(key, text, sizeof text, &warning, 1001));
    assert_string_equal(text, "nog een");
    drain();
}

static void a_long_message_is_cut_at_a_character(void **state)
{
    (void)state;
    char message[FLASH_TEXT_MAX + 40];
    memset(message, 'a', sizeof message - 1);
    message[sizeof message - 1] = '\0';
    memcpy(message + FLASH_TEXT_MAX - 1, "\xc3\xa9", 2); /* é across the limit */
    unsigned char key[32];
    key_of(5, key);
    flash_put(key, message, false, 1);
    char text[FLASH_TEXT_MAX + 1];
    bool warning;
    assert_true(flash_take(key, text, sizeof text, &warning, 2));
    assert_int_equal(strlen(text), FLASH_TEXT_MAX - 1);
    assert_int_equal(text[FLASH_TEXT_MAX - 2], 'a');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_message_is_taken_once_by_its_own_login),
        cmocka_unit_test(a_warning_keeps_its_mark_and_a_later_message_replaces),
        cmocka_unit_test(an_old_message_expires_and_a_dropped_one_is_gone),
        cmocka_unit_test(the_store_is_bounded_and_drops_the_expired_then_the_oldest),
        cmocka_unit_test(a_long_message_is_cut_at_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
