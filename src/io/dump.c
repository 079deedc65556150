/* dump_document: all data in the load format (PRODUCT.md 6), so that dump → load → dump gives
   the same bytes. Sections come in the order of the PRODUCT example (with "sessions" after
   "activities"), each always present as an array; items are sorted by key, or by their
   natural order (domains by position, holidays by from, enrolments by creation, attendance by
   activity, date and pupil). Optional fields are omitted when they hold what load assumes
   when they are absent: empty text, NULL, empty arrays, false (true for "external" and
   "active"). Enumerations and numbers are always written. The sections that came later
   (norms, evaluations, incidents, reviews) follow "preferences" (dump_quality.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "io/loadjson.h"
#include "io/loadjson_internal.h"
#include "domain/offer/schedule.h"
#include "util/date.h"

/* ---- building objects -------------------------------------------------------------------- */

static void put(struct dump *d, json_t *obj, const char *name, json_t *value)
{
    if (!value || json_object_set_new(obj, name, value)) {
        fprintf(stderr, "dump: cannot represent field '%s' (invalid UTF-8?)\n", name);
        d->failed = true;
    }
}

/* The column as a string field (always). */
static void put_text(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col)
{
    put(d, obj, name, json_string(db_col_text(st, col)));
}

/* The column as a string field, unless it is NULL or empty. */
static void put_opt(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col)
{
    const char *s = db_col_text(st, col);
    if (*s)
        put(d, obj, name, json_string(s));
}

static void put_int(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col)
{
    put(d, obj, name, json_integer(sqlite3_column_int64(st, col)));
}

/* A boolean column, written only when it differs from the default load assumes. */
static void put_flag(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col,
                     bool fallback)
{
    bool value = sqlite3_column_int(st, col) != 0;
    if (value != fallback)
        put(d, obj, name, json_boolean(value));
}

/* The first column of every row of sql (bound to id) as an array of strings. New reference;
   NULL on error. */
static json_t *key_list(struct dump *d, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d->db, sql);
    if (!st) {
        d->failed = true;
        return NULL;
    }
    sqlite3_bind_int64(st, 1, id);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, json_string(db_col_text(st, 0)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    return list;
}

/* The array of keys from key_list, as a field unless empty. */
static void put_keys(struct dump *d, json_t *obj, const char *name, const char *sql, int64_t id)
{
    json_t *list = key_list(d, sql, id);
    if (list && json_array_size(list))
        put(d, obj, name, list);
    else
        json_decref(list);
}

typedef void (*row_fn)(struct dump *d, sqlite3_stmt *st, json_t *item);

/* Run sql and build one object per row with fn; the array is added to doc as section. */
static void section(struct dump *d, json_t *doc, const char *name, const char *sql, row_fn fn)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(d->db, sql);
    int rc = SQLITE_ERROR;
    if (st) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            json_t *item = json_object();
            fn(d, st, item);
            json_array_append_new(items, item);
        }
        sqlite3_reset(st);
    }
    if (rc != SQLITE_DONE)
        d->failed = true;
    json_object_set_new(doc, name, items);
}

/* The helpers above for dump_quality.c (loadjson_internal.h). */
void dump_put(struct dump *d, json_t *obj, const char *name, json_t *value)
{
    put(d, obj, name, value);
}

void dump_put_text(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col)
{
    put_text(d, obj, name, st, col);
}

void dump_put_opt(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col)
{
    put_opt(d, obj, name, st, col);
}

void dump_put_keys(struct dump *d, json_t *obj, const char *name, const char *sql, int64_t id)
{
    put_keys(d, obj, name, sql, id);
}

/* ---- rows -------------------------------------------------------------------------------- */

static void domain_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "code", st, 0);
    put_text(d, o, "name", st, 1);
}

static void holiday_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "name", st, 0);
    put_text(d, o, "from", st, 1);
    put_text(d, o, "to", st, 2);
}

static void school_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "key", st, 0);
    put_text(d, o, "name", st, 1);
    put_text(d, o, "kind", st, 2);
    put_opt(d, o, "contact", st, 3);
    put_keys(d, o, "study_days", "SELECT date FROM study_days WHERE school_id = ?1 ORDER BY date",
             sqlite3_column_int64(st, 4));
}

static void provider_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "key", st, 0);
    put_text(d, o, "name", st, 1);
    put_flag(d, o, "external", st, 2, true);
}

/* The rows of sql (bound to id) as objects of two strings, the columns named first and
   second (load_staff.c). New reference; NULL on error. */
static json_t *pairs_list(struct dump *d, const char *sql, int64_t id, const char *first,
                          const char *second)
{
    sqlite3_stmt *st = db_stmt(d->db, sql);
    if (!st) {
        d->failed = true;
        return NULL;
    }
    sqlite3_bind_int64(st, 1, id);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s}", first, db_col_text(st, 0), second,
                                              db_col_text(st, 1)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    return list;
}

