/* The report's period, its figures rounded to one decimal, and the JSON of PRODUCT.md section
   6. The counting itself is reports_compute.c; the definitions are in reports.h. */
#include "domain/reports/reports.h"

#include <stdlib.h>
#include <string.h>

#include "util/date.h"

/* ---- the period ----------------------------------------------------------------------------- */

static int refuse(struct report_period *out, const char *field, const char *key)
{
    out->field = field;
    out->key = key;
    return -1;
}

int report_period_read(const char *from, const char *to, const char *today,
                       struct report_period *out)
{
    out->field = out->key = NULL;
    int32_t now, year_from, year_until, day_from, day_to;
    if (date_parse(today, &now))
        return refuse(out, "from", "problem.report_today_unknown");
    date_school_year(now, &year_from, &year_until);
    day_from = year_from;
    day_to = year_until;
    if (from && *from && date_parse(from, &day_from))
        return refuse(out, "from", "problem.report_from_invalid");
    if (to && *to && date_parse(to, &day_to))
        return refuse(out, "to", "problem.report_to_invalid");
    if (day_to < day_from)
        return refuse(out, "to", "problem.report_period_order");
    if (day_to - day_from + 1 > REPORT_MAX_DAYS)
        return refuse(out, "to", "problem.report_period_too_long");
    date_format(day_from, out->from);
    date_format(day_to, out->to);
    return 0;
}

/* ---- figures -------------------------------------------------------------------------------- */

/* numerator / denominator in tenths, rounded half away from zero, exactly (integers). Both are
   at least 0 and denominator above 0. */
static double tenths(int64_t numerator, int64_t denominator)
{
    int64_t scaled = (numerator * 20 + denominator) / (denominator * 2);
    return (double)scaled / 10.0;
}

bool report_pct(int64_t part, int64_t whole, double *out)
{
    if (whole <= 0)
        return false;
    *out = tenths(part * 100, whole);
    return true;
}

/* coverage_pct = covered domains / domains of the coalition × 100. */
bool report_coverage_pct(const struct report *rep, const struct report_totals *t, double *out)
{
    return report_pct(t->covered, (int64_t)rep->n_domains, out);
}

/* reach_pct = participants / pupils of the school × 100. */
bool report_reach_pct(const struct report_totals *t, double *out)
{
    return report_pct(t->participants, t->pupils, out);
}

bool report_priority_reach_pct(const struct report_totals *t, double *out)
{
    return report_pct(t->priority_participants, t->priority_pupils, out);
}

/* mean_hours: attended hours summed over the participants / participants (one who never
   came adds 0 hours and counts). */
bool report_mean_hours(const struct report_totals *t, double *out)
{
    if (t->participants <= 0)
        return false;
    *out = tenths(t->minutes, (int64_t)t->participants * 60);
    return true;
}

/* The share of participants with at least intensity_hours hours. */
bool report_intensity_pct(const struct report_totals *t, double *out)
{
    return report_pct(t->intensive, t->participants, out);
}

/* attendance_pct = present / (present + absent + excused) × 100; no value without marks. */
bool report_attendance_pct(const struct report_totals *t, double *out)
{
    return report_pct(t->present, t->present + t->absent + t->excused, out);
}

/* involvement: the mean Leuven score (1–5) where one was recorded. */
bool report_involvement(const struct report_totals *t, double *out)
{
    if (t->involvement_n <= 0)
        return false;
    *out = tenths(t->involvement_sum, t->involvement_n);
    return true;
}

bool report_interest_answered_pct(const struct report_totals *t, double *out)
{
    return report_pct(t->interest_answered, t->pupils, out);
}

bool report_interest_pct(const struct report_totals *t, const struct report_cell *c, double *out)
{
    return report_pct(c->interested, t->interest_answered, out);
}

