/* HTTP tests of the start page and the lists of issue 4 against the real daemon, with a fixture
 * generated at start whose sessions fall on today's weekday (3 weeks ago … 4 weeks ahead):
 * "Vandaag" per role (the coordinator's own school, the staff member's own activities, the
 * lead's count; one link to each register, whether attendance was taken, a cancelled session
 * without a link); the absence follow-up on the coordinator's start page (three absences in a
 * row flag; an excused mark between does not; an unmarked session is skipped; a signed-off
 * pupil is not flagged; another school's coordinator sees nothing); /staff (levels, the VOG,
 * the warnings for sessions without a valid VOG by the rule of staff_overview.c, per scope;
 * 403 for staff and parents); the attendance list /activities/{id}/attendance (held sessions
 * only, pupils with marks or enrolled, totals, the HTML page and the CSV for Excel with its BOM,
 * separator, header and guard against formulas; 404 outside the scope, 403 for a parent, 400 for
 * an unknown format). The tests only read, so one daemon serves them all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "htmlform.h"
#include "parent_fixture.h"

/* The sessions of every activity: today's weekday from FIRST to LAST days from today. */
#define FIRST (-21)
#define LAST 30

/* ---- the fixture ----------------------------------------------------------------------------- */

static json_t *activity(const char *key, const char *school, const char *title,
                        const char *provider, const char *staff)
{
    char from[11], until[11];
    return json_pack("{s:s, s:s, s:s, s:[s], s:s, s:s, s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s,"
                     " s:[s]}",
                     "key", key, "school", school, "title", title, "domains", "sport", "goal",
                     "Samen", "provider", provider, "grades", 1, 8, "capacity", 20, "weekday",
                     pf_weekday(0), "start", "15:00", "end", "16:00", "from",
                     pf_day(FIRST, from), "until", pf_day(LAST, until), "staff", staff);
}

static json_t *staff(const char *key, const char *provider, const char *name, const char *level,
                     const char *vog_date)
{
    json_t *s = json_pack("{s:s, s:s, s:s, s:s}", "key", key, "provider", provider, "name", name,
                          "level", level);
    if (vog_date)
        json_object_set_new(s, "vog_date", json_string(vog_date));
    return s;
}

static json_t *pupil(const char *key, const char *school, const char *number,
                     const char *first_name, const char *last_name)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "key", key, "school", school,
                     "number", number, "first_name", first_name, "last_name", last_name,
                     "grade", 6, "class", "6A");
}

/* Marks of pupil at activity's sessions FIRST, FIRST + 7, …: one letter per week, P, A, E or
   '.' for none. */
static void marks(json_t *list, const char *activity_key, const char *pupil_key,
                  const char *letters)
{
    for (int i = 0; letters[i]; i++) {
        const char *status = letters[i] == 'P'   ? "present"
                             : letters[i] == 'A' ? "absent"
                             : letters[i] == 'E' ? "excused"
                                                 : NULL;
        if (!status)
            continue;
        char date[11];
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "activity", activity_key,
                                              "date", pf_day(FIRST + 7 * i, date), "pupil",
                                              pupil_key, "status", status));
    }
}

/* The whole load document. Staff: anna (valid VOG), bert (none), carla (expired), dirk (the
   school's own team, none: no VOG needed), erik (valid until 9 days from now), fenna (dated 10
   days ago, after two of her sessions). New reference. */
