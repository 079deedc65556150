/* A visit of a session (issue 15, part 3): /sessions/{id}/visit shows the user's own visit of
   the session as a form and saves it on POST, for the lead and the coordinator of the
   activity's school. The activity page lists the visits (visits_on_activity). The rules are
   domain/quality/visits.c. */
#include <stdio.h>
#include <string.h>

#include "domain/quality/visits.h"
#include "domain/quality/visits_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/evaluations_internal.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/plans_internal.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/render.h"

static const struct field visit_fields[] = {
    {.name = "goal", .label = "Doel", .type = FIELD_CHOICE, .required = true,
     .choices = visit_rating_values},
    {.name = "home_school", .label = "Thuis en school", .type = FIELD_CHOICE, .required = true,
     .choices = visit_rating_values},
    {.name = "duration", .label = "Duur en intensiteit", .type = FIELD_CHOICE, .required = true,
     .choices = visit_rating_values},
    {.name = "staff", .label = "Uitvoerders", .type = FIELD_CHOICE, .required = true,
     .choices = visit_rating_values},
    {.name = "interests", .label = "Interesses", .type = FIELD_CHOICE, .required = true,
     .choices = visit_rating_values},
    {.name = "involvement", .label = "Betrokkenheid van de groep", .type = FIELD_INT, .min = 1,
     .max = 5},
    {.name = "note", .label = "Opmerking", .type = FIELD_TEXTAREA, .max_len = VISIT_NOTE_MAX},
};

/* The error summary's order: the session's own problem first. */
static const struct field summary_fields[] = {
    {.name = "form", .label = "Bijeenkomst"},
    {.name = "goal", .label = "Doel"},
    {.name = "home_school", .label = "Thuis en school"},
    {.name = "duration", .label = "Duur en intensiteit"},
    {.name = "staff", .label = "Uitvoerders"},
    {.name = "interests", .label = "Interesses"},
    {.name = "involvement", .label = "Betrokkenheid van de groep"},
    {.name = "note", .label = "Opmerking"},
};

/* The items of the form with their options, the one in values checked. */
static json_t *item_rows(json_t *values, json_t *errors)
{
    json_t *items = json_array();
    for (size_t i = 0; i < VISIT_ITEMS; i++) {
        const char *key = visit_items[i].key;
        const char *checked = form_str(values, key);
        json_t *options = json_array();
        for (size_t k = 0; visit_rating_values[k]; k++) {
            const char *v = visit_rating_values[k];
            json_array_append_new(options,
                                  json_pack("{s:s, s:s, s:b, s:b, s:s}", "value", v, "label",
                                            visit_rating_label(v), "checked", !strcmp(v, checked),
                                            "first", k == 0, "item", key));
        }
        json_t *error = json_object_get(errors, key);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o, s:O}", "key", key, "label",
                                               visit_items[i].label, "question",
                                               visit_items[i].question, "options", options,
                                               "error", error ? error : json_null()));
    }
    return items;
}

/* The involvement options "1"…"5" with the one in values selected. */
static json_t *involvement_options(json_t *values)
{
    const char *chosen = form_str(values, "involvement");
    json_t *list = json_array();
    for (int level = 1; level <= 5; level++) {
        char v[2] = {(char)('0' + level), 0};
        json_array_append_new(list, json_pack("{s:s, s:b}", "value", v, "selected",
                                              !strcmp(v, chosen)));
    }
    return list;
}

/* The page's model: ctx (stolen, session_or_answer's) with the values and errors (stolen;
   errors may be NULL), whether the session can get a visit, and the user's own visit. */
static json_t *form_model(json_t *ctx, json_t *values, json_t *errors, bool saved)
{
    if (!errors)
        errors = json_object();
    json_object_set_new(ctx, "title", json_string("Bezoek"));
    json_object_set_new(ctx, "items", item_rows(values, errors));
    json_object_set_new(ctx, "involvement_options", involvement_options(values));
    json_object_set_new(ctx, "saved", json_boolean(saved));
    json_object_set_new(ctx, "values", values);
    json_object_set_new(ctx, "errors", errors);
    return ctx;
}

/* The form's values from the user's saved visit, or the defaults ("nvt" for each item), into
   *values; whether there was one into *saved. 0 or -1. */
static int stored_values(struct req *r, int64_t session_id, json_t **values, bool *saved)
{
    json_t *own;
    int found = read_own_visit(r->db, session_id, r->user.id, &own);
    if (found < 0)
        return -1;
    *saved = found > 0;
    json_t *v = json_pack("{s:s, s:s}", "involvement", "", "note", "");
    for (size_t i = 0; i < VISIT_ITEMS; i++) {
        json_t *stored = own ? json_object_get(own, visit_items[i].key) : NULL;
        json_object_set_new(v, visit_items[i].key, stored ? json_copy(stored) : json_string("nvt"));
    }
    if (own) {
        json_object_set(v, "note", json_object_get(own, "note"));
        json_int_t level = json_integer_value(json_object_get(own, "involvement"));
        if (level)
            json_object_set_new(v, "involvement", json_sprintf("%lld", (long long)level));
    }
    json_decref(own);
    *values = v;
    return 0;
}

