/* Shared by the HTTP tests with a generated fixture (test_http_parent.c, test_http_rounds.c,
   test_http_race.c) and by tests/bench/signup_bench.c: load files whose dates are relative to
   today (the sign-up rules depend on the date), one Argon2id password hash reused for every
   account (hashing each password on load is slow), and read-only queries of the daemon's
   database.

   Static inline functions in a header because the benchmark links only harness.c beside
   itself (inline: a program that does not use one gets no unused-function warning).
   The test programs are linked with curl, jansson and cmocka only, so the hash comes from the
   program itself (`verrijkt load` of a one-account file, then `verrijkt dump`, which writes
   password_hash) and the queries go through the sqlite3 command-line tool (`-readonly -json`),
   a build dependency of the project (make deps). */
#ifndef VERRIJKT_TESTS_PARENT_FIXTURE_H
#define VERRIJKT_TESTS_PARENT_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- dates relative to today (local time, as the daemon sees it) ---------------------------- */

/* Today + offset days as a struct tm at noon (noon: a DST change never moves the date). */
static inline struct tm pf_tm(int offset)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_mday += offset;
    tm.tm_isdst = -1;
    mktime(&tm); /* normalises the day of the month and fills tm_wday */
    return tm;
}

/* "YYYY-MM-DD" of today + offset days into out (11 bytes). */
static inline const char *pf_day(int offset, char out[11])
{
    struct tm tm = pf_tm(offset);
    strftime(out, 11, "%Y-%m-%d", &tm);
    return out;
}

/* "YYYY-MM-DDTHH:MM" of today + offset days at hhmm into out (17 bytes). */
static inline const char *pf_moment(int offset, const char *hhmm, char out[17])
{
    char day[11];
    snprintf(out, 17, "%s%c%.5s", pf_day(offset, day), 'T', hhmm);
    return out;
}

/* The ISO weekday (1 = Monday) of today + offset days. */
static inline int pf_weekday(int offset)
{
    struct tm tm = pf_tm(offset);
    return (tm.tm_wday + 6) % 7 + 1;
}

/* One weekly sport activity of a test's load file. */
struct pf_activity {
    const char *key, *school, *title;
    const char *provider, *staff; /* NULL: none */
    int weekday_of;               /* it meets on the weekday of today + this many days */
    int until;                    /* its last day: today + this many days */
    int capacity;
};

/* a in the load format: grades 1–8, 15:00–16:00, goal "Samen bewegen", open to its school,
   from two weeks ago. New reference. */
static inline json_t *pf_activity_json(const struct pf_activity *a)
{
    char from[11], until[11];
    json_t *o = json_pack("{s:s, s:s, s:s, s:[s], s:s, s:[i, i], s:i, s:i, s:s, s:s, s:s, s:s,"
                          " s:s}",
                          "key", a->key, "school", a->school, "title", a->title, "domains",
                          "sport", "goal", "Samen bewegen", "grades", 1, 8, "capacity",
                          a->capacity, "weekday", pf_weekday(a->weekday_of), "start", "15:00",
                          "end", "16:00", "from", pf_day(-14, from), "until",
                          pf_day(a->until, until), "open_to", "school");
    if (a->provider)
        json_object_set_new(o, "provider", json_string(a->provider));
    if (a->staff)
        json_object_set_new(o, "staff", json_pack("[s]", a->staff));
    return o;
}

/* ---- running programs ------------------------------------------------------------------------ */

static inline const char *pf_binary(void)
{
    const char *bin = getenv("VERRIJKT_BIN");
    return bin && *bin ? bin : "build/verrijkt";
}

/* Run argv (looked up on PATH) and collect its standard output into *out (caller frees; NUL-
   terminated). Standard error is inherited. 0 when it exited with status 0, else -1. */
static inline int pf_run(char *const argv[], char **out)
{
    *out = NULL;
    int fds[2];
    if (pipe(fds))
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "parent_fixture: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        ssize_t n = read(fds[0], buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            free(buf);
            return -1;
        }
    *out = buf;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "parent_fixture: %s %s failed (status %d)\n", argv[0], argv[1],
                WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        return -1;
    }
    return 0;
}

/* Remove a flat temp dir and what is in it. */
static inline void pf_remove_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(dp);
    }
    rmdir(dir);
}