static json_t *fixture(const char *hash)
{
    char d_anna[11], d_carla[11], d_erik[11], d_fenna[11], slot[11], today[11];
    struct tm erik = pf_tm(10);
    erik.tm_year -= 3; /* valid for 3 years up to the day before: until 9 days from now */
    mktime(&erik);
    strftime(d_erik, sizeof d_erik, "%Y-%m-%d", &erik);
    struct tm carla = pf_tm(-30);
    carla.tm_year -= 4;
    mktime(&carla);
    strftime(d_carla, sizeof d_carla, "%Y-%m-%d", &carla);

    json_t *staff_list = json_array();
    json_array_append_new(staff_list, staff("anna", "sport", "Anna de Vries", "vak",
                                            pf_day(-100, d_anna)));
    json_array_append_new(staff_list, staff("bert", "sport", "Bert Bakker", "start", NULL));
    json_array_append_new(staff_list, staff("carla", "sport", "Carla Cremer", "basis", d_carla));
    json_array_append_new(staff_list, staff("dirk", "eigen", "Dirk Dekker", "basis", NULL));
    json_array_append_new(staff_list, staff("erik", "sport", "Erik Evers", "vak", d_erik));
    json_array_append_new(staff_list, staff("fenna", "sport", "Fenna Fok", "vak",
                                            pf_day(-10, d_fenna)));

    json_t *activities = json_array();
    json_array_append_new(activities, activity("judo", "noord", "Judo", "sport", "anna"));
    json_array_append_new(activities, activity("dans", "noord", "Dans", "sport", "bert"));
    json_array_append_new(activities, activity("koor", "zuid", "Koor", "sport", "carla"));
    json_array_append_new(activities, activity("tekenen", "noord", "Tekenen", "eigen", "dirk"));
    json_array_append_new(activities, activity("schaak", "noord", "Schaak", "sport", "erik"));
    json_array_append_new(activities, activity("muziek", "noord", "Muziek", "sport", "fenna"));

    json_t *pupils = json_array();
    json_array_append_new(pupils, pupil("sara", "noord", "1", "Sara", "Bakker"));
    json_array_append_new(pupils, pupil("daan", "noord", "2", "Daan", "Claes"));
    json_array_append_new(pupils, pupil("noor", "noord", "3", "Noor", "Dijk"));
    json_array_append_new(pupils, pupil("max", "noord", "4", "Max", "Evers"));
    json_array_append_new(pupils, pupil("lisa", "noord", "5", "Lisa", "Aarts"));
    json_array_append_new(pupils, pupil("olaf", "noord", "6", "Olaf", "=cmd|' /C calc'!A0"));
    json_array_append_new(pupils, pupil("mila", "zuid", "7", "Mila", "Zuidema"));

    json_t *enrolments = json_array();
    const char *judo[] = {"sara", "daan", "noor", "max"};
    for (size_t i = 0; i < 4; i++)
        json_array_append_new(enrolments, json_pack("{s:s, s:s, s:s}", "pupil", judo[i],
                                                     "activity", "judo", "status", "enrolled"));
    json_array_append_new(enrolments, json_pack("{s:s, s:s, s:s}", "pupil", "lisa", "activity",
                                                "judo", "status", "cancelled"));
    json_array_append_new(enrolments, json_pack("{s:s, s:s, s:s}", "pupil", "olaf", "activity",
                                                "dans", "status", "enrolled"));
    json_array_append_new(enrolments, json_pack("{s:s, s:s, s:s}", "pupil", "mila", "activity",
                                                "koor", "status", "enrolled"));

    /* Judo's held sessions are weeks 0–3 (3 weeks ago … today). */
    json_t *attendance = json_array();
    marks(attendance, "judo", "sara", "PAAA"); /* three in a row: flagged */
    marks(attendance, "judo", "daan", "AAEA"); /* excused between: not flagged */
    marks(attendance, "judo", "noor", "AAA."); /* today not marked: skipped, flagged */
    marks(attendance, "judo", "max", ".AA");   /* two: not flagged */
    marks(attendance, "judo", "lisa", "AAA");  /* signed off: not flagged, still on the list */
    marks(attendance, "dans", "olaf", "A.A");  /* week 1 is cancelled (below) */
    marks(attendance, "koor", "mila", "PAAA"); /* zuid: not noord's business */

    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("bert@test.nl", "staff", hash, "staff",
                                              json_string("bert")));
    json_array_append_new(users, fixture_user("ouder@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));

    return json_pack(
        "{s:{s:s}, s:[{s:s, s:s}, {s:s, s:s}], s:[{s:s, s:s, s:b}, {s:s, s:s, s:b}], s:o,"
        " s:o, s:[{s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}], s:o, s:o, s:o, s:o}",
        "coalition", "name", "Coalitie Testdorp", "schools", "key", "noord", "name",
        "Basisschool Noord", "key", "zuid", "name", "Basisschool Zuid", "providers", "key",
        "sport", "name", "Sportpartner", "external", 1, "key", "eigen", "name", "Eigen team",
        "external", 0, "staff", staff_list, "activities", activities, "sessions", "activity",
        "dans", "slot", pf_day(FIRST + 7, slot), "cancelled", 1, "reason", "Studiedag",
        "activity", "tekenen", "slot", pf_day(0, today), "cancelled", 1, "reason", "Ziek",
        "pupils", pupils, "enrolments", enrolments, "attendance", attendance, "users", users);
}

static int group_setup(void **state)
{
    if (use_generated_fixture(fixture))
        return -1;
    return start(state);
}

static int group_teardown(void **state)
{
    int rc = stop(state);
    remove_fixture(state);
    return rc;
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* The member of list whose integer key equals id, or NULL. Borrowed. */
static json_t *find_by(json_t *list, const char *key, long long id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if (json_integer_value(json_object_get(item, key)) == id)
            return item;
    }
    return NULL;
}

/* GET path as HTML; the body (caller frees) after asserting status. */
static char *get_html(struct client *c, const char *path, long status)
{
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, status);
    char *body = strdup(res.body);
    response_free(&res);
    return body;
}

