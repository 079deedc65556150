/* The families' contacts and the consents of a pupil (issue 14): the school fills them in;
   the register shows the activity's staff the emergency number and whether the child may go
   home alone. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_CONTACTS_H
#define VERRIJKT_DOMAIN_CONTACTS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum { CONTACTS_MAX = 4, CONTACT_TEXT_MAX = 100, CONTACT_PHONE_MAX = 20 };

/* One contact as typed; a row with every field empty is no contact. */
struct contact_input {
    const char *name, *relation, *phone, *email;
    bool emergency;
};

/* The consents asked: photos (taken at activities, used by the school) and going home alone. */
struct consent_input {
    bool photos, home_alone;
};

/* Check the contacts (n at most CONTACTS_MAX; empty rows skipped): a contact has a name
   (1–100 characters) and a phone or an e-mail; a phone has 6–20 characters of digits, spaces,
   '+', '-' and '(' ')'; an e-mail one '@' and a dot after it; an emergency contact has a phone.
   Problems go to out with the fields "name_N", "phone_N", "email_N" (N from 1), message keys
   in [contacts]. Returns how many problems there were. */
int contacts_check(const struct contact_input *in, size_t n, struct problems *out);

/* Replace pupil_id's contacts by the non-empty rows of in and set its consents (a consent's
   day is today when it changes, else kept), in one transaction with an audit record by
   user_id. OUTCOME_INVALID (problems in out), OUTCOME_NOT_FOUND (no such pupil, or an
   anonymous one), OUTCOME_FAILED; nothing is written unless OUTCOME_OK. */
enum outcome contacts_save(struct db *db, int64_t user_id, int64_t pupil_id,
                           const struct contact_input *in, size_t n,
                           const struct consent_input *consents, const char *today,
                           struct problems *out);

/* The pupil's contacts and consents: {"contacts" [{"name", "relation", "phone", "email",
   "emergency"}] in their order, "consents" {"photos": {"given", "given_on"} or null,
   "home_alone": likewise}} into *out (new reference): 0, or -1 on a database error. */
int read_pupil_contacts(struct db *db, int64_t pupil_id, json_t **out);

#endif
