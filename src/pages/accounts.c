/* /accounts: the lead manages who may log in — every role, its school or staff record, the
   password (never shown, never in JSON) and whether the account is active. The rules live in
   domain/users.c; this file turns requests into calls of it and view models. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "domain/people/users.h"
#include "http/form.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/pages.h"
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

static const struct field new_fields[] = {
    ACCOUNT_COMMON_FIELDS,
    {.name = "password", .label = "Wachtwoord", .type = FIELD_TEXT, .required = true,
     .max_len = PASSWORD_MAX},
};

static const struct field edit_fields[] = {
    ACCOUNT_COMMON_FIELDS,
    {.name = "password", .label = "Nieuw wachtwoord", .type = FIELD_TEXT,
     .max_len = PASSWORD_MAX},
    {.name = "active", .label = "Account actief", .type = FIELD_BOOL},
};

/* ---- reading accounts ----------------------------------------------------------------------- */

#define ACCOUNT_COLUMNS                                                                         \
    "SELECT u.id, u.email, u.name, u.role, coalesce(u.school_id, 0), coalesce(sc.name, ''),"    \
    " coalesce(u.staff_id, 0), coalesce(st.name, ''), coalesce(p.name, ''), u.active,"          \
    " u.created_at FROM users u LEFT JOIN schools sc ON sc.id = u.school_id"                   \
    " LEFT JOIN staff st ON st.id = u.staff_id LEFT JOIN providers p ON p.id = st.provider_id"

/* One row of ACCOUNT_COLUMNS as JSON (never the password hash). New reference. */
static json_t *account_row(sqlite3_stmt *st)
{
    const char *role = db_col_text(st, 3);
    int64_t school_id = sqlite3_column_int64(st, 4), staff_id = sqlite3_column_int64(st, 6);
    json_t *a = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:b, s:s}", "id",
                          (json_int_t)sqlite3_column_int64(st, 0), "email", db_col_text(st, 1),
                          "name", db_col_text(st, 2), "role", role, "role_label",
                          user_role_label(role), "school_id",
                          school_id ? json_integer(school_id) : json_null(), "school",
                          db_col_text(st, 5), "staff_id",
                          staff_id ? json_integer(staff_id) : json_null(), "staff",
                          db_col_text(st, 7), "provider", db_col_text(st, 8), "active",
                          sqlite3_column_int(st, 9) != 0, "created_at", db_col_text(st, 10));
    return a;
}

/* The account with this id, or NULL when there is none. New reference. */
static json_t *account_load(struct req *r, int64_t id)
{
    sqlite3_stmt *st = db_stmt(r->db, ACCOUNT_COLUMNS " WHERE u.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *a = sqlite3_step(st) == SQLITE_ROW ? account_row(st) : NULL;
    sqlite3_reset(st);
    return a;
}

/* ---- list ----------------------------------------------------------------------------------- */

/* ?1 search text (email or name), ?2 role ("" = all), ?3 status ("" all, "1" active, "0"
   switched off). */
#define ACCOUNT_FILTER                                                                          \
    " WHERE (?2 = '' OR u.role = ?2) AND (?3 = '' OR u.active = CAST(?3 AS INTEGER))"         \
    " AND (?1 = '' OR u.email LIKE '%' || replace(replace(replace(?1, '\\', '\\\\'), '%',    \
    '\\%'), '_', '\\_') || '%' ESCAPE '\\' OR u.name LIKE '%' || replace(replace(replace(?1, \
    '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\')"

struct account_filter {
    const char *q, *role, *active;
    long long page;
};

/* The filter from the query string; unknown values count as "all". */
static struct account_filter filter_read(struct req *r)
{
    struct account_filter f = {.q = req_query(r, "q"), .role = req_query(r, "role"),
                               .active = req_query(r, "active"), .page = 1};
    f.q = f.q ? f.q : "";
    if (!f.role || !*user_role_label(f.role))
        f.role = "";
    if (!f.active || (strcmp(f.active, "1") && strcmp(f.active, "0")))
        f.active = "";
    const char *page = req_query(r, "page");
    long long n;
    char extra;
    if (page && sscanf(page, "%lld%c", &n, &extra) == 1 && n >= 1 && n <= 1000000)
        f.page = n;
    return f;
}

static void filter_bind(sqlite3_stmt *st, const struct account_filter *f)
{
    db_bind_text(st, 1, f->q);
    db_bind_text(st, 2, f->role);
    db_bind_text(st, 3, f->active);
}

/* The number of accounts matching, -1 on error. */
static json_int_t accounts_count(struct req *r, const struct account_filter *f)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT count(*) FROM users u" ACCOUNT_FILTER);
    if (!st)
        return -1;
    filter_bind(st, f);
    json_int_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* One page of matching accounts by name. New reference; NULL on a database error. */
static json_t *accounts_page(struct req *r, const struct account_filter *f)
{
    sqlite3_stmt *st = db_stmt(r->db, ACCOUNT_COLUMNS ACCOUNT_FILTER
                               " ORDER BY u.name COLLATE NOCASE, u.email COLLATE NOCASE, u.id"
                               " LIMIT ?4 OFFSET ?5");
    if (!st)
        return NULL;
    filter_bind(st, f);
    sqlite3_bind_int(st, 4, PAGE_SIZE);
    sqlite3_bind_int64(st, 5, (f->page - 1) * PAGE_SIZE);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, account_row(st));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The role choices for the filter, the selected one marked. New reference. */
static json_t *role_options(const char *selected)
{
    json_t *list = json_array();
    for (size_t i = 0; user_roles[i]; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", user_roles[i], "label",
                                              user_role_label(user_roles[i]), "selected",
                                              !strcmp(selected, user_roles[i])));
    return list;
}

