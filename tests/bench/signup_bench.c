/* Load benchmark of parent sign-ups (POST /enrolments as JSON) against the real daemon on
 * 127.0.0.1: sign-ups per second and latency with 200 concurrent parents. Prints figures; it
 * fails only when the answers or the database are inconsistent.
 *
 *   A) "one activity": the 200 parents press "sign up" at the same moment (a barrier) for one
 *      activity with 30 seats; ROUNDS times (default 25), each round a fresh activity.
 *   B) "50 activities": the 200 parents each sign their child up for all 50 activities (30 seats
 *      each), every parent in its own random order, all at once: 10,000 sign-ups.
 *
 * Every parent has two children: one for A and one for B, so the two scenarios do not meet.
 * The daemon runs with [enrolment] max_per_child = 100 and each scenario's activities have
 * sessions that never overlap (5 weekdays x up to 10 half-hour slots), so no rule can refuse a
 * sign-up: every answer must be 201, and any other answer counts as an inconsistency.
 * All 200 parents come from one address, so the configuration also raises per_ip_limit (200 by
 * default, exactly the number of keep-alive connections). threads stays at its default.
 *
 * Each parent is one libcurl client of tests/http/harness.c (its own cookie jar and keep-alive
 * connection), logged in before any timing (Argon2id logins are slow). A request's latency is
 * clock_gettime around client_post (the curl call plus a few microseconds of the harness's own
 * setup and a JSON parse of the ~50-byte answer). Wall time runs from the release of the
 * barrier to the last answer.
 *
 * Build and run from the source tree (tests/bench/signup.sh does both):
 *   cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -Itests/http tests/bench/signup_bench.c \
 *      tests/http/harness.c -lcurl -ljansson -lpthread -o /tmp/signup_bench
 *   VERRIJKT_BIN=build/verrijkt /tmp/signup_bench [rounds]
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "parent_fixture.h"
#include "signup_fixture.h"

enum {
    PARENTS = 200,
    CAPACITY = 30,
    MANY = 50,          /* activities of scenario B */
    ROUNDS_DEFAULT = 25,
    ROUNDS_MAX = 50,    /* 5 weekdays x 10 half-hour slots without overlap */
    DETAIL_MAX = 160,   /* bytes of an unexpected answer kept for the report */
    SHOWN_OTHERS = 5,   /* unexpected answers printed per scenario */
};

/* One answered sign-up. */
struct answer {
    double seconds;   /* latency of the request */
    long status;      /* HTTP status, 0 when the request failed */
    char state;       /* 'E' enrolled, 'W' waitlisted, 'O' anything else */
    int activity;     /* index into the scenario's activities */
    long long position;
    char detail[DETAIL_MAX]; /* the body, for 'O' answers only */
};

/* The benchmark's world: the daemon, the parents' clients, the fixture's ids. */
struct bench {
    struct daemon server;
    int rounds;
    struct client *clients[PARENTS];
    struct sf_ids ids; /* pupils[0]: each parent's child for A, pupils[1]: for B */
};

static struct bench bench;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* splitmix64: a small, seedable generator, so every run uses the same orders. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* ---- the fixture (signup_fixture.h) ------------------------------------------------------ */

/* One school; the rounds' activities "rush-NN" and the 50 "many-NN"; 200 parents
   ouderNNN@bench.nl, each with children "a-NNN" (scenario A) and "b-NNN" (scenario B). */
static struct sf_shape shape(void)
{
    return (struct sf_shape){.parents = PARENTS, .children = 2, .rush = bench.rounds,
                             .many = MANY, .capacity = CAPACITY};
}

/* ---- the daemon (started here: the harness cannot pass a configuration) ---------------------- */

/* DIR/config.ini: the source tree's templates and static files, room for 200 keep-alive
   connections from one address, max_per_child high enough for 50 activities, and [database]
   synchronous from $SYNCHRONOUS when set (normal or full). 0 or -1. */
static int write_config(const char *dir, char path[600])
{
    char cwd[400];
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    snprintf(path, 600, "%s/config.ini", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f,
            "[server]\ntemplates = %s/templates\nstatic = %s/static\n"
            "connection_limit = 1000\nper_ip_limit = 1000\n"
            "[enrolment]\nmax_per_child = 100\n",
            cwd, cwd);
    const char *synchronous = getenv("SYNCHRONOUS"); /* normal or full: [database] synchronous */
    if (synchronous && *synchronous)
        fprintf(f, "[database]\nsynchronous = %s\n", synchronous);
    return fclose(f) == 0 ? 0 : -1;
}

