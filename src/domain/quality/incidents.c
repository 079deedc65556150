#include "domain/quality/incidents.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/problems.h"
#include "util/date.h"
#include "util/utf8.h"

const char *const incident_severities[] = {"laag", "middel", "hoog", NULL};

const char *incident_severity_label(const char *severity)
{
    if (!severity)
        return "";
    if (!strcmp(severity, "laag"))
        return "Laag";
    if (!strcmp(severity, "middel"))
        return "Middel";
    if (!strcmp(severity, "hoog"))
        return "Hoog";
    return "";
}

/* ---- free text ------------------------------------------------------------------------------ */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Read `count` digits at *p into digits (advancing both); false when one is not a digit. */
static bool take_digits(const char **p, int count, int *digits, int *n)
{
    for (int i = 0; i < count; i++, (*p)++) {
        if (!is_digit(**p))
            return false;
        digits[(*n)++] = **p - '0';
    }
    return true;
}

/* The eleven test of a BSN: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not 0,
   which would let 000000000 through). */
static bool eleven_test(const int d[9])
{
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (9 - i) * d[i];
    sum -= d[8];
    return sum != 0 && sum % 11 == 0;
}

/* Does a BSN start at s (the character before is not a digit)? Nine digits in a row, or
   four, two and three split by one and the same separator; not followed by another digit. */
static bool bsn_at(const char *s)
{
    int digits[9], n = 0;
    const char *p = s;
    if (take_digits(&p, 9, digits, &n) && !is_digit(*p))
        return eleven_test(digits);
    p = s;
    n = 0;
    if (!take_digits(&p, 4, digits, &n))
        return false;
    char sep = *p;
    if (sep != '.' && sep != ' ' && sep != '-')
        return false;
    p++;
    if (!take_digits(&p, 2, digits, &n) || *p != sep)
        return false;
    p++;
    return take_digits(&p, 3, digits, &n) && !is_digit(*p) && eleven_test(digits);
}

bool text_has_bsn(const char *s)
{
    if (!s)
        return false;
    for (const char *p = s; *p; p++)
        if (is_digit(*p) && (p == s || !is_digit(p[-1])) && bsn_at(p))
            return true;
    return false;
}

const char *free_text_error(const char *s, size_t max)
{
    if (!s || !*s)
        return NULL;
    if (!utf8_valid(s, strlen(s)))
        return "problem.text_invalid";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
            return "problem.text_control";
    if (utf8_length(s) > max)
        return "problem.too_long";
    if (text_has_bsn(s))
        return "problem.text_bsn";
    return NULL;
}

/* ---- the rules ------------------------------------------------------------------------------ */

static bool is_severity(const char *s)
{
    for (size_t i = 0; incident_severities[i]; i++)
        if (!strcmp(incident_severities[i], s))
            return true;
    return false;
}

int incident_pupil_allowed(struct db *db, int64_t session_id, int64_t pupil_id)
{
    return (int)db_int(db, "SELECT 1 WHERE ?2 IN (" INCIDENT_NAMEABLE_PUPILS_SQL ")",
                       session_id, pupil_id, 0);
}

void free_text_check(struct problems *p, const char *field, const char *value, size_t max,
                     const char *missing)
{
    if (!value)
        return;
    const char *key = NULL;
    if (!*value && missing)
        problems_add(p, field, missing);
    else if ((key = free_text_error(value, max)))
        problems_add_int(p, field, key, "max", (long long)max);
}

static void check_date(struct problems *p, const char *occurred_on, int32_t today)
{
    int32_t day;
    if (!occurred_on)
        return;
    if (!*occurred_on)
        problems_add(p, "occurred_on", "problem.occurred_on_missing");
    else if (date_parse(occurred_on, &day))
        problems_add(p, "occurred_on", "problem.date_invalid");
    else if (day > today)
        problems_add(p, "occurred_on", "problem.date_future");
}

/* Each pupil once, each one that may be named at the session, not too many. -1 on a database
   error. */
