/* Validation of a whole load document before anything is written: each object against its
   section's field table (load_fields.c), then references (to the document or the database),
   duplicates and cross-field rules. The first problem found is reported as "path: reason",
   e.g. "pupils[0].school: unknown school 'x'". */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "domain/people/pupils.h"
#include "io/loadjson_internal.h"
#include "util/utf8.h"

/* "prefix.field: reason" */
static int field_fail(struct load_ctx *ctx, const char *prefix, const char *field,
                      const char *reason)
{
    char path[200];
    snprintf(path, sizeof path, "%s.%s", prefix, field);
    return load_fail(ctx, path, "%s", reason);
}

/* ---- references and duplicates ----------------------------------------------------------- */

static const char *const NOUNS[E_COUNT] = {"school",   "provider", "staff member", "domain",
                                           "activity", "pupil",    "round",        "user",
                                           "plan question"};

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* Users are found in the document by their address in lower case (the database's column
   compares without case too). */
static bool known(struct load_ctx *ctx, enum entity e, const char *key)
{
    char lower[300];
    const char *in_doc = key;
    if (e == E_USER) {
        size_t i = 0;
        for (; key[i] && i < sizeof lower - 1; i++)
            lower[i] = (char)(key[i] >= 'A' && key[i] <= 'Z' ? key[i] + 32 : key[i]);
        lower[i] = '\0';
        in_doc = lower;
    }
    return keymap_get(&ctx->in_doc[e], in_doc) || load_id(ctx, e, key);
}

/* The field `field` of item refers to an e by key (absent is fine). 0 or -1. */
static int check_ref(struct load_ctx *ctx, const char *prefix, json_t *item, const char *field,
                     enum entity e)
{
    const char *key = str(item, field);
    if (!key || known(ctx, e, key))
        return 0;
    char path[200];
    snprintf(path, sizeof path, "%s.%s", prefix, field);
    return load_fail(ctx, path, "unknown %s '%s'", NOUNS[e], key);
}

/* Every key of the array field refers to an e, none twice. 0 or -1. */
static int check_refs(struct load_ctx *ctx, const char *prefix, json_t *item, const char *field,
                      enum entity e)
{
    json_t *keys = json_object_get(item, field);
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k)
    {
        char path[200];
        snprintf(path, sizeof path, "%s.%s[%zu]", prefix, field, i);
        const char *key = json_string_value(k);
        if (!known(ctx, e, key))
            return load_fail(ctx, path, "unknown %s '%s'", NOUNS[e], key);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(json_string_value(json_array_get(keys, j)), key))
                return load_fail(ctx, path, "'%s' is listed twice", key);
    }
    return 0;
}

int load_check_ref(struct load_ctx *ctx, const char *prefix, json_t *item, const char *field,
                   enum entity e)
{
    return check_ref(ctx, prefix, item, field, e);
}

int load_check_refs(struct load_ctx *ctx, const char *prefix, json_t *item, const char *field,
                    enum entity e)
{
    return check_refs(ctx, prefix, item, field, e);
}

/* Register the item's key in ctx->in_doc[e]; a second item with the same key is refused. */
static int check_unique_key(struct load_ctx *ctx, const char *prefix, json_t *item,
                            const char *field, enum entity e, size_t index)
{
    const char *key = str(item, field);
    if (keymap_put(&ctx->in_doc[e], key, (int64_t)index))
        return 0;
    char path[200];
    snprintf(path, sizeof path, "%s.%s", prefix, field);
    return load_fail(ctx, path, "duplicate %s '%s'", e == E_DOMAIN ? "code" : "key", key);
}

/* Build "a\x1fb\x1fc" for a set of seen combinations. */
static const char *combine(char *buf, size_t n, const char *a, const char *b, const char *c)
{
    snprintf(buf, n, "%s\x1f%s\x1f%s", a, b, c ? c : "");
    return buf;
}

