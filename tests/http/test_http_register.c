/* HTTP tests of the attendance register (issue 4) against the real daemon, each test with a
 * fresh one loaded from a fixture generated at start with dates relative to today (marks are
 * taken for today and the past only): GET /sessions/{id} lists the pupils enrolled on the
 * session's date with their marks (HTML and the JSON shape), safety notes only for the school's
 * coordinator and the activity's staff, the priority flag not for staff; POST
 * /sessions/{id}/attendance saves (JSON 200 with the marks, HTML 303 with the flash), the last
 * save wins, "Iedereen aanwezig" marks the rest present; every refusal is 422 and writes
 * nothing (a pupil not enrolled that day, an unknown status, a bad involvement, malformed field
 * names, a cancelled or future session), with the form shown again as sent; another school's
 * coordinator and staff of another provider get 404, a parent 403, a post without its CSRF
 * token 403. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "parent_fixture.h"

#define NOTE "Allergisch voor pinda's"

/* ---- the fixture ----------------------------------------------------------------------------- */

static json_t *activity_json(const char *key, const char *school, const char *title,
                             const char *staff)
{
    const char *provider = !staff ? NULL : !strcmp(staff, "anna") ? "sportpartner" : "muziekschool";
    const struct pf_activity a = {key, school, title, provider, staff, 0, 60, 20};
    return pf_activity_json(&a);
}

/* "YYYY-MM-DDT12:00:00.000" of today + offset (a moment in the load format). */
static const char *stamp(int offset, char out[24])
{
    char day[11];
    snprintf(out, 24, "%sT12:00:00.000", pf_day(offset, day));
    return out;
}

/* Judo (noord, run by anna of Sportpartner) and Koor (noord, run by bert of the Muziekschool)
   meet on today's weekday from two weeks ago: sessions at -14 (Judo's is cancelled), -7, today,
   +7, … Tekenen is zuid's. Sara (priority, with a safety note) and Daan are enrolled in Judo
   since a month, Noor since three days ago (so not on the register of a week ago); Mila is at
   zuid, in Tekenen. */
