/* libFuzzer harness: the CSV reader of the pupil import (pupil_csv_parse_mapped, libcsv under
   it; the second byte picks a hand-made column choice or none). Any bytes give
   either errors (each with a message, at most PUPIL_IMPORT_MAX_MESSAGES kept) or rows whose
   texts are valid UTF-8 without control characters, with a number, both names and a grade
   from 1 to the maximum, and numbers that differ. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "domain/people/pupils.h"
#include "util/arena.h"
#include "util/utf8.h"

static void assert_text(const char *s, bool required)
{
    if (!s) {
        assert(!required);
        return;
    }
    assert(!required || *s);
    assert(utf8_valid(s, strlen(s)));
    for (const char *p = s; *p; p++)
        assert((unsigned char)*p >= 0x20 && *p != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena arena = ARENA_INIT;
    struct pupil_csv csv;
    memset(&csv, 0, sizeof csv);
    int grade_max = size ? 6 + data[0] % 3 : 8;
    struct pupil_csv_map map = {{0}};
    if (size > 1 && data[1] % 4 == 0)
        for (int k = 0; k < PUPIL_CSV_MAPPED; k++)
            map.column[k] = (data[1] >> (k + 2)) % 6;
    size_t errors = pupil_csv_parse_mapped(&arena, (const char *)data, size, grade_max,
                                           size > 1 && data[1] % 4 == 0 ? &map : NULL, &csv);
    assert(errors == csv.n_errors);
    assert(csv.n_messages <= csv.n_errors);
    assert(csv.n_listed <= csv.n_errors && csv.n_listed <= PUPIL_IMPORT_MAX_LISTED);
    for (size_t i = 0; i < csv.n_listed; i++)
        assert(csv.errors[i].line >= 0 &&
               utf8_valid(csv.errors[i].message, strlen(csv.errors[i].message)));
    for (size_t i = 0; i < csv.n_header; i++)
        assert(utf8_valid(csv.header[i], strlen(csv.header[i])));
    for (size_t i = 0; i < csv.n_messages; i++)
        assert(csv.messages[i] && utf8_valid(csv.messages[i], strlen(csv.messages[i])));
    if (errors == 0) {
        for (size_t i = 0; i < csv.n_rows; i++) {
            const struct pupil_row *row = &csv.rows[i];
            assert_text(row->number, true);
            assert_text(row->first_name, true);
            assert_text(row->last_name, true);
            assert_text(row->class_name, false);
            assert(row->grade >= 1 && row->grade <= grade_max);
            for (size_t k = 0; k < i; k++)
                assert(strcmp(row->number, csv.rows[k].number) != 0);
        }
    }
    arena_free(&arena);
    return 0;
}
