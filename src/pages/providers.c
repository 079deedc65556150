/* /providers: the providers (aanbieders) of the coalition with their staff (uitvoerders) and
   activities. Shared by the coalition: the lead and every coordinator may see, add and change
   them; each change is audited by the domain functions. The staff forms are staff.c. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "domain/offer/providers.h"
#include "http/form.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/providers_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

enum { PAGE_SIZE = 50 };

static const char *const external_choices[] = {"1", "0", NULL};

static const struct field provider_fields[] = {
    {.name = "name", .label = "Naam", .type = FIELD_TEXT, .required = true,
     .max_len = PROVIDER_NAME_MAX},
    {.name = "external", .label = "Soort aanbieder", .type = FIELD_CHOICE, .required = true,
     .choices = external_choices},
};

/* ---- small helpers ---------------------------------------------------------------------------- */

/* "YYYY-MM-DD" as "DD-MM-YYYY" (arena-owned); "" stays "". */
static const char *date_nl(struct req *r, const char *iso)
{
    if (strlen(iso) != 10)
        return "";
    return arena_printf(&r->arena, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}

/* The VOG modifier for SQLite's date(): "+3 years" for the configured validity. */
static const char *vog_modifier(struct req *r)
{
    return arena_printf(&r->arena, "+%d years", r->app->cfg.vog_valid_years);
}

/* ---- read models ------------------------------------------------------------------------------ */

json_t *providers_load(struct req *r, int64_t id)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id, key, name, external FROM providers"
                                      " WHERE id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *provider = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        bool external = sqlite3_column_int(st, 3);
        provider = json_pack("{s:I, s:s, s:s, s:b, s:s}", "id",
                             (json_int_t)sqlite3_column_int64(st, 0), "key", db_col_text(st, 1),
                             "name", db_col_text(st, 2), "external", external, "external_label",
                             external ? "Externe aanbieder" : "De school zelf");
    }
    sqlite3_reset(st);
    return provider;
}

json_t *providers_staff_json(struct req *r, int64_t id, const char *key, const char *name,
                             const char *level, const char *vog_date, bool external)
{
    char until[11];
    enum vog_status status = vog_check(vog_date, date_today(), r->app->cfg.vog_valid_years, until);
    const char *label = status == VOG_VALID     ? arena_printf(&r->arena, "geldig tot %s",
                                                               date_nl(r, until))
                        : status == VOG_EXPIRED ? "verlopen"
                                                : "ontbreekt";
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:s, s:s, s:s, s:b}", "id",
                     (json_int_t)id, "key", key, "name", name, "level", level, "level_label",
                     staff_level_label(level), "vog_date",
                     *vog_date ? json_string(vog_date) : json_null(), "vog_date_nl",
                     date_nl(r, vog_date), "vog_valid", status == VOG_VALID, "vog_valid_until",
                     *until ? json_string(until) : json_null(), "vog_until_nl",
                     date_nl(r, until), "vog_status",
                     status == VOG_VALID ? "geldig" : status == VOG_EXPIRED ? "verlopen"
                                                                            : "ontbreekt",
                     "vog_label", label, "vog_problem", vog_problem(status, external));
}

/* The staff of a provider, by name. New reference; NULL on a database error. */
static json_t *provider_staff(struct req *r, int64_t provider_id, bool external)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id, key, name, level, vog_date FROM staff"
                                      " WHERE provider_id = ?1 ORDER BY name COLLATE NOCASE, id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, provider_id);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, providers_staff_json(r, sqlite3_column_int64(st, 0),
                                                         db_col_text(st, 1), db_col_text(st, 2),
                                                         db_col_text(st, 3), db_col_text(st, 4),
                                                         external));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* Every activity the provider or its staff run, the newest first, each with its school, the
   provider's staff on it and its period. New reference; NULL on a database error. */
static json_t *provider_activities(struct req *r, int64_t provider_id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT a.id, a.title, a.school_id, sc.name, a.date_from, a.date_until,"
               " (SELECT group_concat(s.name, ', ') FROM activity_staff x"
               "  JOIN staff s ON s.id = x.staff_id"
               "  WHERE x.activity_id = a.id AND s.provider_id = ?1)"
               " FROM activities a JOIN schools sc ON sc.id = a.school_id"
               " WHERE a.provider_id = ?1 OR EXISTS (SELECT 1 FROM activity_staff x"
               "  JOIN staff s ON s.id = x.staff_id"
               "  WHERE x.activity_id = a.id AND s.provider_id = ?1)"
               " ORDER BY a.date_until DESC, sc.name COLLATE NOCASE, a.title COLLATE NOCASE, a.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, provider_id);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t school_id = sqlite3_column_int64(st, 2);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "title", db_col_text(st, 1),
                            "school_id", (json_int_t)school_id, "school", db_col_text(st, 3),
                            "from", db_col_text(st, 4), "until", db_col_text(st, 5), "from_nl",
                            date_nl(r, db_col_text(st, 4)), "until_nl",
                            date_nl(r, db_col_text(st, 5)), "staff", db_col_text(st, 6),
                            "linkable", scope_school(r, school_id)));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* ---- list ------------------------------------------------------------------------------------- */

