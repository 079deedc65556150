#include "http/metrics.h"

#include <pthread.h>
#include <string.h>

#include "util/buf.h"

enum { MAX_SERIES = 256 };

/* One (route, status) pair; route points at the route table's static pattern, or NULL. */
struct series {
    const char *route;
    int status;
    unsigned long long count;
};

static const double BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                 0.1,   0.25,   0.5,   1,    2.5,   5};
enum { N_BUCKETS = sizeof BUCKETS / sizeof BUCKETS[0] };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series series[MAX_SERIES];
static size_t n_series;
static unsigned long long overflow; /* pairs beyond MAX_SERIES */
static unsigned long long bucket_counts[N_BUCKETS + 1]; /* the last: +Inf */
static unsigned long long total;
static double seconds_sum;
static unsigned long long throttled;

/* The series of (route, status), added when new; NULL when the table is full. Under lock. */
static struct series *series_of(const char *route, int status)
{
    for (size_t i = 0; i < n_series; i++)
        if (series[i].route == route && series[i].status == status)
            return &series[i];
    if (n_series == MAX_SERIES)
        return NULL;
    series[n_series] = (struct series){route, status, 0};
    return &series[n_series++];
}

void metrics_count_request(const char *route, int status, double seconds)
{
    pthread_mutex_lock(&lock);
    struct series *s = series_of(route, status);
    if (s)
        s->count++;
    else
        overflow++;
    size_t b = 0;
    while (b < N_BUCKETS && seconds > BUCKETS[b])
        b++;
    bucket_counts[b]++;
    total++;
    seconds_sum += seconds;
    if (status == 429)
        throttled++;
    pthread_mutex_unlock(&lock);
}

void metrics_write(struct buf *out)
{
    pthread_mutex_lock(&lock);
    buf_puts(out, "# HELP verrijkt_http_requests_total Requests answered, by route and status.\n"
                  "# TYPE verrijkt_http_requests_total counter\n");
    for (size_t i = 0; i < n_series; i++)
        buf_printf(out, "verrijkt_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                   series[i].route ? series[i].route : "other", series[i].status,
                   series[i].count);
    if (overflow)
        buf_printf(out, "verrijkt_http_requests_total{route=\"overflow\",status=\"0\"} %llu\n",
                   overflow);
    buf_puts(out, "# HELP verrijkt_http_request_duration_seconds Time to answer a request.\n"
                  "# TYPE verrijkt_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < N_BUCKETS; b++) {
        cumulative += bucket_counts[b];
        buf_printf(out, "verrijkt_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                   BUCKETS[b], cumulative);
    }
    buf_printf(out,
               "verrijkt_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
               "verrijkt_http_request_duration_seconds_sum %.6f\n"
               "verrijkt_http_request_duration_seconds_count %llu\n",
               total, seconds_sum, total);
    buf_printf(out,
               "# HELP verrijkt_throttled_total Requests refused by a throttle (429).\n"
               "# TYPE verrijkt_throttled_total counter\n"
               "verrijkt_throttled_total %llu\n",
               throttled);
    pthread_mutex_unlock(&lock);
}
