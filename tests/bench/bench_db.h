/* What the benchmarks under tests/bench/ that read a database share: opening it or stopping
   with the reason. Header only, like bench_time.h, so that each bench stays one file to
   compile (with the daemon's objects). */
#ifndef VERRIJKT_TESTS_BENCH_DB_H
#define VERRIJKT_TESTS_BENCH_DB_H

#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"

/* The database at path, opened as the daemon opens it; on failure the reason is printed after
   who and the program exits with 1. */
static inline struct db *bench_open_db(const char *who, const char *path)
{
    char err[256];
    struct db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s: %s\n", who, err);
        exit(1);
    }
    return db;
}

#endif
