/* Reads of a staff member's competence history (domain/offer/competence_read.h). */
#include "domain/offer/competence_read.h"

#include "db/db.h"
#include "db/rows.h"

json_t *read_staff_levels(struct db *db, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT level AS level, assessed_on AS assessed_on"
                                   " FROM staff_levels WHERE staff_id = ?1"
                                   " ORDER BY assessed_on DESC");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, staff_id);
    return db_rows(st, "ss");
}

json_t *read_staff_trainings(struct db *db, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, name AS name, followed_on AS followed_on"
                                   " FROM staff_trainings WHERE staff_id = ?1"
                                   " ORDER BY followed_on DESC, id DESC");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, staff_id);
    return db_rows(st, "iss");
}
