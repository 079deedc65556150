/* Shared between the parts of the enrolment rounds: rounds.c (a round's rules, saving and
   reading it) and rounds_preferences.c (rankings, demand, the open rounds of a child). Not for
   use elsewhere; the public interface is rounds.h. */
#ifndef VERRIJKT_DOMAIN_ROUNDS_INTERNAL_H
#define VERRIJKT_DOMAIN_ROUNDS_INTERNAL_H

#include "domain/layer.h"

/* now ("YYYY-MM-DDTHH:MM"), or the clock when NULL, into out. */
void round_now_or_clock(const char *now, char out[17]);

#endif
