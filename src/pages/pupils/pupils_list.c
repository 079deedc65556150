/* GET /pupils: the pupils in the user's scope — search on name or number, filters on grade,
   priority and (the lead) school, pages of 50, and the count. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain/people/pupils_read.h"
#include "http/req.h"
#include "http/url.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "pages/when.h"
#include "view/render.h"

enum { PER_PAGE = 50, PAGE_MAX = 1000000 };

/* A whole number from the query within [min, max], or fallback when absent or not one. */
static long long query_int(const struct req *r, const char *name, long long min, long long max,
                           long long fallback)
{
    const char *s = req_query(r, name);
    if (!s || !*s)
        return fallback;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return fallback;
    return v;
}


/* The filter's select options. New references. */
static json_t *grade_options(int grade_max, int selected)
{
    json_t *list = json_array();
    for (int g = 1; g <= grade_max; g++)
        json_array_append_new(list, json_pack("{s:i, s:b}", "value", g, "selected", g == selected));
    return list;
}

static json_t *priority_options(int selected)
{
    return json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}]", "value", "1", "label",
                     "Alleen doelgroepleerlingen", "selected", selected == 1, "value", "0",
                     "label", "Geen doelgroepleerlingen", "selected", selected == 0);
}

/* The link to the parent letters of the group filtered on (the letters page asks for a group
   when none is): "/pupils/letters?grade=N&school=KEY" into model as "letters_href". The lead's
   school key comes from schools (the select's rows). */
static void letters_href(struct req *r, json_t *model, json_t *schools, int64_t school_id,
                        int grade)
{
    const char *key = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(schools, i, s)
    {
        if (json_integer_value(json_object_get(s, "id")) == school_id)
            key = json_string_value(json_object_get(s, "key"));
    }
    const char *href = grade ? arena_printf(&r->arena, "/pupils/letters?grade=%d", grade)
                             : "/pupils/letters";
    if (key)
        href = arena_printf(&r->arena, "%s%sschool=%s", href, grade ? "&" : "?",
                            url_escape(&r->arena, key));
    json_object_set_new(model, "letters_href", json_string(href));
}

/* After an import (?new_first=A&new_last=B, the ids it created): the link to the letters of
   those pupils and its words ("print de brieven van de 3 nieuwe leerlingen") into model as
   "new_letters". letters_href must be in model (it names the lead's school). */
static void new_letters_href(struct req *r, json_t *model)
{
    long long first = query_int(r, "new_first", 1, INT64_MAX, 0);
    long long last = query_int(r, "new_last", 1, INT64_MAX, 0);
    if (!first || last < first || last - first >= 1000000)
        return;
    const char *school = strstr(json_string_value(json_object_get(model, "letters_href")),
                                "school=");
    const char *href = arena_printf(&r->arena, "/pupils/letters?first=%lld&last=%lld%s%s", first,
                                    last, school ? "&" : "", school ? school : "");
    long long n = last - first + 1;
    json_object_set_new(model, "new_letters",
                        json_pack("{s:s, s:s}", "href", href, "label",
                                  n == 1 ? "Print de brief van de nieuwe leerling"
                                         : arena_printf(&r->arena,
                                                        "Print de brieven van de %lld nieuwe"
                                                        " leerlingen",
                                                        n)));
}

int page_pupils_list(struct req *r)
{
    const char *q = req_query(r, "q");
    struct pupil_filter f = {
        .q = q ? q : "",
        .grade = (int)query_int(r, "grade", 1, 8, 0),
        .priority = (int)query_int(r, "priority", 0, 1, -1),
        .school = query_int(r, "school", 1, INT64_MAX, 0),
    };
    long long page = query_int(r, "page", 1, PAGE_MAX, 1);
    bool is_lead = r->user.role == ROLE_LEAD;
    int grade_max = 8;
    const char *grade_word = "Groep of leerjaar";
    if (!is_lead) {
        struct school_info own;
        f.school = r->user.school_id;
        int found = pupils_school_info(r, f.school, &own);
        if (found < 0)
            return page_failed(r);
        if (found) {
            grade_max = own.grade_max;
            grade_word = !strcmp(own.kind, "vo") ? "Leerjaar" : "Groep";
        }
    }
    int64_t total;
    json_t *pupils = read_pupils_count(r->db, &f, &total) < 0
                         ? NULL
                         : read_pupils_page(r->db, &f, PER_PAGE, (page - 1) * PER_PAGE);
    static const char *const left_keys[] = {"left_on", NULL};
    when_labels(pupils, left_keys);
    json_t *schools = pupils && is_lead ? pupils_school_options(r, f.school) : NULL;
    if (!pupils || (is_lead && !schools)) {
        json_decref(pupils);
        return page_failed(r);
    }
    json_int_t pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
    bool filtered = *f.q || f.grade || f.priority >= 0 || (is_lead && f.school);
    json_t *model = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:I, s:b, s:b, s:{s:s, s:i, s:i, s:I}, s:o, s:o}", "title",
        "Leerlingen", "pupils", pupils, "total", (json_int_t)total, "page", (json_int_t)page,
        "pages", pages, "per_page", (json_int_t)PER_PAGE, "show_school", is_lead, "filtered",
        filtered, "filter", "q", f.q, "grade", f.grade, "priority", f.priority, "school",
        (json_int_t)(is_lead ? f.school : 0), "grades", grade_options(grade_max, f.grade),
        "priorities", priority_options(f.priority));
    if (is_lead)
        json_object_set_new(model, "schools", schools);
    json_object_set_new(model, "count_label",
                        json_string(arena_printf(&r->arena, "%lld %s", (long long)total,
                                                 total == 1 ? "leerling" : "leerlingen")));
    json_object_set_new(model, "paged", json_boolean(pages > 1));
    json_object_set_new(model, "grade_word", json_string(grade_word));
    json_object_set_new(
        model, "letters_label",
        json_string(f.grade ? arena_printf(&r->arena, "Brieven voor ouders van %s %d",
                                           !strcmp(grade_word, "Leerjaar") ? "leerjaar" : "groep",
                                           f.grade)
                            : "Brieven voor ouders"));
    letters_href(r, model, is_lead ? schools : NULL, f.school, f.grade);
    new_letters_href(r, model);
    /* The links keep the filter; a coordinator's school is implied. */
    const struct url_param keep[] = {
        {"q", f.q},
        {"grade", f.grade ? arena_printf(&r->arena, "%d", f.grade) : NULL},
        {"priority", f.priority < 0 ? NULL : f.priority ? "1" : "0"},
        {"school", is_lead && f.school ? arena_printf(&r->arena, "%lld", (long long)f.school)
                                       : NULL},
    };
    size_t n_keep = sizeof keep / sizeof keep[0];
    if (total && page > pages)
        json_object_set_new(model, "first_href",
                            json_string(url_page(&r->arena, "/pupils", keep, n_keep, 1)));
    pagination_links(&r->arena, model, "/pupils", keep, n_keep, page, pages);
    return render(r, 200, "pupils/list", model);
}
