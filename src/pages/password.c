/* /password/forgot and /password/reset/{token}: a forgotten password through a one-time link by
   e-mail (issue 10). Public pages, read by parents too: their texts come from the message files
   (section "password"). The rules are in domain/people/password_reset.h; the answer to a
   request is the same whether the address is known or not. */
#include <string.h>
#include <time.h>

#include "app.h"
#include "domain/people/accounts.h"
#include "domain/people/password_reset.h"
#include "http/form.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "view/i18n.h"
#include "view/render.h"

static const struct field forgot_fields[] = {
    {.name = "email", .label = "password.email", .type = FIELD_EMAIL, .required = true},
};

static const struct field reset_fields[] = {
    {.name = "new_password", .label = "password.new_password", .type = FIELD_TEXT,
     .required = true, .max_len = PASSWORD_MAX},
};

/* The form fields with their labels (message keys) in the request's language, into out. */
static void fields_in(const struct req *r, const struct field *fields, size_t n,
                      struct field *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = fields[i];
        out[i].label = req_text(r, fields[i].label);
    }
}

/* Put errors (stolen) and the summary of fields (n) into model; the summary uses the labels
   in the request's language. */
static void set_errors(const struct req *r, json_t *model, const struct field *fields, size_t n,
                       json_t *errors)
{
    struct field labelled[4];
    fields_in(r, fields, n, labelled);
    json_object_set_new(model, "error_list", form_error_list(labelled, n, errors));
    json_object_set_new(model, "errors", errors);
}

/* ---- /password/forgot ------------------------------------------------------------------------ */

/* The request form's model with the address typed (a copy) and errors (stolen; NULL: none). */
static json_t *forgot_model(struct req *r, const char *email, json_t *errors)
{
    json_t *model = json_pack("{s:s, s:{s:s}}", "title", req_text(r, "password.forgot_title"),
                              "values", "email", email ? email : "");
    set_errors(r, model, forgot_fields, FIELDS_N(forgot_fields), errors ? errors : json_object());
    return model;
}

int page_password_forgot_form(struct req *r)
{
    const char *email = req_query(r, "email");
    if (email && strlen(email) > 254)
        email = NULL;
    return render(r, 200, "password/forgot", forgot_model(r, email, NULL));
}

int page_password_forgot(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    if (form_validate(r, forgot_fields, FIELDS_N(forgot_fields), values, errors)) {
        json_object_set_new(errors, "email",
                            json_string(req_text(r, *form_str(values, "email")
                                                        ? "password.email_invalid"
                                                        : "password.email_required")));
        json_t *model = forgot_model(r, form_str(values, "email"), errors);
        json_decref(values);
        return render_form_errors(r, "password/forgot", model);
    }
    const char *email = arena_strdup(&r->arena, form_str(values, "email"));
    json_decref(values);
    enum reset_result rc = password_reset_request(r->db, email, r->client_ip,
                                                  r->app->cfg.public_url, (long long)time(NULL));
    if (rc == RESET_THROTTLED) {
        json_object_set_new(errors, "email", json_string(req_text(r, "password.throttled")));
        json_t *model = forgot_model(r, email, errors);
        if (r->wants_json) {
            json_decref(model);
            return respond_json(r, 429, json_pack("{s:s, s:{s:s}}", "error",
                                                  req_text(r, "password.throttled"), "fields",
                                                  "email", req_text(r, "password.throttled")));
        }
        return render(r, 429, "password/forgot", model);
    }
    json_decref(errors);
    if (rc != RESET_OK)
        return page_failed(r);
    json_t *vars = json_pack("{s:s}", "email", email);
    json_t *model = json_pack("{s:s, s:s, s:s, s:b}", "title", req_text(r, "password.sent_title"),
                              "message", req_format(r, "password.sent", vars), "email", email,
                              "ok", true);
    json_decref(vars);
    return render(r, 200, "password/sent", model);
}

/* ---- /password/reset/{token} ----------------------------------------------------------------- */

/* The page for a link that no longer works (410), with the way to a new one. */
static int link_invalid(struct req *r)
{
    json_t *model = json_pack("{s:s}", "title", req_text(r, "password.invalid_title"));
    if (r->wants_json) {
        json_decref(model);
        return respond_json(r, 410, json_pack("{s:s}", "error", req_text(r, "password.invalid")));
    }
    return render(r, 410, "password/invalid", model);
}

/* The reset form's model for the account email, with errors (stolen; NULL: none). An invited
   account (no password yet) is welcomed rather than told about a new password. */
static json_t *reset_model(struct req *r, const char *email, bool invited, json_t *errors)
{
    json_t *vars = json_pack("{s:s, s:i, s:i}", "email", email, "min", PASSWORD_MIN, "max",
                             PASSWORD_MAX);
    json_t *model = json_pack(
        "{s:s, s:s, s:s, s:s, s:{}}", "title",
        req_text(r, invited ? "invite.reset_title" : "password.reset_title"), "intro",
        req_format(r, invited ? "invite.reset_intro" : "password.reset_intro", vars), "hint",
        req_format(r, "password.reset_hint", vars), "action",
        arena_printf(&r->arena, "/password/reset/%s", r->path_token), "values");
    json_decref(vars);
    set_errors(r, model, reset_fields, FIELDS_N(reset_fields), errors ? errors : json_object());
    return model;
}

/* The account's address for the link of this request and whether it was invited: 1 (into
   *email, arena-owned, and *invited), 0 when the link does not work, -1 on a database error. */
static int link_email(struct req *r, const char **email, bool *invited)
{
    json_t *row = NULL;
    int found = read_password_reset(r->db, r->path_token, (long long)time(NULL), &row);
    if (found == 1) {
        *email = arena_strdup(&r->arena, json_string_value(json_object_get(row, "email")));
        *invited = json_is_true(json_object_get(row, "invited"));
    }
    json_decref(row);
    return found;
}

int page_password_reset_form(struct req *r)
{
    const char *email = NULL;
    bool invited = false;
    int found = link_email(r, &email, &invited);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return link_invalid(r);
    return render(r, 200, "password/reset", reset_model(r, email, invited, NULL));
}

int page_password_reset(struct req *r)
{
    const char *email = NULL;
    bool invited = false;
    int found = link_email(r, &email, &invited);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return link_invalid(r);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, reset_fields, FIELDS_N(reset_fields), values, errors);
    enum reset_result rc = json_object_size(errors)
                               ? RESET_BAD_PASSWORD
                               : password_reset_use(r->db, r->path_token,
                                                    form_str(values, "new_password"),
                                                    (long long)time(NULL));
    json_decref(values);
    if (rc == RESET_BAD_PASSWORD) {
        json_object_set_new(errors, "new_password",
                            json_string(req_text(r, "password.new_length")));
        return render_form_errors(r, "password/reset", reset_model(r, email, invited, errors));
    }
    json_decref(errors);
    if (rc == RESET_INVALID)
        return link_invalid(r);
    if (rc == RESET_BUSY)
        return page_busy(r);
    if (rc != RESET_OK)
        return page_failed(r);
    return respond_redirect(r, "/login?reset=done");
}
