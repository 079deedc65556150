/* Reads of the safety incidents; see incidents_read.h. */
#include "domain/quality/incidents_read.h"

#include "db/db.h"
#include "db/rows.h"
#include "domain/quality/incidents.h"

/* The reporter of incident i (LEFT JOIN users u). */
#define REPORTED_BY "coalesce(nullif(u.name, ''), u.email, 'verwijderd account')"

json_t *read_incident_pupil_choices(struct db *db, int64_t session_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id AS id, p.first_name AS first_name,"
                                   " p.last_name AS last_name FROM pupils p WHERE p.id IN ("
                                   INCIDENT_NAMEABLE_PUPILS_SQL
                                   ") ORDER BY p.first_name, p.last_name, p.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, session_id);
    return db_rows(st, "iss");
}

int read_incident(struct db *db, int64_t incident_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT i.id AS id, i.school_id AS school_id, sc.name AS school,"
            " i.activity_id AS activity_id, a.title AS activity, i.session_id AS session_id,"
            " s.date AS session_date, i.occurred_on AS occurred_on, i.what AS what,"
            " i.involved AS involved, i.measures AS measures, i.severity AS severity,"
            " i.created_at AS created_at, " REPORTED_BY " AS reported_by"
            " FROM incidents i JOIN schools sc ON sc.id = i.school_id"
            " LEFT JOIN activities a ON a.id = i.activity_id"
            " LEFT JOIN sessions s ON s.id = i.session_id"
            " LEFT JOIN users u ON u.id = i.reported_by WHERE i.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, incident_id);
    return db_row(st, "iisISISsssssss", out);
}

json_t *read_incident_pupils(struct db *db, int64_t incident_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id AS id, p.first_name AS first_name,"
                                   " p.last_name AS last_name"
                                   " FROM incident_pupils x JOIN pupils p ON p.id = x.pupil_id"
                                   " WHERE x.incident_id = ?1"
                                   " ORDER BY p.first_name, p.last_name, p.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, incident_id);
    return db_rows(st, "iss");
}

/* The filter of a list as parameters ?1 (school) and ?2 (severity). */
#define LIST_WHERE " WHERE (?1 = 0 OR i.school_id = ?1) AND (?2 = '' OR i.severity = ?2)"

static void bind_filter(sqlite3_stmt *st, const struct incident_filter *f)
{
    sqlite3_bind_int64(st, 1, f->school_id);
    db_bind_text(st, 2, f->severity ? f->severity : "");
}

int read_incident_count(struct db *db, const struct incident_filter *f, int64_t *count)
{
    *count = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) AS count FROM incidents i" LIST_WHERE);
    if (!st)
        return -1;
    bind_filter(st, f);
    json_t *row;
    int found = db_row(st, "i", &row);
    if (found > 0)
        *count = json_integer_value(json_object_get(row, "count"));
    json_decref(row);
    return found;
}

json_t *read_incidents(struct db *db, const struct incident_filter *f, int summary_chars,
                       int limit, int64_t offset)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT i.id AS id, i.occurred_on AS occurred_on, sc.key AS school_key,"
            " sc.name AS school, a.title AS activity, i.severity AS severity,"
            " substr(i.what, 1, ?3) AS summary, length(i.what) > ?3 AS shortened,"
            " " REPORTED_BY " AS reported_by,"
            " (SELECT count(*) FROM incident_pupils x WHERE x.incident_id = i.id) AS pupils"
            " FROM incidents i JOIN schools sc ON sc.id = i.school_id"
            " LEFT JOIN activities a ON a.id = i.activity_id"
            " LEFT JOIN users u ON u.id = i.reported_by" LIST_WHERE
            " ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?4 OFFSET ?5");
    if (!st)
        return NULL;
    bind_filter(st, f);
    sqlite3_bind_int(st, 3, summary_chars);
    sqlite3_bind_int(st, 4, limit);
    sqlite3_bind_int64(st, 5, offset);
    return db_rows(st, "issssssbsi");
}
