/* The pupil's voice (issue 15, part 2). The coordinator (or the lead) opens an interest
   questionnaire for a group at /questionnaires/new and gets its code; the pupils answer on a
   shared tablet under /q without an account:
     GET /q                     a form asking the code (POST /q goes to /q/{code})
     GET /q/{code}              the names of the group (first names only) as big buttons
     GET /q/{code}/pupils/{id}  the choices (six domains and "iets anders"; or the three faces
                                and ja/nee for feedback)
     POST /q/{code}/pupils/{id} saves, back to the names
   Every /q page is bare (tablet: no navigation, no user), shows first names only, and its POSTs
   carry the tablet's own token (http/tablet.h). A wrong or expired code counts against the
   address (domain/quality/voice.h). The rules are domain/quality/voice.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "domain/attendance/attendance.h"
#include "domain/offer/domains_read.h"
#include "domain/quality/voice.h"
#include "domain/quality/voice_read.h"
#include "http/req.h"
#include "http/tablet.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static struct questionnaire_limits limits_of(const struct req *r)
{
    return (struct questionnaire_limits){4 * r->app->cfg.link_max_failures,
                                         r->app->cfg.link_window_minutes};
}

/* A bare tablet page. Steals model. */
static int tablet_page(struct req *r, int status, const char *tpl, json_t *model)
{
    json_object_set_new(model, "tablet", json_true());
    return render(r, status, tpl, model);
}

/* The code form again, with a message (wrong, expired or throttled). */
static int code_refused(struct req *r, enum questionnaire_find found, const char *typed)
{
    int status = 404;
    const char *message = req_text(r, "voice.code_wrong");
    if (found == QUESTIONNAIRE_THROTTLED) {
        status = 429;
        req_add_header(r, "Retry-After",
                       arena_printf(&r->arena, "%d", r->app->cfg.link_window_minutes * 60));
        message = req_text(r, "voice.code_throttled");
    } else if (found == QUESTIONNAIRE_FAILED) {
        return page_failed(r);
    }
    return tablet_page(r, status, "questionnaires/code",
                       json_pack("{s:s, s:s, s:s}", "title", req_text(r, "voice.title_code"), "error", message,
                                 "code", typed ? typed : ""));
}

/* The questionnaire of the path's code into *q; on anything but 0 the answer was sent. */
static int open_from_path(struct req *r, struct questionnaire *q, int *status)
{
    struct questionnaire_limits limits = limits_of(r);
    enum questionnaire_find found = questionnaire_find(r->db, r->path_token, r->client_ip, &limits, (long long)time(NULL),
                               q);
    if (found == QUESTIONNAIRE_FOUND)
        return 0;
    *status = code_refused(r, found, r->path_token);
    return -1;
}

int page_q_code_form(struct req *r)
{
    return tablet_page(r, 200, "questionnaires/code",
                       json_pack("{s:s, s:s}", "title", req_text(r, "voice.title_code"), "code", ""));
}

int page_q_code(struct req *r)
{
    const char *typed = req_form(r, "code");
    char code[QUESTIONNAIRE_CODE_SIZE];
    if (!typed || questionnaire_code_normalize(typed, code))
        snprintf(code, sizeof code, "%s", "-");
    struct questionnaire q;
    struct questionnaire_limits limits = limits_of(r);
    enum questionnaire_find found =
        questionnaire_find(r->db, code, r->client_ip, &limits, (long long)time(NULL), &q);
    if (found != QUESTIONNAIRE_FOUND)
        return code_refused(r, found, typed);
    return respond_redirect(r, arena_printf(&r->arena, "/q/%s", q.code));
}

/* The message key with {{name}} filled in by value. Arena-owned. */
static const char *titled(struct req *r, const char *key, const char *name, const char *value)
{
    json_t *vars = json_pack("{s:s}", name, value ? value : "");
    const char *text = req_format(r, key, vars);
    json_decref(vars);
    return text;
}

/* The title of q's pages. */
static const char *questionnaire_title(struct req *r, const struct questionnaire *q)
{
    if (q->kind == QUESTIONNAIRE_INTEREST)
        return titled(r, "voice.title_interest", "group", q->class_name);
    json_t *a;
    if (read_feedback_activity(r->db, q->activity_id, &a) <= 0)
        return req_text(r, "voice.title_feedback_plain");
    const char *t = titled(r, "voice.title_feedback_activity", "activity",
                           json_string_value(json_object_get(a, "title")));
    json_decref(a);
    return t;
}

int page_q_pupils(struct req *r)
{
    struct questionnaire q;
    int status;
    if (open_from_path(r, &q, &status))
        return status;
    json_t *pupils = read_questionnaire_pupils(r->db, &q);
    if (!pupils)
        return page_failed(r);
    json_t *model = json_pack("{s:s, s:s, s:o, s:b, s:s}", "title", questionnaire_title(r, &q),
                              "code", q.code, "pupils", pupils, "has_pupils",
                              json_array_size(pupils) > 0, "device_csrf",
                              tablet_csrf(r, q.code));
    return tablet_page(r, 200, "questionnaires/pupils", model);
}

