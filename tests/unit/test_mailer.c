/* Tests of the outbox sender (issue 3): the message handed to a fake sendmail (headers, an
 * RFC 2047 subject, the body), sent_at set and nothing sent twice, a failing or missing
 * command counted with its reason and backed off, header injection refused without running
 * anything, and the command runner's timeout and SIGPIPE safety. */
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

#include "config.h"
#include "db/db.h"
#include "mail/mailer.h"
#include "util/utf8.h"
#include "testdb.h"

#define FAKE_SENDMAIL "tests/unit/fixtures/fake-sendmail"

struct fixture {
    struct testdb base;  /* first: testdb_teardown frees the fixture */
    char mail_file[128]; /* where the fake sendmail appends what it gets */
    struct config cfg;
};

static int setup(void **state)
{
    if (testdb_setup_size(state, sizeof(struct fixture), "test_mailer", NULL))
        return -1;
    struct fixture *f = *state;
    snprintf(f->mail_file, sizeof f->mail_file, "%s/mail.out", f->base.dir);
    config_defaults(&f->cfg);
    /* Through sh, so that the test does not depend on the script's execute bit. */
    snprintf(f->cfg.mail_command, sizeof f->cfg.mail_command, "sh %s %s -t -i", FAKE_SENDMAIL,
             f->mail_file);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static int64_t add_message(struct fixture *f, const char *to, const char *subject,
                           const char *body)
{
    sqlite3_stmt *st = db_stmt(f->base.db,
                               "INSERT INTO outbox (to_email, subject, body, created_at)"
                               " VALUES (?1, ?2, ?3, '2026-01-01T10:00:00.000')");
    assert_non_null(st);
    db_bind_text(st, 1, to);
    db_bind_text(st, 2, subject);
    db_bind_text(st, 3, body);
    assert_int_equal(db_step_done(st), 0);
    return sqlite3_last_insert_rowid(db_handle(f->base.db));
}

/* One column of outbox row id as text ("NULL" for NULL). Caller frees. */
static char *outbox_text(struct fixture *f, int64_t id, const char *column)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT coalesce(%s, 'NULL') FROM outbox WHERE id = %lld", column,
             (long long)id);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db_handle(f->base.db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *text = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return text;
}

static int64_t outbox_int(struct fixture *f, int64_t id, const char *column)
{
    char *text = outbox_text(f, id, column);
    int64_t v = strtoll(text, NULL, 10);
    free(text);
    return v;
}

/* What the fake sendmail received, or "" when it never ran. Caller frees. */
static char *read_mail(struct fixture *f)
{
    FILE *in = fopen(f->mail_file, "rb");
    if (!in)
        return strdup("");
    char *data = calloc(1, 1 << 20);
    size_t n = fread(data, 1, (1 << 20) - 1, in);
    data[n] = '\0';
    fclose(in);
    return data;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected to find '%s' in:\n%.3000s", needle, haystack);
}

static size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The decoded text of the Subject header of message (RFC 2047 words joined), into out. */
static void decode_subject(const char *message, char *out, size_t size)
{
    const char *p = strstr(message, "\nSubject: ");
    assert_non_null(p);
    p += 10;
    size_t used = 0;
    out[0] = '\0';
    for (;;) {
        assert_memory_equal(p, "=?UTF-8?B?", 10);
        p += 10;
        const char *end = strstr(p, "?=");
        assert_non_null(end);
        unsigned char bytes[128];
        size_t n = 0;
        assert_int_equal(sodium_base642bin(bytes, sizeof bytes, p, (size_t)(end - p), NULL, &n,
                                           NULL, sodium_base64_VARIANT_ORIGINAL),
                         0);
        /* Each word holds whole characters (RFC 2047 section 5). */
        assert_true(utf8_valid((const char *)bytes, n));
        assert_true(used + n < size);
        memcpy(out + used, bytes, n);
        used += n;
        out[used] = '\0';
        p = end + 2;
        if (strncmp(p, "\n ", 2))
            break;
        p += 2;
    }
    assert_int_equal(*p, '\n');
}

