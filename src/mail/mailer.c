/* The outbox sender: claims each due message, builds it (mailer_message.c), hands it to the
   mail command (mailer_command.c) and records the outcome; and the background thread of
   `serve` that does this every interval. The command runs outside any write transaction; a row
   is claimed first (next_attempt_at moved ahead as a lease) so that it is never handed out
   twice. */
#include "mail/mailer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db/db.h"
#include "mail/mailer_internal.h"
#include "util/date.h"
#include "util/log.h"

enum {
    THREAD_BATCH = 50, /* messages per look at the outbox */
};

/* Seconds before the next try after the 1st, 2nd, … failed attempt. */
static const int RETRY_DELAYS[] = {60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600};

/* ---- the outbox ---------------------------------------------------------------------------- */

/* One claimed row; the strings are malloc'ed (outbox_row_free). */
struct outbox_row {
    int64_t id;
    int attempts;
    char *to, *subject, *body;
};

static void outbox_row_free(struct outbox_row *row)
{
    free(row->to);
    free(row->subject);
    free(row->body);
}

static char *dup_column(sqlite3_stmt *st, int col)
{
    char *s = strdup(db_col_text(st, col));
    if (!s)
        abort();
    return s;
}

/* The ids of up to max due messages, oldest first. Returns the count, or -1. */
static int due_ids(struct db *db, time_t now, int max, int64_t *ids)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM outbox WHERE sent_at IS NULL"
                                   " AND attempts < ?1 AND next_attempt_at <= ?2"
                                   " ORDER BY id LIMIT ?3");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, MAILER_MAX_ATTEMPTS);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
    sqlite3_bind_int(st, 3, max);
    int n = 0, rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

/* Take row id for sending: still due, its next_attempt_at is moved past the command's timeout
   so that no other sender takes it meanwhile. 1 when claimed (row filled), 0 when it is no
   longer due, -1 on error. */
static int claim(struct db *db, int64_t id, time_t now, struct outbox_row *row)
{
    if (db_begin(db))
        return -1;
    sqlite3_stmt *take = db_stmt(db, "UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1"
                                     " AND sent_at IS NULL AND attempts < ?3"
                                     " AND next_attempt_at <= ?4");
    if (!take)
        goto fail;
    sqlite3_bind_int64(take, 1, id);
    sqlite3_bind_int64(take, 2, (sqlite3_int64)now + MAILER_COMMAND_TIMEOUT_MS / 1000 + 60);
    sqlite3_bind_int(take, 3, MAILER_MAX_ATTEMPTS);
    sqlite3_bind_int64(take, 4, (sqlite3_int64)now);
    if (db_step_done(take))
        goto fail;
    if (sqlite3_changes(db_handle(db)) != 1)
        return db_commit(db) ? -1 : 0;
    sqlite3_stmt *fetch = db_stmt(db, "SELECT to_email, subject, body, attempts FROM outbox"
                                      " WHERE id = ?1");
    if (!fetch)
        goto fail;
    sqlite3_bind_int64(fetch, 1, id);
    if (sqlite3_step(fetch) != SQLITE_ROW) {
        sqlite3_reset(fetch);
        goto fail;
    }
    *row = (struct outbox_row){.id = id,
                               .to = dup_column(fetch, 0),
                               .subject = dup_column(fetch, 1),
                               .body = dup_column(fetch, 2),
                               .attempts = sqlite3_column_int(fetch, 3)};
    sqlite3_reset(fetch);
    if (db_commit(db)) {
        outbox_row_free(row);
        return -1;
    }
    return 1;
fail:
    db_rollback(db);
    return -1;
}

static int mark_sent(struct db *db, int64_t id)
{
    char now[24];
    timestamp_now(now);
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET sent_at = ?2, last_error = '' WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, now);
    if (db_step_done(st))
        goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return -1;
}

enum failure { FAILED, REFUSED, INTERRUPTED };

/* Record a failed attempt: FAILED counts it and schedules the next try; REFUSED gives the
   message up now; INTERRUPTED (the server stopping) does not count and leaves it due. */
static int mark_failed(struct db *db, const struct outbox_row *row, const char *error,
                       enum failure kind)
{
    int attempts = kind == REFUSED       ? MAILER_MAX_ATTEMPTS
                   : kind == INTERRUPTED ? row->attempts
                                         : row->attempts + 1;
    size_t n_delays = sizeof RETRY_DELAYS / sizeof RETRY_DELAYS[0];
    size_t delay_index = attempts >= 1 && (size_t)attempts - 1 < n_delays ? (size_t)attempts - 1
                                                                           : n_delays - 1;
    int64_t next = kind == INTERRUPTED ? 0 : (int64_t)time(NULL) + RETRY_DELAYS[delay_index];
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET attempts = ?2, last_error = ?3,"
                                   " next_attempt_at = ?4 WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, row->id);
    sqlite3_bind_int(st, 2, attempts);
    db_bind_text(st, 3, error);
    sqlite3_bind_int64(st, 4, next);
    if (db_step_done(st))
        goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return -1;
}

