/* Dates and moments as people read them, in the request's language ("vrijdag 18 december
   2026, 23:59" / "Friday 18 December 2026, 23:59"); the words come from the message files
   (section "date"). */
#ifndef VERRIJKT_PAGES_WHEN_H
#define VERRIJKT_PAGES_WHEN_H

#include "pages/layer.h"

struct req;

/* "YYYY-MM-DD" → "vrijdag 18 december 2026". The input itself when it is not a date.
   Arena-owned. */
const char *when_date(struct req *r, const char *iso_date);
/* "YYYY-MM-DD" → "18 december 2026" (no weekday: for periods). As when_date otherwise. */
const char *when_day(struct req *r, const char *iso_date);
/* "YYYY-MM-DDTHH:MM" (or with seconds) → "vrijdag 18 december 2026, 23:59". The input itself
   when it is not such a moment. Arena-owned. */
const char *when_moment(struct req *r, const char *iso_moment);

#endif
