/* Tests of migration 0030 (migrations/0030_check_without_lists.sql): the CHECKs of
 * enrolments, attendance and tally_dirty written with = and OR instead of a list refuse what
 * they refused before and accept what they accepted, an insert no longer builds a temporary
 * b-tree for them, and a database of the schema before is edited in place: its rows kept,
 * whole (integrity_check), and another connection open at the time reads the new schema. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/migrations.h"
#include "testdb.h"

/* A row of each table, with the status or kind as ?1. */
static const char *const inserts[] = {
    "INSERT INTO enrolments (pupil_id, activity_id, status, created_at, updated_at)"
    " VALUES (1, (SELECT count(*) + 1 FROM enrolments), ?1, '2026-01-05', '2026-01-05')",
    "INSERT INTO attendance (session_id, pupil_id, status)"
    " VALUES ((SELECT count(*) + 1 FROM attendance), 1, ?1)",
    "INSERT INTO tally_dirty (kind, id) VALUES (?1, (SELECT count(*) + 1 FROM tally_dirty))",
};
static const char *const accepted[][5] = {
    {"enrolled", "waitlisted", "cancelled"},
    {"present", "absent", "excused"},
    {"p", "e", "s", "a", "A"},
};
static const char *const refused[] = {"", "Enrolled", "enrolled ", "pending", "P", "x"};

/* The extended result of running sql once with ?1 = value (NULL: ?1 is NULL). */
static int insert_with(struct db *db, const char *sql, const char *value)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    if (value)
        sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
    sqlite3_step(st);
    return sqlite3_finalize(st) == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db_handle(db));
}

/* Whether the program of sql opens a temporary b-tree (OpenEphemeral). */
static bool builds_temporary_btree(struct db *db, const char *sql)
{
    char explain[512];
    snprintf(explain, sizeof explain, "EXPLAIN %s", sql);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), explain, -1, &st, NULL), SQLITE_OK);
    bool found = false;
    while (sqlite3_step(st) == SQLITE_ROW)
        found |= !strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral");
    sqlite3_finalize(st);
    return found;
}

/* Every accepted value is stored, every refused one (and NULL) is not, in each table. */
static void assert_checks_hold(struct db *db)
{
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys = OFF"), 0); /* rows of their own */
    for (size_t t = 0; t < sizeof inserts / sizeof *inserts; t++) {
        for (size_t i = 0; i < 5 && accepted[t][i]; i++)
            if (insert_with(db, inserts[t], accepted[t][i]) != SQLITE_OK)
                fail_msg("%s refused '%s': %s", inserts[t], accepted[t][i],
                         sqlite3_errmsg(db_handle(db)));
        for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
            if (insert_with(db, inserts[t], refused[i]) != SQLITE_CONSTRAINT_CHECK)
                fail_msg("%s did not refuse '%s' by its CHECK", inserts[t], refused[i]);
        assert_int_equal(insert_with(db, inserts[t], NULL), SQLITE_CONSTRAINT_NOTNULL);
    }
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys = ON"), 0);
}

static void the_checks_refuse_what_they_refused(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    assert_checks_hold(db);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM enrolments", -1), 3);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM attendance", -1), 3);
}

static void an_insert_builds_no_temporary_btree(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    for (size_t t = 0; t < sizeof inserts / sizeof *inserts; t++)
        if (builds_temporary_btree(db, inserts[t]))
            fail_msg("%s builds a temporary b-tree", inserts[t]);
    assert_true(builds_temporary_btree(db, "SELECT 1 WHERE ?1 IN ('a', 'b', 'c')"));
}

/* The index of migration name in migrations[]. */
static size_t migration_index(const char *name)
{
    for (size_t i = 0; i < n_migrations; i++)
        if (!strcmp(migrations[i].name, name))
            return i;
    fail_msg("no migration %s", name);
    return 0;
}

static void a_database_of_the_schema_before_is_edited_in_place(void **state)
{
    const char *dir = ((struct testdb *)*state)->dir;
    char path[96], err[256];
    snprintf(path, sizeof path, "%s/before.db", dir);
    struct db *db = db_open(path, err, sizeof err), *other = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_non_null(other);
    size_t edit = migration_index("0030_check_without_lists.sql");
    for (size_t i = 0; i < edit; i++) {
        char version[48];
        snprintf(version, sizeof version, "PRAGMA user_version = %zu", i + 1);
        assert_int_equal(db_exec(db, migrations[i].sql), 0);
        assert_int_equal(db_exec(db, version), 0);
    }
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys = OFF"), 0);
    assert_int_equal(insert_with(db, inserts[0], "waitlisted"), SQLITE_OK);
    assert_int_equal(insert_with(db, inserts[1], "excused"), SQLITE_OK);
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys = ON"), 0);
    assert_true(builds_temporary_btree(other, inserts[0])); /* other has read the old schema */

    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    assert_int_equal(db_schema_current(db), (int)n_migrations);
    assert_int_equal(db_int_text(db, "SELECT count(*) FROM enrolments WHERE status = ?1",
                                 "waitlisted", 0, 0, -1),
                     1);
    assert_int_equal(
        db_int_text(db, "SELECT count(*) FROM attendance WHERE status = ?1", "excused", 0, 0, -1),
        1);
    assert_int_equal(db_int_text(db,
                                 "SELECT count(*) FROM pragma_integrity_check WHERE"
                                 " integrity_check <> ?1",
                                 "ok", 0, 0, -1),
                     0);
    assert_int_equal(db_scalar_int(db,
                                   "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                   " ('enrolments', 'attendance', 'tally_dirty')"
                                   " AND sql LIKE '%CHECK (% IN (%'",
                                   -1),
                     0);
    /* other reads the schema again at its next statement, seeing its version moved */
    assert_int_equal(db_scalar_int(other, "SELECT count(*) FROM enrolments", -1), 1);
    for (size_t t = 0; t < sizeof inserts / sizeof *inserts; t++) {
        assert_false(builds_temporary_btree(db, inserts[t]));
        assert_false(builds_temporary_btree(other, inserts[t]));
    }
    assert_checks_hold(other);
    db_close(other);
    db_close(db);
}

static int setup(void **state)
{
    return testdb_setup(state, "test_schema", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_checks_refuse_what_they_refused, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(an_insert_builds_no_temporary_btree, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(a_database_of_the_schema_before_is_edited_in_place, setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
