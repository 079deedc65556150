/* Tests of src/domain/pupils.c and pupils_csv.c: link codes (format, alphabet without look-alike
 * characters, what a parent may type, uniqueness over 10,000 pupils), the CSV parser (quotes
 * with "" escapes and line breaks, separators, header variants, a BOM, CRLF, empty lines, too
 * many columns, bad grades and other bad values, the row limit, the message limit), and the
 * writes: create / update / new link code with their audit entries, the duplicate number, and
 * the import's upsert counts — with nothing written on a bad row or a failure midway. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/people/pupils.h"
#include "util/arena.h"
#include "util/buf.h"
#include "testdb.h"

/* ---- fixture: a fresh migrated database with two schools per test ------------------------- */

struct fixture {
    char dir[64];
    struct db *db;
    struct arena arena;
};

/* Schools 1 noord, 2 zuid (po) and 3 lyceum (vo); user 7 the coordinator of noord. */
static const char seed_sql[] = "INSERT INTO schools (id, key, name, kind) VALUES"
                               " (1, 'noord', 'Basisschool Noord', 'po'),"
                               " (2, 'zuid', 'Basisschool Zuid', 'po'),"
                               " (3, 'lyceum', 'Het Lyceum', 'vo');"
                               "INSERT INTO users (id, email, role, password_hash, school_id)"
                               " VALUES (7, 'noord@test.nl', 'coordinator', 'x', 1)";

static int db_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->db = testdb_open(f->dir, "test_pupils", seed_sql);
    if (!f->db) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int db_teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(&f->arena);
    testdb_remove(f->db, f->dir);
    free(f);
    return 0;
}

static int arena_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    *state = f;
    return f ? 0 : -1;
}

static int arena_teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(&f->arena);
    free(f);
    return 0;
}

static struct db *db_of(void **state) { return ((struct fixture *)*state)->db; }
static struct arena *arena_of(void **state) { return &((struct fixture *)*state)->arena; }

static int64_t count(struct db *db, const char *sql) { return db_scalar_int(db, sql, -1); }

/* Parse text (a C string) for a po school (grades to 8). */
static size_t parse(void **state, const char *text, struct pupil_csv *csv)
{
    return pupil_csv_parse(arena_of(state), text, strlen(text), 8, csv);
}

/* Fail unless one of the parser's messages contains needle. */
static void assert_message(const struct pupil_csv *csv, const char *needle)
{
    for (size_t i = 0; i < csv->n_messages; i++)
        if (strstr(csv->messages[i], needle))
            return;
    fprintf(stderr, "messages:\n");
    for (size_t i = 0; i < csv->n_messages; i++)
        fprintf(stderr, "  %s\n", csv->messages[i]);
    fail_msg("no message contains '%s'", needle);
}

/* ---- link codes --------------------------------------------------------------------------- */

static void link_code_has_the_format_and_alphabet(void **state)
{
    (void)state;
    size_t seen[256] = {0};
    for (int i = 0; i < 10000; i++) {
        char code[LINK_CODE_SIZE];
        link_code_random(code);
        assert_int_equal(strlen(code), 9);
        assert_int_equal(code[4], '-');
        for (int k = 0; k < 9; k++) {
            if (k == 4)
                continue;
            assert_non_null(strchr(LINK_CODE_ALPHABET, code[k]));
            assert_null(strchr("01OIL", code[k]));
            seen[(unsigned char)code[k]]++;
        }
        assert_true(link_code_valid(code));
    }
    /* 80,000 symbols over 31: each appears, none far too often (expected ≈ 2,581). */
    for (const char *c = LINK_CODE_ALPHABET; *c; c++) {
        assert_true(seen[(unsigned char)*c] > 2000);
        assert_true(seen[(unsigned char)*c] < 3200);
    }
    assert_int_equal(strlen(LINK_CODE_ALPHABET), 31);
}

