/* The demo's open enrolment round: the coordinator's school offers its next block of
   activities through a round that opened a few days ago and closes just before their sign-up
   window, and about a third of the eligible children have ranked their choices already, so the
   coordinator sees the demand and can allocate, and the demo parent can still rank (the demo
   parent's children have not). */
#include <stdio.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/date.h"

enum { ROUND_SCHOOL = 0, ROUND_MAX_ACTIVITIES = 8, ROUND_CHOICES = 3, RANKING_PCT = 35 };

/* The activities of the round: the demo school's of the current year whose sign-up has not
   opened yet, of the block that opens first. Returns the count; *opens_day gets that opening. */
static size_t round_activities(const struct demo *d, size_t out[ROUND_MAX_ACTIVITIES],
                               int32_t *opens_day)
{
    int32_t first = 0;
    for (size_t i = 0; i < d->n_activities; i++) {
        const struct demo_activity *a = &d->activities[i];
        if (a->school == ROUND_SCHOOL && a->year_index == 1 && !a->coalition &&
            a->signup_from_day > d->today && (!first || a->signup_from_day < first))
            first = a->signup_from_day;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->n_activities && n < ROUND_MAX_ACTIVITIES; i++) {
        const struct demo_activity *a = &d->activities[i];
        if (a->school == ROUND_SCHOOL && a->year_index == 1 && !a->coalition &&
            a->signup_from_day == first)
            out[n++] = i;
    }
    *opens_day = first;
    return n;
}

/* A round needs a few days before its activities' sign-up opens to be allocated. */
static bool round_fits(const struct demo *d, int32_t opens_day)
{
    return opens_day - 3 > d->today;
}

static void round_key(const struct demo *d, int32_t opens_day, char key[64])
{
    char day[11];
    date_format(opens_day, day);
    snprintf(key, 64, "ronde-%s-%s", d->school_keys[ROUND_SCHOOL], day);
}

json_t *demo_rounds_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    size_t chosen[ROUND_MAX_ACTIVITIES];
    int32_t opens_day;
    size_t n = round_activities(d, chosen, &opens_day);
    if (n < 2 || !round_fits(d, opens_day))
        return list;
    char key[64], opens[17], closes[17];
    round_key(d, opens_day, key);
    demo_moment(d->today - 3, 19 * 60, opens);
    demo_moment(opens_day - 3, 23 * 60 + 59, closes);
    json_t *activities = demo_json(json_array());
    for (size_t i = 0; i < n; i++)
        json_array_append_new(activities, demo_json(json_string(d->activities[chosen[i]].key)));
    json_array_append_new(
        list, demo_json(json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:i, s:i}", "key", key, "name",
                                  "Inschrijfronde volgend blok", "school",
                                  d->school_keys[ROUND_SCHOOL], "activities", activities,
                                  "opens", opens, "closes", closes, "choices", ROUND_CHOICES,
                                  "max_per_child", 1)));
    return list;
}

/* The round's activities a pupil may take (grade range), up to ROUND_MAX_ACTIVITIES. */
static size_t eligible(const struct demo *d, const struct demo_pupil *p, const size_t *chosen,
                       size_t n, int out[ROUND_MAX_ACTIVITIES])
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct demo_activity *a = &d->activities[chosen[i]];
        if (p->grade >= a->grade_min && p->grade <= a->grade_max)
            out[k++] = (int)chosen[i];
    }
    return k;
}

json_t *demo_preferences_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    size_t chosen[ROUND_MAX_ACTIVITIES];
    int32_t opens_day;
    size_t n = round_activities(d, chosen, &opens_day);
    if (n < 2 || !round_fits(d, opens_day))
        return list;
    char key[64];
    round_key(d, opens_day, key);
    size_t first = d->school_first[ROUND_SCHOOL];
    for (size_t i = first; i < first + d->school_count[ROUND_SCHOOL]; i++) {
        const struct demo_pupil *p = &d->pupils[i];
        struct rng r = rng_stream(0x524f554e44ULL, i); /* "ROUND" */
        int options[ROUND_MAX_ACTIVITIES];
        size_t k = eligible(d, p, chosen, n, options);
        if (p->favoured || !k || !rng_percent(&r, RANKING_PCT))
            continue;
        rng_shuffle(&r, options, k);
        size_t ranked = (size_t)rng_between(&r, 1, k < ROUND_CHOICES ? (int)k : ROUND_CHOICES);
        json_t *ranks = demo_json(json_array());
        for (size_t j = 0; j < ranked; j++)
            json_array_append_new(ranks, demo_json(json_string(d->activities[options[j]].key)));
        json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:o}", "round", key, "pupil",
                                                        p->key, "ranks", ranks)));
    }
    return list;
}
