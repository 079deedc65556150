/* Enrolment rounds (inschrijfrondes, PRODUCT.md rule 4): a coordinator opens a round over some
   activities of the school; parents rank up to `choices` activities per child while it is open
   (when they submit does not matter); the allocation (allocate.h, the exact rule) then gives the
   seats in one write transaction, puts the unplaced choices on the waiting lists in lottery
   order and stores the seed and the outcome, so that anyone can recompute it. No HTTP here.

   A round's state follows from its times and closed_at: planned (now < opens), open
   (opens <= now <= closes), awaiting allocation (closes < now), allocated (closed_at set). The
   allocation may also be run early; it closes the round. Moments are "YYYY-MM-DDTHH:MM" local
   time and compared as text. */
#ifndef VERRIJKT_DOMAIN_ROUNDS_H
#define VERRIJKT_DOMAIN_ROUNDS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    ROUND_NAME_MAX = 100,      /* characters */
    ROUND_KEY_MAX = 100,
    ROUND_MAX_ACTIVITIES = 64, /* activities in one round (allocate.h allows up to 300) */
    ROUND_MAX_CHOICES = 10,    /* = ALLOC_MAX_CHOICES */
};

/* The largest seed: 2^53 − 1, so that it stays exact in JSON read by JavaScript. */
#define ROUND_SEED_MAX ((uint64_t)9007199254740991ULL)

/* A new or changed round as the form or a script gives it; strings borrowed. A string the page
   could not read is NULL and an integer 0: the checks that need it are then skipped. */
struct round_input {
    int64_t school_id;
    const char *name;
    const char *opens, *closes; /* "YYYY-MM-DDTHH:MM" */
    int choices;                /* 1 … ROUND_MAX_CHOICES */
    int max_per_child;          /* 1 … choices */
    const int64_t *activity_ids;
    size_t n_activities;
};

/* The outcomes of domain/outcome.h, and the round's own. */
enum round_result {
    ROUND_OK = OUTCOME_OK,
    ROUND_FAILED = OUTCOME_FAILED,       /* database error (logged); nothing written */
    ROUND_INVALID = OUTCOME_INVALID,     /* round_save: see the problems; nothing written */
    ROUND_NOT_FOUND = OUTCOME_NOT_FOUND, /* no such round, pupil or activity (or the pupil left) */
    ROUND_ALLOCATED = OUTCOME_AREA,      /* already allocated (closed): no second allocation */
    ROUND_NOT_OPEN = OUTCOME_AREA - 1,   /* preferences before the round opens */
    ROUND_CLOSED = OUTCOME_AREA - 2,     /* preferences after the round closed */
    ROUND_NOT_IN_ROUND = OUTCOME_AREA - 3, /* a ranked activity is not one of the round's */
    ROUND_NOT_ELIGIBLE = OUTCOME_AREA - 4, /* the pupil may not take a ranked activity */
    ROUND_DUPLICATE = OUTCOME_AREA - 5,  /* one activity ranked twice */
    ROUND_TOO_MANY = OUTCOME_AREA - 6,   /* more ranks than the round's choices */
    ROUND_ALREADY_ENROLLED = OUTCOME_AREA - 7, /* already enrolled in a ranked activity */
    ROUND_BAD_SEED = OUTCOME_AREA - 8,   /* a seed above ROUND_SEED_MAX */
};

/* Check `in` for a new round (round_id 0) or a change of round_id: a name, valid moments with
   opens before closes, choices 1–10, max_per_child 1–choices, 1–ROUND_MAX_ACTIVITIES
   activities that exist, belong to the round's school, have not ended before the round closes
   and are in no other round that is not yet allocated; a round with rankings keeps its school.
   The problems (fields "name", "opens", "closes", "choices", "max_per_child", "activities",
   "school", "form") go to out (emptied first); returns out->n, -1 on error. */
int round_check(struct db *db, int64_t round_id, const struct round_input *in,
                struct problems *out);

/* Create (*id == 0; a key is made from the name and the school's key) or change (*id > 0) a
   round in ONE transaction, audited as user_id. A change of an allocated round is refused
   (ROUND_ALLOCATED); rankings of activities taken out of the round are dropped. The rules are
   checked inside the transaction (ROUND_INVALID with the problems in out). On ROUND_OK *id
   is the round's id; on anything else nothing is written. */
enum round_result round_save(struct db *db, int64_t user_id, int64_t *id,
                             const struct round_input *in, struct problems *out);

