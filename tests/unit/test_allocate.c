/* Tests of the round allocation (PRODUCT.md rule 4, domain/allocate.h): hand-made cases for
 * each tier, the lottery, the waiting lists and bad input, and a property test that checks
 * every pass of a few thousand random small rounds against a brute force over all
 * assignments, tier by tier. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/enrolment/allocate.h"

/* ---- helpers ----------------------------------------------------------------------------- */

/* A child with the given choices; the list ends with -1. */
static struct alloc_child child(int64_t id, bool priority, int seats_before, ...)
{
    struct alloc_child ch = {.id = id, .priority = priority, .seats_before = seats_before};
    va_list ap;
    va_start(ap, seats_before);
    for (int a; (a = va_arg(ap, int)) >= 0;)
        ch.ranks[ch.n_ranks++] = a;
    va_end(ap);
    return ch;
}

static struct alloc_input round_of(const int *capacity, size_t n_activities,
                                   const struct alloc_child *children, size_t n_children,
                                   int max_per_child, uint64_t seed)
{
    return (struct alloc_input){.capacity = capacity,
                                .n_activities = n_activities,
                                .children = children,
                                .n_children = n_children,
                                .max_per_child = max_per_child,
                                .seed = seed};
}

/* The activity child c got in pass `pass`, or -1. */
static int seat_in_pass(const struct alloc_result *r, size_t c, int pass)
{
    for (int k = 0; k < r->children[c].n_seats; k++)
        if (r->children[c].seats[k].pass == pass)
            return r->children[c].seats[k].activity;
    return -1;
}

static bool holds_seat(const struct alloc_result *r, size_t c, int a)
{
    for (int k = 0; k < r->children[c].n_seats; k++)
        if (r->children[c].seats[k].activity == a)
            return true;
    return false;
}

/* Every promise of the result that does not need an optimum: the lottery is the documented
   draw, capacities and the maximum hold, no activity twice, ranks and counts agree, and the
   waiting lists are exactly the waiting children in lottery order. */
static void check_invariants(const struct alloc_input *in, const struct alloc_result *r)
{
    size_t n = in->n_children, A = in->n_activities;
    assert_int_equal(r->n_children, n);
    assert_int_equal(r->n_activities, A);
    assert_true(r->seed == in->seed);

    int64_t *ids = calloc(n + 1, sizeof *ids);
    size_t *order = calloc(n + 1, sizeof *order);
    int *used = calloc(A + 1, sizeof *used);
    assert_non_null(ids);
    assert_non_null(order);
    assert_non_null(used);
    for (size_t c = 0; c < n; c++)
        ids[c] = in->children[c].id;
    alloc_lottery(in->seed, ids, n, order);
    for (size_t p = 0; p < n; p++) {
        assert_int_equal(r->lottery[p], order[p]);
        assert_int_equal(r->children[order[p]].lottery_pos, p);
    }

    size_t by_rank[ALLOC_MAX_CHOICES] = {0}, unplaced = 0;
    int max_pass = 0;
    for (size_t c = 0; c < n; c++) {
        const struct alloc_child *ch = &in->children[c];
        const struct alloc_child_result *cr = &r->children[c];
        assert_true(cr->n_seats >= 0);
        if (cr->n_seats > 0) /* seats_before alone may already be at the maximum */
            assert_true(ch->seats_before + cr->n_seats <= in->max_per_child);
        if (ch->n_ranks > 0 && cr->n_seats == 0)
            unplaced++;
        for (int k = 0; k < cr->n_seats; k++) {
            const struct alloc_seat *s = &cr->seats[k];
            assert_in_range(s->rank, 0, ch->n_ranks - 1);
            assert_int_equal(ch->ranks[s->rank], s->activity);
            assert_int_equal(s->pass, k + 1); /* one seat per pass, and no pass skipped */
            for (int j = 0; j < k; j++)
                assert_int_not_equal(cr->seats[j].activity, s->activity);
            used[s->activity]++;
            by_rank[s->rank]++;
            if (s->pass > max_pass)
                max_pass = s->pass;
        }
    }
    assert_int_equal(r->n_passes, max_pass);
    assert_int_equal(r->n_unplaced, unplaced);
    for (int k = 0; k < ALLOC_MAX_CHOICES; k++)
        assert_int_equal(r->by_rank[k], by_rank[k]);
    for (size_t a = 0; a < A; a++) {
        assert_true(used[a] <= in->capacity[a]);
        size_t expected = 0;
        for (size_t p = 0; p < n; p++) {
            size_t c = order[p];
            const struct alloc_child *ch = &in->children[c];
            bool ranked = false;
            for (int k = 0; k < ch->n_ranks; k++)
                ranked |= ch->ranks[k] == (int)a;
            if (!ranked || holds_seat(r, c, (int)a) ||
                ch->seats_before + r->children[c].n_seats >= in->max_per_child)
                continue;
            assert_true(expected < r->waitlists[a].n);
            assert_int_equal(r->waitlists[a].children[expected], c);
            expected++;
        }
        assert_int_equal(r->waitlists[a].n, expected);
    }
    free(ids);
    free(order);
    free(used);
}

