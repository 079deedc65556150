/* Forms as tables of fields with strict validators and Dutch messages. */
#ifndef VERRIJKT_HTTP_FORM_H
#define VERRIJKT_HTTP_FORM_H

#include "http/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct req;

enum field_type {
    FIELD_TEXT,      /* one line; control characters refused */
    FIELD_TEXTAREA,  /* several lines */
    FIELD_INT,       /* whole number within [min, max] */
    FIELD_DATE,      /* YYYY-MM-DD */
    FIELD_TIME,      /* HH:MM */
    FIELD_DATETIME,  /* YYYY-MM-DDTHH:MM */
    FIELD_EMAIL,
    FIELD_CHOICE,    /* one of choices[] */
    FIELD_BOOL,      /* checkbox: absent = false; "1", "on", "true" = true */
    FIELD_KEY,       /* lowercase letters, digits, - and _ (a load-format key) */
};

struct field {
    const char *name;
    const char *label;        /* Dutch, for the error summary */
    enum field_type type;
    bool required;
    size_t max_len;           /* in characters, for text types (0: 200) */
    long long min, max;       /* for FIELD_INT */
    const char *const *choices; /* NULL-terminated, for FIELD_CHOICE */
};

/* Validate the request's form against fields. values gets each field's trimmed input as typed
   (strings; FIELD_BOOL as true/false); errors gets a Dutch message per bad field. Both must be
   JSON objects (borrowed). Returns the number of bad fields. */
int form_validate(const struct req *r, const struct field *fields, size_t n, json_t *values,
                  json_t *errors);
/* The error summary, in field order: [{"field", "label", "message"}]. New reference. */
json_t *form_error_list(const struct field *fields, size_t n, json_t *errors);
/* Helpers that read a validated value back. */
const char *form_str(json_t *values, const char *name); /* "" when absent */
long long form_int(json_t *values, const char *name);   /* 0 when absent or empty */
bool form_bool(json_t *values, const char *name);

/* A plausible e-mail address: one @, a dot in the domain, no spaces or list separators, at
   most 254 bytes. */
bool form_email_valid(const char *s);

#define FIELDS_N(a) (sizeof(a) / sizeof((a)[0]))

#endif
