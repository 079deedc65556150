/* /pupils/import: the coordinator pastes the CSV export of the school administration; every
   row is checked first, and only a list without errors is written (pupils_import). */
#include <stdio.h>
#include <string.h>

#include "domain/people/pupils.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "view/render.h"

static const struct field import_fields[] = {
    {.name = "school", .label = "School", .type = FIELD_INT, .min = 1, .max = INT64_MAX},
    {.name = "csv", .label = "Leerlingenlijst", .type = FIELD_TEXTAREA, .required = true,
     .max_len = 2000000},
};

/* The page's model around values and errors (both stolen); school is the coordinator's. New
   reference, NULL when a read failed. */
static json_t *import_model(struct req *r, const struct school_info *school, json_t *values,
                            json_t *errors)
{
    bool is_lead = r->user.role == ROLE_LEAD;
    json_t *model = json_pack("{s:s, s:b, s:i, s:o, s:o}", "title", "Leerlingen importeren",
                              "choose_school", is_lead, "max_rows", PUPIL_IMPORT_MAX_ROWS,
                              "values", values, "errors", errors);
    json_t *schools = is_lead ? pupils_school_options(r, form_int(values, "school")) : NULL;
    if (is_lead && !schools) {
        json_decref(model);
        return NULL;
    }
    if (is_lead)
        json_object_set_new(model, "schools", schools);
    else if (school)
        json_object_set_new(model, "school",
                            json_pack("{s:I, s:s}", "id", (json_int_t)school->id, "name",
                                      school->name));
    json_object_set_new(model, "error_list",
                        form_error_list(import_fields, FIELDS_N(import_fields), errors));
    return model;
}

int page_pupils_import_form(struct req *r)
{
    struct school_info own, *school = NULL;
    int found = r->user.role == ROLE_COORDINATOR ? pupils_school_info(r, r->user.school_id, &own)
                                                 : 0;
    if (found < 0)
        return page_failed(r);
    if (found)
        school = &own;
    json_t *values = json_pack("{s:s}", "csv", "");
    const char *preset = req_query(r, "school");
    if (r->user.role == ROLE_LEAD && preset)
        json_object_set_new(values, "school", json_string(preset));
    json_t *model = import_model(r, school, values, json_object());
    return model ? render(r, 200, "pupils/import", model) : page_failed(r);
}

/* The school the import is for (the lead's choice, the coordinator's own): 1; 0 with an
   error under "school" when there is none or it is not allowed; -1 when the read failed. */
static int import_school(struct req *r, json_t *values, json_t *errors, struct school_info *out)
{
    bool chosen = *form_str(values, "school") && !json_object_get(errors, "school");
    int64_t id = chosen ? form_int(values, "school") : 0;
    if (r->user.role == ROLE_COORDINATOR) {
        int own = pupils_school_info(r, r->user.school_id, out);
        if (own < 0)
            return -1;
        if (json_object_get(errors, "school") || (chosen && id != r->user.school_id)) {
            json_object_set_new(errors, "school",
                                json_string("U kunt alleen leerlingen van uw eigen school"
                                            " importeren."));
            return 0;
        }
        return own;
    }
    if (json_object_get(errors, "school"))
        return 0;
    int found = chosen ? pupils_school_info(r, id, out) : 0;
    if (!found)
        json_object_set_new(errors, "school", json_string("Kies een school."));
    return found;
}

/* The form again with the parser's messages (422; JSON: the messages too). */
static int import_refused(struct req *r, const struct school_info *school, json_t *values,
                          json_t *errors, const struct pupil_csv *csv)
{
    json_t *messages = json_array();
    for (size_t i = 0; csv && i < csv->n_messages; i++)
        json_array_append_new(messages, json_string(csv->messages[i]));
    json_int_t more = csv ? (json_int_t)(csv->n_errors - csv->n_messages) : 0;
    if (r->wants_json) {
        json_t *body = json_pack("{s:s, s:O, s:o, s:I}", "error",
                                 "Controleer de gemarkeerde velden. Er is niets opgeslagen.",
                                 "fields", errors, "messages", messages, "more", more);
        json_decref(values);
        json_decref(errors);
        return respond_json(r, 422, body);
    }
    json_t *model = import_model(r, school, values, errors);
    if (!model) {
        json_decref(messages);
        return page_failed(r);
    }
    json_object_set_new(model, "messages", messages);
    if (more > 0)
        json_object_set_new(model, "more", json_integer(more));
    return render(r, 422, "pupils/import", model);
}

static const char *count_summary(struct req *r, const struct pupil_import_counts *n)
{
    if (n->unchanged)
        return arena_printf(&r->arena,
                            "De import is klaar: %d nieuw, %d bijgewerkt, %d ongewijzigd.",
                            n->created, n->updated, n->unchanged);
    return arena_printf(&r->arena, "De import is klaar: %d nieuw, %d bijgewerkt.", n->created,
                        n->updated);
}

int page_pupils_import(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, import_fields, FIELDS_N(import_fields), values, errors);
    struct school_info school = {0};
    int has_school = import_school(r, values, errors, &school);
    if (has_school < 0) {
        json_decref(values);
        json_decref(errors);
        return page_failed(r);
    }
    const struct school_info *shown = school.name ? &school : NULL;
    if (json_object_get(errors, "csv"))
        return import_refused(r, shown, values, errors, NULL);
    const char *text = form_str(values, "csv");
    struct pupil_csv csv;
    if (pupil_csv_parse(&r->arena, text, strlen(text), has_school ? school.grade_max : 8, &csv)) {
        json_object_set_new(
            errors, "csv",
            json_string(arena_printf(&r->arena,
                                     "%zu %s in de lijst. Er is niets opgeslagen: verbeter de"
                                     " lijst en probeer het opnieuw.",
                                     csv.n_errors, csv.n_errors == 1 ? "fout" : "fouten")));
        return import_refused(r, shown, values, errors, &csv);
    }
    if (!has_school)
        return import_refused(r, shown, values, errors, NULL);
    struct pupil_import_counts counts;
    if (pupils_import(r->db, r->user.id, school.id, &csv, false, &counts)) {
        json_decref(values);
        json_decref(errors);
        return render_error(r, 500, "Importeren lukt nu niet. Er is niets opgeslagen.");
    }
    json_decref(values);
    json_decref(errors);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:i, s:i, s:i, s:I}", "created", counts.created,
                                              "updated", counts.updated, "unchanged",
                                              counts.unchanged, "school_id",
                                              (json_int_t)school.id));
    session_flash(r, count_summary(r, &counts));
    if (!counts.created)
        return respond_redirect(r, "/pupils");
    /* The list then offers the letters of the pupils just created. */
    return respond_redirect(
        r, arena_printf(&r->arena, "/pupils?new_first=%lld&new_last=%lld%s",
                        (long long)counts.first_new_id, (long long)counts.last_new_id,
                        r->user.role == ROLE_LEAD
                            ? arena_printf(&r->arena, "&school=%lld", (long long)school.id)
                            : ""));
}
