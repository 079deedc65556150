/* /parent: the parent's children with their enrolments and what changed since the last visit;
   /parent/children/{id}: the activities open to one child, to sign up with one button. A parent
   sees only the own children (another child answers 404). Texts come from the message files
   (section "parent"), so these pages follow the parent's language. Sign-up and cancelling are
   enrolments.c, registering and linking children parent_account.c. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "domain/enrolment/calendar.h"
#include "domain/enrolment/enrol.h"
#include "domain/enrolment/notify.h"
#include "domain/enrolment/parents.h"
#include "domain/enrolment/rounds.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/parent_internal.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

enum { NOTICES_SHOWN = 20 };

/* ---- pieces shared by both pages ------------------------------------------------------------- */

/* "groep 6" / "grade 6" (po) or "leerjaar 2" / "year 2" (vo), in the request's language. */
static const char *grade_label(struct req *r, const char *kind, int grade)
{
    json_t *vars = json_pack("{s:i}", "n", grade);
    const char *label =
        req_format(r, strcmp(kind, "vo") ? "parent.grade_po" : "parent.grade_vo", vars);
    json_decref(vars);
    return label;
}

static const char *weekday_name(struct req *r, int weekday)
{
    char key[24];
    snprintf(key, sizeof key, "date.weekday_%d", weekday >= 1 && weekday <= 7 ? weekday : 1);
    return req_text(r, key);
}

/* The label of an enrolment's status in the parent's language, with the position. */
static const char *status_text(struct req *r, const char *status, int position)
{
    json_t *vars = json_pack("{s:i}", "position", position);
    char key[32];
    snprintf(key, sizeof key, "parent.status_%s", status);
    const char *text = req_format(r, key, vars);
    json_decref(vars);
    return text;
}

json_t *parent_child_row(struct req *r, int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT p.id, p.first_name, p.last_name, p.grade, s.name,"
                                      " s.kind, p.school_id FROM parent_children pc"
                                      " JOIN pupils p ON p.id = pc.pupil_id"
                                      " JOIN schools s ON s.id = p.school_id"
                                      " WHERE pc.user_id = ?1 AND p.id = ?2");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, r->user.id);
    sqlite3_bind_int64(st, 2, pupil_id);
    json_t *child = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *kind = db_col_text(st, 5);
        int grade = sqlite3_column_int(st, 3);
        child = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:I}", "id",
                          (json_int_t)sqlite3_column_int64(st, 0), "first_name",
                          db_col_text(st, 1), "last_name", db_col_text(st, 2), "grade", grade,
                          "school", db_col_text(st, 4), "grade_label",
                          grade_label(r, kind, grade), "school_id",
                          (json_int_t)sqlite3_column_int64(st, 6));
    }
    sqlite3_reset(st);
    return child;
}

/* The child's enrolments in activities that have not ended: enrolled first, then waiting (by
   position), then cancelled. */
static json_t *child_enrolments(struct req *r, int64_t pupil_id, const char *today)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT e.id, e.activity_id, a.title, e.status, a.weekday, a.start_time,"
               " a.end_time, a.location,"
               " CASE WHEN e.status = 'waitlisted' THEN 1 + (SELECT count(*) FROM enrolments w"
               "  WHERE w.activity_id = e.activity_id AND w.status = 'waitlisted'"
               "  AND (w.created_at < e.created_at OR (w.created_at = e.created_at"
               "  AND w.id < e.id))) ELSE 0 END"
               " FROM enrolments e JOIN activities a ON a.id = e.activity_id"
               " WHERE e.pupil_id = ?1 AND a.date_until >= ?2"
               " ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2"
               " END, a.weekday, a.start_time, a.title");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *status = db_col_text(st, 3);
        int position = sqlite3_column_int(st, 8);
        json_array_append_new(
            list,
            json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:b, s:b, s:b, s:s, s:s, s:s, s:s}", "id",
                      (json_int_t)sqlite3_column_int64(st, 0), "activity_id",
                      (json_int_t)sqlite3_column_int64(st, 1), "title", db_col_text(st, 2),
                      "status", status, "status_text", status_text(r, status, position),
                      "position", position, "enrolled", !strcmp(status, "enrolled"),
                      "waitlisted", !strcmp(status, "waitlisted"), "cancelled",
                      !strcmp(status, "cancelled"), "day",
                      weekday_name(r, sqlite3_column_int(st, 4)), "start", db_col_text(st, 5),
                      "end", db_col_text(st, 6), "location", db_col_text(st, 7)));
    }
    sqlite3_reset(st);
    return list;
}

/* ---- /parent --------------------------------------------------------------------------------- */

static json_t *children_of_parent(struct req *r, const char *today)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT pc.pupil_id FROM parent_children pc"
                                      " JOIN pupils p ON p.id = pc.pupil_id"
                                      " WHERE pc.user_id = ?1 ORDER BY p.first_name, p.id"
                                      " LIMIT 20");
    json_t *children = json_array();
    if (!st)
        return children;
    sqlite3_bind_int64(st, 1, r->user.id);
    int64_t ids[20];
    size_t n = 0;
    while (n < 20 && sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++) {
        json_t *child = parent_child_row(r, ids[i]);
        if (!child)
            continue;
        json_object_set_new(child, "enrolments", child_enrolments(r, ids[i], today));
        json_array_append_new(children, child);
    }
    return children;
}

