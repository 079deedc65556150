#include "domain/quality/evaluations.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/quality/incidents.h"
#include "domain/problems.h"
#include "util/date.h"

const char *const evaluation_plan_values[] = {"yes", "partly", "no", NULL};

const char *evaluation_plan_label(const char *as_planned)
{
    if (!as_planned)
        return "";
    if (!strcmp(as_planned, "yes"))
        return "ja";
    if (!strcmp(as_planned, "partly"))
        return "gedeeltelijk";
    if (!strcmp(as_planned, "no"))
        return "nee";
    return "";
}

enum evaluation_session evaluation_session_state(struct db *db, int64_t session_id,
                                                 const char *now)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT cancelled, date || 'T' || start_time > ?2"
                                   " FROM sessions WHERE id = ?1");
    if (!st)
        return EVALUATION_SESSION_ERROR;
    sqlite3_bind_int64(st, 1, session_id);
    db_bind_text(st, 2, now);
    enum evaluation_session state;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        state = sqlite3_column_int(st, 0)   ? EVALUATION_SESSION_CANCELLED
                : sqlite3_column_int(st, 1) ? EVALUATION_SESSION_FUTURE
                                            : EVALUATION_SESSION_OPEN;
    else
        state = rc == SQLITE_DONE ? EVALUATION_SESSION_MISSING : EVALUATION_SESSION_ERROR;
    sqlite3_reset(st);
    return state;
}

const char *evaluation_session_refusal(enum evaluation_session s)
{
    switch (s) {
    case EVALUATION_SESSION_OPEN: return NULL;
    case EVALUATION_SESSION_CANCELLED: return "problem.evaluation_cancelled";
    case EVALUATION_SESSION_FUTURE: return "problem.evaluation_future";
    case EVALUATION_SESSION_MISSING: return "problem.session_not_found";
    case EVALUATION_SESSION_ERROR: break;
    }
    return "problem.session_unreadable";
}

static bool is_plan_value(const char *s)
{
    for (size_t i = 0; evaluation_plan_values[i]; i++)
        if (!strcmp(evaluation_plan_values[i], s))
            return true;
    return false;
}

int evaluation_check(struct db *db, int64_t session_id, const struct evaluation_input *in,
                     const char *now, struct problems *p)
{
    problems_clear(p);
    enum evaluation_session state = evaluation_session_state(db, session_id, now);
    if (state == EVALUATION_SESSION_ERROR)
        return -1;
    if (state == EVALUATION_SESSION_MISSING)
        return OUTCOME_NOT_FOUND;
    if (state != EVALUATION_SESSION_OPEN)
        problems_add(p, "form", evaluation_session_refusal(state));
    free_text_check(p, "went_well", in->went_well, EVALUATION_TEXT_MAX,
                    "problem.went_well_missing");
    free_text_check(p, "to_change", in->to_change, EVALUATION_TEXT_MAX,
                    "problem.to_change_missing");
    if (in->as_planned && !is_plan_value(in->as_planned))
        problems_add(p, "as_planned", "problem.as_planned");
    free_text_check(p, "note", in->note, EVALUATION_NOTE_MAX, NULL);
    return (int)p->n;
}

/* Insert or change user_id's evaluation of session_id; its id into *id, whether it was new
   into *created. 0 or -1. */
static int upsert(struct db *db, int64_t user_id, int64_t session_id,
                  const struct evaluation_input *in, int64_t *id, int *created)
{
    char stamp[24];
    timestamp_now(stamp);
    int64_t existing = db_int(db, "SELECT id FROM evaluations WHERE session_id = ?1"
                                  " AND user_id = ?2",
                              session_id, user_id, 0);
    if (existing < 0)
        return -1;
    sqlite3_stmt *st = existing
        ? db_stmt(db, "UPDATE evaluations SET went_well = ?2, to_change = ?3, as_planned = ?4,"
                      " note = ?5, updated_at = ?6 WHERE id = ?1")
        : db_stmt(db, "INSERT INTO evaluations (session_id, user_id, went_well, to_change,"
                      " as_planned, note, created_at, updated_at)"
                      " VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6, ?6)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, existing ? existing : session_id);
    db_bind_text(st, 2, in->went_well);
    db_bind_text(st, 3, in->to_change);
    db_bind_text(st, 4, in->as_planned);
    db_bind_text(st, 5, in->note ? in->note : "");
    db_bind_text(st, 6, stamp);
    if (!existing)
        sqlite3_bind_int64(st, 7, user_id);
    if (db_step_done(st))
        return -1;
    *id = existing ? existing : sqlite3_last_insert_rowid(db_handle(db));
    *created = !existing;
    return 0;
}

enum outcome evaluation_save(struct db *db, int64_t user_id, int64_t session_id,
                             const struct evaluation_input *in, const char *now,
                             struct problems *out, int64_t *id, int *created)
{
    problems_clear(out);
    /* NULL fields are the page's to report; writing needs every one of them. */
    if (!in->went_well || !in->to_change || !in->as_planned || user_id <= 0)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int found = evaluation_check(db, session_id, in, now, out);
    if (found != 0) {
        db_rollback(db);
        return outcome_of_check(found);
    }
    int64_t saved = 0;
    int was_new = 0;
    char detail[64];
    if (upsert(db, user_id, session_id, in, &saved, &was_new))
        goto fail;
    snprintf(detail, sizeof detail, "session=%lld as_planned=%s", (long long)session_id,
             in->as_planned);
    if (audit(db, user_id, was_new ? "create" : "update", "evaluations", saved, detail))
        goto fail;
    /* db_commit rolls back and releases the write lock itself when it fails. */
    if (db_commit(db))
        return OUTCOME_FAILED;
    if (id)
        *id = saved;
    if (created)
        *created = was_new;
    return OUTCOME_OK;
fail:
    db_rollback(db);
    return OUTCOME_FAILED;
}
