/* /rounds: the enrolment rounds of the school (coordinator: the own school; lead: all), one
   round with how many children ranked what, and its allocation with the result: how many got
   their 1st, 2nd, 3rd… choice, who got nothing, the demand left unmet, and the seed that lets
   anyone recompute the lottery. The rules are domain/rounds.h; the form is round_form.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/activities.h"
#include "domain/enrolment/rounds.h"
#include "http/form.h"
#include "http/req.h"
#include "http/session.h"
#include "pages/pages.h"
#include "pages/rounds_internal.h"
#include "pages/scope.h"
#include "util/date.h"
#include "view/render.h"

enum { ROUNDS_LISTED = 500 };

static const char *const NOT_FOUND = "Deze inschrijfronde bestaat niet.";

/* ---- shared with round_form.c ---------------------------------------------------------------- */

json_t *rounds_visible(struct req *r, int64_t round_id)
{
    json_t *round = round_get(r->db, round_id, NULL);
    if (round && !scope_school(r, json_integer_value(json_object_get(round, "school_id")))) {
        json_decref(round);
        return NULL;
    }
    return round;
}

const char *rounds_moment_label(struct req *r, const char *moment)
{
    if (!moment || strlen(moment) < 16)
        return moment ? moment : "";
    char date[11], label[32];
    snprintf(date, sizeof date, "%.10s", moment);
    date_label_nl(date, false, label);
    return arena_printf(&r->arena, "%s %.5s", label, moment + 11);
}

const char *rounds_state_label(const char *state)
{
    if (!strcmp(state, "planned"))
        return "gepland";
    if (!strcmp(state, "open"))
        return "open";
    if (!strcmp(state, "awaiting"))
        return "gesloten, nog niet verdeeld";
    return "verdeeld";
}

/* ---- GET /rounds ----------------------------------------------------------------------------- */

static json_t *round_rows(struct req *r)
{
    json_t *list = json_array();
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT r.id, r.key, CASE r.name WHEN '' THEN r.key ELSE r.name END, s.name,"
               " r.opens, r.closes, r.choices, r.max_per_child, r.closed_at IS NOT NULL,"
               " (SELECT count(*) FROM round_activities ra WHERE ra.round_id = r.id),"
               " (SELECT count(DISTINCT x.pupil_id) FROM preferences x WHERE x.round_id = r.id)"
               " FROM rounds r JOIN schools s ON s.id = r.school_id"
               " WHERE ?1 = 0 OR r.school_id = ?1 ORDER BY r.closes DESC, r.id DESC LIMIT 500");
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, scope_school_filter(r));
    char now[17];
    datetime_now(now);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *state = round_state(db_col_text(st, 4), db_col_text(st, 5),
                                        sqlite3_column_int(st, 8) != 0, now);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:i,"
                            " s:i}",
                            "id", (json_int_t)sqlite3_column_int64(st, 0), "key",
                            db_col_text(st, 1), "name", db_col_text(st, 2), "school",
                            db_col_text(st, 3), "opens", db_col_text(st, 4), "closes",
                            db_col_text(st, 5), "opens_label",
                            rounds_moment_label(r, db_col_text(st, 4)), "closes_label",
                            rounds_moment_label(r, db_col_text(st, 5)), "choices",
                            sqlite3_column_int(st, 6), "max_per_child",
                            sqlite3_column_int(st, 7), "state", state, "state_label",
                            rounds_state_label(state), "activities", sqlite3_column_int(st, 9),
                            "children", sqlite3_column_int(st, 10)));
    }
    sqlite3_reset(st);
    return list;
}

int page_rounds_list(struct req *r)
{
    json_t *rounds = round_rows(r);
    return render(r, 200, "rounds/list",
                  json_pack("{s:s, s:o, s:b}", "title", "Inschrijfrondes", "rounds", rounds,
                            "show_school", r->user.role == ROLE_LEAD));
}

/* ---- GET /rounds/{id} ------------------------------------------------------------------------ */

