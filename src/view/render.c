#include "view/render.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "http/req.h"
#include "http/url.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/utf8.h"
#include "view/i18n.h"
#include "view/mustache.h"
#include "util/log.h"

/* The only keys templates may print unescaped: HTML the server built itself. */
static const char *const raw_allowed[] = {"content", "chart_svg", NULL};

struct nav_item {
    const char *href, *label; /* label: a message key */
    unsigned roles;
    const char *also[4]; /* other path prefixes that belong to this item */
};

static const struct nav_item nav_items[] = {
    {"/", "nav.home", ROLES_ANY, {NULL}},
    {"/schools", "nav.schools", ROLE_LEAD, {NULL}},
    {"/activities", "nav.activities", ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, {"/sessions"}},
    {"/pupils", "nav.pupils", ROLES_SCHOOL, {NULL}},
    {"/rounds", "round.nav", ROLES_SCHOOL, {NULL}}, /* enrolment rounds (pages/rounds.c) */
    {"/providers", "nav.providers", ROLES_SCHOOL, {"/staff"}},
    {"/incidents", "incidents.nav", ROLES_SCHOOL, {NULL}}, /* safety incidents (incidents.c) */
    {"/dashboard", "nav.dashboard", ROLE_LEAD, {NULL}}, /* dashboard.c (issue 5) */
    {"/reports/coverage", "nav.reports", ROLES_SCHOOL, {"/reports"}}, /* reports (reports.c) */
    {"/activity-book", "nav.activity_book", ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF,
     {NULL}}, /* the coalition's activity book (activity_book.c) */
    {"/admin", "nav.admin", ROLE_LEAD, {"/domains", "/holidays", "/accounts", "/norms"}},
    {"/parent", "nav.parent", ROLE_PARENT, {NULL}},
};

/* The name of a role as stored ("lead"), NULL when not logged in. */
static const char *role_name(enum role role)
{
    switch (role) {
    case ROLE_LEAD: return "lead";
    case ROLE_COORDINATOR: return "coordinator";
    case ROLE_STAFF: return "staff";
    case ROLE_PARENT: return "parent";
    default: return NULL;
    }
}

/* Is path the page at prefix or below it? "/" matches only itself. */
static bool path_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n == 1)
        return !strcmp(path, "/");
    return !strncmp(path, prefix, n) && (path[n] == '\0' || path[n] == '/');
}

static bool nav_current(const struct nav_item *item, const char *path)
{
    if (path_under(path, item->href))
        return true;
    for (size_t i = 0; i < 4 && item->also[i]; i++)
        if (path_under(path, item->also[i]))
            return true;
    return false;
}

static json_t *nav_model(const struct req *r)
{
    json_t *nav = json_array();
    for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
        const struct nav_item *item = &nav_items[i];
        if (!(item->roles & r->user.role))
            continue;
        json_array_append_new(nav, json_pack("{s:s, s:s, s:b}", "href", item->href, "label",
                                             i18n_text(r->lang, item->label), "current",
                                             nav_current(item, r->path)));
    }
    return nav;
}

static json_t *me_model(const struct req *r)
{
    const char *role = role_name(r->user.role);
    if (!role)
        return json_null();
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:b, s:b}", "id", (json_int_t)r->user.id,
                     "name", r->user.name ? r->user.name : "", "email",
                     r->user.email ? r->user.email : "", "role_label",
                     req_role_label(r, role, ROLE_LABEL_PLAIN),
                     "is_lead", r->user.role == ROLE_LEAD, "is_coordinator",
                     r->user.role == ROLE_COORDINATOR, "is_staff", r->user.role == ROLE_STAFF,
                     "is_parent", r->user.role == ROLE_PARENT);
}

/* What the layout and every HTML page may use for their language: "t" (the catalogue, for
   {{t.section.key}}), "lang", "dir", "languages" (for the switch), and "here", where the
   switch comes back to: the page's path, or what the page set itself. The query string is
   left out on purpose, so that nothing a link put there is echoed into the page; a page whose
   query matters (the login's next) sets "here" with the query it has checked. */
static void add_language(struct req *r, json_t *model)
{
    json_t *catalogue = i18n_catalogue(r->lang);
    json_object_set_new(model, "t", catalogue ? json_incref(catalogue) : json_object());
    json_object_set_new(model, "lang", json_string(r->lang));
    json_object_set_new(model, "dir", json_string(i18n_dir(r->lang)));
    /* The switch only where the page follows it: parents and visitors (routes.c). */
    if (r->user.role == ROLE_NONE || r->user.role == ROLE_PARENT)
        json_object_set_new(model, "languages", i18n_languages(r->lang));
    if (!json_is_string(json_object_get(model, "here")))
        json_object_set_new(model, "here", json_string(url_escape_path(&r->arena, r->path)));
}

