/* HTTP tests of issue 15, part 2 (the pupil's voice) against the real daemon: the coordinator
 * opens an interest questionnaire through the page's own form; a tablet without an account types
 * the code, taps a name and the domains, each page's own HTML form submitted as a browser would,
 * and comes back to the names with the answered one marked; the figures in the coverage JSON
 * afterwards. A wrong or expired code, the throttle (429), no surnames on /q pages, a POST
 * without the tablet's token (403), and scope: another school's coordinator refused, parents and
 * staff refused on /questionnaires/new. */
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

/* The activity judo meets weekly on the weekday of a week ago, from two weeks ago until two
   weeks ahead (today's session is never used: whether it has started depends on the hour). */
enum { DAY_HELD = -7, DAY_AHEAD = 7 };

static json_t *pupil_json(const char *key, const char *school, const char *first,
                          const char *last, const char *class_name)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "key", key, "school", school,
                     "number", key, "first_name", first, "last_name", last, "grade", 5, "class",
                     class_name);
}

static json_t *fixture(const char *hash)
{
    json_t *users = fixture_users(hash, true);
    json_array_append_new(users, fixture_user("ouder@test.nl", "parent", hash, "children",
                                              json_pack("[s]", "sara")));
    char from[11], until[11], vog[11];
    json_t *judo = json_pack(
        "{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:[s]}", "key",
        "judo", "school", "noord", "title", "Judo", "domains", "sport", "grades", 1, 8,
        "capacity", 10, "weekday", pf_weekday(DAY_HELD), "start", "15:00", "end", "16:00", "from",
        pf_day(-14, from), "until", pf_day(14, until), "provider", "sportpartner", "staff",
        "anna");
    return json_pack(
        "{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[{s:s, s:s, s:b}],"
        " s:[{s:s, s:s, s:s, s:s, s:s}], s:[o], s:[o, o, o, o],"
        " s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:o}",
        "schools", "key", "noord", "name", "Basisschool Noord", "kind", "po", "key", "zuid",
        "name", "Basisschool Zuid", "kind", "po", "providers", "key", "sportpartner", "name",
        "Sportpartner", "external", 1, "staff", "key", "anna", "provider", "sportpartner", "name",
        "Anna de Vries", "level", "vak", "vog_date", pf_day(-100, vog), "activities", judo,
        "pupils", pupil_json("sara", "noord", "Sara", "Tuinstra", "5A"),
        pupil_json("sara2", "noord", "Sara", "Bakkerman", "5A"),
        pupil_json("ahmed", "noord", "Ahmed", "Yilmazoglu", "5A"),
        pupil_json("mila", "zuid", "Mila", "Zuidhof", "5A"), "enrolments", "pupil", "sara",
        "activity", "judo", "status", "enrolled", "pupil", "ahmed", "activity", "judo", "status",
        "enrolled", "users", users);
}

static int write_fixture(void **state)
{
    (void)state;
    return use_generated_fixture(fixture);
}

#define path_of(buf, size, fmt, id) (snprintf(buf, size, fmt, (long long)(id)), (const char *)(buf))

static const char *const surnames[] = {"Tuinstra", "Bakkerman", "Yilmazoglu", "Zuidhof"};

static void assert_no_surnames(const char *html)
{
    for (size_t i = 0; i < sizeof surnames / sizeof *surnames; i++)
        assert_lacks(html, surnames[i]);
}

/* Run sql on the daemon's database (the test's own constant text): to let a code expire. */
static void db_write(const char *sql)
{
    char *out = NULL;
    char *argv[] = {"sqlite3", "-bail", server.db_path, (char *)sql, NULL};
    assert_int_equal(pf_run(argv, &out), 0);
    free(out);
}

/* The code shown big on the page of a new questionnaire, into code (7 bytes). */
static void shown_code(const char *html, char code[7])
{
    const char *at = strstr(html, "aria-label=\"De code\">");
    assert_non_null(at);
    at = strchr(at, '>') + 1;
    snprintf(code, 7, "%.6s", at);
    assert_int_equal(strlen(code), 6);
}

/* The coordinator of noord opens a questionnaire for group 5A through the page's form. */
static void open_interest(struct client *coordinator, char code[7])
{
    struct response res;
    submit_form(coordinator, "/questionnaires/new", "/questionnaires", &res, "group", "5A",
                "minutes", "60", NULL);
    assert_int_equal(res.status, 201);
    assert_contains(res.body, "Groep 5A");
    shown_code(res.body, code);
    response_free(&res);
}

