/* The sections of issue 15 in the load format: "plan_questions" (the activity plan's
   questions, by key), "plans" (the answers per activity: {"activity", "answers": [{"question":
   KEY or position, "answer", "updated", "updated_by"}]}) and "visits" ({"activity", "date",
   "slot", "by", "items": {item: rating}, "involvement", "note", "created", "updated"}).
   Checked after their fields (load_fields.c), written after the users, dumped after the
   quality sections. Like those, loading inserts or updates and never deletes:
   - a question by key; its position is the document's (a question of the database holding it
     moves to the end); "required" absent means true, as on the lead's form;
   - an answer by (activity, question); a visit by (session, visitor) or, without a visitor,
     by (session, creation time). Items absent from a visit are "nvt".
   Bookkeeping ("updated", "updated_by", "created") given is stored as given; absent, an
   unchanged row keeps its own and a changed or new one gets the load time. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/quality/plans.h"
#include "domain/quality/visits.h"
#include "io/loadjson_internal.h"
#include "util/date.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* s in lower case into out (n bytes); "" for NULL. */
static const char *lower(const char *s, char *out, size_t n)
{
    size_t i = 0;
    for (; s && s[i] && i < n - 1; i++)
        out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    out[i] = '\0';
    return out;
}

/* ---- checks ------------------------------------------------------------------------------- */

int load_check_plan_question(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                             json_t *item, size_t index)
{
    const char *key = str(item, "key");
    if (!keymap_put(&ctx->in_doc[E_PLAN_QUESTION], key, (int64_t)index))
        return load_fail(ctx, prefix, "duplicate key '%s'", key);
    char position[32];
    snprintf(position, sizeof position, "%lld",
             (long long)json_integer_value(json_object_get(item, "position")));
    if (!keymap_put(&seen[0], position, (int64_t)index))
        return load_fail(ctx, prefix, "duplicate position %s", position);
    if (index >= PLAN_QUESTIONS_MAX)
        return load_fail(ctx, prefix, "at most %d questions", PLAN_QUESTIONS_MAX);
    return 0;
}

/* Whether a question is at position in the document, or (without a plan_questions section
   that could move it) in the database. */
static bool position_known(struct load_ctx *ctx, json_int_t position)
{
    size_t i;
    json_t *q;
    json_array_foreach (load_section(ctx->doc, "plan_questions"), i, q)
        if (json_integer_value(json_object_get(q, "position")) == position)
            return true;
    return db_int(ctx->db, "SELECT count(*) FROM plan_questions WHERE position = ?1", position, 0,
                  0) > 0;
}

/* One answer of a plan: its fields, its question known, no question twice. 0 or -1. */
static int check_answer(struct load_ctx *ctx, const char *prefix, json_t *answer,
                        struct keymap *questions, size_t index)
{
    if (load_check_fields(ctx, "plans.answers", prefix, answer) ||
        load_check_ref(ctx, prefix, answer, "updated_by", E_USER))
        return -1;
    json_t *q = json_object_get(answer, "question");
    char name[120];
    if (json_is_integer(q)) {
        if (!position_known(ctx, json_integer_value(q)))
            return load_fail(ctx, prefix, "no plan question at position %lld",
                             (long long)json_integer_value(q));
        snprintf(name, sizeof name, "#%lld", (long long)json_integer_value(q));
    } else {
        if (load_check_ref(ctx, prefix, answer, "question", E_PLAN_QUESTION))
            return -1;
        snprintf(name, sizeof name, "%s", json_string_value(q));
    }
    if (!keymap_put(questions, name, (int64_t)index))
        return load_fail(ctx, prefix, "question '%s' is answered twice", name);
    return 0;
}

int load_check_plan(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                    size_t index)
{
    if (load_check_ref(ctx, prefix, item, "activity", E_ACTIVITY))
        return -1;
    const char *activity = str(item, "activity");
    if (!keymap_put(&seen[0], activity, (int64_t)index))
        return load_fail(ctx, prefix, "duplicate plan of activity '%s'", activity);
    struct keymap questions = {0};
    int rc = 0;
    size_t i;
    json_t *answer;
    json_array_foreach (json_object_get(item, "answers"), i, answer) {
        char path[100];
        snprintf(path, sizeof path, "%s.answers[%zu]", prefix, i);
        if (!json_is_object(answer))
            rc = load_fail(ctx, path, "must be an object");
        else
            rc = check_answer(ctx, path, answer, &questions, i);
        if (rc)
            break;
    }
    keymap_free(&questions);
    return rc;
}

