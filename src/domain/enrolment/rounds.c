/* Enrolment rounds: the rules of a round (checking and saving it), reading it back, and the
   Dutch texts of the results. A pupil's ranking, the demand and the open rounds of a child are
   rounds_preferences.c; the allocation is rounds_allocate.c. */
#include "domain/enrolment/rounds.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/problems.h"
#include "domain/offer/providers.h"
#include "domain/enrolment/rounds_internal.h"
#include "domain/enrolment/rounds_read.h"
#include "util/date.h"
#include "util/utf8.h"

/* ---- small helpers --------------------------------------------------------------------------- */

/* now, or the clock when NULL, into out. */
void round_now_or_clock(const char *now, char out[17])
{
    if (now)
        snprintf(out, 17, "%s", now);
    else
        datetime_now(out);
}

const char *round_state(const char *opens, const char *closes, bool allocated, const char *now)
{
    if (allocated)
        return "allocated";
    if (strcmp(now, opens) < 0)
        return "planned";
    return strcmp(now, closes) <= 0 ? "open" : "awaiting";
}

/* ---- checking a round ------------------------------------------------------------------------ */

static void check_fields(struct problems *p, const struct round_input *in)
{
    if (in->name && !*in->name)
        problems_add(p, "name", "problem.name_missing");
    else if (in->name && (!utf8_valid(in->name, strlen(in->name)) ||
                          utf8_length(in->name) > ROUND_NAME_MAX))
        problems_add_int(p, "name", "problem.too_long", "max", ROUND_NAME_MAX);
    int32_t day;
    int minutes;
    bool opens_ok = in->opens && !datetime_parse(in->opens, &day, &minutes);
    bool closes_ok = in->closes && !datetime_parse(in->closes, &day, &minutes);
    if (in->opens && !opens_ok)
        problems_add(p, "opens", "problem.round_opens_invalid");
    if (in->closes && !closes_ok)
        problems_add(p, "closes", "problem.round_closes_invalid");
    if (opens_ok && closes_ok && strcmp(in->opens, in->closes) >= 0)
        problems_add(p, "closes", "problem.round_order");
    if (in->choices && (in->choices < 1 || in->choices > ROUND_MAX_CHOICES))
        problems_add_int(p, "choices", "problem.number_range", "max", ROUND_MAX_CHOICES);
    if (in->max_per_child && (in->max_per_child < 1 || in->max_per_child > ROUND_MAX_CHOICES))
        problems_add_int(p, "max_per_child", "problem.number_range", "max", ROUND_MAX_CHOICES);
    else if (in->max_per_child && in->choices && in->max_per_child > in->choices)
        problems_add_int(p, "max_per_child", "problem.round_max_per_child", "max", in->choices);
}

/* One activity of the round: it exists, is of the round's school, does not end before the round
   closes, and is in no other round that is still to be allocated. */
static int check_activity(struct db *db, struct problems *p, int64_t round_id,
                          const struct round_input *in, int64_t activity_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT school_id, date_until, title FROM activities"
                                   " WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return -1;
        problems_add(p, "activities", "problem.activities_unknown");
        return 0;
    }
    int64_t school = sqlite3_column_int64(st, 0);
    char until[11], title[120];
    snprintf(until, sizeof until, "%s", db_col_text(st, 1));
    snprintf(title, sizeof title, "%s", db_col_text(st, 2));
    sqlite3_reset(st);
    if (in->school_id > 0 && school != in->school_id) {
        problems_add_vars(p, "activities", "problem.round_activity_school",
                          json_pack("{ss}", "title", title));
        return 0;
    }
    if (in->closes && strlen(in->closes) >= 10 && strncmp(until, in->closes, 10) < 0) {
        problems_add_vars(p, "activities", "problem.round_activity_over",
                          json_pack("{ss}", "title", title));
        return 0;
    }
    st = db_stmt(db, "SELECT CASE r.name WHEN '' THEN r.key ELSE r.name END"
                     " FROM round_activities ra JOIN rounds r ON r.id = ra.round_id"
                     " WHERE ra.activity_id = ?1 AND r.closed_at IS NULL AND r.id <> ?2"
                     " LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, round_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        problems_add_vars(p, "activities", "problem.round_activity_taken",
                          json_pack("{ssss}", "title", title, "round", db_col_text(st, 0)));
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int check_activities(struct db *db, struct problems *p, int64_t round_id,
                            const struct round_input *in)
{
    if (!in->activity_ids)
        return 0;
    if (in->n_activities == 0) {
        problems_add(p, "activities", "problem.activities_missing");
        return 0;
    }
    if (in->n_activities > ROUND_MAX_ACTIVITIES) {
        problems_add_int(p, "activities", "problem.activities_too_many", "max",
                         ROUND_MAX_ACTIVITIES);
        return 0;
    }
    for (size_t i = 0; i < in->n_activities; i++) {
        for (size_t j = 0; j < i; j++)
            if (in->activity_ids[j] == in->activity_ids[i]) {
                problems_add(p, "activities", "problem.activities_twice");
                return 0;
            }
        if (check_activity(db, p, round_id, in, in->activity_ids[i]))
            return -1;
    }
    return 0;
}

