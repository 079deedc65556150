/* HTTP tests of /pupils against the real daemon with the fixture (each test gets a fresh one):
 * a coordinator sees and changes only the own school's pupils (another school's pupil is 404),
 * staff and parents are refused, the list's JSON shape, search, filters and pages of 50, the
 * form with hostile input in every field (422 with the input kept and nothing written; NUL and
 * bad UTF-8 400), the duplicate number, a new link code, the CSV import (good, and bad with
 * nothing written), the lead choosing a school, and every POST refused without its CSRF token. */
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

#define CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/* ---- helpers ------------------------------------------------------------------------------ */

/* The total of GET /pupils (as this client, with an optional query). */
static json_int_t pupil_total(struct client *c, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "/pupils%s", query ? query : "");
    json_t *list = get_json(c, path, 200);
    json_int_t total = int_of(list, "total");
    json_decref(list);
    return total;
}

/* The id of the pupil with this number (searched as the lead); 0 when none. */
static json_int_t pupil_id(const char *number)
{
    struct client *lead = logged_in("lead@test.nl");
    char path[128];
    snprintf(path, sizeof path, "/pupils?q=%s", number);
    json_t *list = get_json(lead, path, 200);
    json_int_t id = 0;
    size_t i;
    json_t *p;
    json_array_foreach (json_object_get(list, "pupils"), i, p)
        if (!strcmp(str_of(p, "number"), number))
            id = int_of(p, "id");
    json_decref(list);
    client_free(lead);
    return id;
}

static void assert_link_code(const char *code)
{
    assert_int_equal(strlen(code), 9);
    for (int i = 0; i < 9; i++) {
        if (i == 4)
            assert_int_equal(code[i], '-');
        else if (!strchr(CODE_ALPHABET, code[i]))
            fail_msg("link code %s has '%c'", code, code[i]);
    }
}

/* A form body with every field of the pupil form, the one named `field` replaced by value
   (raw, escaped here). Caller frees. */
static char *pupil_body(const char *field, const char *value)
{
    static const char *const names[] = {"number",       "first_name", "last_name", "grade",
                                        "class",        "priority",   "safety_notes",
                                        "left_on"};
    static const char *const defaults[] = {"5001", "Kees", "van Dam", "4", "4B", "1",
                                           "Pinda-allergie", ""};
    size_t size = 64;
    for (size_t i = 0; i < 8; i++)
        size += strlen(defaults[i]) * 3 + strlen(names[i]) + 2;
    if (value)
        size += strlen(value) * 3;
    char *body = calloc(1, size);
    assert_non_null(body);
    for (size_t i = 0; i < 8; i++) {
        const char *v = field && !strcmp(field, names[i]) ? value : defaults[i];
        char *e = client_escape(v);
        snprintf(body + strlen(body), size - strlen(body), "%s%s=%s", i ? "&" : "", names[i], e);
        free(e);
    }
    return body;
}

/* ---- the list ----------------------------------------------------------------------------- */

