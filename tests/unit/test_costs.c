/* Tests of issue 15, part 4: costs and budgets (domain/offer/costs.c) and the report's money
 * (domain/reports/reports_costs.c) on hand-made cases: a fixed cost with no session in the
 * period, an activity without held sessions, no participants (null), a period across two
 * school years (no budget), an activity with several domains (its cost split to the cent),
 * and an activity without a domain; and that a report without with_costs has no money. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/costs.h"
#include "domain/offer/costs_read.h"
#include "domain/reports/reports.h"
#include "testdb.h"

#define TODAY "2026-10-31"

/* Schools noord (1) and zuid (2); domains sport (1, position 1) and cultuur (2, position 2).
   1 judo (noord, sport + cultuur): 09-01 and 09-08 held, an hour each.
   2 koor (noord, sport): only 11-10 (after today): no held session in the period.
   3 dans (noord, no domain): 09-02 held, 09-09 cancelled.
   4 tekenen (zuid, sport): 09-03 held.
   Pupil 1 (noord) enrolled in judo and present twice (2 hours); pupil 2 (noord) takes part in
   nothing; pupil 3 (zuid) neither. */
static const char seed_sql[] =
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2);"
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po'),"
    " (2, 'zuid', 'Zuid', 'po');"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max, capacity, weekday,"
    " start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2026-09-01', '2026-09-08'),"
    " (2, 'koor', 1, 'Koor', 1, 8, 10, 2, '15:00', '16:00', '2026-11-10', '2026-11-10'),"
    " (3, 'dans', 1, 'Dans', 1, 8, 10, 3, '15:00', '16:00', '2026-09-02', '2026-09-09'),"
    " (4, 'tekenen', 2, 'Tekenen', 1, 8, 10, 4, '15:00', '16:00', '2026-09-03', '2026-09-03');"
    "INSERT INTO activity_domains (activity_id, domain_id) VALUES (1, 2), (1, 1), (2, 1), (4, 1);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2026-09-01', '2026-09-01', '15:00', '16:00', 0),"
    " (2, 1, '2026-09-08', '2026-09-08', '15:00', '16:00', 0),"
    " (3, 2, '2026-11-10', '2026-11-10', '15:00', '16:00', 0),"
    " (4, 3, '2026-09-02', '2026-09-02', '15:00', '16:00', 0),"
    " (5, 3, '2026-09-09', '2026-09-09', '15:00', '16:00', 1),"
    " (6, 4, '2026-09-03', '2026-09-03', '15:00', '16:00', 0);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, priority,"
    " left_on) VALUES (1, 'n-1', 1, '1', 'Sara', 'B', 6, 0, NULL),"
    " (2, 'n-2', 1, '2', 'Daan', 'J', 5, 0, NULL), (3, 'z-1', 2, '3', 'Zoe', 'K', 2, 0, NULL);"
    "INSERT INTO enrolments (id, pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 1, 'enrolled', '2026-08-20T19:00:00.000', '2026-08-20T19:00:00.000');"
    "INSERT INTO attendance (session_id, pupil_id, status, involvement) VALUES"
    " (1, 1, 'present', NULL), (2, 1, 'present', NULL);"
    "INSERT INTO users (id, email, name, role, password_hash, school_id) VALUES"
    " (1, 'lead@x.nl', 'Lea', 'lead', 'x', NULL);";

