/* The connection guard: keeps slow and greedy clients from filling the server's table of
   connections (slowloris). It follows each connection through three states:

     waiting    open, no request started (just accepted, or kept alive after an answer);
     receiving  the request line came: the headers and the body are on their way;
     answering  the whole request is in: the handler runs and the answer is sent;

   and closes (through the kill function given at start) a connection that
     - is receiving for longer than request_deadline seconds (a request sent a line every few
       seconds is not idle, so libmicrohttpd's idle timeout never ends it);
     - is waiting for longer than idle_deadline seconds (a request line sent a byte at a time);
     - is the oldest waiting or receiving connection of the address holding the most
       connections, while more than high_water connections are open: the table never fills,
       so a new address always finds room, and the greediest address pays for it.
   A connection that is answering is never closed here.

   No libmicrohttpd here: server.c reports each connection's life and closes what the guard
   names (shutdown(2) of its socket, so that libmicrohttpd sees the end and cleans up). Every
   function is thread-safe; kill is called with the guard's lock held, before the connection's
   conn_guard_close, so its socket is still open. */
#ifndef VERRIJKT_HTTP_CONN_GUARD_H
#define VERRIJKT_HTTP_CONN_GUARD_H

#include "http/layer.h"

#include <stddef.h>

struct conn_guard_limits {
    size_t high_water;       /* most open connections before the greediest address loses one */
    double request_deadline; /* seconds from the request line to the end of the body */
    double idle_deadline;    /* seconds a connection may wait for its next request line */
};

/* Close the connection on socket fd (arg as given to conn_guard_new). */
typedef void conn_guard_kill(int fd, void *arg);

struct conn_guard;
struct conn_entry; /* one connection; guard-owned, valid until conn_guard_close */

/* A new guard; caller frees with conn_guard_free. NULL when out of memory. */
struct conn_guard *conn_guard_new(const struct conn_guard_limits *limits, conn_guard_kill *kill,
                                  void *kill_arg);
void conn_guard_free(struct conn_guard *g);

/* A connection was accepted from the address addr (addr_len bytes of a struct sockaddr_in or
   sockaddr_in6: the host part is what counts) on socket fd at time now (seconds, monotonic). It
   starts waiting; when more than high_water are now open, the greediest address loses its
   oldest waiting or receiving connection (possibly this one). NULL when out of memory (the
   connection is then not guarded). */
struct conn_entry *conn_guard_open(struct conn_guard *g, const void *addr, size_t addr_len,
                                   int fd, double now);
/* The request line came: receiving from now on. e may be NULL (unguarded). */
void conn_guard_request_line(struct conn_guard *g, struct conn_entry *e, double now);
/* The whole request is in: answering. */
void conn_guard_request_read(struct conn_guard *g, struct conn_entry *e);
/* The answer was sent (or the request ended otherwise): waiting again from now on. */
void conn_guard_request_done(struct conn_guard *g, struct conn_entry *e, double now);
/* The connection is closed: e is freed. */
void conn_guard_close(struct conn_guard *g, struct conn_entry *e);

/* Close what is past its deadline at time now, and above high_water what the greediest
   addresses hold. Returns the number of connections closed. */
size_t conn_guard_sweep(struct conn_guard *g, double now);
/* For a graceful stop: close every waiting connection (none has a request in flight) and
   return the number of requests still in flight (receiving or answering). */
size_t conn_guard_drain(struct conn_guard *g);
/* The number of open connections (closing ones included), and of those of addr. */
size_t conn_guard_count(struct conn_guard *g);
size_t conn_guard_count_of(struct conn_guard *g, const void *addr, size_t addr_len);

#endif
