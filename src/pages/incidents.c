/* Safety incidents: /sessions/{id}/incidents/new and its POST report one (the staff of the
   activity, the coordinator, the lead); /incidents lists them newest first (coordinator: the
   own school; lead: all, with a filter per school) and /incidents/{id} shows one. Incidents are
   never changed or deleted. The rules are domain/incidents.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities.h" /* date_label_nl */
#include "domain/offer/schools_read.h"
#include "domain/quality/incidents.h"
#include "domain/quality/incidents_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/evaluations_internal.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

enum { PER_PAGE = 50, PAGE_MAX = 1000000, SUMMARY_CHARS = 120 };

static const char *const NO_SESSION = "Deze bijeenkomst bestaat niet.";
static const char *const NO_INCIDENT = "Dit incident bestaat niet.";

/* ---- the form ------------------------------------------------------------------------------- */

static const struct field incident_fields[] = {
    {.name = "what", .label = "Wat is er gebeurd", .type = FIELD_TEXTAREA, .required = true,
     .max_len = INCIDENT_TEXT_MAX},
    {.name = "occurred_on", .label = "Datum", .type = FIELD_DATE, .required = true},
    {.name = "involved", .label = "Wie waren erbij betrokken", .type = FIELD_TEXTAREA,
     .max_len = INCIDENT_INVOLVED_MAX},
    {.name = "measures", .label = "Welke maatregelen zijn genomen?", .type = FIELD_TEXTAREA,
     .required = true, .max_len = INCIDENT_TEXT_MAX},
    {.name = "severity", .label = "Ernst", .type = FIELD_CHOICE, .required = true,
     .choices = incident_severities},
};

/* Every field in the order of the page, for the error summary. */
static const struct field summary_fields[] = {
    {.name = "what", .label = "Wat is er gebeurd"},
    {.name = "occurred_on", .label = "Datum"},
    {.name = "involved", .label = "Wie waren erbij betrokken"},
    {.name = "pupils", .label = "Betrokken leerlingen"},
    {.name = "measures", .label = "Welke maatregelen zijn genomen?"},
    {.name = "severity", .label = "Ernst"},
};

/* The pupils that may be named at the session, as checkboxes: [{"id", "name", "checked",
   "first"}]. New reference, or NULL when the read failed. */
static json_t *pupil_choices(struct req *r, int64_t session_id, json_t *checked)
{
    json_t *pupils = read_incident_pupil_choices(r->db, session_id);
    if (!pupils)
        return NULL;
    json_t *list = json_array(), *p;
    size_t i;
    json_array_foreach (pupils, i, p) {
        json_int_t id = json_integer_value(json_object_get(p, "id"));
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:b, s:b}", "id", id, "name",
                            arena_printf(&r->arena, "%s %s",
                                         json_string_value(json_object_get(p, "first_name")),
                                         json_string_value(json_object_get(p, "last_name"))),
                            "checked", form_ticked_id(checked, id), "first", i == 0));
    }
    json_decref(pupils);
    return list;
}

static json_t *severity_options(const char *checked)
{
    json_t *list = json_array();
    for (size_t i = 0; incident_severities[i]; i++) {
        const char *v = incident_severities[i];
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b}", "value", v, "label",
                                              incident_severity_label(v), "checked",
                                              !strcmp(v, checked), "first", i == 0));
    }
    return list;
}

/* The form's model: ctx (stolen) with values and errors (stolen; errors may be NULL). NULL
   when a read failed (all freed). */
