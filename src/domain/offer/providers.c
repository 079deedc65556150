#include "domain/offer/providers.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/competence.h"
#include "domain/text_rules.h"
#include "domain/people/audit.h"
#include "util/date.h"

/* ---- keys ----------------------------------------------------------------------------------- */

/* ASCII folding of U+00C0 … U+00FF; "" drops the character, " " separates words. */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Decode one UTF-8 code point at s (assumed valid; a stray byte counts as one unknown
   character). Sets *len to its byte length. */
static unsigned decode(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
        *len = 2;
        return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
    }
    if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        *len = 3;
        return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
    }
    size_t n = 1;
    while (n < 4 && s[n] && (s[n] & 0xc0) == 0x80)
        n++;
    *len = n;
    return 0xfffd;
}

/* The ASCII letters and digits a code point folds to: "" to drop it, " " for a separator. */
static const char *fold(unsigned cp, char ascii[2])
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            ascii[0] = (char)cp;
            ascii[1] = '\0';
            return ascii;
        }
        if (cp >= 'A' && cp <= 'Z') {
            ascii[0] = (char)(cp - 'A' + 'a');
            ascii[1] = '\0';
            return ascii;
        }
        return cp == '\'' ? "" : " ";
    }
    if (cp >= 0xc0 && cp <= 0xff)
        return latin1_fold[cp - 0xc0];
    if (cp == 0x132 || cp == 0x133) /* Dutch ĳ */
        return "ij";
    if (cp == 0x152 || cp == 0x153)
        return "oe";
    if (cp == 0x2019 || cp == 0x2018) /* typographic apostrophes */
        return "";
    return " ";
}

void key_from_name(const char *name, const char *fallback, char *out, size_t out_size)
{
    size_t limit = out_size - 1 < KEY_BASE_MAX ? out_size - 1 : KEY_BASE_MAX;
    size_t n = 0;
    bool pending_dash = false;
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    while (*s) {
        size_t len;
        unsigned cp = decode(s, &len);
        s += len;
        char ascii[2];
        const char *piece = fold(cp, ascii);
        if (*piece == ' ') {
            pending_dash = n > 0;
            continue;
        }
        size_t piece_len = strlen(piece);
        if (!piece_len)
            continue;
        if (n + pending_dash + piece_len > limit) {
            /* Mid-word: drop the partial word when an earlier one ends at a dash. */
            char *dash = pending_dash ? NULL : memrchr(out, '-', n);
            if (dash)
                n = (size_t)(dash - out);
            break;
        }
        if (pending_dash)
            out[n++] = '-';
        pending_dash = false;
        memcpy(out + n, piece, piece_len);
        n += piece_len;
    }
    out[n] = '\0';
    if (!n)
        snprintf(out, out_size, "%s", fallback);
}

/* Is key already used in table? 1 yes, 0 no, -1 error. */
static int key_taken(struct db *db, enum key_table table, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, table == KEY_PROVIDERS
                                       ? "SELECT 1 FROM providers WHERE key = ?1"
                                       : "SELECT 1 FROM staff WHERE key = ?1");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int key_unique(struct db *db, enum key_table table, const char *name, char *out,
               size_t out_size)
{
    char base[KEY_MAX + 1];
    key_from_name(name, table == KEY_PROVIDERS ? "aanbieder" : "uitvoerder", base, sizeof base);
    snprintf(out, out_size, "%s", base);
    for (long suffix = 2;; suffix++) {
        int taken = key_taken(db, table, out);
        if (taken <= 0)
            return taken;
        if (snprintf(out, out_size, "%s-%ld", base, suffix) >= (int)out_size)
            return -1;
    }
}

