/* The server's write path (db/db.h): worker connections whose write transactions run on one
   shared writer and are committed in groups. Threads write at the same time, some of their
   transactions rolled back or refused by the before-commit hook; every transaction whose
   db_commit returned 0 is in the database and visible to another connection at once, none
   of the others is, and a connection of its own (the mailer's) writes between the groups. The
   write lock's figures for /metrics count each committed member and group. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "testdb.h"

enum { THREADS = 6, PER_THREAD = 300 };

struct fixture {
    struct testdb t;
    char path[96];
    struct db *writer;
};

static int setup(void **state)
{
    if (testdb_setup_size(state, sizeof(struct fixture), "verrijkt-db-group",
                          "CREATE TABLE marks (thread INTEGER, n INTEGER, PRIMARY KEY (thread, n));"
                          "CREATE TABLE refused (thread INTEGER, n INTEGER);"))
        return -1;
    struct fixture *f = *state;
    snprintf(f->path, sizeof f->path, "%s/test.db", f->t.dir);
    char err[256];
    f->writer = db_open(f->path, err, sizeof err);
    return f->writer && !db_set_mapped(f->writer, false) ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->writer);
    return testdb_teardown(state);
}

/* The before-commit hook refuses a transaction that wrote into refused (as a failing tally
   refresh would): it must be undone, and only it. */
static int refuse_marked(struct db *db)
{
    return db_int(db, "SELECT count(*) FROM refused", 0, 0, -1) == 0 ? 0 : -1;
}

struct worker {
    struct fixture *f;
    int thread;
    bool shared; /* on the shared writer; else on its own connection, as the mailer */
    int committed, refused, failed;
    atomic_int *unseen; /* commits another connection did not see right after they returned */
};

/* One transaction of w: mark n; every 5th rolled back, every 7th refused by the hook. */
static void one(struct worker *w, struct db *db, struct db *reader, int n)
{
    if (db_begin(db)) {
        w->failed++;
        return;
    }
    int64_t rc = db_int(db, "INSERT INTO marks VALUES (?1, ?2)", w->thread, n, 0);
    if (rc == 0 && n % 7 == 3)
        rc = db_int(db, "INSERT INTO refused VALUES (?1, ?2)", w->thread, n, 0);
    if (rc != 0 || n % 5 == 4) {
        db_rollback(db);
        return;
    }
    if (db_commit(db)) {
        w->refused += n % 7 == 3; /* by the hook, as meant */
        w->failed += n % 7 != 3;
        return;
    }
    w->committed++;
    if (db_int(reader, "SELECT count(*) FROM marks WHERE thread = ?1 AND n = ?2", w->thread, n,
               -1) != 1)
        atomic_fetch_add(w->unseen, 1);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    char err[256];
    struct db *db = db_open(w->f->path, err, sizeof err);
    struct db *reader = db_open(w->f->path, err, sizeof err);
    if (!db || !reader || db_set_mapped(db, false)) {
        w->failed = -1;
        db_close(db);
        db_close(reader);
        return NULL;
    }
    if (w->shared)
        db_share_writer(db, w->f->writer);
    for (int n = 0; n < PER_THREAD; n++)
        one(w, db, reader, n);
    db_close(reader);
    db_close(db);
    return NULL;
}

static void threads_commit_in_groups(void **state)
{
    struct fixture *f = *state;
    db_set_before_commit(refuse_marked);
    struct db_write_stats before, after;
    db_write_stats(&before);
    atomic_int unseen = 0;
    struct worker workers[THREADS];
    pthread_t ids[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){.f = f, .thread = i, .shared = i != 0, .unseen = &unseen};
        assert_int_equal(pthread_create(&ids[i], NULL, work, &workers[i]), 0);
    }
    int committed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(ids[i], NULL);
        assert_int_equal(workers[i].failed, 0);
        assert_int_equal(workers[i].refused, 35);
        committed += workers[i].committed;
    }
    db_set_before_commit(NULL);
    assert_int_equal(atomic_load(&unseen), 0);
    /* of each thread's 300: rolled back n % 5 == 4 (60), refused n % 7 == 3 of the others
       (43 - 8 = 35) */
    assert_int_equal(committed, THREADS * (PER_THREAD - 60 - 35));
    assert_int_equal(db_int(f->t.db, "SELECT count(*) FROM marks", 0, 0, -1), committed);
    assert_int_equal(
        db_int(f->t.db, "SELECT count(*) FROM marks WHERE n % 5 = 4 OR n % 7 = 3", 0, 0, -1), 0);
    assert_int_equal(db_int(f->t.db, "SELECT count(*) FROM refused", 0, 0, -1), 0);
    /* the write lock's figures (/metrics): every member committed through a group is counted
       once (thread 0 writes on its own connection, outside the groups), each group once */
    db_write_stats(&after);
    int shared_committed = committed - workers[0].committed;
    assert_int_equal(after.members - before.members, shared_committed);
    assert_true(after.groups - before.groups >= 1);
    assert_true(after.groups - before.groups <= shared_committed);
    assert_true(after.held_us > before.held_us);
}