/* The home model; link_errors/values: the link form shown again with its problem. */
json_t *parent_home_model(struct req *r)
{
    char today[11];
    date_format(date_today(), today);
    json_t *notices = notify_list(r->db, r->user.id, r->lang, NOTICES_SHOWN);
    bool unseen = false;
    size_t i;
    json_t *n;
    json_array_foreach(notices, i, n)
    {
        unseen |= json_is_true(json_object_get(n, "unseen"));
        json_object_set_new(n, "when",
                            json_string(when_moment(r, json_string_value(json_object_get(n, "at")))));
    }
    json_t *children = children_of_parent(r, today);
    return json_pack("{s:s, s:o, s:o, s:b, s:b, s:o, s:o}", "title",
                     req_text(r, "parent.title"), "children", children, "notices",
                     notices ? notices : json_array(), "has_unseen", unseen, "has_children",
                     json_array_size(children) > 0, "values", json_object(), "errors",
                     json_object());
}

int page_parent_home(struct req *r)
{
    json_t *model = parent_home_model(r);
    if (!model)
        return render_error(r, 500, req_text(r, "refusal.failed"));
    int status = render(r, 200, "parent/home", model);
    notify_mark_seen(r->db, r->user.id); /* shown once as new; a failure only shows them again */
    return status;
}

/* ---- /parent/children/{id} ------------------------------------------------------------------- */

/* "Sport, Cultuur" from the domains as a JSON array of {code, name}. Arena-owned. */
static const char *domain_names(struct req *r, const char *domains_json)
{
    json_t *domains = json_loads(domains_json, 0, NULL);
    struct buf names = BUF_INIT;
    size_t i;
    json_t *d;
    json_array_foreach(domains, i, d)
        buf_printf(&names, "%s%s", i ? ", " : "", json_string_value(json_object_get(d, "name")));
    json_decref(domains);
    const char *copy = arena_strdup(&r->arena, names.data ? names.data : "");
    buf_free(&names);
    return copy;
}

/* Mark an activity that overlaps in time with one the child already takes (or waits for), so
   the page says so instead of offering a button that would be refused. */
static void add_clash(struct req *r, json_t *row, json_t *clashes)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
    const char *title = json_string_value(json_object_get(clashes, id));
    if (!title)
        return;
    json_t *vars = json_pack("{s:s}", "title", title);
    json_object_set_new(row, "clash", json_string(req_format(r, "parent.clash", vars)));
    json_decref(vars);
}

/* The activities open to the child: its school's and the coalition-wide ones, for its grade,
   with the sign-up window open and not ended; with the child's own status in each. */
