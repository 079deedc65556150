#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "io/loadjson.h"

int cli_load(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv);
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db")) {
            i++;
            continue;
        }
        if (!strncmp(argv[i], "--db=", 5))
            continue;
        file = argv[i];
    }
    if (!path || !file) {
        fputs("usage: verrijkt load --db PATH FILE.json\n", stderr);
        return 2;
    }
    json_error_t jerr;
    json_t *doc = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        fprintf(stderr, "verrijkt: %s:%d:%d: %s\n", file, jerr.line, jerr.column, jerr.text);
        return 1;
    }
    struct db *db = cli_open_db(path);
    if (!db) {
        json_decref(doc);
        return 1;
    }
    char err[512];
    int rc = load_document(db, doc, err, sizeof err);
    if (rc)
        fprintf(stderr, "verrijkt: %s: %s\n", file, err);
    json_decref(doc);
    db_close(db);
    return rc ? 1 : 0;
}

int cli_dump(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv);
    if (!path) {
        fputs("usage: verrijkt dump --db PATH\n", stderr);
        return 2;
    }
    struct db *db = cli_open_db(path);
    if (!db)
        return 1;
    json_t *doc = dump_document(db);
    db_close(db);
    if (!doc) {
        fputs("verrijkt: dump failed\n", stderr);
        return 1;
    }
    /* 15 digits: the amounts of euros come out as 85.53, not 85.530000000000001 */
    int rc = json_dumpf(doc, stdout,
                        JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    fputc('\n', stdout);
    json_decref(doc);
    return rc ? 1 : 0;
}
