/* Reads of the schools (locaties) for pages and other areas. Each returns its rows with the
   keys listed, or an error (never an empty list on failure): json_t * functions give NULL on
   a database error (logged); int functions answer 1 (found), 0 (none) or -1 (error). */
#ifndef VERRIJKT_DOMAIN_OFFER_SCHOOLS_READ_H
#define VERRIJKT_DOMAIN_OFFER_SCHOOLS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Every school by name (case ignored), then id: [{"id", "key", "name", "kind"}]. New
   reference or NULL. */
json_t *read_schools(struct db *db);
/* The school school_id as {"id", "key", "name", "kind"} into *out (new reference). */
int read_school(struct db *db, int64_t school_id, json_t **out);
/* The id of the school with key into *school_id (0 when none). */
int read_school_id(struct db *db, const char *key, int64_t *school_id);

#endif
