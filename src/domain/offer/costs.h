/* Costs (issue 15, part 4): what an activity costs and what a school may spend per school
   year, in whole euro cents (so that sums stay exact). Who may see or set money (the lead, and
   the coordinator of the school; staff and parents never) is the pages' concern; the rules
   here are the amounts themselves.
   - An activity's costs: per_session (the cost of one held session) and fixed (materials,
     one-off fees: counted once for a period in which the activity holds a session). The
     figures built on them are defined in domain/reports/reports_costs.c.
   - A school's budget for a school year (1 August – 31 July), named "2025-2026" and stored by
     its first year. */
#ifndef VERRIJKT_DOMAIN_OFFER_COSTS_H
#define VERRIJKT_DOMAIN_OFFER_COSTS_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

/* The largest amount: one billion euros, in cents. */
#define MONEY_MAX_CENTS INT64_C(100000000000)

/* Strict euros → cents: digits with at most two decimals after one ',' or '.' ("85",
   "85,5", "120.00"), no sign, no thousands separators, no spaces, at most MONEY_MAX_CENTS.
   0, or -1 with *cents untouched. */
int money_parse(const char *text, int64_t *cents);
/* A JSON number (integer or real) of euros with at most two decimals, 0 to MONEY_MAX_CENTS,
   → cents. 0 or -1. */
int money_from_double(double euros, int64_t *cents);
/* Cents as euros with two decimals and a decimal point ("85.00"), into out (32 bytes). */
void money_format(int64_t cents, char out[32]);
/* Cents as Dutch euros for a page ("€ 1.234,50"), into out (40 bytes). */
void money_format_nl(int64_t cents, char out[40]);

/* Cents rounded to whole cents of amount / divisor (half away from zero), for the figures
   "per participant" and "per hour". divisor > 0. */
int64_t money_divide(int64_t cents, int64_t divisor);

/* An activity's costs, in cents. */
struct activity_costs {
    int64_t per_session, fixed;
};

/* Save the costs of activity_id in ONE transaction, audited by user_id; both 0 removes them
   (the activity costs nothing). OUTCOME_NOT_FOUND without the activity, OUTCOME_INVALID for an
   amount out of range (problem.money_range under "per_session" or "fixed"). */
enum outcome costs_save(struct db *db, int64_t user_id, int64_t activity_id,
                        const struct activity_costs *in, struct problems *out);

/* Save the budget of school_id for the school year starting 1 August of first_year, in ONE
   transaction, audited. amount < 0 removes it. OUTCOME_NOT_FOUND without the school,
   OUTCOME_INVALID for a year outside 1900–2998 ("year") or an amount above MONEY_MAX_CENTS
   ("amount"). */
enum outcome budget_save(struct db *db, int64_t user_id, int64_t school_id, int first_year,
                         int64_t amount, struct problems *out);

#endif
