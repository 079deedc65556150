#include "db/db.h"
#include "db/wal_batch.h"

#include "util/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { STMT_CACHE_SIZE = 1024 };

/* The page cache of each connection, and the database file mapped into memory. In WAL mode a
   connection drops its whole page cache whenever another connection has committed, so under
   a thread pool most transactions start cold. 8 MB of cache (the default is 2 MB) holds a
   sign-up's hot set (the activity, the pupil, their enrolments and sessions, the indexes of
   these, the tallies' rows: a few hundred pages at a national scale) with room for a
   report's reads; pages are allocated as they are used.
   db_open maps up to 2 GB of the file (SQLite's own ceiling in Debian's build), which takes
   memory only as far as the file is read (the kernel's page cache, shared): a page of the
   file is then found in the map instead of read with pread into a fresh cache page. That
   pays for reads over much of the file (the reports: the national dashboard's figures 475 ->
   390 ms CPU, tests/bench/national.sh), but SQLite also unmaps the whole file when a read
   transaction finds that another connection committed, so under a stream of writes each
   transaction pays the unmapping and a page fault per page it touches again: CPU per
   sign-up 1,024 us mapped, 448 us unmapped (tests/bench/pairs.sh signup, synchronous normal).
   The server's connections are therefore unmapped (db_set_mapped), and reads over much of the
   file go to a mapped connection of their own (db_for_scans). */
/* The WAL is copied back into the file (a checkpoint, with an fsync of the file) when it holds
   4,000 pages (16 MB) instead of SQLite's 1,000: a checkpoint copies each page once however
   often it was written since the last one, and a sign-up writes the same hot pages (the
   activity's enrolments, the indexes' leaves) again and again. Alternated with the build
   before, three times (tests/bench/pairs.sh signup, synchronous normal): ratio to the floor
   0.136, 0.176, 0.133 against 0.124, 0.117, 0.086; CPU per sign-up 309, 273, 394 us against
   336, 338, 519 us. */
#define CACHE_PRAGMAS "PRAGMA cache_size=-8192; PRAGMA wal_autocheckpoint=4000;"
#define MAP_ON "PRAGMA mmap_size=2147418112"
#define MAP_OFF "PRAGMA mmap_size=0"
enum { DB_CHUNK_BYTES = 4 << 20 };

struct cached_stmt {
    const char *sql; /* the caller's pointer, compared first; then by text */
    sqlite3_stmt *stmt;
};

struct db {
    sqlite3 *handle;
    char *path;        /* as opened: db_for_scans opens the same file */
    bool mapped;       /* the file is mapped (db_set_mapped) */
    struct db *scans;  /* db_for_scans: a mapped connection of its own, or NULL */
    struct db *beside; /* db_for_scans_beside: a second one, or NULL */
    struct db *writer; /* db_share_writer: where this connection's write transactions run */
    size_t n_cached;
    struct cached_stmt cache[STMT_CACHE_SIZE];
    bool in_write;
    char client[64]; /* db_set_client */
};

/* One writer at a time inside the process, so SQLite's busy handler never blocks a thread. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* Run by db_commit before COMMIT (db_set_before_commit); set once at start. */
static int (*before_commit)(struct db *db);

void db_set_before_commit(int (*fn)(struct db *db)) { before_commit = fn; }

/* Run by db_open on each new connection (db_set_on_open); set once at start. */
static int (*on_open)(sqlite3 *handle);

void db_set_on_open(int (*fn)(sqlite3 *handle)) { on_open = fn; }

/* The PRAGMA synchronous of every new connection (db_set_synchronous); set once at start. */
static enum db_synchronous synchronous_mode = DB_SYNCHRONOUS_NORMAL;

void db_set_synchronous(enum db_synchronous mode) { synchronous_mode = mode; }

bool db_in_write(const struct db *db) { return db->in_write; }

void db_share_writer(struct db *db, struct db *writer) { db->writer = writer; }

/* The connection a statement of db runs on now: the shared writer inside a write transaction
   of a connection that has one, else db itself. */
static struct db *db_now(struct db *db) { return db->in_write && db->writer ? db->writer : db; }

void db_set_client(struct db *db, const char *address)
{
    snprintf(db->client, sizeof db->client, "%s", address ? address : "");
}

const char *db_client(const struct db *db) { return db->client; }

int db_setup_library(void)
{
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        return -1;
    return wal_batch_register();
}

