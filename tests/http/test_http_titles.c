/* HTTP tests (issue 10) that activities with the same title are told apart wherever they are
 * listed: beside the title the group range and the period ("groep 5–6, sep.–nov."), the same
 * words on the round page, the round form, the parent's home, a child's page and the parent's
 * ranking page. The fixture is generated at start with dates relative to today: two "Judo"
 * activities of one school for different groups in different months, both in an open round. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testkit.h"
#include "parent_fixture.h"

/* ---- the fixture ----------------------------------------------------------------------------- */

/* The two periods, in days from today: far enough apart that no month is shared. */
#define YOUNG_FROM -7
#define YOUNG_UNTIL 60
#define OLD_FROM 70
#define OLD_UNTIL 200

static json_t *activity(const char *key, const char *title, int grade_min, int grade_max,
                        int from_day, int until_day)
{
    char from[11], until[11], signup_from[17], signup_until[17];
    return json_pack("{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s,"
                     " s:s}",
                     "key", key, "school", "noord", "title", title, "domains", "sport", "grades",
                     grade_min, grade_max, "capacity", 10, "weekday", pf_weekday(1), "start",
                     "15:00", "end",
                     "16:00", "from", pf_day(from_day, from), "until", pf_day(until_day, until),
                     "signup_from", pf_moment(-1, "00:00", signup_from), "signup_until",
                     pf_moment(60, "23:59", signup_until), "open_to", "school");
}

/* Noord: "Judo" for groep 5–6 now and "Judo" for groep 6–8 later, both in the open round
   "open-noord"; Sara and Tim (groep 6) are ouder1's children and may take both; Tim is
   enrolled in both already. */
