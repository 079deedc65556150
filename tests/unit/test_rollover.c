/* Tests of the year turning over (src/domain/people/rollover.h): every pupil who has not left
 * moves up a group, the highest grade of the school's kind leaves on 31 July, pupils who left
 * stay as they are, a second run changes nothing, a wrong or malformed year is refused and
 * writes nothing; on the demo coalition: the reports of a past period read exactly the same,
 * the activities and rounds of the past year leave today's lists, and dump → load keeps the
 * rollover so that it still runs only once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "demo/demo.h"
#include "domain/enrolment/parent_read.h"
#include "domain/enrolment/rounds_read.h"
#include "domain/offer/activities_read.h"
#include "domain/people/rollover.h"
#include "domain/reports/reports.h"
#include "io/loadjson.h"
#include "util/date.h"
#include "testdb.h"

/* The demo's day (school year 2025-2026) and the rollover's, in the summer after it. */
#define DEMO_TODAY "2026-06-15"
#define SUMMER "2026-07-15"

/* Two schools, po and vo, with pupils at each end of their grades, one who left, one deleted. */
static const char seed[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'po', 'Basisschool', 'po'),"
    " (2, 'vo', 'College', 'vo');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, left_on,"
    " anonymised) VALUES"
    " (1, 'p1', 1, '1', 'Aya', 'Bos', 1, NULL, 0),"
    " (2, 'p7', 1, '2', 'Bram', 'Kok', 7, NULL, 0),"
    " (3, 'p8', 1, '3', 'Cas', 'Mol', 8, NULL, 0),"
    " (4, 'v5', 2, '4', 'Dua', 'Vos', 5, NULL, 0),"
    " (5, 'v6', 2, '5', 'Eva', 'Wit', 6, NULL, 0),"
    " (6, 'gone', 1, '6', 'Finn', 'Ros', 4, '2026-03-01', 0),"
    " (7, 'anon-7', 1, 'anon-7', 'Verwijderde', 'leerling', 5, '2026-02-01', 1),"
    " (8, 'later', 1, '8', 'Gijs', 'Dam', 3, '2026-09-30', 0);";

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

static int setup_small(void **state) { return testdb_setup(state, "test_rollover", seed); }

/* Every pupil's grade and left_on, as one text ("1:2:,2:8:,…"): to compare states. Caller
   frees. */
static char *pupils_state(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT group_concat(id || ':' || grade || ':' ||"
                                   " coalesce(left_on, ''), ',') FROM (SELECT * FROM pupils"
                                   " ORDER BY id)");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *text = strdup(db_col_text(st, 0));
    sqlite3_reset(st);
    return text;
}

static int64_t count(struct db *db, const char *sql) { return db_int(db, sql, 0, 0, -1); }

