/* Reads of the evaluations after a session (nabesprekingen), and of the session or activity
   an evaluation or incident page is about. Each returns its rows with the keys listed, or an
   error, never an empty list on failure: json_t * functions give NULL on a database error
   (logged); int functions answer 1 (found), 0 (none; *out NULL) or -1 (error). Data only:
   labels and dates in words are the pages'. */
#ifndef VERRIJKT_DOMAIN_QUALITY_EVALUATIONS_READ_H
#define VERRIJKT_DOMAIN_QUALITY_EVALUATIONS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The keys of one evaluation in the reads below: "id", "user_id" (null once the account is
   deleted), "author" (the author's name, else e-mail, else "verwijderd account"), "role" (""
   once deleted), "went_well", "to_change", "as_planned" ("yes", "partly", "no"), "note",
   "created_at", "updated_at". */

/* Session session_id with its activity and school, as {"id", "date", "start", "end",
   "cancelled" (boolean), "reason", "activity_id", "title", "school_id", "school"} into *out
   (new reference). Who may see it is the caller's question. */
int read_session_heading(struct db *db, int64_t session_id, json_t **out);

/* Activity activity_id as {"id", "title", "school_id", "school"} into *out (new reference). */
int read_activity_heading(struct db *db, int64_t activity_id, json_t **out);

/* Every evaluation of session_id, oldest first (created_at, then id): [evaluation]. New
   reference or NULL. */
json_t *read_session_evaluations(struct db *db, int64_t session_id);

/* user_id's own evaluation of session_id as an evaluation object into *out (new reference). */
int read_own_evaluation(struct db *db, int64_t session_id, int64_t user_id, json_t **out);

/* The sessions of activity_id that took place by now ("YYYY-MM-DDTHH:MM": not cancelled and
   started at or before it), newest first, each with its evaluations oldest first:
   [{"id", "date", "start", "end", "evaluations": [evaluation]}]. New reference or NULL. */
json_t *read_sessions_with_evaluations(struct db *db, int64_t activity_id, const char *now);

#endif
