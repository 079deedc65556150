/* Visits of a session (domain/quality/visits.h). */
#include "domain/quality/visits.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/quality/evaluations.h" /* evaluation_session_state: the same "took place" */
#include "domain/quality/incidents.h"   /* free_text_check */
#include "util/date.h"

const struct visit_item visit_items[VISIT_ITEMS] = {
    {"goal", "Doel", "Werkt de activiteit zichtbaar aan een concreet doel?"},
    {"home_school", "Thuis en school",
     "Is er verbinding met wat thuis en in de klas gebeurt?"},
    {"duration", "Duur en intensiteit",
     "Is de tijd goed benut, en krijgen de kinderen genoeg tijd om te leren?"},
    {"staff", "Uitvoerders", "Zijn de uitvoerders pedagogisch en in hun vak bekwaam?"},
    {"interests", "Interesses", "Sluit de activiteit aan bij de interesses van de kinderen?"},
};

const char *const visit_rating_values[] = {"goed", "voldoende", "onvoldoende", "nvt", NULL};

const char *visit_rating_label(const char *rating)
{
    if (!rating)
        return "";
    if (!strcmp(rating, "nvt"))
        return "n.v.t.";
    return visit_rating_valid(rating) ? rating : "";
}

int visit_rating_valid(const char *s)
{
    for (size_t i = 0; s && visit_rating_values[i]; i++)
        if (!strcmp(visit_rating_values[i], s))
            return 1;
    return 0;
}

int visit_check(struct db *db, int64_t session_id, const struct visit_input *in, const char *now,
                struct problems *p)
{
    problems_clear(p);
    enum evaluation_session state = evaluation_session_state(db, session_id, now);
    if (state == EVALUATION_SESSION_ERROR)
        return -1;
    if (state == EVALUATION_SESSION_MISSING)
        return OUTCOME_NOT_FOUND;
    if (state == EVALUATION_SESSION_CANCELLED)
        problems_add(p, "form", "problem.visit_cancelled");
    else if (state == EVALUATION_SESSION_FUTURE)
        problems_add(p, "form", "problem.visit_future");
    for (size_t i = 0; i < VISIT_ITEMS; i++)
        if (in->ratings[i] && !visit_rating_valid(in->ratings[i]))
            problems_add(p, visit_items[i].key, "problem.visit_rating");
    if (in->involvement < 0 || in->involvement > 5)
        problems_add(p, "involvement", "problem.involvement_range");
    free_text_check(p, "note", in->note, VISIT_NOTE_MAX, NULL);
    return (int)p->n;
}

/* Insert or change user_id's visit; whether it was new into *created. 0 or -1. */
static int upsert(struct db *db, int64_t user_id, int64_t session_id, const struct visit_input *in,
                  int64_t *id, int *created)
{
    char stamp[24];
    timestamp_now(stamp);
    int64_t existing = db_int(db, "SELECT id FROM visits WHERE session_id = ?1 AND user_id = ?2",
                              session_id, user_id, 0);
    if (existing < 0)
        return -1;
    sqlite3_stmt *st =
        existing
            ? db_stmt(db, "UPDATE visits SET goal = ?3, home_school = ?4, duration = ?5,"
                          " staff = ?6, interests = ?7, involvement = ?8, note = ?9,"
                          " updated_at = ?10 WHERE id = ?1")
            : db_stmt(db, "INSERT INTO visits (session_id, user_id, goal, home_school, duration,"
                          " staff, interests, involvement, note, created_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, existing ? existing : session_id);
    sqlite3_bind_int64(st, 2, user_id);
    for (int i = 0; i < VISIT_ITEMS; i++)
        db_bind_text(st, 3 + i, in->ratings[i]);
    if (in->involvement)
        sqlite3_bind_int(st, 8, in->involvement);
    else
        sqlite3_bind_null(st, 8);
    db_bind_text(st, 9, in->note ? in->note : "");
    db_bind_text(st, 10, stamp);
    if (db_step_done(st))
        return -1;
    *id = existing ? existing : sqlite3_last_insert_rowid(db_handle(db));
    *created = !existing;
    return 0;
}

enum outcome visit_save(struct db *db, int64_t user_id, int64_t session_id,
                        const struct visit_input *in, const char *now, struct problems *out,
                        int *created)
{
    problems_clear(out);
    for (size_t i = 0; i < VISIT_ITEMS; i++)
        if (!in->ratings[i])
            return OUTCOME_INVALID;
    if (!in->note || user_id <= 0)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int found = visit_check(db, session_id, in, now, out);
    if (found != 0) {
        db_rollback(db);
        return outcome_of_check(found);
    }
    int64_t saved = 0;
    int was_new = 0;
    char detail[48];
    snprintf(detail, sizeof detail, "session=%lld", (long long)session_id);
    if (upsert(db, user_id, session_id, in, &saved, &was_new) ||
        audit(db, user_id, was_new ? "create" : "update", "visits", saved, detail)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    if (db_commit(db))
        return OUTCOME_FAILED;
    if (created)
        *created = was_new;
    return OUTCOME_OK;
}
