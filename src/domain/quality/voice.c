/* Interest questionnaires and pupil feedback (domain/quality/voice.h). */
#include "domain/quality/voice.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/people/pupils.h" /* LINK_CODE_ALPHABET */
#include "domain/people/throttle.h"
#include "util/date.h"

enum { CODE_TRIES = 20 };

/* ---- codes ----------------------------------------------------------------------------------- */

int questionnaire_code_normalize(const char *typed, char out[QUESTIONNAIRE_CODE_SIZE])
{
    int n = 0;
    for (const char *p = typed; p && *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '\t')
            continue;
        char c = (char)toupper((unsigned char)*p);
        if (!strchr(LINK_CODE_ALPHABET, c) || n == QUESTIONNAIRE_CODE_LEN)
            return -1;
        out[n++] = c;
    }
    if (n != QUESTIONNAIRE_CODE_LEN)
        return -1;
    out[n] = '\0';
    return 0;
}

/* A code no questionnaire holds, into out. 0 or -1. */
static int fresh_code(struct db *db, char out[QUESTIONNAIRE_CODE_SIZE])
{
    const uint32_t symbols = (uint32_t)(sizeof LINK_CODE_ALPHABET - 1);
    for (int attempt = 0; attempt < CODE_TRIES; attempt++) {
        for (int i = 0; i < QUESTIONNAIRE_CODE_LEN; i++)
            out[i] = LINK_CODE_ALPHABET[randombytes_uniform(symbols)];
        out[QUESTIONNAIRE_CODE_LEN] = '\0';
        int64_t taken = db_int_text(db, "SELECT 1 FROM questionnaires WHERE code = ?1", out, 0,
                                    0, 0);
        if (taken < 0)
            return -1;
        if (!taken)
            return 0;
    }
    return -1;
}

/* ---- opening ---------------------------------------------------------------------------------- */

struct opening {
    const char *kind;
    int64_t school_id, activity_id, session_id;
    const char *class_name, *date;
    long long expires_at;
};

/* Insert the questionnaire (inside the transaction) with a fresh code, audited. 0 or -1. */
static int insert_questionnaire(struct db *db, int64_t user_id, const struct opening *o,
                                char code[QUESTIONNAIRE_CODE_SIZE])
{
    char stamp[24];
    timestamp_now(stamp);
    if (fresh_code(db, code))
        return -1;
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO questionnaires (code, kind, school_id, class, activity_id, session_id,"
            " date, expires_at, created_by, created_at)"
            " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), nullif(?6, 0), ?7, ?8, nullif(?9, 0), ?10)");
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, o->kind);
    sqlite3_bind_int64(st, 3, o->school_id);
    db_bind_text(st, 4, o->class_name ? o->class_name : "");
    sqlite3_bind_int64(st, 5, o->activity_id);
    sqlite3_bind_int64(st, 6, o->session_id);
    db_bind_text(st, 7, o->date);
    sqlite3_bind_int64(st, 8, o->expires_at);
    sqlite3_bind_int64(st, 9, user_id);
    db_bind_text(st, 10, stamp);
    if (db_step_done(st))
        return -1;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    return audit(db, user_id, "create", "questionnaires", id, o->kind);
}

