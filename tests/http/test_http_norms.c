/* HTTP tests of /norms against the real daemon with the fixture: who may read and who may
 * save, the JSON shape, saving every figure in one go (decimal comma and dot, clearing,
 * a client posting some figures), each kind of bad input refused with 422 and its message at
 * the field with the input kept and nothing written, hostile bytes, and CSRF. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

/* Every figure's norm and ambition, as the form posts them; reach 60/80,5 and involvement
   only an ambition, the rest empty. */
#define ALL_FIELDS                                                                               \
    "norm_coverage_pct=&ambition_coverage_pct="                                                  \
    "&norm_reach_pct=60&ambition_reach_pct=80%2C5"                                               \
    "&norm_reach_priority_pct=&ambition_reach_priority_pct="                                     \
    "&norm_mean_hours=12.5&ambition_mean_hours=20"                                               \
    "&norm_intensity_pct=&ambition_intensity_pct="                                               \
    "&norm_attendance_pct=&ambition_attendance_pct="                                             \
    "&norm_involvement=&ambition_involvement=3%2C5"                                              \
    "&norm_staff_qualified_pct=&ambition_staff_qualified_pct="                                   \
    "&norm_vog_valid_pct=100&ambition_vog_valid_pct=100"

/* The entry of figure code in a GET /norms JSON answer (borrowed from doc). */
static json_t *figure_in(json_t *doc, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), i, f) {
        if (!strcmp(str_of(f, "code"), code))
            return f;
    }
    fail_msg("figure %s missing", code);
    return NULL;
}

/* The stored norm or ambition (column) of figure as a text, "" when unset or no row. */
static void stored(const char *figure, const char *column, char *out, size_t size)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM norms WHERE figure = '%s' AND %s IS NOT NULL",
             figure, column);
    if (!count_of(sql)) {
        snprintf(out, size, "%s", "");
        return;
    }
    snprintf(sql, sizeof sql, "SELECT CAST(%s * 100 AS INTEGER) FROM norms WHERE figure = '%s'",
             column, figure);
    snprintf(out, size, "%lld", count_of(sql));
}

/* Fail unless figure's stored norm or ambition, in hundredths, is expected ("" = unset). */
static void assert_stored(const char *figure, const char *column, const char *expected)
{
    char got[32];
    stored(figure, column, got, sizeof got);
    if (strcmp(got, expected))
        fail_msg("%s %s is \"%s\" hundredths, expected \"%s\"", figure, column, got, expected);
}

/* ---- access --------------------------------------------------------------------------------- */

static void who_may_read_and_save(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    struct client *coordinator = logged_in("noord@test.nl");
    struct client *staff = logged_in("anna@test.nl");
    struct client *parent = logged_in("ouder@test.nl");
    assert_int_equal(get_status(lead, "/norms", false), 200);
    assert_int_equal(get_status(coordinator, "/norms", false), 200);
    assert_int_equal(get_status(coordinator, "/norms", true), 200);
    assert_int_equal(get_status(staff, "/norms", false), 403);
    assert_int_equal(get_status(parent, "/norms", true), 403);
    assert_int_equal(post_status(coordinator, "/norms", ALL_FIELDS, false, true), 403);
    assert_int_equal(post_status(staff, "/norms", ALL_FIELDS, true, true), 403);
    assert_int_equal(post_status(parent, "/norms", ALL_FIELDS, false, true), 403);
    assert_int_equal(count_of("SELECT count(*) FROM norms"), 0);

    /* The coordinator reads a table without a form; the lead gets the form. */
    struct response res;
    assert_int_equal(client_get(coordinator, "/norms", false, &res), 0);
    assert_contains(res.body, "Normen en ambities");
    assert_contains(res.body, "<table");
    assert_lacks(res.body, "action=\"/norms\"");
    response_free(&res);
    assert_int_equal(client_get(lead, "/norms", false, &res), 0);
    assert_contains(res.body, "action=\"/norms\"");
    assert_contains(res.body, "id=\"f-norm_reach_pct\"");
    assert_contains(res.body, "name=\"ambition_vog_valid_pct\"");
    assert_contains(res.body, "<a href=\"/admin\" aria-current=\"page\">"); /* Beheer marked */
    assert_contains(res.body, "signal--orange");
    response_free(&res);
    assert_int_equal(client_get(lead, "/admin", false, &res), 0);
    assert_contains(res.body, "href=\"/norms\"");
    response_free(&res);

    struct client *anonymous = client_new(&server);
    assert_int_equal(get_status(anonymous, "/norms", true), 401);
    assert_int_equal(get_status(anonymous, "/norms", false), 303);
    client_free(anonymous);
    client_free(lead);
    client_free(coordinator);
    client_free(staff);
    client_free(parent);
}

