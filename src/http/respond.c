/* Responses that need no template: JSON, plain text, redirects (declared in http/req.h). */
#include <jansson.h>
#include <stdlib.h>

#include "http/req.h"
#include "util/buf.h"

static int append_to_body(const char *text, size_t n, void *body)
{
    buf_append(body, text, n);
    return 0;
}

/* Numbers with 15 significant digits: a figure rounded to 33.3 reads "33.3", not its binary
   neighbour 33.299999999999997 (17 digits, jansson's default). */
int respond_json(struct req *r, int status, json_t *value)
{
    buf_reset(&r->body);
    json_dump_callback(value, append_to_body, &r->body, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(value);
    buf_putc(&r->body, '\n');
    r->content_type = "application/json; charset=utf-8";
    r->status = status;
    return status;
}

int respond_text(struct req *r, int status, const char *text)
{
    buf_reset(&r->body);
    buf_puts(&r->body, text);
    buf_putc(&r->body, '\n');
    r->content_type = "text/plain; charset=utf-8";
    r->status = status;
    return status;
}

int respond_body(struct req *r, int status, struct buf *body, const char *content_type)
{
    buf_free(&r->body);
    r->body = *body;
    *body = (struct buf)BUF_INIT;
    r->content_type = content_type;
    r->status = status;
    return status;
}

int respond_redirect(struct req *r, const char *location)
{
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b, s:s}", "ok", 1, "location", location));
    req_add_header(r, "Location", location);
    buf_reset(&r->body);
    r->content_type = "text/plain; charset=utf-8";
    r->status = 303;
    return 303;
}