static void allocate_ok(const struct alloc_input *in, struct alloc_result *r)
{
    assert_int_equal(allocate(in, r), ALLOC_OK);
    check_invariants(in, r);
}

/* ---- hand-made cases --------------------------------------------------------------------- */

enum { X, Y, Z, W };

/* A ranks only X; B ranks X then Y; one seat each: both are placed, whatever the draw. */
static void test_no_child_stranded(void **state)
{
    (void)state;
    int capacity[] = {1, 1};
    struct alloc_child kids[] = {child(1, false, 0, X, -1), child(2, false, 0, X, Y, -1)};
    for (uint64_t seed = 0; seed < 64; seed++) {
        struct alloc_input in = round_of(capacity, 2, kids, 2, 1, seed);
        struct alloc_result r;
        allocate_ok(&in, &r);
        assert_int_equal(seat_in_pass(&r, 0, 1), X);
        assert_int_equal(seat_in_pass(&r, 1, 1), Y);
        assert_int_equal(r.n_unplaced, 0);
        alloc_result_free(&r);
    }
}

/* The last seat goes to the priority pupil, whatever the draw. */
static void test_priority_first(void **state)
{
    (void)state;
    int capacity[] = {1};
    struct alloc_child kids[] = {child(1, false, 0, X, -1), child(2, true, 0, X, -1),
                                 child(3, false, 0, X, -1)};
    for (uint64_t seed = 0; seed < 64; seed++) {
        struct alloc_input in = round_of(capacity, 1, kids, 3, 1, seed);
        struct alloc_result r;
        allocate_ok(&in, &r);
        assert_int_equal(seat_in_pass(&r, 1, 1), X);
        assert_int_equal(r.n_unplaced, 2);
        assert_int_equal(r.waitlists[X].n, 2);
        alloc_result_free(&r);
    }
}

/* Each tier outranks the ones after it: priority beats fewer seats and a better rank, fewer
   seats beat a better rank (the number placed beating rank is test_no_child_stranded). */
