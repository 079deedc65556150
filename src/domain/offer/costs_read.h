/* Reads of costs and budgets (domain/offer/costs.h). */
#ifndef VERRIJKT_DOMAIN_OFFER_COSTS_READ_H
#define VERRIJKT_DOMAIN_OFFER_COSTS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

#include "domain/offer/costs.h"

struct db;

/* The costs of activity_id into *out (zero when it has none). 1 when it has a row, 0 when
   not, -1 on a database error. */
int read_activity_costs(struct db *db, int64_t activity_id, struct activity_costs *out);

/* The budget of school_id for the school year starting in first_year into *cents. 1 when
   there is one, 0 when not, -1 on a database error. */
int read_school_budget(struct db *db, int64_t school_id, int first_year, int64_t *cents);

/* The budgets of school_id, newest year first: [{"year": 2025, "amount": cents}]. New
   reference, or NULL on a database error. */
json_t *read_school_budgets(struct db *db, int64_t school_id);

#endif
