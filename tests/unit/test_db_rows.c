/* Tests of src/db/rows.c: rows of a query as JSON objects keyed by the columns' names, each
 * column typed by its letter; a bad type string, a failed step or a text that is not UTF-8 is an
 * error, not a list. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/rows.h"
#include "testdb.h"

static int setup(void **state)
{
    return testdb_setup(state, "rows",
                        "CREATE TEMP TABLE t (n INTEGER, x REAL, s TEXT);"
                        "INSERT INTO t VALUES (1, 1.5, 'één'), (0, NULL, NULL);");
}

static void each_letter_gives_its_type(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT n AS id, n AS flag, x AS ratio, x AS maybe_ratio,"
                                   " s AS name, s AS maybe_name, s AS count_or_null"
                                   " FROM temp.t ORDER BY n DESC");
    json_t *rows = db_rows(st, "ibrRsSI");
    assert_non_null(rows);
    char *text = json_dumps(rows, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(text, "[{\"id\":1,\"flag\":true,\"ratio\":1.5,\"maybe_ratio\":1.5,"
                              "\"name\":\"één\",\"maybe_name\":\"één\",\"count_or_null\":0},"
                              "{\"id\":0,\"flag\":false,\"ratio\":0.0,\"maybe_ratio\":null,"
                              "\"name\":\"\",\"maybe_name\":null,\"count_or_null\":null}]");
    free(text);
    json_decref(rows);
}

static void no_rows_is_an_empty_list_and_db_row_says_none(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT n AS id FROM temp.t WHERE n > ?1");
    sqlite3_bind_int(st, 1, 5);
    json_t *rows = db_rows(st, "i");
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
    json_t *row = NULL;
    sqlite3_bind_int(st, 1, 5);
    assert_int_equal(db_row(st, "i", &row), 0);
    assert_null(row);
    sqlite3_bind_int(st, 1, 0);
    assert_int_equal(db_row(st, "i", &row), 1);
    assert_int_equal(json_integer_value(json_object_get(row, "id")), 1);
    json_decref(row);
}

/* Names that are not ASCII, and more columns than the names read once per call hold, are
   keys as they are; a statement prepared again by its first step (the schema changed) keeps
   its names. */
static void every_column_name_is_a_key(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT n AS \"één\", s AS naam FROM temp.t WHERE n = 1");
    json_t *row = NULL;
    assert_int_equal(db_row(st, "is", &row), 1);
    assert_int_equal(json_integer_value(json_object_get(row, "één")), 1);
    assert_string_equal(json_string_value(json_object_get(row, "naam")), "één");
    json_decref(row);

    char sql[2048] = "SELECT n AS c0";
    char types[80] = "i";
    for (int i = 1; i < 70; i++) {
        size_t used = strlen(sql);
        snprintf(sql + used, sizeof sql - used, ", n + %d AS c%d", i, i);
        types[i] = 'i';
        types[i + 1] = '\0';
    }
    strcat(sql, " FROM temp.t WHERE n = 1");
    st = db_stmt(db, sql);
    json_t *rows = db_rows(st, types);
    assert_int_equal(json_object_size(json_array_get(rows, 0)), 70);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "c69")), 70);
    json_decref(rows);

    st = db_stmt(db, "SELECT n AS id, s AS name FROM temp.t ORDER BY n");
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE later (v)"), 0); /* st is prepared again */
    rows = db_rows(st, "is");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "name")), "één");
    json_decref(rows);
}

static void a_type_string_that_does_not_fit_is_an_error(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT n AS id, s AS name FROM temp.t");
    const char *bad[] = {"i", "iss", "ix", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_null(db_rows(st, bad[i]));
        json_t *row = (json_t *)1;
        assert_int_equal(db_row(st, bad[i], &row), -1);
        assert_null(row);
    }
}

static void a_failed_step_is_an_error_not_a_shorter_list(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    /* abs() of the smallest integer overflows at the second row: a runtime error mid-way. */
    assert_int_equal(db_exec(db, "INSERT INTO temp.t VALUES (-9223372036854775808, 0, 'x')"), 0);
    sqlite3_stmt *st = db_stmt(db, "SELECT abs(n) AS v FROM temp.t ORDER BY n DESC");
    assert_null(db_rows(st, "i"));
    json_t *row = NULL;
    st = db_stmt(db, "SELECT abs(n) AS v FROM temp.t ORDER BY n ASC");
    assert_int_equal(db_row(st, "i", &row), -1);
}

/* SQLite keeps whatever bytes it is given: a text that is not UTF-8 cannot be a JSON string, so
   the read fails (as jansson's own check made it fail) instead of sending bytes no client reads.
   A NUL inside a text is kept. */
static void a_text_that_is_not_utf8_is_an_error(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT CAST(?1 AS TEXT) AS s");
    const char *bad[] = {"caf\xE9", "aaaaaaaaaaaaaaaa\xC3", "\xED\xA0\x80", "\xFF"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sqlite3_bind_text(st, 1, bad[i], -1, SQLITE_STATIC);
        assert_null(db_rows(st, "s"));
        json_t *row = (json_t *)1;
        assert_int_equal(db_row(st, "s", &row), -1);
        assert_null(row);
    }
    sqlite3_bind_text(st, 1, "a\0caf\xC3\xA9", 7, SQLITE_STATIC);
    json_t *rows = db_rows(st, "s");
    assert_non_null(rows);
    json_t *s = json_object_get(json_array_get(rows, 0), "s");
    assert_int_equal(json_string_length(s), 7);
    assert_memory_equal(json_string_value(s), "a\0caf\xC3\xA9", 7);
    json_decref(rows);
    sqlite3_clear_bindings(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_letter_gives_its_type),
        cmocka_unit_test(no_rows_is_an_empty_list_and_db_row_says_none),
        cmocka_unit_test(every_column_name_is_a_key),
        cmocka_unit_test(a_type_string_that_does_not_fit_is_an_error),
        cmocka_unit_test(a_failed_step_is_an_error_not_a_shorter_list),
        cmocka_unit_test(a_text_that_is_not_utf8_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
