/* Norms and ambitions (PRODUCT.md section 5, "signals"): the coalition lead sets, per figure
   of the reports, a norm (the lower bound) and an ambition (the target); a figure's value
   then gets a signal: below the norm red, between norm and ambition orange, at or above the
   ambition green. The figures that can carry a norm are one table in norms.c. No HTTP here.

   The dashboard loads the set once per request (norms_load) and asks norms_badge per cell:
   a lookup among a handful of figures and one small JSON object, no database. */
#ifndef VERRIJKT_DOMAIN_NORMS_H
#define VERRIJKT_DOMAIN_NORMS_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;
struct problems;

/* Whether a higher value of a figure is better (all figures today) or a lower one (kept for
   figures such as "children unplaced"): it decides which side of a bound is red. */
enum norm_direction {
    NORM_HIGHER_IS_BETTER = 0,
    NORM_LOWER_IS_BETTER,
};

enum norm_unit {
    NORM_UNIT_PCT,   /* a percentage, 0–100 */
    NORM_UNIT_HOURS, /* hours per participant */
    NORM_UNIT_SCORE, /* the Leuven involvement scale, 1–5 */
};

/* One figure that can carry a norm. */
struct norm_figure {
    const char *code;  /* as in the reports' JSON: "reach_pct" */
    const char *label; /* Dutch, for the form and the dashboard */
    const char *hint;  /* Dutch: what the figure counts */
    enum norm_direction direction;
    enum norm_unit unit;
    double min, max; /* the bounds a norm or ambition must lie within, both included */
};

enum { NORM_FIGURES = 9 }; /* the number of rows of the figure table */

/* Figure i (i < NORM_FIGURES) of the table, in the order of the form. Static. */
const struct norm_figure *norms_figure(size_t i);
/* The index of the figure with this code, or -1 when there is none. */
int norms_figure_index(const char *code);
/* The unit as shown after a number: "%", "uur" or "" (a score). Static. */
const char *norms_unit_label(enum norm_unit unit);

/* One figure's norm and ambition; either may be unset. */
struct norm {
    enum norm_direction direction;
    bool has_norm, has_ambition;
    double norm, ambition;
};

/* Every figure's norm, in the order of the figure table. */
struct norm_set {
    struct norm norms[NORM_FIGURES];
};

enum signal {
    SIGNAL_NONE = 0, /* no value, or neither norm nor ambition set */
    SIGNAL_RED,
    SIGNAL_ORANGE,
    SIGNAL_GREEN,
};

/* The signal of value against n (for higher-is-better; a lower-is-better figure mirrors it):
   - norm and ambition: below the norm red; from the norm up to the ambition orange; at or
     above the ambition green (PRODUCT.md);
   - only a norm: below it red, at or above it green (the only target set is met);
   - only an ambition: below it orange (not yet reached, but no minimum was set that it
     fails), at or above it green;
   - neither, no value (has_value false) or a value that is not a number: SIGNAL_NONE.
   "At" allows a difference of 1e-9 relative to the bound, so that a computed percentage such
   as 0.29 * 100 = 28.999999999999996 is not red against a norm of 29. */
enum signal norms_signal(const struct norm *n, double value, bool has_value);
/* The signal's name in JSON, "none", "red", "orange" or "green". Static. */
const char *norms_signal_name(enum signal s);
/* The signal in words, so that colour is never the only carrier (Dutch, static; "" for
   SIGNAL_NONE): "onder de norm", "tussen norm en ambitie", "ambitie gehaald"; with only a norm
   set green reads "norm gehaald", with only an ambition orange reads "ambitie nog niet
   gehaald"; for a lower-is-better figure red reads "boven de norm". */
const char *norms_signal_label(enum signal s, const struct norm *n);
/* The CSS class: "signal--red", "signal--orange", "signal--green" ("" for none). Static. */
const char *norms_signal_class(enum signal s);

/* The norm of figure code in set, or NULL when the figure is unknown. Borrowed from set. */
const struct norm *norms_get(const struct norm_set *set, const char *code);

