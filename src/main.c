/* build/verrijkt: the command line (PRODUCT.md section 6). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "domain/people/names.h"
#include "domain/reports/tally.h"

static void usage(FILE *out)
{
    fputs("usage: verrijkt COMMAND [options]\n"
          "  serve [--config FILE] [--db PATH] [--listen HOST:PORT]\n"
          "  migrate --db PATH\n"
          "  load --db PATH FILE.json\n"
          "  dump --db PATH\n"
          "  seed-demo --db PATH\n"
          "  allocate --db PATH [--seed N] ROUND_KEY\n"
          "  backup --db PATH DEST  (a consistent copy of a live database)\n"
          "  purge --db PATH [--config FILE]  (delete pupils who left long ago)\n"
          "  rollover --db PATH --to YYYY-YYYY [--dry-run]  (everyone up a group)\n"
          "  import-pupils --db PATH --school KEY FILE.csv [--dry-run] [--mark-left]\n"
          "  mail-test --config FILE --to ADDRESS  (one message through [mail] command)\n"
          "  user add --db PATH --email E --role lead|coordinator|staff|parent [--school KEY]"
          " [--staff KEY] [--name NAME]  (password on standard input)\n",
          out);
}

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
    {"serve", cli_serve}, {"migrate", cli_migrate},     {"load", cli_load},
    {"dump", cli_dump},   {"seed-demo", cli_seed_demo}, {"user", cli_user},
    {"allocate", cli_allocate}, {"backup", cli_backup}, {"purge", cli_purge},
    {"mail-test", cli_mail_test}, {"rollover", cli_rollover},
    {"import-pupils", cli_import_pupils},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (db_setup_library()) {
        fputs("verrijkt: SQLite cannot be set up\n", stderr);
        return 1;
    }
    if (sodium_init() < 0) {
        fputs("verrijkt: libsodium cannot start\n", stderr);
        return 1;
    }
    db_set_before_commit(tally_flush); /* the reports' tallies, in each write transaction */
    db_set_on_open(names_register_sql); /* fold() and surname_key() for the pupil lists */
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "verrijkt: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