static void coordinator_lists_only_own_school(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_t *list = get_json(c, "/pupils", 200);
    assert_int_equal(int_of(list, "total"), 3);
    assert_int_equal(int_of(list, "page"), 1);
    json_t *pupils = json_object_get(list, "pupils");
    assert_int_equal(json_array_size(pupils), 3);
    size_t i;
    json_t *p;
    json_array_foreach (pupils, i, p) {
        assert_true(int_of(p, "id") > 0);
        assert_true(*str_of(p, "number"));
        assert_true(*str_of(p, "first_name"));
        assert_true(*str_of(p, "last_name"));
        assert_true(int_of(p, "grade") >= 1);
        assert_string_equal(str_of(p, "school"), "Basisschool Noord");
        assert_string_equal(str_of(p, "school_key"), "noord");
        assert_string_not_equal(str_of(p, "first_name"), "Mila");
    }
    json_decref(list);
    /* Asking for the other school changes nothing for a coordinator. */
    assert_int_equal(pupil_total(c, "?school=2"), 3);
    /* The HTML page: a table with the priority tag, no school column. */
    struct response res;
    assert_int_equal(client_get(c, "/pupils", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<table>");
    assert_contains(res.body, "Sara");
    assert_contains(res.body, "doelgroep</span>");
    assert_null(strstr(res.body, "Mila"));
    assert_null(strstr(res.body, "Basisschool Zuid"));
    response_free(&res);
    client_free(c);
}

static void lead_lists_every_school_and_filters(void **state)
{
    (void)state;
    struct client *c = logged_in("lead@test.nl");
    assert_int_equal(pupil_total(c, ""), 4);
    json_t *list = get_json(c, "/pupils?school=2", 200);
    assert_int_equal(int_of(list, "total"), 1);
    json_t *mila = json_array_get(json_object_get(list, "pupils"), 0);
    assert_string_equal(str_of(mila, "first_name"), "Mila");
    assert_string_equal(str_of(mila, "school"), "Basisschool Zuid");
    assert_string_equal(str_of(mila, "school_key"), "zuid");
    json_decref(list);
    struct response res;
    assert_int_equal(client_get(c, "/pupils", false, &res), 0);
    assert_contains(res.body, "Basisschool Zuid");
    response_free(&res);
    client_free(c);
}

static void search_and_filters(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    assert_int_equal(pupil_total(c, "?q=bakker"), 1);
    assert_int_equal(pupil_total(c, "?q=Sara%20Bakker"), 1);
    assert_int_equal(pupil_total(c, "?q=1002"), 1);
    assert_int_equal(pupil_total(c, "?q=Mila"), 0); /* another school's */
    assert_int_equal(pupil_total(c, "?q=%25"), 0);   /* a literal %, not a wildcard */
    assert_int_equal(pupil_total(c, "?q=_"), 0);
    assert_int_equal(pupil_total(c, "?grade=3"), 1);
    assert_int_equal(pupil_total(c, "?priority=1"), 1);
    assert_int_equal(pupil_total(c, "?priority=0"), 2);
    assert_int_equal(pupil_total(c, "?grade=x&priority=7&page=-1"), 3); /* nonsense ignored */
    json_t *list = get_json(c, "/pupils?q=de%20jong", 200);
    assert_string_equal(str_of(json_array_get(json_object_get(list, "pupils"), 0), "first_name"),
                        "Daan");
    json_decref(list);
    client_free(c);
}

/* Surnames sort without the tussenvoegsel and the search ignores case and accents (issue 10,
   domain/people/names.h). */
static void names_sort_by_surname_and_search_ignores_accents(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    static const char *const added[] = {
        "number=3001&first_name=Zo%C3%AB&last_name=%C3%87elik&grade=5",
        "number=3002&first_name=Bram&last_name=de%20Boer&grade=5",
        "number=3003&first_name=Ali&last_name=Boer&grade=6",
        "number=3004&first_name=Anna&last_name=van%20der%20Berg&grade=7",
    };
    for (size_t i = 0; i < sizeof added / sizeof added[0]; i++) {
        struct response res;
        assert_int_equal(client_post(c, "/pupils", added[i], true, true, &res), 0);
        assert_int_equal(res.status, 201);
        response_free(&res);
    }
    json_t *list = get_json(c, "/pupils", 200), *row;
    char order[256] = "";
    size_t i, n = 0;
    json_array_foreach(json_object_get(list, "pupils"), i, row)
    {
        n += (size_t)snprintf(order + n, sizeof order - n, "%s%s", i ? "|" : "",
                              str_of(row, "last_name"));
    }
    json_decref(list);
    assert_string_equal(order,
                        "Bakker|van der Berg|Boer|de Boer|\xC3\x87" "elik|de Jong|Visser");
    assert_int_equal(pupil_total(c, "?q=zoe"), 1);
    assert_int_equal(pupil_total(c, "?q=ZO%C3%8B"), 1); /* ZOË */
    assert_int_equal(pupil_total(c, "?q=celik"), 1);
    assert_int_equal(pupil_total(c, "?q=%C3%87ELIK"), 1); /* ÇELIK */
    assert_int_equal(pupil_total(c, "?q=zoe%20celik"), 1);
    assert_int_equal(pupil_total(c, "?q=boer"), 2);
    assert_int_equal(pupil_total(c, "?q=de%20boer"), 1);
    assert_int_equal(pupil_total(c, "?q=Mila"), 0); /* another school's, still */
    /* A search of 3,000 characters, and bytes that are not UTF-8: no match, no failure. */
    char path[3100] = "?q=";
    memset(path + 3, 'e', 3000);
    path[3003] = '\0';
    assert_int_equal(pupil_total(c, path), 0);
    struct response res;
    assert_int_equal(client_get(c, "/pupils?q=%FF%C3", false, &res), 0);
    assert_true(res.status == 200 || res.status == 400);
    response_free(&res);
    /* The HTML list shows them in the same order. */
    assert_int_equal(client_get(c, "/pupils", false, &res), 0);
    const char *berg = strstr(res.body, "van der Berg"), *boer = strstr(res.body, "de Boer");
    const char *jong = strstr(res.body, "de Jong");
    assert_non_null(berg);
    assert_true(berg < boer && boer < jong);
    response_free(&res);
    client_free(c);
}

/* The id of the activity with key key, as the lead (every activity: the fixture's have ended). */
static json_int_t activity_with_key(struct client *lead, const char *key)
{
    json_t *list = get_json(lead, "/activities?when=all", 200);
    json_t *a = item_with(json_object_get(list, "activities"), "key", key);
    json_int_t id = a ? int_of(a, "id") : 0;
    json_decref(list);
    return id;
}

/* The pupil's page shows the attendance per activity: the counts and the latest sessions,
   each linking to its register (issue 10). */
static void show_has_the_attendance_history(void **state)
{
    (void)state;
    json_int_t sara = pupil_id("1001"), daan = pupil_id("1002");
    struct client *c = logged_in("noord@test.nl");
    json_int_t judo = activity_with_key(c, "judo-noord");
    assert_true(judo > 0);
    /* The fixture: Sara present on 9 September 2025. Mark her absent on 16 September and
       excused on 23 September, through the register. */
    char path[128];
    snprintf(path, sizeof path, "/activities/%lld", (long long)judo);
    json_t *activity = get_json(c, path, 200);
    json_t *sessions = json_object_get(activity, "sessions");
    json_t *second = item_with(sessions, "date", "2025-09-16");
    json_t *third = item_with(sessions, "date", "2025-09-23");
    assert_non_null(second);
    assert_non_null(third);
    json_int_t second_id = int_of(second, "id"), third_id = int_of(third, "id");
    json_decref(activity);
    char body[128];
    snprintf(body, sizeof body, "status%%5B%lld%%5D=absent", (long long)sara);
    snprintf(path, sizeof path, "/sessions/%lld/attendance", (long long)second_id);
    assert_int_equal(post_status(c, path, body, true, true), 200);
    snprintf(body, sizeof body, "status%%5B%lld%%5D=excused", (long long)sara);
    snprintf(path, sizeof path, "/sessions/%lld/attendance", (long long)third_id);
    assert_int_equal(post_status(c, path, body, true, true), 200);

    snprintf(path, sizeof path, "/pupils/%lld", (long long)sara);
    json_t *doc = get_json(c, path, 200);
    json_t *history = json_object_get(doc, "attendance");
    assert_int_equal(json_array_size(history), 1);
    json_t *row = json_array_get(history, 0);
    assert_int_equal(int_of(row, "activity_id"), judo);
    assert_string_equal(str_of(row, "title"), "Judo");
    assert_int_equal(int_of(row, "sessions"), 3);
    assert_int_equal(int_of(row, "present"), 1);
    assert_int_equal(int_of(row, "absent"), 1);
    assert_int_equal(int_of(row, "excused"), 1);
    assert_int_equal(int_of(row, "attendance_pct"), 33);
    assert_string_equal(str_of(row, "last_date"), "2025-09-23");
    json_t *marks = json_object_get(row, "marks");
    assert_int_equal(json_array_size(marks), 3);
    assert_int_equal(int_of(json_array_get(marks, 0), "session_id"), third_id); /* newest first */
    assert_string_equal(str_of(json_array_get(marks, 0), "status"), "excused");
    assert_string_equal(str_of(json_array_get(marks, 2), "date"), "2025-09-09");
    json_decref(doc);

    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "3 bijeenkomsten geregistreerd");
    assert_contains(res.body, "<strong>1 aanwezig</strong>, 1 afwezig, 1 afgemeld");
    char link[64];
    snprintf(link, sizeof link, "<a href=\"/sessions/%lld\">di 23 sep. 2025</a>",
             (long long)third_id);
    assert_contains(res.body, link);
    response_free(&res);

    /* A pupil without marks. */
    snprintf(path, sizeof path, "/pupils/%lld", (long long)daan);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "Er is nog geen aanwezigheid van Daan geregistreerd.");
    response_free(&res);
    json_t *none = get_json(c, path, 200);
    assert_int_equal(json_array_size(json_object_get(none, "attendance")), 0);
    json_decref(none);
    client_free(c);

    /* Another school's coordinator sees nothing of it. */
    struct client *zuid = logged_in("zuid@test.nl");
    snprintf(path, sizeof path, "/pupils/%lld", (long long)sara);
    assert_int_equal(get_status(zuid, path, true), 404);
    client_free(zuid);
}

