#include "db/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    BUSY_TIMEOUT_MS = 5000,
    BUSY_RETRIES = 100,          /* backup_step answered busy: retried every 50 ms, 5 s in all */
    TMP_SUFFIX_LEN = 11,         /* ".tmp-XXXXXX": db_backup_file's temporary, by mkstemp */
    STALE_TMP_SECONDS = 60 * 60, /* a temporary unchanged this long was left behind */
};

/* Whether a and b name the same existing file. */
static bool same_file(const char *a, const char *b)
{
    char real_a[PATH_MAX], real_b[PATH_MAX];
    return realpath(a, real_a) && realpath(b, real_b) && !strcmp(real_a, real_b);
}

/* fsync the file (or folder) at path. 0 or -1. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* fsync the folder holding path, so that a rename in it lasts. 0 or -1. */
static int sync_folder_of(const char *path)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    return sync_path(dirname(copy), O_RDONLY | O_DIRECTORY);
}

/* Copy every page of src into dest in one step: one read snapshot of src. SQLITE_DONE, or the
   error code with the message in err. */
static int copy_pages(sqlite3 *src, sqlite3 *dest, char *err, size_t errlen)
{
    sqlite3_backup *backup = sqlite3_backup_init(dest, "main", src, "main");
    if (!backup) {
        snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dest));
        return SQLITE_ERROR;
    }
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < BUSY_RETRIES; attempt++) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        snprintf(err, errlen, "backup: %s", sqlite3_errstr(rc));
    return rc;
}

/* PRAGMA integrity_check on db: 0 when it answers "ok", else -1 with its first answer. */
static int check_integrity(sqlite3 *db, char *err, size_t errlen)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "integrity check: %s", sqlite3_errmsg(db));
        return -1;
    }
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        const char *answer = (const char *)sqlite3_column_text(stmt, 0);
        if (answer && !strcmp(answer, "ok"))
            rc = 0;
        else
            snprintf(err, errlen, "the copy fails the integrity check: %s",
                     answer ? answer : "?");
    } else {
        snprintf(err, errlen, "integrity check: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Back up src_path into the (new, empty) file tmp_path and check the copy. 0 or -1. */
static int backup_into(const char *src_path, const char *tmp_path, char *err, size_t errlen)
{
    sqlite3 *src = NULL, *dest = NULL;
    int rc = -1;
    if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", src_path, src ? sqlite3_errmsg(src) : "cannot open");
        goto out;
    }
    sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
    if (sqlite3_open_v2(tmp_path, &dest, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", tmp_path, dest ? sqlite3_errmsg(dest) : "cannot open");
        goto out;
    }
    if (copy_pages(src, dest, err, errlen) != SQLITE_DONE)
        goto out;
    sqlite3_close(src);
    src = NULL;
    if (check_integrity(dest, err, errlen))
        goto out;
    rc = 0;
out:
    sqlite3_close(src);
    if (dest && sqlite3_close(dest) != SQLITE_OK && rc == 0) {
        snprintf(err, errlen, "%s: cannot close", tmp_path);
        rc = -1;
    }
    return rc;
}

/* Delete dest_path-wal and dest_path-shm, left by an earlier database of that name: SQLite
   would apply an old WAL to the new copy when it is opened. */
static void remove_stale_wal(const char *dest_path)
{
    static const char *const suffixes[] = {"-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s%s", dest_path, suffixes[i]) < sizeof path)
            unlink(path);
    }
}

int db_backup_file(const char *src_path, const char *dest_path, char *err, size_t errlen)
{
    if (access(src_path, R_OK)) {
        snprintf(err, errlen, "%s: %s", src_path, strerror(errno));
        return -1;
    }
    if (same_file(src_path, dest_path)) {
        snprintf(err, errlen, "%s: the copy must go to another file", dest_path);
        return -1;
    }
    char tmp_path[PATH_MAX];
    if ((size_t)snprintf(tmp_path, sizeof tmp_path, "%s.tmp-XXXXXX", dest_path) >=
        sizeof tmp_path) {
        snprintf(err, errlen, "%s: path too long", dest_path);
        return -1;
    }
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", dest_path, strerror(errno));
        return -1;
    }
    close(fd);
    int rc = backup_into(src_path, tmp_path, err, errlen);
    if (rc == 0 && sync_path(tmp_path, O_RDONLY)) {
        snprintf(err, errlen, "%s: %s", tmp_path, strerror(errno));
        rc = -1;
    }
    if (rc == 0)
        remove_stale_wal(dest_path);
    if (rc == 0 && rename(tmp_path, dest_path)) {
        snprintf(err, errlen, "%s: %s", dest_path, strerror(errno));
        rc = -1;
    }
    if (rc) {
        unlink(tmp_path);
        return -1;
    }
    sync_folder_of(dest_path); /* best effort: the copy itself is complete on disk */
    return 0;
}

