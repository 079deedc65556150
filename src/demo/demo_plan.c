/* The activities of the demo, for the previous and the current school year.

   Each school offers 4-9 kinds of activity at a time (more at large schools), chosen so that
   every domain is covered by an activity that runs long enough to count, except at five
   schools per year: three leave one domain empty and two offer only an incidental workshop
   (2-4 sessions) there. An offer runs the whole year, in three blocks (najaar, winter,
   voorjaar: each a separate activity with its own sign-up), in two blocks, or in one; an
   offer for a wide range of grades usually runs as two groups (younger "-a", older "-b"),
   each its own activity. Keys: "<school prefix>-<item>-<year>[-<block>][-a|-b]", e.g.
   "hb-judo-2026-najaar-b". A few offers ("coalitie-…") are open to the pupils of every school.
   In the current year one more activity at De Haagse Beek ("…-extra") starts two weeks after
   today, with its sign-up open now, so that the demo parent has something to sign up for.

   Every group gets a weekday, a time after school (right after school or a second round
   later; Wednesday: early afternoon) and staff of its provider who are not busy elsewhere at
   that time.

   The size knobs: the number of offers per school (plan_school), the share of offers in two
   groups (add_offer), capacity and fill (the tables and demo_enrol.c). With the values here a
   full school year gives about 70,000 attendance marks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/array.h"
#include "util/date.h"

enum { LABEL_GAPS = 10, LABEL_PLAN = 11, LABEL_COALITION = 12, LABEL_EXTRA = 13 };

enum pattern { PAT_WHOLE, PAT_BLOCKS3, PAT_BLOCKS2, PAT_BLOCK1 };
enum gap_kind { GAP_NONE, GAP_EMPTY, GAP_INCIDENTAL };

struct gap {
    enum gap_kind kind;
    int domain;
};

/* A staff member taken at a weekday and time, over a date range. */
struct busy {
    int staff, weekday, start, end;
    int32_t from, until;
};

struct planner {
    struct demo *d;
    struct busy *busy;
    size_t n_busy, cap_busy;
};

/* The weekday, time and staff of an offer. */
struct slot {
    int weekday, start, end;
    int staff[2], n_staff;
};

/* ---- staff and times ------------------------------------------------------------------------ */

static bool staff_free(const struct planner *pl, int staff, const struct slot *s, int32_t from,
                       int32_t until)
{
    for (size_t i = 0; i < pl->n_busy; i++) {
        const struct busy *b = &pl->busy[i];
        if (b->staff == staff && b->weekday == s->weekday && b->start < s->end &&
            s->start < b->end && b->from <= until && from <= b->until)
            return false;
    }
    return true;
}

static void take_staff(struct planner *pl, int staff, const struct slot *s, int32_t from,
                       int32_t until)
{
    if (ARRAY_RESERVE(pl->busy, pl->cap_busy, pl->n_busy))
        abort(); /* the demo has no partial result */
    pl->busy[pl->n_busy++] = (struct busy){staff, s->weekday, s->start, s->end, from, until};
}

/* The staff of a provider, in a random order. Returns the count. */
static int provider_staff(const struct demo *d, struct rng *r, int provider, int out[MAX_STAFF])
{
    int n = 0;
    for (size_t i = 0; i < d->n_staff; i++)
        if (d->staff[i].provider == provider)
            out[n++] = (int)i;
    rng_shuffle(r, out, (size_t)n);
    return n;
}

/* Choose a weekday, a start time and free staff for an offer of `minutes` between from and
   until, and mark the staff busy. One in five offers gets a second staff member when one is
   free (four eyes). */
static struct slot choose_slot(struct planner *pl, struct rng *r, int provider, int minutes,
                               int32_t from, int32_t until)
{
    /* Right after school, or a second round later in the afternoon. */
    static const int weekday_starts[] = {14 * 60 + 15, 14 * 60 + 30, 15 * 60 + 45, 16 * 60};
    static const int wednesday_starts[] = {12 * 60 + 30, 12 * 60 + 45, 14 * 60, 14 * 60 + 15};
    struct slot options[32];
    int n_options = 0;
    for (int wd = 1; wd <= 5; wd++) {
        const int *starts = wd == 3 ? wednesday_starts : weekday_starts;
        for (int i = 0; i < 4; i++)
            options[n_options++] = (struct slot){wd, starts[i], starts[i] + minutes, {0, 0}, 0};
    }
    int order[32];
    for (int i = 0; i < n_options; i++)
        order[i] = i;
    rng_shuffle(r, order, (size_t)n_options);
    int staff[MAX_STAFF];
    int n_staff = provider_staff(pl->d, r, provider, staff);
    bool second = rng_percent(r, 20);
    for (int o = 0; o < n_options; o++) {
        struct slot s = options[order[o]];
        for (int i = 0; i < n_staff && s.n_staff < (second ? 2 : 1); i++)
            if (staff_free(pl, staff[i], &s, from, until))
                s.staff[s.n_staff++] = staff[i];
        if (!s.n_staff)
            continue;
        for (int i = 0; i < s.n_staff; i++)
            take_staff(pl, s.staff[i], &s, from, until);
        return s;
    }
    /* Every staff member is busy at every time: double-book the first one. */
    struct slot s = options[order[0]];
    s.staff[0] = staff[0];
    s.n_staff = 1;
    take_staff(pl, s.staff[0], &s, from, until);
    return s;
}

