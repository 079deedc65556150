/* /parent: the parent's children with their enrolments and what changed since the last visit;
   /parent/children/{id}: the activities open to one child, to sign up with one button. A parent
   sees only the own children (another child answers 404). Texts come from the message files
   (section "parent"), so these pages follow the parent's language. Sign-up and cancelling are
   enrolments.c, registering and linking children parent_account.c. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/enrolment/calendar.h"
#include "domain/enrolment/enrol.h"
#include "domain/enrolment/notify.h"
#include "domain/enrolment/parent_read.h"
#include "domain/enrolment/parents.h"
#include "domain/enrolment/rounds.h"
#include "domain/snapshot.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/parent/parent_internal.h"
#include "pages/when.h"
#include "util/date.h"
#include "util/json_utf8.h"
#include "view/i18n.h"
#include "view/render.h"

enum { NOTICES_SHOWN = 20 };

/* ---- pieces shared by both pages ------------------------------------------------------------- */

/* "groep 6" / "group 6" (po) or "leerjaar 2" / "year 2" (vo), in the request's language. */
static const char *grade_label(struct req *r, const char *kind, int grade)
{
    json_t *vars = json_pack("{s:i}", "n", grade);
    const char *label =
        req_format(r, strcmp(kind, "vo") ? "parent.grade_po" : "parent.grade_vo", vars);
    json_decref(vars);
    return label;
}

/* The label of an enrolment's status in the parent's language, with the position. */
static const char *status_text(struct req *r, const char *status, int position)
{
    json_t *vars = json_pack("{s:i}", "position", position);
    char key[32];
    snprintf(key, sizeof key, "parent.status_%s", status);
    const char *text = req_format(r, key, vars);
    json_decref(vars);
    return text;
}

/* A child row of the read (parent_read.h) as the pages show it: with "grade_label" in the
   parent's language instead of the school's kind. */
static void child_view(struct req *r, json_t *child)
{
    const char *kind = json_string_value(json_object_get(child, "school_kind"));
    int grade = (int)json_integer_value(json_object_get(child, "grade"));
    json_object_set_new(child, "grade_label", json_string(grade_label(r, kind, grade)));
    json_object_del(child, "school_kind");
}

int parent_child_row(struct req *r, int64_t pupil_id, json_t **out)
{
    int found = read_parent_child(r->db, r->user.id, pupil_id, out);
    if (found > 0)
        child_view(r, *out);
    return found;
}

/* The child's enrolments in activities that have not ended: enrolled first, then waiting (by
   position), then cancelled, in the parent's words (dates through the request's memo m). New
   reference, NULL on error. */
static json_t *child_enrolments(struct req *r, struct when_memo *m, int64_t pupil_id,
                                const char *today)
{
    json_t *list = read_child_enrolments(r->db, pupil_id, today);
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *status = json_string_value(json_object_get(e, "status"));
        int position = (int)json_integer_value(json_object_get(e, "position"));
        json_object_set_new(e, "status_text", json_string(status_text(r, status, position)));
        json_object_set_new(e, "enrolled", json_boolean(!strcmp(status, "enrolled")));
        json_object_set_new(e, "waitlisted", json_boolean(!strcmp(status, "waitlisted")));
        json_object_set_new(e, "cancelled", json_boolean(!strcmp(status, "cancelled")));
        int weekday = (int)json_integer_value(json_object_get(e, "weekday"));
        json_object_set_new(e, "day", json_string(when_weekday_memo(r, m, weekday)));
        json_object_del(e, "weekday");
        when_slots_labels_memo(r, m, e);
    }
    return when_spans_memo(r, m, list);
}

/* ---- /parent --------------------------------------------------------------------------------- */

