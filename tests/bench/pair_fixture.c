/* The data of the bench pairs (tests/bench/pairs.sh), from the sign-up benchmarks' world
 * (signup_fixture.h):
 *
 *   pair_fixture child FILE
 *       A load file with one parent (ouder001@bench.nl) and one child eligible for CHILD_OPEN
 *       open activities with a goal and a location: the parent's child page of issue 13
 *       (about 34 KB). Prints "email password".
 *   pair_fixture signup FILE ROUNDS
 *       A load file with SIGNUP_PARENTS parents, each with CHILDREN_PER_ROUND children per
 *       round, and SIGNUP_ACTIVITIES activities (30 seats, sessions that never overlap).
 *   pair_fixture sessions PORT DB ROUNDS DIR
 *       Logs every parent of the signup file in at the daemon on 127.0.0.1:PORT (serving DB) and
 *       writes DIR/signups-R.txt for each round R = 1…ROUNDS: one sign-up per line,
 *       "vsid=…<TAB>pupil_id=…&activity_id=…&csrf=…", the round's children of every parent
 *       for every activity, each (parent, child) in its own order, breadth first (every child's
 *       first activity, then every child's second, …), so any prefix spreads over all parents.
 *       No rule refuses one of them as long as the daemon runs with max_per_child = 100.
 *
 * Build: cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -Itests/http tests/bench/pair_fixture.c
 *   tests/http/harness.c -lcurl -ljansson -lsodium -lpthread -o /tmp/pair_fixture
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "parent_fixture.h"
#include "signup_fixture.h"

enum {
    CHILD_OPEN = 30,
    SIGNUP_PARENTS = 256,
    CHILDREN_PER_ROUND = 2,
    ROUNDS_MAX = SF_CHILDREN_MAX / CHILDREN_PER_ROUND,
    SIGNUP_ACTIVITIES = 100, /* [enrolment] max_per_child at most 100 */
    CAPACITY = 30,
    COOKIE_MAX = 160,
};

static const struct sf_shape child_shape = {
    .parents = 1, .children = 1, .many = CHILD_OPEN, .capacity = CAPACITY, .described = true};

static struct sf_shape signup_shape(int rounds)
{
    return (struct sf_shape){.parents = SIGNUP_PARENTS,
                             .children = CHILDREN_PER_ROUND * rounds,
                             .many = SIGNUP_ACTIVITIES,
                             .capacity = CAPACITY};
}

/* The shape's load file, every account with SF_PASSWORD, written to path. The hash is Argon2id
   at libsodium's lowest cost (the daemon verifies with the parameters in the hash): 256 logins
   then take a second, not minutes; nothing measured here hashes a password. 0 or -1. */
static int write_fixture(const struct sf_shape *shape, const char *path)
{
    char hash[crypto_pwhash_STRBYTES];
    if (sodium_init() < 0 ||
        crypto_pwhash_str(hash, SF_PASSWORD, strlen(SF_PASSWORD), crypto_pwhash_OPSLIMIT_MIN,
                          crypto_pwhash_MEMLIMIT_MIN)) {
        fprintf(stderr, "pair_fixture: cannot hash the password\n");
        return -1;
    }
    json_t *doc = sf_fixture(shape, hash);
    int rc = doc ? json_dump_file(doc, path, 0) : -1;
    json_decref(doc);
    if (rc)
        fprintf(stderr, "pair_fixture: cannot write %s\n", path);
    return rc ? -1 : 0;
}

/* splitmix64: a small, seedable generator, so every run uses the same orders. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* 0…n-1 in the order of seed (Fisher–Yates). */
static void shuffled(int *order, int n, uint64_t seed)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(next_random(&seed) % (uint64_t)(i + 1));
        int kept = order[i];
        order[i] = order[j];
        order[j] = kept;
    }
}

/* The session cookie ("vsid=…") of a logged-in client into out; 0 or -1. */
static int session_cookie(struct client *c, char out[COOKIE_MAX])
{
    if (client_cookie(c, "vsid", out + 5, COOKIE_MAX - 5))
        return -1;
    memcpy(out, "vsid=", 5);
    return 0;
}

