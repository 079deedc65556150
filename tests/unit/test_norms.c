/* Tests of norms and signals (domain/norms.c): every boundary of the signal (exactly at the
 * norm and the ambition, just below, only one of both, neither, no value, float noise, a
 * lower-is-better figure), the labels and classes, the badge for the dashboard, parsing a
 * typed number with a decimal comma or dot, the checks of the form, and saving: one
 * transaction, audited, unchanged figures untouched, clearing both removes the row, a refused
 * set writes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/quality/norms.h"
#include "domain/problems.h"
#include "testdb.h"

#define LEAD_ID 1

static const char seed_sql[] = "INSERT INTO users (id, email, name, role, password_hash)"
                               " VALUES (1, 'lead@test.nl', 'Lea', 'lead', 'x');";

/* ---- signals -------------------------------------------------------------------------------- */

static const struct norm both = {.has_norm = true, .norm = 60, .has_ambition = true,
                                 .ambition = 80};
static const struct norm only_norm = {.has_norm = true, .norm = 60};
static const struct norm only_ambition = {.has_ambition = true, .ambition = 80};
static const struct norm neither = {0};

static void signal_with_norm_and_ambition(void **state)
{
    (void)state;
    assert_int_equal(norms_signal(&both, 0, true), SIGNAL_RED);
    assert_int_equal(norms_signal(&both, 59.99, true), SIGNAL_RED);
    assert_int_equal(norms_signal(&both, 59.9999999, true), SIGNAL_RED);
    assert_int_equal(norms_signal(&both, 60, true), SIGNAL_ORANGE);   /* exactly at the norm */
    assert_int_equal(norms_signal(&both, 79.99, true), SIGNAL_ORANGE);
    assert_int_equal(norms_signal(&both, 80, true), SIGNAL_GREEN);    /* exactly the ambition */
    assert_int_equal(norms_signal(&both, 100, true), SIGNAL_GREEN);
    assert_string_equal(norms_signal_label(SIGNAL_RED, &both), "onder de norm");
    assert_string_equal(norms_signal_label(SIGNAL_ORANGE, &both), "tussen norm en ambitie");
    assert_string_equal(norms_signal_label(SIGNAL_GREEN, &both), "ambitie gehaald");
}

static void norm_equal_to_ambition_has_no_orange(void **state)
{
    (void)state;
    struct norm same = {.has_norm = true, .norm = 50, .has_ambition = true, .ambition = 50};
    assert_int_equal(norms_signal(&same, 49.9, true), SIGNAL_RED);
    assert_int_equal(norms_signal(&same, 50, true), SIGNAL_GREEN);
}

static void signal_with_only_a_norm(void **state)
{
    (void)state;
    assert_int_equal(norms_signal(&only_norm, 59.99, true), SIGNAL_RED);
    assert_int_equal(norms_signal(&only_norm, 60, true), SIGNAL_GREEN);
    assert_int_equal(norms_signal(&only_norm, 99, true), SIGNAL_GREEN);
    assert_string_equal(norms_signal_label(SIGNAL_RED, &only_norm), "onder de norm");
    assert_string_equal(norms_signal_label(SIGNAL_GREEN, &only_norm), "norm gehaald");
}

static void signal_with_only_an_ambition(void **state)
{
    (void)state;
    assert_int_equal(norms_signal(&only_ambition, 0, true), SIGNAL_ORANGE);
    assert_int_equal(norms_signal(&only_ambition, 79.99, true), SIGNAL_ORANGE);
    assert_int_equal(norms_signal(&only_ambition, 80, true), SIGNAL_GREEN);
    assert_string_equal(norms_signal_label(SIGNAL_ORANGE, &only_ambition),
                        "ambitie nog niet gehaald");
    assert_string_equal(norms_signal_label(SIGNAL_GREEN, &only_ambition), "ambitie gehaald");
}

static void no_signal_without_bounds_or_value(void **state)
{
    (void)state;
    assert_int_equal(norms_signal(&neither, 50, true), SIGNAL_NONE);
    assert_int_equal(norms_signal(&both, 50, false), SIGNAL_NONE);
    assert_int_equal(norms_signal(&both, 90, false), SIGNAL_NONE);
    assert_int_equal(norms_signal(&both, NAN, true), SIGNAL_NONE);
    assert_int_equal(norms_signal(NULL, 50, true), SIGNAL_NONE);
    assert_string_equal(norms_signal_label(SIGNAL_NONE, &both), "");
    assert_string_equal(norms_signal_class(SIGNAL_NONE), "");
    assert_string_equal(norms_signal_name(SIGNAL_NONE), "none");
}

