/* Writing a validated load document inside one transaction, idempotent by key: each section
   is upserted (by key; holidays by (name, from), domains by code, enrolments by (pupil,
   activity), attendance by (session, pupil), preferences by (round, pupil), users by email;
   the later sections, norms to reviews, by load_write_quality.c).
   An absent optional field means its default. Activities get the document's domains and
   staff, and their sessions are brought in line with the schedule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "domain/people/audit.h"
#include "io/loadjson_internal.h"
#include "domain/offer/schedule.h"
#include "util/date.h"
#include "util/json_arena.h"

/* ---- helpers ----------------------------------------------------------------------------- */

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* The string field, or fallback when absent. */
static const char *str_or(json_t *item, const char *name, const char *fallback)
{
    const char *s = str(item, name);
    return s ? s : fallback;
}

static int flag(json_t *item, const char *name, int fallback)
{
    json_t *v = json_object_get(item, name);
    return json_is_boolean(v) ? json_is_true(v) : fallback;
}

static json_int_t num(json_t *item, const char *name, json_int_t fallback)
{
    json_t *v = json_object_get(item, name);
    return json_is_integer(v) ? json_integer_value(v) : fallback;
}

/* A prepared statement, or NULL with the error reported for prefix. */
static sqlite3_stmt *stmt(struct load_ctx *ctx, const char *prefix, const char *sql)
{
    sqlite3_stmt *st = db_stmt(ctx->db, sql);
    if (!st)
        load_fail(ctx, prefix, "database error: %s", sqlite3_errmsg(db_handle(ctx->db)));
    return st;
}

/* Run a statement that returns no rows. 0 or -1 with the database's reason for prefix. */
static int run(struct load_ctx *ctx, sqlite3_stmt *st, const char *prefix)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        load_fail(ctx, prefix, "cannot be saved: %s", sqlite3_errmsg(db_handle(ctx->db)));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Run an INSERT … RETURNING id. The id, or 0 with the reason for prefix. */
sqlite3_stmt *load_stmt(struct load_ctx *ctx, const char *prefix, const char *sql)
{
    return stmt(ctx, prefix, sql);
}

int load_run(struct load_ctx *ctx, sqlite3_stmt *st, const char *prefix)
{
    return run(ctx, st, prefix);
}

static int64_t run_id(struct load_ctx *ctx, sqlite3_stmt *st, const char *prefix)
{
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else
        load_fail(ctx, prefix, "cannot be saved: %s", sqlite3_errmsg(db_handle(ctx->db)));
    sqlite3_reset(st);
    return id;
}

static void item_prefix(char *buf, size_t n, const char *section, size_t i)
{
    snprintf(buf, n, "%s[%zu]", section, i);
}

/* ---- reference data ---------------------------------------------------------------------- */

