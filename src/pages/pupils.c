/* /pupils/…: one pupil with its enrolments, link code and parents, the form to add or change a
   pupil, and a new link code. The list is pupils_list.c, the import pupils_import.c. A
   coordinator sees only the own school; a pupil of another school answers 404. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "domain/people/pupils.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "pages/scope.h"
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

/* Safety notes are seen by the school's coordinator only (and, elsewhere, the activity's
   staff): PRODUCT.md rule 8. */
static bool sees_notes(const struct req *r)
{
    return r->user.role == ROLE_COORDINATOR;
}

/* ---- shared with pupils_list.c and pupils_import.c ---------------------------------------- */

bool pupils_school_info(struct req *r, int64_t school_id, struct school_info *info)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT key, name, kind FROM schools WHERE id = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, school_id);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        info->id = school_id;
        info->key = arena_strdup(&r->arena, db_col_text(st, 0));
        info->name = arena_strdup(&r->arena, db_col_text(st, 1));
        info->kind = arena_strdup(&r->arena, db_col_text(st, 2));
        info->grade_max = pupil_grade_max(info->kind);
    }
    sqlite3_reset(st);
    return found;
}

json_t *pupils_school_options(struct req *r, int64_t selected_id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id, name, kind FROM schools ORDER BY name, id");
    if (!st)
        return list;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)id,
                                              "name", db_col_text(st, 1), "kind",
                                              db_col_text(st, 2), "selected", id == selected_id));
    }
    sqlite3_reset(st);
    return list;
}

/* ---- small helpers ------------------------------------------------------------------------ */

static const char *grade_label(const char *kind, long long grade, struct req *r)
{
    return arena_printf(&r->arena, "%s %lld", !strcmp(kind, "vo") ? "leerjaar" : "groep", grade);
}

/* The pupil's school when this user may see the pupil, else 0 (no such pupil, or another
   school's). */
static int64_t visible_pupil_school(struct req *r, int64_t pupil_id)
{
    int64_t school = scope_pupil_school(r, pupil_id);
    return school && scope_school(r, school) ? school : 0;
}

/* One pupil as JSON: the fields of the load format plus school name, key and kind; safety
   notes only for the coordinator. NULL when there is no such pupil. New reference. */
static json_t *pupil_object(struct req *r, int64_t id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT p.id, p.key, p.number, p.first_name, p.last_name, p.grade, p.class,"
               " p.priority, p.link_code, p.safety_notes, p.left_on, s.id, s.key, s.name, s.kind"
               " FROM pupils p JOIN schools s ON s.id = p.school_id WHERE p.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *pupil = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_int_t grade = sqlite3_column_int64(st, 5);
        pupil = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:s?, s:s?, s:I, s:s, s:s, s:s}",
            "id", (json_int_t)sqlite3_column_int64(st, 0), "key", db_col_text(st, 1), "number",
            db_col_text(st, 2), "first_name", db_col_text(st, 3), "last_name",
            db_col_text(st, 4), "name",
            arena_printf(&r->arena, "%s %s", db_col_text(st, 3), db_col_text(st, 4)), "grade",
            grade, "grade_label", grade_label(db_col_text(st, 14), grade, r), "class",
            db_col_text(st, 6), "priority", sqlite3_column_int(st, 7), "link_code",
            (const char *)sqlite3_column_text(st, 8), "left_on",
            (const char *)sqlite3_column_text(st, 10), "school_id",
            (json_int_t)sqlite3_column_int64(st, 11), "school_key", db_col_text(st, 12),
            "school", db_col_text(st, 13), "school_kind", db_col_text(st, 14));
        if (pupil && sees_notes(r))
            json_object_set_new(pupil, "safety_notes", json_string(db_col_text(st, 9)));
    }
    sqlite3_reset(st);
    return pupil;
}

/* ---- one pupil ---------------------------------------------------------------------------- */

/* The pupil's enrolments, newest activity first, with the waiting-list position. */
static json_t *pupil_enrolments(struct req *r, int64_t pupil_id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT e.id, a.id, a.title, e.status,"
               " CASE WHEN e.status = 'waitlisted' THEN 1 + (SELECT count(*) FROM enrolments w"
               "  WHERE w.activity_id = e.activity_id AND w.status = 'waitlisted'"
               "  AND (w.created_at < e.created_at"
               "   OR (w.created_at = e.created_at AND w.id < e.id)))"
               " END, a.date_from, a.date_until"
               " FROM enrolments e JOIN activities a ON a.id = e.activity_id"
               " WHERE e.pupil_id = ?1 ORDER BY a.date_from DESC, a.title");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, pupil_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *status = db_col_text(st, 3);
        json_t *e = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "id",
                              (json_int_t)sqlite3_column_int64(st, 0), "activity_id",
                              (json_int_t)sqlite3_column_int64(st, 1), "title",
                              db_col_text(st, 2), "status", status, "status_label",
                              enrolment_status_label(status), "enrolled",
                              !strcmp(status, "enrolled"), "waitlisted",
                              !strcmp(status, "waitlisted"), "from", db_col_text(st, 5), "until",
                              db_col_text(st, 6));
        if (sqlite3_column_type(st, 4) != SQLITE_NULL)
            json_object_set_new(e, "position", json_integer(sqlite3_column_int64(st, 4)));
        json_array_append_new(list, e);
    }
    sqlite3_reset(st);
    return list;
}

