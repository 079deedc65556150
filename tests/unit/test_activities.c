/* Tests of src/domain/activities.c: saving an activity creates its sessions on the weekday
 * between the dates and skips the coalition's holidays; a change moves the sessions and
 * replaces the domain and staff links; a capacity below the pupils enrolled is refused, a
 * higher one promotes the waiting list; every broken rule is reported on its field and
 * nothing at all is written; sessions are cancelled, moved (keeping their slot) and restored
 * with a reason. Each test runs on a fresh migrated database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/offer/activities.h"
#include "testdb.h"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Schools 1 "noord" (po) and 2 "college" (vo); domains 1 sport, 2 cultuur, 3 wereld; a
   Christmas holiday; provider 1 with staff 1 and 2; pupils 1–4 at noord; user 7 (the lead)
   who makes every change. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Basisschool Noord', 'po'),"
    " (2, 'college', 'Het College', 'vo');"
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2), (3, 'wereld', 'Oriëntatie op de wereld', 3);"
    "INSERT INTO holidays (name, date_from, date_to)"
    " VALUES ('Kerstvakantie', '2025-12-20', '2026-01-04');"
    "INSERT INTO providers (id, key, name, external) VALUES (1, 'sportpartner', 'Sportpartner', 1);"
    "INSERT INTO staff (id, key, provider_id, name, level) VALUES (1, 'anna', 1, 'Anna', 'vak'),"
    " (2, 'bram', 1, 'Bram', 'basis');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade) VALUES"
    " (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6), (2, 'n-2', 1, '2', 'Daan', 'de Jong', 5),"
    " (3, 'n-3', 1, '3', 'Noor', 'Visser', 7), (4, 'n-4', 1, '4', 'Mila', 'Smit', 8);"
    "INSERT INTO users (id, email, role, password_hash) VALUES (7, 'lead@test.nl', 'lead', '-');";

static int setup(void **state)
{
    return testdb_setup(state, "test_activities", seed_sql);
}

/* ---- helpers -------------------------------------------------------------------------------- */

static const int64_t sport_cultuur[] = {1, 2}, wereld[] = {3}, anna[] = {1}, bram[] = {2};

/* Judo at noord on Tuesdays 2 Dec 2025 – 13 Jan 2026 (two Tuesdays fall in the holiday). */
static struct activity_input judo(void)
{
    return (struct activity_input){
        .school_id = 1, .provider_id = 1, .title = "Judo", .goal = "Samenwerken",
        .location = "Gymzaal", .grade_min = 5, .grade_max = 8, .capacity = 12, .weekday = 2,
        .start = "15:15", .end = "16:15", .from = "2025-12-02", .until = "2026-01-13",
        .signup_from = "", .signup_until = "", .open_to = "school",
        .domain_ids = sport_cultuur, .n_domains = 2, .staff_ids = anna, .n_staff = 1};
}

static int64_t count(struct db *db, const char *sql)
{
    return db_scalar_int(db, sql, -1);
}

/* The sessions of activity 1 as "date start-end" joined by ", " into out. */
static void session_list(struct db *db, char *out, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT date, start_time, end_time, slot_date FROM sessions"
                                   " WHERE activity_id = 1 ORDER BY slot_date");
    assert_non_null(st);
    size_t n = 0;
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW && n < size)
        n += (size_t)snprintf(out + n, size - n, "%s%s %s-%s", n ? ", " : "",
                              db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    sqlite3_reset(st);
}

static int64_t create(struct db *db, const struct activity_input *in)
{
    struct problems problems = {0};
    int64_t id = 0;
    assert_int_equal(activity_save(db, 7, &id, in, &problems), OUTCOME_OK);
    assert_int_equal(problems.n, 0);
    assert_true(id > 0);
    return id;
}

/* Save must refuse `in` (for activity id, 0 = new) with a problem on `field` whose message
   contains `text`, and write nothing. */
