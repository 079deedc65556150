#include "domain/quality/norms.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/problems.h"
#include "util/date.h"

/* A figure with the names of its two form fields, written once through FIGURE so that the
   code and the field names cannot drift apart. */
struct figure_row {
    struct norm_figure figure;
    const char *norm_field, *ambition_field;
};

#define FIGURE(code, label, hint, direction, unit, min, max)                                    \
    {{code, label, hint, direction, unit, min, max}, "norm_" code, "ambition_" code}

/* The figures that can carry a norm, in the order of the form and the dashboard. The codes
   are those of the reports (PRODUCT.md section 5). */
static const struct figure_row figure_rows[NORM_FIGURES] = {
    FIGURE("coverage_pct", "Dekking van de domeinen",
           "Domeinen met een structurele activiteit (minstens het aantal bijeenkomsten uit de"
           " instellingen), van alle domeinen van de coalitie.",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
    FIGURE("reach_pct", "Bereik", "Deelnemers van alle leerlingen van de school.",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
    FIGURE("reach_priority_pct", "Bereik doelgroepleerlingen",
           "Deelnemende doelgroepleerlingen van alle doelgroepleerlingen van de school.",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
    FIGURE("mean_hours", "Gemiddeld aantal uren",
           "Uren aanwezig per deelnemer in de periode; wie nooit kwam telt mee met 0 uur.",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_HOURS, 0, 1000),
    FIGURE("intensity_pct", "Deelnemers met voldoende uren",
           "Deelnemers met minstens het aantal uren voor intensiteit uit de instellingen"
           " (standaard 20).",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
    FIGURE("attendance_pct", "Aanwezigheid",
           "Aanwezig van alle registraties (aanwezig, afwezig en afgemeld).",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
    FIGURE("involvement", "Betrokkenheid",
           "Gemiddelde Leuven-score waar die is ingevuld, van 1 (zeer laag) tot 5 (zeer hoog).",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_SCORE, 1, 5),
    FIGURE("staff_qualified_pct", "Bekwame uitvoerders",
           "Gehouden bijeenkomsten met een basis- of vakbekwame uitvoerder.",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
    FIGURE("vog_valid_pct", "Geldige VOG", "Externe uitvoerders met een geldige VOG.",
           NORM_HIGHER_IS_BETTER, NORM_UNIT_PCT, 0, 100),
};

#undef FIGURE

const struct norm_figure *norms_figure(size_t i)
{
    return i < NORM_FIGURES ? &figure_rows[i].figure : NULL;
}

int norms_figure_index(const char *code)
{
    for (int i = 0; code && i < NORM_FIGURES; i++)
        if (!strcmp(figure_rows[i].figure.code, code))
            return i;
    return -1;
}

const char *norms_unit_label(enum norm_unit unit)
{
    switch (unit) {
    case NORM_UNIT_PCT: return "%";
    case NORM_UNIT_HOURS: return "uur";
    case NORM_UNIT_SCORE: return "";
    }
    return "";
}

const char *norms_norm_field(size_t i)
{
    return i < NORM_FIGURES ? figure_rows[i].norm_field : "";
}

const char *norms_ambition_field(size_t i)
{
    return i < NORM_FIGURES ? figure_rows[i].ambition_field : "";
}

/* ---- signals -------------------------------------------------------------------------------- */

/* Whether value is at bound or on its good side for direction, allowing a difference of 1e-9
   relative to the bound (float noise of a computed percentage). */
static bool reached(enum norm_direction direction, double value, double bound)
{
    double scale = fabs(bound) > 1 ? fabs(bound) : 1;
    double slack = 1e-9 * scale;
    return direction == NORM_LOWER_IS_BETTER ? value <= bound + slack : value >= bound - slack;
}

enum signal norms_signal(const struct norm *n, double value, bool has_value)
{
    if (!n || !has_value || isnan(value) || (!n->has_norm && !n->has_ambition))
        return SIGNAL_NONE;
    if (n->has_norm && !reached(n->direction, value, n->norm))
        return SIGNAL_RED;
    if (n->has_ambition && !reached(n->direction, value, n->ambition))
        return SIGNAL_ORANGE;
    return SIGNAL_GREEN;
}

const char *norms_signal_name(enum signal s)
{
    switch (s) {
    case SIGNAL_RED: return "red";
    case SIGNAL_ORANGE: return "orange";
    case SIGNAL_GREEN: return "green";
    case SIGNAL_NONE: break;
    }
    return "none";
}

const char *norms_signal_label(enum signal s, const struct norm *n)
{
    bool lower = n && n->direction == NORM_LOWER_IS_BETTER;
    switch (s) {
    case SIGNAL_RED: return lower ? "boven de norm" : "onder de norm";
    case SIGNAL_ORANGE:
        return n && n->has_norm ? "tussen norm en ambitie" : "ambitie nog niet gehaald";
    case SIGNAL_GREEN: return n && !n->has_ambition ? "norm gehaald" : "ambitie gehaald";
    case SIGNAL_NONE: break;
    }
    return "";
}

const char *norms_signal_class(enum signal s)
{
    switch (s) {
    case SIGNAL_RED: return "signal--red";
    case SIGNAL_ORANGE: return "signal--orange";
    case SIGNAL_GREEN: return "signal--green";
    case SIGNAL_NONE: break;
    }
    return "";
}

const struct norm *norms_get(const struct norm_set *set, const char *code)
{
    int i = norms_figure_index(code);
    return set && i >= 0 ? &set->norms[i] : NULL;
}

json_t *norms_badge(const struct norm_set *set, const char *figure, double value,
                    bool has_value)
{
    const struct norm *n = norms_get(set, figure);
    enum signal s = norms_signal(n, value, has_value);
    return json_pack("{s:s, s:s, s:s, s:b}", "signal", norms_signal_name(s), "label",
                     norms_signal_label(s, n), "class", norms_signal_class(s), "shown",
                     s != SIGNAL_NONE);
}

/* ---- figures that grow over the year --------------------------------------------------------- */

bool norms_grows(const char *code)
{
    return code && (!strcmp(code, "mean_hours") || !strcmp(code, "intensity_pct"));
}

double norms_period_share(const char *from, const char *to, const char *upto)
{
    int32_t f, t, u;
    if (!from || !to || !upto || date_parse(from, &f) || date_parse(to, &t) ||
        date_parse(upto, &u) || t < f || u >= t)
        return 1.0;
    if (u < f)
        return 0.0;
    return (double)(u - f + 1) / (double)(t - f + 1);
}

struct norm norms_pro_rata(const struct norm *n, double share)
{
    struct norm scaled = *n;
    scaled.norm = n->norm * share;
    scaled.ambition = n->ambition * share;
    return scaled;
}

json_t *norms_badge_share(const struct norm_set *set, const char *figure, double value,
                          bool has_value, double share)
{
    const struct norm *n = norms_get(set, figure);
    bool pro_rata = n && share < 1.0 && norms_grows(figure) && (n->has_norm || n->has_ambition);
    if (!pro_rata) {
        json_t *badge = norms_badge(set, figure, value, has_value);
        json_object_set_new(badge, "pro_rata", json_false());
        json_object_set_new(badge, "pro_rata_label", json_string(""));
        return badge;
    }
    struct norm scaled = norms_pro_rata(n, share);
    enum signal s = norms_signal(&scaled, value, has_value);
    char label[64];
    snprintf(label, sizeof label, "norm naar rato: %.0f%% van de periode", share * 100);
    return json_pack("{s:s, s:s, s:s, s:b, s:b, s:s}", "signal", norms_signal_name(s), "label",
                     norms_signal_label(s, &scaled), "class", norms_signal_class(s), "shown",
                     s != SIGNAL_NONE, "pro_rata", 1, "pro_rata_label", label);
}

/* ---- reading -------------------------------------------------------------------------------- */

/* An empty set: every figure with its direction and nothing set. */
static void set_clear(struct norm_set *set)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < NORM_FIGURES; i++)
        set->norms[i].direction = figure_rows[i].figure.direction;
}

/* Column col as an optional number into *has and *value. */
static void column_number(sqlite3_stmt *st, int col, bool *has, double *value)
{
    *has = sqlite3_column_type(st, col) != SQLITE_NULL;
    *value = *has ? sqlite3_column_double(st, col) : 0;
}

int norms_load(struct db *db, struct norm_set *set)
{
    set_clear(set);
    sqlite3_stmt *st = db_stmt(db, "SELECT figure, norm, ambition FROM norms");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int i = norms_figure_index(db_col_text(st, 0));
        if (i < 0)
            continue;
        struct norm *n = &set->norms[i];
        column_number(st, 1, &n->has_norm, &n->norm);
        column_number(st, 2, &n->has_ambition, &n->ambition);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        set_clear(set);
        return -1;
    }
    return 0;
}

/* A number as JSON, or null when unset. New reference. */
static json_t *optional_number(bool has, double value)
{
    return has ? json_real(value) : json_null();
}

/* The Dutch text of an optional number ("" when unset). New reference. */
static json_t *optional_text(bool has, double value)
{
    char text[32] = "";
    if (has)
        norms_format_number(value, text);
    return json_string(text);
}

/* The model entry of figure i with its norm n and who last set it. New reference. */
static json_t *figure_model(size_t i, const struct norm *n, const char *updated_at,
                            const char *updated_by)
{
    const struct norm_figure *f = &figure_rows[i].figure;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:o, s:o, s:o, s:o, s:s, s:s}",
                     "code", f->code, "label", f->label, "hint", f->hint, "unit",
                     f->unit == NORM_UNIT_PCT     ? "pct"
                     : f->unit == NORM_UNIT_HOURS ? "hours"
                                                  : "score",
                     "unit_label", norms_unit_label(f->unit), "direction",
                     f->direction == NORM_LOWER_IS_BETTER ? "lower" : "higher", "min", f->min,
                     "max", f->max, "norm", optional_number(n->has_norm, n->norm), "ambition",
                     optional_number(n->has_ambition, n->ambition), "norm_text",
                     optional_text(n->has_norm, n->norm), "ambition_text",
                     optional_text(n->has_ambition, n->ambition), "updated_at", updated_at,
                     "updated_by", updated_by);
}

json_t *norms_model(struct db *db)
{
    struct norm_set set;
    set_clear(&set);
    /* Who set each figure last, kept beside the set (static texts are "" when never set). */
    json_t *when = json_object(), *who = json_object();
    sqlite3_stmt *st = db_stmt(db, "SELECT n.figure, n.norm, n.ambition, n.updated_at,"
                                   " coalesce(nullif(u.name, ''), u.email, '')"
                                   " FROM norms n LEFT JOIN users u ON u.id = n.updated_by");
    json_t *list = NULL;
    if (!st)
        goto out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = db_col_text(st, 0);
        int i = norms_figure_index(code);
        if (i < 0)
            continue;
        column_number(st, 1, &set.norms[i].has_norm, &set.norms[i].norm);
        column_number(st, 2, &set.norms[i].has_ambition, &set.norms[i].ambition);
        json_object_set_new(when, code, json_string(db_col_text(st, 3)));
        json_object_set_new(who, code, json_string(db_col_text(st, 4)));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto out;
    list = json_array();
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const char *code = figure_rows[i].figure.code;
        const char *at = json_string_value(json_object_get(when, code));
        const char *by = json_string_value(json_object_get(who, code));
        json_array_append_new(list, figure_model(i, &set.norms[i], at ? at : "", by ? by : ""));
    }
out:
    json_decref(when);
    json_decref(who);
    return list;
}

