/* Tests of src/db/wal_batch.c, the VFS that writes a commit's WAL frames in one write: a commit
 * takes far fewer writes than SQLite asks for; every commit is seen by another connection the
 * moment it returns (with synchronous NORMAL and FULL); a transaction larger than the batch and
 * a WAL that restarts after checkpoints leave a whole database; a commit is in the file when it
 * returns (a process that ends without closing loses nothing); a write the file refuses fails
 * the commit (FULL) or stops the process before the commit is published (NORMAL), and every
 * commit answered before it is found whole. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/wal_batch.h"

struct fixture {
    char dir[64];
    char path[96];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || wal_batch_register())
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/wal_batch.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s%s", f->path, suffixes[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static sqlite3 *open_db(const char *path, const char *synchronous)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char sql[160];
    snprintf(sql, sizeof sql,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA busy_timeout=5000;",
             synchronous);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    return db;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void assert_whole(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
}

/* A commit that writes rows to three tables with an index each: every one is seen by a second
   connection as soon as it returns, and the writes SQLite asked for reach the file in far
   fewer writes. */
static void commits_are_seen_at_once_in_fewer_writes(const char *path, const char *synchronous)
{
    sqlite3 *writer = open_db(path, synchronous), *reader = open_db(path, synchronous);
    exec(writer, "CREATE TABLE a (k INTEGER PRIMARY KEY, v TEXT UNIQUE);"
                 "CREATE TABLE b (k INTEGER PRIMARY KEY, v TEXT UNIQUE);"
                 "CREATE TABLE c (k INTEGER PRIMARY KEY, v TEXT UNIQUE);");
    struct wal_batch_counts before = wal_batch_counts();
    for (int i = 1; i <= 200; i++) {
        exec(writer, "BEGIN IMMEDIATE; INSERT INTO a (v) VALUES (hex(randomblob(40)));"
                     "INSERT INTO b (v) VALUES (hex(randomblob(40)));"
                     "INSERT INTO c (v) VALUES (hex(randomblob(40))); COMMIT;");
        assert_int_equal(scalar(reader, "SELECT (SELECT count(*) FROM a) + (SELECT count(*)"
                                        " FROM b) + (SELECT count(*) FROM c)"),
                         3 * i);
    }
    struct wal_batch_counts after = wal_batch_counts();
    unsigned long long asked = after.asked - before.asked;
    unsigned long long written = after.written - before.written;
    assert_true(asked >= 200 * 4); /* at least two frames of two writes each per commit */
    if (written * 4 > asked)
        fail_msg("%llu writes asked, %llu made", asked, written);
    assert_whole(reader);
    sqlite3_close(reader);
    sqlite3_close(writer);
}

static void with_synchronous_normal(void **state)
{
    commits_are_seen_at_once_in_fewer_writes(((struct fixture *)*state)->path, "NORMAL");
}

static void with_synchronous_full(void **state)
{
    commits_are_seen_at_once_in_fewer_writes(((struct fixture *)*state)->path, "FULL");
}

/* Five megabytes in one transaction (more than one batch), and many small commits with a
   checkpoint every few pages (the WAL starts again from its beginning): the reader sees every
   row and the database is whole. */
static void large_transactions_and_restarts_stay_whole(void **state)
{
    const char *path = ((struct fixture *)*state)->path;
    sqlite3 *writer = open_db(path, "NORMAL"), *reader = open_db(path, "NORMAL");
    exec(writer, "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB); PRAGMA wal_autocheckpoint=8;");
    exec(writer, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                 " INSERT INTO t (v) SELECT randomblob(1000) FROM n");
    assert_int_equal(scalar(reader, "SELECT count(*) FROM t"), 5000);
    for (int i = 0; i < 300; i++) {
        exec(writer, "INSERT INTO t (v) VALUES (randomblob(3000))");
        if (i % 50 == 0)
            assert_int_equal(scalar(reader, "SELECT count(*) FROM t"), 5001 + i);
    }
    assert_int_equal(scalar(reader, "SELECT count(*) FROM t"), 5300);
    assert_int_equal(scalar(reader, "SELECT count(*) FROM t WHERE length(v) NOT IN (1000, 3000)"),
                     0);
    assert_whole(reader);
    sqlite3_close(reader);
    sqlite3_close(writer);
}

/* A child process commits 100 rows with pragmas and ends without closing its connection (the
   WAL is neither checkpointed nor removed): the next connection finds every commit, from the
   WAL file alone. */
