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

/* Open the database at path and bring its schema up to date; NULL after printing the error. */
struct db *cli_open_db(const char *path);
/* Find "--db PATH" (or "--db=PATH") among argv; NULL when absent. */
const char *cli_db_arg(int argc, char **argv);
/* The Dutch text of a message key of the domain ("problem.round_bad_seed"), from the catalogues
   next to the templates (loaded on first use); the key itself when they cannot be read. */
const char *cli_text(const char *key);

#endif
