/* What the pupils pages (pupils.c, pupils_list.c, pupils_import.c) share. */
#ifndef VERRIJKT_PAGES_PUPILS_INTERNAL_H
#define VERRIJKT_PAGES_PUPILS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct req;

struct school_info {
    int64_t id;
    const char *key, *name, *kind; /* arena-owned */
    int grade_max;
};

/* Look up a school. true with info filled, false when there is no such school. */
bool pupils_school_info(struct req *r, int64_t school_id, struct school_info *info);
/* Every school as [{"id", "name", "kind", "selected"}] for a select, selected_id marked.
   New reference. */
json_t *pupils_school_options(struct req *r, int64_t selected_id);

#endif
