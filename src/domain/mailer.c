/* The outbox sender: builds each message, hands it to the mail command, records the outcome.
   The command runs outside any write transaction; a row is claimed first (next_attempt_at
   moved ahead as a lease) so that it is never handed out twice. */
#include "domain/mailer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "db/db.h"
#include "util/date.h"
#include "util/utf8.h"

extern char **environ;

enum {
    MAX_COMMAND_ARGS = 32,
    OUTPUT_KEPT = 160,      /* bytes of the command's output kept for last_error */
    CANCEL_GRACE_MS = 2000, /* a running command may finish this long after shutdown began */
    THREAD_BATCH = 50,      /* messages per look at the outbox */
    SUBJECT_PLAIN_MAX = 70, /* a longer ASCII subject is encoded, which folds it */
    ENCODED_CHUNK = 39,     /* bytes per encoded-word: "=?UTF-8?B?" + 52 + "?=" = 64 */
};

/* Seconds before the next try after the 1st, 2nd, … failed attempt. */
static const int RETRY_DELAYS[] = {60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600};

/* ---- the message --------------------------------------------------------------------------- */

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* One plain address local@domain: printable ASCII without spaces or the characters that
   would let `sendmail -t` read a second recipient or a comment out of the To header. */
static bool address_ok(const char *s)
{
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    if (!len || len > 254 || !at || at == s || !at[1] || strchr(at + 1, '@'))
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || strchr("\"(),:;<>[\\]", *s))
            return false;
    return true;
}

/* s as RFC 2047 encoded-words (UTF-8, base64) of at most ENCODED_CHUNK bytes each, never
   splitting a character, separated by folding white space. */
