/* HTTP tests of issue 15, part 6, against the real daemon: a staff member's competence on the
 * edit page (/staff/{id}/edit): the history of assessed levels (date in words, level) and the
 * trainings, with the two small forms submitted through the page's own HTML ("Beoordeling
 * toevoegen" → POST /staff/{id}/levels, "Scholing toevoegen" → POST /staff/{id}/trainings),
 * each answered 303 back to the page with a flash. Bad input (a date in the future, an unknown
 * level, a date already assessed, no name) is answered 422 with its Dutch message on the form,
 * the input kept and nothing written. The access matrix: without the CSRF token 403, parents
 * and staff 403, another school's coordinator refused as the edit page refuses (403). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlform.h"
#include "parent_fixture.h"
#include "testkit.h"

static json_t *fixture(const char *hash)
{
    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("ouder@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));
    char vog[11], from[11], until[11];
    json_t *judo = json_pack(
        "{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:[s]}", "key",
        "judo", "school", "noord", "title", "Judo", "domains", "sport", "grades", 1, 8,
        "capacity", 10, "weekday", pf_weekday(-7), "start", "15:00", "end", "16:00", "from",
        pf_day(-14, from), "until", pf_day(14, until), "provider", "sportpartner", "staff",
        "anna");
    return json_pack(
        "{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[{s:s, s:s, s:b}],"
        " s:[{s:s, s:s, s:s, s:s, s:s}], s:[o], s:[{s:s, s:s, s:s, s:s, s:s, s:i}], s:o}",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po", "key", "zuid",
        "name", "Basisschool Zuid", "kind", "po", "providers", "key", "sportpartner", "name",
        "Sportpartner", "external", 1, "staff", "key", "anna", "provider", "sportpartner", "name",
        "Anna de Vries", "level", "vak", "vog_date", pf_day(-100, vog), "activities", judo,
        "pupils", "key", "sara", "school", "noord", "number", "1001", "first_name", "Sara",
        "last_name", "Test", "grade", 5, "users", users);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

static long long levels(void) { return count_of("SELECT count(*) FROM staff_levels"); }
static long long trainings(void) { return count_of("SELECT count(*) FROM staff_trainings"); }

/* The edit page and the two actions of staff member anna. */
struct anna_paths {
    char edit[64], levels[64], trainings[64];
};

static void anna_paths(struct anna_paths *p)
{
    long long id = id_of("staff", "anna");
    snprintf(p->edit, sizeof p->edit, "/staff/%lld/edit", id);
    snprintf(p->levels, sizeof p->levels, "/staff/%lld/levels", id);
    snprintf(p->trainings, sizeof p->trainings, "/staff/%lld/trainings", id);
}

