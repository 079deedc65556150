/* Login sessions in cookies, CSRF tokens, flash messages. */
#ifndef VERRIJKT_HTTP_SESSION_H
#define VERRIJKT_HTTP_SESSION_H

#include "http/layer.h"

#include <stdbool.h>
#include <stdint.h>

struct req;

/* Read the session cookie and fill r->user, r->csrf and r->flash (the flash is consumed).
   Without a login, r->csrf is the anonymous CSRF cookie's token (set when absent). */
void session_load(struct req *r);
/* True when the request's `csrf` field matches the session's (or anonymous) token. */
bool session_check_csrf(const struct req *r);
/* Start a new login for user_id: any old session of this browser is ended (rotation), a new
   token is set in the cookie, and the anonymous CSRF cookie gets a new value too. 0 or -1. */
int session_login(struct req *r, int64_t user_id);
/* End the current login and clear the cookie. */
void session_logout(struct req *r);
/* Keep a one-time message to show on the next page of this login: news of what was done
   (shown in the success style), or a warning that something was refused (the warning style,
   never the success style). */
void session_flash(struct req *r, const char *message);
void session_flash_warning(struct req *r, const char *message);

#endif
