/* GET /dashboard?from=&to=&sort=&dir=&q=&page=&school=: the coalition at a glance (issue 5).
   - a heat map schools × domains: covered (a qualifying activity), only incidental
     (activities of the period, none qualifying) or nothing, in words and symbols as well as
     tints;
   - per school the figures of PRODUCT.md section 5 (coverage, reach, reach among priority
     pupils, mean hours, share with at least intensity_hours hours, attendance, involvement,
     qualified staff, valid VOGs) each with its signal against norm and ambition
     (domain/norms.h; the badge gets the value rounded to one decimal, as shown), pupils
     waiting now and children unplaced after rounds, and the activities with a complete plan
     and the visited ones (issue 15); a coalition totals row;
   - sortable by any column with plain links (?sort=reach_pct&dir=desc); the period as on
     /reports/coverage (default: the current school year);
   - at national scale (1,500 schools) the rows come in pages of 50 (?page=N) with a search by
     name (?q=), the coalition's totals on top of every page; every school's figures are still
     computed (sorting and the totals need them), only the page's are put in the model. JSON
     has every school (of the search) unless ?page= asks for one page;
   - charts drawn by the server (view/svg.h): coverage and reach per school as bars, and the
     monthly trend (domain/trends.h) of the coalition or of one school (?school=KEY) as lines,
     each with a table beside it as the text alternative.
   JSON (Accept): the same model without the SVG.
   Who: the lead sees every school. A coordinator sees the own school's row and trend only
   (the same scope as /reports/coverage; other schools are not even computed, and ?school= of
   another school is 404); staff and parents get 403 from the route. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/quality/norms.h"
#include "domain/reports/figures.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/pages.h"
#include "pages/report_page.h"
#include "pages/school_window.h"
#include "pages/when.h"
#include "util/buf.h"
#include "view/render.h"
#include "view/svg.h"

/* ---- the columns ----------------------------------------------------------------------------- */

enum column_kind { COL_PCT, COL_HOURS, COL_SCORE, COL_COUNT, COL_MONEY };

/* A figure column of the table: its code (as in the reports' JSON and the norms), heading and
   kind. Sorting by a figure starts with the highest (desc), by name with A (asc). */
struct column {
    const char *code, *heading;
    enum column_kind kind;
};

static const struct column columns[] = {
    {"coverage_pct", "Dekking", COL_PCT},
    {"reach_pct", "Bereik", COL_PCT},
    {"reach_priority_pct", "Bereik doelgroep", COL_PCT},
    {"mean_hours", "Gemiddeld uren", COL_HOURS},
    {"intensity_pct", "Voldoende uren", COL_PCT},
    {"attendance_pct", "Aanwezigheid", COL_PCT},
    {"involvement", "Betrokkenheid", COL_SCORE},
    {"staff_qualified_pct", "Bekwame uitvoerders", COL_PCT},
    {"vog_valid_pct", "Geldige VOG", COL_PCT},
    {"waiting", "Op wachtlijst", COL_COUNT},
    {"unplaced", "Zonder plaats na loting", COL_COUNT},
    /* issue 15: the quality cycle (domain/reports/reports_quality.c) */
    {"plans_complete", "Plan compleet", COL_COUNT},
    {"visited_activities", "Bezochte activiteiten", COL_COUNT},
    /* issue 15, part 4: money, the last column, for the lead only (reports_costs.c) */
    {"cost_total", "Kosten", COL_MONEY},
};
enum { N_COLUMNS = sizeof columns / sizeof columns[0] };

/* The columns the user sees: all for the lead; without the money (the last) for others. */
static int shown_columns(const struct req *r)
{
    return r->user.role == ROLE_LEAD ? N_COLUMNS : N_COLUMNS - 1;
}

/* One figure's value: has is false when it has none (null). */
struct figure_value {
    bool has;
    double value;
};

/* One row of the table (a school or the coalition). */
struct row {
    size_t index; /* the school's position in the report (by name): the tie-break */
    const char *name;
    struct figure_value figures[N_COLUMNS];
};

