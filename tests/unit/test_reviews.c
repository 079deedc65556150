/* Tests of src/domain/reviews.c, the yearly review of a school: school years named by their
 * first calendar year, the theme table, the checks of the conclusions (control characters,
 * length, BSN), saving them (only what changed, one audit record per theme and no text in it,
 * an emptied theme removed, another year apart, nothing written when one theme is refused or
 * when somebody else saved a theme after the form was loaded), and the summaries on a
 * hand-made school year: activities of the period with held sessions (cancelled ones and those
 * after the period's end do not count), structural or incidental, their domains, evaluations
 * counted per answer with the latest remarks, and incidents per severity — checked against
 * report_compute where both count the same thing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/problems.h"
#include "domain/reports/reports.h"
#include "domain/quality/reviews.h"
#include "testdb.h"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Users 1 Lea (lead), 2 Cor (coordinator of noord), 3 Uri (staff). Domains sport (1),
   cultuur (2), wereld (3). Schools noord (1) and zuid (2). The period is the school year 2025
   (2025-08-01 – 2026-07-31) seen on 2025-11-30 (upto).
   1 Judo (noord; sport + wereld; provider Sportclub): 6 held sessions 09-02 … 10-07, one
     cancelled on 10-14 and one on 12-02 (after upto) → structural.
   2 Koor (noord; cultuur; no provider): 5 held sessions 09-03 … 10-01 → incidental.
   3 Schaak (noord; sport): only sessions in the school year before (2025-03-04) → not listed.
   4 Tekenen (zuid; cultuur): 6 held → another school, not listed.
   Evaluations of judo: session 1 yes (Uri), session 2 yes (Uri) and partly (Cor), session 3
   no (Uri), session 6 partly (Uri, with a note), the cancelled session 7 yes (loaded data: does
   not count), session 8 after upto yes (does not count). Koor: session 11 yes (Cor).
   Schaak (last year): yes. Tekenen: no.
   Incidents of noord: laag 2025-09-10 and 2026-01-12, hoog 2025-10-01, middel 2025-06-01
   (last school year); zuid: hoog 2025-09-11. */