static void refused(struct db *db, int64_t id, const struct activity_input *in,
                    const char *field, const char *text)
{
    int64_t before_rows = count(db, "SELECT count(*) FROM activities"),
            before_sessions = count(db, "SELECT count(*) FROM sessions"),
            before_audit = count(db, "SELECT count(*) FROM audit_log"),
            before_links = count(db, "SELECT (SELECT count(*) FROM activity_domains)"
                                     " + (SELECT count(*) FROM activity_staff)");
    char before_all[600];
    session_list(db, before_all, sizeof before_all);
    struct problems problems = {0};
    int64_t saved = id;
    assert_int_equal(activity_save(db, 7, &saved, in, &problems), OUTCOME_INVALID);
    assert_int_equal(saved, id);
    bool found = false;
    size_t n = problems.n;
    for (size_t i = 0; i < n && i < PROBLEMS_MAX; i++)
        if (!strcmp(problems.item[i].field, field) &&
            strstr(testdb_problem_text(&problems.item[i]), text))
            found = true;
    if (!found)
        fail_msg("no problem on %s with \"%s\" (first: %s: %s)", field, text,
                 n ? problems.item[0].field : "-",
                 n ? testdb_problem_text(&problems.item[0]) : "-");
    problems_clear(&problems);
    assert_int_equal(count(db, "SELECT count(*) FROM activities"), before_rows);
    assert_int_equal(count(db, "SELECT count(*) FROM sessions"), before_sessions);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), before_audit);
    assert_int_equal(count(db, "SELECT (SELECT count(*) FROM activity_domains)"
                               " + (SELECT count(*) FROM activity_staff)"), before_links);
    char after_all[600];
    session_list(db, after_all, sizeof after_all);
    assert_string_equal(after_all, before_all);
}

/* ---- saving --------------------------------------------------------------------------------- */

static void create_generates_sessions_skipping_the_holiday(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    int64_t id = create(f->db, &in);
    char list[600];
    session_list(f->db, list, sizeof list);
    assert_string_equal(list, "2025-12-02 15:15-16:15, 2025-12-09 15:15-16:15, "
                              "2025-12-16 15:15-16:15, 2026-01-06 15:15-16:15, "
                              "2026-01-13 15:15-16:15");
    assert_int_equal(count(f->db, "SELECT count(*) FROM activities WHERE key = 'judo-noord'"
                                  " AND title = 'Judo' AND capacity = 12 AND grade_min = 5"
                                  " AND signup_from IS NULL AND provider_id = 1"),
                     1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM activity_domains WHERE activity_id = 1"),
                     2);
    assert_int_equal(count(f->db, "SELECT staff_id FROM activity_staff WHERE activity_id = 1"),
                     1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = 'create'"
                                  " AND entity = 'activities' AND entity_id = 1 AND user_id = 7"
                                  " AND detail = 'judo-noord'"),
                     1);
    assert_int_equal(id, 1);
}

static void keys_are_unique(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    create(f->db, &in);
    create(f->db, &in);
    in.title = "Één & twee: Ĳsbaan!";
    create(f->db, &in);
    assert_int_equal(count(f->db, "SELECT count(*) FROM activities WHERE key IN"
                                  " ('judo-noord', 'judo-noord-2', 'een-twee-ijsbaan-noord')"),
                     3);
}

static void update_changes_the_sessions(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    int64_t id = create(f->db, &in);
    in.weekday = 4; /* Thursdays, later and shorter */
    in.start = "14:00";
    in.end = "15:30";
    in.until = "2025-12-18";
    struct problems problems = {0};
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    assert_int_equal(id, 1);
    char list[600];
    session_list(f->db, list, sizeof list);
    assert_string_equal(list, "2025-12-04 14:00-15:30, 2025-12-11 14:00-15:30, "
                              "2025-12-18 14:00-15:30");
    assert_int_equal(count(f->db, "SELECT count(*) FROM activities WHERE id = 1 AND weekday = 4"
                                  " AND key = 'judo-noord'"),
                     1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = 'update'"
                                  " AND entity = 'activities' AND entity_id = 1"),
                     1);
    /* Only the times change: the same sessions (ids) get the new times. */
    int64_t first_id = count(f->db, "SELECT min(id) FROM sessions");
    in.start = "14:30";
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT min(id) FROM sessions"), first_id);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sessions WHERE start_time = '14:30'"), 3);
}

