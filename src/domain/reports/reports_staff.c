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
   sessions (not cancelled, dated from through upto) on whose date at least one of the
   activity's staff members has the level basis or vak valid (domain/offer/competence.h: the
   latest assessment on or before the date). Each staff member's assessments become spans
   [since, until) of one level, the next assessment's date ending a span (LEAD over the
   assessments). Read here: per activity the spans of a qualified level that reach into the
   period, ordered by their start; with ?1, of that school's activities. */
static const char qualified_spans_sql[] =
    "WITH spans AS (SELECT staff_id, level, assessed_on AS since,"
    " LEAD(assessed_on) OVER (PARTITION BY staff_id ORDER BY assessed_on) AS until"
    " FROM staff_levels)"
    " SELECT x.activity_id, sp.since, sp.until FROM spans sp"
    " JOIN activity_staff x ON x.staff_id = sp.staff_id"
    " WHERE sp.level IN ('basis', 'vak') AND sp.since <= ?3"
    " AND (sp.until IS NULL OR sp.until > ?2)"
    " AND (?1 = 0 OR x.activity_id IN (SELECT id FROM activities WHERE school_id = ?1))"
    " ORDER BY x.activity_id, sp.since";

/* The held sessions of activity ?1 dated ?2 through ?3 and before ?4 (NULL: no end). */
static const char sessions_in_span_sql[] =
    "SELECT count(*) FROM sessions WHERE activity_id = ?1 AND cancelled = 0"
    " AND date >= ?2 AND date <= ?3 AND (?4 IS NULL OR date < ?4)";

/* A span of qualified staff: [since, until), until "" when it has no end. */
struct span {
    char since[11], until[11];
};

/* Whether span b starts before span a ends (or right where it ends): one span then. */
static bool spans_touch(const struct span *a, const struct span *b)
{
    return !a->until[0] || strcmp(b->since, a->until) <= 0;
}

/* The held sessions of one activity within one merged span, clipped to the period. */
static int count_in_span(struct db *db, const struct report *rep, int64_t activity_id,
                         const struct span *sp)
{
    sqlite3_stmt *st = db_stmt(db, sessions_in_span_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, strcmp(sp->since, rep->query.from) > 0 ? sp->since : rep->query.from);
    db_bind_text(st, 3, rep->upto);
    db_bind_text(st, 4, sp->until[0] ? sp->until : NULL);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* The qualified held sessions of activity h, whose qualified spans (ordered by start) are
   spans[0..n). Spans that overlap are merged first, so that a session counts once. When one
   span covers the whole period, every held session is qualified (the report counted them):
   no session is read, which is every activity whose staff kept their level all period. */
static int qualified_of(struct db *db, const struct report *rep, const struct report_held *h,
                        struct span *spans, size_t n)
{
    size_t merged = 0;
    for (size_t i = 0; i < n; i++) {
        struct span *last = merged ? &spans[merged - 1] : NULL;
        if (last && spans_touch(last, &spans[i])) {
            if (last->until[0] && (!spans[i].until[0] || strcmp(spans[i].until, last->until) > 0))
                memcpy(last->until, spans[i].until, sizeof last->until);
        } else {
            spans[merged++] = spans[i];
        }
    }
    if (merged == 1 && strcmp(spans[0].since, rep->query.from) <= 0 &&
        (!spans[0].until[0] || strcmp(spans[0].until, rep->upto) > 0))
        return h->sessions;
    int qualified = 0;
    for (size_t i = 0; i < merged; i++) {
        int k = count_in_span(db, rep, h->activity_id, &spans[i]);
        if (k < 0)
            return -1;
        qualified += k;
    }
    return qualified;
}

/* Add the qualified sessions of activity h to its school and the coalition. */
static int add_qualified(struct db *db, const struct report *rep, const struct report_held *h,
                         struct span *spans, size_t n, struct report_staff_set *set)
{
    int qualified = qualified_of(db, rep, h, spans, n);
    struct report_staff *s = qualified < 0 ? NULL : row(set, h->school_id);
    if (!s)
        return -1;
    s->qualified_sessions += qualified;
    set->coalition.qualified_sessions += qualified;
    return 0;
}

/* Held sessions per school (the school's own activities, dated from through upto, not
   cancelled: rep's held), and those run on their date by a basis- or vakbekwaam staff member
   of their activity: the spans of each held activity, read in activity order, then counted
   per activity. */
static int read_sessions(struct db *db, const struct report *rep, struct report_staff_set *set)
{
    for (size_t i = 0; i < rep->n_held; i++) {
        struct report_staff *s = row(set, rep->held[i].school_id);
        if (!s)
            return -1;
        s->sessions += rep->held[i].sessions;
        set->coalition.sessions += rep->held[i].sessions;
    }
    sqlite3_stmt *st = db_stmt(db, qualified_spans_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, rep->query.school_id);
    db_bind_text(st, 2, rep->query.from);
    db_bind_text(st, 3, rep->upto);
    /* all spans first: counting a partly covered activity's sessions uses another statement */
    struct held_span {
        const struct report_held *h;
        struct span span;
    } *rows = NULL;
    size_t n = 0, cap = 0;
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct report_held *h = held_activity(rep, sqlite3_column_int64(st, 0));
        if (!h || (failed = ARRAY_RESERVE(rows, cap, n)))
            continue;
        rows[n].h = h;
        snprintf(rows[n].span.since, sizeof rows[n].span.since, "%s", db_col_text(st, 1));
        snprintf(rows[n].span.until, sizeof rows[n].span.until, "%s", db_col_text(st, 2));
        n++;
    }
    sqlite3_reset(st);
    failed = failed || rc != SQLITE_DONE;
    struct span *spans = failed ? NULL : malloc((n ? n : 1) * sizeof *spans);
    failed = failed || !spans;
    for (size_t i = 0; !failed && i < n;) {
        size_t k = 0;
        for (; i + k < n && rows[i + k].h == rows[i].h; k++)
            spans[k] = rows[i + k].span;
        failed = add_qualified(db, rep, rows[i].h, spans, k, set);
        i += k;
    }
    free(spans);
    free(rows);
    return failed ? -1 : 0;
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
