/* Mustache over jansson: a compiler from template text to a flat list of operations, and a
 * renderer that walks that list with a stack of contexts.
 *
 * A compiled template keeps a copy of its source; operations refer to ranges in it (literal
 * text, tag names, partial indentation). A section is one operation followed by its body, and
 * records the index just past the body, so the list needs no tree and no pointers.
 *
 * Standalone lines (a section, inverted, close, comment, partial or delimiter tag alone on its
 * line apart from spaces and tabs) are removed at compile time. Every other line of the source
 * starts with an OP_INDENT, which writes the indentation of the partials being rendered (none
 * at the top level), so partials need no re-parsing to be indented. */
#include "view/mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"

#define NPOS ((size_t)-1)

/* Section bodies and partials rendered inside one another. 64 partials with a few nested
 * sections each fit; the limit keeps the stack under about 0.5 MB even with ASan. */
#define MAX_RENDER_NESTING 1024

enum op_kind {
    OP_TEXT,     /* literal text: source [start, start + len) */
    OP_INDENT,   /* start of a source line: write the current partial indentation */
    OP_VAR,      /* interpolate name [start, start + len), HTML-escaped */
    OP_RAW,      /* interpolate name, unescaped */
    OP_SECTION,  /* body [index + 1, end) per array item, or once for a truthy value */
    OP_INVERTED, /* body [index + 1, end) once if the value is falsy */
    OP_PARTIAL,  /* render the template named [start, start + len) */
};

struct op {
    enum op_kind kind;
    bool standalone;   /* OP_PARTIAL: alone on its line, so its lines get indented */
    size_t pos;        /* offset of the tag in the source, for line numbers in messages */
    size_t start, len; /* OP_TEXT: the text; tags: the name */
    size_t indent_start, indent_len; /* OP_PARTIAL: the whitespace before a standalone tag */
    size_t end;        /* sections: index of the first operation after the body */
};

struct template {
    char *name;   /* owned */
    size_t name_len; /* strlen(name): compared first when a partial is looked up by name */
    char *src;    /* owned copy of the source; operations point into it */
    struct op *ops; /* owned */
    size_t nops;
};

struct mustache_set {
    char **raw_allowed; /* owned, NULL-terminated; NULL means any name may be raw */
    struct template *tpls;
    size_t count, cap;
};

/* ---- small helpers ---------------------------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        abort();
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Clip a length for "%.*s" in messages, so a huge name cannot swamp them. */
static int clip(size_t n) { return n > 60 ? 60 : (int)n; }

static size_t line_of(const char *src, size_t pos)
{
    size_t line = 1;
    for (size_t i = 0; i < pos; i++)
        line += src[i] == '\n';
    return line;
}

