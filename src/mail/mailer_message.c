/* Building one outbox message as `sendmail -t` reads it (mailer.h: mailer_build_message): the
   RFC 5322 headers (Date, From, To, Subject, Message-ID, MIME) and the body with LF line ends,
   the subject and a non-ASCII sender name as RFC 2047 encoded-words, and the checks that keep
   a recipient, subject or sender from injecting headers. Pure text work: no database, no
   process. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail/mailer.h"
#include "mail/mailer_internal.h"
#include "util/utf8.h"

enum {
    SUBJECT_PLAIN_MAX = 70, /* a longer ASCII subject is encoded, which folds it */
    ENCODED_CHUNK = 39,     /* bytes per encoded-word: "=?UTF-8?B?" + 52 + "?=" = 64 */
};

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* One plain address local@domain: printable ASCII without spaces or the characters that
   would let `sendmail -t` read a second recipient or a comment out of the To header. */
static bool address_ok(const char *s)
{
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    if (!len || len > 254 || !at || at == s || !at[1] || strchr(at + 1, '@'))
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || strchr("\"(),:;<>[\\]", *s))
            return false;
    return true;
}

/* s as RFC 2047 encoded-words (UTF-8, base64) of at most ENCODED_CHUNK bytes each, never
   splitting a character, separated by folding white space. */
static void put_encoded_words(struct buf *out, const char *s)
{
    size_t len = strlen(s), at = 0;
    while (at < len) {
        size_t cut = at + ENCODED_CHUNK < len ? at + ENCODED_CHUNK : len;
        while (cut > at + 1 && cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        char b64[sodium_base64_ENCODED_LEN(ENCODED_CHUNK, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + at, cut - at,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s=?UTF-8?B?%s?=", at ? "\n " : "", b64);
        at = cut;
    }
}

/* The From header's value: as configured when plain ASCII; a non-ASCII display name in
   "Name <address>" is encoded. -1 when it cannot be written safely. */
static int put_from(struct buf *out, const char *from)
{
    if (has_control(from) || !*from)
        return -1;
    if (is_ascii(from)) {
        buf_puts(out, from);
        return 0;
    }
    const char *open = strrchr(from, '<');
    if (!open || open == from || !strchr(open, '>') || !is_ascii(open))
        return -1;
    size_t name_len = (size_t)(open - from);
    while (name_len && from[name_len - 1] == ' ')
        name_len--;
    char name[256];
    if (!name_len || name_len >= sizeof name)
        return -1;
    memcpy(name, from, name_len);
    name[name_len] = '\0';
    put_encoded_words(out, name);
    buf_printf(out, " %s", open);
    return 0;
}

bool mailer_from_usable(const char *from)
{
    struct buf scratch = BUF_INIT;
    bool ok = put_from(&scratch, from) == 0;
    buf_free(&scratch);
    return ok;
}

/* "Tue, 01 Dec 2026 15:04:35 +0100" in local time, without depending on the locale. */
static void put_date(struct buf *out, time_t now)
{
    static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    localtime_r(&now, &tm);
    long offset = tm.tm_gmtoff / 60;
    char sign = offset < 0 ? '-' : '+';
    if (offset < 0)
        offset = -offset;
    buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", DAYS[tm.tm_wday], tm.tm_mday,
               MONTHS[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
               offset / 60, offset % 60);
}

/* "<random@domain-of-the-sender>" (the sender's domain keeps the id globally unique). */
static void put_message_id(struct buf *out, const char *from)
{
    unsigned char raw[16];
    char hex[2 * sizeof raw + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    const char *at = strrchr(from, '@');
    size_t domain_len = at ? strcspn(at + 1, "> ") : 0;
    if (domain_len)
        buf_printf(out, "<%s@%.*s>", hex, (int)domain_len, at + 1);
    else
        buf_printf(out, "<%s@verrijkt.invalid>", hex);
}

/* The body with every CRLF or lone CR as LF, ending in a newline. */
static void put_body(struct buf *out, const char *body)
{
    for (const char *p = body; *p; p++) {
        if (*p == '\r') {
            buf_putc(out, '\n');
            if (p[1] == '\n')
                p++;
        } else {
            buf_putc(out, *p);
        }
    }
    if (!*body || out->data[out->len - 1] != '\n')
        buf_putc(out, '\n');
}

int mailer_build_message(const char *from, const char *to, const char *subject,
                         const char *body, time_t now, struct buf *out, char *err,
                         size_t errlen)
{
    if (!address_ok(to)) {
        snprintf(err, errlen, "refused: the recipient is not one plain address");
        return -1;
    }
    if (has_control(subject) || !utf8_valid(subject, strlen(subject))) {
        snprintf(err, errlen, "refused: the subject has control characters or bad UTF-8");
        return -1;
    }
    if (!utf8_valid(body, strlen(body))) {
        snprintf(err, errlen, "refused: the body is not valid UTF-8");
        return -1;
    }
    buf_puts(out, "Date: ");
    put_date(out, now);
    buf_puts(out, "\nFrom: ");
    if (put_from(out, from)) {
        snprintf(err, errlen, "refused: [mail] from cannot be used as a From header");
        return -1;
    }
    buf_printf(out, "\nTo: %s\nSubject: ", to);
    if (is_ascii(subject) && strlen(subject) <= SUBJECT_PLAIN_MAX)
        buf_puts(out, subject);
    else
        put_encoded_words(out, subject);
    buf_puts(out, "\nMessage-ID: ");
    put_message_id(out, from);
    buf_puts(out, "\nMIME-Version: 1.0\n"
                  "Content-Type: text/plain; charset=UTF-8\n"
                  "Content-Transfer-Encoding: 8bit\n"
                  "Auto-Submitted: auto-generated\n"
                  "\n");
    put_body(out, body);
    return 0;
}
