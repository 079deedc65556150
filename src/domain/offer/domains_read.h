/* Reads of the coalition's development domains (ontwikkelgebieden). NULL on a database error
   (logged), never an empty list on failure. */
#ifndef VERRIJKT_DOMAIN_OFFER_DOMAINS_READ_H
#define VERRIJKT_DOMAIN_OFFER_DOMAINS_READ_H

#include "domain/layer.h"

#include <jansson.h>

struct db;

/* Every domain in the coalition's order: [{"id", "code", "name", "position"}]. New reference
   or NULL. */
json_t *read_domains(struct db *db);

#endif
