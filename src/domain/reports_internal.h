/* What the two halves of the report's computation share: reports_read.c reads the period
   into work arrays, reports_compute.c adds them up (domain/reports.h). Not for other files. */
#ifndef VERRIJKT_DOMAIN_REPORTS_INTERNAL_H
#define VERRIJKT_DOMAIN_REPORTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/reports.h"

struct db;

struct id_slot {
    int64_t id;
    int index;
};

struct pupil {
    int64_t id;
    int school;       /* index into rep->schools, -1: a school not in the report */
    int grade;        /* index into that school's grades */
    bool priority;
    bool participant;
    int32_t left_day; /* the day the pupil left, INT32_MAX while at school */
    int64_t minutes;  /* attended minutes in the period */
};

struct activity {
    int64_t id;
    int school;    /* as for pupils */
    bool in_scope; /* its marks and participants count (every activity, or with one school:
                      the school's own and those open to the coalition) */
    int sessions;  /* held sessions in the period: an activity of the period has one at least */
    size_t first_day, n_days;       /* its held days, ascending, in work.days */
    size_t first_domain, n_domains; /* domain indexes in work.domains */
    int64_t present, absent, excused, involvement_sum, involvement_n, minutes;
};

struct session {
    int64_t id;
    int activity;
    int32_t day;
    int minutes;
};

/* A pupil who was a participant in an activity of the period. */
struct pair {
    int64_t pupil_id;
    int activity;
};

struct work {
    struct report *rep;
    struct id_slot *school_ids; /* sorted by id */
    struct pupil *pupils;       /* sorted by id */
    size_t n_pupils, cap_pupils;
    int *pupil_at;              /* pupil id → index into pupils (-1: none), when ids are dense */
    int64_t max_pupil_id;
    size_t *pupil_pairs;        /* pupil index → its first registered pair (n_pupils + 1) */
    struct activity *activities; /* sorted by id */
    size_t n_activities, cap_activities;
    int32_t *days;
    size_t n_days, cap_days;
    int *domains;
    size_t n_domains, cap_domains;
    struct session *sessions; /* sorted by id */
    size_t n_sessions, cap_sessions;
    struct pair *pairs;
    size_t n_pairs, cap_pairs, n_registered; /* the first n_registered sorted and unique */
};

/* Read everything the report needs into w (w->rep has its query, upto, and nothing else yet):
   the domains and schools into w->rep, the pupils, the activities with their held sessions
   and domains, and the participants as sorted unique pairs with the marks counted. Inside the
   caller's read transaction. 0, or -1 on a database error or when memory ran out. */
int reports_read(struct db *db, struct work *w);
void reports_work_free(struct work *w);
/* The pupil with this id, or NULL. */
struct pupil *reports_find_pupil(const struct work *w, int64_t id);

#endif
