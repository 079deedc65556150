/* Tests of src/http/conn_guard.c, the guard against slow and greedy clients: a request that is
 * still arriving after request_deadline is closed, an idle connection after idle_deadline, a
 * connection that is answering never; above the high-water mark the address holding the most
 * connections loses its oldest unfinished one, so that a new address always gets in; the counts
 * per address follow opens and closes; a graceful stop closes the waiting connections and
 * reports the requests in flight. Sockets are plain numbers here: the kill function records
 * them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "http/conn_guard.h"

enum { MAX_CONNS = 64 };

struct world {
    struct conn_guard *guard;
    struct conn_entry *entries[MAX_CONNS]; /* by fd */
    bool killed[MAX_CONNS];
    size_t kills;
};

/* The kill function: records the fd, then does what libmicrohttpd does later (closes). */
static void record_kill(int fd, void *arg)
{
    struct world *w = arg;
    assert_false(w->killed[fd]);
    w->killed[fd] = true;
    w->kills++;
}

static struct sockaddr_in address(const char *ip, int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    assert_int_equal(inet_pton(AF_INET, ip, &sa.sin_addr), 1);
    return sa;
}

static void open_conn(struct world *w, int fd, const char *ip, double now)
{
    struct sockaddr_in sa = address(ip, 40000 + fd);
    w->entries[fd] = conn_guard_open(w->guard, &sa, sizeof sa, fd, now);
    assert_non_null(w->entries[fd]);
}

/* What libmicrohttpd does after a kill: the connection ends. */
static void close_killed(struct world *w)
{
    for (int fd = 0; fd < MAX_CONNS; fd++)
        if (w->killed[fd] && w->entries[fd]) {
            conn_guard_close(w->guard, w->entries[fd]);
            w->entries[fd] = NULL;
        }
}

static struct world *world_new(size_t high_water)
{
    static struct world w;
    memset(&w, 0, sizeof w);
    struct conn_guard_limits limits = {high_water, 10.0, 30.0};
    w.guard = conn_guard_new(&limits, record_kill, &w);
    assert_non_null(w.guard);
    return &w;
}

static void world_free(struct world *w)
{
    conn_guard_free(w->guard);
}

static size_t count_of(struct world *w, const char *ip)
{
    struct sockaddr_in sa = address(ip, 1);
    return conn_guard_count_of(w->guard, &sa, sizeof sa);
}

static void a_request_still_arriving_after_the_deadline_is_closed(void **state)
{
    (void)state;
    struct world *w = world_new(100);
    open_conn(w, 1, "127.0.0.2", 0);
    open_conn(w, 2, "127.0.0.3", 0);
    conn_guard_request_line(w->guard, w->entries[1], 1.0);
    conn_guard_request_line(w->guard, w->entries[2], 1.0);
    conn_guard_request_read(w->guard, w->entries[2]); /* complete: answering */
    assert_int_equal(conn_guard_sweep(w->guard, 10.5), 0);
    assert_int_equal(conn_guard_sweep(w->guard, 11.5), 1);
    assert_true(w->killed[1]);
    assert_false(w->killed[2]);
    /* Killed once: a second sweep does not close it again before it is gone. */
    assert_int_equal(conn_guard_sweep(w->guard, 12.0), 0);
    close_killed(w);
    /* An answer that takes long is never cut; once sent, the idle deadline runs. */
    assert_int_equal(conn_guard_sweep(w->guard, 1000), 0);
    conn_guard_request_done(w->guard, w->entries[2], 1000);
    assert_int_equal(conn_guard_sweep(w->guard, 1029), 0);
    assert_int_equal(conn_guard_sweep(w->guard, 1031), 1);
    assert_true(w->killed[2]);
    close_killed(w);
    assert_int_equal(conn_guard_count(w->guard), 0);
    world_free(w);
}

static void an_idle_connection_is_closed_after_the_idle_deadline(void **state)
{
    (void)state;
    struct world *w = world_new(100);
    open_conn(w, 1, "10.0.0.1", 0);
    assert_int_equal(conn_guard_sweep(w->guard, 29), 0);
    assert_int_equal(conn_guard_sweep(w->guard, 31), 1);
    close_killed(w);
    world_free(w);
}

