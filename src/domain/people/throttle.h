/* What the login and link-code throttles share: how a failed try is kept; and the login
   throttle itself (issue 12): per (account, address) pair, per address, and per account with
   growing delays instead of a lock. */
#ifndef VERRIJKT_DOMAIN_THROTTLE_H
#define VERRIJKT_DOMAIN_THROTTLE_H

#include "domain/layer.h"

#include <stdint.h>

#include "db/db.h"
#include "domain/people/accounts.h"

/* One failed try: the SQL that keeps it, with ?1 the user (0: none), ?2 the address and ?3
   the time (a statement may leave out ?1), and prune_sql, a "DELETE … WHERE at < ?1". */
struct throttle_failure {
    const char *insert_sql, *prune_sql;
    int64_t user_id;
    const char *address;
};

/* Keep one failed try, in a write transaction of its own (the caller's, if any, has ended):
   its insert and its prune, bound here to a day before now, so a failures table never holds
   more than the last day. The statements are prepared inside the transaction (a statement
   that writes belongs to one: db/db.h). On an error the try is lost and nothing is written:
   the throttle is a brake, not a record, and a failed write must not turn a wrong password
   into a server error. */
void throttle_record_failure(struct db *db, const struct throttle_failure *f, long long now);

/* ---- logins ---------------------------------------------------------------------------------- */

/* The limits (struct login_limits) are described in domain/people/accounts.h. */
enum { LOGIN_ADDRESS_FACTOR = 4, LOGIN_ACCOUNT_FACTOR = 10, LOGIN_ACCOUNT_DELAY_MAX = 300 };

/* The seconds one account must wait after its last failure when it has `failures` within the
   window: 0 below LOGIN_ACCOUNT_FACTOR × max_failures, then 2, 4, 8, … seconds, doubling with
   each further failure, at most LOGIN_ACCOUNT_DELAY_MAX. */
int login_account_delay(int64_t failures, int max_failures);

/* Count a login try of email from address before its password is checked, so that parallel
   guesses can never check more passwords than the limits allow: in one write transaction
   (BEGIN IMMEDIATE), if the limits allow a try now, keep it as a failure (pruning tries older
   than a day) and put its row id in *attempt_id. 0 when the try was counted, the seconds to
   wait (≥ 1) into *retry_after and 1 when the limits refuse it (nothing written), -1 on a
   database error (logged; nothing written). */
int login_attempt_begin(struct db *db, const char *email, const char *address,
                        const struct login_limits *limits, long long now, int64_t *attempt_id,
                        int *retry_after);
/* The try was the right password: forget it and the earlier failures of the same email from
   the same address, in a write transaction of its own. 0 or -1 (logged; the failures stay). */
int login_attempt_succeeded(struct db *db, const char *email, const char *address,
                            int64_t attempt_id);
/* The try's password was never checked (no password slot came free): it is not a failure.
   Forget that one try, in a write transaction of its own. 0 or -1 (logged). */
int login_attempt_unchecked(struct db *db, int64_t attempt_id);

#endif