bool report_feedback_score(const struct report_totals *t, double *out)
{
    if (t->feedback_n <= 0)
        return false;
    *out = tenths(t->feedback_sum, t->feedback_n);
    return true;
}

bool report_again_pct(const struct report_totals *t, double *out)
{
    return report_pct(t->feedback_again, t->feedback_n, out);
}

double report_hours(int64_t minutes) { return tenths(minutes, 60); }

const struct report_school *report_school(const struct report *rep, int64_t school_id)
{
    for (size_t i = 0; i < rep->n_schools; i++)
        if (rep->schools[i].id == school_id)
            return &rep->schools[i];
    return NULL;
}

void report_free(struct report *rep)
{
    for (size_t i = 0; i < rep->n_domains; i++) {
        free(rep->domains[i].code);
        free(rep->domains[i].name);
    }
    for (size_t i = 0; i < rep->n_schools; i++) {
        struct report_school *s = &rep->schools[i];
        free(s->key);
        free(s->name);
        free(s->kind);
        free(s->cells);
        free(s->grades);
    }
    free(rep->domains);
    free(rep->schools);
    free(rep->coalition_cells);
    free(rep->held);
    memset(rep, 0, sizeof *rep);
}

/* ---- JSON ----------------------------------------------------------------------------------- */

json_t *report_number(bool has, double value) { return has ? json_real(value) : json_null(); }

/* A figure computed by one of the helpers above, as JSON: figure(report_…(t, &v), &v). The
   value is read through the pointer, so after the helper has written it. */
static json_t *figure(bool has, const double *value) { return report_number(has, *value); }

static json_t *cells_json(const struct report *rep, const struct report_totals *t,
                          const struct report_cell *cells)
{
    json_t *obj = json_object();
    for (size_t d = 0; d < rep->n_domains; d++) {
        const struct report_cell *c = &cells[d];
        json_t *cell = json_pack("{s:i, s:i, s:i, s:i, s:f}", "activities", c->activities,
                                 "qualifying", c->qualifying, "sessions", c->sessions,
                                 "participants", c->participants, "hours",
                                 report_hours(c->minutes));
        double v = 0;
        json_object_set_new(cell, "interest_pct", figure(report_interest_pct(t, c, &v), &v));
        json_object_set_new(obj, rep->domains[d].code, cell);
    }
    return obj;
}

/* Money (reports_costs.c), into obj: cost_total, cost_per_participant, cost_per_hour (euros,
   two decimals, null without a divisor), budget (null when there is none) and budget_used_pct
   (one decimal). Only in a report computed with query.with_costs. */
static void costs_json(const struct report_totals *t, json_t *obj)
{
    int64_t cents = 0;
    double v = 0;
    json_object_set_new(obj, "cost_total", report_money(t->cost_cents));
    bool has = report_cost_per_participant(t, &cents);
    json_object_set_new(obj, "cost_per_participant", has ? report_money(cents) : json_null());
    has = report_cost_per_hour(t, &cents);
    json_object_set_new(obj, "cost_per_hour", has ? report_money(cents) : json_null());
    json_object_set_new(obj, "budget", t->has_budget ? report_money(t->budget_cents) : json_null());
    json_object_set_new(obj, "budget_used_pct", figure(report_budget_used_pct(t, &v), &v));
}

