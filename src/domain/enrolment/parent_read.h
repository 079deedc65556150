/* Reads for the parent's pages: a parent's children, a child's enrolments, and the activities
   a child may sign up for or rank in a round. json_t * functions give a new reference, or NULL
   on a database error (logged), never an empty list on failure; int functions answer 1 (found),
   0 (none; *out NULL) or -1 (error). */
#ifndef VERRIJKT_DOMAIN_ENROLMENT_PARENT_READ_H
#define VERRIJKT_DOMAIN_ENROLMENT_PARENT_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Pupil pupil_id when it is a child of parent user_id, as {"id", "first_name", "last_name",
   "grade", "school" (its name), "school_kind" ("po" or "vo"), "school_id"} into *out (new
   reference). */
int read_parent_child(struct db *db, int64_t user_id, int64_t pupil_id, json_t **out);

/* The first 20 children of parent user_id by first name, then id: rows as read_parent_child.
   New reference. */
json_t *read_parent_children(struct db *db, int64_t user_id);

/* The child's enrolments in activities that have not ended on today ("YYYY-MM-DD"): enrolled
   first, then waiting, then cancelled, each by weekday, start and title: [{"id" (the
   enrolment), "activity_id", "title", "status", "weekday" (1–7), "start", "end", "location",
   "position" (on the waiting list, 1 = next; 0 when not waiting), "grade_min", "grade_max",
   "date_from", "date_until", "school_kind" (of the activity's school), "slots" (SCHEDULE_SLOTS_SQL)}]. New reference. */
json_t *read_child_enrolments(struct db *db, int64_t pupil_id, const char *today);

/* The activities the child may sign up for at now ("YYYY-MM-DDTHH:MM"; today its date): its
   school's and the coalition-wide ones for its grade, not ended, the sign-up window open
   (eligibility.h), the child's own school first, then by weekday, start and title, at most
   200: [{"id", "title", "goal", "location", "weekday", "start", "end", "from", "until" (the
   activity's first and last day), "school" (its name), "seats_left" (never below 0),
   "waitlist_length", "domains" ([{"code", "name"}] by position, then id; rows that list the
   same domain share its object, so change none), "status" (the child's
   enrolment: "enrolled", "waitlisted", "cancelled" or "" for none), "enrolment_id" (0 for
   none), "in_round" (true while an open round covers it), "signup_until" ("" for none),
   "grade_min", "grade_max", "date_from", "date_until", "school_kind", "slots"}]. New reference. */
json_t *read_open_activities(struct db *db, int64_t pupil_id, const char *today,
                             const char *now);

/* The activities of round round_id the child may rank (its school's or open to the
   coalition, for its grade), by weekday, start, title and id: [{"id", "title", "weekday",
   "start", "end", "location", "school" (its name), "domains" ([{"code", "name"}] in the
   coalition's order, shared as in read_open_activities), "seats_left"
   (never below 0), "enrolled" (the child has a seat already), "goal", "grade_min",
   "grade_max", "date_from", "date_until", "school_kind", "slots"}]. New reference. */
json_t *read_rankable_activities(struct db *db, int64_t round_id, int64_t pupil_id);

#endif
