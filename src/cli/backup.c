/* `verrijkt backup --db PATH DEST`, and the nightly backup thread of `serve`
   ([database] backup_dir, backup_keep, backup_at). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "db/backup.h"
#include "db/db.h"

int cli_backup(int argc, char **argv)
{
    const char *path = cli_db_arg(argc, argv);
    const char *dest = NULL;
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db")) {
            i++;
            continue;
        }
        if (!strncmp(argv[i], "--db=", 5))
            continue;
        dest = argv[i];
        positional++;
    }
    if (!path || !dest || positional != 1) {
        fputs("usage: verrijkt backup --db PATH DEST\n", stderr);
        return 2;
    }
    char err[1200];
    if (db_backup_file(path, dest, err, sizeof err)) {
        fprintf(stderr, "verrijkt: %s\n", err);
        return 1;
    }
    printf("backup of %s written to %s\n", path, dest);
    return 0;
}

/* ---- the nightly backup --------------------------------------------------------------------- */

struct backup_thread {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping; /* under lock */
    const struct config *cfg;
};

/* The privacy purge (PRODUCT.md rule 8) on a connection of its own, said in the log. */
static void purge_now(const struct config *cfg)
{
    char err[600];
    struct db *db = db_open(cfg->db_path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "verrijkt: nightly purge: %s\n", err);
        return;
    }
    cli_purge_now(db, cfg->purge_after_days, "serve");
    db_close(db);
}

/* One backup into cfg->backup_dir, said in the log (nothing when no backup_dir is set). */
static void backup_now(const struct config *cfg)
{
    if (!cfg->backup_dir[0])
        return;
    char err[1200];
    if (backup_nightly(cfg->db_path, cfg->backup_dir, cfg->backup_keep, time(NULL), err,
                       sizeof err))
        fprintf(stderr, "verrijkt: nightly backup failed: %s\n", err);
    else
        printf("verrijkt: nightly backup written to %s\n", cfg->backup_dir);
    fflush(stdout);
}

/* Sleep until backup_at (waking early to stop), back up, and again the next night. The time
   is worked out anew after each wake, so a changed clock or DST is followed. */
static void *backup_main(void *arg)
{
    struct backup_thread *t = arg;
    const struct config *cfg = t->cfg;
    pthread_mutex_lock(&t->lock);
    while (!t->stopping) {
        time_t next = backup_next_time(time(NULL), cfg->backup_hour, cfg->backup_minute);
        struct timespec until = {.tv_sec = next, .tv_nsec = 0};
        while (!t->stopping && time(NULL) < next)
            if (pthread_cond_timedwait(&t->wake, &t->lock, &until))
                break; /* timed out (or an error): look at the clock again */
        if (t->stopping || time(NULL) < next)
            continue;
        pthread_mutex_unlock(&t->lock);
        backup_now(cfg);
        purge_now(cfg);
        pthread_mutex_lock(&t->lock);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

struct backup_thread *backup_thread_start(const struct config *cfg)
{
    struct backup_thread *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->cfg = cfg;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (pthread_create(&t->thread, NULL, backup_main, t)) {
        fprintf(stderr, "verrijkt: the nightly backup cannot start\n");
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        free(t);
        return NULL;
    }
    if (cfg->backup_dir[0])
        printf("verrijkt: a backup every night at %02d:%02d into %s (the last %d kept)\n",
               cfg->backup_hour, cfg->backup_minute, cfg->backup_dir, cfg->backup_keep);
    printf("verrijkt: every night at %02d:%02d pupils who left more than %d days ago are"
           " deleted\n",
           cfg->backup_hour, cfg->backup_minute, cfg->purge_after_days);
    return t;
}

void backup_thread_stop(struct backup_thread *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stopping = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t);
}
