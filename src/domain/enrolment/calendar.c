/* The calendar feed: feed tokens on parent_children, and the iCalendar text of one child's
   sessions. Times in the database are Dutch wall-clock times, so every event is written in
   Europe/Amsterdam with that zone's definition included. */
#include "domain/enrolment/calendar.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/offer/schedule.h"
#include "util/date.h"

enum { FOLD_OCTETS = 75 };

/* ---- tokens -------------------------------------------------------------------------------- */

static void new_token(char out[CALENDAR_TOKEN_LEN + 1])
{
    unsigned char raw[CALENDAR_TOKEN_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, CALENDAR_TOKEN_LEN + 1, raw, sizeof raw);
}

/* True for exactly CALENDAR_TOKEN_LEN lowercase hex digits: anything else is not looked up. */
static bool token_well_formed(const char *token)
{
    size_t n = 0;
    for (; token[n]; n++)
        if (n == CALENDAR_TOKEN_LEN || !strchr("0123456789abcdef", token[n]))
            return false;
    return n == CALENDAR_TOKEN_LEN;
}

/* Inside a write transaction: the link's token (replaced when replace, or created when it has
   none) into out. */
static enum calendar_result store_token(struct db *db, int64_t user_id, int64_t pupil_id,
                                        bool replace, char out[CALENDAR_TOKEN_LEN + 1])
{
    if (db_begin(db))
        return CALENDAR_ERROR;
    sqlite3_stmt *get = db_stmt(db, "SELECT feed_token FROM parent_children"
                                    " WHERE user_id = ?1 AND pupil_id = ?2");
    if (!get)
        goto fail;
    sqlite3_bind_int64(get, 1, user_id);
    sqlite3_bind_int64(get, 2, pupil_id);
    int rc = sqlite3_step(get);
    bool linked = rc == SQLITE_ROW;
    bool has_token = linked && token_well_formed(db_col_text(get, 0));
    if (has_token && !replace)
        snprintf(out, CALENDAR_TOKEN_LEN + 1, "%s", db_col_text(get, 0));
    sqlite3_reset(get);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto fail;
    if (!linked) {
        db_rollback(db);
        return CALENDAR_NOT_FOUND;
    }
    if (!has_token || replace) {
        new_token(out);
        sqlite3_stmt *set = db_stmt(db, "UPDATE parent_children SET feed_token = ?3"
                                        " WHERE user_id = ?1 AND pupil_id = ?2");
        if (!set)
            goto fail;
        sqlite3_bind_int64(set, 1, user_id);
        sqlite3_bind_int64(set, 2, pupil_id);
        db_bind_text(set, 3, out);
        if (db_step_done(set))
            goto fail;
    }
    return db_commit(db) ? CALENDAR_ERROR : CALENDAR_OK;
fail:
    db_rollback(db);
    return CALENDAR_ERROR;
}

enum calendar_result calendar_feed_token(struct db *db, int64_t user_id, int64_t pupil_id,
                                         char out[CALENDAR_TOKEN_LEN + 1])
{
    /* Usually the token exists: read it without taking the write lock. */
    sqlite3_stmt *st = db_stmt(db, "SELECT feed_token FROM parent_children"
                                   " WHERE user_id = ?1 AND pupil_id = ?2");
    if (!st)
        return CALENDAR_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    int rc = sqlite3_step(st);
    bool found = rc == SQLITE_ROW && token_well_formed(db_col_text(st, 0));
    if (found)
        snprintf(out, CALENDAR_TOKEN_LEN + 1, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return CALENDAR_ERROR;
    if (rc == SQLITE_DONE)
        return CALENDAR_NOT_FOUND;
    return found ? CALENDAR_OK : store_token(db, user_id, pupil_id, false, out);
}

enum calendar_result calendar_feed_reset(struct db *db, int64_t user_id, int64_t pupil_id,
                                         char out[CALENDAR_TOKEN_LEN + 1])
{
    return store_token(db, user_id, pupil_id, true, out);
}

void calendar_feed_url(struct buf *out, const char *public_url, const char *token)
{
    size_t n = strlen(public_url);
    while (n && public_url[n - 1] == '/')
        n--;
    buf_append(out, public_url, n);
    buf_printf(out, "%s%s", CALENDAR_FEED_PATH, token);
}

/* ---- content lines ------------------------------------------------------------------------- */

void calendar_escape_text(struct buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == ';' || c == ',') {
            buf_putc(out, '\\');
            buf_putc(out, (char)c);
        } else if (c == '\r' || c == '\n') {
            buf_puts(out, "\\n");
            if (c == '\r' && s[1] == '\n')
                s++;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            continue; /* not allowed in a TEXT value */
        } else {
            buf_putc(out, (char)c);
        }
    }
}

