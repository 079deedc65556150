/* The world of the sign-up benchmarks (signup_bench.c, and signup_pair.c of tests/bench/pairs.sh):
   one school "noord"; activities "rush-NN" and "many-NN" whose sessions never overlap within a
   set; parents ouderNNN@bench.nl, each with children a-NNN, b-NNN, … (grade 6, eligible for
   every activity), all with one password. Building the load file, reading the ids back from
   the database and logging every parent in at once.

   Header only (static inline), as bench_time.h: each bench stays one file to compile, linked
   with tests/http/harness.c. */
#ifndef VERRIJKT_TESTS_BENCH_SIGNUP_FIXTURE_H
#define VERRIJKT_TESTS_BENCH_SIGNUP_FIXTURE_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "parent_fixture.h"

#define SF_PASSWORD "wachtwoord-123"

enum {
    SF_PARENTS_MAX = 256,
    SF_CHILDREN_MAX = 8,
    /* Activities of one set whose sessions never overlap: 5 weekdays x 24 half hours from 08:00
       to 20:00. */
    SF_SLOTS = 120,
};

/* What sf_fixture builds. */
struct sf_shape {
    int parents;    /* 1..SF_PARENTS_MAX */
    int children;   /* per parent, 1..SF_CHILDREN_MAX */
    int rush;       /* activities rush-01…, 0..SF_SLOTS */
    int many;       /* activities many-01…, 0..SF_SLOTS */
    int capacity;   /* seats of every activity */
    bool described; /* activities with a goal and a location, as a real offer has them */
};

/* The database ids of the fixture's pupils and activities (sf_read_ids). */
struct sf_ids {
    long long pupils[SF_CHILDREN_MAX][SF_PARENTS_MAX]; /* [child][parent] */
    long long rush[SF_SLOTS], many[SF_SLOTS];
};

/* "HH:MM" of a number of minutes after midnight into out. */
static inline const char *sf_clock_time(int minutes, char out[12])
{
    snprintf(out, 12, "%02d:%02d", minutes / 60 % 24, minutes % 60);
    return out;
}

/* One activity whose sessions are in a slot of its own: index i takes weekday i % 5 + 1 and the
   half hour starting at 08:00 + 30 min * (i / 5), so activities 0…SF_SLOTS-1 of one set never
   overlap each other. Sessions from a week ago to 60 days ahead; sign-up open for 30 days.
   New reference. */
static inline json_t *sf_activity(const struct sf_shape *shape, const char *prefix, int i,
                                  const char *title_prefix)
{
    char from[11], until[11], signup_from[17], signup_until[17];
    pf_day(-7, from);
    pf_day(60, until);
    pf_moment(-1, "00:00", signup_from);
    pf_moment(30, "23:59", signup_until);
    int start_minutes = 8 * 60 + 30 * (i / 5);
    char key[24], title[48], start[12], end[12];
    snprintf(key, sizeof key, "%s-%02d", prefix, i + 1);
    snprintf(title, sizeof title, "%s %02d", title_prefix, i + 1);
    sf_clock_time(start_minutes, start);
    sf_clock_time(start_minutes + 30, end);
    json_t *a = json_pack(
        "{s:s, s:s, s:s, s:[s], s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "key", key,
        "school", "noord", "title", title, "domains", "sport", "grades", 5, 8, "capacity",
        shape->capacity, "weekday", i % 5 + 1, "start", start, "end", end, "from", from, "until",
        until, "signup_from", signup_from, "signup_until", signup_until);
    if (shape->described) {
        json_object_set_new(a, "goal", json_string("Samen bewegen, spelen en samenwerken."));
        json_object_set_new(a, "location", json_string("Gymzaal Noord, Schoolstraat 12"));
    }
    return a;
}

static inline json_t *sf_pupil(const char *key, int number)
{
    char text[16];
    snprintf(text, sizeof text, "%d", number);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "key", key, "school", "noord", "number",
                     text, "first_name", key, "last_name", "Bench", "grade", 6);
}

/* The key of child c (0-based) of parent p (0-based): "a-001", "b-001", … into out. */
static inline const char *sf_child_key(int c, int p, char out[16])
{
    snprintf(out, 16, "%c-%03d", 'a' + c, p + 1);
    return out;
}

