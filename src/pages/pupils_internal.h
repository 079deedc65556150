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

/* Look up a school: 1 with info filled, 0 when there is no such school, -1 when the read
   failed. */
int pupils_school_info(struct req *r, int64_t school_id, struct school_info *info);
/* Every school as [{"id", "key", "name", "kind", "selected"}] for a select, selected_id
   marked. New reference, NULL when the read failed. */
json_t *pupils_school_options(struct req *r, int64_t selected_id);

#endif
