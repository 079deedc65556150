/* Dates in words, from the message files. */
#include "pages/when.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "domain/offer/activities.h" /* date_label_nl */
#include "http/req.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/json_utf8.h"
#include "view/i18n.h"

/* The words of a day number, filled into the message `key` with {{time}} when given. */
static const char *in_words(struct req *r, int32_t day, const char *key, const char *time)
{
    char *words = i18n_day(r->lang, key, day, time);
    const char *text = arena_strdup(&r->arena, words ? words : "");
    free(words);
    return text;
}

const char *when_date(struct req *r, const char *iso_date)
{
    int32_t day;
    if (!iso_date || date_parse(iso_date, &day))
        return iso_date ? iso_date : "";
    return in_words(r, day, "date.date", NULL);
}

const char *when_day(struct req *r, const char *iso_date)
{
    int32_t day;
    if (!iso_date || date_parse(iso_date, &day))
        return iso_date ? iso_date : "";
    return in_words(r, day, "date.day", NULL);
}

const char *when_moment(struct req *r, const char *iso_moment)
{
    char date_part[11], time_part[6];
    int32_t day;
    int minutes;
    if (!iso_moment || strlen(iso_moment) < 16 || iso_moment[10] != 'T')
        return iso_moment ? iso_moment : "";
    snprintf(date_part, sizeof date_part, "%.10s", iso_moment);
    snprintf(time_part, sizeof time_part, "%.5s", iso_moment + 11);
    if (date_parse(date_part, &day) || time_parse(time_part, &minutes))
        return iso_moment;
    return in_words(r, day, "date.moment", time_part);
}

/* ---- what tells apart activities with the same title ------------------------------------- */

/* The month (1–12) of a "YYYY-MM-DD" date, 0 when it is not one. */
static int month_of(const char *iso, int32_t *day)
{
    if (!iso || date_parse(iso, day))
        return 0;
    return (iso[5] - '0') * 10 + (iso[6] - '0');
}

/* "sep.–jan." when the months tell the period, else "7 september 2026 – 28 september 2026".
   Arena-owned. */
static const char *period_words(struct req *r, const char *from, const char *until)
{
    int32_t a = 0, b = 0;
    int m1 = month_of(from, &a), m2 = month_of(until, &b);
    if (!m1 || !m2)
        return arena_printf(&r->arena, "%s – %s", from ? from : "", until ? until : "");
    if (!strncmp(from, until, 7) || b - a > 330) /* one month, or a month twice */
        return arena_printf(&r->arena, "%s – %s", when_day(r, from), when_day(r, until));
    char k1[24], k2[24];
    snprintf(k1, sizeof k1, "span.month_%d", m1);
    snprintf(k2, sizeof k2, "span.month_%d", m2);
    return arena_printf(&r->arena, "%s–%s", req_text(r, k1), req_text(r, k2));
}

const char *when_activity_span(struct req *r, const char *kind, int grade_min, int grade_max,
                               const char *from, const char *until)
{
    const char *grades = grade_min == grade_max
                             ? arena_printf(&r->arena, "%d", grade_min)
                             : arena_printf(&r->arena, "%d–%d", grade_min, grade_max);
    json_t *vars = json_pack("{s:s, s:s}", "grades", grades, "period",
                             period_words(r, from, until));
    const char *text =
        req_format(r, kind && !strcmp(kind, "vo") ? "span.vo" : "span.po", vars);
    json_decref(vars);
    return text;
}

/* ---- remembered for one request ----------------------------------------------------------- */

enum { MEMO_SLOTS = 128, MEMO_KEY = 48 };

struct memo_slot {
    char key[MEMO_KEY];
    const char *text; /* arena-owned; NULL: a free slot */
};

struct when_memo {
    struct memo_slot slots[MEMO_SLOTS]; /* open addressing by a hash of the key */
    size_t used;
    const char *weekdays[8]; /* [1]–[7] once looked up */
};

struct when_memo *when_memo_new(struct req *r)
{
    return arena_alloc(&r->arena, sizeof(struct when_memo));
}

/* The slot that holds key, or the free slot where it belongs; NULL without a memo, for a key
   too long to hold, or when the memo is three quarters full (then nothing more is kept). */
static struct memo_slot *memo_slot(struct when_memo *m, const char *key, size_t n)
{
    if (!m || n >= MEMO_KEY)
        return NULL;
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        hash = (hash ^ (unsigned char)key[i]) * 16777619u;
    for (size_t probe = 0; probe < MEMO_SLOTS; probe++) {
        struct memo_slot *slot = &m->slots[(hash + probe) % MEMO_SLOTS];
        if (!slot->text)
            return m->used < MEMO_SLOTS * 3 / 4 ? slot : NULL;
        if (!strcmp(slot->key, key))
            return slot;
    }
    return NULL;
}