static json_t *fixture(const char *hash)
{
    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("bert@test.nl", "staff", hash, "staff",
                                              json_string("bert")));
    json_array_append_new(users, fixture_user("ouder@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));

    char month_ago[24], days_ago[24], day[11], vog[11];
    return json_pack(
        "{s:{s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}],"
        " s:[{s:s, s:s, s:b}, {s:s, s:s, s:b}],"
        " s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s}],"
        " s:[o, o, o],"
        " s:[{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:s},"
        "    {s:s, s:s, s:s, s:s, s:s, s:i, s:s},"
        "    {s:s, s:s, s:s, s:s, s:s, s:i, s:s},"
        "    {s:s, s:s, s:s, s:s, s:s, s:i, s:s}],"
        " s:o,"
        " s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s},"
        "    {s:s, s:s, s:s, s:s}],"
        " s:[{s:s, s:s, s:b, s:s}]}",
        "coalition", "name", "Coalitie Testdorp",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po",
        "key", "zuid", "name", "Basisschool Zuid", "kind", "po",
        "providers", "key", "sportpartner", "name", "Sportpartner", "external", 1,
        "key", "muziekschool", "name", "Muziekschool", "external", 1,
        "staff", "key", "anna", "provider", "sportpartner", "name", "Anna de Vries", "level", "vak",
        "vog_date", pf_day(-100, vog),
        "key", "bert", "provider", "muziekschool", "name", "Bert Bakker", "level", "basis",
        "vog_date", pf_day(-100, vog),
        "activities", activity_json("judo", "noord", "Judo", "anna"),
        activity_json("koor", "noord", "Koor", "bert"),
        activity_json("tekenen", "zuid", "Tekenen", NULL),
        "pupils", "key", "sara", "school", "noord", "number", "1001", "first_name", "Sara",
        "last_name", "Bakker", "grade", 6, "class", "6A", "priority", 1, "safety_notes", NOTE,
        "key", "daan", "school", "noord", "number", "1002", "first_name", "Daan", "last_name",
        "de Jong", "grade", 5, "class", "5A",
        "key", "noor", "school", "noord", "number", "1003", "first_name", "Noor", "last_name",
        "Visser", "grade", 7, "class", "7B",
        "key", "mila", "school", "zuid", "number", "2001", "first_name", "Mila", "last_name",
        "Smit", "grade", 4, "class", "4A",
        "users", users,
        "enrolments", "pupil", "sara", "activity", "judo", "status", "enrolled", "created",
        stamp(-30, month_ago),
        "pupil", "daan", "activity", "judo", "status", "enrolled", "created", month_ago,
        "pupil", "noor", "activity", "judo", "status", "enrolled", "created",
        stamp(-3, days_ago),
        "pupil", "mila", "activity", "tekenen", "status", "enrolled", "created", month_ago,
        "sessions", "activity", "judo", "slot", pf_day(-14, day), "cancelled", 1, "reason",
        "Studiedag");
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

/* ---- helpers --------------------------------------------------------------------------------- */

static long long pupil(const char *key)
{
    return id_of("pupils", key);
}

static char *path_of(char buf[64], long long session, const char *suffix)
{
    snprintf(buf, 64, "/sessions/%lld%s", session, suffix);
    return buf;
}

/* A form body built from marks: mark(b, "status", id, "present") appends
   "status%5B<id>%5D=present" (encoded as a browser does). */
struct body {
    char text[2048];
    size_t len;
};

static struct body *mark(struct body *b, const char *field, long long id, const char *value)
{
    char *escaped = client_escape(value);
    b->len += (size_t)snprintf(b->text + b->len, sizeof b->text - b->len, "%s%s%%5B%lld%%5D=%s",
                               b->len ? "&" : "", field, id, escaped);
    free(escaped);
    assert_true(b->len < sizeof b->text);
    return b;
}

static struct body *raw(struct body *b, const char *pair)
{
    b->len += (size_t)snprintf(b->text + b->len, sizeof b->text - b->len, "%s%s",
                               b->len ? "&" : "", pair);
    assert_true(b->len < sizeof b->text);
    return b;
}

/* Changes whenever a mark or an audit row is added or changed. */
#define WRITES                                                                                     \
    "SELECT (SELECT count(*) * 1000000 + coalesce(sum(session_id * 1000 + pupil_id * 10 *"         \
    " length(status) + coalesce(involvement, 0)), 0) FROM attendance) * 100"                      \
    " + (SELECT count(*) FROM audit_log WHERE entity = 'attendance')"

/* The pupil with id in the register's JSON; fails the test when it is not there. */
static json_t *pupil_in(json_t *doc, long long id)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(doc, "pupils"), i, p)
    {
        if (json_integer_value(json_object_get(p, "id")) == id)
            return p;
    }
    char *text = json_dumps(doc, JSON_COMPACT);
    fail_msg("pupil %lld is not on the register: %.1500s", id, text ? text : "?");
    return NULL;
}

/* The mark of a pupil at a session in the database: "present/4", "absent/-", "" for none. */
static void db_mark(long long session, long long pupil_id, char out[32])
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT status, involvement FROM attendance WHERE session_id = %lld"
             " AND pupil_id = %lld",
             session, pupil_id);
    json_t *rows = pf_query(server.db_path, sql);
    assert_non_null(rows);
    json_t *row = json_array_get(rows, 0);
    out[0] = '\0';
    if (row) {
        json_t *involvement = json_object_get(row, "involvement");
        if (json_is_integer(involvement))
            snprintf(out, 32, "%s/%lld", json_string_value(json_object_get(row, "status")),
                     (long long)json_integer_value(involvement));
        else
            snprintf(out, 32, "%s/-", json_string_value(json_object_get(row, "status")));
    }
    json_decref(rows);
}

static void assert_mark(long long session, long long pupil_id, const char *want)
{
    char got[32];
    db_mark(session, pupil_id, got);
    assert_string_equal(got, want);
}

/* POST body as JSON: refused with 422, the message of field (NULL: none asserted) present, and
   nothing written. */
static void refused(struct client *c, long long session, const char *body, const char *field)
{
    long long before = count_of(WRITES);
    char path[64];
    json_t *doc = post_expect(c, path_of(path, session, "/attendance"), body, 422);
    assert_non_null(doc);
    assert_true(strlen(str_of(doc, "error")) > 10);
    if (field) {
        const char *message =
            json_string_value(json_object_get(json_object_get(doc, "fields"), field));
        if (!message || !*message) {
            char *text = json_dumps(doc, JSON_COMPACT);
            fail_msg("no message for '%s' in %.1500s (body %s)", field, text ? text : "?", body);
        }
    }
    json_decref(doc);
    assert_int_equal(count_of(WRITES), before);
}

/* ---- the register ---------------------------------------------------------------------------- */

