/* Parent accounts: made with the link code (koppelcode) the school gave, more children linked
   with more codes. A code is used once. Wrong codes are counted per account and per client
   address, and further tries are refused for a while, so codes cannot be found by trying.
   No HTTP here. */
#ifndef VERRIJKT_DOMAIN_PARENTS_H
#define VERRIJKT_DOMAIN_PARENTS_H

#include "domain/layer.h"

#include <stdint.h>

#include "domain/outcome.h"

struct db;

/* The outcomes of domain/outcome.h used here (OK, FAILED), and linking's own. */
enum parent_result {
    PARENT_OK = OUTCOME_OK,
    PARENT_FAILED = OUTCOME_FAILED,       /* database error (logged); nothing written */
    PARENT_CODE_WRONG = OUTCOME_AREA,     /* no pupil has this code (the try is counted) */
    PARENT_CODE_USED = OUTCOME_AREA - 1,  /* the code was used before */
    PARENT_THROTTLED = OUTCOME_AREA - 2,  /* too many wrong codes lately: wait */
    PARENT_EMAIL_TAKEN = OUTCOME_AREA - 3, /* an account with this address exists */
    PARENT_ALREADY_LINKED = OUTCOME_AREA - 4,
    PARENT_CODE_MALFORMED = OUTCOME_AREA - 5, /* cannot be a code at all (a typo, not counted) */
    PARENT_BUSY = OUTCOME_AREA - 6, /* no password slot came free in time (hash_slots.h) */
};

/* Limits of the throttle (config [enrolment] link_max_failures and link_window_minutes). The
   per-address limit is four times the per-account one (a school's network shares one). */
struct link_limits {
    int max_failures;
    int window_minutes;
};

struct parent_signup {
    const char *email, *name;
    const char *password;      /* plain; hashed only once the code and address are checked */
    const char *code;          /* as typed */
    const char *address;       /* the client's IP address */
    const char *lang;          /* the language the parent used, kept as preference ("" none) */
};

/* Create the parent account and link the child of the code, in one transaction. *user_id and
   *pupil_id get the new account and the child. The throttle, the code and the e-mail address
   are checked before the password is hashed, so that a refusal costs no Argon2 hash; the hash
   (in a password slot, PARENT_BUSY when none came free) is made outside the transaction, which
   checks them all again. */
enum parent_result parent_register(struct db *db, const struct parent_signup *in,
                                   const struct link_limits *limits, int64_t *user_id,
                                   int64_t *pupil_id);

/* Link one more child to an existing parent account with its code. */
enum parent_result parent_link_child(struct db *db, int64_t user_id, const char *code,
                                     const char *address, const struct link_limits *limits,
                                     int64_t *pupil_id);

/* Is the pupil linked to this parent? 1 yes, 0 no, -1 error. */
int parent_has_child(struct db *db, int64_t user_id, int64_t pupil_id);

/* The message key (templates/messages, section "link") for a result. */
const char *parent_result_key(enum parent_result result);

#endif
