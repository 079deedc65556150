/* Shared between the parts of the load format: loadjson.c (entry), load_fields.c and
   load_check.c (validation), load_write.c (the one write transaction) and dump.c, and for the
   sections of the quality of the programme (norms, evaluations, incidents, reviews):
   load_check_quality.c, load_write_quality.c and dump_quality.c. Not for use elsewhere. */
#ifndef VERRIJKT_DOMAIN_LOADJSON_INTERNAL_H
#define VERRIJKT_DOMAIN_LOADJSON_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

struct db;

/* A hash map from strings (copied, owned by the map) to 64-bit values. Zero-initialise. */
struct keymap {
    struct keymap_slot *slots;
    size_t cap, n;
};
/* The value stored under key, or NULL. */
int64_t *keymap_get(const struct keymap *m, const char *key);
/* Store value under key, replacing an old value. Returns true when the key was new. */
bool keymap_put(struct keymap *m, const char *key, int64_t value);
void keymap_free(struct keymap *m);

/* The things other sections refer to by key (domains by code, users by e-mail address; in
   in_doc a user's address is lower case, as the database compares it). */
enum entity {
    E_SCHOOL, E_PROVIDER, E_STAFF, E_DOMAIN, E_ACTIVITY, E_PUPIL, E_ROUND, E_USER,
    E_PLAN_QUESTION, /* by key (issue 15, load_plans.c) */
    E_COUNT
};

/* The sections of the format, in the order of PRODUCT.md 6 (plus "sessions", and the four
   sections that came later: "norms", "evaluations", "incidents", "reviews"). */
extern const char *const load_sections[];

/* The six domains of the regulation, used when a document has none and the table is empty. */
struct default_domain {
    const char *code, *name;
};
enum { LOAD_DEFAULT_DOMAINS = 6 };
extern const struct default_domain load_default_domains[LOAD_DEFAULT_DOMAINS];

/* crypto_pwhash_STRBYTES; the longest key (letters, digits, '-', '_', '.'). */
enum { LOAD_HASH_SIZE = 128, LOAD_KEY_MAX = 100 };

struct load_ctx {
    struct db *db;
    json_t *doc;  /* borrowed */
    char *err;
    size_t errlen;
    struct keymap in_doc[E_COUNT]; /* key → index of the item in its section */
    struct keymap ids[E_COUNT];    /* key → database id (filled while writing) */
    char (*hashes)[LOAD_HASH_SIZE]; /* per users[] item: the password hash to store */
    size_t n_users;
    bool study_days_changed; /* a school's study days changed: every schedule is synced */
};

