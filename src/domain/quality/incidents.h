/* Safety incidents at a session: what happened, when, who was involved (free text and,
   optionally, pupils picked from those enrolled), the measures taken, how serious it was and
   who reported it. Incidents are never changed or deleted, and each is audited. Who may
   report for which session (scope) is the pages' concern. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_INCIDENTS_H
#define VERRIJKT_DOMAIN_INCIDENTS_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    INCIDENT_TEXT_MAX = 2000,    /* characters of what and measures */
    INCIDENT_INVOLVED_MAX = 500, /* characters of involved */
    INCIDENT_PUPILS_MAX = 64,    /* pupils picked for one incident */
};

/* The severities as stored, mildest first: "laag", "middel", "hoog"; NULL-terminated. */
extern const char *const incident_severities[];
/* "laag", "middel", "hoog" as people read them ("Laag" …); "" when unknown. Static. */
const char *incident_severity_label(const char *severity);

/* Does s hold a BSN (burgerservicenummer): a run of exactly nine digits, possibly split by
   single dots, spaces or dashes after the 4th and 6th digit, that passes the eleven test?
   PRODUCT.md rule 8 forbids storing one; the free text of incidents and evaluations is
   checked with this. */
bool text_has_bsn(const char *s);
/* What is wrong with free text s (one of a form's text areas), as a message key: invalid
   UTF-8, control characters other than line breaks and tabs, more than max characters (the
   text takes {{max}}), or a BSN. NULL when it is fine (an empty text is fine here: the caller
   knows whether it is required). Static. */
const char *free_text_error(const char *s, size_t max);

/* An incident as a form gives it. Strings are borrowed; NULL means the page found the field
   malformed already (its own message is shown), so its checks are skipped. */
struct incident_input {
    const char *what;
    const char *occurred_on; /* "YYYY-MM-DD" */
    const char *involved;    /* "" when none */
    const char *measures;
    const char *severity;    /* one of incident_severities */
    const int64_t *pupil_ids;
    size_t n_pupils;
};

/* Check in for session_id on day today (a day number, util/date.h): what and measures
   required (at most INCIDENT_TEXT_MAX characters), involved at most INCIDENT_INVOLVED_MAX,
   text valid UTF-8 without control characters other than line breaks and tabs and without a
   BSN, occurred_on a real date not after today, severity one of the list, and every pupil one
   of incident_pupil_choices (at most INCIDENT_PUPILS_MAX, none twice). The problems (fields
   "what", "occurred_on", "involved", "measures", "severity", "pupils") go to out, which
   is emptied first; returns out->n, OUTCOME_NOT_FOUND when there is no such session, -1 on a
   database error. */
int incident_check(struct db *db, int64_t session_id, const struct incident_input *in,
                   int32_t today, struct problems *out);

/* Record an incident at session_id reported by user_id in ONE transaction, with its pupils
   and an audit entry, after checking the rules again inside it. OUTCOME_OK with the new id in
   *id; OUTCOME_INVALID with the problems in out; OUTCOME_NOT_FOUND; OUTCOME_FAILED. A NULL
   text, date or severity (a field the page refused) gives OUTCOME_INVALID without problems.
   On anything but OUTCOME_OK nothing is written. */
enum outcome incident_create(struct db *db, int64_t user_id, int64_t session_id,
                             const struct incident_input *in, int32_t today,
                             struct problems *out, int64_t *id);

/* Is pupil_id one that may be named in an incident at session_id: enrolled in its activity
   now, or marked in the session's attendance? 1, 0, or -1 on a database error. The list of
   choices (read_incident_pupil_choices, incidents_read.h) asks the same
   INCIDENT_NAMEABLE_PUPILS_SQL, so the form offers exactly the pupils this accepts. */
int incident_pupil_allowed(struct db *db, int64_t session_id, int64_t pupil_id);
/* The rule above in SQL, the one copy of it: the ids of the pupils that may be named at
   session ?1, as a subquery ("… WHERE p.id IN (" INCIDENT_NAMEABLE_PUPILS_SQL ")"). */
#define INCIDENT_NAMEABLE_PUPILS_SQL                                                             \
    "SELECT e.pupil_id FROM enrolments e JOIN sessions s ON s.activity_id = e.activity_id"      \
    " WHERE s.id = ?1 AND e.status = 'enrolled'"                                                 \
    " UNION SELECT t.pupil_id FROM attendance t WHERE t.session_id = ?1"

/* The checks of a free text field shared by the forms of this area (incidents, evaluations):
   when value is NULL (the page refused it already) nothing; when it is empty and missing is
   not NULL (a required field), the message key missing; else free_text_error's, under
   field. */
void free_text_check(struct problems *p, const char *field, const char *value, size_t max,
                     const char *missing);

#endif