/* The first day of the school year (1 August) today is in, "YYYY-MM-DD". */
static const char *school_year_from(char out[11])
{
    struct tm tm = pf_tm(0);
    int year = (tm.tm_year + 1900 - (tm.tm_mon + 1 < 8)) % 10000;
    snprintf(out, 11, "%04d-08-01", year < 0 ? 0 : year);
    return out;
}

/* How many of the weekly sessions FIRST … LAST at offsets [from, to] fall in the school year
   (the warnings count from its start). */
static long long weeks_in_year(int from, int to)
{
    char start[11], date[11];
    school_year_from(start);
    long long n = 0;
    for (int d = FIRST; d <= LAST; d += 7)
        if (d >= from && d <= to && strcmp(pf_day(d, date), start) >= 0)
            n++;
    return n;
}

/* ---- Vandaag ----------------------------------------------------------------------------------- */

static void today_for_the_coordinator(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_t *home = get_json(c, "/", 200);
    json_t *today = json_object_get(home, "today");
    long long judo = session_on("judo", 0), dans = session_on("dans", 0),
              tekenen = session_on("tekenen", 0), koor = session_on("koor", 0);
    /* Judo, Dans, Muziek, Schaak and the cancelled Tekenen; not zuid's Koor. */
    assert_int_equal(json_array_size(today), 5);
    assert_null(find_by(today, "id", koor));
    assert_true(json_is_true(json_object_get(find_by(today, "id", judo), "attendance_taken")));
    assert_true(json_is_false(json_object_get(find_by(today, "id", dans), "attendance_taken")));
    assert_true(json_is_true(json_object_get(find_by(today, "id", tekenen), "cancelled")));
    /* The coming days start tomorrow. */
    char tomorrow[11];
    pf_day(1, tomorrow);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(home, "upcoming"), i, s)
    assert_true(strcmp(str_of(s, "date"), tomorrow) >= 0);
    json_decref(home);

    char *html = get_html(c, "/", 200);
    char link[64];
    snprintf(link, sizeof link, "href=\"/sessions/%lld\"", judo);
    assert_contains(html, link);
    assert_contains(html, "presentie genomen");
    assert_contains(html, "nog geen presentie");
    snprintf(link, sizeof link, "href=\"/sessions/%lld\"", tekenen);
    assert_lacks(html, link); /* cancelled: no register */
    free(html);
    client_free(c);
}

static void today_for_staff_and_lead(void **state)
{
    (void)state;
    struct client *anna = logged_in("anna@test.nl");
    json_t *home = get_json(anna, "/", 200);
    json_t *today = json_object_get(home, "today");
    assert_int_equal(json_array_size(today), 1);
    assert_int_equal(int_of(json_array_get(today, 0), "id"), session_on("judo", 0));
    assert_null(json_object_get(home, "absences")); /* the follow-up is the coordinator's */
    json_decref(home);
    client_free(anna);

    struct client *lead = logged_in("lead@test.nl");
    home = get_json(lead, "/", 200);
    assert_null(json_object_get(home, "today"));
    json_t *counts = json_object_get(home, "today_counts");
    assert_int_equal(int_of(counts, "sessions"), 5); /* six today, Tekenen cancelled */
    assert_int_equal(int_of(counts, "registered"), 2); /* Judo and Koor have marks today */
    json_decref(home);
    char *html = get_html(lead, "/", 200);
    assert_contains(html, "5 bijeenkomsten vandaag");
    free(html);
    client_free(lead);
}

/* ---- the absence follow-up ---------------------------------------------------------------------- */

