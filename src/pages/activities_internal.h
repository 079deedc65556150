/* What the activity pages share: activities.c (list, show) and activity_form.c (new, edit,
   save). */
#ifndef VERRIJKT_PAGES_ACTIVITIES_INTERNAL_H
#define VERRIJKT_PAGES_ACTIVITIES_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct req;

/* The school of activity id when this user may see it (lead: all; coordinator: the own school;
   staff: activities they run), else 0; SCOPE_ERROR (pages/scope.h) when the lookup failed. */
int64_t activities_visible_school(struct req *r, int64_t id);
/* Everything about activity id, for the show page and as the JSON answer of a save.
   school_view: the user is the lead or the school's coordinator (staff see less). New
   reference; NULL when there is no such activity. */
json_t *activities_model(struct req *r, int64_t id, bool school_view);
/* The id of the school with this key / the domain with this code: 0 for "", -1 when there is
   none. */
int64_t activities_school_id(struct req *r, const char *key);
int64_t activities_domain_id(struct req *r, const char *code);

#endif
