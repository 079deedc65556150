/* What the provider pages (providers.c) and the staff pages (staff.c) share. */
#ifndef VERRIJKT_PAGES_PROVIDERS_INTERNAL_H
#define VERRIJKT_PAGES_PROVIDERS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct req;

/* The provider with this id as {id, key, name, external, external_label}, or NULL when there
   is none. New reference. */
json_t *providers_load(struct req *r, int64_t id);
/* One staff member as the JSON the pages and the API share: level and VOG with their labels,
   and whether the VOG is a problem (external: the provider is external). New reference. */
json_t *providers_staff_json(struct req *r, int64_t id, const char *key, const char *name,
                             const char *level, const char *vog_date, bool external);

#endif