/* A computed percentage a hair below the bound it equals on paper is at the bound. */
static void float_noise_counts_as_at_the_bound(void **state)
{
    (void)state;
    double computed = 0.29 * 100; /* 28.999999999999996 */
    assert_true(computed < 29);
    struct norm n = {.has_norm = true, .norm = 29, .has_ambition = true, .ambition = 70};
    assert_int_equal(norms_signal(&n, computed, true), SIGNAL_ORANGE);
    assert_int_equal(norms_signal(&n, 0.7 * 100, true), SIGNAL_GREEN);
    assert_int_equal(norms_signal(&n, 28.99, true), SIGNAL_RED); /* real differences count */
}

static void lower_is_better_mirrors(void **state)
{
    (void)state;
    struct norm n = {.direction = NORM_LOWER_IS_BETTER, .has_norm = true, .norm = 10,
                     .has_ambition = true, .ambition = 5};
    assert_int_equal(norms_signal(&n, 11, true), SIGNAL_RED);
    assert_int_equal(norms_signal(&n, 10, true), SIGNAL_ORANGE);
    assert_int_equal(norms_signal(&n, 6, true), SIGNAL_ORANGE);
    assert_int_equal(norms_signal(&n, 5, true), SIGNAL_GREEN);
    assert_int_equal(norms_signal(&n, 0, true), SIGNAL_GREEN);
    assert_string_equal(norms_signal_label(SIGNAL_RED, &n), "boven de norm");
}

static void names_and_classes(void **state)
{
    (void)state;
    assert_string_equal(norms_signal_name(SIGNAL_RED), "red");
    assert_string_equal(norms_signal_name(SIGNAL_ORANGE), "orange");
    assert_string_equal(norms_signal_name(SIGNAL_GREEN), "green");
    assert_string_equal(norms_signal_class(SIGNAL_RED), "signal--red");
    assert_string_equal(norms_signal_class(SIGNAL_ORANGE), "signal--orange");
    assert_string_equal(norms_signal_class(SIGNAL_GREEN), "signal--green");
}

/* ---- the figure table and the badge ------------------------------------------------------- */

static void the_figure_table(void **state)
{
    (void)state;
    static const char *const codes[NORM_FIGURES] = {
        "coverage_pct",   "reach_pct",   "reach_priority_pct",  "mean_hours",
        "intensity_pct",  "attendance_pct", "involvement", "staff_qualified_pct",
        "vog_valid_pct"};
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm_figure *f = norms_figure(i);
        assert_non_null(f);
        assert_string_equal(f->code, codes[i]);
        assert_int_equal(norms_figure_index(codes[i]), (int)i);
        assert_true(*f->label && *f->hint);
        assert_int_equal(f->direction, NORM_HIGHER_IS_BETTER);
        assert_true(f->min < f->max);
        char name[64];
        snprintf(name, sizeof name, "norm_%s", codes[i]);
        assert_string_equal(norms_norm_field(i), name);
        snprintf(name, sizeof name, "ambition_%s", codes[i]);
        assert_string_equal(norms_ambition_field(i), name);
        if (f->unit == NORM_UNIT_PCT)
            assert_true(f->min == 0 && f->max == 100);
    }
    assert_null(norms_figure(NORM_FIGURES));
    assert_int_equal(norms_figure_index("nonsense"), -1);
    assert_int_equal(norms_figure_index(NULL), -1);
    const struct norm_figure *hours = norms_figure((size_t)norms_figure_index("mean_hours"));
    assert_true(hours->unit == NORM_UNIT_HOURS && hours->min == 0 && hours->max == 1000);
    const struct norm_figure *score = norms_figure((size_t)norms_figure_index("involvement"));
    assert_true(score->unit == NORM_UNIT_SCORE && score->min == 1 && score->max == 5);
    assert_string_equal(norms_unit_label(NORM_UNIT_PCT), "%");
    assert_string_equal(norms_unit_label(NORM_UNIT_HOURS), "uur");
}

/* badge's members signal, label, class and shown equal these. */
static void assert_badge(json_t *badge, const char *signal, const char *label, const char *cls,
                         bool shown)
{
    assert_non_null(badge);
    assert_string_equal(json_string_value(json_object_get(badge, "signal")), signal);
    assert_string_equal(json_string_value(json_object_get(badge, "label")), label);
    assert_string_equal(json_string_value(json_object_get(badge, "class")), cls);
    assert_int_equal(json_is_true(json_object_get(badge, "shown")), shown);
    json_decref(badge);
}