/* Write a message into err (if there is room); never overflows. */
__attribute__((format(printf, 3, 4))) static void set_err(char *err, size_t errlen,
                                                          const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Offset of the first occurrence of needle in s[from, len), or NPOS. */
static size_t find(const char *s, size_t len, size_t from, const char *needle, size_t nlen)
{
    while (from + nlen <= len) {
        const char *hit = memchr(s + from, needle[0], len - from - nlen + 1);
        if (!hit)
            return NPOS;
        size_t at = (size_t)(hit - s);
        if (memcmp(hit, needle, nlen) == 0)
            return at;
        from = at + 1;
    }
    return NPOS;
}

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* Index of the template called name[0, len) in the set, or NPOS. */
static size_t find_index(const struct mustache_set *set, const char *name, size_t len)
{
    for (size_t i = 0; i < set->count; i++)
        if (same(set->tpls[i].name, set->tpls[i].name_len, name, len))
            return i;
    return NPOS;
}

/* The template called name[0, len), or NULL if absent. Set-owned. */
static const struct template *find_template(const struct mustache_set *set, const char *name,
                                            size_t len)
{
    size_t i = find_index(set, name, len);
    return i == NPOS ? NULL : &set->tpls[i];
}

/* Free what a template owns and zero it; safe on a zeroed or half-built template. */
static void template_free(struct template *t)
{
    free(t->name);
    free(t->src);
    free(t->ops);
    memset(t, 0, sizeof *t);
}

/* ---- compiler --------------------------------------------------------------------------- */

struct compiler {
    const char *tname; /* template name, for messages */
    const char *src;
    size_t len;
    const char *const *raw_allowed;
    const char *otag, *ctag; /* current delimiters (static strings or ranges of src) */
    size_t olen, clen;
    bool bol; /* at the start of a source line on which nothing has been emitted yet */
    struct op *ops;
    size_t nops, cap;
    size_t open[MUSTACHE_MAX_SECTION_DEPTH]; /* indices of the open sections */
    size_t depth;
    char *err;
    size_t errlen;
};

/* A tag as written: {{sigil body}} from offset at to just before end. */
struct tag {
    char sigil;       /* 0 for a plain variable, else one of { & # ^ / ! > = */
    size_t at, end;   /* the opening delimiter, and just past the closing one */
    size_t body, blen; /* the content after the sigil, trimmed */
};

/* Fill c->err with "name: line N: message" for the tag at pos. Returns -1. */
__attribute__((format(printf, 3, 4))) static int compile_error(struct compiler *c, size_t pos,
                                                               const char *fmt, ...)
{
    if (!c->err || c->errlen == 0)
        return -1;
    int n = snprintf(c->err, c->errlen, "%s: line %zu: ", c->tname, line_of(c->src, pos));
    if (n < 0 || (size_t)n >= c->errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Append an operation of the given kind at pos; returns it (valid until the next push). */
static struct op *push_op(struct compiler *c, enum op_kind kind, size_t pos)
{
    if (ARRAY_RESERVE(c->ops, c->cap, c->nops))
        abort(); /* out of memory: as xrealloc */
    struct op *op = &c->ops[c->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->pos = pos;
    return op;
}

/* Mark the start of a line that is kept: its output begins with the partial indentation. */
static void begin_line(struct compiler *c, size_t pos)
{
    if (c->bol)
        push_op(c, OP_INDENT, pos);
    c->bol = false;
}

/* Emit source [from, to) as text, one operation per line, each line preceded by OP_INDENT. */
static void emit_text(struct compiler *c, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(c->src + from, '\n', to - from);
        size_t stop = nl ? (size_t)(nl - c->src) + 1 : to;
        begin_line(c, from);
        struct op *op = push_op(c, OP_TEXT, from);
        op->start = from;
        op->len = stop - from;
        c->bol = c->src[stop - 1] == '\n';
        from = stop;
    }
}

/* Parse the tag whose opening delimiter is at offset at. Returns 0, or -1 (err filled). */
static int parse_tag(struct compiler *c, size_t at, struct tag *tag)
{
    size_t p = at + c->olen;
    char closer = 0; /* '}' or '=' must come just before the closing delimiter */
    tag->at = at;
    tag->sigil = p < c->len ? c->src[p] : 0;
    switch (tag->sigil) {
    case '{': closer = '}'; p++; break;
    case '=': closer = '='; p++; break;
    case '&': case '#': case '^': case '/': case '!': case '>': p++; break;
    case '<': case '$': return compile_error(c, at, "template inheritance is not supported");
    default: tag->sigil = 0; break;
    }
    size_t close = NPOS, from = p;
    for (;;) {
        close = find(c->src, c->len, from, c->ctag, c->clen);
        if (close == NPOS)
            return compile_error(c, at, "unclosed tag '%.*s'", (int)c->olen, c->otag);
        if (!closer || (close > p && c->src[close - 1] == closer))
            break;
        from = close + 1;
    }
    size_t body_end = closer ? close - 1 : close;
    while (p < body_end && is_space(c->src[p]))
        p++;
    while (body_end > p && is_space(c->src[body_end - 1]))
        body_end--;
    tag->body = p;
    tag->blen = body_end - p;
    tag->end = close + c->clen;
    return 0;
}

static bool has_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_space(s[i]))
            return true;
    return false;
}

/* A dotted name: "." alone, or non-empty parts without spaces joined by single dots. */
static bool valid_name(const char *s, size_t n)
{
    if (n == 1 && s[0] == '.')
        return true;
    if (n == 0 || s[0] == '.' || s[n - 1] == '.' || has_space(s, n))
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.')
            return false;
    return true;
}

/* Whether name[0, n) may be written unescaped in this set. */
static bool raw_allowed(const struct compiler *c, const char *name, size_t n)
{
    if (!c->raw_allowed)
        return true;
    for (const char *const *r = c->raw_allowed; *r; r++)
        if (same(*r, strlen(*r), name, n))
            return true;
    return false;
}

/* Apply a {{=<% %>=}} tag: two delimiters without spaces or '=' separated by spaces. */
static int set_delimiters(struct compiler *c, const struct tag *tag)
{
    const char *s = c->src + tag->body;
    size_t n = tag->blen, olen = 0;
    while (olen < n && !is_space(s[olen]))
        olen++;
    size_t cstart = olen;
    while (cstart < n && is_space(s[cstart]))
        cstart++;
    size_t clen = n - cstart;
    bool ok = olen > 0 && clen > 0 && !memchr(s, '=', n);
    for (size_t i = cstart; ok && i < n; i++)
        ok = !is_space(s[i]);
    if (!ok)
        return compile_error(c, tag->at, "invalid delimiters '%.*s'", clip(n), s);
    c->otag = s;
    c->olen = olen;
    c->ctag = s + cstart;
    c->clen = clen;
    return 0;
}

/* Close the innermost open section with a {{/name}} tag. */
static int close_section(struct compiler *c, const struct tag *tag)
{
    const char *name = c->src + tag->body;
    if (c->depth == 0)
        return compile_error(c, tag->at, "close tag '%.*s' without an open section",
                             clip(tag->blen), name);
    struct op *open = &c->ops[c->open[c->depth - 1]];
    if (!same(c->src + open->start, open->len, name, tag->blen))
        return compile_error(c, tag->at, "close tag '%.*s' does not match section '%.*s' "
                             "opened on line %zu", clip(tag->blen), name, clip(open->len),
                             c->src + open->start, line_of(c->src, open->pos));
    open->end = c->nops;
    c->depth--;
    return 0;
}

/* Emit the operation for a variable, section or partial tag; indent_at is the start of the
 * whitespace before a standalone tag, NPOS if the tag is not standalone. */
static int emit_tag(struct compiler *c, const struct tag *tag, size_t indent_at)
{
    const char *name = c->src + tag->body;
    bool is_raw = tag->sigil == '{' || tag->sigil == '&';
    if (tag->sigil == '>' ? tag->blen == 0 || has_space(name, tag->blen)
                          : !valid_name(name, tag->blen))
        return compile_error(c, tag->at, "invalid name '%.*s'", clip(tag->blen), name);
    if (is_raw && !raw_allowed(c, name, tag->blen))
        return compile_error(c, tag->at, "raw output of '%.*s' is not allowed",
                             clip(tag->blen), name);
    bool is_section = tag->sigil == '#' || tag->sigil == '^';
    if (is_section && c->depth == MUSTACHE_MAX_SECTION_DEPTH)
        return compile_error(c, tag->at, "sections nested deeper than %d",
                             MUSTACHE_MAX_SECTION_DEPTH);
    enum op_kind kind = is_raw                ? OP_RAW
                        : tag->sigil == '#'   ? OP_SECTION
                        : tag->sigil == '^'   ? OP_INVERTED
                        : tag->sigil == '>'   ? OP_PARTIAL
                                              : OP_VAR;
    if (is_section)
        c->open[c->depth++] = c->nops;
    struct op *op = push_op(c, kind, tag->at);
    op->start = tag->body;
    op->len = tag->blen;
    if (kind == OP_PARTIAL && indent_at != NPOS) {
        op->standalone = true;
        op->indent_start = indent_at;
        op->indent_len = tag->at - indent_at;
    }
    return 0;
}

/* Act on a parsed tag: comments vanish, delimiters change, the rest become operations. */
static int handle_tag(struct compiler *c, const struct tag *tag, size_t indent_at)
{
    switch (tag->sigil) {
    case '!': return 0;
    case '=': return set_delimiters(c, tag);
    case '/': return close_section(c, tag);
    default: return emit_tag(c, tag, indent_at);
    }
}

/* If the text [from, at) before a tag ends in a line holding only spaces and tabs so far,
 * return where that line starts; otherwise NPOS. */
static size_t blank_line_start(const struct compiler *c, size_t from, size_t at)
{
    size_t k = at;
    while (k > from && is_blank(c->src[k - 1]))
        k--;
    if (k == from)
        return c->bol ? from : NPOS;
    return c->src[k - 1] == '\n' ? k : NPOS;
}

/* If the tag can stand alone and only spaces, tabs and a line ending (or the end of the
 * source) follow it, return the offset after that line ending; otherwise NPOS. */
static size_t standalone_end(const struct compiler *c, const struct tag *tag)
{
    if (!tag->sigil || !strchr("#^/!>=", tag->sigil))
        return NPOS;
    size_t q = tag->end;
    while (q < c->len && is_blank(c->src[q]))
        q++;
    if (q == c->len)
        return q;
    if (c->src[q] == '\n')
        return q + 1;
    if (c->src[q] == '\r' && q + 1 < c->len && c->src[q + 1] == '\n')
        return q + 2;
    return NPOS;
}

/* Compile c->src into c->ops. Returns 0, or -1 with c->err filled. */
static int compile_ops(struct compiler *c)
{
    size_t pos = 0;
    while (pos < c->len) {
        size_t at = find(c->src, c->len, pos, c->otag, c->olen);
        if (at == NPOS) {
            emit_text(c, pos, c->len);
            break;
        }
        struct tag tag;
        if (parse_tag(c, at, &tag) < 0)
            return -1;
        size_t line_at = blank_line_start(c, pos, at);
        size_t after = line_at == NPOS ? NPOS : standalone_end(c, &tag);
        if (after != NPOS) {
            emit_text(c, pos, line_at);
            if (handle_tag(c, &tag, line_at) < 0)
                return -1;
            c->bol = true;
            pos = after;
        } else {
            emit_text(c, pos, at);
            begin_line(c, at);
            if (handle_tag(c, &tag, NPOS) < 0)
                return -1;
            pos = tag.end;
        }
    }
    if (c->depth > 0) {
        const struct op *open = &c->ops[c->open[c->depth - 1]];
        return compile_error(c, open->pos, "unclosed section '%.*s'", clip(open->len),
                             c->src + open->start);
    }
    return 0;
}

/* Compile source into *t (whose fields the caller frees with template_free, also on
 * failure). Returns 0, or -1 with err filled. */
static int compile_template(struct template *t, const char *name, const char *source,
                            const char *const *raw, char *err, size_t errlen)
{
    t->name = xstrdup(name);
    t->name_len = strlen(name);
    t->src = xstrdup(source);
    struct compiler c = {
        .tname = name, .src = t->src, .len = strlen(t->src), .raw_allowed = raw,
        .otag = "{{", .olen = 2, .ctag = "}}", .clen = 2, .bol = true,
        .err = err, .errlen = errlen,
    };
    int rc = compile_ops(&c);
    t->ops = c.ops;
    t->nops = c.nops;
    return rc;
}

/* ---- renderer --------------------------------------------------------------------------- */

/* Names resolved above the items of an array section, remembered while it is rendered: the
   frames above the items stay the same from item to item, so a name that an item does not
   hold (a label such as t.parent.where, the page's csrf token) is looked up there once per
   section instead of once per item. Keyed by the name's address in its template, which is one
   per tag. */
enum { OUTER_MEMO = 64 };
struct outer_memo {
    const char *name[OUTER_MEMO]; /* NULL: a free slot */
    json_t *value[OUTER_MEMO];    /* borrowed; NULL: resolved to nothing */
    unsigned used;
};

struct ctx {
    json_t *value; /* borrowed; may be NULL */
    const struct ctx *up;
    struct outer_memo *memo; /* on an array item's frame, or NULL */
};

struct indent {
    const char *s;
    size_t n;
    const struct indent *outer;
};

struct render {
    const struct mustache_set *set;
    struct buf *out;
    int partial_depth;
    int nesting; /* section bodies and partials being rendered, to bound the C stack */
    char *err;
    size_t errlen;
};

static bool is_falsy(const json_t *v);

/* A member of an object. An object without a member "has_NAME" but with a member NAME answers
 * "has_NAME" with NAME's truthiness as a boolean: "{{#has_pupils}}" tests a list without
 * pushing its first item onto the context (see names_list_item). Borrowed or NULL. */
static json_t *member(json_t *object, const char *name, size_t len)
{
    json_t *v = json_object_getn(object, name, len);
    if (v || len <= 4 || memcmp(name, "has_", 4))
        return v;
    v = json_object_getn(object, name + 4, len - 4);
    return !v ? NULL : is_falsy(v) ? json_false() : json_true();
}

/* A member of an object, or an item of an array by its decimal index ("list.0"). */
static json_t *child(json_t *v, const char *name, size_t len)
{
    if (json_is_object(v))
        return member(v, name, len);
    if (!json_is_array(v) || len == 0 || len > 9)
        return NULL;
    size_t index = 0;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return NULL;
        index = index * 10 + (size_t)(name[i] - '0');
    }
    return json_array_get(v, index);
}