static json_t *fixture(const char *hash)
{
    char opens[17], closes[17];
    pf_moment(-1, "00:00", opens);
    pf_moment(5, "23:59", closes);
    json_t *users = fixture_users(hash, false);
    json_array_append_new(users, fixture_user("ouder1@test.nl", "parent", hash, "children",
                                              json_pack("[s, s]", "sara", "tim")));
    return json_pack(
        "{s:{s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[o, o],"
        " s:[{s:s, s:s, s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:s, s:s, s:i}], s:o,"
        " s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}],"
        " s:[{s:s, s:s, s:[s, s], s:s, s:s, s:i, s:i}]}",
        "coalition", "name", "Coalitie Testdorp", "schools", "key", "noord", "name",
        "Basisschool Noord", "kind", "po", "key", "zuid", "name", "Basisschool Zuid", "kind",
        "po", "activities", activity("judo-jong", "Judo", 5, 6, YOUNG_FROM, YOUNG_UNTIL),
        activity("judo-oud", "Judo", 6, 8, OLD_FROM, OLD_UNTIL), "pupils", "key", "sara",
        "school", "noord", "number", "1001", "first_name", "Sara", "last_name", "Test", "grade",
        6, "key", "tim", "school", "noord", "number", "1002", "first_name", "Tim", "last_name",
        "Test", "grade", 6, "users", users, "enrolments", "pupil", "tim", "activity",
        "judo-jong", "status", "enrolled", "pupil", "tim", "activity", "judo-oud", "status",
        "enrolled", "rounds", "key", "open-noord", "school", "noord", "activities",
        "judo-jong", "judo-oud", "opens", opens, "closes", closes, "choices", 2,
        "max_per_child", 1);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* ---- what the pages must say ----------------------------------------------------------------- */

/* The Dutch short month of today + offset days ("sep."). Static. */
static const char *short_month(int offset)
{
    static const char *const months[] = {"jan.", "feb.", "mrt.", "apr.", "mei", "jun.",
                                         "jul.", "aug.", "sep.", "okt.", "nov.", "dec."};
    struct tm tm = pf_tm(offset);
    return months[tm.tm_mon];
}

/* "groep 5–6, sep.–nov." for grades lo–hi from today + from to today + until, into out. */
static const char *span_text(int lo, int hi, int from, int until, char out[64])
{
    snprintf(out, 64, "groep %d–%d, %s–%s", lo, hi, short_month(from), short_month(until));
    return out;
}

/* GET path as HTML by c; fails unless 200. The body, caller frees. */
static char *html_of(struct client *c, const char *path)
{
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    if (res.status != 200)
        fail_msg("GET %s: expected 200, got %ld", path, res.status);
    char *body = strdup(res.body);
    response_free(&res);
    return body;
}

/* Both Judo activities are on the page at path, each with its own range and period. */
static void both_told_apart(struct client *c, const char *path)
{
    char young[64], old[64];
    span_text(5, 6, YOUNG_FROM, YOUNG_UNTIL, young);
    span_text(6, 8, OLD_FROM, OLD_UNTIL, old);
    char *body = html_of(c, path);
    if (!strstr(body, young) || !strstr(body, old))
        fail_msg("GET %s: expected \"%s\" and \"%s\" in:\n%.3000s", path, young, old, body);
    free(body);
}

/* ---- the tests ------------------------------------------------------------------------------- */

static void the_round_page_and_form_tell_the_two_apart(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char path[64], edit[80];
    snprintf(path, sizeof path, "/rounds/%lld", id_of("rounds", "open-noord"));
    snprintf(edit, sizeof edit, "%s/edit", path);
    both_told_apart(noord, path);
    both_told_apart(noord, edit);
    both_told_apart(noord, "/rounds/new");

    /* the JSON of the round page has the columns the words come from */
    json_t *page = get_json(noord, path, 200);
    json_t *demand = json_object_get(page, "demand");
    json_t *first = json_array_get(json_object_get(demand, "activities"), 0);
    assert_int_equal(int_of(first, "grade_min"), 5);
    assert_int_equal(int_of(first, "grade_max"), 6);
    char from[11];
    assert_string_equal(str_of(first, "date_from"), pf_day(YOUNG_FROM, from));
    json_decref(page);
    client_free(noord);
}

static void the_parent_pages_tell_the_two_apart(void **state)
{
    (void)state;
    struct client *ouder1 = logged_in("ouder1@test.nl");
    char child[64], round[96];
    long long sara = id_of("pupils", "sara");
    snprintf(child, sizeof child, "/parent/children/%lld", sara);
    snprintf(round, sizeof round, "%s/rounds/%lld", child, id_of("rounds", "open-noord"));
    both_told_apart(ouder1, child); /* the activities open to Sara */
    both_told_apart(ouder1, round); /* the cards and the options of the selects */

    /* Tim is enrolled in both: his enrolments on the home page and on his page say which is
       which */
    assert_int_equal(count_of("SELECT count(*) FROM enrolments WHERE status = 'enrolled'"), 2);
    both_told_apart(ouder1, "/parent");
    snprintf(child, sizeof child, "/parent/children/%lld", id_of("pupils", "tim"));
    both_told_apart(ouder1, child);
    client_free(ouder1);
}

static void the_start_page_and_the_activity_book_tell_the_two_apart(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    /* the start page lists the sessions of the coming days (tomorrow has one): only the young
       group's run now */
    char young[64], path[96], from[11], to[11];
    span_text(5, 6, YOUNG_FROM, YOUNG_UNTIL, young);
    char *body = html_of(noord, "/");
    assert_contains(body, "Judo</a> <span class=\"muted\">(");
    assert_contains(body, young);
    free(body);
    /* the activity book over a period that covers both runs */
    snprintf(path, sizeof path, "/activity-book?from=%s&to=%s", pf_day(YOUNG_FROM, from),
             pf_day(OLD_UNTIL, to));
    both_told_apart(noord, path);
    client_free(noord);
}

/* The parent's words follow the parent's language: "group 5–6" in English. */
static void the_words_follow_the_language(void **state)
{
    (void)state;
    struct client *ouder1 = logged_in("ouder1@test.nl");
    char child[64];
    snprintf(child, sizeof child, "/parent/children/%lld", id_of("pupils", "sara"));
    assert_int_equal(post_status(ouder1, "/lang", "lang=en&next=/parent", false, true), 303);
    char *body = html_of(ouder1, child);
    assert_contains(body, "group 5–6, ");
    assert_contains(body, "group 6–8, ");
    assert_lacks(body, "groep 5–6");
    free(body);
    client_free(ouder1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(the_round_page_and_form_tell_the_two_apart),
        T(the_parent_pages_tell_the_two_apart),
        T(the_start_page_and_the_activity_book_tell_the_two_apart),
        T(the_words_follow_the_language),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
