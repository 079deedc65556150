/* A parent's private calendar feed of one child's sessions (iCalendar, RFC 5545; issue 3).
   The feed's URL carries a random token kept in parent_children.feed_token. */
#ifndef VERRIJKT_DOMAIN_CALENDAR_H
#define VERRIJKT_DOMAIN_CALENDAR_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "domain/outcome.h"
#include "util/buf.h"

struct db;

/* 32 random bytes as lowercase hex. */
#define CALENDAR_TOKEN_LEN 64
/* The feed's path with the token appended (the router matches only integers in a path, so
   the token is a query parameter). */
#define CALENDAR_FEED_PATH "/calendar.ics?token="
/* Sessions dated more than this many days before today are left out of the feed. */
#define CALENDAR_PAST_DAYS 30

/* The outcomes of domain/outcome.h: OK, NOT_FOUND (no such parent-child link, or no such or
   a malformed token) or FAILED (a database error, logged). */
enum calendar_result {
    CALENDAR_OK = OUTCOME_OK,
    CALENDAR_NOT_FOUND = OUTCOME_NOT_FOUND,
    CALENDAR_ERROR = OUTCOME_FAILED,
};

/* The feed token of the link between parent user_id and child pupil_id, created (libsodium
   randombytes) on first use, in out. CALENDAR_NOT_FOUND when the user is not linked to the
   pupil. */
enum calendar_result calendar_feed_token(struct db *db, int64_t user_id, int64_t pupil_id,
                                         char out[CALENDAR_TOKEN_LEN + 1]);
/* A new token for the link (the old URL stops working at once), in out. As above. */
enum calendar_result calendar_feed_reset(struct db *db, int64_t user_id, int64_t pupil_id,
                                         char out[CALENDAR_TOKEN_LEN + 1]);
/* public_url + CALENDAR_FEED_PATH + token (a trailing '/' of public_url is dropped), appended
   to out. */
void calendar_feed_url(struct buf *out, const char *public_url, const char *token);

/* Append the feed of token to out: a VCALENDAR (Europe/Amsterdam time zone, with its
   daylight-saving rules) with one VEVENT per session, from CALENDAR_PAST_DAYS days before
   `now` on, of each activity in which the child is enrolled (status 'enrolled'); a cancelled
   session has STATUS:CANCELLED and the reason. CRLF line ends, lines folded at 75 octets.
   CALENDAR_NOT_FOUND for an unknown or malformed token, or a deactivated parent account;
   out is then unchanged. */
enum calendar_result calendar_ics(struct db *db, const char *token, time_t now, struct buf *out);

/* Building blocks, for the tests. */
/* Append s as an RFC 5545 TEXT value: \ ; , escaped, line breaks as \n, other control
   characters dropped. */
void calendar_escape_text(struct buf *out, const char *s);
/* Append one content line of len bytes, folded so that no line exceeds 75 octets (a fold
   never splits a UTF-8 sequence), each ending in CRLF. */
void calendar_put_line(struct buf *out, const char *line, size_t len);

#endif