/* "1e keuze", "2e keuze", … for the result's counts, and "1e", "2e", … as column heads. */
static json_t *rank_heads(struct req *r, int choices)
{
    json_t *list = json_array();
    for (int i = 1; i <= choices; i++)
        json_array_append_new(list, json_pack("{s:s}", "label",
                                              arena_printf(&r->arena, "%de keuze", i)));
    return list;
}

/* A pupil's name by key (the result stores keys), or the key when the pupil is gone. */
static json_t *pupil_by_key(struct req *r, const char *key)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id, first_name, last_name, grade, priority"
                                      " FROM pupils WHERE key = ?1");
    json_t *pupil = NULL;
    if (st) {
        db_bind_text(st, 1, key);
        if (sqlite3_step(st) == SQLITE_ROW)
            pupil = json_pack("{s:s, s:I, s:s, s:i, s:b}", "key", key, "id",
                              (json_int_t)sqlite3_column_int64(st, 0), "name",
                              arena_printf(&r->arena, "%s %s", db_col_text(st, 1),
                                           db_col_text(st, 2)),
                              "grade", sqlite3_column_int(st, 3), "priority",
                              sqlite3_column_int(st, 4) != 0);
        sqlite3_reset(st);
    }
    return pupil ? pupil : json_pack("{s:s, s:s, s:b}", "key", key, "name", key, "gone", 1);
}

static const char *activity_title_by_key(struct req *r, const char *key)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT title FROM activities WHERE key = ?1");
    const char *title = key;
    if (st) {
        db_bind_text(st, 1, key);
        if (sqlite3_step(st) == SQLITE_ROW)
            title = arena_strdup(&r->arena, db_col_text(st, 0));
        sqlite3_reset(st);
    }
    return title;
}

/* What the result page shows of the stored outcome: counts per rank, the children without a
   seat by name, the unmet demand per activity by title, the seed. New reference. */
static json_t *outcome_view(struct req *r, json_t *result)
{
    json_t *by_rank = json_array(), *unplaced = json_array(), *unmet = json_array(), *v;
    size_t i;
    const char *key;
    json_array_foreach(json_object_get(result, "by_rank"), i, v)
    {
        json_array_append_new(by_rank, json_pack("{s:s, s:I}", "label",
                                                 arena_printf(&r->arena, "%zue keuze", i + 1),
                                                 "count", json_integer_value(v)));
    }
    json_array_foreach(json_object_get(result, "unplaced"), i, v)
    {
        json_array_append_new(unplaced, pupil_by_key(r, json_string_value(v)));
    }
    json_object_foreach(json_object_get(result, "unmet"), key, v)
    {
        if (json_integer_value(v) > 0)
            json_array_append_new(unmet, json_pack("{s:s, s:s, s:I}", "key", key, "title",
                                                   activity_title_by_key(r, key), "count",
                                                   json_integer_value(v)));
    }
    json_int_t seed = json_integer_value(json_object_get(result, "seed"));
    return json_pack("{s:o, s:o, s:o, s:I, s:I, s:I, s:s, s:s}", "by_rank", by_rank,
                     "unplaced", unplaced, "unmet", unmet, "children",
                     json_integer_value(json_object_get(result, "children")), "placed",
                     (json_int_t)json_object_size(json_object_get(result, "placed")), "seed",
                     seed, "seed_text", arena_printf(&r->arena, "%lld", (long long)seed),
                     "allocated_at_label",
                     rounds_moment_label(r, json_string_value(
                                                json_object_get(result, "allocated_at"))));
}

/* The page of one round (steals round); values and errors: the allocation form (stolen, may be
   NULL). */
