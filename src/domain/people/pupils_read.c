/* Reads of pupils; see pupils_read.h. */
#include "domain/people/pupils_read.h"

#include "db/db.h"

int read_pupil_school(struct db *db, int64_t pupil_id, int64_t *school_id)
{
    int64_t id = db_int(db, "SELECT school_id FROM pupils WHERE id = ?1", pupil_id, 0, 0);
    *school_id = id > 0 ? id : 0;
    return id < 0 ? -1 : id > 0;
}
