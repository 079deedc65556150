/* Pupils: link codes, creating and changing pupils, and the CSV import of the school
   administration's export (PRODUCT.md rule 8: only names, grade, class, the school's pupil
   number, priority, safety notes, link code and the date a pupil left; never a BSN). */
#ifndef VERRIJKT_DOMAIN_PUPILS_H
#define VERRIJKT_DOMAIN_PUPILS_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"

struct arena;
struct db;

enum {
    PUPIL_NUMBER_MAX = 20,  /* characters */
    PUPIL_NAME_MAX = 80,
    PUPIL_CLASS_MAX = 10,
    PUPIL_NOTES_MAX = 500,
    PUPIL_IMPORT_MAX_ROWS = 5000,
    PUPIL_IMPORT_MAX_MESSAGES = 20,
    PUPIL_IMPORT_MAX_LISTED = PUPIL_IMPORT_MAX_ROWS + 100, /* errors listed with their line */
    PUPIL_IMPORT_LINE_MAX = 4000,  /* bytes on one line of an import file */
    LINK_CODE_SIZE = 10, /* "XXXX-XXXX" and the NUL */
};

/* The characters of a link code: no 0/O, 1/I/L that people mix up. 31 symbols, so the 8 of a
   code carry 8 × log2(31) ≈ 39.6 bits. */
#define LINK_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/* ---- link codes --------------------------------------------------------------------------- */

/* A random code "XXXX-XXXX" from LINK_CODE_ALPHABET (libsodium randombytes_uniform) in out.
   Not checked against the database: see link_code_fresh. */
void link_code_random(char out[LINK_CODE_SIZE]);
/* True when s is exactly a code in the canonical form "XXXX-XXXX" of the alphabet. */
bool link_code_valid(const char *s);
/* The canonical form of what a parent typed: case and spaces ignored, the dash optional.
   0 with the code in out, -1 when it cannot be a code. */
int link_code_normalize(const char *typed, char out[LINK_CODE_SIZE]);
/* A random code that no pupil holds yet, in out. Call inside the write transaction that stores
   it. 0 or -1 (database error). */
int link_code_fresh(struct db *db, char out[LINK_CODE_SIZE]);

/* ---- single pupils ------------------------------------------------------------------------ */

/* The highest grade at a school of this kind: groep 8 in "po", leerjaar 6 in "vo". */
int pupil_grade_max(const char *school_kind);
/* A pupil number: 1–20 letters, digits, '.', '-' or '_'. */
bool pupil_number_valid(const char *number);

/* What a form or an import gives for one pupil. Strings are borrowed. */
struct pupil_fields {
    int64_t school_id;        /* pupil_create only; the school is fixed afterwards */
    const char *number;
    const char *first_name;
    const char *last_name;
    int grade;
    const char *class_name;   /* "" when none */
    bool priority;
    const char *safety_notes; /* "" when none; NULL on update = keep the stored notes */
    const char *left_on;      /* "YYYY-MM-DD", or NULL / "" when still at school */
};

/* The outcomes of domain/outcome.h used here, and the pupil's own. */
enum pupil_result {
    PUPIL_OK = OUTCOME_OK,
    PUPIL_FAILED = OUTCOME_FAILED,          /* database error (logged) */
    PUPIL_NOT_FOUND = OUTCOME_NOT_FOUND,    /* no such pupil, or (create) no such school */
    PUPIL_DUPLICATE_NUMBER = OUTCOME_AREA,  /* another pupil of the school has this number */
};

/* Insert a pupil with a fresh link code and the key "<school key>-<number>" (a suffix "-2",
   "-3", … when that key is taken), audited, in one transaction. *id_out gets the new id on
   PUPIL_OK. */
enum pupil_result pupil_create(struct db *db, int64_t user_id, const struct pupil_fields *p,
                               int64_t *id_out);
/* Change pupil id (not its school or key), audited, in one transaction. */
enum pupil_result pupil_update(struct db *db, int64_t user_id, int64_t id,
                               const struct pupil_fields *p);
/* Replace the pupil's link code by a fresh one (into out), audited, in one transaction.
   Parents already linked stay linked. */
enum pupil_result pupil_renew_link_code(struct db *db, int64_t user_id, int64_t id,
                                        char out[LINK_CODE_SIZE]);

/* ---- CSV import --------------------------------------------------------------------------- */

/* One valid row of an import. Strings are owned by the arena given to pupil_csv_parse. */
struct pupil_row {
    int line; /* where the row starts in the text, 1 = the first line */
    const char *number, *first_name, *last_name, *class_name;
    int grade;
    bool priority;
};

/* One error of an import with the line it is on (0: the file as a whole). */
struct pupil_csv_error {
    int line;
    const char *message; /* Dutch, without the line number */
};