/* The parent's children, each with its enrolments. New reference, NULL on error. */
static json_t *children_of_parent(struct req *r, const char *today)
{
    struct when_memo *memo = when_memo_new(r);
    json_t *children = read_parent_children(r->db, r->user.id);
    size_t i;
    json_t *child;
    json_array_foreach(children, i, child)
    {
        json_t *enrolments =
            child_enrolments(r, memo, json_integer_value(json_object_get(child, "id")), today);
        if (!enrolments) {
            json_decref(children);
            return NULL;
        }
        child_view(r, child);
        json_object_set_new(child, "enrolments", enrolments);
    }
    return children;
}

/* The home model; link_errors/values: the link form shown again with its problem. */
json_t *parent_home_model(struct req *r)
{
    char today[11];
    date_format(date_today(), today);
    json_t *notices = notify_list(r->db, r->user.id, r->lang, NOTICES_SHOWN);
    json_t *children = notices ? children_of_parent(r, today) : NULL;
    if (!children) {
        json_decref(notices);
        return NULL;
    }
    bool unseen = false;
    size_t i;
    json_t *n;
    json_array_foreach(notices, i, n)
    {
        unseen |= json_is_true(json_object_get(n, "unseen"));
        json_object_set_new(n, "when",
                            json_string(when_moment(r, json_string_value(json_object_get(n, "at")))));
    }
    return json_pack("{s:s, s:o, s:o, s:b, s:b, s:o, s:o}", "title",
                     req_text(r, "parent.title"), "children", children, "notices",
                     notices, "has_unseen", unseen, "has_children",
                     json_array_size(children) > 0, "values", json_object(), "errors",
                     json_object());
}

int page_parent_home(struct req *r)
{
    json_t *model = parent_home_model(r);
    if (!model)
        return page_failed(r);
    int status = render(r, 200, "parent/home", model);
    notify_mark_seen(r->db, r->user.id); /* shown once as new; a failure only shows them again */
    return status;
}

/* ---- /parent/children/{id} ------------------------------------------------------------------- */

/* A domain's name in the request's language: the text "domain.CODE" of the message file, or
   the coalition's own name (the database's) in Dutch and for a domain without a text (one the
   coalition added). Static or borrowed from d. */
static const char *domain_name(const struct req *r, const json_t *d)
{
    const char *name = json_string_value(json_object_get(d, "name"));
    const char *code = json_string_value(json_object_get(d, "code"));
    if (!code || !strcmp(r->lang, I18N_DEFAULT))
        return name;
    char key[160];
    if (snprintf(key, sizeof key, "domain.%s", code) >= (int)sizeof key)
        return name;
    const char *text = i18n_text(r->lang, key);
    return strcmp(text, key) ? text : name;
}

const char *parent_domain_names(struct req *r, const json_t *domains)
{
    struct buf names = BUF_INIT;
    size_t i;
    const json_t *d;
    json_array_foreach(domains, i, d)
    {
        if (i)
            buf_puts(&names, ", ");
        buf_puts(&names, domain_name(r, d));
    }
    const char *copy = arena_strdup(&r->arena, names.data ? names.data : "");
    buf_free(&names);
    return copy;
}

/* Mark an activity that overlaps in time with one the child already takes (or waits for), so
   the page says so instead of offering a button that would be refused. */
static void add_clash(struct req *r, json_t *row, const json_t *clashes)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
    const char *title = json_string_value(json_object_get(clashes, id));
    if (!title)
        return;
    json_t *vars = json_pack("{s:s}", "title", title);
    json_object_set_new_nocheck(row, "clash", json_utf8(req_format(r, "parent.clash", vars)));
    json_decref(vars);
}

/* An open activity of the read (parent_read.h) as the page shows it: the day, the period and
   the domains in words (dates through the memo m), the child's own status as flags, and a
   clash with another activity (clashes: enrol_clashes). */
