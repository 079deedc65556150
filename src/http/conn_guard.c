/* The connection guard (see conn_guard.h): a list of connections in the order they were opened
   and a small hash table of client addresses with their counts, behind one lock. The server
   holds at most a few thousand connections, so choosing whom to close is a scan of the list. */
#include "http/conn_guard.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum { PEER_BUCKETS = 1024 };

enum conn_state { WAITING, RECEIVING, ANSWERING };

/* A client address: the family and the host part, the port left out. */
struct peer_key {
    int family;
    unsigned char host[16];
};

struct peer {
    struct peer_key key;
    size_t open; /* connections of this address, closing ones included */
    size_t live; /* of which not being closed */
    struct peer *next_in_bucket;
};

struct conn_entry {
    struct conn_entry *prev, *next;
    struct peer *peer;
    int fd;
    enum conn_state state;
    double since; /* when the current state began */
    bool closing; /* killed; waiting for conn_guard_close */
};

struct conn_guard {
    pthread_mutex_t lock;
    struct conn_guard_limits limits;
    conn_guard_kill *kill;
    void *kill_arg;
    struct conn_entry *head, *tail; /* oldest first */
    size_t open, live;
    struct peer *buckets[PEER_BUCKETS];
};

/* ---- addresses ------------------------------------------------------------------------------- */

