/* GET /reports/schools/{id}?year=2025: the yearly review of one school (jaargesprek), for the
   conversation between the school and the coalition lead, printable on A4 (one section a page):
   1. the figures of the school year (domain/reports.h) with last year's beside them and the
      signal of each against its norm (domain/norms.h); while the year is under way, this year
      so far beside the same stretch of last year (review_compare_period), never a whole year;
   2. the domains with the school's activities of the year: goal, held sessions, structural
      (qualifying) or incidental;
   3. the evaluations summarised per activity (as planned yes / partly / no, latest remarks)
      and the incidents counted per severity, this year and last (no names: privacy);
   4. the conclusions per theme of the quality plan, a form (POST /reports/schools/{id}) that
      the lead and the school's coordinator both edit (domain/reviews.h).
   year is the calendar year the school year starts in (2025 = 2025–2026); default the
   current one. Who: the lead any school, a coordinator the own school only (another school
   is 404, as if it did not exist); staff and parents get 403 from the route. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/offer/schools_read.h"
#include "domain/quality/incidents.h"
#include "domain/quality/norms.h"
#include "domain/problems.h"
#include "domain/reports/progress.h"
#include "domain/reports/reports.h"
#include "domain/quality/reviews.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/report_page.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"
#include "view/svg.h"

/* ---- the figures ----------------------------------------------------------------------------- */

/* The figures of the review, by their code (as in the reports' JSON and the norms): the
   report's own seven; the staff's two are the dashboard's. */
static const char *const review_figures[] = {
    "coverage_pct",  "reach_pct",      "reach_priority_pct", "mean_hours",
    "intensity_pct", "attendance_pct", "involvement",
};

/* What a figure of this year counts, in words: "4 van 6 domeinen". Arena-owned. */
static const char *figure_counts(struct req *r, const struct report *rep,
                                 const struct report_totals *t, const char *code)
{
    if (!strcmp(code, "coverage_pct"))
        return arena_printf(&r->arena, "%d van %zu domeinen", t->covered, rep->n_domains);
    if (!strcmp(code, "reach_pct"))
        return arena_printf(&r->arena, "%d van %d leerlingen", t->participants, t->pupils);
    if (!strcmp(code, "reach_priority_pct"))
        return arena_printf(&r->arena, "%d van %d doelgroepleerlingen",
                            t->priority_participants, t->priority_pupils);
    if (!strcmp(code, "mean_hours"))
        return arena_printf(&r->arena, "%s in totaal",
                            dutch_figure(r, true, report_hours(t->minutes), " uur"));
    if (!strcmp(code, "intensity_pct"))
        return arena_printf(&r->arena, "%d van %d deelnemers met minstens %d uur", t->intensive,
                            t->participants, rep->query.intensity_hours);
    if (!strcmp(code, "attendance_pct"))
        return arena_printf(&r->arena, "%lld van %lld registraties aanwezig",
                            (long long)t->present,
                            (long long)(t->present + t->absent + t->excused));
    return arena_printf(&r->arena, "%lld scores", (long long)t->involvement_n);
}

/* One year's value of a figure: {"value" (number or null), "text", "badge"}. New reference. */
static json_t *figure_year(struct req *r, const struct norm_set *norms,
                           const struct norm_figure *nf, bool has, double value)
{
    return json_pack("{s:o, s:s, s:o}", "value", report_number(has, value), "text",
                     norm_figure_text(r, nf, has, value), "badge",
                     norms_badge(norms, nf->code, value, has));
}

/* The figures of this year (now) and last year (was) side by side: [{"code", "label", "hint",
   "counts", "this_year", "last_year", "change"}]. New reference. */
