/* The register's rule in C; see attendance_rule.h (its SQL twin is there too). */
#include "domain/attendance/attendance_rule.h"

#include <string.h>

/* Compare the day of moment ("YYYY-MM-DD…") with day: <0, 0 or >0. */
static int day_cmp(const char *moment, const char *day)
{
    return strncmp(moment, day, 10);
}

bool attendance_enrolled_on(const struct enrolment_facts *f, const char *day)
{
    if (f->left_on && strcmp(f->left_on, day) <= 0)
        return false;
    if (!f->n_history)
        return !strcmp(f->status, "enrolled") && day_cmp(f->created_at, day) <= 0;
    const char *before = ""; /* the status the last change before day left */
    for (size_t i = 0; i < f->n_history; i++) {
        const struct enrolment_change *c = &f->history[i];
        int when = day_cmp(c->at, day);
        if (when < 0)
            before = c->to_status;
        else if (when == 0 && !strcmp(c->to_status, "enrolled"))
            return true; /* became enrolled that day */
    }
    return !strcmp(before, "enrolled");
}
