/* /activities: the list (search and filters), one activity with its sessions and enrolments,
   and the form to add or change an activity. The rules and the writes are in
   domain/activities.c; this file turns requests into calls of it and into view models. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "domain/activities.h"
#include "domain/providers.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
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

/* The school of activity id when this user may see it (lead: all; coordinator: the own school;
   staff: activities they run), else 0. */
static int64_t visible_school(struct req *r, int64_t id)
{
    int64_t school_id = scope_activity_school(r, id);
    if (!school_id)
        return 0;
    if (r->user.role == ROLE_STAFF)
        return scope_staff_runs(r, id) ? school_id : 0;
    return scope_school(r, school_id) ? school_id : 0;
}

static const char *status_label(const char *status)
{
    if (!strcmp(status, "enrolled"))
        return "ingeschreven";
    if (!strcmp(status, "waitlisted"))
        return "op de wachtlijst";
    if (!strcmp(status, "cancelled"))
        return "afgemeld";
    return status;
}

/* Append s to b percent-encoded for a URL query argument. */
static void url_arg(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf_putc(b, (char)*p);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[*p >> 4]);
            buf_putc(b, hex[*p & 15]);
        }
    }
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
                       : id_by_key(r, "SELECT id FROM schools WHERE key = ?1", f->school);
    f->staff_id = r->user.role == ROLE_STAFF ? r->user.staff_id : 0;
    f->domain_id = id_by_key(r, "SELECT id FROM domains WHERE code = ?1", f->domain);
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

/* Options of a filter select: [{"value", "name", "selected"}] from `sql` (value, name). */
static json_t *options(struct req *r, const char *sql, const char *selected)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, sql);
    if (!st)
        return list;
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", db_col_text(st, 0),
                                              "name", db_col_text(st, 1), "selected",
                                              !strcmp(db_col_text(st, 0), selected)));
    sqlite3_reset(st);
    return list;
}

/* The link to page `page` of the list with the same filters. Arena-owned. */
static const char *page_href(struct req *r, const struct list_filter *f, int64_t page)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "/activities?page=%lld", (long long)page);
    const char *names[] = {"q", "school", "domain"};
    const char *values[] = {f->q, f->school, f->domain};
    for (size_t i = 0; i < 3; i++) {
        if (!*values[i])
            continue;
        buf_printf(&b, "&%s=", names[i]);
        url_arg(&b, values[i]);
    }
    const char *href = arena_strdup(&r->arena, b.data);
    buf_free(&b);
    return href;
}

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
                            options(r, "SELECT key, name FROM schools ORDER BY name", f.school));
    json_object_set_new(model, "domain_options",
                        options(r, "SELECT code, name FROM domains ORDER BY position, name",
                                f.domain));
    if (page > 1)
        json_object_set_new(model, "prev_href", json_string(page_href(r, &f, page - 1)));
    if (page < pages)
        json_object_set_new(model, "next_href", json_string(page_href(r, &f, page + 1)));
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
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:s, s:s, s:s, s:b}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "date", date, "slot_date",
                            slot, "start", s_start, "end", s_end, "cancelled",
                            sqlite3_column_int(st, 5), "moved", moved, "other_date",
                            strcmp(date, slot) != 0, "reason", db_col_text(st, 6), "date_label",
                            date_label, "slot_label", slot_label, "past",
                            strcmp(date, today) < 0));
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
            db_col_text(st, 5), "status", status, "status_label", status_label(status),
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

/* Everything about activity id, for the show page and as the JSON answer of a save. school_view:
   the user is the lead or the school's coordinator (staff see less). NULL when it is gone. */
static json_t *activity_model(struct req *r, int64_t id, bool school_view)
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
    json_object_set_new(m, "show_school", json_boolean(r->user.role == ROLE_LEAD));
    return m;
}

int page_activity_show(struct req *r)
{
    int64_t id = r->path_ids[0];
    if (!visible_school(r, id))
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    json_t *model = activity_model(r, id, r->user.role != ROLE_STAFF);
    if (!model)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    return render(r, 200, "activities/show", model);
}

