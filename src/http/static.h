#ifndef VERRIJKT_HTTP_STATIC_H
#define VERRIJKT_HTTP_STATIC_H

#include "http/layer.h"

#include <stdbool.h>
#include <stddef.h>

struct app;
struct req;

/* Read every file of app->cfg.static_dir into memory. 0 or -1 (err). */
int static_load(struct app *app, char *err, size_t errlen);
void static_free(struct app *app);
/* Answer a GET for /static/…; false when the path is not a static file. */
bool static_serve(struct req *r);

#endif
