/* /rounds/new, /rounds/{id}/edit and their POSTs: the form to open or change an enrolment round
   (name, when it opens and closes, how many choices a parent ranks, how many seats a child may
   get, and the activities of the school it covers). A round can change until it is allocated.
   The rules are domain/rounds.c; the list and the show page are rounds.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities.h"
#include "domain/enrolment/rounds.h"
#include "domain/enrolment/rounds_read.h"
#include "domain/offer/schools_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/when.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/rounds_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static const char *const NOT_FOUND = "Deze inschrijfronde bestaat niet.";

static const struct field round_fields[] = {
    {.name = "school", .label = "School", .type = FIELD_KEY, .max_len = 100},
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = ROUND_NAME_MAX},
    {.name = "opens", .label = "Open vanaf", .type = FIELD_DATETIME, .required = true},
    {.name = "closes", .label = "Open tot en met", .type = FIELD_DATETIME, .required = true},
    {.name = "choices", .label = "Aantal keuzes", .type = FIELD_INT, .required = true, .min = 1,
     .max = ROUND_MAX_CHOICES},
    {.name = "max_per_child", .label = "Plaatsen per kind", .type = FIELD_INT, .required = true,
     .min = 1, .max = ROUND_MAX_CHOICES},
};

/* Every field in the order of the page, for the error summary. */
static const struct field summary_fields[] = {
    {.name = "school", .label = "School"},
    {.name = "name", .label = "Naam"},
    {.name = "opens", .label = "Open vanaf"},
    {.name = "closes", .label = "Open tot en met"},
    {.name = "choices", .label = "Aantal keuzes"},
    {.name = "max_per_child", .label = "Plaatsen per kind"},
    {.name = "activities", .label = "Activiteiten"},
    {.name = "form", .label = "Formulier"},
};

static bool in_ids(json_t *ids, json_int_t id)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (json_integer_value(v) == id)
            return true;
    }
    return false;
}

/* The activities a round may cover, as checkboxes: of the user's school (the lead: all, with
   the school's name), not ended, and those already in the round. New reference, NULL on
   error. */
static json_t *activity_choices(struct req *r, int64_t round_id, json_t *checked)
{
    struct school_year year = school_year_now();
    json_t *list = read_round_activity_choices(r->db, scope_school_filter(r), year.today, round_id);
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        json_int_t id = json_integer_value(json_object_get(a, "id"));
        int weekday = (int)json_integer_value(json_object_get(a, "weekday"));
        json_object_set_new(a, "weekday_label", json_string(weekday_name(weekday)));
        when_slots_labels(r, a);
        json_object_del(a, "weekday");
        json_object_set_new(a, "checked", json_boolean(in_ids(checked, id)));
        json_object_set_new(a, "first", json_boolean(i == 0));
    }
    return when_spans(r, list);
}

/* Every school as an option of the lead's select: {"value" (its key), "name", "selected"}.
   New reference, NULL on error. */
static json_t *school_options(struct req *r, const char *selected)
{
    return page_options(page_values(read_schools(r->db), "key"), "value", selected);
}

/* The form's model around values (stolen; fields as strings plus "activities": ids) and
   errors (stolen, may be NULL). id 0: a new round. New reference, NULL when a read failed. */
static json_t *form_model(struct req *r, int64_t id, const char *round_name, json_t *values,
                          json_t *errors)
{
    json_t *m = json_pack("{s:s, s:s, s:s}", "title",
                          id ? "Inschrijfronde wijzigen" : "Inschrijfronde openen", "action",
                          id ? arena_printf(&r->arena, "/rounds/%lld", (long long)id)
                             : "/rounds",
                          "submit_label", id ? "Wijzigingen opslaan" : "Inschrijfronde openen");
    if (id) {
        json_object_set_new(m, "id", json_integer(id));
        json_object_set_new(m, "round_name", json_string(round_name));
    }
    json_object_set_new(m, "values", values);
    json_object_set_new(m, "errors", errors ? errors : json_object());
    json_t *schools = NULL;
    const char *own = NULL;
    if (r->user.role == ROLE_LEAD)
        schools = school_options(r, form_str(values, "school"));
    else
        own = page_school_name(r, r->user.school_id);
    json_t *choices = activity_choices(r, id, json_object_get(values, "activities"));
    if ((!schools && !own) || !choices) {
        json_decref(schools);
        json_decref(choices);
        json_decref(m);
        return NULL;
    }
    if (schools) {
        json_object_set_new(m, "schools", schools);
        json_object_set_new(m, "show_school", json_true());
    } else {
        json_object_set_new(m, "school_fixed", json_string(own));
    }
    json_object_set_new(m, "activity_choices", choices);
    return m;
}

static int show_form_errors(struct req *r, int64_t id, const char *round_name, json_t *values,
                            json_t *errors)
{
    json_t *m = form_model(r, id, round_name, values, errors);
    if (!m)
        return page_failed(r);
    return form_show_errors(r, "rounds/form", m, summary_fields, FIELDS_N(summary_fields));
}

int page_round_new(struct req *r)
{
    char opens[17];
    datetime_now(opens);
    json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[]}", "school", "", "name", "",
                               "opens", opens, "closes", "", "choices", "3", "max_per_child",
                               "1", "activities");
    json_t *m = form_model(r, 0, NULL, values, NULL);
    return m ? render(r, 200, "rounds/form", m) : page_failed(r);
}

