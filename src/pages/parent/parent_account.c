/* /register: a parent makes an account with the link code from the school's letter and is
   logged in; POST /parent/children links one more child with its code. Messages come from the
   message files (sections "register" and "link"); wrong codes are throttled in
   domain/parents.c. */
#include <string.h>

#include "app.h"
#include "domain/people/accounts.h"
#include "domain/enrolment/parents.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/parent/parent_internal.h"
#include "util/utf8.h"
#include "view/i18n.h"
#include "view/render.h"


enum { PARENT_NAME_MAX = 100, CODE_TYPED_MAX = 40 };

/* The form's text field, trimmed of surrounding spaces, arena-owned; "" when absent. */
static const char *field(struct req *r, const char *name)
{
    const char *s = req_form(r, name);
    if (!s)
        return "";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_printf(&r->arena, "%.*s", (int)n, s);
}

static bool one_line(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* The answer for a form with problems: the page again (422, 429 when throttled, with
   Retry-After, or 503 when busy) with the input kept (never the password), or JSON
   {"error", "fields"}. */
static int form_refused(struct req *r, const char *tpl, json_t *model, json_t *values,
                        json_t *errors, int status)
{
    json_object_del(values, "password");
    if (status == 429) /* the throttle's window: wrong codes older than that no longer count */
        req_add_header(r, "Retry-After",
                       arena_printf(&r->arena, "%d", r->app->cfg.link_window_minutes * 60));
    json_t *list = json_array();
    const char *key;
    json_t *message;
    json_object_foreach(errors, key, message)
        json_array_append_new(list, json_pack("{s:s, s:O}", "field", key, "message", message));
    if (r->wants_json) {
        json_decref(model);
        json_decref(values);
        json_decref(list);
        return respond_json(r, status,
                            json_pack("{s:s, s:o}", "error", req_text(r, "register.has_errors"),
                                      "fields", errors));
    }
    json_object_set_new(model, "values", values);
    json_object_set_new(model, "errors", errors);
    json_object_set_new(model, "error_list", list);
    return render(r, status, tpl, model);
}

/* The message of a link result on the code field (or the e-mail field when it is taken). */
static void link_problem(struct req *r, enum parent_result result, json_t *errors)
{
    json_object_set_new(errors, result == PARENT_EMAIL_TAKEN ? "email" : "code",
                        json_string(req_text(r, parent_result_key(result))));
}

/* ---- /register ------------------------------------------------------------------------------- */

static json_t *register_model(struct req *r)
{
    return json_pack("{s:s, s:i}", "title", req_text(r, "register.title"), "password_min",
                     PASSWORD_MIN);
}

int page_register_form(struct req *r)
{
    if (r->user.role != ROLE_NONE)
        return respond_redirect(r, r->user.role == ROLE_PARENT ? "/parent" : "/");
    json_t *model = register_model(r);
    const char *code = req_query(r, "code");
    json_object_set_new(model, "values",
                        json_pack("{s:s}", "code", code && strlen(code) <= CODE_TYPED_MAX &&
                                                       one_line(code) ? code : ""));
    json_object_set_new(model, "errors", json_object());
    return render(r, 200, "parent/register", model);
}

/* The checks of the fields themselves, with the parent's-language messages. */
static void check_register_fields(struct req *r, json_t *values, json_t *errors)
{
    const char *email = json_string_value(json_object_get(values, "email"));
    const char *name = json_string_value(json_object_get(values, "name"));
    const char *password = json_string_value(json_object_get(values, "password"));
    const char *code = json_string_value(json_object_get(values, "code"));
    if (!*code)
        json_object_set_new(errors, "code", json_string(req_text(r, "register.code_required")));
    else if (strlen(code) > CODE_TYPED_MAX || !one_line(code))
        json_object_set_new(errors, "code", json_string(req_text(r, "link.code_malformed")));
    if (!*email)
        json_object_set_new(errors, "email", json_string(req_text(r, "register.email_required")));
    else if (!one_line(email) || !form_email_valid(email))
        json_object_set_new(errors, "email", json_string(req_text(r, "register.email_invalid")));
    if (!one_line(name) || utf8_length(name) > PARENT_NAME_MAX)
        json_object_set_new(errors, "name", json_string(req_text(r, "register.name_invalid")));
    size_t length = utf8_length(password);
    if (length < PASSWORD_MIN || length > PASSWORD_MAX)
        json_object_set_new(errors, "password",
                            json_string(req_text(r, "register.password_length")));
}

int page_register(struct req *r)
{
    json_t *values = json_pack("{s:s, s:s, s:s, s:s}", "email", field(r, "email"), "name",
                               field(r, "name"), "code", field(r, "code"), "password",
                               req_form(r, "password") ? req_form(r, "password") : "");
    json_t *errors = json_object();
    check_register_fields(r, values, errors);
    if (json_object_size(errors))
        return form_refused(r, "parent/register", register_model(r), values, errors, 422);
    const struct config *cfg = &r->app->cfg;
    struct link_limits limits = {cfg->link_max_failures, cfg->link_window_minutes};
    struct parent_signup in = {.email = json_string_value(json_object_get(values, "email")),
                               .name = json_string_value(json_object_get(values, "name")),
                               .password = json_string_value(json_object_get(values, "password")),
                               .code = json_string_value(json_object_get(values, "code")),
                               .address = r->client_ip, .lang = r->lang};
    int64_t user_id, pupil_id;
    enum parent_result result = parent_register(r->db, &in, &limits, &user_id, &pupil_id);
    if (result == PARENT_FAILED)
        return render_error(r, 500, req_text(r, "link.failed"));
    if (result == PARENT_BUSY) {
        /* The input comes back with the message; the browser may try again shortly. */
        req_add_header(r, "Retry-After", PAGE_BUSY_RETRY_AFTER);
        json_object_set_new(errors, "password", json_string(req_text(r, "link.busy")));
        return form_refused(r, "parent/register", register_model(r), values, errors, 503);
    }
    if (result != PARENT_OK) {
        link_problem(r, result, errors);
        return form_refused(r, "parent/register", register_model(r), values, errors,
                            result == PARENT_THROTTLED ? 429 : 422);
    }
    json_decref(values);
    json_decref(errors);
    if (session_login(r, user_id))
        return render_error(r, 500, req_text(r, "link.failed"));
    if (r->wants_json)
        return respond_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)user_id,
                                              "pupil_id", (json_int_t)pupil_id));
    session_flash(r, req_text(r, "register.welcome"));
    return respond_redirect(r, "/parent");
}

