/* HTTP tests of /activities and /sessions against the real daemon with the fixture: creating an
 * activity (HTML 303 to its page, JSON 201 with its id and generated sessions), every bad field
 * answered 422 with its Dutch message, the input kept and nothing written, hostile bodies 400,
 * the school scope (another school's activity is 404, also to edit or post; no creating for
 * another school), staff seeing only what they run and no safety notes, parents 403, no CSRF
 * 403, cancelling and moving a session, changing an activity, the list's filters, and the JSON
 * shapes of the list and the show page (PRODUCT.md 6). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parent_fixture.h"
#include "htmlform.h"
#include "testkit.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* The total of activities the lead sees (all schools, ended ones too: the fixture's have
   ended). */
static long long activity_total(void)
{
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/activities?when=all", 200);
    long long n = json_integer_value(json_object_get(doc, "total"));
    json_decref(doc);
    client_free(lead);
    return n;
}

/* The id of the activity with this key, looked up as the lead among all activities, ended
   ones too (0 when absent). */
static long long activity_id(const char *key)
{
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/activities?when=all", 200);
    json_t *item;
    size_t i;
    long long id = 0;
    json_array_foreach(json_object_get(doc, "activities"), i, item)
    {
        if (!strcmp(json_string_value(json_object_get(item, "key")), key))
            id = json_integer_value(json_object_get(item, "id"));
    }
    json_decref(doc);
    client_free(lead);
    return id;
}

/* A valid activity form for school noord, Wednesdays 3 Sep 2025 – 28 Jan 2026 (20 sessions:
   the Christmas holiday takes two), with `title`; field `name` set to `value` (replacing the
   base value, or added; value NULL drops the field). Caller frees. */
static const char *const base_fields[][2] = {
    {"goal", "Vooruit denken"}, {"location", "Zaal 2"},   {"provider", "1"},
    {"staff_1", "1"},           {"domain_sport", "1"},    {"grade_min", "5"},
    {"grade_max", "8"},         {"capacity", "10"},       {"weekday", "3"},
    {"start", "14:00"},         {"end", "15:00"},         {"from", "2025-09-03"},
    {"until", "2026-01-28"},    {"signup_from", ""},      {"signup_until", ""},
    {"open_to", "school"},
};

static char *activity_body(const char *title, const char *name, const char *value)
{
    size_t cap = 4096 + (value ? strlen(value) * 3 : 0) + strlen(title) * 3;
    char *body = malloc(cap);
    assert_non_null(body);
    char *t = client_escape(title);
    size_t n = (size_t)snprintf(body, cap, "title=%s", t);
    free(t);
    bool replaced = name && !strcmp(name, "title");
    for (size_t i = 0; i < sizeof base_fields / sizeof base_fields[0]; i++) {
        const char *v = base_fields[i][1];
        if (name && !strcmp(name, base_fields[i][0])) {
            replaced = true;
            if (!value)
                continue;
            v = value;
        }
        char *e = client_escape(v);
        n += (size_t)snprintf(body + n, cap - n, "&%s=%s", base_fields[i][0], e);
        free(e);
    }
    if (name && !replaced && value) {
        char *e = client_escape(value);
        snprintf(body + n, cap - n, "&%s=%s", name, e);
        free(e);
    }
    return body;
}

/* The id in a Location "/activities/N" ("" → fail). */
static long long id_from_location(const struct response *res)
{
    long long id = 0;
    if (sscanf(res->location, "/activities/%lld", &id) != 1 || id <= 0)
        fail_msg("Location is '%s' (status %ld)", res->location, res->status);
    return id;
}

/* ---- creating ------------------------------------------------------------------------------- */

static void coordinator_creates_an_activity(void **state)
{
    (void)state;
    long long before = activity_total();
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(get_status(c, "/activities/new", false), 200);

    char *body = activity_body("Schaken", NULL, NULL);
    post(c, "/activities", body, false, &res);
    assert_int_equal(res.status, 303);
    long long id = id_from_location(&res);
    response_free(&res);
    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", id);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<h1>Schaken</h1>");
    assert_contains(res.body, "De activiteit is toegevoegd.");
    assert_contains(res.body, "wo 3 sep. 2025");
    assert_lacks(res.body, "wo 24 dec. 2025");
    response_free(&res);

    json_t *doc = get_json(c, path, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "schaken-noord");
    json_t *sessions = json_object_get(doc, "sessions");
    assert_int_equal(json_array_size(sessions), 20);
    assert_string_equal(json_string_value(json_object_get(json_array_get(sessions, 0), "date")),
                        "2025-09-03");
    assert_string_equal(json_string_value(json_object_get(json_array_get(sessions, 15), "date")),
                        "2025-12-17");
    assert_string_equal(json_string_value(json_object_get(json_array_get(sessions, 16), "date")),
                        "2026-01-07");
    json_decref(doc);

    /* As JSON: 201 with the saved activity, its id and sessions; the key gets a number. */
    post(c, "/activities", body, true, &res);
    assert_int_equal(res.status, 201);
    doc = response_json(&res);
    assert_non_null(doc);
    assert_true(json_is_integer(json_object_get(doc, "id")));
    assert_true(json_integer_value(json_object_get(doc, "id")) > id);
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "schaken-noord-2");
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Schaken");
    assert_int_equal(json_array_size(json_object_get(doc, "sessions")), 20);
    json_decref(doc);
    response_free(&res);
    free(body);
    assert_int_equal(activity_total(), before + 2);
    client_free(c);
}

/* One bad field: its name, the value sent (NULL: left out), the field the message is on and
   the message. */
struct bad_case {
    const char *name, *value, *field, *message;
};