/* The text remembered under key (n bytes), or NULL. */
static const char *memo_find(struct when_memo *m, const char *key, size_t n)
{
    struct memo_slot *slot = memo_slot(m, key, n);
    return slot ? slot->text : NULL;
}

/* Remember text under key (when there is room) and return it. */
static const char *memo_keep(struct when_memo *m, const char *key, size_t n, const char *text)
{
    struct memo_slot *slot = memo_slot(m, key, n);
    if (slot && !slot->text) {
        memcpy(slot->key, key, n + 1);
        slot->text = text;
        m->used++;
    }
    return text;
}

/* A memo key being built from parts; each text is preceded by its length and each number
   ends in '|', so that every list of parts gives its own key. n is MEMO_KEY once the parts do
   not fit (such a key is not remembered). */
struct memo_key {
    char s[MEMO_KEY];
    size_t n;
};

static void key_bytes(struct memo_key *k, const char *s, size_t len)
{
    if (k->n + len >= MEMO_KEY) {
        k->n = MEMO_KEY;
        return;
    }
    memcpy(k->s + k->n, s, len);
    k->n += len;
    k->s[k->n] = '\0';
}

static void key_int(struct memo_key *k, long long value)
{
    char digits[24];
    size_t at = sizeof digits;
    unsigned long long u = value < 0 ? 0 - (unsigned long long)value : (unsigned long long)value;
    digits[--at] = '|';
    do
        digits[--at] = (char)('0' + u % 10);
    while (u /= 10);
    if (value < 0)
        digits[--at] = '-';
    key_bytes(k, digits + at, sizeof digits - at);
}

static void key_text(struct memo_key *k, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    key_int(k, (long long)len);
    key_bytes(k, text ? text : "", len);
}

const char *when_day_memo(struct req *r, struct when_memo *m, const char *iso_date)
{
    struct memo_key k = {.s = "d", .n = 1};
    key_text(&k, iso_date);
    const char *text = memo_find(m, k.s, k.n);
    return text ? text : memo_keep(m, k.s, k.n, when_day(r, iso_date));
}

const char *when_period_memo(struct req *r, struct when_memo *m, const char *from,
                             const char *until)
{
    struct memo_key k = {.s = "p", .n = 1};
    key_text(&k, from);
    key_text(&k, until);
    const char *text = memo_find(m, k.s, k.n);
    if (text)
        return text;
    text = arena_printf(&r->arena, "%s – %s", when_day_memo(r, m, from),
                        when_day_memo(r, m, until));
    return memo_keep(m, k.s, k.n, text);
}

const char *when_weekday_memo(struct req *r, struct when_memo *m, int weekday)
{
    if (weekday < 1 || weekday > 7)
        weekday = 1;
    if (m && m->weekdays[weekday])
        return m->weekdays[weekday];
    char key[24];
    snprintf(key, sizeof key, "date.weekday_%d", weekday);
    const char *name = req_text(r, key);
    if (m)
        m->weekdays[weekday] = name;
    return name;
}

/* when_activity_span of one row into its member "span", through the memo m (may be NULL). */
static void span_of_row(struct req *r, struct when_memo *m, json_t *row)
{
    const char *kind = json_string_value(json_object_get(row, "school_kind"));
    int grade_min = (int)json_integer_value(json_object_get(row, "grade_min"));
    int grade_max = (int)json_integer_value(json_object_get(row, "grade_max"));
    const char *from = json_string_value(json_object_get(row, "date_from"));
    const char *until = json_string_value(json_object_get(row, "date_until"));
    struct memo_key k = {.s = "s", .n = 1};
    key_int(&k, kind && !strcmp(kind, "vo"));
    key_int(&k, grade_min);
    key_int(&k, grade_max);
    key_text(&k, from);
    key_text(&k, until);
    const char *span = memo_find(m, k.s, k.n);
    if (!span)
        span = memo_keep(m, k.s, k.n,
                         when_activity_span(r, kind, grade_min, grade_max, from, until));
    json_object_set_new_nocheck(row, "span", json_utf8(span));
}

json_t *when_spans_memo(struct req *r, struct when_memo *m, json_t *rows)
{
    if (json_is_object(rows))
        span_of_row(r, m, rows);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        if (json_is_object(row))
            span_of_row(r, m, row);
    return rows;
}

