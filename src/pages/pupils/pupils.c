/* /pupils/…: one pupil with its enrolments, link code and parents, the form to add or change a
   pupil, and a new link code. The list is pupils_list.c, the import pupils_import.c. A
   coordinator sees only the own school; a pupil of another school answers 404. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/offer/activities.h"
#include "domain/offer/schools_read.h"
#include "domain/people/pupils.h"
#include "domain/people/pupils_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "view/i18n.h"
#include "view/render.h"

static const struct field pupil_fields[] = {
    {.name = "school", .label = "School", .type = FIELD_INT, .min = 1, .max = INT64_MAX},
    {.name = "number", .label = "Leerlingnummer", .type = FIELD_TEXT, .required = true,
     .max_len = PUPIL_NUMBER_MAX},
    {.name = "first_name", .label = "Voornaam", .type = FIELD_TEXT, .required = true,
     .max_len = PUPIL_NAME_MAX},
    {.name = "last_name", .label = "Achternaam", .type = FIELD_TEXT, .required = true,
     .max_len = PUPIL_NAME_MAX},
    {.name = "grade", .label = "Groep of leerjaar", .type = FIELD_INT, .required = true,
     .min = 1, .max = 8},
    {.name = "class", .label = "Klas", .type = FIELD_TEXT, .max_len = PUPIL_CLASS_MAX},
    {.name = "priority", .label = "Doelgroepleerling", .type = FIELD_BOOL},
    {.name = "safety_notes", .label = "Veiligheid en gezondheid", .type = FIELD_TEXTAREA,
     .max_len = PUPIL_NOTES_MAX},
    {.name = "left_on", .label = "Vertrokken op", .type = FIELD_DATE},
};

static const char *const NOT_FOUND = "Deze leerling bestaat niet.";
static const char *const SAVE_FAILED = "Opslaan lukt nu niet. Probeer het later opnieuw.";

/* ---- shared with pupils_list.c, pupils_import.c and privacy.c ----------------------------- */

bool sees_notes(const struct req *r)
{
    return r->user.role == ROLE_COORDINATOR;
}

int pupils_school_info(struct req *r, int64_t school_id, struct school_info *info)
{
    json_t *school;
    int found = read_school(r->db, school_id, &school);
    if (found > 0) {
        info->id = school_id;
        info->key = arena_strdup(&r->arena, json_string_value(json_object_get(school, "key")));
        info->name = arena_strdup(&r->arena, json_string_value(json_object_get(school, "name")));
        info->kind = arena_strdup(&r->arena, json_string_value(json_object_get(school, "kind")));
        info->grade_max = pupil_grade_max(info->kind);
    }
    json_decref(school);
    return found;
}

json_t *pupils_school_options(struct req *r, int64_t selected_id)
{
    char selected[24];
    snprintf(selected, sizeof selected, "%lld", (long long)selected_id);
    return page_options(read_schools(r->db), "id", selected);
}

/* ---- small helpers ------------------------------------------------------------------------ */

static const char *grade_label(const char *kind, long long grade, struct req *r)
{
    return arena_printf(&r->arena, "%s %lld", !strcmp(kind, "vo") ? "leerjaar" : "groep", grade);
}

int64_t visible_pupil_school(struct req *r, int64_t pupil_id)
{
    int64_t school = scope_pupil_school(r, pupil_id);
    if (school == SCOPE_ERROR)
        return SCOPE_ERROR;
    return school && scope_school(r, school) ? school : 0;
}

/* One pupil as JSON: the fields of the load format plus name, grade label and the school's
   name, key and kind; safety notes only for the coordinator. 1, 0 when there is no such
   pupil, -1 when the read failed; the pupil into *out (new reference). */
