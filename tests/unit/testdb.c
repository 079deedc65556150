/* Fresh migrated databases for the unit tests (see testdb.h). */
#include "testdb.h"

#include <ftw.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "domain/people/names.h"
#include "domain/reports/tally.h"
#include "io/loadjson.h"
#include "util/date.h"
#include "util/messages.h"

/* Copy the file at from to to. 0 or -1 (said on stderr). */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[1 << 16];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in && ferror(in))
        rc = -1;
    if (in)
        fclose(in);
    if (out && fclose(out))
        rc = -1;
    if (rc)
        perror("testdb: copy");
    return rc;
}

/* testdb_open, from a copy of the database file at start (NULL: an empty one). */
static struct db *open_in_new_dir(char dir[64], const char *name, const char *seed,
                                  const char *start)
{
    snprintf(dir, 64, "/tmp/%s.XXXXXX", name);
    if (!mkdtemp(dir)) {
        perror("testdb: mkdtemp");
        return NULL;
    }
    char path[96], err[256] = "";
    snprintf(path, sizeof path, "%s/test.db", dir);
    if (start && copy_file(start, path)) {
        testdb_remove(NULL, dir);
        return NULL;
    }
    db_set_before_commit(tally_flush); /* as main does */
    db_set_on_open(names_register_sql);  /* as main does */
    struct db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) {
        fprintf(stderr, "testdb: %s: %s\n", path, err);
        testdb_remove(db, dir);
        return NULL;
    }
    if (seed && db_exec(db, seed)) { /* db_exec logs the reason */
        testdb_remove(db, dir);
        return NULL;
    }
    return db;
}

struct db *testdb_open(char dir[64], const char *name, const char *seed)
{
    return open_in_new_dir(dir, name, seed, NULL);
}

int testdb_save(struct db *db, const char *path)
{
    char sql[160];
    if (strchr(path, '\'') || snprintf(sql, sizeof sql, "VACUUM INTO '%s'", path) >= (int)sizeof sql)
        return -1;
    return db_exec(db, sql) ? -1 : 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    if (remove(path))
        perror(path);
    return 0;
}

void testdb_remove(struct db *db, const char *dir)
{
    if (db)
        db_close(db);
    /* Depth first, so that a folder is emptied before it is removed; links not followed. */
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int testdb_setup(void **state, const char *name, const char *seed)
{
    return testdb_setup_size(state, sizeof(struct testdb), name, seed);
}

/* The demo coalition of this program (testdb_demo_group_setup), and its saved copy. */
static struct testdb demo_source;
static char demo_file[96];

int testdb_demo_group_setup(const char *name, const char *today)
{
    demo_source.db = testdb_open(demo_source.dir, name, NULL);
    int32_t day = 0;
    if (!demo_source.db || date_parse(today, &day))
        return -1;
    json_t *doc = demo_document(day);
    char err[512] = "";
    int rc = load_document(demo_source.db, doc, err, sizeof err);
    json_decref(doc);
    if (rc) {
        fprintf(stderr, "testdb: load_document: %s\n", err);
        return -1;
    }
    snprintf(demo_file, sizeof demo_file, "%s/demo.db", demo_source.dir);
    return testdb_save(demo_source.db, demo_file);
}

int testdb_demo_group_teardown(void **state)
{
    (void)state;
    testdb_remove(demo_source.db, demo_source.dir);
    demo_source.db = NULL;
    return 0;
}

int testdb_setup_from(void **state, const char *name, const char *path)
{
    struct testdb *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    t->db = open_in_new_dir(t->dir, name, NULL, path);
    if (!t->db) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

int testdb_setup_size(void **state, size_t size, const char *name, const char *seed)
{
    struct testdb *t = calloc(1, size);
    if (!t)
        return -1;
    t->db = testdb_open(t->dir, name, seed);
    if (!t->db) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

int testdb_setup_demo(void **state, const char *name)
{
    return testdb_setup_from(state, name, demo_file);
}

int testdb_teardown(void **state)
{
    struct testdb *t = *state;
    testdb_remove(t->db, t->dir);
    free(t);
    return 0;
}

const char *testdb_text(const char *key, json_t *vars)
{
    static bool loaded;
    static char *ring[8];
    static size_t next;
    if (!loaded) {
        char err[256];
        if (i18n_load("templates/messages", err, sizeof err))
            fprintf(stderr, "testdb: messages: %s\n", err);
        loaded = true;
    }
    free(ring[next]);
    ring[next] = i18n_format(I18N_DEFAULT, key, vars);
    const char *text = ring[next];
    next = (next + 1) % 8;
    return text;
}

const char *testdb_problem_text(const struct problem *problem)
{
    return testdb_text(problem->key, problem->vars);
}

const char *testdb_problem_for(const struct problems *list, const char *field)
{
    for (size_t i = 0; i < problems_stored(list); i++)
        if (!strcmp(list->item[i].field, field))
            return testdb_problem_text(&list->item[i]);
    return NULL;
}
