/* POST /enrolments (sign a pupil up) and POST /enrolments/{id}/cancel, for parents (their own
   children) and for the school (a coordinator's own pupils, the lead's all). The rules and the
   seat are domain/enrol.c; here: who may act for which pupil, and the answers. A refusal is
   shown on the page the button was on (the parent's child page), or as JSON 422 with its
   reason; a pupil the user may not act for answers 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/enrolment/enrol.h"
#include "domain/enrolment/enrolments_read.h"
#include "domain/enrolment/notify.h"
#include "domain/enrolment/parents.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/lang.h"
#include "pages/pages.h"
#include "pages/parent/parent_internal.h"
#include "pages/scope.h"
#include "view/i18n.h"
#include "view/render.h"

/* A positive id from the form, or 0. */
static int64_t form_id(const struct req *r, const char *name)
{
    const char *s = req_form(r, name);
    if (!s || !*s || strlen(s) > 18)
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : (int64_t)v;
}

static bool by_parent(const struct req *r)
{
    return r->user.role == ROLE_PARENT;
}

/* May this user sign up or cancel for the pupil? 1 yes, 0 no, -1 when the lookup failed. */
static int acts_for(const struct req *r, int64_t pupil_id)
{
    if (by_parent(r))
        return parent_has_child(r->db, r->user.id, pupil_id);
    int64_t school = scope_pupil_school(r, pupil_id);
    if (school == SCOPE_ERROR)
        return -1;
    return school > 0 && scope_school(r, school);
}

/* The page to return to: the form's `next` when it is a local path, else the default. */
static const char *back_to(struct req *r, const char *fallback)
{
    const char *next = req_form(r, "next");
    return next && *next ? page_local_path(next) : fallback;
}

/* The message of a result: the parent's wording, or the school's ("de leerling"). */
static const char *result_text(struct req *r, enum enrol_result result,
                               const struct enrol_outcome *out)
{
    const char *key = enrol_result_key(result);
    char school_key[64];
    if (!by_parent(r)) {
        snprintf(school_key, sizeof school_key, "refusal_school.%s", key + strlen("refusal."));
        key = school_key;
    }
    json_t *vars = json_pack("{s:s, s:i}", "title", out->other_title, "max", out->max_per_child);
    const char *text = req_format(r, key, vars);
    json_decref(vars);
    return text;
}

static int refused(struct req *r, enum enrol_result result, const struct enrol_outcome *out,
                   int64_t pupil_id)
{
    const char *message = result_text(r, result, out);
    if (result == ENROL_FAILED)
        return render_error(r, 500, message);
    if (result == ENROL_NOT_FOUND && !r->wants_json)
        return render_error(r, 404, message);
    if (r->wants_json) {
        const char *reason = enrol_result_key(result) + strlen("refusal.");
        return respond_json(r, 422, json_pack("{s:s, s:s, s:{}}", "error", message, "reason",
                                              reason, "fields"));
    }
    if (!by_parent(r)) {
        session_flash_warning(r, message);
        return respond_redirect(r, back_to(r, "/activities"));
    }
    json_t *model;
    int found = parent_child_model(r, pupil_id, &model);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, req_text(r, "refusal.not_found"));
    json_object_set_new(model, "error", json_string(message));
    return render(r, 422, "parent/child", model);
}

/* "Sara is ingeschreven voor Judo." or "… staat op de wachtlijst …", for the next page: into
   *text (arena-owned; "" when the enrolment is gone). 0, or -1 when the read failed. */
static int done_text(struct req *r, int64_t enrolment_id, const char *kind, const char **text)
{
    json_t *names;
    int found = read_enrolment_names(r->db, enrolment_id, &names);
    *text = "";
    if (found > 0) {
        char *s = notify_text(r->lang, kind, json_string_value(json_object_get(names, "first_name")),
                              json_string_value(json_object_get(names, "title")), "");
        *text = arena_strdup(&r->arena, s ? s : "");
        free(s);
    }
    json_decref(names);
    return found < 0 ? -1 : 0;
}

int page_enrolment_create(struct req *r)
{
    int64_t pupil_id = form_id(r, "pupil_id"), activity_id = form_id(r, "activity_id");
    struct enrol_outcome out = {0};
    int allowed = pupil_id ? acts_for(r, pupil_id) : 0;
    if (allowed < 0)
        return page_failed(r);
    if (!allowed) /* not this user's pupil: as if it did not exist */
        return render_error(r, 404, result_text(r, ENROL_NOT_FOUND, &out));
    if (!activity_id)
        return refused(r, ENROL_NOT_FOUND, &out, pupil_id);
    struct enrol_request req = {.pupil_id = pupil_id, .activity_id = activity_id,
                                .user_id = r->user.id, .by_school = !by_parent(r),
                                .max_per_child = r->app->cfg.max_per_child};
    enum enrol_result result = enrol_pupil(r->db, &req, &out);
    if (result != ENROL_OK)
        return refused(r, result, &out, pupil_id);
    if (r->wants_json)
        return respond_json(r, 201, json_pack("{s:I, s:s, s:i}", "id",
                                              (json_int_t)out.enrolment_id, "status",
                                              out.waitlisted ? "waitlisted" : "enrolled",
                                              "position", out.position));
    const char *done;
    if (done_text(r, out.enrolment_id, out.waitlisted ? "waitlisted" : "enrolled", &done))
        return page_failed(r);
    session_flash(r, done);
    char fallback[64];
    snprintf(fallback, sizeof fallback, by_parent(r) ? "/parent/children/%lld" : "/activities/%lld",
             (long long)(by_parent(r) ? pupil_id : activity_id));
    return respond_redirect(r, back_to(r, arena_strdup(&r->arena, fallback)));
}

