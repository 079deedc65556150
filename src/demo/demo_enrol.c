/* Enrolments and attendance of the demo.

   Sign-ups are simulated activity by activity in the order their sign-up opened: pupils of the
   activity's school (any school when it is open to the coalition) in its grade range (the
   grade they had then, for last year's activities), never two activities at overlapping times
   on one weekday, at most three at once per pupil, priority pupils a little more eager, and
   pupils without an activity preferred. A sign-up is enrolled while seats are left and
   waitlisted after that; a few enrolled pupils cancel, and then the first on the waiting list
   moves up (PRODUCT.md rules 1-3). Sign-ups are timed inside the window, many of them in the
   first two hours; a window still open has only the sign-ups until today.

   Attendance is generated for every session before today: most pupils come ~90% of the time,
   some less, a few never; involvement (Leuven scale, mostly 3-4) on about 80% of the sessions
   for the pupils present. A few sessions were cancelled (no marks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/array.h"
#include "util/date.h"

enum { LABEL_ENROL = 20, LABEL_PROFILE = 21, LABEL_SESSIONS = 22 };

static const int64_t DAY_MS = 86400000;

/* ---- sign-ups ------------------------------------------------------------------------------- */

static bool eligible(const struct demo_pupil *p, const struct demo_activity *a)
{
    if (!a->coalition && p->school != a->school)
        return false;
    int grade = a->year_index == 0 ? p->grade - 1 : p->grade; /* last year one grade lower */
    return grade >= a->grade_min && grade <= a->grade_max;
}

static bool same_time(const struct demo_activity *a, const struct demo_activity *b)
{
    return a->weekday == b->weekday && a->start < b->end && b->start < a->end &&
           a->from <= b->until && b->from <= a->until;
}

/* Whether p may sign up for a (no overlap), and how many activities p has in a's period. */
static bool fits(const struct demo *d, const struct demo_pupil *p, const struct demo_activity *a,
                 int *load)
{
    *load = 0;
    for (size_t i = 0; i < p->n_enrolments; i++) {
        const struct demo_enrolment *e = &d->enrolments[p->enrolments[i]];
        const struct demo_activity *b = &d->activities[e->activity];
        if (same_time(a, b))
            return false;
        if (e->status != ST_CANCELLED && a->from <= b->until && b->from <= a->until)
            (*load)++;
    }
    return true;
}

static void add_enrolment(struct demo *d, int pupil, int activity, int64_t at)
{
    if (ARRAY_RESERVE(d->enrolments, d->cap_enrolments, d->n_enrolments))
        abort(); /* the demo has no partial result */
    d->enrolments[d->n_enrolments] =
        (struct demo_enrolment){pupil, activity, ST_ENROLLED, (int32_t)(at / DAY_MS), at % DAY_MS};
    struct demo_pupil *p = &d->pupils[pupil];
    if (ARRAY_RESERVE(p->enrolments, p->cap_enrolments, p->n_enrolments))
        abort();
    p->enrolments[p->n_enrolments++] = (int)d->n_enrolments;
    d->n_enrolments++;
}

static int compare_int64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* n sign-up moments (milliseconds since day 0) in [opens, closes], ascending. */
static void signup_moments(struct rng *r, int64_t opens, int64_t closes, int64_t *out, int n)
{
    for (int i = 0; i < n; i++) {
        int64_t span = rng_percent(r, 45) ? 2 * 3600 * 1000 : closes - opens;
        if (span > closes - opens)
            span = closes - opens;
        out[i] = opens + (int64_t)((rng_next(r) >> 11) % (uint64_t)(span + 1));
    }
    qsort(out, (size_t)n, sizeof *out, compare_int64);
}

/* How many sign-ups an activity gets, and how many of the enrolled cancel later. */
static int signup_count(const struct demo *d, struct rng *r, const struct demo_activity *a,
                        int *cancels)
{
    int target = (a->capacity * a->fill_pct + 99) / 100;
    if (target < 1)
        target = 1;
    *cancels = 0;
    if (a->signup_until_day >= d->today) { /* still open: the sign-ups so far */
        int32_t elapsed = d->today - a->signup_from_day;
        int32_t length = a->signup_until_day - a->signup_from_day + 1;
        return (int)(target * (int64_t)elapsed / length);
    }
    if (rng_percent(r, 25))
        *cancels = rng_between(r, 1, 2);
    if (a->popular)
        return a->capacity + rng_between(r, 1, 6) + *cancels;
    return target + *cancels;
}

