/* The activity book (activiteitenboek, issue 5): the coalition's shared catalogue, read by the
   lead, the coordinators and staff alike (coalition-wide by design: schools learn from each
   other's activities; read only); parents get 403 from the route.
   - GET /activity-book: every activity whose run overlaps the period, with its goal, domains,
     provider, grades, intensity, attendance, involvement and evaluations; filters on domain
     (code), grade, school (key), provider (key) and free text; sorting; pages of 50. The
     period is from/to as on /reports/coverage (default: the current school year). A filter
     that is not valid comes back on the form with a Dutch message and the input kept (422;
     JSON {"error", "fields"}).
   - GET /activity-book/{id}: one activity with its figures this school year, last school year
     and over its whole run, and its evaluations by date and the author's role. No incidents
     and no names of pupils or authors (privacy).
   The figures are domain/activity_book.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities.h"
#include "domain/offer/domains_read.h"
#include "domain/offer/schools_read.h"
#include "domain/reports/activity_book.h"
#include "domain/reports/activity_book_read.h"
#include "domain/quality/evaluations.h"
#include "domain/reports/reports.h"
#include "http/form.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/report_page.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "util/date.h"
#include "util/utf8.h"
#include "view/i18n.h"
#include "view/render.h"

static const char *const TITLE = "Activiteitenboek";

/* The filter form's fields, for the error summary (the checks are read_filter's). */
static const struct field filter_fields[] = {
    {"q", "Zoeken", FIELD_TEXT, false, BOOK_TEXT_MAX, 0, 0, NULL},
    {"domain", "Domein", FIELD_TEXT, false, 0, 0, 0, NULL},
    {"grade", "Groep of leerjaar", FIELD_INT, false, 0, 1, 8, NULL},
    {"school", "School", FIELD_TEXT, false, 0, 0, 0, NULL},
    {"provider", "Aanbieder", FIELD_TEXT, false, 0, 0, 0, NULL},
    {"from", "Van", FIELD_DATE, false, 10, 0, 0, NULL},
    {"to", "Tot en met", FIELD_DATE, false, 10, 0, 0, NULL},
    {"sort", "Sorteren op", FIELD_TEXT, false, 0, 0, 0, NULL},
    {"dir", "Volgorde", FIELD_TEXT, false, 0, 0, 0, NULL},
    {"page", "Pagina", FIELD_INT, false, 0, 1, BOOK_PAGE_MAX, NULL},
};

static const char *const sort_labels[] = {
    "Titel",         "School",       "Aanbieder",   "Gehouden bijeenkomsten",
    "Uren per deelnemer", "Aanwezigheid", "Betrokkenheid", "Aantal nabesprekingen"};

/* ---- reading the filter ---------------------------------------------------------------------- */

/* The query parameter name, or "" when absent. */
static const char *param(const struct req *r, const char *name)
{
    const char *v = req_query(r, name);
    return v ? v : "";
}

/* A whole number of digits only within [min, max]; false otherwise. */
static bool whole_number(const char *s, long long min, long long max, long long *out)
{
    if (!*s || strlen(s) > 9)
        return false;
    long long v = 0;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9')
            return false;
        v = v * 10 + (*c - '0');
    }
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Text people may search for: valid UTF-8 without control characters, at most
   BOOK_TEXT_MAX characters. */
static const char *text_problem(const char *s)
{
    size_t n = strlen(s);
    if (!utf8_valid(s, n))
        return "Gebruik alleen gewone tekst.";
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return "Gebruik alleen gewone tekst, zonder regeleinden.";
    if (utf8_length(s) > BOOK_TEXT_MAX)
        return "Gebruik hoogstens 100 tekens.";
    return NULL;
}

/* What the filter's selects choose from: every domain, school and provider, each row with its
   "id" and, for the select, "value" (the code or key the query names it by) and "name". */
struct choices {
    json_t *domains, *schools, *providers;
};

/* Read the choices into c. 0, or -1 when a read failed (then nothing is held). */
static int choices_read(struct req *r, struct choices *c)
{
    c->domains = page_values(read_domains(r->db), "code");
    c->schools = page_values(read_schools(r->db), "key");
    c->providers = read_book_providers(r->db);
    if (c->domains && c->schools && c->providers)
        return 0;
    json_decref(c->domains);
    json_decref(c->schools);
    json_decref(c->providers);
    return -1;
}

/* The id of the row of rows whose "value" is value, or 0 when there is none (also for text
   that is not valid UTF-8). */
