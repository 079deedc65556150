/* Tests of src/domain/people/names.c, the rule by which pupil lists compare names: folding case
 * and accents (Zoë, Çelik, İlker, Øyvind, ß, the ĳ ligature, combining marks, characters
 * outside Latin kept, invalid UTF-8 kept byte by byte, a buffer that is too small), the surname
 * sort key without the tussenvoegsel ("de Boer" under B, "van der Berg", a name that is only a
 * tussenvoegsel), and the SQL form: read_pupils_page sorts and searches by the same functions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/names.h"
#include "domain/people/pupils_read.h"
#include "testdb.h"

/* name_fold of s, checked to be no longer than s. Static buffer. */
static const char *folded(const char *s)
{
    static char out[256];
    size_t n = name_fold(s, out, sizeof out);
    assert_int_equal(n, strlen(out));
    assert_true(n <= strlen(s));
    return out;
}

/* name_surname_key of s with a buffer of exactly strlen(s) + 1 bytes, into one of four
   static buffers (so that two keys can be compared). */
static const char *key(const char *s)
{
    static char outs[4][256];
    static int turn;
    char *out = outs[turn++ % 4];
    char *exact = malloc(strlen(s) + 1);
    assert_non_null(exact);
    name_surname_key(s, exact, strlen(s) + 1);
    snprintf(out, 256, "%s", exact);
    free(exact);
    return out;
}

static void fold_ignores_case_and_accents(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Zoë", "zoe"},          {"ÇELİK", "celik"},         {"Çelik", "celik"},
        {"Şükrü Öztürk", "sukru ozturk"}, {"İlker Yılmaz", "ilker yilmaz"},
        {"Øyvind Ærø", "oyvind aero"}, {"Straße", "strasse"}, {"Ĳsselmeer", "ijsselmeer"},
        {"François", "francois"}, {"Łukasz Wałęsa", "lukasz walesa"}, {"Ștefan", "stefan"},
        {"Zoe\xCC\x88", "zoe"} /* e + combining diaeresis */,
        {"Ñuñez-García", "nunez-garcia"}, {"van 't Hof", "van 't hof"}, {"", ""},
        {"12 × 3", "12 × 3"} /* not a letter: kept */, {"Ольга", "Ольга"} /* kept */,
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(folded(cases[i][0]), cases[i][1]);
}

static void fold_keeps_invalid_bytes_and_stops_at_the_buffer(void **state)
{
    (void)state;
    assert_string_equal(folded("A\xFF" "B\xC3"), "a\xFF" "b\xC3");
    char small[4];
    assert_int_equal(name_fold("Zoë Bakker", small, sizeof small), 3);
    assert_string_equal(small, "zoe");
    char tiny[3];
    assert_int_equal(name_fold("aßb", tiny, sizeof tiny), 1); /* "ss" does not fit after "a" */
    assert_string_equal(tiny, "a");
    assert_int_equal(name_fold("abc", tiny, 0), 0);
}

static void surname_key_leaves_out_the_tussenvoegsel(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"de Boer", "boer de"},           {"De Boer", "boer de"},
        {"van der Berg", "berg van der"}, {"van 't Hof", "hof van 't"},
        {"Boer", "boer"},                 {"Çelik", "celik"},
        {"van den Ende-de Wit", "ende-de wit van den"},
        {"Van", "van"} /* only a tussenvoegsel: it is the surname */,
        {"de  Vries ", "vries de"},       {"  Jansen", "jansen"},
        {"Vandermeer", "vandermeer"},     {"El Amrani", "el amrani"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(key(cases[i][0]), cases[i][1]);
    /* The order that follows: de Boer beside Boer, under B, before Bos. */
    assert_true(strcmp(key("Bakker"), key("de Boer")) < 0);
    assert_true(strcmp(key("Boer"), key("de Boer")) < 0);
    assert_true(strcmp(key("de Boer"), key("Bos")) < 0);
    assert_true(strcmp(key("van der Berg"), key("Dijkstra")) < 0);
}

/* ---- the SQL form, through read_pupils_page --------------------------------------------------- */

static const char seed[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade) VALUES"
    " (1, 'p1', 1, '1', 'Daan', 'de Jong', 5), (2, 'p2', 1, '2', 'Zoë', 'Bakker', 5),"
    " (3, 'p3', 1, '3', 'Emre', 'Çelik', 6), (4, 'p4', 1, '4', 'Sara', 'Zwart', 6),"
    " (5, 'p5', 1, '5', 'Anna', 'van der Berg', 7), (6, 'p6', 1, '6', 'Bram', 'Jansen', 7),"
    " (7, 'p7', 1, '7', 'Ilse', 'de Boer', 8), (8, 'p8', 1, '8', 'Ali', 'Boer', 8)";

/* The last names of read_pupils_page for search q, in order, joined by "|". Static buffer. */
static const char *names(struct db *db, const char *q)
{
    static char out[512];
    struct pupil_filter f = {.q = q, .grade = 0, .priority = -1, .school = 0};
    json_t *rows = read_pupils_page(db, &f, 100, 0), *row;
    assert_non_null(rows);
    size_t i, n = 0;
    out[0] = '\0';
    json_array_foreach(rows, i, row)
    {
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? "|" : "",
                              json_string_value(json_object_get(row, "last_name")));
    }
    int64_t count;
    assert_int_equal(read_pupils_count(db, &f, &count), 1); /* counted as listed */
    assert_int_equal(count, (int64_t)json_array_size(rows));
    json_decref(rows);
    return out;
}

static void the_list_sorts_and_searches_by_the_rule(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    assert_string_equal(names(db, ""),
                        "Bakker|van der Berg|Boer|de Boer|Çelik|Jansen|de Jong|Zwart");
    assert_string_equal(names(db, "zoe"), "Bakker");
    assert_string_equal(names(db, "ZOË"), "Bakker");
    assert_string_equal(names(db, "celik"), "Çelik");
    assert_string_equal(names(db, "Çelik"), "Çelik");
    assert_string_equal(names(db, "emre cel"), "Çelik");
    assert_string_equal(names(db, "de boer"), "de Boer");
    assert_string_equal(names(db, "boer"), "Boer|de Boer");
    assert_string_equal(names(db, "%"), ""); /* a LIKE wildcard is a character */
    assert_string_equal(names(db, "_"), "");
    assert_string_equal(names(db, "7"), "de Boer");
    /* The SQL functions give what the C gives, NULL for NULL. */
    sqlite3_stmt *st = db_stmt(db, "SELECT fold('Zoë ÇELİK'), surname_key('van der Berg'),"
                                   " fold(NULL) IS NULL");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "zoe celik");
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "berg van der");
    assert_int_equal(sqlite3_column_int(st, 2), 1);
    sqlite3_reset(st);
}

static int setup(void **state) { return testdb_setup(state, "test_names", seed); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_ignores_case_and_accents),
        cmocka_unit_test(fold_keeps_invalid_bytes_and_stops_at_the_buffer),
        cmocka_unit_test(surname_key_leaves_out_the_tussenvoegsel),
        cmocka_unit_test_setup_teardown(the_list_sorts_and_searches_by_the_rule, setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
