/* libFuzzer harness: the multipart/form-data parser (http/multipart.c) must never crash or
   read outside the body; what it accepts has at most the parts allowed, text fields that are
   NUL-free valid UTF-8, names unique among the text fields and files, and file data inside the
   body. The input is "Content-Type line\n" then the body; without a line break the type is a
   fixed one with boundary XyZ. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "http/multipart.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena arena = ARENA_INIT;
    const char *text = (const char *)data;
    const char *eol = memchr(text, '\n', size < 200 ? size : 200);
    const char *type = "multipart/form-data; boundary=XyZ";
    const char *body = text;
    size_t len = size;
    if (eol) {
        type = arena_strndup(&arena, text, (size_t)(eol - text));
        body = eol + 1;
        len = size - (size_t)(body - text);
    }
    struct param *form = NULL;
    struct upload *files = NULL;
    size_t n_form = 0, n_files = 0;
    if (multipart_parse(&arena, type, body, len, 8, &form, &n_form, &files, &n_files) == 0) {
        assert(n_form + n_files <= 8);
        for (size_t i = 0; i < n_form; i++) {
            assert(utf8_valid(form[i].name, strlen(form[i].name)));
            assert(utf8_valid(form[i].value, strlen(form[i].value)));
            for (size_t k = 0; k < i; k++)
                assert(strcmp(form[i].name, form[k].name) != 0);
            for (size_t k = 0; k < n_files; k++)
                assert(strcmp(form[i].name, files[k].name) != 0);
        }
        for (size_t i = 0; i < n_files; i++) {
            assert(files[i].data >= body && files[i].data + files[i].len <= body + len);
            assert(files[i].filename);
        }
    }
    arena_free(&arena);
    return 0;
}
