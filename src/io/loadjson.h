/* The JSON load format of PRODUCT.md 6: loading (idempotent by key) and dumping. */
#ifndef VERRIJKT_DOMAIN_LOADJSON_H
#define VERRIJKT_DOMAIN_LOADJSON_H

#include <jansson.h>
#include <stddef.h>

struct db;

/* Validate the whole document, then write it in one transaction (BEGIN IMMEDIATE). On any
   error nothing is written and err holds the path of the offending field and the reason, e.g.
   "activities[3].capacity: must be a positive number". doc is borrowed. 0 or -1. */
int load_document(struct db *db, json_t *doc, char *err, size_t errlen);

/* All data in the load format; dump → load → dump gives the same document. New reference,
   NULL on a database error. */
json_t *dump_document(struct db *db);

#endif
