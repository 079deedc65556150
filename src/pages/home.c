/* The start page: what each role needs first. "Vandaag" on top: today's sessions, each one tap
   from its register (/sessions/{id}) with whether attendance was taken — of the own school for
   a coordinator, of the activities they run for staff; the lead sees how many sessions today
   have their attendance taken. Then, for a coordinator, the pupils to call home about (the
   absence follow-up, domain/followup.h), a VOG warning for the lead and coordinator
   (staff_overview.c), the coming six days, and the counts; a parent's home is /parent. */
#include <string.h>

#include "db/db.h"
#include "domain/offer/activities.h"
#include "domain/attendance/followup.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/staff_overview.h"
#include "pages/when.h"
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

/* Sessions from `from` to `until` (ISO dates): of one school (school_id), run by one staff
   member (staff_id), or every school (both 0); each with whether attendance was taken (some
   marks saved). New reference; an empty array on a database error. */
static json_t *sessions_between(struct req *r, const char *from, const char *until,
                                int64_t school_id, int64_t staff_id)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT s.id, s.date, s.start_time, s.end_time, a.id, a.title, s.cancelled,"
               " EXISTS (SELECT 1 FROM attendance t WHERE t.session_id = s.id), sc.name"
               " FROM sessions s JOIN activities a ON a.id = s.activity_id"
               " JOIN schools sc ON sc.id = a.school_id"
               " WHERE s.date BETWEEN ?3 AND ?4"
               " AND (?1 = 0 OR a.school_id = ?1)"
               " AND (?2 = 0 OR EXISTS (SELECT 1 FROM activity_staff x"
               "      WHERE x.activity_id = a.id AND x.staff_id = ?2))"
               " ORDER BY s.date, s.start_time, a.title COLLATE NOCASE, s.id LIMIT 50");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int64(st, 2, staff_id);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, until);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:b}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "date", db_col_text(st, 1),
                            "date_label", when_date(r, db_col_text(st, 1)), "start",
                            db_col_text(st, 2), "end", db_col_text(st, 3), "activity_id",
                            (json_int_t)sqlite3_column_int64(st, 4), "title", db_col_text(st, 5),
                            "school", db_col_text(st, 8), "cancelled", sqlite3_column_int(st, 6),
                            "attendance_taken", sqlite3_column_int(st, 7)));
    }
    sqlite3_reset(st);
    return list;
}

/* The lead's view of today: {sessions (not cancelled), registered (with attendance taken),
   any (sessions > 0)} over every school. */
static json_t *today_counts(struct req *r, const char *today)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT count(*), sum(EXISTS (SELECT 1 FROM attendance t"
               " WHERE t.session_id = s.id)) FROM sessions s WHERE s.date = ?1 AND s.cancelled = 0");
    json_int_t sessions = 0, registered = 0;
    if (st) {
        db_bind_text(st, 1, today);
        if (sqlite3_step(st) == SQLITE_ROW) {
            sessions = sqlite3_column_int64(st, 0);
            registered = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
    }
    return json_pack("{s:I, s:I, s:b}", "sessions", sessions, "registered", registered, "any",
                     sessions > 0);
}

/* The absence follow-up of the school (domain/followup.h), with for the page the latest
   FOLLOWUP_RUN dates in words ("date_labels") and, for a longer run, the day it began
   ("since"). New reference; an empty array on a database error (the start page still shows
   the rest). */
static json_t *absences(struct req *r, int64_t school_id, const char *today)
{
    json_t *flags = followup_absentees(r->db, school_id, today);
    if (!flags)
        return json_array();
    size_t i;
    json_t *f;
    json_array_foreach(flags, i, f)
    {
        json_t *dates = json_object_get(f, "dates");
        size_t shown = json_array_size(dates) < FOLLOWUP_RUN ? json_array_size(dates)
                                                             : FOLLOWUP_RUN;
        json_t *labels = json_array();
        char label[32];
        for (size_t j = 0; j < shown; j++) {
            date_label_nl(json_string_value(json_array_get(dates, j)), false, label);
            json_array_append_new(labels,
                                  json_pack("{s:s, s:b}", "label", label, "last", j + 1 == shown));
        }
        json_object_set_new(f, "date_labels", labels);
        if (json_array_size(dates) > shown) {
            date_label_nl(json_string_value(json_array_get(dates, json_array_size(dates) - 1)),
                          false, label);
            json_object_set_new(f, "since", json_string(label));
        }
    }
    return flags;
}

/* The VOG warning of the start page: sessions from today on without a valid VOG. */
static void add_vog_warning(struct req *r, json_t *model, int64_t school_id)
{
    int64_t n = staff_vog_upcoming_warnings(r, school_id);
    if (n > 0)
        json_object_set_new(model, "vog_warning",
                            json_pack("{s:I, s:b}", "sessions", (json_int_t)n, "one", n == 1));
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
    char today[11], tomorrow[11], week_end[11];
    int32_t day = date_today();
    date_format(day, today);
    date_format(day + 1, tomorrow);
    date_format(day + 6, week_end);
    json_t *model = json_pack("{s:s, s:s, s:s}", "title", "Start", "date", today, "date_label",
                              when_date(r, today));
    switch (r->user.role) {
    case ROLE_LEAD:
        json_object_set_new(model, "counts", counts_model(r, 0));
        json_object_set_new(model, "today_counts", today_counts(r, today));
        add_vog_warning(r, model, 0);
        break;
    case ROLE_COORDINATOR:
        json_object_set_new(model, "school", json_pack("{s:I, s:s}", "id",
                                                       (json_int_t)r->user.school_id, "name",
                                                       page_school_name(r, r->user.school_id)));
        json_object_set_new(model, "counts", counts_model(r, r->user.school_id));
        json_object_set_new(model, "today",
                            sessions_between(r, today, today, r->user.school_id, 0));
        json_object_set_new(model, "absences", absences(r, r->user.school_id, today));
        add_vog_warning(r, model, r->user.school_id);
        json_object_set_new(model, "upcoming",
                            sessions_between(r, tomorrow, week_end, r->user.school_id, 0));
        break;
    case ROLE_STAFF:
        json_object_set_new(model, "today", sessions_between(r, today, today, 0, r->user.staff_id));
        json_object_set_new(model, "upcoming",
                            sessions_between(r, tomorrow, week_end, 0, r->user.staff_id));
        break;
    case ROLE_PARENT:
        json_object_set_new(model, "children", parent_children(r));
        break;
    default:
        break;
    }
    json_object_set_new(model, "followup_run", json_integer(FOLLOWUP_RUN));
    return render(r, 200, "home", model);
}