/* "po" or "vo" of a school in the document or the database. */
static const char *school_kind(struct load_ctx *ctx, const char *key)
{
    int64_t *index = keymap_get(&ctx->in_doc[E_SCHOOL], key);
    if (index) {
        const char *kind = str(json_array_get(load_section(ctx->doc, "schools"), (size_t)*index),
                               "kind");
        return kind && !strcmp(kind, "vo") ? "vo" : "po";
    }
    sqlite3_stmt *st = db_stmt(ctx->db, "SELECT kind FROM schools WHERE key = ?1");
    bool vo = false;
    if (st) {
        db_bind_text(st, 1, key);
        vo = sqlite3_step(st) == SQLITE_ROW && !strcmp(db_col_text(st, 0), "vo");
        sqlite3_reset(st);
    }
    return vo ? "vo" : "po";
}

/* A grade value at a school of kind: po 1-8, vo 1-6. 0 or -1. */
static int check_grade(struct load_ctx *ctx, const char *path, json_int_t grade, const char *kind)
{
    int top = !strcmp(kind, "vo") ? 6 : 8;
    if (grade <= top)
        return 0;
    return load_fail(ctx, path, "must be from 1 to %d at a %s school", top, kind);
}

/* Later date/time text must not be before (or, when strict, equal to) earlier. Strict formats
   compare as strings. 0 or -1. */
static int check_order(struct load_ctx *ctx, const char *prefix, json_t *item, const char *first,
                       const char *second, bool strict)
{
    const char *a = str(item, first), *b = str(item, second);
    if (!a || !b)
        return 0;
    int cmp = strcmp(a, b);
    if (cmp < 0 || (cmp == 0 && !strict))
        return 0;
    char path[200];
    snprintf(path, sizeof path, "%s.%s", prefix, second);
    return load_fail(ctx, path, strict ? "must be after %s" : "must not be before %s", first);
}

/* ---- sections ------------------------------------------------------------------------------ */

/* Per-section state for duplicate detection. */
struct check_state {
    struct keymap seen[2];
};

typedef int (*item_check)(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                          json_t *item, size_t index);

static int domain_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                       json_t *item, size_t index)
{
    (void)cs;
    return check_unique_key(ctx, prefix, item, "code", E_DOMAIN, index);
}

static int holiday_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                        json_t *item, size_t index)
{
    char buf[1200];
    if (!keymap_put(&cs->seen[0], combine(buf, sizeof buf, str(item, "name"), str(item, "from"),
                                          NULL), (int64_t)index))
        return load_fail(ctx, prefix, "duplicate holiday '%s' from %s", str(item, "name"),
                         str(item, "from"));
    return check_order(ctx, prefix, item, "from", "to", false);
}

static int school_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                       json_t *item, size_t index)
{
    (void)cs;
    return check_unique_key(ctx, prefix, item, "key", E_SCHOOL, index);
}

static int provider_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                         json_t *item, size_t index)
{
    (void)cs;
    return check_unique_key(ctx, prefix, item, "key", E_PROVIDER, index);
}

static int staff_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                      json_t *item, size_t index)
{
    (void)cs;
    if (check_unique_key(ctx, prefix, item, "key", E_STAFF, index))
        return -1;
    return check_ref(ctx, prefix, item, "provider", E_PROVIDER) ||
                   load_check_staff_competence(ctx, prefix, item)
               ? -1
               : 0;
}

/* Whether item has field name (JSON null counts as absent). */
static bool present(json_t *item, const char *name)
{
    json_t *v = json_object_get(item, name);
    return v && !json_is_null(v);
}