static json_t *lookup(const struct ctx *ctx, const char *name, size_t len);

/* The slot of name in m (*found: it is there), or the free slot where it belongs; OUTER_MEMO
   when the memo is three quarters full and name is not in it. */
static size_t memo_index(const struct outer_memo *m, const char *name, bool *found)
{
    size_t at = ((uintptr_t)name >> 2) % OUTER_MEMO;
    for (size_t probe = 0; probe < OUTER_MEMO; probe++, at = (at + 1) % OUTER_MEMO) {
        if (m->name[at] == name || !m->name[at]) {
            *found = m->name[at] == name;
            return *found || m->used < OUTER_MEMO * 3 / 4 ? at : OUTER_MEMO;
        }
    }
    *found = false;
    return OUTER_MEMO;
}

/* name resolved in the frames above item (the frame of an array section's item, with its
   memo), through the memo. Borrowed or NULL. */
static json_t *above_item(const struct ctx *item, const char *name, size_t len)
{
    struct outer_memo *m = item->memo;
    bool found;
    size_t at = memo_index(m, name, &found);
    if (found)
        return m->value[at];
    json_t *v = lookup(item->up, name, len);
    if (at < OUTER_MEMO) {
        m->name[at] = name;
        m->value[at] = v;
        m->used++;
    }
    return v;
}