static json_t *form_model(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    int64_t session_id = json_integer_value(json_object_get(json_object_get(ctx, "session"),
                                                            "id"));
    json_t *pupils = pupil_choices(r, session_id, json_object_get(values, "pupils"));
    if (!pupils) {
        json_decref(ctx);
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    json_object_set_new(ctx, "title", json_string("Incident melden"));
    json_object_set_new(ctx, "pupil_choices", pupils);
    json_object_set_new(ctx, "severity_options",
                        severity_options(form_str(values, "severity")));
    json_object_set_new(ctx, "values", values);
    json_object_set_new(ctx, "errors", errors ? errors : json_object());
    return ctx;
}

int page_incident_new(struct req *r)
{
    json_t *ctx;
    int answered = session_or_answer(r, r->path_ids[0], &ctx);
    if (answered)
        return answered;
    /* The day of the session, or today for a session still to come (an incident cannot be
       dated ahead). */
    char today[11];
    date_format(date_today(), today);
    const char *date = json_string_value(
        json_object_get(json_object_get(ctx, "session"), "date"));
    const char *occurred_on = date && strcmp(date, today) < 0 ? date : today;
    json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[]}", "what", "", "occurred_on",
                               occurred_on, "involved", "", "measures", "", "severity", "",
                               "pupils");
    json_t *model = form_model(r, ctx, values, NULL);
    return model ? render(r, 200, "incidents/form", model) : page_failed(r);
}

/* The ids of the ticked pupil_ID checkboxes into ids (at most max; *n may count one more, so
   that the domain sees that there were too many), and into values "pupils". A name that is not
   pupil_ followed by an id gives errors "pupils" a message. */
static void read_pupils(struct req *r, int64_t *ids, size_t max, size_t *n, json_t *values,
                        json_t *errors)
{
    json_t *list = json_array();
    *n = 0;
    for (size_t i = 0; i < r->n_form; i++) {
        const char *name = r->form[i].name;
        if (strncmp(name, "pupil_", 6) || !form_ticked(r->form[i].value))
            continue;
        char *end;
        errno = 0;
        long long id = strtoll(name + 6, &end, 10);
        if (name[6] < '1' || name[6] > '9' || *end || errno || id <= 0) {
            json_object_set_new(errors, "pupils",
                                json_string("Kies leerlingen uit de lijst van deze activiteit."));
            continue;
        }
        json_array_append_new(list, json_integer(id));
        if (*n < max)
            ids[(*n)++] = id;
    }
    json_object_set_new(values, "pupils", list);
}

static int show_errors(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    json_t *model = form_model(r, ctx, values, errors);
    if (!model)
        return page_failed(r);
    return form_show_errors(r, "incidents/form", model, summary_fields,
                            FIELDS_N(summary_fields));
}

static int incident_model(struct req *r, int64_t id, json_t **out);

int page_incident_create(struct req *r)
{
    int64_t session_id = r->path_ids[0];
    json_t *ctx;
    int answered = session_or_answer(r, session_id, &ctx);
    if (answered)
        return answered;
    json_t *values = json_object(), *errors = json_object();
    form_validate_for_domain(r, incident_fields, FIELDS_N(incident_fields), values, errors);
    int64_t pupil_ids[INCIDENT_PUPILS_MAX + 1];
    size_t n_pupils = 0;
    read_pupils(r, pupil_ids, FIELDS_N(pupil_ids), &n_pupils, values, errors);
    bool pupils_bad = json_object_get(errors, "pupils") != NULL;
    struct incident_input in = {
        .what = form_good_str(values, errors, "what"),
        .occurred_on = form_good_str(values, errors, "occurred_on"),
        .involved = form_good_str(values, errors, "involved"),
        .measures = form_good_str(values, errors, "measures"),
        .severity = form_good_str(values, errors, "severity"),
        .pupil_ids = pupil_ids,
        .n_pupils = pupils_bad ? 0 : n_pupils,
    };
    int32_t today = date_today();
    struct problems problems = {0};
    if (json_object_size(errors)) {
        if (incident_check(r->db, session_id, &in, today, &problems) > 0)
            form_add_problems(r, errors, &problems);
        problems_clear(&problems);
        return show_errors(r, ctx, values, errors);
    }
    int64_t id = 0;
    enum outcome rc = incident_create(r->db, r->user.id, session_id, &in, today, &problems, &id);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return show_errors(r, ctx, values, errors);
    }
    json_decref(ctx);
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, NO_SESSION);
    if (rc != OUTCOME_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *m;
        if (incident_model(r, id, &m) < 0)
            return page_failed(r);
        json_t *incident = json_incref(json_object_get(m, "incident"));
        json_decref(m);
        return respond_json(r, 201, incident);
    }
    session_flash(r, "Het incident is vastgelegd.");
    return respond_redirect(r, arena_printf(&r->arena, "/incidents/%lld", (long long)id));
}

