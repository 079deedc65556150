/* /accounts: the lead manages who may log in — every role, its school or staff record, the
   password (never shown, never in JSON) and whether the account is active. The rules live in
   domain/users.c; this file turns requests into calls of it and view models. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/offer/providers_read.h"
#include "domain/offer/schools_read.h"
#include "domain/people/accounts.h"
#include "domain/people/users.h"
#include "domain/people/users_read.h"
#include "http/form.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "view/i18n.h"
#include "view/render.h"

enum { PAGE_SIZE = 50 };

/* The fields both forms share; the password differs (required when new) and only the edit
   form has the active checkbox. */
#define ACCOUNT_COMMON_FIELDS                                                                   \
    {.name = "email", .label = "E-mailadres", .type = FIELD_EMAIL, .required = true,            \
     .max_len = USER_EMAIL_MAX},                                                                \
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,                     \
     .max_len = USER_NAME_MAX},                                                                 \
    {.name = "role", .label = "Rol", .type = FIELD_CHOICE, .required = true,                    \
     .choices = user_roles},                                                                    \
    {.name = "school", .label = "School", .type = FIELD_INT, .min = 1, .max = INT64_MAX},       \
    {.name = "staff", .label = "Uitvoerder", .type = FIELD_INT, .min = 1, .max = INT64_MAX}

/* A new account gets an invitation by e-mail (invite ticked: the person chooses a password
   through its link) or the password typed here, which is then required. */
static const struct field new_fields[] = {
    ACCOUNT_COMMON_FIELDS,
    {.name = "invite", .label = "Uitnodiging per e-mail", .type = FIELD_BOOL},
    {.name = "password", .label = "Wachtwoord", .type = FIELD_TEXT, .max_len = PASSWORD_MAX},
};

static const struct field edit_fields[] = {
    ACCOUNT_COMMON_FIELDS,
    {.name = "password", .label = "Nieuw wachtwoord", .type = FIELD_TEXT,
     .max_len = PASSWORD_MAX},
    {.name = "active", .label = "Account actief", .type = FIELD_BOOL},
};

/* ---- reading accounts ----------------------------------------------------------------------- */

/* A row of a read of domain/people/users_read.h with the label of its role. Returns row. */
static json_t *account_words(struct req *r, json_t *row)
{
    const char *role = json_string_value(json_object_get(row, "role"));
    json_object_set_new(row, "role_label", json_string(req_role_label(r, role, ROLE_LABEL_TITLE)));
    return row;
}

/* The account with this id into *out (new reference): 1, 0 when there is none (*out NULL),
   -1 on a database error. */
static int account_find(struct req *r, int64_t id, json_t **out)
{
    int found = read_account(r->db, id, out);
    if (found == 1)
        account_words(r, *out);
    return found;
}

/* The same for page_saved: the account, or NULL when there is none or the read failed. New
   reference. */
static json_t *account_load(struct req *r, int64_t id)
{
    json_t *a = NULL;
    account_find(r, id, &a);
    return a;
}

/* ---- list ----------------------------------------------------------------------------------- */

struct account_filter {
    struct account_query q;
    long long page;
};

/* The filter from the query string; unknown values count as "all". */
static struct account_filter filter_read(struct req *r)
{
    struct account_filter f = {.q = {.q = req_query(r, "q"), .role = req_query(r, "role"),
                                     .active = req_query(r, "active")},
                               .page = 1};
    f.q.q = f.q.q ? f.q.q : "";
    if (!user_role_known(f.q.role))
        f.q.role = "";
    if (!f.q.active || (strcmp(f.q.active, "1") && strcmp(f.q.active, "0")))
        f.q.active = "";
    const char *page = req_query(r, "page");
    long long n;
    char extra;
    if (page && sscanf(page, "%lld%c", &n, &extra) == 1 && n >= 1 && n <= 1000000)
        f.page = n;
    return f;
}

/* One page of matching accounts by name, with their role labels. New reference; NULL on a
   database error. */
static json_t *accounts_page(struct req *r, const struct account_filter *f)
{
    json_t *list = read_accounts_page(r->db, &f->q, PAGE_SIZE, (f->page - 1) * PAGE_SIZE);
    size_t i;
    json_t *a;
    json_array_foreach (list, i, a)
        account_words(r, a);
    return list;
}