static int check_pupils(struct db *db, struct problems *p, int64_t session_id,
                        const struct incident_input *in)
{
    if (in->n_pupils > INCIDENT_PUPILS_MAX) {
        problems_add_int(p, "pupils", "problem.pupils_too_many", "max", INCIDENT_PUPILS_MAX);
        return 0;
    }
    for (size_t i = 0; i < in->n_pupils; i++) {
        for (size_t j = 0; j < i; j++)
            if (in->pupil_ids[j] == in->pupil_ids[i]) {
                problems_add(p, "pupils", "problem.pupils_twice");
                return 0;
            }
        int allowed = incident_pupil_allowed(db, session_id, in->pupil_ids[i]);
        if (allowed < 0)
            return -1;
        if (!allowed) {
            problems_add(p, "pupils", "problem.pupils_unknown");
            return 0;
        }
    }
    return 0;
}

int incident_check(struct db *db, int64_t session_id, const struct incident_input *in,
                   int32_t today, struct problems *p)
{
    problems_clear(p);
    int64_t exists = db_int(db, "SELECT 1 FROM sessions WHERE id = ?1", session_id, 0, 0);
    if (exists < 0)
        return -1;
    if (!exists)
        return OUTCOME_NOT_FOUND;
    free_text_check(p, "what", in->what, INCIDENT_TEXT_MAX, "problem.what_missing");
    check_date(p, in->occurred_on, today);
    free_text_check(p, "involved", in->involved, INCIDENT_INVOLVED_MAX, NULL);
    free_text_check(p, "measures", in->measures, INCIDENT_TEXT_MAX, "problem.measures_missing");
    if (in->severity && !is_severity(in->severity))
        problems_add(p, "severity", "problem.severity");
    if (check_pupils(db, p, session_id, in))
        return -1;
    return (int)p->n;
}

/* ---- writing -------------------------------------------------------------------------------- */

static int insert_incident(struct db *db, int64_t user_id, int64_t session_id,
                           const struct incident_input *in, int64_t *id)
{
    char now[24];
    timestamp_now(now);
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO incidents (school_id, activity_id, session_id, occurred_on, what,"
            " involved, measures, severity, reported_by, created_at)"
            " SELECT a.school_id, a.id, s.id, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8"
            " FROM sessions s JOIN activities a ON a.id = s.activity_id WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    db_bind_text(st, 2, in->occurred_on);
    db_bind_text(st, 3, in->what);
    db_bind_text(st, 4, in->involved ? in->involved : "");
    db_bind_text(st, 5, in->measures);
    db_bind_text(st, 6, in->severity);
    sqlite3_bind_int64(st, 7, user_id);
    db_bind_text(st, 8, now);
    if (db_step_done(st))
        return -1;
    *id = sqlite3_last_insert_rowid(db_handle(db));
    st = db_stmt(db, "INSERT INTO incident_pupils (incident_id, pupil_id) VALUES (?1, ?2)");
    if (!st)
        return -1;
    for (size_t i = 0; i < in->n_pupils; i++) {
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int64(st, 2, in->pupil_ids[i]);
        if (db_step_done(st))
            return -1;
    }
    return 0;
}

enum outcome incident_create(struct db *db, int64_t user_id, int64_t session_id,
                             const struct incident_input *in, int32_t today,
                             struct problems *out, int64_t *id)
{
    problems_clear(out);
    /* NULL fields are the page's to report; writing needs every one of them. */
    if (!in->what || !in->occurred_on || !in->measures || !in->severity || !in->involved)
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    int found = incident_check(db, session_id, in, today, out);
    if (found != 0) {
        db_rollback(db);
        return outcome_of_check(found);
    }
    char detail[96];
    snprintf(detail, sizeof detail, "session=%lld severity=%s pupils=%zu",
             (long long)session_id, in->severity, in->n_pupils);
    if (insert_incident(db, user_id, session_id, in, id) ||
        audit(db, user_id, "create", "incidents", *id, detail)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    /* db_commit rolls back and releases the write lock itself when it fails. */
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}
