#include "domain/people/accounts.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/audit.h"
#include "domain/people/hash_slots.h"
#include "domain/people/throttle.h"
#include "domain/people/users.h"
#include "util/log.h"

static _Atomic long password_wait_ms = PASSWORD_WAIT_MS;

void password_set_wait_ms(long wait_ms)
{
    password_wait_ms = wait_ms;
}

int password_hash(const char *password, char *out, size_t out_size)
{
    if (out_size < crypto_pwhash_STRBYTES)
        return -1;
    struct slots *slots = password_slots();
    if (slots_take(slots, password_wait_ms))
        return PASSWORD_BUSY;
    int rc = crypto_pwhash_str(out, password, strlen(password),
                               crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    slots_give(slots);
    return rc ? -1 : 0;
}

/* Whether password matches hash, within a slot taken with wait_ms: 1, 0 or PASSWORD_BUSY. */
static int check_within(const char *hash, const char *password, long wait_ms)
{
    struct slots *slots = password_slots();
    if (slots_take(slots, wait_ms))
        return PASSWORD_BUSY;
    bool match = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    slots_give(slots);
    return match;
}

int password_check(const char *hash, const char *password)
{
    return check_within(hash, password, password_wait_ms);
}

bool password_verify(const char *hash, const char *password)
{
    int rc;
    while ((rc = check_within(hash, password, 60 * 1000)) == PASSWORD_BUSY)
        ;
    return rc == 1;
}

int64_t account_insert(struct db *db, const struct new_user *u, char *err, size_t errlen)
{
    char hashed[crypto_pwhash_STRBYTES];
    const char *stored = u->password_hash;
    if (!stored) {
        if (!u->password || password_hash(u->password, hashed, sizeof hashed)) {
            snprintf(err, errlen, "wachtwoord kan niet worden opgeslagen");
            return -1;
        }
        stored = hashed;
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO users (email, name, role, password_hash, school_id,"
                                   " staff_id) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), nullif(?6, 0))"
                                   " ON CONFLICT (email) DO UPDATE SET name = excluded.name,"
                                   " role = excluded.role, password_hash = excluded.password_hash,"
                                   " school_id = excluded.school_id, staff_id = excluded.staff_id"
                                   " RETURNING id");
    if (!st) {
        snprintf(err, errlen, "databasefout");
        return -1;
    }
    db_bind_text(st, 1, u->email);
    db_bind_text(st, 2, u->name ? u->name : "");
    db_bind_text(st, 3, u->role);
    db_bind_text(st, 4, stored);
    sqlite3_bind_int64(st, 5, u->school_id);
    sqlite3_bind_int64(st, 6, u->staff_id);
    int64_t id = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else
        snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db)));
    sqlite3_reset(st);
    return id;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char secret[33];
    randombytes_buf(secret, 16);
    sodium_bin2hex(secret, sizeof secret, (const unsigned char *)secret, 16);
    /* Once per process, outside the slots: a busy moment must not leave it empty. */
    if (crypto_pwhash_str(dummy_hash, secret, strlen(secret), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE))
        dummy_hash[0] = '\0';
}

/* The id and password hash of the active account email into id and hash ("" and 0 when there
   is none). 0 or -1. */