static json_t *figures_model(struct req *r, const struct norm_set *norms,
                             const struct report *now, const struct report_totals *t_now,
                             const struct report *was, const struct report_totals *t_was)
{
    json_t *list = json_array();
    for (size_t i = 0; i < FIELDS_N(review_figures); i++) {
        const char *code = review_figures[i];
        const struct norm_figure *nf = norms_figure((size_t)norms_figure_index(code));
        double v_now = 0, v_was = 0;
        bool has_now = report_norm_figure(now, t_now, NULL, code, &v_now),
             has_was = report_norm_figure(was, t_was, NULL, code, &v_was);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "code", code, "label",
                            nf->label, "hint", nf->hint, "counts",
                            figure_counts(r, now, t_now, code), "this_year",
                            figure_year(r, norms, nf, has_now, v_now), "last_year",
                            figure_year(r, norms, nf, has_was, v_was), "change",
                            dutch_change(r, has_now && has_was, v_now - v_was)));
    }
    return list;
}

/* ---- domains and activities ------------------------------------------------------------------ */

/* Whether the activity's "domains" hold code. */
static bool has_domain(json_t *activity, const char *code)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(activity, "domains"), i, d) {
        if (!strcmp(json_string_value(d), code))
            return true;
    }
    return false;
}

/* Give each activity what the page shows besides the domain's data: "grades_label",
   "kind_label" (structureel / incidenteel) and the remarks' dates in words. */
static void decorate_activities(struct req *r, json_t *activities, const char *school_kind)
{
    const char *grade_word = strcmp(school_kind, "vo") ? "groep" : "leerjaar";
    size_t i;
    json_t *a;
    json_array_foreach(activities, i, a) {
        int low = (int)json_integer_value(json_object_get(a, "grade_min"));
        int high = (int)json_integer_value(json_object_get(a, "grade_max"));
        json_object_set_new(a, "grades_label",
                            low == high ? json_sprintf("%s %d", grade_word, low)
                                        : json_sprintf("%s %d–%d", grade_word, low, high));
        json_object_set_new(a, "kind_label",
                            json_string(json_is_true(json_object_get(a, "qualifying"))
                                            ? "structureel"
                                            : "incidenteel"));
        size_t k;
        json_t *remark;
        json_array_foreach(json_object_get(a, "remarks"), k, remark) {
            const char *date = json_string_value(json_object_get(remark, "date"));
            json_object_set_new(remark, "date_label", json_string(when_day(r, date)));
            const char *role = json_string_value(json_object_get(remark, "role"));
            json_object_set_new(remark, "role_label",
                                json_string(req_role_label(r, role, ROLE_LABEL_TITLE)));
        }
    }
}

/* "Aansluiting bij interesses": the share of the pupils who answered the interest
   questionnaire in the year that named the domain (domains.{d}.interest_pct) into domain as
   "interest" ("45,0%"); nothing when nobody answered. */
static void interest_label(const struct report_school *s, const struct report_cell *c,
                           json_t *domain)
{
    double pct;
    if (!report_interest_pct(&s->totals, c, &pct))
        return;
    char number[32], text[40];
    svg_number(pct, number);
    snprintf(text, sizeof text, "%s%%", number);
    json_object_set_new(domain, "interest", json_string(text));
}

/* Per domain of the coalition: its state at the school this year (from the report's cell) and
   the school's activities in it; activities without any domain in a last group. New
   reference. */
static json_t *domains_model(const struct report *rep, const struct report_school *s,
                             json_t *activities)
{
    json_t *list = json_array();
    for (size_t d = 0; d < rep->n_domains; d++) {
        const struct report_cell *c = &s->cells[d];
        json_t *mine = json_array();
        size_t i;
        json_t *a;
        json_array_foreach(activities, i, a) {
            if (has_domain(a, rep->domains[d].code))
                json_array_append(mine, a);
        }
        json_t *domain =
            json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:o}", "code", rep->domains[d].code,
                      "name", rep->domains[d].name, "state", cell_state(c), "state_label",
                      cell_label(c), "qualifying", c->qualifying, "activity_count",
                      c->activities, "activities", mine);
        json_object_set_new(domain, "offered", json_boolean(c->activities > 0));
        interest_label(s, c, domain);
        json_array_append_new(list, domain);
    }
    json_t *without = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(activities, i, a) {
        if (!json_array_size(json_object_get(a, "domains")))
            json_array_append(without, a);
    }
    if (json_array_size(without))
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:o}", "code", "",
                                              "name", "Zonder domein", "state", "none",
                                              "state_label", "telt niet mee", "qualifying", 0,
                                              "activity_count", (int)json_array_size(without),
                                              "activities", without));
    else
        json_decref(without);
    return list;
}

