/* Tests of src/view/i18n.c: parsing message files (and refusing malformed ones with the file
 * and line), the nl fallback, choosing a language from a cookie and Accept-Language (q-values,
 * prefixes, "*", malformed and very long headers), placeholders, and that the shipped en.ini
 * has exactly the keys of nl.ini (so `make test` catches an incomplete translation). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "view/i18n.h"

#define SHIPPED "templates/messages"

static const char nl_ini[] = "; reference\n"
                             "[meta]\n"
                             "name = Nederlands\n"
                             "dir = ltr\n"
                             "[layout]\n"
                             "logout = Uitloggen\n"
                             "greeting = Hallo {{name}}, u heeft {{count}} kinderen\n"
                             "only_dutch = Alleen in het Nederlands\n"
                             "[parent]\n"
                             "semicolon = Let op; dit blijft # tekst\n";

static const char en_ini[] = "\xEF\xBB\xBF[meta]\r\n" /* a BOM and CRLF line ends */
                             "name = English\r\n"
                             "dir = ltr\r\n"
                             "\r\n"
                             "# a comment\r\n"
                             "[layout]\r\n"
                             "logout =   Log out   \r\n"
                             "greeting = {{count}} children, {{name}}\r\n"
                             "only_dutch =\r\n"; /* empty: not translated yet */

static const char ar_ini[] = "[meta]\nname = العربية\ndir = rtl\n[layout]\nlogout = تسجيل الخروج\n";

/* A fresh temp folder for message files. */
static void make_dir(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/verrijkt-i18n-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Load nl, en and ar from the texts above. */
static int load_three(void **state)
{
    (void)state;
    char dir[64], err[256];
    make_dir(dir, sizeof dir);
    write_file(dir, "nl.ini", nl_ini);
    write_file(dir, "en.ini", en_ini);
    write_file(dir, "ar.ini", ar_ini);
    write_file(dir, "README.md", "not a catalogue: ignored");
    int rc = i18n_load(dir, err, sizeof err);
    remove_dir(dir);
    if (rc)
        fprintf(stderr, "i18n_load: %s\n", err);
    return rc;
}

static int unload(void **state)
{
    (void)state;
    i18n_free();
    return 0;
}

/* The message i18n_load gives for a folder with nl.ini (valid unless nl_text is given) and
   other files; "" when it loads. */
static const char *load_error(const char *nl_text, const char *name, const char *text)
{
    static char err[256];
    char dir[64];
    make_dir(dir, sizeof dir);
    if (nl_text)
        write_file(dir, "nl.ini", nl_text);
    if (name)
        write_file(dir, name, text);
    err[0] = '\0';
    if (i18n_load(dir, err, sizeof err) == 0)
        err[0] = '\0';
    remove_dir(dir);
    return err;
}

static void assert_refused(const char *nl_text, const char *name, const char *text,
                           const char *expected)
{
    const char *err = load_error(nl_text, name, text);
    if (!strstr(err, expected))
        fail_msg("expected an error with '%s', got '%s'", expected, err);
}

/* ---- parsing ------------------------------------------------------------------------------- */

static void texts_are_read(void **state)
{
    (void)state;
    assert_string_equal(i18n_text("nl", "layout.logout"), "Uitloggen");
    assert_string_equal(i18n_text("en", "layout.logout"), "Log out"); /* trimmed, CRLF */
    assert_string_equal(i18n_text("ar", "layout.logout"), "تسجيل الخروج");
    /* ';' and '#' inside a value are text, not comments. */
    assert_string_equal(i18n_text("nl", "parent.semicolon"), "Let op; dit blijft # tekst");
    assert_string_equal(i18n_name("en"), "English");
    assert_string_equal(i18n_name("ar"), "العربية");
    assert_string_equal(i18n_dir("ar"), "rtl");
    assert_string_equal(i18n_dir("en"), "ltr");
    assert_string_equal(i18n_dir("xx"), "ltr");
}

static void missing_keys_fall_back_to_dutch(void **state)
{
    (void)state;
    assert_string_equal(i18n_text("en", "layout.only_dutch"), "Alleen in het Nederlands");
    assert_string_equal(i18n_text("ar", "parent.semicolon"), "Let op; dit blijft # tekst");
    /* An unknown language is Dutch; an unknown key is the key itself, visibly. */
    assert_string_equal(i18n_text("xx", "layout.logout"), "Uitloggen");
    assert_string_equal(i18n_text(NULL, "layout.logout"), "Uitloggen");
    assert_string_equal(i18n_text("en", "layout.nothing"), "layout.nothing");
    assert_string_equal(i18n_text("en", "nodot"), "nodot");
    /* The catalogue for templates holds nl's texts where en has none. */
    json_t *t = i18n_catalogue("en");
    assert_non_null(t);
    assert_string_equal(json_string_value(json_object_get(json_object_get(t, "layout"),
                                                          "only_dutch")),
                        "Alleen in het Nederlands");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(t, "layout"), "logout")), "Log out");
    assert_null(json_object_get(t, "meta"));
    assert_null(i18n_catalogue("xx"));
}

