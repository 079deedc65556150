/* HTTP tests of enrolment rounds (PRODUCT.md rule 4) against the real daemon, each test with a
 * fresh one loaded from a fixture generated at start with dates relative to today (a round is
 * open only between its times): a coordinator opens and changes a round (bad input is 422 with
 * the fields; another school's round is 404), parents rank their children's choices (refusals
 * are 422 with their reason, in the parent's language; another child is 404), the coordinator
 * sees how many ranked what and allocates with a seed (the result as JSON, the seats written
 * with the round's id, a second allocation refused), `verrijkt allocate` does the same from the
 * command line, and every POST without its CSRF token is 403. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "htmlform.h"
#include "testkit.h"
#include "parent_fixture.h"


/* ---- the fixture ------------------------------------------------------------------------------ */

static json_t *activity(const char *key, const char *school, const char *title, int grade_min,
                        int grade_max, int capacity, int weekday, const char *open_to)
{
    char from[11], until[11];
    return json_pack("{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s}",
                     "key", key, "school", school, "title", title, "domains", "sport", "grades",
                     grade_min, grade_max, "capacity", capacity, "weekday", weekday, "start",
                     "15:00", "end", "16:00", "from", pf_day(-7, from), "until",
                     pf_day(120, until), "open_to", open_to);
}

static json_t *pupil(const char *key, const char *school, const char *number,
                     const char *first_name, int grade, bool priority)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "key", key, "school", school,
                     "number", number, "first_name", first_name, "last_name", "Test", "grade",
                     grade, "priority", priority);
}

/* Noord: judo (1 seat) and dans (2 seats) in the open round "open-noord" (2 choices, 1 seat
   per child), koken free for a new round; zuid: koor in the open round "open-zuid". Pupils
   sara (priority), daan, noor at noord with a parent each (ouder1 has sara), mila at zuid. */
