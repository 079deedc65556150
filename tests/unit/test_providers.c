/* Tests of src/domain/providers.c: keys generated from names (folding, truncation, uniqueness
 * with -2, -3 …), VOG validity (the exact boundary after N years, a VOG of 29 February, a
 * missing or unreadable date, and agreement with SQLite's date arithmetic that the list page
 * uses), the input checks, and the write functions: each writes its row and an audit entry,
 * and writes nothing at all on bad input, an unknown id or a failure midway. And who may
 * change a provider or a staff member (issue 12): the schools that use them (the reads) and
 * the rule over them (offer_editable). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/offer/providers.h"
#include "domain/offer/providers_read.h"
#include "util/date.h"
#include "testdb.h"

/* ---- fixture: a fresh migrated database per test -------------------------------------------- */

static int db_setup(void **state)
{
    return testdb_setup(state, "test_providers", NULL);
}

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

static int64_t count(struct db *db, const char *sql) { return db_scalar_int(db, sql, -1); }

static int32_t day_of(const char *s)
{
    int32_t day;
    if (date_parse(s, &day))
        fail_msg("bad test date %s", s);
    return day;
}

/* A snapshot of everything the write functions may touch, to prove nothing changed. */
struct snapshot {
    int64_t providers, staff, audit;
    int64_t changes; /* total_changes() of the connection */
};

static struct snapshot snap(struct db *db)
{
    return (struct snapshot){count(db, "SELECT count(*) FROM providers"),
                             count(db, "SELECT count(*) FROM staff"),
                             count(db, "SELECT count(*) FROM audit_log"),
                             sqlite3_total_changes(db_handle(db))};
}

static void assert_unchanged(struct db *db, struct snapshot before)
{
    struct snapshot after = snap(db);
    assert_int_equal(after.providers, before.providers);
    assert_int_equal(after.staff, before.staff);
    assert_int_equal(after.audit, before.audit);
    assert_int_equal(after.changes, before.changes);
}

/* ---- keys ----------------------------------------------------------------------------------- */

static void assert_key(const char *name, const char *expected)
{
    char key[KEY_MAX + 1];
    key_from_name(name, "aanbieder", key, sizeof key);
    if (strcmp(key, expected))
        fail_msg("key of '%s' is '%s', expected '%s'", name, key, expected);
}

static void key_from_name_folds_and_joins(void **state)
{
    (void)state;
    assert_key("Sportpartner", "sportpartner");
    assert_key("  Sport  &  Spel BV ", "sport-spel-bv");
    assert_key("Stichting 't Kraaiennest", "stichting-t-kraaiennest");
    assert_key("Anna's Atelier", "annas-atelier");
    assert_key("Anna\xe2\x80\x99s Atelier", "annas-atelier");
    assert_key("Jan J\xc3\xbcrgens", "jan-jurgens");
    assert_key("\xc3\x89\xc3\xa9n \xc4\xb2sclub", "een-ijsclub");
    assert_key("Stra\xc3\x9f" "e", "strasse");
    assert_key("Groep 7/8", "groep-7-8");
    assert_key("---", "aanbieder");
    assert_key("", "aanbieder");
    assert_key("\xe4\xb8\xad\xe6\x96\x87", "aanbieder"); /* nothing foldable */
}

static void key_from_name_truncates_on_a_word(void **state)
{
    (void)state;
    char name[200], key[KEY_MAX + 1];
    memset(name, 'a', 58);
    snprintf(name + 58, sizeof name - 58, " bcdef ghij");
    key_from_name(name, "x", key, sizeof key);
    assert_int_equal(strlen(key), 58); /* "bcdef" does not fit whole: cut after the a's */
    assert_int_equal(strspn(key, "a"), 58);
    memset(name, 'z', 150);
    name[150] = '\0';
    key_from_name(name, "x", key, sizeof key);
    assert_int_equal(strlen(key), KEY_BASE_MAX);
}