static void above_high_water_the_greediest_address_loses_its_oldest(void **state)
{
    (void)state;
    struct world *w = world_new(10);
    /* Five addresses, two each: ten, at the mark. */
    const char *ips[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"};
    int fd = 1;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5; i++) {
            open_conn(w, fd, ips[i], fd);
            conn_guard_request_line(w->guard, w->entries[fd], fd);
            fd++;
        }
    assert_int_equal(w->kills, 0);
    /* A third from 127.0.0.4: it now holds the most, and its oldest goes (fd 3). */
    open_conn(w, fd, "127.0.0.4", fd);
    assert_int_equal(w->kills, 1);
    assert_true(w->killed[3]);
    close_killed(w);
    assert_int_equal(count_of(w, "127.0.0.4"), 2);
    /* A new address gets in; a greedy one (two each now, 127.0.0.2's fd 1 the oldest) pays. */
    fd++;
    open_conn(w, fd, "192.0.2.7", fd);
    assert_int_equal(w->kills, 2);
    assert_true(w->killed[1]);
    assert_false(w->killed[fd]);
    close_killed(w);
    assert_int_equal(count_of(w, "192.0.2.7"), 1);
    assert_int_equal(conn_guard_count(w->guard), 10);
    world_free(w);
}

static void answering_connections_are_never_taken(void **state)
{
    (void)state;
    struct world *w = world_new(3);
    for (int fd = 1; fd <= 3; fd++) {
        open_conn(w, fd, "127.0.0.2", fd);
        conn_guard_request_line(w->guard, w->entries[fd], fd);
        conn_guard_request_read(w->guard, w->entries[fd]);
    }
    open_conn(w, 4, "127.0.0.3", 4); /* only itself can go */
    assert_int_equal(w->kills, 1);
    assert_true(w->killed[4]);
    close_killed(w);
    assert_int_equal(conn_guard_count(w->guard), 3);
    world_free(w);
}

static void counts_follow_opens_and_closes(void **state)
{
    (void)state;
    struct world *w = world_new(100);
    open_conn(w, 1, "127.0.0.2", 0);
    open_conn(w, 2, "127.0.0.2", 0);
    open_conn(w, 3, "127.0.0.3", 0);
    assert_int_equal(count_of(w, "127.0.0.2"), 2);
    assert_int_equal(count_of(w, "127.0.0.3"), 1);
    assert_int_equal(count_of(w, "127.0.0.9"), 0);
    conn_guard_close(w->guard, w->entries[1]);
    conn_guard_close(w->guard, w->entries[3]);
    assert_int_equal(count_of(w, "127.0.0.2"), 1);
    assert_int_equal(count_of(w, "127.0.0.3"), 0);
    assert_int_equal(conn_guard_count(w->guard), 1);
    world_free(w); /* frees what is still open */
}

static void a_stop_closes_waiting_connections_and_counts_requests_in_flight(void **state)
{
    (void)state;
    struct world *w = world_new(100);
    open_conn(w, 1, "127.0.0.2", 0); /* waiting */
    open_conn(w, 2, "127.0.0.2", 0);
    conn_guard_request_line(w->guard, w->entries[2], 0); /* receiving */
    open_conn(w, 3, "127.0.0.2", 0);
    conn_guard_request_line(w->guard, w->entries[3], 0);
    conn_guard_request_read(w->guard, w->entries[3]); /* answering */
    assert_int_equal(conn_guard_drain(w->guard), 2);
    assert_true(w->killed[1]);
    assert_false(w->killed[2] || w->killed[3]);
    close_killed(w);
    conn_guard_request_read(w->guard, w->entries[2]);
    conn_guard_request_done(w->guard, w->entries[3], 1);
    assert_int_equal(conn_guard_drain(w->guard), 1); /* 3 answered: closed now */
    assert_true(w->killed[3]);
    close_killed(w);
    conn_guard_request_done(w->guard, w->entries[2], 2);
    assert_int_equal(conn_guard_drain(w->guard), 0);
    close_killed(w);
    assert_int_equal(conn_guard_count(w->guard), 0);
    world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_request_still_arriving_after_the_deadline_is_closed),
        cmocka_unit_test(an_idle_connection_is_closed_after_the_idle_deadline),
        cmocka_unit_test(above_high_water_the_greediest_address_loses_its_oldest),
        cmocka_unit_test(answering_connections_are_never_taken),
        cmocka_unit_test(counts_follow_opens_and_closes),
        cmocka_unit_test(a_stop_closes_waiting_connections_and_counts_requests_in_flight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
