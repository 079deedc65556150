#include "domain/offer/schools.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/text_rules.h"
#include "domain/people/audit.h"
#include "domain/offer/providers.h"
#include "domain/people/pupils.h"

const char *const school_kinds[] = {"po", "vo", NULL};

const char *school_kind_label(const char *kind)
{
    if (kind && !strcmp(kind, "po"))
        return "Primair onderwijs";
    if (kind && !strcmp(kind, "vo"))
        return "Voortgezet onderwijs";
    return "";
}

const char *school_grade_word(const char *kind)
{
    return kind && !strcmp(kind, "vo") ? "leerjaar" : "groep";
}

const char *school_name_error(const char *name)
{
    return one_line_error(name, SCHOOL_NAME_MAX);
}

const char *school_contact_error(const char *contact)
{
    if (!contact || !*contact)
        return NULL; /* optional */
    return one_line_error(contact, SCHOOL_CONTACT_MAX);
}

static bool kind_valid(const char *kind)
{
    return *school_kind_label(kind) != '\0';
}

/* Are the name, kind and contact line of in acceptable? */
static bool input_valid(const struct school_input *in)
{
    return !school_name_error(in->name) && kind_valid(in->kind) &&
           !school_contact_error(in->contact);
}

/* Is key taken by a school? 1 yes, 0 no, -1 error. */
static int school_key_taken(struct db *db, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM schools WHERE key = ?1");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int school_key_unique(struct db *db, const char *name, char *out, size_t out_size)
{
    char base[KEY_MAX + 1];
    key_from_name(name, "school", base, sizeof base);
    snprintf(out, out_size, "%s", base);
    for (long suffix = 2;; suffix++) {
        int taken = school_key_taken(db, out);
        if (taken <= 0)
            return taken;
        if (snprintf(out, out_size, "%s-%ld", base, suffix) >= (int)out_size)
            return -1;
    }
}

int school_grade_conflicts(struct db *db, int64_t school_id, const char *kind,
                           struct school_grade_conflict *out)
{
    out->grade_max = pupil_grade_max(kind);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT (SELECT count(*) FROM pupils WHERE school_id = ?1 AND grade > ?2),"
            " (SELECT count(*) FROM activities WHERE school_id = ?1 AND grade_max > ?2)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    sqlite3_bind_int(st, 2, out->grade_max);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->pupils = sqlite3_column_int64(st, 0);
        out->activities = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

enum school_result school_create(struct db *db, int64_t user_id, const struct school_input *in,
                                 int64_t *id_out, char *key_out, size_t key_size)
{
    if (!input_valid(in))
        return SCHOOL_INVALID;
    if (db_begin(db))
        return SCHOOL_FAILED;
    char key[SCHOOL_KEY_MAX + 1];
    if (school_key_unique(db, in->name, key, sizeof key))
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO schools (key, name, kind, contact)"
                                   " VALUES (?1, ?2, ?3, ?4)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, in->name);
    db_bind_text(st, 3, in->kind);
    db_bind_text(st, 4, in->contact ? in->contact : "");
    if (db_step_done(st))
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    char detail[SCHOOL_KEY_MAX + 40];
    snprintf(detail, sizeof detail, "key=%s kind=%s", key, in->kind);
    if (audit(db, user_id, "create", "schools", id, detail) || db_commit(db))
        goto fail;
    *id_out = id;
    if (key_out)
        snprintf(key_out, key_size, "%s", key);
    return SCHOOL_OK;
fail:
    db_rollback(db);
    return SCHOOL_FAILED;
}

int school_kind_of(struct db *db, int64_t school_id, char kind[3])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT kind FROM schools WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(kind, 3, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum school_result school_update(struct db *db, int64_t user_id, int64_t school_id,
                                 const struct school_input *in,
                                 struct school_grade_conflict *conflict)
{
    if (!input_valid(in))
        return SCHOOL_INVALID;
    if (db_begin(db))
        return SCHOOL_FAILED;
    enum school_result result = SCHOOL_FAILED;
    char old_kind[3] = "";
    int found = school_kind_of(db, school_id, old_kind);
    if (found <= 0) {
        result = found == 0 ? SCHOOL_NOT_FOUND : SCHOOL_FAILED;
        goto fail;
    }
    if (strcmp(old_kind, in->kind)) {
        struct school_grade_conflict c = {0};
        if (school_grade_conflicts(db, school_id, in->kind, &c))
            goto fail;
        if (conflict)
            *conflict = c;
        if (c.pupils || c.activities) {
            result = SCHOOL_KIND_GRADES;
            goto fail;
        }
    }
    sqlite3_stmt *st = db_stmt(db, "UPDATE schools SET name = ?2, kind = ?3, contact = ?4"
                                   " WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, in->name);
    db_bind_text(st, 3, in->kind);
    db_bind_text(st, 4, in->contact ? in->contact : "");
    if (db_step_done(st))
        goto fail;
    char detail[40];
    snprintf(detail, sizeof detail, "kind=%s", in->kind);
    if (audit(db, user_id, "update", "schools", school_id, detail) || db_commit(db))
        goto fail;
    return SCHOOL_OK;
fail:
    db_rollback(db);
    return result;
}
