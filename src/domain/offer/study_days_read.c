/* Reads of the study days; see study_days.h. */
#include "domain/offer/study_days.h"

#include "db/db.h"
#include "db/rows.h"

json_t *read_study_days(struct db *db, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, date AS date, note AS note FROM study_days"
                                   " WHERE school_id = ?1 ORDER BY date");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    return db_rows(st, "iss");
}

int read_study_day(struct db *db, int64_t school_id, int64_t study_day_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, date AS date, note AS note FROM study_days"
                                   " WHERE id = ?1 AND school_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, study_day_id);
    sqlite3_bind_int64(st, 2, school_id);
    return db_row(st, "iss", out);
}