static int write_coalition(struct load_ctx *ctx)
{
    json_t *c = json_object_get(ctx->doc, "coalition");
    if (!c)
        return 0;
    sqlite3_stmt *st = stmt(ctx, "coalition",
                            "INSERT INTO coalition (id, name, city) VALUES (1, ?1, ?2)"
                            " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                            " city = excluded.city");
    if (!st)
        return -1;
    db_bind_text(st, 1, str(c, "name"));
    db_bind_text(st, 2, str_or(c, "city", ""));
    return run(ctx, st, "coalition");
}

static int upsert_domain(struct load_ctx *ctx, const char *prefix, const char *code,
                         const char *name, int position)
{
    sqlite3_stmt *st = stmt(ctx, prefix,
                            "INSERT INTO domains (code, name, position) VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                            " position = excluded.position RETURNING id");
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    sqlite3_bind_int(st, 3, position);
    int64_t id = run_id(ctx, st, prefix);
    if (!id)
        return -1;
    keymap_put(&ctx->ids[E_DOMAIN], code, id);
    return 0;
}

/* The document's domains (position = order in the document), or the six defaults when the
   document has none and the table is empty. */
static int write_domains(struct load_ctx *ctx)
{
    json_t *domains = json_object_get(ctx->doc, "domains");
    char prefix[64];
    if (!domains) {
        if (db_scalar_int(ctx->db, "SELECT count(*) FROM domains", 0) != 0)
            return 0;
        for (int i = 0; i < LOAD_DEFAULT_DOMAINS; i++)
            if (upsert_domain(ctx, "domains", load_default_domains[i].code,
                              load_default_domains[i].name, i + 1))
                return -1;
        return 0;
    }
    size_t i;
    json_t *d;
    json_array_foreach(domains, i, d)
    {
        item_prefix(prefix, sizeof prefix, "domains", i);
        if (upsert_domain(ctx, prefix, str(d, "code"), str(d, "name"), (int)i + 1))
            return -1;
    }
    return 0;
}

static int write_holidays(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "holidays",
                            "INSERT INTO holidays (name, date_from, date_to) VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (name, date_from) DO UPDATE SET date_to = excluded.date_to");
    if (!st)
        return -1;
    size_t i;
    json_t *h;
    json_array_foreach(load_section(ctx->doc, "holidays"), i, h)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "holidays", i);
        db_bind_text(st, 1, str(h, "name"));
        db_bind_text(st, 2, str(h, "from"));
        db_bind_text(st, 3, str(h, "to"));
        if (run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* Replace the study days of school_id by the dates (absent: none); a change sets
   ctx->study_days_changed. The notes of days that stay are kept. */
static int write_study_days(struct load_ctx *ctx, const char *prefix, int64_t school_id,
                            json_t *dates)
{
    json_t *list = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(dates, i, d)
        json_array_append(list, d);
    char *text = json_text(list, JSON_COMPACT);
    json_decref(list);
    if (!text)
        return load_fail(ctx, prefix, "out of memory");
    sqlite3_stmt *del = stmt(ctx, prefix, "DELETE FROM study_days WHERE school_id = ?1 AND date"
                                          " NOT IN (SELECT value FROM json_each(?2))");
    int rc = -1;
    if (del) {
        sqlite3_bind_int64(del, 1, school_id);
        db_bind_text(del, 2, text);
        rc = run(ctx, del, prefix);
    }
    int changes = rc ? 0 : sqlite3_changes(db_handle(ctx->db));
    sqlite3_stmt *ins = rc ? NULL : stmt(ctx, prefix, "INSERT INTO study_days (school_id, date)"
                                                      " SELECT ?1, value FROM json_each(?2)"
                                                      " WHERE true ON CONFLICT DO NOTHING");
    if (ins) {
        sqlite3_bind_int64(ins, 1, school_id);
        db_bind_text(ins, 2, text);
        rc = run(ctx, ins, prefix);
        changes += rc ? 0 : sqlite3_changes(db_handle(ctx->db));
    } else {
        rc = -1;
    }
    free(text);
    if (changes)
        ctx->study_days_changed = true;
    return rc;
}

static int write_schools(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "schools",
                            "INSERT INTO schools (key, name, kind, contact)"
                            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET"
                            " name = excluded.name, kind = excluded.kind,"
                            " contact = excluded.contact RETURNING id");
    if (!st)
        return -1;
    size_t i;
    json_t *s;
    json_array_foreach(load_section(ctx->doc, "schools"), i, s)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "schools", i);
        db_bind_text(st, 1, str(s, "key"));
        db_bind_text(st, 2, str(s, "name"));
        db_bind_text(st, 3, str_or(s, "kind", "po"));
        db_bind_text(st, 4, str_or(s, "contact", ""));
        int64_t id = run_id(ctx, st, prefix);
        if (!id || write_study_days(ctx, prefix, id, json_object_get(s, "study_days")))
            return -1;
        keymap_put(&ctx->ids[E_SCHOOL], str(s, "key"), id);
    }
    return 0;
}

static int write_providers(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "providers",
                            "INSERT INTO providers (key, name, external) VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (key) DO UPDATE SET name = excluded.name,"
                            " external = excluded.external RETURNING id");
    if (!st)
        return -1;
    size_t i;
    json_t *p;
    json_array_foreach(load_section(ctx->doc, "providers"), i, p)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "providers", i);
        db_bind_text(st, 1, str(p, "key"));
        db_bind_text(st, 2, str(p, "name"));
        sqlite3_bind_int(st, 3, flag(p, "external", 1));
        int64_t id = run_id(ctx, st, prefix);
        if (!id)
            return -1;
        keymap_put(&ctx->ids[E_PROVIDER], str(p, "key"), id);
    }
    return 0;
}