static void link_code_valid_refuses_other_forms(void **state)
{
    (void)state;
    assert_true(link_code_valid("K7Q2-9XPA"));
    static const char *const bad[] = {"",          "K7Q29XPA",   "K7Q2-9XP",  "K7Q2-9XPAA",
                                      "k7q2-9xpa", "K7Q2-9XP0",  "O7Q2-9XPA", "K7Q2_9XPA",
                                      "I7Q2-9XPA", "L7Q2-9XPA",  "K7Q2--XPA", "K7Q2-9XP1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(link_code_valid(bad[i]));
}

static void link_code_normalize_accepts_what_parents_type(void **state)
{
    (void)state;
    char out[LINK_CODE_SIZE];
    assert_int_equal(link_code_normalize("k7q2-9xpa", out), 0);
    assert_string_equal(out, "K7Q2-9XPA");
    assert_int_equal(link_code_normalize(" K7Q2 9XPA ", out), 0);
    assert_string_equal(out, "K7Q2-9XPA");
    assert_int_equal(link_code_normalize("K7Q29XPA", out), 0);
    assert_string_equal(out, "K7Q2-9XPA");
    assert_int_equal(link_code_normalize("K7Q2-9XP", out), -1);
    assert_int_equal(link_code_normalize("K7Q2-9XPAB", out), -1);
    assert_int_equal(link_code_normalize("K7Q2-9XP0", out), -1); /* no zero in codes */
    assert_int_equal(link_code_normalize("", out), -1);
    assert_int_equal(link_code_normalize("K7Q2-9XP\xc3\xa9", out), -1);
}

/* 10,000 pupils through two imports of 5,000: every one gets a valid code, all distinct. */
static void link_codes_are_unique_over_10000_pupils(void **state)
{
    struct db *db = db_of(state);
    for (int part = 0; part < 2; part++) {
        struct buf text = BUF_INIT;
        buf_puts(&text, "leerlingnummer;voornaam;achternaam;groep\n");
        for (int i = 0; i < 5000; i++)
            buf_printf(&text, "%d;Kind;Nummer %d;%d\n", part * 5000 + i, i, 1 + i % 8);
        struct pupil_csv csv;
        assert_int_equal(pupil_csv_parse(arena_of(state), text.data, text.len, 8, &csv), 0);
        assert_int_equal(csv.n_rows, 5000);
        struct pupil_import_counts n;
        assert_int_equal(pupils_import(db, 7, 1, &csv, false, &n), 0);
        assert_int_equal(n.created, 5000);
        buf_free(&text);
    }
    assert_int_equal(count(db, "SELECT count(*) FROM pupils"), 10000);
    assert_int_equal(count(db, "SELECT count(DISTINCT link_code) FROM pupils"), 10000);
    sqlite3_stmt *st = db_stmt(db, "SELECT link_code FROM pupils");
    while (sqlite3_step(st) == SQLITE_ROW)
        assert_true(link_code_valid(db_col_text(st, 0)));
    sqlite3_reset(st);
}

/* ---- the CSV parser ----------------------------------------------------------------------- */

static void csv_semicolons_with_all_columns(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "leerlingnummer;voornaam;achternaam;groep;klas;doelgroep\n"
                           "1001;Sara;Bakker;6;6A;ja\n"
                           "1002;Daan;de Jong;5;5A;nee\n",
                           &csv),
                     0);
    assert_int_equal(csv.separator, ';');
    assert_true(csv.has_class);
    assert_true(csv.has_priority);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.rows[0].number, "1001");
    assert_string_equal(csv.rows[0].first_name, "Sara");
    assert_string_equal(csv.rows[0].last_name, "Bakker");
    assert_int_equal(csv.rows[0].grade, 6);
    assert_string_equal(csv.rows[0].class_name, "6A");
    assert_true(csv.rows[0].priority);
    assert_int_equal(csv.rows[0].line, 2);
    assert_string_equal(csv.rows[1].last_name, "de Jong");
    assert_false(csv.rows[1].priority);
    assert_int_equal(csv.rows[1].line, 3);
}

static void csv_quotes_commas_and_escapes(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "leerlingnummer,voornaam,achternaam,groep\n"
                           "\"1001\",\"Jan \"\"Jantje\"\"\",\"Dijk, van\",\"4\"\n"
                           "1002,\"Anna;Maria\",Smit,3\n"
                           "1003,\"\",Leeg,2\n",
                           &csv),
                     1); /* the empty quoted first name of line 4 */
    assert_int_equal(csv.separator, ',');
    assert_message(&csv, "Regel 4: voornaam ontbreekt");
    assert_int_equal(parse(state,
                           "leerlingnummer,voornaam,achternaam,groep\n"
                           "\"1001\",\"Jan \"\"Jantje\"\"\",\"Dijk, van\",\"4\"\n"
                           "1002,\"Anna;Maria\",Smit,3\n",
                           &csv),
                     0);
    assert_string_equal(csv.rows[0].number, "1001");
    assert_string_equal(csv.rows[0].first_name, "Jan \"Jantje\"");
    assert_string_equal(csv.rows[0].last_name, "Dijk, van");
    assert_string_equal(csv.rows[1].first_name, "Anna;Maria");
}

static void csv_quoted_line_break_counts_lines(void **state)
{
    struct pupil_csv csv;
    /* A line break inside quotes keeps the record together, is refused in a name, and the
       next record's line number counts it. */
    assert_int_equal(parse(state,
                           "leerlingnummer;voornaam;achternaam;groep\n"
                           "1001;\"Sa\nra\";Bakker;6\n"
                           "1002;Daan;Jong;0\n",
                           &csv),
                     2);
    assert_message(&csv, "Regel 2: voornaam bevat ongeldige tekens");
    assert_message(&csv, "Regel 4: groep '0'");
}

static void csv_quote_errors(void **state)
{
    struct pupil_csv csv;
    parse(state, "leerlingnummer;voornaam;achternaam;groep\n1001;\"Sara\"x;Bakker;6\n1002;A;B;3\n",
          &csv);
    assert_int_equal(csv.n_errors, 1);
    assert_message(&csv, "Regel 2: een aanhalingsteken (\") staat op een verkeerde plaats");
    assert_int_equal(csv.n_rows, 1); /* line 3 was still read */
    parse(state, "leerlingnummer;voornaam;achternaam;groep\n1001;\"Sara;Bakker;6\n1002;A;B;3\n",
          &csv);
    assert_int_equal(csv.n_errors, 1);
    assert_message(&csv, "Regel 2: een aanhalingsteken (\") wordt niet gesloten");
}

