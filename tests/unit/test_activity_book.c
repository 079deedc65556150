/* Tests of src/domain/activity_book.c on a small hand-made coalition: the figures per activity
 * (held sessions only: cancelled sessions and sessions after today, with marks that must not
 * count; participants by the register's rule: a waiting list and a cancellation before the
 * period do not count, a participant who never came does, with 0 hours; attendance and
 * involvement null without marks), the plan of an activity that has not started, the
 * evaluations' summary (a cancelled session's evaluation left out), the same counts as the
 * coverage report, the filters (domain, grade, school, provider, free text with LIKE's special
 * characters taken literally, the period), sorting with figures without a value last, paging
 * (a page's figures computed for its activities only, equal to the whole list's), and the
 * evaluations of an activity's page by role only. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/activity_book.h"
#include "domain/reports/reports.h"
#include "testdb.h"

/* Period 2026-09-01 – 2026-12-31, today 2026-10-31. Domains sport (1), cultuur (2); schools
   noord (1), zuid (2); provider sportpartner (1).
   1 Judo (noord, sport, sportpartner, groep 5–8, 60 min): 09-01 and 09-08 held, 09-15
     cancelled, 11-03 after today (both with a mark of Sara's that must not count).
   2 Koor (zuid, cultuur + sport, groep 1–4, 45 min): 11-05 and 11-12 to come, 11-19 cancelled.
   3 Schaak (noord, cultuur, groep 3–8, 60 min, "100% plezier"): 09-02, 09-09, 09-16 held, no
     marks; Daan enrolled without history (counts from created_at).
   4 Oud (noord, sport): ran until 2026-06-30, outside the period.
   Judo: Sara, Daan and Lars enrolled; Noor cancelled before the period; Mila on the waiting
   list. Marks: 09-01 Sara present (4), Daan present, Lars absent; 09-08 Sara present (2),
   Daan excused, Lars absent. Evaluations: 09-01 by staff (yes), 09-08 by the coordinator
   (partly, "Samen oefenen werkte goed"), the cancelled 09-15 by the lead (no). */
