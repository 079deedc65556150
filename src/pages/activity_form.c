/* /activities/new, /activities/{id}/edit and their POSTs: the form to add or change an
   activity — its field table, the choices it offers (schools, providers, staff, domains,
   weekdays), reading the checkboxes and the school, and the save through
   domain/activities.c. The list and the show page are activities.c. */
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities.h"
#include "domain/offer/activities_read.h"
#include "domain/offer/providers_read.h"
#include "domain/offer/domains_read.h"
#include "domain/offer/providers.h"
#include "domain/offer/schedule.h"
#include "domain/offer/schools_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/activities_internal.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/render.h"

/* ---- the fields ----------------------------------------------------------------------------- */

static const char *const weekday_values[] = {"1", "2", "3", "4", "5", "6", "7", NULL};
static const char *const open_to_values[] = {"school", "coalition", NULL};

/* The fields form_validate reads; staff_ID and domain_CODE checkboxes are read by hand. */
static const struct field activity_fields[] = {
    {.name = "school", .label = "School", .type = FIELD_KEY, .max_len = 100},
    {.name = "title", .label = "Titel", .type = FIELD_TEXT, .required = true,
     .max_len = ACTIVITY_TITLE_MAX},
    {.name = "goal", .label = "Doel", .type = FIELD_TEXTAREA, .max_len = ACTIVITY_GOAL_MAX},
    {.name = "location", .label = "Locatie", .type = FIELD_TEXT,
     .max_len = ACTIVITY_LOCATION_MAX},
    {.name = "provider", .label = "Aanbieder", .type = FIELD_INT, .min = 1, .max = INT64_MAX},
    {.name = "grade_min", .label = "Vanaf groep of leerjaar", .type = FIELD_INT,
     .required = true, .min = 1, .max = 8},
    {.name = "grade_max", .label = "Tot en met groep of leerjaar", .type = FIELD_INT,
     .required = true, .min = 1, .max = 8},
    {.name = "capacity", .label = "Aantal plaatsen", .type = FIELD_INT, .required = true,
     .min = 1, .max = ACTIVITY_CAPACITY_MAX},
    {.name = "weekday", .label = "Dag van de week", .type = FIELD_CHOICE, .required = true,
     .choices = weekday_values},
    {.name = "start", .label = "Begintijd", .type = FIELD_TIME, .required = true},
    {.name = "end", .label = "Eindtijd", .type = FIELD_TIME, .required = true},
    {.name = "from", .label = "Eerste datum", .type = FIELD_DATE, .required = true},
    {.name = "until", .label = "Laatste datum", .type = FIELD_DATE, .required = true},
    {.name = "signup_from", .label = "Inschrijven vanaf", .type = FIELD_DATETIME},
    {.name = "signup_until", .label = "Inschrijven tot", .type = FIELD_DATETIME},
    {.name = "open_to", .label = "Open voor", .type = FIELD_CHOICE, .required = true,
     .choices = open_to_values},
};

/* The form's rows of weekly slots (issue 14): the first is required (fields weekday, start,
   end), the others (weekday_2, start_2, end_2 …) are used when filled in. No JavaScript: a
   fixed number of rows. */
enum { FORM_SLOT_ROWS = 5 };

