/* Message catalogues: loading and checking the LANG.ini files, choosing a request's language,
 * looking texts up and filling in placeholders. See messages.h for the file format.
 *
 * The files are read with a parser of our own rather than inih: Debian's inih stops at 200
 * bytes a line (about 100 letters of Arabic) and cuts a value at " ;" as an inline comment,
 * both of which would silently damage translated prose; it also cannot tell a duplicate key
 * from a continuation line. The format stays INI, so editors colour it as such. */
#include "util/messages.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/file.h"
#include "util/utf8.h"

enum { CODE_MAX = 8, ACCEPT_MAX_ITEMS = 64, TAG_MAX = 35 };

struct language {
    char code[CODE_MAX]; /* as in the file name: "nl", "pt-BR" */
    char *name;          /* from [meta] name */
    bool rtl;            /* [meta] dir = rtl */
    json_t *catalogue;   /* {section: {key: text}}, nl's texts filling the gaps */
};

/* Written only by i18n_load / i18n_free before and after serving; read-only in between. */
static struct language languages[I18N_MAX_LANGUAGES];
static size_t n_languages;

/* ---- language codes ------------------------------------------------------------------------ */

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* "nl", "tr", "fil", "pt-BR": 2-3 lowercase letters, optionally "-" and 2 uppercase letters
   (the region, as BCP 47 writes it; lowercase accepted too). */
static bool code_valid(const char *s, size_t n)
{
    size_t letters = 0;
    while (letters < n && is_lower(s[letters]))
        letters++;
    if (letters < 2 || letters > 3)
        return false;
    if (letters == n)
        return true;
    return n == letters + 3 && s[letters] == '-' &&
           (is_upper(s[letters + 1]) || is_lower(s[letters + 1])) &&
           (is_upper(s[letters + 2]) || is_lower(s[letters + 2]));
}

static const struct language *find_language_n(const char *code, size_t n)
{
    for (size_t i = 0; i < n_languages; i++)
        if (strlen(languages[i].code) == n && !strncasecmp(languages[i].code, code, n))
            return &languages[i];
    return NULL;
}

static const struct language *find_language(const char *code)
{
    return code ? find_language_n(code, strlen(code)) : NULL;
}

const char *i18n_find(const char *code)
{
    const struct language *l = find_language(code);
    return l ? l->code : NULL;
}

static const char *default_code(void)
{
    return n_languages ? languages[0].code : I18N_DEFAULT;
}

/* ---- parsing one file ---------------------------------------------------------------------- */

