#include "util/json_utf8.h"

#include <string.h>

#include "util/utf8.h"

json_t *json_utf8(const char *s)
{
    return s ? json_utf8n(s, strlen(s)) : NULL;
}

json_t *json_utf8n(const char *s, size_t n)
{
    return utf8_valid(s, n) ? json_stringn_nocheck(s, n) : NULL;
}
