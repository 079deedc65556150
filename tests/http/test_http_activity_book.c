/* HTTP tests of the activity book (GET /activity-book and /activity-book/{id}) against the real
 * daemon with tests/http/fixture.json over the school year 2025-2026 (its sessions are all in
 * the past): who may read it (lead, coordinators and staff see every school; parents 403), the
 * JSON of the list and of an activity (numbers, nulls, the evaluations by role without names
 * or notes), the filters (domain, grade, school, provider, free text, also in evaluations),
 * bad filters refused on the form with a Dutch message and the input kept (422), page numbers
 * bounded, and everything escaped.
 *
 * The fixture over the period: noord has Judo (sport, Sportpartner, groep 5–8, 20 held
 * sessions) with Sara enrolled (present once, 1 hour, involvement 4); zuid has Tekenen
 * (cultuur, no provider, groep 3–6, 20 held), nobody enrolled. The first test writes an
 * evaluation of Judo's session of 2025-09-09 as the lead (with markup in it). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

#define PERIOD "from=2025-08-01&to=2026-07-31"
#define BOOK "/activity-book?" PERIOD

static json_t *activity_of(json_t *doc, const char *key)
{
    json_t *a = item_with(json_object_get(doc, "activities"), "key", key);
    if (!a)
        fail_msg("no activity %s in the book", key);
    return a;
}

static void assert_real_of(json_t *obj, const char *key, double expected)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_real(v) || fabs(json_real_value(v) - expected) > 1e-9)
        fail_msg("%s is not %g", key, expected);
}

/* The keys of the activities of doc, joined by spaces, into out. */
static const char *keys_of(json_t *doc, char out[256])
{
    out[0] = '\0';
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(doc, "activities"), i, a)
    {
        if (i)
            strcat(out, " ");
        strncat(out, str_of(a, "key"), 40);
    }
    return out;
}

/* The activities' keys for the query (after BOOK), as the lead sees them. */
static const char *found(struct client *c, const char *query, char out[256])
{
    char path[512];
    snprintf(path, sizeof path, BOOK "&%s", query);
    json_t *doc = get_json(c, path, 200);
    keys_of(doc, out);
    json_decref(doc);
    return out;
}

/* ---- an evaluation to show, and the JSON ----------------------------------------------------- */

static void json_of_the_list(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long session = count_of("SELECT s.id FROM sessions s JOIN activities a"
                                 " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"
                                 " AND s.date = '2025-09-09'");
    char path[64], *body = form_body("went_well", "<script>x</script> Samen oefenen",
                                     "to_change", "Korter uitleggen", "as_planned", "partly",
                                     "note", "Sara was moe", NULL);
    snprintf(path, sizeof path, "/sessions/%lld/evaluation", session);
    json_decref(post_json(lead, path, body, 201));
    free(body);

    json_t *doc = get_json(lead, BOOK, 200);
    assert_string_equal(str_of(doc, "from"), "2025-08-01");
    assert_string_equal(str_of(doc, "to"), "2026-07-31");
    assert_int_equal(int_of(doc, "total"), 2);
    assert_int_equal(int_of(doc, "page"), 1);
    assert_int_equal(int_of(doc, "pages"), 1);
    assert_int_equal(int_of(doc, "per_page"), 50);
    assert_string_equal(str_of(doc, "sort"), "title");
    assert_string_equal(str_of(doc, "dir"), "asc");
    json_t *judo = activity_of(doc, "judo-noord");
    assert_string_equal(str_of(judo, "title"), "Judo");
    assert_string_equal(str_of(judo, "goal"), "Samenwerken en zelfvertrouwen");
    assert_string_equal(str_of(json_object_get(judo, "school"), "key"), "noord");
    assert_string_equal(str_of(json_object_get(judo, "provider"), "key"), "sportpartner");
    assert_int_equal(int_of(json_object_get(judo, "grades"), "min"), 5);
    assert_int_equal(int_of(json_object_get(judo, "grades"), "max"), 8);
    assert_string_equal(str_of(json_array_get(json_object_get(judo, "domains"), 0), "code"),
                        "sport");
    assert_int_equal(int_of(judo, "sessions"), 20);
    assert_int_equal(int_of(judo, "participants"), 1);
    assert_real_of(judo, "mean_hours", 1.0);
    assert_real_of(judo, "attendance_pct", 100.0);
    assert_real_of(judo, "involvement", 4.0);
    json_t *evaluations = json_object_get(judo, "evaluations");
    assert_int_equal(int_of(evaluations, "count"), 1);
    assert_int_equal(int_of(evaluations, "partly"), 1);
    assert_string_equal(str_of(json_object_get(evaluations, "latest"), "went_well"),
                        "<script>x</script> Samen oefenen");
    json_t *tekenen = activity_of(doc, "tekenen-zuid");
    assert_true(json_is_null(json_object_get(tekenen, "provider")));
    assert_int_equal(int_of(tekenen, "participants"), 0);
    assert_true(json_is_null(json_object_get(tekenen, "mean_hours")));
    assert_true(json_is_null(json_object_get(tekenen, "attendance_pct")));
    assert_true(json_is_null(json_object_get(tekenen, "involvement")));
    json_decref(doc);
    client_free(lead);
}

