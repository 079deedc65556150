/* The start page: what each role needs first. "Vandaag" on top: today's sessions, each one tap
   from its register (/sessions/{id}) with whether attendance was taken — of the own school for
   a coordinator, of the activities they run for staff; the lead sees how many sessions today
   have their attendance taken. Then, for a coordinator, the pupils to call home about (the
   absence follow-up, domain/followup.h), a VOG warning for the lead and coordinator
   (staff_overview.c), the coming six days, and the counts; a parent's home is /parent. */
#include <string.h>
#include <time.h>

#include "app.h"
#include "domain/operations_read.h"
#include "http/client_addr.h"
#include "http/metrics.h"
#include "util/buf.h"

#include "domain/attendance/followup.h"
#include "domain/attendance/today_read.h"
#include "domain/enrolment/parent_read.h"
#include "domain/offer/activities.h" /* date_label_nl */
#include "domain/reports/counts_read.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/staff_overview.h"
#include "pages/when.h"
#include "util/date.h"
#include "view/render.h"

/* ---- for those who run it (issue 16) ------------------------------------------------------ */

/* 200 "ok" when the database answers a query, else 503. */
int page_healthz(struct req *r)
{
    return read_database_answers(r->db) ? respond_text(r, 200, "ok")
                                        : respond_text(r, 503, "database does not answer");
}

/* The figures of read_operations as Prometheus metrics: key, name, type, help. */
static const struct {
    const char *key, *name, *type, *help;
} OPERATION_METRICS[] = {
    {"signups", "verrijkt_signups_total", "counter", "Sign-ups that got a seat at once."},
    {"waitlist_placements", "verrijkt_waitlist_placements_total", "counter",
     "Sign-ups placed on a waiting list."},
    {"promotions", "verrijkt_waitlist_promotions_total", "counter",
     "Pupils moved up from a waiting list to a seat."},
    {"attendance_saves", "verrijkt_attendance_saves_total", "counter", "Registers saved."},
    {"outbox_queued", "verrijkt_outbox_queued", "gauge", "Messages waiting to be sent."},
    {"outbox_oldest_seconds", "verrijkt_outbox_oldest_seconds", "gauge",
     "Age of the oldest message waiting."},
    {"mail_failures", "verrijkt_mail_failures", "gauge",
     "Messages waiting whose last attempt failed."},
    {"database_bytes", "verrijkt_database_bytes", "gauge", "Size of the database file."},
    {"write_lock_held_us", "verrijkt_write_lock_held_microseconds_total", "counter",
     "Time the write lock was held: every write transaction holds it."},
    {"write_groups", "verrijkt_write_groups_total", "counter", "Group COMMITs that succeeded."},
    {"write_group_members", "verrijkt_write_group_members_total", "counter",
     "Transactions those COMMITs committed."},
};

/* GET /metrics in Prometheus' text format, when [metrics] enabled, for the addresses of
   [metrics] allow only (404 otherwise: the page does not exist for anyone else). */
int page_metrics(struct req *r)
{
    const struct config *cfg = &r->app->cfg;
    if (!cfg->metrics_enabled || !client_addr_listed(r->client_ip, cfg->metrics_allow))
        return respond_text(r, 404, "not found");
    json_t *figures = NULL;
    if (read_operations(r->db, (long long)time(NULL), &figures))
        return respond_text(r, 503, "database does not answer");
    struct buf out = BUF_INIT;
    metrics_write(&out);
    for (size_t i = 0; i < sizeof OPERATION_METRICS / sizeof *OPERATION_METRICS; i++)
        buf_printf(&out, "# HELP %s %s\n# TYPE %s %s\n%s %lld\n", OPERATION_METRICS[i].name,
                   OPERATION_METRICS[i].help, OPERATION_METRICS[i].name,
                   OPERATION_METRICS[i].type, OPERATION_METRICS[i].name,
                   (long long)json_integer_value(
                       json_object_get(figures, OPERATION_METRICS[i].key)));
    json_decref(figures);
    return respond_body(r, 200, &out, "text/plain; version=0.0.4; charset=utf-8");
}

/* The sessions from `from` to `until` (read_sessions_between: of one school, run by one staff
   member, or of every school when both are 0) with their dates in words ("date_label"). New
   reference, or NULL when the read failed. */
static json_t *sessions_between(struct req *r, const char *from, const char *until,
                                int64_t school_id, int64_t staff_id)
{
    json_t *sessions = read_sessions_between(r->db, from, until, school_id, staff_id);
    size_t i;
    json_t *s;
    json_array_foreach (sessions, i, s) {
        const char *date = json_string_value(json_object_get(s, "date"));
        json_object_set_new(s, "date_label", json_string(when_date(r, date)));
    }
    return when_spans(r, sessions);
}

/* The lead's view of today: {sessions (not cancelled), registered (with attendance taken),
   any (sessions > 0)} over every school. New reference, or NULL when the read failed. */
static json_t *today_counts(struct req *r, const char *today)
{
    json_t *counts;
    if (read_day_registered(r->db, today, &counts) <= 0)
        return NULL;
    json_int_t sessions = json_integer_value(json_object_get(counts, "sessions"));
    json_object_set_new(counts, "any", json_boolean(sessions > 0));
    return counts;
}

