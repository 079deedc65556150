/* Seat allocation for an enrolment round; the rule and its tiers are in allocate.h.

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
#include "domain/allocate.h"

#include <stdlib.h>
#include <string.h>

enum { NONE = -1, FROM_SOURCE = -2 };

/* ---- lottery ---------------------------------------------------------------------------- */

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

static void sort_by_id(size_t *order, const int64_t *ids, size_t n)
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
    sort_by_id(order, ids, n);
    uint64_t state = seed;
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)draw_below(&state, (uint64_t)i + 1);
        size_t tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
    }
}

/* ---- working state ----------------------------------------------------------------------- */

/* A child's choice as a candidate for a source edge, sorted by key: priority first, then fewer
   seats so far, better rank, earlier in the lottery — the order of the source arc's cost. */
struct candidate {
    uint64_t key;
    size_t child;
    int rank;
};

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

static const struct alloc_child *child_of(const struct alloc *al, size_t c)
{
    return &al->in->children[c];
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

/* ---- one pass ------------------------------------------------------------------------------ */

/* Whether child c won a seat in activity a in an earlier pass. */
static bool holds(const struct alloc *al, size_t c, int a)
{
    for (int k = 0; k < al->res[c].n_seats; k++)
        if (al->res[c].seats[k].activity == a)
            return true;
    return false;
}

static int candidate_cmp(const void *pa, const void *pb)
{
    const struct candidate *a = pa, *b = pb;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* Which choices each child may get in this pass, and per activity its candidates in the
   order of their source cost. Returns the number of candidates. */
static size_t prepare_pass(struct alloc *al)
{
    size_t A = al->n_act, total = 0;
    memset(al->cand_off, 0, (A + 1) * sizeof *al->cand_off);
    for (size_t c = 0; c < al->n; c++) {
        const struct alloc_child *ch = child_of(al, c);
        al->avail[c] = 0;
        al->at[c] = NONE;
        al->fixed[c] = false;
        if (al->seats[c] >= al->in->max_per_child)
            continue;
        for (int r = 0; r < ch->n_ranks; r++) {
            int a = ch->ranks[r];
            if (al->cap_left[a] > 0 && !holds(al, c, a)) {
                al->avail[c] |= 1u << r;
                al->cand_off[a + 1]++;
                total++;
            }
        }
    }
    for (size_t a = 0; a < A; a++)
        al->cand_off[a + 1] += al->cand_off[a];
    memcpy(al->cand_next, al->cand_off, A * sizeof *al->cand_next);
    for (size_t c = 0; c < al->n; c++) {
        const struct alloc_child *ch = child_of(al, c);
        for (int r = 0; r < ch->n_ranks; r++) {
            if (!(al->avail[c] & (1u << r)))
                continue;
            int a = ch->ranks[r];
            struct candidate *cd = &al->cand[al->cand_next[a]++];
            cd->key = (uint64_t)(ch->priority ? 0 : 1) << 62 | (uint64_t)al->seats[c] << 56 |
                      (uint64_t)r << 48 | (uint64_t)al->pos[c];
            cd->child = c;
            cd->rank = r;
        }
    }
    for (size_t a = 0; a < A; a++) {
        qsort(al->cand + al->cand_off[a], al->cand_off[a + 1] - al->cand_off[a],
              sizeof *al->cand, candidate_cmp);
        al->cand_next[a] = al->cand_off[a];
        al->n_members[a] = 0;
    }
    return total;
}

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

/* One pass; records its seats. Returns how many children it placed. */
static size_t run_pass(struct alloc *al, int pass, struct alloc_result *out)
{
    if (prepare_pass(al) == 0)
        return 0;
    memset(al->pair_count, 0,
           al->n_act * al->n_act * (size_t)(al->R * al->R) * sizeof *al->pair_count);
    for (size_t i = 0; i < al->n_act * al->n_act; i++)
        al->pair_best[i] = NONE;
    initial_potentials(al);
    while (shortest_path(al))
        augment(al);
    best_ranks_in_lottery_order(al);
    size_t placed = 0;
    for (size_t c = 0; c < al->n; c++) {
        if (al->at[c] == NONE)
            continue;
        struct alloc_child_result *cr = &al->res[c];
        cr->seats[cr->n_seats++] =
            (struct alloc_seat){.activity = al->at[c], .rank = al->rank_at[c], .pass = pass};
        al->seats[c]++;
        al->cap_left[al->at[c]]--;
        out->by_rank[al->rank_at[c]]++;
        placed++;
    }
    return placed;
}

/* ---- input, output ------------------------------------------------------------------------- */

static enum alloc_status check_input(const struct alloc_input *in)
{
    if (!in || (in->n_activities && !in->capacity) || (in->n_children && !in->children) ||
        in->n_children > ALLOC_MAX_CHILDREN || in->n_activities > ALLOC_MAX_ACTIVITIES)
        return ALLOC_ERR_ARGUMENT;
    if (in->max_per_child < 1 || in->max_per_child > ALLOC_MAX_CHOICES)
        return ALLOC_ERR_MAX_PER_CHILD;
    for (size_t a = 0; a < in->n_activities; a++)
        if (in->capacity[a] < 0)
            return ALLOC_ERR_CAPACITY;
    for (size_t c = 0; c < in->n_children; c++) {
        const struct alloc_child *ch = &in->children[c];
        if (ch->n_ranks < 0 || ch->n_ranks > ALLOC_MAX_CHOICES)
            return ALLOC_ERR_TOO_MANY_CHOICES;
        if (ch->seats_before < 0)
            return ALLOC_ERR_SEATS_BEFORE;
        for (int r = 0; r < ch->n_ranks; r++) {
            if (ch->ranks[r] < 0 || (size_t)ch->ranks[r] >= in->n_activities)
                return ALLOC_ERR_BAD_ACTIVITY;
            for (int s = 0; s < r; s++)
                if (ch->ranks[s] == ch->ranks[r])
                    return ALLOC_ERR_DUPLICATE_CHOICE;
        }
    }
    return ALLOC_OK;
}

/* Draws the lottery into al->lottery and al->pos; ALLOC_ERR_DUPLICATE_ID when two ids are
   equal (they sit next to each other once sorted). */
static enum alloc_status draw_lottery(struct alloc *al, int64_t *ids)
{
    for (size_t c = 0; c < al->n; c++)
        ids[c] = al->in->children[c].id;
    for (size_t i = 0; i < al->n; i++)
        al->lottery[i] = i;
    sort_by_id(al->lottery, ids, al->n);
    for (size_t i = 1; i < al->n; i++)
        if (ids[al->lottery[i]] == ids[al->lottery[i - 1]])
            return ALLOC_ERR_DUPLICATE_ID;
    alloc_lottery(al->in->seed, ids, al->n, al->lottery);
    for (size_t p = 0; p < al->n; p++)
        al->pos[al->lottery[p]] = p;
    return ALLOC_OK;
}

/* Whether child c ends on the waiting list of its choice a: below the maximum, not in a. */
static bool waits_for(const struct alloc *al, size_t c, int a)
{
    const struct alloc_child *ch = child_of(al, c);
    return ch->seats_before + al->res[c].n_seats < al->in->max_per_child && !holds(al, c, a);
}

/* The waiting lists: per activity the children who ranked it, are not in it and are below
   the maximum, in lottery order. */
static enum alloc_status build_waitlists(const struct alloc *al, struct alloc_result *out)
{
    for (size_t c = 0; c < al->n; c++) {
        const struct alloc_child *ch = child_of(al, c);
        for (int r = 0; r < ch->n_ranks; r++)
            if (waits_for(al, c, ch->ranks[r]))
                out->waitlists[ch->ranks[r]].n++;
    }
    for (size_t a = 0; a < al->n_act; a++) {
        struct alloc_waitlist *w = &out->waitlists[a];
        if (w->n == 0)
            continue;
        w->children = malloc(w->n * sizeof *w->children);
        if (!w->children)
            return ALLOC_ERR_NO_MEMORY;
        w->n = 0;
    }
    for (size_t p = 0; p < al->n; p++) {
        size_t c = al->lottery[p];
        const struct alloc_child *ch = child_of(al, c);
        for (int r = 0; r < ch->n_ranks; r++) {
            struct alloc_waitlist *w = &out->waitlists[ch->ranks[r]];
            if (waits_for(al, c, ch->ranks[r]))
                w->children[w->n++] = c;
        }
    }
    return ALLOC_OK;
}

/* Frees what alloc_work allocated (NULL members are fine). */
static void free_work(struct alloc *al)
{
    free(al->seats), free(al->cap_left), free(al->avail), free(al->at), free(al->rank_at);
    free(al->slot), free(al->member_off), free(al->n_members), free(al->members);
    free(al->cand), free(al->cand_off), free(al->cand_next), free(al->pair_count);
    free(al->pair_best), free(al->tight), free(al->fixed), free(al->pot), free(al->dist);
    free(al->scratch), free(al->reached), free(al->done), free(al->prev), free(al->prev_class);
    free(al->prev_cand), free(al->queue), free(al->pos);
}

/* Room for an activity's children during a pass: never more than its seats or the children,
   plus one for a child arriving before another leaves along a cycle. */
static size_t member_room(const struct alloc *al, size_t a)
{
    size_t seats = (size_t)al->in->capacity[a];
    return (seats < al->n ? seats : al->n) + 1;
}

/* The working arrays (freed by free_work, also when this fails). False when out of memory. */
static bool alloc_work(struct alloc *al)
{
    size_t n = al->n, A = al->n_act, nodes = A + 1, dim = (size_t)al->dim;
    size_t total_cap = 0, choices = 0;
    for (size_t a = 0; a < A; a++)
        total_cap += member_room(al, a);
    for (size_t c = 0; c < n; c++)
        choices += (size_t)al->in->children[c].n_ranks;
    size_t classes = A * A * (size_t)(al->R * al->R);
    al->pos = calloc(n + 1, sizeof *al->pos);
    al->seats = calloc(n + 1, sizeof *al->seats);
    al->cap_left = calloc(A + 1, sizeof *al->cap_left);
    al->avail = calloc(n + 1, sizeof *al->avail);
    al->at = calloc(n + 1, sizeof *al->at);
    al->rank_at = calloc(n + 1, sizeof *al->rank_at);
    al->slot = calloc(n + 1, sizeof *al->slot);
    al->fixed = calloc(n + 1, sizeof *al->fixed);
    al->member_off = calloc(A + 1, sizeof *al->member_off);
    al->n_members = calloc(A + 1, sizeof *al->n_members);
    al->members = calloc(total_cap + 1, sizeof *al->members);
    al->cand = calloc(choices + 1, sizeof *al->cand);
    al->cand_off = calloc(A + 2, sizeof *al->cand_off);
    al->cand_next = calloc(A + 1, sizeof *al->cand_next);
    al->pair_count = calloc(classes + 1, sizeof *al->pair_count);
    al->pair_best = calloc(A * A + 1, sizeof *al->pair_best);
    al->tight = calloc(A * A + 1, sizeof *al->tight);
    al->pot = calloc(nodes * dim, sizeof *al->pot);
    al->dist = calloc(nodes * dim, sizeof *al->dist);
    al->scratch = calloc(dim, sizeof *al->scratch);
    al->reached = calloc(nodes, sizeof *al->reached);
    al->done = calloc(nodes, sizeof *al->done);
    al->prev = calloc(nodes, sizeof *al->prev);
    al->prev_class = calloc(nodes, sizeof *al->prev_class);
    al->prev_cand = calloc(nodes, sizeof *al->prev_cand);
    al->queue = calloc(nodes, sizeof *al->queue);
    if (!al->pos || !al->seats || !al->cap_left || !al->avail || !al->at || !al->rank_at ||
        !al->slot || !al->fixed || !al->member_off || !al->n_members || !al->members ||
        !al->cand || !al->cand_off || !al->cand_next || !al->pair_count || !al->pair_best ||
        !al->tight || !al->pot || !al->dist || !al->scratch || !al->reached || !al->done ||
        !al->prev || !al->prev_class || !al->prev_cand || !al->queue)
        return false;
    for (size_t a = 0, off = 0; a < A; a++) {
        al->member_off[a] = off;
        off += member_room(al, a);
        al->cap_left[a] = al->in->capacity[a];
    }
    for (size_t c = 0; c < n; c++)
        al->seats[c] = al->in->children[c].seats_before;
    return true;
}

/* The result's arrays; false when out of memory (alloc_result_free cleans up). */
static bool alloc_output(struct alloc_result *out, size_t n, size_t A)
{
    out->children = calloc(n + 1, sizeof *out->children);
    out->lottery = calloc(n + 1, sizeof *out->lottery);
    out->waitlists = calloc(A + 1, sizeof *out->waitlists);
    return out->children && out->lottery && out->waitlists;
}

enum alloc_status allocate(const struct alloc_input *in, struct alloc_result *out)
{
    if (!out)
        return ALLOC_ERR_ARGUMENT;
    memset(out, 0, sizeof *out);
    enum alloc_status status = check_input(in);
    if (status != ALLOC_OK)
        return status;
    struct alloc al = {.in = in, .n = in->n_children, .n_act = in->n_activities, .R = 1};
    for (size_t c = 0; c < al.n; c++)
        if (in->children[c].n_ranks > al.R)
            al.R = in->children[c].n_ranks;
    al.i_level = 2;
    al.i_rank = al.i_level + in->max_per_child;
    al.i_lottery = al.i_rank + al.R;
    al.dim = al.i_lottery + 1;
    int64_t *ids = NULL;
    status = ALLOC_ERR_NO_MEMORY;
    if (!alloc_output(out, al.n, al.n_act) || !alloc_work(&al))
        goto out;
    ids = calloc(al.n + 1, sizeof *ids);
    if (!ids)
        goto out;
    out->seed = in->seed;
    out->n_children = al.n;
    out->n_activities = al.n_act;
    al.res = out->children;
    al.lottery = out->lottery;
    status = draw_lottery(&al, ids);
    if (status != ALLOC_OK)
        goto out;
    for (size_t c = 0; c < al.n; c++)
        out->children[c].lottery_pos = al.pos[c];
    for (int pass = 1; pass <= in->max_per_child; pass++) {
        if (run_pass(&al, pass, out) == 0)
            break;
        out->n_passes = pass;
    }
    for (size_t c = 0; c < al.n; c++)
        if (in->children[c].n_ranks > 0 && out->children[c].n_seats == 0)
            out->n_unplaced++;
    status = build_waitlists(&al, out);
out:
    free(ids);
    free_work(&al);
    if (status != ALLOC_OK) {
        alloc_result_free(out);
    }
    return status;
}

void alloc_result_free(struct alloc_result *r)
{
    if (!r)
        return;
    if (r->waitlists)
        for (size_t a = 0; a < r->n_activities; a++)
            free(r->waitlists[a].children);
    free(r->waitlists);
    free(r->children);
    free(r->lottery);
    memset(r, 0, sizeof *r);
}

const char *alloc_status_text(enum alloc_status status)
{
    switch (status) {
    case ALLOC_OK:
        return "De plaatsen zijn verdeeld.";
    case ALLOC_ERR_ARGUMENT:
        return "De ronde kan niet worden verdeeld: de invoer is onvolledig of te groot.";
    case ALLOC_ERR_CAPACITY:
        return "Een activiteit heeft een negatief aantal vrije plaatsen.";
    case ALLOC_ERR_MAX_PER_CHILD:
        return "Het maximum aantal plaatsen per kind moet tussen 1 en 10 liggen.";
    case ALLOC_ERR_TOO_MANY_CHOICES:
        return "Een kind heeft meer dan 10 keuzes.";
    case ALLOC_ERR_BAD_ACTIVITY:
        return "Een keuze verwijst naar een activiteit die niet in de ronde zit.";
    case ALLOC_ERR_DUPLICATE_CHOICE:
        return "Een kind heeft dezelfde activiteit twee keer gekozen.";
    case ALLOC_ERR_SEATS_BEFORE:
        return "Een kind heeft een negatief aantal plaatsen.";
    case ALLOC_ERR_DUPLICATE_ID:
        return "Een kind staat twee keer in de ronde.";
    case ALLOC_ERR_NO_MEMORY:
        return "Te weinig geheugen om de ronde te verdelen.";
    }
    return "Onbekende fout bij het verdelen.";
}