static int read_pupil_view(struct req *r, int64_t id, json_t **out)
{
    int found = read_pupil(r->db, id, out);
    if (found <= 0)
        return found;
    json_t *pupil = *out;
    const char *first = json_string_value(json_object_get(pupil, "first_name"));
    const char *last = json_string_value(json_object_get(pupil, "last_name"));
    const char *kind = json_string_value(json_object_get(pupil, "school_kind"));
    json_int_t grade = json_integer_value(json_object_get(pupil, "grade"));
    json_object_set_new(pupil, "name", json_string(arena_printf(&r->arena, "%s %s", first, last)));
    json_object_set_new(pupil, "grade_label", json_string(grade_label(kind, grade, r)));
    if (!sees_notes(r))
        json_object_del(pupil, "safety_notes");
    return 1;
}

/* The pupil for page_saved's JSON answer: NULL when it is gone or the read failed. */
static json_t *pupil_object(struct req *r, int64_t id)
{
    json_t *pupil;
    read_pupil_view(r, id, &pupil);
    return pupil;
}

/* ---- one pupil ---------------------------------------------------------------------------- */

/* The pupil's enrolments, newest activity first, with the waiting-list position and the
   status in words. New reference, NULL on error. */
static json_t *pupil_enrolments(struct req *r, int64_t pupil_id)
{
    static const char *const period_keys[] = {"from", "until", NULL};
    json_t *list = when_labels(read_pupil_enrolments(r->db, pupil_id), period_keys);
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *status = json_string_value(json_object_get(e, "status"));
        json_object_set_new(e, "status_label", json_string(enrolment_status_label(status)));
        json_object_set_new(e, "enrolled", json_boolean(!strcmp(status, "enrolled")));
        json_object_set_new(e, "waitlisted", json_boolean(!strcmp(status, "waitlisted")));
        if (json_is_null(json_object_get(e, "position")))
            json_object_del(e, "position"); /* not waiting */
    }
    return list;
}

enum { LAST_MARKS = 5 }; /* the latest sessions the history shows per activity */

/* "aanwezig", "afwezig" or "afgemeld" for a mark's status. Static. */
static const char *mark_word(const char *status)
{
    return !strcmp(status, "present") ? "aanwezig" : !strcmp(status, "absent") ? "afwezig"
                                                                                : "afgemeld";
}

/* Give the marks of read_pupil_recent_marks their words and put each into "marks" of its
   activity's row of history (read_pupil_attendance). Steals marks. */
static void attach_marks(json_t *history, json_t *marks)
{
    size_t i, k;
    json_t *row, *mark;
    json_array_foreach(history, i, row)
    {
        json_object_set_new(row, "marks", json_array());
    }
    json_array_foreach(marks, k, mark)
    {
        char label[32];
        const char *status = json_string_value(json_object_get(mark, "status"));
        date_label_nl(json_string_value(json_object_get(mark, "date")), true, label);
        json_object_set_new(mark, "date_label", json_string(label));
        json_object_set_new(mark, "mark_label", json_string(mark_word(status)));
        json_int_t activity = json_integer_value(json_object_get(mark, "activity_id"));
        json_array_foreach(history, i, row)
        {
            if (json_integer_value(json_object_get(row, "activity_id")) == activity)
                json_array_append(json_object_get(row, "marks"), mark);
        }
    }
    json_decref(marks);
}

/* The pupil's attendance history per activity (read_pupil_attendance) with its words: the
   period, the share present ("attendance_pct", a whole percentage of the marked sessions)
   and the latest LAST_MARKS sessions as "marks". New reference, NULL on error. */
static json_t *pupil_history(struct req *r, int64_t pupil_id)
{
    json_t *history = read_pupil_attendance(r->db, pupil_id);
    json_t *marks = history ? read_pupil_recent_marks(r->db, pupil_id, LAST_MARKS) : NULL;
    if (!marks) {
        json_decref(history);
        return NULL;
    }
    size_t i;
    json_t *row;
    json_array_foreach(history, i, row)
    {
        char from[32], until[32], last[32];
        date_label_nl(json_string_value(json_object_get(row, "from")), false, from);
        date_label_nl(json_string_value(json_object_get(row, "until")), false, until);
        date_label_nl(json_string_value(json_object_get(row, "last_date")), true, last);
        json_object_set_new(row, "period_label",
                            json_string(arena_printf(&r->arena, "%s – %s", from, until)));
        json_object_set_new(row, "last_label", json_string(last));
        json_int_t sessions = json_integer_value(json_object_get(row, "sessions"));
        json_object_set_new(row, "sessions_label",
                            json_sprintf("%lld %s", (long long)sessions,
                                         sessions == 1 ? "bijeenkomst" : "bijeenkomsten"));
        json_int_t present = json_integer_value(json_object_get(row, "present"));
        json_object_set_new(row, "attendance_pct",
                            json_integer(sessions ? (present * 100 + sessions / 2) / sessions : 0));
    }
    attach_marks(history, marks);
    return history;
}

