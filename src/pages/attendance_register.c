/* GET /sessions/{id}: the attendance register of one session, and POST
   /sessions/{id}/attendance: saving it. Made for a phone: one fieldset per pupil with three
   large radio buttons (present / absent / excused) and an optional involvement score, a save
   bar that stays at the bottom of the screen, and "Iedereen aanwezig", a second submit button
   of the same form (all_present=1) that saves the choices made and marks everyone else present:
   it works without JavaScript and never loses a choice already made on the page. The rules
   (who is on the register, what a save may do) are in domain/attendance.h.

   Who sees it: the lead, the coordinator of the activity's school and the staff who run the
   activity; anyone else gets 404 (parents 403 by role). Safety notes only for the coordinator
   and the staff (PRODUCT.md rule 8), the priority flag only for the coordinator and the lead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/offer/activities.h"
#include "domain/attendance/attendance.h"
#include "domain/attendance/register_read.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

static const char *const NOT_FOUND = "Deze bijeenkomst bestaat niet.";
static const char *const STATUSES[] = {"present", "absent", "excused"};

/* ---- who sees what --------------------------------------------------------------------------- */

/* May this user open the register of session s? 1 yes, 0 no, SCOPE_ERROR when the lookup
   failed. */
static int may_see(const struct req *r, const struct attendance_session *s)
{
    if (r->user.role == ROLE_STAFF)
        return scope_staff_runs(r, s->activity_id);
    return scope_school(r, s->school_id);
}

static bool sees_safety_notes(const struct req *r)
{
    return r->user.role == ROLE_COORDINATOR || r->user.role == ROLE_STAFF;
}

static bool sees_priority(const struct req *r)
{
    return r->user.role == ROLE_COORDINATOR || r->user.role == ROLE_LEAD;
}

/* The session of the request when this user may see it: 0, or the status to answer with
   (404 unknown or out of scope, 500). */
static int load_session(struct req *r, struct attendance_session *s)
{
    int found = attendance_session_read(r->db, r->path_ids[0], s);
    if (found < 0)
        return 500;
    if (found)
        return 404;
    int allowed = may_see(r, s);
    return allowed < 0 ? 500 : allowed ? 0 : 404;
}

/* ---- the model ------------------------------------------------------------------------------- */

/* The session and its activity as shown above the register: {"session": …, "activity": …}.
   New reference; NULL on a database error (or when the session is gone). */
static json_t *session_part(struct req *r, const struct attendance_session *s)
{
    json_t *row;
    if (read_register_session(r->db, s->id, &row) <= 0)
        return NULL;
    const char *start = json_string_value(json_object_get(row, "start"));
    const char *end = json_string_value(json_object_get(row, "end"));
    const char *slot = json_string_value(json_object_get(row, "slot_date"));
    const char *usual_start = json_string_value(json_object_get(row, "activity_start"));
    const char *usual_end = json_string_value(json_object_get(row, "activity_end"));
    char date_label[32], slot_label[32];
    date_label_nl(s->date, true, date_label);
    date_label_nl(slot, true, slot_label);
    bool moved = strcmp(s->date, slot) || strcmp(start, usual_start) || strcmp(end, usual_end);
    json_t *m = json_pack("{s:{s:I, s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:O, s:o},"
                          " s:{s:I, s:O, s:O, s:O}}",
                          "session", "id", (json_int_t)s->id, "activity_id",
                          (json_int_t)s->activity_id, "date", s->date, "date_label", date_label,
                          "start", start, "end", end, "cancelled", s->cancelled, "moved", moved,
                          "reason", json_object_get(row, "reason"), "slot_label",
                          json_sprintf("%s, %s–%s", slot_label, usual_start, usual_end),
                          "activity", "id", (json_int_t)s->activity_id, "title",
                          json_object_get(row, "title"), "location",
                          json_object_get(row, "location"), "school",
                          json_object_get(row, "school"));
    json_decref(row);
    return m;
}

/* Present, absent, excused and unmarked over the register's pupils. New reference. */
static json_t *counts_of(json_t *pupils)
{
    json_int_t present = 0, absent = 0, excused = 0, unmarked = 0;
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
    {
        const char *status = json_string_value(json_object_get(p, "status"));
        if (!status)
            unmarked++;
        else if (!strcmp(status, "present"))
            present++;
        else if (!strcmp(status, "absent"))
            absent++;
        else
            excused++;
    }
    return json_pack("{s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)json_array_size(pupils),
                     "present", present, "absent", absent, "excused", excused, "unmarked",
                     unmarked);
}

/* What the templates need beside the data of one pupil: the radio buttons and the involvement
   options with the current choice, and the words of the mark. */
