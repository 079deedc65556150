/* The staff figures (domain/reports_staff.h): held sessions by qualified staff, and external
   staff with a valid VOG, per school, each from one grouped query. */
#include "domain/reports_staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

/* The row of school_id in set, added in id order when it is new; NULL when memory ran out. */
static struct report_staff *row(struct report_staff_set *set, int64_t school_id)
{
    size_t lo = 0, hi = set->n_schools;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->schools[mid].school_id < school_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < set->n_schools && set->schools[lo].school_id == school_id)
        return &set->schools[lo];
    struct report_staff *grown = realloc(set->schools, (set->n_schools + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    set->schools = grown;
    memmove(&grown[lo + 1], &grown[lo], (set->n_schools - lo) * sizeof *grown);
    set->n_schools++;
    grown[lo] = (struct report_staff){.school_id = school_id};
    return &grown[lo];
}

/* Held sessions per school (the school's own activities, dated from through upto, not
   cancelled), and those whose activity has a basis- or vakbekwaam staff member. */
static int read_sessions(struct db *db, const struct report_query *q, const char *upto,
                         struct report_staff_set *set)
{
    sqlite3_stmt *st = db_stmt(
        db, "WITH held AS (SELECT activity_id, count(*) AS n FROM sessions"
            "  WHERE date BETWEEN ?1 AND ?2 AND cancelled = 0 GROUP BY activity_id)"
            " SELECT a.school_id, sum(h.n), sum(CASE WHEN EXISTS (SELECT 1 FROM activity_staff x"
            "  JOIN staff st ON st.id = x.staff_id WHERE x.activity_id = a.id"
            "  AND st.level IN ('basis', 'vak')) THEN h.n ELSE 0 END)"
            " FROM held h JOIN activities a ON a.id = h.activity_id"
            " WHERE ?3 = 0 OR a.school_id = ?3 GROUP BY a.school_id ORDER BY a.school_id");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, upto);
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
   those with a VOG valid on upto; then the coalition's, each staff member once (school 0). */
static int read_vog(struct db *db, const struct report_query *q, const char *upto,
                    int vog_valid_years, struct report_staff_set *set)
{
    char years[32];
    snprintf(years, sizeof years, "+%d years", vog_valid_years);
    sqlite3_stmt *st = db_stmt(
        db, "WITH active AS (SELECT DISTINCT activity_id FROM sessions"
            "  WHERE date BETWEEN ?1 AND ?2 AND cancelled = 0),"
            " pairs AS (SELECT DISTINCT a.school_id, st.id AS staff_id,"
            "  (st.vog_date IS NOT NULL AND st.vog_date <> '' AND st.vog_date <= ?2"
            "   AND date(st.vog_date, ?4, '-1 day') >= ?2) AS valid"
            "  FROM active x JOIN activities a ON a.id = x.activity_id"
            "  JOIN activity_staff y ON y.activity_id = a.id JOIN staff st ON st.id = y.staff_id"
            "  JOIN providers p ON p.id = st.provider_id"
            "  WHERE p.external = 1 AND (?3 = 0 OR a.school_id = ?3))"
            " SELECT school_id, count(*), sum(valid) FROM pairs GROUP BY school_id"
            " UNION ALL SELECT 0, count(DISTINCT staff_id),"
            "  count(DISTINCT CASE WHEN valid THEN staff_id END) FROM pairs");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, upto);
    sqlite3_bind_int64(st, 3, q->school_id);
    db_bind_text(st, 4, years);
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

int report_staff_compute(struct db *db, const struct report_query *q, int vog_valid_years,
                         struct report_staff_set *out)
{
    memset(out, 0, sizeof *out);
    char upto[11];
    snprintf(upto, sizeof upto, "%s", strcmp(q->to, q->today) < 0 ? q->to : q->today);
    bool own = sqlite3_get_autocommit(db_handle(db)) != 0;
    int rc = own ? db_exec(db, "BEGIN") : 0;
    if (rc == 0) {
        rc = read_sessions(db, q, upto, out) || read_vog(db, q, upto, vog_valid_years, out);
        if (own)
            db_exec(db, "COMMIT");
    }
    if (rc) {
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
    for (size_t lo = 0, hi = set->n_schools; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->schools[mid].school_id == school_id)
            return &set->schools[mid];
        if (set->schools[mid].school_id < school_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &none;
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
