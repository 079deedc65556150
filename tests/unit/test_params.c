/* Tests of params_parse (src/http/params.c): application/x-www-form-urlencoded decoding with
 * '+' and %XX, and the refusals the framework relies on: bad escapes, NUL bytes, invalid or
 * overlong UTF-8, surrogates, duplicate names and too many fields. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/req.h"
#include "util/arena.h"

/* Parse data (len bytes) with room for max_fields; the result code. */
static int parse_n(struct arena *a, const char *data, size_t len, size_t max_fields,
                   struct param **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    return params_parse(a, data, len, max_fields, out, n);
}

static int parse(struct arena *a, const char *data, struct param **out, size_t *n)
{
    return parse_n(a, data, strlen(data), 100, out, n);
}

/* data must parse into exactly one field name=value. */
static void expect_one(const char *data, const char *name, const char *value)
{
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    if (parse(&a, data, &p, &n))
        fail_msg("params_parse refused '%s'", data);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].name, name);
    assert_string_equal(p[0].value, value);
    arena_free(&a);
}

/* data must be refused as a whole. */
static void expect_refused(const char *data, size_t len)
{
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    if (parse_n(&a, data, len, 100, &p, &n) != -1)
        fail_msg("params_parse accepted '%.*s'", (int)len, data);
    arena_free(&a);
}

static void refused(const char *data) { expect_refused(data, strlen(data)); }

/* ---- tests -------------------------------------------------------------------------------- */

