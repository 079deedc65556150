/* HTTP tests of the calendar feed GET /calendar.ics?token=… (issue 3) against the real daemon
 * with the fixture: the parent's child's sessions as text/calendar without logging in, a
 * cancelled session marked, a waitlisted activity left out, private caching, HEAD, and 404 for
 * a wrong, malformed or missing token and after the token is replaced.
 * The HTTP tests link no code of src/, so the token and the extra sessions are written with
 * the sqlite3 command-line tool; the domain functions are tested in tests/unit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

#define TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define OTHER "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

/* Run SQL on the daemon's database with the sqlite3 tool. 0 or -1. */
static int run_sql(const char *sql)
{
    char command[700];
    snprintf(command, sizeof command, "sqlite3 -batch -bail -cmd '.timeout 5000' '%s'",
             server.db_path);
    FILE *pipe = popen(command, "w");
    if (!pipe)
        return -1;
    fputs(sql, pipe);
    return pclose(pipe) == 0 ? 0 : -1;
}

/* The fixture's judo runs until January 2026: give it sessions around today, a cancelled one,
   and a waitlisted activity with a session of its own; and a token for Sara's feed. */
static const char *const SETUP_SQL =
    "UPDATE parent_children SET feed_token = '" TOKEN "'"
    " WHERE user_id = (SELECT id FROM users WHERE email = 'ouder@test.nl')"
    " AND pupil_id = (SELECT id FROM pupils WHERE key = 'n-1');\n"
    "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time, cancelled, reason)"
    " SELECT id, date('now', 'localtime', '+7 days'), date('now', 'localtime', '+7 days'),"
    " '09:05', '10:05', 0, '' FROM activities WHERE key = 'judo-noord';\n"
    "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time, cancelled, reason)"
    " SELECT id, date('now', 'localtime', '+14 days'), date('now', 'localtime', '+14 days'),"
    " '09:06', '10:06', 1, 'Trainer ziek' FROM activities WHERE key = 'judo-noord';\n"
    "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time, cancelled, reason)"
    " SELECT id, date('now', 'localtime', '-60 days'), date('now', 'localtime', '-60 days'),"
    " '09:07', '10:07', 0, '' FROM activities WHERE key = 'judo-noord';\n"
    "INSERT INTO enrolments (pupil_id, activity_id, status, created_at, updated_at)"
    " SELECT p.id, a.id, 'waitlisted', '2026-01-01T00:00:00.000', '2026-01-01T00:00:00.000'"
    " FROM pupils p, activities a WHERE p.key = 'n-1' AND a.key = 'tekenen-zuid';\n"
    "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time, cancelled, reason)"
    " SELECT id, date('now', 'localtime', '+8 days'), date('now', 'localtime', '+8 days'),"
    " '11:11', '12:11', 0, '' FROM activities WHERE key = 'tekenen-zuid';\n";

/* cmocka setup: the daemon with the fixture, then SETUP_SQL. */
static int start_with_feed(void **state)
{
    if (start(state))
        return -1;
    if (run_sql(SETUP_SQL)) {
        fprintf(stderr, "could not prepare the database with sqlite3\n");
        return -1;
    }
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* GET path without cookies; the answer in res (response_free). */
static void get(const char *path, struct response *res)
{
    struct client *c = client_new(&server);
    assert_int_equal(client_get(c, path, false, res), 0);
    client_free(c);
}

static long anonymous_status(const char *path)
{
    struct response res;
    get(path, &res);
    long status = res.status;
    response_free(&res);
    return status;
}

static size_t ignore_body(char *data, size_t size, size_t n, void *user)
{
    (void)data;
    (void)user;
    return size * n;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_feed_of_enrolled_sessions(void **state)
{
    (void)state;
    struct response res;
    get("/calendar.ics?token=" TOKEN, &res);
    assert_int_equal(res.status, 200);
    assert_string_equal(res.content_type, "text/calendar; charset=utf-8");
    assert_contains(res.headers, "Cache-Control: private, max-age=900");
    assert_contains(res.headers, "X-Content-Type-Options: nosniff");
    assert_int_equal(strncmp(res.body, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30), 0);
    assert_contains(res.body, "\r\nEND:VCALENDAR\r\n");
    assert_contains(res.body, "\r\nX-WR-CALNAME:verrijkt \xE2\x80\x93 Sara\r\n");
    assert_contains(res.body, "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n");
    /* The coming judo session, and the cancelled one marked so. */
    assert_contains(res.body, "T090500\r\n");
    assert_contains(res.body, "\r\nSUMMARY:Judo\r\n");
    assert_contains(res.body, "\r\nDESCRIPTION:Samenwerken en zelfvertrouwen\r\n");
    assert_contains(res.body, "T090600\r\n");
    assert_contains(res.body, "\r\nSTATUS:CANCELLED\r\n");
    assert_contains(res.body, "Afgelast: Trainer ziek");
    assert_contains(res.body, "\r\nUID:session-");
    /* 60 days ago is past the window; the waitlisted activity is not in the feed. */
    assert_lacks(res.body, "T090700");
    assert_lacks(res.body, "T111100");
    assert_lacks(res.body, "Tekenen");
    /* Every line ends in CRLF. */
    for (const char *p = res.body; (p = strchr(p, '\n')); p++)
        assert_true(p > res.body && p[-1] == '\r');
    response_free(&res);
}

static void test_head(void **state)
{
    (void)state;
    CURL *curl = curl_easy_init();
    assert_non_null(curl);
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/calendar.ics?token=" TOKEN, server.port);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, ignore_body);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    long status = 0;
    char *type = NULL;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    assert_int_equal(status, 200);
    assert_non_null(type);
    assert_string_equal(type, "text/calendar; charset=utf-8");
    curl_easy_cleanup(curl);
}

static void test_wrong_tokens_404(void **state)
{
    (void)state;
    assert_int_equal(anonymous_status("/calendar.ics?token=" OTHER), 404);
    assert_int_equal(anonymous_status("/calendar.ics?token=0123456789ABCDEF0123456789ABCDEF"
                                      "0123456789ABCDEF0123456789ABCDEF"),
                     404);
    assert_int_equal(anonymous_status("/calendar.ics?token=0123"), 404);
    assert_int_equal(anonymous_status("/calendar.ics?token=%27%20OR%201%3D1--"), 404);
    assert_int_equal(anonymous_status("/calendar.ics?token="), 404);
    assert_int_equal(anonymous_status("/calendar.ics"), 404);
}

/* A new token (as when the parent resets the link): the old URL stops working at once. */
static void test_replaced_token(void **state)
{
    (void)state;
    assert_int_equal(run_sql("UPDATE parent_children SET feed_token = '" OTHER "'"
                             " WHERE feed_token = '" TOKEN "';"),
                     0);
    assert_int_equal(anonymous_status("/calendar.ics?token=" TOKEN), 404);
    assert_int_equal(anonymous_status("/calendar.ics?token=" OTHER), 200);
    assert_int_equal(run_sql("UPDATE parent_children SET feed_token = '" TOKEN "'"
                             " WHERE feed_token = '" OTHER "';"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feed_of_enrolled_sessions),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_wrong_tokens_404),
        cmocka_unit_test(test_replaced_token),
    };
    int failed = cmocka_run_group_tests(tests, start_with_feed, stop);
    return exit_status(failed);
}