/* The choice of the letter's languages on a pupil's page: Dutch alone, and Dutch with each
   other loaded language; the one shown (lang, NULL for Dutch alone) marked current. New
   reference. */
static json_t *letter_languages(struct req *r, int64_t pupil_id, const char *lang)
{
    json_t *all = i18n_languages("nl"), *out = json_array();
    size_t i, n = json_array_size(all);
    json_t *l;
    json_array_foreach(all, i, l)
    {
        const char *code = json_string_value(json_object_get(l, "code"));
        bool dutch = !strcmp(code, "nl");
        const char *label = dutch ? "Alleen Nederlands"
                                  : arena_printf(&r->arena, "Nederlands en %s",
                                                 json_string_value(json_object_get(l, "name")));
        const char *href = dutch ? arena_printf(&r->arena, "/pupils/%lld#brief", (long long)pupil_id)
                                 : arena_printf(&r->arena, "/pupils/%lld?lang=%s#brief",
                                                (long long)pupil_id, code);
        bool current = dutch ? !lang : lang && !strcmp(lang, code);
        json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:b}", "href", href, "label", label,
                                             "current", current, "last_lang", i + 1 == n));
    }
    json_decref(all);
    return out;
}

/* Where the letter sends parents ("register_url") and the parent letter of pupil (read_pupil's
   row) into model as "letter" (partials/letter.html), in Dutch and the query's lang when that
   is another loaded language; no letter when the pupil has no link code. 0, or -1 when a read
   failed. */
static int add_letter(struct req *r, json_t *model, json_t *pupil, int64_t school_id)
{
    struct letter_school school;
    int found = pupils_letter_school(r, school_id, &school);
    if (found <= 0)
        return found < 0 ? -1 : 0;
    json_object_set_new(model, "register_url", json_string(school.register_url));
    if (!json_is_string(json_object_get(pupil, "link_code")))
        return 0;
    const char *lang = req_query(r, "lang");
    lang = lang ? i18n_find(lang) : NULL;
    if (lang && !strcmp(lang, "nl"))
        lang = NULL;
    json_object_set_new(model, "letter", pupils_letter(pupil, &school, lang));
    json_object_set_new(model, "letter_langs",
                        letter_languages(r, json_integer_value(json_object_get(pupil, "id")),
                                         lang));
    return 0;
}

int page_pupil_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t school = visible_pupil_school(r, id);
    json_t *pupil = NULL;
    int found = school > 0 ? read_pupil_view(r, id, &pupil) : (int)school;
    json_t *enrolments = found > 0 ? pupil_enrolments(r, id) : NULL;
    json_t *parents = enrolments ? read_pupil_parents(r->db, id) : NULL;
    json_t *history = parents ? pupil_history(r, id) : NULL;
    if (found < 0 || (found > 0 && !history)) {
        json_decref(pupil);
        json_decref(enrolments);
        json_decref(parents);
        return page_failed(r);
    }
    if (!found)
        return render_error(r, 404, NOT_FOUND);
    bool vo = !strcmp(json_string_value(json_object_get(pupil, "school_kind")), "vo");
    /* The pupil's own fields at the top, as GET /activities/{id} does for an activity. */
    json_t *model = pupil;
    json_object_set(model, "title", json_object_get(pupil, "name"));
    json_object_set_new(model, "grade_word", json_string(vo ? "Leerjaar" : "Groep"));
    static const char *const left_keys[] = {"left_on", NULL};
    when_labels(model, left_keys);
    json_object_set_new(model, "enrolments", enrolments);
    json_object_set_new(model, "parents", parents);
    json_object_set_new(model, "attendance", history);
    json_object_set_new(model, "sees_notes", json_boolean(sees_notes(r)));
    if (add_letter(r, model, pupil, school)) {
        json_decref(model);
        return page_failed(r);
    }
    return render(r, 200, "pupils/show", model);
}

