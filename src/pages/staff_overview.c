/* GET /staff: every staff member (uitvoerder) of the coalition per provider, with the
   competence level and the VOG (valid until when; PRODUCT.md rule 7), and the warnings: the
   sessions run by staff without a valid VOG. For the lead and the coordinators, like /providers
   (providers.c shows one provider; this page shows them all at once, with the sessions).

   The warning rule: a session that is not cancelled, of the current school year or later,
   run (activity_staff) by a staff member of an external provider whose VOG was not valid on
   the session's date — missing, dated after the session, or expired before it (valid up to and
   including the day before the same date vog_valid_years later, domain/providers.h). Staff of
   the school itself (an internal provider) need no VOG here (vog_problem). The lead sees the
   warnings of every school, a coordinator those of the own school: that is where they can act.
   The staff list itself is the coalition's, as on /providers. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/providers_internal.h"
#include "pages/scope.h"
#include "pages/staff_overview.h"
#include "util/date.h"
#include "view/render.h"

/* The SQL of the rule: a session s run by staff st of provider p, whose VOG was not valid on
   s.date. ?M is the VOG modifier ("+3 years"). The same expression as the provider list's,
   which tests/unit/test_providers.c checks against vog_check. */
#define WITHOUT_VALID_VOG(M)                                                                   \
    " p.external = 1 AND s.cancelled = 0 AND (st.vog_date IS NULL OR st.vog_date = ''"         \
    " OR st.vog_date > s.date OR date(st.vog_date, " M ", '-1 day') < s.date)"

/* The VOG modifier for SQLite's date(): "+3 years" for the configured validity. Arena-owned. */
static const char *vog_modifier(struct req *r)
{
    return arena_printf(&r->arena, "+%d years", r->app->cfg.vog_valid_years);
}

static const char *date_nl(struct req *r, const char *iso)
{
    if (strlen(iso) != 10)
        return "";
    return arena_printf(&r->arena, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}

int64_t staff_vog_upcoming_warnings(struct req *r, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT count(DISTINCT s.id) FROM staff st"
               " JOIN providers p ON p.id = st.provider_id"
               " JOIN activity_staff x ON x.staff_id = st.id"
               " JOIN activities a ON a.id = x.activity_id"
               " JOIN sessions s ON s.activity_id = a.id"
               " WHERE s.date >= ?1 AND (?2 = 0 OR a.school_id = ?2) AND" WITHOUT_VALID_VOG("?3"));
    if (!st)
        return -1;
    char today[11];
    date_format(date_today(), today);
    db_bind_text(st, 1, today);
    sqlite3_bind_int64(st, 2, school_id);
    db_bind_text(st, 3, vog_modifier(r));
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* The warnings: per staff member and activity in scope, the sessions without a valid VOG from
   `from` on, split into held (up to today) and coming, the next coming one first. New
   reference; NULL on a database error. */
static json_t *vog_warnings(struct req *r, const char *from, const char *today)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT st.id, st.name, p.id, p.name, a.id, a.title, a.school_id, sc.name,"
               " sum(s.date <= ?2), sum(s.date > ?2), min(s.date),"
               " min(CASE WHEN s.date > ?2 THEN s.date END)"
               " FROM staff st"
               " JOIN providers p ON p.id = st.provider_id"
               " JOIN activity_staff x ON x.staff_id = st.id"
               " JOIN activities a ON a.id = x.activity_id"
               " JOIN schools sc ON sc.id = a.school_id"
               " JOIN sessions s ON s.activity_id = a.id"
               " WHERE s.date >= ?1 AND (?3 = 0 OR a.school_id = ?3) AND" WITHOUT_VALID_VOG("?4")
               " GROUP BY st.id, a.id"
               " ORDER BY min(CASE WHEN s.date > ?2 THEN s.date END) IS NULL,"
               " min(CASE WHEN s.date > ?2 THEN s.date END), p.name COLLATE NOCASE,"
               " st.name COLLATE NOCASE, a.title COLLATE NOCASE, a.id");
    if (!st)
        return NULL;
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, today);
    sqlite3_bind_int64(st, 3, scope_school_filter(r));
    db_bind_text(st, 4, vog_modifier(r));
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *next = db_col_text(st, 11);
        json_array_append_new(
            list,
            json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:o, s:s, s:b}",
                      "staff_id", (json_int_t)sqlite3_column_int64(st, 0), "staff",
                      db_col_text(st, 1), "provider_id", (json_int_t)sqlite3_column_int64(st, 2),
                      "provider", db_col_text(st, 3), "activity_id",
                      (json_int_t)sqlite3_column_int64(st, 4), "activity", db_col_text(st, 5),
                      "school", db_col_text(st, 7), "held",
                      (json_int_t)sqlite3_column_int64(st, 8), "coming",
                      (json_int_t)sqlite3_column_int64(st, 9), "first_date", db_col_text(st, 10),
                      "first_date_nl", date_nl(r, db_col_text(st, 10)), "next_date",
                      *next ? json_string(next) : json_null(), "next_date_nl", date_nl(r, next),
                      "linkable", scope_school(r, sqlite3_column_int64(st, 6))));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The sessions without a valid VOG per staff member, summed over warnings: {staff id: n}. */