static void csv_header_variants(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "Leerlingnummer;Voornaam;Roepnaam;Tussenvoegsel;Achternaam;Jaargroep;"
                           "Groep;BSN;Geboortedatum\n"
                           "1001;Johannes Petrus;Jan;van;Dijk;5;5B;123456782;2015-01-01\n"
                           "1002;Maria;;;Smit;groep 4;4A;;\n",
                           &csv),
                     0);
    assert_string_equal(csv.rows[0].first_name, "Jan"); /* roepnaam over voornaam */
    assert_string_equal(csv.rows[0].last_name, "van Dijk");
    assert_int_equal(csv.rows[0].grade, 5);            /* jaargroep over groep … */
    assert_string_equal(csv.rows[0].class_name, "5B"); /* … which becomes the class */
    assert_true(csv.has_class);
    assert_false(csv.has_priority);
    assert_string_equal(csv.rows[1].first_name, "Maria"); /* roepnaam empty: the voornaam */
    assert_int_equal(csv.rows[1].grade, 4);
    assert_string_equal(csv.rows[1].last_name, "Smit");
}

static void csv_header_variants_case_and_spacing(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "LEERLING NUMMER,  voornaam ,Achter-naam,GROEP,Klas,Doelgroep\n"
                           "1001,Sara,Bakker,6,6A,x\n",
                           &csv),
                     0);
    assert_string_equal(csv.rows[0].first_name, "Sara");
    assert_true(csv.rows[0].priority);
    assert_int_equal(parse(state, "Leerlingnr;Voornaam;Achternaam;Leerjaar\n7;A;B;2\n", &csv),
                     0);
    assert_int_equal(csv.rows[0].grade, 2);
}

static void csv_missing_and_duplicate_columns(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state, "nummer;naam;groep\n1;Sara;6\n", &csv), 2);
    assert_message(&csv, "Kopregel: de kolom voornaam ontbreekt");
    assert_message(&csv, "Kopregel: de kolom achternaam ontbreekt");
    assert_int_equal(parse(state, "leerlingnummer;voornaam;achternaam;groep;groep\n1;A;B;3;3\n",
                           &csv),
                     1);
    assert_message(&csv, "de kolom groep staat er twee keer in");
    assert_int_equal(csv.n_rows, 0);
}

static void csv_bom_crlf_and_empty_lines(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "\xEF\xBB\xBF"
                           "\r\n"
                           "leerlingnummer;voornaam;achternaam;groep\r\n"
                           "\r\n"
                           "1001;Sara;Bakker;6\r\n"
                           ";;;\r\n"
                           "   \r\n"
                           "1002;Daan;Jong;5\r\n"
                           "\r\n",
                           &csv),
                     0);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.rows[0].number, "1001");
    assert_int_equal(csv.rows[0].line, 4);
    assert_string_equal(csv.rows[1].last_name, "Jong");
    assert_int_equal(csv.rows[1].line, 7);
    /* An old Mac line end (CR only) and no line end at the very end. */
    assert_int_equal(parse(state, "leerlingnummer;voornaam;achternaam;groep\r1;A;B;1\r2;C;D;2",
                           &csv),
                     0);
    assert_int_equal(csv.n_rows, 2);
    assert_int_equal(csv.rows[1].line, 3);
}

static void csv_too_many_columns(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "leerlingnummer;voornaam;achternaam;groep\n"
                           "1001;Sara;Bakker;6;extra\n"
                           "1002;Daan;Jong;5;;\n", /* empty extras (Excel) are fine */
                           &csv),
                     1);
    assert_message(&csv, "Regel 2: 5 kolommen, maar de kopregel heeft er 4");
}

static void csv_bad_values(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "leerlingnummer;voornaam;achternaam;groep;klas;doelgroep\n"
                           "1001;Sara;Bakker;9;6A;ja\n"        /* grade too high */
                           "1002;Daan;Jong;0;5A;nee\n"         /* grade too low */
                           "1003;Noor;Visser;x;3B;\n"          /* not a number */
                           "1004;Mila;Smit;5ab;;\n"            /* not a number */
                           "1005;Tim;Kok;;;\n"                 /* missing */
                           "10 06;Eva;Bos;3;;\n"               /* bad number */
                           ";Eva;Bos;3;;\n"                    /* missing number */
                           "1007;Eva;Bos;3;ABCDEFGHIJK;\n"     /* class too long */
                           "1008;Eva;Bos;3;;misschien\n"       /* priority not yes/no */
                           "1001;Sara;Bakker;6;6A;ja\n"        /* number again */
                           "1009;;;3;;\n",                     /* names missing */
                           &csv),
                     12);
    assert_message(&csv, "Regel 2: groep '9' is geen getal van 1 tot en met 8");
    assert_message(&csv, "Regel 3: groep '0'");
    assert_message(&csv, "Regel 4: groep 'x'");
    assert_message(&csv, "Regel 5: groep '5ab'");
    assert_message(&csv, "Regel 6: groep ontbreekt");
    assert_message(&csv, "Regel 7: leerlingnummer '10 06' mag alleen");
    assert_message(&csv, "Regel 8: leerlingnummer ontbreekt");
    assert_message(&csv, "Regel 9: klas is langer dan 10 tekens");
    assert_message(&csv, "Regel 10: doelgroep 'misschien' is geen ja of nee");
    assert_message(&csv, "Regel 11: leerlingnummer '1001' staat ook op regel 2");
    assert_message(&csv, "Regel 12: voornaam ontbreekt");
    assert_message(&csv, "Regel 12: achternaam ontbreekt");
    assert_int_equal(csv.n_rows, 0);
}

