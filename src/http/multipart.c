/* multipart/form-data (RFC 7578, RFC 2046 section 5.1): a body of parts between delimiter
   lines "--boundary", each with its headers, a blank line and its bytes; "--boundary--" ends
   it. Strict where it costs nothing (CRLF line ends, the closing delimiter, a name for every
   part), and every length is checked against the body before it is read. */
#include "http/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

/* The boundary parameter of a multipart/form-data type into out (room for
   MULTIPART_BOUNDARY_MAX + 1), or -1 when the type is another or the boundary is unusable. */
static int boundary_of(const char *type, char *out)
{
    static const char prefix[] = "multipart/form-data";
    if (strncasecmp(type, prefix, sizeof prefix - 1))
        return -1;
    const char *p = strcasestr(type, "boundary=");
    if (!p)
        return -1;
    p += 9;
    bool quoted = *p == '"';
    p += quoted;
    size_t n = 0;
    while (p[n] && (quoted ? p[n] != '"' : p[n] != ';' && p[n] != ' '))
        n++;
    if (n == 0 || n > MULTIPART_BOUNDARY_MAX || (quoted && p[n] != '"'))
        return -1;
    memcpy(out, p, n);
    out[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
            return -1;
    return 0;
}

/* The value of parameter key (e.g. "name") in a Content-Disposition value h[0..n), quoted or
   not, as an arena string; NULL when absent. "filename" never matches "name". */
static const char *disposition_param(struct arena *a, const char *h, size_t n, const char *key)
{
    size_t key_len = strlen(key);
    const char *end = h + n, *p = h;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi)
            return NULL;
        p = semi + 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if ((size_t)(end - p) <= key_len || strncasecmp(p, key, key_len) || p[key_len] != '=')
            continue;
        p += key_len + 1;
        const char *value = p;
        if (p < end && *p == '"') {
            value = ++p;
            while (p < end && *p != '"')
                p++;
            if (p >= end)
                return NULL;
        } else {
            while (p < end && *p != ';' && *p != ' ')
                p++;
        }
        return arena_strndup(a, value, (size_t)(p - value));
    }
    return NULL;
}

struct part {
    const char *name, *filename; /* filename NULL for a text field */
    const char *data;
    size_t len;
};

/* Read the headers of the part at h[0..n) (without the blank line): its name and filename.
   0, or -1 without a Content-Disposition: form-data with a name. */
static int part_headers(struct arena *a, const char *h, size_t n, struct part *part)
{
    static const char cd[] = "content-disposition:";
    const char *end = h + n;
    part->name = part->filename = NULL;
    for (const char *line = h; line < end;) {
        const char *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
        size_t line_len = eol ? (size_t)(eol - line) : (size_t)(end - line);
        if (line_len > sizeof cd - 1 && !strncasecmp(line, cd, sizeof cd - 1)) {
            const char *v = line + sizeof cd - 1;
            size_t v_len = line_len - (sizeof cd - 1);
            while (v_len && (*v == ' ' || *v == '\t'))
                v++, v_len--;
            if (v_len < 9 || strncasecmp(v, "form-data", 9))
                return -1;
            part->name = disposition_param(a, v, v_len, "name");
            part->filename = disposition_param(a, v, v_len, "filename");
        }
        line += line_len + (eol ? 2 : 0);
    }
    if (!part->name || !*part->name || !utf8_valid(part->name, strlen(part->name)))
        return -1;
    if (part->filename && !utf8_valid(part->filename, strlen(part->filename)))
        part->filename = "";
    return 0;
}

static bool name_taken(const struct part *parts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(parts[i].name, name))
            return true;
    return false;
}

/* Split the body into at most max_parts parts. The count, or -1 when it is not well formed. */
static long split_parts(struct arena *a, const char *body, size_t len, const char *boundary,
                        size_t max_parts, struct part *parts)
{
    char delim[MULTIPART_BOUNDARY_MAX + 5];
    size_t d_len = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    /* The first delimiter may start the body (no CRLF before it) or follow a preamble. */
    const char *p;
    if (len >= d_len - 2 && !memcmp(body, delim + 2, d_len - 2))
        p = body + d_len - 2;
    else if ((p = memmem(body, len, delim, d_len)))
        p += d_len;
    else
        return -1;
    const char *end = body + len;
    size_t n = 0;
    for (;;) {
        if (end - p >= 2 && !memcmp(p, "--", 2))
            return (long)n; /* the closing delimiter; an epilogue is ignored */
        if (end - p < 2 || memcmp(p, "\r\n", 2) || n == max_parts)
            return -1;
        p += 2;
        const char *data;
        size_t headers_len = 0;
        if (end - p >= 2 && !memcmp(p, "\r\n", 2)) {
            data = p + 2; /* no headers at all: refused below, for want of a name */
        } else {
            const char *blank = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
            if (!blank)
                return -1;
            headers_len = (size_t)(blank - p);
            data = blank + 4;
        }
        if (headers_len > MULTIPART_HEADERS_MAX || part_headers(a, p, headers_len, &parts[n]))
            return -1;
        const char *next = memmem(data, (size_t)(end - data), delim, d_len);
        if (!next || name_taken(parts, n, parts[n].name))
            return -1;
        parts[n].data = data;
        parts[n].len = (size_t)(next - data);
        n++;
        p = next + d_len;
    }
}

int multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                    size_t max_parts, struct param **form, size_t *n_form,
                    struct upload **files, size_t *n_files)
{
    *n_form = *n_files = 0;
    char boundary[MULTIPART_BOUNDARY_MAX + 1];
    if (!content_type || boundary_of(content_type, boundary))
        return -1;
    struct part *parts = arena_alloc(a, (max_parts ? max_parts : 1) * sizeof *parts);
    long n = split_parts(a, body, len, boundary, max_parts, parts);
    if (n < 0)
        return -1;
    *form = arena_alloc(a, ((size_t)n ? (size_t)n : 1) * sizeof **form);
    *files = arena_alloc(a, ((size_t)n ? (size_t)n : 1) * sizeof **files);
    for (long i = 0; i < n; i++) {
        const struct part *part = &parts[i];
        if (part->filename) {
            (*files)[(*n_files)++] =
                (struct upload){part->name, part->filename, part->data, part->len};
            continue;
        }
        if (memchr(part->data, '\0', part->len) || !utf8_valid(part->data, part->len))
            return -1;
        (*form)[(*n_form)++] =
            (struct param){part->name, arena_strndup(a, part->data, part->len)};
    }
    return 0;
}
