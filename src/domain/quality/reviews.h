/* The yearly review of one school (jaargesprek, issue 5): what the school and the coalition
   lead talk about once a year, and what they conclude. The figures themselves come from
   domain/reports.h (report_compute for this school year and the one before); this file adds
   what the report does not give:
   - the school's activities of the school year with their goal, held sessions and whether
     they qualify (at least min_sessions held sessions) or are incidental, with their domains;
   - the evaluations (nabesprekingen) of those activities summarised: how many answered
     "as planned" yes, partly and no, and the latest remarks;
   - the safety incidents counted per severity (no names, no texts: privacy);
   - the conclusions of the conversation, one free text per theme of the quality plan (seed
     000_…: doelgerichtheid, verbinding thuis–school, personeel, duur en intensiteit,
     coördinatie) plus the agreements made, saved per school and school year with who wrote
     them and when, and audited.
   A school year is named by the calendar year it starts in: 2025 is 1 August 2025 – 31 July
   2026. Who may read or write which school is the pages' concern. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_REVIEWS_H
#define VERRIJKT_DOMAIN_REVIEWS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;
struct problems;

enum {
    REVIEW_THEMES = 6,       /* the rows of the theme table */
    REVIEW_TEXT_MAX = 4000,  /* characters of one theme's conclusions */
    REVIEW_REMARKS = 3,      /* latest evaluation remarks shown per activity */
    REVIEW_YEAR_MIN = 2000,  /* the school years a review can be asked for */
    REVIEW_YEAR_MAX = 2999,
};

/* ---- school years ---------------------------------------------------------------------------- */

/* The school year that day ("YYYY-MM-DD") falls in: the year of the 1 August on or before it.
   -1 when day is not a date. */
int review_year_of(const char *day);
/* Read a year as typed in ?year=: digits only, REVIEW_YEAR_MIN..REVIEW_YEAR_MAX. 0 or -1
   (then *year is untouched). */
int review_year_parse(const char *s, int *year);
/* The first and last day of school year year: "2025-08-01" and "2026-07-31" (year is clamped
   to REVIEW_YEAR_MIN..REVIEW_YEAR_MAX). */
void review_year_period(int year, char from[11], char to[11]);
/* "2025–2026" (with an en dash). out: at least 16 bytes. */
void review_year_label(int year, char out[16]);
/* What school year year is set beside, so that like is compared with like (issue 10, point 7):
   while the year is under way (its first day <= today < its last day) "this year so far"
   (1 August to today) stands beside the same stretch of the year before: its 1 August to the
   same day one year before today (29 February becomes 28 February). A year that is over, or
   has not begun, stands beside the whole previous year. last_from and last_to get that
   period ("YYYY-MM-DD"). Returns 1 for a stretch (year under way), 0 for a whole year, -1
   when today is not a date (the whole previous year is filled in then). */
int review_compare_period(int year, const char *today, char last_from[11], char last_to[11]);

/* ---- the themes ------------------------------------------------------------------------------ */

struct review_theme {
    const char *code;  /* the form field and the stored theme: "doelgerichtheid" */
    const char *label; /* Dutch: "Doelgerichtheid" */
    const char *hint;  /* Dutch: the question of the quality plan to talk about */
};

/* Theme i (i < REVIEW_THEMES) in the order of the page, or NULL. Static. */
const struct review_theme *review_theme(size_t i);
/* The index of the theme with this code, or -1. */
int review_theme_index(const char *code);

/* ---- the conclusions ------------------------------------------------------------------------- */

/* The conclusions of school_id for year, one entry per theme in table order: {"code", "label",
   "hint", "text" ("" when none), "updated_at" ("YYYY-MM-DDTHH:MM:SS.mmm", "" when none),
   "updated_by" (the author's name, else e-mail; "" when none or the account is gone)}.
   New reference; NULL on a database error. */
json_t *review_conclusions(struct db *db, int64_t school_id, int year);
/* Every school's conclusions for year that have a text (a stored one always has), in one
   query: {"SCHOOL_ID": [the entries of review_conclusions with a text, in table order]}; a
   school without one is not in it. New reference; NULL on a database error. */
json_t *review_conclusions_written(struct db *db, int year);

/* What a form posts. Strings are borrowed. text[i] NULL: theme i was not posted, or the page
   refused it already (its own message is shown): it stays as stored. seen[i] is the
   updated_at of theme i when the form was loaded ("" when it had no text then); NULL skips
   the check that nobody changed it in between (a client that does not send it). */
struct review_input {
    const char *text[REVIEW_THEMES];
    const char *seen[REVIEW_THEMES];
};

/* Check the texts of in: valid UTF-8, no control characters other than line breaks and tabs,
   at most REVIEW_TEXT_MAX characters, no BSN (PRODUCT.md rule 8). Problems go to the theme's
   field. Returns the number of problems. */
int review_check(const struct review_input *in, struct problems *problems);

/* Save the conclusions of school_id for year written by user_id (0: the command line) in ONE
   transaction: review_check again, then for each posted theme whose text differs from the
   stored one, a conflict check (seen given and not the stored updated_at: somebody else saved
   this theme after the form was loaded; the problem names who and when), then the theme is
   written (an empty text removes it) with updated_at and updated_by, and one audit record
   (entity "review_conclusions", the school's id, detail "2025 personeel": no text). Unchanged
   themes are not touched. *changed (may be NULL) gets the number of themes written. Any
   problem: OUTCOME_INVALID, nothing written; a database error: OUTCOME_FAILED. */
enum outcome review_save(struct db *db, int64_t user_id, int64_t school_id, int year,
                         const struct review_input *in, struct problems *problems, int *changed);

/* ---- the summaries --------------------------------------------------------------------------- */

/* The activities of school_id of the period from..upto (those with at least one held session
   in it: dated from..upto, not cancelled; upto is the period's end or today, whichever comes
   first, as report.upto), by title: [{"id", "title", "goal", "provider" ("" when none),
   "grade_min", "grade_max", "sessions" (held), "qualifying" (sessions >= min_sessions),
   "domains" [codes, in domain order], "evaluations" {"yes", "partly", "no", "total"} (the
   evaluations of those held sessions), "remarks" [the latest REVIEW_REMARKS of them, newest
   first: {"date", "author", "role", "as_planned", "as_planned_label",
   "went_well", "to_change", "note"}]}].
   New reference; NULL on a database error. */
json_t *review_activities(struct db *db, int64_t school_id, const char *from, const char *upto,
                          int min_sessions);

/* The incidents of a school in a period, counted. */
struct review_incidents {
    int total;
    int by_severity[3]; /* in the order of incident_severities: laag, middel, hoog */
};

/* Count the incidents of school_id that occurred from..to (both included). 0 or -1. */
int review_incidents_count(struct db *db, int64_t school_id, const char *from, const char *to,
                           struct review_incidents *out);

#endif
