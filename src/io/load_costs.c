/* Money in the load format (issue 15, part 4): "costs" on an activity ({"per_session": 85.0,
   "fixed": 120.0}, euros with at most two decimals, each optional and 0 when absent) and the
   section "budgets" ([{"school": KEY, "year": "2025-2026", "amount": 25000.0}]). Stored in
   cents (domain/offer/costs.h).
   - An activity's costs are as its item says: an item without "costs" has none (like its other
     optional fields), and "costs" with both amounts 0 is the same as none.
   - A budget is inserted or updated by (school, year) and never deleted, like the other later
     sections; one (school, year) at most once in a document.
   Dump writes "costs" only for an activity that has them, and "budgets" always (sorted by
   school and year), so that dump → load → dump is byte-identical. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/costs.h"
#include "domain/people/rollover.h"
#include "io/loadjson_internal.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* The amount of field in obj (absent: 0) into *cents. 0 or -1 with ctx->err set. */
static int amount_of(struct load_ctx *ctx, const char *prefix, json_t *obj, const char *field,
                     int64_t *cents)
{
    json_t *v = json_object_get(obj, field);
    *cents = 0;
    if (!v)
        return 0;
    if (money_from_double(json_number_value(v), cents)) {
        char path[160];
        snprintf(path, sizeof path, "%s.%s", prefix, field);
        return load_fail(ctx, path, "must be an amount from 0 to 1000000000 euros");
    }
    return 0;
}

/* ---- checks ------------------------------------------------------------------------------- */

int load_check_activity_costs(struct load_ctx *ctx, const char *prefix, json_t *activity)
{
    json_t *costs = json_object_get(activity, "costs");
    if (!costs)
        return 0;
    char path[120];
    snprintf(path, sizeof path, "%s.costs", prefix);
    int64_t cents;
    if (load_check_fields(ctx, "activities.costs", path, costs) ||
        amount_of(ctx, path, costs, "per_session", &cents) ||
        amount_of(ctx, path, costs, "fixed", &cents))
        return -1;
    return 0;
}

int load_check_budget(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                      size_t index)
{
    int first_year;
    char path[120];
    if (load_check_ref(ctx, prefix, item, "school", E_SCHOOL))
        return -1;
    if (school_year_parse(str(item, "year"), &first_year)) {
        snprintf(path, sizeof path, "%s.year", prefix);
        return load_fail(ctx, path, "must be a school year such as \"2025-2026\"");
    }
    int64_t cents;
    if (amount_of(ctx, prefix, item, "amount", &cents))
        return -1;
    char key[LOAD_KEY_MAX + 16];
    snprintf(key, sizeof key, "%s/%d", str(item, "school"), first_year);
    if (!keymap_put(&seen[0], key, (int64_t)index))
        return load_fail(ctx, prefix, "a second budget of '%s' for %s", str(item, "school"),
                         str(item, "year"));
    return 0;
}

/* ---- writes ------------------------------------------------------------------------------- */

int load_write_activity_costs(struct load_ctx *ctx)
{
    sqlite3_stmt *remove = load_stmt(ctx, "activities",
                                     "DELETE FROM activity_costs WHERE activity_id = ?1");
    sqlite3_stmt *upsert = load_stmt(
        ctx, "activities",
        "INSERT INTO activity_costs (activity_id, per_session, fixed) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (activity_id) DO UPDATE SET per_session = excluded.per_session,"
        " fixed = excluded.fixed");
    if (!remove || !upsert)
        return -1;
    size_t i;
    json_t *a;
    json_array_foreach (load_section(ctx->doc, "activities"), i, a) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "activities[%zu]", i);
        int64_t id = load_id(ctx, E_ACTIVITY, str(a, "key"));
        json_t *costs = json_object_get(a, "costs");
        int64_t per_session = 0, fixed = 0;
        if (amount_of(ctx, prefix, costs, "per_session", &per_session) ||
            amount_of(ctx, prefix, costs, "fixed", &fixed))
            return -1;
        sqlite3_stmt *st = per_session || fixed ? upsert : remove;
        sqlite3_bind_int64(st, 1, id);
        if (st == upsert) {
            sqlite3_bind_int64(st, 2, per_session);
            sqlite3_bind_int64(st, 3, fixed);
        }
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

int load_write_budgets(struct load_ctx *ctx)
{
    sqlite3_stmt *st = load_stmt(ctx, "budgets",
                                 "INSERT INTO school_budgets (school_id, year, amount)"
                                 " VALUES (?1, ?2, ?3) ON CONFLICT (school_id, year)"
                                 " DO UPDATE SET amount = excluded.amount");
    if (!st)
        return -1;
    size_t i;
    json_t *b;
    json_array_foreach (load_section(ctx->doc, "budgets"), i, b) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "budgets[%zu]", i);
        int first_year = 0;
        int64_t cents = 0;
        if (school_year_parse(str(b, "year"), &first_year) ||
            amount_of(ctx, prefix, b, "amount", &cents))
            return load_fail(ctx, prefix, "cannot be read");
        sqlite3_bind_int64(st, 1, load_id(ctx, E_SCHOOL, str(b, "school")));
        sqlite3_bind_int(st, 2, first_year);
        sqlite3_bind_int64(st, 3, cents);
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* ---- dump --------------------------------------------------------------------------------- */

/* Cents as a JSON number of euros. */
static json_t *euros(int64_t cents) { return json_real((double)cents / 100.0); }

void dump_activity_costs(struct dump *d, json_t *activity, int64_t activity_id)
{
    sqlite3_stmt *st =
        db_stmt(d->db, "SELECT per_session, fixed FROM activity_costs WHERE activity_id = ?1");
    if (!st) {
        d->failed = true;
        return;
    }
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        dump_put(d, activity, "costs",
                 json_pack("{s:o, s:o}", "per_session", euros(sqlite3_column_int64(st, 0)),
                           "fixed", euros(sqlite3_column_int64(st, 1))));
    else if (rc != SQLITE_DONE)
        d->failed = true;
    sqlite3_reset(st);
}

void dump_budgets(struct dump *d, json_t *doc)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(d->db, "SELECT s.key, b.year, b.amount FROM school_budgets b"
                                      " JOIN schools s ON s.id = b.school_id ORDER BY s.key, b.year");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int year = sqlite3_column_int(st, 1);
        json_t *b = json_object();
        dump_put_text(d, b, "school", st, 0);
        dump_put(d, b, "year", json_sprintf("%04d-%04d", year, year + 1));
        dump_put(d, b, "amount", euros(sqlite3_column_int64(st, 2)));
        json_array_append_new(items, b);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    dump_put(d, doc, "budgets", items);
}
