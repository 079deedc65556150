/* The SQL files of migrations/, embedded at build time (build/gen/migrations.c). */
#ifndef VERRIJKT_DB_MIGRATIONS_H
#define VERRIJKT_DB_MIGRATIONS_H

#include "db/layer.h"

#include <stddef.h>

struct migration {
    const char *name;
    const char *sql;
};

extern const struct migration migrations[];
extern const size_t n_migrations;

#endif
