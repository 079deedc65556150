/* Providers (aanbieders) and their staff (uitvoerders): keys, levels, the input checks and the
   write functions. No HTTP here. VOG validity (PRODUCT.md rule 7) is domain/offer/vog.h,
   included here for the callers that know it from this header. */
#ifndef VERRIJKT_DOMAIN_PROVIDERS_H
#define VERRIJKT_DOMAIN_PROVIDERS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/offer/vog.h"

struct db;

enum { PROVIDER_NAME_MAX = 120, STAFF_NAME_MAX = 120, KEY_BASE_MAX = 60, KEY_MAX = 72 };

/* The tables that get keys generated from a name. */
enum key_table { KEY_PROVIDERS, KEY_STAFF };

/* The key base for name: lowercase ASCII letters and digits joined by single '-', accents
   folded (é → e, ĳ → ij, ß → ss), apostrophes dropped, at most KEY_BASE_MAX characters (cut
   after a whole word when there is one); fallback when nothing is left. Writes into out (at least KEY_MAX + 1 bytes). */
void key_from_name(const char *name, const char *fallback, char *out, size_t out_size);
/* A key for name that is not yet used in table: the base, else base-2, base-3, …
   Call inside the write transaction that inserts the row. 0, or -1 on a database error. */
int key_unique(struct db *db, enum key_table table, const char *name, char *out,
               size_t out_size);

/* A key for a row of a school ("judo-noord", "najaar-noord"): name folded as key_from_name
   into at most name_size - 1 characters, "-" and the school's key cut to school_size - 1
   characters, then -2, -3, … while `taken_sql` (one parameter, ?1 = the candidate; any row
   means taken) finds one. Inside the write transaction. 0, or -1 on a database error or when
   the key would not fit in out_size. */
int key_with_school(struct db *db, const char *name, const char *fallback, size_t name_size,
                    int64_t school_id, size_t school_size, const char *taken_sql, char *out,
                    size_t out_size);

/* Staff competence levels: "start", "basis", "vak". */
extern const char *const staff_levels[];
/* The Dutch word for a level ("startbekwaam", …); "" when unknown. Static string. */
const char *staff_level_label(const char *level);
/* The hint with the years of experience of a level ("1–3 jaar ervaring", …). Static string. */
const char *staff_level_hint(const char *level);

/* Checks the domain makes before writing, as message keys (static; the page says them, a
   name's "problem.too_long" with {{max}} the name's maximum). NULL when fine. vog_date "" is
   allowed (optional); a date after `today` is refused. */
const char *provider_name_error(const char *name);
const char *staff_name_error(const char *name);
const char *staff_level_error(const char *level);
const char *staff_vog_error(const char *vog_date, int32_t today);

struct provider_input {
    const char *name;
    bool external;
};

struct staff_input {
    const char *name;
    const char *level;    /* start | basis | vak */
    const char *vog_date; /* "YYYY-MM-DD", or NULL / "" for none */
};

/* Who may change a provider or a staff member (issue 12). They are the coalition's: a
   provider's kind and a staff member's VOG decide the safety warnings of every school whose
   activities they run. So the lead may change any; a coordinator (of own_school_id) only one
   that no other school uses: each school in `schools` (the array of {"id", …} that
   read_provider_schools or read_staff_schools gave, domain/offer/providers_read.h) is
   own_school_id, or there is none yet. Adding a new provider or staff member is for both. */
bool offer_editable(bool is_lead, int64_t own_school_id, const json_t *schools);

/* The write functions each run one transaction and audit the change as user_id. On any error
   (bad input, unknown id, database failure) nothing is written. */

/* Create a provider with a key generated from its name. Returns the new id (the key is written
   to key_out when not NULL, KEY_MAX + 1 bytes), or -1. */
int64_t provider_create(struct db *db, int64_t user_id, const struct provider_input *in,
                        char *key_out, size_t key_size);
/* Change a provider's name and kind (the key stays). 0, 1 when there is no such provider,
   or -1 on bad input or a database error. */
int provider_update(struct db *db, int64_t user_id, int64_t provider_id,
                    const struct provider_input *in);
/* Add a staff member to a provider, key generated from the name. Returns the new id, 0 when
   the provider does not exist, or -1 on bad input or a database error. */
int64_t staff_create(struct db *db, int64_t user_id, int64_t provider_id,
                     const struct staff_input *in, int32_t today);
/* Change a staff member's name, level and VOG date (key and provider stay); a changed level is
   an assessment dated today (domain/offer/competence.h), as is the level of a new staff
   member. 0, 1 when there is no such staff member, or -1. */
int staff_update(struct db *db, int64_t user_id, int64_t staff_id, const struct staff_input *in,
                 int32_t today);

#endif
