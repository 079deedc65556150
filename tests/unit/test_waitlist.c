/* Tests of domain/enrolment/waitlist.h, the one home of the waiting-list position: on random
 * small sets of enrolments (several activities, many sharing a created_at moment, ids not in
 * the order of time, enrolled and cancelled ones among the waiting) the SQL fragments answer
 * what a plain C computation answers: per activity, the waiting enrolments sorted by
 * created_at, then id; the position is 1 + those before, 0 for one that does not wait. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/waitlist.h"
#include "testdb.h"

enum { ROUNDS = 300, MAX_ROWS = 24, ACTIVITIES = 3, MOMENTS = 4 };

static const char seed_sql[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'a1', 1, 'Een', 1, 8, 5, 1, '15:00', '16:00', '2026-09-01', '2027-06-30'),"
    " (2, 'a2', 1, 'Twee', 1, 8, 5, 2, '15:00', '16:00', '2026-09-01', '2027-06-30'),"
    " (3, 'a3', 1, 'Drie', 1, 8, 5, 3, '15:00', '16:00', '2026-09-01', '2027-06-30');"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24)"
    " INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade)"
    " SELECT i, 'p' || i, 1, i, 'Kind', i, 5 FROM n;";

static const char *const statuses[] = {"waitlisted", "enrolled", "cancelled"};

struct row {
    int64_t id, activity;
    const char *status;
    char created_at[40];
};

static int setup(void **state)
{
    return testdb_setup(state, "waitlist", seed_sql);
}

/* A random set of n enrolments: distinct pupils, random distinct ids (so that the id order is
   not the order of time), an activity, a status (waiting more often than not) and one of a few
   moments, so that equal created_at values are common. */
static void make_rows(struct row *rows, size_t n)
{
    int64_t ids[MAX_ROWS];
    for (size_t i = 0; i < n; i++)
        ids[i] = (int64_t)i + 1;
    for (size_t i = n; i > 1; i--) { /* shuffle */
        size_t j = (size_t)rand() % i;
        int64_t t = ids[i - 1];
        ids[i - 1] = ids[j];
        ids[j] = t;
    }
    for (size_t i = 0; i < n; i++) {
        rows[i].id = ids[i] * 7; /* gaps, as after deletes */
        rows[i].activity = 1 + rand() % ACTIVITIES;
        int s = rand() % 5;
        rows[i].status = statuses[s < 3 ? 0 : s - 2];
        snprintf(rows[i].created_at, sizeof rows[i].created_at,
                 "2026-08-21T10:00:0%d.000", rand() % MOMENTS);
    }
}

static void write_rows(struct db *db, const struct row *rows, size_t n)
{
    assert_int_equal(db_exec(db, "DELETE FROM enrolments"), 0);
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO enrolments (id, pupil_id, activity_id, status,"
                                       " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
        assert_non_null(st);
        sqlite3_bind_int64(st, 1, rows[i].id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, rows[i].activity);
        db_bind_text(st, 4, rows[i].status);
        db_bind_text(st, 5, rows[i].created_at);
        assert_int_equal(db_step_done(st), 0);
    }
}

/* Does a come before b in a waiting list: earlier created_at, then lower id? */
static int before(const struct row *a, const struct row *b)
{
    int c = strcmp(a->created_at, b->created_at);
    return c < 0 || (c == 0 && a->id < b->id);
}

/* The position of rows[k] computed in C: 1 + the waiting ones of its activity before it. */
static int c_position(const struct row *rows, size_t n, size_t k)
{
    if (strcmp(rows[k].status, "waitlisted"))
        return 0;
    int position = 1;
    for (size_t i = 0; i < n; i++)
        if (i != k && rows[i].activity == rows[k].activity &&
            !strcmp(rows[i].status, "waitlisted") && before(&rows[i], &rows[k]))
            position++;
    return position;
}

static size_t find(const struct row *rows, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == id)
            return i;
    fail_msg("no enrolment %lld", (long long)id);
    return 0;
}

static void check_positions(struct db *db, const struct row *rows, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT e.id, " WAITLIST_POSITION("e") " FROM enrolments e");
    assert_non_null(st);
    size_t seen = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t k = find(rows, n, sqlite3_column_int64(st, 0));
        assert_int_equal(sqlite3_column_int(st, 1), c_position(rows, n, k));
        seen++;
    }
    sqlite3_reset(st);
    assert_int_equal(seen, n);
}

/* WAITLIST_ORDER lists an activity's waiting enrolments in the order of their positions. */
static void check_order(struct db *db, const struct row *rows, size_t n)
{
    for (int64_t activity = 1; activity <= ACTIVITIES; activity++) {
        sqlite3_stmt *st = db_stmt(db, "SELECT id FROM enrolments WHERE activity_id = ?1"
                                       " AND status = 'waitlisted' ORDER BY " WAITLIST_ORDER);
        assert_non_null(st);
        sqlite3_bind_int64(st, 1, activity);
        int expected = 1;
        while (sqlite3_step(st) == SQLITE_ROW) {
            size_t k = find(rows, n, sqlite3_column_int64(st, 0));
            assert_int_equal(c_position(rows, n, k), expected);
            expected++;
        }
        sqlite3_reset(st);
    }
}

static void the_sql_position_equals_the_c_computation_on_random_sets(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    srand(20260901);
    struct row rows[MAX_ROWS];
    for (int round = 0; round < ROUNDS; round++) {
        size_t n = 1 + (size_t)rand() % MAX_ROWS;
        make_rows(rows, n);
        write_rows(db, rows, n);
        check_positions(db, rows, n);
        check_order(db, rows, n);
    }
}

static void an_enrolment_that_does_not_wait_has_position_zero(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct row rows[] = {
        {.id = 1, .activity = 1, .status = "enrolled", .created_at = "2026-08-21T10:00:00.000"},
        {.id = 2, .activity = 1, .status = "cancelled", .created_at = "2026-08-21T10:00:00.000"},
        {.id = 3, .activity = 1, .status = "waitlisted", .created_at = "2026-08-21T10:00:00.000"},
        {.id = 4, .activity = 2, .status = "waitlisted", .created_at = "2026-08-20T10:00:00.000"},
    };
    write_rows(db, rows, 4);
    sqlite3_stmt *st = db_stmt(db, "SELECT " WAITLIST_POSITION("e") " FROM enrolments e"
                                   " ORDER BY e.id");
    int expected[] = {0, 0, 1, 1};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), expected[i]);
    }
    sqlite3_reset(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_sql_position_equals_the_c_computation_on_random_sets),
        cmocka_unit_test(an_enrolment_that_does_not_wait_has_position_zero),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
