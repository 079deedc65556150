#ifndef VERRIJKT_HTTP_DISPATCH_H
#define VERRIJKT_HTTP_DISPATCH_H

#include "http/layer.h"

#include <stdbool.h>

struct req;
struct route;

/* The route of r->method and r->path in the table, with r->path_ids, r->n_path_ids and
   r->path_token set from the path; NULL when there is none, *path_known then saying whether
   another method has the path (405 rather than 404). HEAD finds GET routes. Public for the
   router's fuzz harness (tests/fuzz/fuzz_route.c). */
const struct route *dispatch_find_route(struct req *r, bool *path_known);

/* Find the route, load the session, check role and CSRF, run the handler. Always leaves a
   complete response in r. */
void dispatch(struct req *r);

/* What the layer above provides (src/pages/routes.c, beside the table of routes), so that http
   needs nothing of the templates or the texts: */
/* Set r->lang for the request: after the session is loaded (r->user), before the route is
   known. */
void dispatch_choose_language(struct req *r);
/* Answer a request the dispatcher refuses (no route, not logged in, wrong role, bad form, no
   CSRF token) with status and the text message_key ("error.not_found"), as a page or as JSON.
   Returns status. */
int dispatch_refuse(struct req *r, int status, const char *message_key);
/* Answer an HTML form post refused for a stale CSRF token (403) or a login that ended (401)
   with status and a page that holds the posted fields again (never the token or a password)
   in a form to the same URL, so that nothing typed is lost; JSON gets dispatch_refuse's
   answer. Returns status. (src/pages/resubmit.c) */
int dispatch_resubmit(struct req *r, int status);

#endif