static void open_activity_view(struct req *r, struct when_memo *m, json_t *row,
                               const json_t *clashes)
{
    const char *mine = json_string_value(json_object_get(row, "status"));
    bool active = !strcmp(mine, "enrolled") || !strcmp(mine, "waitlisted");
    json_int_t seats = json_integer_value(json_object_get(row, "seats_left"));
    int weekday = (int)json_integer_value(json_object_get(row, "weekday"));
    json_object_set_new_nocheck(row, "day", json_utf8(when_weekday_memo(r, m, weekday)));
    json_object_del(row, "weekday");
    when_slots_labels_memo(r, m, row);
    json_object_set_new_nocheck(row, "domain_names",
                                json_utf8(parent_domain_names(r, json_object_get(row, "domains"))));
    if (!active)
        json_object_set_new_nocheck(row, "enrolment_id", json_integer(0));
    json_object_set_new_nocheck(row, "full", json_boolean(seats <= 0));
    json_object_set_new_nocheck(row, "active", json_boolean(active));
    json_object_set_new_nocheck(
        row, "has_waitlist",
        json_boolean(json_integer_value(json_object_get(row, "waitlist_length")) > 0));
    json_object_set_new_nocheck(row, "enrolled", json_boolean(!strcmp(mine, "enrolled")));
    json_object_set_new_nocheck(row, "waitlisted", json_boolean(!strcmp(mine, "waitlisted")));
    const char *from = json_string_value(json_object_get(row, "from"));
    const char *until = json_string_value(json_object_get(row, "until"));
    json_object_set_new_nocheck(row, "period", json_utf8(when_period_memo(r, m, from, until)));
    if (!active)
        add_clash(r, row, clashes);
}

/* The ids of the listed activities the child is not in (enrolled or waiting), into ids (as
   many as the list holds): those a clash is shown for. Their number. */
static size_t inactive_ids(const json_t *list, int64_t *ids)
{
    size_t n = 0, i;
    const json_t *row;
    json_array_foreach (list, i, row) {
        const char *mine = json_string_value(json_object_get(row, "status"));
        if (!mine || (strcmp(mine, "enrolled") && strcmp(mine, "waitlisted")))
            ids[n++] = json_integer_value(json_object_get(row, "id"));
    }
    return n;
}

/* The activities open to the child (eligibility.h: its school's and the coalition-wide ones,
   for its grade, with the sign-up window open and not ended), with the child's own status in
   each. New reference, NULL on error. */
static json_t *open_activities(struct req *r, struct when_memo *m, int64_t pupil_id,
                               const char *today, const char *now)
{
    json_t *list = read_open_activities(r->db, pupil_id, today, now);
    int64_t *ids = list ? arena_alloc(&r->arena, (json_array_size(list) + 1) * sizeof *ids) : NULL;
    /* the clashes of all listed activities at once, not a query per activity and rule */
    json_t *clashes =
        ids ? enrol_clashes(r->db, pupil_id, today, ids, inactive_ids(list, ids)) : NULL;
    if (!clashes) {
        json_decref(list);
        return NULL;
    }
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
        open_activity_view(r, m, row, clashes);
    json_decref(clashes);
    return when_spans_memo(r, m, list);
}

/* The reason the child cannot take part in all its activities at once, shown before a parent
   tries: the per-child maximum reached, into *text (NULL when there is room). 0, or -1 when
   the count failed. */
static int max_reached(struct req *r, int64_t pupil_id, const char *today, const char **text)
{
    int max = r->app->cfg.max_per_child;
    int64_t active = enrol_active_count(r->db, pupil_id, 0, today);
    *text = NULL;
    if (active < 0)
        return -1;
    if (active < max)
        return 0;
    json_t *vars = json_pack("{s:i}", "max", max);
    *text = req_format(r, "refusal.max_reached", vars);
    json_decref(vars);
    return 0;
}

