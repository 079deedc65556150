/* /rounds: the enrolment rounds of the school (coordinator: the own school; lead: all), one
   round with how many children ranked what, and its allocation with the result: how many got
   their 1st, 2nd, 3rd… choice, who got nothing, the demand left unmet, and the seed that lets
   anyone recompute the lottery. The rules are domain/rounds.h; the form is round_form.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities.h"
#include "domain/enrolment/rounds.h"
#include "domain/enrolment/rounds_read.h"
#include "domain/people/pupils_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/when.h"
#include "pages/pages.h"
#include "pages/rounds_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

enum { ROUNDS_LISTED = 500 };

static const char *const NOT_FOUND = "Deze inschrijfronde bestaat niet.";

/* ---- shared with round_form.c ---------------------------------------------------------------- */

int rounds_visible(struct req *r, int64_t round_id, json_t **out)
{
    int found = read_round(r->db, round_id, NULL, out);
    if (found > 0 && !scope_school(r, json_integer_value(json_object_get(*out, "school_id")))) {
        json_decref(*out);
        *out = NULL;
        return 0;
    }
    return found;
}

const char *rounds_moment_label(struct req *r, const char *moment)
{
    if (!moment || strlen(moment) < 16)
        return moment ? moment : "";
    char date[11], label[32];
    snprintf(date, sizeof date, "%.10s", moment);
    date_label_nl(date, false, label);
    return arena_printf(&r->arena, "%s %.5s", label, moment + 11);
}

const char *rounds_state_label(const char *state)
{
    if (!strcmp(state, "planned"))
        return "gepland";
    if (!strcmp(state, "open"))
        return "open";
    if (!strcmp(state, "awaiting"))
        return "gesloten, nog niet verdeeld";
    return "verdeeld";
}

/* ---- GET /rounds ----------------------------------------------------------------------------- */

/* The rounds in the user's scope with their state and moments in words. New reference, NULL
   on error. */
static json_t *round_rows(struct req *r, bool archived)
{
    char now[17], today[11];
    datetime_now(now);
    snprintf(today, sizeof today, "%.10s", now);
    json_t *list = read_rounds(r->db, scope_school_filter(r), today, archived);
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        const char *opens = json_string_value(json_object_get(row, "opens"));
        const char *closes = json_string_value(json_object_get(row, "closes"));
        const char *state = round_state(opens, closes,
                                        json_is_true(json_object_get(row, "closed")), now);
        json_object_set_new(row, "opens_label", json_string(rounds_moment_label(r, opens)));
        json_object_set_new(row, "closes_label", json_string(rounds_moment_label(r, closes)));
        json_object_set_new(row, "state", json_string(state));
        json_object_set_new(row, "state_label", json_string(rounds_state_label(state)));
        json_object_del(row, "closed");
    }
    return list;
}

int page_rounds_list(struct req *r)
{
    const char *which = req_query(r, "archief");
    bool archived = which && !strcmp(which, "1");
    json_t *rounds = round_rows(r, archived);
    if (!rounds)
        return page_failed(r);
    return render(r, 200, "rounds/list",
                  json_pack("{s:s, s:o, s:b, s:b}", "title",
                            archived ? "Inschrijfrondes: archief" : "Inschrijfrondes", "rounds",
                            rounds, "show_school", r->user.role == ROLE_LEAD, "archived",
                            archived));
}

/* ---- GET /rounds/{id} ------------------------------------------------------------------------ */

/* "1e keuze", "2e keuze", … for the result's counts, and "1e", "2e", … as column heads. */
static json_t *rank_heads(struct req *r, int choices)
{
    json_t *list = json_array();
    for (int i = 1; i <= choices; i++)
        json_array_append_new(list, json_pack("{s:s}", "label",
                                              arena_printf(&r->arena, "%de keuze", i)));
    return list;
}

/* A pupil by key (the result stores keys) as {key, id, name, grade, priority}, or {key, name:
   the key, gone} when the pupil is gone. New reference, NULL when the read failed. */
static json_t *pupil_by_key(struct req *r, const char *key)
{
    json_t *pupil;
    int found = read_pupil_by_key(r->db, key, &pupil);
    if (found < 0)
        return NULL;
    if (!found)
        return json_pack("{s:s, s:s, s:b}", "key", key, "name", key, "gone", 1);
    json_t *view = json_pack(
        "{s:s, s:O, s:s, s:O, s:O}", "key", key, "id", json_object_get(pupil, "id"), "name",
        arena_printf(&r->arena, "%s %s", json_string_value(json_object_get(pupil, "first_name")),
                     json_string_value(json_object_get(pupil, "last_name"))),
        "grade", json_object_get(pupil, "grade"), "priority", json_object_get(pupil, "priority"));
    json_decref(pupil);
    return view;
}

/* An activity's title by key (the result stores keys), the key when the activity is gone.
   Arena-owned; NULL when the read failed. */
