#include "http/req.h"

#include <string.h>
#include <strings.h>

#include "util/utf8.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode s[0..n) into an arena string; -1 on NUL bytes, bad escapes or bad UTF-8. */
static int url_decode(struct arena *a, const char *s, size_t n, const char **out)
{
    char *dst = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int hi = hex_value(s[i + 1]);
            int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0')
            return -1;
        dst[j++] = c;
    }
    dst[j] = '\0';
    if (!utf8_valid(dst, j))
        return -1;
    *out = dst;
    return 0;
}

int params_parse(struct arena *a, const char *data, size_t len, size_t max_fields,
                 struct param **out, size_t *n_out)
{
    size_t fields = 0;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '&')
            fields++;
    fields++;
    if (fields > max_fields)
        return -1;
    struct param *params = arena_alloc(a, fields * sizeof *params);
    size_t n = 0;
    size_t start = 0;
    while (start <= len) {
        const char *seg = data + start;
        const char *amp = memchr(seg, '&', len - start);
        size_t seg_len = amp ? (size_t)(amp - seg) : len - start;
        if (seg_len > 0) {
            const char *eq = memchr(seg, '=', seg_len);
            size_t name_len = eq ? (size_t)(eq - seg) : seg_len;
            const char *name, *value = "";
            if (url_decode(a, seg, name_len, &name))
                return -1;
            if (eq && url_decode(a, eq + 1, seg_len - name_len - 1, &value))
                return -1;
            for (size_t k = 0; k < n; k++)
                if (!strcmp(params[k].name, name))
                    return -1;
            params[n].name = name;
            params[n].value = value;
            n++;
        }
        start += seg_len + 1;
    }
    *out = params;
    *n_out = n;
    return 0;
}

static const char *find_param(const struct param *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].name, name))
            return p[i].value;
    return NULL;
}

const char *req_query(const struct req *r, const char *name)
{
    return find_param(r->query, r->n_query, name);
}

const char *req_form(const struct req *r, const char *name)
{
    return find_param(r->form, r->n_form, name);
}

const struct upload *req_file(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->n_files; i++)
        if (!strcmp(r->files[i].name, name))
            return &r->files[i];
    return NULL;
}

void req_add_header(struct req *r, const char *name, const char *value)
{
    if (r->n_headers == r->cap_headers) { /* arena memory: the old array is freed with it */
        size_t cap = r->cap_headers ? 2 * r->cap_headers : 8;
        struct header *grown = arena_alloc(&r->arena, cap * sizeof *grown);
        if (r->n_headers)
            memcpy(grown, r->headers, r->n_headers * sizeof *grown);
        r->headers = grown;
        r->cap_headers = cap;
    }
    r->headers[r->n_headers].name = arena_strdup(&r->arena, name);
    r->headers[r->n_headers].value = arena_strdup(&r->arena, value);
    r->n_headers++;
}