static void csv_grades_follow_the_school_kind(void **state)
{
    struct pupil_csv csv;
    const char *text = "leerlingnummer;voornaam;achternaam;leerjaar\n1;A;B;6\n2;C;D;7\n";
    assert_int_equal(pupil_csv_parse(arena_of(state), text, strlen(text), 6, &csv), 1);
    assert_message(&csv, "Regel 3: leerjaar '7' is geen getal van 1 tot en met 6");
    assert_int_equal(pupil_csv_parse(arena_of(state), text, strlen(text), 8, &csv), 0);
}

static void csv_long_names_and_limits(void **state)
{
    struct pupil_csv csv;
    char text[512];
    char name81[82];
    memset(name81, 'a', 81);
    name81[81] = '\0';
    snprintf(text, sizeof text, "leerlingnummer;voornaam;achternaam;groep\n1;%s;B;3\n2;A;%.80s;3\n",
             name81, name81);
    assert_int_equal(parse(state, text, &csv), 1);
    assert_message(&csv, "Regel 2: voornaam is langer dan 80 tekens");
    /* 80 characters of two bytes each are fine: characters, not bytes, count. */
    struct buf b = BUF_INIT;
    buf_puts(&b, "leerlingnummer;voornaam;achternaam;groep\n1;");
    for (int i = 0; i < 80; i++)
        buf_puts(&b, "\xc3\xa9");
    buf_puts(&b, ";B;3\n");
    assert_int_equal(parse(state, b.data, &csv), 0);
    buf_free(&b);
    assert_int_equal(parse(state, "leerlingnummer;voornaam;achternaam;groep\n"
                                  "123456789012345678901;A;B;3\n", &csv), 1);
    assert_message(&csv, "hoogstens 20 tekens");
}

static void csv_empty_inputs(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state, "", &csv), 1);
    assert_message(&csv, "Er staat niets in");
    assert_int_equal(parse(state, "\n\r\n  \n", &csv), 1);
    assert_int_equal(parse(state, "leerlingnummer;voornaam;achternaam;groep\n\n", &csv), 1);
    assert_message(&csv, "geen leerlingen onder de kopregel");
}

static void csv_row_limit_and_message_limit(void **state)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "leerlingnummer;voornaam;achternaam;groep\n");
    for (int i = 0; i < PUPIL_IMPORT_MAX_ROWS + 1; i++)
        buf_printf(&b, "%d;A;B;3\n", i);
    struct pupil_csv csv;
    assert_int_equal(pupil_csv_parse(arena_of(state), b.data, b.len, 8, &csv), 1);
    assert_message(&csv, "meer dan 5000 leerlingen");
    buf_reset(&b);
    buf_puts(&b, "leerlingnummer;voornaam;achternaam;groep\n");
    for (int i = 0; i < 35; i++)
        buf_printf(&b, "%d;A;B;99\n", i);
    assert_int_equal(pupil_csv_parse(arena_of(state), b.data, b.len, 8, &csv), 35);
    assert_int_equal(csv.n_messages, PUPIL_IMPORT_MAX_MESSAGES);
    assert_int_equal(csv.n_rows, 0);
    buf_free(&b);
}

/* Garbage must never crash the parser or produce rows with NULL strings. */
static void csv_garbage_does_not_crash(void **state)
{
    unsigned char bytes[600];
    for (int round = 0; round < 300; round++) {
        randombytes_buf(bytes, sizeof bytes);
        static const char pick[] = "\";,\t\r\n aA1\"\"";
        size_t len = 50 + (size_t)randombytes_uniform(500);
        char text[700];
        int n = snprintf(text, sizeof text, "leerlingnummer;voornaam;achternaam;groep\n");
        for (size_t i = 0; i < len; i++)
            text[n + i] = pick[bytes[i] % (sizeof pick - 1)];
        text[n + len] = '\0';
        struct pupil_csv csv;
        pupil_csv_parse(arena_of(state), text, strlen(text), 8, &csv);
        for (size_t i = 0; i < csv.n_rows; i++) {
            assert_non_null(csv.rows[i].number);
            assert_non_null(csv.rows[i].first_name);
            assert_non_null(csv.rows[i].last_name);
        }
    }
}

/* A file in Windows-1252 ("Mëlle" from an old export) is converted to UTF-8; UTF-8 with or
   without BOM is read as it is; a NUL byte or a byte 1252 does not define is refused before
   any row (found by tests/fuzz/fuzz_pupil_csv.c). */