static int64_t id_of(json_t *rows, const char *value)
{
    if (!utf8_valid(value, strlen(value)))
        return 0;
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        if (!strcmp(json_string_value(json_object_get(row, "value")), value))
            return json_integer_value(json_object_get(row, "id"));
    }
    return 0;
}

static int sort_of(const char *name)
{
    for (int i = 0; book_sort_names[i]; i++)
        if (!strcmp(book_sort_names[i], name))
            return i;
    return -1;
}

/* Read every filter of the query into q, with a Dutch message per bad one in errors
   (borrowed); domains, schools and providers are looked up in c. The period is
   report_period_read's. Returns the number of bad filters. */
static int read_filter(struct req *r, const struct choices *c, struct book_query *q,
                       json_t *errors)
{
    int bad = 0;
#define REFUSE(field, message)                                                                   \
    do {                                                                                         \
        json_object_set_new(errors, field, json_string(message));                                \
        bad++;                                                                                   \
    } while (0)
    const char *text = param(r, "q"), *problem = text_problem(text);
    if (problem)
        REFUSE("q", problem);
    else
        q->filter.text = text;
    const char *domain = param(r, "domain");
    if (*domain && !(q->filter.domain_id = id_of(c->domains, domain)))
        REFUSE("domain", "Onbekend domein: kies een domein uit de lijst.");
    long long number = 0;
    const char *grade = param(r, "grade");
    if (*grade && !whole_number(grade, 1, 8, &number))
        REFUSE("grade", "Kies een groep of leerjaar van 1 tot en met 8.");
    q->filter.grade = (int)number;
    const char *school = param(r, "school");
    if (*school && !(q->filter.school_id = id_of(c->schools, school)))
        REFUSE("school", "Onbekende school: kies een school uit de lijst.");
    const char *provider = param(r, "provider");
    if (*provider && !(q->filter.provider_id = id_of(c->providers, provider)))
        REFUSE("provider", "Onbekende aanbieder: kies een aanbieder uit de lijst.");
    struct report_period period;
    if (report_period_read(param(r, "from"), param(r, "to"), q->today, &period))
        REFUSE(period.field, req_text(r, period.key));
    memcpy(q->from, period.from, sizeof q->from);
    memcpy(q->to, period.to, sizeof q->to);
    const char *sort = param(r, "sort");
    int s = *sort ? sort_of(sort) : BOOK_SORT_TITLE;
    if (s < 0)
        REFUSE("sort", "Kies waarop u wilt sorteren uit de lijst.");
    q->sort = s < 0 ? BOOK_SORT_TITLE : (enum book_sort)s;
    const char *dir = param(r, "dir");
    if (*dir && strcmp(dir, "asc") && strcmp(dir, "desc"))
        REFUSE("dir", "Kies oplopend of aflopend.");
    q->descending = *dir ? !strcmp(dir, "desc") : book_sort_is_figure(q->sort);
    const char *page = param(r, "page");
    q->page = 1;
    if (*page && !whole_number(page, 1, BOOK_PAGE_MAX, &q->page))
        REFUSE("page", "Kies een pagina van 1 tot en met 10000.");
#undef REFUSE
    return bad;
}

/* ---- numbers and words as people read them --------------------------------------------------- */

/* A JSON number as Dutch text with a decimal comma and unit ("85,3%"), or "–" for null.
   Arena-owned. */
static const char *dutch(struct req *r, json_t *number, const char *unit)
{
    return dutch_figure(r, json_is_number(number), json_number_value(number), unit);
}

static const char *grades_label(struct req *r, json_t *a)
{
    json_t *school = json_object_get(a, "school"), *grades = json_object_get(a, "grades");
    const char *kind = json_string_value(json_object_get(school, "kind"));
    const char *noun = kind && !strcmp(kind, "vo") ? "leerjaar" : "groep";
    json_int_t lo = json_integer_value(json_object_get(grades, "min"));
    json_int_t hi = json_integer_value(json_object_get(grades, "max"));
    return lo == hi ? arena_printf(&r->arena, "%s %lld", noun, (long long)lo)
                    : arena_printf(&r->arena, "%s %lld–%lld", noun, (long long)lo, (long long)hi);
}

static void set_label(json_t *obj, const char *key, const char *value)
{
    json_object_set_new(obj, key, json_string(value));
}

/* The labels of an activity's figures into its object: sessions, hours per participant,
   attendance, involvement, the plan. */
