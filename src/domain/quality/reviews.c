#include "domain/quality/reviews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/quality/evaluations.h"
#include "domain/quality/incidents.h"
#include "domain/problems.h"
#include "domain/people/users.h"
#include "util/date.h"

/* ---- school years ---------------------------------------------------------------------------- */

int review_year_of(const char *day)
{
    int32_t n;
    if (!day || date_parse(day, &n))
        return -1;
    int year = atoi(day), month = atoi(day + 5);
    return month >= 8 ? year : year - 1;
}

int review_year_parse(const char *s, int *year)
{
    if (!s || !*s || strlen(s) > 4)
        return -1;
    int value = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        value = value * 10 + (*p - '0');
    }
    if (value < REVIEW_YEAR_MIN || value > REVIEW_YEAR_MAX)
        return -1;
    *year = value;
    return 0;
}

void review_year_period(int year, char from[11], char to[11])
{
    /* Clamped so that the dates keep four digits (and the compiler sees they fit). */
    unsigned y = year < REVIEW_YEAR_MIN ? REVIEW_YEAR_MIN
                 : year > REVIEW_YEAR_MAX ? REVIEW_YEAR_MAX
                                          : (unsigned)year;
    snprintf(from, 11, "%04u-08-01", y % 10000);
    snprintf(to, 11, "%04u-07-31", (y + 1) % 10000);
}

void review_year_label(int year, char out[16])
{
    snprintf(out, 16, "%d\u2013%d", year % 10000, year % 10000 + 1);
}

int review_compare_period(int year, const char *today, char last_from[11], char last_to[11])
{
    char from[11], to[11];
    review_year_period(year, from, to);
    review_year_period(year - 1, last_from, last_to);
    int32_t day;
    if (!today || date_parse(today, &day))
        return -1;
    if (strcmp(today, from) < 0 || strcmp(today, to) >= 0)
        return 0;
    /* The same day a year before; 29 February has none, so the stretch ends on the 28th. */
    int y = 0, m = 0, d = 0;
    date_digits(today, 4, &y);
    date_digits(today + 5, 2, &m);
    date_digits(today + 8, 2, &d);
    if (m == 2 && d == 29)
        d = 28;
    snprintf(last_to, 11, "%04u-%02u-%02u", (unsigned)(y - 1) % 10000, (unsigned)m % 100,
             (unsigned)d % 100);
    return 1;
}

/* ---- the themes ------------------------------------------------------------------------------ */

/* The five factors and conditions of the quality plan (seed 000_…), in its order, and the
   agreements the conversation ends with. The hints are the plan's questions, short enough to
   print above an empty box. */
static const struct review_theme themes[REVIEW_THEMES] = {
    {"doelgerichtheid", "Doelgerichtheid",
     "Werkzame factor 1. Zijn de activiteiten gericht op concrete doelen die aansluiten bij de"
     " kerndoelen, in balans tussen cognitieve en sociaal-emotionele doelen?"},
    {"thuis_school", "Verbinding thuis\u2013school",
     "Werkzame factor 2. Staat het aanbod in verbinding met wat thuis en op school gebeurt"
     " (doelen, aanbod, omgangsvormen)? Werken groepsleerkrachten en vakkrachten samen?"},
    {"personeel", "Personeel",
     "Randvoorwaarde 1. Is de bezetting stabiel, zijn de uitvoerders pedagogisch-didactisch"
     " bekwaam en blijven ze zich ontwikkelen?"},
    {"duur_intensiteit", "Duur en intensiteit",
     "Randvoorwaarde 2. Worden de activiteiten regelmatig en gedurende langere tijd"
     " aangeboden? Van incidentele activiteiten is geen effect te verwachten."},
    {"coordinatie", "Co\u00f6rdinatie",
     "Randvoorwaarde 3. Is er een duidelijk aanspreekpunt voor ouders, leerkrachten en"
     " aanbieders, dat activiteiten bezoekt en de kwaliteit bewaakt?"},
    {"afspraken", "Afspraken",
     "Wat spreken school en coalitie af voor het komende schooljaar, wie doet wat en"
     " wanneer?"},
};

const struct review_theme *review_theme(size_t i)
{
    return i < REVIEW_THEMES ? &themes[i] : NULL;
}

int review_theme_index(const char *code)
{
    for (int i = 0; code && i < REVIEW_THEMES; i++)
        if (!strcmp(themes[i].code, code))
            return i;
    return -1;
}

/* ---- the conclusions ------------------------------------------------------------------------- */

/* Theme i's entry of the conclusions (reviews.h). New reference. */
static json_t *theme_entry(size_t i, const char *text, const char *updated_at,
                           const char *updated_by)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", themes[i].code, "label",
                     themes[i].label, "hint", themes[i].hint, "text", text, "updated_at",
                     updated_at, "updated_by", updated_by);
}

