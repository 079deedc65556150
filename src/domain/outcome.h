/* The outcome of a write of the domain, in one shape for every area: it worked, the database
   failed, the input breaks a rule (the problems say which), or the thing is not there. An area
   whose writes have more outcomes (enrol_result: full, closed, …) keeps an enum of its own
   whose first values are these, and numbers its own from OUTCOME_AREA down. */
#ifndef VERRIJKT_DOMAIN_OUTCOME_H
#define VERRIJKT_DOMAIN_OUTCOME_H

#include "domain/layer.h"

enum outcome {
    OUTCOME_OK = 0,
    OUTCOME_FAILED = -1,    /* database error or out of memory (logged); nothing written */
    OUTCOME_INVALID = -2,   /* a rule is broken: see the problems; nothing written */
    OUTCOME_NOT_FOUND = -3, /* no such thing (or not visible to the one asking) */
    OUTCOME_AREA = -4,      /* an area's own outcomes are OUTCOME_AREA, OUTCOME_AREA - 1, … */
};

/* What a write returns after its check answered found != 0: a positive count of problems is
   OUTCOME_INVALID, OUTCOME_NOT_FOUND stays, anything else negative is OUTCOME_FAILED. */
static inline enum outcome outcome_of_check(int found)
{
    return found > 0                       ? OUTCOME_INVALID
           : found == OUTCOME_NOT_FOUND ? OUTCOME_NOT_FOUND
                                        : OUTCOME_FAILED;
}

#endif