/* The evaluations of all activities added up: {"yes", "partly", "no", "total"}. New
   reference. */
static json_t *evaluation_totals(json_t *activities)
{
    json_int_t yes = 0, partly = 0, no = 0;
    size_t i;
    json_t *a;
    json_array_foreach(activities, i, a) {
        json_t *e = json_object_get(a, "evaluations");
        yes += json_integer_value(json_object_get(e, "yes"));
        partly += json_integer_value(json_object_get(e, "partly"));
        no += json_integer_value(json_object_get(e, "no"));
    }
    return json_pack("{s:I, s:I, s:I, s:I}", "yes", yes, "partly", partly, "no", no, "total",
                     yes + partly + no);
}

/* The incidents of this year and last per severity: {"rows": [{"severity", "label",
   "this_year", "last_year"}], "this_year", "last_year" (totals)}. */
static json_t *incidents_model(const struct review_incidents *now,
                               const struct review_incidents *was)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < 3 && incident_severities[i]; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:i}", "severity",
                                              incident_severities[i], "label",
                                              incident_severity_label(incident_severities[i]),
                                              "this_year", now->by_severity[i], "last_year",
                                              was->by_severity[i]));
    return json_pack("{s:o, s:i, s:i}", "rows", rows, "this_year", now->total, "last_year",
                     was->total);
}

/* ---- the conclusions form -------------------------------------------------------------------- */

/* The form's fields: one text area per theme, then the year. */
static void conclusion_fields(struct field fields[REVIEW_THEMES + 1])
{
    for (size_t i = 0; i < REVIEW_THEMES; i++)
        fields[i] = (struct field){.name = review_theme(i)->code,
                                   .label = review_theme(i)->label,
                                   .type = FIELD_TEXTAREA,
                                   .max_len = REVIEW_TEXT_MAX};
    fields[REVIEW_THEMES] = (struct field){.name = "year", .label = "Schooljaar",
                                           .type = FIELD_INT, .required = true,
                                           .min = REVIEW_YEAR_MIN, .max = REVIEW_YEAR_MAX};
}

/* "seen_doelgerichtheid": the hidden field with the version of theme i the form was loaded
   with. Static. */
static const char *seen_field(size_t i)
{
    static const char *const names[REVIEW_THEMES] = {
        "seen_doelgerichtheid", "seen_thuis_school", "seen_personeel",
        "seen_duur_intensiteit", "seen_coordinatie", "seen_afspraken"};
    return names[i];
}

/* Give each theme of the conclusions what the page shows: "input" (typed, else stored),
   "seen" (the stored version: a form shown again after a conflict saves over it), "error",
   "changed" ("Laatst gewijzigd door Lea op …"), and "stored_shown" when a refused theme's
   stored text differs from what was typed. values and errors may be NULL. */
static void decorate_conclusions(struct req *r, json_t *conclusions, json_t *values,
                                 json_t *errors)
{
    size_t i;
    json_t *c;
    json_array_foreach(conclusions, i, c) {
        const char *code = json_string_value(json_object_get(c, "code"));
        const char *text = json_string_value(json_object_get(c, "text"));
        const char *typed = json_string_value(json_object_get(values, code));
        const char *error = json_string_value(json_object_get(errors, code));
        const char *at = json_string_value(json_object_get(c, "updated_at"));
        const char *by = json_string_value(json_object_get(c, "updated_by"));
        json_object_set_new(c, "field", json_string(code));
        json_object_set_new(c, "seen_field", json_string(seen_field(i)));
        json_object_set_new(c, "seen", json_string(at));
        json_object_set_new(c, "input", json_string(typed ? typed : text));
        json_object_set_new(c, "error", json_string(error ? error : ""));
        json_object_set_new(c, "stored_shown",
                            json_boolean(error && typed && *text && strcmp(typed, text)));
        const char *changed = "";
        if (*at)
            changed = arena_printf(&r->arena, "Laatst gewijzigd%s%s op %s.", *by ? " door " : "",
                                   by, when_moment(r, arena_printf(&r->arena, "%.16s", at)));
        json_object_set_new(c, "changed", json_string(changed));
    }
}