static void moves_up_and_the_highest_grade_leaves(void **state)
{
    struct db *db = db_of(state);
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    assert_int_equal(done.moved, 4); /* p1, p7, v5, and "later", who has not left by 1 August */
    assert_int_equal(done.left, 2);  /* p8 and v6 */
    char *now = pupils_state(db);
    assert_string_equal(now, "1:2:,2:8:,3:8:2026-07-31,4:6:,5:6:2026-07-31,6:4:2026-03-01,"
                             "7:5:2026-02-01,8:4:2026-09-30");
    free(now);
    assert_int_equal(count(db, "SELECT count(*) FROM pupil_grades WHERE until = '2026-07-31'"),
                     4);
    assert_int_equal(count(db, "SELECT grade FROM pupil_grades WHERE pupil_id = 2"), 7);
    assert_int_equal(count(db, "SELECT count(*) FROM rollovers WHERE school_year = '2026-2027'"
                               " AND starts_on = '2026-08-01' AND by_user = 0"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'rollover'"), 1);
}

static void the_counts_are_those_of_the_preview(void **state)
{
    struct db *db = db_of(state);
    struct rollover_plan plan;
    assert_int_equal(rollover_plan(db, "2026-2027", SUMMER, &plan), ROLLOVER_OK);
    char *before = pupils_state(db);
    json_t *preview = NULL;
    assert_int_equal(read_rollover_preview(db, &plan, SUMMER, &preview), 0);
    char *after_preview = pupils_state(db);
    assert_string_equal(before, after_preview); /* the preview writes nothing */
    assert_int_equal(count(db, "SELECT count(*) FROM rollovers"), 0);
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    assert_int_equal(json_integer_value(json_object_get(preview, "moved")), done.moved);
    assert_int_equal(json_integer_value(json_object_get(preview, "left")), done.left);
    json_t *schools = json_object_get(preview, "schools");
    assert_int_equal(json_array_size(schools), 2);
    json_t *vo = json_array_get(schools, 1);
    assert_string_equal(json_string_value(json_object_get(vo, "kind")), "vo");
    assert_int_equal(json_integer_value(json_object_get(vo, "grade_max")), 6);
    assert_int_equal(json_integer_value(json_object_get(vo, "leaving")), 1);
    json_decref(preview);
    free(before);
    free(after_preview);
}

static void a_second_run_changes_nothing(void **state)
{
    struct db *db = db_of(state);
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    char *once = pupils_state(db);
    int64_t audits = count(db, "SELECT count(*) FROM audit_log");
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_ALREADY);
    assert_int_equal(done.moved, 4); /* the counts of the run on record */
    assert_int_equal(rollover_run(db, 0, "2026-2027", "2026-09-01", &done), ROLLOVER_ALREADY);
    char *twice = pupils_state(db);
    assert_string_equal(once, twice);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(count(db, "SELECT count(*) FROM rollovers"), 1);
    free(once);
    free(twice);
}

static void wrong_and_malformed_years_are_refused_and_write_nothing(void **state)
{
    struct db *db = db_of(state);
    static const struct {
        const char *to, *today;
        enum rollover_outcome expected;
    } refused[] = {
        {"", SUMMER, ROLLOVER_MALFORMED},
        {"2026", SUMMER, ROLLOVER_MALFORMED},
        {"2026-2028", SUMMER, ROLLOVER_MALFORMED},
        {"2026/2027", SUMMER, ROLLOVER_MALFORMED},
        {"2026-2027 ", SUMMER, ROLLOVER_MALFORMED},
        {"20a6-2027", SUMMER, ROLLOVER_MALFORMED},
        {"2027-2026", SUMMER, ROLLOVER_MALFORMED},
        {"0999-1000", SUMMER, ROLLOVER_MALFORMED},
        {"2030-2031", SUMMER, ROLLOVER_WRONG_YEAR},
        {"2024-2025", SUMMER, ROLLOVER_WRONG_YEAR},
        {"2027-2028", SUMMER, ROLLOVER_WRONG_YEAR},
        {"2026-2027", "gisteren", ROLLOVER_FAILED},
    };
    char *before = pupils_state(db);
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        struct rollover_done done;
        enum rollover_outcome rc = rollover_run(db, 0, refused[i].to, refused[i].today, &done);
        if (rc != refused[i].expected)
            fail_msg("'%s' on %s: %d, expected %d", refused[i].to, refused[i].today, rc,
                     refused[i].expected);
        char *after = pupils_state(db);
        assert_string_equal(before, after);
        free(after);
        assert_int_equal(count(db, "SELECT count(*) FROM rollovers"), 0);
        assert_int_equal(count(db, "SELECT count(*) FROM pupil_grades"), 0);
    }
    free(before);
    /* The message names the year that may come next. */
    struct rollover_plan plan;
    assert_int_equal(rollover_plan(db, "2030-2031", SUMMER, &plan), ROLLOVER_WRONG_YEAR);
    assert_string_equal(plan.expected, "2026-2027");
    assert_string_equal(plan.also, "2025-2026"); /* late, after 1 August: today's year */
    json_t *vars = json_pack("{s:s, s:s}", "year", "2030-2031", "expected", plan.expected);
    assert_string_equal(testdb_text(rollover_message(ROLLOVER_WRONG_YEAR), vars),
                        "Naar 2030-2031 kan nu niet: de volgende overgang is die naar 2026-2027.");
    json_decref(vars);
    /* After a rollover only the year after it, and only from 1 August before it. */
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    assert_int_equal(rollover_plan(db, "2025-2026", SUMMER, &plan), ROLLOVER_WRONG_YEAR);
    assert_int_equal(rollover_plan(db, "2027-2028", SUMMER, &plan), ROLLOVER_TOO_EARLY);
    assert_string_equal(plan.opens_on, "2026-08-01");
    assert_int_equal(rollover_plan(db, "2027-2028", "2026-08-01", &plan), ROLLOVER_OK);
}

