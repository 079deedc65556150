/* The floors of the bench pairs (tests/bench/pairs.sh): what the machine does with
 * libmicrohttpd and SQLite when the application does nothing, run with the daemon's own server
 * options (src/http/server.c: internal polling thread, epoll, a thread pool) on 127.0.0.1.
 *
 *   floor page FILE PORT THREADS
 *       Answers every request with FILE's exact bytes (read once into memory), 200 text/html.
 *   floor insert DB PORT THREADS full|normal
 *       Answers every POST with one INSERT of the body's pupil_id and activity_id in its own
 *       transaction (BEGIN IMMEDIATE … COMMIT) in DB (WAL, PRAGMA synchronous as given), the
 *       writes serialized in the process by one mutex around the one connection; 201 and a
 *       small JSON answer, as POST /enrolments gives with Accept: application/json.
 *
 * Runs until SIGTERM or SIGINT. Build: cc -std=c17 -O2 -D_GNU_SOURCE tests/bench/floor.c
 *   -lmicrohttpd -lsqlite3 -lpthread -o /tmp/floor
 */
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    CONNECTION_LIMIT = 4096,
    BODY_MAX = 1024, /* bytes of a POST body kept; the rest is read and dropped */
};

/* ---- page: the same bytes for every request -------------------------------------------------- */

static struct MHD_Response *page_response;

static enum MHD_Result answer_page(void *cls, struct MHD_Connection *connection, const char *url,
                                   const char *method, const char *version, const char *upload_data,
                                   size_t *upload_data_size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload_data;
    if (!*state) { /* the first call, with the headers only */
        *state = (void *)1;
        return MHD_YES;
    }
    if (*upload_data_size) { /* a body is read and dropped */
        *upload_data_size = 0;
        return MHD_YES;
    }
    return MHD_queue_response(connection, MHD_HTTP_OK, page_response);
}

/* FILE's bytes as a response shared by every request; NULL when it cannot be read. */
static struct MHD_Response *file_response(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *bytes = NULL;
    size_t size = 0, used = 0;
    for (;;) {
        if (used == size) {
            size = size ? size * 2 : 65536;
            char *grown = realloc(bytes, size);
            if (!grown)
                abort();
            bytes = grown;
        }
        size_t n = fread(bytes + used, 1, size - used, f);
        used += n;
        if (n == 0)
            break;
    }
    fclose(f);
    struct MHD_Response *r = MHD_create_response_from_buffer(used, bytes, MHD_RESPMEM_MUST_FREE);
    if (r)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    return r;
}

/* ---- insert: one row per transaction --------------------------------------------------------- */

static sqlite3 *database;
static sqlite3_stmt *begin, *insert, *commit, *rollback;
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;

/* A request's body as it arrives. */
struct upload {
    size_t len;
    char body[BODY_MAX + 1];
};

/* The integer after "name=" in body, 0 when absent. */
static long long form_int(const char *body, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = body; (p = strstr(p, name)) != NULL; p += n)
        if ((p == body || p[-1] == '&') && p[n] == '=')
            return atoll(p + n + 1);
    return 0;
}

static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

/* One INSERT in its own transaction, serialized; the new row's id, or -1. */
static long long insert_row(long long pupil_id, long long activity_id)
{
    pthread_mutex_lock(&writer);
    long long id = -1;
    if (step_reset(begin) == SQLITE_DONE) {
        sqlite3_bind_int64(insert, 1, pupil_id);
        sqlite3_bind_int64(insert, 2, activity_id);
        if (step_reset(insert) == SQLITE_DONE && step_reset(commit) == SQLITE_DONE)
            id = sqlite3_last_insert_rowid(database);
        else
            step_reset(rollback);
    }
    pthread_mutex_unlock(&writer);
    return id;
}

