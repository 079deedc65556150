/* /login and /logout. */
#include <string.h>

#include "app.h"
#include "domain/accounts.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/pages.h"
#include "view/render.h"

static const struct field login_fields[] = {
    {.name = "email", .label = "E-mailadres", .type = FIELD_EMAIL, .required = true},
    {.name = "password", .label = "Wachtwoord", .type = FIELD_TEXT, .required = true,
     .max_len = PASSWORD_MAX},
};

/* Only local paths are followed after login, never another site. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/')
        return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
            return "/";
    return next;
}

static json_t *login_model(const char *next)
{
    return json_pack("{s:s, s:s}", "title", "Inloggen", "next", safe_next(next));
}

int page_login_form(struct req *r)
{
    json_t *model = login_model(req_query(r, "next"));
    json_object_set_new(model, "values", json_object());
    return render(r, 200, "login", model);
}

static int login_refused(struct req *r, json_t *values, json_t *errors, const char *message)
{
    json_t *model = login_model(req_form(r, "next"));
    json_object_del(values, "password");
    json_object_set_new(model, "values", values);
    if (message)
        json_object_set_new(errors, "password", json_string(message));
    json_object_set_new(model, "error_list",
                        form_error_list(login_fields, FIELDS_N(login_fields), errors));
    json_object_set_new(model, "errors", errors);
    return render_form_errors(r, "login", model);
}

int page_login(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    if (form_validate(r, login_fields, FIELDS_N(login_fields), values, errors))
        return login_refused(r, values, errors, NULL);
    const struct config *cfg = &r->app->cfg;
    int64_t user_id = account_login(r->db, form_str(values, "email"), form_str(values, "password"),
                                    r->client_ip, cfg->login_max_failures,
                                    cfg->login_window_minutes);
    if (user_id < 0)
        return login_refused(r, values, errors,
                             "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.");
    if (user_id == 0)
        return login_refused(r, values, errors, "Het e-mailadres of het wachtwoord klopt niet.");
    json_decref(values);
    json_decref(errors);
    if (session_login(r, user_id))
        return render_error(r, 500, "Inloggen lukt nu niet. Probeer het later opnieuw.");
    return respond_redirect(r, safe_next(req_form(r, "next")));
}

int page_logout(struct req *r)
{
    session_logout(r);
    return respond_redirect(r, "/login");
}