static int write_staff(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "staff",
                            "INSERT INTO staff (key, provider_id, name, level, vog_date)"
                            " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET"
                            " provider_id = excluded.provider_id, name = excluded.name,"
                            " level = excluded.level, vog_date = excluded.vog_date RETURNING id");
    if (!st)
        return -1;
    size_t i;
    json_t *s;
    json_array_foreach(load_section(ctx->doc, "staff"), i, s)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "staff", i);
        db_bind_text(st, 1, str(s, "key"));
        sqlite3_bind_int64(st, 2, load_id(ctx, E_PROVIDER, str(s, "provider")));
        db_bind_text(st, 3, str(s, "name"));
        db_bind_text(st, 4, str_or(s, "level", "start"));
        db_bind_text(st, 5, str(s, "vog_date"));
        int64_t id = run_id(ctx, st, prefix);
        if (!id)
            return -1;
        keymap_put(&ctx->ids[E_STAFF], str(s, "key"), id);
    }
    return 0;
}

/* ---- activities and sessions ------------------------------------------------------------- */

/* Replace the rows of a link table (activity_domains, activity_staff, round_activities) of
   owner with the keys of the array field. */
static int replace_links(struct load_ctx *ctx, const char *prefix, int64_t owner, json_t *keys,
                         enum entity e, const char *delete_sql, const char *insert_sql)
{
    sqlite3_stmt *del = stmt(ctx, prefix, delete_sql);
    if (!del)
        return -1;
    sqlite3_bind_int64(del, 1, owner);
    if (run(ctx, del, prefix))
        return -1;
    sqlite3_stmt *ins = stmt(ctx, prefix, insert_sql);
    if (!ins)
        return -1;
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k)
    {
        sqlite3_bind_int64(ins, 1, owner);
        sqlite3_bind_int64(ins, 2, load_id(ctx, e, json_string_value(k)));
        if (run(ctx, ins, prefix))
            return -1;
    }
    return 0;
}

/* The slots of activity a (its "slots", or the one of weekday/start/end), sorted by weekday;
   their number. */
static size_t slots_of(json_t *a, struct slot_times out[SCHEDULE_SLOTS_MAX])
{
    json_t *list = json_object_get(a, "slots");
    size_t n = 0;
    if (json_array_size(list)) {
        size_t i;
        json_t *s;
        json_array_foreach(list, i, s)
        {
            if (n == SCHEDULE_SLOTS_MAX)
                break;
            out[n].weekday = (int)num(s, "weekday", 1);
            snprintf(out[n].start, sizeof out[n].start, "%s", str_or(s, "start", ""));
            snprintf(out[n].end, sizeof out[n].end, "%s", str_or(s, "end", ""));
            n++;
        }
    } else {
        out[0].weekday = (int)num(a, "weekday", 1);
        snprintf(out[0].start, sizeof out[0].start, "%s", str_or(a, "start", ""));
        snprintf(out[0].end, sizeof out[0].end, "%s", str_or(a, "end", ""));
        n = 1;
    }
    schedule_sort_slots(out, n);
    return n;
}

static int64_t upsert_activity(struct load_ctx *ctx, const char *prefix, json_t *a)
{
    sqlite3_stmt *st = stmt(
        ctx, prefix,
        "INSERT INTO activities (key, school_id, provider_id, title, goal, location, grade_min,"
        " grade_max, capacity, weekday, start_time, end_time, date_from, date_until,"
        " signup_from, signup_until, open_to) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7,"
        " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) ON CONFLICT (key) DO UPDATE SET"
        " school_id = excluded.school_id, provider_id = excluded.provider_id,"
        " title = excluded.title, goal = excluded.goal, location = excluded.location,"
        " grade_min = excluded.grade_min, grade_max = excluded.grade_max,"
        " capacity = excluded.capacity, weekday = excluded.weekday,"
        " start_time = excluded.start_time, end_time = excluded.end_time,"
        " date_from = excluded.date_from, date_until = excluded.date_until,"
        " signup_from = excluded.signup_from, signup_until = excluded.signup_until,"
        " open_to = excluded.open_to RETURNING id");
    if (!st)
        return 0;
    struct slot_times slots[SCHEDULE_SLOTS_MAX];
    slots_of(a, slots);
    json_t *grades = json_object_get(a, "grades");
    db_bind_text(st, 1, str(a, "key"));
    sqlite3_bind_int64(st, 2, load_id(ctx, E_SCHOOL, str(a, "school")));
    sqlite3_bind_int64(st, 3, load_id(ctx, E_PROVIDER, str(a, "provider")));
    db_bind_text(st, 4, str(a, "title"));
    db_bind_text(st, 5, str_or(a, "goal", ""));
    db_bind_text(st, 6, str_or(a, "location", ""));
    sqlite3_bind_int64(st, 7, json_integer_value(json_array_get(grades, 0)));
    sqlite3_bind_int64(st, 8, json_integer_value(json_array_get(grades, 1)));
    sqlite3_bind_int64(st, 9, num(a, "capacity", 1));
    sqlite3_bind_int64(st, 10, slots[0].weekday);
    db_bind_text(st, 11, slots[0].start);
    db_bind_text(st, 12, slots[0].end);
    db_bind_text(st, 13, str(a, "from"));
    db_bind_text(st, 14, str(a, "until"));
    db_bind_text(st, 15, str(a, "signup_from"));
    db_bind_text(st, 16, str(a, "signup_until"));
    db_bind_text(st, 17, str_or(a, "open_to", "school"));
    return run_id(ctx, st, prefix);
}

