/* Tests of the weekly schedule (PRODUCT.md rule 5): the dates it gives, and schedule_sync
 * keeping moved, cancelled and attended sessions while following the activity's changes. */
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
#include "domain/offer/schedule.h"
#include "domain/offer/study_days.h"
#include "util/date.h"
#include "testdb.h"

/* ---- helpers ----------------------------------------------------------------------------- */

static int32_t day(const char *s)
{
    int32_t d;
    if (date_parse(s, &d))
        fail_msg("bad test date %s", s);
    return d;
}

/* The dates as "YYYY-MM-DD YYYY-MM-DD …" for comparing in one assertion. */
static const char *dates_text(const int32_t *dates, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 12 < size; i++) {
        char one[11];
        date_format(dates[i], one);
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", one);
    }
    return buf;
}

static void expect_dates(int weekday, const char *from, const char *until,
                         const struct holiday_range *holidays, size_t n_holidays,
                         const char *expected)
{
    int32_t out[64];
    char text[1024];
    size_t n = schedule_dates(weekday, day(from), day(until), holidays, n_holidays, out, 64);
    assert_true(n <= 64);
    assert_string_equal(dates_text(out, n, text, sizeof text), expected);
}

/* One school and one Tuesday activity in September 2025. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name,"
    " grade) VALUES (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6);"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until)"
    " VALUES (1, 'judo', 1, 'Judo', 5, 8, 10, 2, '15:15', '16:15',"
    " '2025-09-02', '2025-09-30');"
    "INSERT INTO schools (id, key, name) VALUES (2, 'zuid', 'Zuid');"
    "INSERT INTO users (id, email, role, password_hash) VALUES (1, 'ouder@test.nl', 'parent', 'x');"
    "INSERT INTO parent_children (user_id, pupil_id) VALUES (1, 1);";

/* A fresh migrated database with seed_sql. */
static int setup(void **state)
{
    return testdb_setup(state, "test_schedule", seed_sql);
}

static void resync(struct db *db, int64_t activity_id)
{
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(schedule_sync(db, activity_id), 0);
    assert_int_equal(db_commit(db), 0);
}

/* All sessions of activity 1 as "slot>date start-end [cancelled:reason]" lines. */
static const char *sessions_text(struct db *db, char *buf, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT slot_date, date, start_time, end_time, cancelled,"
                                   " reason FROM sessions WHERE activity_id = 1 ORDER BY slot_date");
    assert_non_null(st);
    size_t used = 0;
    buf[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW && used < size) {
        int w = snprintf(buf + used, size - used, "%s>%s %s-%s%s%s\n", db_col_text(st, 0),
                         db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                         sqlite3_column_int(st, 4) ? " X:" : "",
                         sqlite3_column_int(st, 4) ? db_col_text(st, 5) : "");
        used += w > 0 ? (size_t)w : 0;
    }
    sqlite3_reset(st);
    return buf;
}

/* ---- schedule_dates ---------------------------------------------------------------------- */

static void test_dates_across_holiday(void **state)
{
    (void)state;
    struct holiday_range christmas = {day("2025-12-20"), day("2026-01-04")};
    expect_dates(2, "2025-12-01", "2026-01-31", &christmas, 1,
                 "2025-12-02 2025-12-09 2025-12-16 2026-01-06 2026-01-13 2026-01-20 2026-01-27");
}

static void test_dates_bounds_on_weekday(void **state)
{
    (void)state;
    /* 2025-09-02 and 2025-09-30 are Tuesdays: both ends are included. */
    expect_dates(2, "2025-09-02", "2025-09-30", NULL, 0,
                 "2025-09-02 2025-09-09 2025-09-16 2025-09-23 2025-09-30");
    /* A range starting the day after a Tuesday starts a week later. */
    expect_dates(2, "2025-09-03", "2025-09-16", NULL, 0, "2025-09-09 2025-09-16");
    /* A one-day range on the weekday. */
    expect_dates(2, "2025-09-09", "2025-09-09", NULL, 0, "2025-09-09");
}

