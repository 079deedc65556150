/* Tests of src/util/utf8.c: utf8_copy copies a text that fits whole and cuts one that does not
 * between two characters, never inside one, so that valid UTF-8 stays valid; a size of 0 writes
 * nothing. utf8_valid finds a bad byte wherever it stands, also after a long run of ASCII (which
 * it reads eight bytes at a time). json_utf8 and json_utf8n answer as jansson's json_string and
 * json_stringn do. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/json_utf8.h"
#include "util/utf8.h"

static void a_text_that_fits_is_copied_whole(void **state)
{
    (void)state;
    char to[8];
    assert_int_equal(utf8_copy(to, sizeof to, "Dans"), 4);
    assert_string_equal(to, "Dans");
    assert_int_equal(utf8_copy(to, sizeof to, "één"), 5); /* 5 bytes and the NUL: fits */
    assert_string_equal(to, "één");
    assert_int_equal(utf8_copy(to, sizeof to, ""), 0);
    assert_string_equal(to, "");
}

static void a_long_text_is_cut_between_characters(void **state)
{
    (void)state;
    const char *texts[] = {"Judo en karate", "ééééé", "a€€€", "ab𝄞𝄞", "€€€€€€"};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        for (size_t size = 1; size <= strlen(texts[t]) + 1; size++) {
            char to[32];
            memset(to, 'x', sizeof to);
            size_t n = utf8_copy(to, size, texts[t]);
            assert_true(n < size);
            assert_int_equal(to[n], '\0');
            assert_memory_equal(to, texts[t], n);
            assert_true(utf8_valid(to, n));
            if (texts[t][n] == '\0')
                continue; /* copied whole */
            /* nothing more would fit: the next character ends past the room left */
            size_t next = n + 1;
            while (((unsigned char)texts[t][next] & 0xC0) == 0x80)
                next++;
            assert_true(next > size - 1);
        }
    char none[1] = {'x'};
    assert_int_equal(utf8_copy(none, 0, "abc"), 0);
    assert_int_equal(none[0], 'x');
}

/* Each bad sequence at every offset from 0 to 40 in ASCII text, and with ASCII after it: always
   refused; the same text with a good character in its place: accepted. */
static void a_bad_byte_is_found_after_any_run_of_ascii(void **state)
{
    (void)state;
    const char *bad[] = {"\x80",         "\xC0\xAF",     "\xC3",
                         "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                         "\xF5",         "\xFF",         "\xE2\x82"};
    const char *good[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9D\x84\x9E", "~"};
    for (size_t at = 0; at <= 40; at++)
        for (size_t tail = 0; tail <= 9; tail += 9) {
            char text[64];
            for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
                memset(text, 'a', sizeof text);
                memcpy(text + at, bad[b], strlen(bad[b]));
                size_t n = at + strlen(bad[b]) + tail;
                if (!utf8_valid(text, n))
                    continue;
                fail_msg("bad sequence %zu at %zu (tail %zu) accepted", b, at, tail);
            }
            for (size_t g = 0; g < sizeof good / sizeof *good; g++) {
                memset(text, 'a', sizeof text);
                memcpy(text + at, good[g], strlen(good[g]));
                assert_true(utf8_valid(text, at + strlen(good[g]) + tail));
            }
        }
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid("a\0b", 3)); /* a NUL is ASCII; callers that refuse it check it */
}

/* The same strings, and the same refusals, as jansson's own constructors. */
static void json_utf8_answers_as_json_string(void **state)
{
    (void)state;
    const char *texts[] = {"", "Judo", "één € 𝄞", "caf\xE9", "\xC0\xAF", "ok\xED\xA0\x80"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        json_t *ours = json_utf8(texts[i]), *theirs = json_string(texts[i]);
        assert_int_equal(ours == NULL, theirs == NULL);
        if (ours)
            assert_true(json_equal(ours, theirs));
        json_decref(ours);
        json_decref(theirs);
    }
    assert_null(json_utf8(NULL));
    json_t *with_nul = json_utf8n("a\0b", 3);
    assert_int_equal(json_string_length(with_nul), 3);
    assert_memory_equal(json_string_value(with_nul), "a\0b", 3);
    json_decref(with_nul);
    assert_null(json_utf8n("\xFF", 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_text_that_fits_is_copied_whole),
        cmocka_unit_test(a_long_text_is_cut_between_characters),
        cmocka_unit_test(a_bad_byte_is_found_after_any_run_of_ascii),
        cmocka_unit_test(json_utf8_answers_as_json_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
