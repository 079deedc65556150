/* One pass of the seat allocation (allocate_internal.h: alloc_assign_pass): the assignment by
   tiers 1–6 of the rule in allocate.h, given the choices allocate.c opened for the pass.

   One pass is a min-cost flow  source → child → activity → sink  with unit capacities on the
   child arcs and the free seats on the sink arcs. Costs are vectors of int64_t compared
   lexicographically (an ordered group, so shortest paths with potentials work as usual):
       [0] placed            −1 on every source arc          (tier 1)
       [1] priority          −1 if the child is a priority pupil (tier 2)
       [2 …]  seat levels    −1 at the child's seats so far  (tier 3)
       [.. …] ranks          −1 at the rank of the choice, on the child → activity arc (tier 4)
       [last] lottery        + the child's lottery position  (tier 5)
   Every source-to-sink path has −1 in [0], so augmenting along shortest paths until the sink
   is unreachable gives a maximum flow of least cost. The shortest paths run over activities
   only: the edge x → y stands for "some child in x moves to y", and its cost depends only on
   the two ranks (r at x, r2 at y), so per pair of activities we count the children in each
   (r, r2) class and keep the cheapest class; the edge source → y is the best child not yet
   placed who ranked y, which is the front of y's list sorted once per pass.
   Tier 6 then goes through the placed children in lottery order and gives each the best
   rank that a cycle of zero reduced cost (moving only children later in the lottery) allows;
   zero-cost cycles keep tiers 1–5, and every optimal assignment is reachable that way. */
#include <stdlib.h>
#include <string.h>

#include "domain/enrolment/allocate.h"
#include "domain/enrolment/allocate_internal.h"

enum { FROM_SOURCE = -2 };

/* ---- cost vectors ------------------------------------------------------------------------ */

static int64_t *vec(int64_t *base, const struct alloc *al, size_t node)
{
    return base + node * (size_t)al->dim;
}