static void test_tier_order(void **state)
{
    (void)state;
    int capacity[] = {1, 0};
    struct {
        struct alloc_child kids[2];
        size_t winner;
    } cases[] = {
        /* priority, at its 2nd choice, against a 1st choice */
        {{child(1, true, 0, Y, X, -1), child(2, false, 0, X, -1)}, 0},
        /* priority with a seat before against no seat before */
        {{child(1, false, 0, X, -1), child(2, true, 1, X, -1)}, 1},
        /* no seat before, at its 2nd choice, against one seat before at a 1st choice */
        {{child(1, false, 1, X, -1), child(2, false, 0, Y, X, -1)}, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        for (uint64_t seed = 0; seed < 32; seed++) {
            struct alloc_input in = round_of(capacity, 2, cases[k].kids, 2, 2, seed);
            struct alloc_result r;
            allocate_ok(&in, &r);
            assert_int_equal(seat_in_pass(&r, cases[k].winner, 1), X);
            assert_int_equal(r.children[1 - cases[k].winner].n_seats, 0);
            alloc_result_free(&r);
        }
}

/* Fewer seats so far wins: in the first pass (seats_before) and in the second pass. */
static void test_fewer_seats_first(void **state)
{
    (void)state;
    {
        int capacity[] = {1};
        struct alloc_child kids[] = {child(1, false, 1, X, -1), child(2, false, 0, X, -1)};
        for (uint64_t seed = 0; seed < 32; seed++) {
            struct alloc_input in = round_of(capacity, 1, kids, 2, 2, seed);
            struct alloc_result r;
            allocate_ok(&in, &r);
            assert_int_equal(seat_in_pass(&r, 1, 1), X);
            assert_int_equal(r.children[0].n_seats, 0);
            alloc_result_free(&r);
        }
    }
    /* U (no seat before) gets X in pass 1, V (one seat before) gets W; in pass 2 both want
       the one seat of Z, and U, with one seat against V's two, gets it. */
    int capacity[] = {1, 0, 1, 1};
    struct alloc_child kids[] = {child(1, false, 0, X, Z, -1), child(2, false, 1, W, Z, -1)};
    for (uint64_t seed = 0; seed < 32; seed++) {
        struct alloc_input in = round_of(capacity, 4, kids, 2, 3, seed);
        struct alloc_result r;
        allocate_ok(&in, &r);
        assert_int_equal(seat_in_pass(&r, 0, 1), X);
        assert_int_equal(seat_in_pass(&r, 1, 1), W);
        assert_int_equal(seat_in_pass(&r, 0, 2), Z);
        assert_int_equal(r.children[1].n_seats, 1);
        assert_int_equal(r.waitlists[Z].n, 1); /* V has 2 of 3 seats: it keeps waiting */
        assert_int_equal(r.waitlists[Z].children[0], 1);
        assert_int_equal(r.n_passes, 2);
        alloc_result_free(&r);
    }
}

/* As many first choices as possible; the lottery only decides between A and C. */
static void test_rank_maximal(void **state)
{
    (void)state;
    int capacity[] = {1, 1};
    struct alloc_child kids[] = {child(1, false, 0, X, Y, -1), child(2, false, 0, Y, X, -1),
                                 child(3, false, 0, X, Y, -1)};
    int a_won = 0, c_won = 0;
    for (uint64_t seed = 0; seed < 64; seed++) {
        struct alloc_input in = round_of(capacity, 2, kids, 3, 1, seed);
        struct alloc_result r;
        allocate_ok(&in, &r);
        assert_int_equal(seat_in_pass(&r, 1, 1), Y);
        assert_int_equal(r.by_rank[0], 2);
        size_t winner = r.children[0].lottery_pos < r.children[2].lottery_pos ? 0 : 2;
        assert_int_equal(seat_in_pass(&r, winner, 1), X);
        assert_int_equal(r.children[2 - winner].n_seats, 0);
        if (winner == 0)
            a_won++;
        else
            c_won++;
        alloc_result_free(&r);
    }
    assert_true(a_won > 0 && c_won > 0);
}

/* Two children with the same choices: the earlier in the lottery gets the better one. */
static void test_lottery_gives_better_rank(void **state)
{
    (void)state;
    int capacity[] = {1, 1};
    struct alloc_child kids[] = {child(10, false, 0, X, Y, -1), child(20, false, 0, X, Y, -1)};
    for (uint64_t seed = 0; seed < 64; seed++) {
        struct alloc_input in = round_of(capacity, 2, kids, 2, 1, seed);
        struct alloc_result r;
        allocate_ok(&in, &r);
        size_t first = r.lottery[0];
        assert_int_equal(seat_in_pass(&r, first, 1), X);
        assert_int_equal(seat_in_pass(&r, 1 - first, 1), Y);
        alloc_result_free(&r);
    }
}

/* splitmix64 against its published reference values, and one pinned draw: a stored seed must
   give the same lottery after any change to this code. */
static void test_lottery_is_fixed(void **state)
{
    (void)state;
    uint64_t s = 1234567;
    assert_true(alloc_splitmix64(&s) == 6457827717110365317u);
    assert_true(alloc_splitmix64(&s) == 3203168211198807973u);
    assert_true(alloc_splitmix64(&s) == 9817491932198370423u);
    int64_t ids[10];
    for (int i = 0; i < 10; i++)
        ids[i] = 100 - i; /* given in descending order: the draw starts from ascending ids */
    size_t order[10];
    alloc_lottery(42, ids, 10, order);
    const size_t expected[10] = {9, 0, 4, 1, 3, 5, 2, 7, 8, 6};
    for (int i = 0; i < 10; i++)
        assert_int_equal(order[i], expected[i]);
}

/* Many children on a few seats: a round allocated twice with the same seed gives the same
   result; twenty seeds give twenty different lotteries. The input order does not matter. */
static void test_same_seed_same_result(void **state)
{
    (void)state;
    enum { N = 200 };
    int capacity[] = {5, 10, 3, 0, 20};
    struct alloc_child *kids = calloc(N, sizeof *kids), *reversed = calloc(N, sizeof *kids);
    assert_non_null(kids);
    assert_non_null(reversed);
    for (int i = 0; i < N; i++) {
        kids[i] = child(1000 + i, i % 7 == 0, i % 5 == 0, i % 5, (i + 2) % 5, (i + 3) % 5, -1);
        reversed[N - 1 - i] = kids[i];
    }
    struct alloc_result r1, r2, r3;
    struct alloc_input in = round_of(capacity, 5, kids, N, 2, 777);
    struct alloc_input in_reversed = round_of(capacity, 5, reversed, N, 2, 777);
    allocate_ok(&in, &r1);
    allocate_ok(&in, &r2);
    allocate_ok(&in_reversed, &r3);
    for (size_t c = 0; c < N; c++) {
        assert_memory_equal(&r1.children[c], &r2.children[c], sizeof r1.children[c]);
        assert_memory_equal(&r1.children[c], &r3.children[N - 1 - c], sizeof r1.children[c]);
    }
    alloc_result_free(&r1);
    alloc_result_free(&r2);
    alloc_result_free(&r3);

    size_t orders[20][N];
    for (uint64_t seed = 0; seed < 20; seed++) {
        struct alloc_result r;
        in.seed = seed;
        allocate_ok(&in, &r);
        memcpy(orders[seed], r.lottery, sizeof orders[seed]);
        alloc_result_free(&r);
        for (uint64_t other = 0; other < seed; other++)
            assert_memory_not_equal(orders[seed], orders[other], sizeof orders[seed]);
    }
    free(kids);
    free(reversed);
}

/* With max_per_child 2 nobody gets three seats, even with three free choices; a child that
   already holds the maximum gets nothing and waits nowhere. */
static void test_max_per_child(void **state)
{
    (void)state;
    int capacity[] = {5, 5, 5};
    struct alloc_child kids[] = {child(1, false, 0, X, Y, Z, -1), child(2, true, 2, X, Y, -1),
                                 child(3, false, 1, Z, Y, X, -1)};
    struct alloc_input in = round_of(capacity, 3, kids, 3, 2, 5);
    struct alloc_result r;
    allocate_ok(&in, &r);
    assert_int_equal(r.children[0].n_seats, 2);
    assert_int_equal(seat_in_pass(&r, 0, 1), X);
    assert_int_equal(seat_in_pass(&r, 0, 2), Y);
    assert_int_equal(r.children[1].n_seats, 0);
    assert_int_equal(r.children[2].n_seats, 1);
    assert_int_equal(seat_in_pass(&r, 2, 1), Z);
    for (int a = 0; a < 3; a++)
        assert_int_equal(r.waitlists[a].n, 0);
    assert_int_equal(r.n_passes, 2);
    alloc_result_free(&r);
}

/* One seat, four children: the others wait in lottery order. */
static void test_waitlist_in_lottery_order(void **state)
{
    (void)state;
    int capacity[] = {1, 0};
    struct alloc_child kids[] = {child(4, false, 0, X, Y, -1), child(3, false, 0, X, -1),
                                 child(2, false, 0, X, Y, -1), child(1, false, 0, X, -1)};
    struct alloc_input in = round_of(capacity, 2, kids, 4, 1, 99);
    struct alloc_result r;
    allocate_ok(&in, &r);
    size_t winner = r.lottery[0];
    assert_int_equal(seat_in_pass(&r, winner, 1), X);
    assert_int_equal(r.waitlists[X].n, 3);
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(r.waitlists[X].children[k], r.lottery[k + 1]);
    assert_int_equal(r.n_unplaced, 3);
    alloc_result_free(&r);
}

static void test_empty_rounds(void **state)
{
    (void)state;
    struct alloc_result r;
    struct alloc_input none = round_of(NULL, 0, NULL, 0, 1, 1);
    allocate_ok(&none, &r);
    assert_int_equal(r.n_passes, 0);
    alloc_result_free(&r);

    struct alloc_child kids[] = {child(1, false, 0, -1), child(2, true, 0, -1)};
    struct alloc_input no_activities = round_of(NULL, 0, kids, 2, 1, 1);
    allocate_ok(&no_activities, &r);
    assert_int_equal(r.n_unplaced, 0); /* nobody chose anything */
    alloc_result_free(&r);

    int capacity[] = {0, 0};
    struct alloc_child choosers[] = {child(1, false, 0, X, Y, -1), child(2, true, 0, Y, -1)};
    struct alloc_input full = round_of(capacity, 2, choosers, 2, 2, 1);
    allocate_ok(&full, &r);
    assert_int_equal(r.n_unplaced, 2);
    assert_int_equal(r.waitlists[X].n, 1);
    assert_int_equal(r.waitlists[Y].n, 2);
    alloc_result_free(&r);

    int seats[] = {3};
    struct alloc_input no_children = round_of(seats, 1, NULL, 0, 1, 1);
    allocate_ok(&no_children, &r);
    alloc_result_free(&r);
    alloc_result_free(NULL);
}

static void expect_error(const struct alloc_input *in, enum alloc_status expected)
{
    struct alloc_result r;
    assert_int_equal(allocate(in, &r), expected);
    assert_null(r.children);
    assert_null(r.lottery);
    assert_null(r.waitlists);
    alloc_result_free(&r);
    assert_non_null(alloc_status_text(expected));
}

static void test_invalid_input(void **state)
{
    (void)state;
    int capacity[] = {1, 2};
    struct alloc_child kids[2] = {child(1, false, 0, X, -1), child(2, false, 0, Y, -1)};
    struct alloc_input in = round_of(capacity, 2, kids, 2, 1, 1);
    struct alloc_result r;
    assert_int_equal(allocate(NULL, &r), ALLOC_ERR_ARGUMENT);
    assert_int_equal(allocate(&in, NULL), ALLOC_ERR_ARGUMENT);

    kids[1].ranks[0] = 2;
    expect_error(&in, ALLOC_ERR_BAD_ACTIVITY);
    kids[1].ranks[0] = -1;
    expect_error(&in, ALLOC_ERR_BAD_ACTIVITY);
    kids[1] = child(2, false, 0, Y, X, Y, -1);
    expect_error(&in, ALLOC_ERR_DUPLICATE_CHOICE);
    kids[1] = child(2, false, 0, Y, -1);
    kids[1].n_ranks = ALLOC_MAX_CHOICES + 1;
    expect_error(&in, ALLOC_ERR_TOO_MANY_CHOICES);
    kids[1].n_ranks = -1;
    expect_error(&in, ALLOC_ERR_TOO_MANY_CHOICES);
    kids[1] = child(2, false, -1, Y, -1);
    expect_error(&in, ALLOC_ERR_SEATS_BEFORE);
    kids[1] = child(1, false, 0, Y, -1);
    expect_error(&in, ALLOC_ERR_DUPLICATE_ID);
    kids[1] = child(2, false, 0, Y, -1);
    capacity[1] = -1;
    expect_error(&in, ALLOC_ERR_CAPACITY);
    capacity[1] = 2;
    in.max_per_child = 0;
    expect_error(&in, ALLOC_ERR_MAX_PER_CHILD);
    in.max_per_child = ALLOC_MAX_CHOICES + 1;
    expect_error(&in, ALLOC_ERR_MAX_PER_CHILD);
    in.max_per_child = 1;
    in.capacity = NULL;
    expect_error(&in, ALLOC_ERR_ARGUMENT);
    in.capacity = capacity;
    in.children = NULL;
    expect_error(&in, ALLOC_ERR_ARGUMENT);
    in.children = kids;
    allocate_ok(&in, &r);
    alloc_result_free(&r);
}

/* ---- property test against brute force --------------------------------------------------- */

enum { BF_KIDS = 8, BF_ACTS = 4 };

static uint64_t test_rng(uint64_t *s)
{
    /* xorshift64*: the test's own generator, independent of the module's */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717u;
}

static int rnd(uint64_t *s, int below)
{
    return (int)(test_rng(s) % (uint64_t)below);
}

/* The objective of one pass, tier by tier (allocate.h), for a brute-force assignment. */
struct objective {
    int placed, priority;
    int level[ALLOC_MAX_CHOICES + 1];
    int rank[ALLOC_MAX_CHOICES];
    long lottery_sum;
    int rank_in_lottery_order[BF_KIDS]; /* 99 = not placed */
};

/* Compares tiers first_tier … last_tier: <0 when a is better. */
static int objective_cmp(const struct objective *a, const struct objective *b, int last_tier)
{
    if (a->placed != b->placed)
        return b->placed - a->placed;
    if (last_tier >= 2 && a->priority != b->priority)
        return b->priority - a->priority;
    for (int k = 0; last_tier >= 3 && k <= ALLOC_MAX_CHOICES; k++)
        if (a->level[k] != b->level[k])
            return b->level[k] - a->level[k];
    for (int k = 0; last_tier >= 4 && k < ALLOC_MAX_CHOICES; k++)
        if (a->rank[k] != b->rank[k])
            return b->rank[k] - a->rank[k];
    if (last_tier >= 5 && a->lottery_sum != b->lottery_sum)
        return a->lottery_sum < b->lottery_sum ? -1 : 1;
    for (int p = 0; last_tier >= 6 && p < BF_KIDS; p++)
        if (a->rank_in_lottery_order[p] != b->rank_in_lottery_order[p])
            return a->rank_in_lottery_order[p] - b->rank_in_lottery_order[p];
    return 0;
}

struct brute {
    const struct alloc_input *in;
    const struct alloc_result *res;
    int seats[BF_KIDS]; /* seats so far */
    bool held[BF_KIDS][BF_ACTS];
    int cap_left[BF_ACTS];
    int choice[BF_KIDS]; /* rank index, -1 = none */
    bool checking;       /* second round: compare with the optimum found in the first */
    bool have_best;
    struct objective best, best_1_4;
    int best_choice[BF_KIDS];
    bool optimal_sets_1_4[1 << BF_KIDS]; /* placed sets of the assignments best on tiers 1–4 */
    bool tier5_sets_differ, tier6_not_unique;
};

static unsigned set_of(const struct brute *bf, const int *choice)
{
    unsigned set = 0;
    for (size_t c = 0; c < bf->in->n_children; c++)
        if (choice[c] >= 0)
            set |= 1u << c;
    return set;
}

static struct objective objective_of(const struct brute *bf)
{
    const struct alloc_input *in = bf->in;
    struct objective o;
    memset(&o, 0, sizeof o);
    for (int p = 0; p < BF_KIDS; p++)
        o.rank_in_lottery_order[p] = 99;
    for (size_t c = 0; c < in->n_children; c++) {
        if (bf->choice[c] < 0)
            continue;
        size_t pos = bf->res->children[c].lottery_pos;
        o.placed++;
        o.priority += in->children[c].priority;
        o.level[bf->seats[c]]++;
        o.rank[bf->choice[c]]++;
        o.lottery_sum += (long)pos;
        o.rank_in_lottery_order[pos] = bf->choice[c];
    }
    return o;
}

/* First round: the best assignment on all tiers, and the sets best on tiers 1–4. Second
   round: whether any other assignment ties on tiers 1–5 with another set, or on all tiers. */
static void evaluate(struct brute *bf)
{
    struct objective o = objective_of(bf);
    unsigned set = set_of(bf, bf->choice);
    if (bf->checking) {
        if (objective_cmp(&o, &bf->best, 5) == 0 && set != set_of(bf, bf->best_choice))
            bf->tier5_sets_differ = true;
        if (objective_cmp(&o, &bf->best, 6) == 0 &&
            memcmp(bf->choice, bf->best_choice, sizeof bf->choice) != 0)
            bf->tier6_not_unique = true;
        return;
    }
    if (!bf->have_best || objective_cmp(&o, &bf->best_1_4, 4) < 0) {
        memset(bf->optimal_sets_1_4, 0, sizeof bf->optimal_sets_1_4);
        bf->best_1_4 = o;
    }
    if (objective_cmp(&o, &bf->best_1_4, 4) == 0)
        bf->optimal_sets_1_4[set] = true;
    if (!bf->have_best || objective_cmp(&o, &bf->best, 6) < 0) {
        bf->have_best = true;
        bf->best = o;
        memcpy(bf->best_choice, bf->choice, sizeof bf->choice);
    }
}

/* Every assignment of children c … to an available choice or to nothing. */
static void enumerate(struct brute *bf, size_t c)
{
    const struct alloc_input *in = bf->in;
    if (c == in->n_children) {
        evaluate(bf);
        return;
    }
    bf->choice[c] = -1;
    enumerate(bf, c + 1);
    const struct alloc_child *ch = &in->children[c];
    if (bf->seats[c] >= in->max_per_child)
        return;
    for (int r = 0; r < ch->n_ranks; r++) {
        int a = ch->ranks[r];
        if (bf->cap_left[a] == 0 || bf->held[c][a])
            continue;
        bf->cap_left[a]--;
        bf->choice[c] = r;
        enumerate(bf, c + 1);
        bf->cap_left[a]++;
    }
    bf->choice[c] = -1;
}

/* The set that drawing in lottery order gives: add each child, earliest first, when some
   assignment best on tiers 1–4 places it together with those already added. */
static unsigned greedy_lottery_set(const struct brute *bf)
{
    unsigned set = 0;
    size_t n = bf->in->n_children;
    for (size_t p = 0; p < n; p++) {
        unsigned with = set | 1u << bf->res->lottery[p];
        for (unsigned s = 0; s < 1u << n; s++)
            if (bf->optimal_sets_1_4[s] && (s & with) == with) {
                set = with;
                break;
            }
    }
    return set;
}

/* Checks pass `pass` of the result against the brute-force optimum, from the state the
   earlier passes of the result left. Returns how many the optimum places. */
static int check_pass(const struct alloc_input *in, const struct alloc_result *res, int pass)
{
    struct brute bf;
    memset(&bf, 0, sizeof bf);
    bf.in = in;
    bf.res = res;
    for (size_t a = 0; a < in->n_activities; a++)
        bf.cap_left[a] = in->capacity[a];
    for (size_t c = 0; c < in->n_children; c++) {
        bf.seats[c] = in->children[c].seats_before;
        for (int k = 0; k < res->children[c].n_seats; k++) {
            const struct alloc_seat *s = &res->children[c].seats[k];
            if (s->pass >= pass)
                continue;
            bf.seats[c]++;
            bf.held[c][s->activity] = true;
            bf.cap_left[s->activity]--;
        }
    }
    enumerate(&bf, 0);
    bf.checking = true;
    enumerate(&bf, 0);
    assert_false(bf.tier6_not_unique);
    assert_false(bf.tier5_sets_differ);
    assert_int_equal(greedy_lottery_set(&bf), set_of(&bf, bf.best_choice));
    for (size_t c = 0; c < in->n_children; c++) {
        int expected = bf.best_choice[c] < 0 ? -1 : in->children[c].ranks[bf.best_choice[c]];
        if (seat_in_pass(res, c, pass) != expected)
            fail_msg("pass %d, child %zu: got activity %d, the optimum gives %d", pass, c,
                     seat_in_pass(res, c, pass), expected);
    }
    return bf.best.placed;
}

static void random_round(uint64_t *rng, int *capacity, size_t *n_activities,
                         struct alloc_child *kids, size_t *n_children, int *max_per_child)
{
    *n_activities = 1 + (size_t)rnd(rng, BF_ACTS);
    for (size_t a = 0; a < *n_activities; a++)
        capacity[a] = rnd(rng, 3);
    *n_children = (size_t)rnd(rng, BF_KIDS + 1);
    *max_per_child = 1 + rnd(rng, 3);
    int64_t next_id = rnd(rng, 1000);
    for (size_t c = 0; c < *n_children; c++) {
        struct alloc_child *ch = &kids[c];
        memset(ch, 0, sizeof *ch);
        next_id += 1 + rnd(rng, 5);
        ch->id = rnd(rng, 2) ? next_id : -next_id;
        ch->priority = rnd(rng, 3) == 0;
        ch->seats_before = rnd(rng, 5) == 0 ? 1 : 0;
        int want = 1 + rnd(rng, 3);
        while (ch->n_ranks < want && ch->n_ranks < (int)*n_activities) {
            int a = rnd(rng, (int)*n_activities);
            bool seen = false;
            for (int r = 0; r < ch->n_ranks; r++)
                seen |= ch->ranks[r] == a;
            if (!seen)
                ch->ranks[ch->n_ranks++] = a;
        }
    }
}

static void test_matches_brute_force(void **state)
{
    (void)state;
    uint64_t rng = 0x5eed2025u;
    int multi_pass = 0, contested = 0;
    for (int round = 0; round < 10000; round++) {
        int capacity[BF_ACTS];
        struct alloc_child kids[BF_KIDS];
        size_t n_activities, n_children;
        int max_per_child;
        random_round(&rng, capacity, &n_activities, kids, &n_children, &max_per_child);
        struct alloc_input in = round_of(capacity, n_activities, kids, n_children,
                                         max_per_child, test_rng(&rng));
        struct alloc_result r;
        allocate_ok(&in, &r);
        for (int pass = 1; pass <= r.n_passes + 1 && pass <= max_per_child; pass++) {
            int placed = check_pass(&in, &r, pass);
            if (pass > r.n_passes)
                assert_int_equal(placed, 0);
        }
        multi_pass += r.n_passes > 1;
        contested += r.n_unplaced > 0;
        alloc_result_free(&r);
    }
    /* the generator must reach the interesting cases */
    print_message("%d rounds with several passes, %d with children unplaced\n", multi_pass, contested);
    assert_true(multi_pass > 300);
    assert_true(contested > 3000);
}

/* ---- a larger round: invariants, and tiers 1–3 against augmenting paths ------------------ */

/* Kuhn's augmenting paths with seats: the children are offered in the given order, and a
   child once matched stays matched. On a transversal matroid that greedy gives the best
   weight for weights falling in that order, so offering priority children first and, within
   each, fewer seats first gives the optimum of tiers 1–3 (allocate.h) of the first pass. */
struct kuhn {
    const struct alloc_input *in;
    int *match;          /* per child: activity or -1 */
    size_t *occupants;   /* per activity, `stride` slots */
    int *n_occupants;
    bool *visited;
    size_t stride;
};

static bool kuhn_try(struct kuhn *k, size_t c)
{
    const struct alloc_child *ch = &k->in->children[c];
    for (int r = 0; r < ch->n_ranks; r++) {
        int a = ch->ranks[r];
        if (k->visited[a] || k->in->capacity[a] == 0)
            continue;
        k->visited[a] = true;
        if (k->n_occupants[a] < k->in->capacity[a]) {
            k->occupants[(size_t)a * k->stride + (size_t)k->n_occupants[a]++] = c;
            k->match[c] = a;
            return true;
        }
        for (int i = 0; i < k->n_occupants[a]; i++) {
            size_t other = k->occupants[(size_t)a * k->stride + (size_t)i];
            if (kuhn_try(k, other)) {
                k->occupants[(size_t)a * k->stride + (size_t)i] = c;
                k->match[c] = a;
                return true;
            }
        }
    }
    return false;
}

static void check_first_pass_tiers_1_to_3(const struct alloc_input *in, const struct alloc_result *r)
{
    size_t n = in->n_children, A = in->n_activities, stride = 0;
    for (size_t a = 0; a < A; a++)
        if ((size_t)in->capacity[a] > stride)
            stride = (size_t)in->capacity[a];
    struct kuhn k = {.in = in, .stride = stride};
    k.match = calloc(n, sizeof *k.match);
    k.occupants = calloc(A * stride + 1, sizeof *k.occupants);
    k.n_occupants = calloc(A, sizeof *k.n_occupants);
    k.visited = calloc(A, sizeof *k.visited);
    assert_true(k.match && k.occupants && k.n_occupants && k.visited);
    int expected[2][ALLOC_MAX_CHOICES + 1] = {{0}}, got[2][ALLOC_MAX_CHOICES + 1] = {{0}};
    for (int prio = 1; prio >= 0; prio--)
        for (int level = 0; level < in->max_per_child; level++)
            for (size_t c = 0; c < n; c++) {
                const struct alloc_child *ch = &in->children[c];
                if (ch->priority != prio || ch->seats_before != level)
                    continue;
                memset(k.visited, 0, A * sizeof *k.visited);
                k.match[c] = -1;
                if (kuhn_try(&k, c))
                    expected[prio][level]++;
            }
    for (size_t c = 0; c < n; c++)
        if (seat_in_pass(r, c, 1) >= 0)
            got[in->children[c].priority][in->children[c].seats_before]++;
    int placed_expected = 0, placed_got = 0, prio_expected = 0, prio_got = 0;
    for (int level = 0; level <= ALLOC_MAX_CHOICES; level++) {
        placed_expected += expected[0][level] + expected[1][level];
        placed_got += got[0][level] + got[1][level];
        prio_expected += expected[1][level];
        prio_got += got[1][level];
    }
    assert_int_equal(placed_got, placed_expected);
    assert_int_equal(prio_got, prio_expected);
    for (int level = 0; level <= ALLOC_MAX_CHOICES; level++)
        assert_int_equal(got[0][level] + got[1][level], expected[0][level] + expected[1][level]);
    free(k.match);
    free(k.occupants);
    free(k.n_occupants);
    free(k.visited);
}

/* Rounds with many children per activity and popular activities: the invariants, and the
   first pass's tiers 1–3 against augmenting paths. */
static void test_large_round(void **state)
{
    (void)state;
    enum { N = 1500, A = 20 };
    int capacity[A];
    struct alloc_child *kids = calloc(N, sizeof *kids);
    assert_non_null(kids);
    uint64_t rng = 12345;
    for (int round = 0; round < 6; round++) {
        for (int a = 0; a < A; a++)
            capacity[a] = rnd(&rng, 10 + 30 * round);
        for (int c = 0; c < N; c++) {
            memset(&kids[c], 0, sizeof kids[c]);
            kids[c].id = c * 3 + 7;
            kids[c].priority = rnd(&rng, 10) < 3;
            kids[c].seats_before = rnd(&rng, 10) == 0;
            int want = 1 + rnd(&rng, 5);
            while (kids[c].n_ranks < want) {
                int a = rnd(&rng, 3) ? rnd(&rng, 5) : rnd(&rng, A); /* a few popular ones */
                bool seen = false;
                for (int r = 0; r < kids[c].n_ranks; r++)
                    seen |= kids[c].ranks[r] == a;
                if (!seen)
                    kids[c].ranks[kids[c].n_ranks++] = a;
            }
        }
        for (int max = 2; max <= 3; max++) {
            struct alloc_input in = round_of(capacity, A, kids, N, max, 2025 + (uint64_t)round);
            struct alloc_result r;
            allocate_ok(&in, &r);
            check_first_pass_tiers_1_to_3(&in, &r);
            alloc_result_free(&r);
        }
    }
    free(kids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_child_stranded),
        cmocka_unit_test(test_priority_first),
        cmocka_unit_test(test_tier_order),
        cmocka_unit_test(test_fewer_seats_first),
        cmocka_unit_test(test_rank_maximal),
        cmocka_unit_test(test_lottery_gives_better_rank),
        cmocka_unit_test(test_lottery_is_fixed),
        cmocka_unit_test(test_same_seed_same_result),
        cmocka_unit_test(test_max_per_child),
        cmocka_unit_test(test_waitlist_in_lottery_order),
        cmocka_unit_test(test_empty_rounds),
        cmocka_unit_test(test_invalid_input),
        cmocka_unit_test(test_matches_brute_force),
        cmocka_unit_test(test_large_round),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
