/* The client's address as the throttles, the per-address limits and the logs see it: the
   connection's peer, or, when the peer is a trusted proxy ([server] trusted_proxies), the
   address the proxies forwarded in X-Forwarded-For. */
#ifndef VERRIJKT_HTTP_CLIENT_ADDR_H
#define VERRIJKT_HTTP_CLIENT_ADDR_H

#include "http/layer.h"

#include <stdbool.h>
#include <stddef.h>

struct req;

enum { CLIENT_ADDR_MAX = 46 }; /* INET6_ADDRSTRLEN: an address as text, with its NUL */

/* Whether list holds only IPv4 or IPv6 addresses (no ranges), separated by commas and/or
   spaces; "" (none) is valid. */
bool client_addr_list_valid(const char *list);

/* Whether address (any text form) is one of list (as client_addr_list_valid). */
bool client_addr_listed(const char *address, const char *list);

/* The client's address into out (CLIENT_ADDR_MAX bytes) in the canonical text of inet_ntop:
   - peer (the connection's address as text) when peer is not in trusted, or when forwarded
     (the X-Forwarded-For values joined by commas, in the order received; NULL when none)
     is absent or empty;
   - otherwise the right-most address of forwarded that is not itself in trusted (each proxy
     appends the address it saw, so everything to its left is the client's to invent);
   - when every forwarded address is trusted, the left-most of them;
   - when the walk from the right meets something that is not an address before an untrusted
     one, the last trusted address met (the proxy did not say more we can believe).
   trusted as in client_addr_list_valid. */
void client_addr_resolve(const char *peer, const char *forwarded, const char *trusted,
                         char out[CLIENT_ADDR_MAX]);

/* client_addr_resolve for request r: r->client_ip (the peer) with its X-Forwarded-For
   headers and the configured trusted proxies. Arena-owned. */
const char *client_addr(struct req *r);

#endif
