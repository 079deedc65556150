/* Texts in the request's language; see i18n.h. */
#include "view/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "http/req.h"

const char *req_text(const struct req *r, const char *key) { return i18n_text(r->lang, key); }

const char *req_format(struct req *r, const char *key, json_t *vars)
{
    char *text = i18n_format(r->lang, key, vars);
    const char *copy = arena_strdup(&r->arena, text);
    free(text);
    return copy;
}

const char *req_role_label(const struct req *r, const char *role, enum role_label_form form)
{
    static const char *const roles[][3] = {
        {"lead", "role.lead", "role_title.lead"},
        {"coordinator", "role.coordinator", "role_title.coordinator"},
        {"staff", "role.staff", "role_title.staff"},
        {"parent", "role.parent", "role_title.parent"},
    };
    for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
        if (!strcmp(roles[i][0], role))
            return req_text(r, roles[i][form == ROLE_LABEL_TITLE ? 2 : 1]);
    return "";
}
