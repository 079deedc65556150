/* The broken rules of a form, in the one shape every check of the domain uses: a field and a
   message key (a text of templates/messages, "problem.too_long") with the values its
   placeholders need. The domain names what is wrong; the page says it, in the request's
   language (pages/form_page.h form_add_problems). At most one problem per field: the first
   counts, as it names the most basic thing to fix. */
#ifndef VERRIJKT_DOMAIN_PROBLEMS_H
#define VERRIJKT_DOMAIN_PROBLEMS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* More problems than this are counted but not kept (a form has fewer fields; the register has
   two per pupil shown, and a page shows the first ones). */
enum { PROBLEMS_MAX = 64 };

struct problem {
    const char *field; /* static string: the form field ("title"), or "form" for the whole */
    int64_t row;       /* the row of a list form it belongs to (the register's pupil), else 0 */
    const char *key;   /* static string: the message key, "problem.title_missing" */
    json_t *vars;      /* the placeholders' values, owned; NULL when the text has none */
};

/* A collector: start it as `struct problems p = {0};` and end it with problems_clear. */
struct problems {
    struct problem item[PROBLEMS_MAX];
    size_t n; /* problems found, may exceed PROBLEMS_MAX */
};

/* Record a problem for field (and row 0), unless the field has one already. Counted even when
   the collector is full, so the caller learns how many there were. */
void problems_add(struct problems *p, const char *field, const char *key);
/* The same with the values of the key's placeholders (steals vars; NULL allowed). */
void problems_add_vars(struct problems *p, const char *field, const char *key, json_t *vars);
/* The same for one row of a list form: the first problem per field and row counts. */
void problems_add_row(struct problems *p, const char *field, int64_t row, const char *key,
                      json_t *vars);
/* The same with one integer placeholder, {{name}}. */
void problems_add_int(struct problems *p, const char *field, const char *key, const char *name,
                      long long value);
/* How many problems are stored (n, at most PROBLEMS_MAX). */
size_t problems_stored(const struct problems *p);
/* Forget every problem, freeing their vars; p can be used again. */
void problems_clear(struct problems *p);

#endif
