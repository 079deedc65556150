/* The activity book (domain/activity_book.h): the catalogue's list with its figures in one
   set-based statement, the domains of a page in one more, and an activity's evaluations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/schedule.h"
#include "domain/reports/activity_book.h"
#include "domain/reports/reports.h"
#include "domain/reports/reports_internal.h"
#include "util/json_arena.h"

const char *const book_sort_names[] = {"title",      "school",      "provider",
                                       "sessions",   "hours",       "attendance",
                                       "involvement", "evaluations", NULL};

bool book_sort_is_figure(enum book_sort sort)
{
    return sort >= BOOK_SORT_SESSIONS;
}

/* The minutes from start_time to end_time ("HH:MM") of the sessions row s, 0 when negative
   (the report's duration). */
#define SESSION_MINUTES(s)                                                                        \
    "max(0, (substr(" s ".end_time, 1, 2) * 60 + substr(" s ".end_time, 4, 2))"                \
    " - (substr(" s ".start_time, 1, 2) * 60 + substr(" s ".start_time, 4, 2)))"

/* The activities of the filter whose run overlaps the period (the CTE chosen's query);
   with ?18, of those in that JSON array of ids only. */
#define BOOK_CHOSEN \
    " SELECT a.id FROM activities a JOIN schools sc ON sc.id = a.school_id" \
    " LEFT JOIN providers pr ON pr.id = a.provider_id" \
    " WHERE a.date_from <= ?3 AND a.date_until >= ?1" \
    " AND (?4 = 0 OR a.id = ?4)" \
    " AND (?18 IS NULL OR a.id IN (SELECT value FROM json_each(?18)))" \
    " AND (?5 = 0 OR EXISTS (SELECT 1 FROM activity_domains ad" \
    "      WHERE ad.activity_id = a.id AND ad.domain_id = ?5))" \
    " AND (?6 = 0 OR a.school_id = ?6) AND (?7 = 0 OR a.provider_id = ?7)" \
    " AND (?8 = 0 OR ?8 BETWEEN a.grade_min AND a.grade_max)" \
    " AND (?9 IS NULL OR a.title LIKE ?9 ESCAPE '\\' OR a.goal LIKE ?9 ESCAPE '\\'" \
    "      OR sc.name LIKE ?9 ESCAPE '\\' OR pr.name LIKE ?9 ESCAPE '\\'" \
    "      OR EXISTS (SELECT 1 FROM sessions s JOIN evaluations ev ON ev.session_id = s.id" \
    "       WHERE s.activity_id = a.id" \
    "       AND (ev.went_well LIKE ?9 ESCAPE '\\' OR ev.to_change LIKE ?9 ESCAPE '\\')))"

