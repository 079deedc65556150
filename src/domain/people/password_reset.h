/* Forgotten passwords: a one-time link by e-mail (issue 10). A request for an address, known
   or not, is throttled per address and per e-mail and answered alike; for an active account a
   random token (32 bytes from libsodium, as hex) goes into the outbox in a link
   {public_url}/password/reset/{token}, and only its hash is stored. The link works for
   RESET_VALID_SECONDS and once; using it sets the password and ends every login of the
   account. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_PASSWORD_RESET_H
#define VERRIJKT_DOMAIN_PASSWORD_RESET_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum {
    RESET_VALID_SECONDS = 3600,
    INVITE_VALID_SECONDS = 7 * 24 * 3600, /* an invitation's link: a week */
    RESET_WINDOW_SECONDS = 3600,  /* the throttles count the requests of the last hour */
    RESET_MAX_PER_EMAIL = 3,      /* … for one e-mail address */
    RESET_MAX_PER_ADDRESS = 20,   /* … from one network address */
};

/* The outcomes of domain/outcome.h used here, and the reset's own. */
enum reset_result {
    RESET_OK = OUTCOME_OK,
    RESET_FAILED = OUTCOME_FAILED,       /* database error or out of memory (logged) */
    RESET_INVALID = OUTCOME_NOT_FOUND,   /* no such token, expired, used, or account switched off */
    RESET_THROTTLED = OUTCOME_AREA,      /* too many requests for this e-mail or IP address */
    RESET_BAD_PASSWORD = OUTCOME_AREA - 1, /* the new password breaks user_password_check */
    RESET_BUSY = OUTCOME_AREA - 2,         /* no password slot came free (hash_slots.h) */
};

/* A request for a link for email from network address at unix time now, in one write
   transaction: RESET_THROTTLED (nothing written), or the request is recorded and, when email
   is an active account, a link is stored and its e-mail queued in the outbox in the account's
   language, with public_url (a trailing '/' dropped) in front of the path: RESET_OK either
   way, so the answer does not tell whether the address is known. RESET_FAILED on an error. */
enum reset_result password_reset_request(struct db *db, const char *email, const char *address,
                                         const char *public_url, long long now);

/* The stored password of an invited account that has not chosen one yet: no password matches
   it (it is not an Argon2 string), so the account can only be entered through its link. */
#define PASSWORD_INVITED "!invited"

/* Inside the caller's write transaction: an invitation for the new account user_id (email,
   name) from the lead inviter_name: a link to choose a first password, valid
   INVITE_VALID_SECONDS and once, in an e-mail in Dutch queued in the outbox. The link is
   the reset link ({public_url}/password/reset/{token}); an invitation that expired is
   replaced by asking for a new link on the login page ("Wachtwoord vergeten?"). 0 or -1. */
int password_invite(struct db *db, int64_t user_id, const char *email, const char *name,
                    const char *inviter_name, const char *public_url, long long now);

/* The stored form of a link's token: its BLAKE2b hash (32 bytes into out). */
void password_reset_token_hash(const char *token, unsigned char out[32]);

/* The link token as typed in the URL, usable at now: {"email", "invited" (the account has not
   chosen a password yet)} of its account into *out (new reference): 1; 0 when it is unknown, expired, used or its account switched off (*out NULL);
   -1 on a database error. */
int read_password_reset(struct db *db, const char *token, long long now, json_t **out);

/* Use the link token at now: new_password must pass user_password_check. In one write
   transaction the link is marked used, the password set, every login of the account ended and
   the change audited. RESET_OK, RESET_INVALID, RESET_BAD_PASSWORD (the link stays usable) or
   RESET_FAILED; nothing is written on a refusal. */
enum reset_result password_reset_use(struct db *db, const char *token, const char *new_password,
                                     long long now);

#endif
