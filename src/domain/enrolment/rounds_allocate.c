/* Allocating an enrolment round (rounds.h: round_allocate): read the round into the input of
   allocate() (allocate.h holds the rule), write its seats and waiting lists through enrol_put,
   and store the seed and the outcome. Everything in one write transaction, so that a failure
   leaves the round as it was and two allocations can never both run. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/allocate.h"
#include "domain/people/audit.h"
#include "domain/enrolment/enrol.h"
#include "domain/enrolment/eligibility.h"
#include "domain/enrolment/rounds.h"
#include "util/date.h"
#include "util/log.h"
#include "util/json_arena.h"

/* The round as the allocation reads it. Arrays are malloc'ed (round_free). */
struct round_data {
    int64_t id;
    char key[ROUND_KEY_MAX + 1];
    char name[4 * ROUND_NAME_MAX + 1];
    int choices, max_per_child;
    bool allocated;

    size_t n_activities;
    int64_t *activity_ids; /* ascending */
    char (*activity_keys)[ROUND_KEY_MAX + 1];
    int *free_seats;

    size_t n_children;
    int64_t *pupil_ids; /* ascending */
    char (*pupil_keys)[ROUND_KEY_MAX + 1];
    struct alloc_child *children;
    int (*positions)[ALLOC_MAX_CHOICES]; /* a child's rank i was its positions[i]-th choice */
};

static void round_free(struct round_data *d)
{
    free(d->activity_ids);
    free(d->activity_keys);
    free(d->free_seats);
    free(d->pupil_ids);
    free(d->pupil_keys);
    free(d->children);
    free(d->positions);
}

