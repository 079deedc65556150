/* /activities: the list (search and filters) and one activity with its sessions and
   enrolments. The form to add or change an activity is activity_form.c; the rules and the
   writes are in domain/activities.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "domain/offer/activities.h"
#include "domain/offer/providers.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/activities_internal.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

enum { PAGE_SIZE = 50, QUERY_MAX = 100 };

/* ---- shared helpers ------------------------------------------------------------------------- */

static json_t *text_or_null(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null()
                                                        : json_string(db_col_text(st, col));
}

/* "groep 5–8" or "leerjaar 1–3" by the school's kind. Arena-owned. */
static const char *grades_label(struct req *r, const char *kind, int lo, int hi)
{
    const char *noun = kind && !strcmp(kind, "vo") ? "leerjaar" : "groep";
    return lo == hi ? arena_printf(&r->arena, "%s %d", noun, lo)
                    : arena_printf(&r->arena, "%s %d–%d", noun, lo, hi);
}

static json_t *date_labels(const char *from, const char *until)
{
    char a[32], b[32];
    date_label_nl(from, false, a);
    date_label_nl(until, false, b);
    return json_pack("s++", a, " – ", b);
}

/* The activity's domains: [{"code", "name"}] in the coalition's order. New reference. */
static json_t *domains_of(struct req *r, int64_t activity_id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT d.code, d.name FROM activity_domains x"
                                      " JOIN domains d ON d.id = x.domain_id"
                                      " WHERE x.activity_id = ?1 ORDER BY d.position, d.name");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, activity_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s}", "code", db_col_text(st, 0), "name",
                                              db_col_text(st, 1)));
    sqlite3_reset(st);
    return list;
}

int64_t activities_visible_school(struct req *r, int64_t id)
{
    int64_t school_id = scope_activity_school(r, id);
    if (school_id <= 0)
        return school_id;
    if (r->user.role == ROLE_STAFF) {
        int runs = scope_staff_runs(r, id);
        return runs < 0 ? SCOPE_ERROR : runs ? school_id : 0;
    }
    return scope_school(r, school_id) ? school_id : 0;
}

/* The id in the one-column answer of sql for key: 0 for "", -1 when there is none. */
static int64_t id_by_key(struct req *r, const char *sql, const char *key)
{
    if (!*key)
        return 0;
    sqlite3_stmt *st = db_stmt(r->db, sql);
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return id;
}

int64_t activities_school_id(struct req *r, const char *key)
{
    return id_by_key(r, "SELECT id FROM schools WHERE key = ?1", key);
}

int64_t activities_domain_id(struct req *r, const char *code)
{
    return id_by_key(r, "SELECT id FROM domains WHERE code = ?1", code);
}

/* ---- the list ------------------------------------------------------------------------------- */

struct list_filter {
    const char *q;      /* title contains (case-insensitive for ASCII); "" = all */
    const char *school; /* school key (lead); "" = all */
    const char *domain; /* domain code; "" = all */
    int64_t school_id;  /* 0 = all, -1 = an unknown key (nothing matches) */
    int64_t staff_id;   /* staff: only activities run by them */
    int64_t domain_id;  /* 0 = all, -1 = unknown */
};

#define LIST_WHERE                                                                                \
    " FROM activities a JOIN schools s ON s.id = a.school_id"                                    \
    " WHERE (?1 = 0 OR a.school_id = ?1)"                                                        \
    " AND (?2 = 0 OR EXISTS (SELECT 1 FROM activity_staff x WHERE x.activity_id = a.id"         \
    "      AND x.staff_id = ?2))"                                                                \
    " AND (?3 = '' OR instr(lower(a.title), lower(?3)) > 0)"                                     \
    " AND (?4 = 0 OR EXISTS (SELECT 1 FROM activity_domains y WHERE y.activity_id = a.id"       \
    "      AND y.domain_id = ?4))"

static void bind_filter(sqlite3_stmt *st, const struct list_filter *f)
{
    sqlite3_bind_int64(st, 1, f->school_id);
    sqlite3_bind_int64(st, 2, f->staff_id);
    db_bind_text(st, 3, f->q);
    sqlite3_bind_int64(st, 4, f->domain_id);
}

/* The filters of the request, limited by the user's scope. */
static void read_filter(struct req *r, struct list_filter *f)
{
    const char *q = req_query(r, "q"), *school = req_query(r, "school"),
               *domain = req_query(r, "domain");
    f->q = q ? q : "";
    if (strlen(f->q) > QUERY_MAX * 4)
        f->q = "";
    f->school = r->user.role == ROLE_LEAD && school ? school : "";
    f->domain = domain ? domain : "";
    f->school_id = r->user.role == ROLE_COORDINATOR
                       ? r->user.school_id
                       : activities_school_id(r, f->school);
    f->staff_id = r->user.role == ROLE_STAFF ? r->user.staff_id : 0;
    f->domain_id = activities_domain_id(r, f->domain);
}

