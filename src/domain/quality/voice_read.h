/* Reads of the pupil's voice (domain/quality/voice.h). json_t * functions give NULL on a
   database error (logged), never an empty list; int functions 1 (found), 0 (none; *out NULL)
   or -1. */
#ifndef VERRIJKT_DOMAIN_QUALITY_VOICE_READ_H
#define VERRIJKT_DOMAIN_QUALITY_VOICE_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

#include "domain/quality/voice.h"

struct db;

/* The pupils who may answer on q, as the tablet shows them: [{"id", "name", "answered"}] by
   first name. name: the first name only, with the initial of the last name ("Anna B.") when
   another pupil of the list has the same first name; never more. answered: the pupil has an
   answer of q's kind and date (interest: from the class; feedback: on q's activity). */
json_t *read_questionnaire_pupils(struct db *db, const struct questionnaire *q);

/* The groups of school_id with pupils at school: [{"class", "pupils"}] by class. */
json_t *read_school_groups(struct db *db, int64_t school_id);

/* The title of activity_id ("title"), for the feedback page. */
int read_feedback_activity(struct db *db, int64_t activity_id, json_t **out);

#endif
