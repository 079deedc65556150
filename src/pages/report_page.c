/* What the report pages share (pages/report_page.h). */
#include "pages/report_page.h"

#include <jansson.h>
#include <string.h>

#include "app.h"
#include "domain/quality/norms.h"
#include "domain/reports/reports.h"
#include "http/form.h"
#include "http/req.h"
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

const char *dutch_change(struct req *r, bool has, double value)
{
    if (!has)
        return "–";
    if (value < 0.05 && value > -0.05)
        value = 0;
    const char *sign = value > 0 ? "+" : value < 0 ? "\u2212" : "";
    return arena_printf(&r->arena, "%s%s", sign,
                        dutch_figure(r, true, value < 0 ? -value : value, ""));
}

const char *norm_figure_text(struct req *r, const struct norm_figure *f, bool has, double value)
{
    return dutch_figure(r, has, value,
                        f->unit == NORM_UNIT_HOURS ? " uur" : norms_unit_label(f->unit));
}

const char *cell_state(const struct report_cell *c)
{
    return c->qualifying ? "covered" : c->activities ? "incidental" : "none";
}

const char *cell_label(const struct report_cell *c)
{
    return c->qualifying ? "gedekt" : c->activities ? "alleen incidenteel" : "geen aanbod";
}
