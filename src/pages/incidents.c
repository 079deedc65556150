/* Safety incidents: /sessions/{id}/incidents/new and its POST report one (the staff of the
   activity, the coordinator, the lead); /incidents lists them newest first (coordinator: the
   own school; lead: all, with a filter per school) and /incidents/{id} shows one. Incidents are
   never changed or deleted. The rules are domain/incidents.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/activities.h"
#include "domain/quality/incidents.h"
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
    {.name = "measures", .label = "Genomen maatregelen", .type = FIELD_TEXTAREA,
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
    {.name = "measures", .label = "Genomen maatregelen"},
    {.name = "severity", .label = "Ernst"},
};

/* The pupils that may be named at the session, as checkboxes: [{"id", "name", "checked",
   "first"}]. New reference. */
static json_t *pupil_choices(struct req *r, int64_t session_id, json_t *checked)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, INCIDENT_PUPIL_CHOICES_SQL);
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, session_id);
    bool first = true;
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_int_t id = sqlite3_column_int64(st, 0);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:b, s:b}", "id", id, "name",
                            arena_printf(&r->arena, "%s %s", db_col_text(st, 1),
                                         db_col_text(st, 2)),
                            "checked", form_ticked_id(checked, id), "first", first));
        first = false;
    }
    sqlite3_reset(st);
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

/* The form's model: ctx (stolen) with values and errors (stolen; errors may be NULL). */
static json_t *form_model(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    int64_t session_id = json_integer_value(json_object_get(json_object_get(ctx, "session"),
                                                            "id"));
    json_object_set_new(ctx, "title", json_string("Incident melden"));
    json_object_set_new(ctx, "pupil_choices",
                        pupil_choices(r, session_id, json_object_get(values, "pupils")));
    json_object_set_new(ctx, "severity_options",
                        severity_options(form_str(values, "severity")));
    json_object_set_new(ctx, "values", values);
    json_object_set_new(ctx, "errors", errors ? errors : json_object());
    return ctx;
}

int page_incident_new(struct req *r)
{
    json_t *ctx = session_context(r, r->path_ids[0]);
    if (!ctx)
        return render_error(r, 404, NO_SESSION);
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
    return render(r, 200, "incidents/form", form_model(r, ctx, values, NULL));
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

static void add_problems(json_t *errors, struct incident_problem *problems, size_t max,
                         size_t n)
{
    struct problems list = PROBLEMS(struct incident_problem, problems, max);
    form_add_problems(errors, &list, n);
}

static int show_errors(struct req *r, json_t *ctx, json_t *values, json_t *errors)
{
    return form_show_errors(r, "incidents/form", form_model(r, ctx, values, errors),
                            summary_fields, FIELDS_N(summary_fields));
}

static json_t *incident_model(struct req *r, int64_t id);

int page_incident_create(struct req *r)
{
    int64_t session_id = r->path_ids[0];
    json_t *ctx = session_context(r, session_id);
    if (!ctx)
        return render_error(r, 404, NO_SESSION);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, incident_fields, FIELDS_N(incident_fields), values, errors);
    /* The domain words an empty field and an unknown severity better than the generic check. */
    for (size_t i = 0; i < FIELDS_N(incident_fields); i++) {
        const char *name = incident_fields[i].name;
        if (!*form_str(values, name) || incident_fields[i].type == FIELD_CHOICE)
            json_object_del(errors, name);
    }
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
    struct incident_problem problems[8];
    size_t max = FIELDS_N(problems);
    if (json_object_size(errors)) {
        int n = incident_check(r->db, session_id, &in, today, problems, max);
        if (n > 0)
            add_problems(errors, problems, max, (size_t)n);
        return show_errors(r, ctx, values, errors);
    }
    size_t n_problems = 0;
    int64_t id = 0;
    enum incident_result rc = incident_create(r->db, r->user.id, session_id, &in, today,
                                              problems, max, &n_problems, &id);
    if (rc == INCIDENT_INVALID) {
        add_problems(errors, problems, max, n_problems);
        return show_errors(r, ctx, values, errors);
    }
    json_decref(ctx);
    json_decref(values);
    json_decref(errors);
    if (rc == INCIDENT_NOT_FOUND)
        return render_error(r, 404, NO_SESSION);
    if (rc != INCIDENT_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *m = incident_model(r, id);
        json_t *incident = json_incref(json_object_get(m, "incident"));
        json_decref(m);
        return respond_json(r, 201, incident);
    }
    session_flash(r, "Het incident is vastgelegd.");
    return respond_redirect(r, arena_printf(&r->arena, "/incidents/%lld", (long long)id));
}

