/* The HTTP test harness: starts the real daemon (fork/exec) on a free port with a fresh
   database, and drives it with libcurl clients that keep cookies in memory and track the
   CSRF token the pages hand out. */
#include "harness.h"
#include "parent_fixture.h" /* pf_binary, pf_remove_dir */

#include <stdarg.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { CSRF_MAX = 128, START_TRIES = 3, LOGIN_BUSY_TRIES = 8 };

struct client {
    struct daemon *d;
    CURL *curl;
    char csrf[CSRF_MAX];
    char extra_header[256]; /* sent with every request when not "" */
    char source[64];        /* the local address to connect from, "" for any */
    curl_mime *mime;        /* the next request's multipart body (client_post_file), or NULL */
};

const char *harness_server_config;
const char *harness_daemon_stderr;

/* ---- small helpers ------------------------------------------------------------------------ */

static void ensure_curl(void)
{
    static bool done;
    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = true;
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* fork/exec argv with stdout sent to /dev/null (stderr inherited). The child's pid, or -1. */
static pid_t spawn(char *const argv[])
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("harness: fork");
        return -1;
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* no daemon left behind when a test program dies */
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            close(null);
        }
        int log = harness_daemon_stderr
                      ? open(harness_daemon_stderr, O_WRONLY | O_CREAT | O_APPEND, 0600)
                      : -1;
        if (log >= 0) {
            dup2(log, STDERR_FILENO);
            close(log);
        }
        execv(argv[0], argv);
        fprintf(stderr, "harness: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Run argv to completion; 0 when it exited with status 0. */
static int run_command(char *const argv[])
{
    pid_t pid = spawn(argv);
    if (pid < 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "harness: %s %s failed (status %d)\n", argv[0], argv[1],
                WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        return -1;
    }
    return 0;
}

int harness_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Write DIR/config.ini: room for the tests' many connections from 127.0.0.1 (the race tests
   hold 60 at once; the default per_ip_limit is 20), then, when run from the source tree, its
   templates and static files (so any build folder works, e.g. build/asan/verrijkt), then
   extra_ini (NULL: none). The path, or "" when it could not be written. */
static void write_config(const struct daemon *d, const char *extra_ini, char *out, size_t size)
{
    out[0] = '\0';
    char path[600];
    snprintf(path, sizeof path, "%s/config.ini", d->dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "[log]\naccess = false\n[server]\nper_ip_limit = 200\n");
    char cwd[400];
    if (getcwd(cwd, sizeof cwd) && is_dir("templates") && is_dir("static"))
        fprintf(f, "templates = %s/templates\nstatic = %s/static\n", cwd, cwd);
    if (harness_server_config)
        fprintf(f, "%s\n", harness_server_config);
    if (extra_ini)
        fprintf(f, "%s\n", extra_ini);
    if (fclose(f) == 0)
        snprintf(out, size, "%s", path);
}

/* ---- responses ---------------------------------------------------------------------------- */

void response_free(struct response *res)
{
    free(res->body);
    memset(res, 0, sizeof *res);
}

json_t *response_json(const struct response *res)
{
    if (!res->body)
        return NULL;
    return json_loadb(res->body, res->len, 0, NULL);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct response *res = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(res->body, res->len + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + res->len, data, n);
    res->body = grown;
    res->len += n;
    res->body[res->len] = '\0';
    return n;
}

/* Copy the value of header line `line` (n bytes, "Name: value\r\n") into out when the name is
   `name`. */
