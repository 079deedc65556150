/* The pupil's voice in the load format (issue 15, part 2): "interests" ({"pupil", "date",
   "domains": [CODE…], "other", "source", "created"}) and "feedback" ({"pupil", "activity",
   "date", "score", "again", "created"}). Checked after their fields (load_fields.c), written
   after the visits, dumped after them. Loading inserts or updates and never deletes:
   - an interest answer by (pupil, date, source); source absent means "class" (the tablet), as
     dumped; "other" absent means false; its domains become the document's; an answer names a
     domain or "other";
   - a feedback by (pupil, activity, date).
   "created" given is stored as given; absent, an existing row keeps its own and a new one gets
   the load time. The questionnaires themselves (codes valid for one lesson) are not part of
   the format. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "io/loadjson_internal.h"
#include "util/date.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

static const char *source_of(json_t *item)
{
    const char *source = str(item, "source");
    return source ? source : "class";
}

/* ---- checks ------------------------------------------------------------------------------- */

int load_check_interest(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index)
{
    if (load_check_ref(ctx, prefix, item, "pupil", E_PUPIL) ||
        load_check_refs(ctx, prefix, item, "domains", E_DOMAIN))
        return -1;
    if (!json_array_size(json_object_get(item, "domains")) &&
        !json_is_true(json_object_get(item, "other")))
        return load_fail(ctx, prefix, "an answer names a domain or \"other\"");
    char combo[300];
    snprintf(combo, sizeof combo, "%s\x1f%s\x1f%s", str(item, "pupil"), str(item, "date"),
             source_of(item));
    if (!keymap_put(&seen[0], combo, (int64_t)index))
        return load_fail(ctx, prefix, "a second answer of '%s' on %s (%s)", str(item, "pupil"),
                         str(item, "date"), source_of(item));
    return 0;
}

int load_check_feedback(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index)
{
    if (load_check_ref(ctx, prefix, item, "pupil", E_PUPIL) ||
        load_check_ref(ctx, prefix, item, "activity", E_ACTIVITY))
        return -1;
    char combo[300];
    snprintf(combo, sizeof combo, "%s\x1f%s\x1f%s", str(item, "pupil"), str(item, "activity"),
             str(item, "date"));
    if (!keymap_put(&seen[0], combo, (int64_t)index))
        return load_fail(ctx, prefix, "a second feedback of '%s' on '%s' on %s",
                         str(item, "pupil"), str(item, "activity"), str(item, "date"));
    return 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* The answer's domains become the item's (inside the load's transaction). 0 or -1. */
static int write_interest_domains(struct load_ctx *ctx, const char *prefix, int64_t answer_id,
                                  json_t *item)
{
    sqlite3_stmt *del =
        load_stmt(ctx, prefix, "DELETE FROM interest_answer_domains WHERE answer_id = ?1");
    sqlite3_stmt *ins = load_stmt(ctx, prefix, "INSERT INTO interest_answer_domains"
                                                " (answer_id, domain_id) VALUES (?1, ?2)");
    if (!del || !ins)
        return -1;
    sqlite3_bind_int64(del, 1, answer_id);
    if (load_run(ctx, del, prefix))
        return -1;
    size_t i;
    json_t *code;
    json_array_foreach (json_object_get(item, "domains"), i, code) {
        sqlite3_bind_int64(ins, 1, answer_id);
        sqlite3_bind_int64(ins, 2, load_id(ctx, E_DOMAIN, json_string_value(code)));
        if (load_run(ctx, ins, prefix))
            return -1;
    }
    return 0;
}

int load_write_interests(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    size_t i;
    json_t *item;
    json_array_foreach (load_section(ctx->doc, "interests"), i, item) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "interests[%zu]", i);
        sqlite3_stmt *st = load_stmt(
            ctx, prefix,
            "INSERT INTO interest_answers (pupil_id, date, other, source, created_at)"
            " VALUES (?1, ?2, ?3, ?4, coalesce(?5, ?6)) ON CONFLICT (pupil_id, date, source)"
            " DO UPDATE SET other = excluded.other, created_at = coalesce(?5, created_at)"
            " RETURNING id");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, load_id(ctx, E_PUPIL, str(item, "pupil")));
        db_bind_text(st, 2, str(item, "date"));
        sqlite3_bind_int(st, 3, json_is_true(json_object_get(item, "other")));
        db_bind_text(st, 4, source_of(item));
        db_bind_text(st, 5, str(item, "created"));
        db_bind_text(st, 6, now);
        int rc = sqlite3_step(st);
        int64_t answer_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (!answer_id)
            return load_fail(ctx, prefix, "cannot be saved: %s",
                             sqlite3_errmsg(db_handle(ctx->db)));
        if (write_interest_domains(ctx, prefix, answer_id, item))
            return -1;
    }
    return 0;
}

