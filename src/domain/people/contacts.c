/* The families' contacts and the consents of a pupil: the rules are in contacts.h. */
#include "domain/people/contacts.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/rows.h"
#include "domain/people/audit.h"
#include "util/utf8.h"

/* The form's field names per contact row (static strings, as problems need). */
static const char *const NAME_FIELD[CONTACTS_MAX] = {"name_1", "name_2", "name_3", "name_4"};
static const char *const PHONE_FIELD[CONTACTS_MAX] = {"phone_1", "phone_2", "phone_3",
                                                      "phone_4"};
static const char *const EMAIL_FIELD[CONTACTS_MAX] = {"email_1", "email_2", "email_3",
                                                      "email_4"};

static bool blank(const char *s) { return !s || !*s; }

static bool contact_empty(const struct contact_input *c)
{
    return blank(c->name) && blank(c->relation) && blank(c->phone) && blank(c->email);
}

static bool phone_valid(const char *s)
{
    size_t n = strlen(s), digits = 0;
    if (n < 6 || n > CONTACT_PHONE_MAX)
        return false;
    for (const char *c = s; *c; c++) {
        if (*c >= '0' && *c <= '9')
            digits++;
        else if (!strchr(" +-()", *c))
            return false;
    }
    return digits >= 6;
}

static bool email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strpbrk(s, " \t\r\n,;<>") &&
           strlen(s) <= CONTACT_TEXT_MAX;
}

/* A one-line text of at most CONTACT_TEXT_MAX characters without control characters. */
static bool line_valid(const char *s)
{
    if (!utf8_valid(s, strlen(s)) || utf8_length(s) > CONTACT_TEXT_MAX)
        return false;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return false;
    return true;
}

int contacts_check(const struct contact_input *in, size_t n, struct problems *out)
{
    size_t before = out->n;
    if (n > CONTACTS_MAX)
        n = CONTACTS_MAX;
    for (size_t i = 0; i < n; i++) {
        const struct contact_input *c = &in[i];
        if (contact_empty(c))
            continue;
        if (blank(c->name))
            problems_add(out, NAME_FIELD[i], "contacts.name_missing");
        else if (!line_valid(c->name) || (c->relation && !line_valid(c->relation)))
            problems_add(out, NAME_FIELD[i], "contacts.text_bad");
        if (blank(c->phone) && blank(c->email))
            problems_add(out, PHONE_FIELD[i], "contacts.reach_missing");
        if (!blank(c->phone) && !phone_valid(c->phone))
            problems_add(out, PHONE_FIELD[i], "contacts.phone_bad");
        if (!blank(c->email) && !email_valid(c->email))
            problems_add(out, EMAIL_FIELD[i], "contacts.email_bad");
        if (c->emergency && blank(c->phone))
            problems_add(out, PHONE_FIELD[i], "contacts.emergency_phone");
    }
    return (int)(out->n - before);
}

/* Inside the transaction: the pupil's contacts replaced. 0 or -1. */
static int replace_contacts(struct db *db, int64_t pupil_id, const struct contact_input *in,
                            size_t n)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM pupil_contacts WHERE pupil_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    if (db_step_done(st))
        return -1;
    int position = 0;
    for (size_t i = 0; i < n && i < CONTACTS_MAX; i++) {
        if (contact_empty(&in[i]))
            continue;
        st = db_stmt(db, "INSERT INTO pupil_contacts (pupil_id, position, name, relation, phone,"
                         " email, emergency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, pupil_id);
        sqlite3_bind_int(st, 2, ++position);
        db_bind_text(st, 3, in[i].name);
        db_bind_text(st, 4, in[i].relation ? in[i].relation : "");
        db_bind_text(st, 5, in[i].phone ? in[i].phone : "");
        db_bind_text(st, 6, in[i].email ? in[i].email : "");
        sqlite3_bind_int(st, 7, in[i].emergency);
        if (db_step_done(st))
            return -1;
    }
    return 0;
}

/* Inside the transaction: one consent, its day kept unless it changes. 0 or -1. */
static int set_consent(struct db *db, int64_t pupil_id, const char *kind, bool given,
                       const char *today)
{
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO pupil_consents (pupil_id, kind, given, given_on) VALUES (?1, ?2, ?3, ?4)"
            " ON CONFLICT (pupil_id, kind) DO UPDATE SET given = excluded.given,"
            " given_on = CASE WHEN given = excluded.given THEN given_on ELSE excluded.given_on END");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, kind);
    sqlite3_bind_int(st, 3, given);
    db_bind_text(st, 4, today);
    return db_step_done(st);
}

enum outcome contacts_save(struct db *db, int64_t user_id, int64_t pupil_id,
                           const struct contact_input *in, size_t n,
                           const struct consent_input *consents, const char *today,
                           struct problems *out)
{
    problems_clear(out);
    if (contacts_check(in, n, out))
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int64_t exists = db_int(db, "SELECT count(*) FROM pupils WHERE id = ?1 AND anonymised = 0",
                            pupil_id, 0, -1);
    enum outcome rc = exists < 0 ? OUTCOME_FAILED : exists == 0 ? OUTCOME_NOT_FOUND : OUTCOME_OK;
    if (rc == OUTCOME_OK &&
        (replace_contacts(db, pupil_id, in, n) ||
         set_consent(db, pupil_id, "photos", consents->photos, today) ||
         set_consent(db, pupil_id, "home_alone", consents->home_alone, today) ||
         audit(db, user_id, "update", "pupil_contacts", pupil_id, "")))
        rc = OUTCOME_FAILED;
    if (rc != OUTCOME_OK || db_commit(db)) {
        db_rollback(db);
        return rc == OUTCOME_OK ? OUTCOME_FAILED : rc;
    }
    return OUTCOME_OK;
}

int read_pupil_contacts(struct db *db, int64_t pupil_id, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT name AS name, relation AS relation, phone AS phone,"
                                   " email AS email, emergency AS emergency FROM pupil_contacts"
                                   " WHERE pupil_id = ?1 ORDER BY position");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    json_t *contacts = db_rows(st, "ssssb");
    if (!contacts)
        return -1;
    json_t *consents = json_pack("{s:n, s:n}", "photos", "home_alone");
    st = db_stmt(db, "SELECT kind, given, given_on FROM pupil_consents WHERE pupil_id = ?1");
    if (!st) {
        json_decref(contacts);
        json_decref(consents);
        return -1;
    }
    sqlite3_bind_int64(st, 1, pupil_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_object_set_new(consents, db_col_text(st, 0),
                            json_pack("{s:b, s:s}", "given", sqlite3_column_int(st, 1),
                                      "given_on", db_col_text(st, 2)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(contacts);
        json_decref(consents);
        return -1;
    }
    *out = json_pack("{s:o, s:o}", "contacts", contacts, "consents", consents);
    return 0;
}
