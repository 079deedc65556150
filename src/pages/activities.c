/* /activities: the list (search and filters) and one activity with its sessions and
   enrolments. The form to add or change an activity is activity_form.c; the rules and the
   writes are in domain/offer/activities.c, the reads in domain/offer/activities_read.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/offer/activities.h"
#include "domain/offer/activities_read.h"
#include "domain/offer/domains_read.h"
#include "domain/offer/providers.h"
#include "domain/offer/schools_read.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/activities_internal.h"
#include "pages/costs_internal.h"
#include "pages/plans_internal.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/render.h"

enum { PAGE_SIZE = 50, QUERY_MAX = 100 };

/* ---- shared helpers ------------------------------------------------------------------------- */

/* The string value of member key of obj, "" when it is null or missing. */
static const char *str_of(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static int int_of(json_t *obj, const char *key)
{
    return (int)json_integer_value(json_object_get(obj, key));
}

/* "groep 5–8" or "leerjaar 1–3" by the school's kind. Arena-owned. */
static const char *grades_label(struct req *r, const char *kind, int lo, int hi)
{
    const char *noun = kind && !strcmp(kind, "vo") ? "leerjaar" : "groep";
    return lo == hi ? arena_printf(&r->arena, "%s %d", noun, lo)
                    : arena_printf(&r->arena, "%s %d–%d", noun, lo, hi);
}

static json_t *date_labels(const char *from, const char *until)
{
    char a[32], b[32];
    date_label_nl(from, false, a);
    date_label_nl(until, false, b);
    return json_pack("s++", a, " – ", b);
}

int64_t activities_visible_school(struct req *r, int64_t id)
{
    int64_t school_id = scope_activity_school(r, id);
    if (school_id <= 0)
        return school_id;
    if (r->user.role == ROLE_STAFF) {
        int runs = scope_staff_runs(r, id);
        return runs < 0 ? SCOPE_ERROR : runs ? school_id : 0;
    }
    return scope_school(r, school_id) ? school_id : 0;
}

int64_t activities_domain_in(json_t *domains, const char *code)
{
    if (!*code)
        return 0;
    size_t i;
    json_t *row;
    json_array_foreach(domains, i, row)
    {
        if (!strcmp(str_of(row, "code"), code))
            return json_integer_value(json_object_get(row, "id"));
    }
    return -1;
}

/* ---- the list ------------------------------------------------------------------------------- */

/* The filters of the request as the user gave them. */
struct list_query {
    const char *q;      /* title contains (case-insensitive for ASCII); "" = all */
    const char *school; /* school key (lead); "" = all */
    const char *domain; /* domain code; "" = all */
    const char *when;   /* "lopend", "komend", "afgelopen", "archief", "all"; "" = lopend and
                           komend */
    const char *year;   /* a school year "2025-2026"; "" = any */
    char year_from[11], year_until[11]; /* the year's 1 August and 31 July; "" = any */
};

/* The values of ?when= and what each selects; "" (or anything else) is the default. */
static const struct {
    const char *value, *label;
    enum activity_when when;
} when_choices[] = {
    {"", "Lopend en komend", WHEN_CURRENT},
    {"lopend", "Lopend", WHEN_ONGOING},
    {"komend", "Komend", WHEN_COMING},
    {"afgelopen", "Afgelopen", WHEN_ENDED},
    {"archief", "Archief (vorige schooljaren)", WHEN_ARCHIVED},
    {"all", "Alle", WHEN_ALL},
};
enum { N_WHEN = sizeof when_choices / sizeof when_choices[0] };

/* The index in when_choices of value (0, the default, for NULL or an unknown value). */
static size_t when_index(const char *value)
{
    for (size_t i = 1; value && i < N_WHEN; i++)
        if (!strcmp(value, when_choices[i].value))
            return i;
    return 0;
}

/* A school year "YYYY-YYYY" (the second year the next of the first) into its 1 August and
   31 July. 0, or -1 when value is not such a year (then from and until are ""). */
static int parse_school_year(const char *value, char from[11], char until[11])
{
    from[0] = until[0] = '\0';
    if (!value || strlen(value) != 9 || value[4] != '-')
        return -1;
    for (int i = 0; i < 9; i++)
        if (i != 4 && (value[i] < '0' || value[i] > '9'))
            return -1;
    int a = atoi(value), b = atoi(value + 5);
    if (b != a + 1 || a < 1900)
        return -1;
    snprintf(from, 11, "%.4s-08-01", value);
    snprintf(until, 11, "%.4s-07-31", value + 5);
    return 0;
}

/* The when filter's options for the form: [{"value", "label", "selected"}]. New reference. */
static json_t *when_options(const char *selected)
{
    json_t *list = json_array();
    for (size_t i = 0; i < N_WHEN; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", when_choices[i].value,
                                              "label", when_choices[i].label, "selected",
                                              !strcmp(when_choices[i].value, selected)));
    return list;
}

