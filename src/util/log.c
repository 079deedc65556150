#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local uint64_t current_request;

void log_set_request(uint64_t request_id) { current_request = request_id; }

uint64_t log_request(void) { return current_request; }

void log_error(const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    size_t n = strlen(text);
    const char *end = n && text[n - 1] == '\n' ? "" : "\n";
    if (current_request)
        fprintf(stderr, "error [request %llu] %s%s", (unsigned long long)current_request, text,
                end);
    else
        fprintf(stderr, "error %s%s", text, end);
}