static int activity_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                         json_t *item, size_t index)
{
    (void)cs;
    if (check_unique_key(ctx, prefix, item, "key", E_ACTIVITY, index) ||
        check_ref(ctx, prefix, item, "school", E_SCHOOL) ||
        check_ref(ctx, prefix, item, "provider", E_PROVIDER) ||
        check_refs(ctx, prefix, item, "staff", E_STAFF) ||
        check_refs(ctx, prefix, item, "domains", E_DOMAIN) ||
        load_check_activity_costs(ctx, prefix, item))
        return -1;
    json_t *grades = json_object_get(item, "grades");
    const char *kind = school_kind(ctx, str(item, "school"));
    char path[200];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s.grades[%zu]", prefix, i);
        if (check_grade(ctx, path, json_integer_value(json_array_get(grades, i)), kind))
            return -1;
    }
    if (json_integer_value(json_array_get(grades, 0)) >
        json_integer_value(json_array_get(grades, 1))) {
        snprintf(path, sizeof path, "%s.grades", prefix);
        return load_fail(ctx, path, "the lowest grade must not exceed the highest");
    }
    bool single = present(item, "weekday") || present(item, "start") || present(item, "end");
    bool several = present(item, "slots");
    if (single && several)
        return load_fail(ctx, prefix, "give either weekday, start and end, or slots; not both");
    const char *needed[] = {"weekday", "start", "end"};
    for (size_t i = 0; !several && i < 3; i++)
        if (!present(item, needed[i])) {
            snprintf(path, sizeof path, "%s.%s", prefix, needed[i]);
            return load_fail(ctx, path, "is required (or give slots)");
        }
    return check_order(ctx, prefix, item, "start", "end", true) ||
                   check_order(ctx, prefix, item, "from", "until", false) ||
                   check_order(ctx, prefix, item, "signup_from", "signup_until", false)
               ? -1
               : 0;
}

static int session_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                        json_t *item, size_t index)
{
    char buf[300];
    if (check_ref(ctx, prefix, item, "activity", E_ACTIVITY))
        return -1;
    if (!keymap_put(&cs->seen[0],
                    combine(buf, sizeof buf, str(item, "activity"), str(item, "slot"), NULL),
                    (int64_t)index)) {
        snprintf(buf, sizeof buf, "%s.slot", prefix);
        return load_fail(ctx, buf, "duplicate session of '%s' on %s", str(item, "activity"),
                         str(item, "slot"));
    }
    return check_order(ctx, prefix, item, "start", "end", true);
}

/* A pupil's number (per school) or link code (overall) must not belong to another pupil of
   the database that the document does not also change. 0 or -1. */
static int check_pupil_taken(struct load_ctx *ctx, const char *prefix, json_t *item,
                             const char *field, const char *sql, const char *noun)
{
    sqlite3_stmt *st = db_stmt(ctx->db, sql);
    if (!st)
        return load_fail(ctx, prefix, "database error");
    db_bind_text(st, 1, str(item, field));
    if (sqlite3_bind_parameter_count(st) > 1)
        db_bind_text(st, 2, str(item, "school"));
    char other[LOAD_KEY_MAX + 1] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(other, sizeof other, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    if (!other[0] || !strcmp(other, str(item, "key")) || keymap_get(&ctx->in_doc[E_PUPIL], other))
        return 0;
    char path[200];
    snprintf(path, sizeof path, "%s.%s", prefix, field);
    return load_fail(ctx, path, "%s '%s' is already used by pupil '%s'", noun, str(item, field),
                     other);
}

static int pupil_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                      json_t *item, size_t index)
{
    char buf[400];
    if (check_unique_key(ctx, prefix, item, "key", E_PUPIL, index) ||
        check_ref(ctx, prefix, item, "school", E_SCHOOL))
        return -1;
    snprintf(buf, sizeof buf, "%s.grade", prefix);
    if (check_grade(ctx, buf, json_integer_value(json_object_get(item, "grade")),
                    school_kind(ctx, str(item, "school"))))
        return -1;
    if (!keymap_put(&cs->seen[0],
                    combine(buf, sizeof buf, str(item, "school"), str(item, "number"), NULL),
                    (int64_t)index)) {
        snprintf(buf, sizeof buf, "%s.number", prefix);
        return load_fail(ctx, buf, "duplicate number '%s' at school '%s'", str(item, "number"),
                         str(item, "school"));
    }
    const char *code = str(item, "link_code");
    if (code && !link_code_valid(code)) {
        snprintf(buf, sizeof buf, "%s.link_code", prefix);
        return load_fail(ctx, buf, "'%s' is not a link code: 8 of the letters and digits"
                         " " LINK_CODE_ALPHABET " as XXXX-XXXX", code);
    }
    if (code && !keymap_put(&cs->seen[1], code, (int64_t)index)) {
        snprintf(buf, sizeof buf, "%s.link_code", prefix);
        return load_fail(ctx, buf, "duplicate link code '%s'", code);
    }
    if (check_pupil_taken(ctx, prefix, item, "number",
                          "SELECT p.key FROM pupils p JOIN schools s ON s.id = p.school_id"
                          " WHERE p.number = ?1 AND s.key = ?2",
                          "number"))
        return -1;
    return code ? check_pupil_taken(ctx, prefix, item, "link_code",
                                    "SELECT key FROM pupils WHERE link_code = ?1",
                                    "link code")
                : 0;
}

