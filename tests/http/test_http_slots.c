/* HTTP tests of issue 14's timetables against the real daemon with the fixture: weekly slots
 * through the activity form as a browser submits it (a second slot, every slot shown in words,
 * bad slots refused with their message and the input kept, removing a slot with marks
 * confirmed first, "Kopieer naar volgend blok" keeping the slots), and a school's study days
 * (/schools/{id}/study-days: add, refuse, delete after confirmation, CSRF, the school scope). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlform.h"
#include "testkit.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* Judo (school noord, Tuesdays 2 Sep 2025 – 27 Jan 2026) has a mark on 9 September. */
#define JUDO_SLOTS                                                                                \
    "SELECT count(*) FROM activity_slots t JOIN activities a ON a.id = t.activity_id"           \
    " WHERE a.key = 'judo-noord'"

static long long judo(void)
{
    return id_of("activities", "judo-noord");
}

/* Judo's paths: the page (also the form's action), its edit form and its copy form. */
struct judo_paths {
    char page[64], edit[64], copy[64];
};

static struct judo_paths judo_paths(void)
{
    struct judo_paths p;
    long long id = judo();
    snprintf(p.page, sizeof p.page, "/activities/%lld", id);
    snprintf(p.edit, sizeof p.edit, "/activities/%lld/edit", id);
    snprintf(p.copy, sizeof p.copy, "/activities/%lld/copy", id);
    return p;
}

