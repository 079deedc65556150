/* libmicrohttpd glue: accepts requests, collects bodies within limits, dispatches, responds. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "http/access_log.h"
#include "http/conn_guard.h"
#include "http/dispatch.h"
#include "http/listener.h"
#include "http/metrics.h"
#include "http/req.h"
#include "util/json_arena.h"
#include "util/log.h"
#include "util/utf8.h"

enum {
    MAX_FORM_FIELDS = 2000,
    /* Files the process needs besides its connections: per worker thread three databases (its
       own, and the two mapped ones the reports read, db_for_scans and db_for_scans_beside)
       with their -wal and -shm files and an epoll descriptor; the listening socket, the
       shared writer, the mailer, stdio. */
    FILES_PER_THREAD = 13,
    FILES_BESIDES = 64,
    STOP_GRACE_SECONDS = 10, /* a graceful stop waits request_deadline + this at most */
    /* libmicrohttpd's memory per connection (request line, headers, the answer's headers; a
       body streams through it): it zeroes all of it after every request, so an idle
       keep-alive connection holds all of it. 32 KB by default: 3,000 idle connections took
       100 MB, with 16 KB 51 MB (tests/bench/idle_connections.sh). A request's line, headers and
       parsed query must fit in it (libmicrohttpd answers 431, or closes the connection): a
       browser's request with our cookie is about 1 KB, but 8 KB failed a URL with a hundred
       query parameters (test_http_framework). */
    CONNECTION_MEMORY = 16 * 1024,
};

/* libmicrohttpd's own messages, at most LOG_PER_SECOND a second: a flood of slow clients
   makes one for every connection closed. */
enum { LOG_PER_SECOND = 20 };
struct server_log {
    pthread_mutex_t lock;
    time_t second;         /* the second being counted */
    int written;           /* messages written in it */
    unsigned long dropped; /* left out since the last one written */
};

/* What every libmicrohttpd callback gets as its cls. */
struct server {
    const struct app *app;
    struct conn_guard *guard;
    struct listener *listener;
    struct server_log log;
};

/* Per-connection-request state, created on the first callback, freed when it completes. */
struct pending {
    struct req req;
    struct buf upload;
    bool too_large;
};

/* The number of the next request (the access log's request=N). */
static _Atomic uint64_t next_request_id = 1;

static pthread_key_t thread_db_key;
static pthread_once_t thread_db_once = PTHREAD_ONCE_INIT;

/* The connection every worker's write transactions run on (db_share_writer), open while the
   daemon runs. */
static struct db *shared_writer;

static void close_shared_writer(void)
{
    db_close(shared_writer);
    shared_writer = NULL;
}

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
    if (db_set_mapped(db, false)) { /* db.c: the reports read on a mapped one (db_for_scans) */
        db_close(db);
        return NULL;
    }
    db_share_writer(db, shared_writer);
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

static double monotonic_seconds(void);

static struct pending *pending_new(const struct app *app, struct MHD_Connection *conn,
                                   const char *url, const char *method)
{
    struct pending *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    struct req *r = &p->req;
    r->started = monotonic_seconds();
    r->request_id = next_request_id++;
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

/* Queue r's answer on conn, and write its access-log line when the log is on. */
static enum MHD_Result send_response(struct MHD_Connection *conn, struct req *r)
{
    size_t len = r->body.len;
    double seconds = monotonic_seconds() - r->started;
    metrics_count_request(r->route_pattern, r->status, seconds);
    if (r->app->cfg.access_log)
        access_log_write(r, len, seconds);
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

/* Turn the collected body into form parameters (urlencoded). A multipart/form-data body is
   kept for the dispatcher, which parses it only for a route that takes uploads. */
static void parse_body(struct pending *p)
{
    struct req *r = &p->req;
    const char *type = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!p->upload.len)
        return;
    if (type && !strncasecmp(type, "multipart/form-data", 19)) {
        r->multipart_type = type;
        r->multipart_body = p->upload.data;
        r->multipart_len = p->upload.len;
        return;
    }
    if (type && strncasecmp(type, "application/x-www-form-urlencoded", 33)) {
        r->form_bad = true;
        return;
    }
    if (memchr(p->upload.data, '\0', p->upload.len) ||
        params_parse(&r->arena, p->upload.data, p->upload.len, MAX_FORM_FIELDS, &r->form,
                     &r->n_form))
        r->form_bad = true;
}

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The guard's entry of conn (NULL when it is not guarded). */
static struct conn_entry *guarded(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    const struct server *server = cls;
    const struct app *app = server->app;
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
    conn_guard_request_read(server->guard, guarded(conn));
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
    log_set_request(r->request_id);
    json_arena_begin(); /* the model and what else of JSON the answer needs: util/json_arena.h */
    dispatch(r);
    json_arena_end();
    enum MHD_Result answered = send_response(conn, r);
    log_set_request(0);
    return answered;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    const struct server *server = cls;
    conn_guard_request_done(server->guard, guarded(conn), monotonic_seconds());
    struct pending *p = *con_cls;
    if (!p)
        return;
    buf_free(&p->upload);
    buf_free(&p->req.body);
    arena_free(&p->req.arena);
    free(p);
    *con_cls = NULL;
}

/* The request line came (libmicrohttpd's URI log): the request deadline starts. The value
   returned starts *con_cls: nothing yet (on_request makes it once the headers are in). */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)uri;
    const struct server *server = cls;
    conn_guard_request_line(server->guard, guarded(conn), monotonic_seconds());
    return NULL;
}

