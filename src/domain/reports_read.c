/* Reading a report's period (domain/reports.h) into work arrays: eight set-based queries, each
   stepped once, and the rest in memory with arrays sorted by id (no query per school, activity
   or pupil). The pass over the marks of the held sessions (read_marks) is the one whose cost
   grows with the data; the others read schools, pupils, activities, held sessions (from the
   index sessions_held alone) and the enrolments' history (index enrolment_history_time). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports_internal.h"
#include "util/date.h"

/* ---- work arrays ----------------------------------------------------------------------------- */

/* Make room for one more item in a growing array. 0, or -1 when memory ran out. */
static int reserve(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t next = *cap ? *cap * 2 : 64;
    void *grown = realloc(*items, next * size);
    if (!grown)
        return -1;
    *items = grown;
    *cap = next;
    return 0;
}
#define RESERVE(w, name)                                                                         \
    reserve((void **)&(w)->name, &(w)->cap_##name, (w)->n_##name, sizeof *(w)->name)

/* qsort that accepts an empty array (NULL items, n 0). */
static void reports_sort(void *items, size_t n, size_t size,
                         int (*compare)(const void *, const void *))
{
    if (n > 1)
        qsort(items, n, size, compare);
}

static int school_index(const struct work *w, int64_t school_id)
{
    const struct id_slot *s =
        reports_find(w->school_ids, w->rep->n_schools, sizeof *s, school_id);
    return s ? s->index : -1;
}

struct pupil *reports_find_pupil(const struct work *w, int64_t id)
{
    if (w->pupil_at) {
        int i = id >= 0 && id <= w->max_pupil_id ? w->pupil_at[id] : -1;
        return i >= 0 ? &w->pupils[i] : NULL;
    }
    return reports_find(w->pupils, w->n_pupils, sizeof *w->pupils, id);
}

/* A direct index from pupil id to pupil, for the pass over the marks, when the ids are not too
   sparse for it (they are row ids: normally 1 up to about the number of pupils). */
static void index_pupils(struct work *w)
{
    w->max_pupil_id = w->n_pupils ? w->pupils[w->n_pupils - 1].id : 0;
    if (w->max_pupil_id < 0 || (uint64_t)w->max_pupil_id > 4 * (uint64_t)w->n_pupils + 4096)
        return;
    w->pupil_at = malloc(((size_t)w->max_pupil_id + 1) * sizeof *w->pupil_at);
    if (!w->pupil_at)
        return; /* bsearch then */
    for (int64_t id = 0; id <= w->max_pupil_id; id++)
        w->pupil_at[id] = -1;
    for (size_t i = 0; i < w->n_pupils; i++)
        w->pupil_at[w->pupils[i].id] = (int)i;
}

static struct activity *find_activity(const struct work *w, int64_t id)
{
    return reports_find(w->activities, w->n_activities, sizeof *w->activities, id);
}

static char *copy(const char *s)
{
    char *c = strdup(s ? s : "");
    if (!c)
        abort(); /* a few bytes of names: out of memory here is not worth a path of its own */
    return c;
}

/* ---- the queries ----------------------------------------------------------------------------- */

/* The coalition's domains, by position: all of them count for coverage. */
static int read_domains(struct db *db, struct report *rep)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name FROM domains ORDER BY position, code");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (reserve((void **)&rep->domains, &cap, rep->n_domains, sizeof *rep->domains))
            break;
        struct report_domain *d = &rep->domains[rep->n_domains++];
        d->id = sqlite3_column_int64(st, 0);
        d->code = copy(db_col_text(st, 1));
        d->name = copy(db_col_text(st, 2));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int compare_slots(const void *x, const void *y)
{
    return reports_compare_ids(x, y);
}

/* The schools of the report, by name, each with its cells. */
static int read_schools(struct db *db, struct work *w)
{
    struct report *rep = w->rep;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, key, name, kind FROM schools"
                                   " WHERE ?1 = 0 OR id = ?1 ORDER BY name COLLATE NOCASE, id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, rep->query.school_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (reserve((void **)&rep->schools, &cap, rep->n_schools, sizeof *rep->schools))
            break;
        struct report_school *s = &rep->schools[rep->n_schools];
        memset(s, 0, sizeof *s);
        s->cells = calloc(rep->n_domains ? rep->n_domains : 1, sizeof *s->cells);
        if (!s->cells)
            break;
        rep->n_schools++;
        s->id = sqlite3_column_int64(st, 0);
        s->key = copy(db_col_text(st, 1));
        s->name = copy(db_col_text(st, 2));
        s->kind = copy(db_col_text(st, 3));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    w->school_ids = malloc((rep->n_schools ? rep->n_schools : 1) * sizeof *w->school_ids);
    if (!w->school_ids)
        return -1;
    for (size_t i = 0; i < rep->n_schools; i++)
        w->school_ids[i] = (struct id_slot){rep->schools[i].id, (int)i};
    reports_sort(w->school_ids, rep->n_schools, sizeof *w->school_ids, compare_slots);
    return 0;
}

/* The grade row of school s for grade, appended when the pupils reach a new grade (they come
   by school and grade). Its index, or -1 when memory ran out. */
static int grade_row(struct report_school *s, int grade)
{
    if (s->n_grades && s->grades[s->n_grades - 1].grade == grade)
        return (int)s->n_grades - 1;
    struct report_grade *grown = realloc(s->grades, (s->n_grades + 1) * sizeof *grown);
    if (!grown)
        return -1;
    s->grades = grown;
    s->grades[s->n_grades] = (struct report_grade){grade, 0, 0};
    return (int)s->n_grades++;
}

/* Pupils of the school: the pupils whose school it is and who had not left before the
   period's first day (left_on is NULL or after it). With one school, also the pupils of other
   schools enrolled in its activities (they count among its activities' participants). */
static int read_pupils(struct db *db, struct work *w)
{
    const struct report_query *q = &w->rep->query;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT id, school_id, grade, priority, left_on FROM pupils"
            " WHERE (left_on IS NULL OR left_on > ?1) AND (?2 = 0 OR school_id = ?2 OR id IN"
            "  (SELECT e.pupil_id FROM enrolments e JOIN activities a ON a.id = e.activity_id"
            "   WHERE a.school_id = ?2))"
            " ORDER BY school_id, grade, id");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    sqlite3_bind_int64(st, 2, q->school_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (RESERVE(w, pupils))
            break;
        struct pupil *p = &w->pupils[w->n_pupils++];
        p->id = sqlite3_column_int64(st, 0);
        p->school = school_index(w, sqlite3_column_int64(st, 1));
        p->priority = sqlite3_column_int(st, 3) != 0;
        p->participant = false;
        p->left_day = sqlite3_column_type(st, 4) == SQLITE_NULL
                          ? INT32_MAX
                          : reports_day_of(db_col_text(st, 4), INT32_MAX);
        p->minutes = 0;
        int grade = sqlite3_column_int(st, 2);
        p->grade = p->school < 0 ? -1 : grade_row(&w->rep->schools[p->school], grade);
        if (p->school >= 0 && p->grade < 0)
            break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    reports_sort(w->pupils, w->n_pupils, sizeof *w->pupils, reports_compare_ids);
    index_pupils(w);
    return 0;
}

/* Every activity with its school; with one school, the activities of other schools that are
   not open to the coalition are out of scope (none of the school's pupils can be in them). */
static int read_activities(struct db *db, struct work *w)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, school_id, open_to = 'coalition' FROM activities"
                                   " ORDER BY id");
    if (!st)
        return -1;
    int64_t only = w->rep->query.school_id;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (RESERVE(w, activities))
            break;
        struct activity *a = &w->activities[w->n_activities++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        int64_t school_id = sqlite3_column_int64(st, 1);
        a->school = school_index(w, school_id);
        a->in_scope = only == 0 || school_id == only || sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int compare_session_days(const void *x, const void *y)
{
    const struct session *a = x, *b = y;
    if (a->activity != b->activity)
        return (a->activity > b->activity) - (a->activity < b->activity);
    return (a->day > b->day) - (a->day < b->day);
}

static int compare_sessions(const void *x, const void *y) { return reports_compare_ids(x, y); }

/* Held sessions: dated in the period and not after today (?2 is the earlier of the period's
   end and today), not cancelled. Their activities are the activities of the period. Read from
   the index sessions_held alone; each activity gets its held days, ascending. */
static int read_sessions(struct db *db, struct work *w)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, activity_id, date, start_time, end_time"
                                   " FROM sessions WHERE date BETWEEN ?1 AND ?2 AND cancelled = 0");
    if (!st)
        return -1;
    db_bind_text(st, 1, w->rep->query.from);
    db_bind_text(st, 2, w->rep->upto);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct activity *a = find_activity(w, sqlite3_column_int64(st, 1));
        if (!a || !a->in_scope)
            continue;
        if (RESERVE(w, sessions))
            break;
        w->sessions[w->n_sessions++] = (struct session){
            sqlite3_column_int64(st, 0), (int)(a - w->activities),
            reports_day_of(db_col_text(st, 2), 0),
            reports_duration(db_col_text(st, 3), db_col_text(st, 4))};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    reports_sort(w->sessions, w->n_sessions, sizeof *w->sessions, compare_session_days);
    w->days = malloc((w->n_sessions ? w->n_sessions : 1) * sizeof *w->days);
    if (!w->days)
        return -1;
    for (size_t i = 0; i < w->n_sessions; i++) {
        struct activity *a = &w->activities[w->sessions[i].activity];
        if (!a->sessions++)
            a->first_day = i;
        a->n_days++;
        w->days[i] = w->sessions[i].day;
    }
    w->n_days = w->n_sessions;
    reports_sort(w->sessions, w->n_sessions, sizeof *w->sessions, compare_sessions);
    return 0;
}