/* ---- activities ----------------------------------------------------------------------------- */

static struct demo_activity *new_activity(struct demo *d)
{
    if (ARRAY_RESERVE(d->activities, d->cap_activities, d->n_activities))
        abort(); /* the demo has no partial result */
    struct demo_activity *a = &d->activities[d->n_activities++];
    memset(a, 0, sizeof *a);
    return a;
}

/* A grade range of 2-4 grades (fewer when the item allows fewer) inside the item's range. */
static void grade_range(struct rng *r, const struct demo_item *item, int *lo, int *hi)
{
    int widest = item->grade_max - item->grade_min + 1;
    int width = rng_between(r, 2, 4);
    if (width > widest)
        width = widest;
    *lo = rng_between(r, item->grade_min, item->grade_max - width + 1);
    *hi = *lo + width - 1;
}

/* An activity of item at school in year_index over [from, until] at slot. Sign-up opens three
   weeks before the start (for the first block: on the day the schools open) at 19:00 and
   closes three days before the start at 23:59. */
static struct demo_activity *add_activity(struct demo *d, struct rng *r,
                                          const struct demo_item *item, int school,
                                          int year_index, const char *key_suffix, int32_t from,
                                          int32_t until, const struct slot *s, int capacity)
{
    const struct demo_year *sy = &d->years[year_index];
    struct demo_activity *a = new_activity(d);
    snprintf(a->key, sizeof a->key, "%s-%s-%d%s",
             school < 0 ? "coalitie" : demo_schools[school].prefix, item->slug, sy->year,
             key_suffix);
    a->title = item->title;
    a->goal = item->goal;
    a->location = item->location;
    a->domains[0] = item->domains[0];
    a->domains[1] = item->domains[1];
    a->school = school;
    a->provider = item->provider;
    a->n_staff = s->n_staff;
    a->staff[0] = s->staff[0];
    a->staff[1] = s->staff[1];
    grade_range(r, item, &a->grade_min, &a->grade_max);
    a->capacity = capacity;
    a->weekday = s->weekday;
    a->start = s->start;
    a->end = s->end;
    a->from = from;
    a->until = until;
    a->signup_from_day = from == sy->block_from[B_NAJAAR] ? sy->school_start : from - 21;
    a->signup_until_day = from - 3;
    a->year_index = year_index;
    a->fill_pct = rng_between(r, 60, 100);
    a->popular = rng_percent(r, 20);
    return a;
}

static const char *const BLOCK_SUFFIX[N_BLOCKS] = {"-najaar", "-winter", "-voorjaar"};

/* One group of an offer: the activities of its pattern between blocks first and last, with one
   slot and capacity. */
static void add_group(struct planner *pl, struct rng *r, const struct demo_item *item, int school,
                      int year_index, enum pattern pattern, int first, int last,
                      const char *group_suffix)
{
    const struct demo_year *sy = &pl->d->years[year_index];
    int32_t from = sy->block_from[first], until = sy->block_until[last];
    struct slot s = choose_slot(pl, r, item->provider, item->minutes, from, until);
    int capacity = rng_between(r, item->cap_min, item->cap_max);
    char suffix[32];
    if (pattern == PAT_WHOLE) {
        add_activity(pl->d, r, item, school, year_index, group_suffix, from, until, &s, capacity);
        return;
    }
    for (int b = first; b <= last; b++) {
        snprintf(suffix, sizeof suffix, "%s%s", BLOCK_SUFFIX[b], group_suffix);
        add_activity(pl->d, r, item, school, year_index, suffix, sy->block_from[b],
                     sy->block_until[b], &s, capacity);
    }
}

/* One offer of item at school. An item for a wide range of grades often runs in two groups,
   younger ("-a") and older ("-b") pupils, each at its own time. */
