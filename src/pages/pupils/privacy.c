/* The pupil's rights (PRODUCT.md rule 8, issue 14; the rules in domain/people/privacy.h):
   GET /pupils/{id}/export — everything stored about one pupil, as a page or JSON;
   GET and POST /pupils/{id}/delete — what deleting removes and keeps, then the deletion;
   GET /privacy — for parents: what is stored, why, how long, and who to ask. */
#include <string.h>

#include "app.h"
#include "domain/people/privacy.h"
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

static const char *const NO_PUPIL = "Deze leerling bestaat niet.";

/* The export of the pupil of the request into *out: 1, 0 (not found or out of scope: 404), -1. */
static int export_of(struct req *r, json_t **out)
{
    *out = NULL;
    int64_t school = visible_pupil_school(r, r->path_ids[0]);
    if (school <= 0)
        return school < 0 ? -1 : 0;
    int found = read_pupil_export(r->db, r->path_ids[0], out);
    if (found > 0 && !sees_notes(r))
        json_object_del(json_object_get(*out, "pupil"), "safety_notes");
    return found;
}

static const char *const EXPORT_DATES[] = {"date", "occurred_on", NULL};

int page_pupil_export(struct req *r)
{
    json_t *doc = NULL;
    int found = export_of(r, &doc);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NO_PUPIL);
    if (r->wants_json)
        return respond_json(r, 200, doc);
    json_t *pupil = json_object_get(doc, "pupil");
    json_object_set_new(doc, "title",
                        json_sprintf("Alle gegevens van %s %s",
                                     json_string_value(json_object_get(pupil, "first_name")),
                                     json_string_value(json_object_get(pupil, "last_name"))));
    json_object_set_new(doc, "sees_notes", json_boolean(sees_notes(r)));
    when_labels(json_object_get(doc, "attendance"), EXPORT_DATES);
    when_labels(json_object_get(doc, "incidents"), EXPORT_DATES);
    char today[11];
    date_format(date_today(), today);
    json_object_set_new(doc, "printed_on", json_string(when_day(r, today)));
    return render(r, 200, "pupils/export", doc);
}

/* The delete page's model: the pupil and what stays as anonymous rows. */
static json_t *delete_model(json_t *doc)
{
    json_t *pupil = json_object_get(doc, "pupil");
    json_t *model = json_pack(
        "{s:s, s:O, s:I, s:I, s:I, s:I}", "title", "Leerling verwijderen", "pupil", pupil,
        "pupil_id", json_integer_value(json_object_get(pupil, "id")), "enrolments",
        (json_int_t)json_array_size(json_object_get(doc, "enrolments")), "marks",
        (json_int_t)json_array_size(json_object_get(doc, "attendance")), "parents",
        (json_int_t)json_array_size(json_object_get(doc, "parents")));
    json_decref(doc);
    return model;
}

int page_pupil_delete_confirm(struct req *r)
{
    json_t *doc = NULL;
    int found = export_of(r, &doc);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NO_PUPIL);
    return render(r, 200, "pupils/delete", delete_model(doc));
}

int page_pupil_delete(struct req *r)
{
    json_t *doc = NULL;
    int found = export_of(r, &doc);
    if (found <= 0)
        return found < 0 ? page_failed(r) : render_error(r, 404, NO_PUPIL);
    if (!form_ticked(req_form(r, "confirm"))) {
        json_t *model = delete_model(doc);
        static const struct field confirm_field[] = {
            {.name = "confirm", .label = "Bevestiging", .type = FIELD_BOOL}};
        json_object_set_new(model, "errors",
                            json_pack("{s:s}", "confirm", "Vink aan dat u de leerling wilt"
                                                          " verwijderen."));
        return form_show_errors(r, "pupils/delete", model, confirm_field, 1);
    }
    json_decref(doc);
    char today[11];
    date_format(date_today(), today);
    enum outcome rc = pupil_anonymise(r->db, r->user.id, r->path_ids[0], today);
    if (rc == OUTCOME_NOT_FOUND)
        return render_error(r, 404, NO_PUPIL);
    if (rc != OUTCOME_OK)
        return page_failed(r);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:b}", "ok", true));
    session_flash(r, "De leerling is verwijderd. Inschrijvingen en aanwezigheid tellen zonder"
                     " naam mee in de rapportages.");
    return respond_redirect(r, "/pupils");
}

int page_privacy(struct req *r)
{
    json_t *days = json_pack("{s:i}", "days", r->app->cfg.purge_after_days);
    json_t *model = json_pack("{s:s, s:s}", "title", req_text(r, "privacy.title"), "how_long",
                              req_format(r, "privacy.how_long", days));
    json_decref(days);
    return render(r, 200, "privacy", model);
}