/* The SQL filter shared by the list and its count: ?1 is the search text (name or key). */
#define PROVIDER_FILTER                                                                        \
    " WHERE (?1 = '' OR p.name LIKE '%' || replace(replace(replace(?1, '\\', '\\\\'), '%',    \
    '\\%'), '_', '\\_') || '%' ESCAPE '\\' OR p.key LIKE '%' || replace(replace(replace(?1,    \
    '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\')"

static json_int_t providers_count(struct req *r, const char *q)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT count(*) FROM providers p" PROVIDER_FILTER);
    if (!st)
        return -1;
    db_bind_text(st, 1, q);
    json_int_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* One page of providers with their counts. New reference; NULL on a database error. */
static json_t *providers_page(struct req *r, const char *q, long long offset,
                              const struct school_year *year)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT p.id, p.key, p.name, p.external,"
               " (SELECT count(*) FROM staff s WHERE s.provider_id = p.id),"
               " (SELECT count(*) FROM activities a WHERE a.provider_id = p.id"
               "  AND a.date_from <= ?3 AND a.date_until >= ?2),"
               " (SELECT count(*) FROM staff s WHERE s.provider_id = p.id AND"
               "  ((s.vog_date IS NULL AND p.external) OR"
               "   date(s.vog_date, ?4, '-1 day') < ?5))"
               " FROM providers p" PROVIDER_FILTER
               " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?6 OFFSET ?7");
    if (!st)
        return NULL;
    char today[11];
    date_format(date_today(), today);
    db_bind_text(st, 1, q);
    db_bind_text(st, 2, year->from);
    db_bind_text(st, 3, year->until);
    db_bind_text(st, 4, vog_modifier(r));
    db_bind_text(st, 5, today);
    sqlite3_bind_int(st, 6, PAGE_SIZE);
    sqlite3_bind_int64(st, 7, offset);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        bool external = sqlite3_column_int(st, 3);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:b, s:s, s:I, s:I, s:I}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "key", db_col_text(st, 1),
                            "name", db_col_text(st, 2), "external", external, "external_label",
                            external ? "Externe aanbieder" : "De school zelf", "staff_count",
                            (json_int_t)sqlite3_column_int64(st, 4), "activity_count",
                            (json_int_t)sqlite3_column_int64(st, 5), "warnings",
                            (json_int_t)sqlite3_column_int64(st, 6)));
        json_object_set_new(json_array_get(list, json_array_size(list) - 1), "has_warnings",
                            json_boolean(sqlite3_column_int64(st, 6) > 0));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The page number asked for (1 when absent or not a positive number). */
static long long page_number(const struct req *r)
{
    const char *s = req_query(r, "page");
    long long n = 0;
    if (!s || sscanf(s, "%lld", &n) != 1 || n < 1 || n > 1000000)
        return 1;
    return n;
}

int page_providers_list(struct req *r)
{
    const char *q = req_query(r, "q");
    q = q ? q : "";
    long long page = page_number(r);
    struct school_year year = school_year_now();
    json_int_t total = providers_count(r, q);
    json_t *list = total < 0 ? NULL : providers_page(r, q, (page - 1) * PAGE_SIZE, &year);
    if (!list)
        return render_error(r, 500, "De aanbieders kunnen nu niet worden geladen.");
    long long pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    json_t *model = json_pack("{s:s, s:o, s:s, s:I, s:I, s:I, s:s, s:s}", "title", "Aanbieders",
                              "providers", list, "q", q, "total", total, "page",
                              (json_int_t)page, "pages", (json_int_t)pages, "year_from",
                              year.from, "year_until", year.until);
    json_object_set_new(model, "one", json_boolean(total == 1));
    json_object_set_new(model, "paginated", json_boolean(pages > 1));
    const struct url_param keep[] = {{"q", q}};
    pagination_links(&r->arena, model, "/providers", keep, 1, page, pages);
    return render(r, 200, "providers/list", model);
}

/* ---- show ------------------------------------------------------------------------------------- */

