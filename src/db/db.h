/* SQLite connections: one per thread, WAL, statement cache, serialised write transactions. */
#ifndef VERRIJKT_DB_DB_H
#define VERRIJKT_DB_DB_H

#include "db/layer.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Open (creating if needed) the database at path with WAL, foreign keys, busy timeout and the
   synchronous setting of db_set_synchronous (NORMAL unless set). Returns a connection the caller closes with db_close, or NULL with a
   message in err. */
struct db *db_open(const char *path, char *err, size_t errlen);
/* Set SQLite up for the process, before anything else of it runs (the first thing main does):
   no memory statistics (SQLite keeps them under one mutex that every allocation of every
   connection takes: contended between the server's threads). 0 or -1. */
int db_setup_library(void);
void db_close(struct db *db);
/* Whether db maps the database file into memory (db_open: yes). Mapped, reads over much of
   the file cost less; unmapped, transactions under a stream of other connections' writes do
   (the figures are in db.c). 0 or -1. */
int db_set_mapped(struct db *db, bool mapped);
/* The connection for reads over much of the file (the reports): db itself when it is mapped,
   inside a transaction, or when the second one cannot be opened; else a mapped connection to
   the same file, opened on first use and closed with db. Reads only: it has no writer. */
struct db *db_for_scans(struct db *db);
/* A second such connection, for reads on another thread beside those on db_for_scans(db)
   (domain/reports: reports_beside): opened on first use, closed with db, and used by one
   thread at a time. NULL when it cannot be opened. */
struct db *db_for_scans_beside(struct db *db);
/* From now on the write transactions of db (db_begin … db_commit/db_rollback) run on writer,
   one connection for the write transactions of every worker's connection, one at a time under
   the process-wide write lock: its page cache stays warm across sign-ups (no other connection
   writes, so nothing invalidates it), and no worker's cache is dropped by its own writes.
   Inside one, db_stmt, db_exec and db_handle of db use the writer's connection; outside, db's
   own. writer outlives db; NULL undoes it. */
void db_share_writer(struct db *db, struct db *writer);
sqlite3 *db_handle(struct db *db);

/* A prepared statement for sql (normally a string literal), prepared once per connection and
   cached; it comes back reset with its bindings cleared. Owned by the connection: do not
   finalize. Refuses trailing SQL. NULL on error (logged to stderr). */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* read(db, ctx) in one read transaction of db, or in the caller's transaction when one is
   open: every statement sees the same data, and the transaction is begun and ended once
   instead of once per statement. A write transaction inside (db_begin) needs a shared writer
   (db_share_writer), and what it writes is not seen by the reads after it. read's result. */
int db_in_read(struct db *db, int (*read)(struct db *db, void *ctx), void *ctx);

/* Write transactions. db_begin takes the process-wide write lock, then BEGIN IMMEDIATE;
   db_commit / db_rollback end the transaction and release the lock. 0 or -1. A failed
   db_commit has rolled back already; a db_rollback after it (or a second one) does nothing.
   On a connection with a shared writer the transactions are committed in groups (db.c): one
   COMMIT for the members that queued meanwhile, and db_commit returns when it has ended.
   Statements that write are asked for (db_stmt) after db_begin. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* How busy the process's write lock has been since the start, for /metrics: the time it was
   held in all (microseconds; every write transaction holds it, a group's members while their
   savepoints run and the COMMIT), the group COMMITs that succeeded and the members' transactions
   they committed (members / groups: the transactions one COMMIT served). */
struct db_write_stats {
    long long held_us, groups, members;
};
void db_write_stats(struct db_write_stats *out);
/* Whether db is inside a transaction that db_begin started. */
bool db_in_write(const struct db *db);
/* The address of the client whose request this connection serves now (after trusted proxies;
   "" outside a request, for the command line and the mailer): the audit log records it. Set by
   the dispatcher for each request; longer addresses are cut at 63 bytes. */
void db_set_client(struct db *db, const char *address);
const char *db_client(const struct db *db);
/* fn runs inside every write transaction just before db_commit's COMMIT, to bring derived
   rows up to date in the same transaction (the reports' tallies, domain/tally.h); when it
   fails, the transaction is rolled back and db_commit fails. Process-wide: set once at start,
   before any thread runs. NULL: nothing. */
void db_set_before_commit(int (*fn)(struct db *db));
/* fn runs on every connection db_open opens, after its pragmas, to add what queries need
   of the domain (the SQL functions of the name rule, domain/people/names.h); when it fails,
   db_open fails. Process-wide: set once at start, before any thread runs. NULL: nothing. */
void db_set_on_open(int (*fn)(sqlite3 *handle));
/* How every connection db_open opens from then on syncs its writes to disk ([database]
   synchronous). NORMAL: in WAL mode a commit is not synced itself, only at checkpoints; a
   crash of the program loses nothing, a power cut may lose the last transactions (never
   corrupts). FULL: every commit is synced before it returns, so it survives a power cut too,
   at the cost of one fsync per write transaction. Process-wide: set once at start, before any
   thread runs. */
enum db_synchronous { DB_SYNCHRONOUS_NORMAL, DB_SYNCHRONOUS_FULL };
void db_set_synchronous(enum db_synchronous mode);

/* Run SQL without results (may hold several statements). 0 or -1 (logged). */
int db_exec(struct db *db, const char *sql);

/* Step a statement that changes rows and expects SQLITE_DONE. 0 or -1 (logged). */
int db_step_done(sqlite3_stmt *stmt);

/* Convenience: the first column of a one-row query as integer (fallback when no row). */
int64_t db_scalar_int(struct db *db, const char *sql, int64_t fallback);

/* The first column of the first row of sql as an integer (SQL NULL reads as 0), with the
   integers ?1 = a and ?2 = b bound; a query with fewer parameters ignores the rest. fallback
   when there is no row, -1 on a database error (logged). Made for the small questions a rule
   asks: a count ("SELECT count(*) …"), an id, or whether a row exists ("SELECT 1 …" with
   fallback 0 answers 1, 0 or -1). Callers whose answers can be negative pick another
   fallback than -1, or do not use this. */
int64_t db_int(struct db *db, const char *sql, int64_t a, int64_t b, int64_t fallback);
/* The same with a text first: ?1 = text (NULL binds SQL NULL), ?2 = a, ?3 = b. */
int64_t db_int_text(struct db *db, const char *sql, const char *text, int64_t a, int64_t b,
                    int64_t fallback);

/* Bind a NUL-terminated string, or NULL as SQL NULL. */
int db_bind_text(sqlite3_stmt *stmt, int index, const char *value);
/* Column text as a non-NULL C string ("" for NULL); valid until the next step/reset. */
const char *db_col_text(sqlite3_stmt *stmt, int col);

/* Apply the embedded migrations that are not yet applied (PRAGMA user_version). 0 or -1. */
int db_migrate(struct db *db, char *err, size_t errlen);
/* The schema version the database is at now (PRAGMA user_version; 0: empty), -1 on error. */
int db_schema_current(struct db *db);
/* The newest schema version this binary knows. */
int db_schema_version(void);

#endif