static void a_late_rollover_goes_into_todays_year(void **state)
{
    struct db *db = db_of(state);
    struct rollover_done done;
    /* On 20 August 2026, before any rollover: into 2026-2027, today's school year. */
    assert_int_equal(rollover_run(db, 0, "2026-2027", "2026-08-20", &done), ROLLOVER_OK);
    assert_int_equal(done.left, 2);
}

/* ---- on the demo coalition --------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    return testdb_demo_group_setup("test_rollover_demo", DEMO_TODAY);
}

static int setup_demo(void **state) { return testdb_setup_demo(state, "test_rollover"); }

/* The coverage report for from … to (of one school, or 0: every school) as JSON text.
   Caller frees. */
static char *report_text(struct db *db, int64_t school_id, const char *from, const char *to)
{
    struct report_query q = {.school_id = school_id, .min_sessions = 6, .intensity_hours = 20};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", DEMO_TODAY);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    json_t *doc = report_json(&rep);
    char *text = json_dumps(doc, JSON_SORT_KEYS);
    json_decref(doc);
    report_free(&rep);
    return text;
}

static void past_reports_read_the_same(void **state)
{
    struct db *db = db_of(state);
    int64_t school = count(db, "SELECT id FROM schools ORDER BY key LIMIT 1");
    static const char *const periods[][2] = {
        {"2025-08-01", "2026-06-14"}, {"2025-08-01", "2026-07-31"}, {"2026-01-01", "2026-03-31"}};
    enum { N = sizeof periods / sizeof *periods };
    char *before[N][2];
    for (size_t i = 0; i < N; i++) {
        before[i][0] = report_text(db, 0, periods[i][0], periods[i][1]);
        before[i][1] = report_text(db, school, periods[i][0], periods[i][1]);
    }
    /* The report groups pupils by grade: the rollover changes every pupil's grade. */
    assert_non_null(strstr(before[0][0], "\"grades\""));
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    assert_true(done.moved > 100 && done.left > 10);
    for (size_t i = 0; i < N; i++)
        for (int s = 0; s < 2; s++) {
            char *after = report_text(db, s ? school : 0, periods[i][0], periods[i][1]);
            assert_string_equal(before[i][s], after);
            free(after);
            free(before[i][s]);
        }
    /* The new year's report counts the pupils in their new groups, without the leavers. */
    char *next = report_text(db, 0, "2026-08-01", "2027-07-31");
    json_t *doc = json_loads(next, 0, NULL);
    json_t *first = json_array_get(json_object_get(doc, "schools"), 0);
    json_t *grades = json_object_get(first, "grades");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(grades, 0), "grade")), 2);
    json_decref(doc);
    free(next);
}

/* The ids of rows (each with "id") as one text "1,5,9". Caller frees. */
static char *ids_of(json_t *rows)
{
    assert_non_null(rows);
    size_t n = json_array_size(rows), i;
    char *text = calloc(n * 21 + 1, 1);
    json_t *row;
    json_array_foreach(rows, i, row)
        sprintf(text + strlen(text), "%s%lld", i ? "," : "",
                (long long)json_integer_value(json_object_get(row, "id")));
    json_decref(rows);
    return text;
}