static void header_value(const char *line, size_t n, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    if (n <= name_len || strncasecmp(line, name, name_len) || line[name_len] != ':')
        return;
    const char *v = line + name_len + 1;
    const char *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    snprintf(out, size, "%.*s", (int)(end - v), v);
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userdata)
{
    struct response *res = userdata;
    size_t n = size * nmemb;
    if (n >= 5 && !strncmp(line, "HTTP/", 5)) {
        /* A new response (after 100 Continue): forget the previous one's headers. */
        res->headers[0] = '\0';
        res->location[0] = '\0';
        res->content_type[0] = '\0';
    }
    size_t used = strlen(res->headers);
    if (used + 1 < sizeof res->headers)
        snprintf(res->headers + used, sizeof res->headers - used, "%.*s", (int)n, line);
    header_value(line, n, "Location", res->location, sizeof res->location);
    header_value(line, n, "Content-Type", res->content_type, sizeof res->content_type);
    return n;
}

/* ---- clients ------------------------------------------------------------------------------ */

struct client *client_new(struct daemon *d)
{
    ensure_curl();
    struct client *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->d = d;
    c->curl = curl_easy_init();
    if (!c->curl)
        abort();
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, ""); /* the in-memory cookie engine */
    return c;
}

void client_free(struct client *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    free(c);
}

const char *client_csrf(const struct client *c) { return c->csrf; }

int client_cookie(struct client *c, const char *name, char *out, size_t size)
{
    struct curl_slist *cookies = NULL;
    if (size == 0 || curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies) != CURLE_OK)
        return -1;
    int rc = -1;
    size_t name_len = strlen(name);
    for (struct curl_slist *line = cookies; line && rc; line = line->next) {
        /* Netscape format: domain, subdomains, path, secure, expiry, name, value (tabs) */
        const char *field = line->data;
        for (int tabs = 0; field && tabs < 5; tabs++)
            field = strchr(field, '\t') ? strchr(field, '\t') + 1 : NULL;
        if (field && !strncmp(field, name, name_len) && field[name_len] == '\t' &&
            strlen(field + name_len + 1) < size) {
            snprintf(out, size, "%s", field + name_len + 1);
            rc = 0;
        }
    }
    curl_slist_free_all(cookies);
    return rc;
}

void client_set_header(struct client *c, const char *header)
{
    snprintf(c->extra_header, sizeof c->extra_header, "%s", header ? header : "");
}

void client_set_source(struct client *c, const char *address)
{
    snprintf(c->source, sizeof c->source, "%s", address ? address : "");
}

char *client_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(n * 3 + 1);
    if (!out)
        abort();
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
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

/* Take a new CSRF token from an answer: `name="csrf" value="…"` in HTML, or "csrf" in a JSON
   object. */
static void refresh_csrf(struct client *c, const struct response *res)
{
    if (!res->body)
        return;
    if (strstr(res->content_type, "application/json")) {
        json_t *doc = response_json(res);
        const char *token = json_string_value(json_object_get(doc, "csrf"));
        if (token && *token && strlen(token) < sizeof c->csrf)
            snprintf(c->csrf, sizeof c->csrf, "%s", token);
        json_decref(doc);
        return;
    }
    if (!strstr(res->content_type, "text/html"))
        return;
    static const char marker[] = "name=\"csrf\" value=\"";
    const char *at = strstr(res->body, marker);
    if (!at)
        return;
    at += sizeof marker - 1;
    const char *end = strchr(at, '"');
    if (end && end > at && (size_t)(end - at) < sizeof c->csrf)
        snprintf(c->csrf, sizeof c->csrf, "%.*s", (int)(end - at), at);
}

