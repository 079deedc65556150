/* What the running server shares between threads; read-only once serving starts. */
#ifndef VERRIJKT_APP_H
#define VERRIJKT_APP_H

#include "config.h"

struct mustache_set;
struct i18n;

struct static_file {
    const char *path;         /* URL path, e.g. "/static/style.css" */
    const char *content_type;
    char *data;
    size_t size;
};

struct app {
    struct config cfg;
    struct mustache_set *templates;
    struct static_file *static_files;
    size_t n_static_files;
};

#endif
