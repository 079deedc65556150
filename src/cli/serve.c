#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "db/db.h"
#include "mail/mailer.h"
#include "domain/enrolment/notify.h"
#include "http/server.h"
#include "http/static.h"
#include "view/i18n.h"
#include "view/mustache.h"
#include "view/render.h"

static int parse_serve_args(int argc, char **argv, struct config *cfg)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    char err[700];
    /* The config file first, so that --db and --listen override it. */
    for (int i = 1; i < argc; i++) {
        const char *path = NULL;
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            path = argv[i + 1];
        else if (!strncmp(argv[i], "--config=", 9))
            path = argv[i] + 9;
        if (path && config_load(cfg, path, err, sizeof err)) {
            fprintf(stderr, "verrijkt: %s\n", err);
            return -1;
        }
    }
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            break;
        case 'd':
            snprintf(cfg->db_path, sizeof cfg->db_path, "%s", optarg);
            break;
        case 'l':
            if (config_set_listen(cfg, optarg)) {
                fprintf(stderr, "verrijkt: --listen needs HOST:PORT, got '%s'\n", optarg);
                return -1;
            }
            break;
        default:
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "verrijkt: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}

int cli_serve(int argc, char **argv)
{
    struct app app = {0};
    config_defaults(&app.cfg);
    if (parse_serve_args(argc, argv, &app.cfg))
        return 2;
    db_set_synchronous(app.cfg.synchronous_full ? DB_SYNCHRONOUS_FULL : DB_SYNCHRONOUS_NORMAL);
    struct db *db = cli_open_db(app.cfg.db_path);
    if (!db)
        return 1;
    db_close(db);
    char err[700];
    app.templates = templates_load(app.cfg.templates_dir, err, sizeof err);
    if (!app.templates) {
        fprintf(stderr, "verrijkt: templates: %s\n", err);
        return 1;
    }
    /* The message catalogues live next to the templates: templates/messages/LANG.ini. */
    char messages_dir[600];
    snprintf(messages_dir, sizeof messages_dir, "%s/messages", app.cfg.templates_dir);
    if (i18n_load(messages_dir, err, sizeof err)) {
        fprintf(stderr, "verrijkt: messages: %s\n", err);
        mustache_set_free(app.templates);
        return 1;
    }
    if (static_load(&app, err, sizeof err)) {
        fprintf(stderr, "verrijkt: %s\n", err);
        i18n_free();
        mustache_set_free(app.templates);
        return 1;
    }
    /* The outbox is sent by a thread of its own (nothing when [mail] command is empty); it is
       stopped once the server has stopped. */
    config_settle_public_url(&app.cfg);
    printf("verrijkt: public address %s (links in parent letters, mail and calendar feeds)\n",
           app.cfg.public_url);
    if (config_public_url_is_loopback(&app.cfg))
        printf("verrijkt: warning: %s is reachable from this machine only; set [server] "
               "public_url to the address parents use\n", app.cfg.public_url);
    notify_set_public_url(app.cfg.public_url); /* before the worker threads start */
    struct mailer_thread *mailer = mailer_thread_start(&app.cfg);
    struct backup_thread *backup = backup_thread_start(&app.cfg);
    int rc = server_run(&app);
    backup_thread_stop(backup);
    mailer_thread_stop(mailer);
    static_free(&app);
    i18n_free();
    mustache_set_free(app.templates);
    return rc ? 1 : 0;
}
