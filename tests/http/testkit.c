/* The HTTP tests' shared fixture, requests and assertions (see testkit.h). */
#include "testkit.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parent_fixture.h"

struct daemon server;
static bool stop_failed;            /* a daemon did not exit cleanly: exit_status says 1 */
static char generated_fixture[64];  /* the file use_generated_fixture wrote, "" when none */

/* ---- the daemon ------------------------------------------------------------------------------ */

int start(void **state)
{
    (void)state;
    return daemon_start(&server, generated_fixture[0] ? generated_fixture : FIXTURE);
}

int stop(void **state)
{
    (void)state;
    if (daemon_stop(&server)) {
        stop_failed = true;
        return -1;
    }
    return 0;
}

int exit_status(int failed)
{
    return failed || stop_failed ? 1 : 0;
}

int use_generated_fixture(json_t *(*build)(const char *hash))
{
    return pf_write_fixture(build, PASSWORD, generated_fixture);
}

int remove_fixture(void **state)
{
    (void)state;
    if (generated_fixture[0])
        unlink(generated_fixture);
    generated_fixture[0] = '\0';
    return 0;
}

json_t *fixture_user(const char *email, const char *role, const char *hash, const char *field,
                     json_t *value)
{
    json_t *u = json_pack("{s:s, s:s, s:s, s:s}", "email", email, "name", email, "role", role,
                          "password_hash", hash);
    if (field)
        json_object_set_new(u, field, value);
    return u;
}

json_t *fixture_users(const char *hash, bool with_anna)
{
    json_t *users = json_array();
    json_array_append_new(users, fixture_user("lead@test.nl", "lead", hash, NULL, NULL));
    json_array_append_new(users, fixture_user("noord@test.nl", "coordinator", hash, "school",
                                              json_string("noord")));
    json_array_append_new(users, fixture_user("zuid@test.nl", "coordinator", hash, "school",
                                              json_string("zuid")));
    if (with_anna)
        json_array_append_new(users, fixture_user("anna@test.nl", "staff", hash, "staff",
                                                  json_string("anna")));
    return users;
}

json_t *fixture_with_cycle(void)
{
    static const char *const questions[] = {"doel",        "thuis-school", "duur-intensiteit",
                                            "bekwaamheid", "interesses",   "evaluatie"};
    json_t *doc = json_load_file(FIXTURE, 0, NULL), *judo = NULL, *activity;
    size_t i;
    json_array_foreach (json_object_get(doc, "activities"), i, activity) {
        const char *key = json_string_value(json_object_get(activity, "key"));
        if (key && !strcmp(key, "judo-noord"))
            judo = activity;
    }
    if (!judo) {
        json_decref(doc);
        return NULL;
    }
    json_object_set_new(judo, "costs",
                        json_pack("{s:f, s:f}", "per_session", 85.0, "fixed", 120.5));
    json_t *answers = json_array();
    for (i = 0; i < sizeof questions / sizeof questions[0]; i++)
        json_array_append_new(answers, json_pack("{s:s, s:s}", "question", questions[i], "answer",
                                                 "Staat in het plan."));
    json_object_set_new(doc, "plans",
                        json_pack("[{s:s, s:o}]", "activity", "judo-noord", "answers", answers));
    json_object_set_new(
        doc, "budgets",
        json_pack("[{s:s, s:s, s:f}]", "school", "noord", "year", "2025-2026", "amount", 10000.0));
    json_object_set_new(doc, "feedback",
                        json_pack("[{s:s, s:s, s:s, s:i, s:b}, {s:s, s:s, s:s, s:i, s:b},"
                                  " {s:s, s:s, s:s, s:i, s:b}]",
                                  "pupil", "n-1", "activity", "judo-noord", "date", "2025-09-09",
                                  "score", 1, "again", 0, "pupil", "n-1", "activity", "judo-noord",
                                  "date", "2025-10-07", "score", 3, "again", 1, "pupil", "n-1",
                                  "activity", "judo-noord", "date", "2025-10-14", "score", 2,
                                  "again", 0));
    json_object_set_new(
        doc, "interests",
        json_pack("[{s:s, s:s, s:[s]}]", "pupil", "n-1", "date", "2025-10-01", "domains", "sport"));
    json_object_set_new(doc, "visits",
                        json_pack("[{s:s, s:s, s:s}]", "activity", "judo-noord", "date",
                                  "2025-10-07", "by", "noord@test.nl"));
    return doc;
}

int start_generated(void **state, json_t *(*build)(const char *hash))
{
    return use_generated_fixture(build) || start(state) ? -1 : 0;
}

