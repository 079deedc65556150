/* What the report pages (coverage report, progress report, dashboard, activity book, school
   review, costs) share: the period filter (from and to in the query string, read by
   report_period_read, and the form again with the problem when they do not make a period),
   figures and money with a decimal comma on the page and in the CSV, the figures of the
   quality cycle and the money (issue 15) as the coverage and progress reports show them, and
   the words for a domain's coverage. */
#ifndef VERRIJKT_PAGES_REPORT_PAGE_H
#define VERRIJKT_PAGES_REPORT_PAGE_H

#include "pages/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct norm_figure;
struct req;
struct report;
struct report_cell;
struct report_query;
struct report_totals;

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
/* Cents as Dutch euros for a page, "€ 1.234,50" (domain/offer/costs.h money_format_nl).
   Arena-owned. */
const char *dutch_money(struct req *r, int64_t cents);
/* The value of norm figure f as shown: "33,3%", "12,5 uur", "3,8"; "–" without a value.
   Arena-owned. */
const char *norm_figure_text(struct req *r, const struct norm_figure *f, bool has, double value);

/* A figure into a CSV (util/csv.h) as field col: one decimal with a comma ("33,3"), or an
   empty field without a value. */
void csv_figure(struct buf *b, size_t col, bool has, double value);
/* Cents into a CSV as field col: euros with two decimals and a comma ("1234,50"; no euro sign
   or thousands separator, so that Excel reads a number). */
void csv_money(struct buf *b, size_t col, int64_t cents);

/* ---- the quality cycle and the money (issue 15) ---------------------------------------------- */

enum cycle_kind {
    CYCLE_COUNT, /* a whole number: "4" */
    CYCLE_PCT,   /* a percentage with one decimal: "45,0%" */
    CYCLE_SCORE, /* a mean score with one decimal: "2,5" */
    CYCLE_MONEY, /* euros: "€ 1.234,50"; its value is in cents */
};

/* A figure of the quality cycle (its counts and the pupils' voice) or of the money, as the
   coverage and progress reports show it beside their other figures. */
struct cycle_figure {
    const char *code;     /* as in the report's JSON (domain/reports/reports.h) */
    const char *label;    /* Dutch, on the page: a row's heading */
    const char *heading;  /* Dutch, short: a column's heading */
    const char *csv_head; /* Dutch, the CSV's column heading with its unit */
    enum cycle_kind kind;
};

enum {
    CYCLE_QUALITY = 5, /* figures 0..4: plans_complete, visited_activities,
                          interest_answered_pct, feedback_score, again_pct */
    CYCLE_FIGURES = 10 /* then 5..9, the money: cost_total, cost_per_participant,
                          cost_per_hour, budget, budget_used_pct */
};

/* How many of the figures rep shows: all CYCLE_FIGURES when it was computed with the money
   (query.with_costs: the lead, a school's coordinator), else the CYCLE_QUALITY first. */
size_t cycle_shown(const struct report *rep);
/* Figure i (i < CYCLE_FIGURES). Static. */
const struct cycle_figure *cycle_figure(size_t i);
/* The value of figure i for totals t, rounded as the report's JSON rounds it (money in whole
   cents, exact in a double), into *value; false when it has none (JSON null). */
bool cycle_value(const struct report_totals *t, size_t i, double *value);
/* The value of figure i as shown ("4", "45,0%", "2,5", "€ 1.234,50"), or "–" without one.
   Arena-owned. */
const char *cycle_text(struct req *r, size_t i, bool has, double value);
/* A change of figure i as shown, signed as dutch_change (a minus sign, not a hyphen): "+2",
   "−1,5", "+€ 12,50"; "0", "0,0" or "€ 0,00" for none; "–" without a value. Arena-owned. */
const char *cycle_change(struct req *r, size_t i, bool has, double change);
/* The value of figure i into a CSV as field col: a whole number, one decimal or money with two
   (csv_money), all with a decimal comma; an empty field without a value. */
void csv_cycle(struct buf *b, size_t col, size_t i, bool has, double value);

/* A domain cell's coverage: "covered" (a qualifying activity), "incidental" (activities, none
   qualifying) or "none"; and the same in words ("gedekt", "alleen incidenteel", "geen
   aanbod"). Static strings. */
const char *cell_state(const struct report_cell *c);
const char *cell_label(const struct report_cell *c);

#endif
