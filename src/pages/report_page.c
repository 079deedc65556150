/* What the report pages share (pages/report_page.h). */
#include "pages/report_page.h"

#include <jansson.h>
#include <string.h>

#include "app.h"
#include "domain/offer/costs.h"
#include "domain/quality/norms.h"
#include "domain/reports/reports.h"
#include "http/form.h"
#include "http/req.h"
#include "util/csv.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static const struct field period_fields[] = {
    {"from", "Van", FIELD_DATE, false, 10, 0, 0, NULL},
    {"to", "Tot en met", FIELD_DATE, false, 10, 0, 0, NULL},
};

/* The filter form again with the period's problem. */
static int period_refused(struct req *r, const struct report_period *p, const char *title,
                          const char *tpl)
{
    const char *from = req_query(r, "from"), *to = req_query(r, "to");
    json_t *errors = json_pack("{s:s}", p->field, req_text(r, p->key));
    json_t *model = json_pack("{s:s, s:{s:s, s:s}, s:O, s:o, s:b}", "title", title, "values",
                              "from", from ? from : "", "to", to ? to : "", "errors", errors,
                              "error_list",
                              form_error_list(period_fields, FIELDS_N(period_fields), errors),
                              "refused", 1);
    json_decref(errors);
    return render_form_errors(r, tpl, model);
}

void report_query_init(struct req *r, struct report_query *q)
{
    *q = (struct report_query){
        .school_id = r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0,
        .with_costs = r->user.role == ROLE_LEAD || r->user.role == ROLE_COORDINATOR,
        .min_sessions = r->app->cfg.min_sessions,
        .intensity_hours = r->app->cfg.intensity_hours,
    };
    date_format(date_today(), q->today);
}

int period_query(struct req *r, struct report_query *q, const char *title, const char *tpl)
{
    report_query_init(r, q);
    struct report_period period;
    if (report_period_read(req_query(r, "from"), req_query(r, "to"), q->today, &period))
        return period_refused(r, &period, title, tpl);
    memcpy(q->from, period.from, sizeof q->from);
    memcpy(q->to, period.to, sizeof q->to);
    return 0;
}

int report_format(struct req *r, bool *csv)
{
    const char *format = req_query(r, "format");
    *csv = format && !strcmp(format, "csv");
    if (format && *format && !*csv && strcmp(format, "html"))
        return render_error(r, 400, "Onbekend formaat: kies csv.");
    return 0;
}

int respond_report_csv(struct req *r, struct buf *csv, const char *filename)
{
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->arena, "attachment; filename=\"%s\"", filename));
    req_add_header(r, "Cache-Control", "private, no-store");
    return respond_body(r, 200, csv, "text/csv; charset=utf-8");
}

const char *dutch_figure(struct req *r, bool has, double value, const char *unit)
{
    if (!has)
        return "–";
    char *text = arena_printf(&r->arena, "%.1f%s", value, unit);
    char *point = strchr(text, '.');
    if (point)
        *point = ',';
    return text;
}

/* magnitude (the value without its sign, as text) after the sign of value: "+" when it is
   positive, a minus sign (not a hyphen) when it is negative, nothing for 0. Arena-owned. */
static const char *signed_text(struct req *r, double value, const char *magnitude)
{
    const char *sign = value > 0 ? "+" : value < 0 ? "\u2212" : "";
    return arena_printf(&r->arena, "%s%s", sign, magnitude);
}

const char *dutch_change(struct req *r, bool has, double value)
{
    if (!has)
        return "–";
    if (value < 0.05 && value > -0.05)
        value = 0;
    return signed_text(r, value, dutch_figure(r, true, value < 0 ? -value : value, ""));
}

const char *dutch_money(struct req *r, int64_t cents)
{
    char text[40];
    money_format_nl(cents, text);
    return arena_strdup(&r->arena, text);
}

const char *norm_figure_text(struct req *r, const struct norm_figure *f, bool has, double value)
{
    return dutch_figure(r, has, value,
                        f->unit == NORM_UNIT_HOURS ? " uur" : norms_unit_label(f->unit));
}

void csv_figure(struct buf *b, size_t col, bool has, double value)
{
    if (has)
        csv_decimal(b, col, value);
    else
        csv_text(b, col, "");
}

void csv_money(struct buf *b, size_t col, int64_t cents)
{
    char text[32];
    money_format(cents, text);
    char *point = strchr(text, '.');
    if (point)
        *point = ',';
    csv_text(b, col, text);
}

/* ---- the quality cycle and the money (issue 15) ---------------------------------------------- */

/* The counts and amounts of the totals as figures (always a value, except a budget that is not
   there); the other figures are the report's own helpers (domain/reports/reports.h). */
static bool plans_complete(const struct report_totals *t, double *out)
{
    *out = t->plans_complete;
    return true;
}

static bool visited_activities(const struct report_totals *t, double *out)
{
    *out = t->visited_activities;
    return true;
}

