#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"

const char *cli_db_arg(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--db=", 5))
            return argv[i] + 5;
    }
    return NULL;
}

struct db *cli_open_db(const char *path)
{
    char err[512];
    struct db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "verrijkt: %s\n", err);
        return NULL;
    }
    if (db_migrate(db, err, sizeof err)) {
        fprintf(stderr, "verrijkt: %s\n", err);
        db_close(db);
        return NULL;
    }
    return db;
}
