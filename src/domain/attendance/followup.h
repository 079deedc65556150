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
     of an activity that stopped months ago is history, not a reason to call.
   - A run the coordinator marked as handled (followup_handle, through its latest absence) is
     not flagged again until an absence after that date makes the run longer. */
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
    first), "last_date", "contacts" (how to reach the family: the linked parent accounts,
    [{"name", "email"}] by name), "handled" (the previous note on this pupil and activity,
    {"through", "note", "at", "by"}, or null)}.
   New reference; NULL on a database error. */
json_t *followup_absentees(struct db *db, int64_t school_id, const char *today);

/* The flag of one pupil in one activity of school_id on day today, as followup_absentees gives
   it but also when it was handled already (then "handled"."through" >= "last_date"). 1 with a
   new reference in *flag, 0 when the pupil is not flagged there, -1 on a database error. */
int followup_case(struct db *db, int64_t school_id, int64_t activity_id, int64_t pupil_id,
                  const char *today, json_t **flag);

enum { FOLLOWUP_NOTE_MAX = 500 };

/* The message key of what is wrong with a note (required, at most FOLLOWUP_NOTE_MAX
   characters, no control characters but line breaks and tabs), or NULL when it is fine. */
const char *followup_note_problem(const char *note);

enum followup_result {
    FOLLOWUP_OK = 0,
    FOLLOWUP_FAILED = -1,  /* database error (logged); nothing written */
    FOLLOWUP_INVALID = -2, /* the note breaks followup_note_problem; nothing written */
    FOLLOWUP_STALE = -3,   /* through is not the run's latest absence (a newer one came) */
};

/* Mark the flag of pupil_id in activity_id (of school_id) as handled through its latest
   absence `through` ("YYYY-MM-DD", as the page showed it) with the note, by user_id, in one
   transaction with an audit record. FOLLOWUP_STALE when the pupil is not flagged there on
   today or its run has a later absence than through: the page shows the case again. */
enum followup_result followup_handle(struct db *db, int64_t user_id, int64_t school_id,
                                     int64_t activity_id, int64_t pupil_id, const char *through,
                                     const char *note, const char *today);

#endif