static void absences_on_the_coordinators_start_page(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_t *home = get_json(c, "/", 200);
    json_t *absences = json_object_get(home, "absences");
    /* Sara (P A A A) and Noor (A A A, today unmarked); not Daan (excused between), Max (two),
       Lisa (signed off), Olaf (the cancelled session between is no session: A A, two). */
    assert_int_equal(json_array_size(absences), 2);
    json_t *sara = find_by(absences, "pupil_id", id_of("pupils", "sara"));
    json_t *noor = find_by(absences, "pupil_id", id_of("pupils", "noor"));
    assert_non_null(sara);
    assert_non_null(noor);
    assert_int_equal(int_of(sara, "activity_id"), id_of("activities", "judo"));
    assert_int_equal(int_of(sara, "absences"), 3);
    char date[11];
    assert_string_equal(json_string_value(json_array_get(json_object_get(sara, "dates"), 0)),
                        pf_day(0, date));
    assert_string_equal(json_string_value(json_array_get(json_object_get(noor, "dates"), 0)),
                        pf_day(-7, date));
    json_decref(home);
    char *html = get_html(c, "/", 200);
    char link[64];
    snprintf(link, sizeof link, "href=\"/pupils/%lld\"", id_of("pupils", "sara"));
    assert_contains(html, link);
    assert_contains(html, "3 keer op rij");
    free(html);
    client_free(c);

    struct client *zuid = logged_in("zuid@test.nl");
    home = get_json(zuid, "/", 200);
    absences = json_object_get(home, "absences");
    assert_int_equal(json_array_size(absences), 1); /* Mila, zuid's own */
    assert_int_equal(int_of(json_array_get(absences, 0), "pupil_id"), id_of("pupils", "mila"));
    json_decref(home);
    client_free(zuid);
}

/* The follow-up page of a pupil in an activity: its path, with extra query text. */
static const char *followup_path(const char *pupil_key, const char *activity_key,
                                 const char *extra, char *out, size_t size)
{
    snprintf(out, size, "/pupils/%lld/followup?activity=%lld%s", id_of("pupils", pupil_key),
             id_of("activities", activity_key), extra);
    return out;
}

/* Issue 10 point 6: the coordinator notes what was done; the case leaves the start page (until
   a new absence), the page says how to reach the family; refusals keep the note typed. */
static void absence_followup_is_noted_and_leaves_the_list(void **state)
{
    (void)state;
    char page[128], action[64], bad[128];
    followup_path("sara", "judo", "", page, sizeof page);
    snprintf(action, sizeof action, "/pupils/%lld/followup", id_of("pupils", "sara"));
    /* Another school's coordinator, a staff member, a parent: not theirs. */
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, page, false), 404);
    assert_int_equal(post_status(zuid, action, "note=x", false, true), 404);
    client_free(zuid);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, page, false), 403);
    client_free(parent);
    /* No such case: another activity, a bad or missing activity. */
    struct client *c = logged_in("noord@test.nl");
    assert_int_equal(get_status(c, followup_path("sara", "dans", "", bad, sizeof bad), false),
                     404);
    assert_int_equal(get_status(c, followup_path("sara", "judo", "x", bad, sizeof bad), false),
                     404);
    snprintf(bad, sizeof bad, "/pupils/%lld/followup", id_of("pupils", "sara"));
    assert_int_equal(get_status(c, bad, false), 404);
    /* The page: the absences and how to reach the family. */
    char *html = get_html(c, page, 200);
    assert_contains(html, "Zo bereikt u de ouders");
    assert_contains(html, "mailto:ouder@test.nl");
    free(html);
    html = get_html(c, "/", 200);
    assert_contains(html, "mailto:ouder@test.nl");
    free(html);
    /* Refused: no note; a note too long (kept); a stale date (a newer absence came). */
    struct response res;
    submit_form(c, page, action, &res, "note", "  ", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Schrijf op wat er is gedaan");
    response_free(&res);
    char note[620];
    memset(note, 'x', 501);
    snprintf(note + 501, sizeof note - 501, "%s", "-bewaard");
    submit_form(c, page, action, &res, "note", note, NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "x-bewaard</textarea>");
    response_free(&res);
    char day[11];
    submit_form(c, page, action, &res, "note", "Vader gebeld", "through", pf_day(-7, day), NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "nieuwe afwezigheid");
    assert_contains(res.body, "Vader gebeld</textarea>");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM followup_handled"), 0);
    /* Noted: back to the start page, where Sara's case is gone and Noor's stays. */
    submit_form(c, page, action, &res, "note", "Vader gebeld: Sara was ziek.", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/");
    response_free(&res);
    json_t *home = get_json(c, "/", 200);
    json_t *absences = json_object_get(home, "absences");
    assert_int_equal(json_array_size(absences), 1);
    assert_int_equal(int_of(json_array_get(absences, 0), "pupil_id"), id_of("pupils", "noor"));
    json_decref(home);
    html = get_html(c, page, 200);
    assert_contains(html, "Eerder opgevolgd");
    assert_contains(html, "Vader gebeld: Sara was ziek.");
    free(html);
    client_free(c);
}

/* ---- /staff ------------------------------------------------------------------------------------- */

/* The warning of staff_key on activity_key in the /staff JSON of c, or NULL. Borrowed from
   doc. */
static json_t *warning(json_t *doc, const char *staff_key, const char *activity_key)
{
    long long staff_id = id_of("staff", staff_key), activity_id = id_of("activities", activity_key);
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(doc, "warnings"), i, w)
    {
        if (int_of(w, "staff_id") == staff_id && int_of(w, "activity_id") == activity_id)
            return w;
    }
    return NULL;
}

