/* What the quarterly progress report's two files share: the computed report (progress.c) and
   its HTML model (progress_view.c). */
#ifndef VERRIJKT_PAGES_PROGRESS_INTERNAL_H
#define VERRIJKT_PAGES_PROGRESS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/quality/norms.h"
#include "domain/reports/progress.h"
#include "domain/reports/reports.h"
#include "domain/reports/reports_staff.h"

struct req;
struct school_window_query;

/* Everything the page shows, computed once per request. */
struct progress {
    struct quarter quarter, previous;
    struct report now, was;                       /* report_compute of each quarter */
    struct report_staff_set staff_now, staff_was; /* report_staff_of of each */
    struct norm_set norms;
    double share;        /* quarter_year_share of the quarter through now.upto */
    int school_year;     /* quarter_school_year: whose review conclusions are shown */
    json_t *conclusions; /* {school key: [review_conclusions entries with a text]} */
};

/* A school, or the coalition, with its counts in both quarters. Points into a progress. */
struct subject {
    int64_t id; /* 0: the coalition */
    const char *key, *name;
    const struct report_totals *now, *was;
    const struct report_staff *staff_now, *staff_was;
};

/* The subjects in the order shown: the coalition first when the report has every school
   (progress_has_coalition), then the schools by name (p->now.schools). */
bool progress_has_coalition(const struct progress *p);
size_t progress_subjects(const struct progress *p);
struct subject progress_subject(const struct progress *p, size_t i);

/* Norm figure i (norms_figure) of a subject in both quarters. */
struct figure_pair {
    bool has_now, has_was;
    double now, was;
};
struct figure_pair progress_values(const struct progress *p, const struct subject *s, size_t i);
/* Figure i of the quality cycle and the money (pages/report_page.h cycle_figure) of a subject
   in both quarters. */
struct figure_pair progress_cycle_values(const struct subject *s, size_t i);

/* The signal of norm figure code at value this quarter (norms_badge_share with the quarter's
   share of the year; its pro_rata_label then speaks of the year). New reference. */
json_t *progress_badge(const struct progress *p, const char *code, bool has, double value);

/* The HTML page's model: the coalition and the schools of wq's page (pages/school_window.h).
   New reference. */
json_t *progress_page_model(struct req *r, const struct progress *p,
                            const struct school_window_query *wq);

#endif