static size_t discard(char *data, size_t size, size_t nmemb, void *userdata)
{
    (void)data;
    (void)userdata;
    return size * nmemb;
}

static bool healthy(int port)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return false;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/healthz", port);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 1000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    return status == 200;
}

/* `verrijkt serve --config … --db … --listen 127.0.0.1:port` in the background, its standard
   output to /dev/null; waits (10 s) for /healthz. 0 or -1. */
static int serve(struct daemon *d, const char *config)
{
    d->port = harness_free_port();
    if (d->port < 0)
        return -1;
    char listen[32];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", d->port);
    char *argv[] = {(char *)pf_binary(), "serve", "--config", (char *)config, "--db",
                    d->db_path, "--listen", listen, NULL};
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* no daemon left behind when the bench dies */
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            close(null);
        }
        execv(argv[0], argv);
        fprintf(stderr, "signup_bench: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    d->pid = (int)pid;
    double deadline = now_seconds() + 10.0;
    while (now_seconds() < deadline) {
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            d->pid = 0;
            return -1;
        }
        if (healthy(d->port))
            return 0;
        struct timespec pause = {0, 50 * 1000000L};
        nanosleep(&pause, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    d->pid = 0;
    return -1;
}

/* A fresh temp dir with the fixture loaded into a database, and the daemon serving it.
   0 or -1 (the reason on stderr); daemon_stop (harness.c) stops it and removes the dir. */
static int start_daemon(void)
{
    struct daemon *d = &bench.server;
    memset(d, 0, sizeof *d);
    snprintf(d->dir, sizeof d->dir, "/tmp/verrijkt-bench.XXXXXX");
    if (!mkdtemp(d->dir)) {
        d->dir[0] = '\0';
        perror("signup_bench: mkdtemp");
        return -1;
    }
    snprintf(d->db_path, sizeof d->db_path, "%s/bench.db", d->dir);
    char *hash = pf_password_hash(SF_PASSWORD);
    if (!hash)
        return -1;
    struct sf_shape fixture_shape = shape();
    json_t *doc = sf_fixture(&fixture_shape, hash);
    free(hash);
    char file[600], config[600];
    snprintf(file, sizeof file, "%s/fixture.json", d->dir);
    int rc = doc ? json_dump_file(doc, file, 0) : -1;
    json_decref(doc);
    if (rc) {
        fprintf(stderr, "signup_bench: cannot write %s\n", file);
        return -1;
    }
    char *out = NULL;
    char *load[] = {(char *)pf_binary(), "load", "--db", d->db_path, file, NULL};
    rc = pf_run(load, &out);
    free(out);
    if (rc || write_config(d->dir, config))
        return -1;
    for (int attempt = 0; attempt < 3; attempt++)
        if (serve(d, config) == 0)
            return sf_read_ids(d->db_path, &fixture_shape, &bench.ids);
    fprintf(stderr, "signup_bench: the daemon did not start\n");
    return -1;
}

/* ---- signing up ------------------------------------------------------------------------------ */

/* POST /enrolments for the pupil and activity as this parent, timed; the answer into a. */
static void sign_up(int parent, long long pupil_id, long long activity_id, struct answer *a)
{
    char form[96];
    snprintf(form, sizeof form, "pupil_id=%lld&activity_id=%lld", pupil_id, activity_id);
    struct response res;
    double started = now_seconds();
    client_post(bench.clients[parent], "/enrolments", form, true, true, &res);
    a->seconds = now_seconds() - started;
    a->status = res.status;
    a->state = 'O';
    json_t *doc = res.status == 201 ? response_json(&res) : NULL;
    const char *state = json_string_value(json_object_get(doc, "status"));
    json_t *position = json_object_get(doc, "position");
    if (state && json_is_integer(position) && json_is_integer(json_object_get(doc, "id"))) {
        a->position = json_integer_value(position);
        if (!strcmp(state, "enrolled"))
            a->state = 'E';
        else if (!strcmp(state, "waitlisted"))
            a->state = 'W';
    }
    if (a->state == 'O')
        snprintf(a->detail, sizeof a->detail, "%s", res.body ? res.body : "");
    json_decref(doc);
    response_free(&res);
}

struct worker {
    int parent;
    int round;                /* A: the round; B: unused */
    pthread_barrier_t *barrier;
    struct answer *answers;   /* A: one; B: MANY, in the order they were sent */
};

/* Scenario A: wait for the release, then sign child a up for this round's activity. */
static void *rush_worker(void *arg)
{
    struct worker *w = arg;
    pthread_barrier_wait(w->barrier);
    sign_up(w->parent, bench.ids.pupils[0][w->parent], bench.ids.rush[w->round], w->answers);
    w->answers->activity = w->round;
    return NULL;
}

/* Scenario B: wait for the release, then sign child b up for all 50 activities in an order of
   this parent's own (Fisher–Yates with a per-parent seed). */
static void *many_worker(void *arg)
{
    struct worker *w = arg;
    int order[MANY];
    for (int i = 0; i < MANY; i++)
        order[i] = i;
    uint64_t seed = 0x5eed0000u + (uint64_t)w->parent;
    for (int i = MANY - 1; i > 0; i--) {
        int j = (int)(next_random(&seed) % (uint64_t)(i + 1));
        int kept = order[i];
        order[i] = order[j];
        order[j] = kept;
    }
    pthread_barrier_wait(w->barrier);
    for (int i = 0; i < MANY; i++) {
        sign_up(w->parent, bench.ids.pupils[1][w->parent], bench.ids.many[order[i]], &w->answers[i]);
        w->answers[i].activity = order[i];
    }
    return NULL;
}

/* Run one group of 200 workers released together by a barrier; the wall time from the release
   to the last answer, or -1 when the threads could not be started. */
static double release(void *(*body)(void *), struct worker workers[PARENTS])
{
    pthread_barrier_t barrier;
    if (pthread_barrier_init(&barrier, NULL, PARENTS + 1))
        return -1;
    pthread_t threads[PARENTS];
    for (int p = 0; p < PARENTS; p++) {
        workers[p].barrier = &barrier;
        if (pthread_create(&threads[p], NULL, body, &workers[p])) {
            fprintf(stderr, "signup_bench: cannot start thread %d\n", p + 1);
            exit(2); /* the others wait at the barrier for ever */
        }
    }
    pthread_barrier_wait(&barrier);
    double released = now_seconds();
    for (int p = 0; p < PARENTS; p++)
        pthread_join(threads[p], NULL);
    double seconds = now_seconds() - released;
    pthread_barrier_destroy(&barrier);
    return seconds;
}

/* The daemon's CPU time so far (user + system, from /proc), in seconds; 0 when unreadable.
   Per sign-up it hardly depends on what else the machine is doing, so builds compare fairly. */
static double daemon_cpu_seconds(int pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024];
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = '\0';
    const char *after = strrchr(line, ')'); /* the command name may hold spaces */
    unsigned long user = 0, sys = 0;
    if (!after || sscanf(after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user,
                         &sys) != 2)
        return 0;
    return (double)(user + sys) / (double)sysconf(_SC_CLK_TCK);
}

