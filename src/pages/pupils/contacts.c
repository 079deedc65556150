/* /pupils/{id}/contacts: the families' contacts and the consents of one pupil, filled in by
   the school's coordinator (or the lead); the rules in domain/people/contacts.h. */
#include <stdio.h>
#include <string.h>

#include "domain/people/contacts.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static const char *const NO_PUPIL = "Deze leerling bestaat niet.";

#define CONTACT_FIELDS(n)                                                                       \
    {.name = "name_" #n, .label = "Naam (contact " #n ")", .type = FIELD_TEXT,               \
     .max_len = CONTACT_TEXT_MAX},                                                            \
    {.name = "relation_" #n, .label = "Relatie (contact " #n ")", .type = FIELD_TEXT,        \
     .max_len = CONTACT_TEXT_MAX},                                                            \
    {.name = "phone_" #n, .label = "Telefoon (contact " #n ")", .type = FIELD_TEXT,          \
     .max_len = CONTACT_PHONE_MAX},                                                           \
    {.name = "email_" #n, .label = "E-mail (contact " #n ")", .type = FIELD_TEXT,            \
     .max_len = CONTACT_TEXT_MAX},                                                            \
    {.name = "emergency_" #n, .label = "Noodnummer (contact " #n ")", .type = FIELD_BOOL}

const struct field contacts_form_fields[] = {
    CONTACT_FIELDS(1),
    CONTACT_FIELDS(2),
    CONTACT_FIELDS(3),
    CONTACT_FIELDS(4),
    {.name = "photos", .label = "Toestemming foto's", .type = FIELD_BOOL},
    {.name = "home_alone", .label = "Alleen naar huis", .type = FIELD_BOOL},
};
const size_t contacts_form_n = sizeof contacts_form_fields / sizeof *contacts_form_fields;

json_t *contacts_form_rows(json_t *values, json_t *errors)
{
    json_t *rows = json_array();
    for (int i = 1; i <= CONTACTS_MAX; i++) {
        char key[32];
        json_t *row = json_pack("{s:i}", "n", i);
        static const char *const parts[] = {"name", "relation", "phone", "email"};
        for (size_t k = 0; k < 4; k++) {
            snprintf(key, sizeof key, "%s_%d", parts[k], i);
            const char *v = json_string_value(json_object_get(values, key));
            json_object_set_new(row, parts[k], json_string(v ? v : ""));
            json_t *message = json_object_get(errors, key);
            if (message) {
                char error_key[32];
                snprintf(error_key, sizeof error_key, "%s_error", parts[k]);
                json_object_set(row, error_key, message);
            }
        }
        snprintf(key, sizeof key, "emergency_%d", i);
        json_object_set_new(row, "emergency", json_boolean(json_is_true(json_object_get(values, key))));
        json_array_append_new(rows, row);
    }
    return rows;
}

json_t *contacts_stored_values(struct req *r, int64_t pupil_id)
{
    json_t *stored = NULL;
    if (read_pupil_contacts(r->db, pupil_id, &stored))
        return NULL;
    json_t *values = json_object();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(stored, "contacts"), i, c)
    {
        char key[32];
        static const char *const parts[] = {"name", "relation", "phone", "email"};
        for (size_t k = 0; k < 4; k++) {
            snprintf(key, sizeof key, "%s_%zu", parts[k], i + 1);
            json_object_set(values, key, json_object_get(c, parts[k]));
        }
        snprintf(key, sizeof key, "emergency_%zu", i + 1);
        json_object_set(values, key, json_object_get(c, "emergency"));
    }
    json_t *consents = json_object_get(stored, "consents");
    json_object_set_new(values, "photos", json_boolean(json_is_true(json_object_get(
                                              json_object_get(consents, "photos"), "given"))));
    json_object_set_new(values, "home_alone",
                        json_boolean(json_is_true(json_object_get(
                            json_object_get(consents, "home_alone"), "given"))));
    json_decref(stored);
    return values;
}

static json_t *form_model(int64_t pupil_id, json_t *values, json_t *errors)
{
    json_t *model = json_pack("{s:s, s:I, s:o, s:o}", "title", "Contactpersonen en toestemming",
                              "pupil_id", (json_int_t)pupil_id, "rows",
                              contacts_form_rows(values, errors), "errors", errors);
    json_object_set_new(model, "values", values);
    return model;
}

void contacts_posted(json_t *values, struct contact_input in[CONTACTS_MAX],
                     struct consent_input *consents)
{
    for (int i = 0; i < CONTACTS_MAX; i++) {
        char key[32];
        snprintf(key, sizeof key, "name_%d", i + 1);
        in[i].name = form_str(values, key);
        snprintf(key, sizeof key, "relation_%d", i + 1);
        in[i].relation = form_str(values, key);
        snprintf(key, sizeof key, "phone_%d", i + 1);
        in[i].phone = form_str(values, key);
        snprintf(key, sizeof key, "email_%d", i + 1);
        in[i].email = form_str(values, key);
        snprintf(key, sizeof key, "emergency_%d", i + 1);
        in[i].emergency = form_bool(values, key);
    }
    *consents = (struct consent_input){form_bool(values, "photos"),
                                       form_bool(values, "home_alone")};
}

int page_pupil_contacts(struct req *r)
{
    int64_t pupil_id = r->path_ids[0];
    int64_t school = visible_pupil_school(r, pupil_id);
    if (school <= 0)
        return school < 0 ? page_failed(r) : render_error(r, 404, NO_PUPIL);
    json_t *values = contacts_stored_values(r, pupil_id);
    if (!values)
        return page_failed(r);
    return render(r, 200, "pupils/contacts", form_model(pupil_id, values, json_object()));
}

int page_pupil_contacts_save(struct req *r)
{
    int64_t pupil_id = r->path_ids[0];
    int64_t school = visible_pupil_school(r, pupil_id);
    if (school <= 0)
        return school < 0 ? page_failed(r) : render_error(r, 404, NO_PUPIL);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, contacts_form_fields, contacts_form_n, values, errors);
    struct contact_input in[CONTACTS_MAX];
    struct consent_input consents;
    contacts_posted(values, in, &consents);
    char today[11];
    date_format(date_today(), today);
    struct problems problems = {0};
    enum outcome rc = json_object_size(errors)
                          ? OUTCOME_INVALID
                          : contacts_save(r->db, r->user.id, pupil_id, in, CONTACTS_MAX,
                                          &consents, today, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return form_show_errors(r, "pupils/contacts", form_model(pupil_id, values, errors),
                                contacts_form_fields, contacts_form_n);
    }
    problems_clear(&problems);
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, NO_PUPIL);
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "ok", true));
    session_flash(r, "De contactpersonen en toestemmingen zijn opgeslagen.");
    return respond_redirect(r, arena_printf(&r->arena, "/pupils/%lld", (long long)pupil_id));
}
