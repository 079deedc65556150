/* GET /staff: every staff member (uitvoerder) of the coalition per provider, with the
   competence level and the VOG (valid until when; PRODUCT.md rule 7), and the warnings: the
   sessions run by staff without a valid VOG. For the lead and the coordinators, like /providers
   (providers.c shows one provider; this page shows them all at once, with the sessions).

   The warning rule: a session that is not cancelled, of the current school year or later,
   run (activity_staff) by a staff member of an external provider whose VOG was not valid on
   the session's date — missing, dated after the session, or expired before it (valid up to and
   including the day before the same date vog_valid_years later: domain/offer/vog.h, read
   through domain/offer/providers_read.h). Staff of the school itself (an internal provider)
   need no VOG here (vog_problem). The lead sees the warnings of every school, a coordinator
   those of the own school: that is where they can act.
   The staff list itself is the coalition's, as on /providers; a coordinator's links to change
   a staff member are only on those no other school uses. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/offer/providers_read.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/providers_internal.h"
#include "pages/scope.h"
#include "pages/staff_overview.h"
#include "util/date.h"
#include "view/render.h"

/* "YYYY-MM-DD" as "DD-MM-YYYY" (arena-owned); anything else as "". */
static const char *date_nl(struct req *r, const char *iso)
{
    if (!iso || strlen(iso) != 10)
        return "";
    return arena_printf(&r->arena, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}

int64_t staff_vog_upcoming_warnings(struct req *r, int64_t school_id)
{
    char today[11];
    date_format(date_today(), today);
    int64_t n = 0;
    if (read_vog_upcoming_warnings(r->db, today, school_id, r->app->cfg.vog_valid_years, &n) < 0)
        return -1;
    return n;
}

/* The warnings (read_vog_warnings) of the schools in the user's scope from `from` on, with
   their dates in words and whether the user may open the activity. New reference; NULL on a
   database error. */
static json_t *vog_warnings(struct req *r, const char *from, const char *today)
{
    json_t *list = read_vog_warnings(r->db, from, today, scope_school_filter(r),
                                     r->app->cfg.vog_valid_years);
    size_t i;
    json_t *w;
    json_array_foreach (list, i, w) {
        json_object_set_new(w, "first_date_nl", json_string(date_nl(
                                                    r, json_string_value(json_object_get(
                                                           w, "first_date")))));
        json_object_set_new(w, "next_date_nl", json_string(date_nl(
                                                   r, json_string_value(json_object_get(
                                                          w, "next_date")))));
        json_object_set_new(w, "linkable",
                            json_boolean(scope_school(
                                r, json_integer_value(json_object_get(w, "school_id")))));
        json_object_del(w, "school_id");
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
   "warned_sessions", from warnings, and "editable": may the user change them,
   scope_staff_editable). *problems counts the staff whose VOG needs attention.
   New reference; NULL on a database error. */
static json_t *providers_with_staff(struct req *r, json_t *warnings, json_int_t *n_staff,
                                    json_int_t *problems)
{
    json_t *rows = read_staff_by_provider(r->db);
    if (!rows)
        return NULL;
    json_t *list = json_array(), *provider = NULL;
    *n_staff = *problems = 0;
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        json_int_t provider_id = json_integer_value(json_object_get(row, "provider_id"));
        bool external = json_is_true(json_object_get(row, "external"));
        if (!provider || json_integer_value(json_object_get(provider, "id")) != provider_id) {
            provider = json_pack("{s:I, s:O, s:b, s:s, s:[]}", "id", provider_id, "name",
                                 json_object_get(row, "provider"), "external", external,
                                 "external_label", external ? "Externe aanbieder"
                                                            : "De school zelf",
                                 "staff");
            json_array_append_new(list, provider);
        }
        int64_t staff_id = json_integer_value(json_object_get(row, "id"));
        int editable = r->user.role == ROLE_LEAD ? 1 : scope_staff_editable(r, staff_id, NULL);
        if (editable == SCOPE_ERROR) {
            json_decref(rows);
            json_decref(list);
            return NULL;
        }
        json_t *staff = providers_staff_json(r, row, external);
        json_object_set_new(staff, "editable", json_boolean(editable));
        json_int_t warned =
            warned_sessions(warnings, json_integer_value(json_object_get(row, "id")));
        json_object_set_new(staff, "warned_sessions", json_integer(warned));
        json_object_set_new(staff, "has_warnings", json_boolean(warned > 0));
        json_array_append_new(json_object_get(provider, "staff"), staff);
        ++*n_staff;
        *problems += json_is_true(json_object_get(staff, "vog_problem"));
    }
    json_decref(rows);
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
        return page_failed(r);
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
