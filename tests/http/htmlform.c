/* Submitting a page's HTML form as a browser would (see htmlform.h). A small reader for the
   markup our own templates write: attributes in double quotes, the entities the template
   engine writes (&amp; &lt; &gt; &quot; &#39;). Not a general HTML parser. */
#include "htmlform.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testkit.h"

#define MAX_FIELDS 256

struct field {
    char *name;
    char *value;
};

struct fields {
    struct field list[MAX_FIELDS];
    size_t count;
};

/* The text [s, s + n) with the template engine's entities decoded. Caller frees. */
static char *decode(const char *s, size_t n)
{
    static const struct {
        const char *entity;
        char ch;
    } entities[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
                    {"&#39;", '\''}, {"&#x27;", '\''}, {"&#x2F;", '/'}};
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        while (k < sizeof entities / sizeof *entities &&
               strncmp(s + i, entities[k].entity, strlen(entities[k].entity)))
            k++;
        if (k < sizeof entities / sizeof *entities && s[i] == '&') {
            out[len++] = entities[k].ch;
            i += strlen(entities[k].entity);
        } else {
            out[len++] = s[i++];
        }
    }
    out[len] = '\0';
    return out;
}

/* The value of attribute name in the tag [tag, end) (decoded, caller frees), or NULL. A
   boolean attribute ("checked") gives "". */
static char *attribute(const char *tag, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = tag; p && p + n < end; p = strchr(p + 1, ' ')) {
        if (strncasecmp(p + 1, name, n))
            continue;
        const char *after = p + 1 + n;
        if (*after == '=' && after[1] == '"') {
            const char *close = strchr(after + 2, '"');
            assert_non_null(close);
            return decode(after + 2, (size_t)(close - after - 2));
        }
        if (*after == ' ' || *after == '>' || *after == '/')
            return decode("", 0);
    }
    return NULL;
}

static bool has_attribute(const char *tag, const char *end, const char *name)
{
    char *v = attribute(tag, end, name);
    free(v);
    return v != NULL;
}

static void add_field(struct fields *f, char *name, char *value)
{
    if (f->count == MAX_FIELDS)
        fail_msg("more than %d fields in one form", MAX_FIELDS);
    f->list[f->count++] = (struct field){name, value};
}

/* An <input>: what a browser sends for it, if anything. */
static void read_input(struct fields *f, const char *tag, const char *end)
{
    char *name = attribute(tag, end, "name");
    char *type = attribute(tag, end, "type");
    bool checkable = type && (!strcasecmp(type, "checkbox") || !strcasecmp(type, "radio"));
    bool sent = name && !has_attribute(tag, end, "disabled") &&
                !(type && (!strcasecmp(type, "submit") || !strcasecmp(type, "button") ||
                           !strcasecmp(type, "file"))) &&
                (!checkable || has_attribute(tag, end, "checked"));
    char *value = sent ? attribute(tag, end, "value") : NULL;
    free(type);
    if (!sent) {
        free(name);
        return;
    }
    add_field(f, name, value ? value : decode(checkable ? "on" : "", checkable ? 2 : 0));
}

/* A <select> from its opening tag to </select>: the selected option, else the first. */
static void read_select(struct fields *f, const char *tag, const char *end, const char *stop)
{
    char *name = attribute(tag, end, "name");
    if (!name)
        return;
    char *first = NULL, *chosen = NULL;
    for (const char *o = strstr(end, "<option"); o && o < stop; o = strstr(o + 1, "<option")) {
        const char *oend = strchr(o, '>');
        char *v = attribute(o, oend, "value");
        if (!v) { /* no value attribute: the option's text */
            const char *close = strstr(oend, "</option>");
            v = decode(oend + 1, (size_t)(close - oend - 1));
        }
        if (!chosen && has_attribute(o, oend, "selected"))
            chosen = strdup(v);
        if (!first)
            first = strdup(v);
        free(v);
    }
    if (chosen) {
        free(first);
        add_field(f, name, chosen);
    } else if (first) {
        add_field(f, name, first);
    } else {
        free(name);
    }
}

