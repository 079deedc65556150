#include "domain/people/throttle.h"

void throttle_record_failure(struct db *db, const struct throttle_failure *f, long long now)
{
    if (db_begin(db))
        return;
    sqlite3_stmt *insert = db_stmt(db, f->insert_sql);
    if (insert) {
        /* a parameter the statement leaves out fails to bind (SQLITE_RANGE) and changes nothing */
        sqlite3_bind_int64(insert, 1, f->user_id);
        db_bind_text(insert, 2, f->address);
        sqlite3_bind_int64(insert, 3, now);
    }
    if (!insert || db_step_done(insert)) {
        db_rollback(db);
        return;
    }
    sqlite3_stmt *prune = db_stmt(db, f->prune_sql);
    if (prune)
        sqlite3_bind_int64(prune, 1, now - 24 * 3600);
    if (!prune || db_step_done(prune))
        db_rollback(db);
    else
        db_commit(db);
}

/* ---- logins ---------------------------------------------------------------------------------- */

int login_account_delay(int64_t failures, int max_failures)
{
    int64_t free_tries = (int64_t)LOGIN_ACCOUNT_FACTOR * max_failures;
    if (failures < free_tries)
        return 0;
    int64_t doublings = failures - free_tries + 1;
    if (doublings >= 9) /* 2^9 = 512 > LOGIN_ACCOUNT_DELAY_MAX */
        return LOGIN_ACCOUNT_DELAY_MAX;
    int delay = 1 << doublings;
    return delay < LOGIN_ACCOUNT_DELAY_MAX ? delay : LOGIN_ACCOUNT_DELAY_MAX;
}

/* Seconds until fewer than `limit` of the failures that st selects (their `at`, newest first,
   after `limit - 1` skipped: bound by the caller) are in the window: 0 when fewer are in it
   now, -1 on a database error. st is reset here. */
static int64_t window_wait(sqlite3_stmt *st, long long now, long long window_seconds)
{
    int rc = sqlite3_step(st);
    int64_t at = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return -1;
    int64_t wait = at + window_seconds + 1 - now; /* the window holds at >= now - window */
    return wait > 0 ? wait : 1;
}

/* The seconds this pair must wait (the max_failures-th newest failure leaving the window). */
static int64_t pair_wait(struct db *db, const char *email, const char *address,
                         const struct login_limits *limits, long long now)
{
    long long window = (long long)limits->window_minutes * 60;
    sqlite3_stmt *st = db_stmt(db, "SELECT at FROM login_failures WHERE email = ?1"
                                   " AND address = ?2 AND at >= ?3 ORDER BY at DESC"
                                   " LIMIT 1 OFFSET ?4");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, address);
    sqlite3_bind_int64(st, 3, now - window);
    sqlite3_bind_int64(st, 4, limits->max_failures - 1);
    return window_wait(st, now, window);
}

/* The seconds this address must wait, whatever the account. */
static int64_t address_wait(struct db *db, const char *address, const struct login_limits *limits,
                            long long now)
{
    long long window = (long long)limits->window_minutes * 60;
    sqlite3_stmt *st = db_stmt(db, "SELECT at FROM login_failures WHERE address = ?1"
                                   " AND at >= ?2 ORDER BY at DESC LIMIT 1 OFFSET ?3");
    if (!st)
        return -1;
    db_bind_text(st, 1, address);
    sqlite3_bind_int64(st, 2, now - window);
    sqlite3_bind_int64(st, 3, (int64_t)LOGIN_ADDRESS_FACTOR * limits->max_failures - 1);
    return window_wait(st, now, window);
}

/* The seconds this account must wait, from any address (login_account_delay after its last
   failure). */
static int64_t account_wait(struct db *db, const char *email, const struct login_limits *limits,
                            long long now)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*), max(at) FROM login_failures"
                                   " WHERE email = ?1 AND at >= ?2");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    sqlite3_bind_int64(st, 2, now - (long long)limits->window_minutes * 60);
    int rc = sqlite3_step(st);
    int64_t failures = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    int64_t last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return -1;
    int64_t wait = last + login_account_delay(failures, limits->max_failures) - now;
    return failures && wait > 0 ? wait : 0;
}

/* The longest of the three waits, inside the caller's transaction: 0, seconds, or -1. */
static int64_t login_wait(struct db *db, const char *email, const char *address,
                          const struct login_limits *limits, long long now)
{
    int64_t waits[3] = {pair_wait(db, email, address, limits, now),
                        address_wait(db, address, limits, now),
                        account_wait(db, email, limits, now)};
    int64_t longest = 0;
    for (int i = 0; i < 3; i++) {
        if (waits[i] < 0)
            return -1;
        if (waits[i] > longest)
            longest = waits[i];
    }
    return longest;
}

/* Keep the try as a failure (its id into *attempt_id) and prune the ones older than a day,
   inside the caller's transaction. 0 or -1. */
static int count_attempt(struct db *db, const char *email, const char *address, long long now,
                         int64_t *attempt_id)
{
    sqlite3_stmt *ins = db_stmt(db, "INSERT INTO login_failures (email, address, at)"
                                    " VALUES (?1, ?2, ?3)");
    sqlite3_stmt *prune = db_stmt(db, "DELETE FROM login_failures WHERE at < ?1");
    if (!ins || !prune)
        return -1;
    db_bind_text(ins, 1, email);
    db_bind_text(ins, 2, address);
    sqlite3_bind_int64(ins, 3, now);
    sqlite3_bind_int64(prune, 1, now - 24 * 3600);
    if (db_step_done(prune) || db_step_done(ins))
        return -1;
    *attempt_id = sqlite3_last_insert_rowid(db_handle(db));
    return 0;
}

int login_attempt_begin(struct db *db, const char *email, const char *address,
                        const struct login_limits *limits, long long now, int64_t *attempt_id,
                        int *retry_after)
{
    *attempt_id = 0;
    *retry_after = 0;
    if (db_begin(db))
        return -1;
    int64_t wait = login_wait(db, email, address, limits, now);
    if (wait != 0) {
        db_rollback(db);
        if (wait < 0)
            return -1;
        *retry_after = wait > 24 * 3600 ? 24 * 3600 : (int)wait;
        return 1;
    }
    if (count_attempt(db, email, address, now, attempt_id) || db_commit(db)) {
        db_rollback(db);
        *attempt_id = 0;
        return -1;
    }
    return 0;
}

int login_attempt_succeeded(struct db *db, const char *email, const char *address,
                            int64_t attempt_id)
{
    if (db_begin(db)) /* first: a statement that writes belongs to the transaction */
        return -1;
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM login_failures"
                                   " WHERE id = ?1 OR (email = ?2 AND address = ?3)");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, attempt_id);
    db_bind_text(st, 2, email);
    db_bind_text(st, 3, address);
    if (db_step_done(st)) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}

int login_attempt_unchecked(struct db *db, int64_t attempt_id)
{
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM login_failures WHERE id = ?1");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, attempt_id);
    if (db_step_done(st)) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}