/* ---- the form ----------------------------------------------------------------------------- */

/* The form's model: title, where it posts, the schools a lead picks from, values and errors
   (both stolen). New reference, NULL when a read failed. */
static json_t *form_model(struct req *r, int64_t pupil_id, const struct school_info *school,
                          json_t *values, json_t *errors)
{
    bool is_edit = pupil_id > 0;
    json_t *model = json_pack("{s:s, s:b, s:s, s:b, s:b, s:o, s:o}", "title",
                              is_edit ? "Leerling wijzigen" : "Leerling toevoegen", "is_edit",
                              is_edit, "action",
                              is_edit ? arena_printf(&r->arena, "/pupils/%lld", (long long)pupil_id)
                                      : "/pupils",
                              "choose_school", !is_edit && r->user.role == ROLE_LEAD,
                              "sees_notes", sees_notes(r), "values", values, "errors", errors);
    if (is_edit)
        json_object_set_new(model, "pupil_id", json_integer(pupil_id));
    bool vo = school && !strcmp(school->kind, "vo");
    json_object_set_new(model, "grade_word",
                        json_string(!school ? "Groep of leerjaar" : vo ? "Leerjaar" : "Groep"));
    json_object_set_new(model, "grade_hint",
                        json_string(!school ? "Basisschool: groep 1 tot en met 8. Voortgezet"
                                              " onderwijs: leerjaar 1 tot en met 6."
                                    : vo    ? "Leerjaar 1 tot en met 6."
                                            : "Groep 1 tot en met 8."));
    json_object_set_new(model, "grade_max", json_integer(school ? school->grade_max : 8));
    if (school) {
        json_object_set_new(model, "school", json_pack("{s:I, s:s, s:s, s:i}", "id",
                                                       (json_int_t)school->id, "name",
                                                       school->name, "kind", school->kind,
                                                       "grade_max", school->grade_max));
    }
    if (!is_edit && r->user.role == ROLE_LEAD) {
        json_t *schools = pupils_school_options(r, form_int(values, "school"));
        if (!schools) {
            json_decref(model);
            return NULL;
        }
        json_object_set_new(model, "schools", schools);
    }
    json_object_set_new(model, "error_list",
                        form_error_list(pupil_fields, FIELDS_N(pupil_fields), errors));
    return model;
}

int page_pupil_new(struct req *r)
{
    struct school_info own, *school = NULL;
    int found = r->user.role == ROLE_COORDINATOR ? pupils_school_info(r, r->user.school_id, &own)
                                                 : 0;
    if (found < 0)
        return page_failed(r);
    if (found)
        school = &own;
    json_t *values = json_pack("{s:b}", "priority", 0);
    const char *preset = req_query(r, "school");
    if (r->user.role == ROLE_LEAD && preset)
        json_object_set_new(values, "school", json_string(preset));
    json_t *model = form_model(r, 0, school, values, json_object());
    return model ? render(r, 200, "pupils/form", model) : page_failed(r);
}

/* Checks beyond the field table: the characters of the number and, when the school is known
   (kind set), the grade against the school's kind. */
static void check_pupil(const struct school_info *school, json_t *values, json_t *errors)
{
    if (school->kind && !json_object_get(errors, "grade") &&
        form_int(values, "grade") > school->grade_max)
        json_object_set_new(errors, "grade",
                            json_string(!strcmp(school->kind, "vo")
                                            ? "Vul een leerjaar van 1 tot en met 6 in."
                                            : "Vul een groep van 1 tot en met 8 in."));
    if (!json_object_get(errors, "number") && !pupil_number_valid(form_str(values, "number")))
        json_object_set_new(errors, "number",
                            json_string("Gebruik alleen letters, cijfers, punten en streepjes."));
}