static json_int_t warned_sessions(json_t *warnings, int64_t staff_id)
{
    json_int_t n = 0;
    size_t i;
    json_t *w;
    json_array_foreach(warnings, i, w)
    {
        if (json_integer_value(json_object_get(w, "staff_id")) == staff_id)
            n += json_integer_value(json_object_get(w, "held")) +
                 json_integer_value(json_object_get(w, "coming"));
    }
    return n;
}

/* Every provider that has staff, by name, each with its staff (providers_staff_json plus
   "warned_sessions", from warnings). *problems counts the staff whose VOG needs attention.
   New reference; NULL on a database error. */
static json_t *providers_with_staff(struct req *r, json_t *warnings, json_int_t *n_staff,
                                    json_int_t *problems)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT p.id, p.name, p.external, st.id, st.key, st.name,"
                                      " st.level, st.vog_date FROM staff st"
                                      " JOIN providers p ON p.id = st.provider_id"
                                      " ORDER BY p.name COLLATE NOCASE, p.id,"
                                      " st.name COLLATE NOCASE, st.id");
    if (!st)
        return NULL;
    json_t *list = json_array(), *provider = NULL;
    *n_staff = *problems = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t provider_id = sqlite3_column_int64(st, 0);
        bool external = sqlite3_column_int(st, 2);
        if (!provider || json_integer_value(json_object_get(provider, "id")) != provider_id) {
            provider = json_pack("{s:I, s:s, s:b, s:s, s:[]}", "id", (json_int_t)provider_id,
                                 "name", db_col_text(st, 1), "external", external,
                                 "external_label", external ? "Externe aanbieder"
                                                            : "De school zelf",
                                 "staff");
            json_array_append_new(list, provider);
        }
        int64_t staff_id = sqlite3_column_int64(st, 3);
        json_t *staff = providers_staff_json(r, staff_id, db_col_text(st, 4), db_col_text(st, 5),
                                             db_col_text(st, 6), db_col_text(st, 7), external);
        json_int_t warned = warned_sessions(warnings, staff_id);
        json_object_set_new(staff, "warned_sessions", json_integer(warned));
        json_object_set_new(staff, "has_warnings", json_boolean(warned > 0));
        json_array_append_new(json_object_get(provider, "staff"), staff);
        ++*n_staff;
        *problems += json_is_true(json_object_get(staff, "vog_problem"));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

int page_staff_overview(struct req *r)
{
    struct school_year year = school_year_now();
    json_t *warnings = vog_warnings(r, year.from, year.today);
    json_int_t n_staff = 0, problems = 0;
    json_t *providers = warnings ? providers_with_staff(r, warnings, &n_staff, &problems) : NULL;
    if (!providers) {
        json_decref(warnings);
        return render_error(r, 500, "De uitvoerders kunnen nu niet worden geladen.");
    }
    json_int_t warned = 0;
    size_t i;
    json_t *w;
    json_array_foreach(warnings, i, w)
    {
        warned += json_integer_value(json_object_get(w, "held")) +
                  json_integer_value(json_object_get(w, "coming"));
    }
    json_t *model = json_pack(
        "{s:s, s:o, s:o, s:i, s:s, s:s, s:{s:I, s:I, s:I}, s:b}", "title", "Uitvoerders en VOG",
        "providers", providers, "warnings", warnings, "vog_valid_years",
        r->app->cfg.vog_valid_years, "year_from", year.from, "year_label", year.label, "counts",
        "staff", n_staff, "vog_problems", problems, "warned_sessions", warned, "own_school",
        r->user.role == ROLE_COORDINATOR);
    return render(r, 200, "staff/list", model);
}