/* One request; data != NULL makes it a POST of len bytes with content_type. */
static int perform(struct client *c, const char *path, const char *data, size_t len,
                   const char *content_type, bool json, struct response *res)
{
    memset(res, 0, sizeof *res);
    size_t url_len = strlen(path) + 64;
    char *url = malloc(url_len);
    if (!url)
        abort();
    snprintf(url, url_len, "http://127.0.0.1:%d%s", c->d->port, path);

    CURL *curl = c->curl;
    curl_easy_reset(curl); /* keeps the cookies and the open connection */
    curl_easy_setopt(curl, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, res);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, res);

    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, json ? "Accept: application/json"
                                              : "Accept: text/html,application/xhtml+xml");
    headers = curl_slist_append(headers, "Expect:");
    if (c->extra_header[0])
        headers = curl_slist_append(headers, c->extra_header);
    char source[80];
    if (c->source[0]) {
        snprintf(source, sizeof source, "host!%s", c->source);
        curl_easy_setopt(curl, CURLOPT_INTERFACE, source);
    }
    char type_header[200];
    if (data) {
        snprintf(type_header, sizeof type_header, "Content-Type: %s", content_type);
        headers = curl_slist_append(headers, type_header);
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, data);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    if (c->mime)
        curl_easy_setopt(curl, CURLOPT_MIMEPOST, c->mime);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    free(url);
    if (!res->body) {
        res->body = calloc(1, 1);
        if (!res->body)
            abort();
    }
    if (rc != CURLE_OK) {
        res->status = 0;
        return -1;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->status);
    refresh_csrf(c, res);
    return 0;
}

int client_get(struct client *c, const char *path, bool json, struct response *res)
{
    return perform(c, path, NULL, 0, NULL, json, res);
}

int client_post(struct client *c, const char *path, const char *body, bool json, bool with_csrf,
                struct response *res)
{
    size_t n = strlen(body);
    char *full = malloc(n + sizeof c->csrf * 3 + 8);
    if (!full)
        abort();
    memcpy(full, body, n + 1);
    if (with_csrf) {
        char *token = client_escape(c->csrf);
        sprintf(full + n, "%scsrf=%s", n ? "&" : "", token);
        free(token);
    }
    int rc = perform(c, path, full, strlen(full), "application/x-www-form-urlencoded", json, res);
    free(full);
    return rc;
}

int client_post_file(struct client *c, const char *path, const char *field,
                     const char *filename, const char *data, size_t len, bool json,
                     struct response *res, ...)
{
    curl_mime *mime = curl_mime_init(c->curl);
    va_list ap;
    va_start(ap, res);
    for (const char *name; (name = va_arg(ap, const char *));) {
        curl_mimepart *part = curl_mime_addpart(mime);
        curl_mime_name(part, name);
        curl_mime_data(part, va_arg(ap, const char *), CURL_ZERO_TERMINATED);
    }
    va_end(ap);
    curl_mimepart *token = curl_mime_addpart(mime);
    curl_mime_name(token, "csrf");
    curl_mime_data(token, c->csrf, CURL_ZERO_TERMINATED);
    curl_mimepart *file = curl_mime_addpart(mime);
    curl_mime_name(file, field);
    curl_mime_filename(file, filename);
    curl_mime_type(file, "text/csv");
    curl_mime_data(file, data, len);
    c->mime = mime;
    int rc = perform(c, path, NULL, 0, NULL, json, res);
    c->mime = NULL;
    curl_mime_free(mime);
    return rc;
}

int client_post_raw(struct client *c, const char *path, const char *data, size_t len,
                    const char *content_type, struct response *res)
{
    return perform(c, path, data, len, content_type, false, res);
}

int client_login(struct client *c, const char *email, const char *password)
{
    struct response res;
    if (client_get(c, "/login", false, &res) || res.status != 200) {
        fprintf(stderr, "harness: GET /login answered %ld\n", res.status);
        response_free(&res);
        return -1;
    }
    response_free(&res);
    char *e = client_escape(email), *p = client_escape(password);
    size_t size = strlen(e) + strlen(p) + 32;
    char *body = malloc(size);
    if (!body)
        abort();
    snprintf(body, size, "email=%s&password=%s", e, p);
    free(e);
    free(p);
    /* A busy server (every password slot taken, as when many log in at once on a loaded
       machine) answers 503 with Retry-After: try again then, as a person would. */
    int rc;
    long status;
    for (int attempt = 0;; attempt++) {
        rc = client_post(c, "/login", body, false, true, &res);
        status = res.status;
        response_free(&res);
        if (rc || status != 503 || attempt == LOGIN_BUSY_TRIES)
            break;
        sleep_ms(1000 + 500L * attempt);
    }
    free(body);
    if (rc || status != 303) {
        fprintf(stderr, "harness: login of %s answered %ld\n", email, status);
        return -1;
    }
    if (client_get(c, "/", true, &res) || res.status != 200) {
        fprintf(stderr, "harness: GET / after login answered %ld\n", res.status);
        response_free(&res);
        return -1;
    }
    response_free(&res);
    return 0;
}

