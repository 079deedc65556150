/* Money (issue 15, part 4), for the lead and the coordinator of the school only: staff and
   parents never see an amount (the routes refuse them, and the activity page shows the costs
   only to those who may see them).
   - /activities/{id}/costs: an activity's costs per held session and fixed, shown and changed
     by the lead and the coordinator of the activity's school;
   - /schools/{id}/budget: a school's budgets per school year, set by the lead, seen by the
     school's coordinator;
   - /reports/costs.csv?from=&to=: the municipality's accountability per school and domain.
   The rules and figures are domain/offer/costs.h and domain/reports/reports_costs.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/offer/costs.h"
#include "domain/offer/costs_read.h"
#include "domain/people/rollover.h"
#include "domain/quality/evaluations_read.h"
#include "domain/offer/schools_read.h"
#include "domain/reports/reports.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/costs_internal.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/report_page.h"
#include "pages/scope.h"
#include "util/csv.h"
#include "view/render.h"

static const char MONEY_HELP[] = "Vul een bedrag in euro in, bijvoorbeeld 85 of 85,50.";

/* Cents as "85,50" for a form field (arena-owned). */
static const char *money_input(struct req *r, int64_t cents)
{
    return arena_printf(&r->arena, "%lld,%02lld", (long long)(cents / 100),
                        (long long)(cents % 100));
}

/* The amount of field in values into *cents; a Dutch message into errors when it is not one
   (an empty optional field is 0). */
static void read_amount(json_t *values, json_t *errors, const char *field, bool required,
                        int64_t *cents)
{
    const char *text = form_str(values, field);
    *cents = 0;
    if (json_object_get(errors, field))
        return;
    if (!*text && !required)
        return;
    if (money_parse(text, cents))
        json_object_set_new(errors, field, json_string(MONEY_HELP));
}

/* May the user see the money of school_id: the lead, or the school's own coordinator. */
static bool sees_money(const struct req *r, int64_t school_id)
{
    return r->user.role == ROLE_LEAD ||
           (r->user.role == ROLE_COORDINATOR && r->user.school_id == school_id);
}

/* ---- on the activity page --------------------------------------------------------------------- */

int costs_on_activity(struct req *r, int64_t activity_id, int64_t school_id, json_t *model)
{
    if (!sees_money(r, school_id))
        return 0;
    struct activity_costs c;
    int found = read_activity_costs(r->db, activity_id, &c);
    if (found < 0)
        return -1;
    json_object_set_new(model, "costs",
                        json_pack("{s:b, s:s, s:s}", "has_costs", found > 0, "per_session",
                                  dutch_money(r, c.per_session), "fixed", dutch_money(r, c.fixed)));
    return 0;
}

/* ---- /activities/{id}/costs ------------------------------------------------------------------- */

static const struct field cost_fields[] = {
    {.name = "per_session", .label = "Kosten per bijeenkomst", .type = FIELD_TEXT, .max_len = 20},
    {.name = "fixed", .label = "Vaste kosten", .type = FIELD_TEXT, .max_len = 20},
};

/* The activity's school when the user may see its money, else 0 with the answer given (404,
   403 or 500) in *answered. */
static int64_t money_scope(struct req *r, int64_t activity_id, int *answered)
{
    int64_t school = scope_activity_school(r, activity_id);
    *answered = school == SCOPE_ERROR ? page_failed(r)
                : school == 0         ? render_error(r, 404, "Deze activiteit bestaat niet.")
                : !sees_money(r, school)
                    ? render_error(r, 403, "Alleen de coalitiecoördinator en de coördinator van"
                                           " de school zien de kosten van deze activiteit.")
                    : 0;
    return *answered ? 0 : school;
}

/* The costs page's model with values and errors (both stolen; errors NULL: none). NULL when a
   read failed. */
static json_t *costs_model(struct req *r, int64_t id, json_t *values, json_t *errors)
{
    json_t *activity = NULL;
    if (read_activity_heading(r->db, id, &activity) <= 0) {
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    if (!errors)
        errors = json_object();
    json_t *list = form_error_list(cost_fields, FIELDS_N(cost_fields), errors);
    return json_pack("{s:s, s:o, s:o, s:o, s:b, s:o}", "title", "Kosten", "activity", activity,
                     "values", values, "errors", errors, "has_error_list",
                     json_array_size(list) > 0, "error_list", list);
}

int page_activity_costs(struct req *r)
{
    int64_t id = r->path_ids[0];
    int answered;
    money_scope(r, id, &answered);
    if (answered)
        return answered;
    struct activity_costs c;
    if (read_activity_costs(r->db, id, &c) < 0)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200,
                            json_pack("{s:I, s:o, s:o}", "activity_id", (json_int_t)id,
                                      "per_session", report_money(c.per_session), "fixed",
                                      report_money(c.fixed)));
    json_t *values = json_pack("{s:s, s:s}", "per_session", money_input(r, c.per_session),
                               "fixed", money_input(r, c.fixed));
    json_t *m = costs_model(r, id, values, NULL);
    return m ? render(r, 200, "costs/activity", m) : page_failed(r);
}

