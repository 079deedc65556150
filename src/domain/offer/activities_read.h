/* Reads of activities and their sessions, for pages and other areas. int functions answer 1
   (found), 0 (none) or -1 (database error, logged); json_t * functions give NULL on a
   database error, never an empty list on failure. Rows carry data only: the words a page
   shows ("groep 5–8", dates in words) are the page's. */
#ifndef VERRIJKT_DOMAIN_OFFER_ACTIVITIES_READ_H
#define VERRIJKT_DOMAIN_OFFER_ACTIVITIES_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The school of activity_id into *school_id (0 when there is no such activity). */
int read_activity_school(struct db *db, int64_t activity_id, int64_t *school_id);
/* Whether staff member staff_id runs activity_id: 1 yes, 0 no, -1 error. */
int read_staff_runs(struct db *db, int64_t activity_id, int64_t staff_id);

/* ---- the list of activities ------------------------------------------------------------------ */

/* When an activity runs, seen from a day: the list's "when" filter. An activity is ongoing
   (lopend) from its first to its last day, coming (komend) before its first day and ended
   (afgelopen) after its last day. */
enum activity_when {
    WHEN_ALL = 0,    /* every activity */
    WHEN_CURRENT,    /* ongoing and coming: the list's default */
    WHEN_ONGOING,    /* lopend */
    WHEN_COMING,     /* komend */
    WHEN_ENDED,      /* afgelopen, and not archived (domain/offer/archive.h) */
    WHEN_ARCHIVED,   /* archived by a rollover: ended in a school year before the latest one */
};

/* Whether an activity running from .. until (ISO dates) is, seen from today, WHEN_ONGOING,
   WHEN_COMING or WHEN_ENDED: the C form of the list's when filter (its SQL form is in
   read_activities, and tests/unit/test_activity_when.c checks that they agree). */
enum activity_when activity_when_at(const char *from, const char *until, const char *today);

/* Which activities a list shows; 0 or "" for a part means "all". */
struct activity_filter {
    int64_t school_id; /* only this school's; -1 matches nothing (an unknown school) */
    int64_t staff_id;  /* only those this staff member runs */
    const char *q;     /* the title contains this (case ignored for ASCII) */
    int64_t domain_id; /* only those in this domain; -1 matches nothing */
    enum activity_when when; /* seen from today (below); WHEN_ALL needs no today */
    const char *today;       /* "YYYY-MM-DD"; NULL or "" only with WHEN_ALL */
    const char *year_from, *year_until; /* only those running on a day of this span (a school
                                           year, ISO dates); NULL or "" = any */
};

/* One page of the activities matching f (at most limit, after skipping offset), by school name,
   school id, title and id: [{"id", "key", "title", "school_key", "school", "school_kind",
   "weekday", "start", "end" (its first slot), "grade_min", "grade_max", "capacity", "slots"
   (every slot, SCHEDULE_SLOTS_SQL), "enrolled" (the number
   enrolled), "waitlisted" (the number waiting), "from", "until", "location" ("" when not
   given), "next_session_id", "next_session_date" (the first session not cancelled on or after
   f->today, the first of all without a today; both null when there is none)}]. New reference
   or NULL. */
json_t *read_activities(struct db *db, const struct activity_filter *f, int64_t limit,
                        int64_t offset);
/* The number of activities matching f into *count. 1, or -1 on a database error. */
int read_activities_count(struct db *db, const struct activity_filter *f, int64_t *count);
/* The school years in which the activities in f's school and staff scope start (the rest of
   f is ignored), newest first, as the year of their 1 August: [{"year"}]. New reference or
   NULL. */
json_t *read_activity_years(struct db *db, const struct activity_filter *f);

/* ---- one activity ---------------------------------------------------------------------------- */

/* Activity id into *out: {"id", "key", "title", "goal", "location", "grade_min", "grade_max",
   "capacity", "weekday", "start", "end", "from", "until", "signup_from" and "signup_until"
   (moments, or null when open), "open_to" ("school" or "coalition"), "school_id",
   "school_key", "school", "school_kind", "provider_id", "provider_name" (both null without a
   provider), "provider_external" (bool), "slots" (SCHEDULE_SLOTS_SQL; weekday, start and end
   are its first slot)}. New reference. */
int read_activity(struct db *db, int64_t id, json_t **out);
/* The activity's weekly slots by weekday: [{"weekday", "start", "end"}] (one, of the
   activity's own columns, when it has no slot rows). New reference or NULL. */
json_t *read_activity_slots(struct db *db, int64_t activity_id);
/* The activity's domains in the coalition's order: [{"code", "name"}]. New reference or NULL. */
json_t *read_activity_domains(struct db *db, int64_t activity_id);
/* The staff running the activity, by name: [{"id", "name", "level", "provider" (its name),
   "vog_date" (null without one), "external" (bool: the provider is external)}]. New
   reference or NULL. */
json_t *read_activity_staff(struct db *db, int64_t activity_id);
/* The activity's sessions by date, start and id: [{"id", "date", "slot_date", "start", "end",
   "cancelled" (bool), "reason", "slot_start", "slot_end" (the times of its weekly slot)}]. New
   reference or NULL. */
json_t *read_activity_sessions(struct db *db, int64_t activity_id);
/* The activity's enrolments: enrolled first, then the waiting list in its order, then the
   cancelled ones, by name within each: [{"id", "pupil_id", "first_name", "last_name", "grade",
   "class", "status", "position" (on the waiting list, domain/enrolment/waitlist.h; null when
   not waiting), "safety_notes", "priority" (bool)}]. New reference or NULL. */
json_t *read_activity_enrolments(struct db *db, int64_t activity_id);
/* The pupils a school may still sign up for the activity directly: of school_id (0: the
   activity's own school), whom the sign-up rule accepts on today ("YYYY-MM-DD"; school,
   grade, not left, the activity not ended: domain/enrolment/eligibility.h; the sign-up
   window does not bind the school), not enrolled or waiting;
   priority pupils first, then by name, at most 1000: [{"id", "last_name", "first_name",
   "grade", "class", "priority" (bool)}]. New reference or NULL. */
json_t *read_activity_candidates(struct db *db, int64_t activity_id, int64_t school_id,
                                 const char *today);

/* ---- the choices of the activity form -------------------------------------------------------- */

/* Every provider by name: [{"value" (the id, as text), "name", "kind" ("extern" or
   "school")}]. New reference or NULL. */
json_t *read_provider_choices(struct db *db);
/* The staff for the form's checkboxes: read_staff_by_provider (providers_read.h). */

/* ---- one session ----------------------------------------------------------------------------- */

/* Session id with its activity into *out: {"id", "activity_id", "slot_date", "date", "start",
   "end", "cancelled" (bool), "reason", "title" (the activity's), "school_id",
   "activity_start", "activity_end" (the times of its weekly slot), "has_attendance" (bool: a
   mark was saved)}. New reference. */
int read_session(struct db *db, int64_t id, json_t **out);

#endif
