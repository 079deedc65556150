#include "http/url.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"

static bool unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

/* s percent-encoded, keeping the unreserved characters and those in `keep`. Arena-owned. */
static const char *escape(struct arena *a, const char *s, const char *keep)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p) || strchr(keep, *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *url_escape(struct arena *a, const char *s) { return escape(a, s, ""); }

const char *url_escape_path(struct arena *a, const char *s) { return escape(a, s, "/"); }

/* Append the params that have a value to b, each after '?' (the first) or '&'. */
static void put_params(struct arena *a, struct buf *b, const struct url_param *params,
                       size_t n_params)
{
    for (size_t i = 0; i < n_params; i++) {
        if (!params[i].value || !*params[i].value)
            continue;
        buf_putc(b, b->data && strchr(b->data, '?') ? '&' : '?');
        buf_puts(b, params[i].name);
        buf_putc(b, '=');
        buf_puts(b, url_escape(a, params[i].value));
    }
}

const char *url_page(struct arena *a, const char *base, const struct url_param *keep,
                     size_t n_keep, long long page)
{
    char number[24];
    snprintf(number, sizeof number, "%lld", page);
    struct buf b = BUF_INIT;
    buf_puts(&b, base);
    put_params(a, &b, keep, n_keep);
    const struct url_param page_param = {"page", number};
    put_params(a, &b, &page_param, 1);
    const char *url = arena_strdup(a, b.data);
    buf_free(&b);
    return url;
}

void pagination_links(struct arena *a, json_t *model, const char *base,
                      const struct url_param *keep, size_t n_keep, long long page,
                      long long pages)
{
    if (page > 1)
        json_object_set_new(model, "prev_href",
                            json_string(url_page(a, base, keep, n_keep, page - 1)));
    if (page < pages)
        json_object_set_new(model, "next_href",
                            json_string(url_page(a, base, keep, n_keep, page + 1)));
}
