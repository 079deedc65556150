/* The schools of a report page a page at a time (pages/school_window.h). */
#include "pages/school_window.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/reports/reports.h"
#include "http/form.h"
#include "http/req.h"
#include "http/url.h"
#include "util/utf8.h"
#include "view/render.h"

static const struct field window_fields[] = {
    {"q", "School zoeken", FIELD_TEXT, false, SCHOOL_SEARCH_MAX, 0, 0, NULL},
    {"page", "Pagina", FIELD_INT, false, 0, 1, SCHOOL_PAGE_MAX, NULL},
};

/* Whether search is plain text: valid UTF-8 without control characters. */
static bool plain_text(const char *search)
{
    for (const unsigned char *c = (const unsigned char *)search; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return false;
    return utf8_valid(search, strlen(search));
}

/* The page number of text into *page: 0, or -1 when it is not a whole number from 1 to
   SCHOOL_PAGE_MAX written with digits only. */
static int page_number(const char *text, long long *page)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (*text < '0' || *text > '9' || *end || errno || v < 1 || v > SCHOOL_PAGE_MAX)
        return -1;
    *page = v;
    return 0;
}

/* The form again with errors (taken over) as school_window_read describes. */
static int window_refused(struct req *r, json_t *model, json_t *errors, const char *tpl)
{
    const char *search = req_query(r, "q");
    json_t *values = json_object_get(model, "values");
    if (values)
        json_object_set_new(
            values, "q", /* the typed text kept, unless it is no text */
            json_string(search && utf8_valid(search, strlen(search)) ? search : ""));
    json_object_set_new(model, "error_list",
                        form_error_list(window_fields, FIELDS_N(window_fields), errors));
    json_object_set_new(model, "errors", errors);
    json_object_set_new(model, "refused", json_true());
    json_object_set_new(model, "window_refused", json_true());
    return render_form_errors(r, tpl, model);
}

int school_window_read(struct req *r, bool every, struct school_window_query *w, json_t *form,
                       const char *tpl)
{
    json_t *errors = json_object();
    const char *search = req_query(r, "q"), *page = req_query(r, "page");
    w->search = search ? search : "";
    w->page = every ? 0 : 1;
    int bad = 0;
    if (!plain_text(w->search)) {
        json_object_set_new(errors, "q", json_string("Gebruik alleen gewone tekst."));
        bad++;
    } else if (utf8_length(w->search) > SCHOOL_SEARCH_MAX) {
        json_object_set_new(errors, "q",
                            json_sprintf("Gebruik hoogstens %d tekens.", SCHOOL_SEARCH_MAX));
        bad++;
    }
    if (page && *page && page_number(page, &w->page)) {
        json_object_set_new(errors, "page",
                            json_sprintf("Kies een pagina van 1 tot en met %d.", SCHOOL_PAGE_MAX));
        bad++;
    }
    if (bad) {
        w->search = "";
        return window_refused(r, form, errors, tpl);
    }
    json_decref(errors);
    json_decref(form);
    return 0;
}

bool school_name_matches(const char *name, const char *search)
{
    size_t n = strlen(search);
    if (!n)
        return true;
    for (const char *at = name; *at; at++)
        if (!strncasecmp(at, search, n))
            return true;
    return false;
}

struct school_window school_window_of(size_t total, const struct school_window_query *wq,
                                      size_t per_page)
{
    struct school_window w = {.total = total, .page = wq->page, .pages = 1};
    if (wq->page == 0) {
        w.count = total;
        return w;
    }
    w.pages = total ? (long long)((total + per_page - 1) / per_page) : 1;
    if (w.page > w.pages)
        w.page = w.pages;
    w.first = (size_t)(w.page - 1) * per_page;
    w.count = total - w.first < per_page ? total - w.first : per_page;
    return w;
}

struct school_window school_window_over(struct req *r, const struct report *rep,
                                        const struct school_window_query *wq, size_t per_page,
                                        const size_t **shown)
{
    size_t *matching =
        arena_alloc(&r->arena, (rep->n_schools ? rep->n_schools : 1) * sizeof *matching);
    size_t n = 0;
    for (size_t i = 0; i < rep->n_schools; i++)
        if (school_name_matches(rep->schools[i].name, wq->search))
            matching[n++] = i;
    struct school_window w = school_window_of(n, wq, per_page);
    *shown = matching + w.first;
    return w;
}

/* The words of the count: "1500 scholen", "3 van de 1500 scholen". Arena-owned. */
static const char *count_label(struct req *r, size_t shown, size_t all, bool searching)
{
    const char *noun = all == 1 ? "school" : "scholen";
    if (!searching)
        return arena_printf(&r->arena, "%zu %s", all, noun);
    return arena_printf(&r->arena, "%zu van de %zu %s", shown, all, noun);
}

void school_window_model(struct req *r, json_t *model, const struct school_window *w,
                         const struct school_window_query *wq, size_t all, size_t per_page,
                         const char *base, const struct url_param *keep, size_t n_keep)
{
    json_object_set_new(model, "search", json_string(wq->search));
    json_object_set_new(model, "total", json_integer((json_int_t)w->total));
    json_object_set_new(model, "page", json_integer(w->page ? w->page : 1));
    json_object_set_new(model, "pages", json_integer(w->pages));
    json_object_set_new(model, "per_page",
                        json_integer(w->page ? (json_int_t)per_page : (json_int_t)w->total));
    json_object_set_new(model, "paged", json_boolean(w->pages > 1));
    json_object_set_new(model, "has_rows", json_boolean(w->count > 0));
    json_object_set_new(model, "count_label",
                        json_string(count_label(r, w->total, all, *wq->search != '\0')));
    if (w->pages > 1)
        pagination_links(&r->arena, model, base, keep, n_keep, w->page, w->pages);
}
