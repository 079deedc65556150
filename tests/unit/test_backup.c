/* Tests of src/db/backup.c: a backup of a database that another connection is writing holds
 * every committed transaction and none that is still open, passes the integrity check and
 * never leaves a half-written file; the nightly set is named by date and pruned to the newest
 * N without touching other files; the next backup time is today's when still ahead. And
 * db_set_synchronous sets the pragma on every new connection. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "db/backup.h"
#include "db/db.h"
#include "testdb.h"

static const char *SEED = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
                          "INSERT INTO notes (body) VALUES ('een'), ('twee');";

static struct db *fixture_db(void **state)
{
    return ((struct testdb *)*state)->db;
}

static const char *fixture_dir(void **state)
{
    return ((struct testdb *)*state)->dir;
}

static int setup(void **state)
{
    return testdb_setup(state, "verrijkt-backup", SEED);
}

/* Open path with its own connection; the number of notes, or -1 when it cannot be read. */
static int64_t notes_in(const char *path)
{
    char err[256];
    struct db *copy = db_open(path, err, sizeof err);
    if (!copy)
        return -1;
    int64_t n = db_int(copy, "SELECT count(*) FROM notes", 0, 0, -1);
    char check[16] = "";
    sqlite3_stmt *stmt = db_stmt(copy, "PRAGMA integrity_check");
    if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
        snprintf(check, sizeof check, "%s", db_col_text(stmt, 0));
    if (stmt)
        sqlite3_reset(stmt);
    db_close(copy);
    return strcmp(check, "ok") ? -1 : n;
}

/* The names in dir that start with prefix. */
static int files_starting(const char *dir, const char *prefix)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)))
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    closedir(dp);
    return n;
}

