/* The absence follow-up of one pupil in one activity (issue 10, point 6): how to reach the
   family, the absences, and a form to note what was done (domain/attendance/followup.h), after
   which the case leaves the start page until a new absence. GET and POST
   /pupils/{id}/followup (?activity= on the GET, activity_id in the form). */
#include <stdlib.h>
#include <string.h>

#include "domain/attendance/followup.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/form_page.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "pages/scope.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

static const char *const NO_CASE = "Deze leerling staat niet (meer) op de lijst om op te volgen.";

/* Not marked required: an empty note gets the domain's message, which says what to write. */
static const struct field FOLLOWUP_FIELDS[] = {
    {.name = "note", .label = "Wat is er gedaan", .type = FIELD_TEXTAREA,
     .max_len = FOLLOWUP_NOTE_MAX},
};
enum { N_FOLLOWUP_FIELDS = sizeof FOLLOWUP_FIELDS / sizeof *FOLLOWUP_FIELDS };

/* The activity id of the request: the query's on a GET, the form's on a POST; 0 when none. */
static int64_t activity_of(struct req *r, bool posted)
{
    const char *text = posted ? req_form(r, "activity_id") : req_query(r, "activity");
    char *end;
    long long id = text ? strtoll(text, &end, 10) : 0;
    return text && *text && !*end && id > 0 ? id : 0;
}

/* The flag's dates in words for the page. */
static void add_words(struct req *r, json_t *flag)
{
    json_t *labels = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(flag, "dates"), i, d)
        json_array_append_new(labels, json_string(when_date(r, json_string_value(d))));
    json_object_set_new(flag, "date_labels", labels);
    json_t *handled = json_object_get(flag, "handled");
    if (json_is_object(handled)) {
        json_object_set_new(handled, "at_label",
                            json_string(when_moment(r, json_string_value(
                                                           json_object_get(handled, "at")))));
        json_object_set_new(handled, "through_label",
                            json_string(when_date(r, json_string_value(
                                                         json_object_get(handled, "through")))));
    }
}

/* The case into *model (new reference): 1, 0 when there is none to follow up, -1 on error. */
static int case_model(struct req *r, int64_t school_id, int64_t pupil_id, int64_t activity_id,
                      json_t **model)
{
    char today[11];
    date_format(date_today(), today);
    json_t *flag = NULL;
    int found = followup_case(r->db, school_id, activity_id, pupil_id, today, &flag);
    if (found <= 0)
        return found;
    add_words(r, flag);
    const char *first = json_string_value(json_object_get(flag, "first_name"));
    *model = json_pack("{s:s, s:o, s:I, s:I, s:{s:s}, s:o}", "title",
                       arena_printf(&r->arena, "Afwezigheid opvolgen: %s", first), "case", flag,
                       "pupil_id", (json_int_t)pupil_id, "activity_id", (json_int_t)activity_id,
                       "values", "note", "", "errors", json_object());
    return 1;
}

int page_followup_show(struct req *r)
{
    int64_t pupil_id = r->path_ids[0], activity_id = activity_of(r, false);
    int64_t school = visible_pupil_school(r, pupil_id);
    json_t *model = NULL;
    int found = school > 0 && activity_id ? case_model(r, school, pupil_id, activity_id, &model)
                                          : (int)(school < 0 ? -1 : 0);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NO_CASE);
    return render(r, 200, "pupils/followup", model);
}

/* The form again with a message at the note (or at the top when the case changed), the note
   kept. */
static int show_again(struct req *r, int64_t school, int64_t pupil_id, int64_t activity_id,
                      json_t *values, json_t *errors)
{
    json_t *model = NULL;
    int found = case_model(r, school, pupil_id, activity_id, &model);
    if (found <= 0) {
        json_decref(errors);
        return found < 0 ? page_failed(r) : render_error(r, 404, NO_CASE);
    }
    json_object_set(model, "values", values);
    json_object_set_new(model, "errors", errors);
    return form_show_errors(r, "pupils/followup", model, FOLLOWUP_FIELDS, N_FOLLOWUP_FIELDS);
}

int page_followup_save(struct req *r)
{
    int64_t pupil_id = r->path_ids[0], activity_id = activity_of(r, true);
    int64_t school = visible_pupil_school(r, pupil_id);
    if (school < 0)
        return page_failed(r);
    if (!school || !activity_id)
        return render_error(r, 404, NO_CASE);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, FOLLOWUP_FIELDS, N_FOLLOWUP_FIELDS, values, errors);
    const char *note = json_string_value(json_object_get(values, "note"));
    const char *problem = json_object_size(errors) ? NULL : followup_note_problem(note);
    if (problem)
        json_object_set_new(errors, "note", json_string(req_text(r, problem)));
    char today[11];
    date_format(date_today(), today);
    enum followup_result rc =
        json_object_size(errors)
            ? FOLLOWUP_INVALID
            : followup_handle(r->db, r->user.id, school, activity_id, pupil_id,
                              req_form(r, "through"), note, today);
    if (rc == FOLLOWUP_STALE)
        json_object_set_new(errors, "note", json_string(req_text(r, "followup.stale")));
    if (rc == FOLLOWUP_INVALID || rc == FOLLOWUP_STALE) {
        int answer = show_again(r, school, pupil_id, activity_id, values, errors);
        json_decref(values);
        return answer;
    }
    json_decref(values);
    json_decref(errors);
    if (rc != FOLLOWUP_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "ok", true));
    session_flash(r, "De opvolging is vastgelegd. De leerling staat weer op de lijst bij een"
                     " nieuwe afwezigheid.");
    return respond_redirect(r, "/");
}
