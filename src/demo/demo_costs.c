/* The demo's money (issue 15, part 4): most activities have costs — a provider's fee per
   session for those with an external provider, a smaller one for the school's own, and for
   some a fixed amount for materials — and every school a budget for the previous and the
   current school year, roughly what its activities cost (some schools over it). Written as
   the load format's "costs" on the activities and the section "budgets". */
#include <stdio.h>

#include "demo/demo_internal.h"
#include "util/date.h"

enum { LABEL_COSTS = 42, LABEL_BUDGETS = 43 };

/* Whole euros with a few cents now and then, as a JSON number. */
static json_t *euros(int whole, int cents) { return json_real(whole + cents / 100.0); }

void demo_add_costs(const struct demo *d, json_t *activities)
{
    for (size_t i = 0; i < d->n_activities && i < json_array_size(activities); i++) {
        const struct demo_activity *a = &d->activities[i];
        struct rng r = rng_stream(LABEL_COSTS, (uint64_t)i);
        if (!rng_percent(&r, 85))
            continue;
        int per_session = a->provider >= 0 ? rng_between(&r, 45, 140) : rng_between(&r, 0, 35);
        int fixed = rng_percent(&r, 50) ? rng_between(&r, 2, 30) * 10 : 0;
        int cents = rng_percent(&r, 20) ? 50 : 0;
        json_object_set_new(json_array_get(activities, i), "costs",
                            demo_json(json_pack("{s:o, s:o}", "per_session",
                                                euros(per_session, cents), "fixed",
                                                euros(fixed, 0))));
    }
}

json_t *demo_budgets_section(const struct demo *d)
{
    int32_t from, until;
    date_school_year(d->today, &from, &until);
    char first[11];
    date_format(from, first);
    int current = (first[0] - '0') * 1000 + (first[1] - '0') * 100 + (first[2] - '0') * 10 +
                  (first[3] - '0');
    json_t *list = demo_json(json_array());
    for (int s = 0; s < N_SCHOOLS; s++) {
        struct rng r = rng_stream(LABEL_BUDGETS, (uint64_t)s);
        for (int year = current - 1; year <= current; year++) {
            char label[12];
            snprintf(label, sizeof label, "%04u-%04u", (unsigned)year % 10000u,
                     (unsigned)(year + 1) % 10000u);
            int amount = rng_between(&r, 12, 40) * 1000;
            json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:o}", "school",
                                                            d->school_keys[s], "year", label,
                                                            "amount", euros(amount, 0))));
        }
    }
    return list;
}