/* The domains of the activities of the period (an activity may have several). */
static int read_activity_domains(struct db *db, struct work *w)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT activity_id, domain_id FROM activity_domains"
                                   " ORDER BY activity_id, domain_id");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct activity *a = find_activity(w, sqlite3_column_int64(st, 0));
        if (!a || !a->sessions)
            continue;
        int64_t domain_id = sqlite3_column_int64(st, 1);
        size_t d = 0;
        while (d < w->rep->n_domains && w->rep->domains[d].id != domain_id)
            d++;
        if (d == w->rep->n_domains)
            continue;
        if (RESERVE(w, domains))
            break;
        if (!a->n_domains)
            a->first_domain = w->n_domains;
        w->domains[w->n_domains++] = (int)d;
        a->n_domains++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- participants by the register's rule ----------------------------------------------------- */

/* Does activity a have a held day in [first, last]? */
static bool held_between(const struct work *w, const struct activity *a, int32_t first,
                         int32_t last)
{
    const int32_t *days = w->days + a->first_day;
    size_t lo = 0, hi = a->n_days; /* the first held day >= first */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->n_days && days[lo] <= last;
}

static int add_pair(struct work *w, int64_t pupil_id, int activity)
{
    if (RESERVE(w, pairs))
        return -1;
    w->pairs[w->n_pairs++] = (struct pair){pupil_id, activity};
    return 0;
}

