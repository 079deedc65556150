/* Deleting a pupil and purging those who left: the rules are in privacy.h. */
#include "domain/people/privacy.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "util/date.h"

/* Inside the caller's transaction: pupil_id made anonymous, its personal links removed. 1 when
   done, 0 when there is no such pupil or it is anonymous already, -1 on a database error. */
static int anonymise_in_transaction(struct db *db, int64_t user_id, int64_t pupil_id,
                                    const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "UPDATE pupils SET key = 'anon-' || id, number = 'anon-' || id,"
            " first_name = '" PRIVACY_FIRST_NAME "', last_name = '" PRIVACY_LAST_NAME "',"
            " class = '', safety_notes = '', link_code = NULL, link_code_used_at = NULL,"
            " link_code_used_by = NULL, left_on = coalesce(left_on, ?2), anonymised = 1"
            " WHERE id = ?1 AND anonymised = 0");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    if (db_step_done(st))
        return -1;
    if (sqlite3_changes(db_handle(db)) == 0)
        return 0;
    static const char *const personal[] = {
        "DELETE FROM parent_children WHERE pupil_id = ?1",
        "DELETE FROM notifications WHERE pupil_id = ?1",
        "DELETE FROM incident_pupils WHERE pupil_id = ?1",
        "DELETE FROM followup_handled WHERE pupil_id = ?1",
        "DELETE FROM pupil_contacts WHERE pupil_id = ?1",
        "DELETE FROM pupil_consents WHERE pupil_id = ?1",
    };
    for (size_t i = 0; i < sizeof personal / sizeof *personal; i++) {
        st = db_stmt(db, personal[i]);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, pupil_id);
        if (db_step_done(st))
            return -1;
    }
    return audit(db, user_id, "delete", "pupils", pupil_id, "anonymised") ? -1 : 1;
}

enum outcome pupil_anonymise(struct db *db, int64_t user_id, int64_t pupil_id, const char *today)
{
    if (db_begin(db))
        return OUTCOME_FAILED;
    int done = anonymise_in_transaction(db, user_id, pupil_id, today);
    if (done <= 0 || db_commit(db)) {
        db_rollback(db);
        return done == 0 ? OUTCOME_NOT_FOUND : OUTCOME_FAILED;
    }
    return OUTCOME_OK;
}

/* Record a purge run. 0 or -1. */
static int record_purge(struct db *db, int removed, const char *by)
{
    char stamp[24];
    timestamp_now(stamp);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO privacy_purges (at, removed, by)"
                                   " VALUES (?1, ?2, ?3)");
    if (!st)
        return -1;
    db_bind_text(st, 1, stamp);
    sqlite3_bind_int(st, 2, removed);
    db_bind_text(st, 3, by);
    return db_step_done(st);
}

int pupils_purge(struct db *db, int after_days, const char *today, const char *by)
{
    int32_t day;
    if (date_parse(today, &day) || after_days < 0)
        return -1;
    char before[11];
    date_format(day - after_days, before);
    if (db_begin(db))
        return -1;
    /* The ids first: anonymising changes the rows the query reads. */
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM pupils WHERE anonymised = 0"
                                   " AND left_on IS NOT NULL AND left_on < ?1 ORDER BY id");
    json_t *ids = json_array();
    int rc = st ? 0 : -1, step = SQLITE_DONE;
    if (st) {
        db_bind_text(st, 1, before);
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 0)));
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            rc = -1;
    }
    int removed = 0;
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        if (rc)
            break;
        int done = anonymise_in_transaction(db, 0, json_integer_value(id), today);
        rc = done < 0 ? -1 : 0;
        removed += done > 0;
    }
    json_decref(ids);
    if (rc || record_purge(db, removed, by) || db_commit(db)) {
        db_rollback(db);
        return -1;
    }
    return removed;
}