static void add_offer(struct planner *pl, struct rng *r, const struct demo_item *item, int school,
                      int year_index, enum pattern pattern)
{
    int first = B_NAJAAR, last = B_VOORJAAR;
    if (pattern == PAT_BLOCKS2) {
        first = rng_between(r, B_NAJAAR, B_WINTER);
        last = first + 1;
    } else if (pattern == PAT_BLOCK1) {
        first = last = rng_between(r, B_NAJAAR, B_VOORJAAR);
    }
    if (item->grade_max - item->grade_min < 3 || !rng_percent(r, 75)) {
        add_group(pl, r, item, school, year_index, pattern, first, last, "");
        return;
    }
    int middle = (item->grade_min + item->grade_max) / 2;
    struct demo_item younger = *item, older = *item;
    younger.grade_max = middle;
    older.grade_min = middle + 1;
    add_group(pl, r, &younger, school, year_index, pattern, first, last, "-a");
    add_group(pl, r, &older, school, year_index, pattern, first, last, "-b");
}

/* A workshop of 2-4 sessions in the gap domain: in the current year early in the najaar block,
   in the previous year in any block. */
static void add_incidental(struct planner *pl, struct rng *r, int school, int year_index,
                           int domain)
{
    const struct demo_item *item = &demo_incidentals[domain];
    const struct demo_year *sy = &pl->d->years[year_index];
    int block = year_index == 1 ? B_NAJAAR : rng_between(r, B_NAJAAR, B_VOORJAAR);
    int32_t from = sy->block_from[block] + 7 * rng_between(r, 1, 3);
    int sessions = rng_between(r, 2, 4);
    struct slot s = choose_slot(pl, r, item->provider, item->minutes, from,
                                sy->block_until[block]);
    struct demo_activity *a =
        add_activity(pl->d, r, item, school, year_index, "", from, sy->block_until[block], &s,
                     rng_between(r, item->cap_min, item->cap_max));
    int32_t *dates;
    size_t n = demo_session_dates(pl->d, a, &dates);
    if ((size_t)sessions > n)
        sessions = (int)n;
    a->until = dates[sessions - 1];
    a->incidental = true;
    free(dates);
}

static bool item_has(const struct demo_item *item, int domain)
{
    return item->domains[0] == domain || item->domains[1] == domain;
}

/* An unused item (not touching the gap domain) that covers domain, preferring one whose other
   domain is not covered yet; domain -1: any unused item. -1 when there is none. */
static int pick_item(struct rng *r, const bool used[], const bool covered[], int domain,
                     const struct gap *gap)
{
    int best[64], n_best = 0, best_score = 0;
    for (size_t i = 0; i < demo_n_items; i++) {
        const struct demo_item *item = &demo_items[i];
        if (used[i] || (gap->kind != GAP_NONE && item_has(item, gap->domain)) ||
            (domain >= 0 && !item_has(item, domain)))
            continue;
        int other = item->domains[0] == domain ? item->domains[1] : item->domains[0];
        int score = domain >= 0 && other >= 0 && !covered[other] ? 2 : 1;
        if (score > best_score)
            n_best = 0, best_score = score;
        if (score == best_score)
            best[n_best++] = (int)i;
    }
    return n_best ? best[rng_below(r, (uint32_t)n_best)] : -1;
}

static void plan_school(struct planner *pl, int school, int year_index, const struct gap *gap)
{
    struct rng r = rng_stream(LABEL_PLAN, (uint64_t)(pl->d->years[year_index].year * 100 + school));
    int pupils = demo_schools[school].pupils;
    int target = pupils < 180 ? rng_between(&r, 4, 6)
                 : pupils < 240 ? rng_between(&r, 5, 8)
                                : rng_between(&r, 6, 9);
    bool used[64] = {false}, covered[N_DOMAINS] = {false};
    int order[N_DOMAINS] = {0, 1, 2, 3, 4, 5};
    rng_shuffle(&r, order, N_DOMAINS);
    int offers = 0;
    for (int i = 0; i < N_DOMAINS; i++) {
        int domain = order[i];
        if ((gap->kind != GAP_NONE && domain == gap->domain) || covered[domain])
            continue;
        int item = pick_item(&r, used, covered, domain, gap);
        if (item < 0)
            continue;
        used[item] = true;
        for (int k = 0; k < 2; k++)
            if (demo_items[item].domains[k] >= 0)
                covered[demo_items[item].domains[k]] = true;
        add_offer(pl, &r, &demo_items[item], school, year_index,
                  rng_percent(&r, 50) ? PAT_WHOLE : PAT_BLOCKS3);
        offers++;
    }
    static const enum pattern extra_patterns[] = {PAT_WHOLE,   PAT_WHOLE,   PAT_WHOLE,
                                                  PAT_BLOCKS3, PAT_BLOCKS3, PAT_BLOCKS3,
                                                  PAT_BLOCKS2, PAT_BLOCK1};
    for (; offers < target; offers++) {
        int item = pick_item(&r, used, covered, -1, gap);
        if (item < 0)
            break;
        used[item] = true;
        add_offer(pl, &r, &demo_items[item], school, year_index,
                  extra_patterns[rng_below(&r, sizeof extra_patterns / sizeof extra_patterns[0])]);
    }
    if (gap->kind == GAP_INCIDENTAL)
        add_incidental(pl, &r, school, year_index, gap->domain);
}