/* ---- sending ------------------------------------------------------------------------------ */

static void test_sends_message(void **state)
{
    struct fixture *f = *state;
    const char *subject = "Sara is ingeschreven voor Judo \xE2\x80\x93 gefeliciteerd!";
    int64_t id = add_message(f, "ouder@test.nl", subject,
                             "Beste ouder,\r\n\r\nSara is ingeschreven.\nTot ziens!");
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 1);

    char *mail = read_mail(f);
    assert_contains(mail, "From: verrijkt <noreply@localhost>\n");
    assert_contains(mail, "\nTo: ouder@test.nl\n");
    assert_contains(mail, "\nSubject: =?UTF-8?B?");
    assert_contains(mail, "\nMIME-Version: 1.0\n");
    assert_contains(mail, "\nContent-Type: text/plain; charset=UTF-8\n");
    assert_contains(mail, "\nContent-Transfer-Encoding: 8bit\n");
    assert_contains(mail, "\nMessage-ID: <");
    assert_contains(mail, "@localhost>\n");
    assert_int_equal(strncmp(mail, "Date: ", 6), 0);
    /* The body after the blank line, with LF line ends. */
    assert_contains(mail, "8bit\nAuto-Submitted: auto-generated\n\n"
                          "Beste ouder,\n\nSara is ingeschreven.\nTot ziens!\n"
                          "--- end of message ---\n");
    assert_null(strchr(mail, '\r'));
    char decoded[256];
    decode_subject(mail, decoded, sizeof decoded);
    assert_string_equal(decoded, subject);

    char *sent_at = outbox_text(f, id, "sent_at");
    assert_string_not_equal(sent_at, "NULL");
    free(sent_at);
    assert_int_equal(outbox_int(f, id, "attempts"), 0);

    /* Nothing is sent twice. */
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    char *again = read_mail(f);
    assert_string_equal(again, mail);
    free(again);
    free(mail);
}

static void test_plain_subject_and_order(void **state)
{
    struct fixture *f = *state;
    add_message(f, "a@test.nl", "Eerste", "een");
    add_message(f, "b@test.nl", "Tweede", "twee");
    add_message(f, "c@test.nl", "Derde", "drie");
    /* max limits one look at the outbox; the next look takes the rest. */
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 2), 2);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 2), 1);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 2), 0);
    char *mail = read_mail(f);
    assert_int_equal(count_of(mail, "--- end of message ---"), 3);
    assert_contains(mail, "\nSubject: Eerste\n");
    assert_true(strstr(mail, "To: a@test.nl") < strstr(mail, "To: b@test.nl"));
    assert_true(strstr(mail, "To: b@test.nl") < strstr(mail, "To: c@test.nl"));
    free(mail);
}

static void test_failure_counted_and_backed_off(void **state)
{
    struct fixture *f = *state;
    snprintf(f->cfg.mail_command, sizeof f->cfg.mail_command, "false");
    int64_t id = add_message(f, "ouder@test.nl", "Onderwerp", "tekst");
    time_t before = time(NULL);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    assert_int_equal(outbox_int(f, id, "attempts"), 1);
    char *error = outbox_text(f, id, "last_error");
    assert_string_equal(error, "exit status 1");
    free(error);
    char *sent_at = outbox_text(f, id, "sent_at");
    assert_string_equal(sent_at, "NULL");
    free(sent_at);
    /* Not tried again before its back-off has passed. */
    assert_true(outbox_int(f, id, "next_attempt_at") >= (int64_t)before + 60);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    assert_int_equal(outbox_int(f, id, "attempts"), 1);
    /* Once due, it is tried again; and it goes out when the command works again. */
    assert_int_equal(db_exec(f->base.db, "UPDATE outbox SET next_attempt_at = 0"), 0);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    assert_int_equal(outbox_int(f, id, "attempts"), 2);
    assert_true(outbox_int(f, id, "next_attempt_at") >= (int64_t)before + 5 * 60);
    snprintf(f->cfg.mail_command, sizeof f->cfg.mail_command, "sh %s %s", FAKE_SENDMAIL,
             f->mail_file);
    assert_int_equal(db_exec(f->base.db, "UPDATE outbox SET next_attempt_at = 0"), 0);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 1);
    error = outbox_text(f, id, "last_error");
    assert_string_equal(error, "");
    free(error);
}

