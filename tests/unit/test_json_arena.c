/* Tests of src/util/json_arena.c: JSON values made between begin and end come from the
 * thread's arena and cost nothing to free; values made outside, large ones, and those of
 * another thread are malloc's; the arena's memory is used again by the next request; and
 * json_text gives a text for free(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_arena.h"

static int install(void **state)
{
    (void)state;
    json_arena_install();
    return 0;
}

/* A model as a page builds it: objects, arrays, strings, numbers, a copy and a dump. */
static json_t *a_model(int rows)
{
    json_t *list = json_array();
    for (int i = 0; i < rows; i++)
        json_array_append_new(list,
                              json_pack("{s:i, s:s, s:b, s:f}", "id", i, "title",
                                        "Judo voor groep 5 en 6", "full", i % 2, "share", i / 3.0));
    json_t *model = json_pack("{s:s, s:o}", "title", "Kind", "rows", list);
    json_object_set_new(model, "copy", json_deep_copy(list));
    return model;
}

static void a_request_s_values_are_freed_with_it(void **state)
{
    (void)state;
    for (int request = 0; request < 50; request++) {
        json_arena_begin();
        json_t *model = a_model(200 + request * 40);
        assert_int_equal(json_array_size(json_object_get(model, "rows")), 200 + request * 40);
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(model, "copy"), 7), "title")),
                            "Judo voor groep 5 en 6");
        json_decref(model);
        json_arena_end();
    }
}

/* A value made before begin lives on through the request and is freed after it. */
static void a_value_from_outside_lives_on(void **state)
{
    (void)state;
    json_t *kept = json_pack("{s:s}", "t", "blijft");
    json_arena_begin();
    json_t *model = json_pack("{s:O}", "t", kept);
    json_decref(model);
    json_arena_end();
    assert_string_equal(json_string_value(json_object_get(kept, "t")), "blijft");
    json_arena_begin();
    json_decref(a_model(10));
    json_arena_end();
    assert_string_equal(json_string_value(json_object_get(kept, "t")), "blijft");
    json_decref(kept);
}

/* A string larger than a block's share, and texts for free(). */
static void large_values_and_texts(void **state)
{
    (void)state;
    size_t n = 300 * 1024;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    json_arena_begin();
    json_t *model = json_pack("{s:s, s:o}", "big", big, "rows", json_array());
    char *text = json_text(model, JSON_COMPACT);
    assert_non_null(text);
    assert_int_equal(strlen(text), n + strlen("{\"big\":\"\",\"rows\":[]}"));
    json_decref(model);
    json_arena_end();
    free(text); /* after the request: malloc's */
    free(big);
    assert_null(json_text(NULL, 0));
}

/* Another thread, with no request of its own, makes its values with malloc; this thread
   frees them in its request. */
static void *make_on_the_side(void *out)
{
    *(json_t **)out = a_model(30);
    return NULL;
}

static void a_value_of_another_thread(void **state)
{
    (void)state;
    json_arena_begin();
    json_t *side = NULL;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, make_on_the_side, &side), 0);
    pthread_join(t, NULL);
    json_t *model = json_pack("{s:o, s:o}", "side", side, "own", a_model(30));
    assert_int_equal(json_array_size(json_object_get(json_object_get(model, "side"), "rows")), 30);
    json_decref(model);
    json_arena_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_request_s_values_are_freed_with_it),
        cmocka_unit_test(a_value_from_outside_lives_on),
        cmocka_unit_test(large_values_and_texts),
        cmocka_unit_test(a_value_of_another_thread),
    };
    return cmocka_run_group_tests(tests, install, NULL);
}
