/* Dates and moments as people read them, in the request's language ("vrijdag 18 december
   2026, 23:59" / "Friday 18 December 2026, 23:59"); the words come from the message files
   (section "date"). */
#ifndef VERRIJKT_PAGES_WHEN_H
#define VERRIJKT_PAGES_WHEN_H

#include "pages/layer.h"

#include <jansson.h>

struct req;

/* "YYYY-MM-DD" → "vrijdag 18 december 2026". The input itself when it is not a date.
   Arena-owned. */
const char *when_date(struct req *r, const char *iso_date);
/* "YYYY-MM-DD" → "18 december 2026" (no weekday: for periods). As when_date otherwise. */
const char *when_day(struct req *r, const char *iso_date);
/* "YYYY-MM-DDTHH:MM" (or with seconds) → "vrijdag 18 december 2026, 23:59". The input itself
   when it is not such a moment. Arena-owned. */
const char *when_moment(struct req *r, const char *iso_moment);

/* For the staff pages' tables and lists, the short words form "9 sep. 2025" of each member
   named in keys (a NULL-ended list) that holds a "YYYY-MM-DD" date, into "<key>_label", in
   each object of rows (an array, or one object). ISO dates stay for inputs and exports only.
   A missing or empty member gets "". Changes rows in place; NULL passes through. */
json_t *when_labels(json_t *rows, const char *const *keys);

/* What tells apart activities with the same title, in the request's language: the group range
   and the period, "groep 5–8, sep.–jan." ("leerjaar" when kind is "vo"; the dates in words
   when the months alone do not say it: within one month, or over a year). from and until are
   "YYYY-MM-DD". Arena-owned. */
const char *when_activity_span(struct req *r, const char *kind, int grade_min, int grade_max,
                               const char *from, const char *until);
/* when_activity_span of each row of an array (or of one object) into its member "span", from
   its members grade_min, grade_max, date_from, date_until and, when present, school_kind.
   Changes rows in place; NULL passes through. Returns rows. */
json_t *when_spans(struct req *r, json_t *rows);

/* Dates in words remembered for one request, so that a list puts each distinct date, period
   and span into words once instead of once per row. Make one with when_memo_new (arena-owned,
   for this request only); the _memo functions answer as the functions of the same name. */
struct when_memo;
struct when_memo *when_memo_new(struct req *r);
/* when_day through the memo. Arena-owned. */
const char *when_day_memo(struct req *r, struct when_memo *m, const char *iso_date);
/* "7 september 2026 – 18 december 2026": when_day of both, through the memo. Arena-owned. */
const char *when_period_memo(struct req *r, struct when_memo *m, const char *from,
                             const char *until);
/* The name of weekday 1 (Monday) to 7 (Sunday) ("date.weekday_N"; 1 for any other number),
   through the memo. Static. */
const char *when_weekday_memo(struct req *r, struct when_memo *m, int weekday);
/* The weekly slots of an activity in words, from the text of SCHEDULE_SLOTS_SQL
   ("2 15:00 16:00,4 15:00 16:00"): one slot "dinsdag 15:00–16:00"; several with the same
   times "di en do 15:00–16:00"; else "di 15:00–16:00, do 16:00–17:00" (by weekday). "" for
   NULL. Arena-owned. */
const char *when_slots(struct req *r, const char *slots);
/* when_slots of each row's member "slots" into its member "slots_label", in each object of rows
   (an array, or one object). Changes rows in place; returns rows. */
json_t *when_slots_labels(struct req *r, json_t *rows);

/* when_spans through the memo: rows with the same kind, grades and dates share one text. */
json_t *when_spans_memo(struct req *r, struct when_memo *m, json_t *rows);
/* when_slots and when_slots_labels through the memo: rows with the same slots share one
   text. */
const char *when_slots_memo(struct req *r, struct when_memo *m, const char *slots);
json_t *when_slots_labels_memo(struct req *r, struct when_memo *m, json_t *rows);

#endif