static int user_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                     json_t *item, size_t index)
{
    char buf[300];
    const char *email = str(item, "email"), *role = str(item, "role");
    size_t len = strlen(email);
    for (size_t i = 0; i <= len && i < sizeof buf; i++)
        buf[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
    buf[sizeof buf - 1] = '\0';
    if (!keymap_put(&cs->seen[0], buf, (int64_t)index))
        return field_fail(ctx, prefix, "email", "duplicate e-mail address");
    keymap_put(&ctx->in_doc[E_USER], buf, (int64_t)index);
    const char *password = str(item, "password"), *hash = str(item, "password_hash");
    if (!password && !hash)
        return field_fail(ctx, prefix, "password", "is required (or password_hash)");
    if (password && hash)
        return field_fail(ctx, prefix, "password_hash", "give either password or password_hash");
    if (password && utf8_length(password) < PASSWORD_MIN) {
        snprintf(buf, sizeof buf, "must be at least %d characters", PASSWORD_MIN);
        return field_fail(ctx, prefix, "password", buf);
    }
    if (hash && strncmp(hash, "$argon2", 7))
        return field_fail(ctx, prefix, "password_hash", "must be an Argon2 hash ($argon2id$…)");
    if (!strcmp(role, "coordinator") && !str(item, "school"))
        return field_fail(ctx, prefix, "school", "is required for a coordinator");
    if (!strcmp(role, "staff") && !str(item, "staff"))
        return field_fail(ctx, prefix, "staff", "is required for a staff member");
    return check_ref(ctx, prefix, item, "school", E_SCHOOL) ||
                   check_ref(ctx, prefix, item, "staff", E_STAFF) ||
                   check_refs(ctx, prefix, item, "children", E_PUPIL)
               ? -1
               : 0;
}

static int enrolment_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                          json_t *item, size_t index)
{
    char buf[300];
    if (check_ref(ctx, prefix, item, "pupil", E_PUPIL) ||
        check_ref(ctx, prefix, item, "activity", E_ACTIVITY))
        return -1;
    if (!keymap_put(&cs->seen[0],
                    combine(buf, sizeof buf, str(item, "pupil"), str(item, "activity"), NULL),
                    (int64_t)index))
        return load_fail(ctx, prefix, "duplicate enrolment of pupil '%s' in '%s'",
                         str(item, "pupil"), str(item, "activity"));
    return 0;
}

static int attendance_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                           json_t *item, size_t index)
{
    char buf[400], when[40];
    if (check_ref(ctx, prefix, item, "activity", E_ACTIVITY) ||
        check_ref(ctx, prefix, item, "pupil", E_PUPIL))
        return -1;
    snprintf(when, sizeof when, "%s\x1f%s", str(item, "date"),
             str(item, "slot") ? str(item, "slot") : "");
    if (!keymap_put(&cs->seen[0],
                    combine(buf, sizeof buf, str(item, "activity"), when, str(item, "pupil")),
                    (int64_t)index))
        return load_fail(ctx, prefix, "duplicate mark of pupil '%s' at '%s' on %s",
                         str(item, "pupil"), str(item, "activity"), str(item, "date"));
    return 0;
}