/* The stored round as the form shows it. Steals round. */
static json_t *stored_values(struct req *r, json_t *round)
{
    json_t *v = json_pack(
        "{s:O, s:O, s:O, s:O, s:s, s:s, s:O}", "school", json_object_get(round, "school_key"),
        "name", json_object_get(round, "name"), "opens", json_object_get(round, "opens"),
        "closes", json_object_get(round, "closes"), "choices",
        arena_printf(&r->arena, "%lld",
                     (long long)json_integer_value(json_object_get(round, "choices"))),
        "max_per_child",
        arena_printf(&r->arena, "%lld",
                     (long long)json_integer_value(json_object_get(round, "max_per_child"))),
        "activities", json_object_get(round, "activity_ids"));
    json_decref(round);
    return v;
}

/* The round for a change: visible to the user and not yet allocated (otherwise a 404, 409 or
   500 answer is sent and NULL returned with *status set). New reference; its name
   (arena-owned, for the page's way back) into *name. */
static json_t *changeable(struct req *r, int64_t id, int *status, const char **name)
{
    json_t *round;
    int found = rounds_visible(r, id, &round);
    if (found <= 0) {
        *status = found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
        return NULL;
    }
    if (!strcmp(json_string_value(json_object_get(round, "state")), "allocated")) {
        json_decref(round);
        *status = render_error(r, 409, req_text(r, round_result_school_key(ROUND_ALLOCATED)));
        return NULL;
    }
    *name = arena_strdup(&r->arena, json_string_value(json_object_get(round, "name")));
    return round;
}

int page_round_edit(struct req *r)
{
    int64_t id = r->path_ids[0];
    int status = 0;
    const char *name;
    json_t *round = changeable(r, id, &status, &name);
    if (!round)
        return status;
    json_t *m = form_model(r, id, name, stored_values(r, round), NULL);
    return m ? render(r, 200, "rounds/form", m) : page_failed(r);
}

/* The checked activity_ID boxes into ids (at most max; *n their number, which may exceed max)
   and into values "activities"; a malformed name gives a message in errors. */
static void read_activities(struct req *r, int64_t *ids, size_t max, size_t *n, json_t *values,
                            json_t *errors)
{
    json_t *list = json_array();
    *n = 0;
    for (size_t i = 0; i < r->n_form; i++) {
        const char *name = r->form[i].name, *value = r->form[i].value;
        if (strncmp(name, "activity_", 9) || !form_ticked(value))
            continue;
        char *end;
        long long id = strtoll(name + 9, &end, 10);
        if (name[9] < '1' || name[9] > '9' || *end || id <= 0) {
            json_object_set_new(errors, "activities",
                                json_string("Kies activiteiten uit de lijst."));
            continue;
        }
        json_array_append_new(list, json_integer(id));
        if (*n < max)
            ids[*n] = id;
        (*n)++;
    }
    json_object_set_new(values, "activities", list);
}

static json_t *saved_round(struct req *r, int64_t id)
{
    json_t *round = round_get(r->db, id, NULL);
    return round ? round : json_object();
}

/* Create (id 0) or change round id from the posted form. */
static int round_submit(struct req *r, int64_t id, const char *old_name)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, round_fields, FIELDS_N(round_fields), values, errors);
    int64_t ids[ROUND_MAX_ACTIVITIES + 1];
    size_t n_ids = 0;
    read_activities(r, ids, FIELDS_N(ids), &n_ids, values, errors);
    int64_t school_id =
        form_school(r, values, errors, "U kunt alleen rondes van uw eigen school beheren.");
    if (school_id < 0) {
        json_decref(values);
        json_decref(errors);
        return page_failed(r);
    }
    struct round_input in = {
        .school_id = school_id,
        .name = form_good_str(values, errors, "name"),
        .opens = form_moment(r, form_good_str(values, errors, "opens")),
        .closes = form_moment(r, form_good_str(values, errors, "closes")),
        .choices = form_good_int(values, errors, "choices"),
        .max_per_child = form_good_int(values, errors, "max_per_child"),
        .activity_ids = json_object_get(errors, "activities") ? NULL : ids,
        .n_activities = n_ids,
    };
    if (!in.school_id)
        in.school_id = -1; /* reported already */
    struct problems problems = {0};
    if (json_object_size(errors)) {
        if (round_check(r->db, id, &in, &problems) > 0)
            form_add_problems(r, errors, &problems);
        problems_clear(&problems);
        return show_form_errors(r, id, old_name, values, errors);
    }
    int64_t saved = id;
    enum round_result rc = round_save(r->db, r->user.id, &saved, &in, &problems);
    if (rc == ROUND_INVALID) {
        form_add_problems(r, errors, &problems);
        return show_form_errors(r, id, old_name, values, errors);
    }
    json_decref(values);
    json_decref(errors);
    if (rc == ROUND_NOT_FOUND)
        return render_error(r, 404, NOT_FOUND);
    if (rc == ROUND_ALLOCATED)
        return render_error(r, 409, req_text(r, round_result_school_key(rc)));
    if (rc != ROUND_OK)
        return render_error(r, 500, req_text(r, round_result_school_key(rc)));
    return page_saved(r, id ? 200 : 201, saved_round, saved,
                      id ? "De inschrijfronde is opgeslagen." : "De inschrijfronde is geopend.",
                      arena_printf(&r->arena, "/rounds/%lld", (long long)saved));
}

int page_round_create(struct req *r) { return round_submit(r, 0, NULL); }

int page_round_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    int status = 0;
    const char *name;
    json_t *round = changeable(r, id, &status, &name);
    if (!round)
        return status;
    json_decref(round);
    return round_submit(r, id, name);
}
