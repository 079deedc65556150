/* The capacity rule under a rush (PRODUCT.md rule 1): 60 parents, logged in once, sign a child
 * up for the same activity (capacity 10) at the same moment (60 threads released by a barrier),
 * 20 times over. Each time exactly 10 answers say "enrolled" and 50 "waitlisted" with the
 * positions 1…50 each once, no request fails, and the database agrees: 60 rows, 10 enrolled,
 * 50 waiting in the order of the answered positions, each with one history row.
 *
 * Every repetition uses a fresh activity and a fresh set of 60 children: each parent has 20
 * children, one per repetition. So no child ever has a second enrolment, and the rules about a
 * child's other enrolments (the maximum per child, overlapping sessions) cannot turn a sign-up
 * into a refusal; the harness has no way to change the configuration, and cancelling between
 * repetitions would make each repetition depend on cancellation working. The durations are
 * printed for information only. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testkit.h"
#include "parent_fixture.h"

enum {
    PARENTS = 60,     /* parents (and threads) per repetition */
    REPETITIONS = 20, /* activities, and children per parent */
    CAPACITY = 10,
};

static struct client *clients[PARENTS];
static long long pupil_ids[REPETITIONS][PARENTS];
static long long activity_ids[REPETITIONS];

/* ---- the fixture ----------------------------------------------------------------------------- */

static void child_key(int repetition, int parent, char out[16])
{
    snprintf(out, 16, "r%02d-p%02d", repetition + 1, parent + 1);
}

/* One school, 20 activities open now, 60 parents with 20 children each (grade 6). */
static json_t *fixture(const char *hash)
{
    char from[11], until[11], signup_from[17], signup_until[17];
    pf_day(-7, from);
    pf_day(120, until);
    pf_moment(-1, "00:00", signup_from);
    pf_moment(60, "23:59", signup_until);
    json_t *activities = json_array();
    for (int a = 0; a < REPETITIONS; a++) {
        char key[16], title[32], start[6], end[6];
        snprintf(key, sizeof key, "race-%02d", a + 1);
        snprintf(title, sizeof title, "Drukte %02d", a + 1);
        snprintf(start, sizeof start, "%02d:00", 9 + a % 4 * 2);
        snprintf(end, sizeof end, "%02d:00", 10 + a % 4 * 2);
        json_array_append_new(
            activities,
            json_pack("{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s}",
                      "key", key, "school", "noord", "title", title, "domains", "sport", "grades",
                      5, 8, "capacity", CAPACITY, "weekday", a % 5 + 1, "start", start, "end",
                      end, "from", from, "until", until, "signup_from", signup_from,
                      "signup_until", signup_until));
    }
    json_t *pupils = json_array();
    json_t *users = json_array();
    for (int p = 0; p < PARENTS; p++) {
        json_t *children = json_array();
        for (int a = 0; a < REPETITIONS; a++) {
            char key[16], number[16];
            child_key(a, p, key);
            snprintf(number, sizeof number, "%d", (a + 1) * 1000 + p + 1);
            json_array_append_new(pupils,
                                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "key", key, "school",
                                            "noord", "number", number, "first_name", key,
                                            "last_name", "Race", "grade", 6));
            json_array_append_new(children, json_string(key));
        }
        char email[32];
        snprintf(email, sizeof email, "ouder%02d@test.nl", p + 1);
        json_array_append_new(users, json_pack("{s:s, s:s, s:s, s:o}", "email", email, "role",
                                               "parent", "password_hash", hash, "children",
                                               children));
    }
    return json_pack("{s:[{s:s, s:s, s:s}], s:o, s:o, s:o}", "schools", "key", "noord", "name",
                     "Basisschool Noord", "kind", "po", "activities", activities, "pupils",
                     pupils, "users", users);
}

/* The ids of the fixture's pupils and activities, read from the database. 0 or -1. */
static int read_ids(void)
{
    json_t *rows = pf_query(server.db_path, "SELECT key, id FROM pupils");
    if (!rows)
        return -1;
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        int a, p;
        if (sscanf(json_string_value(json_object_get(row, "key")), "r%d-p%d", &a, &p) == 2 &&
            a >= 1 && a <= REPETITIONS && p >= 1 && p <= PARENTS)
            pupil_ids[a - 1][p - 1] = json_integer_value(json_object_get(row, "id"));
    }
    json_decref(rows);
    rows = pf_query(server.db_path, "SELECT key, id FROM activities");
    if (!rows)
        return -1;
    json_array_foreach (rows, i, row) {
        int a;
        if (sscanf(json_string_value(json_object_get(row, "key")), "race-%d", &a) == 1 &&
            a >= 1 && a <= REPETITIONS)
            activity_ids[a - 1] = json_integer_value(json_object_get(row, "id"));
    }
    json_decref(rows);
    for (int a = 0; a < REPETITIONS; a++) {
        if (!activity_ids[a])
            return -1;
        for (int p = 0; p < PARENTS; p++)
            if (!pupil_ids[a][p])
                return -1;
    }
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- logging in: 60 parents, a few at a time in parallel (each login hashes) ----------------- */

