/* Tests of the JSON load format (PRODUCT.md 6): a good document loads, every section
 * round-trips, dump → load → dump is byte-identical (into an empty and into the same
 * database), loading is idempotent, each class of error is refused with its exact message and
 * nothing written, large documents load, and the HTTP tests' fixture loads. The later sections
 * (norms, evaluations, incidents, reviews) have their own tests of the same kinds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "io/loadjson.h"
#include "domain/offer/schedule.h"
#include "testdb.h"

#define FIXTURES "tests/unit/fixtures/"
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* ---- helpers ----------------------------------------------------------------------------- */

/* Another migrated database, file name in the fixture's folder. */
static struct db *open_db(struct testdb *f, const char *name)
{
    char path[160], err[256];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    struct db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err))
        fail_msg("cannot open %s: %s", path, err);
    return db;
}

static int setup(void **state)
{
    return testdb_setup(state, "test_loaddump", NULL);
}

/* A JSON file of the tests (run from the repository root). New reference. */
static json_t *read_json(const char *path)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    return doc;
}

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        fail_msg("bad test JSON '%s': %s", text, jerr.text);
    return v;
}

static void load_ok(struct db *db, json_t *doc)
{
    char err[512] = "";
    int rc = load_document(db, doc, err, sizeof err);
    if (rc)
        fail_msg("load failed: %s", err);
}

static void load_file_ok(struct db *db, const char *path)
{
    json_t *doc = read_json(path);
    load_ok(db, doc);
    json_decref(doc);
}

/* The dump as text; caller frees. */
static char *dump_text(struct db *db)
{
    json_t *doc = dump_document(db);
    assert_non_null(doc);
    char *text = json_dumps(doc, DUMP_FLAGS);
    json_decref(doc);
    assert_non_null(text);
    return text;
}

static const char *const TABLES[] = {
    "coalition",      "domains",         "holidays",       "schools",   "providers",
    "staff",          "activities",      "activity_domains", "activity_staff", "sessions",
    "pupils",         "users",           "parent_children", "enrolments", "enrolment_history",
    "attendance",     "rounds",          "round_activities", "preferences", "norms",
    "evaluations",    "incidents",       "incident_pupils", "review_conclusions", NULL,
};

/* The row count of every data table (not the audit log), as one string; caller frees. */
static char *counts(struct db *db)
{
    char *out = calloc(1, 2048);
    size_t used = 0;
    for (size_t i = 0; TABLES[i]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", TABLES[i]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        used += (size_t)snprintf(out + used, 2048 - used, "%s=%lld ", TABLES[i],
                                 (long long)sqlite3_column_int64(st, 0));
        sqlite3_finalize(st);
    }
    return out;
}

static long long count_of(struct db *db, const char *sql)
{
    return (long long)db_scalar_int(db, sql, -1);
}

/* Walk "a[1].b" in doc and set the last step to value (stolen); NULL value removes it. */
static void set_path(json_t *doc, const char *path, json_t *value)
{
    json_t *node = doc;
    const char *p = path;
    while (*p) {
        char name[64];
        size_t index = 0;
        bool is_index = *p == '[';
        if (is_index) {
            index = strtoul(p + 1, (char **)&p, 10);
            p++; /* ] */
        } else {
            size_t n = strcspn(p, ".[");
            snprintf(name, sizeof name, "%.*s", (int)n, p);
            p += n;
        }
        if (*p == '.')
            p++;
        if (!*p) {
            if (is_index)
                assert_int_equal(json_array_set_new(node, index, value), 0);
            else if (value)
                assert_int_equal(json_object_set_new(node, name, value), 0);
            else
                json_object_del(node, name);
            return;
        }
        node = is_index ? json_array_get(node, index) : json_object_get(node, name);
        if (!node)
            fail_msg("no %s in the test document", path);
    }
}

/* Load doc (stolen) into db: it must be refused with exactly message, and nothing written. */
static void expect_refused(struct db *db, json_t *doc, const char *message)
{
    char *before = counts(db);
    char *dump_before = dump_text(db);
    char err[512] = "";
    assert_int_equal(load_document(db, doc, err, sizeof err), -1);
    assert_string_equal(err, message);
    char *after = counts(db);
    char *dump_after = dump_text(db);
    assert_string_equal(after, before);
    assert_string_equal(dump_after, dump_before);
    free(before);
    free(after);
    free(dump_before);
    free(dump_after);
    json_decref(doc);
}

struct bad_case {
    const char *path, *value; /* value as JSON text; NULL removes the field */
    const char *message;
};

/* Each case changes one field of the full fixture; the load must be refused. */
static void expect_cases(struct db *db, const struct bad_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_t *doc = read_json(FIXTURES "full.json");
        set_path(doc, cases[i].path, cases[i].value ? parse(cases[i].value) : NULL);
        expect_refused(db, doc, cases[i].message);
    }
}

#define CASES(db, table) expect_cases(db, table, sizeof table / sizeof table[0])

/* ---- good documents ---------------------------------------------------------------------- */

static void test_full_document_loads(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    char *c = counts(f->db);
    assert_string_equal(c, "coalition=1 domains=4 holidays=2 schools=2 providers=2 staff=2 "
                           "activities=3 activity_domains=4 activity_staff=3 sessions=17 "
                           "pupils=4 users=6 parent_children=2 enrolments=5 "
                           "enrolment_history=5 attendance=5 rounds=2 round_activities=3 "
                           "preferences=4 norms=3 evaluations=3 incidents=3 incident_pupils=2 "
                           "review_conclusions=3 ");
    free(c);
    /* The moved session, the cancelled one, and the one kept outside the schedule. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions WHERE slot_date = '2025-09-09'"
                                     " AND date = '2025-09-10' AND start_time = '16:00'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions WHERE cancelled = 1"), 2);
    /* The plain password was hashed; the given hash stored as is. */
    sqlite3_stmt *st = db_stmt(f->db, "SELECT password_hash FROM users WHERE email = ?1");
    db_bind_text(st, 1, "plain@test.nl");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(password_verify(db_col_text(st, 0), "wachtwoord-123"));
    sqlite3_reset(st);
    assert_int_equal(count_of(f->db, "SELECT active FROM users WHERE email = 'oud@test.nl'"), 0);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM users WHERE password_hash LIKE"
                                     " '$argon2id$%'"),
                     6);
    /* Attendance of the moved session hangs on that session. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM attendance a JOIN sessions s"
                                     " ON s.id = a.session_id WHERE s.slot_date = '2025-09-09'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT seed FROM rounds WHERE key = 'najaar-noord'"),
                     123456789);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM audit_log WHERE action = 'load'"), 1);
}

/* Item index of section of dump, as compact JSON, must be expected. */
static void expect_item(json_t *dump, const char *section, size_t index, const char *expected)
{
    char *text = json_dumps(json_array_get(json_object_get(dump, section), index), JSON_COMPACT);
    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
}

/* The items of the later sections of full.json whose bookkeeping the file gives, as dumped:
   sorted (norms by figure, evaluations by session and author, incidents by creation, reviews by
   school, year and theme), whole numbers as integers, authors in the database's spelling. */
static void expect_quality_items(json_t *dump)
{
    expect_item(dump, "norms", 0,
                "{\"figure\":\"involvement\",\"ambition\":3.75,"
                "\"updated\":\"2025-08-15T10:05:00.000\"}");
    expect_item(dump, "norms", 2,
                "{\"figure\":\"reach_pct\",\"norm\":60,\"ambition\":80,"
                "\"updated\":\"2025-08-15T10:00:00.000\",\"updated_by\":\"lead@test.nl\"}");
    expect_item(dump, "evaluations", 0,
                "{\"activity\":\"judo-noord\",\"date\":\"2025-09-02\","
                "\"author\":\"anna@test.nl\",\"went_well\":\"Iedereen deed mee.\","
                "\"to_change\":\"Meer water klaarzetten.\",\"as_planned\":\"yes\","
                "\"created\":\"2025-09-02T17:00:00.000\","
                "\"updated\":\"2025-09-03T08:00:00.000\"}");
    json_t *by_coordinator = json_array_get(json_object_get(dump, "evaluations"), 1);
    assert_string_equal(json_string_value(json_object_get(by_coordinator, "author")),
                        "noord@test.nl");
    expect_item(dump, "evaluations", 2,
                "{\"activity\":\"judo-noord\",\"date\":\"2025-09-10\",\"slot\":\"2025-09-09\","
                "\"went_well\":\"De andere zaal beviel.\",\"to_change\":\"Eerder beginnen.\","
                "\"as_planned\":\"no\",\"created\":\"2025-09-10T18:00:00.000\","
                "\"updated\":\"2025-09-10T18:00:00.000\"}");
    expect_item(dump, "incidents", 0,
                "{\"school\":\"noord\",\"activity\":\"judo-noord\",\"date\":\"2025-09-02\","
                "\"occurred_on\":\"2025-09-02\",\"what\":\"Sara viel van de mat.\","
                "\"involved\":\"Trainer Anna\",\"measures\":\"IJs erop gelegd en ouders gebeld.\","
                "\"severity\":\"laag\",\"pupils\":[\"n-1\",\"n-2\"],"
                "\"reported_by\":\"anna@test.nl\",\"created\":\"2025-09-02T17:30:00.000\"}");
    expect_item(dump, "incidents", 1,
                "{\"school\":\"noord\",\"activity\":\"judo-noord\",\"date\":\"2025-09-10\","
                "\"slot\":\"2025-09-09\",\"occurred_on\":\"2025-09-10\","
                "\"what\":\"Ruzie in de kleedkamer.\",\"measures\":\"Gesprek met beide kinderen.\","
                "\"severity\":\"middel\",\"created\":\"2025-09-10T18:10:00.000\"}");
    expect_item(dump, "reviews", 2,
                "{\"school\":\"noord\",\"year\":2025,\"theme\":\"personeel\","
                "\"text\":\"Stabiel team; Anna blijft.\",\"updated\":\"2026-06-20T14:00:00.000\","
                "\"updated_by\":\"lead@test.nl\"}");
}