/* ---- the page -------------------------------------------------------------------------------- */

/* The school asked for as {"id", "key", "name", "kind"} into *school (new reference) when it
   exists and is in the user's scope: 1; 0 when not (the page answers 404 either way); -1 when
   the read failed. */
static int school_in_scope(struct req *r, int64_t id, json_t **school)
{
    *school = NULL;
    if (!scope_school(r, id))
        return 0;
    return read_school(r->db, id, school);
}

/* school_in_scope's answer as the page's: 0 with the school in *school, or the status of the
   answer already given (500 on a failure, 404 for a school not there or not the user's). */
static int school_or_answer(struct req *r, int64_t id, json_t **school)
{
    int found = school_in_scope(r, id, school);
    if (found < 0)
        return page_failed(r);
    return found ? 0 : render_error(r, 404, "Deze school bestaat niet.");
}

/* The school years to choose from, newest first: from 2022–2023 (the first year of the
   regulation) or the chosen one if earlier, to the current one or the chosen one if later. */
static json_t *year_options(int chosen, int current)
{
    int first = chosen < 2022 ? chosen : 2022, last = chosen > current ? chosen : current;
    json_t *list = json_array();
    for (int y = last; y >= first; y--) {
        char label[16];
        review_year_label(y, label);
        json_array_append_new(list, json_pack("{s:i, s:s, s:b}", "value", y, "label", label,
                                              "selected", y == chosen));
    }
    return list;
}

/* The report of school_id for the period from..to (today: the current day). 0 or -1. */
static int period_report(struct req *r, int64_t school_id, const char *from, const char *to,
                         const char *today, struct report *rep)
{
    struct report_query q = {
        .school_id = school_id,
        .min_sessions = r->app->cfg.min_sessions,
        .intensity_hours = r->app->cfg.intensity_hours,
    };
    memcpy(q.from, from, sizeof q.from);
    memcpy(q.to, to, sizeof q.to);
    memcpy(q.today, today, sizeof q.today);
    return report_compute(r->db, &q, rep);
}

/* "YYYY-MM-DD" → "6 december" (when_day without the year). Arena-owned. */
static const char *day_month(struct req *r, const char *iso_date)
{
    const char *words = when_day(r, iso_date);
    const char *space = strrchr(words, ' ');
    return space ? arena_printf(&r->arena, "%.*s", (int)(space - words), words) : words;
}

/* What this year is compared with, for the model: {"stretch" (true while the year is under
   way), "from", "to" (last year's period), "upto_label" ("6 december"), "last_to_label",
   "note" (the sentence that says so), "this_heading", "last_heading" (the columns)}. New
   reference. */
static json_t *comparison_model(struct req *r, bool stretch, const char *upto,
                                const struct report *was, const char *label,
                                const char *last_label)
{
    const char *upto_words = day_month(r, upto);
    const char *note = stretch
        ? arena_printf(&r->arena, "t/m %s, vergeleken met dezelfde periode vorig jaar"
                                  " (%s t/m %s)", upto_words, when_day(r, was->query.from),
                       when_day(r, was->query.to))
        : arena_printf(&r->arena, "vergeleken met het hele schooljaar %s", last_label);
    return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "stretch", stretch, "from",
                     was->query.from, "to", was->query.to, "upto_label", upto_words,
                     "last_to_label", when_day(r, was->query.to), "note", note, "this_heading",
                     stretch ? arena_printf(&r->arena, "%s t/m %s", label, upto_words) : label,
                     "last_heading",
                     stretch ? arena_printf(&r->arena, "%s t/m %s", last_label,
                                            day_month(r, was->query.to))
                             : last_label);
}

