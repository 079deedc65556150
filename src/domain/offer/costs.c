/* Costs and budgets: amounts and their writes; see costs.h. */
#include "domain/offer/costs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"

/* ---- amounts -------------------------------------------------------------------------------- */

int money_parse(const char *text, int64_t *cents)
{
    if (!text || !*text)
        return -1;
    int64_t euros = 0;
    size_t i = 0;
    for (; text[i] >= '0' && text[i] <= '9'; i++) {
        if (euros > MONEY_MAX_CENTS / 100)
            return -1;
        euros = euros * 10 + (text[i] - '0');
    }
    if (i == 0)
        return -1;
    int64_t fraction = 0;
    if (text[i] == ',' || text[i] == '.') {
        size_t digits = 0;
        for (i++; text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            if (digits == 2)
                return -1;
            fraction = fraction * 10 + (text[i] - '0');
        }
        if (digits == 0)
            return -1;
        if (digits == 1)
            fraction *= 10;
    }
    if (text[i] != '\0' || euros > MONEY_MAX_CENTS / 100)
        return -1;
    int64_t total = euros * 100 + fraction;
    if (total > MONEY_MAX_CENTS)
        return -1;
    *cents = total;
    return 0;
}

int money_from_double(double euros, int64_t *cents)
{
    if (!(euros >= 0) || euros > (double)(MONEY_MAX_CENTS / 100))
        return -1;
    double hundredths = euros * 100;
    double nearest = (double)(long long)(hundredths + 0.5);
    if (fabs(hundredths - nearest) > 1e-6)
        return -1;
    *cents = (int64_t)nearest;
    return 0;
}

void money_format(int64_t cents, char out[32])
{
    snprintf(out, 32, "%s%lld.%02lld", cents < 0 ? "-" : "", (long long)(llabs(cents) / 100),
             (long long)(llabs(cents) % 100));
}

void money_format_nl(int64_t cents, char out[40])
{
    char digits[24];
    int64_t whole = llabs(cents) / 100;
    int n = snprintf(digits, sizeof digits, "%lld", (long long)whole);
    char grouped[32];
    size_t g = 0;
    for (int i = 0; i < n && i < 20; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[g++] = '.';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    snprintf(out, 40, "%s€ %.28s,%02d", cents < 0 ? "-" : "", grouped,
             (int)(llabs(cents) % 100));
}

int64_t money_divide(int64_t cents, int64_t divisor)
{
    int64_t q = cents / divisor, r = cents % divisor;
    if (2 * llabs(r) >= divisor)
        q += cents < 0 ? -1 : 1;
    return q;
}

/* ---- writes --------------------------------------------------------------------------------- */

static bool in_range(int64_t cents) { return cents >= 0 && cents <= MONEY_MAX_CENTS; }

/* Write the costs row of activity_id (removed when both are 0). 0 or -1. */
static int write_costs(struct db *db, int64_t activity_id, const struct activity_costs *in)
{
    sqlite3_stmt *st;
    if (in->per_session == 0 && in->fixed == 0) {
        st = db_stmt(db, "DELETE FROM activity_costs WHERE activity_id = ?1");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, activity_id);
        return db_step_done(st);
    }
    st = db_stmt(db, "INSERT INTO activity_costs (activity_id, per_session, fixed)"
                     " VALUES (?1, ?2, ?3) ON CONFLICT (activity_id) DO UPDATE SET"
                     " per_session = excluded.per_session, fixed = excluded.fixed");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, in->per_session);
    sqlite3_bind_int64(st, 3, in->fixed);
    return db_step_done(st);
}

enum outcome costs_save(struct db *db, int64_t user_id, int64_t activity_id,
                        const struct activity_costs *in, struct problems *out)
{
    problems_clear(out);
    if (!in_range(in->per_session))
        problems_add(out, "per_session", "problem.money_range");
    if (!in_range(in->fixed))
        problems_add(out, "fixed", "problem.money_range");
    if (out->n)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t found = db_int(db, "SELECT count(*) FROM activities WHERE id = ?1", activity_id, 0,
                           -1);
    if (found <= 0) {
        db_rollback(db);
        return found == 0 ? OUTCOME_NOT_FOUND : OUTCOME_FAILED;
    }
    char per_session[32], fixed[32], detail[96];
    money_format(in->per_session, per_session);
    money_format(in->fixed, fixed);
    snprintf(detail, sizeof detail, "per_session=%s fixed=%s", per_session, fixed);
    if (write_costs(db, activity_id, in) ||
        audit(db, user_id, "update", "activity_costs", activity_id, detail)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}

/* Write (or with amount < 0 remove) the budget row. 0 or -1. */
static int write_budget(struct db *db, int64_t school_id, int first_year, int64_t amount)
{
    sqlite3_stmt *st =
        amount < 0 ? db_stmt(db, "DELETE FROM school_budgets WHERE school_id = ?1 AND year = ?2")
                   : db_stmt(db, "INSERT INTO school_budgets (school_id, year, amount)"
                                 " VALUES (?1, ?2, ?3) ON CONFLICT (school_id, year)"
                                 " DO UPDATE SET amount = excluded.amount");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int(st, 2, first_year);
    if (amount >= 0)
        sqlite3_bind_int64(st, 3, amount);
    return db_step_done(st);
}

enum outcome budget_save(struct db *db, int64_t user_id, int64_t school_id, int first_year,
                         int64_t amount, struct problems *out)
{
    problems_clear(out);
    if (first_year < 1900 || first_year > 2998)
        problems_add(out, "year", "problem.school_year");
    if (amount > MONEY_MAX_CENTS)
        problems_add(out, "amount", "problem.money_range");
    if (out->n)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t found = db_int(db, "SELECT count(*) FROM schools WHERE id = ?1", school_id, 0, -1);
    if (found <= 0) {
        db_rollback(db);
        return found == 0 ? OUTCOME_NOT_FOUND : OUTCOME_FAILED;
    }
    char money[32], detail[96];
    money_format(amount < 0 ? 0 : amount, money);
    snprintf(detail, sizeof detail, "year=%d amount=%s", first_year, amount < 0 ? "-" : money);
    if (write_budget(db, school_id, first_year, amount) ||
        audit(db, user_id, amount < 0 ? "delete" : "update", "school_budgets", school_id,
              detail)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}
