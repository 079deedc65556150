/* The page that gives back a refused form post (issue 10, point 3): when a form was left open
   past the login's lifetime, or its CSRF token is stale, what was typed comes back in a form
   that posts to the same URL, so that nothing is lost. Called by the dispatcher through
   dispatch_resubmit (http/dispatch.h). */
#include <stdbool.h>
#include <string.h>

#include "http/dispatch.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/lang.h"
#include "view/i18n.h"
#include "view/render.h"

/* A value longer than this (in bytes), or with a line break, is a text the user wrote and is
   given back in a textarea they can see and copy; shorter ones travel in hidden fields. */
enum { RESUBMIT_SHORT_MAX = 80 };

/* Whether a posted field must never be sent back: the CSRF token (a fresh one is added) and
   any password. */
static bool field_withheld(const char *name)
{
    return !strcmp(name, "csrf") || strstr(name, "password") != NULL;
}

static bool field_is_long(const char *value)
{
    return strlen(value) > RESUBMIT_SHORT_MAX || strchr(value, '\n') != NULL;
}

/* The URL the form posts to again: the request's path with its query string. Arena-owned. */
static const char *resubmit_action(struct req *r)
{
    const char *action = url_escape_path(&r->arena, r->path);
    for (size_t i = 0; i < r->n_query; i++)
        action = arena_printf(&r->arena, "%s%c%s=%s", action, i ? '&' : '?',
                              url_escape(&r->arena, r->query[i].name),
                              url_escape(&r->arena, r->query[i].value));
    return action;
}

/* Where to log in again to: the page the form was on (the Referer, when it is this site's
   own, as the Host header says), else the path posted to. Arena-owned, always a local path. */
static const char *resubmit_return_path(struct req *r)
{
    const char *referer = req_header(r, "Referer");
    const char *host = req_header(r, "Host");
    const char *rest = referer ? strstr(referer, "://") : NULL;
    if (rest && host) {
        rest += 3;
        size_t host_len = strlen(host);
        if (!strncmp(rest, host, host_len) && rest[host_len] == '/')
            return page_local_path(rest + host_len);
    }
    return page_local_path(url_escape_path(&r->arena, r->path));
}

/* How many posted fields the page would give back. */
static size_t fields_kept(const struct req *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_form; i++)
        n += !field_withheld(r->form[i].name);
    return n;
}

/* The posted fields as the page shows them: "hidden" and "texts", arrays of {field, value}
   (the key is not "name", which the layout's user has). Adds them to model (borrowed). */
static void resubmit_fields(const struct req *r, json_t *model)
{
    json_t *hidden = json_array(), *texts = json_array();
    for (size_t i = 0; i < r->n_form; i++) {
        const struct param *p = &r->form[i];
        if (field_withheld(p->name))
            continue;
        json_array_append_new(field_is_long(p->value) ? texts : hidden,
                              json_pack("{s:s, s:s}", "field", p->name, "value", p->value));
    }
    json_object_set_new(model, "has_texts", json_boolean(json_array_size(texts) > 0));
    json_object_set_new(model, "hidden", hidden);
    json_object_set_new(model, "texts", texts);
}

int dispatch_resubmit(struct req *r, int status)
{
    /* Without a login and nothing typed (a logout button) there is nothing to keep. */
    if (r->wants_json || r->form_bad || (status == 401 && !fields_kept(r)))
        return dispatch_refuse(r, status,
                               status == 401 ? "error.login_needed" : "error.form_expired");
    bool logged_in = r->user.role != ROLE_NONE;
    const char *login_href = arena_printf(&r->arena, "/login?next=%s",
                                          url_escape(&r->arena, resubmit_return_path(r)));
    json_t *model = json_pack("{s:s, s:s, s:b, s:s}", "title", req_text(r, "resubmit.title"),
                              "action", resubmit_action(r), "logged_in", logged_in,
                              "login_href", login_href);
    resubmit_fields(r, model);
    return render(r, status, "resubmit", model);
}
