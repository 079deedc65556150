/* Tests of src/domain/followup.c, the absence follow-up (issue 4): the run of absences on its
 * own (an excused or present mark ends it, a session without a mark is skipped, two are not
 * enough), and over the database: only held sessions count (not cancelled, not after today),
 * in the order they took place (a moved session by its new date), only pupils still enrolled
 * and still at school, only the school asked for, only runs whose latest absence is recent (the
 * boundary day exactly), the dates of the whole run, and the order of the list. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/attendance/followup.h"
#include "testdb.h"

#define TODAY "2026-03-10" /* a Tuesday; FOLLOWUP_RECENT_DAYS before it is 2026-02-10 */

/* Schools 1 (noord) and 2 (zuid); activities 10 Judo and 11 Dans at noord, 20 Koor at zuid.
   Judo's sessions are the Tuesdays 3 February – 17 March 2026 (ids 101–107; 107 is after
   TODAY). Pupils 1–4 at noord, 9 at zuid. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord'), (2, 'zuid', 'Zuid');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (10, 'judo', 1, 'Judo', 1, 8, 20, 2, '15:00', '16:00', '2026-02-03', '2026-06-30'),"
    " (11, 'dans', 1, 'Dans', 1, 8, 20, 3, '15:00', '16:00', '2026-02-04', '2026-06-30'),"
    " (20, 'koor', 2, 'Koor', 1, 8, 20, 2, '15:00', '16:00', '2026-02-03', '2026-06-30');"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time) VALUES"
    " (101, 10, '2026-02-03', '2026-02-03', '15:00', '16:00'),"
    " (102, 10, '2026-02-10', '2026-02-10', '15:00', '16:00'),"
    " (103, 10, '2026-02-17', '2026-02-17', '15:00', '16:00'),"
    " (104, 10, '2026-02-24', '2026-02-24', '15:00', '16:00'),"
    " (105, 10, '2026-03-03', '2026-03-03', '15:00', '16:00'),"
    " (106, 10, '2026-03-10', '2026-03-10', '15:00', '16:00'),"
    " (107, 10, '2026-03-17', '2026-03-17', '15:00', '16:00'),"
    " (201, 20, '2026-02-24', '2026-02-24', '15:00', '16:00'),"
    " (202, 20, '2026-03-03', '2026-03-03', '15:00', '16:00'),"
    " (203, 20, '2026-03-10', '2026-03-10', '15:00', '16:00');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, class) VALUES"
    " (1, 'p1', 1, '1', 'Sara', 'Bakker', 6, '6A'), (2, 'p2', 1, '2', 'Daan', 'de Jong', 5, ''),"
    " (3, 'p3', 1, '3', 'Noor', 'Visser', 7, ''), (4, 'p4', 1, '4', 'Mila', 'Aalders', 8, ''),"
    " (9, 'p9', 2, '9', 'Zoë', 'Zuid', 4, '');";

static int setup(void **state) { return testdb_setup(state, "test_followup", seed_sql); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

/* ---- helpers -------------------------------------------------------------------------------- */

static void step_ok(sqlite3_stmt *st)
{
    assert_non_null(st);
    assert_int_equal(db_step_done(st), 0);
}

static void enrol(struct db *db, int64_t pupil, int64_t activity, const char *status)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO enrolments (pupil_id, activity_id, status,"
                                   " created_at, updated_at) VALUES (?1, ?2, ?3, '2026-01-01',"
                                   " '2026-01-01')");
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, pupil);
    sqlite3_bind_int64(st, 2, activity);
    db_bind_text(st, 3, status);
    step_ok(st);
}

/* Marks of one pupil at the sessions first, first + 1, …: one letter each, P(resent),
   A(bsent), E(xcused), or '.' for no mark. */