/* A connection opened or closed: the guard follows it (*socket_context is its entry). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    const struct server *server = cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        listener_connection_closed(server->listener);
        conn_guard_close(server->guard, *socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn,
                                                                 MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!fd || !addr || !addr->client_addr)
        return;
    size_t addr_len = addr->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                               : sizeof(struct sockaddr_in);
    *socket_context = conn_guard_open(server->guard, addr->client_addr, addr_len,
                                      fd->connect_fd, monotonic_seconds());
}

/* libmicrohttpd's messages to stderr, within LOG_PER_SECOND; how many were left out is said
   before the next one written. */
__attribute__((format(printf, 2, 0))) static void log_limited(void *cls, const char *fmt,
                                                              va_list ap)
{
    struct server_log *log = cls;
    time_t now = time(NULL);
    pthread_mutex_lock(&log->lock);
    if (now != log->second) {
        log->second = now;
        log->written = 0;
    }
    if (log->written < LOG_PER_SECOND) {
        log->written++;
        if (log->dropped)
            fprintf(stderr, "serve: (%lu messages of the HTTP library left out)\n", log->dropped);
        log->dropped = 0;
        vfprintf(stderr, fmt, ap);
    } else {
        log->dropped++;
    }
    pthread_mutex_unlock(&log->lock);
}

/* The guard's way of closing a connection: libmicrohttpd sees the socket end, closes it and
   tells on_connection. */
static void shut_socket(int fd, void *arg)
{
    (void)arg;
    shutdown(fd, SHUT_RDWR);
}

/* Raise the soft limit on open files to what connection_limit needs, up to the hard limit.
   Returns the connections the limit allows (connection_limit, or fewer, said in the log). */
static unsigned usable_connection_limit(const struct config *cfg)
{
    rlim_t besides = FILES_BESIDES + (rlim_t)cfg->threads * FILES_PER_THREAD;
    rlim_t needed = (rlim_t)cfg->connection_limit + besides;
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files)) {
        fprintf(stderr, "serve: cannot read the open-file limit: %s\n", strerror(errno));
        return (unsigned)cfg->connection_limit;
    }
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < needed) {
        struct rlimit raised = files;
        raised.rlim_cur = files.rlim_max == RLIM_INFINITY || files.rlim_max >= needed
                              ? needed
                              : files.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            files = raised;
    }
    if (files.rlim_cur == RLIM_INFINITY || files.rlim_cur >= needed)
        return (unsigned)cfg->connection_limit;
    rlim_t usable = files.rlim_cur > besides + 10 ? files.rlim_cur - besides : 10;
    fprintf(stderr,
            "serve: the open-file limit is %llu, and connection_limit = %d needs %llu; serving "
            "at most %llu connections (raise the limit: ulimit -n, or LimitNOFILE= in systemd)\n",
            (unsigned long long)files.rlim_cur, cfg->connection_limit,
            (unsigned long long)needed, (unsigned long long)usable);
    return (unsigned)usable;
}

