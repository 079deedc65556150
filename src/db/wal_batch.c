/* The WAL-batching VFS; see wal_batch.h. */
#include "db/wal_batch.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The writes kept at most: the unix VFS writes at most 128 KiB in one call (it masks larger
   sizes), so a flush is one call. About 29 frames of a 4 KiB page. */
enum { BATCH_MAX = 120 * 1024 };

/* An open file: ours, followed in memory by the file of the VFS underneath. */
struct batch_file {
    sqlite3_file base;
    bool is_wal;
    const char *name;        /* a database: the name SQLite opened it by (the key to link by) */
    struct batch_file *next; /* a database: in the list of open databases */
    struct batch_file *wal;  /* a database: its WAL while open */
    bool shm_mapped;         /* a database: its WAL index is in shared memory (see batch_write) */
    struct batch_file *db;   /* a WAL: its database; NULL: the WAL is written through */
    char *buf;               /* a WAL: writes waiting (BATCH_MAX bytes), for the file from at */
    size_t len;
    sqlite3_int64 at;
};

static sqlite3_vfs *below;
static sqlite3_vfs batch_vfs;
static atomic_ullong asked, written;

/* The open databases, to find a WAL's database by the name SQLite gives both. */
static pthread_mutex_t databases_lock = PTHREAD_MUTEX_INITIALIZER;
static struct batch_file *databases;

static sqlite3_file *real_of(struct batch_file *f)
{
    return (sqlite3_file *)(f + 1);
}
static struct batch_file *batch_of(sqlite3_file *file)
{
    return (struct batch_file *)file;
}

/* Hand the waiting writes to the file. The buffer is empty afterwards, also on an error (the
   frames in it are then lost, and SQLite fails the transaction that wrote them). */
static int flush(struct batch_file *f)
{
    if (!f->len)
        return SQLITE_OK;
    sqlite3_file *r = real_of(f);
    int rc = r->pMethods->xWrite(r, f->buf, (int)f->len, f->at);
    atomic_fetch_add(&written, 1);
    f->len = 0;
    return rc;
}

/* Keep amt bytes for offset off after the waiting ones: 0, or -1 when they do not follow on
   or there is no room (the caller then writes them through). */
static int keep(struct batch_file *f, const void *data, int amt, sqlite3_int64 off)
{
    size_t n = (size_t)amt;
    if (f->len && off != f->at + (sqlite3_int64)f->len)
        return -1;
    if (f->len + n > BATCH_MAX)
        return -1;
    if (!f->buf && !(f->buf = malloc(BATCH_MAX)))
        return -1;
    if (!f->len)
        f->at = off;
    memcpy(f->buf + f->len, data, n);
    f->len += n;
    return 0;
}

/* ---- the file's methods -------------------------------------------------------------------- */

static void databases_remove(struct batch_file *f)
{
    pthread_mutex_lock(&databases_lock);
    for (struct batch_file **p = &databases; *p; p = &(*p)->next)
        if (*p == f) {
            *p = f->next;
            break;
        }
    pthread_mutex_unlock(&databases_lock);
}

static int batch_close(sqlite3_file *file)
{
    struct batch_file *f = batch_of(file);
    int rc = flush(f);
    if (f->is_wal && f->db)
        f->db->wal = NULL;
    if (!f->is_wal) {
        databases_remove(f);
        if (f->wal)
            f->wal->db = NULL;
    }
    free(f->buf);
    sqlite3_file *r = real_of(f);
    int closed = r->pMethods->xClose(r);
    return rc != SQLITE_OK ? rc : closed;
}

static int batch_read(sqlite3_file *file, void *data, int amt, sqlite3_int64 off)
{
    struct batch_file *f = batch_of(file);
    int rc = flush(f);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real_of(f);
    return r->pMethods->xRead(r, data, amt, off);
}

static int batch_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
    struct batch_file *f = batch_of(file);
    /* Only a WAL whose index is in shared memory: SQLite publishes its commits through the
       barrier. In exclusive locking mode the index is on the heap, no barrier is called, and
       the WAL is written through. */
    if (f->is_wal && f->db && f->db->shm_mapped) {
        atomic_fetch_add(&asked, 1);
        if (keep(f, data, amt, off) == 0)
            return SQLITE_OK;
        int rc = flush(f);
        if (rc != SQLITE_OK)
            return rc;
        if (keep(f, data, amt, off) == 0)
            return SQLITE_OK;
        atomic_fetch_add(&written, 1);
    }
    sqlite3_file *r = real_of(f);
    return r->pMethods->xWrite(r, data, amt, off);
}