/* ---- the fixture file ------------------------------------------------------------------------ */

/* Write doc to a new temp file; its path into path (64 bytes). 0 or -1. The caller unlinks. */
static inline int pf_write_doc(json_t *doc, char path[64])
{
    snprintf(path, 64, "/tmp/verrijkt-fixture-XXXXXX.json");
    int fd = mkstemps(path, 5);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    int rc = json_dumpf(doc, f, JSON_INDENT(1));
    if (fclose(f) || rc)
        return -1;
    return 0;
}

/* The Argon2id hash of password, as `verrijkt load` makes it (read back with `verrijkt dump`).
   Caller frees; NULL on failure (the reason on stderr). */
static inline char *pf_password_hash(const char *password)
{
    char dir[64] = "/tmp/verrijkt-hash.XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    char db[128], file[128];
    snprintf(db, sizeof db, "%s/hash.db", dir);
    snprintf(file, sizeof file, "%s/hash.json", dir);
    char *hash = NULL, *out = NULL;
    json_t *doc = json_pack("{s:[{s:s, s:s, s:s}]}", "users", "email", "hash@test.nl", "role",
                            "lead", "password", password);
    if (!doc || json_dump_file(doc, file, 0))
        goto out;
    char *load[] = {(char *)pf_binary(), "load", "--db", db, file, NULL};
    if (pf_run(load, &out))
        goto out;
    free(out);
    char *dump[] = {(char *)pf_binary(), "dump", "--db", db, NULL};
    if (pf_run(dump, &out))
        goto out;
    json_t *dumped = json_loads(out, 0, NULL);
    const char *value = json_string_value(
        json_object_get(json_array_get(json_object_get(dumped, "users"), 0), "password_hash"));
    if (value && !strncmp(value, "$argon2id$", 10))
        hash = strdup(value);
    else
        fprintf(stderr, "parent_fixture: no password_hash in the dump\n");
    json_decref(dumped);
out:
    free(out);
    json_decref(doc);
    pf_remove_dir(dir);
    return hash;
}

/* Build a load document with build(hash), where hash is the Argon2id hash of password that
   every account of the document shares, and write it to a new temp file, its path into path
   (64 bytes). 0, or -1 with the reason on stderr. The caller unlinks path. */
static inline int pf_write_fixture(json_t *(*build)(const char *hash), const char *password,
                                   char path[64])
{
    char *hash = pf_password_hash(password);
    if (!hash)
        return -1;
    json_t *doc = build(hash);
    free(hash);
    if (!doc) {
        fprintf(stderr, "parent_fixture: cannot build the fixture\n");
        return -1;
    }
    int rc = pf_write_doc(doc, path);
    json_decref(doc);
    return rc;
}

/* ---- reading the daemon's database ----------------------------------------------------------- */

/* The rows of sql on the database at db_path (read-only), as a JSON array of objects keyed by
   column name; an empty array when there are none. New reference; NULL on failure. SQL text is
   the test's own (constants and integers), never input from the daemon. */
static inline json_t *pf_query(const char *db_path, const char *sql)
{
    char *out = NULL;
    char *argv[] = {"sqlite3", "-readonly", "-json", "-bail", (char *)db_path, (char *)sql, NULL};
    json_t *rows = NULL;
    if (pf_run(argv, &out) == 0) {
        const char *p = out;
        while (*p == ' ' || *p == '\n' || *p == '\r')
            p++;
        rows = *p ? json_loads(out, 0, NULL) : json_array();
        if (!json_is_array(rows)) {
            fprintf(stderr, "parent_fixture: not JSON from sqlite3 for %s:\n%.500s\n", sql, out);
            json_decref(rows);
            rows = NULL;
        }
    }
    free(out);
    return rows;
}

/* The first column of the first row of sql as an integer; fallback when there is no row or it
   is not an integer, -1 on failure. */
static inline long long pf_query_int(const char *db_path, const char *sql, long long fallback)
{
    json_t *rows = pf_query(db_path, sql);
    if (!rows)
        return -1;
    long long value = fallback;
    json_t *row = json_array_get(rows, 0);
    if (row) {
        const char *column;
        json_t *v;
        json_object_foreach (row, column, v) {
            if (json_is_integer(v))
                value = json_integer_value(v);
            break;
        }
    }
    json_decref(rows);
    return value;
}

#endif
