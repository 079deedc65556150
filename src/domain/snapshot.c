/* See snapshot.h. */
#include "domain/snapshot.h"

#include "db/db.h"

int snapshot_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx)
{
    return db_in_read(db, read, ctx);
}
