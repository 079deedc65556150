/* HTTP tests of slow and greedy clients and of a graceful stop, against the real daemon:
 *  - a request whose headers come a line at a time is closed after request_deadline;
 *  - slowloris: five loopback addresses (127.0.0.2 … 127.0.0.6, each within per_ip_limit)
 *    fill connection_limit with requests that send one header line every second and reconnect
 *    when closed; a new client still gets the login page (the time it took is printed, not
 *    asserted: timings belong to tests/bench/);
 *  - SIGTERM: a request in flight is answered, new connections are refused, exit status 0.
 *  - headers of a few KB are answered, a header beyond the connection's memory gets 431.
 * The flood's size follows the open-file limit: 5 × 200 connections against
 * connection_limit = 1000 as in issue 12 when this process may open 1,200 files, else
 * 5 × 50 against 250. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testkit.h"

enum {
    ADDRESSES = 5,
    MAX_PER_ADDRESS = 200,
    REQUEST_DEADLINE = 3, /* seconds, in the daemon's configuration */
};

static int per_address; /* 200 or 50: see the top */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* ---- raw connections ------------------------------------------------------------------------- */

/* A TCP connection from source (an address of 127/8, NULL: any) to the daemon, connected
   within timeout_ms; the socket, or -1 (errno ECONNREFUSED when refused). */
static int connect_from(const char *source, int timeout_ms)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    if (source) {
        inet_pton(AF_INET, source, &addr.sin_addr);
        if (bind(fd, (struct sockaddr *)&addr, sizeof addr))
            goto fail;
    }
    addr.sin_port = htons((uint16_t)server.port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) && errno != EINPROGRESS)
        goto fail;
    struct pollfd p = {fd, POLLOUT, 0};
    if (poll(&p, 1, timeout_ms) != 1)
        goto fail;
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
        errno = err;
        goto fail;
    }
    return fd;
fail:;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

static bool send_text(int fd, const char *text)
{
    return send(fd, text, strlen(text), MSG_NOSIGNAL) == (ssize_t)strlen(text);
}

/* Read the answer on fd until the server closes it or timeout_ms pass; its status (200, …),
   0 when none came. */
