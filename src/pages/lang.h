/* The language switch and the saved language of an account (users.lang). */
#ifndef VERRIJKT_PAGES_LANG_H
#define VERRIJKT_PAGES_LANG_H

#include "pages/layer.h"

#include <stdint.h>

struct req;

/* After a successful login of user_id: an account with a saved language gets it (r->lang and
   the cookie, so that the account's choice follows it to a new browser); an account without
   one keeps the language this browser chose through the switch, which is then saved. A
   database error only leaves things as they were. */
void lang_after_login(struct req *r, int64_t user_id);

/* next when it is a path on this site ("/…", not "//…", no control characters or
   backslashes), else "/". Never leads to another site. */
const char *page_local_path(const char *next);

#endif