static void json_shape(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    json_t *doc = get_json(lead, "/norms", 200);
    assert_true(json_is_true(json_object_get(doc, "can_edit")));
    json_t *figures = json_object_get(doc, "figures");
    assert_int_equal(json_array_size(figures), 9);
    size_t i;
    json_t *f;
    json_array_foreach(figures, i, f) {
        str_of(f, "code");
        str_of(f, "label");
        str_of(f, "unit");
        str_of(f, "unit_label");
        assert_string_equal(str_of(f, "direction"), "higher");
        assert_true(json_is_number(json_object_get(f, "min")));
        assert_true(json_is_number(json_object_get(f, "max")));
        assert_true(json_is_null(json_object_get(f, "norm")));
        assert_true(json_is_null(json_object_get(f, "ambition")));
        assert_null(json_object_get(f, "norm_field")); /* the form's members are HTML only */
    }
    assert_string_equal(str_of(json_array_get(figures, 0), "code"), "coverage_pct");
    json_decref(doc);
    client_free(lead);
    struct client *coordinator = logged_in("noord@test.nl");
    doc = get_json(coordinator, "/norms", 200);
    assert_true(json_is_false(json_object_get(doc, "can_edit")));
    json_decref(doc);
    client_free(coordinator);
}

/* ---- saving --------------------------------------------------------------------------------- */

static void lead_saves_all_figures(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long audits = count_of("SELECT count(*) FROM audit_log WHERE entity = 'norms'");
    struct response res;
    post(lead, "/norms", ALL_FIELDS, false, &res);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/norms");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM norms"), 4);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'norms'"),
                     audits + 4);
    assert_stored("reach_pct", "norm", "6000");
    assert_stored("reach_pct", "ambition", "8050");
    assert_stored("mean_hours", "norm", "1250");
    assert_stored("involvement", "norm", "");
    assert_stored("involvement", "ambition", "350");
    assert_int_equal(count_of("SELECT count(*) FROM norms n JOIN users u ON u.id = n.updated_by"
                              " WHERE u.email = 'lead@test.nl'"),
                     4);

    /* The page shows the flash and the values with a decimal comma. */
    assert_int_equal(client_get(lead, "/norms", false, &res), 0);
    assert_contains(res.body, "De normen en ambities zijn opgeslagen.");
    assert_contains(res.body, "value=\"80,5\"");
    assert_contains(res.body, "value=\"12,5\"");
    assert_contains(res.body, "Gewijzigd op ");
    response_free(&res);
    json_t *doc = get_json(lead, "/norms", 200);
    json_t *reach = figure_in(doc, "reach_pct");
    assert_true(json_number_value(json_object_get(reach, "norm")) == 60);
    assert_true(json_number_value(json_object_get(reach, "ambition")) == 80.5);
    assert_string_equal(str_of(reach, "ambition_text"), "80,5");
    assert_string_equal(str_of(reach, "updated_by"), "Lea Leiding");
    json_decref(doc);

    /* The same again: nothing changes, nothing is audited. */
    post(lead, "/norms", ALL_FIELDS, false, &res);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log WHERE entity = 'norms'"),
                     audits + 4);

    /* JSON, posting one figure only: the others keep what they had. */
    json_t *answer = post_json(lead, "/norms", "norm_reach_pct=65&ambition_reach_pct=", 200);
    assert_true(json_is_true(json_object_get(answer, "ok")));
    assert_int_equal(int_of(answer, "changed"), 1);
    assert_int_equal(json_array_size(json_object_get(answer, "figures")), 9);
    json_decref(answer);
    assert_stored("reach_pct", "norm", "6500");
    assert_stored("reach_pct", "ambition", "");
    assert_stored("mean_hours", "norm", "1250");
    assert_stored("vog_valid_pct", "ambition", "10000");

    /* Clearing both of a figure removes it. */
    answer = post_json(lead, "/norms", "norm_reach_pct=&ambition_reach_pct=", 200);
    json_decref(answer);
    assert_int_equal(count_of("SELECT count(*) FROM norms WHERE figure = 'reach_pct'"), 0);
    client_free(lead);
}

/* ---- refusals ------------------------------------------------------------------------------- */

/* POST body (HTML) and expect 422 with message and the typed value kept in the page, and the
   same as JSON with a message at field. Nothing may be written. */
static void expect_refused(struct client *lead, const char *body, const char *field,
                           const char *message, const char *kept)
{
    long long rows = count_of("SELECT count(*) FROM norms"),
              audits = count_of("SELECT count(*) FROM audit_log"),
              total = count_of("SELECT CAST(coalesce(sum(coalesce(norm, 0) * 100"
                               " + coalesce(ambition, 0)), 0) AS INTEGER) FROM norms");
    struct response res;
    assert_int_equal(client_post(lead, "/norms", body, false, true, &res), 0);
    if (res.status != 422)
        fail_msg("POST /norms %s answered %ld, not 422", body, res.status);
    assert_contains(res.body, message);
    assert_contains(res.body, "aria-invalid=\"true\"");
    assert_contains(res.body, "Er is iets niet goed ingevuld");
    char anchor[96];
    snprintf(anchor, sizeof anchor, "href=\"#f-%s\"", field);
    assert_contains(res.body, anchor);
    if (kept)
        assert_contains(res.body, kept);
    response_free(&res);
    json_t *answer = post_json(lead, "/norms", body, 422);
    json_t *fields = json_object_get(answer, "fields");
    if (!json_is_string(json_object_get(fields, field)))
        fail_msg("JSON 422 for %s has no message at %s", body, field);
    json_decref(answer);
    assert_int_equal(count_of("SELECT count(*) FROM norms"), rows);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(count_of("SELECT CAST(coalesce(sum(coalesce(norm, 0) * 100"
                              " + coalesce(ambition, 0)), 0) AS INTEGER) FROM norms"),
                     total);
}

