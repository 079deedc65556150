/* A fresh, migrated database for one unit test, in a temp folder of its own that is removed
   with everything in it afterwards (the -wal and -shm files, and whatever else the test wrote
   there). Linked beside each tests/unit/test_*.c program (see the Makefile). */
#ifndef VERRIJKT_TESTS_TESTDB_H
#define VERRIJKT_TESTS_TESTDB_H

#include <stddef.h>

#include "db/db.h"
#include "domain/problems.h"

/* Make a new folder "/tmp/NAME.XXXXXX" into dir (64 bytes), open the database dir/test.db in
   it, migrate it and run seed (SQL; NULL for none). The connection (testdb_remove closes it),
   or NULL with the reason on stderr. */
struct db *testdb_open(char dir[64], const char *name, const char *seed);
/* Close db (NULL: none) and remove the folder dir with everything in it. */
void testdb_remove(struct db *db, const char *dir);

/* The fixture of a test that needs only the database, or the first member of a larger one. */
struct testdb {
    char dir[64];
    struct db *db;
};
/* For a cmocka setup: *state = a new struct testdb opened with testdb_open. 0 or -1. */
int testdb_setup(void **state, const char *name, const char *seed);
/* The same for a fixture struct of size bytes whose first member is a struct testdb: the rest
   of it is zeroed. 0 or -1. */
int testdb_setup_size(void **state, size_t size, const char *name, const char *seed);
/* Save db as a database file at path (VACUUM INTO), to start several tests from a costly
   state (the demo coalition) without building it again. 0 or -1. */
int testdb_save(struct db *db, const char *path);
/* testdb_setup, starting from a copy of the file testdb_save wrote at path. 0 or -1. */
int testdb_setup_from(void **state, const char *name, const char *path);
/* The demo coalition of today ("YYYY-MM-DD"), loaded once per test program into a database
   of its own (named name) and saved, for tests that each start from a copy of it
   (testdb_setup_demo). Call it from the program's group setup and give
   testdb_demo_group_teardown as its group teardown. 0 or -1 with the reason on stderr. */
int testdb_demo_group_setup(const char *name, const char *today);
int testdb_demo_group_teardown(void **state);
/* testdb_setup, starting from a copy of the saved demo coalition. 0 or -1. */
int testdb_setup_demo(void **state, const char *name);
/* A cmocka teardown for either's state: removes the database and frees the fixture. Always 0. */
int testdb_teardown(void **state);

/* The Dutch text of message key with vars (borrowed; may be NULL), as a page shows it, from
   the catalogues in templates/messages (loaded on first use). Owned by the helper, valid for
   the next few calls. */
const char *testdb_text(const char *key, json_t *vars);
/* The Dutch text of a problem of the domain, the same way. */
const char *testdb_problem_text(const struct problem *problem);
/* The text of the first stored problem of field in list, or NULL. */
const char *testdb_problem_for(const struct problems *list, const char *field);

#endif