static bool cost_total(const struct report_totals *t, double *out)
{
    *out = (double)t->cost_cents;
    return true;
}

static bool cost_per_participant(const struct report_totals *t, double *out)
{
    int64_t cents = 0;
    bool has = report_cost_per_participant(t, &cents);
    *out = (double)cents;
    return has;
}

static bool cost_per_hour(const struct report_totals *t, double *out)
{
    int64_t cents = 0;
    bool has = report_cost_per_hour(t, &cents);
    *out = (double)cents;
    return has;
}

static bool budget(const struct report_totals *t, double *out)
{
    *out = (double)t->budget_cents;
    return t->has_budget;
}

static const struct {
    struct cycle_figure figure;
    bool (*value)(const struct report_totals *t, double *out);
} cycle_rows[CYCLE_FIGURES] = {
    {{"plans_complete", "Activiteiten met een compleet plan", "Plan compleet",
      "Activiteiten met compleet plan", CYCLE_COUNT},
     plans_complete},
    {{"visited_activities", "Bezochte activiteiten", "Bezocht", "Bezochte activiteiten",
      CYCLE_COUNT},
     visited_activities},
    {{"interest_answered_pct", "Leerlingen die hun interesses gaven", "Interesses gegeven",
      "Leerlingen die hun interesses gaven (%)", CYCLE_PCT},
     report_interest_answered_pct},
    {{"feedback_score", "Waardering door leerlingen (1–3)", "Waardering (1–3)",
      "Waardering door leerlingen (1-3)", CYCLE_SCORE},
     report_feedback_score},
    {{"again_pct", "Wil het nog eens doen", "Wil nog eens", "Wil het nog eens doen (%)", CYCLE_PCT},
     report_again_pct},
    {{"cost_total", "Kosten", "Kosten", "Kosten (euro)", CYCLE_MONEY}, cost_total},
    {{"cost_per_participant", "Kosten per deelnemer", "Per deelnemer",
      "Kosten per deelnemer (euro)", CYCLE_MONEY},
     cost_per_participant},
    {{"cost_per_hour", "Kosten per deelnemersuur", "Per deelnemersuur",
      "Kosten per deelnemersuur (euro)", CYCLE_MONEY},
     cost_per_hour},
    {{"budget", "Budget", "Budget", "Budget (euro)", CYCLE_MONEY}, budget},
    {{"budget_used_pct", "Budget gebruikt", "Budget gebruikt", "Budget gebruikt (%)", CYCLE_PCT},
     report_budget_used_pct},
};

size_t cycle_shown(const struct report *rep)
{
    return rep->query.with_costs ? CYCLE_FIGURES : CYCLE_QUALITY;
}

const struct cycle_figure *cycle_figure(size_t i)
{
    return &cycle_rows[i].figure;
}

bool cycle_value(const struct report_totals *t, size_t i, double *value)
{
    *value = 0;
    return cycle_rows[i].value(t, value);
}

/* A count or an amount in cents (a whole number in a double) as an integer. */
static int64_t whole_of(double value)
{
    return (int64_t)(value < 0 ? value - 0.5 : value + 0.5);
}

const char *cycle_text(struct req *r, size_t i, bool has, double value)
{
    if (!has)
        return "–";
    switch (cycle_rows[i].figure.kind) {
    case CYCLE_COUNT:
        return arena_printf(&r->arena, "%.0f", value);
    case CYCLE_PCT:
        return dutch_figure(r, true, value, "%");
    case CYCLE_SCORE:
        return dutch_figure(r, true, value, "");
    case CYCLE_MONEY:
        return dutch_money(r, whole_of(value));
    }
    return "–";
}

const char *cycle_change(struct req *r, size_t i, bool has, double change)
{
    if (!has)
        return "–";
    double size = change < 0 ? -change : change;
    switch (cycle_rows[i].figure.kind) {
    case CYCLE_COUNT:
        return signed_text(r, change, arena_printf(&r->arena, "%.0f", size));
    case CYCLE_PCT:
    case CYCLE_SCORE:
        return dutch_change(r, true, change);
    case CYCLE_MONEY:
        return signed_text(r, change, dutch_money(r, whole_of(size)));
    }
    return "–";
}

void csv_cycle(struct buf *b, size_t col, size_t i, bool has, double value)
{
    if (!has) {
        csv_text(b, col, "");
        return;
    }
    switch (cycle_rows[i].figure.kind) {
    case CYCLE_COUNT:
        csv_int(b, col, (long long)whole_of(value));
        break;
    case CYCLE_PCT:
    case CYCLE_SCORE:
        csv_decimal(b, col, value);
        break;
    case CYCLE_MONEY:
        csv_money(b, col, whole_of(value));
        break;
    }
}

const char *cell_state(const struct report_cell *c)
{
    return c->qualifying ? "covered" : c->activities ? "incidental" : "none";
}

const char *cell_label(const struct report_cell *c)
{
    return c->qualifying ? "gedekt" : c->activities ? "alleen incidenteel" : "geen aanbod";
}