/* Give judo Tuesdays and Thursdays 15:00–16:00 through its form (303). */
static void judo_twice_a_week(struct client *c, const struct judo_paths *p)
{
    struct response res;
    submit_form(c, p->edit, p->page, &res, "start", "15:00", "end", "16:00", "weekday_2", "4",
                "start_2", "15:00", "end_2", "16:00", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
}

/* ---- slots ------------------------------------------------------------------------------- */

static void a_coordinator_adds_a_second_slot(void **state)
{
    (void)state;
    struct judo_paths p = judo_paths();
    struct client *c = logged_in("noord@test.nl");
    judo_twice_a_week(c, &p);
    assert_int_equal(count_of(JUDO_SLOTS), 2);
    /* Sessions on Thursdays too, at their slot's times; the first slot stays Tuesday. */
    assert_int_equal(count_of("SELECT count(*) FROM sessions s JOIN activities a"
                              " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"
                              " AND s.slot_date = '2025-09-04' AND s.start_time = '15:00'"),
                     1);
    assert_int_equal(count_of("SELECT weekday FROM activities WHERE key = 'judo-noord'"), 2);
    /* Every place that says when shows both days in words. */
    struct response res;
    assert_int_equal(client_get(c, p.page, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "elke di en do 15:00–16:00");
    response_free(&res);
    assert_int_equal(client_get(c, "/activities?when=all", false, &res), 0);
    assert_contains(res.body, "di en do 15:00–16:00");
    response_free(&res);
    struct client *lead = logged_in("lead@test.nl");
    char book[64];
    snprintf(book, sizeof book, "/activity-book/%lld", judo());
    assert_int_equal(client_get(lead, book, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "elke di en do 15:00–16:00 (120 minuten per week)");
    response_free(&res);
    client_free(lead);
    /* The JSON of the activity lists its slots. */
    json_t *doc = get_json(c, p.page, 200);
    json_t *slots = json_object_get(doc, "slots");
    assert_int_equal(json_array_size(slots), 2);
    assert_int_equal(int_of(json_array_get(slots, 1), "weekday"), 4);
    json_decref(doc);
    /* The edit form shows the second slot again. */
    assert_int_equal(client_get(c, p.edit, false, &res), 0);
    char *day = html_form_value(res.body, p.page, "weekday_2");
    char *start = html_form_value(res.body, p.page, "start_2");
    assert_string_equal(day, "4");
    assert_string_equal(start, "15:00");
    free(day);
    free(start);
    response_free(&res);
    client_free(c);
}

/* One bad slot form: 422, the message on the page, the input kept, nothing written. */
static void expect_slot_refused(struct client *c, const struct judo_paths *p, const char *message,
                                const char *kept_name, const char *kept_value, ...)
{
    long long slots = count_of(JUDO_SLOTS);
    long long sessions = count_of("SELECT count(*) FROM sessions");
    struct response res;
    char *body;
    {
        struct response form;
        assert_int_equal(client_get(c, p->edit, false, &form), 0);
        va_list ap;
        va_start(ap, kept_value);
        const char *pairs[12][2];
        size_t n = 0;
        const char *name;
        while (n < 12 && (name = va_arg(ap, const char *)) != NULL) {
            pairs[n][0] = name;
            pairs[n][1] = va_arg(ap, const char *);
            n++;
        }
        va_end(ap);
        /* html_form_body takes its pairs as arguments: at most four here. */
        assert_true(n <= 4);
        body = html_form_body(form.body, p->page, n > 0 ? pairs[0][0] : NULL,
                              n > 0 ? pairs[0][1] : NULL, n > 1 ? pairs[1][0] : NULL,
                              n > 1 ? pairs[1][1] : NULL, n > 2 ? pairs[2][0] : NULL,
                              n > 2 ? pairs[2][1] : NULL, n > 3 ? pairs[3][0] : NULL,
                              n > 3 ? pairs[3][1] : NULL, NULL);
        response_free(&form);
    }
    assert_int_equal(client_post(c, p->page, body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, message);
    char *kept = html_form_value(res.body, p->page, kept_name);
    assert_non_null(kept);
    assert_string_equal(kept, kept_value);
    free(kept);
    response_free(&res);
    assert_int_equal(count_of(JUDO_SLOTS), slots);
    assert_int_equal(count_of("SELECT count(*) FROM sessions"), sessions);
}

static void bad_slots_are_refused(void **state)
{
    (void)state;
    struct judo_paths p = judo_paths();
    struct client *c = logged_in("noord@test.nl");
    /* The same weekday twice. */
    expect_slot_refused(c, &p, "Een activiteit heeft hoogstens één tijd per weekdag", "start_2",
                        "17:00", "weekday_2", "2", "start_2", "17:00", "end_2", "18:00", NULL);
    /* The end before the start. */
    expect_slot_refused(c, &p, "De eindtijd moet na de begintijd liggen.", "end_2", "15:00",
                        "weekday_2", "4", "start_2", "16:00", "end_2", "15:00", NULL);
    /* A time that is not one. */
    expect_slot_refused(c, &p, "Vul een geldige tijd in", "weekday_2", "4", "weekday_2", "4",
                        "start_2", "25:00", "end_2", "16:00", NULL);
    /* A row half filled in. */
    expect_slot_refused(c, &p, "Vul een begintijd in.", "weekday_2", "5", "weekday_2", "5", NULL);
    expect_slot_refused(c, &p, "Kies een dag van de week.", "start_2", "10:00", "start_2",
                        "10:00", "end_2", "11:00", NULL);
    /* A weekday that is not one. */
    expect_slot_refused(c, &p, "Kies een dag van de week.", "start_3", "10:00", "weekday_3", "9",
                        "start_3", "10:00", "end_3", "11:00", NULL);
    client_free(c);
}

static void removing_a_slot_with_marks_is_confirmed_first(void **state)
{
    (void)state;
    struct judo_paths p = judo_paths();
    struct client *c = logged_in("noord@test.nl");
    judo_twice_a_week(c, &p);
    /* Thursdays only: the Tuesday of 9 September has a mark. */
    struct response res;
    submit_form(c, p.edit, p.page, &res, "weekday", "4", "weekday_2", "", "start_2", "",
                "end_2", "", NULL);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Roosterwijziging bevestigen");
    assert_contains(res.body, "dinsdag 9 september 2025");
    assert_int_equal(count_of(JUDO_SLOTS), 2); /* nothing changed yet */
    char *again = html_form_body(res.body, p.page, NULL);
    response_free(&res);
    assert_int_equal(client_post(c, p.page, again, false, false, &res), 0);
    free(again);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of(JUDO_SLOTS), 1);
    assert_int_equal(count_of("SELECT cancelled FROM sessions s JOIN activities a"
                              " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"
                              " AND s.slot_date = '2025-09-09'"),
                     1);
    assert_int_equal(count_of("SELECT count(*) FROM attendance t JOIN sessions s"
                              " ON s.id = t.session_id WHERE s.slot_date = '2025-09-09'"),
                     1);
    client_free(c);
}

static void a_copy_keeps_every_slot(void **state)
{
    (void)state;
    struct judo_paths p = judo_paths();
    struct client *c = logged_in("noord@test.nl");
    judo_twice_a_week(c, &p);
    struct response res;
    assert_int_equal(client_get(c, p.copy, false, &res), 0);
    char *day = html_form_value(res.body, "/activities", "weekday_2");
    assert_string_equal(day, "4");
    free(day);
    response_free(&res);
    submit_form(c, p.copy, "/activities", &res, "title", "Judo blok 2", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM activity_slots t JOIN activities a"
                              " ON a.id = t.activity_id WHERE a.title = 'Judo blok 2'"
                              " AND t.start_time = '15:00'"),
                     2);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments e JOIN activities a"
                              " ON a.id = e.activity_id WHERE a.title = 'Judo blok 2'"),
                     0);
    client_free(c);
}

/* ---- study days -------------------------------------------------------------------------- */