/* The staff member staff_key in the providers of the /staff JSON, or NULL. Borrowed. */
static json_t *staff_in(json_t *doc, const char *staff_key)
{
    long long id = id_of("staff", staff_key);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(doc, "providers"), i, p)
    {
        json_t *s = find_by(json_object_get(p, "staff"), "id", id);
        if (s)
            return s;
    }
    return NULL;
}

static void staff_overview_for_the_lead(void **state)
{
    (void)state;
    struct client *c = logged_in("lead@test.nl");
    json_t *doc = get_json(c, "/staff", 200);
    /* Levels and the VOG of each. */
    assert_string_equal(str_of(staff_in(doc, "anna"), "level_label"), "vakbekwaam");
    assert_true(json_is_true(json_object_get(staff_in(doc, "anna"), "vog_valid")));
    assert_true(json_is_true(json_object_get(staff_in(doc, "bert"), "vog_problem")));
    assert_string_equal(str_of(staff_in(doc, "carla"), "vog_status"), "verlopen");
    assert_true(json_is_false(json_object_get(staff_in(doc, "dirk"), "vog_problem")));
    assert_true(json_is_true(json_object_get(staff_in(doc, "erik"), "vog_valid")));
    assert_int_equal(int_of(json_object_get(doc, "counts"), "staff"), 6);
    assert_int_equal(int_of(json_object_get(doc, "counts"), "vog_problems"), 2);

    /* Warnings: Bert (none) on every Dans session but the cancelled one; Carla (expired) on
       Koor; Erik on the Schaak sessions after his VOG runs out (2, 3 and 4 weeks ahead);
       Fenna on the two Muziek sessions before her VOG's date. Not Anna, not Dirk. */
    json_t *bert = warning(doc, "bert", "dans");
    assert_non_null(bert);
    assert_int_equal(int_of(bert, "held"), weeks_in_year(FIRST, 0) - (weeks_in_year(FIRST + 7,
                                                                                     FIRST + 7)));
    assert_int_equal(int_of(bert, "coming"), weeks_in_year(1, LAST));
    char date[11];
    assert_string_equal(str_of(bert, "next_date"), pf_day(7, date));
    assert_non_null(warning(doc, "carla", "koor"));
    json_t *erik = warning(doc, "erik", "schaak");
    assert_non_null(erik);
    assert_int_equal(int_of(erik, "held"), 0);
    assert_int_equal(int_of(erik, "coming"), 3);
    assert_string_equal(str_of(erik, "next_date"), pf_day(14, date));
    if (weeks_in_year(FIRST, FIRST + 7) == 2) { /* not in the first weeks of August */
        json_t *fenna = warning(doc, "fenna", "muziek");
        assert_non_null(fenna);
        assert_int_equal(int_of(fenna, "held"), 2);
        assert_int_equal(int_of(fenna, "coming"), 0);
    }
    assert_null(warning(doc, "anna", "judo"));
    assert_null(warning(doc, "dirk", "tekenen"));
    json_decref(doc);

    char *html = get_html(c, "/staff", 200);
    assert_contains(html, "Bert Bakker");
    assert_contains(html, "Bijeenkomsten zonder geldige VOG");
    free(html);

    /* The start page's notice: sessions from today on without a valid VOG, every school:
       Dans 5 (today and 4 ahead), Koor 5, Schaak 3. */
    json_t *home = get_json(c, "/", 200);
    assert_int_equal(int_of(json_object_get(home, "vog_warning"), "sessions"), 13);
    json_decref(home);
    client_free(c);
}

static void staff_overview_in_scope(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    json_t *doc = get_json(c, "/staff", 200);
    assert_non_null(warning(doc, "bert", "dans"));
    assert_null(warning(doc, "carla", "koor")); /* zuid's activity */
    assert_non_null(staff_in(doc, "carla"));     /* the staff list is the coalition's */
    json_decref(doc);
    json_t *home = get_json(c, "/", 200);
    assert_int_equal(int_of(json_object_get(home, "vog_warning"), "sessions"), 8);
    json_decref(home);
    client_free(c);

    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(get_status(anna, "/staff", true), 403);
    assert_int_equal(get_status(anna, "/staff", false), 403);
    client_free(anna);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, "/staff", true), 403);
    client_free(parent);
    struct client *nobody = at_login_form();
    assert_int_equal(get_status(nobody, "/staff", true), 401);
    client_free(nobody);
}

