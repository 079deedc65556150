/* Inline SVG charts (view/svg.h). Coordinates are in a fixed viewBox; the stylesheet scales the
   chart to the width of the page (.chart). */
#include "view/svg.h"

#include <stdio.h>
#include <string.h>

enum {
    BAR_WIDTH = 640,
    BAR_LABEL_RIGHT = 196,  /* labels end here */
    BAR_LEFT = 204,         /* bars start here */
    BAR_RIGHT = 560,        /* the full width of a bar at max */
    BAR_ROW = 22,
    BAR_THICK = 14,
    BAR_TOP = 8,
    LABEL_CHARS = 30,       /* longer labels are cut with an ellipsis (the table has them whole) */
    LINE_WIDTH = 640,
    LINE_HEIGHT = 260,
    LINE_LEFT = 64,
    LINE_RIGHT = 620,
    LINE_TOP = 34,
    LINE_BOTTOM = 220,
    LINE_MAX_X_LABELS = 12,
};

static const char *const series_colour[] = {"#154273", "#8a5a00", "#1b1b1b", "#276b2f"};
static const char *const series_dash[] = {"", "7 4", "2 3", "10 3 2 3"};

void svg_number(double value, char out[32])
{
    snprintf(out, 32, "%.1f", value);
    char *point = strchr(out, '.');
    if (!point)
        return;
    if (!strcmp(point, ".0"))
        *point = '\0'; /* a whole number */
    else
        *point = ',';
}

static void put_text(struct buf *out, const char *s)
{
    buf_put_html(out, s ? s : "", s ? strlen(s) : 0);
}

/* s escaped, cut after LABEL_CHARS characters (not inside a UTF-8 sequence) with "…". */
static void put_label(struct buf *out, const char *s)
{
    if (!s)
        return;
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == LABEL_CHARS)
            break;
    }
    buf_put_html(out, s, i);
    if (s[i])
        buf_puts(out, "…");
}

/* The id prefix with anything but letters, digits and '-' replaced by '-'. */
static void put_id(struct buf *out, const char *id)
{
    for (const char *c = id && *id ? id : "chart"; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '-';
        buf_putc(out, ok ? *c : '-');
    }
}

/* <svg …> with its title and desc. */
static void open_svg(struct buf *out, const char *id, const char *title, const char *desc,
                     int width, int height)
{
    buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""
                    " viewBox=\"0 0 %d %d\" aria-labelledby=\"",
               width, height);
    put_id(out, id);
    buf_puts(out, "-title ");
    put_id(out, id);
    buf_puts(out, "-desc\"><title id=\"");
    put_id(out, id);
    buf_puts(out, "-title\">");
    put_text(out, title);
    buf_puts(out, "</title><desc id=\"");
    put_id(out, id);
    buf_puts(out, "-desc\">");
    put_text(out, desc);
    buf_puts(out, "</desc>");
}

static void no_data(struct buf *out, int width, int y)
{
    buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"chart__empty\">"
                    "Geen gegevens in deze periode</text>", width / 2, y);
}

/* ---- bars ------------------------------------------------------------------------------------ */

void svg_bar_chart(struct buf *out, const char *id, const char *title, const char *desc,
                   const struct svg_bar *bars, size_t n, double max)
{
    if (max <= 0)
        for (size_t i = 0; i < n; i++)
            if (bars[i].has_value && bars[i].value > max)
                max = bars[i].value;
    if (max <= 0)
        max = 1;
    int height = BAR_TOP + (int)(n ? n : 1) * BAR_ROW + 24;
    open_svg(out, id, title, desc, BAR_WIDTH, height);
    if (!n) {
        no_data(out, BAR_WIDTH, BAR_TOP + 16);
        buf_puts(out, "</svg>");
        return;
    }
    int bottom = BAR_TOP + (int)n * BAR_ROW;
    /* the scale: grid lines at 0, ¼, ½, ¾ and the whole of max, numbered below */
    for (int k = 0; k <= 4; k++) {
        double x = BAR_LEFT + (BAR_RIGHT - BAR_LEFT) * k / 4.0;
        char number[32];
        svg_number(max * k / 4.0, number);
        buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"chart__grid\"/>"
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"chart__axis\">"
                        "%s</text>",
                   x, BAR_TOP, x, bottom, x, bottom + 16, number);
    }
    for (size_t i = 0; i < n; i++) {
        const struct svg_bar *b = &bars[i];
        int y = BAR_TOP + (int)i * BAR_ROW;
        buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"chart__label\">",
                   BAR_LABEL_RIGHT, y + BAR_ROW / 2 + 4);
        put_label(out, b->label);
        buf_puts(out, "</text>");
        double value = b->has_value && b->value > 0 ? b->value : 0;
        if (value > max)
            value = max;
        double length = (BAR_RIGHT - BAR_LEFT) * value / max;
        if (b->has_value)
            buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                            " class=\"chart__bar\"/>",
                       BAR_LEFT, y + (BAR_ROW - BAR_THICK) / 2, length, BAR_THICK);
        char number[32];
        if (b->has_value)
            svg_number(b->value, number);
        else
            snprintf(number, sizeof number, "–");
        buf_printf(out, "<text x=\"%.1f\" y=\"%d\" class=\"chart__value\">", BAR_LEFT + length + 4,
                   y + BAR_ROW / 2 + 4);
        put_text(out, b->value_text ? b->value_text : number);
        buf_puts(out, "</text>");
    }
    buf_puts(out, "</svg>");
}

