/* What the pages after a session share: evaluations.c (the nabespreking) and incidents.c. */
#ifndef VERRIJKT_PAGES_EVALUATIONS_INTERNAL_H
#define VERRIJKT_PAGES_EVALUATIONS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* The session a page after a session is about: session_id with its activity, when this user
   may work on it (the lead any, a coordinator those of the own school, staff those of the
   activities they run). 0 with the model
   {"session": {"id", "date", "date_label", "start", "end", "cancelled", "reason"},
    "activity": {"id", "title", "school_id", "school"}} in *ctx (a new reference); or the
   status of the answer already given (*ctx NULL): 404 when there is no such session or it is
   outside the user's scope, a 500 page when a read or the scope lookup failed. */
int session_or_answer(struct req *r, int64_t session_id, json_t **ctx);

#endif
