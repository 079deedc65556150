/* Pupils: link codes and the writes (create, update, new link code, import). The CSV parser is
   pupils_csv.c. */
#include "domain/people/pupils.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/log.h"

enum { LINK_CODE_TRIES = 20, KEY_MAX = 200 };

/* ---- link codes --------------------------------------------------------------------------- */

void link_code_random(char out[LINK_CODE_SIZE])
{
    const uint32_t symbols = (uint32_t)(sizeof LINK_CODE_ALPHABET - 1);
    for (int i = 0, at = 0; i < 8; i++, at++) {
        if (i == 4)
            out[at++] = '-';
        out[at] = LINK_CODE_ALPHABET[randombytes_uniform(symbols)];
    }
    out[LINK_CODE_SIZE - 1] = '\0';
}

static bool in_alphabet(char c)
{
    return c && strchr(LINK_CODE_ALPHABET, c) != NULL;
}

bool link_code_valid(const char *s)
{
    if (strlen(s) != LINK_CODE_SIZE - 1 || s[4] != '-')
        return false;
    for (int i = 0; i < LINK_CODE_SIZE - 1; i++)
        if (i != 4 && !in_alphabet(s[i]))
            return false;
    return true;
}

int link_code_normalize(const char *typed, char out[LINK_CODE_SIZE])
{
    int n = 0;
    for (const char *p = typed; *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '\t')
            continue;
        char c = (char)toupper((unsigned char)*p);
        if (!in_alphabet(c) || n == 8)
            return -1;
        out[n < 4 ? n : n + 1] = c;
        n++;
    }
    if (n != 8)
        return -1;
    out[4] = '-';
    out[LINK_CODE_SIZE - 1] = '\0';
    return 0;
}

int link_code_fresh(struct db *db, char out[LINK_CODE_SIZE])
{
    for (int attempt = 0; attempt < LINK_CODE_TRIES; attempt++) {
        link_code_random(out);
        sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM pupils WHERE link_code = ?1");
        if (!st)
            return -1;
        db_bind_text(st, 1, out);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return 0;
        if (rc != SQLITE_ROW)
            return -1;
    }
    log_error("pupils: no free link code after %d tries\n", LINK_CODE_TRIES);
    return -1;
}

/* ---- checks ------------------------------------------------------------------------------- */

int pupil_grade_max(const char *school_kind)
{
    return school_kind && !strcmp(school_kind, "vo") ? 6 : 8;
}