/* Write o in one transaction when problems is empty. */
static enum outcome open_questionnaire(struct db *db, int64_t user_id, const struct opening *o,
                                       char code[QUESTIONNAIRE_CODE_SIZE])
{
    if (db_begin(db))
        return OUTCOME_FAILED;
    if (insert_questionnaire(db, user_id, o, code)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}

static void check_minutes(int minutes, struct problems *out)
{
    if (minutes < 1 || minutes > QUESTIONNAIRE_MINUTES_MAX)
        problems_add(out, "minutes", "problem.questionnaire_minutes");
}

enum outcome questionnaire_open_interest(struct db *db, int64_t user_id, int64_t school_id,
                                         const char *class_name, int minutes, const char *today,
                                         long long now, struct problems *out,
                                         char code[QUESTIONNAIRE_CODE_SIZE])
{
    problems_clear(out);
    int64_t pupils = class_name && *class_name
                         ? db_int_text(db, "SELECT count(*) FROM pupils WHERE class = ?1"
                                           " AND school_id = ?2 AND left_on IS NULL",
                                       class_name, school_id, 0, -1)
                         : 0;
    if (pupils < 0)
        return OUTCOME_FAILED;
    if (pupils == 0)
        problems_add(out, "group", "problem.questionnaire_group");
    check_minutes(minutes, out);
    if (out->n)
        return OUTCOME_INVALID;
    struct opening o = {"interest", school_id, 0, 0, class_name, today, now + minutes * 60LL};
    return open_questionnaire(db, user_id, &o, code);
}

enum outcome questionnaire_open_feedback(struct db *db, int64_t user_id, int64_t session_id,
                                         int minutes, const char *today, long long now,
                                         struct problems *out,
                                         char code[QUESTIONNAIRE_CODE_SIZE])
{
    problems_clear(out);
    sqlite3_stmt *st = db_stmt(db, "SELECT s.activity_id, a.school_id, s.date, s.cancelled"
                                   " FROM sessions s JOIN activities a ON a.id = s.activity_id"
                                   " WHERE s.id = ?1");
    if (!st)
        return OUTCOME_FAILED;
    sqlite3_bind_int64(st, 1, session_id);
    int rc = sqlite3_step(st);
    struct opening o = {"feedback", 0, 0, session_id, "", NULL, now + minutes * 60LL};
    char date[11] = "";
    int cancelled = 0;
    if (rc == SQLITE_ROW) {
        o.activity_id = sqlite3_column_int64(st, 0);
        o.school_id = sqlite3_column_int64(st, 1);
        snprintf(date, sizeof date, "%s", db_col_text(st, 2));
        cancelled = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return OUTCOME_NOT_FOUND;
    if (rc != SQLITE_ROW)
        return OUTCOME_FAILED;
    o.date = date;
    if (cancelled || strcmp(date, today) > 0)
        problems_add(out, "form", "problem.feedback_session");
    check_minutes(minutes, out);
    if (out->n)
        return OUTCOME_INVALID;
    return open_questionnaire(db, user_id, &o, code);
}

/* ---- finding ---------------------------------------------------------------------------------- */

/* 1 when address typed too many wrong codes within the window, 0 when not, -1 on error. */
static int throttled(struct db *db, const char *address, const struct questionnaire_limits *l,
                     long long now)
{
    int64_t failures = db_int_text(db, "SELECT count(*) FROM questionnaire_failures"
                                       " WHERE address = ?1 AND at >= ?2",
                                   address, now - (long long)l->window_minutes * 60, 0, -1);
    if (failures < 0)
        return -1;
    return failures >= l->max_failures;
}

static void record_failure(struct db *db, const char *address, long long now)
{
    const struct throttle_failure f = {
        .insert_sql = "INSERT INTO questionnaire_failures (address, at) VALUES (?2, ?3)",
        .prune_sql = "DELETE FROM questionnaire_failures WHERE at < ?1",
        .address = address};
    throttle_record_failure(db, &f, now);
}

/* The questionnaire of code open at now into *out: 1 found, 0 not (or expired), -1 error. */
static int read_open(struct db *db, const char *code, long long now, struct questionnaire *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT id, kind, school_id, class, coalesce(activity_id, 0), coalesce(session_id, 0),"
            " date, expires_at FROM questionnaires WHERE code = ?1 AND expires_at > ?2");
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->kind = strcmp(db_col_text(st, 1), "feedback") ? QUESTIONNAIRE_INTEREST
                                                          : QUESTIONNAIRE_FEEDBACK;
        out->school_id = sqlite3_column_int64(st, 2);
        snprintf(out->class_name, sizeof out->class_name, "%s", db_col_text(st, 3));
        out->activity_id = sqlite3_column_int64(st, 4);
        out->session_id = sqlite3_column_int64(st, 5);
        snprintf(out->date, sizeof out->date, "%s", db_col_text(st, 6));
        out->expires_at = sqlite3_column_int64(st, 7);
        snprintf(out->code, sizeof out->code, "%s", code);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum questionnaire_find questionnaire_find(struct db *db, const char *typed, const char *address,
                                           const struct questionnaire_limits *limits,
                                           long long now, struct questionnaire *out)
{
    int limited = throttled(db, address ? address : "", limits, now);
    if (limited < 0)
        return QUESTIONNAIRE_FAILED;
    if (limited)
        return QUESTIONNAIRE_THROTTLED;
    char code[QUESTIONNAIRE_CODE_SIZE];
    int found = questionnaire_code_normalize(typed, code) ? 0 : read_open(db, code, now, out);
    if (found < 0)
        return QUESTIONNAIRE_FAILED;
    if (found)
        return QUESTIONNAIRE_FOUND;
    record_failure(db, address ? address : "", now);
    return QUESTIONNAIRE_WRONG;
}

int questionnaire_pupil_allowed(struct db *db, const struct questionnaire *q, int64_t pupil_id)
{
    if (q->kind == QUESTIONNAIRE_INTEREST)
        return (int)db_int_text(db, "SELECT 1 FROM pupils WHERE id = ?2 AND school_id = ?3"
                                    " AND class = ?1 AND left_on IS NULL",
                                q->class_name, pupil_id, q->school_id, 0);
    return (int)db_int(db, "SELECT 1 FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
                           " WHERE e.pupil_id = ?1 AND e.activity_id = ?2"
                           " AND e.status = 'enrolled' AND p.left_on IS NULL",
                       pupil_id, q->activity_id, 0);
}

/* ---- answers ---------------------------------------------------------------------------------- */

/* The domain ids of in's codes into ids; problems for unknown codes and an empty answer.
   0, or -1 on a database error. */
static int check_interest(struct db *db, const struct interest_input *in, int64_t *ids,
                          struct problems *out)
{
    if (in->n_domains > INTEREST_DOMAINS_MAX) {
        problems_add(out, "domains", "problem.interest_domain");
        return 0;
    }
    for (size_t i = 0; i < in->n_domains; i++) {
        ids[i] = db_int_text(db, "SELECT id FROM domains WHERE code = ?1", in->domain_codes[i], 0,
                             0, 0);
        if (ids[i] < 0)
            return -1;
        for (size_t j = 0; j < i && ids[i]; j++)
            if (ids[j] == ids[i])
                ids[i] = 0;
        if (!ids[i]) {
            problems_add(out, "domains", "problem.interest_domain");
            return 0;
        }
    }
    if (!in->n_domains && !in->other)
        problems_add(out, "domains", "problem.interest_empty");
    int32_t day;
    if (!in->date || date_parse(in->date, &day))
        problems_add(out, "date", "problem.date");
    if (!in->source || (strcmp(in->source, "class") && strcmp(in->source, "parent")))
        problems_add(out, "source", "problem.invalid");
    return 0;
}

/* Replace the pupil's answer of the date and source (inside the transaction). 0 or -1. */
static int write_interest(struct db *db, const struct interest_input *in, const int64_t *ids)
{
    char stamp[24];
    timestamp_now(stamp);
    sqlite3_stmt *del = db_stmt(db, "DELETE FROM interest_answers WHERE pupil_id = ?1"
                                    " AND date = ?2 AND source = ?3");
    sqlite3_stmt *ins = db_stmt(db, "INSERT INTO interest_answers (pupil_id, date, other, source,"
                                    " created_at) VALUES (?1, ?2, ?4, ?3, ?5)");
    sqlite3_stmt *dom = db_stmt(db, "INSERT INTO interest_answer_domains (answer_id, domain_id)"
                                    " VALUES (?1, ?2)");
    if (!del || !ins || !dom)
        return -1;
    sqlite3_stmt *both[] = {del, ins};
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int64(both[i], 1, in->pupil_id);
        db_bind_text(both[i], 2, in->date);
        db_bind_text(both[i], 3, in->source);
    }
    sqlite3_bind_int(ins, 4, in->other ? 1 : 0);
    db_bind_text(ins, 5, stamp);
    if (db_step_done(del) || db_step_done(ins))
        return -1;
    int64_t answer_id = sqlite3_last_insert_rowid(db_handle(db));
    for (size_t i = 0; i < in->n_domains; i++) {
        sqlite3_bind_int64(dom, 1, answer_id);
        sqlite3_bind_int64(dom, 2, ids[i]);
        if (db_step_done(dom))
            return -1;
    }
    return 0;
}

enum outcome interest_save(struct db *db, const struct interest_input *in, struct problems *out)
{
    problems_clear(out);
    int64_t ids[INTEREST_DOMAINS_MAX];
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t exists = db_int(db, "SELECT 1 FROM pupils WHERE id = ?1", in->pupil_id, 0, 0);
    enum outcome rc = exists < 0                          ? OUTCOME_FAILED
                      : !exists                           ? OUTCOME_NOT_FOUND
                      : check_interest(db, in, ids, out)  ? OUTCOME_FAILED
                      : out->n                            ? OUTCOME_INVALID
                      : write_interest(db, in, ids)       ? OUTCOME_FAILED
                                                          : OUTCOME_OK;
    if (rc != OUTCOME_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}

/* Replace the feedback (inside the transaction). 0 or -1. */
static int write_feedback(struct db *db, int64_t pupil_id, int64_t activity_id, const char *date,
                          int score, int again)
{
    char stamp[24];
    timestamp_now(stamp);
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO feedback (pupil_id, activity_id, date, score, again, created_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (pupil_id, activity_id, date)"
            " DO UPDATE SET score = excluded.score, again = excluded.again");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    db_bind_text(st, 3, date);
    sqlite3_bind_int(st, 4, score);
    sqlite3_bind_int(st, 5, again);
    db_bind_text(st, 6, stamp);
    return db_step_done(st);
}

enum outcome feedback_save(struct db *db, int64_t pupil_id, int64_t activity_id, const char *date,
                           int score, int again, struct problems *out)
{
    problems_clear(out);
    int32_t day;
    if (score < FEEDBACK_SCORE_MIN || score > FEEDBACK_SCORE_MAX)
        problems_add(out, "score", "problem.feedback_score");
    if (again != 0 && again != 1)
        problems_add(out, "again", "problem.feedback_again");
    if (!date || date_parse(date, &day))
        problems_add(out, "date", "problem.date");
    if (out->n)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t pupil = db_int(db, "SELECT 1 FROM pupils WHERE id = ?1", pupil_id, 0, 0);
    int64_t activity = db_int(db, "SELECT 1 FROM activities WHERE id = ?1", activity_id, 0, 0);
    enum outcome rc = pupil < 0 || activity < 0 ? OUTCOME_FAILED
                      : !pupil || !activity     ? OUTCOME_NOT_FOUND
                      : write_feedback(db, pupil_id, activity_id, date, score, again)
                          ? OUTCOME_FAILED
                          : OUTCOME_OK;
    if (rc != OUTCOME_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}