static void links_are_replaced(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    int64_t id = create(f->db, &in);
    in.domain_ids = wereld;
    in.n_domains = 1;
    in.staff_ids = bram;
    in.n_staff = 1;
    in.provider_id = 0;
    struct problems problems = {0};
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT group_concat(domain_id) FROM activity_domains"), 3);
    assert_int_equal(count(f->db, "SELECT group_concat(staff_id) FROM activity_staff"), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM activities WHERE provider_id IS NULL"), 1);
    in.n_staff = 0;
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM activity_staff"), 0);
}

static void enrol(struct db *db, int pupil, const char *status, const char *at)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO enrolments (pupil_id, activity_id, status,"
                                   " created_at, updated_at) VALUES (?1, 1, ?2, ?3, ?3)");
    assert_non_null(st);
    sqlite3_bind_int(st, 1, pupil);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, at);
    assert_int_equal(db_step_done(st), 0);
}

static void capacity_below_enrolled_is_refused(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    int64_t id = create(f->db, &in);
    enrol(f->db, 1, "enrolled", "2025-11-01T10:00:00.000");
    enrol(f->db, 2, "enrolled", "2025-11-01T10:01:00.000");
    enrol(f->db, 3, "enrolled", "2025-11-01T10:02:00.000");
    enrol(f->db, 4, "cancelled", "2025-11-01T10:03:00.000");
    in.capacity = 2;
    in.title = "Judo nieuw";
    refused(f->db, id, &in, "capacity", "Er zijn al 3 leerlingen ingeschreven");
    assert_int_equal(count(f->db, "SELECT capacity FROM activities WHERE id = 1"), 12);
    assert_int_equal(count(f->db, "SELECT count(*) FROM activities WHERE title = 'Judo'"), 1);
    in.capacity = 3; /* exactly the enrolled is fine */
    struct problems problems = {0};
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    /* The school cannot change once pupils signed up. */
    in.school_id = 2;
    in.grade_min = 1;
    in.grade_max = 2;
    refused(f->db, id, &in, "school", "al leerlingen ingeschreven");
}

static void a_higher_capacity_promotes_the_waiting_list(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    in.capacity = 1;
    int64_t id = create(f->db, &in);
    enrol(f->db, 1, "enrolled", "2025-11-01T10:00:00.000");
    enrol(f->db, 3, "waitlisted", "2025-11-01T10:05:00.000");
    enrol(f->db, 2, "waitlisted", "2025-11-01T10:02:00.000"); /* earlier: first in line */
    enrol(f->db, 4, "waitlisted", "2025-11-01T10:09:00.000");
    in.capacity = 3;
    struct problems problems = {0};
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT group_concat(pupil_id) FROM (SELECT pupil_id FROM"
                                  " enrolments WHERE status = 'waitlisted')"),
                     4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolments WHERE status = 'enrolled'"
                                  " AND pupil_id IN (1, 2, 3)"),
                     3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM enrolment_history WHERE"
                                  " from_status = 'waitlisted' AND to_status = 'enrolled'"),
                     2);
}