static int batch_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    struct batch_file *f = batch_of(file);
    int rc = flush(f);
    sqlite3_file *r = real_of(f);
    return rc != SQLITE_OK ? rc : r->pMethods->xTruncate(r, size);
}

static int batch_sync(sqlite3_file *file, int flags)
{
    struct batch_file *f = batch_of(file);
    int rc = flush(f);
    sqlite3_file *r = real_of(f);
    return rc != SQLITE_OK ? rc : r->pMethods->xSync(r, flags);
}

static int batch_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    struct batch_file *f = batch_of(file);
    int rc = flush(f);
    sqlite3_file *r = real_of(f);
    return rc != SQLITE_OK ? rc : r->pMethods->xFileSize(r, size);
}

static int batch_lock(sqlite3_file *file, int lock)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->xLock(r, lock);
}

static int batch_unlock(sqlite3_file *file, int lock)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->xUnlock(r, lock);
}

static int batch_check_reserved_lock(sqlite3_file *file, int *out)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->xCheckReservedLock(r, out);
}

static int batch_file_control(sqlite3_file *file, int op, void *arg)
{
    struct batch_file *f = batch_of(file);
    int rc = flush(f);
    sqlite3_file *r = real_of(f);
    return rc != SQLITE_OK ? rc : r->pMethods->xFileControl(r, op, arg);
}

static int batch_sector_size(sqlite3_file *file)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->xSectorSize(r);
}

static int batch_device_characteristics(sqlite3_file *file)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->xDeviceCharacteristics(r);
}

/* The shared-memory and map methods exist from version 2 and 3 of a file's methods; the unix
   VFS has 3, and a file whose methods are older answers as SQLite expects of one without. */
static int batch_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
    struct batch_file *f = batch_of(file);
    sqlite3_file *r = real_of(f);
    if (r->pMethods->iVersion < 2)
        return SQLITE_IOERR_SHMMAP;
    int rc = r->pMethods->xShmMap(r, page, size, extend, out);
    if (rc == SQLITE_OK)
        f->shm_mapped = true;
    return rc;
}

static int batch_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
    sqlite3_file *r = real_of(batch_of(file));
    if (r->pMethods->iVersion < 2)
        return SQLITE_IOERR_SHMLOCK;
    return r->pMethods->xShmLock(r, offset, n, flags);
}

/* SQLite publishes a commit around this barrier: the frames go to the WAL file first. */
static void batch_shm_barrier(sqlite3_file *file)
{
    struct batch_file *f = batch_of(file);
    int rc = f->wal ? flush(f->wal) : SQLITE_OK;
    if (rc != SQLITE_OK) {
        fprintf(stderr,
                "db: the WAL of %s could not be written (%s); stopping before the commit"
                " is published\n",
                f->name ? f->name : "a database", sqlite3_errstr(rc));
        abort();
    }
    sqlite3_file *r = real_of(f);
    if (r->pMethods->iVersion >= 2)
        r->pMethods->xShmBarrier(r);
}

static int batch_shm_unmap(sqlite3_file *file, int delete_flag)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->iVersion < 2 ? SQLITE_OK : r->pMethods->xShmUnmap(r, delete_flag);
}

static int batch_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
    sqlite3_file *r = real_of(batch_of(file));
    if (r->pMethods->iVersion < 3) {
        *out = NULL; /* no map: SQLite reads the page instead */
        return SQLITE_OK;
    }
    return r->pMethods->xFetch(r, off, amt, out);
}

static int batch_unfetch(sqlite3_file *file, sqlite3_int64 off, void *page)
{
    sqlite3_file *r = real_of(batch_of(file));
    return r->pMethods->iVersion < 3 ? SQLITE_OK : r->pMethods->xUnfetch(r, off, page);
}

static const sqlite3_io_methods batch_methods = {
    .iVersion = 3,
    .xClose = batch_close,
    .xRead = batch_read,
    .xWrite = batch_write,
    .xTruncate = batch_truncate,
    .xSync = batch_sync,
    .xFileSize = batch_file_size,
    .xLock = batch_lock,
    .xUnlock = batch_unlock,
    .xCheckReservedLock = batch_check_reserved_lock,
    .xFileControl = batch_file_control,
    .xSectorSize = batch_sector_size,
    .xDeviceCharacteristics = batch_device_characteristics,
    .xShmMap = batch_shm_map,
    .xShmLock = batch_shm_lock,
    .xShmBarrier = batch_shm_barrier,
    .xShmUnmap = batch_shm_unmap,
    .xFetch = batch_fetch,
    .xUnfetch = batch_unfetch,
};

