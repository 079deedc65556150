/* What several page files share: the current school year, a school's name, select options
   read from the database, the label of an enrolment's status, and the answer after a successful save. */
#ifndef VERRIJKT_PAGES_COMMON_H
#define VERRIJKT_PAGES_COMMON_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdint.h>

struct req;

/* The school year (1 August – 31 July) that today falls in, as ISO dates. */
struct school_year {
    char from[11], until[11], today[11];
    char label[12]; /* "2025–2026" */
};
struct school_year school_year_now(void);

/* The name of school_id, "" when there is none, NULL when the database failed. Arena-owned. */
const char *page_school_name(struct req *r, int64_t school_id);

/* Rows of a read (stolen; NULL passes through, for a read that failed) as the options of a
   select: each row gets "selected", whether its member value_key (a string, or an integer
   compared as its decimal text) equals selected (NULL: none). Returns the rows. */
json_t *page_options(json_t *rows, const char *value_key, const char *selected);
/* Give each row of rows (NULL passes through) a "value": its member key, for the templates'
   options ({{value}}) when the read names it otherwise ("key", "code"). Returns rows. */
json_t *page_values(json_t *rows, const char *key);

/* The 500 page (or JSON) for a read or write that failed in the database: the failure was
   logged where it happened; the user gets a plain message, never a partial or empty page.
   Returns 500. */
int page_failed(struct req *r);

/* Seconds a busy answer (503) tells the browser to wait before trying again. */
#define PAGE_BUSY_RETRY_AFTER "5"
/* The 503 page (or JSON) with Retry-After for a request refused because the server is too
   busy (no password slot came free in time, domain/people/hash_slots.h). Returns 503. */
int page_busy(struct req *r);

/* "ingeschreven", "op de wachtlijst" or "afgemeld" for an enrolment's status. Static. */
const char *enrolment_status_label(const char *status);

/* The answer after a successful save. With wants_json: load(r, id) as JSON with status (201
   after a create, 200 after a change). Otherwise: flash for the next page and a 303 to
   location. Returns the status sent. */
int page_saved(struct req *r, int status, json_t *(*load)(struct req *, int64_t),
               int64_t id, const char *flash, const char *location);

#endif
