/* The access log: one line per request on standard error ([log] access, on by default):
   "access TIME CLIENT METHOD PATH STATUS BYTES MICROSECONDS user=ID request=N". TIME is UTC
   (ISO 8601), CLIENT the address after trusted proxies, PATH without its query string and with
   a route's {token} segment (the password-reset link) written as {token}; user=0 without a
   login. Never a secret: no query strings (the calendar feed's token), no bodies, no cookies.
   Errors during the request carry the same request=N (util/log.h). */
#ifndef VERRIJKT_HTTP_ACCESS_LOG_H
#define VERRIJKT_HTTP_ACCESS_LOG_H

#include "http/layer.h"

#include <stddef.h>

struct req;

/* The request's path as the log shows it (arena-owned or r->path). */
const char *access_log_path(struct req *r);
/* Write r's line: bytes sent, seconds taken. */
void access_log_write(struct req *r, size_t bytes, double seconds);

#endif
