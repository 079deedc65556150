/* libmicrohttpd glue: accepts requests, collects bodies within limits, dispatches, responds. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "http/dispatch.h"
#include "http/req.h"
#include "util/utf8.h"

enum { MAX_FORM_FIELDS = 2000 };

/* Per-connection-request state, created on the first callback, freed when it completes. */
struct pending {
    struct req req;
    struct buf upload;
    bool too_large;
};

static pthread_key_t thread_db_key;
static pthread_once_t thread_db_once = PTHREAD_ONCE_INIT;

static void close_thread_db(void *db) { db_close(db); }
static void make_thread_db_key(void) { pthread_key_create(&thread_db_key, close_thread_db); }

/* This worker thread's connection, opened on first use and closed when the thread exits. */
static struct db *thread_db(const struct app *app)
{
    pthread_once(&thread_db_once, make_thread_db_key);
    struct db *db = pthread_getspecific(thread_db_key);
    if (db)
        return db;
    char err[256];
    db = db_open(app->cfg.db_path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "serve: %s\n", err);
        return NULL;
    }
    pthread_setspecific(thread_db_key, db);
    return db;
}

const char *req_header(const struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* Keep the first value of each query parameter; a name or value with a NUL byte (%00) or
   invalid UTF-8 marks the request's query as bad (answered 400 by the dispatcher). */
static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    struct req *r = cls;
    if (!key)
        return MHD_YES;
    if (!value) {
        value = "";
        value_size = 0;
    }
    if (memchr(key, '\0', key_size) || memchr(value, '\0', value_size) ||
        !utf8_valid(key, key_size) || !utf8_valid(value, value_size)) {
        r->query_bad = true;
        return MHD_NO;
    }
    if (r->n_query >= 64)
        return MHD_NO;
    for (size_t i = 0; i < r->n_query; i++)
        if (!strcmp(r->query[i].name, key))
            return MHD_YES;
    r->query[r->n_query].name = arena_strdup(&r->arena, key);
    r->query[r->n_query].value = arena_strdup(&r->arena, value);
    r->n_query++;
    return MHD_YES;
}

static const char *client_ip(struct req *r)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "?";
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof text);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof text);
    }
    return arena_strdup(&r->arena, text);
}

static bool accepts_json(const char *accept)
{
    return accept && strstr(accept, "application/json") != NULL;
}

static struct pending *pending_new(const struct app *app, struct MHD_Connection *conn,
                                   const char *url, const char *method)
{
    struct pending *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    struct req *r = &p->req;
    r->app = app;
    r->conn = conn;
    r->method = arena_strdup(&r->arena, method);
    r->path = arena_strdup(&r->arena, url);
    r->is_post = !strcmp(method, "POST");
    r->client_ip = client_ip(r);
    r->wants_json = accepts_json(req_header(r, MHD_HTTP_HEADER_ACCEPT));
    r->lang = "nl";
    r->query = arena_alloc(&r->arena, 64 * sizeof *r->query);
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_query, r);
    const char *length = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > app->cfg.max_body)
        p->too_large = true;
    return p;
}

static void add_security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
                            "frame-ancestors 'none'");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct req *r)
{
    size_t len = r->body.len;
    char *data = buf_steal(&r->body);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type : "text/plain; charset=utf-8");
    add_security_headers(resp);
    bool has_cache_control = false;
    for (size_t i = 0; i < r->n_headers; i++) {
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
        if (!strcasecmp(r->headers[i].name, "Cache-Control"))
            has_cache_control = true;
    }
    if (!has_cache_control)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Turn the collected body into form parameters (urlencoded only). */
static void parse_body(struct pending *p)
{
    struct req *r = &p->req;
    const char *type = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!p->upload.len)
        return;
    if (type && strncasecmp(type, "application/x-www-form-urlencoded", 33)) {
        r->form_bad = true;
        return;
    }
    if (memchr(p->upload.data, '\0', p->upload.len) ||
        params_parse(&r->arena, p->upload.data, p->upload.len, MAX_FORM_FIELDS, &r->form,
                     &r->n_form))
        r->form_bad = true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    const struct app *app = cls;
    struct pending *p = *con_cls;
    if (!p) {
        *con_cls = pending_new(app, conn, url, method);
        return MHD_YES;
    }
    struct req *r = &p->req;
    if (*upload_data_size) {
        if (!p->too_large && p->upload.len + *upload_data_size > app->cfg.max_body)
            p->too_large = true;
        if (!p->too_large)
            buf_append(&p->upload, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (p->too_large) {
        respond_text(r, 413, "Het verzoek is te groot.");
        return send_response(conn, r);
    }
    r->db = thread_db(app);
    if (!r->db) {
        respond_text(r, 503, "De database is niet beschikbaar.");
        return send_response(conn, r);
    }
    parse_body(p);
    dispatch(r);
    return send_response(conn, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct pending *p = *con_cls;
    if (!p)
        return;
    buf_free(&p->upload);
    buf_free(&p->req.body);
    arena_free(&p->req.arena);
    free(p);
    *con_cls = NULL;
}

static int wait_for_stop_signal(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    return sigwait(&set, &sig);
}

int server_run(struct app *app)
{
    const struct config *cfg = &app->cfg;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->listen_port);
    if (inet_pton(AF_INET, cfg->listen_host, &addr.sin_addr) != 1) {
        fprintf(stderr, "serve: listen address must be an IPv4 address: %s\n", cfg->listen_host);
        return -1;
    }
    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)cfg->connection_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)cfg->per_ip_limit, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)cfg->timeout_seconds, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "serve: cannot listen on %s:%d\n", cfg->listen_host, cfg->listen_port);
        return -1;
    }
    printf("verrijkt: serving on http://%s:%d/\n", cfg->listen_host, cfg->listen_port);
    fflush(stdout);
    wait_for_stop_signal();
    MHD_stop_daemon(d);
    return 0;
}