static void csv_encodings(void **state)
{
    struct pupil_csv csv;
    static const char latin1[] = "Leerlingnummer;Roepnaam;Achternaam;Groep\r\n"
                                 "1001;Sara;Bakker;6\r\n"
                                 "1002;M\xeblle;Jong;5\r\n"
                                 "1003;Zo\xeb;\x8a\x9e;5\r\n"; /* Š and ž: 1252, not Latin-1 */
    assert_int_equal(pupil_csv_parse(arena_of(state), latin1, strlen(latin1), 8, &csv), 0);
    assert_string_equal(csv.encoding, "Windows-1252");
    assert_int_equal(csv.n_rows, 3);
    assert_string_equal(csv.rows[1].first_name, "M\xc3\xablle");
    assert_string_equal(csv.rows[2].last_name, "\xc5\xa0\xc5\xbe");
    static const char nul[] = "leerlingnummer;voornaam;achternaam;groep\n1001;Sa\0ra;Bakker;6\n";
    assert_int_equal(pupil_csv_parse(arena_of(state), nul, sizeof nul - 1, 8, &csv), 1);
    assert_message(&csv, "geen tekstbestand");
    static const char undefined[] = "leerlingnummer;voornaam;achternaam;groep\n1001;Sa\x81ra;B;6\n";
    assert_int_equal(pupil_csv_parse(arena_of(state), undefined, strlen(undefined), 8, &csv), 1);
    assert_message(&csv, "geen UTF-8- of Windows-1252-tekst");
    static const char good[] = "leerlingnummer;voornaam;achternaam;groep\n1002;M\xc3\xablle;Jong;5\n";
    assert_int_equal(pupil_csv_parse(arena_of(state), good, strlen(good), 8, &csv), 0);
    assert_string_equal(csv.encoding, "UTF-8");
    assert_string_equal(csv.rows[0].first_name, "M\xc3\xablle");
    static const char bom[] = "\xEF\xBB\xBFleerlingnummer,voornaam,achternaam,groep\n1002,M\xc3\xablle,Jong,5\n";
    assert_int_equal(pupil_csv_parse(arena_of(state), bom, strlen(bom), 8, &csv), 0);
    assert_string_equal(csv.encoding, "UTF-8 met BOM");
    assert_int_equal(csv.separator, ',');
    assert_string_equal(csv.rows[0].number, "1002");
}

/* The exports' own headers: ParnasSys (Roepnaam, Voorvoegsel, Jaargroep beside Groep 5A),
   ESIS (Voornamen, Tussenvoegsel, Klas), Magister with commas and quotes around every field. */
static void csv_export_headers(void **state)
{
    struct pupil_csv csv;
    assert_int_equal(parse(state,
                           "Leerlingnummer;Roepnaam;Voornamen;Voorvoegsel;Achternaam;Jaargroep;Groep\n"
                           "1001;Sara;Sara Maria;van der;Berg;5;5A\n",
                           &csv),
                     0);
    assert_string_equal(csv.rows[0].last_name, "van der Berg");
    assert_string_equal(csv.rows[0].class_name, "5A");
    assert_int_equal(csv.rows[0].grade, 5);
    assert_int_equal(parse(state,
                           "LEERLINGNUMMER ; Voornamen ; Tussenvoegsel ; Achternaam ; Groep ; Klas\n"
                           "1002;Daan;de;Jong;Groep 7;7b\n",
                           &csv),
                     0);
    assert_string_equal(csv.rows[0].first_name, "Daan");
    assert_int_equal(csv.rows[0].grade, 7);
    assert_int_equal(parse(state,
                           "\"Leerlingnummer\",\"Roepnaam\",\"Achternaam\",\"Klas\",\"Groep\"\r\n"
                           "\"1003\",\"Noor, \"\"Nono\"\"\",\"Visser\",\"3B\",\"3B\"\r\n"
                           "\"1004\",\"Tim\",\"Kok\nJansen\",\"3B\",\"3\"\r\n"
                           "\"1005\",\"Eva\",\"Bos\",\"3B\",\"3\"\r\n",
                           &csv),
                     1);
    assert_message(&csv, "Regel 3: achternaam bevat ongeldige tekens");
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.rows[0].first_name, "Noor, \"Nono\"");
    assert_int_equal(csv.rows[1].line, 5); /* the quoted line break counts */
}

/* Unknown column names: the import asks which column is which, and the choice works. */
static void csv_mapping(void **state)
{
    struct pupil_csv csv;
    const char *text = "Nr;Naam;Familie;Leerjaar\n1001;Sara;Bakker;6\n1002;Daan;Jong;5\n";
    assert_true(parse(state, text, &csv) > 0);
    assert_true(csv.needs_mapping);
    assert_int_equal(csv.n_header, 4);
    assert_string_equal(csv.header[1], "Naam");
    struct pupil_csv_map map = {{1, 2, 3, 0}};
    assert_int_equal(pupil_csv_parse_mapped(arena_of(state), text, strlen(text), 8, &map, &csv), 0);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.rows[1].last_name, "Jong");
    assert_int_equal(csv.rows[1].grade, 5);
    struct pupil_csv_map beyond = {{1, 2, 9, 0}};
    assert_true(pupil_csv_parse_mapped(arena_of(state), text, strlen(text), 8, &beyond, &csv) > 0);
    assert_message(&csv, "kolom 9 voor achternaam bestaat niet");
}

/* Every error is listed with its line; a line too long and ragged lines are errors. */
static void csv_errors_by_line(void **state)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "leerlingnummer;voornaam;achternaam;groep\n1001;A;B;3\n1002;");
    for (int i = 0; i < PUPIL_IMPORT_LINE_MAX; i++)
        buf_putc(&b, 'x');
    buf_puts(&b, ";B;3\n1003;A;B;3;extra\n1004;A\n1005;A;B;4;\n");
    struct pupil_csv csv;
    assert_int_equal(pupil_csv_parse(arena_of(state), b.data, b.len, 8, &csv), 4);
    assert_int_equal(csv.n_listed, 4);
    assert_int_equal(csv.errors[0].line, 3);
    assert_string_equal(csv.errors[0].message, "de regel is langer dan 4000 tekens.");
    assert_int_equal(csv.errors[1].line, 4);
    assert_int_equal(csv.errors[2].line, 5); /* a short line: achternaam and groep missing */
    assert_int_equal(csv.errors[3].line, 5);
    assert_int_equal(csv.n_rows, 2); /* 1001, and 1005 whose empty extra field is fine */
    assert_int_equal(parse(state, "leerlingnummer;voornaam;achternaam;groep\r\n", &csv), 1);
    assert_message(&csv, "geen leerlingen onder de kopregel");
    assert_int_equal(parse(state, "", &csv), 1);
    assert_message(&csv, "Er staat niets in");
    assert_int_equal(parse(state, "\xEF\xBB\xBF\r\n\r\n", &csv), 1);
    assert_message(&csv, "Er staat niets in");
    buf_free(&b);
}