/* The conclusions' columns after those a query adds before them: theme, text, updated_at and
   the author. */
#define CONCLUSION_COLUMNS                                                                     \
    "c.theme, c.text, c.updated_at, coalesce(nullif(u.name, ''), u.email, '')"                 \
    " FROM review_conclusions c LEFT JOIN users u ON u.id = c.updated_by"

/* The entry of the row at st's column first (CONCLUSION_COLUMNS), with the index of its theme
   in *theme; NULL for a theme this program no longer knows. New reference. */
static json_t *row_entry(sqlite3_stmt *st, int first, int *theme)
{
    *theme = review_theme_index(db_col_text(st, first));
    if (*theme < 0)
        return NULL;
    return theme_entry((size_t)*theme, db_col_text(st, first + 1), db_col_text(st, first + 2),
                       db_col_text(st, first + 3));
}

json_t *review_conclusions(struct db *db, int64_t school_id, int year)
{
    json_t *list = json_array();
    for (size_t i = 0; i < REVIEW_THEMES; i++)
        json_array_append_new(list, theme_entry(i, "", "", ""));
    sqlite3_stmt *st = db_stmt(db, "SELECT " CONCLUSION_COLUMNS
                                   " WHERE c.school_id = ?1 AND c.year = ?2");
    if (!st) {
        json_decref(list);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int(st, 2, year);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int i;
        json_t *entry = row_entry(st, 0, &i);
        if (entry)
            json_array_set_new(list, (size_t)i, entry);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The written entries of one school (REVIEW_THEMES slots, NULL where none) into by_school under
   its id, in theme order; the slots are emptied. */
static void put_written(json_t *by_school, int64_t school_id, json_t **slots)
{
    json_t *list = json_array();
    for (size_t i = 0; i < REVIEW_THEMES; i++) {
        if (slots[i])
            json_array_append_new(list, slots[i]);
        slots[i] = NULL;
    }
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)school_id);
    json_object_set_new(by_school, id, list);
}

json_t *review_conclusions_written(struct db *db, int year)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.school_id, " CONCLUSION_COLUMNS
                                   " WHERE c.year = ?1 ORDER BY c.school_id");
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, year);
    json_t *by_school = json_object(), *slots[REVIEW_THEMES] = {0};
    int64_t school = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (school && id != school)
            put_written(by_school, school, slots);
        school = id;
        int i;
        json_t *entry = row_entry(st, 1, &i);
        if (entry) {
            json_decref(slots[i]); /* (school_id, year, theme) is unique: never one before */
            slots[i] = entry;
        }
    }
    sqlite3_reset(st);
    if (school)
        put_written(by_school, school, slots);
    if (rc != SQLITE_DONE) {
        json_decref(by_school);
        return NULL;
    }
    return by_school;
}

int review_check(const struct review_input *in, struct problems *problems)
{
    size_t before = problems->n;
    for (size_t i = 0; i < REVIEW_THEMES; i++) {
        const char *key = in->text[i] ? free_text_error(in->text[i], REVIEW_TEXT_MAX) : NULL;
        if (key)
            problems_add_int(problems, themes[i].code, key, "max", REVIEW_TEXT_MAX);
    }
    return (int)(problems->n - before);
}

/* The member key of the conclusions entry of theme i, as a string. Borrowed. */
static const char *stored_member(json_t *stored, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(stored, i), key));
}

/* Add a problem to theme i when it was saved by somebody else after the form was loaded:
   seen (the form's) differs from what is stored now. */
static void check_unchanged_since(const struct review_input *in, json_t *stored, size_t i,
                                  struct problems *problems)
{
    const char *at = stored_member(stored, i, "updated_at");
    if (!in->seen[i] || !strcmp(in->seen[i], at))
        return;
    const char *by = stored_member(stored, i, "updated_by");
    if (!*at) {
        problems_add(problems, themes[i].code, "problem.review_removed");
        return;
    }
    char date[11], time[6];
    snprintf(date, sizeof date, "%.10s", at);
    snprintf(time, sizeof time, "%.5s", strlen(at) >= 16 ? at + 11 : "");
    problems_add_vars(problems, themes[i].code,
                      *by ? "problem.review_changed_by" : "problem.review_changed",
                      json_pack("{ssssss}", "by", by, "date", date, "time", time));
}