/* DIR/signups-R.txt of round r (0-based) as in the comment at the top. 0 or -1. */
static int write_round(const char *dir, int r, const struct sf_ids *ids, char cookies[][COOKIE_MAX],
                       struct client **clients)
{
    char path[600];
    snprintf(path, sizeof path, "%s/signups-%d.txt", dir, r + 1);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    static int orders[SIGNUP_PARENTS][CHILDREN_PER_ROUND][SIGNUP_ACTIVITIES];
    for (int p = 0; p < SIGNUP_PARENTS; p++)
        for (int k = 0; k < CHILDREN_PER_ROUND; k++)
            shuffled(orders[p][k], SIGNUP_ACTIVITIES,
                     0x5eed0000u + (uint64_t)(p * SF_CHILDREN_MAX + r * CHILDREN_PER_ROUND + k));
    for (int i = 0; i < SIGNUP_ACTIVITIES; i++)
        for (int k = 0; k < CHILDREN_PER_ROUND; k++)
            for (int p = 0; p < SIGNUP_PARENTS; p++)
                fprintf(f, "%s\tpupil_id=%lld&activity_id=%lld&csrf=%s\n", cookies[p],
                        ids->pupils[r * CHILDREN_PER_ROUND + k][p], ids->many[orders[p][k][i]],
                        client_csrf(clients[p]));
    return fclose(f) == 0 ? 0 : -1;
}

static int write_sessions(int port, const char *db_path, int rounds, const char *dir)
{
    struct sf_shape shape = signup_shape(rounds);
    static struct sf_ids ids;
    if (sf_read_ids(db_path, &shape, &ids)) {
        fprintf(stderr, "pair_fixture: %s does not hold the signup fixture\n", db_path);
        return -1;
    }
    struct daemon d = {.port = port};
    snprintf(d.db_path, sizeof d.db_path, "%s", db_path);
    static struct client *clients[SIGNUP_PARENTS];
    static char cookies[SIGNUP_PARENTS][COOKIE_MAX];
    int rc = sf_log_in(&d, clients, SIGNUP_PARENTS);
    for (int p = 0; !rc && p < SIGNUP_PARENTS; p++)
        rc = session_cookie(clients[p], cookies[p]);
    for (int r = 0; !rc && r < rounds; r++)
        rc = write_round(dir, r, &ids, cookies, clients);
    for (int p = 0; p < SIGNUP_PARENTS; p++)
        client_free(clients[p]);
    return rc;
}

/* ROUNDS from text, 0 when it is not 1…ROUNDS_MAX. */
static int rounds_of(const char *text)
{
    int rounds = atoi(text);
    return rounds >= 1 && rounds <= ROUNDS_MAX ? rounds : 0;
}

int main(int argc, char **argv)
{
    const char *command = argc > 1 ? argv[1] : "";
    if (argc == 3 && !strcmp(command, "child")) {
        if (write_fixture(&child_shape, argv[2]))
            return 1;
        printf("ouder001@bench.nl %s\n", SF_PASSWORD);
        return 0;
    }
    if (argc == 4 && !strcmp(command, "signup") && rounds_of(argv[3])) {
        struct sf_shape shape = signup_shape(rounds_of(argv[3]));
        return write_fixture(&shape, argv[2]) ? 1 : 0;
    }
    if (argc == 6 && !strcmp(command, "sessions") && rounds_of(argv[4])) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        return write_sessions(atoi(argv[2]), argv[3], rounds_of(argv[4]), argv[5]) ? 1 : 0;
    }
    fprintf(stderr,
            "usage: %s child FILE\n"
            "       %s signup FILE ROUNDS\n"
            "       %s sessions PORT DB ROUNDS DIR\n"
            "(ROUNDS 1..%d)\n",
            argv[0], argv[0], argv[0], ROUNDS_MAX);
    return 2;
}
