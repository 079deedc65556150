/* The sections of the quality of the programme in the dump (see dump.c for the rules every
   section follows): "norms" by figure, "evaluations" by activity, session date and author,
   "incidents" by creation time, "reviews" by school, year and theme. Rows of a figure or a
   theme this program no longer knows are left out, as the pages ignore them. Bookkeeping
   ("created", "updated") is always written, so that a load reproduces it; authors by their
   e-mail address, omitted when the account is gone. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "io/loadjson_internal.h"
#include "domain/quality/norms.h"
#include "domain/quality/reviews.h"

/* Whether to keep a row (false: leave it out of the section). */
typedef bool (*quality_row_fn)(struct dump *d, sqlite3_stmt *st, json_t *item);

/* Run sql and build one object per row with fn; the array becomes doc[name]. */
static void rows(struct dump *d, json_t *doc, const char *name, const char *sql,
                 quality_row_fn fn)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(d->db, sql);
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *item = json_object();
        if (fn(d, st, item))
            json_array_append_new(items, item);
        else
            json_decref(item);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    json_object_set_new(doc, name, items);
}

/* A REAL column as a JSON number: whole numbers as integers (60, not 60.0). */
static void put_number(struct dump *d, json_t *obj, const char *name, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return;
    double value = sqlite3_column_double(st, col);
    bool whole = value >= -1e15 && value <= 1e15 && value == (double)(long long)value;
    dump_put(d, obj, name, whole ? json_integer((json_int_t)value) : json_real(value));
}

/* The session of a row (its date, and its slot when it was moved) from columns col and
   col + 1 (date, slot_date). */
static void put_session(struct dump *d, json_t *obj, sqlite3_stmt *st, int col)
{
    dump_put_text(d, obj, "date", st, col);
    if (strcmp(db_col_text(st, col), db_col_text(st, col + 1)))
        dump_put_text(d, obj, "slot", st, col + 1);
}

static bool norm_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    if (norms_figure_index(db_col_text(st, 0)) < 0)
        return false;
    dump_put_text(d, o, "figure", st, 0);
    put_number(d, o, "norm", st, 1);
    put_number(d, o, "ambition", st, 2);
    dump_put_text(d, o, "updated", st, 3);
    dump_put_opt(d, o, "updated_by", st, 4);
    return true;
}

static bool evaluation_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    dump_put_text(d, o, "activity", st, 0);
    put_session(d, o, st, 1);
    dump_put_opt(d, o, "author", st, 3);
    dump_put_text(d, o, "went_well", st, 4);
    dump_put_text(d, o, "to_change", st, 5);
    dump_put_text(d, o, "as_planned", st, 6);
    dump_put_opt(d, o, "note", st, 7);
    dump_put_text(d, o, "created", st, 8);
    dump_put_text(d, o, "updated", st, 9);
    return true;
}

static bool incident_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    dump_put_text(d, o, "school", st, 1);
    dump_put_opt(d, o, "activity", st, 2);
    if (sqlite3_column_type(st, 3) != SQLITE_NULL)
        put_session(d, o, st, 3);
    dump_put_text(d, o, "occurred_on", st, 5);
    dump_put_text(d, o, "what", st, 6);
    dump_put_opt(d, o, "involved", st, 7);
    dump_put_text(d, o, "measures", st, 8);
    dump_put_text(d, o, "severity", st, 9);
    dump_put_keys(d, o, "pupils",
                  "SELECT p.key FROM incident_pupils x JOIN pupils p ON p.id = x.pupil_id"
                  " WHERE x.incident_id = ?1 ORDER BY p.key",
                  sqlite3_column_int64(st, 0));
    dump_put_opt(d, o, "reported_by", st, 10);
    dump_put_text(d, o, "created", st, 11);
    return true;
}

static bool review_row(struct dump *d, sqlite3_stmt *st, json_t *o)
{
    if (review_theme_index(db_col_text(st, 2)) < 0)
        return false;
    dump_put_text(d, o, "school", st, 0);
    dump_put(d, o, "year", json_integer(sqlite3_column_int64(st, 1)));
    dump_put_text(d, o, "theme", st, 2);
    dump_put_text(d, o, "text", st, 3);
    dump_put_text(d, o, "updated", st, 4);
    dump_put_opt(d, o, "updated_by", st, 5);
    return true;
}

void dump_quality(struct dump *d, json_t *doc)
{
    rows(d, doc, "norms",
         "SELECT n.figure, n.norm, n.ambition, n.updated_at, u.email FROM norms n"
         " LEFT JOIN users u ON u.id = n.updated_by ORDER BY n.figure",
         norm_row);
    rows(d, doc, "evaluations",
         "SELECT a.key, s.date, s.slot_date, u.email, e.went_well, e.to_change, e.as_planned,"
         " e.note, e.created_at, e.updated_at FROM evaluations e"
         " JOIN sessions s ON s.id = e.session_id JOIN activities a ON a.id = s.activity_id"
         " LEFT JOIN users u ON u.id = e.user_id"
         " ORDER BY a.key, s.date, s.slot_date, u.email IS NULL, u.email, e.created_at, e.id",
         evaluation_row);
    rows(d, doc, "incidents",
         "SELECT c.id, s.key, a.key, x.date, x.slot_date, c.occurred_on, c.what, c.involved,"
         " c.measures, c.severity, u.email, c.created_at FROM incidents c"
         " JOIN schools s ON s.id = c.school_id LEFT JOIN activities a ON a.id = c.activity_id"
         " LEFT JOIN sessions x ON x.id = c.session_id LEFT JOIN users u ON u.id = c.reported_by"
         " ORDER BY c.created_at, s.key, c.occurred_on, c.what, c.id",
         incident_row);
    rows(d, doc, "reviews",
         "SELECT s.key, r.year, r.theme, r.text, r.updated_at, u.email FROM review_conclusions r"
         " JOIN schools s ON s.id = r.school_id LEFT JOIN users u ON u.id = r.updated_by"
         " ORDER BY s.key, r.year, r.theme",
         review_row);
}
