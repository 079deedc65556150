/* The listening socket and the thread that accepts on it.

   verrijkt accepts connections itself and hands each to libmicrohttpd (MHD_add_connection,
   daemon started with MHD_USE_NO_LISTEN_SOCKET), instead of letting libmicrohttpd listen.
   The reason is the graceful stop: libmicrohttpd 0.9.75's MHD_quiesce_daemon races its own
   thread-pool workers over the listening socket's epoll registration and can abort the
   process ("Failed to remove listen FD from epoll set"). Here a stop is simply: end the
   accept thread, close the socket. From that moment a new connection is refused by the
   kernel, while the connections already handed over finish their requests. */
#ifndef VERRIJKT_HTTP_LISTENER_H
#define VERRIJKT_HTTP_LISTENER_H

#include "http/layer.h"

#include <netinet/in.h>

struct MHD_Daemon;
struct listener;

/* Bind and listen on addr. NULL (with errno set) when the address cannot be had. */
struct listener *listener_open(const struct sockaddr_in *addr);

/* Start accepting on a thread, handing each connection to d, while fewer than limit of the
   connections handed over are open: at the limit new connections wait in the kernel's queue
   (as they would with libmicrohttpd listening), instead of being accepted and closed. The
   daemon's own connection limit must leave room for limit connections on any one of its
   workers, so that it never refuses one handed over. 0 or -1. */
int listener_start(struct listener *l, struct MHD_Daemon *d, unsigned limit);

/* A connection handed over has closed (libmicrohttpd's MHD_CONNECTION_NOTIFY_CLOSED). */
void listener_connection_closed(struct listener *l);

/* Stop accepting and close the socket: new connections are refused from here on. Safe on a
   listener that was never started. */
void listener_stop(struct listener *l);

/* Free l (after listener_stop and after the daemon has stopped). NULL is fine. */
void listener_free(struct listener *l);

#endif