/* Every section comes back in the dump, with the details that are not plain columns. */
static void test_every_section_round_trips(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    json_t *dump = dump_document(f->db);
    assert_non_null(dump);
    const char *order[] = {"coalition",  "domains",    "holidays",   "schools",     "providers",
                           "staff",      "activities", "sessions",   "pupils",      "users",
                           "enrolments", "attendance", "rounds",     "preferences", "norms",
                           "evaluations", "incidents", "reviews", "plan_questions", "plans",
                           "visits", "budgets", "interests", "feedback"};
    /* full.json has no sections of issue 15: the dump has the migration's questions. */
    const size_t in_file = sizeof order / sizeof order[0] - 6;
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach(dump, key, value)
    {
        assert_true(i < sizeof order / sizeof order[0]);
        assert_string_equal(key, order[i++]);
    }
    assert_int_equal(i, sizeof order / sizeof order[0]);
    json_t *original = read_json(FIXTURES "full.json");
    /* Same number of items in each section as the document loaded. */
    for (i = 1; i < in_file; i++)
        assert_int_equal(json_array_size(json_object_get(dump, order[i])),
                         json_array_size(json_object_get(original, order[i])));
    json_decref(original);
    char *sessions = json_dumps(json_object_get(dump, "sessions"), JSON_COMPACT);
    assert_string_equal(
        sessions,
        "[{\"activity\":\"judo-noord\",\"slot\":\"2025-09-09\",\"date\":\"2025-09-10\","
        "\"start\":\"16:00\",\"end\":\"17:00\"},"
        "{\"activity\":\"judo-noord\",\"slot\":\"2025-09-16\",\"cancelled\":true,"
        "\"reason\":\"Zaal bezet\"},"
        "{\"activity\":\"judo-noord\",\"slot\":\"2025-10-21\",\"cancelled\":true,"
        "\"reason\":\"Vervallen na roosterwijziging\"},"
        "{\"activity\":\"schaken-college\",\"slot\":\"2025-09-11\",\"start\":\"14:30\","
        "\"end\":\"15:30\"}]");
    free(sessions);
    char *natuur = json_dumps(json_array_get(json_object_get(dump, "activities"), 1), JSON_COMPACT);
    assert_string_equal(natuur,
                        "{\"key\":\"natuur-noord\",\"school\":\"noord\",\"provider\":\"school-noord\","
                        "\"staff\":[\"anna\",\"bob\"],\"title\":\"Natuurspeurtocht\","
                        "\"domains\":[\"sport\",\"wereld\"],"
                        "\"goal\":\"Buiten leren.\\nSamen ontdekken.\",\"grades\":[3,6],"
                        "\"capacity\":15,\"weekday\":7,\"start\":\"10:00\",\"end\":\"12:00\","
                        "\"from\":\"2025-09-07\",\"until\":\"2025-09-28\",\"open_to\":\"school\"}");
    free(natuur);
    /* Users carry hashes, never passwords. */
    size_t n;
    json_t *u;
    json_array_foreach(json_object_get(dump, "users"), n, u)
    {
        assert_null(json_object_get(u, "password"));
        assert_true(!strncmp(json_string_value(json_object_get(u, "password_hash")), "$argon2id$",
                             10));
    }
    char *rounds = json_dumps(json_object_get(dump, "rounds"), JSON_COMPACT);
    assert_string_equal(
        rounds, "[{\"key\":\"najaar-noord\",\"school\":\"noord\",\"activities\":[\"judo-noord\","
                "\"natuur-noord\"],\"opens\":\"2025-08-20T19:00\",\"closes\":\"2025-09-01T23:59\","
                "\"choices\":2,\"max_per_child\":1,\"seed\":123456789,"
                "\"closed_at\":\"2025-09-02T08:00:00.000\"},{\"key\":\"voorjaar-noord\","
                "\"school\":\"noord\",\"activities\":[\"natuur-noord\"],"
                "\"opens\":\"2026-01-10T19:00\",\"closes\":\"2026-01-20T23:59\",\"choices\":3,"
                "\"max_per_child\":1}]");
    free(rounds);
    char *enrolments = json_dumps(json_object_get(dump, "enrolments"), JSON_COMPACT);
    assert_string_equal(
        enrolments,
        "[{\"pupil\":\"n-1\",\"activity\":\"judo-noord\",\"status\":\"enrolled\","
        "\"created\":\"2025-08-20T19:00:01.250\"},{\"pupil\":\"n-2\",\"activity\":\"judo-noord\","
        "\"status\":\"enrolled\",\"created\":\"2025-08-20T19:00:01.250\"},{\"pupil\":\"c-1\","
        "\"activity\":\"schaken-college\",\"status\":\"enrolled\","
        "\"created\":\"2025-08-21T08:30:00.000\"},{\"pupil\":\"n-1\",\"activity\":\"natuur-noord\","
        "\"status\":\"cancelled\",\"created\":\"2025-08-21T10:00:00.000\"},{\"pupil\":\"n-2\","
        "\"activity\":\"natuur-noord\",\"status\":\"waitlisted\","
        "\"created\":\"2025-08-22T10:00:00.000\"}]");
    free(enrolments);
    char *attendance = json_dumps(json_array_get(json_object_get(dump, "attendance"), 2),
                                  JSON_COMPACT);
    assert_string_equal(attendance, "{\"activity\":\"judo-noord\",\"date\":\"2025-09-10\","
                                    "\"slot\":\"2025-09-09\",\"pupil\":\"n-1\","
                                    "\"status\":\"present\",\"involvement\":5}");
    free(attendance);
    char *pupil = json_dumps(json_array_get(json_object_get(dump, "pupils"), 3), JSON_COMPACT);
    assert_string_equal(pupil, "{\"key\":\"n-3\",\"school\":\"noord\",\"number\":\"1003\","
                               "\"first_name\":\"Noor\",\"last_name\":\"Visser\",\"grade\":3,"
                               "\"left_on\":\"2025-07-15\"}");
    free(pupil);
    expect_quality_items(dump);
    json_decref(dump);
}

static void test_dump_load_dump_identical(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    char *first = dump_text(f->db);
    /* Into an empty database. */
    struct db *other = open_db(f, "other.db");
    json_t *doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    /* Into the same database. */
    char *before = counts(f->db);
    doc = parse(first);
    load_ok(f->db, doc);
    json_decref(doc);
    char *third = dump_text(f->db);
    char *after = counts(f->db);
    assert_string_equal(third, first);
    assert_string_equal(after, before);
    free(first);
    free(second);
    free(third);
    free(before);
    free(after);
}

/* The fixture with judo on Tuesday and Thursday (slots) and study days at noord, one of them on
   a Tuesday with marks. New reference. */
static json_t *two_slot_document(void)
{
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "activities[0].weekday", NULL);
    set_path(doc, "activities[0].start", NULL);
    set_path(doc, "activities[0].end", NULL);
    set_path(doc, "activities[0].slots",
             parse("[{\"weekday\": 4, \"start\": \"16:00\", \"end\": \"17:00\"},"
                   " {\"weekday\": 2, \"start\": \"15:15\", \"end\": \"16:15\"}]"));
    set_path(doc, "schools[0].study_days", parse("[\"2025-09-25\", \"2025-09-02\"]"));
    /* The marks of the 2nd need their session: kept, cancelled. */
    json_array_append_new(json_object_get(doc, "sessions"),
                          parse("{\"activity\": \"judo-noord\", \"slot\": \"2025-09-02\","
                                " \"cancelled\": true, \"reason\": \"Studiedag\"}"));
    return doc;
}

static void test_slots_and_study_days_round_trip(void **state)
{
    struct testdb *f = *state;
    json_t *doc = two_slot_document();
    load_ok(f->db, doc);
    json_decref(doc);
    /* Sessions on both weekdays, each with its slot's times, none on a study day; the Tuesday
       with marks is kept, cancelled. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions s JOIN activities a"
                                     " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"
                                     " AND s.slot_date = '2025-09-04' AND s.start_time = '16:00'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions s JOIN activities a"
                                     " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"
                                     " AND s.slot_date = '2025-09-25'"),
                     0);
    /* Another school's activity on that day keeps its session. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions s JOIN activities a"
                                     " ON a.id = s.activity_id JOIN schools c ON c.id = a.school_id"
                                     " WHERE c.key <> 'noord' AND s.slot_date = '2025-09-25'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT cancelled FROM sessions WHERE slot_date = '2025-09-02'"
                                     " AND activity_id = (SELECT id FROM activities"
                                     "  WHERE key = 'judo-noord')"),
                     1);
    char *first = dump_text(f->db);
    json_t *dump = parse(first);
    json_t *judo = json_array_get(json_object_get(dump, "activities"), 0);
    char *slots = json_dumps(json_object_get(judo, "slots"), JSON_COMPACT);
    assert_string_equal(slots, "[{\"weekday\":2,\"start\":\"15:15\",\"end\":\"16:15\"},"
                               "{\"weekday\":4,\"start\":\"16:00\",\"end\":\"17:00\"}]");
    free(slots);
    assert_null(json_object_get(judo, "weekday"));
    /* One slot keeps the single form. */
    json_t *natuur = json_array_get(json_object_get(dump, "activities"), 1);
    assert_int_equal(json_integer_value(json_object_get(natuur, "weekday")), 7);
    assert_null(json_object_get(natuur, "slots"));
    json_t *noord = NULL, *school;
    size_t i;
    json_array_foreach(json_object_get(dump, "schools"), i, school)
        if (!strcmp(json_string_value(json_object_get(school, "key")), "noord"))
            noord = school;
    assert_non_null(noord);
    char *days = json_dumps(json_object_get(noord, "study_days"), JSON_COMPACT);
    assert_non_null(days);
    assert_string_equal(days, "[\"2025-09-02\",\"2025-09-25\"]");
    free(days);
    json_decref(dump);
    /* dump → load → dump: into an empty database and into the same one. */
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    doc = parse(first);
    load_ok(f->db, doc);
    json_decref(doc);
    char *third = dump_text(f->db);
    assert_string_equal(third, first);
    /* Back to one slot and no study days: the single form again. */
    load_file_ok(f->db, FIXTURES "full.json");
    char *fourth = dump_text(f->db);
    assert_null(strstr(fourth, "\"slots\""));
    assert_null(strstr(fourth, "\"study_days\""));
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activity_slots s JOIN activities a"
                                     " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"),
                     1);
    free(first);
    free(second);
    free(third);
    free(fourth);
}

static void test_refuses_bad_slots(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"activities[0].slots", "[{\"weekday\": 2, \"start\": \"15:00\", \"end\": \"16:00\"}]",
         "activities[0]: give either weekday, start and end, or slots; not both"},
        {"activities[0].weekday", NULL, "activities[0].weekday: is required (or give slots)"},
        {"schools[0].study_days", "[\"2025-13-01\"]",
         "schools[0].study_days[0]: must be a date (YYYY-MM-DD)"},
        {"schools[0].study_days", "[\"2025-09-25\", \"2025-09-25\"]",
         "schools[0].study_days[1]: duplicate date 2025-09-25"},
        {"schools[0].study_days", "\"2025-09-25\"", "schools[0].study_days: must be an array of dates"},
    };
    CASES(f->db, cases);
    static const struct {
        const char *slots, *message;
    } slot_cases[] = {
        {"[]", "activities[0].slots: must be a non-empty array of slots"},
        {"[{\"weekday\": 2, \"start\": \"15:00\", \"end\": \"16:00\"},"
         " {\"weekday\": 2, \"start\": \"17:00\", \"end\": \"18:00\"}]",
         "activities[0].slots[1].weekday: has a slot already (at most one slot per weekday)"},
        {"[{\"weekday\": 2, \"start\": \"16:00\", \"end\": \"15:00\"}]",
         "activities[0].slots[0].end: must be after start"},
        {"[{\"weekday\": 2, \"start\": \"15:60\", \"end\": \"16:00\"}]",
         "activities[0].slots[0].start: must be a time (HH:MM)"},
        {"[{\"weekday\": 8, \"start\": \"15:00\", \"end\": \"16:00\"}]",
         "activities[0].slots[0].weekday: must be a whole number from 1 to 7"},
        {"[{\"weekday\": 2, \"start\": \"15:00\"}]", "activities[0].slots[0].end: is required"},
        {"[{\"weekday\": 2, \"start\": \"15:00\", \"end\": \"16:00\", \"room\": \"gym\"}]",
         "activities[0].slots[0].room: unknown field"},
        {"[2]", "activities[0].slots[0]: must be an object"},
    };
    for (size_t i = 0; i < sizeof slot_cases / sizeof slot_cases[0]; i++) {
        json_t *doc = read_json(FIXTURES "full.json");
        set_path(doc, "activities[0].weekday", NULL);
        set_path(doc, "activities[0].start", NULL);
        set_path(doc, "activities[0].end", NULL);
        set_path(doc, "activities[0].slots", parse(slot_cases[i].slots));
        expect_refused(f->db, doc, slot_cases[i].message);
    }
}

static void test_load_is_idempotent(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    char *first = dump_text(f->db), *first_counts = counts(f->db);
    load_file_ok(f->db, FIXTURES "full.json");
    char *second = dump_text(f->db), *second_counts = counts(f->db);
    /* Also the plain password keeps its stored hash (it still matches). */
    assert_string_equal(second, first);
    assert_string_equal(second_counts, first_counts);
    free(first);
    free(second);
    free(first_counts);
    free(second_counts);
}

