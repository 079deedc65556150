/* Texts in the request's language, for pages and the renderer: the catalogues themselves are
 * util/messages.h (included here). */
#ifndef VERRIJKT_VIEW_I18N_H
#define VERRIJKT_VIEW_I18N_H

#include "view/layer.h"

#include "util/messages.h"

struct req;

/* Shorthands for page code: the request's language is r->lang (set by the dispatcher). */
const char *req_text(const struct req *r, const char *key);
/* i18n_format in the request's language; the result is arena-owned. */
const char *req_format(struct req *r, const char *key, json_t *vars);

#endif