/* ---- the attendance list ------------------------------------------------------------------------ */

static char *path_of(const char *activity_key, const char *query)
{
    char *path = malloc(96);
    assert_non_null(path);
    snprintf(path, 96, "/activities/%lld/attendance%s", id_of("activities", activity_key),
             query);
    return path;
}

static void attendance_list_json(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char *path = path_of("judo", "");
    json_t *doc = get_json(c, path, 200);
    /* Held sessions only: 3 weeks ago … today, not the coming ones. */
    json_t *sessions = json_object_get(doc, "sessions");
    assert_int_equal(json_array_size(sessions), 4);
    char date[11];
    assert_string_equal(str_of(json_array_get(sessions, 0), "date"), pf_day(FIRST, date));
    assert_string_equal(str_of(json_array_get(sessions, 3), "date"), pf_day(0, date));
    /* Pupils by last name: Aarts (signed off, with marks), Bakker, Claes, Dijk, Evers. */
    json_t *pupils = json_object_get(doc, "pupils");
    assert_int_equal(json_array_size(pupils), 5);
    const char *order[] = {"Aarts", "Bakker", "Claes", "Dijk", "Evers"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(str_of(json_array_get(pupils, i), "last_name"), order[i]);
    json_t *sara = json_array_get(pupils, 1);
    json_t *sara_marks = json_object_get(sara, "marks");
    assert_string_equal(json_string_value(json_array_get(sara_marks, 0)), "present");
    assert_string_equal(json_string_value(json_array_get(sara_marks, 3)), "absent");
    assert_int_equal(int_of(sara, "present"), 1);
    assert_int_equal(int_of(sara, "absent"), 3);
    assert_int_equal(int_of(sara, "excused"), 0);
    json_t *noor = json_array_get(pupils, 3);
    assert_true(json_is_null(json_array_get(json_object_get(noor, "marks"), 3)));
    assert_null(json_object_get(sara, "cells")); /* HTML only */
    /* Per session: week 2 has Sara, Noor, Max, Lisa absent and Daan excused. */
    json_t *week2 = json_array_get(sessions, 2);
    assert_int_equal(int_of(week2, "absent"), 4);
    assert_int_equal(int_of(week2, "excused"), 1);
    assert_int_equal(int_of(week2, "present"), 0);
    json_t *totals = json_object_get(doc, "totals");
    assert_int_equal(int_of(totals, "present"), 1);
    assert_int_equal(int_of(totals, "excused"), 1);
    assert_int_equal(int_of(totals, "absent"), 14);
    assert_true(json_is_true(json_object_get(doc, "link_pupils")));
    json_decref(doc);
    free(path);

    /* A cancelled session is not on the list. */
    path = path_of("dans", "");
    doc = get_json(c, path, 200);
    assert_int_equal(json_array_size(json_object_get(doc, "sessions")), 3);
    json_decref(doc);
    free(path);
    client_free(c);
}

static void attendance_list_html(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char *path = path_of("judo", "");
    char *html = get_html(c, path, 200);
    assert_contains(html, "Presentielijst Judo");
    assert_contains(html, "class=\"attendance-list\"");
    assert_contains(html, "?format=csv");
    /* The signs and their legend; no P/A letters in the cells. */
    assert_contains(html, "<strong>\u2713</strong> = aanwezig, <strong>\u2717</strong> = afwezig,"
                          " <strong>V</strong> = afgemeld");
    assert_contains(html, "<span aria-hidden=\"true\">\u2717</span><span class=\"visually-hidden\">afwezig</span></td>");
    assert_lacks(html, "<span aria-hidden=\"true\">P</span>");
    /* The choice of a blank list offers the sessions to come (today's too), not the past. */
    char option[64];
    snprintf(option, sizeof option, "<option value=\"%lld\">", session_on("judo", 7));
    assert_contains(html, option);
    snprintf(option, sizeof option, "<option value=\"%lld\">", session_on("judo", 0));
    assert_contains(html, option);
    snprintf(option, sizeof option, "<option value=\"%lld\">", session_on("judo", -7));
    assert_lacks(html, option);
    assert_contains(html, "name=\"blank\"");
    assert_lacks(html, "<title>Fout"); /* no error, no "Fout: " */
    char link[64];
    snprintf(link, sizeof link, "href=\"/pupils/%lld\"", id_of("pupils", "sara"));
    assert_contains(html, link);
    free(html);
    free(path);
    /* The activity's page links to it. */
    char show[64];
    snprintf(show, sizeof show, "/activities/%lld", id_of("activities", "judo"));
    html = get_html(c, show, 200);
    snprintf(link, sizeof link, "href=\"/activities/%lld/attendance\"", id_of("activities", "judo"));
    assert_contains(html, link);
    free(html);
    /* A hostile name is escaped. */
    path = path_of("dans", "");
    html = get_html(c, path, 200);
    assert_contains(html, "=cmd|&#39; /C calc&#39;!A0");
    free(html);
    free(path);
    client_free(c);
}

static void attendance_list_csv(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char *path = path_of("judo", "?format=csv");
    struct response res;
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_string_equal(res.content_type, "text/csv; charset=utf-8");
    assert_contains(res.headers, "Content-Disposition: attachment; filename=\"presentielijst-judo.csv\"");
    assert_int_equal(memcmp(res.body, "\xEF\xBB\xBF", 3), 0);
    char header[256], date0[11], date3[11];
    snprintf(header, sizeof header, "\xEF\xBB\xBF" "Achternaam;Voornaam;Groep;Klas;%s;", pf_day(FIRST, date0));
    assert_int_equal(strncmp(res.body, header, strlen(header)), 0);
    snprintf(header, sizeof header, ";%s;Aanwezig;Afwezig;Afgemeld\r\n", pf_day(0, date3));
    assert_contains(res.body, header);
    /* ✓ aanwezig, ✗ afwezig, V afgemeld (issue 10: not P and A, which a Dutch reader can take
       for aanwezig/afwezig either way). */
    assert_contains(res.body, "\r\nBakker;Sara;6;6A;\u2713;\u2717;\u2717;\u2717;1;3;0\r\n");
    assert_contains(res.body, "\r\nDijk;Noor;6;6A;\u2717;\u2717;\u2717;;0;3;0\r\n");
    assert_contains(res.body, "\r\nClaes;Daan;6;6A;\u2717;\u2717;V;\u2717;0;3;1\r\n");
    assert_contains(res.body, "\r\nAanwezig per bijeenkomst;;;;1;0;0;0\r\n");
    response_free(&res);
    free(path);

    /* A name that looks like a formula is not run by Excel. */
    path = path_of("dans", "?format=csv");
    assert_int_equal(client_get(c, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "\r\n'=cmd|' /C calc'!A0;Olaf;");
    response_free(&res);
    free(path);
    client_free(c);
}

static void attendance_list_access(void **state)
{
    (void)state;
    char *judo = path_of("judo", ""), *judo_csv = path_of("judo", "?format=csv"),
         *dans = path_of("dans", "");
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, judo, true), 404);
    assert_int_equal(get_status(zuid, judo, false), 404);
    assert_int_equal(get_status(zuid, judo_csv, false), 404);
    client_free(zuid);

    struct client *anna = logged_in("anna@test.nl"); /* runs Judo, not Dans */
    json_t *doc = get_json(anna, judo, 200);
    assert_true(json_is_false(json_object_get(doc, "link_pupils")));
    json_decref(doc);
    assert_int_equal(get_status(anna, judo_csv, false), 200);
    assert_int_equal(get_status(anna, dans, true), 404);
    client_free(anna);

    struct client *bert = logged_in("bert@test.nl");
    assert_int_equal(get_status(bert, judo, true), 404);
    assert_int_equal(get_status(bert, dans, true), 200);
    client_free(bert);

    struct client *lead = logged_in("lead@test.nl");
    assert_int_equal(get_status(lead, judo, true), 200);
    assert_int_equal(get_status(lead, "/activities/999999/attendance", true), 404);
    char *bad = path_of("judo", "?format=xls");
    assert_int_equal(get_status(lead, bad, true), 400);
    free(bad);
    client_free(lead);

    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, judo, true), 403);
    assert_int_equal(get_status(parent, judo_csv, false), 403);
    client_free(parent);
    struct client *nobody = at_login_form();
    assert_int_equal(get_status(nobody, judo, true), 401);
    client_free(nobody);
    free(judo);
    free(judo_csv);
    free(dans);
}

