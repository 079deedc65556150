/* Tests of src/util/arena.c: memory is zeroed and aligned, copies are whole, and arena_printf
 * gives every text whole, whether it fits the first formatting (under 256 bytes) or not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/arena.h"

static void memory_is_zeroed_aligned_and_copies_are_whole(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    for (size_t size = 1; size < 100000; size = size * 3 + 1) {
        unsigned char *p = arena_alloc(&a, size);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    assert_string_equal(arena_strdup(&a, "één"), "één");
    assert_string_equal(arena_strndup(&a, "dinsdag", 3), "din");
    arena_free(&a);
}

static void printf_gives_short_and_long_texts_whole(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    assert_string_equal(arena_printf(&a, "%s %d–%d", "groep", 5, 8), "groep 5–8");
    assert_string_equal(arena_printf(&a, "%s", ""), "");
    char long_text[1200];
    for (size_t n = 250; n < sizeof long_text; n += 3) { /* around and past 256 bytes */
        memset(long_text, 'x', n);
        long_text[n] = '\0';
        char *got = arena_printf(&a, "<%s>", long_text);
        assert_int_equal(strlen(got), n + 2);
        assert_int_equal(got[0], '<');
        assert_int_equal(got[n + 1], '>');
        assert_int_equal(got[n], 'x');
    }
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memory_is_zeroed_aligned_and_copies_are_whole),
        cmocka_unit_test(printf_gives_short_and_long_texts_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
