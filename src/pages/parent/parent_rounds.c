/* /parent/children/{id}/rounds/{round_id}: a parent ranks up to N activities of an open
   enrolment round for one child, and may change the ranking until the round closes (when it is
   submitted does not matter: the allocation draws lots). Only the own child (another child, or
   a round with nothing this child may take, answers 404). Texts come from the message files
   (section "round"), so the page follows the parent's language. The rules are domain/rounds.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/enrolment/parent_read.h"
#include "domain/enrolment/rounds.h"
#include "domain/enrolment/rounds_read.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/parent/parent_internal.h"
#include "pages/when.h"
#include "view/i18n.h"
#include "view/render.h"

/* A text of section "round" with placeholders from vars (stolen). Arena-owned. */
static const char *text(struct req *r, const char *key, json_t *vars)
{
    const char *s = req_format(r, key, vars);
    json_decref(vars);
    return s;
}

/* The round's activities this child may take (its school's, or open to the coalition, for its
   grade), with the seats left and whether the child is already enrolled, the day in words.
   New reference, NULL on error. */
static json_t *rankable_activities(struct req *r, int64_t round_id, int64_t pupil_id)
{
    struct when_memo *memo = when_memo_new(r);
    json_t *list = read_rankable_activities(r->db, round_id, pupil_id);
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        int weekday = (int)json_integer_value(json_object_get(a, "weekday"));
        json_object_set_new(a, "day", json_string(when_weekday_memo(r, memo, weekday)));
        json_object_del(a, "weekday");
        when_slots_labels(r, a);
        json_object_set_new(a, "domains",
                            json_string(parent_domain_names(r, json_object_get(a, "domains"))));
    }
    return when_spans_memo(r, memo, list);
}

/* The text member key ("title", "span") of the activity id among activities, "" when it is not
   there. Borrowed from activities. */
static const char *text_of(json_t *activities, int64_t id, const char *key)
{
    size_t i;
    json_t *a;
    json_array_foreach(activities, i, a)
    {
        if (json_integer_value(json_object_get(a, "id")) == id)
            return json_string_value(json_object_get(a, key));
    }
    return "";
}

/* The selects "1e keuze", "2e keuze", … with ranks[i] selected in the i-th; the activities the
   child is enrolled in are not offered. */
static json_t *choice_selects(struct req *r, json_t *activities, int choices,
                              const int64_t *ranks, size_t n_ranks)
{
    json_t *selects = json_array();
    for (int k = 1; k <= choices; k++) {
        int64_t selected = (size_t)k <= n_ranks ? ranks[k - 1] : 0;
        json_t *options = json_array();
        size_t i;
        json_t *a;
        json_array_foreach(activities, i, a)
        {
            if (json_is_true(json_object_get(a, "enrolled")))
                continue;
            json_int_t id = json_integer_value(json_object_get(a, "id"));
            json_array_append_new(options,
                                  json_pack("{s:I, s:O, s:O, s:b}", "value", id, "title",
                                            json_object_get(a, "title"), "span",
                                            json_object_get(a, "span"), "selected",
                                            id == selected));
        }
        json_array_append_new(selects,
                              json_pack("{s:i, s:s, s:s, s:o}", "n", k, "name",
                                        arena_printf(&r->arena, "rank_%d", k), "label",
                                        text(r, "round.choice", json_pack("{s:i}", "n", k)),
                                        "options", options));
    }
    return selects;
}

/* The saved ranking as a list: [{n, label, id, title, span}]. */
static json_t *saved_list(struct req *r, json_t *activities, const int64_t *ranks, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:i, s:s, s:I, s:s, s:s}", "n", (int)i + 1, "label",
                            text(r, "round.choice", json_pack("{s:i}", "n", (int)i + 1)), "id",
                            (json_int_t)ranks[i], "title", text_of(activities, ranks[i], "title"),
                            "span", text_of(activities, ranks[i], "span")));
    return list;
}

/* The facts of the page: the child, the round, the activities it may rank and its saved
   ranking. 1, 0 when the child is not this parent's, the round does not exist or has nothing
   for it, -1 when a read failed; on 1 the caller owns the three objects. */