/* Resolve name[0, len) against the context stack: "." is the top; otherwise the first part is
   looked up from the top down, and the other parts within what it found. Borrowed or NULL. */
static json_t *lookup(const struct ctx *ctx, const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return ctx ? ctx->value : NULL;
    const char *dot = memchr(name, '.', len);
    size_t part = dot ? (size_t)(dot - name) : len;
    json_t *v = NULL;
    for (; ctx && !v; ctx = ctx->up) {
        if (json_is_object(ctx->value))
            v = member(ctx->value, name, part);
        if (!v && ctx->memo)
            return above_item(ctx, name, len); /* the rest of the walk is remembered */
    }
    while (v && part < len) {
        name += part + 1;
        len -= part + 1;
        dot = memchr(name, '.', len);
        part = dot ? (size_t)(dot - name) : len;
        v = child(v, name, part);
    }
    return v;
}

/* Missing, null, false, an empty array and "" are falsy; everything else is truthy. */
static bool is_falsy(const json_t *v)
{
    return !v || json_is_null(v) || json_is_false(v) ||
           (json_is_array(v) && json_array_size(v) == 0) ||
           (json_is_string(v) && json_string_length(v) == 0);
}

/* Format a real in the shortest of %.15g, %.16g, %.17g that reads back as the same value. */
static void format_real(double d, char *tmp, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, size, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            return;
    }
}