/* The rest of the list's statement after its CTEs chosen and planned. */
#define BOOK_LIST_REST \
    "held_evaluations AS (" \
    " SELECT s.activity_id, s.date, ev.went_well, ev.to_change, ev.as_planned, ev.updated_at," \
    " ev.id FROM evaluations ev JOIN sessions s ON s.id = ev.session_id" \
    " WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0" \
    " AND s.activity_id IN (SELECT id FROM chosen))," \
    "evals AS (" \
    " SELECT activity_id, count(*) AS n, sum(as_planned = 'yes') AS yes," \
    " sum(as_planned = 'partly') AS partly, sum(as_planned = 'no') AS no" \
    " FROM held_evaluations GROUP BY activity_id)," \
    "latest AS (" \
    " SELECT activity_id, date, went_well, to_change, as_planned FROM (" \
    "  SELECT activity_id, date, went_well, to_change, as_planned," \
    "  row_number() OVER (PARTITION BY activity_id" \
    "   ORDER BY date DESC, updated_at DESC, id DESC) AS rn" \
    "  FROM held_evaluations) WHERE rn = 1)," \
    "rows AS (" \
    " SELECT a.id, a.key, a.title, a.goal, a.open_to, a.weekday, a.start_time, a.end_time," \
    " a.date_from, a.date_until, a.grade_min, a.grade_max," \
    " sc.id AS school_id, sc.key AS school_key, sc.name AS school_name, sc.kind," \
    " pr.id AS provider_id, pr.key AS provider_key, pr.name AS provider_name, pr.external," \
    " coalesce(f.sessions, 0) AS sessions, coalesce(f.participants, 0) AS participants," \
    " coalesce(f.minutes, 0) AS minutes, coalesce(f.present, 0) AS present," \
    " coalesce(f.absent, 0) AS absent, coalesce(f.excused, 0) AS excused," \
    " coalesce(f.involvement_sum, 0) AS involvement_sum," \
    " coalesce(f.involvement_n, 0) AS involvement_n," \
    " coalesce((SELECT sum(" SESSION_MINUTES("t") ") FROM activity_slots t" \
    "  WHERE t.activity_id = a.id), " SESSION_MINUTES("a") ") AS weekly_minutes," \
    " " SCHEDULE_SLOTS_SQL("a") " AS slots," \
    " coalesce(pl.n, 0) AS planned_sessions, coalesce(pl.minutes, 0) AS planned_minutes," \
    " coalesce(ev.n, 0) AS evaluations, coalesce(ev.yes, 0) AS yes," \
    " coalesce(ev.partly, 0) AS partly, coalesce(ev.no, 0) AS no," \
    " la.date AS latest_date, la.went_well, la.to_change, la.as_planned" \
    " FROM chosen c JOIN activities a ON a.id = c.id JOIN schools sc ON sc.id = a.school_id" \
    " LEFT JOIN providers pr ON pr.id = a.provider_id" \
    " LEFT JOIN temp.book_figures f ON f.activity_id = a.id" \
    " LEFT JOIN planned pl ON pl.activity_id = a.id" \
    " LEFT JOIN evals ev ON ev.activity_id = a.id" \
    " LEFT JOIN latest la ON la.activity_id = a.id)," \
    "sorted AS (" \
    " SELECT *, CASE ?10" \
    "  WHEN 1 THEN lower(school_name) WHEN 2 THEN lower(coalesce(provider_name, ''))" \
    "  WHEN 3 THEN sessions" \
    "  WHEN 4 THEN CASE WHEN participants > 0 THEN minutes * 1.0 / participants END" \
    "  WHEN 5 THEN CASE WHEN present + absent + excused > 0" \
    "              THEN present * 1.0 / (present + absent + excused) END" \
    "  WHEN 6 THEN CASE WHEN involvement_n > 0 THEN involvement_sum * 1.0 / involvement_n END" \
    "  WHEN 7 THEN evaluations" \
    "  ELSE lower(title) END AS sort_value FROM rows)" \
    "SELECT id, key, title, goal, open_to, weekday, start_time, end_time, date_from, date_until," \
    " grade_min, grade_max, school_id, school_key, school_name, kind, provider_id, provider_key," \
    " provider_name, external, sessions, participants, minutes, present, absent, excused," \
    " involvement_sum, involvement_n, weekly_minutes, planned_sessions, planned_minutes," \
    " evaluations, yes, partly, no, latest_date, went_well, to_change, as_planned, slots," \
    " count(*) OVER () AS total" \
    " FROM sorted ORDER BY sort_value IS NULL," \
    " CASE WHEN ?11 = 0 THEN sort_value END ASC, CASE WHEN ?11 <> 0 THEN sort_value END DESC," \
    " lower(title), id LIMIT ?12 OFFSET ?13"

/* The whole list in one statement, over the figures report_activities computed into the
   temporary table book_figures (fill_figures). Parameters: ?1 from, ?2 the last day whose
   sessions are held (min(to, today)), ?3 to, ?4–?9 the filter (activity, domain, school,
   provider, grade, LIKE pattern or NULL), ?10 the sort, ?11 descending, ?12 limit, ?13 offset,
   ?14–?17 the planned sessions' months and days (REPORTS_SESSIONS from ?1 through ?3), ?18
   NULL or the JSON array of the ids of the page (page_list_sql).
   - chosen: the activities of the filter whose run overlaps the period;
   - planned: their sessions in the period that are not cancelled (also after today), from the
     summary tables;
   - evals, latest: the evaluations of their held sessions;
   - the rest joins the figures and sorts. */
static const char list_sql[] =
    "WITH chosen AS (" BOOK_CHOSEN "),"
    "planned AS ("
    " SELECT activity_id, sum(sessions) AS n, sum(minutes) AS minutes FROM ("
    REPORTS_SESSIONS("?1", "?3", "?14", "?15", "?16", "?17")
    ") WHERE activity_id IN (SELECT id FROM chosen) GROUP BY activity_id),"
    BOOK_LIST_REST;

