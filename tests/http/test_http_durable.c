/* Durability (issue 12): what a parent or a school was told is saved stays saved.
 *
 * A) A backup while parents sign up: `verrijkt backup` copies the live database while four
 *    parents keep signing children up over HTTP. The copy passes the integrity check and holds
 *    every sign-up answered before the backup started and none answered after it ended; a
 *    daemon started on the copy (a restore: stop, copy, start) shows a parent those sign-ups.
 * B) SIGKILL while parents sign up and a coordinator saves a register: KILLS times
 *    ($DURABLE_KILLS, default 5; `make bench` runs 30) the daemon is killed after a random
 *    moment, then the database passes the integrity check, every answered sign-up is there, no
 *    activity holds more enrolled pupils than its capacity (nor fewer while some wait), every
 *    answered register save is in the audit log and the register's marks are there; then the
 *    daemon is started again on the same database and the parents carry on (their sessions
 *    survive the restart).
 *
 * The parents sign up children one at a time (each child once, so no rule refuses a sign-up:
 * anything but 201 fails the test, unless the daemon was being killed). Timings are printed for
 * information only. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testkit.h"
#include "parent_fixture.h"

enum {
    PARENTS = 4,
    CHILDREN = 300,       /* per parent: the first half for A, the second for B */
    CRASH_ACTIVITIES = 4, /* B's activities, CRASH_CAPACITY seats each */
    CRASH_CAPACITY = 3,
    REGISTER_PUPILS = 4,  /* enrolled in "koor", whose session today is saved again and again */
    MAX_ACKS = PARENTS * CHILDREN,
    KILLS_DEFAULT = 5,
};

static long long pupil_ids[PARENTS][CHILDREN];
static long long register_ids[REGISTER_PUPILS];
static long long backup_activity, crash_activities[CRASH_ACTIVITIES], koor_session;
static struct client *parents[PARENTS];
static struct client *coordinator;

/* ---- the fixture ----------------------------------------------------------------------------- */

static json_t *activity(const char *key, const char *title, int capacity, int weekday,
                        bool signups)
{
    char from[11], until[11], signup_from[17], signup_until[17];
    json_t *a = json_pack("{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s}",
                          "key", key, "school", "noord", "title", title, "domains", "sport",
                          "grades", 1, 8, "capacity", capacity, "weekday", weekday, "start",
                          "15:00", "end", "16:00", "from", pf_day(-14, from), "until",
                          pf_day(60, until));
    if (signups) {
        json_object_set_new(a, "signup_from", json_string(pf_moment(-1, "00:00", signup_from)));
        json_object_set_new(a, "signup_until",
                            json_string(pf_moment(30, "23:59", signup_until)));
    }
    return a;
}

static json_t *pupil(const char *key, int number)
{
    char text[16];
    snprintf(text, sizeof text, "%d", number);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "key", key, "school", "noord", "number",
                     text, "first_name", key, "last_name", "Duurzaam", "grade", 6);
}

/* Schools noord and zuid; "backup" (room for everyone) and crash-1…4 (3 seats) open for
   sign-ups; "koor" meets today with four pupils enrolled; four parents with 300 children each,
   and the coordinators of fixture_users. */
static json_t *fixture(const char *hash)
{
    json_t *activities = json_array();
    json_array_append_new(activities, activity("backup", "Back-up", 1000, 1, true));
    for (int i = 0; i < CRASH_ACTIVITIES; i++) {
        char key[16], title[32];
        snprintf(key, sizeof key, "crash-%d", i + 1);
        snprintf(title, sizeof title, "Stroomuitval %d", i + 1);
        json_array_append_new(activities, activity(key, title, CRASH_CAPACITY, i + 2, true));
    }
    json_array_append_new(activities, activity("koor", "Koor", 20, pf_weekday(0), false));
    json_t *pupils = json_array(), *users = fixture_users(hash, false), *enrolments = json_array();
    char created[24], day[11];
    snprintf(created, sizeof created, "%sT12:00:00.000", pf_day(-30, day));
    for (int r = 0; r < REGISTER_PUPILS; r++) {
        char key[16];
        snprintf(key, sizeof key, "koor-%d", r + 1);
        json_array_append_new(pupils, pupil(key, 9000 + r));
        json_array_append_new(enrolments, json_pack("{s:s, s:s, s:s, s:s}", "pupil", key,
                                                    "activity", "koor", "status", "enrolled",
                                                    "created", created));
    }
    for (int p = 0; p < PARENTS; p++) {
        json_t *children = json_array();
        for (int c = 0; c < CHILDREN; c++) {
            char key[16];
            snprintf(key, sizeof key, "p%d-c%03d", p + 1, c + 1);
            json_array_append_new(pupils, pupil(key, (p + 1) * 1000 + c + 1));
            json_array_append_new(children, json_string(key));
        }
        char email[32];
        snprintf(email, sizeof email, "ouder%d@test.nl", p + 1);
        json_array_append_new(users, fixture_user(email, "parent", hash, "children", children));
    }
    return json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:o, s:o, s:o, s:o}", "schools",
                     "key", "noord", "name", "Basisschool Noord", "kind", "po", "key", "zuid",
                     "name", "Basisschool Zuid", "kind", "po", "activities", activities,
                     "pupils", pupils, "users", users, "enrolments", enrolments);
}

