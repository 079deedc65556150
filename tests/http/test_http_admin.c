/* HTTP tests of what the coalition lead manages, against the real daemon with the fixture:
 * schools (list, create, edit, the coordinator's scope), /admin, domains, holidays (and the
 * sessions they remove and give back), accounts of each role with their rules, deactivation
 * ending the user's sessions, hostile input in every form, CSRF and role checks. */
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

/* The first column of the first row of a query on the daemon's database, as an integer
   (-1 when there is no row). Uses the sqlite3 command line tool. */
static long long sql_int(const char *sql)
{
    char command[1024];
    snprintf(command, sizeof command, "sqlite3 -batch '%s' \"%s\"", server.db_path, sql);
    FILE *p = popen(command, "r");
    assert_non_null(p);
    long long value = -1;
    if (fscanf(p, "%lld", &value) != 1)
        value = -1;
    pclose(p);
    return value;
}

/* The id of the school with this key, from GET /schools as JSON. */
static long long school_id(struct client *lead, const char *key)
{
    long status;
    json_t *doc = get_json_status(lead, "/schools", &status);
    assert_int_equal(status, 200);
    size_t i;
    json_t *s;
    long long id = 0;
    json_array_foreach(json_object_get(doc, "schools"), i, s) {
        if (!strcmp(json_string_value(json_object_get(s, "key")), key))
            id = json_integer_value(json_object_get(s, "id"));
    }
    json_decref(doc);
    assert_true(id > 0);
    return id;
}

/* How many not-cancelled sessions activity `key` has on date: from GET /activities/ID as JSON
   when that page answers, else from the database. */
static long long sessions_on(struct client *lead, const char *key, const char *date)
{
    char sql[256], path[64];
    snprintf(sql, sizeof sql, "SELECT id FROM activities WHERE key = '%s'", key);
    long long activity = sql_int(sql);
    assert_true(activity > 0);
    snprintf(path, sizeof path, "/activities/%lld", activity);
    long status;
    json_t *doc = get_json_status(lead, path, &status);
    json_t *sessions = json_object_get(doc, "sessions");
    if (status == 200 && json_is_array(sessions)) {
        long long n = 0;
        size_t i;
        json_t *s;
        json_array_foreach(sessions, i, s) {
            const char *d = json_string_value(json_object_get(s, "date"));
            if (d && !strcmp(d, date) && !json_is_true(json_object_get(s, "cancelled")))
                n++;
        }
        json_decref(doc);
        return n;
    }
    json_decref(doc);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sessions WHERE activity_id = %lld AND date = '%s'"
             " AND cancelled = 0",
             activity, date);
    return sql_int(sql);
}

/* POST a form and expect 422 with message somewhere in the HTML page. */
static void expect_refused(struct client *c, const char *path, const char *body,
                           const char *message)
{
    struct response res;
    assert_int_equal(client_post(c, path, body, false, true, &res), 0);
    if (res.status != 422)
        fail_msg("POST %s %s answered %ld, not 422:\n%.2000s", path, body, res.status, res.body);
    assert_contains(res.body, message);
    assert_contains(res.body, "aria-invalid=\"true\"");
    assert_contains(res.body, "Er is iets niet goed ingevuld");
    response_free(&res);
}

/* ---- schools ------------------------------------------------------------------------------ */