static int setup(void **state) { return testdb_setup(state, "test_costs", seed_sql); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

static void set_costs(struct db *db, int64_t activity_id, int64_t per_session, int64_t fixed)
{
    struct problems p = {0};
    struct activity_costs in = {per_session, fixed};
    assert_int_equal(costs_save(db, 1, activity_id, &in, &p), OUTCOME_OK);
}

static void set_budget(struct db *db, int64_t school_id, int year, int64_t amount)
{
    struct problems p = {0};
    assert_int_equal(budget_save(db, 1, school_id, year, amount, &p), OUTCOME_OK);
}

static struct report_query query(const char *from, const char *to, bool with_costs)
{
    struct report_query q = {.min_sessions = 6, .intensity_hours = 3, .with_costs = with_costs};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", TODAY);
    return q;
}

/* The report's totals of school_id for the period, with costs (school_only: a report of that
   school). */
static struct report_totals totals(struct db *db, const char *from, const char *to,
                                   int64_t school_id, bool school_only)
{
    struct report_query q = query(from, to, true);
    q.school_id = school_only ? school_id : 0;
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    const struct report_school *s = report_school(&rep, school_id);
    assert_non_null(s);
    struct report_totals t = s->totals;
    report_free(&rep);
    return t;
}

/* The number (or null: -1) of key in the JSON of school index i of a report of the year. */
static double json_figure(json_t *doc, size_t i, const char *key)
{
    json_t *v = json_object_get(json_array_get(json_object_get(doc, "schools"), i), key);
    assert_non_null(v);
    return json_is_null(v) ? -1 : json_number_value(v);
}

/* ---- amounts ----------------------------------------------------------------------------------- */

static void money_parses_strictly(void **state)
{
    (void)state;
    int64_t c = -7;
    assert_int_equal(money_parse("85", &c), 0);
    assert_int_equal(c, 8500);
    assert_int_equal(money_parse("85,5", &c), 0);
    assert_int_equal(c, 8550);
    assert_int_equal(money_parse("120.05", &c), 0);
    assert_int_equal(c, 12005);
    assert_int_equal(money_parse("0", &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(money_parse("1000000000", &c), 0);
    assert_int_equal(c, MONEY_MAX_CENTS);
    static const char *const bad[] = {"", "-1", "+1", "1,234", "1.2.3", "1,", ",5", " 1",
                                      "1 ", "1e3", "€1", "1000000000,01", "99999999999999999999",
                                      "1.000,00", "abc", NULL};
    for (size_t i = 0; bad[i]; i++) {
        c = -7;
        assert_int_equal(money_parse(bad[i], &c), -1);
        assert_int_equal(c, -7);
    }
    assert_null(NULL);
    assert_int_equal(money_parse(NULL, &c), -1);
}

static void money_formats_and_divides(void **state)
{
    (void)state;
    char out[32], nl[40];
    money_format(12005, out);
    assert_string_equal(out, "120.05");
    money_format(0, out);
    assert_string_equal(out, "0.00");
    money_format_nl(123456789, nl);
    assert_string_equal(nl, "€ 1.234.567,89");
    money_format_nl(5, nl);
    assert_string_equal(nl, "€ 0,05");
    assert_int_equal(money_divide(30002, 1), 30002);
    assert_int_equal(money_divide(10, 4), 3); /* 2.5 → 3, half away from zero */
    assert_int_equal(money_divide(10, 3), 3);
    assert_int_equal(money_divide(20, 3), 7);
    int64_t c;
    assert_int_equal(money_from_double(85.0, &c), 0);
    assert_int_equal(c, 8500);
    assert_int_equal(money_from_double(0.29, &c), 0);
    assert_int_equal(c, 29);
    assert_int_equal(money_from_double(0.295, &c), -1);
    assert_int_equal(money_from_double(-1, &c), -1);
}

/* ---- writes ------------------------------------------------------------------------------------ */

static void costs_are_saved_changed_and_removed(void **state)
{
    struct db *db = db_of(state);
    struct activity_costs c;
    assert_int_equal(read_activity_costs(db, 1, &c), 0);
    set_costs(db, 1, 8500, 12000);
    assert_int_equal(read_activity_costs(db, 1, &c), 1);
    assert_int_equal(c.per_session, 8500);
    assert_int_equal(c.fixed, 12000);
    set_costs(db, 1, 100, 0);
    assert_int_equal(read_activity_costs(db, 1, &c), 1);
    assert_int_equal(c.per_session, 100);
    set_costs(db, 1, 0, 0);
    assert_int_equal(read_activity_costs(db, 1, &c), 0);
    struct problems p = {0};
    struct activity_costs bad = {-1, MONEY_MAX_CENTS + 1};
    assert_int_equal(costs_save(db, 1, 1, &bad, &p), OUTCOME_INVALID);
    assert_int_equal(p.n, 2);
    problems_clear(&p);
    struct activity_costs fine = {1, 1};
    assert_int_equal(costs_save(db, 1, 99, &fine, &p), OUTCOME_NOT_FOUND);
    assert_int_equal(db_int(db, "SELECT count(*) FROM activity_costs", 0, 0, -1), 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'activity_costs'",
                            0, 0, -1),
                     3);
}

static void budgets_are_saved_per_school_year(void **state)
{
    struct db *db = db_of(state);
    int64_t cents = 0;
    assert_int_equal(read_school_budget(db, 1, 2026, &cents), 0);
    set_budget(db, 1, 2026, 100000);
    set_budget(db, 1, 2025, 90000);
    assert_int_equal(read_school_budget(db, 1, 2026, &cents), 1);
    assert_int_equal(cents, 100000);
    json_t *list = read_school_budgets(db, 1);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "year")), 2026);
    json_decref(list);
    set_budget(db, 1, 2025, -1); /* removed */
    assert_int_equal(read_school_budget(db, 1, 2025, &cents), 0);
    struct problems p = {0};
    assert_int_equal(budget_save(db, 1, 1, 1899, 5, &p), OUTCOME_INVALID);
    problems_clear(&p);
    assert_int_equal(budget_save(db, 1, 1, 2026, MONEY_MAX_CENTS + 1, &p), OUTCOME_INVALID);
    problems_clear(&p);
    assert_int_equal(budget_save(db, 1, 9, 2026, 5, &p), OUTCOME_NOT_FOUND);
    assert_int_equal(db_int(db, "SELECT count(*) FROM school_budgets", 0, 0, -1), 1);
}