static void test_dates_empty(void **state)
{
    (void)state;
    expect_dates(2, "2025-09-30", "2025-09-02", NULL, 0, ""); /* until before from */
    expect_dates(2, "2025-09-01", "2025-09-01", NULL, 0, ""); /* a Monday only */
    expect_dates(3, "2025-09-04", "2025-09-09", NULL, 0, ""); /* Thursday to Tuesday */
    expect_dates(0, "2025-09-01", "2025-09-30", NULL, 0, ""); /* weekday out of range */
    expect_dates(8, "2025-09-01", "2025-09-30", NULL, 0, "");
}

static void test_dates_holiday_covers_all(void **state)
{
    (void)state;
    struct holiday_range all = {day("2025-08-01"), day("2025-10-31")};
    expect_dates(2, "2025-09-02", "2025-09-30", &all, 1, "");
    /* Two holidays that together cover everything. */
    struct holiday_range two[] = {{day("2025-09-01"), day("2025-09-15")},
                                  {day("2025-09-16"), day("2025-09-30")}};
    expect_dates(2, "2025-09-02", "2025-09-30", two, 2, "");
    /* Holiday edges are inclusive. */
    struct holiday_range edge = {day("2025-09-09"), day("2025-09-16")};
    expect_dates(2, "2025-09-02", "2025-09-30", &edge, 1, "2025-09-02 2025-09-23 2025-09-30");
}

static void test_dates_sunday(void **state)
{
    (void)state;
    expect_dates(7, "2025-09-01", "2025-09-30", NULL, 0,
                 "2025-09-07 2025-09-14 2025-09-21 2025-09-28");
    expect_dates(1, "2025-09-01", "2025-09-15", NULL, 0, "2025-09-01 2025-09-08 2025-09-15");
}

static void test_dates_leap_day(void **state)
{
    (void)state;
    /* 2024-02-29 was a Thursday; 2028-02-29 is a Tuesday. */
    expect_dates(4, "2024-02-20", "2024-03-10", NULL, 0, "2024-02-22 2024-02-29 2024-03-07");
    expect_dates(2, "2028-02-28", "2028-03-01", NULL, 0, "2028-02-29");
    /* No leap day in 2100. */
    expect_dates(7, "2100-02-27", "2100-03-01", NULL, 0, "2100-02-28");
}

static void test_dates_count_beyond_max(void **state)
{
    (void)state;
    int32_t out[2] = {0, 0};
    size_t n = schedule_dates(2, day("2025-09-02"), day("2025-09-30"), NULL, 0, out, 2);
    assert_int_equal(n, 5);
    assert_int_equal(out[0], day("2025-09-02"));
    assert_int_equal(out[1], day("2025-09-09"));
    assert_int_equal(schedule_dates(2, day("2025-09-02"), day("2026-07-31"), NULL, 0, NULL, 0),
                     48);
}

/* ---- schedule_sync ----------------------------------------------------------------------- */

static void test_sync_creates_sessions(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    resync(f->db, 1);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:15-16:15\n"
                        "2025-09-09>2025-09-09 15:15-16:15\n"
                        "2025-09-16>2025-09-16 15:15-16:15\n"
                        "2025-09-23>2025-09-23 15:15-16:15\n"
                        "2025-09-30>2025-09-30 15:15-16:15\n");
    /* A second sync changes nothing. */
    int before = sqlite3_total_changes(db_handle(f->db));
    resync(f->db, 1);
    assert_int_equal(sqlite3_total_changes(db_handle(f->db)), before);
}

