/* /providers/{id}/staff/new, /staff/{id}/edit and their POSTs: the form to add or change a
   staff member (uitvoerder) of a provider, with the level and the date of the VOG (a
   certificate of conduct). The provider pages, which list the staff, are providers.c. A
   coordinator may add staff to any provider but change only staff no other school uses
   (pages/scope.h scope_staff_editable); for the others the form is refused with 403 and the
   sentence saying why. */
#include <string.h>

#include "domain/offer/providers.h"
#include "domain/offer/providers_read.h"
#include "http/form.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/providers_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

static const struct field staff_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = STAFF_NAME_MAX},
    {.name = "level", .label = "Niveau", .type = FIELD_CHOICE, .required = true,
     .choices = staff_levels},
    {.name = "vog_date", .label = "Datum VOG", .type = FIELD_DATE},
};

/* The staff member staff_id as providers_staff_json plus "provider_id" into *out (new
   reference): 1, 0 when there is none (*out NULL), -1 on a database error. */
static int staff_find(struct req *r, int64_t staff_id, json_t **out)
{
    json_t *row = NULL;
    int found = read_staff_member(r->db, staff_id, &row);
    *out = NULL;
    if (found == 1) {
        *out = providers_staff_json(r, row, json_is_true(json_object_get(row, "external")));
        json_object_set(*out, "provider_id", json_object_get(row, "provider_id"));
    }
    json_decref(row);
    return found;
}

/* The same for page_saved: the staff member, or NULL when there is none or the read failed.
   New reference. */
static json_t *staff_load(struct req *r, int64_t staff_id)
{
    json_t *staff = NULL;
    staff_find(r, staff_id, &staff);
    return staff;
}

/* The model of the staff form (values, errors and provider stolen; staff stolen or NULL for a
   new one), with the level radios and their hints. */
static json_t *staff_form_model(json_t *provider, json_t *staff, json_t *values, json_t *errors)
{
    const char *level = form_str(values, "level");
    json_t *levels = json_array();
    for (size_t i = 0; staff_levels[i]; i++)
        json_array_append_new(
            levels, json_pack("{s:s, s:o, s:s, s:s, s:b}", "value", staff_levels[i], "id",
                              i ? json_sprintf("f-level-%s", staff_levels[i])
                                : json_string("f-level"),
                              "label", staff_level_label(staff_levels[i]), "hint",
                              staff_level_hint(staff_levels[i]), "checked",
                              !strcmp(level, staff_levels[i])));
    long long provider_id = json_integer_value(json_object_get(provider, "id"));
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o}", "title",
                              staff ? "Uitvoerder wijzigen" : "Uitvoerder toevoegen", "provider",
                              provider, "levels", levels, "values", values, "errors", errors);
    json_object_set_new(model, "error_list",
                        form_error_list(staff_fields, FIELDS_N(staff_fields), errors));
    if (staff) {
        json_object_set_new(model, "action",
                            json_sprintf("/staff/%lld", (long long)json_integer_value(
                                                            json_object_get(staff, "id"))));
        json_object_set_new(model, "staff", staff);
    } else {
        json_object_set_new(model, "action", json_sprintf("/providers/%lld/staff", provider_id));
    }
    return model;
}

/* Validate the staff form into in (strings owned by values), with the rule that a VOG cannot
   be dated in the future. Returns the number of bad fields. */
static int staff_form_read(struct req *r, json_t *values, json_t *errors, struct staff_input *in)
{
    int bad = form_validate(r, staff_fields, FIELDS_N(staff_fields), values, errors);
    if (json_object_get(errors, "level"))
        json_object_set_new(errors, "level",
                            json_string("Kies startbekwaam, basisbekwaam of vakbekwaam."));
    in->name = form_str(values, "name");
    in->level = form_str(values, "level");
    in->vog_date = form_str(values, "vog_date");
    if (!json_object_get(errors, "vog_date")) {
        const char *message = staff_vog_error(in->vog_date, date_today());
        if (message) {
            json_object_set_new(errors, "vog_date", json_string(form_check_text(r, message, 0)));
            bad++;
        }
    }
    return bad;
}

