#include "domain/people/hash_slots.h"
#include "util/log.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int slots_init(struct slots *s, int n)
{
    pthread_condattr_t attr;
    if (n < 1 || pthread_condattr_init(&attr))
        return -1;
    int rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) ||
             pthread_cond_init(&s->freed, &attr);
    pthread_condattr_destroy(&attr);
    if (rc)
        return -1;
    if (pthread_mutex_init(&s->lock, NULL)) {
        pthread_cond_destroy(&s->freed);
        return -1;
    }
    s->free = n;
    return 0;
}

void slots_destroy(struct slots *s)
{
    pthread_cond_destroy(&s->freed);
    pthread_mutex_destroy(&s->lock);
}

/* now (CLOCK_MONOTONIC) + ms. */
static struct timespec monotonic_after(long ms)
{
    struct timespec at;
    clock_gettime(CLOCK_MONOTONIC, &at);
    at.tv_sec += ms / 1000;
    at.tv_nsec += (ms % 1000) * 1000000L;
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    return at;
}

int slots_take(struct slots *s, long wait_ms)
{
    struct timespec deadline = monotonic_after(wait_ms > 0 ? wait_ms : 0);
    pthread_mutex_lock(&s->lock);
    int rc = 0;
    while (s->free == 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&s->freed, &s->lock, &deadline);
    bool taken = s->free > 0;
    if (taken)
        s->free--;
    pthread_mutex_unlock(&s->lock);
    return taken ? 0 : -1;
}

void slots_give(struct slots *s)
{
    pthread_mutex_lock(&s->lock);
    s->free++;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
}

static struct slots process_password_slots;
static pthread_once_t password_slots_once = PTHREAD_ONCE_INIT;

static void make_password_slots(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (slots_init(&process_password_slots, cores < 1 ? 1 : cores > 256 ? 256 : (int)cores)) {
        log_error("verrijkt: cannot make the password slots\n");
        abort();
    }
}

struct slots *password_slots(void)
{
    pthread_once(&password_slots_once, make_password_slots);
    return &process_password_slots;
}
