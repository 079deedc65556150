/* Tests of src/domain/tally*.c, the reports' summary tables: on the demo coalition, after
 * each kind of write (a mark made, changed and removed, a mark without an enrolment, a session
 * cancelled, moved, shortened, added and removed, an enrolment cancelled, renewed, its history
 * corrected and the enrolment removed, a pupil who leaves and comes back, a pupil and an
 * activity removed, a plain statement outside a transaction) the tables kept up to date in
 * the write's own transaction equal a full recomputation (tally_rebuild). And the report's
 * ways of reading them agree: whole months or single days, a school year from its first day
 * or from its second. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "demo/demo.h"
#include "io/loadjson.h"
#include "domain/enrolment/enrol.h"
#include "domain/reports/reports.h"
#include "domain/reports/tally.h"
#include "domain/reports/tally_internal.h"
#include "domain/reports/trends.h"
#include "util/date.h"
#include "testdb.h"

#define TODAY "2026-06-15"

static int32_t day_of(const char *text)
{
    int32_t day = 0;
    date_parse(text, &day);
    return day;
}

/* One demo coalition for every test (loading it takes a while); each test leaves the
   tallies equal to a recomputation, which is what the next one starts from. */
static int setup(void **state)
{
    if (testdb_setup(state, "test_tally", NULL))
        return -1;
    struct testdb *t = *state;
    json_t *doc = demo_document(day_of(TODAY));
    char err[512] = "";
    int rc = load_document(t->db, doc, err, sizeof err);
    json_decref(doc);
    if (rc)
        fprintf(stderr, "load_document: %s\n", err);
    return rc;
}

/* ---- the tables and a recomputation of them ----------------------------------------------- */

/* A digest of every summary row, in key order. */
static void digest(struct db *db, unsigned char out[crypto_generichash_BYTES])
{
    static const char *const tables[] = {
        "SELECT * FROM tally_session ORDER BY session_id",
        "SELECT * FROM tally_activity_month ORDER BY month, activity_id",
        "SELECT * FROM tally_pupil_year ORDER BY year, pupil_id",
        "SELECT * FROM tally_pupil_events ORDER BY year, pupil_id",
        "SELECT * FROM tally_pupil_months ORDER BY year, pupil_id",
    };
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        sqlite3_stmt *st = db_stmt(db, tables[i]);
        assert_non_null(st);
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const void *bytes = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);
                crypto_generichash_update(&h, (const unsigned char *)&n, sizeof n);
                if (n)
                    crypto_generichash_update(&h, bytes, (unsigned long long)n);
            }
        sqlite3_reset(st);
    }
    crypto_generichash_final(&h, out, crypto_generichash_BYTES);
}

/* The tables as they are equal what tally_rebuild makes of the base tables (the rebuild is
   rolled back, so that what follows builds on the kept tables). */
static void assert_equal_to_rebuild(struct db *db, const char *after)
{
    unsigned char kept[crypto_generichash_BYTES], rebuilt[crypto_generichash_BYTES];
    assert_int_equal(db_int(db, "SELECT count(*) FROM tally_dirty", 0, 0, -1), 0);
    digest(db, kept);
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(tally_rebuild(db), 0);
    digest(db, rebuilt);
    db_rollback(db);
    if (memcmp(kept, rebuilt, sizeof kept))
        fail_msg("after %s the tallies differ from a recomputation", after);
}

/* Run one statement, or two, with ?1 = a and ?2 = b, in a write transaction of their own,
   as the program's writes do. */
static void step(struct db *db, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) > 1)
        sqlite3_bind_int64(st, 2, b);
    assert_int_equal(db_step_done(st), 0);
}

static void write2(struct db *db, const char *sql, const char *then, int64_t a, int64_t b)
{
    assert_int_equal(db_begin(db), 0);
    step(db, sql, a, b);
    if (then)
        step(db, then, a, b);
    assert_int_equal(db_commit(db), 0);
}

