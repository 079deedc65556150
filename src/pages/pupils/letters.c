/* GET /pupils/letters: the parent letters of a group, one A4 page per pupil, with the link code
   and where to register. ?grade=N (and &class=X) picks the group, &first=ID&last=ID the pupils
   one import created; the lead picks the school with &school=KEY, a coordinator prints for the
   own school only. Dutch, and with &lang=LANG the same text in a second language (every
   language that has a message file). The single pupil's letter on /pupils/{id} uses the same
   parts (pupils_letter). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/offer/schools_read.h"
#include "domain/people/pupils.h"
#include "domain/people/pupils_read.h"
#include "domain/people/users_read.h"
#include "http/form.h"
#include "http/req.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "pages/pupils_internal.h"
#include "view/i18n.h"
#include "view/render.h"

/* The texts of one letter, in the order the partial prints them (section "letter"). */
static const char *const LETTER_KEYS[] = {
    "title",     "greeting",  "intro",   "how",      "step_address", "step_account",
    "step_code", "step_done", "sibling", "private",  "questions", "privacy",    "coordinator",
    "contact",
};

/* The query's fields, for the labels of the error summary (the query is read by
   letters_read_query, not form_validate: it is a GET that prints). */
static const struct field letter_fields[] = {
    {.name = "school", .label = "School"},
    {.name = "grade", .label = "Groep of leerjaar"},
    {.name = "class", .label = "Klas"},
    {.name = "lang", .label = "Tweede taal"},
    {.name = "first", .label = "Leerlingen"},
};

/* What one print asks for, as read from the query. */
struct letters_query {
    int grade;               /* 0: none given */
    const char *class_name;  /* "" when none */
    const char *lang;        /* the second language, NULL for Dutch only */
    int64_t first_id, last_id;
    bool grade_given;        /* the query named a grade (or pupils of an import) */
};

/* A positive whole number of the query within [1, max] into *out; 0 when absent. 0, or -1
   when present but not such a number. */
static int query_id(const struct req *r, const char *name, long long max, long long *out)
{
    const char *s = req_query(r, name);
    *out = 0;
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 1 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* The "letter.*" texts of lang with the pupil's vars filled in, as {key: text} plus "lang"
   and "dir". New reference. */
static json_t *letter_version(const char *lang, json_t *vars)
{
    json_t *v = json_pack("{s:s, s:s}", "lang", lang, "dir", i18n_dir(lang));
    for (size_t i = 0; i < sizeof LETTER_KEYS / sizeof LETTER_KEYS[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "letter.%s", LETTER_KEYS[i]);
        char *text = i18n_format(lang, key, vars);
        json_object_set_new(v, LETTER_KEYS[i], json_string(text ? text : ""));
        free(text);
    }
    return v;
}

json_t *pupils_letter(json_t *pupil, const struct letter_school *school, const char *lang)
{
    const char *kind = school->kind ? school->kind : "po";
    json_int_t grade = json_integer_value(json_object_get(pupil, "grade"));
    json_t *vars = json_pack("{s:O, s:s, s:I, s:s}", "first_name",
                             json_object_get(pupil, "first_name"), "school", school->name, "grade",
                             grade, "privacy_url", school->privacy_url);
    json_t *group_vars = json_pack("{s:I}", "grade", grade);
    const char *group_key = !strcmp(kind, "vo") ? "letter.year" : "letter.group";
    char *group = i18n_format("nl", group_key, group_vars);
    json_decref(group_vars);
    json_t *letter = json_pack(
        "{s:O, s:O, s:O, s:O, s:s, s:s, s:s, s:s, s:s}", "pupil_id", json_object_get(pupil, "id"),
        "first_name", json_object_get(pupil, "first_name"), "last_name",
        json_object_get(pupil, "last_name"), "link_code", json_object_get(pupil, "link_code"),
        "group_label", group ? group : "", "school_name", school->name, "register_url",
        school->register_url, "coordinator_name", school->coordinator, "contact_line",
        school->contact);
    free(group);
    const char *cls = json_string_value(json_object_get(pupil, "class"));
    if (cls && *cls)
        json_object_set_new(letter, "class_name", json_string(cls));
    json_t *versions = json_array();
    json_array_append_new(versions, letter_version("nl", vars));
    if (lang && strcmp(lang, "nl")) {
        json_t *second = letter_version(lang, vars);
        json_object_set_new(second, "second", json_true());
        json_array_append_new(versions, second);
    }
    json_decref(vars);
    json_object_set_new(letter, "versions", versions);
    return letter;
}

/* The names of the school's active coordinators, ", "-joined; the printing coordinator's own
   name when a coordinator prints. Arena-owned, "" when none; NULL when the read failed. */
static const char *coordinator_names(struct req *r, int64_t school_id)
{
    if (r->user.role == ROLE_COORDINATOR && r->user.name && *r->user.name)
        return r->user.name;
    json_t *list = read_school_coordinators(r->db, school_id);
    if (!list)
        return NULL;
    const char *names = "";
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *name = json_string_value(json_object_get(c, "name"));
        if (name && *name)
            names = *names ? arena_printf(&r->arena, "%s, %s", names, name)
                           : arena_strdup(&r->arena, name);
    }
    json_decref(list);
    return names;
}