static void figure_labels(struct req *r, json_t *a)
{
    set_label(a, "mean_hours_label", dutch(r, json_object_get(a, "mean_hours"), ""));
    set_label(a, "hours_label", dutch(r, json_object_get(a, "hours"), ""));
    set_label(a, "attendance_label", dutch(r, json_object_get(a, "attendance_pct"), "%"));
    set_label(a, "involvement_label", dutch(r, json_object_get(a, "involvement"), ""));
    set_label(a, "planned_hours_label", dutch(r, json_object_get(a, "planned_hours"), ""));
    json_object_set_new(a, "has_sessions",
                        json_boolean(json_integer_value(json_object_get(a, "sessions")) > 0));
}

/* The words the list and the page show beside an activity's data. */
static void activity_labels(struct req *r, json_t *a)
{
    json_int_t id = json_integer_value(json_object_get(a, "id"));
    set_label(a, "href", arena_printf(&r->arena, "/activity-book/%lld", (long long)id));
    set_label(a, "grades_label", grades_label(r, a));
    json_t *grades = json_object_get(a, "grades");
    set_label(a, "span",
              when_activity_span(
                  r, json_string_value(json_object_get(json_object_get(a, "school"), "kind")),
                  (int)json_integer_value(json_object_get(grades, "min")),
                  (int)json_integer_value(json_object_get(grades, "max")),
                  json_string_value(json_object_get(a, "date_from")),
                  json_string_value(json_object_get(a, "date_until"))));
    set_label(a, "weekday_label",
              weekday_name((int)json_integer_value(json_object_get(a, "weekday"))));
    when_slots_labels(r, a);
    char from[32], until[32];
    date_label_nl(json_string_value(json_object_get(a, "date_from")), false, from);
    date_label_nl(json_string_value(json_object_get(a, "date_until")), false, until);
    set_label(a, "run_label", arena_printf(&r->arena, "%s – %s", from, until));
    set_label(a, "open_to_label",
              !strcmp(json_string_value(json_object_get(a, "open_to")), "coalition")
                  ? "open voor de hele coalitie" : "alleen voor de eigen school");
    figure_labels(r, a);
    json_t *latest = json_object_get(json_object_get(a, "evaluations"), "latest");
    if (json_is_object(latest)) {
        char date[32];
        date_label_nl(json_string_value(json_object_get(latest, "date")), false, date);
        set_label(latest, "date_label", date);
        set_label(latest, "as_planned_label",
                  evaluation_plan_label(json_string_value(json_object_get(latest, "as_planned"))));
    }
}

/* ---- the list -------------------------------------------------------------------------------- */

static json_t *grade_options(const char *selected)
{
    json_t *list = json_array();
    for (int g = 1; g <= 8; g++) {
        char value[2] = {(char)('0' + g), '\0'};
        json_array_append_new(list, json_pack("{s:s, s:b}", "value", value, "selected",
                                              !strcmp(selected, value)));
    }
    return list;
}

static json_t *sort_options(enum book_sort sort)
{
    json_t *list = json_array();
    for (int i = 0; i < BOOK_SORT_COUNT; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", book_sort_names[i],
                                              "name", sort_labels[i], "selected", i == (int)sort));
    return list;
}

/* The form's values as typed and its select options (c's lists, stolen). New reference. */
static json_t *form_model(struct req *r, const struct book_query *q, json_t *errors,
                          struct choices *c)
{
    static const char *const names[] = {"q", "domain", "grade", "school", "provider",
                                        "from", "to", "sort", "dir", "page"};
    json_t *values = json_object();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        json_object_set_new(values, names[i], json_string(utf8_valid(param(r, names[i]),
                                                                     strlen(param(r, names[i])))
                                                              ? param(r, names[i]) : ""));
    if (!*param(r, "from") && !json_object_get(errors, "from"))
        json_object_set_new(values, "from", json_string(q->from));
    if (!*param(r, "to") && !json_object_get(errors, "to"))
        json_object_set_new(values, "to", json_string(q->to));
    json_t *model = json_pack("{s:s, s:o, s:O, s:o}", "title", TITLE, "values", values,
                              "errors", errors, "error_list",
                              form_error_list(filter_fields, FIELDS_N(filter_fields), errors));
    const char *domain = param(r, "domain"), *school = param(r, "school"),
               *provider = param(r, "provider");
    json_object_set_new(model, "domains", page_options(c->domains, "value", domain));
    json_object_set_new(model, "schools", page_options(c->schools, "value", school));
    json_object_set_new(model, "providers", page_options(c->providers, "value", provider));
    json_object_set_new(model, "grades", grade_options(param(r, "grade")));
    json_object_set_new(model, "sorts", sort_options(q->sort));
    json_object_set_new(model, "descending", json_boolean(q->descending));
    return model;
}

