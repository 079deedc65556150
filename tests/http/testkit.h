/* What the HTTP test programs share on top of harness.h: the daemon of the running test with
   the cmocka setup and teardown that start and stop it, and requests and assertions that fail
   the test (cmocka) instead of returning an error. Linked beside harness.c into every
   test_http_* program (see the Makefile).

   The fixture tests/http/fixture.json has the schools noord and zuid and the accounts
   lead@test.nl, noord@test.nl (coordinator of noord), zuid@test.nl, anna@test.nl (staff) and
   ouder@test.nl (parent), each with the password PASSWORD. */
#ifndef VERRIJKT_TESTS_TESTKIT_H
#define VERRIJKT_TESTS_TESTKIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

#define FIXTURE "tests/http/fixture.json"
#define PASSWORD "wachtwoord-123"

/* ---- the daemon ------------------------------------------------------------------------------ */

/* The daemon that start() started. */
extern struct daemon server;

/* cmocka setup: start the daemon with a fresh database loaded from FIXTURE, or from the file
   use_generated_fixture wrote. 0 or -1. */
int start(void **state);
/* cmocka teardown: stop the daemon. -1 when it did not exit cleanly (a sanitizer report or a
   crash), which exit_status remembers. */
int stop(void **state);
/* What main returns after cmocka_run_group_tests answered failed: 1 when a test failed or a
   daemon did not stop cleanly, else 0. */
int exit_status(int failed);

/* For a program whose fixture depends on today's date: write the load document build(hash) to
   a temp file (every account's password is PASSWORD, hash its Argon2id hash) that start()
   loads from then on. 0, or -1 with the reason on stderr. */
int use_generated_fixture(json_t *(*build)(const char *hash));
/* cmocka group teardown: remove the file use_generated_fixture wrote. Always 0. */
int remove_fixture(void **state);

/* An account of a generated fixture: email (also its name), role, the shared password hash,
   and when field is not NULL one more member field: value (a reference stolen: the school's
   or the staff member's key as a string, the children's keys as an array). New reference. */
json_t *fixture_user(const char *email, const char *role, const char *hash, const char *field,
                     json_t *value);
/* The accounts of FIXTURE that a generated fixture keeps: lead@test.nl, noord@test.nl and
   zuid@test.nl (coordinators of their school) and, when with_anna, anna@test.nl (staff member
   anna); the caller appends its own. New array. */
json_t *fixture_users(const char *hash, bool with_anna);
/* FIXTURE with the quality cycle and the money (issue 15) on its noord: Judo's plan answered
   in full (every question of the migration is required); Judo costs 85 euros per session and
   120.50 fixed; noord's budget for 2025–2026 is 10,000 euros; Sara's feedback on Judo on
   2025-09-09 (score 1, not again), 2025-10-07 (3, again) and 2025-10-14 (2, not again); her
   interests (sport) on 2025-10-01; noord's coordinator visited Judo's session of 2025-10-07.
   Zuid has none of it. New reference, or NULL when FIXTURE cannot be read. */
json_t *fixture_with_cycle(void);
/* cmocka group setup and teardown around one daemon for a whole program with a generated
   fixture: use_generated_fixture(build) and start (0 or -1); stop and remove_fixture (as
   stop). */
int start_generated(void **state, json_t *(*build)(const char *hash));
int stop_generated(void **state);

/* ---- assertions ------------------------------------------------------------------------------ */

/* Fail the test when needle is not in haystack (NULL counts as empty), or when it is. */
void assert_contains(const char *haystack, const char *needle);
void assert_lacks(const char *haystack, const char *needle);
/* Fail the test when the text of html (outside its tags) holds a date as YYYY-MM-DD: dates
   in text are in words, ISO only in inputs and exports. */
void assert_no_iso_date_in_text(const char *html);

/* A 422 answer as JSON, {"error": …, "fields": {field: message}}: fails the test unless doc has
   an error and, when field is not NULL, a message for field. */
void assert_refused_field(json_t *doc, const char *field);

/* The integer or string member key of obj; fails the test when it is missing or of another
   type. The string belongs to obj. */
json_int_t int_of(json_t *obj, const char *key);
const char *str_of(json_t *obj, const char *key);
/* The first element of array whose string member field is value (borrowed), or NULL; fails
   the test, as str_of, when an element before it has no such string. */
json_t *item_with(json_t *array, const char *field, const char *value);

/* ---- clients --------------------------------------------------------------------------------- */

/* A new client logged in as email with PASSWORD (fails the test otherwise). client_free. */
struct client *logged_in(const char *email);
/* A new anonymous client that has fetched GET /login (200), so it holds the CSRF cookie and
   token. client_free. */
struct client *at_login_form(void);

/* An URL-encoded form body from name, value pairs ending with NULL. Caller frees. */
char *form_body(const char *name, ...);

/* ---- requests (each fails the test when no answer came) -------------------------------------- */

/* GET path; its status (the response is freed). */
long get_status(struct client *c, const char *path, bool json);
/* GET path as a page (not JSON) into res (response_free); fails the test unless the status is
   status. */
void get_page(struct client *c, const char *path, long status, struct response *res);
/* GET path as JSON; fails the test unless the status is status and the answer is JSON. New
   reference. */
json_t *get_json(struct client *c, const char *path, long status);
/* GET path as JSON; the status into *status. New reference, NULL when the answer is not JSON. */
json_t *get_json_status(struct client *c, const char *path, long *status);

/* POST body (already URL-encoded) with the client's CSRF token; the answer into res
   (response_free). */
void post(struct client *c, const char *path, const char *body, bool json,
          struct response *res);
/* POST body; its status (the response is freed). with_csrf: append the client's token. */
long post_status(struct client *c, const char *path, const char *body, bool json,
                 bool with_csrf);
/* POST body as JSON with the CSRF token; fails the test unless the status is status. The
   answer, a new reference: post_expect gives NULL when it is not JSON, post_json fails then. */
json_t *post_expect(struct client *c, const char *path, const char *body, long status);
json_t *post_json(struct client *c, const char *path, const char *body, long status);
/* POST len raw bytes as a form, the client's "&csrf=…" appended; the answer into res
   (response_free). post_raw: only its status. */
void post_raw_form(struct client *c, const char *path, const char *body, size_t len,
                   struct response *res);
long post_raw(struct client *c, const char *path, const char *body, size_t len);

/* GET path outside any client (no cookie jar, no CSRF token) with exactly these request
   headers: Accept: accept, and Accept-Language and Cookie unless NULL. Fills only res->status
   (0 when the request failed) and res->body (never NULL; response_free). */
void get_plain(const char *path, const char *accept, const char *accept_language,
               const char *cookie, struct response *res);

/* ---- money ----------------------------------------------------------------------------------- */

/* Fail the test unless c (a coordinator) gets the report page path and its CSV (path with
   "&format=csv"), both 200, with each of page_has and csv_has in them, and none of foreign in
   either: the money of the own school only. Each list ends with NULL. */
void assert_own_money(struct client *c, const char *path, const char *const page_has[],
                      const char *const csv_has[], const char *const foreign[]);

/* ---- the daemon's database (read-only, with the sqlite3 tool) -------------------------------- */

/* The id of the row of table whose key (for users: email) is key; fails the test when there is
   none. The names are the test's own constants. */
long long id_of(const char *table, const char *key);
/* The id of the session of the activity with key activity_key on today + offset days; fails
   the test when there is none. */
long long session_on(const char *activity_key, int offset);
/* The first column of the first row of sql as an integer (0 without a row); fails the test
   when the query fails. */
long long count_of(const char *sql);

#endif