/* The ids of the fixture's pupils (one query: a sqlite3 run per pupil would take seconds),
   activities and koor's session of today. 0 or -1. */
static int read_ids(void)
{
    json_t *rows = pf_query(server.db_path, "SELECT key, id FROM pupils");
    if (!rows)
        return -1;
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        const char *key = json_string_value(json_object_get(row, "key"));
        long long id = json_integer_value(json_object_get(row, "id"));
        int p, c, r;
        if (sscanf(key, "p%d-c%d", &p, &c) == 2 && p >= 1 && p <= PARENTS && c >= 1 &&
            c <= CHILDREN)
            pupil_ids[p - 1][c - 1] = id;
        else if (sscanf(key, "koor-%d", &r) == 1 && r >= 1 && r <= REGISTER_PUPILS)
            register_ids[r - 1] = id;
    }
    json_decref(rows);
    for (int p = 0; p < PARENTS; p++)
        for (int c = 0; c < CHILDREN; c++)
            if (!pupil_ids[p][c])
                return -1;
    backup_activity = id_of("activities", "backup");
    for (int a = 0; a < CRASH_ACTIVITIES; a++) {
        char key[16];
        snprintf(key, sizeof key, "crash-%d", a + 1);
        crash_activities[a] = id_of("activities", key);
    }
    koor_session = session_on("koor", 0);
    return 0;
}

/* ---- the daemon on a database that exists already ------------------------------------------ */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* Whether d answers GET /healthz with 200. */
static bool healthy(struct daemon *d)
{
    struct client *c = client_new(d);
    struct response res = {0};
    bool ok = client_get(c, "/healthz", false, &res) == 0 && res.status == 200;
    response_free(&res);
    client_free(c);
    return ok;
}

/* d->dir/config.ini pointing at the source tree's templates and static files. */
static void write_config(const struct daemon *d, char path[600])
{
    char cwd[400];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, 600, "%s/config.ini", d->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "[server]\ntemplates = %s/templates\nstatic = %s/static\n", cwd, cwd);
    assert_int_equal(fclose(f), 0);
}

/* `verrijkt serve` on d->db_path as it is (no fixture loaded) at a free port, waiting (10 s)
   for /healthz; d->port and d->pid are set. Fails the test when it does not come up. */
static void serve_existing(struct daemon *d)
{
    char config[600];
    write_config(d, config);
    for (int attempt = 0; attempt < 3; attempt++) {
        d->port = harness_free_port();
        assert_true(d->port > 0);
        char listen[32];
        snprintf(listen, sizeof listen, "127.0.0.1:%d", d->port);
        char *argv[] = {(char *)pf_binary(), "serve", "--config", config, "--db", d->db_path,
                        "--listen", listen, NULL};
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) {
                dup2(null, STDOUT_FILENO);
                close(null);
            }
            execv(argv[0], argv);
            _exit(127);
        }
        d->pid = (int)pid;
        double deadline = now_seconds() + 10.0;
        while (now_seconds() < deadline) {
            if (waitpid(pid, NULL, WNOHANG) == pid)
                break;
            if (healthy(d))
                return;
            sleep_ms(50);
        }
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        d->pid = 0;
    }
    fail_msg("the daemon did not start on %s", d->db_path);
}

/* SIGKILL the daemon and reap it. */
static void kill_daemon(struct daemon *d)
{
    assert_true(d->pid > 0);
    kill((pid_t)d->pid, SIGKILL);
    waitpid((pid_t)d->pid, NULL, 0);
    d->pid = 0;
}