/* The role choices for the filter, the selected one marked. New reference. */
static json_t *role_options(struct req *r, const char *selected)
{
    json_t *list = json_array();
    for (size_t i = 0; user_roles[i]; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", user_roles[i], "label",
                                              req_role_label(r, user_roles[i], ROLE_LABEL_TITLE),
                                              "selected", !strcmp(selected, user_roles[i])));
    return list;
}

int page_accounts_list(struct req *r)
{
    struct account_filter f = filter_read(r);
    int64_t total = 0;
    json_t *list = read_accounts_count(r->db, &f.q, &total) < 0 ? NULL : accounts_page(r, &f);
    if (!list)
        return page_failed(r);
    long long pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    bool filtered = *f.q.q || *f.q.role || *f.q.active;
    json_t *model = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:{s:s, s:s, s:s}, s:o, s:b, s:b, s:b, s:b}", "title",
        "Accounts", "accounts", list, "total", (json_int_t)total, "page", (json_int_t)f.page,
        "pages", (json_int_t)pages, "filter", "q", f.q.q, "role", f.q.role, "active",
        f.q.active, "roles", role_options(r, f.q.role), "filtered", filtered, "has_accounts",
        json_array_size(list) > 0, "active_only", !strcmp(f.q.active, "1"), "inactive_only",
        !strcmp(f.q.active, "0"));
    json_object_set_new(model, "count_label",
                        total == 1 ? json_string("1 account")
                                   : json_sprintf("%lld accounts", (long long)total));
    json_object_set_new(model, "paginated", json_boolean(pages > 1));
    const struct url_param keep[] = {{"q", f.q.q}, {"role", f.q.role}, {"active", f.q.active}};
    size_t n_keep = sizeof keep / sizeof keep[0];
    pagination_links(&r->arena, model, "/accounts", keep, n_keep, f.page, pages);
    if (f.page > pages)
        json_object_set_new(model, "first_href",
                            json_string(url_page(&r->arena, "/accounts", keep, n_keep, 1)));
    return render(r, 200, "accounts/list", model);
}

/* ---- the form ------------------------------------------------------------------------------- */

/* Rows of a read as select options [{"value" (the row's id as text), "label" (its name),
   "selected"}, with the members of `extra` copied], `selected` (an id as typed) marked. Steals
   rows (NULL passes through). New reference. */
static json_t *id_name_options(json_t *rows, const char *const *extra, const char *selected)
{
    if (!rows)
        return NULL;
    json_t *list = json_array();
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        json_t *option = json_pack("{s:o, s:O}", "value",
                                   json_sprintf("%lld", (long long)json_integer_value(
                                                            json_object_get(row, "id"))),
                                   "label", json_object_get(row, "name"));
        for (size_t k = 0; extra && extra[k]; k++)
            json_object_set(option, extra[k], json_object_get(row, extra[k]));
        json_array_append_new(list, option);
    }
    json_decref(rows);
    return page_options(list, "value", selected);
}

/* The schools as select options [{"value" (the id), "label", "selected"}], `selected` (an id
   as typed) marked. New reference; NULL on a database error. */
static json_t *school_options(struct req *r, const char *selected)
{
    return id_name_options(read_schools(r->db), NULL, selected);
}

/* The staff records as select options [{"value", "label" (the name), "provider",
   "selected"}], `selected` marked. New reference; NULL on a database error. */
static json_t *staff_options(struct req *r, const char *selected)
{
    static const char *const extra[] = {"provider", NULL};
    return id_name_options(read_staff_choices(r->db), extra, selected);
}

/* The role radios, the chosen one checked. New reference. */
static json_t *role_choices(struct req *r, const char *chosen)
{
    static const char *const hints[] = {"ziet en beheert alles", "één school",
                                        "eigen activiteiten", "eigen kinderen"};
    json_t *list = json_array();
    for (size_t i = 0; user_roles[i]; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:o, s:s, s:s, s:b}", "value", user_roles[i], "id",
                            i ? json_sprintf("f-role-%s", user_roles[i]) : json_string("f-role"),
                            "label", req_role_label(r, user_roles[i], ROLE_LABEL_TITLE), "hint",
                            hints[i], "checked", !strcmp(chosen, user_roles[i])));
    return list;
}