static void staff_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "key", st, 0);
    put_text(d, o, "provider", st, 1);
    put_text(d, o, "name", st, 2);
    put_text(d, o, "level", st, 3);
    put_opt(d, o, "vog_date", st, 4);
    int64_t id = sqlite3_column_int64(st, 5);
    json_t *levels = pairs_list(d, "SELECT assessed_on, level FROM staff_levels"
                                   " WHERE staff_id = ?1 ORDER BY assessed_on",
                                id, "date", "level");
    put(d, o, "levels", levels);
    json_t *trainings = pairs_list(d, "SELECT name, followed_on FROM staff_trainings"
                                      " WHERE staff_id = ?1 ORDER BY followed_on, name, id",
                                   id, "name", "date");
    if (trainings && json_array_size(trainings))
        put(d, o, "trainings", trainings);
    else
        json_decref(trainings);
}

/* One slot as weekday/start/end (from the activity's columns 10–12, which hold its first
   slot), several as "slots" by weekday: so that load reads back what it wrote. */
static void put_slots(struct dump *d, json_t *o, int64_t id, sqlite3_stmt *row)
{
    struct slot_times slots[SCHEDULE_SLOTS_MAX];
    int n = schedule_read_slots(d->db, id, slots);
    if (n < 0)
        d->failed = true;
    if (n <= 1) {
        put_int(d, o, "weekday", row, 10);
        put_text(d, o, "start", row, 11);
        put_text(d, o, "end", row, 12);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:i, s:s, s:s}", "weekday", slots[i].weekday,
                                              "start", slots[i].start, "end", slots[i].end));
    put(d, o, "slots", list);
}

static void activity_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    int64_t id = sqlite3_column_int64(st, 0);
    put_text(d, o, "key", st, 1);
    put_text(d, o, "school", st, 2);
    put_opt(d, o, "provider", st, 3);
    put_keys(d, o, "staff",
             "SELECT s.key FROM activity_staff x JOIN staff s ON s.id = x.staff_id"
             " WHERE x.activity_id = ?1 ORDER BY s.key",
             id);
    put_text(d, o, "title", st, 4);
    put_keys(d, o, "domains",
             "SELECT m.code FROM activity_domains x JOIN domains m ON m.id = x.domain_id"
             " WHERE x.activity_id = ?1 ORDER BY m.position, m.code",
             id);
    put_opt(d, o, "goal", st, 5);
    put_opt(d, o, "location", st, 6);
    put(d, o, "grades",
        json_pack("[II]", (json_int_t)sqlite3_column_int64(st, 7),
                  (json_int_t)sqlite3_column_int64(st, 8)));
    put_int(d, o, "capacity", st, 9);
    put_slots(d, o, id, st);
    put_text(d, o, "from", st, 13);
    put_text(d, o, "until", st, 14);
    put_opt(d, o, "signup_from", st, 15);
    put_opt(d, o, "signup_until", st, 16);
    put_text(d, o, "open_to", st, 17);
    dump_activity_costs(d, o, id);
}

/* Whether the slot date is one the activity's schedule gives: has_slot (a slot on its
   weekday), not a study day of its school, inside its dates and outside the holidays. */
static bool scheduled(struct dump *d, const char *slot, bool has_slot, bool study_day,
                      const char *from, const char *until)
{
    int32_t day, first, last;
    if (!has_slot || study_day || date_parse(slot, &day) || date_parse(from, &first) ||
        date_parse(until, &last))
        return false;
    int32_t found;
    int weekday = date_weekday(day);
    return schedule_slot_dates(&weekday, 1, day, day, d->holidays, d->n_holidays, &found, 1) == 1 &&
           day >= first && day <= last;
}