/* An enrolment of pupil_id in activity_id was 'enrolled' from day first through day last
   (INT32_MAX: still): the pupil is a participant when the activity held a session on one of
   those days while the pupil had not left the school. */
static int enrolled_span(struct work *w, int64_t pupil_id, int64_t activity_id, int32_t first,
                         int32_t last)
{
    const struct pupil *p = reports_find_pupil(w, pupil_id);
    const struct activity *a = find_activity(w, activity_id);
    if (!p || !a || !a->sessions)
        return 0;
    if (p->left_day != INT32_MAX && p->left_day - 1 < last)
        last = p->left_day - 1;
    return held_between(w, a, first, last) ? add_pair(w, pupil_id, (int)(a - w->activities)) : 0;
}

static int span_pair(void *ctx, int64_t pupil_id, int64_t activity_id, int32_t first,
                     int32_t last)
{
    return enrolled_span(ctx, pupil_id, activity_id, first, last);
}

/* Participants by the register's rule (reports_read_enrolled); enrolments in activities that
   are not of the period drop out in enrolled_span. */
static int read_enrolments(struct db *db, struct work *w)
{
    return reports_read_enrolled(db, span_pair, w);
}

static int compare_pairs(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    if (a->pupil_id != b->pupil_id)
        return (a->pupil_id > b->pupil_id) - (a->pupil_id < b->pupil_id);
    return (a->activity > b->activity) - (a->activity < b->activity);
}

