/* What the two halves of the report's computation share: reports_read.c reads the period
   into work arrays, reports_compute.c adds them up (domain/reports.h); and the small readers
   of reports_common.c, which the staff and waiting figures, the trends and the activity book
   use as well. Not for other files. */
#ifndef VERRIJKT_DOMAIN_REPORTS_INTERNAL_H
#define VERRIJKT_DOMAIN_REPORTS_INTERNAL_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "domain/reports/reports.h"

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
    bool by_days;     /* while reading a school year: to be read from the pupil's days */
    int32_t left_day; /* the day the pupil left, INT32_MAX while at school */
    int64_t minutes;  /* attended minutes in the period */
};

struct activity {
    int64_t id;
    int school;    /* as for pupils */
    bool in_scope; /* its marks and participants count (every activity, or with one school:
                      the school's own and those open to the coalition) */
    int sessions;  /* held sessions in the period: an activity of the period has one at least */
    size_t first_domain, n_domains; /* domain indexes in work.domains */
    int64_t present, absent, excused, involvement_sum, involvement_n, minutes;
};

/* A pupil who was a participant in an activity of the period. */
struct pair {
    int64_t pupil_id;
    int activity;
};

/* id → position in an array sorted by id (at NULL: none, use bsearch). */
struct id_index {
    int *at; /* max + 1 positions, -1 for an id not there */
    int64_t max;
};

struct work {
    struct report *rep;
    int32_t from, upto;         /* the period's first day and rep->upto as day numbers */
    struct id_slot *school_ids; /* sorted by id */
    struct pupil *pupils; /* by school and grade; by id when pupil_index is not direct */
    size_t n_pupils, cap_pupils;
    struct id_index pupil_index, activity_index;
    struct activity *activities; /* sorted by id */
    size_t n_activities, cap_activities;
    int *domains;
    size_t n_domains, cap_domains;
    struct pair *pairs; /* sorted and unique */
    size_t n_pairs, cap_pairs;
    char *pupil_ids; /* with one school or activity_ids: the pupils' ids (JSON); else NULL */
};

/* Read everything the report needs into w (w->rep has its query, upto, and nothing else yet):
   the domains and schools into w->rep, the pupils, the activities with their held sessions,
   marks and domains, and the participants as sorted unique pairs with their minutes present,
   from the summary tables (domain/tally.h). Inside the caller's read transaction. 0, or -1 on
   a database error or when memory ran out. */
int reports_read(struct db *db, struct work *w);
void reports_work_free(struct work *w);
/* The quality cycle's counts per school (reports_quality.c): plans_complete and
   visited_activities into the schools' totals, after reports_read, in the same read
   transaction; one grouped query each. 0 or -1. */
int reports_read_quality(struct db *db, struct work *w);
/* Money per school and per school and domain (reports_costs.c), after reports_read in the
   same read transaction, with query.with_costs only; one query over the activities' costs and
   one over the budgets. 0 or -1. */
int reports_read_costs(struct db *db, struct work *w);
/* The pupil's voice per school (reports_voice.c): interest_answered, the cells' interested and
   the feedback's counts, after reports_read, in the same read transaction. 0 or -1. */
int reports_read_voice(struct db *db, struct work *w);
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
/* sql prepared with the report's period and school bound: ?1 = from, ?2 = to, ?3 = school_id
   (0: every school), each when sql names it. NULL on a database error. */
sqlite3_stmt *reports_period_stmt(struct db *db, const char *sql, const struct report_query *q);
/* The sessions that are not cancelled of the days ?<first> through ?<last>, from the summary
   tables (domain/tally.h): a row per activity and whole month ?<m1> – ?<m2>, and per session
   of the days ?<first> – ?<before> and ?<after> – ?<last> around them. Columns: activity_id,
   sessions, minutes (their lengths), present, absent, excused, involvement_sum,
   involvement_n, present_minutes. The parameters are SQL text ("?1"); reports_bind_sessions
   binds them for a period. */
