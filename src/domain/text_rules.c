/* One-line texts; see text_rules.h. */
#include "domain/text_rules.h"

#include <string.h>

#include "util/utf8.h"

const char *one_line_error(const char *s, size_t max, const char *too_long)
{
    if (!s || !*s)
        return "Dit veld is verplicht.";
    if (!utf8_valid(s, strlen(s)))
        return "Gebruik geldige tekens.";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "Gebruik geen besturingstekens.";
    return utf8_length(s) > max ? too_long : NULL;
}