static int round_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                      json_t *item, size_t index)
{
    (void)cs;
    return check_unique_key(ctx, prefix, item, "key", E_ROUND, index) ||
                   check_ref(ctx, prefix, item, "school", E_SCHOOL) ||
                   check_refs(ctx, prefix, item, "activities", E_ACTIVITY) ||
                   check_order(ctx, prefix, item, "opens", "closes", true)
               ? -1
               : 0;
}

/* The number of choices of a round, and whether activity is one of its activities. */
static int round_facts(struct load_ctx *ctx, const char *round, const char *activity,
                       bool *member)
{
    int64_t *index = keymap_get(&ctx->in_doc[E_ROUND], round);
    *member = false;
    if (index) {
        json_t *r = json_array_get(load_section(ctx->doc, "rounds"), (size_t)*index);
        size_t i;
        json_t *k;
        json_array_foreach(json_object_get(r, "activities"), i, k)
        {
            if (!strcmp(json_string_value(k), activity))
                *member = true;
        }
        json_t *choices = json_object_get(r, "choices");
        return json_is_integer(choices) ? (int)json_integer_value(choices) : 3;
    }
    sqlite3_stmt *st = db_stmt(ctx->db, "SELECT r.choices, EXISTS (SELECT 1 FROM round_activities"
                                        " ra JOIN activities a ON a.id = ra.activity_id"
                                        " WHERE ra.round_id = r.id AND a.key = ?2)"
                                        " FROM rounds r WHERE r.key = ?1");
    int choices = 0;
    if (st) {
        db_bind_text(st, 1, round);
        db_bind_text(st, 2, activity);
        if (sqlite3_step(st) == SQLITE_ROW) {
            choices = sqlite3_column_int(st, 0);
            *member = sqlite3_column_int(st, 1) != 0;
        }
        sqlite3_reset(st);
    }
    return choices;
}

static int preference_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                           json_t *item, size_t index)
{
    char buf[300];
    if (check_ref(ctx, prefix, item, "round", E_ROUND) ||
        check_ref(ctx, prefix, item, "pupil", E_PUPIL) ||
        check_refs(ctx, prefix, item, "ranks", E_ACTIVITY))
        return -1;
    const char *round = str(item, "round");
    if (!keymap_put(&cs->seen[0], combine(buf, sizeof buf, round, str(item, "pupil"), NULL),
                    (int64_t)index))
        return load_fail(ctx, prefix, "duplicate preferences of pupil '%s' in round '%s'",
                         str(item, "pupil"), round);
    json_t *ranks = json_object_get(item, "ranks");
    size_t i;
    json_t *k;
    int choices = 0;
    json_array_foreach(ranks, i, k)
    {
        bool member;
        choices = round_facts(ctx, round, json_string_value(k), &member);
        if (!member) {
            snprintf(buf, sizeof buf, "%s.ranks[%zu]", prefix, i);
            return load_fail(ctx, buf, "activity '%s' is not part of round '%s'",
                             json_string_value(k), round);
        }
    }
    if (json_array_size(ranks) > (size_t)choices) {
        snprintf(buf, sizeof buf, "%s.ranks", prefix);
        return load_fail(ctx, buf, "more choices than round '%s' allows (%d)", round, choices);
    }
    return 0;
}

/* The later sections, checked in load_check_quality.c. */
static int norm_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                     json_t *item, size_t index)
{
    return load_check_norm(ctx, cs->seen, prefix, item, index);
}

static int evaluation_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                           json_t *item, size_t index)
{
    return load_check_evaluation(ctx, cs->seen, prefix, item, index);
}

static int incident_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                         json_t *item, size_t index)
{
    return load_check_incident(ctx, cs->seen, prefix, item, index);
}

static int review_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                       json_t *item, size_t index)
{
    return load_check_review(ctx, cs->seen, prefix, item, index);
}

/* The rollover's state, checked in load_rollover.c. */
static int pupil_grade_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                            json_t *item, size_t index)
{
    return load_check_pupil_grade(ctx, cs->seen, prefix, item, index);
}

static int rollover_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                         json_t *item, size_t index)
{
    return load_check_rollover(ctx, cs->seen, prefix, item, index);
}