/* 120 more pupils by import, then pages of 50. */
static void pagination_in_pages_of_50(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    size_t size = 64 * 200;
    char *csv = calloc(1, size);
    assert_non_null(csv);
    strcpy(csv, "leerlingnummer;voornaam;achternaam;groep\n");
    for (int i = 0; i < 120; i++)
        snprintf(csv + strlen(csv), size - strlen(csv), "%d;Kind;Achter%03d;%d\n", 7000 + i, i,
                 1 + i % 8);
    char *e = client_escape(csv);
    char *body = malloc(strlen(e) + 8);
    sprintf(body, "csv=%s", e);
    assert_int_equal(post_status(c, "/pupils/import", body, true, true), 200);
    free(body);
    free(e);
    free(csv);
    json_t *p1 = get_json(c, "/pupils", 200);
    assert_int_equal(int_of(p1, "total"), 123);
    assert_int_equal(json_array_size(json_object_get(p1, "pupils")), 50);
    json_t *p3 = get_json(c, "/pupils?page=3", 200);
    assert_int_equal(int_of(p3, "page"), 3);
    assert_int_equal(json_array_size(json_object_get(p3, "pupils")), 23);
    /* Pages do not overlap. */
    json_t *p2 = get_json(c, "/pupils?page=2", 200);
    json_int_t first_of_2 = int_of(json_array_get(json_object_get(p2, "pupils"), 0), "id");
    size_t i;
    json_t *p;
    json_array_foreach (json_object_get(p1, "pupils"), i, p)
        assert_true(int_of(p, "id") != first_of_2);
    json_decref(p1);
    json_decref(p2);
    json_decref(p3);
    json_t *p4 = get_json(c, "/pupils?page=4", 200);
    assert_int_equal(json_array_size(json_object_get(p4, "pupils")), 0);
    json_decref(p4);
    /* The HTML links keep the filter. */
    struct response res;
    assert_int_equal(client_get(c, "/pupils?q=Kind&page=2", false, &res), 0);
    assert_contains(res.body, "href=\"/pupils?q=Kind&amp;page=3\"");
    assert_contains(res.body, "href=\"/pupils?q=Kind&amp;page=1\"");
    response_free(&res);
    client_free(c);
}

/* ---- one pupil ---------------------------------------------------------------------------- */

static void show_has_details_enrolments_code_and_parents(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t id = pupil_id("1001");
    char path[64];
    snprintf(path, sizeof path, "/pupils/%lld", (long long)id);
    json_t *p = get_json(c, path, 200);
    assert_int_equal(int_of(p, "id"), id);
    assert_string_equal(str_of(p, "first_name"), "Sara");
    assert_string_equal(str_of(p, "school"), "Basisschool Noord");
    assert_true(json_is_true(json_object_get(p, "priority")));
    assert_true(*str_of(p, "link_code"));
    assert_non_null(json_object_get(p, "safety_notes")); /* the coordinator sees them */
    json_t *enrolment = json_array_get(json_object_get(p, "enrolments"), 0);
    assert_non_null(enrolment);
    assert_string_equal(str_of(enrolment, "status"), "enrolled");
    assert_true(*str_of(enrolment, "title"));
    json_t *parent = json_array_get(json_object_get(p, "parents"), 0);
    assert_string_equal(str_of(parent, "email"), "ouder@test.nl");
    json_decref(p);
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Brief voor ouders");
    assert_contains(res.body, "ouder@test.nl");
    response_free(&res);
    client_free(c);
    /* The lead does not see safety notes (PRODUCT.md rule 8). */
    struct client *lead = logged_in("lead@test.nl");
    p = get_json(lead, path, 200);
    assert_null(json_object_get(p, "safety_notes"));
    json_decref(p);
    client_free(lead);
}

static void other_school_pupil_is_404(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t mila = pupil_id("2001");
    assert_true(mila > 0);
    char path[64];
    snprintf(path, sizeof path, "/pupils/%lld", (long long)mila);
    assert_int_equal(get_status(c, path, false), 404);
    assert_int_equal(get_status(c, path, true), 404);
    snprintf(path, sizeof path, "/pupils/%lld/edit", (long long)mila);
    assert_int_equal(get_status(c, path, false), 404);
    snprintf(path, sizeof path, "/pupils/%lld", (long long)mila);
    char *body = pupil_body("number", "2001");
    assert_int_equal(post_status(c, path, body, false, true), 404);
    free(body);
    snprintf(path, sizeof path, "/pupils/%lld/link-code", (long long)mila);
    assert_int_equal(post_status(c, path, "", true, true), 404);
    assert_int_equal(get_status(c, "/pupils/99999", true), 404);
    client_free(c);
    /* Mila is unchanged. */
    struct client *zuid = logged_in("zuid@test.nl");
    snprintf(path, sizeof path, "/pupils/%lld", (long long)mila);
    json_t *p = get_json(zuid, path, 200);
    assert_string_equal(str_of(p, "first_name"), "Mila");
    assert_string_equal(str_of(p, "link_code"), "ZUDA-2222");
    json_decref(p);
    client_free(zuid);
}

static void staff_and_parent_are_refused(void **state)
{
    (void)state;
    const char *emails[] = {"anna@test.nl", "ouder@test.nl"};
    json_int_t sara = pupil_id("1001");
    char show[64], code[64];
    snprintf(show, sizeof show, "/pupils/%lld", (long long)sara);
    snprintf(code, sizeof code, "/pupils/%lld/link-code", (long long)sara);
    for (size_t i = 0; i < 2; i++) {
        struct client *c = logged_in(emails[i]);
        assert_int_equal(get_status(c, "/pupils", true), 403);
        assert_int_equal(get_status(c, "/pupils", false), 403);
        assert_int_equal(get_status(c, "/pupils/new", false), 403);
        assert_int_equal(get_status(c, "/pupils/import", false), 403);
        assert_int_equal(get_status(c, show, true), 403);
        char *body = pupil_body(NULL, NULL);
        assert_int_equal(post_status(c, "/pupils", body, true, true), 403);
        assert_int_equal(post_status(c, show, body, true, true), 403);
        free(body);
        assert_int_equal(post_status(c, code, "", true, true), 403);
        client_free(c);
    }
    struct client *anon = client_new(&server);
    assert_int_equal(get_status(anon, "/pupils", true), 401);
    client_free(anon);
    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(pupil_total(lead, ""), 4);
    client_free(lead);
}

/* ---- the form ----------------------------------------------------------------------------- */