/* The calendar feed's address for the child (https://…), "" when there is no token. Arena-owned. */
static const char *feed_address(struct req *r, int64_t pupil_id)
{
    char token[CALENDAR_TOKEN_LEN + 1] = "";
    struct buf feed = BUF_INIT;
    if (calendar_feed_token(r->db, r->user.id, pupil_id, token) == CALENDAR_OK)
        calendar_feed_url(&feed, r->app->cfg.public_url, token);
    const char *feed_url = arena_strdup(&r->arena, feed.data ? feed.data : "");
    buf_free(&feed);
    return feed_url;
}

/* The open rounds the child may rank in, with the closing in words and whether the child has
   ranked (0 is not false). New reference, NULL on error. */
static json_t *open_rounds(struct req *r, int64_t pupil_id)
{
    json_t *rounds = rounds_open_for_child(r->db, pupil_id, NULL);
    size_t i;
    json_t *round;
    json_array_foreach(rounds, i, round)
    {
        json_object_set_new(round, "closes_text",
                            json_string(when_moment(r, json_string_value(
                                                           json_object_get(round, "closes")))));
        json_object_set_new(round, "has_ranked",
                            json_boolean(json_integer_value(json_object_get(round, "ranked")) > 0));
    }
    return rounds;
}

/* The lists of the child's page, or -1 with none left over when one read failed. */
struct child_lists {
    json_t *rounds, *activities, *enrolments;
};

static int child_lists(struct req *r, int64_t pupil_id, const char *today, const char *now,
                       struct child_lists *out)
{
    struct when_memo *memo = when_memo_new(r); /* the lists share many dates */
    out->rounds = open_rounds(r, pupil_id);
    out->activities = out->rounds ? open_activities(r, memo, pupil_id, today, now) : NULL;
    out->enrolments = out->activities ? child_enrolments(r, memo, pupil_id, today) : NULL;
    if (out->enrolments)
        return 0;
    json_decref(out->rounds);
    json_decref(out->activities);
    return -1;
}

int parent_child_model(struct req *r, int64_t pupil_id, json_t **out)
{
    json_t *child;
    *out = NULL;
    int found = parent_child_row(r, pupil_id, &child);
    if (found <= 0)
        return found;
    char today[11], now[17];
    date_format(date_today(), today);
    datetime_now(now);
    const char *feed_url = feed_address(r, pupil_id);
    /* webcal:// makes a phone offer to subscribe instead of downloading the file once */
    const char *webcal = strstr(feed_url, "://");
    webcal = webcal ? arena_printf(&r->arena, "webcal%s", webcal) : "";
    json_t *vars = json_pack("{s:O}", "child", json_object_get(child, "first_name"));
    const char *title = req_format(r, "parent.child_title", vars);
    const char *interests_link = req_format(r, "parent_interests.link", vars);
    json_decref(vars);
    const char *full_up;
    struct child_lists lists;
    if (max_reached(r, pupil_id, today, &full_up) || child_lists(r, pupil_id, today, now, &lists)) {
        json_decref(child);
        return -1;
    }
    json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "title", title,
                              "rounds", lists.rounds, "activities", lists.activities,
                              "enrolments", lists.enrolments, "child", child, "calendar_url",
                              feed_url, "webcal_url", webcal, "values", json_object(), "errors",
                              json_object());
    if (!model)
        return -1;
    if (full_up)
        json_object_set_new(model, "max_reached", json_string(full_up));
    json_object_set_new(model, "interests_link", json_string(interests_link));
    *out = model;
    return 1;
}

/* The child's model from one snapshot (domain/snapshot.h). */
struct child_read {
    struct req *r;
    json_t *model;
};

static int read_child_model(struct db *db, void *ctx)
{
    (void)db;
    struct child_read *c = ctx;
    return parent_child_model(c->r, c->r->path_ids[0], &c->model);
}

int page_parent_child(struct req *r)
{
    struct child_read c = {r, NULL};
    int found = snapshot_read(r->db, read_child_model, &c);
    json_t *model = c.model;
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, req_text(r, "refusal.not_found"));
    return render(r, 200, "parent/child", model);
}
