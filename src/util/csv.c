#include "util/csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void csv_begin(struct buf *b) { buf_puts(b, "\xEF\xBB\xBF"); }

static void separator(struct buf *b, size_t col)
{
    if (col > 0)
        buf_putc(b, ';');
}

/* Does s start like a formula Excel would run? */
static bool formula_like(const char *s)
{
    return s[0] != '\0' && strchr("=+-@\t\r", s[0]);
}

void csv_text(struct buf *b, size_t col, const char *s)
{
    separator(b, col);
    if (!s || !*s)
        return;
    size_t len = strlen(s);
    bool quote = strpbrk(s, ";\"\r\n") || s[0] == ' ' || s[len - 1] == ' ';
    if (quote)
        buf_putc(b, '"');
    if (formula_like(s))
        buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote)
        buf_putc(b, '"');
}

void csv_int(struct buf *b, size_t col, long long value)
{
    separator(b, col);
    buf_printf(b, "%lld", value);
}

void csv_decimal(struct buf *b, size_t col, double value)
{
    separator(b, col);
    char text[64];
    snprintf(text, sizeof text, "%.1f", value);
    if (!strcmp(text, "-0.0")) /* a negative value that rounds to zero */
        snprintf(text, sizeof text, "0.0");
    char *point = strchr(text, '.');
    if (point)
        *point = ',';
    buf_puts(b, text);
}

void csv_end_row(struct buf *b) { buf_puts(b, "\r\n"); }
