/* Staff competence over time (issue 15, part 6; the coalition's kwaliteitsstandaard
   personeel): a staff member's level (start/basis/vak) with the date it was assessed, and the
   trainings followed. No HTTP here.

   The rule, exactly:
   - The level valid on a date is the level of the staff member's latest assessment dated on or
     before that date (staff_levels.assessed_on <= date). An assessment dated after the date
     does not count for it; before the first assessment the staff member has no level (which
     counts as neither basis- nor vakbekwaam). One assessment per staff member and date.
   - staff.level is the level of the latest assessment ('start' without any): every write
     here keeps it so (staff_level_sync), for the readers that show the current level.
   - Levels kept from before this history (migration 0026) and levels loaded in the old
     single-level form ("level": "vak") are assessments dated STAFF_LEVEL_SINCE_ALWAYS.
   - A new assessment or training is dated a real day, not after today; a training has a
     one-line name of at most TRAINING_NAME_MAX characters. */
#ifndef VERRIJKT_DOMAIN_OFFER_COMPETENCE_H
#define VERRIJKT_DOMAIN_OFFER_COMPETENCE_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum { TRAINING_NAME_MAX = 120 };

/* The date of a level known without the date of its assessment. */
#define STAFF_LEVEL_SINCE_ALWAYS "2000-01-01"

/* The SQL form of the rule: the level valid on the date `date` (SQL text) of the staff member
   whose id is `staff` (SQL text), NULL before the first assessment. */
#define STAFF_LEVEL_ON_SQL(staff, date)                                                        \
    "(SELECT l.level FROM staff_levels l WHERE l.staff_id = " staff                            \
    " AND l.assessed_on <= " date " ORDER BY l.assessed_on DESC LIMIT 1)"

/* One assessment. */
struct staff_assessment {
    const char *date; /* "YYYY-MM-DD" */
    const char *level;
};

/* The C form of the rule: the level valid on date of the assessments (in any order); NULL
   before the first. Points into the assessments. */
const char *staff_level_on(const struct staff_assessment *items, size_t n, const char *date);

/* Record an assessment of staff_id: level on date (checked: a level of staff_levels, a valid
   date not after today, none yet on that date), and staff.level brought in line, in one
   transaction audited as user_id. OUTCOME_OK, _INVALID (problems: "level", "date"),
   _NOT_FOUND, _FAILED. */
enum outcome staff_assess(struct db *db, int64_t user_id, int64_t staff_id, const char *level,
                          const char *date, int32_t today, struct problems *problems);
/* Record a training staff_id followed: name (problems "name") on date ("date"), as for
   staff_assess. */
enum outcome staff_add_training(struct db *db, int64_t user_id, int64_t staff_id,
                                const char *name, const char *date, int32_t today,
                                struct problems *problems);

/* Inside a write transaction: set staff.level of staff_id to the level of its latest
   assessment ('start' without any). 0 or -1. */
int staff_level_sync(struct db *db, int64_t staff_id);
/* Inside a write transaction: record (or replace) the assessment of staff_id on date with
   level, and sync staff.level. For writers that have checked level and date. 0 or -1. */
int staff_level_put(struct db *db, int64_t staff_id, const char *level, const char *date);

#endif
