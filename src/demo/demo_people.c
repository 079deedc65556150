/* The people of the demo: the staff of the providers (levels, VOG dates) and the pupils of the
   18 schools (grades, classes, priority, link codes, a few safety notes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "domain/people/pupils.h"

enum { LABEL_STAFF = 1, LABEL_PUPILS = 2, LABEL_CODES = 3 };

/* ---- staff ---------------------------------------------------------------------------------- */

static bool staff_key_taken(const struct demo *d, const char *key)
{
    for (size_t i = 0; i < d->n_staff; i++)
        if (!strcmp(d->staff[i].key, key))
            return true;
    return false;
}

/* A VOG date: recent for most, older than three years for a few external staff, none for a
   few of the schools' own staff. */
static int32_t vog_date(struct demo *d, struct rng *r, bool external, size_t index)
{
    if (!external && index % 3 == 1)
        return 0;
    if (external && index % 13 == 5)
        return d->today - 3 * 365 - rng_between(r, 40, 600);
    return d->today - rng_between(r, 20, 3 * 365 - 60);
}

void demo_make_staff(struct demo *d)
{
    struct rng r = rng_stream(LABEL_STAFF, 0);
    static const char *const levels[] = {"start", "basis", "basis", "vak", "vak"};
    for (int p = 0; p < N_PROVIDERS; p++) {
        for (int i = 0; i < demo_providers[p].staff; i++) {
            if (d->n_staff == MAX_STAFF)
                abort();
            struct demo_staff *s = &d->staff[d->n_staff];
            do {
                snprintf(s->name, sizeof s->name, "%s %s",
                         demo_adult_names[rng_below(&r, (uint32_t)demo_n_adult_names)],
                         demo_last_names[rng_below(&r, (uint32_t)demo_n_last_names)]);
                demo_slug(s->name, s->key, sizeof s->key);
            } while (staff_key_taken(d, s->key));
            s->provider = p;
            s->level = levels[rng_below(&r, 5)];
            s->vog = vog_date(d, &r, demo_providers[p].external, d->n_staff);
            d->n_staff++;
        }
    }
}

/* ---- pupils --------------------------------------------------------------------------------- */

/* Link codes already handed out: an open-addressing set of the 40-bit code values. */
struct code_set {
    uint64_t slots[16384]; /* 0 = empty; values are stored + 1 */
};

static bool code_set_add(struct code_set *set, uint64_t value)
{
    size_t mask = sizeof set->slots / sizeof set->slots[0] - 1;
    for (size_t i = (size_t)(value * 0x9e3779b97f4a7c15ull >> 40) & mask;; i = (i + 1) & mask) {
        if (set->slots[i] == value + 1)
            return false;
        if (!set->slots[i]) {
            set->slots[i] = value + 1;
            return true;
        }
    }
}

/* A fresh code like "K7Q2-9XPA" in the site's own format (LINK_CODE_ALPHABET, the one
   link_code_valid accepts: no I, L, O, 0 or 1). */
static void link_code(struct rng *r, struct code_set *set, char out[10])
{
    const uint64_t symbols = sizeof LINK_CODE_ALPHABET - 1;
    uint64_t value;
    do {
        value = rng_next(r) >> 24;
        value %= symbols * symbols * symbols * symbols * symbols * symbols * symbols * symbols;
    } while (!code_set_add(set, value));
    uint64_t rest = value;
    for (int i = 7; i >= 0; i--) { /* the last symbol from the lowest digit */
        out[i < 4 ? i : i + 1] = LINK_CODE_ALPHABET[rest % symbols];
        rest /= symbols;
    }
    out[4] = '-';
    out[9] = '\0';
}

/* How many pupils each grade of a school has: about equal, with some variation. */
static void grade_counts(struct rng *r, int total, int counts[9])
{
    int left = total;
    for (int g = 1; g <= 8; g++) {
        int remaining_grades = 9 - g;
        int share = left / remaining_grades;
        counts[g] = g == 8 ? left : share + rng_between(r, -share / 8, share / 8);
        left -= counts[g];
    }
}

static void make_school_pupils(struct demo *d, int school, struct code_set *codes,
                               struct rng *code_rng)
{
    const struct demo_school_info *info = &demo_schools[school];
    struct rng r = rng_stream(LABEL_PUPILS, (uint64_t)school);
    int counts[9];
    grade_counts(&r, info->pupils, counts);
    d->school_first[school] = d->n_pupils;
    int number = 1000;
    /* The oldest pupils came first and have the lowest numbers. */
    for (int g = 8; g >= 1; g--) {
        int classes = counts[g] <= 28 ? 1 : counts[g] <= 56 ? 2 : 3;
        for (int i = 0; i < counts[g]; i++) {
            struct demo_pupil *p = &d->pupils[d->n_pupils++];
            memset(p, 0, sizeof *p);
            number += rng_between(&r, 1, 3);
            p->school = school;
            p->grade = g;
            snprintf(p->number, sizeof p->number, "%d", number);
            snprintf(p->key, sizeof p->key, "%s-%d", info->prefix, number);
            snprintf(p->klass, sizeof p->klass, "%d%c", g, 'A' + i % classes);
            p->first = demo_first_names[rng_below(&r, (uint32_t)demo_n_first_names)];
            p->last = demo_last_names[rng_below(&r, (uint32_t)demo_n_last_names)];
            p->priority = rng_percent(&r, (unsigned)info->priority_pct);
            if (rng_below(&r, 1000) < 25)
                p->note = demo_safety_notes[rng_below(&r, (uint32_t)demo_n_safety_notes)];
            link_code(code_rng, codes, p->code);
        }
    }
    d->school_count[school] = d->n_pupils - d->school_first[school];
}

/* The demo parent's two children: at De Haagse Beek, in groep 4 and groep 7, with one
   family name. */
static void pick_children(struct demo *d)
{
    struct demo_pupil *older = NULL, *younger = NULL;
    for (size_t i = d->school_first[0]; i < d->school_first[0] + d->school_count[0]; i++) {
        struct demo_pupil *p = &d->pupils[i];
        if (!older && p->grade == 7 && !p->note)
            older = p;
        if (!younger && p->grade == 4 && !p->note)
            younger = p;
    }
    if (!older || !younger)
        abort(); /* the school has pupils in every grade */
    younger->last = older->last;
    older->favoured = younger->favoured = true;
}

void demo_make_pupils(struct demo *d)
{
    size_t total = 0;
    for (int s = 0; s < N_SCHOOLS; s++)
        total += (size_t)demo_schools[s].pupils;
    d->pupils = calloc(total, sizeof *d->pupils);
    struct code_set *codes = calloc(1, sizeof *codes);
    if (!d->pupils || !codes)
        abort();
    struct rng code_rng = rng_stream(LABEL_CODES, 0);
    for (int s = 0; s < N_SCHOOLS; s++)
        make_school_pupils(d, s, codes, &code_rng);
    free(codes);
    pick_children(d);
}
