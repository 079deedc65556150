/* Tests of the pupil's rights (src/domain/people/privacy.h) on the demo coalition: deleting a
 * pupil removes the name, number, notes, link code, parent links and mentions, keeps its
 * enrolments and marks as anonymous rows so that the reports of past periods read exactly the
 * same, is audited, and happens once; the purge deletes those who left more than N days ago,
 * once, and records each run; the export holds every part; dump keeps only the anonymous form. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "demo/demo.h"
#include "domain/people/privacy.h"
#include "domain/people/pupils_read.h"
#include "domain/reports/reports.h"
#include "io/loadjson.h"
#include "util/date.h"
#include "testdb.h"

#define TODAY "2026-06-15"

/* The demo coalition is built once (group_setup) and each test starts from a copy of it. */
static int group_setup(void **state)
{
    (void)state;
    return testdb_demo_group_setup("test_privacy_demo", TODAY);
}

static int setup(void **state) { return testdb_setup_demo(state, "test_privacy"); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

/* The coverage report of every school for from … to, as JSON text (caller frees). */
static char *report_text(struct db *db, const char *from, const char *to)
{
    struct report_query q = {.school_id = 0, .min_sessions = 6, .intensity_hours = 20};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    snprintf(q.today, sizeof q.today, "%s", TODAY);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    json_t *doc = report_json(&rep);
    char *text = json_dumps(doc, JSON_SORT_KEYS);
    json_decref(doc);
    report_free(&rep);
    return text;
}

/* A pupil still at school with marks and a parent: its id. */
static int64_t marked_pupil_with_parent(struct db *db)
{
    int64_t id = db_int(db, "SELECT p.id FROM pupils p WHERE p.left_on IS NULL"
                            " AND EXISTS (SELECT 1 FROM attendance t WHERE t.pupil_id = p.id)"
                            " AND EXISTS (SELECT 1 FROM parent_children c WHERE c.pupil_id = p.id)"
                            " ORDER BY p.id LIMIT 1", 0, 0, 0);
    assert_true(id > 0);
    return id;
}

static int64_t count(struct db *db, const char *sql, int64_t id)
{
    return db_int(db, sql, id, 0, -1);
}

static void deleting_keeps_the_past_reports_and_removes_the_person(void **state)
{
    struct db *db = db_of(state);
    int64_t id = marked_pupil_with_parent(db);
    /* The past: every held session before today (the pupil leaves today, so from today on the
       pupil is no longer counted, as for any pupil who leaves). */
    char *until_yesterday = report_text(db, "2025-08-01", "2026-06-14");
    int64_t marks = count(db, "SELECT count(*) FROM attendance WHERE pupil_id = ?1", id);
    int64_t lead = db_int(db, "SELECT id FROM users WHERE role = 'lead' LIMIT 1", 0, 0, 0);
    assert_int_equal(pupil_anonymise(db, lead, id, TODAY), OUTCOME_OK);
    char *after = report_text(db, "2025-08-01", "2026-06-14");
    assert_string_equal(after, until_yesterday);
    free(after);
    free(until_yesterday);
    assert_int_equal(count(db, "SELECT count(*) FROM attendance WHERE pupil_id = ?1", id), marks);
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE id = ?1 AND anonymised = 1"
                               " AND first_name = '" PRIVACY_FIRST_NAME "' AND last_name = '"
                               PRIVACY_LAST_NAME "' AND class = '' AND safety_notes = ''"
                               " AND link_code IS NULL AND number = 'anon-' || id"
                               " AND key = 'anon-' || id AND left_on = '" TODAY "'", id),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM parent_children WHERE pupil_id = ?1", id), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM notifications WHERE pupil_id = ?1", id), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE entity = 'pupils'"
                               " AND entity_id = ?1 AND action = 'delete' AND user_id = (SELECT id FROM users"
                               " WHERE role = 'lead' LIMIT 1)", id),
                     1);
    /* Gone for every read, and only once. */
    json_t *pupil = NULL;
    assert_int_equal(read_pupil(db, id, &pupil), 0);
    int64_t school = 0;
    assert_int_equal(read_pupil_school(db, id, &school), 0);
    assert_int_equal(read_pupil_export(db, id, &pupil), 0);
    assert_int_equal(pupil_anonymise(db, lead, id, TODAY), OUTCOME_NOT_FOUND);
    assert_int_equal(pupil_anonymise(db, lead, 999999, TODAY), OUTCOME_NOT_FOUND);
}