static void test_sync_keeps_moved_cancelled_attended(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    resync(f->db, 1);
    /* Move the 9th to Wednesday, cancel the 16th, take attendance on the 23rd. */
    assert_int_equal(db_exec(f->db,
                             "UPDATE sessions SET date = '2025-09-10', start_time = '16:00',"
                             " end_time = '17:00' WHERE slot_date = '2025-09-09';"
                             "UPDATE sessions SET cancelled = 1, reason = 'Zaal bezet'"
                             " WHERE slot_date = '2025-09-16';"
                             "INSERT INTO attendance (session_id, pupil_id, status)"
                             " SELECT id, 1, 'present' FROM sessions WHERE slot_date = '2025-09-23';"),
                     0);
    /* The schedule now ends on the 16th, a quarter of an hour later. */
    assert_int_equal(db_exec(f->db, "UPDATE activities SET date_until = '2025-09-16',"
                                    " start_time = '15:30', end_time = '16:30' WHERE id = 1"),
                     0);
    resync(f->db, 1);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:30-16:30\n"
                        "2025-09-09>2025-09-10 16:00-17:00\n"
                        "2025-09-16>2025-09-16 15:30-16:30 X:Zaal bezet\n"
                        "2025-09-23>2025-09-23 15:15-16:15 X:" SCHEDULE_DROPPED_REASON "\n");
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM attendance", -1), 1);
    /* Extending again brings back the 30th; the kept session is scheduled again, so it follows
       the activity's times, but stays cancelled until someone restores it. */
    assert_int_equal(db_exec(f->db, "UPDATE activities SET date_until = '2025-09-30' WHERE id = 1"),
                     0);
    resync(f->db, 1);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:30-16:30\n"
                        "2025-09-09>2025-09-10 16:00-17:00\n"
                        "2025-09-16>2025-09-16 15:30-16:30 X:Zaal bezet\n"
                        "2025-09-23>2025-09-23 15:30-16:30 X:" SCHEDULE_DROPPED_REASON "\n"
                        "2025-09-30>2025-09-30 15:30-16:30\n");
}

static void test_sync_moved_slot_dropped(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    resync(f->db, 1);
    /* A moved session without attendance whose slot leaves the schedule is deleted. */
    assert_int_equal(db_exec(f->db, "UPDATE sessions SET date = '2025-10-01'"
                                    " WHERE slot_date = '2025-09-30';"
                                    "UPDATE activities SET date_until = '2025-09-23' WHERE id = 1"),
                     0);
    resync(f->db, 1);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:15-16:15\n"
                        "2025-09-09>2025-09-09 15:15-16:15\n"
                        "2025-09-16>2025-09-16 15:15-16:15\n"
                        "2025-09-23>2025-09-23 15:15-16:15\n");
}

static void test_sync_weekday_change(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    resync(f->db, 1);
    assert_int_equal(db_exec(f->db, "UPDATE activities SET weekday = 5, date_until = '2025-09-12'"
                                    " WHERE id = 1"),
                     0);
    resync(f->db, 1);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-05>2025-09-05 15:15-16:15\n"
                        "2025-09-12>2025-09-12 15:15-16:15\n");
}

