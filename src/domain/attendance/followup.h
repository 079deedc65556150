/* Absence follow-up (issue 4): a pupil absent without an excuse at the last FOLLOWUP_RUN held
   sessions of an activity in a row is flagged on the coordinator's start page, so that someone
   calls home (PRODUCT.md: the link between home and school). No HTTP here.

   The rule, exactly:
   - Only held sessions count: not cancelled and dated today or earlier (as in the reports,
     PRODUCT.md section 5), in the order they took place (date, then start time).
   - Walking back from the latest held session, each 'absent' mark of the pupil adds one to the
     run; a 'present' or an 'excused' mark ends it (an excused absence is a known reason, not a
     pupil slipping away).
   - A held session without a mark for the pupil neither counts nor breaks the run: the register
     may not be filled in yet (a session later today is already "held" by date), or the pupil
     was not enrolled on that date (rule 6: then there is no mark either). Missing paperwork must
     not hide a pattern, nor invent one.
   - Only pupils still enrolled in the activity (status 'enrolled') and still at school (no
     left_on) are flagged: a pupil who was signed off needs no call about it.
   - Only runs whose latest absence is at most FOLLOWUP_RECENT_DAYS days ago: a run at the end
     of an activity that stopped months ago is history, not a reason to call. */
#ifndef VERRIJKT_DOMAIN_FOLLOWUP_H
#define VERRIJKT_DOMAIN_FOLLOWUP_H

#include "domain/layer.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum {
    FOLLOWUP_RUN = 3,          /* absences in a row that flag a pupil */
    FOLLOWUP_RECENT_DAYS = 28, /* the latest absence of a run at most this many days ago */
};

/* One pupil's mark at one held session. */
enum attendance_mark { MARK_NONE = 0, MARK_PRESENT, MARK_ABSENT, MARK_EXCUSED };

/* "present", "absent", "excused" → its mark; anything else (NULL too) → MARK_NONE. */
enum attendance_mark attendance_mark_of(const char *status);

/* The run of absences at the end of marks, the pupil's marks at the held sessions of one
   activity, oldest first: the number of MARK_ABSENT after the last MARK_PRESENT or
   MARK_EXCUSED, MARK_NONE skipped. */
size_t followup_absent_run(const enum attendance_mark *marks, size_t n);

/* The pupils of school_id to call about on day today ("YYYY-MM-DD"), by the rule above. A JSON
   array, ordered by activity title and pupil name, each
   {"pupil_id", "first_name", "last_name", "grade", "class", "activity_id", "activity",
    "absences" (the length of the run), "dates" (the dates of the run's absences, the latest
    first), "last_date"}.
   New reference; NULL on a database error. */
json_t *followup_absentees(struct db *db, int64_t school_id, const char *today);

#endif