static json_t *list_row(struct req *r, sqlite3_stmt *st)
{
    int64_t id = sqlite3_column_int64(st, 0);
    int weekday = sqlite3_column_int(st, 6);
    int lo = sqlite3_column_int(st, 9), hi = sqlite3_column_int(st, 10);
    int capacity = sqlite3_column_int(st, 11), enrolled = sqlite3_column_int(st, 12);
    json_t *row = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:i, s:s, s:i, s:i, s:i, s:i}", "id",
        (json_int_t)id, "key", db_col_text(st, 1), "title", db_col_text(st, 2), "school",
        db_col_text(st, 4), "school_key", db_col_text(st, 3), "weekday", weekday, "weekday_label",
        weekday_name(weekday), "start", db_col_text(st, 7), "end", db_col_text(st, 8),
        "grade_min", lo, "grade_max", hi, "grades_label",
        grades_label(r, db_col_text(st, 5), lo, hi), "capacity", capacity, "enrolled", enrolled,
        "waitlisted", sqlite3_column_int(st, 13), "seats_left",
        capacity > enrolled ? capacity - enrolled : 0);
    json_object_set_new(row, "from", json_string(db_col_text(st, 14)));
    json_object_set_new(row, "until", json_string(db_col_text(st, 15)));
    char from_label[32], until_label[32];
    date_label_nl(db_col_text(st, 14), false, from_label);
    date_label_nl(db_col_text(st, 15), false, until_label);
    json_object_set_new(row, "from_label", json_string(from_label));
    json_object_set_new(row, "until_label", json_string(until_label));
    json_object_set_new(row, "full", json_boolean(enrolled >= capacity));
    return row;
}

/* One page of activities matching f, sorted by school and title. */
static json_t *list_rows(struct req *r, const struct list_filter *f, int64_t offset)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT a.id, a.key, a.title, s.key, s.name, s.kind, a.weekday, a.start_time,"
               " a.end_time, a.grade_min, a.grade_max, a.capacity,"
               " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
               "  AND e.status = 'enrolled'),"
               " (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id"
               "  AND e.status = 'waitlisted'),"
               " a.date_from, a.date_until" LIST_WHERE
               " ORDER BY s.name, s.id, a.title, a.id LIMIT ?5 OFFSET ?6");
    if (!st)
        return list;
    bind_filter(st, f);
    sqlite3_bind_int(st, 5, PAGE_SIZE);
    sqlite3_bind_int64(st, 6, offset);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, list_row(r, st));
    sqlite3_reset(st);
    /* Domains after the main query: the statement cache hands out one statement per SQL. */
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        json_object_set_new(row, "domains",
                            domains_of(r, json_integer_value(json_object_get(row, "id"))));
    }
    return list;
}

static int64_t list_count(struct req *r, const struct list_filter *f)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT count(*)" LIST_WHERE);
    if (!st)
        return 0;
    bind_filter(st, f);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

/* The keys of the filter selects' options. */
static const char *const option_keys[] = {"value", "name", NULL};

int page_activities_list(struct req *r)
{
    struct list_filter f;
    read_filter(r, &f);
    int64_t total = list_count(r, &f);
    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    const char *page_arg = req_query(r, "page");
    int64_t page = page_arg ? strtoll(page_arg, NULL, 10) : 1;
    if (page < 1 || page > pages)
        page = page < 1 ? 1 : pages;
    json_t *model = json_pack("{s:s, s:I, s:I, s:I, s:b, s:b}", "title", "Activiteiten", "total",
                              (json_int_t)total, "page", (json_int_t)page, "pages",
                              (json_int_t)pages, "can_create", r->user.role != ROLE_STAFF,
                              "show_school", r->user.role == ROLE_LEAD);
    json_object_set_new(model, "activities", list_rows(r, &f, (page - 1) * PAGE_SIZE));
    json_object_set_new(model, "filters", json_pack("{s:s, s:s, s:s}", "q", f.q, "school",
                                                    f.school, "domain", f.domain));
    if (r->user.role == ROLE_LEAD)
        json_object_set_new(model, "schools",
                            page_options_sql(r, "SELECT key, name FROM schools ORDER BY name",
                                         option_keys, f.school));
    json_object_set_new(model, "domain_options",
                        page_options_sql(r, "SELECT code, name FROM domains ORDER BY position, name",
                                     option_keys, f.domain));
    const struct url_param keep[] = {{"q", f.q}, {"school", f.school}, {"domain", f.domain}};
    pagination_links(&r->arena, model, "/activities", keep, sizeof keep / sizeof keep[0], page,
                     pages);
    json_object_set_new(model, "filtered", json_boolean(*f.q || *f.school || *f.domain));
    json_object_set_new(model, "paged", json_boolean(pages > 1));
    json_object_set_new(model, "count_label",
                        json_sprintf("%lld %s", (long long)total,
                                     total == 1 ? "activiteit" : "activiteiten"));
    return render(r, 200, "activities/list", model);
}