static void the_register_lists_the_pupils_enrolled_that_day(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char path[64];
    long long today = session_on("judo", 0), week_ago = session_on("judo", -7);

    json_t *doc = get_json(c, path_of(path, today, ""), 200);
    json_t *session = json_object_get(doc, "session");
    assert_int_equal(int_of(session, "id"), today);
    char day[11];
    assert_string_equal(str_of(session, "date"), pf_day(0, day));
    assert_string_equal(str_of(session, "start"), "15:00");
    assert_string_equal(str_of(session, "end"), "16:00");
    assert_true(json_is_false(json_object_get(session, "cancelled")));
    assert_string_equal(str_of(json_object_get(doc, "activity"), "title"), "Judo");
    assert_true(json_is_true(json_object_get(doc, "open")));
    json_t *pupils = json_object_get(doc, "pupils");
    assert_int_equal(json_array_size(pupils), 3);
    /* By first name: Daan, Noor, Sara. */
    assert_string_equal(str_of(json_array_get(pupils, 0), "first_name"), "Daan");
    assert_string_equal(str_of(json_array_get(pupils, 1), "first_name"), "Noor");
    json_t *sara = pupil_in(doc, pupil("sara"));
    assert_string_equal(str_of(sara, "last_name"), "Bakker");
    assert_int_equal(int_of(sara, "grade"), 6);
    assert_string_equal(str_of(sara, "class"), "6A");
    assert_true(json_is_null(json_object_get(sara, "status")));
    assert_true(json_is_null(json_object_get(sara, "involvement")));
    assert_int_equal(int_of(json_object_get(doc, "counts"), "unmarked"), 3);
    json_decref(doc);

    /* A week ago Noor was not enrolled yet. */
    doc = get_json(c, path_of(path, week_ago, ""), 200);
    assert_int_equal(json_array_size(json_object_get(doc, "pupils")), 2);
    json_decref(doc);

    /* The page: a fieldset per pupil, three radio buttons each, the two buttons, the links to
       the evaluation and the incidents. */
    struct response res;
    assert_int_equal(client_get(c, path_of(path, today, ""), false, &res), 0);
    assert_int_equal(res.status, 200);
    char name[64];
    snprintf(name, sizeof name, "name=\"status[%lld]\" value=\"excused\"", pupil("noor"));
    assert_contains(res.body, name);
    snprintf(name, sizeof name, "name=\"involvement[%lld]\"", pupil("daan"));
    assert_contains(res.body, name);
    assert_contains(res.body, "<legend>");
    assert_contains(res.body, "name=\"all_present\" value=\"1\"");
    assert_contains(res.body, "Iedereen aanwezig");
    assert_contains(res.body, "volledig afgehaakt");
    assert_contains(res.body, "volledig opgeslorpt");
    snprintf(name, sizeof name, "href=\"/sessions/%lld/evaluation\"", today);
    assert_contains(res.body, name);
    snprintf(name, sizeof name, "href=\"/sessions/%lld/incidents/new\"", today);
    assert_contains(res.body, name);
    response_free(&res);

    /* A cancelled session shows why and no register; one ahead shows who comes, no form. */
    assert_int_equal(client_get(c, path_of(path, session_on("judo", -14), ""), false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Deze bijeenkomst vervalt");
    assert_contains(res.body, "Studiedag");
    assert_lacks(res.body, "name=\"status[");
    response_free(&res);
    assert_int_equal(client_get(c, path_of(path, session_on("judo", 7), ""), false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "nog niet geweest");
    assert_contains(res.body, "Noor");
    assert_lacks(res.body, "name=\"status[");
    response_free(&res);
    doc = get_json(c, path_of(path, session_on("judo", 7), ""), 200);
    assert_true(json_is_false(json_object_get(doc, "open")));
    assert_true(json_is_true(json_object_get(doc, "future")));
    json_decref(doc);

    /* A session moved to a later hour says so, with the reason. */
    char move[128];
    snprintf(move, sizeof move, "date=%s&start=17%%3A00&end=18%%3A00&reason=Gymzaal+bezet", day);
    json_decref(post_json(c, path_of(path, session_on("koor", 0), ""), move, 200));
    assert_int_equal(client_get(c, path_of(path, session_on("koor", 0), ""), false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "17:00–18:00");
    assert_contains(res.body, "Verplaatst; volgens het rooster was dit");
    assert_contains(res.body, "Reden: Gymzaal bezet.");
    response_free(&res);
    client_free(c);
}

static void safety_notes_only_for_the_coordinator_and_the_activitys_staff(void **state)
{
    (void)state;
    char path[64];
    path_of(path, session_on("judo", 0), "");
    long long sara = pupil("sara");

    struct client *c = logged_in("noord@test.nl");
    json_t *doc = get_json(c, path, 200);
    assert_string_equal(str_of(pupil_in(doc, sara), "safety_notes"), NOTE);
    assert_true(json_is_true(json_object_get(pupil_in(doc, sara), "priority")));
    json_decref(doc);
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "Allergisch voor pinda&#39;s");
    assert_contains(res.body, "doelgroepleerling");
    response_free(&res);
    client_free(c);

    /* The staff who runs Judo sees the note, not the priority flag. */
    c = logged_in("anna@test.nl");
    doc = get_json(c, path, 200);
    assert_string_equal(str_of(pupil_in(doc, sara), "safety_notes"), NOTE);
    assert_null(json_object_get(pupil_in(doc, sara), "priority"));
    json_decref(doc);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_contains(res.body, "Allergisch voor pinda&#39;s");
    assert_lacks(res.body, "doelgroepleerling");
    response_free(&res);
    client_free(c);

    /* The lead sees the register and the flag, not the note. */
    c = logged_in("lead@test.nl");
    doc = get_json(c, path, 200);
    assert_null(json_object_get(pupil_in(doc, sara), "safety_notes"));
    assert_true(json_is_true(json_object_get(pupil_in(doc, sara), "priority")));
    json_decref(doc);
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_lacks(res.body, "pinda");
    response_free(&res);
    client_free(c);
}

static void others_get_404_and_parents_403(void **state)
{
    (void)state;
    long long judo = session_on("judo", 0), koor = session_on("koor", 0);
    char path[64], post_path[64];
    path_of(path, judo, "");
    path_of(post_path, judo, "/attendance");
    struct body b = {0};
    mark(&b, "status", pupil("sara"), "present");
    long long before = count_of(WRITES);

    /* Another school's coordinator, staff of another provider: as if there were no session. */
    const char *strangers[] = {"zuid@test.nl", "bert@test.nl"};
    for (size_t i = 0; i < 2; i++) {
        struct client *c = logged_in(strangers[i]);
        assert_int_equal(get_status(c, path, false), 404);
        assert_int_equal(get_status(c, path, true), 404);
        assert_int_equal(post_status(c, post_path, b.text, true, true), 404);
        assert_int_equal(post_status(c, post_path, b.text, false, true), 404);
        client_free(c);
    }
    /* Bert does see his own Koor; Anna does not. */
    struct client *bert = logged_in("bert@test.nl");
    assert_int_equal(get_status(bert, path_of(path, koor, ""), true), 200);
    client_free(bert);
    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(get_status(anna, path, true), 404);
    assert_int_equal(get_status(anna, "/sessions/999999", true), 404);
    client_free(anna);

    /* A parent: refused by role. */
    struct client *parent = logged_in("ouder@test.nl");
    path_of(path, judo, "");
    assert_int_equal(get_status(parent, path, false), 403);
    assert_int_equal(get_status(parent, path, true), 403);
    assert_int_equal(post_status(parent, post_path, b.text, true, true), 403);
    client_free(parent);

    /* Nobody logged in: not the register. */
    struct client *anonymous = at_login_form();
    assert_true(get_status(anonymous, path, false) != 200);
    assert_true(post_status(anonymous, post_path, b.text, true, true) != 200);
    client_free(anonymous);

    assert_int_equal(count_of(WRITES), before);
}

/* ---- saving ---------------------------------------------------------------------------------- */

static void saving_answers_json_and_the_last_save_wins(void **state)
{
    (void)state;
    long long session = session_on("judo", 0);
    long long sara = pupil("sara"), daan = pupil("daan"), noor = pupil("noor");
    char path[64];
    struct client *c = logged_in("noord@test.nl");
    struct body b = {0};
    mark(mark(mark(&b, "status", sara, "present"), "involvement", sara, "4"), "status", daan,
         "absent");
    json_t *doc = post_json(c, path_of(path, session, "/attendance"), b.text, 200);
    assert_int_equal(int_of(doc, "changed"), 2);
    assert_string_equal(str_of(pupil_in(doc, sara), "status"), "present");
    assert_int_equal(int_of(pupil_in(doc, sara), "involvement"), 4);
    assert_string_equal(str_of(pupil_in(doc, daan), "status"), "absent");
    assert_true(json_is_null(json_object_get(pupil_in(doc, noor), "status")));
    assert_int_equal(int_of(json_object_get(doc, "counts"), "present"), 1);
    json_decref(doc);
    assert_mark(session, sara, "present/4");
    assert_mark(session, daan, "absent/-");
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE entity = 'attendance' AND entity_id = %lld"
             " AND user_id = %lld AND detail LIKE 'aanwezigheid bijgewerkt: 2 leerlingen%%'",
             session, id_of("users", "noord@test.nl"));
    assert_int_equal(count_of(sql), 1);

    /* The staff who runs it corrects Daan: the last save wins, Sara keeps her mark. */
    struct client *anna = logged_in("anna@test.nl");
    struct body again = {0};
    mark(mark(&again, "status", daan, "present"), "involvement", daan, "");
    doc = post_json(anna, path, again.text, 200);
    assert_int_equal(int_of(doc, "changed"), 1);
    json_decref(doc);
    client_free(anna);
    assert_mark(session, daan, "present/-");
    assert_mark(session, sara, "present/4");
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'attendance'"), 2);

    /* A session of last week can be filled in too. */
    struct body past = {0};
    mark(&past, "status", sara, "excused");
    doc = post_json(c, path_of(path, session_on("judo", -7), "/attendance"), past.text, 200);
    json_decref(doc);
    assert_mark(session_on("judo", -7), sara, "excused/-");
    client_free(c);
}

static void saving_the_form_redirects_with_the_flash(void **state)
{
    (void)state;
    long long session = session_on("judo", 0);
    long long sara = pupil("sara"), daan = pupil("daan"), noor = pupil("noor");
    char path[64], register_path[64];
    path_of(register_path, session, "");
    struct client *c = logged_in("noord@test.nl");
    struct body b = {0};
    mark(mark(&b, "status", daan, "absent"), "involvement", sara, "5");
    raw(&b, "all_present=1");
    struct response res;
    post(c, path_of(path, session, "/attendance"), b.text, false, &res);
    assert_int_equal(res.status, 303);
    assert_contains(res.location, register_path);
    response_free(&res);
    /* Everyone present: Daan absent as chosen, the others present, Sara with her score. */
    assert_mark(session, daan, "absent/-");
    assert_mark(session, sara, "present/5");
    assert_mark(session, noor, "present/-");

    assert_int_equal(client_get(c, register_path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Aanwezigheid opgeslagen");
    char checked[96];
    snprintf(checked, sizeof checked, "name=\"status[%lld]\" value=\"absent\" checked", daan);
    assert_contains(res.body, checked);
    snprintf(checked, sizeof checked, "name=\"status[%lld]\" value=\"present\" checked", noor);
    assert_contains(res.body, checked);
    assert_contains(res.body, "<option value=\"5\" selected>");
    response_free(&res);
    client_free(c);
}

/* ---- refusals -------------------------------------------------------------------------------- */

static void each_refusal_is_422_and_writes_nothing(void **state)
{
    (void)state;
    long long today = session_on("judo", 0), week_ago = session_on("judo", -7);
    long long sara = pupil("sara"), daan = pupil("daan"), noor = pupil("noor");
    struct client *c = logged_in("noord@test.nl");
    /* A saved mark first, so that "nothing written" also covers changes. */
    struct body first = {0};
    mark(&first, "status", sara, "present");
    char path[64];
    json_decref(post_json(c, path_of(path, today, "/attendance"), first.text, 200));

    char field[64];
    struct body b;
#define CASE(session, field_name, ...)                                                             \
    do {                                                                                           \
        memset(&b, 0, sizeof b);                                                                   \
        __VA_ARGS__;                                                                               \
        refused(c, session, b.text, field_name);                                                   \
    } while (0)

    /* Noor was not enrolled a week ago; Mila is at another school; nobody has id 999999. Each
       beside a good mark (Sara absent), which is not written either. */
    snprintf(field, sizeof field, "status[%lld]", noor);
    CASE(week_ago, field, mark(mark(&b, "status", sara, "absent"), "status", noor, "present"));
    snprintf(field, sizeof field, "status[%lld]", pupil("mila"));
    CASE(today, field, mark(mark(&b, "status", sara, "absent"), "status", pupil("mila"), "present"));
    CASE(today, "status[999999]", mark(&b, "status", 999999, "present"));
    /* Unknown statuses. */
    snprintf(field, sizeof field, "status[%lld]", daan);
    CASE(today, field, mark(mark(&b, "status", sara, "absent"), "status", daan, "late"));
    CASE(today, field, mark(&b, "status", daan, "<script>alert(1)</script>"));
    CASE(today, field, mark(&b, "status", daan, "present "));
    /* Involvement outside 1–5, not a number, without a status, for an absent pupil. */
    snprintf(field, sizeof field, "involvement[%lld]", daan);
    CASE(today, field, mark(mark(&b, "status", daan, "present"), "involvement", daan, "6"));
    CASE(today, field, mark(mark(&b, "status", daan, "present"), "involvement", daan, "0"));
    CASE(today, field, mark(mark(&b, "status", daan, "present"), "involvement", daan, "-1"));
    CASE(today, field, mark(mark(&b, "status", daan, "present"), "involvement", daan, "3.0"));
    CASE(today, field, mark(mark(&b, "status", daan, "present"), "involvement", daan, "veel"));
    CASE(today, field, mark(&b, "involvement", daan, "3"));
    CASE(today, field, mark(mark(&b, "status", daan, "absent"), "involvement", daan, "3"));
    /* Field names of the register without a well-formed pupil id. */
    CASE(today, "status[0]", raw(&b, "status%5B0%5D=present"));
    CASE(today, "status[abc]", raw(&b, "status%5Babc%5D=present"));
    CASE(today, "status[012]", raw(&b, "status%5B012%5D=present"));
    CASE(today, "status[1", raw(&b, "status%5B1=present"));
    CASE(today, "involvement[99999999999999999999]",
         raw(&b, "involvement%5B99999999999999999999%5D=3"));
    /* A cancelled session and one ahead: the whole post is refused. */
    CASE(session_on("judo", -14), NULL, mark(&b, "status", sara, "absent"));
    CASE(session_on("judo", 7), NULL, mark(&b, "status", sara, "absent"));
    CASE(session_on("judo", 7), NULL, raw(&b, "all_present=1"));
#undef CASE
    assert_mark(today, sara, "present/-");
    assert_mark(today, daan, "");

    /* The form comes back as sent, with the message at the pupil and in the summary. */
    struct body form = {0};
    mark(mark(mark(&form, "status", sara, "absent"), "status", daan, "present"), "involvement",
         daan, "9");
    struct response res;
    long long before = count_of(WRITES);
    post(c, path_of(path, today, "/attendance"), form.text, false, &res);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "De aanwezigheid is niet opgeslagen");
    assert_contains(res.body, "Kies een betrokkenheid van 1 tot en met 5.");
    char html[96];
    snprintf(html, sizeof html, "name=\"status[%lld]\" value=\"absent\" checked", sara);
    assert_contains(res.body, html);
    snprintf(html, sizeof html, "name=\"status[%lld]\" value=\"present\" checked", daan);
    assert_contains(res.body, html);
    snprintf(html, sizeof html, "href=\"#i-%lld\"", daan);
    assert_contains(res.body, html);
    snprintf(html, sizeof html, "id=\"i-%lld\" name=\"involvement[%lld]\" aria-invalid=\"true\"",
             daan, daan);
    assert_contains(res.body, html);
    response_free(&res);
    /* Hostile text is not echoed raw. */
    struct body hostile = {0};
    mark(&hostile, "status", daan, "<script>alert(1)</script>");
    post(c, path, hostile.text, false, &res);
    assert_int_equal(res.status, 422);
    assert_lacks(res.body, "<script>alert(1)");
    response_free(&res);
    assert_int_equal(count_of(WRITES), before);
    client_free(c);
}

static void posts_without_csrf_are_403(void **state)
{
    (void)state;
    long long session = session_on("judo", 0);
    char path[64];
    path_of(path, session, "/attendance");
    struct body b = {0};
    mark(&b, "status", pupil("sara"), "present");
    long long before = count_of(WRITES);
    struct client *c = logged_in("noord@test.nl");
    assert_int_equal(post_status(c, path, b.text, false, false), 403);
    assert_int_equal(post_status(c, path, b.text, true, false), 403);
    raw(&b, "csrf=0000000000000000000000000000000000000000000000000000000000000000");
    assert_int_equal(post_status(c, path, b.text, true, false), 403);
    client_free(c);
    assert_int_equal(count_of(WRITES), before);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(the_register_lists_the_pupils_enrolled_that_day),
        T(safety_notes_only_for_the_coordinator_and_the_activitys_staff),
        T(others_get_404_and_parents_403),
        T(saving_answers_json_and_the_last_save_wins),
        T(saving_the_form_redirects_with_the_flash),
        T(each_refusal_is_422_and_writes_nothing),
        T(posts_without_csrf_are_403),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
