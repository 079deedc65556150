#include "domain/people/throttle.h"

void throttle_record_failure(struct db *db, sqlite3_stmt *insert, sqlite3_stmt *prune,
                             long long now)
{
    if (!insert || !prune || db_begin(db))
        return;
    sqlite3_bind_int64(prune, 1, now - 24 * 3600);
    if (db_step_done(insert) || db_step_done(prune))
        db_rollback(db);
    else
        db_commit(db);
}