/* PRAGMA integrity_check on db_path with the sqlite3 tool (read-write, as a restart would open
   it, so that a WAL left by a crash is recovered first); fails the test unless it says ok. */
static void assert_integrity(const char *db_path)
{
    char *out = NULL;
    char *argv[] = {"sqlite3", "-bail", (char *)db_path, "PRAGMA integrity_check", NULL};
    assert_int_equal(pf_run(argv, &out), 0);
    if (strcmp(out, "ok\n"))
        fail_msg("integrity check of %s: %s", db_path, out);
    free(out);
}

/* ---- the writers ----------------------------------------------------------------------------- */

/* Sign-ups answered 201, in the order they were answered (under acks_lock). */
static pthread_mutex_t acks_lock = PTHREAD_MUTEX_INITIALIZER;
static long long acked[MAX_ACKS];
static size_t n_acked;
static atomic_bool stopping;
static atomic_int unexpected; /* answers other than 201 while the daemon was not being killed */

static size_t acks_so_far(void)
{
    pthread_mutex_lock(&acks_lock);
    size_t n = n_acked;
    pthread_mutex_unlock(&acks_lock);
    return n;
}

struct signer {
    int parent;
    int next, end;         /* the children still to sign up: next … end-1 */
    const long long *activities;
    int n_activities;
};

/* Sign the parent's next children up, one at a time, until stopping or no child is left. A
   failed request (the daemon killed) moves on to the next child: the killed one may or may not
   have been saved, so it is not tried again. */
static void *sign_up_loop(void *arg)
{
    struct signer *s = arg;
    while (!atomic_load(&stopping) && s->next < s->end) {
        int child = s->next++;
        char body[96];
        snprintf(body, sizeof body, "pupil_id=%lld&activity_id=%lld",
                 pupil_ids[s->parent][child], s->activities[child % s->n_activities]);
        struct response res = {0};
        client_post(parents[s->parent], "/enrolments", body, true, true, &res);
        json_t *doc = res.status == 201 ? response_json(&res) : NULL;
        json_t *id = json_object_get(doc, "id");
        if (json_is_integer(id)) {
            pthread_mutex_lock(&acks_lock);
            acked[n_acked++] = json_integer_value(id);
            pthread_mutex_unlock(&acks_lock);
        } else if (res.status != 0 && !atomic_load(&stopping)) {
            fprintf(stderr, "durable: sign-up answered %ld: %.200s\n", res.status,
                    res.body ? res.body : "");
            atomic_fetch_add(&unexpected, 1);
        }
        json_decref(doc);
        response_free(&res);
    }
    return NULL;
}

static atomic_int register_saves; /* register saves answered 200 that changed marks */

/* The coordinator saves koor's register of today again and again (everyone present, then
   everyone absent, …) until stopping. */
static void *register_loop(void *arg)
{
    (void)arg;
    for (int round = 0; !atomic_load(&stopping); round++) {
        char body[512];
        size_t len = 0;
        for (int r = 0; r < REGISTER_PUPILS; r++)
            len += (size_t)snprintf(body + len, sizeof body - len, "%sstatus%%5B%lld%%5D=%s",
                                    r ? "&" : "", register_ids[r],
                                    round % 2 ? "absent" : "present");
        char path[64];
        snprintf(path, sizeof path, "/sessions/%lld/attendance", koor_session);
        struct response res = {0};
        client_post(coordinator, path, body, true, true, &res);
        json_t *doc = res.status == 200 ? response_json(&res) : NULL;
        json_t *changed = json_object_get(doc, "changed");
        if (json_is_integer(changed) && json_integer_value(changed) > 0)
            atomic_fetch_add(&register_saves, 1); /* a save that changes nothing logs nothing */
        json_decref(doc);
        if (res.status != 200 && res.status != 0 && !atomic_load(&stopping)) {
            fprintf(stderr, "durable: register save answered %ld: %.200s\n", res.status,
                    res.body ? res.body : "");
            atomic_fetch_add(&unexpected, 1);
        }
        response_free(&res);
    }
    return NULL;
}

/* ---- checks ---------------------------------------------------------------------------------- */

/* Fails the test unless every id in acked[from … to-1] is an enrolment in the database at
   db_path. */
