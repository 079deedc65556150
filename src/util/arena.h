/* Per-request bump allocator: everything is freed at once by arena_free. */
#ifndef VERRIJKT_UTIL_ARENA_H
#define VERRIJKT_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
};

#define ARENA_INIT {NULL}

/* Zeroed memory owned by the arena; aborts on out-of-memory. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

#endif