/* The load file of the shape, every account with the password hash hash. New reference. */
static inline json_t *sf_fixture(const struct sf_shape *shape, const char *hash)
{
    json_t *activities = json_array();
    for (int i = 0; i < shape->rush; i++)
        json_array_append_new(activities, sf_activity(shape, "rush", i, "Drukte"));
    for (int i = 0; i < shape->many; i++)
        json_array_append_new(activities, sf_activity(shape, "many", i, "Keuze"));
    json_t *pupils = json_array(), *users = json_array();
    for (int p = 0; p < shape->parents; p++) {
        char email[32];
        snprintf(email, sizeof email, "ouder%03d@bench.nl", p + 1);
        json_t *children = json_array();
        for (int c = 0; c < shape->children; c++) {
            char key[16];
            json_array_append_new(pupils,
                                  sf_pupil(sf_child_key(c, p, key), 1000 * (c + 1) + p + 1));
            json_array_append_new(children, json_string(key));
        }
        json_array_append_new(users,
                              json_pack("{s:s, s:s, s:s, s:o}", "email", email, "role", "parent",
                                        "password_hash", hash, "children", children));
    }
    return json_pack("{s:[{s:s, s:s, s:s}], s:o, s:o, s:o}", "schools", "key", "noord", "name",
                     "Basisschool Noord", "kind", "po", "activities", activities, "pupils", pupils,
                     "users", users);
}

/* The ids of the fixture's pupils and activities, read from the database at db_path into ids.
   0, or -1 when one is missing or the database cannot be read. */
static inline int sf_read_ids(const char *db_path, const struct sf_shape *shape, struct sf_ids *ids)
{
    memset(ids, 0, sizeof *ids);
    json_t *rows = pf_query(db_path, "SELECT key, id FROM pupils");
    if (!rows)
        return -1;
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        const char *key = json_string_value(json_object_get(row, "key"));
        long long id = json_integer_value(json_object_get(row, "id"));
        char child;
        int p;
        if (key && sscanf(key, "%c-%d", &child, &p) == 2 && p >= 1 && p <= shape->parents &&
            child >= 'a' && child < 'a' + shape->children)
            ids->pupils[child - 'a'][p - 1] = id;
    }
    json_decref(rows);
    rows = pf_query(db_path, "SELECT key, id FROM activities");
    if (!rows)
        return -1;
    json_array_foreach (rows, i, row) {
        const char *key = json_string_value(json_object_get(row, "key"));
        long long id = json_integer_value(json_object_get(row, "id"));
        int n;
        if (key && sscanf(key, "rush-%d", &n) == 1 && n >= 1 && n <= shape->rush)
            ids->rush[n - 1] = id;
        else if (key && sscanf(key, "many-%d", &n) == 1 && n >= 1 && n <= shape->many)
            ids->many[n - 1] = id;
    }
    json_decref(rows);
    for (int c = 0; c < shape->children; c++)
        for (int p = 0; p < shape->parents; p++)
            if (!ids->pupils[c][p])
                return -1;
    for (int r = 0; r < shape->rush; r++)
        if (!ids->rush[r])
            return -1;
    for (int a = 0; a < shape->many; a++)
        if (!ids->many[a])
            return -1;
    return 0;
}

/* ---- logging in: LOGIN_THREADS parents at a time (the daemon's pool does the hashing) ------- */

enum { SF_LOGIN_THREADS = 16 }; /* more at once and a busy machine answers after the timeout */

struct sf_logins {
    struct client **clients;
    int n;
    int next; /* the next parent to log in, under lock */
    int failed[SF_PARENTS_MAX];
    pthread_mutex_t lock;
};

static inline void *sf_login_thread(void *arg)
{
    struct sf_logins *logins = arg;
    for (;;) {
        pthread_mutex_lock(&logins->lock);
        int p = logins->next++;
        pthread_mutex_unlock(&logins->lock);
        if (p >= logins->n)
            return NULL;
        char email[32];
        snprintf(email, sizeof email, "ouder%03d@bench.nl", p + 1);
        logins->failed[p] = client_login(logins->clients[p], email, SF_PASSWORD) != 0;
    }
}

/* A new client of the daemon d for each of the first n (at most SF_PARENTS_MAX) parents into
   clients[0…n-1], each logged in. 0, or -1 when a login failed (the parent on stderr); the
   caller frees every client. */
static inline int sf_log_in(struct daemon *d, struct client **clients, int n)
{
    static struct sf_logins logins;
    logins = (struct sf_logins){.clients = clients, .n = n};
    pthread_mutex_init(&logins.lock, NULL);
    for (int p = 0; p < n; p++)
        clients[p] = client_new(d);
    pthread_t threads[SF_LOGIN_THREADS];
    int started = 0;
    while (started < SF_LOGIN_THREADS &&
           !pthread_create(&threads[started], NULL, sf_login_thread, &logins))
        started++;
    if (started == 0)
        sf_login_thread(&logins);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&logins.lock);
    int rc = 0;
    for (int p = 0; p < n; p++)
        if (logins.failed[p]) {
            fprintf(stderr, "signup fixture: login of parent %d failed\n", p + 1);
            rc = -1;
        }
    return rc;
}

#endif