static const char seed_sql[] =
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2);"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sportpartner', 'Sportpartner', 1);"
    "INSERT INTO staff (id, key, provider_id, name, level) VALUES (1, 'anna', 1, 'Anna', 'vak');"
    "INSERT INTO users (id, email, name, role, password_hash, school_id, staff_id) VALUES"
    " (1, 'anna@x.nl', 'Anna', 'staff', 'x', NULL, 1),"
    " (2, 'noord@x.nl', 'Nina', 'coordinator', 'x', 1, NULL),"
    " (3, 'lead@x.nl', 'Lea', 'lead', 'x', NULL, NULL);"
    "INSERT INTO activities (id, key, school_id, provider_id, title, goal, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 1, 'Judo', 'Samenwerken', 5, 8, 10, 2, '15:15', '16:15', '2026-09-01',"
    "  '2026-12-31'),"
    " (2, 'koor', 2, NULL, 'Koor', 'Samen zingen', 1, 4, 10, 4, '14:00', '14:45', '2026-11-05',"
    "  '2026-11-19'),"
    " (3, 'schaak', 1, NULL, 'Schaak', '100% plezier', 3, 8, 10, 3, '15:00', '16:00',"
    "  '2026-09-02', '2026-09-16'),"
    " (4, 'oud', 1, NULL, 'Oud', '', 1, 8, 10, 1, '15:00', '16:00', '2026-01-05', '2026-06-30');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 1), (2, 2), (2, 1), (3, 2),"
    " (4, 1);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:15', '16:15', 0),"
    " (2, 1, '2026-09-08', '2026-09-08', '15:15', '16:15', 0),"
    " (3, 1, '2026-09-15', '2026-09-15', '15:15', '16:15', 1),"
    " (4, 1, '2026-11-03', '2026-11-03', '15:15', '16:15', 0),"
    " (11, 2, '2026-11-05', '2026-11-05', '14:00', '14:45', 0),"
    " (12, 2, '2026-11-12', '2026-11-12', '14:00', '14:45', 0),"
    " (13, 2, '2026-11-19', '2026-11-19', '14:00', '14:45', 1),"
    " (21, 3, '2026-09-02', '2026-09-02', '15:00', '16:00', 0),"
    " (22, 3, '2026-09-09', '2026-09-09', '15:00', '16:00', 0),"
    " (23, 3, '2026-09-16', '2026-09-16', '15:00', '16:00', 0),"
    " (31, 4, '2026-01-05', '2026-01-05', '15:00', '16:00', 0);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade) VALUES"
    " (1, 'n-1', 1, '1', 'Sara', 'B', 6), (2, 'n-2', 1, '2', 'Daan', 'J', 5),"
    " (3, 'n-3', 1, '3', 'Noor', 'V', 5), (4, 'n-4', 1, '4', 'Lars', 'B', 7),"
    " (5, 'n-5', 1, '5', 'Mila', 'S', 6);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000'),"
    " (2, 2, 1, 'enrolled', '2026-08-20T19:01:00.000', '2026-08-20T19:01:00.000'),"
    " (3, 3, 1, 'cancelled', '2026-08-20T19:02:00.000', '2026-08-25T10:00:00.000'),"
    " (4, 4, 1, 'enrolled', '2026-08-20T19:03:00.000', '2026-08-20T19:03:00.000'),"
    " (5, 5, 1, 'waitlisted', '2026-08-20T19:04:00.000', '2026-08-20T19:04:00.000'),"
    " (6, 2, 3, 'enrolled', '2026-08-20T19:05:00.000', '2026-08-20T19:05:00.000');"
    "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at) VALUES"
    " (1, NULL, 'enrolled', '2026-08-20T19:00:00.000'),"
    " (2, NULL, 'enrolled', '2026-08-20T19:01:00.000'),"
    " (3, NULL, 'enrolled', '2026-08-20T19:02:00.000'),"
    " (3, 'enrolled', 'cancelled', '2026-08-25T10:00:00.000'),"
    " (4, NULL, 'enrolled', '2026-08-20T19:03:00.000'),"
    " (5, NULL, 'waitlisted', '2026-08-20T19:04:00.000');"
    "INSERT INTO attendance (session_id, pupil_id, status, involvement) VALUES"
    " (1, 1, 'present', 4), (1, 2, 'present', NULL), (1, 4, 'absent', NULL),"
    " (2, 1, 'present', 2), (2, 2, 'excused', NULL), (2, 4, 'absent', NULL),"
    " (3, 1, 'present', 5), (4, 1, 'present', 5);"
    "INSERT INTO evaluations (session_id, user_id, went_well, to_change, as_planned, note,"
    " created_at, updated_at) VALUES"
    " (1, 1, 'Goede start', 'Meer water', 'yes', 'Sara was ziek', '2026-09-01T17:00',"
    "  '2026-09-01T17:00'),"
    " (2, 2, 'Samen oefenen werkte goed', 'Korter uitleggen', 'partly', '', '2026-09-08T17:00',"
    "  '2026-09-08T17:00'),"
    " (3, 3, 'Niets', 'Niets', 'no', '', '2026-09-15T17:00', '2026-09-15T17:00');";

static int setup(void **state)
{
    return testdb_setup(state, "test_activity_book", seed_sql);
}

static struct db *db_of(void **state)
{
    return ((struct testdb *)*state)->db;
}

/* The default query over the period. */
static struct book_query query(void)
{
    struct book_query q = {.from = "2026-09-01", .to = "2026-12-31", .today = "2026-10-31",
                           .page = 1};
    return q;
}

/* The list for q; fails the test on an error. *total gets the count. New reference. */
static json_t *list_of(void **state, const struct book_query *q, long long *total)
{
    json_t *list;
    assert_int_equal(book_list(db_of(state), q, &list, total), 0);
    assert_non_null(list);
    return list;
}

