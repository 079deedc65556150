/* Tests of src/domain/attendance.c: the register lists exactly the pupils enrolled on the
 * session's date (signed up before, or that day; not after; cancelled before; promoted from the
 * waiting list that day; left the school; an enrolment without history), a save upserts (the
 * last save wins, involvement included) and logs only real changes, "everyone present" marks
 * only the pupils without any mark, marks not mentioned are kept, and every refusal (a pupil not
 * enrolled that day, an unknown status, an involvement outside 1–5, without a status or for a
 * pupil who was not there, a pupil twice, a cancelled, future or unknown session) writes
 * nothing, also when the other marks of the save are fine. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/attendance/attendance.h"
#include "testdb.h"

#define TODAY "2026-09-20"
#define USER 7

/* ---- fixture -------------------------------------------------------------------------------- */

/* Judo (activity 1, noord) with sessions 1 on 2026-09-08, 2 on 2026-09-15 (moved there from the
   14th), 3 on 2026-09-22 (after TODAY) and 4 on 2026-09-01 (cancelled); Koor (activity 2, zuid)
   with session 5 on 2026-09-08.
   Enrolments in Judo, with their history:
   1 Sara   enrolled 2026-08-21                         → sessions 1, 2
   2 Daan   enrolled 2026-09-10                         → 2
   3 Noor   enrolled 2026-08-21, cancelled 2026-09-12   → 1
   4 Mila   waiting 2026-08-21, promoted 2026-09-15 at 10:00 (the day of session 2) → 2
   5 Lars   enrolled 2026-08-21, cancelled 2026-09-15 at 08:00 (that day) → 1, 2
   6 Evi    enrolled 2026-08-21, left the school on 2026-09-10 → 1
   7 Bram   enrolled, created 2026-09-09, no history (made outside this program) → 2
   9 Sem    waiting since 2026-08-21                    → none
   8 Zoe (zuid) is enrolled in Koor only. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'vo');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:15', '16:15', '2026-09-01', '2027-06-30'),"
    " (2, 'koor', 2, 'Koor', 1, 8, 10, 2, '15:15', '16:15', '2026-09-01', '2027-06-30');"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-08', '2026-09-08', '15:15', '16:15', 0),"
    " (2, 1, '2026-09-14', '2026-09-15', '15:15', '16:15', 0),"
    " (3, 1, '2026-09-22', '2026-09-22', '15:15', '16:15', 0),"
    " (4, 1, '2026-09-01', '2026-09-01', '15:15', '16:15', 1),"
    " (5, 2, '2026-09-08', '2026-09-08', '15:15', '16:15', 0);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, class,"
    " priority, safety_notes, left_on) VALUES"
    " (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6, '6A', 1, 'Allergisch voor noten', NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'de Jong', 5, '5A', 0, '', NULL),"
    " (3, 'n-3', 1, '3', 'Noor', 'Visser', 7, '', 0, '', NULL),"
    " (4, 'n-4', 1, '4', 'Mila', 'Smit', 8, '', 0, '', NULL),"
    " (5, 'n-5', 1, '5', 'Lars', 'Bos', 3, '', 0, '', NULL),"
    " (6, 'n-6', 1, '6', 'Evi', 'Mulder', 6, '', 0, '', '2026-09-10'),"
    " (7, 'n-7', 1, '7', 'Bram', 'Peters', 4, '', 0, '', NULL),"
    " (8, 'z-1', 2, '8', 'Zoe', 'Kok', 2, '', 0, '', NULL),"
    " (9, 'n-9', 1, '9', 'Sem', 'Dekker', 5, '', 0, '', NULL);"
    "INSERT INTO users (id, email, role, password_hash, school_id) VALUES"
    " (7, 'noord@test.nl', 'coordinator', '-', 1);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-21T19:05:00.000', '2026-08-21T19:05:00.000'),"
    " (2, 2, 1, 'enrolled', '2026-09-10T09:00:00.000', '2026-09-10T09:00:00.000'),"
    " (3, 3, 1, 'cancelled', '2026-08-21T19:06:00.000', '2026-09-12T12:00:00.000'),"
    " (4, 4, 1, 'enrolled', '2026-08-21T19:07:00.000', '2026-09-15T10:00:00.000'),"
    " (5, 5, 1, 'cancelled', '2026-08-21T19:08:00.000', '2026-09-15T08:00:00.000'),"
    " (6, 6, 1, 'enrolled', '2026-08-21T19:09:00.000', '2026-08-21T19:09:00.000'),"
    " (7, 7, 1, 'enrolled', '2026-09-09T11:00:00.000', '2026-09-09T11:00:00.000'),"
    " (8, 8, 2, 'enrolled', '2026-08-21T19:00:00.000', '2026-08-21T19:00:00.000'),"
    " (9, 9, 1, 'waitlisted', '2026-08-21T19:10:00.000', '2026-08-21T19:10:00.000');"
    "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at) VALUES"
    " (1, NULL, 'enrolled', '2026-08-21T19:05:00.000'),"
    " (2, NULL, 'enrolled', '2026-09-10T09:00:00.000'),"
    " (3, NULL, 'enrolled', '2026-08-21T19:06:00.000'),"
    " (3, 'enrolled', 'cancelled', '2026-09-12T12:00:00.000'),"
    " (4, NULL, 'waitlisted', '2026-08-21T19:07:00.000'),"
    " (4, 'waitlisted', 'enrolled', '2026-09-15T10:00:00.000'),"
    " (5, NULL, 'enrolled', '2026-08-21T19:08:00.000'),"
    " (5, 'enrolled', 'cancelled', '2026-09-15T08:00:00.000'),"
    " (6, NULL, 'enrolled', '2026-08-21T19:09:00.000'),"
    " (8, NULL, 'enrolled', '2026-08-21T19:00:00.000'),"
    " (9, NULL, 'waitlisted', '2026-08-21T19:10:00.000');";

static int setup(void **state)
{
    return testdb_setup(state, "test_attendance", seed_sql);
}

/* ---- helpers -------------------------------------------------------------------------------- */