/* Write theme i of school_id's year as text ("" removes it) with its audit record. 0 or -1. */
static int write_theme(struct db *db, int64_t user_id, int64_t school_id, int year, size_t i,
                       const char *text, const char *stamp)
{
    sqlite3_stmt *st;
    if (!*text) {
        st = db_stmt(db, "DELETE FROM review_conclusions"
                         " WHERE school_id = ?1 AND year = ?2 AND theme = ?3");
        if (!st)
            return -1;
    } else {
        st = db_stmt(db, "INSERT INTO review_conclusions"
                         " (school_id, year, theme, text, updated_at, updated_by)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0))"
                         " ON CONFLICT (school_id, year, theme) DO UPDATE SET"
                         " text = excluded.text, updated_at = excluded.updated_at,"
                         " updated_by = excluded.updated_by");
        if (!st)
            return -1;
        db_bind_text(st, 4, text);
        db_bind_text(st, 5, stamp);
        sqlite3_bind_int64(st, 6, user_id);
    }
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int(st, 2, year);
    db_bind_text(st, 3, themes[i].code);
    if (db_step_done(st))
        return -1;
    char detail[64];
    snprintf(detail, sizeof detail, "%d %s%s", year, themes[i].code, *text ? "" : " gewist");
    return audit(db, user_id, "update", "review_conclusions", school_id, detail);
}

enum outcome review_save(struct db *db, int64_t user_id, int64_t school_id, int year,
                         const struct review_input *in, struct problems *problems, int *changed)
{
    problems_clear(problems);
    if (changed)
        *changed = 0;
    if (year < REVIEW_YEAR_MIN || year > REVIEW_YEAR_MAX || review_check(in, problems))
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    json_t *stored = review_conclusions(db, school_id, year);
    if (!stored)
        goto fail;
    bool differs[REVIEW_THEMES] = {false};
    for (size_t i = 0; i < REVIEW_THEMES; i++) {
        differs[i] = in->text[i] && strcmp(in->text[i], stored_member(stored, i, "text"));
        if (differs[i])
            check_unchanged_since(in, stored, i, problems);
    }
    if (problems->n) {
        json_decref(stored);
        db_rollback(db);
        return OUTCOME_INVALID;
    }
    char stamp[24];
    timestamp_now(stamp);
    int n_changed = 0;
    for (size_t i = 0; i < REVIEW_THEMES; i++) {
        if (!differs[i])
            continue;
        if (write_theme(db, user_id, school_id, year, i, in->text[i], stamp))
            goto fail;
        n_changed++;
    }
    json_decref(stored);
    stored = NULL;
    if (db_commit(db))
        goto fail;
    if (changed)
        *changed = n_changed;
    return OUTCOME_OK;
fail:
    json_decref(stored);
    db_rollback(db);
    return OUTCOME_FAILED;
}

/* ---- the activities and their evaluations ---------------------------------------------------- */

/* The held sessions of the school's activities in the period: ?1 school, ?2 from, ?3 upto. */
#define HELD_SESSIONS                                                                            \
    " FROM sessions s JOIN activities a ON a.id = s.activity_id"                                 \
    " WHERE a.school_id = ?1 AND s.date BETWEEN ?2 AND ?3 AND s.cancelled = 0"

/* Bind the school and the period to st (parameters 1–3). */
static void bind_period(sqlite3_stmt *st, int64_t school_id, const char *from, const char *upto)
{
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, upto);
}

/* The activity with this id among by_id (keyed by the id as text), or NULL. Borrowed. */
static json_t *activity_of(json_t *by_id, int64_t id)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    return json_object_get(by_id, key);
}

/* The activities of the period with their held sessions, by title, into list and by_id.
   0 or -1. */
static int read_activities(struct db *db, int64_t school_id, const char *from, const char *upto,
                           int min_sessions, json_t *list, json_t *by_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id, a.title, a.goal,"
            " coalesce((SELECT p.name FROM providers p WHERE p.id = a.provider_id), ''),"
            " a.grade_min, a.grade_max, count(*)" HELD_SESSIONS
            " GROUP BY a.id ORDER BY a.title, a.id");
    if (!st)
        return -1;
    bind_period(st, school_id, from, upto);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        int sessions = sqlite3_column_int(st, 6);
        json_t *activity = json_pack(
            "{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:[], s:{s:i, s:i, s:i, s:i}, s:[]}", "id",
            (json_int_t)id, "title", db_col_text(st, 1), "goal", db_col_text(st, 2), "provider",
            db_col_text(st, 3), "grade_min", sqlite3_column_int(st, 4), "grade_max",
            sqlite3_column_int(st, 5), "sessions", sessions, "qualifying",
            sessions >= min_sessions, "domains", "evaluations", "yes", 0, "partly", 0, "no", 0,
            "total", 0, "remarks");
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)id);
        json_object_set(by_id, key, activity);
        json_array_append_new(list, activity);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The domain codes of each activity of the school, in domain order. 0 or -1. */
