/* Writing the sections of the quality of the programme (norms, evaluations, incidents,
   reviews) inside the load's one transaction, after the users (they name their authors by
   e-mail address). Every section is inserted or updated, never deleted from (incidents cannot
   be deleted at all), so that loading a file twice changes nothing:
   - norms by figure, reviews by (school, year, theme), evaluations by (session, author) or,
     without an author, by (session, creation time);
   - incidents by (school, occurred_on, what, created); an item without "created" matches the
     first such incident whatever its creation time, else it is new and gets the load time.
   Bookkeeping ("updated", "updated_by") given in the item is stored as given. When it is
   absent, a row whose content does not change keeps what it had; a changed or new row gets the
   load time and no author (the command line). */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "io/loadjson_internal.h"
#include "util/date.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

static void item_prefix(char *buf, size_t n, const char *section, size_t i)
{
    snprintf(buf, n, "%s[%zu]", section, i);
}

/* Bind the number field of item, or NULL when it is absent. */
static void bind_number(sqlite3_stmt *st, int index, json_t *item, const char *field)
{
    json_t *v = json_object_get(item, field);
    if (json_is_number(v))
        sqlite3_bind_double(st, index, json_number_value(v));
    else
        sqlite3_bind_null(st, index);
}

/* The session item names by activity, date and slot; reports it for prefix when there is
   none. The session id, or 0. */
static int64_t item_session(struct load_ctx *ctx, const char *prefix, json_t *item,
                            int64_t activity_id)
{
    const char *date = str(item, "date"), *slot = str(item, "slot");
    int64_t id = load_find_session(ctx, activity_id, date, slot);
    if (!id)
        load_no_session(ctx, prefix, str(item, "activity"), date, slot);
    return id;
}

/* ---- norms ------------------------------------------------------------------------------- */

int load_write_norms(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    sqlite3_stmt *st = load_stmt(
        ctx, "norms",
        "INSERT INTO norms (figure, norm, ambition, updated_at, updated_by)"
        " VALUES (?1, ?2, ?3, coalesce(?4, ?6), nullif(?5, 0)) ON CONFLICT (figure) DO UPDATE SET"
        " norm = excluded.norm, ambition = excluded.ambition,"
        " updated_at = coalesce(?4, CASE WHEN norm IS excluded.norm AND ambition IS"
        " excluded.ambition THEN updated_at ELSE ?6 END),"
        " updated_by = CASE WHEN ?5 <> 0 THEN ?5 WHEN norm IS excluded.norm AND ambition IS"
        " excluded.ambition THEN updated_by END");
    if (!st)
        return -1;
    size_t i;
    json_t *n;
    json_array_foreach(load_section(ctx->doc, "norms"), i, n)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "norms", i);
        db_bind_text(st, 1, str(n, "figure"));
        bind_number(st, 2, n, "norm");
        bind_number(st, 3, n, "ambition");
        db_bind_text(st, 4, str(n, "updated"));
        sqlite3_bind_int64(st, 5, load_id(ctx, E_USER, str(n, "updated_by")));
        db_bind_text(st, 6, now);
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}

/* ---- evaluations ------------------------------------------------------------------------- */

/* Update the evaluation the item names (?1 session, ?2 author or 0, ?7 created), or insert it
   when there is none. */
