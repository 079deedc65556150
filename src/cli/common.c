#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "db/backup.h"
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

/* Before migrations change a database that holds data (its schema is older than this
   program's, and not empty): a copy beside it, "PATH.before-schema-N-YYYYMMDD-HHMMSS.db",
   said on stdout. 0, or -1 (the reason on stderr: then nothing is migrated). */
static int backup_before_migrating(struct db *db, const char *path)
{
    int current = db_schema_current(db);
    if (current <= 0 || current >= db_schema_version())
        return current < 0 ? -1 : 0;
    char stamp[32], dest[1200], err[1200];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
    snprintf(dest, sizeof dest, "%s.before-schema-%d-%s.db", path, current, stamp);
    if (db_backup_file(path, dest, err, sizeof err)) {
        fprintf(stderr, "verrijkt: no backup before migrating, so no migration: %s\n", err);
        return -1;
    }
    printf("verrijkt: before migrating schema %d to %d the database was copied to %s\n", current,
           db_schema_version(), dest);
    fflush(stdout);
    return 0;
}

struct db *cli_open_db(const char *path)
{
    char err[512];
    struct db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "verrijkt: %s\n", err);
        return NULL;
    }
    if (backup_before_migrating(db, path)) {
        db_close(db);
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
