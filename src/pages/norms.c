/* /norms: the norm and ambition of each figure (domain/norms.c). The lead sets them in one
   form; a coordinator may read them, to see what the school is measured against. All are
   saved in one transaction, or none when any field is refused. */
#include <stdio.h>
#include <string.h>

#include "domain/quality/norms.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "view/render.h"

enum { NORM_FIELDS = 2 * NORM_FIGURES };

/* The form's field table, in the order of the page (per figure its norm, then its ambition),
   with labels such as "Bereik (norm)" for the error summary (arena-owned). */
static void norm_fields(struct req *r, struct field fields[NORM_FIELDS])
{
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const char *label = norms_figure(i)->label;
        fields[2 * i] = (struct field){
            .name = norms_norm_field(i),
            .label = arena_printf(&r->arena, "%s (norm)", label),
            .type = FIELD_TEXT,
            .max_len = NORM_TEXT_MAX,
        };
        fields[2 * i + 1] = (struct field){
            .name = norms_ambition_field(i),
            .label = arena_printf(&r->arena, "%s (ambitie)", label),
            .type = FIELD_TEXT,
            .max_len = NORM_TEXT_MAX,
        };
    }
}

/* The string member key of obj, or fallback when it has none. Borrowed. */
static const char *member_or(json_t *obj, const char *key, const char *fallback)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : fallback;
}

/* "0 tot en met 100 %" for a model entry of norms_model, for the hint of its inputs. */
static const char *bounds_hint(struct req *r, json_t *figure)
{
    char low[32], high[32];
    norms_format_number(json_real_value(json_object_get(figure, "min")), low);
    norms_format_number(json_real_value(json_object_get(figure, "max")), high);
    const char *unit = json_string_value(json_object_get(figure, "unit_label"));
    return arena_printf(&r->arena, "Van %s tot en met %s%s%s.", low, high, *unit ? " " : "",
                        unit);
}

/* "Gewijzigd op 2025-06-01 door Lea." for a model entry of norms_model, or "" when it was
   never set. Arena-owned. */
static const char *changed_text(struct req *r, json_t *figure)
{
    const char *at = member_or(figure, "updated_at", ""), *by = member_or(figure, "updated_by", "");
    if (strlen(at) < 10)
        return "";
    return arena_printf(&r->arena, "Gewijzigd op %.10s%s%s.", at, *by ? " door " : "", by);
}

/* Give each figure of the model what the HTML form needs: its field names, the input as typed
   (from values, else the stored value), its messages (from errors), the bounds and when it
   was last changed. values and errors are borrowed and may be NULL. */
static void add_form_fields(struct req *r, json_t *figures, json_t *values, json_t *errors)
{
    size_t i;
    json_t *figure;
    json_array_foreach(figures, i, figure) {
        const char *norm = norms_norm_field(i), *ambition = norms_ambition_field(i);
        json_t *form = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "norm_field", norm, "ambition_field",
            ambition, "norm_input",
            member_or(values, norm, member_or(figure, "norm_text", "")), "ambition_input",
            member_or(values, ambition, member_or(figure, "ambition_text", "")), "norm_error",
            member_or(errors, norm, ""), "ambition_error", member_or(errors, ambition, ""),
            "bounds", bounds_hint(r, figure));
        json_object_set_new(form, "changed", json_string(changed_text(r, figure)));
        json_object_update(figure, form);
        json_decref(form);
    }
}

/* The page's model: "figures" (norms_model), "can_edit" (the lead) and "errors" (stolen; NULL
   = none); for HTML also the form (see add_form_fields) and "values" (stolen; NULL = the
   stored values). NULL on a database error, with values and errors freed. */
static json_t *page_model(struct req *r, json_t *values, json_t *errors)
{
    json_t *figures = norms_model(r->db);
    if (!figures) {
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    if (!errors)
        errors = json_object();
    if (!r->wants_json)
        add_form_fields(r, figures, values, errors);
    json_t *model = json_pack("{s:s, s:o, s:b}", "title", "Normen en ambities", "figures",
                              figures, "can_edit", r->user.role == ROLE_LEAD);
    json_object_set_new(model, "errors", errors); /* a JSON 422 answers with these */
    if (!r->wants_json)
        json_object_set_new(model, "values", values ? values : json_object());
    else
        json_decref(values);
    return model;
}

int page_norms(struct req *r)
{
    json_t *model = page_model(r, NULL, NULL);
    if (!model)
        return render_error(r, 500, "De normen kunnen nu niet worden geladen.");
    return render(r, 200, "norms/index", model);
}

/* The typed text of field: the posted one, or when the field was not posted at all the stored
   value (stored_has, stored) so that a client posting some figures keeps the others. NULL when
   the field already has a message. Arena-owned or owned by values. */
static const char *typed(struct req *r, json_t *values, json_t *errors, const char *field,
                         bool stored_has, double stored)
{
    if (req_form(r, field))
        return form_good_str(values, errors, field);
    char text[32] = "";
    if (stored_has)
        norms_format_number(stored, text);
    json_object_set_new(values, field, json_string(text));
    return arena_strdup(&r->arena, text);
}

/* The answer after a save: JSON {"ok", "changed", "figures"}, or a flash and back to /norms. */
static int saved(struct req *r, int changed)
{
    if (r->wants_json) {
        json_t *figures = norms_model(r->db);
        if (!figures)
            return render_error(r, 500, "De normen kunnen nu niet worden geladen.");
        return respond_json(r, 200, json_pack("{s:b, s:i, s:o}", "ok", 1, "changed", changed,
                                              "figures", figures));
    }
    session_flash(r, changed ? "De normen en ambities zijn opgeslagen."
                             : "Er was niets gewijzigd.");
    return respond_redirect(r, "/norms");
}

int page_norms_save(struct req *r)
{
    struct field fields[NORM_FIELDS];
    norm_fields(r, fields);
    struct norm_set stored, set;
    if (norms_load(r->db, &stored))
        return render_error(r, 500, "De normen kunnen nu niet worden geladen.");
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, fields, NORM_FIELDS, values, errors);
    const char *norm_text[NORM_FIGURES], *ambition_text[NORM_FIGURES];
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm *was = &stored.norms[i];
        norm_text[i] = typed(r, values, errors, norms_norm_field(i), was->has_norm, was->norm);
        ambition_text[i] = typed(r, values, errors, norms_ambition_field(i), was->has_ambition,
                                 was->ambition);
    }
    struct problems problems = {0};
    norms_check(norm_text, ambition_text, &set, &problems);
    form_add_problems(r, errors, &problems);
    if (json_object_size(errors)) {
        json_t *model = page_model(r, values, errors);
        if (!model)
            return render_error(r, 500, "De normen kunnen nu niet worden geladen.");
        return form_show_errors(r, "norms/index", model, fields, NORM_FIELDS);
    }
    json_decref(values);
    json_decref(errors);
    int changed = 0;
    if (norms_save(r->db, r->user.id, &set, &changed) != OUTCOME_OK)
        return render_error(r, 500, "De normen konden niet worden opgeslagen. Probeer het"
                                    " opnieuw.");
    return saved(r, changed);
}
