/* What the coalition (or one school) has, counted: the figures at the top of the start page.
   1 with the row, or -1 on a database error (logged). */
#ifndef VERRIJKT_DOMAIN_REPORTS_COUNTS_READ_H
#define VERRIJKT_DOMAIN_REPORTS_COUNTS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The counts of school_id, or of every school when it is 0, into *out (new reference):
   {"schools", "pupils" (who have not left), "activities" (running until today or later)}. */
int read_counts(struct db *db, int64_t school_id, json_t **out);

#endif