#define SLOT_FIELDS(k, words)                                                                     \
    {.name = "weekday_" #k, .label = "Dag van de week (" words ")", .type = FIELD_CHOICE,       \
     .choices = weekday_values},                                                                \
        {.name = "start_" #k, .label = "Begintijd (" words ")", .type = FIELD_TIME},           \
        {.name = "end_" #k, .label = "Eindtijd (" words ")", .type = FIELD_TIME}

static const struct field extra_slot_fields[] = {
    SLOT_FIELDS(2, "tijd 2"), SLOT_FIELDS(3, "tijd 3"), SLOT_FIELDS(4, "tijd 4"),
    SLOT_FIELDS(5, "tijd 5"),
};

/* Every field in the order of the page, for the error summary. */
static const struct field summary_fields[] = {
    {.name = "school", .label = "School"},
    {.name = "title", .label = "Titel"},
    {.name = "goal", .label = "Doel"},
    {.name = "domains", .label = "Ontwikkelgebieden"},
    {.name = "location", .label = "Locatie"},
    {.name = "provider", .label = "Aanbieder"},
    {.name = "staff", .label = "Uitvoerders"},
    {.name = "grade_min", .label = "Vanaf groep of leerjaar"},
    {.name = "grade_max", .label = "Tot en met groep of leerjaar"},
    {.name = "capacity", .label = "Aantal plaatsen"},
    {.name = "open_to", .label = "Open voor"},
    {.name = "weekday", .label = "Dag van de week"},
    {.name = "start", .label = "Begintijd"},
    {.name = "end", .label = "Eindtijd"},
    SLOT_FIELDS(2, "tijd 2"), SLOT_FIELDS(3, "tijd 3"), SLOT_FIELDS(4, "tijd 4"),
    SLOT_FIELDS(5, "tijd 5"),
    {.name = "from", .label = "Eerste datum"},
    {.name = "until", .label = "Laatste datum"},
    {.name = "signup_from", .label = "Inschrijven vanaf"},
    {.name = "signup_until", .label = "Inschrijven tot"},
    {.name = "form", .label = "Formulier"},
};

static bool in_str_array(json_t *array, const char *s)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        if (!strcmp(json_string_value(item), s))
            return true;
    }
    return false;
}

/* Staff checkboxes grouped by provider: [{"provider", "staff": [{"id", "name", "level_label",
   "checked", "first"}]}]. New reference; NULL when the database failed. */
static json_t *staff_groups(struct req *r, json_t *checked)
{
    json_t *rows = read_staff_by_provider(r->db);
    if (!rows)
        return NULL;
    json_t *groups = json_array(), *group = NULL, *row;
    json_int_t provider = 0;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        json_int_t provider_id = json_integer_value(json_object_get(row, "provider_id"));
        if (!group || provider_id != provider) {
            provider = provider_id;
            group = json_pack("{s:O, s:[]}", "provider", json_object_get(row, "provider"), "staff");
            json_array_append_new(groups, group);
        }
        json_int_t id = json_integer_value(json_object_get(row, "id"));
        json_array_append_new(
            json_object_get(group, "staff"),
            json_pack("{s:I, s:O, s:s, s:b, s:b}", "id", id, "name", json_object_get(row, "name"),
                      "level_label",
                      staff_level_label(json_string_value(json_object_get(row, "level"))),
                      "checked", form_ticked_id(checked, id), "first", i == 0));
    }
    json_decref(rows);
    return groups;
}

/* The domains as checkboxes: [{"code", "name", "checked", "first"}], from domains (the rows of
   read_domains, borrowed). New reference. */
static json_t *domain_choices(json_t *domains, json_t *checked)
{
    json_t *list = json_array(), *row;
    size_t i;
    json_array_foreach(domains, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        json_array_append_new(list, json_pack("{s:s, s:O, s:b, s:b}", "code", code, "name",
                                              json_object_get(row, "name"), "checked",
                                              in_str_array(checked, code), "first", i == 0));
    }
    return list;
}

static json_t *weekday_choices(const char *selected)
{
    json_t *list = json_array();
    for (int d = 1; d <= 7; d++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", weekday_values[d - 1],
                                              "name", weekday_name(d), "selected",
                                              !strcmp(weekday_values[d - 1], selected)));
    return list;
}

/* The form's rows of slots: [{"n" (1…), "first", "weekday_field", "start_field",
   "end_field", "weekdays" (choices), "start", "end", and "weekday_error", "start_error",
   "end_error" when the field has a message}], from values and errors. New reference. */
