/* Attendance of one session: the register (who was enrolled on the date) and saving its marks
   all or nothing. The rules are spelled out in attendance.h. */
#include "domain/attendance/attendance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/attendance/attendance_rule.h"
#include "domain/people/audit.h"
#include "util/array.h"

/* ---- words ----------------------------------------------------------------------------------- */

const char *attendance_status_label(const char *status)
{
    if (!status)
        return NULL;
    if (!strcmp(status, "present"))
        return "aanwezig";
    if (!strcmp(status, "absent"))
        return "afwezig";
    if (!strcmp(status, "excused"))
        return "met bericht afwezig";
    return NULL;
}

const char *attendance_involvement_label(int involvement)
{
    static const char *const words[] = {
        "extreem laag (volledig afgehaakt)", "laag", "matig", "hoog",
        "extreem hoog (volledig opgeslorpt)",
    };
    if (involvement < ATTENDANCE_INVOLVEMENT_MIN || involvement > ATTENDANCE_INVOLVEMENT_MAX)
        return NULL;
    return words[involvement - ATTENDANCE_INVOLVEMENT_MIN];
}

/* ---- reading --------------------------------------------------------------------------------- */

int attendance_session_read(struct db *db, int64_t session_id, struct attendance_session *s)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.activity_id, a.school_id, s.date, s.cancelled"
                                   " FROM sessions s JOIN activities a ON a.id = s.activity_id"
                                   " WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->id = session_id;
        s->activity_id = sqlite3_column_int64(st, 0);
        s->school_id = sqlite3_column_int64(st, 1);
        snprintf(s->date, sizeof s->date, "%s", db_col_text(st, 2));
        s->cancelled = sqlite3_column_int(st, 3) != 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* The register's rule (domain/attendance/attendance_rule.h) over the enrolment e and its pupil
   p, with ?3 the session's date. */
#define ENROLLED_ON_DATE ATTENDANCE_ENROLLED_ON("e", "p", "?3")

int attendance_enrolled_on_date(struct db *db, const struct attendance_session *s,
                                int64_t pupil_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
                                   " WHERE e.activity_id = ?1 AND e.pupil_id = ?2"
                                   " AND" ENROLLED_ON_DATE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, s->activity_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    db_bind_text(st, 3, s->date);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The register's statement, bound for session s; the caller steps and resets it. Columns:
   id, first_name, last_name, grade, class, priority, safety_notes, status (NULL), involvement
   (NULL), the school's kind, the emergency phone ("" when none), whether the child may go home
   alone (people/contacts.h). */
static sqlite3_stmt *roster_stmt(struct db *db, const struct attendance_session *s)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id, p.first_name, p.last_name, p.grade, p.class, p.priority,"
            " p.safety_notes, t.status, t.involvement, c.kind,"
            " coalesce((SELECT k.phone FROM pupil_contacts k WHERE k.pupil_id = p.id"
            "  AND k.emergency = 1 AND k.phone <> '' ORDER BY k.position LIMIT 1), ''),"
            " coalesce((SELECT g.given FROM pupil_consents g WHERE g.pupil_id = p.id"
            "  AND g.kind = 'home_alone'), 0)"
            " FROM enrolments e JOIN pupils p ON p.id = e.pupil_id"
            " JOIN schools c ON c.id = p.school_id"
            " LEFT JOIN attendance t ON t.session_id = ?2 AND t.pupil_id = p.id"
            " WHERE e.activity_id = ?1 AND" ENROLLED_ON_DATE
            " ORDER BY p.first_name COLLATE NOCASE, p.last_name COLLATE NOCASE, p.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, s->activity_id);
    sqlite3_bind_int64(st, 2, s->id);
    db_bind_text(st, 3, s->date);
    return st;
}