static void bad_input_writes_nothing(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    create(f->db, &in); /* something to compare against */
    static const int64_t unknown_staff[] = {1, 99}, unknown_domain[] = {42};
    struct activity_input bad;

    bad = judo(), bad.staff_ids = unknown_staff, bad.n_staff = 2;
    refused(f->db, 0, &bad, "staff", "uit de lijst");
    bad = judo(), bad.domain_ids = unknown_domain, bad.n_domains = 1;
    refused(f->db, 0, &bad, "domains", "uit de lijst");
    bad = judo(), bad.n_domains = 0;
    refused(f->db, 0, &bad, "domains", "minstens één");
    bad = judo(), bad.provider_id = 5;
    refused(f->db, 0, &bad, "provider", "uit de lijst");
    bad = judo(), bad.school_id = 9;
    refused(f->db, 0, &bad, "school", "uit de lijst");
    bad = judo(), bad.title = "";
    refused(f->db, 0, &bad, "title", "titel");
    bad = judo(), bad.end = "15:15";
    refused(f->db, 0, &bad, "end", "na de begintijd");
    bad = judo(), bad.start = "25:00";
    refused(f->db, 0, &bad, "start", "geldige tijd");
    bad = judo(), bad.until = "2025-12-01";
    refused(f->db, 0, &bad, "until", "niet voor de eerste");
    bad = judo(), bad.from = "2025-02-30";
    refused(f->db, 0, &bad, "from", "geldige datum");
    bad = judo(), bad.until = "2027-01-13";
    refused(f->db, 0, &bad, "until", "hoogstens 400 dagen");
    bad = judo(), bad.from = "2025-12-22", bad.until = "2025-12-31"; /* all in the holiday */
    refused(f->db, 0, &bad, "until", "geen enkele dinsdag");
    bad = judo(), bad.capacity = 501;
    refused(f->db, 0, &bad, "capacity", "1 tot en met 500");
    bad = judo(), bad.weekday = 8;
    refused(f->db, 0, &bad, "weekday", "dag");
    bad = judo(), bad.grade_min = 7, bad.grade_max = 5;
    refused(f->db, 0, &bad, "grade_max", "niet lager");
    bad = judo(), bad.school_id = 2; /* a vo school has leerjaar 1–6 */
    refused(f->db, 0, &bad, "grade_max", "leerjaar van 1 tot en met 6");
    bad = judo(), bad.signup_from = "2025-11-20T10:00", bad.signup_until = "2025-11-20T09:00";
    refused(f->db, 0, &bad, "signup_until", "na het begin");
    bad = judo(), bad.open_to = "everyone";
    refused(f->db, 0, &bad, "open_to", "Kies");
    /* An update with a broken rule leaves the activity, its links and sessions as they were. */
    bad = judo(), bad.title = "Anders", bad.weekday = 3, bad.n_staff = 0, bad.n_domains = 0;
    refused(f->db, 1, &bad, "domains", "minstens één");
    assert_int_equal(count(f->db, "SELECT count(*) FROM activities WHERE title = 'Judo'"
                                  " AND weekday = 2"),
                     1);
    /* An unknown activity. */
    int64_t missing = 77;
    struct problems problems = {0};
    assert_int_equal(activity_save(f->db, 7, &missing, &in, &problems), OUTCOME_NOT_FOUND);
}

static void every_problem_is_reported(void **state)
{
    struct testdb *f = *state;
    struct activity_input bad = judo();
    bad.title = "";
    bad.capacity = 0;
    bad.end = "15:00";
    bad.n_domains = 0;
    struct problems problems = {0};
    int n = activity_check(f->db, 0, &bad, &problems);
    assert_int_equal(n, 4); /* title, end, domains, and "form" for the unread capacity */
    const char *fields[] = {"title", "end", "domains", "form"};
    for (size_t i = 0; i < 4; i++) {
        bool seen = false;
        for (int k = 0; k < n; k++)
            seen |= !strcmp(problems.item[k].field, fields[i]);
        if (!seen)
            fail_msg("no problem on %s", fields[i]);
    }
}

/* ---- sessions ------------------------------------------------------------------------------- */

