/* The comparison of names: folding case and accents, and the surname sort key; see names.h. */
#include "domain/people/names.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Base letters of U+0100 … U+017F (Latin Extended-A) in order; '2' stands for "ij" (Ĳ ĳ) and
   '3' for "oe" (Œ œ). */
static const char latin_ext_a[] = "aaaaaa"
                                  "cccccccc"
                                  "dddd"
                                  "eeeeeeeeee"
                                  "gggggggg"
                                  "hhhh"
                                  "iiiiiiiiii"
                                  "22"
                                  "jj"
                                  "kkk"
                                  "llllllllll"
                                  "nnnnnnnnn"
                                  "oooooo"
                                  "33"
                                  "rrrrrr"
                                  "ssssssss"
                                  "tttttt"
                                  "uuuuuuuuuuuu"
                                  "ww"
                                  "yyy"
                                  "zzzzzz"
                                  "s";
_Static_assert(sizeof latin_ext_a - 1 == 0x80, "one letter for each of U+0100 … U+017F");

/* Base letters of U+00C0 … U+00FF (Latin-1 letters; both cases); '*' keeps the character
   (× and ÷), '4' is "ae", '5' "th", '6' "ss". */
static const char latin_1[] = "aaaaaa4ceeeeiiiidnooooo*ouuuuy56"
                              "aaaaaa4ceeeeiiiidnooooo*ouuuuy5y";
_Static_assert(sizeof latin_1 - 1 == 0x40, "one letter for each of U+00C0 … U+00FF");

enum { NOT_UTF8 = 0xFFFFFFFF }; /* the "code point" of a byte that is not valid UTF-8 */

/* The code point of the UTF-8 sequence at s into *cp; its length in bytes (1 with NOT_UTF8 for
   a byte that does not start a valid sequence). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    *cp = NOT_UTF8;
    if (s[0] < 0xC2 || s[0] > 0xF4)
        return 1;
    size_t n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    uint32_t c = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 1;
        c = c << 6 | (s[i] & 0x3F);
    }
    *cp = c;
    return n;
}

/* What code point cp folds to: the ASCII letters (one or two, NUL-terminated) into base, and
   true; false when cp is kept as it is. A combining mark folds to "". */
static bool fold_char(uint32_t cp, char base[3])
{
    static const char *const pairs[] = {"ij", "oe", "ae", "th", "ss"};
    char c = 0;
    if (cp < 0x80)
        c = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    else if (cp >= 0x300 && cp <= 0x36F) {
        base[0] = '\0';
        return true;
    } else if (cp >= 0xC0 && cp <= 0xFF)
        c = latin_1[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
        c = latin_ext_a[cp - 0x100];
    else if (cp >= 0x218 && cp <= 0x21B)
        c = cp < 0x21A ? 's' : 't'; /* Ș ș Ț ț */
    if (!c || c == '*')
        return false;
    if (cp >= 0x80 && c >= '2' && c <= '6') { /* a ligature's placeholder */
        memcpy(base, pairs[c - '2'], 3);
        return true;
    }
    base[0] = c;
    base[1] = '\0';
    return true;
}

size_t name_fold(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    if (!cap)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t len = decode(p, &cp);
        char base[3];
        const char *bytes = (const char *)p;
        size_t add = len;
        if (fold_char(cp, base)) {
            bytes = base;
            add = strlen(base);
        }
        if (n + add >= cap)
            break;
        memcpy(out + n, bytes, add);
        n += add;
        p += len;
    }
    out[n] = '\0';
    return n;
}

/* The tussenvoegsels (folded) that a Dutch surname may start with. */
static const char *const prefixes[] = {
    "van", "de",  "der", "den", "het", "'t", "te",  "ten", "ter", "in", "op", "aan",
    "bij", "uit", "'s",  "la",  "le",  "du", "des", "von", "vom", "zu", "zum", "zur",
};

/* Whether the word s[0..len) is a tussenvoegsel. */
static bool is_prefix(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strlen(prefixes[i]) == len && !memcmp(prefixes[i], s, len))
            return true;
    return false;
}

size_t name_surname_key(const char *last_name, char *out, size_t cap)
{
    size_t len = strlen(last_name);
    char *folded = malloc(len + 1);
    if (!folded)
        abort();
    name_fold(last_name, folded, len + 1);
    const char *start = folded + strspn(folded, " ");
    const char *main = start;
    for (;;) { /* skip tussenvoegsels while a word follows them */
        size_t word = strcspn(main, " ");
        const char *next = main + word + strspn(main + word, " ");
        if (!*next || !is_prefix(main, word))
            break;
        main = next;
    }
    size_t main_len = strlen(main), prefix_len = (size_t)(main - start);
    while (main_len && main[main_len - 1] == ' ')
        main_len--;
    while (prefix_len && start[prefix_len - 1] == ' ')
        prefix_len--;
    int n = prefix_len ? snprintf(out, cap, "%.*s %.*s", (int)main_len, main, (int)prefix_len,
                                  start)
                       : snprintf(out, cap, "%.*s", (int)main_len, main);
    free(folded);
    return n < 0 ? 0 : (size_t)n >= cap ? (cap ? cap - 1 : 0) : (size_t)n;
}

/* ---- the SQL form ----------------------------------------------------------------------------- */

/* fold(x) and surname_key(x) in SQL: fn over x's text, NULL for NULL. */
static void sql_apply(sqlite3_context *ctx, sqlite3_value *x,
                      size_t (*fn)(const char *, char *, size_t))
{
    if (sqlite3_value_type(x) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(x);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t cap = strlen(s) + 1; /* neither result is longer than s */
    char *out = sqlite3_malloc64(cap);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t n = fn(s, out, cap);
    sqlite3_result_text(ctx, out, (int)n, sqlite3_free);
}

static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_apply(ctx, argv[0], name_fold);
}

static void sql_surname_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_apply(ctx, argv[0], name_surname_key);
}

int names_register_sql(sqlite3 *handle)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    if (sqlite3_create_function(handle, "fold", 1, flags, NULL, sql_fold, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_create_function(handle, "surname_key", 1, flags, NULL, sql_surname_key, NULL,
                                NULL) != SQLITE_OK)
        return -1;
    return 0;
}
