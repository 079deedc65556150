/* Who may sign up for an activity (PRODUCT.md rule 1): a pupil of the activity's own school, or
   any pupil when the activity is open to the coalition; a pupil whose grade lies in the
   activity's range; before the activity has ended; inside its sign-up window (for a parent:
   the school may sign up outside it); a pupil who has not left the school. The one home of the
   rule: the C form below is what enrol.c checks, and the SQL fragments are what a query that
   lists or filters by the rule uses. tests/unit/test_eligibility.c checks that the two agree.

   The fragments are written over the activity aliased a and the pupil aliased p; the moments
   are SQL expressions (normally a parameter, "?3"), and each fragment is parenthesised. */
#ifndef VERRIJKT_DOMAIN_ENROLMENT_ELIGIBILITY_H
#define VERRIJKT_DOMAIN_ENROLMENT_ELIGIBILITY_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stdint.h>

#include "domain/enrolment/enrol.h"

/* The activity is for the pupil's school: its own school's, or open to the coalition. */
#define ELIGIBLE_SCHOOL_SQL "(a.school_id = p.school_id OR a.open_to = 'coalition')"
/* The pupil's grade lies in the activity's range. */
#define ELIGIBLE_GRADE_SQL "(p.grade BETWEEN a.grade_min AND a.grade_max)"
/* School and grade: what a round's ranking asks. */
#define ELIGIBLE_PLACE_SQL "(" ELIGIBLE_SCHOOL_SQL " AND " ELIGIBLE_GRADE_SQL ")"
/* The activity has not ended on today ("YYYY-MM-DD"). */
#define ELIGIBLE_RUNNING_SQL(today) "(a.date_until >= " today ")"
/* The sign-up window is open at now ("YYYY-MM-DDTHH:MM"); an absent bound is open. */
#define ELIGIBLE_WINDOW_SQL(now)                                                               \
    "((a.signup_from IS NULL OR a.signup_from <= " now ")"                                     \
    " AND (a.signup_until IS NULL OR a.signup_until >= " now "))"
/* The pupil has not left the school on today: no leaving date, or a later one. */
#define ELIGIBLE_PRESENT_SQL(today) "(p.left_on IS NULL OR p.left_on > " today ")"
/* The whole rule for a parent's sign-up at now (today: now's date). */
#define ELIGIBLE_SIGNUP_SQL(now, today)                                                        \
    "(" ELIGIBLE_PLACE_SQL " AND " ELIGIBLE_RUNNING_SQL(today) " AND " ELIGIBLE_WINDOW_SQL(now) \
    " AND " ELIGIBLE_PRESENT_SQL(today) ")"

/* What the rule needs to know of an activity and a pupil. Text that is SQL NULL is "". */
struct eligibility {
    int64_t activity_school, pupil_school;
    bool open_to_coalition;
    int grade_min, grade_max, grade;
    char signup_from[20], signup_until[20]; /* "YYYY-MM-DDTHH:MM"; "" when unbounded */
    char until[11];                         /* the activity's last day */
    char left_on[24];                       /* the day the pupil left; "" while at school */
};

/* Whether the pupil is still at school on today (ELIGIBLE_PRESENT_SQL). */
bool eligible_present(const struct eligibility *e, const char *today);

/* The rule for a pupil who is present, in the order enrol.c refuses: ENROL_WRONG_SCHOOL
   (ELIGIBLE_SCHOOL_SQL), ENROL_WRONG_GRADE (ELIGIBLE_GRADE_SQL), ENROL_CLOSED when the activity
   has ended (ELIGIBLE_RUNNING_SQL), then, unless by_school, ENROL_NOT_OPEN_YET or ENROL_CLOSED
   outside the sign-up window at now (ELIGIBLE_WINDOW_SQL); ENROL_OK when it holds. */
enum enrol_result eligible_signup(const struct eligibility *e, const char *now, const char *today,
                                  bool by_school);

#endif
