/* The subcommands of build/verrijkt. Each returns the process exit status. */
#ifndef VERRIJKT_CLI_CLI_H
#define VERRIJKT_CLI_CLI_H

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_load(int argc, char **argv);
int cli_dump(int argc, char **argv);
int cli_seed_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_allocate(int argc, char **argv); /* allocate.c: allocate a round's seats */
int cli_backup(int argc, char **argv);   /* backup.c: a copy of a live database */
int cli_purge(int argc, char **argv);    /* purge.c: delete pupils who left long ago */
int cli_rollover(int argc, char **argv); /* rollover.c: everyone up a group, a new year */
int cli_mail_test(int argc, char **argv); /* mail_test.c: one message through [mail] command */
int cli_import_pupils(int argc, char **argv); /* import_pupils.c: a school's pupils from CSV */
/* The purge on db now, said on stdout (by: "serve" or "command"). 0 or -1. */
struct db;
int cli_purge_now(struct db *db, int after_days, const char *by);

/* The nightly jobs of `serve` (backup.c): a thread that at cfg's backup_at (local time)
   copies cfg->db_path into cfg->backup_dir as verrijkt-YYYY-MM-DD.db and keeps the newest
   cfg->backup_keep of those (when backup_dir is set), then purges the pupils who left more
   than purge_after_days ago (cli_purge_now). cfg must outlive the thread. NULL when the thread
   cannot start (reason on stderr). */
struct config;
struct backup_thread;
struct backup_thread *backup_thread_start(const struct config *cfg);
/* Stop the thread (a backup under way is finished first), join and free. NULL is allowed. */
void backup_thread_stop(struct backup_thread *t);

/* Open the database at path and bring its schema up to date; NULL after printing the error. */
struct db *cli_open_db(const char *path);
/* Find "--db PATH" (or "--db=PATH") among argv; NULL when absent. */
const char *cli_db_arg(int argc, char **argv);
/* The Dutch text of a message key of the domain ("problem.round_bad_seed"), from the catalogues
   next to the templates (loaded on first use); the key itself when they cannot be read. */
const char *cli_text(const char *key);

#endif