/* Index of id in the ascending array ids[0..n), or -1. */
static long find_id(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return (long)mid;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* 1 found, 0 no such round, -1 error. */
static int read_round(struct db *db, struct round_data *d)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT key, name, choices, max_per_child,"
                                   " closed_at IS NOT NULL FROM rounds WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(d->key, sizeof d->key, "%s", db_col_text(st, 0));
        snprintf(d->name, sizeof d->name, "%s", db_col_text(st, 1));
        if (!d->name[0])
            snprintf(d->name, sizeof d->name, "%s", d->key);
        d->choices = sqlite3_column_int(st, 2);
        d->max_per_child = sqlite3_column_int(st, 3);
        d->allocated = sqlite3_column_int(st, 4) != 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The round's activities, ascending by id, with their free seats. */
static int read_activities(struct db *db, struct round_data *d)
{
    int64_t n = db_int(db, "SELECT count(*) FROM round_activities WHERE round_id = ?1", d->id,
                       0, -1);
    if (n < 0 || n > ALLOC_MAX_ACTIVITIES)
        return -1;
    d->activity_ids = calloc((size_t)n + 1, sizeof *d->activity_ids);
    d->activity_keys = calloc((size_t)n + 1, sizeof *d->activity_keys);
    d->free_seats = calloc((size_t)n + 1, sizeof *d->free_seats);
    if (!d->activity_ids || !d->activity_keys || !d->free_seats)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.key, a.capacity - (SELECT count(*)"
                                   " FROM enrolments e WHERE e.activity_id = a.id"
                                   " AND e.status = 'enrolled')"
                                   " FROM round_activities ra JOIN activities a"
                                   " ON a.id = ra.activity_id WHERE ra.round_id = ?1"
                                   " ORDER BY a.id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && d->n_activities < (size_t)n) {
        size_t i = d->n_activities++;
        d->activity_ids[i] = sqlite3_column_int64(st, 0);
        snprintf(d->activity_keys[i], sizeof d->activity_keys[i], "%s", db_col_text(st, 1));
        int seats = sqlite3_column_int(st, 2);
        d->free_seats[i] = seats > 0 ? seats : 0; /* a load may have over-filled it */
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* The pupils (not left) with a ranking, ascending by id. */
static int read_children(struct db *db, struct round_data *d, const char *today)
{
    int64_t n = db_int_text(db, "SELECT count(*) FROM pupils p WHERE p.id IN (SELECT pupil_id"
                                " FROM preferences WHERE round_id = ?2)"
                                " AND " ELIGIBLE_PRESENT_SQL("?1"),
                            today, d->id, 0, -1);
    if (n < 0 || n > ALLOC_MAX_CHILDREN)
        return -1;
    d->pupil_ids = calloc((size_t)n + 1, sizeof *d->pupil_ids);
    d->pupil_keys = calloc((size_t)n + 1, sizeof *d->pupil_keys);
    d->children = calloc((size_t)n + 1, sizeof *d->children);
    d->positions = calloc((size_t)n + 1, sizeof *d->positions);
    if (!d->pupil_ids || !d->pupil_keys || !d->children || !d->positions)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.key, p.priority FROM pupils p"
                                   " WHERE p.id IN (SELECT pupil_id FROM preferences"
                                   " WHERE round_id = ?1)"
                                   " AND " ELIGIBLE_PRESENT_SQL("?2") " ORDER BY p.id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->id);
    db_bind_text(st, 2, today);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && d->n_children < (size_t)n) {
        size_t i = d->n_children++;
        d->pupil_ids[i] = sqlite3_column_int64(st, 0);
        snprintf(d->pupil_keys[i], sizeof d->pupil_keys[i], "%s", db_col_text(st, 1));
        d->children[i].id = d->pupil_ids[i];
        d->children[i].priority = sqlite3_column_int(st, 2) != 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Each child's ranks: the round's activities it may take (school or coalition-wide, grade) and
   is not enrolled in, best first, within the round's number of choices. */
static int read_ranks(struct db *db, struct round_data *d)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT pupil_id, activity_id, pos, ok FROM (SELECT x.pupil_id, x.activity_id,"
            " row_number() OVER (PARTITION BY x.pupil_id ORDER BY x.rank) AS pos,"
            " " ELIGIBLE_PLACE_SQL
            "  AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.pupil_id = x.pupil_id"
            "   AND e.activity_id = x.activity_id AND e.status = 'enrolled') AS ok"
            " FROM preferences x JOIN activities a ON a.id = x.activity_id"
            " JOIN pupils p ON p.id = x.pupil_id"
            " JOIN round_activities ra ON ra.round_id = x.round_id"
            "  AND ra.activity_id = x.activity_id"
            " WHERE x.round_id = ?1) ORDER BY pupil_id, pos");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long child = find_id(d->pupil_ids, d->n_children, sqlite3_column_int64(st, 0));
        long activity = find_id(d->activity_ids, d->n_activities, sqlite3_column_int64(st, 1));
        int pos = sqlite3_column_int(st, 2);
        if (child < 0 || activity < 0 || !sqlite3_column_int(st, 3) || pos > d->choices)
            continue;
        struct alloc_child *c = &d->children[child];
        if (c->n_ranks >= ALLOC_MAX_CHOICES)
            continue;
        d->positions[child][c->n_ranks] = pos;
        c->ranks[c->n_ranks++] = (int)activity;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* A child's enrolled seats among the round's activities count towards max_per_child. */
static int read_seats_before(struct db *db, struct round_data *d)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT e.pupil_id, count(*) FROM enrolments e"
                                   " JOIN round_activities ra ON ra.activity_id = e.activity_id"
                                   " WHERE ra.round_id = ?1 AND e.status = 'enrolled'"
                                   " GROUP BY e.pupil_id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long child = find_id(d->pupil_ids, d->n_children, sqlite3_column_int64(st, 0));
        if (child >= 0)
            d->children[child].seats_before = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- writing --------------------------------------------------------------------------------- */

static int write_seats(struct db *db, const struct round_data *d, const struct alloc_result *res,
                       int64_t user_id)
{
    for (size_t pos = 0; pos < res->n_children; pos++) {
        size_t c = res->lottery[pos];
        const struct alloc_child_result *cr = &res->children[c];
        for (int s = 0; s < cr->n_seats; s++) {
            char note[4 * ROUND_NAME_MAX + 64];
            snprintf(note, sizeof note, "Inschrijfronde %s: %de keuze", d->name,
                     d->positions[c][cr->seats[s].rank]);
            if (enrol_put(db, d->pupil_ids[c], d->activity_ids[cr->seats[s].activity],
                          "enrolled", d->id, user_id, note, "enrolled") <= 0)
                return -1;
        }
    }
    return 0;
}

static int write_waitlists(struct db *db, const struct round_data *d,
                           const struct alloc_result *res, int64_t user_id)
{
    char note[4 * ROUND_NAME_MAX + 64];
    snprintf(note, sizeof note, "Inschrijfronde %s: geen plaats, wachtlijst in lotingvolgorde",
             d->name);
    for (size_t a = 0; a < res->n_activities; a++)
        for (size_t i = 0; i < res->waitlists[a].n; i++) {
            size_t c = res->waitlists[a].children[i];
            if (enrol_put(db, d->pupil_ids[c], d->activity_ids[a], "waitlisted", d->id, user_id,
                          note, "unplaced") <= 0)
                return -1;
        }
    return 0;
}

/* The outcome as stored and shown (rounds.h). New reference. */
static json_t *result_json(const struct round_data *d, const struct alloc_result *res,
                           const char *at)
{
    json_t *by_rank = json_array(), *placed = json_object(), *unplaced = json_array(),
           *unmet = json_object(), *waitlists = json_object(), *lottery = json_array();
    size_t counts[ALLOC_MAX_CHOICES] = {0};
    for (size_t pos = 0; pos < res->n_children; pos++) {
        size_t c = res->lottery[pos];
        const struct alloc_child_result *cr = &res->children[c];
        json_array_append_new(lottery, json_string(d->pupil_keys[c]));
        if (cr->n_seats == 0 && d->children[c].seats_before == 0)
            json_array_append_new(unplaced, json_string(d->pupil_keys[c]));
        if (cr->n_seats == 0)
            continue;
        json_t *seats = json_array();
        for (int s = 0; s < cr->n_seats; s++) {
            json_array_append_new(seats, json_string(d->activity_keys[cr->seats[s].activity]));
            int position = d->positions[c][cr->seats[s].rank];
            if (position >= 1 && position <= ALLOC_MAX_CHOICES)
                counts[position - 1]++;
        }
        json_object_set_new(placed, d->pupil_keys[c], seats);
    }
    for (int i = 0; i < d->choices && i < ALLOC_MAX_CHOICES; i++)
        json_array_append_new(by_rank, json_integer((json_int_t)counts[i]));
    for (size_t a = 0; a < res->n_activities; a++) {
        json_t *list = json_array();
        for (size_t i = 0; i < res->waitlists[a].n; i++)
            json_array_append_new(list,
                                  json_string(d->pupil_keys[res->waitlists[a].children[i]]));
        json_object_set_new(unmet, d->activity_keys[a],
                            json_integer((json_int_t)res->waitlists[a].n));
        json_object_set_new(waitlists, d->activity_keys[a], list);
    }
    return json_pack("{s:s, s:I, s:s, s:I, s:i, s:o, s:o, s:o, s:o, s:o, s:o}", "round", d->key,
                     "seed", (json_int_t)res->seed, "allocated_at", at, "children",
                     (json_int_t)res->n_children, "passes", res->n_passes, "by_rank", by_rank,
                     "placed", placed, "unplaced", unplaced, "unmet", unmet, "waitlists",
                     waitlists, "lottery", lottery);
}

static int close_round(struct db *db, const struct round_data *d, uint64_t seed, const char *at,
                       json_t *result, int64_t user_id)
{
    char *text = json_text(result, JSON_COMPACT | JSON_PRESERVE_ORDER);
    sqlite3_stmt *st = text ? db_stmt(db, "UPDATE rounds SET seed = ?2, closed_at = ?3,"
                                          " result = ?4 WHERE id = ?1")
                            : NULL;
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, d->id);
        sqlite3_bind_int64(st, 2, (int64_t)seed);
        db_bind_text(st, 3, at);
        db_bind_text(st, 4, text);
        char detail[64];
        snprintf(detail, sizeof detail, "seed %llu", (unsigned long long)seed);
        rc = db_step_done(st) || audit(db, user_id, "allocate", "rounds", d->id, detail) ? -1 : 0;
    }
    free(text);
    return rc;
}

/* Everything inside the transaction. */
static enum round_result allocate_in_transaction(struct db *db, struct round_data *d,
                                                 uint64_t seed, int64_t user_id,
                                                 json_t **result)
{
    char today[11];
    date_format(date_today(), today);
    int found = read_round(db, d);
    if (found <= 0)
        return found < 0 ? ROUND_FAILED : ROUND_NOT_FOUND;
    if (d->allocated)
        return ROUND_ALLOCATED;
    if (read_activities(db, d) || read_children(db, d, today) || read_ranks(db, d) ||
        read_seats_before(db, d))
        return ROUND_FAILED;
    struct alloc_input in = {.capacity = d->free_seats, .n_activities = d->n_activities,
                             .children = d->children, .n_children = d->n_children,
                             .max_per_child = d->max_per_child, .seed = seed};
    struct alloc_result res = {0};
    enum alloc_status status = allocate(&in, &res);
    if (status != ALLOC_OK) {
        log_error("verrijkt: round %s: %s\n", d->key, alloc_status_text(status));
        alloc_result_free(&res);
        return ROUND_FAILED;
    }
    char at[24];
    timestamp_now(at);
    json_t *outcome = NULL;
    enum round_result rc = ROUND_FAILED;
    if (!write_seats(db, d, &res, user_id) && !write_waitlists(db, d, &res, user_id) &&
        (outcome = result_json(d, &res, at)) && !close_round(db, d, seed, at, outcome, user_id))
        rc = ROUND_OK;
    alloc_result_free(&res);
    if (rc == ROUND_OK && result)
        *result = outcome;
    else
        json_decref(outcome);
    return rc;
}

enum round_result round_allocate(struct db *db, int64_t round_id, bool have_seed,
                                 uint64_t *seed, int64_t user_id, json_t **result)
{
    if (result)
        *result = NULL;
    if (have_seed && *seed > ROUND_SEED_MAX)
        return ROUND_BAD_SEED;
    if (!have_seed) {
        if (sodium_init() < 0)
            return ROUND_FAILED;
        uint64_t drawn;
        randombytes_buf(&drawn, sizeof drawn);
        *seed = drawn & ROUND_SEED_MAX;
    }
    struct round_data d = {.id = round_id};
    if (db_begin(db))
        return ROUND_FAILED;
    enum round_result rc = allocate_in_transaction(db, &d, *seed, user_id, result);
    round_free(&d);
    if (rc != ROUND_OK) {
        db_rollback(db);
        return rc;
    }
    if (db_commit(db)) {
        if (result) {
            json_decref(*result);
            *result = NULL;
        }
        return ROUND_FAILED;
    }
    return ROUND_OK;
}
