/* verrijkt purge --db PATH [--config FILE]: delete (make anonymous) the pupils who left more
   than [privacy] purge_after_days ago (domain/people/privacy.h); serve does the same every
   night (backup.c's nightly thread). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "db/db.h"
#include "domain/people/privacy.h"
#include "util/date.h"

int cli_purge_now(struct db *db, int after_days, const char *by)
{
    char today[11];
    date_format(date_today(), today);
    int removed = pupils_purge(db, after_days, today, by);
    if (removed < 0)
        fprintf(stderr, "verrijkt: the purge of pupils who left failed\n");
    else
        printf("verrijkt: purge: %d pupil(s) who left more than %d days ago deleted\n", removed,
               after_days);
    fflush(stdout);
    return removed < 0 ? -1 : 0;
}

int cli_purge(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv), *config_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config_path = argv[++i];
        else if (!strcmp(argv[i], "--db"))
            i++;
        else if (strncmp(argv[i], "--db=", 5)) {
            path = NULL; /* anything else: usage */
            break;
        }
    }
    if (!path) {
        fputs("usage: verrijkt purge --db PATH [--config FILE]\n", stderr);
        return 2;
    }
    struct config cfg;
    config_defaults(&cfg);
    char err[600];
    if (config_path && config_load(&cfg, config_path, err, sizeof err)) {
        fprintf(stderr, "verrijkt: %s\n", err);
        return 1;
    }
    struct db *db = cli_open_db(path);
    if (!db)
        return 1;
    int rc = cli_purge_now(db, cfg.purge_after_days, "command");
    db_close(db);
    return rc ? 1 : 0;
}
