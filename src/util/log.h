/* The server's log lines on standard error (the journal keeps them): an error names the request
   it happened in, with the same id as that request's access line (http/access_log.c). */
#ifndef VERRIJKT_UTIL_LOG_H
#define VERRIJKT_UTIL_LOG_H

#include <stdint.h>

/* The request this thread is handling now (0: none, as outside the server). */
void log_set_request(uint64_t request_id);
uint64_t log_request(void);

/* An error line: "error [request N] " (or "error ") and the formatted text, which ends with a
   newline or gets one. */
__attribute__((format(printf, 1, 2))) void log_error(const char *fmt, ...);

#endif
