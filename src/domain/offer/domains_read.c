/* Reads of the development domains; see domains_read.h. */
#include "domain/offer/domains_read.h"

#include "db/db.h"
#include "db/rows.h"

json_t *read_domains(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, code AS code, name AS name,"
                                   " position AS position FROM domains ORDER BY position, name");
    return st ? db_rows(st, "issi") : NULL;
}