int page_accounts_list(struct req *r)
{
    struct account_filter f = filter_read(r);
    json_int_t total = accounts_count(r, &f);
    json_t *list = total < 0 ? NULL : accounts_page(r, &f);
    if (!list)
        return render_error(r, 500, "De accounts kunnen nu niet worden geladen.");
    long long pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    bool filtered = *f.q || *f.role || *f.active;
    json_t *model = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:{s:s, s:s, s:s}, s:o, s:b, s:b, s:b, s:b}", "title",
        "Accounts", "accounts", list, "total", total, "page", (json_int_t)f.page, "pages",
        (json_int_t)pages, "filter", "q", f.q, "role", f.role, "active", f.active, "roles",
        role_options(f.role), "filtered", filtered, "has_accounts", json_array_size(list) > 0,
        "active_only", !strcmp(f.active, "1"), "inactive_only", !strcmp(f.active, "0"));
    json_object_set_new(model, "count_label",
                        total == 1 ? json_string("1 account")
                                   : json_sprintf("%lld accounts", (long long)total));
    json_object_set_new(model, "paginated", json_boolean(pages > 1));
    const struct url_param keep[] = {{"q", f.q}, {"role", f.role}, {"active", f.active}};
    size_t n_keep = sizeof keep / sizeof keep[0];
    pagination_links(&r->arena, model, "/accounts", keep, n_keep, f.page, pages);
    if (f.page > pages)
        json_object_set_new(model, "first_href",
                            json_string(url_page(&r->arena, "/accounts", keep, n_keep, 1)));
    return render(r, 200, "accounts/list", model);
}

/* ---- the form ------------------------------------------------------------------------------- */

/* The schools as select options [{"value" (the id), "label", "selected"}], `selected` (an id
   as typed) marked. New reference. */
static json_t *school_options(struct req *r, const char *selected)
{
    static const char *const keys[] = {"value", "label", NULL};
    return page_options_sql(r, "SELECT id, name FROM schools ORDER BY name COLLATE NOCASE, id", keys,
                        selected);
}

/* The staff records as select options [{"value", "label" (the name), "provider",
   "selected"}], `selected` marked. New reference. */
static json_t *staff_options(struct req *r, const char *selected)
{
    static const char *const keys[] = {"value", "label", "provider", NULL};
    return page_options_sql(r,
                        "SELECT s.id, s.name, p.name FROM staff s"
                        " JOIN providers p ON p.id = s.provider_id"
                        " ORDER BY s.name COLLATE NOCASE, p.name COLLATE NOCASE, s.id",
                        keys, selected);
}

/* The role radios, the chosen one checked. New reference. */
static json_t *role_choices(const char *chosen)
{
    static const char *const hints[] = {"ziet en beheert alles", "één school",
                                        "eigen activiteiten", "eigen kinderen"};
    json_t *list = json_array();
    for (size_t i = 0; user_roles[i]; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:o, s:s, s:s, s:b}", "value", user_roles[i], "id",
                            i ? json_sprintf("f-role-%s", user_roles[i]) : json_string("f-role"),
                            "label", user_role_label(user_roles[i]), "hint", hints[i], "checked",
                            !strcmp(chosen, user_roles[i])));
    return list;
}

