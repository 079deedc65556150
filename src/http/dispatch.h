#ifndef VERRIJKT_HTTP_DISPATCH_H
#define VERRIJKT_HTTP_DISPATCH_H

struct req;

/* Find the route, load the session, check role and CSRF, run the handler. Always leaves a
   complete response in r. */
void dispatch(struct req *r);

#endif