static int vec_cmp(const int64_t *a, const int64_t *b, int dim)
{
    for (int i = 0; i < dim; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* The cost of placing child c at its rank r from the source (tiers 1–5). */
static void source_cost(const struct alloc *al, size_t c, int r, int64_t *out)
{
    memset(out, 0, (size_t)al->dim * sizeof *out);
    out[0] = -1;
    out[1] = al->in->children[c].priority ? -1 : 0;
    out[al->i_level + al->seats[c]] = -1;
    out[al->i_rank + r] = -1;
    out[al->i_lottery] = (int64_t)al->pos[c];
}

/* Adds the cost of moving a child from its rank r to its rank r2 (rank tier only). */
static void add_move_cost(const struct alloc *al, int r, int r2, int64_t *v)
{
    v[al->i_rank + r] += 1;
    v[al->i_rank + r2] -= 1;
}

/* Lexicographic order of two move classes (r → r2), as cost vectors e_r − e_r2. */
static int move_cmp(int r, int r2, int s, int s2)
{
    int a[ALLOC_MAX_CHOICES] = {0}, b[ALLOC_MAX_CHOICES] = {0};
    a[r] += 1;
    a[r2] -= 1;
    b[s] += 1;
    b[s2] -= 1;
    for (int i = 0; i < ALLOC_MAX_CHOICES; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

static size_t pair_index(const struct alloc *al, int x, int y)
{
    return (size_t)x * al->n_act + (size_t)y;
}

/* ---- pass state: members and pair classes ------------------------------------------------ */

/* Recomputes the cheapest class of moves from x to y after a count changed. */
static void refresh_pair_best(struct alloc *al, int x, int y)
{
    const int32_t *count = al->pair_count + pair_index(al, x, y) * (size_t)(al->R * al->R);
    int best = NONE;
    for (int r = 0; r < al->R; r++)
        for (int r2 = 0; r2 < al->R; r2++)
            if (count[r * al->R + r2] > 0 &&
                (best == NONE || move_cmp(r, r2, best / al->R, best % al->R) < 0))
                best = r * al->R + r2;
    al->pair_best[pair_index(al, x, y)] = best;
}

/* Adds (sign +1) or removes (−1) child c's edges out of its activity to the pair classes. */
static void count_pairs(struct alloc *al, size_t c, int sign)
{
    const struct alloc_child *ch = child_of(al, c);
    int x = al->at[c], r = al->rank_at[c];
    for (int r2 = 0; r2 < ch->n_ranks; r2++) {
        if (r2 == r || !(al->avail[c] & (1u << r2)))
            continue;
        int y = ch->ranks[r2];
        al->pair_count[pair_index(al, x, y) * (size_t)(al->R * al->R) +
                       (size_t)(r * al->R + r2)] += sign;
        refresh_pair_best(al, x, y);
    }
}

/* Whether moving a child from x (rank r) to y (rank r2) has reduced cost zero. */
static bool edge_is_tight(const struct alloc *al, int x, int y, int r, int r2)
{
    const int64_t *px = al->pot + (size_t)x * (size_t)al->dim;
    const int64_t *py = al->pot + (size_t)y * (size_t)al->dim;
    for (int i = 0; i < al->dim; i++) {
        int64_t reduced = px[i] - py[i];
        if (i == al->i_rank + r)
            reduced += 1;
        if (i == al->i_rank + r2)
            reduced -= 1;
        if (reduced != 0)
            return false;
    }
    return true;
}

/* Adds or removes child c's zero-reduced-cost edges out of its activity (tier 6). */
static void count_tight(struct alloc *al, size_t c, int sign)
{
    const struct alloc_child *ch = child_of(al, c);
    int x = al->at[c], r = al->rank_at[c];
    for (int r2 = 0; r2 < ch->n_ranks; r2++) {
        if (r2 == r || !(al->avail[c] & (1u << r2)))
            continue;
        int y = ch->ranks[r2];
        if (edge_is_tight(al, x, y, r, r2))
            al->tight[pair_index(al, x, y)] += sign;
    }
}

/* Puts child c (in no activity, or in another one) into activity y at its rank r. */
static void place(struct alloc *al, size_t c, int y, int r)
{
    int x = al->at[c];
    if (x != NONE) {
        size_t *list = al->members + al->member_off[x];
        size_t last = list[--al->n_members[x]];
        list[al->slot[c]] = last;
        al->slot[last] = al->slot[c];
    }
    size_t *list = al->members + al->member_off[y];
    al->slot[c] = al->n_members[y];
    list[al->n_members[y]++] = c;
    al->at[c] = y;
    al->rank_at[c] = r;
}

/* The rank child ch gave activity, or NONE. */
static int rank_of(const struct alloc_child *ch, int activity)
{
    for (int r = 0; r < ch->n_ranks; r++)
        if (ch->ranks[r] == activity)
            return r;
    return NONE;
}

/* The best candidate not yet placed of activity a, or NONE. */
static int front_candidate(struct alloc *al, int a, size_t *index)
{
    size_t i = al->cand_next[a];
    while (i < al->cand_off[a + 1] && al->at[al->cand[i].child] != NONE)
        i++;
    al->cand_next[a] = i;
    if (i == al->cand_off[a + 1])
        return NONE;
    *index = i;
    return 0;
}

/* ---- tiers 1–5: successive shortest paths ------------------------------------------------ */

/* Relaxes node v to the vector in al->scratch coming from u (class cls for a move). */
static void relax(struct alloc *al, size_t v, int u, int cls)
{
    int64_t *dv = vec(al->dist, al, v);
    if (al->reached[v] && vec_cmp(al->scratch, dv, al->dim) >= 0)
        return;
    memcpy(dv, al->scratch, (size_t)al->dim * sizeof *dv);
    al->reached[v] = true;
    al->prev[v] = u;
    al->prev_class[v] = cls;
}

/* Dijkstra from the source over the activities with reduced costs; then moves the potentials
   (distances capped at the sink's, which keeps all reduced costs ≥ 0). False when the sink
   cannot be reached. */
static bool shortest_path(struct alloc *al)
{
    size_t A = al->n_act, sink = A;
    int dim = al->dim;
    for (size_t v = 0; v <= A; v++)
        al->reached[v] = al->done[v] = false;
    for (size_t a = 0; a < A; a++) {
        size_t i;
        if (front_candidate(al, (int)a, &i) == NONE)
            continue;
        source_cost(al, al->cand[i].child, al->cand[i].rank, al->scratch);
        const int64_t *pa = vec(al->pot, al, a);
        for (int k = 0; k < dim; k++)
            al->scratch[k] -= pa[k];
        relax(al, a, FROM_SOURCE, NONE);
        al->prev_cand[a] = i;
    }
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t v = 0; v <= A; v++)
            if (al->reached[v] && !al->done[v] &&
                (u == SIZE_MAX || vec_cmp(vec(al->dist, al, v), vec(al->dist, al, u), dim) < 0))
                u = v;
        if (u == SIZE_MAX)
            return false;
        al->done[u] = true;
        if (u == sink)
            break;
        int64_t base[3 * ALLOC_MAX_CHOICES + 3];
        const int64_t *du = vec(al->dist, al, u), *pu = vec(al->pot, al, u);
        for (int k = 0; k < dim; k++)
            base[k] = du[k] + pu[k];
        if (al->n_members[u] < (size_t)al->cap_left[u] && !al->done[sink]) {
            const int64_t *ps = vec(al->pot, al, sink);
            for (int k = 0; k < dim; k++)
                al->scratch[k] = base[k] - ps[k];
            relax(al, sink, (int)u, NONE);
        }
        for (size_t y = 0; y < A; y++) {
            int cls = al->pair_best[pair_index(al, (int)u, (int)y)];
            if (cls == NONE || al->done[y])
                continue;
            const int64_t *py = vec(al->pot, al, y);
            for (int k = 0; k < dim; k++)
                al->scratch[k] = base[k] - py[k];
            add_move_cost(al, cls / al->R, cls % al->R, al->scratch);
            relax(al, y, (int)u, cls);
        }
    }
    const int64_t *to_sink = vec(al->dist, al, sink);
    for (size_t v = 0; v <= A; v++) {
        const int64_t *d = al->done[v] ? vec(al->dist, al, v) : to_sink;
        int64_t *p = vec(al->pot, al, v);
        for (int k = 0; k < dim; k++)
            p[k] += d[k];
    }
    return true;
}

/* A child in activity x that may move to y: in class cls when cls != NONE (tiers 1–5),
   otherwise unfixed, not `except`, along a zero reduced cost edge (tier 6). */
static size_t find_mover(const struct alloc *al, int x, int y, int cls, size_t except)
{
    const size_t *list = al->members + al->member_off[x];
    for (size_t i = 0; i < al->n_members[x]; i++) {
        size_t d = list[i];
        const struct alloc_child *ch = child_of(al, d);
        int r = al->rank_at[d], r2 = rank_of(ch, y);
        if (r2 == NONE || !(al->avail[d] & (1u << r2)))
            continue;
        if (cls != NONE ? r * al->R + r2 == cls
                        : d != except && !al->fixed[d] && edge_is_tight(al, x, y, r, r2))
            return d;
    }
    abort(); /* the search found an edge, so such a child exists */
}

/* Applies the path the last shortest_path() found, from the sink back to the source, so that
   each mover is found among its activity's children before anybody arrives there. */
static void augment(struct alloc *al)
{
    int y = al->prev[al->n_act];
    for (;;) {
        int x = al->prev[y];
        if (x == FROM_SOURCE) {
            const struct candidate *cd = &al->cand[al->prev_cand[y]];
            place(al, cd->child, y, cd->rank);
            count_pairs(al, cd->child, +1);
            return;
        }
        int cls = al->prev_class[y];
        size_t d = find_mover(al, x, y, cls, SIZE_MAX);
        count_pairs(al, d, -1);
        place(al, d, y, cls % al->R);
        count_pairs(al, d, +1);
        y = x;
    }
}

/* ---- tier 6: best ranks in lottery order ------------------------------------------------- */

/* Whether taking or giving up a free seat of x has reduced cost zero. */
static bool sink_edge_tight(const struct alloc *al, size_t x)
{
    return vec_cmp(vec(al->pot, al, x), vec(al->pot, al, al->n_act), al->dim) == 0;
}

/* Breadth-first search from activity `from` to `to` over zero reduced cost edges that move
   unfixed children, and through the sink (a free seat, or a seat given up). Fills al->prev.
   True when `to` is reached. */
static bool tight_path(struct alloc *al, int from, int to)
{
    size_t A = al->n_act, sink = A;
    for (size_t v = 0; v <= A; v++)
        al->reached[v] = false;
    size_t head = 0, tail = 0;
    al->queue[tail++] = from;
    al->reached[from] = true;
    al->prev[from] = NONE;
    while (head < tail) {
        size_t u = (size_t)al->queue[head++];
        for (size_t v = 0; v <= A; v++) {
            if (al->reached[v])
                continue;
            bool edge;
            if (u == sink)
                edge = al->n_members[v] > 0 && sink_edge_tight(al, v);
            else if (v == sink)
                edge = al->n_members[u] < (size_t)al->cap_left[u] && sink_edge_tight(al, u);
            else
                edge = al->tight[pair_index(al, (int)u, (int)v)] > 0;
            if (!edge)
                continue;
            al->reached[v] = true;
            al->prev[v] = (int)u;
            if (v == (size_t)to)
                return true;
            al->queue[tail++] = (int)v;
        }
    }
    return false;
}

/* Moves child c into activity a at rank r and everybody along the path tight_path() found
   from a to c's activity, processed from the end so that movers are original members. */
static void apply_cycle(struct alloc *al, size_t c, int a, int r)
{
    int sink = (int)al->n_act;
    for (int y = al->at[c]; y != a;) {
        int x = al->prev[y];
        if (x != sink && y != sink) {
            size_t d = find_mover(al, x, y, NONE, c);
            count_tight(al, d, -1);
            place(al, d, y, rank_of(child_of(al, d), y));
            count_tight(al, d, +1);
        }
        y = x;
    }
    count_tight(al, c, -1);
    place(al, c, a, r);
    count_tight(al, c, +1);
}

/* Tier 6: each placed child in lottery order takes the best rank a zero-cost cycle among the
   children after it can give, and is then fixed. */
static void best_ranks_in_lottery_order(struct alloc *al)
{
    memset(al->tight, 0, al->n_act * al->n_act * sizeof *al->tight);
    for (size_t c = 0; c < al->n; c++)
        if (al->at[c] != NONE)
            count_tight(al, c, +1);
    for (size_t p = 0; p < al->n; p++) {
        size_t c = al->lottery[p];
        if (al->at[c] == NONE)
            continue;
        const struct alloc_child *ch = child_of(al, c);
        for (int r = 0; r < al->rank_at[c]; r++) {
            int a = ch->ranks[r];
            if (!(al->avail[c] & (1u << r)) || !edge_is_tight(al, al->at[c], a, al->rank_at[c], r))
                continue;
            if (tight_path(al, a, al->at[c])) {
                apply_cycle(al, c, a, r);
                break;
            }
        }
        count_tight(al, c, -1);
        al->fixed[c] = true;
    }
}

/* ---- one pass ---------------------------------------------------------------------------- */

/* Starting potentials: the source edges are the only edges into activities, so the cheapest
   one is each activity's distance; the sink is below them all. */
static void initial_potentials(struct alloc *al)
{
    size_t A = al->n_act;
    memset(al->pot, 0, (A + 1) * (size_t)al->dim * sizeof *al->pot);
    int64_t *ps = vec(al->pot, al, A);
    for (size_t a = 0; a < A; a++) {
        size_t i;
        int64_t *pa = vec(al->pot, al, a);
        if (front_candidate(al, (int)a, &i) != NONE)
            source_cost(al, al->cand[i].child, al->cand[i].rank, pa);
        if (vec_cmp(pa, ps, al->dim) < 0)
            memcpy(ps, pa, (size_t)al->dim * sizeof *ps);
    }
}

void alloc_assign_pass(struct alloc *al)
{
    memset(al->pair_count, 0,
           al->n_act * al->n_act * (size_t)(al->R * al->R) * sizeof *al->pair_count);
    for (size_t i = 0; i < al->n_act * al->n_act; i++)
        al->pair_best[i] = NONE;
    initial_potentials(al);
    while (shortest_path(al))
        augment(al);
    best_ranks_in_lottery_order(al);
}
