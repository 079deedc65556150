/* Reads for the school's pages of enrolment rounds (the list, one round, the form). json_t *
   functions give a new reference, or NULL on a database error (logged), never an empty list
   on failure; int functions answer 1 (found), 0 (none; *out NULL) or -1 (error). */
#ifndef VERRIJKT_DOMAIN_ENROLMENT_ROUNDS_READ_H
#define VERRIJKT_DOMAIN_ENROLMENT_ROUNDS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* The rounds of school_id (0: of every school), closing last first, at most 500: [{"id",
   "key", "name" (the key when it has none), "school" (its name), "opens", "closes",
   "choices", "max_per_child", "closed" (allocated), "activities" (how many it covers),
   "children" (how many ranked)}]: those of today's list, or with archived the ones a rollover
   archived (domain/offer/archive.h), seen from today ("YYYY-MM-DD"). New reference. */
json_t *read_rounds(struct db *db, int64_t school_id, const char *today, bool archived);

/* Round round_id at now ("YYYY-MM-DDTHH:MM"; NULL = the clock) into *out (new reference):
   {"id", "key", "name" (the key when it has none), "school_id", "school_key", "school" (its
   name), "opens", "closes", "choices", "max_per_child", "seed" (or null), "closed_at" (or
   null), "state" (round_state: "planned", "open", "awaiting" or "allocated"),
   "activity_ids" ([ids] by the activities' title, then id)}. */
int read_round(struct db *db, int64_t round_id, const char *now, json_t **out);

/* The activities a round may cover, for its form: of school_id (0: every school), not ended
   on today ("YYYY-MM-DD") or already in round round_id (0: none), by school name, title and
   id, at most 1000: [{"id", "title", "school" (its name), "school_key", "weekday", "start",
   "end", "capacity", "grade_min", "grade_max", "date_from", "date_until", "school_kind", "slots" (SCHEDULE_SLOTS_SQL)}].
   New reference. */
json_t *read_round_activity_choices(struct db *db, int64_t school_id, const char *today,
                                    int64_t round_id);

/* The title of the activity with key (a round's stored result names activities by key) as
   {"title"} into *out (new reference). */
int read_round_activity_title(struct db *db, const char *key, json_t **out);

#endif