struct ranking_facts {
    json_t *child, *round, *activities;
    int64_t saved[ROUND_MAX_CHOICES];
    int n_saved;
};

static int ranking_facts(struct req *r, int64_t pupil_id, int64_t round_id,
                         struct ranking_facts *f)
{
    f->round = f->activities = NULL;
    int found = parent_child_row(r, pupil_id, &f->child);
    if (found > 0)
        found = read_round(r->db, round_id, NULL, &f->round);
    if (found > 0) {
        f->activities = rankable_activities(r, round_id, pupil_id);
        found = !f->activities ? -1 : json_array_size(f->activities) > 0;
    }
    if (found > 0) {
        f->n_saved = preferences_get(r->db, round_id, pupil_id, f->saved, ROUND_MAX_CHOICES);
        found = f->n_saved < 0 ? -1 : 1;
    }
    if (found <= 0) {
        json_decref(f->child);
        json_decref(f->round);
        json_decref(f->activities);
    }
    return found;
}

/* The page's model into *out; shown: the ranking to preselect (the saved one, or what was
   posted). 1, 0 when the child is not this parent's, the round does not exist or has nothing
   for it, -1 when a read failed. */
static int ranking_model(struct req *r, int64_t pupil_id, int64_t round_id,
                         const int64_t *shown, size_t n_shown, json_t **out)
{
    struct ranking_facts f;
    *out = NULL;
    int found = ranking_facts(r, pupil_id, round_id, &f);
    if (found <= 0)
        return found;
    json_t *child = f.child, *round = f.round, *activities = f.activities;
    int64_t *saved = f.saved;
    int n_saved = f.n_saved;
    if (!shown) {
        shown = saved;
        n_shown = (size_t)n_saved;
    }
    int choices = (int)json_integer_value(json_object_get(round, "choices"));
    const char *state = json_string_value(json_object_get(round, "state"));
    const char *first = json_string_value(json_object_get(child, "first_name"));
    json_t *name = json_object_get(round, "name");
    const char *when =
        !strcmp(state, "open")
            ? text(r, "round.open_until",
                   json_pack("{s:s}", "closes",
                             when_moment(r, json_string_value(json_object_get(round, "closes")))))
        : !strcmp(state, "planned")
            ? text(r, "round.not_open", json_pack("{s:O}", "opens", json_object_get(round, "opens")))
            : req_text(r, "round.closed");
    json_t *ranks = json_array();
    for (int i = 0; i < n_saved; i++)
        json_array_append_new(ranks, json_integer(saved[i]));
    json_t *m = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:b}", "title",
        text(r, "round.title", json_pack("{s:s, s:O}", "child", first, "round", name)),
        "back_label", text(r, "round.back", json_pack("{s:s}", "child", first)), "intro",
        text(r, "round.intro", json_pack("{s:s, s:i}", "child", first, "max", choices)),
        "max_text",
        text(r, "round.max_per_child",
             json_pack("{s:O}", "max", json_object_get(round, "max_per_child"))),
        "when_text", when, "is_open", !strcmp(state, "open"));
    json_object_set_new(m, "enrolled_text",
                        json_string(text(r, "round.already_enrolled",
                                         json_pack("{s:s}", "child", first))));
    json_object_set_new(m, "choices", choice_selects(r, activities, choices, shown, n_shown));
    json_object_set_new(m, "saved", saved_list(r, activities, saved, (size_t)n_saved));
    json_object_set_new(m, "ranks", ranks);
    json_object_set_new(m, "activities", activities);
    json_object_set_new(m, "round", json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id",
                                              json_object_get(round, "id"), "name", name,
                                              "opens", json_object_get(round, "opens"), "closes",
                                              json_object_get(round, "closes"), "choices",
                                              json_object_get(round, "choices"), "max_per_child",
                                              json_object_get(round, "max_per_child"), "state",
                                              json_object_get(round, "state")));
    json_object_set_new(m, "child", child);
    json_decref(round);
    *out = m;
    return 1;
}