int key_with_school(struct db *db, const char *name, const char *fallback, size_t name_size,
                    int64_t school_id, size_t school_size, const char *taken_sql, char *out,
                    size_t out_size)
{
    char name_part[KEY_MAX + 1], school_key[KEY_MAX + 1] = "", base[2 * KEY_MAX + 2];
    if (name_size > sizeof name_part)
        name_size = sizeof name_part;
    if (school_size > sizeof school_key)
        school_size = sizeof school_key;
    key_from_name(name, fallback, name_part, name_size);
    sqlite3_stmt *st = db_stmt(db, "SELECT key FROM schools WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, school_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(school_key, school_size, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    snprintf(base, sizeof base, "%s%s%s", name_part, *school_key ? "-" : "", school_key);
    if (snprintf(out, out_size, "%s", base) >= (int)out_size)
        return -1;
    for (long suffix = 2; suffix < 100000; suffix++) {
        int64_t taken = db_int_text(db, taken_sql, out, 0, 0, 0);
        if (taken <= 0)
            return (int)taken;
        if (snprintf(out, out_size, "%s-%ld", base, suffix) >= (int)out_size)
            return -1;
    }
    return -1;
}

/* ---- levels and checks ---------------------------------------------------------------------- */

const char *const staff_levels[] = {"start", "basis", "vak", NULL};

const char *staff_level_label(const char *level)
{
    if (!level)
        return "";
    if (!strcmp(level, "start"))
        return "startbekwaam";
    if (!strcmp(level, "basis"))
        return "basisbekwaam";
    if (!strcmp(level, "vak"))
        return "vakbekwaam";
    return "";
}

const char *staff_level_hint(const char *level)
{
    if (!level)
        return "";
    if (!strcmp(level, "start"))
        return "1–3 jaar ervaring";
    if (!strcmp(level, "basis"))
        return "4–7 jaar ervaring";
    if (!strcmp(level, "vak"))
        return "meer dan 7 jaar ervaring";
    return "";
}

const char *provider_name_error(const char *name)
{
    return one_line_error(name, PROVIDER_NAME_MAX);
}

const char *staff_name_error(const char *name)
{
    return one_line_error(name, STAFF_NAME_MAX);
}

const char *staff_level_error(const char *level)
{
    return *staff_level_label(level) ? NULL : "problem.choose_option";
}

const char *staff_vog_error(const char *vog_date, int32_t today)
{
    int32_t day;
    if (!vog_date || !*vog_date)
        return NULL;
    if (date_parse(vog_date, &day))
        return "problem.date_invalid";
    if (day > today)
        return "problem.vog_future";
    return NULL;
}

/* ---- writes --------------------------------------------------------------------------------- */

int64_t provider_create(struct db *db, int64_t user_id, const struct provider_input *in,
                        char *key_out, size_t key_size)
{
    if (provider_name_error(in->name))
        return -1;
    if (db_begin(db))
        return -1;
    char key[KEY_MAX + 1];
    int64_t id = -1;
    if (key_unique(db, KEY_PROVIDERS, in->name, key, sizeof key))
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO providers (key, name, external)"
                                   " VALUES (?1, ?2, ?3)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, in->name);
    sqlite3_bind_int(st, 3, in->external);
    if (db_step_done(st))
        goto fail;
    id = sqlite3_last_insert_rowid(db_handle(db));
    char detail[KEY_MAX + 40];
    snprintf(detail, sizeof detail, "key=%s external=%d", key, in->external);
    if (audit(db, user_id, "create", "providers", id, detail) || db_commit(db))
        goto fail;
    if (key_out)
        snprintf(key_out, key_size, "%s", key);
    return id;
fail:
    db_rollback(db);
    return -1;
}

int provider_update(struct db *db, int64_t user_id, int64_t provider_id,
                    const struct provider_input *in)
{
    if (provider_name_error(in->name))
        return -1;
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE providers SET name = ?2, external = ?3 WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, in->name);
    sqlite3_bind_int(st, 3, in->external);
    if (db_step_done(st))
        goto fail;
    if (sqlite3_changes(db_handle(db)) == 0) {
        db_rollback(db);
        return 1;
    }
    char detail[40];
    snprintf(detail, sizeof detail, "external=%d", in->external);
    if (audit(db, user_id, "update", "providers", provider_id, detail) || db_commit(db))
        goto fail;
    return 0;
fail:
    db_rollback(db);
    return -1;
}

