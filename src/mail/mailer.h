/* Sending the outbox (issue 3): each unsent row becomes one RFC 5322 message handed to the
   configured sendmail-compatible command, with a back-off between failed attempts. */
#ifndef VERRIJKT_DOMAIN_MAILER_H
#define VERRIJKT_DOMAIN_MAILER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/buf.h"

struct config;
struct db;

/* Attempts before a message is given up; a refused message (header injection) is set to this
   count at once so that it is never tried. */
#define MAILER_MAX_ATTEMPTS 6
/* How long the command may take for one message before it is killed. */
#define MAILER_COMMAND_TIMEOUT_MS 60000

/* Send up to max due messages from the outbox (sent_at IS NULL, attempts below
   MAILER_MAX_ATTEMPTS, next_attempt_at reached) through cfg->mail_command. Each row is claimed,
   and later marked sent or failed, in its own short write transaction; the write lock is never
   held while the command runs. Success sets sent_at; a failure adds an attempt, keeps the
   reason in last_error and pushes next_attempt_at back; a recipient or subject with control
   characters (header injection) is refused for good without running anything. Does nothing
   (returns 0) when mail_command is empty. Returns the number of messages sent, or -1 on a
   database error. */
int mailer_send_pending(struct db *db, const struct config *cfg, int max);

/* Build the message (headers and body, LF line ends, as `sendmail -t` reads it) into out.
   The subject is RFC 2047 encoded (UTF-8, base64, folded) when it is not short plain ASCII.
   Returns 0, or -1 with the reason in err when the sender, recipient or subject could inject
   headers (CR, LF or other control characters; more than one address) or the subject or
   body is not valid UTF-8; out is then unspecified. */
int mailer_build_message(const char *from, const char *to, const char *subject,
                         const char *body, time_t now, struct buf *out, char *err,
                         size_t errlen);

/* Run command (split on spaces, no shell) with data on its standard input, in its own process
   group, killing the group after timeout_ms or, once *cancel turns true, after a short grace.
   cancel may be NULL. Returns 0 when the command read all of data and exited with status 0;
   otherwise -1 with the reason (and the start of the command's output) in err. Safe against
   SIGPIPE without touching the process's signal dispositions. */
int mailer_run_command(const char *command, const char *data, size_t len, int timeout_ms,
                       const atomic_bool *cancel, char *err, size_t errlen);

/* The background sender of `serve`. */
struct mailer_thread;
/* Start a thread that every cfg->mail_interval_seconds opens (once) its own connection to
   cfg->db_path and sends what is due. cfg must outlive the thread. Returns NULL when
   cfg->mail_command is empty (mail off) or the thread cannot start (reason on stderr). */
struct mailer_thread *mailer_thread_start(const struct config *cfg);
/* Wake the thread, let a running command finish within a short grace, join and free. NULL is
   allowed. */
void mailer_thread_stop(struct mailer_thread *t);

#endif
