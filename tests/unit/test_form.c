/* Tests of the form validators (src/http/form.h): required fields, lengths counted in
 * characters, control characters, whole numbers and their range, dates, times, moments, e-mail
 * addresses, choices, check boxes and keys; trimming; the values kept for showing the form
 * again; and the order of form_error_list. Each test builds a struct req by hand: zeroed, with
 * an arena and its form parsed from a urlencoded body by params_parse. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "http/req.h"

/* A request whose form is body (urlencoded); free with arena_free(&r->arena). */
static void make_req(struct req *r, const char *body)
{
    memset(r, 0, sizeof *r);
    r->arena = (struct arena)ARENA_INIT;
    r->is_post = true;
    if (params_parse(&r->arena, body, strlen(body), 100, &r->form, &r->n_form))
        fail_msg("test body refused: %s", body);
}

/* Validate body against the one field f; the error message ("" when none) into msg and the
   value kept (as JSON text) into kept. */
static void check1(const struct field *f, const char *body, char *msg, size_t msg_size,
                   char *kept, size_t kept_size)
{
    struct req r;
    make_req(&r, body);
    json_t *values = json_object(), *errors = json_object();
    int bad = form_validate(&r, f, 1, values, errors);
    const char *m = json_string_value(json_object_get(errors, f->name));
    assert_int_equal(bad, m ? 1 : 0);
    snprintf(msg, msg_size, "%s", m ? m : "");
    char *dumped = json_dumps(json_object_get(values, f->name), JSON_ENCODE_ANY);
    snprintf(kept, kept_size, "%s", dumped ? dumped : "(missing)");
    free(dumped);
    json_decref(values);
    json_decref(errors);
    arena_free(&r.arena);
}

/* The value given as field `name` in a body must be accepted (and kept as expected_json). */
static void accepts(const struct field *f, const char *value, const char *expected_json)
{
    char body[2048], msg[256], kept[1024];
    snprintf(body, sizeof body, "%s=%s", f->name, value);
    check1(f, body, msg, sizeof msg, kept, sizeof kept);
    if (*msg)
        fail_msg("%s=%s refused: %s", f->name, value, msg);
    if (expected_json)
        assert_string_equal(kept, expected_json);
}

/* The value must be refused with a message containing expected. */
static void refuses(const struct field *f, const char *value, const char *expected)
{
    char body[2048], msg[256], kept[1024];
    snprintf(body, sizeof body, "%s=%s", f->name, value);
    check1(f, body, msg, sizeof msg, kept, sizeof kept);
    if (!*msg)
        fail_msg("%s=%s accepted", f->name, value);
    if (!strstr(msg, expected))
        fail_msg("%s=%s: message '%s' lacks '%s'", f->name, value, msg, expected);
}

/* ---- text ---------------------------------------------------------------------------------- */

static const struct field name_field = {
    .name = "naam", .label = "Naam", .type = FIELD_TEXT, .required = true, .max_len = 5};
static const struct field note_field = {
    .name = "notitie", .label = "Notitie", .type = FIELD_TEXTAREA, .max_len = 10};

static void required_and_empty(void **state)
{
    (void)state;
    refuses(&name_field, "", "Dit veld is verplicht.");
    refuses(&name_field, "+++", "Dit veld is verplicht."); /* only spaces */
    refuses(&name_field, "%09%0D%0A", "Dit veld is verplicht.");
    /* Absent altogether. */
    char msg[256], kept[64];
    check1(&name_field, "iets=anders", msg, sizeof msg, kept, sizeof kept);
    assert_string_equal(msg, "Dit veld is verplicht.");
    assert_string_equal(kept, "\"\"");
    /* Optional: empty is fine and kept as "". */
    accepts(&note_field, "", "\"\"");
    check1(&note_field, "", msg, sizeof msg, kept, sizeof kept);
    assert_string_equal(msg, "");
    assert_string_equal(kept, "\"\"");
}

static void length_in_characters(void **state)
{
    (void)state;
    accepts(&name_field, "abcde", "\"abcde\"");
    refuses(&name_field, "abcdef", "hoogstens 5 tekens");
    /* Five characters of two bytes each still fit; six do not. */
    accepts(&name_field, "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9", NULL);
    refuses(&name_field, "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9", "hoogstens 5 tekens");
    accepts(&name_field, "%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80", NULL);
    /* Spaces around do not count. */
    accepts(&name_field, "++abcde++", "\"abcde\"");
    /* The default limit is 200 characters. */
    static const struct field plain = {.name = "t", .label = "T", .type = FIELD_TEXT};
    char value[256];
    memset(value, 'x', 200);
    value[200] = '\0';
    accepts(&plain, value, NULL);
    value[200] = 'x';
    value[201] = '\0';
    refuses(&plain, value, "hoogstens 200 tekens");
}