/* Whether the page reports an error: an error status (an error page, a form shown again with
   its messages) or a non-empty error summary on a page that answers 200 (a report's bad
   dates). The layout then starts the title with "Fout: " (t.error.title_prefix). */
static bool page_has_errors(int status, json_t *model)
{
    return status >= 400 || json_array_size(json_object_get(model, "error_list")) > 0;
}

static int render_html(struct req *r, int status, const char *tpl, json_t *model)
{
    const struct mustache_set *set = r->app->templates;
    json_object_set_new(model, "page_has_errors", json_boolean(page_has_errors(status, model)));
    json_object_set_new(model, "me", me_model(r));
    json_object_set_new(model, "nav", nav_model(r));
    if (r->flash) {
        json_object_set_new(model, "flash", json_string(r->flash));
        json_object_set_new(model, "flash_warning", json_boolean(r->flash_warning));
    }
    add_language(r, model);
    struct buf page = BUF_INIT;
    if (mustache_render(set, tpl, model, &page)) {
        log_error("render: no template %s\n", tpl);
        buf_free(&page);
        json_decref(model);
        return respond_text(r, 500, "Interne fout: sjabloon ontbreekt.");
    }
    /* Not checked again as UTF-8: the page is the templates' text and the model's strings,
       which jansson holds only as valid UTF-8 (the templates are checked when they load). */
    json_object_set_new(model, "content",
                        json_stringn_nocheck(page.data ? page.data : "", page.len));
    buf_free(&page);
    buf_reset(&r->body);
    mustache_render(set, "layout", model, &r->body);
    json_decref(model);
    r->content_type = "text/html; charset=utf-8";
    r->status = status;
    return status;
}

int render(struct req *r, int status, const char *tpl, json_t *model)
{
    if (!model)
        model = json_object();
    if (r->csrf)
        json_object_set_new(model, "csrf", json_string(r->csrf));
    if (r->wants_json)
        return respond_json(r, status, model);
    return render_html(r, status, tpl, model);
}

int render_error(struct req *r, int status, const char *message)
{
    if (r->wants_json)
        return respond_json(r, status, json_pack("{s:s}", "error", message));
    json_t *model = json_pack("{s:s, s:s, s:i}", "title", req_text(r, "error.title"), "message",
                              message, "status", status);
    return render(r, status, "error", model);
}

int render_form_errors(struct req *r, const char *tpl, json_t *model)
{
    if (r->wants_json) {
        json_t *fields = json_object_get(model, "errors");
        json_t *body = json_pack("{s:s, s:o}", "error", req_text(r, "form.invalid"), "fields",
                                 fields ? json_incref(fields) : json_object());
        json_decref(model);
        return respond_json(r, 422, body);
    }
    return render(r, 422, tpl, model);
}

static int load_dir(struct mustache_set *set, const char *root, const char *rel, char *err,
                    size_t errlen)
{
    char dir_path[1024];
    snprintf(dir_path, sizeof dir_path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *dir = opendir(dir_path);
    if (!dir) {
        snprintf(err, errlen, "%s: cannot open template folder", dir_path);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        char child_rel[512], full[1536];
        snprintf(child_rel, sizeof child_rel, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", root, child_rel);
        struct stat st;
        if (stat(full, &st))
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = load_dir(set, root, child_rel, err, errlen);
            continue;
        }
        size_t len = strlen(child_rel);
        if (len < 6 || strcmp(child_rel + len - 5, ".html"))
            continue;
        child_rel[len - 5] = '\0';
        struct buf source = BUF_INIT;
        if (file_read_all(full, &source)) {
            snprintf(err, errlen, "%s: cannot read", full);
            rc = -1;
        } else if (!utf8_valid(source.data ? source.data : "", source.len)) {
            /* render_html hands the page to jansson without checking it again */
            snprintf(err, errlen, "%s: not valid UTF-8", full);
            rc = -1;
        } else {
            rc = mustache_set_add(set, child_rel, source.data ? source.data : "", err, errlen);
        }
        buf_free(&source);
    }
    closedir(dir);
    return rc;
}

struct mustache_set *templates_load(const char *dir, char *err, size_t errlen)
{
    struct mustache_set *set = mustache_set_new(raw_allowed);
    if (load_dir(set, dir, "", err, errlen) || mustache_set_check(set, err, errlen)) {
        mustache_set_free(set);
        return NULL;
    }
    return set;
}