static int read_domains(struct db *db, int64_t school_id, json_t *by_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT ad.activity_id, d.code FROM activity_domains ad"
                                   " JOIN domains d ON d.id = ad.domain_id"
                                   " JOIN activities a ON a.id = ad.activity_id"
                                   " WHERE a.school_id = ?1 ORDER BY d.position, d.code");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *activity = activity_of(by_id, sqlite3_column_int64(st, 0));
        if (activity)
            json_array_append_new(json_object_get(activity, "domains"),
                                  json_string(db_col_text(st, 1)));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The evaluations of the held sessions counted per activity and answer. 0 or -1. */
static int count_evaluations(struct db *db, int64_t school_id, const char *from,
                             const char *upto, json_t *by_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.activity_id, e.as_planned, count(*)"
                                   " FROM evaluations e JOIN sessions s ON s.id = e.session_id"
                                   " JOIN activities a ON a.id = s.activity_id"
                                   " WHERE a.school_id = ?1 AND s.date BETWEEN ?2 AND ?3"
                                   " AND s.cancelled = 0 GROUP BY s.activity_id, e.as_planned");
    if (!st)
        return -1;
    bind_period(st, school_id, from, upto);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *activity = activity_of(by_id, sqlite3_column_int64(st, 0));
        json_t *counts = json_object_get(activity, "evaluations");
        const char *answer = db_col_text(st, 1);
        int n = sqlite3_column_int(st, 2);
        if (!counts || !json_object_get(counts, answer))
            continue;
        json_object_set_new(counts, answer,
                            json_integer(json_integer_value(json_object_get(counts, answer)) + n));
        json_object_set_new(counts, "total",
                            json_integer(json_integer_value(json_object_get(counts, "total")) + n));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The latest REVIEW_REMARKS evaluations of each activity, newest session first (and of one
   session the latest changed first). 0 or -1. */
static int read_remarks(struct db *db, int64_t school_id, const char *from, const char *upto,
                        json_t *by_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT activity_id, date, author, role, as_planned, went_well, to_change, note"
            " FROM (SELECT s.activity_id, s.date,"
            "  coalesce(nullif(u.name, ''), u.email, '') AS author,"
            "  coalesce(u.role, '') AS role, e.as_planned, e.went_well, e.to_change, e.note,"
            "  row_number() OVER (PARTITION BY s.activity_id ORDER BY s.date DESC,"
            "   s.start_time DESC, e.updated_at DESC, e.id DESC) AS n"
            "  FROM evaluations e JOIN sessions s ON s.id = e.session_id"
            "  JOIN activities a ON a.id = s.activity_id"
            "  LEFT JOIN users u ON u.id = e.user_id"
            "  WHERE a.school_id = ?1 AND s.date BETWEEN ?2 AND ?3 AND s.cancelled = 0)"
            " WHERE n <= ?4 ORDER BY activity_id, n");
    if (!st)
        return -1;
    bind_period(st, school_id, from, upto);
    sqlite3_bind_int(st, 4, REVIEW_REMARKS);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *activity = activity_of(by_id, sqlite3_column_int64(st, 0));
        if (!activity)
            continue;
        const char *role = db_col_text(st, 3), *answer = db_col_text(st, 4);
        json_array_append_new(
            json_object_get(activity, "remarks"),
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "date",
                      db_col_text(st, 1), "author", db_col_text(st, 2), "role", role,
                      "as_planned", answer,
                      "as_planned_label", evaluation_plan_label(answer), "went_well",
                      db_col_text(st, 5), "to_change", db_col_text(st, 6), "note",
                      db_col_text(st, 7)));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

json_t *review_activities(struct db *db, int64_t school_id, const char *from, const char *upto,
                          int min_sessions)
{
    json_t *list = json_array(), *by_id = json_object();
    int failed = read_activities(db, school_id, from, upto, min_sessions, list, by_id) ||
                 read_domains(db, school_id, by_id) ||
                 count_evaluations(db, school_id, from, upto, by_id) ||
                 read_remarks(db, school_id, from, upto, by_id);
    json_decref(by_id);
    if (failed) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* ---- incidents ------------------------------------------------------------------------------- */

int review_incidents_count(struct db *db, int64_t school_id, const char *from, const char *to,
                           struct review_incidents *out)
{
    *out = (struct review_incidents){0};
    sqlite3_stmt *st = db_stmt(db, "SELECT severity, count(*) FROM incidents"
                                   " WHERE school_id = ?1 AND occurred_on BETWEEN ?2 AND ?3"
                                   " GROUP BY severity");
    if (!st)
        return -1;
    bind_period(st, school_id, from, to);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *severity = db_col_text(st, 0);
        int n = sqlite3_column_int(st, 1);
        for (size_t i = 0; i < 3 && incident_severities[i]; i++)
            if (!strcmp(incident_severities[i], severity))
                out->by_severity[i] += n;
        out->total += n;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        *out = (struct review_incidents){0};
        return -1;
    }
    return 0;
}
