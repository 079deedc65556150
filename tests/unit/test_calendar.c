/* Tests of the calendar feed (issue 3): TEXT escaping, line folding at 75 octets without
 * splitting UTF-8, the Europe/Amsterdam time zone, the events of enrolled activities only
 * (from 30 days back), moved and cancelled sessions, and feed tokens (created once, reset,
 * unknown, malformed, deactivated parent). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/enrolment/calendar.h"
#include "util/utf8.h"
#include "testdb.h"

/* 2025-10-01 12:00 local time: the feed's "now" in these tests. */
static time_t test_now(void)
{
    struct tm tm = {.tm_year = 125, .tm_mon = 9, .tm_mday = 1, .tm_hour = 12, .tm_isdst = -1};
    return mktime(&tm);
}

struct fixture {
    struct testdb base; /* first: testdb_teardown frees the fixture */
    char token[CALENDAR_TOKEN_LEN + 1];
};

/* Parent 1 of Sara (pupil 1): enrolled in Judo (activity 1), waitlisted for Tekenen (2),
   cancelled from Koken (3). */
static const char *const SEED =
    "INSERT INTO schools (id, key, name) VALUES (1, 'noord', 'Noord');"
    "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade)"
    " VALUES (1, 'n-1', 1, '1', 'Sara', 'Bakker', 6), (2, 'n-2', 1, '2', 'Daan', 'Jong', 6);"
    "INSERT INTO users (id, email, role, password_hash) VALUES (1, 'ouder@test.nl', 'parent', 'x'),"
    " (2, 'ander@test.nl', 'parent', 'x');"
    "INSERT INTO parent_children (user_id, pupil_id) VALUES (1, 1), (2, 2);"
    "INSERT INTO activities (id, key, school_id, title, goal, location, grade_min, grade_max,"
    " capacity, weekday, start_time, end_time, date_from, date_until) VALUES"
    " (1, 'judo', 1, 'Judo, karate; en \\ meer', 'Samenwerken\nen zelfvertrouwen', 'Gymzaal Noord',"
    "  5, 8, 10, 2, '15:15', '16:15', '2025-08-01', '2025-12-31'),"
    " (2, 'tekenen', 1, 'Tekenen', '', '', 5, 8, 10, 4, '15:15', '16:15', '2025-08-01',"
    "  '2025-12-31'),"
    " (3, 'koken', 1, 'Koken', '', '', 5, 8, 10, 3, '15:15', '16:15', '2025-08-01',"
    "  '2025-12-31');"
    "INSERT INTO enrolments (pupil_id, activity_id, status, created_at, updated_at) VALUES"
    " (1, 1, 'enrolled', '2025-08-01', '2025-08-01'),"
    " (1, 2, 'waitlisted', '2025-08-01', '2025-08-01'),"
    " (1, 3, 'cancelled', '2025-08-01', '2025-08-01');"
    "INSERT INTO sessions (id, activity_id, slot_date, date, start_time, end_time, cancelled,"
    " reason) VALUES"
    " (10, 1, '2025-08-19', '2025-08-19', '15:15', '16:15', 0, ''),"   /* 43 days ago: out */
    " (11, 1, '2025-09-02', '2025-09-02', '15:15', '16:15', 0, ''),"   /* 29 days ago: in */
    " (12, 1, '2025-10-07', '2025-10-07', '15:15', '16:15', 0, ''),"
    " (13, 1, '2025-10-14', '2025-10-16', '14:00', '15:30', 0, 'Gymzaal bezet'),"
    " (14, 1, '2025-10-21', '2025-10-21', '15:15', '16:15', 1, 'Ziekte, helaas'),"
    " (20, 2, '2025-10-09', '2025-10-09', '15:15', '16:15', 0, ''),"
    " (30, 3, '2025-10-08', '2025-10-08', '15:15', '16:15', 0, '');";

static int setup(void **state)
{
    if (testdb_setup_size(state, sizeof(struct fixture), "test_calendar", SEED))
        return -1;
    struct fixture *f = *state;
    if (calendar_feed_token(f->base.db, 1, 1, f->token) != CALENDAR_OK) {
        testdb_teardown(state);
        return -1;
    }
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected to find '%s' in:\n%.4000s", needle, haystack);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle))
        fail_msg("did not expect '%s' in:\n%.4000s", needle, haystack);
}

/* Every line ends in CRLF, has at most 75 octets and does not start inside a UTF-8
   sequence; returns the unfolded text (caller frees). */