static enum MHD_Result send_text(struct MHD_Connection *connection, unsigned status,
                                 const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    enum MHD_Result rc = MHD_queue_response(connection, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result answer_insert(void *cls, struct MHD_Connection *connection, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **state)
{
    (void)cls, (void)url, (void)version;
    struct upload *up = *state;
    if (!up) {
        up = calloc(1, sizeof *up);
        if (!up)
            return MHD_NO;
        *state = up;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t room = BODY_MAX - up->len, n = *upload_data_size < room ? *upload_data_size : room;
        memcpy(up->body + up->len, upload_data, n);
        up->len += n;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "POST"))
        return send_text(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "{\"error\":\"POST\"}");
    long long id = insert_row(form_int(up->body, "pupil_id"), form_int(up->body, "activity_id"));
    if (id < 0)
        return send_text(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, "{\"error\":\"insert\"}");
    char text[96];
    snprintf(text, sizeof text, "{\"id\":%lld,\"status\":\"enrolled\",\"position\":0}", id);
    return send_text(connection, MHD_HTTP_CREATED, text);
}

static void request_completed(void *cls, struct MHD_Connection *connection, void **state,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)connection, (void)toe;
    if (*state != (void *)1)
        free(*state);
    *state = NULL;
}

/* The database with its one table and statements; 0 or -1 (the reason on stderr). */
static int open_database(const char *path, const char *synchronous)
{
    char pragmas[256];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; CREATE TABLE IF NOT EXISTS"
             " signups (id INTEGER PRIMARY KEY, pupil_id INTEGER NOT NULL, activity_id INTEGER"
             " NOT NULL, created_at TEXT NOT NULL)",
             !strcmp(synchronous, "full") ? "FULL" : "NORMAL");
    if (sqlite3_open(path, &database) != SQLITE_OK ||
        sqlite3_exec(database, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(database, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(database,
                           "INSERT INTO signups (pupil_id, activity_id, created_at)"
                           " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%f', 'now'))",
                           -1, &insert, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(database, "COMMIT", -1, &commit, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(database, "ROLLBACK", -1, &rollback, NULL) != SQLITE_OK) {
        fprintf(stderr, "floor: %s: %s\n", path, sqlite3_errmsg(database));
        return -1;
    }
    return 0;
}

/* ---- main ------------------------------------------------------------------------------------ */

static struct MHD_Daemon *start(int port, unsigned threads, MHD_AccessHandlerCallback answer)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, 0, NULL,
                            NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
                            (unsigned)CONNECTION_LIMIT, MHD_OPTION_NOTIFY_COMPLETED,
                            request_completed, NULL, MHD_OPTION_END);
}

int main(int argc, char **argv)
{
    bool page = argc == 5 && !strcmp(argv[1], "page");
    bool insert_mode = argc == 6 && !strcmp(argv[1], "insert") &&
                       (!strcmp(argv[5], "full") || !strcmp(argv[5], "normal"));
    int port = argc > 3 ? atoi(argv[3]) : 0, threads = argc > 4 ? atoi(argv[4]) : 0;
    if ((!page && !insert_mode) || port < 1 || port > 65535 || threads < 1 || threads > 256) {
        fprintf(stderr,
                "usage: %s page FILE PORT THREADS\n"
                "       %s insert DB PORT THREADS full|normal\n",
                argv[0], argv[0]);
        return 2;
    }
    if (page && !(page_response = file_response(argv[2]))) {
        fprintf(stderr, "floor: cannot read %s\n", argv[2]);
        return 2;
    }
    if (insert_mode && open_database(argv[2], argv[5]))
        return 2;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* the server's threads inherit the mask */
    struct MHD_Daemon *d = start(port, (unsigned)threads, page ? answer_page : answer_insert);
    if (!d) {
        fprintf(stderr, "floor: cannot listen on 127.0.0.1:%d\n", port);
        return 2;
    }
    int signal_number;
    sigwait(&stop, &signal_number);
    MHD_stop_daemon(d);
    if (page_response)
        MHD_destroy_response(page_response);
    if (database) {
        sqlite3_finalize(begin);
        sqlite3_finalize(insert);
        sqlite3_finalize(commit);
        sqlite3_finalize(rollback);
        sqlite3_close(database);
    }
    return 0;
}