static void json_of_an_activity(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char path[64];
    snprintf(path, sizeof path, "/activity-book/%lld", id_of("activities", "judo-noord"));
    json_t *doc = get_json(noord, path, 200);
    json_t *activity = json_object_get(doc, "activity");
    assert_string_equal(str_of(activity, "key"), "judo-noord");
    json_t *periods = json_object_get(doc, "periods");
    assert_int_equal(json_array_size(periods), 3); /* this year, last year, the whole run */
    json_t *whole = json_object_get(json_array_get(periods, 2), "figures");
    assert_int_equal(int_of(whole, "sessions"), 20);
    assert_int_equal(int_of(whole, "evaluations"), 1);
    json_t *evaluations = json_object_get(doc, "evaluations");
    assert_int_equal(json_array_size(evaluations), 1);
    json_t *e = json_array_get(evaluations, 0);
    assert_string_equal(str_of(e, "date"), "2025-09-09");
    assert_string_equal(str_of(e, "role"), "lead");
    assert_null(json_object_get(e, "author"));
    assert_null(json_object_get(e, "note"));
    assert_null(json_object_get(doc, "incidents"));
    json_decref(doc);
    assert_int_equal(get_status(noord, "/activity-book/999999", true), 404);
    client_free(noord);
}

/* ---- who may read it ------------------------------------------------------------------------- */

static void who_reads_it(void **state)
{
    (void)state;
    char keys[256], path[64];
    snprintf(path, sizeof path, "/activity-book/%lld", id_of("activities", "tekenen-zuid"));
    const char *readers[] = {"lead@test.nl", "noord@test.nl", "anna@test.nl"};
    for (size_t i = 0; i < 3; i++) {
        struct client *c = logged_in(readers[i]);
        /* coalition-wide: a coordinator of noord and staff see zuid's activity too */
        assert_string_equal(found(c, "sort=title", keys), "judo-noord tekenen-zuid");
        assert_int_equal(get_status(c, path, false), 200);
        client_free(c);
    }
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, BOOK, false), 403);
    assert_int_equal(get_status(parent, BOOK, true), 403);
    assert_int_equal(get_status(parent, path, false), 403);
    client_free(parent);
    struct client *anonymous = at_login_form();
    long status = get_status(anonymous, BOOK, false);
    assert_true(status == 303 || status == 401 || status == 403);
    client_free(anonymous);
}

/* ---- filters --------------------------------------------------------------------------------- */

static void filters(void **state)
{
    (void)state;
    char keys[256];
    struct client *lead = logged_in("lead@test.nl");
    assert_string_equal(found(lead, "domain=cultuur", keys), "tekenen-zuid");
    assert_string_equal(found(lead, "grade=7", keys), "judo-noord");
    assert_string_equal(found(lead, "grade=4", keys), "tekenen-zuid");
    assert_string_equal(found(lead, "school=zuid", keys), "tekenen-zuid");
    assert_string_equal(found(lead, "provider=sportpartner", keys), "judo-noord");
    assert_string_equal(found(lead, "q=creatief", keys), "tekenen-zuid"); /* goal, any case */
    assert_string_equal(found(lead, "q=Sportpartner", keys), "judo-noord");
    assert_string_equal(found(lead, "q=zelfvertrouwen&domain=cultuur", keys), "");
    assert_string_equal(found(lead, "sort=sessions&dir=asc", keys), "judo-noord tekenen-zuid");
    assert_string_equal(found(lead, "sort=school&dir=desc", keys), "tekenen-zuid judo-noord");
    assert_string_equal(found(lead, "sort=attendance", keys), "judo-noord tekenen-zuid");
    /* this school year (the default) holds neither */
    json_t *doc = get_json(lead, "/activity-book?from=2024-08-01&to=2025-07-31", 200);
    assert_int_equal(int_of(doc, "total"), 0);
    json_decref(doc);
    /* past the last page: empty, with a way back */
    doc = get_json(lead, BOOK "&page=3", 200);
    assert_int_equal(int_of(doc, "total"), 2);
    assert_int_equal(json_array_size(json_object_get(doc, "activities")), 0);
    assert_contains(str_of(doc, "first_href"), "page=1");
    json_decref(doc);
    client_free(lead);
}

