/* The year turns over (issue 14; the rules in domain/people/rollover.h), for the lead:
   GET /admin/rollover — what a rollover into the next school year will do (per school the
   groups moving up and the leavers, the activities and rounds archived), writing nothing,
   with the form that confirms; POST /admin/rollover (to, confirm=1) — does it, 303 with a
   flash. A second rollover into the same year changes nothing and says so. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/people/rollover.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

/* The text of a rollover's outcome for the year `to` in the request's language. Arena-owned. */
static const char *outcome_text(struct req *r, enum rollover_outcome rc, const char *to,
                                const struct rollover_plan *plan)
{
    json_t *vars = json_pack("{s:s, s:s, s:s}", "year", to ? to : "", "expected", plan->expected,
                             "opens_on", when_day(r, plan->opens_on));
    const char *text = req_format(r, rollover_message(rc), vars);
    json_decref(vars);
    return text;
}

/* The page's model for a rollover into `to` (NULL: the year that comes next) on today: the
   plan's refusal as "refusal" or the preview, and the rollovers on record. New reference, or
   NULL on a database error. */
static json_t *rollover_model(struct req *r, const char *to, const char *today)
{
    struct rollover_plan plan;
    enum rollover_outcome rc = rollover_plan(r->db, to ? to : "", today, &plan);
    if (rc == ROLLOVER_MALFORMED && !to) { /* the page's own proposal */
        to = arena_printf(&r->arena, "%s", plan.expected);
        rc = rollover_plan(r->db, to, today, &plan);
    }
    if (rc == ROLLOVER_FAILED)
        return NULL;
    json_t *done = read_rollovers(r->db);
    if (!done)
        return NULL;
    json_t *model = json_pack("{s:s, s:s, s:s, s:o, s:b}", "title", "Naar het nieuwe schooljaar",
                              "to", to ? to : "", "expected", plan.expected, "rollovers", done,
                              "has_rollovers", json_array_size(done) > 0);
    if (rc != ROLLOVER_OK) {
        json_object_set_new(model, "refusal", json_string(outcome_text(r, rc, to, &plan)));
        return model;
    }
    json_t *preview;
    if (read_rollover_preview(r->db, &plan, today, &preview)) {
        json_decref(model);
        return NULL;
    }
    json_object_set_new(preview, "left_on_label", json_string(when_day(r, plan.left_on)));
    json_t *activities = json_object_get(preview, "activities");
    size_t i, running = 0;
    json_t *activity;
    json_array_foreach(activities, i, activity) running += json_is_true(
        json_object_get(activity, "running"));
    json_object_set_new(preview, "has_activities", json_boolean(json_array_size(activities)));
    json_object_set_new(preview, "n_activities", json_integer((json_int_t)json_array_size(activities)));
    json_object_set_new(preview, "n_running", json_integer((json_int_t)running));
    json_object_set_new(preview, "has_rounds",
                        json_boolean(json_array_size(json_object_get(preview, "rounds"))));
    static const char *const dates[] = {"until", NULL};
    when_labels(json_object_get(preview, "activities"), dates);
    json_object_set_new(model, "preview", preview);
    return model;
}

int page_rollover(struct req *r)
{
    char today[11];
    date_format(date_today(), today);
    json_t *model = rollover_model(r, req_query(r, "to"), today);
    if (!model)
        return page_failed(r);
    return render(r, 200, "admin/rollover", model);
}

/* The form again with a message at field name (422, or JSON). */
static int show_error(struct req *r, const char *to, const char *today, const char *name,
                      const char *message)
{
    json_t *model = rollover_model(r, to, today);
    if (!model)
        return page_failed(r);
    json_object_set_new(model, "errors", json_pack("{s:s}", name, message));
    static const struct field summary[] = {
        {.name = "to", .label = "Schooljaar", .type = FIELD_TEXT},
        {.name = "confirm", .label = "Bevestiging", .type = FIELD_BOOL},
    };
    return form_show_errors(r, "admin/rollover", model, summary, 2);
}

int page_rollover_run(struct req *r)
{
    char today[11];
    date_format(date_today(), today);
    const char *to = req_form(r, "to");
    if (!to || !*to)
        to = "";
    if (!form_ticked(req_form(r, "confirm")))
        return show_error(r, to, today, "confirm",
                          "Vink aan dat u iedereen naar het nieuwe schooljaar wilt laten gaan.");
    struct rollover_done done;
    enum rollover_outcome rc = rollover_run(r->db, r->user.id, to, today, &done);
    if (rc == ROLLOVER_FAILED)
        return page_failed(r);
    struct rollover_plan plan;
    if (rc != ROLLOVER_OK && rollover_plan(r->db, to, today, &plan) == ROLLOVER_FAILED)
        return page_failed(r);
    if (rc == ROLLOVER_MALFORMED || rc == ROLLOVER_WRONG_YEAR || rc == ROLLOVER_TOO_EARLY)
        return show_error(r, to, today, "to", outcome_text(r, rc, to, &plan));
    const char *message =
        rc == ROLLOVER_ALREADY
            ? outcome_text(r, rc, to, &plan)
            : arena_printf(&r->arena,
                           "Iedereen is naar schooljaar %s: %d leerling(en) gingen een groep"
                           " omhoog, %d verlieten de school.",
                           to, done.moved, done.left);
    if (r->wants_json)
        return respond_json(r, 200,
                            json_pack("{s:s, s:b, s:i, s:i, s:s}", "school_year", to, "already",
                                      rc == ROLLOVER_ALREADY, "moved", done.moved, "left",
                                      done.left, "message", message));
    session_flash(r, message);
    return respond_redirect(r, "/admin/rollover");
}