static void marks(struct db *db, int64_t pupil, int64_t first_session, const char *letters)
{
    for (size_t i = 0; letters[i]; i++) {
        const char *status = letters[i] == 'P'   ? "present"
                             : letters[i] == 'A' ? "absent"
                             : letters[i] == 'E' ? "excused"
                                                 : NULL;
        if (!status)
            continue;
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO attendance (session_id, pupil_id, status)"
                                       " VALUES (?1, ?2, ?3)");
        assert_non_null(st);
        sqlite3_bind_int64(st, 1, first_session + (int64_t)i);
        sqlite3_bind_int64(st, 2, pupil);
        db_bind_text(st, 3, status);
        step_ok(st);
    }
}

static void sql(struct db *db, const char *text) { assert_int_equal(db_exec(db, text), 0); }

/* The flags of school_id on TODAY as "pupil@activity:absences:date,date,…" joined by ' '. */
static const char *flags_text(struct db *db, int64_t school_id, const char *today, char *buf,
                              size_t size)
{
    json_t *flags = followup_absentees(db, school_id, today);
    assert_non_null(flags);
    size_t used = 0;
    buf[0] = '\0';
    size_t i;
    json_t *f;
    json_array_foreach(flags, i, f)
    {
        used += (size_t)snprintf(buf + used, size - used, "%s%lld@%lld:%lld:", i ? " " : "",
                                 (long long)json_integer_value(json_object_get(f, "pupil_id")),
                                 (long long)json_integer_value(json_object_get(f, "activity_id")),
                                 (long long)json_integer_value(json_object_get(f, "absences")));
        size_t j;
        json_t *d;
        json_array_foreach(json_object_get(f, "dates"), j, d)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", j ? "," : "",
                                 json_string_value(d));
        assert_true(used < size);
    }
    json_decref(flags);
    return buf;
}

#define ASSERT_FLAGS(db, school, expected)                                                     \
    do {                                                                                       \
        char buf_[1024];                                                                       \
        assert_string_equal(flags_text(db, school, TODAY, buf_, sizeof buf_), expected);       \
    } while (0)

/* ---- the run on its own --------------------------------------------------------------------- */

static void run_counts_absences_at_the_end(void **state)
{
    (void)state;
    const enum attendance_mark three[] = {MARK_PRESENT, MARK_ABSENT, MARK_ABSENT, MARK_ABSENT};
    assert_int_equal(followup_absent_run(three, 4), 3);
    const enum attendance_mark two[] = {MARK_ABSENT, MARK_PRESENT, MARK_ABSENT, MARK_ABSENT};
    assert_int_equal(followup_absent_run(two, 4), 2);
    const enum attendance_mark all[] = {MARK_ABSENT, MARK_ABSENT, MARK_ABSENT, MARK_ABSENT};
    assert_int_equal(followup_absent_run(all, 4), 4);
    assert_int_equal(followup_absent_run(NULL, 0), 0);
    const enum attendance_mark present_last[] = {MARK_ABSENT, MARK_ABSENT, MARK_PRESENT};
    assert_int_equal(followup_absent_run(present_last, 3), 0);
}

static void excused_ends_the_run(void **state)
{
    (void)state;
    const enum attendance_mark between[] = {MARK_ABSENT, MARK_ABSENT, MARK_EXCUSED, MARK_ABSENT};
    assert_int_equal(followup_absent_run(between, 4), 1);
    const enum attendance_mark last[] = {MARK_ABSENT, MARK_ABSENT, MARK_ABSENT, MARK_EXCUSED};
    assert_int_equal(followup_absent_run(last, 4), 0);
}

static void sessions_without_a_mark_are_skipped(void **state)
{
    (void)state;
    const enum attendance_mark gaps[] = {MARK_ABSENT, MARK_NONE, MARK_ABSENT, MARK_NONE,
                                         MARK_ABSENT, MARK_NONE};
    assert_int_equal(followup_absent_run(gaps, 6), 3);
    const enum attendance_mark none[] = {MARK_NONE, MARK_NONE, MARK_NONE};
    assert_int_equal(followup_absent_run(none, 3), 0);
}

static void mark_words(void **state)
{
    (void)state;
    assert_int_equal(attendance_mark_of("present"), MARK_PRESENT);
    assert_int_equal(attendance_mark_of("absent"), MARK_ABSENT);
    assert_int_equal(attendance_mark_of("excused"), MARK_EXCUSED);
    assert_int_equal(attendance_mark_of("Absent"), MARK_NONE);
    assert_int_equal(attendance_mark_of(""), MARK_NONE);
    assert_int_equal(attendance_mark_of(NULL), MARK_NONE);
}

