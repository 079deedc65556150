/* Texts in the request's language; see i18n.h. */
#include "view/i18n.h"

#include <stdlib.h>

#include "http/req.h"

const char *req_text(const struct req *r, const char *key) { return i18n_text(r->lang, key); }

const char *req_format(struct req *r, const char *key, json_t *vars)
{
    char *text = i18n_format(r->lang, key, vars);
    const char *copy = arena_strdup(&r->arena, text);
    free(text);
    return copy;
}
