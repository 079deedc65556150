#include "pages/scope.h"

#include "domain/offer/activities_read.h"
#include "domain/people/pupils_read.h"
#include "http/req.h"

bool scope_school(const struct req *r, int64_t school_id)
{
    if (r->user.role == ROLE_LEAD)
        return school_id > 0;
    if (r->user.role == ROLE_COORDINATOR)
        return school_id > 0 && school_id == r->user.school_id;
    return false;
}

int64_t scope_activity_school(const struct req *r, int64_t activity_id)
{
    int64_t school_id;
    return read_activity_school(r->db, activity_id, &school_id) < 0 ? SCOPE_ERROR : school_id;
}

int64_t scope_pupil_school(const struct req *r, int64_t pupil_id)
{
    int64_t school_id;
    return read_pupil_school(r->db, pupil_id, &school_id) < 0 ? SCOPE_ERROR : school_id;
}

int scope_staff_runs(const struct req *r, int64_t activity_id)
{
    if (r->user.role != ROLE_STAFF || !r->user.staff_id)
        return 0;
    int runs = read_staff_runs(r->db, activity_id, r->user.staff_id);
    return runs < 0 ? SCOPE_ERROR : runs;
}

int64_t scope_school_filter(const struct req *r)
{
    return r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0;
}
