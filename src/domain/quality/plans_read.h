/* Reads of the activity plan (domain/quality/plans.h): the questions and an activity's
   answers. json_t * functions give NULL on a database error (logged), never an empty list;
   int functions answer 1 (found), 0 (none; *out NULL) or -1. Data only: words are the
   pages'. */
#ifndef VERRIJKT_DOMAIN_QUALITY_PLANS_READ_H
#define VERRIJKT_DOMAIN_QUALITY_PLANS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Every question in position order: [{"id", "key", "position", "question", "help",
   "required" (boolean)}]. New reference or NULL. */
json_t *read_plan_questions(struct db *db);

/* Question id as one row of read_plan_questions into *out (new reference). */
int read_plan_question(struct db *db, int64_t id, json_t **out);

/* Every question with activity_id's answer, in position order: [{"id" (the question's),
   "key", "question", "help", "required" (boolean), "answer" ("" when none), "updated_at"
   (null when none), "by" (the author's name, else e-mail; null when none or the account is
   gone)}]. New reference or NULL. */
json_t *read_activity_plan(struct db *db, int64_t activity_id);

#endif