static void write(struct db *db, const char *sql, int64_t a, int64_t b)
{
    write2(db, sql, NULL, a, b);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void demo_load_equals_a_rebuild(void **state)
{
    struct testdb *t = *state;
    assert_true(db_int(t->db, "SELECT count(*) FROM tally_pupil_year", 0, 0, 0) > 100);
    assert_true(db_int(t->db, "SELECT count(*) FROM tally_session", 0, 0, 0) > 1000);
    assert_equal_to_rebuild(t->db, "the demo's load");
}

/* The n-th session with two marks at least (by id), its activity and two of its pupils. */
struct marked {
    int64_t session, activity, pupil, other;
};

static struct marked a_marked_session(struct db *db, int n)
{
    struct marked m = {0};
    m.session = db_int(db, "SELECT session_id FROM attendance GROUP BY session_id"
                           " HAVING count(*) >= 2 ORDER BY session_id LIMIT 1 OFFSET ?1",
                       n, 0, 0);
    m.activity = db_int(db, "SELECT activity_id FROM sessions WHERE id = ?1", m.session, 0, 0);
    m.pupil = db_int(db, "SELECT min(pupil_id) FROM attendance WHERE session_id = ?1",
                     m.session, 0, 0);
    m.other = db_int(db, "SELECT max(pupil_id) FROM attendance WHERE session_id = ?1",
                     m.session, 0, 0);
    assert_true(m.session > 0 && m.pupil != m.other);
    return m;
}

/* Each test changes other rows than the ones before (sessions far apart in the list), so that
   the recomputation at its end checks every write of it. */
static void marks_kept_exact(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct marked a = a_marked_session(db, 10), b = a_marked_session(db, 400),
                  c = a_marked_session(db, 800);
    write(db, "UPDATE attendance SET status = 'absent', involvement = NULL"
              " WHERE session_id = ?1 AND pupil_id = ?2", a.session, a.pupil);
    write(db, "UPDATE attendance SET involvement = 5 WHERE session_id = ?1 AND pupil_id = ?2",
          a.session, a.other);
    write(db, "DELETE FROM attendance WHERE session_id = ?1 AND pupil_id = ?2", b.session,
          b.other);
    int64_t stranger = db_int(db, "SELECT max(id) FROM pupils", 0, 0, 0);
    write(db, "INSERT INTO attendance (session_id, pupil_id, status) VALUES (?1, ?2, 'present')",
          c.session, stranger);
    assert_equal_to_rebuild(db, "marks made, changed and removed");
}

static void sessions_kept_exact(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct marked a = a_marked_session(db, 1200), b = a_marked_session(db, 1600),
                  c = a_marked_session(db, 2000), d = a_marked_session(db, 2400);
    write(db, "UPDATE sessions SET cancelled = 1 WHERE id = ?1", a.session, 0);
    write(db, "UPDATE sessions SET date = date(date, '+40 days') WHERE id = ?1", b.session, 0);
    write(db, "UPDATE sessions SET end_time = '23:59' WHERE id = ?1", c.session, 0);
    write(db, "INSERT INTO sessions (activity_id, slot_date, date, start_time, end_time)"
              " VALUES (?1, '2026-05-30', '2026-05-30', '10:00', '11:30')", c.activity, 0);
    write(db, "DELETE FROM sessions WHERE id = ?1", d.session, 0);
    assert_equal_to_rebuild(db, "sessions cancelled, moved, made longer, added and removed");
    write(db, "UPDATE sessions SET cancelled = 0 WHERE id = ?1", a.session, 0);
    assert_equal_to_rebuild(db, "a session restored");
}

static void enrolments_kept_exact(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    int64_t e[4];
    for (int i = 0; i < 4; i++)
        e[i] = db_int(db, "SELECT id FROM enrolments WHERE status = 'enrolled' ORDER BY id"
                          " LIMIT 1 OFFSET ?1", 300 * i, 0, 0);
    write2(db, "UPDATE enrolments SET status = 'cancelled' WHERE id = ?1",
           "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at)"
           " VALUES (?1, 'enrolled', 'cancelled', '2026-01-10T12:00:00.000')", e[0], 0);
    write2(db, "UPDATE enrolments SET status = 'cancelled' WHERE id = ?1",
           "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at)"
           " VALUES (?1, 'enrolled', 'cancelled', '2025-10-01T12:00:00.000')", e[1], 0);
    write2(db, "UPDATE enrolments SET status = 'enrolled' WHERE id = ?1",
           "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at)"
           " VALUES (?1, 'cancelled', 'enrolled', '2026-03-02T09:00:00.000')", e[1], 0);
    write(db, "UPDATE enrolment_history SET at = '2025-12-01T08:00:00.000'"
              " WHERE id = (SELECT max(id) FROM enrolment_history WHERE enrolment_id = ?1)",
          e[2], 0);
    write(db, "DELETE FROM enrolments WHERE id = ?1", e[3], 0);
    assert_equal_to_rebuild(db, "enrolments cancelled, renewed, corrected and removed");
}

/* The writes of the sign-up path itself, each refreshing one pupil's rows of one activity
   (tally_refresh_enrolment) rather than all of the pupil's: a new enrolment of a pupil who
   has others, a cancel that promotes the first on the waiting list (two pupils in one
   transaction), two enrolments of one pupil in one transaction (recomputed whole), and a
   history corrected back across the start of the school year (two years' rows rewritten). */
static void signups_refresh_one_activity_and_stay_exact(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    int64_t pupil = db_int(db, "SELECT pupil_id FROM enrolments WHERE status = 'enrolled'"
                               " GROUP BY pupil_id HAVING count(*) >= 2 ORDER BY pupil_id LIMIT 1",
                           0, 0, 0);
    int64_t activity = db_int(db, "SELECT a.id FROM activities a WHERE NOT EXISTS (SELECT 1"
                                  " FROM enrolments e WHERE e.activity_id = a.id"
                                  " AND e.pupil_id = ?1) ORDER BY a.id LIMIT 1",
                              pupil, 0, 0);
    assert_true(pupil > 0 && activity > 0);
    assert_int_equal(db_begin(db), 0);
    assert_true(enrol_put(db, pupil, activity, "enrolled", 0, 0, "", NULL) > 0);
    assert_int_equal(db_commit(db), 0);
    assert_equal_to_rebuild(db, "a new enrolment of a pupil with others");

    int64_t full = db_int(db, "SELECT activity_id FROM enrolments WHERE status = 'waitlisted'"
                              " ORDER BY id LIMIT 1", 0, 0, 0);
    assert_true(full > 0);
    int64_t seat = db_int(db, "SELECT id FROM enrolments WHERE activity_id = ?1"
                              " AND status = 'enrolled' ORDER BY id LIMIT 1", full, 0, 0);
    int64_t promoted = 0;
    assert_int_equal(enrol_cancel(db, seat, 0, false, &promoted), ENROL_OK);
    assert_true(promoted > 0);
    assert_equal_to_rebuild(db, "a cancel that promotes the first on the waiting list");

    int64_t others[2];
    for (int i = 0; i < 2; i++)
        others[i] = db_int(db, "SELECT id FROM enrolments WHERE pupil_id = ?1"
                               " AND status = 'enrolled' ORDER BY id LIMIT 1 OFFSET ?2",
                           pupil, i, 0);
    assert_true(others[0] > 0 && others[1] > 0);
    assert_int_equal(db_begin(db), 0);
    for (int i = 0; i < 2; i++)
        step(db, "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at)"
                 " VALUES (?1, 'enrolled', 'enrolled', '2026-02-02T10:00:00.000')",
             others[i], 0);
    assert_int_equal(db_commit(db), 0);
    assert_equal_to_rebuild(db, "two enrolments of one pupil in one transaction");

    write(db, "UPDATE enrolment_history SET at = '2025-06-02T08:00:00.000'"
              " WHERE id = (SELECT min(id) FROM enrolment_history WHERE enrolment_id = ?1)",
          others[0], 0);
    assert_equal_to_rebuild(db, "a history moved back into the school year before");
    write(db, "UPDATE enrolment_history SET at = '2026-05-02T08:00:00.000'"
              " WHERE id = (SELECT min(id) FROM enrolment_history WHERE enrolment_id = ?1)",
          others[0], 0);
    assert_equal_to_rebuild(db, "and forward again, out of it");
}

/* Every pupil's stored days are in order of activity and day, one per activity and day, and
   the year's acts one per activity in the same order (the readers walk them so): the days
   come from several sources (each enrolment's stretches, the marks, the stored days of the
   other activities) and are sorted before they are stored. */
static void stored_days_are_in_order(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT e.year, e.events, y.acts FROM tally_pupil_events e"
                                   " JOIN tally_pupil_year y USING (year, pupil_id)");
    assert_non_null(st);
    int rows = 0, multi = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int32_t start = date_school_year_start(sqlite3_column_int(st, 0));
        const unsigned char *events = sqlite3_column_blob(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1) / TALLY_EVENT_SIZE, acts = 0;
        struct tally_event last = {.activity_id = -1};
        for (size_t i = 0; i < n; i++) {
            struct tally_event e;
            tally_event_at(events, i, start, &e);
            assert_true(e.activity_id > last.activity_id ||
                        (e.activity_id == last.activity_id && e.day > last.day));
            acts += e.activity_id != last.activity_id;
            last = e;
        }
        assert_int_equal((size_t)sqlite3_column_bytes(st, 2), acts * TALLY_ACT_SIZE);
        const unsigned char *act = sqlite3_column_blob(st, 2);
        for (size_t a = 1; a < acts; a++)
            assert_true(tally_get32(act + a * TALLY_ACT_SIZE) >
                        tally_get32(act + (a - 1) * TALLY_ACT_SIZE));
        rows++;
        multi += acts > 1;
    }
    sqlite3_reset(st);
    assert_true(rows > 0 && multi > 0);
}