/* ---- the writes --------------------------------------------------------------------------- */

static struct pupil_fields sara(void)
{
    return (struct pupil_fields){.school_id = 1, .number = "1001", .first_name = "Sara",
                                 .last_name = "Bakker", .grade = 6, .class_name = "6A",
                                 .priority = true, .safety_notes = "Pinda-allergie"};
}

static void create_writes_pupil_key_code_and_audit(void **state)
{
    struct db *db = db_of(state);
    struct pupil_fields p = sara();
    int64_t id = 0;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
    assert_true(id > 0);
    sqlite3_stmt *st = db_stmt(db, "SELECT key, link_code, safety_notes, left_on IS NULL, grade"
                                   " FROM pupils WHERE id = ?1");
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "noord-1001");
    assert_true(link_code_valid(db_col_text(st, 1)));
    assert_string_equal(db_col_text(st, 2), "Pinda-allergie");
    assert_int_equal(sqlite3_column_int(st, 3), 1);
    assert_int_equal(sqlite3_column_int(st, 4), 6);
    sqlite3_reset(st);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'create'"
                               " AND entity = 'pupils' AND user_id = 7"),
                     1);
    /* The same number at the same school: refused, nothing written. */
    int64_t changes = count(db, "SELECT total_changes()");
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_DUPLICATE_NUMBER);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 1);
    assert_int_equal(count(db, "SELECT total_changes()"), changes);
    /* At another school it is fine. */
    p.school_id = 2;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
    /* An unknown school. */
    p.school_id = 99;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_NOT_FOUND);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils"), 2);
}

static void create_finds_a_free_key(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(db_exec(db, "INSERT INTO pupils (key, school_id, number, first_name,"
                                 " last_name, grade) VALUES ('noord-A1', 2, 'x', 'A', 'B', 3)"),
                     0);
    struct pupil_fields p = sara();
    p.number = "A1";
    int64_t id;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE key = 'noord-A1-2'"), 1);
    p.number = "A2";
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE key = 'noord-A2'"), 1);
}

static void update_changes_fields_keeps_notes_when_null(void **state)
{
    struct db *db = db_of(state);
    struct pupil_fields p = sara();
    int64_t id, other;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
    p.number = "1002";
    assert_int_equal(pupil_create(db, 7, &p, &other), PUPIL_OK);
    struct pupil_fields u = sara();
    u.grade = 7;
    u.class_name = "";
    u.priority = false;
    u.safety_notes = NULL; /* keep */
    u.left_on = "2026-07-01";
    assert_int_equal(pupil_update(db, 7, id, &u), PUPIL_OK);
    sqlite3_stmt *st = db_stmt(db, "SELECT grade, class, priority, safety_notes, left_on, key"
                                   " FROM pupils WHERE id = ?1");
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 7);
    assert_string_equal(db_col_text(st, 1), "");
    assert_int_equal(sqlite3_column_int(st, 2), 0);
    assert_string_equal(db_col_text(st, 3), "Pinda-allergie");
    assert_string_equal(db_col_text(st, 4), "2026-07-01");
    assert_string_equal(db_col_text(st, 5), "noord-1001");
    sqlite3_reset(st);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'update'"), 1);
    /* Taking the number of the other pupil: refused, nothing changed. */
    u.number = "1002";
    u.grade = 2;
    assert_int_equal(pupil_update(db, 7, id, &u), PUPIL_DUPLICATE_NUMBER);
    assert_int_equal(count(db, "SELECT grade FROM pupils WHERE number = '1001'"), 7);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'update'"), 1);
    assert_int_equal(pupil_update(db, 7, 999, &u), PUPIL_NOT_FOUND);
    /* Empty notes clear them; an empty left_on is NULL. */
    u.number = "1001";
    u.safety_notes = "";
    u.left_on = "";
    assert_int_equal(pupil_update(db, 7, id, &u), PUPIL_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE id = 1 AND safety_notes = ''"
                               " AND left_on IS NULL"),
                     1);
}

