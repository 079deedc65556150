/* GET /reports/coverage?from=YYYY-MM-DD&to=YYYY-MM-DD: the coverage report (PRODUCT.md
   sections 5 and 6) — per school the domains covered, reach, attendance, hours and
   involvement over a period (default: the current school year, 1 August – 31 July), and the
   quality cycle's figures and the money of issue 15 (report_page.h, cycle_figure).
   - HTML: a table of schools × figures; one of schools × the quality cycle (plans complete,
     visited activities, interest answered, feedback score, again) and, with the money
     (query.with_costs), one of schools × money (cost total, per participant, per hour, budget
     and budget used); one of schools × domains; "–" for a figure without a value. The lead's
     page shows 50 schools a page (?page=N) with a search by name (?q=), the coalition's
     totals on every page (pages/school_window.h); a bad search or page comes back on the
     form (422);
   - JSON (Accept: application/json): the document of domain/reports.h, report_json;
   - CSV (format=csv): one row per school, semicolons, UTF-8 with BOM, decimal commas; the
     quality cycle's columns and then (with the money) the money's come after the domains', so
     that the earlier columns keep their places; money with two decimals; an empty field for a
     figure without a value.
   Who: the lead sees every school; a coordinator only the own school (the figures of the other
   schools are not even computed); staff and parents get 403 from the route. A period that is
   not two real dates, ends before it starts or is longer than three years comes back on the
   filter form with a Dutch message (422; JSON {"error", "fields"}). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/reports/reports.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/pages.h"
#include "pages/report_page.h"
#include "pages/school_window.h"
#include "pages/when.h"
#include "util/csv.h"
#include "view/render.h"

/* ---- HTML ---------------------------------------------------------------------------------- */

/* The cells of one school (or the coalition): per domain whether it is covered (a
   qualifying activity), only incidental (activities, none qualifying) or empty. */
static json_t *cells_model(const struct report *rep, const struct report_cell *cells)
{
    json_t *list = json_array();
    for (size_t d = 0; d < rep->n_domains; d++) {
        const struct report_cell *c = &cells[d];
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "domain",
                            rep->domains[d].name, "state", cell_state(c), "label", cell_label(c),
                            "activities",
                            c->activities, "qualifying", c->qualifying, "sessions", c->sessions,
                            "participants", c->participants));
    }
    return list;
}

/* The covered domains in few words: the covered ones by name while they are at most half,
   else the ones missing ("alle behalve Sport"), so that the column stays a line or two. */
static const char *covered_words(struct req *r, const struct report *rep,
                                 const struct report_cell *cells)
{
    size_t covered = 0;
    for (size_t d = 0; d < rep->n_domains; d++)
        covered += cells[d].qualifying > 0;
    bool by_missing = covered * 2 > rep->n_domains;
    struct buf names = BUF_INIT;
    for (size_t d = 0; d < rep->n_domains; d++)
        if ((cells[d].qualifying > 0) != by_missing)
            buf_printf(&names, "%s%s", names.len ? ", " : "", rep->domains[d].name);
    const char *words = !by_missing ? (names.len ? arena_strdup(&r->arena, names.data) : "geen")
                        : names.len ? arena_printf(&r->arena, "alle behalve %s", names.data)
                                    : "alle";
    buf_free(&names);
    return words;
}

/* Cycle figures first..last-1 (report_page.h cycle_figure) of totals t as shown: [{text}].
   New reference. */
static json_t *cycle_cells(struct req *r, const struct report_totals *t, size_t first, size_t last)
{
    json_t *cells = json_array();
    for (size_t i = first; i < last; i++) {
        double value;
        bool has = cycle_value(t, i, &value);
        json_array_append_new(cells, json_pack("{s:s}", "text", cycle_text(r, i, has, value)));
    }
    return cells;
}

/* Whether the page shows the coalition's totals: every school was computed, and there are
   several. */
static bool shows_coalition(const struct report *rep)
{
    return rep->query.school_id == 0 && rep->n_schools > 1;
}

/* A table of cycle figures first..last-1 per school shown (indexes into rep->schools):
   {cycle_caption, is_money, cycle_headings [{heading}], cycle_rows [{name, cycle_cells}], and
   cycle_coalition {name, cycle_cells} when the page shows the coalition}. Names of their own, so
   that a section never finds the page's "coalition" or "cells" instead. New reference. */
static json_t *cycle_table(struct req *r, const struct report *rep, const char *caption,
                           size_t first, size_t last, const size_t *shown, size_t n_shown)
{
    json_t *headings = json_array(), *rows = json_array();
    for (size_t i = first; i < last; i++)
        json_array_append_new(headings, json_pack("{s:s}", "heading", cycle_figure(i)->heading));
    for (size_t i = 0; i < n_shown; i++) {
        const struct report_school *s = &rep->schools[shown[i]];
        json_array_append_new(rows, json_pack("{s:s, s:o}", "name", s->name, "cycle_cells",
                                              cycle_cells(r, &s->totals, first, last)));
    }
    json_t *table =
        json_pack("{s:s, s:b, s:o, s:o}", "cycle_caption", caption, "is_money",
                  first >= CYCLE_QUALITY, "cycle_headings", headings, "cycle_rows", rows);
    if (shows_coalition(rep))
        json_object_set_new(table, "cycle_coalition",
                            json_pack("{s:s, s:o}", "name", "Coalitie", "cycle_cells",
                                      cycle_cells(r, &rep->coalition, first, last)));
    return table;
}