/* A document that changes existing data: upserts by key, status history, replaced links. */
static void test_load_updates(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    json_t *doc = parse(
        "{\"activities\": [{\"key\": \"judo-noord\", \"school\": \"noord\", \"title\": \"Judo!\","
        " \"domains\": [\"cultuur\"], \"grades\": [5, 8], \"capacity\": 12, \"weekday\": 2,"
        " \"start\": \"15:30\", \"end\": \"16:30\", \"from\": \"2025-09-02\","
        " \"until\": \"2025-09-30\"}],"
        " \"enrolments\": [{\"pupil\": \"n-2\", \"activity\": \"judo-noord\","
        " \"status\": \"cancelled\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activities WHERE title = 'Judo!'"
                                     " AND provider_id IS NULL"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activity_domains d JOIN activities a"
                                     " ON a.id = d.activity_id WHERE a.key = 'judo-noord'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activity_staff s JOIN activities a"
                                     " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"),
                     0);
    /* Sessions follow: 2, 9 (moved), 16 (cancelled), 23, 30; October: only the kept one. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions s JOIN activities a"
                                     " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"),
                     6);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions WHERE start_time = '15:30'"),
                     4);
    /* The status change is in the history; the creation time kept. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM enrolment_history WHERE"
                                     " from_status = 'enrolled' AND to_status = 'cancelled'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM enrolments WHERE status = 'cancelled'"
                                     " AND created_at = '2025-08-20T19:00:01.250'"),
                     1);
}

static void test_default_domains(void **state)
{
    struct testdb *f = *state;
    json_t *doc = parse("{\"schools\": [{\"key\": \"s\", \"name\": \"S\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM domains"), 6);
    assert_int_equal(count_of(f->db, "SELECT position FROM domains WHERE code = 'wereld'"), 6);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM domains WHERE code = 'zelf' AND"
                                     " name = 'Oriëntatie op jezelf'"),
                     1);
    /* A document with domains, or a table that has some, gets no defaults. */
    struct db *other = open_db(f, "other.db");
    doc = parse("{\"domains\": [{\"code\": \"sport\", \"name\": \"Sport\"}]}");
    load_ok(other, doc);
    json_decref(doc);
    doc = parse("{\"schools\": [{\"key\": \"s\", \"name\": \"S\"}]}");
    load_ok(other, doc);
    json_decref(doc);
    assert_int_equal(count_of(other, "SELECT count(*) FROM domains"), 1);
    db_close(other);
    /* An empty document is fine too. */
    doc = parse("{}");
    load_ok(f->db, doc);
    json_decref(doc);
}

/* The school's contact line for parents (issue 10): optional, loaded, updated and cleared by
   key, dumped only when set, and refused when it is not one line of at most 200 characters. */
static void test_school_contact(void **state)
{
    struct testdb *f = *state;
    json_t *doc = parse("{\"schools\": [{\"key\": \"s\", \"name\": \"S\","
                        " \"contact\": \"Bel 010 123 45 67\"}, {\"key\": \"t\", \"name\": \"T\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    char *text = dump_text(f->db);
    json_t *dumped = parse(text);
    free(text);
    json_t *schools = json_object_get(dumped, "schools");
    assert_string_equal(json_string_value(json_object_get(json_array_get(schools, 0), "contact")),
                        "Bel 010 123 45 67");
    assert_null(json_object_get(json_array_get(schools, 1), "contact")); /* none: left out */
    /* Loading the dump again changes nothing; a later load without the field clears it. */
    load_ok(f->db, dumped);
    json_decref(dumped);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM schools WHERE contact ="
                                     " 'Bel 010 123 45 67'"),
                     1);
    doc = parse("{\"schools\": [{\"key\": \"s\", \"name\": \"S\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM schools WHERE contact <> ''"), 0);
    char long_line[300] = "{\"schools\": [{\"key\": \"s\", \"name\": \"S\", \"contact\": \"";
    size_t n = strlen(long_line);
    memset(long_line + n, 'a', 201);
    strcpy(long_line + n + 201, "\"}]}");
    doc = parse(long_line);
    expect_refused(f->db, doc, "schools[0].contact: must be at most 200 characters");
    doc = parse("{\"schools\": [{\"key\": \"s\", \"name\": \"S\", \"contact\": \"a\\nb\"}]}");
    expect_refused(f->db, doc, "schools[0].contact: must not contain control characters");
    doc = parse("{\"schools\": [{\"key\": \"s\", \"name\": \"S\", \"contact\": 12}]}");
    expect_refused(f->db, doc, "schools[0].contact: must be a string");
}

static void test_enrolment_order_kept(void **state)
{
    struct testdb *f = *state;
    json_t *doc = parse(
        "{\"schools\": [{\"key\": \"s\", \"name\": \"S\"}],"
        " \"activities\": [{\"key\": \"a\", \"school\": \"s\", \"title\": \"A\","
        " \"grades\": [1, 8], \"capacity\": 1, \"weekday\": 1, \"start\": \"10:00\","
        " \"end\": \"11:00\", \"from\": \"2025-09-01\", \"until\": \"2025-09-30\"}],"
        " \"pupils\": [{\"key\": \"p3\", \"school\": \"s\", \"number\": \"3\","
        " \"first_name\": \"C\", \"last_name\": \"C\", \"grade\": 1},"
        " {\"key\": \"p1\", \"school\": \"s\", \"number\": \"1\", \"first_name\": \"A\","
        " \"last_name\": \"A\", \"grade\": 1},"
        " {\"key\": \"p2\", \"school\": \"s\", \"number\": \"2\", \"first_name\": \"B\","
        " \"last_name\": \"B\", \"grade\": 1}],"
        " \"enrolments\": [{\"pupil\": \"p3\", \"activity\": \"a\", \"status\": \"enrolled\"},"
        " {\"pupil\": \"p1\", \"activity\": \"a\", \"status\": \"waitlisted\"},"
        " {\"pupil\": \"p2\", \"activity\": \"a\", \"status\": \"waitlisted\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    sqlite3_stmt *st = db_stmt(f->db, "SELECT p.key FROM enrolments e JOIN pupils p"
                                      " ON p.id = e.pupil_id ORDER BY e.created_at");
    const char *expected[] = {"p3", "p1", "p2"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal(db_col_text(st, 0), expected[i]);
    }
    sqlite3_reset(st);
    assert_int_equal(count_of(f->db, "SELECT count(DISTINCT created_at) FROM enrolments"), 3);
    /* Loaded again without creation times: the first ones stay. */
    char *before = dump_text(f->db);
    doc = parse("{\"enrolments\": [{\"pupil\": \"p2\", \"activity\": \"a\","
                " \"status\": \"waitlisted\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    char *after = dump_text(f->db);
    assert_string_equal(after, before);
    free(before);
    free(after);
}

/* New holidays resync every activity, also those not in the document. */
static void test_holidays_resync(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    json_t *doc = parse("{\"holidays\": [{\"name\": \"Studiedag\", \"from\": \"2025-09-01\","
                        " \"to\": \"2025-09-04\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    /* Judo 2 September has attendance: kept, cancelled. Schaken 4 September: gone. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions WHERE slot_date = '2025-09-02'"
                                     " AND cancelled = 1 AND reason = '" SCHEDULE_DROPPED_REASON
                                     "'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions WHERE slot_date = '2025-09-04'"),
                     0);
    /* The dump still round-trips. */
    char *first = dump_text(f->db);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    free(first);
    free(second);
}

static void test_thousand_items(void **state)
{
    struct testdb *f = *state;
    json_t *doc = parse(
        "{\"schools\": [{\"key\": \"s\", \"name\": \"S\"}],"
        " \"activities\": [{\"key\": \"a\", \"school\": \"s\", \"title\": \"A\","
        " \"grades\": [1, 8], \"capacity\": 1000, \"weekday\": 1, \"start\": \"10:00\","
        " \"end\": \"11:00\", \"from\": \"2025-09-01\", \"until\": \"2025-09-30\"}]}");
    json_t *pupils = json_array(), *enrolments = json_array(), *attendance = json_array();
    for (int i = 0; i < 1000; i++) {
        char key[16], number[16];
        snprintf(key, sizeof key, "p%04d", i);
        snprintf(number, sizeof number, "%d", i);
        json_array_append_new(pupils,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "key", key, "school",
                                        "s", "number", number, "first_name", "Kind", "last_name",
                                        "Achternaam", "grade", 1 + i % 8));
        json_array_append_new(enrolments, json_pack("{s:s, s:s, s:s}", "pupil", key, "activity",
                                                    "a", "status", "enrolled"));
        json_array_append_new(attendance,
                              json_pack("{s:s, s:s, s:s, s:s}", "activity", "a", "date",
                                        "2025-09-08", "pupil", key, "status", "present"));
    }
    json_object_set_new(doc, "pupils", pupils);
    json_object_set_new(doc, "enrolments", enrolments);
    json_object_set_new(doc, "attendance", attendance);
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM pupils"), 1000);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM enrolments"), 1000);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM attendance"), 1000);
    char *first = dump_text(f->db);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    free(first);
    free(second);
}

/* The fixture of the HTTP tests (tests/http/fixture.json), as HARNESS_API.md describes it. */
static void test_http_fixture_loads(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, "tests/http/fixture.json");
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM schools WHERE key IN ('noord', 'zuid')"),
                     2);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM domains"), 6);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM pupils"), 4);
    assert_int_equal(count_of(f->db, "SELECT priority FROM pupils WHERE key = 'n-1'"), 1);
    assert_int_equal(count_of(f->db, "SELECT capacity FROM activities WHERE key = 'judo-noord'"),
                     2);
    /* Tuesdays 2 September – 27 January minus the Christmas holiday: 20 sessions. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM sessions s JOIN activities a"
                                     " ON a.id = s.activity_id WHERE a.key = 'judo-noord'"),
                     20);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM attendance a JOIN sessions s ON"
                                     " s.id = a.session_id WHERE s.date = '2025-09-09' AND"
                                     " a.status = 'present' AND a.involvement = 4"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM enrolments WHERE status = 'enrolled'"),
                     1);
    const char *emails[] = {"lead@test.nl", "noord@test.nl", "zuid@test.nl", "anna@test.nl",
                            "ouder@test.nl"};
    sqlite3_stmt *st = db_stmt(f->db, "SELECT password_hash FROM users WHERE email = ?1");
    for (size_t i = 0; i < 5; i++) {
        db_bind_text(st, 1, emails[i]);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_true(password_verify(db_col_text(st, 0), "wachtwoord-123"));
        sqlite3_reset(st);
    }
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM users u JOIN schools s ON"
                                     " s.id = u.school_id WHERE u.role = 'coordinator'"),
                     2);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM parent_children"), 1);
}

/* ---- norms, evaluations, incidents, reviews ---------------------------------------------- */

/* The later sections land on the right rows: sessions (also a moved one), authors by address
   whatever its case, an evaluation without an author, pupils of an incident. */
static void test_quality_sections_load(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM norms WHERE figure = 'reach_pct' AND"
                                     " norm = 60 AND ambition = 80 AND updated_by = (SELECT id"
                                     " FROM users WHERE email = 'lead@test.nl')"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM norms WHERE figure = 'involvement'"
                                     " AND norm IS NULL AND ambition = 3.75"
                                     " AND updated_by IS NULL"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM evaluations e JOIN sessions s"
                                     " ON s.id = e.session_id JOIN users u ON u.id = e.user_id"
                                     " WHERE s.slot_date = '2025-09-02' AND u.email IN"
                                     " ('anna@test.nl', 'noord@test.nl')"),
                     2);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM evaluations e JOIN sessions s"
                                     " ON s.id = e.session_id WHERE s.slot_date = '2025-09-09'"
                                     " AND e.user_id IS NULL AND e.as_planned = 'no'"),
                     1);
    /* The incident at the moved session hangs on it; the one without a session on none. */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incidents c JOIN sessions s"
                                     " ON s.id = c.session_id WHERE s.slot_date = '2025-09-09'"
                                     " AND c.severity = 'middel' AND c.reported_by IS NULL"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incidents c JOIN schools s ON"
                                     " s.id = c.school_id WHERE s.key = 'college' AND"
                                     " c.activity_id IS NULL AND c.session_id IS NULL AND"
                                     " c.involved = '' AND c.created_at LIKE '20__-__-__T%'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incident_pupils x JOIN incidents c"
                                     " ON c.id = x.incident_id WHERE c.what = 'Sara viel van de"
                                     " mat.'"),
                     2);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM review_conclusions WHERE year = 2025"
                                     " AND theme = 'afspraken' AND updated_by IS NULL"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM audit_log WHERE action = 'load' AND"
                                     " detail LIKE '%norms=3 evaluations=3 incidents=3"
                                     " reviews=3'"),
                     1);
}