static void renew_link_code_replaces_it(void **state)
{
    struct db *db = db_of(state);
    struct pupil_fields p = sara();
    int64_t id;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
    sqlite3_stmt *st = db_stmt(db, "SELECT link_code FROM pupils WHERE id = 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char before[LINK_CODE_SIZE];
    snprintf(before, sizeof before, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    char code[LINK_CODE_SIZE];
    assert_int_equal(pupil_renew_link_code(db, 7, id, code), PUPIL_OK);
    assert_true(link_code_valid(code));
    assert_string_not_equal(code, before);
    st = db_stmt(db, "SELECT link_code FROM pupils WHERE id = 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), code);
    sqlite3_reset(st);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'update'"
                               " AND detail = 'nieuwe koppelcode' AND entity_id = 1"),
                     1);
    assert_int_equal(pupil_renew_link_code(db, 7, 999, code), PUPIL_NOT_FOUND);
}

/* ---- the import --------------------------------------------------------------------------- */

static int import_text(void **state, int64_t school, const char *text,
                       struct pupil_import_counts *n)
{
    struct pupil_csv csv;
    if (pupil_csv_parse(arena_of(state), text, strlen(text), 8, &csv))
        return -2;
    return pupils_import(db_of(state), 7, school, &csv, false, n);
}

static void import_counts_new_updated_unchanged(void **state)
{
    struct db *db = db_of(state);
    struct pupil_import_counts n;
    assert_int_equal(import_text(state, 1,
                                 "leerlingnummer;voornaam;achternaam;groep;klas;doelgroep\n"
                                 "1001;Sara;Bakker;6;6A;ja\n"
                                 "1002;Daan;de Jong;5;5A;nee\n"
                                 "1003;Noor;Visser;3;3B;\n",
                                 &n),
                     0);
    assert_int_equal(n.created, 3);
    assert_int_equal(n.updated, 0);
    assert_int_equal(n.unchanged, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE school_id = 1"
                               " AND link_code IS NOT NULL AND key LIKE 'noord-%'"),
                     3);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE detail = 'import'"), 3);
    /* Next year: Sara up a grade, Daan the same, Noor not in the list (kept), Tim new. */
    assert_int_equal(import_text(state, 1,
                                 "leerlingnummer;voornaam;achternaam;groep;klas;doelgroep\n"
                                 "1001;Sara;Bakker;7;7A;ja\n"
                                 "1002;Daan;de Jong;5;5A;nee\n"
                                 "1004;Tim;Kok;1;1A;ja\n",
                                 &n),
                     0);
    assert_int_equal(n.created, 1);
    assert_int_equal(n.updated, 1);
    assert_int_equal(n.unchanged, 1);
    assert_int_equal(count(db, "SELECT grade FROM pupils WHERE number = '1001'"), 7);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE school_id = 1"), 4);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE detail = 'import'"), 5);
    /* Without class and priority columns the stored values stay. */
    assert_int_equal(import_text(state, 1,
                                 "leerlingnummer;voornaam;achternaam;groep\n"
                                 "1001;Sara;Bakker;7\n",
                                 &n),
                     0);
    assert_int_equal(n.unchanged, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE number = '1001'"
                               " AND class = '7A' AND priority = 1"),
                     1);
    /* The same number at another school is another pupil. */
    assert_int_equal(import_text(state, 2, "leerlingnummer;voornaam;achternaam;groep\n"
                                           "1001;Mila;Smit;4\n",
                                 &n),
                     0);
    assert_int_equal(n.created, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE key = 'zuid-1001'"), 1);
}

/* The preview says per row new / changed (which fields) / unchanged and who a full import
   would mark as left, and writes nothing; the same file twice changes nothing; a full import
   marks the missing as left, and one who comes back in a later file is at school again. */
