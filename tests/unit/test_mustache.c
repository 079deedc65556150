/* Tests of the Mustache engine: the public Mustache specification (one cmocka test per spec
 * file, read from $MUSTACHE_SPEC_DIR or ../shared/mustache-spec), and our own rules: escaping,
 * the raw whitelist, compile errors with line numbers, set checks, falsy "", numbers, the
 * partial recursion limit, and garbage templates that must not crash. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "view/mustache.h"
#include "view/render.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* Parse JSON text for a test (caller decrefs); NULL text gives NULL. Fails the test on
 * invalid JSON. */
static json_t *parse(const char *text)
{
    if (!text)
        return NULL;
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
    if (!v)
        fail_msg("bad test JSON '%s': %s", text, jerr.text);
    return v;
}

/* Render tpl with data and partials given as JSON text and compare with expected. */
static void expect_render(const char *tpl, const char *data_json, const char *partials_json,
                          const char *expected)
{
    json_t *data = parse(data_json);
    json_t *partials = parse(partials_json);
    struct buf out = BUF_INIT;
    char err[256] = "";
    int rc = mustache_render_string(tpl, partials, data, &out, err, sizeof err);
    char *got = buf_steal(&out);
    json_decref(data);
    json_decref(partials);
    if (rc != 0 || strcmp(got, expected) != 0)
        fprintf(stderr, "template: %s\nexpected: [%s]\ngot:      [%s] rc=%d %s\n", tpl,
                expected, got, rc, err);
    assert_int_equal(rc, 0);
    assert_string_equal(got, expected);
    free(got);
}

/* Compile tpl as a one-off template and expect the error message err_expected. */
static void expect_error(const char *tpl, const char *err_expected)
{
    struct buf out = BUF_INIT;
    char err[256] = "";
    int rc = mustache_render_string(tpl, NULL, NULL, &out, err, sizeof err);
    buf_free(&out);
    assert_int_equal(rc, -1);
    assert_string_equal(err, err_expected);
}

/* ---- our own rules ---------------------------------------------------------------------- */

static void test_escaping(void **state)
{
    (void)state;
    expect_render("{{x}}|{{{x}}}|{{&x}}", "{\"x\": \"a & b < c > d \\\" e ' f\"}", NULL,
                  "a &amp; b &lt; c &gt; d &quot; e &#39; f|a & b < c > d \" e ' f|"
                  "a & b < c > d \" e ' f");
    expect_render("{{#l}}{{.}}{{/l}}", "{\"l\": [\"<i>\", \"&amp;\"]}", NULL,
                  "&lt;i&gt;&amp;amp;");
}

static void test_raw_whitelist(void **state)
{
    (void)state;
    const char *const raw[] = {"chart", "report.svg", NULL};
    struct mustache_set *set = mustache_set_new(raw);
    char err[256] = "";
    assert_int_equal(
        mustache_set_add(set, "ok", "{{{chart}}}{{& report.svg}}{{title}}", err, sizeof err), 0);
    assert_int_equal(mustache_set_add(set, "bad", "<h1>\n{{{ title }}}", err, sizeof err), -1);
    assert_string_equal(err, "bad: line 2: raw output of 'title' is not allowed");
    assert_int_equal(mustache_set_add(set, "bad", "{{&svg}}", err, sizeof err), -1);
    assert_string_equal(err, "bad: line 1: raw output of 'svg' is not allowed");

    json_t *data = parse("{\"chart\": \"<svg/>\", \"report\": {\"svg\": \"<g/>\"}, "
                         "\"title\": \"<b>\"}");
    struct buf out = BUF_INIT;
    assert_int_equal(mustache_render(set, "ok", data, &out), 0);
    assert_string_equal(out.data, "<svg/><g/>&lt;b&gt;");
    assert_int_equal(mustache_render(set, "bad", data, &out), -1);
    buf_free(&out);
    json_decref(data);
    mustache_set_free(set);
}

