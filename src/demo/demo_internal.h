/* Shared by the parts of the demo generator: demo.c (entry, users, the JSON document),
   demo_data.c (the fixed tables and the random generator), demo_calendar.c (school years and
   holidays), demo_people.c (staff and pupils), demo_plan.c (activities) and demo_enrol.c
   (enrolments, sessions and attendance), demo_round.c (an open round). Not for use elsewhere. */
#ifndef VERRIJKT_DOMAIN_DEMO_INTERNAL_H
#define VERRIJKT_DOMAIN_DEMO_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/offer/schedule.h"

/* ---- random numbers ------------------------------------------------------------------------ */

/* splitmix64: small, fast and good enough for demo data. Every part of the demo draws from its
   own stream (rng_stream), so that, e.g., the pupils stay the same whatever today is. */
struct rng {
    uint64_t state;
};
/* A stream identified by two numbers (a label and an index). */
struct rng rng_stream(uint64_t label, uint64_t index);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Uniform in [lo, hi]. */
int rng_between(struct rng *r, int lo, int hi);
/* True with the given chance in percent. */
bool rng_percent(struct rng *r, unsigned percent);
/* Fisher-Yates shuffle. */
void rng_shuffle(struct rng *r, int *items, size_t n);

/* ---- fixed tables (demo_data.c) ------------------------------------------------------------- */

enum { D_SPORT, D_CULTUUR, D_COGNITIEF, D_SOCIAAL, D_ZELF, D_WERELD, N_DOMAINS };
extern const char *const demo_domain_codes[N_DOMAINS];
extern const char *const demo_domain_names[N_DOMAINS];

struct demo_school_info {
    const char *name;   /* as in seed 000 */
    const char *prefix; /* short prefix of activity and pupil keys */
    int pupils;         /* how many pupils */
    int priority_pct;   /* share of priority pupils */
};
enum { N_SCHOOLS = 18 };
extern const struct demo_school_info demo_schools[N_SCHOOLS];

struct demo_provider_info {
    const char *key, *name;
    bool external;
    int staff; /* how many staff members */
};
enum { P_JUDO, P_BUURTSPORT, P_DANS, P_MUZIEK, P_BIEB, P_NATUUR, P_TECHNIEK, P_KUNST, P_KOOK,
       P_SCHAAK, P_EIGEN, N_PROVIDERS };
extern const struct demo_provider_info demo_providers[N_PROVIDERS];

/* One kind of activity a school can offer. */
struct demo_item {
    const char *slug, *title;
    int domains[2]; /* the second is -1 when there is one domain */
    int provider;
    const char *goal, *location;
    int grade_min, grade_max; /* the widest range; an activity takes a part of it */
    int cap_min, cap_max;
    int minutes;
};
extern const struct demo_item demo_items[];
extern const size_t demo_n_items;
/* Incidental activities (a workshop of 2-4 sessions), one per domain, in domain order. */
extern const struct demo_item demo_incidentals[N_DOMAINS];
/* Offers for the pupils of all schools (open_to "coalition"). */
extern const struct demo_item demo_coalition_items[];
extern const size_t demo_n_coalition_items;

extern const char *const demo_first_names[];
extern const size_t demo_n_first_names;
extern const char *const demo_last_names[];
extern const size_t demo_n_last_names;
extern const char *const demo_adult_names[]; /* first names of staff and parents */
extern const size_t demo_n_adult_names;
extern const char *const demo_safety_notes[];
extern const size_t demo_n_safety_notes;
extern const char *const demo_cancel_reasons[];
extern const size_t demo_n_cancel_reasons;

/* A key made of name: lower case ASCII letters and digits, words joined by '-', a leading "De "
   dropped, common accented letters without their accent. */
void demo_slug(const char *name, char *out, size_t size);

/* ---- the model ------------------------------------------------------------------------------ */

/* The activity blocks of a school year. */
enum { B_NAJAAR, B_WINTER, B_VOORJAAR, N_BLOCKS };

struct demo_year {
    int year;             /* the school year that starts in August of this year */
    int32_t first_day;    /* 1 August */
    int32_t school_start; /* the Monday the schools open after the summer */
    int32_t block_from[N_BLOCKS], block_until[N_BLOCKS];
};

