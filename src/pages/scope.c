#include "pages/scope.h"

#include "domain/offer/activities_read.h"
#include "domain/offer/providers.h"
#include "domain/offer/providers_read.h"
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

/* The names of the schools in schools other than the user's own, ", "-joined (arena-owned). */
static const char *other_schools(struct req *r, const json_t *schools)
{
    const char *names = "";
    size_t i;
    const json_t *school;
    json_array_foreach (schools, i, school) {
        if (json_integer_value(json_object_get(school, "id")) == r->user.school_id)
            continue;
        const char *name = json_string_value(json_object_get(school, "name"));
        names = *names ? arena_printf(&r->arena, "%s, %s", names, name)
                       : arena_strdup(&r->arena, name);
    }
    return names;
}

/* offer_editable over schools (stolen; NULL: the read failed), with the sentence for what
   (e.g. "Deze aanbieder") into *locked when the answer is no. */
static int editable(struct req *r, json_t *schools, const char *what, const char **locked)
{
    if (!schools)
        return SCOPE_ERROR;
    bool yes = offer_editable(r->user.role == ROLE_LEAD,
                              r->user.role == ROLE_COORDINATOR ? r->user.school_id : 0, schools);
    if (!yes && locked)
        *locked = arena_printf(&r->arena,
                               "%s werkt ook voor andere scholen (%s). Alleen de coalitieleiding"
                               " kan de gegevens wijzigen.",
                               what, other_schools(r, schools));
    json_decref(schools);
    return yes ? 1 : 0;
}

int scope_provider_editable(struct req *r, int64_t provider_id, const char **locked)
{
    return editable(r, read_provider_schools(r->db, provider_id), "Deze aanbieder", locked);
}

int scope_staff_editable(struct req *r, int64_t staff_id, const char **locked)
{
    return editable(r, read_staff_schools(r->db, staff_id), "Deze uitvoerder", locked);
}
