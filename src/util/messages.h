/* Translations: message catalogues in templates/messages/LANG.ini, one file per language.
 * (Below the layers that use it: the pages and templates through view/i18n.h, the domain
 * for the texts of notifications.)
 *
 * nl.ini is the reference and must exist; any other file (en.ini, tr.ini, ar.ini, pt-BR.ini)
 * adds a language without a change in C. A text is named "section.key"; a key that a
 * language lacks falls back to its Dutch text. The file format (see parse_catalogue in
 * i18n.c and the comment at the top of nl.ini):
 *
 *     ; a comment (also #), on a line of its own
 *     [meta]
 *     ; the language's own name, shown in the switch; dir is ltr or rtl (Arabic, Hebrew)
 *     name = English
 *     dir = ltr
 *     [layout]
 *     logout = Log out
 *     [parent]
 *     welcome = Welcome, {{name}}
 *
 * A value is the rest of the line after '=', trimmed; it may hold any UTF-8 text of any
 * length (';' and '#' inside a value are text, not comments). {{name}} is a placeholder that
 * i18n_format fills in; a translation may use only placeholders its Dutch text has.
 *
 * The catalogues are loaded once at start-up (i18n_load) and only read afterwards, so every
 * function below may be called from any thread while the server runs. Strings returned are
 * owned by the loaded catalogues and live until i18n_free. */
#ifndef VERRIJKT_UTIL_MESSAGES_H
#define VERRIJKT_UTIL_MESSAGES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The reference language: must be present, and the fallback for every missing key. */
#define I18N_DEFAULT "nl"
/* The cookie that holds a browser's chosen language. */
#define I18N_COOKIE "lang"
/* At most this many languages (files) are loaded. */
enum { I18N_MAX_LANGUAGES = 32 };

/* Load every LANG.ini in dir (LANG: 2-3 lowercase letters, optionally "-" and a 2-letter
   region such as pt-BR), replacing what was loaded before. Refuses (returns -1 with
   "FILE:LINE: reason" in err, and keeps nothing) when nl.ini is missing, a file is malformed
   (bad line, duplicate or unknown key, invalid UTF-8, [meta] incomplete), a file name is not
   a language code, or a translation has a key or placeholder that nl.ini lacks. Not
   thread-safe: call before serving. 0 on success. */
int i18n_load(const char *dir, char *err, size_t errlen);
/* Free what i18n_load loaded (at exit; for tests). */
void i18n_free(void);

/* The language to use: `chosen` (a cookie or a saved preference) when it is a loaded language;
   otherwise the best loaded language of an Accept-Language header (q-values honoured, q=0
   excluded, "en-GB" falling back to "en", "*" meaning the default); otherwise "nl". Both
   arguments may be NULL. Returns a loaded code (static storage), never NULL. */
const char *i18n_pick(const char *chosen, const char *accept_language);
/* The loaded code equal to code (case ignored), or NULL when no such language is loaded. */
const char *i18n_find(const char *code);

/* The text of key ("section.key") in lang, else in nl, else the key itself (so that a missing
   text is visible, not blank). Never NULL. */
const char *i18n_text(const char *lang, const char *key);
/* i18n_text with each {{name}} replaced by vars' member name (borrowed; may be NULL): a string
   as is, a number in decimal, anything else or a missing member as "". The result is plain
   text, still to be escaped by whoever prints it. Caller frees. */
char *i18n_format(const char *lang, const char *key, json_t *vars);
/* The day number day in words in lang, filled into the message key (date.date, date.day,
   date.moment: {{weekday}}, {{day}}, {{month}}, {{year}}, and {{time}} from time, which may be
   NULL). Caller frees. */
char *i18n_day(const char *lang, const char *key, int32_t day, const char *time);
/* Text that starts with a date ("YYYY-MM-DD", perhaps followed by " 15:30–16:30"): the date in
   words (date.date) and what followed after a comma, "dinsdag 15 september 2026, 15:30–16:30".
   Other text as it is. For stored details (notifications) told in the reader's language.
   Caller frees. */
char *i18n_dated(const char *lang, const char *text);
/* The whole catalogue of lang (with nl's texts for keys lang lacks) as {section: {key: text}},
   for templates as {{t.section.key}}. Borrowed: never modify it; json_incref to keep it in a
   model. NULL when lang is not loaded. */
json_t *i18n_catalogue(const char *lang);
/* "ltr" or "rtl" for lang ("ltr" when unknown). */
const char *i18n_dir(const char *lang);
/* The language's own name ("Nederlands", "English"); the code when unknown. */
const char *i18n_name(const char *lang);
/* Every loaded language for a switch, nl first then by code:
   [{"code", "name", "dir", "current": code == current}]. New reference. */
json_t *i18n_languages(const char *current);

#endif
