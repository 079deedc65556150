/* Reading a report's period (domain/reports.h) into work arrays: set-based queries, each
   stepped once, and the rest in memory with arrays sorted by id (no query per school, activity
   or pupil). The held sessions and their marks come from the summary tables (domain/tally.h):
   whole months per activity, the days around them per session; the participants and their
   minutes present per pupil and school year (what each pupil did in the year when the period
   covers it from its first day, else the pupil's days). No attendance mark is read here. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/reports/reports_internal.h"
#include "domain/reports/tally.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- work arrays ----------------------------------------------------------------------------- */

/* Room for one more item in the work array w->name (with its n_ and cap_ fields). */
#define RESERVE(w, name) ARRAY_RESERVE((w)->name, (w)->cap_##name, (w)->n_##name)

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

/* A direct index from id to position, when the ids (row ids: normally 1 up to about the
   number of items) are not too sparse for it; else the finders use bsearch, and the items must
   be sorted by id, their first member. True when the index was made. */
static bool index_ids(struct id_index *index, const void *items, size_t n, size_t size)
{
    index->at = NULL;
    index->max = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = *(const int64_t *)((const char *)items + i * size);
        if (id < 0)
            return false;
        if (id > index->max)
            index->max = id;
    }
    if ((uint64_t)index->max > 4 * (uint64_t)n + 4096)
        return false;
    index->at = malloc(((size_t)index->max + 1) * sizeof *index->at);
    if (!index->at)
        return false; /* bsearch then */
    for (int64_t id = 0; id <= index->max; id++)
        index->at[id] = -1;
    for (size_t i = 0; i < n; i++)
        index->at[*(const int64_t *)((const char *)items + i * size)] = (int)i;
    return true;
}

/* The item with this id: through the direct index when there is one. */
static void *find_indexed(const struct id_index *index, const void *items, size_t n,
                          size_t size, int64_t id)
{
    if (!index->at)
        return reports_find(items, n, size, id);
    int i = id >= 0 && id <= index->max ? index->at[id] : -1;
    return i >= 0 ? (char *)items + (size_t)i * size : NULL;
}

struct pupil *reports_find_pupil(const struct work *w, int64_t id)
{
    return find_indexed(&w->pupil_index, w->pupils, w->n_pupils, sizeof *w->pupils, id);
}