int page_parent_round(struct req *r)
{
    json_t *m;
    int found = ranking_model(r, r->path_ids[0], r->path_ids[1], NULL, 0, &m);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, req_text(r, "round.refusal_not_found"));
    return render(r, 200, "parent/round", m);
}

/* The posted ranking: rank_1, rank_2, … in order, empty selects skipped. A value that is no
   id counts as an activity outside the round (-1). Returns the number read (may exceed max). */
static size_t read_ranks(const struct req *r, int64_t *ids, size_t max)
{
    size_t n = 0;
    for (int k = 1; k <= ROUND_MAX_CHOICES + 1; k++) {
        char name[24];
        snprintf(name, sizeof name, "rank_%d", k);
        const char *v = req_form(r, name);
        if (!v || !*v)
            continue;
        char *end;
        long long id = strlen(v) <= 18 ? strtoll(v, &end, 10) : 0;
        if (v[0] < '1' || v[0] > '9' || (id > 0 && *end))
            id = 0;
        if (n < max)
            ids[n] = id > 0 ? id : -1;
        n++;
    }
    return n;
}

static int refused(struct req *r, enum round_result rc, int64_t bad, const int64_t *ids,
                   size_t n)
{
    int64_t pupil_id = r->path_ids[0], round_id = r->path_ids[1];
    json_t *m;
    int found = ranking_model(r, pupil_id, round_id, ids, n, &m);
    if (found < 0)
        return page_failed(r);
    if (!found || rc == ROUND_NOT_FOUND) {
        json_decref(m);
        return render_error(r, 404, req_text(r, "round.refusal_not_found"));
    }
    if (rc == ROUND_FAILED) {
        json_decref(m);
        return render_error(r, 500, req_text(r, "round.refusal_failed"));
    }
    const char *message = text(
        r, round_result_key(rc),
        json_pack("{s:s, s:O}", "title", text_of(json_object_get(m, "activities"), bad, "title"), "max",
                  json_object_get(json_object_get(m, "round"), "choices")));
    if (r->wants_json) {
        json_decref(m);
        const char *reason = round_result_key(rc) + strlen("round.refusal_");
        return respond_json(r, 422, json_pack("{s:s, s:s, s:{}}", "error", message, "reason",
                                              reason, "fields"));
    }
    json_object_set_new(m, "error", json_string(message));
    return render(r, 422, "parent/round", m);
}

int page_parent_round_save(struct req *r)
{
    int64_t pupil_id = r->path_ids[0], round_id = r->path_ids[1];
    /* The same 404 as the page: not this parent's child, or nothing in the round for it. */
    json_t *page;
    int found = ranking_model(r, pupil_id, round_id, NULL, 0, &page);
    if (found < 0)
        return page_failed(r);
    if (!found)
        return render_error(r, 404, req_text(r, "round.refusal_not_found"));
    const char *first = arena_strdup(
        &r->arena,
        json_string_value(json_object_get(json_object_get(page, "child"), "first_name")));
    json_decref(page);
    int64_t ids[ROUND_MAX_CHOICES + 1];
    size_t n = read_ranks(r, ids, ROUND_MAX_CHOICES + 1);
    size_t kept = n < ROUND_MAX_CHOICES + 1 ? n : ROUND_MAX_CHOICES + 1;
    int64_t bad = 0;
    enum round_result rc = n > ROUND_MAX_CHOICES
                               ? ROUND_TOO_MANY
                               : preferences_save(r->db, round_id, pupil_id, ids, n, NULL, &bad);
    if (rc != ROUND_OK)
        return refused(r, rc, bad, ids, kept);
    if (r->wants_json) {
        json_t *ranks = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(ranks, json_integer(ids[i]));
        return respond_json(r, 200, json_pack("{s:o}", "ranks", ranks));
    }
    session_flash(r, text(r, n ? "round.saved" : "round.withdrawn",
                          json_pack("{s:s}", "child", first)));
    return respond_redirect(r, arena_printf(&r->arena, "/parent/children/%lld",
                                            (long long)pupil_id));
}
