#include "domain/problems.h"

#include <stdbool.h>
#include <string.h>

size_t problems_stored(const struct problems *p)
{
    return p->n < PROBLEMS_MAX ? p->n : PROBLEMS_MAX;
}

/* Only the stored problems can be compared: one beyond the maximum is counted but lost. */
static bool has_problem(const struct problems *p, const char *field, int64_t row)
{
    for (size_t i = 0; i < problems_stored(p); i++)
        if (p->item[i].row == row && !strcmp(p->item[i].field, field))
            return true;
    return false;
}

void problems_add_row(struct problems *p, const char *field, int64_t row, const char *key,
                      json_t *vars)
{
    if (has_problem(p, field, row)) {
        json_decref(vars);
        return;
    }
    if (p->n < PROBLEMS_MAX)
        p->item[p->n] = (struct problem){.field = field, .row = row, .key = key, .vars = vars};
    else
        json_decref(vars);
    p->n++;
}

void problems_add_vars(struct problems *p, const char *field, const char *key, json_t *vars)
{
    problems_add_row(p, field, 0, key, vars);
}

void problems_add(struct problems *p, const char *field, const char *key)
{
    problems_add_row(p, field, 0, key, NULL);
}

void problems_add_int(struct problems *p, const char *field, const char *key, const char *name,
                      long long value)
{
    problems_add_row(p, field, 0, key, json_pack("{sI}", name, (json_int_t)value));
}

void problems_clear(struct problems *p)
{
    for (size_t i = 0; i < problems_stored(p); i++)
        json_decref(p->item[i].vars);
    p->n = 0;
}
