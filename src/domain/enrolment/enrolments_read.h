/* Reads of single enrolments, for the sign-up and cancel pages. int functions answer 1
   (found), 0 (none) or -1 (database error, logged). */
#ifndef VERRIJKT_DOMAIN_ENROLMENT_ENROLMENTS_READ_H
#define VERRIJKT_DOMAIN_ENROLMENT_ENROLMENTS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The pupil of enrolment_id into *pupil_id (0 when there is no such enrolment). */
int read_enrolment_pupil(struct db *db, int64_t enrolment_id, int64_t *pupil_id);

/* The names an enrolment's message needs, {"first_name" (the pupil's), "title" (the
   activity's)}, into *out (new reference; NULL when none). */
int read_enrolment_names(struct db *db, int64_t enrolment_id, json_t **out);

/* What cancelling enrolment_id gives up, for its confirmation page: {"id", "pupil_id",
   "activity_id", "first_name", "last_name" (the pupil's), "title" (the activity's), "status",
   "position" (on the waiting list, 0 when not waiting), "waiting" (how many wait for the
   activity)} into *out (new reference; NULL when none). */
int read_enrolment_for_cancel(struct db *db, int64_t enrolment_id, json_t **out);

#endif
