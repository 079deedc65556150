/* Study days (studiedagen, issue 14): per school, dates without sessions of that school's
   activities. Adding or deleting one resyncs the school's schedules like a holiday does
   (schedule_sync_closed: sessions with records are cancelled, never deleted; families are
   told of sessions ahead that no longer take place). No HTTP here. */
#ifndef VERRIJKT_DOMAIN_OFFER_STUDY_DAYS_H
#define VERRIJKT_DOMAIN_OFFER_STUDY_DAYS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum { STUDY_DAY_NOTE_MAX = 200 };

struct study_day_input {
    const char *date; /* "YYYY-MM-DD" */
    const char *note; /* "" or NULL when none */
};

/* The problems of in (field "date": "problem.study_day_date"; "note": a one_line_error key)
   into out (emptied first); their number. */
int study_day_check(const struct study_day_input *in, struct problems *out);

/* Add a study day of school_id, resync the school's sessions and audit, in one transaction.
   OUTCOME_INVALID with the problems in out (also "problem.study_day_taken" on "date" when the
   school has that day already), OUTCOME_NOT_FOUND when the school does not exist. *id_out gets
   the id, *sessions_changed (may be NULL) the sessions added, changed or removed. */
enum outcome study_day_create(struct db *db, int64_t user_id, int64_t school_id,
                              const struct study_day_input *in, int64_t *id_out,
                              long long *sessions_changed, struct problems *out);
/* Delete study day study_day_id of school_id (OUTCOME_NOT_FOUND when the school has no such
   day), resync and audit, in one transaction. */
enum outcome study_day_delete(struct db *db, int64_t user_id, int64_t school_id,
                              int64_t study_day_id, long long *sessions_changed);

/* The study days of school_id by date: [{"id", "date", "note"}]. New reference; NULL on a
   database error. */
json_t *read_study_days(struct db *db, int64_t school_id);
/* Study day study_day_id of school_id as {"id", "date", "note"} into *out: 1, 0 (none), -1. */
int read_study_day(struct db *db, int64_t school_id, int64_t study_day_id, json_t **out);

#endif
