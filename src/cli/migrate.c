#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"

int cli_migrate(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv);
    if (!path) {
        fputs("usage: verrijkt migrate --db PATH\n", stderr);
        return 2;
    }
    struct db *db = cli_open_db(path);
    if (!db)
        return 1;
    printf("schema version %d\n", db_schema_version());
    db_close(db);
    return 0;
}
