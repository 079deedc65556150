/* The tablet session of the questionnaires under /q (issue 15, part 2): a cookie of its own
   ("vtab", Path=/q, SameSite=Strict), separate from the login's and the anonymous CSRF
   cookie, so that a shared tablet never needs an account and a login on it is not involved.
   The CSRF token a /q form carries is derived from the cookie and the questionnaire's code
   (a keyed BLAKE2b hash): a POST without the cookie, or with another code's token, fails. */
#ifndef VERRIJKT_HTTP_TABLET_H
#define VERRIJKT_HTTP_TABLET_H

#include "http/layer.h"

#include <stdbool.h>

struct req;

/* The form token for code on this device; sets the cookie when the request had none.
   Arena-owned. */
const char *tablet_csrf(struct req *r, const char *code);
/* Whether the request's `csrf` field is this device's token for code. */
bool tablet_check_csrf(const struct req *r, const char *code);

#endif