/* The parameters the list's links keep: the filter, without the page. */
static const char *const kept_names[] = {"q",    "domain", "grade", "school", "provider",
                                         "from", "to",     "sort",  "dir"};
enum { N_KEPT = sizeof kept_names / sizeof kept_names[0] };

/* The filter as link parameters (what the query held, checked already). */
static void keep_filter(struct req *r, struct url_param keep[N_KEPT])
{
    for (size_t i = 0; i < N_KEPT; i++)
        keep[i] = (struct url_param){kept_names[i], param(r, kept_names[i])};
}

int page_activity_book(struct req *r)
{
    struct book_query q = {.per_page = BOOK_PER_PAGE};
    date_format(date_today(), q.today);
    struct choices choices;
    if (choices_read(r, &choices))
        return page_failed(r);
    json_t *errors = json_object();
    int bad = read_filter(r, &choices, &q, errors);
    json_t *model = form_model(r, &q, errors, &choices);
    json_decref(errors);
    if (bad) {
        json_object_set_new(model, "refused", json_true());
        return render_form_errors(r, "activity_book/list", model);
    }
    json_t *activities;
    long long total;
    if (book_list(r->db, &q, &activities, &total)) {
        json_decref(model);
        return render_error(r, 500, "Het activiteitenboek kan nu niet worden geladen.");
    }
    size_t i;
    json_t *a;
    json_array_foreach(activities, i, a)
    {
        activity_labels(r, a);
    }
    long long pages = total ? (total + BOOK_PER_PAGE - 1) / BOOK_PER_PAGE : 1;
    json_object_set_new(model, "activities", activities);
    json_object_set_new(model, "from", json_string(q.from));
    json_object_set_new(model, "to", json_string(q.to));
    json_object_set_new(model, "from_label", json_string(when_day(r, q.from)));
    json_object_set_new(model, "to_label", json_string(when_day(r, q.to)));
    json_object_set_new(model, "sort", json_string(book_sort_names[q.sort]));
    json_object_set_new(model, "dir", json_string(q.descending ? "desc" : "asc"));
    json_object_set_new(model, "total", json_integer(total));
    json_object_set_new(model, "page", json_integer(q.page));
    json_object_set_new(model, "pages", json_integer(pages));
    json_object_set_new(model, "per_page", json_integer(BOOK_PER_PAGE));
    json_object_set_new(model, "paged", json_boolean(pages > 1));
    json_object_set_new(model, "has_activities", json_boolean(json_array_size(activities) > 0));
    json_object_set_new(model, "count_label",
                        json_string(arena_printf(&r->arena, "%lld %s", total,
                                                 total == 1 ? "activiteit" : "activiteiten")));
    struct url_param keep[N_KEPT];
    keep_filter(r, keep);
    if (total && q.page > pages)
        set_label(model, "first_href", url_page(&r->arena, "/activity-book", keep, N_KEPT, 1));
    pagination_links(&r->arena, model, "/activity-book", keep, N_KEPT, q.page, pages);
    return render(r, 200, "activity_book/list", model);
}

/* ---- one activity ---------------------------------------------------------------------------- */

/* activity_id's row of the book over [from, to], or NULL when its run misses the period (or on
   a database error: then *failed). New reference. */
static json_t *book_row(struct req *r, int64_t activity_id, const char *from, const char *to,
                        bool *failed)
{
    struct book_query q = {.filter.activity_id = activity_id, .page = 1, .per_page = 1};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    date_format(date_today(), q.today);
    json_t *list;
    long long total;
    if (book_list(r->db, &q, &list, &total)) {
        *failed = true;
        return NULL;
    }
    json_t *row = json_array_get(list, 0);
    json_incref(row);
    json_decref(list);
    return row;
}

/* The figures of one period for the page's table: the period and its labels, and the
   activity's figures then (null when its run misses the period). New reference. */
