/* Who is still waiting: the pupils on waiting lists now and the children left without a seat
   after the enrolment rounds, per school (issue 5, the dashboard). No HTTP here.

   The definitions, exactly:
   - waiting: the pupils of the school who are at school today (left_on NULL or after today)
     and have at least one 'waitlisted' enrolment now in an activity that has not ended
     (date_until today or later: the waiting list of an activity that is over waits for
     nothing), each pupil counted once. A figure of today, whatever the period.
   - unplaced: the pupils of the school (at school today) whom the allocation of a round closed
     in the period (the day of closed_at from `from` through `to`) left without a seat (the
     "unplaced" of rounds.result, domain/rounds.h) and who are still enrolled in none of that
     round's activities (a later promotion from the waiting list places them), each pupil
     counted once however many rounds.
   The coalition: the sums over the schools (a pupil belongs to one school). */
#ifndef VERRIJKT_DOMAIN_REPORTS_WAITING_H
#define VERRIJKT_DOMAIN_REPORTS_WAITING_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

#include "domain/reports/reports.h"

struct db;

struct report_waiting {
    int64_t school_id; /* 0 for the coalition */
    int waiting, unplaced;
};

struct report_waiting_set {
    struct report_waiting *schools; /* by school id; only schools with a pupil waiting */
    size_t n_schools;
    struct report_waiting coalition;
};

/* Compute both figures for q (from, to, today; school_id 0: every school) into *out with two
   grouped queries. 0, or -1 on a database error (*out is then empty). Free with
   report_waiting_free. */
int report_waiting_compute(struct db *db, const struct report_query *q,
                           struct report_waiting_set *out);
void report_waiting_free(struct report_waiting_set *set);

/* The figures of one school (a zero row when nobody waits). Points into set or to a static
   zero row. */
const struct report_waiting *report_waiting_school(const struct report_waiting_set *set,
                                                   int64_t school_id);

#endif
