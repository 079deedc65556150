/* Reads of activities and their sessions; see activities_read.h. */
#include "domain/offer/activities_read.h"

#include "db/db.h"

int read_activity_school(struct db *db, int64_t activity_id, int64_t *school_id)
{
    int64_t id = db_int(db, "SELECT school_id FROM activities WHERE id = ?1", activity_id, 0, 0);
    *school_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}

int read_staff_runs(struct db *db, int64_t activity_id, int64_t staff_id)
{
    return (int)db_int(db, "SELECT 1 FROM activity_staff WHERE activity_id = ?1 AND staff_id = ?2",
                       activity_id, staff_id, 0);
}