static void pupils_and_activities_kept_exact(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct marked a = a_marked_session(db, 2800), b = a_marked_session(db, 3200),
                  c = a_marked_session(db, 3600);
    write(db, "UPDATE pupils SET left_on = '2026-02-01' WHERE id = ?1", a.pupil, 0);
    write(db, "UPDATE pupils SET left_on = '2026-01-01' WHERE id = ?1", b.pupil, 0);
    write(db, "UPDATE pupils SET left_on = NULL WHERE id = ?1", b.pupil, 0);
    write(db, "DELETE FROM pupils WHERE id = ?1", a.other, 0);
    write(db, "DELETE FROM activities WHERE id = ?1", c.activity, 0);
    assert_equal_to_rebuild(db, "pupils who left, came back and were removed, an activity"
                                " removed");
}

/* A statement outside any transaction (as a test or a tool may run) is noted by the triggers;
   the next report brings the tables up to date before it reads them. */
static void a_plain_statement_is_caught_up_by_the_next_report(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct marked m = a_marked_session(db, 4000);
    step(db, "DELETE FROM attendance WHERE session_id = ?1", m.session, 0);
    assert_true(db_int(db, "SELECT count(*) FROM tally_dirty", 0, 0, 0) > 0);
    struct report_query q = {.from = "2025-08-01", .to = "2026-07-31", .today = TODAY,
                             .min_sessions = 6, .intensity_hours = 20};
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    report_free(&rep);
    assert_equal_to_rebuild(db, "a plain statement and a report");
}

