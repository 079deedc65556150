#include "domain/people/password_reset.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/accounts.h"
#include "domain/people/audit.h"
#include "domain/people/users.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/messages.h"

enum { TOKEN_BYTES = 32, TOKEN_HEX = TOKEN_BYTES * 2 + 1 };

void password_reset_token_hash(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* ---- asking for a link ----------------------------------------------------------------------- */

/* Whether email or address has reached its limit of requests since `since`: 1 yes, 0 no, -1
   database error. */
static int throttled(struct db *db, const char *email, const char *address, long long since)
{
    int64_t by_email = db_int_text(db, "SELECT count(*) FROM password_reset_requests"
                                       " WHERE email = ?1 AND at >= ?2",
                                   email, since, 0, -1);
    int64_t by_address = db_int_text(db, "SELECT count(*) FROM password_reset_requests"
                                         " WHERE address = ?1 AND at >= ?2",
                                     address, since, 0, -1);
    if (by_email < 0 || by_address < 0)
        return -1;
    return by_email >= RESET_MAX_PER_EMAIL || by_address >= RESET_MAX_PER_ADDRESS;
}

/* Record the request and drop those older than a day. 0 or -1. */
static int record_request(struct db *db, const char *email, const char *address, long long now)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO password_reset_requests (email, address, at)"
                                   " VALUES (?1, ?2, ?3)");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, address);
    sqlite3_bind_int64(st, 3, now);
    if (db_step_done(st))
        return -1;
    st = db_stmt(db, "DELETE FROM password_reset_requests WHERE at < ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, now - 24 * 3600);
    return db_step_done(st);
}

/* The active account of email: its id and language (a loaded code, "nl" when none) into
   *id and lang. 1 found, 0 none, -1 database error. */
static int find_account(struct db *db, const char *email, int64_t *id, char lang[16])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, lang FROM users WHERE email = ?1 AND active = 1");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        const char *code = i18n_find(db_col_text(st, 1));
        snprintf(lang, 16, "%s", code ? code : "nl");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* What an e-mail with a link says: the subject, the text above the link and below it (plain
   text, owned by the caller's strings), and how long the link works. */
struct link_mail {
    const char *subject, *intro, *outro;
    long long valid_seconds;
};

/* Store the hash of a new token for user_id and queue the e-mail m with its link to email.
   0 or -1. */
static int send_link(struct db *db, int64_t user_id, const char *email,
                     const struct link_mail *m, const char *public_url, long long now)
{
    unsigned char raw[TOKEN_BYTES], hash[32];
    char token[TOKEN_HEX];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    password_reset_token_hash(token, hash);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO password_resets (token_hash, user_id,"
                                   " created_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, now + m->valid_seconds);
    if (db_step_done(st))
        return -1;
    size_t base = strlen(public_url);
    while (base > 0 && public_url[base - 1] == '/')
        base--;
    char stamp[24];
    timestamp_now(stamp);
    struct buf body = {0};
    buf_printf(&body, "%s\n\n%.*s/password/reset/%s\n\n%s\n", m->intro, (int)base, public_url,
               token, m->outro);
    sodium_memzero(token, sizeof token);
    int rc = -1;
    st = db_stmt(db, "INSERT INTO outbox (to_email, subject, body, created_at)"
                     " VALUES (?1, ?2, ?3, ?4)");
    if (st && body.data) {
        db_bind_text(st, 1, email);
        db_bind_text(st, 2, m->subject);
        db_bind_text(st, 3, body.data);
        db_bind_text(st, 4, stamp);
        rc = db_step_done(st);
    }
    buf_free(&body);
    return rc;
}

int password_invite(struct db *db, int64_t user_id, const char *email, const char *name,
                    const char *inviter_name, const char *public_url, long long now)
{
    json_t *vars = json_pack("{s:s, s:s}", "name", name, "inviter", inviter_name);
    char *intro = vars ? i18n_format("nl", "invite.mail_intro", vars) : NULL;
    json_decref(vars);
    if (!intro)
        return -1;
    const struct link_mail invite = {i18n_text("nl", "invite.mail_subject"), intro,
                                     i18n_text("nl", "invite.mail_outro"), INVITE_VALID_SECONDS};
    int rc = send_link(db, user_id, email, &invite, public_url, now);
    free(intro);
    return rc;
}

enum reset_result password_reset_request(struct db *db, const char *email, const char *address,
                                         const char *public_url, long long now)
{
    if (db_begin(db))
        return RESET_FAILED;
    enum reset_result result = RESET_FAILED;
    int over = throttled(db, email, address, now - RESET_WINDOW_SECONDS);
    if (over) {
        result = over > 0 ? RESET_THROTTLED : RESET_FAILED;
        goto fail;
    }
    if (record_request(db, email, address, now))
        goto fail;
    int64_t user_id = 0;
    char lang[16] = "nl";
    int found = find_account(db, email, &user_id, lang);
    const struct link_mail reset = {i18n_text(lang, "password.mail_subject"),
                                    i18n_text(lang, "password.mail_intro"),
                                    i18n_text(lang, "password.mail_ignore"), RESET_VALID_SECONDS};
    if (found < 0 || (found && send_link(db, user_id, email, &reset, public_url, now)))
        goto fail;
    if (found && audit(db, user_id, "request", "password_resets", user_id, ""))
        goto fail;
    return db_commit(db) ? RESET_FAILED : RESET_OK;
fail:
    db_rollback(db);
    return result;
}

/* ---- using a link ---------------------------------------------------------------------------- */

/* Inside the transaction: mark the usable link of hash used at now; its account's id into
   *user_id. 1 done, 0 no usable link, -1 database error. */
static int claim_link(struct db *db, const unsigned char hash[32], long long now,
                      int64_t *user_id)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1"
                                   " AND used_at IS NULL AND expires_at > ?2 AND user_id IN"
                                   " (SELECT id FROM users WHERE active = 1) RETURNING user_id");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *user_id = sqlite3_column_int64(st, 0);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    return *user_id > 0;
}

enum reset_result password_reset_use(struct db *db, const char *token, const char *new_password,
                                     long long now)
{
    if (user_password_check(new_password) != USER_OK)
        return RESET_BAD_PASSWORD;
    char hashed[crypto_pwhash_STRBYTES];
    int hashing = password_hash(new_password, hashed, sizeof hashed);
    if (hashing)
        return hashing == PASSWORD_BUSY ? RESET_BUSY : RESET_FAILED;
    unsigned char hash[32];
    password_reset_token_hash(token ? token : "", hash);
    enum reset_result result = RESET_FAILED;
    if (db_begin(db))
        goto out;
    int64_t user_id = 0;
    int claimed = claim_link(db, hash, now, &user_id);
    if (claimed <= 0) {
        result = claimed == 0 ? RESET_INVALID : RESET_FAILED;
        db_rollback(db);
        goto out;
    }
    /* The other links of the account end too: a new password makes them pointless. */
    sqlite3_stmt *st = db_stmt(db, "UPDATE password_resets SET used_at = ?2"
                                   " WHERE user_id = ?1 AND used_at IS NULL");
    if (st) {
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, now);
    }
    if (!st || db_step_done(st) || account_write_password(db, user_id, hashed, NULL) ||
        audit(db, user_id, "update", "users", user_id, "password=reset") || db_commit(db)) {
        db_rollback(db);
        goto out;
    }
    result = RESET_OK;
out:
    sodium_memzero(hashed, sizeof hashed);
    return result;
}
