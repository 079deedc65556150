/* One-line texts; see text_rules.h. */
#include "domain/text_rules.h"

#include <string.h>

#include "util/utf8.h"

const char *one_line_error(const char *s, size_t max)
{
    if (!s || !*s)
        return "problem.required";
    if (!utf8_valid(s, strlen(s)))
        return "problem.text_invalid";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "problem.text_control";
    return utf8_length(s) > max ? "problem.too_long" : NULL;
}