static void test_sync_all_after_holiday(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    resync(f->db, 1);
    assert_int_equal(db_exec(f->db, "INSERT INTO holidays (name, date_from, date_to)"
                                    " VALUES ('Studiedagen', '2025-09-08', '2025-09-17')"),
                     0);
    long long changed = -1;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(schedule_sync_all(f->db, &changed), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(changed, 2); /* the 9th and the 16th removed */
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:15-16:15\n"
                        "2025-09-23>2025-09-23 15:15-16:15\n"
                        "2025-09-30>2025-09-30 15:15-16:15\n");
    assert_int_equal(db_exec(f->db, "DELETE FROM holidays"), 0);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(schedule_sync_all(f->db, &changed), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(changed, 2); /* and back: the summary tables' writes do not count */
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM sessions", -1), 5);
}

static void test_sync_unknown_activity(void **state)
{
    struct testdb *f = *state;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(schedule_sync(f->db, 999), -1);
    db_rollback(f->db);
}


/* ---- two weekly slots, holidays and study days ------------------------------------------- */

static void test_slot_dates_two_weekdays(void **state)
{
    (void)state;
    int32_t out[16];
    char text[512];
    const int days[] = {4, 2}; /* any order */
    struct holiday_range autumn = {day("2025-09-15"), day("2025-09-19")};
    size_t n = schedule_slot_dates(days, 2, day("2025-09-01"), day("2025-09-30"), &autumn, 1, out,
                                   16);
    assert_string_equal(dates_text(out, n, text, sizeof text),
                        "2025-09-02 2025-09-04 2025-09-09 2025-09-11 2025-09-23 2025-09-25"
                        " 2025-09-30");
    /* The count without room to write. */
    assert_int_equal(schedule_slot_dates(days, 2, day("2025-09-01"), day("2025-09-30"), NULL, 0,
                                         NULL, 0),
                     9);
}

/* Activity 1 on Tuesday 15:15–16:15 and Thursday 16:00–17:30. */
static void two_slots(struct db *db)
{
    const struct slot_times slots[] = {{4, "16:00", "17:30"}, {2, "15:15", "16:15"}};
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(schedule_write_slots(db, 1, slots, 2), 0);
    assert_int_equal(schedule_sync(db, 1), 0);
    assert_int_equal(db_commit(db), 0);
}

/* A study day of school_id through the domain (its own transaction); the sessions changed. */
static long long add_study_day(struct db *db, int64_t school_id, const char *date)
{
    struct study_day_input in = {.date = date, .note = "Teamdag"};
    struct problems p = {0};
    int64_t id = 0;
    long long changed = -1;
    assert_int_equal(study_day_create(db, 0, school_id, &in, &id, &changed, &p), OUTCOME_OK);
    assert_true(id > 0);
    problems_clear(&p);
    return changed;
}

static void test_sync_two_slots_holidays_study_days(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    two_slots(f->db);
    /* The first slot (by weekday) stays in the activity's own columns. */
    assert_int_equal(db_scalar_int(f->db, "SELECT weekday FROM activities WHERE id = 1", -1), 2);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:15-16:15\n"
                        "2025-09-04>2025-09-04 16:00-17:30\n"
                        "2025-09-09>2025-09-09 15:15-16:15\n"
                        "2025-09-11>2025-09-11 16:00-17:30\n"
                        "2025-09-16>2025-09-16 15:15-16:15\n"
                        "2025-09-18>2025-09-18 16:00-17:30\n"
                        "2025-09-23>2025-09-23 15:15-16:15\n"
                        "2025-09-25>2025-09-25 16:00-17:30\n"
                        "2025-09-30>2025-09-30 15:15-16:15\n");
    /* Marks on Thursday the 18th (in the coming holiday) and on Thursday the 25th. */
    assert_int_equal(db_exec(f->db, "INSERT INTO attendance (session_id, pupil_id, status)"
                                    " SELECT id, 1, 'present' FROM sessions"
                                    " WHERE slot_date IN ('2025-09-18', '2025-09-25')"),
                     0);
    assert_int_equal(db_exec(f->db, "INSERT INTO holidays (name, date_from, date_to)"
                                    " VALUES ('Herfst', '2025-09-15', '2025-09-19')"),
                     0);
    long long changed = -1;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(schedule_sync_closed(f->db, 0, &changed), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(changed, 2); /* the 16th deleted, the 18th cancelled */
    /* A study day of another school changes nothing here; one of this school does. */
    assert_int_equal(add_study_day(f->db, 2, "2025-09-23"), 0);
    assert_int_equal(add_study_day(f->db, 1, "2025-09-25"), 1);
    assert_int_equal(add_study_day(f->db, 1, "2025-09-30"), 1);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:15-16:15\n"
                        "2025-09-04>2025-09-04 16:00-17:30\n"
                        "2025-09-09>2025-09-09 15:15-16:15\n"
                        "2025-09-11>2025-09-11 16:00-17:30\n"
                        "2025-09-18>2025-09-18 16:00-17:30 X:" SCHEDULE_DROPPED_REASON "\n"
                        "2025-09-23>2025-09-23 15:15-16:15\n"
                        "2025-09-25>2025-09-25 16:00-17:30 X:" SCHEDULE_DROPPED_REASON "\n");
    /* Marks are never deleted. */
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM attendance", -1), 2);
    /* Deleting the study day of the 30th brings its session back. */
    int64_t id = db_scalar_int(f->db, "SELECT id FROM study_days WHERE date = '2025-09-30'", -1);
    assert_int_equal(study_day_delete(f->db, 0, 1, id, &changed), OUTCOME_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM sessions WHERE"
                                          " slot_date = '2025-09-30' AND cancelled = 0", -1),
                     1);
    /* A study day is the school's: another school cannot delete it. */
    id = db_scalar_int(f->db, "SELECT id FROM study_days WHERE date = '2025-09-25'", -1);
    assert_int_equal(study_day_delete(f->db, 0, 2, id, &changed), OUTCOME_NOT_FOUND);
}