/* ---- over the database ---------------------------------------------------------------------- */

static void three_in_a_row_flags_with_the_dates(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "PPPAAA"); /* absent 24 Feb, 3 and 10 March */
    enrol(db, 2, 10, "enrolled");
    marks(db, 2, 101, "PPPPAA"); /* two are not enough */
    enrol(db, 3, 10, "enrolled");
    marks(db, 3, 101, "AAAAAA"); /* the whole run, the latest first */
    ASSERT_FLAGS(db, 1,
                 "1@10:3:2026-03-10,2026-03-03,2026-02-24 "
                 "3@10:6:2026-03-10,2026-03-03,2026-02-24,2026-02-17,2026-02-10,2026-02-03");
    json_t *flags = followup_absentees(db, 1, TODAY);
    json_t *sara = json_array_get(flags, 0);
    assert_string_equal(json_string_value(json_object_get(sara, "first_name")), "Sara");
    assert_string_equal(json_string_value(json_object_get(sara, "last_name")), "Bakker");
    assert_string_equal(json_string_value(json_object_get(sara, "class")), "6A");
    assert_int_equal(json_integer_value(json_object_get(sara, "grade")), 6);
    assert_string_equal(json_string_value(json_object_get(sara, "activity")), "Judo");
    assert_string_equal(json_string_value(json_object_get(sara, "last_date")), "2026-03-10");
    json_decref(flags);
}

static void excused_or_present_between_breaks_it(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "AAAEAA"); /* excused 24 Feb */
    enrol(db, 2, 10, "enrolled");
    marks(db, 2, 101, "AAAPAA"); /* present 24 Feb */
    enrol(db, 3, 10, "enrolled");
    marks(db, 3, 101, "AAAAAE"); /* excused today */
    ASSERT_FLAGS(db, 1, "");
}

static void unmarked_sessions_are_skipped(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "PPAA.A"); /* 3 March: no mark, register not filled in */
    enrol(db, 2, 10, "enrolled");
    marks(db, 2, 101, "PPPAA."); /* today's register not taken yet: the run stays */
    enrol(db, 3, 10, "enrolled");
    marks(db, 3, 101, "...AAA"); /* enrolled from 24 Feb: nothing before */
    ASSERT_FLAGS(db, 1, "1@10:3:2026-03-10,2026-02-24,2026-02-17 "
                        "3@10:3:2026-03-10,2026-03-03,2026-02-24");
    /* Daan's run (24 Feb, 3 March) is two long: the missing mark of today is not an absence. */
}

static void only_held_sessions_count(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "PPPAAAA"); /* the mark of 17 March (after today) is ignored */
    sql(db, "UPDATE sessions SET cancelled = 1 WHERE id = 105");
    /* Cancelled 3 March and future 17 March left out: 24 Feb and 10 March are two absences. */
    ASSERT_FLAGS(db, 1, "");
    sql(db, "UPDATE sessions SET cancelled = 0 WHERE id = 105");
    ASSERT_FLAGS(db, 1, "1@10:3:2026-03-10,2026-03-03,2026-02-24");
    /* On 9 March, 10 March has not been held yet. */
    char buf[256];
    assert_string_equal(flags_text(db, 1, "2026-03-09", buf, sizeof buf), "");
}

static void a_moved_session_counts_by_its_date(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    /* By slot P P A A P A: the run is one. */
    marks(db, 1, 101, "PPAAPA");
    ASSERT_FLAGS(db, 1, "");
    /* The session of slot 3 March (present) moved to 16 February: by date P P P A A A. */
    sql(db, "UPDATE sessions SET date = '2026-02-16' WHERE id = 105");
    ASSERT_FLAGS(db, 1, "1@10:3:2026-03-10,2026-02-24,2026-02-17");
}

