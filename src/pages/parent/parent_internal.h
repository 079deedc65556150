/* Shared by the parent pages (parent.c, parent_account.c) and enrolments.c. */
#ifndef VERRIJKT_PAGES_PARENT_INTERNAL_H
#define VERRIJKT_PAGES_PARENT_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* One of the logged-in parent's children into *out (new reference): id, first_name,
   last_name, grade, grade_label, school, school_id. 1 found, 0 when the pupil is not this
   parent's (*out NULL), -1 when the read failed. */
int parent_child_row(struct req *r, int64_t pupil_id, json_t **out);
/* The model of /parent (with empty "values" and "errors" for the link form). New reference,
   NULL when a read failed. */
json_t *parent_home_model(struct req *r);
/* The model of /parent/children/{id} into *out (new reference): 1, 0 when it is not this
   parent's child, -1 when a read failed. */
int parent_child_model(struct req *r, int64_t pupil_id, json_t **out);

/* "Sport, Culture" from domains, an array of {"code", "name"}: each name in the request's
   language (message "domain.CODE"), the database's name in Dutch or without a text.
   Arena-owned. */
const char *parent_domain_names(struct req *r, const json_t *domains);

#endif