static struct db *db_of(void **state)
{
    return ((struct testdb *)*state)->db;
}

static int64_t count(struct db *db, const char *sql)
{
    return db_scalar_int(db, sql, -1);
}

static struct attendance_session session_of(struct db *db, int64_t id)
{
    struct attendance_session s;
    assert_int_equal(attendance_session_read(db, id, &s), 0);
    return s;
}

/* The ids of the register of session id, in its order, as "7,2,5". */
static void roster_ids(struct db *db, int64_t id, char *out, size_t size)
{
    struct attendance_session s = session_of(db, id);
    json_t *list = attendance_roster(db, &s);
    assert_non_null(list);
    size_t len = 0, i;
    json_t *p;
    out[0] = '\0';
    json_array_foreach(list, i, p)
    {
        len += (size_t)snprintf(out + len, size - len, "%s%lld", i ? "," : "",
                                (long long)json_integer_value(json_object_get(p, "id")));
    }
    json_decref(list);
}

static enum attendance_result save(struct db *db, int64_t session_id,
                                   const struct attendance_input *marks, size_t n,
                                   bool all_present, struct problems *problems,
                                   struct attendance_saved *saved)
{
    return attendance_save(db, session_id, USER, marks, n, all_present, TODAY, problems, saved);
}

/* Changes whenever a mark is added, removed or changed. */
#define MARKS_DIGEST                                                                               \
    "SELECT count(*) * 1000000 + coalesce(sum(session_id * 1000 + pupil_id * 10 *"                 \
    " length(status) + coalesce(involvement, 0)), 0) FROM attendance"

/* The save is refused with expected (and, for ATTENDANCE_INVALID, a problem of field for
   pupil_id first), and nothing at all was written. */
