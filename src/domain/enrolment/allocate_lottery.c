/* The lottery of an allocation (allocate.h: alloc_lottery, alloc_splitmix64): the children in
   ascending id order, shuffled once by Fisher–Yates driven by splitmix64 from the round's seed,
   with draws that have no modulo bias. Written to be recomputed by anyone from the seed, so
   every step follows the description in allocate.h exactly. */
#include <stdint.h>

#include "domain/enrolment/allocate.h"
#include "domain/enrolment/allocate_internal.h"

uint64_t alloc_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A uniform number in 0 … m-1 (m ≥ 1): draws below 2^64 mod m are refused, so that the
   accepted range is a whole multiple of m. */
static uint64_t draw_below(uint64_t *state, uint64_t m)
{
    uint64_t refused_below = (0 - m) % m;
    for (;;) {
        uint64_t x = alloc_splitmix64(state);
        if (x >= refused_below)
            return x % m;
    }
}

/* Heapsort of the indices in order[] by ids[index] ascending (in place, no allocation). */
static void sift_down(size_t *order, const int64_t *ids, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && ids[order[child + 1]] > ids[order[child]])
            child++;
        if (ids[order[root]] >= ids[order[child]])
            return;
        size_t tmp = order[root];
        order[root] = order[child];
        order[child] = tmp;
        root = child;
    }
}

void alloc_sort_by_id(size_t *order, const int64_t *ids, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(order, ids, i, n);
    for (size_t end = n; end-- > 1;) {
        size_t tmp = order[0];
        order[0] = order[end];
        order[end] = tmp;
        sift_down(order, ids, 0, end);
    }
}

void alloc_lottery(uint64_t seed, const int64_t *ids, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    alloc_sort_by_id(order, ids, n);
    uint64_t state = seed;
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)draw_below(&state, (uint64_t)i + 1);
        size_t tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
    }
}
