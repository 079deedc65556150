/* Benchmark of the round allocation (domain/allocate.c): 4,000 children, 50 activities with
 * 10–30 free seats, 3 choices each with skewed popularity, 30% priority pupils, max_per_child
 * 1 and 2. Prints the time per allocation; passes or fails nothing. Build and run:
 *
 *   cc -std=c17 -O2 -Isrc tests/bench/allocate_bench.c src/domain/allocate.c \
 *      src/domain/allocate_flow.c src/domain/allocate_lottery.c -o /tmp/allocate_bench
 *   /tmp/allocate_bench [children] [activities] [repeats]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/enrolment/allocate.h"

static uint64_t bench_rng(uint64_t *s)
{
    return alloc_splitmix64(s);
}

/* An activity index with popularity falling as 1/(k+1) (Zipf-like): the first few activities
   are wanted by many more children than they have seats for. */
static int popular_activity(uint64_t *rng, const double *cumulative, int n_activities)
{
    double u = (double)(bench_rng(rng) >> 11) / 9007199254740992.0 * cumulative[n_activities - 1];
    int k = 0;
    while (k < n_activities - 1 && cumulative[k] < u)
        k++;
    return k;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int n_children = argc > 1 ? atoi(argv[1]) : 4000;
    int n_activities = argc > 2 ? atoi(argv[2]) : 50;
    int repeats = argc > 3 ? atoi(argv[3]) : 7;
    if (n_children < 1 || n_activities < 3 || repeats < 1 || repeats > 100) {
        fprintf(stderr, "usage: %s [children ≥ 1] [activities ≥ 3] [repeats 1–100]\n", argv[0]);
        return 2;
    }
    uint64_t rng = 20250901;
    int *capacity = calloc((size_t)n_activities, sizeof *capacity);
    double *cumulative = calloc((size_t)n_activities, sizeof *cumulative);
    struct alloc_child *kids = calloc((size_t)n_children, sizeof *kids);
    if (!capacity || !cumulative || !kids)
        return 1;
    long seats = 0;
    for (int a = 0; a < n_activities; a++) {
        capacity[a] = 10 + (int)(bench_rng(&rng) % 21);
        seats += capacity[a];
        cumulative[a] = (a ? cumulative[a - 1] : 0) + 1.0 / (a + 1);
    }
    for (int c = 0; c < n_children; c++) {
        kids[c].id = 100000 + c;
        kids[c].priority = bench_rng(&rng) % 10 < 3;
        while (kids[c].n_ranks < 3) {
            int a = popular_activity(&rng, cumulative, n_activities);
            bool seen = false;
            for (int r = 0; r < kids[c].n_ranks; r++)
                seen |= kids[c].ranks[r] == a;
            if (!seen)
                kids[c].ranks[kids[c].n_ranks++] = a;
        }
    }
    printf("%d children, %d activities, %ld seats, 3 choices, %d repeats\n", n_children,
           n_activities, seats, repeats);
    for (int max = 1; max <= 2; max++) {
        double times[100];
        struct alloc_result r;
        for (int k = 0; k < repeats; k++) {
            struct alloc_input in = {.capacity = capacity,
                                     .n_activities = (size_t)n_activities,
                                     .children = kids,
                                     .n_children = (size_t)n_children,
                                     .max_per_child = max,
                                     .seed = 1000 + (uint64_t)k};
            struct timespec t0;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            enum alloc_status status = allocate(&in, &r);
            times[k] = seconds_since(&t0);
            if (status != ALLOC_OK) {
                fprintf(stderr, "allocate: %s\n", alloc_status_text(status));
                return 1;
            }
            if (k + 1 < repeats)
                alloc_result_free(&r);
        }
        qsort(times, (size_t)repeats, sizeof *times, cmp_double);
        printf("max_per_child %d: min %.1f ms, median %.1f ms, max %.1f ms | passes %d, "
               "1st %zu, 2nd %zu, 3rd %zu, no seat %zu\n",
               max, times[0] * 1e3, times[repeats / 2] * 1e3, times[repeats - 1] * 1e3,
               r.n_passes, r.by_rank[0], r.by_rank[1], r.by_rank[2], r.n_unplaced);
        alloc_result_free(&r);
    }
    free(capacity);
    free(cumulative);
    free(kids);
    return 0;
}
