/* Enrolments (PRODUCT.md rules 1–3): signing a pupil up, cancelling, and moving the waiting
   list up. Every path checks the rules and takes the seat inside one BEGIN IMMEDIATE
   transaction, so that capacity is never exceeded however many requests arrive at once. Status
   changes are never deleted: each is a row in enrolment_history (who, when, from → to), and the
   parents hear of it through notify.h. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_ENROL_H
#define VERRIJKT_DOMAIN_ENROL_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum {
    ENROL_TITLE_MAX = 800, /* bytes of an activity title kept for a refusal message: the 200
                              characters of ACTIVITY_TITLE_MAX at 4 bytes each */
};

/* The outcomes of domain/outcome.h (no INVALID: each refusal has its own), and enrolment's. */
enum enrol_result {
    ENROL_OK = OUTCOME_OK,
    ENROL_FAILED = OUTCOME_FAILED,       /* database error (logged); nothing written */
    ENROL_NOT_FOUND = OUTCOME_NOT_FOUND, /* no such pupil, activity or enrolment (or pupil left) */
    ENROL_WRONG_SCHOOL = OUTCOME_AREA,   /* the activity is for another school only */
    ENROL_WRONG_GRADE = OUTCOME_AREA - 1, /* the pupil's grade is outside the activity's range */
    ENROL_NOT_OPEN_YET = OUTCOME_AREA - 2, /* the sign-up window has not opened */
    ENROL_CLOSED = OUTCOME_AREA - 3,     /* the sign-up window has closed, or the activity ended */
    ENROL_ALREADY_ENROLLED = OUTCOME_AREA - 4,
    ENROL_ALREADY_WAITING = OUTCOME_AREA - 5,
    ENROL_OVERLAP = OUTCOME_AREA - 6,    /* a session overlaps one of another activity of theirs */
    ENROL_MAX_REACHED = OUTCOME_AREA - 7, /* enrolment.max_per_child active enrolments already */
    ENROL_IN_ROUND = OUTCOME_AREA - 8,   /* sign-up for this activity goes through a round */
    ENROL_NOT_ACTIVE = OUTCOME_AREA - 9, /* cancelling what is already cancelled */
};

/* Who signs up, and which rules apply. The school (coordinator or lead) may sign a pupil up
   outside the sign-up window and while a round is pending; every other rule holds for all. */
struct enrol_request {
    int64_t pupil_id, activity_id;
    int64_t user_id;     /* who does it (0 = the system) */
    bool by_school;      /* a coordinator or the lead, not a parent */
    int max_per_child;   /* enrolment.max_per_child */
    const char *now;     /* "YYYY-MM-DDTHH:MM" local time, or NULL for the clock (tests) */
};

struct enrol_outcome {
    int64_t enrolment_id;
    bool waitlisted;  /* false: enrolled */
    int position;     /* on the waiting list (1 = next), 0 when enrolled */
    /* For the refusal messages: the overlapping activity, or the maximum reached. */
    char other_title[ENROL_TITLE_MAX + 1];
    int max_per_child;
};

/* Sign the pupil up: enrolled while seats are free, otherwise on the waiting list, at its end.
   A cancelled enrolment of the same pair is taken up again (a new place in the queue). */
enum enrol_result enrol_pupil(struct db *db, const struct enrol_request *req,
                              struct enrol_outcome *out);

/* Cancel an enrolment (enrolled or waiting). A freed seat goes at once to the first on the
   waiting list. by_parent: the parent did it (otherwise the parents are told the place was
   taken away). *promoted gets the id of the enrolment that moved up, or 0. */
enum enrol_result enrol_cancel(struct db *db, int64_t enrolment_id, int64_t user_id,
                               bool by_parent, int64_t *promoted);

/* Inside the caller's write transaction: enrol the first on the waiting list while the activity
   has free seats, recording each promotion and telling the parents. note: why a seat came free
   (kept in the history). The number promoted, or -1. */
int enrol_fill_free_seats(struct db *db, int64_t activity_id, int64_t user_id, const char *note);

/* Inside the caller's write transaction, without the rules (an allocation, a load): put the
   pupil's enrolment of the activity in status `to` ("enrolled" or "waitlisted"), creating it,
   taking up a cancelled one at the end of the queue, or enrolling a waiting one (which keeps
   its time). The change is recorded in the history with note and, when notice is not NULL,
   told to the parents as that kind. round_id 0 = none. The enrolment id, or -1. Nothing is
   written when the status is already `to`. */
int64_t enrol_put(struct db *db, int64_t pupil_id, int64_t activity_id, const char *to,
                  int64_t round_id, int64_t user_id, const char *note, const char *notice);

/* Inside the caller's write transaction: record a status change in enrolment_history. */
int enrol_record(struct db *db, int64_t enrolment_id, const char *from, const char *to,
                 int64_t user_id, const char *at, const char *note);

/* Does the activity clash with one the pupil is enrolled in or waiting for: a session from
   today on that overlaps in time (cancelled sessions do not count)? The other activity's title
   into title (of the earliest clash; the lowest id when several clash that day); 1 clash,
   0 none, -1 error. Walks the pupil's few enrolments. */
int enrol_clash(struct db *db, int64_t pupil_id, int64_t activity_id, const char *today,
                char title[ENROL_TITLE_MAX + 1]);

/* Which of the n activities clash with one the pupil is enrolled in or waiting for (the rule
   of enrol_clash): {"ACTIVITY_ID": "title of the activity it clashes with"}, naming the one
   of the earliest clash (the lowest id when several clash that day, as enrol_clash). For a
   page that lists many activities: the pupil's sessions are read once, then each activity's
   own, so the cost follows the list and not the number of sessions in the city on a day.
   New reference, NULL on error. */
json_t *enrol_clashes(struct db *db, int64_t pupil_id, const char *today, const int64_t *activities,
                      size_t n);

/* The pupil's enrolments (enrolled or waiting) in activities that have not ended, other than
   except_activity (0: none): what enrolment.max_per_child limits. -1 on error. */
int64_t enrol_active_count(struct db *db, int64_t pupil_id, int64_t except_activity,
                           const char *today);

/* The waiting-list position of an enrolment (1 = next), 0 when it is not waiting, -1 on error. */
int enrol_position(struct db *db, int64_t enrolment_id);

/* The message key (in templates/messages, section "refusal") for a result, e.g.
   "refusal.wrong_grade"; its text takes {{title}} and {{max}}. */
const char *enrol_result_key(enum enrol_result result);

#endif
