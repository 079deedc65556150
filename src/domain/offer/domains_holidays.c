#include "domain/offer/domains_holidays.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/text_rules.h"
#include "domain/people/audit.h"
#include "domain/offer/schedule.h"
#include "util/array.h"
#include "util/date.h"


/* ---- domains -------------------------------------------------------------------------------- */

const char *domain_code_error(const char *code)
{
    if (!code || !*code)
        return "problem.required";
    if (strlen(code) > DOMAIN_CODE_MAX)
        return "problem.too_long";
    for (const char *p = code; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return "problem.code_chars";
    return NULL;
}

const char *domain_name_error(const char *name)
{
    return one_line_error(name, DOMAIN_NAME_MAX);
}

enum settings_result domain_create(struct db *db, int64_t user_id, const char *code,
                                   const char *name, int64_t *id_out)
{
    if (domain_code_error(code) || domain_name_error(name))
        return SETTINGS_INVALID;
    if (db_begin(db))
        return SETTINGS_FAILED;
    enum settings_result result = SETTINGS_FAILED;
    int64_t taken = db_int_text(db, "SELECT 1 FROM domains WHERE code = ?1", code, 0, 0, 0);
    if (taken) {
        result = taken > 0 ? SETTINGS_DUPLICATE : SETTINGS_FAILED;
        goto fail;
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO domains (code, name, position) VALUES (?1, ?2,"
                                   " (SELECT coalesce(max(position), 0) + 1 FROM domains))");
    if (!st)
        goto fail;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    if (db_step_done(st))
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    char detail[DOMAIN_CODE_MAX + 8];
    snprintf(detail, sizeof detail, "code=%s", code);
    if (audit(db, user_id, "create", "domains", id, detail) || db_commit(db))
        goto fail;
    *id_out = id;
    return SETTINGS_OK;
fail:
    db_rollback(db);
    return result;
}

/* The ids of all domains other than skip_id in their current order. *out malloc'ed (caller
   frees, also after -1). 0, or -1 when the query failed or memory ran out. */
static int domain_order(struct db *db, int64_t skip_id, int64_t **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM domains WHERE id <> ?1 ORDER BY position, id");
    *out = NULL;
    *n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, skip_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(*out, cap, *n))
            break; /* out of memory: rc is SQLITE_ROW, so -1 */
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Number the domains 1…n: `others` in their order with domain_id placed at position. */
static int domain_renumber(struct db *db, int64_t domain_id, const int64_t *others, size_t n,
                           int position)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE domains SET position = ?2 WHERE id = ?1");
    if (!st)
        return -1;
    size_t slot = (size_t)position - 1 < n ? (size_t)position - 1 : n;
    int next = 1;
    for (size_t i = 0; i <= n; i++) {
        int64_t id = i == slot ? domain_id : others[i < slot ? i : i - 1];
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, next++);
        if (db_step_done(st))
            return -1;
    }
    return 0;
}