static struct activity *find_activity(const struct work *w, int64_t id)
{
    return find_indexed(&w->activity_index, w->activities, w->n_activities,
                        sizeof *w->activities, id);
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
        if (ARRAY_RESERVE(rep->domains, cap, rep->n_domains))
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
        if (ARRAY_RESERVE(rep->schools, cap, rep->n_schools))
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

/* A pupil's grade in the report: the grade the pupil had on the period's first day (?1). A
   rollover (domain/people/rollover.h) keeps the grade each pupil had until 31 July in
   pupil_grades before moving it up, so a report of a past period groups its pupils as it did
   before the rollover. Without such rows for the period (no rollover after its first day)
   the pupil's grade is the current one, read with the pupils from the index pupils_report. */
#define GRADE_NOW "grade"
#define GRADE_THEN                                                                                 \
    "coalesce((SELECT g.grade FROM pupil_grades g WHERE g.pupil_id = pupils.id"                  \
    " AND g.until >= ?1 ORDER BY g.until LIMIT 1), grade)"

/* Pupils of the school: the pupils whose school it is and who had not left before the
   period's first day (left_on is NULL or after it). With one school, also the pupils of other
   schools enrolled in its activities (they count among its activities' participants): read
   through the indexes on school and on activity, not by a pass over every pupil. */
#define EVERY_PUPIL_SQL(grade)                                                                     \
    "SELECT id, school_id, " grade " AS grade, priority, left_on FROM pupils"                    \
    " WHERE left_on IS NULL OR left_on > ?1 ORDER BY school_id, grade, id"
#define SCHOOL_PUPILS_SQL(grade)                                                                   \
    "SELECT id, school_id, " grade " AS grade, priority, left_on FROM pupils"                    \
    " WHERE school_id = ?2 AND (left_on IS NULL OR left_on > ?1)"                                \
    " UNION ALL SELECT id, school_id, " grade " AS grade, priority, left_on FROM pupils"         \
    " WHERE id IN (SELECT e.pupil_id FROM activities a JOIN enrolments e"                        \
    "  ON e.activity_id = a.id WHERE a.school_id = ?2)"                                          \
    " AND school_id <> ?2 AND (left_on IS NULL OR left_on > ?1)"                                 \
    " ORDER BY 2, 3, 1"

/* With activity_ids (?3): of those pupils, the ones who may have taken part in one of them
   (enrolled in it, or marked at one of its sessions); the rest cannot count for them. */
#define CANDIDATE_PUPILS_SQL(grade)                                                                \
    "SELECT id, school_id, " grade " AS grade, priority, left_on FROM pupils"                    \
    " WHERE id IN (SELECT e.pupil_id FROM enrolments e"                                          \
    "  WHERE e.activity_id IN (SELECT value FROM json_each(?3))"                                 \
    "  UNION SELECT m.pupil_id FROM sessions s JOIN attendance m ON m.session_id = s.id"         \
    "  WHERE s.activity_id IN (SELECT value FROM json_each(?3)))"                                \
    " AND (left_on IS NULL OR left_on > ?1)"                                                     \
    " AND (?2 = 0 OR school_id = ?2 OR id IN (SELECT e.pupil_id FROM activities a"              \
    "  JOIN enrolments e ON e.activity_id = a.id WHERE a.school_id = ?2))"                      \
    " ORDER BY school_id, grade, id"

/* The statement reading the report's pupils: [grades from the past][which pupils]. */
static const char *const pupils_sql[2][3] = {
    {EVERY_PUPIL_SQL(GRADE_NOW), SCHOOL_PUPILS_SQL(GRADE_NOW), CANDIDATE_PUPILS_SQL(GRADE_NOW)},
    {EVERY_PUPIL_SQL(GRADE_THEN), SCHOOL_PUPILS_SQL(GRADE_THEN),
     CANDIDATE_PUPILS_SQL(GRADE_THEN)},
};

/* Whether a rollover moved pupils up after the period's first day: 1, 0, or -1 on error. */
static int grades_from_the_past(struct db *db, const char *from)
{
    return (int)db_int_text(db, "SELECT 1 FROM rollovers WHERE starts_on > ?1 LIMIT 1", from, 0,
                            0, 0);
}

static int read_pupils(struct db *db, struct work *w)
{
    const struct report_query *q = &w->rep->query;
    int past = grades_from_the_past(db, q->from);
    if (past < 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, pupils_sql[past][q->activity_ids ? 2 : q->school_id ? 1 : 0]);
    if (!st)
        return -1;
    db_bind_text(st, 1, q->from);
    if (q->school_id || q->activity_ids)
        sqlite3_bind_int64(st, 2, q->school_id);
    if (q->activity_ids)
        db_bind_text(st, 3, q->activity_ids);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (RESERVE(w, pupils))
            break;
        struct pupil *p = &w->pupils[w->n_pupils++];
        p->id = sqlite3_column_int64(st, 0);
        p->school = school_index(w, sqlite3_column_int64(st, 1));
        p->priority = sqlite3_column_int(st, 3) != 0;
        p->participant = false;
        p->by_days = false;
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
    /* They come by school and grade: sorted by id only when bsearch has to find them. */
    if (!index_ids(&w->pupil_index, w->pupils, w->n_pupils, sizeof *w->pupils))
        reports_sort(w->pupils, w->n_pupils, sizeof *w->pupils, reports_compare_ids);
    if (q->school_id || q->activity_ids)
        w->pupil_ids = reports_ids_json(w->pupils, w->n_pupils, sizeof *w->pupils);
    return 0;
}

/* Every activity with its school; with one school, only its own and those of other schools
   that are open to the coalition: the rest are out of scope (none of the school's pupils can be
   in them), so they are not read. */
static int read_activities(struct db *db, struct work *w)
{
    int64_t only = w->rep->query.school_id;
    const char *ids = w->rep->query.activity_ids;
    sqlite3_stmt *st = db_stmt(db, ids    ? "SELECT id, school_id, open_to = 'coalition'"
                                            " FROM activities WHERE id IN"
                                            " (SELECT value FROM json_each(?2)) ORDER BY id"
                                   : only ? "SELECT id, school_id, open_to = 'coalition'"
                                            " FROM activities WHERE school_id = ?1"
                                            " OR open_to = 'coalition' ORDER BY id"
                                          : "SELECT id, school_id, open_to = 'coalition'"
                                            " FROM activities ORDER BY id");
    if (!st)
        return -1;
    if (ids)
        db_bind_text(st, 2, ids);
    else if (only)
        sqlite3_bind_int64(st, 1, only);
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
    if (rc != SQLITE_DONE)
        return -1;
    index_ids(&w->activity_index, w->activities, w->n_activities, sizeof *w->activities);
    return 0;
}

/* ---- the activities' sessions and marks, from the tallies ------------------------------------ */

/* Held sessions: dated in the period and not after today (rep->upto), not cancelled; their
   activities are the activities of the period. Whole months per activity, the days around them
   per session (REPORTS_SESSIONS), each row into its activity when in scope. With one school,
   those of its own activities only (REPORTS_SCHOOL_SESSIONS): an activity of another school
   counts for that school, not for this one, so its sessions and marks are not needed. */
static int read_activity_counts(struct db *db, struct work *w)
{
    if (w->upto < w->from)
        return 0;
    const struct report_query *q = &w->rep->query;
    sqlite3_stmt *st = db_stmt(
        db, q->activity_ids ? REPORTS_SOME_SESSIONS("?1", "?2", "?3", "?4", "?5", "?6",
                                                    "a.id IN (SELECT value FROM json_each(?7))")
            : q->school_id  ? REPORTS_SOME_SESSIONS("?1", "?2", "?3", "?4", "?5", "?6",
                                                    "a.school_id = ?7")
                            : REPORTS_SESSIONS("?1", "?2", "?3", "?4", "?5", "?6"));
    if (!st)
        return -1;
    static const struct reports_session_params at = {1, 2, 3, 4, 5, 6};
    reports_bind_sessions(st, &at, q->from, w->rep->upto);
    if (q->activity_ids)
        db_bind_text(st, 7, q->activity_ids);
    else if (q->school_id)
        sqlite3_bind_int64(st, 7, q->school_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct activity *a = find_activity(w, sqlite3_column_int64(st, 0));
        if (!a || !a->in_scope)
            continue;
        a->sessions += sqlite3_column_int(st, 1);
        a->present += sqlite3_column_int64(st, 3);
        a->absent += sqlite3_column_int64(st, 4);
        a->excused += sqlite3_column_int64(st, 5);
        a->involvement_sum += sqlite3_column_int64(st, 6);
        a->involvement_n += sqlite3_column_int64(st, 7);
        a->minutes += sqlite3_column_int64(st, 8);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The domains of the activities of the period (an activity may have several); with one
   school, of its own activities (the only ones with sessions counted). */
static int read_activity_domains(struct db *db, struct work *w)
{
    const struct report_query *q = &w->rep->query;
    sqlite3_stmt *st = db_stmt(
        db, q->activity_ids ? "SELECT activity_id, domain_id FROM activity_domains"
                              " WHERE activity_id IN (SELECT value FROM json_each(?1))"
                              " ORDER BY activity_id, domain_id"
            : q->school_id  ? "SELECT activity_id, domain_id FROM activity_domains"
                              " WHERE activity_id IN"
                              "  (SELECT id FROM activities WHERE school_id = ?1)"
                              " ORDER BY activity_id, domain_id"
                            : "SELECT activity_id, domain_id FROM activity_domains"
                              " ORDER BY activity_id, domain_id");
    if (!st)
        return -1;
    if (q->activity_ids)
        db_bind_text(st, 1, q->activity_ids);
    else if (q->school_id)
        sqlite3_bind_int64(st, 1, q->school_id);
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

/* ---- the participants and their hours, from the tallies -------------------------------------- */

static int add_pair(struct work *w, int64_t pupil_id, int activity)
{
    if (w->n_pairs && w->pairs[w->n_pairs - 1].pupil_id == pupil_id &&
        w->pairs[w->n_pairs - 1].activity == activity)
        return 0; /* the same pair as the last one */
    if (RESERVE(w, pairs))
        return -1;
    w->pairs[w->n_pairs++] = (struct pair){pupil_id, activity};
    return 0;
}

/* A pupil's days taken part in one school year (a packed events array): each day of the
   period in an activity in scope makes the pupil a participant of it, with its minutes. */
static int add_events(struct work *w, struct pupil *p, const unsigned char *events, size_t n,
                      int32_t year_start)
{
    const struct activity *a = NULL;
    for (size_t i = 0; i < n; i++) {
        struct tally_event e;
        tally_event_at(events, i, year_start, &e);
        if (e.day < w->from || e.day > w->upto)
            continue;
        if (!a || a->id != e.activity_id)
            a = find_activity(w, e.activity_id);
        if (!a || !a->in_scope)
            continue;
        p->minutes += e.minutes;
        if (add_pair(w, p->id, (int)(a - w->activities)))
            return -1;
    }
    return 0;
}

/* The statement of a summary table's rows of one year (?1), of every pupil or (with ids) of
   the pupils in the JSON array ?2, through the primary key (year, pupil_id). */
static sqlite3_stmt *year_rows(struct db *db, const char *every_sql, const char *some_sql,
                               int year, const char *ids)
{
    sqlite3_stmt *st = db_stmt(db, ids ? some_sql : every_sql);
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, year);
    if (ids)
        db_bind_text(st, 2, ids);
    return st;
}

/* Every pupil's days in the school year from year_start that fall in the period; with ids (a
   JSON array), those pupils'; with only_by_days, those of the pupils marked by_days. */
static int read_year_events(struct db *db, struct work *w, int year, int32_t year_start,
                            const char *ids, bool only_by_days)
{
    sqlite3_stmt *st = year_rows(db, "SELECT pupil_id, events FROM tally_pupil_events"
                                     " WHERE year = ?1",
                                 "SELECT pupil_id, events FROM tally_pupil_events"
                                 " WHERE year = ?1 AND pupil_id IN"
                                 " (SELECT value FROM json_each(?2))",
                                 year, ids);
    if (!st)
        return -1;
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pupil *p = reports_find_pupil(w, sqlite3_column_int64(st, 0));
        if (!p || (only_by_days && !p->by_days))
            continue;
        const unsigned char *events = sqlite3_column_blob(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1) / TALLY_EVENT_SIZE;
        failed = add_events(w, p, events, n, year_start);
    }
    sqlite3_reset(st);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

/* A pupil's activities of a school year that the period covers from its first day (a packed
   acts array) into pairs and minutes. 1 when a day present lies after rep->upto (today, in the
   current year): then the pupil's days are needed instead. 0, or -1 when memory ran out. */
static int add_acts(struct work *w, struct pupil *p, const unsigned char *acts, size_t n,
                    int32_t year_start)
{
    size_t first_pair = w->n_pairs;
    int64_t minutes = 0;
    for (size_t i = 0; i < n; i++) {
        struct tally_act act;
        tally_act_at(acts, i, year_start, &act);
        const struct activity *a = find_activity(w, act.activity_id);
        if (!a || !a->in_scope || act.first_day > w->upto)
            continue;
        if (act.last_present > w->upto) {
            w->n_pairs = first_pair;
            return 1;
        }
        minutes += act.minutes;
        if (add_pair(w, p->id, (int)(a - w->activities)))
            return -1;
    }
    p->minutes += minutes;
    return 0;
}

/* Up to this many pupils with a day present after the period are read by their ids; more in
   one pass over the year's days (a period that ends inside a school year wholly in the past). */
enum { FEW_BY_DAYS = 256 };

/* Every pupil's activities of the school year from year_start, which the period covers from
   its first day; the pupils with a day present after rep->upto (in the current year: marks
   dated after today, which are rare) from their days. */
static int read_year_acts(struct db *db, struct work *w, int year, int32_t year_start)
{
    sqlite3_stmt *st = year_rows(db, "SELECT pupil_id, acts FROM tally_pupil_year WHERE year = ?1",
                                 "SELECT pupil_id, acts FROM tally_pupil_year WHERE year = ?1"
                                 " AND pupil_id IN (SELECT value FROM json_each(?2))",
                                 year, w->pupil_ids);
    if (!st)
        return -1;
    int64_t *later = NULL;
    size_t n_later = 0, cap_later = 0;
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pupil *p = reports_find_pupil(w, sqlite3_column_int64(st, 0));
        if (!p)
            continue;
        const unsigned char *acts = sqlite3_column_blob(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1) / TALLY_ACT_SIZE;
        int added = add_acts(w, p, acts, n, year_start);
        if (added == 1) {
            p->by_days = true;
            failed = ARRAY_RESERVE(later, cap_later, n_later);
            if (!failed)
                later[n_later++] = p->id;
        } else {
            failed = added;
        }
    }
    sqlite3_reset(st);
    if (!failed && n_later > FEW_BY_DAYS) {
        failed = read_year_events(db, w, year, year_start, w->pupil_ids, true);
    } else if (!failed && n_later) {
        char *ids = reports_ids_json(later, n_later, sizeof *later);
        failed = read_year_events(db, w, year, year_start, ids, false);
        free(ids);
    }
    for (size_t i = 0; i < n_later; i++)
        reports_find_pupil(w, later[i])->by_days = false;
    free(later);
    return failed || rc != SQLITE_DONE ? -1 : 0;
}

static int compare_pairs(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    if (a->pupil_id != b->pupil_id)
        return (a->pupil_id > b->pupil_id) - (a->pupil_id < b->pupil_id);
    return (a->activity > b->activity) - (a->activity < b->activity);
}

/* Sort the pairs (when they are not yet) and drop the repeated ones. */
static void unique_pairs(struct work *w)
{
    bool sorted = true;
    for (size_t i = 1; sorted && i < w->n_pairs; i++)
        sorted = compare_pairs(&w->pairs[i - 1], &w->pairs[i]) <= 0;
    if (!sorted)
        reports_sort(w->pairs, w->n_pairs, sizeof *w->pairs, compare_pairs);
    size_t n = 0;
    for (size_t i = 0; i < w->n_pairs; i++)
        if (!n || compare_pairs(&w->pairs[n - 1], &w->pairs[i]))
            w->pairs[n++] = w->pairs[i];
    w->n_pairs = n;
}

/* Participants and their minutes present: for each school year the period touches, from the
   pupils' activities when the period covers the year from its first day, else from their days.
   A participant took part in an activity of the period: enrolled on the day of one of its held
   sessions (the register's rule) or marked at one (domain/tally.h). */
static int read_participants(struct db *db, struct work *w)
{
    if (w->upto < w->from)
        return 0;
    for (int year = tally_year_of(w->from); year <= tally_year_of(w->upto); year++) {
        int32_t start = date_school_year_start(year);
        if (w->from <= start ? read_year_acts(db, w, year, start)
                          : read_year_events(db, w, year, start, w->pupil_ids, false))
            return -1;
    }
    unique_pairs(w);
    return 0;
}

/* ---- all of it ------------------------------------------------------------------------------- */

void reports_work_free(struct work *w)
{
    free(w->school_ids);
    free(w->pupils);
    free(w->pupil_index.at);
    free(w->activity_index.at);
    free(w->activities);
    free(w->domains);
    free(w->pairs);
    free(w->pupil_ids);
}

int reports_read(struct db *db, struct work *w)
{
    w->from = reports_day_of(w->rep->query.from, 0);
    w->upto = reports_day_of(w->rep->upto, 0);
    return read_domains(db, w->rep) || read_schools(db, w) || read_pupils(db, w) ||
                   read_activities(db, w) || read_activity_counts(db, w) ||
                   read_activity_domains(db, w) || read_participants(db, w)
               ? -1
               : 0;
}
