/* Seat allocation for an enrolment round; the rule and its tiers are in allocate.h. This is the
   entry: it checks the input, draws the lottery (allocate_lottery.c), runs the passes — each
   opens the choices a child may still get in it, lets allocate_flow.c place the children by
   tiers 1–6 and records their seats — and then builds the waiting lists and the result. It
   owns the working memory of an allocation (struct alloc, allocate_internal.h). */
#include "domain/enrolment/allocate.h"

#include <stdlib.h>
#include <string.h>

#include "domain/enrolment/allocate_internal.h"

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

/* One pass; records its seats. Returns how many children it placed. */
static size_t run_pass(struct alloc *al, int pass, struct alloc_result *out)
{
    if (prepare_pass(al) == 0)
        return 0;
    alloc_assign_pass(al);
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
    alloc_sort_by_id(al->lottery, ids, al->n);
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