enum settings_result domain_update(struct db *db, int64_t user_id, int64_t domain_id,
                                   const char *name, int position)
{
    if (domain_name_error(name) || position < 1 || position > DOMAIN_POSITION_MAX)
        return SETTINGS_INVALID;
    if (db_begin(db))
        return SETTINGS_FAILED;
    enum settings_result result = SETTINGS_FAILED;
    int64_t *others = NULL;
    size_t n = 0;
    sqlite3_stmt *st = db_stmt(db, "UPDATE domains SET name = ?2 WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, domain_id);
    db_bind_text(st, 2, name);
    if (db_step_done(st))
        goto fail;
    if (sqlite3_changes(db_handle(db)) == 0) {
        result = SETTINGS_NOT_FOUND;
        goto fail;
    }
    if (domain_order(db, domain_id, &others, &n) ||
        domain_renumber(db, domain_id, others, n, position))
        goto fail;
    char detail[40];
    snprintf(detail, sizeof detail, "position=%d", position <= (int)n ? position : (int)n + 1);
    if (audit(db, user_id, "update", "domains", domain_id, detail) || db_commit(db))
        goto fail;
    free(others);
    return SETTINGS_OK;
fail:
    free(others);
    db_rollback(db);
    return result;
}

/* ---- holidays ------------------------------------------------------------------------------- */

enum holiday_problem holiday_check(const struct holiday_input *in)
{
    int32_t from, to;
    if (one_line_error(in->name, HOLIDAY_NAME_MAX))
        return HOLIDAY_BAD_NAME;
    if (!in->from || date_parse(in->from, &from))
        return HOLIDAY_BAD_FROM;
    if (!in->to || date_parse(in->to, &to))
        return HOLIDAY_BAD_TO;
    if (to < from)
        return HOLIDAY_TO_BEFORE_FROM;
    if (to - from + 1 > HOLIDAY_MAX_DAYS)
        return HOLIDAY_TOO_LONG;
    return HOLIDAY_FINE;
}

const char *holiday_problem_key(enum holiday_problem problem)
{
    switch (problem) {
    case HOLIDAY_FINE: return "";
    case HOLIDAY_BAD_NAME: return "problem.holiday_name";
    case HOLIDAY_BAD_FROM:
    case HOLIDAY_BAD_TO: return "problem.date_invalid";
    case HOLIDAY_TO_BEFORE_FROM: return "problem.holiday_order";
    case HOLIDAY_TOO_LONG: return "problem.holiday_too_long";
    }
    return "";
}

const char *holiday_problem_field(enum holiday_problem problem)
{
    switch (problem) {
    case HOLIDAY_BAD_FROM: return "from";
    case HOLIDAY_BAD_TO:
    case HOLIDAY_TO_BEFORE_FROM:
    case HOLIDAY_TOO_LONG: return "to";
    default: return "name";
    }
}

enum settings_result holiday_create(struct db *db, int64_t user_id, const struct holiday_input *in,
                                    int64_t *id_out, long long *sessions_changed)
{
    if (holiday_check(in) != HOLIDAY_FINE)
        return SETTINGS_INVALID;
    if (db_begin(db))
        return SETTINGS_FAILED;
    enum settings_result result = SETTINGS_FAILED;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO holidays (name, date_from, date_to)"
                                   " VALUES (?1, ?2, ?3) ON CONFLICT (name, date_from) DO NOTHING");
    if (!st)
        goto fail;
    db_bind_text(st, 1, in->name);
    db_bind_text(st, 2, in->from);
    db_bind_text(st, 3, in->to);
    if (db_step_done(st))
        goto fail;
    if (sqlite3_changes(db_handle(db)) == 0) {
        result = SETTINGS_DUPLICATE;
        goto fail;
    }
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    char detail[64];
    snprintf(detail, sizeof detail, "from=%s to=%s", in->from, in->to);
    if (audit(db, user_id, "create", "holidays", id, detail) ||
        schedule_sync_closed(db, 0, sessions_changed) || db_commit(db))
        goto fail;
    *id_out = id;
    return SETTINGS_OK;
fail:
    db_rollback(db);
    return result;
}

enum settings_result holiday_delete(struct db *db, int64_t user_id, int64_t holiday_id,
                                    long long *sessions_changed)
{
    if (db_begin(db))
        return SETTINGS_FAILED;
    enum settings_result result = SETTINGS_FAILED;
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM holidays WHERE id = ?1"
                                   " RETURNING date_from, date_to");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, holiday_id);
    char detail[64] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(detail, sizeof detail, "from=%s to=%s", db_col_text(st, 0), db_col_text(st, 1));
        rc = sqlite3_step(st);
    } else if (rc == SQLITE_DONE) {
        result = SETTINGS_NOT_FOUND;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE || !*detail)
        goto fail;
    if (audit(db, user_id, "delete", "holidays", holiday_id, detail) ||
        schedule_sync_closed(db, 0, sessions_changed) || db_commit(db))
        goto fail;
    return SETTINGS_OK;
fail:
    db_rollback(db);
    return result;
}