/* ---- the form ------------------------------------------------------------------------------- */

static const char *const weekday_values[] = {"1", "2", "3", "4", "5", "6", "7", NULL};
static const char *const open_to_values[] = {"school", "coalition", NULL};

/* The fields form_validate reads; staff_ID and domain_CODE checkboxes are read by hand. */
static const struct field activity_fields[] = {
    {.name = "school", .label = "School", .type = FIELD_KEY, .max_len = 100},
    {.name = "title", .label = "Titel", .type = FIELD_TEXT, .required = true,
     .max_len = ACTIVITY_TITLE_MAX},
    {.name = "goal", .label = "Doel", .type = FIELD_TEXTAREA, .max_len = ACTIVITY_GOAL_MAX},
    {.name = "location", .label = "Locatie", .type = FIELD_TEXT,
     .max_len = ACTIVITY_LOCATION_MAX},
    {.name = "provider", .label = "Aanbieder", .type = FIELD_INT, .min = 1, .max = INT64_MAX},
    {.name = "grade_min", .label = "Vanaf groep of leerjaar", .type = FIELD_INT,
     .required = true, .min = 1, .max = 8},
    {.name = "grade_max", .label = "Tot en met groep of leerjaar", .type = FIELD_INT,
     .required = true, .min = 1, .max = 8},
    {.name = "capacity", .label = "Aantal plaatsen", .type = FIELD_INT, .required = true,
     .min = 1, .max = ACTIVITY_CAPACITY_MAX},
    {.name = "weekday", .label = "Dag van de week", .type = FIELD_CHOICE, .required = true,
     .choices = weekday_values},
    {.name = "start", .label = "Begintijd", .type = FIELD_TIME, .required = true},
    {.name = "end", .label = "Eindtijd", .type = FIELD_TIME, .required = true},
    {.name = "from", .label = "Eerste datum", .type = FIELD_DATE, .required = true},
    {.name = "until", .label = "Laatste datum", .type = FIELD_DATE, .required = true},
    {.name = "signup_from", .label = "Inschrijven vanaf", .type = FIELD_DATETIME},
    {.name = "signup_until", .label = "Inschrijven tot", .type = FIELD_DATETIME},
    {.name = "open_to", .label = "Open voor", .type = FIELD_CHOICE, .required = true,
     .choices = open_to_values},
};

/* Every field in the order of the page, for the error summary. */
static const struct field summary_fields[] = {
    {.name = "school", .label = "School"},
    {.name = "title", .label = "Titel"},
    {.name = "goal", .label = "Doel"},
    {.name = "domains", .label = "Ontwikkelgebieden"},
    {.name = "location", .label = "Locatie"},
    {.name = "provider", .label = "Aanbieder"},
    {.name = "staff", .label = "Uitvoerders"},
    {.name = "grade_min", .label = "Vanaf groep of leerjaar"},
    {.name = "grade_max", .label = "Tot en met groep of leerjaar"},
    {.name = "capacity", .label = "Aantal plaatsen"},
    {.name = "open_to", .label = "Open voor"},
    {.name = "weekday", .label = "Dag van de week"},
    {.name = "start", .label = "Begintijd"},
    {.name = "end", .label = "Eindtijd"},
    {.name = "from", .label = "Eerste datum"},
    {.name = "until", .label = "Laatste datum"},
    {.name = "signup_from", .label = "Inschrijven vanaf"},
    {.name = "signup_until", .label = "Inschrijven tot"},
    {.name = "form", .label = "Formulier"},
};

static bool in_int_array(json_t *array, json_int_t v)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        if (json_integer_value(item) == v)
            return true;
    }
    return false;
}

static bool in_str_array(json_t *array, const char *s)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        if (!strcmp(json_string_value(item), s))
            return true;
    }
    return false;
}

