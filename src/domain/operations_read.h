/* What an administrator monitors, read from the database (for GET /metrics and /healthz):
   no HTTP here. */
#ifndef VERRIJKT_DOMAIN_OPERATIONS_READ_H
#define VERRIJKT_DOMAIN_OPERATIONS_READ_H

#include "domain/layer.h"

#include <jansson.h>

struct db;

/* Whether the database answers a query: 1 yes, 0 no. */
int read_database_answers(struct db *db);

/* The figures at this moment into *out (new reference): {"signups" (enrolments that began as
   a seat: history rows from nothing to enrolled), "waitlist_placements" (rows from nothing to
   waitlisted), "promotions" (waitlisted to enrolled), "attendance_saves" (saved registers, from
   the audit log), "outbox_queued" (messages not sent yet), "outbox_oldest_seconds" (age of the
   oldest of those, 0 when none), "mail_failures" (messages whose last attempt failed),
   "database_bytes", and this process's "write_lock_held_us", "write_groups" and
   "write_group_members" (db_write_stats)}: 0, or -1 on a database error. */
int read_operations(struct db *db, long long now, json_t **out);

#endif
