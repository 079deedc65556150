/* The start page: what each role needs first — counts for the lead, the own school for a
   coordinator, the coming sessions for staff, the children for a parent. */
#include <string.h>

#include "db/db.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "util/date.h"
#include "view/render.h"

int page_healthz(struct req *r) { return respond_text(r, 200, "ok"); }

static json_int_t count_for_school(struct req *r, const char *sql, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(r->db, sql);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, school_id);
    json_int_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

/* Counts over one school, or all schools when school_id is 0. */
static json_t *counts_model(struct req *r, int64_t school_id)
{
    return json_pack(
        "{s:I, s:I, s:I}", "schools",
        count_for_school(r, "SELECT count(*) FROM schools WHERE ?1 IN (0, id)", school_id),
        "pupils",
        count_for_school(r, "SELECT count(*) FROM pupils WHERE ?1 IN (0, school_id)"
                            " AND left_on IS NULL", school_id),
        "activities",
        count_for_school(r, "SELECT count(*) FROM activities WHERE ?1 IN (0, school_id)"
                            " AND date_until >= date('now', 'localtime')", school_id));
}

/* Sessions in the coming week: of one school (school_id), or run by one staff member. */
static json_t *upcoming_sessions(struct req *r, int64_t school_id, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT s.id, s.date, s.start_time, s.end_time, a.id, a.title, s.cancelled"
               " FROM sessions s JOIN activities a ON a.id = s.activity_id"
               " WHERE s.date BETWEEN date('now', 'localtime') AND date('now', 'localtime', '+6 days')"
               " AND (?1 = 0 OR a.school_id = ?1)"
               " AND (?2 = 0 OR EXISTS (SELECT 1 FROM activity_staff x"
               "      WHERE x.activity_id = a.id AND x.staff_id = ?2))"
               " ORDER BY s.date, s.start_time, a.title LIMIT 50");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int64(st, 2, staff_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:b}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "date", db_col_text(st, 1),
                            "start", db_col_text(st, 2), "end", db_col_text(st, 3),
                            "activity_id", (json_int_t)sqlite3_column_int64(st, 4), "title",
                            db_col_text(st, 5), "cancelled", sqlite3_column_int(st, 6)));
    }
    sqlite3_reset(st);
    return list;
}

static json_t *parent_children(struct req *r)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT p.id, p.first_name, s.name FROM parent_children c"
                                      " JOIN pupils p ON p.id = c.pupil_id"
                                      " JOIN schools s ON s.id = p.school_id"
                                      " WHERE c.user_id = ?1 ORDER BY p.first_name");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, r->user.id);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id",
                                              (json_int_t)sqlite3_column_int64(st, 0),
                                              "first_name", db_col_text(st, 1), "school",
                                              db_col_text(st, 2)));
    sqlite3_reset(st);
    return list;
}

int page_home(struct req *r)
{
    if (r->user.role == ROLE_PARENT && !r->wants_json)
        return respond_redirect(r, "/parent"); /* the parent's home is /parent */
    json_t *model = json_pack("{s:s}", "title", "Start");
    switch (r->user.role) {
    case ROLE_LEAD:
        json_object_set_new(model, "counts", counts_model(r, 0));
        break;
    case ROLE_COORDINATOR:
        json_object_set_new(model, "school", json_pack("{s:I, s:s}", "id",
                                                       (json_int_t)r->user.school_id, "name",
                                                       page_school_name(r, r->user.school_id)));
        json_object_set_new(model, "counts", counts_model(r, r->user.school_id));
        json_object_set_new(model, "upcoming", upcoming_sessions(r, r->user.school_id, 0));
        break;
    case ROLE_STAFF:
        json_object_set_new(model, "upcoming", upcoming_sessions(r, 0, r->user.staff_id));
        break;
    case ROLE_PARENT:
        json_object_set_new(model, "children", parent_children(r));
        break;
    default:
        break;
    }
    return render(r, 200, "home", model);
}
