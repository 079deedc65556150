/* Reads of pupils, for pages and other areas. int functions answer 1 (found), 0 (none; *out
   NULL) or -1 (database error, logged); json_t * functions give a new reference, or NULL on a
   database error, never an empty list on failure. */
#ifndef VERRIJKT_DOMAIN_PEOPLE_PUPILS_READ_H
#define VERRIJKT_DOMAIN_PEOPLE_PUPILS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The school of pupil_id into *school_id (0 when there is no such pupil). */
int read_pupil_school(struct db *db, int64_t pupil_id, int64_t *school_id);

/* Pupil id as {"id", "key", "number", "first_name", "last_name", "grade", "class",
   "priority" (boolean), "link_code" (or null), "safety_notes", "left_on" (or null),
   "school_id", "school_key", "school" (its name), "school_kind" ("po" or "vo")} into *out. */
int read_pupil(struct db *db, int64_t pupil_id, json_t **out);

/* The pupil with key as {"id", "first_name", "last_name", "grade", "priority" (boolean)}
   into *out. */
int read_pupil_by_key(struct db *db, const char *key, json_t **out);

/* The pupil's enrolments, the latest activity first (then by title): [{"id" (the enrolment),
   "activity_id", "title", "status", "position" (on the waiting list, 1 = next; null when not
   waiting), "from", "until" (the activity's first and last day)}]. */
json_t *read_pupil_enrolments(struct db *db, int64_t pupil_id);

/* The pupil's attendance per activity, from the marks of the registers (sessions not
   cancelled), the latest activity first: [{"activity_id", "title", "from", "until" (the
   activity's first and last day), "sessions" (the sessions with a mark for the pupil),
   "present", "absent", "excused" (their counts), "last_date" (the latest marked session)}].
   Activities without a mark for the pupil are left out. New reference or NULL. */
json_t *read_pupil_attendance(struct db *db, int64_t pupil_id);

/* The pupil's latest marks, at most per_activity of each activity, newest first within
   each: [{"activity_id", "session_id", "date", "start", "status" ("present", "absent" or
   "excused")}]. New reference or NULL. */
json_t *read_pupil_recent_marks(struct db *db, int64_t pupil_id, int per_activity);

/* The parent accounts linked to the pupil, by e-mail address: [{"id", "email", "name"}]. */
json_t *read_pupil_parents(struct db *db, int64_t pupil_id);

/* Which pupils get a parent letter: those of school (required) still at school and with a
   link code, in grade (0 = any) and class ("" or NULL = any), with an id from first_id to
   last_id (both 0 = any; the pupils one import created). */
struct pupil_letter_filter {
    int64_t school;
    int grade;
    const char *class_name;
    int64_t first_id, last_id;
};

/* The pupils of filter by class, last name, first name (case ignored) and id: [{"id",
   "first_name", "last_name", "grade", "class", "link_code"}]. New reference or NULL. */
json_t *read_pupil_letters(struct db *db, const struct pupil_letter_filter *filter);

/* Which pupils a list shows. */
struct pupil_filter {
    const char *q;  /* found anywhere in number, first, last or full name, case and accents
                       ignored (names.h); "" = no search */
    int grade;      /* 0 = all */
    int priority;   /* 0 or 1; -1 = all */
    int64_t school; /* 0 = all */
};

/* How many pupils match filter, into *count. 1, or -1 on error. */
int read_pupils_count(struct db *db, const struct pupil_filter *filter, int64_t *count);

/* The pupils matching filter by surname without its tussenvoegsel ("de Boer" under B), first
   name (case and accents ignored: domain/people/names.h) and id, limit of them
   after skipping offset: [{"id", "number", "first_name", "last_name", "grade", "class",
   "priority" (boolean), "left_on" (or null), "school_id", "school_key", "school" (its
   name)}]. */
json_t *read_pupils_page(struct db *db, const struct pupil_filter *filter, int limit,
                         int64_t offset);

#endif
