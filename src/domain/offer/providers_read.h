/* Reads of the providers (aanbieders) and their staff (uitvoerders), with the VOG warnings of
   the staff (domain/offer/vog.h), for pages and other areas. Each returns its rows with the
   keys listed, or an error (never an empty list on failure): json_t * functions give a new
   reference, or NULL on a database error (logged); int functions answer 1 (found), 0 (none,
   *out NULL or 0) or -1 (error). Dates are "YYYY-MM-DD" text. */
#ifndef VERRIJKT_DOMAIN_OFFER_PROVIDERS_READ_H
#define VERRIJKT_DOMAIN_OFFER_PROVIDERS_READ_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* The provider provider_id as {"id", "key", "name", "external" (boolean)} into *out (new
   reference). */
int read_provider(struct db *db, int64_t provider_id, json_t **out);

/* A page of the provider list: the providers whose name or key contains q ("" = all; LIKE's
   wildcards in q are taken literally), by name (case ignored), then id. */
struct provider_list_query {
    const char *q;
    const char *year_from, *year_until; /* the school year the activities are counted in */
    const char *today;                  /* the day the VOG warnings are counted on */
    int vog_valid_years;
    int limit;
    int64_t offset;
};
/* The number of providers matching q into *out (always 1 on success). */
int read_providers_count(struct db *db, const char *q, int64_t *out);
/* One page of providers: [{"id", "key", "name", "external" (boolean), "staff_count",
   "activity_count" (activities of the provider running in the school year), "warnings" (staff
   whose VOG needs attention today, vog.h VOG_PROBLEM_SQL)}]. New reference or NULL. */
json_t *read_providers_page(struct db *db, const struct provider_list_query *lq);

/* The staff of a provider by name (case ignored), then id: [{"id", "key", "name", "level",
   "vog_date" (null when none)}]. New reference or NULL. */
json_t *read_provider_staff(struct db *db, int64_t provider_id);
/* Every activity the provider or its staff run, the latest ending first: [{"id", "title",
   "school_id", "school" (its name), "from", "until", "staff" (the names of the provider's
   staff on it, ", "-joined; "" when none)}]. New reference or NULL. */
json_t *read_provider_activities(struct db *db, int64_t provider_id);

/* ---- who uses a provider or a staff member (issue 12: who may change them, providers.h
   offer_editable) ---------------------------------------------------------------------------- */

/* The schools whose activities the provider runs (activities.provider_id) or one of its staff
   runs (activity_staff), by name (case ignored), then id: [{"id", "name"}]. New reference or
   NULL. */
json_t *read_provider_schools(struct db *db, int64_t provider_id);
/* The schools whose activities the staff member runs (activity_staff), by name (case
   ignored), then id: [{"id", "name"}]. New reference or NULL. */
json_t *read_staff_schools(struct db *db, int64_t staff_id);

/* The staff member staff_id as {"id", "key", "name", "level", "vog_date" (null when none),
   "provider_id", "external" (boolean: the provider is external)} into *out (new reference). */
int read_staff_member(struct db *db, int64_t staff_id, json_t **out);
/* Every staff member, by provider (name, id), then by name and id: [{"provider_id",
   "provider" (its name), "external" (boolean), "id", "key", "name", "level", "vog_date" (null
   when none)}]. New reference or NULL. */
json_t *read_staff_by_provider(struct db *db);
/* Every staff member for a choice, by name, then provider name and id: [{"id", "name",
   "provider" (its name)}]. New reference or NULL. */
json_t *read_staff_choices(struct db *db);

/* The VOG warnings: sessions not cancelled, run (activity_staff) by staff of an external
   provider without a VOG valid on the session's date (vog.h VOG_VALID_ON_SQL), of the
   activities of school_id (0: every school). */
/* The number of such sessions dated today or later into *out (always 1 on success). */
int read_vog_upcoming_warnings(struct db *db, const char *today, int64_t school_id,
                               int vog_valid_years, int64_t *out);
/* Such sessions dated `from` or later per staff member and activity, the one with the next
   coming session first (those without one last), then provider, staff member and activity by
   name: [{"staff_id", "staff" (name), "provider_id", "provider" (name), "activity_id",
   "activity" (title), "school_id", "school" (name), "held" (sessions up to today), "coming"
   (after today), "first_date", "next_date" (the first coming one; null when none)}]. New
   reference or NULL. */
json_t *read_vog_warnings(struct db *db, const char *from, const char *today,
                          int64_t school_id, int vog_valid_years);

#endif