static const char seed_sql[] =
    "INSERT INTO users (id, email, name, role, password_hash, school_id, staff_id) VALUES"
    " (1, 'lea@test.nl', 'Lea', 'lead', 'x', NULL, NULL);"
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2), (3, 'wereld', 'Orientatie op de wereld', 3);"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sportclub', 'Sportclub', 1);"
    "INSERT INTO staff (id, key, provider_id, name, level) VALUES (1, 'uri', 1, 'Uri', 'vak');"
    "INSERT INTO users (id, email, name, role, password_hash, school_id, staff_id) VALUES"
    " (2, 'cor@test.nl', 'Cor', 'coordinator', 'x', 1, NULL),"
    " (3, 'uri@test.nl', '', 'staff', 'x', NULL, 1);"
    "INSERT INTO activities (id, key, school_id, provider_id, title, goal, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 1, 'Judo', 'Samenwerken', 5, 8, 12, 2, '15:15', '16:15', '2025-09-02',"
    "  '2025-12-16'),"
    " (2, 'koor', 1, NULL, 'Koor', '', 3, 3, 12, 3, '14:00', '14:45', '2025-09-03',"
    "  '2025-10-01'),"
    " (3, 'schaak', 1, NULL, 'Schaak', 'Denken', 4, 8, 12, 2, '15:00', '16:00', '2025-03-04',"
    "  '2025-03-04'),"
    " (4, 'tekenen', 2, NULL, 'Tekenen', 'Kijken', 1, 8, 12, 4, '15:00', '16:00', '2025-09-04',"
    "  '2025-10-09');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (1, 3), (2, 2), (3, 1),"
    " (4, 2);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2025-09-02', '2025-09-02', '15:15', '16:15', 0),"
    " (2, 1, '2025-09-09', '2025-09-09', '15:15', '16:15', 0),"
    " (3, 1, '2025-09-16', '2025-09-16', '15:15', '16:15', 0),"
    " (4, 1, '2025-09-23', '2025-09-23', '15:15', '16:15', 0),"
    " (5, 1, '2025-09-30', '2025-09-30', '15:15', '16:15', 0),"
    " (6, 1, '2025-10-07', '2025-10-07', '15:15', '16:15', 0),"
    " (7, 1, '2025-10-14', '2025-10-14', '15:15', '16:15', 1),"
    " (8, 1, '2025-12-02', '2025-12-02', '15:15', '16:15', 0),"
    " (11, 2, '2025-09-03', '2025-09-03', '14:00', '14:45', 0),"
    " (12, 2, '2025-09-10', '2025-09-10', '14:00', '14:45', 0),"
    " (13, 2, '2025-09-17', '2025-09-17', '14:00', '14:45', 0),"
    " (14, 2, '2025-09-24', '2025-09-24', '14:00', '14:45', 0),"
    " (15, 2, '2025-10-01', '2025-10-01', '14:00', '14:45', 0),"
    " (21, 3, '2025-03-04', '2025-03-04', '15:00', '16:00', 0),"
    " (31, 4, '2025-09-04', '2025-09-04', '15:00', '16:00', 0),"
    " (32, 4, '2025-09-11', '2025-09-11', '15:00', '16:00', 0),"
    " (33, 4, '2025-09-18', '2025-09-18', '15:00', '16:00', 0),"
    " (34, 4, '2025-09-25', '2025-09-25', '15:00', '16:00', 0),"
    " (35, 4, '2025-10-02', '2025-10-02', '15:00', '16:00', 0),"
    " (36, 4, '2025-10-09', '2025-10-09', '15:00', '16:00', 0);"
    "INSERT INTO evaluations (session_id, user_id, went_well, to_change, as_planned, note,"
    " created_at, updated_at) VALUES"
    " (1, 3, 'Goede start', 'Niets', 'yes', '', '2025-09-02T17:00', '2025-09-02T17:00'),"
    " (2, 3, 'Fijne groep', 'Meer tijd', 'yes', '', '2025-09-09T17:00', '2025-09-09T17:00'),"
    " (2, 2, 'Rustig', 'Later beginnen', 'partly', '', '2025-09-09T18:00', '2025-09-09T18:00'),"
    " (3, 3, 'Weinig', 'Alles', 'no', '', '2025-09-16T17:00', '2025-09-16T17:00'),"
    " (6, 3, 'Band gehaald', 'Niets', 'partly', 'Twee ziek', '2025-10-07T17:00',"
    "  '2025-10-07T17:00'),"
    " (7, 3, 'Vervallen', 'Niets', 'yes', '', '2025-10-14T17:00', '2025-10-14T17:00'),"
    " (8, 3, 'Later', 'Niets', 'yes', '', '2025-12-02T17:00', '2025-12-02T17:00'),"
    " (11, 2, 'Mooi gezongen', 'Niets', 'yes', '', '2025-09-03T17:00', '2025-09-03T17:00'),"
    " (21, 2, 'Vorig jaar', 'Niets', 'yes', '', '2025-03-04T17:00', '2025-03-04T17:00'),"
    " (31, 2, 'Andere school', 'Niets', 'no', '', '2025-09-04T17:00', '2025-09-04T17:00');"
    "INSERT INTO incidents (school_id, activity_id, session_id, occurred_on, what, measures,"
    " severity, reported_by, created_at) VALUES"
    " (1, 1, 2, '2025-09-10', 'Val', 'Pleister', 'laag', 3, '2025-09-10T17:00'),"
    " (1, 1, NULL, '2026-01-12', 'Ruzie', 'Gesprek', 'laag', 2, '2026-01-12T17:00'),"
    " (1, 2, 15, '2025-10-01', 'Weggelopen', 'Ouders gebeld', 'hoog', 2, '2025-10-01T17:00'),"
    " (1, 3, 21, '2025-06-01', 'Botsing', 'Koelen', 'middel', 2, '2025-06-01T17:00'),"
    " (2, 4, 32, '2025-09-11', 'Val', 'Pleister', 'hoog', 2, '2025-09-11T17:00');";

static int setup(void **state)
{
    return testdb_setup(state, "test_reviews", seed_sql);
}

static struct db *db_of(void **state)
{
    return ((struct testdb *)*state)->db;
}

/* ---- school years and themes ---------------------------------------------------------------- */

