/* Coalition-wide settings the lead manages: the development domains (ontwikkelgebieden) and
   the holidays (vakanties) that the weekly schedules skip. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_SETTINGS_H
#define VERRIJKT_DOMAIN_SETTINGS_H

#include "domain/layer.h"

#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum {
    DOMAIN_CODE_MAX = 30,
    DOMAIN_NAME_MAX = 80,
    DOMAIN_POSITION_MAX = 99,
    HOLIDAY_NAME_MAX = 80,
    HOLIDAY_MAX_DAYS = 120, /* a holiday covers at most this many days, both ends included */
};

/* The outcomes of domain/outcome.h, and one of its own. */
enum settings_result {
    SETTINGS_OK = OUTCOME_OK,
    SETTINGS_FAILED = OUTCOME_FAILED,       /* database error (logged) */
    SETTINGS_INVALID = OUTCOME_INVALID,     /* input the checks below refuse */
    SETTINGS_NOT_FOUND = OUTCOME_NOT_FOUND, /* no such domain or holiday */
    SETTINGS_DUPLICATE = OUTCOME_AREA,      /* a domain with this code, or a holiday's name+start */
};

/* ---- domains -------------------------------------------------------------------------------- */

/* Checks (a message key, static, "problem.too_long" with {{max}} the maximum; NULL when fine).
   A code is 1–DOMAIN_CODE_MAX lowercase letters, digits, '-' or '_'; a name 1–DOMAIN_NAME_MAX
   characters on one line. */
const char *domain_code_error(const char *code);
const char *domain_name_error(const char *name);

/* Add a domain at the end of the order, audited, in one transaction. *id_out gets the id. */
enum settings_result domain_create(struct db *db, int64_t user_id, const char *code,
                                   const char *name, int64_t *id_out);
/* Rename a domain and move it to `position` (1 = first; beyond the end = last); the other
   domains keep their order and all positions become 1…n again. The code never changes
   (reports depend on it). Audited, in one transaction. */
enum settings_result domain_update(struct db *db, int64_t user_id, int64_t domain_id,
                                   const char *name, int position);

/* ---- holidays ------------------------------------------------------------------------------- */

struct holiday_input {
    const char *name;
    const char *from, *to; /* "YYYY-MM-DD", inclusive */
};

enum holiday_problem {
    HOLIDAY_FINE = 0,
    HOLIDAY_BAD_NAME,       /* empty, too long or control characters */
    HOLIDAY_BAD_FROM,       /* not a date */
    HOLIDAY_BAD_TO,         /* not a date */
    HOLIDAY_TO_BEFORE_FROM, /* the last day lies before the first */
    HOLIDAY_TOO_LONG,       /* more than HOLIDAY_MAX_DAYS days */
};

/* The first problem of in, checked in the order above. */
enum holiday_problem holiday_check(const struct holiday_input *in);
/* The message key of a problem ("problem.holiday_order", no placeholders; static); "" for
   HOLIDAY_FINE. */
const char *holiday_problem_key(enum holiday_problem problem);
/* The form field a problem belongs to: "name", "from" or "to". */
const char *holiday_problem_field(enum holiday_problem problem);

/* Add a holiday and regenerate every activity's sessions (schedule_sync_closed: families are
   told of sessions that no longer take place) in the same transaction, audited. *id_out gets the id; *sessions_changed (may be NULL) the number of
   session rows inserted, deleted or changed. SETTINGS_DUPLICATE when a holiday with the same
   name and first day exists. */
enum settings_result holiday_create(struct db *db, int64_t user_id, const struct holiday_input *in,
                                    int64_t *id_out, long long *sessions_changed);
/* Delete a holiday and regenerate every activity's sessions in the same transaction,
   audited. */
enum settings_result holiday_delete(struct db *db, int64_t user_id, int64_t holiday_id,
                                    long long *sessions_changed);

#endif
