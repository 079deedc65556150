/* Accounts: password hashing, creating users, checking logins under the login throttle. */
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

/* Hashing and checking take one of the password slots (hash_slots.h), waiting at most
   PASSWORD_WAIT_MS; PASSWORD_BUSY when none came free: the server is flooded, try later. */
enum { PASSWORD_WAIT_MS = 2000, PASSWORD_BUSY = -2 };
/* Change that wait for the whole process (the unit tests of a flooded server shorten it). */
void password_set_wait_ms(long wait_ms);

/* Argon2id hash of password into out (crypto_pwhash_STRBYTES). 0, -1 (out of memory) or
   PASSWORD_BUSY. */
int password_hash(const char *password, char *out, size_t out_size);
/* Whether password matches hash (Argon2id): 1 yes, 0 no, PASSWORD_BUSY. */
int password_check(const char *hash, const char *password);
/* password_check for the command line and tests: waits as long as it takes for a slot. */
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

/* The login throttle's settings ([security] login_max_failures and login_window_minutes).
   Within the window, counted over the failed tries kept in login_failures:
   - one account from one address: max_failures tries, then refused until the window has
     passed for the oldest of them;
   - one address, whatever the account: LOGIN_ADDRESS_FACTOR × max_failures;
   - one account, from any address: LOGIN_ACCOUNT_FACTOR × max_failures free tries, then each
     further try waits login_account_delay seconds after the account's last failure, so that
     guesses from many addresses slow down without locking the owner out for long.
   The factors and login_account_delay are domain/people/throttle.h. */
struct login_limits {
    int max_failures;
    int window_minutes;
};

enum login_result {
    LOGIN_OK = 0,
    LOGIN_WRONG,     /* wrong email or password (the failure is counted) */
    LOGIN_THROTTLED, /* refused before any check: *retry_after seconds to wait */
    LOGIN_FAILED,    /* database error (logged) */
    LOGIN_BUSY,      /* no password slot came free in time (domain/people/hash_slots.h) */
};

/* One login try: email and password as typed, from the client address. */
struct login_try {
    const char *email, *password, *address;
};

/* Check a login try under the login throttle (domain/people/throttle.h): the try is counted
   before the password is checked (login_attempt_begin), so parallel guesses never check more
   passwords than the limits allow; a right password forgets the failures of that email from
   that address. LOGIN_OK puts the account's id in *user_id; LOGIN_THROTTLED the seconds to
   wait in *retry_after. Unknown emails cost the same hash as known ones. */
enum login_result account_login(struct db *db, const struct login_try *t,
                                const struct login_limits *limits, int64_t *user_id,
                                int *retry_after);

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
    ACCOUNT_BUSY = OUTCOME_AREA - 2,          /* no password slot came free in time */
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
