/* Mustache templates over jansson values.
 *
 * Templates are compiled once into a flat list of operations and rendered many times; a
 * compiled set is never modified by rendering, so one set may be rendered from many threads
 * at once. Semantics follow the Mustache specification (interpolation, sections, inverted
 * sections, comments, set delimiters, partials with standalone indentation), with three rules
 * of our own: the empty string "" is falsy; raw output ({{{name}}} or {{&name}}) is allowed
 * only for names on a list given when the set is made; and "has_NAME", where the object has
 * NAME but no "has_NAME", is NAME's truthiness as a boolean, so that "{{#has_pupils}}" tests a
 * list without making its first pupil the context (a set refuses "{{#pupils.0}}"). */
#ifndef VERRIJKT_VIEW_MUSTACHE_H
#define VERRIJKT_VIEW_MUSTACHE_H

#include "view/layer.h"

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"

/* Deepest chain of partials rendered inside one another before rendering fails. */
#define MUSTACHE_MAX_PARTIAL_DEPTH 64
/* Deepest nesting of sections inside one template; deeper is a compile error. */
#define MUSTACHE_MAX_SECTION_DEPTH 64

/* A set of named, compiled templates (partials refer to each other by name). */
struct mustache_set;

/* Make an empty set (caller frees with mustache_set_free). raw_allowed is a NULL-terminated
 * list of names that may be used with {{{name}}} or {{&name}}; it is copied. NULL means any
 * name may be raw (for the spec tests). A raw tag for a name not on the list is a compile
 * error. Aborts on out-of-memory. */
struct mustache_set *mustache_set_new(const char *const *raw_allowed);

/* Free the set and every template in it. NULL is allowed. */
void mustache_set_free(struct mustache_set *set);

/* Compile `source` under `name` (both copied). Returns 0, or -1 with a message in err like
 * "activities/list: line 12: unclosed section 'items'". Replaces an existing template of
 * that name; on failure the set is unchanged. */
int mustache_set_add(struct mustache_set *set, const char *name, const char *source, char *err,
                     size_t errlen);

/* Verify that every partial referenced by any template exists, and that no section is on a
 * list item ("{{#pupils.0}}": inside it, "{{id}}" would be the pupil's; templates test a
 * boolean such as "has_pupils" instead). Returns 0, or -1 with a message naming the template,
 * the line and the tag. */
int mustache_set_check(const struct mustache_set *set, char *err, size_t errlen);

/* Render template `name` with `data` (borrowed; may be NULL) as the root context, appending
 * to out. Returns 0, or -1 if there is no such template, or partials nest deeper than
 * MUSTACHE_MAX_PARTIAL_DEPTH, or sections and partials together nest deeper than 1024 (out
 * then holds a partial result the caller should discard). Missing partials render as empty
 * (spec behaviour). The set is only read, so threads may render from one set at once. */
int mustache_render(const struct mustache_set *set, const char *name, json_t *data,
                    struct buf *out);

/* Convenience for tests: compile `source` as a one-off template with `partials` (a JSON
 * object name -> source string, may be NULL; borrowed) and render it with `data` (borrowed).
 * Any name may be raw. Returns 0, or -1 with err filled. */
int mustache_render_string(const char *source, json_t *partials, json_t *data, struct buf *out,
                           char *err, size_t errlen);

#endif
