/* The reads of the pupil's rights (privacy.h): the pupil's export and the last purge. */
#include "domain/people/privacy.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/contacts.h"
#include "domain/people/pupils_read.h"

/* The rows of sql with ?1 = pupil_id, typed as db_rows; NULL on error. */
static json_t *rows_of(struct db *db, const char *sql, int64_t pupil_id, const char *types)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, pupil_id);
    return db_rows(st, types);
}

/* Each enrolment's history into its member "history". 0 or -1. */
static int add_histories(struct db *db, json_t *enrolments)
{
    size_t i;
    json_t *e;
    json_array_foreach(enrolments, i, e)
    {
        json_t *history = rows_of(db,
                                  "SELECT at AS at, to_status AS to_status FROM enrolment_history"
                                  " WHERE enrolment_id = ?1 ORDER BY at, id",
                                  json_integer_value(json_object_get(e, "id")), "ss");
        if (!history)
            return -1;
        json_object_set_new(e, "history", history);
    }
    return 0;
}

/* The export's parts after "pupil", in the order of privacy.h, as (key, sql, types). */
static const struct {
    const char *key, *sql, *types;
} PARTS[] = {
    {"enrolments",
     "SELECT e.id AS id, a.id AS activity_id, a.title AS activity, e.status AS status,"
     " e.created_at AS created_at FROM enrolments e JOIN activities a ON a.id = e.activity_id"
     " WHERE e.pupil_id = ?1 ORDER BY e.created_at, e.id",
     "iisss"},
    {"attendance",
     "SELECT a.title AS activity, s.date AS date, t.status AS status,"
     " t.involvement AS involvement FROM attendance t JOIN sessions s ON s.id = t.session_id"
     " JOIN activities a ON a.id = s.activity_id WHERE t.pupil_id = ?1 ORDER BY s.date, a.title",
     "sssI"},
    {"parents",
     "SELECT u.name AS name, u.email AS email FROM parent_children c"
     " JOIN users u ON u.id = c.user_id WHERE c.pupil_id = ?1 ORDER BY u.email",
     "ss"},
    {"incidents",
     "SELECT i.id AS id, i.occurred_on AS occurred_on, i.what AS what, i.severity AS severity"
     " FROM incident_pupils x JOIN incidents i ON i.id = x.incident_id WHERE x.pupil_id = ?1"
     " ORDER BY i.occurred_on, i.id",
     "isss"},
    {"followups",
     "SELECT a.title AS activity, h.through_date AS through, h.note AS note, h.at AS at"
     " FROM followup_handled h JOIN activities a ON a.id = h.activity_id"
     " WHERE h.pupil_id = ?1 ORDER BY h.at",
     "ssss"},
    {"audit",
     "SELECT l.at AS at, l.action AS action, l.entity AS entity, l.detail AS detail"
     " FROM audit_log l WHERE (l.entity = 'pupils' AND l.entity_id = ?1)"
     " OR (l.entity = 'enrolments' AND l.entity_id IN"
     "  (SELECT id FROM enrolments WHERE pupil_id = ?1)) ORDER BY l.at, l.id",
     "ssss"},
};

int read_pupil_export(struct db *db, int64_t pupil_id, json_t **out)
{
    *out = NULL;
    json_t *pupil = NULL;
    int found = read_pupil(db, pupil_id, &pupil);
    if (found <= 0)
        return found;
    json_t *family = NULL;
    if (read_pupil_contacts(db, pupil_id, &family)) {
        json_decref(pupil);
        return -1;
    }
    json_t *doc = json_pack("{s:o, s:O, s:O}", "pupil", pupil, "contacts",
                            json_object_get(family, "contacts"), "consents",
                            json_object_get(family, "consents"));
    json_decref(family);
    for (size_t i = 0; i < sizeof PARTS / sizeof *PARTS; i++) {
        json_t *rows = rows_of(db, PARTS[i].sql, pupil_id, PARTS[i].types);
        if (!rows || (i == 0 && add_histories(db, rows))) {
            json_decref(rows);
            json_decref(doc);
            return -1;
        }
        json_object_set_new(doc, PARTS[i].key, rows);
    }
    *out = doc;
    return 1;
}

int read_last_purge(struct db *db, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT at AS at, removed AS removed, by AS by"
                                   " FROM privacy_purges ORDER BY id DESC LIMIT 1");
    return st ? db_row(st, "sis", out) : -1;
}
