/* The staff figures (domain/reports_staff.h): from the held sessions per activity that the
   report computed (struct report's held), and two reads of the activities' staff: per
   activity its held sessions run on their date by a basis- or vakbekwaam staff member (the
   sessions of the qualified level spans only), and the external staff of each activity with
   their VOG's validity. */
#include "domain/reports/reports_staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/vog.h"
#include "domain/reports/reports_internal.h"
#include "util/array.h"
#include "util/date.h"

/* The row of school_id in set, added in id order when it is new; NULL when memory ran out. */
static struct report_staff *row(struct report_staff_set *set, int64_t school_id)
{
    void *rows = set->schools;
    struct report_staff *r =
        reports_school_row(&rows, &set->n_schools, sizeof *set->schools, school_id);
    set->schools = rows;
    return r;
}

/* The held activity with this id in rep, or NULL (not of the period, or of another school). */
static const struct report_held *held_activity(const struct report *rep, int64_t activity_id)
{
    return reports_find(rep->held, rep->n_held, sizeof *rep->held, activity_id);
}

/* staff_qualified_pct's numerator (domain/reports/reports_staff.h): per activity, its held
   sessions (not cancelled, dated ?2 through ?3) on whose date at least one of the activity's
   staff members has the level basis or vak valid (domain/offer/competence.h: the latest
   assessment on or before the date). Each staff member's assessments become spans [since,
   until) of one level, the next assessment's date ending a span (LEAD over the assessments);
   the sessions of a basis or vak span are found through sessions(activity_id, date), so only
   the sessions of the qualified spans are read, and a session within the spans of two staff
   members counts once (count DISTINCT). With ?1, of that school's activities. */
static const char qualified_sql[] =
    "WITH spans AS (SELECT staff_id, level, assessed_on AS since,"
    " LEAD(assessed_on) OVER (PARTITION BY staff_id ORDER BY assessed_on) AS until"
    " FROM staff_levels)"
    " SELECT x.activity_id, count(DISTINCT se.id) FROM spans sp"
    " JOIN activity_staff x ON x.staff_id = sp.staff_id"
    " JOIN sessions se ON se.activity_id = x.activity_id"
    " AND se.date >= max(sp.since, ?2) AND se.date <= ?3"
    " AND (sp.until IS NULL OR se.date < sp.until)"
    " WHERE sp.level IN ('basis', 'vak') AND se.cancelled = 0"
    " AND (?1 = 0 OR x.activity_id IN (SELECT id FROM activities WHERE school_id = ?1))"
    " GROUP BY x.activity_id ORDER BY x.activity_id";

/* Held sessions per school (the school's own activities, dated from through upto, not
   cancelled: rep's held), and those run on their date by a basis- or vakbekwaam staff member
   of their activity. */