/* Staff checkboxes grouped by provider: [{"provider", "staff": [{"id", "name", "checked"}]}]. */
static json_t *staff_groups(struct req *r, json_t *checked)
{
    json_t *groups = json_array(), *group = NULL;
    sqlite3_stmt *st = db_stmt(r->db, "SELECT t.id, t.name, p.id, p.name, t.level FROM staff t"
                                      " JOIN providers p ON p.id = t.provider_id"
                                      " ORDER BY p.name, p.id, t.name, t.id");
    if (!st)
        return groups;
    int64_t provider = 0;
    bool first = true;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!group || sqlite3_column_int64(st, 2) != provider) {
            provider = sqlite3_column_int64(st, 2);
            group = json_pack("{s:s, s:[]}", "provider", db_col_text(st, 3), "staff");
            json_array_append_new(groups, group);
        }
        json_int_t id = sqlite3_column_int64(st, 0);
        json_array_append_new(json_object_get(group, "staff"),
                              json_pack("{s:I, s:s, s:s, s:b, s:b}", "id", id, "name",
                                        db_col_text(st, 1), "level_label",
                                        staff_level_label(db_col_text(st, 4)), "checked",
                                        in_int_array(checked, id), "first", first));
        first = false;
    }
    sqlite3_reset(st);
    return groups;
}

static json_t *domain_choices(struct req *r, json_t *checked)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT code, name FROM domains ORDER BY position, name");
    if (!st)
        return list;
    bool first = true;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = db_col_text(st, 0);
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b}", "code", code, "name",
                                              db_col_text(st, 1), "checked",
                                              in_str_array(checked, code), "first", first));
        first = false;
    }
    sqlite3_reset(st);
    return list;
}

static json_t *provider_choices(struct req *r, const char *selected)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id, name, external FROM providers ORDER BY name");
    if (!st)
        return list;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(st, 0));
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "value", id, "name",
                                              db_col_text(st, 1), "kind",
                                              sqlite3_column_int(st, 2) ? "extern" : "school",
                                              "selected", !strcmp(id, selected)));
    }
    sqlite3_reset(st);
    return list;
}

static json_t *weekday_choices(const char *selected)
{
    json_t *list = json_array();
    for (int d = 1; d <= 7; d++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", weekday_values[d - 1],
                                              "name", weekday_name(d), "selected",
                                              !strcmp(weekday_values[d - 1], selected)));
    return list;
}

