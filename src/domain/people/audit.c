#include "domain/people/audit.h"

#include "db/db.h"

int audit(struct db *db, int64_t user_id, const char *action, const char *entity,
          int64_t entity_id, const char *detail)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit_log (user_id, action, entity, entity_id,"
                                   " detail, address) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, action);
    db_bind_text(st, 3, entity);
    sqlite3_bind_int64(st, 4, entity_id);
    db_bind_text(st, 5, detail ? detail : "");
    db_bind_text(st, 6, db_client(db));
    return db_step_done(st);
}
