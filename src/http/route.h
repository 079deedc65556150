/* The shape of a route; the table itself is src/pages/routes.c. */
#ifndef VERRIJKT_HTTP_ROUTE_H
#define VERRIJKT_HTTP_ROUTE_H

#include "http/layer.h"

#include <stddef.h>

struct req;

typedef int (*handler_fn)(struct req *r);

enum route_flags {
    ROUTE_PUBLIC = 1 << 0,    /* no login needed */
    ROUTE_MULTIPART = 1 << 1, /* also takes multipart/form-data bodies (file uploads) */
    ROUTE_OWN_CSRF = 1 << 2,  /* a POST checks its own token (the tablet's, http/tablet.h) */
};

struct route {
    const char *method;  /* "GET" or "POST" */
    const char *pattern; /* "/activities/{id}/edit": {id} matches a positive integer;
                            {token} (once) 1-128 letters, digits, '-' or '_' (r->path_token) */
    handler_fn handler;
    unsigned roles;      /* enum role bits allowed; ignored with ROUTE_PUBLIC */
    unsigned flags;
};

extern const struct route routes[];
extern const size_t n_routes;

#endif