static void keys_are_unique_per_table(void **state)
{
    struct db *db = db_of(state);
    struct provider_input in = {.name = "Sportpartner", .external = true};
    char key[KEY_MAX + 1];
    assert_true(provider_create(db, 0, &in, key, sizeof key) > 0);
    assert_string_equal(key, "sportpartner");
    assert_true(provider_create(db, 0, &in, key, sizeof key) > 0);
    assert_string_equal(key, "sportpartner-2");
    in.name = "SPORTPARTNER!";
    int64_t third = provider_create(db, 0, &in, key, sizeof key);
    assert_true(third > 0);
    assert_string_equal(key, "sportpartner-3");
    assert_int_equal(count(db, "SELECT count(DISTINCT key) FROM providers"), 3);

    /* A key taken otherwise (by a load file) is skipped: -4 exists, so the next is -5. */
    assert_int_equal(db_exec(db, "INSERT INTO providers (key, name) VALUES ('sportpartner-4', 'x')"),
                     0);
    in.name = "Sportpartner";
    assert_true(provider_create(db, 0, &in, key, sizeof key) > 0);
    assert_string_equal(key, "sportpartner-5");

    /* Staff keys live in their own table: the same name starts again without a suffix. */
    assert_int_equal(key_unique(db, KEY_STAFF, "Sportpartner", key, sizeof key), 0);
    assert_string_equal(key, "sportpartner");
    struct staff_input s = {.name = "Anna de Vries", .level = "vak", .vog_date = ""};
    int32_t today = day_of("2025-10-01");
    int64_t a1 = staff_create(db, 0, third, &s, today);
    int64_t a2 = staff_create(db, 0, third, &s, today);
    assert_true(a1 > 0 && a2 > 0 && a1 != a2);
    assert_int_equal(count(db, "SELECT count(*) FROM staff WHERE key = 'anna-de-vries'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM staff WHERE key = 'anna-de-vries-2'"), 1);
}

/* ---- VOG ------------------------------------------------------------------------------------ */

static void assert_vog(const char *vog, const char *today, int years, enum vog_status expected,
                       const char *expected_until)
{
    char until[11];
    enum vog_status got = vog_check(vog, day_of(today), years, until);
    if (got != expected || strcmp(until, expected_until))
        fail_msg("VOG %s on %s (%d years): status %d until '%s', expected %d '%s'",
                 vog ? vog : "(null)", today, years, got, until, expected, expected_until);
}

static void vog_valid_for_exactly_n_years(void **state)
{
    (void)state;
    assert_vog("2022-05-01", "2022-05-01", 3, VOG_VALID, "2025-04-30");
    assert_vog("2022-05-01", "2025-04-30", 3, VOG_VALID, "2025-04-30");
    assert_vog("2022-05-01", "2025-05-01", 3, VOG_EXPIRED, "2025-04-30");
    assert_vog("2022-05-01", "2030-01-01", 3, VOG_EXPIRED, "2025-04-30");
    /* The configured number of years is used. */
    assert_vog("2022-05-01", "2025-05-01", 5, VOG_VALID, "2027-04-30");
    assert_vog("2022-05-01", "2023-05-01", 1, VOG_EXPIRED, "2023-04-30");
    /* 1 January runs until 31 December of the year before the anniversary. */
    assert_vog("2023-01-01", "2025-12-31", 3, VOG_VALID, "2025-12-31");
    assert_vog("2023-01-01", "2026-01-01", 3, VOG_EXPIRED, "2025-12-31");
}

static void vog_of_a_leap_day(void **state)
{
    (void)state;
    /* 29 February 2024 + 3 years: no 29 February 2027, so valid through 28 February. */
    assert_vog("2024-02-29", "2027-02-28", 3, VOG_VALID, "2027-02-28");
    assert_vog("2024-02-29", "2027-03-01", 3, VOG_EXPIRED, "2027-02-28");
    /* + 4 years lands on 29 February 2028 itself: valid through the 28th. */
    assert_vog("2024-02-29", "2028-02-28", 4, VOG_VALID, "2028-02-28");
    assert_vog("2024-02-29", "2028-02-29", 4, VOG_EXPIRED, "2028-02-28");
    /* 1 March after a leap year: the day before is 29 February when that exists. */
    assert_vog("2025-03-01", "2028-02-29", 3, VOG_VALID, "2028-02-29");
    assert_vog("2025-03-01", "2028-03-01", 3, VOG_EXPIRED, "2028-02-29");
}

static void vog_missing_or_unreadable(void **state)
{
    (void)state;
    assert_vog(NULL, "2025-01-01", 3, VOG_MISSING, "");
    assert_vog("", "2025-01-01", 3, VOG_MISSING, "");
    assert_vog("2025-13-01", "2025-01-01", 3, VOG_MISSING, "");
    assert_vog("2025-02-30", "2025-01-01", 3, VOG_MISSING, "");
    assert_vog("01-05-2025", "2025-01-01", 3, VOG_MISSING, "");
    /* Missing is a problem for external staff only; expired for everybody. */
    assert_true(vog_problem(VOG_MISSING, true));
    assert_false(vog_problem(VOG_MISSING, false));
    assert_true(vog_problem(VOG_EXPIRED, true));
    assert_true(vog_problem(VOG_EXPIRED, false));
    assert_false(vog_problem(VOG_VALID, true));
    assert_false(vog_problem(VOG_VALID, false));
}