static void control_characters(void **state)
{
    (void)state;
    refuses(&name_field, "a%01b", "besturingstekens");
    refuses(&name_field, "a%1Bb", "besturingstekens");
    refuses(&name_field, "a%7Fb", "besturingstekens");
    refuses(&name_field, "a%0Ab", "besturingstekens"); /* one line only */
    refuses(&name_field, "a%0Db", "besturingstekens");
    /* A text area takes line breaks, not other control characters. */
    accepts(&note_field, "a%0D%0Ab", "\"a\\r\\nb\"");
    refuses(&note_field, "a%07b", "besturingstekens");
    refuses(&note_field, "a%0Cb", "besturingstekens");
}

/* ---- numbers ------------------------------------------------------------------------------ */

static const struct field capacity_field = {.name = "capaciteit", .label = "Capaciteit",
                                            .type = FIELD_INT, .required = true, .min = 1,
                                            .max = 100};

static void whole_numbers(void **state)
{
    (void)state;
    accepts(&capacity_field, "12", "\"12\"");
    accepts(&capacity_field, "+12+", "\"12\""); /* " 12 " trimmed */
    accepts(&capacity_field, "1", NULL);
    accepts(&capacity_field, "100", NULL);
    refuses(&capacity_field, "12abc", "Vul een heel getal in.");
    refuses(&capacity_field, "abc", "Vul een heel getal in.");
    refuses(&capacity_field, "1.5", "Vul een heel getal in.");
    refuses(&capacity_field, "1%2C5", "Vul een heel getal in.");
    refuses(&capacity_field, "0x10", "Vul een heel getal in.");
    refuses(&capacity_field, "1+2", "Vul een heel getal in.");
    refuses(&capacity_field, "99999999999999999999999", "Vul een heel getal in.");
    refuses(&capacity_field, "-", "Vul een heel getal in.");
    refuses(&capacity_field, "0", "Vul een getal van 1 tot en met 100 in.");
    refuses(&capacity_field, "101", "Vul een getal van 1 tot en met 100 in.");
    refuses(&capacity_field, "-5", "Vul een getal van 1 tot en met 100 in.");
    refuses(&capacity_field, "", "verplicht");
}

static void form_int_reads_back(void **state)
{
    (void)state;
    struct req r;
    make_req(&r, "capaciteit=+42+");
    json_t *values = json_object(), *errors = json_object();
    assert_int_equal(form_validate(&r, &capacity_field, 1, values, errors), 0);
    assert_int_equal(form_int(values, "capaciteit"), 42);
    assert_int_equal(form_int(values, "missing"), 0);
    assert_string_equal(form_str(values, "capaciteit"), "42");
    assert_string_equal(form_str(values, "missing"), "");
    json_decref(values);
    json_decref(errors);
    arena_free(&r.arena);
}

/* ---- dates and times ---------------------------------------------------------------------- */

static const struct field date_field = {.name = "d", .label = "Datum", .type = FIELD_DATE};
static const struct field time_field = {.name = "t", .label = "Tijd", .type = FIELD_TIME};
static const struct field moment_field = {.name = "m", .label = "Moment",
                                          .type = FIELD_DATETIME};

static void dates(void **state)
{
    (void)state;
    accepts(&date_field, "2024-02-29", "\"2024-02-29\"");
    accepts(&date_field, "+2025-09-02+", "\"2025-09-02\"");
    refuses(&date_field, "2025-02-29", "geldige datum");
    refuses(&date_field, "2025-13-01", "geldige datum");
    refuses(&date_field, "2025-04-31", "geldige datum");
    refuses(&date_field, "2025-9-2", "geldige datum");
    refuses(&date_field, "02-09-2025", "geldige datum");
    refuses(&date_field, "2025-09-02x", "geldige datum");
    refuses(&date_field, "morgen", "geldige datum");
    accepts(&date_field, "", "\"\""); /* optional */
}

static void times(void **state)
{
    (void)state;
    accepts(&time_field, "00:00", NULL);
    accepts(&time_field, "15:15", "\"15:15\"");
    accepts(&time_field, "23:59", NULL);
    refuses(&time_field, "24:00", "geldige tijd");
    refuses(&time_field, "12:60", "geldige tijd");
    refuses(&time_field, "9:30", "geldige tijd");
    refuses(&time_field, "09%3A30%3A00", "geldige tijd");
    refuses(&time_field, "09.30", "geldige tijd");
}