static void test_compile_errors(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(NULL);
    char err[256] = "";
    const char *list = "<ul>\n\n{{#items}}\n<li>{{name}}</li>\n";
    assert_int_equal(mustache_set_add(set, "activities/list", list, err, sizeof err), -1);
    assert_string_equal(err, "activities/list: line 3: unclosed section 'items'");
    mustache_set_free(set);

    expect_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
                 "template: line 3: close tag 'a' does not match section 'b' opened on line 2");
    expect_error("x\n{{/x}}", "template: line 2: close tag 'x' without an open section");
    expect_error("hello\n{{name", "template: line 2: unclosed tag '{{'");
    expect_error("{{{name}}", "template: line 1: unclosed tag '{{'");
    expect_error("{{=<% %>=}}\n<%name", "template: line 2: unclosed tag '<%'");
    expect_error("{{= a b c =}}", "template: line 1: invalid delimiters 'a b c'");
    expect_error("{{=a=}}", "template: line 1: invalid delimiters 'a'");
    expect_error("{{}}", "template: line 1: invalid name ''");
    expect_error("{{first name}}", "template: line 1: invalid name 'first name'");
    expect_error("{{a..b}}", "template: line 1: invalid name 'a..b'");
    expect_error("{{#.a}}{{/.a}}", "template: line 1: invalid name '.a'");
    expect_error("{{>}}", "template: line 1: invalid name ''");
    expect_error("{{$block}}{{/block}}", "template: line 1: template inheritance is not supported");
}

static void test_set_check(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(NULL);
    char err[256] = "";
    assert_int_equal(mustache_set_add(set, "page", "{{>header}}\n<p>{{>footer}}</p>", err,
                                      sizeof err), 0);
    assert_int_equal(mustache_set_add(set, "header", "<h1>{{title}}</h1>\n", err, sizeof err),
                     0);
    assert_int_equal(mustache_set_check(set, err, sizeof err), -1);
    assert_string_equal(err, "page: line 2: partial 'footer' not found");

    json_t *data = parse("{\"title\": \"Hi\"}");
    struct buf out = BUF_INIT;
    assert_int_equal(mustache_render(set, "page", data, &out), 0);
    assert_string_equal(out.data, "<h1>Hi</h1>\n<p></p>");

    assert_int_equal(mustache_set_add(set, "footer", "(c)", err, sizeof err), 0);
    assert_int_equal(mustache_set_check(set, err, sizeof err), 0);
    buf_reset(&out);
    assert_int_equal(mustache_render(set, "page", data, &out), 0);
    assert_string_equal(out.data, "<h1>Hi</h1>\n<p>(c)</p>");

    /* Replacing a template; a failed replacement keeps the old one. */
    assert_int_equal(mustache_set_add(set, "footer", "[c]", err, sizeof err), 0);
    assert_int_equal(mustache_set_add(set, "footer", "{{#x}}", err, sizeof err), -1);
    buf_reset(&out);
    assert_int_equal(mustache_render(set, "page", data, &out), 0);
    assert_string_equal(out.data, "<h1>Hi</h1>\n<p>[c]</p>");
    assert_int_equal(mustache_render(set, "nope", data, &out), -1);
    buf_free(&out);
    json_decref(data);
    mustache_set_free(set);
}

/* A set refuses a section on a list item: inside "{{#pupils.0}}", "{{id}}" is the pupil's. */
static void test_set_refuses_sections_on_list_items(void **state)
{
    (void)state;
    const char *bad[] = {"{{#pupils.0}}<input value=\"{{id}}\">{{/pupils.0}}",
                         "{{^pupils.0}}geen{{/pupils.0}}", "{{#a.b.12}}x{{/a.b.12}}"};
    const char *line[] = {"page: line 1: section 'pupils.0' opens a list item; test a boolean "
                          "(has_...) set by the page instead",
                          "page: line 1: section 'pupils.0' opens a list item; test a boolean "
                          "(has_...) set by the page instead",
                          "page: line 1: section 'a.b.12' opens a list item; test a boolean "
                          "(has_...) set by the page instead"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct mustache_set *set = mustache_set_new(NULL);
        char err[256] = "";
        assert_int_equal(mustache_set_add(set, "page", bad[i], err, sizeof err), 0);
        assert_int_equal(mustache_set_check(set, err, sizeof err), -1);
        assert_string_equal(err, line[i]);
        mustache_set_free(set);
    }
    struct mustache_set *set = mustache_set_new(NULL);
    char err[256] = "";
    assert_int_equal(mustache_set_add(set, "page", "{{pupils.0.id}} {{#v0}}{{/v0}} {{#a.b0}}{{/a.b0}}",
                                      err, sizeof err), 0);
    assert_int_equal(mustache_set_check(set, err, sizeof err), 0);
    mustache_set_free(set);
}

/* "has_NAME" is NAME's truthiness where the object has no "has_NAME" of its own; it never makes
 * the list's item the context, and it is looked up frame by frame like any name. */