static void decorate_pupil(json_t *p)
{
    const char *status = json_string_value(json_object_get(p, "status"));
    json_t *choices = json_array();
    for (size_t i = 0; i < sizeof STATUSES / sizeof STATUSES[0]; i++) {
        const char *label = attendance_status_label(STATUSES[i]);
        char capital[32];
        snprintf(capital, sizeof capital, "%c%s", label[0] - 'a' + 'A', label + 1);
        json_array_append_new(choices, json_pack("{s:s, s:s, s:b}", "value", STATUSES[i],
                                                 "label", capital, "checked",
                                                 status && !strcmp(status, STATUSES[i])));
    }
    json_object_set_new(p, "choices", choices);
    json_int_t involvement = json_integer_value(json_object_get(p, "involvement"));
    json_t *options = json_array();
    for (int level = ATTENDANCE_INVOLVEMENT_MIN; level <= ATTENDANCE_INVOLVEMENT_MAX; level++)
        json_array_append_new(options,
                              json_pack("{s:i, s:s, s:b}", "value", level, "label",
                                        attendance_involvement_label(level), "selected",
                                        involvement == level));
    json_object_set_new(p, "involvement_options", options);
    const char *status_label = attendance_status_label(status);
    json_object_set_new(p, "status_label", json_string(status_label ? status_label : ""));
    const char *involvement_label = attendance_involvement_label((int)involvement);
    if (involvement_label)
        json_object_set_new(p, "involvement_label", json_string(involvement_label));
}

/* Drop what this user may not see from each pupil. */
static void limit_pupils(const struct req *r, json_t *pupils)
{
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
    {
        if (!sees_safety_notes(r)) { /* and what else the activity's staff need to know */
            json_object_del(p, "safety_notes");
            json_object_del(p, "emergency_phone");
            json_object_del(p, "home_alone");
        }
        if (!sees_priority(r))
            json_object_del(p, "priority");
    }
}

/* "4 leerlingen: 2 aanwezig, 1 afwezig, 1 met bericht afwezig" and, when some are not marked
   yet, "1 nog niet ingevuld", for the page. */
static void counts_labels(json_t *m, json_t *counts)
{
    json_int_t total = json_integer_value(json_object_get(counts, "total"));
    json_int_t unmarked = json_integer_value(json_object_get(counts, "unmarked"));
    json_object_set_new(
        m, "counts_label",
        json_sprintf("%lld %s: %lld aanwezig, %lld afwezig, %lld met bericht afwezig",
                     (long long)total, total == 1 ? "leerling" : "leerlingen",
                     (long long)json_integer_value(json_object_get(counts, "present")),
                     (long long)json_integer_value(json_object_get(counts, "absent")),
                     (long long)json_integer_value(json_object_get(counts, "excused"))));
    if (unmarked)
        json_object_set_new(m, "unmarked_label",
                            json_sprintf("%lld nog niet ingevuld", (long long)unmarked));
}

/* The page's model for session s with its register pupils (stolen; the caller may have put
   the posted choices in them) and the counts of the saved marks (stolen; NULL: counted from
   pupils). New reference; NULL on a database error. */
static json_t *register_model(struct req *r, const struct attendance_session *s, json_t *pupils,
                              json_t *counts)
{
    json_t *m = session_part(r, s);
    if (!m) {
        json_decref(pupils);
        json_decref(counts);
        return NULL;
    }
    char today[11];
    date_format(date_today(), today);
    bool future = strcmp(s->date, today) > 0;
    const char *title = json_string_value(json_object_get(json_object_get(m, "activity"), "title"));
    const char *date_label =
        json_string_value(json_object_get(json_object_get(m, "session"), "date_label"));
    json_object_set_new(m, "title", json_sprintf("Aanwezigheid %s, %s", title, date_label));
    json_object_set_new(m, "future", json_boolean(future));
    json_object_set_new(m, "open", json_boolean(!s->cancelled && !future));
    limit_pupils(r, pupils);
    json_object_set_new(m, "counts", counts ? counts : counts_of(pupils));
    json_object_set_new(m, "links",
                        json_pack("{s:s, s:s, s:s}", "activity",
                                  arena_printf(&r->arena, "/activities/%lld",
                                               (long long)s->activity_id),
                                  "evaluation",
                                  arena_printf(&r->arena, "/sessions/%lld/evaluation",
                                               (long long)s->id),
                                  "incident",
                                  arena_printf(&r->arena, "/sessions/%lld/incidents/new",
                                               (long long)s->id)));
    if (!r->wants_json) {
        size_t i;
        json_t *p;
        json_array_foreach(pupils, i, p) decorate_pupil(p);
        counts_labels(m, json_object_get(m, "counts"));
        json_t *scale = json_array();
        for (int level = ATTENDANCE_INVOLVEMENT_MIN; level <= ATTENDANCE_INVOLVEMENT_MAX;
             level++)
            json_array_append_new(scale, json_pack("{s:i, s:s}", "value", level, "label",
                                                   attendance_involvement_label(level)));
        json_object_set_new(m, "scale", scale);
    }
    json_object_set_new(m, "pupils", pupils);
    return m;
}

