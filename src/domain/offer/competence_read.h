/* Reads of a staff member's competence history (domain/offer/competence.h): the assessments
   and the trainings, for the staff member's page. Each returns a new reference, or NULL on a
   database error (logged), never an empty list on failure. Dates are "YYYY-MM-DD" text. */
#ifndef VERRIJKT_DOMAIN_OFFER_COMPETENCE_READ_H
#define VERRIJKT_DOMAIN_OFFER_COMPETENCE_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The assessments of staff_id, the latest first: [{"level", "assessed_on"}]. */
json_t *read_staff_levels(struct db *db, int64_t staff_id);
/* The trainings staff_id followed, the latest first: [{"id", "name", "followed_on"}]. */
json_t *read_staff_trainings(struct db *db, int64_t staff_id);

#endif