/* The decimal digits of value, as "%lld" writes them, at the end of tmp (no NUL): where they
   start. Counts and ids are printed often; snprintf is slow for them. */
static const char *format_integer(json_int_t value, char *tmp, size_t size)
{
    char *at = tmp + size;
    unsigned long long u = value < 0 ? 0 - (unsigned long long)value : (unsigned long long)value;
    do
        *--at = (char)('0' + u % 10);
    while (u /= 10);
    if (value < 0)
        *--at = '-';
    return at;
}

/* Append the text of a scalar: strings as they are, numbers in decimal, true and false as
 * words; null, missing, objects and arrays as nothing. */
static void put_value(struct buf *out, const json_t *v, bool escape)
{
    char tmp[40];
    const char *s = tmp;
    size_t n;
    if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_integer(v)) {
        s = format_integer(json_integer_value(v), tmp, sizeof tmp);
        n = (size_t)(tmp + sizeof tmp - s);
    } else if (json_is_real(v)) {
        format_real(json_real_value(v), tmp, sizeof tmp);
        n = strlen(tmp);
    } else if (json_is_boolean(v)) {
        s = json_is_true(v) ? "true" : "false";
        n = strlen(s);
    } else {
        return;
    }
    if (escape)
        buf_put_html(out, s, n);
    else
        buf_append(out, s, n);
}

