/* Building URLs: percent-encoding of query arguments and paths, query strings from name/value
   pairs, and the previous/next links of a paged list. */
#ifndef VERRIJKT_HTTP_URL_H
#define VERRIJKT_HTTP_URL_H

#include "http/layer.h"

#include <jansson.h>
#include <stddef.h>

struct arena;

/* s percent-encoded for a query argument: the unreserved characters of RFC 3986 (letters,
   digits, '-', '.', '_', '~') stay, every other byte becomes %XX (upper-case hex).
   Arena-owned. */
const char *url_escape(struct arena *a, const char *s);
/* The same for a local path: '/' stays as well. Arena-owned. */
const char *url_escape_path(struct arena *a, const char *s);

/* One name=value of a query string. */
struct url_param {
    const char *name;  /* used as is: only unreserved characters */
    const char *value; /* escaped with url_escape; NULL or "" leaves the pair out */
};

/* The link to page `page` of a list: base?name=value&…&page=N with the params that have a
   value. Arena-owned. */
const char *url_page(struct arena *a, const char *base, const struct url_param *keep,
                     size_t n_keep, long long page);
/* Put the links of a paged list into model: "prev_href" when page > 1 and "next_href" when
   page < pages, each made by url_page (strings copied into model, which is borrowed). */
void pagination_links(struct arena *a, json_t *model, const char *base,
                      const struct url_param *keep, size_t n_keep, long long page,
                      long long pages);

#endif