static void refused(struct db *db, int64_t session_id, const struct attendance_input *marks,
                    size_t n, bool all_present, enum attendance_result expected,
                    int64_t pupil_id, const char *field)
{
    int64_t marks_before = count(db, MARKS_DIGEST);
    int64_t audit_before = count(db, "SELECT count(*) FROM audit_log");
    struct problems problems = {.n = 99};
    struct attendance_saved saved = {99};
    assert_int_equal(save(db, session_id, marks, n, all_present, &problems, &saved), expected);
    assert_int_equal(saved.changed, 0);
    if (expected == ATTENDANCE_INVALID) {
        assert_true(problems.n >= 1);
        assert_int_equal(problems.item[0].row, pupil_id);
        assert_string_equal(problems.item[0].field, field);
        assert_true(strlen(testdb_problem_text(&problems.item[0])) > 10);
    } else {
        assert_int_equal(problems.n, 0);
    }
    problems_clear(&problems);
    assert_int_equal(count(db, MARKS_DIGEST), marks_before);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), audit_before);
}

static void saved_ok(struct db *db, int64_t session_id, const struct attendance_input *marks,
                     size_t n, bool all_present, size_t changed)
{
    struct problems problems = {.n = 99};
    struct attendance_saved saved;
    assert_int_equal(save(db, session_id, marks, n, all_present, &problems, &saved),
                     ATTENDANCE_OK);
    assert_int_equal(problems.n, 0);
    assert_int_equal(saved.changed, changed);
}

/* The mark of a pupil at a session as "present/4", "absent/-" or "" when there is none. */
static void mark_of(struct db *db, int64_t session_id, int64_t pupil_id, char out[32])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT status, involvement FROM attendance"
                                   " WHERE session_id = ?1 AND pupil_id = ?2");
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            snprintf(out, 32, "%s/-", db_col_text(st, 0));
        else
            snprintf(out, 32, "%s/%d", db_col_text(st, 0), sqlite3_column_int(st, 1));
    }
    sqlite3_reset(st);
}

static void assert_mark(struct db *db, int64_t session_id, int64_t pupil_id, const char *want)
{
    char got[32];
    mark_of(db, session_id, pupil_id, got);
    assert_string_equal(got, want);
}

/* ---- the register ---------------------------------------------------------------------------- */

static void the_register_lists_the_pupils_enrolled_on_the_date(void **state)
{
    struct db *db = db_of(state);
    char ids[128];
    /* 8 September: Sara, Noor (cancelled later), Lars, Evi (left later); by first name. */
    roster_ids(db, 1, ids, sizeof ids);
    assert_string_equal(ids, "6,5,3,1");
    /* 15 September (moved from the 14th: the actual date counts): Daan (signed up on the 10th),
       Mila (promoted that morning), Lars (cancelled that morning), Bram (no history, created on
       the 9th), Sara. Not Noor (cancelled before), Evi (left), Sem (waiting). */
    roster_ids(db, 2, ids, sizeof ids);
    assert_string_equal(ids, "7,2,5,4,1");
    /* A session ahead lists who is enrolled now. */
    roster_ids(db, 3, ids, sizeof ids);
    assert_string_equal(ids, "7,2,4,1");

    struct attendance_session s = session_of(db, 2);
    assert_int_equal(s.activity_id, 1);
    assert_int_equal(s.school_id, 1);
    assert_string_equal(s.date, "2026-09-15");
    assert_false(s.cancelled);
    assert_int_equal(attendance_enrolled_on_date(db, &s, 4), 1);
    assert_int_equal(attendance_enrolled_on_date(db, &s, 3), 0);
    assert_int_equal(attendance_enrolled_on_date(db, &s, 8), 0);
    assert_int_equal(attendance_enrolled_on_date(db, &s, 9), 0);
    struct attendance_session missing;
    assert_int_equal(attendance_session_read(db, 99, &missing), 1);
    assert_true(session_of(db, 4).cancelled);
}