/* The pupils who sign up for a, in order: the demo parent's children first (when they fit and
   have nothing at that time), then a weighted pass, then anyone who fits. Returns the count. */
static int choose_pupils(struct demo *d, struct rng *r, const struct demo_activity *a, int wanted,
                         int *out)
{
    size_t first = a->coalition ? 0 : d->school_first[a->school];
    size_t count = a->coalition ? d->n_pupils : d->school_count[a->school];
    int *candidates = malloc(count * sizeof *candidates);
    bool *taken = calloc(count, sizeof *taken);
    if (!candidates || !taken)
        abort();
    for (size_t i = 0; i < count; i++)
        candidates[i] = (int)(first + i);
    rng_shuffle(r, candidates, count);
    int n = 0;
    for (int pass = 0; pass < 3 && n < wanted; pass++) {
        for (size_t i = 0; i < count && n < wanted; i++) {
            struct demo_pupil *p = &d->pupils[candidates[i]];
            int load;
            if (taken[i] || !eligible(p, a) || !fits(d, p, a, &load) || load >= 3)
                continue;
            if (pass == 0 && !(p->favoured && load == 0 && a->year_index == 1))
                continue;
            if (pass == 1) {
                unsigned chance = p->priority ? 75 : 55;
                if (!rng_percent(r, chance / (1 + 2 * (unsigned)load)))
                    continue;
            }
            taken[i] = true;
            out[n++] = candidates[i];
        }
    }
    free(taken);
    free(candidates);
    return n;
}

/* The sign-ups of one activity, then the cancellations with moves up the waiting list. */
static void sign_up(struct demo *d, int activity)
{
    struct demo_activity *a = &d->activities[activity];
    a->first_enrolment = d->n_enrolments;
    if (a->signup_from_day >= d->today)
        return;
    struct rng r = rng_stream(LABEL_ENROL, (uint64_t)activity);
    int cancels;
    int wanted = signup_count(d, &r, a, &cancels);
    if (wanted <= 0)
        return;
    int *pupils = malloc((size_t)wanted * sizeof *pupils);
    int64_t *moments = malloc((size_t)wanted * sizeof *moments);
    if (!pupils || !moments)
        abort();
    int n = choose_pupils(d, &r, a, wanted, pupils);
    int64_t opens = a->signup_from_day * DAY_MS + 19 * 3600 * 1000;
    int64_t closes = a->signup_until_day * DAY_MS + DAY_MS - 60 * 1000;
    if (closes >= d->today * DAY_MS)
        closes = d->today * DAY_MS - 1;
    signup_moments(&r, opens, closes, moments, n);
    for (int i = 0; i < n; i++)
        add_enrolment(d, pupils[i], activity, moments[i]);
    a->n_enrolments = (size_t)n;
    struct demo_enrolment *e = &d->enrolments[a->first_enrolment];
    for (int i = a->capacity; i < n; i++)
        e[i].status = ST_WAITLISTED;
    for (int c = 0; c < cancels; c++) {
        /* Someone enrolled (not the demo parent's child) cancels. */
        int victims = 0;
        for (int i = 0; i < n; i++)
            if (e[i].status == ST_ENROLLED && !d->pupils[e[i].pupil].favoured)
                pupils[victims++] = i;
        if (victims < 2)
            break;
        e[pupils[rng_below(&r, (uint32_t)victims)]].status = ST_CANCELLED;
        for (int i = 0; i < n; i++) {
            if (e[i].status == ST_WAITLISTED) {
                e[i].status = ST_ENROLLED;
                break;
            }
        }
    }
    free(pupils);
    free(moments);
}

