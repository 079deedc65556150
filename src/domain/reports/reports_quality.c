/* The quality cycle's counts per school (issue 15, parts 1 and 3), read beside the report's
   other figures (reports_internal.h reports_read_quality). Each is one grouped query over its
   own table (answers, visits), whose rows are few beside the marks: per activity, never per
   pupil. */
#include <stdlib.h>

#include "db/db.h"
#include "domain/quality/plans.h"
#include "domain/reports/reports_internal.h"

/* The school's totals of the report's school with this id, or NULL (not in the report). */
static struct report_totals *school_totals(struct work *w, int64_t school_id)
{
    const struct id_slot *slot =
        reports_find(w->school_ids, w->rep->n_schools, sizeof *w->school_ids, school_id);
    return slot ? &w->rep->schools[slot->index].totals : NULL;
}

/* The report's school of the activity with this id when it is an activity of the period, else
   NULL. */
static struct report_totals *held_activity_totals(struct work *w, int64_t activity_id)
{
    const struct activity *a =
        reports_find(w->activities, w->n_activities, sizeof *w->activities, activity_id);
    if (!a || a->sessions <= 0 || a->school < 0)
        return NULL;
    return &w->rep->schools[a->school].totals;
}

/* plans_complete: of the school's activities of the period (its own activities with at least
   one held session in the period: not cancelled, dated from the period's first day through
   min(to, today)), those whose plan is complete (domain/quality/plans.h: every required
   question answered; without required questions every plan is). The activities offered in the
   period but never held do not count, as for every other count of the report: an activity
   cancelled before its start needs no plan. Answers count as they are now (the program keeps
   no history of them). */
static int read_plans_complete(struct db *db, struct work *w)
{
    int required = plan_required_count(db);
    if (required < 0)
        return -1;
    if (required == 0) {
        for (size_t i = 0; i < w->n_activities; i++) {
            struct report_totals *t = held_activity_totals(w, w->activities[i].id);
            if (t)
                t->plans_complete++;
        }
        return 0;
    }
    int64_t school_id = w->rep->query.school_id;
    sqlite3_stmt *st = school_id ? db_stmt(db, PLAN_COMPLETE_SQL("a.school_id = ?1"))
                                 : db_stmt(db, PLAN_COMPLETE_SQL("1"));
    if (!st)
        return -1;
    if (school_id)
        sqlite3_bind_int64(st, 1, school_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_totals *t = held_activity_totals(w, sqlite3_column_int64(st, 0));
        if (t)
            t->plans_complete++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* visited_activities: the school's own activities with at least one visit of a session dated
   in the period (from through to; a visit is only made of a session that took place, so none
   lies after today), each activity once however often it was visited. A visit counts by its
   session's date as it is now (a moved session moves its visit).
   Every school: the visits drive the join (CROSS JOIN), as they are few while the period's
   sessions are a million at national scale; one school: its activities' sessions of the
   period, and their visits by the visits' key. Measured on SCALE=0.1 of
   tests/bench/national.sh with 1,937 visits (sqlite3 .timer): every school 55 ms walking the
   period's sessions, 5 ms from the visits; one school 4 ms from the visits, 0.1 ms from its
   sessions. */
static const char visited_sql[] =
    "SELECT a.school_id, count(DISTINCT s.activity_id) FROM visits v"
    " CROSS JOIN sessions s ON s.id = v.session_id CROSS JOIN activities a ON a.id = s.activity_id"
    " WHERE s.date BETWEEN ?1 AND ?2 GROUP BY a.school_id";
static const char visited_school_sql[] =
    "SELECT a.school_id, count(DISTINCT s.activity_id) FROM activities a"
    " JOIN sessions s ON s.activity_id = a.id AND s.date BETWEEN ?1 AND ?2"
    " JOIN visits v ON v.session_id = s.id WHERE a.school_id = ?3 GROUP BY a.school_id";

static int read_visited(struct db *db, struct work *w)
{
    int64_t school_id = w->rep->query.school_id;
    sqlite3_stmt *st =
        reports_period_stmt(db, school_id ? visited_school_sql : visited_sql, &w->rep->query);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_totals *t = school_totals(w, sqlite3_column_int64(st, 0));
        if (t)
            t->visited_activities = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int reports_read_quality(struct db *db, struct work *w)
{
    return read_plans_complete(db, w) || read_visited(db, w);
}