/* Write the indentation of every enclosing standalone partial, outermost first. */
static void put_indent(struct buf *out, const struct indent *ind)
{
    if (!ind)
        return;
    put_indent(out, ind->outer);
    buf_append(out, ind->s, ind->n);
}

static int render_ops(struct render *r, const struct template *t, size_t from, size_t to,
                      const struct ctx *ctx, const struct indent *ind);

/* Render the section or inverted section at ops[i]. */
static int render_section(struct render *r, const struct template *t, size_t i,
                          const struct ctx *ctx, const struct indent *ind)
{
    const struct op *op = &t->ops[i];
    json_t *v = lookup(ctx, t->src + op->start, op->len);
    bool falsy = is_falsy(v);
    if (op->kind == OP_INVERTED)
        return falsy ? render_ops(r, t, i + 1, op->end, ctx, ind) : 0;
    if (falsy)
        return 0;
    if (!json_is_array(v)) {
        struct ctx inner = {v, ctx, NULL};
        return render_ops(r, t, i + 1, op->end, &inner, ind);
    }
    struct outer_memo *memo = json_array_size(v) > 1 ? calloc(1, sizeof *memo) : NULL;
    size_t k;
    json_t *item;
    int rc = 0;
    json_array_foreach (v, k, item) {
        struct ctx inner = {item, ctx, memo};
        if ((rc = render_ops(r, t, i + 1, op->end, &inner, ind)) < 0)
            break;
    }
    free(memo);
    return rc;
}

/* Render the partial at op: missing partials render as nothing; a standalone partial has its
 * lines indented by the whitespace before its tag (added to the current indentation). */
static int render_partial(struct render *r, const struct template *t, const struct op *op,
                          const struct ctx *ctx, const struct indent *ind)
{
    const struct template *p = find_template(r->set, t->src + op->start, op->len);
    if (!p)
        return 0;
    if (r->partial_depth >= MUSTACHE_MAX_PARTIAL_DEPTH) {
        set_err(r->err, r->errlen, "%s: partials nested deeper than %d", p->name,
                MUSTACHE_MAX_PARTIAL_DEPTH);
        return -1;
    }
    struct indent own = {t->src + op->indent_start, op->indent_len, ind};
    r->partial_depth++;
    int rc = render_ops(r, p, 0, p->nops, ctx, op->standalone ? &own : NULL);
    r->partial_depth--;
    return rc;
}

/* Render operations [from, to) of t. Returns 0, or -1 when partials or sections nest too
 * deep (err filled). */
static int render_ops(struct render *r, const struct template *t, size_t from, size_t to,
                      const struct ctx *ctx, const struct indent *ind)
{
    if (r->nesting >= MAX_RENDER_NESTING) {
        set_err(r->err, r->errlen, "%s: sections and partials nested deeper than %d", t->name,
                MAX_RENDER_NESTING);
        return -1;
    }
    int rc = -1;
    r->nesting++;
    for (size_t i = from; i < to; i++) {
        const struct op *op = &t->ops[i];
        switch (op->kind) {
        case OP_TEXT: buf_append(r->out, t->src + op->start, op->len); break;
        case OP_INDENT: put_indent(r->out, ind); break;
        case OP_VAR:
        case OP_RAW:
            put_value(r->out, lookup(ctx, t->src + op->start, op->len), op->kind == OP_VAR);
            break;
        case OP_SECTION:
        case OP_INVERTED:
            if (render_section(r, t, i, ctx, ind) < 0)
                goto out;
            i = op->end - 1;
            break;
        case OP_PARTIAL:
            if (render_partial(r, t, op, ctx, ind) < 0)
                goto out;
            break;
        }
    }
    rc = 0;
out:
    r->nesting--;
    return rc;
}

/* Render compiled template t (from set, or one-off) with data as the root context. */
static int render_template(const struct mustache_set *set, const struct template *t,
                           json_t *data, struct buf *out, char *err, size_t errlen)
{
    struct render r = {.set = set, .out = out, .err = err, .errlen = errlen};
    struct ctx root = {data, NULL, NULL};
    return render_ops(&r, t, 0, t->nops, &root, NULL);
}

/* ---- public API ------------------------------------------------------------------------- */

