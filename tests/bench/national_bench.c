/* How long the report module takes on the generated national data set (tests/bench/
   national_gen.c), without HTTP: the coverage report (report_compute) and the other pieces
   of the dashboard (report_staff_of, report_waiting_compute, trends_of) over one
   period, for every school or one. Each is run RUNS times; prints the fastest and the median
   and the report's totals (to see that the period was the intended one). Passes or fails
   nothing.

   Build as tests/bench/national_gen.c; run
     national_bench DB FROM TO [SCHOOL_ID [RUNS]]   (SCHOOL_ID 0: every school; RUNS default 5)
   with today taken as the day after TO, so that every session of the period is held. With
   NATIONAL_CLOCK=cpu in the environment the times are the process's CPU time (user and system)
   instead of the wall clock: on a shared machine that hardly depends on the other load. With
   NATIONAL_MMAP=BYTES the connection reads through a memory map of that size (PRAGMA
   mmap_size), to see what a map would buy. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_db.h"
#include "bench_time.h"
#include "db/db.h"
#include "domain/reports/reports.h"
#include "domain/reports/reports_staff.h"
#include "domain/reports/reports_waiting.h"
#include "domain/reports/trends.h"
#include "util/date.h"

enum { MAX_RUNS = 100 };

static bool cpu_clock;

/* Milliseconds on the wall clock, or of the process's CPU time with NATIONAL_CLOCK=cpu. */
static double now_ms(void)
{
    if (!cpu_clock)
        return now_ms();
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The pieces, each once; 0 or -1. */
static int run_report(struct db *db, const struct report_query *q, struct report *rep)
{
    return report_compute(db, q, rep);
}

/* The staff figures from the report's held sessions, as the dashboard computes them. */
static int run_staff(struct db *db, const struct report *rep)
{
    struct report_staff_set set;
    if (report_staff_of(db, rep, 3, &set))
        return -1;
    report_staff_free(&set);
    return 0;
}

static int run_waiting(struct db *db, const struct report_query *q)
{
    struct report_waiting_set set;
    if (report_waiting_compute(db, q, &set))
        return -1;
    report_waiting_free(&set);
    return 0;
}

/* The trends of the period, as the dashboard computes them (report_figures_compute, beside the
   report on a second thread; timed here on their own). */
static int run_trends(struct db *db, const struct report_query *q)
{
    struct trends t;
    if (trends_compute(db, q, &t))
        return -1;
    trends_free(&t);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s DB FROM TO [SCHOOL_ID [RUNS]]\n", argv[0]);
        return 2;
    }
    const char *clock_name = getenv("NATIONAL_CLOCK");
    cpu_clock = clock_name && !strcmp(clock_name, "cpu");
    struct db *db = bench_open_db("national_bench", argv[1]);
    const char *mmap_size = getenv("NATIONAL_MMAP");
    if (mmap_size) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA mmap_size = %lld", atoll(mmap_size));
        if (db_exec(db, pragma)) {
            fprintf(stderr, "%s failed\n", pragma);
            return 1;
        }
    }
    struct report_query q = {.min_sessions = 6, .intensity_hours = 20};
    int32_t to_day;
    if (date_parse(argv[3], &to_day)) {
        fprintf(stderr, "bad TO %s\n", argv[3]);
        return 2;
    }
    date_format(to_day + 1, q.today);
    struct report_period period;
    if (report_period_read(argv[2], argv[3], q.today, &period)) {
        fprintf(stderr, "%s: %s\n", period.field, period.key);
        return 1;
    }
    memcpy(q.from, period.from, sizeof q.from);
    memcpy(q.to, period.to, sizeof q.to);
    q.school_id = argc > 4 ? atoll(argv[4]) : 0;
    int runs = argc > 5 ? atoi(argv[5]) : 5;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 5;

    double times[4][MAX_RUNS], dashboard[MAX_RUNS];
    struct report rep;
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        if (run_report(db, &q, &rep)) {
            fprintf(stderr, "report_compute failed\n");
            return 1;
        }
        double t1 = now_ms();
        if (run_staff(db, &rep)) {
            fprintf(stderr, "report_staff_of failed\n");
            return 1;
        }
        double t2 = now_ms();
        if (run_waiting(db, &q)) {
            fprintf(stderr, "report_waiting_compute failed\n");
            return 1;
        }
        double t3 = now_ms();
        if (run_trends(db, &q)) {
            fprintf(stderr, "trends_compute failed\n");
            return 1;
        }
        double t4 = now_ms();
        times[0][i] = t1 - t0, times[1][i] = t2 - t1, times[2][i] = t3 - t2;
        times[3][i] = t4 - t3, dashboard[i] = t4 - t0;
        if (i + 1 < runs)
            report_free(&rep);
    }
    if (cpu_clock)
        printf("(CPU time of the process, not the wall clock)\n");
    printf("%s – %s, school %lld: %zu schools, %d pupils, %d participants, %d sessions,"
           " %lld marks\n",
           q.from, q.to, (long long)q.school_id, rep.n_schools, rep.coalition.pupils,
           rep.coalition.participants, rep.coalition.sessions,
           (long long)(rep.coalition.present + rep.coalition.absent + rep.coalition.excused));
    bench_print_times("report_compute", times[0], runs);
    bench_print_times("report_staff_of", times[1], runs);
    bench_print_times("report_waiting_compute", times[2], runs);
    bench_print_times("trends_compute", times[3], runs);
    bench_print_times("all four, one after another", dashboard, runs);
    report_free(&rep);
    db_close(db);
    return 0;
}
