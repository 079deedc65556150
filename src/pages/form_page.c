#include "pages/form_page.h"

#include <string.h>

#include "db/db.h"
#include "http/req.h"
#include "view/render.h"

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
    return !strcmp(value, "1") || !strcmp(value, "on") || !strcmp(value, "true");
}

/* The id of the school with this key; -1 when there is none (or on an error). */
static int64_t school_by_key(struct req *r, const char *key)
{
    return db_int_text(r->db, "SELECT id FROM schools WHERE key = ?1", key, 0, 0, -1);
}

int64_t form_school(struct req *r, json_t *values, json_t *errors, const char *not_own)
{
    const char *key = form_str(values, "school");
    if (r->user.role == ROLE_COORDINATOR) {
        int64_t own = r->user.school_id;
        if (*key && school_by_key(r, key) != own)
            json_object_set_new(errors, "school", json_string(not_own));
        return own;
    }
    if (json_object_get(errors, "school"))
        return 0;
    if (!*key) {
        json_object_set_new(errors, "school", json_string("Kies een school."));
        return 0;
    }
    int64_t id = school_by_key(r, key);
    if (id <= 0) {
        json_object_set_new(errors, "school", json_string("Kies een school uit de lijst."));
        return 0;
    }
    return id;
}

void form_add_problems(json_t *errors, const struct problems *list, size_t n)
{
    bool had_errors = json_object_size(errors) > 0;
    for (size_t i = 0; i < n && i < list->max; i++) {
        const char *field = problems_field(list, i);
        if (json_object_get(errors, field) || (had_errors && !strcmp(field, "form")))
            continue;
        json_object_set_new(errors, field, json_string(problems_message(list, i)));
    }
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