json_t *attendance_roster(struct db *db, const struct attendance_session *s)
{
    sqlite3_stmt *st = roster_stmt(db, s);
    if (!st)
        return NULL;
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int grade = sqlite3_column_int(st, 3);
        char grade_label[32];
        snprintf(grade_label, sizeof grade_label, "%s %d",
                 !strcmp(db_col_text(st, 9), "vo") ? "leerjaar" : "groep", grade);
        json_t *row = json_pack(
            "{s:I, s:s, s:s, s:i, s:s, s:s, s:b, s:s}", "id",
            (json_int_t)sqlite3_column_int64(st, 0), "first_name", db_col_text(st, 1),
            "last_name", db_col_text(st, 2), "grade", grade, "grade_label", grade_label, "class",
            db_col_text(st, 4), "priority", sqlite3_column_int(st, 5), "safety_notes",
            db_col_text(st, 6));
        json_object_set_new(row, "emergency_phone", json_string(db_col_text(st, 10)));
        json_object_set_new(row, "home_alone", json_boolean(sqlite3_column_int(st, 11)));
        json_object_set_new(row, "status", sqlite3_column_type(st, 7) == SQLITE_NULL
                                               ? json_null()
                                               : json_string(db_col_text(st, 7)));
        json_object_set_new(row, "involvement",
                            sqlite3_column_type(st, 8) == SQLITE_NULL
                                ? json_null()
                                : json_integer(sqlite3_column_int(st, 8)));
        json_array_append_new(list, row);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* ---- checking -------------------------------------------------------------------------------- */

/* One pupil of the register with the saved mark (status "" when none). */
struct roster_entry {
    int64_t pupil_id;
    char status[8];
    int involvement; /* 0 = none */
    int input;       /* index into the save's marks, -1 when the save does not mention it */
};

struct roster {
    struct roster_entry *entries; /* malloc'd, sorted by pupil_id */
    size_t n;
};

static int compare_entries(const void *x, const void *y)
{
    const struct roster_entry *a = x, *b = y;
    return (a->pupil_id > b->pupil_id) - (a->pupil_id < b->pupil_id);
}

/* Read the register of s into *out (free out->entries). 0 or -1. */
static int roster_read(struct db *db, const struct attendance_session *s, struct roster *out)
{
    out->entries = NULL;
    out->n = 0;
    size_t cap = 0;
    sqlite3_stmt *st = roster_stmt(db, s);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(out->entries, cap, out->n)) {
            rc = SQLITE_NOMEM;
            break;
        }
        struct roster_entry *e = &out->entries[out->n++];
        e->pupil_id = sqlite3_column_int64(st, 0);
        snprintf(e->status, sizeof e->status, "%s", db_col_text(st, 7));
        e->involvement = sqlite3_column_int(st, 8);
        e->input = -1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->entries);
        out->entries = NULL;
        return -1;
    }
    if (out->n)
        qsort(out->entries, out->n, sizeof *out->entries, compare_entries);
    return 0;
}

static struct roster_entry *roster_find(const struct roster *r, int64_t pupil_id)
{
    struct roster_entry key = {.pupil_id = pupil_id};
    return r->n ? bsearch(&key, r->entries, r->n, sizeof key, compare_entries) : NULL;
}

static bool known_status(const char *status)
{
    return attendance_status_label(status) != NULL;
}

static bool given(const char *status)
{
    return status && *status;
}

static void problem(struct problems *p, int64_t pupil_id, const char *field, const char *key)
{
    problems_add_row(p, field, pupil_id, key, NULL);
}

/* The status a pupil of the register gets from this save: the one given, or present by
   "everyone present" when the pupil has neither a status in the save nor a saved mark. NULL:
   the save leaves the pupil as it is. */
static const char *effective_status(const struct roster_entry *e, const char *given_status,
                                    bool all_present)
{
    if (given(given_status))
        return given_status;
    if (all_present && !e->status[0])
        return "present";
    return NULL;
}

/* Check one mark of the save against the register; links the register entry to it. */
static void check_mark(struct roster *roster, const struct attendance_input *marks, size_t i,
                       bool all_present, struct problems *p)
{
    const struct attendance_input *m = &marks[i];
    struct roster_entry *e = roster_find(roster, m->pupil_id);
    if (!e) {
        problem(p, m->pupil_id, "status", "problem.attendance_not_enrolled");
        return;
    }
    if (e->input >= 0) {
        problem(p, m->pupil_id, "status", "problem.attendance_twice");
        return;
    }
    e->input = (int)i;
    if (given(m->status) && !known_status(m->status)) {
        problem(p, m->pupil_id, "status", "problem.attendance_status");
        return;
    }
    if (m->involvement == 0)
        return;
    if (m->involvement < ATTENDANCE_INVOLVEMENT_MIN || m->involvement > ATTENDANCE_INVOLVEMENT_MAX) {
        problem(p, m->pupil_id, "involvement", "problem.involvement_range");
        return;
    }
    const char *status = effective_status(e, m->status, all_present);
    if (!status)
        problem(p, m->pupil_id, "involvement", "problem.involvement_unmarked");
    else if (strcmp(status, "present"))
        problem(p, m->pupil_id, "involvement", "problem.involvement_absent");
}