static void lead_lists_schools(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long status;
    json_t *doc = get_json_status(lead, "/schools", &status);
    assert_int_equal(status, 200);
    json_t *schools = json_object_get(doc, "schools");
    assert_true(json_is_array(schools));
    assert_true(json_array_size(schools) >= 2);
    size_t i;
    json_t *s;
    bool saw_noord = false;
    json_array_foreach(schools, i, s) {
        assert_true(json_is_integer(json_object_get(s, "id")));
        assert_true(json_is_string(json_object_get(s, "key")));
        assert_true(json_is_string(json_object_get(s, "name")));
        assert_true(json_is_string(json_object_get(s, "kind")));
        assert_true(json_is_integer(json_object_get(s, "pupils")));
        assert_true(json_is_integer(json_object_get(s, "activities")));
        if (!strcmp(json_string_value(json_object_get(s, "key")), "noord")) {
            saw_noord = true;
            assert_string_equal(json_string_value(json_object_get(s, "name")),
                                "Basisschool Noord");
            assert_string_equal(json_string_value(json_object_get(s, "kind")), "po");
            assert_int_equal(json_integer_value(json_object_get(s, "pupils")), 3);
            assert_int_equal(json_integer_value(json_object_get(s, "priority")), 1);
            assert_int_equal(json_integer_value(json_object_get(s, "coordinators")), 1);
        }
    }
    assert_true(saw_noord);
    json_decref(doc);

    struct response res;
    assert_int_equal(client_get(lead, "/schools", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<h1>Scholen</h1>");
    assert_contains(res.body, "Basisschool Zuid");
    assert_contains(res.body, "href=\"/schools/new\"");
    response_free(&res);
    client_free(lead);
}

static void lead_creates_and_edits_a_school(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(get_status(lead, "/schools/new", false), 200);
    assert_int_equal(client_post(lead, "/schools", "name=Het+Talent&kind=vo", false, true, &res),
                     0);
    assert_int_equal(res.status, 303);
    long long id = 0;
    assert_int_equal(sscanf(res.location, "/schools/%lld", &id), 1);
    response_free(&res);

    char path[64];
    snprintf(path, sizeof path, "/schools/%lld", id);
    long status;
    json_t *doc = get_json_status(lead, path, &status);
    assert_int_equal(status, 200);
    json_t *school = json_object_get(doc, "school");
    assert_string_equal(json_string_value(json_object_get(school, "key")), "het-talent");
    assert_string_equal(json_string_value(json_object_get(school, "kind")), "vo");
    json_decref(doc);
    /* The flash is shown once on the next page. */
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    response_free(&res);

    /* Edit: name and kind; the key stays. */
    snprintf(path, sizeof path, "/schools/%lld/edit", id);
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "value=\"Het Talent\"");
    response_free(&res);
    snprintf(path, sizeof path, "/schools/%lld", id);
    assert_int_equal(client_post(lead, path, "name=Het+Talent+%C3%A9%C3%A9n&kind=po", true, true,
                                 &res),
                     0);
    assert_int_equal(res.status, 200);
    doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "Het Talent één");
    assert_string_equal(json_string_value(json_object_get(doc, "kind")), "po");
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "het-talent");
    json_decref(doc);
    response_free(&res);

    /* JSON create answers 201 with the school; the same name gets another key. */
    assert_int_equal(client_post(lead, "/schools", "name=Het+Talent&kind=po", true, true, &res),
                     0);
    assert_int_equal(res.status, 201);
    doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "het-talent-2");
    assert_true(json_is_integer(json_object_get(doc, "id")));
    json_decref(doc);
    response_free(&res);

    /* Noord has an activity up to groep 8: it cannot become voortgezet onderwijs. */
    long long noord = school_id(lead, "noord");
    snprintf(path, sizeof path, "/schools/%lld", noord);
    expect_refused(lead, path, "name=Noord+VO&kind=vo", "Dit kan niet");
    doc = get_json_status(lead, path, &status);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "school"), "name")),
                        "Basisschool Noord");
    json_decref(doc);
    assert_int_equal(get_status(lead, "/schools/999999", true), 404);
    assert_int_equal(get_status(lead, "/schools/999999/edit", false), 404);
    assert_int_equal(post_status(lead, "/schools/999999", "name=X&kind=po", false, true), 404);
    client_free(lead);
}

static void coordinator_sees_only_the_own_school(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long noord = school_id(lead, "noord"), zuid = school_id(lead, "zuid");
    client_free(lead);

    struct client *c = logged_in("noord@test.nl");
    char path[64];
    assert_int_equal(get_status(c, "/schools", false), 403);
    assert_int_equal(get_status(c, "/schools", true), 403);
    snprintf(path, sizeof path, "/schools/%lld", noord);
    long status;
    json_t *doc = get_json_status(c, path, &status);
    assert_int_equal(status, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Basisschool Noord");
    assert_true(json_is_array(json_object_get(doc, "coordinators")));
    assert_true(json_is_false(json_object_get(doc, "can_edit")));
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Nina Noord");
    assert_null(strstr(res.body, "School wijzigen"));
    response_free(&res);
    snprintf(path, sizeof path, "/schools/%lld", zuid);
    assert_int_equal(get_status(c, path, false), 404);
    assert_int_equal(get_status(c, path, true), 404);
    assert_int_equal(get_status(c, "/schools/999999", true), 404);
    snprintf(path, sizeof path, "/schools/%lld/edit", noord);
    assert_int_equal(get_status(c, path, false), 403);
    snprintf(path, sizeof path, "/schools/%lld", noord);
    assert_int_equal(post_status(c, path, "name=Mijn+school&kind=po", false, true), 403);
    client_free(c);
}

/* ---- /admin and domains ------------------------------------------------------------------- */

static void admin_index_links(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long status;
    json_t *doc = get_json_status(lead, "/admin", &status);
    assert_int_equal(status, 200);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "coalition"), "name")),
        "Coalitie Testdorp");
    const char *expected[] = {"/schools", "/domains", "/holidays", "/accounts",
                              "/plan-questions"};
    json_t *links = json_object_get(doc, "links");
    assert_int_equal(json_array_size(links), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(
            json_string_value(json_object_get(json_array_get(links, i), "href")), expected[i]);
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(lead, "/admin", false, &res), 0);
    assert_contains(res.body, "Coalitie Testdorp");
    assert_contains(res.body, "href=\"/holidays\"");
    response_free(&res);
    client_free(lead);
}