static void the_purge_deletes_who_left_long_ago_once(void **state)
{
    struct db *db = db_of(state);
    int64_t before = count(db, "SELECT count(*) FROM pupils WHERE anonymised = 1", 0);
    assert_int_equal(db_exec(db, "UPDATE pupils SET left_on = '2025-06-14' WHERE id IN"
                                 " (SELECT id FROM pupils WHERE anonymised = 0 ORDER BY id"
                                 "  LIMIT 2);"
                                 "UPDATE pupils SET left_on = '2025-06-16' WHERE id ="
                                 " (SELECT id FROM pupils WHERE anonymised = 0 AND left_on IS NULL"
                                 "  ORDER BY id LIMIT 1)"),
                     0);
    assert_int_equal(pupils_purge(db, 365, TODAY, "command"), 2); /* not the one of 364 days */
    assert_int_equal(count(db, "SELECT count(*) FROM pupils WHERE anonymised = 1", 0), before + 2);
    assert_int_equal(pupils_purge(db, 365, TODAY, "serve"), 0);
    json_t *last = NULL;
    assert_int_equal(read_last_purge(db, &last), 1);
    assert_int_equal(json_integer_value(json_object_get(last, "removed")), 0);
    assert_string_equal(json_string_value(json_object_get(last, "by")), "serve");
    json_decref(last);
    assert_int_equal(count(db, "SELECT count(*) FROM privacy_purges", 0), 2);
    assert_int_equal(pupils_purge(db, 365, "gisteren", "serve"), -1);
}

static void the_export_holds_every_part(void **state)
{
    struct db *db = db_of(state);
    int64_t id = marked_pupil_with_parent(db);
    json_t *doc = NULL;
    assert_int_equal(read_pupil_export(db, id, &doc), 1);
    static const char *const parts[] = {"pupil",     "enrolments", "attendance", "contacts",
                                        "parents",   "incidents",  "followups",  "audit"};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (!json_object_get(doc, parts[i]))
            fail_msg("the export lacks %s", parts[i]);
    assert_true(json_array_size(json_object_get(doc, "attendance")) > 0);
    assert_true(json_array_size(json_object_get(doc, "parents")) > 0);
    json_t *first = json_array_get(json_object_get(doc, "enrolments"), 0);
    assert_true(json_is_array(json_object_get(first, "history")));
    json_decref(doc);
}

static void dump_keeps_only_the_anonymous_form(void **state)
{
    struct db *db = db_of(state);
    int64_t id = marked_pupil_with_parent(db);
    json_t *pupil = NULL;
    assert_int_equal(read_pupil(db, id, &pupil), 1);
    char key[120];
    snprintf(key, sizeof key, "\"%s\"", json_string_value(json_object_get(pupil, "key")));
    json_decref(pupil);
    assert_int_equal(pupil_anonymise(db, 0, id, TODAY), OUTCOME_OK);
    json_t *doc = dump_document(db);
    char *text = json_dumps(doc, JSON_INDENT(1));
    json_decref(doc);
    char anon[40];
    snprintf(anon, sizeof anon, "\"anon-%lld\"", (long long)id);
    assert_non_null(strstr(text, anon));
    assert_non_null(strstr(text, "\"anonymised\": true"));
    assert_null(strstr(text, key)); /* not as a pupil, a parent's child or an enrolment */
    free(text);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(deleting_keeps_the_past_reports_and_removes_the_person),
        T(the_purge_deletes_who_left_long_ago_once),
        T(the_export_holds_every_part),
        T(dump_keeps_only_the_anonymous_form),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, testdb_demo_group_teardown);
}