/* ---- one activity --------------------------------------------------------------------------- */

/* "20 aug. 2025 19:00" from "2025-08-20T19:00". Arena-owned. */
static const char *moment_label(struct req *r, const char *s)
{
    char day[11], label[32];
    snprintf(day, sizeof day, "%.10s", s);
    date_label_nl(day, false, label);
    return arena_printf(&r->arena, "%s %s", label, strlen(s) > 11 ? s + 11 : "");
}

/* The sign-up window in words. Arena-owned. */
static const char *signup_label(struct req *r, const char *from, const char *until)
{
    if (*from && *until)
        return arena_printf(&r->arena, "van %s tot %s", moment_label(r, from),
                            moment_label(r, until));
    if (*from)
        return arena_printf(&r->arena, "vanaf %s", moment_label(r, from));
    if (*until)
        return arena_printf(&r->arena, "tot %s", moment_label(r, until));
    return "altijd open";
}

/* The activity's own row as a model, or NULL when there is none. */
static json_t *activity_row(struct req *r, int64_t id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT a.id, a.key, a.title, a.goal, a.location, a.grade_min, a.grade_max,"
               " a.capacity, a.weekday, a.start_time, a.end_time, a.date_from, a.date_until,"
               " a.signup_from, a.signup_until, a.open_to, s.id, s.key, s.name, s.kind,"
               " p.id, p.name, p.external"
               " FROM activities a JOIN schools s ON s.id = a.school_id"
               " LEFT JOIN providers p ON p.id = a.provider_id WHERE a.id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *m = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        int lo = sqlite3_column_int(st, 5), hi = sqlite3_column_int(st, 6);
        int weekday = sqlite3_column_int(st, 8);
        m = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:i, s:i, s:s, s:s, s:s, s:s,"
                      " s:s, s:s}",
                      "id", (json_int_t)id, "key", db_col_text(st, 1), "title",
                      db_col_text(st, 2), "goal", db_col_text(st, 3), "location",
                      db_col_text(st, 4), "grade_min", lo, "grade_max", hi, "grades_label",
                      grades_label(r, db_col_text(st, 19), lo, hi), "capacity",
                      sqlite3_column_int(st, 7), "weekday", weekday, "weekday_label",
                      weekday_name(weekday), "start", db_col_text(st, 9), "end",
                      db_col_text(st, 10), "from", db_col_text(st, 11), "until",
                      db_col_text(st, 12), "open_to", db_col_text(st, 15));
        json_object_set_new(m, "signup_from", text_or_null(st, 13));
        json_object_set_new(m, "signup_until", text_or_null(st, 14));
        json_object_set_new(m, "open_to_label",
                            json_string(strcmp(db_col_text(st, 15), "coalition")
                                            ? "alleen leerlingen van de eigen school"
                                            : "leerlingen van alle scholen van de coalitie"));
        json_object_set_new(m, "school_id", json_integer(sqlite3_column_int64(st, 16)));
        json_object_set_new(m, "school_key", json_string(db_col_text(st, 17)));
        json_object_set_new(m, "school", json_string(db_col_text(st, 18)));
        json_object_set_new(m, "school_kind", json_string(db_col_text(st, 19)));
        json_object_set_new(m, "grade_heading",
                            json_string(strcmp(db_col_text(st, 19), "vo") ? "Groep" : "Leerjaar"));
        json_object_set_new(m, "provider",
                            sqlite3_column_type(st, 20) == SQLITE_NULL
                                ? json_null()
                                : json_pack("{s:I, s:s, s:b}", "id",
                                            (json_int_t)sqlite3_column_int64(st, 20), "name",
                                            db_col_text(st, 21), "external",
                                            sqlite3_column_int(st, 22)));
        json_object_set_new(m, "period_label",
                            date_labels(db_col_text(st, 11), db_col_text(st, 12)));
        json_object_set_new(m, "signup_label",
                            json_string(signup_label(r, db_col_text(st, 13),
                                                     db_col_text(st, 14))));
    }
    sqlite3_reset(st);
    return m;
}

