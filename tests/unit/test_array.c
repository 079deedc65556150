/* Tests of src/util/array.c: room is made by doubling, the items are kept, and nothing moves
 * while there is room. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "util/array.h"

static void grows_and_keeps_the_items(void **state)
{
    (void)state;
    int *items = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(ARRAY_RESERVE(items, cap, n), 0);
        items[n++] = i;
    }
    assert_int_equal(cap, 1024); /* 64, doubled four times */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i], i);
    free(items);
}

/* Past the size that asks for huge pages (array.c: 8 MB) the items are kept as before. */
static void a_large_array_keeps_its_items(void **state)
{
    (void)state;
    int64_t *items = NULL;
    size_t n = 0, cap = 0;
    const size_t count = 3 << 20; /* 24 MB of items */
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(ARRAY_RESERVE(items, cap, n), 0);
        items[n++] = (int64_t)i * 7;
    }
    for (size_t i = 0; i < count; i++)
        if (items[i] != (int64_t)i * 7)
            fail_msg("item %zu changed", i);
    free(items);
}

static void room_left_changes_nothing(void **state)
{
    (void)state;
    int *items = NULL;
    size_t cap = 0;
    assert_int_equal(ARRAY_RESERVE(items, cap, 0), 0);
    int *first = items;
    assert_int_equal(ARRAY_RESERVE(items, cap, 63), 0);
    assert_ptr_equal(items, first);
    assert_int_equal(cap, 64);
    free(items);
}

static void a_size_that_cannot_be_had_is_refused(void **state)
{
    (void)state;
    void *items = NULL;
    size_t cap = 0;
    assert_int_equal(array_reserve(&items, &cap, 0, SIZE_MAX / 2), -1);
    assert_null(items);
    assert_int_equal(cap, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grows_and_keeps_the_items),
        cmocka_unit_test(a_large_array_keeps_its_items),
        cmocka_unit_test(room_left_changes_nothing),
        cmocka_unit_test(a_size_that_cannot_be_had_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
