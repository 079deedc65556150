/* verrijkt import-pupils --db PATH --school KEY FILE.csv [--dry-run] [--mark-left]: the pupil
   import of /pupils/import from the command line. The file is read as the upload is (libcsv,
   encodings, separators, the exports' column names); --dry-run prints the preview (per line
   new / changed / unchanged / error) and writes nothing; otherwise a file without errors is
   written in one transaction, and --mark-left marks the school's pupils missing from it as
   left today. Exit status: 0 done, 1 errors in the file (nothing written) or a failure, 2 usage. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "domain/offer/schools.h"
#include "domain/people/pupils.h"
#include "pages/pages.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/file.h"

struct import_args {
    const char *db, *school, *file;
    bool dry_run, mark_left;
};

/* 0, or -1 when the arguments are not understood. */
static int parse_args(int argc, char **argv, struct import_args *a)
{
    *a = (struct import_args){0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc)
            a->db = argv[++i];
        else if (!strcmp(argv[i], "--school") && i + 1 < argc)
            a->school = argv[++i];
        else if (!strcmp(argv[i], "--dry-run"))
            a->dry_run = true;
        else if (!strcmp(argv[i], "--mark-left"))
            a->mark_left = true;
        else if (argv[i][0] != '-' && !a->file)
            a->file = argv[i];
        else
            return -1;
    }
    return a->db && a->school && a->file ? 0 : -1;
}

static void print_errors(const struct pupil_csv *csv)
{
    for (size_t i = 0; i < csv->n_listed; i++) {
        if (csv->errors[i].line > 0)
            printf("regel %d: fout: %s\n", csv->errors[i].line, csv->errors[i].message);
        else
            printf("fout: %s\n", csv->errors[i].message);
    }
    if (csv->n_errors > csv->n_listed)
        printf("en %zu fouten meer\n", csv->n_errors - csv->n_listed);
}

static void print_preview(struct arena *a, const struct pupil_csv *csv,
                          const struct pupil_import_preview *pv, int grade_max)
{
    static const char *const status[] = {"nieuw", "gewijzigd", "ongewijzigd"};
    printf("%d nieuw, %d gewijzigd, %d ongewijzigd, %zu fouten; %d leerlingen staan niet in het"
           " bestand (--mark-left markeert hen als vertrokken)\n",
           pv->created, pv->changed, pv->unchanged, csv->n_errors, pv->leaving);
    printf("tekenset %s, scheidingsteken '%s'\n", csv->encoding,
           csv->separator == '\t' ? "tab" : (char[2]){csv->separator, 0});
    for (size_t i = 0; i < pv->n_lines; i++) {
        const struct pupil_import_line *l = &pv->lines[i];
        printf("regel %d: %s %s %s: %s%s%s\n", l->row->line, l->row->number,
               l->row->first_name, l->row->last_name, status[l->status],
               l->status == PUPIL_IMPORT_CHANGED ? " " : "",
               l->status == PUPIL_IMPORT_CHANGED
                   ? pupil_import_changes_words(a, l->changes, grade_max)
                   : "");
    }
    print_errors(csv);
}

/* Parse, preview or write. The exit status. */
static int run_import(struct db *db, const struct import_args *args, const struct buf *text)
{
    int64_t school_id =
        db_int_text(db, "SELECT id FROM schools WHERE key = ?1", args->school, 0, 0, 0);
    char kind[3] = "po";
    if (school_id <= 0 || school_kind_of(db, school_id, kind) <= 0) {
        fprintf(stderr, "verrijkt: no school with key '%s'\n", args->school);
        return school_id < 0 ? 1 : 2;
    }
    int grade_max = pupil_grade_max(kind);
    struct arena a = ARENA_INIT;
    struct pupil_csv csv;
    pupil_csv_parse(&a, text->data ? text->data : "", text->len, grade_max, &csv);
    int rc = 0;
    if (args->dry_run) {
        struct pupil_import_preview pv;
        if (pupils_import_preview(db, &a, school_id, &csv, &pv))
            rc = 1;
        else
            print_preview(&a, &csv, &pv, grade_max);
        rc = rc || csv.n_errors ? 1 : 0;
    } else if (csv.n_errors) {
        print_errors(&csv);
        fprintf(stderr, "verrijkt: %zu error(s) in %s; nothing written\n", csv.n_errors,
                args->file);
        rc = 1;
    } else {
        struct pupil_import_counts n;
        if (pupils_import(db, 0, school_id, &csv, args->mark_left, &n)) {
            fprintf(stderr, "verrijkt: the import failed; nothing written\n");
            rc = 1;
        } else {
            printf("%d nieuw, %d bijgewerkt, %d ongewijzigd, %d als vertrokken gemarkeerd\n",
                   n.created, n.updated, n.unchanged, n.left);
        }
    }
    arena_free(&a);
    return rc;
}

int cli_import_pupils(int argc, char **argv)
{
    struct import_args args;
    if (parse_args(argc, argv, &args)) {
        fputs("usage: verrijkt import-pupils --db PATH --school KEY FILE.csv [--dry-run]"
              " [--mark-left]\n",
              stderr);
        return 2;
    }
    struct buf text = BUF_INIT;
    if (file_read_all(args.file, &text)) {
        fprintf(stderr, "verrijkt: cannot read %s\n", args.file);
        return 2;
    }
    struct db *db = cli_open_db(args.db);
    if (!db) {
        buf_free(&text);
        return 1;
    }
    int rc = run_import(db, &args, &text);
    db_close(db);
    buf_free(&text);
    return rc;
}
