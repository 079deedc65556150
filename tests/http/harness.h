/* HTTP integration tests: the real daemon on a free port with a fresh database, driven by
   libcurl clients that keep cookies and the CSRF token like a browser. */
#ifndef VERRIJKT_TESTS_HARNESS_H
#define VERRIJKT_TESTS_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct daemon {
    int port;
    int pid;
    char dir[256];     /* fresh temp dir holding the database */
    char db_path[512];
};

/* Create a fresh temp dir + database, load the fixture (a path to a JSON load file, e.g.
   "tests/http/fixture.json", or NULL for an empty database) with `verrijkt load`, start
   `verrijkt serve` on 127.0.0.1 at a free port and wait until GET /healthz answers.
   The binary is $VERRIJKT_BIN or build/verrijkt. The daemon reads a config file in the temp
   dir: per_ip_limit = 200 (tests hold many connections from 127.0.0.1) and, when the current
   folder holds templates/ and static/ (the tests run from the source tree), those folders.
   0 or -1 (the reason on stderr). */
int daemon_start(struct daemon *d, const char *fixture);
/* daemon_start with extra_ini (INI text, e.g. "[server]\nconnection_limit = 250") appended to
   the daemon's configuration file. */
int daemon_start_config(struct daemon *d, const char *fixture, const char *extra_ini);
/* SIGTERM, wait up to 10 s (then SIGKILL), remove the temp dir. -1 (with the reason on
   stderr) when the daemon did not exit with status 0 — a sanitizer report or a crash — so a
   test asserts daemon_stop(&d) == 0. */
int daemon_stop(struct daemon *d);
/* A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and released), or -1.
   Another process may take it before the caller binds it. */
int harness_free_port(void);
/* Lines added to the [server] section of the daemon's configuration file by daemon_start
   (e.g. "trusted_proxies = 127.0.0.1"); NULL, the default, adds none. */
extern const char *harness_server_config;
/* When set before a daemon starts: the file its standard error goes to (appended), as for
   reading its log; NULL: inherited. */
extern const char *harness_daemon_stderr;

struct response {
    long status;         /* 0 when the request failed (connection refused, reset, timeout) */
    char *body;          /* NUL-terminated, owned: response_free */
    size_t len;
    char location[512];  /* Location header, "" if none */
    char content_type[128];
    char headers[4096];  /* raw response headers, for checks */
};
void response_free(struct response *res);
/* Parse the body as JSON; NULL if it is not. New reference. */
json_t *response_json(const struct response *res);

struct client; /* a browser: cookie jar + the current CSRF token */
/* A new client without cookies (caller frees with client_free); aborts on out-of-memory. */
struct client *client_new(struct daemon *d);
void client_free(struct client *c);
/* GET /login, POST the credentials with the form's csrf (again after a pause while the server
   answers 503, busy hashing); 0 when answered 303 (logged in).
   Afterwards the client's CSRF token is the login's (read from GET / as JSON). */
int client_login(struct client *c, const char *email, const char *password);
/* GET path (with query). json: send Accept: application/json. Does not follow redirects.
   0 when an answer came (any status), -1 when the request failed. The client's CSRF token is
   refreshed from a csrf field in an HTML page or a "csrf" member of a JSON answer. */
int client_get(struct client *c, const char *path, bool json, struct response *res);
/* POST an application/x-www-form-urlencoded body. The client's csrf field is appended
   automatically ("&csrf=…") unless with_csrf is false. Values in body must already be
   URL-encoded (use client_escape). 0 or -1 as client_get. */
int client_post(struct client *c, const char *path, const char *body, bool json, bool with_csrf,
                struct response *res);
/* POST multipart/form-data with libcurl's mime API, as a browser uploads a file: the text
   fields of the NULL-ended name, value list, the client's csrf, and the file data[0..len) as
   field with filename. 0 or -1 as client_get. */
int client_post_file(struct client *c, const char *path, const char *field,
                     const char *filename, const char *data, size_t len, bool json,
                     struct response *res, ...);
/* POST raw bytes with a given content type (for NUL bytes, bad UTF-8, huge bodies). */
int client_post_raw(struct client *c, const char *path, const char *data, size_t len,
                    const char *content_type, struct response *res);
/* URL-encode s; caller frees. */
char *client_escape(const char *s);
/* Send header ("Name: value") with every further request of c; NULL or "" sends none. */
void client_set_header(struct client *c, const char *header);
/* Connect from this local address (e.g. "127.0.0.2", any loopback address works on Linux)
   from the next request on; NULL or "" for the system's choice. A new address opens a new
   connection. */
void client_set_source(struct client *c, const char *address);
/* The current CSRF token of this client (after login, or after a GET of /login); "" if none. */
const char *client_csrf(const struct client *c);
/* The value of the client's cookie name (e.g. "vsid") into out (size bytes); 0, or -1 when the
   client holds no such cookie or it does not fit. */
int client_cookie(struct client *c, const char *name, char *out, size_t size);

#endif
