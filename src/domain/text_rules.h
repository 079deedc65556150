/* What every one-line text a form asks for (a name) must be, in one place: the schools',
   providers', staff members', domains' and holidays' names are checked here. */
#ifndef VERRIJKT_DOMAIN_TEXT_RULES_H
#define VERRIJKT_DOMAIN_TEXT_RULES_H

#include "domain/layer.h"

#include <stddef.h>

/* A one-line text of 1 … max characters of valid UTF-8 without control characters: NULL when
   fine, else a message key (static; "problem.too_long" takes {{max}}, the others nothing). */
const char *one_line_error(const char *s, size_t max);

#endif