#define REPORTS_SESSIONS(first, last, m1, m2, before, after)                                     \
    "SELECT activity_id, sessions, minutes, present, absent, excused, involvement_sum,"          \
    " involvement_n, present_minutes FROM tally_activity_month WHERE month BETWEEN " m1         \
    " AND " m2 " UNION ALL SELECT activity_id, 1, minutes, present, absent, excused,"            \
    " involvement_sum, involvement_n, present * minutes FROM tally_session WHERE date BETWEEN "  \
    first " AND " before " UNION ALL SELECT activity_id, 1, minutes, present, absent, excused,"  \
    " involvement_sum, involvement_n, present * minutes FROM tally_session WHERE date BETWEEN "  \
    after " AND " last

/* REPORTS_SESSIONS of some activities, those of the table activities `a` that meet the SQL
   condition which (on a.id or a.school_id): from each summary table through its index on the
   activity (the period's range is a filter, '+': not the index to walk), so that one school or
   a page of activities costs its own rows, not a pass over the period's rows of every
   school. */
#define REPORTS_SOME_SESSIONS(first, last, m1, m2, before, after, which)                         \
    "SELECT t.activity_id, t.sessions, t.minutes, t.present, t.absent, t.excused,"               \
    " t.involvement_sum, t.involvement_n, t.present_minutes FROM activities a"                   \
    " JOIN tally_activity_month t ON t.activity_id = a.id WHERE " which                         \
    " AND +t.month BETWEEN " m1 " AND " m2 " UNION ALL SELECT t.activity_id, 1, t.minutes,"     \
    " t.present, t.absent, t.excused, t.involvement_sum, t.involvement_n,"                       \
    " t.present * t.minutes FROM activities a JOIN tally_session t ON t.activity_id = a.id"      \
    " WHERE " which " AND +t.date BETWEEN " first " AND " before                                \
    " UNION ALL SELECT t.activity_id, 1, t.minutes, t.present, t.absent, t.excused,"             \
    " t.involvement_sum, t.involvement_n, t.present * t.minutes FROM activities a"               \
    " JOIN tally_session t ON t.activity_id = a.id WHERE " which                                \
    " AND +t.date BETWEEN " after " AND " last

/* The parameter numbers of one REPORTS_SESSIONS in a statement. */
struct reports_session_params {
    int first, last, m1, m2, before, after;
};
/* Bind them for the days from through last ("YYYY-MM-DD"). */
void reports_bind_sessions(sqlite3_stmt *st, const struct reports_session_params *at,
                           const char *from, const char *last);

/* read(db, ctx) inside one read transaction, so that every query sees the same data (inside
   the caller's transaction when there is one), after bringing the summary tables up to date
   when a plain statement left them behind (tally_ensure_fresh). read's result. */
int reports_in_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx);
/* first(db, first_ctx) on this thread and beside(db', beside_ctx) on another at the same time,
   db' a second mapped connection of db (db_for_scans_beside): a national report's reads take
   much of a second, and the machine has more than one core. Each reads in its own read
   transaction, as when they run one after the other (the summary tables are brought up to
   date first). When db is inside a transaction, or no thread or connection can be had, the
   two run one after the other on db. 0, or -1 when either failed. */
int reports_beside(struct db *db, int (*first)(struct db *db, void *ctx), void *first_ctx,
                   int (*beside)(struct db *db, void *ctx), void *beside_ctx);
/* The ids of n items of size bytes (their first member, an int64_t) as a JSON array text, for
   a query's "id IN (SELECT value FROM json_each(?))". Caller frees. */
char *reports_ids_json(const void *items, size_t n, size_t size);
/* The row of school_id in *rows (*n of them, size bytes each, sorted by their first member,
   an int64_t school_id), added zeroed in id order when it is new; NULL when memory ran out. */
void *reports_school_row(void **rows, size_t *n, size_t size, int64_t school_id);

#endif