/* The sessions that differ from what the schedule alone would give. */
static void dump_sessions(struct dump *d, json_t *doc)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(
        d->db, "SELECT a.key, s.slot_date, s.date, s.start_time, s.end_time, s.cancelled,"
               " s.reason, s.start_time = coalesce(t.start_time, a.start_time)"
               "  AND s.end_time = coalesce(t.end_time, a.end_time),"
               " t.weekday IS NOT NULL OR (NOT EXISTS (SELECT 1 FROM activity_slots u"
               "  WHERE u.activity_id = a.id) AND a.weekday = (CAST(strftime('%w', s.slot_date)"
               "  AS INTEGER) + 6) % 7 + 1), a.date_from, a.date_until,"
               " EXISTS (SELECT 1 FROM study_days y WHERE y.school_id = a.school_id"
               "  AND y.date = s.slot_date)"
               " FROM sessions s JOIN activities a ON a.id = s.activity_id"
               " LEFT JOIN activity_slots t ON t.activity_id = a.id"
               "  AND t.weekday = (CAST(strftime('%w', s.slot_date) AS INTEGER) + 6) % 7 + 1"
               " ORDER BY a.key, s.slot_date");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *slot = db_col_text(st, 1);
        bool moved = strcmp(slot, db_col_text(st, 2)) != 0;
        bool same_times = sqlite3_column_int(st, 7) != 0;
        bool cancelled = sqlite3_column_int(st, 5) != 0;
        bool has_reason = *db_col_text(st, 6) != '\0';
        if (!moved && same_times && !cancelled && !has_reason &&
            scheduled(d, slot, sqlite3_column_int(st, 8) != 0, sqlite3_column_int(st, 11) != 0,
                      db_col_text(st, 9), db_col_text(st, 10)))
            continue;
        json_t *o = json_object();
        put_text(d, o, "activity", st, 0);
        put_text(d, o, "slot", st, 1);
        if (moved)
            put_text(d, o, "date", st, 2);
        if (!same_times) {
            put_text(d, o, "start", st, 3);
            put_text(d, o, "end", st, 4);
        }
        put_flag(d, o, "cancelled", st, 5, false);
        put_opt(d, o, "reason", st, 6);
        json_array_append_new(items, o);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    json_object_set_new(doc, "sessions", items);
}

static void pupil_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "key", st, 0);
    put_text(d, o, "school", st, 1);
    put_text(d, o, "number", st, 2);
    put_text(d, o, "first_name", st, 3);
    put_text(d, o, "last_name", st, 4);
    put_int(d, o, "grade", st, 5);
    put_opt(d, o, "class", st, 6);
    put_flag(d, o, "priority", st, 7, false);
    put_opt(d, o, "link_code", st, 8);
    put_opt(d, o, "safety_notes", st, 9);
    put_opt(d, o, "left_on", st, 10);
    put_flag(d, o, "anonymised", st, 11, false);
}

static void user_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "email", st, 1);
    put_opt(d, o, "name", st, 2);
    put_text(d, o, "role", st, 3);
    put_text(d, o, "password_hash", st, 4);
    put_opt(d, o, "school", st, 5);
    put_opt(d, o, "staff", st, 6);
    put_keys(d, o, "children",
             "SELECT p.key FROM parent_children c JOIN pupils p ON p.id = c.pupil_id"
             " WHERE c.user_id = ?1 ORDER BY p.key",
             sqlite3_column_int64(st, 0));
    put_flag(d, o, "active", st, 7, true);
}

static void enrolment_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "pupil", st, 0);
    put_text(d, o, "activity", st, 1);
    put_text(d, o, "status", st, 2);
    put_text(d, o, "created", st, 3);
}

static void attendance_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "activity", st, 0);
    put_text(d, o, "date", st, 1);
    if (strcmp(db_col_text(st, 1), db_col_text(st, 2)))
        put_text(d, o, "slot", st, 2);
    put_text(d, o, "pupil", st, 3);
    put_text(d, o, "status", st, 4);
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
        put_int(d, o, "involvement", st, 5);
}

static void round_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    put_text(d, o, "key", st, 1);
    if (*db_col_text(st, 9))
        put_text(d, o, "name", st, 9);
    put_text(d, o, "school", st, 2);
    json_t *activities = key_list(d,
                                  "SELECT a.key FROM round_activities x JOIN activities a"
                                  " ON a.id = x.activity_id WHERE x.round_id = ?1 ORDER BY a.key",
                                  sqlite3_column_int64(st, 0));
    put(d, o, "activities", activities ? activities : json_array());
    put_text(d, o, "opens", st, 3);
    put_text(d, o, "closes", st, 4);
    put_int(d, o, "choices", st, 5);
    put_int(d, o, "max_per_child", st, 6);
    if (sqlite3_column_type(st, 7) != SQLITE_NULL)
        put_int(d, o, "seed", st, 7);
    put_opt(d, o, "closed_at", st, 8);
    if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
        json_t *result = json_loads(db_col_text(st, 10), 0, NULL);
        if (result)
            put(d, o, "result", result);
    }
}

/* Preferences: one item per (round, pupil) with the activities in rank order. */
static void dump_preferences(struct dump *d, json_t *doc)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(d->db, "SELECT r.key, p.key, a.key FROM preferences x"
                                      " JOIN rounds r ON r.id = x.round_id"
                                      " JOIN pupils p ON p.id = x.pupil_id"
                                      " JOIN activities a ON a.id = x.activity_id"
                                      " ORDER BY r.key, p.key, x.rank");
    int rc = SQLITE_ERROR;
    json_t *current = NULL;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *round = db_col_text(st, 0), *pupil = db_col_text(st, 1);
        if (!current || strcmp(round, json_string_value(json_object_get(current, "round"))) ||
            strcmp(pupil, json_string_value(json_object_get(current, "pupil")))) {
            current = json_object();
            put_text(d, current, "round", st, 0);
            put_text(d, current, "pupil", st, 1);
            put(d, current, "ranks", json_array());
            json_array_append_new(items, current);
        }
        json_array_append_new(json_object_get(current, "ranks"), json_string(db_col_text(st, 2)));
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    json_object_set_new(doc, "preferences", items);
}