static void badge_for_the_dashboard(void **state)
{
    (void)state;
    struct norm_set set = {0};
    int reach = norms_figure_index("reach_pct");
    set.norms[reach] = both;
    assert_badge(norms_badge(&set, "reach_pct", 40, true), "red", "onder de norm",
                 "signal--red", true);
    assert_badge(norms_badge(&set, "reach_pct", 60, true), "orange", "tussen norm en ambitie",
                 "signal--orange", true);
    assert_badge(norms_badge(&set, "reach_pct", 80, true), "green", "ambitie gehaald",
                 "signal--green", true);
    assert_badge(norms_badge(&set, "reach_pct", 80, false), "none", "", "", false);
    assert_badge(norms_badge(&set, "attendance_pct", 10, true), "none", "", "", false);
    assert_badge(norms_badge(&set, "unknown", 10, true), "none", "", "", false);
    assert_badge(norms_badge(NULL, "reach_pct", 10, true), "none", "", "", false);
    assert_ptr_equal(norms_get(&set, "reach_pct"), &set.norms[reach]);
    assert_null(norms_get(&set, "unknown"));
}

/* ---- typed numbers -------------------------------------------------------------------------- */

static void parse_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double value;
    } good[] = {{"75", 75},   {"12,5", 12.5}, {"12.5", 12.5}, {"3,25", 3.25},
                {"0", 0},     {"0,29", 0.29}, {"100", 100},   {"-5", -5},
                {"007", 7},   {"999999999", 999999999}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -1;
        assert_int_equal(norms_parse_number(good[i].text, &v), 0);
        assert_true(v == good[i].value);
    }
    static const char *const bad[] = {"",     "abc", "1,234", "1.000,5", "1e3",  " 5",
                                      "5 ",   "5,",  ",5",    "12,5%",   "0x10", "1 000",
                                      "inf",  "nan", "--5",   "+5",      "1,2,3", "1000000000",
                                      "٣",    "5\t"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 42;
        if (norms_parse_number(bad[i], &v) != -1)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_true(v == 42);
    }
    double v = 1;
    assert_int_equal(norms_parse_number(NULL, &v), -1);
    assert_int_equal(norms_parse_number("-0", &v), 0);
    assert_false(signbit(v));
}