static int find_account(struct db *db, const char *email, int64_t *id,
                        char hash[crypto_pwhash_STRBYTES])
{
    *id = 0;
    hash[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT id, password_hash FROM users"
                                   " WHERE email = ?1 AND active = 1");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(hash, crypto_pwhash_STRBYTES, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

enum login_result account_login(struct db *db, const struct login_try *t,
                                const struct login_limits *limits, int64_t *user_id,
                                int *retry_after)
{
    *user_id = 0;
    *retry_after = 0;
    int64_t attempt_id;
    int counted = login_attempt_begin(db, t->email, t->address, limits, (long long)time(NULL),
                                      &attempt_id, retry_after);
    if (counted)
        return counted > 0 ? LOGIN_THROTTLED : LOGIN_FAILED;
    int64_t id;
    char hash[crypto_pwhash_STRBYTES];
    if (find_account(db, t->email, &id, hash))
        return LOGIN_FAILED;
    /* Verify even for unknown emails, against a throw-away hash, so timing does not tell. */
    pthread_once(&dummy_once, make_dummy_hash);
    int match = password_check(id ? hash : dummy_hash, t->password);
    if (match == PASSWORD_BUSY) { /* no password was checked: not a failure */
        if (login_attempt_unchecked(db, attempt_id))
            log_error("login: an unchecked try stays counted as a failure\n");
        return LOGIN_BUSY;
    }
    if (match != 1 || !id)
        return LOGIN_WRONG;
    if (login_attempt_succeeded(db, t->email, t->address, attempt_id))
        log_error("login: the failures of a successful login were not forgotten\n");
    *user_id = id;
    return LOGIN_OK;
}

/* ---- the account's language ------------------------------------------------------------------ */

int read_account_lang(struct db *db, int64_t user_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT lang AS lang FROM users WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return db_row(st, "s", out);
}

int account_set_lang(struct db *db, int64_t user_id, const char *code)
{
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET lang = ?2 WHERE id = ?1");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, code);
    if (db_step_done(st)) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}

/* ---- changing a password --------------------------------------------------------------------- */

int account_write_password(struct db *db, int64_t user_id, const char *hash,
                           const unsigned char *keep_login)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET password_hash = ?2 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, hash);
    if (db_step_done(st))
        return -1;
    if (sqlite3_changes(db_handle(db)) == 0)
        return 1;
    /* token_hash IS NOT NULL is every login: ?2 unbound (NULL) keeps none. */
    st = db_stmt(db, "DELETE FROM logins WHERE user_id = ?1 AND token_hash IS NOT ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    if (keep_login)
        sqlite3_bind_blob(st, 2, keep_login, 32, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    return db_step_done(st) ? -1 : 0;
}

/* Whether password is the one stored for active account user_id: 1 yes, 0 no, -3 no such
   account, -1 database error, PASSWORD_BUSY (-2). */
static int password_matches(struct db *db, int64_t user_id, const char *password)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT password_hash FROM users WHERE id = ?1 AND active = 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    char hash[crypto_pwhash_STRBYTES] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return -3;
    if (rc != SQLITE_ROW)
        return -1;
    return *hash ? password_check(hash, password) : 0;
}

enum account_result account_change_password(struct db *db, int64_t user_id, const char *current,
                                            const char *new_password,
                                            const unsigned char *keep_login)
{
    int matches = password_matches(db, user_id, current ? current : "");
    if (matches == -3)
        return ACCOUNT_NOT_FOUND;
    if (matches == PASSWORD_BUSY)
        return ACCOUNT_BUSY;
    if (matches < 0)
        return ACCOUNT_FAILED;
    if (!matches)
        return ACCOUNT_WRONG_PASSWORD;
    if (user_password_check(new_password) != USER_OK)
        return ACCOUNT_BAD_PASSWORD;
    char hashed[crypto_pwhash_STRBYTES];
    int hashing = password_hash(new_password, hashed, sizeof hashed);
    if (hashing)
        return hashing == PASSWORD_BUSY ? ACCOUNT_BUSY : ACCOUNT_FAILED;
    enum account_result result = ACCOUNT_FAILED;
    if (db_begin(db))
        goto out;
    int written = account_write_password(db, user_id, hashed, keep_login);
    if (written || audit(db, user_id, "update", "users", user_id, "password=changed-self") ||
        db_commit(db)) {
        db_rollback(db);
        result = written > 0 ? ACCOUNT_NOT_FOUND : ACCOUNT_FAILED;
        goto out;
    }
    result = ACCOUNT_OK;
out:
    sodium_memzero(hashed, sizeof hashed);
    return result;
}
