/* Activities (a weekly recurring offer) and their sessions: the rules a new or changed activity
   must keep, saving it with its domains, staff and generated sessions in one transaction, and
   cancelling or moving one session (PRODUCT.md 3 and rule 5). No HTTP here. */
#ifndef VERRIJKT_DOMAIN_ACTIVITIES_H
#define VERRIJKT_DOMAIN_ACTIVITIES_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/offer/schedule.h"
#include "domain/problems.h"

struct db;

enum {
    ACTIVITY_TITLE_MAX = 200,    /* characters */
    ACTIVITY_GOAL_MAX = 2000,
    ACTIVITY_LOCATION_MAX = 200,
    ACTIVITY_CAPACITY_MAX = 500,
    ACTIVITY_MAX_DAYS = 400,     /* last date at most this many days after the first */
    ACTIVITY_MAX_LINKS = 64,     /* domains or staff members per activity */
    ACTIVITY_KEY_MAX = 100,
    SESSION_REASON_MAX = 200,
};

/* One weekly slot as a form gives it (strings borrowed; NULL or 0 when unreadable, as below). */
struct activity_slot {
    int weekday;             /* ISO: 1 = Monday … 7 = Sunday */
    const char *start, *end; /* "HH:MM" */
};

/* The form fields of slot k (0-based; up to SCHEDULE_SLOTS_MAX - 1): "weekday", "start",
   "end" for the first, "weekday_2", "start_2", "end_2" … for the others. Static strings. */
const char *activity_slot_field(const char *what, size_t k);

/* An activity as a form or a script gives it. Strings are borrowed. A string that could not be
   read (the page found it malformed) is NULL, an integer that could not be read is 0: the
   checks that need it are then skipped, so that only the field's own message is shown. */
struct activity_input {
    int64_t school_id;
    int64_t provider_id; /* 0 = none */
    const char *title;
    const char *goal;     /* "" when none */
    const char *location; /* "" when none */
    int grade_min, grade_max;
    int capacity;
    int weekday;                /* ISO: 1 = Monday … 7 = Sunday */
    const char *start, *end;    /* "HH:MM" */
    /* Its weekly slots: when n_slots is 0, the one slot above (weekday, start, end). At most
       one slot per weekday. */
    const struct activity_slot *slots;
    size_t n_slots;
    const char *from, *until;   /* "YYYY-MM-DD", the first and last date */
    const char *signup_from;    /* "YYYY-MM-DDTHH:MM", or "" when sign-up opens at once */
    const char *signup_until;   /* likewise, "" when it never closes */
    const char *open_to;        /* "school" or "coalition" */
    const int64_t *domain_ids;
    size_t n_domains;
    const int64_t *staff_ids;
    size_t n_staff;
};


/* Check `in` against the rules and the database, for a new activity (activity_id 0) or a
   change of activity_id: title, school and its kind's grade range, capacity (1–500 and not
   below the pupils already enrolled), the slots (each a weekday and times with the end after
   the start, no weekday twice: "problem.slot_weekday_twice" on the later slot's weekday
   field, at most SCHEDULE_SLOTS_MAX), dates (at most ACTIVITY_MAX_DAYS apart
   and giving at least one session), sign-up window, open_to, and that the provider, every
   staff member and every domain exist (at least one domain). Adds the problems (one per field:
   "title", "capacity", "domains", "staff", …; "form" when a required value is missing) to out,
   which is emptied first, and returns out->n, or -1 on a database error. */
int activity_check(struct db *db, int64_t activity_id, const struct activity_input *in,
                   struct problems *out);

/* The slots of in (its list, or the one slot) as the schedule keeps them, sorted by weekday:
   their number (at most SCHEDULE_SLOTS_MAX; a string that is NULL becomes ""). For
   schedule_records_dropped before a change. */
size_t activity_slot_times(const struct activity_input *in,
                           struct slot_times out[SCHEDULE_SLOTS_MAX]);

/* Create (*id == 0) or change (*id > 0) an activity in ONE transaction: the activities row
   (a new one gets a unique key from its title and school), its domains and staff replaced by
   the input's, its sessions brought in line with the schedule (schedule_sync), pupils on the
   waiting list promoted when the capacity grew, and an audit record as user_id. The rules are
   checked again inside the transaction; when one is broken, the problems go to out and
   OUTCOME_INVALID is returned; OUTCOME_NOT_FOUND for a change of an activity that is not there.
   On OUTCOME_OK *id holds the activity's id. On anything else nothing is written. */
enum outcome activity_save(struct db *db, int64_t user_id, int64_t *id,
                           const struct activity_input *in, struct problems *out);

/* A change to one session. */
struct session_input {
    bool cancelled;
    const char *date;   /* "YYYY-MM-DD": where it takes place (the slot date when not moved) */
    const char *start;  /* "HH:MM" */
    const char *end;
    const char *reason; /* required when cancelled or when it differs from the schedule */
};

/* Check a change of session_id: a valid date, times with the end after the start, no other
   session of the activity that takes place on that date, and a reason (at most
   SESSION_REASON_MAX characters) when the session is cancelled, moved to another date or to
   other times than the activity's. Problems as in activity_check; returns their count, or -1
   on a database error. */
int session_check(struct db *db, int64_t session_id, const struct session_input *in,
                  struct problems *out);

/* Cancel, un-cancel or move session_id (its slot_date stays) in one transaction, checked
   again inside it and audited as user_id. A session brought back to its schedule loses its
   reason. OUTCOME_OK, OUTCOME_INVALID (problems in out), OUTCOME_NOT_FOUND or
   OUTCOME_FAILED. */
enum outcome session_save(struct db *db, int64_t user_id, int64_t session_id,
                          const struct session_input *in, struct problems *out);

/* Dutch name of an ISO weekday ("maandag" …), "" when out of range. Static string. */
const char *weekday_name(int weekday);
/* A date for people: "di 9 sep. 2025" (with_weekday) or "9 sep. 2025", from "YYYY-MM-DD";
   the input itself when it is not such a date. Writes into out (32 bytes). */
void date_label_nl(const char *iso, bool with_weekday, char out[32]);

#endif
