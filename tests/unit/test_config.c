/* Tests of src/config.c's public address: without [server] public_url, links use the address
 * serve listens on; a set address is kept (without a trailing slash); loopback is recognised.
 * And [server] trusted_proxies: none by default, a list of addresses read, anything else
 * refused at start. And the limits against slow clients: their defaults, and request_deadline
 * read and checked. And the [database] keys: synchronous, backup_dir, backup_keep, backup_at. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static void unset_follows_the_listen_address(void **state)
{
    (void)state;
    struct config cfg;
    config_defaults(&cfg);
    assert_int_equal(config_set_listen(&cfg, "192.168.1.20:9090"), 0);
    config_settle_public_url(&cfg);
    assert_string_equal(cfg.public_url, "http://192.168.1.20:9090");
    assert_false(config_public_url_is_loopback(&cfg));

    config_defaults(&cfg);
    assert_int_equal(config_set_listen(&cfg, "127.0.0.1:8123"), 0);
    config_settle_public_url(&cfg);
    assert_string_equal(cfg.public_url, "http://127.0.0.1:8123");
    assert_true(config_public_url_is_loopback(&cfg));
}

static void every_address_uses_the_machine_name(void **state)
{
    (void)state;
    struct config cfg;
    config_defaults(&cfg);
    assert_int_equal(config_set_listen(&cfg, "0.0.0.0:8080"), 0);
    config_settle_public_url(&cfg);
    char host[256] = "", want[300];
    if (gethostname(host, sizeof host) || !*host)
        snprintf(host, sizeof host, "localhost");
    snprintf(want, sizeof want, "http://%s:8080", host);
    assert_string_equal(cfg.public_url, want);
}

static void a_set_address_is_kept(void **state)
{
    (void)state;
    struct config cfg;
    config_defaults(&cfg);
    snprintf(cfg.public_url, sizeof cfg.public_url, "https://verrijkt.example.nl//");
    config_settle_public_url(&cfg);
    assert_string_equal(cfg.public_url, "https://verrijkt.example.nl");
    assert_false(config_public_url_is_loopback(&cfg));
    const char *loopback[] = {"http://localhost:8080", "http://127.0.0.2", "http://[::1]:80",
                              "LOCALHOST"};
    for (size_t i = 0; i < sizeof loopback / sizeof *loopback; i++) {
        snprintf(cfg.public_url, sizeof cfg.public_url, "%s", loopback[i]);
        assert_true(config_public_url_is_loopback(&cfg));
    }
    const char *elsewhere[] = {"http://localhost.example.nl", "http://10.0.0.1:8080",
                               "https://127example.nl"};
    for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++) {
        snprintf(cfg.public_url, sizeof cfg.public_url, "%s", elsewhere[i]);
        assert_false(config_public_url_is_loopback(&cfg));
    }
}

/* Load text as a configuration file over the defaults into cfg: config_load's answer. */
static int load_text(struct config *cfg, const char *text, char *err, size_t errlen)
{
    char path[] = "/tmp/test_config.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    config_defaults(cfg);
    int rc = config_load(cfg, path, err, errlen);
    unlink(path);
    return rc;
}

static void trusted_proxies_are_addresses(void **state)
{
    (void)state;
    struct config cfg;
    char err[600];
    config_defaults(&cfg);
    assert_string_equal(cfg.trusted_proxies, "");
    assert_int_equal(load_text(&cfg, "[server]\ntrusted_proxies = 127.0.0.1, ::1\n", err,
                               sizeof err),
                     0);
    assert_string_equal(cfg.trusted_proxies, "127.0.0.1, ::1");
    assert_int_equal(load_text(&cfg, "[server]\ntrusted_proxies =\n", err, sizeof err), 0);
    assert_string_equal(cfg.trusted_proxies, "");
    const char *bad[] = {"proxy.example.nl", "10.0.0.0/8", "127.0.0.1; 10.0.0.1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[200];
        snprintf(text, sizeof text, "[server]\ntrusted_proxies = %s\n", bad[i]);
        assert_int_equal(load_text(&cfg, text, err, sizeof err), -1);
        assert_non_null(strstr(err, "trusted_proxies"));
    }
}

static void slow_client_limits_have_defaults_and_are_checked(void **state)
{
    (void)state;
    struct config cfg;
    char err[600];
    config_defaults(&cfg);
    assert_int_equal(cfg.per_ip_limit, 20);
    assert_int_equal(cfg.connection_limit, 1000);
    assert_int_equal(cfg.request_deadline_seconds, 10);
    assert_int_equal(load_text(&cfg, "[server]\nrequest_deadline = 25\nper_ip_limit = 50\n", err, sizeof err), 0);
    assert_int_equal(cfg.request_deadline_seconds, 25);
    assert_int_equal(cfg.per_ip_limit, 50);
    assert_int_equal(load_text(&cfg, "[server]\nrequest_deadline = 0\n", err, sizeof err), -1);
    assert_int_equal(load_text(&cfg, "[server]\nrequest_deadline = 10s\n", err, sizeof err), -1);
}

static void the_database_keys(void **state)
{
    (void)state;
    struct config cfg;
    char err[700];
    config_defaults(&cfg);
    assert_true(cfg.synchronous_full);
    assert_string_equal(cfg.backup_dir, "");
    assert_int_equal(cfg.backup_keep, 14);
    assert_int_equal(cfg.backup_hour, 2);
    assert_int_equal(cfg.backup_minute, 30);
    assert_int_equal(load_text(&cfg,
                               "[database]\nsynchronous = normal\nbackup_dir = /var/backups/v\n"
                               "backup_keep = 30\nbackup_at = 23:05\n",
                               err, sizeof err),
                     0);
    assert_false(cfg.synchronous_full);
    assert_string_equal(cfg.backup_dir, "/var/backups/v");
    assert_int_equal(cfg.backup_keep, 30);
    assert_int_equal(cfg.backup_hour, 23);
    assert_int_equal(cfg.backup_minute, 5);
    assert_int_equal(load_text(&cfg, "[database]\nsynchronous = full\n", err, sizeof err), 0);
    assert_true(cfg.synchronous_full);
    const char *bad[] = {"synchronous = off", "synchronous = FULL", "backup_keep = 0",
                         "backup_at = 2:30", "backup_at = 24:00", "backup_at = 02:60",
                         "backup_at = 02-30", "backup_at = +2:30", "backup_at = 02:3x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[100];
        snprintf(text, sizeof text, "[database]\n%s\n", bad[i]);
        assert_int_equal(load_text(&cfg, text, err, sizeof err), -1);
        assert_non_null(strstr(err, "bad value"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unset_follows_the_listen_address),
        cmocka_unit_test(every_address_uses_the_machine_name),
        cmocka_unit_test(a_set_address_is_kept),
        cmocka_unit_test(trusted_proxies_are_addresses),
        cmocka_unit_test(slow_client_limits_have_defaults_and_are_checked),
        cmocka_unit_test(the_database_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
