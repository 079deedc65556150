/* What several page files share: the current school year, a school's name, select options
   read from the database, the label of an enrolment's status, and the answer after a successful save. */
#ifndef VERRIJKT_PAGES_COMMON_H
#define VERRIJKT_PAGES_COMMON_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* The school year (1 August – 31 July) that today falls in, as ISO dates. */
struct school_year {
    char from[11], until[11], today[11];
    char label[12]; /* "2025–2026" */
};
struct school_year school_year_now(void);

/* The name of school_id, "" when there is none. Arena-owned. */
const char *page_school_name(struct req *r, int64_t school_id);

/* The rows of sql (a query without parameters) as the options of a select: column i under
   keys[i] (keys is NULL-terminated, one key per column, keys[0] the option's value), then
   "selected": whether column 0 equals selected (NULL: none). Every column is read as text.
   New reference; an empty array on a database error. */
json_t *page_options(struct req *r, const char *sql, const char *const *keys,
                     const char *selected);

/* "ingeschreven", "op de wachtlijst" or "afgemeld" for an enrolment's status. Static. */
const char *enrolment_status_label(const char *status);

/* The answer after a successful save. With wants_json: load(r, id) as JSON with status (201
   after a create, 200 after a change). Otherwise: flash for the next page and a 303 to
   location. Returns the status sent. */
int page_saved(struct req *r, int status, json_t *(*load)(struct req *, int64_t),
               int64_t id, const char *flash, const char *location);

#endif
