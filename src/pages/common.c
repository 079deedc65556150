/* Helpers that several page files share; see common.h. */
#include "pages/common.h"

#include <stdio.h>
#include <string.h>

#include "domain/offer/schools_read.h"
#include "http/req.h"
#include "http/session.h"
#include "util/date.h"
#include "view/i18n.h"
#include "view/render.h"

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
    json_t *school = NULL;
    int found = read_school(r->db, school_id, &school);
    if (found < 0)
        return NULL;
    const char *name = found ? arena_strdup(&r->arena, json_string_value(
                                                           json_object_get(school, "name")))
                             : "";
    json_decref(school);
    return name;
}

json_t *page_values(json_t *rows, const char *key)
{
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row)
        json_object_set(row, "value", json_object_get(row, key));
    return rows;
}

json_t *page_options(json_t *rows, const char *value_key, const char *selected)
{
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row) {
        json_t *value = json_object_get(row, value_key);
        char text[24];
        const char *v = json_is_string(value) ? json_string_value(value) : text;
        if (json_is_integer(value))
            snprintf(text, sizeof text, "%lld", (long long)json_integer_value(value));
        else if (!json_is_string(value))
            text[0] = '\0';
        json_object_set_new(row, "selected", json_boolean(selected && !strcmp(v, selected)));
    }
    return rows;
}

int page_failed(struct req *r)
{
    return render_error(r, 500, req_text(r, "error.internal"));
}

int page_busy(struct req *r)
{
    req_add_header(r, "Retry-After", PAGE_BUSY_RETRY_AFTER);
    return render_error(r, 503, req_text(r, "error.busy"));
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
