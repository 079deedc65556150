/* Reads of activities and their sessions, for pages and other areas. int functions answer 1
   (found), 0 (none) or -1 (database error, logged); json_t * functions give NULL on a
   database error, never an empty list on failure. */
#ifndef VERRIJKT_DOMAIN_OFFER_ACTIVITIES_READ_H
#define VERRIJKT_DOMAIN_OFFER_ACTIVITIES_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The school of activity_id into *school_id (0 when there is no such activity). */
int read_activity_school(struct db *db, int64_t activity_id, int64_t *school_id);
/* Whether staff member staff_id runs activity_id: 1 yes, 0 no, -1 error. */
int read_staff_runs(struct db *db, int64_t activity_id, int64_t staff_id);

#endif