static struct peer_key key_of(const void *addr, size_t addr_len)
{
    struct peer_key key;
    memset(&key, 0, sizeof key);
    const struct sockaddr *sa = addr;
    if (addr_len >= sizeof(struct sockaddr_in) && sa->sa_family == AF_INET) {
        key.family = AF_INET;
        memcpy(key.host, &((const struct sockaddr_in *)addr)->sin_addr, 4);
    } else if (addr_len >= sizeof(struct sockaddr_in6) && sa->sa_family == AF_INET6) {
        key.family = AF_INET6;
        memcpy(key.host, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
    } /* anything else counts as one unknown address */
    return key;
}

static size_t bucket_of(const struct peer_key *key)
{
    uint32_t h = 2166136261u ^ (uint32_t)key->family;
    for (size_t i = 0; i < sizeof key->host; i++)
        h = (h ^ key->host[i]) * 16777619u;
    return h % PEER_BUCKETS;
}

static struct peer *find_peer(struct conn_guard *g, const struct peer_key *key)
{
    for (struct peer *p = g->buckets[bucket_of(key)]; p; p = p->next_in_bucket)
        if (p->key.family == key->family && !memcmp(p->key.host, key->host, sizeof key->host))
            return p;
    return NULL;
}

/* The peer of key, made when new. NULL when out of memory. */
static struct peer *peer_for(struct conn_guard *g, const struct peer_key *key)
{
    struct peer *p = find_peer(g, key);
    if (p)
        return p;
    p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->key = *key;
    size_t b = bucket_of(key);
    p->next_in_bucket = g->buckets[b];
    g->buckets[b] = p;
    return p;
}

static void drop_peer(struct conn_guard *g, struct peer *gone)
{
    struct peer **link = &g->buckets[bucket_of(&gone->key)];
    while (*link != gone)
        link = &(*link)->next_in_bucket;
    *link = gone->next_in_bucket;
    free(gone);
}

/* ---- closing --------------------------------------------------------------------------------- */

static void kill_entry(struct conn_guard *g, struct conn_entry *e)
{
    e->closing = true;
    e->peer->live--;
    g->live--;
    g->kill(e->fd, g->kill_arg);
}

/* The connection to close to make room: of those waiting or receiving, the one whose address
   holds the most connections, the oldest of them first. NULL when every one is answering. */
static struct conn_entry *greediest(struct conn_guard *g)
{
    struct conn_entry *victim = NULL;
    for (struct conn_entry *e = g->head; e; e = e->next) {
        if (e->closing || e->state == ANSWERING)
            continue;
        if (!victim || e->peer->live > victim->peer->live ||
            (e->peer->live == victim->peer->live && e->since < victim->since))
            victim = e;
    }
    return victim;
}

/* Close connections of the greediest addresses while more than high_water are open. */
static size_t make_room(struct conn_guard *g)
{
    size_t closed = 0;
    while (g->live > g->limits.high_water) {
        struct conn_entry *victim = greediest(g);
        if (!victim)
            break;
        kill_entry(g, victim);
        closed++;
    }
    return closed;
}

static bool past_deadline(const struct conn_guard *g, const struct conn_entry *e, double now)
{
    switch (e->state) {
    case RECEIVING: return now - e->since > g->limits.request_deadline;
    case WAITING: return now - e->since > g->limits.idle_deadline;
    case ANSWERING: return false;
    }
    return false;
}

/* ---- the guard ------------------------------------------------------------------------------- */

struct conn_guard *conn_guard_new(const struct conn_guard_limits *limits, conn_guard_kill *kill,
                                  void *kill_arg)
{
    struct conn_guard *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (pthread_mutex_init(&g->lock, NULL)) {
        free(g);
        return NULL;
    }
    g->limits = *limits;
    g->kill = kill;
    g->kill_arg = kill_arg;
    return g;
}

void conn_guard_free(struct conn_guard *g)
{
    if (!g)
        return;
    while (g->head)
        conn_guard_close(g, g->head);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

struct conn_entry *conn_guard_open(struct conn_guard *g, const void *addr, size_t addr_len,
                                   int fd, double now)
{
    struct peer_key key = key_of(addr, addr_len);
    struct conn_entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    pthread_mutex_lock(&g->lock);
    e->peer = peer_for(g, &key);
    if (!e->peer) {
        pthread_mutex_unlock(&g->lock);
        free(e);
        return NULL;
    }
    e->fd = fd;
    e->state = WAITING;
    e->since = now;
    e->prev = g->tail;
    if (g->tail)
        g->tail->next = e;
    else
        g->head = e;
    g->tail = e;
    e->peer->open++;
    e->peer->live++;
    g->open++;
    g->live++;
    make_room(g);
    pthread_mutex_unlock(&g->lock);
    return e;
}

static void set_state(struct conn_guard *g, struct conn_entry *e, enum conn_state state,
                      double now)
{
    if (!e)
        return;
    pthread_mutex_lock(&g->lock);
    e->state = state;
    e->since = now;
    pthread_mutex_unlock(&g->lock);
}

void conn_guard_request_line(struct conn_guard *g, struct conn_entry *e, double now)
{
    set_state(g, e, RECEIVING, now);
}

void conn_guard_request_read(struct conn_guard *g, struct conn_entry *e)
{
    set_state(g, e, ANSWERING, 0);
}

void conn_guard_request_done(struct conn_guard *g, struct conn_entry *e, double now)
{
    set_state(g, e, WAITING, now);
}

void conn_guard_close(struct conn_guard *g, struct conn_entry *e)
{
    if (!e)
        return;
    pthread_mutex_lock(&g->lock);
    if (e->prev)
        e->prev->next = e->next;
    else
        g->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        g->tail = e->prev;
    if (!e->closing) {
        e->peer->live--;
        g->live--;
    }
    g->open--;
    if (--e->peer->open == 0)
        drop_peer(g, e->peer);
    pthread_mutex_unlock(&g->lock);
    free(e);
}

size_t conn_guard_sweep(struct conn_guard *g, double now)
{
    size_t closed = 0;
    pthread_mutex_lock(&g->lock);
    for (struct conn_entry *e = g->head; e; e = e->next)
        if (!e->closing && past_deadline(g, e, now)) {
            kill_entry(g, e);
            closed++;
        }
    closed += make_room(g);
    pthread_mutex_unlock(&g->lock);
    return closed;
}

size_t conn_guard_drain(struct conn_guard *g)
{
    size_t in_flight = 0;
    pthread_mutex_lock(&g->lock);
    for (struct conn_entry *e = g->head; e; e = e->next) {
        if (e->closing)
            continue;
        if (e->state == WAITING)
            kill_entry(g, e);
        else
            in_flight++;
    }
    pthread_mutex_unlock(&g->lock);
    return in_flight;
}

size_t conn_guard_count(struct conn_guard *g)
{
    pthread_mutex_lock(&g->lock);
    size_t n = g->open;
    pthread_mutex_unlock(&g->lock);
    return n;
}

size_t conn_guard_count_of(struct conn_guard *g, const void *addr, size_t addr_len)
{
    struct peer_key key = key_of(addr, addr_len);
    pthread_mutex_lock(&g->lock);
    struct peer *p = find_peer(g, &key);
    size_t n = p ? p->open : 0;
    pthread_mutex_unlock(&g->lock);
    return n;
}