static void languages_for_the_switch(void **state)
{
    (void)state;
    json_t *list = i18n_languages("en");
    assert_int_equal(json_array_size(list), 3);
    /* nl first, then by code */
    const char *codes[] = {"nl", "ar", "en"};
    for (size_t i = 0; i < 3; i++) {
        json_t *l = json_array_get(list, i);
        assert_string_equal(json_string_value(json_object_get(l, "code")), codes[i]);
        assert_int_equal(json_is_true(json_object_get(l, "current")), i == 2);
    }
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "dir")),
                        "rtl");
    json_decref(list);
}

static void malformed_files_are_refused(void **state)
{
    (void)state;
    const char *meta = "[meta]\nname = Nederlands\ndir = ltr\n";
    char nl[256];
    assert_refused(NULL, "en.ini", en_ini, "nl.ini is missing");
    snprintf(nl, sizeof nl, "%s[a]\nkey without equals\n", meta);
    assert_refused(nl, NULL, NULL, "nl.ini:5:");
    snprintf(nl, sizeof nl, "%s[a]\nx = 1\nx = 2\n", meta);
    assert_refused(nl, NULL, NULL, "nl.ini:6: [a] x is given twice");
    assert_refused("x = 1\n", NULL, NULL, "nl.ini:1: a key before the first [section]");
    snprintf(nl, sizeof nl, "%s[Bad Section]\n", meta);
    assert_refused(nl, NULL, NULL, "nl.ini:4:");
    snprintf(nl, sizeof nl, "%s[a]\nBad-Key = 1\n", meta);
    assert_refused(nl, NULL, NULL, "nl.ini:5:");
    assert_refused("[meta]\nname = Nederlands\n", NULL, NULL, "dir");
    assert_refused("[meta]\ndir = ltr\n", NULL, NULL, "name");
    assert_refused("[meta]\nname = N\ndir = sideways\n", NULL, NULL, "ltr or rtl");
    assert_refused("[meta]\nname = N\ndir = ltr\nlocale = nl\n", NULL, NULL, "locale");
    snprintf(nl, sizeof nl, "%s[a]\nx = caf\xC3\n", meta);
    assert_refused(nl, NULL, NULL, "nl.ini:5: not valid UTF-8");
    snprintf(nl, sizeof nl, "%s[a]\nx = {{na me}}\n", meta);
    assert_refused(nl, NULL, NULL, "placeholder");
    snprintf(nl, sizeof nl, "%s[a]\nx = {{open\n", meta);
    assert_refused(nl, NULL, NULL, "placeholder");
    /* A translation: a key or a placeholder that nl lacks, a bad file name. */
    snprintf(nl, sizeof nl, "%s[a]\nx = Hallo {{name}}\n", meta);
    assert_refused(nl, "en.ini", "[meta]\nname = E\ndir = ltr\n[a]\ny = 1\n",
                   "en.ini:5: [a] y is not in nl.ini");
    assert_refused(nl, "en.ini", "[meta]\nname = E\ndir = ltr\n[a]\nx = Hi {{nmae}}\n",
                   "en.ini:5: [a] x uses a placeholder that nl.ini lacks");
    assert_refused(nl, "English.ini", "[meta]\nname = E\ndir = ltr\n", "language code");
    /* and these load */
    assert_string_equal(load_error(nl, "pt-BR.ini", "[meta]\nname = Português\ndir = ltr\n"),
                        "");
    assert_string_equal(load_error(nl, "en.ini", "[meta]\nname = E\ndir = ltr\n[a]\nx = Hi\n"),
                        "");
    i18n_free();
}

/* A refused load keeps what was loaded before. */
static void refused_load_keeps_the_old_catalogues(void **state)
{
    (void)state;
    assert_refused(NULL, "en.ini", en_ini, "nl.ini is missing");
    assert_string_equal(i18n_text("en", "layout.logout"), "Log out");
}

/* ---- choosing ------------------------------------------------------------------------------ */