/* issue 15, checked in load_plans.c. */
static int plan_question_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                              json_t *item, size_t index)
{
    return load_check_plan_question(ctx, cs->seen, prefix, item, index);
}

static int plan_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                     json_t *item, size_t index)
{
    return load_check_plan(ctx, cs->seen, prefix, item, index);
}

static int visit_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                      json_t *item, size_t index)
{
    return load_check_visit(ctx, cs->seen, prefix, item, index);
}

static int budget_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                       json_t *item, size_t index)
{
    return load_check_budget(ctx, cs->seen, prefix, item, index);
}

/* issue 15 part 2, checked in load_voice.c. */
static int interest_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                         json_t *item, size_t index)
{
    return load_check_interest(ctx, cs->seen, prefix, item, index);
}

static int feedback_item(struct load_ctx *ctx, struct check_state *cs, const char *prefix,
                         json_t *item, size_t index)
{
    return load_check_feedback(ctx, cs->seen, prefix, item, index);
}

/* ---- the document -------------------------------------------------------------------------- */

struct section_check {
    const char *name;
    item_check check;
};

/* In dependency order: a section refers only to sections before it. */
static const struct section_check SECTIONS_CHECKED[] = {
    {"domains", domain_item},
    {"holidays", holiday_item},
    {"schools", school_item},
    {"providers", provider_item},
    {"staff", staff_item},
    {"activities", activity_item},
    {"sessions", session_item},
    {"pupils", pupil_item},
    {"users", user_item},
    {"enrolments", enrolment_item},
    {"attendance", attendance_item},
    {"rounds", round_item},
    {"preferences", preference_item},
    {"norms", norm_item},
    {"evaluations", evaluation_item},
    {"incidents", incident_item},
    {"reviews", review_item},
    {"pupil_grades", pupil_grade_item},
    {"rollovers", rollover_item},
    {"plan_questions", plan_question_item},
    {"plans", plan_item},
    {"visits", visit_item},
    {"budgets", budget_item},
    {"interests", interest_item},
    {"feedback", feedback_item},
};

static int check_section(struct load_ctx *ctx, const struct section_check *sc)
{
    json_t *items = json_object_get(ctx->doc, sc->name);
    if (!items)
        return 0;
    if (!json_is_array(items))
        return load_fail(ctx, sc->name, "must be an array");
    struct check_state cs = {0};
    int rc = 0;
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%s[%zu]", sc->name, i);
        rc = load_check_fields(ctx, sc->name, prefix, item);
        if (!rc)
            rc = sc->check(ctx, &cs, prefix, item, i);
        if (rc)
            break;
    }
    keymap_free(&cs.seen[0]);
    keymap_free(&cs.seen[1]);
    return rc;
}

int load_check(struct load_ctx *ctx)
{
    if (!json_is_object(ctx->doc))
        return load_fail(ctx, "document", "must be a JSON object");
    const char *name;
    json_t *v;
    json_object_foreach(ctx->doc, name, v)
    {
        size_t i = 0;
        while (load_sections[i] && strcmp(load_sections[i], name))
            i++;
        if (!load_sections[i]) {
            char shown[80];
            snprintf(shown, sizeof shown, "%.60s", name);
            return load_fail(ctx, shown, "unknown section");
        }
    }
    json_t *coalition = json_object_get(ctx->doc, "coalition");
    if (coalition && load_check_fields(ctx, "coalition", "coalition", coalition))
        return -1;
    /* Without a domains section an empty table gets the six defaults: they may be referred to. */
    if (!json_object_get(ctx->doc, "domains") &&
        db_scalar_int(ctx->db, "SELECT count(*) FROM domains", 0) == 0)
        for (int i = 0; i < LOAD_DEFAULT_DOMAINS; i++)
            keymap_put(&ctx->in_doc[E_DOMAIN], load_default_domains[i].code, -1);
    for (size_t i = 0; i < sizeof SECTIONS_CHECKED / sizeof SECTIONS_CHECKED[0]; i++)
        if (check_section(ctx, &SECTIONS_CHECKED[i]))
            return -1;
    return load_check_seats(ctx);
}
