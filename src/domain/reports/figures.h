/* The figures of the lead's dashboard for a period: the coverage report (domain/reports.h)
   with its staff figures (reports_staff.h), the waiting lists (reports_waiting.h) and the
   trends per month (trends.h), each by its own definitions. No HTTP here.

   The report and its staff figures are read on the calling thread while the trends and the
   waiting lists are read on a second one (reports_beside): at national scale the report takes
   most of the time, and the rest then costs no wait. The progress report's two quarters are
   read side by side the same way (report_pair_compute). */
#ifndef VERRIJKT_DOMAIN_REPORTS_FIGURES_H
#define VERRIJKT_DOMAIN_REPORTS_FIGURES_H

#include "domain/layer.h"

#include "domain/reports/reports.h"
#include "domain/reports/reports_staff.h"
#include "domain/reports/reports_waiting.h"
#include "domain/reports/trends.h"

struct db;

struct report_figures {
    struct report rep;
    struct report_staff_set staff;
    struct report_waiting_set waiting;
    struct trends trends;
};

/* Compute them for q (vog_valid_years: config staff.vog_valid_years) into *out. 0, or -1 on a
   database error (*out is then empty). Free with report_figures_free. */
int report_figures_compute(struct db *db, const struct report_query *q, int vog_valid_years,
                           struct report_figures *out);
void report_figures_free(struct report_figures *f);

/* A report with its staff figures. */
struct report_with_staff {
    struct report rep;
    struct report_staff_set staff;
};

/* The reports of two periods with their staff figures, the second read on a thread beside the
   first (the progress report: a quarter and the one before it). 0, or -1 on a database error
   (out is then empty). Free each with report_with_staff_free. */
int report_pair_compute(struct db *db, const struct report_query *first,
                        const struct report_query *second, int vog_valid_years,
                        struct report_with_staff out[2]);
void report_with_staff_free(struct report_with_staff *r);

#endif
