/* libFuzzer harness: the urlencoded form parser must never crash, and what it accepts must be
   NUL-free valid UTF-8 with unique names. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "http/req.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena arena = ARENA_INIT;
    struct param *params = NULL;
    size_t n = 0;
    if (params_parse(&arena, (const char *)data, size, 200, &params, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            assert(utf8_valid(params[i].name, strlen(params[i].name)));
            assert(utf8_valid(params[i].value, strlen(params[i].value)));
            for (size_t k = 0; k < i; k++)
                assert(strcmp(params[i].name, params[k].name) != 0);
        }
    }
    arena_free(&arena);
    return 0;
}