/* ---- the nightly set ------------------------------------------------------------------------ */

static const char NAME_PREFIX[] = "verrijkt-";
static const char NAME_SUFFIX[] = ".db";

void backup_file_name(time_t when, char *out, size_t size)
{
    struct tm tm;
    localtime_r(&when, &tm);
    char day[16];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(out, size, "%s%s%s", NAME_PREFIX, day, NAME_SUFFIX);
}

/* Whether name is "verrijkt-YYYY-MM-DD.db". */
static bool is_backup_name(const char *name)
{
    size_t prefix = sizeof NAME_PREFIX - 1;
    if (strlen(name) != prefix + 10 + sizeof NAME_SUFFIX - 1 || strncmp(name, NAME_PREFIX, prefix))
        return false;
    const char *day = name + prefix;
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? day[i] != '-' : (day[i] < '0' || day[i] > '9'))
            return false;
    }
    return !strcmp(day + 10, NAME_SUFFIX);
}

/* Whether name is the temporary file of a nightly backup: "verrijkt-YYYY-MM-DD.db.tmp-XXXXXX",
   as db_backup_file makes it beside its destination. */
static bool is_backup_tmp_name(const char *name)
{
    size_t n = strlen(name);
    if (n <= TMP_SUFFIX_LEN || strncmp(name + n - TMP_SUFFIX_LEN, ".tmp-", 5))
        return false;
    char base[64];
    if (n - TMP_SUFFIX_LEN >= sizeof base)
        return false;
    memcpy(base, name, n - TMP_SUFFIX_LEN);
    base[n - TMP_SUFFIX_LEN] = '\0';
    return is_backup_name(base);
}

/* Delete the temporary files of nightly backups in dir that a daemon stopped during its backup
   (killed, or the machine went down) left behind: each is as large as the database. Only those
   unchanged for STALE_TMP_SECONDS, so that a copy being written is never touched. Best effort:
   the backup goes on whatever happens here. */
static void remove_stale_temporaries(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    time_t now = time(NULL);
    struct dirent *entry;
    while ((entry = readdir(dp))) {
        if (!is_backup_tmp_name(entry->d_name))
            continue;
        char path[PATH_MAX];
        struct stat st;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, entry->d_name) < sizeof path &&
            !stat(path, &st) && S_ISREG(st.st_mode) && now - st.st_mtime >= STALE_TMP_SECONDS)
            unlink(path);
    }
    closedir(dp);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The nightly backups' names in dir, sorted oldest first (the date sorts as text). Caller
   frees each name and the array. 0 or -1. */
static int list_backups(const char *dir, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    size_t cap = 0;
    struct dirent *entry;
    while ((entry = readdir(dp))) {
        if (!is_backup_name(entry->d_name))
            continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(*names, cap * sizeof *grown);
            if (!grown)
                abort();
            *names = grown;
        }
        char *copy = strdup(entry->d_name);
        if (!copy)
            abort();
        (*names)[(*count)++] = copy;
    }
    closedir(dp);
    if (*count)
        qsort(*names, *count, sizeof **names, compare_names);
    return 0;
}

int backup_prune(const char *dir, int keep, char *err, size_t errlen)
{
    char **names;
    size_t count;
    if (list_backups(dir, &names, &count)) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    size_t keep_count = keep > 0 ? (size_t)keep : 0;
    int deleted = 0;
    for (size_t i = 0; i < count; i++) {
        if (deleted >= 0 && i + keep_count < count) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            if (unlink(path) == 0) {
                deleted++;
            } else {
                snprintf(err, errlen, "%s: %s", path, strerror(errno));
                deleted = -1;
            }
        }
        free(names[i]);
    }
    free(names);
    return deleted;
}

int backup_nightly(const char *src_path, const char *dir, int keep, time_t now, char *err,
                   size_t errlen)
{
    char name[64], path[PATH_MAX];
    backup_file_name(now, name, sizeof name);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        snprintf(err, errlen, "%s: path too long", dir);
        return -1;
    }
    remove_stale_temporaries(dir);
    if (db_backup_file(src_path, path, err, errlen))
        return -1;
    return backup_prune(dir, keep, err, errlen) < 0 ? -1 : 0;
}

time_t backup_next_time(time_t now, int hour, int minute)
{
    struct tm tm;
    localtime_r(&now, &tm);
    for (int days = 0; days <= 2; days++) {
        struct tm at = tm;
        at.tm_mday += days;
        at.tm_hour = hour;
        at.tm_min = minute;
        at.tm_sec = 0;
        at.tm_isdst = -1;
        time_t when = mktime(&at);
        if (when > now)
            return when;
    }
    return now + 24 * 60 * 60; /* not reached: tomorrow's time is always ahead */
}