/* ---- input ---------------------------------------------------------------------------------- */

int norms_parse_number(const char *s, double *out)
{
    if (!s)
        return -1;
    const char *p = s;
    bool negative = *p == '-';
    if (negative)
        p++;
    long long whole = 0, fraction = 0;
    int whole_digits = 0, fraction_digits = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (++whole_digits > 9)
            return -1;
        whole = whole * 10 + (*p - '0');
    }
    if (*p == ',' || *p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++fraction_digits > 2)
                return -1;
            fraction = fraction * 10 + (*p - '0');
        }
        if (!fraction_digits)
            return -1;
    }
    if (*p || !whole_digits)
        return -1;
    /* One division of exact integers: the double nearest to the decimal typed. */
    long long hundredths = whole * 100 + fraction * (fraction_digits == 1 ? 10 : 1);
    double value = (double)hundredths / 100;
    *out = negative && hundredths ? -value : value; /* no -0 */
    return 0;
}

void norms_format_number(double value, char out[32])
{
    if (!isfinite(value) || fabs(value) >= 1e15) {
        snprintf(out, 32, "%s", "");
        return;
    }
    snprintf(out, 32, "%.2f", value);
    char *dot = strchr(out, '.');
    if (dot) {
        *dot = ',';
        size_t n = strlen(out);
        while (out[n - 1] == '0')
            out[--n] = '\0';
        if (out[n - 1] == ',')
            out[--n] = '\0';
    }
    if (!strcmp(out, "-0"))
        snprintf(out, 32, "%s", "0");
}