int pupils_letter_school(struct req *r, int64_t school_id, struct letter_school *out)
{
    json_t *school;
    int found = read_school(r->db, school_id, &school);
    if (found <= 0)
        return found;
    out->id = school_id;
    out->name = arena_strdup(&r->arena, json_string_value(json_object_get(school, "name")));
    out->kind = arena_strdup(&r->arena, json_string_value(json_object_get(school, "kind")));
    out->key = arena_strdup(&r->arena, json_string_value(json_object_get(school, "key")));
    out->contact = arena_strdup(&r->arena, json_string_value(json_object_get(school, "contact")));
    json_decref(school);
    out->coordinator = coordinator_names(r, school_id);
    if (!out->coordinator)
        return -1;
    const char *base = r->app->cfg.public_url;
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    out->register_url = arena_printf(&r->arena, "%.*s/register", (int)n, base);
    out->privacy_url = arena_printf(&r->arena, "%.*s/privacy", (int)n, base);
    return 1;
}

/* ---- the page ------------------------------------------------------------------------------ */

/* The school to print for: the coordinator's own (a school= naming another answers 0), the
   lead's school=KEY. 1 with *school_id set, 0 when there is none (no key given: *school_id
   stays 0 and *named is false), -1 when a read failed. */
static int letters_school_id(struct req *r, int64_t *school_id, bool *named)
{
    const char *key = req_query(r, "school");
    *named = key && *key;
    *school_id = 0;
    int64_t id = 0;
    if (*named && read_school_id(r->db, key, &id) < 0)
        return -1;
    if (r->user.role == ROLE_COORDINATOR) {
        if (*named && id != r->user.school_id)
            return 0;
        *school_id = r->user.school_id;
        return 1;
    }
    *school_id = id;
    return id > 0;
}

/* Read the query into q; the first problem as a Dutch message under its field in errors. */
static void letters_read_query(struct req *r, int grade_max, struct letters_query *q,
                               json_t *errors)
{
    long long v;
    *q = (struct letters_query){.class_name = ""};
    if (query_id(r, "grade", grade_max, &v))
        json_object_set_new(errors, "grade",
                            json_string(arena_printf(&r->arena, "Kies een groep of leerjaar"
                                                                " van 1 tot en met %d.",
                                                     grade_max)));
    q->grade = (int)v;
    const char *cls = req_query(r, "class");
    if (cls && strlen(cls) > PUPIL_CLASS_MAX)
        json_object_set_new(errors, "class", json_string("Gebruik hoogstens 10 tekens."));
    else if (cls)
        q->class_name = cls;
    const char *lang = req_query(r, "lang");
    if (lang && *lang && !i18n_find(lang))
        json_object_set_new(errors, "lang", json_string("Kies een taal uit de lijst."));
    else if (lang && *lang && strcmp(i18n_find(lang), "nl"))
        q->lang = i18n_find(lang);
    long long first = 0, last = 0;
    if (query_id(r, "first", INT64_MAX, &first) || query_id(r, "last", INT64_MAX, &last) ||
        (first && (!last || last < first)) || (!first && last))
        json_object_set_new(errors, "first", json_string("Deze leerlingen bestaan niet."));
    q->first_id = first;
    q->last_id = last;
    q->grade_given = q->grade || q->first_id;
    const char *grade = req_query(r, "grade");
    if (!q->grade_given && grade && !json_object_get(errors, "grade"))
        json_object_set_new(errors, "grade", json_string("Kies een groep of leerjaar."));
}

