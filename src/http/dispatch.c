#include "http/dispatch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/client_addr.h"
#include "http/multipart.h"
#include "http/req.h"
#include "http/route.h"
#include "http/session.h"
#include "http/static.h"
#include "http/url.h"

/* The length of a {token} segment at path (1 to 128 letters, digits, '-' or '_', up to the end
   or a '/'), or 0 when it is not one. */
static size_t token_segment(const char *path)
{
    size_t n = strspn(path, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_");
    return n >= 1 && n <= 128 && (path[n] == '\0' || path[n] == '/') ? n : 0;
}

/* Match path against pattern, capturing {id} segments and one {token} segment (into
   r->path_token, arena-owned). */
static bool route_matches(const char *pattern, const char *path, struct req *r)
{
    size_t n_ids = 0;
    int64_t ids[MAX_PATH_ARGS];
    const char *token = NULL;
    size_t token_len = 0;
    while (*pattern && *path) {
        if (!strncmp(pattern, "{token}", 7)) {
            token_len = token_segment(path);
            if (!token_len || token)
                return false;
            token = path;
            pattern += 7;
            path += token_len;
            continue;
        }
        if (!strncmp(pattern, "{id}", 4)) {
            if (*path < '1' || *path > '9')
                return false;
            char *end;
            errno = 0;
            long long v = strtoll(path, &end, 10);
            if (errno || (*end && *end != '/') || n_ids == MAX_PATH_ARGS)
                return false;
            ids[n_ids++] = v;
            pattern += 4;
            path = end;
            continue;
        }
        if (*pattern != *path)
            return false;
        pattern++;
        path++;
    }
    if (*pattern || *path)
        return false;
    memcpy(r->path_ids, ids, n_ids * sizeof ids[0]);
    r->n_path_ids = n_ids;
    r->path_token = token ? arena_printf(&r->arena, "%.*s", (int)token_len, token) : NULL;
    return true;
}

const struct route *dispatch_find_route(struct req *r, bool *path_known)
{
    *path_known = false;
    for (size_t i = 0; i < n_routes; i++) {
        if (!route_matches(routes[i].pattern, r->path, r))
            continue;
        *path_known = true;
        if (!strcmp(routes[i].method, r->method) ||
            (!strcmp(r->method, "HEAD") && !strcmp(routes[i].method, "GET")))
            return &routes[i];
    }
    return NULL;
}

/* A request for a page that needs a login, without one: pages go to the login, JSON gets 401
   and a form post 401 with its fields given back (the login may have ended while it was
   being filled in). */
static int refuse_login_needed(struct req *r)
{
    if (r->is_post)
        return dispatch_resubmit(r, 401);
    if (r->wants_json)
        return dispatch_refuse(r, 401, "error.login_needed");
    char *location =
        arena_printf(&r->arena, "/login?next=%s", url_escape_path(&r->arena, r->path));
    return respond_redirect(r, location);
}

void dispatch(struct req *r)
{
    if (static_serve(r))
        return;
    r->client_ip = client_addr(r); /* behind trusted proxies: the address they forwarded */
    db_set_client(r->db, r->client_ip);
    session_load(r); /* first: the language depends on who is asking */
    dispatch_choose_language(r);
    bool path_known;
    const struct route *route = dispatch_find_route(r, &path_known);
    r->route_pattern = route ? route->pattern : NULL;
    if (!route) {
        if (path_known) {
            req_add_header(r, "Allow", "GET, POST");
            dispatch_refuse(r, 405, "error.method_not_allowed");
        } else {
            dispatch_refuse(r, 404, "error.not_found");
        }
        return;
    }
    bool is_public = route->flags & ROUTE_PUBLIC;
    if (!is_public && r->user.role == ROLE_NONE) {
        refuse_login_needed(r);
        return;
    }
    if (!is_public && !(route->roles & r->user.role)) {
        dispatch_refuse(r, 403, "error.forbidden");
        return;
    }
    if (r->multipart_body &&
        (!(route->flags & ROUTE_MULTIPART) ||
         multipart_parse(&r->arena, r->multipart_type, r->multipart_body, r->multipart_len,
                         MULTIPART_MAX_PARTS, &r->form, &r->n_form, &r->files, &r->n_files)))
        r->form_bad = true;
    if (r->form_bad) {
        dispatch_refuse(r, 400, "error.form_bad");
        return;
    }
    if (r->query_bad) {
        dispatch_refuse(r, 400, "error.query_bad");
        return;
    }
    if (r->is_post && !(route->flags & ROUTE_OWN_CSRF) && !session_check_csrf(r)) {
        /* A logged-in user's stale token: the form comes back with a fresh one. */
        if (r->user.role != ROLE_NONE)
            dispatch_resubmit(r, 403);
        else
            dispatch_refuse(r, 403, "error.form_expired");
        return;
    }
    route->handler(r);
}
