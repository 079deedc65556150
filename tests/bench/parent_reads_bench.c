/* The parent's child page's two list reads at national scale, without HTTP: the activities
   open to a child (read_open_activities, domain/enrolment/parent_read.h) and which of them clash
   with the child's enrolments (enrol_clashes, domain/enrolment/enrol.h), on an existing
   database (tests/bench/national.sh with KEEP=1), for one pupil at a moment of its school year
   when the sign-up windows are open (the national data's year is 2025-2026). Prints the fastest
   and the median time of RUNS runs of each; passes or fails nothing.

   Build and run with tests/bench/parent_reads.sh, or by hand as tests/bench/reports.sh builds
   its bench:  DIR/parent_reads_bench DB [PUPIL_ID [NOW]]   (default: pupil 5, 2025-09-01T12:00) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_db.h"
#include "bench_time.h"
#include "db/db.h"
#include "domain/enrolment/enrol.h"
#include "domain/enrolment/parent_read.h"

enum { RUNS = 21 };

/* The ids of the rows' activities, into ids (at most max): their number. */
static size_t ids_of(const json_t *rows, int64_t *ids, size_t max)
{
    size_t n = 0, i;
    const json_t *row;
    json_array_foreach (rows, i, row) {
        if (n < max)
            ids[n++] = json_integer_value(json_object_get(row, "id"));
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DB [PUPIL_ID [NOW]]\n", argv[0]);
        return 2;
    }
    struct db *db = bench_open_db("parent_reads_bench", argv[1]);
    int64_t pupil = argc > 2 ? atoll(argv[2]) : 5;
    const char *now = argc > 3 ? argv[3] : "2025-09-01T12:00";
    char today[11];
    snprintf(today, sizeof today, "%.10s", now);
    double open_ms[RUNS], clash_ms[RUNS];
    size_t listed = 0, clashing = 0;
    for (int r = 0; r < RUNS; r++) {
        double start = bench_now_ms();
        json_t *rows = read_open_activities(db, pupil, today, now);
        open_ms[r] = bench_now_ms() - start;
        if (!rows) {
            fprintf(stderr, "read_open_activities failed\n");
            return 1;
        }
        int64_t ids[256];
        listed = ids_of(rows, ids, sizeof ids / sizeof ids[0]);
        start = bench_now_ms();
        json_t *clashes = enrol_clashes(db, pupil, today, ids, listed);
        clash_ms[r] = bench_now_ms() - start;
        clashing = json_object_size(clashes);
        json_decref(clashes);
        json_decref(rows);
    }
    printf("pupil %lld at %s: %zu activities listed, %zu of them clash\n", (long long)pupil, now,
           listed, clashing);
    bench_print_times("open activities", open_ms, RUNS);
    bench_print_times("their clashes", clash_ms, RUNS);
    db_close(db);
    return 0;
}
