/* Adding up a report (domain/reports.h) from the work arrays reports_read.c filled: each
   activity into its school and domains, each participant once per school, per school and
   domain and per domain of the coalition, each pupil into reach, hours and intensity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"

/* ---- totals ---------------------------------------------------------------------------------- */

/* The activities' counts into their school's totals and cells. A qualifying activity has at
   least min_sessions held sessions in the period; a domain is covered by one of them. */
static int total_activities(struct work *w)
{
    struct report *rep = w->rep;
    rep->held = malloc((w->n_activities ? w->n_activities : 1) * sizeof *rep->held);
    if (!rep->held)
        return -1;
    for (size_t i = 0; i < w->n_activities; i++) {
        const struct activity *a = &w->activities[i];
        if (a->school < 0 || !a->sessions) /* not of the report's schools, or not of the period */
            continue;
        struct report_school *s = &rep->schools[a->school];
        rep->held[rep->n_held++] = (struct report_held){a->id, s->id, a->sessions};
        bool qualifying = a->sessions >= rep->query.min_sessions;
        s->totals.activities++;
        s->totals.qualifying += qualifying;
        s->totals.sessions += a->sessions;
        s->totals.present += a->present;
        s->totals.absent += a->absent;
        s->totals.excused += a->excused;
        s->totals.involvement_sum += a->involvement_sum;
        s->totals.involvement_n += a->involvement_n;
        for (size_t k = 0; k < a->n_domains; k++) {
            struct report_cell *c = &s->cells[w->domains[a->first_domain + k]];
            c->activities++;
            c->qualifying += qualifying;
            c->sessions += a->sessions;
            c->minutes += a->minutes;
        }
    }
    return 0;
}

/* Participants: each pupil once for the own school, and once per cell (school × domain) of
   the activities the pupil took part in, and once per domain for the coalition. The pairs are
   sorted by pupil, so a stamp per cell with the pupil's number counts each pupil once. */
static int total_participants(struct work *w)
{
    struct report *rep = w->rep;
    size_t n_cells = rep->n_schools * rep->n_domains;
    size_t *stamp = calloc(n_cells + rep->n_domains + 1, sizeof *stamp);
    if (!stamp)
        return -1;
    size_t *coalition_stamp = stamp + n_cells, group = 0;
    for (size_t i = 0; i < w->n_pairs; i++) {
        const struct pair *pr = &w->pairs[i];
        if (!i || pr->pupil_id != w->pairs[i - 1].pupil_id) {
            group++;
            struct pupil *p = reports_find_pupil(w, pr->pupil_id);
            if (p)
                p->participant = true;
        }
        const struct activity *a = &w->activities[pr->activity];
        if (a->school < 0)
            continue;
        for (size_t k = 0; k < a->n_domains; k++) {
            size_t d = (size_t)w->domains[a->first_domain + k];
            size_t cell = (size_t)a->school * rep->n_domains + d;
            if (stamp[cell] != group) {
                stamp[cell] = group;
                rep->schools[a->school].cells[d].participants++;
            }
            if (coalition_stamp[d] != group) {
                coalition_stamp[d] = group;
                rep->coalition_cells[d].participants++;
            }
        }
    }
    free(stamp);
    return 0;
}

/* The pupils into their school's totals: reach (also per grade and for priority pupils),
   hours and intensity. */
static void total_pupils(struct work *w)
{
    struct report *rep = w->rep;
    int64_t intensive_minutes = (int64_t)rep->query.intensity_hours * 60;
    for (size_t i = 0; i < w->n_pupils; i++) {
        const struct pupil *p = &w->pupils[i];
        if (p->school < 0)
            continue;
        struct report_school *s = &rep->schools[p->school];
        struct report_totals *t = &s->totals;
        t->pupils++;
        t->priority_pupils += p->priority;
        s->grades[p->grade].pupils++;
        if (!p->participant)
            continue;
        t->participants++;
        t->priority_participants += p->priority;
        s->grades[p->grade].participants++;
        t->minutes += p->minutes;
        t->intensive += p->minutes >= intensive_minutes;
    }
}

