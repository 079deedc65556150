/* What the report pages (coverage report, dashboard, activity book, school review) share:
   the period filter (from and to in the query string, read by report_period_read, and the
   form again with the problem when they do not make a period), figures with a decimal comma,
   and the words for a domain's coverage. */
#ifndef VERRIJKT_PAGES_REPORT_PAGE_H
#define VERRIJKT_PAGES_REPORT_PAGE_H

#include "pages/layer.h"

#include <stdbool.h>

struct req;
struct report_cell;
struct report_query;

/* The query of a report page into *q: the user's scope (a coordinator sees the own school
   only), the configured minimum of sessions and hours, today, and the period of the query
   string's from and to. 0, or the status of the answer already given: the page tpl (titled
   title) again with the period's problem (422, or JSON {"error", "fields"}). */
int period_query(struct req *r, struct report_query *q, const char *title, const char *tpl);

/* A figure with a decimal comma and an optional unit ("33,3%", "12,5"), or "–" without a
   value. Arena-owned. */
const char *dutch_figure(struct req *r, bool has, double value, const char *unit);

/* A domain cell's coverage: "covered" (a qualifying activity), "incidental" (activities, none
   qualifying) or "none"; and the same in words ("gedekt", "alleen incidenteel", "geen
   aanbod"). Static strings. */
const char *cell_state(const struct report_cell *c);
const char *cell_label(const struct report_cell *c);

#endif