/* path_of with ?blank=SESSION of the activity's session offset days from today. Caller frees. */
static char *blank_path(const char *activity_key, const char *session_activity, int offset)
{
    char query[48];
    snprintf(query, sizeof query, "?blank=%lld", session_on(session_activity, offset));
    return path_of(activity_key, query);
}

static void blank_list_for_a_session_to_come(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    char *path = blank_path("judo", "judo", 7);
    char *html = get_html(c, path, 200);
    assert_contains(html, "class=\"attendance-blank\"");
    assert_contains(html, "\u2713 aanwezig</th>");
    assert_contains(html, "\u2717 afwezig</th>");
    assert_contains(html, "V afgemeld</th>");
    assert_contains(html, "Bakker, Sara");
    assert_contains(html, "Evers, Max");
    assert_lacks(html, "Aarts"); /* signed off: not on a list to come */
    assert_contains(html, "attendance-blank__box");
    assert_lacks(html, "\u2713</span>"); /* no marks: boxes only */
    free(html);
    json_t *doc = get_json(c, path, 200);
    json_t *pupils = json_object_get(doc, "pupils");
    assert_int_equal(json_array_size(pupils), 4);
    assert_null(json_object_get(json_array_get(pupils, 0), "safety_notes"));
    assert_null(json_object_get(json_array_get(pupils, 0), "status"));
    assert_int_equal(int_of(doc, "session_id"), session_on("judo", 7));
    json_decref(doc);
    free(path);
    /* Today's session may be printed too. */
    path = blank_path("judo", "judo", 0);
    assert_int_equal(get_status(c, path, true), 200);
    free(path);
    /* A hostile name is escaped. */
    path = blank_path("dans", "dans", 7);
    html = get_html(c, path, 200);
    assert_contains(html, "=cmd|&#39; /C calc&#39;!A0");
    free(html);
    free(path);
    client_free(c);
}