/* The role of the user with address email: the document's, else the database's; "" when
   unknown. Static or owned by the document. */
static const char *user_role(struct load_ctx *ctx, const char *email)
{
    char low[300];
    int64_t *index = keymap_get(&ctx->in_doc[E_USER], lower(email, low, sizeof low));
    if (index)
        return str(json_array_get(load_section(ctx->doc, "users"), (size_t)*index), "role");
    int64_t lead = db_int_text(ctx->db, "SELECT role = 'lead' OR role = 'coordinator' FROM users"
                                        " WHERE email = ?1",
                               email, 0, 0, 0);
    return lead ? "lead" : "";
}

int load_check_visit(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                     size_t index)
{
    if (load_check_ref(ctx, prefix, item, "activity", E_ACTIVITY) ||
        load_check_ref(ctx, prefix, item, "by", E_USER))
        return -1;
    /* As on the site: the lead or a coordinator visits. */
    const char *role = str(item, "by") ? user_role(ctx, str(item, "by")) : "lead";
    if (!role || (strcmp(role, "lead") && strcmp(role, "coordinator"))) {
        char path[100];
        snprintf(path, sizeof path, "%s.by", prefix);
        return load_fail(ctx, path, "only the lead or a coordinator makes a visit");
    }
    json_t *items = json_object_get(item, "items");
    if (items) {
        char path[100];
        snprintf(path, sizeof path, "%s.items", prefix);
        if (load_check_fields(ctx, "visits.items", path, items))
            return -1;
    }
    const char *activity = str(item, "activity"), *date = str(item, "date");
    const char *by = str(item, "by"), *created = str(item, "created");
    const char *updated = str(item, "updated");
    int32_t day;
    if (!date_parse(date, &day) && day > date_today())
        return load_fail(ctx, prefix, "a visit of a session in the future (%s)", date);
    if (!by && !created)
        return load_fail(ctx, prefix, "created is required when there is no visitor (by)");
    if (created && updated && strcmp(created, updated) > 0)
        return load_fail(ctx, prefix, "updated must not be before created");
    char who[300], key[700];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s\x1f%s\x1f%s", activity, date,
             str(item, "slot") ? str(item, "slot") : "", lower(by, who, sizeof who),
             by ? "" : created);
    if (!keymap_put(&seen[0], key, (int64_t)index))
        return load_fail(ctx, prefix, "duplicate visit of '%s' on %s%s%s", activity, date,
                         by ? " by " : "", by ? by : "");
    return 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

int load_write_plan_questions(struct load_ctx *ctx)
{
    sqlite3_stmt *make_room = load_stmt(
        ctx, "plan_questions",
        "UPDATE plan_questions SET position = (SELECT max(position) + 1 FROM plan_questions)"
        " WHERE position = ?1 AND key <> ?2");
    sqlite3_stmt *upsert = load_stmt(
        ctx, "plan_questions",
        "INSERT INTO plan_questions (key, position, question, help, required)"
        " VALUES (?2, ?1, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET position = excluded.position,"
        " question = excluded.question, help = excluded.help, required = excluded.required");
    if (!make_room || !upsert)
        return -1;
    size_t i;
    json_t *q;
    json_array_foreach (load_section(ctx->doc, "plan_questions"), i, q) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "plan_questions[%zu]", i);
        json_t *required = json_object_get(q, "required");
        const char *help = str(q, "help");
        sqlite3_stmt *both[] = {make_room, upsert};
        for (size_t k = 0; k < 2; k++) {
            sqlite3_bind_int64(both[k], 1, json_integer_value(json_object_get(q, "position")));
            db_bind_text(both[k], 2, str(q, "key"));
        }
        db_bind_text(upsert, 3, str(q, "question"));
        db_bind_text(upsert, 4, help ? help : "");
        sqlite3_bind_int(upsert, 5, !json_is_false(required));
        if (load_run(ctx, make_room, prefix) || load_run(ctx, upsert, prefix))
            return -1;
    }
    return 0;
}

/* The question an answer names: by key, or by position. 0 when there is none. */
static int64_t answer_question(struct load_ctx *ctx, json_t *answer)
{
    json_t *q = json_object_get(answer, "question");
    if (json_is_integer(q))
        return db_int(ctx->db, "SELECT id FROM plan_questions WHERE position = ?1",
                      json_integer_value(q), 0, 0);
    return load_id(ctx, E_PLAN_QUESTION, json_string_value(q));
}