/* The domain codes in order, "a b c". */
static void domain_codes(struct client *lead, char *out, size_t size)
{
    long status;
    json_t *doc = get_json_status(lead, "/domains", &status);
    assert_int_equal(status, 200);
    size_t i, used = 0;
    json_t *d;
    out[0] = '\0';
    json_array_foreach(json_object_get(doc, "domains"), i, d) {
        assert_true(json_is_integer(json_object_get(d, "activities")));
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "",
                                 json_string_value(json_object_get(d, "code")));
    }
    json_decref(doc);
}

static void domains_add_rename_and_duplicate(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    char codes[256];
    domain_codes(lead, codes, sizeof codes);
    assert_string_equal(codes, "sport cultuur cognitief sociaal zelf wereld");
    struct response res;
    assert_int_equal(client_get(lead, "/domains", false, &res), 0);
    assert_contains(res.body, "kan niet worden verwijderd");
    response_free(&res);

    assert_int_equal(client_post(lead, "/domains", "code=techniek&name=Techniek", false, true,
                                 &res),
                     0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/domains");
    response_free(&res);
    domain_codes(lead, codes, sizeof codes);
    assert_string_equal(codes, "sport cultuur cognitief sociaal zelf wereld techniek");
    expect_refused(lead, "/domains", "code=techniek&name=Nog+een", "Er is al een domein met");
    expect_refused(lead, "/domains", "code=Tech+niek&name=X", "kleine letters");
    expect_refused(lead, "/domains", "code=&name=", "Dit veld is verplicht.");

    long long id = sql_int("SELECT id FROM domains WHERE code = 'techniek'");
    char path[64];
    snprintf(path, sizeof path, "/domains/%lld", id);
    assert_int_equal(client_post(lead, path, "name=Wetenschap+%26+techniek&position=1", true,
                                 true, &res),
                     0);
    assert_int_equal(res.status, 200);
    json_t *doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "Wetenschap & techniek");
    assert_int_equal(json_integer_value(json_object_get(doc, "position")), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "code")), "techniek");
    json_decref(doc);
    response_free(&res);
    domain_codes(lead, codes, sizeof codes);
    assert_string_equal(codes, "techniek sport cultuur cognitief sociaal zelf wereld");
    /* The code cannot be changed through the form: it is ignored. */
    assert_int_equal(
        post_status(lead, path, "name=Techniek&position=7&code=anders", false, true), 303);
    domain_codes(lead, codes, sizeof codes);
    assert_string_equal(codes, "sport cultuur cognitief sociaal zelf wereld techniek");

    assert_int_equal(client_post(lead, path, "name=Techniek&position=abc", false, true, &res), 0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "href=\"#f-edit-position\"");
    assert_contains(res.body, "Vul een heel getal in.");
    response_free(&res);
    expect_refused(lead, path, "name=&position=1", "Dit veld is verplicht.");
    assert_int_equal(post_status(lead, "/domains/999999", "name=X&position=1", false, true), 404);
    client_free(lead);
}

/* ---- holidays ----------------------------------------------------------------------------- */

