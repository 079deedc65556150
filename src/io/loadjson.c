/* The JSON load format: the entry point (validate, hash passwords, write in one transaction)
   and the small helpers shared by load_check.c, load_write.c and dump.c. */
#include "io/loadjson.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "io/loadjson_internal.h"
#include "util/date.h"

const char *const load_sections[] = {
    "coalition", "domains",  "holidays", "schools",    "providers",  "staff",
    "activities", "sessions", "pupils",  "users",      "enrolments", "attendance",
    "rounds",    "preferences",
    /* later: the quality of the programme (load_check_quality.c, load_write_quality.c) */
    "norms", "evaluations", "incidents", "reviews",
    /* the rollover's state (load_rollover.c) */
    "pupil_grades", "rollovers",
    /* issue 15: the activity plan and visits (load_plans.c) */
    "plan_questions", "plans", "visits",
    /* issue 15, part 4: school budgets (load_costs.c) */
    "budgets",
    /* issue 15 part 2: the pupil's voice (load_voice.c) */
    "interests", "feedback", NULL,
};

const struct default_domain load_default_domains[LOAD_DEFAULT_DOMAINS] = {
    {"sport", "Sport"},
    {"cultuur", "Cultuur"},
    {"cognitief", "Cognitieve ontwikkeling"},
    {"sociaal", "Sociale ontwikkeling"},
    {"zelf", "Oriëntatie op jezelf"},
    {"wereld", "Oriëntatie op de wereld"},
};

/* ---- keymap ------------------------------------------------------------------------------ */

struct keymap_slot {
    char *key; /* NULL: empty */
    uint64_t hash;
    int64_t value;
};

static uint64_t hash_string(const char *s)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static struct keymap_slot *find_slot(const struct keymap *m, const char *key, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct keymap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && !strcmp(s->key, key)))
            return s;
    }
}

int64_t *keymap_get(const struct keymap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    struct keymap_slot *s = find_slot(m, key, hash_string(key));
    return s->key ? &s->value : NULL;
}

static void keymap_grow(struct keymap *m)
{
    struct keymap bigger = {calloc(m->cap ? m->cap * 2 : 64, sizeof(struct keymap_slot)),
                            m->cap ? m->cap * 2 : 64, m->n};
    if (!bigger.slots)
        abort();
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find_slot(&bigger, m->slots[i].key, m->slots[i].hash) = m->slots[i];
    free(m->slots);
    *m = bigger;
}

bool keymap_put(struct keymap *m, const char *key, int64_t value)
{
    if ((m->n + 1) * 2 > m->cap)
        keymap_grow(m);
    uint64_t h = hash_string(key);
    struct keymap_slot *s = find_slot(m, key, h);
    if (s->key) {
        s->value = value;
        return false;
    }
    s->key = strdup(key);
    if (!s->key)
        abort();
    s->hash = h;
    s->value = value;
    m->n++;
    return true;
}

void keymap_free(struct keymap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}

/* ---- small shared helpers ---------------------------------------------------------------- */