static void assert_enrolments_present(const char *db_path, size_t from, size_t to)
{
    json_t *rows = pf_query(db_path, "SELECT id FROM enrolments");
    assert_non_null(rows);
    size_t n = json_array_size(rows);
    long long *ids = malloc((n + 1) * sizeof *ids);
    assert_non_null(ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = json_integer_value(json_object_get(json_array_get(rows, i), "id"));
    json_decref(rows);
    for (size_t a = from; a < to; a++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = ids[i] == acked[a];
        if (!found)
            fail_msg("enrolment %lld was answered 201 but is not in %s", acked[a], db_path);
    }
    free(ids);
}

/* No crash activity holds more enrolled pupils than its seats, nor leaves a seat empty while
   someone waits. */
static void assert_no_overbooking(const char *db_path)
{
    json_t *rows = pf_query(db_path,
                            "SELECT a.key AS key, a.capacity AS capacity,"
                            " sum(e.status = 'enrolled') AS enrolled,"
                            " sum(e.status = 'waitlisted') AS waiting"
                            " FROM activities a JOIN enrolments e ON e.activity_id = a.id"
                            " WHERE a.key LIKE 'crash-%' GROUP BY a.id");
    assert_non_null(rows);
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        long long capacity = int_of(row, "capacity"), enrolled = int_of(row, "enrolled"),
                  waiting = int_of(row, "waiting");
        if (enrolled > capacity || (waiting > 0 && enrolled < capacity))
            fail_msg("%s: %lld enrolled and %lld waiting for %lld seats", str_of(row, "key"),
                     enrolled, waiting, capacity);
    }
    json_decref(rows);
}

/* Every answered register save is in the audit log (in flight when killed: perhaps one more),
   and each pupil of the register has a mark once a save was answered. */
static void assert_register_saved(const char *db_path)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE entity = 'attendance' AND entity_id = %lld",
             koor_session);
    long long logged = pf_query_int(db_path, sql, 0);
    int saves = atomic_load(&register_saves);
    if (logged < saves)
        fail_msg("%d register saves were answered 200, the audit log has %lld", saves, logged);
    if (saves > 0) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM attendance WHERE session_id = %lld",
                 koor_session);
        assert_int_equal(pf_query_int(db_path, sql, 0), REGISTER_PUPILS);
    }
}

/* ---- A: a backup while parents sign up ------------------------------------------------------- */

static void start_signers(pthread_t threads[PARENTS], struct signer signers[PARENTS], int first,
                          int last, const long long *activities, int n_activities)
{
    atomic_store(&stopping, false);
    for (int p = 0; p < PARENTS; p++) {
        signers[p] = (struct signer){p, first, last, activities, n_activities};
        assert_int_equal(pthread_create(&threads[p], NULL, sign_up_loop, &signers[p]), 0);
    }
}

static void join_all(pthread_t *threads, int n)
{
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
}

static void a_backup_during_sign_ups_holds_what_was_answered(void **state)
{
    (void)state;
    pthread_t threads[PARENTS];
    struct signer signers[PARENTS];
    start_signers(threads, signers, 0, CHILDREN / 2, &backup_activity, 1);
    double deadline = now_seconds() + 20.0;
    while (acks_so_far() < 40 && now_seconds() < deadline)
        sleep_ms(5);
    char dest[600];
    snprintf(dest, sizeof dest, "%s/kopie.db", server.dir);
    size_t before = acks_so_far();
    double started = now_seconds();
    char *out = NULL;
    char *argv[] = {(char *)pf_binary(), "backup", "--db", server.db_path, dest, NULL};
    int rc = pf_run(argv, &out);
    double seconds = now_seconds() - started;
    free(out);
    size_t after = acks_so_far();
    join_all(threads, PARENTS);
    size_t total = acks_so_far();
    printf("info: backup in %.3f s with %zu sign-ups answered before, %zu during, %zu after\n",
           seconds, before, after - before, total - after);
    assert_int_equal(rc, 0);
    assert_int_equal(atomic_load(&unexpected), 0);
    assert_true(before >= 40);
    assert_true(total > after); /* the parents were still signing up when it ended */
    assert_integrity(dest);
    assert_enrolments_present(dest, 0, before);
    char sql[160];
    for (size_t a = after; a < total; a++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolments WHERE id = %lld", acked[a]);
        assert_int_equal(pf_query_int(dest, sql, 0), 0);
    }

    /* Restore: a daemon on the copy shows a parent the sign-ups made before the backup. */
    struct daemon restored = {0};
    snprintf(restored.dir, sizeof restored.dir, "/tmp/verrijkt-restore.XXXXXX");
    assert_non_null(mkdtemp(restored.dir));
    snprintf(restored.db_path, sizeof restored.db_path, "%s/verrijkt.db", restored.dir);
    assert_int_equal(rename(dest, restored.db_path), 0);
    serve_existing(&restored);
    struct client *c = client_new(&restored);
    assert_int_equal(client_login(c, "ouder1@test.nl", PASSWORD), 0);
    int shown = 0;
    for (size_t a = 0; a < before; a++) {
        char path[64];
        snprintf(path, sizeof path, "/enrolments/%lld/cancel", acked[a]);
        struct response res = {0};
        assert_int_equal(client_get(c, path, true, &res), 0);
        if (res.status == 200) { /* ouder1's own; the others' are 404 to this parent */
            assert_contains(res.body, "Back-up");
            shown++;
        } else {
            assert_int_equal(res.status, 404);
        }
        response_free(&res);
    }
    client_free(c);
    assert_true(shown > 0);
    assert_int_equal(daemon_stop(&restored), 0);
}