/* ---- the report ------------------------------------------------------------------------------ */

static int compare_doubles(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* The p-th percentile (nearest rank) of n sorted values. */
static double percentile(const double *sorted, size_t n, double p)
{
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    return sorted[(rank > n ? n : rank) - 1];
}

/* Throughput, latency percentiles and the answers by kind. */
static void print_figures(const struct answer *answers, size_t n, double wall)
{
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        abort();
    size_t enrolled = 0, waitlisted = 0, other = 0, shown = 0;
    for (size_t i = 0; i < n; i++) {
        sorted[i] = answers[i].seconds * 1000.0;
        enrolled += answers[i].state == 'E';
        waitlisted += answers[i].state == 'W';
        if (answers[i].state == 'O') {
            other++;
            if (shown++ < SHOWN_OTHERS)
                printf("  unexpected answer %ld: %.120s\n", answers[i].status, answers[i].detail);
        }
    }
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    printf("  sign-ups      %zu in %.3f s = %.0f sign-ups/s\n", n, wall, (double)n / wall);
    printf("  latency (ms)  p50 %.2f   p90 %.2f   p99 %.2f   max %.2f\n",
           percentile(sorted, n, 50), percentile(sorted, n, 90), percentile(sorted, n, 99),
           sorted[n - 1]);
    printf("  answers       enrolled %zu, waitlisted %zu, other %zu\n", enrolled, waitlisted,
           other);
    free(sorted);
}

/* ---- consistency ----------------------------------------------------------------------------- */

/* The answers for one activity: every sign-up accepted (nothing here may be refused), exactly
   min(capacity, sign-ups) enrolled at position 0, the rest waiting at positions 1…n each once;
   and the database holds the same numbers (db_enrolled, db_waitlisted: -1 when it has no
   rows). true when all holds, else the problem on stdout. */
static bool activity_consistent(const char *name, const struct answer *answers, size_t n,
                                int activity, long long db_enrolled, long long db_waitlisted)
{
    size_t signups = 0, enrolled = 0, waitlisted = 0, other = 0;
    bool *seen = calloc(n + 1, sizeof *seen);
    bool ok = seen != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        const struct answer *a = &answers[i];
        if (a->activity != activity)
            continue;
        signups++;
        if (a->state == 'E') {
            enrolled++;
            ok = a->position == 0;
        } else if (a->state == 'W') {
            waitlisted++;
            ok = a->position >= 1 && (size_t)a->position <= n && !seen[a->position];
            if (ok)
                seen[a->position] = true;
        } else {
            other++;
        }
        if (!ok)
            printf("  INCONSISTENT %s: answered %s at position %lld\n", name,
                   a->state == 'E' ? "enrolled" : "waitlisted", a->position);
    }
    free(seen);
    size_t expected_enrolled = signups < CAPACITY ? signups : CAPACITY;
    if (ok && (other || enrolled != expected_enrolled ||
               waitlisted != signups - expected_enrolled)) {
        printf("  INCONSISTENT %s: %zu sign-ups answered %zu enrolled, %zu waitlisted, %zu other"
               " (expected %zu enrolled)\n",
               name, signups, enrolled, waitlisted, other, expected_enrolled);
        ok = false;
    }
    if (ok && (db_enrolled != (long long)enrolled || db_waitlisted != (long long)waitlisted)) {
        printf("  INCONSISTENT %s: the database has %lld enrolled and %lld waitlisted, the"
               " answers said %zu and %zu\n",
               name, db_enrolled, db_waitlisted, enrolled, waitlisted);
        ok = false;
    }
    return ok;
}