/* ---- the report -------------------------------------------------------------------------------- */

static void cost_total_counts_held_sessions_and_fixed_once(void **state)
{
    struct db *db = db_of(state);
    set_costs(db, 1, 8500, 12000); /* judo: 2 held × 85 + 120 = 290.00 */
    set_costs(db, 2, 1000, 5000);  /* koor: no held session: nothing, also not its fixed cost */
    set_costs(db, 3, 1001, 1);     /* dans: 1 held (the other cancelled): 10.02 */
    struct report_totals t = totals(db, "2026-08-01", "2027-07-31", 1, false);
    assert_int_equal(t.cost_cents, 29000 + 1002);
    assert_int_equal(t.undomained_cost_cents, 1002);
    assert_int_equal(t.undomained_activities, 1);
    assert_int_equal(t.undomained_sessions, 1);
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 1, true).cost_cents, 30002);
    /* a period with judo's second session only: its fixed cost counts once, dans none */
    assert_int_equal(totals(db, "2026-09-05", "2027-07-31", 1, false).cost_cents, 8500 + 12000);
    /* a period without any held session: nothing, not even the fixed costs */
    assert_int_equal(totals(db, "2026-10-01", "2027-07-31", 1, false).cost_cents, 0);
    /* zuid's activity has no costs */
    assert_int_equal(totals(db, "2026-08-01", "2027-07-31", 2, false).cost_cents, 0);
}

static void per_participant_and_per_hour_are_null_without_divisor(void **state)
{
    struct db *db = db_of(state);
    set_costs(db, 1, 8500, 12000);
    set_costs(db, 3, 1001, 1);
    set_costs(db, 4, 2000, 0);
    struct report_totals noord = totals(db, "2026-08-01", "2027-07-31", 1, false);
    int64_t cents = 0;
    assert_true(report_cost_per_participant(&noord, &cents));
    assert_int_equal(cents, 30002); /* one participant */
    assert_true(report_cost_per_hour(&noord, &cents));
    assert_int_equal(cents, 15001); /* 300.02 / 2 hours */
    struct report_totals zuid = totals(db, "2026-08-01", "2027-07-31", 2, false);
    assert_int_equal(zuid.cost_cents, 2000);
    assert_int_equal(zuid.participants, 0);
    assert_false(report_cost_per_participant(&zuid, &cents));
    assert_false(report_cost_per_hour(&zuid, &cents));
    struct report_query q = query("2026-08-01", "2027-07-31", true);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    json_t *doc = report_json(&rep);
    assert_int_equal(strcmp(rep.schools[0].key, "noord"), 0);
    assert_true(json_figure(doc, 0, "cost_total") == 300.02);
    assert_true(json_figure(doc, 0, "cost_per_participant") == 300.02);
    assert_true(json_figure(doc, 0, "cost_per_hour") == 150.01);
    assert_true(json_figure(doc, 1, "cost_total") == 20.0);
    assert_true(json_figure(doc, 1, "cost_per_participant") == -1);
    assert_true(json_figure(doc, 1, "cost_per_hour") == -1);
    json_t *coalition = json_object_get(doc, "coalition");
    assert_true(json_number_value(json_object_get(coalition, "cost_total")) == 320.02);
    json_decref(doc);
    report_free(&rep);
}