/* Loading again, without bookkeeping in the items: an unchanged row keeps its own. */
static void test_quality_bookkeeping_kept(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    const char *const backdate[] = {
        "UPDATE norms SET updated_at = '2001-01-01T00:00:00.000' WHERE figure = 'mean_hours'",
        "UPDATE evaluations SET created_at = '2001-01-01T00:00:00.000', updated_at ="
        " '2001-01-02T00:00:00.000' WHERE note <> ''",
        "UPDATE review_conclusions SET updated_at = '2001-01-01T00:00:00.000',"
        " updated_by = (SELECT id FROM users WHERE email = 'noord@test.nl')"
        " WHERE theme = 'afspraken'",
        "UPDATE incidents SET created_at = '2001-01-01T00:00:00.000' WHERE severity = 'hoog'",
    };
    for (size_t i = 0; i < sizeof backdate / sizeof backdate[0]; i++)
        assert_int_equal(db_exec(f->db, backdate[i]), 0);
    char *first = dump_text(f->db), *first_counts = counts(f->db);
    load_file_ok(f->db, FIXTURES "full.json");
    char *second = dump_text(f->db), *second_counts = counts(f->db);
    assert_string_equal(second, first);
    assert_string_equal(second_counts, first_counts);
    assert_non_null(strstr(second, "\"updated\": \"2001-01-02T00:00:00.000\""));
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incidents WHERE created_at ="
                                     " '2001-01-01T00:00:00.000'"),
                     1);
    free(first);
    free(second);
    free(first_counts);
    free(second_counts);
}

/* A document that changes the later sections: updated in place (never a second row), the new
   bookkeeping when the content changes; incidents are updated, never deleted. */
static void test_quality_updates(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    json_t *doc = parse(
        "{\"norms\": [{\"figure\": \"reach_pct\", \"norm\": 65}],"
        " \"evaluations\": [{\"activity\": \"judo-noord\", \"date\": \"2025-09-02\","
        " \"author\": \"ANNA@test.nl\", \"went_well\": \"Alles.\", \"to_change\": \"Niets.\","
        " \"as_planned\": \"yes\"}],"
        " \"incidents\": [{\"school\": \"noord\", \"occurred_on\": \"2025-09-02\","
        " \"what\": \"Sara viel van de mat.\", \"measures\": \"Naar de huisarts.\","
        " \"severity\": \"middel\"}],"
        " \"reviews\": [{\"school\": \"noord\", \"year\": 2025, \"theme\": \"personeel\","
        " \"text\": \"Anna vertrekt.\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM norms"), 3);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM norms WHERE figure = 'reach_pct' AND"
                                     " norm = 65 AND ambition IS NULL AND updated_by IS NULL"
                                     " AND updated_at > '2025-08-15T10:00:00.000'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM evaluations"), 3);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM evaluations WHERE went_well ="
                                     " 'Alles.' AND created_at = '2025-09-02T17:00:00.000'"
                                     " AND updated_at > '2025-09-03T08:00:00.000'"),
                     1);
    /* The incident's session, activity, reporter and pupils follow the item (none given). */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incidents"), 3);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incidents WHERE severity = 'middel'"
                                     " AND measures = 'Naar de huisarts.' AND session_id IS NULL"
                                     " AND reported_by IS NULL AND created_at ="
                                     " '2025-09-02T17:30:00.000'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incident_pupils"), 0);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM review_conclusions"), 3);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM review_conclusions WHERE text ="
                                     " 'Anna vertrekt.' AND updated_by IS NULL AND updated_at >"
                                     " '2026-06-20T14:00:00.000'"),
                     1);
    /* A new description is a new incident. */
    doc = parse("{\"incidents\": [{\"school\": \"noord\", \"occurred_on\": \"2025-09-02\","
                " \"what\": \"Daan viel ook.\", \"measures\": \"Pleister.\","
                " \"severity\": \"laag\", \"pupils\": [\"n-2\"]}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM incidents"), 4);
    /* The whole state still round-trips into an empty database. */
    char *first = dump_text(f->db);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    free(first);
    free(second);
}

/* Norms, reviews and incidents of unknown figures or themes stay out of the dump, so that it
   still loads. */
static void test_quality_unknown_codes_left_out(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    assert_int_equal(db_exec(f->db, "INSERT INTO norms (figure, norm, updated_at) VALUES"
                                    " ('retired_figure', 1, '2025-01-01T00:00:00.000');"
                                    " INSERT INTO review_conclusions (school_id, year, theme,"
                                    " text, updated_at) SELECT id, 2025, 'oud_thema', 'x',"
                                    " '2025-01-01T00:00:00.000' FROM schools WHERE key = 'noord'"),
                     0);
    json_t *dump = dump_document(f->db);
    assert_non_null(dump);
    assert_int_equal(json_array_size(json_object_get(dump, "norms")), 3);
    assert_int_equal(json_array_size(json_object_get(dump, "reviews")), 3);
    struct db *other = open_db(f, "other.db");
    load_ok(other, dump);
    db_close(other);
    json_decref(dump);
}

static void test_refuses_quality_references(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"incidents[0].school", "\"west\"", "incidents[0].school: unknown school 'west'"},
        {"reviews[1].school", "\"west\"", "reviews[1].school: unknown school 'west'"},
        {"evaluations[0].activity", "\"zwemmen\"",
         "evaluations[0].activity: unknown activity 'zwemmen'"},
        {"incidents[1].activity", "\"zwemmen\"",
         "incidents[1].activity: unknown activity 'zwemmen'"},
        {"incidents[0].pupils", "[\"n-1\", \"n-9\"]",
         "incidents[0].pupils[1]: unknown pupil 'n-9'"},
        {"incidents[0].pupils", "[\"n-1\", \"n-1\"]",
         "incidents[0].pupils[1]: 'n-1' is listed twice"},
        {"evaluations[1].author", "\"niemand@test.nl\"",
         "evaluations[1].author: unknown user 'niemand@test.nl'"},
        {"incidents[0].reported_by", "\"niemand@test.nl\"",
         "incidents[0].reported_by: unknown user 'niemand@test.nl'"},
        {"norms[1].updated_by", "\"niemand@test.nl\"",
         "norms[1].updated_by: unknown user 'niemand@test.nl'"},
        {"reviews[0].updated_by", "\"niemand@test.nl\"",
         "reviews[0].updated_by: unknown user 'niemand@test.nl'"},
        {"norms[0].figure", "\"geluk_pct\"", "norms[0].figure: unknown figure 'geluk_pct'"},
        {"reviews[0].theme", "\"sfeer\"", "reviews[0].theme: unknown theme 'sfeer'"},
        {"incidents[2].date", "\"2025-09-11\"",
         "incidents[2].activity: is required with date (the session's)"},
    };
    CASES(f->db, cases);
    /* A slot names a moved session: its date is needed too. */
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "incidents[0].date", NULL);
    set_path(doc, "incidents[0].slot", json_string("2025-09-02"));
    expect_refused(f->db, doc, "incidents[0].date: is required with slot");
}

/* Sessions are found when writing: a date without a session rolls the whole load back. */
static void test_refuses_quality_missing_session(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"evaluations[0].date", "\"2025-09-03\"",
         "evaluations[0].date: no session of 'judo-noord' on 2025-09-03"},
        {"evaluations[2].slot", "\"2025-09-16\"",
         "evaluations[2].date: no session of 'judo-noord' on 2025-09-10 (slot 2025-09-16)"},
        {"incidents[0].date", "\"2025-12-23\"",
         "incidents[0].date: no session of 'judo-noord' on 2025-12-23"},
        {"incidents[1].slot", "\"2025-09-16\"",
         "incidents[1].date: no session of 'judo-noord' on 2025-09-10 (slot 2025-09-16)"},
    };
    CASES(f->db, cases);
    /* Into a database that holds the document already: nothing of the changed one stays. */
    load_file_ok(f->db, FIXTURES "full.json");
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "norms[0].norm", json_integer(14));
    set_path(doc, "reviews[0].text", json_string("Anders."));
    set_path(doc, "incidents[0].severity", json_string("hoog"));
    set_path(doc, "evaluations[1].date", json_string("2025-09-04"));
    expect_refused(f->db, doc, "evaluations[1].date: no session of 'judo-noord' on 2025-09-04");
}

static void test_refuses_quality_values(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"norms", "{}", "norms: must be an array"},
        {"norms[0].norm", "\"12,5\"", "norms[0].norm: must be a number"},
        {"norms[0].norm", "12.345", "norms[0].norm: must have at most two decimals"},
        {"norms[1].norm", "120", "norms[1].norm: must be from 0 to 100 for figure 'reach_pct'"},
        {"norms[1].norm", "-1", "norms[1].norm: must be from 0 to 100 for figure 'reach_pct'"},
        {"norms[2].ambition", "6",
         "norms[2].ambition: must be from 1 to 5 for figure 'involvement'"},
        {"norms[1].ambition", "59.5", "norms[1].ambition: must not be below the norm"},
        {"norms[0].norm", NULL, "norms[0]: give a norm, an ambition or both"},
        {"norms[0].norm", "null", "norms[0]: give a norm, an ambition or both"},
        {"norms[0].colour", "\"rood\"", "norms[0].colour: unknown field"},
        {"norms[1].updated", "\"2025-08-15\"",
         "norms[1].updated: must be a timestamp (YYYY-MM-DDTHH:MM:SS.mmm)"},
        {"evaluations[0].as_planned", "\"misschien\"",
         "evaluations[0].as_planned: must be one of yes, partly or no"},
        {"evaluations[0].went_well", "\"\"", "evaluations[0].went_well: must not be empty"},
        {"evaluations[0].went_well", "\"Kind met BSN 111222333 deed mee.\"",
         "evaluations[0].went_well: must not contain a BSN (burgerservicenummer)"},
        {"evaluations[1].note", "\"Bel 1112.22.333 terug\"",
         "evaluations[1].note: must not contain a BSN (burgerservicenummer)"},
        {"evaluations[0].to_change", "\"a\\u0007b\"",
         "evaluations[0].to_change: must not contain control characters"},
        {"evaluations[0].created", "\"2025-09-02T17:00\"",
         "evaluations[0].created: must be a timestamp (YYYY-MM-DDTHH:MM:SS.mmm)"},
        {"evaluations[0].updated", "\"2025-09-01T08:00:00.000\"",
         "evaluations[0].updated: must not be before created"},
        {"evaluations[2].created", NULL,
         "evaluations[2].created: is required when there is no author"},
        {"evaluations[0].author", "\"anna\"", "evaluations[0].author: must be an e-mail address"},
        {"incidents[0].severity", "\"ernstig\"",
         "incidents[0].severity: must be one of laag, middel or hoog"},
        {"incidents[0].occurred_on", "\"2099-01-01\"",
         "incidents[0].occurred_on: must not be in the future"},
        {"incidents[0].occurred_on", "\"2025-02-30\"",
         "incidents[0].occurred_on: must be a date (YYYY-MM-DD)"},
        {"incidents[0].what", "\"\"", "incidents[0].what: must not be empty"},
        {"incidents[0].pupils", "\"n-1\"", "incidents[0].pupils: must be an array of keys"},
        {"incidents[2].created", "\"gisteren\"",
         "incidents[2].created: must be a timestamp (YYYY-MM-DDTHH:MM:SS.mmm)"},
        {"reviews[0].year", "1999", "reviews[0].year: must be a whole number from 2000 to 2999"},
        {"reviews[0].year", "\"2025\"",
         "reviews[0].year: must be a whole number from 2000 to 2999"},
        {"reviews[0].text", "\"\"", "reviews[0].text: must not be empty"},
        {"reviews[0].text", "\"BSN: 1112-22-333\"",
         "reviews[0].text: must not contain a BSN (burgerservicenummer)"},
    };
    CASES(f->db, cases);
    /* Text limits: 500 characters of involved, 64 pupils. */
    json_t *doc = read_json(FIXTURES "full.json");
    char involved[502];
    memset(involved, 'x', 501);
    involved[501] = '\0';
    set_path(doc, "incidents[0].involved", json_string(involved));
    expect_refused(f->db, doc, "incidents[0].involved: must be at most 500 characters");
    doc = read_json(FIXTURES "full.json");
    json_t *pupils = json_array();
    for (int i = 0; i < 65; i++)
        json_array_append_new(pupils, json_string("n-1"));
    set_path(doc, "incidents[0].pupils", pupils);
    expect_refused(f->db, doc, "incidents[0].pupils: must name at most 64 pupils");
}