static void test_has_name_tests_without_pushing(void **state)
{
    (void)state;
    const char *tpl = "{{#has_pupils}}<input value=\"{{id}}\">{{/has_pupils}}"
                      "{{^has_pupils}}geen{{/has_pupils}}";
    expect_render(tpl, "{\"id\": 7, \"pupils\": [{\"id\": 1}]}", NULL, "<input value=\"7\">");
    expect_render(tpl, "{\"id\": 7, \"pupils\": []}", NULL, "geen");
    expect_render(tpl, "{\"id\": 7}", NULL, "geen");
    expect_render(tpl, "{\"id\": 7, \"pupils\": \"\"}", NULL, "geen");
    expect_render(tpl, "{\"id\": 7, \"pupils\": [1], \"has_pupils\": false}", NULL, "geen");
    expect_render("{{has_x}} {{has_y}} [{{has_z}}]", "{\"x\": [1], \"y\": 0}", NULL,
                  "true true []");
    expect_render("{{#o.has_l}}yes{{/o.has_l}}", "{\"o\": {\"l\": [1]}}", NULL, "yes");
    /* The nearest object that has the list answers, not an outer one. */
    expect_render("{{#rows}}{{#has_tags}}T{{/has_tags}}{{^has_tags}}-{{/has_tags}}{{/rows}}",
                  "{\"tags\": [1], \"rows\": [{\"tags\": []}, {\"tags\": [2]}, {}]}", NULL,
                  "-TT");
    expect_render("{{has_}}", "{\"\": [1]}", NULL, "");
}

static void test_falsy(void **state)
{
    (void)state;
    const char *tpl = "{{#v}}yes{{/v}}{{^v}}no{{/v}}";
    expect_render(tpl, "{\"v\": \"\"}", NULL, "no");
    expect_render(tpl, "{\"v\": null}", NULL, "no");
    expect_render(tpl, "{\"v\": false}", NULL, "no");
    expect_render(tpl, "{\"v\": []}", NULL, "no");
    expect_render(tpl, "{}", NULL, "no");
    expect_render(tpl, "{\"v\": \" \"}", NULL, "yes");
    expect_render(tpl, "{\"v\": 0}", NULL, "yes");
    expect_render(tpl, "{\"v\": {}}", NULL, "yes");
    expect_render(tpl, NULL, NULL, "no");
}

static void test_values(void **state)
{
    (void)state;
    expect_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                  "{\"a\": 1.21, \"b\": 0.1, \"c\": 3.0, \"d\": -17, \"e\": 1e300, "
                  "\"f\": 0.30000000000000004, \"g\": 123456789012345}",
                  NULL, "1.21 0.1 3 -17 1e+300 0.30000000000000004 123456789012345");
    /* integers as %lld writes them, to both ends of their range */
    expect_render("{{a}} {{b}} {{c}} {{d}}",
                  "{\"a\": 0, \"b\": 7, \"c\": -9223372036854775808, \"d\": 9223372036854775807}",
                  NULL, "0 7 -9223372036854775808 9223372036854775807");
    expect_render("{{t}} {{f}} [{{n}}] [{{o}}] [{{l}}]",
                  "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"k\": 1}, \"l\": [1]}",
                  NULL, "true false [] [] []");
    expect_render("{{#o}}{{k}}{{/o}} {{o.k}} {{o.k.z}}", "{\"o\": {\"k\": \"v\"}}", NULL,
                  "v v ");
}

/* Indentation of standalone partials nested in standalone partials, and of sections. */
/* A list's items find names above the list once per list (remembered, render_section), and
   still each their own first: an item that holds the name, or its first part, answers for
   itself; nested lists fall back to their own outer item; a partial inside the list and more
   names than the memo holds resolve as everywhere else. */