/* The row of one school or the coalition in the HTML tables. New reference. */
static json_t *row_model(struct req *r, const struct report *rep, const char *name,
                         const struct report_totals *t, const struct report_cell *cells)
{
    double v = 0;
    bool has;
    json_t *row = json_pack("{s:s, s:s, s:i, s:i, s:i}", "name", name, "covered_names",
                            covered_words(r, rep, cells), "covered", t->covered, "pupils",
                            t->pupils, "participants", t->participants);
    has = report_coverage_pct(rep, t, &v);
    json_object_set_new(row, "coverage", json_string(dutch_figure(r, has, v, "%")));
    has = report_reach_pct(t, &v);
    json_object_set_new(row, "reach", json_string(dutch_figure(r, has, v, "%")));
    has = report_priority_reach_pct(t, &v);
    json_object_set_new(row, "priority_reach", json_string(dutch_figure(r, has, v, "%")));
    has = report_attendance_pct(t, &v);
    json_object_set_new(row, "attendance", json_string(dutch_figure(r, has, v, "%")));
    has = report_mean_hours(t, &v);
    json_object_set_new(row, "mean_hours", json_string(dutch_figure(r, has, v, "")));
    has = report_intensity_pct(t, &v);
    json_object_set_new(row, "intensity", json_string(dutch_figure(r, has, v, "%")));
    has = report_involvement(t, &v);
    json_object_set_new(row, "involvement", json_string(dutch_figure(r, has, v, "")));
    json_object_set_new(row, "cells", cells_model(rep, cells));
    return row;
}

enum { COVERAGE_PER_PAGE = 50 }; /* schools per page of the HTML */

/* The page's model: the filter form, the tables of the schools of wq's page (matching its
   search) and the coalition's totals. New reference. */
static json_t *page_model(struct req *r, const struct report *rep,
                          const struct school_window_query *wq)
{
    const size_t *shown;
    struct school_window win = school_window_over(r, rep, wq, COVERAGE_PER_PAGE, &shown);
    json_t *domains = json_array(), *schools = json_array();
    for (size_t d = 0; d < rep->n_domains; d++)
        json_array_append_new(domains, json_pack("{s:s, s:s}", "code", rep->domains[d].code,
                                                 "name", rep->domains[d].name));
    for (size_t i = 0; i < win.count; i++) {
        const struct report_school *s = &rep->schools[shown[i]];
        json_t *row = row_model(r, rep, s->name, &s->totals, s->cells);
        json_object_set_new(row, "id", json_integer(s->id));
        json_array_append_new(schools, row);
    }
    const struct report_query *q = &rep->query;
    json_t *model = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:s, s:s, s:s, s:i, s:i, s:i, s:o, s:o, s:b, s:b}", "title",
        "Dekking en bereik", "values", "from", q->from, "to", q->to, "q", wq->search, "errors",
        json_object(), "from_label", when_day(r, q->from), "to_label", when_day(r, q->to),
        "upto_label", when_day(r, rep->upto), "min_sessions", q->min_sessions, "intensity_hours",
        q->intensity_hours, "domain_count", (int)rep->n_domains, "domains", domains, "schools",
        schools, "has_schools", rep->n_schools > 0, "searchable", q->school_id == 0);
    const struct url_param keep[] = {{"from", q->from}, {"to", q->to}, {"q", wq->search}};
    school_window_model(r, model, &win, wq, rep->n_schools, COVERAGE_PER_PAGE, "/reports/coverage",
                        keep, sizeof keep / sizeof keep[0]);
    if (shows_coalition(rep))
        json_object_set_new(model, "coalition",
                            row_model(r, rep, "Coalitie", &rep->coalition, rep->coalition_cells));
    json_object_set_new(model, "csv_href",
                        json_string(arena_printf(&r->arena,
                                                 "/reports/coverage?from=%s&to=%s&format=csv",
                                                 q->from, q->to)));
    json_object_set_new(model, "costs_csv_href",
                        json_string(arena_printf(&r->arena, "/reports/costs.csv?from=%s&to=%s",
                                                 q->from, q->to)));
    json_object_set_new(model, "cut_today", json_boolean(strcmp(rep->upto, q->to) < 0));
    json_t *tables = json_array();
    json_array_append_new(tables, cycle_table(r, rep, "Kwaliteitscyclus per school", 0,
                                              CYCLE_QUALITY, shown, win.count));
    if (cycle_shown(rep) > CYCLE_QUALITY)
        json_array_append_new(tables, cycle_table(r, rep, "Geld per school", CYCLE_QUALITY,
                                                  cycle_shown(rep), shown, win.count));
    json_object_set_new(model, "cycle_tables", tables);
    json_object_set_new(model, "has_money", json_boolean(q->with_costs));
    return model;
}

