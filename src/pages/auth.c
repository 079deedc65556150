/* /login and /logout. */
#include <string.h>

#include "app.h"
#include "domain/people/accounts.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/lang.h"
#include "pages/pages.h"
#include "view/i18n.h"
#include "view/render.h"

/* The login page is where parents start, so its texts come from the message catalogue (the
   labels here are the message keys, looked up in login_fields_in). */
static const struct field login_fields[] = {
    {.name = "email", .label = "login.email", .type = FIELD_EMAIL, .required = true},
    {.name = "password", .label = "login.password", .type = FIELD_TEXT, .required = true,
     .max_len = PASSWORD_MAX},
};

/* login_fields with their labels in the request's language (into out). */
static void login_fields_in(const struct req *r, struct field out[FIELDS_N(login_fields)])
{
    for (size_t i = 0; i < FIELDS_N(login_fields); i++) {
        out[i] = login_fields[i];
        out[i].label = req_text(r, login_fields[i].label);
    }
}

/* The validators' messages are Dutch; the login form says the same in the user's language:
   an empty field asks for it, anything else wrong reads as a wrong address or password. */
static void translate_field_errors(const struct req *r, json_t *values, json_t *errors)
{
    if (json_object_get(errors, "email"))
        json_object_set_new(errors, "email",
                            json_string(req_text(r, *form_str(values, "email")
                                                        ? "login.email_invalid"
                                                        : "login.email_required")));
    if (json_object_get(errors, "password"))
        json_object_set_new(errors, "password",
                            json_string(req_text(r, *form_str(values, "password")
                                                        ? "login.wrong"
                                                        : "login.password_required")));
}

/* The login form's model; the language switch comes back here with the same checked next. */
static json_t *login_model(struct req *r, const char *next)
{
    const char *safe = page_local_path(next);
    const char *here =
        strcmp(safe, "/") ? arena_printf(&r->arena, "/login?next=%s", url_escape(&r->arena, safe))
                          : "/login";
    return json_pack("{s:s, s:s, s:s}", "title", req_text(r, "login.title"), "next", safe, "here",
                     here);
}

int page_login_form(struct req *r)
{
    /* After a password reset (pages/password.c) the visitor has no login to keep a flash in:
       the redirect's query says it, and the message shows as the flash would. */
    const char *reset = req_query(r, "reset");
    if (reset && !strcmp(reset, "done"))
        r->flash = req_text(r, "password.reset_done");
    json_t *model = login_model(r, req_query(r, "next"));
    json_object_set_new(model, "values", json_object());
    return render(r, 200, "login", model);
}

/* The form again with its errors (status 422, or 429 when throttled), the password never
   echoed; as JSON {"error", "fields"}. */
static int login_refused(struct req *r, json_t *values, json_t *errors, const char *message,
                         int status)
{
    json_t *model = login_model(r, req_form(r, "next"));
    translate_field_errors(r, values, errors);
    json_object_del(values, "password");
    json_object_set_new(model, "values", values);
    if (message)
        json_object_set_new(errors, "password", json_string(message));
    struct field fields[FIELDS_N(login_fields)];
    login_fields_in(r, fields);
    json_object_set_new(model, "error_list", form_error_list(fields, FIELDS_N(fields), errors));
    json_object_set_new(model, "errors", errors);
    if (status == 422)
        return render_form_errors(r, "login", model);
    if (r->wants_json) {
        json_t *body = json_pack("{s:s, s:O}", "error", message, "fields", errors);
        json_decref(model);
        return respond_json(r, status, body);
    }
    return render(r, status, "login", model);
}

/* A throttled try: 429 with Retry-After and the form saying how long to wait (minutes, rounded
   up). */
static int login_throttled(struct req *r, json_t *values, json_t *errors, int retry_after)
{
    req_add_header(r, "Retry-After", arena_printf(&r->arena, "%d", retry_after));
    int minutes = (retry_after + 59) / 60;
    json_t *vars = json_pack("{s:i}", "minutes", minutes);
    const char *message = minutes <= 1 ? req_text(r, "login.throttled_minute")
                                       : req_format(r, "login.throttled", vars);
    json_decref(vars);
    return login_refused(r, values, errors, message, 429);
}

int page_login(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    if (form_validate(r, login_fields, FIELDS_N(login_fields), values, errors))
        return login_refused(r, values, errors, NULL, 422);
    const struct config *cfg = &r->app->cfg;
    const struct login_limits limits = {cfg->login_max_failures, cfg->login_window_minutes};
    const struct login_try attempt = {form_str(values, "email"), form_str(values, "password"),
                                      r->client_ip};
    int64_t user_id;
    int retry_after;
    switch (account_login(r->db, &attempt, &limits, &user_id, &retry_after)) {
    case LOGIN_OK:
        break;
    case LOGIN_THROTTLED:
        return login_throttled(r, values, errors, retry_after);
    case LOGIN_WRONG:
        return login_refused(r, values, errors, req_text(r, "login.wrong"), 422);
    case LOGIN_BUSY:
        json_decref(values);
        json_decref(errors);
        return page_busy(r);
    case LOGIN_FAILED:
    default:
        json_decref(values);
        json_decref(errors);
        return render_error(r, 500, req_text(r, "login.failed"));
    }
    json_decref(values);
    json_decref(errors);
    if (session_login(r, user_id))
        return render_error(r, 500, req_text(r, "login.failed"));
    lang_after_login(r, user_id);
    return respond_redirect(r, page_local_path(req_form(r, "next")));
}

int page_logout(struct req *r)
{
    session_logout(r);
    return respond_redirect(r, "/login");
}