static void test_slot_times_follow_their_slot(void **state)
{
    struct testdb *f = *state;
    char buf[2048];
    two_slots(f->db);
    /* Thursday's slot gets other times; Tuesday's sessions keep theirs. */
    const struct slot_times later[] = {{2, "15:15", "16:15"}, {4, "16:30", "17:30"}};
    assert_int_equal(db_exec(f->db, "UPDATE activities SET date_until = '2025-09-11' WHERE id = 1"),
                     0);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(schedule_write_slots(f->db, 1, later, 2), 0);
    assert_int_equal(schedule_sync(f->db, 1), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_string_equal(sessions_text(f->db, buf, sizeof buf),
                        "2025-09-02>2025-09-02 15:15-16:15\n"
                        "2025-09-04>2025-09-04 16:30-17:30\n"
                        "2025-09-09>2025-09-09 15:15-16:15\n"
                        "2025-09-11>2025-09-11 16:30-17:30\n");
    struct slot_times read[SCHEDULE_SLOTS_MAX];
    assert_int_equal(schedule_read_slots(f->db, 1, read), 2);
    assert_int_equal(read[0].weekday, 2);
    assert_string_equal(read[1].start, "16:30");
}

static void test_records_dropped_by_removing_a_slot(void **state)
{
    struct testdb *f = *state;
    two_slots(f->db);
    assert_int_equal(db_exec(f->db, "INSERT INTO attendance (session_id, pupil_id, status)"
                                    " SELECT id, 1, 'present' FROM sessions"
                                    " WHERE slot_date IN ('2025-09-04', '2025-09-09')"),
                     0);
    /* Only Tuesdays: the Thursday with marks would be cancelled. */
    const struct slot_times tuesday[] = {{2, "15:15", "16:15"}};
    json_t *dropped =
        schedule_records_dropped(f->db, 1, 1, tuesday, 1, "2025-09-02", "2025-09-30");
    assert_non_null(dropped);
    assert_int_equal(json_array_size(dropped), 1);
    assert_string_equal(json_string_value(json_array_get(dropped, 0)), "2025-09-04");
    json_decref(dropped);
    /* A study day on the 9th at that school would cancel the Tuesday with marks as well. */
    assert_int_equal(db_exec(f->db, "INSERT INTO study_days (school_id, date)"
                                    " VALUES (1, '2025-09-09')"),
                     0);
    dropped = schedule_records_dropped(f->db, 1, 1, tuesday, 1, "2025-09-02", "2025-09-30");
    assert_int_equal(json_array_size(dropped), 2);
    json_decref(dropped);
    /* Nothing was written. */
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM sessions WHERE cancelled = 1", -1),
                     0);
}

/* Families hear of a session ahead that a study day takes away, not of one in the past. */
static void test_study_day_tells_families(void **state)
{
    struct testdb *f = *state;
    char from[11], until[11], past[11], ahead[11];
    int32_t today = date_today();
    int32_t monday = today + 7 - (date_weekday(today) - 1); /* next week's Monday */
    date_format(monday - 21, from);
    date_format(monday + 13, until);
    date_format(monday - 14, past);
    date_format(monday + 7, ahead);
    sqlite3_stmt *st = db_stmt(f->db, "UPDATE activities SET weekday = 1, date_from = ?1,"
                                      " date_until = ?2 WHERE id = 1");
    assert_non_null(st);
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, until);
    assert_int_equal(db_step_done(st), 0);
    assert_int_equal(db_exec(f->db, "INSERT INTO enrolments (pupil_id, activity_id, status,"
                                    " created_at, updated_at) VALUES (1, 1, 'enrolled',"
                                    " '2025-01-01', '2025-01-01')"),
                     0);
    resync(f->db, 1);
    assert_int_equal(add_study_day(f->db, 1, past), 1);
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM notifications", -1), 0);
    assert_int_equal(add_study_day(f->db, 1, ahead), 1);
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM notifications WHERE user_id = 1"
                                          " AND kind = 'session_cancelled'", -1),
                     1);
}