static int write_activities(struct load_ctx *ctx)
{
    json_t *holidays = json_object_get(ctx->doc, "holidays");
    bool sync_all = json_array_size(holidays) > 0 || ctx->study_days_changed;
    size_t i;
    json_t *a;
    json_array_foreach(load_section(ctx->doc, "activities"), i, a)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "activities", i);
        int64_t id = upsert_activity(ctx, prefix, a);
        if (!id)
            return -1;
        keymap_put(&ctx->ids[E_ACTIVITY], str(a, "key"), id);
        struct slot_times slots[SCHEDULE_SLOTS_MAX];
        size_t n_slots = slots_of(a, slots);
        if (schedule_write_slots(ctx->db, id, slots, n_slots))
            return load_fail(ctx, prefix, "cannot save its slots");
        if (replace_links(ctx, prefix, id, json_object_get(a, "domains"), E_DOMAIN,
                          "DELETE FROM activity_domains WHERE activity_id = ?1",
                          "INSERT INTO activity_domains (activity_id, domain_id) VALUES (?1, ?2)") ||
            replace_links(ctx, prefix, id, json_object_get(a, "staff"), E_STAFF,
                          "DELETE FROM activity_staff WHERE activity_id = ?1",
                          "INSERT INTO activity_staff (activity_id, staff_id) VALUES (?1, ?2)"))
            return -1;
        if (!sync_all && schedule_sync(ctx->db, id))
            return load_fail(ctx, prefix, "cannot generate its sessions");
    }
    /* New holidays or study days change the schedule of activities not in the document too. */
    if (sync_all && schedule_sync_all(ctx->db, NULL))
        return load_fail(ctx, "holidays", "cannot regenerate the sessions");
    return 0;
}

/* The times of the activity's slot on the weekday of slot_date (its first slot's when that
   weekday has none), each 8 bytes. 0 or -1. */
