/* What the pupils pages (pages/pupils/: pupils.c, pupils_list.c, pupils_import.c, letters.c, privacy.c) share. */
#ifndef VERRIJKT_PAGES_PUPILS_INTERNAL_H
#define VERRIJKT_PAGES_PUPILS_INTERNAL_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/people/contacts.h"
#include "http/form.h"

struct req;

/* The contacts form (pupils/contacts.c), shared with the parent's page of it
   (parent/parent_contacts.c): its fields (labels in Dutch), the form's rows (CONTACTS_MAX of
   them, from values, each with its fields' messages "name_error", … from errors; new
   reference), the stored contacts and consents as the form's values (new reference, NULL on a
   database error), and the validated values as the domain's input (strings owned by values). */
extern const struct field contacts_form_fields[];
extern const size_t contacts_form_n;
json_t *contacts_form_rows(json_t *values, json_t *errors);
json_t *contacts_stored_values(struct req *r, int64_t pupil_id);
void contacts_posted(json_t *values, struct contact_input in[CONTACTS_MAX],
                     struct consent_input *consents);

/* Safety notes are seen by the school's coordinator only (and, elsewhere, the activity's
   staff): PRODUCT.md rule 8. */
bool sees_notes(const struct req *r);

/* The pupil's school when this user may see the pupil (and the pages under /pupils/{id}/),
   else 0 (no such pupil, an anonymous one, or another school's), or SCOPE_ERROR when the
   lookup failed. */
int64_t visible_pupil_school(struct req *r, int64_t pupil_id);

struct school_info {
    int64_t id;
    const char *key, *name, *kind; /* arena-owned */
    int grade_max;
};

/* Look up a school: 1 with info filled, 0 when there is no such school, -1 when the read
   failed. */
int pupils_school_info(struct req *r, int64_t school_id, struct school_info *info);
/* Every school as [{"id", "key", "name", "kind", "selected"}] for a select, selected_id
   marked. New reference, NULL when the read failed. */
json_t *pupils_school_options(struct req *r, int64_t selected_id);

/* What a parent letter says about the school (letters.c). Arena-owned strings. */
struct letter_school {
    int64_t id;
    const char *key, *name, *kind;
    const char *contact;      /* the school's line for parents; "" when none */
    const char *coordinator;  /* the coordinator(s) by name; "" when none */
    const char *register_url; /* {public_url}/register */
    const char *privacy_url;  /* {public_url}/privacy */
};

/* Fill out for school_id (the coordinator's own name as the coordinator when a coordinator
   prints, else the school's coordinators): 1, 0 when there is no such school, -1 when a read
   failed. */
int pupils_letter_school(struct req *r, int64_t school_id, struct letter_school *out);
/* One pupil's letter for partials/letter.html from a row with "id", "first_name",
   "last_name", "grade", "class", "link_code" (borrowed): the Dutch text and, when lang is
   another loaded language, the same text in lang. New reference. */
json_t *pupils_letter(json_t *pupil, const struct letter_school *school, const char *lang);

#endif
