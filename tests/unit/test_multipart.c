/* The multipart/form-data parser (http/multipart.c): text fields and files, the boundary
   forms, and every malformed body refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/multipart.h"

static const char *type = "multipart/form-data; boundary=XyZ";

static int parse(struct arena *a, const char *ct, const char *body, size_t len,
                 struct param **form, size_t *n_form, struct upload **files, size_t *n_files)
{
    return multipart_parse(a, ct, body, len, 4, form, n_form, files, n_files);
}

static void text_fields_and_a_file(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    static const char body[] = "preamble\r\n--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
                               "--XyZ\r\ncontent-disposition: form-data; name=\"file\";"
                               " filename=\"name=x.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                               "a;b\r\n\xeb\0z\r\n--XyZ--\r\nepilogue";
    struct param *form;
    struct upload *files;
    size_t n_form, n_files;
    assert_int_equal(parse(&a, type, body, sizeof body - 1, &form, &n_form, &files, &n_files), 0);
    assert_int_equal(n_form, 1);
    assert_string_equal(form[0].name, "csrf");
    assert_string_equal(form[0].value, "abc");
    assert_int_equal(n_files, 1);
    assert_string_equal(files[0].name, "file");
    assert_string_equal(files[0].filename, "name=x.csv");
    assert_int_equal(files[0].len, 8); /* binary bytes kept, NUL included */
    assert_memory_equal(files[0].data, "a;b\r\n\xeb\0z", 8);
    /* A quoted boundary, the body starting with the delimiter, an empty file. */
    static const char quoted[] = "--a b\r\nContent-Disposition: form-data; name=\"file\";"
                                 " filename=\"\"\r\n\r\n\r\n--a b--";
    assert_int_equal(parse(&a, "multipart/form-data; boundary=\"a b\"", quoted, sizeof quoted - 1,
                           &form, &n_form, &files, &n_files),
                     0);
    assert_int_equal(n_files, 1);
    assert_int_equal(files[0].len, 0);
    arena_free(&a);
}

static void malformed_bodies_are_refused(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct param *form;
    struct upload *files;
    size_t n_form, n_files;
    static const char *const bodies[] = {
        "", /* nothing */
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc", /* not closed */
        "--XyZ\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--XyZ--", /* no name */
        "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nabc\r\n--XyZ--",
        "--XyZ\r\n\r\nabc\r\n--XyZ--", /* no headers */
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--XyZ--", /* twice */
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XyZ--", /* UTF-8 */
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nabc\r\n--XyZ--", /* quote */
        "--XyZjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc\r\n--XyZ--",
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\n4\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n5\r\n--XyZ--", /* 5 > 4 */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        if (parse(&a, type, bodies[i], strlen(bodies[i]), &form, &n_form, &files, &n_files) != -1)
            fail_msg("body %zu was accepted", i);
    static const char good[] = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--";
    static const char *const types[] = {NULL, "multipart/form-data", "text/plain; boundary=XyZ",
                                        "multipart/form-data; boundary=",
                                        "multipart/form-data; boundary=\"XyZ"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        assert_int_equal(parse(&a, types[i], good, sizeof good - 1, &form, &n_form, &files,
                               &n_files),
                         -1);
    assert_int_equal(parse(&a, type, good, sizeof good - 1, &form, &n_form, &files, &n_files), 0);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_fields_and_a_file),
        cmocka_unit_test(malformed_bodies_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
