/* Tests of the read functions of the quality pages and the start page:
 * src/domain/quality/evaluations_read.c, incidents_read.c, src/domain/attendance/today_read.c,
 * src/domain/reports/counts_read.c and activity_book_read.c. Each read gives its rows with the
 * documented keys, answers 0 for a row that is not there, and NULL (not an empty list) when
 * the database fails; the incident form's list of pupils is exactly the pupils the rule
 * accepts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "db/db.h"
#include "domain/attendance/today_read.h"
#include "domain/enrolment/parent_read.h"
#include "domain/quality/evaluations_read.h"
#include "domain/quality/incidents.h"
#include "domain/quality/incidents_read.h"
#include "domain/reports/activity_book_read.h"
#include "domain/reports/counts_read.h"
#include "testdb.h"

/* ---- fixture -------------------------------------------------------------------------------- */

/* Judo at school Noord (running for years, run by Anna) with sessions on 2 Sep (held, marked),
   9 Sep (cancelled) and 16 Sep 15:00; Koor at Zuid (ended) with a session on 2 Sep. Sara is
   enrolled in Judo, Daan cancelled but was marked on 2 Sep, Noor waits, Mila left school,
   Zeno is in Koor. Session 1 has evaluations by Anna, by Lea and by a deleted account;
   incident 1 (serious, long, two pupils) at session 1, incident 2 whose activity and session
   are gone, incident 3 at Zuid. Piet is the parent of Sara and Zeno. */
static const char SEED[] =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord'), (2, 'zuid', 'Zuid');"
    "INSERT INTO providers (id, key, name) VALUES (1, 'sport', 'Sport'), (2, 'aap', 'aap'),"
    " (3, 'beeld', 'Beeld');"
    "INSERT INTO staff (id, key, provider_id, name) VALUES (1, 'anna', 1, 'Anna');"
    "INSERT INTO activities (id, key, school_id, provider_id, title, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 1, 'Judo', 1, 8, 10, 2, '15:00', '16:00', '2025-09-02', '2999-12-28'),"
    " (2, 'koor', 2, NULL, 'Koor', 1, 8, 10, 2, '15:00', '16:00', '2025-09-02', '2025-09-30');"
    "INSERT INTO activity_staff (activity_id, staff_id) VALUES (1, 1);"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled)"
    " VALUES (1, 1, '2025-09-02', '2025-09-02', '15:00', '16:00', 0),"
    " (2, 1, '2025-09-09', '2025-09-09', '15:00', '16:00', 1),"
    " (3, 1, '2025-09-16', '2025-09-16', '15:00', '16:00', 0),"
    " (4, 2, '2025-09-02', '2025-09-02', '15:00', '16:00', 0);"
    "INSERT INTO users (id, email, name, role, password_hash, school_id, staff_id) VALUES"
    " (1, 'lead@x.nl', 'Lea', 'lead', 'x', NULL, NULL),"
    " (2, 'noord@x.nl', '', 'coordinator', 'x', 1, NULL),"
    " (3, 'anna@x.nl', 'Anna', 'staff', 'x', NULL, 1),"
    " (4, 'piet@x.nl', 'Piet', 'parent', 'x', NULL, NULL);"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade, left_on)"
    " VALUES (1, 'sara', 1, '1', 'Sara', 'B', 5, NULL), (2, 'daan', 1, '2', 'Daan', 'J', 5, NULL),"
    " (3, 'noor', 1, '3', 'Noor', 'V', 5, NULL), (4, 'mila', 1, '4', 'Mila', 'S', 5, '2025-01-01'),"
    " (5, 'zeno', 2, '5', 'Zeno', 'Z', 5, NULL);"
    "INSERT INTO enrolments (pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 'enrolled', 't', 't'), (2, 1, 'cancelled', 't', 't'),"
    " (3, 1, 'waitlisted', 't', 't'), (5, 2, 'enrolled', 't', 't');"
    "INSERT INTO attendance (session_id, pupil_id, status) VALUES (1, 2, 'present'),"
    " (4, 5, 'present');"
    "INSERT INTO parent_children (user_id, pupil_id) VALUES (4, 5), (4, 1);"
    "INSERT INTO evaluations (id, session_id, user_id, went_well, to_change, as_planned, note,"
    " created_at, updated_at) VALUES"
    " (1, 1, 3, 'Goed', 'Niets', 'yes', '', '2025-09-02T17:00', '2025-09-02T17:00'),"
    " (2, 1, NULL, 'Fijn', 'Later', 'no', 'weg', '2025-09-02T18:00', '2025-09-02T18:00'),"
    " (3, 1, 1, 'Mooi', 'Meer', 'partly', 'n', '2025-09-03T09:00', '2025-09-04T10:00');"
    "INSERT INTO incidents (id, school_id, activity_id, session_id, occurred_on, what, involved,"
    " measures, severity, reported_by, created_at) VALUES"
    " (1, 1, 1, 1, '2025-09-02', 'Sara viel van de mat.', 'Hulpouder', 'Gekoeld.', 'hoog', 3,"
    "  '2025-09-02T16:00'),"
    " (2, 1, NULL, NULL, '2025-09-10', 'Ruzie.', '', 'Gesprek.', 'laag', NULL, '2025-09-10T16:00'),"
    " (3, 2, 2, 4, '2025-09-02', 'Koorval.', '', 'Pleister.', 'middel', 2, '2025-09-02T16:30');"
    "INSERT INTO incident_pupils (incident_id, pupil_id) VALUES (1, 1), (1, 2);";