struct mustache_set *mustache_set_new(const char *const *raw_allowed)
{
    struct mustache_set *set = xrealloc(NULL, sizeof *set);
    memset(set, 0, sizeof *set);
    if (raw_allowed) {
        size_t n = 0;
        while (raw_allowed[n])
            n++;
        set->raw_allowed = xrealloc(NULL, (n + 1) * sizeof *set->raw_allowed);
        for (size_t i = 0; i < n; i++)
            set->raw_allowed[i] = xstrdup(raw_allowed[i]);
        set->raw_allowed[n] = NULL;
    }
    return set;
}

void mustache_set_free(struct mustache_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        template_free(&set->tpls[i]);
    free(set->tpls);
    for (char **r = set->raw_allowed; r && *r; r++)
        free(*r);
    free(set->raw_allowed);
    free(set);
}

int mustache_set_add(struct mustache_set *set, const char *name, const char *source, char *err,
                     size_t errlen)
{
    struct template t = {0};
    if (compile_template(&t, name, source, (const char *const *)set->raw_allowed, err,
                         errlen) < 0) {
        template_free(&t);
        return -1;
    }
    size_t old = find_index(set, name, strlen(name));
    if (old != NPOS) {
        template_free(&set->tpls[old]);
        set->tpls[old] = t;
        return 0;
    }
    if (ARRAY_RESERVE(set->tpls, set->cap, set->count))
        abort(); /* out of memory: as xrealloc */
    set->tpls[set->count++] = t;
    return 0;
}

/* True for a name whose last part is an index ("pupils.0"). A section on it pushes the list's
 * first item onto the context, so a name used in its body finds the item's field before the
 * page's own ("{{#pupils.0}}{{id}}" is the first pupil's id): templates test a boolean
 * ("has_pupils") instead. */
static bool names_list_item(const char *name, size_t len)
{
    size_t digits = 0;
    while (digits < len && name[len - 1 - digits] >= '0' && name[len - 1 - digits] <= '9')
        digits++;
    return digits > 0 && digits < len && name[len - 1 - digits] == '.';
}

/* Check what only the whole set can tell: every partial exists, and no section opens a list
 * item (names_list_item). */
int mustache_set_check(const struct mustache_set *set, char *err, size_t errlen)
{
    for (size_t i = 0; i < set->count; i++) {
        const struct template *t = &set->tpls[i];
        for (size_t k = 0; k < t->nops; k++) {
            const struct op *op = &t->ops[k];
            if ((op->kind == OP_SECTION || op->kind == OP_INVERTED) &&
                names_list_item(t->src + op->start, op->len)) {
                set_err(err, errlen,
                        "%s: line %zu: section '%.*s' opens a list item; test a boolean "
                        "(has_...) set by the page instead",
                        t->name, line_of(t->src, op->pos), clip(op->len), t->src + op->start);
                return -1;
            }
            if (op->kind != OP_PARTIAL || find_template(set, t->src + op->start, op->len))
                continue;
            set_err(err, errlen, "%s: line %zu: partial '%.*s' not found", t->name,
                    line_of(t->src, op->pos), clip(op->len), t->src + op->start);
            return -1;
        }
    }
    return 0;
}

int mustache_render(const struct mustache_set *set, const char *name, json_t *data,
                    struct buf *out)
{
    const struct template *t = find_template(set, name, strlen(name));
    if (!t)
        return -1;
    return render_template(set, t, data, out, NULL, 0);
}

int mustache_render_string(const char *source, json_t *partials, json_t *data, struct buf *out,
                           char *err, size_t errlen)
{
    int rc = -1;
    struct template t = {0};
    struct mustache_set *set = mustache_set_new(NULL);
    if (partials && !json_is_object(partials)) {
        set_err(err, errlen, "partials: not a JSON object");
        goto out;
    }
    const char *key;
    json_t *value;
    json_object_foreach (partials, key, value) {
        if (!json_is_string(value)) {
            set_err(err, errlen, "partial '%s': not a string", key);
            goto out;
        }
        if (mustache_set_add(set, key, json_string_value(value), err, errlen) < 0)
            goto out;
    }
    if (compile_template(&t, "template", source, NULL, err, errlen) < 0)
        goto out;
    rc = render_template(set, &t, data, out, err, errlen);
out:
    template_free(&t);
    mustache_set_free(set);
    return rc;
}