static const char *activity_title_by_key(struct req *r, const char *key)
{
    json_t *row;
    int found = read_round_activity_title(r->db, key, &row);
    const char *title = found < 0 ? NULL
                        : found   ? arena_strdup(&r->arena,
                                                 json_string_value(json_object_get(row, "title")))
                                  : key;
    json_decref(row);
    return title;
}

/* What the result page shows of the stored outcome: counts per rank, the children without a
   seat by name, the unmet demand per activity by title, the seed. New reference, NULL when a
   read failed. */
/* The children without a seat by name (from the result's keys). New reference, NULL when a
   read failed. */
static json_t *unplaced_view(struct req *r, json_t *result)
{
    json_t *unplaced = json_array(), *v;
    size_t i;
    json_array_foreach(json_object_get(result, "unplaced"), i, v)
    {
        json_t *pupil = pupil_by_key(r, json_string_value(v));
        if (!pupil) {
            json_decref(unplaced);
            return NULL;
        }
        json_array_append_new(unplaced, pupil);
    }
    return unplaced;
}

/* The unmet demand per activity by title. New reference, NULL when a read failed. */
static json_t *unmet_view(struct req *r, json_t *result)
{
    json_t *unmet = json_array(), *v;
    const char *key;
    json_object_foreach(json_object_get(result, "unmet"), key, v)
    {
        if (json_integer_value(v) <= 0)
            continue;
        const char *title = activity_title_by_key(r, key);
        if (!title) {
            json_decref(unmet);
            return NULL;
        }
        json_array_append_new(unmet, json_pack("{s:s, s:s, s:I}", "key", key, "title", title,
                                               "count", json_integer_value(v)));
    }
    return unmet;
}

static json_t *outcome_view(struct req *r, json_t *result)
{
    json_t *by_rank = json_array(), *v;
    size_t i;
    json_array_foreach(json_object_get(result, "by_rank"), i, v)
    {
        json_array_append_new(by_rank, json_pack("{s:s, s:I}", "label",
                                                 arena_printf(&r->arena, "%zue keuze", i + 1),
                                                 "count", json_integer_value(v)));
    }
    json_t *unplaced = unplaced_view(r, result);
    json_t *unmet = unplaced ? unmet_view(r, result) : NULL;
    if (!unmet) {
        json_decref(by_rank);
        json_decref(unplaced);
        return NULL;
    }
    json_int_t seed = json_integer_value(json_object_get(result, "seed"));
    return json_pack("{s:o, s:o, s:o, s:I, s:I, s:I, s:s, s:s}", "by_rank", by_rank,
                     "unplaced", unplaced, "unmet", unmet, "children",
                     json_integer_value(json_object_get(result, "children")), "placed",
                     (json_int_t)json_object_size(json_object_get(result, "placed")), "seed",
                     seed, "seed_text", arena_printf(&r->arena, "%lld", (long long)seed),
                     "allocated_at_label",
                     rounds_moment_label(r, json_string_value(
                                                json_object_get(result, "allocated_at"))));
}

/* The page of one round (steals round); the allocation itself is behind its confirmation page
   (GET /rounds/{id}/allocate). New reference, NULL when a read failed. */
static json_t *show_model(struct req *r, json_t *round)
{
    int64_t id = json_integer_value(json_object_get(round, "id"));
    const char *state = json_string_value(json_object_get(round, "state"));
    bool allocated = !strcmp(state, "allocated");
    json_object_set_new(round, "state_label", json_string(rounds_state_label(state)));
    json_object_set_new(round, "opens_label",
                        json_string(rounds_moment_label(
                            r, json_string_value(json_object_get(round, "opens")))));
    json_object_set_new(round, "closes_label",
                        json_string(rounds_moment_label(
                            r, json_string_value(json_object_get(round, "closes")))));
    json_t *demand = round_demand(r->db, id);
    json_t *m = json_pack("{s:O, s:o, s:o, s:b, s:b, s:b}", "title",
                          json_object_get(round, "name"), "round", round, "rank_heads",
                          rank_heads(r, (int)json_integer_value(json_object_get(round, "choices"))),
                          "can_edit", !allocated, "can_allocate", !allocated, "still_open",
                          !strcmp(state, "open") || !strcmp(state, "planned"));
    if (!demand) {
        json_decref(m);
        return NULL;
    }
    when_spans(r, json_object_get(demand, "activities"));
    json_object_set_new(m, "demand", demand);
    json_t *result = allocated ? round_result(r->db, id) : NULL;
    if (result) {
        json_t *outcome = outcome_view(r, result);
        if (!outcome) {
            json_decref(result);
            json_decref(m);
            return NULL;
        }
        json_object_set_new(m, "outcome", outcome);
        json_object_set_new(m, "result", result);
    }
    return m;
}

int page_round_show(struct req *r)
{
    json_t *round;
    int found = rounds_visible(r, r->path_ids[0], &round);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    json_t *model = show_model(r, round);
    if (!model)
        return page_failed(r);
    return render(r, 200, "rounds/show", model);
}

