/* /account: one's own account, for every role — who one is logged in as (name, e-mail address,
   role, language) and the change of one's own password, which ends one's other logins. Parents
   use it too, so its texts come from the message files (section "account"). The rule is
   account_change_password (domain/people/accounts.h). */
#include <string.h>

#include "domain/people/accounts.h"
#include "domain/people/users.h"
#include "domain/people/users_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "util/messages.h"
#include "view/i18n.h"
#include "view/render.h"

/* The labels are message keys, looked up in password_fields_in. */
static const struct field password_fields[] = {
    {.name = "current_password", .label = "account.current_password", .type = FIELD_TEXT,
     .required = true, .max_len = PASSWORD_MAX},
    {.name = "new_password", .label = "account.new_password", .type = FIELD_TEXT,
     .required = true, .max_len = PASSWORD_MAX},
};

/* password_fields with their labels in the request's language (into out). */
static void password_fields_in(const struct req *r,
                               struct field out[FIELDS_N(password_fields)])
{
    for (size_t i = 0; i < FIELDS_N(password_fields); i++) {
        out[i] = password_fields[i];
        out[i].label = req_text(r, password_fields[i].label);
    }
}

/* The language shown for the account: the one saved with it, else the page's. Static or
   loaded storage; NULL on a database error. */
static const char *account_lang(struct req *r)
{
    json_t *row = NULL;
    int found = read_account_lang(r->db, r->user.id, &row);
    if (found < 0)
        return NULL;
    const char *code = found ? i18n_find(json_string_value(json_object_get(row, "lang"))) : NULL;
    json_decref(row);
    return code ? code : r->lang;
}

/* The page's model: {"title", "account": {"name", "email", "role_label", "language"},
   "password_min", "password_max", "values" (empty: a password is never sent back), "errors"
   (stolen; NULL for none), "error_list"}. NULL on a database error (errors freed). */
static json_t *account_model(struct req *r, json_t *errors)
{
    json_t *account = NULL;
    const char *lang = account_lang(r);
    if (!lang || read_account(r->db, r->user.id, &account) != 1) {
        json_decref(account);
        json_decref(errors);
        return NULL;
    }
    const char *role_label = req_role_label(
        r, json_string_value(json_object_get(account, "role")), ROLE_LABEL_PLAIN);
    json_t *model = json_pack(
        "{s:s, s:{s:O, s:O, s:s, s:s}, s:i, s:i, s:{}}", "title", req_text(r, "account.title"),
        "account", "name", json_object_get(account, "name"), "email",
        json_object_get(account, "email"), "role_label", role_label, "language",
        i18n_name(lang), "password_min", PASSWORD_MIN, "password_max", PASSWORD_MAX, "values");
    json_decref(account);
    json_t *limits = json_pack("{s:i, s:i}", "min", PASSWORD_MIN, "max", PASSWORD_MAX);
    json_object_set_new(model, "password_hint",
                        json_string(req_format(r, "account.password_hint", limits)));
    json_decref(limits);
    if (!errors)
        errors = json_object();
    struct field fields[FIELDS_N(password_fields)];
    password_fields_in(r, fields);
    json_object_set_new(model, "error_list", form_error_list(fields, FIELDS_N(fields), errors));
    json_object_set_new(model, "errors", errors);
    return model;
}

int page_account_show(struct req *r)
{
    json_t *model = account_model(r, NULL);
    if (!model)
        return page_failed(r);
    return render(r, 200, "account/show", model);
}

/* The page again with errors (stolen) at their fields: 422, or JSON {"error", "fields"}. */
static int password_refused(struct req *r, json_t *errors)
{
    json_t *model = account_model(r, errors);
    if (!model)
        return page_failed(r);
    return render_form_errors(r, "account/show", model);
}

/* The validators' messages are Dutch and general: say what is wrong in the user's language. */
static void password_errors_in(const struct req *r, json_t *values, json_t *errors)
{
    if (json_object_get(errors, "current_password"))
        json_object_set_new(errors, "current_password",
                            json_string(req_text(r, *form_str(values, "current_password")
                                                        ? "account.current_wrong"
                                                        : "account.current_required")));
    if (json_object_get(errors, "new_password") ||
        user_password_check(form_str(values, "new_password")) != USER_OK)
        json_object_set_new(errors, "new_password",
                            json_string(req_text(r, "account.new_length")));
}

int page_account_password(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, password_fields, FIELDS_N(password_fields), values, errors);
    password_errors_in(r, values, errors);
    if (json_object_size(errors)) {
        json_decref(values);
        return password_refused(r, errors);
    }
    enum account_result rc =
        account_change_password(r->db, r->user.id, form_str(values, "current_password"),
                                form_str(values, "new_password"), r->session_token_hash);
    json_decref(values);
    if (rc == ACCOUNT_WRONG_PASSWORD || rc == ACCOUNT_BAD_PASSWORD) {
        json_object_set_new(errors, rc == ACCOUNT_WRONG_PASSWORD ? "current_password"
                                                                 : "new_password",
                            json_string(req_text(r, rc == ACCOUNT_WRONG_PASSWORD
                                                        ? "account.current_wrong"
                                                        : "account.new_length")));
        return password_refused(r, errors);
    }
    json_decref(errors);
    if (rc == ACCOUNT_BUSY)
        return page_busy(r);
    if (rc != ACCOUNT_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "ok", true));
    session_flash(r, req_text(r, "account.password_changed"));
    return respond_redirect(r, "/account");
}