struct login_job {
    int parent;
    int rc;
};

static void *login_thread(void *arg)
{
    struct login_job *job = arg;
    char email[32];
    snprintf(email, sizeof email, "ouder%02d@test.nl", job->parent + 1);
    job->rc = client_login(clients[job->parent], email, PASSWORD);
    return NULL;
}

static int log_everyone_in(void)
{
    struct login_job jobs[PARENTS];
    pthread_t threads[PARENTS];
    for (int p = 0; p < PARENTS; p++) {
        clients[p] = client_new(&server);
        jobs[p] = (struct login_job){p, -1};
        if (pthread_create(&threads[p], NULL, login_thread, &jobs[p]))
            return -1;
    }
    int rc = 0;
    for (int p = 0; p < PARENTS; p++) {
        pthread_join(threads[p], NULL);
        if (jobs[p].rc) {
            fprintf(stderr, "test_http_race: login of parent %d failed\n", p + 1);
            rc = -1;
        }
    }
    return rc;
}

/* ---- setup ----------------------------------------------------------------------------------- */

/* cmocka group setup: the fixture, the daemon, the ids, and every parent logged in. */
static int start_rush(void **state)
{
    if (use_generated_fixture(fixture))
        return -1;
    double started = now_seconds();
    if (start(state) || read_ids())
        return -1;
    double loaded = now_seconds();
    int rc = log_everyone_in();
    printf("info: fixture loaded and daemon started in %.2f s, %d logins in %.2f s\n",
           loaded - started, PARENTS, now_seconds() - loaded);
    return rc;
}

static int stop_rush(void **state)
{
    for (int p = 0; p < PARENTS; p++)
        client_free(clients[p]);
    remove_fixture(state);
    return stop(state);
}

/* ---- one rush -------------------------------------------------------------------------------- */

struct signup {
    int parent, repetition;
    pthread_barrier_t *barrier;
    /* The answer. */
    long status;
    long long id;
    char state[16]; /* "enrolled", "waitlisted", or "" when the answer was not as expected */
    long long position;
    char body[300];
};

static void *signup_thread(void *arg)
{
    struct signup *s = arg;
    char form[96];
    snprintf(form, sizeof form, "pupil_id=%lld&activity_id=%lld",
             pupil_ids[s->repetition][s->parent], activity_ids[s->repetition]);
    pthread_barrier_wait(s->barrier);
    struct response res;
    client_post(clients[s->parent], "/enrolments", form, true, true, &res);
    s->status = res.status;
    snprintf(s->body, sizeof s->body, "%s", res.body ? res.body : "");
    json_t *doc = response_json(&res);
    response_free(&res);
    json_t *id = json_object_get(doc, "id"), *state = json_object_get(doc, "status"),
           *position = json_object_get(doc, "position");
    if (json_is_integer(id) && json_is_string(state) && json_is_integer(position)) {
        s->id = json_integer_value(id);
        snprintf(s->state, sizeof s->state, "%s", json_string_value(state));
        s->position = json_integer_value(position);
    }
    json_decref(doc);
    return NULL;
}

/* Release 60 sign-ups for the activity of this repetition at once; the answers into signups.
   The wall time from the release to the last answer. */
static double rush(int repetition, struct signup signups[PARENTS])
{
    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, PARENTS + 1), 0);
    pthread_t threads[PARENTS];
    for (int p = 0; p < PARENTS; p++) {
        signups[p] = (struct signup){.parent = p, .repetition = repetition, .barrier = &barrier};
        assert_int_equal(pthread_create(&threads[p], NULL, signup_thread, &signups[p]), 0);
    }
    pthread_barrier_wait(&barrier);
    double released = now_seconds();
    for (int p = 0; p < PARENTS; p++)
        pthread_join(threads[p], NULL);
    double seconds = now_seconds() - released;
    pthread_barrier_destroy(&barrier);
    return seconds;
}