static void school_years(void **state)
{
    (void)state;
    assert_int_equal(review_year_of("2025-08-01"), 2025);
    assert_int_equal(review_year_of("2026-07-31"), 2025);
    assert_int_equal(review_year_of("2025-07-31"), 2024);
    assert_int_equal(review_year_of("2025-12-31"), 2025);
    assert_int_equal(review_year_of("2025-02-30"), -1);
    assert_int_equal(review_year_of(NULL), -1);

    int year = 7;
    assert_int_equal(review_year_parse("2025", &year), 0);
    assert_int_equal(year, 2025);
    static const char *const bad[] = {"", "25", "1999", "3000", "2025a", "+2025", " 2025",
                                      "20250", "２０２５", "-2025"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        year = 7;
        assert_int_equal(review_year_parse(bad[i], &year), -1);
        assert_int_equal(year, 7);
    }
    assert_int_equal(review_year_parse(NULL, &year), -1);

    char from[11], to[11], label[16];
    review_year_period(2025, from, to);
    assert_string_equal(from, "2025-08-01");
    assert_string_equal(to, "2026-07-31");
    review_year_label(2025, label);
    assert_string_equal(label, "2025\u20132026");
}

/* Like with like: a year under way beside the same stretch of the year before; a year that is
   over or has not begun beside the whole previous year. */
static void compare_periods(void **state)
{
    (void)state;
    char from[11], to[11];
    assert_int_equal(review_compare_period(2026, "2026-12-06", from, to), 1);
    assert_string_equal(from, "2025-08-01");
    assert_string_equal(to, "2025-12-06");
    assert_int_equal(review_compare_period(2026, "2026-08-01", from, to), 1);
    assert_string_equal(to, "2025-08-01");
    assert_int_equal(review_compare_period(2027, "2028-02-29", from, to), 1);
    assert_string_equal(from, "2026-08-01");
    assert_string_equal(to, "2027-02-28");
    assert_int_equal(review_compare_period(2026, "2027-07-30", from, to), 1);
    assert_string_equal(to, "2026-07-30");
    /* The last day: the year is complete. */
    assert_int_equal(review_compare_period(2026, "2027-07-31", from, to), 0);
    assert_string_equal(from, "2025-08-01");
    assert_string_equal(to, "2026-07-31");
    assert_int_equal(review_compare_period(2025, "2026-12-06", from, to), 0);
    assert_string_equal(from, "2024-08-01");
    assert_string_equal(to, "2025-07-31");
    assert_int_equal(review_compare_period(2027, "2026-12-06", from, to), 0);
    assert_string_equal(to, "2027-07-31");
    assert_int_equal(review_compare_period(2026, "2026-13-01", from, to), -1);
    assert_string_equal(to, "2026-07-31");
    assert_int_equal(review_compare_period(2026, NULL, from, to), -1);
}

static void the_theme_table(void **state)
{
    (void)state;
    static const char *const codes[REVIEW_THEMES] = {
        "doelgerichtheid", "thuis_school", "personeel", "duur_intensiteit", "coordinatie",
        "afspraken"};
    for (size_t i = 0; i < REVIEW_THEMES; i++) {
        const struct review_theme *t = review_theme(i);
        assert_non_null(t);
        assert_string_equal(t->code, codes[i]);
        assert_true(strlen(t->label) > 0 && strlen(t->hint) > 0);
        assert_int_equal(review_theme_index(codes[i]), (int)i);
    }
    assert_null(review_theme(REVIEW_THEMES));
    assert_int_equal(review_theme_index("onbekend"), -1);
    assert_int_equal(review_theme_index(NULL), -1);
}

/* ---- checks --------------------------------------------------------------------------------- */

/* The message of the problem of field in list, or NULL. */
static const char *problem_for(const struct problems *list, const char *field)
{
    return testdb_problem_for(list, field);
}

