/* Reads of visits; see visits_read.h. */
#include "domain/quality/visits_read.h"

#include "db/db.h"
#include "db/rows.h"

#define VISIT_COLUMNS                                                                           \
    "v.id AS id, v.session_id AS session_id, s.date AS date, v.user_id AS user_id,"            \
    " coalesce(nullif(u.name, ''), u.email, 'verwijderd account') AS by, v.goal AS goal,"       \
    " v.home_school AS home_school, v.duration AS duration, v.staff AS staff,"                  \
    " v.interests AS interests, v.involvement AS involvement, v.note AS note,"                  \
    " v.updated_at AS updated_at FROM visits v JOIN sessions s ON s.id = v.session_id"          \
    " LEFT JOIN users u ON u.id = v.user_id"
#define VISIT_TYPES "iisIssssssIss"

int read_own_visit(struct db *db, int64_t session_id, int64_t user_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " VISIT_COLUMNS " WHERE v.session_id = ?1 AND v.user_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, user_id);
    return db_row(st, VISIT_TYPES, out);
}

json_t *read_activity_visits(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " VISIT_COLUMNS " WHERE s.activity_id = ?1"
                                   " ORDER BY s.date DESC, v.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, VISIT_TYPES);
}
