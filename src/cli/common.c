#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "db/db.h"
#include "util/messages.h"

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

/* Loaded on first use: a subcommand that prints no domain message reads no catalogue. */
const char *cli_text(const char *key)
{
    static bool tried;
    if (!tried) {
        tried = true;
        struct config cfg;
        config_defaults(&cfg);
        char dir[600], err[700];
        snprintf(dir, sizeof dir, "%s/messages", cfg.templates_dir);
        if (i18n_load(dir, err, sizeof err))
            fprintf(stderr, "verrijkt: messages: %s\n", err);
    }
    return i18n_text(I18N_DEFAULT, key);
}