static void chosen_language_wins(void **state)
{
    (void)state;
    assert_string_equal(i18n_pick("en", "nl"), "en");
    assert_string_equal(i18n_pick("EN", NULL), "en");
    assert_string_equal(i18n_pick("ar", "en"), "ar");
    /* an unknown or hostile cookie is ignored */
    assert_string_equal(i18n_pick("xx", "en"), "en");
    assert_string_equal(i18n_pick("", "en"), "en");
    assert_string_equal(i18n_pick("en; Path=/", NULL), "nl");
    assert_string_equal(i18n_pick(NULL, NULL), "nl");
}

static void accept_language_is_read(void **state)
{
    (void)state;
    assert_string_equal(i18n_pick(NULL, "en"), "en");
    assert_string_equal(i18n_pick(NULL, "en-GB"), "en");
    assert_string_equal(i18n_pick(NULL, "EN-gb"), "en");
    assert_string_equal(i18n_pick(NULL, "zh-Hant-TW, en-US;q=0.4"), "en");
    assert_string_equal(i18n_pick(NULL, "fr"), "nl");
    assert_string_equal(i18n_pick(NULL, "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"), "en");
    /* qualities, not order, decide; equal qualities: the first */
    assert_string_equal(i18n_pick(NULL, "en;q=0.5, ar;q=0.8"), "ar");
    assert_string_equal(i18n_pick(NULL, "en;q=0.8, ar;q=0.8"), "en");
    assert_string_equal(i18n_pick(NULL, "nl;q=0.1,en"), "en");
    assert_string_equal(i18n_pick(NULL, "en ; q = 1.000 , nl;q=0.999"), "en");
    /* q=0 means "not this one" */
    assert_string_equal(i18n_pick(NULL, "en;q=0"), "nl");
    assert_string_equal(i18n_pick(NULL, "en;q=0.000, ar;q=0.001"), "ar");
    /* "*" is the default */
    assert_string_equal(i18n_pick(NULL, "fr, *;q=0.5"), "nl");
    assert_string_equal(i18n_pick(NULL, "*;q=0.5, en;q=0.6"), "en");
}