static void only_enrolled_pupils_still_at_school(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "cancelled"); /* signed off after the absences */
    marks(db, 1, 101, "PPPAAA");
    enrol(db, 2, 10, "enrolled");
    marks(db, 2, 101, "PPPAAA");
    sql(db, "UPDATE pupils SET left_on = '2026-03-09' WHERE id = 2");
    enrol(db, 3, 10, "waitlisted");
    marks(db, 3, 101, "PPPAAA");
    ASSERT_FLAGS(db, 1, "");
}

static void only_the_school_asked_for(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 9, 20, "enrolled");
    marks(db, 9, 201, "AAA");
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "PPPAAA");
    ASSERT_FLAGS(db, 1, "1@10:3:2026-03-10,2026-03-03,2026-02-24");
    ASSERT_FLAGS(db, 2, "9@20:3:2026-03-10,2026-03-03,2026-02-24");
}

static void only_recent_runs(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "AAA"); /* 3, 10 and 17 February */
    char buf[256];
    /* The latest absence (17 February) exactly FOLLOWUP_RECENT_DAYS days ago still counts … */
    assert_string_equal(flags_text(db, 1, "2026-03-17", buf, sizeof buf),
                        "1@10:3:2026-02-17,2026-02-10,2026-02-03");
    /* … one day later it no longer does (held sessions without marks since change nothing). */
    assert_string_equal(flags_text(db, 1, "2026-03-18", buf, sizeof buf), "");
}

static void ordered_by_activity_then_name(void **state)
{
    struct db *db = db_of(state);
    sql(db, "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time)"
            " VALUES (111, 11, '2026-02-25', '2026-02-25', '15:00', '16:00'),"
            " (112, 11, '2026-03-04', '2026-03-04', '15:00', '16:00'),"
            " (113, 11, '2026-03-09', '2026-03-09', '15:00', '16:00')");
    for (int64_t pupil = 1; pupil <= 4; pupil++) {
        enrol(db, pupil, 10, "enrolled");
        marks(db, pupil, 104, "AAA");
    }
    enrol(db, 3, 11, "enrolled");
    marks(db, 3, 111, "AAA");
    /* Dans before Judo; in Judo Aalders, Bakker, de Jong, Visser. */
    char buf[1024];
    flags_text(db, 1, TODAY, buf, sizeof buf);
    assert_non_null(strstr(buf, "3@11:3:"));
    assert_true(strstr(buf, "3@11:") == buf);
    const char *aalders = strstr(buf, "4@10"), *bakker = strstr(buf, "1@10"),
               *jong = strstr(buf, "2@10"), *visser = strstr(buf, "3@10");
    assert_true(aalders && bakker && jong && visser);
    assert_true(aalders < bakker && bakker < jong && jong < visser);
}

/* ---- handled with a note; how to reach the family ------------------------------------------- */

/* A handled run leaves the list until a later absence makes it longer; the note comes along
   with the new flag. Handling needs the run's latest absence as shown (a newer one: stale) and
   a note; nothing is written otherwise. */
static void a_handled_run_leaves_until_a_new_absence(void **state)
{
    struct db *db = db_of(state);
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "PPPAA"); /* absent 24 Feb and 3 March */
    marks(db, 1, 106, "A");     /* and 10 March: flagged */
    ASSERT_FLAGS(db, 1, "1@10:3:2026-03-10,2026-03-03,2026-02-24");
    assert_int_equal(followup_handle(db, 0, 1, 10, 1, "2026-03-03", "Gebeld", TODAY),
                     FOLLOWUP_STALE);
    assert_int_equal(followup_handle(db, 0, 1, 10, 1, "2026-03-10", "  \n", TODAY),
                     FOLLOWUP_INVALID);
    assert_int_equal(followup_handle(db, 0, 2, 10, 1, "2026-03-10", "Gebeld", TODAY),
                     FOLLOWUP_STALE); /* not a flag of the other school */
    assert_int_equal(db_int(db, "SELECT count(*) FROM followup_handled", 0, 0, -1), 0);
    assert_int_equal(followup_handle(db, 0, 1, 10, 1, "2026-03-10", "Moeder gebeld: ziek.",
                                     TODAY),
                     FOLLOWUP_OK);
    ASSERT_FLAGS(db, 1, "");
    json_t *flag = NULL;
    assert_int_equal(followup_case(db, 1, 10, 1, TODAY, &flag), 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(flag, "handled"),
                                                          "note")),
                        "Moeder gebeld: ziek.");
    json_decref(flag);
    /* A week later she is absent again: back on the list, with the earlier note. */
    marks(db, 1, 107, "A");
    char buf[256];
    assert_string_equal(flags_text(db, 1, "2026-03-17", buf, sizeof buf),
                        "1@10:4:2026-03-17,2026-03-10,2026-03-03,2026-02-24");
    json_t *flags = followup_absentees(db, 1, "2026-03-17");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(flags, 0), "handled"), "through")),
                        "2026-03-10");
    json_decref(flags);
    assert_int_equal(followup_case(db, 1, 11, 1, TODAY, &flag), 0);
    assert_null(flag);
}

