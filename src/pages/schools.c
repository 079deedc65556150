/* /schools: the schools (locaties) of the coalition. The lead lists, adds and changes them; a
   coordinator sees the overview of the own school only (another school answers 404). */
#include <string.h>

#include "domain/offer/schools.h"
#include "domain/offer/schools_read.h"
#include "domain/people/users_read.h"
#include "http/form.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "view/render.h"

/* The dates the pages show in words (when_labels). */
static const char *const YEAR_KEYS[] = {"year_from", "year_until", NULL};
static const char *const PERIOD_KEYS[] = {"from", "until", NULL};

static const struct field school_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = SCHOOL_NAME_MAX},
    {.name = "kind", .label = "Soort onderwijs", .type = FIELD_CHOICE, .required = true,
     .choices = school_kinds},
    {.name = "contact", .label = "Contact voor ouders", .type = FIELD_TEXT,
     .max_len = SCHOOL_CONTACT_MAX},
};

/* A row of read_school_overviews with the words of its kind and whether it lacks a
   coordinator. Returns row. */
static json_t *school_words(json_t *row)
{
    const char *kind = json_string_value(json_object_get(row, "kind"));
    json_object_set_new(row, "kind_label", json_string(school_kind_label(kind)));
    json_object_set_new(row, "grade_word", json_string(school_grade_word(kind)));
    json_object_set_new(row, "without_coordinator",
                        json_boolean(json_integer_value(json_object_get(row, "coordinators")) == 0));
    return row;
}

/* One school with its counts into *out (new reference): 1, 0 when there is none (*out NULL),
   -1 on a database error. */
static int school_find(struct req *r, int64_t school_id, json_t **out)
{
    struct school_year y = school_year_now();
    int found = read_school_overview(r->db, school_id, y.from, y.until, out);
    if (found == 1)
        school_words(*out);
    return found;
}

/* The same for page_saved: the school, or NULL when there is none or the read failed. New
   reference. */
static json_t *school_load(struct req *r, int64_t school_id)
{
    json_t *school = NULL;
    school_find(r, school_id, &school);
    return school;
}

int page_schools_list(struct req *r)
{
    struct school_year y = school_year_now();
    json_t *list = read_school_overviews(r->db, y.from, y.until);
    if (!list)
        return page_failed(r);
    json_int_t pupils = 0, activities = 0;
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        school_words(s);
        pupils += json_integer_value(json_object_get(s, "pupils"));
        activities += json_integer_value(json_object_get(s, "activities"));
    }
    json_t *model = json_pack("{s:s, s:o, s:I, s:I, s:I, s:s, s:s, s:s}", "title",
                              "Scholen", "schools", list, "total",
                              (json_int_t)json_array_size(list), "pupils", pupils, "activities",
                              activities, "year_from", y.from, "year_until", y.until,
                              "year_label", y.label);
    when_labels(model, YEAR_KEYS);
    json_object_set_new(model, "has_schools", json_boolean(json_array_size(list) > 0));
    return render(r, 200, "schools/list", model);
}

/* ---- overview of one school ----------------------------------------------------------------- */

int page_school_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    /* A coordinator learns nothing about other schools, not even that they exist. */
    json_t *school = NULL;
    int found = scope_school(r, id) ? school_find(r, id, &school) : 0;
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze school bestaat niet.");
    struct school_year y = school_year_now();
    json_t *activities = read_school_activities(r->db, id, y.from, y.until, y.today);
    json_t *coordinators = read_school_coordinators(r->db, id);
    if (!activities || !coordinators) {
        json_decref(school);
        json_decref(activities);
        json_decref(coordinators);
        return page_failed(r);
    }
    json_t *model = json_pack("{s:O, s:o, s:o, s:o, s:s, s:s, s:s, s:b}", "title",
                              json_object_get(school, "name"), "school", school, "activities",
                              activities, "coordinators", coordinators, "year_from", y.from,
                              "year_until", y.until, "year_label", y.label, "can_edit",
                              r->user.role == ROLE_LEAD);
    when_labels(model, YEAR_KEYS);
    when_labels(activities, PERIOD_KEYS);
    json_object_set_new(model, "has_activities", json_boolean(json_array_size(activities) > 0));
    json_object_set_new(model, "has_coordinators",
                        json_boolean(json_array_size(coordinators) > 0));
    return render(r, 200, "schools/show", model);
}

/* ---- form ----------------------------------------------------------------------------------- */

/* The model of the school form: values as typed and errors (both stolen), the kind radios,
   and the school edited (stolen) or NULL for a new one. */
static json_t *school_form_model(json_t *school, json_t *values, json_t *errors)
{
    const char *kind = form_str(values, "kind");
    json_t *kinds = json_array();
    for (size_t i = 0; school_kinds[i]; i++)
        json_array_append_new(
            kinds, json_pack("{s:s, s:o, s:s, s:s, s:b}", "value", school_kinds[i], "id",
                             i ? json_sprintf("f-kind-%s", school_kinds[i])
                               : json_string("f-kind"),
                             "label", school_kind_label(school_kinds[i]), "hint",
                             strcmp(school_kinds[i], "vo") ? "groep 1 tot en met 8"
                                                           : "leerjaar 1 tot en met 6",
                             "checked", !strcmp(kind, school_kinds[i])));
    json_t *model = json_pack("{s:s, s:o, s:o, s:o}", "title",
                              school ? "School wijzigen" : "School toevoegen", "kinds", kinds,
                              "values", values, "errors", errors);
    json_object_set_new(model, "error_list",
                        form_error_list(school_fields, FIELDS_N(school_fields), errors));
    if (school) {
        json_object_set_new(model, "action",
                            json_sprintf("/schools/%lld", (long long)json_integer_value(
                                                              json_object_get(school, "id"))));
        json_object_set_new(model, "school", school);
    } else {
        json_object_set_new(model, "action", json_string("/schools"));
    }
    return model;
}