static void the_register_carries_names_notes_and_marks(void **state)
{
    struct db *db = db_of(state);
    struct attendance_input marks[] = {{1, "present", 4}};
    saved_ok(db, 2, marks, 1, false, 1);
    struct attendance_session s = session_of(db, 2);
    json_t *list = attendance_roster(db, &s);
    assert_non_null(list);
    json_t *sara = json_array_get(list, 4);
    assert_string_equal(json_string_value(json_object_get(sara, "first_name")), "Sara");
    assert_string_equal(json_string_value(json_object_get(sara, "last_name")), "Bakker");
    assert_string_equal(json_string_value(json_object_get(sara, "grade_label")), "groep 6");
    assert_string_equal(json_string_value(json_object_get(sara, "class")), "6A");
    assert_true(json_is_true(json_object_get(sara, "priority")));
    assert_string_equal(json_string_value(json_object_get(sara, "safety_notes")),
                        "Allergisch voor noten");
    assert_string_equal(json_string_value(json_object_get(sara, "status")), "present");
    assert_int_equal(json_integer_value(json_object_get(sara, "involvement")), 4);
    json_t *bram = json_array_get(list, 0);
    assert_true(json_is_null(json_object_get(bram, "status")));
    assert_true(json_is_null(json_object_get(bram, "involvement")));
    json_decref(list);

    /* A pupil of a vo school is in a "leerjaar". */
    s = session_of(db, 5);
    list = attendance_roster(db, &s);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "grade_label")),
                        "leerjaar 2");
    json_decref(list);
}

/* ---- saving ---------------------------------------------------------------------------------- */

static void a_save_upserts_and_the_last_save_wins(void **state)
{
    struct db *db = db_of(state);
    struct attendance_input first[] = {{1, "present", 4}, {2, "absent", 0}, {4, "excused", 0}};
    saved_ok(db, 2, first, 3, false, 3);
    assert_mark(db, 2, 1, "present/4");
    assert_mark(db, 2, 2, "absent/-");
    assert_mark(db, 2, 4, "excused/-");
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'attendance'"
                               " AND entity_id = 2 AND user_id = 7"
                               " AND detail LIKE 'aanwezigheid bijgewerkt: 3 leerlingen%'"),
                     1);

    /* Again with changes: Sara's score goes (saved without one), Daan came after all. */
    struct attendance_input second[] = {{1, "present", 0}, {2, "present", 5}, {4, "excused", 0}};
    saved_ok(db, 2, second, 3, false, 2);
    assert_mark(db, 2, 1, "present/-");
    assert_mark(db, 2, 2, "present/5");
    assert_mark(db, 2, 4, "excused/-");
    assert_int_equal(count(db, "SELECT count(*) FROM attendance"), 3);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'attendance'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE detail LIKE"
                               " 'aanwezigheid bijgewerkt: 2 leerlingen (0 nieuw, 2 gewijzigd%'"),
                     1);

    /* The same save once more changes nothing and logs nothing. */
    saved_ok(db, 2, second, 3, false, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'attendance'"), 2);
}

static void marks_not_in_the_save_are_kept(void **state)
{
    struct db *db = db_of(state);
    struct attendance_input sara[] = {{1, "absent", 0}};
    saved_ok(db, 2, sara, 1, false, 1);
    struct attendance_input daan[] = {{2, "present", 3}, {5, "", 0}};
    saved_ok(db, 2, daan, 2, false, 1);
    assert_mark(db, 2, 1, "absent/-");
    assert_mark(db, 2, 2, "present/3");
    assert_mark(db, 2, 5, ""); /* an empty status is no mark */
    /* Other sessions are untouched. */
    assert_int_equal(count(db, "SELECT count(*) FROM attendance WHERE session_id <> 2"), 0);
}