static void the_coordinator_assesses_a_level(void **state)
{
    (void)state;
    struct anna_paths p;
    anna_paths(&p);
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    /* The level kept from before the history is shown as known since always. */
    assert_int_equal(client_get(noord, p.edit, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Bekwaamheid en scholing");
    assert_contains(res.body, "al bekend vóór de registratie");
    assert_contains(res.body, "vakbekwaam");
    assert_contains(res.body, "Nog geen scholing.");
    response_free(&res);
    assert_int_equal(levels(), 1);

    /* A date in the future: 422, the message at the field, the input kept. */
    char ahead[11];
    submit_form(noord, p.edit, p.levels, &res, "level", "basis", "date", pf_day(3, ahead), NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "De datum kan niet in de toekomst liggen.");
    assert_contains(res.body, ahead);
    assert_contains(res.body, "href=\"#f-assess-date\"");
    response_free(&res);
    /* An unknown level. */
    submit_form(noord, p.edit, p.levels, &res, "level", "meester", "date", "2025-03-14", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies startbekwaam, basisbekwaam of vakbekwaam.");
    assert_contains(res.body, "2025-03-14");
    response_free(&res);
    /* Not a date, and no level at all. */
    submit_form(noord, p.edit, p.levels, &res, "date", "14-03-2025", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies startbekwaam, basisbekwaam of vakbekwaam.");
    assert_contains(res.body, "14-03-2025");
    response_free(&res);
    assert_int_equal(levels(), 1);

    /* A good one: 303 back to the page, the flash, the history in words. */
    submit_form(noord, p.edit, p.levels, &res, "level", "basis", "date", "2025-03-14", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, p.edit);
    response_free(&res);
    assert_int_equal(levels(), 2);
    assert_int_equal(count_of("SELECT count(*) FROM staff WHERE key = 'anna' AND level = 'basis'"),
                     1);
    assert_int_equal(client_get(noord, p.edit, false, &res), 0);
    assert_contains(res.body, "Beoordeling opgeslagen.");
    assert_contains(res.body, "14 maart 2025");
    assert_contains(res.body, "basisbekwaam");
    assert_lacks(res.body, "<td>2025-03-14");
    assert_lacks(res.body, "<td>2000-01-01");
    response_free(&res);

    /* The same date again. */
    submit_form(noord, p.edit, p.levels, &res, "level", "vak", "date", "2025-03-14", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Op deze datum is al een niveau vastgesteld.");
    response_free(&res);
    assert_int_equal(levels(), 2);
    client_free(noord);
}

static void the_coordinator_adds_a_training(void **state)
{
    (void)state;
    struct anna_paths p;
    anna_paths(&p);
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    char ahead[11];
    submit_form(noord, p.edit, p.trainings, &res, "name", "EHBO voor kinderen", "date",
                pf_day(5, ahead), NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "De datum kan niet in de toekomst liggen.");
    assert_contains(res.body, "EHBO voor kinderen");
    assert_contains(res.body, "href=\"#f-training-date\"");
    response_free(&res);
    submit_form(noord, p.edit, p.trainings, &res, "name", "  ", "date", "2025-02-03", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vul een naam in.");
    assert_contains(res.body, "2025-02-03");
    response_free(&res);
    assert_int_equal(trainings(), 0);

    submit_form(noord, p.edit, p.trainings, &res, "name", "EHBO voor kinderen", "date",
                "2025-02-03", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, p.edit);
    response_free(&res);
    assert_int_equal(trainings(), 1);
    assert_int_equal(client_get(noord, p.edit, false, &res), 0);
    assert_contains(res.body, "Scholing opgeslagen.");
    assert_contains(res.body, "EHBO voor kinderen");
    assert_contains(res.body, "3 februari 2025");
    assert_lacks(res.body, "Nog geen scholing.");
    assert_lacks(res.body, "<td>2025-02-03");
    response_free(&res);
    client_free(noord);
}

static void only_who_may_edit_the_staff_member_writes(void **state)
{
    (void)state;
    struct anna_paths p;
    anna_paths(&p);
    const char *level = "level=start&date=2025-01-06";
    const char *training = "name=Judo+les&date=2025-01-06";
    struct client *noord = logged_in("noord@test.nl");
    assert_int_equal(post_status(noord, p.levels, level, false, false), 403);
    assert_int_equal(post_status(noord, p.trainings, training, false, false), 403);
    const char *refused[] = {"ouder@test.nl", "anna@test.nl", "zuid@test.nl"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        struct client *c = logged_in(refused[i]);
        assert_int_equal(get_status(c, p.edit, false), 403);
        assert_int_equal(post_status(c, p.levels, level, false, true), 403);
        assert_int_equal(post_status(c, p.trainings, training, false, true), 403);
        client_free(c);
    }
    assert_int_equal(levels(), 1);
    assert_int_equal(trainings(), 0);
    /* An unknown staff member. */
    assert_int_equal(post_status(noord, "/staff/999999/levels", level, false, true), 404);
    /* The lead may. */
    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(post_status(lead, p.levels, level, false, true), 303);
    assert_int_equal(post_status(lead, p.trainings, training, false, true), 303);
    assert_int_equal(levels(), 2);
    assert_int_equal(trainings(), 1);
    client_free(lead);
    client_free(noord);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(the_coordinator_assesses_a_level),
        T(the_coordinator_adds_a_training),
        T(only_who_may_edit_the_staff_member_writes),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