/* Whether the session took place by now: the message why not (a Dutch text), or NULL. */
static const char *refusal_of(struct req *r, int64_t session_id, const char *now, int *failed)
{
    struct visit_input probe = {.ratings = {"nvt", "nvt", "nvt", "nvt", "nvt"}, .note = ""};
    struct problems problems = {0};
    int n = visit_check(r->db, session_id, &probe, now, &problems);
    *failed = n < 0;
    const char *text = n > 0 ? form_problem_text(r, &problems.item[0]) : NULL;
    problems_clear(&problems);
    return text;
}

int page_visit_form(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *ctx, *values;
    bool saved = false;
    int answered = session_or_answer(r, id, &ctx);
    if (answered)
        return answered;
    char now[17];
    datetime_now(now);
    int failed = 0;
    const char *refusal = refusal_of(r, id, now, &failed);
    if (failed || stored_values(r, id, &values, &saved)) {
        json_decref(ctx);
        return page_failed(r);
    }
    json_t *m = form_model(ctx, values, NULL, saved);
    json_object_set_new(m, "can_write", json_boolean(!refusal));
    json_object_set_new(m, "refusal", refusal ? json_string(refusal) : json_null());
    return render(r, 200, "visits/form", m);
}

int page_visit_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *ctx;
    int answered = session_or_answer(r, id, &ctx);
    if (answered)
        return answered;
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, visit_fields, FIELDS_N(visit_fields), values, errors);
    struct visit_input in = {.note = form_good_str(values, errors, "note")};
    for (size_t i = 0; i < VISIT_ITEMS; i++)
        in.ratings[i] = form_good_str(values, errors, visit_items[i].key);
    in.involvement = json_object_get(errors, "involvement") ? 0 : (int)form_int(values,
                                                                               "involvement");
    char now[17];
    datetime_now(now);
    struct problems problems = {0};
    int created = 0;
    enum outcome rc = OUTCOME_INVALID;
    if (json_object_size(errors))
        visit_check(r->db, id, &in, now, &problems);
    else
        rc = visit_save(r->db, r->user.id, id, &in, now, &problems, &created);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        json_t *m = form_model(ctx, values, errors, false);
        json_object_set_new(m, "can_write", json_true());
        return form_show_errors(r, "visits/form", m, summary_fields, FIELDS_N(summary_fields));
    }
    json_decref(ctx);
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet.");
    if (rc != OUTCOME_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *own = NULL;
        if (read_own_visit(r->db, id, r->user.id, &own) <= 0)
            return page_failed(r);
        json_object_set_new(own, "created", json_boolean(created));
        return respond_json(r, created ? 201 : 200, own);
    }
    session_flash(r, "Het bezoek is opgeslagen.");
    return respond_redirect(r, arena_printf(&r->arena, "/sessions/%lld/visit", (long long)id));
}

/* ---- the visits on the activity page -------------------------------------------------------- */

/* A visit row of visits_read.h with its ratings and date in words. Returns v. */
static json_t *visit_row(struct req *r, json_t *v)
{
    json_t *ratings = json_array();
    for (size_t i = 0; i < VISIT_ITEMS; i++) {
        const char *stored = json_string_value(json_object_get(v, visit_items[i].key));
        json_array_append_new(ratings, json_pack("{s:s, s:s, s:b}", "label",
                                                 visit_items[i].label, "rating",
                                                 visit_rating_label(stored), "weak",
                                                 stored && !strcmp(stored, "onvoldoende")));
    }
    json_object_set_new(v, "ratings", ratings);
    json_object_set_new(v, "date_label",
                        json_string(when_date(r, json_string_value(json_object_get(v, "date")))));
    return v;
}

int visits_on_activity(struct req *r, int64_t activity_id, json_t *model)
{
    /* The visits are the school's observations of the staff's work: not for the staff. */
    if (r->user.role == ROLE_STAFF) {
        json_object_set_new(model, "has_visits", json_false());
        json_object_set_new(model, "hide_visits", json_true());
        return 0;
    }
    json_t *visits = read_activity_visits(r->db, activity_id), *v;
    if (!visits)
        return -1;
    size_t i;
    json_array_foreach (visits, i, v)
        visit_row(r, v);
    json_object_set_new(model, "has_visits", json_boolean(json_array_size(visits) > 0));
    json_object_set_new(model, "visits", visits);
    /* The last sessions that took place (the page's rows, in date order), to visit. */
    json_t *sessions = json_object_get(model, "sessions"), *recent = json_array(), *s;
    json_array_foreach (sessions, i, s)
        if (json_is_true(json_object_get(s, "due")))
            json_array_append_new(recent, json_pack("{s:O, s:O}", "id", json_object_get(s, "id"),
                                                    "date_label",
                                                    json_object_get(s, "date_label")));
    while (json_array_size(recent) > 4)
        json_array_remove(recent, 0);
    json_object_set_new(model, "has_visit_sessions", json_boolean(json_array_size(recent) > 0));
    json_object_set_new(model, "visit_sessions", recent);
    return 0;
}
