/* The rollover's state in the load format (issue 14): the section "rollovers" (each rollover
   that ran: {"school_year", "ran_at", "by" (the user's address, when a user ran it), "moved",
   "left"}) and the section "pupil_grades" (the grade a pupil had until a day before a rollover
   moved it up: {"pupil", "until", "grade"}). dump → load keeps them, so that a second rollover
   into the same year still changes nothing and the reports of past periods still group
   pupils by the grade they had then. dump writes each only when it is not empty. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/rollover.h"
#include "io/loadjson_internal.h"
#include "util/date.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* ---- checks ------------------------------------------------------------------------------ */

int load_check_pupil_grade(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                           json_t *item, size_t index)
{
    char both[256];
    snprintf(both, sizeof both, "%s\n%s", str(item, "pupil"), str(item, "until"));
    if (!keymap_put(seen, both, (int64_t)index))
        return load_fail(ctx, prefix, "duplicate grade of pupil '%s' until %s",
                         str(item, "pupil"), str(item, "until"));
    return load_check_ref(ctx, prefix, item, "pupil", E_PUPIL);
}

int load_check_rollover(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index)
{
    int first;
    const char *year = str(item, "school_year");
    char field[80];
    snprintf(field, sizeof field, "%s.school_year", prefix);
    if (school_year_parse(year, &first))
        return load_fail(ctx, field, "must be a school year such as 2027-2028");
    if (!keymap_put(seen, year, (int64_t)index))
        return load_fail(ctx, field, "duplicate rollover into %s", year);
    return load_check_ref(ctx, prefix, item, "by", E_USER);
}

/* ---- writing ----------------------------------------------------------------------------- */

int load_write_pupil_grades(struct load_ctx *ctx)
{
    sqlite3_stmt *st = load_stmt(ctx, "pupil_grades",
                                 "INSERT INTO pupil_grades (pupil_id, until, grade)"
                                 " VALUES (?1, ?2, ?3) ON CONFLICT (pupil_id, until)"
                                 " DO UPDATE SET grade = excluded.grade");
    if (!st)
        return -1;
    size_t i;
    json_t *g;
    json_array_foreach(load_section(ctx->doc, "pupil_grades"), i, g)
    {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "pupil_grades[%zu]", i);
        sqlite3_bind_int64(st, 1, load_id(ctx, E_PUPIL, str(g, "pupil")));
        db_bind_text(st, 2, str(g, "until"));
        sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(g, "grade")));
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

int load_write_rollovers(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    sqlite3_stmt *st = load_stmt(
        ctx, "rollovers",
        "INSERT INTO rollovers (school_year, starts_on, ran_at, by_user, moved, leavers)"
        " VALUES (?1, substr(?1, 1, 4) || '-08-01', coalesce(?2, ?6), ?3, ?4, ?5)"
        " ON CONFLICT (school_year) DO UPDATE SET ran_at = excluded.ran_at,"
        " by_user = excluded.by_user, moved = excluded.moved, leavers = excluded.leavers");
    if (!st)
        return -1;
    size_t i;
    json_t *r;
    json_array_foreach(load_section(ctx->doc, "rollovers"), i, r)
    {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "rollovers[%zu]", i);
        db_bind_text(st, 1, str(r, "school_year"));
        db_bind_text(st, 2, str(r, "ran_at"));
        sqlite3_bind_int64(st, 3, str(r, "by") ? load_id(ctx, E_USER, str(r, "by")) : 0);
        sqlite3_bind_int64(st, 4, json_integer_value(json_object_get(r, "moved")));
        sqlite3_bind_int64(st, 5, json_integer_value(json_object_get(r, "left")));
        db_bind_text(st, 6, now);
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* ---- dump -------------------------------------------------------------------------------- */

/* The rows of sql as objects with the names (one per column; an integer column when its name
   is in ints) set as obj[section] unless there are none. */
static void dump_rows(struct dump *d, json_t *doc, const char *section, const char *sql,
                      const char *const *names, const char *ints)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(d->db, sql);
    int rc = SQLITE_ERROR;
    if (st) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            json_t *item = json_object();
            for (int c = 0; names[c]; c++)
                if (ints[c] == 'i')
                    dump_put(d, item, names[c], json_integer(sqlite3_column_int64(st, c)));
                else
                    dump_put_opt(d, item, names[c], st, c);
            json_array_append_new(items, item);
        }
        sqlite3_reset(st);
    }
    if (rc != SQLITE_DONE)
        d->failed = true;
    if (json_array_size(items))
        dump_put(d, doc, section, items);
    else
        json_decref(items);
}

void dump_rollovers(struct dump *d, json_t *doc)
{
    static const char *const grade_names[] = {"pupil", "until", "grade", NULL};
    dump_rows(d, doc, "pupil_grades",
              "SELECT p.key, g.until, g.grade FROM pupil_grades g"
              " JOIN pupils p ON p.id = g.pupil_id ORDER BY p.key, g.until",
              grade_names, "ssi");
    static const char *const rollover_names[] = {"school_year", "ran_at", "by", "moved", "left",
                                                 NULL};
    dump_rows(d, doc, "rollovers",
              "SELECT r.school_year, r.ran_at, u.email, r.moved, r.leavers FROM rollovers r"
              " LEFT JOIN users u ON u.id = r.by_user ORDER BY r.school_year",
              rollover_names, "sssii");
}