/* ---- GET /incidents/{id} -------------------------------------------------------------------- */

/* May this user see an incident of school_id at activity_id (0: the activity is gone)? 1, 0,
   or SCOPE_ERROR. */
static int incident_visible(struct req *r, int64_t school_id, int64_t activity_id)
{
    if (r->user.role == ROLE_STAFF)
        return activity_id ? scope_staff_runs(r, activity_id) : 0;
    return scope_school(r, school_id);
}

/* The incident's session as {"id", "date", "date_label"}, or JSON null when it is gone. New
   reference. */
static json_t *session_ref(json_t *row)
{
    json_t *id = json_object_get(row, "session_id");
    if (json_is_null(id))
        return json_null();
    const char *date = json_string_value(json_object_get(row, "session_date"));
    char label[32];
    date_label_nl(date, true, label);
    return json_pack("{s:O, s:s, s:s}", "id", id, "date", date ? date : "", "date_label",
                     label);
}

/* The incident as the page shows it, from a row of read_incident (stolen). New reference. */
static json_t *incident_view(json_t *row)
{
    const char *severity = json_string_value(json_object_get(row, "severity"));
    char occurred_label[32];
    date_label_nl(json_string_value(json_object_get(row, "occurred_on")), true, occurred_label);
    json_t *activity_id = json_object_get(row, "activity_id");
    json_t *incident = json_pack(
        "{s:O, s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:s, s:s, s:O, s:O, s:b}", "id",
        json_object_get(row, "id"), "school_id", json_object_get(row, "school_id"), "school",
        json_object_get(row, "school"), "occurred_on", json_object_get(row, "occurred_on"),
        "occurred_label", occurred_label, "what", json_object_get(row, "what"), "involved",
        json_object_get(row, "involved"), "measures", json_object_get(row, "measures"),
        "severity", severity, "severity_label", incident_severity_label(severity), "created_at",
        json_object_get(row, "created_at"), "reported_by", json_object_get(row, "reported_by"),
        "serious", !strcmp(severity, "hoog"));
    const char *title = json_string_value(json_object_get(row, "activity"));
    json_object_set_new(incident, "activity",
                        json_integer_value(activity_id)
                            ? json_pack("{s:O, s:s}", "id", activity_id, "title",
                                        title ? title : "")
                            : json_null());
    json_object_set_new(incident, "session", session_ref(row));
    json_decref(row);
    return incident;
}

/* {"title", "incident": {…}, "can_open_pupils"} for incident id into *out (new reference): 1;
   0 when there is none or the user may not see it; -1 when a read failed. */
static int incident_model(struct req *r, int64_t id, json_t **out)
{
    json_t *row;
    *out = NULL;
    int found = read_incident(r->db, id, &row);
    if (found <= 0)
        return found;
    int visible = incident_visible(r, json_integer_value(json_object_get(row, "school_id")),
                                   json_integer_value(json_object_get(row, "activity_id")));
    json_t *pupils = visible == 1 ? read_incident_pupils(r->db, id) : NULL;
    if (visible != 1 || !pupils) {
        json_decref(row);
        return visible == 0 ? 0 : -1;
    }
    json_t *incident = incident_view(row);
    json_object_set_new(incident, "pupils", pupils);
    *out = json_pack("{s:s, s:o, s:b}", "title", "Incident", "incident", incident,
                     "can_open_pupils", r->user.role != ROLE_STAFF);
    return 1;
}

int page_incident_show(struct req *r)
{
    json_t *m;
    int found = incident_model(r, r->path_ids[0], &m);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, NO_INCIDENT);
    return render(r, 200, "incidents/show", m);
}

/* ---- GET /incidents ------------------------------------------------------------------------- */

/* The list's filter: rows holds the school's id (0 = all, -1 = an unknown key, which nothing
   matches) and the severity ("" = all). */
struct list_filter {
    const char *school; /* school key (lead); "" = all */
    struct incident_filter rows;
    long long page; /* from 1 */
};

/* One page of incidents as the list shows them, newest first. New reference, or NULL when
   the read failed. */
