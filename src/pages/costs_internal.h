/* What the activity page takes from the costs pages (costs.c). */
#ifndef VERRIJKT_PAGES_COSTS_INTERNAL_H
#define VERRIJKT_PAGES_COSTS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* Add to model (the activity page's, borrowed) "costs": {"has_costs", "per_session", "fixed"
   (as "€ 85,00")} when the user may see the money of school_id (the lead, the school's
   coordinator); nothing for anyone else. 0 or -1 on a read error. */
int costs_on_activity(struct req *r, int64_t activity_id, int64_t school_id, json_t *model);

#endif