int page_school_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:s, s:s}", "name", "", "kind", "po", "contact", "");
    return render(r, 200, "schools/form", school_form_model(NULL, values, json_object()));
}

int page_school_edit(struct req *r)
{
    json_t *school = NULL;
    int found = school_find(r, r->path_ids[0], &school);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze school bestaat niet.");
    json_t *values = json_pack("{s:O, s:O, s:O}", "name", json_object_get(school, "name"), "kind",
                               json_object_get(school, "kind"), "contact",
                               json_object_get(school, "contact"));
    return render(r, 200, "schools/form", school_form_model(school, values, json_object()));
}

/* Validate the form into in (strings owned by values). Returns the number of bad fields. */
static int school_form_read(struct req *r, json_t *values, json_t *errors,
                            struct school_input *in)
{
    int bad = form_validate(r, school_fields, FIELDS_N(school_fields), values, errors);
    if (json_object_get(errors, "kind"))
        json_object_set_new(errors, "kind",
                            json_string("Kies primair onderwijs of voortgezet onderwijs."));
    in->name = form_str(values, "name");
    in->kind = form_str(values, "kind");
    in->contact = form_str(values, "contact");
    const char *contact_error = school_contact_error(in->contact);
    if (contact_error && !json_object_get(errors, "contact")) {
        json_object_set_new(errors, "contact",
                            json_string(form_check_text(r, contact_error, SCHOOL_CONTACT_MAX)));
        bad++;
    }
    return bad;
}

int page_school_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    struct school_input in;
    if (school_form_read(r, values, errors, &in))
        return render_form_errors(r, "schools/form", school_form_model(NULL, values, errors));
    int64_t id = 0;
    enum school_result rc = school_create(r->db, r->user.id, &in, &id, NULL, 0);
    if (rc == SCHOOL_INVALID) {
        const char *name_error = school_name_error(in.name);
        json_object_set_new(errors, "name",
                            json_string(name_error ? form_check_text(r, name_error, SCHOOL_NAME_MAX)
                                                   : "Controleer de naam."));
        return render_form_errors(r, "schools/form", school_form_model(NULL, values, errors));
    }
    json_decref(values);
    json_decref(errors);
    if (rc != SCHOOL_OK)
        return render_error(r, 500, "De school kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 201, school_load, id, "School opgeslagen.",
                      arena_printf(&r->arena, "/schools/%lld", (long long)id));
}

/* The message refusing a change of kind, e.g. "Dit kan niet: 2 leerlingen en 1 activiteit
   vallen buiten leerjaar 1–6 van het voortgezet onderwijs. …". Arena-owned. */
static const char *kind_conflict_message(struct req *r, const struct school_grade_conflict *c,
                                         const char *kind)
{
    const char *pupils = c->pupils == 1 ? "1 leerling"
                                        : arena_printf(&r->arena, "%lld leerlingen", c->pupils);
    const char *activities =
        c->activities == 1 ? "1 activiteit"
                           : arena_printf(&r->arena, "%lld activiteiten", c->activities);
    const char *what = !c->activities ? pupils
                       : !c->pupils   ? activities
                                      : arena_printf(&r->arena, "%s en %s", pupils, activities);
    bool one = c->pupils + c->activities == 1;
    return arena_printf(&r->arena,
                        "Dit kan niet: %s %s buiten %s 1–%d van het %s. Pas eerst de %s aan.",
                        what, one ? "valt" : "vallen", school_grade_word(kind), c->grade_max,
                        !strcmp(kind, "vo") ? "voortgezet onderwijs" : "primair onderwijs",
                        c->pupils ? "groepen van de leerlingen" : "groepen van de activiteiten");
}

int page_school_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *school = NULL;
    int found = school_find(r, id, &school);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze school bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    struct school_input in;
    if (school_form_read(r, values, errors, &in))
        return render_form_errors(r, "schools/form", school_form_model(school, values, errors));
    struct school_grade_conflict conflict = {0};
    enum school_result rc = school_update(r->db, r->user.id, id, &in, &conflict);
    if (rc == SCHOOL_KIND_GRADES || rc == SCHOOL_INVALID) {
        if (rc == SCHOOL_KIND_GRADES)
            json_object_set_new(errors, "kind",
                                json_string(kind_conflict_message(r, &conflict, in.kind)));
        else
            json_object_set_new(errors, "name", json_string("Controleer de naam."));
        return render_form_errors(r, "schools/form", school_form_model(school, values, errors));
    }
    json_decref(school);
    json_decref(values);
    json_decref(errors);
    if (rc == SCHOOL_NOT_FOUND)
        return render_error(r, 404, "Deze school bestaat niet.");
    if (rc != SCHOOL_OK)
        return render_error(r, 500, "De school kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 200, school_load, id, "School opgeslagen.",
                      arena_printf(&r->arena, "/schools/%lld", (long long)id));
}
