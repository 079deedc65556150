/* Helpers that several page files share; see common.h. */
#include "pages/common.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "http/req.h"
#include "http/session.h"
#include "util/date.h"

struct school_year school_year_now(void)
{
    struct school_year y;
    int32_t from, until, today = date_today();
    date_school_year(today, &from, &until);
    date_format(from, y.from);
    date_format(until, y.until);
    date_format(today, y.today);
    snprintf(y.label, sizeof y.label, "%.4s–%.4s", y.from, y.until);
    return y;
}

const char *page_school_name(struct req *r, int64_t school_id)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT name FROM schools WHERE id = ?1");
    const char *name = "";
    if (!st)
        return name;
    sqlite3_bind_int64(st, 1, school_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        name = arena_strdup(&r->arena, db_col_text(st, 0));
    sqlite3_reset(st);
    return name;
}

json_t *page_options(struct req *r, const char *sql, const char *const *keys,
                     const char *selected)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(r->db, sql);
    if (!st)
        return list;
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *option = json_object();
        for (int col = 0; keys[col]; col++)
            json_object_set_new(option, keys[col], json_string(db_col_text(st, col)));
        json_object_set_new(option, "selected",
                            json_boolean(selected && !strcmp(db_col_text(st, 0), selected)));
        json_array_append_new(list, option);
    }
    sqlite3_reset(st);
    return list;
}

const char *enrolment_status_label(const char *status)
{
    if (!strcmp(status, "enrolled"))
        return "ingeschreven";
    if (!strcmp(status, "waitlisted"))
        return "op de wachtlijst";
    return "afgemeld"; /* the schema allows only "cancelled" besides */
}

int page_saved(struct req *r, int status, json_t *(*load)(struct req *, int64_t),
               int64_t id, const char *flash, const char *location)
{
    if (r->wants_json)
        return respond_json(r, status, load(r, id));
    session_flash(r, flash);
    return respond_redirect(r, location);
}