static void test_study_day_refusals(void **state)
{
    struct testdb *f = *state;
    struct problems p = {0};
    int64_t id = 0;
    long long changed = 0;
    struct study_day_input bad = {.date = "2025-02-30", .note = ""};
    assert_int_equal(study_day_create(f->db, 0, 1, &bad, &id, &changed, &p), OUTCOME_INVALID);
    assert_string_equal(p.item[0].field, "date");
    struct study_day_input good = {.date = "2025-09-09", .note = "Teamdag"};
    assert_int_equal(study_day_create(f->db, 0, 99, &good, &id, &changed, &p), OUTCOME_NOT_FOUND);
    assert_int_equal(study_day_create(f->db, 0, 1, &good, &id, &changed, &p), OUTCOME_OK);
    assert_int_equal(study_day_create(f->db, 0, 1, &good, &id, &changed, &p), OUTCOME_INVALID);
    assert_string_equal(p.item[0].key, "problem.study_day_taken");
    struct study_day_input line = {.date = "2025-09-10", .note = "a\nb"};
    assert_int_equal(study_day_create(f->db, 0, 1, &line, &id, &changed, &p), OUTCOME_INVALID);
    assert_string_equal(p.item[0].field, "note");
    problems_clear(&p);
    assert_int_equal(db_scalar_int(f->db, "SELECT count(*) FROM study_days", -1), 1);
}

/* The text of sql (one column of one row, ?1 = id; "" for NULL), into buf. */
static const char *text_of(struct db *db, const char *sql, int64_t id, char *buf, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(buf, size, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return buf;
}

/* The number of activities whose slots_text or domain_ids (migration 0028) differs from what
   activity_slots and activity_domains hold. */
static int64_t listing_columns_wrong(struct db *db)
{
    return db_int(db,
                  "SELECT count(*) FROM activities a WHERE a.slots_text IS NOT"
                  " (SELECT group_concat(t.weekday || ' ' || t.start_time || ' ' || t.end_time,"
                  "  ',') FROM activity_slots t WHERE t.activity_id = a.id)"
                  " OR a.domain_ids IS NOT (SELECT group_concat(d.domain_id)"
                  "  FROM activity_domains d WHERE d.activity_id = a.id)",
                  0, 0, -1);
}

/* The triggers of migration 0028 keep each activity's slots and domains as texts on its row
   through every kind of change, in the order of the tables' keys. */
static void test_listing_columns_follow_slots_and_domains(void **state)
{
    struct testdb *f = *state;
    struct db *db = f->db;
    two_slots(db);
    char text[64];
    assert_string_equal(
        text_of(db, "SELECT slots_text FROM activities WHERE id = ?1", 1, text, sizeof text),
        "2 15:15 16:15,4 16:00 17:30");
    static const char *const changes[] = {
        "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity,"
        " weekday, start_time, end_time, date_from, date_until) VALUES (2, 'dans', 1, 'Dans',"
        " 5, 8, 10, 3, '15:00', '16:00', '2025-09-03', '2025-09-30')",
        "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
        " (2, 'cultuur', 'Cultuur', 2), (3, 'wereld', 'Wereld', 3)",
        "INSERT INTO activity_domains VALUES (1, 3), (1, 1), (2, 2)",
        "UPDATE activity_slots SET start_time = '15:30' WHERE activity_id = 1 AND weekday = 2",
        "UPDATE activity_slots SET activity_id = 2 WHERE activity_id = 1 AND weekday = 4",
        "UPDATE activity_domains SET activity_id = 2 WHERE activity_id = 1 AND domain_id = 3",
        "DELETE FROM activity_domains WHERE activity_id = 1",
        "DELETE FROM activity_slots WHERE activity_id = 2",
    };
    for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
        assert_int_equal(db_exec(db, changes[i]), 0);
        assert_int_equal(listing_columns_wrong(db), 0);
    }
    assert_string_equal(
        text_of(db, "SELECT domain_ids FROM activities WHERE id = ?1", 2, text, sizeof text),
        "2,3");
    assert_int_equal(
        db_int(db, "SELECT domain_ids IS NULL FROM activities WHERE id = ?1", 1, 0, -1), 1);
}