static int activity_times(struct load_ctx *ctx, int64_t activity_id, const char *slot_date,
                          char *start, char *end)
{
    sqlite3_stmt *st = db_stmt(ctx->db, "SELECT coalesce(t.start_time, a.start_time),"
                                        " coalesce(t.end_time, a.end_time) FROM activities a"
                                        " LEFT JOIN activity_slots t ON t.activity_id = a.id"
                                        "  AND t.weekday = (CAST(strftime('%w', ?2) AS INTEGER)"
                                        "   + 6) % 7 + 1"
                                        " WHERE a.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, slot_date);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(start, 8, "%s", db_col_text(st, 0));
        snprintf(end, 8, "%s", db_col_text(st, 1));
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

/* Sessions that differ from their slot: moved, other times, cancelled. Upserted by (activity,
   slot), so a kept session that is no longer in the schedule comes back too. */
static int write_sessions(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "sessions",
                            "INSERT INTO sessions (activity_id, slot_date, date, start_time,"
                            " end_time, cancelled, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                            " ON CONFLICT (activity_id, slot_date) DO UPDATE SET"
                            " date = excluded.date, start_time = excluded.start_time,"
                            " end_time = excluded.end_time, cancelled = excluded.cancelled,"
                            " reason = excluded.reason");
    if (!st)
        return -1;
    size_t i;
    json_t *s;
    json_array_foreach(load_section(ctx->doc, "sessions"), i, s)
    {
        char prefix[64], start[8], end[8];
        item_prefix(prefix, sizeof prefix, "sessions", i);
        int64_t activity_id = load_id(ctx, E_ACTIVITY, str(s, "activity"));
        if (activity_times(ctx, activity_id, str(s, "slot"), start, end))
            return load_fail(ctx, prefix, "database error");
        const char *start_time = str_or(s, "start", start), *end_time = str_or(s, "end", end);
        if (strcmp(start_time, end_time) >= 0) {
            char path[80];
            snprintf(path, sizeof path, "%s.%s", prefix, str(s, "end") ? "end" : "start");
            return load_fail(ctx, path, "the session must end after it starts (%s-%s)",
                             start_time, end_time);
        }
        sqlite3_bind_int64(st, 1, activity_id);
        db_bind_text(st, 2, str(s, "slot"));
        db_bind_text(st, 3, str_or(s, "date", str(s, "slot")));
        db_bind_text(st, 4, start_time);
        db_bind_text(st, 5, end_time);
        sqlite3_bind_int(st, 6, flag(s, "cancelled", 0));
        db_bind_text(st, 7, str_or(s, "reason", ""));
        if (run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* ---- pupils and users -------------------------------------------------------------------- */

static int write_pupils(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "pupils",
                            "INSERT INTO pupils (key, school_id, number, first_name, last_name,"
                            " grade, class, priority, link_code, safety_notes, left_on, anonymised)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                            " ON CONFLICT (key) DO"
                            " UPDATE SET school_id = excluded.school_id, number = excluded.number,"
                            " first_name = excluded.first_name, last_name = excluded.last_name,"
                            " grade = excluded.grade, class = excluded.class,"
                            " priority = excluded.priority, link_code = excluded.link_code,"
                            " safety_notes = excluded.safety_notes, left_on = excluded.left_on,"
                            " anonymised = excluded.anonymised RETURNING id");
    if (!st)
        return -1;
    size_t i;
    json_t *p;
    json_array_foreach(load_section(ctx->doc, "pupils"), i, p)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "pupils", i);
        db_bind_text(st, 1, str(p, "key"));
        sqlite3_bind_int64(st, 2, load_id(ctx, E_SCHOOL, str(p, "school")));
        db_bind_text(st, 3, str(p, "number"));
        db_bind_text(st, 4, str(p, "first_name"));
        db_bind_text(st, 5, str(p, "last_name"));
        sqlite3_bind_int64(st, 6, num(p, "grade", 1));
        db_bind_text(st, 7, str_or(p, "class", ""));
        sqlite3_bind_int(st, 8, flag(p, "priority", 0));
        db_bind_text(st, 9, str(p, "link_code"));
        db_bind_text(st, 10, str_or(p, "safety_notes", ""));
        db_bind_text(st, 11, str(p, "left_on"));
        sqlite3_bind_int(st, 12, flag(p, "anonymised", 0));
        int64_t id = run_id(ctx, st, prefix);
        if (!id)
            return -1;
        keymap_put(&ctx->ids[E_PUPIL], str(p, "key"), id);
    }
    return 0;
}

static int write_user(struct load_ctx *ctx, const char *prefix, json_t *u, const char *hash)
{
    struct new_user nu = {
        .email = str(u, "email"),
        .name = str_or(u, "name", ""),
        .role = str(u, "role"),
        .password_hash = hash,
        .school_id = load_id(ctx, E_SCHOOL, str(u, "school")),
        .staff_id = load_id(ctx, E_STAFF, str(u, "staff")),
    };
    char why[200] = "";
    int64_t id = account_insert(ctx->db, &nu, why, sizeof why);
    if (id < 0)
        return load_fail(ctx, prefix, "cannot be saved: %s", why);
    sqlite3_stmt *st = stmt(ctx, prefix, "UPDATE users SET active = ?2 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, flag(u, "active", 1));
    if (run(ctx, st, prefix))
        return -1;
    /* Links are added, never removed: a parent may have linked more children in the app. */
    st = stmt(ctx, prefix, "INSERT OR IGNORE INTO parent_children (user_id, pupil_id)"
                           " VALUES (?1, ?2)");
    if (!st)
        return -1;
    size_t i;
    json_t *child;
    json_array_foreach(json_object_get(u, "children"), i, child)
    {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, load_id(ctx, E_PUPIL, json_string_value(child)));
        if (run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

static int write_users(struct load_ctx *ctx)
{
    size_t i;
    json_t *u;
    json_array_foreach(load_section(ctx->doc, "users"), i, u)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "users", i);
        if (write_user(ctx, prefix, u, ctx->hashes[i]))
            return -1;
    }
    return 0;
}

/* ---- enrolments and attendance ----------------------------------------------------------- */

static int add_history(struct load_ctx *ctx, const char *prefix, int64_t enrolment_id,
                       const char *from, const char *to, const char *at)
{
    sqlite3_stmt *st = stmt(ctx, prefix,
                            "INSERT INTO enrolment_history (enrolment_id, from_status, to_status,"
                            " at, note) VALUES (?1, ?2, ?3, ?4, 'Geladen uit bestand')");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, enrolment_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, at);
    return run(ctx, st, prefix);
}

/* State shared by the enrolments of one load: now, and the next generated creation time. */
struct clock {
    char now[24];
    int32_t day;
    int64_t ms;
};

static int insert_enrolment(struct load_ctx *ctx, const char *prefix, json_t *e,
                            int64_t pupil_id, int64_t activity_id, struct clock *clock)
{
    char generated[24];
    const char *created = str(e, "created");
    if (!created) {
        /* The load time, one millisecond apart in document order, so the order is kept. */
        timestamp_format(clock->day, clock->ms++, generated);
        created = generated;
    }
    sqlite3_stmt *st = stmt(ctx, prefix,
                            "INSERT INTO enrolments (pupil_id, activity_id, status, created_at,"
                            " updated_at) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    db_bind_text(st, 3, str(e, "status"));
    db_bind_text(st, 4, created);
    int64_t id = run_id(ctx, st, prefix);
    return id ? add_history(ctx, prefix, id, NULL, str(e, "status"), created) : -1;
}

/* An existing enrolment takes the document's status (recorded in its history) and, when
   given, its creation time. */
static int update_enrolment(struct load_ctx *ctx, const char *prefix, json_t *e, int64_t id,
                            const char *old_status, const char *old_created, struct clock *clock)
{
    const char *status = str(e, "status"), *created = str(e, "created");
    if (!strcmp(status, old_status) && (!created || !strcmp(created, old_created)))
        return 0;
    sqlite3_stmt *st = stmt(ctx, prefix,
                            "UPDATE enrolments SET status = ?2, created_at = coalesce(?3, created_at),"
                            " updated_at = ?4 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, created);
    db_bind_text(st, 4, clock->now);
    if (run(ctx, st, prefix))
        return -1;
    return strcmp(status, old_status) ? add_history(ctx, prefix, id, old_status, status, clock->now)
                                      : 0;
}

static int write_enrolments(struct load_ctx *ctx)
{
    struct clock clock;
    timestamp_now(clock.now);
    if (timestamp_parse(clock.now, &clock.day, &clock.ms))
        return load_fail(ctx, "enrolments", "cannot read the clock");
    size_t i;
    json_t *e;
    json_array_foreach(load_section(ctx->doc, "enrolments"), i, e)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "enrolments", i);
        int64_t pupil_id = load_id(ctx, E_PUPIL, str(e, "pupil"));
        int64_t activity_id = load_id(ctx, E_ACTIVITY, str(e, "activity"));
        sqlite3_stmt *st = stmt(ctx, prefix,
                                "SELECT id, status, created_at FROM enrolments"
                                " WHERE pupil_id = ?1 AND activity_id = ?2");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, pupil_id);
        sqlite3_bind_int64(st, 2, activity_id);
        int64_t id = 0;
        char old_status[16] = "", old_created[32] = "";
        if (sqlite3_step(st) == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(old_status, sizeof old_status, "%s", db_col_text(st, 1));
            snprintf(old_created, sizeof old_created, "%s", db_col_text(st, 2));
        }
        sqlite3_reset(st);
        int rc = id ? update_enrolment(ctx, prefix, e, id, old_status, old_created, &clock)
                    : insert_enrolment(ctx, prefix, e, pupil_id, activity_id, &clock);
        if (rc)
            return -1;
    }
    return 0;
}

