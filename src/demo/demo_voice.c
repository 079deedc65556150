/* The demo's pupil's voice (issue 15, part 2): in the current school year most groups answered
   the interest questionnaire on one day in class (each pupil one to three domains, a few
   "iets anders"), and the pupils of many activities gave feedback at their last held session.
   Written as the load format's "interests" and "feedback". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/date.h"

enum { LABEL_INTERESTS = 42, LABEL_INTEREST_DAY = 43, LABEL_FEEDBACK = 44 };

/* The day the group of pupil p answered (the same for its class at its school), or 0 when the
   group did not: a school day in the current school year's first weeks, before today. */
static int32_t group_day(const struct demo *d, const struct demo_pupil *p)
{
    uint64_t h = (uint64_t)p->school * 1000003u;
    for (const char *c = p->klass; *c; c++)
        h = h * 31u + (unsigned char)*c;
    struct rng r = rng_stream(LABEL_INTEREST_DAY, h);
    int32_t first = d->years[1].school_start + 7;
    if (!rng_percent(&r, 75) || d->today - 1 <= first)
        return 0;
    int32_t span = d->today - 1 - first;
    int32_t day = first + (int32_t)rng_below(&r, (uint32_t)(span < 60 ? span : 60));
    return day;
}

static json_t *interest_of(const struct demo *d, size_t index)
{
    const struct demo_pupil *p = &d->pupils[index];
    int32_t day = group_day(d, p);
    struct rng r = rng_stream(LABEL_INTERESTS, (uint64_t)index);
    if (!day || !rng_percent(&r, 90)) /* a few were absent that day */
        return NULL;
    char date[11];
    date_format(day, date);
    json_t *domains = demo_json(json_array());
    bool named[N_DOMAINS] = {false};
    int wanted = rng_between(&r, 1, 3);
    for (int k = 0; k < wanted; k++) {
        size_t c = rng_below(&r, N_DOMAINS);
        if (!named[c]) {
            named[c] = true;
            json_array_append_new(domains, demo_json(json_string(demo_domain_codes[c])));
        }
    }
    json_t *answer = demo_json(json_pack("{s:s, s:s, s:o}", "pupil", p->key, "date", date,
                                         "domains", domains));
    if (rng_percent(&r, 10))
        json_object_set_new(answer, "other", json_true());
    return answer;
}

json_t *demo_interests_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_pupils; i++) {
        json_t *a = interest_of(d, i);
        if (a)
            json_array_append_new(list, a);
    }
    return list;
}

/* The last session of a before today, or 0 when none was held yet. */
static int32_t last_held(const struct demo *d, const struct demo_activity *a)
{
    int32_t *dates;
    size_t n = demo_session_dates(d, a, &dates);
    int32_t last = 0;
    for (size_t i = 0; i < n; i++)
        if (dates[i] < d->today)
            last = dates[i];
    free(dates);
    return last;
}

/* The feedback of the enrolled pupils of activity a at its last held session into list. */
static void feedback_of(const struct demo *d, size_t index, json_t *list)
{
    const struct demo_activity *a = &d->activities[index];
    struct rng r = rng_stream(LABEL_FEEDBACK, (uint64_t)index);
    if (a->year_index != 1 || a->coalition || !rng_percent(&r, 50))
        return;
    int32_t day = last_held(d, a);
    if (!day)
        return;
    char date[11];
    date_format(day, date);
    int liked = rng_between(&r, 55, 90); /* how much this group liked it, in percent */
    for (size_t e = a->first_enrolment; e < a->first_enrolment + a->n_enrolments; e++) {
        const struct demo_enrolment *en = &d->enrolments[e];
        if (en->status != ST_ENROLLED || !rng_percent(&r, 80))
            continue;
        int score = rng_percent(&r, (unsigned)liked) ? 3 : rng_percent(&r, 70) ? 2 : 1;
        bool again = score == 3 ? rng_percent(&r, 90) : score == 2 ? rng_percent(&r, 50)
                                                                     : rng_percent(&r, 10);
        json_array_append_new(
            list, demo_json(json_pack("{s:s, s:s, s:s, s:i, s:b}", "pupil",
                                      d->pupils[en->pupil].key, "activity", a->key, "date", date,
                                      "score", score, "again", again)));
    }
}

json_t *demo_feedback_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_activities; i++)
        feedback_of(d, i, list);
    return list;
}
