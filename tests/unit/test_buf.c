/* Tests of src/util/buf.c's buf_put_html: each of & < > " ' becomes its entity wherever it
 * stands (first, last, side by side), every other byte (UTF-8 included) is kept as it is, and
 * what was in the buffer before stays. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/buf.h"

static void escaped(const char *text, size_t n, const char *expected)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "[");
    buf_put_html(&b, text, n);
    assert_string_equal(b.data, expected);
    assert_int_equal(b.len, strlen(expected));
    buf_free(&b);
}

static void the_five_characters_become_entities(void **state)
{
    (void)state;
    escaped("", 0, "[");
    escaped("Judo & karate", 13, "[Judo &amp; karate");
    escaped("<script>", 8, "[&lt;script&gt;");
    escaped("\"'", 2, "[&quot;&#39;");
    escaped("&&", 2, "[&amp;&amp;");
    escaped("a<", 2, "[a&lt;");
    escaped("é € 𝄞 ok", strlen("é € 𝄞 ok"), "[é € 𝄞 ok");
    escaped("x<y", 1, "[x"); /* only n bytes */
    const char all[] = "\x01\x7f\x80\xff=`/";
    escaped(all, sizeof all - 1, "[\x01\x7f\x80\xff=`/");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_five_characters_become_entities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