/* Everything the page needs except the form state, into model. 0 or -1 (database). */
static int add_review(struct req *r, json_t *model, int64_t id, const char *kind, int year)
{
    char today[11], from[11], to[11], last_from[11], last_to[11];
    date_format(date_today(), today);
    review_year_period(year, from, to);
    /* Like with like: a year under way beside the same stretch of last year. */
    bool stretch = review_compare_period(year, today, last_from, last_to) == 1;
    struct report now, was;
    if (period_report(r, id, from, to, today, &now))
        return -1;
    if (period_report(r, id, last_from, last_to, today, &was)) {
        report_free(&now);
        return -1;
    }
    struct norm_set norms;
    struct review_incidents inc_now, inc_was;
    json_t *activities = review_activities(r->db, id, now.query.from, now.upto,
                                           now.query.min_sessions);
    const struct report_school *s_now = report_school(&now, id),
                               *s_was = report_school(&was, id);
    int rc = -1;
    if (!activities || !s_now || !s_was || norms_load(r->db, &norms) ||
        review_incidents_count(r->db, id, now.query.from, now.query.to, &inc_now) ||
        review_incidents_count(r->db, id, was.query.from, was.query.to, &inc_was))
        goto out;
    decorate_activities(r, activities, kind);
    char label[16], last_label[16];
    review_year_label(year, label);
    review_year_label(year - 1, last_label);
    json_object_set_new(
        model, "period",
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:i}", "from", now.query.from, "to",
                  now.query.to, "upto", now.upto, "from_label", when_day(r, now.query.from),
                  "to_label", when_day(r, now.query.to), "upto_label", when_day(r, now.upto),
                  "cut_today", strcmp(now.upto, now.query.to) < 0, "min_sessions",
                  now.query.min_sessions, "intensity_hours", now.query.intensity_hours));
    json_object_set_new(model, "year_label", json_string(label));
    json_object_set_new(model, "last_year_label", json_string(last_label));
    json_object_set_new(model, "comparison",
                        comparison_model(r, stretch, now.upto, &was, label, last_label));
    json_object_set_new(model, "figures",
                        figures_model(r, &norms, &now, &s_now->totals, &was, &s_was->totals));
    json_object_set_new(model, "domains", domains_model(&now, s_now, activities));
    json_object_set_new(model, "evaluations", evaluation_totals(activities));
    json_object_set_new(model, "has_activities", json_boolean(json_array_size(activities) > 0));
    json_object_set_new(model, "activities", activities);
    activities = NULL;
    json_object_set_new(model, "incidents", incidents_model(&inc_now, &inc_was));
    json_object_set_new(model, "this_year", report_school_json(&now, s_now));
    json_object_set_new(model, "last_year", report_school_json(&was, s_was));
    json_object_set_new(model, "coverage_href",
                        json_string(arena_printf(&r->arena,
                                                 "/reports/coverage?from=%s&to=%s",
                                                 now.query.from, now.query.to)));
    rc = 0;
out:
    json_decref(activities);
    report_free(&now);
    report_free(&was);
    return rc;
}

/* The page's model for school (stolen) and year; values and errors (stolen, NULL: none) are
   the form's state when it is shown again. NULL on a database error. */
