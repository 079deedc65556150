/* Validation of the sections of the load format that came with the quality of the programme:
   "norms" (the lead's norms and ambitions), "evaluations" (nabesprekingen), "incidents" and
   "reviews" (the conclusions of the yearly review). Their fields were checked against their
   tables already (load_fields.c); here come the references (to the document or the
   database), duplicates and the rules that span fields. Sessions are looked up when writing,
   as for attendance, because loading the activities may generate them. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "domain/quality/incidents.h"
#include "io/loadjson_internal.h"
#include "domain/quality/norms.h"
#include "domain/quality/reviews.h"
#include "util/date.h"

static const char *str(json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* "prefix.field: reason" with a printf-style reason. -1. */
static int field_fail(struct load_ctx *ctx, const char *prefix, const char *field,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int field_fail(struct load_ctx *ctx, const char *prefix, const char *field,
                      const char *fmt, ...)
{
    char path[200], reason[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "%s.%s", prefix, field);
    return load_fail(ctx, path, "%s", reason);
}

/* s in lower case into out (n bytes); "" for NULL. The database compares addresses without
   case, so a duplicate must too. */
static const char *lower(const char *s, char *out, size_t n)
{
    size_t i = 0;
    for (; s && s[i] && i < n - 1; i++)
        out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    out[i] = '\0';
    return out;
}

/* Whether a stamp field is not before another of the same item (both optional; the strict
   format compares as text). 0 or -1. */
static int check_not_before(struct load_ctx *ctx, const char *prefix, json_t *item,
                            const char *first, const char *second)
{
    const char *a = str(item, first), *b = str(item, second);
    if (!a || !b || strcmp(a, b) <= 0)
        return 0;
    return field_fail(ctx, prefix, second, "must not be before %s", first);
}

/* ---- norms ------------------------------------------------------------------------------- */

/* The number field of item, if present (JSON null counts as absent). */
static bool number(json_t *item, const char *field, double *out)
{
    json_t *v = json_object_get(item, field);
    if (!json_is_number(v))
        return false;
    *out = json_number_value(v);
    return true;
}

/* A norm or ambition within the bounds of figure f. 0 or -1. */
static int check_bound(struct load_ctx *ctx, const char *prefix, const char *field, bool has,
                       double value, const struct norm_figure *f)
{
    if (!has || (value >= f->min && value <= f->max))
        return 0;
    return field_fail(ctx, prefix, field, "must be from %g to %g for figure '%s'", f->min, f->max,
                      f->code);
}

int load_check_norm(struct load_ctx *ctx, struct keymap *seen, const char *prefix, json_t *item,
                    size_t index)
{
    const char *code = str(item, "figure");
    int i = norms_figure_index(code);
    if (i < 0)
        return field_fail(ctx, prefix, "figure", "unknown figure '%s'", code);
    if (!keymap_put(seen, code, (int64_t)index))
        return field_fail(ctx, prefix, "figure", "duplicate figure '%s'", code);
    const struct norm_figure *f = norms_figure((size_t)i);
    double norm = 0, ambition = 0;
    bool has_norm = number(item, "norm", &norm), has_ambition = number(item, "ambition", &ambition);
    /* The table keeps a row only while one of the two is set. */
    if (!has_norm && !has_ambition)
        return load_fail(ctx, prefix, "give a norm, an ambition or both");
    if (check_bound(ctx, prefix, "norm", has_norm, norm, f) ||
        check_bound(ctx, prefix, "ambition", has_ambition, ambition, f))
        return -1;
    if (has_norm && has_ambition) {
        bool lower_is_better = f->direction == NORM_LOWER_IS_BETTER;
        if (lower_is_better ? ambition > norm : ambition < norm)
            return field_fail(ctx, prefix, "ambition", "must not be %s the norm",
                              lower_is_better ? "above" : "below");
    }
    return load_check_ref(ctx, prefix, item, "updated_by", E_USER);
}

/* ---- evaluations ------------------------------------------------------------------------- */

int load_check_evaluation(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                          json_t *item, size_t index)
{
    if (load_check_ref(ctx, prefix, item, "activity", E_ACTIVITY) ||
        load_check_ref(ctx, prefix, item, "author", E_USER))
        return -1;
    const char *activity = str(item, "activity"), *date = str(item, "date");
    const char *author = str(item, "author"), *created = str(item, "created");
    /* One evaluation per session and author; one whose author's account is gone is known by
       its creation time. */
    if (!author && !created)
        return field_fail(ctx, prefix, "created", "is required when there is no author");
    char who[300], key[600];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s\x1f%s\x1f%s", activity, date,
             str(item, "slot") ? str(item, "slot") : "", lower(author, who, sizeof who),
             author ? "" : created);
    if (!keymap_put(seen, key, (int64_t)index))
        return author ? load_fail(ctx, prefix, "duplicate evaluation of '%s' on %s by '%s'",
                                  activity, date, author)
                      : load_fail(ctx, prefix,
                                  "duplicate evaluation of '%s' on %s without an author,"
                                  " created %s",
                                  activity, date, created);
    return check_not_before(ctx, prefix, item, "created", "updated");
}