static json_t *fixture(const char *hash)
{
    char opens[17], closes[17];
    pf_moment(-1, "00:00", opens);
    pf_moment(5, "23:59", closes);
    json_t *users = fixture_users(hash, false);
    json_array_append_new(users, fixture_user("ouder1@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));
    json_array_append_new(users, fixture_user("ouder2@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "daan")));
    json_array_append_new(users, fixture_user("ouder3@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "noor")));
    return json_pack(
        "{s:{s:s}, s:[{s:s, s:s}, {s:s, s:s}], s:[o, o, o, o], s:[o, o, o, o], s:o,"
        " s:[{s:s, s:s, s:[s, s], s:s, s:s, s:i, s:i}, {s:s, s:s, s:[s], s:s, s:s, s:i, s:i}]}",
        "coalition", "name", "Coalitie Testdorp", "schools", "key", "noord", "name",
        "Basisschool Noord", "key", "zuid", "name", "Basisschool Zuid", "activities",
        activity("judo", "noord", "Judo", 5, 8, 1, 1, "school"),
        activity("dans", "noord", "Dans", 5, 8, 2, 2, "school"),
        activity("koken", "noord", "Koken", 5, 8, 3, 3, "school"),
        activity("koor", "zuid", "Koor", 1, 8, 5, 4, "school"), "pupils",
        pupil("sara", "noord", "1001", "Sara", 6, true),
        pupil("daan", "noord", "1002", "Daan", 5, false),
        pupil("noor", "noord", "1003", "Noor", 7, false),
        pupil("mila", "zuid", "2001", "Mila", 4, false), "users", users, "rounds", "key",
        "open-noord", "school", "noord", "activities", "judo", "dans", "opens", opens, "closes",
        closes, "choices", 2, "max_per_child", 1, "key", "open-zuid", "school", "zuid",
        "activities", "koor", "opens", opens, "closes", closes, "choices", 1, "max_per_child", 1);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* ---- helpers ---------------------------------------------------------------------------------- */

/* POST as a browser (HTML); asserts the status; returns the response (caller frees). */
static struct response post_html(struct client *c, const char *path, const char *body,
                                 long status)
{
    struct response res;
    assert_int_equal(client_post(c, path, body, false, true, &res), 0);
    if (res.status != status)
        fail_msg("POST %s [%s]: expected %ld, got %ld:\n%.2000s", path, body, status, res.status,
                 res.body);
    return res;
}

static const char *reason_of(json_t *doc)
{
    const char *reason = json_string_value(json_object_get(doc, "reason"));
    return reason ? reason : "(none)";
}

/* "/parent/children/PUPIL/rounds/ROUND" into out (80 bytes). */
static const char *ranking_path(const char *pupil, const char *round, char out[80])
{
    snprintf(out, 80, "/parent/children/%lld/rounds/%lld", id_of("pupils", pupil),
             id_of("rounds", round));
    return out;
}

/* The parent of pupil ranks the activities (keys, NULL-terminated) in round; expects status.
   Returns the answer (caller decrefs). */
static json_t *rank_as(struct client *c, const char *pupil, const char *round, long status, ...)
{
    char body[256] = "", path[80];
    va_list ap;
    va_start(ap, status);
    int k = 1;
    for (const char *key = va_arg(ap, const char *); key; key = va_arg(ap, const char *), k++) {
        size_t len = strlen(body);
        snprintf(body + len, sizeof body - len, "%srank_%d=%lld", len ? "&" : "", k,
                 id_of("activities", key));
    }
    va_end(ap);
    return post_json(c, ranking_path(pupil, round, path), body, status);
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void coordinator_opens_and_changes_a_round(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(client_get(noord, "/rounds/new", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Koken");
    assert_contains(res.body, "name=\"csrf\"");
    response_free(&res);

    char opens[17], closes[17], body[512];
    pf_moment(1, "19:00", opens);
    pf_moment(10, "23:59", closes);
    long long koken = id_of("activities", "koken"), koor = id_of("activities", "koor");
    /* Every field wrong at once: 422 with a message per field. */
    snprintf(body, sizeof body,
             "name=&opens=%s&closes=%s&choices=11&max_per_child=1&activity_%lld=1", closes,
             opens, koor);
    json_t *doc = post_json(noord, "/rounds", body, 422);
    json_t *fields = json_object_get(doc, "fields");
    assert_non_null(json_object_get(fields, "name"));
    assert_non_null(json_object_get(fields, "choices"));
    assert_non_null(json_object_get(fields, "activities")); /* koor is zuid's */
    json_decref(doc);
    snprintf(body, sizeof body, "name=Winter&opens=%s&closes=%s&choices=2&max_per_child=1",
             closes, opens);
    doc = post_json(noord, "/rounds", body, 422);
    assert_non_null(json_object_get(json_object_get(doc, "fields"), "closes"));
    assert_non_null(json_object_get(json_object_get(doc, "fields"), "activities"));
    json_decref(doc);
    /* The HTML form comes back with the error summary and the input kept. */
    res = post_html(noord, "/rounds", body, 422);
    assert_contains(res.body, "error-summary");
    assert_contains(res.body, "value=\"Winter\"");
    response_free(&res);

    snprintf(body, sizeof body,
             "name=Winter&opens=%s&closes=%s&choices=2&max_per_child=1&activity_%lld=1", opens,
             closes, koken);
    doc = post_json(noord, "/rounds", body, 201);
    json_int_t id = json_integer_value(json_object_get(doc, "id"));
    assert_true(id > 0);
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "winter-noord");
    assert_string_equal(json_string_value(json_object_get(doc, "state")), "planned");
    json_decref(doc);
    char path[64];
    snprintf(path, sizeof path, "/rounds/%lld", (long long)id);
    snprintf(body, sizeof body,
             "name=Winterronde&opens=%s&closes=%s&choices=1&max_per_child=1&activity_%lld=1",
             opens, closes, koken);
    doc = post_json(noord, path, body, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "Winterronde");
    json_decref(doc);
    /* max_per_child above the choices is refused. */
    snprintf(body, sizeof body,
             "name=Winterronde&opens=%s&closes=%s&choices=1&max_per_child=2&activity_%lld=1",
             opens, closes, koken);
    doc = post_json(noord, path, body, 422);
    assert_non_null(json_object_get(json_object_get(doc, "fields"), "max_per_child"));
    json_decref(doc);

    doc = get_json(noord, "/rounds", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "rounds")), 2); /* not zuid's */
    json_decref(doc);
    assert_int_equal(get_status(noord, "/rounds", false), 200);
    assert_int_equal(get_status(noord, path, false), 200);
    char edit[80];
    snprintf(edit, sizeof edit, "%s/edit", path);
    assert_int_equal(get_status(noord, edit, false), 200);

    /* Another school's round does not exist for this coordinator; the lead sees all. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, path, false), 404);
    assert_int_equal(get_status(zuid, edit, false), 404);
    assert_int_equal(post_status(zuid, path, body, true, true), 404);
    char allocate[80];
    snprintf(allocate, sizeof allocate, "%s/allocate", path);
    assert_int_equal(post_status(zuid, allocate, "seed=1", true, true), 404);
    struct client *lead = logged_in("lead@test.nl");
    doc = get_json(lead, "/rounds", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "rounds")), 3);
    json_decref(doc);
    assert_int_equal(get_status(lead, path, false), 200);
    struct client *parent = logged_in("ouder1@test.nl");
    assert_int_equal(get_status(parent, "/rounds", false), 403);
    client_free(parent);
    client_free(lead);
    client_free(zuid);
    client_free(noord);
}

static void parents_rank_within_the_rules(void **state)
{
    (void)state;
    struct client *ouder1 = logged_in("ouder1@test.nl");
    char path[80];
    json_t *page = get_json(ouder1, ranking_path("sara", "open-noord", path), 200);
    assert_int_equal(json_array_size(json_object_get(page, "activities")), 2);
    assert_int_equal(json_array_size(json_object_get(page, "choices")), 2);
    assert_true(json_is_true(json_object_get(page, "is_open")));
    json_decref(page);
    struct response res;
    assert_int_equal(client_get(ouder1, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "1e keuze");
    assert_contains(res.body, "Judo");
    response_free(&res);

    json_t *doc = rank_as(ouder1, "sara", "open-noord", 200, "judo", "dans", NULL);
    json_t *ranks = json_object_get(doc, "ranks");
    assert_int_equal(json_array_size(ranks), 2);
    assert_int_equal(json_integer_value(json_array_get(ranks, 0)), id_of("activities", "judo"));
    json_decref(doc);
    /* Changing the ranking replaces it. */
    doc = rank_as(ouder1, "sara", "open-noord", 200, "dans", NULL);
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM preferences"), 1);
    res = post_html(ouder1, path, "rank_1=", 303);
    assert_contains(res.location, "/parent/children/");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM preferences"), 0);

    /* Refusals with their reason. */
    doc = rank_as(ouder1, "sara", "open-noord", 422, "judo", "judo", NULL);
    assert_string_equal(reason_of(doc), "duplicate");
    json_decref(doc);
    doc = rank_as(ouder1, "sara", "open-noord", 422, "koken", NULL);
    assert_string_equal(reason_of(doc), "not_in_round");
    json_decref(doc);
    doc = rank_as(ouder1, "sara", "open-noord", 422, "judo", "dans", "koken", NULL);
    assert_string_equal(reason_of(doc), "too_many");
    json_decref(doc);
    doc = post_json(ouder1, path, "rank_1=abc", 422);
    assert_string_equal(reason_of(doc), "not_in_round");
    json_decref(doc);
    /* In the page, in the parent's language. */
    res = post_html(ouder1, path, "rank_1=1&rank_2=1", 422);
    assert_contains(res.body, "error-summary");
    response_free(&res);
    res = post_html(ouder1, "/lang", "lang=en&next=/parent", 303);
    response_free(&res);
    char body[64];
    snprintf(body, sizeof body, "rank_1=%lld&rank_2=%lld", id_of("activities", "judo"),
             id_of("activities", "judo"));
    res = post_html(ouder1, path, body, 422);
    assert_contains(res.body, "more than once");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM preferences"), 0);

    /* Another parent's child, and a round with nothing for this child: 404. */
    char other[80];
    assert_int_equal(get_status(ouder1, ranking_path("daan", "open-noord", other), false), 404);
    assert_int_equal(post_status(ouder1, other, "rank_1=1", true, true), 404);
    assert_int_equal(get_status(ouder1, ranking_path("sara", "open-zuid", other), false), 404);
    assert_int_equal(post_status(ouder1, other, "", true, true), 404);
    client_free(ouder1);
}

static void coordinator_allocates_and_sees_the_result(void **state)
{
    (void)state;
    struct client *ouder1 = logged_in("ouder1@test.nl"), *ouder2 = logged_in("ouder2@test.nl"),
                  *ouder3 = logged_in("ouder3@test.nl");
    json_decref(rank_as(ouder1, "sara", "open-noord", 200, "judo", "dans", NULL));
    json_decref(rank_as(ouder2, "daan", "open-noord", 200, "judo", NULL));
    json_decref(rank_as(ouder3, "noor", "open-noord", 200, "judo", "dans", NULL));

    struct client *noord = logged_in("noord@test.nl");
    char path[64], allocate[80];
    snprintf(path, sizeof path, "/rounds/%lld", id_of("rounds", "open-noord"));
    snprintf(allocate, sizeof allocate, "%s/allocate", path);
    json_t *page = get_json(noord, path, 200);
    json_t *demand = json_object_get(page, "demand");
    assert_int_equal(json_integer_value(json_object_get(demand, "children")), 3);
    json_t *judo = json_array_get(json_object_get(demand, "activities"), 1); /* by title */
    assert_string_equal(json_string_value(json_object_get(judo, "key")), "judo");
    assert_int_equal(json_integer_value(json_array_get(json_object_get(judo, "ranked"), 0)), 3);
    assert_true(json_is_true(json_object_get(page, "can_allocate")));
    json_decref(page);
    struct response res;
    assert_int_equal(client_get(noord, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Wie koos wat");
    assert_contains(res.body, "<td class=\"num\">3</td>"); /* three ranked judo first */
    assert_contains(res.body, "/allocate");
    response_free(&res);

    json_t *doc = post_json(noord, allocate, "seed=abc", 422);
    assert_non_null(json_object_get(json_object_get(doc, "fields"), "seed"));
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM rounds WHERE closed_at IS NOT NULL"), 0);

    doc = post_json(noord, allocate, "seed=4242", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "seed")), 4242);
    json_t *by_rank = json_object_get(doc, "by_rank");
    assert_int_equal(json_array_size(by_rank), 2);
    assert_int_equal(json_integer_value(json_array_get(by_rank, 0)) +
                         json_integer_value(json_array_get(by_rank, 1)),
                     3);
    assert_int_equal(json_object_size(json_object_get(doc, "placed")), 3);
    assert_int_equal(json_array_size(json_object_get(doc, "unplaced")), 0);
    /* A maximum matching: Daan ranked only judo, so he gets it, whatever the lottery and
       although Sara (a priority pupil, who also ranked dans) ranked it first. */
    json_t *daan = json_object_get(json_object_get(doc, "placed"), "daan");
    assert_string_equal(json_string_value(json_array_get(daan, 0)), "judo");
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments WHERE status = 'enrolled'"
                              " AND round_id = (SELECT id FROM rounds WHERE key = 'open-noord')"),
                     3);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments e JOIN activities a"
                              " ON a.id = e.activity_id WHERE e.status = 'enrolled'"
                              " GROUP BY a.id HAVING count(*) > a.capacity"),
                     0);
    assert_int_equal(count_of("SELECT seed FROM rounds WHERE key = 'open-noord'"), 4242);

    /* The result page, and no second allocation or ranking. */
    page = get_json(noord, path, 200);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(page, "result"), "seed")),
                     4242);
    assert_false(json_is_true(json_object_get(page, "can_allocate")));
    json_decref(page);
    assert_int_equal(client_get(noord, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "4242");
    assert_contains(res.body, "Uitslag");
    response_free(&res);
    doc = post_json(noord, allocate, "", 409);
    json_decref(doc);
    doc = rank_as(ouder1, "sara", "open-noord", 422, "dans", NULL);
    assert_string_equal(reason_of(doc), "closed");
    json_decref(doc);
    char edit[80];
    snprintf(edit, sizeof edit, "%s/edit", path);
    assert_int_equal(get_status(noord, edit, false), 409);

    /* The same on the command line, for the other round: the result on standard output. */
    char *out = NULL;
    char *argv[] = {(char *)pf_binary(), "allocate", "--db", server.db_path, "--seed", "7",
                    "open-zuid", NULL};
    assert_int_equal(pf_run(argv, &out), 0);
    doc = json_loads(out, 0, NULL);
    free(out);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "seed")), 7);
    assert_true(json_is_object(json_object_get(doc, "placed")));
    assert_true(json_is_array(json_object_get(doc, "unplaced")));
    assert_true(json_is_array(json_object_get(doc, "by_rank")));
    json_decref(doc);
    assert_int_equal(count_of("SELECT seed FROM rounds WHERE key = 'open-zuid'"), 7);
    fputs("(two refusals of `verrijkt allocate` follow, on purpose)\n", stderr);
    assert_int_equal(pf_run(argv, &out), -1); /* allocated already */
    free(out);
    char *unknown[] = {(char *)pf_binary(), "allocate", "--db", server.db_path, "no-such-round",
                       NULL};
    assert_int_equal(pf_run(unknown, &out), -1);
    free(out);
    client_free(noord);
    client_free(ouder1);
    client_free(ouder2);
    client_free(ouder3);
}

