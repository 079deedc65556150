/* The staff figures (domain/reports_staff.h): held sessions by qualified staff, and external
   staff with a valid VOG, per school, each from one grouped query. */
#include "domain/reports/reports_staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/vog.h"
#include "domain/reports/reports_internal.h"
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

/* The held sessions per activity (dated ?1 through ?2, not cancelled; with ?3 the activities
   of that school only), from the summary tables (REPORTS_SESSIONS, bound by bind_held). */
#define HELD_SESSIONS                                                                            \
    "held AS (SELECT activity_id, sum(sessions) AS n FROM ("                                      \
    REPORTS_SESSIONS("?1", "?2", "?5", "?6", "?7", "?8")                                         \
    ") WHERE ?3 = 0 OR activity_id IN (SELECT id FROM activities WHERE school_id = ?3)"          \
    " GROUP BY activity_id)"

static void bind_held(sqlite3_stmt *st, const char *from, const char *upto)
{
    static const struct reports_session_params at = {1, 2, 5, 6, 7, 8};
    reports_bind_sessions(st, &at, from, upto);
}

/* Held sessions per school (the school's own activities, dated from through upto, not
   cancelled), and those whose activity has a basis- or vakbekwaam staff member. */
static int read_sessions(struct db *db, const struct report_query *q, const char *upto,
                         struct report_staff_set *set)
{
    sqlite3_stmt *st = db_stmt(
        db, "WITH " HELD_SESSIONS
            " SELECT a.school_id, sum(h.n), sum(CASE WHEN EXISTS (SELECT 1 FROM activity_staff x"
            "  JOIN staff st ON st.id = x.staff_id WHERE x.activity_id = a.id"
            "  AND st.level IN ('basis', 'vak')) THEN h.n ELSE 0 END)"
            " FROM held h JOIN activities a ON a.id = h.activity_id"
            " WHERE ?3 = 0 OR a.school_id = ?3 GROUP BY a.school_id ORDER BY a.school_id");
    if (!st)
        return -1;
    bind_held(st, q->from, upto);
    sqlite3_bind_int64(st, 3, q->school_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_staff *s = row(set, sqlite3_column_int64(st, 0));
        if (!s)
            break;
        s->sessions = sqlite3_column_int(st, 1);
        s->qualified_sessions = sqlite3_column_int(st, 2);
        set->coalition.sessions += s->sessions;
        set->coalition.qualified_sessions += s->qualified_sessions;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* External staff per school (running an activity of the school with a held session), and
   those with a VOG valid on upto (domain/offer/vog.h); then the coalition's, each staff member once (school 0). */
static int read_vog(struct db *db, const struct report_query *q, const char *upto,
                    int vog_valid_years, struct report_staff_set *set)
{
    char modifier[VOG_MODIFIER_SIZE];
    vog_modifier(vog_valid_years, modifier);
    sqlite3_stmt *st = db_stmt(
        db, "WITH " HELD_SESSIONS ", active AS (SELECT activity_id FROM held),"
            " pairs AS (SELECT DISTINCT a.school_id, st.id AS staff_id,"
            "  " VOG_VALID_ON_SQL("st.vog_date", "?2", "?4") " AS valid"
            "  FROM active x JOIN activities a ON a.id = x.activity_id"
            "  JOIN activity_staff y ON y.activity_id = a.id JOIN staff st ON st.id = y.staff_id"
            "  JOIN providers p ON p.id = st.provider_id"
            "  WHERE p.external = 1 AND (?3 = 0 OR a.school_id = ?3))"
            " SELECT school_id, count(*), sum(valid) FROM pairs GROUP BY school_id"
            " UNION ALL SELECT 0, count(DISTINCT staff_id),"
            "  count(DISTINCT CASE WHEN valid THEN staff_id END) FROM pairs");
    if (!st)
        return -1;
    bind_held(st, q->from, upto);
    sqlite3_bind_int64(st, 3, q->school_id);
    db_bind_text(st, 4, modifier);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t school_id = sqlite3_column_int64(st, 0);
        struct report_staff *s = school_id ? row(set, school_id) : &set->coalition;
        if (!s)
            break;
        s->external_staff = sqlite3_column_int(st, 1);
        s->vog_valid = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* What both queries read with, in one read transaction (reports_in_read). */
struct staff_read {
    const struct report_query *q;
    char upto[11];
    int vog_valid_years;
    struct report_staff_set *set;
};

static int read_both(struct db *db, void *ctx)
{
    const struct staff_read *r = ctx;
    return read_sessions(db, r->q, r->upto, r->set) ||
           read_vog(db, r->q, r->upto, r->vog_valid_years, r->set);
}

int report_staff_compute(struct db *db, const struct report_query *q, int vog_valid_years,
                         struct report_staff_set *out)
{
    memset(out, 0, sizeof *out);
    struct staff_read r = {.q = q, .vog_valid_years = vog_valid_years, .set = out};
    reports_upto(q, r.upto);
    if (reports_in_read(db, read_both, &r)) {
        report_staff_free(out);
        return -1;
    }
    return 0;
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

/* staff_qualified_pct = held sessions whose activity has basis- or vakbekwaam staff / held
   sessions × 100. */
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