/* The school years of read_activity_years (stolen; NULL passes through) and the current one
   as options: [{"value" ("2025-2026"), "label" ("2025–2026"), "selected"}], newest first. */
static json_t *year_options(json_t *years, const char *selected)
{
    if (!years)
        return NULL;
    int current = atoi(school_year_now().from);
    json_t *list = json_array();
    bool have_current = false;
    size_t i;
    json_t *row;
    json_array_foreach(years, i, row)
    {
        have_current |= int_of(row, "year") == current;
    }
    if (!have_current)
        json_array_insert_new(years, 0, json_pack("{s:i}", "year", current));
    json_array_foreach(years, i, row)
    {
        int y = int_of(row, "year");
        char value[16], label[16];
        snprintf(value, sizeof value, "%d-%d", y, y + 1);
        snprintf(label, sizeof label, "%d–%d", y, y + 1);
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", value, "label", label,
                                              "selected", !strcmp(value, selected)));
    }
    json_decref(years);
    return list;
}

/* The filters of the request into *q, and as a filter limited by the user's scope into *f,
   with domains the rows of read_domains. 0, or -1 when the database failed. */
static int read_filter(struct req *r, json_t *domains, struct list_query *q,
                       struct activity_filter *f)
{
    const char *text = req_query(r, "q"), *school = req_query(r, "school"),
               *domain = req_query(r, "domain"), *year = req_query(r, "year");
    q->q = text ? text : "";
    if (strlen(q->q) > QUERY_MAX * 4)
        q->q = "";
    q->school = r->user.role == ROLE_LEAD && school ? school : "";
    q->domain = domain ? domain : "";
    size_t when = when_index(req_query(r, "when"));
    q->when = when_choices[when].value;
    q->year = parse_school_year(year, q->year_from, q->year_until) ? "" : year;
    *f = (struct activity_filter){
        .school_id = r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0,
        .staff_id = r->user.role == ROLE_STAFF ? r->user.staff_id : 0,
        .q = q->q,
        .domain_id = activities_domain_in(domains, q->domain),
        .when = when_choices[when].when,
        .today = arena_strdup(&r->arena, school_year_now().today),
        .year_from = q->year_from,
        .year_until = q->year_until,
    };
    if (r->user.role != ROLE_COORDINATOR && *q->school) {
        int found = read_school_id(r->db, q->school, &f->school_id);
        if (found < 0)
            return -1;
        if (!found)
            f->school_id = -1; /* an unknown key: nothing matches */
    }
    return 0;
}

/* "lopend", "komend" or "afgelopen" for an activity from .. until seen from today
   (activity_when_at). Static. */
static const char *when_label(const char *from, const char *until, const char *today)
{
    enum activity_when when = activity_when_at(from, until, today);
    return when == WHEN_ENDED ? "afgelopen" : when == WHEN_COMING ? "komend" : "lopend";
}