static int write_evaluation(struct load_ctx *ctx, const char *prefix, json_t *e,
                            int64_t session_id, const char *now)
{
    sqlite3_stmt *update = load_stmt(
        ctx, prefix,
        "UPDATE evaluations SET went_well = ?3, to_change = ?4, as_planned = ?5, note = ?6,"
        " created_at = coalesce(?7, created_at), updated_at = coalesce(?8, CASE WHEN"
        " went_well = ?3 AND to_change = ?4 AND as_planned = ?5 AND note = ?6 THEN updated_at"
        " ELSE ?9 END) WHERE session_id = ?1 AND (user_id = ?2 OR (?2 = 0 AND user_id IS NULL"
        " AND created_at = ?7))");
    sqlite3_stmt *insert = load_stmt(
        ctx, prefix,
        "INSERT INTO evaluations (session_id, user_id, went_well, to_change, as_planned, note,"
        " created_at, updated_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, coalesce(?7, ?9),"
        " coalesce(?8, ?7, ?9))");
    if (!update || !insert)
        return -1;
    int64_t author_id = load_id(ctx, E_USER, str(e, "author"));
    const char *note = str(e, "note");
    sqlite3_stmt *both[] = {update, insert};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = both[i];
        sqlite3_bind_int64(st, 1, session_id);
        sqlite3_bind_int64(st, 2, author_id);
        db_bind_text(st, 3, str(e, "went_well"));
        db_bind_text(st, 4, str(e, "to_change"));
        db_bind_text(st, 5, str(e, "as_planned"));
        db_bind_text(st, 6, note ? note : "");
        db_bind_text(st, 7, str(e, "created"));
        db_bind_text(st, 8, str(e, "updated"));
        db_bind_text(st, 9, now);
        if (load_run(ctx, st, prefix))
            return -1;
        if (sqlite3_changes(db_handle(ctx->db)) > 0)
            break; /* updated: no insert */
    }
    return 0;
}

int load_write_evaluations(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    size_t i;
    json_t *e;
    json_array_foreach(load_section(ctx->doc, "evaluations"), i, e)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "evaluations", i);
        int64_t session_id =
            item_session(ctx, prefix, e, load_id(ctx, E_ACTIVITY, str(e, "activity")));
        if (!session_id || write_evaluation(ctx, prefix, e, session_id, now))
            return -1;
    }
    return 0;
}

/* ---- incidents --------------------------------------------------------------------------- */

/* The incident the item names (see the top of this file), or 0. */
static int64_t find_incident(struct load_ctx *ctx, int64_t school_id, json_t *c)
{
    sqlite3_stmt *st = db_stmt(ctx->db, "SELECT id FROM incidents WHERE school_id = ?1"
                                        " AND occurred_on = ?2 AND what = ?3"
                                        " AND (?4 IS NULL OR created_at = ?4) ORDER BY id LIMIT 1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, str(c, "occurred_on"));
    db_bind_text(st, 3, str(c, "what"));
    db_bind_text(st, 4, str(c, "created"));
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

/* The pupils named in incident id become those of the item. */
static int replace_incident_pupils(struct load_ctx *ctx, const char *prefix, int64_t id,
                                   json_t *c)
{
    sqlite3_stmt *del =
        load_stmt(ctx, prefix, "DELETE FROM incident_pupils WHERE incident_id = ?1");
    sqlite3_stmt *ins = load_stmt(
        ctx, prefix, "INSERT INTO incident_pupils (incident_id, pupil_id) VALUES (?1, ?2)");
    if (!del || !ins)
        return -1;
    sqlite3_bind_int64(del, 1, id);
    if (load_run(ctx, del, prefix))
        return -1;
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(c, "pupils"), i, k)
    {
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int64(ins, 2, load_id(ctx, E_PUPIL, json_string_value(k)));
        if (load_run(ctx, ins, prefix))
            return -1;
    }
    return 0;
}

/* Insert one incident (id 0) or update the one found (its key fields stay): ?1 the id, ?2
   school, ?3 activity (0: none), ?4 session (0: none), ?5 occurred_on … ?9 severity, ?10
   reporter (0: none), ?11 created. Unused parameters of a statement may be bound all the same
   (SQLite numbers them up to the highest). */
static int write_incident(struct load_ctx *ctx, const char *prefix, json_t *c, int64_t id,
                          int64_t school_id, int64_t activity_id, int64_t session_id,
                          const char *created)
{
    sqlite3_stmt *st =
        id ? load_stmt(ctx, prefix,
                       "UPDATE incidents SET activity_id = nullif(?3, 0), session_id ="
                       " nullif(?4, 0), involved = ?7, measures = ?8, severity = ?9,"
                       " reported_by = nullif(?10, 0) WHERE id = ?1 RETURNING id")
           : load_stmt(ctx, prefix,
                       "INSERT INTO incidents (school_id, activity_id, session_id, occurred_on,"
                       " what, involved, measures, severity, reported_by, created_at) VALUES"
                       " (?2, nullif(?3, 0), nullif(?4, 0), ?5, ?6, ?7, ?8, ?9, nullif(?10, 0),"
                       " ?11) RETURNING id");
    if (!st)
        return -1;
    const char *involved = str(c, "involved");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, school_id);
    sqlite3_bind_int64(st, 3, activity_id);
    sqlite3_bind_int64(st, 4, session_id);
    db_bind_text(st, 5, str(c, "occurred_on"));
    db_bind_text(st, 6, str(c, "what"));
    db_bind_text(st, 7, involved ? involved : "");
    db_bind_text(st, 8, str(c, "measures"));
    db_bind_text(st, 9, str(c, "severity"));
    sqlite3_bind_int64(st, 10, load_id(ctx, E_USER, str(c, "reported_by")));
    db_bind_text(st, 11, created);
    int64_t saved = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!saved)
        return load_fail(ctx, prefix, "cannot be saved: %s", sqlite3_errmsg(db_handle(ctx->db)));
    return replace_incident_pupils(ctx, prefix, saved, c);
}

