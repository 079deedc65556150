/* The HTML model of the quarterly progress report (pages/progress.c): the quarter in words,
   the picker's links to the quarters before and after, and per subject (the coalition, then
   each school) the norm figures of both quarters with the change and this quarter's signal,
   the quality cycle's figures and the money (without a norm) with the change, and a school's
   review conclusions. Printed on A4 (static/style.css, "progress"). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/quality/reviews.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/progress_internal.h"
#include "pages/report_page.h"
#include "pages/school_window.h"
#include "pages/when.h"
#include "util/date.h"

/* "4e kwartaal 2025". Arena-owned. */
static const char *quarter_words(struct req *r, const struct quarter *q)
{
    return arena_printf(&r->arena, "%de kwartaal %d", q->number, q->year);
}

/* "1 oktober 2025 tot en met 31 december 2025". Arena-owned. */
static const char *period_words(struct req *r, const struct quarter *q)
{
    return arena_printf(&r->arena, "%s tot en met %s", when_day(r, q->from), when_day(r, q->to));
}

static const char *quarter_href(struct req *r, const struct quarter *q)
{
    return arena_printf(&r->arena, "/reports/progress?quarter=%s", q->name);
}

/* The rows of a subject's table: [{code, label, hint, now_text, was_text, change, badge}].
   New reference. */
static json_t *figures_model(struct req *r, const struct progress *p, const struct subject *s)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm_figure *f = norms_figure(i);
        struct figure_pair v = progress_values(p, s, i);
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "code", f->code, "label",
                            f->label, "hint", f->hint, "now_text",
                            norm_figure_text(r, f, v.has_now, v.now), "was_text",
                            norm_figure_text(r, f, v.has_was, v.was), "change",
                            dutch_change(r, v.has_now && v.has_was, v.now - v.was), "badge",
                            progress_badge(p, f->code, v.has_now, v.now)));
    }
    return rows;
}

/* The rows of cycle figures first..last-1 of a subject: [{code, label, now_text, was_text,
   change}]. New reference. */
static json_t *cycle_rows(struct req *r, const struct subject *s, size_t first, size_t last)
{
    json_t *rows = json_array();
    for (size_t i = first; i < last; i++) {
        const struct cycle_figure *f = cycle_figure(i);
        struct figure_pair v = progress_cycle_values(s, i);
        json_array_append_new(rows,
                              json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", f->code, "label",
                                        f->label, "now_text", cycle_text(r, i, v.has_now, v.now),
                                        "was_text", cycle_text(r, i, v.has_was, v.was), "change",
                                        cycle_change(r, i, v.has_now && v.has_was, v.now - v.was)));
    }
    return rows;
}

/* The parts of a subject's table after the norm figures, which have no norm: the quality
   cycle, and the money when the report has it: [{heading, rows}]. New reference. */
static json_t *parts_model(struct req *r, const struct progress *p, const struct subject *s)
{
    json_t *parts = json_array();
    json_array_append_new(parts, json_pack("{s:s, s:o}", "heading", "Kwaliteitscyclus", "rows",
                                           cycle_rows(r, s, 0, CYCLE_QUALITY)));
    size_t shown = cycle_shown(&p->now);
    if (shown > CYCLE_QUALITY)
        json_array_append_new(parts, json_pack("{s:s, s:o}", "heading", "Geld", "rows",
                                               cycle_rows(r, s, CYCLE_QUALITY, shown)));
    return parts;
}

/* One subject's section: {name, anchor, is_school, pupils, participants,
   participants_before, figures, parts, and for a school review_href, has_conclusions,
   conclusions}. New reference. */
static json_t *subject_model(struct req *r, const struct progress *p, const struct subject *s)
{
    const char *anchor = s->id ? arena_printf(&r->arena, "school-%s", s->key) : "coalitie";
    json_t *section =
        json_pack("{s:s, s:s, s:b, s:i, s:i, s:i, s:o, s:o}", "name", s->name, "anchor", anchor,
                  "is_school", s->id != 0, "pupils", s->now->pupils, "participants",
                  s->now->participants, "participants_before", s->was->participants, "figures",
                  figures_model(r, p, s), "parts", parts_model(r, p, s));
    if (!s->id)
        return section;
    json_t *conclusions = json_object_get(p->conclusions, s->key);
    json_object_set(section, "conclusions", conclusions ? conclusions : json_array());
    json_object_set_new(section, "has_conclusions",
                        json_boolean(json_array_size(conclusions) > 0));
    json_object_set_new(section, "review_href",
                        json_string(arena_printf(&r->arena, "/reports/schools/%lld?year=%d",
                                                 (long long)s->id, p->school_year)));
    return section;
}