/* Give a row of read_activities the words of the list. */
static void list_row(struct req *r, json_t *row, const char *today)
{
    const char *state = when_label(str_of(row, "from"), str_of(row, "until"), today);
    json_object_set_new(row, "when", json_string(state));
    int weekday = int_of(row, "weekday");
    int lo = int_of(row, "grade_min"), hi = int_of(row, "grade_max");
    int capacity = int_of(row, "capacity"), enrolled = int_of(row, "enrolled");
    json_object_set_new(row, "weekday_label", json_string(weekday_name(weekday)));
    when_slots_labels(r, row);
    json_object_set_new(row, "grades_label",
                        json_string(grades_label(r, str_of(row, "school_kind"), lo, hi)));
    json_object_del(row, "school_kind");
    json_object_set_new(row, "seats_left",
                        json_integer(capacity > enrolled ? capacity - enrolled : 0));
    char from_label[32], until_label[32];
    date_label_nl(str_of(row, "from"), false, from_label);
    date_label_nl(str_of(row, "until"), false, until_label);
    json_object_set_new(row, "from_label", json_string(from_label));
    json_object_set_new(row, "until_label", json_string(until_label));
    json_object_set_new(row, "full", json_boolean(enrolled >= capacity));
    const char *next = json_string_value(json_object_get(row, "next_session_date"));
    if (next) {
        char next_label[32];
        date_label_nl(next, true, next_label);
        json_object_set_new(row, "next_session_label", json_string(next_label));
    }
}

/* One page of activities matching f, sorted by school and title, each with its domains. New
   reference; NULL when the database failed. */
static json_t *list_rows(struct req *r, const struct activity_filter *f, int64_t offset)
{
    json_t *list = read_activities(r->db, f, PAGE_SIZE, offset);
    const char *today = f->today;
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        json_int_t id = json_integer_value(json_object_get(row, "id"));
        json_t *domains = read_activity_domains(r->db, id);
        if (!domains) {
            json_decref(list);
            return NULL;
        }
        list_row(r, row, today);
        json_object_set_new(row, "domains", domains);
    }
    return list;
}

int page_activities_list(struct req *r)
{
    json_t *domains = read_domains(r->db);
    struct list_query q;
    struct activity_filter f;
    int64_t total;
    if (!domains || read_filter(r, domains, &q, &f) ||
        read_activities_count(r->db, &f, &total) < 0) {
        json_decref(domains);
        return page_failed(r);
    }
    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    const char *page_arg = req_query(r, "page");
    int64_t page = page_arg ? strtoll(page_arg, NULL, 10) : 1;
    if (page < 1 || page > pages)
        page = page < 1 ? 1 : pages;
    json_t *rows = list_rows(r, &f, (page - 1) * PAGE_SIZE);
    json_t *schools = r->user.role == ROLE_LEAD ? read_schools(r->db) : json_array();
    json_t *years = year_options(read_activity_years(r->db, &f), q.year);
    if (!rows || !schools || !years) {
        json_decref(domains);
        json_decref(rows);
        json_decref(schools);
        json_decref(years);
        return page_failed(r);
    }
    json_t *model = json_pack("{s:s, s:I, s:I, s:I, s:b, s:b}", "title", "Activiteiten", "total",
                              (json_int_t)total, "page", (json_int_t)page, "pages",
                              (json_int_t)pages, "can_create", r->user.role != ROLE_STAFF,
                              "show_school", r->user.role != ROLE_COORDINATOR);
    /* Staff work at several schools: where, and the next session's register (issue 10). */
    json_object_set_new(model, "is_staff", json_boolean(r->user.role == ROLE_STAFF));
    json_object_set_new(model, "activities", rows);
    json_object_set_new(model, "filters",
                        json_pack("{s:s, s:s, s:s, s:s, s:s}", "q", q.q, "school", q.school,
                                  "domain", q.domain, "when", q.when, "year", q.year));
    json_object_set_new(model, "when_options", when_options(q.when));
    json_object_set_new(model, "year_options", years);
    json_object_set_new(model, "default_when", json_boolean(!*q.when));
    if (r->user.role == ROLE_LEAD)
        json_object_set_new(model, "schools", page_options(page_values(schools, "key"), "value", q.school));
    else
        json_decref(schools);
    json_object_set_new(model, "domain_options", page_options(page_values(domains, "code"), "value", q.domain));
    const struct url_param keep[] = {{"q", q.q},       {"school", q.school}, {"domain", q.domain},
                                     {"when", q.when}, {"year", q.year}};
    pagination_links(&r->arena, model, "/activities", keep, sizeof keep / sizeof keep[0], page,
                     pages);
    json_object_set_new(model, "filtered",
                        json_boolean(*q.q || *q.school || *q.domain || *q.when || *q.year));
    json_object_set_new(model, "paged", json_boolean(pages > 1));
    json_object_set_new(model, "count_label",
                        json_sprintf("%lld %s", (long long)total,
                                     total == 1 ? "activiteit" : "activiteiten"));
    return render(r, 200, "activities/list", model);
}