json_t *when_spans(struct req *r, json_t *rows) { return when_spans_memo(r, NULL, rows); }

/* ---- short labels for the staff pages ------------------------------------------------------- */

static void label_row(json_t *row, const char *const *keys)
{
    for (const char *const *k = keys; *k; k++) {
        const char *iso = json_string_value(json_object_get(row, *k));
        char label[32] = "", name[64];
        if (iso && *iso)
            date_label_nl(iso, false, label);
        snprintf(name, sizeof name, "%s_label", *k);
        json_object_set_new(row, name, json_string(label));
    }
}

json_t *when_labels(json_t *rows, const char *const *keys)
{
    if (json_is_object(rows))
        label_row(rows, keys);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        if (json_is_object(row))
            label_row(row, keys);
    return rows;
}

/* ---- weekly slots -------------------------------------------------------------------------- */

struct slot_words {
    int weekday;
    char start[6], end[6];
};

/* Skip spaces and tabs from p. */
static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A word of 1 to 5 characters other than blanks and ',' at p into out (NUL-terminated): past
   it, or NULL. */
static const char *slot_word(const char *p, char out[6])
{
    p = skip_blanks(p);
    size_t n = 0;
    while (n < 5 && p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != ',')
        n++;
    if (n == 0)
        return NULL;
    memcpy(out, p, n);
    out[n] = '\0';
    return p + n;
}

/* One slot "2 15:00 16:00" at p into s: past it, or NULL. By hand rather than sscanf, which
   cost a fifth of a list's words. */
static const char *slot_parse(const char *p, struct slot_words *s)
{
    p = skip_blanks(p);
    if (*p < '1' || *p > '7' || (p[1] >= '0' && p[1] <= '9'))
        return NULL;
    s->weekday = *p - '0';
    p = slot_word(p + 1, s->start);
    return p ? slot_word(p, s->end) : NULL;
}

/* Parse "2 15:00 16:00,4 …" into out (at most 7, sorted by weekday): their number. */
static size_t parse_slots(const char *text, struct slot_words out[7])
{
    size_t n = 0;
    for (const char *p = text; p && *p && n < 7;) {
        struct slot_words s;
        p = slot_parse(p, &s);
        if (!p)
            break;
        size_t at = n++;
        while (at > 0 && out[at - 1].weekday > s.weekday) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = s;
        if (*p == ',')
            p++;
    }
    return n;
}

const char *when_slots(struct req *r, const char *text)
{
    struct slot_words s[7];
    size_t n = parse_slots(text, s);
    if (n == 0)
        return "";
    if (n == 1)
        return arena_printf(&r->arena, "%s %s–%s", when_weekday_memo(r, NULL, s[0].weekday),
                            s[0].start, s[0].end);
    bool same = true;
    for (size_t i = 1; i < n; i++)
        same &= !strcmp(s[i].start, s[0].start) && !strcmp(s[i].end, s[0].end);
    const char *words = "";
    for (size_t i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof key, "date.weekday_short_%d", s[i].weekday);
        const char *sep = i == 0 ? "" : same && i + 1 == n ? arena_printf(&r->arena, " %s ",
                                                                       req_text(r, "date.and"))
                                                          : ", ";
        words = same ? arena_printf(&r->arena, "%s%s%s", words, sep, req_text(r, key))
                     : arena_printf(&r->arena, "%s%s%s %s–%s", words, sep, req_text(r, key),
                                    s[i].start, s[i].end);
    }
    return same ? arena_printf(&r->arena, "%s %s–%s", words, s[0].start, s[0].end) : words;
}

const char *when_slots_memo(struct req *r, struct when_memo *m, const char *slots)
{
    struct memo_key k = {.s = "s", .n = 1};
    key_text(&k, slots);
    const char *text = memo_find(m, k.s, k.n);
    return text ? text : memo_keep(m, k.s, k.n, when_slots(r, slots));
}

json_t *when_slots_labels_memo(struct req *r, struct when_memo *m, json_t *rows)
{
    if (json_is_object(rows))
        json_object_set_new_nocheck(
            rows, "slots_label",
            json_utf8(when_slots_memo(r, m, json_string_value(json_object_get(rows, "slots")))));
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        if (json_is_object(row))
            when_slots_labels_memo(r, m, row);
    return rows;
}

json_t *when_slots_labels(struct req *r, json_t *rows)
{
    return when_slots_labels_memo(r, NULL, rows);
}