int page_activity_costs_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    int answered;
    money_scope(r, id, &answered);
    if (answered)
        return answered;
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, cost_fields, FIELDS_N(cost_fields), values, errors);
    struct activity_costs in;
    read_amount(values, errors, "per_session", false, &in.per_session);
    read_amount(values, errors, "fixed", false, &in.fixed);
    struct problems problems = {0};
    enum outcome rc = json_object_size(errors) ? OUTCOME_INVALID
                                               : costs_save(r->db, r->user.id, id, &in, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        json_t *m = costs_model(r, id, values, errors);
        return m ? render_form_errors(r, "costs/activity", m) : page_failed(r);
    }
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200,
                            json_pack("{s:I, s:o, s:o}", "activity_id", (json_int_t)id,
                                      "per_session", report_money(in.per_session), "fixed",
                                      report_money(in.fixed)));
    session_flash(r, "De kosten zijn opgeslagen.");
    return respond_redirect(r, arena_printf(&r->arena, "/activities/%lld", (long long)id));
}

/* ---- /schools/{id}/budget --------------------------------------------------------------------- */

static const struct field budget_fields[] = {
    {.name = "year", .label = "Schooljaar", .type = FIELD_TEXT, .required = true, .max_len = 9},
    {.name = "amount", .label = "Budget", .type = FIELD_TEXT, .required = true, .max_len = 20},
};

/* The budget page's model: the school, its budgets, the form (values, errors stolen; errors
   NULL: none). NULL when a read failed. */
static json_t *budget_model(struct req *r, int64_t school_id, json_t *values, json_t *errors)
{
    json_t *school = NULL, *budgets = read_school_budgets(r->db, school_id), *row;
    if (!budgets || read_school(r->db, school_id, &school) <= 0) {
        json_decref(budgets);
        json_decref(values);
        json_decref(errors);
        return NULL;
    }
    size_t i;
    json_array_foreach (budgets, i, row) {
        int year = (int)json_integer_value(json_object_get(row, "year"));
        json_object_set_new(row, "year_label",
                            json_string(arena_printf(&r->arena, "%d-%d", year, year + 1)));
        json_object_set_new(
            row, "amount_label",
            json_string(dutch_money(r, json_integer_value(json_object_get(row, "amount")))));
    }
    if (!errors)
        errors = json_object();
    json_t *list = form_error_list(budget_fields, FIELDS_N(budget_fields), errors);
    return json_pack("{s:s, s:o, s:o, s:b, s:b, s:o, s:o, s:b, s:o}", "title", "Budget",
                     "school", school, "budgets", budgets, "has_budgets",
                     json_array_size(budgets) > 0, "can_write", r->user.role == ROLE_LEAD,
                     "values", values, "errors", errors, "has_error_list",
                     json_array_size(list) > 0, "error_list", list);
}

/* The school when the user may see its budget, else the answer given in *answered. */
static void budget_scope(struct req *r, int64_t school_id, int *answered)
{
    const char *name = page_school_name(r, school_id);
    *answered = !name   ? page_failed(r)
                : !*name ? render_error(r, 404, "Deze school bestaat niet.")
                : !sees_money(r, school_id)
                    ? render_error(r, 403, "Alleen de coalitiecoördinator en de coördinator van"
                                           " de school zien het budget.")
                    : 0;
}

/* "2025-2026" for the school year today is in (arena-owned). */
static const char *current_year(struct req *r)
{
    struct school_year y = school_year_now();
    return arena_printf(&r->arena, "%.4s-%d", y.from, atoi(y.from) + 1);
}

