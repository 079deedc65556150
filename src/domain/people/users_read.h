/* Reads of the accounts (users) for pages: never the password hash. Each returns its rows with
   the keys listed, or an error (never an empty list on failure): json_t * functions give a new
   reference, or NULL on a database error (logged); int functions answer 1 (found), 0 (none,
   *out NULL) or -1 (error). */
#ifndef VERRIJKT_DOMAIN_PEOPLE_USERS_READ_H
#define VERRIJKT_DOMAIN_PEOPLE_USERS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The filter of the account list. */
struct account_query {
    const char *q;      /* text in the email address or the name ("" = all; LIKE's wildcards
                           taken literally) */
    const char *role;   /* "" = every role */
    const char *active; /* "" = all, "1" active, "0" switched off */
};

/* The account user_id as {"id", "email", "name", "role", "school_id" (null when none),
   "school" (its name, "" when none), "staff_id" (null when none), "staff" (the staff member's
   name, ""), "provider" (the staff member's provider's name, ""), "active" (boolean),
   "created_at", "invited" (no password chosen yet: an invitation is open)} into *out (new
   reference). */
int read_account(struct db *db, int64_t user_id, json_t **out);
/* The number of accounts matching q into *out (always 1 on success). */
int read_accounts_count(struct db *db, const struct account_query *q, int64_t *out);
/* One page of the accounts matching q by name, then email (case ignored) and id: rows as
   read_account. New reference or NULL. */
json_t *read_accounts_page(struct db *db, const struct account_query *q, int limit,
                           int64_t offset);
/* The number of active accounts into *out (always 1 on success). */
int read_active_accounts_count(struct db *db, int64_t *out);

/* The active coordinators of school_id by name (case ignored), then id: [{"id", "name",
   "email"}]. New reference or NULL. */
json_t *read_school_coordinators(struct db *db, int64_t school_id);

#endif
