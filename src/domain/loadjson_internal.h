/* Shared between the parts of the load format: loadjson.c (entry), load_fields.c and load_check.c (validation),
   load_write.c (the one write transaction) and dump.c. Not for use elsewhere. */
#ifndef VERRIJKT_DOMAIN_LOADJSON_INTERNAL_H
#define VERRIJKT_DOMAIN_LOADJSON_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* A hash map from strings (copied, owned by the map) to 64-bit values. Zero-initialise. */
struct keymap {
    struct keymap_slot *slots;
    size_t cap, n;
};
/* The value stored under key, or NULL. */
int64_t *keymap_get(const struct keymap *m, const char *key);
/* Store value under key, replacing an old value. Returns true when the key was new. */
bool keymap_put(struct keymap *m, const char *key, int64_t value);
void keymap_free(struct keymap *m);

/* The things other sections refer to by key (domains by code). */
enum entity { E_SCHOOL, E_PROVIDER, E_STAFF, E_DOMAIN, E_ACTIVITY, E_PUPIL, E_ROUND, E_COUNT };

/* The sections of the format, in the order of PRODUCT.md 6 (plus "sessions"). */
extern const char *const load_sections[];

/* The six domains of the regulation, used when a document has none and the table is empty. */
struct default_domain {
    const char *code, *name;
};
enum { LOAD_DEFAULT_DOMAINS = 6 };
extern const struct default_domain load_default_domains[LOAD_DEFAULT_DOMAINS];

/* crypto_pwhash_STRBYTES; the longest key (letters, digits, '-', '_', '.'). */
enum { LOAD_HASH_SIZE = 128, LOAD_KEY_MAX = 100 };

struct load_ctx {
    struct db *db;
    json_t *doc;  /* borrowed */
    char *err;
    size_t errlen;
    struct keymap in_doc[E_COUNT]; /* key → index of the item in its section */
    struct keymap ids[E_COUNT];    /* key → database id (filled while writing) */
    char (*hashes)[LOAD_HASH_SIZE]; /* per users[] item: the password hash to store */
    size_t n_users;
};

/* Write "prefix: reason" (printf-style reason) into ctx->err. Returns -1. */
int load_fail(struct load_ctx *ctx, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The section (NULL when absent, which the json_array_* functions treat as empty). Borrowed. */
json_t *load_section(json_t *doc, const char *name);

/* Check one object of section against the section's field table: no unknown fields, required
   ones present, each value of the right type and format. 0 or -1 with ctx->err set. */
int load_check_fields(struct load_ctx *ctx, const char *section, const char *prefix, json_t *obj);

/* Validate the whole document (nothing is written). 0 or -1 with ctx->err set. */
int load_check(struct load_ctx *ctx);

/* Write the validated document inside the caller's transaction. 0 or -1 with ctx->err set. */
int load_write(struct load_ctx *ctx);

/* The database id of key, looked up in ctx->ids and then in the database. 0 when unknown. */
int64_t load_id(struct load_ctx *ctx, enum entity e, const char *key);

/* Strict "YYYY-MM-DDTHH:MM:SS.mmm" → day number and milliseconds since midnight. 0 or -1. */
int timestamp_parse(const char *s, int32_t *day, int64_t *ms);
/* The inverse of timestamp_parse (24 bytes). */
void timestamp_format(int32_t day, int64_t ms, char out[24]);

#endif
