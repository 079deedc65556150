/* /pupils/import: the coordinator pastes the CSV export of the school administration (every
   row is checked first, and only a list without errors is written), or uploads the exported
   file: then a preview says per line what would happen (new, changed and how, unchanged, or
   the error), asks which column is which when the header's names are not understood, and its
   form sends the file's bytes back (base64, hidden) to /pupils/import/confirm, which parses
   them again and writes everything in one transaction (pupils_import). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
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
    {.name = "csv", .label = "Leerlingenlijst", .type = FIELD_TEXTAREA, .max_len = 2000000},
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
    if (n->left)
        return arena_printf(&r->arena,
                            "De import is klaar: %d nieuw, %d bijgewerkt, %d ongewijzigd, %d als"
                            " vertrokken gemarkeerd.",
                            n->created, n->updated, n->unchanged, n->left);
    if (n->unchanged)
        return arena_printf(&r->arena,
                            "De import is klaar: %d nieuw, %d bijgewerkt, %d ongewijzigd.",
                            n->created, n->updated, n->unchanged);
    return arena_printf(&r->arena, "De import is klaar: %d nieuw, %d bijgewerkt.", n->created,
                        n->updated);
}

/* ---- after a write ------------------------------------------------------------------------ */

/* The answer to a written import: JSON counts, or a flash and the list (which then offers the
   letters of the pupils just created). */
static int import_done(struct req *r, int64_t school_id, const struct pupil_import_counts *counts)
{
    if (r->wants_json)
        return respond_json(r, 200,
                            json_pack("{s:i, s:i, s:i, s:i, s:I}", "created", counts->created,
                                      "updated", counts->updated, "unchanged", counts->unchanged,
                                      "left", counts->left, "school_id", (json_int_t)school_id));
    session_flash(r, count_summary(r, counts));
    if (!counts->created)
        return respond_redirect(r, "/pupils");
    return respond_redirect(
        r, arena_printf(&r->arena, "/pupils?new_first=%lld&new_last=%lld%s",
                        (long long)counts->first_new_id, (long long)counts->last_new_id,
                        r->user.role == ROLE_LEAD
                            ? arena_printf(&r->arena, "&school=%lld", (long long)school_id)
                            : ""));
}

/* ---- the preview of an uploaded file ------------------------------------------------------ */

static const char *const map_fields[PUPIL_CSV_MAPPED] = {"map_number", "map_first_name",
                                                         "map_last_name", "map_grade"};
static const char *const map_labels[PUPIL_CSV_MAPPED] = {"Leerlingnummer", "Voornaam",
                                                         "Achternaam", "Groep"};

/* The file to import: the uploaded "file", or the bytes the preview's form sent back in
   "content" (base64). */
struct import_input {
    const char *data;
    size_t len;
    struct pupil_csv_map map;
    bool mark_left;
};

static bool has_upload(const struct req *r)
{
    const struct upload *file = req_file(r, "file");
    return (file && file->len) || req_form(r, "content");
}

/* Fill in from the request: 0, or -1 when the content cannot be decoded. */
static int import_input(struct req *r, struct import_input *in)
{
    *in = (struct import_input){0};
    const struct upload *file = req_file(r, "file");
    if (file && file->len) {
        in->data = file->data;
        in->len = file->len;
    } else {
        const char *b64 = req_form(r, "content");
        size_t max = b64 ? strlen(b64) / 4 * 3 + 3 : 0;
        char *bytes = arena_alloc(&r->arena, max + 1);
        if (!b64 || sodium_base642bin((unsigned char *)bytes, max, b64, strlen(b64), NULL,
                                      &in->len, NULL, sodium_base64_VARIANT_ORIGINAL))
            return -1;
        in->data = bytes;
    }
    for (int k = 0; k < PUPIL_CSV_MAPPED; k++) {
        const char *v = req_form(r, map_fields[k]);
        int n = v ? atoi(v) : 0;
        in->map.column[k] = n > 0 && n <= 1000 ? n : 0;
    }
    const char *mark = req_form(r, "mark_left");
    in->mark_left = mark && !strcmp(mark, "1");
    return 0;
}

