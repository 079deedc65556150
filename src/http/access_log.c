#include "http/access_log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/req.h"
#include "util/arena.h"

const char *access_log_path(struct req *r)
{
    const char *token = r->path_token;
    const char *at = token && *token ? strstr(r->path, token) : NULL;
    if (!at)
        return r->path;
    return arena_printf(&r->arena, "%.*s{token}%s", (int)(at - r->path), r->path,
                        at + strlen(token));
}

void access_log_write(struct req *r, size_t bytes, double seconds)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    long long micros = (long long)(seconds * 1e6 + 0.5);
    fprintf(stderr, "access %s %s %s %s %d %zu %lld user=%lld request=%llu\n", stamp,
            r->client_ip ? r->client_ip : "-", r->method ? r->method : "-",
            access_log_path(r), r->status, bytes, micros, (long long)r->user.id,
            (unsigned long long)r->request_id);
}