/* Every figure of totals t, staff s and waiting w, rounded as shown, into row->figures. */
static void row_figures(const struct report *rep, const struct report_totals *t,
                        const struct report_staff *s, const struct report_waiting *w,
                        struct row *row)
{
    struct figure_value *f = row->figures;
    f[0].has = report_coverage_pct(rep, t, &f[0].value);
    f[1].has = report_reach_pct(t, &f[1].value);
    f[2].has = report_priority_reach_pct(t, &f[2].value);
    f[3].has = report_mean_hours(t, &f[3].value);
    f[4].has = report_intensity_pct(t, &f[4].value);
    f[5].has = report_attendance_pct(t, &f[5].value);
    f[6].has = report_involvement(t, &f[6].value);
    f[7].has = report_staff_qualified_pct(s, &f[7].value);
    f[8].has = report_vog_valid_pct(s, &f[8].value);
    f[9] = (struct figure_value){true, w->waiting};
    f[10] = (struct figure_value){true, w->unplaced};
    f[11] = (struct figure_value){true, t->plans_complete};
    f[12] = (struct figure_value){true, t->visited_activities};
    f[13] = (struct figure_value){rep->query.with_costs, (double)t->cost_cents / 100.0};
}

/* ---- sorting --------------------------------------------------------------------------------- */

struct sort {
    int column; /* -1: by name */
    bool desc;
};

/* The sort of the query: sort = "name" or a column code (anything else: by name), dir = "asc"
   or "desc" (anything else: the column's default). */
static struct sort sort_read(struct req *r)
{
    const char *code = req_query(r, "sort"), *dir = req_query(r, "dir");
    struct sort s = {-1, false};
    for (int i = 0; code && i < shown_columns(r); i++)
        if (!strcmp(columns[i].code, code)) {
            s.column = i;
            s.desc = true;
        }
    if (dir && !strcmp(dir, "asc"))
        s.desc = false;
    else if (dir && !strcmp(dir, "desc"))
        s.desc = true;
    return s;
}

static int compare_names(const struct row *a, const struct row *b)
{
    return (a->index > b->index) - (a->index < b->index);
}

/* Rows by the sort's column; rows without a value last in either direction; ties by name. */
static int compare_rows(const void *x, const void *y, void *context)
{
    const struct row *a = x, *b = y;
    const struct sort *s = context;
    if (s->column < 0)
        return s->desc ? -compare_names(a, b) : compare_names(a, b);
    const struct figure_value *fa = &a->figures[s->column], *fb = &b->figures[s->column];
    if (fa->has != fb->has)
        return fa->has ? -1 : 1;
    if (fa->has && fa->value != fb->value) {
        int order = fa->value < fb->value ? -1 : 1;
        return s->desc ? -order : order;
    }
    return compare_names(a, b);
}

/* ---- the model ------------------------------------------------------------------------------- */

/* The text of a figure as shown: "33,3%", "12,5", "4"; "–" without a value. Arena-owned. */
static const char *figure_text(struct req *r, const struct figure_value *f, enum column_kind kind)
{
    if (!f->has)
        return "–";
    if (kind == COL_COUNT)
        return arena_printf(&r->arena, "%.0f", f->value);
    if (kind == COL_MONEY)
        return dutch_money(r, (int64_t)(f->value * 100 + (f->value < 0 ? -0.5 : 0.5)));
    char number[32];
    svg_number(f->value, number);
    if (kind != COL_PCT)
        return arena_printf(&r->arena, "%s", number);
    return arena_printf(&r->arena, "%s%%", number);
}

/* The figures of a row with their badges: [{code, value, text, signal, label, class,
   shown, pro_rata, pro_rata_label}]; share is the part of the period passed, against which a
   figure that grows over the year is judged (norms_badge_share). New reference. */
static json_t *figures_model(struct req *r, const struct norm_set *norms, const struct row *row,
                             double share)
{
    json_t *list = json_array();
    for (size_t i = 0; i < (size_t)shown_columns(r); i++) {
        const struct figure_value *f = &row->figures[i];
        json_t *badge = norms_badge_share(norms, columns[i].code, f->value, f->has, share);
        json_object_set_new(badge, "code", json_string(columns[i].code));
        json_object_set_new(badge, "value", report_number(f->has, f->value));
        json_object_set_new(badge, "text", json_string(figure_text(r, f, columns[i].kind)));
        json_array_append_new(list, badge);
    }
    return list;
}

