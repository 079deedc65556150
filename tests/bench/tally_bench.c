/* What keeping the reports' summary tables up to date (domain/tally.h) costs a write: a
   register saved again (every mark of one session changed: present ↔ absent), each in its own
   transaction as the register page does, for RUNS sessions spread over the database; each is
   saved twice, so that the database ends as it was. Prints the fastest and the median of the
   whole save and of the tallies' share (tally_flush, which db_commit runs). Passes or fails
   nothing.

   Build as tests/bench/national_gen.c; run
     tally_bench DB [RUNS]   (RUNS default 50) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_db.h"
#include "bench_time.h"
#include "db/db.h"
#include "domain/reports/tally.h"

enum { MAX_RUNS = 1000 };

/* One save of the session's register: its marks flipped, the tallies brought up to date, the
   transaction committed. The tallies' share into *flush_ms. 0 or -1. */
static int save_register(struct db *db, int64_t session_id, double *flush_ms)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE attendance SET status = CASE status"
                                   " WHEN 'present' THEN 'absent' ELSE 'present' END"
                                   " WHERE session_id = ?1");
    if (!st || db_begin(db))
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    if (db_step_done(st)) {
        db_rollback(db);
        return -1;
    }
    double started = bench_now_ms();
    if (tally_flush(db)) {
        db_rollback(db);
        return -1;
    }
    *flush_ms = bench_now_ms() - started;
    return db_commit(db); /* finds nothing left to flush */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DB [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 50;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 50;
    struct db *db = bench_open_db("tally_bench", argv[1]);
    db_set_before_commit(tally_flush);
    int64_t sessions = db_int(db, "SELECT count(*) FROM tally_session WHERE present > 0", 0, 0, 0);
    if (sessions <= 0) {
        fprintf(stderr, "tally_bench: no session with marks\n");
        db_close(db);
        return 1;
    }
    static double save[2 * MAX_RUNS], flush[2 * MAX_RUNS];
    static int64_t ids[MAX_RUNS];
    for (int i = 0; i < runs; i++) /* chosen before any write changes the list */
        ids[i] = db_int(db, "SELECT session_id FROM tally_session WHERE present > 0"
                            " ORDER BY session_id LIMIT 1 OFFSET ?1",
                        (int64_t)i * sessions / runs, 0, 0);
    int64_t marks = 0;
    for (int i = 0; i < 2 * runs; i++) {
        int64_t id = ids[i / 2];
        marks += db_int(db, "SELECT count(*) FROM attendance WHERE session_id = ?1", id, 0, 0);
        double started = bench_now_ms();
        if (save_register(db, id, &flush[i])) {
            fprintf(stderr, "tally_bench: the save of session %lld failed\n", (long long)id);
            db_close(db);
            return 1;
        }
        save[i] = bench_now_ms() - started;
    }
    printf("  registers saved: %d, %lld marks\n", 2 * runs, (long long)marks);
    bench_print_times("whole save (update, tallies, commit)", save, 2 * runs);
    bench_print_times("of which the tallies", flush, 2 * runs);
    db_close(db);
    return 0;
}
