/* The quarterly progress report (issue 15, part 5; PRODUCT.md "HTTP", /reports/progress): the
   figures of the coverage report (domain/reports/reports.h) over one calendar quarter beside
   those of the quarter before, each norm figure with its signal, and the yearly review's
   conclusions. This file holds the rules of the quarter itself; the figures are
   report_compute's over the quarter's dates, so they equal the coverage report of the same
   dates. No HTTP here.

   The rules, exactly:
   - a quarter is written "YYYY-Qn": four digits, a hyphen, a capital Q and one digit 1–4,
     nothing else (no spaces, no lower-case q); the year lies in QUARTER_YEAR_MIN..MAX.
   - calendar quarters: Q1 is 1 January – 31 March, Q2 1 April – 30 June, Q3 1 July –
     30 September, Q4 1 October – 31 December.
   - the previous quarter of Q1 is Q4 of the year before (2026-Q1 → 2025-Q4); the next of Q4
     is Q1 of the year after. Either may fall outside the years a quarter can be asked for
     (quarter_in_range), which only the links care about.
   - the school year of a quarter, for the review's conclusions: the one its last day falls
     in (a school year runs 1 August – 31 July and is named by its first year): Q3 and Q4
     belong to the school year starting that year, Q1 and Q2 to the one that started the year
     before. July, in the summer holiday, goes with the new school year in Q3.
   - a norm is set for a (school) year. A figure that grows over the year (norms_grows: hours
     and the share with enough hours) is judged in a quarter against its norm and ambition
     pro rata: × the part of the year the quarter has passed by upto, that is the quarter's
     days through upto (none before it starts, all once it is over) / the days of its
     calendar year (365 or 366). A whole quarter is about a quarter of the year. */
#ifndef VERRIJKT_DOMAIN_PROGRESS_H
#define VERRIJKT_DOMAIN_PROGRESS_H

#include "domain/layer.h"

#include <stdbool.h>

struct report;
struct report_staff;
struct report_totals;

enum {
    QUARTER_YEAR_MIN = 2000, /* the years a quarter can be asked for */
    QUARTER_YEAR_MAX = 2100,
};

struct quarter {
    int year;              /* the calendar year */
    int number;            /* 1..4 */
    char name[8];          /* "2025-Q4" */
    char from[11], to[11]; /* its first and last day, "YYYY-MM-DD" */
};

/* Read a quarter as typed ("2025-Q4"). 0, or -1 (NULL, empty, another form, a quarter
   outside 1..4 or a year outside QUARTER_YEAR_MIN..MAX) with *out untouched. */
int quarter_parse(const char *text, struct quarter *out);
/* The quarter that day ("YYYY-MM-DD") falls in. 0, or -1 when day is not a date or its year
   lies outside QUARTER_YEAR_MIN..MAX (*out untouched). */
int quarter_of_day(const char *day, struct quarter *out);
/* The quarter before q and the one after q. Always filled (see quarter_in_range). */
void quarter_previous(const struct quarter *q, struct quarter *out);
void quarter_next(const struct quarter *q, struct quarter *out);
/* Whether q's year lies in QUARTER_YEAR_MIN..MAX (whether quarter_parse accepts its name). */
bool quarter_in_range(const struct quarter *q);
/* The school year of q (the calendar year it starts in; see the rules above). */
int quarter_school_year(const struct quarter *q);
/* The part of the year (0..1) that q has passed by upto ("YYYY-MM-DD", the last day whose
   sessions count: the report's upto), for a norm pro rata (see the rules above). */
double quarter_year_share(const struct quarter *q, const char *upto);

/* The value of the norm figure code (domain/quality/norms.h: the report's seven figures and
   the staff's two) for the totals t of rep and the staff figures s (NULL: none) of the same
   school or the coalition, rounded as the reports round, into *out. false when it has no
   value (a zero denominator, or a staff figure without s) or code is no norm figure. Here
   beside the quarter, whose report is the first to show all nine; the yearly review uses it
   for its seven. */
bool report_norm_figure(const struct report *rep, const struct report_totals *t,
                        const struct report_staff *s, const char *code, double *out);

#endif
