/* Reads of the schools (locaties) and the coalition for pages and other areas. Each returns
   its rows with the keys listed, or an error (never an empty list on failure): json_t *
   functions give NULL on a database error (logged); int functions answer 1 (found), 0 (none)
   or -1 (error). Dates are "YYYY-MM-DD" text. */
#ifndef VERRIJKT_DOMAIN_OFFER_SCHOOLS_READ_H
#define VERRIJKT_DOMAIN_OFFER_SCHOOLS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Every school by name (case ignored), then id: [{"id", "key", "name", "kind", "contact"
   (the line for parents; "" when none)}]. New reference or NULL. */
json_t *read_schools(struct db *db);
/* The school school_id as {"id", "key", "name", "kind", "contact"} into *out (new reference). */
int read_school(struct db *db, int64_t school_id, json_t **out);
/* The id of the school with key into *school_id (0 when none). */
int read_school_id(struct db *db, const char *key, int64_t *school_id);
/* The number of schools into *out (always 1 on success). */
int read_schools_count(struct db *db, int64_t *out);

/* Every school by name (case ignored), then id, with its figures in the school year
   year_from … year_until: [{"id", "key", "name", "kind", "contact", "pupils" (still at school),
   "priority" (of those, priority pupils), "activities" (running in the school year),
   "coordinators" (active accounts)}]. New reference or NULL. */
json_t *read_school_overviews(struct db *db, const char *year_from, const char *year_until);
/* The school school_id as one row of read_school_overviews into *out (new reference). */
int read_school_overview(struct db *db, int64_t school_id, const char *year_from,
                         const char *year_until, json_t **out);
/* The activities of school_id running in the school year, by title (case ignored), then id:
   [{"id", "title", "from", "until", "capacity", "domains" (names, ", "-joined; "" when none),
   "enrolled" (enrolments with a seat), "sessions_held" (not cancelled, dated from year_from
   up to the earlier of year_until and today)}]. New reference or NULL. */
json_t *read_school_activities(struct db *db, int64_t school_id, const char *year_from,
                               const char *year_until, const char *today);

/* The coalition as {"name", "city"} into *out (new reference); 0 before anything was loaded. */
int read_coalition(struct db *db, json_t **out);

#endif
