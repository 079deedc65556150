/* Tests of the server-drawn charts (view/svg.c): labels, titles and descriptions are escaped;
 * the title and desc are named by aria-labelledby; empty data and a single point give a
 * well-formed chart; bars scale to max and carry their text; long labels are cut at a
 * character, not inside a UTF-8 sequence; numbers have a decimal comma. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "view/svg.h"

static int count(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Every '<' opens a tag that closes, and the svg element is closed once. */
static void assert_well_formed(const char *svg)
{
    assert_non_null(svg);
    assert_int_equal(strncmp(svg, "<svg ", 5), 0);
    assert_int_equal(count(svg, "<svg"), 1);
    assert_int_equal(count(svg, "</svg>"), 1);
    assert_int_equal(count(svg, "<"), count(svg, ">"));
    assert_int_equal(count(svg, "<title"), 1);
    assert_int_equal(count(svg, "<desc"), 1);
}

static void numbers_have_a_decimal_comma(void **state)
{
    (void)state;
    char out[32];
    svg_number(12.5, out);
    assert_string_equal(out, "12,5");
    svg_number(12, out);
    assert_string_equal(out, "12");
    svg_number(0, out);
    assert_string_equal(out, "0");
    svg_number(33.3, out);
    assert_string_equal(out, "33,3");
}

static void bar_chart_escapes_every_text(void **state)
{
    (void)state;
    struct svg_bar bars[] = {{"<script>alert(1)</script> & \"Zon\"", 50, true, "50% <b>"},
                             {"O'Brien", 0, false, NULL}};
    struct buf b = BUF_INIT;
    svg_bar_chart(&b, "chart\"x", "Bereik <per> school", "Uitleg & \"meer\"", bars, 2, 100);
    assert_well_formed(b.data);
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "<b>"));
    /* escaped, and cut after 30 characters (counted before escaping) */
    assert_non_null(strstr(b.data, ">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Z…</text>"));
    assert_non_null(strstr(b.data, "O&#39;Brien"));
    assert_non_null(strstr(b.data, "<title id=\"chart-x-title\">Bereik &lt;per&gt; school</title>"));
    assert_non_null(strstr(b.data, "<desc id=\"chart-x-desc\">Uitleg &amp; &quot;meer&quot;</desc>"));
    assert_non_null(strstr(b.data, "aria-labelledby=\"chart-x-title chart-x-desc\""));
    assert_non_null(strstr(b.data, "role=\"img\""));
    assert_non_null(strstr(b.data, "50% &lt;b&gt;"));
    assert_int_equal(count(b.data, "class=\"chart__bar\""), 1); /* no bar without a value */
    assert_non_null(strstr(b.data, ">–</text>"));
    buf_free(&b);
}

static void bar_chart_scales_to_max(void **state)
{
    (void)state;
    struct svg_bar bars[] = {{"Vol", 100, true, NULL}, {"Half", 50, true, NULL},
                             {"Te veel", 250, true, NULL}};
    struct buf b = BUF_INIT;
    svg_bar_chart(&b, "c", "t", "d", bars, 3, 100);
    assert_well_formed(b.data);
    /* the full width is 560 - 204 = 356; half is 178; a value above max is drawn at max */
    assert_int_equal(count(b.data, "width=\"356.0\""), 2);
    assert_int_equal(count(b.data, "width=\"178.0\""), 1);
    assert_non_null(strstr(b.data, ">250</text>")); /* but its own number is written */
    buf_free(&b);
}

static void bar_chart_without_bars(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    svg_bar_chart(&b, "c", "Leeg", "Niets", NULL, 0, 100);
    assert_well_formed(b.data);
    assert_non_null(strstr(b.data, "Geen gegevens"));
    assert_null(strstr(b.data, "<rect"));
    buf_free(&b);
}

static void long_labels_are_cut_at_a_character(void **state)
{
    (void)state;
    /* 29 letters and then "ë" (two bytes) and more: cut after 30 characters, whole "ë" */
    const char *label = "abcdefghijklmnopqrstuvwxyzabcëdefgh";
    struct svg_bar bar = {label, 1, true, NULL};
    struct buf b = BUF_INIT;
    svg_bar_chart(&b, "c", "t", "d", &bar, 1, 0);
    assert_well_formed(b.data);
    assert_non_null(strstr(b.data, ">abcdefghijklmnopqrstuvwxyzabcë…</text>"));
    buf_free(&b);
}

static void line_chart_without_points(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    struct svg_series s = {"Deelnemers", NULL};
    svg_line_chart(&b, "t", "Trend", "Geen maanden", NULL, 0, &s, 1, "");
    assert_well_formed(b.data);
    assert_non_null(strstr(b.data, "Geen gegevens"));
    assert_null(strstr(b.data, "<polyline"));
    buf_free(&b);
}

static void line_chart_with_one_point(void **state)
{
    (void)state;
    const double values[] = {7};
    const char *labels[] = {"sep '26"};
    struct svg_series s = {"Deelnemers", values};
    struct buf b = BUF_INIT;
    svg_line_chart(&b, "t", "Trend", "Eén maand", labels, 1, &s, 1, "");
    assert_well_formed(b.data);
    assert_null(strstr(b.data, "<polyline")); /* no line of one point, but its marker */
    assert_int_equal(count(b.data, "<circle"), 1);
    assert_non_null(strstr(b.data, "cx=\"342.0\"")); /* in the middle: (64 + 620) / 2 */
    assert_non_null(strstr(b.data, ">sep &#39;26</text>"));
    assert_non_null(strstr(b.data, ">7</text>"));
    buf_free(&b);
}

static void line_chart_with_two_series(void **state)
{
    (void)state;
    const double a[] = {0, 40, 80}, c[] = {10, 20, 30};
    const char *labels[] = {"a", "b", "<c>"};
    struct svg_series s[] = {{"Coalitie & co", a}, {"School", c}};
    struct buf b = BUF_INIT;
    svg_line_chart(&b, "t", "Trend", "Twee lijnen", labels, 3, s, 2, "uur");
    assert_well_formed(b.data);
    assert_int_equal(count(b.data, "<polyline"), 2);
    assert_non_null(strstr(b.data, "stroke-dasharray=\"7 4\"")); /* told apart without colour */
    assert_non_null(strstr(b.data, "Coalitie &amp; co"));         /* the legend, escaped */
    assert_non_null(strstr(b.data, "&lt;c&gt;"));
    assert_non_null(strstr(b.data, ">100 uur</text>")); /* the axis: 80 rounds up to 100 */
    /* the first point of the first line at the bottom (y 220), the last at 80% of 186 */
    assert_non_null(strstr(b.data, "points=\"64.0,220.0 342.0,145.6 620.0,71.2\""));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_have_a_decimal_comma),
        cmocka_unit_test(bar_chart_escapes_every_text),
        cmocka_unit_test(bar_chart_scales_to_max),
        cmocka_unit_test(bar_chart_without_bars),
        cmocka_unit_test(long_labels_are_cut_at_a_character),
        cmocka_unit_test(line_chart_without_points),
        cmocka_unit_test(line_chart_with_one_point),
        cmocka_unit_test(line_chart_with_two_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
