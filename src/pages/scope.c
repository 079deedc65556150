#include "pages/scope.h"

#include "db/db.h"
#include "http/req.h"

bool scope_school(const struct req *r, int64_t school_id)
{
    if (r->user.role == ROLE_LEAD)
        return school_id > 0;
    if (r->user.role == ROLE_COORDINATOR)
        return school_id > 0 && school_id == r->user.school_id;
    return false;
}

static int64_t lookup_id(const struct req *r, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_stmt(r->db, sql);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

int64_t scope_activity_school(const struct req *r, int64_t activity_id)
{
    return lookup_id(r, "SELECT school_id FROM activities WHERE id = ?1", activity_id);
}

int64_t scope_pupil_school(const struct req *r, int64_t pupil_id)
{
    return lookup_id(r, "SELECT school_id FROM pupils WHERE id = ?1", pupil_id);
}

bool scope_staff_runs(const struct req *r, int64_t activity_id)
{
    if (r->user.role != ROLE_STAFF || !r->user.staff_id)
        return false;
    sqlite3_stmt *st = db_stmt(r->db, "SELECT 1 FROM activity_staff"
                                      " WHERE activity_id = ?1 AND staff_id = ?2");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, r->user.staff_id);
    bool runs = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return runs;
}

int64_t scope_school_filter(const struct req *r)
{
    return r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0;
}
