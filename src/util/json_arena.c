#include "util/json_arena.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/buf.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

enum {
    FIRST_BLOCK = 128 * 1024, /* each next block twice the one before */
    KEEP_BYTES = 1024 * 1024, /* blocks kept for the next request, at most */
    LARGE = 16 * 1024,        /* a value this large comes from malloc */
    ALIGN = alignof(max_align_t),
};

struct block {
    struct block *next;
    size_t size, used;
    max_align_t data[];
};

/* The thread's blocks, the one in use first. */
static _Thread_local struct {
    struct block *blocks;
    bool active;
} arena;

/* Frees a thread's blocks when it ends (json_arena_install). */
static pthread_key_t thread_end;

static void blocks_free(struct block *b);

static void on_thread_end(void *unused)
{
    (void)unused;
    blocks_free(arena.blocks);
    arena.blocks = NULL;
}

static struct block *block_new(size_t at_least)
{
    size_t size = arena.blocks ? arena.blocks->size * 2 : FIRST_BLOCK;
    while (size < at_least)
        size *= 2;
    struct block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = 0;
    b->next = arena.blocks;
    POISON(b->data, size);
    if (!arena.blocks)
        pthread_setspecific(thread_end, b); /* any value but NULL: on_thread_end runs */
    arena.blocks = b;
    return b;
}

static void *arena_json_malloc(size_t size)
{
    if (!arena.active || size > LARGE)
        return malloc(size);
    size = (size + ALIGN - 1) / ALIGN * ALIGN;
    struct block *b = arena.blocks;
    if (!b || b->size - b->used < size) {
        b = block_new(size);
        if (!b)
            return NULL;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    UNPOISON(p, size);
    return p;
}

static bool in_arena(const void *p)
{
    uintptr_t at = (uintptr_t)p;
    for (const struct block *b = arena.blocks; b; b = b->next)
        if (at >= (uintptr_t)b->data && at < (uintptr_t)b->data + b->size)
            return true;
    return false;
}

static void arena_json_free(void *p)
{
    if (p && !in_arena(p))
        free(p);
}

static void install_once(void)
{
    if (pthread_key_create(&thread_end, on_thread_end) == 0)
        json_set_alloc_funcs(arena_json_malloc, arena_json_free);
}

void json_arena_install(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_once);
}

void json_arena_begin(void)
{
    arena.active = true;
}

static void block_free(struct block *b)
{
    UNPOISON(b->data, b->size);
    free(b);
}

static void blocks_free(struct block *b)
{
    while (b) {
        struct block *next = b->next;
        block_free(b);
        b = next;
    }
}

/* The newest block (the largest: each is twice the one before) is kept for the next request
   unless it is larger than KEEP_BYTES; the others are freed. */
void json_arena_end(void)
{
    arena.active = false;
    struct block *kept = arena.blocks, *rest = kept ? kept->next : NULL;
    if (kept && kept->size > KEEP_BYTES) {
        rest = kept;
        kept = NULL;
    }
    blocks_free(rest);
    arena.blocks = kept;
    if (kept) {
        kept->next = NULL;
        kept->used = 0;
        POISON(kept->data, kept->size);
    }
}

static int append_to_buf(const char *text, size_t n, void *data)
{
    buf_append(data, text, n);
    return 0;
}

char *json_text(const json_t *value, size_t flags)
{
    struct buf text = BUF_INIT;
    if (!value || json_dump_callback(value, append_to_buf, &text, flags)) {
        buf_free(&text);
        return NULL;
    }
    return buf_steal(&text);
}
