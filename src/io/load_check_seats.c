/* The capacity rule of the site (an activity never has more enrolled pupils than seats, and
   its capacity cannot go below the enrolled: domain/offer/activities.c) for a load document:
   run after the sections were checked on their own. The enrolled pupils of an activity after
   the load are those of the database whose enrolment the document does not also give, plus
   the document's enrolments with status "enrolled"; its seats are the document's capacity
   when the document has the activity, else the database's. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "io/loadjson_internal.h"

/* "pupil\x1factivity", the key of an enrolment (keys cannot hold \x1f). */
static const char *pair_key(char *buf, size_t size, const char *pupil, const char *activity)
{
    snprintf(buf, size, "%s\x1f%s", pupil, activity);
    return buf;
}

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

struct seats {
    struct keymap in_doc;   /* the document's enrolments: pair_key → index */
    struct keymap enrolled; /* activity key → enrolled pupils counted so far */
};

/* The activity's seats: the document's capacity, else the database's (0 when neither has
   one, which the reference checks have refused already). */
static int64_t seats_of(struct load_ctx *ctx, const char *activity)
{
    int64_t *index = keymap_get(&ctx->in_doc[E_ACTIVITY], activity);
    if (index)
        return json_integer_value(json_object_get(
            json_array_get(load_section(ctx->doc, "activities"), (size_t)*index), "capacity"));
    return db_int_text(ctx->db, "SELECT capacity FROM activities WHERE key = ?1", activity, 0,
                       0, 0);
}

/* The enrolled pupils of the activity in the database whose enrolment the document does not
   replace; -1 on a database error. */
static int64_t enrolled_kept(struct load_ctx *ctx, struct seats *s, const char *activity)
{
    sqlite3_stmt *st = load_stmt(ctx, "enrolments",
                                 "SELECT p.key FROM enrolments e"
                                 " JOIN activities a ON a.id = e.activity_id"
                                 " JOIN pupils p ON p.id = e.pupil_id"
                                 " WHERE a.key = ?1 AND e.status = 'enrolled'");
    if (!st)
        return -1;
    db_bind_text(st, 1, activity);
    int64_t kept = 0;
    int rc;
    char buf[2 * LOAD_KEY_MAX + 8];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        kept += !keymap_get(&s->in_doc, pair_key(buf, sizeof buf, db_col_text(st, 0), activity));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? kept : -1;
}

/* The count of enrolled pupils of activity so far, starting from those the database keeps.
   NULL on a database error (ctx->err set). */
static int64_t *enrolled_count(struct load_ctx *ctx, struct seats *s, const char *activity)
{
    int64_t *count = keymap_get(&s->enrolled, activity);
    if (count)
        return count;
    int64_t kept = enrolled_kept(ctx, s, activity);
    if (kept < 0) {
        load_fail(ctx, "enrolments", "cannot read the enrolments of '%s'", activity);
        return NULL;
    }
    keymap_put(&s->enrolled, activity, kept);
    return keymap_get(&s->enrolled, activity);
}

/* Each enrolled pupil of the document in file order: refused when it takes the activity past
   its seats. 0 or -1. */
static int check_enrolments(struct load_ctx *ctx, struct seats *s)
{
    json_t *items = load_section(ctx->doc, "enrolments");
    size_t i;
    json_t *item;
    json_array_foreach (items, i, item) {
        const char *activity = str(item, "activity");
        if (strcmp(str(item, "status"), "enrolled"))
            continue;
        int64_t *count = enrolled_count(ctx, s, activity);
        if (!count)
            return -1;
        int64_t seats = seats_of(ctx, activity);
        if (++*count > seats) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "enrolments[%zu]", i);
            return load_fail(ctx, prefix,
                             "activity '%s' has a capacity of %lld: pupil '%s' would be enrolled"
                             " pupil %lld (put the others on the waiting list: status"
                             " \"waitlisted\")",
                             activity, (long long)seats, str(item, "pupil"), (long long)*count);
        }
    }
    return 0;
}

/* Each activity of the document without enrolments in it: its capacity not below the pupils
   the database has enrolled. 0 or -1. */
static int check_activities(struct load_ctx *ctx, struct seats *s)
{
    json_t *items = load_section(ctx->doc, "activities");
    size_t i;
    json_t *item;
    json_array_foreach (items, i, item) {
        const char *activity = str(item, "key");
        int64_t *count = enrolled_count(ctx, s, activity);
        if (!count)
            return -1;
        int64_t seats = json_integer_value(json_object_get(item, "capacity"));
        if (*count > seats) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "activities[%zu].capacity", i);
            return load_fail(ctx, prefix,
                             "%lld pupils are enrolled in '%s', more than its capacity of %lld",
                             (long long)*count, activity, (long long)seats);
        }
    }
    return 0;
}

int load_check_seats(struct load_ctx *ctx)
{
    struct seats s = {0};
    json_t *items = load_section(ctx->doc, "enrolments");
    size_t i;
    json_t *item;
    char buf[2 * LOAD_KEY_MAX + 8];
    json_array_foreach (items, i, item)
        keymap_put(&s.in_doc, pair_key(buf, sizeof buf, str(item, "pupil"), str(item, "activity")),
                   (int64_t)i);
    int rc = check_enrolments(ctx, &s);
    if (rc == 0)
        rc = check_activities(ctx, &s);
    keymap_free(&s.in_doc);
    keymap_free(&s.enrolled);
    return rc;
}
