/* Absence follow-up: the rule is in followup.h. */
#include "domain/attendance/followup.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/audit.h"
#include "util/date.h"
#include "util/utf8.h"

enum attendance_mark attendance_mark_of(const char *status)
{
    if (!status)
        return MARK_NONE;
    if (!strcmp(status, "present"))
        return MARK_PRESENT;
    if (!strcmp(status, "absent"))
        return MARK_ABSENT;
    if (!strcmp(status, "excused"))
        return MARK_EXCUSED;
    return MARK_NONE;
}

/* The rule in one step: the run of absences after a session with this mark, given the run
   before it. Both followup_absent_run and the database walk fold this, so they cannot differ. */
static size_t run_after(size_t run, enum attendance_mark mark)
{
    switch (mark) {
    case MARK_ABSENT:
        return run + 1;
    case MARK_PRESENT:
    case MARK_EXCUSED:
        return 0;
    case MARK_NONE:
        break;
    }
    return run;
}

size_t followup_absent_run(const enum attendance_mark *marks, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++)
        run = run_after(run, marks[i]);
    return run;
}

/* The walk over one (activity, pupil) pair: its run so far and the dates of the run's
   absences, the latest first. */
struct walk {
    int64_t activity_id, pupil_id;
    size_t run;
    json_t *dates;  /* owned */
    json_t *pupil;  /* the flag's fields but the run (owned), NULL before the first row */
};

/* Add the finished walk w to flags when it flags its pupil, and reset it. */
static void walk_finish(struct walk *w, json_t *flags, const char *cutoff)
{
    if (w->pupil && w->run >= FOLLOWUP_RUN) {
        const char *last = json_string_value(json_array_get(w->dates, 0));
        if (last && strcmp(last, cutoff) >= 0) {
            json_object_set_new(w->pupil, "absences", json_integer((json_int_t)w->run));
            json_object_set_new(w->pupil, "last_date", json_string(last));
            json_object_set(w->pupil, "dates", w->dates);
            json_array_append(flags, w->pupil);
        }
    }
    json_decref(w->pupil);
    json_decref(w->dates);
    *w = (struct walk){0};
}

/* The fields of a flag for the current row of st (the query of followup_absentees). */
static json_t *flag_fields(sqlite3_stmt *st)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:I, s:s}", "pupil_id",
                     (json_int_t)sqlite3_column_int64(st, 2), "first_name", db_col_text(st, 3),
                     "last_name", db_col_text(st, 4), "grade",
                     (json_int_t)sqlite3_column_int64(st, 5), "class", db_col_text(st, 6),
                     "activity_id", (json_int_t)sqlite3_column_int64(st, 0), "activity",
                     db_col_text(st, 1));
}

/* Every flag of the school by the rule, handled ones included (not yet told how to reach the
   family). New reference, NULL on a database error. */
static json_t *runs_of_school(struct db *db, int64_t school_id, const char *today)
{
    int32_t today_day;
    if (!today || date_parse(today, &today_day))
        return NULL;
    char cutoff[11];
    date_format(today_day - FOLLOWUP_RECENT_DAYS, cutoff);
    /* Every mark of a still-enrolled pupil at a held session of an activity of the school that
       had a session within the window (a run ending earlier cannot be recent), grouped per (activity, pupil) in the order of the output and, in a
       group, in the order the sessions took place. Sessions without a mark have no row: they
       are skipped, as the rule says. */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id, a.title, p.id, p.first_name, p.last_name, p.grade, p.class,"
            " s.date, t.status"
            " FROM activities a"
            " JOIN sessions s ON s.activity_id = a.id"
            " JOIN attendance t ON t.session_id = s.id"
            " JOIN pupils p ON p.id = t.pupil_id"
            " JOIN enrolments e ON e.pupil_id = p.id AND e.activity_id = a.id"
            " WHERE a.school_id = ?1 AND EXISTS (SELECT 1 FROM sessions r"
            "  WHERE r.activity_id = a.id AND r.date BETWEEN ?3 AND ?2)"
            " AND s.cancelled = 0 AND s.date <= ?2"
            " AND e.status = 'enrolled' AND p.left_on IS NULL"
            " ORDER BY a.title COLLATE NOCASE, a.id, p.last_name COLLATE NOCASE,"
            " p.first_name COLLATE NOCASE, p.id, s.date, s.start_time, s.id");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, cutoff);
    json_t *flags = json_array();
    struct walk w = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t activity_id = sqlite3_column_int64(st, 0), pupil_id = sqlite3_column_int64(st, 2);
        if (!w.pupil || w.activity_id != activity_id || w.pupil_id != pupil_id) {
            walk_finish(&w, flags, cutoff);
            w = (struct walk){.activity_id = activity_id, .pupil_id = pupil_id,
                              .dates = json_array(), .pupil = flag_fields(st)};
        }
        size_t run = run_after(w.run, attendance_mark_of(db_col_text(st, 8)));
        if (run == 0)
            json_array_clear(w.dates);
        else if (run > w.run)
            json_array_insert_new(w.dates, 0, json_string(db_col_text(st, 7)));
        w.run = run;
    }
    walk_finish(&w, flags, cutoff);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(flags);
        return NULL;
    }
    return flags;
}

/* ---- how to reach the family, and what was done ---------------------------------------------- */