int stop_generated(void **state)
{
    int rc = stop(state);
    remove_fixture(state);
    return rc;
}

/* ---- assertions ------------------------------------------------------------------------------ */

void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("expected to find '%s' in:\n%.3000s", needle, haystack ? haystack : "(null)");
}

void assert_lacks(const char *haystack, const char *needle)
{
    if (haystack && strstr(haystack, needle))
        fail_msg("did not expect '%s' in:\n%.3000s", needle, haystack);
}

void assert_no_iso_date_in_text(const char *html)
{
    bool in_tag = false;
    int digits = 0; /* the shape "DDDD-DD-DD" seen so far in the text, as a count of its chars */
    static const char shape[] = "dddd-dd-dd";
    for (const char *c = html; *c; c++) {
        if (*c == '<' || *c == '>') {
            in_tag = *c == '<';
            digits = 0;
            continue;
        }
        if (in_tag)
            continue;
        bool fits = shape[digits] == 'd' ? (*c >= '0' && *c <= '9') : *c == '-';
        digits = fits ? digits + 1 : (*c >= '0' && *c <= '9');
        if (digits == 10)
            fail_msg("an ISO date in the text near '%.40s' in:\n%.3000s", c - 20 > html ? c - 20 : html,
                     html);
    }
}

/* Fail the test: obj has no member key of the type named what. */
void assert_refused_field(json_t *doc, const char *field)
{
    assert_non_null(doc);
    assert_true(strlen(str_of(doc, "error")) > 0);
    if (!field)
        return;
    const char *message = json_string_value(json_object_get(json_object_get(doc, "fields"), field));
    if (!message || !*message) {
        char *text = json_dumps(doc, JSON_COMPACT);
        fail_msg("no message for field '%s' in %.1500s", field, text ? text : "?");
    }
}

static void fail_member(json_t *obj, const char *key, const char *what)
{
    char *text = json_dumps(obj, JSON_COMPACT);
    fail_msg("'%s' is not %s in %.1500s", key, what, text ? text : "?");
}

json_int_t int_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        fail_member(obj, key, "an integer");
    return json_integer_value(v);
}

const char *str_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        fail_member(obj, key, "a string");
    return json_string_value(v);
}

json_t *item_with(json_t *array, const char *field, const char *value)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        if (!strcmp(str_of(item, field), value))
            return item;
    }
    return NULL;
}

/* ---- clients --------------------------------------------------------------------------------- */

char *form_body(const char *name, ...)
{
    size_t size = 1, len = 0;
    char *body = calloc(1, 1);
    assert_non_null(body);
    va_list ap;
    va_start(ap, name);
    for (const char *n = name; n; n = va_arg(ap, const char *)) {
        char *value = client_escape(va_arg(ap, const char *));
        size += strlen(n) + strlen(value) + 2;
        body = realloc(body, size);
        assert_non_null(body);
        len += (size_t)sprintf(body + len, "%s%s=%s", len ? "&" : "", n, value);
        free(value);
    }
    va_end(ap);
    return body;
}

struct client *logged_in(const char *email)
{
    struct client *c = client_new(&server);
    if (client_login(c, email, PASSWORD))
        fail_msg("login of %s failed", email);
    return c;
}

struct client *at_login_form(void)
{
    struct client *c = client_new(&server);
    assert_int_equal(get_status(c, "/login", false), 200);
    return c;
}

/* ---- requests -------------------------------------------------------------------------------- */

long get_status(struct client *c, const char *path, bool json)
{
    struct response res;
    assert_int_equal(client_get(c, path, json, &res), 0);
    long status = res.status;
    response_free(&res);
    return status;
}

void get_page(struct client *c, const char *path, long status, struct response *res)
{
    assert_int_equal(client_get(c, path, false, res), 0);
    if (res->status != status)
        fail_msg("GET %s: expected %ld, got %ld", path, status, res->status);
}

json_t *get_json(struct client *c, const char *path, long status)
{
    struct response res;
    assert_int_equal(client_get(c, path, true, &res), 0);
    if (res.status != status)
        fail_msg("GET %s: expected %ld, got %ld:\n%.2000s", path, status, res.status,
                 res.body ? res.body : "");
    json_t *doc = response_json(&res);
    response_free(&res);
    if (!doc)
        fail_msg("GET %s: the answer is not JSON", path);
    return doc;
}

json_t *get_json_status(struct client *c, const char *path, long *status)
{
    struct response res;
    assert_int_equal(client_get(c, path, true, &res), 0);
    *status = res.status;
    json_t *doc = response_json(&res);
    response_free(&res);
    return doc;
}