struct parse {
    const char *file;      /* "templates/messages/en.ini", for messages */
    int line;
    const json_t *reference; /* nl's texts, or NULL while parsing nl itself */
    char section[64];
    bool dir_seen;
    struct language *lang;
    json_t *texts;         /* {section: {key: text}} of this file only */
    char *err;
    size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int parse_fail(struct parse *p, const char *fmt, ...)
{
    int n = p->line ? snprintf(p->err, p->errlen, "%s:%d: ", p->file, p->line)
                    : snprintf(p->err, p->errlen, "%s: ", p->file);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < p->errlen)
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static bool name_char(char c) { return is_lower(c) || (c >= '0' && c <= '9') || c == '_'; }

/* Section names, keys and placeholder names: [a-z0-9_]+. */
static bool name_valid(const char *s, size_t n)
{
    if (n == 0 || n >= 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!name_char(s[i]))
            return false;
    return true;
}

static bool blank(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **s, size_t *n)
{
    while (*n && blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && blank((*s)[*n - 1]))
        (*n)--;
}

/* Call fn for each {{name}} in text. A "{{" without a valid name and "}}" is an error (-1),
   as is fn returning non-zero. */
static int each_placeholder(const char *text, int (*fn)(const char *name, size_t n, void *ctx),
                            void *ctx)
{
    for (const char *open = strstr(text, "{{"); open; open = strstr(open, "{{")) {
        const char *name = open + 2, *close = strstr(name, "}}");
        if (!close || !name_valid(name, (size_t)(close - name)))
            return -1;
        if (fn && fn(name, (size_t)(close - name), ctx))
            return -1;
        open = close + 2;
    }
    return 0;
}

/* Is {{name}} in the reference text ctx? 0 when it is. */
static int placeholder_in(const char *name, size_t n, void *ctx)
{
    const char *reference = ctx;
    for (const char *at = strstr(reference, "{{"); at; at = strstr(at + 2, "{{"))
        if (!strncmp(at + 2, name, n) && !strncmp(at + 2 + n, "}}", 2))
            return 0;
    return -1;
}

static int parse_meta(struct parse *p, const char *key, const char *value)
{
    if (!strcmp(key, "name")) {
        if (!*value || p->lang->name)
            return parse_fail(p, "[meta] name must be given once and not be empty");
        p->lang->name = strdup(value);
        if (!p->lang->name)
            abort();
        return 0;
    }
    if (!strcmp(key, "dir")) {
        if (strcmp(value, "ltr") && strcmp(value, "rtl"))
            return parse_fail(p, "[meta] dir must be ltr or rtl, not '%s'", value);
        if (p->dir_seen)
            return parse_fail(p, "[meta] dir is given twice");
        p->lang->rtl = !strcmp(value, "rtl");
        p->dir_seen = true;
        return 0;
    }
    return parse_fail(p, "[meta] knows only name and dir, not '%s'", key);
}

static int parse_text(struct parse *p, const char *key, const char *value)
{
    json_t *section = json_object_get(p->texts, p->section);
    if (!section) {
        section = json_object();
        json_object_set_new(p->texts, p->section, section);
    }
    if (json_object_get(section, key))
        return parse_fail(p, "[%s] %s is given twice", p->section, key);
    if (each_placeholder(value, NULL, NULL))
        return parse_fail(p, "[%s] %s: a placeholder must look like {{name}}", p->section, key);
    if (p->reference) {
        const char *reference =
            json_string_value(json_object_get(json_object_get(p->reference, p->section), key));
        if (!reference)
            return parse_fail(p, "[%s] %s is not in " I18N_DEFAULT ".ini", p->section, key);
        if (each_placeholder(value, placeholder_in, (void *)reference))
            return parse_fail(p, "[%s] %s uses a placeholder that " I18N_DEFAULT ".ini lacks",
                              p->section, key);
    }
    /* An empty text in a translation means "not translated yet": nl's text stays. */
    if (!p->reference || *value)
        json_object_set_new(section, key, json_string(value));
    return 0;
}

static int parse_line(struct parse *p, const char *s, size_t n)
{
    trim(&s, &n);
    if (n == 0 || s[0] == ';' || s[0] == '#')
        return 0;
    if (!utf8_valid(s, n))
        return parse_fail(p, "not valid UTF-8");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return parse_fail(p, "control character");
    if (s[0] == '[') {
        if (s[n - 1] != ']' || !name_valid(s + 1, n - 2))
            return parse_fail(p, "a section is [name] with a-z, 0-9 and _");
        snprintf(p->section, sizeof p->section, "%.*s", (int)(n - 2), s + 1);
        return 0;
    }
    const char *eq = memchr(s, '=', n);
    if (!eq)
        return parse_fail(p, "expected [section], key = text, or a comment");
    const char *key = s, *value = eq + 1;
    size_t key_len = (size_t)(eq - s), value_len = n - key_len - 1;
    trim(&key, &key_len);
    trim(&value, &value_len);
    if (!name_valid(key, key_len))
        return parse_fail(p, "a key has a-z, 0-9 and _ only");
    if (!p->section[0])
        return parse_fail(p, "a key before the first [section]");
    char *key_z = strndup(key, key_len), *value_z = strndup(value, value_len);
    if (!key_z || !value_z)
        abort();
    int rc = !strcmp(p->section, "meta") ? parse_meta(p, key_z, value_z)
                                         : parse_text(p, key_z, value_z);
    free(key_z);
    free(value_z);
    return rc;
}

/* Parse text (the file's bytes) into lang->name, lang->rtl and p->texts. */
static int parse_catalogue(struct parse *p, const char *text, size_t len)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    if (memchr(text, '\0', len))
        return parse_fail(p, "the file holds a NUL byte");
    const char *end = text + len;
    for (const char *line = text; line < end; line++) {
        const char *newline = memchr(line, '\n', (size_t)(end - line));
        const char *stop = newline ? newline : end;
        size_t n = (size_t)(stop - line);
        if (n && line[n - 1] == '\r')
            n--;
        p->line++;
        if (parse_line(p, line, n))
            return -1;
        line = stop;
    }
    p->line = 0;
    if (!p->lang->name || !p->dir_seen)
        return parse_fail(p, "[meta] needs name (the language's own name) and dir (ltr or rtl)");
    return 0;
}