/* ---- GET /incidents/{id} -------------------------------------------------------------------- */

/* May this user see an incident of school_id at activity_id (0: the activity is gone)? */
static bool incident_visible(struct req *r, int64_t school_id, int64_t activity_id)
{
    if (r->user.role == ROLE_STAFF)
        return activity_id && scope_staff_runs(r, activity_id) == 1;
    return scope_school(r, school_id);
}

static json_t *incident_pupils(struct req *r, int64_t id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT p.id, p.first_name, p.last_name"
                                      " FROM incident_pupils x JOIN pupils p ON p.id = x.pupil_id"
                                      " WHERE x.incident_id = ?1"
                                      " ORDER BY p.first_name, p.last_name, p.id");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id",
                                              (json_int_t)sqlite3_column_int64(st, 0),
                                              "first_name", db_col_text(st, 1), "last_name",
                                              db_col_text(st, 2)));
    sqlite3_reset(st);
    return list;
}

/* The incident's session as {"id", "date", "date_label"}. New reference. */
static json_t *session_ref(int64_t id, const char *date)
{
    char label[32];
    date_label_nl(date, true, label);
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "date", date, "date_label", label);
}

/* {"title", "incident": {…}, "can_open_pupils"} for incident id, or NULL when there is none
   or the user may not see it. New reference. */
static json_t *incident_model(struct req *r, int64_t id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT i.school_id, sc.name, i.activity_id, a.title, i.session_id, s.date,"
               " i.occurred_on, i.what, i.involved, i.measures, i.severity, i.created_at,"
               " coalesce(nullif(u.name, ''), u.email, 'verwijderd account')"
               " FROM incidents i JOIN schools sc ON sc.id = i.school_id"
               " LEFT JOIN activities a ON a.id = i.activity_id"
               " LEFT JOIN sessions s ON s.id = i.session_id"
               " LEFT JOIN users u ON u.id = i.reported_by WHERE i.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *incident = NULL;
    int64_t school_id = 0, activity_id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        char occurred_label[32];
        date_label_nl(db_col_text(st, 6), true, occurred_label);
        school_id = sqlite3_column_int64(st, 0);
        activity_id = sqlite3_column_int64(st, 2);
        const char *severity = db_col_text(st, 10);
        incident = json_pack(
            "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
            (json_int_t)id, "school_id", (json_int_t)school_id, "school", db_col_text(st, 1),
            "occurred_on", db_col_text(st, 6), "occurred_label", occurred_label, "what",
            db_col_text(st, 7), "involved", db_col_text(st, 8), "measures", db_col_text(st, 9),
            "severity", severity, "severity_label", incident_severity_label(severity),
            "created_at", db_col_text(st, 11), "reported_by", db_col_text(st, 12));
        json_object_set_new(incident, "serious", json_boolean(!strcmp(severity, "hoog")));
        json_object_set_new(incident, "activity",
                            activity_id ? json_pack("{s:I, s:s}", "id", (json_int_t)activity_id,
                                                    "title", db_col_text(st, 3))
                                        : json_null());
        json_object_set_new(incident, "session",
                            sqlite3_column_type(st, 4) == SQLITE_NULL
                                ? json_null()
                                : session_ref(sqlite3_column_int64(st, 4),
                                              db_col_text(st, 5)));
    }
    sqlite3_reset(st);
    if (!incident)
        return NULL;
    if (!incident_visible(r, school_id, activity_id)) {
        json_decref(incident);
        return NULL;
    }
    json_object_set_new(incident, "pupils", incident_pupils(r, id));
    return json_pack("{s:s, s:o, s:b}", "title", "Incident", "incident", incident,
                     "can_open_pupils", r->user.role != ROLE_STAFF);
}

int page_incident_show(struct req *r)
{
    json_t *m = incident_model(r, r->path_ids[0]);
    if (!m)
        return render_error(r, 404, NO_INCIDENT);
    return render(r, 200, "incidents/show", m);
}

/* ---- GET /incidents ------------------------------------------------------------------------- */

struct list_filter {
    const char *school;   /* school key (lead); "" = all */
    int64_t school_id;    /* 0 = all, -1 = an unknown key (nothing matches) */
    const char *severity; /* "" = all */
    long long page;       /* from 1 */
};