const char *pupil_import_changes_words(struct arena *a, unsigned changes, int grade_max)
{
    static const struct {
        unsigned bit;
        const char *word;
    } words[] = {{PUPIL_CHANGE_FIRST_NAME, "voornaam"}, {PUPIL_CHANGE_LAST_NAME, "achternaam"},
                 {PUPIL_CHANGE_GRADE, NULL},            {PUPIL_CHANGE_CLASS, "klas"},
                 {PUPIL_CHANGE_PRIORITY, "doelgroep"},  {PUPIL_CHANGE_RETURNED, "weer op school"}};
    const char *text = "";
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!(changes & words[i].bit))
            continue;
        const char *word = words[i].word ? words[i].word : grade_max == 6 ? "leerjaar" : "groep";
        text = *text ? arena_printf(a, "%s, %s", text, word) : word;
    }
    return text;
}

/* Sort errors by line, keeping the order within a line (insertion sort: they come nearly in
   order, the header's first). */
static void sort_by_line(struct pupil_csv_error *errors, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct pupil_csv_error e = errors[i];
        size_t j = i;
        for (; j > 0 && errors[j - 1].line > e.line; j--)
            errors[j] = errors[j - 1];
        errors[j] = e;
    }
}

static json_t *error_line(int line, const char *message)
{
    return json_pack("{s:i, s:s, s:s, s:s, s:s}", "line", line, "number", "", "name", "",
                     "status", "fout", "detail", message);
}

static json_t *row_line(struct req *r, const struct pupil_import_line *l, int grade_max)
{
    static const char *const status[] = {"nieuw", "gewijzigd", "ongewijzigd"};
    const char *detail = l->status == PUPIL_IMPORT_CHANGED
                             ? pupil_import_changes_words(&r->arena, l->changes, grade_max)
                             : "";
    return json_pack("{s:i, s:s, s:s, s:s, s:s}", "line", l->row->line, "number", l->row->number,
                     "name",
                     arena_printf(&r->arena, "%s %s", l->row->first_name, l->row->last_name),
                     "status", status[l->status], "detail", detail);
}

/* Every line of the preview in the file's order: the good rows and the errors (several
   errors of one line joined). New reference. */
static json_t *preview_lines(struct req *r, const struct pupil_csv *csv,
                             const struct pupil_import_preview *pv, int grade_max,
                             json_t *file_errors)
{
    struct pupil_csv_error *errors =
        arena_alloc(&r->arena, (csv->n_listed ? csv->n_listed : 1) * sizeof *errors);
    memcpy(errors, csv->errors, csv->n_listed * sizeof *errors);
    sort_by_line(errors, csv->n_listed);
    json_t *lines = json_array();
    size_t e = 0, g = 0;
    while (e < csv->n_listed && errors[e].line <= 0)
        json_array_append_new(file_errors, json_string(errors[e++].message));
    while (e < csv->n_listed || g < pv->n_lines) {
        if (g < pv->n_lines && (e == csv->n_listed || pv->lines[g].row->line < errors[e].line)) {
            json_array_append_new(lines, row_line(r, &pv->lines[g++], grade_max));
            continue;
        }
        int line = errors[e].line;
        const char *text = errors[e++].message;
        while (e < csv->n_listed && errors[e].line == line)
            text = arena_printf(&r->arena, "%s %s", text, errors[e++].message);
        json_array_append_new(lines, error_line(line, text));
    }
    return lines;
}

/* The selects of the mapping step: per column to choose, the header's columns. */
static json_t *mapping_model(const struct pupil_csv *csv, const struct pupil_csv_map *map)
{
    json_t *fields = json_array();
    for (int k = 0; k < PUPIL_CSV_MAPPED; k++) {
        json_t *options = json_array();
        for (size_t i = 0; i < csv->n_header; i++)
            json_array_append_new(options,
                                  json_pack("{s:i, s:s, s:b}", "value", (int)i + 1, "label",
                                            *csv->header[i] ? csv->header[i] : "(leeg)",
                                            "selected", map->column[k] == (int)i + 1));
        json_array_append_new(fields, json_pack("{s:s, s:s, s:o}", "field", map_fields[k],
                                                "label", map_labels[k], "options", options));
    }
    return fields;
}

