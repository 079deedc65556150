/* Reads of evaluations and of the session or activity they are about; see evaluations_read.h. */
#include "domain/quality/evaluations_read.h"

#include "db/db.h"
#include "db/rows.h"

/* One evaluation e with its author u (LEFT JOIN users u), as the header lists the keys. */
#define EVALUATION_COLUMNS                                                                      \
    "e.id AS id, e.user_id AS user_id,"                                                         \
    " coalesce(nullif(u.name, ''), u.email, 'verwijderd account') AS author,"                   \
    " coalesce(u.role, '') AS role, e.went_well AS went_well, e.to_change AS to_change,"        \
    " e.as_planned AS as_planned, e.note AS note, e.created_at AS created_at,"                  \
    " e.updated_at AS updated_at"
#define EVALUATION_TYPES "IIssssssss"

int read_session_heading(struct db *db, int64_t session_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id AS id, s.date AS date, s.start_time AS start, s.end_time AS end,"
            " s.cancelled AS cancelled, s.reason AS reason, s.activity_id AS activity_id,"
            " a.title AS title, a.school_id AS school_id, sc.name AS school FROM sessions s"
            " JOIN activities a ON a.id = s.activity_id JOIN schools sc ON sc.id = a.school_id"
            " WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    return db_row(st, "isssbsisis", out);
}

int read_activity_heading(struct db *db, int64_t activity_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id AS id, a.title AS title, a.school_id AS school_id,"
                                   " s.name AS school FROM activities a"
                                   " JOIN schools s ON s.id = a.school_id WHERE a.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_row(st, "isis", out);
}

json_t *read_session_evaluations(struct db *db, int64_t session_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EVALUATION_COLUMNS " FROM evaluations e"
                                   " LEFT JOIN users u ON u.id = e.user_id"
                                   " WHERE e.session_id = ?1 ORDER BY e.created_at, e.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, session_id);
    return db_rows(st, EVALUATION_TYPES);
}

int read_own_evaluation(struct db *db, int64_t session_id, int64_t user_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT " EVALUATION_COLUMNS " FROM evaluations e"
                                   " LEFT JOIN users u ON u.id = e.user_id"
                                   " WHERE e.session_id = ?1 AND e.user_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, user_id);
    return db_row(st, EVALUATION_TYPES, out);
}

/* The keys of a row of read_sessions_with_evaluations' query that belong to its session. */
static const char *const session_keys[] = {"session_id", "date", "start", "end"};
enum { SESSION_KEYS = sizeof session_keys / sizeof *session_keys };

/* A new session object {"id", "date", "start", "end", "evaluations": []} from row. New
   reference. */
static json_t *session_of(json_t *row)
{
    json_t *session = json_pack("{s:O}", "id", json_object_get(row, "session_id"));
    for (size_t i = 1; i < SESSION_KEYS; i++)
        json_object_set(session, session_keys[i], json_object_get(row, session_keys[i]));
    json_object_set_new(session, "evaluations", json_array());
    return session;
}

/* Rows of one session and at most one evaluation each (ordered by session) as sessions each
   with their list of evaluations; a row whose evaluation id is null adds none. Steals rows;
   new reference. */
static json_t *group_by_session(json_t *rows)
{
    json_t *sessions = json_array(), *current = NULL, *row;
    json_int_t current_id = 0;
    size_t i;
    json_array_foreach (rows, i, row) {
        json_int_t id = json_integer_value(json_object_get(row, "session_id"));
        if (!current || id != current_id) {
            current = session_of(row);
            current_id = id;
            json_array_append_new(sessions, current);
        }
        if (json_is_null(json_object_get(row, "id")))
            continue;
        for (size_t k = 0; k < SESSION_KEYS; k++)
            json_object_del(row, session_keys[k]);
        json_array_append(json_object_get(current, "evaluations"), row);
    }
    json_decref(rows);
    return sessions;
}

json_t *read_sessions_with_evaluations(struct db *db, int64_t activity_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id AS session_id, s.date AS date, s.start_time AS start,"
            " s.end_time AS end, " EVALUATION_COLUMNS
            " FROM sessions s LEFT JOIN evaluations e ON e.session_id = s.id"
            " LEFT JOIN users u ON u.id = e.user_id"
            " WHERE s.activity_id = ?1 AND s.cancelled = 0"
            " AND s.date || 'T' || s.start_time <= ?2"
            " ORDER BY s.date DESC, s.start_time DESC, s.id DESC, e.created_at, e.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, now);
    json_t *rows = db_rows(st, "isss" EVALUATION_TYPES);
    return rows ? group_by_session(rows) : NULL;
}
