/* The evaluation after a session (nabespreking, PRODUCT.md rule 6): what went well, what to
   change, whether the activity went as planned, and an optional note. Each author (the staff
   who ran it, the coordinator, the lead) keeps one evaluation per session and may change it;
   only sessions that took place get one. Who may write for which session (scope) is the
   pages' concern; the rules here hold for everyone. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_EVALUATIONS_H
#define VERRIJKT_DOMAIN_EVALUATIONS_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    EVALUATION_TEXT_MAX = 2000, /* characters of went_well and to_change */
    EVALUATION_NOTE_MAX = 1000,
};

/* The answers to "did it go as planned?", as stored: "yes", "partly", "no"; NULL-terminated. */
extern const char *const evaluation_plan_values[];
/* "ja", "gedeeltelijk", "nee" for a stored answer; "" when unknown. Static string. */
const char *evaluation_plan_label(const char *as_planned);

/* An evaluation as a form gives it. Strings are borrowed; NULL means the page found the field
   malformed already (its own message is shown), so its checks are skipped. */
struct evaluation_input {
    const char *went_well;
    const char *to_change;
    const char *as_planned; /* one of evaluation_plan_values */
    const char *note;       /* "" when none */
};

/* Whether a session can get evaluations: only one that took place. */
enum evaluation_session {
    EVALUATION_SESSION_OPEN = 0,  /* not cancelled and started at or before now */
    EVALUATION_SESSION_CANCELLED,
    EVALUATION_SESSION_FUTURE,    /* starts after now */
    EVALUATION_SESSION_MISSING,   /* no such session */
    EVALUATION_SESSION_ERROR = -1 /* database error (logged) */
};
/* The state of session_id at moment now ("YYYY-MM-DDTHH:MM", local time). */
enum evaluation_session evaluation_session_state(struct db *db, int64_t session_id,
                                                 const char *now);
/* Why a session in state s cannot get an evaluation, as a message key ("problem.…", no
   placeholders); NULL for an open one. Static. */
const char *evaluation_session_refusal(enum evaluation_session s);

/* Check in for session_id at moment now: went_well and to_change required (at most
   EVALUATION_TEXT_MAX characters), as_planned one of the values, note at most
   EVALUATION_NOTE_MAX; text valid UTF-8 without control characters other than line breaks
   and tabs, and without a BSN (privacy); and the session refusal above (field "form").
   The problems (fields "went_well", "to_change", "as_planned", "note", "form") go to out,
   emptied first; returns out->n, OUTCOME_NOT_FOUND when there is no such session, -1 on
   a database error. */
int evaluation_check(struct db *db, int64_t session_id, const struct evaluation_input *in,
                     const char *now, struct problems *out);

/* Save user_id's evaluation of session_id in ONE transaction: created the first time, changed
   after that (one per session and user), audited as user_id. The rules are checked inside the
   transaction; when one is broken the problems go to out and OUTCOME_INVALID is returned
   (also, without problems, for a NULL field the page refused); OUTCOME_NOT_FOUND without such
   a session. On OUTCOME_OK *id (may be NULL) holds the evaluation's id and *created whether
   it was new (may be NULL). On anything else nothing is written. */
enum outcome evaluation_save(struct db *db, int64_t user_id, int64_t session_id,
                             const struct evaluation_input *in, const char *now,
                             struct problems *out, int64_t *id, int *created);

#endif