/* The list page counts expired VOGs in SQL with date(vog, '+N years', '-1 day'); it must give
   the same last day as vog_check for every day of 2023-2025 and several N. */
static void vog_rule_matches_sqlite(void **state)
{
    struct db *db = db_of(state);
    sqlite3_stmt *st = db_stmt(db, "SELECT date(?1, ?2, '-1 day')");
    assert_non_null(st);
    for (int years = 1; years <= 4; years++) {
        char modifier[24];
        snprintf(modifier, sizeof modifier, "+%d years", years);
        for (int32_t day = day_of("2023-01-01"); day <= day_of("2025-12-31"); day++) {
            char vog[11], until[11];
            date_format(day, vog);
            vog_check(vog, day, years, until);
            db_bind_text(st, 1, vog);
            db_bind_text(st, 2, modifier);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            if (strcmp(db_col_text(st, 0), until))
                fail_msg("VOG %s +%d: SQLite %s, vog_check %s", vog, years, db_col_text(st, 0),
                         until);
            sqlite3_reset(st);
        }
    }
}

static void input_checks(void **state)
{
    (void)state;
    int32_t today = day_of("2025-10-01");
    assert_null(staff_vog_error("", today));
    assert_null(staff_vog_error(NULL, today));
    assert_null(staff_vog_error("2025-10-01", today));
    assert_non_null(staff_vog_error("2025-10-02", today));
    assert_non_null(staff_vog_error("2025-13-01", today));
    assert_null(staff_level_error("start"));
    assert_null(staff_level_error("basis"));
    assert_null(staff_level_error("vak"));
    assert_non_null(staff_level_error("x"));
    assert_non_null(staff_level_error(""));
    assert_string_equal(staff_level_label("basis"), "basisbekwaam");
    char name[256];
    memset(name, 'n', 120);
    name[120] = '\0';
    assert_null(provider_name_error(name));
    name[120] = 'n';
    name[121] = '\0';
    assert_non_null(provider_name_error(name));
    /* 120 two-byte characters are 120 characters. */
    for (int i = 0; i < 120; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[240] = '\0';
    assert_null(staff_name_error(name));
    assert_non_null(staff_name_error(""));
    assert_non_null(staff_name_error("a\x01" "b"));
    assert_non_null(staff_name_error("\xff"));
}

/* ---- writes --------------------------------------------------------------------------------- */

static void writes_save_and_audit(void **state)
{
    struct db *db = db_of(state);
    int32_t today = day_of("2025-10-01");
    struct provider_input p = {.name = "Muziekschool", .external = false};
    int64_t provider = provider_create(db, 0, &p, NULL, 0);
    assert_true(provider > 0);
    p.name = "Muziekschool Zuid";
    p.external = true;
    assert_int_equal(provider_update(db, 0, provider, &p), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM providers WHERE name = 'Muziekschool Zuid'"
                               " AND external = 1 AND key = 'muziekschool'"),
                     1);
    struct staff_input s = {.name = "Piet", .level = "start", .vog_date = "2025-10-01"};
    int64_t staff = staff_create(db, 0, provider, &s, today);
    assert_true(staff > 0);
    s.level = "basis";
    s.vog_date = "";
    assert_int_equal(staff_update(db, 0, staff, &s, today), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM staff WHERE name = 'Piet' AND"
                               " level = 'basis' AND vog_date IS NULL"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'providers'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'staff'"), 2);
}

static void writes_nothing_on_bad_input(void **state)
{
    struct db *db = db_of(state);
    int32_t today = day_of("2025-10-01");
    struct provider_input good = {.name = "Sportpartner", .external = true};
    int64_t provider = provider_create(db, 0, &good, NULL, 0);
    struct staff_input anna = {.name = "Anna", .level = "vak", .vog_date = "2024-05-01"};
    int64_t staff = staff_create(db, 0, provider, &anna, today);
    assert_true(provider > 0 && staff > 0);
    struct snapshot before = snap(db);

    char long_name[130];
    memset(long_name, 'x', 121);
    long_name[121] = '\0';
    struct provider_input bad_providers[] = {
        {.name = "", .external = true},
        {.name = long_name, .external = true},
        {.name = "tab\there", .external = false},
    };
    for (size_t i = 0; i < sizeof bad_providers / sizeof bad_providers[0]; i++) {
        assert_int_equal(provider_create(db, 0, &bad_providers[i], NULL, 0), -1);
        assert_int_equal(provider_update(db, 0, provider, &bad_providers[i]), -1);
    }
    assert_int_equal(provider_update(db, 0, provider + 100, &good), 1);

    struct staff_input bad_staff[] = {
        {.name = "", .level = "vak", .vog_date = ""},
        {.name = long_name, .level = "vak", .vog_date = ""},
        {.name = "Bob", .level = "x", .vog_date = ""},
        {.name = "Bob", .level = "", .vog_date = ""},
        {.name = "Bob", .level = "vak", .vog_date = "2025-13-01"},
        {.name = "Bob", .level = "vak", .vog_date = "2025-10-02"}, /* tomorrow */
    };
    for (size_t i = 0; i < sizeof bad_staff / sizeof bad_staff[0]; i++) {
        assert_int_equal(staff_create(db, 0, provider, &bad_staff[i], today), -1);
        assert_int_equal(staff_update(db, 0, staff, &bad_staff[i], today), -1);
    }
    struct staff_input bob = {.name = "Bob", .level = "vak", .vog_date = ""};
    assert_int_equal(staff_create(db, 0, provider + 100, &bob, today), 0);
    assert_int_equal(staff_update(db, 0, staff + 100, &bob, today), 1);
    assert_unchanged(db, before);
    assert_int_equal(count(db, "SELECT count(*) FROM staff WHERE name = 'Anna' AND"
                               " vog_date = '2024-05-01'"),
                     1);
}

/* When the audit entry cannot be written, the row written before it is rolled back. */
static void writes_nothing_when_failing_midway(void **state)
{
    struct db *db = db_of(state);
    int32_t today = day_of("2025-10-01");
    struct provider_input p = {.name = "Sportpartner", .external = true};
    int64_t provider = provider_create(db, 0, &p, NULL, 0);
    struct staff_input anna = {.name = "Anna", .level = "vak", .vog_date = ""};
    int64_t staff = staff_create(db, 0, provider, &anna, today);
    assert_true(provider > 0 && staff > 0);
    assert_int_equal(db_exec(db, "CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit_log"
                                 " BEGIN SELECT RAISE(ABORT, 'audit refused'); END"),
                     0);
    struct snapshot before = snap(db);
    struct provider_input other = {.name = "Ander", .external = false};
    assert_int_equal(provider_create(db, 0, &other, NULL, 0), -1);
    assert_int_equal(provider_update(db, 0, provider, &other), -1);
    struct staff_input bob = {.name = "Bob", .level = "start", .vog_date = "2025-01-01"};
    assert_int_equal(staff_create(db, 0, provider, &bob, today), -1);
    assert_int_equal(staff_update(db, 0, staff, &bob, today), -1);
    /* total_changes counts the rolled-back statements too, so compare the rows instead. */
    before.changes = sqlite3_total_changes(db_handle(db));
    assert_unchanged(db, before);
    assert_int_equal(count(db, "SELECT count(*) FROM providers WHERE name = 'Sportpartner'"
                               " AND external = 1"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM staff WHERE name = 'Anna' AND"
                               " level = 'vak' AND vog_date IS NULL"),
                     1);
    /* The write lock was released: a later write works. */
    assert_int_equal(db_exec(db, "DROP TRIGGER temp.no_audit"), 0);
    assert_true(provider_create(db, 0, &other, NULL, 0) > 0);
}

/* ---- who may change them ----------------------------------------------------------------- */

static const char scope_seed[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po'), (3, 'west', 'West', 'po');"
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'muziek', 'Muziek', 1), (3, 'nieuw', 'Nieuw', 1), (4, 'eigen', 'Eigen', 0);"
    "INSERT INTO staff (id, key, provider_id, name, level) VALUES (1, 'anna', 1, 'Anna', 'vak'),"
    " (2, 'bram', 1, 'Bram', 'vak'), (3, 'cas', 2, 'Cas', 'vak'), (4, 'dirk', 3, 'Dirk', 'vak');"
    "INSERT INTO activities (id, key, school_id, provider_id, title, goal, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo-noord', 1, 1, 'Judo', '', 5, 8, 10, 2, '15:15', '16:15', '2026-09-01',"
    "  '2026-12-31'),"
    " (2, 'judo-zuid', 2, 1, 'Judo', '', 5, 8, 10, 2, '15:15', '16:15', '2026-09-01',"
    "  '2026-12-31'),"
    " (3, 'koor-west', 3, NULL, 'Koor', '', 1, 4, 10, 4, '14:00', '14:45', '2026-09-01',"
    "  '2026-12-31');"
    /* anna runs judo at noord, bram at zuid; cas (of muziek, which runs nothing itself) the
       choir at west; dirk nothing. */
    "INSERT INTO activity_staff (activity_id, staff_id) VALUES (1, 1), (2, 2), (3, 3);";

static int scope_setup(void **state) { return testdb_setup(state, "test_providers", scope_seed); }

/* The ids of the schools read gave, as "1,2" (into out). */
static void ids_of(json_t *schools, char *out, size_t size)
{
    assert_non_null(schools);
    out[0] = '\0';
    size_t i;
    json_t *school;
    json_array_foreach (schools, i, school)
        snprintf(out + strlen(out), size - strlen(out), "%s%lld", i ? "," : "",
                 (long long)json_integer_value(json_object_get(school, "id")));
}

static void schools_that_use_them(void **state)
{
    struct db *db = db_of(state);
    char ids[64];
    json_t *schools;
    struct {
        bool provider;
        int64_t id;
        const char *want;
    } cases[] = {
        {true, 1, "1,2"},  /* sport: its own activities at noord and zuid */
        {true, 2, "3"},    /* muziek: through cas at west */
        {true, 3, ""},     /* nieuw: nothing yet */
        {true, 99, ""},    /* no such provider */
        {false, 1, "1"},   /* anna */
        {false, 2, "2"},   /* bram */
        {false, 3, "3"},   /* cas */
        {false, 4, ""},    /* dirk */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        schools = cases[i].provider ? read_provider_schools(db, cases[i].id)
                                    : read_staff_schools(db, cases[i].id);
        ids_of(schools, ids, sizeof ids);
        if (strcmp(ids, cases[i].want))
            fail_msg("%s %lld: schools %s, expected %s", cases[i].provider ? "provider" : "staff",
                     (long long)cases[i].id, ids, cases[i].want);
        json_decref(schools);
    }
    schools = read_provider_schools(db, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(schools, 0), "name")),
                        "Noord");
    json_decref(schools);
}

