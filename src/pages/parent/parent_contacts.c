/* /parent/children/{id}/contacts: a parent fills in the family's contacts and the consents of
   their own linked child, in the parent's language (the rules in domain/people/contacts.h; the
   school's page of the same form is pupils/contacts.c). Another child, or one that was deleted,
   is 404; audited as the parent. */
#include <stdio.h>
#include <string.h>

#include "domain/enrolment/parents.h"
#include "domain/people/contacts.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

/* Whether the pupil of the path is the parent's own child: 1, 0 (404), -1. */
static int own_child(struct req *r)
{
    return parent_has_child(r->db, r->user.id, r->path_ids[0]);
}

/* The form's fields with their labels in the request's language, for the error summary.
   Arena-owned. */
static struct field *translated_fields(struct req *r)
{
    struct field *fields = arena_alloc(&r->arena, contacts_form_n * sizeof *fields);
    for (size_t i = 0; i < contacts_form_n; i++) {
        fields[i] = contacts_form_fields[i];
        const char *name = fields[i].name, *under = strchr(name, '_');
        char key[64];
        if (under && under[1] >= '1' && under[1] <= '9') { /* name_1 … emergency_4 */
            snprintf(key, sizeof key, "parent_contacts.%.*s", (int)(under - name), name);
            json_t *vars = json_pack("{s:s}", "n", under + 1);
            fields[i].label = arena_printf(&r->arena, "%s (%s)", req_text(r, key),
                                           req_format(r, "parent_contacts.contact_n", vars));
            json_decref(vars);
        } else {
            snprintf(key, sizeof key, "parent_contacts.%s", name);
            fields[i].label = req_text(r, key);
        }
    }
    return fields;
}

/* form_validate's messages are Dutch: each in the request's language (the texts of the
   contacts' own rules, [contacts]). */
static void translate_errors(struct req *r, json_t *errors)
{
    const char *name;
    json_t *message;
    void *tmp;
    json_object_foreach_safe(errors, tmp, name, message)
    {
        const char *key = !strncmp(name, "phone_", 6)   ? "contacts.phone_bad"
                          : !strncmp(name, "email_", 6) ? "contacts.email_bad"
                                                        : "contacts.text_bad";
        json_object_set_new(errors, name, json_string(req_text(r, key)));
    }
}

/* The page's model (steals values and errors). */
static json_t *form_model(struct req *r, json_t *values, json_t *errors)
{
    json_t *model = json_pack("{s:s, s:I, s:o, s:o, s:o}", "title",
                              req_text(r, "parent_contacts.title"), "child_id",
                              (json_int_t)r->path_ids[0], "rows",
                              contacts_form_rows(values, errors), "errors", errors, "values",
                              values);
    return model;
}

int page_parent_contacts(struct req *r)
{
    int own = own_child(r);
    if (own <= 0)
        return own < 0 ? page_failed(r) : render_error(r, 404, req_text(r, "refusal.not_found"));
    json_t *values = contacts_stored_values(r, r->path_ids[0]);
    if (!values)
        return page_failed(r);
    return render(r, 200, "parent/contacts", form_model(r, values, json_object()));
}

int page_parent_contacts_save(struct req *r)
{
    int own = own_child(r);
    if (own <= 0)
        return own < 0 ? page_failed(r) : render_error(r, 404, req_text(r, "refusal.not_found"));
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, contacts_form_fields, contacts_form_n, values, errors);
    translate_errors(r, errors);
    struct contact_input in[CONTACTS_MAX];
    struct consent_input consents;
    contacts_posted(values, in, &consents);
    char today[11];
    date_format(date_today(), today);
    struct problems problems = {0};
    enum outcome rc = json_object_size(errors)
                          ? OUTCOME_INVALID
                          : contacts_save(r->db, r->user.id, r->path_ids[0], in, CONTACTS_MAX,
                                          &consents, today, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        return form_show_errors(r, "parent/contacts", form_model(r, values, errors),
                                translated_fields(r), contacts_form_n);
    }
    problems_clear(&problems);
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, req_text(r, "refusal.not_found"));
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "ok", true));
    session_flash(r, req_text(r, "parent_contacts.saved"));
    return respond_redirect(
        r, arena_printf(&r->arena, "/parent/children/%lld", (long long)r->path_ids[0]));
}
