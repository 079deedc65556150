/* Accounts: password hashing, creating users, checking logins, throttling failures. */
#ifndef VERRIJKT_DOMAIN_ACCOUNTS_H
#define VERRIJKT_DOMAIN_ACCOUNTS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum { PASSWORD_MIN = 10, PASSWORD_MAX = 200 };

/* Argon2id hash of password into out (crypto_pwhash_STRBYTES). 0 or -1 (out of memory). */
int password_hash(const char *password, char *out, size_t out_size);
bool password_verify(const char *hash, const char *password);

struct new_user {
    const char *email, *name, *role; /* role: lead | coordinator | staff | parent */
    const char *password;            /* plain; or NULL when password_hash is given */
    const char *password_hash;
    int64_t school_id, staff_id;     /* 0 = none */
};

/* Insert a user inside the caller's write transaction. Returns the id, or -1 with a message in
   err ("e-mailadres bestaat al", …). */
int64_t account_insert(struct db *db, const struct new_user *u, char *err, size_t errlen);

/* Check email + password. Returns the user id, 0 for wrong credentials (a failure is recorded),
   -1 when throttled (too many failures for this email or address within the window). */
int64_t account_login(struct db *db, const char *email, const char *password, const char *address,
                      int max_failures, int window_minutes);

/* The language saved for account user_id ("nl", "en", …; "" when none) as {"lang"} into *out
   (new reference): 1 found, 0 no such account (*out NULL), -1 database error (logged). */
int read_account_lang(struct db *db, int64_t user_id, json_t **out);
/* Save code as the language of account user_id, in a write transaction of its own. 0 or -1
   (logged). */
int account_set_lang(struct db *db, int64_t user_id, const char *code);

/* ---- changing a password (issue 10) ---------------------------------------------------------- */

/* The outcomes of domain/outcome.h used here, and the account's own. */
enum account_result {
    ACCOUNT_OK = OUTCOME_OK,
    ACCOUNT_FAILED = OUTCOME_FAILED,          /* database error or out of memory (logged) */
    ACCOUNT_NOT_FOUND = OUTCOME_NOT_FOUND,    /* no such active account */
    ACCOUNT_WRONG_PASSWORD = OUTCOME_AREA,    /* the current password does not match */
    ACCOUNT_BAD_PASSWORD = OUTCOME_AREA - 1,  /* the new one breaks user_password_check */
};

/* Inside the caller's write transaction: store hash (Argon2id) as user_id's password and end
   every login of the account except keep_login (the 32-byte token hash of the login that stays;
   NULL ends them all). 1 when there is no such account, 0, or -1. */
int account_write_password(struct db *db, int64_t user_id, const char *hash,
                           const unsigned char *keep_login);

/* The account's own change of password: current must be user_id's password, new_password must
   pass user_password_check (domain/people/users.h). In one write transaction (the hashing
   before it) the password is set, every other login of the account ends (keep_login stays, as
   in account_write_password) and the change is audited. Nothing is written on a refusal. */
enum account_result account_change_password(struct db *db, int64_t user_id, const char *current,
                                            const char *new_password,
                                            const unsigned char *keep_login);

#endif
