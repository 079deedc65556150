#ifndef VERRIJKT_HTTP_SERVER_H
#define VERRIJKT_HTTP_SERVER_H

#include "http/layer.h"

#include "app.h"

/* Serve app until SIGINT or SIGTERM; prints the listening address. 0 or -1. */
int server_run(struct app *app);

#endif
