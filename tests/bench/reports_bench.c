/* How long the coverage report takes (domain/reports.h), without HTTP: report_compute for
   every school over a period, repeated, on an existing database (the demo: `verrijkt seed-demo
   --db demo.db`). Prints the fastest and the median time; passes or fails nothing.

   Build and run from the source tree after `make B=DIR DIR/verrijkt`: compile this file with
   -std=c17 -O2 -D_GNU_SOURCE -Isrc -IDIR/gen, linked with every object file under DIR/obj
   except main.o and with -lmicrohttpd -ljansson -lsodium -lsqlite3 -linih -lpthread (the
   command is in tests/bench/reports.sh); then
     DIR/reports_bench demo.db [FROM TO [SCHOOL_ID]]   (default: the current school year) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_db.h"
#include "bench_time.h"
#include "db/db.h"
#include "domain/reports/reports.h"
#include "util/date.h"

enum { RUNS = 50 };

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DB [FROM TO [SCHOOL_ID]]\n", argv[0]);
        return 2;
    }
    struct db *db = bench_open_db("reports_bench", argv[1]);
    struct report_query q = {.min_sessions = 6, .intensity_hours = 20};
    date_format(date_today(), q.today);
    struct report_period period;
    if (report_period_read(argc > 3 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL, q.today,
                           &period)) {
        fprintf(stderr, "%s: %s\n", period.field, period.key);
        return 1;
    }
    memcpy(q.from, period.from, sizeof q.from);
    memcpy(q.to, period.to, sizeof q.to);
    q.school_id = argc > 4 ? atoll(argv[4]) : 0;
    double times[RUNS];
    struct report rep;
    for (int i = 0; i < RUNS; i++) {
        double start = bench_now_ms();
        if (report_compute(db, &q, &rep)) {
            fprintf(stderr, "report_compute failed\n");
            return 1;
        }
        times[i] = bench_now_ms() - start;
        if (i + 1 < RUNS)
            report_free(&rep);
    }
    qsort(times, RUNS, sizeof times[0], bench_compare_doubles);
    printf("coverage report %s – %s, %zu schools, %d participants, %lld marks: fastest %.2f ms,"
           " median %.2f ms (%d runs)\n",
           q.from, q.to, rep.n_schools, rep.coalition.participants,
           (long long)(rep.coalition.present + rep.coalition.absent + rep.coalition.excused),
           times[0], times[RUNS / 2], RUNS);
    report_free(&rep);
    db_close(db);
    return 0;
}
