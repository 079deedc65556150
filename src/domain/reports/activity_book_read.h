/* Reads of the activity book's filter form that no other area offers yet. NULL on a database
   error (logged), never an empty list on failure. */
#ifndef VERRIJKT_DOMAIN_REPORTS_ACTIVITY_BOOK_READ_H
#define VERRIJKT_DOMAIN_REPORTS_ACTIVITY_BOOK_READ_H

#include "domain/layer.h"

#include <jansson.h>

struct db;

/* Every provider by name (case ignored), as the options of a select: [{"id", "value" (the
   provider's key), "name"}]. New reference or NULL. */
json_t *read_book_providers(struct db *db);

#endif
