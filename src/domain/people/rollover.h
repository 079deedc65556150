/* The year turns over (issue 14): every pupil who has not left moves up one group into the
   new school year; pupils in the highest grade of their school's kind (po: group 8, vo:
   leerjaar 6, pupil_grade_max) leave on 31 July before it. Activities that ended before the
   new year are archived from then on (domain/offer/archive.h). No HTTP here.

   Which year: the year after the latest rollover; without one, today's school year (a
   rollover done after 1 August) or the one after it. A rollover into a year that has one
   already changes nothing (ROLLOVER_ALREADY). A pupil "has not left" when left_on is empty or
   on or after the new year's first day, and the pupil is not deleted (anonymised).

   The grade each moved pupil had is kept in pupil_grades (until = 31 July before the new
   year), so that a report of a past period groups its pupils by the grade they had then
   (reports_read.c) and reads exactly the same after the rollover. */
#ifndef VERRIJKT_DOMAIN_ROLLOVER_H
#define VERRIJKT_DOMAIN_ROLLOVER_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum rollover_outcome {
    ROLLOVER_OK = OUTCOME_OK,
    ROLLOVER_FAILED = OUTCOME_FAILED,     /* database error; nothing written */
    ROLLOVER_MALFORMED = OUTCOME_INVALID, /* not "YYYY-YYYY" with consecutive years */
    ROLLOVER_ALREADY = OUTCOME_AREA,      /* that year has had its rollover: nothing changes */
    ROLLOVER_WRONG_YEAR = OUTCOME_AREA - 1, /* not the year that comes next (see plan.expected) */
    ROLLOVER_TOO_EARLY = OUTCOME_AREA - 2,  /* the next year, but today's year is not its
                                               predecessor yet (plan.opens_on) */
};

/* The dates of a rollover into one school year, worked out by rollover_plan. */
struct rollover_plan {
    char year[10];      /* "2027-2028" */
    char starts_on[11]; /* "2027-08-01" */
    char left_on[11];   /* "2027-07-31": the leavers' last day, the moved pupils' old grade's */
    char expected[10];  /* the year a rollover may go into now ("" when the input was malformed) */
    char also[10];      /* a second year allowed (today's school year when none ran), or "" */
    char opens_on[11];  /* the first day a rollover into expected may run ("YYYY-08-01") */
};

/* "YYYY-YYYY" whose second year is the first plus one (1900-2998) → the first year. 0 or -1. */
int school_year_parse(const char *text, int *first_year);

/* Check that `to` is a year a rollover may go into today ("YYYY-MM-DD") and fill *plan (its
   expected years also on a refusal, for the message). ROLLOVER_OK, _MALFORMED, _ALREADY,
   _WRONG_YEAR or _FAILED. The message key of a refusal: rollover_message. */
enum rollover_outcome rollover_plan(struct db *db, const char *to, const char *today,
                                    struct rollover_plan *plan);

/* The message key ("problem.rollover_…") of an outcome other than ROLLOVER_OK; its
   placeholders: {year} (the input), {expected}, {opens_on}. */
const char *rollover_message(enum rollover_outcome outcome);

/* What a rollover into plan->year will do, without writing: {"year", "starts_on", "left_on",
   "moved" (total), "left" (total), "schools" [{"school_id", "school", "kind", "grade_max",
   "groups" [{"grade", "to_grade", "pupils"}] (moving up), "leaving" (pupils in grade_max)}]
   (schools with pupils who have not left, by name), "activities" [{"id", "title", "school",
   "until"}] (archived from then on: ended before starts_on and not archived already),
   "rounds" [{"id", "name", "school", "closes"}] (likewise)} into *out (new reference).
   0, or -1 on a database error. */
int read_rollover_preview(struct db *db, const struct rollover_plan *plan, const char *today,
                          json_t **out);

/* The counts of a rollover that ran. */
struct rollover_done {
    int moved, left;
};

/* Run the rollover into `to` on day today, by user_id (0: the command line), in one write
   transaction with its audit record and its row in rollovers: ROLLOVER_OK with the counts in
   *done; ROLLOVER_ALREADY (nothing written; *done holds the counts of that year's run), or
   another refusal of rollover_plan, or ROLLOVER_FAILED (nothing written). The check is made
   again inside the transaction, so two runs at once move nobody twice. */
enum rollover_outcome rollover_run(struct db *db, int64_t user_id, const char *to,
                                   const char *today, struct rollover_done *done);

/* The rollovers that ran, newest first: [{"school_year", "ran_at", "by_user", "moved",
   "left"}]. New reference, NULL on a database error. */
json_t *read_rollovers(struct db *db);

#endif