int page_session_register(struct req *r)
{
    struct attendance_session s;
    int status = load_session(r, &s);
    if (status)
        return render_error(r, status, status == 404 ? NOT_FOUND : "Er ging iets mis.");
    json_t *pupils = attendance_roster(r->db, &s);
    json_t *m = pupils ? register_model(r, &s, pupils, NULL) : NULL;
    if (!m)
        return render_error(r, 500, "Er ging iets mis.");
    return render(r, 200, "sessions/register", m);
}

/* ---- reading the post ------------------------------------------------------------------------ */

/* "status[12]" with prefix "status[": 1 and *id = 12; 1 and *id = 0 when the name has the prefix
   but no well-formed id (digits without a leading zero, then "]" and the end); 0 when the name
   does not start with prefix. */
static int bracket_id(const char *name, const char *prefix, int64_t *id)
{
    size_t len = strlen(prefix);
    if (strncmp(name, prefix, len))
        return 0;
    *id = 0;
    const char *digits = name + len;
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || n > 15 || digits[0] == '0' || strcmp(digits + n, "]"))
        return 1;
    *id = strtoll(digits, NULL, 10);
    return 1;
}

/* "" → 0, "1"…"5" → the score, anything else → -1 (refused by the rules as out of range). */
static int involvement_of(const char *text)
{
    if (!*text)
        return 0;
    if (text[0] >= '1' && text[0] <= '5' && !text[1])
        return text[0] - '0';
    return -1;
}

/* The marks of the post, one per pupil id (arena-owned, *n of them). A field name of the
   status[…] or involvement[…] families without a well-formed id goes into errors (under its
   own name). */
static struct attendance_input *read_marks(struct req *r, size_t *n, json_t *errors)
{
    struct attendance_input *marks =
        arena_alloc(&r->arena, (r->n_form ? r->n_form : 1) * sizeof *marks);
    *n = 0;
    for (size_t i = 0; i < r->n_form; i++) {
        const struct param *f = &r->form[i];
        int64_t id;
        bool is_status = bracket_id(f->name, "status[", &id) == 1;
        if (!is_status && bracket_id(f->name, "involvement[", &id) != 1)
            continue;
        if (!id) {
            json_object_set_new(errors, f->name,
                                json_string("Dit veld hoort niet bij de registratie."));
            continue;
        }
        struct attendance_input *m = NULL;
        for (size_t k = 0; k < *n && !m; k++)
            if (marks[k].pupil_id == id)
                m = &marks[k];
        if (!m) {
            m = &marks[(*n)++];
            *m = (struct attendance_input){.pupil_id = id, .status = NULL, .involvement = 0};
        }
        if (is_status)
            m->status = f->value;
        else
            m->involvement = involvement_of(f->value);
    }
    return marks;
}

/* ---- answering ------------------------------------------------------------------------------- */

/* The pupils of the register with the posted choices in place of the saved ones (the form comes
   back as it was sent). */
static void keep_posted(struct req *r, json_t *pupils)
{
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
    {
        long long id = json_integer_value(json_object_get(p, "id"));
        const char *status = req_form(r, arena_printf(&r->arena, "status[%lld]", id));
        const char *involvement = req_form(r, arena_printf(&r->arena, "involvement[%lld]", id));
        if (status)
            json_object_set_new(p, "status", *status ? json_string(status) : json_null());
        if (involvement) {
            int level = involvement_of(involvement);
            json_object_set_new(p, "involvement", level > 0 ? json_integer(level) : json_null());
        }
    }
}

/* The errors of problems, under the form's field names. */
static void put_problems(struct req *r, json_t *errors, struct problems *problems)
{
    for (size_t i = 0; i < problems_stored(problems); i++) {
        const struct problem *p = &problems->item[i];
        const char *field = arena_printf(&r->arena, "%s[%lld]", p->field, (long long)p->row);
        if (!json_object_get(errors, field))
            json_object_set_new(errors, field, json_string(form_problem_text(r, p)));
    }
    problems_clear(problems);
}

/* The errors at their pupils ("status_error", "involvement_error") and as the summary at the top
   of the page: [{"href" (to the pupil's first control; "" for a pupil not on the register),
   "label", "message"}]. New reference (the summary). */