/* Staff running the activity: [{"id", "name", "level", "level_label", "provider", "vog"}]. */
static json_t *staff_of(struct req *r, int64_t id, bool school_view)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT t.id, t.name, t.level, p.name, t.vog_date,"
                                      " p.external FROM activity_staff x"
                                      " JOIN staff t ON t.id = x.staff_id"
                                      " JOIN providers p ON p.id = t.provider_id"
                                      " WHERE x.activity_id = ?1 ORDER BY t.name, t.id");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, id);
    int32_t today = date_today();
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *level = db_col_text(st, 2);
        json_t *row = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
                                (json_int_t)sqlite3_column_int64(st, 0), "name",
                                db_col_text(st, 1), "level", level, "level_label",
                                staff_level_label(level), "provider", db_col_text(st, 3));
        if (school_view) {
            char until[11];
            enum vog_status vog = vog_check(db_col_text(st, 4), today,
                                            r->app->cfg.vog_valid_years, until);
            bool problem = vog_problem(vog, sqlite3_column_int(st, 5) != 0);
            json_object_set_new(row, "vog_problem", json_boolean(problem));
            json_object_set_new(row, "vog_label",
                                json_string(vog == VOG_VALID     ? "VOG geldig"
                                            : vog == VOG_EXPIRED ? "VOG verlopen"
                                                                 : "geen VOG"));
        }
        json_array_append_new(list, row);
    }
    sqlite3_reset(st);
    return list;
}

/* The sessions in date order: [{"id", "date", "slot_date", "start", "end", "cancelled",
   "moved", "reason", "date_label", "slot_label"}]. */
static json_t *sessions_of(struct req *r, int64_t id, const char *start, const char *end)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id, date, slot_date, start_time, end_time,"
                                      " cancelled, reason FROM sessions WHERE activity_id = ?1"
                                      " ORDER BY date, start_time, id");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, id);
    char today[11];
    date_format(date_today(), today);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *date = db_col_text(st, 1), *slot = db_col_text(st, 2);
        const char *s_start = db_col_text(st, 3), *s_end = db_col_text(st, 4);
        char date_label[32], slot_label[32];
        date_label_nl(date, true, date_label);
        date_label_nl(slot, true, slot_label);
        bool moved = strcmp(date, slot) || strcmp(s_start, start) || strcmp(s_end, end);
        bool cancelled = sqlite3_column_int(st, 5);
        json_array_append_new(
            list,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:s, s:s, s:s, s:b, s:b}", "id",
                      (json_int_t)sqlite3_column_int64(st, 0), "date", date, "slot_date", slot,
                      "start", s_start, "end", s_end, "cancelled", cancelled, "moved", moved,
                      "other_date", strcmp(date, slot) != 0, "reason", db_col_text(st, 6),
                      "date_label", date_label, "slot_label", slot_label, "past",
                      strcmp(date, today) < 0, "due", /* held, so its register can be taken */
                      !cancelled && strcmp(date, today) <= 0));
    }
    sqlite3_reset(st);
    return list;
}

/* Enrolments: enrolled first, then the waiting list in order, then cancelled ones. Safety
   notes and the priority flag only in the school's view. */
static json_t *enrolments_of(struct req *r, int64_t id, bool school_view)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT e.id, p.id, p.first_name, p.last_name, p.grade, p.class, e.status,"
               " CASE e.status WHEN 'waitlisted' THEN row_number() OVER"
               "  (PARTITION BY e.status ORDER BY e.created_at, e.id) END,"
               " p.safety_notes, p.priority"
               " FROM enrolments e JOIN pupils p ON p.id = e.pupil_id WHERE e.activity_id = ?1"
               " ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1"
               " ELSE 2 END, CASE e.status WHEN 'waitlisted' THEN e.created_at END,"
               " CASE e.status WHEN 'waitlisted' THEN e.id END, p.last_name, p.first_name,"
               " e.id");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *status = db_col_text(st, 6);
        json_t *row = json_pack(
            "{s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:o}", "id",
            (json_int_t)sqlite3_column_int64(st, 0), "pupil_id",
            (json_int_t)sqlite3_column_int64(st, 1), "first_name", db_col_text(st, 2),
            "last_name", db_col_text(st, 3), "grade", sqlite3_column_int(st, 4), "class",
            db_col_text(st, 5), "status", status, "status_label", enrolment_status_label(status),
            "position",
            sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null()
                                                      : json_integer(sqlite3_column_int64(st, 7)));
        json_object_set_new(row, "waitlisted", json_boolean(!strcmp(status, "waitlisted")));
        json_object_set_new(row, "cancelled", json_boolean(!strcmp(status, "cancelled")));
        if (school_view) {
            json_object_set_new(row, "safety_notes", json_string(db_col_text(st, 8)));
            json_object_set_new(row, "priority", json_boolean(sqlite3_column_int(st, 9)));
        }
        json_array_append_new(list, row);
    }
    sqlite3_reset(st);
    return list;
}