int page_provider_show(struct req *r)
{
    json_t *provider = providers_load(r, r->path_ids[0]);
    if (!provider)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    bool external = json_is_true(json_object_get(provider, "external"));
    json_t *staff = provider_staff(r, r->path_ids[0], external);
    json_t *activities = provider_activities(r, r->path_ids[0]);
    if (!staff || !activities) {
        json_decref(provider);
        json_decref(staff);
        json_decref(activities);
        return render_error(r, 500, "De aanbieder kan nu niet worden geladen.");
    }
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:i}", "title",
                              json_string_value(json_object_get(provider, "name")), "provider",
                              provider, "staff", staff, "activities", activities,
                              "vog_valid_years", r->app->cfg.vog_valid_years);
    return render(r, 200, "providers/show", model);
}

/* ---- provider form ---------------------------------------------------------------------------- */

/* The model of the provider form: values as typed, errors (both stolen), and the radio
   choices with the checked one marked. provider is the one edited (stolen) or NULL. */
static json_t *provider_form_model(json_t *provider, json_t *values, json_t *errors)
{
    const char *external = form_str(values, "external");
    json_t *kinds = json_pack("[{s:s, s:s, s:s, s:b}, {s:s, s:s, s:s, s:b}]", "value", "1",
                              "id", "f-external", "label", "Externe aanbieder", "checked",
                              !strcmp(external, "1"), "value", "0", "id", "f-external-0",
                              "label", "De school zelf", "checked", !strcmp(external, "0"));
    json_t *model = json_pack("{s:s, s:s, s:o, s:o, s:o}", "title",
                              provider ? "Aanbieder wijzigen" : "Aanbieder toevoegen", "action",
                              "/providers", "kinds", kinds, "values", values, "errors", errors);
    json_object_set_new(model, "error_list",
                        form_error_list(provider_fields, FIELDS_N(provider_fields), errors));
    if (provider) {
        json_object_set_new(model, "action",
                            json_sprintf("/providers/%lld",
                                         (long long)json_integer_value(
                                             json_object_get(provider, "id"))));
        json_object_set_new(model, "provider", provider);
    }
    return model;
}

int page_provider_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:s}", "name", "", "external", "1");
    return render(r, 200, "providers/form", provider_form_model(NULL, values, json_object()));
}

int page_provider_edit(struct req *r)
{
    json_t *provider = providers_load(r, r->path_ids[0]);
    if (!provider)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    json_t *values = json_pack("{s:O, s:s}", "name", json_object_get(provider, "name"),
                               "external",
                               json_is_true(json_object_get(provider, "external")) ? "1" : "0");
    return render(r, 200, "providers/form", provider_form_model(provider, values, json_object()));
}

/* Validate the provider form into in (strings owned by values). Returns the number of bad
   fields; their messages are in errors. */
static int provider_form_read(struct req *r, json_t *values, json_t *errors,
                              struct provider_input *in)
{
    int bad = form_validate(r, provider_fields, FIELDS_N(provider_fields), values, errors);
    if (json_object_get(errors, "external"))
        json_object_set_new(errors, "external",
                            json_string("Kies of het een externe aanbieder is of de school zelf."));
    in->name = form_str(values, "name");
    in->external = !strcmp(form_str(values, "external"), "1");
    return bad;
}

int page_provider_create(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    struct provider_input in;
    if (provider_form_read(r, values, errors, &in))
        return render_form_errors(r, "providers/form", provider_form_model(NULL, values, errors));
    int64_t id = provider_create(r->db, r->user.id, &in, NULL, 0);
    json_decref(values);
    json_decref(errors);
    if (id < 0)
        return render_error(r, 500, "De aanbieder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 201, providers_load, id, "Aanbieder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", (long long)id));
}

int page_provider_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *provider = providers_load(r, id);
    if (!provider)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    json_t *values = json_object(), *errors = json_object();
    struct provider_input in;
    if (provider_form_read(r, values, errors, &in))
        return render_form_errors(r, "providers/form",
                                  provider_form_model(provider, values, errors));
    json_decref(provider);
    int rc = provider_update(r->db, r->user.id, id, &in);
    json_decref(values);
    json_decref(errors);
    if (rc == 1)
        return render_error(r, 404, "Deze aanbieder bestaat niet.");
    if (rc)
        return render_error(r, 500, "De aanbieder kon niet worden opgeslagen. Probeer het opnieuw.");
    return page_saved(r, 200, providers_load, id, "Aanbieder opgeslagen.",
                      arena_printf(&r->arena, "/providers/%lld", (long long)id));
}
