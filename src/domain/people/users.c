#include "domain/people/users.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "domain/people/audit.h"
#include "domain/people/password_reset.h"
#include "util/utf8.h"
#include "util/log.h"

const char *const user_roles[] = {"lead", "coordinator", "staff", "parent", NULL};

bool user_role_known(const char *role)
{
    for (size_t i = 0; role && user_roles[i]; i++)
        if (!strcmp(user_roles[i], role))
            return true;
    return false;
}

const char *user_result_key(enum user_result result)
{
    switch (result) {
    case USER_OK: return "";
    case USER_FAILED:
    case USER_BUSY: return "problem.user_failed";
    case USER_NOT_FOUND: return "problem.user_not_found";
    case USER_BAD_EMAIL: return "problem.user_bad_email";
    case USER_BAD_NAME: return "problem.user_bad_name";
    case USER_BAD_ROLE: return "problem.user_bad_role";
    case USER_BAD_PASSWORD: return "problem.user_bad_password";
    case USER_EMAIL_TAKEN: return "problem.user_email_taken";
    case USER_SCHOOL_NEEDED: return "problem.user_school_needed";
    case USER_STAFF_NEEDED: return "problem.user_staff_needed";
    case USER_SELF_DEACTIVATE: return "problem.user_self_deactivate";
    case USER_SELF_DEMOTE: return "problem.user_self_demote";
    }
    return "problem.user_failed";
}

const char *user_result_field(enum user_result result)
{
    switch (result) {
    case USER_BAD_EMAIL:
    case USER_EMAIL_TAKEN: return "email";
    case USER_BAD_NAME: return "name";
    case USER_BAD_ROLE:
    case USER_SELF_DEMOTE: return "role";
    case USER_BAD_PASSWORD: return "password";
    case USER_SCHOOL_NEEDED: return "school";
    case USER_STAFF_NEEDED: return "staff";
    case USER_SELF_DEACTIVATE: return "active";
    default: return NULL;
    }
}

/* A plausible address: one '@' with text before it, a dot after it, no spaces or list
   separators, at most USER_EMAIL_MAX bytes. */
static bool email_valid(const char *s)
{
    if (!s || !*s || strlen(s) > USER_EMAIL_MAX || !utf8_valid(s, strlen(s)))
        return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        s[strlen(s) - 1] == '.')
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            return false;
    return true;
}

static bool name_valid(const char *s)
{
    if (!s || !*s || !utf8_valid(s, strlen(s)))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return utf8_length(s) <= USER_NAME_MAX;
}

enum user_result user_password_check(const char *password)
{
    if (!password || !utf8_valid(password, strlen(password)))
        return USER_BAD_PASSWORD;
    size_t n = utf8_length(password);
    return n >= PASSWORD_MIN && n <= PASSWORD_MAX ? USER_OK : USER_BAD_PASSWORD;
}

/* The checks that need no database, in the order of the form. */
static enum user_result input_check(const struct user_input *in, bool password_required)
{
    if (!email_valid(in->email))
        return USER_BAD_EMAIL;
    if (!name_valid(in->name))
        return USER_BAD_NAME;
    if (!user_role_known(in->role))
        return USER_BAD_ROLE;
    if ((password_required || (in->password && *in->password)) &&
        user_password_check(in->password) != USER_OK)
        return USER_BAD_PASSWORD;
    if (!strcmp(in->role, "coordinator") && in->school_id <= 0)
        return USER_SCHOOL_NEEDED;
    if (!strcmp(in->role, "staff") && in->staff_id <= 0)
        return USER_STAFF_NEEDED;
    return USER_OK;
}

/* The checks against the database, inside the transaction: the address is free (apart from
   user_id itself; 0 for a new account), the school and the staff record exist. */
static enum user_result db_check(struct db *db, int64_t user_id, const struct user_input *in)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM users WHERE email = ?1 COLLATE NOCASE"
                                   " AND id <> ?2");
    if (!st)
        return USER_FAILED;
    db_bind_text(st, 1, in->email);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return USER_EMAIL_TAKEN;
    if (rc != SQLITE_DONE)
        return USER_FAILED;
    if (!strcmp(in->role, "coordinator")) {
        int64_t found = db_int(db, "SELECT 1 FROM schools WHERE id = ?1", in->school_id, 0, 0);
        if (found <= 0)
            return found ? USER_FAILED : USER_SCHOOL_NEEDED;
    }
    if (!strcmp(in->role, "staff")) {
        int64_t found = db_int(db, "SELECT 1 FROM staff WHERE id = ?1", in->staff_id, 0, 0);
        if (found <= 0)
            return found ? USER_FAILED : USER_STAFF_NEEDED;
    }
    return USER_OK;
}

/* The school and staff ids to store for this role (0 = none). */
static int64_t stored_school(const struct user_input *in)
{
    return !strcmp(in->role, "coordinator") ? in->school_id : 0;
}