static int read_sessions(struct db *db, const struct report *rep, struct report_staff_set *set)
{
    for (size_t i = 0; i < rep->n_held; i++) {
        struct report_staff *s = row(set, rep->held[i].school_id);
        if (!s)
            return -1;
        s->sessions += rep->held[i].sessions;
        set->coalition.sessions += rep->held[i].sessions;
    }
    sqlite3_stmt *st = db_stmt(db, qualified_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, rep->query.school_id);
    db_bind_text(st, 2, rep->query.from);
    db_bind_text(st, 3, rep->upto);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct report_held *h = held_activity(rep, sqlite3_column_int64(st, 0));
        if (!h)
            continue;
        struct report_staff *s = row(set, h->school_id);
        if (!s)
            break;
        int qualified = sqlite3_column_int(st, 1);
        s->qualified_sessions += qualified;
        set->coalition.qualified_sessions += qualified;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* One external staff member at a school, with a VOG valid on the reference day or not. */
struct staff_pair {
    int64_t school_id, staff_id;
    bool valid;
};

static int compare_by_school(const void *x, const void *y)
{
    const struct staff_pair *a = x, *b = y;
    if (a->school_id != b->school_id)
        return (a->school_id > b->school_id) - (a->school_id < b->school_id);
    return (a->staff_id > b->staff_id) - (a->staff_id < b->staff_id);
}

static int compare_by_staff(const void *x, const void *y)
{
    const struct staff_pair *a = x, *b = y;
    return (a->staff_id > b->staff_id) - (a->staff_id < b->staff_id);
}

/* Count the pairs (sorted by school and staff) once per school and staff member into set,
   then once per staff member into the coalition's. */
static int count_pairs(struct staff_pair *pairs, size_t n, struct report_staff_set *set)
{
    if (n > 1)
        qsort(pairs, n, sizeof *pairs, compare_by_school);
    for (size_t i = 0; i < n; i++) {
        if (i && !compare_by_school(&pairs[i - 1], &pairs[i]))
            continue;
        struct report_staff *s = row(set, pairs[i].school_id);
        if (!s)
            return -1;
        s->external_staff++;
        s->vog_valid += pairs[i].valid;
    }
    if (n > 1)
        qsort(pairs, n, sizeof *pairs, compare_by_staff);
    for (size_t i = 0; i < n; i++) {
        if (i && pairs[i - 1].staff_id == pairs[i].staff_id)
            continue;
        set->coalition.external_staff++;
        set->coalition.vog_valid += pairs[i].valid;
    }
    return 0;
}

/* The external staff of each activity, with their VOG's validity on ?2 (modifier ?3); with ?1,
   of the school's activities. */
static const char external_sql[] =
    "SELECT y.activity_id, st.id, " VOG_VALID_ON_SQL("st.vog_date", "?2", "?3")
    " FROM activity_staff y JOIN staff st ON st.id = y.staff_id"
    " JOIN providers p ON p.id = st.provider_id WHERE p.external = 1"
    " AND (?1 = 0 OR y.activity_id IN (SELECT id FROM activities WHERE school_id = ?1))";

/* External staff per school (running an activity of the school with a held session), and
   those with a VOG valid on upto (domain/offer/vog.h); then the coalition's, each staff member
   once. */
static int read_vog(struct db *db, const struct report *rep, int vog_valid_years,
                    struct report_staff_set *set)
{
    char modifier[VOG_MODIFIER_SIZE];
    vog_modifier(vog_valid_years, modifier);
    sqlite3_stmt *st = db_stmt(db, external_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, rep->query.school_id);
    db_bind_text(st, 2, rep->upto);
    db_bind_text(st, 3, modifier);
    struct staff_pair *pairs = NULL;
    size_t n = 0, cap = 0;
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct report_held *h = held_activity(rep, sqlite3_column_int64(st, 0));
        if (!h)
            continue;
        failed = ARRAY_RESERVE(pairs, cap, n);
        if (!failed)
            pairs[n++] = (struct staff_pair){h->school_id, sqlite3_column_int64(st, 1),
                                             sqlite3_column_int(st, 2) != 0};
    }
    sqlite3_reset(st);
    if (!failed && rc == SQLITE_DONE)
        failed = count_pairs(pairs, n, set);
    free(pairs);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* What both reads work with, in one read transaction (reports_in_read). */
struct staff_read {
    const struct report *rep;
    int vog_valid_years;
    struct report_staff_set *set;
};

static int read_both(struct db *db, void *ctx)
{
    const struct staff_read *r = ctx;
    return read_sessions(db, r->rep, r->set) ||
           read_vog(db, r->rep, r->vog_valid_years, r->set);
}

int report_staff_of(struct db *db, const struct report *rep, int vog_valid_years,
                    struct report_staff_set *out)
{
    memset(out, 0, sizeof *out);
    struct staff_read r = {.rep = rep, .vog_valid_years = vog_valid_years, .set = out};
    if (reports_in_read(db, read_both, &r)) {
        report_staff_free(out);
        return -1;
    }
    return 0;
}

int report_staff_compute(struct db *db, const struct report_query *q, int vog_valid_years,
                         struct report_staff_set *out)
{
    memset(out, 0, sizeof *out);
    struct report rep;
    if (report_compute(db, q, &rep))
        return -1;
    int rc = report_staff_of(db, &rep, vog_valid_years, out);
    report_free(&rep);
    return rc;
}

void report_staff_free(struct report_staff_set *set)
{
    free(set->schools);
    memset(set, 0, sizeof *set);
}

const struct report_staff *report_staff_school(const struct report_staff_set *set,
                                               int64_t school_id)
{
    static const struct report_staff none = {0};
    const struct report_staff *s = reports_find(set->schools, set->n_schools, sizeof *s, school_id);
    return s ? s : &none;
}

/* staff_qualified_pct = held sessions run on their date by a basis- or vakbekwaam staff member
   of their activity / held sessions × 100. */
bool report_staff_qualified_pct(const struct report_staff *s, double *out)
{
    return report_pct(s->qualified_sessions, s->sessions, out);
}

/* vog_valid_pct = external staff with a VOG valid on the reference day / external staff
   × 100. */
bool report_vog_valid_pct(const struct report_staff *s, double *out)
{
    return report_pct(s->vog_valid, s->external_staff, out);
}