static void everyone_present_marks_only_the_pupils_without_a_mark(void **state)
{
    struct db *db = db_of(state);
    struct attendance_input sara[] = {{1, "absent", 0}};
    saved_ok(db, 2, sara, 1, false, 1);
    /* Daan excused in this save, Mila a score without a status (present by the button). */
    struct attendance_input marks[] = {{2, "excused", 0}, {4, NULL, 5}};
    saved_ok(db, 2, marks, 2, true, 4);
    assert_mark(db, 2, 1, "absent/-");  /* the saved mark stays */
    assert_mark(db, 2, 2, "excused/-"); /* the choice of the save stays */
    assert_mark(db, 2, 4, "present/5");
    assert_mark(db, 2, 5, "present/-");
    assert_mark(db, 2, 7, "present/-");
    assert_int_equal(count(db, "SELECT count(*) FROM attendance WHERE session_id = 2"), 5);
    /* Pressed again: nothing left to mark. */
    saved_ok(db, 2, NULL, 0, true, 0);
}

static void today_and_the_past_are_open(void **state)
{
    struct db *db = db_of(state);
    struct attendance_input marks[] = {{1, "present", 0}};
    struct problems problems = {0};
    struct attendance_saved saved;
    assert_int_equal(attendance_save(db, 3, USER, marks, 1, false, "2026-09-22", &problems,
                                     &saved),
                     ATTENDANCE_OK);
    assert_mark(db, 3, 1, "present/-");
    saved_ok(db, 1, marks, 1, false, 1);
}

/* ---- refusals -------------------------------------------------------------------------------- */

static void each_refusal_writes_nothing(void **state)
{
    struct db *db = db_of(state);
    /* Something saved already, so that "nothing written" also means "nothing changed". */
    struct attendance_input before[] = {{1, "present", 3}};
    saved_ok(db, 2, before, 1, false, 1);

    /* Each bad mark beside a good one (Sara absent): the good one is not written either. */
    struct attendance_input not_enrolled_that_day[] = {{1, "absent", 0}, {3, "present", 0}};
    refused(db, 2, not_enrolled_that_day, 2, false, ATTENDANCE_INVALID, 3, "status");
    struct attendance_input left_school[] = {{1, "absent", 0}, {6, "present", 0}};
    refused(db, 2, left_school, 2, false, ATTENDANCE_INVALID, 6, "status");
    struct attendance_input other_activity[] = {{1, "absent", 0}, {8, "present", 0}};
    refused(db, 2, other_activity, 2, false, ATTENDANCE_INVALID, 8, "status");
    struct attendance_input waiting[] = {{9, "present", 0}};
    refused(db, 2, waiting, 1, false, ATTENDANCE_INVALID, 9, "status");
    struct attendance_input no_such_pupil[] = {{999, "present", 0}};
    refused(db, 2, no_such_pupil, 1, false, ATTENDANCE_INVALID, 999, "status");
    struct attendance_input unknown_status[] = {{1, "absent", 0}, {2, "late", 0}};
    refused(db, 2, unknown_status, 2, false, ATTENDANCE_INVALID, 2, "status");
    struct attendance_input capital_status[] = {{2, "Present", 0}};
    refused(db, 2, capital_status, 1, false, ATTENDANCE_INVALID, 2, "status");
    struct attendance_input too_high[] = {{1, "absent", 0}, {2, "present", 6}};
    refused(db, 2, too_high, 2, false, ATTENDANCE_INVALID, 2, "involvement");
    struct attendance_input unreadable[] = {{2, "present", -1}};
    refused(db, 2, unreadable, 1, false, ATTENDANCE_INVALID, 2, "involvement");
    struct attendance_input without_status[] = {{2, NULL, 3}};
    refused(db, 2, without_status, 1, false, ATTENDANCE_INVALID, 2, "involvement");
    struct attendance_input empty_status[] = {{2, "", 3}};
    refused(db, 2, empty_status, 1, false, ATTENDANCE_INVALID, 2, "involvement");
    /* Sara has a saved mark, so "everyone present" gives her no status to score. */
    struct attendance_input saved_but_not_given[] = {{1, NULL, 4}};
    refused(db, 2, saved_but_not_given, 1, true, ATTENDANCE_INVALID, 1, "involvement");
    struct attendance_input absent_scored[] = {{2, "absent", 2}};
    refused(db, 2, absent_scored, 1, false, ATTENDANCE_INVALID, 2, "involvement");
    struct attendance_input twice[] = {{2, "present", 0}, {2, "absent", 0}};
    refused(db, 2, twice, 2, false, ATTENDANCE_INVALID, 2, "status");

    struct attendance_input fine[] = {{1, "absent", 0}};
    refused(db, 4, fine, 1, false, ATTENDANCE_CANCELLED, 0, NULL);
    refused(db, 3, fine, 1, false, ATTENDANCE_FUTURE, 0, NULL);
    refused(db, 99, fine, 1, false, ATTENDANCE_NOT_FOUND, 0, NULL);
    /* "Everyone present" at a session ahead writes nothing either. */
    refused(db, 3, NULL, 0, true, ATTENDANCE_FUTURE, 0, NULL);

    assert_mark(db, 2, 1, "present/3");
}

