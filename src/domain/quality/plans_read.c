/* Reads of the activity plan; see plans_read.h. */
#include "domain/quality/plans_read.h"

#include "db/db.h"
#include "db/rows.h"

#define QUESTION_COLUMNS                                                                        \
    "id AS id, key AS key, position AS position, question AS question, help AS help,"          \
    " required AS required"
#define QUESTION_TYPES "isissb"

json_t *read_plan_questions(struct db *db)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " QUESTION_COLUMNS " FROM plan_questions ORDER BY position");
    return st ? db_rows(st, QUESTION_TYPES) : NULL;
}

int read_plan_question(struct db *db, int64_t id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT " QUESTION_COLUMNS " FROM plan_questions WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return db_row(st, QUESTION_TYPES, out);
}

json_t *read_activity_plan(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT q.id AS id, q.key AS key, q.question AS question, q.help AS help,"
            " q.required AS required, coalesce(x.answer, '') AS answer,"
            " x.updated_at AS updated_at, nullif(coalesce(nullif(u.name, ''), u.email), '') AS by"
            " FROM plan_questions q"
            " LEFT JOIN activity_plan_answers x ON x.question_id = q.id AND x.activity_id = ?1"
            " LEFT JOIN users u ON u.id = x.updated_by ORDER BY q.position");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "isssbsSS");
}
