/* The finer access checks a handler makes after the dispatcher's role check. The lookups are
   reads of the areas that own the data (domain/offer/activities_read.h,
   domain/people/pupils_read.h); a failed lookup is SCOPE_ERROR, which the page answers with
   500, never a 404 or a refusal that hides the failure. */
#ifndef VERRIJKT_PAGES_SCOPE_H
#define VERRIJKT_PAGES_SCOPE_H

#include "pages/layer.h"

#include <stdbool.h>
#include <stdint.h>

struct req;

/* What the lookups below answer when the database failed (logged). */
#define SCOPE_ERROR (-1)

/* May this user see and change data of school_id? Lead: any; coordinator: the own school. */
bool scope_school(const struct req *r, int64_t school_id);
/* The school an activity belongs to, 0 when there is no such activity, or SCOPE_ERROR. */
int64_t scope_activity_school(const struct req *r, int64_t activity_id);
/* The school a pupil belongs to, 0 when there is no such pupil, or SCOPE_ERROR. */
int64_t scope_pupil_school(const struct req *r, int64_t pupil_id);
/* Does the staff user run this activity? 1 yes, 0 no (also for a user who is not staff), or
   SCOPE_ERROR. */
int scope_staff_runs(const struct req *r, int64_t activity_id);
/* May this user change the provider (scope_provider_editable) or the staff member
   (scope_staff_editable)? The rule is domain/offer/providers.h offer_editable: the lead any, a
   coordinator only one that no other school uses. 1 yes; 0 no, with *locked (when not NULL) a
   Dutch sentence naming the other schools and saying the lead can change it (arena-owned);
   or SCOPE_ERROR. Also 1 when there is no such provider or staff member (the page answers
   404 for that). */
int scope_provider_editable(struct req *r, int64_t provider_id, const char **locked);
int scope_staff_editable(struct req *r, int64_t staff_id, const char **locked);

/* The school filter for list queries: 0 (all) for the lead, the own school for a coordinator. */
int64_t scope_school_filter(const struct req *r);

#endif
