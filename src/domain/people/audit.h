/* Who changed what, and when (PRODUCT.md rule 8). */
#ifndef VERRIJKT_DOMAIN_AUDIT_H
#define VERRIJKT_DOMAIN_AUDIT_H

#include "domain/layer.h"

#include <stdint.h>

struct db;

/* Record a change inside the caller's write transaction, with the client address of the
   request (db_client). action: "create", "update",
   "delete", …; entity: table name; detail: a short text (no personal data beyond ids).
   user_id 0 = the system or the command line. 0 or -1. */
int audit(struct db *db, int64_t user_id, const char *action, const char *entity,
          int64_t entity_id, const char *detail);

#endif