/* The id of the round with this key: > 0, 0 when there is none, -1 on error. */
int64_t round_find(struct db *db, const char *key);

/* One round: {id, key, name, school_id, school_key, school, opens, closes, choices,
   max_per_child, seed (or null), closed_at (or null), state ("planned", "open", "awaiting",
   "allocated"), activity_ids: [ids]} at now ("YYYY-MM-DDTHH:MM"; NULL = the clock). New
   reference; NULL when there is no such round (or on error: read_round in rounds_read.h tells
   the two apart). */
json_t *round_get(struct db *db, int64_t round_id, const char *now);

/* The state of a round at now: "planned", "open", "awaiting" or "allocated" (static). */
const char *round_state(const char *opens, const char *closes, bool allocated, const char *now);

/* Replace the pupil's ranking in an open round by activity_ids (best first; n == 0 withdraws
   it), in one transaction. Refused when the round is allocated, not open at now (NULL = the
   clock), an activity is not in the round, the pupil may not take it (its school or open to the
   coalition, the grade range) or is already enrolled in it, an activity repeats, or there are
   more than the round's choices. *bad_activity (may be NULL) gets the activity a refusal is
   about, 0 otherwise. */
enum round_result preferences_save(struct db *db, int64_t round_id, int64_t pupil_id,
                                   const int64_t *activity_ids, size_t n, const char *now,
                                   int64_t *bad_activity);

/* The pupil's ranking in the round: activity ids best first into out (at most max); their
   number, or -1 on error. */
int preferences_get(struct db *db, int64_t round_id, int64_t pupil_id, int64_t *out,
                    size_t max);

/* How many children ranked what: {children (with a ranking), activities: [{id, key, title,
   capacity, enrolled, free, waitlisted, ranked: [n at 1st, n at 2nd, … up to choices],
   total, grade_min, grade_max, date_from, date_until, school_kind}]} in the round's activity
   order (title). New reference; NULL on error. */
json_t *round_demand(struct db *db, int64_t round_id);

/* Allocate the round (allocate.h) and close it, in ONE write transaction:
   - refused with ROUND_ALLOCATED when it was allocated before, ROUND_BAD_SEED for a seed above
     ROUND_SEED_MAX;
   - the seed is *seed when have_seed, else drawn at random (0 … ROUND_SEED_MAX) and written to
     *seed;
   - the children are the pupils (not left) with a ranking, their ranks the round's activities
     they may still take and are not enrolled in, in rank order; free seats = capacity −
     enrolled; a child's enrolled seats among the round's activities count towards
     max_per_child; priority = pupils.priority;
   - seats are written with enrol_put("enrolled", note "Inschrijfronde <name>: <n>e keuze",
     told to the parents), then per activity the waiting list in lottery order
     (enrol_put "waitlisted", told as "unplaced"; a child already waiting keeps its place);
   - rounds.seed, closed_at and result are set, and audited as user_id.
   *result (may be NULL) gets the outcome, the same JSON as stored in rounds.result:
     {round, seed, allocated_at, children, passes, by_rank: [n at 1st, …] (choices long),
      placed: {pupil key: [activity keys]}, unplaced: [pupil keys with no seat among the
      round's activities], unmet: {activity key: children left on its waiting list},
      waitlists: {activity key: [pupil keys in lottery order]}, lottery: [pupil keys]}
   (new reference; caller decrefs). */
enum round_result round_allocate(struct db *db, int64_t round_id, bool have_seed,
                                 uint64_t *seed, int64_t user_id, json_t **result);

/* The stored result of an allocated round (new reference), NULL when there is none. */
json_t *round_result(struct db *db, int64_t round_id);

/* The rounds open at now (NULL = the clock) in which this pupil may rank at least one
   activity: [{id, key, name, closes, choices, ranked (how many the pupil ranked), url
   ("/parent/children/PUPIL/rounds/ID")}], soonest closing first. New reference (an empty
   array for a pupil that does not exist), NULL on a database error. */
json_t *rounds_open_for_child(struct db *db, int64_t pupil_id, const char *now);

/* The message key of a result for the school and the command line, e.g.
   "problem.round_allocated" (no placeholders). */
const char *round_result_school_key(enum round_result result);
/* The message key (templates/messages, section "round") for a parent's refusal, e.g.
   "round.refusal_closed"; the text takes {{title}} (the activity) and {{max}} (choices). */
const char *round_result_key(enum round_result result);

#endif
