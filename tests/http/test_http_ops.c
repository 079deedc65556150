/* Issue 16, running it: the access log has one line per request with the client, method, path,
 * status, bytes, microseconds, user and request id, and never a token; /metrics answers in
 * Prometheus' format only to the addresses of [metrics] allow and counts a sign-up (and the
 * write lock's time and group commits); /healthz
 * says the database answers. The daemon runs with [log] access = true, its standard error in a
 * file this test reads, behind a trusted proxy (127.0.0.1) as the README's nginx setup. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testkit.h"

static char log_path[64];

static int start_logged(void **state)
{
    (void)state;
    snprintf(log_path, sizeof log_path, "/tmp/verrijkt-ops-log.XXXXXX");
    int fd = mkstemp(log_path);
    if (fd < 0)
        return -1;
    close(fd);
    harness_daemon_stderr = log_path;
    return daemon_start_config(&server, FIXTURE,
                               "[log]\naccess = true\n[metrics]\nenabled = true\n"
                               "allow = 127.0.0.2\n[server]\ntrusted_proxies = 127.0.0.1\n");
}

static int stop_logged(void **state)
{
    int rc = stop(state);
    harness_daemon_stderr = NULL;
    unlink(log_path);
    return rc;
}

/* The daemon's log so far (caller frees). */
static char *read_log(void)
{
    usleep(100 * 1000); /* the line is written as the answer goes out */
    FILE *f = fopen(log_path, "r");
    assert_non_null(f);
    char *text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void every_request_has_an_access_line_without_secrets(void **state)
{
    (void)state;
    struct response res;
    get_plain("/calendar.ics?token=GEHEIM-FEED-TOKEN", "text/calendar", NULL, NULL, &res);
    response_free(&res);
    get_plain("/password/reset/GEHEIMRESETTOKEN123", "text/html", NULL, NULL, &res);
    response_free(&res);
    struct client *c = logged_in("noord@test.nl");
    assert_int_equal(get_status(c, "/pupils", false), 200);
    char *log = read_log();
    assert_non_null(strstr(log, " 127.0.0.1 GET /calendar.ics 4"));
    assert_non_null(strstr(log, " GET /password/reset/{token} 410 "));
    assert_null(strstr(log, "GEHEIM"));
    assert_null(strstr(log, PASSWORD));
    /* The logged-in request names its user and has a request id. */
    char user[64];
    snprintf(user, sizeof user, " user=%lld request=", id_of("users", "noord@test.nl"));
    const char *line = strstr(log, " GET /pupils 200 ");
    assert_non_null(line);
    assert_non_null(strstr(line, user));
    /* The login's POST is there, without its body. */
    assert_non_null(strstr(log, " POST /login 303 "));
    free(log);
    client_free(c);
    /* Behind the TLS proxy (127.0.0.1 is trusted here), the line has the forwarded client. */
    struct client *behind = client_new(&server);
    client_set_header(behind, "X-Forwarded-For: 203.0.113.9");
    assert_int_equal(get_status(behind, "/login", false), 200);
    client_free(behind);
    log = read_log();
    assert_non_null(strstr(log, " 203.0.113.9 GET /login 200 "));
    free(log);
}

static long long metric_value(const char *text, const char *name)
{
    char key[128];
    snprintf(key, sizeof key, "\n%s ", name);
    const char *at = strstr(text, key);
    assert_non_null(at);
    return atoll(at + strlen(key));
}

static void metrics_only_for_the_allowed_and_count_a_signup(void **state)
{
    (void)state;
    struct client *anyone = client_new(&server);
    assert_int_equal(get_status(anyone, "/metrics", false), 404); /* 127.0.0.1: not allowed */
    client_free(anyone);
    struct client *monitor = client_new(&server);
    client_set_source(monitor, "127.0.0.2");
    struct response res;
    assert_int_equal(client_get(monitor, "/metrics", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.content_type, "text/plain; version=0.0.4"));
    long long before = metric_value(res.body, "verrijkt_signups_total");
    long long groups = metric_value(res.body, "verrijkt_write_groups_total");
    long long members = metric_value(res.body, "verrijkt_write_group_members_total");
    long long held = metric_value(res.body, "verrijkt_write_lock_held_microseconds_total");
    assert_non_null(strstr(res.body, "# TYPE verrijkt_http_request_duration_seconds histogram"));
    assert_non_null(strstr(res.body, "verrijkt_outbox_queued "));
    assert_non_null(strstr(res.body, "verrijkt_database_bytes "));
    response_free(&res);
    /* A sign-up by the coordinator, for an activity running from today. */
    struct client *c = logged_in("noord@test.nl");
    char from[11], until[11], activity_body[400];
    time_t now = time(NULL), later = now + 60 * 86400;
    strftime(from, sizeof from, "%Y-%m-%d", localtime(&now));
    strftime(until, sizeof until, "%Y-%m-%d", localtime(&later));
    snprintf(activity_body, sizeof activity_body,
             "title=Meten&goal=Tellen&location=Lokaal&provider=1&domain_sport=1&grade_min=1"
             "&grade_max=8&capacity=10&weekday=3&start=15%%3A00&end=16%%3A00&from=%s&until=%s"
             "&open_to=school",
             from, until);
    json_t *activity = post_json(c, "/activities", activity_body, 201);
    json_int_t activity_id = int_of(activity, "id");
    json_decref(activity);
    json_t *pupil = post_json(c, "/pupils", "number=ops-1&first_name=Ops&last_name=Test&grade=6",
                              201);
    char body[96];
    snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld",
             (long long)int_of(pupil, "id"), (long long)activity_id);
    json_decref(pupil);
    json_decref(post_json(c, "/enrolments", body, 201));
    client_free(c);
    assert_int_equal(client_get(monitor, "/metrics", false, &res), 0);
    assert_int_equal(metric_value(res.body, "verrijkt_signups_total"), before + 1);
    /* the activity, the pupil and the sign-up were committed, through groups of the writer */
    long long more_groups = metric_value(res.body, "verrijkt_write_groups_total") - groups;
    long long more_members = metric_value(res.body, "verrijkt_write_group_members_total") - members;
    assert_true(more_groups >= 1 && more_members >= 3 && more_members >= more_groups);
    assert_true(metric_value(res.body, "verrijkt_write_lock_held_microseconds_total") > held);
    assert_non_null(strstr(res.body, "# TYPE verrijkt_write_groups_total counter"));
    assert_non_null(strstr(res.body, "verrijkt_http_requests_total{route=\"/enrolments\","
                                     "status=\"201\"} 1"));
    response_free(&res);
    client_free(monitor);
}

static void healthz_says_the_database_answers(void **state)
{
    (void)state;
    struct response res;
    get_plain("/healthz", "text/plain", NULL, NULL, &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "ok"));
    response_free(&res);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start_logged, stop_logged)
    const struct CMUnitTest tests[] = {
        T(every_request_has_an_access_line_without_secrets),
        T(metrics_only_for_the_allowed_and_count_a_signup),
        T(healthz_says_the_database_answers),
    };
#undef T
    return exit_status(cmocka_run_group_tests(tests, NULL, NULL));
}
