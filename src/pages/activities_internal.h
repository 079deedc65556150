/* What the activity pages share: activities.c (list, show), activity_form.c (new, edit,
   save) and attendance_list.c. */
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
/* Everything about activity id into *out, for the show page and as the JSON answer of a save.
   school_view: the user is the lead or the school's coordinator (staff see less). 1 with a new
   reference in *out, 0 when there is no such activity, -1 when the database failed. */
int activities_model(struct req *r, int64_t id, bool school_view, json_t **out);
/* The id of the domain with code among domains (the rows of read_domains): 0 for "", -1 when
   there is none. */
int64_t activities_domain_in(json_t *domains, const char *code);

#endif