static int setup(void **state) { return testdb_setup(state, "quality_read", SEED); }

static struct db *db_of(void **state) { return ((struct testdb *)*state)->db; }

/* Does obj have exactly the members keys (NULL-terminated)? */
static void assert_keys(json_t *obj, const char *const *keys)
{
    assert_true(json_is_object(obj));
    size_t n = 0;
    for (; keys[n]; n++)
        if (!json_object_get(obj, keys[n]))
            fail_msg("member \"%s\" missing", keys[n]);
    assert_int_equal(json_object_size(obj), n);
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    if (!s)
        fail_msg("member \"%s\" is not a string", key);
    return s;
}

static json_int_t num(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        fail_msg("member \"%s\" is not an integer", key);
    return json_integer_value(v);
}

static const char *const EVALUATION_KEYS[] = {"id",        "user_id",    "author",     "role",
                                              "went_well", "to_change",  "as_planned", "note",
                                              "created_at", "updated_at", NULL};

/* ---- evaluations ---------------------------------------------------------------------------- */

static void session_heading_holds_its_activity_and_school(void **state)
{
    struct db *db = db_of(state);
    json_t *s = NULL;
    assert_int_equal(read_session_heading(db, 2, &s), 1);
    static const char *const keys[] = {"id", "date", "start", "end", "cancelled", "reason",
                                       "activity_id", "title", "school_id", "school", NULL};
    assert_keys(s, keys);
    assert_int_equal(num(s, "id"), 2);
    assert_string_equal(str(s, "date"), "2025-09-09");
    assert_string_equal(str(s, "start"), "15:00");
    assert_true(json_is_true(json_object_get(s, "cancelled")));
    assert_string_equal(str(s, "reason"), "");
    assert_int_equal(num(s, "activity_id"), 1);
    assert_string_equal(str(s, "title"), "Judo");
    assert_int_equal(num(s, "school_id"), 1);
    assert_string_equal(str(s, "school"), "Noord");
    json_decref(s);
    s = (json_t *)1;
    assert_int_equal(read_session_heading(db, 99, &s), 0);
    assert_null(s);
}

static void activity_heading_holds_its_school(void **state)
{
    struct db *db = db_of(state);
    json_t *a = NULL;
    assert_int_equal(read_activity_heading(db, 2, &a), 1);
    static const char *const keys[] = {"id", "title", "school_id", "school", NULL};
    assert_keys(a, keys);
    assert_string_equal(str(a, "title"), "Koor");
    assert_int_equal(num(a, "school_id"), 2);
    assert_string_equal(str(a, "school"), "Zuid");
    json_decref(a);
    a = (json_t *)1;
    assert_int_equal(read_activity_heading(db, 99, &a), 0);
    assert_null(a);
}