void calendar_put_line(struct buf *out, const char *line, size_t len)
{
    size_t at = 0, room = FOLD_OCTETS;
    while (len - at > room) {
        size_t cut = at + room;
        while (cut > at && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--; /* back to the first byte of the character that would be split */
        buf_append(out, line + at, cut - at);
        buf_puts(out, "\r\n ");
        at = cut;
        room = FOLD_OCTETS - 1; /* the leading space counts */
    }
    buf_append(out, line + at, len - at);
    buf_puts(out, "\r\n");
}

/* Writes content lines: build one in `line`, then `end_line` folds it into `out`. */
struct ics {
    struct buf *out;
    struct buf line;
};

static void end_line(struct ics *ics)
{
    calendar_put_line(ics->out, ics->line.data ? ics->line.data : "", ics->line.len);
    buf_reset(&ics->line);
}

/* A line whose value the caller formats (no user text in it). */
__attribute__((format(printf, 2, 3))) static void put_line(struct ics *ics, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&ics->line, fmt, ap);
    va_end(ap);
    end_line(ics);
}

/* "NAME:" + prefix + text escaped; nothing when both are empty. */
static void put_text(struct ics *ics, const char *name, const char *prefix, const char *text)
{
    if (!*prefix && !*text)
        return;
    buf_printf(&ics->line, "%s:", name);
    calendar_escape_text(&ics->line, prefix);
    calendar_escape_text(&ics->line, text);
    end_line(ics);
}

/* ---- the feed ------------------------------------------------------------------------------ */

/* Europe/Amsterdam since 1996 (EU rules): CEST from the last Sunday of March 02:00 to the last
   Sunday of October 03:00. */
static const char *const AMSTERDAM[] = {
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "X-LIC-LOCATION:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
};

/* One session as read for the feed. */
struct feed_session {
    int64_t id;
    int32_t slot_day, day;
    int start, end;                   /* minutes since midnight, where it takes place */
    int planned_start, planned_end;   /* the activity's times */
    bool cancelled;
    const char *reason, *title, *location, *goal; /* valid until the next step */
};

static int zigzag(int v) { return v >= 0 ? 2 * v : -2 * v - 1; }

/* A SEQUENCE that changes whenever the session's date, times or cancellation change (derived,
   as nothing stores a revision): the start as minutes from its slot's midnight, the duration,
   and the cancellation. */
static int sequence_of(const struct feed_session *s)
{
    int start_from_slot = (int)(s->day - s->slot_day) * 24 * 60 + s->start;
    return (s->cancelled ? 1 : 0) + 2 * (zigzag(start_from_slot) + (s->end - s->start));
}

/* "20250909T151500" for a day number and minutes. */
static void put_local(struct ics *ics, const char *name, int32_t day, int minutes)
{
    char date[11];
    date_format(day, date);
    put_line(ics, "%s;TZID=Europe/Amsterdam:%.4s%.2s%.2sT%02d%02d00", name, date, date + 5,
             date + 8, minutes / 60, minutes % 60);
}

static void put_event(struct ics *ics, const struct feed_session *s, const char *stamp)
{
    bool moved = s->day != s->slot_day || s->start != s->planned_start ||
                 s->end != s->planned_end;
    put_line(ics, "BEGIN:VEVENT");
    put_line(ics, "UID:session-%lld@verrijkt", (long long)s->id);
    put_line(ics, "DTSTAMP:%s", stamp);
    put_local(ics, "DTSTART", s->day, s->start);
    put_local(ics, "DTEND", s->day, s->end);
    put_line(ics, "SEQUENCE:%d", sequence_of(s));
    /* Some calendars show a cancelled event anyway: say so in the title too. */
    put_text(ics, "SUMMARY", s->cancelled ? "Afgelast: " : "", s->title);
    put_text(ics, "LOCATION", "", s->location);
    struct buf description = BUF_INIT;
    if (s->cancelled)
        buf_printf(&description, "Afgelast%s%s", *s->reason ? ": " : "", s->reason);
    else if (moved && *s->reason)
        buf_printf(&description, "Verplaatst: %s", s->reason);
    if (description.len && *s->goal)
        buf_puts(&description, "\n\n");
    buf_puts(&description, s->goal);
    put_text(ics, "DESCRIPTION", "", description.data ? description.data : "");
    buf_free(&description);
    put_line(ics, "STATUS:%s", s->cancelled ? "CANCELLED" : "CONFIRMED");
    put_line(ics, "TRANSP:OPAQUE");
    put_line(ics, "END:VEVENT");
}