static void bad_input_is_422_and_writes_nothing(void **state)
{
    (void)state;
    static char long_title[202];
    memset(long_title, 'a', 201);
    long_title[201] = '\0';
    const struct bad_case cases[] = {
        {"title", "", "title", "Dit veld is verplicht."},
        {"title", long_title, "title", "Gebruik hoogstens 200 tekens."},
        {"capacity", "0", "capacity", "Vul een getal van 1 tot en met 500 in."},
        {"capacity", "-1", "capacity", "Vul een getal van 1 tot en met 500 in."},
        {"capacity", "abc", "capacity", "Vul een heel getal in."},
        {"capacity", "99999", "capacity", "Vul een getal van 1 tot en met 500 in."},
        {"capacity", "", "capacity", "Dit veld is verplicht."},
        {"weekday", "8", "weekday", "Kies een dag van de week."},
        {"end", "13:00", "end", "De eindtijd moet na de begintijd liggen."},
        {"start", "14:60", "start", "Vul een geldige tijd in (uu:mm)."},
        {"until", "2025-09-01", "until", "De laatste datum mag niet voor de eerste datum liggen."},
        {"until", "2026-12-31", "until",
         "Kies een laatste datum hoogstens 400 dagen na de eerste."},
        {"from", "2025-02-30", "from", "Vul een geldige datum in (jjjj-mm-dd)."},
        {"domain_sport", NULL, "domains", "Kies minstens één ontwikkelgebied."},
        {"domain_xyz", "1", "domains", "Kies ontwikkelgebieden uit de lijst."},
        {"staff_9999", "1", "staff", "Kies uitvoerders uit de lijst."},
        {"staff_abc", "1", "staff", "Kies uitvoerders uit de lijst."},
        {"provider", "999", "provider", "Kies een aanbieder uit de lijst."},
        {"provider", "x", "provider", "Kies een aanbieder uit de lijst."},
        {"grade_min", "9", "grade_min", "Vul een getal van 1 tot en met 8 in."},
        {"grade_max", "4", "grade_max", "De hoogste groep mag niet lager zijn dan de laagste."},
        {"open_to", "iedereen", "open_to", "Kies voor wie de activiteit is."},
        {"signup_from", "2025-08-20T19:00", NULL, NULL}, /* fine alone: a control case */
        {"signup_until", "morgen", "signup_until", "Vul een geldig moment in (jjjj-mm-dd uu:mm)."},
        {"location", "regel\001twee", "location", "Gebruik geen besturingstekens."},
    };
    long long before = activity_total();
    struct client *c = logged_in("noord@test.nl");
    const char *typed = "Toets <één> & co";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad_case *k = &cases[i];
        if (!k->field)
            continue;
        bool bad_title = !strcmp(k->name, "title");
        char *body = activity_body(typed, k->name, k->value);
        if (bad_title) {
            free(body);
            body = activity_body(k->value, NULL, NULL);
        }
        struct response res;
        post(c, "/activities", body, false, &res);
        if (res.status != 422)
            fail_msg("%s=%s: status %ld", k->name, k->value ? k->value : "(none)", res.status);
        char expect[400];
        assert_contains(res.body, k->message);
        snprintf(expect, sizeof expect, "<a href=\"#f-%s\">", k->field);
        assert_contains(res.body, expect);
        snprintf(expect, sizeof expect, "id=\"f-%s\"", k->field);
        assert_contains(res.body, expect);
        /* The input is kept (escaped), also the checkboxes. */
        if (bad_title && *k->value)
            assert_contains(res.body, k->value);
        else if (!bad_title)
            assert_contains(res.body, "value=\"Toets &lt;één&gt; &amp; co\"");
        if (strcmp(k->name, "location"))
            assert_contains(res.body, "value=\"Zaal 2\"");
        assert_contains(res.body, "name=\"staff_1\" value=\"1\" checked");
        if (strcmp(k->name, "domain_sport"))
            assert_contains(res.body, "name=\"domain_sport\" value=\"1\" checked");
        response_free(&res);

        /* The same as JSON: 422 with the field's message. */
        post(c, "/activities", body, true, &res);
        assert_int_equal(res.status, 422);
        json_t *doc = response_json(&res);
        assert_non_null(doc);
        const char *got =
            json_string_value(json_object_get(json_object_get(doc, "fields"), k->field));
        if (!got || strcmp(got, k->message))
            fail_msg("%s: JSON fields.%s is '%s'", k->name, k->field, got ? got : "(none)");
        json_decref(doc);
        response_free(&res);
        free(body);
    }
    /* Several bad fields at once: each gets its message. */
    char *body = activity_body("", "capacity", "abc");
    struct response res;
    post(c, "/activities", body, true, &res);
    assert_int_equal(res.status, 422);
    json_t *doc = response_json(&res);
    assert_int_equal(json_object_size(json_object_get(doc, "fields")), 2);
    json_decref(doc);
    response_free(&res);
    free(body);
    assert_int_equal(activity_total(), before);
    client_free(c);
}

static void hostile_bodies_are_400(void **state)
{
    (void)state;
    long long before = activity_total();
    struct client *c = logged_in("noord@test.nl");
    char *valid = activity_body("Veilig", NULL, NULL);
    char nul[4600], utf8[4600], twice[4600];
    snprintf(nul, sizeof nul, "%s&location=a%%00b", valid);
    snprintf(utf8, sizeof utf8, "%s&location=a%%C3%%28b", valid);
    snprintf(twice, sizeof twice, "%s&title=Nogmaals", valid);
    assert_int_equal(post_raw(c, "/activities", nul, strlen(nul)), 400);
    assert_int_equal(post_raw(c, "/activities", utf8, strlen(utf8)), 400);
    assert_int_equal(post_raw(c, "/activities", twice, strlen(twice)), 400);
    char raw[] = "title=a\0b&capacity=3";
    assert_int_equal(post_raw(c, "/activities", raw, sizeof raw - 1), 400);
    long long judo = activity_id("judo-noord");
    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    assert_int_equal(post_raw(c, path, utf8, strlen(utf8)), 400);
    free(valid);
    assert_int_equal(activity_total(), before);
    client_free(c);
}

