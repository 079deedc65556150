/* GET /activities/{id}/attendance: the attendance list of one activity (presentielijst) —
   its pupils × its held sessions with a mark per cell (✓ present, ✗ absent, V excused: signs a
   Dutch reader cannot take for "aanwezig"/"afwezig" the wrong way round), the totals per pupil
   and per session; printable (static/style.css, the attendance list block) and, with
   ?format=csv, a CSV file for Excel (util/csv.h). With ?blank=SESSION_ID, a blank list for a
   session to come (today or later, not cancelled): the pupils enrolled on its date with empty
   boxes, for taking attendance on paper.

   Who: the lead, the coordinator of the activity's school, the staff who run it (others: 404,
   as for the activity itself; a parent: 403 by the route). Held sessions as in the reports
   (PRODUCT.md section 5): not cancelled and dated today or earlier. The rows: every pupil
   enrolled now, and every pupil with a mark at a held session (a pupil who cancelled later
   keeps the marks taken then), by last name. No safety notes here: the list is printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attendance/attendance.h"
#include "domain/attendance/register_read.h"
#include "domain/offer/activities_read.h"
#include "http/req.h"
#include "pages/activities_internal.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/when.h"
#include "util/csv.h"
#include "util/date.h"
#include "view/render.h"

/* The list's grid: held sessions (columns) × pupils (rows), and the mark of each cell. */
struct grid {
    json_t *sessions; /* [{id, date, start, end, present, absent, excused}] */
    json_t *pupils;   /* [{id, first_name, last_name, grade, class, present, absent, excused}] */
    int64_t *session_ids, *pupil_ids;
    size_t n_sessions, n_pupils;
    const char **status; /* [pupil * n_sessions + session]: "present" …, NULL without a mark */
};

/* ---- reading ---------------------------------------------------------------------------------- */

/* The string value of member key of obj ("" when missing). */
static const char *str_of(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* Give each row of list the counters "present", "absent" and "excused", at 0. */
static void zero_counts(json_t *list)
{
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        json_object_set_new(row, "present", json_integer(0));
        json_object_set_new(row, "absent", json_integer(0));
        json_object_set_new(row, "excused", json_integer(0));
    }
}

/* The position of id in ids (n of them), or n when it is not there. */
static size_t index_of(const int64_t *ids, size_t n, int64_t id)
{
    size_t i = 0;
    while (i < n && ids[i] != id)
        i++;
    return i;
}

/* The ids of the objects of list, in order, into an arena array. */
static int64_t *ids_of(struct req *r, json_t *list, size_t *n)
{
    *n = json_array_size(list);
    int64_t *ids = arena_alloc(&r->arena, (*n ? *n : 1) * sizeof *ids);
    for (size_t i = 0; i < *n; i++)
        ids[i] = json_integer_value(json_object_get(json_array_get(list, i), "id"));
    return ids;
}

/* Add one to counter key of obj. */
static void bump(json_t *obj, const char *key)
{
    json_object_set_new(obj, key,
                        json_integer(json_integer_value(json_object_get(obj, key)) + 1));
}

/* The held sessions, the rows and every mark at the held sessions into the grid, the marks
   counted per pupil and per session. 0 or -1 (the database failed). */
static int read_grid(struct req *r, int64_t id, const char *today, struct grid *g)
{
    g->sessions = read_held_sessions(r->db, id, today);
    g->pupils = read_attendance_list_pupils(r->db, id, today);
    json_t *marks = read_held_marks(r->db, id, today);
    if (!g->sessions || !g->pupils || !marks) {
        json_decref(marks);
        return -1;
    }
    zero_counts(g->sessions);
    zero_counts(g->pupils);
    g->session_ids = ids_of(r, g->sessions, &g->n_sessions);
    g->pupil_ids = ids_of(r, g->pupils, &g->n_pupils);
    size_t cells = g->n_sessions * g->n_pupils;
    g->status = arena_alloc(&r->arena, (cells ? cells : 1) * sizeof *g->status);
    memset(g->status, 0, (cells ? cells : 1) * sizeof *g->status);
    size_t i;
    json_t *mark;
    json_array_foreach(marks, i, mark)
    {
        size_t col = index_of(g->session_ids, g->n_sessions,
                              json_integer_value(json_object_get(mark, "session_id")));
        size_t row = index_of(g->pupil_ids, g->n_pupils,
                              json_integer_value(json_object_get(mark, "pupil_id")));
        const char *status = json_string_value(json_object_get(mark, "status"));
        if (col == g->n_sessions || row == g->n_pupils)
            continue; /* cannot happen: both lists hold every marked one */
        /* The CHECK on attendance.status allows only these three: keep the static word. */
        const char *word = !strcmp(status, "present") ? "present"
                           : !strcmp(status, "absent") ? "absent"
                                                       : "excused";
        g->status[row * g->n_sessions + col] = word;
        bump(json_array_get(g->pupils, row), word);
        bump(json_array_get(g->sessions, col), word);
    }
    json_decref(marks);
    return 0;
}

