/* verrijkt mail-test --config FILE --to ADDRESS: one message through [mail] command, now, and
   what happened (issue 16), so that an administrator can trust the outbox's way out. Nothing is
   written to a database. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "mail/mailer.h"

static int usage(void)
{
    fputs("usage: verrijkt mail-test --config FILE --to ADDRESS\n", stderr);
    return 2;
}

int cli_mail_test(int argc, char **argv)
{
    const char *config_path = NULL, *to = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config_path = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = argv[++i];
        else
            return usage();
    }
    if (!config_path || !to)
        return usage();
    struct config cfg;
    config_defaults(&cfg);
    char err[1200];
    if (config_load(&cfg, config_path, err, sizeof err)) {
        fprintf(stderr, "verrijkt: %s\n", err);
        return 1;
    }
    if (!cfg.mail_command[0]) {
        fprintf(stderr, "verrijkt: mail is off: %s has no [mail] command, so the outbox keeps"
                        " every message and sends none\n",
                config_path);
        return 1;
    }
    struct buf message = BUF_INIT;
    if (mailer_build_message(cfg.mail_from, to, "verrijkt: test message",
                             "This is a test message from verrijkt (mail-test). If you read "
                             "this, the mail command works.\n",
                             time(NULL), &message, err, sizeof err)) {
        buf_free(&message);
        fprintf(stderr, "verrijkt: cannot build the message: %s\n", err);
        return 1;
    }
    int rc = mailer_run_command(cfg.mail_command, message.data, message.len,
                                MAILER_COMMAND_TIMEOUT_MS, NULL, err, sizeof err);
    buf_free(&message);
    if (rc) {
        fprintf(stderr, "verrijkt: sending to %s through \"%s\" failed: %s\n", to,
                cfg.mail_command, err);
        return 1;
    }
    printf("verrijkt: a test message to %s was handed to \"%s\", which accepted it (exit 0)\n",
           to, cfg.mail_command);
    return 0;
}