/* The session an attendance mark (or an evaluation, an incident) belongs to: by activity and
   date, or by slot when given (a moved session). 0 when there is none. */
int64_t load_find_session(struct load_ctx *ctx, int64_t activity_id, const char *date,
                          const char *slot)
{
    sqlite3_stmt *st =
        slot ? db_stmt(ctx->db, "SELECT id FROM sessions WHERE activity_id = ?1 AND date = ?2"
                                " AND slot_date = ?3")
             : db_stmt(ctx->db, "SELECT id FROM sessions WHERE activity_id = ?1 AND date = ?2"
                                " ORDER BY slot_date <> date, slot_date LIMIT 1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, activity_id);
    db_bind_text(st, 2, date);
    if (slot)
        db_bind_text(st, 3, slot);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

int load_no_session(struct load_ctx *ctx, const char *prefix, const char *activity,
                    const char *date, const char *slot)
{
    char path[80];
    snprintf(path, sizeof path, "%s.date", prefix);
    return slot ? load_fail(ctx, path, "no session of '%s' on %s (slot %s)", activity, date, slot)
                : load_fail(ctx, path, "no session of '%s' on %s", activity, date);
}

static int write_attendance(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "attendance",
                            "INSERT INTO attendance (session_id, pupil_id, status, involvement)"
                            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (session_id, pupil_id) DO UPDATE"
                            " SET status = excluded.status, involvement = excluded.involvement");
    if (!st)
        return -1;
    /* Marks usually come grouped by session: remember the last one found. */
    int64_t last_activity = 0, session_id = 0;
    char last_when[32] = "";
    size_t i;
    json_t *a;
    json_array_foreach(load_section(ctx->doc, "attendance"), i, a)
    {
        char prefix[64], when[32];
        item_prefix(prefix, sizeof prefix, "attendance", i);
        int64_t activity_id = load_id(ctx, E_ACTIVITY, str(a, "activity"));
        const char *date = str(a, "date"), *slot = str(a, "slot");
        snprintf(when, sizeof when, "%s/%s", date, slot ? slot : "");
        if (activity_id != last_activity || strcmp(when, last_when)) {
            session_id = load_find_session(ctx, activity_id, date, slot);
            last_activity = activity_id;
            snprintf(last_when, sizeof last_when, "%s", when);
        }
        if (!session_id)
            return load_no_session(ctx, prefix, str(a, "activity"), date, slot);
        sqlite3_bind_int64(st, 1, session_id);
        sqlite3_bind_int64(st, 2, load_id(ctx, E_PUPIL, str(a, "pupil")));
        db_bind_text(st, 3, str(a, "status"));
        json_t *involvement = json_object_get(a, "involvement");
        if (json_is_integer(involvement))
            sqlite3_bind_int64(st, 4, json_integer_value(involvement));
        else
            sqlite3_bind_null(st, 4);
        if (run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* ---- rounds ------------------------------------------------------------------------------ */

static int write_rounds(struct load_ctx *ctx)
{
    sqlite3_stmt *st = stmt(ctx, "rounds",
                            "INSERT INTO rounds (key, school_id, opens, closes, choices,"
                            " max_per_child, seed, closed_at, name, result) VALUES (?1, ?2, ?3,"
                            " ?4, ?5, ?6, ?7, ?8, coalesce(?9, ''), ?10)"
                            " ON CONFLICT (key) DO UPDATE SET school_id = excluded.school_id,"
                            " opens = excluded.opens, closes = excluded.closes,"
                            " choices = excluded.choices, max_per_child = excluded.max_per_child,"
                            " seed = excluded.seed, closed_at = excluded.closed_at,"
                            " name = excluded.name, result = excluded.result RETURNING id");
    if (!st)
        return -1;
    size_t i;
    json_t *r;
    json_array_foreach(load_section(ctx->doc, "rounds"), i, r)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "rounds", i);
        db_bind_text(st, 1, str(r, "key"));
        sqlite3_bind_int64(st, 2, load_id(ctx, E_SCHOOL, str(r, "school")));
        db_bind_text(st, 3, str(r, "opens"));
        db_bind_text(st, 4, str(r, "closes"));
        sqlite3_bind_int64(st, 5, num(r, "choices", 3));
        sqlite3_bind_int64(st, 6, num(r, "max_per_child", 1));
        json_t *seed = json_object_get(r, "seed");
        if (json_is_integer(seed))
            sqlite3_bind_int64(st, 7, json_integer_value(seed));
        else
            sqlite3_bind_null(st, 7);
        db_bind_text(st, 8, str(r, "closed_at"));
        db_bind_text(st, 9, str(r, "name"));
        char *result = json_text(json_object_get(r, "result"), JSON_COMPACT | JSON_SORT_KEYS);
        db_bind_text(st, 10, result); /* NULL when absent */
        int64_t id = run_id(ctx, st, prefix);
        free(result);
        if (!id)
            return -1;
        keymap_put(&ctx->ids[E_ROUND], str(r, "key"), id);
        if (replace_links(ctx, prefix, id, json_object_get(r, "activities"), E_ACTIVITY,
                          "DELETE FROM round_activities WHERE round_id = ?1",
                          "INSERT INTO round_activities (round_id, activity_id) VALUES (?1, ?2)"))
            return -1;
    }
    return 0;
}

/* A pupil's ranked choices in a round replace the ones stored. */
static int write_preferences(struct load_ctx *ctx)
{
    sqlite3_stmt *del = stmt(ctx, "preferences",
                             "DELETE FROM preferences WHERE round_id = ?1 AND pupil_id = ?2");
    sqlite3_stmt *ins = stmt(ctx, "preferences",
                             "INSERT INTO preferences (round_id, pupil_id, rank, activity_id)"
                             " VALUES (?1, ?2, ?3, ?4)");
    if (!del || !ins)
        return -1;
    size_t i;
    json_t *p;
    json_array_foreach(load_section(ctx->doc, "preferences"), i, p)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "preferences", i);
        int64_t round_id = load_id(ctx, E_ROUND, str(p, "round"));
        int64_t pupil_id = load_id(ctx, E_PUPIL, str(p, "pupil"));
        sqlite3_bind_int64(del, 1, round_id);
        sqlite3_bind_int64(del, 2, pupil_id);
        if (run(ctx, del, prefix))
            return -1;
        size_t rank;
        json_t *k;
        json_array_foreach(json_object_get(p, "ranks"), rank, k)
        {
            sqlite3_bind_int64(ins, 1, round_id);
            sqlite3_bind_int64(ins, 2, pupil_id);
            sqlite3_bind_int64(ins, 3, (int64_t)rank + 1);
            sqlite3_bind_int64(ins, 4, load_id(ctx, E_ACTIVITY, json_string_value(k)));
            if (run(ctx, ins, prefix))
                return -1;
        }
    }
    return 0;
}

