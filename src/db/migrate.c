#include "db/db.h"
#include "db/migrations.h"

#include <stdio.h>

int db_schema_version(void) { return (int)n_migrations; }

int db_schema_current(struct db *db) { return (int)db_scalar_int(db, "PRAGMA user_version", -1); }

int db_migrate(struct db *db, char *err, size_t errlen)
{
    int64_t current = db_scalar_int(db, "PRAGMA user_version", 0);
    if (current > (int64_t)n_migrations) {
        snprintf(err, errlen, "database schema %lld is newer than this program (%zu)",
                 (long long)current, n_migrations);
        return -1;
    }
    for (size_t i = (size_t)current; i < n_migrations; i++) {
        if (db_begin(db))
            goto fail;
        char version[64];
        snprintf(version, sizeof version, "PRAGMA user_version = %zu", i + 1);
        if (db_exec(db, migrations[i].sql) || db_exec(db, version)) {
            db_rollback(db);
            goto fail;
        }
        if (db_commit(db))
            goto fail;
        continue;
    fail:
        snprintf(err, errlen, "migration %s failed: %s", migrations[i].name,
                 sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}