/* The child behind token: its id and first name. */
static enum calendar_result find_feed(struct db *db, const char *token, int64_t *pupil_id,
                                      char *first_name, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.first_name FROM parent_children pc"
                                   " JOIN pupils p ON p.id = pc.pupil_id"
                                   " JOIN users u ON u.id = pc.user_id"
                                   " WHERE pc.feed_token = ?1 AND u.active = 1");
    if (!st)
        return CALENDAR_ERROR;
    db_bind_text(st, 1, token);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *pupil_id = sqlite3_column_int64(st, 0);
        snprintf(first_name, size, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return CALENDAR_OK;
    return rc == SQLITE_DONE ? CALENDAR_NOT_FOUND : CALENDAR_ERROR;
}

/* Fill s from the current row of the sessions query. false when a date or time is malformed. */
static bool read_session(sqlite3_stmt *st, struct feed_session *s)
{
    s->id = sqlite3_column_int64(st, 0);
    s->cancelled = sqlite3_column_int(st, 5) != 0;
    s->reason = db_col_text(st, 6);
    s->title = db_col_text(st, 7);
    s->location = db_col_text(st, 8);
    s->goal = db_col_text(st, 9);
    return !date_parse(db_col_text(st, 1), &s->slot_day) &&
           !date_parse(db_col_text(st, 2), &s->day) &&
           !time_parse(db_col_text(st, 3), &s->start) &&
           !time_parse(db_col_text(st, 4), &s->end) &&
           !time_parse(db_col_text(st, 10), &s->planned_start) &&
           !time_parse(db_col_text(st, 11), &s->planned_end);
}

static int put_events(struct ics *ics, struct db *db, int64_t pupil_id, int32_t from_day,
                      const char *stamp)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id, s.slot_date, s.date, s.start_time, s.end_time,"
                                   " s.cancelled, s.reason, a.title, a.location, a.goal,"
                                   " coalesce(t.start_time, a.start_time),"
                                   " coalesce(t.end_time, a.end_time)"
                                   " FROM enrolments e"
                                   " JOIN activities a ON a.id = e.activity_id"
                                   " JOIN sessions s ON s.activity_id = a.id"
                                   " LEFT JOIN activity_slots t ON t.activity_id = a.id"
                                   "  AND t.weekday = " SCHEDULE_WEEKDAY_SQL("s.slot_date")
                                   " WHERE e.pupil_id = ?1 AND e.status = 'enrolled'"
                                   " AND s.date >= ?2"
                                   " ORDER BY s.date, s.start_time, s.id");
    if (!st)
        return -1;
    char from[11];
    date_format(from_day, from);
    sqlite3_bind_int64(st, 1, pupil_id);
    db_bind_text(st, 2, from);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct feed_session s;
        if (read_session(st, &s)) /* the schema keeps ISO values; skip anything else */
            put_event(ics, &s, stamp);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

enum calendar_result calendar_ics(struct db *db, const char *token, time_t now, struct buf *out)
{
    if (!token || !token_well_formed(token))
        return CALENDAR_NOT_FOUND;
    int64_t pupil_id;
    char first_name[256];
    enum calendar_result found = find_feed(db, token, &pupil_id, first_name, sizeof first_name);
    if (found != CALENDAR_OK)
        return found;

    struct tm local, utc;
    localtime_r(&now, &local);
    gmtime_r(&now, &utc);
    char today[11], stamp[17];
    strftime(today, sizeof today, "%Y-%m-%d", &local);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    int32_t today_day;
    if (date_parse(today, &today_day))
        return CALENDAR_ERROR;

    struct buf text = BUF_INIT;
    struct ics ics = {.out = &text, .line = BUF_INIT};
    put_line(&ics, "BEGIN:VCALENDAR");
    put_line(&ics, "VERSION:2.0");
    put_line(&ics, "PRODID:-//verrijkt//verrijkt//NL");
    put_line(&ics, "CALSCALE:GREGORIAN");
    put_line(&ics, "METHOD:PUBLISH");
    put_text(&ics, "X-WR-CALNAME", "verrijkt \xE2\x80\x93 ", first_name);
    put_text(&ics, "NAME", "verrijkt \xE2\x80\x93 ", first_name);
    put_line(&ics, "X-WR-TIMEZONE:Europe/Amsterdam");
    put_line(&ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    put_line(&ics, "X-PUBLISHED-TTL:PT1H");
    for (size_t i = 0; i < sizeof AMSTERDAM / sizeof AMSTERDAM[0]; i++)
        put_line(&ics, "%s", AMSTERDAM[i]);
    int rc = put_events(&ics, db, pupil_id, today_day - CALENDAR_PAST_DAYS, stamp);
    put_line(&ics, "END:VCALENDAR");
    buf_free(&ics.line);
    if (rc == 0)
        buf_append(out, text.data, text.len);
    buf_free(&text);
    return rc == 0 ? CALENDAR_OK : CALENDAR_ERROR;
}