/* The bounds of figure f as the placeholders {{min}} and {{max}} of a message (new). */
static json_t *bounds_vars(const struct norm_figure *f)
{
    char low[32], high[32];
    norms_format_number(f->min, low);
    norms_format_number(f->max, high);
    return json_pack("{ssss}", "min", low, "max", high);
}

/* Parse one typed value of figure f for field into *has and *value; a problem when it is not
   a number within the bounds. */
static void check_one(const struct norm_figure *f, const char *field, const char *text,
                      bool *has, double *value, struct problems *problems)
{
    *has = false;
    *value = 0;
    if (!text || !*text)
        return;
    double parsed;
    if (strlen(text) > NORM_TEXT_MAX || norms_parse_number(text, &parsed)) {
        problems_add(problems, field, "problem.norm_number");
        return;
    }
    if (parsed < f->min || parsed > f->max) {
        problems_add_vars(problems, field, "problem.norm_bounds", bounds_vars(f));
        return;
    }
    *has = true;
    *value = parsed;
}

/* Whether norm and ambition (both set) are in the order of direction: for higher-is-better
   the norm at most the ambition. */
static bool in_order(enum norm_direction direction, double norm, double ambition)
{
    return direction == NORM_LOWER_IS_BETTER ? norm >= ambition : norm <= ambition;
}

