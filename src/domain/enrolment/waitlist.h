/* The waiting list's one rule (PRODUCT.md rule 2): an activity's waiting list is served first
   come, first served, in the order the enrolments were made (created_at, then id for the same
   moment). A query that shows or uses a position takes it from here. */
#ifndef VERRIJKT_DOMAIN_ENROLMENT_WAITLIST_H
#define VERRIJKT_DOMAIN_ENROLMENT_WAITLIST_H

#include "domain/layer.h"

/* The order of a waiting list, for "ORDER BY" over the enrolments table (unaliased). */
#define WAITLIST_ORDER "created_at, id"

/* The waiting-list position (1 = next) of the enrolment aliased e in the surrounding query, 0
   when it is not waiting: 1 + the waiting enrolments of the same activity made before it. e is
   a string literal: WAITLIST_POSITION("e"). */
#define WAITLIST_POSITION(e)                                                                    \
    "(CASE WHEN " e ".status = 'waitlisted' THEN (SELECT count(*) FROM enrolments w"           \
    " WHERE w.activity_id = " e ".activity_id AND w.status = 'waitlisted'"                     \
    " AND (w.created_at < " e ".created_at OR (w.created_at = " e ".created_at"                \
    " AND w.id <= " e ".id))) ELSE 0 END)"

#endif