static void add_totals(struct report_totals *sum, const struct report_totals *t)
{
    sum->pupils += t->pupils;
    sum->participants += t->participants;
    sum->priority_pupils += t->priority_pupils;
    sum->priority_participants += t->priority_participants;
    sum->minutes += t->minutes;
    sum->intensive += t->intensive;
    sum->activities += t->activities;
    sum->qualifying += t->qualifying;
    sum->sessions += t->sessions;
    sum->present += t->present;
    sum->absent += t->absent;
    sum->excused += t->excused;
    sum->involvement_sum += t->involvement_sum;
    sum->involvement_n += t->involvement_n;
    sum->plans_complete += t->plans_complete;
    sum->visited_activities += t->visited_activities;
    sum->cost_cents += t->cost_cents;
    sum->budget_cents += t->budget_cents;
    sum->has_budget |= t->has_budget;
    sum->undomained_cost_cents += t->undomained_cost_cents;
    sum->undomained_activities += t->undomained_activities;
    sum->undomained_sessions += t->undomained_sessions;
    sum->interest_answered += t->interest_answered;
    sum->feedback_n += t->feedback_n;
    sum->feedback_sum += t->feedback_sum;
    sum->feedback_again += t->feedback_again;
}

/* Covered domains per school, and the coalition's sums (its participants per domain were
   counted distinct already). */
static void total_coalition(struct report *rep)
{
    for (size_t i = 0; i < rep->n_schools; i++) {
        struct report_school *s = &rep->schools[i];
        for (size_t d = 0; d < rep->n_domains; d++) {
            const struct report_cell *c = &s->cells[d];
            s->totals.covered += c->qualifying > 0;
            struct report_cell *sum = &rep->coalition_cells[d];
            sum->activities += c->activities;
            sum->qualifying += c->qualifying;
            sum->sessions += c->sessions;
            sum->minutes += c->minutes;
            sum->cost_cents += c->cost_cents;
            sum->interested += c->interested;
        }
        rep->fully_covered += rep->n_domains > 0 && s->totals.covered == (int)rep->n_domains;
        add_totals(&rep->coalition, &s->totals);
    }
    for (size_t d = 0; d < rep->n_domains; d++)
        rep->coalition.covered += rep->coalition_cells[d].qualifying > 0;
}

/* ---- the report ------------------------------------------------------------------------------ */

static int read_work(struct db *db, void *w) { return reports_read(db, w); }

/* The report's reads: reports_read's, the quality cycle's counts and the pupil's voice. */
static int read_report(struct db *db, void *w)
{
    return reports_read(db, w) || reports_read_quality(db, w) ||
           (((struct work *)w)->rep->query.with_costs && reports_read_costs(db, w)) ||
           reports_read_voice(db, w);
}

int report_compute(struct db *db, const struct report_query *q, struct report *out)
{
    memset(out, 0, sizeof *out);
    out->query = *q;
    snprintf(out->upto, sizeof out->upto, "%s", strcmp(q->to, q->today) < 0 ? q->to : q->today);
    struct work w = {.rep = out};
    int rc = reports_in_read(db, read_report, &w);
    if (rc == 0) {
        out->coalition_cells = calloc(out->n_domains ? out->n_domains : 1,
                                      sizeof *out->coalition_cells);
        rc = !out->coalition_cells || total_participants(&w);
    }
    if (rc == 0)
        rc = total_activities(&w);
    if (rc == 0) {
        total_pupils(&w);
        total_coalition(out);
    }
    reports_work_free(&w);
    if (rc) {
        report_free(out);
        return -1;
    }
    return 0;
}

/* ---- per activity ---------------------------------------------------------------------------- */

/* The activities of the period with their sums, and their participants counted from the pairs
   (unique per pupil and activity). */
static int activity_figures(const struct work *w, struct report_activity **out, size_t *n)
{
    int *participants = calloc(w->n_activities + 1, sizeof *participants);
    *out = malloc((w->n_activities + 1) * sizeof **out);
    if (!participants || !*out) {
        free(participants);
        free(*out);
        *out = NULL;
        return -1;
    }
    for (size_t i = 0; i < w->n_pairs; i++)
        participants[w->pairs[i].activity]++;
    *n = 0;
    for (size_t i = 0; i < w->n_activities; i++) {
        const struct activity *a = &w->activities[i];
        if (!a->sessions)
            continue;
        (*out)[(*n)++] = (struct report_activity){
            a->id,      a->sessions, participants[i], a->minutes,         a->present,
            a->absent, a->excused,  a->involvement_sum, a->involvement_n};
    }
    free(participants);
    return 0;
}

int report_activities(struct db *db, const struct report_query *q, struct report_activity **out,
                      size_t *n)
{
    *out = NULL;
    *n = 0;
    struct report rep = {.query = *q};
    reports_upto(q, rep.upto);
    struct work w = {.rep = &rep};
    int rc = reports_in_read(db, read_work, &w);
    if (rc == 0)
        rc = activity_figures(&w, out, n);
    reports_work_free(&w);
    report_free(&rep);
    return rc;
}