static void format_numbers(void **state)
{
    (void)state;
    char out[32];
    static const struct {
        double value;
        const char *text;
    } cases[] = {{75, "75"}, {12.5, "12,5"}, {3.25, "3,25"}, {0, "0"}, {-0.0, "0"},
                 {0.29, "0,29"}, {1000, "1000"}, {66.666, "66,67"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        norms_format_number(cases[i].value, out);
        assert_string_equal(out, cases[i].text);
    }
    norms_format_number(NAN, out);
    assert_string_equal(out, "");
}

/* ---- the form's checks ---------------------------------------------------------------------- */

struct checked {
    struct norm_set set;
    struct problems list;
    int n;
};

/* Check a form where only figure code has norm and ambition typed (NULL: empty). */
static void check_one_figure(struct checked *c, const char *code, const char *norm,
                             const char *ambition)
{
    const char *norms_typed[NORM_FIGURES] = {0}, *ambitions_typed[NORM_FIGURES] = {0};
    int i = norms_figure_index(code);
    assert_true(i >= 0);
    norms_typed[i] = norm;
    ambitions_typed[i] = ambition;
    static struct problems kept; /* the last call's problems, freed by the next call */
    problems_clear(&kept);
    c->n = norms_check(norms_typed, ambitions_typed, &c->set, &kept);
    c->list = kept;
}

/* The message for field among c's problems, or NULL. */
static const char *message_for(const struct checked *c, const char *field)
{
    return testdb_problem_for(&c->list, field);
}

static void check_accepts_good_input(void **state)
{
    (void)state;
    struct checked c;
    check_one_figure(&c, "reach_pct", "60", "80,5");
    assert_int_equal(c.n, 0);
    const struct norm *n = norms_get(&c.set, "reach_pct");
    assert_true(n->has_norm && n->norm == 60 && n->has_ambition && n->ambition == 80.5);
    assert_false(norms_get(&c.set, "coverage_pct")->has_norm);
    assert_true(norms_set_valid(&c.set));
    check_one_figure(&c, "reach_pct", "70", "70"); /* equal is allowed */
    assert_int_equal(c.n, 0);
    check_one_figure(&c, "reach_pct", "", "70"); /* only one of both */
    assert_int_equal(c.n, 0);
    check_one_figure(&c, "involvement", "1", "5");
    assert_int_equal(c.n, 0);
    check_one_figure(&c, "mean_hours", "0", "1000");
    assert_int_equal(c.n, 0);
    check_one_figure(&c, "coverage_pct", "0", "100");
    assert_int_equal(c.n, 0);
}

static void check_refuses_bad_input(void **state)
{
    (void)state;
    struct checked c;
    check_one_figure(&c, "reach_pct", "veel", "80");
    assert_int_equal(c.n, 1);
    assert_non_null(strstr(message_for(&c, "norm_reach_pct"), "Vul een getal in"));
    check_one_figure(&c, "reach_pct", "60", "100,5");
    assert_int_equal(c.n, 1);
    assert_string_equal(message_for(&c, "ambition_reach_pct"),
                        "Vul een getal van 0 tot en met 100 in.");
    check_one_figure(&c, "reach_pct", "-1", "");
    assert_string_equal(message_for(&c, "norm_reach_pct"),
                        "Vul een getal van 0 tot en met 100 in.");
    check_one_figure(&c, "involvement", "0,5", "6");
    assert_int_equal(c.n, 2);
    assert_string_equal(message_for(&c, "norm_involvement"),
                        "Vul een getal van 1 tot en met 5 in.");
    check_one_figure(&c, "mean_hours", "1000,01", "");
    assert_string_equal(message_for(&c, "norm_mean_hours"),
                        "Vul een getal van 0 tot en met 1000 in.");
    check_one_figure(&c, "reach_pct", "80", "60");
    assert_int_equal(c.n, 1);
    assert_string_equal(message_for(&c, "ambition_reach_pct"),
                        "De ambitie moet minstens gelijk zijn aan de norm.");
    assert_null(message_for(&c, "norm_reach_pct"));
    check_one_figure(&c, "reach_pct", "12,345", "");
    assert_int_equal(c.n, 1);
    check_one_figure(&c, "reach_pct", "12345678901234567", "");
    assert_int_equal(c.n, 1);
}

static void set_validity(void **state)
{
    (void)state;
    struct norm_set set = {0};
    assert_true(norms_set_valid(&set));
    int reach = norms_figure_index("reach_pct");
    set.norms[reach] = (struct norm){.has_norm = true, .norm = 80, .has_ambition = true,
                                     .ambition = 60};
    assert_false(norms_set_valid(&set));
    set.norms[reach] = (struct norm){.has_norm = true, .norm = 101};
    assert_false(norms_set_valid(&set));
    set.norms[reach] = (struct norm){.has_ambition = true, .ambition = NAN};
    assert_false(norms_set_valid(&set));
    set.norms[reach] = (struct norm){.direction = NORM_LOWER_IS_BETTER, .has_norm = true,
                                     .norm = 50};
    assert_false(norms_set_valid(&set)); /* a direction the figure does not have */
}

/* ---- the database --------------------------------------------------------------------------- */

static int setup(void **state) { return testdb_setup(state, "test_norms", seed_sql); }

/* Fail unless a and b hold the same norms (member by member: the structs have padding). */
static void assert_same_set(const struct norm_set *a, const struct norm_set *b)
{
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm *x = &a->norms[i], *y = &b->norms[i];
        assert_int_equal(x->direction, y->direction);
        assert_int_equal(x->has_norm, y->has_norm);
        assert_int_equal(x->has_ambition, y->has_ambition);
        assert_true(!x->has_norm || x->norm == y->norm);
        assert_true(!x->has_ambition || x->ambition == y->ambition);
    }
}

/* A valid set: reach 60/80, involvement only an ambition of 3,5. */
static struct norm_set sample_set(void)
{
    struct norm_set set = {0};
    set.norms[norms_figure_index("reach_pct")] = both;
    set.norms[norms_figure_index("involvement")] = (struct norm){.has_ambition = true,
                                                                .ambition = 3.5};
    return set;
}

