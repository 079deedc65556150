/* Shared by the pages of enrolment rounds for the school: rounds.c (list, show, allocate) and
   round_form.c (new, edit). */
#ifndef VERRIJKT_PAGES_ROUNDS_INTERNAL_H
#define VERRIJKT_PAGES_ROUNDS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* The round (domain round_get) when this user may see it: the lead any, a coordinator the own
   school's. NULL otherwise (the page answers 404). New reference. */
json_t *rounds_visible(struct req *r, int64_t round_id);

/* "1 sep. 2025 19:00" for a moment "YYYY-MM-DDTHH:MM"; the text itself when it is not one.
   Arena-owned. */
const char *rounds_moment_label(struct req *r, const char *moment);

/* "gepland", "open", "gesloten, nog niet verdeeld" or "verdeeld" for a round's state. Static. */
const char *rounds_state_label(const char *state);

#endif