static const char *school_name_kind(struct req *r, int64_t school_id, const char **kind)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT name, kind FROM schools WHERE id = ?1");
    const char *name = "";
    *kind = "po";
    if (!st)
        return name;
    sqlite3_bind_int64(st, 1, school_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        name = arena_strdup(&r->arena, db_col_text(st, 0));
        *kind = arena_strdup(&r->arena, db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return name;
}

/* The form's model around values (stolen) and errors (stolen, may be NULL). id 0: a new
   activity. values holds the fields as strings plus "domains" (codes) and "staff" (ids). */
static json_t *form_model(struct req *r, int64_t id, const char *activity_title, json_t *values,
                          json_t *errors)
{
    json_t *m = json_pack("{s:s, s:s, s:s}", "title",
                          id ? "Activiteit wijzigen" : "Activiteit toevoegen", "action",
                          id ? arena_printf(&r->arena, "/activities/%lld", (long long)id)
                             : "/activities",
                          "submit_label", id ? "Wijzigingen opslaan" : "Activiteit toevoegen");
    if (id) {
        json_object_set_new(m, "id", json_integer(id));
        json_object_set_new(m, "activity_title", json_string(activity_title));
    }
    if (r->user.role == ROLE_LEAD) {
        json_object_set_new(m, "schools", options(r, "SELECT key, name FROM schools ORDER BY name",
                                                  form_str(values, "school")));
        json_object_set_new(m, "grade_noun", json_string("groep of leerjaar"));
    } else {
        const char *kind;
        const char *name = school_name_kind(r, r->user.school_id, &kind);
        json_object_set_new(m, "school_fixed", json_string(name));
        json_object_set_new(m, "grade_noun",
                            json_string(!strcmp(kind, "vo") ? "leerjaar" : "groep"));
    }
    json_object_set_new(m, "providers", provider_choices(r, form_str(values, "provider")));
    json_object_set_new(m, "staff_groups", staff_groups(r, json_object_get(values, "staff")));
    json_object_set_new(m, "domain_choices", domain_choices(r, json_object_get(values, "domains")));
    json_object_set_new(m, "weekdays", weekday_choices(form_str(values, "weekday")));
    json_object_set_new(m, "open_to_coalition",
                        json_boolean(!strcmp(form_str(values, "open_to"), "coalition")));
    json_object_set_new(m, "open_to_school",
                        json_boolean(strcmp(form_str(values, "open_to"), "coalition") != 0));
    json_object_set_new(m, "values", values);
    json_object_set_new(m, "errors", errors ? errors : json_object());
    return m;
}

static int show_form_errors(struct req *r, int64_t id, const char *activity_title,
                            json_t *values, json_t *errors)
{
    json_t *list = form_error_list(summary_fields, FIELDS_N(summary_fields), errors);
    json_t *m = form_model(r, id, activity_title, values, errors);
    json_object_set_new(m, "error_list", list);
    return render_form_errors(r, "activities/form", m);
}

/* The current values of activity id as the form shows them, and its title into *title.
   NULL when it does not exist. */
static json_t *stored_values(struct req *r, int64_t id, const char **title)
{
    json_t *a = activity_model(r, id, true);
    if (!a)
        return NULL;
    *title = arena_strdup(&r->arena, json_string_value(json_object_get(a, "title")));
    json_t *v = json_object();
    const char *text[] = {"title", "goal", "location", "start", "end", "from", "until",
                          "open_to", "school_key"};
    for (size_t i = 0; i < FIELDS_N(text); i++)
        json_object_set(v, !strcmp(text[i], "school_key") ? "school" : text[i],
                        json_object_get(a, text[i]));
    const char *ints[] = {"grade_min", "grade_max", "capacity", "weekday"};
    for (size_t i = 0; i < FIELDS_N(ints); i++)
        json_object_set_new(v, ints[i],
                            json_string(arena_printf(
                                &r->arena, "%lld",
                                (long long)json_integer_value(json_object_get(a, ints[i])))));
    json_t *provider = json_object_get(a, "provider");
    json_object_set_new(v, "provider",
                        json_string(provider && !json_is_null(provider)
                                        ? arena_printf(&r->arena, "%lld",
                                                       (long long)json_integer_value(
                                                           json_object_get(provider, "id")))
                                        : ""));
    const char *moments[] = {"signup_from", "signup_until"};
    for (size_t i = 0; i < 2; i++) {
        const char *s = json_string_value(json_object_get(a, moments[i]));
        json_object_set_new(v, moments[i], json_string(s ? s : ""));
    }
    json_t *domains = json_array(), *staff = json_array(), *item;
    size_t i;
    json_array_foreach(json_object_get(a, "domains"), i, item)
    {
        json_array_append(domains, json_object_get(item, "code"));
    }
    json_array_foreach(json_object_get(a, "staff"), i, item)
    {
        json_array_append(staff, json_object_get(item, "id"));
    }
    json_object_set_new(v, "domains", domains);
    json_object_set_new(v, "staff", staff);
    json_decref(a);
    return v;
}

int page_activity_new(struct req *r)
{
    json_t *values = json_pack("{s:s, s:[], s:[]}", "open_to", "school", "domains", "staff");
    return render(r, 200, "activities/form", form_model(r, 0, NULL, values, NULL));
}

int page_activity_edit(struct req *r)
{
    int64_t id = r->path_ids[0];
    const char *title = NULL;
    json_t *values = visible_school(r, id) ? stored_values(r, id, &title) : NULL;
    if (!values)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    return render(r, 200, "activities/form", form_model(r, id, title, values, NULL));
}

/* What the checkboxes staff_ID and domain_CODE of the request give. */
struct links {
    int64_t domain_ids[ACTIVITY_MAX_LINKS + 1], staff_ids[ACTIVITY_MAX_LINKS + 1];
    size_t n_domains, n_staff;
};

static bool checked(const char *value)
{
    return !strcmp(value, "1") || !strcmp(value, "on") || !strcmp(value, "true");
}

/* Read the checkboxes into l, their codes and ids into values ("domains", "staff") for showing
   the form again, and a message into errors for a name that is not on the form's lists. */
static void read_links(struct req *r, struct links *l, json_t *values, json_t *errors)
{
    json_t *codes = json_array(), *ids = json_array();
    memset(l, 0, sizeof *l);
    for (size_t i = 0; i < r->n_form; i++) {
        const char *name = r->form[i].name;
        if (!checked(r->form[i].value))
            continue;
        if (!strncmp(name, "domain_", 7)) {
            int64_t id = id_by_key(r, "SELECT id FROM domains WHERE code = ?1", name + 7);
            if (id <= 0) {
                json_object_set_new(errors, "domains",
                                    json_string("Kies ontwikkelgebieden uit de lijst."));
                continue;
            }
            json_array_append_new(codes, json_string(name + 7));
            if (l->n_domains <= ACTIVITY_MAX_LINKS)
                l->domain_ids[l->n_domains++] = id;
        } else if (!strncmp(name, "staff_", 6)) {
            char *end;
            long long id = strtoll(name + 6, &end, 10);
            if (name[6] < '1' || name[6] > '9' || *end || id <= 0) {
                json_object_set_new(errors, "staff", json_string("Kies uitvoerders uit de lijst."));
                continue;
            }
            json_array_append_new(ids, json_integer(id));
            if (l->n_staff <= ACTIVITY_MAX_LINKS)
                l->staff_ids[l->n_staff++] = id;
        }
    }
    json_object_set_new(values, "domains", codes);
    json_object_set_new(values, "staff", ids);
}

/* The school of the submitted activity: a coordinator's own (another school posted is an
   error), the lead's choice. 0 when there is none (the message is in errors). */
static int64_t read_school(struct req *r, json_t *values, json_t *errors)
{
    const char *key = form_str(values, "school");
    if (r->user.role == ROLE_COORDINATOR) {
        int64_t own = r->user.school_id;
        if (*key && id_by_key(r, "SELECT id FROM schools WHERE key = ?1", key) != own)
            json_object_set_new(errors, "school",
                                json_string("U kunt alleen activiteiten van uw eigen school"
                                            " beheren."));
        return own;
    }
    if (json_object_get(errors, "school"))
        return 0;
    if (!*key) {
        json_object_set_new(errors, "school", json_string("Kies een school."));
        return 0;
    }
    int64_t id = id_by_key(r, "SELECT id FROM schools WHERE key = ?1", key);
    if (id <= 0) {
        json_object_set_new(errors, "school", json_string("Kies een school uit de lijst."));
        return 0;
    }
    return id;
}

/* A field's value for the domain, or NULL when the field already has a message. */
static const char *good_str(json_t *values, json_t *errors, const char *name)
{
    return json_object_get(errors, name) ? NULL : form_str(values, name);
}

static int good_int(json_t *values, json_t *errors, const char *name)
{
    return json_object_get(errors, name) ? 0 : (int)form_int(values, name);
}

/* "YYYY-MM-DD HH:MM" (accepted as typed) stored as "YYYY-MM-DDTHH:MM". Arena-owned. */
static const char *moment(struct req *r, const char *s)
{
    if (!s || strlen(s) != 16 || s[10] != ' ')
        return s;
    char *copy = arena_strdup(&r->arena, s);
    copy[10] = 'T';
    return copy;
}

/* Add the domain's problems to errors, for fields that have no message yet. */
static void add_problems(json_t *errors, const struct activity_problem *p, size_t n)
{
    bool had_errors = json_object_size(errors) > 0;
    for (size_t i = 0; i < n; i++) {
        if (json_object_get(errors, p[i].field) || (had_errors && !strcmp(p[i].field, "form")))
            continue;
        json_object_set_new(errors, p[i].field, json_string(p[i].message));
    }
}

/* Create (id 0) or change activity id from the posted form. */
static int activity_submit(struct req *r, int64_t id, const char *old_title)
{
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, activity_fields, FIELDS_N(activity_fields), values, errors);
    if (json_object_get(errors, "weekday"))
        json_object_set_new(errors, "weekday", json_string("Kies een dag van de week."));
    if (json_object_get(errors, "open_to"))
        json_object_set_new(errors, "open_to", json_string("Kies voor wie de activiteit is."));
    if (json_object_get(errors, "provider"))
        json_object_set_new(errors, "provider", json_string("Kies een aanbieder uit de lijst."));
    struct links links;
    read_links(r, &links, values, errors);
    struct activity_input in = {
        .school_id = read_school(r, values, errors),
        .provider_id = good_int(values, errors, "provider"),
        .title = good_str(values, errors, "title"),
        .goal = good_str(values, errors, "goal"),
        .location = good_str(values, errors, "location"),
        .grade_min = good_int(values, errors, "grade_min"),
        .grade_max = good_int(values, errors, "grade_max"),
        .capacity = good_int(values, errors, "capacity"),
        .weekday = good_int(values, errors, "weekday"),
        .start = good_str(values, errors, "start"),
        .end = good_str(values, errors, "end"),
        .from = good_str(values, errors, "from"),
        .until = good_str(values, errors, "until"),
        .signup_from = moment(r, good_str(values, errors, "signup_from")),
        .signup_until = moment(r, good_str(values, errors, "signup_until")),
        .open_to = good_str(values, errors, "open_to"),
        .domain_ids = links.domain_ids,
        .n_domains = json_object_get(errors, "domains") ? 1 : links.n_domains,
        .staff_ids = links.staff_ids,
        .n_staff = links.n_staff,
    };
    if (!in.school_id)
        in.school_id = -1; /* reported already; keep the domain from saying it again */
    struct activity_problem problems[24];
    if (json_object_size(errors)) {
        int n = activity_check(r->db, id, &in, problems, FIELDS_N(problems));
        if (n > 0)
            add_problems(errors, problems, (size_t)n < FIELDS_N(problems) ? (size_t)n
                                                                          : FIELDS_N(problems));
        return show_form_errors(r, id, old_title, values, errors);
    }
    size_t n_problems = 0;
    int64_t saved = id;
    enum activity_result rc = activity_save(r->db, r->user.id, &saved, &in, problems,
                                            FIELDS_N(problems), &n_problems);
    if (rc == ACTIVITY_INVALID) {
        add_problems(errors, problems, n_problems < FIELDS_N(problems) ? n_problems
                                                                       : FIELDS_N(problems));
        return show_form_errors(r, id, old_title, values, errors);
    }
    json_decref(values);
    json_decref(errors);
    if (rc == ACTIVITY_NOT_FOUND)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    if (rc != ACTIVITY_OK)
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    if (r->wants_json) {
        json_t *saved_model = activity_model(r, saved, true);
        return saved_model ? respond_json(r, id ? 200 : 201, saved_model)
                           : render_error(r, 500, "Opslaan lukt nu niet.");
    }
    session_flash(r, id ? "De activiteit is opgeslagen." : "De activiteit is toegevoegd.");
    return respond_redirect(r, arena_printf(&r->arena, "/activities/%lld", (long long)saved));
}

int page_activity_create(struct req *r) { return activity_submit(r, 0, NULL); }

int page_activity_update(struct req *r)
{
    int64_t id = r->path_ids[0];
    if (!visible_school(r, id))
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    const char *title = "";
    sqlite3_stmt *st = db_stmt(r->db, "SELECT title FROM activities WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            title = arena_strdup(&r->arena, db_col_text(st, 0));
        sqlite3_reset(st);
    }
    return activity_submit(r, id, title);
}
