/* Tests of what the coalition lead manages (domain/schools.c, settings.c, users.c): school
 * keys from names, refusing a change of kind that leaves grades out, domains and their order,
 * holiday checks and the session regeneration, account rules (unique address regardless of
 * case, a school for a coordinator, a staff record for staff, no self-deactivation or
 * self-demotion) and that nothing is written when a write is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/people/accounts.h"
#include "domain/offer/schedule.h"
#include "domain/offer/schools.h"
#include "domain/offer/domains_holidays.h"
#include "domain/people/users.h"
#include "testdb.h"

#define LEAD_ID 1
#define PASSWORD "een-lang-wachtwoord"

/* School 1 "noord" (po) with a pupil in groep 6 and a Tuesday activity (groep 5–8, September
   2025), a provider with staff member 1, and the lead (user 1) with a login session. */
static const char seed_sql[] =
    "INSERT INTO schools (id, key, name, kind) VALUES (1, 'noord', 'Noord', 'po');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade)"
    " VALUES (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6);"
    "INSERT INTO activities (id, key, school_id, title, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until)"
    " VALUES (1, 'judo', 1, 'Judo', 5, 8, 10, 2, '15:15', '16:15',"
    " '2025-09-02', '2025-09-30');"
    "INSERT INTO providers (id, key, name) VALUES (1, 'sport', 'Sport');"
    "INSERT INTO staff (id, key, provider_id, name) VALUES (1, 'anna', 1, 'Anna');"
    "INSERT INTO domains (id, code, name, position) VALUES (1, 'sport', 'Sport', 1),"
    " (2, 'cultuur', 'Cultuur', 2), (3, 'wereld', 'Wereld', 3);"
    "INSERT INTO users (id, email, name, role, password_hash)"
    " VALUES (1, 'lead@test.nl', 'Lea', 'lead', 'x');"
    "INSERT INTO logins (token_hash, user_id, csrf, created_at, seen_at)"
    " VALUES (x'01', 1, 'c', 0, 0);";

/* A fresh migrated database with seed_sql and the activity's sessions generated. */
static int setup(void **state)
{
    if (testdb_setup(state, "test_admin", seed_sql))
        return -1;
    struct db *db = ((struct testdb *)*state)->db;
    if (db_begin(db) || schedule_sync(db, 1) || db_commit(db)) {
        testdb_teardown(state);
        return -1;
    }
    return 0;
}

static int64_t scalar(struct db *db, const char *sql)
{
    return db_scalar_int(db, sql, -1);
}

/* The number of rows in the audit log: unchanged after a refused write. */
static int64_t audit_rows(struct db *db)
{
    return scalar(db, "SELECT count(*) FROM audit_log");
}

static const char *text_of(struct db *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    assert_non_null(st);
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, size, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return out;
}

/* ---- schools ------------------------------------------------------------------------------ */

static void test_school_key_from_name(void **state)
{
    struct testdb *f = *state;
    char key[SCHOOL_KEY_MAX + 1];
    assert_int_equal(school_key_unique(f->db, "De Haagse Beek", key, sizeof key), 0);
    assert_string_equal(key, "de-haagse-beek");
    assert_int_equal(school_key_unique(f->db, "  Sint-Jozef  École 't Kompas!", key, sizeof key),
                     0);
    assert_string_equal(key, "sint-jozef-ecole-t-kompas");
    assert_int_equal(school_key_unique(f->db, "???", key, sizeof key), 0);
    assert_string_equal(key, "school");
    /* A taken key gets a suffix. */
    assert_int_equal(school_key_unique(f->db, "NOORD", key, sizeof key), 0);
    assert_string_equal(key, "noord-2");

    struct school_input in = {.name = "De Haagse Beek", .kind = "po"};
    int64_t id1 = 0, id2 = 0;
    assert_int_equal(school_create(f->db, LEAD_ID, &in, &id1, key, sizeof key), SCHOOL_OK);
    assert_string_equal(key, "de-haagse-beek");
    assert_int_equal(school_create(f->db, LEAD_ID, &in, &id2, key, sizeof key), SCHOOL_OK);
    assert_string_equal(key, "de-haagse-beek-2");
    assert_true(id1 > 0 && id2 > id1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'schools'"
                                   " AND action = 'create'"),
                     2);
}

