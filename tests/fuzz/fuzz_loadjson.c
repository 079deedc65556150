/* libFuzzer harness: the JSON load format (load_document) on an in-memory database. Any JSON
   either loads or is refused with a message, and a refused document writes nothing. Each input
   starts from the same database: the migrated schema with a small document loaded, copied in
   with SQLite's backup API. Passwords are replaced by a short one, which the loader refuses
   before hashing (an Argon2id hash per input would make the fuzzer crawl). */
#include <assert.h>
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/names.h"
#include "domain/reports/tally.h"
#include "io/loadjson.h"

static struct db *base, *work;

static const char BASE_DOC[] =
    "{\"schools\": [{\"key\": \"noord\", \"name\": \"Noord\", \"kind\": \"po\"}],"
    " \"activities\": [{\"key\": \"judo\", \"school\": \"noord\", \"title\": \"Judo\","
    " \"domains\": [\"sport\"], \"grades\": [1, 8], \"capacity\": 2, \"weekday\": 2,"
    " \"start\": \"15:00\", \"end\": \"16:00\", \"from\": \"2025-09-01\","
    " \"until\": \"2025-12-19\"}],"
    " \"pupils\": [{\"key\": \"p1\", \"school\": \"noord\", \"number\": \"1\","
    " \"first_name\": \"A\", \"last_name\": \"B\", \"grade\": 5},"
    " {\"key\": \"p2\", \"school\": \"noord\", \"number\": \"2\","
    " \"first_name\": \"C\", \"last_name\": \"D\", \"grade\": 6}],"
    " \"enrolments\": [{\"pupil\": \"p1\", \"activity\": \"judo\", \"status\": \"enrolled\"}]}";

static struct db *open_memory(void)
{
    char err[256];
    struct db *db = db_open(":memory:", err, sizeof err);
    if (!db) {
        fprintf(stderr, "fuzz_loadjson: %s\n", err);
        abort();
    }
    return db;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (sodium_init() < 0)
        abort();
    db_set_before_commit(tally_flush); /* as main does */
    db_set_on_open(names_register_sql);
    base = open_memory();
    work = open_memory();
    char err[512];
    json_t *doc = json_loads(BASE_DOC, 0, NULL);
    if (db_migrate(base, err, sizeof err) || !doc || load_document(base, doc, err, sizeof err)) {
        fprintf(stderr, "fuzz_loadjson: base database: %s\n", err);
        abort();
    }
    json_decref(doc);
    return 0;
}

/* Replace every "password" member (at any depth) by a short one. */
static void shorten_passwords(json_t *v)
{
    if (json_is_object(v)) {
        if (json_is_string(json_object_get(v, "password")))
            json_object_set_new(v, "password", json_string("kort"));
        const char *name;
        json_t *member;
        json_object_foreach (v, name, member)
            shorten_passwords(member);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach (v, i, item)
            shorten_passwords(item);
    }
}

/* Everything in the database as text (a cheap fingerprint: the row count of every table). */
static int64_t fingerprint(struct db *db)
{
    return db_int(db,
                  "SELECT (SELECT count(*) FROM schools) + 10 * (SELECT count(*) FROM pupils)"
                  " + 100 * (SELECT count(*) FROM activities)"
                  " + 1000 * (SELECT count(*) FROM enrolments)"
                  " + 10000 * (SELECT count(*) FROM users)"
                  " + 100000 * (SELECT count(*) FROM sessions)",
                  0, 0, -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!doc)
        return 0;
    shorten_passwords(doc);
    sqlite3_backup *copy = sqlite3_backup_init(db_handle(work), "main", db_handle(base), "main");
    assert(copy);
    assert(sqlite3_backup_step(copy, -1) == SQLITE_DONE);
    sqlite3_backup_finish(copy);
    int64_t before = fingerprint(work);
    char err[512] = "";
    int rc = load_document(work, doc, err, sizeof err);
    if (rc) {
        assert(err[0]);
        assert(fingerprint(work) == before);
    }
    /* The capacity rule: never more enrolled pupils than seats. */
    assert(db_int(work,
                  "SELECT count(*) FROM activities a WHERE a.capacity < (SELECT count(*)"
                  " FROM enrolments e WHERE e.activity_id = a.id AND e.status = 'enrolled')",
                  0, 0, -1) == 0);
    assert(!db_in_write(work));
    json_decref(doc);
    return 0;
}
