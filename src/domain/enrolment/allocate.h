/* Seat allocation for an enrolment round (PRODUCT.md rule 4): pure computation, no database and
   no HTTP. The caller loads the round (free seats per activity, each child's ranked choices),
   calls allocate() with a seed it stores and shows, and writes the result back.

   THE RULE, precisely (anyone can recompute it from the input and the seed):

   Lottery. The children are put in ascending `id` order (ids must be distinct) and shuffled
   once, for the whole allocation, by Fisher-Yates driven by splitmix64 seeded with `seed`:
       state = seed;
       next():  state += 0x9E3779B97F4A7C15; z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                return z ^ (z >> 31);                                  (all arithmetic mod 2^64)
       below(m): repeat x = next() until x >= (2^64 mod m); return x mod m   (no modulo bias)
       for i = n-1 down to 1: j = below(i+1); swap(order[i], order[j]).
   Position 0 of `order` is the first in the lottery.

   Passes. A child's "seats so far" = seats_before + seats won in earlier passes of this
   allocation. In a pass a child takes part when seats so far < max_per_child; it may get one
   seat in an activity it ranked, does not already hold from an earlier pass, and that has a
   free seat left. Each pass takes, among all assignments (every child at most one seat, no
   activity over its free seats), the best one by these tiers, each one deciding only between
   assignments that tie on all tiers before it:
     1. the most children placed (a maximum matching: nobody is stranded by a child who had
        other options);
     2. the most priority children placed;
     3. the seats-so-far profile: the most placed children with 0 seats so far, then the most
        with 1, then with 2, …;
     4. the rank profile: the most seats given at the child's 1st choice, then at the 2nd, …;
     5. the smallest sum of the lottery positions of the placed children. (This fixes WHO is
        placed; that set is then the one a draw in lottery order gives: the earliest child in
        the lottery that can still be added without losing on tiers 1–4 is added, and so on.)
     6. for the placed children taken in lottery order, the best rank for the first, then the
        best rank for the second, … (lexicographically smallest ranks in lottery order).
   Tiers 5 and 6 leave exactly one assignment. Passes repeat until one places nobody (then no
   later pass could place anybody either); at most max_per_child passes.

   Waiting lists. Per activity: the children who ranked it, did not get a seat in it, and
   ended with fewer than max_per_child seats (seats_before included), in lottery order.

   Method: per pass a min-cost flow whose costs are integer vectors compared lexicographically
   (tiers 1–5), by successive shortest paths with Dijkstra over activity nodes only (the
   children are folded into the edges between activities), then tier 6 by moving the children
   one at a time, in lottery order, along zero-cost cycles. Exact; time about
   (seats given) × activities² per pass. */
#ifndef VERRIJKT_DOMAIN_ALLOCATE_H
#define VERRIJKT_DOMAIN_ALLOCATE_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ALLOC_MAX_CHOICES 10       /* choices a child may rank; also the most max_per_child */
#define ALLOC_MAX_CHILDREN 1000000 /* keeps every lottery sum well inside int64_t */
#define ALLOC_MAX_ACTIVITIES 300   /* work memory: 4 × activities² × (longest ranking)² bytes */

struct alloc_child {
    int64_t id;       /* distinct; fixes the order the lottery shuffles */
    bool priority;    /* a priority pupil (tier 2) */
    int seats_before; /* seats the child already holds that count towards max_per_child */
    int n_ranks;      /* 0 … ALLOC_MAX_CHOICES */
    int ranks[ALLOC_MAX_CHOICES]; /* activity indices, best first, no repeats */
};

struct alloc_input {
    const int *capacity; /* free seats per activity, >= 0 */
    size_t n_activities;
    const struct alloc_child *children;
    size_t n_children;
    int max_per_child; /* 1 … ALLOC_MAX_CHOICES */
    uint64_t seed;
};

struct alloc_seat {
    int activity; /* index into the input's activities */
    int rank;     /* 0 = the child's 1st choice */
    int pass;     /* 1 = the first pass */
};

struct alloc_child_result {
    int n_seats; /* seats won in this allocation (seats_before not included) */
    struct alloc_seat seats[ALLOC_MAX_CHOICES]; /* in pass order */
    size_t lottery_pos;                         /* 0 = first in the lottery */
};

struct alloc_waitlist {
    size_t n;
    size_t *children; /* child indices, in lottery order */
};

/* Everything is malloc'ed; alloc_result_free() releases it. */
struct alloc_result {
    uint64_t seed;
    size_t n_children, n_activities;
    struct alloc_child_result *children; /* per child, input order */
    size_t *lottery;                     /* lottery[pos] = child index */
    struct alloc_waitlist *waitlists;    /* per activity */
    size_t by_rank[ALLOC_MAX_CHOICES];   /* seats given at the 1st choice, the 2nd, … */
    size_t n_unplaced;                   /* children with a choice who won no seat */
    int n_passes;                        /* passes that placed somebody */
};

enum alloc_status {
    ALLOC_OK = 0,
    ALLOC_ERR_ARGUMENT, /* a NULL pointer, or more than ALLOC_MAX_CHILDREN / _ACTIVITIES */
    ALLOC_ERR_CAPACITY,        /* a negative capacity */
    ALLOC_ERR_MAX_PER_CHILD,   /* max_per_child outside 1 … ALLOC_MAX_CHOICES */
    ALLOC_ERR_TOO_MANY_CHOICES, /* n_ranks outside 0 … ALLOC_MAX_CHOICES */
    ALLOC_ERR_BAD_ACTIVITY,    /* a rank that is no activity index */
    ALLOC_ERR_DUPLICATE_CHOICE, /* one activity twice in a child's ranks */
    ALLOC_ERR_SEATS_BEFORE,    /* a negative seats_before */
    ALLOC_ERR_DUPLICATE_ID,    /* two children with the same id */
    ALLOC_ERR_NO_MEMORY,
};

/* Allocate the round's seats by the rule above. Fills *out (caller frees it with
   alloc_result_free(), also after an error, when it holds nothing). Returns ALLOC_OK or the
   first problem found in the input; on an error *out is empty. */
enum alloc_status allocate(const struct alloc_input *in, struct alloc_result *out);

void alloc_result_free(struct alloc_result *r);

/* A Dutch sentence for a status, for the coordinator (static string). */
const char *alloc_status_text(enum alloc_status status);

/* The lottery alone: order[pos] = index into ids (ids distinct, any order), as described
   above. For showing and checking a draw. */
void alloc_lottery(uint64_t seed, const int64_t *ids, size_t n, size_t *order);

/* One step of splitmix64 (the lottery's generator); advances *state. */
uint64_t alloc_splitmix64(uint64_t *state);

#endif