/* ---- scope ---------------------------------------------------------------------------------- */

static void coordinator_sees_only_the_own_school(void **state)
{
    (void)state;
    long long zuid = activity_id("tekenen-zuid"), judo = activity_id("judo-noord");
    assert_true(zuid > 0 && judo > 0);
    struct client *c = logged_in("noord@test.nl");
    char path[96];
    snprintf(path, sizeof path, "/activities/%lld", zuid);
    assert_int_equal(get_status(c, path, false), 404);
    assert_int_equal(get_status(c, path, true), 404);
    snprintf(path, sizeof path, "/activities/%lld/edit", zuid);
    assert_int_equal(get_status(c, path, false), 404);
    char *body = activity_body("Overgenomen", NULL, NULL);
    snprintf(path, sizeof path, "/activities/%lld", zuid);
    assert_int_equal(post_status(c, path, body, false, true), 404);
    assert_int_equal(post_status(c, path, body, true, true), 404);
    free(body);

    /* Its sessions neither. */
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, path, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Tekenen");
    long long session = json_integer_value(
        json_object_get(json_array_get(json_object_get(doc, "sessions"), 0), "id"));
    json_decref(doc);
    snprintf(path, sizeof path, "/sessions/%lld/edit", session);
    assert_int_equal(get_status(c, path, false), 404);
    snprintf(path, sizeof path, "/sessions/%lld", session);
    assert_int_equal(post_status(c, path, "cancelled=1&date=2025-09-04&start=15%3A15&end=16%3A15"
                                          "&reason=Weg",
                                 false, true),
                     404);

    /* No creating for another school. */
    long long before = activity_total();
    body = activity_body("Voor zuid", "school", "zuid");
    struct response res;
    post(c, "/activities", body, false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "U kunt alleen activiteiten van uw eigen school beheren.");
    response_free(&res);
    free(body);
    assert_int_equal(activity_total(), before);

    /* The list holds the own school's activities only; the school filter is ignored. */
    doc = get_json(c, "/activities?school=zuid&when=all", 200);
    json_t *item;
    size_t i;
    assert_true(json_array_size(json_object_get(doc, "activities")) >= 1);
    json_array_foreach(json_object_get(doc, "activities"), i, item)
    {
        assert_string_equal(json_string_value(json_object_get(item, "school_key")), "noord");
    }
    json_decref(doc);
    client_free(lead);
    client_free(c);
}

static void staff_see_only_what_they_run(void **state)
{
    (void)state;
    long long zuid = activity_id("tekenen-zuid"), judo = activity_id("judo-noord");
    struct client *c = logged_in("anna@test.nl");
    /* judo and what these tests made with anna (all ended: when=all) */
    json_t *doc = get_json(c, "/activities?when=all", 200);
    json_t *item;
    size_t i;
    bool sees_judo = false;
    json_array_foreach(json_object_get(doc, "activities"), i, item)
    {
        const char *key = json_string_value(json_object_get(item, "key"));
        sees_judo |= !strcmp(key, "judo-noord");
        assert_string_not_equal(key, "tekenen-zuid");
    }
    assert_true(sees_judo);
    json_decref(doc);

    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    doc = get_json(c, path, 200);
    json_t *enrolment = json_array_get(json_object_get(doc, "enrolments"), 0);
    assert_non_null(enrolment);
    assert_string_equal(json_string_value(json_object_get(enrolment, "first_name")), "Sara");
    assert_null(json_object_get(enrolment, "safety_notes"));
    assert_null(json_object_get(enrolment, "priority"));
    assert_true(json_is_false(json_object_get(doc, "can_edit")));
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_lacks(res.body, "/edit"); /* no changing sessions, but taking their register */
    assert_contains(res.body, "aria-label=\"Presentie van");
    assert_lacks(res.body, "Veiligheid");
    response_free(&res);

    snprintf(path, sizeof path, "/activities/%lld", zuid);
    assert_int_equal(get_status(c, path, true), 404);
    assert_int_equal(get_status(c, "/activities/new", false), 403);
    char *body = activity_body("Van anna", NULL, NULL);
    assert_int_equal(post_status(c, "/activities", body, false, true), 403);
    free(body);
    client_free(c);
}

static void parents_are_403(void **state)
{
    (void)state;
    long long judo = activity_id("judo-noord");
    struct client *c = logged_in("ouder@test.nl");
    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    assert_int_equal(get_status(c, "/activities", false), 403);
    assert_int_equal(get_status(c, "/activities", true), 403);
    assert_int_equal(get_status(c, path, true), 403);
    assert_int_equal(get_status(c, "/sessions/1/edit", false), 403);
    client_free(c);
}