static void create_pupil_html_and_json(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(client_get(c, "/pupils/new", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "name=\"number\"");
    assert_contains(res.body, "Doelgroepleerling");
    assert_null(strstr(res.body, "<select id=\"f-school\"")); /* the coordinator's is fixed */
    response_free(&res);
    char *body = pupil_body(NULL, NULL);
    assert_int_equal(client_post(c, "/pupils", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 303);
    assert_true(!strncmp(res.location, "/pupils/", 8));
    char location[512];
    snprintf(location, sizeof location, "%s", res.location);
    response_free(&res);
    json_t *p = get_json(c, location, 200);
    assert_string_equal(str_of(p, "number"), "5001");
    assert_string_equal(str_of(p, "last_name"), "van Dam");
    assert_int_equal(int_of(p, "grade"), 4);
    assert_string_equal(str_of(p, "class"), "4B");
    assert_true(json_is_true(json_object_get(p, "priority")));
    assert_string_equal(str_of(p, "safety_notes"), "Pinda-allergie");
    assert_string_equal(str_of(p, "key"), "noord-5001");
    assert_string_equal(str_of(p, "school"), "Basisschool Noord");
    assert_link_code(str_of(p, "link_code"));
    json_decref(p);
    /* JSON: 201 with the pupil. */
    body = pupil_body("number", "5002");
    assert_int_equal(client_post(c, "/pupils", body, true, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 201);
    p = response_json(&res);
    response_free(&res);
    assert_non_null(p);
    assert_true(int_of(p, "id") > 0);
    assert_string_equal(str_of(p, "number"), "5002");
    assert_link_code(str_of(p, "link_code"));
    json_decref(p);
    assert_int_equal(pupil_total(c, ""), 5);
    client_free(c);
}

#define NAME_81                                                                            \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

struct bad_case {
    const char *field, *value, *message;
};

static const struct bad_case bad_cases[] = {
    {"number", "", "Dit veld is verplicht"},
    {"number", "123456789012345678901", "hoogstens 20"},
    {"number", "12 34", "alleen letters, cijfers"},
    {"number", "1001", "Dit leerlingnummer bestaat al op deze school"},
    {"first_name", "", "Dit veld is verplicht"},
    {"first_name", NAME_81, "hoogstens 80"},
    {"first_name", "Kees\nJan", "besturingstekens"},
    {"last_name", "", "Dit veld is verplicht"},
    {"last_name", NAME_81, "hoogstens 80"},
    {"grade", "", "Dit veld is verplicht"},
    {"grade", "0", "1 tot en met 8"},
    {"grade", "9", "1 tot en met 8"},
    {"grade", "x", "heel getal"},
    {"grade", "4.5", "heel getal"},
    {"class", "ABCDEFGHIJK", "hoogstens 10"},
    {"left_on", "2026-02-30", "geldige datum"},
    {"left_on", "gisteren", "geldige datum"},
};

static void bad_input_in_every_field_is_422(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t sara = pupil_id("1001");
    char update[64];
    snprintf(update, sizeof update, "/pupils/%lld", (long long)sara);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *b = &bad_cases[i];
        char *body = pupil_body(b->field, b->value);
        struct response res;
        /* JSON: 422 with the message under the field. */
        assert_int_equal(client_post(c, "/pupils", body, true, true, &res), 0);
        if (res.status != 422)
            fail_msg("%s='%s': expected 422, got %ld: %.500s", b->field, b->value, res.status,
                     res.body);
        json_t *err = response_json(&res);
        response_free(&res);
        const char *message = json_string_value(
            json_object_get(json_object_get(err, "fields"), b->field));
        if (!message || !strstr(message, b->message))
            fail_msg("%s='%s': message '%s', expected '%s'", b->field, b->value,
                     message ? message : "(none)", b->message);
        json_decref(err);
        /* HTML: 422, the form again with the other input kept. */
        assert_int_equal(client_post(c, "/pupils", body, false, true, &res), 0);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, "field--error");
        assert_contains(res.body, "aria-invalid=\"true\"");
        char anchor[64];
        snprintf(anchor, sizeof anchor, "<a href=\"#f-%s\">", b->field); /* error summary */
        assert_contains(res.body, anchor);
        assert_contains(res.body, b->message);
        if (strcmp(b->field, "last_name"))
            assert_contains(res.body, "value=\"van Dam\"");
        if (strcmp(b->field, "safety_notes"))
            assert_contains(res.body, ">Pinda-allergie</textarea>");
        response_free(&res);
        /* The same on an update (the duplicate: 1001 is Sara's own number, so use 1002). */
        if (!strcmp(b->field, "number") && !strcmp(b->value, "1001")) {
            free(body);
            body = pupil_body("number", "1002");
        }
        assert_int_equal(client_post(c, update, body, true, true, &res), 0);
        if (res.status != 422)
            fail_msg("update %s='%s': expected 422, got %ld", b->field, b->value, res.status);
        response_free(&res);
        free(body);
    }
    /* Nothing was written. */
    assert_int_equal(pupil_total(c, ""), 3);
    assert_int_equal(pupil_total(c, "?q=Kees"), 0);
    json_t *p = get_json(c, update, 200);
    assert_string_equal(str_of(p, "first_name"), "Sara");
    assert_int_equal(int_of(p, "grade"), 6);
    json_decref(p);
    client_free(c);
}

static void long_safety_notes_and_markup_are_handled(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char notes[520];
    memset(notes, 'x', 501);
    notes[501] = '\0';
    char *body = pupil_body("safety_notes", notes);
    struct response res;
    assert_int_equal(client_post(c, "/pupils", body, true, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "hoogstens 500");
    response_free(&res);
    /* Markup in a name is kept as text and escaped on the page. */
    body = pupil_body("first_name", "<script>alert(1)</script>");
    assert_int_equal(client_post(c, "/pupils", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 303);
    char location[512];
    snprintf(location, sizeof location, "%s", res.location);
    response_free(&res);
    assert_int_equal(client_get(c, location, false, &res), 0);
    assert_null(strstr(res.body, "<script>alert(1)"));
    assert_contains(res.body, "&lt;script&gt;alert(1)");
    response_free(&res);
    client_free(c);
}

static void school_of_another_as_coordinator_is_refused(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *list = get_json(lead, "/pupils?school=2", 200);
    json_int_t zuid = int_of(json_array_get(json_object_get(list, "pupils"), 0), "school_id");
    json_decref(list);
    client_free(lead);
    struct client *c = logged_in("noord@test.nl");
    char *fields = pupil_body(NULL, NULL);
    char body[1024];
    snprintf(body, sizeof body, "%s&school=%lld", fields, (long long)zuid);
    free(fields);
    struct response res;
    assert_int_equal(client_post(c, "/pupils", body, true, true, &res), 0);
    assert_int_equal(res.status, 422);
    json_t *err = response_json(&res);
    assert_non_null(json_object_get(json_object_get(err, "fields"), "school"));
    json_decref(err);
    response_free(&res);
    assert_int_equal(client_post(c, "/pupils", body, false, true, &res), 0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "eigen school");
    response_free(&res);
    assert_int_equal(pupil_total(c, ""), 3);
    client_free(c);
    assert_int_equal(pupil_id("5001"), 0);
}

static void nul_and_bad_utf8_are_400(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    static const char *const bodies[] = {
        "number=5001&first_name=Ke%00es&last_name=Dam&grade=4",
        "number=5001&first_name=Kees&last_name=D%FFam&grade=4",
        "number=5001&first_name=Kees&last_name=%C0%AF&grade=4",
        "number=5001&first_name=Kees&first_name=Jan&last_name=Dam&grade=4",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        assert_int_equal(post_status(c, "/pupils", bodies[i], false, true), 400);
        assert_int_equal(post_status(c, "/pupils/import", bodies[i], false, true), 400);
    }
    /* A raw NUL byte in the body. */
    char raw[256];
    int n = snprintf(raw, sizeof raw, "number=5001&first_name=Ke");
    raw[n++] = '\0';
    n += snprintf(raw + n, sizeof raw - (size_t)n, "es&last_name=Dam&grade=4&csrf=%s",
                  client_csrf(c));
    struct response res;
    assert_int_equal(
        client_post_raw(c, "/pupils", raw, (size_t)n, "application/x-www-form-urlencoded", &res),
        0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    assert_int_equal(pupil_total(c, ""), 3);
    client_free(c);
}

static void edit_and_update(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t sara = pupil_id("1001");
    char path[64];
    snprintf(path, sizeof path, "/pupils/%lld/edit", (long long)sara);
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "value=\"Sara\"");
    assert_contains(res.body, "value=\"1001\"");
    response_free(&res);
    snprintf(path, sizeof path, "/pupils/%lld", (long long)sara);
    assert_int_equal(client_post(c, path,
                                 "number=1001&first_name=Sara&last_name=Bakker&grade=7&class=7A"
                                 "&safety_notes=Astma&left_on=2026-07-01",
                                 true, true, &res),
                     0);
    assert_int_equal(res.status, 200);
    json_t *p = response_json(&res);
    response_free(&res);
    assert_int_equal(int_of(p, "grade"), 7);
    assert_false(json_is_true(json_object_get(p, "priority"))); /* unchecked box */
    assert_string_equal(str_of(p, "left_on"), "2026-07-01");
    assert_string_equal(str_of(p, "safety_notes"), "Astma");
    assert_string_equal(str_of(p, "link_code"), "NRDA-2222"); /* unchanged */
    json_decref(p);
    /* HTML: 303 back to the pupil, with a flash. */
    assert_int_equal(client_post(c, path, "number=1001&first_name=Sara&last_name=Bakker&grade=7",
                                 false, true, &res),
                     0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "opgeslagen");
    assert_no_iso_date_in_text(res.body);
    response_free(&res);
    client_free(c);
}

static void lead_chooses_the_school(void **state)
{
    (void)state;
    struct client *c = logged_in("lead@test.nl");
    struct response res;
    assert_int_equal(client_get(c, "/pupils/new", false, &res), 0);
    assert_contains(res.body, "<select id=\"f-school\"");
    assert_contains(res.body, "Basisschool Zuid");
    response_free(&res);
    char *body = pupil_body(NULL, NULL);
    assert_int_equal(client_post(c, "/pupils", body, true, true, &res), 0);
    assert_int_equal(res.status, 422); /* no school chosen */
    assert_contains(res.body, "\"school\"");
    response_free(&res);
    json_t *list = get_json(c, "/pupils?school=2", 200);
    json_int_t zuid = int_of(json_array_get(json_object_get(list, "pupils"), 0), "school_id");
    json_decref(list);
    char with_school[1024];
    snprintf(with_school, sizeof with_school, "%s&school=%lld", body, (long long)zuid);
    assert_int_equal(client_post(c, "/pupils", with_school, true, true, &res), 0);
    assert_int_equal(res.status, 201);
    json_t *p = response_json(&res);
    assert_string_equal(str_of(p, "school"), "Basisschool Zuid");
    assert_string_equal(str_of(p, "key"), "zuid-5001");
    assert_null(json_object_get(p, "safety_notes"));
    json_decref(p);
    response_free(&res);
    snprintf(with_school, sizeof with_school, "%s&school=99999", body);
    assert_int_equal(post_status(c, "/pupils", with_school, true, true), 422);
    free(body);
    client_free(c);
    /* The zuid coordinator now has two pupils. */
    struct client *z = logged_in("zuid@test.nl");
    assert_int_equal(pupil_total(z, ""), 2);
    client_free(z);
}

/* ---- link codes --------------------------------------------------------------------------- */

static void new_link_code_changes_the_code(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t sara = pupil_id("1001");
    char show[64], renew[64];
    snprintf(show, sizeof show, "/pupils/%lld", (long long)sara);
    snprintf(renew, sizeof renew, "/pupils/%lld/link-code", (long long)sara);
    struct response res;
    assert_int_equal(client_post(c, renew, "", false, true, &res), 0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, show);
    response_free(&res);
    json_t *p = get_json(c, show, 200);
    char first[16];
    snprintf(first, sizeof first, "%s", str_of(p, "link_code"));
    assert_string_not_equal(first, "NRDA-2222");
    assert_link_code(first);
    json_decref(p);
    assert_int_equal(client_post(c, renew, "", true, true, &res), 0);
    assert_int_equal(res.status, 200);
    p = response_json(&res);
    response_free(&res);
    assert_link_code(str_of(p, "link_code"));
    assert_string_not_equal(str_of(p, "link_code"), first);
    json_decref(p);
    /* The parent stays linked. */
    p = get_json(c, show, 200);
    assert_int_equal(json_array_size(json_object_get(p, "parents")), 1);
    json_decref(p);
    client_free(c);
}

/* ---- import ------------------------------------------------------------------------------- */

static char *import_body(const char *csv)
{
    char *e = client_escape(csv);
    char *body = malloc(strlen(e) + 8);
    assert_non_null(body);
    sprintf(body, "csv=%s", e);
    free(e);
    return body;
}

static void import_good_csv(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(client_get(c, "/pupils/import", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<textarea id=\"f-csv\" name=\"csv\"");
    response_free(&res);
    char *body = import_body("\xEF\xBB\xBF"
                             "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Jaargroep;Klas;"
                             "Doelgroep\r\n"
                             "1001;Sara;;Bakker;7;7A;ja\r\n"
                             "6001;\"Jan \"\"Jantje\"\"\";van;Dijk;4;4B;nee\r\n"
                             "\r\n"
                             "6002;Piet;;Groot;2;;ja\r\n");
    assert_int_equal(client_post(c, "/pupils/import", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 303);
    /* The list then offers the letters of the 2 pupils created (issue 10). */
    assert_true(!strncmp(res.location, "/pupils?new_first=", 18));
    char after[512];
    snprintf(after, sizeof after, "%s", res.location);
    response_free(&res);
    assert_int_equal(client_get(c, after, false, &res), 0);
    assert_contains(res.body, "2 nieuw, 1 bijgewerkt");
    assert_contains(res.body, "Print de brieven van de 2 nieuwe leerlingen");
    const char *href = strstr(res.body, "/pupils/letters?first=");
    assert_non_null(href);
    char letters[256];
    snprintf(letters, sizeof letters, "%.*s", (int)strcspn(href, "\""), href);
    response_free(&res);
    char *amp = strstr(letters, "&amp;"); /* the link as a browser follows it */
    if (amp)
        memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
    json_t *printed = get_json(c, letters, 200);
    json_t *rows = json_object_get(printed, "letters");
    assert_int_equal(json_array_size(rows), 2); /* Jan and Piet, not Sara (updated) */
    assert_string_equal(str_of(json_array_get(rows, 0), "first_name"), "Piet");
    assert_string_equal(str_of(json_array_get(rows, 1), "first_name"), "Jan \"Jantje\"");
    json_decref(printed);
    assert_int_equal(pupil_total(c, ""), 5);
    json_t *list = get_json(c, "/pupils?q=6001", 200);
    json_t *jan = json_array_get(json_object_get(list, "pupils"), 0);
    assert_string_equal(str_of(jan, "first_name"), "Jan \"Jantje\"");
    assert_string_equal(str_of(jan, "last_name"), "van Dijk");
    assert_int_equal(int_of(jan, "grade"), 4);
    char path[64];
    snprintf(path, sizeof path, "/pupils/%lld", (long long)int_of(jan, "id"));
    json_decref(list);
    json_t *p = get_json(c, path, 200);
    assert_link_code(str_of(p, "link_code"));
    json_decref(p);
    /* JSON: the counts; the same list again changes nothing. */
    body = import_body("leerlingnummer,voornaam,achternaam,groep\n6002,Piet,Groot,2\n");
    assert_int_equal(client_post(c, "/pupils/import", body, true, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 200);
    json_t *counts = response_json(&res);
    response_free(&res);
    assert_int_equal(int_of(counts, "created"), 0);
    assert_int_equal(int_of(counts, "updated"), 0);
    assert_int_equal(int_of(counts, "unchanged"), 1);
    json_decref(counts);
    client_free(c);
}

static void import_bad_csv_writes_nothing(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    const char *csv = "leerlingnummer;voornaam;achternaam;groep\n"
                      "6001;Jan;Dijk;4\n"
                      "6002;Piet;Groot;9\n"
                      "6003;;Smit;x\n"
                      "6004;Eva;Bos;3;te;veel\n"
                      "1001;Sara;Bakker;7\n";
    char *body = import_body(csv);
    struct response res;
    assert_int_equal(client_post(c, "/pupils/import", body, false, true, &res), 0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Regel 3: groep &#39;9&#39;");
    assert_contains(res.body, "Regel 4: voornaam ontbreekt");
    assert_contains(res.body, "Regel 5: 6 kolommen");
    assert_contains(res.body, "niets opgeslagen");
    assert_contains(res.body, "6001;Jan;Dijk;4"); /* the input is kept */
    response_free(&res);
    assert_int_equal(client_post(c, "/pupils/import", body, true, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 422);
    json_t *err = response_json(&res);
    response_free(&res);
    assert_int_equal(json_array_size(json_object_get(err, "messages")), 4);
    json_decref(err);
    assert_int_equal(pupil_total(c, ""), 3);
    assert_int_equal(pupil_total(c, "?q=6001"), 0);
    json_t *p = get_json(c, "/pupils?q=1001", 200);
    assert_int_equal(int_of(json_array_get(json_object_get(p, "pupils"), 0), "grade"), 6);
    json_decref(p);
    /* More than 20 errors: 20 messages and "en N meer". */
    char big[4096] = "leerlingnummer;voornaam;achternaam;groep\n";
    for (int i = 0; i < 25; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "%d;A;B;0\n", 8000 + i);
    body = import_body(big);
    assert_int_equal(client_post(c, "/pupils/import", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "en 5 meer");
    response_free(&res);
    /* An empty list. */
    assert_int_equal(post_status(c, "/pupils/import", "csv=", true, true), 422);
    assert_int_equal(pupil_total(c, ""), 3);
    client_free(c);
}

/* ---- CSRF --------------------------------------------------------------------------------- */

static void posts_without_csrf_are_403(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t sara = pupil_id("1001");
    char show[64], renew[64];
    snprintf(show, sizeof show, "/pupils/%lld", (long long)sara);
    snprintf(renew, sizeof renew, "/pupils/%lld/link-code", (long long)sara);
    char *body = pupil_body(NULL, NULL);
    char *csv = import_body("leerlingnummer;voornaam;achternaam;groep\n6001;Jan;Dijk;4\n");
    struct {
        const char *path, *body;
    } posts[] = {{"/pupils", body}, {show, body}, {renew, ""}, {"/pupils/import", csv}};
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
        for (int json = 0; json < 2; json++) {
            struct response res;
            assert_int_equal(client_post(c, posts[i].path, posts[i].body, json, false, &res), 0);
            if (res.status != 403)
                fail_msg("POST %s without csrf: %ld", posts[i].path, res.status);
            response_free(&res);
        }
    }
    /* A wrong token too. */
    char wrong[2048];
    snprintf(wrong, sizeof wrong, "%s&csrf=%064d", body, 0);
    struct response res;
    assert_int_equal(client_post(c, "/pupils", wrong, true, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    free(body);
    free(csv);
    assert_int_equal(pupil_total(c, ""), 3);
    json_t *p = get_json(c, show, 200);
    assert_string_equal(str_of(p, "link_code"), "NRDA-2222");
    json_decref(p);
    client_free(c);
}

/* Without [server] public_url, the parent letter sends parents to the address the daemon
   listens on, not to a fixed 127.0.0.1:8080. */
static void letter_links_to_the_address_served(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char path[64], want[64];
    snprintf(path, sizeof path, "/pupils/%lld", id_of("pupils", "n-1"));
    json_t *doc = get_json(c, path, 200);
    snprintf(want, sizeof want, "http://127.0.0.1:%d/register", server.port);
    assert_string_equal(str_of(doc, "register_url"), want);
    json_decref(doc);
    client_free(c);
}

/* Issue 10 point 3: the pupil page links to a page that says what a new code changes; only that
   page's button renews it, for the own school only. */
static void new_link_code_goes_through_its_confirmation_page(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_int_t sara = pupil_id("1001"), mila = pupil_id("2001");
    char show[64], renew[64], link[96], action[96];
    snprintf(show, sizeof show, "/pupils/%lld", (long long)sara);
    snprintf(renew, sizeof renew, "/pupils/%lld/link-code", (long long)sara);
    snprintf(link, sizeof link, "href=\"%s\"", renew);
    snprintf(action, sizeof action, "action=\"%s\"", renew);
    struct response res;
    assert_int_equal(client_get(c, show, false, &res), 0);
    assert_contains(res.body, link);
    assert_lacks(res.body, action);
    response_free(&res);
    assert_int_equal(client_get(c, renew, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Nieuwe koppelcode voor Sara");
    assert_contains(res.body, "NRDA-2222"); /* the code that stops working */
    assert_contains(res.body, "niet ongedaan");
    assert_contains(res.body, action);
    response_free(&res);
    char other[64];
    snprintf(other, sizeof other, "/pupils/%lld/link-code", (long long)mila);
    assert_int_equal(get_status(c, other, false), 404);
    assert_int_equal(get_status(c, "/pupils/99999/link-code", false), 404);
    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(get_status(anna, renew, false), 403);
    client_free(anna);
    json_t *p = get_json(c, show, 200);
    assert_string_equal(str_of(p, "link_code"), "NRDA-2222"); /* the page changed nothing */
    json_decref(p);

    submit_form(c, renew, renew, &res, NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, show);
    response_free(&res);
    p = get_json(c, show, 200);
    assert_string_not_equal(str_of(p, "link_code"), "NRDA-2222");
    json_decref(p);
    client_free(c);
}


/* ---- the parent letters of a group (issue 10) ------------------------------------------ */

/* The number of letters GET path (JSON) answers with. */
static size_t letters_count(struct client *c, const char *path)
{
    json_t *doc = get_json(c, path, 200);
    size_t n = json_array_size(json_object_get(doc, "letters"));
    json_decref(doc);
    return n;
}

static void letters_of_a_group_one_per_pupil(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    get_page(c, "/pupils/letters?grade=6", 200, &res);
    assert_contains(res.body, "Basisschool Noord");
    assert_contains(res.body, "NRDA-2222");
    assert_contains(res.body, "Beste ouder of verzorger van Sara,");
    assert_contains(res.body, "Nina Noord"); /* the coordinator who prints */
    assert_contains(res.body, "groep 6");
    assert_contains(res.body, "/register</strong>");
    assert_contains(res.body, "1 brief");
    assert_lacks(res.body, "NRDA-2223"); /* group 5 */
    assert_lacks(res.body, "ZUDA-2222"); /* another school */
    assert_lacks(res.body, "letter__text--second"); /* Dutch only */
    response_free(&res);
    assert_int_equal(letters_count(c, "/pupils/letters?grade=6&class=6A"), 1);
    assert_int_equal(letters_count(c, "/pupils/letters?grade=6&class=6B"), 0);
    assert_int_equal(letters_count(c, "/pupils/letters?grade=4"), 0); /* Zuid's group 4 */
    /* Without a group: the form to choose one, no letters. */
    get_page(c, "/pupils/letters", 200, &res);
    assert_contains(res.body, "<select id=\"f-grade\" name=\"grade\"");
    assert_lacks(res.body, "class=\"letter\"");
    response_free(&res);
    /* The pupil list offers it per group. */
    get_page(c, "/pupils?grade=6", 200, &res);
    assert_contains(res.body, "href=\"/pupils/letters?grade=6\">Brieven voor ouders van groep 6<");
    response_free(&res);
    get_page(c, "/pupils", 200, &res);
    assert_contains(res.body, "href=\"/pupils/letters\">Brieven voor ouders<");
    response_free(&res);
    client_free(c);
}

static void letters_in_a_second_language(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    get_page(c, "/pupils/letters?grade=6&lang=en", 200, &res);
    assert_contains(res.body, "Beste ouder of verzorger van Sara,");
    assert_contains(res.body, "lang=\"en\" dir=\"ltr\"");
    assert_contains(res.body, "Dear parent or carer of Sara,");
    assert_contains(res.body, "<option value=\"en\" selected>");
    response_free(&res);
    get_page(c, "/pupils/letters?grade=6&lang=nl", 200, &res);
    assert_lacks(res.body, "Dear parent");
    response_free(&res);
    /* The single pupil's letter is the same letter. */
    char path[80];
    snprintf(path, sizeof path, "/pupils/%lld?lang=en", id_of("pupils", "n-1"));
    get_page(c, path, 200, &res);
    assert_contains(res.body, "class=\"letter\"");
    assert_contains(res.body, "Dear parent or carer of Sara,");
    assert_contains(res.body, "Beste ouder of verzorger van Sara,");
    response_free(&res);
    snprintf(path, sizeof path, "/pupils/%lld?lang=xx", id_of("pupils", "n-1"));
    get_page(c, path, 200, &res); /* an unknown language: Dutch alone */
    assert_contains(res.body, "Beste ouder of verzorger van Sara,");
    assert_lacks(res.body, "Dear parent");
    response_free(&res);
    client_free(c);
}

static void letters_refuse_bad_input(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    const char *bad[] = {
        "/pupils/letters?grade=0",          "/pupils/letters?grade=9",
        "/pupils/letters?grade=abc",        "/pupils/letters?grade=",
        "/pupils/letters?grade=6x",         "/pupils/letters?grade=99999999999999999999",
        "/pupils/letters?grade=6&lang=xx",  "/pupils/letters?grade=6&lang=%3Cscript%3E",
        "/pupils/letters?grade=6&class=12345678901",
        "/pupils/letters?first=5",          "/pupils/letters?first=5&last=4",
        "/pupils/letters?last=5",           "/pupils/letters?first=-1&last=3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct response res;
        get_page(c, bad[i], 400, &res);
        assert_contains(res.body, "error-summary");
        assert_lacks(res.body, "NRDA-");
        assert_lacks(res.body, "<script>");
        response_free(&res);
    }
    /* Another school's letters, or an unknown school: 404 for a coordinator. */
    assert_int_equal(get_status(c, "/pupils/letters?grade=4&school=zuid", false), 404);
    assert_int_equal(get_status(c, "/pupils/letters?grade=4&school=nope", false), 404);
    assert_int_equal(letters_count(c, "/pupils/letters?grade=6&school=noord"), 1);
    client_free(c);
    /* The lead picks the school; without one the page asks for it. */
    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(letters_count(lead, "/pupils/letters?grade=4&school=zuid"), 1);
    struct response res;
    get_page(lead, "/pupils/letters?grade=4&school=zuid", 200, &res);
    assert_contains(res.body, "ZUDA-2222");
    assert_contains(res.body, "Zeno Zuid"); /* the school's coordinator */
    response_free(&res);
    get_page(lead, "/pupils/letters?grade=4", 400, &res);
    assert_contains(res.body, "Kies een school.");
    response_free(&res);
    assert_int_equal(get_status(lead, "/pupils/letters?grade=4&school=nope", false), 404);
    client_free(lead);
    /* Staff and parents do not print letters; without a login the answer is the login. */
    const char *others[] = {"anna@test.nl", "ouder@test.nl"};
    for (size_t i = 0; i < 2; i++) {
        struct client *o = logged_in(others[i]);
        assert_int_equal(get_status(o, "/pupils/letters?grade=6&school=noord", false), 403);
        client_free(o);
    }
    struct client *anon = client_new(&server);
    long status = get_status(anon, "/pupils/letters?grade=6", false);
    assert_true(status == 303 || status == 401);
    client_free(anon);
}

/* The school's contact line (lead, school form) is on every letter; a bad one is 422. */
static void school_contact_is_on_the_letter(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    char path[64];
    snprintf(path, sizeof path, "/schools/%lld", id_of("schools", "noord"));
    char long_line[260];
    memset(long_line, 'a', 201);
    long_line[201] = '\0';
    const char *bad[] = {long_line, "bel%0Amij", "tab%09hier"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[400];
        snprintf(body, sizeof body, "name=Basisschool+Noord&kind=po&contact=%s", bad[i]);
        struct response res;
        post(lead, path, body, false, &res);
        assert_int_equal(res.status, 422);
        assert_contains(res.body, "href=\"#f-contact\"");
        response_free(&res);
    }
    assert_int_equal(count_of("SELECT count(*) FROM schools WHERE contact <> ''"), 0);
    assert_int_equal(post_status(lead, path,
                                 "name=Basisschool+Noord&kind=po&contact=Bel+010+123+45+67+"
                                 "%3Cb%3Eof%3C%2Fb%3E+mail",
                                 false, true),
                     303);
    json_t *school = get_json(lead, path, 200);
    assert_string_equal(str_of(json_object_get(school, "school"), "contact"),
                        "Bel 010 123 45 67 <b>of</b> mail");
    json_decref(school);
    client_free(lead);
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    get_page(c, "/pupils/letters?grade=6&lang=en", 200, &res);
    assert_contains(res.body, "Contact:</span> Bel 010 123 45 67 &lt;b&gt;of&lt;/b&gt; mail");
    response_free(&res);
    /* Without its CSRF token the school form changes nothing. */
    assert_int_equal(post_status(c, path, "name=X&kind=po&contact=Y", false, false), 403);
    client_free(c);
    lead = logged_in("lead@test.nl");
    assert_int_equal(post_status(lead, path, "name=X&kind=po&contact=Y", false, false), 403);
    client_free(lead);
    assert_int_equal(count_of("SELECT count(*) FROM schools WHERE contact = 'Y'"), 0);
}

/* Issue 14, the pupil's rights: the export holds every part (JSON and page), deleting goes
   through a page and a confirmation and removes the pupil from every page; another school,
   staff and parents are refused; the privacy page is public and in the parent's language. */
static void export_and_delete_a_pupil(void **state)
{
    (void)state;
    json_int_t id = pupil_id("1001");
    char export[64], del[64], show[64];
    snprintf(export, sizeof export, "/pupils/%lld/export", (long long)id);
    snprintf(del, sizeof del, "/pupils/%lld/delete", (long long)id);
    snprintf(show, sizeof show, "/pupils/%lld", (long long)id);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, export, true), 404);
    assert_int_equal(get_status(zuid, del, false), 404);
    assert_int_equal(post_status(zuid, del, "confirm=1", false, true), 404);
    client_free(zuid);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, export, true), 403);
    assert_int_equal(post_status(parent, del, "confirm=1", false, true), 403);
    client_free(parent);

    struct client *c = logged_in("noord@test.nl");
    json_t *doc = get_json(c, export, 200);
    static const char *const parts[] = {"pupil",   "enrolments", "attendance", "contacts",
                                        "parents", "incidents",  "audit"};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        assert_non_null(json_object_get(doc, parts[i]));
    assert_string_equal(str_of(json_object_get(doc, "pupil"), "first_name"), "Sara");
    assert_string_equal(str_of(json_array_get(json_object_get(doc, "parents"), 0), "email"),
                        "ouder@test.nl");
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(c, export, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Alle gegevens van Sara");
    response_free(&res);
    struct client *lead = logged_in("lead@test.nl");
    doc = get_json(lead, export, 200); /* the lead does not see safety notes, here neither */
    assert_null(json_object_get(json_object_get(doc, "pupil"), "safety_notes"));
    json_decref(doc);
    client_free(lead);

    /* Not confirmed: 422 on the page, nothing removed. */
    submit_form(c, del, del, &res, NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vink aan dat u de leerling wilt verwijderen");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupils WHERE first_name = 'Sara'"), 1);
    /* Confirmed: 303 to the list; the pupil is gone from every page. */
    submit_form(c, del, del, &res, "confirm", "1", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/pupils");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupils WHERE first_name = 'Sara'"), 0);
    assert_int_equal(count_of("SELECT count(*) FROM parent_children c JOIN pupils p"
                              " ON p.id = c.pupil_id WHERE p.number = '1001'"),
                     0);
    assert_int_equal(get_status(c, show, false), 404);
    assert_int_equal(get_status(c, export, true), 404);
    assert_int_equal(post_status(c, del, "confirm=1", false, true), 404);
    char *list = NULL;
    assert_int_equal(client_get(c, "/pupils", false, &res), 0);
    list = res.body;
    assert_lacks(list, "Sara");
    assert_lacks(list, "Verwijderde");
    response_free(&res);
    client_free(c);

    /* The privacy page: public, in the parent's language. */
    get_plain("/privacy", "text/html", "nl", NULL, &res);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "365 dagen nadat");
    response_free(&res);
    get_plain("/privacy", "text/html", "en", NULL, &res);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "365 days after");
    response_free(&res);
}

/* Issue 14, contacts and consents: the coordinator fills them in through the form (refusals
   keep the input, at the field); the register shows the activity's people the emergency
   number and whether the child may go home alone; the export holds them; another school's
   coordinator gets 404. */
static void contacts_and_consents_reach_the_register(void **state)
{
    (void)state;
    json_int_t id = pupil_id("1001");
    char page[64];
    snprintf(page, sizeof page, "/pupils/%lld/contacts", (long long)id);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, page, false), 404);
    assert_int_equal(post_status(zuid, page, "name_1=X&phone_1=0612345678", false, true), 404);
    client_free(zuid);
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    /* A phone that is no phone, a contact without a way to reach: 422 at the fields. */
    submit_form(c, page, page, &res, "name_1", "Fatima Bakker", "phone_1", "bel maar",
                "name_2", "Opa", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Vul een telefoonnummer in van 6 tot 20 tekens");
    assert_contains(res.body, "Vul een telefoonnummer of een e-mailadres in.");
    assert_contains(res.body, "value=\"Fatima Bakker\"");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupil_contacts"), 0);
    /* Saved. */
    submit_form(c, page, page, &res, "name_1", "Fatima Bakker", "relation_1", "moeder",
                "phone_1", "06 1234 5678", "emergency_1", "1", "name_2", "Opa", "email_2",
                "opa@example.nl", "home_alone", "1", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupil_contacts"), 2);
    assert_int_equal(count_of("SELECT given FROM pupil_consents WHERE kind = 'home_alone'"), 1);
    /* The register of a session of Judo, where Sara is enrolled. */
    long long session = count_of("SELECT s.id FROM sessions s JOIN activities a"
                                 " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"
                                 " AND s.cancelled = 0 ORDER BY s.date LIMIT 1");
    char reg[64];
    snprintf(reg, sizeof reg, "/sessions/%lld", session);
    assert_int_equal(client_get(c, reg, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Noodnummer: <a href=\"tel:06 1234 5678\">");
    assert_contains(res.body, "mag alleen naar huis");
    response_free(&res);
    char export[64];
    snprintf(export, sizeof export, "/pupils/%lld/export", (long long)id);
    json_t *doc = get_json(c, export, 200);
    assert_int_equal(json_array_size(json_object_get(doc, "contacts")), 2);
    assert_true(json_is_true(json_object_get(
        json_object_get(json_object_get(doc, "consents"), "home_alone"), "given")));
    json_decref(doc);
    client_free(c);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(coordinator_lists_only_own_school),
        T(lead_lists_every_school_and_filters),
        T(search_and_filters),
        T(pagination_in_pages_of_50),
        T(show_has_details_enrolments_code_and_parents),
        T(other_school_pupil_is_404),
        T(staff_and_parent_are_refused),
        T(create_pupil_html_and_json),
        T(bad_input_in_every_field_is_422),
        T(long_safety_notes_and_markup_are_handled),
        T(school_of_another_as_coordinator_is_refused),
        T(nul_and_bad_utf8_are_400),
        T(edit_and_update),
        T(lead_chooses_the_school),
        T(new_link_code_changes_the_code),
        T(new_link_code_goes_through_its_confirmation_page),
        T(import_good_csv),
        T(import_bad_csv_writes_nothing),
        T(posts_without_csrf_are_403),
        T(letter_links_to_the_address_served),
        T(letters_of_a_group_one_per_pupil),
        T(letters_in_a_second_language),
        T(letters_refuse_bad_input),
        T(school_contact_is_on_the_letter),
        T(names_sort_by_surname_and_search_ignores_accents),
        T(show_has_the_attendance_history),
        T(export_and_delete_a_pupil),
        T(contacts_and_consents_reach_the_register),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return exit_status(failed);
}