/* The heat map's cells of one school or the coalition: per domain covered, only incidental or
   nothing, with a word and a symbol; beside the offer the pupils' interest in the domain
   ("aansluiting bij interesses": domains.{d}.interest_pct as "45,0%", absent when nobody
   answered). New reference. */
static json_t *cells_model(struct req *r, const struct report *rep,
                           const struct report_totals *t, const struct report_cell *cells)
{
    json_t *list = json_array();
    for (size_t d = 0; d < rep->n_domains; d++) {
        const struct report_cell *c = &cells[d];
        const char *symbol = c->qualifying ? "●" : c->activities ? "◐" : "○";
        json_t *cell = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "domain",
                                 rep->domains[d].name, "state", cell_state(c), "label",
                                 cell_label(c), "symbol", symbol, "activities", c->activities,
                                 "qualifying", c->qualifying);
        struct figure_value interest = {0};
        interest.has = report_interest_pct(t, c, &interest.value);
        if (interest.has)
            json_object_set_new(cell, "interest",
                                json_string(figure_text(r, &interest, COL_PCT)));
        json_array_append_new(list, cell);
    }
    return list;
}

/* What the dashboard's links keep: the sort, the search, the page (0 or 1: none) and the
   school whose trend is shown. */
struct links {
    const char *sort, *dir, *search, *school;
    long long page;
};

/* The dashboard's URL with the period of q and the values of l (NULL, "" or page 1 leaves
   one out). Arena-owned. */
static const char *dashboard_href(struct req *r, const struct report_query *q,
                                  const struct links *l)
{
    char page[24] = "";
    if (l->page > 1)
        snprintf(page, sizeof page, "%lld", l->page);
    const struct url_param params[] = {{"from", q->from}, {"to", q->to},     {"sort", l->sort},
                                       {"dir", l->dir},   {"q", l->search},  {"page", page},
                                       {"school", l->school}};
    struct buf b = BUF_INIT;
    buf_puts(&b, "/dashboard");
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        if (params[i].value && *params[i].value)
            buf_printf(&b, "%c%s=%s", b.len == 10 ? '?' : '&', params[i].name,
                       url_escape(&r->arena, params[i].value));
    const char *href = arena_printf(&r->arena, "%s", b.data);
    buf_free(&b);
    return href;
}

/* The column headings with their sort links: [{code, heading, href, sorted ("ascending",
   "descending" or ""), arrow}], "name" first. A new sort starts at the first page; the search
   and the school are kept (from l). New reference. */
static json_t *columns_model(struct req *r, const struct report_query *q, const struct sort *s,
                             const struct links *l)
{
    json_t *list = json_array();
    for (int i = -1; i < shown_columns(r); i++) {
        bool current = s->column == i;
        bool default_desc = i >= 0;
        bool next_desc = current ? !s->desc : default_desc;
        const char *code = i < 0 ? "name" : columns[i].code;
        struct links sorted = {code, next_desc ? "desc" : "asc", l->search, l->school, 0};
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "code", code, "heading",
                            i < 0 ? "School" : columns[i].heading, "href",
                            dashboard_href(r, q, &sorted),
                            "sorted", current ? (s->desc ? "descending" : "ascending") : "",
                            "arrow", current ? (s->desc ? "▼" : "▲") : "", "numeric", i >= 0));
    }
    return list;
}

