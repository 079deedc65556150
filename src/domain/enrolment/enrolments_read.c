/* Reads of single enrolments; see enrolments_read.h. */
#include "domain/enrolment/enrolments_read.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/enrolment/waitlist.h"

int read_enrolment_pupil(struct db *db, int64_t enrolment_id, int64_t *pupil_id)
{
    int64_t id = db_int(db, "SELECT pupil_id FROM enrolments WHERE id = ?1", enrolment_id, 0, 0);
    *pupil_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}

int read_enrolment_names(struct db *db, int64_t enrolment_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT p.first_name AS first_name, a.title AS title"
                                   " FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
                                   " JOIN activities a ON a.id = e.activity_id WHERE e.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, enrolment_id);
    return db_row(st, "ss", out);
}

int read_enrolment_for_cancel(struct db *db, int64_t enrolment_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT e.id AS id, e.pupil_id AS pupil_id, e.activity_id AS activity_id,"
            " p.first_name AS first_name, p.last_name AS last_name, a.title AS title,"
            " e.status AS status, " WAITLIST_POSITION("e") " AS position,"
            " (SELECT count(*) FROM enrolments w WHERE w.activity_id = e.activity_id"
            " AND w.status = 'waitlisted') AS waiting"
            " FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
            " JOIN activities a ON a.id = e.activity_id WHERE e.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, enrolment_id);
    return db_row(st, "iiissssii", out);
}