static void sessions_are_cancelled_moved_and_restored(void **state)
{
    struct testdb *f = *state;
    struct activity_input in = judo();
    create(f->db, &in);
    struct problems problems = {0};
    /* Cancelling needs a reason. */
    struct session_input s = {.cancelled = true, .date = "2025-12-09", .start = "15:15",
                              .end = "16:15", .reason = ""};
    assert_int_equal(session_save(f->db, 7, 2, &s, &problems), OUTCOME_INVALID);
    assert_int_equal(problems.n, 1);
    assert_string_equal(problems.item[0].field, "reason");
    assert_int_equal(count(f->db, "SELECT cancelled FROM sessions WHERE id = 2"), 0);
    s.reason = "Studiedag";
    assert_int_equal(session_save(f->db, 7, 2, &s, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sessions WHERE id = 2 AND cancelled = 1"
                                  " AND reason = 'Studiedag'"),
                     1);
    /* Moving needs a reason too, keeps the slot, and may not land on another session's date. */
    struct session_input m = {.date = "2025-12-11", .start = "14:00", .end = "15:00",
                              .reason = ""};
    assert_int_equal(session_save(f->db, 7, 3, &m, &problems), OUTCOME_INVALID);
    assert_string_equal(problems.item[0].field, "reason");
    m.reason = "Gymzaal bezet";
    m.date = "2026-01-06";
    assert_int_equal(session_save(f->db, 7, 3, &m, &problems), OUTCOME_INVALID);
    assert_string_equal(problems.item[0].field, "date");
    m.date = "2025-12-11";
    m.end = "13:00";
    assert_int_equal(session_save(f->db, 7, 3, &m, &problems), OUTCOME_INVALID);
    assert_string_equal(problems.item[0].field, "end");
    m.end = "15:00";
    assert_int_equal(session_save(f->db, 7, 3, &m, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sessions WHERE id = 3"
                                  " AND slot_date = '2025-12-16' AND date = '2025-12-11'"
                                  " AND start_time = '14:00' AND reason = 'Gymzaal bezet'"),
                     1);
    /* Moving onto the date of a cancelled session is fine. */
    m.date = "2025-12-09";
    assert_int_equal(session_save(f->db, 7, 3, &m, &problems), OUTCOME_OK);
    /* Back to the schedule: no reason needed, and the old one is dropped; but not while
       another session takes place on that date. */
    struct session_input back = {.date = "2025-12-09", .start = "15:15", .end = "16:15",
                                 .reason = ""};
    assert_int_equal(session_save(f->db, 7, 2, &back, &problems), OUTCOME_INVALID);
    assert_string_equal(problems.item[0].field, "date");
    m.date = "2025-12-11";
    assert_int_equal(session_save(f->db, 7, 3, &m, &problems), OUTCOME_OK);
    assert_int_equal(session_save(f->db, 7, 2, &back, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sessions WHERE id = 2 AND cancelled = 0"
                                  " AND reason = ''"),
                     1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'sessions'"), 5);
    /* A moved session survives a change of the activity's times with its own. */
    in.start = "15:00";
    int64_t id = 1;
    assert_int_equal(activity_save(f->db, 7, &id, &in, &problems), OUTCOME_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sessions WHERE id = 3"
                                  " AND start_time = '14:00' AND slot_date = '2025-12-16'"),
                     1);
    assert_int_equal(session_save(f->db, 7, 999, &back, &problems), OUTCOME_NOT_FOUND);
}

static void labels(void **state)
{
    (void)state;
    char out[32];
    date_label_nl("2025-09-09", true, out);
    assert_string_equal(out, "di 9 sep. 2025");
    date_label_nl("2026-05-31", false, out);
    assert_string_equal(out, "31 mei 2026");
    date_label_nl("2025-02-30", true, out);
    assert_string_equal(out, "2025-02-30");
    assert_string_equal(weekday_name(7), "zondag");
    assert_string_equal(weekday_name(0), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_generates_sessions_skipping_the_holiday, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(keys_are_unique, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(update_changes_the_sessions, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(links_are_replaced, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(capacity_below_enrolled_is_refused, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(a_higher_capacity_promotes_the_waiting_list, setup,
                                        testdb_teardown),
        cmocka_unit_test_setup_teardown(bad_input_writes_nothing, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(every_problem_is_reported, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(sessions_are_cancelled_moved_and_restored, setup,
                                        testdb_teardown),
        cmocka_unit_test(labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
