/* Reads of the coalition's development domains (ontwikkelgebieden) and of the holidays, the
   two settings of domains_holidays.h. json_t * functions give a new reference, or NULL on a
   database error (logged), never an empty list on failure; int functions answer 1 or -1. */
#ifndef VERRIJKT_DOMAIN_OFFER_DOMAINS_READ_H
#define VERRIJKT_DOMAIN_OFFER_DOMAINS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Every domain in the coalition's order: [{"id", "code", "name", "position"}]. New reference
   or NULL. */
json_t *read_domains(struct db *db);
/* Every domain by position, then id, with the number of activities in it: [{"id", "code",
   "name", "position", "activities"}]. New reference or NULL. */
json_t *read_domains_in_use(struct db *db);
/* The number of domains into *out (always 1 on success). */
int read_domains_count(struct db *db, int64_t *out);

/* Every holiday by first day, last day, name and id: [{"id", "name", "from", "to" (the first
   and the last day, "YYYY-MM-DD"), "days" (both ends included)}]. New reference or NULL. */
json_t *read_holidays(struct db *db);
/* The number of holidays into *out (always 1 on success). */
int read_holidays_count(struct db *db, int64_t *out);

#endif