static char *check_and_unfold(const char *text, size_t len)
{
    assert_true(len >= 2 && text[len - 2] == '\r' && text[len - 1] == '\n');
    char *plain = calloc(1, len + 1);
    size_t used = 0;
    for (const char *line = text; line < text + len;) {
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        assert_null(memchr(line, '\n', (size_t)(end - line)));
        assert_true(end - line <= 75);
        assert_true(((unsigned char)line[0] & 0xC0) != 0x80);
        assert_true(utf8_valid(line, (size_t)(end - line)));
        const char *content = line;
        if (line[0] == ' ') {
            content++;
            if (used && plain[used - 1] == '\n')
                used--; /* a continuation joins the previous line */
        }
        memcpy(plain + used, content, (size_t)(end - content));
        used += (size_t)(end - content);
        plain[used++] = '\n';
        line = end + 2;
    }
    plain[used] = '\0';
    return plain;
}

/* The feed unfolded (caller frees); fails the test unless it is CALENDAR_OK. */
static char *feed(struct fixture *f, const char *token)
{
    struct buf out = BUF_INIT;
    assert_int_equal(calendar_ics(f->base.db, token, test_now(), &out), CALENDAR_OK);
    char *plain = check_and_unfold(out.data, out.len);
    buf_free(&out);
    return plain;
}

/* The unfolded VEVENT with UID session-id (caller frees), or NULL. */
static char *event(const char *plain, int id)
{
    char uid[64];
    snprintf(uid, sizeof uid, "UID:session-%d@verrijkt\n", id);
    const char *at = strstr(plain, uid);
    if (!at)
        return NULL;
    const char *begin = at;
    while (begin > plain && strncmp(begin, "BEGIN:VEVENT", 12))
        begin--;
    const char *end = strstr(at, "END:VEVENT\n");
    assert_non_null(end);
    return strndup(begin, (size_t)(end - begin) + 11);
}

static int sequence_of(const char *plain, int id)
{
    char *ev = event(plain, id);
    assert_non_null(ev);
    const char *seq = strstr(ev, "\nSEQUENCE:");
    assert_non_null(seq);
    int v = atoi(seq + 10);
    free(ev);
    return v;
}

/* ---- content lines ------------------------------------------------------------------------ */

static void test_escape_text(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    calendar_escape_text(&out, "a\\b;c,d\ne\r\nf\rg\x01h\ti\x7fj \xC3\xA9");
    assert_string_equal(out.data, "a\\\\b\\;c\\,d\\ne\\nf\\ngh\tij \xC3\xA9");
    buf_free(&out);
}

static void test_fold_ascii(void **state)
{
    (void)state;
    char line[200];
    memset(line, 'x', sizeof line);
    memcpy(line, "SUMMARY:", 8);
    struct buf out = BUF_INIT;
    calendar_put_line(&out, line, sizeof line);
    /* 75 + 74 + 51 octets. */
    assert_int_equal(out.len, 200 + 2 * 3 + 2);
    assert_int_equal(memcmp(out.data + 75, "\r\n x", 4), 0);
    assert_int_equal(memcmp(out.data + 75 + 3 + 74, "\r\n x", 4), 0);
    char *plain = check_and_unfold(out.data, out.len);
    assert_int_equal(strlen(plain), 201);
    assert_int_equal(memcmp(plain, line, sizeof line), 0);
    free(plain);
    buf_free(&out);

    /* Exactly 75 octets: no fold. */
    calendar_put_line(&out, line, 75);
    assert_int_equal(out.len, 77);
    buf_free(&out);
}