static json_t *list_incidents(struct req *r, const struct list_filter *f)
{
    json_t *list = read_incidents(r->db, &f->rows, SUMMARY_CHARS, PER_PAGE,
                                  (f->page - 1) * PER_PAGE);
    size_t i;
    json_t *row;
    json_array_foreach (list, i, row) {
        char label[32];
        date_label_nl(json_string_value(json_object_get(row, "occurred_on")), false, label);
        const char *severity = json_string_value(json_object_get(row, "severity"));
        json_object_set_new(row, "occurred_label", json_string(label));
        json_object_set_new(row, "serious", json_boolean(!strcmp(severity, "hoog")));
        json_object_set_new(row, "severity_label",
                            json_string(incident_severity_label(severity)));
        if (json_is_true(json_object_get(row, "shortened")))
            json_object_set_new(row, "summary",
                                json_sprintf("%s…", json_string_value(
                                                       json_object_get(row, "summary"))));
        json_object_del(row, "shortened");
    }
    return list;
}

/* A whole number from the query within [min, max], or fallback when absent or not one. */
static long long query_int(const struct req *r, const char *name, long long min, long long max,
                           long long fallback)
{
    const char *s = req_query(r, name);
    if (!s || !*s)
        return fallback;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return fallback;
    return v;
}

static bool is_severity(const char *s)
{
    for (size_t i = 0; incident_severities[i]; i++)
        if (!strcmp(incident_severities[i], s))
            return true;
    return false;
}

/* The filter from the query into *f: a coordinator's school is always the own one. 0, or -1
   when the school's key could not be looked up. */
static int read_filter(struct req *r, struct list_filter *f)
{
    const char *school = req_query(r, "school"), *severity = req_query(r, "severity");
    *f = (struct list_filter){
        .school = r->user.role == ROLE_LEAD && school ? school : "",
        .rows.severity = severity && is_severity(severity) ? severity : "",
        .page = query_int(r, "page", 1, PAGE_MAX, 1),
    };
    if (r->user.role == ROLE_COORDINATOR)
        f->rows.school_id = r->user.school_id;
    else if (*f->school) {
        int found = read_school_id(r->db, f->school, &f->rows.school_id);
        if (found < 0)
            return -1;
        if (!found)
            f->rows.school_id = -1;
    }
    return 0;
}

/* The lead's school filter: every school as an option {"value" (its key), "name", "selected"}.
   New reference, or NULL when the read failed. */
static json_t *school_options(struct req *r, const char *selected)
{
    return page_options(page_values(read_schools(r->db), "key"), "value", selected);
}

int page_incidents_list(struct req *r)
{
    struct list_filter f;
    int64_t total = 0;
    if (read_filter(r, &f) || read_incident_count(r->db, &f.rows, &total) < 0)
        return page_failed(r);
    bool is_lead = r->user.role == ROLE_LEAD;
    json_t *incidents = list_incidents(r, &f);
    json_t *schools = is_lead ? school_options(r, f.school) : NULL;
    if (!incidents || (is_lead && !schools)) {
        json_decref(incidents);
        json_decref(schools);
        return page_failed(r);
    }
    json_int_t pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
    json_t *model = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:b, s:b, s:{s:s, s:s}, s:o, s:b}", "title", "Incidenten",
        "incidents", incidents, "total", (json_int_t)total, "page", (json_int_t)f.page, "pages",
        pages, "show_school", is_lead, "filtered", *f.school || *f.rows.severity, "filters",
        "school", f.school, "severity", f.rows.severity, "severity_options",
        severity_options(f.rows.severity), "paged", pages > 1);
    if (schools)
        json_object_set_new(model, "schools", schools);
    json_object_set_new(model, "count_label",
                        json_string(arena_printf(&r->arena, "%lld %s", (long long)total,
                                                 total == 1 ? "incident" : "incidenten")));
    const struct url_param keep[] = {{"school", f.school}, {"severity", f.rows.severity}};
    pagination_links(&r->arena, model, "/incidents", keep, FIELDS_N(keep), f.page, pages);
    return render(r, 200, "incidents/list", model);
}