/* The guard's limits: a tenth of the connections (at least two) is kept for new addresses. */
static struct conn_guard_limits guard_limits(const struct config *cfg, unsigned connections)
{
    unsigned reserve = connections / 10 > 2 ? connections / 10 : 2;
    struct conn_guard_limits limits = {
        .high_water = connections > reserve ? connections - reserve : 1,
        .request_deadline = cfg->request_deadline_seconds,
        .idle_deadline = cfg->timeout_seconds,
    };
    return limits;
}

/* Wait for SIGINT or SIGTERM, sweeping the guard once a second meanwhile. */
static void serve_until_stop_signal(struct conn_guard *guard)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    const struct timespec second = {1, 0};
    for (;;) {
        int sig = sigtimedwait(&set, NULL, &second);
        if (sig == SIGINT || sig == SIGTERM)
            return;
        conn_guard_sweep(guard, monotonic_seconds());
    }
}

/* Stop taking connections (they are refused from now on), close the idle ones, let requests
   in flight finish (their request deadline still applies), then stop the daemon. */
/* New connections are refused from the moment the listener closes; the ones in progress get
   request_deadline plus a grace period to finish before the daemon stops. */
static void stop_gracefully(struct MHD_Daemon *d, struct listener *listener,
                            struct conn_guard *guard, const struct config *cfg)
{
    listener_stop(listener);
    double give_up = monotonic_seconds() + cfg->request_deadline_seconds + STOP_GRACE_SECONDS;
    const struct timespec pause = {0, 20 * 1000 * 1000};
    while (conn_guard_drain(guard) > 0 && monotonic_seconds() < give_up) {
        conn_guard_sweep(guard, monotonic_seconds());
        nanosleep(&pause, NULL);
    }
    MHD_stop_daemon(d);
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
    json_arena_install();

    unsigned connections = usable_connection_limit(cfg);
    struct conn_guard_limits limits = guard_limits(cfg, connections);
    struct server server = {.app = app, .guard = conn_guard_new(&limits, shut_socket, NULL)};
    if (!server.guard || pthread_mutex_init(&server.log.lock, NULL)) {
        fprintf(stderr, "serve: out of memory\n");
        conn_guard_free(server.guard);
        return -1;
    }
    char err[256];
    shared_writer = db_open(cfg->db_path, err, sizeof err);
    if (shared_writer && db_set_mapped(shared_writer, false)) {
        snprintf(err, sizeof err, "cannot unmap the writer's connection");
        close_shared_writer();
    }
    if (!shared_writer) {
        fprintf(stderr, "serve: %s\n", err);
        conn_guard_free(server.guard);
        pthread_mutex_destroy(&server.log.lock);
        return -1;
    }
    struct listener *listener = server.listener = listener_open(&addr);
    if (!listener) {
        fprintf(stderr, "serve: cannot listen on %s:%d: %s\n", cfg->listen_host,
                cfg->listen_port, strerror(errno));
        close_shared_writer();
        conn_guard_free(server.guard);
        pthread_mutex_destroy(&server.log.lock);
        return -1;
    }
    /* The listener accepts and keeps to `connections`; libmicrohttpd splits its own limit over
       its workers and hands a connection to a worker by its descriptor, so each worker gets
       room for all of them and never closes one the listener handed over. */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            MHD_USE_NO_LISTEN_SOCKET,
        0, NULL, NULL, on_request, &server, MHD_OPTION_EXTERNAL_LOGGER, log_limited, &server.log,
        MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT, connections * (unsigned)cfg->threads,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &server, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, &server, MHD_OPTION_URI_LOG_CALLBACK, on_request_line, &server,
        MHD_OPTION_END);
    if (!d || listener_start(listener, d, connections) != 0) {
        fprintf(stderr, "serve: cannot start the server on %s:%d\n", cfg->listen_host,
                cfg->listen_port);
        listener_free(listener);
        if (d)
            MHD_stop_daemon(d);
        close_shared_writer();
        conn_guard_free(server.guard);
        pthread_mutex_destroy(&server.log.lock);
        return -1;
    }
    printf("verrijkt: serving on http://%s:%d/\n", cfg->listen_host, cfg->listen_port);
    fflush(stdout);
    serve_until_stop_signal(server.guard);
    stop_gracefully(d, listener, server.guard, cfg);
    listener_free(listener);
    close_shared_writer(); /* the workers, and their connections, have ended */
    conn_guard_free(server.guard);
    pthread_mutex_destroy(&server.log.lock);
    return 0;
}
