/* The configuration file (INI, read with inih); every key is documented in config.example.ini. */
#ifndef VERRIJKT_CONFIG_H
#define VERRIJKT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
    /* [server] */
    char listen_host[64];
    int listen_port;
    int threads;
    size_t max_body;
    int connection_limit;
    int per_ip_limit;
    int timeout_seconds;
    int request_deadline_seconds; /* from the request line to the end of the body */
    char templates_dir[512];
    char static_dir[512];
    char trusted_proxies[1024]; /* addresses whose X-Forwarded-For is believed; "" = none */
    /* [database] */
    char db_path[512];
    bool synchronous_full;   /* synchronous = full (the default) or normal; db_set_synchronous */
    char backup_dir[512];    /* "" = no nightly backup */
    int backup_keep;         /* nightly backups kept in backup_dir */
    int backup_hour, backup_minute; /* backup_at, local time */
    /* [security] */
    bool cookie_secure;
    int session_hours;
    int login_max_failures;
    int login_window_minutes;
    /* [staff] */
    int vog_valid_years;
    /* [reports] */
    int min_sessions;
    int intensity_hours;
    /* [enrolment] */
    int max_per_child;
    int link_max_failures;
    int link_window_minutes;
    /* [mail] */
    char mail_command[512]; /* "" = no mail is sent; the outbox still fills */
    char mail_from[256];
    char public_url[256];   /* how parents reach the site, for links in mail and calendars */
    int mail_interval_seconds;
    /* [privacy] */
    int purge_after_days;
    /* [log] */
    bool access_log; /* a line per request on stderr (http/access_log.h) */
    /* [metrics] */
    bool metrics_enabled;   /* GET /metrics answers (Prometheus text format) */
    char metrics_allow[512]; /* addresses that may read it (as trusted_proxies) */
};

/* Fill cfg with the defaults. */
void config_defaults(struct config *cfg);
/* Read path over the defaults already in cfg. Returns 0, or -1 with a message in err. */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);
/* Parse "HOST:PORT" into cfg. 0 or -1. */
int config_set_listen(struct config *cfg, const char *value);
/* After the file and the command line: without [server] public_url, the address serve listens
   on ("http://HOST:PORT"; the machine's name when HOST is 0.0.0.0), so that links in letters,
   mail and calendar feeds point where the server is. A trailing '/' is dropped. */
void config_settle_public_url(struct config *cfg);
/* Whether public_url names this machine only (127.x.x.x, localhost, [::1]): links in letters
   and mail would then not work for parents elsewhere. */
bool config_public_url_is_loopback(const struct config *cfg);

#endif
