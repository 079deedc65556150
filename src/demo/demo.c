/* The demo coalition as a load document (PRODUCT.md 6): Coalitie Den Haag Zuidwest with its 18
   schools, providers and staff, two school years of activities (the previous one and the one
   containing today), about 4,000 pupils, enrolments, attendance up to today and one account
   per role. Deterministic: the same today gives the same document, byte for byte. The parts:
   demo_calendar.c, demo_people.c, demo_plan.c, demo_enrol.c; the tables in demo_data.c. */
#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/date.h"

/* The password of every demo account (the load hashes it). */
#define DEMO_PASSWORD "demo-verrijkt-2026"

static void set_string(json_t *obj, const char *name, const char *value)
{
    json_object_set_new(obj, name, demo_json(json_string(value)));
}

static void set_date(json_t *obj, const char *name, int32_t day)
{
    char s[11];
    date_format(day, s);
    set_string(obj, name, s);
}

static void set_moment(json_t *obj, const char *name, int32_t day, int minutes)
{
    char s[17];
    demo_moment(day, minutes, s);
    set_string(obj, name, s);
}

static void set_time(json_t *obj, const char *name, int minutes)
{
    char s[6];
    demo_time(minutes, s);
    set_string(obj, name, s);
}

/* ---- sections ------------------------------------------------------------------------------- */

static json_t *domains_section(void)
{
    json_t *list = demo_json(json_array());
    for (int i = 0; i < N_DOMAINS; i++)
        json_array_append_new(list, demo_json(json_pack("{s:s, s:s}", "code", demo_domain_codes[i],
                                                        "name", demo_domain_names[i])));
    return list;
}

static json_t *holidays_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_holidays; i++) {
        json_t *h = demo_json(json_pack("{s:s}", "name", d->holidays[i].name));
        set_date(h, "from", d->holidays[i].from);
        set_date(h, "to", d->holidays[i].to);
        json_array_append_new(list, h);
    }
    return list;
}

static json_t *schools_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (int i = 0; i < N_SCHOOLS; i++)
        json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:s}", "key", d->school_keys[i],
                                                        "name", demo_schools[i].name, "kind",
                                                        "po")));
    return list;
}

static json_t *providers_section(void)
{
    json_t *list = demo_json(json_array());
    for (int i = 0; i < N_PROVIDERS; i++)
        json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:b}", "key",
                                                        demo_providers[i].key, "name",
                                                        demo_providers[i].name, "external",
                                                        demo_providers[i].external)));
    return list;
}

static json_t *staff_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_staff; i++) {
        const struct demo_staff *s = &d->staff[i];
        json_t *item = demo_json(json_pack("{s:s, s:s, s:s, s:s}", "key", s->key, "provider",
                                           demo_providers[s->provider].key, "name", s->name,
                                           "level", s->level));
        if (s->vog)
            set_date(item, "vog_date", s->vog);
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *activity_json(const struct demo *d, const struct demo_activity *a)
{
    json_t *staff = demo_json(json_array()), *domains = demo_json(json_array());
    for (int i = 0; i < a->n_staff; i++)
        json_array_append_new(staff, demo_json(json_string(d->staff[a->staff[i]].key)));
    for (int i = 0; i < 2; i++)
        if (a->domains[i] >= 0)
            json_array_append_new(domains, demo_json(json_string(demo_domain_codes[a->domains[i]])));
    json_t *item = demo_json(json_pack(
        "{s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:[i, i], s:i, s:i}", "key", a->key, "school",
        d->school_keys[a->school], "provider", demo_providers[a->provider].key, "staff", staff,
        "title", a->title, "domains", domains, "goal", a->goal, "location", a->location, "grades",
        a->grade_min, a->grade_max, "capacity", a->capacity, "weekday", a->weekday));
    set_time(item, "start", a->start);
    set_time(item, "end", a->end);
    set_date(item, "from", a->from);
    set_date(item, "until", a->until);
    set_moment(item, "signup_from", a->signup_from_day, 19 * 60);
    set_moment(item, "signup_until", a->signup_until_day, 23 * 60 + 59);
    set_string(item, "open_to", a->coalition ? "coalition" : "school");
    return item;
}

static json_t *activities_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_activities; i++)
        json_array_append_new(list, activity_json(d, &d->activities[i]));
    return list;
}

static json_t *pupils_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_pupils; i++) {
        const struct demo_pupil *p = &d->pupils[i];
        json_t *item = demo_json(json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:s}", "key", p->key, "school",
            d->school_keys[p->school], "number", p->number, "first_name", p->first, "last_name",
            p->last, "grade", p->grade, "class", p->klass, "priority", p->priority, "link_code",
            p->code));
        if (p->note)
            set_string(item, "safety_notes", p->note);
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *enrolments_section(const struct demo *d)
{
    static const char *const statuses[] = {"enrolled", "waitlisted", "cancelled"};
    json_t *list = demo_json(json_array());
    for (size_t i = 0; i < d->n_enrolments; i++) {
        const struct demo_enrolment *e = &d->enrolments[i];
        char date[11], created[32];
        date_format(e->day, date);
        snprintf(created, sizeof created, "%sT%02d:%02d:%02d.%03d", date, (int)(e->ms / 3600000),
                 (int)(e->ms / 60000 % 60), (int)(e->ms / 1000 % 60), (int)(e->ms % 1000));
        json_array_append_new(
            list, demo_json(json_pack("{s:s, s:s, s:s, s:s}", "pupil", d->pupils[e->pupil].key,
                                      "activity", d->activities[e->activity].key, "status",
                                      statuses[e->status], "created", created)));
    }
    return list;
}

