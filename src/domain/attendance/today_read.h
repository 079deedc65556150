/* Reads of the start page (Vandaag): the sessions of a few days with whether their attendance
   was taken, today's count of registered sessions, and a parent's children. Each returns its
   rows with the keys listed, or an error, never an empty list on failure: json_t * functions
   give NULL on a database error (logged); int functions answer 1 (a row), 0 (none; *out
   NULL) or -1 (error). Data only: dates in words are the page's. */
#ifndef VERRIJKT_DOMAIN_ATTENDANCE_TODAY_READ_H
#define VERRIJKT_DOMAIN_ATTENDANCE_TODAY_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The sessions dated from..until (ISO dates, both included) of one school (school_id), of
   the activities one staff member runs (staff_id), or of every school (both 0), by date,
   start, title (case ignored), id, at most 50: [{"id", "date", "start", "end", "activity_id",
   "title", "school" (its name), "cancelled" (boolean), "attendance_taken" (boolean: some
   marks saved), "location" (the activity's; "" when not given), "grade_min", "grade_max",
   "date_from", "date_until" (the activity's), "school_kind"}]. New reference or NULL. */
json_t *read_sessions_between(struct db *db, const char *from, const char *until,
                              int64_t school_id, int64_t staff_id);

/* Today's sessions of every school into *out (new reference): {"sessions" (not cancelled on
   day), "registered" (of those, the ones with attendance taken)}. 1, or -1. */
int read_day_registered(struct db *db, const char *day, json_t **out);

#endif