/* The bar charts of coverage and reach per school, in the table's order. */
static void bar_charts(struct req *r, json_t *model, const struct row *rows, size_t n)
{
    struct svg_bar *bars = arena_alloc(&r->arena, (n ? n : 1) * sizeof *bars);
    static const struct {
        int column;
        const char *key, *id, *title, *desc;
    } charts[] = {
        {0, "chart_coverage", "chart-coverage", "Dekking per school",
         "Het deel van de domeinen met een structurele activiteit, per school; de getallen staan"
         " ook in de tabel."},
        {1, "chart_reach", "chart-reach", "Bereik per school",
         "Deelnemers van alle leerlingen van de school, in procenten; de getallen staan ook in"
         " de tabel."},
    };
    for (size_t c = 0; c < sizeof charts / sizeof charts[0]; c++) {
        for (size_t i = 0; i < n; i++) {
            const struct figure_value *f = &rows[i].figures[charts[c].column];
            bars[i] = (struct svg_bar){rows[i].name, f->value, f->has,
                                       figure_text(r, f, COL_PCT)};
        }
        struct buf svg = BUF_INIT;
        svg_bar_chart(&svg, charts[c].id, charts[c].title, charts[c].desc, bars, n, 100);
        json_object_set_new(model, charts[c].key, json_pack("{s:s}", "chart_svg", svg.data));
        buf_free(&svg);
    }
}

static const char *const month_names[] = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                          "jul", "aug", "sep", "okt", "nov", "dec"};

/* The trend of one subject (a school or the coalition): the table rows and, for HTML, the two
   line charts. New reference. */
static json_t *trend_model(struct req *r, const struct trends *t, const struct trend_point *pts,
                           const char *subject)
{
    json_t *months = json_array();
    const char **labels = arena_alloc(&r->arena, (t->n_months + 1) * sizeof *labels);
    double *participants = arena_alloc(&r->arena, (t->n_months + 1) * sizeof *participants);
    double *hours = arena_alloc(&r->arena, (t->n_months + 1) * sizeof *hours);
    for (size_t m = 0; m < t->n_months; m++) {
        int year = atoi(t->months[m].month), month = atoi(t->months[m].month + 5);
        const char *name = month_names[(month - 1 + 12) % 12];
        labels[m] = arena_printf(&r->arena, "%s '%02d", name, year % 100);
        participants[m] = pts[m].participants;
        hours[m] = report_hours(pts[m].minutes);
        char number[32];
        svg_number(hours[m], number);
        json_array_append_new(
            months, json_pack("{s:s, s:s, s:s, s:s, s:i, s:f, s:s}", "month", t->months[m].month,
                              "label", arena_printf(&r->arena, "%s %d", name, year), "first",
                              t->months[m].first, "last", t->months[m].last, "participants",
                              pts[m].participants, "hours", hours[m], "hours_text", number));
    }
    json_t *trend = json_pack("{s:s, s:o, s:b}", "subject", subject, "months", months,
                              "has_months", t->n_months > 0);
    if (r->wants_json)
        return trend;
    struct buf svg = BUF_INIT;
    const char *desc = arena_printf(&r->arena, "%s: deelnemers per maand; de getallen staan ook"
                                               " in de tabel eronder.", subject);
    struct svg_series series = {"Deelnemers", participants};
    svg_line_chart(&svg, "chart-trend-participants", "Deelnemers per maand", desc, labels,
                   t->n_months, &series, 1, "");
    json_object_set_new(trend, "chart_participants", json_pack("{s:s}", "chart_svg", svg.data));
    buf_reset(&svg);
    desc = arena_printf(&r->arena, "%s: uren aanwezig per maand, opgeteld over de leerlingen;"
                                   " de getallen staan ook in de tabel eronder.", subject);
    series = (struct svg_series){"Uren", hours};
    svg_line_chart(&svg, "chart-trend-hours", "Uren aanwezig per maand", desc, labels,
                   t->n_months, &series, 1, "uur");
    json_object_set_new(trend, "chart_hours", json_pack("{s:s}", "chart_svg", svg.data));
    buf_free(&svg);
    return trend;
}

/* The trend of every school shown for JSON: {key: [{month, participants, hours}]}. New
   reference. */
static json_t *trends_json(const struct report *rep, const struct trends *t,
                           const struct row *rows, size_t n)
{
    json_t *all = json_object();
    for (size_t i = 0; i < n; i++) {
        const struct report_school *sc = &rep->schools[rows[i].index];
        const struct trend_point *pts = trends_school(t, sc->id);
        json_t *list = json_array();
        for (size_t m = 0; pts && m < t->n_months; m++)
            json_array_append_new(list, json_pack("{s:s, s:i, s:f}", "month", t->months[m].month,
                                                  "participants", pts[m].participants, "hours",
                                                  report_hours(pts[m].minutes)));
        json_object_set_new(all, sc->key, list);
    }
    return all;
}