int load_fail(struct load_ctx *ctx, const char *prefix, const char *fmt, ...)
{
    char reason[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(ctx->err, ctx->errlen, "%s: %s", prefix, reason);
    return -1;
}

json_t *load_section(json_t *doc, const char *name)
{
    return json_object_get(doc, name);
}

int timestamp_parse(const char *s, int32_t *day, int64_t *ms)
{
    if (!s || strlen(s) != 23 || s[10] != 'T' || s[16] != ':' || s[19] != '.')
        return -1;
    char date[11], time[6];
    memcpy(date, s, 10);
    date[10] = '\0';
    memcpy(time, s + 11, 5);
    time[5] = '\0';
    int minutes, seconds, millis;
    if (date_parse(date, day) || time_parse(time, &minutes) ||
        date_digits(s + 17, 2, &seconds) || seconds > 59 || date_digits(s + 20, 3, &millis))
        return -1;
    *ms = ((int64_t)minutes * 60 + seconds) * 1000 + millis;
    return 0;
}

void timestamp_format(int32_t day, int64_t ms, char out[24])
{
    day += (int32_t)(ms / 86400000);
    ms %= 86400000;
    char date[11], full[48];
    date_format(day, date);
    snprintf(full, sizeof full, "%sT%02d:%02d:%02d.%03d", date, (int)(ms / 3600000),
             (int)(ms / 60000 % 60), (int)(ms / 1000 % 60), (int)(ms % 1000));
    snprintf(out, 24, "%.23s", full);
}

/* How to find a database id by key, per entity (string literals: cached statements). */
static const char *const ID_SQL[E_COUNT] = {
    [E_SCHOOL] = "SELECT id FROM schools WHERE key = ?1",
    [E_PROVIDER] = "SELECT id FROM providers WHERE key = ?1",
    [E_STAFF] = "SELECT id FROM staff WHERE key = ?1",
    [E_DOMAIN] = "SELECT id FROM domains WHERE code = ?1",
    [E_ACTIVITY] = "SELECT id FROM activities WHERE key = ?1",
    [E_PUPIL] = "SELECT id FROM pupils WHERE key = ?1",
    [E_ROUND] = "SELECT id FROM rounds WHERE key = ?1",
    [E_USER] = "SELECT id FROM users WHERE email = ?1", /* the column compares without case */
    [E_PLAN_QUESTION] = "SELECT id FROM plan_questions WHERE key = ?1",
};

int64_t load_id(struct load_ctx *ctx, enum entity e, const char *key)
{
    if (!key)
        return 0;
    int64_t *cached = keymap_get(&ctx->ids[e], key);
    if (cached)
        return *cached;
    sqlite3_stmt *st = db_stmt(ctx->db, ID_SQL[e]);
    if (!st)
        return 0;
    db_bind_text(st, 1, key);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (id)
        keymap_put(&ctx->ids[e], key, id);
    return id;
}

/* ---- passwords --------------------------------------------------------------------------- */

/* One plain password to hash (or to check against the hash already stored for the user). */
struct pw_job {
    const char *password; /* borrowed from the document */
    char existing[LOAD_HASH_SIZE];
    char *out; /* ctx->hashes[i] */
    int rc;
};

struct pw_pool {
    struct pw_job *jobs;
    size_t n;
    atomic_size_t next;
};

static void *pw_worker(void *arg)
{
    struct pw_pool *pool = arg;
    size_t i;
    while ((i = atomic_fetch_add(&pool->next, 1)) < pool->n) {
        struct pw_job *job = &pool->jobs[i];
        /* Keep a stored hash that already matches, so loading twice changes nothing. */
        if (job->existing[0] && password_verify(job->existing, job->password)) {
            memcpy(job->out, job->existing, LOAD_HASH_SIZE);
            job->rc = 0;
        } else {
            job->rc = password_hash(job->password, job->out, LOAD_HASH_SIZE);
        }
    }
    return NULL;
}

/* The hash stored now for email, copied into out ("" when the user does not exist). */
static void stored_hash(struct db *db, const char *email, char out[LOAD_HASH_SIZE])
{
    out[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT password_hash FROM users WHERE email = ?1");
    if (!st)
        return;
    db_bind_text(st, 1, email);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, LOAD_HASH_SIZE, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
}

/* Fill ctx->hashes for every user: password_hash as given, or the Argon2id hash of password
   (slow, so done on a few threads, before the write transaction takes the lock). 0 or -1. */
static int hash_passwords(struct load_ctx *ctx)
{
    json_t *users = load_section(ctx->doc, "users");
    ctx->n_users = json_array_size(users);
    if (!ctx->n_users)
        return 0;
    ctx->hashes = calloc(ctx->n_users, sizeof *ctx->hashes);
    struct pw_pool pool = {calloc(ctx->n_users, sizeof(struct pw_job)), 0, 0};
    if (!ctx->hashes || !pool.jobs)
        abort();
    for (size_t i = 0; i < ctx->n_users; i++) {
        json_t *u = json_array_get(users, i);
        const char *given = json_string_value(json_object_get(u, "password_hash"));
        if (given) {
            snprintf(ctx->hashes[i], LOAD_HASH_SIZE, "%s", given);
            continue;
        }
        struct pw_job *job = &pool.jobs[pool.n++];
        job->password = json_string_value(json_object_get(u, "password"));
        job->out = ctx->hashes[i];
        stored_hash(ctx->db, json_string_value(json_object_get(u, "email")), job->existing);
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n_threads = cpus < 1 ? 1 : cpus > 4 ? 4 : (size_t)cpus;
    if (n_threads > pool.n)
        n_threads = pool.n;
    pthread_t threads[4];
    size_t started = 0;
    for (; started < n_threads; started++)
        if (pthread_create(&threads[started], NULL, pw_worker, &pool))
            break;
    if (!started)
        pw_worker(&pool);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    int rc = 0;
    for (size_t i = 0; i < pool.n; i++)
        if (pool.jobs[i].rc)
            rc = load_fail(ctx, "users", "cannot hash a password (out of memory)");
    free(pool.jobs);
    return rc;
}

/* ---- entry ------------------------------------------------------------------------------- */

int load_document(struct db *db, json_t *doc, char *err, size_t errlen)
{
    struct load_ctx ctx = {.db = db, .doc = doc, .err = err, .errlen = errlen};
    if (errlen)
        err[0] = '\0';
    int rc = load_check(&ctx);
    if (!rc)
        rc = hash_passwords(&ctx);
    if (!rc) {
        if (db_begin(db)) {
            rc = load_fail(&ctx, "database", "cannot start a write transaction");
        } else {
            rc = load_write(&ctx);
            if (rc)
                db_rollback(db);
            else if (db_commit(db))
                rc = load_fail(&ctx, "database", "commit failed");
        }
    }
    for (int e = 0; e < E_COUNT; e++) {
        keymap_free(&ctx.in_doc[e]);
        keymap_free(&ctx.ids[e]);
    }
    free(ctx.hashes);
    return rc;
}
