/* A page's reads as one snapshot. A page that reads a dozen times (a parent's child page: the
   child, the rounds, the open activities, the clashes, the enrolments) would otherwise begin
   and end a read transaction per statement, and could see a sign-up between two of them. */
#ifndef VERRIJKT_DOMAIN_SNAPSHOT_H
#define VERRIJKT_DOMAIN_SNAPSHOT_H

#include "domain/layer.h"

struct db;

/* read(db, ctx) in one read transaction (db_in_read, db/db.h): the caller's, when one is
   open. A write inside (db_begin) runs on the connection's shared writer, and the reads after
   it do not see it. read's result. */
int snapshot_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx);

#endif
