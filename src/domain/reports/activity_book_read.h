/* Reads of the activity book's filter form that no other area offers yet. NULL on a database
   error (logged), never an empty list on failure. */
#ifndef VERRIJKT_DOMAIN_REPORTS_ACTIVITY_BOOK_READ_H
#define VERRIJKT_DOMAIN_REPORTS_ACTIVITY_BOOK_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Every provider by name (case ignored), as the options of a select: [{"id", "value" (the
   provider's key), "name"}]. New reference or NULL. */
json_t *read_book_providers(struct db *db);

/* The activity plan of activity_id as the book shows it (issue 15): the answered questions in
   the plan's order, without who wrote them: [{"question", "answer"}]. New reference or NULL. */
json_t *read_book_plan(struct db *db, int64_t activity_id);

#endif
