/* The counts of the start page; see counts_read.h. */
#include "domain/reports/counts_read.h"

#include "db/db.h"
#include "db/rows.h"

int read_counts(struct db *db, int64_t school_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT (SELECT count(*) FROM schools WHERE ?1 IN (0, id)) AS schools,"
            " (SELECT count(*) FROM pupils WHERE ?1 IN (0, school_id)"
            "  AND left_on IS NULL) AS pupils,"
            " (SELECT count(*) FROM activities WHERE ?1 IN (0, school_id)"
            "  AND date_until >= date('now', 'localtime')) AS activities");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    return db_row(st, "iii", out);
}