static void only_the_lead_changes_what_other_schools_use(void **state)
{
    (void)state;
    json_t *none = json_array();
    json_t *noord = json_pack("[{s:i, s:s}]", "id", 1, "name", "Noord");
    json_t *both = json_pack("[{s:i, s:s}, {s:i, s:s}]", "id", 1, "name", "Noord", "id", 2,
                             "name", "Zuid");
    /* The lead: anything. */
    assert_true(offer_editable(true, 0, none));
    assert_true(offer_editable(true, 0, both));
    /* A coordinator: the own school's alone, or nobody's. */
    assert_true(offer_editable(false, 1, none));
    assert_true(offer_editable(false, 1, noord));
    assert_false(offer_editable(false, 2, noord));
    assert_false(offer_editable(false, 1, both));
    assert_false(offer_editable(false, 2, both));
    /* No school (staff, parents) or no list: never. */
    assert_false(offer_editable(false, 0, none));
    assert_false(offer_editable(false, 1, NULL));
    json_decref(none);
    json_decref(noord);
    json_decref(both);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_from_name_folds_and_joins),
        cmocka_unit_test(key_from_name_truncates_on_a_word),
        cmocka_unit_test_setup_teardown(keys_are_unique_per_table, db_setup, testdb_teardown),
        cmocka_unit_test(vog_valid_for_exactly_n_years),
        cmocka_unit_test(vog_of_a_leap_day),
        cmocka_unit_test(vog_missing_or_unreadable),
        cmocka_unit_test_setup_teardown(vog_rule_matches_sqlite, db_setup, testdb_teardown),
        cmocka_unit_test(input_checks),
        cmocka_unit_test_setup_teardown(writes_save_and_audit, db_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(writes_nothing_on_bad_input, db_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(writes_nothing_when_failing_midway, db_setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(schools_that_use_them, scope_setup, testdb_teardown),
        cmocka_unit_test(only_the_lead_changes_what_other_schools_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
