/* One HTTP request and its response, as the pages see it. Only src/http includes microhttpd. */
#ifndef VERRIJKT_HTTP_REQ_H
#define VERRIJKT_HTTP_REQ_H

#include "http/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

struct app;
struct db;

enum role {
    ROLE_NONE = 0,
    ROLE_LEAD = 1 << 0,
    ROLE_COORDINATOR = 1 << 1,
    ROLE_STAFF = 1 << 2,
    ROLE_PARENT = 1 << 3,
};
#define ROLES_ANY (ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF | ROLE_PARENT)
#define ROLES_SCHOOL (ROLE_LEAD | ROLE_COORDINATOR)

/* The logged-in user (role ROLE_NONE when nobody is). */
struct user {
    int64_t id;
    enum role role;
    int64_t school_id; /* coordinator: the own school; 0 otherwise */
    int64_t staff_id;  /* staff: the staff record; 0 otherwise */
    const char *email; /* arena-owned */
    const char *name;  /* arena-owned */
};

struct param {
    const char *name;  /* arena-owned, NUL-free */
    const char *value; /* arena-owned, NUL-free, valid UTF-8 */
};

/* A file sent in a multipart/form-data body (routes with ROUTE_MULTIPART). */
struct upload {
    const char *name;     /* the form field, arena-owned */
    const char *filename; /* as the browser sent it (may be ""), arena-owned */
    const char *data;     /* the bytes as sent (not NUL-terminated, may hold anything) */
    size_t len;
};

struct header {
    const char *name, *value; /* arena-owned */
};

enum { MAX_PATH_ARGS = 4 };

struct req {
    struct arena arena;
    const struct app *app;
    struct db *db; /* this worker thread's connection */
    void *conn;    /* the libmicrohttpd connection (opaque outside src/http) */

    const char *method;
    const char *path;      /* without the query string */
    const char *client_ip; /* arena-owned */
    bool wants_json;       /* Accept: application/json */
    bool is_post;

    struct param *query;
    size_t n_query;
    struct param *form; /* parsed application/x-www-form-urlencoded body */
    size_t n_form;
    bool form_bad;  /* the body had NUL bytes, invalid UTF-8 or duplicate names */
    struct upload *files; /* multipart bodies only: the file parts (text parts are in form) */
    size_t n_files;
    const char *multipart_type; /* a multipart/form-data body not parsed yet: its type, */
    const char *multipart_body; /* and bytes (the dispatcher parses them for the route) */
    size_t multipart_len;
    bool query_bad; /* the query string had NUL bytes or invalid UTF-8 */
    uint64_t request_id;       /* this process's number for the request (access log, errors) */
    double started;            /* monotonic seconds when the request began */
    const char *route_pattern; /* the route that answered ("/activities/{id}"), or NULL */

    int64_t path_ids[MAX_PATH_ARGS]; /* the {id} segments of the route, in order */
    size_t n_path_ids;
    const char *path_token; /* the route's {token} segment (arena-owned), or NULL */

    struct user user;
    const char *csrf;       /* the login's CSRF token (arena-owned), NULL when logged out */
    const char *flash;      /* one-time message from the previous request, or NULL */
    bool flash_warning;     /* the flash says something was refused: not the success style */
    const char *lang;       /* "nl" or "en" */
    unsigned char session_token_hash[32];
    bool has_session;

    /* response */
    int status;
    struct buf body;
    const char *content_type;
    struct header *headers; /* arena-owned; grows as req_add_header needs */
    size_t n_headers, cap_headers;
};

/* Query / form parameter by name, or NULL. Arena-owned. */
const char *req_query(const struct req *r, const char *name);
const char *req_form(const struct req *r, const char *name);
/* The file sent in field name of a multipart body, or NULL. */
const struct upload *req_file(const struct req *r, const char *name);
/* A request header (case-insensitive), or NULL. Implemented in server.c. */
const char *req_header(const struct req *r, const char *name);
/* A cookie value, or NULL. Implemented in server.c. */
const char *req_cookie(const struct req *r, const char *name);
/* Add a response header (both strings copied into the arena). */
void req_add_header(struct req *r, const char *name, const char *value);

/* Parse an application/x-www-form-urlencoded string into arena-owned params. Returns 0, or -1
   when a value has NUL bytes or invalid UTF-8, a name repeats, or there are more than
   max_fields fields. */
int params_parse(struct arena *a, const char *data, size_t len, size_t max_fields,
                 struct param **out, size_t *n_out);

/* Set a plain-text response with status. Returns status. */
int respond_text(struct req *r, int status, const char *text);
/* Answer with the text in body (taken over; body is left empty) as content_type. */
int respond_body(struct req *r, int status, struct buf *body, const char *content_type);
/* Redirect (303 See Other) to location; with wants_json answers 200 {"ok":true,"location":…}
   unless json is given, which is then sent (stolen) with json_status. Returns the status. */
int respond_redirect(struct req *r, const char *location);
/* Send a JSON value (stolen) with status. Returns status. */
int respond_json(struct req *r, int status, json_t *value);

#endif