static void holidays_add_and_delete_regenerate_sessions(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long status;
    json_t *doc = get_json_status(lead, "/holidays", &status);
    assert_int_equal(status, 200);
    json_t *first = json_array_get(json_object_get(doc, "holidays"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "name")), "Kerstvakantie");
    assert_string_equal(json_string_value(json_object_get(first, "from")), "2025-12-20");
    json_decref(doc);

    /* Judo in Noord is on Tuesdays; 2025-10-21 is a Tuesday in the autumn holiday. */
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-10-21"), 1);
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-12-23"), 0); /* Christmas */
    struct response res;
    assert_int_equal(client_post(lead, "/holidays",
                                 "name=Herfstvakantie&from=2025-10-18&to=2025-10-26", false, true,
                                 &res),
                     0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/holidays");
    response_free(&res);
    assert_int_equal(client_get(lead, "/holidays", false, &res), 0);
    assert_contains(res.body, "Vakantie opgeslagen; de bijeenkomsten zijn bijgewerkt");
    assert_contains(res.body, "Herfstvakantie");
    assert_contains(res.body, "18 okt. 2025");
    assert_no_iso_date_in_text(res.body);
    response_free(&res);
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-10-21"), 0);
    assert_int_equal(sessions_on(lead, "tekenen-zuid", "2025-10-23"), 0);
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-10-28"), 1);

    /* Refusals write nothing. */
    long long holidays = sql_int("SELECT count(*) FROM holidays");
    expect_refused(lead, "/holidays", "name=Herfstvakantie&from=2025-10-18&to=2025-10-20",
                   "Er is al een vakantie met deze naam");
    expect_refused(lead, "/holidays", "name=Terug&from=2025-11-10&to=2025-11-01",
                   "De laatste dag kan niet voor de eerste dag liggen.");
    expect_refused(lead, "/holidays", "name=Lang&from=2025-01-01&to=2025-06-01",
                   "hoogstens 120 dagen");
    expect_refused(lead, "/holidays", "name=Datum&from=2025-02-30&to=2025-03-01",
                   "Vul een geldige datum in");
    assert_int_equal(sql_int("SELECT count(*) FROM holidays"), holidays);

    /* JSON create tells how many sessions changed. */
    assert_int_equal(client_post(lead, "/holidays", "name=Studiedag&from=2025-11-04&to=2025-11-04",
                                 true, true, &res),
                     0);
    assert_int_equal(res.status, 201);
    doc = response_json(&res);
    assert_int_equal(json_integer_value(json_object_get(doc, "sessions_changed")), 1);
    long long studiedag = json_integer_value(json_object_get(doc, "id"));
    json_decref(doc);
    response_free(&res);
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-11-04"), 0);

    /* Deleting gives the sessions back. */
    long long herfst = sql_int("SELECT id FROM holidays WHERE name = 'Herfstvakantie'");
    char path[64];
    snprintf(path, sizeof path, "/holidays/%lld/delete", herfst);
    assert_int_equal(client_post(lead, path, "", false, true, &res), 0);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-10-21"), 1);
    assert_int_equal(sessions_on(lead, "tekenen-zuid", "2025-10-23"), 1);
    assert_int_equal(post_status(lead, path, "", false, true), 404);
    snprintf(path, sizeof path, "/holidays/%lld/delete", studiedag);
    assert_int_equal(post_status(lead, path, "", true, true), 200);
    assert_int_equal(sessions_on(lead, "judo-noord", "2025-11-04"), 1);
    client_free(lead);
}

/* Issue 10 point 3: the holidays page links to a page that says what deleting does; only that
   page's button deletes, only the lead sees it. */