int load_write_incidents(struct load_ctx *ctx)
{
    /* New incidents without a creation time get the load time, one millisecond apart in
       document order, so that they keep their order. */
    char now[24];
    timestamp_now(now);
    int32_t day;
    int64_t ms;
    if (timestamp_parse(now, &day, &ms))
        return load_fail(ctx, "incidents", "cannot read the clock");
    size_t i;
    json_t *c;
    json_array_foreach(load_section(ctx->doc, "incidents"), i, c)
    {
        char prefix[64], generated[24];
        item_prefix(prefix, sizeof prefix, "incidents", i);
        int64_t school_id = load_id(ctx, E_SCHOOL, str(c, "school"));
        int64_t activity_id = load_id(ctx, E_ACTIVITY, str(c, "activity"));
        int64_t session_id = 0;
        if (str(c, "date") && !(session_id = item_session(ctx, prefix, c, activity_id)))
            return -1;
        int64_t id = find_incident(ctx, school_id, c);
        const char *created = str(c, "created");
        if (!created && !id) {
            timestamp_format(day, ms++, generated);
            created = generated;
        }
        if (write_incident(ctx, prefix, c, id, school_id, activity_id, session_id, created))
            return -1;
    }
    return 0;
}

/* ---- reviews ----------------------------------------------------------------------------- */

int load_write_reviews(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    sqlite3_stmt *st = load_stmt(
        ctx, "reviews",
        "INSERT INTO review_conclusions (school_id, year, theme, text, updated_at, updated_by)"
        " VALUES (?1, ?2, ?3, ?4, coalesce(?5, ?7), nullif(?6, 0))"
        " ON CONFLICT (school_id, year, theme) DO UPDATE SET text = excluded.text,"
        " updated_at = coalesce(?5, CASE WHEN text = excluded.text THEN updated_at ELSE ?7 END),"
        " updated_by = CASE WHEN ?6 <> 0 THEN ?6 WHEN text = excluded.text THEN updated_by END");
    if (!st)
        return -1;
    size_t i;
    json_t *r;
    json_array_foreach(load_section(ctx->doc, "reviews"), i, r)
    {
        char prefix[64];
        item_prefix(prefix, sizeof prefix, "reviews", i);
        sqlite3_bind_int64(st, 1, load_id(ctx, E_SCHOOL, str(r, "school")));
        sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(r, "year")));
        db_bind_text(st, 3, str(r, "theme"));
        db_bind_text(st, 4, str(r, "text"));
        db_bind_text(st, 5, str(r, "updated"));
        sqlite3_bind_int64(st, 6, load_id(ctx, E_USER, str(r, "updated_by")));
        db_bind_text(st, 7, now);
        if (load_run(ctx, st, prefix))
            return -1;
    }
    return 0;
}
