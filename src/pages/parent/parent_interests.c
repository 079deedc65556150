/* /parent/children/{id}/interests: "Wat vindt {{child}} leuk?" (issue 15, part 2). A parent
   answers the interest questionnaire with their own child: the six domains and "iets anders",
   saved as an interest answer of today with source 'parent' (domain/quality/voice.h), in the
   parent's language. Another child is 404. */
#include <stdio.h>
#include <string.h>

#include "domain/offer/domains_read.h"
#include "domain/quality/voice.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/parent/parent_internal.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

/* The domain's name in the request's language (message domain.CODE), else the stored one. */
static const char *domain_word(const struct req *r, json_t *d)
{
    const char *name = json_string_value(json_object_get(d, "name"));
    const char *code = json_string_value(json_object_get(d, "code"));
    if (!code || !strcmp(r->lang, I18N_DEFAULT))
        return name;
    char key[160];
    snprintf(key, sizeof key, "domain.%s", code);
    const char *text = i18n_text(r->lang, key);
    return strcmp(text, key) ? text : name;
}

/* The form's model for child (stolen); checked: the codes ticked (or NULL), other ticked. */
static json_t *interests_model(struct req *r, json_t *child, struct req *posted)
{
    json_t *domains = read_domains(r->db);
    if (!domains) {
        json_decref(child);
        return NULL;
    }
    size_t i;
    json_t *d;
    json_array_foreach (domains, i, d) {
        json_object_set_new(d, "name", json_string(domain_word(r, d)));
        const char *code = json_string_value(json_object_get(d, "code"));
        const char *field = arena_printf(&r->arena, "d_%s", code ? code : "");
        json_object_set_new(d, "checked", json_boolean(posted && req_form(posted, field)));
    }
    json_t *vars = json_pack("{s:O}", "child", json_object_get(child, "first_name"));
    json_t *model = json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:b}", "title", req_format(r, "parent_interests.title", vars),
        "intro", req_format(r, "parent_interests.intro", vars), "legend",
        req_format(r, "parent_interests.legend", vars), "child", child, "domains", domains,
        "other", posted && req_form(posted, "other"));
    json_decref(vars);
    return model;
}

/* The child of the path when it is the parent's: 1 (into *child), 0, -1. */
static int own_child(struct req *r, json_t **child)
{
    return parent_child_row(r, r->path_ids[0], child);
}

int page_parent_interests(struct req *r)
{
    json_t *child;
    int found = own_child(r, &child);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, req_text(r, "refusal.not_found"));
    json_t *model = interests_model(r, child, NULL);
    return model ? render(r, 200, "parent/interests", model) : page_failed(r);
}

/* The codes of the ticked domains into codes (arena-owned). */
static size_t ticked(struct req *r, const char **codes, size_t max)
{
    json_t *domains = read_domains(r->db);
    size_t n = 0, i;
    json_t *d;
    json_array_foreach (domains, i, d) {
        const char *code = json_string_value(json_object_get(d, "code"));
        if (code && n < max && req_form(r, arena_printf(&r->arena, "d_%s", code)))
            codes[n++] = arena_strdup(&r->arena, code);
    }
    json_decref(domains);
    return n;
}

int page_parent_interests_save(struct req *r)
{
    json_t *child;
    int found = own_child(r, &child);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, req_text(r, "refusal.not_found"));
    const char *codes[INTEREST_DOMAINS_MAX];
    char today[11];
    date_format(date_today(), today);
    struct interest_input in = {r->path_ids[0], today, codes,
                                ticked(r, codes, INTEREST_DOMAINS_MAX),
                                req_form(r, "other") != NULL, "parent"};
    struct problems p = {0};
    enum outcome rc = interest_save(r->db, &in, &p);
    problems_clear(&p);
    if (rc == OUTCOME_INVALID) {
        json_t *model = interests_model(r, child, r);
        if (!model)
            return page_failed(r);
        json_object_set_new(model, "error", json_string(req_text(r, "parent_interests.empty")));
        return render(r, 422, "parent/interests", model);
    }
    json_decref(child);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, req_text(r, "refusal.not_found"));
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "ok", true));
    session_flash(r, req_text(r, "parent_interests.saved"));
    return respond_redirect(
        r, arena_printf(&r->arena, "/parent/children/%lld", (long long)r->path_ids[0]));
}