static void budget_of_one_school_year_only(void **state)
{
    struct db *db = db_of(state);
    set_costs(db, 1, 8500, 12000); /* 290.00 */
    set_budget(db, 1, 2026, 100000);
    set_budget(db, 1, 2025, 50000);
    struct report_totals t = totals(db, "2026-08-01", "2027-07-31", 1, false);
    assert_true(t.has_budget);
    assert_int_equal(t.budget_cents, 100000);
    double pct = 0;
    assert_true(report_budget_used_pct(&t, &pct));
    assert_true(pct == 29.0);
    /* across two school years: no budget, no share */
    t = totals(db, "2026-07-01", "2026-10-31", 1, false);
    assert_false(t.has_budget);
    assert_false(report_budget_used_pct(&t, &pct));
    /* a school without a budget */
    t = totals(db, "2026-08-01", "2027-07-31", 2, false);
    assert_false(t.has_budget);
    struct report_query q = query("2026-07-01", "2026-10-31", true);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    json_t *doc = report_json(&rep);
    assert_true(json_figure(doc, 0, "budget") == -1);
    assert_true(json_figure(doc, 0, "budget_used_pct") == -1);
    json_decref(doc);
    report_free(&rep);
    /* a budget of 0: the share has no value */
    set_budget(db, 1, 2026, 0);
    t = totals(db, "2026-08-01", "2027-07-31", 1, false);
    assert_true(t.has_budget);
    assert_false(report_budget_used_pct(&t, &pct));
}

static void several_domains_split_the_cost_to_the_cent(void **state)
{
    struct db *db = db_of(state);
    set_costs(db, 1, 1, 3); /* 2 × 0.01 + 0.03 = 5 cents over sport and cultuur */
    struct report_query q = query("2026-08-01", "2027-07-31", true);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    const struct report_school *noord = report_school(&rep, 1);
    assert_int_equal(strcmp(rep.domains[0].code, "sport"), 0);
    assert_int_equal(noord->cells[0].cost_cents, 3); /* the first domain takes the extra cent */
    assert_int_equal(noord->cells[1].cost_cents, 2);
    assert_int_equal(rep.coalition_cells[0].cost_cents + rep.coalition_cells[1].cost_cents, 5);
    report_free(&rep);
}

static void without_with_costs_no_money_is_read_or_shown(void **state)
{
    struct db *db = db_of(state);
    set_costs(db, 1, 8500, 12000);
    set_budget(db, 1, 2026, 100000);
    struct report_query q = query("2026-08-01", "2027-07-31", false);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    assert_int_equal(rep.schools[0].totals.cost_cents, 0);
    json_t *doc = report_json(&rep);
    static const char *const keys[] = {"cost_total", "cost_per_participant", "cost_per_hour",
                                       "budget", "budget_used_pct", NULL};
    for (size_t i = 0; keys[i]; i++) {
        assert_null(json_object_get(json_array_get(json_object_get(doc, "schools"), 0), keys[i]));
        assert_null(json_object_get(json_object_get(doc, "coalition"), keys[i]));
    }
    json_decref(doc);
    report_free(&rep);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_parses_strictly),
        cmocka_unit_test(money_formats_and_divides),
        T(costs_are_saved_changed_and_removed),
        T(budgets_are_saved_per_school_year),
        T(cost_total_counts_held_sessions_and_fixed_once),
        T(per_participant_and_per_hour_are_null_without_divisor),
        T(budget_of_one_school_year_only),
        T(several_domains_split_the_cost_to_the_cent),
        T(without_with_costs_no_money_is_read_or_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