static json_t *slot_rows(json_t *values, json_t *errors)
{
    json_t *rows = json_array();
    for (size_t k = 0; k < FORM_SLOT_ROWS; k++) {
        const char *day = activity_slot_field("weekday", k);
        const char *start = activity_slot_field("start", k), *end = activity_slot_field("end", k);
        json_t *row = json_pack("{s:i, s:b, s:s, s:s, s:s, s:o, s:s, s:s}", "n", (int)k + 1,
                                "first", k == 0, "weekday_field", day, "start_field", start,
                                "end_field", end, "weekdays",
                                weekday_choices(form_str(values, day)), "start",
                                form_str(values, start), "end", form_str(values, end));
        const char *fields[][2] = {{day, "weekday_error"}, {start, "start_error"},
                                   {end, "end_error"}};
        for (size_t f = 0; f < 3; f++) {
            json_t *error = json_object_get(errors, fields[f][0]);
            if (error)
                json_object_set(row, fields[f][1], error);
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

/* Set member key of m to list (stolen); 0, or -1 when list is NULL (a read that failed). */
static int set_list(json_t *m, const char *key, json_t *list)
{
    if (!list)
        return -1;
    json_object_set_new(m, key, list);
    return 0;
}

/* The school's part of the form: the lead chooses one ("schools"), a coordinator sees the own
   one ("school_fixed"); and the noun of the grades. 0, or -1 when the database failed. */
static int school_part(struct req *r, json_t *m, json_t *values)
{
    if (r->user.role == ROLE_LEAD) {
        json_object_set_new(m, "grade_noun", json_string("groep of leerjaar"));
        return set_list(m, "schools", page_options(page_values(read_schools(r->db), "key"), "value",
                                                             form_str(values, "school")));
    }
    json_t *school;
    int found = read_school(r->db, r->user.school_id, &school);
    if (found < 0)
        return -1;
    const char *kind = found ? json_string_value(json_object_get(school, "kind")) : "po";
    json_object_set_new(m, "school_fixed",
                        found ? json_incref(json_object_get(school, "name")) : json_string(""));
    json_object_set_new(m, "grade_noun", json_string(!strcmp(kind, "vo") ? "leerjaar" : "groep"));
    json_decref(school);
    return 0;
}

/* The form's model around values (stolen) and errors (stolen, may be NULL). id 0: a new
   activity. values holds the fields as strings plus "domains" (codes) and "staff" (ids). New
   reference; NULL when the database failed. */
static json_t *form_model(struct req *r, int64_t id, const char *activity_title, json_t *values,
                          json_t *errors)
{
    json_t *m = json_pack("{s:s, s:s, s:s}", "title",
                          id ? "Activiteit wijzigen" : "Activiteit toevoegen", "action",
                          id ? arena_printf(&r->arena, "/activities/%lld", (long long)id)
                             : "/activities",
                          "submit_label", id ? "Wijzigingen opslaan" : "Activiteit toevoegen");
    if (id) {
        json_object_set_new(m, "id", json_integer(id));
        json_object_set_new(m, "activity_title", json_string(activity_title));
    }
    json_t *domains = read_domains(r->db);
    int failed = school_part(r, m, values);
    failed |= set_list(m, "providers",
                       page_options(read_provider_choices(r->db), "value",
                                    form_str(values, "provider")));
    failed |= set_list(m, "staff_groups", staff_groups(r, json_object_get(values, "staff")));
    if (domains)
        json_object_set_new(m, "domain_choices",
                            domain_choices(domains, json_object_get(values, "domains")));
    json_decref(domains);
    json_object_set_new(m, "slot_rows", slot_rows(values, errors));
    json_object_set_new(m, "open_to_coalition",
                        json_boolean(!strcmp(form_str(values, "open_to"), "coalition")));
    json_object_set_new(m, "open_to_school",
                        json_boolean(strcmp(form_str(values, "open_to"), "coalition") != 0));
    json_object_set_new(m, "values", values);
    json_object_set_new(m, "errors", errors ? errors : json_object());
    if (failed || !domains) {
        json_decref(m);
        return NULL;
    }
    return m;
}

/* The form again with the user's values (stolen) and errors (stolen): 422, or 500 when the
   database failed. */
static int show_form_errors(struct req *r, int64_t id, const char *activity_title,
                            json_t *values, json_t *errors)
{
    json_t *m = form_model(r, id, activity_title, values, errors);
    if (!m)
        return page_failed(r);
    return form_show_errors(r, "activities/form", m, summary_fields, FIELDS_N(summary_fields));
}

/* The form's page with model m (NULL: the database failed). */
static int show_form(struct req *r, json_t *m)
{
    return m ? render(r, 200, "activities/form", m) : page_failed(r);
}

/* The current values of activity id as the form shows them into *out, and its title into
   *title. 1, 0 when it does not exist, -1 when the database failed. */
static int stored_values(struct req *r, int64_t id, const char **title, json_t **out)
{
    json_t *a;
    int found = activities_model(r, id, true, &a);
    *out = NULL;
    if (found <= 0)
        return found;
    *title = arena_strdup(&r->arena, json_string_value(json_object_get(a, "title")));
    json_t *v = json_object();
    const char *text[] = {"title", "goal", "location", "from", "until", "open_to", "school_key"};
    for (size_t i = 0; i < FIELDS_N(text); i++)
        json_object_set(v, !strcmp(text[i], "school_key") ? "school" : text[i],
                        json_object_get(a, text[i]));
    const char *ints[] = {"grade_min", "grade_max", "capacity"};
    for (size_t i = 0; i < FIELDS_N(ints); i++)
        json_object_set_new(v, ints[i],
                            json_string(arena_printf(
                                &r->arena, "%lld",
                                (long long)json_integer_value(json_object_get(a, ints[i])))));
    json_t *provider = json_object_get(a, "provider");
    json_object_set_new(v, "provider",
                        json_string(provider && !json_is_null(provider)
                                        ? arena_printf(&r->arena, "%lld",
                                                       (long long)json_integer_value(
                                                           json_object_get(provider, "id")))
                                        : ""));
    const char *moments[] = {"signup_from", "signup_until"};
    for (size_t i = 0; i < 2; i++) {
        const char *s = json_string_value(json_object_get(a, moments[i]));
        json_object_set_new(v, moments[i], json_string(s ? s : ""));
    }
    json_t *domains = json_array(), *staff = json_array(), *item;
    size_t i;
    json_array_foreach(json_object_get(a, "domains"), i, item)
    {
        json_array_append(domains, json_object_get(item, "code"));
    }
    json_array_foreach(json_object_get(a, "staff"), i, item)
    {
        json_array_append(staff, json_object_get(item, "id"));
    }
    json_object_set_new(v, "domains", domains);
    json_object_set_new(v, "staff", staff);
    json_array_foreach(json_object_get(a, "slots"), i, item)
    {
        if (i >= FORM_SLOT_ROWS)
            break;
        json_object_set_new(v, activity_slot_field("weekday", i),
                            json_string(arena_printf(&r->arena, "%lld",
                                                     (long long)json_integer_value(json_object_get(item, "weekday")))));
        json_object_set(v, activity_slot_field("start", i), json_object_get(item, "start"));
        json_object_set(v, activity_slot_field("end", i), json_object_get(item, "end"));
    }
    json_decref(a);
    *out = v;
    return 1;
}

int page_activity_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:[], s:[]}", "open_to", "school", "domains", "staff");
    return show_form(r, form_model(r, 0, NULL, values, NULL));
}

/* The stored values of the request's activity ({id}) when this user may see it: 1 with them in
   *values and its title in *title; else 0 with the answer (404 or 500) in *answer. */
static int visible_values(struct req *r, const char **title, json_t **values, int *answer)
{
    int64_t visible = activities_visible_school(r, r->path_ids[0]);
    int found = visible < 0 ? -1 : visible ? stored_values(r, r->path_ids[0], title, values) : 0;
    if (found > 0)
        return 1;
    *answer = found < 0 ? page_failed(r) : render_error(r, 404, "Deze activiteit bestaat niet.");
    return 0;
}

int page_activity_edit(struct req *r)
{
    const char *title = NULL;
    json_t *values = NULL;
    int answer;
    if (!visible_values(r, &title, &values, &answer))
        return answer;
    return show_form(r, form_model(r, r->path_ids[0], title, values, NULL));
}

/* The next block after from … until ("YYYY-MM-DD"): from the day after until, as long again,
   into next_from and next_until; both "" when the dates are not dates. */
static void next_block(const char *from, const char *until, char next_from[11],
                       char next_until[11])
{
    int32_t a, b;
    next_from[0] = next_until[0] = '\0';
    if (!from || !until || date_parse(from, &a) || date_parse(until, &b) || b < a)
        return;
    date_format(b + 1, next_from);
    date_format(b + 1 + (b - a), next_until);
}

/* "Kopieer naar volgend blok" (issue 14): the form for a new activity with the content, staff,
   domains and weekly time of activity id, for the block after it (its dates proposed, the
   sign-up window left open to choose), posting to /activities; no enrolments come along. */
int page_activity_copy(struct req *r)
{
    int64_t id = r->path_ids[0];
    const char *title = NULL;
    json_t *values = NULL;
    int answer;
    if (!visible_values(r, &title, &values, &answer))
        return answer;
    char from[11], until[11];
    next_block(form_str(values, "from"), form_str(values, "until"), from, until);
    json_object_set_new(values, "from", json_string(from));
    json_object_set_new(values, "until", json_string(until));
    json_object_set_new(values, "signup_from", json_string(""));
    json_object_set_new(values, "signup_until", json_string(""));
    json_t *model = form_model(r, 0, NULL, values, NULL);
    if (model) {
        json_object_set_new(model, "title", json_string(arena_printf(
                                                &r->arena, "%s kopiëren naar een volgend blok", title)));
        json_object_set_new(model, "copy_of", json_pack("{s:I, s:s}", "id", (json_int_t)id,
                                                        "title", title));
    }
    return show_form(r, model);
}

/* What the checkboxes staff_ID and domain_CODE of the request give. */
struct links {
    int64_t domain_ids[ACTIVITY_MAX_LINKS + 1], staff_ids[ACTIVITY_MAX_LINKS + 1];
    size_t n_domains, n_staff;
};

/* Read the checkboxes into l, their codes and ids into values ("domains", "staff") for showing
   the form again, and a message into errors for a name that is not on the form's lists. 0, or
   -1 when the database failed. */
static int read_links(struct req *r, struct links *l, json_t *values, json_t *errors)
{
    json_t *domains = read_domains(r->db);
    if (!domains)
        return -1;
    json_t *codes = json_array(), *ids = json_array();
    memset(l, 0, sizeof *l);
    for (size_t i = 0; i < r->n_form; i++) {
        const char *name = r->form[i].name;
        if (!form_ticked(r->form[i].value))
            continue;
        if (!strncmp(name, "domain_", 7)) {
            int64_t id = activities_domain_in(domains, name + 7);
            if (id <= 0) {
                json_object_set_new(errors, "domains",
                                    json_string("Kies ontwikkelgebieden uit de lijst."));
                continue;
            }
            json_array_append_new(codes, json_string(name + 7));
            if (l->n_domains <= ACTIVITY_MAX_LINKS)
                l->domain_ids[l->n_domains++] = id;
        } else if (!strncmp(name, "staff_", 6)) {
            char *end;
            long long id = strtoll(name + 6, &end, 10);
            if (name[6] < '1' || name[6] > '9' || *end || id <= 0) {
                json_object_set_new(errors, "staff", json_string("Kies uitvoerders uit de lijst."));
                continue;
            }
            json_array_append_new(ids, json_integer(id));
            if (l->n_staff <= ACTIVITY_MAX_LINKS)
                l->staff_ids[l->n_staff++] = id;
        }
    }
    json_object_set_new(values, "domains", codes);
    json_object_set_new(values, "staff", ids);
    json_decref(domains);
    return 0;
}

/* Create (id 0) or change activity id from the posted form. */
/* The posted form again as hidden fields (not the token: the page adds a fresh one), with
   confirm_drop=1, for the confirmation page. New reference. */
static json_t *posted_again(struct req *r)
{
    json_t *fields = json_array();
    for (size_t i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].name, "csrf") && strcmp(r->form[i].name, "confirm_drop"))
            json_array_append_new(fields, json_pack("{s:s, s:s}", "name", r->form[i].name,
                                                    "value", r->form[i].value));
    json_array_append_new(fields, json_pack("{s:s, s:s}", "name", "confirm_drop", "value", "1"));
    return fields;
}

