/* Shared between the parts of the seat allocation: allocate.c (the entry: input checks, the
   passes, waiting lists, the result), allocate_lottery.c (the draw) and allocate_flow.c (one
   pass's assignment by tiers 1–6 as a min-cost flow). Not for use elsewhere; the public
   interface and the rule are in allocate.h. */
#ifndef VERRIJKT_DOMAIN_ALLOCATE_INTERNAL_H
#define VERRIJKT_DOMAIN_ALLOCATE_INTERNAL_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/enrolment/allocate.h"

/* No activity (a child not placed), no rank, no move class. */
enum { NONE = -1 };

/* A child's choice as a candidate for a source edge, sorted by key: priority first, then fewer
   seats so far, better rank, earlier in the lottery — the order of the source arc's cost
   (allocate_flow.c: source_cost). */
struct candidate {
    uint64_t key;
    size_t child;
    int rank;
};

/* The working state of one allocation; allocate.c allocates and frees it (alloc_work,
   free_work) and fills the part before "one pass", allocate_flow.c works on the rest. */
struct alloc {
    const struct alloc_input *in;
    size_t n, n_act;
    int R;          /* rank classes: the longest ranking */
    int dim;        /* cost vector length */
    int i_level, i_rank, i_lottery; /* where the tiers start in a cost vector */
    size_t *pos;    /* lottery position per child */
    size_t *lottery;
    int *seats;     /* seats so far per child */
    int *cap_left;  /* free seats per activity before the pass */
    struct alloc_child_result *res;

    /* one pass */
    unsigned *avail; /* per child: bit r set = ranks[r] may be given in this pass */
    int *at;         /* per child: activity in this pass, or NONE */
    int *rank_at;
    size_t *slot;    /* the child's index in its activity's members */
    size_t *member_off, *n_members, *members; /* per activity: its children, cap_left + 1 room */
    struct candidate *cand;
    size_t *cand_off, *cand_next;             /* per activity: its candidates, the front */
    int32_t *pair_count; /* [x][y][r][r2]: children in x (at rank r) that rank y at r2 */
    int *pair_best;      /* [x][y]: the cheapest class r * R + r2 with children, or NONE */
    int32_t *tight;      /* [x][y]: unfixed children in x with a zero reduced cost edge to y */
    bool *fixed;
    int64_t *pot, *dist, *scratch; /* (n_act + 1) vectors; index n_act is the sink */
    bool *reached, *done;
    int *prev, *prev_class;
    size_t *prev_cand;
    int *queue;
};

static inline const struct alloc_child *child_of(const struct alloc *al, size_t c)
{
    return &al->in->children[c];
}

/* Sort the indices in order[] by ids[index] ascending (in place, no allocation): the order the
   lottery shuffles, and where equal ids sit next to each other. */
void alloc_sort_by_id(size_t *order, const int64_t *ids, size_t n);

/* Place the children of a prepared pass (avail, the candidates per activity sorted by key,
   at[] all NONE, no members) by tiers 1–6 of allocate.h: al->at and al->rank_at then hold the
   pass's assignment. Does not change seats, cap_left or the results. */
void alloc_assign_pass(struct alloc *al);

#endif
