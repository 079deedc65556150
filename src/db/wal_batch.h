/* A VFS over SQLite's own that writes a commit's WAL frames in one write (issue 13).

   SQLite writes each frame of a commit with two pwrite calls, its 24-byte header and its page:
   a sign-up's commit made about sixteen system calls, which on this machine's virtual CPU
   cost more than the writes themselves. This VFS keeps the writes to a WAL file that follow
   each other in memory and hands them to the file in one write when anything may look at
   them:
   - before the commit becomes visible: SQLite publishes a commit by writing the WAL index
     header around a memory barrier (xShmBarrier of the database file), and the barrier first
     writes out the WAL of that connection;
   - before SQLite reads, syncs, truncates, sizes or closes the WAL, and before a write that
     does not follow on, or when 120 KiB are waiting.
   With synchronous = FULL a commit syncs its WAL before publishing it, so a failed write is a
   failed COMMIT as before. With NORMAL the barrier is the first moment the frames must be in
   the file, and it cannot report an error: a write that fails there ends the process (as a
   database server does when it cannot write its log; the commit was not answered, and the
   next start recovers the database to the commit before it).

   Only a WAL whose index is in shared memory is batched: in exclusive locking mode SQLite
   keeps the index on the heap and calls no barrier, and that WAL is written through. Every
   other call goes to the VFS underneath unchanged. */
#ifndef VERRIJKT_DB_WAL_BATCH_H
#define VERRIJKT_DB_WAL_BATCH_H

#include "db/layer.h"

/* Register the VFS as SQLite's default, over the default before it. Once per process; 0, or
   -1 when SQLite refuses (the default VFS stays). */
int wal_batch_register(void);

/* Writes handed to the files underneath, and the writes to WAL files that asked for them,
   since the start (for tests and benches). */
struct wal_batch_counts {
    unsigned long long asked, written;
};
struct wal_batch_counts wal_batch_counts(void);

#endif
