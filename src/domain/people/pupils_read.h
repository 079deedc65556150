/* Reads of pupils, for pages and other areas. int functions answer 1 (found), 0 (none) or -1
   (database error, logged); json_t * functions give NULL on a database error, never an empty
   list on failure. */
#ifndef VERRIJKT_DOMAIN_PEOPLE_PUPILS_READ_H
#define VERRIJKT_DOMAIN_PEOPLE_PUPILS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The school of pupil_id into *school_id (0 when there is no such pupil). */
int read_pupil_school(struct db *db, int64_t pupil_id, int64_t *school_id);

#endif