/* Issue 10 point 3: a change of schedule that cancels sessions with records (attendance, an
   evaluation, an incident) is confirmed first, on a page that names them. dropped (stolen):
   their planned dates. */
static int confirm_schedule_change(struct req *r, int64_t id, const char *title, json_t *dropped)
{
    json_t *dates = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(dropped, i, d)
        json_array_append_new(dates, json_string(when_date(r, json_string_value(d))));
    json_decref(dropped);
    json_t *model = json_pack("{s:s, s:s, s:I, s:o, s:i, s:o}", "title",
                              "Roosterwijziging bevestigen", "activity_title", title ? title : "",
                              "activity_id", (json_int_t)id, "dates", dates, "count",
                              (int)json_array_size(dates), "fields", posted_again(r));
    json_object_set_new(model, "one", json_boolean(json_array_size(dates) == 1));
    return render(r, 200, "activities/confirm_schedule", model);
}

/* For a change of an existing activity from the HTML form, not yet confirmed: 1 when the new
   schedule would cancel sessions with records and the confirmation page was answered (or a
   500) into *answer, 0 to go on and save. */
static int schedule_change_confirmed(struct req *r, int64_t id, const char *old_title,
                                     const struct activity_input *in, int *answer)
{
    struct slot_times slots[SCHEDULE_SLOTS_MAX];
    size_t n_slots = activity_slot_times(in, slots);
    json_t *dropped =
        schedule_records_dropped(r->db, id, in->school_id, slots, n_slots, in->from, in->until);
    if (!dropped) {
        *answer = page_failed(r);
        return 1;
    }
    if (json_array_size(dropped) == 0) {
        json_decref(dropped);
        return 0;
    }
    *answer = confirm_schedule_change(r, id, old_title, dropped);
    return 1;
}

