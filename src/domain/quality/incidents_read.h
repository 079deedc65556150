/* Reads of the safety incidents. Each returns its rows with the keys listed, or an error,
   never an empty list on failure: json_t * functions give NULL on a database error (logged);
   int functions answer 1 (found), 0 (none; *out NULL) or -1 (error). Data only: labels and
   dates in words are the pages'. Who may see which incident is the caller's question. */
#ifndef VERRIJKT_DOMAIN_QUALITY_INCIDENTS_READ_H
#define VERRIJKT_DOMAIN_QUALITY_INCIDENTS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The pupils that may be named in an incident at session_id (incident_pupil_allowed's rule,
   incidents.h), by first name, last name, id: [{"id", "first_name", "last_name"}]. New
   reference or NULL. */
json_t *read_incident_pupil_choices(struct db *db, int64_t session_id);

/* Incident incident_id into *out (new reference): {"id", "school_id", "school" (its name),
   "activity_id" (null once the activity is gone), "activity" (its title, null then too),
   "session_id" (null once the session is gone), "session_date" (null then), "occurred_on",
   "what", "involved", "measures", "severity" ("laag", "middel", "hoog"), "created_at",
   "reported_by" (name, else e-mail, else "verwijderd account")}. */
int read_incident(struct db *db, int64_t incident_id, json_t **out);

/* The pupils named in incident_id, by first name, last name, id: [{"id", "first_name",
   "last_name"}]. New reference or NULL. */
json_t *read_incident_pupils(struct db *db, int64_t incident_id);

/* Which incidents a list shows. */
struct incident_filter {
    int64_t school_id;    /* 0: every school; an id no school has (-1): none */
    const char *severity; /* "": every severity */
};

/* How many incidents f lets through, into *count: 1, or -1 on a database error. */
int read_incident_count(struct db *db, const struct incident_filter *f, int64_t *count);

/* The incidents f lets through, newest first (occurred_on, then id), limit of them from
   offset on: [{"id", "occurred_on", "school_key", "school" (its name), "activity" (its title,
   "" once gone), "severity", "summary" (the first summary_chars characters of "what"),
   "shortened" (boolean: "what" is longer), "reported_by", "pupils" (how many are named)}].
   New reference or NULL. */
json_t *read_incidents(struct db *db, const struct incident_filter *f, int summary_chars,
                       int limit, int64_t offset);

#endif
