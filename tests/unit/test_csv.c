/* Tests of src/util/csv.c, the CSV writer for Excel: the byte order mark, the separator, CRLF
 * row ends, quoting (separator, quote, line breaks, edge spaces) with doubled quotes, the
 * apostrophe before text Excel would run as a formula, and numbers left alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/csv.h"

static void a_document(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    csv_begin(&b);
    csv_text(&b, 0, "Naam");
    csv_text(&b, 1, "Groep");
    csv_end_row(&b);
    csv_text(&b, 0, "Çelik");
    csv_int(&b, 1, 7);
    csv_end_row(&b);
    assert_string_equal(b.data, "\xEF\xBB\xBFNaam;Groep\r\n\xC3\x87" "elik;7\r\n");
    buf_free(&b);
}

static const char *one_field(struct buf *b, const char *text)
{
    buf_reset(b);
    csv_text(b, 0, text);
    return b->data ? b->data : "";
}

static void quoting(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_string_equal(one_field(&b, "gewoon"), "gewoon");
    assert_string_equal(one_field(&b, "a;b"), "\"a;b\"");
    assert_string_equal(one_field(&b, "zei \"ja\""), "\"zei \"\"ja\"\"\"");
    assert_string_equal(one_field(&b, "twee\nregels"), "\"twee\nregels\"");
    assert_string_equal(one_field(&b, "\r"), "\"'\r\"");
    assert_string_equal(one_field(&b, " spatie"), "\" spatie\"");
    assert_string_equal(one_field(&b, "spatie "), "\"spatie \"");
    assert_string_equal(one_field(&b, ""), "");
    assert_string_equal(one_field(&b, NULL), "");
    buf_free(&b);
}

static void formulas_are_not_run(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_string_equal(one_field(&b, "=1+1"), "'=1+1");
    assert_string_equal(one_field(&b, "+31 6"), "'+31 6");
    assert_string_equal(one_field(&b, "-2"), "'-2");
    assert_string_equal(one_field(&b, "@SUM(A1)"), "'@SUM(A1)");
    assert_string_equal(one_field(&b, "\tx"), "'\tx");
    assert_string_equal(one_field(&b, "=a;b"), "\"'=a;b\"");
    assert_string_equal(one_field(&b, "a=b"), "a=b");
    buf_reset(&b);
    csv_int(&b, 0, -2); /* our own numbers stay numbers */
    assert_string_equal(b.data, "-2");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_document),
        cmocka_unit_test(quoting),
        cmocka_unit_test(formulas_are_not_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