static void moments(void **state)
{
    (void)state;
    accepts(&moment_field, "2025-08-20T19:00", "\"2025-08-20T19:00\"");
    accepts(&moment_field, "2025-08-20+19:00", "\"2025-08-20 19:00\"");
    refuses(&moment_field, "2025-08-20T24:00", "geldig moment");
    refuses(&moment_field, "2025-02-29T10:00", "geldig moment");
    refuses(&moment_field, "2025-08-20", "geldig moment");
    refuses(&moment_field, "2025-08-20T19:00:00", "geldig moment");
}

/* ---- e-mail, choices, check boxes, keys --------------------------------------------------- */

static const struct field email_field = {.name = "email", .label = "E-mailadres",
                                         .type = FIELD_EMAIL, .required = true};

static void emails(void **state)
{
    (void)state;
    accepts(&email_field, "naam%40voorbeeld.nl", "\"naam@voorbeeld.nl\"");
    accepts(&email_field, "+a.b-c%40school.example.nl+", "\"a.b-c@school.example.nl\"");
    static const char *const bad[] = {
        "naam", "naam%40", "%40voorbeeld.nl", "naam%40voorbeeld", "a%40%40b.nl", "a%40b%40c.nl",
        "a+b%40c.nl", "a%40.nl", "a%40b.nl.", "a%3Cb%3E%40c.nl", "a%2Cb%40c.nl",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refuses(&email_field, bad[i], "geldig e-mailadres");
    char long_email[400];
    memset(long_email, 'a', 250);
    snprintf(long_email + 250, sizeof long_email - 250, "%%40b.nl"); /* 255 characters */
    refuses(&email_field, long_email, "geldig e-mailadres");
}

static const char *const levels[] = {"start", "basis", "vak", NULL};
static const struct field level_field = {.name = "niveau", .label = "Niveau",
                                         .type = FIELD_CHOICE, .choices = levels};

static void choices(void **state)
{
    (void)state;
    accepts(&level_field, "start", NULL);
    accepts(&level_field, "vak", "\"vak\"");
    accepts(&level_field, "", NULL); /* optional */
    refuses(&level_field, "Vak", "Kies een van de mogelijkheden.");
    refuses(&level_field, "va", "Kies een van de mogelijkheden.");
    refuses(&level_field, "vakk", "Kies een van de mogelijkheden.");
    refuses(&level_field, "other", "Kies een van de mogelijkheden.");
    static const struct field required = {.name = "niveau", .label = "Niveau",
                                          .type = FIELD_CHOICE, .required = true,
                                          .choices = levels};
    refuses(&required, "", "verplicht");
}

static const struct field priority_field = {.name = "prio", .label = "Doelgroep",
                                            .type = FIELD_BOOL};

static void check_boxes(void **state)
{
    (void)state;
    accepts(&priority_field, "1", "true");
    accepts(&priority_field, "on", "true");
    accepts(&priority_field, "true", "true");
    accepts(&priority_field, "0", "false");
    accepts(&priority_field, "yes", "false");
    accepts(&priority_field, "", "false");
    char msg[64], kept[64];
    check1(&priority_field, "", msg, sizeof msg, kept, sizeof kept); /* absent */
    assert_string_equal(kept, "false");
    struct req r;
    make_req(&r, "prio=on");
    json_t *values = json_object(), *errors = json_object();
    form_validate(&r, &priority_field, 1, values, errors);
    assert_true(form_bool(values, "prio"));
    assert_false(form_bool(values, "other"));
    json_decref(values);
    json_decref(errors);
    arena_free(&r.arena);
}

static const struct field key_field = {.name = "key", .label = "Sleutel", .type = FIELD_KEY,
                                       .required = true};

static void keys(void **state)
{
    (void)state;
    accepts(&key_field, "judo-noord", "\"judo-noord\"");
    accepts(&key_field, "n-1", NULL);
    accepts(&key_field, "2025", NULL);
    refuses(&key_field, "Judo", "kleine letters");
    refuses(&key_field, "judo+noord", "kleine letters"); /* a space */
    refuses(&key_field, "judo%2Fnoord", "kleine letters");
    refuses(&key_field, "jud%C3%B3", "kleine letters");
    refuses(&key_field, "judo.noord", "kleine letters");
    char long_key[256];
    memset(long_key, 'k', 201);
    long_key[201] = '\0';
    refuses(&key_field, long_key, "kleine letters");
}

/* ---- whole forms -------------------------------------------------------------------------- */

static const struct field activity_fields[] = {
    {.name = "title", .label = "Titel", .type = FIELD_TEXT, .required = true, .max_len = 10},
    {.name = "capacity", .label = "Capaciteit", .type = FIELD_INT, .required = true, .min = 1,
     .max = 50},
    {.name = "start", .label = "Begintijd", .type = FIELD_TIME, .required = true},
    {.name = "end", .label = "Eindtijd", .type = FIELD_TIME, .required = true},
    {.name = "open", .label = "Open", .type = FIELD_BOOL},
};

static void every_field_validated_and_kept(void **state)
{
    (void)state;
    struct req r;
    make_req(&r, "title=+Judo+&capacity=12abc&start=24%3A00&end=16%3A15&ignored=x");
    json_t *values = json_object(), *errors = json_object();
    assert_int_equal(form_validate(&r, activity_fields, FIELDS_N(activity_fields), values, errors),
                     2);
    assert_string_equal(form_str(values, "title"), "Judo");
    assert_string_equal(form_str(values, "capacity"), "12abc"); /* kept as typed */
    assert_string_equal(form_str(values, "start"), "24:00");
    assert_string_equal(form_str(values, "end"), "16:15");
    assert_false(form_bool(values, "open"));
    assert_null(json_object_get(values, "ignored"));
    assert_non_null(json_object_get(errors, "capacity"));
    assert_non_null(json_object_get(errors, "start"));
    assert_null(json_object_get(errors, "title"));
    assert_int_equal(json_object_size(errors), 2);
    json_decref(values);
    json_decref(errors);
    arena_free(&r.arena);
}

static void error_list_in_field_order(void **state)
{
    (void)state;
    struct req r;
    make_req(&r, "title=&capacity=0&start=15%3A15&end=");
    json_t *values = json_object(), *errors = json_object();
    assert_int_equal(form_validate(&r, activity_fields, FIELDS_N(activity_fields), values, errors),
                     3);
    /* A cross-field rule adds an error under a name outside the table: it comes last. */
    json_object_set_new(errors, "period", json_string("Het einde ligt voor het begin."));
    json_t *list = form_error_list(activity_fields, FIELDS_N(activity_fields), errors);
    assert_int_equal(json_array_size(list), 4);
    static const char *const order[] = {"title", "capacity", "end", "period"};
    static const char *const labels[] = {"Titel", "Capaciteit", "Eindtijd", "period"};
    for (size_t i = 0; i < 4; i++) {
        json_t *item = json_array_get(list, i);
        assert_string_equal(json_string_value(json_object_get(item, "field")), order[i]);
        assert_string_equal(json_string_value(json_object_get(item, "label")), labels[i]);
        const char *message = json_string_value(json_object_get(item, "message"));
        assert_non_null(message);
        assert_string_equal(message,
                            json_string_value(json_object_get(errors, order[i])));
    }
    json_decref(list);
    /* No errors: an empty list. */
    json_t *none = json_object();
    list = form_error_list(activity_fields, FIELDS_N(activity_fields), none);
    assert_true(json_is_array(list));
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    json_decref(none);
    json_decref(values);
    json_decref(errors);
    arena_free(&r.arena);
}

static void no_body_at_all(void **state)
{
    (void)state;
    struct req r;
    memset(&r, 0, sizeof r);
    r.arena = (struct arena)ARENA_INIT;
    json_t *values = json_object(), *errors = json_object();
    assert_int_equal(form_validate(&r, activity_fields, FIELDS_N(activity_fields), values, errors),
                     4);
    assert_int_equal(json_object_size(values), FIELDS_N(activity_fields));
    json_decref(values);
    json_decref(errors);
    arena_free(&r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(required_and_empty),
        cmocka_unit_test(length_in_characters),
        cmocka_unit_test(control_characters),
        cmocka_unit_test(whole_numbers),
        cmocka_unit_test(form_int_reads_back),
        cmocka_unit_test(dates),
        cmocka_unit_test(times),
        cmocka_unit_test(moments),
        cmocka_unit_test(emails),
        cmocka_unit_test(choices),
        cmocka_unit_test(check_boxes),
        cmocka_unit_test(keys),
        cmocka_unit_test(every_field_validated_and_kept),
        cmocka_unit_test(error_list_in_field_order),
        cmocka_unit_test(no_body_at_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