static void test_school_create_refuses_bad_input(void **state)
{
    struct testdb *f = *state;
    int64_t id = 0, audits = audit_rows(f->db);
    struct school_input empty = {.name = "", .kind = "po"};
    struct school_input bad_kind = {.name = "Zuid", .kind = "mbo"};
    struct school_input control = {.name = "Zu\x01id", .kind = "po"};
    char long_name[200];
    memset(long_name, 'a', 121);
    long_name[121] = '\0';
    struct school_input too_long = {.name = long_name, .kind = "po"};
    assert_int_equal(school_create(f->db, LEAD_ID, &empty, &id, NULL, 0), SCHOOL_INVALID);
    assert_int_equal(school_create(f->db, LEAD_ID, &bad_kind, &id, NULL, 0), SCHOOL_INVALID);
    assert_int_equal(school_create(f->db, LEAD_ID, &control, &id, NULL, 0), SCHOOL_INVALID);
    assert_int_equal(school_create(f->db, LEAD_ID, &too_long, &id, NULL, 0), SCHOOL_INVALID);
    long_name[120] = '\0';
    assert_int_equal(school_create(f->db, LEAD_ID, &too_long, &id, NULL, 0), SCHOOL_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM schools"), 2);
    assert_int_equal(audit_rows(f->db), audits + 1);
}

static void test_kind_change_refused_when_grades_fall_outside(void **state)
{
    struct testdb *f = *state;
    int64_t audits = audit_rows(f->db);
    char text[64];
    /* The activity runs to groep 8: voortgezet onderwijs ends at leerjaar 6. */
    struct school_input to_vo = {.name = "Noord VO", .kind = "vo"};
    struct school_grade_conflict c = {0};
    assert_int_equal(school_update(f->db, LEAD_ID, 1, &to_vo, &c), SCHOOL_KIND_GRADES);
    assert_int_equal(c.grade_max, 6);
    assert_int_equal(c.pupils, 0);
    assert_int_equal(c.activities, 1);
    /* Nothing written: neither the kind nor the name, and no audit row. */
    assert_string_equal(text_of(f->db, "SELECT kind || '|' || name FROM schools WHERE id = 1",
                                text, sizeof text),
                        "po|Noord");
    assert_int_equal(audit_rows(f->db), audits);

    /* A pupil in groep 7 blocks it too. */
    assert_int_equal(db_exec(f->db, "UPDATE activities SET grade_max = 6 WHERE id = 1;"
                                    "UPDATE pupils SET grade = 7 WHERE id = 1"),
                     0);
    assert_int_equal(school_update(f->db, LEAD_ID, 1, &to_vo, &c), SCHOOL_KIND_GRADES);
    assert_int_equal(c.pupils, 1);
    assert_int_equal(c.activities, 0);

    /* Once everything fits, the change goes through. */
    assert_int_equal(db_exec(f->db, "UPDATE pupils SET grade = 6 WHERE id = 1"), 0);
    assert_int_equal(school_update(f->db, LEAD_ID, 1, &to_vo, &c), SCHOOL_OK);
    assert_string_equal(text_of(f->db, "SELECT kind || '|' || name FROM schools WHERE id = 1",
                                text, sizeof text),
                        "vo|Noord VO");
    assert_string_equal(text_of(f->db, "SELECT key FROM schools WHERE id = 1", text,
                                sizeof text),
                        "noord"); /* the key stays */
    assert_int_equal(audit_rows(f->db), audits + 1);

    /* Back to po is always possible (groep 1–8 holds leerjaar 1–6), renaming alone too. */
    struct school_input to_po = {.name = "Noord", .kind = "po"};
    assert_int_equal(school_update(f->db, LEAD_ID, 1, &to_po, NULL), SCHOOL_OK);
    assert_int_equal(school_update(f->db, LEAD_ID, 99, &to_po, NULL), SCHOOL_NOT_FOUND);
}

/* ---- domains ------------------------------------------------------------------------------ */

/* The domain codes in order, "a b c". */
static const char *domain_codes(struct db *db, char *out, size_t size)
{
    return text_of(db, "SELECT group_concat(code, ' ') FROM (SELECT code FROM domains"
                       " ORDER BY position, id)",
                   out, size);
}

static void test_domains_add_rename_reorder(void **state)
{
    struct testdb *f = *state;
    char codes[128];
    int64_t id = 0, audits = audit_rows(f->db);
    assert_int_equal(domain_create(f->db, LEAD_ID, "techniek", "Techniek", &id), SETTINGS_OK);
    assert_string_equal(domain_codes(f->db, codes, sizeof codes),
                        "sport cultuur wereld techniek");
    assert_int_equal(domain_create(f->db, LEAD_ID, "techniek", "Nog eens", &id),
                     SETTINGS_DUPLICATE);
    assert_int_equal(domain_create(f->db, LEAD_ID, "Tech niek", "X", &id), SETTINGS_INVALID);
    assert_int_equal(domain_create(f->db, LEAD_ID, "x", "", &id), SETTINGS_INVALID);
    assert_int_equal(audit_rows(f->db), audits + 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM domains"), 4);

    assert_int_equal(domain_update(f->db, LEAD_ID, id, "Wetenschap en techniek", 1), SETTINGS_OK);
    assert_string_equal(domain_codes(f->db, codes, sizeof codes),
                        "techniek sport cultuur wereld");
    assert_string_equal(text_of(f->db, "SELECT group_concat(position) FROM (SELECT position"
                                       " FROM domains ORDER BY position)",
                                codes, sizeof codes),
                        "1,2,3,4");
    assert_int_equal(domain_update(f->db, LEAD_ID, 2, "Cultuur", 2), SETTINGS_OK);
    assert_string_equal(domain_codes(f->db, codes, sizeof codes),
                        "techniek cultuur sport wereld");
    /* Beyond the end means last. */
    assert_int_equal(domain_update(f->db, LEAD_ID, id, "Techniek", 99), SETTINGS_OK);
    assert_string_equal(domain_codes(f->db, codes, sizeof codes),
                        "cultuur sport wereld techniek");
    assert_int_equal(domain_update(f->db, LEAD_ID, 999, "Niets", 1), SETTINGS_NOT_FOUND);
    assert_int_equal(domain_update(f->db, LEAD_ID, 1, "", 1), SETTINGS_INVALID);
    assert_int_equal(domain_update(f->db, LEAD_ID, 1, "Sport", 0), SETTINGS_INVALID);
    assert_string_equal(domain_codes(f->db, codes, sizeof codes),
                        "cultuur sport wereld techniek");
}

/* ---- holidays ----------------------------------------------------------------------------- */

static void test_holiday_check(void **state)
{
    (void)state;
    struct holiday_input h = {.name = "Herfstvakantie", .from = "2025-10-18", .to = "2025-10-26"};
    assert_int_equal(holiday_check(&h), HOLIDAY_FINE);
    h.to = "2025-10-18"; /* one day */
    assert_int_equal(holiday_check(&h), HOLIDAY_FINE);
    h.to = "2025-10-17";
    assert_int_equal(holiday_check(&h), HOLIDAY_TO_BEFORE_FROM);
    assert_string_equal(holiday_problem_field(HOLIDAY_TO_BEFORE_FROM), "to");
    h.from = "2025-01-01";
    h.to = "2025-04-30"; /* 120 days, both ends included */
    assert_int_equal(holiday_check(&h), HOLIDAY_FINE);
    h.to = "2025-05-01";
    assert_int_equal(holiday_check(&h), HOLIDAY_TOO_LONG);
    h.to = "2025-02-30";
    assert_int_equal(holiday_check(&h), HOLIDAY_BAD_TO);
    h.from = "18-10-2025";
    assert_int_equal(holiday_check(&h), HOLIDAY_BAD_FROM);
    assert_string_equal(holiday_problem_field(HOLIDAY_BAD_FROM), "from");
    h.from = "2025-10-18";
    h.name = "";
    assert_int_equal(holiday_check(&h), HOLIDAY_BAD_NAME);
    h.name = "Twee\nregels";
    assert_int_equal(holiday_check(&h), HOLIDAY_BAD_NAME);
    char long_name[100];
    memset(long_name, 'v', 81);
    long_name[81] = '\0';
    h.name = long_name;
    assert_int_equal(holiday_check(&h), HOLIDAY_BAD_NAME);
    assert_string_equal(holiday_problem_field(HOLIDAY_BAD_NAME), "name");
    assert_true(strlen(testdb_text(holiday_problem_key(HOLIDAY_TOO_LONG), NULL)) > 0);
}

static void test_holidays_regenerate_sessions(void **state)
{
    struct testdb *f = *state;
    /* September 2025 has Tuesdays 2, 9, 16, 23, 30; the 9th has attendance. */
    assert_int_equal(db_exec(f->db, "INSERT INTO attendance (session_id, pupil_id, status)"
                                    " SELECT id, 1, 'present' FROM sessions"
                                    " WHERE date = '2025-09-09'"),
                     0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM sessions"), 5);
    int64_t id = 0, audits = audit_rows(f->db);
    long long changed = -1;
    struct holiday_input h = {.name = "Studieweek", .from = "2025-09-08", .to = "2025-09-17"};
    assert_int_equal(holiday_create(f->db, LEAD_ID, &h, &id, &changed), SETTINGS_OK);
    /* The 16th is gone; the 9th is kept (attendance) but cancelled. */
    assert_int_equal(changed, 2);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM sessions WHERE date = '2025-09-16'"), 0);
    assert_int_equal(scalar(f->db, "SELECT cancelled FROM sessions WHERE date = '2025-09-09'"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM sessions WHERE cancelled = 0"), 3);
    assert_int_equal(audit_rows(f->db), audits + 1);

    /* The same name and first day again: refused, nothing written. */
    struct holiday_input again = {.name = "Studieweek", .from = "2025-09-08", .to = "2025-09-09"};
    assert_int_equal(holiday_create(f->db, LEAD_ID, &again, &id, &changed), SETTINGS_DUPLICATE);
    struct holiday_input backwards = {.name = "Fout", .from = "2025-09-20", .to = "2025-09-19"};
    assert_int_equal(holiday_create(f->db, LEAD_ID, &backwards, &id, &changed), SETTINGS_INVALID);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM holidays"), 1);
    assert_int_equal(audit_rows(f->db), audits + 1);

    /* Deleting it brings the 16th back. */
    assert_int_equal(holiday_delete(f->db, LEAD_ID, id, &changed), SETTINGS_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM sessions WHERE date = '2025-09-16'"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM holidays"), 0);
    assert_int_equal(holiday_delete(f->db, LEAD_ID, id, &changed), SETTINGS_NOT_FOUND);
    assert_int_equal(audit_rows(f->db), audits + 2);
}

/* ---- accounts ----------------------------------------------------------------------------- */

static struct user_input account(const char *email, const char *role)
{
    return (struct user_input){.email = email, .name = "Iemand", .role = role,
                               .password = PASSWORD, .active = true};
}

static void test_email_unique_regardless_of_case(void **state)
{
    struct testdb *f = *state;
    int64_t id = 0, other = 0, audits = audit_rows(f->db);
    struct user_input in = account("Ouder@Voorbeeld.nl", "parent");
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_OK);
    assert_true(id > 1);
    in.email = "ouder@voorbeeld.NL";
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &other), USER_EMAIL_TAKEN);
    in.email = "LEAD@test.nl";
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &other), USER_EMAIL_TAKEN);
    assert_string_equal(user_result_field(USER_EMAIL_TAKEN), "email");
    assert_non_null(strstr(testdb_text(user_result_key(USER_EMAIL_TAKEN), NULL),
                           "Dit e-mailadres is al in gebruik"));
    /* Changing another account to the address in other capitals is refused too. */
    in.email = "LEAD@TEST.NL";
    in.password = "";
    assert_int_equal(user_update(f->db, LEAD_ID, id, &in), USER_EMAIL_TAKEN);
    /* Its own address in other capitals is fine. */
    in.email = "OUDER@voorbeeld.nl";
    assert_int_equal(user_update(f->db, LEAD_ID, id, &in), USER_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM users"), 2);
    assert_int_equal(audit_rows(f->db), audits + 2);
    /* The password is stored hashed and checks out. */
    char hash[256];
    text_of(f->db, "SELECT password_hash FROM users WHERE role = 'parent'", hash, sizeof hash);
    assert_null(strstr(hash, PASSWORD));
    assert_true(password_verify(hash, PASSWORD));
}

