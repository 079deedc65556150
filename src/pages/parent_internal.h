/* Shared by the parent pages (parent.c, parent_account.c) and enrolments.c. */
#ifndef VERRIJKT_PAGES_PARENT_INTERNAL_H
#define VERRIJKT_PAGES_PARENT_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* One of the logged-in parent's children: id, first_name, last_name, grade, grade_label,
   school, school_id; NULL when the pupil is not this parent's. New reference. */
json_t *parent_child_row(struct req *r, int64_t pupil_id);
/* The model of /parent (with empty "values" and "errors" for the link form). New reference,
   NULL on error. */
json_t *parent_home_model(struct req *r);
/* The model of /parent/children/{id}; NULL when it is not this parent's child. */
json_t *parent_child_model(struct req *r, int64_t pupil_id);

#endif
