/* What the activity page takes from the quality pages of issue 15 (plans.c, visits.c). */
#ifndef VERRIJKT_PAGES_PLANS_INTERNAL_H
#define VERRIJKT_PAGES_PLANS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* Add to model (the activity page's, borrowed) "plan": {"complete", "open_count", "open":
   [{"id", "question"}]} (the required questions without an answer). 0 or -1 on a read error. */
int plans_on_activity(struct req *r, int64_t activity_id, json_t *model);

/* Add to model "visits" (the activity's visits with their ratings in words, newest first),
   "has_visits", and for the lead and the coordinator "visit_sessions": the last held sessions,
   to record a visit at; for staff only "hide_visits" (the visits are the school's
   observations of their work). 0 or -1 on a read error. */
int visits_on_activity(struct req *r, int64_t activity_id, json_t *model);

#endif