/* ---- the ways of reading agree -------------------------------------------------------------- */

static json_t *report_of(struct db *db, const char *from, const char *to)
{
    struct report_query q = {.today = TODAY, .min_sessions = 6, .intensity_hours = 20};
    snprintf(q.from, sizeof q.from, "%s", from);
    snprintf(q.to, sizeof q.to, "%s", to);
    struct report rep;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    json_t *doc = report_json(&rep);
    report_free(&rep);
    json_object_del(doc, "from");
    return doc;
}

/* Two periods that differ only by days without sessions give the same figures (the "from" of
   the JSON aside). */
static void assert_same_report(struct db *db, const char *from_a, const char *from_b,
                               const char *to)
{
    assert_int_equal(db_int_text(db, "SELECT count(*) FROM sessions WHERE date >= ?1"
                                     " AND date < date(?1, '+' || ?2 || ' days')",
                                 from_a, day_of(from_b) - day_of(from_a), 0, -1),
                     0);
    json_t *a = report_of(db, from_a, to), *b = report_of(db, from_b, to);
    if (!json_equal(a, b))
        fail_msg("the reports from %s and from %s differ", from_a, from_b);
    json_decref(a);
    json_decref(b);
}

static void readings_agree(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    /* The school year (each pupil's year at once, whole months, the rest of June by day, and
       the pupils with a mark after today by their days) against the same year from its second
       day (every pupil by the days, August by day). The demo has no session on 1 August. */
    assert_same_report(db, "2025-08-01", "2025-08-02", "2026-07-31");
    /* Whole months against days: November 2025 starts on a Saturday. */
    assert_same_report(db, "2025-11-01", "2025-11-03", "2026-02-28");
    /* A period across two school years. */
    assert_same_report(db, "2024-08-01", "2024-08-02", "2026-07-31");
    /* Periods that end inside the year: the pupils present after their end from their days,
       one by one (a few: the end is just before today) or in one pass (many). */
    assert_same_report(db, "2025-08-01", "2025-08-02", "2026-06-12");
    assert_same_report(db, "2025-08-01", "2025-08-02", "2026-03-15");
    json_t *year = report_of(db, "2025-08-01", "2026-07-31");
    assert_true(json_integer_value(json_object_get(json_object_get(year, "coalition"),
                                                   "participants")) > 100);
    json_decref(year);
}