/* The flag's "contacts" and "handled" from the database; 0 or -1. */
static int add_contacts_and_note(struct db *db, json_t *flag)
{
    json_int_t pupil_id = json_integer_value(json_object_get(flag, "pupil_id"));
    sqlite3_stmt *st = db_stmt(db, "SELECT u.name AS name, u.email AS email"
                                   " FROM parent_children pc JOIN users u ON u.id = pc.user_id"
                                   " WHERE pc.pupil_id = ?1 ORDER BY u.name COLLATE NOCASE, u.id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    json_t *contacts = db_rows(st, "ss");
    if (!contacts)
        return -1;
    json_object_set_new(flag, "contacts", contacts);
    st = db_stmt(db, "SELECT name AS name, relation AS relation, phone AS phone, email AS email"
                     " FROM pupil_contacts WHERE pupil_id = ?1 ORDER BY position");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    json_t *family = db_rows(st, "ssss");
    if (!family)
        return -1;
    json_object_set_new(flag, "family", family);
    st = db_stmt(db, "SELECT h.through_date AS through, h.note AS note, h.at AS at,"
                     " coalesce(u.name, '') AS by FROM followup_handled h"
                     " LEFT JOIN users u ON u.id = h.user_id"
                     " WHERE h.activity_id = ?1 AND h.pupil_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(flag, "activity_id")));
    sqlite3_bind_int64(st, 2, pupil_id);
    json_t *handled = NULL;
    if (db_row(st, "ssss", &handled) < 0)
        return -1;
    json_object_set_new(flag, "handled", handled ? handled : json_null());
    return 0;
}

/* Whether the flag's run was handled through its latest absence. */
static bool handled_already(json_t *flag)
{
    const char *through = json_string_value(json_object_get(json_object_get(flag, "handled"),
                                                            "through"));
    const char *last = json_string_value(json_object_get(flag, "last_date"));
    return through && last && strcmp(through, last) >= 0;
}

json_t *followup_absentees(struct db *db, int64_t school_id, const char *today)
{
    json_t *runs = runs_of_school(db, school_id, today);
    if (!runs)
        return NULL;
    json_t *flags = json_array();
    size_t i;
    json_t *flag;
    json_array_foreach(runs, i, flag)
    {
        if (add_contacts_and_note(db, flag)) {
            json_decref(flags);
            flags = NULL;
            break;
        }
        if (!handled_already(flag))
            json_array_append(flags, flag);
    }
    json_decref(runs);
    return flags;
}

int followup_case(struct db *db, int64_t school_id, int64_t activity_id, int64_t pupil_id,
                  const char *today, json_t **flag)
{
    *flag = NULL;
    json_t *runs = runs_of_school(db, school_id, today);
    if (!runs)
        return -1;
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run)
    {
        if (json_integer_value(json_object_get(run, "activity_id")) == activity_id &&
            json_integer_value(json_object_get(run, "pupil_id")) == pupil_id) {
            *flag = json_incref(run);
            break;
        }
    }
    json_decref(runs);
    if (*flag && add_contacts_and_note(db, *flag)) {
        json_decref(*flag);
        *flag = NULL;
        return -1;
    }
    return *flag ? 1 : 0;
}

/* ---- marking a case handled -------------------------------------------------------------------- */

const char *followup_note_problem(const char *note)
{
    size_t length = note ? strlen(note) : 0;
    while (length > 0 && strchr(" \t\r\n", note[length - 1]))
        length--;
    if (length == 0)
        return "followup.note_missing";
    if (!utf8_valid(note, strlen(note)))
        return "followup.note_characters";
    for (const unsigned char *c = (const unsigned char *)note; *c; c++)
        if ((*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t') || *c == 0x7f)
            return "followup.note_characters";
    if (utf8_length(note) > FOLLOWUP_NOTE_MAX)
        return "followup.note_too_long";
    return NULL;
}

static int store_note(struct db *db, int64_t user_id, int64_t activity_id, int64_t pupil_id,
                      const char *through, const char *note)
{
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO followup_handled (activity_id, pupil_id, through_date, note, user_id, at)"
            " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), strftime('%Y-%m-%dT%H:%M', 'now', 'localtime'))"
            " ON CONFLICT (activity_id, pupil_id) DO UPDATE SET through_date = excluded.through_date,"
            " note = excluded.note, user_id = excluded.user_id, at = excluded.at");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    db_bind_text(st, 3, through);
    db_bind_text(st, 4, note);
    sqlite3_bind_int64(st, 5, user_id);
    if (db_step_done(st))
        return -1;
    char detail[64];
    snprintf(detail, sizeof detail, "followup activity %lld through %s", (long long)activity_id,
             through);
    return audit(db, user_id, "update", "followup_handled", pupil_id, detail);
}

enum followup_result followup_handle(struct db *db, int64_t user_id, int64_t school_id,
                                     int64_t activity_id, int64_t pupil_id, const char *through,
                                     const char *note, const char *today)
{
    if (followup_note_problem(note))
        return FOLLOWUP_INVALID;
    if (db_begin(db))
        return FOLLOWUP_FAILED;
    json_t *flag = NULL;
    int found = followup_case(db, school_id, activity_id, pupil_id, today, &flag);
    const char *last = found > 0 ? json_string_value(json_object_get(flag, "last_date")) : NULL;
    enum followup_result rc = found < 0                           ? FOLLOWUP_FAILED
                              : !last || !through || strcmp(last, through) ? FOLLOWUP_STALE
                              : store_note(db, user_id, activity_id, pupil_id, through, note)
                                  ? FOLLOWUP_FAILED
                                  : FOLLOWUP_OK;
    json_decref(flag);
    if (rc != FOLLOWUP_OK || db_commit(db)) {
        db_rollback(db);
        return rc == FOLLOWUP_OK ? FOLLOWUP_FAILED : rc;
    }
    return FOLLOWUP_OK;
}
