/* Reads of the activity book's filter form; see activity_book_read.h. */
#include "domain/reports/activity_book_read.h"

#include "db/db.h"
#include "db/rows.h"

json_t *read_book_providers(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, key AS value, name AS name FROM providers"
                                   " ORDER BY name COLLATE NOCASE");
    return st ? db_rows(st, "iss") : NULL;
}