/* What the page computed; freed by figures_free. */
struct figures {
    struct report_figures set;
    struct norm_set norms;
};

static void figures_free(struct figures *f)
{
    report_figures_free(&f->set);
}

/* The report with the figures that build on it (domain/reports/figures.h), and the norms.
   0 or -1. */
static int figures_compute(struct req *r, const struct report_query *q, struct figures *f)
{
    memset(f, 0, sizeof *f);
    struct report_query with_costs = *q;
    with_costs.with_costs = r->user.role == ROLE_LEAD; /* the money column (issue 15) */
    if (report_figures_compute(r->db, &with_costs, r->app->cfg.vog_valid_years, &f->set))
        return -1;
    if (norms_load(r->db, &f->norms)) {
        figures_free(f);
        return -1;
    }
    return 0;
}

/* ---- the rows shown: search and page --------------------------------------------------------- */

enum { DASHBOARD_PER_PAGE = 50 }; /* schools per page of the HTML */

/* Keep the rows whose name matches the search, in their order; returns how many. */
static size_t rows_matching(struct row *rows, size_t n, const char *search)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (school_name_matches(rows[i].name, search))
            rows[kept++] = rows[i];
    return kept;
}

/* ---- the model ------------------------------------------------------------------------------- */

/* The page's model. trend_school: the school whose trend is shown, NULL for the coalition's.
   New reference. */