static void malformed_accept_language_is_harmless(void **state)
{
    (void)state;
    const char *bad[] = {"", ",", ";;;", ";q=1", "en;q=", "en;q=2", "en;q=1.5", "en;q=0.5555",
                         "en;q=abc", "en;q=-1", "en;q=.5", "\t", "=", "-en", ",,,,en;q=x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (strcmp(i18n_pick(NULL, bad[i]), "nl"))
            fail_msg("'%s' did not give nl", bad[i]);
    /* a malformed item is skipped, the rest still counts */
    assert_string_equal(i18n_pick(NULL, "en;q=abc, ar;q=0.3"), "ar");
    assert_string_equal(i18n_pick(NULL, "en;q=0.5;level=1"), "en");
}

static void very_long_accept_language(void **state)
{
    (void)state;
    /* 100 000 bytes: a single huge tag, then many items with the match far beyond the limit. */
    size_t size = 100000;
    char *header = malloc(size + 1);
    assert_non_null(header);
    memset(header, 'a', size);
    header[size] = '\0';
    assert_string_equal(i18n_pick(NULL, header), "nl");
    size_t len = 0;
    while (len + 8 < size)
        len += (size_t)sprintf(header + len, "fr;q=1,");
    strcpy(header + len - 7, "en,");
    assert_string_equal(i18n_pick(NULL, header), "nl"); /* en is past the first 64 items */
    memcpy(header, "en-GB;q=0.9,", 12); /* "en-GB;q=0.9,1,fr;q=1,…" */
    assert_string_equal(i18n_pick(NULL, header), "en");
    free(header);
}

/* ---- formatting ---------------------------------------------------------------------------- */

static void placeholders_are_filled(void **state)
{
    (void)state;
    json_t *vars = json_pack("{s:s, s:i, s:s}", "name", "<Sara> & co", "count", 2, "unused", "x");
    char *text = i18n_format("nl", "layout.greeting", vars);
    assert_string_equal(text, "Hallo <Sara> & co, u heeft 2 kinderen"); /* plain text, unescaped */
    free(text);
    text = i18n_format("en", "layout.greeting", vars);
    assert_string_equal(text, "2 children, <Sara> & co");
    free(text);
    json_decref(vars);
    /* missing members and NULL vars become empty; non-scalars too */
    vars = json_pack("{s:[]}", "name");
    text = i18n_format("nl", "layout.greeting", vars);
    assert_string_equal(text, "Hallo , u heeft  kinderen");
    free(text);
    json_decref(vars);
    text = i18n_format("en", "layout.greeting", NULL);
    assert_string_equal(text, " children, ");
    free(text);
    /* a value that looks like a placeholder is not expanded again */
    vars = json_pack("{s:s, s:s}", "name", "{{count}}", "count", "3");
    text = i18n_format("nl", "layout.greeting", vars);
    assert_string_equal(text, "Hallo {{count}}, u heeft 3 kinderen");
    free(text);
    json_decref(vars);
    text = i18n_format("en", "layout.nothing", NULL);
    assert_string_equal(text, "layout.nothing");
    free(text);
}

/* ---- the shipped catalogues ---------------------------------------------------------------- */

/* Every "section.key" of catalogue a that b lacks, as one text ("" when none). */
static void missing_keys(json_t *a, json_t *b, char *out, size_t size)
{
    out[0] = '\0';
    const char *section_name, *key;
    json_t *section, *text;
    json_object_foreach(a, section_name, section) {
        json_object_foreach(section, key, text) {
            if (!json_object_get(json_object_get(b, section_name), key)) {
                size_t len = strlen(out);
                snprintf(out + len, size - len, " %s.%s", section_name, key);
            }
        }
    }
}

/* Read only en.ini's own texts (without the fallback) by loading it next to an empty nl. */
static void shipped_english_is_complete(void **state)
{
    (void)state;
    char err[512], missing[4096];
    if (i18n_load(SHIPPED, err, sizeof err))
        fail_msg("the shipped catalogues do not load: %s", err);
    /* i18n_load already refuses keys en has and nl lacks. For the other direction, read en.ini
       with its own keys only: every nl key must be there, not merely filled in from nl. */
    FILE *f = fopen(SHIPPED "/en.ini", "r");
    assert_non_null(f);
    json_t *en_own = json_object();
    char line[4096], section[64] = "";
    while (fgets(line, sizeof line, f)) {
        char key[64];
        if (sscanf(line, "[%63[a-z0-9_]]", section) == 1)
            continue;
        if (section[0] && strcmp(section, "meta") && sscanf(line, " %63[a-z0-9_] =", key) == 1) {
            if (!json_object_get(en_own, section))
                json_object_set_new(en_own, section, json_object());
            json_object_set_new(json_object_get(en_own, section), key, json_true());
        }
    }
    fclose(f);
    missing_keys(i18n_catalogue("nl"), en_own, missing, sizeof missing);
    if (missing[0])
        fail_msg("en.ini lacks:%s", missing);
    json_decref(en_own);
    assert_string_equal(i18n_name("nl"), "Nederlands");
    assert_string_equal(i18n_name("en"), "English");
    i18n_free();
}

/* A stored detail that starts with a date is told in words in the reader's language, with
   what followed after a comma; other text, empty text and a broken date stay as they are. */
static void dated_details_are_told_in_words(void **state)
{
    (void)state;
    char err[512];
    if (i18n_load(SHIPPED, err, sizeof err))
        fail_msg("the shipped catalogues do not load: %s", err);
    const struct {
        const char *lang, *text, *expected;
    } cases[] = {
        {"nl", "2026-09-15", "dinsdag 15 september 2026"},
        {"nl", "2026-09-15 15:30–16:30", "dinsdag 15 september 2026, 15:30–16:30"},
        {"en", "2026-03-01", "Sunday 1 March 2026"},
        {"nl", "", ""},
        {"nl", "2026-02-30 15:00", "2026-02-30 15:00"},
        {"nl", "morgen", "morgen"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = i18n_dated(cases[i].lang, cases[i].text);
        assert_string_equal(text, cases[i].expected);
        free(text);
    }
    i18n_free();
}

int main(void)
{
    const struct CMUnitTest loaded[] = {
        cmocka_unit_test(texts_are_read),
        cmocka_unit_test(missing_keys_fall_back_to_dutch),
        cmocka_unit_test(languages_for_the_switch),
        cmocka_unit_test(chosen_language_wins),
        cmocka_unit_test(accept_language_is_read),
        cmocka_unit_test(malformed_accept_language_is_harmless),
        cmocka_unit_test(very_long_accept_language),
        cmocka_unit_test(placeholders_are_filled),
        cmocka_unit_test(refused_load_keeps_the_old_catalogues),
    };
    const struct CMUnitTest on_their_own[] = {
        cmocka_unit_test(malformed_files_are_refused),
        cmocka_unit_test(shipped_english_is_complete),
        cmocka_unit_test(dated_details_are_told_in_words),
    };
    int failed = cmocka_run_group_tests_name("loaded", loaded, load_three, unload);
    failed += cmocka_run_group_tests_name("on their own", on_their_own, NULL, NULL);
    return failed;
}