/* ---- the page ---------------------------------------------------------------------------------- */

/* The sign of a mark on the list: ✓ (aanwezig), ✗ (afwezig) or V (afgemeld, verontschuldigd);
   "" without one. Not P/A: "A" reads as aanwezig as easily as afwezig. Static. */
static const char *mark_letter(const char *status)
{
    if (!status)
        return "";
    return !strcmp(status, "present") ? "\u2713" : !strcmp(status, "absent") ? "\u2717" : "V";
}

/* The word of a mark for screen readers ("geen registratie" without one). Static. */
static const char *mark_label(const char *status)
{
    if (!status)
        return "geen registratie";
    return !strcmp(status, "present") ? "aanwezig"
           : !strcmp(status, "absent") ? "afwezig"
                                       : "afgemeld";
}

/* Give each pupil "marks" (the status per session, null without one) and, for the HTML page,
   "cells" ({letter, label, css}); give each session its labels. */
static void grid_to_model(struct req *r, struct grid *g)
{
    for (size_t col = 0; col < g->n_sessions; col++) {
        json_t *s = json_array_get(g->sessions, col);
        const char *date = json_string_value(json_object_get(s, "date"));
        char day[11];
        snprintf(day, sizeof day, "%d-%d", atoi(date + 8), atoi(date + 5));
        json_object_set_new(s, "short_label", json_string(day));
        json_object_set_new(s, "date_label", json_string(when_date(r, date)));
    }
    for (size_t row = 0; row < g->n_pupils; row++) {
        json_t *p = json_array_get(g->pupils, row);
        json_t *marks = json_array(), *cells = json_array();
        for (size_t col = 0; col < g->n_sessions; col++) {
            const char *status = g->status[row * g->n_sessions + col];
            json_array_append_new(marks, status ? json_string(status) : json_null());
            if (!r->wants_json)
                json_array_append_new(cells, json_pack("{s:s, s:s, s:s}", "letter",
                                                       mark_letter(status), "label",
                                                       mark_label(status), "css",
                                                       status ? status : "none"));
        }
        json_object_set_new(p, "marks", marks);
        if (r->wants_json)
            json_decref(cells);
        else
            json_object_set_new(p, "cells", cells);
    }
}

/* The sums over the whole list: {present, absent, excused, marks}. New reference. */
static json_t *grid_totals(const struct grid *g)
{
    json_int_t present = 0, absent = 0, excused = 0;
    for (size_t i = 0; i < g->n_pupils * g->n_sessions; i++) {
        const char *s = g->status[i];
        present += s && !strcmp(s, "present");
        absent += s && !strcmp(s, "absent");
        excused += s && !strcmp(s, "excused");
    }
    return json_pack("{s:I, s:I, s:I, s:I}", "present", present, "absent", absent, "excused",
                     excused, "marks", present + absent + excused);
}

/* ---- CSV --------------------------------------------------------------------------------------- */

/* A file name for key: "presentielijst-KEY.csv" with anything but [a-z0-9-] dropped from the
   key (it goes into a header). Arena-owned. */