/* Enrolled and waitlisted rows per activity key, and any other status, from the database. */
struct db_counts {
    json_t *rows; /* [{key, status, n}] */
};

static long long db_count(const struct db_counts *c, const char *key, const char *status)
{
    size_t i;
    json_t *row;
    json_array_foreach (c->rows, i, row)
        if (!strcmp(json_string_value(json_object_get(row, "key")), key) &&
            !strcmp(json_string_value(json_object_get(row, "status")), status))
            return json_integer_value(json_object_get(row, "n"));
    return 0;
}

/* Check every activity of a scenario; prints one line. true when all are consistent. */
static bool scenario_consistent(const char *prefix, int activities, const struct answer *answers,
                                size_t n, const struct db_counts *counts)
{
    int bad = 0;
    for (int i = 0; i < activities; i++) {
        char key[24];
        snprintf(key, sizeof key, "%s-%02d", prefix, i + 1);
        long long db_enrolled = counts ? db_count(counts, key, "enrolled") : -1;
        long long db_waitlisted = counts ? db_count(counts, key, "waitlisted") : -1;
        bad += !activity_consistent(key, answers, n, i, db_enrolled, db_waitlisted);
    }
    if (counts) {
        size_t i;
        json_t *row;
        json_array_foreach (counts->rows, i, row) {
            const char *key = json_string_value(json_object_get(row, "key"));
            const char *status = json_string_value(json_object_get(row, "status"));
            if (!strncmp(key, prefix, strlen(prefix)) && strcmp(status, "enrolled") &&
                strcmp(status, "waitlisted")) {
                printf("  INCONSISTENT %s: %lld rows with status %s\n", key,
                       (long long)json_integer_value(json_object_get(row, "n")), status);
                bad++;
            }
        }
    }
    printf("  consistency   %s: %d of %d activities with enrolled = min(%d, sign-ups), waiting"
           " positions 1..n, answers = database\n",
           bad ? "FAILED" : "ok", activities - bad, activities, CAPACITY);
    return bad == 0;
}

/* ---- main ------------------------------------------------------------------------------------ */