/* ---- one activity --------------------------------------------------------------------------- */

/* "20 aug. 2025 19:00" from "2025-08-20T19:00". Arena-owned. */
static const char *moment_label(struct req *r, const char *s)
{
    char day[11], label[32];
    snprintf(day, sizeof day, "%.10s", s);
    date_label_nl(day, false, label);
    return arena_printf(&r->arena, "%s %s", label, strlen(s) > 11 ? s + 11 : "");
}

/* The sign-up window in words. Arena-owned. */
static const char *signup_label(struct req *r, const char *from, const char *until)
{
    if (*from && *until)
        return arena_printf(&r->arena, "van %s tot %s", moment_label(r, from),
                            moment_label(r, until));
    if (*from)
        return arena_printf(&r->arena, "vanaf %s", moment_label(r, from));
    if (*until)
        return arena_printf(&r->arena, "tot %s", moment_label(r, until));
    return "altijd open";
}

/* Give the row of read_activity (the model of the show page) its words, and its provider as
   one member "provider": {"id", "name", "external"}, or null. */
static void activity_words(struct req *r, json_t *m)
{
    int lo = int_of(m, "grade_min"), hi = int_of(m, "grade_max");
    const char *kind = str_of(m, "school_kind"), *open_to = str_of(m, "open_to");
    json_object_set_new(m, "grades_label", json_string(grades_label(r, kind, lo, hi)));
    json_object_set_new(m, "weekday_label", json_string(weekday_name(int_of(m, "weekday"))));
    when_slots_labels(r, m);
    json_object_set_new(m, "open_to_label",
                        json_string(strcmp(open_to, "coalition")
                                        ? "alleen leerlingen van de eigen school"
                                        : "leerlingen van alle scholen van de coalitie"));
    json_object_set_new(m, "grade_heading", json_string(strcmp(kind, "vo") ? "Groep" : "Leerjaar"));
    json_t *provider_id = json_object_get(m, "provider_id");
    json_object_set_new(m, "provider",
                        json_is_null(provider_id)
                            ? json_null()
                            : json_pack("{s:O, s:s, s:O}", "id", provider_id, "name",
                                        str_of(m, "provider_name"), "external",
                                        json_object_get(m, "provider_external")));
    json_object_del(m, "provider_id");
    json_object_del(m, "provider_name");
    json_object_del(m, "provider_external");
    json_object_set_new(m, "period_label", date_labels(str_of(m, "from"), str_of(m, "until")));
    json_object_set_new(m, "signup_label", json_string(signup_label(r, str_of(m, "signup_from"),
                                                                    str_of(m, "signup_until"))));
}

/* Give the staff rows of read_activity_staff their words; in the school's view whether their
   VOG is a problem. */