static void test_refuses_quality_missing_and_duplicates(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"norms[0].figure", NULL, "norms[0].figure: is required"},
        {"evaluations[0].activity", NULL, "evaluations[0].activity: is required"},
        {"evaluations[0].date", NULL, "evaluations[0].date: is required"},
        {"evaluations[0].to_change", NULL, "evaluations[0].to_change: is required"},
        {"evaluations[0].as_planned", NULL, "evaluations[0].as_planned: is required"},
        {"incidents[0].school", NULL, "incidents[0].school: is required"},
        {"incidents[0].occurred_on", NULL, "incidents[0].occurred_on: is required"},
        {"incidents[0].measures", NULL, "incidents[0].measures: is required"},
        {"incidents[0].severity", NULL, "incidents[0].severity: is required"},
        {"reviews[0].year", NULL, "reviews[0].year: is required"},
        {"reviews[0].theme", NULL, "reviews[0].theme: is required"},
        {"reviews[0].text", NULL, "reviews[0].text: is required"},
        {"norms[1].figure", "\"mean_hours\"", "norms[1].figure: duplicate figure 'mean_hours'"},
        {"evaluations[1].author", "\"ANNA@test.nl\"",
         "evaluations[1]: duplicate evaluation of 'judo-noord' on 2025-09-02 by 'ANNA@test.nl'"},
        {"reviews[1].theme", "\"personeel\"",
         "reviews[1]: duplicate conclusions of 'noord' for 2025 on theme 'personeel'"},
        {"incidents[1]", "{\"school\": \"noord\", \"occurred_on\": \"2025-09-02\","
                         " \"what\": \"Sara viel van de mat.\", \"measures\": \"x\","
                         " \"severity\": \"laag\", \"created\": \"2025-09-02T17:30:00.000\"}",
         "incidents[1]: duplicate incident at 'noord' on 2025-09-02 (the same description and"
         " creation time)"},
    };
    CASES(f->db, cases);
    /* Two evaluations without an author differ by their creation time. */
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "evaluations[1].author", NULL);
    set_path(doc, "evaluations[1].created", json_string("2025-09-10T18:00:00.000"));
    set_path(doc, "evaluations[1].date", json_string("2025-09-10"));
    set_path(doc, "evaluations[1].slot", json_string("2025-09-09"));
    expect_refused(f->db, doc,
                   "evaluations[2]: duplicate evaluation of 'judo-noord' on 2025-09-10 without an"
                   " author, created 2025-09-10T18:00:00.000");
}

/* ---- refusals ---------------------------------------------------------------------------- */

static void test_refuses_document_shape(void **state)
{
    struct testdb *f = *state;
    expect_refused(f->db, parse("[]"), "document: must be a JSON object");
    expect_refused(f->db, parse("\"x\""), "document: must be a JSON object");
    static const struct bad_case cases[] = {
        {"school", "[]", "school: unknown section"},
        {"schools", "{}", "schools: must be an array"},
        {"schools[0]", "\"noord\"", "schools[0]: must be an object"},
        {"coalition", "[]", "coalition: must be an object"},
    };
    CASES(f->db, cases);
}

static void test_refuses_unknown_fields(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"activities[0].colour", "\"red\"", "activities[0].colour: unknown field"},
        {"coalition.mayor", "\"x\"", "coalition.mayor: unknown field"},
        {"users[0].password_plain", "\"x\"", "users[0].password_plain: unknown field"},
        {"sessions[0].room", "\"x\"", "sessions[0].room: unknown field"},
    };
    CASES(f->db, cases);
}

static void test_refuses_missing_and_types(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"pupils[1].first_name", NULL, "pupils[1].first_name: is required"},
        {"activities[0].title", "null", "activities[0].title: is required"},
        {"activities[0].title", "42", "activities[0].title: must be a string"},
        {"activities[0].title", "\"\"", "activities[0].title: must not be empty"},
        {"coalition.name", "\"\"", "coalition.name: must not be empty"},
        {"providers[0].external", "\"yes\"", "providers[0].external: must be true or false"},
        {"pupils[0].priority", "1", "pupils[0].priority: must be true or false"},
        {"activities[0].staff", "\"anna\"", "activities[0].staff: must be an array of keys"},
        {"activities[0].domains", "[1]",
         "activities[0].domains[0]: must be a string"},
        {"rounds[0].activities", "[]", "rounds[0].activities: must not be empty"},
        {"enrolments[0].status", NULL, "enrolments[0].status: is required"},
    };
    CASES(f->db, cases);
}

static void test_refuses_formats(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"activities[0].key", "\"judo noord\"",
         "activities[0].key: must be a key (letters, digits, '-', '_' or '.')"},
        {"activities[0].from", "\"2025-02-30\"", "activities[0].from: must be a date (YYYY-MM-DD)"},
        {"pupils[0].left_on", "\"15-07-2025\"", "pupils[0].left_on: must be a date (YYYY-MM-DD)"},
        {"activities[0].start", "\"25:00\"", "activities[0].start: must be a time (HH:MM)"},
        {"activities[0].end", "\"4pm\"", "activities[0].end: must be a time (HH:MM)"},
        {"activities[0].signup_from", "\"2025-08-20 19:00\"",
         "activities[0].signup_from: must be a date and time (YYYY-MM-DDTHH:MM)"},
        {"activities[0].signup_until", "\"2025\"",
         "activities[0].signup_until: must be a date and time (YYYY-MM-DDTHH:MM)"},
        {"rounds[0].opens", "\"2025-08-20\"",
         "rounds[0].opens: must be a date and time (YYYY-MM-DDTHH:MM)"},
        {"enrolments[0].created", "\"2025-08-20T19:00:01\"",
         "enrolments[0].created: must be a timestamp (YYYY-MM-DDTHH:MM:SS.mmm)"},
        {"rounds[0].closed_at", "\"gisteren\"",
         "rounds[0].closed_at: must be a date and time (YYYY-MM-DDTHH:MM or "
         "YYYY-MM-DDTHH:MM:SS.mmm)"},
        {"users[0].email", "\"lead.test.nl\"", "users[0].email: must be an e-mail address"},
        {"activities[0].title", "\"Judo\\u0007\"",
         "activities[0].title: must not contain control characters"},
        {"activities[0].title", "\"Judo\\nles\"",
         "activities[0].title: must not contain control characters"},
        {"pupils[0].number", "\"123456789012345678901234567890123456789012345678901\"",
         "pupils[0].number: must be at most 50 characters"},
    };
    CASES(f->db, cases);
}

static void test_refuses_bad_strings(void **state)
{
    struct testdb *f = *state;
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "schools[0].name", json_stringn("Noord\0X", 7));
    expect_refused(f->db, doc, "schools[0].name: must not contain NUL bytes");
    doc = read_json(FIXTURES "full.json");
    set_path(doc, "pupils[0].first_name", json_stringn_nocheck("Sa\xffra", 5));
    expect_refused(f->db, doc, "pupils[0].first_name: must be valid UTF-8");
    doc = read_json(FIXTURES "full.json");
    set_path(doc, "activities[0].goal", json_stringn_nocheck("ab\xc0\xaf", 4));
    expect_refused(f->db, doc, "activities[0].goal: must be valid UTF-8");
}

static void test_refuses_ranges(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"activities[0].capacity", "0", "activities[0].capacity: must be a positive number"},
        {"activities[0].capacity", "-3", "activities[0].capacity: must be a positive number"},
        {"activities[0].capacity", "\"12\"", "activities[0].capacity: must be a positive number"},
        {"activities[0].capacity", "1.5", "activities[0].capacity: must be a positive number"},
        {"activities[1].weekday", "8", "activities[1].weekday: must be a whole number from 1 to 7"},
        {"activities[1].weekday", "0", "activities[1].weekday: must be a whole number from 1 to 7"},
        {"activities[0].grades", "[5]", "activities[0].grades: must be [lowest grade, highest grade]"},
        {"activities[0].grades", "[5, 9]",
         "activities[0].grades[1]: must be a whole number from 1 to 8"},
        {"activities[1].grades", "[1, 7]", "activities[1].grades[1]: must be from 1 to 6 at a vo school"},
        {"activities[0].grades", "[7, 5]",
         "activities[0].grades: the lowest grade must not exceed the highest"},
        {"pupils[3].grade", "7", "pupils[3].grade: must be from 1 to 6 at a vo school"},
        {"pupils[0].grade", "0", "pupils[0].grade: must be a whole number from 1 to 8"},
        {"attendance[0].involvement", "6",
         "attendance[0].involvement: must be a whole number from 1 to 5"},
        {"attendance[0].involvement", "0",
         "attendance[0].involvement: must be a whole number from 1 to 5"},
        {"rounds[0].choices", "11", "rounds[0].choices: must be a whole number from 1 to 10"},
        {"rounds[0].max_per_child", "0",
         "rounds[0].max_per_child: must be a whole number from 1 to 10"},
        {"rounds[0].seed", "\"abc\"", "rounds[0].seed: must be a whole number"},
        {"activities[0].end", "\"15:00\"", "activities[0].end: must be after start"},
        {"activities[0].end", "\"15:15\"", "activities[0].end: must be after start"},
        {"activities[0].until", "\"2025-08-01\"", "activities[0].until: must not be before from"},
        {"activities[0].signup_until", "\"2025-08-01T00:00\"",
         "activities[0].signup_until: must not be before signup_from"},
        {"holidays[0].to", "\"2025-10-01\"", "holidays[0].to: must not be before from"},
        {"rounds[0].closes", "\"2025-08-01T00:00\"", "rounds[0].closes: must be after opens"},
        {"sessions[0].end", "\"15:00\"", "sessions[0].end: must be after start"},
        {"preferences[0].ranks", "[\"judo-noord\", \"natuur-noord\", \"judo-noord\"]",
         "preferences[0].ranks[2]: 'judo-noord' is listed twice"},
    };
    CASES(f->db, cases);
    /* More choices than the round allows. */
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "rounds[0].choices", json_integer(1));
    expect_refused(f->db, doc,
                   "preferences[0].ranks: more choices than round 'najaar-noord' allows (1)");
}