/* The links to the quarters before and after q, when they can be asked for. */
static void neighbour_links(struct req *r, const struct progress *p, json_t *model)
{
    struct quarter next;
    quarter_next(&p->quarter, &next);
    if (quarter_in_range(&p->previous)) {
        json_object_set_new(model, "previous_quarter_href",
                            json_string(quarter_href(r, &p->previous)));
        json_object_set_new(model, "previous_quarter_link",
                            json_string(quarter_words(r, &p->previous)));
    }
    if (quarter_in_range(&next)) {
        json_object_set_new(model, "next_quarter_href", json_string(quarter_href(r, &next)));
        json_object_set_new(model, "next_quarter_link", json_string(quarter_words(r, &next)));
    }
}

enum { PROGRESS_PER_PAGE = 25 }; /* schools per page of the lead's HTML */

/* The sections shown: the coalition's, then those of the schools of wq's page, with the
   window's part of the model (pages/school_window.h). */
static void subjects_model(struct req *r, const struct progress *p,
                           const struct school_window_query *wq, json_t *model)
{
    const struct report *now = &p->now;
    const size_t *shown;
    struct school_window win = school_window_over(r, now, wq, PROGRESS_PER_PAGE, &shown);
    json_t *subjects = json_array();
    bool coalition = progress_has_coalition(p);
    if (coalition) {
        struct subject s = progress_subject(p, 0);
        json_array_append_new(subjects, subject_model(r, p, &s));
    }
    for (size_t i = 0; i < win.count; i++) {
        struct subject s = progress_subject(p, shown[i] + coalition);
        json_array_append_new(subjects, subject_model(r, p, &s));
    }
    json_object_set_new(model, "subjects", subjects);
    json_object_set_new(model, "searchable", json_boolean(now->query.school_id == 0));
    const struct url_param keep[] = {{"quarter", p->quarter.name}, {"q", wq->search}};
    school_window_model(r, model, &win, wq, now->n_schools, PROGRESS_PER_PAGE, "/reports/progress",
                        keep, sizeof keep / sizeof keep[0]);
}

json_t *progress_page_model(struct req *r, const struct progress *p,
                            const struct school_window_query *wq)
{
    const struct report *now = &p->now;
    char today[11], year_label[16];
    date_format(date_today(), today);
    review_year_label(p->school_year, year_label);
    const char *label = quarter_words(r, &p->quarter);
    json_t *model = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:b, s:s, s:s, s:s}", "title",
        arena_printf(&r->arena, "Voortgangsrapportage %s", label), "quarter_label", label,
        "previous_label", quarter_words(r, &p->previous), "period_label",
        period_words(r, &p->quarter), "previous_period_label", period_words(r, &p->previous),
        "values", "quarter", p->quarter.name, "q", wq->search, "errors", json_object(), "cut_today",
        strcmp(now->upto, now->query.to) < 0, "upto_label", when_day(r, now->upto), "today_label",
        when_day(r, today), "year_label", year_label);
    subjects_model(r, p, wq, model);
    json_object_set_new(model, "share_label",
                        json_sprintf("%.0f%%", p->share * 100));
    json_object_set_new(model, "csv_href",
                        json_string(arena_printf(&r->arena, "%s&format=csv",
                                                 quarter_href(r, &p->quarter))));
    json_object_set_new(model, "coverage_href",
                        json_string(arena_printf(&r->arena, "/reports/coverage?from=%s&to=%s",
                                                 now->query.from, now->query.to)));
    json_object_set_new(model, "min_sessions", json_integer(now->query.min_sessions));
    json_object_set_new(model, "has_money", json_boolean(now->query.with_costs));
    neighbour_links(r, p, model);
    return model;
}
