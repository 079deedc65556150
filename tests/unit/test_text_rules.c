/* Tests of src/domain/text_rules.c: a one-line text is required, valid UTF-8, without control
 * characters, and at most max characters (not bytes). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/text_rules.h"
#include "testdb.h"

/* The Dutch text of the key one_line_error gives for s with maximum 5. */
static const char *text_of(const char *s)
{
    json_t *vars = json_pack("{si}", "max", 5);
    const char *key = one_line_error(s, 5);
    const char *text = key ? testdb_text(key, vars) : NULL;
    json_decref(vars);
    return text;
}

static void each_problem_has_its_message(void **state)
{
    (void)state;
    const char *too_long = "Gebruik hoogstens 5 tekens.";
    assert_null(text_of("Judo"));
    assert_null(text_of("Zoë Ç")); /* five characters, seven bytes */
    assert_string_equal(text_of("Judo's"), too_long);
    assert_string_equal(text_of(""), "Dit veld is verplicht.");
    assert_string_equal(text_of(NULL), "Dit veld is verplicht.");
    assert_string_equal(text_of("a\nb"), "Gebruik geen besturingstekens.");
    assert_string_equal(text_of("a\x7f"), "Gebruik geen besturingstekens.");
    assert_string_equal(text_of("\xc3\x28"), "Gebruik geldige tekens.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(each_problem_has_its_message)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