static int compare_signup_opening(const void *x, const void *y, void *ctx)
{
    const struct demo *d = ctx;
    int i = *(const int *)x, j = *(const int *)y;
    int32_t a = d->activities[i].signup_from_day, b = d->activities[j].signup_from_day;
    return a != b ? (a > b) - (a < b) : (i > j) - (i < j);
}

void demo_make_enrolments(struct demo *d)
{
    int *order = malloc(d->n_activities * sizeof *order);
    if (!order)
        abort();
    for (size_t i = 0; i < d->n_activities; i++)
        order[i] = (int)i;
    qsort_r(order, d->n_activities, sizeof *order, compare_signup_opening, d);
    for (size_t i = 0; i < d->n_activities; i++)
        sign_up(d, order[i]);
    free(order);
}

/* ---- attendance ----------------------------------------------------------------------------- */

/* How one enrolled pupil attends: the chance of being present and the usual involvement. */
struct profile {
    unsigned present_pct;
    int involvement;
    bool never;
};

static struct profile pupil_profile(size_t enrolment)
{
    struct rng r = rng_stream(LABEL_PROFILE, (uint64_t)enrolment);
    struct profile p = {0, 3, false};
    p.never = rng_below(&r, 1000) < 25;
    p.present_pct = p.never ? 0 : rng_percent(&r, 12) ? (unsigned)rng_between(&r, 50, 75)
                                                     : (unsigned)rng_between(&r, 85, 98);
    unsigned level = rng_below(&r, 100);
    p.involvement = level < 8 ? 2 : level < 53 ? 3 : level < 91 ? 4 : 5;
    return p;
}

static void add_mark(struct demo *d, struct rng *r, const struct demo_activity *a,
                     const char *date, const struct demo_pupil *p, const struct profile *pr,
                     bool recorded)
{
    const char *status = "present";
    if (!rng_percent(r, pr->present_pct))
        status = rng_percent(r, pr->never ? 25 : 40) ? "excused" : "absent";
    json_t *mark = demo_json(json_pack("{s:s, s:s, s:s, s:s}", "activity", a->key, "date", date,
                                       "pupil", p->key, "status", status));
    if (recorded && !strcmp(status, "present")) {
        unsigned shift = rng_below(r, 100);
        int level = pr->involvement + (shift < 15 ? -1 : shift >= 85 ? 1 : 0);
        level = level < 1 ? 1 : level > 5 ? 5 : level;
        json_object_set_new(mark, "involvement", json_integer(level));
    }
    json_array_append_new(d->attendance, mark);
}

/* Marks for every held session of activity a before today; a few sessions cancelled. */
static void attend(struct demo *d, size_t activity)
{
    const struct demo_activity *a = &d->activities[activity];
    struct rng r = rng_stream(LABEL_SESSIONS, (uint64_t)activity);
    int32_t *dates;
    size_t n_dates = demo_session_dates(d, a, &dates);
    struct profile *profiles = malloc((a->n_enrolments ? a->n_enrolments : 1) * sizeof *profiles);
    if (!profiles)
        abort();
    for (size_t k = 0; k < a->n_enrolments; k++)
        profiles[k] = pupil_profile(a->first_enrolment + k);
    for (size_t i = 0; i < n_dates && dates[i] < d->today; i++) {
        char date[11];
        date_format(dates[i], date);
        if (!a->incidental && rng_below(&r, 1000) < 15) {
            json_array_append_new(
                d->sessions,
                demo_json(json_pack(
                    "{s:s, s:s, s:b, s:s}", "activity", a->key, "slot", date, "cancelled", 1,
                    "reason",
                    demo_cancel_reasons[rng_below(&r, (uint32_t)demo_n_cancel_reasons)])));
            continue;
        }
        bool recorded = rng_percent(&r, 80);
        for (size_t k = 0; k < a->n_enrolments; k++) {
            const struct demo_enrolment *e = &d->enrolments[a->first_enrolment + k];
            if (e->status == ST_ENROLLED && e->day <= dates[i])
                add_mark(d, &r, a, date, &d->pupils[e->pupil], &profiles[k], recorded);
        }
    }
    free(profiles);
    free(dates);
}

void demo_make_attendance(struct demo *d)
{
    for (size_t i = 0; i < d->n_activities; i++)
        attend(d, i);
}
