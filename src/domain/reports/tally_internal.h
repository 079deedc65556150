/* What tally.c and tally_pupils.c share (domain/tally.h). Not for other files. */
#ifndef VERRIJKT_DOMAIN_TALLY_INTERNAL_H
#define VERRIJKT_DOMAIN_TALLY_INTERNAL_H

#include "domain/layer.h"

#include <stdint.h>

struct db;

/* Recompute the rows of one pupil (none when the pupil is gone). 0 or -1. */
int tally_refresh_pupil(struct db *db, int64_t pupil_id);
/* Bring the pupil's rows of one activity up to date: that activity's days recomputed (its
   enrolment, its history and the pupil's marks at its sessions), the other activities' days
   kept as they are in the rows, only the school years the activity has or had days in
   rewritten. Equal to tally_refresh_pupil when the other activities' days were up to date.
   0 or -1. */
int tally_refresh_enrolment(struct db *db, int64_t pupil_id, int64_t activity_id);
/* The migration that created the summary tables (0008_tallies.sql). */
enum { TALLY_SINCE_MIGRATION = 8 };
/* Run sql, which changes rows, with ?1 = id (a statement without parameters ignores it).
   0 or -1. */
int tally_exec_id(struct db *db, const char *sql, int64_t id);

/* Little-endian integers in the packed arrays. */
uint32_t tally_get32(const unsigned char *p);
unsigned tally_get16(const unsigned char *p);
void tally_put32(unsigned char *p, uint32_t v);
void tally_put16(unsigned char *p, unsigned v);

#endif