/* Read dir/code.ini into lang (own texts in *texts, new reference). */
static int load_file(const char *dir, const char *code, const json_t *reference,
                     struct language *lang, json_t **texts, char *err, size_t errlen)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.ini", dir, code);
    snprintf(lang->code, sizeof lang->code, "%s", code);
    struct buf source = BUF_INIT;
    if (file_read_all(path, &source)) {
        snprintf(err, errlen, "%s: cannot read", path);
        buf_free(&source);
        return -1;
    }
    struct parse p = {.file = path, .reference = reference, .lang = lang, .texts = json_object(),
                      .err = err, .errlen = errlen};
    int rc = parse_catalogue(&p, source.data ? source.data : "", source.len);
    buf_free(&source);
    if (rc) {
        json_decref(p.texts);
        free(lang->name);
        lang->name = NULL;
        return -1;
    }
    *texts = p.texts;
    return 0;
}

/* nl's texts with texts laid over them. New reference. */
static json_t *merged(const json_t *reference, json_t *texts)
{
    json_t *all = json_deep_copy(reference);
    const char *section_name;
    json_t *section;
    json_object_foreach(texts, section_name, section)
        json_object_update(json_object_get(all, section_name), section);
    return all;
}

static int compare_codes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The codes of dir's LANG.ini files, sorted; *n_out of them, each to be freed. -1 with err for
   a badly named .ini file, too many files or an unreadable folder. */
static int list_codes(const char *dir, char **codes, size_t *n_out, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: cannot open the messages folder", dir);
        return -1;
    }
    size_t n = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".ini"))
            continue;
        if (!code_valid(e->d_name, len - 4)) {
            snprintf(err, errlen, "%s/%s: the name must be a language code such as en.ini or "
                     "pt-BR.ini", dir, e->d_name);
            rc = -1;
        } else if (n == I18N_MAX_LANGUAGES) {
            snprintf(err, errlen, "%s: more than %d languages", dir, I18N_MAX_LANGUAGES);
            rc = -1;
        } else if (!(codes[n++] = strndup(e->d_name, len - 4))) {
            abort();
        }
    }
    closedir(d);
    qsort(codes, n, sizeof codes[0], compare_codes);
    *n_out = n;
    return rc;
}

static void free_languages(struct language *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        json_decref(list[i].catalogue);
    }
    memset(list, 0, n * sizeof list[0]);
}

/* Load the other languages over nl (already in list[0]); *n is the count so far. */
static int load_translations(const char *dir, char **codes, size_t n_codes,
                             struct language *list, size_t *n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n_codes; i++) {
        if (!strcmp(codes[i], I18N_DEFAULT))
            continue;
        json_t *texts = NULL;
        if (load_file(dir, codes[i], list[0].catalogue, &list[*n], &texts, err, errlen))
            return -1;
        list[*n].catalogue = merged(list[0].catalogue, texts);
        json_decref(texts);
        (*n)++;
    }
    return 0;
}