/* ---- the document ------------------------------------------------------------------------ */

static void dump_coalition(struct dump *d, json_t *doc)
{
    sqlite3_stmt *st = db_stmt(d->db, "SELECT name, city FROM coalition WHERE id = 1");
    if (!st) {
        d->failed = true;
        return;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        json_t *o = json_object();
        put_text(d, o, "name", st, 0);
        put_opt(d, o, "city", st, 1);
        json_object_set_new(doc, "coalition", o);
    } else if (rc != SQLITE_DONE) {
        d->failed = true;
    }
    sqlite3_reset(st);
}

json_t *dump_document(struct db *db)
{
    struct dump d = {.db = db};
    /* One read transaction, so the sections agree with each other. */
    if (db_exec(db, "BEGIN"))
        return NULL;
    if (schedule_load_holidays(db, &d.holidays, &d.n_holidays)) {
        db_exec(db, "COMMIT");
        return NULL;
    }
    json_t *doc = json_object();
    dump_coalition(&d, doc);
    section(&d, doc, "domains", "SELECT code, name FROM domains ORDER BY position, code",
            domain_row);
    section(&d, doc, "holidays",
            "SELECT name, date_from, date_to FROM holidays ORDER BY date_from, name", holiday_row);
    section(&d, doc, "schools", "SELECT key, name, kind, contact, id FROM schools ORDER BY key",
            school_row);
    section(&d, doc, "providers", "SELECT key, name, external FROM providers ORDER BY key",
            provider_row);
    section(&d, doc, "staff",
            "SELECT s.key, p.key, s.name, s.level, s.vog_date, s.id FROM staff s"
            " JOIN providers p ON p.id = s.provider_id ORDER BY s.key",
            staff_row);
    section(&d, doc, "activities",
            "SELECT a.id, a.key, s.key, p.key, a.title, a.goal, a.location, a.grade_min,"
            " a.grade_max, a.capacity, a.weekday, a.start_time, a.end_time, a.date_from,"
            " a.date_until, a.signup_from, a.signup_until, a.open_to FROM activities a"
            " JOIN schools s ON s.id = a.school_id LEFT JOIN providers p ON p.id = a.provider_id"
            " ORDER BY a.key",
            activity_row);
    dump_sessions(&d, doc);
    section(&d, doc, "pupils",
            "SELECT p.key, s.key, p.number, p.first_name, p.last_name, p.grade, p.class,"
            " p.priority, p.link_code, p.safety_notes, p.left_on, p.anonymised FROM pupils p"
            " JOIN schools s ON s.id = p.school_id ORDER BY p.key",
            pupil_row);
    section(&d, doc, "users",
            "SELECT u.id, u.email, u.name, u.role, u.password_hash, s.key, t.key, u.active"
            " FROM users u LEFT JOIN schools s ON s.id = u.school_id"
            " LEFT JOIN staff t ON t.id = u.staff_id ORDER BY u.email",
            user_row);
    section(&d, doc, "enrolments",
            "SELECT p.key, a.key, e.status, e.created_at FROM enrolments e"
            " JOIN pupils p ON p.id = e.pupil_id JOIN activities a ON a.id = e.activity_id"
            " ORDER BY e.created_at, e.id",
            enrolment_row);
    section(&d, doc, "attendance",
            "SELECT a.key, s.date, s.slot_date, p.key, x.status, x.involvement FROM attendance x"
            " JOIN sessions s ON s.id = x.session_id JOIN activities a ON a.id = s.activity_id"
            " JOIN pupils p ON p.id = x.pupil_id ORDER BY a.key, s.date, p.key, s.slot_date",
            attendance_row);
    section(&d, doc, "rounds",
            "SELECT r.id, r.key, s.key, r.opens, r.closes, r.choices, r.max_per_child, r.seed,"
            " r.closed_at, r.name, r.result FROM rounds r JOIN schools s ON s.id = r.school_id"
            " ORDER BY r.key",
            round_row);
    dump_preferences(&d, doc);
    dump_quality(&d, doc);
    dump_rollovers(&d, doc);
    dump_plans(&d, doc);
    dump_budgets(&d, doc);
    dump_voice(&d, doc);
    db_exec(db, "COMMIT");
    free(d.holidays);
    if (d.failed) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}
