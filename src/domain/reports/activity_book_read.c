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

json_t *read_book_plan(struct db *db, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT q.question AS question, x.answer AS answer"
                                   " FROM activity_plan_answers x"
                                   " JOIN plan_questions q ON q.id = x.question_id"
                                   " WHERE x.activity_id = ?1 ORDER BY q.position");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_rows(st, "ss");
}