/* The fields of the form [form, stop) in document order. */
static void read_fields(struct fields *f, const char *form, const char *stop)
{
    for (const char *p = strchr(form + 1, '<'); p && p < stop; p = strchr(p + 1, '<')) {
        const char *end = strchr(p, '>');
        if (!end || end > stop)
            break;
        if (!strncasecmp(p, "<input ", 7)) {
            read_input(f, p, end);
        } else if (!strncasecmp(p, "<select ", 8)) {
            const char *close = strstr(end, "</select>");
            assert_non_null(close);
            read_select(f, p, end, close);
            p = close;
        } else if (!strncasecmp(p, "<textarea ", 10)) {
            const char *close = strstr(end, "</textarea>");
            assert_non_null(close);
            char *name = attribute(p, end, "name");
            if (name)
                add_field(f, name, decode(end + 1, (size_t)(close - end - 1)));
            p = close;
        }
    }
}

/* The first <form> of html whose action is action: its start, and its end in *stop. */
static const char *find_form(const char *html, const char *action, const char **stop)
{
    for (const char *p = strstr(html, "<form"); p; p = strstr(p + 1, "<form")) {
        const char *end = strchr(p, '>');
        char *a = end ? attribute(p, end, "action") : NULL;
        bool match = a && !strcmp(a, action);
        free(a);
        if (match) {
            *stop = strstr(end, "</form>");
            assert_non_null(*stop);
            return p;
        }
    }
    fail_msg("no form with action=\"%s\" in the page", action);
    return NULL;
}

/* Replace the value of every field called name (or add one when there is none). */
static void set_value(struct fields *f, const char *name, const char *value)
{
    bool found = false;
    for (size_t i = 0; i < f->count; i++) {
        if (strcmp(f->list[i].name, name))
            continue;
        free(f->list[i].value);
        f->list[i].value = strdup(value);
        found = true;
    }
    if (!found)
        add_field(f, strdup(name), strdup(value));
}

/* The fields URL-encoded. Caller frees. */
static char *encode(const struct fields *f)
{
    size_t size = 1, len = 0;
    char *body = calloc(1, 1);
    assert_non_null(body);
    for (size_t i = 0; i < f->count; i++) {
        char *name = client_escape(f->list[i].name);
        char *value = client_escape(f->list[i].value);
        size += strlen(name) + strlen(value) + 2;
        body = realloc(body, size);
        assert_non_null(body);
        len += (size_t)sprintf(body + len, "%s%s=%s", len ? "&" : "", name, value);
        free(name);
        free(value);
    }
    return body;
}

static void fields_free(struct fields *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->list[i].name);
        free(f->list[i].value);
    }
    free(f);
}

/* The fields of the form of html with that action. fields_free. */
static struct fields *form_fields(const char *html, const char *action)
{
    const char *stop = NULL;
    const char *form = find_form(html, action, &stop);
    struct fields *f = calloc(1, sizeof *f);
    assert_non_null(f);
    read_fields(f, form, stop);
    return f;
}

static char *form_body_v(const char *html, const char *action, va_list ap)
{
    struct fields *f = form_fields(html, action);
    for (const char *name = va_arg(ap, const char *); name; name = va_arg(ap, const char *))
        set_value(f, name, va_arg(ap, const char *));
    char *body = encode(f);
    fields_free(f);
    return body;
}

char *html_form_body(const char *html, const char *action, ...)
{
    va_list ap;
    va_start(ap, action);
    char *body = form_body_v(html, action, ap);
    va_end(ap);
    return body;
}

char *html_form_value(const char *html, const char *action, const char *name)
{
    struct fields *f = form_fields(html, action);
    char *value = NULL;
    for (size_t i = 0; i < f->count && !value; i++)
        if (!strcmp(f->list[i].name, name))
            value = strdup(f->list[i].value);
    fields_free(f);
    return value;
}

void submit_form(struct client *c, const char *page, const char *action, struct response *res,
                 ...)
{
    struct response got;
    assert_int_equal(client_get(c, page, false, &got), 0);
    if (got.status != 200)
        fail_msg("GET %s: status %ld", page, got.status);
    va_list ap;
    va_start(ap, res);
    char *body = form_body_v(got.body, action, ap);
    va_end(ap);
    response_free(&got);
    assert_int_equal(client_post(c, action, body, false, false, res), 0);
    free(body);
}
