/* The rules of the quarter (domain/reports/progress.h). */
#include "domain/reports/progress.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/quality/norms.h"
#include "domain/reports/reports.h"
#include "domain/reports/reports_staff.h"
#include "util/date.h"

/* ---- the quarter ----------------------------------------------------------------------------- */

/* Fill *out with quarter number (1..4) of year (a year a date can have: 1900..2999). */
static void quarter_make(int year, int number, struct quarter *out)
{
    static const char *const first_days[4] = {"01-01", "04-01", "07-01", "10-01"};
    static const char *const last_days[4] = {"03-31", "06-30", "09-30", "12-31"};
    unsigned digits = (unsigned)year % 10000u;
    out->year = year;
    out->number = number;
    snprintf(out->name, sizeof out->name, "%04u-Q%c", digits, (char)('0' + number));
    snprintf(out->from, sizeof out->from, "%04u-%s", digits, first_days[number - 1]);
    snprintf(out->to, sizeof out->to, "%04u-%s", digits, last_days[number - 1]);
}

static bool year_in_range(int year)
{
    return year >= QUARTER_YEAR_MIN && year <= QUARTER_YEAR_MAX;
}

int quarter_parse(const char *text, struct quarter *out)
{
    int year, number;
    if (!text || strlen(text) != 7 || date_digits(text, 4, &year) || text[4] != '-' ||
        text[5] != 'Q' || date_digits(text + 6, 1, &number))
        return -1;
    if (number < 1 || number > 4 || !year_in_range(year))
        return -1;
    quarter_make(year, number, out);
    return 0;
}

int quarter_of_day(const char *day, struct quarter *out)
{
    int32_t number;
    int year, month;
    if (!day || date_parse(day, &number) || date_digits(day, 4, &year) ||
        date_digits(day + 5, 2, &month) || !year_in_range(year))
        return -1;
    quarter_make(year, (month - 1) / 3 + 1, out);
    return 0;
}

void quarter_previous(const struct quarter *q, struct quarter *out)
{
    if (q->number == 1)
        quarter_make(q->year - 1, 4, out);
    else
        quarter_make(q->year, q->number - 1, out);
}

void quarter_next(const struct quarter *q, struct quarter *out)
{
    if (q->number == 4)
        quarter_make(q->year + 1, 1, out);
    else
        quarter_make(q->year, q->number + 1, out);
}

bool quarter_in_range(const struct quarter *q)
{
    return year_in_range(q->year);
}

int quarter_school_year(const struct quarter *q)
{
    return q->number >= 3 ? q->year : q->year - 1;
}

/* Days from..to, both included (the dates are the quarter's own, so they parse). */
static double days_between(const char *from, const char *to)
{
    int32_t first = 0, last = 0;
    date_parse(from, &first);
    date_parse(to, &last);
    return (double)(last - first + 1);
}

double quarter_year_share(const struct quarter *q, const char *upto)
{
    struct quarter first, last;
    quarter_make(q->year, 1, &first);
    quarter_make(q->year, 4, &last);
    double passed = norms_period_share(q->from, q->to, upto);
    return passed * days_between(q->from, q->to) / days_between(first.from, last.to);
}

/* ---- the figures ----------------------------------------------------------------------------- */

bool report_norm_figure(const struct report *rep, const struct report_totals *t,
                        const struct report_staff *s, const char *code, double *out)
{
    static const char *const codes[NORM_FIGURES] = {
        "coverage_pct",  "reach_pct",      "reach_priority_pct",  "mean_hours",
        "intensity_pct", "attendance_pct", "involvement",         "staff_qualified_pct",
        "vog_valid_pct",
    };
    int i = 0;
    while (i < NORM_FIGURES && strcmp(codes[i], code ? code : ""))
        i++;
    switch (i) {
    case 0: return report_coverage_pct(rep, t, out);
    case 1: return report_reach_pct(t, out);
    case 2: return report_priority_reach_pct(t, out);
    case 3: return report_mean_hours(t, out);
    case 4: return report_intensity_pct(t, out);
    case 5: return report_attendance_pct(t, out);
    case 6: return report_involvement(t, out);
    case 7: return s && report_staff_qualified_pct(s, out);
    case 8: return s && report_vog_valid_pct(s, out);
    default: return false;
    }
}
