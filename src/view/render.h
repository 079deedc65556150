/* Turning a view model into a response: HTML through the templates, or the model as JSON. */
#ifndef VERRIJKT_VIEW_RENDER_H
#define VERRIJKT_VIEW_RENDER_H

#include "view/layer.h"

#include <jansson.h>

struct req;

/* Answer with template `tpl` inside the layout (HTML), or with the model itself when the client
   asked for JSON. Steals model. Adds "csrf", and for HTML only "me", "nav", "flash" and the
   language: "t" (the catalogue of r->lang: {{t.section.key}}), "lang", "dir" (ltr/rtl),
   "languages" (for the switch) and "here" (where the switch returns; a page may set it, with a
   query it has checked, else the path). Returns status. */
int render(struct req *r, int status, const char *tpl, json_t *model);
/* An error page (HTML) or {"error": message} (JSON). Returns status. */
int render_error(struct req *r, int status, const char *message);
/* A form shown again with its errors: HTML status 422 with the template and the model (which
   should hold "values" and "errors"), or JSON 422 {"error": …, "fields": errors}. Steals model. */
int render_form_errors(struct req *r, const char *tpl, json_t *model);

/* Load every *.html under dir (recursively; "activities/list.html" becomes "activities/list"),
   compile them and check partials. Returns the set, or NULL with a message in err. */
struct mustache_set *templates_load(const char *dir, char *err, size_t errlen);

#endif