static void staff_words(struct req *r, json_t *staff, bool school_view)
{
    int32_t today = date_today();
    size_t i;
    json_t *row;
    json_array_foreach(staff, i, row)
    {
        json_object_set_new(row, "level_label",
                            json_string(staff_level_label(str_of(row, "level"))));
        if (school_view) {
            char until[11];
            enum vog_status vog = vog_check(str_of(row, "vog_date"), today,
                                            r->app->cfg.vog_valid_years, until);
            bool problem = vog_problem(vog, json_is_true(json_object_get(row, "external")));
            json_object_set_new(row, "vog_problem", json_boolean(problem));
            json_object_set_new(row, "vog_label",
                                json_string(vog == VOG_VALID     ? "VOG geldig"
                                            : vog == VOG_EXPIRED ? "VOG verlopen"
                                                                 : "geen VOG"));
        }
        json_object_del(row, "vog_date");
        json_object_del(row, "external");
    }
}

/* Give the session rows of read_activity_sessions their words and state: "moved" (from the
   activity's start and end), "other_date", "date_label", "slot_label", "past", "due". */
static void sessions_words(json_t *sessions)
{
    char today[11];
    date_format(date_today(), today);
    size_t i;
    json_t *row;
    json_array_foreach(sessions, i, row)
    {
        const char *date = str_of(row, "date"), *slot = str_of(row, "slot_date");
        char date_label[32], slot_label[32];
        date_label_nl(date, true, date_label);
        date_label_nl(slot, true, slot_label);
        bool moved = strcmp(date, slot) || strcmp(str_of(row, "start"), str_of(row, "slot_start")) ||
                     strcmp(str_of(row, "end"), str_of(row, "slot_end"));
        bool cancelled = json_is_true(json_object_get(row, "cancelled"));
        json_object_set_new(row, "moved", json_boolean(moved));
        json_object_set_new(row, "other_date", json_boolean(strcmp(date, slot) != 0));
        json_object_set_new(row, "date_label", json_string(date_label));
        json_object_set_new(row, "slot_label", json_string(slot_label));
        json_object_set_new(row, "past", json_boolean(strcmp(date, today) < 0));
        /* held, so its register can be taken */
        json_object_set_new(row, "due", json_boolean(!cancelled && strcmp(date, today) <= 0));
    }
}

/* Give the enrolment rows of read_activity_enrolments their words; safety notes and the
   priority flag stay only in the school's view. */
static void enrolments_words(json_t *enrolments, bool school_view)
{
    size_t i;
    json_t *row;
    json_array_foreach(enrolments, i, row)
    {
        const char *status = str_of(row, "status");
        json_object_set_new(row, "status_label", json_string(enrolment_status_label(status)));
        json_object_set_new(row, "waitlisted", json_boolean(!strcmp(status, "waitlisted")));
        json_object_set_new(row, "cancelled", json_boolean(!strcmp(status, "cancelled")));
        if (!school_view) {
            json_object_del(row, "safety_notes");
            json_object_del(row, "priority");
        }
    }
}

/* The pupils the school may still sign up directly (e.g. priority pupils), as options:
   [{"id", "label", "priority"}]. Of the coordinator's school (the lead: the activity's
   school). New reference; NULL when the database failed. */
static json_t *pupils_to_enrol(struct req *r, int64_t activity_id)
{
    char today[11];
    date_format(date_today(), today);
    json_t *rows = read_activity_candidates(
        r->db, activity_id, r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0, today);
    if (!rows)
        return NULL;
    json_t *list = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(rows, i, p)
    {
        const char *klass = str_of(p, "class");
        bool priority = json_is_true(json_object_get(p, "priority"));
        json_array_append_new(
            list, json_pack("{s:O, s:s, s:b}", "id", json_object_get(p, "id"), "label",
                            arena_printf(&r->arena, "%s, %s (%d%s%s)%s", str_of(p, "last_name"),
                                         str_of(p, "first_name"), int_of(p, "grade"),
                                         *klass ? ", " : "", klass,
                                         priority ? " – doelgroep" : ""),
                            "priority", priority));
    }
    json_decref(rows);
    return list;
}