static void session_evaluations_oldest_first_with_their_authors(void **state)
{
    struct db *db = db_of(state);
    json_t *list = read_session_evaluations(db, 1);
    assert_int_equal(json_array_size(list), 3);
    json_t *anna = json_array_get(list, 0), *gone = json_array_get(list, 1),
           *lea = json_array_get(list, 2);
    assert_keys(anna, EVALUATION_KEYS);
    assert_int_equal(num(anna, "id"), 1);
    assert_int_equal(num(anna, "user_id"), 3);
    assert_string_equal(str(anna, "author"), "Anna");
    assert_string_equal(str(anna, "role"), "staff");
    assert_string_equal(str(anna, "went_well"), "Goed");
    assert_string_equal(str(anna, "as_planned"), "yes");
    assert_true(json_is_null(json_object_get(gone, "user_id")));
    assert_string_equal(str(gone, "author"), "verwijderd account");
    assert_string_equal(str(gone, "role"), "");
    assert_string_equal(str(lea, "updated_at"), "2025-09-04T10:00");
    json_decref(list);
    list = read_session_evaluations(db, 3);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void own_evaluation_is_found_or_none(void **state)
{
    struct db *db = db_of(state);
    json_t *own = NULL;
    assert_int_equal(read_own_evaluation(db, 1, 1, &own), 1);
    assert_keys(own, EVALUATION_KEYS);
    assert_string_equal(str(own, "author"), "Lea");
    assert_string_equal(str(own, "as_planned"), "partly");
    json_decref(own);
    own = (json_t *)1;
    assert_int_equal(read_own_evaluation(db, 3, 1, &own), 0);
    assert_null(own);
    assert_int_equal(read_own_evaluation(db, 1, 2, &own), 0);
}

static void held_sessions_newest_first_each_with_its_evaluations(void **state)
{
    struct db *db = db_of(state);
    /* At 15:00 on 16 Sep session 3 has begun; session 2 was cancelled. */
    json_t *list = read_sessions_with_evaluations(db, 1, "2025-09-16T15:00");
    assert_int_equal(json_array_size(list), 2);
    json_t *third = json_array_get(list, 0), *first = json_array_get(list, 1);
    static const char *const keys[] = {"id", "date", "start", "end", "evaluations", NULL};
    assert_keys(third, keys);
    assert_int_equal(num(third, "id"), 3);
    assert_int_equal(json_array_size(json_object_get(third, "evaluations")), 0);
    assert_int_equal(num(first, "id"), 1);
    assert_string_equal(str(first, "date"), "2025-09-02");
    assert_string_equal(str(first, "end"), "16:00");
    json_t *evaluations = json_object_get(first, "evaluations");
    assert_int_equal(json_array_size(evaluations), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_keys(json_array_get(evaluations, i), EVALUATION_KEYS);
        assert_int_equal(num(json_array_get(evaluations, i), "id"), (json_int_t)i + 1);
    }
    json_decref(list);
    /* A minute before: only session 1. */
    list = read_sessions_with_evaluations(db, 1, "2025-09-16T14:59");
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    list = read_sessions_with_evaluations(db, 99, "2025-09-16T15:00");
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

/* ---- incidents ------------------------------------------------------------------------------ */

/* Is pupil_id in the rows of a read of pupils? */
static bool listed(json_t *rows, json_int_t pupil_id)
{
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        if (json_integer_value(json_object_get(row, "id")) == pupil_id)
            return true;
    }
    return false;
}

static void pupil_choices_are_exactly_the_pupils_the_rule_accepts(void **state)
{
    struct db *db = db_of(state);
    json_t *choices = read_incident_pupil_choices(db, 1);
    assert_int_equal(json_array_size(choices), 2);
    static const char *const keys[] = {"id", "first_name", "last_name", NULL};
    assert_keys(json_array_get(choices, 0), keys);
    assert_string_equal(str(json_array_get(choices, 0), "first_name"), "Daan");
    assert_string_equal(str(json_array_get(choices, 1), "first_name"), "Sara");
    json_decref(choices);
    /* The SQL list and the check (incident_pupil_allowed) agree on every pair. */
    const int64_t sessions[] = {1, 2, 3, 4, 99};
    for (size_t s = 0; s < sizeof sessions / sizeof *sessions; s++) {
        choices = read_incident_pupil_choices(db, sessions[s]);
        assert_non_null(choices);
        for (int64_t pupil = 1; pupil <= 6; pupil++)
            assert_int_equal(incident_pupil_allowed(db, sessions[s], pupil),
                             listed(choices, pupil));
        json_decref(choices);
    }
}

static const char *const INCIDENT_KEYS[] = {
    "id",       "school_id", "school",   "activity_id", "activity",   "session_id",
    "session_date", "occurred_on", "what", "involved", "measures", "severity",
    "created_at", "reported_by", NULL};

static void incident_read_whole_and_when_its_activity_is_gone(void **state)
{
    struct db *db = db_of(state);
    json_t *i = NULL;
    assert_int_equal(read_incident(db, 1, &i), 1);
    assert_keys(i, INCIDENT_KEYS);
    assert_int_equal(num(i, "school_id"), 1);
    assert_string_equal(str(i, "school"), "Noord");
    assert_int_equal(num(i, "activity_id"), 1);
    assert_string_equal(str(i, "activity"), "Judo");
    assert_int_equal(num(i, "session_id"), 1);
    assert_string_equal(str(i, "session_date"), "2025-09-02");
    assert_string_equal(str(i, "what"), "Sara viel van de mat.");
    assert_string_equal(str(i, "involved"), "Hulpouder");
    assert_string_equal(str(i, "severity"), "hoog");
    assert_string_equal(str(i, "reported_by"), "Anna");
    json_decref(i);
    assert_int_equal(read_incident(db, 2, &i), 1);
    assert_keys(i, INCIDENT_KEYS);
    assert_true(json_is_null(json_object_get(i, "activity_id")));
    assert_true(json_is_null(json_object_get(i, "activity")));
    assert_true(json_is_null(json_object_get(i, "session_id")));
    assert_true(json_is_null(json_object_get(i, "session_date")));
    assert_string_equal(str(i, "reported_by"), "verwijderd account");
    json_decref(i);
    assert_int_equal(read_incident(db, 3, &i), 1);
    assert_string_equal(str(i, "reported_by"), "noord@x.nl"); /* no name: the address */
    json_decref(i);
    i = (json_t *)1;
    assert_int_equal(read_incident(db, 99, &i), 0);
    assert_null(i);
}

static void incident_pupils_by_name(void **state)
{
    struct db *db = db_of(state);
    json_t *pupils = read_incident_pupils(db, 1);
    assert_int_equal(json_array_size(pupils), 2);
    static const char *const keys[] = {"id", "first_name", "last_name", NULL};
    assert_keys(json_array_get(pupils, 0), keys);
    assert_int_equal(num(json_array_get(pupils, 0), "id"), 2); /* Daan before Sara */
    assert_string_equal(str(json_array_get(pupils, 1), "last_name"), "B");
    json_decref(pupils);
    pupils = read_incident_pupils(db, 2);
    assert_non_null(pupils);
    assert_int_equal(json_array_size(pupils), 0);
    json_decref(pupils);
}

static void incident_list_filtered_counted_paged_and_shortened(void **state)
{
    struct db *db = db_of(state);
    struct incident_filter all = {0, ""};
    int64_t n = -1;
    assert_int_equal(read_incident_count(db, &all, &n), 1);
    assert_int_equal(n, 3);
    json_t *list = read_incidents(db, &all, 10, 50, 0);
    assert_int_equal(json_array_size(list), 3);
    static const char *const keys[] = {"id",       "occurred_on", "school_key", "school",
                                       "activity", "severity",    "summary",    "shortened",
                                       "reported_by", "pupils", NULL};
    json_t *newest = json_array_get(list, 0), *sara = json_array_get(list, 2);
    assert_keys(newest, keys);
    assert_int_equal(num(newest, "id"), 2); /* 10 Sep; then 3 and 1 of 2 Sep, by id down */
    assert_string_equal(str(newest, "activity"), "");
    assert_string_equal(str(newest, "summary"), "Ruzie.");
    assert_true(json_is_false(json_object_get(newest, "shortened")));
    assert_int_equal(num(json_array_get(list, 1), "id"), 3);
    assert_string_equal(str(json_array_get(list, 1), "school_key"), "zuid");
    assert_int_equal(num(sara, "id"), 1);
    assert_string_equal(str(sara, "summary"), "Sara viel ");
    assert_true(json_is_true(json_object_get(sara, "shortened")));
    assert_int_equal(num(sara, "pupils"), 2);
    assert_string_equal(str(sara, "reported_by"), "Anna");
    json_decref(list);
    list = read_incidents(db, &all, 10, 1, 1); /* the second page of one */
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(num(json_array_get(list, 0), "id"), 3);
    json_decref(list);

    struct incident_filter noord = {1, ""}, serious = {0, "hoog"}, unknown = {-1, ""};
    assert_int_equal(read_incident_count(db, &noord, &n), 1);
    assert_int_equal(n, 2);
    assert_int_equal(read_incident_count(db, &serious, &n), 1);
    assert_int_equal(n, 1);
    assert_int_equal(read_incident_count(db, &unknown, &n), 1);
    assert_int_equal(n, 0);
    list = read_incidents(db, &unknown, 10, 50, 0);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

/* ---- the start page ------------------------------------------------------------------------- */

static void sessions_between_of_a_school_a_staff_member_or_all(void **state)
{
    struct db *db = db_of(state);
    json_t *list = read_sessions_between(db, "2025-09-01", "2025-09-30", 1, 0);
    assert_int_equal(json_array_size(list), 3);
    static const char *const keys[] = {"id",     "date",      "start",     "end",
                                       "activity_id", "title", "school", "cancelled",
                                       "attendance_taken", "location", "grade_min",
                                       "grade_max", "date_from", "date_until", "school_kind",
                                       NULL};
    json_t *first = json_array_get(list, 0);
    assert_keys(first, keys);
    assert_int_equal(num(first, "id"), 1);
    assert_int_equal(num(first, "activity_id"), 1);
    assert_string_equal(str(first, "title"), "Judo");
    assert_string_equal(str(first, "school"), "Noord");
    assert_true(json_is_true(json_object_get(first, "attendance_taken")));
    assert_true(json_is_false(json_object_get(first, "cancelled")));
    assert_true(json_is_true(json_object_get(json_array_get(list, 1), "cancelled")));
    assert_true(json_is_false(json_object_get(json_array_get(list, 2), "attendance_taken")));
    json_decref(list);
    list = read_sessions_between(db, "2025-09-01", "2025-09-30", 0, 1); /* Anna runs Judo */
    assert_int_equal(json_array_size(list), 3);
    json_decref(list);
    list = read_sessions_between(db, "2025-09-02", "2025-09-02", 0, 0);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(str(json_array_get(list, 0), "title"), "Judo"); /* same time: by title */
    assert_string_equal(str(json_array_get(list, 1), "school"), "Zuid");
    json_decref(list);
    list = read_sessions_between(db, "2025-10-01", "2025-10-07", 0, 0);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void day_registered_counts_held_sessions_with_marks(void **state)
{
    struct db *db = db_of(state);
    json_t *day = NULL;
    assert_int_equal(read_day_registered(db, "2025-09-02", &day), 1);
    static const char *const keys[] = {"sessions", "registered", NULL};
    assert_keys(day, keys);
    assert_int_equal(num(day, "sessions"), 2);
    assert_int_equal(num(day, "registered"), 2);
    json_decref(day);
    assert_int_equal(read_day_registered(db, "2025-09-09", &day), 1); /* only a cancelled one */
    assert_int_equal(num(day, "sessions"), 0);
    assert_int_equal(num(day, "registered"), 0);
    json_decref(day);
}

static void children_of_a_parent_by_first_name(void **state)
{
    struct db *db = db_of(state);
    json_t *children = read_parent_children(db, 4);
    assert_int_equal(json_array_size(children), 2);
    static const char *const keys[] = {"id",    "first_name", "last_name", "grade",
                                       "school", "school_kind", "school_id", NULL};
    assert_keys(json_array_get(children, 0), keys);
    assert_string_equal(str(json_array_get(children, 0), "first_name"), "Sara");
    assert_string_equal(str(json_array_get(children, 1), "school"), "Zuid");
    json_decref(children);
    children = read_parent_children(db, 1);
    assert_non_null(children);
    assert_int_equal(json_array_size(children), 0);
    json_decref(children);
}

static void counts_of_the_coalition_or_one_school(void **state)
{
    struct db *db = db_of(state);
    static const struct {
        int64_t school_id;
        json_int_t schools, pupils, activities;
    } cases[] = {{0, 2, 4, 1}, {1, 1, 3, 1}, {2, 1, 1, 0}, {99, 0, 0, 0}};
    static const char *const keys[] = {"schools", "pupils", "activities", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *counts = NULL;
        assert_int_equal(read_counts(db, cases[i].school_id, &counts), 1);
        assert_keys(counts, keys);
        assert_int_equal(num(counts, "schools"), cases[i].schools);
        assert_int_equal(num(counts, "pupils"), cases[i].pupils); /* Mila has left */
        assert_int_equal(num(counts, "activities"), cases[i].activities); /* Koor ended */
        json_decref(counts);
    }
}

static void book_providers_by_name_ignoring_case(void **state)
{
    struct db *db = db_of(state);
    json_t *providers = read_book_providers(db);
    assert_int_equal(json_array_size(providers), 3);
    static const char *const keys[] = {"id", "value", "name", NULL};
    assert_keys(json_array_get(providers, 0), keys);
    assert_string_equal(str(json_array_get(providers, 0), "value"), "aap");
    assert_string_equal(str(json_array_get(providers, 1), "name"), "Beeld");
    assert_int_equal(num(json_array_get(providers, 2), "id"), 1);
    json_decref(providers);
}

/* ---- failures ------------------------------------------------------------------------------- */

static void a_failed_read_is_an_error_not_an_empty_list(void **state)
{
    struct db *db = db_of(state);
    assert_int_equal(db_exec(db, "DROP TABLE incident_pupils; DROP TABLE evaluations;"
                                 " DROP TABLE parent_children;"),
                     0);
    assert_null(read_incident_pupils(db, 1));
    assert_null(read_incidents(db, &(struct incident_filter){0, ""}, 10, 50, 0));
    assert_null(read_session_evaluations(db, 1));
    assert_null(read_sessions_with_evaluations(db, 1, "2025-09-16T15:00"));
    assert_null(read_parent_children(db, 4));
    json_t *own = (json_t *)1;
    assert_int_equal(read_own_evaluation(db, 1, 1, &own), -1);
    assert_null(own);
    assert_int_equal(incident_pupil_allowed(db, 1, 1), 1); /* its tables are still there */
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(session_heading_holds_its_activity_and_school),
        T(activity_heading_holds_its_school),
        T(session_evaluations_oldest_first_with_their_authors),
        T(own_evaluation_is_found_or_none),
        T(held_sessions_newest_first_each_with_its_evaluations),
        T(pupil_choices_are_exactly_the_pupils_the_rule_accepts),
        T(incident_read_whole_and_when_its_activity_is_gone),
        T(incident_pupils_by_name),
        T(incident_list_filtered_counted_paged_and_shortened),
        T(sessions_between_of_a_school_a_staff_member_or_all),
        T(day_registered_counts_held_sessions_with_marks),
        T(children_of_a_parent_by_first_name),
        T(counts_of_the_coalition_or_one_school),
        T(book_providers_by_name_ignoring_case),
        T(a_failed_read_is_an_error_not_an_empty_list),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