/* A statement that writes, prepared outside a transaction on a connection with a shared
   writer, is refused (it would write beside the writer); reads are not. */
static void a_write_outside_a_transaction_is_refused(void **state)
{
    struct fixture *f = *state;
    char err[256];
    struct db *db = db_open(f->path, err, sizeof err);
    assert_non_null(db);
    db_share_writer(db, f->writer);
    assert_null(db_stmt(db, "INSERT INTO marks VALUES (9, 9)"));
    assert_non_null(db_stmt(db, "SELECT count(*) FROM marks"));
    assert_int_equal(db_begin(db), 0);
    assert_non_null(db_stmt(db, "INSERT INTO marks VALUES (9, 9)"));
    db_rollback(db);
    db_close(db);
}

/* The reports read on a mapped connection of their own when the worker's is unmapped, and on
   the worker's own inside a transaction. */
static void scans_on_a_mapped_connection(void **state)
{
    struct fixture *f = *state;
    char err[256];
    struct db *db = db_open(f->path, err, sizeof err);
    assert_non_null(db);
    assert_ptr_equal(db_for_scans(db), db); /* mapped itself */
    assert_int_equal(db_set_mapped(db, false), 0);
    struct db *scans = db_for_scans(db);
    assert_ptr_not_equal(scans, db);
    assert_ptr_equal(db_for_scans(db), scans);
    assert_int_equal(db_begin(db), 0);
    assert_ptr_equal(db_for_scans(db), db);
    db_rollback(db);
    db_close(db);
}

/* What db_in_read's reader sees: two counts of marks with a write committed between them. */
struct two_counts {
    struct db *other; /* writes between the counts */
    int64_t first, second;
};

static int count_twice(struct db *db, void *ctx)
{
    struct two_counts *c = ctx;
    c->first = db_int(db, "SELECT count(*) FROM marks", 0, 0, -1);
    assert_int_equal(db_begin(c->other), 0);
    sqlite3_stmt *st = db_stmt(c->other, "INSERT INTO marks VALUES (?1, 1)");
    sqlite3_bind_int64(st, 1, 100 + c->first);
    assert_int_equal(db_step_done(st), 0);
    assert_int_equal(db_commit(c->other), 0);
    c->second = db_int(db, "SELECT count(*) FROM marks", 0, 0, -1);
    return 7;
}

static int count_once(struct db *db, void *ctx)
{
    struct two_counts *c = ctx;
    c->first = db_int(db, "SELECT count(*) FROM marks", 0, 0, -1);
    return 0;
}

/* db_in_read reads one snapshot: a commit of another connection (here through the shared
   writer, as a write inside a page's reads would go) is not seen until it ends; the reader's
   result comes back, and the connection is out of its transaction after. Inside the caller's
   transaction it reads in that one and leaves it open. */
static void one_snapshot_for_a_page_s_reads(void **state)
{
    struct fixture *f = *state;
    char err[256];
    struct db *db = db_open(f->path, err, sizeof err);
    struct db *other = db_open(f->path, err, sizeof err);
    assert_non_null(db);
    assert_non_null(other);
    db_share_writer(other, f->writer);
    struct two_counts c = {other, 0, 0};
    assert_int_equal(db_in_read(db, count_twice, &c), 7);
    assert_int_equal(c.first, 0);
    assert_int_equal(c.second, 0);
    assert_true(sqlite3_get_autocommit(db_handle(db)));
    assert_int_equal(db_int(db, "SELECT count(*) FROM marks", 0, 0, -1), 1);
    assert_int_equal(db_exec(db, "BEGIN"), 0); /* the caller's: read in it, leave it open */
    assert_int_equal(db_in_read(db, count_once, &c), 0);
    assert_int_equal(c.first, 1);
    assert_false(sqlite3_get_autocommit(db_handle(db)));
    assert_int_equal(db_exec(db, "COMMIT"), 0);
    db_close(other);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(threads_commit_in_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(a_write_outside_a_transaction_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(scans_on_a_mapped_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(one_snapshot_for_a_page_s_reads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