static void without_csrf_is_403(void **state)
{
    (void)state;
    long long before = activity_total(), judo = activity_id("judo-noord");
    struct client *c = logged_in("noord@test.nl");
    char *body = activity_body("Zonder token", NULL, NULL);
    assert_int_equal(post_status(c, "/activities", body, false, false), 403);
    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    assert_int_equal(post_status(c, path, body, false, false), 403);
    assert_int_equal(post_status(c, "/sessions/1", "cancelled=1&date=2025-09-02&start=15%3A15"
                                                   "&end=16%3A15&reason=x",
                                 false, false),
                     403);
    free(body);
    assert_int_equal(activity_total(), before);
    json_t *doc = get_json(c, path, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Judo");
    assert_true(json_is_false(
        json_object_get(json_array_get(json_object_get(doc, "sessions"), 0), "cancelled")));
    json_decref(doc);
    client_free(c);
}

/* ---- sessions ------------------------------------------------------------------------------- */

/* Session `index` of activity id, as a new reference. */
static json_t *session_at(struct client *c, long long id, size_t index)
{
    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", id);
    json_t *doc = get_json(c, path, 200);
    json_t *s = json_incref(json_array_get(json_object_get(doc, "sessions"), index));
    json_decref(doc);
    assert_non_null(s);
    return s;
}

static void sessions_are_cancelled_and_moved(void **state)
{
    (void)state;
    long long judo = activity_id("judo-noord");
    struct client *c = logged_in("noord@test.nl");
    json_t *s = session_at(c, judo, 3); /* Tue 23 Sep 2025 */
    long long sid = json_integer_value(json_object_get(s, "id"));
    assert_string_equal(json_string_value(json_object_get(s, "date")), "2025-09-23");
    json_decref(s);
    char path[64], edit[64];
    snprintf(path, sizeof path, "/sessions/%lld", sid);
    snprintf(edit, sizeof edit, "/sessions/%lld/edit", sid);
    struct response res;
    assert_int_equal(client_get(c, edit, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Bijeenkomst van di 23 sep. 2025 wijzigen");
    response_free(&res);

    /* Cancelling without a reason is refused, with the choice kept. */
    post(c, path, "cancelled=1&date=2025-09-23&start=15%3A15&end=16%3A15&reason=", false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Geef de reden waarom de bijeenkomst vervalt.");
    assert_contains(res.body, "name=\"cancelled\" value=\"1\" checked");
    response_free(&res);
    post(c, path, "cancelled=1&date=2025-09-23&start=15%3A15&end=16%3A15&reason=Studiedag",
         false, &res);
    assert_int_equal(res.status, 303);
    char expect[96];
    snprintf(expect, sizeof expect, "/activities/%lld#bijeenkomsten", judo);
    assert_string_equal(res.location, expect);
    response_free(&res);
    s = session_at(c, judo, 3);
    assert_true(json_is_true(json_object_get(s, "cancelled")));
    assert_string_equal(json_string_value(json_object_get(s, "reason")), "Studiedag");
    json_decref(s);
    snprintf(expect, sizeof expect, "/activities/%lld", judo);
    assert_int_equal(client_get(c, expect, false, &res), 0);
    assert_contains(res.body, "vervallen</span> Studiedag");
    response_free(&res);

    /* Moved (as JSON): a new date and times, the slot stays; a reason is needed. */
    post(c, path, "date=2025-09-25&start=14%3A00&end=15%3A00&reason=", true, &res);
    assert_int_equal(res.status, 422);
    json_t *doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "fields"),
                                                          "reason")),
                        "Geef de reden van de verplaatsing.");
    json_decref(doc);
    response_free(&res);
    post(c, path, "date=2025-09-25&start=14%3A00&end=15%3A00&reason=Gymzaal+bezet", true, &res);
    assert_int_equal(res.status, 200);
    doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(doc, "date")), "2025-09-25");
    assert_string_equal(json_string_value(json_object_get(doc, "slot_date")), "2025-09-23");
    assert_string_equal(json_string_value(json_object_get(doc, "start")), "14:00");
    assert_true(json_is_false(json_object_get(doc, "cancelled")));
    json_decref(doc);
    response_free(&res);
    assert_int_equal(client_get(c, expect, false, &res), 0);
    assert_contains(res.body, "verplaatst</span> <span class=\"nowrap\">(was di 23 sep. 2025)"
                              "</span> Gymzaal bezet");
    response_free(&res);

    /* Not onto the date of another session; an end before the start is refused. */
    post(c, path, "date=2025-09-30&start=14%3A00&end=15%3A00&reason=x", true, &res);
    assert_int_equal(res.status, 422);
    response_free(&res);
    post(c, path, "date=2025-09-25&start=14%3A00&end=13%3A00&reason=x", true, &res);
    assert_int_equal(res.status, 422);
    response_free(&res);
    post(c, path, "date=2025-02-30&start=14%3A00&end=15%3A00&reason=x", true, &res);
    assert_int_equal(res.status, 422);
    response_free(&res);

    /* Back to the schedule without a reason. */
    post(c, path, "date=2025-09-23&start=15%3A15&end=16%3A15&reason=", false, &res);
    assert_int_equal(res.status, 303);
    response_free(&res);
    s = session_at(c, judo, 3);
    assert_string_equal(json_string_value(json_object_get(s, "date")), "2025-09-23");
    assert_string_equal(json_string_value(json_object_get(s, "reason")), "");
    json_decref(s);
    assert_int_equal(get_status(c, "/sessions/999999/edit", false), 404);
    client_free(c);
}

/* ---- changing ------------------------------------------------------------------------------- */