/* The trends' participants per month add up, over the months of a term without a pupil who
   changes school, to no fewer than the report's, and the hours are the report's. */
static void trends_hours_agree_with_the_report(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    struct report_query q = {.from = "2025-09-01", .to = "2026-02-28", .today = TODAY,
                             .min_sessions = 6, .intensity_hours = 20};
    struct report rep;
    struct trends tr;
    assert_int_equal(report_compute(db, &q, &rep), 0);
    assert_int_equal(trends_compute(db, &q, &tr), 0);
    int64_t minutes = 0;
    for (size_t m = 0; m < tr.n_months; m++)
        minutes += tr.coalition[m].minutes;
    assert_int_equal(minutes, rep.coalition.minutes);
    assert_true(minutes > 0);
    trends_free(&tr);
    report_free(&rep);
}

/* The trends of every school come from the months summary (tally_pupil_months) when it can
   tell, those of one school from the events: for each school the two must agree, over whole
   months, over periods that cut a month (marks after the cut send the whole coalition back to
   the events) and over a period that ends today. */
static void trends_from_months_equal_trends_from_events(void **state)
{
    struct db *db = ((struct testdb *)*state)->db;
    static const char *const periods[][2] = {
        {"2025-08-01", "2026-07-31"}, {"2025-09-01", "2026-02-28"}, {"2025-09-15", "2026-03-10"},
        {"2025-10-02", "2025-10-30"}, {"2026-05-01", TODAY},
    };
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        struct report_query q = {.min_sessions = 6, .intensity_hours = 20};
        snprintf(q.from, sizeof q.from, "%s", periods[i][0]);
        snprintf(q.to, sizeof q.to, "%s", periods[i][1]);
        snprintf(q.today, sizeof q.today, "%s", TODAY);
        struct trends all;
        assert_int_equal(trends_compute(db, &q, &all), 0);
        assert_true(all.n_months > 0);
        int64_t minutes = 0;
        for (size_t k = 0; k < all.n_schools; k++) {
            struct report_query one = q;
            one.school_id = all.school_ids[k];
            struct trends own;
            assert_int_equal(trends_compute(db, &one, &own), 0);
            assert_int_equal(own.n_months, all.n_months);
            const struct trend_point *a = trends_school(&all, one.school_id),
                                     *b = trends_school(&own, one.school_id);
            for (size_t m = 0; m < all.n_months; m++) {
                assert_int_equal(a[m].participants, b[m].participants);
                assert_int_equal(a[m].minutes, b[m].minutes);
                minutes += a[m].minutes;
            }
            trends_free(&own);
        }
        assert_true(minutes > 0);
        trends_free(&all);
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_load_equals_a_rebuild),
        cmocka_unit_test(readings_agree),
        cmocka_unit_test(trends_hours_agree_with_the_report),
        cmocka_unit_test(trends_from_months_equal_trends_from_events),
        cmocka_unit_test(marks_kept_exact),
        cmocka_unit_test(sessions_kept_exact),
        cmocka_unit_test(enrolments_kept_exact),
        cmocka_unit_test(signups_refresh_one_activity_and_stay_exact),
        cmocka_unit_test(stored_days_are_in_order),
        cmocka_unit_test(pupils_and_activities_kept_exact),
        cmocka_unit_test(a_plain_statement_is_caught_up_by_the_next_report),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
