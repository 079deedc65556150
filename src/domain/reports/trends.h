/* Trends: per calendar month of a report's period, the participants and the attended hours,
   per school and for the coalition (issue 5). No HTTP here; the dashboard (pages/dashboard.c)
   shows them as a line chart and a table.

   The definitions are those of the coverage report (domain/reports.h), applied to each month:
   - the months: every calendar month from the period's first day up to the last day whose
     sessions are held (upto = min(to, today)); the first and the last month may be partial
     (only their days inside the period count). A period that lies wholly after today has no
     months.
   - participants in month M: the pupils of the school (not left before the period) who were
     on the attendance register of at least one held session of M — their enrolment in that
     activity was 'enrolled' at some moment of the session's day and they had not left the
     school by then (the register's rule, domain/attendance.h) — or who have a mark at a held
     session of M. Exactly the report's participant rule with M as the period, so a one-month
     period gives the report's participants. A pupil counts for the own school, in any
     activity (also one of another school open to the coalition); a pupil is counted once per
     month however many activities. The coalition's participants of a month are the sum over
     the schools (each pupil belongs to one school).
   - minutes in month M: the durations of the held sessions of M at which the pupil's mark is
     'present', summed over the school's pupils (as the report's hours: the months' minutes of
     a school add up to the report's minutes for the whole period).
   Held session: dated in the period, not after today, not cancelled. */
#ifndef VERRIJKT_DOMAIN_TRENDS_H
#define VERRIJKT_DOMAIN_TRENDS_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

#include "domain/reports/reports.h"

struct db;

enum { TRENDS_MAX_MONTHS = 40 }; /* REPORT_MAX_DAYS spans at most 37 calendar months */

struct trend_month {
    char month[8];        /* "YYYY-MM" */
    char first[11], last[11]; /* the days of the month inside the period, "YYYY-MM-DD" */
};

/* One school (or the coalition) in one month. */
struct trend_point {
    int participants;
    int64_t minutes; /* attended minutes, summed over pupils */
};

/* Everything trends_compute found. Free with trends_free. */
struct trends {
    struct trend_month *months; /* n_months, oldest first */
    size_t n_months;
    int64_t *school_ids; /* n_schools, ascending */
    size_t n_schools;
    struct trend_point *points;    /* n_schools × n_months: school i's month m at i*n_months+m */
    struct trend_point *coalition; /* n_months: the sums over the schools */
};

/* Compute the trends of the period of q (from, to, today; school_id 0 = every school, else that
   school only; min_sessions and intensity_hours are not used) into *out, with four set-based
   queries. 0, or -1 on a database error or when memory ran out (*out is then empty). The
   caller frees *out with trends_free. */
int trends_compute(struct db *db, const struct report_query *q, struct trends *out);
void trends_free(struct trends *t);

/* The n_months points of the school with this id, or NULL when it is not in t. Points into t. */
const struct trend_point *trends_school(const struct trends *t, int64_t school_id);

#endif