static void touch(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static bool exists(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static void the_copy_holds_what_was_committed_and_not_what_is_open(void **state)
{
    struct db *db = fixture_db(state);
    char src[128], dest[128], err[512] = "";
    snprintf(src, sizeof src, "%s/test.db", fixture_dir(state));
    snprintf(dest, sizeof dest, "%s/copy.db", fixture_dir(state));
    /* A write transaction that is still open when the backup runs: the backup does not wait
       for it (WAL) and does not see it. */
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO notes (body) VALUES ('open')"), 0);
    assert_int_equal(db_backup_file(src, dest, err, sizeof err), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(notes_in(dest), 2);
    assert_int_equal(files_starting(fixture_dir(state), "copy.db.tmp-"), 0);
    /* A second backup replaces the first one and now has the third note; a WAL left beside
       the old copy is not applied to the new one. */
    touch(fixture_dir(state), "copy.db-wal");
    assert_int_equal(db_backup_file(src, dest, err, sizeof err), 0);
    assert_false(exists(fixture_dir(state), "copy.db-wal"));
    assert_int_equal(notes_in(dest), 3);
}

static void refusals_leave_no_file(void **state)
{
    char src[128], dest[128], missing[128], err[512] = "";
    snprintf(src, sizeof src, "%s/test.db", fixture_dir(state));
    snprintf(dest, sizeof dest, "%s/copy.db", fixture_dir(state));
    snprintf(missing, sizeof missing, "%s/missing.db", fixture_dir(state));
    assert_int_equal(db_backup_file(missing, dest, err, sizeof err), -1);
    assert_non_null(strstr(err, "missing.db"));
    assert_false(exists(fixture_dir(state), "missing.db"));
    assert_int_equal(db_backup_file(src, src, err, sizeof err), -1);
    assert_non_null(strstr(err, "another file"));
    /* Not a database: the copy fails and nothing is left behind. */
    touch(fixture_dir(state), "empty.txt");
    FILE *f = fopen(missing, "w");
    assert_non_null(f);
    fputs("dit is geen database, maar wel een lange regel tekst om de kop te vullen. "
          "dit is geen database, maar wel een lange regel tekst om de kop te vullen.\n", f);
    fclose(f);
    assert_int_equal(db_backup_file(missing, dest, err, sizeof err), -1);
    assert_false(exists(fixture_dir(state), "copy.db"));
    assert_int_equal(files_starting(fixture_dir(state), "copy.db.tmp-"), 0);
    assert_int_equal(db_backup_file(src, "/nonexistent-folder/copy.db", err, sizeof err), -1);
}

static void the_nightly_set_keeps_the_newest(void **state)
{
    char src[128], dir[128], err[512] = "";
    snprintf(src, sizeof src, "%s/test.db", fixture_dir(state));
    snprintf(dir, sizeof dir, "%s/nightly", fixture_dir(state));
    assert_int_equal(mkdir(dir, 0700), 0);
    const char *old[] = {"verrijkt-2020-01-01.db", "verrijkt-2020-01-02.db",
                         "verrijkt-2020-01-03.db"};
    for (size_t i = 0; i < 3; i++)
        touch(dir, old[i]);
    const char *others[] = {"notes.txt", "verrijkt-2019-12-31.db.bak", "verrijkt-19-12-31.db",
                            "verrijkt.db"};
    for (size_t i = 0; i < 4; i++)
        touch(dir, others[i]);
    time_t now = 1893456000; /* 2030-01-01 00:00 UTC: a day after the old ones everywhere */
    char name[64];
    backup_file_name(now, name, sizeof name);
    assert_int_equal(strncmp(name, "verrijkt-20", 11), 0);
    assert_int_equal(backup_nightly(src, dir, 2, now, err, sizeof err), 0);
    assert_true(exists(dir, name));
    assert_true(exists(dir, old[2]));
    assert_false(exists(dir, old[0]));
    assert_false(exists(dir, old[1]));
    for (size_t i = 0; i < 4; i++)
        assert_true(exists(dir, others[i]));
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(notes_in(path), 2);
    /* The same night again replaces that day's file; still two kept. */
    assert_int_equal(backup_nightly(src, dir, 2, now, err, sizeof err), 0);
    assert_int_equal(files_starting(dir, "verrijkt-20"), 3); /* two kept, and the .bak */
    assert_int_equal(backup_prune(dir, 1, err, sizeof err), 1);
    assert_true(exists(dir, name));
    assert_int_equal(backup_nightly(src, "/nonexistent-folder", 2, now, err, sizeof err), -1);
}

/* Set the modification time of dir/name to seconds ago. */
static void age(const char *dir, const char *name, time_t seconds)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    time_t when = time(NULL) - seconds;
    struct utimbuf times = {when, when};
    assert_int_equal(utime(path, &times), 0);
}

static void leftovers_of_a_stopped_backup_go(void **state)
{
    char src[128], dir[128], err[512] = "";
    snprintf(src, sizeof src, "%s/test.db", fixture_dir(state));
    snprintf(dir, sizeof dir, "%s/nightly", fixture_dir(state));
    assert_int_equal(mkdir(dir, 0700), 0);
    /* What a daemon killed during its backup leaves: the copy under its temporary name. */
    const char *stale = "verrijkt-2029-12-30.db.tmp-AbC123";
    const char *fresh = "verrijkt-2029-12-31.db.tmp-XyZ789"; /* as if being written now */
    const char *others[] = {"notes.db.tmp-AbC123", "verrijkt-2029-12-30.db.tmp-AbC12",
                            "verrijkt-2029-12-30.db.tmp-AbC1234", "verrijkt-29-12-30.db.tmp-AbC123",
                            "verrijkt-2029-12-30.db.bak-AbC123"};
    touch(dir, stale);
    age(dir, stale, 2 * 60 * 60);
    touch(dir, fresh);
    age(dir, fresh, 60);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        touch(dir, others[i]);
        age(dir, others[i], 2 * 60 * 60);
    }
    assert_int_equal(backup_nightly(src, dir, 2, 1893456000, err, sizeof err), 0);
    assert_false(exists(dir, stale));
    assert_true(exists(dir, fresh));
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_true(exists(dir, others[i]));
}

static void the_next_time_is_today_when_still_ahead(void **state)
{
    (void)state;
    struct tm tm = {.tm_year = 126, .tm_mon = 2, .tm_mday = 10, .tm_hour = 1, .tm_min = 0,
                    .tm_isdst = -1};
    time_t one_am = mktime(&tm);
    time_t next = backup_next_time(one_am, 2, 30);
    struct tm got;
    localtime_r(&next, &got);
    assert_int_equal(got.tm_mday, 10);
    assert_int_equal(got.tm_hour, 2);
    assert_int_equal(got.tm_min, 30);
    /* At 02:30 exactly, and after it: tomorrow. */
    time_t later = backup_next_time(next, 2, 30);
    localtime_r(&later, &got);
    assert_int_equal(got.tm_mday, 11);
    assert_int_equal(got.tm_hour, 2);
    assert_int_equal(got.tm_min, 30);
    assert_true(later > next);
}

static void synchronous_follows_the_setting(void **state)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/test.db", fixture_dir(state));
    /* PRAGMA synchronous: 1 = NORMAL, 2 = FULL. */
    assert_int_equal(db_int(fixture_db(state), "PRAGMA synchronous", 0, 0, -1), 1);
    db_set_synchronous(DB_SYNCHRONOUS_FULL);
    struct db *full = db_open(path, err, sizeof err);
    db_set_synchronous(DB_SYNCHRONOUS_NORMAL);
    assert_non_null(full);
    assert_int_equal(db_int(full, "PRAGMA synchronous", 0, 0, -1), 2);
    db_close(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_copy_holds_what_was_committed_and_not_what_is_open,
                                        setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(refusals_leave_no_file, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(the_nightly_set_keeps_the_newest, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(leftovers_of_a_stopped_backup_go, setup, testdb_teardown),
        cmocka_unit_test(the_next_time_is_today_when_still_ahead),
        cmocka_unit_test_setup_teardown(synchronous_follows_the_setting, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