int i18n_load(const char *dir, char *err, size_t errlen)
{
    char *codes[I18N_MAX_LANGUAGES] = {0};
    size_t n_codes = 0, n = 0;
    struct language list[I18N_MAX_LANGUAGES] = {0};
    int rc = -1;
    if (list_codes(dir, codes, &n_codes, err, errlen))
        goto out;
    if (!bsearch(&(const char *){I18N_DEFAULT}, codes, n_codes, sizeof codes[0], compare_codes)) {
        snprintf(err, errlen, "%s/" I18N_DEFAULT ".ini is missing: Dutch is the reference "
                 "language", dir);
        goto out;
    }
    if (load_file(dir, I18N_DEFAULT, NULL, &list[0], &list[0].catalogue, err, errlen))
        goto out;
    n = 1;
    if (load_translations(dir, codes, n_codes, list, &n, err, errlen))
        goto out;
    free_languages(languages, n_languages);
    memcpy(languages, list, n * sizeof list[0]);
    n_languages = n;
    n = 0;
    rc = 0;
out:
    free_languages(list, n);
    for (size_t i = 0; i < n_codes; i++)
        free(codes[i]);
    return rc;
}

void i18n_free(void)
{
    free_languages(languages, n_languages);
    n_languages = 0;
}

/* ---- choosing a language ------------------------------------------------------------------- */

/* An RFC 9110 qvalue ("0", "0.5", "1", "1.000") in thousandths, or -1 when malformed. */
static int parse_qvalue(const char *s, size_t n)
{
    if (n == 0 || (s[0] != '0' && s[0] != '1') || (n > 1 && (s[1] != '.' || n > 5)))
        return -1;
    int value = (s[0] - '0') * 1000, scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        value += (s[i] - '0') * scale;
    }
    return value <= 1000 ? value : -1;
}

/* The loaded language a language range stands for: itself, or the range with its last
   subtags removed ("en-GB" -> "en"); "*" is the default. NULL when none is loaded. */
static const char *language_for_range(const char *tag, size_t n)
{
    if (n == 1 && tag[0] == '*')
        return default_code();
    while (n > 0) {
        const struct language *l = find_language_n(tag, n);
        if (l)
            return l->code;
        while (n > 0 && tag[n - 1] != '-')
            n--;
        if (n > 0)
            n--;
    }
    return NULL;
}

/* The quality of one Accept-Language item's parameters (";q=0.8;x=y"): 1000 without q, -1
   when q is malformed. */
static int item_quality(const char *params, size_t n)
{
    int quality = 1000;
    while (n > 0) {
        const char *semi = memchr(params + 1, ';', n - 1);
        size_t len = semi ? (size_t)(semi - params) : n;
        const char *p = params + 1;
        size_t plen = len - 1;
        trim(&p, &plen);
        if (plen >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            const char *v = p + 2;
            size_t vlen = plen - 2;
            trim(&v, &vlen);
            quality = parse_qvalue(v, vlen);
            if (quality < 0)
                return -1;
        }
        params += len;
        n -= len;
    }
    return quality;
}

/* The best loaded language in an Accept-Language header, or NULL. Items are read up to
   ACCEPT_MAX_ITEMS; malformed items are skipped; among equal qualities the first wins. */
static const char *best_accepted(const char *header)
{
    const char *best = NULL;
    int best_quality = 0;
    const char *item = header;
    for (int count = 0; *item && count < ACCEPT_MAX_ITEMS; count++) {
        const char *comma = strchr(item, ',');
        size_t len = comma ? (size_t)(comma - item) : strlen(item);
        const char *semi = memchr(item, ';', len);
        const char *tag = item;
        size_t tag_len = semi ? (size_t)(semi - item) : len;
        trim(&tag, &tag_len);
        int quality = semi ? item_quality(semi, len - (size_t)(semi - item)) : 1000;
        if (tag_len > 0 && tag_len <= TAG_MAX && quality > best_quality) {
            const char *code = language_for_range(tag, tag_len);
            if (code) {
                best = code;
                best_quality = quality;
            }
        }
        if (!comma)
            break;
        item = comma + 1;
    }
    return best;
}

const char *i18n_pick(const char *chosen, const char *accept_language)
{
    const char *code = i18n_find(chosen);
    if (!code && accept_language)
        code = best_accepted(accept_language);
    return code ? code : default_code();
}

/* ---- texts --------------------------------------------------------------------------------- */