static void check_refuses_bad_text(void **state)
{
    (void)state;
    char *long_text = malloc(REVIEW_TEXT_MAX + 2);
    memset(long_text, 'a', REVIEW_TEXT_MAX + 1);
    long_text[REVIEW_TEXT_MAX + 1] = '\0';
    struct review_input in = {.text = {"Goed\r\nen\tduidelijk", "bel\a", long_text,
                                       "BSN 111222333", "caf\xc3", NULL}};
    struct problems list = {0};
    assert_int_equal(review_check(&in, &list), 4);
    assert_null(problem_for(&list, "doelgerichtheid"));
    assert_string_equal(problem_for(&list, "thuis_school"), "Gebruik geen besturingstekens.");
    assert_string_equal(problem_for(&list, "personeel"), "Gebruik hoogstens 4000 tekens.");
    assert_non_null(strstr(problem_for(&list, "duur_intensiteit"), "BSN"));
    assert_string_equal(problem_for(&list, "coordinatie"), "Gebruik geldige tekens.");
    assert_null(problem_for(&list, "afspraken"));
    problems_clear(&list);

    /* Exactly the maximum, counted in characters (é is two bytes), is fine. */
    char *at_max = malloc(2 * REVIEW_TEXT_MAX + 1);
    for (size_t i = 0; i < REVIEW_TEXT_MAX; i++)
        memcpy(at_max + 2 * i, "\xc3\xa9", 2);
    at_max[2 * REVIEW_TEXT_MAX] = '\0';
    struct review_input fine = {.text = {at_max, "", NULL, NULL, NULL, NULL}};
    struct problems none = {0};
    assert_int_equal(review_check(&fine, &none), 0);
    free(at_max);
    free(long_text);
}

/* ---- saving --------------------------------------------------------------------------------- */

/* The text member of theme code in the conclusions of noord for year. Owned by *doc. */
static const char *conclusion(struct db *db, int year, const char *member, const char *code,
                              json_t **doc)
{
    *doc = review_conclusions(db, 1, year);
    assert_non_null(*doc);
    assert_int_equal(json_array_size(*doc), REVIEW_THEMES);
    json_t *entry = json_array_get(*doc, (size_t)review_theme_index(code));
    return json_string_value(json_object_get(entry, member));
}

/* Fail unless theme code of noord in year has text (member "text"). */
static void assert_text(struct db *db, int year, const char *code, const char *text)
{
    json_t *doc;
    assert_string_equal(conclusion(db, year, "text", code, &doc), text);
    json_decref(doc);
}

static long long audit_count(struct db *db)
{
    return db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE entity ="
                             " 'review_conclusions'", -1);
}

static void save_only_what_changed(void **state)
{
    struct db *db = db_of(state);
    struct problems list = {0};
    struct review_input in = {.text = {"Doelen staan op papier.", NULL, "Stabiel team.", "",
                                       NULL, "Cor bezoekt elke activiteit."}};
    int changed = -1;
    assert_int_equal(review_save(db, 2, 1, 2025, &in, &list, &changed), OUTCOME_OK);
    assert_int_equal(changed, 3); /* the empty one was empty already */
    assert_int_equal(list.n, 0);
    assert_text(db, 2025, "doelgerichtheid", "Doelen staan op papier.");
    assert_text(db, 2025, "duur_intensiteit", "");
    json_t *doc;
    assert_string_equal(conclusion(db, 2025, "updated_by", "personeel", &doc), "Cor");
    json_decref(doc);
    assert_int_equal(strlen(conclusion(db, 2025, "updated_at", "personeel", &doc)), 23);
    json_decref(doc);
    assert_string_equal(conclusion(db, 2025, "updated_by", "thuis_school", &doc), "");
    json_decref(doc);
    assert_int_equal(audit_count(db), 3);
    /* The audit says which theme of which year, not what was written. */
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE entity ="
                                       " 'review_conclusions' AND entity_id = 1 AND user_id = 2"
                                       " AND detail = '2025 personeel'", -1), 1);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE detail LIKE"
                                       " '%Stabiel%'", -1), 0);

    /* The same again changes nothing; another year and another school stay apart. */
    assert_int_equal(review_save(db, 1, 1, 2025, &in, &list, &changed), OUTCOME_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(audit_count(db), 3);
    assert_text(db, 2024, "doelgerichtheid", "");
    json_t *zuid = review_conclusions(db, 2, 2025);
    assert_string_equal(json_string_value(json_object_get(json_array_get(zuid, 0), "text")), "");
    json_decref(zuid);

    /* The lead changes one theme and empties another: the row goes, the audit stays. */
    struct review_input next = {.text = {NULL, NULL, "Twee nieuwe vakkrachten.", NULL, NULL,
                                         ""}};
    assert_int_equal(review_save(db, 1, 1, 2025, &next, &list, &changed), OUTCOME_OK);
    assert_int_equal(changed, 2);
    assert_text(db, 2025, "personeel", "Twee nieuwe vakkrachten.");
    assert_text(db, 2025, "afspraken", "");
    assert_text(db, 2025, "doelgerichtheid", "Doelen staan op papier.");
    assert_string_equal(conclusion(db, 2025, "updated_by", "personeel", &doc), "Lea");
    json_decref(doc);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM review_conclusions", -1), 2);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE detail ="
                                       " '2025 afspraken gewist' AND user_id = 1", -1), 1);
}

