/* Attendance of one session (PRODUCT.md rule 6): who was enrolled on the session's date, and
   saving the register's marks (present / absent / excused, with an optional Leuven involvement
   score 1–5) in one transaction, all or nothing. No HTTP here.

   Enrolled on the date (rule 6): the rule and its SQL and C forms are in
   domain/attendance/attendance_rule.h. The current status does not matter: a pupil who
   cancelled in December stays on the registers of September, with the marks taken then (the
   reports count them).

   Saving, exactly:
   - Marks are taken for sessions dated today or earlier that are not cancelled: a register
     filled in ahead would be a guess.
   - Every mark is checked before anything is written; one wrong mark (a pupil not enrolled that
     day, an unknown status, an involvement outside 1–5, an involvement without a status or for
     a pupil who was not present) refuses the whole save.
   - A mark replaces the pupil's earlier mark (the last save wins); its involvement replaces the
     earlier one too, so a mark saved without one clears it. A pupil the save does not mention
     keeps a saved mark: marks are never removed by a save (a mistake is corrected by choosing
     another status), so that two people saving parts of a register do not erase each other.
   - "Everyone present" (all_present) marks present every pupil on the register who has no
     status in the save and no saved mark.
   - What changed is written to the audit log (one row per save that changed something). */
#ifndef VERRIJKT_DOMAIN_ATTENDANCE_H
#define VERRIJKT_DOMAIN_ATTENDANCE_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    ATTENDANCE_INVOLVEMENT_MIN = 1, /* Leuven scale: 1 extremely low … 5 extremely high */
    ATTENDANCE_INVOLVEMENT_MAX = 5,
};

/* A session as the attendance rules see it. */
struct attendance_session {
    int64_t id, activity_id, school_id;
    char date[11];   /* where it actually takes place (a moved session: the new date) */
    bool cancelled;
};

/* One pupil's mark as a form or a script gives it. status is "present", "absent" or
   "excused"; NULL or "" when none is given. involvement is 1–5, 0 for none; any other value
   (the page passes -1 for text it could not read) is refused. */
struct attendance_input {
    int64_t pupil_id;
    const char *status;
    int involvement;
};

/* The outcomes of domain/outcome.h, and the register's own. */
enum attendance_result {
    ATTENDANCE_OK = OUTCOME_OK,
    ATTENDANCE_FAILED = OUTCOME_FAILED,       /* database error (logged); nothing written */
    ATTENDANCE_INVALID = OUTCOME_INVALID,     /* a mark breaks a rule: see the problems */
    ATTENDANCE_NOT_FOUND = OUTCOME_NOT_FOUND, /* no such session */
    ATTENDANCE_CANCELLED = OUTCOME_AREA,      /* the session is cancelled: no register */
    ATTENDANCE_FUTURE = OUTCOME_AREA - 1,     /* the session is after today */
};

/* What a save did. */
struct attendance_saved {
    size_t changed; /* marks added or changed */
};

/* Read session_id into *s. 0, 1 when there is no such session, -1 on a database error. */
int attendance_session_read(struct db *db, int64_t session_id, struct attendance_session *s);

/* The register of session s: the pupils enrolled on its date (the rule above), by first and
   last name, each {"id", "first_name", "last_name", "grade", "grade_label" ("groep 6" or
   "leerjaar 2" by the pupil's school), "class", "priority" (bool), "safety_notes", "status"
   (string, or null when not marked), "involvement" (1–5 or null)}. The caller decides which
   of priority and safety_notes a user may see. New reference; NULL on a database error. */
json_t *attendance_roster(struct db *db, const struct attendance_session *s);

/* Is the pupil on the register of session s? 1 yes, 0 no, -1 on a database error. */
int attendance_enrolled_on_date(struct db *db, const struct attendance_session *s,
                                int64_t pupil_id);

/* Save the marks of session_id (n of them; a pupil at most once) by user_id, as of today
   ("YYYY-MM-DD"), in ONE write transaction, by the rules above. On ATTENDANCE_INVALID the
   problems are in out (emptied first): field "status" or "involvement", row the pupil's
   id; nothing is written. */
enum attendance_result attendance_save(struct db *db, int64_t session_id, int64_t user_id,
                                       const struct attendance_input *marks, size_t n,
                                       bool all_present, const char *today,
                                       struct problems *out, struct attendance_saved *saved);

/* "present" → "aanwezig", "absent" → "afwezig", "excused" → "afgemeld"; NULL otherwise.
   Static strings. */
const char *attendance_status_label(const char *status);
/* The Leuven words for an involvement score 1–5 ("extreem laag: volledig afgehaakt", …);
   NULL outside 1–5. Static strings. */
const char *attendance_involvement_label(int involvement);

#endif