/* ---- bad input ------------------------------------------------------------------------------- */

static void bad_filters(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    static const char *const cases[][2] = {
        {"domain=dansen", "domain"},  {"domain=%27%20OR%201%3D1", "domain"},
        {"grade=9", "grade"},         {"grade=abc", "grade"},
        {"grade=-1", "grade"},        {"school=nergens", "school"},
        {"provider=niemand", "provider"}, {"sort=name;DROP", "sort"},
        {"dir=up", "dir"},            {"page=0", "page"},
        {"page=10001", "page"},       {"page=99999999999999999999", "page"},
        {"from=2025-02-30", "from"},  {"from=2026-08-01&to=2026-07-31", "to"},
        {"q=a%0Ab", "q"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "/activity-book?%s", cases[i][0]);
        long status;
        json_t *doc = get_json_status(lead, path, &status);
        if (status != 422)
            fail_msg("%s gave %ld", cases[i][0], status);
        assert_refused_field(doc, cases[i][1]);
        json_decref(doc);
    }
    /* Bytes that are no text at all are refused before any filter (issue 12): 400. */
    assert_int_equal(get_status(lead, "/activity-book?q=%FF%FE", true), 400);
    /* 101 characters of search */
    char path[256] = "/activity-book?q=";
    memset(path + strlen(path), 'a', 101);
    long status;
    json_t *doc = get_json_status(lead, path, &status);
    assert_int_equal(status, 422);
    assert_refused_field(doc, "q");
    json_decref(doc);

    /* The form comes back with the Dutch message at the field and the input kept, escaped. */
    struct response res;
    assert_int_equal(
        client_get(lead, "/activity-book?domain=dansen&q=%3Cb%3Ejudo%22", false, &res), 0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "id=\"e-domain\">Onbekend domein: kies een domein uit de lijst.");
    assert_contains(res.body, "href=\"#f-domain\"");
    assert_contains(res.body, "value=\"&lt;b&gt;judo&quot;\"");
    assert_lacks(res.body, "<b>judo");
    assert_lacks(res.body, "book-item");
    response_free(&res);
    client_free(lead);
}

/* ---- the pages ------------------------------------------------------------------------------- */

static void the_pages(void **state)
{
    (void)state;
    struct client *anna = logged_in("anna@test.nl");
    struct response res;
    assert_int_equal(client_get(anna, BOOK, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "href=\"/activity-book\" aria-current"); /* the menu item */
    char link[96];
    snprintf(link, sizeof link, "<a href=\"/activity-book/%lld\">Judo</a>",
             id_of("activities", "judo-noord"));
    assert_contains(res.body, link);
    assert_contains(res.body, "<span class=\"tag\">Sport</span>");
    assert_contains(res.body, "100,0%");
    assert_contains(res.body, "groep 5–8");
    assert_contains(res.body, "&lt;script&gt;x&lt;/script&gt; Samen oefenen");
    assert_lacks(res.body, "<script>x");
    assert_contains(res.body, "2 activiteiten");
    response_free(&res);

    char path[64];
    snprintf(path, sizeof path, "/activity-book/%lld", id_of("activities", "judo-noord"));
    assert_int_equal(client_get(anna, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<h1>Judo</h1>");
    assert_contains(res.body, "coalitieleiding");   /* the author's role */
    assert_lacks(res.body, "Lea Leiding");           /* not the author's name */
    assert_lacks(res.body, "Sara was moe");          /* nor the note */
    assert_lacks(res.body, "/schools/");             /* staff get no school page link */
    assert_contains(res.body, "href=\"/activity-book?school=noord\"");
    assert_contains(res.body, "&lt;script&gt;x&lt;/script&gt;");
    response_free(&res);
    client_free(anna);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_of_the_list), cmocka_unit_test(json_of_an_activity),
        cmocka_unit_test(who_reads_it),     cmocka_unit_test(filters),
        cmocka_unit_test(bad_filters),      cmocka_unit_test(the_pages),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
