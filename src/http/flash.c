/* The flash store (http/flash.h): an open-addressing table of FLASH_MAX * 2 slots on the
   token hash (already uniformly random, so its first bytes are the slot), deleted slots
   marked so that probing continues past them. One mutex: each call is a few memory
   operations, and requests without a pending message return before taking it. */
#include "http/flash.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

enum { SLOTS = FLASH_MAX * 2 };

enum slot_state { SLOT_EMPTY, SLOT_USED, SLOT_DELETED };

struct slot {
    unsigned char key[32];
    enum slot_state state;
    bool warning;
    time_t at; /* when it was put */
    char text[FLASH_TEXT_MAX + 1];
};

/* The store is shared by the worker threads, like db.c's write lock: guarded by lock, the
   count readable without it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static atomic_size_t used;

static size_t home_slot(const unsigned char key[32])
{
    uint32_t h = (uint32_t)key[0] | (uint32_t)key[1] << 8 | (uint32_t)key[2] << 16 |
                 (uint32_t)key[3] << 24;
    return h % SLOTS;
}

/* The slot holding key, or NULL. With lock held. */
static struct slot *find(const unsigned char key[32])
{
    size_t i = home_slot(key);
    for (size_t probes = 0; probes < SLOTS; probes++, i = (i + 1) % SLOTS) {
        if (slots[i].state == SLOT_EMPTY)
            return NULL;
        if (slots[i].state == SLOT_USED && !memcmp(slots[i].key, key, 32))
            return &slots[i];
    }
    return NULL;
}

/* Free s. A deleted mark is needed only where a probe must go on past it: when the next slot
   is empty, s and the deleted slots just before it become empty again, so that marks do not
   pile up and lengthen every search. */
static void forget(struct slot *s)
{
    size_t i = (size_t)(s - slots);
    s->state = SLOT_DELETED;
    s->text[0] = '\0';
    atomic_fetch_sub(&used, 1);
    while (slots[i].state == SLOT_DELETED && slots[(i + 1) % SLOTS].state == SLOT_EMPTY) {
        slots[i].state = SLOT_EMPTY;
        i = (i + SLOTS - 1) % SLOTS;
    }
}

/* Make room for one more: drop the expired, and when none was, the oldest. With lock held. */
static void make_room(time_t now)
{
    struct slot *oldest = NULL;
    for (size_t i = 0; i < SLOTS; i++) {
        struct slot *s = &slots[i];
        if (s->state != SLOT_USED)
            continue;
        if (now - s->at >= FLASH_SECONDS)
            forget(s);
        else if (!oldest || s->at < oldest->at)
            oldest = s;
    }
    if (atomic_load(&used) >= FLASH_MAX && oldest)
        forget(oldest);
}

/* A free slot for key (empty or deleted), found by probing from its home. With lock held;
   there is always one, since at most FLASH_MAX of the 2 * FLASH_MAX slots are used. */
static struct slot *free_slot(const unsigned char key[32])
{
    size_t i = home_slot(key);
    while (slots[i].state == SLOT_USED)
        i = (i + 1) % SLOTS;
    return &slots[i];
}

/* Copy text into out (FLASH_TEXT_MAX + 1 bytes), cut before a UTF-8 continuation byte when
   too long. */
static void copy_text(char *out, const char *text)
{
    size_t n = strlen(text);
    if (n > FLASH_TEXT_MAX) {
        n = FLASH_TEXT_MAX;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, text, n);
    out[n] = '\0';
}

void flash_put(const unsigned char key[32], const char *message, bool warning, time_t now)
{
    pthread_mutex_lock(&lock);
    struct slot *s = find(key);
    if (!s) {
        if (atomic_load(&used) >= FLASH_MAX)
            make_room(now);
        s = free_slot(key);
        memcpy(s->key, key, 32);
        s->state = SLOT_USED;
        atomic_fetch_add(&used, 1);
    }
    s->warning = warning;
    s->at = now;
    copy_text(s->text, message ? message : "");
    pthread_mutex_unlock(&lock);
}

bool flash_take(const unsigned char key[32], char *out, size_t size, bool *warning, time_t now)
{
    if (size)
        out[0] = '\0';
    *warning = false;
    if (atomic_load(&used) == 0)
        return false;
    pthread_mutex_lock(&lock);
    struct slot *s = find(key);
    bool found = s && now - s->at < FLASH_SECONDS;
    if (found && size) {
        size_t n = strlen(s->text);
        if (n >= size)
            n = size - 1;
        memcpy(out, s->text, n);
        out[n] = '\0';
        *warning = s->warning;
    }
    if (s)
        forget(s);
    pthread_mutex_unlock(&lock);
    return found;
}

void flash_drop(const unsigned char key[32])
{
    if (atomic_load(&used) == 0)
        return;
    pthread_mutex_lock(&lock);
    struct slot *s = find(key);
    if (s)
        forget(s);
    pthread_mutex_unlock(&lock);
}

size_t flash_count(void) { return atomic_load(&used); }