int page_school_budget(struct req *r)
{
    int64_t id = r->path_ids[0];
    int answered;
    budget_scope(r, id, &answered);
    if (answered)
        return answered;
    if (r->wants_json) {
        json_t *budgets = read_school_budgets(r->db, id);
        return budgets ? respond_json(r, 200, json_pack("{s:I, s:o}", "school_id",
                                                        (json_int_t)id, "budgets", budgets))
                       : page_failed(r);
    }
    json_t *m = budget_model(r, id, json_pack("{s:s, s:s}", "year", current_year(r), "amount", ""),
                             NULL);
    return m ? render(r, 200, "costs/budget", m) : page_failed(r);
}

int page_school_budget_save(struct req *r)
{
    int64_t id = r->path_ids[0];
    int answered;
    budget_scope(r, id, &answered);
    if (answered)
        return answered;
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, budget_fields, FIELDS_N(budget_fields), values, errors);
    int first_year = 0;
    if (!json_object_get(errors, "year") &&
        school_year_parse(form_str(values, "year"), &first_year))
        json_object_set_new(errors, "year",
                            json_string("Vul een schooljaar in, bijvoorbeeld 2025-2026."));
    int64_t amount;
    read_amount(values, errors, "amount", true, &amount);
    struct problems problems = {0};
    enum outcome rc =
        json_object_size(errors)
            ? OUTCOME_INVALID
            : budget_save(r->db, r->user.id, id, first_year, amount, &problems);
    if (rc == OUTCOME_INVALID) {
        form_add_problems(r, errors, &problems);
        json_t *m = budget_model(r, id, values, errors);
        return m ? render_form_errors(r, "costs/budget", m) : page_failed(r);
    }
    json_decref(values);
    json_decref(errors);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, "Deze school bestaat niet.");
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:I, s:i, s:o}", "school_id", (json_int_t)id,
                                              "year", first_year, "amount",
                                              report_money(amount)));
    session_flash(r, "Het budget is opgeslagen.");
    return respond_redirect(r, arena_printf(&r->arena, "/schools/%lld/budget", (long long)id));
}

/* ---- /reports/costs.csv ----------------------------------------------------------------------- */

static void costs_csv_header(struct buf *b)
{
    static const char *const heads[] = {
        "School", "Sleutel", "Domein", "Activiteiten", "Bijeenkomsten", "Deelnemers", "Uren",
        "Kosten in euro (een activiteit met meer domeinen telt per domein een gelijk deel)", NULL};
    for (size_t i = 0; heads[i]; i++)
        csv_text(b, i, heads[i]);
    csv_end_row(b);
}

/* The rows of one school: each domain in which it had an activity of the period, then its
   activities without a domain (participants and hours are not split: empty there). */
static void costs_csv_school(struct buf *b, const struct report *rep, const struct report_school *s)
{
    for (size_t d = 0; d < rep->n_domains; d++) {
        const struct report_cell *c = &s->cells[d];
        if (!c->activities)
            continue;
        csv_text(b, 0, s->name);
        csv_text(b, 1, s->key);
        csv_text(b, 2, rep->domains[d].name);
        csv_int(b, 3, c->activities);
        csv_int(b, 4, c->sessions);
        csv_int(b, 5, c->participants);
        csv_decimal(b, 6, report_hours(c->minutes));
        csv_money(b, 7, c->cost_cents);
        csv_end_row(b);
    }
    const struct report_totals *t = &s->totals;
    if (!t->undomained_activities)
        return;
    csv_text(b, 0, s->name);
    csv_text(b, 1, s->key);
    csv_text(b, 2, "zonder domein");
    csv_int(b, 3, t->undomained_activities);
    csv_int(b, 4, t->undomained_sessions);
    csv_text(b, 5, "");
    csv_text(b, 6, "");
    csv_money(b, 7, t->undomained_cost_cents);
    csv_end_row(b);
}

int page_reports_costs_csv(struct req *r)
{
    struct report_query q;
    int refused = period_query(r, &q, "Dekking en bereik", "reports/coverage");
    if (refused)
        return refused;
    /* with_costs: the route admits the lead and coordinators (their own school) only */
    struct report rep;
    if (report_compute(r->db, &q, &rep))
        return render_error(r, 500, "De rapportage kan nu niet worden berekend.");
    struct buf csv = BUF_INIT;
    csv_begin(&csv);
    costs_csv_header(&csv);
    for (size_t i = 0; i < rep.n_schools; i++)
        costs_csv_school(&csv, &rep, &rep.schools[i]);
    report_free(&rep);
    return respond_report_csv(r, &csv,
                              arena_printf(&r->arena, "kosten-%s-%s.csv", q.from, q.to));
}
