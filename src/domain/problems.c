#include "domain/problems.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char **field_of(const struct problems *p, size_t i)
{
    return (const char **)(void *)(p->records + i * p->record_size + p->field_at);
}

static char *message_of(const struct problems *p, size_t i)
{
    return (char *)(p->records + i * p->record_size + p->message_at);
}

/* Only the stored problems can be compared: one beyond max is counted but its field is lost. */
static bool has_problem(const struct problems *p, const char *field)
{
    for (size_t i = 0; i < p->n && i < p->max; i++)
        if (!strcmp(*field_of(p, i), field))
            return true;
    return false;
}

void problems_add(struct problems *p, const char *field, const char *fmt, ...)
{
    if (has_problem(p, field))
        return;
    if (p->n < p->max) {
        *field_of(p, p->n) = field;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message_of(p, p->n), p->message_size, fmt, ap);
        va_end(ap);
    }
    p->n++;
}

const char *problems_field(const struct problems *p, size_t i) { return *field_of(p, i); }

const char *problems_message(const struct problems *p, size_t i) { return message_of(p, i); }