/* The model of the account form. values and errors are stolen (the password is removed from
   values: it is never sent back); account is the one edited (stolen) or NULL for a new one.
   NULL when reading the options failed (everything freed). */
static json_t *account_form_model(struct req *r, json_t *account, json_t *values, json_t *errors)
{
    json_object_del(values, "password");
    json_t *schools = school_options(r, form_str(values, "school"));
    json_t *staff = staff_options(r, form_str(values, "staff"));
    if (!schools || !staff) {
        json_decref(schools);
        json_decref(staff);
        json_decref(account);
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    const struct field *fields = account ? edit_fields : new_fields;
    size_t n_fields = account ? FIELDS_N(edit_fields) : FIELDS_N(new_fields);
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:i, s:i}", "title",
                              account ? "Account wijzigen" : "Account toevoegen", "roles",
                              role_choices(r, form_str(values, "role")), "schools", schools,
                              "staff", staff, "error_list",
                              form_error_list(fields, n_fields, errors), "password_min",
                              PASSWORD_MIN, "password_max", PASSWORD_MAX);
    json_object_set_new(model, "values", values);
    json_object_set_new(model, "errors", errors);
    if (account) {
        json_int_t id = json_integer_value(json_object_get(account, "id"));
        json_object_set_new(model, "action", json_sprintf("/accounts/%lld", (long long)id));
        json_object_set_new(model, "is_self", json_boolean(id == r->user.id));
        json_object_set_new(model, "account", account);
    } else {
        json_object_set_new(model, "action", json_string("/accounts"));
    }
    return model;
}

/* Answer with the account form (account, values and errors stolen as by account_form_model):
   200, or after a refusal the form with its errors (render_form_errors); 500 when reading the
   options failed. */
static int account_form(struct req *r, bool refused, json_t *account, json_t *values,
                        json_t *errors)
{
    json_t *model = account_form_model(r, account, values, errors);
    if (!model)
        return page_failed(r);
    return refused ? render_form_errors(r, "accounts/form", model)
                   : render(r, 200, "accounts/form", model);
}

int page_account_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "email", "", "name", "", "role",
                               "", "school", "", "staff", "", "invite", true);
    const char *role = req_query(r, "role");
    if (user_role_known(role))
        json_object_set_new(values, "role", json_string(role));
    return account_form(r, false, NULL, values, json_object());
}

/* The form values of a stored account. New reference. */
static json_t *account_values(json_t *account)
{
    json_t *school = json_object_get(account, "school_id"),
           *staff = json_object_get(account, "staff_id");
    return json_pack("{s:O, s:O, s:O, s:o, s:o, s:O}", "email", json_object_get(account, "email"),
                     "name", json_object_get(account, "name"), "role",
                     json_object_get(account, "role"), "school",
                     json_is_integer(school)
                         ? json_sprintf("%lld", (long long)json_integer_value(school))
                         : json_string(""),
                     "staff",
                     json_is_integer(staff)
                         ? json_sprintf("%lld", (long long)json_integer_value(staff))
                         : json_string(""),
                     "active", json_object_get(account, "active"));
}

int page_account_edit(struct req *r)
{
    json_t *account = NULL;
    int found = account_find(r, r->path_ids[0], &account);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Dit account bestaat niet.");
    json_t *values = account_values(account);
    return account_form(r, false, account, values, json_object());
}

/* Add an error for field unless it already has one; returns 1 when added. */
static int add_error(json_t *errors, const char *field, const char *message)
{
    if (json_object_get(errors, field))
        return 0;
    json_object_set_new(errors, field, json_string(message));
    return 1;
}

/* The text of a result of the domain's account rules. Owned by the catalogues. */
static const char *result_text(struct req *r, enum user_result rc)
{
    return req_text(r, user_result_key(rc));
}

/* Validate the form into in (strings owned by values), with the rules across fields and,
   when editing (account_id > 0), the lead's own account. Returns the number of bad fields. */