static void blank_list_refusals(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    /* Not a number, empty, negative, too long, a number with more after it: 400. */
    const char *bad[] = {"?blank=", "?blank=abc", "?blank=-1", "?blank=0", "?blank=1e3",
                         "?blank=12%20", "?blank=99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *path = path_of("judo", bad[i]);
        assert_int_equal(get_status(c, path, true), 400);
        assert_int_equal(get_status(c, path, false), 400);
        free(path);
    }
    /* An error page: the title starts with "Fout: " and the message takes the focus. */
    char *bad_path = path_of("judo", "?blank=abc");
    char *html = get_html(c, bad_path, 400);
    assert_contains(html, "<title>Fout: ");
    assert_contains(html, "class=\"error-page\" role=\"alert\" tabindex=\"-1\" autofocus");
    assert_lacks(html, "notice--ok");
    free(html);
    free(bad_path);
    /* A session held already: 400 (the list shows its marks). */
    char *path = blank_path("judo", "judo", -7);
    assert_int_equal(get_status(c, path, true), 400);
    free(path);
    /* Another activity's session, a cancelled one, one that does not exist: 404. */
    path = blank_path("judo", "dans", 7);
    assert_int_equal(get_status(c, path, true), 404);
    free(path);
    path = blank_path("tekenen", "tekenen", 0);
    assert_int_equal(get_status(c, path, true), 404);
    free(path);
    path = path_of("judo", "?blank=999999");
    assert_int_equal(get_status(c, path, true), 404);
    free(path);
    /* Not as CSV. */
    char query[64];
    snprintf(query, sizeof query, "?format=csv&blank=%lld", session_on("judo", 7));
    path = path_of("judo", query);
    assert_int_equal(get_status(c, path, false), 400);
    free(path);
    client_free(c);

    /* Scope: another school 404, the staff who run it 200, others 404, a parent 403. */
    path = blank_path("judo", "judo", 7);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(get_status(zuid, path, true), 404);
    assert_int_equal(get_status(zuid, path, false), 404);
    client_free(zuid);
    struct client *anna = logged_in("anna@test.nl");
    assert_int_equal(get_status(anna, path, true), 200);
    client_free(anna);
    struct client *bert = logged_in("bert@test.nl");
    assert_int_equal(get_status(bert, path, true), 404);
    client_free(bert);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(parent, path, true), 403);
    client_free(parent);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(today_for_the_coordinator),
        cmocka_unit_test(today_for_staff_and_lead),
        cmocka_unit_test(absences_on_the_coordinators_start_page),
        cmocka_unit_test(staff_overview_for_the_lead),
        cmocka_unit_test(staff_overview_in_scope),
        cmocka_unit_test(attendance_list_json),
        cmocka_unit_test(attendance_list_html),
        cmocka_unit_test(attendance_list_csv),
        cmocka_unit_test(attendance_list_access),
        cmocka_unit_test(blank_list_for_a_session_to_come),
        cmocka_unit_test(blank_list_refusals),
        cmocka_unit_test(absence_followup_is_noted_and_leaves_the_list),
    };
    int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
    return exit_status(failed);
}