static void put_encoded_words(struct buf *out, const char *s)
{
    size_t len = strlen(s), at = 0;
    while (at < len) {
        size_t cut = at + ENCODED_CHUNK < len ? at + ENCODED_CHUNK : len;
        while (cut > at + 1 && cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        char b64[sodium_base64_ENCODED_LEN(ENCODED_CHUNK, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + at, cut - at,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s=?UTF-8?B?%s?=", at ? "\n " : "", b64);
        at = cut;
    }
}

/* The From header's value: as configured when plain ASCII; a non-ASCII display name in
   "Name <address>" is encoded. -1 when it cannot be written safely. */
static int put_from(struct buf *out, const char *from)
{
    if (has_control(from) || !*from)
        return -1;
    if (is_ascii(from)) {
        buf_puts(out, from);
        return 0;
    }
    const char *open = strrchr(from, '<');
    if (!open || open == from || !strchr(open, '>') || !is_ascii(open))
        return -1;
    size_t name_len = (size_t)(open - from);
    while (name_len && from[name_len - 1] == ' ')
        name_len--;
    char name[256];
    if (!name_len || name_len >= sizeof name)
        return -1;
    memcpy(name, from, name_len);
    name[name_len] = '\0';
    put_encoded_words(out, name);
    buf_printf(out, " %s", open);
    return 0;
}

static bool from_usable(const char *from)
{
    struct buf scratch = BUF_INIT;
    bool ok = put_from(&scratch, from) == 0;
    buf_free(&scratch);
    return ok;
}

/* "Tue, 01 Dec 2026 15:04:35 +0100" in local time, without depending on the locale. */
static void put_date(struct buf *out, time_t now)
{
    static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    localtime_r(&now, &tm);
    long offset = tm.tm_gmtoff / 60;
    char sign = offset < 0 ? '-' : '+';
    if (offset < 0)
        offset = -offset;
    buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", DAYS[tm.tm_wday], tm.tm_mday,
               MONTHS[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
               offset / 60, offset % 60);
}

/* "<random@domain-of-the-sender>" (the sender's domain keeps the id globally unique). */
static void put_message_id(struct buf *out, const char *from)
{
    unsigned char raw[16];
    char hex[2 * sizeof raw + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    const char *at = strrchr(from, '@');
    size_t domain_len = at ? strcspn(at + 1, "> ") : 0;
    if (domain_len)
        buf_printf(out, "<%s@%.*s>", hex, (int)domain_len, at + 1);
    else
        buf_printf(out, "<%s@verrijkt.invalid>", hex);
}

/* The body with every CRLF or lone CR as LF, ending in a newline. */
static void put_body(struct buf *out, const char *body)
{
    for (const char *p = body; *p; p++) {
        if (*p == '\r') {
            buf_putc(out, '\n');
            if (p[1] == '\n')
                p++;
        } else {
            buf_putc(out, *p);
        }
    }
    if (!*body || out->data[out->len - 1] != '\n')
        buf_putc(out, '\n');
}

int mailer_build_message(const char *from, const char *to, const char *subject,
                         const char *body, time_t now, struct buf *out, char *err,
                         size_t errlen)
{
    if (!address_ok(to)) {
        snprintf(err, errlen, "refused: the recipient is not one plain address");
        return -1;
    }
    if (has_control(subject) || !utf8_valid(subject, strlen(subject))) {
        snprintf(err, errlen, "refused: the subject has control characters or bad UTF-8");
        return -1;
    }
    if (!utf8_valid(body, strlen(body))) {
        snprintf(err, errlen, "refused: the body is not valid UTF-8");
        return -1;
    }
    buf_puts(out, "Date: ");
    put_date(out, now);
    buf_puts(out, "\nFrom: ");
    if (put_from(out, from)) {
        snprintf(err, errlen, "refused: [mail] from cannot be used as a From header");
        return -1;
    }
    buf_printf(out, "\nTo: %s\nSubject: ", to);
    if (is_ascii(subject) && strlen(subject) <= SUBJECT_PLAIN_MAX)
        buf_puts(out, subject);
    else
        put_encoded_words(out, subject);
    buf_puts(out, "\nMessage-ID: ");
    put_message_id(out, from);
    buf_puts(out, "\nMIME-Version: 1.0\n"
                  "Content-Type: text/plain; charset=UTF-8\n"
                  "Content-Transfer-Encoding: 8bit\n"
                  "Auto-Submitted: auto-generated\n"
                  "\n");
    put_body(out, body);
    return 0;
}

/* ---- running the command ------------------------------------------------------------------- */

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Split copy in place on spaces and tabs into argv (NULL-terminated). Returns argc. */
static int split_command(char *copy, char **argv)
{
    int argc = 0;
    for (char *save = NULL, *word = strtok_r(copy, " \t", &save);
         word && argc < MAX_COMMAND_ARGS; word = strtok_r(NULL, " \t", &save))
        argv[argc++] = word;
    argv[argc] = NULL;
    return argc;
}

/* What a child process is doing while we feed it. */
struct child {
    pid_t pid;
    int in_fd, out_fd; /* our ends of its stdin and stdout/stderr; -1 once closed */
    size_t written;
    bool write_failed;
    char output[OUTPUT_KEPT + 1];
    size_t n_output;
};

/* Start argv[0] with its stdin and stdout/stderr on fresh pipes, in its own process group,
   with default signal handling (the server blocks and ignores some). 0, or an errno. */
static int spawn_child(char **argv, struct child *c)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC))
        return errno;
    if (pipe2(out, O_CLOEXEC)) {
        int saved = errno;
        close(in[0]);
        close(in[1]);
        return saved;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    int rc = posix_spawnp(&c->pid, argv[0], &actions, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    if (rc) {
        close(in[1]);
        close(out[0]);
        return rc;
    }
    c->in_fd = in[1];
    c->out_fd = out[0];
    fcntl(c->in_fd, F_SETFL, O_NONBLOCK);
    fcntl(c->out_fd, F_SETFL, O_NONBLOCK);
    return 0;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Write what the pipe takes now. EPIPE (the command stopped reading) ends the writing. */
static void feed_child(struct child *c, const char *data, size_t len)
{
    ssize_t n = write(c->in_fd, data + c->written, len - c->written);
    if (n > 0)
        c->written += (size_t)n;
    else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        c->write_failed = true;
        close_fd(&c->in_fd);
    }
    if (c->written == len)
        close_fd(&c->in_fd);
}

/* Read what the command printed, keeping the start for the error message. */
static void drain_child(struct child *c)
{
    char chunk[512];
    for (;;) {
        ssize_t n = read(c->out_fd, chunk, sizeof chunk);
        if (n > 0) {
            size_t keep = OUTPUT_KEPT - c->n_output;
            if ((size_t)n < keep)
                keep = (size_t)n;
            memcpy(c->output + c->n_output, chunk, keep);
            c->n_output += keep;
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            close_fd(&c->out_fd);
        return;
    }
}

enum outcome { EXITED, TIMED_OUT, CANCELLED };

/* Feed and watch the child until it exits or the deadline (earlier on cancel) passes; then
   the whole group is killed. EXITED (with its status) when it ended by itself. */
static enum outcome supervise(struct child *c, const char *data, size_t len, int timeout_ms,
                              const atomic_bool *cancel, int *status)
{
    int64_t deadline = monotonic_ms() + timeout_ms;
    bool cancelled = false;
    if (!len)
        close_fd(&c->in_fd);
    for (;;) {
        if (waitpid(c->pid, status, WNOHANG) == c->pid) {
            if (c->out_fd >= 0)
                drain_child(c);
            if (c->in_fd >= 0)
                c->write_failed = true; /* it exited without reading everything */
            return EXITED;
        }
        int64_t now = monotonic_ms();
        if (cancel && !cancelled && atomic_load(cancel)) {
            cancelled = true;
            if (deadline > now + CANCEL_GRACE_MS)
                deadline = now + CANCEL_GRACE_MS;
        }
        if (now >= deadline) {
            kill(-c->pid, SIGKILL);
            waitpid(c->pid, status, 0);
            return cancelled ? CANCELLED : TIMED_OUT;
        }
        struct pollfd fds[2];
        nfds_t n = 0;
        if (c->in_fd >= 0)
            fds[n++] = (struct pollfd){.fd = c->in_fd, .events = POLLOUT};
        if (c->out_fd >= 0)
            fds[n++] = (struct pollfd){.fd = c->out_fd, .events = POLLIN};
        /* Short waits once the pipes are done: only the exit is left to notice. */
        int64_t wait_ms = n ? 100 : 5;
        if (wait_ms > deadline - now)
            wait_ms = deadline - now;
        if (poll(fds, n, (int)wait_ms) <= 0)
            continue;
        for (nfds_t i = 0; i < n; i++) {
            if (!fds[i].revents)
                continue;
            if (fds[i].fd == c->in_fd)
                feed_child(c, data, len);
            else if (fds[i].fd == c->out_fd)
                drain_child(c);
        }
    }
}

/* The reason a run failed, with the first line of the command's output. */
static void describe_failure(const struct child *c, enum outcome outcome, int status,
                             int timeout_ms, char *err, size_t errlen)
{
    char reason[96];
    if (outcome == TIMED_OUT)
        snprintf(reason, sizeof reason, "killed after %d ms", timeout_ms);
    else if (outcome == CANCELLED)
        snprintf(reason, sizeof reason, "killed at shutdown");
    else if (WIFSIGNALED(status))
        snprintf(reason, sizeof reason, "killed by signal %d", WTERMSIG(status));
    else if (WEXITSTATUS(status))
        snprintf(reason, sizeof reason, "exit status %d", WEXITSTATUS(status));
    else
        snprintf(reason, sizeof reason, "the command did not read the whole message");
    char output[OUTPUT_KEPT + 1];
    size_t n = strcspn(c->output, "\r\n");
    memcpy(output, c->output, n);
    output[n] = '\0';
    for (char *p = output; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    snprintf(err, errlen, "%s%s%s", reason, *output ? ": " : "", output);
}

int mailer_run_command(const char *command, const char *data, size_t len, int timeout_ms,
                       const atomic_bool *cancel, char *err, size_t errlen)
{
    char *copy = strdup(command);
    if (!copy)
        abort();
    char *argv[MAX_COMMAND_ARGS + 1];
    int rc = -1;
    if (!split_command(copy, argv)) {
        snprintf(err, errlen, "no mail command");
        free(copy);
        return -1;
    }
    /* Writing to a command that quit raises SIGPIPE: block it in this thread and swallow one
       that we caused, leaving the process's dispositions alone. */
    sigset_t pipe_set, old_mask, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);

    struct child c = {.in_fd = -1, .out_fd = -1};
    int spawn_error = spawn_child(argv, &c);
    if (spawn_error) {
        snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(spawn_error));
        goto out;
    }
    int status = 0;
    enum outcome outcome = supervise(&c, data, len, timeout_ms, cancel, &status);
    close_fd(&c.in_fd);
    close_fd(&c.out_fd);
    if (outcome == EXITED && WIFEXITED(status) && WEXITSTATUS(status) == 0 && !c.write_failed)
        rc = 0;
    else
        describe_failure(&c, outcome, status, timeout_ms, err, errlen);
out:
    if (!was_pending) {
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE)) {
            const struct timespec zero = {0, 0};
            sigtimedwait(&pipe_set, NULL, &zero);
        }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    free(copy);
    return rc;
}

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
        fprintf(stderr, "mail: outbox %lld %s\n", (long long)row->id, err);
        rc = mark_failed(db, row, err, REFUSED) ? -1 : 0;
    } else if (mailer_run_command(cfg->mail_command, message.data, message.len,
                                  MAILER_COMMAND_TIMEOUT_MS, cancel, err, sizeof err)) {
        fprintf(stderr, "mail: outbox %lld not sent: %s\n", (long long)row->id, err);
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
    if (!from_usable(cfg->mail_from)) {
        /* A configuration error, not the messages' fault: leave them waiting. */
        fprintf(stderr, "mail: [mail] from cannot be used as a From header\n");
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
                fprintf(stderr, "mail: %s\n", err);
            open_failed_logged = !db;
        }
        if (db && send_due(db, t->cfg, THREAD_BATCH, &t->stopping, &processed) < 0)
            fprintf(stderr, "mail: database error while sending the outbox\n");
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
        fprintf(stderr, "mail: cannot start the mail thread: %s\n", strerror(rc));
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