/* The pupil's row of the list (the shown name), or NULL when not on it. Borrowed from list. */
static json_t *pupil_in(json_t *list, int64_t pupil_id)
{
    size_t i;
    json_t *p;
    json_array_foreach (list, i, p)
        if (json_integer_value(json_object_get(p, "id")) == pupil_id)
            return p;
    return NULL;
}

/* The answer page of the path's pupil; error (may be NULL) shown at the top. */
static int answer_page(struct req *r, const struct questionnaire *q, int status, const char *error)
{
    json_t *pupils = read_questionnaire_pupils(r->db, q);
    json_t *domains = q->kind == QUESTIONNAIRE_INTEREST ? read_domains(r->db) : json_array();
    if (!pupils || !domains) {
        json_decref(pupils);
        json_decref(domains);
        return page_failed(r);
    }
    json_t *pupil = pupil_in(pupils, r->path_ids[0]);
    if (!pupil) {
        json_decref(pupils);
        json_decref(domains);
        return tablet_page(r, 404, "questionnaires/code",
                           json_pack("{s:s, s:s, s:s}", "title", req_text(r, "voice.title_code"), "error",
                                     req_text(r, "voice.not_on_list"), "code", q->code));
    }
    json_t *model = json_pack(
        "{s:s, s:s, s:I, s:s, s:b, s:o, s:s}", "title", questionnaire_title(r, q), "code",
        q->code, "pupil_id", (json_int_t)r->path_ids[0], "pupil_name",
        json_string_value(json_object_get(pupil, "name")), "interest",
        q->kind == QUESTIONNAIRE_INTEREST, "domains", domains, "device_csrf",
        tablet_csrf(r, q->code));
    if (error)
        json_object_set_new(model, "error", json_string(error));
    json_decref(pupils);
    return tablet_page(r, status, "questionnaires/answer", model);
}

int page_q_answer_form(struct req *r)
{
    struct questionnaire q;
    int status;
    if (open_from_path(r, &q, &status))
        return status;
    return answer_page(r, &q, 200, NULL);
}

/* The checked domains of the form: the codes of read_domains whose box is ticked. */
static size_t checked_domains(struct req *r, const char **codes, size_t max)
{
    json_t *domains = read_domains(r->db);
    size_t n = 0, i;
    json_t *d;
    json_array_foreach (domains, i, d) {
        const char *code = json_string_value(json_object_get(d, "code"));
        const char *field = arena_printf(&r->arena, "d_%s", code ? code : "");
        if (code && req_form(r, field) && n < max)
            codes[n++] = arena_strdup(&r->arena, code);
    }
    json_decref(domains);
    return n;
}

static enum outcome save_answer(struct req *r, const struct questionnaire *q, struct problems *p)
{
    if (q->kind == QUESTIONNAIRE_INTEREST) {
        const char *codes[INTEREST_DOMAINS_MAX];
        size_t n = checked_domains(r, codes, INTEREST_DOMAINS_MAX);
        struct interest_input in = {r->path_ids[0], q->date, codes, n,
                                    req_form(r, "other") != NULL, "class"};
        return interest_save(r->db, &in, p);
    }
    const char *score = req_form(r, "score"), *again = req_form(r, "again");
    int s = score && strlen(score) == 1 ? score[0] - '0' : 0;
    int a = again && !strcmp(again, "ja") ? 1 : again && !strcmp(again, "nee") ? 0 : -1;
    return feedback_save(r->db, r->path_ids[0], q->activity_id, q->date, s, a, p);
}

int page_q_answer(struct req *r)
{
    struct questionnaire q;
    int status;
    if (open_from_path(r, &q, &status))
        return status;
    if (!tablet_check_csrf(r, q.code))
        return tablet_page(r, 403, "questionnaires/code",
                           json_pack("{s:s, s:s, s:s}", "title", req_text(r, "voice.title_code"), "error",
                                     req_text(r, "voice.page_expired"), "code",
                                     q.code));
    int allowed = questionnaire_pupil_allowed(r->db, &q, r->path_ids[0]);
    if (allowed < 0)
        return page_failed(r);
    if (!allowed)
        return answer_page(r, &q, 404, NULL);
    struct problems p = {0};
    enum outcome rc = save_answer(r, &q, &p);
    problems_clear(&p);
    if (rc == OUTCOME_INVALID)
        return answer_page(r, &q, 422,
                           q.kind == QUESTIONNAIRE_INTEREST
                               ? req_text(r, "voice.interest_empty")
                               : req_text(r, "voice.feedback_empty"));
    if (rc != OUTCOME_OK)
        return page_failed(r);
    return respond_redirect(r, arena_printf(&r->arena, "/q/%s", q.code));
}

/* ---- the coordinator's side ------------------------------------------------------------------ */

/* The school of the form: a coordinator's own; the lead's chosen one (school_id). 0: none. */
static int64_t form_school(struct req *r, const char *given)
{
    if (r->user.role == ROLE_COORDINATOR)
        return r->user.school_id;
    return given ? strtoll(given, NULL, 10) : 0;
}

