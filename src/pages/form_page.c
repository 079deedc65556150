#include "pages/form_page.h"

#include <string.h>

#include "domain/offer/schools_read.h"
#include "http/req.h"
#include "view/i18n.h"
#include "view/render.h"

void form_validate_for_domain(struct req *r, const struct field *fields, size_t n,
                              json_t *values, json_t *errors)
{
    form_validate(r, fields, n, values, errors);
    for (size_t i = 0; i < n; i++)
        if (!*form_str(values, fields[i].name) || fields[i].type == FIELD_CHOICE)
            json_object_del(errors, fields[i].name);
}

const char *form_good_str(json_t *values, json_t *errors, const char *name)
{
    return json_object_get(errors, name) ? NULL : form_str(values, name);
}

int form_good_int(json_t *values, json_t *errors, const char *name)
{
    return json_object_get(errors, name) ? 0 : (int)form_int(values, name);
}

const char *form_moment(struct req *r, const char *s)
{
    if (!s || strlen(s) != 16 || s[10] != ' ')
        return s;
    char *copy = arena_strdup(&r->arena, s);
    copy[10] = 'T';
    return copy;
}

bool form_ticked(const char *value)
{
    if (!value)
        return false;
    return !strcmp(value, "1") || !strcmp(value, "on") || !strcmp(value, "true");
}

/* What a school field says when the schools could not be read: the form is refused (never
   accepted on a failed lookup), its values kept. */
int64_t form_school(struct req *r, json_t *values, json_t *errors, const char *not_own)
{
    const char *key = form_str(values, "school");
    int64_t id = 0;
    if (r->user.role == ROLE_COORDINATOR) {
        int64_t own = r->user.school_id;
        int found = *key ? read_school_id(r->db, key, &id) : 1;
        if (found < 0)
            return -1;
        if (*key && id != own)
            json_object_set_new(errors, "school", json_string(not_own));
        return own;
    }
    if (json_object_get(errors, "school"))
        return 0;
    if (!*key) {
        json_object_set_new(errors, "school", json_string("Kies een school."));
        return 0;
    }
    int found = read_school_id(r->db, key, &id);
    if (found < 0)
        return -1;
    if (!found) {
        json_object_set_new(errors, "school", json_string("Kies een school uit de lijst."));
        return 0;
    }
    return id;
}

const char *form_check_text(struct req *r, const char *key, long long max)
{
    json_t *vars = json_pack("{sI}", "max", (json_int_t)max);
    const char *text = req_format(r, key, vars);
    json_decref(vars);
    return text;
}

const char *form_problem_text(struct req *r, const struct problem *problem)
{
    return req_format(r, problem->key, problem->vars);
}

void form_add_problems(struct req *r, json_t *errors, struct problems *list)
{
    bool had_errors = json_object_size(errors) > 0;
    for (size_t i = 0; i < problems_stored(list); i++) {
        const char *field = list->item[i].field;
        if (json_object_get(errors, field) || (had_errors && !strcmp(field, "form")))
            continue;
        json_object_set_new(errors, field, json_string(form_problem_text(r, &list->item[i])));
    }
    problems_clear(list);
}

int form_show_errors(struct req *r, const char *tpl, json_t *model, const struct field *summary,
                     size_t n)
{
    json_object_set_new(model, "error_list",
                        form_error_list(summary, n, json_object_get(model, "errors")));
    return render_form_errors(r, tpl, model);
}

bool form_ticked_id(json_t *ticked, json_int_t id)
{
    size_t i;
    json_t *item;
    json_array_foreach(ticked, i, item)
    {
        if (json_integer_value(item) == id)
            return true;
    }
    return false;
}