static json_t *open_activities(struct req *r, const json_t *child, const char *today,
                               const char *now)
{
    sqlite3_stmt *st = db_stmt(
        r->db,
        "SELECT a.id, a.title, a.goal, a.location, a.weekday, a.start_time, a.end_time,"
        " a.date_from, a.date_until, s.name,"
        " a.capacity - (SELECT count(*) FROM enrolments x WHERE x.activity_id = a.id"
        "  AND x.status = 'enrolled'),"
        " (SELECT count(*) FROM enrolments x WHERE x.activity_id = a.id"
        "  AND x.status = 'waitlisted'),"
        " (SELECT json_group_array(json_object('code', d.code, 'name', d.name))"
        "  FROM (SELECT d.code, d.name FROM activity_domains ad"
        "  JOIN domains d ON d.id = ad.domain_id WHERE ad.activity_id = a.id"
        "  ORDER BY d.position) d),"
        " coalesce(e.status, ''), coalesce(e.id, 0),"
        " EXISTS (SELECT 1 FROM round_activities ra JOIN rounds r ON r.id = ra.round_id"
        "  WHERE ra.activity_id = a.id AND r.closed_at IS NULL),"
        " coalesce(a.signup_until, '')"
        " FROM activities a JOIN schools s ON s.id = a.school_id"
        " LEFT JOIN enrolments e ON e.activity_id = a.id AND e.pupil_id = ?1"
        " WHERE (a.school_id = ?2 OR a.open_to = 'coalition')"
        "  AND ?3 BETWEEN a.grade_min AND a.grade_max AND a.date_until >= ?4"
        "  AND (a.signup_from IS NULL OR a.signup_from <= ?5)"
        "  AND (a.signup_until IS NULL OR a.signup_until >= ?5)"
        " ORDER BY a.school_id <> ?2, a.weekday, a.start_time, a.title LIMIT 200");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(child, "id")));
    sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(child, "school_id")));
    sqlite3_bind_int(st, 3, (int)json_integer_value(json_object_get(child, "grade")));
    db_bind_text(st, 4, today);
    db_bind_text(st, 5, now);
    /* all clashes of the child at once, not a query per listed activity */
    json_t *clashes = enrol_clashes(r->db, json_integer_value(json_object_get(child, "id")), today);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *mine = db_col_text(st, 13);
        int64_t seats = sqlite3_column_int64(st, 10);
        bool active = !strcmp(mine, "enrolled") || !strcmp(mine, "waitlisted");
        json_t *row = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:b, s:b,"
            " s:b}",
            "id", (json_int_t)sqlite3_column_int64(st, 0), "title", db_col_text(st, 1), "goal",
            db_col_text(st, 2), "location", db_col_text(st, 3), "day",
            weekday_name(r, sqlite3_column_int(st, 4)), "start", db_col_text(st, 5), "end",
            db_col_text(st, 6), "from", db_col_text(st, 7), "until", db_col_text(st, 8),
            "school", db_col_text(st, 9), "seats_left", (json_int_t)(seats > 0 ? seats : 0),
            "waitlist_length", (json_int_t)sqlite3_column_int64(st, 11), "domain_names",
            domain_names(r, db_col_text(st, 12)), "enrolment_id", (json_int_t)(active ? sqlite3_column_int64(st, 14) : 0),
            "in_round", sqlite3_column_int(st, 15) != 0, "full", seats <= 0, "active", active);
        json_object_set_new(row, "domains", json_loads(db_col_text(st, 12), 0, NULL));
        json_object_set_new(row, "has_waitlist", json_boolean(sqlite3_column_int64(st, 11) > 0));
        json_object_set_new(row, "status", json_string(mine));
        json_object_set_new(row, "enrolled", json_boolean(!strcmp(mine, "enrolled")));
        json_object_set_new(row, "waitlisted", json_boolean(!strcmp(mine, "waitlisted")));
        json_object_set_new(row, "signup_until", json_string(db_col_text(st, 16)));
        json_object_set_new(row, "period",
                            json_string(arena_printf(&r->arena, "%s – %s",
                                                     when_day(r, db_col_text(st, 7)),
                                                     when_day(r, db_col_text(st, 8)))));
        if (!active)
            add_clash(r, row, clashes);
        json_array_append_new(list, row);
    }
    sqlite3_reset(st);
    json_decref(clashes);
    return list;
}

/* The reason the child cannot take part in all its activities at once, shown before a parent
   tries: the per-child maximum reached. NULL when there is room. */
static const char *max_reached(struct req *r, int64_t pupil_id, const char *today)
{
    int max = r->app->cfg.max_per_child;
    if (enrol_active_count(r->db, pupil_id, 0, today) < max)
        return NULL;
    json_t *vars = json_pack("{s:i}", "max", max);
    const char *text = req_format(r, "refusal.max_reached", vars);
    json_decref(vars);
    return text;
}

json_t *parent_child_model(struct req *r, int64_t pupil_id)
{
    json_t *child = parent_child_row(r, pupil_id);
    if (!child)
        return NULL;
    char today[11], now[17];
    date_format(date_today(), today);
    datetime_now(now);
    char token[CALENDAR_TOKEN_LEN + 1] = "";
    struct buf feed = BUF_INIT;
    if (calendar_feed_token(r->db, r->user.id, pupil_id, token) == CALENDAR_OK)
        calendar_feed_url(&feed, r->app->cfg.public_url, token);
    const char *feed_url = arena_strdup(&r->arena, feed.data ? feed.data : "");
    buf_free(&feed);
    /* webcal:// makes a phone offer to subscribe instead of downloading the file once */
    const char *webcal = strstr(feed_url, "://");
    webcal = webcal ? arena_printf(&r->arena, "webcal%s", webcal) : "";
    json_t *vars = json_pack("{s:O}", "child", json_object_get(child, "first_name"));
    const char *title = req_format(r, "parent.child_title", vars);
    json_decref(vars);
    const char *full_up = max_reached(r, pupil_id, today);
    json_t *rounds = rounds_open_for_child(r->db, pupil_id, NULL);
    size_t i;
    json_t *round;
    json_array_foreach(rounds, i, round)
    { /* for the page: the closing in words, and whether the child has ranked (0 is not false) */
        json_object_set_new(round, "closes_text",
                            json_string(when_moment(r, json_string_value(
                                                           json_object_get(round, "closes")))));
        json_object_set_new(round, "has_ranked",
                            json_boolean(json_integer_value(json_object_get(round, "ranked")) > 0));
    }
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "title", title, "rounds",
                     rounds ? rounds : json_array(), "activities",
                     open_activities(r, child, today, now), "enrolments",
                     child_enrolments(r, pupil_id, today), "child", child, "calendar_url",
                     feed_url, "webcal_url", webcal, "values", json_object(), "errors",
                     json_object());
    if (model && full_up)
        json_object_set_new(model, "max_reached", json_string(full_up));
    return model;
}

int page_parent_child(struct req *r)
{
    json_t *model = parent_child_model(r, r->path_ids[0]);
    if (!model)
        return render_error(r, 404, req_text(r, "refusal.not_found"));
    return render(r, 200, "parent/child", model);
}