void post(struct client *c, const char *path, const char *body, bool json, struct response *res)
{
    assert_int_equal(client_post(c, path, body, json, true, res), 0);
}

long post_status(struct client *c, const char *path, const char *body, bool json, bool with_csrf)
{
    struct response res;
    assert_int_equal(client_post(c, path, body, json, with_csrf, &res), 0);
    long status = res.status;
    response_free(&res);
    return status;
}

json_t *post_expect(struct client *c, const char *path, const char *body, long status)
{
    struct response res;
    post(c, path, body, true, &res);
    if (res.status != status)
        fail_msg("POST %s [%s]: expected %ld, got %ld:\n%.2000s", path, body, status, res.status,
                 res.body ? res.body : "");
    json_t *doc = response_json(&res);
    response_free(&res);
    return doc;
}

json_t *post_json(struct client *c, const char *path, const char *body, long status)
{
    json_t *doc = post_expect(c, path, body, status);
    if (!doc)
        fail_msg("POST %s: the answer is not JSON", path);
    return doc;
}

void post_raw_form(struct client *c, const char *path, const char *body, size_t len,
                   struct response *res)
{
    char tail[200];
    snprintf(tail, sizeof tail, "&csrf=%s", client_csrf(c));
    size_t tail_len = strlen(tail);
    char *data = malloc(len + tail_len + 1);
    assert_non_null(data);
    memcpy(data, body, len);
    memcpy(data + len, tail, tail_len + 1);
    assert_int_equal(client_post_raw(c, path, data, len + tail_len,
                                     "application/x-www-form-urlencoded", res),
                     0);
    free(data);
}

long post_raw(struct client *c, const char *path, const char *body, size_t len)
{
    struct response res;
    post_raw_form(c, path, body, len, &res);
    long status = res.status;
    response_free(&res);
    return status;
}

static size_t collect(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct response *res = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(res->body, res->len + n + 1);
    assert_non_null(grown);
    memcpy(grown + res->len, data, n);
    res->len += n;
    grown[res->len] = '\0';
    res->body = grown;
    return n;
}

void get_plain(const char *path, const char *accept, const char *accept_language,
               const char *cookie, struct response *res)
{
    memset(res, 0, sizeof *res);
    CURL *curl = curl_easy_init();
    assert_non_null(curl);
    char url[256], header[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", server.port, path);
    snprintf(header, sizeof header, "Accept: %s", accept);
    struct curl_slist *headers = curl_slist_append(NULL, header);
    if (accept_language) {
        snprintf(header, sizeof header, "Accept-Language: %s", accept_language);
        headers = curl_slist_append(headers, header);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (cookie)
        curl_easy_setopt(curl, CURLOPT_COOKIE, cookie);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, res);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (!res->body)
        res->body = calloc(1, 1);
}

/* ---- the daemon's database ------------------------------------------------------------------- */

long long id_of(const char *table, const char *key)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE %s = '%s'", table,
             strcmp(table, "users") ? "key" : "email", key);
    long long id = pf_query_int(server.db_path, sql, 0);
    if (id <= 0)
        fail_msg("no %s '%s' in the database", table, key);
    return id;
}

long long session_on(const char *activity_key, int offset)
{
    char day[11], sql[256];
    snprintf(sql, sizeof sql,
             "SELECT s.id FROM sessions s JOIN activities a ON a.id = s.activity_id"
             " WHERE a.key = '%s' AND s.date = '%s'",
             activity_key, pf_day(offset, day));
    long long id = count_of(sql);
    if (id <= 0)
        fail_msg("no session of %s on %s", activity_key, day);
    return id;
}

long long count_of(const char *sql)
{
    long long n = pf_query_int(server.db_path, sql, 0);
    if (n < 0)
        fail_msg("query failed: %s", sql);
    return n;
}

/* ---- money ----------------------------------------------------------------------------------- */

void assert_own_money(struct client *c, const char *path, const char *const page_has[],
                      const char *const csv_has[], const char *const foreign[])
{
    char csv[256];
    snprintf(csv, sizeof csv, "%s&format=csv", path);
    const char *const paths[] = {path, csv};
    const char *const *has[] = {page_has, csv_has};
    for (size_t i = 0; i < 2; i++) {
        struct response res;
        get_page(c, paths[i], 200, &res);
        for (size_t k = 0; has[i][k]; k++)
            assert_contains(res.body, has[i][k]);
        for (size_t k = 0; foreign[k]; k++)
            assert_lacks(res.body, foreign[k]);
        response_free(&res);
    }
}