static void plain_fields_in_order(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    assert_int_equal(parse(&a, "email=a%40b.nl&password=geheim&next=%2Factivities", &p, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(p[0].name, "email");
    assert_string_equal(p[0].value, "a@b.nl");
    assert_string_equal(p[1].name, "password");
    assert_string_equal(p[1].value, "geheim");
    assert_string_equal(p[2].name, "next");
    assert_string_equal(p[2].value, "/activities");
    arena_free(&a);
}

static void plus_and_percent_escapes(void **state)
{
    (void)state;
    expect_one("q=a+b", "q", "a b");
    expect_one("q=%41", "q", "A");
    expect_one("q=%4a%4A", "q", "JJ");
    expect_one("q=%2B", "q", "+");
    expect_one("q=%25", "q", "%");
    expect_one("q=%26x%3Dy", "q", "&x=y");
    expect_one("%71=1", "q", "1");
    expect_one("a+b=c", "a b", "c");
    expect_one("q=a=b", "q", "a=b");
    expect_one("q=", "q", "");
    expect_one("flag", "flag", "");
    expect_one("q=%C3%A9t%C3%A9", "q", "\xC3\xA9t\xC3\xA9");      /* été */
    expect_one("q=\xC3\xA9", "q", "\xC3\xA9");                    /* raw UTF-8 */
    expect_one("q=%F0%9F%98%80", "q", "\xF0\x9F\x98\x80");        /* 4 bytes */
    expect_one("q=%EF%BF%BD", "q", "\xEF\xBF\xBD");               /* U+FFFD */
    expect_one("q=%F4%8F%BF%BF", "q", "\xF4\x8F\xBF\xBF");        /* U+10FFFF */
}

static void bad_escapes_refused(void **state)
{
    (void)state;
    refused("q=%");
    refused("q=%4");
    refused("q=%G1");
    refused("q=%1G");
    refused("q=%%41");
    refused("q=% 1");
    refused("q=abc%");
    refused("q%=1");
    refused("%zz=1");
    refused("q=%-1");
}

static void nul_bytes_refused(void **state)
{
    (void)state;
    refused("q=%00");
    refused("q=a%00b");
    refused("%00=1");
    refused("q%00=1");
    expect_refused("q=a\0b", 5); /* a raw NUL byte inside the given length */
    expect_refused("\0=1", 3);
}

static void invalid_utf8_refused(void **state)
{
    (void)state;
    refused("q=%FF");
    refused("q=%FE");
    refused("q=%80");         /* a lone continuation byte */
    refused("q=%C3");         /* truncated */
    refused("q=%C3%28");      /* bad continuation */
    refused("q=%E2%82");      /* truncated 3-byte */
    refused("q=%F0%9F%98");   /* truncated 4-byte */
    refused("q=%ED%A0%80");   /* a UTF-16 surrogate */
    refused("q=%ED%BF%BF");
    refused("q=%F4%90%80%80"); /* above U+10FFFF */
    refused("q=%F5%80%80%80");
    refused("q=\xFF");         /* raw, unescaped */
    refused("%FF=1");          /* in a name */
}

static void overlong_utf8_refused(void **state)
{
    (void)state;
    refused("q=%C0%AF");          /* '/' in two bytes */
    refused("q=%C1%BF");
    refused("q=%C0%80");          /* NUL in two bytes */
    refused("q=%E0%80%AF");       /* '/' in three bytes */
    refused("q=%E0%9F%BF");
    refused("q=%F0%80%80%AF");    /* '/' in four bytes */
    refused("q=%F0%8F%BF%BF");
    refused("q=\xC0\xAF");
}

static void duplicate_names_refused(void **state)
{
    (void)state;
    refused("a=1&a=2");
    refused("a=1&b=2&a=1");
    refused("a=1&%61=2"); /* the same name once decoded */
    refused("a+b=1&a%20b=2");
    refused("a&a");
    expect_one("a=1", "a", "1");
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    assert_int_equal(parse(&a, "a=1&A=2&a1=3", &p, &n), 0); /* names are case-sensitive */
    assert_int_equal(n, 3);
    arena_free(&a);
}

static void too_many_fields_refused(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    const char *three = "a=1&b=2&c=3";
    assert_int_equal(parse_n(&a, three, strlen(three), 3, &p, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(parse_n(&a, "a=1&b=2&c=3&d=4", 15, 3, &p, &n), -1);
    /* A long body of distinct fields. */
    char big[20000];
    size_t len = 0;
    for (int i = 0; i < 1500; i++)
        len += (size_t)snprintf(big + len, sizeof big - len, "%sf%d=%d", i ? "&" : "", i, i);
    assert_int_equal(parse_n(&a, big, len, 2000, &p, &n), 0);
    assert_int_equal(n, 1500);
    assert_string_equal(p[1499].name, "f1499");
    assert_string_equal(p[1499].value, "1499");
    assert_int_equal(parse_n(&a, big, len, 1000, &p, &n), -1);
    arena_free(&a);
}

static void empty_segments_skipped(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    assert_int_equal(parse(&a, "&a=1&&b=2&", &p, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].name, "a");
    assert_string_equal(p[1].name, "b");
    assert_int_equal(parse(&a, "", &p, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(parse(&a, "&&&", &p, &n), 0);
    assert_int_equal(n, 0);
    arena_free(&a);
}

/* Only len bytes count: the rest of the buffer is never read. */
static void length_is_respected(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct param *p;
    size_t n;
    assert_int_equal(parse_n(&a, "a=1&b=2", 3, 100, &p, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].value, "1");
    assert_int_equal(parse_n(&a, "a=%41%FF", 5, 100, &p, &n), 0);
    assert_string_equal(p[0].value, "A");
    assert_int_equal(parse_n(&a, "a=%4142", 4, 100, &p, &n), -1); /* "%4" cut off */
    arena_free(&a);
}

/* The query-string helpers read back what was parsed. */
static void req_form_finds_values(void **state)
{
    (void)state;
    struct req r;
    memset(&r, 0, sizeof r);
    r.arena = (struct arena)ARENA_INIT;
    const char *body = "email=a%40b.nl&empty=&naam=Zo%C3%AB";
    assert_int_equal(params_parse(&r.arena, body, strlen(body), 100, &r.form, &r.n_form), 0);
    assert_string_equal(req_form(&r, "email"), "a@b.nl");
    assert_string_equal(req_form(&r, "empty"), "");
    assert_string_equal(req_form(&r, "naam"), "Zo\xC3\xAB");
    assert_null(req_form(&r, "missing"));
    assert_null(req_form(&r, "EMAIL"));
    assert_null(req_query(&r, "email"));
    arena_free(&r.arena);
}

/* Response headers are never dropped: a Location added after many others is still sent. */
static void every_response_header_is_kept(void **state)
{
    (void)state;
    struct req r = {0};
    char name[32];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "X-Test-%d", i);
        req_add_header(&r, name, "v");
    }
    req_add_header(&r, "Location", "/pupils/7");
    assert_int_equal(r.n_headers, 41);
    assert_string_equal(r.headers[7].name, "X-Test-7");
    assert_string_equal(r.headers[40].name, "Location");
    assert_string_equal(r.headers[40].value, "/pupils/7");
    arena_free(&r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_fields_in_order),
        cmocka_unit_test(every_response_header_is_kept),
        cmocka_unit_test(plus_and_percent_escapes),
        cmocka_unit_test(bad_escapes_refused),
        cmocka_unit_test(nul_bytes_refused),
        cmocka_unit_test(invalid_utf8_refused),
        cmocka_unit_test(overlong_utf8_refused),
        cmocka_unit_test(duplicate_names_refused),
        cmocka_unit_test(too_many_fields_refused),
        cmocka_unit_test(empty_segments_skipped),
        cmocka_unit_test(length_is_respected),
        cmocka_unit_test(req_form_finds_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