static void coordinator_changes_an_activity(void **state)
{
    (void)state;
    long long judo = activity_id("judo-noord");
    struct client *c = logged_in("noord@test.nl");
    char path[64], edit[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    snprintf(edit, sizeof edit, "/activities/%lld/edit", judo);
    struct response res;
    assert_int_equal(client_get(c, edit, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "value=\"Judo\"");
    assert_contains(res.body, "name=\"staff_1\" value=\"1\" checked");
    assert_contains(res.body, "name=\"domain_sport\" value=\"1\" checked");
    assert_contains(res.body, "<option value=\"2\" selected>dinsdag</option>");
    response_free(&res);

    /* Judo on Tuesdays 15:15–16:15 from 2 Sep 2025 to 27 Jan 2026, now 15:30–16:30 and also
       in the cultural domain, without staff. */
    const char *body = "title=Judo+en+weerbaarheid&goal=Samenwerken&location=&provider=1"
                       "&domain_sport=1&domain_cultuur=1&grade_min=5&grade_max=8&capacity=2"
                       "&weekday=2&start=15%3A30&end=16%3A30&from=2025-09-02&until=2026-01-27"
                       "&signup_from=2025-08-20T19%3A00&signup_until=&open_to=coalition";
    post(c, path, body, false, &res);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    json_t *doc = get_json(c, path, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Judo en weerbaarheid");
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "judo-noord");
    assert_string_equal(json_string_value(json_object_get(doc, "open_to")), "coalition");
    assert_string_equal(json_string_value(json_object_get(doc, "signup_from")), "2025-08-20T19:00");
    assert_true(json_is_null(json_object_get(doc, "signup_until")));
    assert_int_equal(json_array_size(json_object_get(doc, "domains")), 2);
    assert_int_equal(json_array_size(json_object_get(doc, "staff")), 0);
    json_t *first = json_array_get(json_object_get(doc, "sessions"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "start")), "15:30");
    json_decref(doc);

    /* As JSON: 200 with the activity. A bad change is 422 and changes nothing. */
    post(c, path, body, true, &res);
    assert_int_equal(res.status, 200);
    doc = response_json(&res);
    assert_int_equal(json_integer_value(json_object_get(doc, "id")), judo);
    json_decref(doc);
    response_free(&res);
    char *bad = activity_body("Judo kapot", "end", "09:00");
    post(c, path, bad, true, &res);
    assert_int_equal(res.status, 422);
    response_free(&res);
    free(bad);
    doc = get_json(c, path, 200);
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Judo en weerbaarheid");
    json_decref(doc);

    /* The lead can change it too, and create for any school (but must choose one). */
    struct client *lead = logged_in("lead@test.nl");
    long long before = activity_total();
    char *for_zuid = activity_body("Koken", "school", "zuid");
    post(lead, "/activities", for_zuid, true, &res);
    assert_int_equal(res.status, 201);
    doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(doc, "school_key")), "zuid");
    assert_string_equal(json_string_value(json_object_get(doc, "key")), "koken-zuid");
    json_decref(doc);
    response_free(&res);
    free(for_zuid);
    char *no_school = activity_body("Koken", NULL, NULL);
    post(lead, "/activities", no_school, true, &res);
    assert_int_equal(res.status, 422);
    doc = response_json(&res);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "fields"),
                                                          "school")),
                        "Kies een school.");
    json_decref(doc);
    response_free(&res);
    free(no_school);
    assert_int_equal(activity_total(), before + 1);
    assert_int_equal(get_status(c, "/activities/999999", false), 404);
    assert_int_equal(get_status(c, "/activities/999999/edit", false), 404);
    client_free(lead);
    client_free(c);
}

/* ---- the list and JSON shapes --------------------------------------------------------------- */

static void list_filters_and_json_shape(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/activities?when=all", 200);
    json_t *list = json_object_get(doc, "activities"), *item;
    size_t i;
    assert_true(json_array_size(list) >= 2);
    const char *previous_school = "";
    json_array_foreach(list, i, item)
    {
        assert_true(json_is_integer(json_object_get(item, "id")));
        assert_true(json_is_string(json_object_get(item, "title")));
        const char *school = json_string_value(json_object_get(item, "school"));
        assert_non_null(school);
        assert_true(strcmp(previous_school, school) <= 0); /* sorted by school */
        previous_school = school;
        assert_true(json_is_string(json_object_get(item, "school_key")));
        assert_true(json_is_array(json_object_get(item, "domains")));
        assert_true(json_is_integer(json_object_get(item, "capacity")));
        assert_true(json_is_integer(json_object_get(item, "enrolled")));
        assert_true(json_is_integer(json_object_get(item, "waitlisted")));
        if (!strcmp(json_string_value(json_object_get(item, "key")), "tekenen-zuid")) {
            assert_string_equal(school, "Basisschool Zuid");
            assert_string_equal(json_string_value(json_object_get(item, "school_key")), "zuid");
        }
    }
    json_decref(doc);

    doc = get_json(lead, "/activities?school=zuid&when=all", 200);
    json_array_foreach(json_object_get(doc, "activities"), i, item)
    {
        assert_string_equal(json_string_value(json_object_get(item, "school_key")), "zuid");
    }
    assert_true(json_array_size(json_object_get(doc, "activities")) >= 1);
    json_decref(doc);
    doc = get_json(lead, "/activities?q=TEKEN&when=all", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "activities")), 1);
    json_decref(doc);
    doc = get_json(lead, "/activities?domain=cultuur&school=zuid&when=all", 200);
    json_array_foreach(json_object_get(doc, "activities"), i, item)
    {
        json_t *domain;
        size_t k;
        bool cultuur = false;
        json_array_foreach(json_object_get(item, "domains"), k, domain)
        {
            cultuur |= !strcmp(json_string_value(json_object_get(domain, "code")), "cultuur");
        }
        assert_true(cultuur);
    }
    json_decref(doc);
    doc = get_json(lead, "/activities?school=bestaat-niet", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 0);
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(lead, "/activities?q=%3Cscript%3E&page=abc", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "value=\"&lt;script&gt;\"");
    assert_contains(res.body, "Geen activiteiten gevonden.");
    response_free(&res);
    assert_int_equal(client_get(lead, "/activities?when=all", false, &res), 0);
    assert_contains(res.body, "<th scope=\"col\">School</th>");
    assert_contains(res.body, "Basisschool Zuid");
    response_free(&res);
    client_free(lead);

    /* The show page: sessions and enrolments as PRODUCT.md 6 says. */
    long long judo = activity_id("judo-noord");
    struct client *c = logged_in("noord@test.nl");
    char path[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    doc = get_json(c, path, 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "id")), judo);
    assert_string_equal(json_string_value(json_object_get(doc, "school")), "Basisschool Noord");
    json_t *s = json_array_get(json_object_get(doc, "sessions"), 0);
    assert_true(json_is_integer(json_object_get(s, "id")));
    assert_string_equal(json_string_value(json_object_get(s, "date")), "2025-09-02");
    assert_true(json_is_string(json_object_get(s, "start")));
    assert_true(json_is_string(json_object_get(s, "end")));
    assert_true(json_is_boolean(json_object_get(s, "cancelled")));
    json_t *e = json_array_get(json_object_get(doc, "enrolments"), 0);
    assert_true(json_is_integer(json_object_get(e, "id")));
    assert_true(json_is_integer(json_object_get(e, "pupil_id")));
    assert_string_equal(json_string_value(json_object_get(e, "first_name")), "Sara");
    assert_string_equal(json_string_value(json_object_get(e, "last_name")), "Bakker");
    assert_string_equal(json_string_value(json_object_get(e, "status")), "enrolled");
    assert_true(json_is_null(json_object_get(e, "position")));
    assert_true(json_is_string(json_object_get(e, "safety_notes")));
    json_t *counts = json_object_get(doc, "counts");
    assert_int_equal(json_integer_value(json_object_get(counts, "enrolled")), 1);
    json_decref(doc);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "Sara Bakker");
    assert_contains(res.body, "ingeschreven");
    assert_lacks(res.body, "<th scope=\"col\">School</th>");
    response_free(&res);
    client_free(c);
}