static void test_fold_utf8(void **state)
{
    (void)state;
    /* 1 + 2 + 3 + 4 byte characters, so that a fold lands inside each kind somewhere. */
    struct buf line = BUF_INIT;
    buf_puts(&line, "SUMMARY:");
    for (int i = 0; i < 40; i++)
        buf_puts(&line, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8E\xA8");
    for (size_t prefix = 0; prefix < 4; prefix++) {
        struct buf shifted = BUF_INIT, out = BUF_INIT;
        buf_append(&shifted, "XXXX", prefix);
        buf_append(&shifted, line.data, line.len);
        calendar_put_line(&out, shifted.data, shifted.len);
        char *plain = check_and_unfold(out.data, out.len);
        assert_int_equal(strlen(plain), shifted.len + 1);
        assert_int_equal(memcmp(plain, shifted.data, shifted.len), 0);
        free(plain);
        buf_free(&out);
        buf_free(&shifted);
    }
    buf_free(&line);
}

/* ---- the feed ----------------------------------------------------------------------------- */

static void test_calendar_header_and_timezone(void **state)
{
    struct fixture *f = *state;
    struct buf out = BUF_INIT;
    assert_int_equal(calendar_ics(f->base.db, f->token, test_now(), &out), CALENDAR_OK);
    assert_int_equal(strncmp(out.data, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37), 0);
    assert_contains(out.data, "\r\nEND:VCALENDAR\r\n");
    char *plain = check_and_unfold(out.data, out.len);
    assert_contains(plain, "\nCALSCALE:GREGORIAN\n");
    assert_contains(plain, "\nMETHOD:PUBLISH\n");
    assert_contains(plain, "\nX-WR-CALNAME:verrijkt \xE2\x80\x93 Sara\n");
    assert_contains(plain, "BEGIN:VTIMEZONE\nTZID:Europe/Amsterdam\n");
    assert_contains(plain, "BEGIN:DAYLIGHT\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n"
                           "TZNAME:CEST\nDTSTART:19700329T020000\n"
                           "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nEND:DAYLIGHT\n");
    assert_contains(plain, "BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n"
                           "TZNAME:CET\nDTSTART:19701025T030000\n"
                           "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD\n"
                           "END:VTIMEZONE\n");
    /* The zone comes before the events that use it. */
    assert_true(strstr(plain, "END:VTIMEZONE") < strstr(plain, "BEGIN:VEVENT"));
    free(plain);
    buf_free(&out);
}

static void test_events_of_enrolled_activities(void **state)
{
    struct fixture *f = *state;
    char *plain = feed(f, f->token);
    /* 43 days ago is out, 29 days ago is in; waitlisted and cancelled enrolments are out. */
    char *ev;
    assert_null(event(plain, 10));
    assert_non_null(ev = event(plain, 11));
    free(ev);
    assert_null(event(plain, 20));
    assert_null(event(plain, 30));
    assert_lacks(plain, "Tekenen");
    assert_lacks(plain, "Koken");
    ev = event(plain, 12);
    assert_non_null(ev);
    assert_contains(ev, "\nDTSTART;TZID=Europe/Amsterdam:20251007T151500\n");
    assert_contains(ev, "\nDTEND;TZID=Europe/Amsterdam:20251007T161500\n");
    assert_contains(ev, "\nSUMMARY:Judo\\, karate\\; en \\\\ meer\n");
    assert_contains(ev, "\nLOCATION:Gymzaal Noord\n");
    assert_contains(ev, "\nDESCRIPTION:Samenwerken\\nen zelfvertrouwen\n");
    assert_contains(ev, "\nSTATUS:CONFIRMED\n");
    assert_contains(ev, "\nDTSTAMP:");
    assert_contains(ev, "Z\n");
    free(ev);
    free(plain);
}

static void test_moved_and_cancelled_sessions(void **state)
{
    struct fixture *f = *state;
    char *plain = feed(f, f->token);
    char *moved = event(plain, 13);
    assert_non_null(moved);
    assert_contains(moved, "\nDTSTART;TZID=Europe/Amsterdam:20251016T140000\n");
    assert_contains(moved, "\nDTEND;TZID=Europe/Amsterdam:20251016T153000\n");
    assert_contains(moved, "\nDESCRIPTION:Verplaatst: Gymzaal bezet\\n\\nSamenwerken");
    assert_contains(moved, "\nSTATUS:CONFIRMED\n");
    char *cancelled = event(plain, 14);
    assert_non_null(cancelled);
    assert_contains(cancelled, "\nSTATUS:CANCELLED\n");
    assert_contains(cancelled, "\nSUMMARY:Afgelast: Judo");
    assert_contains(cancelled, "\nDESCRIPTION:Afgelast: Ziekte\\, helaas\\n\\n");
    free(moved);
    free(cancelled);

    /* Moving or cancelling a session changes its SEQUENCE, so that calendars take the update. */
    int before = sequence_of(plain, 12);
    assert_int_not_equal(sequence_of(plain, 13), sequence_of(plain, 11));
    free(plain);
    assert_int_equal(db_exec(f->base.db, "UPDATE sessions SET date = '2025-10-09', reason = 'x'"
                                         " WHERE id = 12"),
                     0);
    plain = feed(f, f->token);
    int moved_day = sequence_of(plain, 12);
    assert_int_not_equal(moved_day, before);
    free(plain);
    assert_int_equal(
        db_exec(f->base.db, "UPDATE sessions SET start_time = '15:45' WHERE id = 12"), 0);
    plain = feed(f, f->token);
    int moved_time = sequence_of(plain, 12);
    assert_int_not_equal(moved_time, moved_day);
    free(plain);
    assert_int_equal(db_exec(f->base.db, "UPDATE sessions SET cancelled = 1 WHERE id = 12"), 0);
    plain = feed(f, f->token);
    assert_int_not_equal(sequence_of(plain, 12), moved_time);
    free(plain);
}

static void test_long_utf8_title_folded(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(db_exec(f->base.db,
                             "UPDATE activities SET title = 'Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                             "e bakken met \xC3\xA9\xC3\xA9n \xE2\x82\xAC en \xF0\x9F\x8E\xA8"
                             " schilderen, \xC3\xA9n nog veel meer \xC3\xA9\xC3\xA9\xC3\xA9"
                             "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9'"
                             " WHERE id = 1"),
                     0);
    /* feed() checks every physical line: at most 75 octets, never starting mid-character. */
    char *plain = feed(f, f->token);
    char *ev = event(plain, 12);
    assert_contains(ev, "\nSUMMARY:Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                        "e bakken met \xC3\xA9\xC3\xA9n \xE2\x82\xAC en \xF0\x9F\x8E\xA8"
                        " schilderen\\, \xC3\xA9n nog veel meer");
    free(ev);
    free(plain);
}

/* ---- tokens ------------------------------------------------------------------------------- */

static void test_token_stable_and_reset(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(strlen(f->token), CALENDAR_TOKEN_LEN);
    assert_int_equal(strspn(f->token, "0123456789abcdef"), CALENDAR_TOKEN_LEN);
    char again[CALENDAR_TOKEN_LEN + 1];
    assert_int_equal(calendar_feed_token(f->base.db, 1, 1, again), CALENDAR_OK);
    assert_string_equal(again, f->token);

    char other[CALENDAR_TOKEN_LEN + 1];
    assert_int_equal(calendar_feed_token(f->base.db, 2, 2, other), CALENDAR_OK);
    assert_string_not_equal(other, f->token);

    char fresh[CALENDAR_TOKEN_LEN + 1];
    assert_int_equal(calendar_feed_reset(f->base.db, 1, 1, fresh), CALENDAR_OK);
    assert_string_not_equal(fresh, f->token);
    struct buf out = BUF_INIT;
    assert_int_equal(calendar_ics(f->base.db, f->token, test_now(), &out), CALENDAR_NOT_FOUND);
    assert_int_equal(out.len, 0);
    assert_int_equal(calendar_ics(f->base.db, fresh, test_now(), &out), CALENDAR_OK);
    buf_free(&out);
    assert_int_equal(calendar_feed_token(f->base.db, 1, 1, again), CALENDAR_OK);
    assert_string_equal(again, fresh);
}

static void test_token_not_linked(void **state)
{
    struct fixture *f = *state;
    char token[CALENDAR_TOKEN_LEN + 1];
    /* Parent 1 is not linked to Daan (2); parent 2 not to Sara. */
    assert_int_equal(calendar_feed_token(f->base.db, 1, 2, token), CALENDAR_NOT_FOUND);
    assert_int_equal(calendar_feed_reset(f->base.db, 2, 1, token), CALENDAR_NOT_FOUND);
    assert_int_equal(db_scalar_int(f->base.db, "SELECT count(*) FROM parent_children"
                                               " WHERE feed_token IS NOT NULL", -1),
                     1);
}

static void test_unknown_and_malformed_tokens(void **state)
{
    struct fixture *f = *state;
    struct buf out = BUF_INIT;
    char upper[CALENDAR_TOKEN_LEN + 1];
    snprintf(upper, sizeof upper, "%s", f->token);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    char longer[CALENDAR_TOKEN_LEN + 2];
    snprintf(longer, sizeof longer, "%s0", f->token);
    const char *bad[] = {NULL, "", "abc", upper, longer, f->token + 1,
                         "0000000000000000000000000000000000000000000000000000000000000000",
                         "' OR 1=1 --"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(calendar_ics(f->base.db, bad[i], test_now(), &out), CALENDAR_NOT_FOUND);
    assert_int_equal(out.len, 0);
    /* A deactivated parent account's feed stops. */
    assert_int_equal(db_exec(f->base.db, "UPDATE users SET active = 0 WHERE id = 1"), 0);
    assert_int_equal(calendar_ics(f->base.db, f->token, test_now(), &out), CALENDAR_NOT_FOUND);
    buf_free(&out);
}

static void test_feed_url(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    calendar_feed_url(&out, "https://verrijkt.example/", "abc");
    assert_string_equal(out.data, "https://verrijkt.example/calendar.ics?token=abc");
    buf_free(&out);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_text),
        cmocka_unit_test(test_fold_ascii),
        cmocka_unit_test(test_fold_utf8),
        cmocka_unit_test(test_feed_url),
        cmocka_unit_test_setup_teardown(test_calendar_header_and_timezone, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_events_of_enrolled_activities, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_moved_and_cancelled_sessions, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_long_utf8_title_folded, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_token_stable_and_reset, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_token_not_linked, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_malformed_tokens, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
