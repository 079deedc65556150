/* Collecting the broken rules of a form, at most one per field, for the checks of activities,
   sessions and rounds. Each keeps its own problem record (struct activity_problem,
   struct round_problem: a static field name and a message buffer of its own size), so the
   collector is told where those two members are rather than knowing the type. */
#ifndef VERRIJKT_DOMAIN_PROBLEMS_H
#define VERRIJKT_DOMAIN_PROBLEMS_H

#include "domain/layer.h"

#include <stddef.h>

struct problems {
    unsigned char *records; /* the caller's array of max records */
    size_t record_size, field_at, message_at, message_size;
    size_t max;
    size_t n; /* problems found, may exceed max */
};

/* A collector writing into `array` (max records of `type`, which has the members
   `const char *field` and `char message[N]`), with nothing found yet. */
#define PROBLEMS(type, array, max_records)                                                       \
    ((struct problems){.records = (unsigned char *)(array),                                      \
                       .record_size = sizeof(type),                                              \
                       .field_at = offsetof(type, field),                                        \
                       .message_at = offsetof(type, message),                                    \
                       .message_size = sizeof(((type *)0)->message),                             \
                       .max = (max_records),                                                     \
                       .n = 0})

/* Record a problem for field (a static string), unless the field has one already: the first
   message counts, as it names the most basic thing to fix. Counted even when the array is
   full, so the caller learns how many there were. */
__attribute__((format(printf, 3, 4))) void problems_add(struct problems *p, const char *field,
                                                        const char *fmt, ...);

/* The field and the message of stored problem i (i < max): for the pages that show them. */
const char *problems_field(const struct problems *p, size_t i);
const char *problems_message(const struct problems *p, size_t i);

#endif