/* Every school's written conclusions of a year at once (the progress report's): per school the
   entries of review_conclusions that have a text, in theme order; another year apart, a
   school without any absent, a theme this program no longer knows left out. */
static void written_conclusions_of_every_school(void **state)
{
    struct db *db = db_of(state);
    struct problems list = {0};
    int changed;
    struct review_input noord = {.text = {"Doelen.", NULL, "Team.", NULL, NULL, "Bezoek."}};
    struct review_input zuid = {.text = {NULL, "Vaker.", NULL, NULL, NULL, NULL}};
    assert_int_equal(review_save(db, 1, 1, 2025, &noord, &list, &changed), OUTCOME_OK);
    assert_int_equal(review_save(db, 1, 2, 2025, &zuid, &list, &changed), OUTCOME_OK);
    assert_int_equal(review_save(db, 1, 1, 2024, &zuid, &list, &changed), OUTCOME_OK);
    assert_int_equal(db_exec(db, "INSERT INTO review_conclusions (school_id, year, theme, text,"
                                 " updated_at) VALUES (2, 2025, 'vervallen', 'Oud.', '2025')"),
                     0);
    json_t *written = review_conclusions_written(db, 2025);
    assert_non_null(written);
    assert_int_equal(json_object_size(written), 2);
    for (int64_t school = 1; school <= 2; school++) {
        json_t *all = review_conclusions(db, school, 2025), *expected = json_array();
        size_t i;
        json_t *entry;
        json_array_foreach(all, i, entry) {
            if (*json_string_value(json_object_get(entry, "text")))
                json_array_append(expected, entry);
        }
        assert_true(json_equal(json_object_get(written, school == 1 ? "1" : "2"), expected));
        json_decref(expected);
        json_decref(all);
    }
    assert_int_equal(json_array_size(json_object_get(written, "1")), 3);
    json_decref(written);
    written = review_conclusions_written(db, 2024);
    assert_int_equal(json_object_size(written), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(written, "1"), 0), "text")),
                        "Vaker.");
    json_decref(written);
    written = review_conclusions_written(db, 2023);
    assert_int_equal(json_object_size(written), 0);
    json_decref(written);
}

static void refused_save_writes_nothing(void **state)
{
    struct db *db = db_of(state);
    struct problems list = {0};
    struct review_input in = {.text = {"Goed", "Met een \x01 erin", NULL, NULL, NULL, NULL}};
    int changed = -1;
    assert_int_equal(review_save(db, 2, 1, 2025, &in, &list, &changed), OUTCOME_INVALID);
    assert_int_equal(changed, 0);
    assert_non_null(problem_for(&list, "thuis_school"));
    problems_clear(&list);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM review_conclusions", -1), 0);
    assert_int_equal(audit_count(db), 0);

    struct review_input fine = {.text = {"Goed", NULL, NULL, NULL, NULL, NULL}};
    struct problems again = {0};
    assert_int_equal(review_save(db, 2, 1, 1999, &fine, &again, &changed), OUTCOME_INVALID);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM review_conclusions", -1), 0);
}

