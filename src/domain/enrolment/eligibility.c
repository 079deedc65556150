/* Who may sign up for an activity: the C form of the rule; see eligibility.h. */
#include "domain/enrolment/eligibility.h"

#include <string.h>

bool eligible_present(const struct eligibility *e, const char *today)
{
    return !e->left_on[0] || strcmp(e->left_on, today) > 0;
}

enum enrol_result eligible_signup(const struct eligibility *e, const char *now, const char *today,
                                  bool by_school)
{
    if (e->activity_school != e->pupil_school && !e->open_to_coalition)
        return ENROL_WRONG_SCHOOL;
    if (e->grade < e->grade_min || e->grade > e->grade_max)
        return ENROL_WRONG_GRADE;
    if (strcmp(e->until, today) < 0)
        return ENROL_CLOSED;
    if (by_school)
        return ENROL_OK;
    if (e->signup_from[0] && strcmp(now, e->signup_from) < 0)
        return ENROL_NOT_OPEN_YET;
    if (e->signup_until[0] && strcmp(now, e->signup_until) > 0)
        return ENROL_CLOSED;
    return ENROL_OK;
}