/* ---- incidents --------------------------------------------------------------------------- */

int load_check_incident(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                        json_t *item, size_t index)
{
    if (json_array_size(json_object_get(item, "pupils")) > INCIDENT_PUPILS_MAX)
        return field_fail(ctx, prefix, "pupils", "must name at most %d pupils",
                          INCIDENT_PUPILS_MAX);
    if (load_check_ref(ctx, prefix, item, "school", E_SCHOOL) ||
        load_check_ref(ctx, prefix, item, "activity", E_ACTIVITY) ||
        load_check_refs(ctx, prefix, item, "pupils", E_PUPIL) ||
        load_check_ref(ctx, prefix, item, "reported_by", E_USER))
        return -1;
    /* The session is named by its activity and date (and slot, when moved), as in attendance. */
    if (str(item, "date") && !str(item, "activity"))
        return field_fail(ctx, prefix, "activity", "is required with date (the session's)");
    if (str(item, "slot") && !str(item, "date"))
        return field_fail(ctx, prefix, "date", "is required with slot");
    const char *school = str(item, "school"), *occurred_on = str(item, "occurred_on");
    int32_t day;
    if (!date_parse(occurred_on, &day) && day > date_today())
        return field_fail(ctx, prefix, "occurred_on", "must not be in the future");
    /* An incident has no key of its own: it is known by its school, day, description and
       creation time (any creation time when the item gives none). */
    const char *created = str(item, "created");
    char key[INCIDENT_TEXT_MAX * 4 + 200];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s\x1f%s", school, occurred_on, str(item, "what"),
             created ? created : "");
    if (!keymap_put(seen, key, (int64_t)index))
        return load_fail(ctx, prefix,
                         "duplicate incident at '%s' on %s (the same description%s)", school,
                         occurred_on, created ? " and creation time" : "");
    return 0;
}

/* ---- reviews ----------------------------------------------------------------------------- */

int load_check_review(struct load_ctx *ctx, struct keymap *seen, const char *prefix,
                      json_t *item, size_t index)
{
    if (load_check_ref(ctx, prefix, item, "school", E_SCHOOL) ||
        load_check_ref(ctx, prefix, item, "updated_by", E_USER))
        return -1;
    const char *school = str(item, "school"), *theme = str(item, "theme");
    if (review_theme_index(theme) < 0)
        return field_fail(ctx, prefix, "theme", "unknown theme '%s'", theme);
    long long year = (long long)json_integer_value(json_object_get(item, "year"));
    char key[300];
    snprintf(key, sizeof key, "%s\x1f%lld\x1f%s", school, year, theme);
    if (!keymap_put(seen, key, (int64_t)index))
        return load_fail(ctx, prefix, "duplicate conclusions of '%s' for %lld on theme '%s'",
                         school, year, theme);
    return 0;
}
