/* What the pages after a session share: evaluations.c (the nabespreking) and incidents.c. */
#ifndef VERRIJKT_PAGES_EVALUATIONS_INTERNAL_H
#define VERRIJKT_PAGES_EVALUATIONS_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* Session session_id with its activity, when this user may work on it: the lead any, a
   coordinator those of the own school, staff those of activities they run. The model
   {"session": {"id", "date", "date_label", "start", "end", "cancelled", "reason"},
    "activity": {"id", "title", "school_id", "school"}} into *out (a new reference) and 1;
   0 (*out NULL) when there is no such session or it is outside the user's scope (the page
   answers 404 either way); -1 when a read or the scope lookup failed (the page answers 500). */
int session_context(struct req *r, int64_t session_id, json_t **out);

/* session_context's answer as a page's: 0 with the model in *ctx, or the status of the answer
   already given (a 500 page on a failure, 404 for a session not there or not the user's). */
int session_or_answer(struct req *r, int64_t session_id, json_t **ctx);

#endif
