/* What a parent should know about a child (enrolled, on the waiting list, promoted, place lost,
   session cancelled or moved, no seat in a round): a notification per linked parent account,
   shown on /parent until seen, and a message in the outbox in that parent's language, which
   the mailer sends when [mail] is configured (src/domain/mailer.h). No HTTP here. */
#ifndef VERRIJKT_DOMAIN_NOTIFY_H
#define VERRIJKT_DOMAIN_NOTIFY_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The address parents use (config [server] public_url), for the link in the messages. Set once
   at start, before the worker threads. */
void notify_set_public_url(const char *url);

/* Inside the caller's write transaction: tell every parent linked to the pupil. kind is one of
   enrolled, waitlisted, promoted, place_lost, cancelled, session_cancelled, session_moved,
   unplaced; detail a short text the message shows (a date, a reason), "" when none.
   activity_id 0 = none. 0 or -1. */
int notify_parents(struct db *db, int64_t pupil_id, int64_t activity_id, const char *kind,
                   const char *detail);

/* Inside the caller's write transaction: tell the parents of every pupil enrolled in the
   session's activity that the session was cancelled or moved (kind session_cancelled or
   session_moved). 0 or -1. */
int notify_session_change(struct db *db, int64_t session_id, const char *kind,
                          const char *detail);

/* The text of a notification in lang: "Sara is van de wachtlijst ingeschreven voor Judo."
   Caller frees. */
char *notify_text(const char *lang, const char *kind, const char *child, const char *activity,
                  const char *detail);

/* The user's notifications, newest first (at most limit): an array of objects with id, kind,
   text (in lang), child, activity, detail, at, unseen. New reference, NULL on error. */
json_t *notify_list(struct db *db, int64_t user_id, const char *lang, int limit);

/* Mark all the user's notifications seen (a write transaction of its own). 0 or -1. */
int notify_mark_seen(struct db *db, int64_t user_id);

#endif