static json_t *show_model(struct req *r, json_t *round, json_t *values, json_t *errors)
{
    int64_t id = json_integer_value(json_object_get(round, "id"));
    const char *state = json_string_value(json_object_get(round, "state"));
    bool allocated = !strcmp(state, "allocated");
    json_object_set_new(round, "state_label", json_string(rounds_state_label(state)));
    json_object_set_new(round, "opens_label",
                        json_string(rounds_moment_label(
                            r, json_string_value(json_object_get(round, "opens")))));
    json_object_set_new(round, "closes_label",
                        json_string(rounds_moment_label(
                            r, json_string_value(json_object_get(round, "closes")))));
    json_t *demand = round_demand(r->db, id);
    json_t *m = json_pack("{s:O, s:o, s:o, s:b, s:b, s:b, s:o, s:o}", "title",
                          json_object_get(round, "name"), "round", round, "rank_heads",
                          rank_heads(r, (int)json_integer_value(json_object_get(round, "choices"))),
                          "can_edit", !allocated, "can_allocate", !allocated, "still_open",
                          !strcmp(state, "open") || !strcmp(state, "planned"), "values",
                          values ? values : json_pack("{s:s}", "seed", ""), "errors",
                          errors ? errors : json_object());
    json_object_set_new(m, "demand", demand ? demand : json_pack("{s:i, s:[]}", "children", 0,
                                                                 "activities"));
    json_t *result = allocated ? round_result(r->db, id) : NULL;
    if (result) {
        json_object_set_new(m, "outcome", outcome_view(r, result));
        json_object_set_new(m, "result", result);
    }
    return m;
}

int page_round_show(struct req *r)
{
    json_t *round = rounds_visible(r, r->path_ids[0]);
    if (!round)
        return render_error(r, 404, NOT_FOUND);
    return render(r, 200, "rounds/show", show_model(r, round, NULL, NULL));
}

/* ---- POST /rounds/{id}/allocate -------------------------------------------------------------- */

static const struct field allocate_fields[] = {
    {.name = "seed", .label = "Seed", .type = FIELD_INT, .min = 0,
     .max = (long long)ROUND_SEED_MAX},
};

int page_round_allocate(struct req *r)
{
    int64_t id = r->path_ids[0];
    json_t *round = rounds_visible(r, id);
    if (!round)
        return render_error(r, 404, NOT_FOUND);
    json_t *values = json_object(), *errors = json_object();
    form_validate(r, allocate_fields, FIELDS_N(allocate_fields), values, errors);
    if (json_object_get(errors, "seed"))
        json_object_set_new(errors, "seed",
                            json_string("Laat leeg, of vul een geheel getal van 0 tot en met"
                                        " 9007199254740991 in."));
    if (json_object_size(errors)) {
        json_t *m = show_model(r, round, values, errors);
        json_object_set_new(m, "error_list",
                            form_error_list(allocate_fields, FIELDS_N(allocate_fields), errors));
        return render_form_errors(r, "rounds/show", m);
    }
    json_decref(round);
    const char *seed_text = form_str(values, "seed");
    uint64_t seed = *seed_text ? (uint64_t)form_int(values, "seed") : 0;
    json_t *result = NULL;
    enum round_result rc = round_allocate(r->db, id, *seed_text != '\0', &seed, r->user.id,
                                          &result);
    json_decref(values);
    json_decref(errors);
    if (rc == ROUND_ALLOCATED) {
        if (r->wants_json)
            return respond_json(r, 409, json_pack("{s:s}", "error", round_result_text(rc)));
        session_flash(r, round_result_text(rc));
        return respond_redirect(r, arena_printf(&r->arena, "/rounds/%lld", (long long)id));
    }
    if (rc == ROUND_NOT_FOUND)
        return render_error(r, 404, NOT_FOUND);
    if (rc != ROUND_OK)
        return render_error(r, 500, round_result_text(rc));
    if (r->wants_json)
        return respond_json(r, 200, result);
    json_decref(result);
    session_flash(r, arena_printf(&r->arena,
                                  "De plaatsen zijn verdeeld met seed %llu. Ouders krijgen"
                                  " bericht.",
                                  (unsigned long long)seed));
    return respond_redirect(r, arena_printf(&r->arena, "/rounds/%lld", (long long)id));
}