static void import_preview_twice_and_mark_left(void **state)
{
    struct db *db = db_of(state);
    struct pupil_import_counts n;
    const char *first = "leerlingnummer;voornaam;achternaam;groep;klas\n"
                        "1001;Sara;Bakker;6;6A\n1002;Daan;Jong;5;5A\n1003;Noor;Visser;3;3B\n";
    assert_int_equal(import_text(state, 1, first, &n), 0);
    assert_int_equal(import_text(state, 2, "leerlingnummer;voornaam;achternaam;groep\n"
                                           "9001;Mila;Smit;4\n", &n), 0);
    const char *second = "leerlingnummer;voornaam;achternaam;groep;klas\n"
                         "1001;Sara;Bakker;7;7A\n1002;Daan;Jong;5;5A\n1004;Tim;Kok;1;1A\n";
    struct pupil_csv csv;
    assert_int_equal(pupil_csv_parse(arena_of(state), second, strlen(second), 8, &csv), 0);
    int64_t changes = count(db, "SELECT total_changes()");
    struct pupil_import_preview pv;
    assert_int_equal(pupils_import_preview(db, arena_of(state), 1, &csv, &pv), 0);
    assert_int_equal(count(db, "SELECT total_changes()"), changes); /* nothing written */
    assert_int_equal(pv.n_lines, 3);
    assert_int_equal(pv.lines[0].status, PUPIL_IMPORT_CHANGED);
    assert_int_equal(pv.lines[0].changes, PUPIL_CHANGE_GRADE | PUPIL_CHANGE_CLASS);
    assert_int_equal(pv.lines[1].status, PUPIL_IMPORT_UNCHANGED);
    assert_int_equal(pv.lines[2].status, PUPIL_IMPORT_NEW);
    assert_int_equal(pv.created + pv.changed + pv.unchanged, 3);
    assert_int_equal(pv.leaving, 1); /* Noor; Mila is of another school */
    /* Confirm as a full import: Noor has left today, Mila not. */
    assert_int_equal(pupils_import(db, 7, 1, &csv, true, &n), 0);
    assert_int_equal(n.created, 1);
    assert_int_equal(n.updated, 1);
    assert_int_equal(n.unchanged, 1);
    assert_int_equal(n.left, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE number = '1003'"
                               " AND left_on = date('now', 'localtime')"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE left_on IS NOT NULL"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE detail = 'import: left'"), 1);
    /* The same file twice: nothing changes, nobody more leaves. */
    changes = count(db, "SELECT total_changes()");
    assert_int_equal(pupils_import_preview(db, arena_of(state), 1, &csv, &pv), 0);
    assert_int_equal(pv.unchanged, 3);
    assert_int_equal(pv.leaving, 0);
    assert_int_equal(pupils_import(db, 7, 1, &csv, true, &n), 0);
    assert_int_equal(n.unchanged, 3);
    assert_int_equal(n.created + n.updated + n.left, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE left_on IS NOT NULL"), 1);
    /* Noor is back in the first file: changed (returned), at school again. */
    struct pupil_csv back;
    assert_int_equal(pupil_csv_parse(arena_of(state), first, strlen(first), 8, &back), 0);
    assert_int_equal(pupils_import_preview(db, arena_of(state), 1, &back, &pv), 0);
    assert_int_equal(pv.lines[2].status, PUPIL_IMPORT_CHANGED);
    assert_int_equal(pv.lines[2].changes, PUPIL_CHANGE_RETURNED);
    assert_int_equal(pv.leaving, 1); /* Tim */
    assert_int_equal(pupils_import(db, 7, 1, &back, false, &n), 0);
    assert_int_equal(n.left, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE left_on IS NOT NULL"), 0);
}

static void import_writes_nothing_on_a_bad_row(void **state)
{
    struct db *db = db_of(state);
    int64_t changes = count(db, "SELECT total_changes()");
    const char *text = "leerlingnummer;voornaam;achternaam;groep\n"
                       "1001;Sara;Bakker;6\n"
                       "1002;Daan;de Jong;x\n"
                       "1003;Noor;Visser;3\n";
    struct pupil_csv csv;
    assert_int_equal(pupil_csv_parse(arena_of(state), text, strlen(text), 8, &csv), 1);
    struct pupil_import_counts n;
    assert_int_equal(pupils_import(db, 7, 1, &csv, false, &n), -1); /* refused while errors */
    assert_int_equal(n.created + n.updated + n.unchanged, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 0);
    assert_int_equal(count(db, "SELECT total_changes()"), changes);
}

static void import_writes_nothing_on_a_failure_midway(void **state)
{
    struct db *db = db_of(state);
    /* A database failure on the third row must undo the first two. */
    assert_int_equal(db_exec(db, "CREATE TEMP TRIGGER fail_1003 BEFORE INSERT ON pupils"
                                 " WHEN NEW.number = '1003'"
                                 " BEGIN SELECT RAISE(ABORT, 'test'); END"),
                     0);
    struct pupil_import_counts n;
    assert_int_equal(import_text(state, 1,
                                 "leerlingnummer;voornaam;achternaam;groep\n"
                                 "1001;Sara;Bakker;6\n1002;Daan;de Jong;5\n1003;Noor;Visser;3\n",
                                 &n),
                     -1);
    assert_int_equal(n.created, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 0);
    /* An unknown school: nothing either. */
    assert_int_equal(import_text(state, 99, "leerlingnummer;voornaam;achternaam;groep\n1;A;B;1\n",
                                 &n),
                     -1);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils"), 0);
    /* And the write lock was released: a write works afterwards. */
    struct pupil_fields p = sara();
    int64_t id;
    assert_int_equal(pupil_create(db, 7, &p, &id), PUPIL_OK);
}

static void checks_of_numbers_and_grades(void **state)
{
    (void)state;
    assert_true(pupil_number_valid("1001"));
    assert_true(pupil_number_valid("A-12.3_b"));
    assert_true(pupil_number_valid("12345678901234567890"));
    assert_false(pupil_number_valid(""));
    assert_false(pupil_number_valid("123456789012345678901"));
    assert_false(pupil_number_valid("10 01"));
    assert_false(pupil_number_valid("10/01"));
    assert_false(pupil_number_valid("\xc3\xa9"));
    assert_int_equal(pupil_grade_max("po"), 8);
    assert_int_equal(pupil_grade_max("vo"), 6);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(link_code_has_the_format_and_alphabet),
        cmocka_unit_test(link_code_valid_refuses_other_forms),
        cmocka_unit_test(link_code_normalize_accepts_what_parents_type),
        cmocka_unit_test_setup_teardown(link_codes_are_unique_over_10000_pupils, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(csv_semicolons_with_all_columns, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_quotes_commas_and_escapes, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_quoted_line_break_counts_lines, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_quote_errors, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_header_variants, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_header_variants_case_and_spacing, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_missing_and_duplicate_columns, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_bom_crlf_and_empty_lines, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_too_many_columns, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_bad_values, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_grades_follow_the_school_kind, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_long_names_and_limits, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_empty_inputs, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_row_limit_and_message_limit, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(csv_garbage_does_not_crash, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_encodings, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_export_headers, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_mapping, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(csv_errors_by_line, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(create_writes_pupil_key_code_and_audit, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(create_finds_a_free_key, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(update_changes_fields_keeps_notes_when_null, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(renew_link_code_replaces_it, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(import_counts_new_updated_unchanged, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(import_preview_twice_and_mark_left, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(import_writes_nothing_on_a_bad_row, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(import_writes_nothing_on_a_failure_midway, db_setup,
                                        db_teardown),
        cmocka_unit_test(checks_of_numbers_and_grades),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