/* ---- writing --------------------------------------------------------------------------------- */

static int write_mark(struct db *db, int64_t session_id, int64_t pupil_id, const char *status,
                      int involvement)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO attendance (session_id, pupil_id, status,"
                                   " involvement) VALUES (?1, ?2, ?3, nullif(?4, 0))"
                                   " ON CONFLICT (session_id, pupil_id) DO UPDATE SET"
                                   " status = excluded.status, involvement = excluded.involvement");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    db_bind_text(st, 3, status);
    sqlite3_bind_int(st, 4, involvement);
    return db_step_done(st);
}

/* Write the changed marks of the register and one audit row saying what changed. */
static int write_marks(struct db *db, const struct attendance_session *s, int64_t user_id,
                       const struct roster *roster, const struct attendance_input *marks,
                       bool all_present, struct attendance_saved *saved)
{
    size_t added = 0, changed = 0, counts[3] = {0, 0, 0};
    for (size_t i = 0; i < roster->n; i++) {
        const struct roster_entry *e = &roster->entries[i];
        const struct attendance_input *m = e->input >= 0 ? &marks[e->input] : NULL;
        const char *status = effective_status(e, m ? m->status : NULL, all_present);
        if (!status)
            continue;
        int involvement = m ? m->involvement : 0;
        if (!strcmp(status, e->status) && involvement == e->involvement)
            continue;
        if (write_mark(db, s->id, e->pupil_id, status, involvement))
            return -1;
        if (e->status[0])
            changed++;
        else
            added++;
        counts[!strcmp(status, "present") ? 0 : !strcmp(status, "absent") ? 1 : 2]++;
    }
    saved->changed = added + changed;
    if (!saved->changed)
        return 0;
    char detail[200];
    snprintf(detail, sizeof detail,
             "aanwezigheid bijgewerkt: %zu %s (%zu nieuw, %zu gewijzigd; %zu aanwezig, %zu"
             " afwezig, %zu met bericht) op %s",
             saved->changed, saved->changed == 1 ? "leerling" : "leerlingen", added, changed,
             counts[0], counts[1], counts[2], s->date);
    return audit(db, user_id, "update", "attendance", s->id, detail);
}

enum attendance_result attendance_save(struct db *db, int64_t session_id, int64_t user_id,
                                       const struct attendance_input *marks, size_t n,
                                       bool all_present, const char *today,
                                       struct problems *out, struct attendance_saved *saved)
{
    problems_clear(out);
    saved->changed = 0;
    if (db_begin(db))
        return ATTENDANCE_FAILED;
    enum attendance_result result = ATTENDANCE_FAILED;
    struct roster roster = {NULL, 0};
    struct attendance_session s;
    int found = attendance_session_read(db, session_id, &s);
    if (found) {
        result = found < 0 ? ATTENDANCE_FAILED : ATTENDANCE_NOT_FOUND;
        goto out;
    }
    if (s.cancelled) {
        result = ATTENDANCE_CANCELLED;
        goto out;
    }
    if (strcmp(s.date, today) > 0) {
        result = ATTENDANCE_FUTURE;
        goto out;
    }
    if (roster_read(db, &s, &roster))
        goto out;
    for (size_t i = 0; i < n; i++)
        check_mark(&roster, marks, i, all_present, out);
    if (out->n) {
        result = ATTENDANCE_INVALID;
        goto out;
    }
    if (write_marks(db, &s, user_id, &roster, marks, all_present, saved))
        goto out;
    result = db_commit(db) ? ATTENDANCE_FAILED : ATTENDANCE_OK;
    free(roster.entries);
    return result;
out:
    db_rollback(db);
    free(roster.entries);
    saved->changed = 0;
    return result;
}