/* ---- the VFS ------------------------------------------------------------------------------- */

/* A WAL's database: the open database SQLite named it after (the same name, by address: each
   connection opens its own). NULL when none is found (the WAL is then written through). */
static void link_wal(struct batch_file *wal, const char *name)
{
    const char *db_name = sqlite3_filename_database(name);
    pthread_mutex_lock(&databases_lock);
    for (struct batch_file *d = databases; d; d = d->next)
        if (d->name == db_name && !d->wal) {
            d->wal = wal;
            wal->db = d;
            break;
        }
    pthread_mutex_unlock(&databases_lock);
}

static int batch_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                      int *out_flags)
{
    (void)vfs;
    struct batch_file *f = batch_of(file);
    memset(f, 0, sizeof *f);
    sqlite3_file *r = real_of(f);
    r->pMethods = NULL;
    int rc = below->xOpen(below, name, r, flags, out_flags);
    /* xClose is called whenever pMethods is set, also after a failed open */
    f->base.pMethods = r->pMethods ? &batch_methods : NULL;
    if (rc != SQLITE_OK || !r->pMethods || r->pMethods->iVersion < 2)
        return rc; /* without shared memory there is no WAL to batch */
    if ((flags & SQLITE_OPEN_MAIN_DB) && name) {
        f->name = name;
        pthread_mutex_lock(&databases_lock);
        f->next = databases;
        databases = f;
        pthread_mutex_unlock(&databases_lock);
    } else if ((flags & SQLITE_OPEN_WAL) && name) {
        f->is_wal = true;
        link_wal(f, name);
    }
    return rc;
}

static int batch_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return below->xDelete(below, name, sync_dir);
}

static int batch_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return below->xAccess(below, name, flags, out);
}

static int batch_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return below->xFullPathname(below, name, n, out);
}

static void *batch_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return below->xDlOpen(below, name);
}

static void batch_dl_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    below->xDlError(below, n, out);
}

static void (*batch_dl_sym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void)
{
    (void)vfs;
    return below->xDlSym(below, handle, symbol);
}

static void batch_dl_close(sqlite3_vfs *vfs, void *handle)
{
    (void)vfs;
    below->xDlClose(below, handle);
}

static int batch_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return below->xRandomness(below, n, out);
}

static int batch_sleep(sqlite3_vfs *vfs, int microseconds)
{
    (void)vfs;
    return below->xSleep(below, microseconds);
}

static int batch_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return below->xCurrentTime(below, out);
}

static int batch_get_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return below->xGetLastError ? below->xGetLastError(below, n, out) : 0;
}

static int batch_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return below->xCurrentTimeInt64(below, out);
}

static int batch_set_system_call(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr call)
{
    (void)vfs;
    return below->xSetSystemCall(below, name, call);
}

static sqlite3_syscall_ptr batch_get_system_call(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return below->xGetSystemCall(below, name);
}

static const char *batch_next_system_call(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return below->xNextSystemCall(below, name);
}

static int registered = -1;

static void register_once(void)
{
    below = sqlite3_vfs_find(NULL);
    if (!below || below->iVersion < 3)
        return;
    batch_vfs = (sqlite3_vfs){
        .iVersion = 3,
        .szOsFile = (int)sizeof(struct batch_file) + below->szOsFile,
        .mxPathname = below->mxPathname,
        .zName = "verrijkt-wal-batch",
        .xOpen = batch_open,
        .xDelete = batch_delete,
        .xAccess = batch_access,
        .xFullPathname = batch_full_pathname,
        .xDlOpen = batch_dl_open,
        .xDlError = batch_dl_error,
        .xDlSym = batch_dl_sym,
        .xDlClose = batch_dl_close,
        .xRandomness = batch_randomness,
        .xSleep = batch_sleep,
        .xCurrentTime = batch_current_time,
        .xGetLastError = batch_get_last_error,
        .xCurrentTimeInt64 = batch_current_time_int64,
        .xSetSystemCall = batch_set_system_call,
        .xGetSystemCall = batch_get_system_call,
        .xNextSystemCall = batch_next_system_call,
    };
    registered = sqlite3_vfs_register(&batch_vfs, 1) == SQLITE_OK ? 0 : -1;
}

int wal_batch_register(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_once);
    return registered;
}

struct wal_batch_counts wal_batch_counts(void)
{
    return (struct wal_batch_counts){atomic_load(&asked), atomic_load(&written)};
}