/* ---- lines ----------------------------------------------------------------------------------- */

/* The smallest 1, 2, 2.5 or 5 × 10^k (k >= 0) at or above value; 1 for nothing. Without
   libm (the program does not link it). */
static double round_max(double value)
{
    if (!(value > 1))
        return 1;
    static const double steps[] = {1, 2, 2.5, 5};
    for (double power = 1; power < 1e300; power *= 10)
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
            if (steps[i] * power >= value)
                return steps[i] * power;
    return value;
}

/* A marker of style k at (x, y): circle, square, triangle, diamond. */
static void marker(struct buf *out, size_t k, double x, double y, const char *colour)
{
    switch (k % 4) {
    case 0:
        buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, y, colour);
        break;
    case 1:
        buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>",
                   x - 4, y - 4, colour);
        break;
    case 2:
        buf_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", x, y - 5,
                   x + 5, y + 4, x - 5, y + 4, colour);
        break;
    default:
        buf_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", x,
                   y - 5, x + 5, y, x, y + 5, x - 5, y, colour);
        break;
    }
}

static double point_x(size_t i, size_t n)
{
    if (n <= 1)
        return (LINE_LEFT + LINE_RIGHT) / 2.0;
    return LINE_LEFT + (double)(LINE_RIGHT - LINE_LEFT) * (double)i / (double)(n - 1);
}

static void legend(struct buf *out, const struct svg_series *series, size_t n_series)
{
    double x = LINE_LEFT;
    for (size_t k = 0; k < n_series; k++) {
        const char *colour = series_colour[k % 4];
        buf_printf(out, "<line x1=\"%.1f\" y1=\"12\" x2=\"%.1f\" y2=\"12\" stroke=\"%s\""
                        " stroke-width=\"2.5\" stroke-dasharray=\"%s\"/>",
                   x, x + 28, colour, series_dash[k % 4]);
        marker(out, k, x + 14, 12, colour);
        buf_printf(out, "<text x=\"%.1f\" y=\"16\" class=\"chart__label\">", x + 34);
        put_label(out, series[k].label);
        buf_puts(out, "</text>");
        x += 48 + 7.5 * (double)(series[k].label ? strlen(series[k].label) : 0);
    }
}

void svg_line_chart(struct buf *out, const char *id, const char *title, const char *desc,
                    const char *const *x_labels, size_t n_points,
                    const struct svg_series *series, size_t n_series, const char *unit)
{
    open_svg(out, id, title, desc, LINE_WIDTH, LINE_HEIGHT);
    if (!n_points || !n_series) {
        no_data(out, LINE_WIDTH, LINE_HEIGHT / 2);
        buf_puts(out, "</svg>");
        return;
    }
    double largest = 0;
    for (size_t k = 0; k < n_series; k++)
        for (size_t i = 0; i < n_points; i++)
            if (series[k].values[i] > largest)
                largest = series[k].values[i];
    double max = round_max(largest), height = LINE_BOTTOM - LINE_TOP;
    for (int g = 0; g <= 4; g++) {
        double y = LINE_BOTTOM - height * g / 4.0;
        char number[32];
        svg_number(max * g / 4.0, number);
        buf_printf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"chart__grid\"/>"
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"chart__axis\">%s",
                   LINE_LEFT, y, LINE_RIGHT, y, LINE_LEFT - 6, y + 4, number);
        if (unit && *unit && g > 0) {
            buf_putc(out, ' ');
            put_text(out, unit);
        }
        buf_puts(out, "</text>");
    }
    size_t every = (n_points + LINE_MAX_X_LABELS - 1) / LINE_MAX_X_LABELS;
    for (size_t i = 0; i < n_points; i++) {
        if (i % every)
            continue;
        buf_printf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"chart__axis\">",
                   point_x(i, n_points), LINE_BOTTOM + 18);
        put_label(out, x_labels ? x_labels[i] : "");
        buf_puts(out, "</text>");
    }
    if (n_series > 1)
        legend(out, series, n_series);
    for (size_t k = 0; k < n_series; k++) {
        const char *colour = series_colour[k % 4];
        if (n_points > 1) {
            buf_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\""
                            " stroke-dasharray=\"%s\" points=\"",
                       colour, series_dash[k % 4]);
            for (size_t i = 0; i < n_points; i++)
                buf_printf(out, "%s%.1f,%.1f", i ? " " : "", point_x(i, n_points),
                           LINE_BOTTOM - height * series[k].values[i] / max);
            buf_puts(out, "\"/>");
        }
        for (size_t i = 0; i < n_points; i++) {
            double x = point_x(i, n_points), y = LINE_BOTTOM - height * series[k].values[i] / max;
            marker(out, k, x, y, colour);
            if (n_series == 1) {
                char number[32];
                svg_number(series[k].values[i], number);
                buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                                " class=\"chart__value\">%s</text>",
                           x, y - 9, number);
            }
        }
    }
    buf_puts(out, "</svg>");
}