static struct pupil_fields fields_from(int64_t school_id, json_t *values, bool with_notes)
{
    return (struct pupil_fields){
        .school_id = school_id,
        .number = form_str(values, "number"),
        .first_name = form_str(values, "first_name"),
        .last_name = form_str(values, "last_name"),
        .grade = (int)form_int(values, "grade"),
        .class_name = form_str(values, "class"),
        .priority = form_bool(values, "priority"),
        .safety_notes = with_notes ? form_str(values, "safety_notes") : NULL,
        .left_on = form_str(values, "left_on"),
    };
}

/* The school a new pupil goes to: the lead's choice, the coordinator's own school, into out
   (kind NULL when unknown). Adds an error under "school" when that is not allowed. 0, or -1
   when the school's read failed. */
static int create_school(struct req *r, json_t *values, json_t *errors, struct school_info *out)
{
    bool chosen = *form_str(values, "school") && !json_object_get(errors, "school");
    int64_t id = chosen ? form_int(values, "school") : 0;
    if (r->user.role == ROLE_COORDINATOR) {
        if (pupils_school_info(r, r->user.school_id, out) < 0)
            return -1;
        if (json_object_get(errors, "school") || (chosen && id != r->user.school_id))
            json_object_set_new(errors, "school",
                                json_string("U kunt alleen leerlingen van uw eigen school"
                                            " toevoegen."));
        return 0;
    }
    if (json_object_get(errors, "school"))
        return 0;
    int found = chosen ? pupils_school_info(r, id, out) : 0;
    if (!found)
        json_object_set_new(errors, "school", json_string("Kies een school."));
    return found < 0 ? -1 : 0;
}

int page_pupil_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, pupil_fields, FIELDS_N(pupil_fields), values, errors);
    struct school_info school = {0};
    if (create_school(r, values, errors, &school)) {
        json_decref(values);
        json_decref(errors);
        return page_failed(r);
    }
    check_pupil(&school, values, errors);
    int64_t id = 0;
    if (json_object_size(errors) == 0) {
        struct pupil_fields p = fields_from(school.id, values, sees_notes(r));
        if (!p.safety_notes)
            p.safety_notes = "";
        enum pupil_result rc = pupil_create(r->db, r->user.id, &p, &id);
        if (rc == PUPIL_DUPLICATE_NUMBER)
            json_object_set_new(errors, "number",
                                json_string("Dit leerlingnummer bestaat al op deze school."));
        else if (rc == PUPIL_NOT_FOUND)
            json_object_set_new(errors, "school", json_string("Kies een school."));
        else if (rc != PUPIL_OK) {
            json_decref(values);
            json_decref(errors);
            return render_error(r, 500, SAVE_FAILED);
        }
    }
    if (json_object_size(errors)) {
        json_t *model = form_model(r, 0, school.name ? &school : NULL, values, errors);
        return model ? render_form_errors(r, "pupils/form", model) : page_failed(r);
    }
    json_decref(values);
    json_decref(errors);
    return page_saved(r, 201, pupil_object, id, "De leerling is opgeslagen.",
                      arena_printf(&r->arena, "/pupils/%lld", (long long)id));
}

/* The stored pupil as form values (strings, as typed). New reference. */
static json_t *values_of(json_t *pupil)
{
    json_t *values = json_pack(
        "{s:O, s:O, s:O, s:s, s:O, s:O}", "number", json_object_get(pupil, "number"),
        "first_name", json_object_get(pupil, "first_name"), "last_name",
        json_object_get(pupil, "last_name"), "grade", "", "class",
        json_object_get(pupil, "class"), "priority", json_object_get(pupil, "priority"));
    char grade[24];
    snprintf(grade, sizeof grade, "%lld",
             (long long)json_integer_value(json_object_get(pupil, "grade")));
    json_object_set_new(values, "grade", json_string(grade));
    json_t *notes = json_object_get(pupil, "safety_notes"); /* absent for the lead */
    json_object_set_new(values, "safety_notes", json_string(notes ? json_string_value(notes) : ""));
    json_t *left_on = json_object_get(pupil, "left_on");
    json_object_set_new(values, "left_on", json_string(left_on ? json_string_value(left_on) : ""));
    return values;
}

