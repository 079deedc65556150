/* Study days: the rules and writes; the reads are study_days_read.c. */
#include "domain/offer/study_days.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/schedule.h"
#include "domain/people/audit.h"
#include "domain/text_rules.h"
#include "util/date.h"

int study_day_check(const struct study_day_input *in, struct problems *out)
{
    problems_clear(out);
    int32_t day;
    if (!in->date || date_parse(in->date, &day))
        problems_add(out, "date", "problem.study_day_date");
    const char *note_error = in->note && *in->note ? one_line_error(in->note, STUDY_DAY_NOTE_MAX)
                                                   : NULL;
    if (note_error && !strcmp(note_error, "problem.too_long"))
        problems_add_int(out, "note", note_error, "max", STUDY_DAY_NOTE_MAX);
    else if (note_error)
        problems_add(out, "note", note_error);
    return (int)out->n;
}

/* The insert of study_day_create, inside its transaction: 1 inserted, 0 the day was there,
   -1 error. */
static int insert_study_day(struct db *db, int64_t school_id, const struct study_day_input *in,
                            int64_t *id_out)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO study_days (school_id, date, note)"
                                   " VALUES (?1, ?2, ?3) ON CONFLICT (school_id, date) DO NOTHING");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, in->date);
    db_bind_text(st, 3, in->note ? in->note : "");
    if (db_step_done(st))
        return -1;
    if (sqlite3_changes(db_handle(db)) == 0)
        return 0;
    *id_out = sqlite3_last_insert_rowid(db_handle(db));
    return 1;
}

enum outcome study_day_create(struct db *db, int64_t user_id, int64_t school_id,
                              const struct study_day_input *in, int64_t *id_out,
                              long long *sessions_changed, struct problems *out)
{
    if (study_day_check(in, out))
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    enum outcome result = OUTCOME_FAILED;
    int64_t school = db_int(db, "SELECT 1 FROM schools WHERE id = ?1", school_id, 0, 0);
    if (school <= 0) {
        result = school < 0 ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
        goto fail;
    }
    int64_t id = 0;
    int inserted = insert_study_day(db, school_id, in, &id);
    if (inserted == 0) {
        problems_add(out, "date", "problem.study_day_taken");
        result = OUTCOME_INVALID;
    }
    if (inserted <= 0)
        goto fail;
    char detail[64];
    snprintf(detail, sizeof detail, "school=%lld date=%s", (long long)school_id, in->date);
    if (audit(db, user_id, "create", "study_days", id, detail) ||
        schedule_sync_closed(db, school_id, sessions_changed) || db_commit(db))
        goto fail;
    *id_out = id;
    return OUTCOME_OK;
fail:
    db_rollback(db);
    return result;
}

enum outcome study_day_delete(struct db *db, int64_t user_id, int64_t school_id,
                              int64_t study_day_id, long long *sessions_changed)
{
    if (db_begin(db))
        return OUTCOME_FAILED;
    enum outcome result = OUTCOME_FAILED;
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM study_days WHERE id = ?1 AND school_id = ?2"
                                   " RETURNING date");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, study_day_id);
    sqlite3_bind_int64(st, 2, school_id);
    char detail[64] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(detail, sizeof detail, "school=%lld date=%s", (long long)school_id,
                 db_col_text(st, 0));
        rc = sqlite3_step(st);
    } else if (rc == SQLITE_DONE) {
        result = OUTCOME_NOT_FOUND;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE || !*detail)
        goto fail;
    if (audit(db, user_id, "delete", "study_days", study_day_id, detail) ||
        schedule_sync_closed(db, school_id, sessions_changed) || db_commit(db))
        goto fail;
    return OUTCOME_OK;
fail:
    db_rollback(db);
    return result;
}
