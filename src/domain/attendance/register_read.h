/* Reads of the attendance of an activity's sessions, for the register of one session and the
   attendance list of an activity (presentielijst). Held sessions are those of the reports
   (PRODUCT.md section 5): not cancelled and dated on or before the given day. int functions
   answer 1 (found), 0 (none) or -1 (database error, logged); json_t * functions give NULL on
   a database error, never an empty list on failure. */
#ifndef VERRIJKT_DOMAIN_ATTENDANCE_REGISTER_READ_H
#define VERRIJKT_DOMAIN_ATTENDANCE_REGISTER_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* What the register shows above its pupils about session_id, into *out: {"start", "end",
   "reason", "slot_date" (the session's own times and its planned date), "title", "location"
   (the activity's), "school" (its school's name), "activity_start", "activity_end" (the
   times of its weekly slot)}. New reference. */
int read_register_session(struct db *db, int64_t session_id, json_t **out);

/* The activity's held sessions as of today ("YYYY-MM-DD"), by date, start and id:
   [{"id", "date", "start", "end"}]. New reference or NULL. */
json_t *read_held_sessions(struct db *db, int64_t activity_id, const char *today);
/* The rows of the activity's attendance list: every pupil enrolled now and every pupil with a
   mark at a held session, by last name, first name (case ignored) and id: [{"id",
   "first_name", "last_name", "grade", "class"}]. New reference or NULL. */
json_t *read_attendance_list_pupils(struct db *db, int64_t activity_id, const char *today);
/* Every mark at the activity's held sessions: [{"session_id", "pupil_id", "status"}], in no
   particular order. New reference or NULL. */
json_t *read_held_marks(struct db *db, int64_t activity_id, const char *today);

#endif
