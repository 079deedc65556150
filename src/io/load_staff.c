/* A staff member's competence in the load format (issue 15, part 6; domain/offer/competence.h):
     "levels":    [{"date": "2025-09-01", "level": "basis"}]   the assessments
     "trainings": [{"name": "EHBO", "date": "2025-10-02"}]     the trainings followed
   - "levels" is the whole history: loading replaces the staff member's assessments with it.
     No date twice. "level" beside it is optional and, when given, must be the level of the
     latest assessment ("start" when "levels" is empty), as dump writes it.
   - Without "levels", the old single-level form "level": "vak" is one assessment dated
     STAFF_LEVEL_SINCE_ALWAYS ("known since always"); with neither, the staff member has no
     assessment (and staff.level 'start', as before).
   - "trainings" is the whole list: loading replaces it; absent: none.
   Dump writes "level" and "levels" always (so that an empty history reads back empty) and
   "trainings" when there are any, sorted by date (and name), so that dump → load → dump is
   byte-identical. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/competence.h"
#include "io/loadjson_internal.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* ---- checks ------------------------------------------------------------------------------- */

/* The assessments of "levels": each {date, level}, no date twice; and "level", when given,
   the latest's level. */
static int check_levels(struct load_ctx *ctx, const char *prefix, json_t *staff)
{
    json_t *levels = json_object_get(staff, "levels");
    if (!levels)
        return 0;
    char path[160];
    const char *latest_date = NULL, *latest_level = "start";
    size_t i;
    json_t *item;
    json_array_foreach (levels, i, item) {
        snprintf(path, sizeof path, "%s.levels[%zu]", prefix, i);
        if (load_check_fields(ctx, "staff.levels", path, item))
            return -1;
        const char *date = str(item, "date");
        for (size_t k = 0; k < i; k++)
            if (!strcmp(str(json_array_get(levels, k), "date"), date))
                return load_fail(ctx, path, "a second assessment on %s", date);
        if (!latest_date || strcmp(date, latest_date) > 0) {
            latest_date = date;
            latest_level = str(item, "level");
        }
    }
    const char *level = str(staff, "level");
    if (level && strcmp(level, latest_level)) {
        snprintf(path, sizeof path, "%s.level", prefix);
        return load_fail(ctx, path, "must be the level of the latest of levels ('%s')",
                         latest_level);
    }
    return 0;
}

int load_check_staff_competence(struct load_ctx *ctx, const char *prefix, json_t *staff)
{
    if (check_levels(ctx, prefix, staff))
        return -1;
    char path[160];
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get(staff, "trainings"), i, item) {
        snprintf(path, sizeof path, "%s.trainings[%zu]", prefix, i);
        if (load_check_fields(ctx, "staff.trainings", path, item))
            return -1;
    }
    return 0;
}

/* ---- writes ------------------------------------------------------------------------------- */

/* Replace the assessments of staff member id with those of item, and sync staff.level. */
static int write_levels(struct load_ctx *ctx, const char *prefix, int64_t id, json_t *item)
{
    sqlite3_stmt *remove = load_stmt(ctx, prefix, "DELETE FROM staff_levels WHERE staff_id = ?1");
    sqlite3_stmt *insert = load_stmt(ctx, prefix,
                                     "INSERT INTO staff_levels (staff_id, level, assessed_on)"
                                     " VALUES (?1, ?2, ?3)");
    if (!remove || !insert)
        return -1;
    sqlite3_bind_int64(remove, 1, id);
    if (load_run(ctx, remove, prefix))
        return -1;
    json_t *levels = json_object_get(item, "levels");
    size_t i;
    json_t *level;
    json_array_foreach (levels, i, level) {
        sqlite3_bind_int64(insert, 1, id);
        db_bind_text(insert, 2, str(level, "level"));
        db_bind_text(insert, 3, str(level, "date"));
        if (load_run(ctx, insert, prefix))
            return -1;
    }
    if (!levels && str(item, "level")) {
        sqlite3_bind_int64(insert, 1, id);
        db_bind_text(insert, 2, str(item, "level"));
        db_bind_text(insert, 3, STAFF_LEVEL_SINCE_ALWAYS);
        if (load_run(ctx, insert, prefix))
            return -1;
    }
    if (staff_level_sync(ctx->db, id))
        return load_fail(ctx, prefix, "cannot be saved: the level");
    return 0;
}

/* Replace the trainings of staff member id with those of item. */
static int write_trainings(struct load_ctx *ctx, const char *prefix, int64_t id, json_t *item)
{
    sqlite3_stmt *remove =
        load_stmt(ctx, prefix, "DELETE FROM staff_trainings WHERE staff_id = ?1");
    sqlite3_stmt *insert = load_stmt(ctx, prefix,
                                     "INSERT INTO staff_trainings (staff_id, name, followed_on)"
                                     " VALUES (?1, ?2, ?3)");
    if (!remove || !insert)
        return -1;
    sqlite3_bind_int64(remove, 1, id);
    if (load_run(ctx, remove, prefix))
        return -1;
    size_t i;
    json_t *training;
    json_array_foreach (json_object_get(item, "trainings"), i, training) {
        sqlite3_bind_int64(insert, 1, id);
        db_bind_text(insert, 2, str(training, "name"));
        db_bind_text(insert, 3, str(training, "date"));
        if (load_run(ctx, insert, prefix))
            return -1;
    }
    return 0;
}

int load_write_staff_competence(struct load_ctx *ctx)
{
    size_t i;
    json_t *s;
    json_array_foreach (load_section(ctx->doc, "staff"), i, s) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "staff[%zu]", i);
        int64_t id = load_id(ctx, E_STAFF, str(s, "key"));
        if (write_levels(ctx, prefix, id, s) || write_trainings(ctx, prefix, id, s))
            return -1;
    }
    return 0;
}
