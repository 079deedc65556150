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

/* One weekly slot: a weekday and its times. An activity has one to SCHEDULE_SLOTS_MAX of
   them, at most one per weekday (migrations/0018_activity_slots.sql says why). */
enum { SCHEDULE_SLOTS_MAX = 7 };
struct slot_times {
    int weekday;           /* ISO: 1 = Monday … 7 = Sunday */
    char start[6], end[6]; /* "HH:MM" */
};

/* SQL for the reads: the slots of the activity with alias a as one text, "2 15:00 16:00,4
   15:00 16:00" (weekday, start, end; by weekday), its own weekday and times when it has no
   slot rows. Pages put it into words. The text is kept on the activity's row by triggers on
   activity_slots (migrations/0028_listing_columns.sql). */
#define SCHEDULE_SLOTS_SQL(a)                                                                      \
    "coalesce(" a ".slots_text, " a ".weekday || ' ' || " a ".start_time || ' ' || " a ".end_"     \
                                                                                       "time)"
/* SQL: the ISO weekday (1–7) of the date expression d. */
#define SCHEDULE_WEEKDAY_SQL(d) "((CAST(strftime('%w', " d ") AS INTEGER) + 6) % 7 + 1)"

/* The reason given to a session kept (because it has attendance) after its slot left the
   schedule. */
#define SCHEDULE_DROPPED_REASON "Vervallen na roosterwijziging"

/* The dates of an activity's weekly schedule: every ISO `weekday` between from and until
   inclusive, skipping days inside any holiday. Writes up to max dates into out (ascending);
   returns the total count (may exceed max). */
size_t schedule_dates(int weekday, int32_t from, int32_t until,
                      const struct holiday_range *holidays, size_t n_holidays, int32_t *out,
                      size_t max);

/* The dates of several weekly slots together: every day between from and until inclusive
   whose ISO weekday is one of weekdays (n of them), skipping days inside any holiday. As
   schedule_dates otherwise (ascending; the total count is returned). */
size_t schedule_slot_dates(const int *weekdays, size_t n, int32_t from, int32_t until,
                           const struct holiday_range *holidays, size_t n_holidays, int32_t *out,
                           size_t max);

/* Bring the sessions table in line with the activity's schedule, inside the CALLER's write
   transaction: insert a session (slot_date = date = the schedule date, start/end from the
   slot of its weekday) for each new date; for existing sessions not moved (date == slot_date)
   update start/end times to their slot's; delete sessions whose date is no longer in the
   schedule UNLESS they have records (then keep them, marked cancelled=1 with reason
   SCHEDULE_DROPPED_REASON). The schedule skips the holidays and the study days of the
   activity's school. 0 or -1. */
int schedule_sync(struct db *db, int64_t activity_id);

/* What schedule_sync would do to the sessions with records (attendance, an evaluation or an
   incident) of activity_id if its weekly schedule became the n slots from … until
   ("YYYY-MM-DD") at school_id (whose study days count): the planned dates ("YYYY-MM-DD",
   ascending) of those it would cancel, as a JSON array (new reference; empty when the dates
   are not a schedule). Writes nothing. NULL on a database error. For the confirmation a
   coordinator sees before such a change. */
json_t *schedule_records_dropped(struct db *db, int64_t activity_id, int64_t school_id,
                                 const struct slot_times *slots, size_t n, const char *from,
                                 const char *until);

/* Resync every activity, inside the caller's transaction; the number of sessions added,
   changed or removed into *changed (NULL: not wanted). 0 or -1. */
int schedule_sync_all(struct db *db, long long *changed);
/* After days without sessions changed (a holiday: school_id 0, every activity; a study day:
   the activities of school_id): schedule_sync_all for those activities, and the families of
   their enrolled pupils are told (notify, "session_cancelled") of each session from today on
   that was taking place and is now cancelled or removed. */
int schedule_sync_closed(struct db *db, int64_t school_id, long long *changed);

/* The holidays table as day ranges. *out is malloc'ed (caller frees; NULL when there are
   none). 0 or -1. */
int schedule_load_holidays(struct db *db, struct holiday_range **out, size_t *n);
/* The days without sessions for the activities of school_id: the holidays and the school's
   study days (one-day ranges), as schedule_load_holidays. */
int schedule_load_closed_days(struct db *db, int64_t school_id, struct holiday_range **out,
                              size_t *n);

/* The slots of activity_id, by weekday, into out: their number (0 when there is no such
   activity), or -1. An activity without rows in activity_slots (written by plain SQL) has the
   one slot of its weekday, start_time and end_time. */
int schedule_read_slots(struct db *db, int64_t activity_id,
                        struct slot_times out[SCHEDULE_SLOTS_MAX]);
/* Replace the slots of activity_id by the n given (1 to SCHEDULE_SLOTS_MAX, distinct
   weekdays, any order), inside the caller's transaction; the activity's own weekday,
   start_time and end_time become those of the first slot by weekday. Sessions are not
   touched (schedule_sync does that). 0 or -1. */
int schedule_write_slots(struct db *db, int64_t activity_id, const struct slot_times *slots,
                         size_t n);
/* Sort n slots by weekday (in place). */
void schedule_sort_slots(struct slot_times *slots, size_t n);

#endif