static void test_refuses_enums(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"schools[0].kind", "\"mbo\"", "schools[0].kind: must be one of po or vo"},
        {"staff[0].level", "\"expert\"", "staff[0].level: must be one of start, basis or vak"},
        {"users[0].role", "\"admin\"",
         "users[0].role: must be one of lead, coordinator, staff or parent"},
        {"enrolments[0].status", "\"maybe\"",
         "enrolments[0].status: must be one of enrolled, waitlisted or cancelled"},
        {"attendance[0].status", "\"late\"",
         "attendance[0].status: must be one of present, absent or excused"},
        {"activities[0].open_to", "\"everyone\"",
         "activities[0].open_to: must be one of school or coalition"},
    };
    CASES(f->db, cases);
}

static void test_refuses_references(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"activities[0].school", "\"west\"", "activities[0].school: unknown school 'west'"},
        {"pupils[0].school", "\"x\"", "pupils[0].school: unknown school 'x'"},
        {"activities[0].provider", "\"nobody\"", "activities[0].provider: unknown provider 'nobody'"},
        {"staff[1].provider", "\"nobody\"", "staff[1].provider: unknown provider 'nobody'"},
        {"activities[0].staff", "[\"anna\", \"carl\"]",
         "activities[0].staff[1]: unknown staff member 'carl'"},
        {"activities[0].domains", "[\"sport\", \"muziek\"]",
         "activities[0].domains[1]: unknown domain 'muziek'"},
        {"sessions[0].activity", "\"zwemmen\"", "sessions[0].activity: unknown activity 'zwemmen'"},
        {"users[1].school", "\"west\"", "users[1].school: unknown school 'west'"},
        {"users[2].staff", "\"carl\"", "users[2].staff: unknown staff member 'carl'"},
        {"users[3].children", "[\"n-1\", \"n-9\"]", "users[3].children[1]: unknown pupil 'n-9'"},
        {"enrolments[0].activity", "\"zwemmen\"", "enrolments[0].activity: unknown activity 'zwemmen'"},
        {"enrolments[0].pupil", "\"n-9\"", "enrolments[0].pupil: unknown pupil 'n-9'"},
        {"attendance[0].pupil", "\"n-9\"", "attendance[0].pupil: unknown pupil 'n-9'"},
        {"rounds[0].activities", "[\"judo-noord\", \"zwemmen\"]",
         "rounds[0].activities[1]: unknown activity 'zwemmen'"},
        {"preferences[0].round", "\"zomer\"", "preferences[0].round: unknown round 'zomer'"},
        {"preferences[2].ranks", "[\"judo-noord\"]",
         "preferences[2].ranks[0]: activity 'judo-noord' is not part of round 'voorjaar-noord'"},
    };
    CASES(f->db, cases);
    /* Without a domains section the defaults are known only when the table is empty. */
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "domains", NULL);
    set_path(doc, "activities[2].domains", parse("[\"zelf\"]"));
    set_path(doc, "activities[0].domains", parse("[\"sport\"]"));
    set_path(doc, "activities[1].domains", parse("[\"cognitief\"]"));
    set_path(doc, "schools[0].name", json_string("Noord"));
    char err[512];
    assert_int_equal(load_document(f->db, doc, err, sizeof err), 0); /* defaults inserted */
    set_path(doc, "activities[2].domains", parse("[\"muziek\"]"));
    expect_refused(f->db, doc, "activities[2].domains[0]: unknown domain 'muziek'");
}

static void test_refuses_duplicates(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"schools[1].key", "\"noord\"", "schools[1].key: duplicate key 'noord'"},
        {"providers[1].key", "\"sportpartner\"", "providers[1].key: duplicate key 'sportpartner'"},
        {"staff[1].key", "\"anna\"", "staff[1].key: duplicate key 'anna'"},
        {"activities[2].key", "\"judo-noord\"", "activities[2].key: duplicate key 'judo-noord'"},
        {"pupils[2].key", "\"n-1\"", "pupils[2].key: duplicate key 'n-1'"},
        {"rounds[1].key", "\"najaar-noord\"", "rounds[1].key: duplicate key 'najaar-noord'"},
        {"domains[1].code", "\"sport\"", "domains[1].code: duplicate code 'sport'"},
        {"holidays[1]", "{\"name\": \"Herfstvakantie\", \"from\": \"2025-10-18\", \"to\": \"2025-10-20\"}",
         "holidays[1]: duplicate holiday 'Herfstvakantie' from 2025-10-18"},
        {"sessions[0].slot", "\"2025-09-16\"",
         "sessions[1].slot: duplicate session of 'judo-noord' on 2025-09-16"},
        {"pupils[1].number", "\"1001\"", "pupils[1].number: duplicate number '1001' at school 'noord'"},
        {"pupils[1].link_code", "\"K7Q2-9XPA\"", "pupils[1].link_code: duplicate link code 'K7Q2-9XPA'"},
        {"pupils[1].link_code", "\"K7L2-9XPA\"",
         "pupils[1].link_code: 'K7L2-9XPA' is not a link code: 8 of the letters and digits "
         "23456789ABCDEFGHJKMNPQRSTUVWXYZ as XXXX-XXXX"},
        {"pupils[1].link_code", "\"1\"",
         "pupils[1].link_code: '1' is not a link code: 8 of the letters and digits "
         "23456789ABCDEFGHJKMNPQRSTUVWXYZ as XXXX-XXXX"},
        {"pupils[1].link_code", "\"k7q2-9xpa\"",
         "pupils[1].link_code: 'k7q2-9xpa' is not a link code: 8 of the letters and digits "
         "23456789ABCDEFGHJKMNPQRSTUVWXYZ as XXXX-XXXX"},
        {"pupils[1].link_code", "\"K7Q29XPA\"",
         "pupils[1].link_code: 'K7Q29XPA' is not a link code: 8 of the letters and digits "
         "23456789ABCDEFGHJKMNPQRSTUVWXYZ as XXXX-XXXX"},
        {"users[1].email", "\"LEAD@test.nl\"", "users[1].email: duplicate e-mail address"},
        {"enrolments[1].pupil", "\"n-1\"",
         "enrolments[1]: duplicate enrolment of pupil 'n-1' in 'judo-noord'"},
        {"attendance[1].pupil", "\"n-1\"",
         "attendance[1]: duplicate mark of pupil 'n-1' at 'judo-noord' on 2025-09-02"},
        {"preferences[1].pupil", "\"n-1\"",
         "preferences[1]: duplicate preferences of pupil 'n-1' in round 'najaar-noord'"},
    };
    CASES(f->db, cases);
}

static void test_refuses_users(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"users[1].school", NULL, "users[1].school: is required for a coordinator"},
        {"users[2].staff", NULL, "users[2].staff: is required for a staff member"},
        {"users[0].password_hash", NULL, "users[0].password: is required (or password_hash)"},
        {"users[5].password_hash", "\"$argon2id$x\"",
         "users[5].password_hash: give either password or password_hash"},
        {"users[5].password", "\"kort\"", "users[5].password: must be at least 10 characters"},
        {"users[0].password_hash", "\"plaintext\"",
         "users[0].password_hash: must be an Argon2 hash ($argon2id$…)"},
    };
    CASES(f->db, cases);
}

/* Errors only the write finds (the session of an attendance mark) roll everything back. */
static void test_refuses_missing_session(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"attendance[0].date", "\"2025-09-03\"",
         "attendance[0].date: no session of 'judo-noord' on 2025-09-03"},
        {"attendance[1].date", "\"2025-12-23\"",
         "attendance[1].date: no session of 'judo-noord' on 2025-12-23"},
        {"attendance[2].slot", "\"2025-09-16\"",
         "attendance[2].date: no session of 'judo-noord' on 2025-09-10 (slot 2025-09-16)"},
    };
    /* Into an empty database, and into one that holds the document already (changed). */
    CASES(f->db, cases);
    load_file_ok(f->db, FIXTURES "full.json");
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "schools[0].name", json_string("Andere naam"));
    set_path(doc, "pupils[0].first_name", json_string("Anders"));
    set_path(doc, "attendance[4].date", json_string("2025-09-12"));
    expect_refused(f->db, doc, "attendance[4].date: no session of 'schaken-college' on 2025-09-12");
}

/* Numbers and link codes taken by pupils of the database that the document does not change. */
static void test_refuses_database_conflicts(void **state)
{
    struct testdb *f = *state;
    load_file_ok(f->db, FIXTURES "full.json");
    expect_refused(f->db,
                   parse("{\"pupils\": [{\"key\": \"n-9\", \"school\": \"noord\", \"number\":"
                         " \"1002\", \"first_name\": \"X\", \"last_name\": \"Y\", \"grade\": 4}]}"),
                   "pupils[0].number: number '1002' is already used by pupil 'n-2'");
    expect_refused(f->db,
                   parse("{\"pupils\": [{\"key\": \"n-9\", \"school\": \"noord\", \"number\":"
                         " \"1009\", \"first_name\": \"X\", \"last_name\": \"Y\", \"grade\": 4,"
                         " \"link_code\": \"K7Q2-9XPB\"}]}"),
                   "pupils[0].link_code: link code 'K7Q2-9XPB' is already used by pupil 'n-2'");
    /* References to what the database holds are fine. */
    json_t *doc = parse("{\"pupils\": [{\"key\": \"n-9\", \"school\": \"noord\", \"number\":"
                        " \"1009\", \"first_name\": \"X\", \"last_name\": \"Y\", \"grade\": 4}],"
                        " \"enrolments\": [{\"pupil\": \"n-9\", \"activity\": \"judo-noord\","
                        " \"status\": \"waitlisted\"}],"
                        " \"preferences\": [{\"round\": \"voorjaar-noord\", \"pupil\": \"n-9\","
                        " \"ranks\": [\"natuur-noord\"]}]}");
    load_ok(f->db, doc);
    json_decref(doc);
    expect_refused(f->db,
                   parse("{\"preferences\": [{\"round\": \"voorjaar-noord\", \"pupil\": \"n-9\","
                         " \"ranks\": [\"judo-noord\"]}]}"),
                   "preferences[0].ranks[0]: activity 'judo-noord' is not part of round "
                   "'voorjaar-noord'");
}

/* The capacity rule of the site: no activity ends up with more enrolled pupils than seats,
   counting the document's enrolments in file order and the database's that it keeps. */
static void test_refuses_more_enrolled_than_seats(void **state)
{
    struct testdb *f = *state;
    /* judo-noord with 2 seats: n-1 and n-2 fill them, n-3 would be the third. */
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "activities[0].capacity", json_integer(2));
    set_path(doc, "enrolments[4]", parse("{\"pupil\": \"n-3\", \"activity\": \"judo-noord\","
                                         " \"status\": \"enrolled\"}"));
    expect_refused(f->db, doc,
                   "enrolments[4]: activity 'judo-noord' has a capacity of 2: pupil 'n-3' would be"
                   " enrolled pupil 3 (put the others on the waiting list: status"
                   " \"waitlisted\")");
    /* On the waiting list instead, it loads. */
    doc = read_json(FIXTURES "full.json");
    set_path(doc, "activities[0].capacity", json_integer(2));
    set_path(doc, "enrolments[4]", parse("{\"pupil\": \"n-3\", \"activity\": \"judo-noord\","
                                         " \"status\": \"waitlisted\"}"));
    load_ok(f->db, doc);
    json_decref(doc);

    /* The database now has n-1 and n-2 enrolled in judo-noord (2 seats). */
    expect_refused(f->db,
                   parse("{\"enrolments\": [{\"pupil\": \"n-3\", \"activity\": \"judo-noord\","
                         " \"status\": \"enrolled\"}]}"),
                   "enrolments[0]: activity 'judo-noord' has a capacity of 2: pupil 'n-3' would be"
                   " enrolled pupil 3 (put the others on the waiting list: status"
                   " \"waitlisted\")");
    /* A document that lowers the capacity below the enrolled. */
    doc = read_json(FIXTURES "full.json");
    json_t *judo = json_deep_copy(json_array_get(json_object_get(doc, "activities"), 0));
    json_decref(doc);
    json_object_set_new(judo, "capacity", json_integer(1));
    doc = json_pack("{s:[o]}", "activities", judo);
    expect_refused(f->db, doc,
                   "activities[0].capacity: 2 pupils are enrolled in 'judo-noord', more than its"
                   " capacity of 1");
    /* The document's own enrolment replaces the database's: n-1 waits, n-3 takes the seat. */
    doc = parse("{\"enrolments\": [{\"pupil\": \"n-3\", \"activity\": \"judo-noord\","
                " \"status\": \"enrolled\"}, {\"pupil\": \"n-1\", \"activity\":"
                " \"judo-noord\", \"status\": \"waitlisted\"}]}");
    load_ok(f->db, doc);
    json_decref(doc);
}