int load_write_plans(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    sqlite3_stmt *st = load_stmt(
        ctx, "plans",
        "INSERT INTO activity_plan_answers (activity_id, question_id, answer, updated_at,"
        " updated_by) VALUES (?1, ?2, ?3, coalesce(?4, ?6), nullif(?5, 0))"
        " ON CONFLICT (activity_id, question_id) DO UPDATE SET answer = excluded.answer,"
        " updated_at = coalesce(?4, CASE WHEN answer = excluded.answer THEN updated_at"
        " ELSE ?6 END),"
        " updated_by = CASE WHEN ?5 <> 0 THEN ?5 WHEN answer = excluded.answer THEN updated_by END");
    if (!st)
        return -1;
    size_t i, k;
    json_t *plan, *answer;
    json_array_foreach (load_section(ctx->doc, "plans"), i, plan) {
        int64_t activity_id = load_id(ctx, E_ACTIVITY, str(plan, "activity"));
        json_array_foreach (json_object_get(plan, "answers"), k, answer) {
            char prefix[80];
            snprintf(prefix, sizeof prefix, "plans[%zu].answers[%zu]", i, k);
            int64_t question_id = answer_question(ctx, answer);
            if (!question_id)
                return load_fail(ctx, prefix, "no such plan question");
            sqlite3_bind_int64(st, 1, activity_id);
            sqlite3_bind_int64(st, 2, question_id);
            db_bind_text(st, 3, str(answer, "answer"));
            db_bind_text(st, 4, str(answer, "updated"));
            sqlite3_bind_int64(st, 5, load_id(ctx, E_USER, str(answer, "updated_by")));
            db_bind_text(st, 6, now);
            if (load_run(ctx, st, prefix))
                return -1;
        }
    }
    return 0;
}

/* Bind the visit's ratings as ?3 … ?7 ("nvt" for an item it does not give). */
static void bind_ratings(sqlite3_stmt *st, json_t *v)
{
    json_t *items = json_object_get(v, "items");
    for (int i = 0; i < VISIT_ITEMS; i++) {
        const char *rating = str(items, visit_items[i].key);
        db_bind_text(st, 3 + i, rating ? rating : "nvt");
    }
}

/* Update the visit the item names (?1 session, ?2 visitor or 0, ?10 created), or insert it. */
static int write_visit(struct load_ctx *ctx, const char *prefix, json_t *v, int64_t session_id,
                       const char *now)
{
    sqlite3_stmt *update = load_stmt(
        ctx, prefix,
        "UPDATE visits SET goal = ?3, home_school = ?4, duration = ?5, staff = ?6,"
        " interests = ?7, involvement = ?8, note = ?9, created_at = coalesce(?10, created_at),"
        " updated_at = coalesce(?11, CASE WHEN goal = ?3 AND home_school = ?4 AND duration = ?5"
        " AND staff = ?6 AND interests = ?7 AND involvement IS ?8 AND note = ?9 THEN updated_at"
        " ELSE ?12 END) WHERE session_id = ?1 AND (user_id = ?2 OR (?2 = 0 AND user_id IS NULL"
        " AND created_at = ?10))");
    sqlite3_stmt *insert = load_stmt(
        ctx, prefix,
        "INSERT INTO visits (session_id, user_id, goal, home_school, duration, staff, interests,"
        " involvement, note, created_at, updated_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6,"
        " ?7, ?8, ?9, coalesce(?10, ?12), coalesce(?11, ?10, ?12))");
    if (!update || !insert)
        return -1;
    int64_t by = load_id(ctx, E_USER, str(v, "by"));
    json_t *involvement = json_object_get(v, "involvement");
    const char *note = str(v, "note");
    sqlite3_stmt *both[] = {update, insert};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = both[i];
        sqlite3_bind_int64(st, 1, session_id);
        sqlite3_bind_int64(st, 2, by);
        bind_ratings(st, v);
        if (json_is_integer(involvement))
            sqlite3_bind_int64(st, 8, json_integer_value(involvement));
        else
            sqlite3_bind_null(st, 8);
        db_bind_text(st, 9, note ? note : "");
        db_bind_text(st, 10, str(v, "created"));
        db_bind_text(st, 11, str(v, "updated"));
        db_bind_text(st, 12, now);
        if (load_run(ctx, st, prefix))
            return -1;
        if (sqlite3_changes(db_handle(ctx->db)) > 0)
            break; /* updated: no insert */
    }
    return 0;
}

