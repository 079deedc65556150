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

/* How a role's name is written. */
enum role_label_form {
    ROLE_LABEL_PLAIN, /* in a sentence or after a name: "coördinator" (role.*) */
    ROLE_LABEL_TITLE, /* as a value of its own, in a list or table: "Coördinator" (role_title.*) */
};
/* The one way to say a role ("lead", "coordinator", "staff", "parent") in the request's
   language; "" for NULL or any other value. Owned by the catalogues. */
const char *req_role_label(const struct req *r, const char *role, enum role_label_form form);

#endif
