/* What the two halves of the report's computation share: reports_read.c reads the period
   into work arrays, reports_compute.c adds them up (domain/reports.h); and the small readers
   of reports_common.c, which the staff and waiting figures and the trends use as well. Not
   for other files. */
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

/* ---- reports_common.c ------------------------------------------------------------------------ */

/* Compare two structs by their first member, an int64_t id (qsort, bsearch). */
int reports_compare_ids(const void *x, const void *y);
/* The item with this id in items sorted by id (the first member, an int64_t), or NULL. */
void *reports_find(const void *items, size_t n, size_t size, int64_t id);
/* The day number of the date at the start of text ("YYYY-MM-DD…"), or fallback. */
int32_t reports_day_of(const char *text, int32_t fallback);
/* The minutes between "HH:MM" start and end; 0 when either is unreadable. */
int reports_duration(const char *start, const char *end);
/* The last day that counts: q->to, or q->today when that is earlier. */
void reports_upto(const struct report_query *q, char upto[11]);
/* read(db, ctx) inside one read transaction, so that every query sees the same data (inside
   the caller's transaction when there is one). read's result. */
int reports_in_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx);
/* The row of school_id in *rows (*n of them, size bytes each, sorted by their first member,
   an int64_t school_id), added zeroed in id order when it is new; NULL when memory ran out. */
void *reports_school_row(void **rows, size_t *n, size_t size, int64_t school_id);

/* An enrolment of pupil_id in activity_id was 'enrolled' from day first through day last
   (INT32_MAX: still). 0, or -1 to stop reading. */
typedef int reports_span_fn(void *ctx, int64_t pupil_id, int64_t activity_id, int32_t first,
                            int32_t last);
/* The enrolments' stretches of 'enrolled', each to span, by the register's rule
   (domain/attendance.h): on a day D the enrolment was 'enrolled' when the last change before
   D left it enrolled, or it became enrolled on D. So a change to 'enrolled' at moment t covers
   the days from t's day through the day of the next change (which was made during that day),
   or on and on when there is none. An enrolment without history counts from its created_at
   while its status is 'enrolled'. The history is read in order of time per enrolment (the
   index enrolment_history_time, no sort). 0, or -1 on a database error or when span said so. */
int reports_read_enrolled(struct db *db, reports_span_fn *span, void *ctx);

#endif