static json_t *pupil_parents(struct req *r, int64_t pupil_id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT u.id, u.email, u.name FROM parent_children c"
                                      " JOIN users u ON u.id = c.user_id WHERE c.pupil_id = ?1"
                                      " ORDER BY u.email");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, pupil_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id",
                                              (json_int_t)sqlite3_column_int64(st, 0), "email",
                                              db_col_text(st, 1), "name", db_col_text(st, 2)));
    sqlite3_reset(st);
    return list;
}

/* The address this site was reached at, for the letter to parents; NULL when the Host header
   is absent or odd. Arena-owned. */
/* Where the letter sends parents: the registration page of [server] public_url (without a
   trailing '/'). Arena-owned. */
static const char *register_address(struct req *r)
{
    const char *base = r->app->cfg.public_url;
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    return arena_printf(&r->arena, "%.*s/register", (int)n, base);
}

int page_pupil_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    if (!visible_pupil_school(r, id))
        return render_error(r, 404, NOT_FOUND);
    json_t *pupil = pupil_object(r, id);
    if (!pupil)
        return render_error(r, 404, NOT_FOUND);
    bool vo = !strcmp(json_string_value(json_object_get(pupil, "school_kind")), "vo");
    /* The pupil's own fields at the top, as GET /activities/{id} does for an activity. */
    json_t *model = pupil;
    json_object_set(model, "title", json_object_get(pupil, "name"));
    json_object_set_new(model, "grade_word", json_string(vo ? "Leerjaar" : "Groep"));
    json_object_set_new(model, "enrolments", pupil_enrolments(r, id));
    json_object_set_new(model, "parents", pupil_parents(r, id));
    json_object_set_new(model, "sees_notes", json_boolean(sees_notes(r)));
    json_object_set_new(model, "register_url", json_string(register_address(r)));
    return render(r, 200, "pupils/show", model);
}

/* ---- the form ----------------------------------------------------------------------------- */

/* The form's model: title, where it posts, the schools a lead picks from, values and errors
   (both stolen). */
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
    if (!is_edit && r->user.role == ROLE_LEAD)
        json_object_set_new(model, "schools",
                            pupils_school_options(r, form_int(values, "school")));
    json_object_set_new(model, "error_list",
                        form_error_list(pupil_fields, FIELDS_N(pupil_fields), errors));
    return model;
}

int page_pupil_new(struct req *r)
{
    struct school_info own, *school = NULL;
    if (r->user.role == ROLE_COORDINATOR && pupils_school_info(r, r->user.school_id, &own))
        school = &own;
    json_t *values = json_pack("{s:b}", "priority", 0);
    const char *preset = req_query(r, "school");
    if (r->user.role == ROLE_LEAD && preset)
        json_object_set_new(values, "school", json_string(preset));
    return render(r, 200, "pupils/form", form_model(r, 0, school, values, json_object()));
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
   (kind NULL when unknown). Adds an error under "school" when that is not allowed. */
static void create_school(struct req *r, json_t *values, json_t *errors, struct school_info *out)
{
    bool chosen = *form_str(values, "school") && !json_object_get(errors, "school");
    int64_t id = chosen ? form_int(values, "school") : 0;
    if (r->user.role == ROLE_COORDINATOR) {
        pupils_school_info(r, r->user.school_id, out);
        if (json_object_get(errors, "school") || (chosen && id != r->user.school_id))
            json_object_set_new(errors, "school",
                                json_string("U kunt alleen leerlingen van uw eigen school"
                                            " toevoegen."));
        return;
    }
    if (!json_object_get(errors, "school") && (!chosen || !pupils_school_info(r, id, out)))
        json_object_set_new(errors, "school", json_string("Kies een school."));
}

int page_pupil_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, pupil_fields, FIELDS_N(pupil_fields), values, errors);
    struct school_info school = {0};
    create_school(r, values, errors, &school);
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
        return render_form_errors(
            r, "pupils/form", form_model(r, 0, school.name ? &school : NULL, values, errors));
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
    json_t *pupil = school_id ? pupil_object(r, id) : NULL;
    if (!pupil || !pupils_school_info(r, school_id, &school)) {
        json_decref(pupil);
        return render_error(r, 404, NOT_FOUND);
    }
    json_t *model = form_model(r, id, &school, values_of(pupil), json_object());
    json_object_set_new(model, "pupil", pupil);
    return render(r, 200, "pupils/form", model);
}

int page_pupil_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t school_id = visible_pupil_school(r, id);
    struct school_info school;
    if (!school_id || !pupils_school_info(r, school_id, &school))
        return render_error(r, 404, NOT_FOUND);
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
        json_t *model = form_model(r, id, &school, values, errors);
        json_object_set_new(model, "pupil", pupil_object(r, id));
        return render_form_errors(r, "pupils/form", model);
    }
    json_decref(values);
    json_decref(errors);
    return page_saved(r, 200, pupil_object, id, "De wijzigingen zijn opgeslagen.",
                      arena_printf(&r->arena, "/pupils/%lld", (long long)id));
}

int page_pupil_new_link_code(struct req *r)
{
    int64_t id = r->path_ids[0];
    if (!visible_pupil_school(r, id))
        return render_error(r, 404, NOT_FOUND);
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
