/* GET /reports/progress?quarter=YYYY-Qn: the quarterly progress report (issue 15, part 5;
   PRODUCT.md "HTTP"). The coverage report's figures over one calendar quarter
   (domain/reports/progress.h) beside those of the quarter before, each norm figure with its
   signal, and the yearly review's conclusions of the school year the quarter belongs to.
   - JSON (Accept: application/json): the coverage report's document for the quarter
     (report_json: from, to, domains, schools, coalition, …, the same as GET /reports/coverage
     of the same dates) plus "quarter" ("2025-Q4"), "previous" (report_json of the quarter
     before, with its "quarter"), "signals" ({"share", "schools": {key: {figure: signal}},
     "coalition": {figure: signal}}, each signal {value, norm, ambition, signal, label, class,
     shown, pro_rata, pro_rata_label}) and "conclusions" ({"year", "year_label", "schools":
     {key: [the review's themes with a text]}});
   - HTML: printable on A4, per school (and the coalition) a table figure / this quarter /
     previous quarter / change / signal with the norm figures, then the parts "Kwaliteitscyclus"
     (plans complete, visited activities, interest answered, feedback score, again) and, with
     the money (with_costs), "Geld" (cost total, per participant, per hour, budget, budget
     used), which have no norm; then the conclusions; a quarter picker with links to the
     quarters before and after (progress_view.c). The lead's page shows the coalition and 25
     schools a page (?page=N) with a search by name (?q=) (pages/school_window.h); a bad
     search or page comes back on the form (422);
   - CSV (format=csv): one row per school and the coalition with both quarters' figures,
     semicolons, UTF-8 with BOM, decimal commas: the norm figures, then the quality cycle's
     and (with the money) the money's (report_page.h cycle_figure; money with two decimals),
     each this quarter and the previous one; an empty field for a figure without a value.
   Default without ?quarter: the quarter of today. A quarter that is not "YYYY-Qn" (n 1–4,
   years 2000–2100), also an empty one, comes back on the form with a Dutch message (422; JSON
   {"error", "fields"}). Who: as /reports/coverage (pages/reports.c): the lead every school and
   the coalition, a coordinator the own school only (the others not even computed), both with
   the money (with_costs); staff and parents get 403 from the route. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/quality/reviews.h"
#include "domain/reports/figures.h"
#include "http/form.h"
#include "http/req.h"
#include "pages/pages.h"
#include "pages/progress_internal.h"
#include "pages/report_page.h"
#include "pages/school_window.h"
#include "util/csv.h"
#include "view/i18n.h"
#include "view/render.h"

/* ---- the quarter asked for ------------------------------------------------------------------- */

/* The picker again with the quarter's problem: 422, the typed text kept. */
static int quarter_refused(struct req *r, const char *typed)
{
    static const struct field fields[] = {
        {"quarter", "Kwartaal", FIELD_TEXT, false, 7, 0, 0, NULL},
    };
    json_t *errors = json_pack("{s:s}", "quarter", req_text(r, "problem.report_quarter"));
    json_t *model = json_pack("{s:s, s:{s:s}, s:O, s:o, s:b}", "title", "Voortgangsrapportage",
                              "values", "quarter", typed, "errors", errors, "error_list",
                              form_error_list(fields, FIELDS_N(fields), errors), "refused", 1);
    json_decref(errors);
    return render_form_errors(r, "reports/progress", model);
}

/* The quarter of ?quarter= (absent: today's) into *q: 0, or the status of the answer given. */
static int quarter_read(struct req *r, const char *today, struct quarter *q)
{
    const char *typed = req_query(r, "quarter");
    if (!typed)
        return quarter_of_day(today, q) ? render_error(r, 500, "De datum van vandaag is onbekend.")
                                        : 0;
    return quarter_parse(typed, q) ? quarter_refused(r, typed) : 0;
}

/* ---- computing ------------------------------------------------------------------------------- */

/* The reports of q's scope over the quarter and the one before, with their staff figures,
   read side by side (domain/reports/figures.h). 0 or -1. */
static int quarter_reports(struct req *r, const struct report_query *q, struct progress *p)
{
    struct report_query now = *q, was = *q;
    memcpy(now.from, p->quarter.from, sizeof now.from);
    memcpy(now.to, p->quarter.to, sizeof now.to);
    memcpy(was.from, p->previous.from, sizeof was.from);
    memcpy(was.to, p->previous.to, sizeof was.to);
    struct report_with_staff pair[2];
    if (report_pair_compute(r->db, &now, &was, r->app->cfg.vog_valid_years, pair))
        return -1;
    p->now = pair[0].rep;
    p->staff_now = pair[0].staff;
    p->was = pair[1].rep;
    p->staff_was = pair[1].staff;
    return 0;
}