int page_pupil_edit(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t school_id = visible_pupil_school(r, id);
    struct school_info school;
    json_t *pupil = NULL;
    int found = school_id > 0 ? read_pupil_view(r, id, &pupil) : (int)school_id;
    if (found > 0)
        found = pupils_school_info(r, school_id, &school);
    if (found <= 0) {
        json_decref(pupil);
        return found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    }
    json_t *model = form_model(r, id, &school, values_of(pupil), json_object());
    if (!model) {
        json_decref(pupil);
        return page_failed(r);
    }
    json_object_set_new(model, "pupil", pupil);
    return render(r, 200, "pupils/form", model);
}

int page_pupil_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t school_id = visible_pupil_school(r, id);
    struct school_info school;
    int found = school_id > 0 ? pupils_school_info(r, school_id, &school) : (int)school_id;
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, pupil_fields, FIELDS_N(pupil_fields), values, errors);
    json_object_del(values, "school"); /* the school stays */
    json_object_del(errors, "school");
    check_pupil(&school, values, errors);
    if (json_object_size(errors) == 0) {
        struct pupil_fields p = fields_from(school_id, values, sees_notes(r));
        enum pupil_result rc = pupil_update(r->db, r->user.id, id, &p);
        if (rc == PUPIL_DUPLICATE_NUMBER) {
            json_object_set_new(errors, "number",
                                json_string("Dit leerlingnummer bestaat al op deze school."));
        } else if (rc != PUPIL_OK) {
            json_decref(values);
            json_decref(errors);
            return rc == PUPIL_NOT_FOUND ? render_error(r, 404, NOT_FOUND)
                                         : render_error(r, 500, SAVE_FAILED);
        }
    }
    if (json_object_size(errors)) {
        json_t *model = form_model(r, id, &school, values, errors), *pupil = NULL;
        if (!model || read_pupil_view(r, id, &pupil) < 0) {
            json_decref(model);
            return page_failed(r);
        }
        if (pupil)
            json_object_set_new(model, "pupil", pupil);
        return render_form_errors(r, "pupils/form", model);
    }
    json_decref(values);
    json_decref(errors);
    return page_saved(r, 200, pupil_object, id, "De wijzigingen zijn opgeslagen.",
                      arena_printf(&r->arena, "/pupils/%lld", (long long)id));
}

/* GET /pupils/{id}/link-code: what a new link code changes, with the button (issue 10 point
   3). Scope as on the POST: another school's pupil is 404. */
int page_pupil_link_code_confirm(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t school_id = visible_pupil_school(r, id);
    json_t *pupil = NULL;
    int found = school_id > 0 ? read_pupil_view(r, id, &pupil) : (int)school_id;
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    json_t *model = json_pack(
        "{s:s, s:I, s:o}", "title",
        arena_printf(&r->arena, "Nieuwe koppelcode voor %s?",
                     json_string_value(json_object_get(pupil, "name"))),
        "pupil_id", (json_int_t)id, "pupil", pupil);
    return render(r, 200, "pupils/link_code", model);
}

int page_pupil_new_link_code(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t school_id = visible_pupil_school(r, id);
    if (school_id <= 0)
        return school_id < 0 ? page_failed(r) : render_error(r, 404, NOT_FOUND);
    char code[LINK_CODE_SIZE];
    enum pupil_result rc = pupil_renew_link_code(r->db, r->user.id, id, code);
    if (rc == PUPIL_NOT_FOUND)
        return render_error(r, 404, NOT_FOUND);
    if (rc != PUPIL_OK)
        return render_error(r, 500, SAVE_FAILED);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "link_code",
                                              code));
    session_flash(r, "Er is een nieuwe koppelcode gemaakt. De oude code werkt niet meer.");
    return respond_redirect(r, arena_printf(&r->arena, "/pupils/%lld", (long long)id));
}