static int new_form(struct req *r, int status, int64_t school_id, const char *group,
                    const char *minutes, const char *error)
{
    json_t *groups = school_id ? read_school_groups(r->db, school_id) : json_array();
    if (!groups)
        return page_failed(r);
    size_t i;
    json_t *g;
    json_array_foreach (groups, i, g)
        json_object_set_new(g, "selected",
                            json_boolean(group && !strcmp(group, json_string_value(
                                                                     json_object_get(g, "class")))));
    json_t *model = json_pack("{s:s, s:o, s:I, s:s}", "title", req_text(r, "voice.title_new"), "groups",
                              groups, "school_id", (json_int_t)school_id, "minutes",
                              minutes ? minutes : "120");
    if (error)
        json_object_set_new(model, "error", json_string(error));
    return render(r, status, "questionnaires/new", model);
}

int page_questionnaire_new(struct req *r)
{
    const char *given = req_query(r, "school");
    int64_t school_id = form_school(r, given);
    if (r->user.role == ROLE_COORDINATOR && given && *given &&
        strtoll(given, NULL, 10) != school_id)
        return render_error(r, 403, req_text(r, "voice.not_your_school"));
    if (school_id && !scope_school(r, school_id))
        return render_error(r, 403, req_text(r, "voice.not_your_school"));
    return new_form(r, 200, school_id, NULL, NULL, NULL);
}

int page_questionnaire_create(struct req *r)
{
    const char *given = req_form(r, "school_id");
    if (r->user.role == ROLE_COORDINATOR && given && *given &&
        strtoll(given, NULL, 10) != r->user.school_id)
        return render_error(r, 403, req_text(r, "voice.not_your_school"));
    int64_t school_id = form_school(r, given);
    const char *group = req_form(r, "group"), *minutes = req_form(r, "minutes");
    char *end = NULL;
    long m = minutes ? strtol(minutes, &end, 10) : QUESTIONNAIRE_MINUTES_DEFAULT;
    if (minutes && (!*minutes || *end))
        m = 0;
    char today[11], code[QUESTIONNAIRE_CODE_SIZE];
    date_format(date_today(), today);
    struct problems p = {0};
    enum outcome rc = school_id ? questionnaire_open_interest(r->db, r->user.id, school_id,
                                                             group ? group : "", (int)m, today,
                                                             (long long)time(NULL), &p, code)
                                : OUTCOME_INVALID;
    problems_clear(&p);
    if (rc == OUTCOME_INVALID)
        return new_form(r, 422, school_id, group, minutes,
                        req_text(r, "voice.open_invalid"));
    if (rc != OUTCOME_OK)
        return page_failed(r);
    json_t *model = json_pack("{s:s, s:s, s:s, s:i}", "title", req_text(r, "voice.title_opened"), "code",
                              code, "group", group, "minutes", (int)m);
    return render(r, 201, "questionnaires/opened", model);
}

/* ---- feedback at a session ------------------------------------------------------------------- */

/* May the user ask feedback at session s: the activity's staff, the school's coordinator, the
   lead. 1, 0, or SCOPE_ERROR. */
static int may_ask_feedback(const struct req *r, const struct attendance_session *s)
{
    if (r->user.role == ROLE_STAFF)
        return scope_staff_runs(r, s->activity_id);
    return scope_school(r, s->school_id);
}

/* POST /sessions/{id}/feedback: "Vraag de leerlingen om feedback" on the register. Opens a
   feedback questionnaire for the session and shows its code big. */
int page_session_feedback(struct req *r)
{
    struct attendance_session s;
    int found = attendance_session_read(r->db, r->path_ids[0], &s);
    if (found < 0)
        return page_failed(r);
    int allowed = found ? 0 : may_ask_feedback(r, &s);
    if (allowed < 0)
        return page_failed(r);
    if (!allowed)
        return render_error(r, 404, req_text(r, "voice.session_not_found"));
    char today[11], code[QUESTIONNAIRE_CODE_SIZE];
    date_format(date_today(), today);
    struct problems p = {0};
    enum outcome rc = questionnaire_open_feedback(r->db, r->user.id, s.id,
                                                  QUESTIONNAIRE_MINUTES_DEFAULT, today,
                                                  (long long)time(NULL), &p, code);
    problems_clear(&p);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, req_text(r, "voice.session_not_found"));
    if (rc == OUTCOME_INVALID)
        return render_error(r, 422, req_text(r, "voice.feedback_session"));
    if (rc != OUTCOME_OK)
        return page_failed(r);
    json_t *a = NULL;
    if (read_feedback_activity(r->db, s.activity_id, &a) < 0)
        return page_failed(r);
    json_t *model = json_pack("{s:s, s:s, s:s, s:i, s:I}", "title", req_text(r, "voice.title_feedback"), "code",
                              code, "activity",
                              a ? json_string_value(json_object_get(a, "title")) : "",
                              "minutes", (int)QUESTIONNAIRE_MINUTES_DEFAULT, "session_id",
                              (json_int_t)s.id);
    json_decref(a);
    return render(r, 201, "questionnaires/opened", model);
}