/* ---- issue 15: plan_questions, plans, visits ---------------------------------------------- */

/* The sections of issue 15 over full.json's activities, sessions and users: a changed default
   question, a new one at a taken position, answers by key and by position, a visit by a user
   in another spelling of the address, one at a moved session (by its date) without items, one
   without a visitor. */
static const char plans_sections[] =
    "{\"plan_questions\": [{\"key\": \"doel\", \"position\": 1, \"question\": \"Wat is het doel?\"},"
    " {\"key\": \"veiligheid\", \"position\": 3, \"question\": \"Is het veilig?\","
    "  \"help\": \"Twee volwassenen.\", \"required\": false}],"
    " \"plans\": [{\"activity\": \"judo-noord\", \"answers\": ["
    "  {\"question\": \"doel\", \"answer\": \"Samenwerken.\","
    "   \"updated\": \"2025-08-30T10:00:00.000\", \"updated_by\": \"Noord@test.nl\"},"
    "  {\"question\": 2, \"answer\": \"Ouders kijken mee.\","
    "   \"updated\": \"2025-08-30T10:05:00.000\"}]},"
    "  {\"activity\": \"natuur-noord\", \"answers\": []}],"
    " \"visits\": [{\"activity\": \"judo-noord\", \"date\": \"2025-09-02\","
    "  \"by\": \"NOORD@test.nl\", \"items\": {\"goal\": \"goed\", \"staff\": \"onvoldoende\"},"
    "  \"involvement\": 4, \"note\": \"Fijne sfeer.\"},"
    "  {\"activity\": \"judo-noord\", \"date\": \"2025-09-10\", \"by\": \"lead@test.nl\","
    "   \"created\": \"2025-09-10T18:00:00.000\", \"updated\": \"2025-09-11T08:00:00.000\"},"
    "  {\"activity\": \"judo-noord\", \"date\": \"2025-09-23\","
    "   \"created\": \"2025-09-23T18:00:00.000\"}]}";

/* full.json with the sections of the JSON object text sections added. New reference. */
static json_t *full_with(const char *sections)
{
    json_t *doc = read_json(FIXTURES "full.json");
    json_t *extra = parse(sections);
    json_object_update(doc, extra);
    json_decref(extra);
    return doc;
}

/* full.json with the plan and visit sections of issue 15. New reference. */
static json_t *plans_document(void) { return full_with(plans_sections); }

static void test_plans_and_visits_load_and_round_trip(void **state)
{
    struct testdb *f = *state;
    json_t *doc = plans_document();
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM plan_questions"), 7);
    /* veiligheid took position 3; the question that had it moved to the end. */
    assert_int_equal(count_of(f->db, "SELECT position FROM plan_questions"
                                     " WHERE key = 'duur-intensiteit'"),
                     7);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM plan_questions WHERE key = 'doel'"
                                     " AND question = 'Wat is het doel?' AND required = 1"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activity_plan_answers x JOIN"
                                     " plan_questions q ON q.id = x.question_id WHERE"
                                     " q.key = 'thuis-school' AND x.updated_by IS NULL"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM visits v JOIN sessions s ON"
                                     " s.id = v.session_id WHERE s.slot_date = '2025-09-09'"
                                     " AND v.goal = 'nvt' AND v.involvement IS NULL"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM visits WHERE user_id IS NULL"), 1);
    json_t *dump = dump_document(f->db);
    expect_item(dump, "plans", 0,
                "{\"activity\":\"judo-noord\",\"answers\":[{\"question\":\"doel\","
                "\"answer\":\"Samenwerken.\",\"updated\":\"2025-08-30T10:00:00.000\","
                "\"updated_by\":\"noord@test.nl\"},{\"question\":\"thuis-school\","
                "\"answer\":\"Ouders kijken mee.\",\"updated\":\"2025-08-30T10:05:00.000\"}]}");
    assert_int_equal(json_array_size(json_object_get(dump, "plans")), 1);
    expect_item(dump, "visits", 1,
                "{\"activity\":\"judo-noord\",\"date\":\"2025-09-10\",\"slot\":\"2025-09-09\","
                "\"by\":\"lead@test.nl\",\"items\":{\"goal\":\"nvt\",\"home_school\":\"nvt\","
                "\"duration\":\"nvt\",\"staff\":\"nvt\",\"interests\":\"nvt\"},"
                "\"created\":\"2025-09-10T18:00:00.000\",\"updated\":\"2025-09-11T08:00:00.000\"}");
    expect_item(dump, "plan_questions", 2,
                "{\"key\":\"veiligheid\",\"position\":3,\"question\":\"Is het veilig?\","
                "\"help\":\"Twee volwassenen.\",\"required\":false}");
    json_decref(dump);
    /* dump → load → dump: into an empty database and into the same one. */
    char *first = dump_text(f->db);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    doc = parse(first);
    load_ok(f->db, doc);
    json_decref(doc);
    char *third = dump_text(f->db);
    assert_string_equal(third, first);
    free(first);
    free(second);
    free(third);
}

/* Each case changes one field of plans_document; the load is refused and writes nothing. */
static void test_refuses_plans_and_visits(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"plans[0].activity", "\"zwemmen\"", "plans[0].activity: unknown activity 'zwemmen'"},
        {"plans[0].answers[0].question", "\"sfeer\"",
         "plans[0].answers[0].question: unknown plan question 'sfeer'"},
        {"plans[0].answers[1].question", "12",
         "plans[0].answers[1]: no plan question at position 12"},
        {"plans[0].answers[1].question", "\"doel\"",
         "plans[0].answers[1]: question 'doel' is answered twice"},
        {"plans[0].answers[1].question", "1.5",
         "plans[0].answers[1].question: must be a key or a position (a whole number from 1)"},
        {"plans[0].answers[0].answer", "\"\"", "plans[0].answers[0].answer: must not be empty"},
        {"plans[0].answers[0].answer", "\"BSN 111222333\"",
         "plans[0].answers[0].answer: must not contain a BSN (burgerservicenummer)"},
        {"plans[0].answers[0].updated_by", "\"niemand@test.nl\"",
         "plans[0].answers[0].updated_by: unknown user 'niemand@test.nl'"},
        {"plans[0].answers", "{}", "plans[0].answers: must be an array"},
        {"plans[1].activity", "\"judo-noord\"",
         "plans[1]: duplicate plan of activity 'judo-noord'"},
        {"plan_questions[1].position", "1", "plan_questions[1]: duplicate position 1"},
        {"plan_questions[1].key", "\"doel\"", "plan_questions[1]: duplicate key 'doel'"},
        {"plan_questions[0].question", "\"\"", "plan_questions[0].question: must not be empty"},
        {"visits[0].items.goal", "\"slecht\"",
         "visits[0].items.goal: must be one of goed, voldoende, onvoldoende or nvt"},
        {"visits[0].items.sfeer", "\"goed\"", "visits[0].items.sfeer: unknown field"},
        {"visits[0].involvement", "6", "visits[0].involvement: must be a whole number from 1 to 5"},
        {"visits[0].by", "\"niemand@test.nl\"", "visits[0].by: unknown user 'niemand@test.nl'"},
        {"visits[0].by", "\"anna@test.nl\"",
         "visits[0].by: only the lead or a coordinator makes a visit"},
        {"visits[0].date", "\"2025-09-03\"", "visits[0].date: no session of 'judo-noord' on 2025-09-03"},
        {"visits[0].date", "\"2025-09-16\"",
         "visits[0]: the session of 'judo-noord' on 2025-09-16 is cancelled"},
        {"visits[0].date", "\"2099-09-01\"", "visits[0]: a visit of a session in the future (2099-09-01)"},
        {"visits[2].created", NULL,
         "visits[2]: created is required when there is no visitor (by)"},
        {"visits[2]",
         "{\"activity\": \"judo-noord\", \"date\": \"2025-09-02\", \"by\": \"noord@TEST.nl\"}",
         "visits[2]: duplicate visit of 'judo-noord' on 2025-09-02 by noord@TEST.nl"},
        {"visits[1].updated", "\"2025-09-01T08:00:00.000\"",
         "visits[1]: updated must not be before created"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = plans_document();
        set_path(doc, cases[i].path, cases[i].value ? parse(cases[i].value) : NULL);
        expect_refused(f->db, doc, cases[i].message);
    }
}

/* ---- issue 15, part 4: costs on activities, budgets ---------------------------------------- */

/* full.json with costs on two activities (one with cents that are no binary fraction, one with
   a fixed amount only) and budgets of noord for two school years. New reference. */
static json_t *costs_document(void)
{
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "activities[0].costs", parse("{\"per_session\": 85.53, \"fixed\": 120.0}"));
    set_path(doc, "activities[1].costs", parse("{\"fixed\": 12}"));
    json_object_set_new(doc, "budgets",
                        parse("[{\"school\": \"noord\", \"year\": \"2025-2026\","
                              " \"amount\": 25000.0},"
                              " {\"school\": \"noord\", \"year\": \"2024-2025\","
                              " \"amount\": 19999.99}]"));
    return doc;
}

static void test_costs_and_budgets_load_and_round_trip(void **state)
{
    struct testdb *f = *state;
    json_t *doc = costs_document();
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT per_session * 1000000 + fixed FROM activity_costs c"
                                     " JOIN activities a ON a.id = c.activity_id"
                                     " WHERE a.key = 'judo-noord'"),
                     INT64_C(8553) * 1000000 + 12000);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activity_costs"), 2);
    assert_int_equal(count_of(f->db, "SELECT amount FROM school_budgets WHERE year = 2024"),
                     1999999);
    json_t *dump = dump_document(f->db);
    char *judo = json_dumps(json_object_get(json_array_get(json_object_get(dump, "activities"), 0),
                                            "costs"),
                            JSON_COMPACT | JSON_REAL_PRECISION(15));
    assert_string_equal(judo, "{\"per_session\":85.53,\"fixed\":120.0}");
    free(judo);
    expect_item(dump, "budgets", 0,
                "{\"school\":\"noord\",\"year\":\"2024-2025\",\"amount\":19999.990000000002}");
    json_decref(dump);
    /* dump → load → dump: into an empty database and into the same one. */
    char *first = dump_text(f->db);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    doc = parse(first);
    load_ok(f->db, doc);
    json_decref(doc);
    char *third = dump_text(f->db);
    assert_string_equal(third, first);
    free(first);
    free(second);
    free(third);
    /* An activity loaded again without costs has none; a budget is kept. */
    doc = read_json(FIXTURES "full.json");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM activity_costs"), 0);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM school_budgets"), 2);
}