static void somebody_else_saved_in_between(void **state)
{
    struct db *db = db_of(state);
    struct problems list = {0};
    /* Both load the empty form (seen ""); the coordinator saves first. */
    struct review_input cor = {.text = {"Versie van Cor", NULL, NULL, NULL, NULL, NULL},
                               .seen = {"", "", "", "", "", ""}};
    assert_int_equal(review_save(db, 2, 1, 2025, &cor, &list, NULL), OUTCOME_OK);
    json_t *doc;
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%s", conclusion(db, 2025, "updated_at", "doelgerichtheid",
                                                   &doc));
    json_decref(doc);

    /* The lead's form still has seen "": the changed theme is refused, nothing written, also
       not the lead's other theme. */
    struct review_input lea = {.text = {"Versie van Lea", "Ouders komen kijken", NULL, NULL,
                                        NULL, NULL},
                               .seen = {"", "", "", "", "", ""}};
    int changed = -1;
    assert_int_equal(review_save(db, 1, 1, 2025, &lea, &list, &changed), OUTCOME_INVALID);
    assert_int_equal(changed, 0);
    const char *message = problem_for(&list, "doelgerichtheid");
    assert_non_null(message);
    assert_non_null(strstr(message, "intussen gewijzigd door Cor"));
    assert_null(problem_for(&list, "thuis_school"));
    problems_clear(&list);
    assert_text(db, 2025, "doelgerichtheid", "Versie van Cor");
    assert_text(db, 2025, "thuis_school", "");

    /* Posting Cor's text unchanged is no conflict: it is not a change. */
    struct review_input same = {.text = {"Versie van Cor", "Ouders komen kijken", NULL, NULL,
                                         NULL, NULL},
                                .seen = {"", "", "", "", "", ""}};
    struct problems none = {0};
    assert_int_equal(review_save(db, 1, 1, 2025, &same, &none, &changed), OUTCOME_OK);
    assert_int_equal(changed, 1);

    /* With the version now stored the lead saves over it; without any version too. */
    struct review_input informed = {.text = {"Versie van Lea", NULL, NULL, NULL, NULL, NULL},
                                    .seen = {stamp, "", "", "", "", ""}};
    struct problems ok = {0};
    assert_int_equal(review_save(db, 1, 1, 2025, &informed, &ok, &changed), OUTCOME_OK);
    assert_int_equal(changed, 1);
    assert_text(db, 2025, "doelgerichtheid", "Versie van Lea");
    struct review_input blind = {.text = {"Versie zonder versie", NULL, NULL, NULL, NULL,
                                          NULL}};
    assert_int_equal(review_save(db, 2, 1, 2025, &blind, &ok, &changed), OUTCOME_OK);
    assert_text(db, 2025, "doelgerichtheid", "Versie zonder versie");
}

/* ---- summaries ------------------------------------------------------------------------------ */

/* The activity with this title in list (borrowed), failing when it is missing. */
static json_t *activity_titled(json_t *list, const char *title)
{
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a) {
        if (!strcmp(json_string_value(json_object_get(a, "title")), title))
            return a;
    }
    fail_msg("activity %s missing", title);
    return NULL;
}

static long long member_int(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static void activities_of_the_year(void **state)
{
    struct db *db = db_of(state);
    json_t *list = review_activities(db, 1, "2025-08-01", "2025-11-30", 6);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 2); /* judo and koor; not schaak, not tekenen */
    json_t *judo = json_array_get(list, 0), *koor = json_array_get(list, 1);
    assert_ptr_equal(judo, activity_titled(list, "Judo"));
    assert_string_equal(json_string_value(json_object_get(judo, "goal")), "Samenwerken");
    assert_string_equal(json_string_value(json_object_get(judo, "provider")), "Sportclub");
    assert_int_equal(member_int(judo, "grade_min"), 5);
    assert_int_equal(member_int(judo, "grade_max"), 8);
    assert_int_equal(member_int(judo, "sessions"), 6); /* not the cancelled one, not December */
    assert_true(json_is_true(json_object_get(judo, "qualifying")));
    json_t *domains = json_object_get(judo, "domains");
    assert_int_equal(json_array_size(domains), 2);
    assert_string_equal(json_string_value(json_array_get(domains, 0)), "sport");
    assert_string_equal(json_string_value(json_array_get(domains, 1)), "wereld");
    assert_string_equal(json_string_value(json_object_get(koor, "provider")), "");
    assert_int_equal(member_int(koor, "sessions"), 5);
    assert_true(json_is_false(json_object_get(koor, "qualifying")));

    /* Evaluations of held sessions only: not the cancelled session, not December's. */
    json_t *ev = json_object_get(judo, "evaluations");
    assert_int_equal(member_int(ev, "yes"), 2);
    assert_int_equal(member_int(ev, "partly"), 2);
    assert_int_equal(member_int(ev, "no"), 1);
    assert_int_equal(member_int(ev, "total"), 5);
    json_t *remarks = json_object_get(judo, "remarks");
    assert_int_equal(json_array_size(remarks), REVIEW_REMARKS);
    json_t *latest = json_array_get(remarks, 0);
    assert_string_equal(json_string_value(json_object_get(latest, "date")), "2025-10-07");
    assert_string_equal(json_string_value(json_object_get(latest, "note")), "Twee ziek");
    assert_string_equal(json_string_value(json_object_get(latest, "as_planned_label")),
                        "gedeeltelijk");
    assert_string_equal(json_string_value(json_object_get(latest, "author")), "uri@test.nl");
    assert_string_equal(json_string_value(json_object_get(latest, "role")), "staff");
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(remarks, 1), "went_well")), "Weinig");
    /* Of session 2 the one changed last (Cor's) comes first. */
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(remarks, 2), "author")), "Cor");
    json_t *koor_ev = json_object_get(koor, "evaluations");
    assert_int_equal(member_int(koor_ev, "total"), 1);
    assert_int_equal(member_int(koor_ev, "yes"), 1);
    json_decref(list);

    /* The school year before: schaak only, incidental (one session). */
    list = review_activities(db, 1, "2024-08-01", "2025-07-31", 6);
    assert_int_equal(json_array_size(list), 1);
    json_t *schaak = activity_titled(list, "Schaak");
    assert_int_equal(member_int(schaak, "sessions"), 1);
    assert_int_equal(member_int(json_object_get(schaak, "evaluations"), "yes"), 1);
    json_decref(list);

    /* A school without activities in the period. */
    list = review_activities(db, 2, "2024-08-01", "2025-07-31", 6);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

