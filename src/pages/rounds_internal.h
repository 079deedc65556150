/* Shared by the pages of enrolment rounds for the school: rounds.c (list, show, allocate) and
   round_form.c (new, edit). */
#ifndef VERRIJKT_PAGES_ROUNDS_INTERNAL_H
#define VERRIJKT_PAGES_ROUNDS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* The round (read_round, domain/enrolment/rounds_read.h) into *out (new reference) when this
   user may see it: the lead any, a coordinator the own school's. 1; 0 when there is no such
   round or the user may not see it (the page answers 404); -1 when the read failed (500). */
int rounds_visible(struct req *r, int64_t round_id, json_t **out);

/* "1 sep. 2025 19:00" for a moment "YYYY-MM-DDTHH:MM"; the text itself when it is not one.
   Arena-owned. */
const char *rounds_moment_label(struct req *r, const char *moment);

/* "gepland", "open", "gesloten, nog niet verdeeld" or "verdeeld" for a round's state. Static. */
const char *rounds_state_label(const char *state);

#endif