static int64_t stored_staff(const struct user_input *in)
{
    return !strcmp(in->role, "staff") ? in->staff_id : 0;
}

enum user_result user_create(struct db *db, int64_t actor_id, const struct user_input *in,
                             int64_t *id_out)
{
    enum user_result result = input_check(in, !in->invite);
    if (result != USER_OK)
        return result;
    /* Hashing takes a while: do it before taking the write lock. */
    char hashed[crypto_pwhash_STRBYTES] = PASSWORD_INVITED;
    int hashing = in->invite ? 0 : password_hash(in->password, hashed, sizeof hashed);
    if (hashing)
        return hashing == PASSWORD_BUSY ? USER_BUSY : USER_FAILED;
    if (db_begin(db))
        return USER_FAILED;
    result = db_check(db, 0, in);
    if (result != USER_OK)
        goto fail;
    result = USER_FAILED;
    struct new_user u = {.email = in->email,
                         .name = in->name,
                         .role = in->role,
                         .password_hash = hashed,
                         .school_id = stored_school(in),
                         .staff_id = stored_staff(in)};
    char err[256];
    int64_t id = account_insert(db, &u, err, sizeof err);
    if (id < 0) {
        log_error("user_create: %s\n", err);
        goto fail;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "role=%s%s", in->role, in->invite ? " invited" : "");
    if ((in->invite && password_invite(db, id, in->email, in->name,
                                       in->inviter_name ? in->inviter_name : "",
                                       in->public_url ? in->public_url : "", (long long)time(NULL))) ||
        audit(db, actor_id, "create", "users", id, detail) || db_commit(db))
        goto fail;
    sodium_memzero(hashed, sizeof hashed);
    *id_out = id;
    return USER_OK;
fail:
    sodium_memzero(hashed, sizeof hashed);
    db_rollback(db);
    return result;
}

/* End every login session of user_id. 0 or -1. */
static int end_logins(struct db *db, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM logins WHERE user_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return db_step_done(st);
}

/* Write the new values of account user_id; new_hash NULL keeps the password. 1 when there is
   no such account, 0 or -1. */
static int write_user(struct db *db, int64_t user_id, const struct user_input *in,
                      const char *new_hash)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET email = ?2, name = ?3, role = ?4,"
                                   " school_id = nullif(?5, 0), staff_id = nullif(?6, 0),"
                                   " active = ?7, password_hash = coalesce(?8, password_hash)"
                                   " WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, in->email);
    db_bind_text(st, 3, in->name);
    db_bind_text(st, 4, in->role);
    sqlite3_bind_int64(st, 5, stored_school(in));
    sqlite3_bind_int64(st, 6, stored_staff(in));
    sqlite3_bind_int(st, 7, in->active ? 1 : 0);
    db_bind_text(st, 8, new_hash);
    if (db_step_done(st))
        return -1;
    return sqlite3_changes(db_handle(db)) == 0 ? 1 : 0;
}

enum user_result user_update(struct db *db, int64_t actor_id, int64_t user_id,
                             const struct user_input *in)
{
    enum user_result result = input_check(in, false);
    if (result != USER_OK)
        return result;
    if (actor_id == user_id && !in->active)
        return USER_SELF_DEACTIVATE;
    if (actor_id == user_id && strcmp(in->role, "lead"))
        return USER_SELF_DEMOTE;
    bool new_password = in->password && *in->password;
    char hashed[crypto_pwhash_STRBYTES] = "";
    int hashing = new_password ? password_hash(in->password, hashed, sizeof hashed) : 0;
    if (hashing)
        return hashing == PASSWORD_BUSY ? USER_BUSY : USER_FAILED;
    if (db_begin(db))
        return USER_FAILED;
    result = db_check(db, user_id, in);
    if (result != USER_OK)
        goto fail;
    result = USER_FAILED;
    int written = write_user(db, user_id, in, new_password ? hashed : NULL);
    if (written) {
        result = written > 0 ? USER_NOT_FOUND : USER_FAILED;
        goto fail;
    }
    if (!in->active && end_logins(db, user_id))
        goto fail;
    /* A new password ends the account's other logins; the actor's own one stays. */
    if (new_password && in->active &&
        account_write_password(db, user_id, hashed,
                               actor_id == user_id ? in->keep_login : NULL) < 0)
        goto fail;
    char detail[96];
    snprintf(detail, sizeof detail, "role=%s active=%d%s", in->role, in->active ? 1 : 0,
             new_password ? " password=changed" : "");
    if (audit(db, actor_id, "update", "users", user_id, detail) || db_commit(db))
        goto fail;
    sodium_memzero(hashed, sizeof hashed);
    return USER_OK;
fail:
    sodium_memzero(hashed, sizeof hashed);
    db_rollback(db);
    return result;
}
