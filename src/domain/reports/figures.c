/* The dashboard's figures on two threads; see figures.h. */
#include "domain/reports/figures.h"

#include <string.h>

#include "domain/reports/reports_internal.h"

struct figures_work {
    const struct report_query *q;
    int vog_valid_years;
    struct report_figures *out;
};

/* The report, then the staff figures from its held sessions. */
static int report_and_staff(struct db *db, void *ctx)
{
    struct figures_work *w = ctx;
    return report_compute(db, w->q, &w->out->rep) ||
           report_staff_of(db, &w->out->rep, w->vog_valid_years, &w->out->staff);
}

/* The trends (reading the pupils themselves: the report is not there yet) and the waiting
   lists. */
static int trends_and_waiting(struct db *db, void *ctx)
{
    struct figures_work *w = ctx;
    return trends_compute(db, w->q, &w->out->trends) ||
           report_waiting_compute(db, w->q, &w->out->waiting);
}

int report_figures_compute(struct db *db, const struct report_query *q, int vog_valid_years,
                           struct report_figures *out)
{
    memset(out, 0, sizeof *out);
    struct figures_work w = {q, vog_valid_years, out};
    if (reports_beside(db, report_and_staff, &w, trends_and_waiting, &w)) {
        report_figures_free(out);
        return -1;
    }
    return 0;
}

void report_figures_free(struct report_figures *f)
{
    report_free(&f->rep);
    report_staff_free(&f->staff);
    report_waiting_free(&f->waiting);
    trends_free(&f->trends);
}