/* The same for the activities of one page (?18) when the sort is not by a figure: their
   planned sessions through the summary tables' index on the activity. */
static const char page_list_sql[] =
    "WITH chosen AS (" BOOK_CHOSEN "),"
    "planned AS ("
    " SELECT activity_id, sum(sessions) AS n, sum(minutes) AS minutes FROM ("
    REPORTS_SOME_SESSIONS("?1", "?3", "?14", "?15", "?16", "?17", "a.id IN (SELECT id FROM chosen)")
    ") GROUP BY activity_id),"
    BOOK_LIST_REST;

/* The ids of the page of the list when the sort is not by a figure (title, school, provider:
   the order of list_sql), each with the number of activities of the filter. Parameters as
   list_sql's. */
static const char page_ids_sql[] =
    "WITH chosen AS (" BOOK_CHOSEN ")"
    " SELECT c.id, count(*) OVER () FROM chosen c JOIN activities a ON a.id = c.id"
    " JOIN schools sc ON sc.id = a.school_id LEFT JOIN providers pr ON pr.id = a.provider_id"
    " ORDER BY CASE WHEN ?11 = 0 THEN CASE ?10 WHEN 1 THEN lower(sc.name)"
    "  WHEN 2 THEN lower(coalesce(pr.name, '')) ELSE lower(a.title) END END ASC,"
    " CASE WHEN ?11 <> 0 THEN CASE ?10 WHEN 1 THEN lower(sc.name)"
    "  WHEN 2 THEN lower(coalesce(pr.name, '')) ELSE lower(a.title) END END DESC,"
    " lower(a.title), a.id LIMIT ?12 OFFSET ?13";

/* The columns of list_sql's result. */
enum {
    C_ID, C_KEY, C_TITLE, C_GOAL, C_OPEN_TO, C_WEEKDAY, C_START, C_END, C_FROM, C_UNTIL,
    C_GRADE_MIN, C_GRADE_MAX, C_SCHOOL_ID, C_SCHOOL_KEY, C_SCHOOL_NAME, C_KIND, C_PROVIDER_ID,
    C_PROVIDER_KEY, C_PROVIDER_NAME, C_EXTERNAL, C_SESSIONS, C_PARTICIPANTS, C_MINUTES,
    C_PRESENT, C_ABSENT, C_EXCUSED, C_INVOLVEMENT_SUM, C_INVOLVEMENT_N, C_WEEKLY_MINUTES,
    C_PLANNED_SESSIONS, C_PLANNED_MINUTES, C_EVALUATIONS, C_YES, C_PARTLY, C_NO, C_LATEST_DATE,
    C_WENT_WELL, C_TO_CHANGE, C_AS_PLANNED, C_SLOTS, C_TOTAL
};

/* text as a LIKE pattern that matches it anywhere ('%', '_' and '\' escaped), or NULL for
   no search. Caller frees. */
static char *like_pattern(const char *text)
{
    if (!text || !*text)
        return NULL;
    char *out = malloc(strlen(text) * 2 + 3), *dst = out;
    if (!out)
        return NULL;
    *dst++ = '%';
    for (; *text; text++) {
        if (*text == '%' || *text == '_' || *text == '\\')
            *dst++ = '\\';
        *dst++ = *text;
    }
    *dst++ = '%';
    *dst = '\0';
    return out;
}

static json_int_t col_int(sqlite3_stmt *st, int col)
{
    return (json_int_t)sqlite3_column_int64(st, col);
}

/* The evaluations' summary of the row: counts and the latest. New reference. */
static json_t *evaluations_model(sqlite3_stmt *st)
{
    json_t *latest = json_null();
    if (sqlite3_column_type(st, C_LATEST_DATE) != SQLITE_NULL)
        latest = json_pack("{s:s, s:s, s:s, s:s}", "date", db_col_text(st, C_LATEST_DATE),
                           "went_well", db_col_text(st, C_WENT_WELL), "to_change",
                           db_col_text(st, C_TO_CHANGE), "as_planned",
                           db_col_text(st, C_AS_PLANNED));
    return json_pack("{s:I, s:I, s:I, s:I, s:o}", "count", col_int(st, C_EVALUATIONS), "yes",
                     col_int(st, C_YES), "partly", col_int(st, C_PARTLY), "no",
                     col_int(st, C_NO), "latest", latest);
}