struct db *db_open(const char *path, char *err, size_t errlen)
{
    struct db *db = calloc(1, sizeof *db);
    if (!db)
        abort();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    wal_batch_register(); /* a commit's WAL frames in one write (wal_batch.h) */
    if (sqlite3_open_v2(path, &db->handle, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path,
                 db->handle ? sqlite3_errmsg(db->handle) : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(db->handle, 5000);
    const char *pragmas = synchronous_mode == DB_SYNCHRONOUS_FULL
                              ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
    db->mapped = true;
    db->path = strdup(path);
    if (!db->path || sqlite3_exec(db->handle, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db->handle, CACHE_PRAGMAS " " MAP_ON ";", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db->handle));
        goto fail;
    }
    int chunk = DB_CHUNK_BYTES; /* the file grows in steps, so the map is rebuilt seldom */
    sqlite3_file_control(db->handle, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
    if (on_open && on_open(db->handle)) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db->handle));
        goto fail;
    }
    return db;
fail:
    sqlite3_close(db->handle);
    free(db->path);
    free(db);
    return NULL;
}

int db_set_mapped(struct db *db, bool mapped)
{
    if (db_exec(db, mapped ? MAP_ON : MAP_OFF))
        return -1;
    db->mapped = mapped;
    return 0;
}

/* A mapped connection to db's file in *slot, opened on first use; db when it cannot be. */
static struct db *mapped_twin(struct db *db, struct db **slot)
{
    if (!*slot) {
        char err[256];
        *slot = db_open(db->path, err, sizeof err);
        if (!*slot) {
            log_error("db: no connection for reports: %s\n", err);
            return db;
        }
    }
    return *slot;
}

struct db *db_for_scans(struct db *db)
{
    if (db->mapped || db->in_write || !sqlite3_get_autocommit(db->handle))
        return db; /* what db reads now must be read on db itself */
    return mapped_twin(db, &db->scans);
}

struct db *db_for_scans_beside(struct db *db)
{
    struct db *twin = mapped_twin(db, &db->beside);
    return twin == db ? NULL : twin;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    if (db->in_write)
        db_rollback(db);
    for (size_t i = 0; i < db->n_cached; i++)
        sqlite3_finalize(db->cache[i].stmt);
    sqlite3_close(db->handle);
    db_close(db->scans);
    db_close(db->beside);
    free(db->path);
    free(db);
}

sqlite3 *db_handle(struct db *db) { return db_now(db)->handle; }

static sqlite3_stmt *cache_lookup(struct db *db, const char *sql)
{
    for (size_t i = 0; i < db->n_cached; i++)
        if (db->cache[i].sql == sql)
            return db->cache[i].stmt;
    for (size_t i = 0; i < db->n_cached; i++)
        if (!strcmp(sqlite3_sql(db->cache[i].stmt), sql))
            return db->cache[i].stmt;
    return NULL;
}

/* A statement that writes, asked for outside a write transaction on a connection whose
   writes run on a shared writer, would write on the wrong connection: refused, loudly. */
static bool writes_outside_transaction(const struct db *db, sqlite3_stmt *stmt)
{
    if (!db->writer || db->in_write || sqlite3_stmt_readonly(stmt))
        return false;
    log_error("db: a statement that writes outside db_begin … db_commit: %s\n",
              sqlite3_sql(stmt));
    return true;
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
    struct db *asked = db;
    db = db_now(db);
    sqlite3_stmt *stmt = cache_lookup(db, sql);
    if (stmt && writes_outside_transaction(asked, stmt))
        return NULL;
    if (stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return stmt;
    }
    const char *tail = NULL;
    unsigned flags = db->n_cached < STMT_CACHE_SIZE ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db->handle, sql, -1, flags, &stmt, &tail) != SQLITE_OK) {
        log_error("db: prepare failed: %s\n  in: %s\n", sqlite3_errmsg(db->handle), sql);
        return NULL;
    }
    while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
        tail++;
    if (tail && *tail) {
        log_error("db: trailing SQL refused: %s\n", tail);
        sqlite3_finalize(stmt);
        return NULL;
    }
    if (db->n_cached == STMT_CACHE_SIZE) {
        log_error("db: statement cache full\n");
        sqlite3_finalize(stmt);
        return NULL;
    }
    db->cache[db->n_cached].sql = sql;
    db->cache[db->n_cached].stmt = stmt;
    db->n_cached++;
    return writes_outside_transaction(asked, stmt) ? NULL : stmt;
}