/* ---- ongoing, coming, ended; the school year -------------------------------------------------- */

/* Create, as client c (a coordinator of noord, or the lead with extra "&school=KEY"), an
   activity titled title run by Anna running from today + from_offset to today + until_offset
   days, on every weekday of today + from_offset (so it has sessions), with the form fields
   extra ("&name=value…", already encoded) added; fails the test when the daemon refuses. */
static void create_dated_extra(struct client *c, const char *title, int from_offset,
                               int until_offset, const char *extra)
{
    char from[11], until[11], weekday[4];
    pf_day(from_offset, from);
    pf_day(until_offset, until);
    snprintf(weekday, sizeof weekday, "%d", pf_weekday(from_offset));
    char *body = activity_body(title, "weekday", weekday);
    char *at = strstr(body, "&from=2025-09-03&until=2026-01-28");
    assert_non_null(at);
    char rest[4096];
    snprintf(rest, sizeof rest, "%s", at + strlen("&from=2025-09-03&until=2026-01-28"));
    size_t cap = strlen(body) + strlen(extra) + 64;
    char *dated = malloc(cap);
    assert_non_null(dated);
    snprintf(dated, cap, "%.*s&from=%s&until=%s%s%s", (int)(at - body), body, from, until, rest,
             extra);
    struct response res;
    post(c, "/activities", dated, false, &res);
    assert_int_equal(res.status, 303);
    response_free(&res);
    free(dated);
    free(body);
}

/* create_dated_extra without extra fields. */
static void create_dated(struct client *c, const char *title, int from_offset, int until_offset)
{
    create_dated_extra(c, title, from_offset, until_offset, "");
}

/* Whether the list at path (JSON, as c) holds an activity titled (or with the key) title; its
   "when" into *when (when not NULL and found). */
static bool lists(struct client *c, const char *path, const char *title, const char **when)
{
    static char state[16];
    json_t *doc = get_json(c, path, 200), *item;
    size_t i;
    bool found = false;
    json_array_foreach(json_object_get(doc, "activities"), i, item)
    {
        if (!strcmp(json_string_value(json_object_get(item, "title")), title) ||
            !strcmp(json_string_value(json_object_get(item, "key")), title)) {
            found = true;
            snprintf(state, sizeof state, "%s", json_string_value(json_object_get(item, "when")));
        }
    }
    json_decref(doc);
    if (when)
        *when = found ? state : NULL;
    return found;
}

/* The total of the list at path as c. */
static long long list_total(struct client *c, const char *path)
{
    json_t *doc = get_json(c, path, 200);
    long long n = json_integer_value(json_object_get(doc, "total"));
    json_decref(doc);
    return n;
}

