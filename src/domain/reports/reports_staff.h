/* The staff figures of the reports (PRODUCT.md section 5, "staff"), per school over a period,
   beside report_compute (domain/reports.h). No HTTP here.

   The definitions, exactly:
   - staff_qualified_pct: the share of held sessions run by basis- or vakbekwaam staff. Of the
     held sessions of the school's activities in the period (dated in the period, not after
     today, not cancelled: the report's `sessions`), those whose activity has at least one
     staff member (activity_staff) whose level valid on the session's date is 'basis' or
     'vak' × 100. The level valid on a date is that of the staff member's latest assessment
     dated on or before it (domain/offer/competence.h); an assessment after the session's date
     does not count for it, and before the first assessment a staff member has no level. The
     program keeps the staff of an activity, not of each session, so a session counts by its
     activity's staff as they are now, each with the level of the session's date. An activity
     without staff counts in the denominator only. No value without held sessions.
   - vog_valid_pct: the share of external staff with a valid VOG. The external staff of a
     school: the staff members of an external provider (providers.external = 1) who run an
     activity of the school with at least one held session in the period, each counted once.
     Valid: a VOG dated on or before the reference day and valid through it for
     staff.vog_valid_years years (up to and including the day before the same date that many
     years later, domain/providers.h vog_check); the reference day is the period's last day
     whose sessions are held, min(to, today). No value without external staff.
   The coalition: sessions summed over the schools; external staff counted once even when
   they work at several schools. Percentages rounded as the report's (report_pct). */
#ifndef VERRIJKT_DOMAIN_REPORTS_STAFF_H
#define VERRIJKT_DOMAIN_REPORTS_STAFF_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/reports/reports.h"

struct db;

struct report_staff {
    int64_t school_id; /* 0 for the coalition */
    int sessions, qualified_sessions;
    int external_staff, vog_valid;
};

struct report_staff_set {
    struct report_staff *schools; /* n_schools, by school id; only schools with something */
    size_t n_schools;
    struct report_staff coalition;
};

/* Compute the staff figures of rep's period and schools (report_compute's, whose held
   sessions per activity they use) into *out, with two plain reads of the activities' staff.
   vog_valid_years: config staff.vog_valid_years. 0, or -1 on a database error (*out is then
   empty). Free with report_staff_free. */
int report_staff_of(struct db *db, const struct report *rep, int vog_valid_years,
                    struct report_staff_set *out);
/* The same for q's period (school_id 0: every school), computing its report first: for a
   caller that has none. */
int report_staff_compute(struct db *db, const struct report_query *q, int vog_valid_years,
                         struct report_staff_set *out);
void report_staff_free(struct report_staff_set *set);

/* The figures of one school: a zeroed row (no sessions, no staff) when the school had none.
   Points into set, or to a static zero row. */
const struct report_staff *report_staff_school(const struct report_staff_set *set,
                                               int64_t school_id);

bool report_staff_qualified_pct(const struct report_staff *s, double *out);
bool report_vog_valid_pct(const struct report_staff *s, double *out);

#endif