/* Counts over the enrolments and sessions already in the model. */
static void add_counts(json_t *m)
{
    json_int_t enrolled = 0, waitlisted = 0, cancelled = 0, sessions = 0, dropped = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(m, "enrolments"), i, row)
    {
        const char *status = json_string_value(json_object_get(row, "status"));
        enrolled += !strcmp(status, "enrolled");
        waitlisted += !strcmp(status, "waitlisted");
        cancelled += !strcmp(status, "cancelled");
    }
    json_array_foreach(json_object_get(m, "sessions"), i, row)
    {
        sessions++;
        dropped += json_is_true(json_object_get(row, "cancelled"));
    }
    json_int_t capacity = json_integer_value(json_object_get(m, "capacity"));
    json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "enrolled", enrolled,
                               "waitlisted", waitlisted, "cancelled", cancelled, "seats_left",
                               capacity > enrolled ? capacity - enrolled : 0, "sessions",
                               sessions - dropped, "sessions_cancelled", dropped);
    if (dropped) /* for the page only: "19 bijeenkomsten, 1 vervallen" */
        json_object_set_new(counts, "cancelled_note",
                            json_sprintf("%lld vervallen", (long long)dropped));
    json_object_set_new(m, "counts", counts);
}

/* Set member key of m to list (stolen); 0, or -1 when list is NULL (a read that failed). */
static int set_list(json_t *m, const char *key, json_t *list)
{
    if (!list)
        return -1;
    json_object_set_new(m, key, list);
    return 0;
}

int activities_model(struct req *r, int64_t id, bool school_view, json_t **out)
{
    json_t *m;
    int found = read_activity(r->db, id, &m);
    *out = NULL;
    if (found <= 0)
        return found;
    activity_words(r, m);
    json_t *staff = read_activity_staff(r->db, id), *sessions = read_activity_sessions(r->db, id);
    json_t *enrolments = read_activity_enrolments(r->db, id);
    if (staff)
        staff_words(r, staff, school_view);
    if (sessions)
        sessions_words(sessions);
    if (enrolments)
        enrolments_words(enrolments, school_view);
    int failed = set_list(m, "domains", read_activity_domains(r->db, id));
    failed |= set_list(m, "staff", staff);
    failed |= set_list(m, "sessions", sessions);
    failed |= set_list(m, "enrolments", enrolments);
    failed |= set_list(m, "slots", read_activity_slots(r->db, id)); /* words: slots_label */
    if (!failed) {
        add_counts(m);
        json_object_set_new(m, "can_edit", json_boolean(school_view));
        if (school_view && !r->wants_json) { /* for the page's forms only */
            failed |= set_list(m, "pupils_to_enrol", pupils_to_enrol(r, id));
            json_object_set_new(m, "activity_id", json_integer(id));
        }
        json_object_set_new(m, "show_school", json_boolean(r->user.role == ROLE_LEAD));
    }
    if (failed) {
        json_decref(m);
        return -1;
    }
    *out = m;
    return 1;
}

int page_activity_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t visible = activities_visible_school(r, id);
    if (visible < 0)
        return page_failed(r);
    if (!visible)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    json_t *model;
    int found = activities_model(r, id, r->user.role != ROLE_STAFF, &model);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    /* issue 15: the plan's state and the visits (pages/plans.c, visits.c) */
    /* issue 15, part 4: the costs, for the lead and the school's coordinator (pages/costs.c) */
    int64_t school = scope_activity_school(r, id);
    if (plans_on_activity(r, id, model) || visits_on_activity(r, id, model) || school < 0 ||
        costs_on_activity(r, id, school, model)) {
        json_decref(model);
        return page_failed(r);
    }
    return render(r, 200, "activities/show", model);
}