static void posts_without_csrf_are_403(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char path[64], allocate[80], ranking[80];
    snprintf(path, sizeof path, "/rounds/%lld", id_of("rounds", "open-noord"));
    snprintf(allocate, sizeof allocate, "%s/allocate", path);
    assert_int_equal(post_status(noord, "/rounds", "name=X", true, false), 403);
    assert_int_equal(post_status(noord, path, "name=X", true, false), 403);
    assert_int_equal(post_status(noord, allocate, "seed=1", true, false), 403);
    struct client *ouder1 = logged_in("ouder1@test.nl");
    assert_int_equal(post_status(ouder1, ranking_path("sara", "open-noord", ranking), "rank_1=1",
                                 true, false),
                     403);
    assert_int_equal(count_of("SELECT count(*) FROM rounds WHERE closed_at IS NOT NULL"), 0);
    assert_int_equal(count_of("SELECT count(*) FROM preferences"), 0);
    client_free(ouder1);
    client_free(noord);
}

/* Issue 10 point 3: the round page links to a page that says what allocating does (children,
   seats, the early close, no undo); only that page's button allocates. */
static void allocating_goes_through_its_confirmation_page(void **state)
{
    (void)state;
    struct client *ouder1 = logged_in("ouder1@test.nl"), *ouder2 = logged_in("ouder2@test.nl");
    json_decref(rank_as(ouder1, "sara", "open-noord", 200, "judo", "dans", NULL));
    json_decref(rank_as(ouder2, "daan", "open-noord", 200, "judo", NULL));
    struct client *noord = logged_in("noord@test.nl");
    char path[64], allocate[80], action[96];
    snprintf(path, sizeof path, "/rounds/%lld", id_of("rounds", "open-noord"));
    snprintf(allocate, sizeof allocate, "%s/allocate", path);
    snprintf(action, sizeof action, "action=\"%s\"", allocate);
    struct response res;
    assert_int_equal(client_get(noord, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    char link[96];
    snprintf(link, sizeof link, "href=\"%s\"", allocate);
    assert_contains(res.body, link);
    assert_lacks(res.body, action);
    response_free(&res);

    assert_int_equal(client_get(noord, allocate, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<strong>2 kinderen</strong>");
    assert_contains(res.body, "vrije plaatsen</strong>");
    assert_contains(res.body, "eerder dan gepland");
    assert_contains(res.body, "niet ongedaan");
    assert_contains(res.body, action);
    response_free(&res);
    json_t *doc = get_json(noord, allocate, 200);
    assert_int_equal(int_of(json_object_get(doc, "demand"), "children"), 2);
    assert_true(int_of(doc, "seats") > 0);
    json_decref(doc);
    assert_int_equal(count_of("SELECT count(*) FROM rounds WHERE closed_at IS NOT NULL"), 0);

    /* Another school's round, an unknown one, a parent: not there. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, allocate, false), 404);
    assert_int_equal(get_status(zuid, "/rounds/999999/allocate", false), 404);
    assert_int_equal(get_status(ouder1, allocate, false), 403);
    client_free(zuid);

    /* A bad seed comes back on the confirmation page, kept, with its message. */
    submit_form(noord, allocate, allocate, &res, "seed", "12ab", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "value=\"12ab\"");
    assert_contains(res.body, "Laat leeg, of vul een geheel getal");
    assert_contains(res.body, action);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM rounds WHERE closed_at IS NOT NULL"), 0);

    /* The page's button allocates and returns to the round; the page is then gone. */
    submit_form(noord, allocate, allocate, &res, "seed", "99", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    assert_int_equal(count_of("SELECT seed FROM rounds WHERE key = 'open-noord'"), 99);
    assert_int_equal(client_get(noord, allocate, false, &res), 0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    client_free(ouder1);
    client_free(ouder2);
    client_free(noord);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(coordinator_opens_and_changes_a_round),
        T(parents_rank_within_the_rules),
        T(coordinator_allocates_and_sees_the_result),
        T(posts_without_csrf_are_403),
        T(allocating_goes_through_its_confirmation_page),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
