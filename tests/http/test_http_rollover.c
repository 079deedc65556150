/* HTTP tests of the year turning over (/admin/rollover, pages/rollover.c) against the real
 * daemon with the fixture: the preview writes nothing, only the lead sees and posts it, a post
 * without CSRF or without the confirmation changes nothing, a malformed or wrong year comes
 * back with its message, and the page's own form does the rollover once (a second post says
 * it was done already and moves nobody twice). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "htmlform.h"
#include "testkit.h"

#define PAGE "/admin/rollover"

/* The school year after today's, "YYYY-YYYY" (the one the page proposes). */
static const char *next_year(void)
{
    static char text[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int first = tm.tm_year + 1900 - (tm.tm_mon < 7 ? 1 : 0) + 1;
    snprintf(text, sizeof text, "%d-%d", first, first + 1);
    return text;
}

/* Every pupil's grade and left_on, to compare states. */
static long long pupils_fingerprint(void)
{
    return count_of("SELECT sum(id * 1000 + grade * 10 + (left_on IS NOT NULL)) FROM pupils");
}

static void the_preview_writes_nothing(void **state)
{
    (void)state;
    long long before = pupils_fingerprint();
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(lead, PAGE, false, &res), 0);
    assert_int_equal(res.status, 200);
    char heading[64];
    snprintf(heading, sizeof heading, "Naar schooljaar %s", next_year());
    assert_contains(res.body, heading);
    assert_contains(res.body, "gaan een groep omhoog");
    response_free(&res);
    json_t *doc = get_json(lead, PAGE, 200);
    json_t *preview = json_object_get(doc, "preview");
    assert_string_equal(str_of(preview, "year"), next_year());
    assert_int_equal(int_of(preview, "moved"),
                     count_of("SELECT count(*) FROM pupils WHERE left_on IS NULL AND grade < 8"));
    json_decref(doc);
    /* Another year in the query: the page says why not, with no form. */
    assert_int_equal(client_get(lead, PAGE "?to=2030-2031", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Naar 2030-2031 kan nu niet");
    assert_lacks(res.body, "name=\"confirm\"");
    response_free(&res);
    assert_int_equal(client_get(lead, PAGE "?to=%3Cb%3E", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Schrijf het schooljaar als JJJJ-JJJJ");
    assert_lacks(res.body, "<b>");
    response_free(&res);
    client_free(lead);
    assert_int_equal(pupils_fingerprint(), before);
    assert_int_equal(count_of("SELECT count(*) FROM rollovers"), 0);
}

static void only_the_lead(void **state)
{
    (void)state;
    long long before = pupils_fingerprint();
    char body[64];
    snprintf(body, sizeof body, "to=%s&confirm=1", next_year());
    static const char *const others[] = {"noord@test.nl", "anna@test.nl", "ouder@test.nl"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        struct client *c = logged_in(others[i]);
        assert_int_equal(get_status(c, PAGE, false), 403);
        assert_int_equal(post_status(c, PAGE, body, false, true), 403);
        client_free(c);
    }
    struct client *anonymous = client_new(&server);
    assert_int_equal(get_status(anonymous, PAGE, true), 401);
    client_free(anonymous);
    /* The lead without the CSRF token: 403. */
    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(post_status(lead, PAGE, body, false, false), 403);
    client_free(lead);
    assert_int_equal(pupils_fingerprint(), before);
    assert_int_equal(count_of("SELECT count(*) FROM rollovers"), 0);
}

static void bad_input_comes_back_with_its_message(void **state)
{
    (void)state;
    long long before = pupils_fingerprint();
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    /* Not confirmed: 422, the form again with the message. */
    submit_form(lead, PAGE, PAGE, &res, NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vink aan dat u iedereen naar het nieuwe schooljaar wilt laten gaan");
    assert_contains(res.body, "name=\"confirm\"");
    response_free(&res);
    /* A malformed and a wrong year, confirmed: 422 with the message, as JSON too. */
    submit_form(lead, PAGE, PAGE, &res, "to", "2027/28", "confirm", "1", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Schrijf het schooljaar als JJJJ-JJJJ");
    response_free(&res);
    submit_form(lead, PAGE, PAGE, &res, "to", "2030-2031", "confirm", "1", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Naar 2030-2031 kan nu niet");
    response_free(&res);
    json_t *doc = post_json(lead, PAGE, "to=1999-2000&confirm=1", 422);
    assert_refused_field(doc, "to");
    json_decref(doc);
    client_free(lead);
    assert_int_equal(pupils_fingerprint(), before);
    assert_int_equal(count_of("SELECT count(*) FROM rollovers"), 0);
}

static void the_form_does_it_once(void **state)
{
    (void)state;
    long long movers = count_of("SELECT count(*) FROM pupils WHERE left_on IS NULL AND grade < 8");
    long long grades = count_of("SELECT sum(grade) FROM pupils WHERE left_on IS NULL");
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    submit_form(lead, PAGE, PAGE, &res, "confirm", "1", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, PAGE);
    response_free(&res);
    assert_int_equal(count_of("SELECT sum(grade) FROM pupils"), grades + movers);
    assert_int_equal(count_of("SELECT count(*) FROM rollovers"), 1);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE action = 'rollover'"
                              " AND user_id = (SELECT id FROM users WHERE email = 'lead@test.nl')"),
                     1);
    /* The flash on the page it leads to; the next rollover is not due yet. */
    assert_int_equal(client_get(lead, PAGE, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Iedereen is naar schooljaar");
    assert_contains(res.body, "kan pas vanaf");
    assert_lacks(res.body, "name=\"confirm\"");
    response_free(&res);
    /* Posting the same year again: the same message, nobody moves twice. */
    char body[64];
    snprintf(body, sizeof body, "to=%s&confirm=1", next_year());
    post(lead, PAGE, body, false, &res);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(client_get(lead, PAGE, false, &res), 0);
    assert_contains(res.body, "al uitgevoerd");
    response_free(&res);
    json_t *doc = post_json(lead, PAGE, body, 200);
    assert_true(json_is_true(json_object_get(doc, "already")));
    json_decref(doc);
    assert_int_equal(count_of("SELECT sum(grade) FROM pupils"), grades + movers);
    assert_int_equal(count_of("SELECT count(*) FROM rollovers"), 1);
    client_free(lead);
}

/* ---- the command line ------------------------------------------------------------------- */

/* Run `verrijkt rollover --db db ARGS`: its exit status, its output (stdout and stderr) into
   out. */
static int run_rollover(const char *db, const char *args, char *out, size_t size)
{
    const char *bin = getenv("VERRIJKT_BIN");
    char command[1024];
    snprintf(command, sizeof command, "'%s' rollover --db '%s' %s 2>&1", bin ? bin : "build/verrijkt",
             db, args);
    FILE *p = popen(command, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A number from the database db with the sqlite3 tool. */
static long long db_number(const char *db, const char *sql)
{
    char command[1024];
    snprintf(command, sizeof command, "sqlite3 -batch '%s' \"%s\"", db, sql);
    FILE *p = popen(command, "r");
    assert_non_null(p);
    long long value = -1;
    if (fscanf(p, "%lld", &value) != 1)
        value = -1;
    pclose(p);
    return value;
}

static void the_command_line(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_rollover_cli.XXXXXX", db[64], command[256], out[16384], args[64];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/cli.db", dir);
    const char *bin = getenv("VERRIJKT_BIN");
    snprintf(command, sizeof command, "'%s' load --db '%s' " FIXTURE " >/dev/null",
             bin ? bin : "build/verrijkt", db);
    assert_int_equal(system(command), 0);
    const char *sum = "SELECT sum(grade) FROM pupils";
    long long grades = db_number(db, sum);
    /* Usage errors: 2; refused years: 1; nothing written. */
    assert_int_equal(run_rollover(db, "", out, sizeof out), 2);
    assert_int_equal(run_rollover(db, "--to", out, sizeof out), 2);
    assert_int_equal(run_rollover(db, "--to 2030-2031", out, sizeof out), 1);
    assert_non_null(strstr(out, "Naar 2030-2031 kan nu niet"));
    assert_int_equal(run_rollover(db, "--to 2027-28", out, sizeof out), 1);
    assert_non_null(strstr(out, "JJJJ-JJJJ"));
    /* --dry-run: the preview, exit 0, nothing written. */
    snprintf(args, sizeof args, "--to %s --dry-run", next_year());
    assert_int_equal(run_rollover(db, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "gaan een groep omhoog"));
    assert_non_null(strstr(out, "er is niets veranderd"));
    assert_int_equal(db_number(db, sum), grades);
    assert_int_equal(db_number(db, "SELECT count(*) FROM rollovers"), 0);
    /* The run, then again: exit 0 both times, "al uitgevoerd", nobody moved twice. */
    snprintf(args, sizeof args, "--to=%s", next_year());
    assert_int_equal(run_rollover(db, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "een groep omhoog"));
    long long once = db_number(db, sum);
    assert_true(once > grades);
    assert_int_equal(run_rollover(db, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "al uitgevoerd"));
    snprintf(args, sizeof args, "--to %s --dry-run", next_year());
    assert_int_equal(run_rollover(db, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "al uitgevoerd"));
    assert_int_equal(db_number(db, sum), once);
    assert_int_equal(db_number(db, "SELECT count(*) FROM rollovers"), 1);
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    assert_int_equal(system(command), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_preview_writes_nothing),
        cmocka_unit_test(only_the_lead),
        cmocka_unit_test(bad_input_comes_back_with_its_message),
        cmocka_unit_test(the_form_does_it_once), /* it changes every pupil */
        cmocka_unit_test(the_command_line),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
