#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"
#include "demo/demo.h"
#include "io/loadjson.h"
#include "util/date.h"

/* Print the demo accounts (email, role, password) so that a person can log in. */
static void print_accounts(json_t *doc)
{
    size_t i;
    json_t *user;
    printf("Demo accounts (email / password):\n");
    json_array_foreach(json_object_get(doc, "users"), i, user)
    {
        printf("  %-12s %-36s %s\n", json_string_value(json_object_get(user, "role")),
               json_string_value(json_object_get(user, "email")),
               json_string_value(json_object_get(user, "password")));
    }
}

int cli_seed_demo(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv);
    if (!path) {
        fputs("usage: verrijkt seed-demo --db PATH\n", stderr);
        return 2;
    }
    struct db *db = cli_open_db(path);
    if (!db)
        return 1;
    json_t *doc = demo_document(date_today());
    char err[512];
    int rc = load_document(db, doc, err, sizeof err);
    if (rc)
        fprintf(stderr, "verrijkt: seed-demo: %s\n", err);
    else
        print_accounts(doc);
    json_decref(doc);
    db_close(db);
    return rc ? 1 : 0;
}
