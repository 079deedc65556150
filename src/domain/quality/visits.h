/* Visits (issue 15, part 3): the coordinator's or the lead's observation of a session that
   took place (seed 000_…, randvoorwaarde 3). Per visit the working factors as short items,
   each rated goed / voldoende / onvoldoende / n.v.t. (stored "nvt"), the group's overall
   Leuven involvement (1–5, the register's scale; optional) and a note. One visit per session
   and visitor: saving again changes it. Only sessions that took place get one (not
   cancelled, started by now). Who may visit which session (scope) is the pages' concern. */
#ifndef VERRIJKT_DOMAIN_QUALITY_VISITS_H
#define VERRIJKT_DOMAIN_QUALITY_VISITS_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    VISIT_NOTE_MAX = 2000,
    VISIT_ITEMS = 5,
};

/* One item: its key (the column of visits and the key in the load format's "items") and its
   Dutch wording. */
struct visit_item {
    const char *key;
    const char *label; /* short: the table's column */
    const char *question;
};
/* The items, in the form's order. */
extern const struct visit_item visit_items[VISIT_ITEMS];

/* The ratings as stored: "goed", "voldoende", "onvoldoende", "nvt"; NULL-terminated. */
extern const char *const visit_rating_values[];
/* "goed", "voldoende", "onvoldoende", "n.v.t." for a stored rating; "" when unknown. Static. */
const char *visit_rating_label(const char *rating);
/* Whether s is one of visit_rating_values. */
int visit_rating_valid(const char *s);

/* A visit as a form gives it. Strings are borrowed; NULL means the page found the field
   malformed already (its own message is shown), so its check is skipped. */
struct visit_input {
    const char *ratings[VISIT_ITEMS]; /* in visit_items' order */
    int involvement;                  /* 1–5, or 0 when not given */
    const char *note;                 /* "" when none */
};

/* Check in for session_id at moment now ("YYYY-MM-DDTHH:MM"): each rating one of the values
   (problem under the item's key), involvement 0 or 1–5 ("involvement"), the note at most
   VISIT_NOTE_MAX characters without control characters other than line breaks and without a
   BSN ("note"), and the session took place ("form": problem.visit_cancelled,
   problem.visit_future). Problems into out, emptied first; returns out->n, OUTCOME_NOT_FOUND
   without such a session, -1 on a database error. */
int visit_check(struct db *db, int64_t session_id, const struct visit_input *in, const char *now,
                struct problems *out);

/* Save user_id's visit of session_id in ONE transaction: created the first time, changed
   after that, audited. OUTCOME_INVALID with problems (also, without problems, for a NULL
   field), OUTCOME_NOT_FOUND without the session. *created (may be NULL) whether it was new.
   On anything but OUTCOME_OK nothing is written. */
enum outcome visit_save(struct db *db, int64_t user_id, int64_t session_id,
                        const struct visit_input *in, const char *now, struct problems *out,
                        int *created);

#endif