static void test_gives_up_after_max_attempts(void **state)
{
    struct fixture *f = *state;
    snprintf(f->cfg.mail_command, sizeof f->cfg.mail_command, "false");
    int64_t id = add_message(f, "ouder@test.nl", "Onderwerp", "tekst");
    for (int i = 0; i < MAILER_MAX_ATTEMPTS + 2; i++) {
        assert_int_equal(db_exec(f->base.db, "UPDATE outbox SET next_attempt_at = 0"), 0);
        assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    }
    assert_int_equal(outbox_int(f, id, "attempts"), MAILER_MAX_ATTEMPTS);
}

static void test_command_missing(void **state)
{
    struct fixture *f = *state;
    snprintf(f->cfg.mail_command, sizeof f->cfg.mail_command,
             "/nonexistent/verrijkt-sendmail -t -i");
    int64_t id = add_message(f, "ouder@test.nl", "Onderwerp", "tekst");
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    assert_int_equal(outbox_int(f, id, "attempts"), 1);
    char *error = outbox_text(f, id, "last_error");
    assert_contains(error, "cannot run /nonexistent/verrijkt-sendmail");
    free(error);
}

static void test_mail_off(void **state)
{
    struct fixture *f = *state;
    f->cfg.mail_command[0] = '\0';
    int64_t id = add_message(f, "ouder@test.nl", "Onderwerp", "tekst");
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), 0);
    assert_int_equal(outbox_int(f, id, "attempts"), 0);
    assert_int_equal(outbox_int(f, id, "next_attempt_at"), 0);
}

/* A recipient or subject that could add headers (a Bcc) or recipients is never handed to the
   command, and is not tried again. */
static void test_injection_refused(void **state)
{
    struct fixture *f = *state;
    const char *bad[][2] = {
        {"ouder@test.nl\nBcc: iedereen@evil.example", "Onderwerp"},
        {"ouder@test.nl\r\nBcc: iedereen@evil.example", "Onderwerp"},
        {"ouder@test.nl, iedereen@evil.example", "Onderwerp"},
        {"Olga <ouder@test.nl>", "Onderwerp"},
        {"ouder@test.nl", "Onderwerp\r\nBcc: iedereen@evil.example"},
        {"ouder@test.nl", "Onderwerp\nBcc: iedereen@evil.example"},
        {"ouder@test.nl", "Onderwerp\x01"},
        {"ouder@test.nl", "Onderwerp \xff\xfe"},
        {"", "Onderwerp"},
    };
    size_t n = sizeof bad / sizeof bad[0];
    int64_t ids[sizeof bad / sizeof bad[0]];
    for (size_t i = 0; i < n; i++)
        ids[i] = add_message(f, bad[i][0], bad[i][1], "tekst");
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 50), 0);
    char *mail = read_mail(f);
    assert_string_equal(mail, "");
    free(mail);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(outbox_int(f, ids[i], "attempts"), MAILER_MAX_ATTEMPTS);
        char *error = outbox_text(f, ids[i], "last_error");
        assert_int_equal(strncmp(error, "refused:", 8), 0);
        free(error);
    }
    assert_int_equal(db_exec(f->base.db, "UPDATE outbox SET next_attempt_at = 0"), 0);
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 50), 0);
    mail = read_mail(f);
    assert_string_equal(mail, "");
    free(mail);
}

/* ---- building the message ----------------------------------------------------------------- */