/* The preview page for in (parsed into csv) at school. */
static int render_preview(struct req *r, int status, const struct school_info *school,
                          const struct import_input *in, const struct pupil_csv *csv)
{
    struct pupil_import_preview pv;
    if (pupils_import_preview(r->db, &r->arena, school->id, csv, &pv))
        return page_failed(r);
    size_t b64_len = sodium_base64_ENCODED_LEN(in->len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(&r->arena, b64_len);
    sodium_bin2base64(b64, b64_len, (const unsigned char *)in->data, in->len,
                      sodium_base64_VARIANT_ORIGINAL);
    json_t *file_errors = json_array();
    json_t *lines = preview_lines(r, csv, &pv, school->grade_max, file_errors);
    json_t *maps = json_array();
    for (int k = 0; k < PUPIL_CSV_MAPPED; k++)
        if (in->map.column[k])
            json_array_append_new(maps, json_pack("{s:s, s:i}", "field", map_fields[k],
                                                  "value", in->map.column[k]));
    json_t *model = json_pack(
        "{s:s, s:{s:I, s:s}, s:s, s:o, s:o, s:i, s:i, s:i, s:I, s:i, s:b, s:b, s:s, s:o,"
        " s:b, s:b}",
        "title", "Voorbeeld van de import", "school", "id", (json_int_t)school->id, "name",
        school->name, "encoding", csv->encoding, "lines", lines, "file_errors", file_errors,
        "created", pv.created, "changed", pv.changed, "unchanged", pv.unchanged, "errors",
        (json_int_t)csv->n_errors, "leaving", pv.leaving, "can_confirm",
        csv->n_errors == 0 && csv->n_rows > 0, "has_errors", csv->n_errors > 0, "content", b64,
        "maps", maps, "mark_left", in->mark_left, "needs_mapping",
        csv->needs_mapping || json_array_size(maps) > 0);
    json_object_set_new(model, "has_file_errors", json_boolean(json_array_size(file_errors)));
    if (csv->n_header)
        json_object_set_new(model, "mapping", mapping_model(csv, &in->map));
    return render(r, status, "pupils/import_preview", model);
}

/* POST /pupils/import with a file (or the mapping step's content): the preview, nothing
   written. values and errors are stolen. */
static int import_preview(struct req *r, const struct school_info *school, json_t *values,
                          json_t *errors)
{
    struct import_input in;
    if (!school || import_input(r, &in)) {
        if (school)
            json_object_set_new(errors, "csv", json_string("Het bestand is niet goed ontvangen."
                                                           " Probeer het opnieuw."));
        return import_refused(r, school, values, errors, NULL);
    }
    json_decref(values);
    json_decref(errors);
    struct pupil_csv csv;
    pupil_csv_parse_mapped(&r->arena, in.data, in.len, school->grade_max, &in.map, &csv);
    return render_preview(r, 200, school, &in, &csv);
}

int page_pupils_import_confirm(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, import_fields, FIELDS_N(import_fields), values, errors);
    struct school_info school = {0};
    int has_school = import_school(r, values, errors, &school);
    struct import_input in;
    if (has_school <= 0 || import_input(r, &in)) {
        json_decref(values);
        json_decref(errors);
        if (has_school < 0)
            return page_failed(r);
        return render_error(r, 400, "Dit formulier is niet compleet. Begin de import opnieuw.");
    }
    json_decref(values);
    json_decref(errors);
    struct pupil_csv csv;
    if (pupil_csv_parse_mapped(&r->arena, in.data, in.len, school.grade_max, &in.map, &csv) ||
        csv.n_rows == 0)
        return render_preview(r, 422, &school, &in, &csv);
    struct pupil_import_counts counts;
    if (pupils_import(r->db, r->user.id, school.id, &csv, in.mark_left, &counts))
        return render_error(r, 500, "Importeren lukt nu niet. Er is niets opgeslagen.");
    return import_done(r, school.id, &counts);
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
    if (!json_object_get(errors, "csv") && has_upload(r))
        return import_preview(r, has_school ? &school : NULL, values, errors);
    if (!json_object_get(errors, "csv") && !*form_str(values, "csv"))
        json_object_set_new(errors, "csv", json_string("Kies een bestand of plak de lijst."));
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
    return import_done(r, school.id, &counts);
}