static json_t *by_key(json_t *list, const char *key)
{
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        if (!strcmp(json_string_value(json_object_get(a, "key")), key))
            return a;
    }
    fail_msg("no activity %s in the list", key);
    return NULL;
}

static json_int_t int_at(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return json_integer_value(v);
}

static void assert_real(json_t *obj, const char *key, double expected)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_real(v))
        fail_msg("%s is not a number with decimals", key);
    if (fabs(json_real_value(v) - expected) > 1e-9)
        fail_msg("%s is %g, expected %g", key, json_real_value(v), expected);
}

static void assert_null_at(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_null(v))
        fail_msg("%s is not null", key);
}

/* The keys of the list, in order, joined by spaces, into out. */
static const char *keys_of(json_t *list, char out[128])
{
    out[0] = '\0';
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        if (i)
            strcat(out, " ");
        strncat(out, json_string_value(json_object_get(a, "key")), 20);
    }
    return out;
}

/* ---- figures ----------------------------------------------------------------------------------- */

static void held_sessions_only(void **state)
{
    struct book_query q = query();
    long long total;
    json_t *list = list_of(state, &q, &total);
    assert_int_equal(total, 3); /* Oud ran before the period */
    json_t *judo = by_key(list, "judo");
    assert_int_equal(int_at(judo, "sessions"), 2);     /* not 09-15 (cancelled) nor 11-03 */
    assert_int_equal(int_at(judo, "participants"), 3); /* Sara, Daan, Lars; not Noor, Mila */
    assert_int_equal(int_at(judo, "present"), 3);
    assert_int_equal(int_at(judo, "absent"), 2);
    assert_int_equal(int_at(judo, "excused"), 1);
    assert_real(judo, "hours", 3.0);
    assert_real(judo, "mean_hours", 1.0);      /* 3 hours over 3 participants, Lars 0 */
    assert_real(judo, "attendance_pct", 50.0); /* 3 of 6 */
    assert_real(judo, "involvement", 3.0);     /* (4 + 2) / 2: the cancelled 5s left out */
    assert_int_equal(int_at(judo, "weekly_minutes"), 60);
    assert_int_equal(int_at(judo, "planned_sessions"), 3); /* with 11-03, not 09-15 */
    assert_real(judo, "planned_hours", 3.0);
    json_t *grades = json_object_get(judo, "grades");
    assert_int_equal(int_at(grades, "min"), 5);
    assert_int_equal(int_at(grades, "max"), 8);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(judo, "provider"), "key")), "sportpartner");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(judo, "school"), "key")), "noord");
    json_t *domains = json_object_get(judo, "domains");
    assert_int_equal(json_array_size(domains), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(domains, 0), "code")),
                        "sport");
    json_decref(list);
}

static void nulls_without_marks(void **state)
{
    struct book_query q = query();
    long long total;
    json_t *list = list_of(state, &q, &total);
    json_t *schaak = by_key(list, "schaak");
    assert_int_equal(int_at(schaak, "sessions"), 3);
    assert_int_equal(int_at(schaak, "participants"), 1); /* Daan, enrolled without history */
    assert_real(schaak, "mean_hours", 0.0);
    assert_null_at(schaak, "attendance_pct");
    assert_null_at(schaak, "involvement");
    assert_true(json_is_null(json_object_get(schaak, "provider")));
    json_decref(list);
}

static void plan_of_an_activity_to_come(void **state)
{
    struct book_query q = query();
    long long total;
    json_t *list = list_of(state, &q, &total);
    json_t *koor = by_key(list, "koor");
    assert_int_equal(int_at(koor, "sessions"), 0);
    assert_int_equal(int_at(koor, "participants"), 0);
    assert_null_at(koor, "mean_hours");
    assert_null_at(koor, "attendance_pct");
    assert_int_equal(int_at(koor, "weekly_minutes"), 45);
    assert_int_equal(int_at(koor, "planned_sessions"), 2); /* not the cancelled 11-19 */
    assert_real(koor, "planned_hours", 1.5);
    json_t *domains = json_object_get(koor, "domains"); /* by position: sport first */
    assert_int_equal(json_array_size(domains), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(domains, 0), "code")),
                        "sport");
    json_decref(list);
}