static void test_long_utf8_subject_folded(void **state)
{
    (void)state;
    char subject[600] = "";
    for (int i = 0; i < 20; i++)
        strcat(subject, "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9\xC3\xA9 \xE2\x82\xAC ");
    struct buf message = BUF_INIT;
    char err[128];
    assert_int_equal(mailer_build_message("B\xC3\xA9l\xC3\xA9 <noreply@school.example>",
                                          "ouder@test.nl", subject, "x", 0, &message, err,
                                          sizeof err),
                     0);
    /* No header line longer than 78 characters. */
    const char *body = strstr(message.data, "\n\n");
    assert_non_null(body);
    for (const char *line = message.data; line < body;) {
        const char *end = strchr(line, '\n');
        assert_true(end - line <= 78);
        line = end + 1;
    }
    char decoded[600];
    decode_subject(message.data, decoded, sizeof decoded);
    assert_string_equal(decoded, subject);
    /* A non-ASCII display name is encoded too; the address stays readable. */
    assert_contains(message.data, "\nFrom: =?UTF-8?B?");
    assert_contains(message.data, "?= <noreply@school.example>\n");
    assert_contains(message.data, "@school.example>\nMIME-Version");
    buf_free(&message);
}

static void test_bad_from_leaves_messages_waiting(void **state)
{
    struct fixture *f = *state;
    snprintf(f->cfg.mail_from, sizeof f->cfg.mail_from, "verrijkt\x01 <x@y>");
    int64_t id = add_message(f, "ouder@test.nl", "Onderwerp", "tekst");
    assert_int_equal(mailer_send_pending(f->base.db, &f->cfg, 10), -1);
    assert_int_equal(outbox_int(f, id, "attempts"), 0);
}

/* ---- the command runner ------------------------------------------------------------------- */

static void test_run_command_killed_after_timeout(void **state)
{
    (void)state;
    char err[128];
    assert_int_equal(mailer_run_command("sleep 30", "x", 1, 200, NULL, err, sizeof err), -1);
    assert_contains(err, "killed after 200 ms");
}

static void test_run_command_cancelled(void **state)
{
    (void)state;
    atomic_bool cancel;
    atomic_init(&cancel, true);
    char err[128];
    /* Cancelled from the start: the command gets the short grace, not the full timeout. */
    assert_int_equal(mailer_run_command("sleep 30", "x", 1, 600000, &cancel, err, sizeof err),
                     -1);
    assert_contains(err, "killed at shutdown");
}

/* A command that quits without reading does not kill us with SIGPIPE and is not a success. */
static void test_run_command_not_reading(void **state)
{
    (void)state;
    size_t len = 1 << 20;
    char *data = malloc(len);
    memset(data, 'a', len);
    char err[128];
    assert_int_equal(mailer_run_command("true", data, len, 10000, NULL, err, sizeof err), -1);
    assert_contains(err, "did not read the whole message");
    free(data);
}

static void test_run_command_output_in_error(void **state)
{
    (void)state;
    char err[256];
    /* Split on spaces (and tabs), no shell: ls gets one argument and complains on stderr. */
    assert_int_equal(mailer_run_command("ls  /nonexistent-verrijkt-dir", "", 0, 10000, NULL, err,
                                        sizeof err),
                     -1);
    assert_contains(err, "exit status 2: ");
    assert_contains(err, "/nonexistent-verrijkt-dir");
    assert_int_equal(mailer_run_command("sh -c exit", "", 0, 10000, NULL, err, sizeof err), 0);
    assert_int_equal(mailer_run_command("   ", "", 0, 10000, NULL, err, sizeof err), -1);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, testdb_teardown)
    const struct CMUnitTest tests[] = {
        T(test_sends_message),
        T(test_plain_subject_and_order),
        T(test_failure_counted_and_backed_off),
        T(test_gives_up_after_max_attempts),
        T(test_command_missing),
        T(test_mail_off),
        T(test_injection_refused),
        T(test_bad_from_leaves_messages_waiting),
        cmocka_unit_test(test_long_utf8_subject_folded),
        cmocka_unit_test(test_run_command_killed_after_timeout),
        cmocka_unit_test(test_run_command_cancelled),
        cmocka_unit_test(test_run_command_not_reading),
        cmocka_unit_test(test_run_command_output_in_error),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