/* The figures every level shares, into obj. */
static void totals_json(const struct report *rep, const struct report_totals *t,
                        const struct report_cell *cells, json_t *obj)
{
    double v = 0;
    json_t *covered = json_array();
    for (size_t d = 0; d < rep->n_domains; d++)
        if (cells[d].qualifying > 0)
            json_array_append_new(covered, json_string(rep->domains[d].code));
    json_object_set_new(obj, "covered", covered);
    json_object_set_new(obj, "coverage_pct", figure(report_coverage_pct(rep, t, &v), &v));
    json_object_set_new(obj, "pupils", json_integer(t->pupils));
    json_object_set_new(obj, "participants", json_integer(t->participants));
    json_object_set_new(obj, "reach_pct", figure(report_reach_pct(t, &v), &v));
    json_object_set_new(obj, "priority_pupils", json_integer(t->priority_pupils));
    json_object_set_new(obj, "priority_participants", json_integer(t->priority_participants));
    json_object_set_new(obj, "reach_priority_pct", figure(report_priority_reach_pct(t, &v), &v));
    json_object_set_new(obj, "attendance_pct", figure(report_attendance_pct(t, &v), &v));
    json_object_set_new(obj, "present", json_integer(t->present));
    json_object_set_new(obj, "absent", json_integer(t->absent));
    json_object_set_new(obj, "excused", json_integer(t->excused));
    json_object_set_new(obj, "hours", json_real(report_hours(t->minutes)));
    json_object_set_new(obj, "mean_hours", figure(report_mean_hours(t, &v), &v));
    json_object_set_new(obj, "intensive", json_integer(t->intensive));
    json_object_set_new(obj, "intensity_pct", figure(report_intensity_pct(t, &v), &v));
    json_object_set_new(obj, "involvement", figure(report_involvement(t, &v), &v));
    json_object_set_new(obj, "activities", json_integer(t->activities));
    json_object_set_new(obj, "qualifying", json_integer(t->qualifying));
    json_object_set_new(obj, "sessions", json_integer(t->sessions));
    json_object_set_new(obj, "plans_complete", json_integer(t->plans_complete));
    json_object_set_new(obj, "visited_activities", json_integer(t->visited_activities));
    if (rep->query.with_costs)
        costs_json(t, obj);
    json_object_set_new(obj, "interest_answered_pct",
                        figure(report_interest_answered_pct(t, &v), &v));
    json_object_set_new(obj, "feedback_score", figure(report_feedback_score(t, &v), &v));
    json_object_set_new(obj, "again_pct", figure(report_again_pct(t, &v), &v));
    json_object_set_new(obj, "domains", cells_json(rep, t, cells));
}

json_t *report_school_json(const struct report *rep, const struct report_school *s)
{
    json_t *obj = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)s->id, "key", s->key,
                            "name", s->name, "kind", s->kind);
    totals_json(rep, &s->totals, s->cells, obj);
    json_t *grades = json_array();
    for (size_t g = 0; g < s->n_grades; g++) {
        const struct report_grade *gr = &s->grades[g];
        double reach = 0;
        bool has = report_pct(gr->participants, gr->pupils, &reach);
        json_array_append_new(grades, json_pack("{s:i, s:i, s:i, s:o}", "grade", gr->grade,
                                                "pupils", gr->pupils, "participants",
                                                gr->participants, "reach_pct",
                                                report_number(has, reach)));
    }
    json_object_set_new(obj, "grades", grades);
    return obj;
}

json_t *report_json(const struct report *rep)
{
    json_t *domains = json_array(), *schools = json_array();
    for (size_t d = 0; d < rep->n_domains; d++)
        json_array_append_new(domains, json_pack("{s:s, s:s}", "code", rep->domains[d].code,
                                                 "name", rep->domains[d].name));
    for (size_t i = 0; i < rep->n_schools; i++)
        json_array_append_new(schools, report_school_json(rep, &rep->schools[i]));
    json_t *doc = json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:o}", "from", rep->query.from, "to",
                            rep->query.to, "held_until", rep->upto, "min_sessions",
                            rep->query.min_sessions, "intensity_hours",
                            rep->query.intensity_hours, "domains", domains, "schools", schools);
    if (rep->query.school_id == 0) {
        json_t *coalition = json_pack("{s:i, s:i}", "schools", (int)rep->n_schools,
                                      "fully_covered", rep->fully_covered);
        totals_json(rep, &rep->coalition, rep->coalition_cells, coalition);
        json_object_set_new(doc, "coalition", coalition);
    }
    return doc;
}