static void test_names_above_a_list(void **state)
{
    (void)state;
    expect_render("{{#list}}{{name}},{{/list}}",
                  "{\"name\":\"root\",\"list\":[{\"name\":\"a\"},{},{\"name\":\"c\"},{}]}", NULL,
                  "a,root,c,root,");
    expect_render(
        "{{#list}}[{{t.x}}]{{/list}}",
        "{\"t\":{\"x\":\"label\"},\"list\":[{},{\"t\":{\"y\":1}},{\"t\":{\"x\":\"own\"}},{}]}",
        NULL, "[label][][own][label]");
    expect_render("{{#outer}}{{#inner}}{{v}}{{/inner}};{{/outer}}",
                  "{\"v\":0,\"outer\":[{\"v\":1,\"inner\":[{},{}]},"
                  "{\"v\":2,\"inner\":[{},{\"v\":3},{}]},{\"inner\":[{},{}]}]}",
                  NULL, "11;232;00;");
    expect_render("{{#list}}{{#flag}}{{name}}{{/flag}}{{> p}}{{/list}}",
                  "{\"name\":\"root\",\"token\":\"T\",\"list\":[{\"flag\":true},"
                  "{\"flag\":{\"name\":\"inner\"}},{\"flag\":true,\"token\":\"own\"}]}",
                  "{\"p\":\"<{{token}}>\"}", "root<T>inner<T>root<own>");
    char tpl[4096] = "{{#list}}", data[4096] = "{\"list\":[{},{\"n5\":\"x\"},{}]";
    char expected[4096] = "";
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 60; i++) {
            char tag[32], part[32];
            if (round == 0) {
                snprintf(tag, sizeof tag, "{{n%d}}", i);
                strcat(tpl, tag);
                snprintf(part, sizeof part, ",\"n%d\":%d", i, i);
                strcat(data, part);
            }
            snprintf(part, sizeof part, "%s", round == 1 && i == 5 ? "x" : "");
            if (!*part)
                snprintf(part, sizeof part, "%d", i);
            strcat(expected, part);
        }
    strcat(tpl, "{{/list}}");
    strcat(data, "}");
    expect_render(tpl, data, NULL, expected);
}

static void test_partial_indentation(void **state)
{
    (void)state;
    expect_render("  {{>outer}}\n", NULL,
                  "{\"outer\": \"<\\n  {{>inner}}\\n>\", \"inner\": \"a\\nb\\n\"}",
                  "  <\n    a\n    b\n  >");
    expect_render("<ul>\n  {{>list}}\n</ul>\n", "{\"items\": [1, 2]}",
                  "{\"list\": \"{{#items}}\\n<li>{{.}}</li>\\n{{/items}}\\n\"}",
                  "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
    expect_render("x {{>p}} y\n", NULL, "{\"p\": \"1\\n2\\n\"}", "x 1\n2\n y\n");
    expect_render("{{a}}\r\n  {{#b}}\r\n{{c}}\r\n  {{/b}}\r\n", "{\"a\":1,\"b\":true,\"c\":2}",
                  NULL, "1\r\n2\r\n");
}

/* Build {"kids": [{"kids": [...]}]} nested depth levels (caller decrefs). */
static json_t *nested_kids(int depth)
{
    json_t *node = json_pack("{s:[]}", "kids");
    for (int i = 0; i < depth; i++)
        node = json_pack("{s:[o]}", "kids", node);
    return node;
}

static void test_recursion_limit(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    char err[256] = "";
    json_t *self = parse("{\"self\": \"x{{>self}}\"}");
    assert_int_equal(mustache_render_string("{{>self}}", self, NULL, &out, err, sizeof err), -1);
    assert_string_equal(err, "self: partials nested deeper than 64");
    json_decref(self);

    /* A tree 63 levels deep needs 64 nested partials: allowed; one more is not. */
    json_t *node = parse("{\"node\": \"({{#kids}}{{>node}}{{/kids}})\"}");
    json_t *tree = nested_kids(63);
    buf_reset(&out);
    assert_int_equal(mustache_render_string("{{>node}}", node, tree, &out, err, sizeof err), 0);
    assert_int_equal(out.len, 128);
    json_decref(tree);
    tree = nested_kids(64);
    assert_int_equal(mustache_render_string("{{>node}}", node, tree, &out, err, sizeof err), -1);
    json_decref(tree);
    json_decref(node);

    /* 64 partials each nesting 64 sections would need megabytes of stack: refused. */
    struct buf src = BUF_INIT;
    for (int i = 0; i < MUSTACHE_MAX_SECTION_DEPTH; i++)
        buf_puts(&src, "{{#a}}");
    buf_puts(&src, "{{>p}}");
    for (int i = 0; i < MUSTACHE_MAX_SECTION_DEPTH; i++)
        buf_puts(&src, "{{/a}}");
    json_t *p = json_pack("{s:s}", "p", src.data);
    json_t *truth = parse("{\"a\": true}");
    assert_int_equal(mustache_render_string("{{>p}}", p, truth, &out, err, sizeof err), -1);
    assert_string_equal(err, "p: sections and partials nested deeper than 1024");
    json_decref(p);
    json_decref(truth);
    buf_free(&src);

    /* Sections nested too deeply are a compile error. */
    struct buf deep = BUF_INIT;
    for (int i = 0; i <= MUSTACHE_MAX_SECTION_DEPTH; i++)
        buf_puts(&deep, "{{#a}}");
    assert_int_equal(mustache_render_string(deep.data, NULL, NULL, &out, err, sizeof err), -1);
    assert_string_equal(err, "template: line 1: sections nested deeper than 64");
    buf_free(&deep);
    buf_free(&out);
}

/* Render a template that may be invalid; only absence of crashes (and sanitizer reports)
 * matters. */
static void render_anything(const char *tpl, json_t *partials, json_t *data)
{
    struct buf out = BUF_INIT;
    char err[64];
    int rc = mustache_render_string(tpl, partials, data, &out, err, sizeof err);
    assert_true(rc == 0 || rc == -1);
    char tiny[1];
    mustache_render_string(tpl, partials, data, &out, tiny, sizeof tiny);
    mustache_render_string(tpl, partials, data, &out, NULL, 0);
    buf_free(&out);
}

static void test_garbage(void **state)
{
    (void)state;
    static const char *const nasty[] = {
        "{{", "}}", "{{{", "{{{}}}", "{{=", "{{==}}", "{{= =}}", "{{=<% %>=}}<%", "{{&}}",
        "{{#}}{{/}}", "{{^a}}", "{{/a}}{{#a}}", "{{!", "{{>", "{{>a", "{{a}}}}}", "{{{{a}}}}",
        "{{=| |=}}|#a||/a||||", "{{=  {{  }}  =}}", "\n\n  {{#a}}\n\n  {{/a}}\n  ", "{{.}}",
        "{{#.}}{{/.}}", "{{..}}", "{{#a}}{{>b}}{{/a}}", "{{=a b=}}a!b", "\r\n{{!x}}\r", "",
    };
    json_t *partials = parse("{\"a\": \"{{#a}}{{>a}}{{/a}}\", \"b\": \"{{>a}}{{=< >=}}<b\"}");
    json_t *data = parse("{\"a\": [{\"b\": 1}, {\"a\": false}], \"b\": \"x\"}");
    for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++)
        render_anything(nasty[i], partials, data);

    static const char alphabet[] = "{{{}}}#^/!>=&.. \n\r\tab";
    srand(20240901);
    char tpl[160];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)rand() % (sizeof tpl - 1);
        for (size_t i = 0; i < n; i++) {
            int r = rand();
            tpl[i] = r % 8 ? alphabet[r / 8 % (int)(sizeof alphabet - 1)] : (char)(1 + r % 255);
        }
        tpl[n] = '\0';
        render_anything(tpl, partials, data);
    }
    json_decref(partials);
    json_decref(data);
}

