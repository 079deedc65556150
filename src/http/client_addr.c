#include "http/client_addr.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "http/req.h"

static const char separators[] = ", \t";

/* The token of at most size - 1 characters ending just before end (going left from end,
   skipping separators first) into out: its start, or NULL when there is none left of begin.
   A longer token is cut to "" so that it reads as no address. */
static const char *token_before(const char *begin, const char *end, char *out, size_t size)
{
    while (end > begin && strchr(separators, end[-1]))
        end--;
    if (end == begin)
        return NULL;
    const char *start = end;
    while (start > begin && !strchr(separators, start[-1]))
        start--;
    size_t n = (size_t)(end - start);
    snprintf(out, size, "%.*s", n < size ? (int)n : 0, start);
    return start;
}

/* text as a canonical address into out; false when it is not an IPv4 or IPv6 address. */
static bool canonical(const char *text, char out[CLIENT_ADDR_MAX])
{
    unsigned char raw[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, text, raw) == 1)
        return inet_ntop(AF_INET, raw, out, CLIENT_ADDR_MAX) != NULL;
    if (inet_pton(AF_INET6, text, raw) == 1)
        return inet_ntop(AF_INET6, raw, out, CLIENT_ADDR_MAX) != NULL;
    return false;
}

bool client_addr_list_valid(const char *list)
{
    const char *end = list + strlen(list);
    char token[CLIENT_ADDR_MAX], address[CLIENT_ADDR_MAX];
    const char *start;
    while ((start = token_before(list, end, token, sizeof token))) {
        if (!canonical(token, address))
            return false;
        end = start;
    }
    return true;
}

/* Whether address (canonical) is one of trusted. */
static bool is_trusted(const char *address, const char *trusted)
{
    const char *end = trusted + strlen(trusted);
    char token[CLIENT_ADDR_MAX], entry[CLIENT_ADDR_MAX];
    const char *start;
    while ((start = token_before(trusted, end, token, sizeof token))) {
        if (canonical(token, entry) && !strcmp(entry, address))
            return true;
        end = start;
    }
    return false;
}

bool client_addr_listed(const char *address, const char *list)
{
    char canon[CLIENT_ADDR_MAX];
    return address && list && canonical(address, canon) && is_trusted(canon, list);
}

void client_addr_resolve(const char *peer, const char *forwarded, const char *trusted,
                         char out[CLIENT_ADDR_MAX])
{
    char hop[CLIENT_ADDR_MAX];
    if (!canonical(peer, hop))
        snprintf(hop, CLIENT_ADDR_MAX, "%s", peer);
    if (forwarded && trusted) {
        const char *end = forwarded + strlen(forwarded);
        char token[CLIENT_ADDR_MAX], address[CLIENT_ADDR_MAX];
        const char *start;
        while (is_trusted(hop, trusted) &&
               (start = token_before(forwarded, end, token, sizeof token)) &&
               canonical(token, address)) {
            snprintf(hop, CLIENT_ADDR_MAX, "%s", address);
            end = start;
        }
    }
    snprintf(out, CLIENT_ADDR_MAX, "%s", hop);
}

/* Collects the X-Forwarded-For headers of a request, joined by commas. */
struct forwarded {
    struct req *r;
    const char *joined; /* arena-owned, NULL when none yet */
};

static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                         const char *value)
{
    (void)kind;
    struct forwarded *f = cls;
    if (key && value && !strcasecmp(key, "X-Forwarded-For"))
        f->joined = f->joined ? arena_printf(&f->r->arena, "%s,%s", f->joined, value)
                              : arena_strdup(&f->r->arena, value);
    return MHD_YES;
}

const char *client_addr(struct req *r)
{
    const char *trusted = r->app->cfg.trusted_proxies;
    const char *peer = r->client_ip ? r->client_ip : "?";
    if (!*trusted)
        return peer;
    struct forwarded f = {r, NULL};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, collect_forwarded, &f);
    char out[CLIENT_ADDR_MAX];
    client_addr_resolve(peer, f.joined, trusted, out);
    return arena_strdup(&r->arena, out);
}