/* Each case changes one field of costs_document; the load is refused and writes nothing. */
static void test_refuses_costs_and_budgets(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"activities[0].costs", "85", "activities[0].costs: must be an object"},
        {"activities[0].costs.per_session", "-1",
         "activities[0].costs.per_session: must be an amount from 0 to 1000000000 euros"},
        {"activities[0].costs.fixed", "1.005",
         "activities[0].costs.fixed: must have at most two decimals"},
        {"activities[0].costs.fixed", "\"120\"", "activities[0].costs.fixed: must be a number"},
        {"activities[0].costs.per_hour", "1", "activities[0].costs.per_hour: unknown field"},
        {"activities[0].costs.fixed", "1000000001",
         "activities[0].costs.fixed: must be a number from -1000000000 to 1000000000"},
        {"budgets[0].school", "\"west\"", "budgets[0].school: unknown school 'west'"},
        {"budgets[0].year", "\"2025-2027\"",
         "budgets[0].year: must be a school year such as \"2025-2026\""},
        {"budgets[0].year", "\"2025\"",
         "budgets[0].year: must be a school year such as \"2025-2026\""},
        {"budgets[0].amount", NULL, "budgets[0].amount: is required"},
        {"budgets[0].amount", "-5",
         "budgets[0].amount: must be an amount from 0 to 1000000000 euros"},
        {"budgets[1].year", "\"2025-2026\"",
         "budgets[1]: a second budget of 'noord' for 2025-2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = costs_document();
        set_path(doc, cases[i].path, cases[i].value ? parse(cases[i].value) : NULL);
        expect_refused(f->db, doc, cases[i].message);
    }
}

/* ---- issue 15 part 2: interests, feedback ------------------------------------------------- */

/* Interest answers (two of one pupil: from the class and from a parent; one with "other"
   only) and feedback over full.json's pupils and activities. */
static const char voice_sections[] =
    "{\"interests\": [{\"pupil\": \"n-1\", \"date\": \"2025-09-10\","
    "  \"domains\": [\"cultuur\", \"sport\"]},"
    " {\"pupil\": \"n-1\", \"date\": \"2025-09-10\", \"domains\": [\"wereld\"],"
    "  \"source\": \"parent\", \"created\": \"2025-09-10T20:00:00.000\"},"
    " {\"pupil\": \"n-2\", \"date\": \"2025-09-11\", \"domains\": [], \"other\": true}],"
    " \"feedback\": [{\"pupil\": \"n-1\", \"activity\": \"judo-noord\","
    "  \"date\": \"2025-09-02\", \"score\": 3, \"again\": true},"
    " {\"pupil\": \"n-2\", \"activity\": \"judo-noord\", \"date\": \"2025-09-02\","
    "  \"score\": 1, \"again\": false, \"created\": \"2025-09-02T17:00:00.000\"}]}";

/* full.json with the pupil's voice (issue 15). New reference. */
static json_t *voice_document(void) { return full_with(voice_sections); }

static void test_interests_and_feedback_load_and_round_trip(void **state)
{
    struct testdb *f = *state;
    json_t *doc = voice_document();
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM interest_answers"), 3);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM interest_answer_domains"), 3);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM feedback WHERE again = 1"), 1);
    json_t *dump = dump_document(f->db);
    /* The domains in the coalition's order; "source" only when not the class. */
    expect_item(dump, "interests", 1,
                "{\"pupil\":\"n-1\",\"date\":\"2025-09-10\",\"domains\":[\"wereld\"],"
                "\"source\":\"parent\",\"created\":\"2025-09-10T20:00:00.000\"}");
    expect_item(dump, "feedback", 1,
                "{\"pupil\":\"n-2\",\"activity\":\"judo-noord\",\"date\":\"2025-09-02\","
                "\"score\":1,\"again\":false,\"created\":\"2025-09-02T17:00:00.000\"}");
    json_decref(dump);
    char *first = dump_text(f->db);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    /* Loading again changes nothing, and a changed answer replaces its domains. */
    doc = parse(first);
    load_ok(f->db, doc);
    json_decref(doc);
    char *third = dump_text(f->db);
    assert_string_equal(third, first);
    doc = voice_document();
    set_path(doc, "interests[0].domains", parse("[\"wereld\"]"));
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM interest_answer_domains"), 2);
    free(first);
    free(second);
    free(third);
}

/* Each case changes one field of voice_document; the load is refused and writes nothing. */
static void test_refuses_interests_and_feedback(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"interests[0].pupil", "\"x-9\"", "interests[0].pupil: unknown pupil 'x-9'"},
        {"interests[0].domains", "[\"dans\"]", "interests[0].domains[0]: unknown domain 'dans'"},
        {"interests[0].domains", "[]", "interests[0]: an answer names a domain or \"other\""},
        {"interests[0].date", "\"2025-02-30\"", "interests[0].date: must be a date (YYYY-MM-DD)"},
        {"interests[0].source", "\"juf\"", "interests[0].source: must be one of class or parent"},
        {"interests[0].domains", NULL, "interests[0].domains: is required"},
        {"interests[1].source", NULL,
         "interests[1]: a second answer of 'n-1' on 2025-09-10 (class)"},
        {"feedback[0].score", "4", "feedback[0].score: must be a whole number from 1 to 3"},
        {"feedback[0].score", "0", "feedback[0].score: must be a whole number from 1 to 3"},
        {"feedback[0].again", "\"ja\"", "feedback[0].again: must be true or false"},
        {"feedback[0].again", NULL, "feedback[0].again: is required"},
        {"feedback[0].activity", "\"zwemmen\"", "feedback[0].activity: unknown activity 'zwemmen'"},
        {"feedback[1].pupil", "\"n-1\"",
         "feedback[1]: a second feedback of 'n-1' on 'judo-noord' on 2025-09-02"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = voice_document();
        set_path(doc, cases[i].path, cases[i].value ? parse(cases[i].value) : NULL);
        expect_refused(f->db, doc, cases[i].message);
    }
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM interest_answers"), 0);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM feedback"), 0);
}

/* Staff competence (issue 15, part 6, io/load_staff.c): "levels" is the history and "level"
   beside it the latest; the old single-level form is one assessment since always; trainings;
   dump → load → dump byte-identical; loading again replaces the history. */
static void test_staff_levels_and_trainings_round_trip(void **state)
{
    struct testdb *f = *state;
    json_t *doc = read_json(FIXTURES "full.json");
    set_path(doc, "staff[0].level", NULL);
    set_path(doc, "staff[0].levels",
             parse("[{\"date\": \"2025-09-01\", \"level\": \"vak\"},"
                   " {\"date\": \"2023-02-01\", \"level\": \"start\"}]"));
    set_path(doc, "staff[0].trainings",
             parse("[{\"name\": \"EHBO\", \"date\": \"2025-10-02\"},"
                   " {\"name\": \"Judo-instructeur\", \"date\": \"2024-06-15\"}]"));
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM staff_levels"), 2);
    assert_int_equal(count_of(f->db, "SELECT level = 'vak' FROM staff WHERE key = 'anna'"), 1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM staff_trainings"), 2);
    /* bob has no level in the fixture: no assessment, staff.level start */
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM staff_levels l JOIN staff s"
                                     " ON s.id = l.staff_id WHERE s.key = 'bob'"),
                     0);
    char *first = dump_text(f->db);
    json_t *dumped = parse(first);
    json_t *anna = json_array_get(json_object_get(dumped, "staff"), 0);
    char *levels = json_dumps(json_object_get(anna, "levels"), JSON_COMPACT);
    assert_string_equal(levels, "[{\"date\":\"2023-02-01\",\"level\":\"start\"},"
                                "{\"date\":\"2025-09-01\",\"level\":\"vak\"}]");
    char *trainings = json_dumps(json_object_get(anna, "trainings"), JSON_COMPACT);
    assert_string_equal(trainings, "[{\"name\":\"Judo-instructeur\",\"date\":\"2024-06-15\"},"
                                   "{\"name\":\"EHBO\",\"date\":\"2025-10-02\"}]");
    free(levels);
    free(trainings);
    json_decref(dumped);
    struct db *other = open_db(f, "other.db");
    doc = parse(first);
    load_ok(other, doc);
    json_decref(doc);
    char *second = dump_text(other);
    assert_string_equal(second, first);
    db_close(other);
    /* The old form on the same staff member replaces the history with one level. */
    doc = read_json(FIXTURES "full.json");
    load_ok(f->db, doc);
    json_decref(doc);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM staff_levels WHERE level = 'vak'"
                                     " AND assessed_on = '2000-01-01'"),
                     1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM staff_levels"), 1);
    assert_int_equal(count_of(f->db, "SELECT count(*) FROM staff_trainings"), 0);
    free(first);
    free(second);
}

static void test_refuses_staff_levels_and_trainings(void **state)
{
    struct testdb *f = *state;
    static const struct bad_case cases[] = {
        {"staff[0].levels", "{}", "staff[0].levels: must be an array"},
        {"staff[0].levels", "[{\"date\": \"2025-09-01\", \"level\": \"meester\"}]",
         "staff[0].levels[0].level: must be one of start, basis or vak"},
        {"staff[0].levels", "[{\"date\": \"2025-02-30\", \"level\": \"vak\"}]",
         "staff[0].levels[0].date: must be a date (YYYY-MM-DD)"},
        {"staff[0].levels", "[{\"level\": \"vak\"}]", "staff[0].levels[0].date: is required"},
        {"staff[0].levels",
         "[{\"date\": \"2025-09-01\", \"level\": \"vak\"},"
         " {\"date\": \"2025-09-01\", \"level\": \"basis\"}]",
         "staff[0].levels[1]: a second assessment on 2025-09-01"},
        {"staff[0].levels", "[{\"date\": \"2025-09-01\", \"level\": \"basis\"}]",
         "staff[0].level: must be the level of the latest of levels ('basis')"},
        {"staff[0].levels", "[]", "staff[0].level: must be the level of the latest of levels ('start')"},
        {"staff[0].trainings", "[{\"date\": \"2025-09-01\"}]",
         "staff[0].trainings[0].name: is required"},
        {"staff[0].trainings", "[{\"name\": \"EHBO\", \"date\": \"gisteren\"}]",
         "staff[0].trainings[0].date: must be a date (YYYY-MM-DD)"},
        {"staff[0].trainings", "[{\"name\": \"EHBO\", \"date\": \"2025-09-01\", \"x\": 1}]",
         "staff[0].trainings[0].x: unknown field"},
    };
    load_file_ok(f->db, FIXTURES "full.json");
    CASES(f->db, cases);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(test_full_document_loads),
        T(test_school_contact),
        T(test_every_section_round_trips),
        T(test_slots_and_study_days_round_trip),
        T(test_refuses_bad_slots),
        T(test_dump_load_dump_identical),
        T(test_load_is_idempotent),
        T(test_load_updates),
        T(test_default_domains),
        T(test_enrolment_order_kept),
        T(test_holidays_resync),
        T(test_thousand_items),
        T(test_http_fixture_loads),
        T(test_quality_sections_load),
        T(test_quality_bookkeeping_kept),
        T(test_quality_updates),
        T(test_quality_unknown_codes_left_out),
        T(test_refuses_quality_references),
        T(test_refuses_quality_missing_session),
        T(test_refuses_quality_values),
        T(test_refuses_quality_missing_and_duplicates),
        T(test_refuses_document_shape),
        T(test_refuses_unknown_fields),
        T(test_refuses_missing_and_types),
        T(test_refuses_formats),
        T(test_refuses_bad_strings),
        T(test_refuses_ranges),
        T(test_refuses_enums),
        T(test_refuses_references),
        T(test_refuses_duplicates),
        T(test_refuses_users),
        T(test_refuses_missing_session),
        T(test_refuses_database_conflicts),
        T(test_refuses_more_enrolled_than_seats),
        T(test_plans_and_visits_load_and_round_trip),
        T(test_refuses_plans_and_visits),
        T(test_costs_and_budgets_load_and_round_trip),
        T(test_refuses_costs_and_budgets),
        T(test_interests_and_feedback_load_and_round_trip),
        T(test_refuses_interests_and_feedback),
        T(test_staff_levels_and_trainings_round_trip),
        T(test_refuses_staff_levels_and_trainings),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
