/* Sessions from an activity's weekly schedule (PRODUCT.md rule 5). */
#ifndef VERRIJKT_DOMAIN_SCHEDULE_H
#define VERRIJKT_DOMAIN_SCHEDULE_H

#include "domain/layer.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct holiday_range {
    int32_t from, to; /* day numbers (util/date.h), inclusive */
};

/* The reason given to a session kept (because it has attendance) after its slot left the
   schedule. */
#define SCHEDULE_DROPPED_REASON "Vervallen na roosterwijziging"

/* The dates of an activity's weekly schedule: every ISO `weekday` between from and until
   inclusive, skipping days inside any holiday. Writes up to max dates into out (ascending);
   returns the total count (may exceed max). */
size_t schedule_dates(int weekday, int32_t from, int32_t until,
                      const struct holiday_range *holidays, size_t n_holidays, int32_t *out,
                      size_t max);

/* Bring the sessions table in line with the activity's schedule, inside the CALLER's write
   transaction: insert a session (slot_date = date = the schedule date, start/end from the
   activity) for each new date; for existing sessions not moved (date == slot_date) update
   start/end times to the activity's; delete sessions whose slot is no longer in the schedule
   UNLESS they have attendance (then keep them, marked cancelled=1 with reason
   SCHEDULE_DROPPED_REASON). Holidays come from the holidays table. 0 or -1. */
int schedule_sync(struct db *db, int64_t activity_id);

/* What schedule_sync would do to the sessions with records (attendance, an evaluation or an
   incident) of activity_id if its weekly schedule became weekday from … until
   ("YYYY-MM-DD"): the planned dates ("YYYY-MM-DD", ascending) of those it would cancel, as a
   JSON array (new reference; empty when the dates are not a schedule). Writes nothing. NULL on
   a database error. For the confirmation a coordinator sees before such a change. */
json_t *schedule_records_dropped(struct db *db, int64_t activity_id, int weekday,
                                 const char *from, const char *until);

/* Resync every activity (after holidays changed), inside the caller's transaction; the
   number of sessions added, changed or removed into *changed (NULL: not wanted). 0 or -1. */
int schedule_sync_all(struct db *db, long long *changed);

/* The holidays table as day ranges. *out is malloc'ed (caller frees; NULL when there are
   none). 0 or -1. */
int schedule_load_holidays(struct db *db, struct holiday_range **out, size_t *n);

#endif
