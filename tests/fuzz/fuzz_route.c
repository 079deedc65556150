/* libFuzzer harness: the router. Any path (the first byte picks the method) either finds no
   route or finds one whose pattern it matches: as many {id}s as the pattern has, each a
   positive number, and a {token} of 1 to 128 letters, digits, '-' or '_' when the pattern has
   one. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/dispatch.h"
#include "http/req.h"
#include "http/route.h"

static size_t count_of(const char *pattern, const char *part)
{
    size_t n = 0;
    for (const char *p = strstr(pattern, part); p; p = strstr(p + 1, part))
        n++;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "HEAD", "PUT"};
    if (size < 1)
        return 0;
    struct req r = {.arena = ARENA_INIT};
    char *path = malloc(size);
    if (!path)
        return 0;
    memcpy(path, data + 1, size - 1);
    path[size - 1] = '\0'; /* a NUL inside ends the path early, as in a C string */
    r.method = methods[data[0] % 4];
    r.path = path;
    bool path_known = false;
    const struct route *route = dispatch_find_route(&r, &path_known);
    if (route) {
        assert(path_known);
        assert(r.n_path_ids == count_of(route->pattern, "{id}"));
        for (size_t i = 0; i < r.n_path_ids; i++)
            assert(r.path_ids[i] > 0);
        if (count_of(route->pattern, "{token}")) {
            assert(r.path_token);
            size_t n = strlen(r.path_token);
            assert(n >= 1 && n <= 128);
            assert(strspn(r.path_token, "0123456789abcdefghijklmnopqrstuvwxyz"
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_") == n);
        } else {
            assert(!r.path_token);
        }
    }
    arena_free(&r.arena);
    free(path);
    return 0;
}