static void the_list_shows_ongoing_and_coming_by_default(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl"), *lead = logged_in("lead@test.nl");
    create_dated(c, "Schaken nu", -20, 40);
    create_dated(c, "Schaken straks", 30, 90);
    const char *when;
    /* The default: ongoing and coming, not what ended (the fixture's Judo). */
    assert_true(lists(lead, "/activities", "Schaken nu", &when));
    assert_string_equal(when, "lopend");
    assert_true(lists(lead, "/activities", "Schaken straks", &when));
    assert_string_equal(when, "komend");
    assert_false(lists(lead, "/activities", "judo-noord", NULL));
    assert_false(lists(c, "/activities", "judo-noord", NULL));
    /* Each choice on its own. */
    assert_true(lists(lead, "/activities?when=lopend", "Schaken nu", NULL));
    assert_false(lists(lead, "/activities?when=lopend", "Schaken straks", NULL));
    assert_false(lists(lead, "/activities?when=lopend", "judo-noord", NULL));
    assert_true(lists(lead, "/activities?when=komend", "Schaken straks", NULL));
    assert_false(lists(lead, "/activities?when=komend", "Schaken nu", NULL));
    assert_true(lists(lead, "/activities?when=afgelopen", "judo-noord", &when));
    assert_string_equal(when, "afgelopen");
    assert_false(lists(lead, "/activities?when=afgelopen", "Schaken nu", NULL));
    assert_true(lists(lead, "/activities?when=all", "judo-noord", NULL));
    assert_true(lists(lead, "/activities?when=all", "Schaken nu", NULL));
    assert_true(lists(lead, "/activities?when=all", "Schaken straks", NULL));
    long long all = list_total(lead, "/activities?when=all"),
              current = list_total(lead, "/activities"),
              ended = list_total(lead, "/activities?when=afgelopen");
    assert_int_equal(all, current + ended);
    /* Unknown or empty values are the default; so is a value in another case. */
    assert_int_equal(list_total(lead, "/activities?when="), current);
    assert_int_equal(list_total(lead, "/activities?when=ALL"), current);
    assert_int_equal(list_total(lead, "/activities?when=%3Cscript%3E"), current);
    /* Staff: the same filter within what they run. */
    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(list_total(anna, "/activities?when=all"),
                     list_total(anna, "/activities") +
                         list_total(anna, "/activities?when=afgelopen"));
    assert_true(list_total(anna, "/activities?when=all") <= all);
    client_free(anna);
    /* Another school's coordinator does not see noord's, whatever the filter. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_false(lists(zuid, "/activities?when=all", "Schaken nu", NULL));
    client_free(zuid);
    client_free(c);
    client_free(lead);
}

static void the_list_filters_by_school_year(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct client *c = logged_in("noord@test.nl");
    create_dated(c, "Dammen nu", -10, 30);
    client_free(c);
    char today[11], year[16];
    pf_day(0, today);
    int y = atoi(today) - (strncmp(today + 5, "08", 2) < 0);
    snprintf(year, sizeof year, "%d-%d", y, y + 1);
    char path[128];
    snprintf(path, sizeof path, "/activities?when=all&year=%s", year);
    assert_true(lists(lead, path, "Dammen nu", NULL));
    assert_true(lists(lead, "/activities?when=all&year=2025-2026", "judo-noord", NULL));
    assert_int_equal(list_total(lead, "/activities?when=all&year=2023-2024"), 0);
    /* The year and the when filter together. */
    assert_false(lists(lead, "/activities?year=2025-2026", "judo-noord", NULL));
    /* A malformed year is no year filter. */
    long long all = list_total(lead, "/activities?when=all");
    static const char *const bad[] = {"2025-2027", "2025", "abcd-efgh", "2025–2026", "-2025-2026",
                                      "2025-2026x", "99999-100000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "/activities?when=all&year=%s", bad[i]);
        assert_int_equal(list_total(lead, path), all);
    }
    /* A NUL byte is no text at all: refused before any filter (issue 12). */
    assert_int_equal(get_status(lead, "/activities?when=all&year=%00", true), 400);
    /* The form: the choices, with what was chosen selected and kept in the filters. */
    struct response res;
    assert_int_equal(client_get(lead, "/activities?when=afgelopen&year=2025-2026", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<option value=\"afgelopen\" selected>Afgelopen</option>");
    assert_contains(res.body, "<option value=\"2025-2026\" selected>2025–2026</option>");
    assert_contains(res.body, "<option value=\"all\">Alle</option>");
    assert_contains(res.body, "afgelopen</span>");
    response_free(&res);
    json_t *doc = get_json(lead, "/activities?when=komend&year=2025-2026", 200);
    json_t *filters = json_object_get(doc, "filters");
    assert_string_equal(json_string_value(json_object_get(filters, "when")), "komend");
    assert_string_equal(json_string_value(json_object_get(filters, "year")), "2025-2026");
    json_decref(doc);
    client_free(lead);
}

/* With nothing ongoing or coming, the page says so and links to what ended. */
static void an_empty_default_list_points_to_what_ended(void **state)
{
    (void)state;
    struct client *zuid = logged_in("zuid@test.nl");
    struct response res;
    assert_int_equal(client_get(zuid, "/activities", false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Er zijn geen lopende of komende activiteiten.");
    assert_contains(res.body, "href=\"/activities?when=afgelopen\"");
    response_free(&res);
    client_free(zuid);
}

/* Staff who work at several schools see the school and location of each activity and session,
   and each session links to its register: on /activities and on the start page. */
static void staff_see_where_and_the_register_of_each_session(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl"), *noord = logged_in("noord@test.nl");
    create_dated_extra(lead, "Voetbal zuid", -7, 30, "&school=zuid");
    create_dated(noord, "Voetbal noord", 1, 30); /* tomorrow: in "De komende dagen" */
    client_free(noord);
    struct client *anna = logged_in("anna@test.nl");
    json_t *doc = get_json(anna, "/activities", 200);
    json_t *zuid = item_with(json_object_get(doc, "activities"), "title", "Voetbal zuid");
    assert_non_null(zuid);
    assert_string_equal(json_string_value(json_object_get(zuid, "school")), "Basisschool Zuid");
    assert_string_equal(json_string_value(json_object_get(zuid, "location")), "Zaal 2");
    json_int_t next = json_integer_value(json_object_get(zuid, "next_session_id"));
    assert_true(next > 0);
    char today[11];
    pf_day(0, today);
    assert_string_equal(json_string_value(json_object_get(zuid, "next_session_date")), today);
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(anna, "/activities", false, &res), 0);
    assert_contains(res.body, "<th scope=\"col\">School</th>");
    assert_contains(res.body, "Basisschool Zuid<span class=\"muted\">, Zaal 2</span>");
    assert_contains(res.body, "Basisschool Noord<span class=\"muted\">, Zaal 2</span>");
    char link[64];
    snprintf(link, sizeof link, "<a class=\"next-session\" href=\"/sessions/%lld\">volgende: ",
             (long long)next);
    assert_contains(res.body, link);
    response_free(&res);
    /* The start page: today's session with its school and location, linking to the register;
       the coming days with a school column and the date linking to the register. */
    assert_int_equal(client_get(anna, "/", false, &res), 0);
    assert_int_equal(res.status, 200);
    snprintf(link, sizeof link, "href=\"/sessions/%lld\"", (long long)next);
    assert_contains(res.body, link);
    assert_contains(res.body, "(Basisschool Zuid, Zaal 2)");
    assert_contains(res.body, "<th scope=\"col\">School en locatie</th>");
    assert_contains(res.body, "Basisschool Noord<span class=\"muted\">, Zaal 2</span>");
    response_free(&res);
    client_free(anna);
    /* A coordinator sees neither column: one school. */
    struct client *c = logged_in("zuid@test.nl");
    assert_int_equal(client_get(c, "/activities", false, &res), 0);
    assert_lacks(res.body, "<th scope=\"col\">School</th>");
    assert_lacks(res.body, "volgende: ");
    response_free(&res);
    client_free(c);
    client_free(lead);
}

/* Issue 10 point 3: a change of schedule that would cancel a session with marks is confirmed
   first on a page that names it, and nothing changes until then; the confirmation (the posted
   form given back with confirm_drop=1) saves it, the session kept as cancelled. Judo has a mark
   on Tuesday 9 September 2025; Wednesdays instead would drop it. */
static void a_schedule_change_that_drops_marks_is_confirmed_first(void **state)
{
    (void)state;
    long long judo = activity_id("judo-noord");
    struct client *c = logged_in("noord@test.nl");
    char path[64], edit[64];
    snprintf(path, sizeof path, "/activities/%lld", judo);
    snprintf(edit, sizeof edit, "/activities/%lld/edit", judo);
    const char *marked = "SELECT cancelled FROM sessions s JOIN activities a ON a.id = s.activity_id"
                         " WHERE a.key = 'judo-noord' AND s.slot_date = '2025-09-09'";
    assert_int_equal(count_of(marked), 0);
    struct response res;
    submit_form(c, edit, path, &res, "weekday", "3", NULL);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Roosterwijziging bevestigen");
    assert_contains(res.body, "dinsdag 9 september 2025");
    assert_int_equal(count_of(marked), 0); /* nothing changed yet */
    assert_int_equal(count_of("SELECT weekday FROM activities WHERE key = 'judo-noord'"), 2);
    char *again = html_form_body(res.body, path, NULL);
    response_free(&res);
    assert_non_null(strstr(again, "confirm_drop=1"));
    assert_non_null(strstr(again, "weekday=3"));
    /* The confirmation page's own form, with its token, as the browser sends it. */
    assert_int_equal(client_post(c, path, again, false, false, &res), 0);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, path);
    response_free(&res);
    free(again);
    assert_int_equal(count_of("SELECT weekday FROM activities WHERE key = 'judo-noord'"), 3);
    assert_int_equal(count_of(marked), 1);
    assert_int_equal(count_of("SELECT count(*) FROM attendance t JOIN sessions s"
                              " ON s.id = t.session_id WHERE s.slot_date = '2025-09-09'"),
                     1); /* the mark is kept */
    /* A change that drops nothing with records saves at once: back to Tuesdays. */
    submit_form(c, edit, path, &res, "weekday", "2", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    client_free(c);
}

/* Issue 14, "Kopieer naar volgend blok": the new-activity form filled with the activity's
   content and weekly time for the block after it (dates proposed, no sign-up window);
   submitting it makes a new activity without enrolments. Another school's: 404. */
static void an_activity_is_copied_to_the_next_block(void **state)
{
    (void)state;
    long long judo = activity_id("judo-noord");
    char copy[64];
    snprintf(copy, sizeof copy, "/activities/%lld/copy", judo);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, copy, false), 404);
    client_free(zuid);
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(client_get(c, copy, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "kopiëren naar een volgend blok");
    char *from = html_form_value(res.body, "/activities", "from");
    char *signup = html_form_value(res.body, "/activities", "signup_from");
    assert_string_equal(from, "2026-01-28"); /* the day after Judo's last day */
    assert_string_equal(signup, "");
    free(from);
    free(signup);
    response_free(&res);
    long long activities = count_of("SELECT count(*) FROM activities");
    submit_form(c, copy, "/activities", &res, "title", "Judo blok 2", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM activities"), activities + 1);
    assert_int_equal(count_of("SELECT count(*) FROM enrolments e JOIN activities a"
                              " ON a.id = e.activity_id WHERE a.title = 'Judo blok 2'"),
                     0);
    assert_int_equal(count_of("SELECT weekday FROM activities WHERE title = 'Judo blok 2'"), 2);
    assert_int_equal(count_of("SELECT count(*) FROM activities WHERE title = 'Judo blok 2'"
                              " AND date_from = '2026-01-28'"),
                     1);
    client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_filters_and_json_shape),
        cmocka_unit_test(coordinator_creates_an_activity),
        cmocka_unit_test(bad_input_is_422_and_writes_nothing),
        cmocka_unit_test(hostile_bodies_are_400),
        cmocka_unit_test(coordinator_sees_only_the_own_school),
        cmocka_unit_test(staff_see_only_what_they_run),
        cmocka_unit_test(parents_are_403),
        cmocka_unit_test(without_csrf_is_403),
        cmocka_unit_test(sessions_are_cancelled_and_moved),
        cmocka_unit_test(coordinator_changes_an_activity),
        cmocka_unit_test(the_list_shows_ongoing_and_coming_by_default),
        cmocka_unit_test(the_list_filters_by_school_year),
        cmocka_unit_test(an_empty_default_list_points_to_what_ended),
        cmocka_unit_test(staff_see_where_and_the_register_of_each_session),
        cmocka_unit_test(a_schedule_change_that_drops_marks_is_confirmed_first),
        cmocka_unit_test(an_activity_is_copied_to_the_next_block),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