/* The choices of the form above the letters: grades, languages (without Dutch), and for the
   lead the schools. Into model; -1 when a read failed. */
static int letters_choices(struct req *r, json_t *model, int grade_max,
                           const struct letters_query *q, const char *school_key)
{
    json_t *grades = json_array();
    for (int g = 1; g <= grade_max; g++)
        json_array_append_new(grades,
                              json_pack("{s:i, s:b}", "value", g, "selected", g == q->grade));
    json_object_set_new(model, "grades", grades);
    json_t *all = i18n_languages(q->lang ? q->lang : "nl"), *langs = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(all, i, l)
    {
        if (strcmp(json_string_value(json_object_get(l, "code")), "nl"))
            json_array_append(langs, l);
    }
    json_decref(all);
    json_object_set_new(model, "has_languages", json_boolean(json_array_size(langs) > 0));
    json_object_set_new(model, "languages", langs);
    if (r->user.role != ROLE_LEAD)
        return 0;
    json_t *schools = read_schools(r->db);
    if (!schools)
        return -1;
    json_array_foreach(schools, i, l)
    {
        const char *key = json_string_value(json_object_get(l, "key"));
        json_object_set_new(l, "selected", json_boolean(school_key && !strcmp(key, school_key)));
    }
    json_object_set_new(model, "choose_school", json_true());
    json_object_set_new(model, "schools", schools);
    return 0;
}

/* The letters of the pupils q names at school into model ("letters", "count_label"). -1 when
   a read failed. */
static int letters_fill(struct req *r, json_t *model, const struct letter_school *school,
                        const struct letters_query *q)
{
    struct pupil_letter_filter f = {.school = school->id, .grade = q->grade,
                                    .class_name = q->class_name, .first_id = q->first_id,
                                    .last_id = q->last_id};
    json_t *pupils = read_pupil_letters(r->db, &f);
    if (!pupils)
        return -1;
    json_t *letters = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
        json_array_append_new(letters, pupils_letter(p, school, q->lang));
    size_t n = json_array_size(pupils);
    json_decref(pupils);
    json_object_set_new(model, "letters", letters);
    json_object_set_new(model, "shown", json_true());
    json_object_set_new(model, "count_label",
                        json_string(n == 1 ? "1 brief"
                                           : arena_printf(&r->arena, "%zu brieven", n)));
    return 0;
}

int page_pupils_letters(struct req *r)
{
    int64_t school_id;
    bool named;
    int found = letters_school_id(r, &school_id, &named);
    struct letter_school school = {0};
    if (found > 0)
        found = pupils_letter_school(r, school_id, &school);
    if (found < 0)
        return page_failed(r);
    if (!found && (named || r->user.role != ROLE_LEAD))
        return render_error(r, 404, "Deze school bestaat niet.");
    int grade_max = found ? pupil_grade_max(school.kind) : 8;
    json_t *errors = json_object();
    struct letters_query q;
    letters_read_query(r, grade_max, &q, errors);
    if (!found && q.grade_given)
        json_object_set_new(errors, "school", json_string("Kies een school."));
    json_t *model = json_pack("{s:s, s:s, s:i, s:s}", "title", "Brieven voor ouders",
                              "grade_word",
                              found && !strcmp(school.kind, "vo") ? "Leerjaar" : "Groep",
                              "grade", q.grade, "class", q.class_name);
    if (found)
        json_object_set_new(model, "school", json_pack("{s:s, s:s}", "name", school.name, "key",
                                                       school.key));
    if (letters_choices(r, model, grade_max, &q, found ? school.key : NULL) ||
        (found && q.grade_given && !json_object_size(errors) &&
         letters_fill(r, model, &school, &q))) {
        json_decref(errors);
        json_decref(model);
        return page_failed(r);
    }
    if (q.first_id) {
        json_object_set_new(model, "first", json_integer(q.first_id));
        json_object_set_new(model, "last", json_integer(q.last_id));
    }
    json_t *list = form_error_list(letter_fields, FIELDS_N(letter_fields), errors);
    size_t bad = json_array_size(list);
    json_object_set_new(model, "errors", errors);
    json_object_set_new(model, "error_list", list);
    return render(r, bad ? 400 : 200, "pupils/letters", model);
}