static void holiday_delete_goes_through_its_confirmation_page(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(post_status(lead, "/holidays",
                                 "name=Voorjaarsvakantie&from=2026-02-14&to=2026-02-22", false,
                                 true),
                     303);
    long long spring = sql_int("SELECT id FROM holidays WHERE name = 'Voorjaarsvakantie'");
    long long holidays = sql_int("SELECT count(*) FROM holidays");
    char path[64], link[96], action[96];
    snprintf(path, sizeof path, "/holidays/%lld/delete", spring);
    snprintf(link, sizeof link, "href=\"%s\"", path);
    snprintf(action, sizeof action, "action=\"%s\"", path);
    struct response res;
    assert_int_equal(client_get(lead, "/holidays", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, link);
    assert_lacks(res.body, "/delete\" class");
    assert_lacks(res.body, action);
    response_free(&res);
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Voorjaarsvakantie verwijderen?");
    assert_contains(res.body, "niet ongedaan");
    assert_contains(res.body, action);
    response_free(&res);
    assert_int_equal(sql_int("SELECT count(*) FROM holidays"), holidays);
    assert_int_equal(get_status(lead, "/holidays/999999/delete", false), 404);
    assert_int_equal(get_status(lead, "/holidays/abc/delete", false), 404);
    struct client *noord = logged_in("noord@test.nl");
    assert_int_equal(get_status(noord, path, false), 403);
    client_free(noord);
    assert_int_equal(post_status(lead, path, "", false, false), 403); /* without CSRF */
    assert_int_equal(sql_int("SELECT count(*) FROM holidays"), holidays);

    submit_form(lead, path, path, &res, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/holidays");
    response_free(&res);
    assert_int_equal(sql_int("SELECT count(*) FROM holidays"), holidays - 1);
    assert_int_equal(get_status(lead, path, false), 404);
    client_free(lead);
}

/* ---- accounts ----------------------------------------------------------------------------- */

/* POST /accounts as JSON; the new account's id when 201, else 0 with the status in *status. */
static long long create_account(struct client *lead, const char *body, long *status)
{
    struct response res;
    assert_int_equal(client_post(lead, "/accounts", body, true, true, &res), 0);
    *status = res.status;
    long long id = 0;
    if (res.status == 201) {
        json_t *doc = response_json(&res);
        id = json_integer_value(json_object_get(doc, "id"));
        assert_true(json_is_boolean(json_object_get(doc, "active")));
        assert_null(json_object_get(doc, "password"));
        assert_null(json_object_get(doc, "password_hash"));
        json_decref(doc);
    }
    assert_null(strstr(res.body, "$argon2"));
    response_free(&res);
    return id;
}

static void accounts_of_each_role(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long noord = school_id(lead, "noord");
    long long anna = sql_int("SELECT id FROM staff WHERE key = 'anna'");
    char body[512];
    long status;
    snprintf(body, sizeof body,
             "email=lead2%%40test.nl&name=Tweede+Lead&role=lead&password=" PASSWORD);
    assert_true(create_account(lead, body, &status) > 0);
    snprintf(body, sizeof body,
             "email=coord2%%40test.nl&name=Co+Noord&role=coordinator&school=%lld&password="
             PASSWORD, noord);
    assert_true(create_account(lead, body, &status) > 0);
    snprintf(body, sizeof body,
             "email=staff2%%40test.nl&name=Anna+Twee&role=staff&staff=%lld&password=" PASSWORD,
             anna);
    assert_true(create_account(lead, body, &status) > 0);
    /* HTML: a redirect to the list, with the flash. */
    struct response res;
    assert_int_equal(client_post(lead, "/accounts",
                                 "email=ouder2%40test.nl&name=Ouder+Twee&role=parent&password="
                                 PASSWORD,
                                 false, true, &res),
                     0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/accounts");
    response_free(&res);
    assert_int_equal(client_get(lead, "/accounts", false, &res), 0);
    assert_contains(res.body, "Account opgeslagen.");
    assert_contains(res.body, "ouder2@test.nl");
    assert_null(strstr(res.body, "$argon2"));
    response_free(&res);

    /* Each can log in with its role. */
    struct client *c = logged_in("coord2@test.nl");
    char path[64];
    snprintf(path, sizeof path, "/schools/%lld", noord);
    assert_int_equal(get_status(c, path, true), 200);
    assert_int_equal(get_status(c, "/accounts", true), 403);
    client_free(c);
    c = logged_in("STAFF2@test.nl");
    assert_int_equal(get_status(c, "/schools", true), 403);
    client_free(c);
    c = logged_in("lead2@test.nl");
    assert_int_equal(get_status(c, "/accounts", true), 200);
    client_free(c);

    /* The list filters by role and searches. */
    json_t *doc = get_json_status(lead, "/accounts?role=coordinator", &status);
    assert_int_equal(status, 200);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(doc, "accounts"), i, a) {
        assert_string_equal(json_string_value(json_object_get(a, "role")), "coordinator");
        assert_null(json_object_get(a, "password_hash"));
    }
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 3);
    json_decref(doc);
    doc = get_json_status(lead, "/accounts?q=TWEE", &status);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 3);
    json_decref(doc);
    client_free(lead);
}

