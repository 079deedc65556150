/* The demo's activity plans and visits (issue 15): most activities have a plan, some of them
   with a required answer still open; each school's coordinator (or the lead) visited a few
   sessions of the current school year. Written as the load format's "plans" and "visits". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/date.h"

enum { LABEL_PLANS = 40, LABEL_VISITS = 41 };

static const char *const home_school[] = {
    "Aan het eind van het blok laten de kinderen hun werk zien aan ouders en leerkrachten.",
    "De kinderen nemen elke week een opdracht mee naar huis; de groepsleerkracht krijgt een kort verslag.",
    "Ouders zijn welkom bij de laatste bijeenkomst; de leerkracht gebruikt het thema ook in de klas.",
};
static const char *const interests[] = {
    "Gekozen na de interessepeiling in de groepen: veel kinderen noemden dit domein.",
    "De kinderen kiezen binnen de activiteit zelf een opdracht of rol.",
    "Op verzoek van de leerlingenraad; halverwege vragen we wat ze ervan vinden.",
};
static const char *const evaluations[] = {
    "Na elke bijeenkomst een korte nabespreking; aan het eind een gesprek met de groepsleerkracht.",
    "We kijken of de kinderen het doel laten zien bij de slotpresentatie.",
};

/* The staff's competence, from the activity's first staff member. Static text. */
static const char *competence(const struct demo *d, const struct demo_activity *a)
{
    const char *level = a->n_staff ? d->staff[a->staff[0]].level : "";
    if (!strcmp(level, "vak"))
        return "De uitvoerder is vakbekwaam en heeft ruime ervaring met deze leeftijd.";
    if (!strcmp(level, "basis"))
        return "De uitvoerder is basisbekwaam; de coördinator bezoekt de activiteit een paar keer.";
    return "De uitvoerder is startbekwaam en werkt samen met een vakbekwame collega.";
}

static void add_answer(json_t *answers, const char *question, const char *answer,
                       const char *stamp, const char *by)
{
    json_t *a = demo_json(json_pack("{s:s, s:s, s:s}", "question", question, "answer", answer,
                                    "updated", stamp));
    if (by)
        json_object_set_new(a, "updated_by", demo_json(json_string(by)));
    json_array_append_new(answers, a);
}

/* The plan of activity a, or NULL when it has none. */
static json_t *plan_of(const struct demo *d, size_t index)
{
    const struct demo_activity *a = &d->activities[index];
    struct rng r = rng_stream(LABEL_PLANS, (uint64_t)index);
    if (!rng_percent(&r, a->incidental ? 40 : 85))
        return NULL;
    char stamp[24], day[11], text[600];
    date_format(a->from - rng_between(&r, 5, 20), day);
    snprintf(stamp, sizeof stamp, "%sT%02d:%02d:00.000", day, rng_between(&r, 8, 20),
             rng_between(&r, 0, 59));
    const char *by = a->school == 0 && !a->coalition ? "coordinator@verrijkt.demo" : NULL;
    bool incomplete = rng_percent(&r, 20);
    json_t *answers = demo_json(json_array());
    size_t goal_len = strlen(a->goal);
    snprintf(text, sizeof text, "%s%s Sluit aan bij de kerndoelen van %s.", a->goal,
             goal_len && a->goal[goal_len - 1] == '.' ? "" : ".", demo_domain_names[a->domains[0]]);
    add_answer(answers, "doel", text, stamp, by);
    if (!incomplete)
        add_answer(answers, "thuis-school", home_school[rng_below(&r, 3)], stamp, by);
    snprintf(text, sizeof text,
             "Elke week %d minuten, %s: regelmatig en lang genoeg om vooruitgang te zien.",
             a->end - a->start, a->incidental ? "een korte workshop als kennismaking"
                                              : "het hele blok");
    add_answer(answers, "duur-intensiteit", text, stamp, by);
    add_answer(answers, "bekwaamheid", competence(d, a), stamp, by);
    add_answer(answers, "interesses", interests[rng_below(&r, 3)], stamp, by);
    if (rng_percent(&r, 50))
        add_answer(answers, "evaluatie", evaluations[rng_below(&r, 2)], stamp, by);
    return demo_json(json_pack("{s:s, s:o}", "activity", a->key, "answers", answers));
}

json_t *demo_plans_section(const struct demo *d)
{
    json_t *plans = demo_json(json_array());
    for (size_t i = 0; i < d->n_activities; i++) {
        json_t *plan = plan_of(d, i);
        if (plan)
            json_array_append_new(plans, plan);
    }
    return plans;
}

/* Whether the demo cancelled activity a's session on date. */
static bool cancelled(const struct demo *d, const struct demo_activity *a, const char *date)
{
    size_t i;
    json_t *s;
    json_array_foreach (d->sessions, i, s)
        if (!strcmp(json_string_value(json_object_get(s, "activity")), a->key) &&
            !strcmp(json_string_value(json_object_get(s, "slot")), date))
            return true;
    return false;
}

static const char *const ratings[] = {"goed", "goed", "voldoende", "voldoende", "onvoldoende"};
static const char *const notes[] = {
    "Rustige groep, de kinderen waren geconcentreerd bezig.",
    "Goede uitleg; de oudste kinderen hadden meer uitdaging kunnen krijgen.",
    "Veel plezier. Afgesproken dat de uitvoerder het doel aan het begin noemt.",
    "",
};

/* A visit of one held session of activity a (the last but r's choice), or NULL. */
static json_t *visit_of(const struct demo *d, const struct demo_activity *a, struct rng *r)
{
    int32_t *dates;
    size_t n = demo_session_dates(d, a, &dates), held = 0;
    while (held < n && dates[held] < d->today)
        held++;
    json_t *visit = NULL;
    if (held > 0) {
        char date[11];
        date_format(dates[rng_below(r, (uint32_t)held)], date);
        if (!cancelled(d, a, date)) {
            json_t *items = demo_json(json_object());
            const char *keys[] = {"goal", "home_school", "duration", "staff", "interests"};
            for (size_t k = 0; k < 5; k++)
                json_object_set_new(items, keys[k], demo_json(json_string(
                                                        ratings[rng_below(r, 5)])));
            const char *note = notes[rng_below(r, 4)];
            char stamp[24];
            snprintf(stamp, sizeof stamp, "%sT17:%02d:00.000", date, rng_between(r, 0, 59));
            visit = demo_json(json_pack(
                "{s:s, s:s, s:s, s:o, s:i, s:s, s:s}", "activity", a->key, "date", date, "by",
                a->school == 0 ? "coordinator@verrijkt.demo" : "coalitie@verrijkt.demo", "items",
                items, "involvement", rng_between(r, 3, 5), "created", stamp, "updated", stamp));
            if (*note)
                json_object_set_new(visit, "note", demo_json(json_string(note)));
        }
    }
    free(dates);
    return visit;
}

json_t *demo_visits_section(const struct demo *d)
{
    json_t *visits = demo_json(json_array());
    for (size_t i = 0; i < d->n_activities; i++) {
        const struct demo_activity *a = &d->activities[i];
        struct rng r = rng_stream(LABEL_VISITS, (uint64_t)i);
        if (a->coalition || a->incidental || a->year_index != 1 || !rng_percent(&r, 30))
            continue;
        json_t *visit = visit_of(d, a, &r);
        if (visit)
            json_array_append_new(visits, visit);
    }
    return visits;
}
