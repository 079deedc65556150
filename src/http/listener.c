/* Accepts connections and hands them to libmicrohttpd; see listener.h for why. */
#include "http/listener.h"

#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/log.h"

enum {
    BACKLOG = 1024,
    /* out of descriptors or memory: wait this long before accepting again, so that the thread
       does not spin while the kernel keeps the connection queued */
    SHORT_OF_RESOURCES_MS = 50,
    /* at the connection limit: look again this often whether one has closed */
    AT_LIMIT_MS = 5,
};

struct listener {
    int fd;
    int stop_fd; /* eventfd: written once to end the accept thread */
    struct MHD_Daemon *daemon;
    unsigned limit;
    atomic_uint open; /* handed over and not yet closed */
    pthread_t thread;
    bool started;
};

struct listener *listener_open(const struct sockaddr_in *addr)
{
    struct listener *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    l->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    const int on = 1;
    if (l->fd < 0 || l->stop_fd < 0 ||
        setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        bind(l->fd, (const struct sockaddr *)addr, sizeof *addr) != 0 ||
        listen(l->fd, BACKLOG) != 0) {
        int saved = errno;
        listener_stop(l);
        listener_free(l);
        errno = saved;
        return NULL;
    }
    return l;
}

static bool short_of_resources(int err)
{
    return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}

enum accept_result { QUEUE_EMPTY, AT_LIMIT, SHORT_OF_RESOURCES };

/* Hand one connection to libmicrohttpd, which closes it itself when it refuses it (the limit
   per address) and then never reports it closed. */
static void hand_over(struct listener *l, int s, const struct sockaddr_storage *peer,
                      socklen_t len)
{
    atomic_fetch_add(&l->open, 1);
    if (MHD_add_connection(l->daemon, s, (const struct sockaddr *)peer, len) != MHD_YES)
        atomic_fetch_sub(&l->open, 1);
}

/* Accept what is queued, up to the limit. */
static enum accept_result accept_queued(struct listener *l)
{
    for (;;) {
        if (atomic_load(&l->open) >= l->limit)
            return AT_LIMIT;
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int s = accept4(l->fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (s >= 0) {
            hand_over(l, s, &peer, len);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
            continue;
        if (short_of_resources(errno)) {
            log_error("serve: cannot accept a connection: out of descriptors or memory");
            return SHORT_OF_RESOURCES;
        }
        return QUEUE_EMPTY; /* EAGAIN */
    }
}

static void *accept_loop(void *arg)
{
    struct listener *l = arg;
    struct pollfd fds[2] = {{.fd = l->stop_fd, .events = POLLIN}, {.fd = l->fd, .events = POLLIN}};
    int watched = 2;
    int timeout_ms = -1;
    for (;;) {
        if (poll(fds, (nfds_t)watched, timeout_ms) < 0 && errno != EINTR)
            break;
        if (fds[0].revents)
            break;
        switch (accept_queued(l)) {
        case QUEUE_EMPTY:
            watched = 2, timeout_ms = -1;
            break;
        case AT_LIMIT: /* leave the queue to the kernel until a connection closes */
            watched = 1, timeout_ms = AT_LIMIT_MS;
            break;
        case SHORT_OF_RESOURCES:
            watched = 1, timeout_ms = SHORT_OF_RESOURCES_MS;
            break;
        }
        fds[1].revents = 0;
    }
    return NULL;
}

int listener_start(struct listener *l, struct MHD_Daemon *d, unsigned limit)
{
    l->daemon = d;
    l->limit = limit;
    if (pthread_create(&l->thread, NULL, accept_loop, l) != 0)
        return -1;
    l->started = true;
    return 0;
}

void listener_connection_closed(struct listener *l)
{
    atomic_fetch_sub(&l->open, 1);
}

void listener_stop(struct listener *l)
{
    if (!l)
        return;
    if (l->started) {
        const uint64_t one = 1;
        if (write(l->stop_fd, &one, sizeof one) != sizeof one)
            log_error("serve: cannot signal the accept thread to stop");
        pthread_join(l->thread, NULL);
        l->started = false;
    }
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
}

void listener_free(struct listener *l)
{
    if (!l)
        return;
    listener_stop(l);
    if (l->stop_fd >= 0)
        close(l->stop_fd);
    free(l);
}