int load_write_visits(struct load_ctx *ctx)
{
    char now[24];
    timestamp_now(now);
    size_t i;
    json_t *v;
    json_array_foreach (load_section(ctx->doc, "visits"), i, v) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "visits[%zu]", i);
        int64_t activity_id = load_id(ctx, E_ACTIVITY, str(v, "activity"));
        const char *date = str(v, "date"), *slot = str(v, "slot");
        int64_t session_id = load_find_session(ctx, activity_id, date, slot);
        if (!session_id)
            return load_no_session(ctx, prefix, str(v, "activity"), date, slot);
        /* The site visits only sessions that took place. */
        if (db_int(ctx->db, "SELECT cancelled FROM sessions WHERE id = ?1", session_id, 0, 0))
            return load_fail(ctx, prefix, "the session of '%s' on %s is cancelled",
                             str(v, "activity"), date);
        if (write_visit(ctx, prefix, v, session_id, now))
            return -1;
    }
    return 0;
}

/* ---- dump --------------------------------------------------------------------------------- */

static void dump_questions(struct dump *d, json_t *doc)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(d->db, "SELECT key, position, question, help, required"
                                      " FROM plan_questions ORDER BY position");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *q = json_object();
        dump_put_text(d, q, "key", st, 0);
        dump_put(d, q, "position", json_integer(sqlite3_column_int64(st, 1)));
        dump_put_text(d, q, "question", st, 2);
        dump_put_opt(d, q, "help", st, 3);
        if (!sqlite3_column_int(st, 4))
            dump_put(d, q, "required", json_false());
        json_array_append_new(items, q);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    dump_put(d, doc, "plan_questions", items);
}

static void dump_answers(struct dump *d, json_t *doc)
{
    json_t *plans = json_array(), *plan = NULL, *answers = NULL;
    sqlite3_stmt *st = db_stmt(
        d->db, "SELECT a.key, q.key, x.answer, x.updated_at, u.email FROM activity_plan_answers x"
               " JOIN activities a ON a.id = x.activity_id"
               " JOIN plan_questions q ON q.id = x.question_id"
               " LEFT JOIN users u ON u.id = x.updated_by ORDER BY a.key, q.position");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *activity = db_col_text(st, 0);
        if (!plan || strcmp(json_string_value(json_object_get(plan, "activity")), activity)) {
            plan = json_object();
            answers = json_array();
            dump_put_text(d, plan, "activity", st, 0);
            dump_put(d, plan, "answers", answers);
            json_array_append_new(plans, plan);
        }
        json_t *a = json_object();
        dump_put_text(d, a, "question", st, 1);
        dump_put_text(d, a, "answer", st, 2);
        dump_put_text(d, a, "updated", st, 3);
        dump_put_opt(d, a, "updated_by", st, 4);
        json_array_append_new(answers, a);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    dump_put(d, doc, "plans", plans);
}

static void dump_visits(struct dump *d, json_t *doc)
{
    json_t *items = json_array();
    sqlite3_stmt *st = db_stmt(
        d->db, "SELECT a.key, s.date, s.slot_date, u.email, v.goal, v.home_school, v.duration,"
               " v.staff, v.interests, v.involvement, v.note, v.created_at, v.updated_at"
               " FROM visits v JOIN sessions s ON s.id = v.session_id"
               " JOIN activities a ON a.id = s.activity_id LEFT JOIN users u ON u.id = v.user_id"
               " ORDER BY a.key, s.date, s.slot_date, u.email IS NULL, u.email, v.created_at, v.id");
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *v = json_object(), *ratings = json_object();
        dump_put_text(d, v, "activity", st, 0);
        dump_put_text(d, v, "date", st, 1);
        if (strcmp(db_col_text(st, 1), db_col_text(st, 2)))
            dump_put_text(d, v, "slot", st, 2);
        dump_put_opt(d, v, "by", st, 3);
        for (int i = 0; i < VISIT_ITEMS; i++)
            dump_put_text(d, ratings, visit_items[i].key, st, 4 + i);
        dump_put(d, v, "items", ratings);
        if (sqlite3_column_type(st, 9) != SQLITE_NULL)
            dump_put(d, v, "involvement", json_integer(sqlite3_column_int64(st, 9)));
        dump_put_opt(d, v, "note", st, 10);
        dump_put_text(d, v, "created", st, 11);
        dump_put_text(d, v, "updated", st, 12);
        json_array_append_new(items, v);
    }
    if (st)
        sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        d->failed = true;
    dump_put(d, doc, "visits", items);
}

void dump_plans(struct dump *d, json_t *doc)
{
    dump_questions(d, doc);
    dump_answers(d, doc);
    dump_visits(d, doc);
}
