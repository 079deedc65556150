/* Reads of costs and budgets; see costs_read.h. */
#include "domain/offer/costs_read.h"

#include "db/db.h"
#include "db/rows.h"

int read_activity_costs(struct db *db, int64_t activity_id, struct activity_costs *out)
{
    *out = (struct activity_costs){0, 0};
    sqlite3_stmt *st =
        db_stmt(db, "SELECT per_session, fixed FROM activity_costs WHERE activity_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        out->per_session = sqlite3_column_int64(st, 0);
        out->fixed = sqlite3_column_int64(st, 1);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

int read_school_budget(struct db *db, int64_t school_id, int first_year, int64_t *cents)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT amount FROM school_budgets WHERE school_id = ?1 AND year = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int(st, 2, first_year);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        *cents = sqlite3_column_int64(st, 0);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

json_t *read_school_budgets(struct db *db, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT year, amount FROM school_budgets WHERE school_id = ?1"
                                   " ORDER BY year DESC");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    return db_rows(st, "ii");
}