static void archived_activities_and_rounds_leave_todays_lists(void **state)
{
    struct db *db = db_of(state);
    struct activity_filter ended = {.when = WHEN_ENDED, .today = SUMMER};
    struct activity_filter archived = {.when = WHEN_ARCHIVED, .today = SUMMER};
    int64_t n_ended = count(db, "SELECT count(*) FROM activities WHERE date_until < '" SUMMER "'");
    assert_true(n_ended > 0);
    json_t *none = read_activities(db, &archived, 10000, 0);
    assert_int_equal(json_array_size(none), 0);
    json_decref(none);
    char *rounds_before = ids_of(read_rounds(db, 0, SUMMER, false));
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    /* Every activity that ended before 1 August 2026 (and before today) is archived. */
    json_t *rows = read_activities(db, &archived, 10000, 0);
    assert_int_equal(json_array_size(rows), n_ended);
    json_decref(rows);
    rows = read_activities(db, &ended, 10000, 0);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
    struct activity_filter all = {.when = WHEN_ALL};
    rows = read_activities(db, &all, 10000, 0);
    assert_int_equal(json_array_size(rows), count(db, "SELECT count(*) FROM activities"));
    json_decref(rows);
    /* The parents' pages: no archived activity among a child's enrolments or offers. */
    int64_t pupil = count(db, "SELECT e.pupil_id FROM enrolments e JOIN activities a"
                              " ON a.id = e.activity_id WHERE a.date_until < '" SUMMER "'"
                              " ORDER BY e.id LIMIT 1");
    rows = read_child_enrolments(db, pupil, SUMMER);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        assert_true(strcmp(json_string_value(json_object_get(row, "date_until")), SUMMER) >= 0);
    json_decref(rows);
    /* The rounds: those whose activities all ended in 2025-2026 go to the archive. */
    char *rounds_now = ids_of(read_rounds(db, 0, SUMMER, false));
    char *rounds_archived = ids_of(read_rounds(db, 0, SUMMER, true));
    int64_t n_past = count(db, "SELECT count(*) FROM rounds r WHERE r.closes < '" SUMMER "'"
                               " AND NOT EXISTS (SELECT 1 FROM round_activities x JOIN activities"
                               " y ON y.id = x.activity_id WHERE x.round_id = r.id"
                               " AND y.date_until >= '" SUMMER "')");
    int64_t n_rounds = count(db, "SELECT count(*) FROM rounds");
    size_t n_archived = *rounds_archived ? 1 : 0;
    for (const char *p = rounds_archived; *p; p++)
        n_archived += *p == ',';
    assert_int_equal(n_archived, n_past);
    size_t n_now = *rounds_now ? 1 : 0;
    for (const char *p = rounds_now; *p; p++)
        n_now += *p == ',';
    assert_int_equal(n_now + n_archived, n_rounds);
    if (!n_past)
        assert_string_equal(rounds_before, rounds_now);
    free(rounds_before);
    free(rounds_now);
    free(rounds_archived);
}

/* A report's text without the schools' database ids. Frees text; caller frees the result. */
static char *without_school_ids(char *text)
{
    json_t *doc = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(doc);
    size_t i;
    json_t *school;
    json_array_foreach(json_object_get(doc, "schools"), i, school)
        json_object_del(school, "id");
    char *out = json_dumps(doc, JSON_SORT_KEYS);
    json_decref(doc);
    return out;
}