struct demo_holiday {
    const char *name;
    int32_t from, to;
};
enum { MAX_HOLIDAYS = 32 };

struct demo_staff {
    char key[48], name[64];
    int provider;
    const char *level;
    int32_t vog; /* 0: none known */
};
enum { MAX_STAFF = 64 };

struct demo_pupil {
    char key[32], number[12], klass[16], code[10];
    int school, grade;
    bool priority, favoured; /* favoured: a child of the demo parent */
    const char *first, *last, *note;
    int *enrolments; /* indices into demo.enrolments; malloc'ed */
    size_t n_enrolments, cap_enrolments;
};

struct demo_activity {
    char key[80];
    const char *title, *goal, *location;
    int domains[2];
    int school, provider;
    int staff[2], n_staff;
    int grade_min, grade_max, capacity;
    int weekday, start, end;   /* minutes since midnight */
    int32_t from, until;       /* day numbers */
    int32_t signup_from_day, signup_until_day; /* at 19:00 and 23:59 */
    int year_index;            /* 0 = previous school year, 1 = the current one */
    bool coalition, incidental;
    int fill_pct;              /* how full sign-up makes it */
    bool popular;              /* more sign-ups than seats */
    size_t first_enrolment, n_enrolments; /* its range in demo.enrolments */
};

enum enrolment_status { ST_ENROLLED, ST_WAITLISTED, ST_CANCELLED };

struct demo_enrolment {
    int pupil, activity;
    enum enrolment_status status;
    int32_t day;  /* when it was made */
    int64_t ms;   /* milliseconds since midnight */
};

struct demo {
    int32_t today;
    struct demo_year years[2]; /* previous, current */
    struct demo_holiday holidays[MAX_HOLIDAYS];
    struct holiday_range ranges[MAX_HOLIDAYS];
    size_t n_holidays;
    struct demo_staff staff[MAX_STAFF];
    size_t n_staff;
    struct demo_pupil *pupils;
    size_t n_pupils;
    size_t school_first[N_SCHOOLS], school_count[N_SCHOOLS];
    char school_keys[N_SCHOOLS][40];
    struct demo_activity *activities;
    size_t n_activities, cap_activities;
    struct demo_enrolment *enrolments;
    size_t n_enrolments, cap_enrolments;
    json_t *sessions;   /* cancelled sessions, in the load format */
    json_t *attendance; /* marks, in the load format */
};

/* demo_calendar.c: both school years and their holidays. */
void demo_calendar(struct demo *d);
/* The session dates of an activity (schedule_dates with the demo's holidays); *out malloc'ed,
   caller frees. Returns the count. */
size_t demo_session_dates(const struct demo *d, const struct demo_activity *a, int32_t **out);

/* demo_people.c */
void demo_make_staff(struct demo *d);
void demo_make_pupils(struct demo *d);

/* demo_plan.c: activities of both years. */
void demo_make_activities(struct demo *d);

/* demo_enrol.c */
void demo_make_enrolments(struct demo *d);
void demo_make_attendance(struct demo *d);

/* demo_round.c: an open round over the demo school's next block, and rankings made so far. */
json_t *demo_rounds_section(const struct demo *d);
json_t *demo_preferences_section(const struct demo *d);

/* demo_quality.c: activity plans and visits (issue 15), in the load format. */
json_t *demo_plans_section(const struct demo *d);
json_t *demo_visits_section(const struct demo *d);
/* demo_costs.c: money (issue 15, part 4): "costs" into the activities' items (activities: the
   section, in d->activities' order) and the section "budgets". */
void demo_add_costs(const struct demo *d, json_t *activities);
json_t *demo_budgets_section(const struct demo *d);
/* demo_voice.c: interest answers and feedback (issue 15 part 2), in the load format. */
json_t *demo_interests_section(const struct demo *d);
json_t *demo_feedback_section(const struct demo *d);

/* Small formatting helpers (demo_data.c). */
void demo_time(int minutes, char out[6]);
void demo_moment(int32_t day, int minutes, char out[17]);

/* Abort on a NULL JSON value (out of memory): the demo has no partial result. */
json_t *demo_json(json_t *v);

#endif
