/* The finer access checks a handler makes after the dispatcher's role check. */
#ifndef VERRIJKT_PAGES_SCOPE_H
#define VERRIJKT_PAGES_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

struct req;

/* May this user see and change data of school_id? Lead: any; coordinator: the own school. */
bool scope_school(const struct req *r, int64_t school_id);
/* The school an activity belongs to, or 0 when there is no such activity. */
int64_t scope_activity_school(const struct req *r, int64_t activity_id);
/* The school a pupil belongs to, or 0 when there is no such pupil. */
int64_t scope_pupil_school(const struct req *r, int64_t pupil_id);
/* Does the staff user run this activity? */
bool scope_staff_runs(const struct req *r, int64_t activity_id);
/* The school filter for list queries: 0 (all) for the lead, the own school for a coordinator. */
int64_t scope_school_filter(const struct req *r);

#endif
