/* Small charts drawn by the server as inline SVG (no JavaScript), readable when printed: dark
   strokes on white, series told apart by dash pattern and marker shape as well as colour, and
   the numbers written beside the bars and points. Each chart has a <title> and a <desc> that
   it names through aria-labelledby (role="img"); the page shows the same numbers in a table
   as the text alternative. Every text (title, desc, labels) is escaped here. */
#ifndef VERRIJKT_VIEW_SVG_H
#define VERRIJKT_VIEW_SVG_H

#include "view/layer.h"

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* One bar: its label, its value (has_value false: no bar, only the text), and the text
   written at its end (e.g. "33,3%"; NULL: the value with a decimal comma). */
struct svg_bar {
    const char *label;
    double value;
    bool has_value;
    const char *value_text;
};

/* Append a horizontal bar chart to out: a row per bar, the label at the left, the bar scaled
   to max (the value of the full width, e.g. 100 for a percentage; <= 0: the largest value),
   and its text at the end. id: a prefix for the ids of <title> and <desc>, unique in the page
   (letters, digits and '-' only; anything else becomes '-'). No bars: a chart that says so. */
void svg_bar_chart(struct buf *out, const char *id, const char *title, const char *desc,
                   const struct svg_bar *bars, size_t n, double max);

/* One line of a line chart: its label (in the legend) and n_points values. */
struct svg_series {
    const char *label;
    const double *values;
};

/* Append a line chart to out: x_labels[n_points] along the bottom, a y axis from 0 to a round
   maximum with four grid lines, one line per series (up to 4 styles, then repeated) with a
   marker on each point, a legend when there is more than one series, and the values written
   at the points when there is one series. unit: written after the axis numbers ("" for
   none). One point: a single marker in the middle. No points: a chart that says so. */
void svg_line_chart(struct buf *out, const char *id, const char *title, const char *desc,
                    const char *const *x_labels, size_t n_points,
                    const struct svg_series *series, size_t n_series, const char *unit);

/* value with at most one decimal and a decimal comma ("12", "12,5"), into out. */
void svg_number(double value, char out[32]);

#endif