#define JUDO_ON(date)                                                                             \
    "SELECT count(*) FROM sessions s JOIN activities a ON a.id = s.activity_id"                 \
    " WHERE a.key = 'judo-noord' AND s.slot_date = '" date "' AND s.cancelled = 0"

static void a_coordinator_manages_the_study_days(void **state)
{
    (void)state;
    char page[64];
    snprintf(page, sizeof page, "/schools/%lld/study-days", id_of("schools", "noord"));
    struct client *c = logged_in("noord@test.nl");
    assert_int_equal(count_of(JUDO_ON("2025-09-16")), 1);
    struct response res;
    submit_form(c, page, page, &res, "date", "2025-09-16", "note", "Teamscholing", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, page);
    response_free(&res);
    assert_int_equal(count_of(JUDO_ON("2025-09-16")), 0);
    /* Another school's activity on a Tuesday would keep its session: tekenen-zuid is on
       Thursdays; the study day is only noord's. */
    assert_int_equal(count_of("SELECT count(*) FROM study_days"), 1);
    assert_int_equal(client_get(c, page, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Teamscholing");
    assert_contains(res.body, "16 september 2025");
    assert_no_iso_date_in_text(res.body);
    response_free(&res);
    /* Refused: no date, not a date, the same day twice; the input kept, nothing written. */
    const char *bad[][3] = {
        {"", "Dit veld is verplicht."},
        {"2025-02-30", "Vul een geldige datum in"},
        {"2025-09-16", "staat al als studiedag"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        submit_form(c, page, page, &res, "date", bad[i][0], "note", "Nog een", NULL);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, bad[i][1]);
        char *note = html_form_value(res.body, page, "note");
        assert_string_equal(note, "Nog een");
        free(note);
        response_free(&res);
    }
    assert_int_equal(count_of("SELECT count(*) FROM study_days"), 1);
    /* Deleting: the confirmation page, then its own form. */
    char confirm[96];
    snprintf(confirm, sizeof confirm, "%s/%lld/delete", page,
             count_of("SELECT id FROM study_days"));
    assert_int_equal(client_get(c, confirm, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Ja, studiedag verwijderen");
    response_free(&res);
    submit_form(c, confirm, confirm, &res, NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM study_days"), 0);
    assert_int_equal(count_of(JUDO_ON("2025-09-16")), 1);
    client_free(c);
}

static void study_days_keep_to_the_school(void **state)
{
    (void)state;
    char page[64], path[96];
    snprintf(page, sizeof page, "/schools/%lld/study-days", id_of("schools", "noord"));
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    submit_form(noord, page, page, &res, "date", "2025-09-23", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    long long day = count_of("SELECT id FROM study_days");
    snprintf(path, sizeof path, "%s/%lld/delete", page, day);
    /* The coordinator of another school: 404, as for the school itself; nothing changes. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, page, false), 404);
    assert_int_equal(get_status(zuid, path, false), 404);
    assert_int_equal(post_status(zuid, page, "date=2025-09-30", false, true), 404);
    assert_int_equal(post_status(zuid, path, "", false, true), 404);
    /* Zuid's own page does not reach noord's day either. */
    char other[96];
    snprintf(other, sizeof other, "/schools/%lld/study-days/%lld/delete",
             id_of("schools", "zuid"), day);
    assert_int_equal(get_status(zuid, other, false), 404);
    assert_int_equal(post_status(zuid, other, "", false, true), 404);
    client_free(zuid);
    /* Without the CSRF token: 403. Parents and staff: 403. */
    assert_int_equal(post_status(noord, path, "", false, false), 403);
    assert_int_equal(post_status(noord, page, "date=2025-09-30", false, false), 403);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, page, false), 403);
    client_free(parent);
    struct client *staff = logged_in("anna@test.nl");
    assert_int_equal(get_status(staff, page, false), 403);
    client_free(staff);
    assert_int_equal(count_of("SELECT count(*) FROM study_days"), 1);
    /* The lead may. */
    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(get_status(lead, page, false), 200);
    assert_int_equal(post_status(lead, path, "", false, true), 303);
    client_free(lead);
    assert_int_equal(count_of("SELECT count(*) FROM study_days"), 0);
    client_free(noord);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_coordinator_adds_a_second_slot, start, stop),
        cmocka_unit_test_setup_teardown(bad_slots_are_refused, start, stop),
        cmocka_unit_test_setup_teardown(removing_a_slot_with_marks_is_confirmed_first, start, stop),
        cmocka_unit_test_setup_teardown(a_copy_keeps_every_slot, start, stop),
        cmocka_unit_test_setup_teardown(a_coordinator_manages_the_study_days, start, stop),
        cmocka_unit_test_setup_teardown(study_days_keep_to_the_school, start, stop),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return exit_status(failed);
}
