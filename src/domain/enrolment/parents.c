/* Parent accounts and link codes. */
#include "domain/enrolment/parents.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "domain/people/audit.h"
#include "domain/people/pupils.h"
#include "domain/people/throttle.h"
#include "util/date.h"

/* ---- the throttle ---------------------------------------------------------------------------- */

/* 1 when this account (0: none yet) or address tried too many wrong codes lately, 0 when not,
   -1 on error. */
static int throttled(struct db *db, int64_t user_id, const char *address,
                     const struct link_limits *limits)
{
    long long since = (long long)time(NULL) - (long long)limits->window_minutes * 60;
    int64_t by_user = user_id ? db_int(db, "SELECT count(*) FROM link_failures"
                                           " WHERE user_id = ?1 AND at >= ?2",
                                       user_id, since, -1)
                              : 0;
    int64_t by_address = db_int_text(db, "SELECT count(*) FROM link_failures"
                                         " WHERE address = ?1 AND at >= ?2",
                                     address, since, 0, -1);
    if (by_user < 0 || by_address < 0)
        return -1;
    return by_user >= limits->max_failures || by_address >= 4 * (int64_t)limits->max_failures;
}

/* Count a wrong code, in a transaction of its own (the caller's was rolled back); old tries
   are pruned on the way. */
static void record_failure(struct db *db, int64_t user_id, const char *address)
{
    const struct throttle_failure f = {
        .insert_sql = "INSERT INTO link_failures (user_id, address, at)"
                      " VALUES (nullif(?1, 0), ?2, ?3)",
        .prune_sql = "DELETE FROM link_failures WHERE at < ?1",
        .user_id = user_id,
        .address = address};
    throttle_record_failure(db, &f, (long long)time(NULL));
}

/* ---- codes ----------------------------------------------------------------------------------- */

/* The pupil holding the code, and whether it was used; inside the transaction. */
static enum parent_result find_code(struct db *db, const char *code, int64_t *pupil_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, link_code_used_at IS NOT NULL FROM pupils"
                                   " WHERE link_code = ?1 AND left_on IS NULL");
    if (!st)
        return PARENT_FAILED;
    db_bind_text(st, 1, code);
    int rc = sqlite3_step(st);
    bool used = false;
    if (rc == SQLITE_ROW) {
        *pupil_id = sqlite3_column_int64(st, 0);
        used = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return PARENT_CODE_WRONG;
    if (rc != SQLITE_ROW)
        return PARENT_FAILED;
    return used ? PARENT_CODE_USED : PARENT_OK;
}