/* The slots of the form into slots (the first row always, the others when anything is filled
   in; a part missing of such a row gets a message in errors): their number. */
static size_t read_slots(json_t *values, json_t *errors,
                         struct activity_slot slots[FORM_SLOT_ROWS])
{
    size_t n = 0;
    for (size_t k = 0; k < FORM_SLOT_ROWS; k++) {
        const char *day = activity_slot_field("weekday", k);
        const char *start = activity_slot_field("start", k), *end = activity_slot_field("end", k);
        if (json_object_get(errors, day))
            json_object_set_new(errors, day, json_string("Kies een dag van de week."));
        bool empty = !*form_str(values, day) && !*form_str(values, start) &&
                     !*form_str(values, end) && !json_object_get(errors, start) &&
                     !json_object_get(errors, end);
        if (k > 0 && empty)
            continue;
        if (k > 0 && !*form_str(values, day) && !json_object_get(errors, day))
            json_object_set_new(errors, day, json_string("Kies een dag van de week."));
        if (k > 0 && !*form_str(values, start) && !json_object_get(errors, start))
            json_object_set_new(errors, start, json_string("Vul een begintijd in."));
        if (k > 0 && !*form_str(values, end) && !json_object_get(errors, end))
            json_object_set_new(errors, end, json_string("Vul een eindtijd in."));
        slots[n++] = (struct activity_slot){.weekday = form_good_int(values, errors, day),
                                            .start = form_good_str(values, errors, start),
                                            .end = form_good_str(values, errors, end)};
    }
    return n;
}

