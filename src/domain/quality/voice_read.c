/* Reads of the pupil's voice; see voice_read.h. */
#include "domain/quality/voice_read.h"

#include "db/db.h"
#include "db/rows.h"

/* The names as the tablet shows them: the first name, and the initial of the last name only
   when the first name is not unique in the list. */
#define TABLET_NAME                                                                              \
    " p.first_name || CASE WHEN count(*) OVER (PARTITION BY p.first_name) > 1"                  \
    " THEN ' ' || upper(substr(ltrim(p.last_name), 1, 1)) || '.' ELSE '' END AS name"

json_t *read_questionnaire_pupils(struct db *db, const struct questionnaire *q)
{
    sqlite3_stmt *st =
        q->kind == QUESTIONNAIRE_INTEREST
            ? db_stmt(db, "SELECT p.id AS id," TABLET_NAME ", EXISTS (SELECT 1 FROM"
                          " interest_answers x WHERE x.pupil_id = p.id AND x.date = ?3"
                          " AND x.source = 'class') AS answered FROM pupils p"
                          " WHERE p.school_id = ?1 AND p.class = ?2 AND p.left_on IS NULL"
                          " ORDER BY p.first_name, p.last_name, p.id")
            : db_stmt(db, "SELECT p.id AS id," TABLET_NAME ", EXISTS (SELECT 1 FROM feedback f"
                          " WHERE f.pupil_id = p.id AND f.activity_id = ?4 AND f.date = ?3)"
                          " AS answered FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
                          " WHERE e.activity_id = ?4 AND e.status = 'enrolled'"
                          " AND p.left_on IS NULL AND ?1 = ?1 AND ?2 = ?2"
                          " ORDER BY p.first_name, p.last_name, p.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, q->school_id);
    db_bind_text(st, 2, q->class_name);
    db_bind_text(st, 3, q->date);
    sqlite3_bind_int64(st, 4, q->activity_id);
    return db_rows(st, "isb");
}

json_t *read_school_groups(struct db *db, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT class AS class, count(*) AS pupils FROM pupils"
                                   " WHERE school_id = ?1 AND left_on IS NULL AND class <> ''"
                                   " GROUP BY class ORDER BY class");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    return db_rows(st, "si");
}

int read_feedback_activity(struct db *db, int64_t activity_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT title AS title FROM activities WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    return db_row(st, "s", out);
}