/* ---- GET /rounds/{id}/allocate: what closing the round will do, with the button ------------- */

/* The seats still free over the round's activities (demand: round_demand). */
static json_int_t free_seats(const json_t *demand)
{
    json_int_t seats = 0;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(demand, "activities"), i, a)
    {
        json_int_t free = json_integer_value(json_object_get(a, "free"));
        seats += free > 0 ? free : 0;
    }
    return seats;
}

/* The confirmation page of an allocation (steals round; values and errors: the seed form,
   stolen, may be NULL): how many children ranked, how many seats there are, whether the round
   closes early. New reference, NULL when a read failed. */
static json_t *allocate_model(struct req *r, json_t *round, json_t *values, json_t *errors)
{
    const char *state = json_string_value(json_object_get(round, "state"));
    json_object_set_new(round, "closes_label",
                        json_string(rounds_moment_label(
                            r, json_string_value(json_object_get(round, "closes")))));
    json_t *demand = round_demand(r->db, json_integer_value(json_object_get(round, "id")));
    json_t *m = json_pack(
        "{s:s, s:o, s:b, s:o, s:o}", "title",
        arena_printf(&r->arena, "%s sluiten en plaatsen verdelen?",
                     json_string_value(json_object_get(round, "name"))),
        "round", round, "still_open", !strcmp(state, "open") || !strcmp(state, "planned"),
        "values", values ? values : json_pack("{s:s}", "seed", ""), "errors",
        errors ? errors : json_object());
    if (!demand) {
        json_decref(m);
        return NULL;
    }
    json_object_set_new(m, "seats", json_integer(free_seats(demand)));
    size_t activities = json_array_size(json_object_get(demand, "activities"));
    json_object_set_new(m, "activities_text",
                        json_string(arena_printf(&r->arena, "%zu %s", activities,
                                                 activities == 1 ? "activiteit"
                                                                 : "activiteiten")));
    json_object_set_new(m, "demand", demand);
    return m;
}

int page_round_allocate_confirm(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *round;
    int found = rounds_visible(r, id, &round);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    if (!strcmp(json_string_value(json_object_get(round, "state")), "allocated")) {
        json_decref(round);
        session_flash_warning(r, req_text(r, round_result_school_key(ROUND_ALLOCATED)));
        return respond_redirect(r, arena_printf(&r->arena, "/rounds/%lld", (long long)id));
    }
    json_t *model = allocate_model(r, round, NULL, NULL);
    if (!model)
        return page_failed(r);
    return render(r, 200, "rounds/allocate", model);
}

/* ---- POST /rounds/{id}/allocate -------------------------------------------------------------- */

static const struct field allocate_fields[] = {
    {.name = "seed", .label = "Seed", .type = FIELD_INT, .min = 0,
     .max = (long long)ROUND_SEED_MAX},
};

int page_round_allocate(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *round;
    int found = rounds_visible(r, id, &round);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, allocate_fields, FIELDS_N(allocate_fields), values, errors);
    if (json_object_get(errors, "seed"))
        json_object_set_new(errors, "seed",
                            json_string("Laat leeg, of vul een geheel getal van 0 tot en met"
                                        " 9007199254740991 in."));
    if (json_object_size(errors)) {
        json_t *list = form_error_list(allocate_fields, FIELDS_N(allocate_fields), errors);
        json_t *m = allocate_model(r, round, values, errors);
        if (!m) {
            json_decref(list);
            return page_failed(r);
        }
        json_object_set_new(m, "error_list", list);
        return render_form_errors(r, "rounds/allocate", m);
    }
    json_decref(round);
    const char *seed_text = form_str(values, "seed");
    uint64_t seed = *seed_text ? (uint64_t)form_int(values, "seed") : 0;
    json_t *result = NULL;
    enum round_result rc = round_allocate(r->db, id, *seed_text != '\0', &seed, r->user.id,
                                          &result);
    json_decref(values);
    json_decref(errors);
    if (rc == ROUND_ALLOCATED) {
        if (r->wants_json)
            return respond_json(
                r, 409, json_pack("{s:s}", "error", req_text(r, round_result_school_key(rc))));
        session_flash_warning(r, req_text(r, round_result_school_key(rc)));
        return respond_redirect(r, arena_printf(&r->arena, "/rounds/%lld", (long long)id));
    }
    if (rc == ROUND_NOT_FOUND)
        return render_error(r, 404, NOT_FOUND);
    if (rc != ROUND_OK)
        return render_error(r, 500, req_text(r, round_result_school_key(rc)));
    if (r->wants_json)
        return respond_json(r, 200, result);
    json_decref(result);
    session_flash(r, arena_printf(&r->arena,
                                  "De plaatsen zijn verdeeld met seed %llu. Ouders krijgen"
                                  " bericht.",
                                  (unsigned long long)seed));
    return respond_redirect(r, arena_printf(&r->arena, "/rounds/%lld", (long long)id));
}