static int read_status(int fd, int timeout_ms)
{
    char answer[8192];
    size_t len = 0;
    double give_up = now_seconds() + timeout_ms / 1000.0;
    while (len < sizeof answer - 1) {
        int left = (int)((give_up - now_seconds()) * 1000);
        struct pollfd p = {fd, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, left) != 1)
            break;
        ssize_t n = recv(fd, answer + len, sizeof answer - 1 - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    answer[len] = '\0';
    int status = 0;
    return sscanf(answer, "HTTP/1.%*d %d", &status) == 1 ? status : 0;
}

/* GET path as a new client from source on a fresh connection: the status, 0 when no answer
   came within timeout_ms. */
static int fetch(const char *source, const char *path, int timeout_ms)
{
    int fd = connect_from(source, timeout_ms);
    if (fd < 0)
        return 0;
    char request[256];
    snprintf(request, sizeof request,
             "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    int status = send_text(fd, request) ? read_status(fd, timeout_ms) : 0;
    close(fd);
    return status;
}

/* Whether the server closed fd (end of file or reset) within timeout_ms. */
static bool closed_by_server(int fd, int timeout_ms)
{
    double give_up = now_seconds() + timeout_ms / 1000.0;
    char byte[512];
    for (;;) {
        int left = (int)((give_up - now_seconds()) * 1000);
        struct pollfd p = {fd, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, left) != 1)
            return false;
        ssize_t n = recv(fd, byte, sizeof byte, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return true;
    }
}

/* ---- the flood --------------------------------------------------------------------------------- */

struct flood {
    int fds[ADDRESSES][MAX_PER_ADDRESS]; /* -1: closed, to be opened again */
    atomic_bool stop;
    atomic_int reconnects; /* connections the server closed and the flood opened again */
    atomic_int open;       /* connections currently open */
    pthread_t thread;
};

static const char *source_of(int a)
{
    static const char *const sources[ADDRESSES] = {"127.0.0.2", "127.0.0.3", "127.0.0.4",
                                                   "127.0.0.5", "127.0.0.6"};
    return sources[a];
}

/* Open connection i of address a with a request line and a first header, or leave it -1. */
static void flood_open(struct flood *f, int a, int i)
{
    int fd = connect_from(source_of(a), 200);
    if (fd >= 0 && !send_text(fd, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")) {
        close(fd);
        fd = -1;
    }
    f->fds[a][i] = fd;
}

/* One round: one more header line on every connection; a connection the server closed is
   opened again. */
static void flood_round(struct flood *f)
{
    int open = 0;
    for (int a = 0; a < ADDRESSES; a++)
        for (int i = 0; i < per_address && !atomic_load(&f->stop); i++) {
            int fd = f->fds[a][i];
            char probe;
            if (fd >= 0 && (recv(fd, &probe, 1, MSG_DONTWAIT) == 0 ||
                            !send_text(fd, "X-Slow: still here\r\n"))) {
                close(fd);
                f->fds[a][i] = -1;
                atomic_fetch_add(&f->reconnects, 1);
            }
            if (f->fds[a][i] < 0)
                flood_open(f, a, i);
            open += f->fds[a][i] >= 0;
        }
    atomic_store(&f->open, open);
}

static void *flood_main(void *arg)
{
    struct flood *f = arg;
    while (!atomic_load(&f->stop)) {
        flood_round(f);
        for (int tick = 0; tick < 10 && !atomic_load(&f->stop); tick++)
            sleep_ms(100);
    }
    return NULL;
}

static void flood_start(struct flood *f)
{
    memset(f, 0, sizeof *f);
    for (int a = 0; a < ADDRESSES; a++)
        for (int i = 0; i < MAX_PER_ADDRESS; i++)
            f->fds[a][i] = -1;
    atomic_init(&f->stop, false);
    atomic_init(&f->reconnects, 0);
    atomic_init(&f->open, 0);
    flood_round(f); /* every connection opened before the thread takes over */
    assert_int_equal(pthread_create(&f->thread, NULL, flood_main, f), 0);
}

static void flood_stop(struct flood *f)
{
    atomic_store(&f->stop, true);
    pthread_join(f->thread, NULL);
    for (int a = 0; a < ADDRESSES; a++)
        for (int i = 0; i < MAX_PER_ADDRESS; i++)
            if (f->fds[a][i] >= 0)
                close(f->fds[a][i]);
}

/* ---- setup ------------------------------------------------------------------------------------- */

/* 200 per address when this process may open 1,200 files (raising its soft limit), else 50. */
static int choose_flood_size(void)
{
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files))
        return 50;
    rlim_t wanted = 1200;
    if (files.rlim_cur < wanted && (files.rlim_max == RLIM_INFINITY || files.rlim_max >= wanted)) {
        files.rlim_cur = wanted;
        setrlimit(RLIMIT_NOFILE, &files);
        getrlimit(RLIMIT_NOFILE, &files);
    }
    return files.rlim_cur == RLIM_INFINITY || files.rlim_cur >= wanted ? MAX_PER_ADDRESS : 50;
}

static int start_guarded(void **state)
{
    (void)state;
    per_address = choose_flood_size();
    char extra[256];
    snprintf(extra, sizeof extra,
             "[server]\nconnection_limit = %d\nper_ip_limit = %d\nrequest_deadline = %d\n",
             ADDRESSES * per_address, per_address + 10, REQUEST_DEADLINE);
    return daemon_start_config(&server, FIXTURE, extra);
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void a_request_sent_a_line_at_a_time_is_closed_after_the_deadline(void **state)
{
    (void)state;
    int fd = connect_from("127.0.0.2", 2000);
    assert_true(fd >= 0);
    assert_true(send_text(fd, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    double started = now_seconds();
    bool closed = false;
    /* A line every half second: never idle, never complete. */
    while (!closed && now_seconds() - started < REQUEST_DEADLINE + 6) {
        if (!send_text(fd, "X-Slow: 1\r\n"))
            closed = true;
        else
            closed = closed_by_server(fd, 500);
    }
    printf("# closed after %.1f s (request_deadline = %d s)\n", now_seconds() - started,
           REQUEST_DEADLINE);
    close(fd);
    assert_true(closed);
    /* A request that comes whole is answered as before. */
    assert_int_equal(fetch("127.0.0.2", "/login", 5000), 200);
}

static void a_new_client_is_served_while_five_addresses_flood(void **state)
{
    (void)state;
    static struct flood flood;
    flood_start(&flood);
    printf("# flood: %d slow connections from %d addresses (connection_limit = %d)\n",
           atomic_load(&flood.open), ADDRESSES, ADDRESSES * per_address);
    sleep_ms(1500); /* the flood settles: the table is as full as it gets */
    for (int attempt = 0; attempt < 3; attempt++) {
        double t0 = now_seconds();
        int status = fetch("127.0.0.1", "/login", 10000);
        printf("# a new client from 127.0.0.1: %d after %.3f s (%d slow connections open)\n",
               status, now_seconds() - t0, atomic_load(&flood.open));
        assert_int_equal(status, 200);
        t0 = now_seconds();
        status = fetch("127.0.0.7", "/healthz", 10000);
        printf("# a new client from 127.0.0.7: %d after %.3f s\n", status, now_seconds() - t0);
        assert_int_equal(status, 200);
        sleep_ms(700);
    }
    flood_stop(&flood);
    printf("# the server closed %d slow connections (the flood opened them again)\n",
           atomic_load(&flood.reconnects));
    assert_true(atomic_load(&flood.reconnects) > 0);
}

/* GET /login with one extra header of size bytes, on a fresh connection: the status, 0 when
   none came. */
static int fetch_with_header(size_t size)
{
    int fd = connect_from(NULL, 5000);
    if (fd < 0)
        return 0;
    char *request = malloc(size + 128);
    assert_non_null(request);
    int n = snprintf(request, 128, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
    memset(request + n, 'a', size);
    strcpy(request + n + size, "\r\nConnection: close\r\n\r\n");
    int status = send_text(fd, request) ? read_status(fd, 5000) : 0;
    free(request);
    close(fd);
    return status;
}

/* Each connection has a small memory of its own (CONNECTION_MEMORY in src/http/server.c, so
   that thousands of idle keep-alive connections cost little): headers of a few KB, far more
   than a browser sends, are answered; a header beyond it gets 431, and the server goes on. */
static void a_request_with_big_headers_is_answered_or_refused_cleanly(void **state)
{
    (void)state;
    assert_int_equal(fetch_with_header(1000), 200);
    assert_int_equal(fetch_with_header(5000), 200);
    assert_int_equal(fetch_with_header(20000), 431);
    assert_int_equal(fetch("127.0.0.1", "/login", 5000), 200);
}

static void sigterm_answers_the_request_in_flight_and_refuses_new_ones(void **state)
{
    (void)state;
    struct daemon d;
    assert_int_equal(daemon_start(&d, FIXTURE), 0);
    struct daemon saved = server;
    server = d; /* connect_from and fetch talk to this daemon */
    int idle = connect_from(NULL, 2000); /* kept alive, no request: closed at once */
    int busy = connect_from(NULL, 2000);
    assert_true(idle >= 0 && busy >= 0);
    assert_true(send_text(busy, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    sleep_ms(300); /* the request line is in: the request is in flight */
    assert_int_equal(kill((pid_t)d.pid, SIGTERM), 0);

    /* New connections are refused once the daemon has taken the signal. */
    bool refused = false;
    for (double give_up = now_seconds() + 5; !refused && now_seconds() < give_up;) {
        int fd = connect_from(NULL, 500);
        if (fd < 0 && errno == ECONNREFUSED)
            refused = true;
        else if (fd >= 0)
            close(fd);
        sleep_ms(50);
    }
    assert_true(refused);
    assert_true(closed_by_server(idle, 3000));
    close(idle);

    /* The request in flight ends and gets its answer. */
    assert_true(send_text(busy, "Connection: close\r\n\r\n"));
    assert_int_equal(read_status(busy, 5000), 200);
    close(busy);

    int status = -1;
    pid_t done = 0;
    for (double give_up = now_seconds() + 10; done == 0 && now_seconds() < give_up;) {
        done = waitpid((pid_t)d.pid, &status, WNOHANG);
        if (done == 0)
            sleep_ms(20);
    }
    assert_int_equal(done, (pid_t)d.pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    d.pid = 0;
    server = saved;
    assert_int_equal(daemon_stop(&d), 0); /* removes its folder */
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_request_with_big_headers_is_answered_or_refused_cleanly),
        cmocka_unit_test(a_request_sent_a_line_at_a_time_is_closed_after_the_deadline),
        cmocka_unit_test(a_new_client_is_served_while_five_addresses_flood),
        cmocka_unit_test(sigterm_answers_the_request_in_flight_and_refuses_new_ones),
    };
    int failed = cmocka_run_group_tests(tests, start_guarded, stop);
    return exit_status(failed);
}
