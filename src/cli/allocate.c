/* verrijkt allocate --db PATH [--seed N] ROUND_KEY: close a round and allocate its seats
   (domain/rounds.h), printing the outcome as JSON. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "domain/enrolment/rounds.h"

static int usage(void)
{
    fputs("usage: verrijkt allocate --db PATH [--seed N] ROUND_KEY\n", stderr);
    return 2;
}

/* Strict: digits only, 0 … ROUND_SEED_MAX. 0 or -1. */
static int parse_seed(const char *s, uint64_t *seed)
{
    if (!s || !*s || strlen(s) > 20)
        return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > ROUND_SEED_MAX)
        return -1;
    *seed = v;
    return 0;
}

int cli_allocate(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv), *key = NULL, *seed_text = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") || !strcmp(argv[i], "--seed")) {
            if (i + 1 >= argc)
                return usage();
            if (!strcmp(argv[i], "--seed"))
                seed_text = argv[i + 1];
            i++;
        } else if (!strncmp(argv[i], "--seed=", 7)) {
            seed_text = argv[i] + 7;
        } else if (!strncmp(argv[i], "--db=", 5)) {
            continue;
        } else if (argv[i][0] == '-' || key) {
            return usage();
        } else {
            key = argv[i];
        }
    }
    if (!path || !key)
        return usage();
    uint64_t seed = 0;
    if (seed_text && parse_seed(seed_text, &seed)) {
        fprintf(stderr, "verrijkt: --seed: %s\n",
                cli_text(round_result_school_key(ROUND_BAD_SEED)));
        return 2;
    }
    struct db *db = cli_open_db(path);
    if (!db)
        return 1;
    int64_t id = round_find(db, key);
    json_t *result = NULL;
    enum round_result rc = id > 0   ? round_allocate(db, id, seed_text != NULL, &seed, 0, &result)
                           : id == 0 ? ROUND_NOT_FOUND
                                     : ROUND_FAILED;
    db_close(db);
    if (rc != ROUND_OK) {
        fprintf(stderr, "verrijkt: %s: %s\n", key, cli_text(round_result_school_key(rc)));
        return 1;
    }
    int out = json_dumpf(result, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(result);
    return out ? 1 : 0;
}