/* The family is reached through the linked parent accounts, by name. */
static void the_flag_says_how_to_reach_the_family(void **state)
{
    struct db *db = db_of(state);
    sql(db, "INSERT INTO users (id, email, name, role, password_hash) VALUES"
            " (50, 'z@ouders.nl', 'Zeynep Bakker', 'parent', 'x'),"
            " (51, 'a@ouders.nl', 'Arjen Bakker', 'parent', 'x');"
            "INSERT INTO parent_children (user_id, pupil_id) VALUES (50, 1), (51, 1);");
    enrol(db, 1, 10, "enrolled");
    marks(db, 1, 101, "PPPAAA");
    json_t *flags = followup_absentees(db, 1, TODAY);
    json_t *contacts = json_object_get(json_array_get(flags, 0), "contacts");
    assert_int_equal(json_array_size(contacts), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(contacts, 0), "email")),
                        "a@ouders.nl");
    assert_true(json_is_null(json_object_get(json_array_get(flags, 0), "handled")));
    json_decref(flags);
}

static void a_note_is_required_short_and_plain(void **state)
{
    (void)state;
    char long_note[FOLLOWUP_NOTE_MAX + 2];
    memset(long_note, 'x', sizeof long_note - 1);
    long_note[sizeof long_note - 1] = '\0';
    assert_null(followup_note_problem("Vader gebeld.\nKomt volgende week weer."));
    assert_string_equal(followup_note_problem(NULL), "followup.note_missing");
    assert_string_equal(followup_note_problem(" \t\r\n"), "followup.note_missing");
    assert_string_equal(followup_note_problem("bel\x07"), "followup.note_characters");
    assert_string_equal(followup_note_problem("\xff\xfe"), "followup.note_characters");
    assert_string_equal(followup_note_problem(long_note), "followup.note_too_long");
    long_note[FOLLOWUP_NOTE_MAX] = '\0';
    assert_null(followup_note_problem(long_note));
}

static void a_bad_day_is_an_error(void **state)
{
    assert_null(followup_absentees(db_of(state), 1, "10-03-2026"));
    assert_null(followup_absentees(db_of(state), 1, NULL));
}

int main(void)
{
#define DB(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_counts_absences_at_the_end),
        cmocka_unit_test(excused_ends_the_run),
        cmocka_unit_test(sessions_without_a_mark_are_skipped),
        cmocka_unit_test(mark_words),
        DB(three_in_a_row_flags_with_the_dates),
        DB(excused_or_present_between_breaks_it),
        DB(unmarked_sessions_are_skipped),
        DB(only_held_sessions_count),
        DB(a_moved_session_counts_by_its_date),
        DB(only_enrolled_pupils_still_at_school),
        DB(only_the_school_asked_for),
        DB(only_recent_runs),
        DB(ordered_by_activity_then_name),
        DB(a_handled_run_leaves_until_a_new_absence),
        DB(the_flag_says_how_to_reach_the_family),
        cmocka_unit_test(a_note_is_required_short_and_plain),
        DB(a_bad_day_is_an_error),
    };
#undef DB
    return cmocka_run_group_tests(tests, NULL, NULL);
}