/* Write "prefix: reason" (printf-style reason) into ctx->err. Returns -1. */
int load_fail(struct load_ctx *ctx, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The section (NULL when absent, which the json_array_* functions treat as empty). Borrowed. */
json_t *load_section(json_t *doc, const char *name);

/* Check one object of section against the section's field table: no unknown fields, required
   ones present, each value of the right type and format. 0 or -1 with ctx->err set. */
int load_check_fields(struct load_ctx *ctx, const char *section, const char *prefix, json_t *obj);

/* Validate the whole document (nothing is written). 0 or -1 with ctx->err set. */
int load_check(struct load_ctx *ctx);

/* Write the validated document inside the caller's transaction. 0 or -1 with ctx->err set. */
int load_write(struct load_ctx *ctx);

/* ---- shared by load_check.c and load_check_quality.c -------------------------------------- */

/* The field `field` of item (prefix "section[i]") refers to an e by key, in the document or
   the database; absent is fine. 0 or -1 with ctx->err set ("prefix.field: unknown school 'x'"). */
int load_check_ref(struct load_ctx *ctx, const char *prefix, json_t *item, const char *field,
                   enum entity e);
/* Every key of the array field refers to an e, none twice. 0 or -1. */
int load_check_refs(struct load_ctx *ctx, const char *prefix, json_t *item, const char *field,
                    enum entity e);

/* The checks of item index of a later section (load_check_quality.c), run after its fields
   were checked against their table. seen: the section's set of items so far (for
   duplicates; zero-initialised per section, freed by the caller). 0 or -1 with ctx->err set. */
int load_check_norm(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                    size_t index);
int load_check_evaluation(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                          json_t *item, size_t index);
int load_check_incident(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index);
int load_check_review(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                      json_t *item, size_t index);
/* issue 15 (load_plans.c): the activity plan's questions, the answers per activity, visits. */
int load_check_plan_question(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                             json_t *item, size_t index);
int load_check_plan(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                    size_t index);
int load_check_visit(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                     size_t index);
/* issue 15 part 2 (load_voice.c): interest answers and feedback. */
int load_check_interest(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index);
int load_check_feedback(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index);

/* issue 15, part 4 (load_costs.c): an activity's "costs" (from the activity's check) and the
   section "budgets". */
int load_check_activity_costs(struct load_ctx *ctx, const char *prefix, json_t *activity);
int load_check_budget(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                      size_t index);

/* issue 15, part 6 (load_staff.c): a staff member's "levels" and "trainings" (from the staff
   member's check), and their writes after the staff. */
int load_check_staff_competence(struct load_ctx *ctx, const char *prefix, json_t *staff);
int load_write_staff_competence(struct load_ctx *ctx);

/* The capacity rule over the whole document (load_check_seats.c), after the sections were
   checked: no activity ends up with more enrolled pupils than seats, counting in file order
   the database's enrolled pupils that the document keeps and the document's own. 0 or -1 with
   ctx->err set ("enrolments[3]: activity 'judo' has a capacity of 2: …"). */
int load_check_seats(struct load_ctx *ctx);

/* The checks of the rollover's sections (load_rollover.c), as those of the later sections. */
int load_check_pupil_grade(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                           json_t *item, size_t index);
int load_check_rollover(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index);

/* ---- shared by load_write.c and load_write_quality.c -------------------------------------- */

/* A cached prepared statement, or NULL with the database error reported for prefix. */
sqlite3_stmt *load_stmt(struct load_ctx *ctx, const char *prefix, const char *sql);
/* Step a statement that returns no rows, then reset it. 0 or -1 with the database's reason
   for prefix ("prefix: cannot be saved: …"). */
int load_run(struct load_ctx *ctx, sqlite3_stmt *st, const char *prefix);
/* The session of activity_id on date (its actual date), or with that slot date when slot is
   not NULL (a moved session). 0 when there is none. */
int64_t load_find_session(struct load_ctx *ctx, int64_t activity_id, const char *date,
                          const char *slot);
/* "prefix.date: no session of 'judo' on 2025-09-03" (with " (slot …)" when slot). -1. */
int load_no_session(struct load_ctx *ctx, const char *prefix, const char *activity,
                    const char *date, const char *slot);

/* Write the later sections (load_write_quality.c), after the users. 0 or -1. */
int load_write_norms(struct load_ctx *ctx);
int load_write_evaluations(struct load_ctx *ctx);
int load_write_incidents(struct load_ctx *ctx);
int load_write_reviews(struct load_ctx *ctx);
/* Write the rollover's sections (load_rollover.c), after those. 0 or -1. */
int load_write_pupil_grades(struct load_ctx *ctx);
int load_write_rollovers(struct load_ctx *ctx);
int load_write_plan_questions(struct load_ctx *ctx);
int load_write_plans(struct load_ctx *ctx);
int load_write_visits(struct load_ctx *ctx);
/* load_costs.c: every activity's costs as its item says, after the activities; the budgets. */
int load_write_activity_costs(struct load_ctx *ctx);
int load_write_budgets(struct load_ctx *ctx);
int load_write_interests(struct load_ctx *ctx);
int load_write_feedback(struct load_ctx *ctx);

/* ---- shared by dump.c and dump_quality.c -------------------------------------------------- */

struct holiday_range;

/* The state of one dump; failed is set by any error (the dump then gives NULL). */
struct dump {
    struct db *db;
    bool failed;
    struct holiday_range *holidays;
    size_t n_holidays;
};

/* Set obj[name] = value (stolen); a NULL value (jansson refused it) fails the dump. */
void dump_put(struct dump *d, json_t *obj, const char *name, json_t *value);
/* The text column as a string field, always. */
void dump_put_text(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col);
/* The text column as a string field, unless it is NULL or empty. */
void dump_put_opt(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col);
/* The first column of every row of sql (?1 bound to id) as an array of strings, set as
   obj[name] unless it is empty. */
void dump_put_keys(struct dump *d, json_t *obj, const char *name, const char *sql, int64_t id);

/* Add the sections "norms", "evaluations", "incidents" and "reviews" to doc. */
void dump_quality(struct dump *d, json_t *doc);
/* Add the sections "pupil_grades" and "rollovers" to doc, each when it is not empty. */
void dump_rollovers(struct dump *d, json_t *doc);
/* Add the sections "plan_questions", "plans" and "visits" to doc (load_plans.c). */
void dump_plans(struct dump *d, json_t *doc);
/* load_costs.c: "costs" into an activity's item when it has them; the section "budgets". */
void dump_activity_costs(struct dump *d, json_t *activity, int64_t activity_id);
void dump_budgets(struct dump *d, json_t *doc);
/* Add the sections "interests" and "feedback" to doc (load_voice.c). */
void dump_voice(struct dump *d, json_t *doc);

/* The database id of key, looked up in ctx->ids and then in the database. 0 when unknown. */
int64_t load_id(struct load_ctx *ctx, enum entity e, const char *key);

/* Strict "YYYY-MM-DDTHH:MM:SS.mmm" → day number and milliseconds since midnight. 0 or -1. */
int timestamp_parse(const char *s, int32_t *day, int64_t *ms);
/* The inverse of timestamp_parse (24 bytes). */
void timestamp_format(int32_t day, int64_t ms, char out[24]);

#endif