static void evaluations_summary(void **state)
{
    struct book_query q = query();
    long long total;
    json_t *list = list_of(state, &q, &total);
    json_t *e = json_object_get(by_key(list, "judo"), "evaluations");
    assert_int_equal(int_at(e, "count"), 2); /* not the cancelled session's */
    assert_int_equal(int_at(e, "yes"), 1);
    assert_int_equal(int_at(e, "partly"), 1);
    assert_int_equal(int_at(e, "no"), 0);
    json_t *latest = json_object_get(e, "latest");
    assert_string_equal(json_string_value(json_object_get(latest, "date")), "2026-09-08");
    assert_string_equal(json_string_value(json_object_get(latest, "went_well")),
                        "Samen oefenen werkte goed");
    assert_string_equal(json_string_value(json_object_get(latest, "as_planned")), "partly");
    assert_true(json_is_null(json_object_get(
        json_object_get(by_key(list, "schaak"), "evaluations"), "latest")));
    json_decref(list);
}

/* The same held sessions, marks and participants as the coverage report. */
static void agrees_with_the_report(void **state)
{
    struct report_query rq = {.from = "2026-09-01", .to = "2026-12-31", .today = "2026-10-31",
                              .min_sessions = 6, .intensity_hours = 20};
    struct report rep;
    assert_int_equal(report_compute(db_of(state), &rq, &rep), 0);
    const struct report_school *noord = report_school(&rep, 1);
    assert_non_null(noord);
    struct book_query q = query();
    q.filter.school_id = 1;
    long long total;
    json_t *list = list_of(state, &q, &total);
    json_t *judo = by_key(list, "judo"), *schaak = by_key(list, "schaak");
    assert_int_equal(int_at(judo, "sessions") + int_at(schaak, "sessions"),
                     noord->totals.sessions);
    assert_int_equal(int_at(judo, "present"), noord->totals.present);
    assert_int_equal(int_at(judo, "absent"), noord->totals.absent);
    assert_int_equal(int_at(judo, "excused"), noord->totals.excused);
    /* sport at noord is judo alone; cultuur at noord is schaak alone */
    assert_int_equal(int_at(judo, "participants"), noord->cells[0].participants);
    assert_int_equal(int_at(schaak, "participants"), noord->cells[1].participants);
    json_decref(list);
    report_free(&rep);
}

/* ---- filters, sorting, paging ---------------------------------------------------------------- */

static void filters(void **state)
{
    char keys[128];
    long long total;
    struct book_query q = query();
    q.filter.domain_id = 2;
    json_t *list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "koor schaak");
    json_decref(list);

    q = query();
    q.filter.grade = 6;
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "judo schaak");
    json_decref(list);

    q = query();
    q.filter.school_id = 2;
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "koor");
    json_decref(list);

    q = query();
    q.filter.provider_id = 1;
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "judo");
    json_decref(list);

    q = query();
    q.filter.text = "OEFENEN"; /* in an evaluation, any case */
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "judo");
    json_decref(list);

    q = query();
    q.filter.text = "100%"; /* '%' literally: only Schaak's goal */
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "schaak");
    json_decref(list);

    q = query();
    q.filter.text = "_";
    list = list_of(state, &q, &total);
    assert_int_equal(total, 0);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    q = query();
    memcpy(q.from, "2026-01-01", 11);
    memcpy(q.to, "2026-06-30", 11);
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "oud");
    json_decref(list);
}

