/* GET /pupils: the pupils in the user's scope — search on name or number, filters on grade,
   priority and (the lead) school, pages of 50, and the count. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "view/render.h"

enum { PER_PAGE = 50, PAGE_MAX = 1000000 };

/* A whole number from the query within [min, max], or fallback when absent or not one. */
static long long query_int(const struct req *r, const char *name, long long min, long long max,
                           long long fallback)
{
    const char *s = req_query(r, name);
    if (!s || !*s)
        return fallback;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return fallback;
    return v;
}


struct list_filter {
    const char *q;    /* "" = no search */
    int grade;        /* 0 = all */
    int priority;     /* -1 = all */
    int64_t school;   /* 0 = all (lead only) */
    long long page;   /* from 1 */
};

/* q as a LIKE pattern matching anywhere ('%', '_' and '\' escaped), or NULL for no search. */
static const char *like_pattern(struct req *r, const char *q)
{
    if (!*q)
        return NULL;
    char *out = arena_alloc(&r->arena, strlen(q) * 2 + 3), *dst = out;
    *dst++ = '%';
    for (; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            *dst++ = '\\';
        *dst++ = *q;
    }
    *dst++ = '%';
    *dst = '\0';
    return out;
}

#define LIST_WHERE                                                                         \
    " WHERE (?1 = 0 OR p.school_id = ?1) AND (?2 = 0 OR p.grade = ?2)"                     \
    " AND (?3 < 0 OR p.priority = ?3) AND (?4 IS NULL OR p.number LIKE ?4 ESCAPE '\\'"     \
    " OR p.first_name LIKE ?4 ESCAPE '\\' OR p.last_name LIKE ?4 ESCAPE '\\'"              \
    " OR (p.first_name || ' ' || p.last_name) LIKE ?4 ESCAPE '\\')"

static void bind_filter(struct req *r, sqlite3_stmt *st, const struct list_filter *f)
{
    sqlite3_bind_int64(st, 1, f->school);
    sqlite3_bind_int(st, 2, f->grade);
    sqlite3_bind_int(st, 3, f->priority);
    db_bind_text(st, 4, like_pattern(r, f->q));
}

static json_int_t count_pupils(struct req *r, const struct list_filter *f)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT count(*) FROM pupils p" LIST_WHERE);
    if (!st)
        return 0;
    bind_filter(r, st, f);
    json_int_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

/* One page of pupils matching the filter. New reference. */
static json_t *list_pupils(struct req *r, const struct list_filter *f)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT p.id, p.number, p.first_name, p.last_name, p.grade, p.class, p.priority,"
               " p.left_on, s.id, s.key, s.name FROM pupils p JOIN schools s ON s.id = p.school_id"
               LIST_WHERE " ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE,"
               " p.id LIMIT ?5 OFFSET ?6");
    if (!st)
        return list;
    bind_filter(r, st, f);
    sqlite3_bind_int(st, 5, PER_PAGE);
    sqlite3_bind_int64(st, 6, (f->page - 1) * PER_PAGE);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:b, s:s?, s:I, s:s, s:s}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "number",
                            db_col_text(st, 1), "first_name", db_col_text(st, 2), "last_name",
                            db_col_text(st, 3), "grade", (json_int_t)sqlite3_column_int64(st, 4),
                            "class", db_col_text(st, 5), "priority", sqlite3_column_int(st, 6),
                            "left_on", (const char *)sqlite3_column_text(st, 7), "school_id",
                            (json_int_t)sqlite3_column_int64(st, 8), "school_key",
                            db_col_text(st, 9), "school", db_col_text(st, 10)));
    }
    sqlite3_reset(st);
    return list;
}

/* The filter's select options. New references. */
static json_t *grade_options(int grade_max, int selected)
{
    json_t *list = json_array();
    for (int g = 1; g <= grade_max; g++)
        json_array_append_new(list, json_pack("{s:i, s:b}", "value", g, "selected", g == selected));
    return list;
}

static json_t *priority_options(int selected)
{
    return json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}]", "value", "1", "label",
                     "Alleen doelgroepleerlingen", "selected", selected == 1, "value", "0",
                     "label", "Geen doelgroepleerlingen", "selected", selected == 0);
}

int page_pupils_list(struct req *r)
{
    const char *q = req_query(r, "q");
    struct list_filter f = {
        .q = q ? q : "",
        .grade = (int)query_int(r, "grade", 1, 8, 0),
        .priority = (int)query_int(r, "priority", 0, 1, -1),
        .school = query_int(r, "school", 1, INT64_MAX, 0),
        .page = query_int(r, "page", 1, PAGE_MAX, 1),
    };
    bool is_lead = r->user.role == ROLE_LEAD;
    int grade_max = 8;
    const char *grade_word = "Groep of leerjaar";
    if (!is_lead) {
        struct school_info own;
        f.school = r->user.school_id;
        if (pupils_school_info(r, f.school, &own)) {
            grade_max = own.grade_max;
            grade_word = !strcmp(own.kind, "vo") ? "Leerjaar" : "Groep";
        }
    }
    json_int_t total = count_pupils(r, &f);
    json_int_t pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
    bool filtered = *f.q || f.grade || f.priority >= 0 || (is_lead && f.school);
    json_t *model = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:I, s:b, s:b, s:{s:s, s:i, s:i, s:I}, s:o, s:o}", "title",
        "Leerlingen", "pupils", list_pupils(r, &f), "total", total, "page", (json_int_t)f.page,
        "pages", pages, "per_page", (json_int_t)PER_PAGE, "show_school", is_lead, "filtered",
        filtered, "filter", "q", f.q, "grade", f.grade, "priority", f.priority, "school",
        (json_int_t)(is_lead ? f.school : 0), "grades", grade_options(grade_max, f.grade),
        "priorities", priority_options(f.priority));
    if (is_lead)
        json_object_set_new(model, "schools", pupils_school_options(r, f.school));
    json_object_set_new(model, "count_label",
                        json_string(arena_printf(&r->arena, "%lld %s", (long long)total,
                                                 total == 1 ? "leerling" : "leerlingen")));
    json_object_set_new(model, "paged", json_boolean(pages > 1));
    json_object_set_new(model, "grade_word", json_string(grade_word));
    /* The links keep the filter; a coordinator's school is implied. */
    const struct url_param keep[] = {
        {"q", f.q},
        {"grade", f.grade ? arena_printf(&r->arena, "%d", f.grade) : NULL},
        {"priority", f.priority < 0 ? NULL : f.priority ? "1" : "0"},
        {"school", is_lead && f.school ? arena_printf(&r->arena, "%lld", (long long)f.school)
                                       : NULL},
    };
    size_t n_keep = sizeof keep / sizeof keep[0];
    if (total && f.page > pages)
        json_object_set_new(model, "first_href",
                            json_string(url_page(&r->arena, "/pupils", keep, n_keep, 1)));
    pagination_links(&r->arena, model, "/pupils", keep, n_keep, f.page, pages);
    return render(r, 200, "pupils/list", model);
}
