/* Reads of the schools; see schools_read.h. */
#include "domain/offer/schools_read.h"

#include "db/db.h"
#include "db/rows.h"

#define SCHOOL_COLUMNS "id AS id, key AS key, name AS name, kind AS kind"
#define SCHOOL_TYPES "isss"

json_t *read_schools(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " SCHOOL_COLUMNS " FROM schools"
                                   " ORDER BY name COLLATE NOCASE, id");
    return st ? db_rows(st, SCHOOL_TYPES) : NULL;
}

int read_school(struct db *db, int64_t school_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT " SCHOOL_COLUMNS " FROM schools WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    return db_row(st, SCHOOL_TYPES, out);
}

int read_school_id(struct db *db, const char *key, int64_t *school_id)
{
    int64_t id = db_int_text(db, "SELECT id FROM schools WHERE key = ?1", key, 0, 0, 0);
    *school_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}