/* Build and send one claimed message; record the outcome. 1 sent, 0 not sent, -1 error. */
static int send_one(struct db *db, const struct config *cfg, const struct outbox_row *row,
                    const atomic_bool *cancel)
{
    struct buf message = BUF_INIT;
    char err[256];
    int rc;
    if (mailer_build_message(cfg->mail_from, row->to, row->subject, row->body, time(NULL),
                             &message, err, sizeof err)) {
        log_error("mail: outbox %lld %s\n", (long long)row->id, err);
        rc = mark_failed(db, row, err, REFUSED) ? -1 : 0;
    } else if (mailer_run_command(cfg->mail_command, message.data, message.len,
                                  MAILER_COMMAND_TIMEOUT_MS, cancel, err, sizeof err)) {
        log_error("mail: outbox %lld not sent: %s\n", (long long)row->id, err);
        bool interrupted = cancel && atomic_load(cancel);
        rc = mark_failed(db, row, err, interrupted ? INTERRUPTED : FAILED) ? -1 : 0;
    } else {
        rc = mark_sent(db, row->id) ? -1 : 1;
    }
    buf_free(&message);
    return rc;
}

/* Send up to max due messages, stopping early once *cancel turns true (cancel may be NULL).
   *processed counts the messages tried. Returns the number sent, or -1. */
static int send_due(struct db *db, const struct config *cfg, int max, const atomic_bool *cancel,
                    int *processed)
{
    *processed = 0;
    if (!cfg->mail_command[0] || max <= 0)
        return 0;
    if (!mailer_from_usable(cfg->mail_from)) {
        /* A configuration error, not the messages' fault: leave them waiting. */
        log_error("mail: [mail] from cannot be used as a From header\n");
        return -1;
    }
    int64_t *ids = calloc((size_t)max, sizeof *ids);
    if (!ids)
        abort();
    int n = due_ids(db, time(NULL), max, ids), sent = 0;
    if (n < 0)
        sent = -1;
    for (int i = 0; i < n && sent >= 0 && !(cancel && atomic_load(cancel)); i++) {
        struct outbox_row row;
        int claimed = claim(db, ids[i], time(NULL), &row);
        if (claimed <= 0) {
            if (claimed < 0)
                sent = -1;
            continue;
        }
        int rc = send_one(db, cfg, &row, cancel);
        outbox_row_free(&row);
        (*processed)++;
        if (rc < 0)
            sent = -1;
        else
            sent += rc;
    }
    free(ids);
    return sent;
}

int mailer_send_pending(struct db *db, const struct config *cfg, int max)
{
    int processed;
    return send_due(db, cfg, max, NULL, &processed);
}

/* ---- the background thread ----------------------------------------------------------------- */

struct mailer_thread {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* signalled by mailer_thread_stop; waits use CLOCK_MONOTONIC */
    atomic_bool stopping;
    const struct config *cfg;
};

/* Sleep until the interval has passed or stop is asked; called with t->lock held. */
static void wait_interval(struct mailer_thread *t)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += t->cfg->mail_interval_seconds;
    while (!atomic_load(&t->stopping))
        if (pthread_cond_timedwait(&t->wake, &t->lock, &until) == ETIMEDOUT)
            break;
}

static void *mailer_main(void *arg)
{
    struct mailer_thread *t = arg;
    struct db *db = NULL;
    bool open_failed_logged = false;
    pthread_mutex_lock(&t->lock);
    while (!atomic_load(&t->stopping)) {
        pthread_mutex_unlock(&t->lock);
        int processed = 0;
        if (!db) {
            char err[256];
            db = db_open(t->cfg->db_path, err, sizeof err);
            if (!db && !open_failed_logged)
                log_error("mail: %s\n", err);
            open_failed_logged = !db;
        }
        if (db && send_due(db, t->cfg, THREAD_BATCH, &t->stopping, &processed) < 0)
            log_error("mail: database error while sending the outbox\n");
        pthread_mutex_lock(&t->lock);
        if (processed < THREAD_BATCH) /* a full batch: more may be due, look again at once */
            wait_interval(t);
    }
    pthread_mutex_unlock(&t->lock);
    db_close(db);
    return NULL;
}

struct mailer_thread *mailer_thread_start(const struct config *cfg)
{
    if (!cfg->mail_command[0])
        return NULL;
    struct mailer_thread *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->cfg = cfg;
    atomic_init(&t->stopping, false);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&t->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&t->lock, NULL);
    /* The thread starts with the stop signals blocked, so that they reach the main thread's
       sigwait (server_run), and with SIGPIPE blocked. */
    sigset_t blocked, old;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &blocked, &old);
    int rc = pthread_create(&t->thread, NULL, mailer_main, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        log_error("mail: cannot start the mail thread: %s\n", strerror(rc));
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        free(t);
        return NULL;
    }
    return t;
}

void mailer_thread_stop(struct mailer_thread *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    atomic_store(&t->stopping, true);
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t);
}