#define LIST_WHERE                                                                              \
    " WHERE (?1 = 0 OR i.school_id = ?1) AND (?2 = '' OR i.severity = ?2)"

static void bind_filter(sqlite3_stmt *st, const struct list_filter *f)
{
    sqlite3_bind_int64(st, 1, f->school_id);
    db_bind_text(st, 2, f->severity);
}

static json_int_t count_incidents(struct req *r, const struct list_filter *f)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT count(*) FROM incidents i" LIST_WHERE);
    if (!st)
        return 0;
    bind_filter(st, f);
    json_int_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

/* One page of incidents, newest first. New reference. */
static json_t *list_incidents(struct req *r, const struct list_filter *f)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT i.id, i.occurred_on, sc.key, sc.name, a.title, i.severity,"
               " substr(i.what, 1, ?3), length(i.what) > ?3,"
               " coalesce(nullif(u.name, ''), u.email, 'verwijderd account'),"
               " (SELECT count(*) FROM incident_pupils x WHERE x.incident_id = i.id)"
               " FROM incidents i JOIN schools sc ON sc.id = i.school_id"
               " LEFT JOIN activities a ON a.id = i.activity_id"
               " LEFT JOIN users u ON u.id = i.reported_by" LIST_WHERE
               " ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?4 OFFSET ?5");
    if (!st)
        return list;
    bind_filter(st, f);
    sqlite3_bind_int(st, 3, SUMMARY_CHARS);
    sqlite3_bind_int(st, 4, PER_PAGE);
    sqlite3_bind_int64(st, 5, (f->page - 1) * PER_PAGE);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char label[32];
        date_label_nl(db_col_text(st, 1), false, label);
        const char *severity = db_col_text(st, 5);
        const char *summary = sqlite3_column_int(st, 7)
                                  ? arena_printf(&r->arena, "%s…", db_col_text(st, 6))
                                  : db_col_text(st, 6);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:s}",
                            "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "occurred_on",
                            db_col_text(st, 1), "occurred_label", label, "school_key",
                            db_col_text(st, 2), "school", db_col_text(st, 3), "activity",
                            db_col_text(st, 4), "severity", severity, "serious",
                            !strcmp(severity, "hoog"), "severity_label",
                            incident_severity_label(severity), "summary", summary, "pupils",
                            (json_int_t)sqlite3_column_int64(st, 9), "reported_by",
                            db_col_text(st, 8)));
    }
    sqlite3_reset(st);
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

/* The filter from the query: a coordinator's school is always the own one. */
static struct list_filter read_filter(struct req *r)
{
    const char *school = req_query(r, "school"), *severity = req_query(r, "severity");
    struct list_filter f = {
        .school = r->user.role == ROLE_LEAD && school ? school : "",
        .severity = severity && is_severity(severity) ? severity : "",
        .page = query_int(r, "page", 1, PAGE_MAX, 1),
    };
    if (r->user.role == ROLE_COORDINATOR)
        f.school_id = r->user.school_id;
    else if (*f.school)
        f.school_id = db_int_text(r->db, "SELECT id FROM schools WHERE key = ?1", f.school, 0,
                                  0, -1);
    return f;
}

int page_incidents_list(struct req *r)
{
    struct list_filter f = read_filter(r);
    bool is_lead = r->user.role == ROLE_LEAD;
    json_int_t total = count_incidents(r, &f);
    json_int_t pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
    json_t *model = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:b, s:b, s:{s:s, s:s}, s:o, s:b}", "title", "Incidenten",
        "incidents", list_incidents(r, &f), "total", total, "page", (json_int_t)f.page, "pages",
        pages, "show_school", is_lead, "filtered", *f.school || *f.severity, "filters",
        "school", f.school, "severity", f.severity, "severity_options",
        severity_options(f.severity), "paged", pages > 1);
    if (is_lead) {
        static const char *const keys[] = {"value", "name", NULL};
        json_object_set_new(model, "schools",
                            page_options_sql(r, "SELECT key, name FROM schools ORDER BY name", keys,
                                         f.school));
    }
    json_object_set_new(model, "count_label",
                        json_string(arena_printf(&r->arena, "%lld %s", (long long)total,
                                                 total == 1 ? "incident" : "incidenten")));
    const struct url_param keep[] = {{"school", f.school}, {"severity", f.severity}};
    pagination_links(&r->arena, model, "/incidents", keep, FIELDS_N(keep), f.page, pages);
    return render(r, 200, "incidents/list", model);
}