int load_write_feedback(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    size_t i;
    json_t *item;
    json_array_foreach (load_section(ctx->doc, "feedback"), i, item) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "feedback[%zu]", i);
        sqlite3_stmt *st = load_stmt(
            ctx, prefix,
            "INSERT INTO feedback (pupil_id, activity_id, date, score, again, created_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, ?7))"
            " ON CONFLICT (pupil_id, activity_id, date) DO UPDATE SET score = excluded.score,"
            " again = excluded.again, created_at = coalesce(?6, created_at)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, load_id(ctx, E_PUPIL, str(item, "pupil")));
        sqlite3_bind_int64(st, 2, load_id(ctx, E_ACTIVITY, str(item, "activity")));
        db_bind_text(st, 3, str(item, "date"));
        sqlite3_bind_int64(st, 4, json_integer_value(json_object_get(item, "score")));
        sqlite3_bind_int(st, 5, json_is_true(json_object_get(item, "again")));
        db_bind_text(st, 6, str(item, "created"));
        db_bind_text(st, 7, now);
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* ---- dump --------------------------------------------------------------------------------- */

static void dump_interests(struct dump *d, json_t *doc)
{
    json_t *items = json_array(), *answer = NULL, *domains = NULL;
    int64_t current = 0;
    sqlite3_stmt *st = db_stmt(
        d->db, "SELECT x.id, p.key, x.date, x.other, x.source, x.created_at, dm.code"
               " FROM interest_answers x JOIN pupils p ON p.id = x.pupil_id"
               " LEFT JOIN interest_answer_domains ad ON ad.answer_id = x.id"
               " LEFT JOIN domains dm ON dm.id = ad.domain_id"
               " ORDER BY p.key, x.date, x.source, dm.position, dm.code");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!answer || id != current) {
            current = id;
            answer = json_object();
            domains = json_array();
            dump_put_text(d, answer, "pupil", st, 1);
            dump_put_text(d, answer, "date", st, 2);
            dump_put(d, answer, "domains", domains);
            if (sqlite3_column_int(st, 3))
                dump_put(d, answer, "other", json_true());
            if (strcmp(db_col_text(st, 4), "class"))
                dump_put_text(d, answer, "source", st, 4);
            dump_put_text(d, answer, "created", st, 5);
            json_array_append_new(items, answer);
        }
        if (sqlite3_column_type(st, 6) != SQLITE_NULL)
            json_array_append_new(domains, json_string(db_col_text(st, 6)));
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    dump_put(d, doc, "interests", items);
}

static void dump_feedback(struct dump *d, json_t *doc)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(
        d->db, "SELECT p.key, a.key, f.date, f.score, f.again, f.created_at FROM feedback f"
               " JOIN pupils p ON p.id = f.pupil_id JOIN activities a ON a.id = f.activity_id"
               " ORDER BY p.key, a.key, f.date");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *f = json_object();
        dump_put_text(d, f, "pupil", st, 0);
        dump_put_text(d, f, "activity", st, 1);
        dump_put_text(d, f, "date", st, 2);
        dump_put(d, f, "score", json_integer(sqlite3_column_int64(st, 3)));
        dump_put(d, f, "again", json_boolean(sqlite3_column_int(st, 4)));
        dump_put_text(d, f, "created", st, 5);
        json_array_append_new(items, f);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    dump_put(d, doc, "feedback", items);
}

void dump_voice(struct dump *d, json_t *doc)
{
    dump_interests(d, doc);
    dump_feedback(d, doc);
}
