/* Tests of src/util/utf8.c's utf8_copy: a text that fits is copied whole; one that does not is
 * cut between two characters, never inside one, so that valid UTF-8 stays valid; a size of 0
 * writes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_text_that_fits_is_copied_whole),
        cmocka_unit_test(a_long_text_is_cut_between_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
