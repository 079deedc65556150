/* Backups of a live database (SQLite's online backup API) and the nightly set of them: one
   file per day in a folder, the newest N kept. */
#ifndef VERRIJKT_DB_BACKUP_H
#define VERRIJKT_DB_BACKUP_H

#include "db/layer.h"

#include <stddef.h>
#include <time.h>

/* Copy the database at src_path to dest_path while other connections (other processes too)
   keep writing. The copy is one read snapshot taken when the backup starts, so it holds every
   transaction committed before then; in WAL mode the writers are not held up meanwhile. The
   copy is written to a temporary file beside dest_path, checked with PRAGMA integrity_check,
   flushed to disk and then renamed over dest_path, so dest_path is never half-written; a
   dest_path-wal or dest_path-shm of an earlier file of that name is deleted first (SQLite
   would apply that WAL to the copy), so dest_path must not be a database in use.
   src_path must exist (it is not created) and differ from dest_path. 0, or -1 with the reason
   in err. */
int db_backup_file(const char *src_path, const char *dest_path, char *err, size_t errlen);

/* The nightly backup's file name for the local date of when: "verrijkt-YYYY-MM-DD.db". */
void backup_file_name(time_t when, char *out, size_t size);

/* Delete the oldest nightly backups in dir (files named as backup_file_name makes them; no
   other file is touched) so that keep of them remain. The number deleted, or -1 with the
   reason in err when dir cannot be read or a file cannot be deleted. */
int backup_prune(const char *dir, int keep, char *err, size_t errlen);

/* One nightly backup: src_path copied to dir/backup_file_name(now) (replacing one of the same
   day), then backup_prune(dir, keep). Before the copy, the temporary files of earlier nightly
   backups that were never finished (the daemon stopped during one) are deleted once they have
   been left unchanged for an hour. 0, or -1 with the reason in err (nothing is pruned when the
   copy failed). */
int backup_nightly(const char *src_path, const char *dir, int keep, time_t now, char *err,
                   size_t errlen);

/* The first moment after now at local time hour:minute (today's when it is still ahead,
   else tomorrow's; a time a DST change skips moves on with the clock). */
time_t backup_next_time(time_t now, int hour, int minute);

#endif