/* The model of the account form. values and errors are stolen (the password is removed from
   values: it is never sent back); account is the one edited (stolen) or NULL for a new one. */
static json_t *account_form_model(struct req *r, json_t *account, json_t *values, json_t *errors)
{
    json_object_del(values, "password");
    const struct field *fields = account ? edit_fields : new_fields;
    size_t n_fields = account ? FIELDS_N(edit_fields) : FIELDS_N(new_fields);
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:i, s:i}", "title",
                              account ? "Account wijzigen" : "Account toevoegen", "roles",
                              role_choices(form_str(values, "role")), "schools",
                              school_options(r, form_str(values, "school")), "staff",
                              staff_options(r, form_str(values, "staff")), "error_list",
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

int page_account_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s}", "email", "", "name", "", "role", "",
                               "school", "", "staff", "");
    const char *role = req_query(r, "role");
    if (role && *user_role_label(role))
        json_object_set_new(values, "role", json_string(role));
    return render(r, 200, "accounts/form", account_form_model(r, NULL, values, json_object()));
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
    json_t *account = account_load(r, r->path_ids[0]);
    if (!account)
        return render_error(r, 404, "Dit account bestaat niet.");
    json_t *values = account_values(account);
    return render(r, 200, "accounts/form", account_form_model(r, account, values, json_object()));
}

/* Add an error for field unless it already has one; returns 1 when added. */
static int add_error(json_t *errors, const char *field, const char *message)
{
    if (json_object_get(errors, field))
        return 0;
    json_object_set_new(errors, field, json_string(message));
    return 1;
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
                              .active = account_id ? form_bool(values, "active") : true};
    if (*in->password && !json_object_get(errors, "password") &&
        user_password_check(in->password) != USER_OK)
        bad += add_error(errors, "password", "Gebruik minstens 10 tekens.");
    if (!strcmp(in->role, "coordinator") && in->school_id <= 0)
        bad += add_error(errors, "school", user_result_message(USER_SCHOOL_NEEDED));
    if (!strcmp(in->role, "staff") && in->staff_id <= 0)
        bad += add_error(errors, "staff", user_result_message(USER_STAFF_NEEDED));
    if (account_id && account_id == r->user.id) {
        if (!in->active)
            bad += add_error(errors, "active", user_result_message(USER_SELF_DEACTIVATE));
        if (*in->role && strcmp(in->role, "lead"))
            bad += add_error(errors, "role", user_result_message(USER_SELF_DEMOTE));
    }
    return bad;
}

/* After the domain refused: put its message on the field it is about. False when the result
   is not about a field (success, not found, a database error). */
static bool domain_refusal(json_t *errors, enum user_result rc)
{
    const char *field = user_result_field(rc);
    if (!field)
        return false;
    json_object_set_new(errors, field, json_string(user_result_message(rc)));
    return true;
}

int page_account_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    struct user_input in;
    if (account_form_read(r, 0, values, errors, &in))
        return render_form_errors(r, "accounts/form",
                                  account_form_model(r, NULL, values, errors));
    int64_t id = 0;
    enum user_result rc = user_create(r->db, r->user.id, &in, &id);
    if (domain_refusal(errors, rc))
        return render_form_errors(r, "accounts/form",
                                  account_form_model(r, NULL, values, errors));
    json_decref(values);
    json_decref(errors);
    if (rc != USER_OK)
        return render_error(r, 500, user_result_message(USER_FAILED));
    return page_saved(r, 201, account_load, id, "Account opgeslagen.", "/accounts");
}

int page_account_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *account = account_load(r, id);
    if (!account)
        return render_error(r, 404, "Dit account bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    struct user_input in;
    if (account_form_read(r, id, values, errors, &in))
        return render_form_errors(r, "accounts/form",
                                  account_form_model(r, account, values, errors));
    enum user_result rc = user_update(r->db, r->user.id, id, &in);
    if (domain_refusal(errors, rc))
        return render_form_errors(r, "accounts/form",
                                  account_form_model(r, account, values, errors));
    json_decref(account);
    json_decref(values);
    json_decref(errors);
    if (rc == USER_NOT_FOUND)
        return render_error(r, 404, user_result_message(rc));
    if (rc != USER_OK)
        return render_error(r, 500, user_result_message(USER_FAILED));
    return page_saved(r, 200, account_load, id, "Account opgeslagen.", "/accounts");
}