static json_t *period_figures(struct req *r, int64_t activity_id, const char *label,
                              const struct report_period *p, bool *failed)
{
    json_t *row = book_row(r, activity_id, p->from, p->to, failed);
    json_t *out = json_pack("{s:s, s:s, s:s}", "label", label, "from", p->from, "to", p->to);
    if (!row) {
        json_object_set_new(out, "figures", json_null());
        return out;
    }
    json_t *figures = json_object();
    static const char *const keys[] = {"sessions",      "participants",     "hours",
                                       "mean_hours",    "attendance_pct",   "involvement",
                                       "present",       "absent",           "excused",
                                       "planned_sessions", "planned_hours", NULL};
    for (size_t i = 0; keys[i]; i++)
        json_object_set(figures, keys[i], json_object_get(row, keys[i]));
    json_object_set(figures, "evaluations",
                    json_object_get(json_object_get(row, "evaluations"), "count"));
    figure_labels(r, figures);
    json_object_set_new(out, "figures", figures);
    json_decref(row);
    return out;
}

/* The role of an evaluation's author; role.deleted for an account that is gone. */
static const char *author_role_label(struct req *r, const char *role)
{
    const char *label = req_role_label(r, role, ROLE_LABEL_PLAIN);
    return *label ? label : req_text(r, "role.deleted");
}

int page_activity_book_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    char today[11];
    date_format(date_today(), today);
    bool failed = false;
    /* The whole run: every session ever dated (the period's dates only bound the SQL). */
    json_t *activity = book_row(r, id, "0001-01-01", "9999-12-31", &failed);
    if (!activity)
        return failed ? render_error(r, 500, "Het activiteitenboek kan nu niet worden geladen.")
                      : render_error(r, 404, "Deze activiteit staat niet in het activiteitenboek.");
    activity_labels(r, activity);
    struct report_period this_year, last_year;
    report_period_read(NULL, NULL, today, &this_year);
    int32_t first_day = 0;
    date_parse(this_year.from, &first_day);
    char before[11];
    date_format(first_day - 1, before);
    report_period_read(NULL, NULL, before, &last_year);
    json_t *periods = json_array();
    json_array_append_new(periods, period_figures(r, id, "Dit schooljaar", &this_year, &failed));
    json_array_append_new(periods, period_figures(r, id, "Vorig schooljaar", &last_year, &failed));
    json_t *whole = json_pack("{s:s, s:s, s:s}", "label", "Hele looptijd", "from",
                              json_string_value(json_object_get(activity, "date_from")), "to",
                              json_string_value(json_object_get(activity, "date_until")));
    json_t *figures = json_object();
    json_object_update(figures, activity);
    json_object_set(figures, "evaluations",
                    json_object_get(json_object_get(activity, "evaluations"), "count"));
    json_object_set_new(whole, "figures", figures);
    json_array_append_new(periods, whole);
    json_t *evaluations = book_evaluations(r->db, id, today);
    json_t *plan = read_book_plan(r->db, id); /* issue 15: the activity plan's answers */
    if (failed || !evaluations || !plan) {
        json_decref(activity);
        json_decref(periods);
        json_decref(evaluations);
        json_decref(plan);
        return render_error(r, 500, "Het activiteitenboek kan nu niet worden geladen.");
    }
    size_t i;
    json_t *e;
    json_array_foreach(evaluations, i, e)
    {
        char date[32];
        date_label_nl(json_string_value(json_object_get(e, "date")), true, date);
        set_label(e, "date_label", date);
        set_label(e, "role_label",
                  author_role_label(r, json_string_value(json_object_get(e, "role"))));
        set_label(e, "as_planned_label",
                  evaluation_plan_label(json_string_value(json_object_get(e, "as_planned"))));
    }
    json_t *school = json_object_get(activity, "school");
    int64_t school_id = json_integer_value(json_object_get(school, "id"));
    json_t *model = json_pack(
        "{s:O, s:o, s:o, s:o, s:b, s:s, s:b, s:s}", "title", json_object_get(activity, "title"),
        "activity", activity, "periods", periods, "evaluations", evaluations,
        "has_evaluations", json_array_size(evaluations) > 0, "school_book_href",
        arena_printf(&r->arena, "/activity-book?school=%s",
                     url_escape(&r->arena, json_string_value(json_object_get(school, "key")))),
        "can_open_school", r->user.role != ROLE_STAFF && scope_school(r, school_id),
        "school_href", arena_printf(&r->arena, "/schools/%lld", (long long)school_id));
    json_object_set_new(model, "has_plan", json_boolean(json_array_size(plan) > 0));
    json_object_set_new(model, "plan", plan);
    return render(r, 200, "activity_book/show", model);
}