static void every_problem_is_reported(void **state)
{
    struct db *db = db_of(state);
    struct attendance_input marks[] = {{3, "present", 0}, {2, "late", 0}, {1, "absent", 4}};
    struct problems problems = {0};
    struct attendance_saved saved;
    assert_int_equal(save(db, 2, marks, 3, false, &problems, &saved), ATTENDANCE_INVALID);
    assert_int_equal(problems.n, 3);
    assert_int_equal(problems.item[0].row, 3);
    assert_int_equal(problems.item[1].row, 2);
    assert_int_equal(problems.item[2].row, 1);
    assert_string_equal(problems.item[2].field, "involvement");

    /* More problems than room: the first PROBLEMS_MAX are kept, the count says how many. */
    struct attendance_input many[PROBLEMS_MAX + 2];
    for (size_t i = 0; i < PROBLEMS_MAX + 2; i++)
        many[i] = (struct attendance_input){(int64_t)(101 + i), "x", 0};
    assert_int_equal(attendance_save(db, 2, USER, many, PROBLEMS_MAX + 2, false, TODAY,
                                     &problems, &saved),
                     ATTENDANCE_INVALID);
    assert_int_equal(problems.n, PROBLEMS_MAX + 2);
    assert_int_equal(problems_stored(&problems), PROBLEMS_MAX);
    assert_int_equal(problems.item[PROBLEMS_MAX - 1].row, 100 + PROBLEMS_MAX);
    problems_clear(&problems);
}

/* ---- words ----------------------------------------------------------------------------------- */

static void words_for_marks_and_the_leuven_scale(void **state)
{
    (void)state;
    assert_string_equal(attendance_status_label("present"), "aanwezig");
    assert_string_equal(attendance_status_label("absent"), "afwezig");
    assert_string_equal(attendance_status_label("excused"), "met bericht afwezig");
    assert_null(attendance_status_label("late"));
    assert_null(attendance_status_label(NULL));
    assert_string_equal(attendance_involvement_label(1), "extreem laag (volledig afgehaakt)");
    assert_string_equal(attendance_involvement_label(3), "matig");
    assert_string_equal(attendance_involvement_label(5), "extreem hoog (volledig opgeslorpt)");
    assert_null(attendance_involvement_label(0));
    assert_null(attendance_involvement_label(6));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(the_register_lists_the_pupils_enrolled_on_the_date),
        T(the_register_carries_names_notes_and_marks),
        T(a_save_upserts_and_the_last_save_wins),
        T(marks_not_in_the_save_are_kept),
        T(everyone_present_marks_only_the_pupils_without_a_mark),
        T(today_and_the_past_are_open),
        T(each_refusal_writes_nothing),
        T(every_problem_is_reported),
        cmocka_unit_test(words_for_marks_and_the_leuven_scale),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