int round_check(struct db *db, int64_t round_id, const struct round_input *in,
                struct problems *p)
{
    problems_clear(p);
    if (in->school_id == 0) {
        problems_add(p, "school", "problem.school_missing");
    } else if (in->school_id > 0) {
        int64_t found = db_int(db, "SELECT count(*) FROM schools WHERE id = ?1",
                               in->school_id, 0, 0);
        if (found < 0)
            return -1;
        if (!found)
            problems_add(p, "school", "problem.school_unknown");
    }
    if (round_id > 0 && in->school_id > 0) {
        int64_t moved = db_int(db, "SELECT count(*) FROM rounds r WHERE r.id = ?1"
                                   " AND r.school_id <> ?2 AND EXISTS (SELECT 1 FROM"
                                   " preferences x WHERE x.round_id = r.id)",
                               round_id, in->school_id, 0);
        if (moved < 0)
            return -1;
        if (moved)
            problems_add(p, "school", "problem.school_fixed_by_choices");
    }
    check_fields(p, in);
    if (check_activities(db, p, round_id, in))
        return -1;
    if (!in->name || !in->opens || !in->closes || !in->choices || !in->max_per_child ||
        !in->activity_ids)
        problems_add(p, "form", "problem.form_incomplete");
    return (int)p->n;
}

/* ---- saving a round -------------------------------------------------------------------------- */

