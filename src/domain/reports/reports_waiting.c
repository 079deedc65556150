/* Pupils waiting now and children unplaced after rounds (domain/reports_waiting.h), per
   school, each from one grouped query. */
#include "domain/reports/reports_waiting.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"

/* The row of school_id in set, added in id order when it is new; NULL when memory ran out. */
static struct report_waiting *row(struct report_waiting_set *set, int64_t school_id)
{
    void *rows = set->schools;
    struct report_waiting *r =
        reports_school_row(&rows, &set->n_schools, sizeof *set->schools, school_id);
    set->schools = rows;
    return r;
}

/* Step st (rows of school_id, count) into each school's waiting or unplaced (as `unplaced`
   says), and add them to the coalition's. */
static int read_counts(sqlite3_stmt *st, struct report_waiting_set *set, bool unplaced)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_waiting *w = row(set, sqlite3_column_int64(st, 0));
        if (!w)
            break;
        int n = sqlite3_column_int(st, 1);
        if (unplaced) {
            w->unplaced = n;
            set->coalition.unplaced += n;
        } else {
            w->waiting = n;
            set->coalition.waiting += n;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Pupils at school today with a 'waitlisted' enrolment in an activity that has not ended:
   every school's from the partial index of waiting-list enrolments (enrolments_waitlisted),
   one school's from its pupils (enrolments_pupil). */
static int read_waiting(struct db *db, const struct report_query *q,
                        struct report_waiting_set *set)
{
    sqlite3_stmt *st = db_stmt(
        db, q->school_id
                ? "SELECT p.school_id, count(DISTINCT p.id) FROM pupils p"
                  " JOIN enrolments e ON e.pupil_id = p.id AND e.status = 'waitlisted'"
                  " JOIN activities a ON a.id = e.activity_id"
                  " WHERE p.school_id = ?2 AND a.date_until >= ?1"
                  " AND (p.left_on IS NULL OR p.left_on > ?1) GROUP BY p.school_id"
                : "SELECT p.school_id, count(DISTINCT p.id) FROM enrolments e"
                  " JOIN pupils p ON p.id = e.pupil_id JOIN activities a ON a.id = e.activity_id"
                  " WHERE e.status = 'waitlisted' AND a.date_until >= ?1"
                  " AND (p.left_on IS NULL OR p.left_on > ?1)"
                  " GROUP BY p.school_id ORDER BY p.school_id");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->today);
    if (q->school_id)
        sqlite3_bind_int64(st, 2, q->school_id);
    return read_counts(st, set, false);
}

/* Pupils at school today whom a round closed in the period left unplaced (rounds.result
   "unplaced", by pupil key) and who are enrolled in none of that round's activities now. */
static int read_unplaced(struct db *db, const struct report_query *q,
                         struct report_waiting_set *set)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.school_id, count(DISTINCT p.id)"
            " FROM rounds r, json_each(r.result, '$.unplaced') u JOIN pupils p ON p.key = u.value"
            " WHERE r.result IS NOT NULL AND json_valid(r.result) AND r.closed_at IS NOT NULL"
            " AND substr(r.closed_at, 1, 10) BETWEEN ?1 AND ?2"
            " AND (p.left_on IS NULL OR p.left_on > ?3) AND (?4 = 0 OR p.school_id = ?4)"
            " AND NOT EXISTS (SELECT 1 FROM round_activities ra JOIN enrolments e"
            "  ON e.activity_id = ra.activity_id WHERE ra.round_id = r.id"
            "  AND e.pupil_id = p.id AND e.status = 'enrolled')"
            " GROUP BY p.school_id ORDER BY p.school_id");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, q->to);
    db_bind_text(st, 3, q->today);
    sqlite3_bind_int64(st, 4, q->school_id);
    return read_counts(st, set, true);
}

/* What both queries read with, in one read transaction (reports_in_read). */
struct waiting_read {
    const struct report_query *q;
    struct report_waiting_set *set;
};

static int read_both(struct db *db, void *ctx)
{
    const struct waiting_read *r = ctx;
    return read_waiting(db, r->q, r->set) || read_unplaced(db, r->q, r->set);
}

int report_waiting_compute(struct db *db, const struct report_query *q,
                           struct report_waiting_set *out)
{
    memset(out, 0, sizeof *out);
    struct waiting_read r = {q, out};
    if (reports_in_read(db, read_both, &r)) {
        report_waiting_free(out);
        return -1;
    }
    return 0;
}

void report_waiting_free(struct report_waiting_set *set)
{
    free(set->schools);
    memset(set, 0, sizeof *set);
}

const struct report_waiting *report_waiting_school(const struct report_waiting_set *set,
                                                   int64_t school_id)
{
    static const struct report_waiting none = {0};
    const struct report_waiting *s =
        reports_find(set->schools, set->n_schools, sizeof *s, school_id);
    return s ? s : &none;
}