static json_t *page_model(struct req *r, json_t *school, int year, json_t *values,
                          json_t *errors)
{
    int64_t id = json_integer_value(json_object_get(school, "id"));
    char today[11];
    date_format(date_today(), today);
    json_t *conclusions = review_conclusions(r->db, id, year);
    json_t *model = json_pack(
        "{s:o, s:o, s:i, s:o, s:s, s:b}", "title",
        json_sprintf("Jaargesprek %s", json_string_value(json_object_get(school, "name"))),
        "school", school, "year", year, "years", year_options(year, review_year_of(today)),
        "today_label", when_day(r, today), "can_edit", 1);
    if (!conclusions ||
        add_review(r, model, id, json_string_value(json_object_get(school, "kind")), year)) {
        json_decref(conclusions);
        json_decref(model);
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    if (!r->wants_json)
        decorate_conclusions(r, conclusions, values, errors);
    json_object_set_new(model, "conclusions", conclusions);
    json_object_set_new(model, "errors", errors ? errors : json_object());
    json_decref(values);
    return model;
}

int page_review_show(struct req *r)
{
    json_t *school;
    int answered = school_or_answer(r, r->path_ids[0], &school);
    if (answered)
        return answered;
    const char *asked = req_query(r, "year");
    char today[11];
    date_format(date_today(), today);
    int year = review_year_of(today);
    if (asked && *asked && review_year_parse(asked, &year)) {
        json_decref(school);
        return render_error(r, 400, "Kies een schooljaar met het jaar waarin het begint, zoals"
                                    " 2025 voor 2025–2026.");
    }
    json_t *model = page_model(r, school, year, NULL, NULL);
    if (!model)
        return render_error(r, 500, "Het jaargesprek kan nu niet worden geladen.");
    return render(r, 200, "reviews/show", model);
}

/* The answer after a save: JSON {"ok", "changed", "conclusions"}, or a flash and back to the
   conclusions of the page. */
static int saved(struct req *r, int64_t school_id, int year, int changed)
{
    if (r->wants_json) {
        json_t *conclusions = review_conclusions(r->db, school_id, year);
        if (!conclusions)
            return render_error(r, 500, "Het jaargesprek kan nu niet worden geladen.");
        return respond_json(r, 200, json_pack("{s:b, s:i, s:i, s:o}", "ok", 1, "year", year,
                                              "changed", changed, "conclusions", conclusions));
    }
    session_flash(r, changed ? "De conclusies van het jaargesprek zijn opgeslagen."
                             : "Er was niets gewijzigd.");
    return respond_redirect(r, arena_printf(&r->arena, "/reports/schools/%lld?year=%d#conclusies",
                                            (long long)school_id, year));
}

int page_review_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *school;
    int answered = school_or_answer(r, id, &school);
    if (answered)
        return answered;
    int year;
    if (review_year_parse(req_form(r, "year"), &year)) {
        json_decref(school);
        return render_error(r, 400, "Het schooljaar van het formulier ontbreekt of klopt niet."
                                    " Open het jaargesprek opnieuw.");
    }
    struct field fields[REVIEW_THEMES + 1];
    conclusion_fields(fields);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, fields, FIELDS_N(fields), values, errors);
    struct review_input in = {0};
    for (size_t i = 0; i < REVIEW_THEMES; i++) {
        /* A theme not posted at all stays as it is (a client posting some themes). */
        in.text[i] = req_form(r, fields[i].name) ? form_good_str(values, errors, fields[i].name)
                                                 : NULL;
        in.seen[i] = req_form(r, seen_field(i));
    }
    struct problems list = {0};
    int changed = 0;
    enum outcome result = OUTCOME_INVALID;
    if (!json_object_size(errors))
        result = review_save(r->db, r->user.id, id, year, &in, &list, &changed);
    if (result == OUTCOME_FAILED) {
        problems_clear(&list);
        json_decref(school);
        json_decref(values);
        json_decref(errors);
        return render_error(r, 500, "De conclusies konden niet worden opgeslagen. Probeer het"
                                    " opnieuw.");
    }
    if (result == OUTCOME_OK) {
        json_decref(school);
        json_decref(values);
        json_decref(errors);
        return saved(r, id, year, changed);
    }
    form_add_problems(r, errors, &list);
    json_t *model = page_model(r, school, year, values, errors);
    if (!model)
        return render_error(r, 500, "Het jaargesprek kan nu niet worden geladen.");
    return form_show_errors(r, "reviews/show", model, fields, FIELDS_N(fields));
}
