#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/client_addr.h"

/* The folder holding templates/: searched upwards from the running binary's folder
   (build/verrijkt, build/asan/verrijkt, …), at each level also in share/verrijkt (where `make
   install` puts them: PREFIX/bin/verrijkt finds PREFIX/share/verrijkt), else the current
   directory. */
static void install_root(char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    snprintf(out, size, ".");
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *dir = dirname(exe);
    for (int level = 0; level < 5 && strcmp(dir, "/"); level++) {
        char probe[PATH_MAX + 16];
        snprintf(probe, sizeof probe, "%s/templates", dir);
        if (access(probe, R_OK) == 0) {
            snprintf(out, size, "%s", dir);
            return;
        }
        snprintf(probe, sizeof probe, "%s/share/verrijkt/templates", dir);
        if (access(probe, R_OK) == 0) {
            snprintf(out, size, "%s/share/verrijkt", dir);
            return;
        }
        dir = dirname(dir);
    }
}

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->listen_host, sizeof cfg->listen_host, "127.0.0.1");
    cfg->listen_port = 8080;
    cfg->threads = 4;
    cfg->max_body = 1024 * 1024;
    cfg->connection_limit = 1000;
    cfg->per_ip_limit = 20;
    cfg->timeout_seconds = 30;
    cfg->request_deadline_seconds = 10;
    char root[480];
    install_root(root, sizeof root);
    snprintf(cfg->templates_dir, sizeof cfg->templates_dir, "%s/templates", root);
    snprintf(cfg->static_dir, sizeof cfg->static_dir, "%s/static", root);
    snprintf(cfg->db_path, sizeof cfg->db_path, "verrijkt.db");
    cfg->synchronous_full = true; /* README "Durability": measured, chosen */
    cfg->access_log = true;
    cfg->metrics_enabled = false;
    snprintf(cfg->metrics_allow, sizeof cfg->metrics_allow, "%s", "127.0.0.1");
    cfg->backup_dir[0] = '\0';
    cfg->backup_keep = 14;
    cfg->backup_hour = 2;
    cfg->backup_minute = 30;
    cfg->cookie_secure = false;
    cfg->session_hours = 12;
    cfg->login_max_failures = 5;
    cfg->login_window_minutes = 15;
    cfg->vog_valid_years = 3;
    cfg->min_sessions = 6;
    cfg->intensity_hours = 20;
    cfg->max_per_child = 3;
    cfg->link_max_failures = 10;
    cfg->link_window_minutes = 60;
    cfg->mail_command[0] = '\0';
    snprintf(cfg->mail_from, sizeof cfg->mail_from, "verrijkt <noreply@localhost>");
    cfg->public_url[0] = '\0'; /* unset: config_settle_public_url derives it from the listen address */
    cfg->mail_interval_seconds = 30;
    cfg->purge_after_days = 365;
}