static int write_round(struct db *db, int64_t user_id, int64_t *id, const struct round_input *in)
{
    char key[ROUND_KEY_MAX + 1] = "";
    bool create = *id == 0;
    if (create && key_with_school(db, in->name, "ronde", KEY_MAX + 1, in->school_id, 41,
                                  "SELECT 1 FROM rounds WHERE key = ?1", key, sizeof key))
        return -1;
    sqlite3_stmt *st = db_stmt(
        db, create ? "INSERT INTO rounds (key, school_id, name, opens, closes, choices,"
                     " max_per_child) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                   : "UPDATE rounds SET school_id = ?2, name = ?3, opens = ?4, closes = ?5,"
                     " choices = ?6, max_per_child = ?7 WHERE id = ?8");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, in->school_id);
    db_bind_text(st, 3, in->name);
    db_bind_text(st, 4, in->opens);
    db_bind_text(st, 5, in->closes);
    sqlite3_bind_int(st, 6, in->choices);
    sqlite3_bind_int(st, 7, in->max_per_child);
    sqlite3_bind_int64(st, 8, *id);
    if (db_step_done(st))
        return -1;
    if (create)
        *id = sqlite3_last_insert_rowid(db_handle(db));
    st = db_stmt(db, "DELETE FROM round_activities WHERE round_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, *id);
    if (db_step_done(st))
        return -1;
    for (size_t i = 0; i < in->n_activities; i++) {
        st = db_stmt(db, "INSERT INTO round_activities (round_id, activity_id) VALUES (?1, ?2)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int64(st, 2, in->activity_ids[i]);
        if (db_step_done(st))
            return -1;
    }
    /* Rankings of activities taken out of the round go; the rest keep their order. */
    st = db_stmt(db, "DELETE FROM preferences WHERE round_id = ?1 AND activity_id NOT IN"
                     " (SELECT activity_id FROM round_activities WHERE round_id = ?1)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, *id);
    if (db_step_done(st))
        return -1;
    return audit(db, user_id, create ? "create" : "update", "rounds", *id,
                 create ? key : in->name);
}

enum round_result round_save(struct db *db, int64_t user_id, int64_t *id,
                             const struct round_input *in, struct problems *out)
{
    problems_clear(out);
    if (db_begin(db))
        return ROUND_FAILED;
    enum round_result rc = ROUND_OK;
    if (*id) {
        int64_t state = db_int(db, "SELECT closed_at IS NOT NULL FROM rounds WHERE id = ?1",
                               *id, 0, -2);
        rc = state == -1 ? ROUND_FAILED : state == -2 ? ROUND_NOT_FOUND
                                        : state ? ROUND_ALLOCATED : ROUND_OK;
    }
    if (rc == ROUND_OK) {
        int n = round_check(db, *id, in, out);
        if (n < 0)
            rc = ROUND_FAILED;
        else if (n > 0)
            rc = ROUND_INVALID;
    }
    if (rc == ROUND_OK && write_round(db, user_id, id, in))
        rc = ROUND_FAILED;
    if (rc != ROUND_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db) ? ROUND_FAILED : ROUND_OK;
}

/* ---- reading a round ------------------------------------------------------------------------- */

int64_t round_find(struct db *db, const char *key)
{
    return db_int_text(db, "SELECT id FROM rounds WHERE key = ?1", key, 0, 0, 0);
}

json_t *round_get(struct db *db, int64_t round_id, const char *now)
{
    json_t *round;
    read_round(db, round_id, now, &round);
    return round;
}

json_t *round_result(struct db *db, int64_t round_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT result FROM rounds WHERE id = ?1"
                                   " AND result IS NOT NULL");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, round_id);
    json_t *result = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        result = json_loads(db_col_text(st, 0), 0, NULL);
    sqlite3_reset(st);
    return result;
}

/* ---- messages -------------------------------------------------------------------------------- */

const char *round_result_school_key(enum round_result result)
{
    switch (result) {
    case ROUND_OK: return "problem.round_ok";
    case ROUND_FAILED: return "problem.round_failed";
    case ROUND_INVALID: return "problem.round_invalid";
    case ROUND_NOT_FOUND: return "problem.round_not_found";
    case ROUND_ALLOCATED: return "problem.round_allocated";
    case ROUND_NOT_OPEN: return "problem.round_not_open";
    case ROUND_CLOSED: return "problem.round_closed";
    case ROUND_NOT_IN_ROUND: return "problem.round_not_in_round";
    case ROUND_NOT_ELIGIBLE: return "problem.round_not_eligible";
    case ROUND_DUPLICATE: return "problem.round_duplicate";
    case ROUND_TOO_MANY: return "problem.round_too_many";
    case ROUND_ALREADY_ENROLLED: return "problem.round_already_enrolled";
    case ROUND_BAD_SEED: return "problem.round_bad_seed";
    }
    return "problem.round_failed";
}

const char *round_result_key(enum round_result result)
{
    switch (result) {
    case ROUND_NOT_FOUND: return "round.refusal_not_found";
    case ROUND_ALLOCATED:
    case ROUND_CLOSED: return "round.refusal_closed";
    case ROUND_NOT_OPEN: return "round.refusal_not_open";
    case ROUND_NOT_IN_ROUND: return "round.refusal_not_in_round";
    case ROUND_NOT_ELIGIBLE: return "round.refusal_not_eligible";
    case ROUND_DUPLICATE: return "round.refusal_duplicate";
    case ROUND_TOO_MANY: return "round.refusal_too_many";
    case ROUND_ALREADY_ENROLLED: return "round.refusal_already_enrolled";
    default: return "round.refusal_failed";
    }
}