/* The text of "section.key" in l's catalogue, or NULL. */
static const char *lookup(const struct language *l, const char *key)
{
    const char *dot = strchr(key, '.');
    if (!l || !dot || dot - key >= 64)
        return NULL;
    char section[64];
    memcpy(section, key, (size_t)(dot - key));
    section[dot - key] = '\0';
    return json_string_value(json_object_get(json_object_get(l->catalogue, section), dot + 1));
}

const char *i18n_text(const char *lang, const char *key)
{
    const char *text = lookup(find_language(lang), key);
    if (!text && n_languages)
        text = lookup(&languages[0], key);
    return text ? text : key;
}

static void put_value(struct buf *out, const json_t *value)
{
    if (json_is_string(value))
        buf_append(out, json_string_value(value), json_string_length(value));
    else if (json_is_integer(value))
        buf_printf(out, "%lld", (long long)json_integer_value(value));
    else if (json_is_real(value))
        buf_printf(out, "%g", json_real_value(value));
}

char *i18n_format(const char *lang, const char *key, json_t *vars)
{
    const char *text = i18n_text(lang, key);
    struct buf out = BUF_INIT;
    const char *at = text;
    for (const char *open = strstr(at, "{{"); open; open = strstr(at, "{{")) {
        const char *close = strstr(open + 2, "}}");
        if (!close)
            break;
        buf_append(&out, at, (size_t)(open - at));
        size_t n = (size_t)(close - open - 2);
        if (n < 64) {
            char name[64];
            memcpy(name, open + 2, n);
            name[n] = '\0';
            put_value(&out, json_object_get(vars, name));
        }
        at = close + 2;
    }
    buf_puts(&out, at);
    return buf_steal(&out);
}

char *i18n_day(const char *lang, const char *key, int32_t day, const char *time)
{
    char iso[11], y[5], d[3], weekday_key[24], month_key[24];
    date_format(day, iso); /* "YYYY-MM-DD": the parts are digits */
    snprintf(y, sizeof y, "%.4s", iso);
    snprintf(d, sizeof d, "%.*s", iso[8] == '0' ? 1 : 2, iso[8] == '0' ? iso + 9 : iso + 8);
    snprintf(weekday_key, sizeof weekday_key, "date.weekday_%d", date_weekday(day));
    snprintf(month_key, sizeof month_key, "date.month_%.*s", iso[5] == '0' ? 1 : 2,
             iso[5] == '0' ? iso + 6 : iso + 5);
    json_t *vars = json_pack("{s:s, s:s, s:s, s:s, s:s}", "weekday", i18n_text(lang, weekday_key),
                             "day", d, "month", i18n_text(lang, month_key), "year", y, "time",
                             time ? time : "");
    char *text = i18n_format(lang, key, vars);
    json_decref(vars);
    return text;
}

char *i18n_dated(const char *lang, const char *text)
{
    char iso[11];
    int32_t day;
    snprintf(iso, sizeof iso, "%s", text ? text : "");
    if (!text || date_parse(iso, &day))
        return strdup(text ? text : "");
    char *words = i18n_day(lang, "date.date", day, NULL);
    const char *rest = text + 10;
    while (*rest == ' ')
        rest++;
    if (!words || !*rest)
        return words;
    struct buf out = BUF_INIT;
    buf_printf(&out, "%s, %s", words, rest);
    free(words);
    return buf_steal(&out);
}

json_t *i18n_catalogue(const char *lang)
{
    const struct language *l = find_language(lang);
    return l ? l->catalogue : NULL;
}

const char *i18n_dir(const char *lang)
{
    const struct language *l = find_language(lang);
    return l && l->rtl ? "rtl" : "ltr";
}

const char *i18n_name(const char *lang)
{
    const struct language *l = find_language(lang);
    return l ? l->name : lang;
}

json_t *i18n_languages(const char *current)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n_languages; i++) {
        const struct language *l = &languages[i];
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "code", l->code, "name",
                                              l->name, "dir", l->rtl ? "rtl" : "ltr", "current",
                                              current && !strcasecmp(current, l->code)));
    }
    return list;
}