int norms_check(const char *const norm_text[NORM_FIGURES],
                const char *const ambition_text[NORM_FIGURES], struct norm_set *set,
                struct problems *problems)
{
    size_t before = problems->n;
    set_clear(set);
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct figure_row *row = &figure_rows[i];
        struct norm *n = &set->norms[i];
        check_one(&row->figure, row->norm_field, norm_text[i], &n->has_norm, &n->norm,
                  problems);
        check_one(&row->figure, row->ambition_field, ambition_text[i], &n->has_ambition,
                  &n->ambition, problems);
        if (n->has_norm && n->has_ambition && !in_order(n->direction, n->norm, n->ambition))
            problems_add(problems, row->ambition_field,
                         n->direction == NORM_LOWER_IS_BETTER ? "problem.ambition_above_norm"
                                                              : "problem.ambition_below_norm");
    }
    return (int)(problems->n - before);
}

/* Whether an optional bound of figure f is absent or a finite number within its bounds. */
static bool bound_valid(const struct norm_figure *f, bool has, double value)
{
    return !has || (isfinite(value) && value >= f->min && value <= f->max);
}

bool norms_set_valid(const struct norm_set *set)
{
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm_figure *f = &figure_rows[i].figure;
        const struct norm *n = &set->norms[i];
        if (n->direction != f->direction || !bound_valid(f, n->has_norm, n->norm) ||
            !bound_valid(f, n->has_ambition, n->ambition))
            return false;
        if (n->has_norm && n->has_ambition && !in_order(n->direction, n->norm, n->ambition))
            return false;
    }
    return true;
}