static void commits_survive_the_process(const char *path, const char *pragmas)
{
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        sqlite3 *db = NULL;
        if (sqlite3_open(path, &db) != SQLITE_OK ||
            sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
            _exit(2);
        for (int i = 0; i < 100; i++)
            if (sqlite3_exec(db, "INSERT INTO t (v) VALUES (hex(randomblob(500)))", NULL, NULL,
                             NULL) != SQLITE_OK)
                _exit(3);
        _exit(0); /* no sqlite3_close: nothing more is written */
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char wal[128];
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_int_equal(access(wal, F_OK), 0);
    sqlite3 *db = open_db(path, "NORMAL");
    assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 100);
    assert_whole(db);
    exec(db, "DELETE FROM t; PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(db);
}

/* Commits are in the file when they return: with the WAL index in shared memory (the batch is
   written at the barrier), and in exclusive locking mode, where the index is on the heap, no
   barrier is called and the WAL is written through. */
static void a_commit_is_in_the_file_when_it_returns(void **state)
{
    const char *path = ((struct fixture *)*state)->path;
    sqlite3 *setup_db = open_db(path, "NORMAL");
    exec(setup_db, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
    sqlite3_close(setup_db);
    commits_survive_the_process(path, "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;");
    commits_survive_the_process(path, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA synchronous=NORMAL;"
                                      " PRAGMA wal_autocheckpoint=0;");
}

/* In a child process: commits of 4 KB rows, one per transaction, under a file size limit of
   256 KiB (as a full disk would refuse a write), each commit that returns OK reported as a
   byte on fd. Exits 0 once a commit fails; never returns. */
static void commit_until_refused(const char *path, const char *synchronous, int fd)
{
    signal(SIGXFSZ, SIG_IGN); /* the write fails with EFBIG instead */
    sqlite3 *db = NULL;
    char sql[160];
    snprintf(sql, sizeof sql, "PRAGMA synchronous=%s; PRAGMA wal_autocheckpoint=0;", synchronous);
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        _exit(2);
    struct rlimit limit = {256 * 1024, 256 * 1024};
    if (setrlimit(RLIMIT_FSIZE, &limit))
        _exit(3);
    for (int i = 0; i < 1000; i++) {
        if (sqlite3_exec(db, "INSERT INTO t (v) VALUES (randomblob(4000))", NULL, NULL, NULL) !=
            SQLITE_OK)
            _exit(0);
        if (write(fd, "c", 1) != 1)
            _exit(4);
    }
    _exit(5); /* the limit was never met */
}

/* Run commit_until_refused in a child; its wait status, and the commits it reported. */
static int refused_in_child(const char *path, const char *synchronous, int *commits)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(fds[0]);
        commit_until_refused(path, synchronous, fds[1]);
    }
    close(fds[1]);
    *commits = 0;
    char c[64];
    ssize_t n;
    while ((n = read(fds[0], c, sizeof c)) > 0)
        *commits += (int)n;
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    return status;
}

/* The second child's "could not be written … stopping" on stderr is the behaviour tested. */
static void a_refused_write_fails_the_commit_or_stops_the_process(void **state)
{
    const char *path = ((struct fixture *)*state)->path;
    sqlite3 *db = open_db(path, "NORMAL");
    exec(db, "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
    sqlite3_close(db);
    int commits = 0;
    int status = refused_in_child(path, "FULL", &commits);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0); /* a COMMIT failed, the process went on */
    assert_true(commits > 0);
    db = open_db(path, "NORMAL");
    assert_int_equal(scalar(db, "SELECT count(*) FROM t"), commits);
    assert_whole(db);
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(db);

    status = refused_in_child(path, "NORMAL", &commits);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT); /* stopped before publishing the commit */
    assert_true(commits > 0);
    db = open_db(path, "NORMAL");
    long long rows = scalar(db, "SELECT count(*) FROM t");
    assert_true(rows > commits); /* the first run's rows and this run's answered commits */
    assert_whole(db);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(with_synchronous_normal, setup, teardown),
        cmocka_unit_test_setup_teardown(with_synchronous_full, setup, teardown),
        cmocka_unit_test_setup_teardown(large_transactions_and_restarts_stay_whole, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_commit_is_in_the_file_when_it_returns, setup, teardown),
        cmocka_unit_test_setup_teardown(a_refused_write_fails_the_commit_or_stops_the_process,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