/* ---- POST /parent/children ------------------------------------------------------------------- */

int page_parent_link_child(struct req *r)
{
    json_t *values = json_pack("{s:s}", "code", field(r, "code"));
    json_t *errors = json_object();
    const char *code = json_string_value(json_object_get(values, "code"));
    enum parent_result result = PARENT_CODE_MALFORMED;
    int64_t pupil_id = 0;
    if (*code && strlen(code) <= CODE_TYPED_MAX && one_line(code)) {
        const struct config *cfg = &r->app->cfg;
        struct link_limits limits = {cfg->link_max_failures, cfg->link_window_minutes};
        result = parent_link_child(r->db, r->user.id, code, r->client_ip, &limits, &pupil_id);
    }
    if (result == PARENT_FAILED)
        return render_error(r, 500, req_text(r, "link.failed"));
    if (result != PARENT_OK) {
        json_object_set_new(errors, "code",
                            json_string(req_text(r, *code ? parent_result_key(result)
                                                           : "register.code_required")));
        json_t *model = parent_home_model(r);
        if (!model)
            return page_failed(r);
        return form_refused(r, "parent/home", model, values, errors,
                            result == PARENT_THROTTLED ? 429 : 422);
    }
    json_decref(values);
    json_decref(errors);
    if (r->wants_json)
        return respond_json(r, 201, json_pack("{s:I}", "pupil_id", (json_int_t)pupil_id));
    session_flash(r, req_text(r, "link.ok"));
    return respond_redirect(r, "/parent");
}