/* Everything of p->quarter in q's scope into *p (its quarter set). 0, or -1 on a database
   error; progress_free either way. */
static int progress_compute(struct req *r, const struct report_query *q, struct progress *p)
{
    quarter_previous(&p->quarter, &p->previous);
    p->school_year = quarter_school_year(&p->quarter);
    p->conclusions = json_object();
    if (quarter_reports(r, q, p) || norms_load(r->db, &p->norms))
        return -1;
    p->share = quarter_year_share(&p->quarter, p->now.upto);
    json_t *written = review_conclusions_written(r->db, p->school_year);
    if (!written)
        return -1;
    for (size_t i = 0; i < p->now.n_schools; i++) {
        const struct report_school *s = &p->now.schools[i];
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)s->id);
        json_t *list = json_object_get(written, id);
        json_object_set_new(p->conclusions, s->key, list ? json_incref(list) : json_array());
    }
    json_decref(written);
    return 0;
}

static void progress_free(struct progress *p)
{
    report_free(&p->now);
    report_free(&p->was);
    report_staff_free(&p->staff_now);
    report_staff_free(&p->staff_was);
    json_decref(p->conclusions);
}

/* ---- the subjects and their figures ---------------------------------------------------------- */

bool progress_has_coalition(const struct progress *p)
{
    return p->now.query.school_id == 0;
}

size_t progress_subjects(const struct progress *p)
{
    return p->now.n_schools + progress_has_coalition(p);
}

struct subject progress_subject(const struct progress *p, size_t i)
{
    static const struct report_totals no_totals;
    if (progress_has_coalition(p) && i == 0)
        return (struct subject){0, "", "Coalitie", &p->now.coalition, &p->was.coalition,
                                &p->staff_now.coalition, &p->staff_was.coalition};
    const struct report_school *s = &p->now.schools[i - progress_has_coalition(p)];
    const struct report_school *before = report_school(&p->was, s->id);
    return (struct subject){s->id, s->key, s->name, &s->totals,
                            before ? &before->totals : &no_totals,
                            report_staff_school(&p->staff_now, s->id),
                            report_staff_school(&p->staff_was, s->id)};
}

struct figure_pair progress_cycle_values(const struct subject *s, size_t i)
{
    struct figure_pair v = {0};
    v.has_now = cycle_value(s->now, i, &v.now);
    v.has_was = cycle_value(s->was, i, &v.was);
    return v;
}

struct figure_pair progress_values(const struct progress *p, const struct subject *s, size_t i)
{
    const char *code = norms_figure(i)->code;
    struct figure_pair v = {0};
    v.has_now = report_norm_figure(&p->now, s->now, s->staff_now, code, &v.now);
    v.has_was = report_norm_figure(&p->was, s->was, s->staff_was, code, &v.was);
    return v;
}

json_t *progress_badge(const struct progress *p, const char *code, bool has, double value)
{
    json_t *badge = norms_badge_share(&p->norms, code, value, has, p->share);
    if (json_is_true(json_object_get(badge, "pro_rata")))
        json_object_set_new(badge, "pro_rata_label",
                            json_sprintf("norm naar rato: %.0f%% van het jaar", p->share * 100));
    return badge;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

/* A norm or ambition as JSON: the number, or null when it is not set. New reference. */
static json_t *bound_json(bool set, double value)
{
    return set ? json_real(value) : json_null();
}

/* A subject's signals this quarter: {figure code: {value, norm, ambition, signal, label, class,
   shown, pro_rata, pro_rata_label}}. New reference. */
static json_t *signals_json(const struct progress *p, const struct subject *s)
{
    json_t *signals = json_object();
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const char *code = norms_figure(i)->code;
        struct figure_pair v = progress_values(p, s, i);
        const struct norm *n = norms_get(&p->norms, code);
        json_t *badge = progress_badge(p, code, v.has_now, v.now);
        json_object_set_new(badge, "value", report_number(v.has_now, v.now));
        json_object_set_new(badge, "norm", bound_json(n->has_norm, n->norm));
        json_object_set_new(badge, "ambition", bound_json(n->has_ambition, n->ambition));
        json_object_set_new(signals, code, badge);
    }
    return signals;
}

