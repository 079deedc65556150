/* What the login and link-code throttles share: how a failed try is kept. */
#ifndef VERRIJKT_DOMAIN_THROTTLE_H
#define VERRIJKT_DOMAIN_THROTTLE_H

#include "domain/layer.h"

#include "db/db.h"

/* Keep one failed try, in a write transaction of its own (the caller's, if any, has ended):
   step `insert` (prepared and bound by the caller) and `prune`, a "DELETE … WHERE at < ?1"
   that is bound here to a day before now, so a failures table never holds more than the last
   day. On an error the try is lost and nothing is written: the throttle is a brake, not a
   record, and a failed write must not turn a wrong password into a server error. */
void throttle_record_failure(struct db *db, sqlite3_stmt *insert, sqlite3_stmt *prune,
                             long long now);

#endif
