#include "domain/operations_read.h"

#include "db/db.h"
#include "db/rows.h"

int read_database_answers(struct db *db)
{
    return db_int(db, "SELECT 1", 0, 0, -1) == 1;
}

int read_operations(struct db *db, long long now, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT"
            " (SELECT count(*) FROM enrolment_history WHERE from_status IS NULL"
            "   AND to_status = 'enrolled') AS signups,"
            " (SELECT count(*) FROM enrolment_history WHERE from_status IS NULL"
            "   AND to_status = 'waitlisted') AS waitlist_placements,"
            " (SELECT count(*) FROM enrolment_history WHERE from_status = 'waitlisted'"
            "   AND to_status = 'enrolled') AS promotions,"
            " (SELECT count(*) FROM audit_log WHERE entity = 'attendance') AS attendance_saves,"
            " (SELECT count(*) FROM outbox WHERE sent_at IS NULL) AS outbox_queued,"
            " coalesce((SELECT ?1 - CAST(strftime('%s', min(created_at), 'utc') AS INTEGER)"
            "   FROM outbox WHERE sent_at IS NULL), 0) AS outbox_oldest_seconds,"
            " (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND last_error <> '')"
            "   AS mail_failures,"
            " (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size())"
            "   AS database_bytes");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, now);
    if (db_row(st, "iiiiiiii", out) != 1)
        return -1;
    struct db_write_stats writes;
    db_write_stats(&writes);
    if (json_object_set_new(*out, "write_lock_held_us", json_integer(writes.held_us)) ||
        json_object_set_new(*out, "write_groups", json_integer(writes.groups)) ||
        json_object_set_new(*out, "write_group_members", json_integer(writes.members))) {
        json_decref(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