static void save_and_load(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct norm_set loaded;
    assert_int_equal(norms_load(db, &loaded), 0);
    for (size_t i = 0; i < NORM_FIGURES; i++)
        assert_false(loaded.norms[i].has_norm || loaded.norms[i].has_ambition);
    struct norm_set set = sample_set();
    int changed = -1;
    assert_int_equal(norms_save(db, LEAD_ID, &set, &changed), OUTCOME_OK);
    assert_int_equal(changed, 2);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM norms", -1), 2);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'norms'",
                                   -1),
                     2);
    assert_int_equal(norms_load(db, &loaded), 0);
    assert_same_set(&loaded, &set);
    assert_int_equal(db_scalar_int(db, "SELECT updated_by FROM norms WHERE figure = 'reach_pct'",
                                   -1),
                     LEAD_ID);
    assert_int_equal(db_scalar_int(db, "SELECT norm IS NULL FROM norms"
                                       " WHERE figure = 'involvement'", -1),
                     1);

    /* Saving the same again changes nothing and audits nothing. */
    assert_int_equal(norms_save(db, LEAD_ID, &set, &changed), OUTCOME_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'norms'",
                                   -1),
                     2);

    /* Clearing both removes the row; changing one keeps the other row as it was. */
    int reach = norms_figure_index("reach_pct");
    set.norms[reach] = (struct norm){0};
    set.norms[norms_figure_index("involvement")].ambition = 4;
    assert_int_equal(norms_save(db, 0, &set, &changed), OUTCOME_OK);
    assert_int_equal(changed, 2);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM norms", -1), 1);
    assert_int_equal(db_scalar_int(db, "SELECT updated_by IS NULL FROM norms", -1), 1);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'norms'"
                                       " AND detail = 'reach_pct norm=- ambitie=-'", -1),
                     1);
}

static void refused_set_writes_nothing(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct norm_set set = sample_set();
    set.norms[norms_figure_index("coverage_pct")] = (struct norm){.has_norm = true, .norm = 90,
                                                                 .has_ambition = true,
                                                                 .ambition = 10};
    int changed = -1;
    assert_int_equal(norms_save(db, LEAD_ID, &set, &changed), OUTCOME_INVALID);
    assert_int_equal(changed, 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM norms", -1), 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log", -1), 0);
}

static void model_lists_every_figure(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct norm_set set = sample_set();
    assert_int_equal(norms_save(db, LEAD_ID, &set, NULL), OUTCOME_OK);
    /* A row of a figure this program does not know is ignored. */
    assert_int_equal(db_exec(db, "INSERT INTO norms (figure, norm, updated_at)"
                                 " VALUES ('retired_pct', 5, '2020-01-01')"),
                     0);
    json_t *model = norms_model(db);
    assert_non_null(model);
    assert_int_equal(json_array_size(model), NORM_FIGURES);
    json_t *reach = json_array_get(model, (size_t)norms_figure_index("reach_pct"));
    assert_string_equal(json_string_value(json_object_get(reach, "code")), "reach_pct");
    assert_true(json_real_value(json_object_get(reach, "norm")) == 60);
    assert_true(json_real_value(json_object_get(reach, "ambition")) == 80);
    assert_string_equal(json_string_value(json_object_get(reach, "norm_text")), "60");
    assert_string_equal(json_string_value(json_object_get(reach, "unit")), "pct");
    assert_string_equal(json_string_value(json_object_get(reach, "direction")), "higher");
    assert_string_equal(json_string_value(json_object_get(reach, "updated_by")), "Lea");
    assert_int_equal(strlen(json_string_value(json_object_get(reach, "updated_at"))), 23);
    json_t *involvement = json_array_get(model, (size_t)norms_figure_index("involvement"));
    assert_true(json_is_null(json_object_get(involvement, "norm")));
    assert_string_equal(json_string_value(json_object_get(involvement, "ambition_text")), "3,5");
    json_t *coverage = json_array_get(model, 0);
    assert_true(json_is_null(json_object_get(coverage, "norm")));
    assert_true(json_is_null(json_object_get(coverage, "ambition")));
    assert_string_equal(json_string_value(json_object_get(coverage, "updated_at")), "");
    json_decref(model);
    struct norm_set loaded;
    assert_int_equal(norms_load(db, &loaded), 0);
    assert_same_set(&loaded, &set);
}

/* ---- pro rata for figures that grow over the year ------------------------------------------- */

static void growing_figures(void **state)
{
    (void)state;
    assert_true(norms_grows("mean_hours"));
    assert_true(norms_grows("intensity_pct"));
    assert_false(norms_grows("reach_pct"));
    assert_false(norms_grows("attendance_pct"));
    assert_false(norms_grows(NULL));
}