static json_t *page_model(struct req *r, const struct figures *f, const struct sort *s,
                          const struct school_window_query *wq,
                          const struct report_school *trend_school)
{
    const struct report *rep = &f->set.rep;
    const struct report_query *q = &rep->query;
    size_t n = rep->n_schools;
    struct row *rows = arena_alloc(&r->arena, (n ? n : 1) * sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        const struct report_school *sc = &rep->schools[i];
        rows[i] = (struct row){.index = i, .name = sc->name};
        row_figures(rep, &sc->totals, report_staff_school(&f->set.staff, sc->id),
                    report_waiting_school(&f->set.waiting, sc->id), &rows[i]);
    }
    if (n > 1)
        qsort_r(rows, n, sizeof *rows, compare_rows, (void *)s);
    size_t matching = rows_matching(rows, n, wq->search);
    struct school_window win = school_window_of(matching, wq, DASHBOARD_PER_PAGE);
    const struct row *shown = rows + win.first;
    const char *school_key = trend_school ? trend_school->key : NULL;
    const char *sort_code = s->column < 0 ? "name" : columns[s->column].code;
    const char *dir = s->desc ? "desc" : "asc";
    struct links here = {sort_code, dir, wq->search, school_key, win.page};
    json_t *schools = json_array(), *domains = json_array();
    /* Hours and intensity grow over the year: judged pro rata while the period runs. */
    double share = norms_period_share(q->from, q->to, rep->upto);
    for (size_t d = 0; d < rep->n_domains; d++)
        json_array_append_new(domains, json_pack("{s:s, s:s}", "code", rep->domains[d].code,
                                                 "name", rep->domains[d].name));
    for (size_t i = 0; i < win.count; i++) {
        const struct report_school *sc = &rep->schools[shown[i].index];
        struct links trend = here;
        trend.school = sc->key;
        json_array_append_new(
            schools,
            json_pack("{s:I, s:s, s:s, s:i, s:i, s:o, s:o, s:s, s:b}", "id", (json_int_t)sc->id,
                      "key", sc->key, "name", sc->name, "pupils", sc->totals.pupils,
                      "participants", sc->totals.participants, "cells",
                      cells_model(r, rep, &sc->totals, sc->cells), "figures",
                      figures_model(r, &f->norms, &shown[i], share), "trend_href",
                      dashboard_href(r, q, &trend), "trend_shown", sc == trend_school));
    }
    json_t *model = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:s, s:s, s:s, s:b, s:i, s:i, s:s, s:s, s:o, s:o, s:o,"
        " s:b}",
        "title", "Dashboard", "values", "from", q->from, "to", q->to, "q", wq->search, "errors",
        json_object(), "from_label", when_day(r, q->from), "to_label", when_day(r, q->to),
        "upto_label", when_day(r, rep->upto), "cut_today", strcmp(rep->upto, q->to) < 0,
        "min_sessions", q->min_sessions, "intensity_hours", q->intensity_hours, "sort", sort_code,
        "dir", dir, "domains", domains, "columns", columns_model(r, q, s, &here), "schools",
        schools, "has_schools", n > 0);
    const struct url_param keep[] = {{"from", q->from}, {"to", q->to},     {"sort", sort_code},
                                     {"dir", dir},      {"q", wq->search}, {"school", school_key}};
    school_window_model(r, model, &win, wq, n, DASHBOARD_PER_PAGE, "/dashboard", keep,
                        sizeof keep / sizeof keep[0]);
    if (q->school_id == 0 && n > 1) {
        struct row total = {.name = "Coalitie"};
        row_figures(rep, &rep->coalition, &f->set.staff.coalition, &f->set.waiting.coalition,
                    &total);
        json_object_set_new(model, "coalition",
                            json_pack("{s:s, s:i, s:i, s:i, s:o, s:o}", "name", "Coalitie",
                                      "school_count", (int)n, "pupils", rep->coalition.pupils,
                                      "participants", rep->coalition.participants, "cells",
                                      cells_model(r, rep, &rep->coalition, rep->coalition_cells), "figures",
                                      figures_model(r, &f->norms, &total, share)));
    }
    /* the trend: the chosen school's, the coalition's, or a coordinator's own school's */
    const struct report_school *subject = trend_school;
    if (!subject && q->school_id != 0 && n == 1)
        subject = &rep->schools[0];
    const struct trend_point *pts =
        subject ? trends_school(&f->set.trends, subject->id) : f->set.trends.coalition;
    json_object_set_new(model, "trend",
                        trend_model(r, &f->set.trends, pts, subject ? subject->name : "Coalitie"));
    if (trend_school && q->school_id == 0) {
        struct links coalition = here;
        coalition.school = NULL;
        json_object_set_new(model, "coalition_trend_href",
                            json_string(dashboard_href(r, q, &coalition)));
    }
    if (r->wants_json) {
        json_t *months = json_array();
        for (size_t m = 0; m < f->set.trends.n_months; m++)
            json_array_append_new(months, json_string(f->set.trends.months[m].month));
        json_object_set_new(model, "trends",
                            json_pack("{s:o, s:o}", "months", months, "schools",
                                      trends_json(rep, &f->set.trends, shown, win.count)));
    } else if (win.count) {
        bar_charts(r, model, shown, win.count);
    }
    return model;
}

/* ---- the handler ----------------------------------------------------------------------------- */

int page_dashboard(struct req *r)
{
    struct report_query q;
    int refused = period_query(r, &q, "Dashboard", "dashboard/index");
    if (refused)
        return refused;
    struct school_window_query wq;
    refused = school_window_read(r, r->wants_json, &wq,
                                 json_pack("{s:s, s:{s:s, s:s}}", "title", "Dashboard", "values",
                                           "from", q.from, "to", q.to),
                                 "dashboard/index");
    if (refused)
        return refused;
    struct sort sort = sort_read(r);
    struct figures f;
    if (figures_compute(r, &q, &f))
        return render_error(r, 500, "Het dashboard kan nu niet worden berekend.");
    const char *key = req_query(r, "school");
    const struct report_school *trend_school = NULL;
    if (key && *key) {
        for (size_t i = 0; i < f.set.rep.n_schools && !trend_school; i++)
            if (!strcmp(f.set.rep.schools[i].key, key))
                trend_school = &f.set.rep.schools[i];
        if (!trend_school) {
            figures_free(&f);
            return render_error(r, 404, "Deze school bestaat niet of valt buiten uw scholen.");
        }
    }
    int status = render(r, 200, "dashboard/index", page_model(r, &f, &sort, &wq, trend_school));
    figures_free(&f);
    return status;
}