bool pupil_number_valid(const char *number)
{
    size_t n = strlen(number);
    if (n == 0 || n > PUPIL_NUMBER_MAX)
        return false;
    for (const char *p = number; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            return false;
    return true;
}

/* ---- shared steps inside a write transaction ---------------------------------------------- */

/* The id of the pupil of school_id with this number other than except_id, 0 when none,
   -1 on a database error. */
static int64_t number_taken(struct db *db, int64_t school_id, const char *number,
                            int64_t except_id)
{
    return db_int_text(db, "SELECT id FROM pupils WHERE number = ?1 AND school_id = ?2"
                           " AND id <> ?3",
                       number, school_id, except_id, 0);
}

/* 1 when a pupil has this key, 0 when none, -1 on a database error. */
static int key_taken(struct db *db, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM pupils WHERE key = ?1");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The school's key into out; 0, PUPIL_NOT_FOUND or PUPIL_FAILED. */
static int school_key(struct db *db, int64_t school_id, char *out, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT key FROM schools WHERE id = ?1");
    if (!st)
        return PUPIL_FAILED;
    sqlite3_bind_int64(st, 1, school_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(out, size, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? PUPIL_NOT_FOUND : PUPIL_FAILED;
}

/* A free key "<school key>-<number>", with "-2", "-3", … added when taken. The base is cut
   at 91 bytes so that a key stays within the load format's 100 characters. 0 or -1. */
static int free_key(struct db *db, const char *school, const char *number, char out[KEY_MAX])
{
    char base[92];
    snprintf(base, sizeof base, "%s-%s", school, number);
    snprintf(out, KEY_MAX, "%s", base);
    for (int suffix = 2; suffix < 1000; suffix++) {
        int taken = key_taken(db, out);
        if (taken <= 0)
            return taken;
        snprintf(out, KEY_MAX, "%s-%d", base, suffix);
    }
    return -1;
}

static const char *empty_as_null(const char *s)
{
    return s && *s ? s : NULL;
}

/* Insert one pupil with a fresh key and link code; the new id in *id_out. 0 or -1. */
static int insert_pupil(struct db *db, const char *school, const struct pupil_fields *p,
                        int64_t *id_out)
{
    char key[KEY_MAX], code[LINK_CODE_SIZE];
    if (free_key(db, school, p->number, key) || link_code_fresh(db, code))
        return -1;
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO pupils (key, school_id, number, first_name, last_name, grade, class,"
            " priority, link_code, safety_notes, left_on)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, p->school_id);
    db_bind_text(st, 3, p->number);
    db_bind_text(st, 4, p->first_name);
    db_bind_text(st, 5, p->last_name);
    sqlite3_bind_int(st, 6, p->grade);
    db_bind_text(st, 7, p->class_name ? p->class_name : "");
    sqlite3_bind_int(st, 8, p->priority);
    db_bind_text(st, 9, code);
    db_bind_text(st, 10, p->safety_notes ? p->safety_notes : "");
    db_bind_text(st, 11, empty_as_null(p->left_on));
    if (db_step_done(st))
        return -1;
    *id_out = sqlite3_last_insert_rowid(db_handle(db));
    return 0;
}

/* ---- single pupils ------------------------------------------------------------------------ */

enum pupil_result pupil_create(struct db *db, int64_t user_id, const struct pupil_fields *p,
                               int64_t *id_out)
{
    char school[KEY_MAX];
    if (db_begin(db))
        return PUPIL_FAILED;
    int rc = school_key(db, p->school_id, school, sizeof school);
    if (rc)
        goto fail;
    int64_t taken = number_taken(db, p->school_id, p->number, 0);
    if (taken) {
        rc = taken > 0 ? PUPIL_DUPLICATE_NUMBER : PUPIL_FAILED;
        goto fail;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "school %lld", (long long)p->school_id);
    rc = PUPIL_FAILED;
    if (insert_pupil(db, school, p, id_out) ||
        audit(db, user_id, "create", "pupils", *id_out, detail))
        goto fail;
    return db_commit(db) ? PUPIL_FAILED : PUPIL_OK; /* db_commit rolls back on failure */
fail:
    db_rollback(db);
    return (enum pupil_result)rc;
}

/* The school of pupil id; 0 when there is no such pupil, -1 on a database error. */
static int64_t pupil_school(struct db *db, int64_t id)
{
    return db_int(db, "SELECT school_id FROM pupils WHERE id = ?1", id, 0, 0);
}

enum pupil_result pupil_update(struct db *db, int64_t user_id, int64_t id,
                               const struct pupil_fields *p)
{
    if (db_begin(db))
        return PUPIL_FAILED;
    int rc = PUPIL_FAILED;
    int64_t school = pupil_school(db, id);
    if (school <= 0) {
        rc = school == 0 ? PUPIL_NOT_FOUND : PUPIL_FAILED;
        goto fail;
    }
    int64_t taken = number_taken(db, school, p->number, id);
    if (taken) {
        rc = taken > 0 ? PUPIL_DUPLICATE_NUMBER : PUPIL_FAILED;
        goto fail;
    }
    sqlite3_stmt *st = db_stmt(
        db, "UPDATE pupils SET number = ?2, first_name = ?3, last_name = ?4, grade = ?5,"
            " class = ?6, priority = ?7, safety_notes = coalesce(?8, safety_notes), left_on = ?9"
            " WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, p->number);
    db_bind_text(st, 3, p->first_name);
    db_bind_text(st, 4, p->last_name);
    sqlite3_bind_int(st, 5, p->grade);
    db_bind_text(st, 6, p->class_name ? p->class_name : "");
    sqlite3_bind_int(st, 7, p->priority);
    db_bind_text(st, 8, p->safety_notes);
    db_bind_text(st, 9, empty_as_null(p->left_on));
    if (db_step_done(st) || audit(db, user_id, "update", "pupils", id, ""))
        goto fail;
    return db_commit(db) ? PUPIL_FAILED : PUPIL_OK;
fail:
    db_rollback(db);
    return (enum pupil_result)rc;
}

enum pupil_result pupil_renew_link_code(struct db *db, int64_t user_id, int64_t id,
                                        char out[LINK_CODE_SIZE])
{
    if (db_begin(db))
        return PUPIL_FAILED;
    int rc = PUPIL_FAILED;
    int64_t school = pupil_school(db, id);
    if (school <= 0) {
        rc = school == 0 ? PUPIL_NOT_FOUND : PUPIL_FAILED;
        goto fail;
    }
    if (link_code_fresh(db, out))
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "UPDATE pupils SET link_code = ?2, link_code_used_at = NULL,"
                                   " link_code_used_by = NULL WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, out);
    if (db_step_done(st) || audit(db, user_id, "update", "pupils", id, "nieuwe koppelcode"))
        goto fail;
    return db_commit(db) ? PUPIL_FAILED : PUPIL_OK;
fail:
    db_rollback(db);
    return (enum pupil_result)rc;
}

/* ---- import ------------------------------------------------------------------------------- */

/* Update the pupil `id` from an import row when something differs. 1 when changed, 0 when
   not, -1 on a database error. Columns absent from the import keep their stored values. */
static int import_update(struct db *db, int64_t user_id, int64_t id, const struct pupil_csv *csv,
                         const struct pupil_row *row)
{
    sqlite3_stmt *st = db_stmt(
        db, "UPDATE pupils SET first_name = ?2, last_name = ?3, grade = ?4,"
            " class = CASE WHEN ?7 THEN ?5 ELSE class END,"
            " priority = CASE WHEN ?8 THEN ?6 ELSE priority END, left_on = NULL"
            " WHERE id = ?1 AND (first_name IS NOT ?2 OR last_name IS NOT ?3 OR grade IS NOT ?4"
            " OR (?7 AND class IS NOT ?5) OR (?8 AND priority IS NOT ?6)"
            " OR left_on IS NOT NULL)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, row->first_name);
    db_bind_text(st, 3, row->last_name);
    sqlite3_bind_int(st, 4, row->grade);
    db_bind_text(st, 5, row->class_name ? row->class_name : "");
    sqlite3_bind_int(st, 6, row->priority);
    sqlite3_bind_int(st, 7, csv->has_class);
    sqlite3_bind_int(st, 8, csv->has_priority);
    if (db_step_done(st))
        return -1;
    if (sqlite3_changes(db_handle(db)) == 0)
        return 0;
    return audit(db, user_id, "update", "pupils", id, "import") ? -1 : 1;
}

/* Create or update the pupil of one import row, counting what happened. 0 or -1. */
static int import_row(struct db *db, int64_t user_id, int64_t school_id, const char *school,
                      const struct pupil_csv *csv, const struct pupil_row *row,
                      struct pupil_import_counts *counts)
{
    int64_t existing = number_taken(db, school_id, row->number, 0);
    if (existing < 0)
        return -1;
    if (existing > 0) {
        int changed = import_update(db, user_id, existing, csv, row);
        if (changed < 0)
            return -1;
        if (changed)
            counts->updated++;
        else
            counts->unchanged++;
        return 0;
    }
    struct pupil_fields p = {
        .school_id = school_id,
        .number = row->number,
        .first_name = row->first_name,
        .last_name = row->last_name,
        .grade = row->grade,
        .class_name = csv->has_class ? row->class_name : "",
        .priority = csv->has_priority && row->priority,
        .safety_notes = "",
    };
    int64_t id;
    if (insert_pupil(db, school, &p, &id) || audit(db, user_id, "create", "pupils", id, "import"))
        return -1;
    counts->created++;
    if (!counts->first_new_id || id < counts->first_new_id)
        counts->first_new_id = id;
    if (id > counts->last_new_id)
        counts->last_new_id = id;
    return 0;
}

/* ---- who is missing from a full import ---------------------------------------------------- */

static int compare_text(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The numbers of csv's rows, sorted, for in_file (arena-owned). */
static const char **file_numbers(struct arena *a, const struct pupil_csv *csv)
{
    const char **numbers = arena_alloc(a, (csv->n_rows ? csv->n_rows : 1) * sizeof *numbers);
    for (size_t i = 0; i < csv->n_rows; i++)
        numbers[i] = csv->rows[i].number;
    qsort(numbers, csv->n_rows, sizeof *numbers, compare_text);
    return numbers;
}

static bool in_file(const char **numbers, size_t n, const char *number)
{
    return bsearch(&number, numbers, n, sizeof *numbers, compare_text) != NULL;
}

/* Call fn(db, id, ctx) for each pupil of school_id who has not left and is not in csv; the
   count, or -1 on a database error (or when fn fails). The ids are collected first, so fn may
   write. */
static int each_missing(struct db *db, int64_t school_id, const struct pupil_csv *csv,
                        int (*fn)(struct db *db, int64_t id, void *ctx), void *ctx)
{
    struct arena a = ARENA_INIT;
    const char **numbers = file_numbers(&a, csv);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, number FROM pupils"
                                   " WHERE school_id = ?1 AND left_on IS NULL ORDER BY id");
    if (!st) {
        arena_free(&a);
        return -1;
    }
    sqlite3_bind_int64(st, 1, school_id);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (in_file(numbers, csv->n_rows, db_col_text(st, 1)))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            int64_t *grown = realloc(ids, cap * sizeof *ids);
            if (!grown)
                break;
            ids = grown;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    bool failed = rc != SQLITE_DONE;
    sqlite3_reset(st);
    for (size_t i = 0; !failed && fn && i < n; i++)
        failed = fn(db, ids[i], ctx) != 0;
    free(ids);
    arena_free(&a);
    return failed ? -1 : (int)n;
}

struct mark_left {
    int64_t user_id;
    char today[11];
};

static int mark_one_left(struct db *db, int64_t id, void *ctx)
{
    const struct mark_left *m = ctx;
    sqlite3_stmt *st = db_stmt(db, "UPDATE pupils SET left_on = ?2 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, m->today);
    if (db_step_done(st))
        return -1;
    return audit(db, m->user_id, "update", "pupils", id, "import: left") ? -1 : 0;
}

/* ---- the preview -------------------------------------------------------------------------- */

/* What writing row would change of the stored pupil at st's current row (id, first_name,
   last_name, grade, class, priority, left_on). */
static unsigned row_changes(sqlite3_stmt *st, const struct pupil_csv *csv,
                            const struct pupil_row *row)
{
    unsigned changes = 0;
    if (strcmp(db_col_text(st, 1), row->first_name))
        changes |= PUPIL_CHANGE_FIRST_NAME;
    if (strcmp(db_col_text(st, 2), row->last_name))
        changes |= PUPIL_CHANGE_LAST_NAME;
    if (sqlite3_column_int(st, 3) != row->grade)
        changes |= PUPIL_CHANGE_GRADE;
    if (csv->has_class && strcmp(db_col_text(st, 4), row->class_name ? row->class_name : ""))
        changes |= PUPIL_CHANGE_CLASS;
    if (csv->has_priority && sqlite3_column_int(st, 5) != (int)row->priority)
        changes |= PUPIL_CHANGE_PRIORITY;
    if (sqlite3_column_type(st, 6) != SQLITE_NULL)
        changes |= PUPIL_CHANGE_RETURNED;
    return changes;
}

/* The preview of one row into line. 0 or -1. */
static int preview_row(struct db *db, int64_t school_id, const struct pupil_csv *csv,
                       const struct pupil_row *row, struct pupil_import_line *line)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT id, first_name, last_name, grade, class, priority, left_on"
                    " FROM pupils WHERE school_id = ?1 AND number = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, row->number);
    int rc = sqlite3_step(st);
    *line = (struct pupil_import_line){.row = row, .status = PUPIL_IMPORT_NEW};
    if (rc == SQLITE_ROW) {
        line->changes = row_changes(st, csv, row);
        line->status = line->changes ? PUPIL_IMPORT_CHANGED : PUPIL_IMPORT_UNCHANGED;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int pupils_import_preview(struct db *db, struct arena *a, int64_t school_id,
                          const struct pupil_csv *csv, struct pupil_import_preview *out)
{
    *out = (struct pupil_import_preview){0};
    out->lines = arena_alloc(a, (csv->n_rows ? csv->n_rows : 1) * sizeof *out->lines);
    for (size_t i = 0; i < csv->n_rows; i++) {
        struct pupil_import_line *line = &out->lines[out->n_lines++];
        if (preview_row(db, school_id, csv, &csv->rows[i], line))
            return -1;
        out->created += line->status == PUPIL_IMPORT_NEW;
        out->changed += line->status == PUPIL_IMPORT_CHANGED;
        out->unchanged += line->status == PUPIL_IMPORT_UNCHANGED;
    }
    int leaving = each_missing(db, school_id, csv, NULL, NULL);
    if (leaving < 0)
        return -1;
    out->leaving = leaving;
    return 0;
}

/* ---- the write ---------------------------------------------------------------------------- */

int pupils_import(struct db *db, int64_t user_id, int64_t school_id, const struct pupil_csv *csv,
                  bool mark_left, struct pupil_import_counts *counts)
{
    *counts = (struct pupil_import_counts){0};
    if (csv->n_errors)
        return -1;
    char school[KEY_MAX];
    if (db_begin(db))
        return -1;
    if (school_key(db, school_id, school, sizeof school))
        goto fail;
    for (size_t i = 0; i < csv->n_rows; i++)
        if (import_row(db, user_id, school_id, school, csv, &csv->rows[i], counts))
            goto fail;
    if (mark_left) {
        struct mark_left m = {.user_id = user_id};
        date_format(date_today(), m.today);
        counts->left = each_missing(db, school_id, csv, mark_one_left, &m);
        if (counts->left < 0)
            goto fail;
    }
    if (db_commit(db)) { /* rolled back by db_commit */
        *counts = (struct pupil_import_counts){0};
        return -1;
    }
    return 0;
fail:
    db_rollback(db);
    *counts = (struct pupil_import_counts){0};
    return -1;
}