/* The coverage JSON around today. New reference. */
static json_t *coverage(struct client *c)
{
    char from[11], to[11], path[96];
    snprintf(path, sizeof path, "/reports/coverage?from=%s&to=%s", pf_day(-30, from),
             pf_day(30, to));
    return get_json(c, path, 200);
}

static double real_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/* ---- the tablet flow ------------------------------------------------------------------------ */

static void a_class_answers_on_the_tablet(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char code[7], lower[7], names[64], answer[96];
    open_interest(noord, code);
    assert_int_equal(count_of("SELECT count(*) FROM questionnaires WHERE kind = 'interest'"
                              " AND class = '5A'"),
                     1);

    /* The tablet types the code in lower case on /q's own form and lands on the names. */
    struct client *tablet = client_new(&server);
    for (int i = 0; i < 7; i++)
        lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] - 'A' + 'a' : code[i]);
    struct response res;
    submit_form(tablet, "/q", "/q", &res, "code", lower, NULL);
    assert_int_equal(res.status, 303);
    snprintf(names, sizeof names, "/q/%s", code);
    assert_string_equal(res.location, names);
    response_free(&res);

    /* First names only; the two Saras get the initial of their last name; no other school. */
    assert_int_equal(client_get(tablet, names, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Sara T.");
    assert_contains(res.body, "Sara B.");
    assert_contains(res.body, ">Ahmed<");
    assert_lacks(res.body, "Mila");
    assert_lacks(res.body, "site-header");
    assert_lacks(res.body, "noord@test.nl");
    assert_no_surnames(res.body);
    assert_lacks(res.body, "klaar</span>");
    long long sara = id_of("pupils", "sara");
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, sara);
    char link[128];
    snprintf(link, sizeof link, "href=\"%s\"", answer);
    assert_contains(res.body, link);
    response_free(&res);

    /* The choices page: the six domains with words, and "iets anders"; nothing ticked is
       refused with the Dutch message. */
    assert_int_equal(client_get(tablet, answer, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Sara T.");
    assert_contains(res.body, "Oriëntatie op de wereld");
    assert_contains(res.body, "Iets anders");
    assert_no_surnames(res.body);
    response_free(&res);
    submit_form(tablet, answer, answer, &res, NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Tik op minstens één plaatje");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM interest_answers"), 0);

    /* Sport and cultuur tapped, klaar: back to the names, Sara marked. */
    submit_form(tablet, answer, answer, &res, "d_sport", "1", "d_cultuur", "1", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, names);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM interest_answers a JOIN"
                              " interest_answer_domains d ON d.answer_id = a.id"
                              " WHERE a.source = 'class' AND a.other = 0"),
                     2);
    assert_int_equal(client_get(tablet, names, false, &res), 0);
    assert_contains(res.body, "tablet-name--done");
    assert_contains(res.body, "✓ klaar");
    const char *done = strstr(res.body, "tablet-name--done");
    assert_true(done && strstr(done, link) && strstr(done, link) - done < 64);
    response_free(&res);

    /* Ahmed only "iets anders". */
    long long ahmed = id_of("pupils", "ahmed");
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, ahmed);
    submit_form(tablet, answer, answer, &res, "other", "1", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);

    /* Another school's pupil is not on the list, nor answerable. */
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, id_of("pupils", "mila"));
    assert_int_equal(client_get(tablet, answer, false, &res), 0);
    assert_int_equal(res.status, 404);
    assert_lacks(res.body, "Mila");
    response_free(&res);

    /* The figures: 2 of noord's 3 pupils answered; sport and cultuur 1 of 2; zuid none. */
    json_t *doc = coverage(noord);
    json_t *school = item_with(json_object_get(doc, "schools"), "key", "noord");
    assert_non_null(school);
    assert_true(real_of(school, "interest_answered_pct") > 66.6 &&
                real_of(school, "interest_answered_pct") < 66.8);
    json_t *domains = json_object_get(school, "domains");
    assert_true(real_of(json_object_get(domains, "sport"), "interest_pct") == 50.0);
    assert_true(real_of(json_object_get(domains, "cultuur"), "interest_pct") == 50.0);
    assert_true(real_of(json_object_get(domains, "zelf"), "interest_pct") == 0.0);
    assert_true(json_is_null(json_object_get(school, "feedback_score")));
    json_decref(doc);

    /* The dashboard and the yearly review put the interest beside the offer per domain. */
    char from[11], to[11], path[128];
    snprintf(path, sizeof path, "/dashboard?from=%s&to=%s", pf_day(-30, from), pf_day(30, to));
    assert_int_equal(client_get(noord, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Aansluiting bij interesses");
    assert_contains(res.body, "<span class=\"heat__interest\">interesse 50");
    response_free(&res);
    path_of(path, sizeof path, "/reports/schools/%lld", id_of("schools", "noord"));
    assert_int_equal(client_get(noord, path, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Aansluiting bij interesses: 50");
    assert_contains(res.body, "aanbod: ja.");
    assert_contains(res.body, "aanbod: nee.");
    response_free(&res);
    client_free(tablet);
    client_free(noord);
}

/* ---- the tablet's token --------------------------------------------------------------------- */

static void a_post_needs_the_tablets_token(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char code[7], answer[96];
    open_interest(noord, code);
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, id_of("pupils", "sara"));

    /* No cookie, no token: 403 with the Dutch message, nothing written. */
    struct client *bare = client_new(&server);
    struct response res;
    assert_int_equal(client_post(bare, answer, "d_sport=1", false, false, &res), 0);
    assert_int_equal(res.status, 403);
    assert_contains(res.body, "Deze pagina is verlopen");
    response_free(&res);
    /* The token of another device (the coordinator's browser fetched the page) does not work
       with this device's cookie. */
    struct client *tablet = client_new(&server);
    assert_int_equal(client_get(tablet, answer, false, &res), 0);
    response_free(&res);
    char *token = NULL;
    assert_int_equal(client_get(noord, answer, false, &res), 0);
    token = html_form_value(res.body, answer, "csrf");
    response_free(&res);
    assert_non_null(token);
    char body[160];
    snprintf(body, sizeof body, "d_sport=1&csrf=%s", token);
    free(token);
    assert_int_equal(client_post(tablet, answer, body, false, false, &res), 0);
    assert_int_equal(res.status, 403);
    response_free(&res);
    /* The site's login token is not the tablet's either. */
    struct client *fresh = logged_in("noord@test.nl");
    assert_int_equal(post_status(fresh, answer, "d_sport=1", false, true), 403);
    client_free(fresh);
    assert_int_equal(count_of("SELECT count(*) FROM interest_answers"), 0);
    client_free(tablet);
    client_free(bare);
    client_free(noord);
}

/* ---- wrong, expired, throttled ---------------------------------------------------------------- */

static void wrong_and_expired_codes_are_refused(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char code[7], names[64];
    open_interest(noord, code);
    snprintf(names, sizeof names, "/q/%s", code);
    struct client *tablet = client_new(&server);
    struct response res;
    submit_form(tablet, "/q", "/q", &res, "code", "zzzzzz", NULL);
    assert_int_equal(res.status, 404);
    assert_contains(res.body, "Deze code klopt niet of is verlopen.");
    assert_contains(res.body, "value=\"zzzzzz\"");
    response_free(&res);
    assert_int_equal(get_status(tablet, "/q/ZZZZZZ", false), 404);
    assert_int_equal(get_status(tablet, "/q/kort", false), 404);
    assert_int_equal(get_status(tablet, names, false), 200);

    /* Expired: the same code opens nothing. */
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE questionnaires SET expires_at = 1 WHERE code = '%s'", code);
    db_write(sql);
    assert_int_equal(client_get(tablet, names, false, &res), 0);
    assert_int_equal(res.status, 404);
    assert_contains(res.body, "Deze code klopt niet of is verlopen.");
    assert_no_surnames(res.body);
    assert_lacks(res.body, "Sara");
    response_free(&res);
    client_free(tablet);
    client_free(noord);
}

static void guessing_codes_is_throttled(void **state)
{
    (void)state;
    struct client *noord = logged_in("noord@test.nl");
    char code[7], names[64];
    open_interest(noord, code);
    snprintf(names, sizeof names, "/q/%s", code);

    /* 4 × link_max_failures (10) wrong codes from one address; then even the right one waits. */
    struct client *guesser = client_new(&server);
    client_set_source(guesser, "127.0.0.7");
    for (int i = 0; i < 40; i++)
        assert_int_equal(get_status(guesser, "/q/ZZZZZZ", false), 404);
    struct response res;
    assert_int_equal(client_get(guesser, names, false, &res), 0);
    assert_int_equal(res.status, 429);
    assert_contains(res.headers, "Retry-After:");
    assert_contains(res.body, "Er is te vaak een verkeerde code getypt.");
    assert_lacks(res.body, "Sara");
    response_free(&res);
    assert_int_equal(post_status(guesser, "/q", "code=ZZZZZZ", false, false), 403);

    /* Another address is not held up. */
    struct client *tablet = client_new(&server);
    client_set_source(tablet, "127.0.0.8");
    assert_int_equal(get_status(tablet, names, false), 200);
    client_free(tablet);
    client_free(guesser);
    client_free(noord);
}

/* ---- who may open one ------------------------------------------------------------------------ */

static void only_the_schools_coordinator_or_the_lead_opens_one(void **state)
{
    (void)state;
    char path[64];
    long long noord_id = id_of("schools", "noord");
    long long before = count_of("SELECT count(*) FROM questionnaires");

    /* Another school's coordinator: not for noord's school, and noord's group is not theirs. */
    struct client *zuid = logged_in("zuid@test.nl");
    path_of(path, sizeof path, "/questionnaires/new?school=%lld", noord_id);
    assert_int_equal(get_status(zuid, path, false), 403);
    char body[96];
    snprintf(body, sizeof body, "school_id=%lld&group=5A&minutes=60", noord_id);
    assert_int_equal(post_status(zuid, "/questionnaires", body, false, true), 403);
    struct response res;
    submit_form(zuid, "/questionnaires/new", "/questionnaires", &res, "group", "6B", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies een groep van uw school");
    response_free(&res);

    /* Parents and staff: 403 on the page and the POST. */
    const char *refused[] = {"ouder@test.nl", "anna@test.nl"};
    for (size_t i = 0; i < 2; i++) {
        struct client *c = logged_in(refused[i]);
        assert_int_equal(get_status(c, "/questionnaires/new", false), 403);
        assert_int_equal(post_status(c, "/questionnaires", "group=5A&minutes=60", false, true),
                         403);
        client_free(c);
    }
    /* Without login: to the login page; without the CSRF token: 403. */
    struct client *anonymous = client_new(&server);
    long status = get_status(anonymous, "/questionnaires/new", false);
    assert_true(status == 303 || status == 401);
    client_free(anonymous);
    struct client *noord = logged_in("noord@test.nl");
    assert_int_equal(post_status(noord, "/questionnaires", "group=5A&minutes=60", false, false),
                     403);
    /* A bad duration comes back with the message, the group kept. */
    submit_form(noord, "/questionnaires/new", "/questionnaires", &res, "minutes", "9999", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "een duur van 1 tot 480 minuten");
    assert_contains(res.body, "value=\"9999\"");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM questionnaires"), before);

    /* The lead chooses the school. */
    struct client *lead = logged_in("lead@test.nl");
    submit_form(lead, path, "/questionnaires", &res, "group", "5A", NULL);
    assert_int_equal(res.status, 201);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM questionnaires"), before + 1);
    client_free(lead);
    client_free(noord);
    client_free(zuid);
}

/* ---- feedback at a session -------------------------------------------------------------------- */

static void pupils_give_feedback_at_a_session(void **state)
{
    (void)state;
    char reg[64], action[64], ahead[64], names[64], answer[96];
    long long held = session_on("judo", DAY_HELD);
    path_of(reg, sizeof reg, "/sessions/%lld", held);
    path_of(action, sizeof action, "/sessions/%lld/feedback", held);
    path_of(ahead, sizeof ahead, "/sessions/%lld/feedback", session_on("judo", DAY_AHEAD));

    /* The register's own button opens it and shows the code big. */
    struct client *noord = logged_in("noord@test.nl");
    struct response res;
    assert_int_equal(client_get(noord, reg, false, &res), 0);
    assert_contains(res.body, "Vraag de leerlingen om feedback");
    response_free(&res);
    submit_form(noord, reg, action, &res, NULL);
    assert_int_equal(res.status, 201);
    assert_contains(res.body, "Judo");
    char code[7];
    shown_code(res.body, code);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM questionnaires WHERE kind = 'feedback'"), 1);

    /* The tablet: the activity's enrolled pupils only (one Sara here: no initial). */
    struct client *tablet = client_new(&server);
    snprintf(names, sizeof names, "/q/%s", code);
    assert_int_equal(client_get(tablet, names, false, &res), 0);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Hoe vond je Judo?");
    assert_contains(res.body, ">Sara<");
    assert_contains(res.body, ">Ahmed<");
    assert_lacks(res.body, "Sara B.");
    assert_no_surnames(res.body);
    response_free(&res);
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, id_of("pupils", "sara"));
    assert_int_equal(client_get(tablet, answer, false, &res), 0);
    assert_contains(res.body, "Wil je dit nog eens doen?");
    assert_contains(res.body, "tablet-icon--face3");
    response_free(&res);
    submit_form(tablet, answer, answer, &res, "score", "3", NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies een gezichtje, en ja of nee.");
    response_free(&res);
    submit_form(tablet, answer, answer, &res, "score", "3", "again", "ja", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, names);
    response_free(&res);
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, id_of("pupils", "ahmed"));
    submit_form(tablet, answer, answer, &res, "score", "2", "again", "nee", NULL);
    assert_int_equal(res.status, 303);
    response_free(&res);
    /* Sara2 is not enrolled: not on the list, not answerable. */
    snprintf(answer, sizeof answer, "/q/%s/pupils/%lld", code, id_of("pupils", "sara2"));
    assert_int_equal(get_status(tablet, answer, false), 404);
    assert_int_equal(count_of("SELECT count(*) FROM feedback"), 2);

    /* The figures: mean 2.5, again 50 %. */
    json_t *doc = coverage(noord);
    json_t *school = item_with(json_object_get(doc, "schools"), "key", "noord");
    assert_true(real_of(school, "feedback_score") == 2.5);
    assert_true(real_of(school, "again_pct") == 50.0);
    json_decref(doc);

    /* A session ahead: 422 with the message. Staff of the activity may; another school's
       coordinator 404; a parent 403; no CSRF token 403. */
    assert_int_equal(post_status(noord, ahead, "", false, true), 422);
    struct client *anna = logged_in("anna@test.nl");
    submit_form(anna, reg, action, &res, NULL);
    assert_int_equal(res.status, 201);
    response_free(&res);
    client_free(anna);
    struct client *zuid = logged_in("zuid@test.nl");
    assert_int_equal(post_status(zuid, action, "", false, true), 404);
    client_free(zuid);
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(post_status(parent, action, "", false, true), 403);
    client_free(parent);
    assert_int_equal(post_status(noord, action, "", false, false), 403);
    assert_int_equal(count_of("SELECT count(*) FROM questionnaires WHERE kind = 'feedback'"), 2);
    client_free(tablet);
    client_free(noord);
}

/* ---- the parent with the child ----------------------------------------------------------------- */

static void a_parent_answers_with_their_own_child(void **state)
{
    (void)state;
    char page[64], other[64], child[64];
    long long sara = id_of("pupils", "sara");
    path_of(page, sizeof page, "/parent/children/%lld/interests", sara);
    path_of(child, sizeof child, "/parent/children/%lld", sara);
    path_of(other, sizeof other, "/parent/children/%lld/interests", id_of("pupils", "ahmed"));
    struct client *parent = logged_in("ouder@test.nl");
    struct response res;
    assert_int_equal(client_get(parent, child, false, &res), 0);
    assert_contains(res.body, "Wat vindt Sara leuk?");
    assert_contains(res.body, page);
    response_free(&res);

    /* Nothing ticked: 422 with the message; then zelf and iets anders. */
    submit_form(parent, page, page, &res, NULL);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies minstens één onderwerp, of iets anders.");
    response_free(&res);
    submit_form(parent, page, page, &res, "d_zelf", "1", "other", "1", NULL);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, child);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM interest_answers a JOIN"
                              " interest_answer_domains d ON d.answer_id = a.id JOIN domains x"
                              " ON x.id = d.domain_id WHERE a.source = 'parent' AND a.other = 1"
                              " AND x.code = 'zelf'"),
                     1);

    /* Another child: 404, nothing written; staff and coordinators are not parents (403); no
       CSRF token 403. */
    assert_int_equal(get_status(parent, other, false), 404);
    assert_int_equal(post_status(parent, other, "d_sport=1", false, true), 404);
    assert_int_equal(post_status(parent, page, "d_sport=1", false, false), 403);
    struct client *noord = logged_in("noord@test.nl");
    assert_int_equal(get_status(noord, page, false), 403);
    client_free(noord);
    assert_int_equal(count_of("SELECT count(*) FROM interest_answers"), 1);

    /* In the parent's language. */
    client_set_header(parent, "Accept-Language: en");
    assert_int_equal(client_get(parent, page, false, &res), 0);
    assert_contains(res.body, "What does Sara like?");
    assert_contains(res.body, "Knowing the world");
    response_free(&res);
    client_free(parent);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(a_class_answers_on_the_tablet),
        T(a_post_needs_the_tablets_token),
        T(wrong_and_expired_codes_are_refused),
        T(guessing_codes_is_throttled),
        T(only_the_schools_coordinator_or_the_lead_opens_one),
        T(pupils_give_feedback_at_a_session),
        T(a_parent_answers_with_their_own_child),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, write_fixture, remove_fixture);
    return exit_status(failed);
}