static int parse_int(const char *value, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* "HH:MM" (00:00 … 23:59) into hour and minute. 0 or -1. */
static int parse_clock(const char *value, int *hour, int *minute)
{
    long h, m;
    char hh[3], mm[3];
    if (strlen(value) != 5 || value[2] != ':')
        return -1;
    snprintf(hh, sizeof hh, "%.2s", value);
    snprintf(mm, sizeof mm, "%.2s", value + 3);
    if (hh[0] < '0' || hh[0] > '9' || mm[0] < '0' || mm[0] > '9' || parse_int(hh, 0, 23, &h) ||
        parse_int(mm, 0, 59, &m))
        return -1;
    *hour = (int)h;
    *minute = (int)m;
    return 0;
}

static int parse_bool(const char *value, bool *out)
{
    if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
        *out = true;
    else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
        *out = false;
    else
        return -1;
    return 0;
}

int config_set_listen(struct config *cfg, const char *value)
{
    const char *colon = strrchr(value, ':');
    long port;
    if (!colon || colon == value || (size_t)(colon - value) >= sizeof cfg->listen_host ||
        parse_int(colon + 1, 1, 65535, &port))
        return -1;
    snprintf(cfg->listen_host, sizeof cfg->listen_host, "%.*s", (int)(colon - value), value);
    cfg->listen_port = (int)port;
    return 0;
}

struct int_key {
    const char *section, *name;
    long min, max;
    size_t offset;
};

#define INT_KEY(sec, key, lo, hi, field) {sec, key, lo, hi, offsetof(struct config, field)}
static const struct int_key int_keys[] = {
    INT_KEY("server", "threads", 1, 256, threads),
    INT_KEY("server", "connection_limit", 10, 100000, connection_limit),
    INT_KEY("server", "per_ip_limit", 1, 100000, per_ip_limit),
    INT_KEY("server", "timeout", 1, 3600, timeout_seconds),
    INT_KEY("server", "request_deadline", 1, 3600, request_deadline_seconds),
    INT_KEY("database", "backup_keep", 1, 3650, backup_keep),
    INT_KEY("security", "session_hours", 1, 24 * 30, session_hours),
    INT_KEY("security", "login_max_failures", 1, 1000, login_max_failures),
    INT_KEY("security", "login_window_minutes", 1, 24 * 60, login_window_minutes),
    INT_KEY("staff", "vog_valid_years", 1, 50, vog_valid_years),
    INT_KEY("reports", "min_sessions", 1, 1000, min_sessions),
    INT_KEY("reports", "intensity_hours", 1, 10000, intensity_hours),
    INT_KEY("enrolment", "max_per_child", 1, 100, max_per_child),
    INT_KEY("enrolment", "link_max_failures", 1, 1000, link_max_failures),
    INT_KEY("enrolment", "link_window_minutes", 1, 24 * 60, link_window_minutes),
    INT_KEY("mail", "interval", 1, 3600, mail_interval_seconds),
    INT_KEY("privacy", "purge_after_days", 1, 36500, purge_after_days),
};

/* String keys: paths, the mail command and addresses. */
struct text_key {
    const char *section, *name;
    size_t offset, size;
    bool may_be_empty;
};

#define TEXT_KEY(sec, key, field, empty)                                                          \
    {sec, key, offsetof(struct config, field), sizeof((struct config *)0)->field, empty}
static const struct text_key text_keys[] = {
    TEXT_KEY("server", "templates", templates_dir, false),
    TEXT_KEY("server", "static", static_dir, false),
    TEXT_KEY("server", "public_url", public_url, false),
    TEXT_KEY("database", "path", db_path, false),
    TEXT_KEY("database", "backup_dir", backup_dir, true),
    TEXT_KEY("mail", "command", mail_command, true),
    TEXT_KEY("mail", "from", mail_from, false),
};

struct load_state {
    struct config *cfg;
    char *err;
    size_t errlen;
};

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    struct load_state *st = user;
    struct config *cfg = st->cfg;
    for (size_t i = 0; i < sizeof int_keys / sizeof int_keys[0]; i++) {
        const struct int_key *k = &int_keys[i];
        if (strcmp(section, k->section) || strcmp(name, k->name))
            continue;
        long v;
        if (parse_int(value, k->min, k->max, &v))
            goto bad;
        *(int *)((char *)cfg + k->offset) = (int)v;
        return 1;
    }
    for (size_t i = 0; i < sizeof text_keys / sizeof text_keys[0]; i++) {
        const struct text_key *k = &text_keys[i];
        if (strcmp(section, k->section) || strcmp(name, k->name))
            continue;
        if (strlen(value) >= k->size || (!*value && !k->may_be_empty))
            goto bad;
        snprintf((char *)cfg + k->offset, k->size, "%s", value);
        return 1;
    }
    if (!strcmp(section, "server") && !strcmp(name, "listen")) {
        if (config_set_listen(cfg, value))
            goto bad;
        return 1;
    }
    if (!strcmp(section, "server") && !strcmp(name, "trusted_proxies")) {
        if (strlen(value) >= sizeof cfg->trusted_proxies || !client_addr_list_valid(value))
            goto bad;
        snprintf(cfg->trusted_proxies, sizeof cfg->trusted_proxies, "%s", value);
        return 1;
    }
    if (!strcmp(section, "server") && !strcmp(name, "max_body")) {
        long v;
        if (parse_int(value, 1024, 1024L * 1024 * 1024, &v))
            goto bad;
        cfg->max_body = (size_t)v;
        return 1;
    }
    if (!strcmp(section, "database") && !strcmp(name, "synchronous")) {
        if (strcmp(value, "normal") && strcmp(value, "full"))
            goto bad;
        cfg->synchronous_full = !strcmp(value, "full");
        return 1;
    }
    if (!strcmp(section, "database") && !strcmp(name, "backup_at")) {
        if (parse_clock(value, &cfg->backup_hour, &cfg->backup_minute))
            goto bad;
        return 1;
    }
    if (!strcmp(section, "log") && !strcmp(name, "access")) {
        if (parse_bool(value, &cfg->access_log))
            goto bad;
        return 1;
    }
    if (!strcmp(section, "metrics") && !strcmp(name, "enabled")) {
        if (parse_bool(value, &cfg->metrics_enabled))
            goto bad;
        return 1;
    }
    if (!strcmp(section, "metrics") && !strcmp(name, "allow")) {
        if (strlen(value) >= sizeof cfg->metrics_allow || !client_addr_list_valid(value))
            goto bad;
        snprintf(cfg->metrics_allow, sizeof cfg->metrics_allow, "%s", value);
        return 1;
    }
    if (!strcmp(section, "security") && !strcmp(name, "cookie_secure")) {
        if (parse_bool(value, &cfg->cookie_secure))
            goto bad;
        return 1;
    }
    if (!st->err[0])
        snprintf(st->err, st->errlen, "unknown key [%s] %s", section, name);
    return 0;
bad:
    if (!st->err[0])
        snprintf(st->err, st->errlen, "bad value for [%s] %s: %s", section, name, value);
    return 0;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
    struct load_state st = {cfg, err, errlen};
    err[0] = '\0';
    int rc = ini_parse(path, on_key, &st);
    if (rc == -1) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    if (rc != 0) {
        if (!err[0])
            snprintf(err, errlen, "syntax error");
        char msg[600];
        snprintf(msg, sizeof msg, "%s:%d: %s", path, rc, err);
        snprintf(err, errlen, "%s", msg);
        return -1;
    }
    return 0;
}

void config_settle_public_url(struct config *cfg)
{
    size_t n = strlen(cfg->public_url);
    while (n > 0 && cfg->public_url[n - 1] == '/')
        cfg->public_url[--n] = '\0';
    if (n > 0)
        return;
    char host[200]; /* "http://" + host + ":65535" fits public_url */
    snprintf(host, sizeof host, "%s", cfg->listen_host);
    /* Listening on every address: the machine's own name is what others reach it by. */
    if (!strcmp(host, "0.0.0.0") && (gethostname(host, sizeof host) || !*host))
        snprintf(host, sizeof host, "%s", "localhost");
    host[sizeof host - 1] = '\0';
    snprintf(cfg->public_url, sizeof cfg->public_url, "http://%s:%d", host, cfg->listen_port);
}

bool config_public_url_is_loopback(const struct config *cfg)
{
    const char *host = strstr(cfg->public_url, "://");
    host = host ? host + 3 : cfg->public_url;
    size_t len = strcspn(host, ":/");
    return (len >= 4 && !strncmp(host, "127.", 4)) ||
           (len == 9 && !strncasecmp(host, "localhost", 9)) || !strncmp(host, "[::1]", 5);
}