/* Write text into dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A template folder loads only when every template is valid UTF-8: the page rendered from
   them goes to the layout without a second check (render.c). */
static void test_templates_must_be_utf8(void **state)
{
    (void)state;
    char dir[] = "/tmp/verrijkt-templates.XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "good.html", "<p>Ori\xc3\xabntatie {{name}}</p>");
    char err[256] = "";
    struct mustache_set *set = templates_load(dir, err, sizeof err);
    assert_non_null(set);
    mustache_set_free(set);
    write_file(dir, "bad.html", "<p>caf\xe9 {{name}}</p>"); /* Latin-1, not UTF-8 */
    set = templates_load(dir, err, sizeof err);
    assert_null(set);
    assert_non_null(strstr(err, "bad.html: not valid UTF-8"));
    char path[256];
    snprintf(path, sizeof path, "%s/good.html", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/bad.html", dir);
    unlink(path);
    rmdir(dir);
}

/* ---- the Mustache specification --------------------------------------------------------- */

struct spec_file {
    char *path; /* owned */
    char *name; /* owned; the file name, also the cmocka test name */
};

static size_t spec_passed, spec_failed;

/* JSON-quote s for messages (caller frees). */
static char *quote(const char *s)
{
    json_t *str = json_string(s);
    char *q = str ? json_dumps(str, JSON_ENCODE_ANY) : NULL;
    json_decref(str);
    return q ? q : strdup("(not UTF-8)");
}

/* Run one spec case; print it if it fails. Returns whether it passed. */
static bool run_case(const char *file, json_t *tc)
{
    const char *name = json_string_value(json_object_get(tc, "name"));
    const char *tpl = json_string_value(json_object_get(tc, "template"));
    const char *expected = json_string_value(json_object_get(tc, "expected"));
    if (!name || !tpl || !expected) {
        printf("FAIL %s: malformed case\n", file);
        return false;
    }
    struct buf out = BUF_INIT;
    char err[256] = "";
    int rc = mustache_render_string(tpl, json_object_get(tc, "partials"),
                                    json_object_get(tc, "data"), &out, err, sizeof err);
    char *got = buf_steal(&out);
    bool ok = rc == 0 && strcmp(got, expected) == 0;
    if (!ok) {
        char *qe = quote(expected), *qg = quote(got);
        printf("FAIL %s: %s\n  expected: %s\n  got:      %s%s%s\n", file, name, qe, qg,
               rc ? "  error: " : "", rc ? err : "");
        free(qe);
        free(qg);
    }
    free(got);
    return ok;
}

static void test_spec_file(void **state)
{
    const struct spec_file *sf = *state;
    json_error_t jerr;
    json_t *root = json_load_file(sf->path, 0, &jerr);
    if (!root)
        fail_msg("%s: line %d: %s", sf->path, jerr.line, jerr.text);
    json_t *cases = json_object_get(root, "tests");
    size_t i, passed = 0, failed = 0;
    json_t *tc;
    json_array_foreach (cases, i, tc) {
        if (run_case(sf->name, tc))
            passed++;
        else
            failed++;
    }
    json_decref(root);
    printf("%s: %zu of %zu cases passed\n", sf->name, passed, passed + failed);
    spec_passed += passed;
    spec_failed += failed;
    if (failed || passed == 0)
        fail_msg("%s: %zu cases failed", sf->name, failed);
}

static void test_spec_absent(void **state)
{
    printf("Mustache spec folder %s not found; set MUSTACHE_SPEC_DIR\n", (const char *)*state);
    skip();
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct spec_file *)a)->name, ((const struct spec_file *)b)->name);
}