int db_exec(struct db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db_now(db)->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("db: %s\n", msg ? msg : "exec failed");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* ---- write transactions and group commit -----------------------------------------------------

   Connections without a shared writer run BEGIN IMMEDIATE … COMMIT on themselves, one at a
   time under write_lock. Connections with one (the server's workers) take turns on the writer,
   and their transactions are committed in groups: each runs as a savepoint inside the writer's
   open transaction; at its db_commit the savepoint is released, and when another thread is
   waiting for the lock the COMMIT is left to a later member, so that one COMMIT (one write of
   the WAL's frames, one fsync with synchronous = FULL, fewer checkpoints) serves them all.
   Every member's db_commit returns only when the group's COMMIT has ended, with its result:
   nothing is answered before it is durable, and when the COMMIT fails every member fails.
   A member that rolls back undoes its savepoint only. A member reads what the members before
   it wrote in the same group, as it would after their commits. */
enum { GROUP_MAX = 64 }; /* members in one group at most (a worker thread waits in each) */

/* A member waiting for its group's COMMIT, on its own stack. */
struct member {
    struct member *next;
    int result; /* the COMMIT's: 0 or -1 */
    bool done;
};

static struct {
    pthread_cond_t ended;    /* broadcast when a group's COMMIT has ended */
    atomic_uint waiting;     /* threads waiting for write_lock */
    struct db *writer;       /* the writer whose transaction is open as a group, or NULL */
    unsigned members;        /* savepoints released into the open group */
    struct member *released; /* their members, waiting */
} group = {.ended = PTHREAD_COND_INITIALIZER};

/* How busy the write lock has been (db_write_stats); written under it, read without. */
static struct {
    atomic_llong held_ns, groups, members;
    long long held_since; /* CLOCK_MONOTONIC ns when the holder took the lock */
} lock_stats;

static long long monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Just after write_lock was taken, and just before it is let go (unlocked or waited on). */
static void lock_taken(void)
{
    lock_stats.held_since = monotonic_ns();
}

static void lock_leaving(void)
{
    atomic_fetch_add_explicit(&lock_stats.held_ns, monotonic_ns() - lock_stats.held_since,
                              memory_order_relaxed);
}

void db_write_stats(struct db_write_stats *out)
{
    out->held_us = atomic_load_explicit(&lock_stats.held_ns, memory_order_relaxed) / 1000;
    out->groups = atomic_load_explicit(&lock_stats.groups, memory_order_relaxed);
    out->members = atomic_load_explicit(&lock_stats.members, memory_order_relaxed);
}

static void write_lock_take(void)
{
    atomic_fetch_add(&group.waiting, 1);
    pthread_mutex_lock(&write_lock);
    atomic_fetch_sub(&group.waiting, 1);
    lock_taken();
}

/* End the open group, under write_lock: COMMIT what its members released (roll back when
   none did), give each member the result and wake them. */
static void group_end(void)
{
    struct db *w = group.writer;
    if (!w)
        return;
    int rc = 0;
    if (sqlite3_get_autocommit(w->handle))
        rc = group.members ? -1 : 0; /* SQLite rolled it back itself (an I/O error) */
    else if (db_exec(w, group.members ? "COMMIT" : "ROLLBACK"))
        rc = -1;
    if (rc && !sqlite3_get_autocommit(w->handle))
        db_exec(w, "ROLLBACK");
    if (rc == 0 && group.members) {
        atomic_fetch_add_explicit(&lock_stats.groups, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&lock_stats.members, group.members, memory_order_relaxed);
    }
    for (struct member *m = group.released; m; m = m->next) {
        m->result = rc;
        m->done = true;
    }
    group.released = NULL;
    group.members = 0;
    group.writer = NULL;
    pthread_cond_broadcast(&group.ended);
}

/* Whether the open group may wait for another member: a thread waits for the lock. */
static bool group_may_grow(void)
{
    return atomic_load(&group.waiting) > 0 && group.members < GROUP_MAX;
}

/* Release write_lock; the open group is committed first unless a thread waits to join it. */
static void write_lock_leave(void)
{
    if (group.writer && !group_may_grow())
        group_end();
    lock_leaving();
    pthread_mutex_unlock(&write_lock);
}

/* Undo the member's savepoint on the writer (the group's other members keep theirs). */
static void member_undo(struct db *w)
{
    if (!sqlite3_get_autocommit(w->handle) && !db_exec(w, "ROLLBACK TO member"))
        db_exec(w, "RELEASE member");
}

static int member_begin(struct db *db)
{
    struct db *w = db->writer;
    if (!group.writer) {
        if (db_exec(w, "BEGIN IMMEDIATE"))
            return -1;
        group.writer = w;
    }
    return db_exec(w, "SAVEPOINT member");
}

int db_in_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx)
{
    bool own = !db->in_write && sqlite3_get_autocommit(db->handle);
    if (own && db_exec(db, "BEGIN"))
        return -1;
    int rc = read(db, ctx);
    if (own)
        db_exec(db, "COMMIT");
    return rc;
}

int db_begin(struct db *db)
{
    write_lock_take();
    if (!db->writer)
        group_end(); /* its own connection writes now: the writer's group is committed first */
    int rc = db->writer ? member_begin(db) : db_exec(db, "BEGIN IMMEDIATE");
    if (rc) {
        write_lock_leave();
        return -1;
    }
    db->in_write = true; /* from here on db's statements run on its writer, if shared */
    return 0;
}

/* db_commit of a member: release its savepoint into the group, then wait for the group's
   COMMIT (or make it, when no other thread waits to join). */
static int member_commit(struct db *db, int rc)
{
    struct db *w = db->writer;
    if (rc == 0)
        rc = db_exec(w, "RELEASE member");
    db->in_write = false;
    if (rc) {
        member_undo(w);
        write_lock_leave();
        return -1;
    }
    struct member me = {.next = group.released};
    group.released = &me;
    group.members++;
    if (!group_may_grow())
        group_end();
    while (!me.done) {
        lock_leaving();
        pthread_cond_wait(&group.ended, &write_lock);
        lock_taken();
    }
    lock_leaving();
    pthread_mutex_unlock(&write_lock);
    return me.result;
}

int db_commit(struct db *db)
{
    int rc = before_commit ? before_commit(db) : 0;
    if (db->writer)
        return member_commit(db, rc);
    if (rc == 0)
        rc = db_exec(db, "COMMIT");
    if (rc)
        db_exec(db, "ROLLBACK");
    db->in_write = false;
    write_lock_leave();
    return rc;
}

void db_rollback(struct db *db)
{
    if (!db->in_write) /* already ended, e.g. by a db_commit that failed and rolled back */
        return;
    if (db->writer)
        member_undo(db->writer);
    else if (!sqlite3_get_autocommit(db->handle))
        db_exec(db, "ROLLBACK");
    db->in_write = false;
    write_lock_leave();
}

int db_step_done(sqlite3_stmt *stmt)
{
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) {
        sqlite3 *h = sqlite3_db_handle(stmt);
        log_error("db: step: %s\n  in: %s\n", sqlite3_errmsg(h), sqlite3_sql(stmt));
        sqlite3_reset(stmt);
        return -1;
    }
    sqlite3_reset(stmt);
    return 0;
}

int64_t db_scalar_int(struct db *db, const char *sql, int64_t fallback)
{
    sqlite3_stmt *stmt = db_stmt(db, sql);
    if (!stmt)
        return fallback;
    int64_t v = fallback;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return v;
}

/* Step a statement whose parameters are bound: the first column of its first row, fallback
   when it has none, -1 on error. Resets the statement either way. */
static int64_t first_int(sqlite3_stmt *stmt, int64_t fallback)
{
    int rc = sqlite3_step(stmt);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : fallback;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3 *h = sqlite3_db_handle(stmt);
        log_error("db: step: %s\n  in: %s\n", sqlite3_errmsg(h), sqlite3_sql(stmt));
        v = -1;
    }
    sqlite3_reset(stmt);
    return v;
}

int64_t db_int(struct db *db, const char *sql, int64_t a, int64_t b, int64_t fallback)
{
    sqlite3_stmt *stmt = db_stmt(db, sql);
    if (!stmt)
        return -1;
    /* Binding a parameter the query lacks fails with SQLITE_RANGE and changes nothing. */
    sqlite3_bind_int64(stmt, 1, a);
    sqlite3_bind_int64(stmt, 2, b);
    return first_int(stmt, fallback);
}

int64_t db_int_text(struct db *db, const char *sql, const char *text, int64_t a, int64_t b,
                    int64_t fallback)
{
    sqlite3_stmt *stmt = db_stmt(db, sql);
    if (!stmt)
        return -1;
    db_bind_text(stmt, 1, text);
    sqlite3_bind_int64(stmt, 2, a);
    sqlite3_bind_int64(stmt, 3, b);
    return first_int(stmt, fallback);
}

int db_bind_text(sqlite3_stmt *stmt, int index, const char *value)
{
    if (!value)
        return sqlite3_bind_null(stmt, index);
    return sqlite3_bind_text(stmt, index, value, -1, SQLITE_TRANSIENT);
}

const char *db_col_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    return t ? (const char *)t : "";
}
