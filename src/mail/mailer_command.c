/* Running the mail command (mailer.h: mailer_run_command): split the configured command line
   without a shell, posix_spawn it in its own process group with fresh pipes, feed it the
   message and read its output without blocking, and kill the whole group when the timeout
   passes or shutdown is asked. SIGPIPE is handled in the calling thread only, so that the
   server's signal dispositions stay as they are. No database here. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail/mailer.h"

extern char **environ;

enum {
    MAX_COMMAND_ARGS = 32,
    OUTPUT_KEPT = 160,      /* bytes of the command's output kept for last_error */
    CANCEL_GRACE_MS = 2000, /* a running command may finish this long after shutdown began */
};

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
