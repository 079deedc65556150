/* The server's own counters for GET /metrics (Prometheus text format): requests by route and
   status, and a latency histogram. Counted by server.c for every answered request; read by
   pages/metrics.c, which adds the figures read from the database. Thread-safe. */
#ifndef VERRIJKT_HTTP_METRICS_H
#define VERRIJKT_HTTP_METRICS_H

#include "http/layer.h"

#include <stddef.h>

struct buf;

/* Count one answered request: its route pattern (NULL: none matched, counted as "other"),
   its status and the seconds it took. */
void metrics_count_request(const char *route, int status, double seconds);

/* Append the counters in Prometheus' text format: verrijkt_http_requests_total{route,status},
   verrijkt_http_request_duration_seconds (histogram), verrijkt_throttled_total (answers 429). */
void metrics_write(struct buf *out);

#endif
