/* What the provider pages (providers.c) and the staff pages (staff.c) share. */
#ifndef VERRIJKT_PAGES_PROVIDERS_INTERNAL_H
#define VERRIJKT_PAGES_PROVIDERS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct req;

/* The provider with this id as {id, key, name, external, external_label} into *out (new
   reference): 1, 0 when there is none (*out NULL), -1 on a database error. */
int providers_find(struct req *r, int64_t id, json_t **out);
/* The same for page_saved: the provider, or NULL when there is none or the read failed. New
   reference. */
json_t *providers_load(struct req *r, int64_t id);
/* One staff member as the JSON the pages and the API share, from a row of a staff read
   (domain/offer/providers_read.h: "id", "key", "name", "level", "vog_date"): level and VOG
   with their labels, and whether the VOG is a problem (external: the provider is external).
   New reference; row stays the caller's. */
json_t *providers_staff_json(struct req *r, const json_t *row, bool external);

#endif