/* List the spec files in dir (sorted; caller frees each and the array). Returns the count,
 * or -1 if the folder cannot be opened. */
static int list_spec_files(const char *dir, struct spec_file **files)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '~' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        *files = realloc(*files, (size_t)(n + 1) * sizeof **files);
        assert_non_null(*files);
        struct buf path = BUF_INIT;
        buf_printf(&path, "%s/%s", dir, e->d_name);
        (*files)[n].path = buf_steal(&path);
        (*files)[n].name = strdup(e->d_name);
        n++;
    }
    closedir(d);
    qsort(*files, (size_t)n, sizeof **files, by_name);
    return n;
}

static int run_spec_tests(void)
{
    const char *dir = getenv("MUSTACHE_SPEC_DIR");
    if (!dir || !*dir)
        dir = "../shared/mustache-spec";
    struct spec_file *files = NULL;
    int n = list_spec_files(dir, &files);
    if (n <= 0) {
        const struct CMUnitTest absent[] = {
            {"mustache-spec (folder absent)", test_spec_absent, NULL, NULL, (void *)dir},
        };
        free(files);
        return cmocka_run_group_tests_name("mustache-spec", absent, NULL, NULL);
    }
    struct CMUnitTest *tests = calloc((size_t)n, sizeof *tests);
    assert_non_null(tests);
    for (int i = 0; i < n; i++)
        tests[i] = (struct CMUnitTest){files[i].name, test_spec_file, NULL, NULL, &files[i]};
    int failures = _cmocka_run_group_tests("mustache-spec", tests, (size_t)n, NULL, NULL);
    printf("Mustache spec: %zu of %zu cases passed\n", spec_passed, spec_passed + spec_failed);
    for (int i = 0; i < n; i++) {
        free(files[i].path);
        free(files[i].name);
    }
    free(files);
    free(tests);
    return failures;
}

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_raw_whitelist),
        cmocka_unit_test(test_names_above_a_list),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_set_check),
        cmocka_unit_test(test_set_refuses_sections_on_list_items),
        cmocka_unit_test(test_has_name_tests_without_pushing),
        cmocka_unit_test(test_falsy),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_partial_indentation),
        cmocka_unit_test(test_recursion_limit),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_templates_must_be_utf8),
    };
    int failures = cmocka_run_group_tests_name("mustache", unit, NULL, NULL);
    failures += run_spec_tests();
    return failures ? 1 : 0;
}