/* The share of the school year passed, by days: 1 August, the last day, a leap year. */
static void share_of_the_year(void **state)
{
    (void)state;
    /* 2025–2026 has 365 days; 2027–2028 has 366 (29 February 2028). */
    assert_true(fabs(norms_period_share("2025-08-01", "2026-07-31", "2025-08-01") - 1.0 / 365) <
                1e-12);
    assert_true(fabs(norms_period_share("2027-08-01", "2028-07-31", "2027-08-01") - 1.0 / 366) <
                1e-12);
    assert_true(fabs(norms_period_share("2027-08-01", "2028-07-31", "2028-02-29") - 213.0 / 366) <
                1e-12);
    assert_true(fabs(norms_period_share("2025-08-01", "2026-07-31", "2026-07-30") - 364.0 / 365) <
                1e-12);
    /* The last day and after: the year is complete. */
    assert_true(norms_period_share("2025-08-01", "2026-07-31", "2026-07-31") == 1.0);
    assert_true(norms_period_share("2025-08-01", "2026-07-31", "2026-09-01") == 1.0);
    /* Not begun: nothing passed. */
    assert_true(norms_period_share("2025-08-01", "2026-07-31", "2025-07-31") == 0.0);
    /* Not dates: no pro rata. */
    assert_true(norms_period_share("2025-08-01", "2026-07-31", "gisteren") == 1.0);
    assert_true(norms_period_share(NULL, "2026-07-31", "2025-09-01") == 1.0);
}

static void badge_pro_rata(void **state)
{
    (void)state;
    struct norm_set set = {0};
    int hours = norms_figure_index("mean_hours"), reach = norms_figure_index("reach_pct");
    set.norms[hours] = (struct norm){.has_norm = true, .has_ambition = true, .norm = 10,
                                     .ambition = 20};
    set.norms[reach] = (struct norm){.has_norm = true, .norm = 50};
    /* Half a year: 6 hours is above the norm pro rata (5), below the ambition (10). */
    json_t *b = norms_badge_share(&set, "mean_hours", 6, true, 0.5);
    assert_string_equal(json_string_value(json_object_get(b, "signal")), "orange");
    assert_true(json_is_true(json_object_get(b, "pro_rata")));
    assert_string_equal(json_string_value(json_object_get(b, "pro_rata_label")),
                        "norm naar rato: 50% van de periode");
    json_decref(b);
    /* The whole year: 6 hours is below the norm. */
    b = norms_badge_share(&set, "mean_hours", 6, true, 1.0);
    assert_string_equal(json_string_value(json_object_get(b, "signal")), "red");
    assert_false(json_is_true(json_object_get(b, "pro_rata")));
    json_decref(b);
    /* A figure that does not grow is never pro rata. */
    b = norms_badge_share(&set, "reach_pct", 30, true, 0.5);
    assert_string_equal(json_string_value(json_object_get(b, "signal")), "red");
    assert_false(json_is_true(json_object_get(b, "pro_rata")));
    json_decref(b);
    /* No norm set: no signal, nothing pro rata. */
    b = norms_badge_share(&set, "intensity_pct", 30, true, 0.5);
    assert_false(json_is_true(json_object_get(b, "shown")));
    assert_false(json_is_true(json_object_get(b, "pro_rata")));
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signal_with_norm_and_ambition),
        cmocka_unit_test(growing_figures),
        cmocka_unit_test(share_of_the_year),
        cmocka_unit_test(badge_pro_rata),
        cmocka_unit_test(norm_equal_to_ambition_has_no_orange),
        cmocka_unit_test(signal_with_only_a_norm),
        cmocka_unit_test(signal_with_only_an_ambition),
        cmocka_unit_test(no_signal_without_bounds_or_value),
        cmocka_unit_test(float_noise_counts_as_at_the_bound),
        cmocka_unit_test(lower_is_better_mirrors),
        cmocka_unit_test(names_and_classes),
        cmocka_unit_test(the_figure_table),
        cmocka_unit_test(badge_for_the_dashboard),
        cmocka_unit_test(parse_numbers),
        cmocka_unit_test(format_numbers),
        cmocka_unit_test(check_accepts_good_input),
        cmocka_unit_test(check_refuses_bad_input),
        cmocka_unit_test(set_validity),
        cmocka_unit_test_setup_teardown(save_and_load, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(refused_set_writes_nothing, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(model_lists_every_figure, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