/* Exactly CAPACITY enrolled (position 0) and the rest waiting with positions 1…n each once. */
static void check_answers(int repetition, const struct signup signups[PARENTS])
{
    int enrolled = 0, waiting = 0;
    bool seen[PARENTS + 1] = {false};
    for (int p = 0; p < PARENTS; p++) {
        const struct signup *s = &signups[p];
        if (s->status != 201 || !s->state[0] || s->id <= 0)
            fail_msg("repetition %d, parent %d: POST /enrolments expected 201 with id, status and"
                     " position, got %ld:\n%s",
                     repetition + 1, p + 1, s->status, s->body);
        if (!strcmp(s->state, "enrolled")) {
            enrolled++;
            if (s->position != 0)
                fail_msg("repetition %d, parent %d: enrolled at position %lld", repetition + 1,
                         p + 1, s->position);
        } else if (!strcmp(s->state, "waitlisted")) {
            waiting++;
            if (s->position < 1 || s->position > PARENTS - CAPACITY || seen[s->position])
                fail_msg("repetition %d, parent %d: waiting at position %lld (out of range or"
                         " given twice)",
                         repetition + 1, p + 1, s->position);
            seen[s->position] = true;
        } else {
            fail_msg("repetition %d, parent %d: status '%s'", repetition + 1, p + 1, s->state);
        }
    }
    if (enrolled != CAPACITY || waiting != PARENTS - CAPACITY)
        fail_msg("repetition %d: %d enrolled and %d waiting (expected %d and %d)",
                 repetition + 1, enrolled, waiting, CAPACITY, PARENTS - CAPACITY);
}

/* The database: 60 rows, each answer's row with the answered status and waiting-list position
   (first come, first served: by created_at, then id) and one history row to that status. */
static void check_database(int repetition, const struct signup signups[PARENTS])
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT e.id, e.pupil_id, e.status,"
             " CASE WHEN e.status <> 'waitlisted' THEN 0 ELSE"
             "  (SELECT count(*) FROM enrolments w WHERE w.activity_id = e.activity_id"
             "   AND w.status = 'waitlisted' AND (w.created_at < e.created_at OR"
             "   (w.created_at = e.created_at AND w.id <= e.id))) END AS position,"
             " (SELECT count(*) FROM enrolment_history h WHERE h.enrolment_id = e.id) AS history,"
             " (SELECT count(*) FROM enrolment_history h WHERE h.enrolment_id = e.id"
             "   AND h.from_status IS NULL AND h.to_status = e.status) AS history_to_status"
             " FROM enrolments e WHERE e.activity_id = %lld",
             activity_ids[repetition]);
    json_t *rows = pf_query(server.db_path, sql);
    assert_non_null(rows);
    if (json_array_size(rows) != PARENTS)
        fail_msg("repetition %d: %zu enrolment rows in the database (expected %d)",
                 repetition + 1, json_array_size(rows), PARENTS);
    int enrolled = 0;
    for (int p = 0; p < PARENTS; p++) {
        const struct signup *s = &signups[p];
        json_t *found = NULL, *row;
        size_t i;
        json_array_foreach (rows, i, row)
            if (json_integer_value(json_object_get(row, "id")) == s->id)
                found = row;
        if (!found)
            fail_msg("repetition %d: enrolment %lld (parent %d) is not in the database",
                     repetition + 1, s->id, p + 1);
        const char *status = json_string_value(json_object_get(found, "status"));
        long long position = json_integer_value(json_object_get(found, "position"));
        if (json_integer_value(json_object_get(found, "pupil_id")) !=
                pupil_ids[repetition][p] ||
            !status || strcmp(status, s->state) || position != s->position)
            fail_msg("repetition %d, enrolment %lld: answered %s at %lld for pupil %lld, the"
                     " database has %s at %lld for pupil %lld",
                     repetition + 1, s->id, s->state, s->position, pupil_ids[repetition][p],
                     status ? status : "?", position,
                     (long long)json_integer_value(json_object_get(found, "pupil_id")));
        if (json_integer_value(json_object_get(found, "history")) != 1 ||
            json_integer_value(json_object_get(found, "history_to_status")) != 1)
            fail_msg("repetition %d, enrolment %lld: expected one history row (none → %s)",
                     repetition + 1, s->id, s->state);
        enrolled += !strcmp(status, "enrolled");
    }
    assert_int_equal(enrolled, CAPACITY);
    json_decref(rows);
}

static void capacity_holds_under_a_rush(void **state)
{
    (void)state;
    struct signup signups[PARENTS];
    double total = 0;
    for (int repetition = 0; repetition < REPETITIONS; repetition++) {
        double seconds = rush(repetition, signups);
        total += seconds;
        printf("info: repetition %2d: %d sign-ups answered in %.1f ms\n", repetition + 1,
               PARENTS, seconds * 1000);
        check_answers(repetition, signups);
        check_database(repetition, signups);
    }
    printf("info: %d sign-ups in %.2f s of rushes\n", PARENTS * REPETITIONS, total);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capacity_holds_under_a_rush),
    };
    int failed = cmocka_run_group_tests(tests, start_rush, stop_rush);
    return exit_status(failed);
}