/* The staff member the demo "uitvoerder" account belongs to: one who runs an activity of De
   Haagse Beek this year that has started (else any of its activities). */
static const struct demo_staff *demo_uitvoerder(const struct demo *d)
{
    const struct demo_activity *fallback = NULL;
    for (size_t i = 0; i < d->n_activities; i++) {
        const struct demo_activity *a = &d->activities[i];
        if (a->school != 0 || a->coalition || !a->n_staff)
            continue;
        if (a->year_index == 1 && a->from < d->today && d->today <= a->until)
            return &d->staff[a->staff[0]];
        if (!fallback || a->year_index == 1)
            fallback = a;
    }
    return &d->staff[fallback ? fallback->staff[0] : 0];
}

static json_t *users_section(const struct demo *d)
{
    json_t *list = demo_json(json_array());
    json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:s, s:s}", "email",
                                                    "coalitie@verrijkt.demo", "name",
                                                    "Marieke van den Berg", "role", "lead",
                                                    "password", DEMO_PASSWORD)));
    json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:s, s:s, s:s}", "email",
                                                    "coordinator@verrijkt.demo", "name",
                                                    "Samira Bouzid", "role", "coordinator",
                                                    "school", d->school_keys[0], "password",
                                                    DEMO_PASSWORD)));
    const struct demo_staff *s = demo_uitvoerder(d);
    json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:s, s:s, s:s}", "email",
                                                    "uitvoerder@verrijkt.demo", "name", s->name,
                                                    "role", "staff", "staff", s->key, "password",
                                                    DEMO_PASSWORD)));
    json_t *children = demo_json(json_array());
    const char *family = "";
    for (size_t i = 0; i < d->n_pupils; i++) {
        if (d->pupils[i].favoured) {
            json_array_append_new(children, demo_json(json_string(d->pupils[i].key)));
            family = d->pupils[i].last;
        }
    }
    char name[80];
    snprintf(name, sizeof name, "Nadia %s", family);
    json_array_append_new(list, demo_json(json_pack("{s:s, s:s, s:s, s:o, s:s}", "email",
                                                    "ouder@verrijkt.demo", "name", name, "role",
                                                    "parent", "children", children, "password",
                                                    DEMO_PASSWORD)));
    return list;
}

/* ---- entry ---------------------------------------------------------------------------------- */

static void demo_free(struct demo *d)
{
    for (size_t i = 0; i < d->n_pupils; i++)
        free(d->pupils[i].enrolments);
    free(d->pupils);
    free(d->activities);
    free(d->enrolments);
    json_decref(d->sessions);
    json_decref(d->attendance);
    free(d);
}

json_t *demo_document(int today)
{
    struct demo *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    d->today = today;
    d->sessions = demo_json(json_array());
    d->attendance = demo_json(json_array());
    for (int i = 0; i < N_SCHOOLS; i++)
        demo_slug(demo_schools[i].name, d->school_keys[i], sizeof d->school_keys[i]);
    demo_calendar(d);
    demo_make_staff(d);
    demo_make_pupils(d);
    demo_make_activities(d);
    demo_make_enrolments(d);
    demo_make_attendance(d);

    json_t *doc = demo_json(json_object());
    json_object_set_new(doc, "coalition",
                        demo_json(json_pack("{s:s, s:s}", "name", "Coalitie Den Haag Zuidwest",
                                            "city", "Den Haag")));
    json_object_set_new(doc, "domains", domains_section());
    json_object_set_new(doc, "holidays", holidays_section(d));
    json_object_set_new(doc, "schools", schools_section(d));
    json_object_set_new(doc, "providers", providers_section());
    json_object_set_new(doc, "staff", staff_section(d));
    json_object_set_new(doc, "activities", activities_section(d));
    demo_add_costs(d, json_object_get(doc, "activities"));
    json_object_set(doc, "sessions", d->sessions);
    json_object_set_new(doc, "pupils", pupils_section(d));
    json_object_set_new(doc, "users", users_section(d));
    json_object_set_new(doc, "enrolments", enrolments_section(d));
    json_object_set(doc, "attendance", d->attendance);
    json_object_set_new(doc, "rounds", demo_rounds_section(d));
    json_object_set_new(doc, "preferences", demo_preferences_section(d));
    json_object_set_new(doc, "plans", demo_plans_section(d));
    json_object_set_new(doc, "visits", demo_visits_section(d));
    json_object_set_new(doc, "budgets", demo_budgets_section(d));
    json_object_set_new(doc, "interests", demo_interests_section(d));
    json_object_set_new(doc, "feedback", demo_feedback_section(d));
    demo_free(d);
    return doc;
}
