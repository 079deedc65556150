/* Money in the coverage report (issue 15, part 4), per school, per school and domain, and for
   the coalition; read beside the report's other figures (reports_internal.h
   reports_read_costs) only when the report is for someone who may see money (the lead, the
   school's coordinator: query.with_costs). Amounts are whole cents throughout, so sums are
   exact; a figure is rounded to whole cents only where it is divided. One query over the
   activities' costs (a row per activity, never per pupil or session: the held sessions per
   activity were counted by reports_read from the summary tables) and one over the budgets. */
#include <stdlib.h>

#include "db/db.h"
#include "domain/offer/costs.h"
#include "domain/reports/reports_internal.h"
#include "util/date.h"

/* cost of an activity in a period: held sessions in the period × per_session, plus fixed
   when the activity has at least one held session in the period (an activity without a held
   session in the period costs nothing in it, also not its fixed cost).
   cost_total of a school: the sum of the costs of the school's own activities in the period
   (an activity open to the coalition counts for the school it belongs to); of the coalition:
   the sum over the schools.
   Per school and domain (the CSV for the municipality): an activity with several domains
   splits its cost equally over them, in whole cents, the remaining cents going one each to its
   first domains in the report's domain order, so that the domains add up to cost_total
   exactly; the cost of an activity without a domain is kept apart ("zonder domein"). */
static void add_activity_cost(struct work *w, const struct activity *a, int64_t cost)
{
    struct report_school *s = &w->rep->schools[a->school];
    s->totals.cost_cents += cost;
    if (a->n_domains == 0) {
        s->totals.undomained_cost_cents += cost;
        s->totals.undomained_activities++;
        s->totals.undomained_sessions += a->sessions;
        return;
    }
    const int *domains = &w->domains[a->first_domain];
    int64_t share = cost / (int64_t)a->n_domains, rest = cost % (int64_t)a->n_domains;
    for (size_t k = 0; k < a->n_domains; k++) {
        int64_t rank = 0; /* the domain's place among the activity's, in the report's order */
        for (size_t j = 0; j < a->n_domains; j++)
            rank += domains[j] < domains[k];
        s->cells[domains[k]].cost_cents += share + (rank < rest);
    }
}

static const char costs_sql[] =
    "SELECT activity_id, per_session, fixed FROM activity_costs";
static const char costs_school_sql[] =
    "SELECT c.activity_id, c.per_session, c.fixed FROM activities a"
    " JOIN activity_costs c ON c.activity_id = a.id WHERE a.school_id = ?1";

static int read_activity_costs_of_period(struct db *db, struct work *w)
{
    int64_t school_id = w->rep->query.school_id;
    sqlite3_stmt *st = db_stmt(db, school_id ? costs_school_sql : costs_sql);
    if (!st)
        return -1;
    if (school_id)
        sqlite3_bind_int64(st, 1, school_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct activity *a = reports_find(w->activities, w->n_activities,
                                                sizeof *w->activities,
                                                sqlite3_column_int64(st, 0));
        if (!a || a->school < 0 || a->sessions <= 0)
            continue;
        int64_t cost = a->sessions * sqlite3_column_int64(st, 1) + sqlite3_column_int64(st, 2);
        add_activity_cost(w, a, cost);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* budget of a school: its budget for the school year (1 August – 31 July) the period lies in,
   when the period's first and last day lie in the same school year and the lead set one; else
   there is none (null): a period across two school years has no budget to compare with.
   The coalition's budget: the sum of the budgets of the schools that have one (none when no
   school has one). */
static int read_budgets(struct db *db, struct work *w)
{
    int32_t from, to, year_from, year_to, until;
    if (date_parse(w->rep->query.from, &from) || date_parse(w->rep->query.to, &to))
        return -1;
    date_school_year(from, &year_from, &until);
    date_school_year(to, &year_to, &until);
    if (year_from != year_to)
        return 0;
    char first[11];
    date_format(year_from, first);
    int first_year = atoi(first);
    sqlite3_stmt *st = db_stmt(db, "SELECT school_id, amount FROM school_budgets WHERE year = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, first_year);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct id_slot *slot =
            reports_find(w->school_ids, w->rep->n_schools, sizeof *w->school_ids,
                         sqlite3_column_int64(st, 0));
        if (!slot)
            continue;
        struct report_totals *t = &w->rep->schools[slot->index].totals;
        t->budget_cents = sqlite3_column_int64(st, 1);
        t->has_budget = true;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int reports_read_costs(struct db *db, struct work *w)
{
    return read_activity_costs_of_period(db, w) || read_budgets(db, w);
}

/* ---- the figures ------------------------------------------------------------------------------ */

/* cost_per_participant = cost_total / participants (the report's participants of the school),
   rounded to whole cents half away from zero; no value (null) without participants. */
bool report_cost_per_participant(const struct report_totals *t, int64_t *cents)
{
    if (t->participants <= 0)
        return false;
    *cents = money_divide(t->cost_cents, t->participants);
    return true;
}

/* cost_per_hour = cost_total / hours, where hours are the report's attended hours of the
   participants (their exact minutes / 60, not the rounded figure), rounded to whole cents;
   no value (null) when no hour was attended. */
bool report_cost_per_hour(const struct report_totals *t, int64_t *cents)
{
    if (t->minutes <= 0)
        return false;
    *cents = money_divide(t->cost_cents * 60, t->minutes);
    return true;
}

/* budget_used_pct = cost_total / budget × 100, one decimal; no value (null) without a budget
   or with a budget of 0. */
bool report_budget_used_pct(const struct report_totals *t, double *out)
{
    if (!t->has_budget || t->budget_cents <= 0)
        return false;
    return report_pct(t->cost_cents, t->budget_cents, out);
}

json_t *report_money(int64_t cents) { return json_real((double)cents / 100.0); }
