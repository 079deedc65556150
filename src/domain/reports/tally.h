/* The reports' summary tables (migration 0008_tallies.sql): per session and per activity and
   month the held sessions and their marks, per pupil and school year the days the pupil took
   part and the minutes present. Triggers note each change in tally_dirty (migrations
   0008_tallies.sql and 0013_signup_cost.sql: a pupil, an enrolment, a session, an activity);
   tally_flush, which
   db_commit runs just before COMMIT (db_set_before_commit), brings the noted rows up to date
   in the same transaction. tally_rebuild recomputes everything from the base tables; the
   tests check that the two agree.

   The pupil rows hold packed arrays (little-endian, fixed size per item), read with
   tally_acts_* and tally_events_* below:
   - acts: per activity of the year, ascending by activity: id (4 bytes), minutes present
     (4), first day taken part (2, days after 1 August), last day present (2, 0xFFFF: none).
   - events: per activity and day taken part, ascending: activity id (4), day (2, as above),
     minutes present that day (2).
   - months (tally_pupil_months): TALLY_MONTHS items, August first: the days of the month taken
     part in any activity (4 bytes, bit d - 1 for day d), the minutes present in the month (4),
     the first and the last day of the month with minutes present (1 each, 0: none). */
#ifndef VERRIJKT_DOMAIN_TALLY_H
#define VERRIJKT_DOMAIN_TALLY_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

struct db;

enum {
    TALLY_ACT_SIZE = 12,
    TALLY_EVENT_SIZE = 8,
    TALLY_NO_DAY = 0xFFFF,
    TALLY_MONTHS = 12,      /* August … July */
    TALLY_MONTH_SIZE = 10,
};

/* Bring the rows noted in tally_dirty up to date and empty it. Inside a write transaction.
   0, or -1 on a database error. */
int tally_flush(struct db *db);
/* Recompute every summary row from the base tables. Inside a write transaction. 0 or -1. */
int tally_rebuild(struct db *db);
/* For readers: when something was written without db_commit (a plain statement outside a
   transaction, as tests and tools may do), flush it now in a transaction of its own. Does
   nothing inside a read transaction. 0 or -1. */
int tally_ensure_fresh(struct db *db);

/* The school year (the calendar year it starts in) of a day number. */
int tally_year_of(int32_t day);

struct tally_act {
    int64_t activity_id;
    int64_t minutes;       /* present in the year */
    int32_t first_day;     /* day number of the first day taken part */
    int32_t last_present;  /* day number of the last day present, INT32_MIN: none */
};
struct tally_event {
    int64_t activity_id;
    int32_t day; /* day number */
    int minutes; /* present that day */
};
/* Item i of a packed acts / events array of the school year starting on year_start. */
void tally_act_at(const unsigned char *acts, size_t i, int32_t year_start, struct tally_act *out);
void tally_event_at(const unsigned char *events, size_t i, int32_t year_start,
                    struct tally_event *out);

struct tally_month {
    uint32_t days;              /* bit d - 1: took part on day d of the month */
    int64_t minutes;            /* present in the month */
    int first_present, last_present; /* days of the month with minutes present, 0: none */
};
/* Month m (0 = August) of a packed months array. */
void tally_month_at(const unsigned char *months, size_t m, struct tally_month *out);

#endif