/* Five schools with a gap in a year: three leave a domain empty, two cover it only with a
   workshop. */
static void choose_gaps(int year, struct gap gaps[N_SCHOOLS])
{
    struct rng r = rng_stream(LABEL_GAPS, (uint64_t)year);
    int schools[N_SCHOOLS];
    for (int i = 0; i < N_SCHOOLS; i++) {
        schools[i] = i;
        gaps[i] = (struct gap){GAP_NONE, -1};
    }
    rng_shuffle(&r, schools, N_SCHOOLS);
    for (int i = 0; i < 5; i++)
        gaps[schools[i]] = (struct gap){i < 3 ? GAP_EMPTY : GAP_INCIDENTAL,
                                        (int)rng_below(&r, N_DOMAINS)};
}

/* The coalition-wide offers of a year, each hosted by a school without a gap in its domains.
   Popular: always more sign-ups than seats. */
static void plan_coalition(struct planner *pl, int year_index, const struct gap gaps[N_SCHOOLS])
{
    const struct demo_year *sy = &pl->d->years[year_index];
    struct rng r = rng_stream(LABEL_COALITION, (uint64_t)sy->year);
    for (size_t c = 0; c < demo_n_coalition_items; c++) {
        const struct demo_item *item = &demo_coalition_items[c];
        int host;
        do {
            host = (int)rng_below(&r, N_SCHOOLS);
        } while (gaps[host].kind != GAP_NONE && item_has(item, gaps[host].domain));
        int32_t from = sy->block_from[B_NAJAAR], until = sy->block_until[B_VOORJAAR];
        struct slot s = choose_slot(pl, &r, item->provider, item->minutes, from, until);
        struct demo_activity *a =
            add_activity(pl->d, &r, item, -1, year_index, "", from, until, &s,
                         rng_between(&r, item->cap_min, item->cap_max));
        a->school = host;
        a->coalition = true;
        a->popular = true;
    }
}

/* An activity at De Haagse Beek for groep 6-8 that starts on the Monday two weeks from today
   for eight weeks, with its sign-up open since five days. Only when it fits in the school
   year. */
static void plan_extra(struct planner *pl)
{
    struct demo *d = pl->d;
    const struct demo_year *sy = &d->years[1];
    int32_t start = d->today + 14;
    int32_t from = start + (8 - date_weekday(start)) % 7;
    int32_t until = from + 7 * 7 + 4;
    if (until > sy->block_until[B_VOORJAAR])
        return;
    struct rng r = rng_stream(LABEL_EXTRA, (uint64_t)sy->year);
    const struct demo_item *item = NULL;
    for (size_t i = 0; i < demo_n_items && !item; i++) {
        bool taken = false;
        char key[80];
        snprintf(key, sizeof key, "%s-%s-%d", demo_schools[0].prefix, demo_items[i].slug,
                 sy->year);
        for (size_t k = 0; k < d->n_activities && !taken; k++)
            taken = !strncmp(d->activities[k].key, key, strlen(key));
        if (!taken && demo_items[i].grade_min <= 6 && demo_items[i].grade_max == 8)
            item = &demo_items[i];
    }
    if (!item)
        return;
    struct slot s = choose_slot(pl, &r, item->provider, item->minutes, from, until);
    struct demo_activity *a = add_activity(d, &r, item, 0, 1, "-extra", from, until, &s,
                                           rng_between(&r, item->cap_min, item->cap_max));
    a->grade_min = 6;
    a->grade_max = 8;
    a->signup_from_day = d->today - 5;
    a->popular = false;
}

void demo_make_activities(struct demo *d)
{
    struct planner pl = {d, NULL, 0, 0};
    for (int y = 0; y < 2; y++) {
        struct gap gaps[N_SCHOOLS];
        choose_gaps(d->years[y].year, gaps);
        for (int s = 0; s < N_SCHOOLS; s++)
            plan_school(&pl, s, y, &gaps[s]);
        plan_coalition(&pl, y, gaps);
    }
    plan_extra(&pl);
    free(pl.busy);
}
