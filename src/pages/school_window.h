/* The schools of a lead's report page at national scale, a page at a time: a search by part of
   a school's name (?q=, letters compared without case) and a page number (?page=). The
   dashboard, the coverage report and the progress report show their schools this way (issue
   13: one page of 1,500 schools is megabytes of HTML); their totals of the coalition stay on
   every page, and their JSON and CSV keep every school. */
#ifndef VERRIJKT_PAGES_SCHOOL_WINDOW_H
#define VERRIJKT_PAGES_SCHOOL_WINDOW_H

#include "pages/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct req;
struct report;
struct url_param;

enum {
    SCHOOL_SEARCH_MAX = 100, /* characters of a search */
    SCHOOL_PAGE_MAX = 10000, /* the highest page number accepted */
};

/* What the query asks: the search ("" for none) and the page (0: every school at once). */
struct school_window_query {
    const char *search;
    long long page;
};

/* The schools a page shows: [first, first + count) of the total that match the search;
   page 0 shows every one on one "page". */
struct school_window {
    size_t first, count, total;
    long long page, pages;
};

/* Read ?q= and ?page= into *w: without ?page= the first page, or page 0 (every school) when
   every is set (a JSON answer). Returns 0; or, for text that is not plain (control
   characters) or longer than SCHOOL_SEARCH_MAX characters, or a page that is not a whole
   number from 1 to SCHOOL_PAGE_MAX, the status of the answer given: the page tpl's form again
   with a Dutch message per bad field (422; JSON {"error", "fields"}). form (taken over either
   way) is that answer's model: the page's title and values, to which the typed search
   (values.q), the errors and their list, "refused" and "window_refused" (the lead's words
   speak of the page and the search, not of the period) are added. */
int school_window_read(struct req *r, bool every, struct school_window_query *w, json_t *form,
                       const char *tpl);

/* True when name contains search, ASCII letters compared without case. */
bool school_name_matches(const char *name, const char *search);

/* The window of page wq->page over total matching schools, per_page a page: page 0 is every
   school; a page past the last is the last. */
struct school_window school_window_of(size_t total, const struct school_window_query *wq,
                                      size_t per_page);

/* The window of wq over the schools of rep whose name matches its search, in the report's
   order; *shown: the indexes into rep->schools of the window's count schools (arena-owned). */
struct school_window school_window_over(struct req *r, const struct report *rep,
                                        const struct school_window_query *wq, size_t per_page,
                                        const size_t **shown);

/* The window's part of a page model: "search", "total", "page", "pages", "per_page",
   "paged", "has_rows", "count_label" ("52 scholen"; while searching "3 van de 1500
   scholen", all: the schools of the report) and the links to the pages before and after
   (base with the parameters of keep, which should hold q). */
void school_window_model(struct req *r, json_t *model, const struct school_window *w,
                         const struct school_window_query *wq, size_t all, size_t per_page,
                         const char *base, const struct url_param *keep, size_t n_keep);

#endif
