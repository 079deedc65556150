#include "http/static.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "http/req.h"

static const char *content_type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (!strcmp(dot, ".css"))
        return "text/css; charset=utf-8";
    if (!strcmp(dot, ".js"))
        return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".svg"))
        return "image/svg+xml";
    if (!strcmp(dot, ".png"))
        return "image/png";
    if (!strcmp(dot, ".ico"))
        return "image/x-icon";
    return "application/octet-stream";
}

static int slurp(const char *path, char **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0) {
        fclose(f);
        return -1;
    }
    *data = malloc((size_t)n + 1);
    if (!*data)
        abort();
    size_t got = fread(*data, 1, (size_t)n, f);
    fclose(f);
    *size = got;
    return got == (size_t)n ? 0 : -1;
}

int static_load(struct app *app, char *err, size_t errlen)
{
    DIR *dir = opendir(app->cfg.static_dir);
    if (!dir) {
        snprintf(err, errlen, "%s: cannot open static folder", app->cfg.static_dir);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", app->cfg.static_dir, e->d_name);
        char *data;
        size_t size;
        if (slurp(path, &data, &size))
            continue;
        app->static_files = realloc(app->static_files,
                                    (app->n_static_files + 1) * sizeof *app->static_files);
        if (!app->static_files)
            abort();
        struct static_file *sf = &app->static_files[app->n_static_files++];
        size_t url_len = strlen(e->d_name) + 9;
        char *url = malloc(url_len);
        if (!url)
            abort();
        snprintf(url, url_len, "/static/%s", e->d_name);
        sf->path = url;
        sf->content_type = content_type_of(e->d_name);
        sf->data = data;
        sf->size = size;
    }
    closedir(dir);
    return 0;
}

void static_free(struct app *app)
{
    for (size_t i = 0; i < app->n_static_files; i++) {
        free((char *)app->static_files[i].path);
        free(app->static_files[i].data);
    }
    free(app->static_files);
    app->static_files = NULL;
    app->n_static_files = 0;
}

bool static_serve(struct req *r)
{
    if (strncmp(r->path, "/static/", 8))
        return false;
    for (size_t i = 0; i < r->app->n_static_files; i++) {
        const struct static_file *sf = &r->app->static_files[i];
        if (strcmp(sf->path, r->path))
            continue;
        buf_append(&r->body, sf->data, sf->size);
        r->content_type = sf->content_type;
        r->status = 200;
        req_add_header(r, "Cache-Control", "public, max-age=3600");
        return true;
    }
    return false;
}