static void print_load(const char *when)
{
    FILE *f = fopen("/proc/loadavg", "r");
    char line[128] = "?";
    if (f) {
        if (!fgets(line, sizeof line, f))
            snprintf(line, sizeof line, "?\n");
        fclose(f);
    }
    printf("load average %s: %s", when, line);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    bench.rounds = argc > 1 ? atoi(argv[1]) : ROUNDS_DEFAULT;
    if (bench.rounds < 1 || bench.rounds > ROUNDS_MAX) {
        fprintf(stderr, "usage: %s [rounds 1..%d]\n", argv[0], ROUNDS_MAX);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const char *synchronous = getenv("SYNCHRONOUS");
    printf("signup_bench: %s, %ld cores, %d parents, capacity %d, daemon default threads,"
           " synchronous %s\n",
           pf_binary(), sysconf(_SC_NPROCESSORS_ONLN), PARENTS, CAPACITY,
           synchronous && *synchronous ? synchronous : "(default)");
    print_load("at start");

    double t0 = now_seconds();
    if (start_daemon()) {
        daemon_stop(&bench.server);
        return 2;
    }
    double t1 = now_seconds();
    int rc = sf_log_in(&bench.server, bench.clients, PARENTS);
    printf("setup: fixture loaded and daemon up in %.2f s; %d logins in %.2f s\n", t1 - t0,
           PARENTS, now_seconds() - t1);
    static struct answer rush_answers[ROUNDS_MAX * PARENTS];
    static struct answer many_answers[PARENTS * MANY];
    size_t rush_n = (size_t)bench.rounds * PARENTS, many_n = PARENTS * MANY;
    bool consistent = false;
    if (rc)
        goto out;

    /* A: one activity at a time. */
    struct worker workers[PARENTS];
    double rush_wall = 0, slowest = 0, fastest = 1e9;
    double cpu_before = daemon_cpu_seconds(bench.server.pid);
    for (int r = 0; r < bench.rounds; r++) {
        for (int p = 0; p < PARENTS; p++)
            workers[p] = (struct worker){.parent = p, .round = r,
                                         .answers = &rush_answers[r * PARENTS + p]};
        double seconds = release(rush_worker, workers);
        rush_wall += seconds;
        slowest = seconds > slowest ? seconds : slowest;
        fastest = seconds < fastest ? seconds : fastest;
    }
    printf("\n== A: %d parents sign up for one activity at the same moment, %d rounds\n",
           PARENTS, bench.rounds);
    double cpu_rush = daemon_cpu_seconds(bench.server.pid) - cpu_before;
    print_figures(rush_answers, rush_n, rush_wall);
    printf("  per round     %.1f ms fastest, %.1f ms slowest (release to last answer)\n",
           fastest * 1000, slowest * 1000);
    printf("  server CPU    %.1f us per sign-up\n", cpu_rush / (double)rush_n * 1e6);

    /* B: 50 activities, each parent in its own order. */
    for (int p = 0; p < PARENTS; p++)
        workers[p] = (struct worker){.parent = p, .answers = &many_answers[p * MANY]};
    cpu_before = daemon_cpu_seconds(bench.server.pid);
    double many_wall = release(many_worker, workers);
    double cpu_many = daemon_cpu_seconds(bench.server.pid) - cpu_before;
    printf("\n== B: %d parents each sign up for %d activities, random order per parent\n",
           PARENTS, MANY);
    print_figures(many_answers, many_n, many_wall);
    printf("  server CPU    %.1f us per sign-up\n", cpu_many / (double)many_n * 1e6);

    /* Consistency, from the answers and from the database. */
    printf("\n== consistency\n");
    struct db_counts counts = {pf_query(bench.server.db_path,
                                        "SELECT a.key AS key, e.status AS status, count(*) AS n"
                                        " FROM enrolments e"
                                        " JOIN activities a ON a.id = e.activity_id"
                                        " GROUP BY a.key, e.status")};
    if (!counts.rows)
        printf("  INCONSISTENT: cannot read the database\n");
    bool a_ok = scenario_consistent("rush", bench.rounds, rush_answers, rush_n,
                                    counts.rows ? &counts : NULL);
    bool b_ok = scenario_consistent("many", MANY, many_answers, many_n,
                                    counts.rows ? &counts : NULL);
    consistent = a_ok && b_ok && counts.rows;
    json_decref(counts.rows);
    print_load("at end");

out:
    for (int p = 0; p < PARENTS; p++)
        client_free(bench.clients[p]);
    if (daemon_stop(&bench.server))
        consistent = false;
    printf("signup_bench: %s (%.1f s in all)\n", consistent ? "consistent" : "FAILED",
           now_seconds() - t0);
    return consistent ? 0 : 1;
}