/* ---- the whole document ------------------------------------------------------------------ */

/* One audit entry for the whole load, with the number of items per section. */
static int audit_load(struct load_ctx *ctx)
{
    char detail[400] = "";
    size_t used = 0;
    for (size_t i = 1; load_sections[i]; i++) {
        size_t n = json_array_size(load_section(ctx->doc, load_sections[i]));
        if (!n)
            continue;
        int w = snprintf(detail + used, sizeof detail - used, "%s%s=%zu", used ? " " : "",
                         load_sections[i], n);
        if (w < 0 || (size_t)w >= sizeof detail - used)
            break;
        used += (size_t)w;
    }
    if (audit(ctx->db, 0, "load", "document", 0, detail))
        return load_fail(ctx, "database", "cannot write the audit log");
    return 0;
}

int load_write(struct load_ctx *ctx)
{
    int (*const steps[])(struct load_ctx *) = {
        write_coalition,  write_domains,    write_holidays,   write_schools,
        write_providers,  write_staff,      load_write_staff_competence,
        write_activities, write_sessions,
        write_pupils,     write_users,      write_enrolments, write_attendance,
        write_rounds,     write_preferences,
        /* load_write_quality.c */
        load_write_norms, load_write_evaluations, load_write_incidents, load_write_reviews,
        /* load_rollover.c */
        load_write_pupil_grades, load_write_rollovers,
        /* load_plans.c */
        load_write_plan_questions, load_write_plans, load_write_visits,
        /* load_costs.c */
        load_write_activity_costs, load_write_budgets,
        /* load_voice.c */
        load_write_interests, load_write_feedback,
        audit_load,
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i](ctx))
            return -1;
    return 0;
}