/* ---- B: SIGKILL while parents sign up and a register is saved -------------------------------- */

static int kills(void)
{
    const char *text = getenv("DURABLE_KILLS");
    int n = text ? atoi(text) : KILLS_DEFAULT;
    return n > 0 ? n : KILLS_DEFAULT;
}

static void nothing_answered_is_lost_when_the_daemon_is_killed(void **state)
{
    (void)state;
    int rounds = kills();
    double began = now_seconds();
    size_t first_ack = acks_so_far();
    unsigned seed = (unsigned)time(NULL);
    printf("info: %d kills, seed %u\n", rounds, seed);
    int per_round = (CHILDREN / 2) / rounds > 0 ? (CHILDREN / 2) / rounds : 1;
    for (int round = 0; round < rounds; round++) {
        int first = CHILDREN / 2 + round * per_round;
        int last = round == rounds - 1 ? CHILDREN : first + per_round;
        if (first >= CHILDREN)
            break;
        pthread_t threads[PARENTS + 1];
        struct signer signers[PARENTS];
        start_signers(threads, signers, first, last, crash_activities, CRASH_ACTIVITIES);
        assert_int_equal(pthread_create(&threads[PARENTS], NULL, register_loop, NULL), 0);
        /* Kill after a random moment, but while the parents still have children to sign up. */
        double kill_at = now_seconds() + (double)(100 + rand_r(&seed) % 400) / 1000.0;
        while (now_seconds() < kill_at && signers[0].next < last - per_round / 4)
            sleep_ms(2);
        atomic_store(&stopping, true);
        kill_daemon(&server);
        join_all(threads, PARENTS + 1);
        assert_integrity(server.db_path);
        assert_enrolments_present(server.db_path, first_ack, acks_so_far());
        assert_no_overbooking(server.db_path);
        assert_register_saved(server.db_path);
        serve_existing(&server);
    }
    printf("info: %zu sign-ups and %d register saves answered across the kills, %.1f s\n",
           acks_so_far() - first_ack, atomic_load(&register_saves), now_seconds() - began);
    assert_int_equal(atomic_load(&unexpected), 0);
    assert_true(acks_so_far() > first_ack);
    assert_true(atomic_load(&register_saves) > 0);
    /* After the last restart the parents' sessions still work. */
    assert_int_equal(get_status(parents[0], "/parent", true), 200);
}

/* ---- main ------------------------------------------------------------------------------------ */

static int setup(void **state)
{
    double began = now_seconds();
    if (use_generated_fixture(fixture) || start(state) || read_ids())
        return -1;
    for (int p = 0; p < PARENTS; p++) {
        char email[32];
        snprintf(email, sizeof email, "ouder%d@test.nl", p + 1);
        parents[p] = logged_in(email);
    }
    coordinator = logged_in("noord@test.nl");
    printf("info: fixture loaded, daemon up and %d logins in %.1f s\n", PARENTS + 1,
           now_seconds() - began);
    return 0;
}

static int teardown(void **state)
{
    for (int p = 0; p < PARENTS; p++)
        client_free(parents[p]);
    client_free(coordinator);
    int rc = stop(state);
    remove_fixture(state);
    return rc;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_backup_during_sign_ups_holds_what_was_answered),
        cmocka_unit_test(nothing_answered_is_lost_when_the_daemon_is_killed),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    return exit_status(failed);
}
