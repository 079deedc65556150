/* What the report pages (coverage report, dashboard, activity book, school review) share:
   the period filter (from and to in the query string, read by report_period_read, and the
   form again with the problem when they do not make a period), figures with a decimal comma,
   and the words for a domain's coverage. */
#ifndef VERRIJKT_PAGES_REPORT_PAGE_H
#define VERRIJKT_PAGES_REPORT_PAGE_H

#include "pages/layer.h"

#include <stdbool.h>

struct buf;
struct norm_figure;
struct req;
struct report_cell;
struct report_query;

/* The query of a report page without its period: the user's scope (a coordinator sees the own
   school only), the money for those who may see it (issue 15: the lead, and a coordinator for
   the own school), the configured minimum of sessions and hours, and today. */
void report_query_init(struct req *r, struct report_query *q);

/* The query of a report page into *q: report_query_init's, and the period of the query
   string's from and to. 0, or the status of the answer already given: the page tpl (titled
   title) again with the period's problem (422, or JSON {"error", "fields"}). */
int period_query(struct req *r, struct report_query *q, const char *title, const char *tpl);

/* The query string's format: 0 with *csv set (format=csv; absent, empty or "html": the page),
   or the status of the answer already given (400: an unknown format). */
int report_format(struct req *r, bool *csv);
/* Answer with the CSV document csv (taken over) as the download filename: private, not
   stored by caches (the figures are the user's scope). Returns 200. */
int respond_report_csv(struct req *r, struct buf *csv, const char *filename);

/* A figure with a decimal comma and an optional unit ("33,3%", "12,5"), or "–" without a
   value. Arena-owned. */
const char *dutch_figure(struct req *r, bool has, double value, const char *unit);
/* A change as dutch_figure without a unit, signed: "+4,2", "−4,2" (a minus sign, not a
   hyphen), "0,0" for less than 0,05 either way; "–" without a value. Arena-owned. */
const char *dutch_change(struct req *r, bool has, double value);
/* The value of norm figure f as shown: "33,3%", "12,5 uur", "3,8"; "–" without a value.
   Arena-owned. */
const char *norm_figure_text(struct req *r, const struct norm_figure *f, bool has, double value);

/* A domain cell's coverage: "covered" (a qualifying activity), "incidental" (activities, none
   qualifying) or "none"; and the same in words ("gedekt", "alleen incidenteel", "geen
   aanbod"). Static strings. */
const char *cell_state(const struct report_cell *c);
const char *cell_label(const struct report_cell *c);

#endif