/* ---- the daemon --------------------------------------------------------------------------- */

/* Ask /healthz once; true when it answered 200. */
static bool healthy(int port)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return false;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/healthz", port);
    struct response res = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 1000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &res);
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    free(res.body);
    return status == 200;
}

/* Start `serve` once on a fresh port and wait for /healthz (10 s). 0, or -1 when it exited
   (e.g. the port was taken meanwhile) or never answered. */
static int start_serving(struct daemon *d, const char *config)
{
    d->port = harness_free_port();
    if (d->port < 0)
        return -1;
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", d->port);
    char *argv[10];
    int n = 0;
    argv[n++] = (char *)pf_binary();
    argv[n++] = "serve";
    if (*config) {
        argv[n++] = "--config";
        argv[n++] = (char *)config;
    }
    argv[n++] = "--db";
    argv[n++] = d->db_path;
    argv[n++] = "--listen";
    argv[n++] = listen;
    argv[n] = NULL;
    pid_t pid = spawn(argv);
    if (pid < 0)
        return -1;
    d->pid = (int)pid;
    double deadline = now_seconds() + 10.0;
    while (now_seconds() < deadline) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "harness: %s serve exited early (status %d)\n", argv[0],
                    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            d->pid = 0;
            return -1;
        }
        if (healthy(d->port))
            return 0;
        sleep_ms(50);
    }
    fprintf(stderr, "harness: no answer on /healthz within 10 s\n");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    d->pid = 0;
    return -1;
}

int daemon_start(struct daemon *d, const char *fixture)
{
    return daemon_start_config(d, fixture, NULL);
}

int daemon_start_config(struct daemon *d, const char *fixture, const char *extra_ini)
{
    ensure_curl();
    memset(d, 0, sizeof *d);
    snprintf(d->dir, sizeof d->dir, "/tmp/verrijkt-test.XXXXXX");
    if (!mkdtemp(d->dir)) {
        perror("harness: mkdtemp");
        return -1;
    }
    snprintf(d->db_path, sizeof d->db_path, "%s/test.db", d->dir);
    if (fixture) {
        char *argv[] = {(char *)pf_binary(), "load", "--db", d->db_path, (char *)fixture, NULL};
        if (run_command(argv))
            goto fail;
    }
    char config[700];
    write_config(d, extra_ini, config, sizeof config);
    for (int attempt = 0; attempt < START_TRIES; attempt++)
        if (start_serving(d, config) == 0)
            return 0;
fail:
    pf_remove_dir(d->dir);
    d->dir[0] = '\0';
    return -1;
}

int daemon_stop(struct daemon *d)
{
    int rc = 0;
    if (d->pid > 0) {
        pid_t pid = (pid_t)d->pid;
        kill(pid, SIGTERM);
        double deadline = now_seconds() + 10.0;
        int status = 0;
        pid_t done = 0;
        while ((done = waitpid(pid, &status, WNOHANG)) == 0 && now_seconds() < deadline)
            sleep_ms(20);
        if (done != pid) {
            fprintf(stderr, "harness: the daemon did not stop within 10 s; killed\n");
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            rc = -1;
        } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "harness: the daemon ended with %s %d (sanitizer report or crash)\n",
                    WIFEXITED(status) ? "exit status" : "signal",
                    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
            rc = -1;
        }
        d->pid = 0;
    }
    if (d->dir[0])
        pf_remove_dir(d->dir);
    d->dir[0] = '\0';
    return rc;
}