/* ---- writing -------------------------------------------------------------------------------- */

/* Whether two optional numbers are the same. */
static bool same_bound(bool has_a, double a, bool has_b, double b)
{
    return has_a == has_b && (!has_a || a == b);
}

/* The audit detail of a figure's new norm: "reach_pct norm=60 ambitie=80" ("-" when unset).
   out: 96 bytes. */
static void change_detail(const char *code, const struct norm *n, char out[96])
{
    char norm[32] = "-", ambition[32] = "-";
    if (n->has_norm)
        norms_format_number(n->norm, norm);
    if (n->has_ambition)
        norms_format_number(n->ambition, ambition);
    snprintf(out, 96, "%s norm=%s ambitie=%s", code, norm, ambition);
}

/* Write figure i's new norm n (changed from what is stored) and its audit record. 0 or -1. */
static int write_one(struct db *db, int64_t user_id, size_t i, const struct norm *n,
                     const char *stamp)
{
    const char *code = figure_rows[i].figure.code;
    sqlite3_stmt *st;
    if (!n->has_norm && !n->has_ambition) {
        st = db_stmt(db, "DELETE FROM norms WHERE figure = ?1");
        if (!st)
            return -1;
        db_bind_text(st, 1, code);
    } else {
        st = db_stmt(db, "INSERT INTO norms (figure, norm, ambition, updated_at, updated_by)"
                         " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0)) ON CONFLICT (figure) DO"
                         " UPDATE SET norm = excluded.norm, ambition = excluded.ambition,"
                         " updated_at = excluded.updated_at, updated_by = excluded.updated_by");
        if (!st)
            return -1;
        db_bind_text(st, 1, code);
        if (n->has_norm)
            sqlite3_bind_double(st, 2, n->norm);
        if (n->has_ambition)
            sqlite3_bind_double(st, 3, n->ambition);
        db_bind_text(st, 4, stamp);
        sqlite3_bind_int64(st, 5, user_id);
    }
    if (db_step_done(st))
        return -1;
    char detail[96];
    change_detail(code, n, detail);
    return audit(db, user_id, "update", "norms", 0, detail);
}

enum outcome norms_save(struct db *db, int64_t user_id, const struct norm_set *set,
                        int *changed)
{
    if (changed)
        *changed = 0;
    if (!norms_set_valid(set))
        return OUTCOME_INVALID;
    if (db_begin(db))
        return OUTCOME_FAILED;
    struct norm_set stored;
    if (norms_load(db, &stored))
        goto fail;
    char stamp[24];
    timestamp_now(stamp);
    int n_changed = 0;
    for (size_t i = 0; i < NORM_FIGURES; i++) {
        const struct norm *now = &set->norms[i], *was = &stored.norms[i];
        if (same_bound(now->has_norm, now->norm, was->has_norm, was->norm) &&
            same_bound(now->has_ambition, now->ambition, was->has_ambition, was->ambition))
            continue;
        if (write_one(db, user_id, i, now, stamp))
            goto fail;
        n_changed++;
    }
    if (db_commit(db))
        goto fail;
    if (changed)
        *changed = n_changed;
    return OUTCOME_OK;
fail:
    db_rollback(db);
    return OUTCOME_FAILED;
}
