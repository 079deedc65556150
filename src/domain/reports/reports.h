/* The coalition's figures over a period (PRODUCT.md section 5), per school, per school and
   domain, and for the coalition as a whole. No HTTP here: /reports/coverage (pages/reports.c)
   and the pages built on it (dashboard, school review, activity book, trends) call
   report_compute once and read the counts, or the rounded figures through the helpers below.

   The definitions, exactly (each is repeated above the code that computes it):
   - held session: a session dated in the period, not after today, not cancelled.
   - activity of the period: an activity with at least one held session in the period.
   - qualifying activity: one with at least min_sessions held sessions in the period.
   - domain covered: the school has a qualifying activity in that domain (an activity with
     several domains counts for each); coverage_pct = covered / domains of the coalition × 100.
   - pupils of the school: the pupils whose school it is and who had not left before the
     period (left_on is NULL or after its first day). Grade and priority are the pupils' current
     ones (the program keeps no history of them).
   - participant: a pupil of the school who was on the attendance register of at least one
     held session of the period, i.e. whose enrolment in that activity was 'enrolled' at some
     moment of the session's day and who had not left the school by then (the rule of the
     register, domain/attendance.h), or who has a mark at a held session of the period (a mark
     was taken from the register, so it proves the pupil was on it, also for data loaded from
     a file). Waiting lists and cancelled enrolments do not count; a pupil who cancelled in
     December counts for a period that includes the autumn; a sign-up after the period's last
     held session does not count for it. Pupils count for their own school, in any activity of
     the period (also one of another school that is open to the coalition).
   - reach_pct = participants / pupils × 100; also per grade and for priority pupils.
   - hours of a pupil: the durations of the held sessions of the period with a mark 'present';
     mean_hours = their sum over the participants / participants (one who never came counts
     as 0); intensity_pct = participants with at least intensity_hours hours / participants.
   - attendance_pct = present / (present + absent + excused) × 100 over the marks of the held
     sessions of the school's activities; involvement = the mean of the Leuven scores recorded
     there.
   - per domain (the school's activities of the period in that domain): activities,
     qualifying, sessions (their held sessions), participants (distinct pupils of any school
     who were participants in one of them), hours (sum over pupils of their hours there).
   - plans_complete, visited_activities: the quality cycle's counts, defined above their code
     in reports_quality.c.
   - cost_total, cost_per_participant, cost_per_hour, budget, budget_used_pct: money (issue 15,
     part 4), defined above their code in reports_costs.c; computed only with query.with_costs
     (the lead, the school's coordinator), and then in the JSON.
   - interest_answered_pct, domains.{d}.interest_pct, feedback_score, again_pct: the pupil's
     voice, defined above their code in reports_voice.c.
   A figure whose denominator is zero has no value (JSON null). Percentages, hours and the
   mean involvement are rounded to one decimal, half away from zero, in integer arithmetic so
   that 12.25 does not become 12.2 by a binary fraction. */
#ifndef VERRIJKT_DOMAIN_REPORTS_H
#define VERRIJKT_DOMAIN_REPORTS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum {
    REPORT_MAX_DAYS = 3 * 366, /* the longest period a report covers */
};

/* What to compute. */
struct report_query {
    char from[11], to[11]; /* the period, "YYYY-MM-DD", from <= to */
    char today[11];        /* sessions after today are not held */
    int64_t school_id;     /* 0: every school; else that school only */
    /* NULL, or a JSON array of activity ids: report_activities computes the figures of these
       activities only (reading only their sessions and the pupils who may have taken part:
       enrolled in one of them, or marked at one of their sessions). Borrowed. */
    const char *activity_ids;
    int min_sessions;      /* config reports.min_sessions */
    int intensity_hours;   /* config reports.intensity_hours */
    bool with_costs;       /* read the costs and budgets (reports_costs.c): for the lead and a
                              school's coordinator only; without it no money is read or shown */
};

/* A period read from a form or a URL. */
struct report_period {
    char from[11], to[11];
    const char *field;   /* on a refusal: "from" or "to"; NULL when fine */
    const char *key;     /* on a refusal: the message key (no placeholders), static */
};

/* Read the period from the texts from and to ("YYYY-MM-DD"; NULL or "" for the default: the
   school year, 1 August – 31 July, that today falls in, for that end). 0, or -1 with field
   and key set: a date that is not a real date, to before from, or a period longer than
   REPORT_MAX_DAYS days. */
int report_period_read(const char *from, const char *to, const char *today,
                       struct report_period *out);

struct report_domain {
    int64_t id;
    char *code, *name;
};

/* One school (or the coalition) × one domain. */
struct report_cell {
    int activities, qualifying, sessions, participants;
    int64_t minutes; /* attended minutes summed over pupils */
    int64_t cost_cents; /* with query.with_costs: its share of the activities' costs */
    int interested;  /* pupils whose latest interest answer names the domain (reports_voice.c) */
};

/* Pupils of one grade of a school. */
struct report_grade {
    int grade;
    int pupils, participants;
};