static int account_form_read(struct req *r, int64_t account_id, json_t *values, json_t *errors,
                             struct user_input *in)
{
    const struct field *fields = account_id ? edit_fields : new_fields;
    size_t n_fields = account_id ? FIELDS_N(edit_fields) : FIELDS_N(new_fields);
    int bad = form_validate(r, fields, n_fields, values, errors);
    if (json_object_get(errors, "role") && *form_str(values, "role"))
        json_object_set_new(errors, "role", json_string("Kies een van de rollen."));
    *in = (struct user_input){.email = form_str(values, "email"),
                              .name = form_str(values, "name"),
                              .role = form_str(values, "role"),
                              .password = form_str(values, "password"),
                              .school_id = form_int(values, "school"),
                              .staff_id = form_int(values, "staff"),
                              .active = account_id ? form_bool(values, "active") : true,
                              .invite = !account_id && form_bool(values, "invite"),
                              .inviter_name = r->user.name,
                              .public_url = r->app->cfg.public_url};
    if (in->invite)
        in->password = ""; /* the invited person chooses it */
    else if (!account_id && !*in->password && !json_object_get(errors, "password"))
        bad += add_error(errors, "password",
                         "Vul een wachtwoord in, of kies voor een uitnodiging per e-mail.");
    if (*in->password && !json_object_get(errors, "password") &&
        user_password_check(in->password) != USER_OK)
        bad += add_error(errors, "password", "Gebruik minstens 10 tekens.");
    if (!strcmp(in->role, "coordinator") && in->school_id <= 0)
        bad += add_error(errors, "school", result_text(r, USER_SCHOOL_NEEDED));
    if (!strcmp(in->role, "staff") && in->staff_id <= 0)
        bad += add_error(errors, "staff", result_text(r, USER_STAFF_NEEDED));
    if (account_id && account_id == r->user.id) {
        if (!in->active)
            bad += add_error(errors, "active", result_text(r, USER_SELF_DEACTIVATE));
        if (*in->role && strcmp(in->role, "lead"))
            bad += add_error(errors, "role", result_text(r, USER_SELF_DEMOTE));
    }
    return bad;
}

/* After the domain refused: put its message on the field it is about. False when the result
   is not about a field (success, not found, a database error). */
static bool domain_refusal(struct req *r, json_t *errors, enum user_result rc)
{
    const char *field = user_result_field(rc);
    if (!field)
        return false;
    json_object_set_new(errors, field, json_string(result_text(r, rc)));
    return true;
}

int page_account_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    struct user_input in;
    if (account_form_read(r, 0, values, errors, &in))
        return account_form(r, true, NULL, values, errors);
    int64_t id = 0;
    enum user_result rc = user_create(r->db, r->user.id, &in, &id);
    if (domain_refusal(r, errors, rc))
        return account_form(r, true, NULL, values, errors);
    json_decref(values);
    json_decref(errors);
    if (rc == USER_BUSY)
        return page_busy(r);
    if (rc != USER_OK)
        return render_error(r, 500, result_text(r, USER_FAILED));
    return page_saved(r, 201, account_load, id,
                      in.invite ? "Account opgeslagen. De uitnodiging is onderweg naar "
                                  "het e-mailadres; de link werkt een week."
                                : "Account opgeslagen.",
                      "/accounts");
}

int page_account_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *account = NULL;
    int found = account_find(r, id, &account);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Dit account bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    struct user_input in;
    if (account_form_read(r, id, values, errors, &in))
        return account_form(r, true, account, values, errors);
    in.keep_login = r->session_token_hash; /* a lead's own new password keeps this login */
    enum user_result rc = user_update(r->db, r->user.id, id, &in);
    if (domain_refusal(r, errors, rc))
        return account_form(r, true, account, values, errors);
    json_decref(account);
    json_decref(values);
    json_decref(errors);
    if (rc == USER_NOT_FOUND)
        return render_error(r, 404, result_text(r, rc));
    if (rc == USER_BUSY)
        return page_busy(r);
    if (rc != USER_OK)
        return render_error(r, 500, result_text(r, USER_FAILED));
    return page_saved(r, 200, account_load, id, "Account opgeslagen.", "/accounts");
}