static int activity_submit(struct req *r, int64_t id, const char *old_title)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, activity_fields, FIELDS_N(activity_fields), values, errors);
    form_validate(r, extra_slot_fields, FIELDS_N(extra_slot_fields), values, errors);
    struct activity_slot slots[FORM_SLOT_ROWS];
    size_t n_slots = read_slots(values, errors, slots);
    if (json_object_get(errors, "open_to"))
        json_object_set_new(errors, "open_to", json_string("Kies voor wie de activiteit is."));
    if (json_object_get(errors, "provider"))
        json_object_set_new(errors, "provider", json_string("Kies een aanbieder uit de lijst."));
    struct links links;
    if (read_links(r, &links, values, errors)) {
        json_decref(values);
        json_decref(errors);
        return page_failed(r);
    }
    int64_t school_id =
        form_school(r, values, errors, "U kunt alleen activiteiten van uw eigen school beheren.");
    if (school_id < 0) {
        json_decref(values);
        json_decref(errors);
        return page_failed(r);
    }
    struct activity_input in = {
        .school_id = school_id,
        .provider_id = form_good_int(values, errors, "provider"),
        .title = form_good_str(values, errors, "title"),
        .goal = form_good_str(values, errors, "goal"),
        .location = form_good_str(values, errors, "location"),
        .grade_min = form_good_int(values, errors, "grade_min"),
        .grade_max = form_good_int(values, errors, "grade_max"),
        .capacity = form_good_int(values, errors, "capacity"),
        .slots = slots,
        .n_slots = n_slots,
        .from = form_good_str(values, errors, "from"),
        .until = form_good_str(values, errors, "until"),
        .signup_from = form_moment(r, form_good_str(values, errors, "signup_from")),
        .signup_until = form_moment(r, form_good_str(values, errors, "signup_until")),
        .open_to = form_good_str(values, errors, "open_to"),
        .domain_ids = links.domain_ids,
        .n_domains = json_object_get(errors, "domains") ? 1 : links.n_domains,
        .staff_ids = links.staff_ids,
        .n_staff = links.n_staff,
    };
    if (!in.school_id)
        in.school_id = -1; /* reported already; keep the domain from saying it again */
    struct problems problems = {0};
    if (json_object_size(errors)) {
        if (activity_check(r->db, id, &in, &problems) > 0)
            form_add_problems(r, errors, &problems);
        problems_clear(&problems);
        return show_form_errors(r, id, old_title, values, errors);
    }
    int confirm_answer = 0;
    if (id && !r->wants_json && !form_ticked(req_form(r, "confirm_drop"))) {
        int broken = activity_check(r->db, id, &in, &problems);
        if (broken != 0) {
            if (broken > 0)
                form_add_problems(r, errors, &problems);
            problems_clear(&problems);
            if (broken < 0) {
                json_decref(values);
                json_decref(errors);
                return page_failed(r);
            }
            return show_form_errors(r, id, old_title, values, errors);
        }
        if (schedule_change_confirmed(r, id, old_title, &in, &confirm_answer)) {
            json_decref(values);
            json_decref(errors);
            return confirm_answer;
        }
    }
    int64_t saved = id;
    enum outcome rc = activity_save(r->db, r->user.id, &saved, &in, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return show_form_errors(r, id, old_title, values, errors);
    }
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    if (rc != OUTCOME_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *saved_model;
        return activities_model(r, saved, true, &saved_model) > 0
                   ? respond_json(r, id ? 200 : 201, saved_model)
                   : render_error(r, 500, "Opslaan lukt nu niet.");
    }
    session_flash(r, id ? "De activiteit is opgeslagen." : "De activiteit is toegevoegd.");
    return respond_redirect(r, arena_printf(&r->arena, "/activities/%lld", (long long)saved));
}

int page_activity_create(struct req *r) { return activity_submit(r, 0, NULL); }

int page_activity_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t visible = activities_visible_school(r, id);
    if (visible < 0)
        return page_failed(r);
    if (!visible)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    json_t *activity;
    int found = read_activity(r->db, id, &activity);
    if (found < 0)
        return page_failed(r);
    const char *title =
        found ? arena_strdup(&r->arena, json_string_value(json_object_get(activity, "title"))) : "";
    json_decref(activity);
    return activity_submit(r, id, title);
}