static void sorting_puts_nulls_last(void **state)
{
    char keys[128];
    long long total;
    struct book_query q = query();
    json_t *list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "judo koor schaak"); /* by title */
    json_decref(list);

    q.sort = BOOK_SORT_ATTENDANCE;
    q.descending = true;
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "judo koor schaak"); /* koor, schaak: null */
    json_decref(list);

    q.sort = BOOK_SORT_HOURS;
    q.descending = false;
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "schaak judo koor"); /* 0.0, 1.0, null */
    json_decref(list);

    q.sort = BOOK_SORT_SCHOOL;
    q.descending = true;
    list = list_of(state, &q, &total);
    assert_string_equal(keys_of(list, keys), "koor judo schaak"); /* Zuid, then Noord by title */
    json_decref(list);
    assert_true(book_sort_is_figure(BOOK_SORT_SESSIONS));
    assert_false(book_sort_is_figure(BOOK_SORT_PROVIDER));
    assert_string_equal(book_sort_names[BOOK_SORT_EVALUATIONS], "evaluations");
}

static void paging(void **state)
{
    char keys[128];
    long long total;
    struct book_query q = query();
    q.per_page = 2;
    q.page = 2;
    json_t *list = list_of(state, &q, &total);
    assert_int_equal(total, 3);
    assert_string_equal(keys_of(list, keys), "schaak");
    json_decref(list);

    q.page = 7; /* past the end: nothing, but the count */
    list = list_of(state, &q, &total);
    assert_int_equal(json_array_size(list), 0);
    assert_int_equal(total, 3);
    json_decref(list);
}

/* A page of a list sorted by title, school or provider computes only its own activities'
   figures: page by page the same rows, in the same order and with the same figures, as the
   whole list, and as a list sorted by a figure (which computes every activity's). */
static void pages_agree_with_the_whole_list(void **state)
{
    static const enum book_sort sorts[] = {BOOK_SORT_TITLE, BOOK_SORT_SCHOOL, BOOK_SORT_PROVIDER};
    for (size_t k = 0; k < sizeof sorts / sizeof sorts[0]; k++) {
        for (int descending = 0; descending < 2; descending++) {
            long long total, page_total;
            struct book_query q = query();
            q.sort = sorts[k];
            q.descending = descending;
            json_t *whole = list_of(state, &q, &total);
            q.sort = BOOK_SORT_SESSIONS;
            json_t *by_figure = list_of(state, &q, &total);
            q.sort = sorts[k];
            q.per_page = 1;
            for (size_t i = 0; i < json_array_size(whole); i++) {
                q.page = (long long)i + 1;
                json_t *page = list_of(state, &q, &page_total);
                assert_int_equal(page_total, total);
                assert_int_equal(json_array_size(page), 1);
                json_t *row = json_array_get(page, 0);
                assert_true(json_equal(row, json_array_get(whole, i)));
                assert_true(json_equal(
                    row, by_key(by_figure, json_string_value(json_object_get(row, "key")))));
                json_decref(page);
            }
            json_decref(by_figure);
            json_decref(whole);
        }
    }
}

/* ---- an activity's evaluations --------------------------------------------------------------- */

static void evaluations_by_role(void **state)
{
    json_t *list = book_evaluations(db_of(state), 1, "2026-10-31");
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 2); /* not the cancelled session's */
    json_t *first = json_array_get(list, 0), *second = json_array_get(list, 1);
    assert_string_equal(json_string_value(json_object_get(first, "date")), "2026-09-08");
    assert_string_equal(json_string_value(json_object_get(first, "role")), "coordinator");
    assert_string_equal(json_string_value(json_object_get(second, "role")), "staff");
    /* no names and no notes (a note may name a child) */
    assert_null(json_object_get(second, "author"));
    assert_null(json_object_get(second, "note"));
    json_decref(list);
    list = book_evaluations(db_of(state), 3, "2026-10-31");
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(held_sessions_only, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(nulls_without_marks, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(plan_of_an_activity_to_come, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(evaluations_summary, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(agrees_with_the_report, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(filters, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(sorting_puts_nulls_last, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(paging, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(pages_agree_with_the_whole_list, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(evaluations_by_role, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