/* The document of the module comment. New reference. */
static json_t *progress_json(const struct progress *p)
{
    json_t *doc = report_json(&p->now), *previous = report_json(&p->was);
    json_object_set_new(doc, "quarter", json_string(p->quarter.name));
    json_object_set_new(previous, "quarter", json_string(p->previous.name));
    json_object_set_new(doc, "previous", previous);
    json_t *schools = json_object(), *signals = json_pack("{s:f}", "share", p->share);
    for (size_t i = 0; i < progress_subjects(p); i++) {
        struct subject s = progress_subject(p, i);
        if (s.id)
            json_object_set_new(schools, s.key, signals_json(p, &s));
        else
            json_object_set_new(signals, "coalition", signals_json(p, &s));
    }
    json_object_set_new(signals, "schools", schools);
    json_object_set_new(doc, "signals", signals);
    char year_label[16];
    review_year_label(p->school_year, year_label);
    json_object_set_new(doc, "conclusions",
                        json_pack("{s:i, s:s, s:O}", "year", p->school_year, "year_label",
                                  year_label, "schools", p->conclusions));
    return doc;
}

/* ---- CSV ------------------------------------------------------------------------------------- */

/* "Bereik (%) 2025-Q4": a figure's column heading in one quarter. */
static void csv_heading(struct buf *b, size_t col, const char *label, const char *unit,
                        const struct quarter *q)
{
    char heading[160];
    snprintf(heading, sizeof heading, "%s%s %s", label, unit, q->name);
    csv_text(b, col, heading);
}

static void csv_header(struct buf *b, const struct progress *p)
{
    static const char *const units[] = {[NORM_UNIT_PCT] = " (%)", [NORM_UNIT_HOURS] = " (uur)",
                                        [NORM_UNIT_SCORE] = " (1-5)"};
    size_t col = 0;
    csv_text(b, col++, "School");
    csv_text(b, col++, "Sleutel");
    for (int k = 0; k < 2; k++) {
        csv_heading(b, col++, "Leerlingen", "", k ? &p->previous : &p->quarter);
        csv_heading(b, col++, "Deelnemers", "", k ? &p->previous : &p->quarter);
    }
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm_figure *f = norms_figure(i);
        csv_heading(b, col++, f->label, units[f->unit], &p->quarter);
        csv_heading(b, col++, f->label, units[f->unit], &p->previous);
    }
    for (size_t i = 0; i < cycle_shown(&p->now); i++) {
        csv_heading(b, col++, cycle_figure(i)->csv_head, "", &p->quarter);
        csv_heading(b, col++, cycle_figure(i)->csv_head, "", &p->previous);
    }
    csv_end_row(b);
}

static void csv_row(struct buf *b, const struct progress *p, const struct subject *s)
{
    size_t col = 0;
    csv_text(b, col++, s->name);
    csv_text(b, col++, s->key);
    csv_int(b, col++, s->now->pupils);
    csv_int(b, col++, s->now->participants);
    csv_int(b, col++, s->was->pupils);
    csv_int(b, col++, s->was->participants);
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        struct figure_pair v = progress_values(p, s, i);
        csv_figure(b, col++, v.has_now, v.now);
        csv_figure(b, col++, v.has_was, v.was);
    }
    for (size_t i = 0; i < cycle_shown(&p->now); i++) {
        struct figure_pair v = progress_cycle_values(s, i);
        csv_cycle(b, col++, i, v.has_now, v.now);
        csv_cycle(b, col++, i, v.has_was, v.was);
    }
    csv_end_row(b);
}

static int progress_csv(struct req *r, const struct progress *p)
{
    struct buf csv = BUF_INIT;
    csv_begin(&csv);
    csv_header(&csv, p);
    for (size_t i = 0; i < progress_subjects(p); i++) {
        struct subject s = progress_subject(p, i);
        csv_row(&csv, p, &s);
    }
    return respond_report_csv(r, &csv,
                              arena_printf(&r->arena, "voortgang-%s.csv", p->quarter.name));
}

/* ---- the handler ----------------------------------------------------------------------------- */

int page_reports_progress(struct req *r)
{
    bool csv;
    int refused = report_format(r, &csv);
    if (refused)
        return refused;
    struct report_query q;
    report_query_init(r, &q); /* the scope and the money as on the coverage report */
    struct progress p = {0};
    refused = quarter_read(r, q.today, &p.quarter);
    if (refused)
        return refused;
    struct school_window_query wq = {"", 0};
    if (!csv && !r->wants_json && q.school_id == 0) { /* the lead's page is paged */
        refused =
            school_window_read(r, false, &wq,
                               json_pack("{s:s, s:{s:s}, s:b}", "title", "Voortgangsrapportage",
                                         "values", "quarter", p.quarter.name, "searchable", 1),
                               "reports/progress");
        if (refused)
            return refused;
    }
    int status;
    if (progress_compute(r, &q, &p))
        status = render_error(r, 500, "De voortgangsrapportage kan nu niet worden berekend.");
    else if (csv)
        status = progress_csv(r, &p);
    else if (r->wants_json)
        status = respond_json(r, 200, progress_json(&p));
    else
        status = render(r, 200, "reports/progress", progress_page_model(r, &p, &wq));
    progress_free(&p);
    return status;
}