/* The activities' structural count per domain is the report's (report_compute). */
static void activities_agree_with_the_report(void **state)
{
    struct db *db = db_of(state);
    struct report_query q = {.from = "2025-08-01", .to = "2026-07-31", .today = "2025-11-30",
                             .school_id = 1, .min_sessions = 6, .intensity_hours = 20};
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    assert_string_equal(rep.upto, "2025-11-30");
    json_t *list = review_activities(db, 1, q.from, rep.upto, q.min_sessions);
    const struct report_school *s = report_school(&rep, 1);
    assert_non_null(s);
    for (size_t d = 0; d < rep.n_domains; d++) {
        int activities = 0, qualifying = 0, sessions = 0;
        size_t i;
        json_t *a;
        json_array_foreach(list, i, a) {
            size_t k;
            json_t *code;
            json_array_foreach(json_object_get(a, "domains"), k, code) {
                if (strcmp(json_string_value(code), rep.domains[d].code))
                    continue;
                activities++;
                qualifying += json_is_true(json_object_get(a, "qualifying"));
                sessions += (int)member_int(a, "sessions");
            }
        }
        assert_int_equal(activities, s->cells[d].activities);
        assert_int_equal(qualifying, s->cells[d].qualifying);
        assert_int_equal(sessions, s->cells[d].sessions);
    }
    json_decref(list);
    report_free(&rep);
}

static void incidents_per_severity(void **state)
{
    struct db *db = db_of(state);
    struct review_incidents now, was;
    assert_int_equal(review_incidents_count(db, 1, "2025-08-01", "2026-07-31", &now), 0);
    assert_int_equal(now.total, 3);
    assert_int_equal(now.by_severity[0], 2); /* laag */
    assert_int_equal(now.by_severity[1], 0); /* middel */
    assert_int_equal(now.by_severity[2], 1); /* hoog */
    assert_int_equal(review_incidents_count(db, 1, "2024-08-01", "2025-07-31", &was), 0);
    assert_int_equal(was.total, 1);
    assert_int_equal(was.by_severity[1], 1);
    assert_int_equal(review_incidents_count(db, 2, "2025-08-01", "2026-07-31", &now), 0);
    assert_int_equal(now.total, 1);
    assert_int_equal(now.by_severity[2], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(school_years),
        cmocka_unit_test(compare_periods),
        cmocka_unit_test(the_theme_table),
        cmocka_unit_test(check_refuses_bad_text),
        cmocka_unit_test_setup_teardown(save_only_what_changed, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(written_conclusions_of_every_school, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(refused_save_writes_nothing, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(somebody_else_saved_in_between, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(activities_of_the_year, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(activities_agree_with_the_report, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(incidents_per_severity, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