static void test_role_needs_school_or_staff(void **state)
{
    struct testdb *f = *state;
    int64_t id = 0, audits = audit_rows(f->db);
    struct user_input in = account("coord@test.nl", "coordinator");
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_SCHOOL_NEEDED);
    in.school_id = 42; /* no such school */
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_SCHOOL_NEEDED);
    in = account("staff@test.nl", "staff");
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_STAFF_NEEDED);
    in.staff_id = 42;
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_STAFF_NEEDED);
    in = account("kort@test.nl", "parent");
    in.password = "123456789"; /* 9 characters */
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_BAD_PASSWORD);
    in.password = "ééééééééé"; /* 9 characters, 18 bytes */
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_BAD_PASSWORD);
    in = account("geen-adres", "parent");
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_BAD_EMAIL);
    in = account("rol@test.nl", "admin");
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_BAD_ROLE);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM users"), 1);
    assert_int_equal(audit_rows(f->db), audits);

    /* With them, it works; a school given to a non-coordinator is not stored. */
    in = account("coord@test.nl", "coordinator");
    in.school_id = 1;
    in.staff_id = 1;
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM users WHERE email = 'coord@test.nl'"
                                   " AND school_id = 1 AND staff_id IS NULL"),
                     1);
    in = account("staff@test.nl", "staff");
    in.staff_id = 1;
    in.school_id = 1;
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM users WHERE email = 'staff@test.nl'"
                                   " AND staff_id = 1 AND school_id IS NULL"),
                     1);
}