/* A value's signal for a view model: {"signal": "red", "label": "onder de norm", "class":
   "signal--red", "shown": true}; without a signal {"signal": "none", "label": "", "class": "",
   "shown": false}, also for an unknown figure. New reference. */
json_t *norms_badge(const struct norm_set *set, const char *figure, double value,
                    bool has_value);

/* ---- figures that grow over the year (issue 10, point 7) -------------------------------------- */

/* Whether figure code grows over the school year (hours per participant, the share with
   enough hours), so that part of a year is judged against the norm pro rata. */
bool norms_grows(const char *code);
/* The share of the period from..to (inclusive, "YYYY-MM-DD") that has passed by upto (the
   last day whose sessions count), by days: days(from..upto) / days(from..to). 1 when upto is
   on or after to (the period is complete), 0 when upto is before from, also 1 when a date is
   not a date (no pro rata then). */
double norms_period_share(const char *from, const char *to, const char *upto);
/* n with its norm and ambition multiplied by share (0..1). */
struct norm norms_pro_rata(const struct norm *n, double share);
/* As norms_badge, but a figure that grows (norms_grows) is judged against its norm and
   ambition × share when share < 1, and the badge then also has "pro_rata": true and
   "pro_rata_label" ("norm naar rato: 35% van de periode"); else "pro_rata": false and
   "pro_rata_label": "". New reference. */
json_t *norms_badge_share(const struct norm_set *set, const char *figure, double value,
                          bool has_value, double share);

/* Read every stored norm into *set (figures without a row: nothing set; rows of unknown
   figures are ignored). 0 or -1 (set then holds no norms). */
int norms_load(struct db *db, struct norm_set *set);

/* Every figure with its norm and ambition, in table order: [{"code", "label", "hint",
   "unit", "unit_label", "direction" ("higher"/"lower"), "min", "max", "norm", "ambition"
   (numbers or null), "norm_text", "ambition_text" (Dutch decimal comma, "" when unset),
   "updated_at", "updated_by" (the name; "" when never set or the account is gone)}].
   New reference; NULL on a database error. */
json_t *norms_model(struct db *db);

/* ---- input ---------------------------------------------------------------------------------- */

enum { NORM_TEXT_MAX = 16 }; /* characters of a typed norm or ambition */

/* A number as people type it: digits, optionally a decimal comma or dot and at most two more
   digits, optionally a leading minus; surrounding spaces are the form's to trim. 0, or -1
   when s is not such a number (then *out is untouched). Empty counts as not a number. */
int norms_parse_number(const char *s, double *out);
/* value with at most two decimals and a decimal comma, without trailing zeros: "75",
   "12,5", "3,25". out: at least 32 bytes. */
void norms_format_number(double value, char out[32]);

/* The form's field names for figure i: "norm_<code>" and "ambition_<code>". Static. */
const char *norms_norm_field(size_t i);
const char *norms_ambition_field(size_t i);

/* Check the typed values and fill *set: norm_text[i] and ambition_text[i] belong to figure i
   (NULL or "" = not set). Each problem goes to the field it belongs to (norms_norm_field /
   norms_ambition_field) with a message key: not a number, outside the figure's bounds, or
   (at the ambition) a norm above the ambition (below, for a lower-is-better figure). Returns
   the number of problems; *set is only meaningful when it is 0. */
int norms_check(const char *const norm_text[NORM_FIGURES],
                const char *const ambition_text[NORM_FIGURES], struct norm_set *set,
                struct problems *problems);

/* Whether every norm and ambition of set lies within its figure's bounds, in the right order
   (what norms_check guarantees). */
bool norms_set_valid(const struct norm_set *set);

/* Store every figure's norm and ambition of set in one transaction: rows that change get
   updated_at and updated_by (user_id; 0 = the command line) and an audit record; a figure
   with neither set loses its row; unchanged rows are not touched. *changed (may be NULL) gets
   the number of figures that changed. OUTCOME_OK, OUTCOME_INVALID (set is not
   norms_set_valid: nothing written) or OUTCOME_FAILED (database error, logged). */
enum outcome norms_save(struct db *db, int64_t user_id, const struct norm_set *set,
                        int *changed);

#endif
