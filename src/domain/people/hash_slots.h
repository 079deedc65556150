/* Slots: at most N pieces of heavy work at once. Argon2id takes ≈100 ms and 64 MiB per
   password; without a cap, a flood of registrations or logins hashes on every worker thread at
   once and starves every other request. Password hashing and checking (accounts.h) take one of
   the process's password slots, one per core, and give up after a short wait, so that a flood
   is answered "busy" (503) instead of queueing. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_HASH_SLOTS_H
#define VERRIJKT_DOMAIN_HASH_SLOTS_H

#include "domain/layer.h"

#include <pthread.h>

struct slots {
    pthread_mutex_t lock;
    pthread_cond_t freed; /* signalled when a slot is given back (CLOCK_MONOTONIC waits) */
    int free;
};

/* Start with n free slots (n >= 1). 0, or -1 when the lock or condition could not be made. */
int slots_init(struct slots *s, int n);
void slots_destroy(struct slots *s);
/* Take a slot, waiting at most wait_ms milliseconds for one to come free. 0 when taken (give
   it back with slots_give), -1 when none came free in time. */
int slots_take(struct slots *s, long wait_ms);
void slots_give(struct slots *s);

/* The process's password slots, one per online core (sysconf(_SC_NPROCESSORS_ONLN)), made on
   first use and kept until the process ends. Never NULL (aborts when they cannot be made). */
struct slots *password_slots(void);

#endif
