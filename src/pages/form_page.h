/* What the pages with a large form checked by the domain (activities, rounds) share: reading
   the posted values for the domain, the school a form is for, the domain's problems as field
   messages, and the answer that shows the form again. */
#ifndef VERRIJKT_PAGES_FORM_PAGE_H
#define VERRIJKT_PAGES_FORM_PAGE_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/problems.h"
#include "http/form.h"

struct req;

/* form_validate for a form the domain checks again: the messages the domain words better are
   left to it, those of an empty field and of a choice (the incident and the evaluation
   forms). */
void form_validate_for_domain(struct req *r, const struct field *fields, size_t n,
                              json_t *values, json_t *errors);

/* A validated field's value for the domain, or NULL when the field already has a message, so
   that the domain does not report the same field again. Owned by values. */
const char *form_good_str(json_t *values, json_t *errors, const char *name);
/* The same for a number: 0 when the field has a message. */
int form_good_int(json_t *values, json_t *errors, const char *name);

/* A moment as the domain stores it, "YYYY-MM-DDTHH:MM": "YYYY-MM-DD HH:MM" is accepted as
   people type it and gets its T (arena-owned copy); anything else comes back as it is. */
const char *form_moment(struct req *r, const char *s);

/* Whether a posted checkbox value means ticked: "1", "on" (what browsers send) or "true";
   NULL (not posted) is not. */
bool form_ticked(const char *value);

/* The school a posted form is for (the "school" value, a key). A coordinator's is always the
   own school; posting another gives errors "school" the message not_own. The lead's is the
   chosen one; none or an unknown key gives a message and 0, as does a "school" that already
   has one. -1 when the schools cannot be read (database error): the page answers 500
   (page_failed), so a form is never accepted on a failed lookup. */
int64_t form_school(struct req *r, json_t *values, json_t *errors, const char *not_own);

/* The text of a message key a check of the domain returned (school_name_error, …), with
   {{max}} = max for the keys that say a maximum (arena-owned). */
const char *form_check_text(struct req *r, const char *key, long long max);

/* The text of a problem of the domain in the request's language (arena-owned). */
const char *form_problem_text(struct req *r, const struct problem *problem);

/* Add the problems the domain collected in list to errors as texts, for fields that have no
   message yet, and empty list (problems_clear). The domain's catch-all "form" problem only
   when the form had no message at all: otherwise the messages at the fields say it already. */
void form_add_problems(struct req *r, json_t *errors, struct problems *list);

/* Show a form again with its messages (422, or JSON): the model (stolen) has them under
   "errors"; the summary at the top lists them in the order of summary (n fields). */
int form_show_errors(struct req *r, const char *tpl, json_t *model, const struct field *summary,
                     size_t n);

/* Is id among the ticked ids (a JSON array of integers, as a checkbox list gives them)? */
bool form_ticked_id(json_t *ticked, json_int_t id);

#endif