static bool staff_input_ok(const struct staff_input *in, int32_t today)
{
    return !staff_name_error(in->name) && !staff_level_error(in->level) &&
           !staff_vog_error(in->vog_date, today);
}

/* The VOG date to store: NULL for none. */
static const char *vog_or_null(const char *vog_date)
{
    return vog_date && *vog_date ? vog_date : NULL;
}

/* Inside the transaction: the level of staff_id as assessed today (a level set on the staff
   form is that day's assessment, domain/offer/competence.h). 0 or -1. */
static int assess_today(struct db *db, int64_t staff_id, const char *level, int32_t today)
{
    char date[11];
    date_format(today, date);
    return staff_level_put(db, staff_id, level, date);
}

int64_t staff_create(struct db *db, int64_t user_id, int64_t provider_id,
                     const struct staff_input *in, int32_t today)
{
    if (!staff_input_ok(in, today))
        return -1;
    if (db_begin(db))
        return -1;
    char key[KEY_MAX + 1];
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM providers WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, provider_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        db_rollback(db);
        return 0;
    }
    if (rc != SQLITE_ROW || key_unique(db, KEY_STAFF, in->name, key, sizeof key))
        goto fail;
    st = db_stmt(db, "INSERT INTO staff (key, provider_id, name, level, vog_date)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, provider_id);
    db_bind_text(st, 3, in->name);
    db_bind_text(st, 4, in->level);
    db_bind_text(st, 5, vog_or_null(in->vog_date));
    if (db_step_done(st))
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    if (assess_today(db, id, in->level, today))
        goto fail;
    char detail[KEY_MAX + 80];
    snprintf(detail, sizeof detail, "key=%s provider=%lld level=%s vog=%s", key,
             (long long)provider_id, in->level, vog_or_null(in->vog_date) ? in->vog_date : "-");
    if (audit(db, user_id, "create", "staff", id, detail) || db_commit(db))
        goto fail;
    return id;
fail:
    db_rollback(db);
    return -1;
}

int staff_update(struct db *db, int64_t user_id, int64_t staff_id, const struct staff_input *in,
                 int32_t today)
{
    if (!staff_input_ok(in, today))
        return -1;
    if (db_begin(db))
        return -1;
    int64_t changed = db_int_text(db, "SELECT level <> ?1 FROM staff WHERE id = ?2", in->level,
                                  staff_id, 0, -2);
    if (changed == -2) {
        db_rollback(db);
        return 1;
    }
    sqlite3_stmt *st = db_stmt(db, "UPDATE staff SET name = ?2, vog_date = ?3 WHERE id = ?1");
    if (!st || changed < 0)
        goto fail;
    sqlite3_bind_int64(st, 1, staff_id);
    db_bind_text(st, 2, in->name);
    db_bind_text(st, 3, vog_or_null(in->vog_date));
    if (db_step_done(st) || (changed && assess_today(db, staff_id, in->level, today)))
        goto fail;
    char detail[80];
    snprintf(detail, sizeof detail, "level=%s vog=%s", in->level,
             vog_or_null(in->vog_date) ? in->vog_date : "-");
    if (audit(db, user_id, "update", "staff", staff_id, detail) || db_commit(db))
        goto fail;
    return 0;
fail:
    db_rollback(db);
    return -1;
}

/* ---- who may change them --------------------------------------------------------------------- */

bool offer_editable(bool is_lead, int64_t own_school_id, const json_t *schools)
{
    if (is_lead)
        return true;
    if (own_school_id <= 0 || !json_is_array(schools))
        return false;
    size_t i;
    const json_t *school;
    json_array_foreach (schools, i, school)
        if (json_integer_value(json_object_get(school, "id")) != own_school_id)
            return false;
    return true;
}