/* The figures of the row, through the report's helpers (the same rounding and nulls). */
static void figures_into(json_t *row, sqlite3_stmt *st)
{
    struct report_totals t = {
        .participants = (int)sqlite3_column_int64(st, C_PARTICIPANTS),
        .minutes = sqlite3_column_int64(st, C_MINUTES),
        .present = sqlite3_column_int64(st, C_PRESENT),
        .absent = sqlite3_column_int64(st, C_ABSENT),
        .excused = sqlite3_column_int64(st, C_EXCUSED),
        .involvement_sum = sqlite3_column_int64(st, C_INVOLVEMENT_SUM),
        .involvement_n = sqlite3_column_int64(st, C_INVOLVEMENT_N),
    };
    double v = 0;
    bool has;
    json_object_set_new(row, "sessions", json_integer(col_int(st, C_SESSIONS)));
    json_object_set_new(row, "participants", json_integer(t.participants));
    json_object_set_new(row, "hours", json_real(report_hours(t.minutes)));
    has = report_mean_hours(&t, &v);
    json_object_set_new(row, "mean_hours", report_number(has, v));
    has = report_attendance_pct(&t, &v);
    json_object_set_new(row, "attendance_pct", report_number(has, v));
    has = report_involvement(&t, &v);
    json_object_set_new(row, "involvement", report_number(has, v));
    json_object_set_new(row, "present", json_integer(t.present));
    json_object_set_new(row, "absent", json_integer(t.absent));
    json_object_set_new(row, "excused", json_integer(t.excused));
    json_object_set_new(row, "weekly_minutes", json_integer(col_int(st, C_WEEKLY_MINUTES)));
    json_object_set_new(row, "planned_sessions", json_integer(col_int(st, C_PLANNED_SESSIONS)));
    json_object_set_new(row, "planned_hours",
                        json_real(report_hours(sqlite3_column_int64(st, C_PLANNED_MINUTES))));
}

/* One activity of the list. New reference. */
static json_t *activity_row(sqlite3_stmt *st)
{
    json_t *provider = json_null();
    if (sqlite3_column_type(st, C_PROVIDER_ID) != SQLITE_NULL)
        provider = json_pack("{s:I, s:s, s:s, s:b}", "id", col_int(st, C_PROVIDER_ID), "key",
                             db_col_text(st, C_PROVIDER_KEY), "name",
                             db_col_text(st, C_PROVIDER_NAME), "external",
                             sqlite3_column_int(st, C_EXTERNAL));
    json_t *row = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:s, s:s}, s:o,"
        " s:{s:I, s:I}, s:[]}",
        "id", col_int(st, C_ID), "key", db_col_text(st, C_KEY), "title",
        db_col_text(st, C_TITLE), "goal", db_col_text(st, C_GOAL), "open_to",
        db_col_text(st, C_OPEN_TO), "weekday", col_int(st, C_WEEKDAY), "start",
        db_col_text(st, C_START), "end", db_col_text(st, C_END), "date_from",
        db_col_text(st, C_FROM), "date_until", db_col_text(st, C_UNTIL), "school", "id",
        col_int(st, C_SCHOOL_ID), "key", db_col_text(st, C_SCHOOL_KEY), "name",
        db_col_text(st, C_SCHOOL_NAME), "kind", db_col_text(st, C_KIND), "provider", provider,
        "grades", "min", col_int(st, C_GRADE_MIN), "max", col_int(st, C_GRADE_MAX), "domains");
    if (!row)
        return NULL;
    json_object_set_new(row, "slots", json_string(db_col_text(st, C_SLOTS)));
    figures_into(row, st);
    json_object_set_new(row, "evaluations", evaluations_model(st));
    return row;
}

/* The domains of the listed activities, in one query over their ids (json_each), by the
   domains' position, into each activity's "domains". 0 or -1. */
