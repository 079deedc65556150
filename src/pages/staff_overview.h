/* What the start page (home.c) uses of the staff overview (staff_overview.c). */
#ifndef VERRIJKT_PAGES_STAFF_OVERVIEW_H
#define VERRIJKT_PAGES_STAFF_OVERVIEW_H

#include "pages/layer.h"

#include <stdint.h>

struct req;

/* The number of sessions from today on, not cancelled, of school_id (0: every school) that are
   run by staff of an external provider without a VOG valid on the session's date (the rule of
   staff_overview.c). -1 on a database error. */
int64_t staff_vog_upcoming_warnings(struct req *r, int64_t school_id);

#endif
