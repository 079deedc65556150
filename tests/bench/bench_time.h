/* What the benchmarks under tests/bench/ share: a monotonic clock and the fastest and median of
   a series of timings. Header only, so that each bench stays one file to compile. */
#ifndef VERRIJKT_TESTS_BENCH_TIME_H
#define VERRIJKT_TESTS_BENCH_TIME_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Milliseconds on the monotonic clock. */
static inline double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int bench_compare_doubles(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Sort times (runs of them, in ms) and print their fastest and median under what. */
static inline void bench_print_times(const char *what, double *times, int runs)
{
    qsort(times, (size_t)runs, sizeof times[0], bench_compare_doubles);
    printf("  %-36s fastest %9.2f ms, median %9.2f ms (%d runs)\n", what, times[0],
           times[runs / 2], runs);
}

#endif