static int add_domains(struct db *db, json_t *activities)
{
    if (!json_array_size(activities))
        return 0;
    json_t *ids = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(activities, i, a)
    {
        json_array_append(ids, json_object_get(a, "id"));
    }
    char *ids_text = json_text(ids, JSON_COMPACT);
    json_decref(ids);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT ad.activity_id, d.code, d.name FROM activity_domains ad"
            " JOIN domains d ON d.id = ad.domain_id"
            " WHERE ad.activity_id IN (SELECT value FROM json_each(?1))"
            " ORDER BY ad.activity_id, d.position, d.code");
    if (!st || !ids_text) {
        free(ids_text);
        return -1;
    }
    db_bind_text(st, 1, ids_text);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_int_t id = sqlite3_column_int64(st, 0);
        json_array_foreach(activities, i, a)
        {
            if (json_integer_value(json_object_get(a, "id")) == id) {
                json_array_append_new(json_object_get(a, "domains"),
                                      json_pack("{s:s, s:s}", "code", db_col_text(st, 1),
                                                "name", db_col_text(st, 2)));
                break;
            }
        }
    }
    sqlite3_reset(st);
    free(ids_text);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The figures of the period's activities (report_activities: the report's definitions, read
   from the summary tables) into the connection's temporary table book_figures, for list_sql.
   With a school in the filter, of that school's scope only; with ids (a JSON array), of those
   activities only. 0 or -1. */
static int fill_figures(struct db *db, const struct book_query *q, const char *ids)
{
    struct report_query rq = {.school_id = q->filter.school_id, .activity_ids = ids};
    memcpy(rq.from, q->from, sizeof rq.from);
    memcpy(rq.to, q->to, sizeof rq.to);
    memcpy(rq.today, q->today, sizeof rq.today);
    struct report_activity *figures;
    size_t n;
    if (report_activities(db, &rq, &figures, &n))
        return -1;
    int rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS book_figures ("
                         " activity_id INTEGER PRIMARY KEY, sessions INTEGER, participants INTEGER,"
                         " minutes INTEGER, present INTEGER, absent INTEGER, excused INTEGER,"
                         " involvement_sum INTEGER, involvement_n INTEGER);"
                         "DELETE FROM temp.book_figures");
    sqlite3_stmt *st = rc ? NULL
                          : db_stmt(db, "INSERT INTO temp.book_figures VALUES"
                                        " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (size_t i = 0; st && rc == 0 && i < n; i++) {
        const struct report_activity *f = &figures[i];
        const int64_t values[] = {f->activity_id, f->sessions, f->participants,
                                  f->minutes,     f->present,  f->absent,
                                  f->excused,     f->involvement_sum, f->involvement_n};
        for (int k = 0; k < 9; k++)
            sqlite3_bind_int64(st, k + 1, values[k]);
        rc = db_step_done(st);
    }
    free(figures);
    return st ? rc : -1;
}

/* The page of q into list (its total into *total), inside the caller's read transaction. */
struct list_read {
    const struct book_query *q;
    json_t *list;
    long long total;
};

/* Bind list_sql's parameters (also page_list_sql's and page_ids_sql's) for q: its page of
   per_page from offset, the LIKE pattern of its text, ids (NULL: every activity). */
static void bind_list(sqlite3_stmt *st, const struct book_query *q, const char *pattern,
                      const char *ids, int per_page, long long offset)
{
    const char *upto = strcmp(q->to, q->today) < 0 ? q->to : q->today;
    db_bind_text(st, 1, q->from);
    db_bind_text(st, 2, upto);
    db_bind_text(st, 3, q->to);
    sqlite3_bind_int64(st, 4, q->filter.activity_id);
    sqlite3_bind_int64(st, 5, q->filter.domain_id);
    sqlite3_bind_int64(st, 6, q->filter.school_id);
    sqlite3_bind_int64(st, 7, q->filter.provider_id);
    sqlite3_bind_int(st, 8, q->filter.grade);
    db_bind_text(st, 9, pattern);
    sqlite3_bind_int(st, 10, (int)q->sort);
    sqlite3_bind_int(st, 11, q->descending);
    sqlite3_bind_int(st, 12, per_page);
    sqlite3_bind_int64(st, 13, offset);
    static const struct reports_session_params planned = {1, 3, 14, 15, 16, 17};
    reports_bind_sessions(st, &planned, q->from, q->to);
    db_bind_text(st, 18, ids);
}