static const char *csv_filename(struct req *r, const char *key)
{
    size_t len = strlen(key);
    char *safe = arena_alloc(&r->arena, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len && n < 80; i++)
        if ((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
            key[i] == '-')
            safe[n++] = key[i];
    safe[n] = '\0';
    return arena_printf(&r->arena, "presentielijst-%s.csv", n ? safe : "activiteit");
}

/* The list as CSV: a header row (name, grade, class, the session dates, the totals), a row per
   pupil, and a row with the number present per session. */
static int respond_csv(struct req *r, const struct grid *g, const char *key)
{
    struct buf csv = BUF_INIT;
    csv_begin(&csv);
    size_t col = 0;
    csv_text(&csv, col++, "Achternaam");
    csv_text(&csv, col++, "Voornaam");
    csv_text(&csv, col++, "Groep");
    csv_text(&csv, col++, "Klas");
    for (size_t s = 0; s < g->n_sessions; s++)
        csv_text(&csv, col++, json_string_value(json_object_get(json_array_get(g->sessions, s),
                                                                "date")));
    csv_text(&csv, col++, "Aanwezig");
    csv_text(&csv, col++, "Afwezig");
    csv_text(&csv, col++, "Afgemeld");
    csv_end_row(&csv);
    for (size_t p = 0; p < g->n_pupils; p++) {
        json_t *pupil = json_array_get(g->pupils, p);
        col = 0;
        csv_text(&csv, col++, json_string_value(json_object_get(pupil, "last_name")));
        csv_text(&csv, col++, json_string_value(json_object_get(pupil, "first_name")));
        csv_int(&csv, col++, json_integer_value(json_object_get(pupil, "grade")));
        csv_text(&csv, col++, json_string_value(json_object_get(pupil, "class")));
        for (size_t s = 0; s < g->n_sessions; s++)
            csv_text(&csv, col++, mark_letter(g->status[p * g->n_sessions + s]));
        csv_int(&csv, col++, json_integer_value(json_object_get(pupil, "present")));
        csv_int(&csv, col++, json_integer_value(json_object_get(pupil, "absent")));
        csv_int(&csv, col++, json_integer_value(json_object_get(pupil, "excused")));
        csv_end_row(&csv);
    }
    col = 0;
    csv_text(&csv, col++, "Aanwezig per bijeenkomst");
    for (; col < 4; col++)
        csv_text(&csv, col, "");
    for (size_t s = 0; s < g->n_sessions; s++)
        csv_int(&csv, col++,
                json_integer_value(json_object_get(json_array_get(g->sessions, s), "present")));
    csv_end_row(&csv);

    buf_free(&r->body);
    r->body = csv;
    r->content_type = "text/csv; charset=utf-8";
    r->status = 200;
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->arena, "attachment; filename=\"%s\"", csv_filename(r, key)));
    /* Names of children: not for shared caches, nor kept in the browser's. */
    req_add_header(r, "Cache-Control", "private, no-store");
    return 200;
}

/* ---- the blank list for a session to come ---------------------------------------------------- */

/* The sessions of the activity a blank list can be printed for: not cancelled and dated today
   or later, as [{session_id, label}] ("di 9 sep. 2025 15:15–16:15"). New reference, or NULL
   when the database failed. */
static json_t *coming_sessions(struct req *r, int64_t activity_id, const char *today)
{
    json_t *all = read_activity_sessions(r->db, activity_id);
    if (!all)
        return NULL;
    json_t *coming = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
    {
        const char *date = str_of(s, "date");
        if (json_is_true(json_object_get(s, "cancelled")) || strcmp(date, today) < 0)
            continue;
        json_array_append_new(
            coming, json_pack("{s:I, s:o}", "session_id", json_integer_value(json_object_get(s, "id")),
                              "label", json_sprintf("%s %s\u2013%s", when_date(r, date),
                                                    str_of(s, "start"), str_of(s, "end"))));
    }
    json_decref(all);
    return coming;
}

/* The session id of ?blank=N: a positive decimal number, or 0 when the text is not one. */
static int64_t blank_session_id(const char *text)
{
    if (!text || !*text || strlen(text) > 18)
        return 0;
    for (const char *c = text; *c; c++)
        if (*c < '0' || *c > '9')
            return 0;
    return strtoll(text, NULL, 10);
}

/* GET /activities/{activity_id}/attendance?blank=SESSION_ID: the blank list of one session to
   come of this activity (names and empty boxes). 400 for a blank that is not a number or a
   session already held, 404 for a session of another activity, or a cancelled one. */