/* ---- JSON and CSV ---------------------------------------------------------------------------- */

static void csv_header(struct buf *b, const struct report *rep)
{
    static const char *const heads[] = {
        "School", "Sleutel", "Gedekte domeinen", "Dekking (%)", "Leerlingen", "Deelnemers",
        "Bereik (%)", "Doelgroepleerlingen", "Deelnemende doelgroepleerlingen",
        "Bereik doelgroep (%)", "Aanwezigheid (%)", "Uren", "Gemiddeld uren per deelnemer",
        "Deelnemers met voldoende uren (%)", "Betrokkenheid (1-5)", NULL};
    size_t col = 0;
    for (size_t i = 0; heads[i]; i++)
        csv_text(b, col++, heads[i]);
    for (size_t d = 0; d < rep->n_domains; d++) {
        static const char *const parts[] = {"activiteiten", "structureel", "bijeenkomsten",
                                            "deelnemers", "uren"};
        for (size_t k = 0; k < 5; k++) {
            char head[200];
            snprintf(head, sizeof head, "%s: %s", rep->domains[d].name, parts[k]);
            csv_text(b, col++, head);
        }
    }
    for (size_t i = 0; i < cycle_shown(rep); i++)
        csv_text(b, col++, cycle_figure(i)->csv_head);
    csv_end_row(b);
}

static void csv_row(struct buf *b, const struct report *rep, const struct report_school *s)
{
    const struct report_totals *t = &s->totals;
    double v = 0;
    bool has;
    size_t col = 0;
    csv_text(b, col++, s->name);
    csv_text(b, col++, s->key);
    struct buf names = BUF_INIT;
    for (size_t d = 0; d < rep->n_domains; d++)
        if (s->cells[d].qualifying)
            buf_printf(&names, "%s%s", names.len ? ", " : "", rep->domains[d].name);
    csv_text(b, col++, names.len ? names.data : "");
    buf_free(&names);
    has = report_coverage_pct(rep, t, &v);
    csv_figure(b, col++, has, v);
    csv_int(b, col++, t->pupils);
    csv_int(b, col++, t->participants);
    has = report_reach_pct(t, &v);
    csv_figure(b, col++, has, v);
    csv_int(b, col++, t->priority_pupils);
    csv_int(b, col++, t->priority_participants);
    has = report_priority_reach_pct(t, &v);
    csv_figure(b, col++, has, v);
    has = report_attendance_pct(t, &v);
    csv_figure(b, col++, has, v);
    csv_decimal(b, col++, report_hours(t->minutes));
    has = report_mean_hours(t, &v);
    csv_figure(b, col++, has, v);
    has = report_intensity_pct(t, &v);
    csv_figure(b, col++, has, v);
    has = report_involvement(t, &v);
    csv_figure(b, col++, has, v);
    for (size_t d = 0; d < rep->n_domains; d++) {
        const struct report_cell *c = &s->cells[d];
        csv_int(b, col++, c->activities);
        csv_int(b, col++, c->qualifying);
        csv_int(b, col++, c->sessions);
        csv_int(b, col++, c->participants);
        csv_decimal(b, col++, report_hours(c->minutes));
    }
    for (size_t i = 0; i < cycle_shown(rep); i++) {
        has = cycle_value(t, i, &v);
        csv_cycle(b, col++, i, has, v);
    }
    csv_end_row(b);
}

static int respond_csv(struct req *r, const struct report *rep)
{
    struct buf csv = BUF_INIT;
    csv_begin(&csv);
    csv_header(&csv, rep);
    for (size_t i = 0; i < rep->n_schools; i++)
        csv_row(&csv, rep, &rep->schools[i]);
    return respond_report_csv(r, &csv,
                              arena_printf(&r->arena, "dekking-%s-%s.csv", rep->query.from,
                                           rep->query.to));
}

/* ---- the handler ----------------------------------------------------------------------------- */

int page_reports_coverage(struct req *r)
{
    bool csv;
    int refused = report_format(r, &csv);
    if (refused)
        return refused;
    struct report_query q;
    refused = period_query(r, &q, "Dekking en bereik", "reports/coverage");
    if (refused)
        return refused;
    struct school_window_query wq = {"", 0};
    /* The lead's page is paged; JSON, CSV and a coordinator's one school are whole. */
    if (!csv && !r->wants_json && q.school_id == 0) {
        refused =
            school_window_read(r, false, &wq,
                               json_pack("{s:s, s:{s:s, s:s}, s:b}", "title", "Dekking en bereik",
                                         "values", "from", q.from, "to", q.to, "searchable", 1),
                               "reports/coverage");
        if (refused)
            return refused;
    }
    struct report rep;
    if (report_compute(r->db, &q, &rep))
        return render_error(r, 500, "De rapportage kan nu niet worden berekend.");
    int status;
    if (csv)
        status = respond_csv(r, &rep);
    else if (r->wants_json)
        status = respond_json(r, 200, report_json(&rep)); /* numbers as "33.3" */
    else
        status = render(r, 200, "reports/coverage", page_model(r, &rep, &wq));
    report_free(&rep);
    return status;
}