static void account_rules(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long accounts = sql_int("SELECT count(*) FROM users");
    expect_refused(lead, "/accounts",
                   "email=NOORD%40TEST.NL&name=Dubbel&role=parent&password=" PASSWORD,
                   "Dit e-mailadres is al in gebruik");
    expect_refused(lead, "/accounts",
                   "email=c3%40test.nl&name=Zonder+school&role=coordinator&password=" PASSWORD,
                   "Kies de school van deze co");
    expect_refused(lead, "/accounts",
                   "email=s3%40test.nl&name=Zonder+uitvoerder&role=staff&password=" PASSWORD,
                   "Kies de uitvoerder");
    struct response res;
    assert_int_equal(client_post(lead, "/accounts",
                                 "email=kort%40test.nl&name=Kort&role=parent&password=geheim123",
                                 false, true, &res),
                     0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Gebruik minstens 10 tekens.");
    assert_contains(res.body, "value=\"kort@test.nl\""); /* input kept … */
    assert_null(strstr(res.body, "geheim123"));         /* … but never the password */
    response_free(&res);
    assert_int_equal(client_post(lead, "/accounts",
                                 "email=kort%40test.nl&name=Kort&role=parent&password=geheim123",
                                 true, true, &res),
                     0);
    assert_int_equal(res.status, 422);
    json_t *doc = response_json(&res);
    assert_true(json_is_string(json_object_get(json_object_get(doc, "fields"), "password")));
    json_decref(doc);
    assert_null(strstr(res.body, "geheim123"));
    response_free(&res);
    assert_int_equal(sql_int("SELECT count(*) FROM users"), accounts);

    /* The lead cannot switch off or demote the own account. */
    long long me = sql_int("SELECT id FROM users WHERE email = 'lead@test.nl'");
    char path[64];
    snprintf(path, sizeof path, "/accounts/%lld", me);
    expect_refused(lead, path, "email=lead%40test.nl&name=Lea+Leiding&role=lead",
                   "U kunt uw eigen account niet uitschakelen");
    expect_refused(lead, path, "email=lead%40test.nl&name=Lea+Leiding&role=parent&active=1",
                   "U kunt uw eigen rol niet wijzigen");
    assert_int_equal(sql_int("SELECT active FROM users WHERE email = 'lead@test.nl'"), 1);
    assert_int_equal(get_status(lead, "/accounts", true), 200);
    snprintf(path, sizeof path, "/accounts/%lld/edit", me);
    assert_int_equal(client_get(lead, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Dit is uw eigen account");
    assert_null(strstr(res.body, "$argon2"));
    response_free(&res);
    assert_int_equal(get_status(lead, "/accounts/999999/edit", false), 404);
    assert_int_equal(post_status(lead, "/accounts/999999",
                                 "email=x%40test.nl&name=X&role=parent&active=1", false, true),
                     404);
    client_free(lead);
}

static void deactivating_ends_the_login(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long status;
    long long id = create_account(lead,
                                  "email=weg%40test.nl&name=Weg+Gaand&role=parent&password="
                                  PASSWORD,
                                  &status);
    assert_true(id > 0);
    struct client *user = logged_in("weg@test.nl");
    assert_int_equal(get_status(user, "/", true), 200);

    char path[64];
    snprintf(path, sizeof path, "/accounts/%lld", id);
    /* The checkbox left out = switched off. */
    assert_int_equal(post_status(lead, path, "email=weg%40test.nl&name=Weg+Gaand&role=parent",
                                 false, true),
                     303);
    assert_int_equal(get_status(user, "/", true), 401);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM logins WHERE user_id = %lld", id);
    assert_int_equal(sql_int(sql), 0);
    client_free(user);
    user = client_new(&server);
    assert_int_not_equal(client_login(user, "weg@test.nl", PASSWORD), 0);
    client_free(user);

    /* On again, with a new password: the old one no longer works. */
    assert_int_equal(post_status(lead, path,
                                 "email=weg%40test.nl&name=Weg+Gaand&role=parent&active=1"
                                 "&password=een-nieuw-wachtwoord",
                                 false, true),
                     303);
    user = client_new(&server);
    assert_int_not_equal(client_login(user, "weg@test.nl", PASSWORD), 0);
    assert_int_equal(client_login(user, "weg@test.nl", "een-nieuw-wachtwoord"), 0);
    client_free(user);
    json_t *doc = get_json_status(lead, "/accounts?active=0", &status);
    assert_int_equal(status, 200);
    json_decref(doc);
    client_free(lead);
}

/* ---- hostile input, CSRF, roles ----------------------------------------------------------- */

struct form_case {
    const char *path;  /* "%lld" replaced by an id where needed */
    const char *good;  /* a valid body without the hostile field */
    const char *field; /* the field made hostile */
    const char *wrong; /* a wrong-type value (escaped) */
};

static void hostile_input_in_every_form(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long noord = school_id(lead, "noord");
    long long domain = sql_int("SELECT id FROM domains WHERE code = 'sport'");
    long long zuid_user = sql_int("SELECT id FROM users WHERE email = 'zuid@test.nl'");
    char school_path[64], domain_path[64], account_path[64];
    snprintf(school_path, sizeof school_path, "/schools/%lld", noord);
    snprintf(domain_path, sizeof domain_path, "/domains/%lld", domain);
    snprintf(account_path, sizeof account_path, "/accounts/%lld", zuid_user);
    const struct form_case cases[] = {
        {"/schools", "kind=po", "name", NULL},
        {"/schools", "name=X", "kind", "mbo"},
        {school_path, "kind=po", "name", NULL},
        {"/domains", "name=Naam", "code", "Hoofd+Letters"},
        {"/domains", "code=nieuw", "name", NULL},
        {domain_path, "position=1", "name", NULL},
        {domain_path, "name=Sport", "position", "een"},
        {"/holidays", "from=2025-10-01&to=2025-10-02", "name", NULL},
        {"/holidays", "name=V&to=2025-10-02", "from", "1-10-2025"},
        {"/accounts", "email=h%40test.nl&role=parent&password=" PASSWORD, "name", NULL},
        {"/accounts", "name=H&role=parent&password=" PASSWORD, "email", "geen-adres"},
        {"/accounts", "email=h%40test.nl&name=H&password=" PASSWORD, "role", "admin"},
        {"/accounts", "email=h%40test.nl&name=H&role=coordinator&password=" PASSWORD, "school",
         "abc"},
        {account_path, "name=Z&role=parent&active=1", "email", "geen-adres"},
    };
    char body[2048], big[1400];
    memset(big, 'x', 1300);
    big[1300] = '\0';
    long long schools = sql_int("SELECT count(*) FROM schools"),
              domains = sql_int("SELECT count(*) FROM domains"),
              holidays = sql_int("SELECT count(*) FROM holidays"),
              users = sql_int("SELECT count(*) FROM users"),
              audits = sql_int("SELECT count(*) FROM audit_log");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct form_case *fc = &cases[i];
        /* empty */
        snprintf(body, sizeof body, "%s&%s=", fc->good, fc->field);
        if (post_status(lead, fc->path, body, false, true) != 422)
            fail_msg("empty %s on %s was not refused", fc->field, fc->path);
        /* too long */
        snprintf(body, sizeof body, "%s&%s=%s", fc->good, fc->field, big);
        if (post_status(lead, fc->path, body, true, true) != 422)
            fail_msg("long %s on %s was not refused", fc->field, fc->path);
        /* wrong type */
        if (fc->wrong) {
            snprintf(body, sizeof body, "%s&%s=%s", fc->good, fc->field, fc->wrong);
            if (post_status(lead, fc->path, body, false, true) != 422)
                fail_msg("%s=%s on %s was not refused", fc->field, fc->wrong, fc->path);
        }
        /* a control character */
        snprintf(body, sizeof body, "%s&%s=a%%01b", fc->good, fc->field);
        if (post_status(lead, fc->path, body, false, true) != 422)
            fail_msg("control character in %s on %s was not refused", fc->field, fc->path);
        /* NUL byte and invalid UTF-8: the whole form is refused */
        snprintf(body, sizeof body, "%s&%s=a%%00b", fc->good, fc->field);
        if (post_status(lead, fc->path, body, false, true) != 400)
            fail_msg("NUL in %s on %s was not 400", fc->field, fc->path);
        snprintf(body, sizeof body, "%s&%s=a%%C3%%28b", fc->good, fc->field);
        if (post_status(lead, fc->path, body, false, true) != 400)
            fail_msg("bad UTF-8 in %s on %s was not 400", fc->field, fc->path);
        /* a field twice */
        snprintf(body, sizeof body, "%s&%s=a&%s=b", fc->good, fc->field, fc->field);
        if (post_status(lead, fc->path, body, false, true) != 400)
            fail_msg("%s twice on %s was not 400", fc->field, fc->path);
    }
    /* Raw bytes too. */
    char raw[256];
    int n = snprintf(raw, sizeof raw, "name=a\xff\xfe&kind=po&csrf=%s", client_csrf(lead));
    struct response res;
    assert_int_equal(client_post_raw(lead, "/schools", raw, (size_t)n,
                                     "application/x-www-form-urlencoded", &res),
                     0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    assert_int_equal(sql_int("SELECT count(*) FROM schools"), schools);
    assert_int_equal(sql_int("SELECT count(*) FROM domains"), domains);
    assert_int_equal(sql_int("SELECT count(*) FROM holidays"), holidays);
    assert_int_equal(sql_int("SELECT count(*) FROM users"), users);
    assert_int_equal(sql_int("SELECT count(*) FROM audit_log"), audits);
    /* The name as typed comes back in the form, escaped. */
    assert_int_equal(client_post(lead, "/schools", "name=%3Cb%3Evet%3C%2Fb%3E&kind=vwo", false,
                                 true, &res),
                     0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "value=\"&lt;b&gt;vet&lt;/b&gt;\"");
    response_free(&res);
    client_free(lead);
}

static void every_write_needs_csrf_and_the_lead(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long noord = school_id(lead, "noord");
    long long holiday = sql_int("SELECT id FROM holidays ORDER BY id LIMIT 1");
    long long domain = sql_int("SELECT id FROM domains WHERE code = 'sport'");
    long long user = sql_int("SELECT id FROM users WHERE email = 'zuid@test.nl'");
    char paths[8][64];
    snprintf(paths[0], 64, "/schools");
    snprintf(paths[1], 64, "/schools/%lld", noord);
    snprintf(paths[2], 64, "/domains");
    snprintf(paths[3], 64, "/domains/%lld", domain);
    snprintf(paths[4], 64, "/holidays");
    snprintf(paths[5], 64, "/holidays/%lld/delete", holiday);
    snprintf(paths[6], 64, "/accounts");
    snprintf(paths[7], 64, "/accounts/%lld", user);
    const char *body = "name=X&kind=po&code=x&position=1&from=2025-10-01&to=2025-10-02"
                       "&email=x%40test.nl&role=parent&password=" PASSWORD;
    long long holidays = sql_int("SELECT count(*) FROM holidays");
    struct client *coordinator = logged_in("noord@test.nl");
    struct client *staff = logged_in("anna@test.nl");
    struct client *parent = logged_in("ouder@test.nl");
    for (size_t i = 0; i < 8; i++) {
        struct response res;
        assert_int_equal(client_post(lead, paths[i], body, false, false, &res), 0);
        if (res.status != 403)
            fail_msg("POST %s without csrf answered %ld", paths[i], res.status);
        response_free(&res);
        char with_bad[1024];
        snprintf(with_bad, sizeof with_bad, "%s&csrf=0000", body);
        assert_int_equal(client_post(lead, paths[i], with_bad, false, false, &res), 0);
        assert_int_equal(res.status, 403);
        response_free(&res);
        assert_int_equal(post_status(coordinator, paths[i], body, false, true), 403);
        assert_int_equal(post_status(staff, paths[i], body, true, true), 403);
        assert_int_equal(post_status(parent, paths[i], body, false, true), 403);
    }
    assert_int_equal(sql_int("SELECT count(*) FROM holidays"), holidays);
    const char *pages[] = {"/schools", "/schools/new", "/admin", "/domains", "/holidays",
                           "/accounts", "/accounts/new"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        assert_int_equal(get_status(coordinator, pages[i], false), 403);
        assert_int_equal(get_status(staff, pages[i], true), 403);
        assert_int_equal(get_status(parent, pages[i], false), 403);
        assert_int_equal(get_status(lead, pages[i], false), 200);
        assert_int_equal(get_status(lead, pages[i], true), 200);
    }
    char path[64];
    snprintf(path, sizeof path, "/schools/%lld", noord);
    assert_int_equal(get_status(staff, path, true), 403);
    assert_int_equal(get_status(parent, path, true), 403);
    client_free(coordinator);
    client_free(staff);
    client_free(parent);
    client_free(lead);
    /* Logged out: 401 for JSON, a redirect to the login for pages. */
    struct client *anonymous = client_new(&server);
    assert_int_equal(get_status(anonymous, "/accounts", true), 401);
    assert_int_equal(get_status(anonymous, "/holidays", false), 303);
    client_free(anonymous);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lead_lists_schools),
        cmocka_unit_test(lead_creates_and_edits_a_school),
        cmocka_unit_test(coordinator_sees_only_the_own_school),
        cmocka_unit_test(admin_index_links),
        cmocka_unit_test(domains_add_rename_and_duplicate),
        cmocka_unit_test(holidays_add_and_delete_regenerate_sessions),
        cmocka_unit_test(holiday_delete_goes_through_its_confirmation_page),
        cmocka_unit_test(accounts_of_each_role),
        cmocka_unit_test(account_rules),
        cmocka_unit_test(deactivating_ends_the_login),
        cmocka_unit_test(hostile_input_in_every_form),
        cmocka_unit_test(every_write_needs_csrf_and_the_lead),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