static void bad_input_is_refused_and_nothing_written(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    /* Something stored first, so that "nothing written" is visible. */
    json_decref(post_json(lead, "/norms", "norm_attendance_pct=70&ambition_attendance_pct=85",
                          200));
    expect_refused(lead, "norm_reach_pct=veel&ambition_reach_pct=80", "norm_reach_pct",
                   "Vul een getal in", "value=\"veel\"");
    expect_refused(lead, "norm_reach_pct=60&ambition_reach_pct=100%2C5", "ambition_reach_pct",
                   "Vul een getal van 0 tot en met 100 in.", "value=\"100,5\"");
    expect_refused(lead, "norm_reach_pct=-1", "norm_reach_pct",
                   "Vul een getal van 0 tot en met 100 in.", "value=\"-1\"");
    expect_refused(lead, "norm_involvement=0", "norm_involvement",
                   "Vul een getal van 1 tot en met 5 in.", NULL);
    expect_refused(lead, "ambition_mean_hours=1001", "ambition_mean_hours",
                   "Vul een getal van 0 tot en met 1000 in.", NULL);
    expect_refused(lead, "norm_reach_pct=80&ambition_reach_pct=60", "ambition_reach_pct",
                   "De ambitie moet minstens gelijk zijn aan de norm.", "value=\"80\"");
    /* A norm above the stored ambition of a figure not posted in full. */
    expect_refused(lead, "norm_attendance_pct=90", "ambition_attendance_pct",
                   "De ambitie moet minstens gelijk zijn aan de norm.", "value=\"85\"");
    expect_refused(lead, "norm_reach_pct=12%2C345", "norm_reach_pct",
                   "hoogstens twee cijfers achter de komma", NULL);
    expect_refused(lead, "norm_reach_pct=1e2", "norm_reach_pct", "Vul een getal in", NULL);
    expect_refused(lead, "norm_reach_pct=1.000%2C5", "norm_reach_pct", "Vul een getal in", NULL);
    expect_refused(lead, "norm_reach_pct=%3Cscript%3E", "norm_reach_pct", "Vul een getal in",
                   "value=\"&lt;script&gt;\"");
    expect_refused(lead, "norm_reach_pct=12345678901234567890", "norm_reach_pct",
                   "Gebruik hoogstens 16 tekens.", NULL);
    expect_refused(lead, "norm_reach_pct=5%01", "norm_reach_pct",
                   "Gebruik geen besturingstekens.", NULL);
    /* Two bad fields at once: both messages, the good one in the same post not saved. */
    expect_refused(lead, "norm_coverage_pct=50&norm_reach_pct=x&ambition_vog_valid_pct=200",
                   "ambition_vog_valid_pct", "Vul een getal van 0 tot en met 100 in.",
                   "value=\"50\"");
    assert_int_equal(count_of("SELECT count(*) FROM norms WHERE figure = 'coverage_pct'"), 0);

    /* NUL bytes, invalid UTF-8 and a field twice refuse the whole form. */
    long long rows = count_of("SELECT count(*) FROM norms");
    assert_int_equal(post_status(lead, "/norms", "norm_reach_pct=5%00", false, true), 400);
    assert_int_equal(post_status(lead, "/norms", "norm_reach_pct=%C3%28", false, true), 400);
    assert_int_equal(post_status(lead, "/norms", "norm_reach_pct=5&norm_reach_pct=6", false,
                                 true),
                     400);
    assert_int_equal(count_of("SELECT count(*) FROM norms"), rows);
    assert_stored("attendance_pct", "norm", "7000");
    client_free(lead);
}

static void saving_needs_the_csrf_token(void **state)
{
    (void)state;
    struct client *lead = logged_in("lead@test.nl");
    long long rows = count_of("SELECT count(*) FROM norms"),
              audits = count_of("SELECT count(*) FROM audit_log");
    assert_int_equal(post_status(lead, "/norms", "norm_coverage_pct=50", false, false), 403);
    assert_int_equal(post_status(lead, "/norms", "norm_coverage_pct=50&csrf=0000", true, false),
                     403);
    assert_int_equal(count_of("SELECT count(*) FROM norms"), rows);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log"), audits);
    client_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(who_may_read_and_save),
        cmocka_unit_test(json_shape),
        cmocka_unit_test(lead_saves_all_figures),
        cmocka_unit_test(bad_input_is_refused_and_nothing_written),
        cmocka_unit_test(saving_needs_the_csrf_token),
    };
    int failed = cmocka_run_group_tests(tests, start, stop);
    return exit_status(failed);
}