/* The counts of one school, or of the coalition, from which every figure follows. */
struct report_totals {
    int pupils, participants;
    int priority_pupils, priority_participants;
    int64_t minutes;   /* attended minutes of the participants */
    int intensive;     /* participants with at least intensity_hours hours */
    int activities, qualifying, sessions; /* of the school's activities of the period */
    int64_t present, absent, excused;     /* marks at their held sessions */
    int64_t involvement_sum, involvement_n;
    int covered; /* domains covered (coalition: covered at one school at least) */
    /* The quality cycle (issue 15; defined in reports_quality.c): activities of the period
       with a complete plan, and the school's activities visited in the period. */
    int plans_complete, visited_activities;
    /* Money (issue 15, part 4; defined in reports_costs.c; zero without query.with_costs), in
       cents: the activities' costs in the period, the school year's budget (has_budget: there
       is one and the period lies in one school year), and the part of the costs of activities
       without a domain with their count and held sessions (the CSV's row "zonder domein"). */
    int64_t cost_cents, budget_cents;
    bool has_budget;
    int64_t undomained_cost_cents;
    int undomained_activities, undomained_sessions;
    /* The pupil's voice (issue 15 part 2; defined in reports_voice.c): pupils with an interest
       answer in the period; the feedback's count, score sum and "ja" count. */
    int interest_answered;
    int64_t feedback_n, feedback_sum, feedback_again;
};

struct report_school {
    int64_t id;
    char *key, *name, *kind; /* kind: "po" or "vo" */
    struct report_totals totals;
    struct report_cell *cells;   /* n_domains, in the report's domain order */
    struct report_grade *grades; /* by grade */
    size_t n_grades;
};

/* An activity of the period of one of the report's schools: its held sessions. */
struct report_held {
    int64_t activity_id;
    int64_t school_id;
    int sessions;
};

/* Everything report_compute found. Free with report_free. */
struct report {
    struct report_query query;
    char upto[11]; /* the last day whose sessions are held: min(to, today) */
    struct report_domain *domains; /* by position, then code */
    size_t n_domains;
    struct report_school *schools; /* by name */
    size_t n_schools;
    /* The coalition: sums over the schools computed (meaningful when query.school_id is 0);
       its cells count each pupil once per domain, also one active at two schools. */
    struct report_totals coalition;
    struct report_cell *coalition_cells; /* n_domains */
    int fully_covered; /* schools that cover every domain */
    /* The activities of the period of the report's schools, by id (for the staff figures,
       domain/reports_staff.h, which need each activity's held sessions). */
    struct report_held *held;
    size_t n_held;
};

/* Compute the report q asks for into *out, with a handful of set-based queries (no query per
   school or per activity). 0, or -1 on a database error (logged; *out is then empty). The
   caller frees *out with report_free. */
int report_compute(struct db *db, const struct report_query *q, struct report *out);
void report_free(struct report *rep);

/* The figures of one activity of the period (the activity book's; the same definitions). */
struct report_activity {
    int64_t activity_id;
    int sessions;     /* held sessions */
    int participants; /* pupils who took part (the register's rule, or a mark) */
    int64_t minutes;  /* attended minutes over all pupils */
    int64_t present, absent, excused, involvement_sum, involvement_n;
};

/* The figures of every activity of q's period (with q->school_id: of the school's own; with
   q->activity_ids: of those) that held a session, by id, into a new array *out (*n of them;
   the caller frees it). 0, or -1 on a database error. */
int report_activities(struct db *db, const struct report_query *q, struct report_activity **out,
                      size_t *n);

/* The school with this id, or NULL. Points into rep. */
const struct report_school *report_school(const struct report *rep, int64_t school_id);

/* ---- the figures, rounded to one decimal; false when there is no value ---------------------- */

/* part / whole × 100. */
bool report_pct(int64_t part, int64_t whole, double *out);
bool report_coverage_pct(const struct report *rep, const struct report_totals *t, double *out);
bool report_reach_pct(const struct report_totals *t, double *out);
bool report_priority_reach_pct(const struct report_totals *t, double *out);
bool report_mean_hours(const struct report_totals *t, double *out);
bool report_intensity_pct(const struct report_totals *t, double *out);
bool report_attendance_pct(const struct report_totals *t, double *out);
bool report_involvement(const struct report_totals *t, double *out);
/* Money (reports_costs.c), in cents; false when there is no value. */
bool report_cost_per_participant(const struct report_totals *t, int64_t *cents);
bool report_cost_per_hour(const struct report_totals *t, int64_t *cents);
bool report_budget_used_pct(const struct report_totals *t, double *out);
/* Cents as a JSON number of euros with two decimals. New reference. */
json_t *report_money(int64_t cents);
/* The pupil's voice (reports_voice.c): interest_answered / pupils, a domain's interested /
   interest_answered (both × 100), the mean feedback score, the share of "ja" × 100; false when
   the denominator is 0. */
bool report_interest_answered_pct(const struct report_totals *t, double *out);
bool report_interest_pct(const struct report_totals *t, const struct report_cell *c, double *out);
bool report_feedback_score(const struct report_totals *t, double *out);
bool report_again_pct(const struct report_totals *t, double *out);
/* Minutes as hours, rounded to one decimal (always a value). */
double report_hours(int64_t minutes);

/* ---- JSON (PRODUCT.md section 6) ------------------------------------------------------------- */

/* A figure as JSON: the number, or null without a value. New reference. */
json_t *report_number(bool has, double value);
/* One school: key, name, covered (domain codes), coverage_pct, pupils, participants,
   reach_pct, attendance_pct, mean_hours, involvement, domains {code: {activities, qualifying,
   sessions, participants, hours}}, and besides: id, kind, priority_pupils,
   priority_participants, reach_priority_pct, hours, intensity_pct, intensive, activities,
   qualifying, sessions, present, absent, excused, grades [{grade, pupils, participants,
   reach_pct}]. New reference. */
json_t *report_school_json(const struct report *rep, const struct report_school *s);
/* The whole report: from, to, min_sessions, intensity_hours, domains [{code, name}], schools
   [report_school_json], and, when every school was computed, "coalition" (the same figures
   without key, name and grades, plus schools and fully_covered). New reference. */
json_t *report_json(const struct report *rep);

#endif
