/* libFuzzer harness: any template source either compiles or gives an error; rendering a
   compiled one with a fixed data set never crashes. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "view/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *source = malloc(size + 1);
    if (!source)
        return 0;
    memcpy(source, data, size);
    source[size] = '\0';
    json_t *model = json_pack("{s:s, s:[i,i,{s:s}], s:{s:b, s:n}, s:f}", "name", "<b>&",
                              "list", 1, 2, "x", "y", "obj", "flag", 1, "nothing", "pi", 3.14);
    struct buf out = BUF_INIT;
    char err[256];
    mustache_render_string(source, NULL, model, &out, err, sizeof err);
    buf_free(&out);
    json_decref(model);
    free(source);
    return 0;
}
