/* The activity book (activiteitenboek, PRODUCT.md glossary; issue 5): the coalition's shared
   catalogue of every activity of every school with its goal, domains, provider, grades, its
   intensity, attendance and involvement over a period, and its evaluations, so that schools
   learn from each other. No HTTP here: pages/activity_book.c turns requests into calls below.

   Which activities: those whose run (date_from … date_until) overlaps the period, so that an
   activity that has not started yet is in the book with its plan. The figures per activity
   use the definitions of domain/reports.h (and its rounding helpers), exactly:
   - sessions: held sessions (dated in the period, not after today, not cancelled);
   - participants: pupils on the register of at least one held session (the register's rule of
     domain/attendance.h, read from the enrolment's history) or with a mark at one; waiting
     lists and cancelled enrolments do not count, a cancellation after a held session does;
   - hours: attended minutes (marks 'present' × the session's duration) over all pupils;
     mean_hours = hours / participants (a participant who never came counts as 0);
   - attendance_pct = present / (present + absent + excused) × 100 over the held sessions'
     marks; involvement = the mean Leuven score recorded there; null without a denominator;
   - planned: the sessions in the period that are not cancelled (also those after today) and
     their minutes (weekly minutes × the weeks it meets, holidays skipped);
   - evaluations: those of held sessions of the period (how many, how many said as planned
     yes / partly / no, and the latest). Evaluations hold no pupil data; their authors are
     shown by role only, and incidents are never part of the book (privacy).
   Everything is computed with one set-based statement for the whole list (no query per
   activity), and one more for the domains of the page's activities. */
#ifndef VERRIJKT_DOMAIN_ACTIVITY_BOOK_H
#define VERRIJKT_DOMAIN_ACTIVITY_BOOK_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

enum {
    BOOK_PER_PAGE = 50,       /* activities per page of the list */
    BOOK_PAGE_MAX = 10000,    /* the highest page number accepted */
    BOOK_TEXT_MAX = 100,      /* characters of the free-text search */
    BOOK_EVALUATIONS_MAX = 500, /* evaluations listed on an activity's page */
};

/* What the list is sorted by. book_sort_names holds the URL word of each, in this order. */
enum book_sort {
    BOOK_SORT_TITLE = 0,
    BOOK_SORT_SCHOOL,
    BOOK_SORT_PROVIDER,
    BOOK_SORT_SESSIONS,
    BOOK_SORT_HOURS,      /* mean hours per participant */
    BOOK_SORT_ATTENDANCE,
    BOOK_SORT_INVOLVEMENT,
    BOOK_SORT_EVALUATIONS,
    BOOK_SORT_COUNT
};
/* "title", "school", "provider", "sessions", "hours", "attendance", "involvement",
   "evaluations"; NULL-terminated. */
extern const char *const book_sort_names[];
/* Is this sort by a figure (so that descending is the natural order)? */
bool book_sort_is_figure(enum book_sort sort);

/* Which activities. Every member 0 / NULL / "" means: any. */
struct book_filter {
    int64_t activity_id; /* one activity (its page) */
    int64_t domain_id;   /* among its domains */
    int64_t school_id;
    int64_t provider_id;
    int grade;        /* within its grade range */
    const char *text; /* in its title, goal, school, provider or an evaluation (any time) */
};

struct book_query {
    char from[11], to[11]; /* the period, "YYYY-MM-DD", from <= to (report_period_read) */
    char today[11];        /* sessions after today are not held */
    struct book_filter filter;
    enum book_sort sort;
    bool descending;
    long long page; /* from 1 */
    int per_page;   /* 0: BOOK_PER_PAGE */
};

/* The activities of q's page, sorted (figures without a value last, either way; ties by
   title and id), into *activities (a new array: the caller owns it), and how many match in
   *total. Each activity:
     id, key, title, goal, open_to, weekday (ISO), start, end (the first weekly slot),
     slots (every slot, as SCHEDULE_SLOTS_SQL gives them), date_from, date_until,
     school {id, key, name, kind}, provider {id, key, name, external} or null,
     grades {min, max}, domains [{code, name}] (by the domains' position),
     sessions, participants, hours, mean_hours, attendance_pct, involvement,
     present, absent, excused, weekly_minutes, planned_sessions, planned_hours,
     evaluations {count, yes, partly, no, latest: {date, went_well, to_change, as_planned}
     or null}.
   Hours and percentages are numbers rounded to one decimal (null without a value, as in the
   coverage report). 0, or -1 on a database error (logged; nothing returned). */
int book_list(struct db *db, const struct book_query *q, json_t **activities, long long *total);

/* The evaluations of activity_id's sessions that took place (not cancelled, on or before
   today), newest session first, at most BOOK_EVALUATIONS_MAX: each {id, date, start,
   role ("lead", "coordinator", "staff" or "" for a removed account), went_well, to_change,
   as_planned, updated_at}. No names and no notes: the book is read coalition-wide, and a free
   note may mention a child. New reference, NULL on a database error. */
json_t *book_evaluations(struct db *db, int64_t activity_id, const char *today);

#endif
