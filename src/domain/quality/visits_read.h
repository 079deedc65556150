/* Reads of visits (domain/quality/visits.h). json_t * functions give NULL on a database error
   (logged), never an empty list; int functions 1 (found), 0 (none; *out NULL) or -1. */
#ifndef VERRIJKT_DOMAIN_QUALITY_VISITS_READ_H
#define VERRIJKT_DOMAIN_QUALITY_VISITS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The keys of one visit below: "id", "session_id", "date" (the session's), "user_id" (null
   once the account is gone), "by" (name, else e-mail, else "verwijderd account"), "goal",
   "home_school", "duration", "staff", "interests" (the stored ratings), "involvement" (null
   when not given), "note", "updated_at". */

/* user_id's visit of session_id into *out (new reference). */
int read_own_visit(struct db *db, int64_t session_id, int64_t user_id, json_t **out);

/* Every visit of activity_id's sessions, newest session first: [visit]. New reference or
   NULL. */
json_t *read_activity_visits(struct db *db, int64_t activity_id);

#endif