/* Activities whose weekdays, earliest start or latest end differ from their sessions'. */
static int64_t session_columns_wrong(struct db *db)
{
    return db_int(db,
                  "SELECT count(*) FROM activities a WHERE a.session_days <> coalesce((SELECT"
                  " sum(DISTINCT 1 << CAST(strftime('%w', s.date) AS INTEGER)) FROM sessions s"
                  " WHERE s.activity_id = a.id), 0)"
                  " OR a.session_start IS NOT (SELECT min(s.start_time) FROM sessions s"
                  "  WHERE s.activity_id = a.id)"
                  " OR a.session_end IS NOT (SELECT max(s.end_time) FROM sessions s"
                  "  WHERE s.activity_id = a.id)",
                  0, 0, -1);
}

/* The triggers of migration 0029 keep where each activity's sessions fall (weekdays, earliest
   start, latest end) on its row through every kind of change: sessions made from slots, one
   added, moved in date or time, moved to another activity, cancelled, removed, and all of
   them removed. */
static void test_session_columns_follow_sessions(void **state)
{
    struct testdb *f = *state;
    struct db *db = f->db;
    two_slots(db); /* Tuesdays 15:15–16:15 and Thursdays 16:00–17:30 */
    assert_int_equal(session_columns_wrong(db), 0);
    assert_int_equal(db_int(db, "SELECT session_days FROM activities WHERE id = ?1", 1, 0, -1),
                     (1 << 2) | (1 << 4));
    static const char *const changes[] = {
        "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity,"
        " weekday, start_time, end_time, date_from, date_until) VALUES (2, 'dans', 1, 'Dans',"
        " 5, 8, 10, 3, '15:00', '16:00', '2025-09-03', '2025-09-30')",
        "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time)"
        " VALUES (2, '2025-09-06', '2025-09-06', '09:00', '10:00')",
        "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time)"
        " VALUES (2, '2025-09-07', '2025-09-07', '08:30', '19:00')",
        "UPDATE sessions SET date = '2025-09-08' WHERE activity_id = 2 AND slot_date = "
        "'2025-09-07'",
        "UPDATE sessions SET start_time = '10:00', end_time = '11:00'"
        " WHERE activity_id = 2 AND slot_date = '2025-09-07'",
        "UPDATE sessions SET cancelled = 1 WHERE activity_id = 2",
        "UPDATE sessions SET activity_id = 2, slot_date = 'x' || slot_date"
        " WHERE id = (SELECT min(id) FROM sessions WHERE activity_id = 1)",
        "DELETE FROM sessions WHERE activity_id = 2 AND slot_date = '2025-09-06'",
        "DELETE FROM sessions WHERE activity_id = 1",
    };
    for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
        assert_int_equal(db_exec(db, changes[i]), 0);
        if (session_columns_wrong(db))
            fail_msg("after change %zu the columns differ from the sessions", i);
    }
    assert_int_equal(db_int(db, "SELECT session_days FROM activities WHERE id = ?1", 1, 0, -1), 0);
    assert_int_equal(
        db_int(db, "SELECT session_start IS NULL FROM activities WHERE id = ?1", 1, 0, -1), 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_across_holiday),
        cmocka_unit_test(test_slot_dates_two_weekdays),
        T(test_sync_two_slots_holidays_study_days),
        T(test_slot_times_follow_their_slot),
        T(test_records_dropped_by_removing_a_slot),
        T(test_study_day_tells_families),
        T(test_study_day_refusals),
        T(test_listing_columns_follow_slots_and_domains),
        T(test_session_columns_follow_sessions),
        cmocka_unit_test(test_dates_bounds_on_weekday),
        cmocka_unit_test(test_dates_empty),
        cmocka_unit_test(test_dates_holiday_covers_all),
        cmocka_unit_test(test_dates_sunday),
        cmocka_unit_test(test_dates_leap_day),
        cmocka_unit_test(test_dates_count_beyond_max),
        T(test_sync_creates_sessions),
        T(test_sync_keeps_moved_cancelled_attended),
        T(test_sync_moved_slot_dropped),
        T(test_sync_weekday_change),
        T(test_sync_all_after_holiday),
        T(test_sync_unknown_activity),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
