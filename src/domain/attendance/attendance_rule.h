/* The register's rule (PRODUCT.md rule 6), its one home: who was enrolled in an activity on a
   date. Its SQL form serves every query that needs it (the register, domain/attendance/
   attendance.c; the reports' tallies, domain/reports/tally_pupils.c); its C form states the
   same rule over an enrolment's history in memory, and tests/unit/test_attendance_read.c
   checks that the two agree.

   The rule, exactly: a pupil's enrolment counts on day D when it was 'enrolled' at some moment
   of D, read from the enrolment's history (enrolment_history):
   - the last change before D left it 'enrolled' (signed up earlier and not cancelled, moved to
     the waiting list or promoted away before D), or
   - it became 'enrolled' on D itself (a sign-up or a promotion that morning);
   and the pupil had not left the school by D (left_on is NULL or after D). The current status
   does not matter once there is history. An enrolment without any history row (not made by
   this program) counts from the day of its created_at while its status is 'enrolled'. */
#ifndef VERRIJKT_DOMAIN_ATTENDANCE_RULE_H
#define VERRIJKT_DOMAIN_ATTENDANCE_RULE_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The rule as an SQL condition over the enrolment aliased e and its pupil aliased p in the
   surrounding query, on the day given by the SQL expression day ("YYYY-MM-DD": a parameter
   such as "?3", or a column such as "s.date"). All three are string literals:
   ATTENDANCE_ENROLLED_ON("e", "p", "?3"). The history's times start with the date
   ("YYYY-MM-DDTHH:MM…"), so "h.at < day" is "before that day". */
#define ATTENDANCE_ENROLLED_ON(e, p, day)                                                       \
    " (" p ".left_on IS NULL OR " p ".left_on > " day ") AND CASE"                             \
    "  WHEN EXISTS (SELECT 1 FROM enrolment_history h WHERE h.enrolment_id = " e ".id) THEN"   \
    "   EXISTS (SELECT 1 FROM enrolment_history h WHERE h.enrolment_id = " e ".id"             \
    "           AND h.to_status = 'enrolled' AND substr(h.at, 1, 10) = " day ")"               \
    "   OR coalesce((SELECT h.to_status FROM enrolment_history h"                              \
    "                WHERE h.enrolment_id = " e ".id AND h.at < " day                          \
    "                ORDER BY h.at DESC, h.id DESC LIMIT 1), '') = 'enrolled'"                 \
    "  ELSE " e ".status = 'enrolled' AND substr(" e ".created_at, 1, 10) <= " day " END"

/* One change of an enrolment's history: the moment ("YYYY-MM-DDTHH:MM…") and the status it
   changed to ("enrolled", "waitlisted", "cancelled"). */
struct enrolment_change {
    const char *at;
    const char *to_status;
};

/* What the rule reads of one enrolment: its history in the order it happened (by at, then by
   the history row's id), or none; and without history its status and created_at. left_on is
   the pupil's leaving day ("YYYY-MM-DD"), NULL while at school. */
struct enrolment_facts {
    const struct enrolment_change *history;
    size_t n_history;
    const char *status;
    const char *created_at;
    const char *left_on;
};

/* The rule in C: whether the enrolment f counts on day ("YYYY-MM-DD"). */
bool attendance_enrolled_on(const struct enrolment_facts *f, const char *day);

#endif