/* The ids of q's page (a JSON array into *ids, caller frees) and the number of activities of
   its filter, for a sort that is not by a figure: the order needs no figures, so only the
   page's are computed. 0 or -1. */
static int page_ids(struct db *db, const struct book_query *q, const char *pattern, int per_page,
                    long long offset, char **ids, long long *total)
{
    *ids = NULL;
    *total = 0;
    sqlite3_stmt *st = db_stmt(db, page_ids_sql);
    if (!st)
        return -1;
    bind_list(st, q, pattern, NULL, per_page, offset);
    int64_t *list = malloc((size_t)per_page * sizeof *list);
    size_t n = 0;
    int rc = list ? SQLITE_ROW : SQLITE_NOMEM;
    while (list && n < (size_t)per_page && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        list[n++] = sqlite3_column_int64(st, 0);
        *total = sqlite3_column_int64(st, 1);
    }
    if (rc == SQLITE_ROW) /* the page is full: the statement's LIMIT ends it */
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        *ids = reports_ids_json(list, n, sizeof *list);
    free(list);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int read_list(struct db *db, void *ctx)
{
    struct list_read *r = ctx;
    const struct book_query *q = r->q;
    int per_page = q->per_page > 0 ? q->per_page : BOOK_PER_PAGE;
    long long page = q->page > 0 ? q->page : 1, offset = (page - 1) * per_page;
    bool by_figure = book_sort_is_figure(q->sort);
    char *pattern = like_pattern(q->filter.text), *ids = NULL;
    long long total = 0;
    int rc = SQLITE_ERROR;
    if (!by_figure && page_ids(db, q, pattern, per_page, offset, &ids, &total))
        goto out;
    if (fill_figures(db, q, ids))
        goto out;
    sqlite3_stmt *st = db_stmt(db, by_figure ? list_sql : page_list_sql);
    if (!st)
        goto out;
    /* one page: its ids are the whole of page_list_sql's list */
    bind_list(st, q, pattern, ids, per_page, by_figure ? offset : 0);
    r->total = total;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (by_figure)
            r->total = sqlite3_column_int64(st, C_TOTAL);
        json_t *row = activity_row(st);
        if (!row) {
            rc = SQLITE_NOMEM;
            break;
        }
        json_array_append_new(r->list, row);
    }
    sqlite3_reset(st);
out:
    free(pattern);
    free(ids);
    return rc != SQLITE_DONE || add_domains(db, r->list) ? -1 : 0;
}

int book_list(struct db *db, const struct book_query *q, json_t **activities, long long *total)
{
    *activities = NULL;
    *total = 0;
    struct list_read r = {q, json_array(), 0};
    if (reports_in_read(db, read_list, &r)) {
        fprintf(stderr, "activity book: %s\n", sqlite3_errmsg(db_handle(db)));
        json_decref(r.list);
        return -1;
    }
    json_t *list = r.list;
    *total = r.total;
    long long page = q->page > 0 ? q->page : 1;
    if (!json_array_size(list) && page > 1) {
        /* Past the last page the window gives no count: ask for the first page's. */
        struct book_query first = *q;
        first.page = 1;
        first.per_page = 1;
        json_t *none;
        if (book_list(db, &first, &none, total) == 0)
            json_decref(none);
    }
    *activities = list;
    return 0;
}

json_t *book_evaluations(struct db *db, int64_t activity_id, const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT ev.id, s.date, s.start_time, coalesce(u.role, ''), ev.went_well,"
            " ev.to_change, ev.as_planned, ev.updated_at"
            " FROM sessions s JOIN evaluations ev ON ev.session_id = s.id"
            " LEFT JOIN users u ON u.id = ev.user_id"
            " WHERE s.activity_id = ?1 AND s.cancelled = 0 AND s.date <= ?2"
            " ORDER BY s.date DESC, s.start_time DESC, ev.created_at, ev.id LIMIT ?3");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, today);
    sqlite3_bind_int(st, 3, BOOK_EVALUATIONS_MAX);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", col_int(st, 0),
                            "date", db_col_text(st, 1), "start", db_col_text(st, 2), "role",
                            db_col_text(st, 3), "went_well", db_col_text(st, 4), "to_change",
                            db_col_text(st, 5), "as_planned", db_col_text(st, 6), "updated_at",
                            db_col_text(st, 7)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}