/* The columns a coordinator may choose by hand when the header's names are not understood. */
enum pupil_csv_column {
    PUPIL_CSV_NUMBER,
    PUPIL_CSV_FIRST_NAME,
    PUPIL_CSV_LAST_NAME,
    PUPIL_CSV_GRADE,
    PUPIL_CSV_MAPPED
};

/* The hand-made choice: per column 0 = found by the header's name, n = the file's n-th column
   (1 = the first). */
struct pupil_csv_map {
    int column[PUPIL_CSV_MAPPED];
};

struct pupil_csv {
    struct pupil_row *rows; /* arena-owned; valid only when n_errors is 0 */
    size_t n_rows;
    bool has_class, has_priority; /* columns present: otherwise stored values are kept */
    char separator;               /* ';', ',' or '\t' as detected in the header */
    const char *encoding;         /* "UTF-8", "UTF-8 met BOM" or "Windows-1252" */
    const char **header;          /* the header's names, trimmed (arena-owned) */
    size_t n_header;
    int header_line;
    bool needs_mapping; /* a required column was not found: ask which column is which */
    const char **messages;        /* the first PUPIL_IMPORT_MAX_MESSAGES errors, in Dutch */
    size_t n_messages;
    struct pupil_csv_error *errors; /* the first PUPIL_IMPORT_MAX_LISTED errors, by line */
    size_t n_listed;
    size_t n_errors;              /* all errors, also those beyond the messages kept */
};

/* Parse the export of a school administration (ParnasSys, ESIS, Magister): a header row naming
   the columns (leerlingnummer, roepnaam/voornamen, tussenvoegsel/voorvoegsel, achternaam,
   groep/jaargroep/leerjaar, klas, doelgroep and common variants; case and spaces ignored;
   other columns ignored), then one pupil per row, read with libcsv. Separator ';', ',' or tab
   as the header uses most; quoted fields (with separators, "" and line breaks inside); CRLF;
   UTF-8 with or without BOM, or else Windows-1252 (converted). A grade may be "5", "groep 5"
   or "5A" (the number counts). Every row is checked (grades against grade_max, numbers unique
   within the text, at most PUPIL_IMPORT_MAX_ROWS rows, lines at most PUPIL_IMPORT_LINE_MAX
   bytes). Everything allocated comes from a. Returns out->n_errors (0 = every row is good). */
size_t pupil_csv_parse(struct arena *a, const char *text, size_t len, int grade_max,
                       struct pupil_csv *out);
/* The same with the columns of map chosen by hand (NULL: none). A chosen column beyond the
   header is an error. */
size_t pupil_csv_parse_mapped(struct arena *a, const char *text, size_t len, int grade_max,
                              const struct pupil_csv_map *map, struct pupil_csv *out);

struct pupil_import_counts {
    int created, updated, unchanged;
    int left; /* pupils of the school missing from a full import, now marked as left */
    /* The ids of the pupils created, first_new_id … last_new_id (one transaction, so no other
       pupil lies between them); both 0 when none was created. */
    int64_t first_new_id, last_new_id;
};

/* Write a parsed import (n_errors must be 0) for school_id in one BEGIN IMMEDIATE transaction:
   a pupil with the same number at the school is updated (class and priority only when their
   column was there; one who had left is back, left_on cleared), others are created with a
   fresh link code. With mark_left (a full import), the school's pupils not in the file who had
   not left get left_on = today. Each change is audited. 0, or -1 with nothing written. */
int pupils_import(struct db *db, int64_t user_id, int64_t school_id, const struct pupil_csv *csv,
                  bool mark_left, struct pupil_import_counts *counts);

/* ---- the preview of an import (nothing written) ------------------------------------------- */

enum pupil_import_status { PUPIL_IMPORT_NEW, PUPIL_IMPORT_CHANGED, PUPIL_IMPORT_UNCHANGED };

/* What an import would change of a pupil (bits). */
enum pupil_import_change {
    PUPIL_CHANGE_FIRST_NAME = 1 << 0,
    PUPIL_CHANGE_LAST_NAME = 1 << 1,
    PUPIL_CHANGE_GRADE = 1 << 2,
    PUPIL_CHANGE_CLASS = 1 << 3,
    PUPIL_CHANGE_PRIORITY = 1 << 4,
    PUPIL_CHANGE_RETURNED = 1 << 5, /* had left: is at school again */
};

struct pupil_import_line {
    const struct pupil_row *row; /* in the parsed csv */
    enum pupil_import_status status;
    unsigned changes; /* enum pupil_import_change bits when PUPIL_IMPORT_CHANGED */
};

struct pupil_import_preview {
    struct pupil_import_line *lines; /* one per good row of the csv, arena-owned */
    size_t n_lines;
    int created, changed, unchanged;
    int leaving; /* pupils a full import would mark as left */
};

/* What importing csv's good rows for school_id would do, without writing. 0, or -1 on a
   database error. */
int pupils_import_preview(struct db *db, struct arena *a, int64_t school_id,
                          const struct pupil_csv *csv, struct pupil_import_preview *out);

#endif
