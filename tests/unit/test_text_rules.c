/* Tests of src/domain/text_rules.c: a one-line text is required, valid UTF-8, without control
 * characters, and at most max characters (not bytes). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/text_rules.h"

static void each_problem_has_its_message(void **state)
{
    (void)state;
    const char *too_long = "Gebruik hoogstens 5 tekens.";
    assert_null(one_line_error("Judo", 5, too_long));
    assert_null(one_line_error("Zoë Ç", 5, too_long)); /* five characters, seven bytes */
    assert_string_equal(one_line_error("Judo's", 5, too_long), too_long);
    assert_string_equal(one_line_error("", 5, too_long), "Dit veld is verplicht.");
    assert_string_equal(one_line_error(NULL, 5, too_long), "Dit veld is verplicht.");
    assert_string_equal(one_line_error("a\nb", 5, too_long), "Gebruik geen besturingstekens.");
    assert_string_equal(one_line_error("a\x7f", 5, too_long), "Gebruik geen besturingstekens.");
    assert_string_equal(one_line_error("\xc3\x28", 5, too_long), "Gebruik geldige tekens.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(each_problem_has_its_message)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