static int link_and_use(struct db *db, int64_t user_id, int64_t pupil_id)
{
    char stamp[24];
    timestamp_now(stamp);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO parent_children (user_id, pupil_id)"
                                   " VALUES (?1, ?2)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    if (db_step_done(st))
        return -1;
    st = db_stmt(db, "UPDATE pupils SET link_code_used_at = ?3, link_code_used_by = ?2"
                     " WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, stamp);
    if (db_step_done(st))
        return -1;
    return audit(db, user_id, "link", "pupils", pupil_id, "ouder gekoppeld met koppelcode");
}

int parent_has_child(struct db *db, int64_t user_id, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM parent_children"
                                   " WHERE user_id = ?1 AND pupil_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The common start: the code's form, the throttle, the transaction, the pupil of the code.
   On PARENT_OK the transaction is open; otherwise it is closed and a wrong code counted. */
static enum parent_result open_code(struct db *db, int64_t user_id, const char *typed,
                                    const char *address, const struct link_limits *limits,
                                    int64_t *pupil_id)
{
    char code[LINK_CODE_SIZE];
    if (link_code_normalize(typed, code))
        return PARENT_CODE_MALFORMED;
    if (db_begin(db))
        return PARENT_FAILED;
    int limited = throttled(db, user_id, address, limits);
    enum parent_result rc = limited < 0   ? PARENT_FAILED
                            : limited > 0 ? PARENT_THROTTLED
                                          : find_code(db, code, pupil_id);
    if (rc == PARENT_OK)
        return PARENT_OK;
    db_rollback(db);
    if (rc == PARENT_CODE_WRONG)
        record_failure(db, user_id, address);
    return rc;
}

/* ---- the two ways in ------------------------------------------------------------------------- */

/* PARENT_EMAIL_TAKEN when an account has this address, PARENT_OK when not. */
static enum parent_result email_free(struct db *db, const char *email)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM users WHERE email = ?1");
    if (!st)
        return PARENT_FAILED;
    db_bind_text(st, 1, email);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PARENT_EMAIL_TAKEN : rc == SQLITE_DONE ? PARENT_OK : PARENT_FAILED;
}

static enum parent_result create_parent(struct db *db, const struct parent_signup *in,
                                        const char *password_hash, int64_t *user_id)
{
    enum parent_result rc = email_free(db, in->email);
    if (rc != PARENT_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO users (email, name, role, password_hash, lang)"
                                   " VALUES (?1, ?2, 'parent', ?3, ?4)");
    if (!st)
        return PARENT_FAILED;
    db_bind_text(st, 1, in->email);
    db_bind_text(st, 2, in->name ? in->name : "");
    db_bind_text(st, 3, password_hash);
    db_bind_text(st, 4, in->lang ? in->lang : "");
    if (db_step_done(st))
        return PARENT_FAILED;
    *user_id = sqlite3_last_insert_rowid(db_handle(db));
    return audit(db, *user_id, "create", "users", *user_id, "ouderaccount met koppelcode")
               ? PARENT_FAILED
               : PARENT_OK;
}

/* The checks of parent_register before the hash: the code's form, the throttle, the code and
   the e-mail address, in a transaction that writes nothing (a wrong code is counted). */
static enum parent_result check_before_hashing(struct db *db, const struct parent_signup *in,
                                               const struct link_limits *limits)
{
    int64_t pupil_id;
    enum parent_result rc = open_code(db, 0, in->code, in->address, limits, &pupil_id);
    if (rc != PARENT_OK)
        return rc;
    rc = email_free(db, in->email);
    db_rollback(db);
    return rc;
}

/* The account and the link, in one transaction, with the password's hash made beforehand. */
static enum parent_result write_parent(struct db *db, const struct parent_signup *in,
                                       const char *password_hash,
                                       const struct link_limits *limits, int64_t *user_id,
                                       int64_t *pupil_id)
{
    enum parent_result rc = open_code(db, 0, in->code, in->address, limits, pupil_id);
    if (rc != PARENT_OK)
        return rc;
    rc = create_parent(db, in, password_hash, user_id);
    if (rc == PARENT_OK && link_and_use(db, *user_id, *pupil_id))
        rc = PARENT_FAILED;
    if (rc != PARENT_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? PARENT_FAILED : PARENT_OK;
}

enum parent_result parent_register(struct db *db, const struct parent_signup *in,
                                   const struct link_limits *limits, int64_t *user_id,
                                   int64_t *pupil_id)
{
    *user_id = *pupil_id = 0;
    enum parent_result rc = check_before_hashing(db, in, limits);
    if (rc != PARENT_OK)
        return rc;
    char hash[crypto_pwhash_STRBYTES];
    int hashed = password_hash(in->password ? in->password : "", hash, sizeof hash);
    if (hashed)
        return hashed == PASSWORD_BUSY ? PARENT_BUSY : PARENT_FAILED;
    rc = write_parent(db, in, hash, limits, user_id, pupil_id);
    sodium_memzero(hash, sizeof hash);
    if (rc != PARENT_OK)
        *user_id = *pupil_id = 0;
    return rc;
}

enum parent_result parent_link_child(struct db *db, int64_t user_id, const char *code,
                                     const char *address, const struct link_limits *limits,
                                     int64_t *pupil_id)
{
    *pupil_id = 0;
    enum parent_result rc = open_code(db, user_id, code, address, limits, pupil_id);
    if (rc != PARENT_OK)
        return rc;
    int linked = parent_has_child(db, user_id, *pupil_id);
    rc = linked < 0 ? PARENT_FAILED : linked ? PARENT_ALREADY_LINKED : PARENT_OK;
    if (rc == PARENT_OK && link_and_use(db, user_id, *pupil_id))
        rc = PARENT_FAILED;
    if (rc != PARENT_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? PARENT_FAILED : PARENT_OK;
}

const char *parent_result_key(enum parent_result result)
{
    switch (result) {
    case PARENT_OK: return "link.ok";
    case PARENT_FAILED: return "link.failed";
    case PARENT_CODE_WRONG: return "link.code_wrong";
    case PARENT_CODE_USED: return "link.code_used";
    case PARENT_THROTTLED: return "link.throttled";
    case PARENT_EMAIL_TAKEN: return "link.email_taken";
    case PARENT_ALREADY_LINKED: return "link.already_linked";
    case PARENT_CODE_MALFORMED: return "link.code_malformed";
    case PARENT_BUSY: return "link.busy";
    }
    return "link.failed";
}