/* The absence follow-up of the school (domain/followup.h), with for the page the latest
   FOLLOWUP_RUN dates in words ("date_labels") and, for a longer run, the day it began
   ("since"). New reference, or NULL when the read failed. */
static json_t *absences(struct req *r, int64_t school_id, const char *today)
{
    json_t *flags = followup_absentees(r->db, school_id, today);
    if (!flags)
        return NULL;
    size_t i;
    json_t *f;
    json_array_foreach(flags, i, f)
    {
        json_t *dates = json_object_get(f, "dates");
        size_t shown = json_array_size(dates) < FOLLOWUP_RUN ? json_array_size(dates)
                                                             : FOLLOWUP_RUN;
        json_t *labels = json_array();
        char label[32];
        for (size_t j = 0; j < shown; j++) {
            date_label_nl(json_string_value(json_array_get(dates, j)), false, label);
            json_array_append_new(labels,
                                  json_pack("{s:s, s:b}", "label", label, "last", j + 1 == shown));
        }
        json_object_set_new(f, "date_labels", labels);
        json_t *handled = json_object_get(f, "handled");
        if (json_is_object(handled)) {
            date_label_nl(json_string_value(json_object_get(handled, "through")), false, label);
            json_object_set_new(handled, "through_label", json_string(label));
        }
        if (json_array_size(dates) > shown) {
            date_label_nl(json_string_value(json_array_get(dates, json_array_size(dates) - 1)),
                          false, label);
            json_object_set_new(f, "since", json_string(label));
        }
    }
    return flags;
}

/* The VOG warning of the start page: sessions from today on without a valid VOG. 0, or -1
   when the count failed. */
static int add_vog_warning(struct req *r, json_t *model, int64_t school_id)
{
    int64_t n = staff_vog_upcoming_warnings(r, school_id);
    if (n > 0)
        json_object_set_new(model, "vog_warning",
                            json_pack("{s:I, s:b}", "sessions", (json_int_t)n, "one", n == 1));
    return n < 0 ? -1 : 0;
}

/* Set model's member key to value (stolen); false when value is NULL (a read that failed). */
static bool set_read(json_t *model, const char *key, json_t *value)
{
    if (!value)
        return false;
    json_object_set_new(model, key, value);
    return true;
}

/* The counts of school_id (0: every school). New reference, or NULL when the read failed. */
static json_t *counts_model(struct req *r, int64_t school_id)
{
    json_t *counts;
    return read_counts(r->db, school_id, &counts) > 0 ? counts : NULL;
}

/* The coordinator's start page: the own school today, the absences to follow up, the VOG
   warning and the coming days, into model. true, or false when a read failed. */
static bool coordinator_home(struct req *r, json_t *model, const char *today,
                             const char *tomorrow, const char *week_end)
{
    int64_t school_id = r->user.school_id;
    const char *name = page_school_name(r, school_id);
    if (!name)
        return false;
    json_object_set_new(model, "school",
                        json_pack("{s:I, s:s}", "id", (json_int_t)school_id, "name", name));
    return set_read(model, "counts", counts_model(r, school_id)) &&
           set_read(model, "today", sessions_between(r, today, today, school_id, 0)) &&
           set_read(model, "absences", absences(r, school_id, today)) &&
           add_vog_warning(r, model, school_id) == 0 &&
           set_read(model, "upcoming", sessions_between(r, tomorrow, week_end, school_id, 0));
}

/* What the start page shows for the user's role, into model. true, or false when a read
   failed. */
static bool role_home(struct req *r, json_t *model, const char *today, const char *tomorrow,
                      const char *week_end)
{
    int64_t staff_id = r->user.staff_id;
    switch (r->user.role) {
    case ROLE_LEAD:
        return set_read(model, "counts", counts_model(r, 0)) &&
               set_read(model, "today_counts", today_counts(r, today)) &&
               add_vog_warning(r, model, 0) == 0;
    case ROLE_COORDINATOR:
        return coordinator_home(r, model, today, tomorrow, week_end);
    case ROLE_STAFF:
        return set_read(model, "today", sessions_between(r, today, today, 0, staff_id)) &&
               set_read(model, "upcoming", sessions_between(r, tomorrow, week_end, 0, staff_id));
    case ROLE_PARENT:
        return set_read(model, "children", read_parent_children(r->db, r->user.id));
    default:
        return true;
    }
}

int page_home(struct req *r)
{
    if (r->user.role == ROLE_PARENT && !r->wants_json)
        return respond_redirect(r, "/parent"); /* the parent's home is /parent */
    char today[11], tomorrow[11], week_end[11];
    int32_t day = date_today();
    date_format(day, today);
    date_format(day + 1, tomorrow);
    date_format(day + 6, week_end);
    json_t *model = json_pack("{s:s, s:s, s:s}", "title", "Start", "date", today, "date_label",
                              when_date(r, today));
    if (!role_home(r, model, today, tomorrow, week_end)) {
        json_decref(model);
        return page_failed(r);
    }
    json_object_set_new(model, "followup_run", json_integer(FOLLOWUP_RUN));
    return render(r, 200, "home", model);
}