static int page_blank_list(struct req *r, int64_t activity_id, const char *blank,
                           const char *today)
{
    int64_t session_id = blank_session_id(blank);
    if (!session_id)
        return render_error(r, 400, "Kies een bijeenkomst uit de lijst.");
    struct attendance_session s;
    int rc = attendance_session_read(r->db, session_id, &s);
    if (rc < 0)
        return page_failed(r);
    if (rc || s.activity_id != activity_id || s.cancelled)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet of vervalt.");
    if (strcmp(s.date, today) < 0)
        return render_error(r, 400, "Deze bijeenkomst is al geweest: de presentielijst toont"
                                    " wat er is geregistreerd.");
    json_t *info;
    int found = read_register_session(r->db, session_id, &info);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze bijeenkomst bestaat niet of vervalt.");
    json_t *pupils = attendance_roster(r->db, &s);
    if (!pupils) {
        json_decref(info);
        return page_failed(r);
    }
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
    {
        json_object_del(p, "safety_notes"); /* printed: no safety notes, no priority */
        json_object_del(p, "priority");
        json_object_del(p, "status"); /* blank: a session to come has no marks */
        json_object_del(p, "involvement");
        json_object_set_new(p, "number", json_integer((json_int_t)i + 1));
    }
    json_t *spare = json_array(); /* rows for a child who joins on the day */
    for (int k = 0; k < 3; k++)
        json_array_append_new(spare, json_object());
    json_t *model = json_pack(
        "{s:o, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:o}", "title",
        json_sprintf("Lege presentielijst %s", str_of(info, "title")), "activity_id",
        (json_int_t)activity_id, "session_id", (json_int_t)session_id, "activity_title",
        str_of(info, "title"), "session_date", s.date, "date_label", when_date(r, s.date),
        "time_label", arena_printf(&r->arena, "%s\u2013%s", str_of(info, "start"),
                                   str_of(info, "end")),
        "school_name", str_of(info, "school"), "location", str_of(info, "location"), "pupils",
        pupils, "has_pupils", json_array_size(pupils) > 0, "spare_rows", spare);
    json_decref(info);
    return render(r, 200, "activities/attendance_blank", model);
}

/* ---- the handler ------------------------------------------------------------------------------- */

static void grid_free(struct grid *g)
{
    json_decref(g->sessions);
    json_decref(g->pupils);
}

int page_activity_attendance(struct req *r)
{
    int64_t id = r->path_ids[0];
    int64_t visible = activities_visible_school(r, id);
    if (visible < 0)
        return page_failed(r);
    if (!visible)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "csv") && strcmp(format, "html"))
        return render_error(r, 400, "Onbekend formaat: kies csv.");
    const char *blank = req_query(r, "blank");
    if (blank && format && !strcmp(format, "csv"))
        return render_error(r, 400, "Een lege lijst is er alleen om af te drukken, niet als CSV.");
    json_t *activity;
    int found = read_activity(r->db, id, &activity);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, "Deze activiteit bestaat niet.");
    const char *title = arena_strdup(&r->arena, str_of(activity, "title"));
    const char *key = arena_strdup(&r->arena, str_of(activity, "key"));
    const char *school = arena_strdup(&r->arena, str_of(activity, "school"));
    json_decref(activity);
    char today[11];
    date_format(date_today(), today);
    if (blank)
        return page_blank_list(r, id, blank, today);
    json_t *coming = coming_sessions(r, id, today);
    if (!coming)
        return page_failed(r);
    struct grid g = {0};
    if (read_grid(r, id, today, &g)) {
        grid_free(&g);
        json_decref(coming);
        return render_error(r, 500, "De presentielijst kan nu niet worden geladen.");
    }
    if (format && !strcmp(format, "csv")) {
        int status = respond_csv(r, &g, key);
        grid_free(&g);
        json_decref(coming);
        return status;
    }
    grid_to_model(r, &g);
    json_t *model = json_pack(
        "{s:o, s:{s:I, s:s, s:s, s:s}, s:o, s:o, s:o, s:s, s:b, s:b}", "title",
        json_sprintf("Presentielijst %s", title), "activity", "id", (json_int_t)id, "title",
        title, "key", key, "school", school, "sessions", g.sessions, "pupils", g.pupils, "totals",
        grid_totals(&g), "today", today, "has_sessions", g.n_sessions > 0, "link_pupils",
        r->user.role != ROLE_STAFF); /* the pupil pages are for the school only */
    json_object_set_new(model, "csv_href",
                        json_sprintf("/activities/%lld/attendance?format=csv", (long long)id));
    json_object_set_new(model, "printed_on", json_string(when_day(r, today)));
    json_object_set_new(model, "has_coming", json_boolean(json_array_size(coming) > 0));
    json_object_set_new(model, "coming_sessions", coming);
    json_object_set_new(model, "activity_id", json_integer((json_int_t)id));
    return render(r, 200, "activities/attendance", model);
}
