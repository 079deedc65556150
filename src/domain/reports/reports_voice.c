/* The pupil's voice per school (issue 15, part 2), read beside the report's other figures
   (reports_internal.h reports_read_voice): the interest questionnaire's coverage and domains,
   and the pupils' feedback. Each is one grouped query (per school, or per school and domain),
   never one per pupil: the national data set has 400,000 pupils. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"

/* The school's totals of the report's school with this id, or NULL (not in the report). */
static struct report_school *report_school_of(struct work *w, int64_t school_id)
{
    const struct id_slot *slot =
        reports_find(w->school_ids, w->rep->n_schools, sizeof *w->school_ids, school_id);
    return slot ? &w->rep->schools[slot->index] : NULL;
}

/* The report's index of the domain with this id, or -1. */
static int domain_index(const struct report *rep, int64_t domain_id)
{
    for (size_t d = 0; d < rep->n_domains; d++)
        if (rep->domains[d].id == domain_id)
            return (int)d;
    return -1;
}

/* interest_answered (→ interest_answered_pct): the pupils of the school (as for reach: whose
   school it is and who had not left before the period's first day) with at least one interest
   answer dated in the period (from through to; from the tablet or from a parent), each pupil
   once. interest_answered_pct = interest_answered / pupils × 100.
   interested per domain (→ domains.{d}.interest_pct): of those pupils, the ones whose latest
   answer in the period names the domain; the latest is the one with the latest date, and on
   one date the one saved last (created_at, then id). interest_pct = interested /
   interest_answered × 100; null when nobody answered. "Iets anders" counts as an answer but
   names no domain.
   Every school, or one (?3; 0 every school): the first arm gives the answered pupils per
   school (domain_id NULL), the second the latest answers' domains per school and domain. */
static const char interest_sql[] =
    "WITH latest AS ("
    "  SELECT a.pupil_id, p.school_id,"
    "   (SELECT x.id FROM interest_answers x WHERE x.pupil_id = a.pupil_id"
    "     AND x.date BETWEEN ?1 AND ?2 ORDER BY x.date DESC, x.created_at DESC, x.id DESC"
    "     LIMIT 1) AS answer_id"
    "  FROM interest_answers a JOIN pupils p ON p.id = a.pupil_id"
    "  WHERE a.date BETWEEN ?1 AND ?2 AND (p.left_on IS NULL OR p.left_on > ?1)"
    "   AND (?3 = 0 OR p.school_id = ?3)"
    "  GROUP BY a.pupil_id)"
    " SELECT school_id, NULL, count(*) FROM latest GROUP BY school_id"
    " UNION ALL SELECT l.school_id, d.domain_id, count(*) FROM latest l"
    "  JOIN interest_answer_domains d ON d.answer_id = l.answer_id"
    "  GROUP BY l.school_id, d.domain_id";

static int read_interests(struct db *db, struct work *w)
{
    sqlite3_stmt *st = reports_period_stmt(db, interest_sql, &w->rep->query);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_school *s = report_school_of(w, sqlite3_column_int64(st, 0));
        if (!s)
            continue;
        int count = sqlite3_column_int(st, 2);
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            s->totals.interest_answered = count;
            continue;
        }
        int d = domain_index(w->rep, sqlite3_column_int64(st, 1));
        if (d >= 0)
            s->cells[d].interested = count;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* feedback_score: the mean score (1–3) of the pupils' feedback dated in the period (from
   through to) on the school's own activities (whichever school the pupil is of), 1 decimal;
   null when there is none. again_pct: of that feedback, the share whose answer to "Wil je dit
   nog eens doen?" is "ja", × 100, 1 decimal; null when there is none. An activity without a
   held session in the period still counts its feedback of the period (feedback is asked at a
   session that took place, so it has one unless the session was cancelled afterwards). */
static const char feedback_sql[] =
    "SELECT a.school_id, count(*), sum(f.score), sum(f.again) FROM feedback f"
    " JOIN activities a ON a.id = f.activity_id"
    " WHERE f.date BETWEEN ?1 AND ?2 AND (?3 = 0 OR a.school_id = ?3) GROUP BY a.school_id";

static int read_feedback(struct db *db, struct work *w)
{
    sqlite3_stmt *st = reports_period_stmt(db, feedback_sql, &w->rep->query);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_school *s = report_school_of(w, sqlite3_column_int64(st, 0));
        if (!s)
            continue;
        s->totals.feedback_n = sqlite3_column_int64(st, 1);
        s->totals.feedback_sum = sqlite3_column_int64(st, 2);
        s->totals.feedback_again = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int reports_read_voice(struct db *db, struct work *w)
{
    return read_interests(db, w) || read_feedback(db, w);
}