int page_enrolment_cancel(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t pupil_id;
    int found = read_enrolment_pupil(r->db, id, &pupil_id);
    int allowed = found > 0 ? acts_for(r, pupil_id) : found;
    struct enrol_outcome out = {0};
    if (allowed < 0)
        return page_failed(r);
    if (!allowed)
        return render_error(r, 404, result_text(r, ENROL_NOT_FOUND, &out));
    int64_t promoted = 0;
    enum enrol_result result = enrol_cancel(r->db, id, r->user.id, by_parent(r), &promoted);
    if (result != ENROL_OK)
        return refused(r, result, &out, pupil_id);
    if (r->wants_json) {
        json_t *body = json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "cancelled");
        json_object_set_new(body, "promoted",
                            promoted ? json_integer((json_int_t)promoted) : json_null());
        return respond_json(r, 200, body);
    }
    const char *done;
    if (done_text(r, id, "cancelled", &done))
        return page_failed(r);
    session_flash(r, done);
    char fallback[64];
    snprintf(fallback, sizeof fallback, by_parent(r) ? "/parent/children/%lld" : "/pupils/%lld",
             (long long)pupil_id);
    return respond_redirect(r, back_to(r, arena_strdup(&r->arena, fallback)));
}

/* ---- GET /enrolments/{id}/cancel: what cancelling gives up, with the button ----------------- */

/* The page the confirmation returns to: the query's `next` when it is a local path, else the
   child's page (a parent) or the activity's enrolments (the school). Arena-owned. */
static const char *cancel_back(struct req *r, const json_t *row)
{
    const char *next = req_query(r, "next");
    if (next && *next)
        return page_local_path(next);
    if (by_parent(r))
        return arena_printf(&r->arena, "/parent/children/%lld",
                            (long long)json_integer_value(json_object_get(row, "pupil_id")));
    return arena_printf(&r->arena, "/activities/%lld#inschrijvingen",
                        (long long)json_integer_value(json_object_get(row, "activity_id")));
}

/* The texts of the confirmation for row (read_enrolment_for_cancel), in the request's language:
   the question as "title" and what is given up as "lines" on the model. */
static void cancel_texts(struct req *r, const json_t *row, json_t *model)
{
    const char *status = json_string_value(json_object_get(row, "status"));
    bool waiting = !strcmp(status, "waitlisted");
    json_int_t queue = json_integer_value(json_object_get(row, "waiting"));
    json_t *vars = json_pack("{s:O, s:O, s:O, s:I}", "first_name",
                             json_object_get(row, "first_name"), "title",
                             json_object_get(row, "title"), "position",
                             json_object_get(row, "position"), "waiting", queue);
    json_t *lines = json_array();
    const char *title = req_format(r, waiting ? "cancel.title_waitlisted" : "cancel.title_enrolled",
                                   vars);
    if (waiting) {
        json_array_append_new(lines, json_string(req_format(r, "cancel.lose_place", vars)));
    } else {
        json_array_append_new(lines, json_string(req_format(r, "cancel.lose_seat", vars)));
        const char *next_key = queue > 1 ? "cancel.seat_to_next"
                               : queue   ? "cancel.seat_to_next_one"
                                         : "cancel.seat_free";
        json_array_append_new(lines, json_string(req_format(r, next_key, vars)));
    }
    json_array_append_new(lines, json_string(req_text(r, "cancel.no_undo")));
    json_decref(vars);
    json_object_set_new(model, "title", json_string(title));
    json_object_set_new(model, "lines", lines);
    json_object_set_new(model, "waitlisted", json_boolean(waiting));
}

int page_enrolment_cancel_confirm(struct req *r)
{
    json_t *row;
    struct enrol_outcome out = {0};
    int found = read_enrolment_for_cancel(r->db, r->path_ids[0], &row);
    int allowed =
        found > 0 ? acts_for(r, json_integer_value(json_object_get(row, "pupil_id"))) : found;
    if (allowed <= 0) {
        json_decref(row);
        return allowed < 0 ? page_failed(r)
                           : render_error(r, 404, result_text(r, ENROL_NOT_FOUND, &out));
    }
    const char *status = json_string_value(json_object_get(row, "status"));
    json_t *model = json_pack("{s:O, s:s, s:b}", "enrolment_id", json_object_get(row, "id"),
                              "back", cancel_back(r, row), "active", strcmp(status, "cancelled"));
    json_object_set_new(model, "enrolment", json_deep_copy(row));
    if (strcmp(status, "cancelled"))
        cancel_texts(r, row, model);
    else
        json_object_set_new(model, "title", json_string(req_text(r, "cancel.already")));
    json_decref(row);
    return render(r, 200, "enrolments/cancel", model);
}