static json_t *place_errors(struct req *r, json_t *pupils, json_t *errors)
{
    json_t *summary = json_array(), *placed = json_object();
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
    {
        long long id = json_integer_value(json_object_get(p, "id"));
        const char *name = arena_printf(&r->arena, "%s %s",
                                        json_string_value(json_object_get(p, "first_name")),
                                        json_string_value(json_object_get(p, "last_name")));
        const char *fields[] = {"status", "involvement"};
        for (size_t k = 0; k < 2; k++) {
            const char *key = arena_printf(&r->arena, "%s[%lld]", fields[k], id);
            json_t *message = json_object_get(errors, key);
            if (!message)
                continue;
            json_object_set(p, k ? "involvement_error" : "status_error", message);
            json_array_append_new(
                summary, json_pack("{s:s, s:s, s:O}", "href",
                                   k ? arena_printf(&r->arena, "#i-%lld", id)
                                     : arena_printf(&r->arena, "#s-%lld-present", id),
                                   "label", name, "message", message));
            json_object_set_new(placed, key, json_true());
        }
    }
    /* Errors of pupils who are not on the register, and of malformed field names. */
    const char *key;
    json_t *message;
    json_object_foreach(errors, key, message)
    {
        if (!json_object_get(placed, key))
            json_array_append_new(summary, json_pack("{s:s, s:s, s:O}", "href", "", "label", key,
                                                     "message", message));
    }
    json_decref(placed);
    return summary;
}

/* The whole post refused: 422 with message, the form as it was sent and errors (stolen). */
static int refuse(struct req *r, const struct attendance_session *s, const char *message,
                  json_t *errors)
{
    if (r->wants_json)
        return respond_json(r, 422, json_pack("{s:s, s:o}", "error", message, "fields", errors));
    /* The counts stay those of the saved marks: nothing of the post was saved. */
    json_t *pupils = attendance_roster(r->db, s), *counts = NULL;
    if (pupils) {
        counts = counts_of(pupils);
        keep_posted(r, pupils);
    }
    json_t *m = pupils ? register_model(r, s, pupils, counts) : NULL;
    if (!m) {
        json_decref(errors);
        return render_error(r, 500, "Er ging iets mis.");
    }
    json_object_set_new(m, "refusal", json_string(message));
    json_object_set_new(m, "error_list", place_errors(r, json_object_get(m, "pupils"), errors));
    json_decref(errors);
    return render(r, 422, "sessions/register", m);
}

int page_session_attendance(struct req *r)
{
    struct attendance_session s;
    int status = load_session(r, &s);
    if (status)
        return render_error(r, status, status == 404 ? NOT_FOUND : "Er ging iets mis.");
    json_t *errors = json_object();
    size_t n = 0;
    struct attendance_input *marks = read_marks(r, &n, errors);
    if (json_object_size(errors))
        return refuse(r, &s, "De aanwezigheid is niet opgeslagen: het formulier bevat velden die"
                             " er niet bij horen.", errors);
    const char *all = req_form(r, "all_present");
    bool all_present = all && (!strcmp(all, "1") || !strcmp(all, "on") || !strcmp(all, "true"));
    char today[11];
    date_format(date_today(), today);
    struct problems problems = {0};
    struct attendance_saved saved;
    enum attendance_result rc =
        attendance_save(r->db, s.id, r->user.id, marks, n, all_present, today, &problems, &saved);
    switch (rc) {
    case ATTENDANCE_OK:
        break;
    case ATTENDANCE_NOT_FOUND:
        json_decref(errors);
        return render_error(r, 404, NOT_FOUND);
    case ATTENDANCE_CANCELLED:
        return refuse(r, &s, "Deze bijeenkomst vervalt: er wordt geen aanwezigheid bijgehouden.",
                      errors);
    case ATTENDANCE_FUTURE:
        return refuse(r, &s, "Deze bijeenkomst is nog niet geweest. Vul de aanwezigheid in op"
                             " de dag zelf of daarna.", errors);
    case ATTENDANCE_INVALID:
        put_problems(r, errors, &problems);
        return refuse(r, &s, "De aanwezigheid is niet opgeslagen: verbeter wat hieronder staat."
                             " Er is niets veranderd.", errors);
    case ATTENDANCE_FAILED:
    default:
        json_decref(errors);
        return render_error(r, 500, "Opslaan lukt nu niet. Probeer het later opnieuw.");
    }
    json_decref(errors);
    if (r->wants_json) {
        json_t *pupils = attendance_roster(r->db, &s);
        json_t *m = pupils ? register_model(r, &s, pupils, NULL) : NULL;
        if (!m)
            return render_error(r, 500, "Er ging iets mis.");
        json_object_set_new(m, "changed", json_integer((json_int_t)saved.changed));
        return respond_json(r, 200, m);
    }
    session_flash(r, "Aanwezigheid opgeslagen.");
    return respond_redirect(r, arena_printf(&r->arena, "/sessions/%lld", (long long)s.id));
}