/* The token hash of the login that changes its own password (32 bytes of 0xaa). */
#define THIS_LOGIN "x'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"

static void test_lead_cannot_lock_themselves_out(void **state)
{
    struct testdb *f = *state;
    int64_t audits = audit_rows(f->db);
    struct user_input self = account("lead@test.nl", "lead");
    self.password = NULL;
    self.active = false;
    assert_int_equal(user_update(f->db, LEAD_ID, LEAD_ID, &self), USER_SELF_DEACTIVATE);
    assert_string_equal(user_result_field(USER_SELF_DEACTIVATE), "active");
    self.active = true;
    self.role = "coordinator";
    self.school_id = 1;
    assert_int_equal(user_update(f->db, LEAD_ID, LEAD_ID, &self), USER_SELF_DEMOTE);
    assert_string_equal(user_result_field(USER_SELF_DEMOTE), "role");
    assert_int_equal(scalar(f->db, "SELECT active FROM users WHERE id = 1"), 1);
    assert_int_equal(scalar(f->db, "SELECT role = 'lead' FROM users WHERE id = 1"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM logins WHERE user_id = 1"), 1);
    assert_int_equal(audit_rows(f->db), audits);
    /* Renaming the own account keeps the session; a new own password (issue 10) ends the
       other logins and keeps the one that made the change (keep_login). */
    self.role = "lead";
    self.name = "Lea Leiding";
    assert_int_equal(user_update(f->db, LEAD_ID, LEAD_ID, &self), USER_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM logins WHERE user_id = 1"), 1);
    unsigned char this_login[32];
    memset(this_login, 0xaa, sizeof this_login);
    assert_int_equal(db_exec(f->db, "INSERT INTO logins (token_hash, user_id, csrf, created_at,"
                                    " seen_at) VALUES (zeroblob(32), 1, 'c', 0, 0);"
                                    "UPDATE logins SET token_hash = " THIS_LOGIN
                                    " WHERE token_hash = zeroblob(32)"),
                     0);
    self.password = "nog-een-wachtwoord";
    self.keep_login = this_login;
    assert_int_equal(user_update(f->db, LEAD_ID, LEAD_ID, &self), USER_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM logins WHERE user_id = 1"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM logins WHERE user_id = 1 AND"
                                   " token_hash = " THIS_LOGIN),
                     1);
}

static void test_deactivating_ends_sessions(void **state)
{
    struct testdb *f = *state;
    int64_t id = 0;
    struct user_input in = account("tweede@test.nl", "lead");
    assert_int_equal(user_create(f->db, LEAD_ID, &in, &id), USER_OK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO logins (token_hash, user_id, csrf, created_at, seen_at)"
             " VALUES (x'02', %lld, 'c', 0, 0), (x'03', %lld, 'c', 0, 0)",
             (long long)id, (long long)id);
    assert_int_equal(db_exec(f->db, sql), 0);
    /* Another lead can switch this one off: their sessions end, the lead's stay. */
    in.password = "";
    in.active = false;
    assert_int_equal(user_update(f->db, LEAD_ID, id, &in), USER_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM logins WHERE user_id <> 1"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM logins WHERE user_id = 1"), 1);
    snprintf(sql, sizeof sql, "SELECT active FROM users WHERE id = %lld", (long long)id);
    assert_int_equal(scalar(f->db, sql), 0);
    /* And on again; a refused update (bad email) writes nothing. */
    in.active = true;
    assert_int_equal(user_update(f->db, LEAD_ID, id, &in), USER_OK);
    assert_int_equal(scalar(f->db, sql), 1);
    int64_t audits = audit_rows(f->db);
    in.email = "kapot";
    in.active = false;
    assert_int_equal(user_update(f->db, LEAD_ID, id, &in), USER_BAD_EMAIL);
    assert_int_equal(scalar(f->db, sql), 1);
    assert_int_equal(audit_rows(f->db), audits);
    in.email = "derde@test.nl";
    in.active = true;
    assert_int_equal(user_update(f->db, LEAD_ID, 999, &in), USER_NOT_FOUND);
    assert_int_equal(audit_rows(f->db), audits);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(test_school_key_from_name),
        T(test_school_create_refuses_bad_input),
        T(test_kind_change_refused_when_grades_fall_outside),
        T(test_domains_add_rename_reorder),
        cmocka_unit_test(test_holiday_check),
        T(test_holidays_regenerate_sessions),
        T(test_email_unique_regardless_of_case),
        T(test_role_needs_school_or_staff),
        T(test_lead_cannot_lock_themselves_out),
        T(test_deactivating_ends_sessions),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