/* Sort the pairs and drop the repeated ones. */
static void unique_pairs(struct work *w)
{
    reports_sort(w->pairs, w->n_pairs, sizeof *w->pairs, compare_pairs);
    size_t n = 0;
    for (size_t i = 0; i < w->n_pairs; i++)
        if (!n || compare_pairs(&w->pairs[n - 1], &w->pairs[i]))
            w->pairs[n++] = w->pairs[i];
    w->n_pairs = n;
}

/* ---- the marks ------------------------------------------------------------------------------- */

/* One mark at a held session: counted for the activity (attendance, involvement, attended
   minutes) and, when present, as the pupil's hours. A marked pupil is a participant of the
   activity (the mark was taken from the register). */
static int count_mark(struct work *w, const struct session *s, struct pupil *p, char status,
                      bool has_involvement, int involvement)
{
    struct activity *a = &w->activities[s->activity];
    if (status == 'p') {
        a->present++;
        a->minutes += s->minutes;
        if (p)
            p->minutes += s->minutes;
    } else if (status == 'a') {
        a->absent++;
    } else {
        a->excused++;
    }
    if (has_involvement) {
        a->involvement_sum += involvement;
        a->involvement_n++;
    }
    if (!p)
        return 0;
    size_t i = (size_t)(p - w->pupils);
    for (size_t k = w->pupil_pairs[i]; k < w->pupil_pairs[i + 1]; k++)
        if (w->pairs[k].activity == s->activity)
            return 0; /* on the register already */
    if (w->n_pairs > w->n_registered && w->pairs[w->n_pairs - 1].pupil_id == p->id &&
        w->pairs[w->n_pairs - 1].activity == s->activity)
        return 0; /* the same pair as the last mark */
    return add_pair(w, p->id, s->activity);
}

/* Where each pupil's registered pairs start (the pairs are sorted by pupil, as the pupils). */
static int index_pairs(struct work *w)
{
    w->pupil_pairs = malloc((w->n_pupils + 1) * sizeof *w->pupil_pairs);
    if (!w->pupil_pairs)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < w->n_pupils; i++) {
        while (k < w->n_registered && w->pairs[k].pupil_id < w->pupils[i].id)
            k++;
        w->pupil_pairs[i] = k;
    }
    w->pupil_pairs[w->n_pupils] = w->n_registered;
    return 0;
}

/* Every mark at a held session of the period, in one pass (sessions out of scope drop out at
   the lookup). */
static int read_marks(struct db *db, struct work *w)
{
    const struct report_query *q = &w->rep->query;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT t.session_id, t.pupil_id, t.status, t.involvement"
            " FROM sessions s JOIN attendance t ON t.session_id = s.id"
            " WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0");
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, w->rep->upto);
    const struct session *s = NULL;
    struct pupil *p = NULL;
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t session_id = sqlite3_column_int64(st, 0), pupil_id = sqlite3_column_int64(st, 1);
        if (!s || s->id != session_id)
            s = reports_find(w->sessions, w->n_sessions, sizeof *w->sessions, session_id);
        if (!s)
            continue;
        if (!p || p->id != pupil_id)
            p = reports_find_pupil(w, pupil_id);
        const char *status = db_col_text(st, 2);
        bool has_involvement = sqlite3_column_type(st, 3) != SQLITE_NULL;
        failed = count_mark(w, s, p, status[0], has_involvement, sqlite3_column_int(st, 3));
    }
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* ---- all of it ------------------------------------------------------------------------------- */

void reports_work_free(struct work *w)
{
    free(w->school_ids);
    free(w->pupils);
    free(w->pupil_at);
    free(w->pupil_pairs);
    free(w->activities);
    free(w->days);
    free(w->domains);
    free(w->sessions);
    free(w->pairs);
}

int reports_read(struct db *db, struct work *w)
{
    if (read_domains(db, w->rep) || read_schools(db, w) || read_pupils(db, w) ||
        read_activities(db, w) || read_sessions(db, w) || read_activity_domains(db, w) ||
        read_enrolments(db, w))
        return -1;
    unique_pairs(w);
    w->n_registered = w->n_pairs;
    if (index_pairs(w) || read_marks(db, w))
        return -1;
    unique_pairs(w); /* with the pairs only a mark showed */
    return 0;
}