/* The pupils the school may still sign up directly (e.g. priority pupils): of the
   coordinator's school (the lead: the activity's school), in the grade range, not left, not
   already enrolled or waiting. Priority pupils first. */
static json_t *pupils_to_enrol(struct req *r, int64_t activity_id)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT p.id, p.last_name, p.first_name, p.grade, p.class, p.priority"
               " FROM activities a JOIN pupils p ON p.school_id = coalesce(nullif(?2, 0),"
               "  a.school_id) AND p.grade BETWEEN a.grade_min AND a.grade_max"
               "  AND p.left_on IS NULL"
               " WHERE a.id = ?1 AND NOT EXISTS (SELECT 1 FROM enrolments e"
               "  WHERE e.activity_id = a.id AND e.pupil_id = p.id"
               "  AND e.status IN ('enrolled', 'waitlisted'))"
               " ORDER BY p.priority DESC, p.last_name, p.first_name, p.id LIMIT 1000");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *klass = db_col_text(st, 4);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                            "label",
                            arena_printf(&r->arena, "%s, %s (%d%s%s)%s", db_col_text(st, 1),
                                         db_col_text(st, 2), sqlite3_column_int(st, 3),
                                         *klass ? ", " : "", klass,
                                         sqlite3_column_int(st, 5) ? " – doelgroep" : ""),
                            "priority", sqlite3_column_int(st, 5) != 0));
    }
    sqlite3_reset(st);
    return list;
}

/* Counts over the enrolments and sessions already in the model. */
static void add_counts(json_t *m)
{
    json_int_t enrolled = 0, waitlisted = 0, cancelled = 0, sessions = 0, dropped = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(m, "enrolments"), i, row)
    {
        const char *status = json_string_value(json_object_get(row, "status"));
        enrolled += !strcmp(status, "enrolled");
        waitlisted += !strcmp(status, "waitlisted");
        cancelled += !strcmp(status, "cancelled");
    }
    json_array_foreach(json_object_get(m, "sessions"), i, row)
    {
        sessions++;
        dropped += json_is_true(json_object_get(row, "cancelled"));
    }
    json_int_t capacity = json_integer_value(json_object_get(m, "capacity"));
    json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "enrolled", enrolled,
                               "waitlisted", waitlisted, "cancelled", cancelled, "seats_left",
                               capacity > enrolled ? capacity - enrolled : 0, "sessions",
                               sessions - dropped, "sessions_cancelled", dropped);
    if (dropped) /* for the page only: "19 bijeenkomsten, 1 vervallen" */
        json_object_set_new(counts, "cancelled_note",
                            json_sprintf("%lld vervallen", (long long)dropped));
    json_object_set_new(m, "counts", counts);
}

json_t *activities_model(struct req *r, int64_t id, bool school_view)
{
    json_t *m = activity_row(r, id);
    if (!m)
        return NULL;
    const char *start = json_string_value(json_object_get(m, "start"));
    const char *end = json_string_value(json_object_get(m, "end"));
    json_object_set_new(m, "domains", domains_of(r, id));
    json_object_set_new(m, "staff", staff_of(r, id, school_view));
    json_object_set_new(m, "sessions", sessions_of(r, id, start, end));
    json_object_set_new(m, "enrolments", enrolments_of(r, id, school_view));
    add_counts(m);
    json_object_set_new(m, "can_edit", json_boolean(school_view));
    if (school_view && !r->wants_json) { /* for the page's forms only */
        json_object_set_new(m, "pupils_to_enrol", pupils_to_enrol(r, id));
        json_object_set_new(m, "activity_id", json_integer(id));
    }
    json_object_set_new(m, "show_school", json_boolean(r->user.role == ROLE_LEAD));
    return m;
}

int page_activity_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t visible = activities_visible_school(r, id);
    if (visible < 0)
        return page_failed(r);
    if (!visible)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    json_t *model = activities_model(r, id, r->user.role != ROLE_STAFF);
    if (!model)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    return render(r, 200, "activities/show", model);
}

