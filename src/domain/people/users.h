/* Account management by the coalition lead: creating and changing user accounts of every
   role, with the rules that keep them consistent (unique e-mail address regardless of case,
   a school for a coordinator, a staff record for staff, the lead never locking themselves
   out). Password hashing and the insert itself are in accounts.h. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_USERS_H
#define VERRIJKT_DOMAIN_USERS_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum { USER_NAME_MAX = 120, USER_EMAIL_MAX = 254 };

/* The roles in their order of display: "lead", "coordinator", "staff", "parent". NULL-ended. */
extern const char *const user_roles[];
/* Is role one of user_roles? (Its name is the pages' to say: view/i18n.h req_role_label.) */
bool user_role_known(const char *role);

struct user_input {
    const char *email;
    const char *name;
    const char *role;     /* one of user_roles */
    const char *password; /* plain; create: required unless invite; update: NULL or "" keeps
                             the old one */
    bool invite;          /* create only: no password; an e-mail with a link to choose one
                             (password_invite), from inviter_name, with public_url's links */
    const char *inviter_name, *public_url;
    int64_t school_id;    /* required for a coordinator, ignored (stored as none) otherwise */
    int64_t staff_id;     /* required for staff, ignored otherwise */
    bool active;          /* update only: a new account is always active */
    const unsigned char *keep_login; /* update only: the actor's own login (32-byte token hash)
                                        that stays when the actor sets their own password;
                                        NULL = none */
};

/* The outcomes of domain/outcome.h used here, and one per refused field of an account. */
enum user_result {
    USER_OK = OUTCOME_OK,
    USER_FAILED = OUTCOME_FAILED,         /* database error (logged) */
    USER_NOT_FOUND = OUTCOME_NOT_FOUND,   /* no such account */
    USER_BAD_EMAIL = OUTCOME_AREA,        /* empty, too long or not an address */
    USER_BAD_NAME = OUTCOME_AREA - 1,     /* empty, too long or control characters */
    USER_BAD_ROLE = OUTCOME_AREA - 2,
    USER_BAD_PASSWORD = OUTCOME_AREA - 3, /* fewer than PASSWORD_MIN or more than PASSWORD_MAX */
    USER_EMAIL_TAKEN = OUTCOME_AREA - 4,  /* another account has this address (case ignored) */
    USER_SCHOOL_NEEDED = OUTCOME_AREA - 5, /* a coordinator without an existing school */
    USER_STAFF_NEEDED = OUTCOME_AREA - 6, /* staff without an existing staff record */
    USER_SELF_DEACTIVATE = OUTCOME_AREA - 7, /* the acting lead switching off their own account */
    USER_SELF_DEMOTE = OUTCOME_AREA - 8,  /* the acting lead giving themselves another role */
    USER_BUSY = OUTCOME_AREA - 9,         /* no password slot came free (hash_slots.h) */
};

/* The message key of a result ("problem.user_email_taken", no placeholders; static); "" for
   USER_OK. */
const char *user_result_key(enum user_result result);
/* The form field a result belongs to ("email", "name", "role", "password", "school", "staff",
   "active"); NULL for USER_OK, USER_FAILED and USER_NOT_FOUND. */
const char *user_result_field(enum user_result result);

/* Check a password's length in characters: USER_OK or USER_BAD_PASSWORD. */
enum user_result user_password_check(const char *password);

/* Create an account (active), audited as actor_id, in one transaction. The password is
   hashed before the transaction starts; an invited account gets none (PASSWORD_INVITED) and
   its invitation is queued in the same transaction. *id_out gets the id. Nothing is written
   on error. */
enum user_result user_create(struct db *db, int64_t actor_id, const struct user_input *in,
                             int64_t *id_out);
/* Change account user_id, audited, in one transaction. A new password is set only when given.
   Switching an account off, or setting a new password, ends that account's login sessions
   (DELETE FROM logins); when actors set their own password, their login in->keep_login stays. The actor cannot switch off or demote their own
   account. Nothing is written on error. */
enum user_result user_update(struct db *db, int64_t actor_id, int64_t user_id,
                             const struct user_input *in);

#endif