static void dump_and_load_keep_the_rollover(void **state)
{
    struct db *db = db_of(state);
    struct rollover_done done;
    assert_int_equal(rollover_run(db, 0, "2026-2027", SUMMER, &done), ROLLOVER_OK);
    char *report = report_text(db, 0, "2025-08-01", "2026-06-14");
    json_t *doc = dump_document(db);
    assert_non_null(doc);
    assert_int_equal(json_array_size(json_object_get(doc, "rollovers")), 1);
    assert_int_equal(json_array_size(json_object_get(doc, "pupil_grades")), done.moved);
    char *first = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(1));

    struct testdb copy;
    copy.db = testdb_open(copy.dir, "test_rollover_copy", NULL);
    assert_non_null(copy.db);
    char err[512] = "";
    assert_int_equal(load_document(copy.db, doc, err, sizeof err), 0);
    json_decref(doc);
    json_t *again = dump_document(copy.db);
    char *second = json_dumps(again, JSON_SORT_KEYS | JSON_INDENT(1));
    json_decref(again);
    assert_string_equal(first, second);
    char *copied_report = report_text(copy.db, 0, "2025-08-01", "2026-06-14");
    /* The same, but for the schools' ids (the load numbers them by key). */
    report = without_school_ids(report);
    copied_report = without_school_ids(copied_report);
    assert_string_equal(report, copied_report);
    assert_int_equal(rollover_run(copy.db, 0, "2026-2027", SUMMER, &done), ROLLOVER_ALREADY);
    testdb_remove(copy.db, copy.dir);
    free(first);
    free(second);
    free(report);
    free(copied_report);
}

static void the_load_format_refuses_broken_rollovers(void **state)
{
    struct db *db = db_of(state);
    static const char *const broken[] = {
        "{\"rollovers\": [{\"school_year\": \"2026-2028\", \"moved\": 1, \"left\": 0}]}",
        "{\"rollovers\": [{\"school_year\": \"2026-2027\", \"moved\": -1, \"left\": 0}]}",
        "{\"rollovers\": [{\"school_year\": \"2026-2027\", \"moved\": 1}]}",
        "{\"rollovers\": [{\"school_year\": \"2026-2027\", \"moved\": 1, \"left\": 0},"
        " {\"school_year\": \"2026-2027\", \"moved\": 1, \"left\": 0}]}",
        "{\"pupil_grades\": [{\"pupil\": \"nobody\", \"until\": \"2026-07-31\", \"grade\": 3}]}",
        "{\"pupil_grades\": [{\"pupil\": \"p1\", \"until\": \"2026-02-30\", \"grade\": 3}]}",
        "{\"pupil_grades\": [{\"pupil\": \"p1\", \"until\": \"2026-07-31\", \"grade\": 0}]}",
        "{\"pupil_grades\": [{\"pupil\": \"p1\", \"until\": \"2026-07-31\", \"grade\": 3},"
        " {\"pupil\": \"p1\", \"until\": \"2026-07-31\", \"grade\": 4}]}",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        json_t *doc = json_loads(broken[i], 0, NULL);
        assert_non_null(doc);
        char err[512] = "";
        if (load_document(db, doc, err, sizeof err) == 0)
            fail_msg("accepted: %s", broken[i]);
        json_decref(doc);
        assert_int_equal(count(db, "SELECT count(*) FROM rollovers"), 0);
        assert_int_equal(count(db, "SELECT count(*) FROM pupil_grades"), 0);
    }
}

int main(void)
{
#define SMALL(name) cmocka_unit_test_setup_teardown(name, setup_small, testdb_teardown)
#define DEMO(name) cmocka_unit_test_setup_teardown(name, setup_demo, testdb_teardown)
    const struct CMUnitTest tests[] = {
        SMALL(moves_up_and_the_highest_grade_leaves),
        SMALL(the_counts_are_those_of_the_preview),
        SMALL(a_second_run_changes_nothing),
        SMALL(wrong_and_malformed_years_are_refused_and_write_nothing),
        SMALL(a_late_rollover_goes_into_todays_year),
        SMALL(the_load_format_refuses_broken_rollovers),
        DEMO(past_reports_read_the_same),
        DEMO(archived_activities_and_rounds_leave_todays_lists),
        DEMO(dump_and_load_keep_the_rollover),
    };
#undef SMALL
#undef DEMO
    return cmocka_run_group_tests(tests, group_setup, testdb_demo_group_teardown);
}
