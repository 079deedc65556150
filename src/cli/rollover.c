/* verrijkt rollover --db PATH --to YYYY-YYYY [--dry-run]: move every pupil who has not left up
   one group into that school year (domain/people/rollover.h); --dry-run prints what it would
   do and writes nothing. A second run for the same year changes nothing and exits 0. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "domain/people/rollover.h"
#include "util/date.h"
#include "util/messages.h"

static int usage(void)
{
    fputs("usage: verrijkt rollover --db PATH --to YYYY-YYYY [--dry-run]\n", stderr);
    return 2;
}

/* The Dutch text of a rollover outcome with its placeholders filled in. Caller frees. */
static char *outcome_text(enum rollover_outcome rc, const char *to,
                          const struct rollover_plan *plan)
{
    cli_text("problem.rollover_ok"); /* loads the catalogues */
    json_t *vars = json_pack("{s:s, s:s, s:s}", "year", to, "expected", plan->expected,
                             "opens_on", plan->opens_on);
    char *text = i18n_format(I18N_DEFAULT, rollover_message(rc), vars);
    json_decref(vars);
    return text;
}

/* The preview of a rollover on stdout: per school the groups moving up and the leavers, then
   the activities and rounds archived. */
static void print_preview(json_t *preview)
{
    printf("Overgang naar %s: %lld leerling(en) gaan een groep omhoog, %lld verlaten de school"
           " op %s.\n",
           json_string_value(json_object_get(preview, "year")),
           (long long)json_integer_value(json_object_get(preview, "moved")),
           (long long)json_integer_value(json_object_get(preview, "left")),
           json_string_value(json_object_get(preview, "left_on")));
    size_t i, j;
    json_t *school, *group, *row;
    json_array_foreach(json_object_get(preview, "schools"), i, school)
    {
        printf("%s:", json_string_value(json_object_get(school, "school")));
        json_array_foreach(json_object_get(school, "groups"), j, group)
            printf(" %lld→%lld: %lld;", (long long)json_integer_value(json_object_get(group, "grade")),
                   (long long)json_integer_value(json_object_get(group, "to_grade")),
                   (long long)json_integer_value(json_object_get(group, "pupils")));
        printf(" vertrekken: %lld\n",
               (long long)json_integer_value(json_object_get(school, "leaving")));
    }
    json_array_foreach(json_object_get(preview, "activities"), i, row)
        printf("archief: activiteit %s (%s, tot %s)\n",
               json_string_value(json_object_get(row, "title")),
               json_string_value(json_object_get(row, "school")),
               json_string_value(json_object_get(row, "until")));
    json_array_foreach(json_object_get(preview, "rounds"), i, row)
        printf("archief: inschrijfronde %s (%s)\n", json_string_value(json_object_get(row, "name")),
               json_string_value(json_object_get(row, "school")));
}

/* --dry-run: check the year and print the preview. The exit status. */
static int dry_run(struct db *db, const char *to, const char *today)
{
    struct rollover_plan plan;
    enum rollover_outcome rc = rollover_plan(db, to, today, &plan);
    if (rc != ROLLOVER_OK) {
        char *text = outcome_text(rc, to, &plan);
        fprintf(rc == ROLLOVER_ALREADY ? stdout : stderr, "verrijkt: %s\n", text);
        free(text);
        return rc == ROLLOVER_ALREADY ? 0 : 1;
    }
    json_t *preview;
    if (read_rollover_preview(db, &plan, today, &preview)) {
        fputs("verrijkt: the rollover's preview could not be read\n", stderr);
        return 1;
    }
    print_preview(preview);
    puts("(--dry-run: er is niets veranderd)");
    json_decref(preview);
    return 0;
}

/* Run it. The exit status. */
static int run(struct db *db, const char *to, const char *today)
{
    struct rollover_done done;
    enum rollover_outcome rc = rollover_run(db, 0, to, today, &done);
    struct rollover_plan plan;
    if (rc == ROLLOVER_MALFORMED || rc == ROLLOVER_WRONG_YEAR || rc == ROLLOVER_TOO_EARLY)
        rollover_plan(db, to, today, &plan); /* for the expected year in the message */
    else
        memset(&plan, 0, sizeof plan);
    if (rc == ROLLOVER_OK) {
        printf("verrijkt: rollover naar %s: %d leerling(en) een groep omhoog, %d verlaten de"
               " school\n", to, done.moved, done.left);
        return 0;
    }
    char *text = outcome_text(rc, to, &plan);
    fprintf(rc == ROLLOVER_ALREADY ? stdout : stderr, "verrijkt: %s\n", text);
    free(text);
    return rc == ROLLOVER_ALREADY ? 0 : 1;
}

int cli_rollover(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv), *to = NULL;
    bool dry = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") || !strcmp(argv[i], "--to")) {
            if (i + 1 >= argc)
                return usage();
            if (!strcmp(argv[i], "--to"))
                to = argv[i + 1];
            i++;
        } else if (!strncmp(argv[i], "--to=", 5)) {
            to = argv[i] + 5;
        } else if (!strcmp(argv[i], "--dry-run")) {
            dry = true;
        } else if (strncmp(argv[i], "--db=", 5)) {
            return usage();
        }
    }
    if (!path || !to)
        return usage();
    struct db *db = cli_open_db(path);
    if (!db)
        return 1;
    char today[11];
    date_format(date_today(), today);
    int status = dry ? dry_run(db, to, today) : run(db, to, today);
    db_close(db);
    return status;
}
