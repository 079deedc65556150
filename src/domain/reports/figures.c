/* The dashboard's figures on two threads; see figures.h. */
#include "domain/reports/figures.h"

#include <string.h>

#include "domain/reports/reports_internal.h"

/* A report with its staff figures to compute. */
struct staffed_work {
    const struct report_query *q;
    int vog_valid_years;
    struct report *rep;
    struct report_staff_set *staff;
};

/* The report, then the staff figures from its held sessions. */
static int report_and_staff(struct db *db, void *ctx)
{
    struct staffed_work *w = ctx;
    return report_compute(db, w->q, w->rep) ||
           report_staff_of(db, w->rep, w->vog_valid_years, w->staff);
}

struct figures_work {
    const struct report_query *q;
    struct report_figures *out;
};

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
    struct staffed_work report = {q, vog_valid_years, &out->rep, &out->staff};
    struct figures_work rest = {q, out};
    if (reports_beside(db, report_and_staff, &report, trends_and_waiting, &rest)) {
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

int report_pair_compute(struct db *db, const struct report_query *first,
                        const struct report_query *second, int vog_valid_years,
                        struct report_with_staff out[2])
{
    memset(out, 0, 2 * sizeof *out);
    struct staffed_work a = {first, vog_valid_years, &out[0].rep, &out[0].staff};
    struct staffed_work b = {second, vog_valid_years, &out[1].rep, &out[1].staff};
    if (reports_beside(db, report_and_staff, &a, report_and_staff, &b)) {
        report_with_staff_free(&out[0]);
        report_with_staff_free(&out[1]);
        return -1;
    }
    return 0;
}

void report_with_staff_free(struct report_with_staff *r)
{
    report_free(&r->rep);
    report_staff_free(&r->staff);
}