int page_staff_new(struct req *r)
{
    json_t *provider = NULL;
    int found = providers_find(r, r->path_ids[0], &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    json_t *values = json_pack("{s:s, s:s, s:s}", "name", "", "level", "", "vog_date", "");
    return render(r, 200, "staff/form", staff_form_model(provider, NULL, values, json_object()));
}

int page_staff_create(struct req *r)
{
    int64_t provider_id = r->path_ids[0];
    json_t *provider = NULL;
    int found = providers_find(r, provider_id, &provider);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    struct staff_input in;
    if (staff_form_read(r, values, errors, &in))
        return render_form_errors(r, "staff/form",
                                  staff_form_model(provider, NULL, values, errors));
    json_decref(provider);
    int64_t id = staff_create(r->db, r->user.id, provider_id, &in, date_today());
    json_decref(values);
    json_decref(errors);
    if (id == 0)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    if (id < 0)
        return render_error(r, 500,
                            "De uitvoerder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 201, staff_load, id, "Uitvoerder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", (long long)provider_id));
}

/* The staff member of the path and their provider (both new references): 0, or the status of
   the answer given when either is missing (404) or a read failed (500). */
static int staff_and_provider(struct req *r, json_t **staff, json_t **provider)
{
    *provider = NULL;
    int found = staff_find(r, r->path_ids[0], staff);
    if (found == 1)
        found = providers_find(r, json_integer_value(json_object_get(*staff, "provider_id")),
                               provider);
    if (found == 1)
        return 0;
    json_decref(*staff);
    *staff = NULL;
    return found < 0 ? page_failed(r) : render_error(r, 404, "Deze uitvoerder bestaat niet.");
}

/* staff_and_provider, and then whether the user may change the staff member: 0, or the status
   of the answer given (404, 500, or 403 with the sentence saying why). */
static int editable_staff_and_provider(struct req *r, json_t **staff, json_t **provider)
{
    int status = staff_and_provider(r, staff, provider);
    if (status)
        return status;
    const char *locked = NULL;
    int can = scope_staff_editable(r, r->path_ids[0], &locked);
    if (can == 1)
        return 0;
    json_decref(*staff);
    json_decref(*provider);
    *staff = *provider = NULL;
    return can == SCOPE_ERROR ? page_failed(r) : render_error(r, 403, locked);
}

int page_staff_edit(struct req *r)
{
    json_t *staff, *provider;
    int status = editable_staff_and_provider(r, &staff, &provider);
    if (status)
        return status;
    json_t *values = json_pack("{s:O, s:O, s:s}", "name", json_object_get(staff, "name"), "level",
                               json_object_get(staff, "level"), "vog_date",
                               json_string_value(json_object_get(staff, "vog_date"))
                                   ? json_string_value(json_object_get(staff, "vog_date"))
                                   : "");
    return render(r, 200, "staff/form", staff_form_model(provider, staff, values, json_object()));
}

int page_staff_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *staff, *provider;
    int status = editable_staff_and_provider(r, &staff, &provider);
    if (status)
        return status;
    long long provider_id = json_integer_value(json_object_get(provider, "id"));
    json_t *values = json_object(), *errors = json_object();
    struct staff_input in;
    if (staff_form_read(r, values, errors, &in))
        return render_form_errors(r, "staff/form",
                                  staff_form_model(provider, staff, values, errors));
    json_decref(staff);
    json_decref(provider);
    int rc = staff_update(r->db, r->user.id, id, &in, date_today());
    json_decref(values);
    json_decref(errors);
    if (rc == 1)
        return render_error(r, 404, "Deze uitvoerder bestaat niet.");
    if (rc)
        return render_error(r, 500,
                            "De uitvoerder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 200, staff_load, id, "Uitvoerder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", provider_id));
}
