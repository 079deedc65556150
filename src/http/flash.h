/* One-time messages of a login (the "flash"), kept in memory rather than in the database, so
   that a form's answer and the page after it cost no write transactions. Keyed by the hash of
   the session token (what the logins table stores), at most FLASH_MAX messages at a time, each
   at most FLASH_TEXT_MAX bytes and kept FLASH_SECONDS; process-wide and thread-safe. A message
   not yet shown when the server restarts is lost, which only a one-time notice can afford. */
#ifndef VERRIJKT_HTTP_FLASH_H
#define VERRIJKT_HTTP_FLASH_H

#include "http/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum {
    FLASH_MAX = 1024,      /* messages kept; when full, the expired go, then the oldest */
    FLASH_TEXT_MAX = 1024, /* bytes of one message; a longer one is cut at a character */
    FLASH_SECONDS = 600,   /* a message not shown within this time is dropped */
};

/* Keep message (and whether it is a warning) for the login whose token hashes to key,
   replacing one kept before. now: the time (seconds). */
void flash_put(const unsigned char key[32], const char *message, bool warning, time_t now);
/* Take the login's message into out (size bytes; "" when none or expired) and forget it.
   Returns whether there was one; *warning says whether it is a warning. */
bool flash_take(const unsigned char key[32], char *out, size_t size, bool *warning, time_t now);
/* Forget the login's message, if any (at logout). */
void flash_drop(const unsigned char key[32]);
/* The number of messages kept (for tests). */
size_t flash_count(void);

#endif
