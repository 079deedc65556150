#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "domain/people/accounts.h"

#include <sodium.h>

struct user_args {
    const char *db, *email, *role, *school, *staff, *name;
};

static int parse_user_args(int argc, char **argv, struct user_args *a)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},     {"email", required_argument, NULL, 'e'},
        {"role", required_argument, NULL, 'r'},   {"school", required_argument, NULL, 's'},
        {"staff", required_argument, NULL, 't'},  {"name", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    optind = 2; /* argv[0] = "user", argv[1] = "add" */
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'd': a->db = optarg; break;
        case 'e': a->email = optarg; break;
        case 'r': a->role = optarg; break;
        case 's': a->school = optarg; break;
        case 't': a->staff = optarg; break;
        case 'n': a->name = optarg; break;
        default: return -1;
        }
    }
    return a->db && a->email && a->role ? 0 : -1;
}

static int read_password(char *out, size_t size)
{
    if (!fgets(out, (int)size, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    size_t n = strlen(out);
    if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
        fprintf(stderr, "verrijkt: the password needs %d to %d characters\n", PASSWORD_MIN,
                PASSWORD_MAX);
        return -1;
    }
    return 0;
}

static int64_t lookup_key(struct db *db, const char *sql, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return 0;
    db_bind_text(st, 1, key);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

static bool role_valid(const char *role)
{
    return !strcmp(role, "lead") || !strcmp(role, "coordinator") || !strcmp(role, "staff") ||
           !strcmp(role, "parent");
}

int cli_user(int argc, char **argv)
{
    struct user_args a = {0};
    if (argc < 2 || strcmp(argv[1], "add") || parse_user_args(argc, argv, &a)) {
        fputs("usage: verrijkt user add --db PATH --email E --role lead|coordinator|staff|parent"
              " [--school KEY] [--staff KEY] [--name NAME]\n",
              stderr);
        return 2;
    }
    if (!role_valid(a.role) || !strchr(a.email, '@')) {
        fprintf(stderr, "verrijkt: bad role or email\n");
        return 2;
    }
    struct db *db = cli_open_db(a.db);
    if (!db)
        return 1;
    int rc = 1;
    char password[PASSWORD_MAX + 2];
    struct new_user u = {.email = a.email, .name = a.name, .role = a.role, .password = password};
    if (a.school && !(u.school_id = lookup_key(db, "SELECT id FROM schools WHERE key = ?1",
                                               a.school))) {
        fprintf(stderr, "verrijkt: no school with key '%s'\n", a.school);
        goto out;
    }
    if (a.staff && !(u.staff_id = lookup_key(db, "SELECT id FROM staff WHERE key = ?1", a.staff))) {
        fprintf(stderr, "verrijkt: no staff with key '%s'\n", a.staff);
        goto out;
    }
    if ((!strcmp(a.role, "coordinator") && !u.school_id) ||
        (!strcmp(a.role, "staff") && !u.staff_id)) {
        fprintf(stderr, "verrijkt: a coordinator needs --school, a staff account --staff\n");
        goto out;
    }
    if (read_password(password, sizeof password))
        goto out;
    char err[256];
    if (db_begin(db))
        goto out;
    if (account_insert(db, &u, err, sizeof err) < 0) {
        db_rollback(db);
        fprintf(stderr, "verrijkt: %s\n", err);
        goto out;
    }
    if (db_commit(db))
        goto out;
    printf("user %s (%s) saved\n", a.email, a.role);
    rc = 0;
out:
    sodium_memzero(password, sizeof password);
    db_close(db);
    return rc;
}
